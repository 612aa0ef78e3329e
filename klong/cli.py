"""The `klong` command: run a program, evaluate an expression, start a REPL, show help.

Imports stay light (no argparse, and the interpreter only when one is needed) so that
`klong -e '1+1'` costs little more than importing numpy.
"""
from __future__ import annotations

import os
import sys
from typing import Any, Callable, TextIO

from . import __version__
from .errors import KlongError

USAGE = """\
usage: klong [OPTIONS] FILE.kg [ARGS...]      run a program; ARGS become .a
       klong [OPTIONS] run FILE.kg [ARGS...]  the same
       klong [OPTIONS] -e EXPR [ARGS...]      evaluate EXPR and print its value
       klong [OPTIONS] [repl]                 start the interactive REPL
       klong help [TOPIC]                     describe a glyph or system name: klong help +

options:
  -e EXPR             evaluate EXPR, print the written form of its value, exit
  -l FILE             load FILE first (repeatable)
  --backend NAME      numpy (default) or torch
  --device DEV        torch device: cpu, cuda, cuda:N or mps (torch backend only)
  --traceback         show the Python traceback of internal errors
  -h, --help [TOPIC]  show this text, or the reference entry for TOPIC
  -V, --version       print the version and exit
  --                  end of options: the next argument is the program file

Everything after the program file belongs to the program (a first "--" there is dropped).
Exit status: 0 success, 1 Klong error, 2 bad usage; .x(x) in a program sets its own.
"""

PROMPT = "?> "
CONTINUATION_PROMPT = "..> "
_COMMANDS = ("run", "repl", "help")
_VALUE_OPTIONS = ("--backend", "--device")


class UsageError(Exception):
    """Bad command-line usage: reported as `klong: error: ...`, exit status 2."""


class Options:
    """What the command line asks for."""

    __slots__ = ("command", "file", "args", "expr", "loads", "backend", "device",
                 "traceback", "topic", "help", "version")

    def __init__(self) -> None:
        self.command: str | None = None
        self.file: str | None = None
        self.args: list[str] = []
        self.expr: str | None = None
        self.loads: list[str] = []
        self.backend = "numpy"
        self.device: str | None = None
        self.traceback = False
        self.topic: str | None = None
        self.help = False
        self.version = False


# --------------------------------------------------------------------------- parsing


def _is_long_option(arg: str) -> bool:
    return arg.startswith("--") and len(arg) > 2


def parse_args(argv: list[str]) -> Options:
    """Parse the command line; raises UsageError."""
    opts = Options()
    i = 0
    n = len(argv)

    def take(flag: str) -> str:
        nonlocal i
        if i >= n:
            raise UsageError(f"option {flag} needs an argument")
        i += 1
        return argv[i - 1]

    while i < n:
        arg = argv[i]
        i += 1
        if opts.command == "help" and opts.topic is None and not _is_long_option(arg):
            opts.topic = arg
        elif arg == "--":
            _program_file(opts, argv[i:])
            break
        elif _is_long_option(arg):
            name, eq, value = arg.partition("=")
            if name in _VALUE_OPTIONS:
                value = value if eq else take(name)
                if name == "--backend":
                    opts.backend = value
                else:
                    opts.device = value
            elif eq:
                raise UsageError(f"option {name} takes no value")
            elif name == "--traceback":
                opts.traceback = True
            elif name == "--version":
                opts.version = True
            elif name == "--help":
                opts.help = True
                if i < n and not argv[i].startswith("--"):
                    opts.topic = take(name)
            else:
                raise UsageError(f"unknown option: {arg}")
        elif arg.startswith("-") and arg != "-":
            if arg == "-e":
                opts.expr = take("-e")
            elif arg.startswith("-e"):
                opts.expr = arg[2:]
            elif arg == "-l":
                opts.loads.append(take("-l"))
            elif arg.startswith("-l"):
                opts.loads.append(arg[2:])
            elif arg == "-h":
                opts.help = True
                if i < n and not argv[i].startswith("--"):
                    opts.topic = take("-h")
            elif arg == "-V":
                opts.version = True
            else:
                raise UsageError(f"unknown option: {arg}")
        elif opts.expr is not None and opts.command is None:
            opts.args = argv[i - 1:]
            break
        elif opts.command is None and arg in _COMMANDS:
            opts.command = arg
        elif opts.command in (None, "run"):
            _program_file(opts, argv[i - 1:])
            break
        elif opts.command == "repl":
            raise UsageError(f"repl takes no arguments, got: {arg}")
        else:
            raise UsageError(f"help takes one topic, got another: {arg}")
    if opts.command == "run" and opts.file is None:
        raise UsageError("run needs a program file")
    if opts.expr is not None and opts.command in ("run", "repl"):
        raise UsageError(f"-e cannot be combined with {opts.command}")
    if opts.device is not None and opts.backend == "numpy":
        raise UsageError("Backend 'numpy' does not support device selection")
    return opts


def _program_file(opts: Options, rest: list[str]) -> None:
    """Take the program file and its arguments from `rest` (everything left)."""
    if not rest:
        if opts.command == "run":
            raise UsageError("run needs a program file")
        return
    if opts.command not in (None, "run"):
        raise UsageError(f"{opts.command} takes no program file")
    if opts.expr is not None:
        opts.args = list(rest)
        return
    opts.command = "run"
    opts.file = rest[0]
    args = rest[1:]
    if args[:1] == ["--"]:
        args = args[1:]
    opts.args = list(args)


# --------------------------------------------------------------------------- helpers


def _written(value: Any) -> str:
    from .printer import written

    return written(value)


def _make_interpreter(opts: Options) -> Any:
    from .interpreter import KlongInterpreter

    return KlongInterpreter(backend=opts.backend, device=opts.device)


def _klong_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


class _Reporter:
    """Prints Klong errors and internal errors the way the CLI promises."""

    def __init__(self, err: TextIO, traceback: bool):
        self.err = err
        self.traceback = traceback

    def klong_error(self, exc: KlongError, filename: str) -> None:
        self.err.write(exc.format(exc.filename or filename) + "\n")
        self.err.flush()

    def internal_error(self, exc: BaseException) -> None:
        if self.traceback:
            import traceback

            self.err.write("".join(traceback.format_exception(exc)))
        self.err.write(f"klong: internal error: {type(exc).__name__}: {exc}\n")
        if not self.traceback:
            self.err.write("klong: (run with --traceback for the details)\n")
        self.err.flush()


def _check_file(path: str) -> str | None:
    """A reason why `path` cannot be run, or None."""
    if not os.path.exists(path):
        return "No such file or directory"
    if os.path.isdir(path):
        return "Is a directory"
    if not os.access(path, os.R_OK):
        return "Permission denied"
    return None


# --------------------------------------------------------------------------- help


def _print_help(topic: str | None, out: TextIO, err: TextIO) -> int:
    from . import reference

    if topic is None:
        out.write("Reference entries (klong help NAME for one of them):\n")
        out.write(reference.format_index() + "\n")
        return 0
    entry = reference.lookup(topic)
    if entry is not None:
        out.write(reference.format_entry(entry) + "\n")
        return 0
    err.write(f"klong: no help for {topic!r}\n")
    related = reference.search(topic)
    if related:
        err.write("related: " + "  ".join(e["name"] for e in related[:12]) + "\n")
    return 1


# --------------------------------------------------------------------------- REPL


def _fallback_needs_continuation(text: str) -> bool:
    """True while a `[`, `{`, `:[`, `:{`, string or comment is left open."""
    depth = 0
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == '"' or (c == ":" and text[i + 1:i + 2] == '"'):
            j = i + (1 if c == '"' else 2)
            while True:
                k = text.find('"', j)
                if k < 0:
                    return True
                if text[k + 1:k + 2] == '"':
                    j = k + 2
                    continue
                i = k + 1
                break
            continue
        if c == "0" and text[i + 1:i + 2] in ("c", "C") and i + 2 < n:
            before = text[i - 1] if i else " "
            if not (before.isalnum() or before == "."):
                i += 3
                continue
        if c in "[{":
            depth += 1
        elif c in "]}" and depth:
            depth -= 1
        i += 1
    return depth > 0


def _continuation_test() -> Callable[[str], bool]:
    try:
        from .syntax.lexer import needs_continuation
    except ImportError:
        return _fallback_needs_continuation
    return needs_continuation


class _Quit(Exception):
    pass


class Repl:
    """A plain line REPL: `?> ` prompt, `..> ` while a bracket or string is open."""

    def __init__(self, k: Any, out: TextIO, err: TextIO, reporter: _Reporter,
                 interactive: bool):
        self.k = k
        self.out = out
        self.err = err
        self.reporter = reporter
        self.interactive = interactive
        self.needs_continuation = _continuation_test()
        self.eval_line = getattr(k, "eval_line", k)

    def banner(self) -> str:
        backend = getattr(self.k, "_backend", None)
        name = getattr(backend, "name", "numpy")
        device = getattr(backend, "device", None)
        where = f"{name} backend" if name == "numpy" or device is None \
            else f"{name} backend, {device}"
        return f"klong {__version__} ({where})  ]h for help, ]q to quit"

    def run(self, read: Callable[[str], str]) -> int:
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
                if self.interactive:
                    self.out.write("\n")
                if pending:
                    self.evaluate("\n".join(pending))
                self.out.flush()
                return 0
            except KeyboardInterrupt:
                self.out.write("\n")
                pending = []
                continue
            if not pending:
                stripped = line.strip()
                if not stripped:
                    continue
                if stripped.startswith("]"):
                    try:
                        self.command(stripped)
                    except _Quit:
                        return 0
                    continue
            pending.append(line)
            source = "\n".join(pending)
            if self.needs_continuation(source):
                continue
            pending = []
            self.evaluate(source)

    def evaluate(self, source: str) -> None:
        """Evaluate one REPL entry and echo its written value."""
        try:
            value = self.eval_line(source)
            if value is not None:
                self.out.write(_written(value) + "\n")
        except KlongError as exc:
            self.out.flush()
            self.reporter.klong_error(exc, "<repl>")
        except KeyboardInterrupt:
            self.out.flush()
            self.err.write("interrupted\n")
        except Exception as exc:  # an interpreter bug must not end the session
            self.reporter.internal_error(exc)
        self.out.flush()

    def command(self, line: str) -> None:
        """Run a `]` meta command."""
        name, _, rest = line[1:].partition(" ")
        rest = rest.strip()
        if name.startswith("!") and len(name) > 1:
            name, rest = "!", (name[1:] + " " + rest).strip()
        elif name[:1] in ("l", "h", "a", "i") and len(name) > 1 and name != "help":
            name, rest = name[0], (name[1:] + " " + rest).strip()
        if name in ("q", "quit"):
            raise _Quit
        if name in ("h", "help"):
            _print_help(rest or None, self.out, self.err)
        elif name == "a":
            self._apropos(rest)
        elif name == "l":
            if not rest:
                self.err.write("]l needs a file name\n")
            else:
                self.evaluate(f".l({_klong_string(rest)})")
        elif name == "!":
            self._shell(rest)
        elif name == "i":
            self._list_files(rest)
        elif name.startswith("T"):
            self._time(name, rest)
        elif name == "t":
            pass
        else:
            self.err.write(f"unknown system command: ]{name}\n")
        self.out.flush()

    def _apropos(self, word: str) -> None:
        from . import reference

        found = reference.search(word) if word else []
        for entry in found:
            self.out.write(f"{entry['name']:<10} {entry['title']}\n")
        if not found:
            self.out.write(f"nothing found for {word!r}\n")

    def _shell(self, command: str) -> None:
        import subprocess

        self.out.flush()
        try:
            subprocess.run(command or "true", shell=True, check=False)
        except OSError as exc:
            self.err.write(f"]!: {exc}\n")

    def _list_files(self, directory: str) -> None:
        if not directory:
            directory = (os.environ.get("KLONGPATH") or ".").split(":")[0] or "."
        try:
            files = sorted(f for f in os.listdir(directory) if f.endswith(".kg"))
        except OSError as exc:
            self.err.write(f"]i: {exc.strerror}: {directory}\n")
            return
        self.out.write("  ".join(files) + ("\n" if files else ""))

    def _time(self, name: str, expr: str) -> None:
        import time

        count = 1
        if name != "T":
            try:
                count = max(1, int(name.partition(":")[2]))
            except ValueError:
                self.err.write("usage: ]T expr  or  ]T:N expr\n")
                return
        start = time.perf_counter()
        try:
            for _ in range(count):
                self.eval_line(expr)
        except KlongError as exc:
            self.reporter.klong_error(exc, "<repl>")
            return
        total = time.perf_counter() - start
        self.out.write(f"total: {total:.6f} per: {total / count:.6f}\n")


def _readline_reader(out: TextIO) -> Callable[[str], str]:
    """`input` with line editing where the readline module exists, and Tab expansion of
    Unicode input sequences (`\\nabla` then Tab gives `∇`)."""
    try:
        import readline
    except ImportError:
        return input
    from .reference import unicode_input

    def complete(text: str, state: int) -> str | None:
        start = text.rfind("\\")
        if start < 0:
            return None
        matches = [text[:start] + unicode_input.lookup(s)
                   for s in unicode_input.complete(text[start:])]
        return matches[state] if state < len(matches) else None

    readline.set_completer_delims(" \t\n()[]{};")
    readline.set_completer(complete)
    readline.parse_and_bind("tab: complete")
    return input


def _stream_reader(stream: TextIO) -> Callable[[str], str]:
    def read(_prompt: str) -> str:
        line = stream.readline()
        if not line:
            raise EOFError
        return line[:-1] if line.endswith("\n") else line

    return read


# --------------------------------------------------------------------------- main


def _run(opts: Options, out: TextIO, err: TextIO, reporter: _Reporter) -> int:
    if opts.file is not None:
        reason = _check_file(opts.file)
        if reason is not None:
            err.write(f"klong: error: cannot open file: {opts.file}: {reason}\n")
            return 1
    try:
        k = _make_interpreter(opts)
    except ValueError as exc:
        err.write(f"klong: error: {exc}\n")
        return 2
    current = "<expr>"
    try:
        for path in opts.loads:
            current = path
            k.run_file(path)
        if opts.file is not None:
            current = opts.file
            k.run_file(opts.file, args=opts.args)
            return 0
        k.set_args(opts.args)
        if opts.expr is not None:
            current = "<expr>"
            value = k(opts.expr)
            if value is not None:
                out.write(_written(value) + "\n")
            return 0
    except KlongError as exc:
        out.flush()
        reporter.klong_error(exc, current)
        return 1
    except OSError as exc:
        out.flush()
        err.write(f"klong: error: {current}: {exc.strerror or exc}\n")
        return 1
    stdin = sys.stdin
    interactive = bool(stdin is not None and stdin.isatty())
    read = _readline_reader(out) if interactive else _stream_reader(stdin)
    return Repl(k, out, err, reporter, interactive).run(read)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `klong` command; returns the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    out, err = sys.stdout, sys.stderr
    try:
        opts = parse_args(argv)
    except UsageError as exc:
        err.write(f"klong: error: {exc}\n(klong -h for help)\n")
        return 2
    if opts.version:
        out.write(f"klong {__version__}\n")
        return 0
    if opts.help or opts.command == "help":
        if opts.help and opts.topic is None:
            out.write(USAGE)
            return 0
        return _print_help(opts.topic, out, err)
    reporter = _Reporter(err, opts.traceback)
    try:
        return _run(opts, out, err, reporter)
    except KeyboardInterrupt:
        out.flush()
        err.write("klong: interrupted\n")
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return 1
    except (SystemExit, GeneratorExit):
        raise
    except Exception as exc:
        out.flush()
        reporter.internal_error(exc)
        return 1
    finally:
        try:
            out.flush()
        except (BrokenPipeError, ValueError):
            _silence_stdout()


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so that exit does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":
    sys.exit(main())
