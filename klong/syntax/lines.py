"""Offsets in a source text -> lines and columns (Span)."""
from __future__ import annotations

from bisect import bisect_right as _bisect
from operator import sub
from typing import List

from ..errors import Span

_ONE_BYTE = [bytes((i,)) for i in range(256)]


class LineIndex:
    """Offsets -> Span (line and column) for one source text, by bisection; `table()` is the
    same lookup as a list, for callers that make many spans (the parser)."""

    __slots__ = ("starts", "n")
    TABLE_MAX = 1_000_000

    def __init__(self, src: str):
        starts = [0]
        find = src.find
        i = find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self.starts = starts
        self.n = len(src)

    def __getitem__(self, offset: int) -> int:
        """The (1-based) line of an offset."""
        return _bisect(self.starts, offset)

    def span(self, start: int, end: int) -> Span:
        line = _bisect(self.starts, start)
        return _new_tuple(Span, (line, start - self.starts[line - 1] + 1, start,
                                 end - start if end > start else 1))

    def table(self):
        """offset -> line for every offset up to one past the end, as one byte per offset
        (an array of 32-bit lines past 255 lines): bisecting for each node's span costs more
        than the rest of its parse. A text of over TABLE_MAX characters gets this index
        itself (which bisects), to bound the memory."""
        if self.n > self.TABLE_MAX:
            return self
        if len(self.starts) == 1:
            return _ONE_BYTE[1] * (self.n + 2)
        bounds = self.starts + [self.n + 2]
        lengths = list(map(sub, bounds[1:], bounds))
        if len(lengths) < 256:
            return b"".join(map(bytes.__mul__, _ONE_BYTE[1:len(lengths) + 1], lengths))
        from array import array  # on first use: `klong -e` starts without it
        out = array("I")
        for line, n in enumerate(lengths, 1):
            out += array("I", (line,)) * n
        return out

    def col_bases(self) -> List[int]:
        """[line] -> what to subtract from an offset on that line to get its column."""
        return [0] + [s - 1 for s in self.starts]


_new_tuple = tuple.__new__


def parser_tables(src: str) -> tuple:
    """(starts, table(), col_bases()) of LineIndex(src), what the parser reads; a text of one
    line (the language server's chunks, most statements) without building the index."""
    n = len(src)
    nl = src.find("\n")
    if n <= LineIndex.TABLE_MAX and (nl < 0 or nl == n - 1):
        if nl < 0:
            return [0], _ONE_BYTE[1] * (n + 2), [0, -1]
        return [0, n], _ONE_BYTE[1] * n + _ONE_BYTE[2] * 2, [0, -1, n - 1]
    lines = LineIndex(src)
    return lines.starts, lines.table(), lines.col_bases()
