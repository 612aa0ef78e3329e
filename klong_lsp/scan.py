"""A tolerant token list for one chunk of source, from klong's own lexer.

The parser needs no comments and reads list literals as one token; editor features need
both: semantic tokens colour the comment and every item inside `[...]`, hover finds the adverb
under the cursor, and evaluation balances parentheses. On a lexing error the scanner skips to
the next line and goes on.
"""
from __future__ import annotations

from typing import List, NamedTuple

from klong.errors import KlongError
from klong.syntax import tokens as L
from klong.syntax.atoms import Char, Symbol
from klong.syntax.reference_lexer import Lexer

COMMENT, NUMBER, CHAR, STRING, SYMBOL, NAME = "comment", "number", "char", "string", "symbol", \
    "name"
VERB, ADVERB, PUNCT = "verb", "adverb", "punct"

_BLANKS = frozenset(" \t\r\f\n")


class Tok(NamedTuple):
    offset: int         # relative to the scanned text
    length: int
    kind: str           # one of the constants above
    text: str


def _skip_blanks(src: str, pos: int, out: List[Tok], lx: Lexer) -> int:
    """Skip whitespace and comments (appending COMMENT tokens); the next position."""
    n = len(src)
    while pos < n:
        c = src[pos]
        if c in _BLANKS:
            pos += 1
        elif c == ":" and src.startswith('"', pos + 1):
            lx.pos = pos
            lx.skip_comment()
            out.append(Tok(pos, lx.pos - pos, COMMENT, src[pos:lx.pos]))
            pos = lx.pos
        else:
            break
    return pos


def _datum_kind(value: object) -> str:
    """Kind of a list-literal item (the lexer's data: numbers, symbols, chars, strings; not
    the printer, which would import numpy into the server's start-up)."""
    if not isinstance(value, str):
        return NUMBER
    t = type(value)
    return SYMBOL if t is Symbol else CHAR if t is Char else STRING


def _data(src: str, pos: int, out: List[Tok], lx: Lexer, closer: str) -> int:
    """Items of a list (closer "]") or dictionary (closer "}") literal from `pos`."""
    n = len(src)
    while True:
        pos = _skip_blanks(src, pos, out, lx)
        if pos >= n:
            return pos
        c = src[pos]
        if c == closer:
            out.append(Tok(pos, 1, PUNCT, c))
            return pos + 1
        if c == "[":
            out.append(Tok(pos, 1, PUNCT, "["))
            pos = _data(src, pos + 1, out, lx, "]")
            continue
        if c == ":" and src.startswith("{", pos + 1):
            out.append(Tok(pos, 2, PUNCT, ":{"))
            pos = _data(src, pos + 2, out, lx, "}")
            continue
        lx.pos = pos
        value = lx.datum()
        out.append(Tok(pos, lx.pos - pos, _datum_kind(value), src[pos:lx.pos]))
        pos = lx.pos


def _comment_call(out: List[Tok]) -> bool:
    """The last tokens are `.comment("...")`."""
    return (len(out) >= 4 and out[-4].kind == NAME and out[-4].text == ".comment"
            and out[-3].text == "(" and out[-2].kind == STRING)


def _comment_block(src: str, pos: int, out: List[Tok]) -> int:
    """After `.comment("END")`: the skipped lines through the marker line as one COMMENT."""
    marker = out[-2].text[1:-1].replace('""', '"')
    nl = src.find("\n", pos)
    if nl < 0 or not marker:
        return pos
    start = p = nl + 1
    n = len(src)
    while p < n:
        e = src.find("\n", p)
        end = n if e < 0 else e
        if src.startswith(marker, p):
            out.append(Tok(start, end - start, COMMENT, src[start:end]))
            return end
        p = end + 1
    return pos


_KINDS = {L.NUM: NUMBER, L.CHAR: CHAR, L.STR: STRING, L.SYM: SYMBOL, L.NAME: NAME,
          L.VERB: VERB, L.ADVERB: ADVERB, L.UNASSIGNED_OP: VERB}


def tokens(src: str, start: int = 0, end: int = -1) -> List[Tok]:
    """Every token of `src[start:end]` (offsets relative to `src`), comments included."""
    stop = len(src) if end < 0 else min(end, len(src))
    out: List[Tok] = []
    lx = Lexer(src)
    pos = start
    while True:
        try:
            pos = _skip_blanks(src, pos, out, lx)
            if pos >= stop:
                break
            lx.pos = pos
            tok = lx.next(True)
            if tok.kind == L.EOF:
                break
            at, pos = tok.span.offset, lx.pos
            text = src[at:pos]
            if tok.kind in (L.LIST, L.DICT):
                # re-read the literal item by item
                width = 1 if tok.kind == L.LIST else 2
                out.append(Tok(at, width, PUNCT, text[:width]))
                pos = _data(src, at + width, out, lx, "]" if tok.kind == L.LIST else "}")
                continue
            kind = _KINDS.get(tok.kind, PUNCT)
            out.append(Tok(at, pos - at, kind, text))
            if text == ")" and _comment_call(out):
                pos = _comment_block(src, pos, out)
        except (KlongError, IndexError):
            nl = src.find("\n", max(pos, lx.pos) if lx.pos > pos else pos)
            if nl < 0 or nl + 1 >= stop:
                break
            pos = nl + 1
    return out
