"""The fast scanner: text -> tokens as parallel lists (kinds, values, starts, ends), what the
parser reads. One regex scans the whole text; Python visits only the tokens that need more,
and the reference lexer (reference_lexer.py) reads what the regex does not know. The tests
hold the two readers to each other (tests/syntax/test_lexer_scan.py,
tests/test_properties.py)."""
from __future__ import annotations

import re
from bisect import bisect_left as _bisect_left
from functools import lru_cache
from itertools import accumulate, compress, repeat
from typing import TYPE_CHECKING, Any, List, Optional

from ..errors import KlongSyntaxError
from .atoms import Char, Symbol
from .continuation import comment_block_end
from .data import DictLit, ListLit, flat_pairs
from .digits import any_size_ints
from .lines import LineIndex
from .tokens import (
    ADVERB, ADVERB_CHARS, ASSIGN, CHAR, COLON_ADVERBS, COLON_VERBS, COND, DICT, DIGITS, ELSE,
    EOF, ERROR, EVLIST, LBRACE, LIST, LPAREN, NAME, NAME_START, NEWLINE, NUM, RBRACE,
    RBRACK, RPAREN, SEMI, STR, SYM, UNASSIGNED, UNASSIGNED_OP, VERB, VERB_CHARS, Token,
)

if TYPE_CHECKING:  # the reference Lexer is imported where the scan needs it (start-up)
    from .reference_lexer import Lexer

# The tokenizer's scan: one regex whose matches cover the text, blanks and comments
# included, so the token offsets are the running sum of the match lengths. List and
# dictionary literals nested up to three deep match whole. Anything the scan does not know
# (errors; a digit run followed by a letter or dot, as in `0x1F` or `10c`) is one character
# that the reference Lexer reads.
_ITEM = (r'(?:[^\[\]":0]++|0(?!c)|(?<=[0-9A-Za-z.\-])0|0c[\s\S]|"(?:[^"]|"")*+"'
         r'|:"(?:[^"]|"")*+"|:(?:\[|(?![\"{])))')
_ITEM_IN_DICT = _ITEM.replace(r"[^\[\]", r"[^\[\]}", 1)
_LIST1 = r"\[" + _ITEM + r"*+\]"
_LIST2 = r"\[(?:" + _ITEM + "|" + _LIST1 + r")*+\]"
_LIST3 = r"\[(?:" + _ITEM + "|" + _LIST2 + r")*+\]"
_SCAN_HEAD = (
    r"[!#$%&*+,\-<=>?@^_|~(){};\]\n'/]"                          # verb, punctuation, newline
    r"|[A-Za-z.][A-Za-z0-9.]*+(?:::)?+"                           # name, name::
    r"|::"                                                       # assignment (after a blank...)
    r"|[0-9]++(?:\.[0-9]*+)?(?:e[+-]?[0-9]++)?(?![.0-9eExXoObBcC])"      # number (not 0cX)
    r"|[ \t\r\f]++"                                              # blanks
    r"|\\[~*]?"                                                   # adverbs \ \~ \*
    r"|:[A-Za-z.][A-Za-z0-9.]*+"                                  # symbol
    r'|:"(?:[^"]|"")*+"'                                         # comment
    r"|:[@=\-:#$%+^_>'\\/~*\[|(!&,<?;]"                           # other two-character tokens
    r'|"(?:[^"]|"")*+"'                                          # string
    r"|0c[\s\S]"                                                 # character
    # the verbs past Latin-1, as alternatives of their own: in a [...] class they would make
    # re build a 64K-entry map: a sixth of the time `klong -e` spends compiling the scan
    r"|∇|∂|˙"
)
_SCAN_LITERALS = (
    r"|\[[ \t\r\n]*+;"                                            # [; (a list of expressions)
    r"|" + _LIST3 +                                              # list literal
    r"|:\{(?:" + _ITEM_IN_DICT + "|" + _LIST2 + r")*+\}"          # dictionary literal
)
_SCAN_TAIL = r"|[\s\S]"                                         # anything else


# The patterns that read list literals are compiled on first use (re's own cache may drop
# them): most texts have none, and `klong -e 1+1` should not pay for them.
_compiled = lru_cache(maxsize=None)(re.compile)


@lru_cache(maxsize=None)
def _scan(literals: bool) -> "re.Pattern[str]":
    """The scan; without the alternatives that start with `[` or `:{` (which cannot match a
    text without them) it is a quarter as long, and compiling it at start-up (`klong -e`,
    the first statement of a REPL) costs a quarter as much."""
    return re.compile(_SCAN_HEAD + (_SCAN_LITERALS if literals else "") + _SCAN_TAIL)


_SLOW = None  # the kind of a token the reference Lexer must read
BLANK = "blank"
# Kinds by whole token text (fixed tokens: the scan's map), then by first character (open
# classes: the second pass, which also reads their values).
_KIND_OF_TEXT = {
    **{c: VERB for c in VERB_CHARS}, **{c: VERB for c in COLON_VERBS},
    **{c: ADVERB for c in ADVERB_CHARS}, **{c: ADVERB for c in COLON_ADVERBS},
    "\\~": ADVERB, "\\*": ADVERB, **{c: UNASSIGNED_OP for c in UNASSIGNED},
    "(": LPAREN, ":(": LPAREN, ")": RPAREN, "{": LBRACE, "}": RBRACE, "]": RBRACK,
    ";": SEMI, ":[": COND, ":|": ELSE, "\n": NEWLINE,
    # one-letter names (x y z and most locals) need no second look, nor their assignments
    **{c: NAME for c in NAME_START if c != "."},
    **{c + "::": ASSIGN for c in NAME_START if c != "."},
}
_KIND_OF_FIRST = {**{c: NAME for c in NAME_START}, **{c: NUM for c in DIGITS},
                  '"': STR, ":": SYM, "[": LIST, " ": BLANK, "\t": BLANK, "\r": BLANK,
                  "\f": BLANK}
# Tokens the second pass looks at: kind None (open classes, whose kind and value it reads
# from the text, and what the scan could not read); keyed [has .comment]: RPAREN may end a
# .comment call.
_SECOND_PASS = {False: frozenset({_SLOW}), True: frozenset({_SLOW, RPAREN})}
_READ = "read"  # a token the scan saw inside one the reference Lexer read
# The tokens whose nesting decides which newlines are blanks (see _mark_blank_newlines).
_NESTING_CHAR = {LBRACE: "(", COND: "(", EVLIST: "(", RBRACE: ")", RBRACK: ")", NEWLINE: "\n"}
_NESTING = frozenset(_NESTING_CHAR)
_NOT_AFTER_NUMBER = frozenset(".0123456789eExXoObBcC")
# Somewhere a number is followed by one of those (a character 0cX is such a case); where
# nothing matches, the second pass need not look after each number.
_ODD_NUMBER = re.compile(r"[0-9]++(?:\.[0-9]*+)?+(?:e[+-]?[0-9]++)?+[.0-9eExXoObBcC]")

# One item inside a list literal, after any blanks, newlines and comments; anything else
# (characters, radix numbers, dictionaries, operator symbols, errors) is read by Lexer.datum.
_DATA = (
    r"(?:[ \t\r\f\n]++|:\"(?:[^\"]|\"\")*+\")*+(?:"
    r"(-?[0-9]++)(?![.0-9exXoObBcC])"                                  # 1 integer
    r"|([A-Za-z.][A-Za-z0-9.]*+)"                                       # 2 symbol
    r"|(\])"                                                            # 3 end of list
    r"|(\[)"                                                            # 4 nested list
    r"|:([A-Za-z.][A-Za-z0-9.]*+)"                                      # 5 quoted symbol
    r"|\"((?:[^\"]|\"\")*+)\""                                        # 6 string
    r"|(-?[0-9]++(?:\.[0-9]*+(?:e[+-]?[0-9]++)?|e[+-]?[0-9]++))(?![.0-9e])"  # 7 real
    r")"
)


# A list literal written with only these characters holds only numbers (decimal), names,
# :symbols and strings, so it is read by splitting it into words: the common case, and the
# quick one. A word that is not one whole item (a string with a blank or a doubled quote,
# `a-b`, `1.2.3`) sends the literal to the general reader.
_PLAIN_LIST = r'[A-Za-z0-9.:"\-\[\] \t\r\n]*+'
_REAL = r"[0-9]++(?:\.[0-9]*+(?:e[+-]?[0-9]++)?|e[+-]?[0-9]++)"
_WORD_STARTS_NAME = frozenset(NAME_START)


# A flat list of decimal numbers, each followed by blanks or the `]`: read by split and map.
_NUMBER_LIST = (
    r"\[[ \t\r\n]*+(?:-?[0-9]++(?:\.[0-9]*+)?+(?:e[+-]?[0-9]++)?+(?:[ \t\r\n]++|(?=\])))*+\]")


def _read_plain_list(text: str) -> Optional[ListLit]:
    """The list literal `text` (from `[` to its `]`) when it is plain, else None."""
    if _compiled(_NUMBER_LIST).fullmatch(text) is not None:
        words = text[1:-1].split()
        if "." in text or "e" in text:
            return ListLit([float(w) if "." in w or "e" in w else int(w) for w in words])
        return ListLit(list(map(int, words)))
    if _compiled(_PLAIN_LIST).fullmatch(text) is None:
        return None
    outer: List[List[Any]] = []
    items: List[Any] = []
    for w in text.replace("[", " [ ").replace("]", " ] ").split():
        if w.isdigit():  # the most common word (only ASCII digits get this far)
            items.append(int(w))
            continue
        c = w[0]
        if c == "[":
            outer.append(items)
            items = []
        elif c == "]":
            lit = ListLit(items)
            items = outer.pop()
            items.append(lit)
        elif c in _WORD_STARTS_NAME:
            if "-" in w or ":" in w or '"' in w:
                return None
            items.append(Symbol(w))
        elif c == ":":
            if "-" in w or ":" in w[1:] or '"' in w or w[1:2] not in _WORD_STARTS_NAME:
                return None
            items.append(Symbol(w[1:]))
        elif c == '"':
            if len(w) < 2 or w[-1] != '"' or '"' in w[1:-1]:
                return None
            items.append(w[1:-1])
        else:
            digits = w[1:] if c == "-" else w
            if digits.isdigit():
                items.append(int(w))
            elif _compiled(_REAL).fullmatch(digits) is not None:
                items.append(float(w))
            else:
                return None
    return items[0]


def _read_dict(text: str) -> Optional[DictLit]:
    """The dictionary literal `text` (from `:{` to its `}`) when its entries read without
    error, else None (then the reference Lexer reads it and reports the error)."""
    entries = "[" + text[2:-1] + "]"
    lit = _read_plain_list(entries)
    if lit is None:
        from .reference_lexer import Lexer  # on first use: start-up (`klong -e`)
        try:
            lit = _read_list(Lexer(entries), 0)
        except KlongSyntaxError:
            return None
    pairs = []
    for item in lit.items:
        if type(item) is not ListLit or len(item.items) != 2:
            flat = flat_pairs(item) if len(lit.items) == 1 else None
            return None if flat is None else DictLit(flat, flat=True)
        pairs.append((item.items[0], item.items[1]))
    return DictLit(pairs)


def _read_list(lx: Lexer, open_at: int) -> ListLit:
    """The list literal whose `[` is at open_at (the fast path of Lexer.datum_list);
    lx.pos is left after its `]`."""
    src = lx.src
    match = _compiled(_DATA).match
    opens: List[int] = []
    outer: List[List[Any]] = []
    items: List[Any] = []
    add = items.append
    pos = open_at + 1
    while True:
        m = match(src, pos)
        g = m.lastindex if m is not None else None
        if g == 1:
            add(int(m.group(1)))
        elif g == 2:
            add(Symbol(m.group(2)))
        elif g == 3:
            lit = ListLit(items)
            if not outer:
                lx.pos = m.end()
                return lit
            items = outer.pop()
            open_at = opens.pop()
            add = items.append
            add(lit)
        elif g == 4:
            outer.append(items)
            opens.append(open_at)
            open_at = m.start(4)
            items = []
            add = items.append
        elif g == 5:
            add(Symbol(m.group(5)))
        elif g == 6:
            add(m.group(6).replace('""', '"'))
        elif g == 7:
            add(float(m.group(7)))
        else:
            lx.pos = pos
            lx.skip_blanks(True)
            if lx.pos >= lx.n:
                raise lx.error("missing ]: unbalanced list", open_at)
            add(lx.datum())
            pos = lx.pos
            continue
        pos = m.end()


def tokenize(src: str) -> List[Token]:
    """All tokens of `src` as Token objects (see tokenize_arrays)."""
    kinds, values, starts, ends = tokenize_arrays(src)
    lines = LineIndex(src)
    return [Token(k, v, lines.span(a, b)) for k, v, a, b in zip(kinds, values, starts, ends)]


def tokenize_arrays(src: str, start: int = 0, blank_newlines: bool = True,
                    assign_tokens: bool = False):
    """The tokens of `src` from offset `start` as parallel lists (kinds, values, starts,
    ends), ending with EOF: the parser's fast input (spans are made from the offsets only for
    the tokens that become nodes; see LineIndex).

    With blank_newlines false, a newline inside `{}`, `:[]` or `[;]` (where it is a blank,
    as for the parser) gives no NEWLINE token. With assign_tokens, a name written right
    before `::` is one ASSIGN token with the text `name::` as its value (the parser's most
    common statement, read as one token); else it is a NAME and a VERB `::`, as everywhere
    else.

    A lexical error becomes an ERROR token (value: the KlongSyntaxError) and lexing goes on
    at the next line, so the tolerant parser can report several errors. `.comment("END")`
    at the start of a statement skips the following lines through the first one that
    starts with END, as nmh does when it reads a file."""
    try:
        kinds, values, starts, ends = _tokens(src, start, not blank_newlines)
    except ValueError:                  # an integer literal of more than 4300 digits
        with any_size_ints():
            kinds, values, starts, ends = _tokens(src, start, not blank_newlines)
    if not assign_tokens and ASSIGN in kinds:
        kinds, values, starts, ends = _split_assignments(kinds, values, starts, ends)
    kinds.append(EOF)
    values.append(None)
    starts.append(len(src))
    ends.append(len(src) + 1)
    return kinds, values, starts, ends


def assign_parts(value: str, start: int, end: int) -> tuple:
    """The (kind, value, start, end) of the NAME and of the VERB `::` that an ASSIGN token
    (value `name::`, from start to end) stands for."""
    return (NAME, value[:-2], start, end - 2), (VERB, "::", end - 2, end)


def _split_assignments(kinds, values, starts, ends):
    """The token arrays with each ASSIGN token as a NAME and a VERB `::`."""
    out: tuple = ([], [], [], [])
    adds = [x.append for x in out]
    for token in zip(kinds, values, starts, ends):
        for part in (assign_parts(*token[1:]) if token[0] is ASSIGN else (token,)):
            for add, field in zip(adds, part):
                add(field)
    return out


def _tokens(src: str, start: int, drop_blank_newlines: bool):
    """tokenize_arrays without the EOF token; with drop_blank_newlines, the newlines inside
    `{}`, `:[]` and `[;]` (counted from `start`, where none is open) are left out.

    The first pass is the regex scan and C-level maps: token texts, end offsets and kinds.
    The second pass, in Python, visits only the tokens that need more: numbers, strings and
    symbols get their values, list and dictionary literals are read, the reference Lexer
    reads what the scan does not know (and the scan starts again after it where its tokens
    do not end there)."""
    scan = _scan("[" in src or ":{" in src)
    values = scan.findall(src, start)  # the texts, until the second pass sets values
    # the matches cover the text: token i spans offsets[i] to offsets[i + 1]
    offsets = list(accumulate(map(len, values), initial=start))
    starts = offsets[:-1]
    ends = offsets[1:]
    kinds = list(map(_KIND_OF_TEXT.get, values))  # None: an open class, see below
    n = len(values)
    keep = [True] * n
    lx: Optional[Lexer] = None
    second_pass = _SECOND_PASS[".comment" in src]
    odd_numbers = None  # whether a number is followed by a char, 0x1F, 10c ... (on demand)
    # kinds is read lazily: _realign gives the tokens it drops a kind this loop skips
    for i in compress(range(n), map(second_pass.__contains__, kinds)):
        kind = kinds[i]
        text = values[i]
        if kind is None:  # names, numbers, strings, symbols, literals, blanks by first char
            kind = kinds[i] = _KIND_OF_FIRST.get(text[0])
            if kind is NAME:
                if text[-1] == ":":
                    kinds[i] = ASSIGN
                continue
            if kind is BLANK:
                keep[i] = False
                continue
        if kind is NUM:
            if odd_numbers is None:
                odd_numbers = _ODD_NUMBER.search(src, start) is not None
            if odd_numbers:
                if text[1:2] == "c":
                    kinds[i] = CHAR
                    values[i] = Char(text[2])
                    continue
                end = ends[i]
                if end < len(src) and src[end] in _NOT_AFTER_NUMBER:
                    kind = _SLOW
            if kind is NUM:
                values[i] = int(text) if text.isdigit() else float(text)
                continue
        elif kind is SYM:
            second = text[1:2]
            if second == '"':
                keep[i] = False
                continue
            if second != "{" and second:
                values[i] = Symbol(text[1:])
                continue
        elif kind is STR:
            if len(text) > 1:
                values[i] = text[1:-1].replace('""', '"')
                continue
            kind = _SLOW
        elif kind is LIST:
            if text[-1] == ";":
                kinds[i] = EVLIST
                values[i] = None
                continue
        elif kind is RPAREN:
            if i >= 3 and _is_comment_call(src, kinds, values, starts, ends, i):
                jump, err = _comment_block_end(src, starts[i - 3], ends[i], values[i - 1])
                if err is None:
                    _realign(src, i, jump, kinds, values, starts, ends, keep)
                    continue
                keep[i + 1:] = [False] * (n - i - 1)
                kinds[i + 1:] = [_READ] * (n - i - 1)
                for whole, v in zip((kinds, values, starts, ends, keep),
                                    (ERROR, err, starts[i - 3], ends[i], True)):
                    whole.append(v)
                break
            continue
        if kind is LIST and len(text) > 1:
            lit = _read_plain_list(text)
            if lit is not None:
                values[i] = lit
                continue
        elif kind is SYM and len(text) > 2:  # a dictionary literal :{...}
            lit = _read_dict(text)
            if lit is not None:
                kinds[i] = DICT
                values[i] = lit
                continue
        if lx is None:
            from .reference_lexer import Lexer  # on first use: start-up (`klong -e`)
            lx = Lexer(src)
        lx.pos = starts[i]
        try:
            if kind is LIST:
                values[i] = _read_list(lx, starts[i])
            elif kind is SYM and text[1:2] == "{":
                kinds[i] = DICT
                lx.pos += 1
                values[i] = lx.datum_dict()
            else:
                tok = lx.next(newlines=False)
                kinds[i] = tok.kind
                values[i] = tok.value
            jump = lx.pos
        except KlongSyntaxError as e:
            jump = _set_error(e, src, i, kinds, values, starts, ends)
        else:
            if jump == ends[i]:
                continue
            ends[i] = jump
        _realign(src, i, jump, kinds, values, starts, ends, keep)
    if drop_blank_newlines:
        _mark_blank_newlines(kinds, keep)
    if False in keep:
        return tuple(list(compress(x, keep)) for x in (kinds, values, starts, ends))
    return kinds, values, starts, ends


def _mark_blank_newlines(kinds: List[str], keep: List[bool]) -> None:
    """keep[i] = False for the newlines inside `{}`, `:[]` and `[;]`, where they are blanks
    (calls and parentheses inherit from the bracket around them, so they need no count).
    The tokens dropped so far are blanks, comments and _READ, none of which nests."""
    if NEWLINE not in kinds:
        return
    # first, cheaply, whether any newline is inside a bracket at all: the brackets and
    # newlines as one string, with each pair `()` that holds no newline taken out until
    # none is left; an opening one left over holds a newline (or never closes)
    nesting = "".join(map(_NESTING_CHAR.get, kinds, repeat("")))
    while "()" in nesting:
        nesting = nesting.replace("()", "")
    if "(" not in nesting:
        return
    depth = 0
    for i in compress(range(len(kinds)), map(_NESTING.__contains__, kinds)):
        kind = kinds[i]
        if kind is NEWLINE:
            if depth:
                keep[i] = False
        elif kind is RBRACE or kind is RBRACK:
            if depth:
                depth -= 1
        else:
            depth += 1


def _realign(src: str, i: int, jump: int, kinds, values, starts, ends, keep) -> None:
    """Token i was read up to offset `jump`: drop the scan's tokens before it and go on with
    the scan's tokens from there when one starts there, else scan afresh from there (the
    new tokens are appended, already read). A dropped token's kind becomes _READ, which the
    second pass skips."""
    n = len(keep)
    k = _bisect_left(ends, jump, i + 1, n)
    if k == n or ends[k] == jump:
        gone = min(k + 1, n) - i - 1
        keep[i + 1:k + 1] = [False] * gone
        kinds[i + 1:k + 1] = [_READ] * gone
        return
    keep[i + 1:] = [False] * (n - i - 1)
    kinds[i + 1:] = [_READ] * (n - i - 1)
    more = _tokens(src, jump, False)
    for whole, part in zip((kinds, values, starts, ends), more):
        whole.extend(part)
    keep.extend([True] * len(more[0]))


def _set_error(e: KlongSyntaxError, src: str, i: int, kinds, values, starts, ends) -> int:
    """Make token i the ERROR token for e; the offset where lexing goes on (its line's end)."""
    kinds[i] = ERROR
    values[i] = e
    pos = starts[i]
    off = e.span.offset if e.span else pos
    starts[i] = off
    ends[i] = off + (e.span.length if e.span else 1)
    nl = src.find("\n", max(pos, off))
    return len(src) if nl < 0 else nl


def _is_comment_call(src: str, kinds: List[str], values: List[Any], starts: List[int],
                     ends: List[int], i: int) -> bool:
    """Whether tokens i-3..i are `.comment("...")` at the start of a statement."""
    if not (kinds[i - 3] == NAME and values[i - 3] == ".comment" and kinds[i - 2] == LPAREN
            and values[i - 2] == "(" and kinds[i - 1] == STR):
        return False
    return (i == 3 or kinds[i - 4] in (NEWLINE, SEMI)
            or "\n" in src[ends[i - 4]:starts[i - 3]])


def _comment_block_end(src: str, call_at: int, pos: int, marker: str):
    """(offset, error) after a .comment(marker) call that ends at pos: the end of the first
    later line that starts with marker, or an error when there is none."""
    nl = src.find("\n", pos)
    end = comment_block_end(src, len(src) if nl < 0 else nl + 1, marker)
    if end is not None:
        return end, None
    span = LineIndex(src).span(call_at, pos)
    return len(src), KlongSyntaxError(f"undelimited comment (line {span.line})", span, src)
