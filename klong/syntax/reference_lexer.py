"""The reference lexer: text -> tokens one at a time, character by character. Every token
carries a Span. List and dictionary literals are data: it reads each one whole into a datum
(see data.py) as a single token. `.r`/`.rs` read data with it; the scanner (scanner.py), the
parser's fast reader, is held to it by the tests and falls back on it for what its regex
does not know."""
from __future__ import annotations

from typing import Any, List, Optional

from ..errors import KlongSyntaxError, Span
from .atoms import Char, Symbol
from .data import DictLit, ListLit, datum_text, flat_pairs
from .digits import int_of
from .tokens import (
    ADVERB, ADVERB_CHARS, CHAR, COLON_ADVERBS, COLON_VERBS, COND, DICT, DIGITS, ELSE, EOF,
    EVLIST, LIST, LPAREN, NAME, NAME_CHARS, NAME_START, NEWLINE, NUM, RADIX, STR, SYM,
    UNASSIGNED, UNASSIGNED_OP, VERB, VERB_CHARS, WHITESPACE, Token,
)


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

    def error(self, msg: str, start: Optional[int] = None, length: int = 1,
              detail: Optional[str] = None) -> KlongSyntaxError:
        start = self.pos if start is None else start
        line = self.src.count("\n", 0, start) + 1
        ls = self.src.rfind("\n", 0, start) + 1
        return KlongSyntaxError(msg, Span(line, start - ls + 1, start, length), self.src,
                                detail)

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
            return Token(NEWLINE, "\n", Span(line, start - ls + 1, start, 1))
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
        raise self.error("syntax error: :", start, 1,
                         'a lone : means nothing (a symbol is written :name, a comment :"...")')

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
            return int_of(src[i:j], base)
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
        return float(text) if is_real else int_of(text)

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
        first = None  # the first entry, (start, end, item), while it may be the flat form
        while True:
            self.skip_blanks(True)
            if self.pos >= self.n:
                raise self.error("missing }: unbalanced dictionary", open_at)
            c = self.src[self.pos]
            if c == "}":
                self.pos += 1
                if first is not None:
                    return DictLit(pairs, flat=True)
                return DictLit(pairs)
            if first is not None:  # not the only entry after all
                raise self._malformed_entry(*first)
            start = self.pos
            item = self.datum()
            if isinstance(item, ListLit) and len(item.items) == 2:
                pairs.append((item.items[0], item.items[1]))
                continue
            flat = None if pairs else flat_pairs(item)
            if flat is None:
                raise self._malformed_entry(start, self.pos, item)
            pairs = flat
            first = (start, self.pos, item)

    def _malformed_entry(self, start: int, end: int, item: Any) -> KlongSyntaxError:
        shown = datum_text(item)
        return self.error(f"malformed dictionary entry: {shown}", start, max(1, end - start))

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
        return int_of(src[start:i])
