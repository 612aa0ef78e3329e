"""Split a Klong source text into top-level chunks, fast, without tokenizing it.

A chunk is a run of whole lines that holds complete top-level statements: it ends at a
newline outside every `{`, `[`, `:{`, `:[`, `[;`, string and comment (language document
§3.4), or after the marker line of a `.comment("END")` block. The parser gives the same
result for a chunk as for the same lines inside the whole file, so the language server
parses each chunk on its own and re-parses only the chunks an edit touched.

A bracket or string left open until the end of the file would make the rest of the file one
statement. Then the chunk is cut before the next line that starts in column 1 with something
other than a closing bracket (where a new statement most likely starts), and the unclosed
opener is reported, so that one missing `}` does not hide the analysis of the whole file.
Where a statement ends is klong.syntax.continuation's (the REPL's too).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate, repeat
from typing import List, Optional, Tuple

from klong.syntax.continuation import Unclosed, comment_block_end, statement_end

_COMMENT_CALL = re.compile(r'\.comment\(\s*"((?:[^"]|"")*)"\s*\)')
# a line where a new statement can start after an unclosed bracket
_STATEMENT_START = re.compile(r"\n(?=[^\s}\]);:])")

def _comment_block_end(text: str, chunk_start: int, end: int) -> int:
    """If the chunk holds a `.comment("END")` statement, the end of its marker line."""
    m = _COMMENT_CALL.search(text, chunk_start, end)
    if m is None:
        return end
    found = comment_block_end(text, end + 1, m.group(1).replace('""', '"'))
    return len(text) if found is None else found


# A line that statement_end would scan to its newline with every bracket closed on it, read
# by one match (most lines of a file): strings, comments, plain characters and `{...}`,
# `:[...]`, `[;...]` code, `[...]` lists and `:{...}` dictionaries nested two deep. Plain
# leaves out everything that opens or closes something (a quote, a bracket, a character
# literal `0c`) and a colon before one of them (`:{`, and digraphs such as `:}` that hide
# what follows); `::` is one digraph, as statement_end pairs colons from the left. Anything
# else is left to statement_end (tests/lsp/test_chunks.py holds the two to each other).
_EV = r"(?=[ \t\r\n]*;)"                 # `[;`: a list of expressions (code)
_NOT_EV = r"(?![ \t\r\n]*;)"


def _groups(code: str, data: str) -> str:
    """The bracket groups whose bodies are made of `code` or `data` items."""
    return (r"\{" + code + r"*+\}|:\[" + code + r"*+\]|\[" + _EV + code + r"*+\]"
            r"|\[" + _NOT_EV + data + r"*+\]|:\{" + data + r"*+\}")


def _line(string_char: str) -> str:
    """The pattern of a simple line whose strings and comments are made of `string_char`
    (and doubled quotes)."""
    atom = (r"(?::?\"(?:" + string_char + r'|"")*+"|[^"{}\[\]\n:0]|::|:(?!["{}\[\]\n:])'
            r"|0(?![cC])|(?<=[0-9A-Za-z.])0)")
    data1 = r"(?:" + atom + r"|\[" + atom + r"*+\])"
    code1 = "(?:" + atom + "|" + _groups(atom, atom) + ")"
    return "(?:" + atom + "|" + _groups(code1, data1) + r")*+\n"


_SIMPLE_LINE = re.compile(_line('[^"]'))
# up to 256 such lines, none with a newline inside a string (each line is one chunk)
_SIMPLE_LINES = re.compile("(?:" + _line('[^"\n]') + "){1,256}+")


def _next_chunk(text: str, pos: int) -> Tuple[int, Optional[Unclosed]]:
    """The end of the chunk starting at `pos` and its unclosed opener (relative), if any."""
    m = _SIMPLE_LINE.match(text, pos)
    if m is None:
        return _scanned_chunk(text, pos)
    end = m.end() - 1
    if text.find("comment", pos, end) >= 0:
        end = _comment_block_end(text, pos, end)
    return end, None


def _scanned_chunk(text: str, pos: int) -> Tuple[int, Optional[Unclosed]]:
    """_next_chunk by statement_end, for any text."""
    end, open_ = statement_end(text, pos)
    if open_ is not None:
        m = _STATEMENT_START.search(text, open_.offset + open_.length)
        if m is not None:
            end = m.start()
        return end, Unclosed(open_.offset - pos, open_.length, open_.what)
    if text.find("comment", pos, end) >= 0:
        end = _comment_block_end(text, pos, end)
    return end, None


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    if a[:n] == b[:n]:
        return n
    lo, hi = 0, n                       # a[:lo] == b[:lo], a[:hi] != b[:hi]
    while hi - lo > 32:
        mid = (lo + hi) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid
    while lo < hi and a[lo] == b[lo]:
        lo += 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    la, lb = len(a), len(b)
    n = min(limit, la, lb)
    if a[la - n:] == b[lb - n:]:
        return n
    lo, hi = 0, n
    while hi - lo > 32:
        mid = (lo + hi) // 2
        if a[la - mid:la - lo] == b[lb - mid:lb - lo]:
            lo = mid
        else:
            hi = mid
    while lo < hi and a[la - lo - 1] == b[lb - lo - 1]:
        lo += 1
    return lo


class ChunkTable:
    """The chunks of one text as parallel lists: start and end offsets (end = the newline
    that ends the chunk, or the end of the text), 0-based first line, unclosed opener."""

    __slots__ = ("text", "starts", "ends", "lines", "opens")

    def __init__(self, text: str, starts: List[int], ends: List[int], lines: List[int],
                 opens: List[Optional[Unclosed]]):
        self.text = text
        self.starts = starts
        self.ends = ends
        self.lines = lines
        self.opens = opens

    def __len__(self) -> int:
        return len(self.starts)

    def chunk_text(self, i: int) -> str:
        """The chunk's text with the newline that ends it (the parser needs it: `a;` at the
        end of a line is fine, at the end of the text it is not)."""
        return self.text[self.starts[i]:self.ends[i] + 1]

    @classmethod
    def build(cls, text: str) -> "ChunkTable":
        table = cls(text, [], [], [], [])
        table._scan_from(0, 0, len(text), None)
        return table

    def _scan_from(self, pos: int, line: int, stop: int, adopt) -> int:
        """Append chunks from `pos` (a chunk start on `line`) on. Stops at the end of the
        text, or once `adopt(pos)` says the old chunks from `pos` on can be reused (only
        when pos >= stop). Returns the position where it stopped."""
        text = self.text
        n = len(text)
        count = text.count
        while pos < n:
            if adopt is None:
                run = self._simple_lines(pos, line)
                if run:
                    pos = run
                    line = self.lines[-1] + 1
                    continue
            elif pos >= stop and adopt(pos):
                return pos
            end, open_ = _next_chunk(text, pos)
            self.starts.append(pos)
            self.ends.append(end)
            self.lines.append(line)
            self.opens.append(open_)
            line += count("\n", pos, end) + 1
            pos = end + 1
        if pos == n and n > 0 and text[n - 1] == "\n":
            # a final empty line after the last newline
            self.starts.append(n)
            self.ends.append(n)
            self.lines.append(line)
            self.opens.append(None)
        return n + 1

    def _simple_lines(self, pos: int, line: int) -> int:
        """Append the simple lines from `pos` (each a chunk, as _next_chunk would find them,
        without a `.comment` call) in one match; where they end, or 0 for none."""
        text = self.text
        m = _SIMPLE_LINES.match(text, pos)
        if m is None:
            return 0
        end = m.end()
        call = _COMMENT_CALL.search(text, pos, end)
        if call is not None:                 # up to the line of the call
            end = text.rfind("\n", pos, call.start()) + 1
            if end <= pos:
                return 0
        lengths = map(len, text[pos:end - 1].split("\n"))
        starts = list(accumulate(map((1).__add__, lengths), initial=pos))
        self.starts += starts[:-1]
        self.ends += map((-1).__add__, starts[1:])
        self.lines += range(line, line + len(starts) - 1)
        self.opens += repeat(None, len(starts) - 1)
        return end

    def update(self, new_text: str) -> Tuple["ChunkTable", int, int, int]:
        """The table for `new_text`, rescanning only around the change. Returns it with
        (lo, old_hi, new_hi): chunks [lo, old_hi) of self became [lo, new_hi) of the result;
        the others are the same text (those after the change shifted)."""
        old = self.text
        if new_text == old:
            return self, len(self), len(self), len(self)
        p = _common_prefix(old, new_text)
        s = _common_suffix(old, new_text, min(len(old), len(new_text)) - p)
        old_change_end = len(old) - s
        delta = len(new_text) - len(old)
        # first affected chunk: the first whose end (its newline) is at or after p; any
        # earlier chunk cut after an unclosed opener depends on the text to the end
        starts, ends = self.starts, self.ends
        lo = bisect_left(ends, p)
        for i, o in enumerate(self.opens):
            if i >= lo:
                break
            if o is not None:
                lo = i
                break
        lo = min(lo, len(starts))
        table = ChunkTable(new_text, starts[:lo], ends[:lo], self.lines[:lo], self.opens[:lo])
        pos = starts[lo] if lo < len(starts) else (ends[-1] + 1 if ends else 0)
        line = self.lines[lo] if lo < len(starts) else (
            self.lines[-1] + old.count("\n", starts[-1], ends[-1]) + 1 if ends else 0)
        if lo >= len(starts) and pos > len(new_text):
            pos = len(new_text)
        # old chunks starting in the unchanged suffix can be adopted (shifted by delta)
        old_starts_index = {st + delta: i for i, st in enumerate(starts[lo:], lo)
                            if st >= old_change_end and st > 0 and old[st - 1] == "\n"}
        found: List[int] = []

        def adopt(at: int) -> bool:
            i = old_starts_index.get(at)
            if i is None:
                return False
            found.append(i)
            return True

        stop = p + (len(new_text) - p - s)     # end of the changed region in the new text
        table._scan_from(pos, line, stop, adopt if old_starts_index else None)
        new_hi = len(table.starts)
        if found:
            i = found[0]
            dline = table.lines[-1] + new_text.count("\n", table.starts[-1],
                                                     table.ends[-1]) + 1 - self.lines[i] \
                if table.starts else -self.lines[i]
            table.starts.extend(st + delta for st in starts[i:])
            table.ends.extend(e + delta for e in ends[i:])
            table.lines.extend(ln + dline for ln in self.lines[i:])
            table.opens.extend(self.opens[i:])
            return table, lo, i, new_hi
        return table, lo, len(starts), new_hi


def split(text: str) -> ChunkTable:
    """The chunk table of a whole text."""
    return ChunkTable.build(text)
