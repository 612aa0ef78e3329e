"""I/O channels and the read/write system functions.

.ic .oc .ac .cc .fc .tc .fl .r .rl .rs .mi .d .w .p .df, and KlongPy's .rls.

A channel wraps one open text file (UTF-8, or Latin-1 where a file is not valid UTF-8, as
`syntax.source.open_text` reads it; `\\n` or `\\r\\n` line ends). Each interpreter has its own
I/O state (`k.io`): the standard channels `.cin .cout .cerr` and the
current From and To channels. The standard channels look up sys.stdin / sys.stdout /
sys.stderr at the moment they are used, so redirection (pytest's capsys, the REPL) works.
"""
from __future__ import annotations

import os
import sys
import weakref
from typing import IO, Any, List, Optional

from ..errors import KlongError
from ..printer import displayed, written
from ..runtime.literals import to_value
from ..syntax.source import open_text
from ..values import EOF, UNDEFINED, is_false
from .spec import need_string, system_function, type_error

__all__ = ["Channel", "IOState", "flush_channels", "reset_channels", "read_datum",
           "read_string"]

_STD_STREAMS = {0: "stdin", 1: "stdout", 2: "stderr"}


class Channel:
    """An input or output channel; prints as `:inchan.N` / `:outchan.N` (N = the fd).

    Channels are hashable and compare by identity (object defaults).
    """

    __slots__ = ("is_input", "fd", "_file", "closed", "eof_tried", "_pending", "__weakref__")

    def __init__(self, is_input: bool, fd: int, file: Optional[IO[str]] = None):
        self.is_input = is_input
        self.fd = fd
        self._file = file            # None for a standard channel (looked up at use time)
        self.closed = False
        self.eof_tried = False       # a read past the end was attempted (.mi)
        self._pending = ""           # text read ahead by .r, handed out again first

    @property
    def klong_name(self) -> str:
        return f":{'inchan' if self.is_input else 'outchan'}.{self.fd}"

    def __repr__(self) -> str:
        return self.klong_name

    @property
    def is_std(self) -> bool:
        return self._file is None

    def stream(self) -> Any:
        """The Python file behind the channel (for std channels: as looked up now)."""
        if self._file is not None:
            return self._file
        return getattr(sys, _STD_STREAMS[self.fd])

    # ---- reading ---------------------------------------------------------------
    def readline(self) -> str:
        """One line with its terminator; "" at end of input."""
        if self._pending:
            i = self._pending.find("\n")
            if i >= 0:
                line, self._pending = self._pending[:i + 1], self._pending[i + 1:]
                return line
            line, self._pending = self._pending, ""
            return line + self._readline_raw()
        return self._readline_raw()

    def _readline_raw(self) -> str:
        f = self.stream()
        if f is None:
            return ""
        return f.readline()

    def unread(self, text: str) -> None:
        """Push text back to be read again before anything else."""
        self._pending = text + self._pending

    # ---- writing -----------------------------------------------------------------
    def write(self, text: str) -> None:
        f = self.stream()
        if f is not None:
            f.write(text)

    def flush(self) -> None:
        if self.closed or self.is_input:
            return
        f = self.stream()
        if f is not None:
            f.flush()

    def close(self) -> None:
        """Close a file channel; std channels and closed channels are left alone."""
        if self.closed or self._file is None:
            return
        self.closed = True
        self._pending = ""
        try:
            self._file.close()
        except OSError:
            pass

    def __del__(self) -> None:
        # an unreferenced channel is closed (and flushed) automatically, without warning
        try:
            self.close()
        except Exception:
            pass


class IOState:
    """One interpreter's channels: the std ones and the current From / To channels."""

    __slots__ = ("cin", "cout", "cerr", "from_chan", "to_chan", "opened")

    def __init__(self) -> None:
        self.cin = Channel(True, 0)
        self.cout = Channel(False, 1)
        self.cerr = Channel(False, 2)
        self.from_chan = self.cin
        self.to_chan = self.cout
        # the file channels opened by .oc and .ac, while something still holds them
        self.opened: "weakref.WeakSet[Channel]" = weakref.WeakSet()


def reset_channels(k: Any) -> None:
    """From / To back to .cin / .cout (the REPL calls this after each line); k: the
    SystemContext."""
    st = k.io
    _flush_quietly(st.to_chan)
    st.from_chan = st.cin
    st.to_chan = st.cout


def flush_channels(k: Any) -> None:
    """Flush every output channel still open (.cout, .cerr, the files of .oc and .ac); k:
    the SystemContext. A process that ends without it may lose what a file channel holds
    (at exit Python need not finalize the objects that hold the file)."""
    st = k.io
    for ch in (st.cout, st.cerr, *list(st.opened)):
        _flush_quietly(ch)


def _flush_quietly(ch: Channel) -> None:
    try:
        ch.flush()
    except (OSError, ValueError):
        pass


# ---- argument checks and errors ---------------------------------------------------

def _reading(name: str, ch: Channel) -> Channel:
    if ch.closed:
        raise KlongError("io", f"{name}: reading from closed channel: {ch.klong_name}")
    return ch


def _writing(name: str, ch: Channel) -> Channel:
    if ch.closed:
        raise KlongError("io", f"{name}: writing to closed channel: {ch.klong_name}")
    return ch


def _read_line(name: str, ch: Channel) -> str:
    try:
        return _reading(name, ch).readline()
    except (OSError, ValueError) as e:
        raise KlongError("io", f"{name}: read error: {ch.klong_name}") from e


def _strip_eol(line: str) -> str:
    if line.endswith("\n"):
        line = line[:-1]
        if line.endswith("\r"):
            line = line[:-1]
    return line


# ---- opening and closing -------------------------------------------------------------

def _open(name: str, x: Any, mode: str, what: str) -> Channel:
    path = need_string(name, x)
    try:
        if mode == "r":
            f = open_text(path)
        else:
            f = open(path, mode, encoding="utf-8", newline="")
    except (OSError, ValueError):
        raise KlongError("io", f"{name}: failed to open {what} file: {written(path)}") from None
    return Channel(mode == "r", f.fileno(), f)


@system_function(".ic", 1)
def input_channel(k: Any, x: Any) -> Channel:
    """Open file x for reading."""
    return _open(".ic", x, "r", "input")


@system_function(".oc", 1)
def output_channel(k: Any, x: Any) -> Channel:
    """Open file x for writing (created or truncated)."""
    ch = _open(".oc", x, "w", "output")
    k.io.opened.add(ch)
    return ch


@system_function(".ac", 1)
def append_channel(k: Any, x: Any) -> Channel:
    """Open file x for appending (created if missing)."""
    ch = _open(".ac", x, "a", "output")
    k.io.opened.add(ch)
    return ch


@system_function(".cc", 1)
def close_channel(k: Any, x: Any) -> Any:
    """Close channel x; closing twice or closing a std channel does nothing. []."""
    if not isinstance(x, Channel):
        raise type_error(".cc", x)
    x.close()
    return k.backend.empty()


@system_function(".fc", 1)
def from_channel(k: Any, x: Any) -> Channel:
    """Make input channel x the From channel (false: .cin); the previous one."""
    st = k.io
    if is_false(x):
        new = st.cin
    elif isinstance(x, Channel) and x.is_input:
        new = x
    else:
        raise type_error(".fc", x)
    old, st.from_chan = st.from_chan, new
    return old


@system_function(".tc", 1)
def to_channel(k: Any, x: Any) -> Channel:
    """Make output channel x the To channel (false: .cout); the previous one."""
    st = k.io
    if is_false(x):
        new = st.cout
    elif isinstance(x, Channel) and not x.is_input:
        new = x
    else:
        raise type_error(".tc", x)
    old, st.to_chan = st.to_chan, new
    if old is not new:
        _flush_quietly(old)
    return old


@system_function(".fl", 0, 1)
def flush(k: Any, *args: Any) -> Any:
    """.fl() flushes the To channel, .fl(c) output channel c; []."""
    if args:
        ch = args[0]
        if not isinstance(ch, Channel) or ch.is_input:
            raise type_error(".fl", ch)
    else:
        ch = k.io.to_chan
    try:
        ch.flush()
    except (OSError, ValueError) as e:
        raise KlongError("io", f".fl: writing to channel failed: {ch.klong_name}") from e
    return k.backend.empty()


@system_function(".df", 1)
def delete_file(k: Any, x: Any) -> Any:
    """Delete file x; x."""
    path = need_string(".df", x)
    try:
        os.remove(path)
    except (OSError, ValueError):
        raise KlongError("io", f"could not delete: {written(path)}") from None
    return x


# ---- reading --------------------------------------------------------------------------

def _incomplete(err: KlongError) -> bool:
    """A lexer error that more input could cure (an open list, string, comment ...)."""
    return err.message.startswith("missing ")


def _plain_error(e: KlongError) -> KlongError:
    """A lexer error without its span: the span points into the data, not the program."""
    return KlongError(e.kind, e.message, detail=e.detail)


def read_string(B: Any, text: str) -> Any:
    """The one data object in text, or UNDEFINED when text is not exactly one."""
    from ..syntax.reference_lexer import Lexer  # on first use: start-up (`klong -e`)
    lx = Lexer(text)
    try:
        lx.skip_blanks(True)
        if lx.pos >= lx.n:
            return UNDEFINED
        datum = lx.datum()
        lx.skip_blanks(True)
    except KlongError:
        return UNDEFINED
    if lx.pos < lx.n:
        return UNDEFINED
    return to_value(B, datum)


def read_datum(B: Any, ch: Channel, name: str = ".r") -> Any:
    """Read one data object from ch (skipping blanks), then discard the rest of its line.

    At end of input: EOF, and ch counts as exhausted. Whole lines are read; when a datum
    is still open (a list, string ...), more lines are read, doubling the text each time so
    that a long datum is lexed a bounded number of times; lines read past the datum's line
    are handed back to the channel.
    """
    from ..syntax.reference_lexer import Lexer  # on first use: start-up (`klong -e`)
    text = ""
    while True:
        line = _read_line(name, ch)
        if line == "" and not text:
            ch.eof_tried = True
            return EOF
        text += line
        lx = Lexer(text)
        try:
            lx.skip_blanks(True)
        except KlongError as e:      # an open comment: read on, unless at the end
            if line and _incomplete(e):
                continue
            raise _plain_error(e) from None
        if lx.pos >= lx.n:
            text = ""                # only blanks (and whole comments) so far
            continue
        text = text[lx.pos:]
        break
    # text starts with the datum
    while True:
        lx = Lexer(text)
        try:
            datum = lx.datum()
            break
        except KlongError as e:
            more = _read_more(name, ch, len(text)) if _incomplete(e) else ""
            if not more:
                raise _plain_error(e) from None
            text += more
    end = lx.pos
    if end > 0 and text[end - 1] == "\n":
        rest = text[end:]            # the datum ended its line itself (0c + newline)
    else:
        nl = text.find("\n", end)
        rest = "" if nl < 0 else text[nl + 1:]
    if rest:
        ch.unread(rest)
    return to_value(B, datum)


def _read_more(name: str, ch: Channel, at_least: int) -> str:
    """Whole lines totalling at least `at_least` characters (fewer at end of input)."""
    parts: List[str] = []
    got = 0
    while got < at_least:
        line = _read_line(name, ch)
        if line == "":
            break
        parts.append(line)
        got += len(line)
    return "".join(parts)


@system_function(".r", 0)
def read(k: Any) -> Any:
    """One data object from the From channel (rest of its line discarded); :eof at EOF."""
    return read_datum(k.backend, k.io.from_chan, ".r")


@system_function(".rs", 1)
def read_from_string(k: Any, x: Any) -> Any:
    """The data object in string x; :undefined unless x holds exactly one."""
    return read_string(k.backend, need_string(".rs", x))


@system_function(".rl", 0)
def read_line(k: Any) -> str:
    """The rest of the current line of the From channel; "" at EOF."""
    ch = k.io.from_chan
    line = _read_line(".rl", ch)
    if line == "":
        ch.eof_tried = True
        return ""
    return _strip_eol(line)


@system_function(".rls", 0)
def read_lines(k: Any) -> Any:
    """The remaining lines of the From channel as a list of strings."""
    ch = k.io.from_chan
    lines: List[str] = []
    while True:
        line = _read_line(".rls", ch)
        if line == "":
            break
        lines.append(_strip_eol(line))
    ch.eof_tried = True
    return k.backend.object_list(lines) if lines else k.backend.empty()


@system_function(".mi", 1)
def more_input(k: Any, x: Any) -> int:
    """1 until a read past the end of the From channel was attempted, then 0."""
    return 0 if k.io.from_chan.eof_tried else 1


# ---- writing --------------------------------------------------------------------------

def _write(k: Any, name: str, text: str) -> None:
    ch = _writing(name, k.io.to_chan)
    try:
        ch.write(text)
    except (OSError, ValueError) as e:
        raise KlongError("io", f"{name}: writing to channel failed: {ch.klong_name}") from e


@system_function(".d", 1)
def display(k: Any, x: Any) -> Any:
    """Write the displayed form of x to the To channel; x."""
    _write(k, ".d", displayed(x))
    return x


@system_function(".w", 1)
def write(k: Any, x: Any) -> Any:
    """Write the written (readable) form of x to the To channel; x."""
    _write(k, ".w", written(x))
    return x


@system_function(".p", 1)
def print_(k: Any, x: Any) -> Any:
    """Write the displayed form of x and a newline to the To channel; x."""
    _write(k, ".p", displayed(x) + "\n")
    return x
