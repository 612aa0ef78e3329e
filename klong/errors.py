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


class KlongError(Exception):
    """Every failure a user can cause: a kind, a plain message and a span."""

    def __init__(self, kind: str, message: str, span: Optional[Span] = None,
                 source: Optional[str] = None, filename: Optional[str] = None):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.span = span
        self.source = source
        self.filename = filename

    def __str__(self) -> str:
        return f"{self.kind} error: {self.message}"

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
    def __init__(self, message: str, span: Optional[Span] = None, source: Optional[str] = None):
        super().__init__("syntax", message, span, source)


def kerr(kind: str, message: str) -> KlongError:
    return KlongError(kind, message)


def verb_error(kind: str, verb: str, *operands) -> KlongError:
    """kg's wording: `plus: type error: [1 "a"]` (operands in written form)."""
    from .printer import written
    if len(operands) == 1:
        shown = written(operands[0]) if kind != "type" else "[" + written(operands[0]) + "]"
    else:
        shown = "[" + " ".join(written(o) for o in operands) + "]"
    return KlongError(kind, f"{verb}: {kind} error: {shown}")
