"""KlongError, its kinds, source spans and caret formatting."""
from __future__ import annotations

from typing import NamedTuple, Optional

KINDS = (
    "syntax", "type", "shape", "range", "length", "domain", "arity",
    "undefined", "division", "io", "module", "limit", "interrupt", "python",
)


class Span(NamedTuple):
    """Where a token, node or error sits in its source: 1-based line and column."""

    line: int
    col: int
    offset: int
    length: int

    def end(self) -> int:
        return self.offset + self.length


_new_span = tuple.__new__  # Span(...) without NamedTuple's argument handling (the parser's)


def span_join(first: Span, last: Span) -> Span:
    """The span from the start of `first` to the end of `last`."""
    start = first.offset
    return _new_span(Span, (first.line, first.col, start, last.offset + last.length - start))


def span_until(first: Span, end: int) -> Span:
    """The span from the start of `first` to the offset `end`."""
    return _new_span(Span, (first.line, first.col, first.offset, end - first.offset))


def error_text(kind: str, message: str) -> str:
    """What a user reads of an error: its kind said once. A message that names its kind as
    kg words it (`plus: type error: [1 "a"]`, `undefined: x`, `wrong arity: :monad`)
    stands alone; any other follows `kind error: `."""
    head = message.split(": ", 2)[:2]
    if f"{kind} error" in head or _SELF_NAMED.get(kind) in head:
        return message
    return f"{kind} error: {message}"


# kg's messages of these kinds say the kind in their own words
_SELF_NAMED = {"undefined": "undefined", "arity": "wrong arity", "division": "division by zero",
               "interrupt": "interrupted"}


class KlongError(Exception):
    """Every failure a user can cause: a kind, a plain message and a span.

    `message` is kg's wording (the language document's contract, kept for programs and
    tests that compare it); `detail`, where kg's wording is terse (`syntax error: :eof`)
    or unwieldy (a shape error shows both whole operands), says the same in plain words
    and is what users read instead (`text`, `str()`)."""

    def __init__(self, kind: str, message: str, span: Optional[Span] = None,
                 source: Optional[str] = None, filename: Optional[str] = None,
                 detail: Optional[str] = None):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.span = span
        self.source = source
        self.filename = filename
        self.detail = detail

    @property
    def text(self) -> str:
        """The one line users read: kind said once, detail in place of the message."""
        return error_text(self.kind, self.detail or self.message)

    def __str__(self) -> str:
        return self.text

    def at(self, span: Optional[Span], source: Optional[str] = None) -> "KlongError":
        """Attach a span (and source) if none is known yet; returns self."""
        if self.span is None and span is not None:
            self.span = span
            if source is not None:
                self.source = source
        elif self.source is None and source is not None and self.span is not None:
            self.source = source
        return self

    @property
    def line(self) -> Optional[int]:
        return self.span.line if self.span else None

    @property
    def column(self) -> Optional[int]:
        return self.span.col if self.span else None

    def format(self, filename: Optional[str] = None) -> str:
        """`FILE:LINE:COL: kind error: message`, the source line and a caret."""
        name = filename or self.filename or "<input>"
        if self.span is None:
            return f"{name}: {self}"
        head = f"{name}:{self.span.line}:{self.span.col}: {self}"
        if self.source is None:
            return head
        lines = self.source.split("\n")
        if not 1 <= self.span.line <= len(lines):
            return head
        text = lines[self.span.line - 1].rstrip("\r")
        width = max(1, min(self.span.length, len(text) - self.span.col + 1))
        caret = " " * (self.span.col - 1) + "^" * width
        return f"{head}\n{text}\n{caret}"


class KlongSyntaxError(KlongError):
    def __init__(self, message: str, span: Optional[Span] = None, source: Optional[str] = None,
                 detail: Optional[str] = None):
        super().__init__("syntax", message, span, source, detail=detail)
