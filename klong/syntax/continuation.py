"""Where a statement ends, and whether one is still open at the end of a text: the one
scanner of brackets, strings and comments that the REPL (is Enter the end of the input?)
and the language server (klong_lsp.chunks: where may a file be cut into chunks?) share.

It finds no tokens, only what nests: a newline ends a statement outside every `{`, `[`,
`:{`, `:[`, `[;`, string and comment (language document §3.4). List and dictionary
literals are data, as the lexer reads them: inside them `{`, `(`, `:[` ... are symbols."""
from __future__ import annotations

import re
from functools import lru_cache
from operator import itemgetter
from typing import List, Optional, Tuple

# code mode: inside `{`, `:[`, `[;` and at the top level; a colon and the character after it
# are one token (`::`, `:=`, `:a` ...), so `a::"s"` and `a::[1]` open no comment or `:[`
_CODE = r'(?<![0-9A-Za-z.])0[cC]|:"|"|:\{|:\[|:[^0-9\s]|\[|\{|\}|\]|\n'
# the same, with `(`, `:(` and `)` (for the REPL, which lets an open `(` continue a line)
_CODE_PARENS = r'(?<![0-9A-Za-z.])0[cC]|:"|"|:\{|:\[|:\(|:[^0-9\s]|\[|\{|\}|\]|\(|\)|\n'
# data mode: inside `[` list literals and `:{` dictionaries; `:[` and `:(` are symbols there
_DATA = r'(?<![0-9A-Za-z.])0[cC]|:"|"|:\{|:[^\sA-Za-z.0-9\]]|\[|\}|\]|\n'
_EVLIST = r"[ \t\r\n]*;"
# compiled on first use: the interpreter reads only comment_block_end of this module, and
# `klong -e 1+1` should not pay for the REPL's and the language server's patterns
_compiled = lru_cache(maxsize=None)(re.compile)

CODE, LIST, DICT = 0, 1, 2


class Unclosed(tuple):
    """An opener (bracket, string or comment) never closed before the end of the text:
    `offset` (in the text scanned), `length`, `what` ("{", "[", ":{", ":[", "[;", '"', ':"',
    and "(", ":(" with parens). A tuple with named fields, made without NamedTuple's cost at
    start-up."""

    __slots__ = ()

    def __new__(cls, offset: int, length: int, what: str) -> "Unclosed":
        return tuple.__new__(cls, (offset, length, what))

    offset = property(itemgetter(0))
    length = property(itemgetter(1))
    what = property(itemgetter(2))

    def __repr__(self) -> str:
        return "Unclosed(offset=%r, length=%r, what=%r)" % self


def _close_string(text: str, i: int) -> int:
    """Offset just past the `"` closing a string whose body starts at i, or -1."""
    find = text.find
    while True:
        j = find('"', i)
        if j < 0:
            return -1
        if text.startswith('"', j + 1):
            i = j + 2
            continue
        return j + 1


def statement_end(text: str, pos: int = 0,
                  parens: bool = False) -> Tuple[int, Optional[Unclosed]]:
    """From `pos`, where no bracket is open, the offset of the newline (or the end of the
    text) that ends the statement there, and the opener still open at the end of the text
    when the statement never ends. With `parens`, an open `(` continues a line too."""
    n = len(text)
    stack: List[Tuple[int, int, str]] = []   # (mode, offset, opener)
    code_search = _compiled(_CODE_PARENS if parens else _CODE).search
    data_search = _compiled(_DATA).search
    evlist = _compiled(_EVLIST)
    while True:
        mode = stack[-1][0] if stack else CODE
        m = code_search(text, pos) if mode == CODE else data_search(text, pos)
        if m is None:
            if not stack:
                return n, None
            _, at, what = stack[-1]
            return n, Unclosed(at, len(what), what)
        tok = m.group()
        at = m.start()
        pos = m.end()
        if tok == "\n":
            if not stack:
                return at, None
        elif tok == '"' or tok == ':"':
            end = _close_string(text, pos)
            if end < 0:
                return n, Unclosed(at, len(tok), tok)
            pos = end
        elif tok[0] == "0":
            pos += 1                                 # 0c plus any one character
        elif tok == "[":
            if mode == CODE and evlist.match(text, pos):
                stack.append((CODE, at, "[;"))
            else:
                stack.append((LIST, at, "["))
        elif tok == "{":
            stack.append((CODE, at, "{"))
        elif tok == "(" or tok == ":(":
            if parens and mode == CODE:
                stack.append((CODE, at, tok))
        elif tok == ":{":
            stack.append((DICT, at, ":{"))
        elif tok == ":[":
            if mode == CODE:
                stack.append((CODE, at, ":["))
        elif tok == "]":
            if stack and stack[-1][0] != DICT:
                stack.pop()
        elif tok == "}":
            if stack and stack[-1][0] != LIST:
                stack.pop()
        elif tok == ")":
            if stack and stack[-1][2][-1] == "(":  # no `)` in data mode: nothing pushed
                stack.pop()
        # other data-mode digraphs (`:(` ...) are symbols: nothing to do


def needs_continuation(text: str, parens: bool = False) -> bool:
    """True when `text` ends inside an open `[`, `{`, `:{`, `:[`, `[;`, string or comment
    (the REPL's prompt); with `parens`, inside an open `(` too."""
    pos, n = 0, len(text)
    while True:
        end, unclosed = statement_end(text, pos, parens)
        if unclosed is not None:
            return True
        if end >= n:
            return False
        pos = end + 1


def paren_balance(text: str, start: int, end: int) -> Tuple[int, int]:
    """(lowest depth, final depth) of the code parentheses in text[start:end], an extent
    that starts in code mode: parentheses in strings, comments, chars and list literals
    do not count."""
    depth = low = 0
    stack: List[int] = []
    pos = start
    code_search = _compiled(_CODE_PARENS).search
    data_search = _compiled(_DATA).search
    evlist = _compiled(_EVLIST)
    while pos < end:
        mode = stack[-1] if stack else CODE
        m = (code_search if mode == CODE else data_search)(text, pos, end)
        if m is None:
            break
        tok = m.group()
        pos = m.end()
        if mode == CODE and (tok == "(" or tok == ":("):
            depth += 1
        elif tok == ")":
            depth -= 1
            low = min(low, depth)
        elif tok == '"' or tok == ':"':
            close = _close_string(text, pos)
            pos = end if close < 0 else close
        elif tok[0] == "0":
            pos += 1
        elif tok == "[":
            stack.append(CODE if mode == CODE and evlist.match(text, pos) else LIST)
        elif tok == "{" or (tok == ":[" and mode == CODE):
            stack.append(CODE)
        elif tok == ":{":
            stack.append(DICT)
        elif tok == "]":
            if stack and stack[-1] != DICT:
                stack.pop()
        elif tok == "}":
            if stack and stack[-1] != LIST:
                stack.pop()
    return low, depth


def balanced_span(text: str, start: int, end: int) -> Tuple[int, int, int, int]:
    """(start, end, parentheses to add before, after) that make the extent text[start:end]
    evaluable code: the AST leaves out parentheses, so take in the ones around the extent's
    edges, or add the missing ones (the language server's and the kernel's gradient
    expressions and hover statements)."""
    low, depth = paren_balance(text, start, end)
    opens, closes = -low, depth - low
    while opens:
        j = start - 1
        while j >= 0 and text[j] in " \t\r\n":
            j -= 1
        if j < 0 or text[j] != "(":
            break
        start = j
        opens -= 1
    while closes:
        j = end
        while j < len(text) and text[j] in " \t\r\n":
            j += 1
        if j >= len(text) or text[j] != ")":
            break
        end = j + 1
        closes -= 1
    return start, end, opens, closes


def balanced_source(text: str, start: int, end: int) -> str:
    """The extent text[start:end] with its parentheses balanced (see balanced_span)."""
    start, end, opens, closes = balanced_span(text, start, end)
    return "(" * opens + text[start:end] + ")" * closes


def comment_block_end(text: str, line_start: int, marker: str) -> Optional[int]:
    """Where a `.comment(marker)` block ends: the end of the first line from offset
    `line_start` (the start of the line after the call) on that starts with marker; None
    when no line does (nmh reads the block up to that line and skips it)."""
    p = line_start
    n = len(text)
    while p < n and marker:
        nl = text.find("\n", p)
        end = n if nl < 0 else nl
        if text.startswith(marker, p):
            return end
        p = end + 1
    return None
