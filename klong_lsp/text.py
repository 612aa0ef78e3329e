"""Offsets in a source text <-> LSP positions (line, character in the negotiated encoding).

Analysis works with code-point offsets into the document text (Python string indices). The
protocol counts characters in UTF-16 code units unless the client agreed to UTF-32 or UTF-8.
Lines end at "\\n" (Klong's own rule); a "\\r" before it stays part of the line.
"""
from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate
from typing import List, Tuple

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def _units(text: str, encoding: str) -> int:
    """Length of `text` in code units of `encoding`."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF16:
        return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)
    return len(text.encode("utf-8"))


def _index_of_units(line: str, units: int, encoding: str) -> int:
    """The code-point index in `line` that is `units` code units from its start (clamped)."""
    if encoding == UTF32 or line.isascii():
        return min(units, len(line))
    count = 0
    for i, ch in enumerate(line):
        if count >= units:
            return i
        cp = ord(ch)
        if encoding == UTF16:
            count += 2 if cp > 0xFFFF else 1
        else:
            count += 1 if cp < 0x80 else 2 if cp < 0x800 else 3 if cp < 0x10000 else 4
    return len(line)


class LineIndex:
    """Line starts of one text, for offset <-> (line, character) conversion."""

    __slots__ = ("text", "starts", "encoding")

    def __init__(self, text: str, encoding: str = UTF16):
        self.text = text
        self.encoding = encoding
        self.starts: List[int] = [0]
        self.starts.extend(accumulate(len(line) + 1 for line in text.split("\n")[:-1]))

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def line_text(self, line: int) -> str:
        if not 0 <= line < len(self.starts):
            return ""
        start = self.starts[line]
        end = self.starts[line + 1] - 1 if line + 1 < len(self.starts) else len(self.text)
        return self.text[start:end]

    def line_of(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1

    def position(self, offset: int) -> Tuple[int, int]:
        """(line, character) of a code-point offset, both 0-based, in protocol units."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        col = offset - start
        if self.encoding != UTF32:
            segment = self.text[start:offset]
            if not segment.isascii():
                col = _units(segment, self.encoding)
        return line, col

    def offset(self, line: int, character: int) -> int:
        """Code-point offset of a protocol position, clamped into the text."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        text = self.line_text(line)
        return self.starts[line] + _index_of_units(text, max(0, character), self.encoding)
