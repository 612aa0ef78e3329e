"""Line readers without prompt_toolkit: a pipe or file on stdin, and readline's `input`
for a terminal when prompt_toolkit is not installed."""
from __future__ import annotations

from typing import TextIO

from .session import Reader


def stream_reader(stream: TextIO) -> Reader:
    """Lines of `stream` without their newline; EOFError at its end. No prompt is shown."""

    def read(_prompt: str) -> str:
        line = stream.readline()
        if not line:
            raise EOFError
        return line[:-1] if line.endswith("\n") else line

    return read


def readline_reader(out: TextIO) -> Reader:
    """`input` with readline's line editing where the module exists, and Tab expansion of
    Unicode input sequences (`\\nabla` then Tab gives `∇`)."""
    try:
        import readline
    except ImportError:
        readline = None
    if readline is not None:
        from ..reference import unicode_input

        def complete(text: str, state: int) -> str | None:
            start = text.rfind("\\")
            if start < 0:
                return None
            matches = [text[:start] + str(unicode_input.lookup(s))
                       for s in unicode_input.complete(text[start:])]
            return matches[state] if state < len(matches) else None

        readline.set_completer_delims(" \t\n()[]{};")
        readline.set_completer(complete)
        readline.parse_and_bind("tab: complete")

    def read(prompt: str) -> str:
        try:
            return input(prompt)
        except KeyboardInterrupt:  # Ctrl-C at the prompt drops the line
            out.write("\n")
            raise

    return read
