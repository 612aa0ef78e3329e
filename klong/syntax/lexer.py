"""Text -> tokens. Every token carries a Span. List and dictionary literals are data:
the lexer reads each one whole into a Datum (see data.py) as a single token."""
from __future__ import annotations

import re
from bisect import bisect_right as _bisect
from typing import Any, List, Optional

from ..errors import KlongSyntaxError, Span
from ..values import Char, Symbol
from .data import DictLit, ListLit

VERB_CHARS = frozenset("!#$%&*+,-<=>?@^_|~∇∂˙")
ADVERB_CHARS = frozenset("'/\\")
COLON_VERBS = frozenset(":@ := :- :: :# :$ :% :+ :^ :_ :>".split())
COLON_ADVERBS = frozenset(":' :\\ :/ :~ :*".split())
UNASSIGNED = frozenset(":! :& :, :< :? :;".split())
NAME_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.")
NAME_CHARS = NAME_START | frozenset("0123456789")
DIGITS = frozenset("0123456789")
WHITESPACE = frozenset(" \t\r\f")
RADIX = {"x": (16, "0123456789abcdefABCDEF"), "o": (8, "01234567"), "b": (2, "01")}

# token kinds
NUM, CHAR, STR, SYM, NAME = "num", "char", "str", "sym", "name"
VERB, ADVERB, LIST, DICT = "verb", "adverb", "list", "dict"
LPAREN, RPAREN, LBRACE, RBRACE, RBRACK = "(", ")", "{", "}", "]"
EVLIST, SEMI, COND, ELSE, NEWLINE, EOF = "[;", ";", ":[", ":|", "newline", "eof"
UNASSIGNED_OP = "unassigned"


class Token:
    __slots__ = ("kind", "value", "span")

    def __init__(self, kind: str, value: Any, span: Span):
        self.kind = kind
        self.value = value
        self.span = span

    def __repr__(self) -> str:
        return f"Token({self.kind}, {self.value!r}, {self.span.line}:{self.span.col})"


class Lexer:
    """On-demand tokenizer over one source text."""

    def __init__(self, src: str):
        self.src = src
        self.pos = 0
        self.line = 1
        self.line_start = 0
        self.n = len(src)

    # ---- positions ----------------------------------------------------------
    def span(self, start: int, line: int, line_start: int) -> Span:
        return Span(line, start - line_start + 1, start, max(1, self.pos - start))

    def error(self, msg: str, start: Optional[int] = None, length: int = 1) -> KlongSyntaxError:
        start = self.pos if start is None else start
        line = self.src.count("\n", 0, start) + 1
        ls = self.src.rfind("\n", 0, start) + 1
        return KlongSyntaxError(msg, Span(line, start - ls + 1, start, length), self.src)

    def _newline_at(self, i: int) -> None:
        self.line += 1
        self.line_start = i + 1

    # ---- whitespace and comments --------------------------------------------
    def skip_blanks(self, newlines: bool) -> None:
        """Skip blanks and comments; also newlines when `newlines` is true."""
        src, n = self.src, self.n
        while self.pos < n:
            c = src[self.pos]
            if c in WHITESPACE:
                self.pos += 1
            elif c == "\n":
                if not newlines:
                    return
                self._newline_at(self.pos)
                self.pos += 1
            elif c == ":" and self.pos + 1 < n and src[self.pos + 1] == '"':
                self.skip_comment()
            else:
                return

    def skip_comment(self) -> None:
        start = self.pos
        i = self.pos + 2
        src, n = self.src, self.n
        while True:
            j = src.find('"', i)
            if j < 0:
                raise self.error("missing end of comment", start, 2)
            if j + 1 < n and src[j + 1] == '"':
                i = j + 2
                continue
            break
        for k in range(self.pos, j):
            if src[k] == "\n":
                self._newline_at(k)
        self.pos = j + 1

    # ---- code-mode tokens -----------------------------------------------------
    def next(self, newlines: bool = False) -> Token:
        """Next token in code mode; NEWLINE tokens only when `newlines` is false."""
        self.skip_blanks(newlines)
        src, n = self.src, self.n
        start, line, ls = self.pos, self.line, self.line_start
        if start >= n:
            return Token(EOF, None, Span(line, start - ls + 1, start, 1))
        c = src[start]
        if c == "\n":
            self._newline_at(start)
            self.pos += 1
            return Token(NEWLINE, None, Span(line, start - ls + 1, start, 1))
        if c in DIGITS:
            if c == "0" and start + 1 < n and src[start + 1] in "cC":
                if start + 2 >= n:
                    raise self.error("missing character after 0c", start, 2)
                ch = src[start + 2]
                if ch == "\n":
                    self._newline_at(start + 2)
                self.pos = start + 3
                return Token(CHAR, Char(ch), self.span(start, line, ls))
            value = self.number()
            return Token(NUM, value, self.span(start, line, ls))
        if c in NAME_START:
            self.pos = self.name_end(start)
            return Token(NAME, src[start:self.pos], self.span(start, line, ls))
        if c == '"':
            value = self.string()
            return Token(STR, value, self.span(start, line, ls))
        if c == ":":
            return self.colon(start, line, ls)
        if c in VERB_CHARS:
            self.pos += 1
            return Token(VERB, c, self.span(start, line, ls))
        if c == "\\":
            if start + 1 < n and src[start + 1] in "~*":
                self.pos += 2
                return Token(ADVERB, src[start:start + 2], self.span(start, line, ls))
            self.pos += 1
            return Token(ADVERB, c, self.span(start, line, ls))
        if c in ADVERB_CHARS:
            self.pos += 1
            return Token(ADVERB, c, self.span(start, line, ls))
        if c == "[":
            j = self.pos + 1
            while j < n and src[j] in " \t\r\n":
                j += 1
            if j < n and src[j] == ";":
                for k in range(self.pos, j):
                    if src[k] == "\n":
                        self._newline_at(k)
                self.pos = j + 1
                return Token(EVLIST, None, self.span(start, line, ls))
            value = self.datum_list()
            return Token(LIST, value, self.span(start, line, ls))
        if c in "(){};]":
            self.pos += 1
            return Token(c, c, self.span(start, line, ls))
        self.pos += 1
        raise self.error(f"unexpected character: {c}", start)

    def colon(self, start: int, line: int, ls: int) -> Token:
        src, n = self.src, self.n
        nxt = src[start + 1] if start + 1 < n else ""
        if nxt in NAME_START and nxt:
            self.pos = self.name_end(start + 1)
            return Token(SYM, Symbol(src[start + 1:self.pos]), self.span(start, line, ls))
        if nxt == "{":
            self.pos = start + 1
            value = self.datum_dict()
            return Token(DICT, value, self.span(start, line, ls))
        if nxt == "[":
            self.pos = start + 2
            return Token(COND, ":[", self.span(start, line, ls))
        if nxt == "|":
            self.pos = start + 2
            return Token(ELSE, ":|", self.span(start, line, ls))
        if nxt == "(":
            self.pos = start + 2
            return Token(LPAREN, ":(", self.span(start, line, ls))
        if nxt and nxt in DIGITS:
            self.pos = start + 1
            tok = self.next(False)
            tok.span = self.span(start, line, ls)
            return tok
        two = src[start:start + 2]
        if two in COLON_VERBS:
            self.pos = start + 2
            return Token(VERB, two, self.span(start, line, ls))
        if two in COLON_ADVERBS:
            self.pos = start + 2
            return Token(ADVERB, two, self.span(start, line, ls))
        if two in UNASSIGNED:
            self.pos = start + 2
            return Token(UNASSIGNED_OP, two, self.span(start, line, ls))
        raise self.error("syntax error: :", start, 1)

    # ---- lexeme readers ----------------------------------------------------------
    def name_end(self, i: int) -> int:
        src, n = self.src, self.n
        i += 1
        while i < n and src[i] in NAME_CHARS:
            i += 1
        return i

    def number(self) -> Any:
        """Read an integer or real at self.pos (no sign)."""
        src, n = self.src, self.n
        start = self.pos
        if src[start] == "0" and start + 1 < n and src[start + 1] in "xXoObB":
            base, digits = RADIX[src[start + 1].lower()]
            i = start + 2
            j = i
            while j < n and src[j] in NAME_CHARS and src[j] != ".":
                if src[j] not in digits:
                    raise self.error(f"invalid digit in #{src[start + 1].lower()} number: "
                                     f"0c{src[j]}", j)
                j += 1
            if j == i:
                raise self.error(f'invalid number: "{src[start:j]}"', start, j - start)
            self.pos = j
            return int(src[i:j], base)
        i = start
        while i < n and src[i] in DIGITS:
            i += 1
        is_real = False
        if i < n and src[i] == ".":
            is_real = True
            i += 1
            while i < n and src[i] in DIGITS:
                i += 1
        if i < n and src[i] == "e":
            j = i + 1
            if j < n and src[j] in "+-":
                j += 1
            if j < n and src[j] in DIGITS:
                while j < n and src[j] in DIGITS:
                    j += 1
                i = j
                is_real = True
            else:
                raise self.error(f'invalid number: "{src[start:j]}"', start, j - start)
        if is_real and i < n and src[i] == ".":
            j = i
            while j < n and (src[j] in DIGITS or src[j] in ".e"):
                j += 1
            raise self.error(f'invalid number: "{src[start:j]}"', start, j - start)
        self.pos = i
        text = src[start:i]
        return float(text) if is_real else int(text)

    def string(self) -> str:
        src = self.src
        start = self.pos
        i = start + 1
        parts = []
        while True:
            j = src.find('"', i)
            if j < 0:
                raise self.error("missing end of string", start, 1)
            parts.append(src[i:j])
            if j + 1 < self.n and src[j + 1] == '"':
                parts.append('"')
                i = j + 2
                continue
            break
        for k in range(start, j):
            if src[k] == "\n":
                self._newline_at(k)
        self.pos = j + 1
        return "".join(parts)

    # ---- data mode: list and dictionary literals ---------------------------------
    def datum_list(self) -> ListLit:
        """Read `[ ... ]` starting at self.pos (on the `[`)."""
        open_at = self.pos
        self.pos += 1
        items: List[Any] = []
        while True:
            self.skip_blanks(True)
            if self.pos >= self.n:
                raise self.error("missing ]: unbalanced list", open_at)
            if self.src[self.pos] == "]":
                self.pos += 1
                return ListLit(items)
            items.append(self.datum())

    def datum_dict(self) -> DictLit:
        """Read `:{ [k v] ... }` starting at self.pos (on the `{`)."""
        open_at = self.pos - 1
        self.pos += 1
        pairs: List[Any] = []
        while True:
            self.skip_blanks(True)
            if self.pos >= self.n:
                raise self.error("missing }: unbalanced dictionary", open_at)
            c = self.src[self.pos]
            if c == "}":
                self.pos += 1
                return DictLit(pairs)
            start = self.pos
            item = self.datum()
            if not isinstance(item, ListLit) or len(item.items) != 2:
                from ..printer import written
                shown = written(_plain(item))
                raise self.error(f"malformed dictionary entry: {shown}", start,
                                 max(1, self.pos - start))
            pairs.append((item.items[0], item.items[1]))

    def datum(self) -> Any:
        """One data item (inside a list literal, or for .r/.rs)."""
        src, n = self.src, self.n
        start = self.pos
        c = src[start]
        if c == "[":
            return self.datum_list()
        if c == ":" and start + 1 < n and src[start + 1] == "{":
            self.pos += 1
            return self.datum_dict()
        if c == "-" and start + 1 < n and src[start + 1] in DIGITS:
            self.pos += 1
            v = self.decimal()
            return -v
        if c in DIGITS:
            if c == "0" and start + 1 < n and src[start + 1] in "cC":
                if start + 2 >= n:
                    raise self.error("missing character after 0c", start, 2)
                if src[start + 2] == "\n":
                    self._newline_at(start + 2)
                self.pos = start + 3
                return Char(src[start + 2])
            return self.number()
        if c == '"':
            return self.string()
        if c in NAME_START:
            self.pos = self.name_end(start)
            return Symbol(src[start:self.pos])
        if c == ":":
            nxt = src[start + 1] if start + 1 < n else ""
            if nxt and nxt in NAME_START:
                self.pos = self.name_end(start + 1)
                return Symbol(src[start + 1:self.pos])
            if nxt and nxt in DIGITS:
                self.pos = start + 1
                return self.datum()
            if nxt and nxt not in " \t\r\n]":
                self.pos = start + 2
                return Symbol(src[start:start + 2])
            self.pos = start + 1
            return Symbol(":")
        self.pos = start + 1
        return Symbol(c)

    def decimal(self) -> Any:
        """A decimal number (no radix) for negative numbers in data."""
        src, n = self.src, self.n
        start = self.pos
        i = start
        while i < n and src[i] in DIGITS:
            i += 1
        if i < n and src[i] in ".e":
            return self.number()
        self.pos = i
        return int(src[start:i])


# Tokens the fast path of tokenize() reads with one regex match: blanks, names, one-char
# verbs, punctuation and newlines. Everything else goes through Lexer.next.
_FAST = re.compile(
    r"[ \t\r\f]*(?:"
    r"([A-Za-z.][A-Za-z0-9.]*)"                  # 1 name
    r"|([!#$%&*+,\-<=>?@^_|~∇∂˙])"               # 2 one-char verb
    r"|([(){};\]])"                              # 3 punctuation
    r"|(\n)"                                     # 4 newline
    r"|([0-9]+)(?![.0-9exXoObBcC])"                  # 5 plain integer
    r"|:([A-Za-z.][A-Za-z0-9.]*)"                # 6 quoted symbol
    r"|(:[@=\-:#$%+^_>])"                        # 7 colon verb
    r"|(:['\\/~*]|['/]|\\[~*]?)"                 # 8 adverb
    r"|\"((?:[^\"]|\"\")*+)\""                    # 9 string
    r"|(:\"(?:[^\"]|\"\")*+\")"                   # 10 comment
    r"|(?=[^ \t\r\f])"                           # 11 (empty) anything else: slow path
    r")"
)
_PUNCT_KIND = {"(": LPAREN, ")": RPAREN, "{": LBRACE, "}": RBRACE, ";": SEMI, "]": RBRACK}
ERROR = "error"


def tokenize(src: str) -> List[Token]:
    """All tokens of `src` as Token objects (see tokenize_arrays)."""
    kinds, values, starts, ends = tokenize_arrays(src)
    lines = LineIndex(src)
    return [Token(k, v, lines.span(a, b)) for k, v, a, b in zip(kinds, values, starts, ends)]


class LineIndex:
    """Offsets -> Span (line and column) for one source text, by bisection."""

    __slots__ = ("starts",)

    def __init__(self, src: str):
        starts = [0]
        find = src.find
        i = find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self.starts = starts

    def span(self, start: int, end: int) -> Span:
        line = _bisect(self.starts, start)
        return _new_tuple(Span, (line, start - self.starts[line - 1] + 1, start,
                                 end - start if end > start else 1))


_new_tuple = tuple.__new__


def tokenize_arrays(src: str):
    """All tokens of `src` as parallel lists (kinds, values, starts, ends), NEWLINE tokens
    included, ending with EOF: the parser's fast input (spans are made from the offsets
    only for the tokens that become nodes; see LineIndex).

    A lexical error becomes an ERROR token (value: the KlongSyntaxError) and lexing goes on
    at the next line, so the tolerant parser can report several errors. `.comment("END")`
    at the start of a statement skips the following lines through the first one that
    starts with END, as nmh does when it reads a file."""
    lx = Lexer(src)
    kinds: List[str] = []
    values: List[Any] = []
    starts: List[int] = []
    ends: List[int] = []
    kadd, vadd, sadd, eadd = kinds.append, values.append, starts.append, ends.append
    fast = _FAST.match
    n = len(src)
    pos = 0
    while True:
        m = fast(src, pos)
        if m is None:  # only blanks are left
            pos = n
            g = None
        else:
            g = m.lastindex
        if g is not None and g != 11:
            text = m.group(g)
            end = m.end()
            if g == 1:
                kadd(NAME)
                vadd(text)
            elif g == 2 or g == 7:
                kadd(VERB)
                vadd(text)
            elif g == 3:
                kadd(_PUNCT_KIND[text])
                vadd(text)
            elif g == 5:
                kadd(NUM)
                vadd(int(text))
            elif g == 4:
                kadd(NEWLINE)
                vadd(None)
            elif g == 6:
                kadd(SYM)
                vadd(Symbol(text))
            elif g == 8:
                kadd(ADVERB)
                vadd(text)
            elif g == 9:
                kadd(STR)
                vadd(text.replace('""', '"'))
            else:
                pos = end
                continue
            sadd(m.start(g) - (1 if g == 6 or g == 9 else 0))
            eadd(end)
            pos = end
            if g == 3 and text == ")" and _is_comment_call(kinds, values):
                pos = _skip_comment_block(lx, kinds, values, starts, ends, end)
            continue
        if m is not None:
            pos = m.end()
        if pos >= n:
            kadd(EOF)
            vadd(None)
            sadd(n)
            eadd(n + 1)
            return kinds, values, starts, ends
        lx.pos = pos
        lx.line, lx.line_start = 1, 0
        try:
            tok = lx.next(newlines=False)
        except KlongSyntaxError as e:
            kadd(ERROR)
            vadd(e)
            off = e.span.offset if e.span else pos
            sadd(off)
            eadd(off + (e.span.length if e.span else 1))
            nl = src.find("\n", max(pos, off))
            pos = n if nl < 0 else nl
            continue
        kadd(tok.kind)
        vadd(tok.value)
        sadd(pos)
        eadd(lx.pos)
        pos = lx.pos


def _is_comment_call(kinds: List[str], values: List[Any]) -> bool:
    if len(kinds) < 4:
        return False
    if not (kinds[-4] == NAME and values[-4] == ".comment" and kinds[-3] == LPAREN
            and values[-3] == "(" and kinds[-2] == STR):
        return False
    return len(kinds) == 4 or kinds[-5] in (NEWLINE, SEMI)


def _skip_comment_block(lx: Lexer, kinds, values, starts, ends, pos: int) -> int:
    """Skip the lines after a .comment(...) call through the marker line."""
    src = lx.src
    marker = values[-2]
    call_at = starts[-4]
    nl = src.find("\n", pos)
    p = len(src) if nl < 0 else nl + 1
    while p < len(src) and marker:
        nl = src.find("\n", p)
        end = len(src) if nl < 0 else nl
        if src.startswith(marker, p):
            return end
        p = end + 1
    span = LineIndex(src).span(call_at, ends[-1])
    err = KlongSyntaxError(f"undelimited comment (line {span.line})", span, src)
    kinds.append(ERROR)
    values.append(err)
    starts.append(call_at)
    ends.append(ends[-1])
    return len(src)


def _plain(item: Any) -> Any:
    """A datum as a printable value for error messages (lists as Python lists)."""
    import numpy as np
    if isinstance(item, ListLit):
        out = np.empty(len(item.items), dtype=object)
        for i, v in enumerate(item.items):
            out[i] = _plain(v)
        return out
    if isinstance(item, DictLit):
        return {}
    return item


def needs_continuation(text: str, parens: bool = False) -> bool:
    """True when `text` ends inside an open `[`, `{`, `:{`, `:[` or string (REPL prompt);
    with `parens`, inside an open `(` too."""
    opening, closing = ("[{(", "]})") if parens else ("[{", "]}")
    depth = 0
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while True:
                k = text.find('"', j)
                if k < 0:
                    return True
                if k + 1 < n and text[k + 1] == '"':
                    j = k + 2
                    continue
                i = k + 1
                break
            continue
        if c == ":" and i + 1 < n:
            d = text[i + 1]
            if d == '"':
                k = i + 2
                while True:
                    k = text.find('"', k)
                    if k < 0:
                        return True
                    if k + 1 < n and text[k + 1] == '"':
                        k += 2
                        continue
                    break
                i = k + 1
                continue
            if d in "[{":
                depth += 1
                i += 2
                continue
            i += 1
            continue
        if c == "0" and i + 1 < n and text[i + 1] in "cC":
            i += 3
            continue
        if c in opening:
            depth += 1
        elif c in closing:
            depth -= 1
        i += 1
    return depth > 0
