"""The read-eval-print loop. It reads through any `read(prompt) -> line` function (a
prompt_toolkit session, readline's `input`, a pipe), so it knows no terminal library."""
from __future__ import annotations

from typing import Any, Callable, Protocol, TextIO

from .. import __version__
from ..errors import KlongError
from ..syntax.continuation import needs_continuation
from .commands import PRINT_LIMIT, Quit, run_command

# klong.printer loads numpy: it is imported on first use, so that the terminal REPL can show
# its first prompt while numpy loads (see background.py); klong.syntax loads no numpy.

PROMPT = "?> "
CONTINUATION_PROMPT = "..> "

Reader = Callable[[str], str]


class Reporter(Protocol):
    """How errors reach the user (klong.cli._Reporter)."""

    def klong_error(self, exc: KlongError, filename: str) -> None: ...

    def internal_error(self, exc: BaseException) -> None: ...


def is_complete(text: str) -> bool:
    """True when Enter should run `text`: a `]` command, or no `[`, `{`, `(`, `:[`, `:{`,
    string or comment is left open."""
    return text.lstrip().startswith("]") or not needs_continuation(text, parens=True)


def join_paren_lines(text: str) -> str:
    """`text` with each line break that only an open `(` continues turned into a blank.

    Klong ends a statement at a newline unless a `{`, `[`, `:[` or string is open, so
    `(1+` Enter `2)` must reach the parser as `(1+ 2)`."""
    lines = text.split("\n")
    joined = lines[0]
    for line in lines[1:]:
        only_parens = (needs_continuation(joined, parens=True)
                       and not needs_continuation(joined))
        joined += (" " if only_parens else "\n") + line
    return joined


class Repl:
    """Reads entries, evaluates them with `k.eval_line` and echoes their written values."""

    def __init__(self, k: Any, out: TextIO, err: TextIO, reporter: Reporter,
                 interactive: bool, limit: int | None = PRINT_LIMIT,
                 backend: tuple[str, str] | None = None):
        """`k` is the interpreter (or anything with `eval_line`, or a callable); `backend`,
        (name, device), spares asking `k` for them (it may still be loading)."""
        self.k = k
        self.out = out
        self.err = err
        self.reporter = reporter
        self.interactive = interactive
        self.limit = limit  # None prints every element
        # Whether to end the last line at end of input (prompt_toolkit does it itself).
        self.newline_at_eof = interactive
        self._backend = backend

    def eval_line(self, source: str) -> Any:
        """Evaluate one entry with the interpreter."""
        run = getattr(self.k, "eval_line", None)
        return run(source) if run is not None else self.k(source)

    def backend(self) -> tuple[str, str]:
        """The backend's name and device."""
        if self._backend is not None:
            return self._backend
        backend = getattr(self.k, "backend", None)
        return (str(getattr(backend, "name", "numpy")),
                str(getattr(backend, "device", None) or "cpu"))

    def banner(self) -> str:
        name, device = self.backend()
        return (f"klong {__version__} ({name} backend, device {device})  "
                f"]h for help, ]keys for ∇ ∂ input, ]q to quit")

    def run(self, read: Reader) -> int:
        """Read-eval-print until end of input or `]q`; returns the exit status."""
        if self.interactive:
            self.out.write(self.banner() + "\n")
            self.out.flush()
        pending: list[str] = []
        while True:
            prompt = CONTINUATION_PROMPT if pending else PROMPT
            try:
                line = read(prompt if self.interactive else "")
            except EOFError:
                if self.newline_at_eof:
                    self.out.write("\n")
                if pending:
                    self.evaluate(join_paren_lines("\n".join(pending)))
                self.out.flush()
                return 0
            except KeyboardInterrupt:
                pending = []
                continue
            if not pending:
                stripped = line.strip()
                if not stripped:
                    continue
                if stripped.startswith("]"):
                    try:
                        run_command(self, stripped)
                    except Quit:
                        return 0
                    except KeyboardInterrupt:  # during ]t, ]T, ]! ...
                        self.interrupted()
                    continue
            pending.append(line)
            source = "\n".join(pending)
            if not is_complete(source):
                continue
            pending = []
            try:
                self.evaluate(join_paren_lines(source))
            except KeyboardInterrupt:  # after the evaluation, while flushing its output
                self.interrupted()

    def evaluate(self, source: str) -> Any:
        """Evaluate one entry and echo its value; returns the value (None after an error)."""
        value = None
        try:
            value = self.eval_line(source)
            if value is not None:
                self.out.write(self.show(value) + "\n")
        except KlongError as exc:
            self.out.flush()
            self.report(exc)
        except KeyboardInterrupt:
            self.out.flush()
            self.interrupted()
        except Exception as exc:  # an interpreter bug must not end the session
            self.out.flush()
            self.reporter.internal_error(exc)
        self.out.flush()
        self.err.flush()
        return value

    def report(self, exc: KlongError) -> None:
        """Show a Klong error: kind, message and a caret under the culprit."""
        if exc.kind == "interrupt":
            self.interrupted()
        else:
            self.reporter.klong_error(exc, "<repl>")

    def interrupted(self) -> None:
        """Report Ctrl-C during an evaluation (on a line of its own after the ^C echo)."""
        self.err.write(("\n" if self.interactive else "") + "interrupted\n")

    def show(self, value: Any) -> str:
        """The written form of a value, abbreviated unless full printing is on."""
        from ..printer import written

        return written(value, limit=self.limit)
