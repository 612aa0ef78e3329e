"""The `klong` command: run a program, evaluate an expression, start a REPL, show help.

Imports stay light (no argparse, and the interpreter only when one is needed) so that
`klong -e '1+1'` costs little more than importing numpy.
"""
from __future__ import annotations

import gc
import os
import sys
from typing import Any, TextIO

from . import __version__
from .errors import KlongError
from .syntax.collector import paused
from .syntax.source import LATIN1_FALLBACK

USAGE = """\
usage: klong [OPTIONS] FILE.kg [ARGS...]      run a program; ARGS become .a
       klong [OPTIONS] run FILE.kg [ARGS...]  the same
       klong [OPTIONS] -e EXPR [ARGS...]      evaluate EXPR and print its value
       klong [OPTIONS] [repl]                 start the interactive REPL
       klong help [TOPIC]                     describe a glyph or system name: klong help +
       klong kernel install [--user] [--prefix P] [--backend B] [--device D]
                                              install the Jupyter kernelspecs

options:
  -e EXPR             evaluate EXPR, print the written form of its value, exit
  -l FILE             load FILE first (repeatable)
  --backend NAME      numpy (default) or torch
  --device DEV        torch device: cpu, cuda, cuda:N or mps (torch backend only)
  --dtype DTYPE       torch reals: float64 (default; float32 on mps) or float32 (faster)
  --traceback, --debug  show the Python traceback of internal errors
  -h, --help [TOPIC]  show this text, or the reference entry for TOPIC
  -V, --version       print the version and exit
  --                  end of options: the next argument is the program file

Everything after the program file belongs to the program (a first "--" there is dropped).
Exit status: 0 success, 1 Klong error, 2 bad usage; .x(x) in a program sets its own.
"""

_COMMANDS = ("run", "repl", "help")
_VALUE_OPTIONS = ("--backend", "--device", "--dtype")


class UsageError(Exception):
    """Bad command-line usage: reported as `klong: error: ...`, exit status 2."""


class Options:
    """What the command line asks for."""

    __slots__ = ("command", "file", "args", "expr", "loads", "backend", "device", "dtype",
                 "traceback", "topic", "help", "version", "own_process")

    def __init__(self) -> None:
        self.command: str | None = None
        self.file: str | None = None
        self.args: list[str] = []
        self.expr: str | None = None
        self.loads: list[str] = []
        self.backend = os.environ.get("KLONG_BACKEND") or "numpy"
        self.device: str | None = None
        self.dtype: str | None = None
        self.traceback = False
        self.topic: str | None = None
        self.help = False
        self.version = False
        # the klong command in its own process (main() reading sys.argv), not a Python caller
        self.own_process = False


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
                elif name == "--dtype":
                    opts.dtype = value
                else:
                    opts.device = value
            elif eq:
                raise UsageError(f"option {name} takes no value")
            elif name in ("--traceback", "--debug"):
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
    # the collector held off: the imports (numpy, the runtime, the system functions) make
    # many objects that all live on, and its passes over them find nothing to free
    with paused():
        from .interpreter import KlongInterpreter

        k = KlongInterpreter(backend=opts.backend, device=opts.device, dtype=opts.dtype)
    if opts.own_process:
        # what is made so far (the modules, the interpreter) lives until the process exits:
        # frozen, it is left out of every later pass of the collector, the full ones at exit
        # included (most of what `klong -e 1+1` spent past numpy's import; a Python caller's
        # objects are left alone)
        gc.freeze()
    return k


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


# --------------------------------------------------------------------------- REPL


def __getattr__(name: str) -> Any:
    """`cli.Repl` is klong.repl.Repl, imported on first use."""
    if name == "Repl":
        from .repl import Repl

        return Repl
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _is_terminal(stream: Any) -> bool:
    return bool(stream is not None and getattr(stream, "isatty", lambda: False)())


def _terminal_module() -> Any:
    """klong.repl.terminal, or None without the `repl` extra (prompt_toolkit, pygments)."""
    try:
        from .repl import terminal
    except ImportError:
        return None
    return terminal


def _repl(k: Any, out: TextIO, err: TextIO, reporter: _Reporter) -> int:
    """The REPL: prompt_toolkit when stdin and stdout are a terminal (readline's `input` if
    prompt_toolkit is missing), plain lines from a pipe or file."""
    from .repl import Repl

    interactive = _is_terminal(sys.stdin)
    repl = Repl(k, out, err, reporter, interactive)
    if not interactive:
        from .repl.plain import stream_reader

        return repl.run(stream_reader(sys.stdin))
    terminal = _terminal_module() if _is_terminal(out) else None
    if terminal is not None:
        return terminal.run(repl)
    from .repl.plain import readline_reader

    return repl.run(readline_reader(out))


def _quick_terminal_repl(opts: Options, out: TextIO, err: TextIO,
                         reporter: _Reporter) -> int | None:
    """The terminal REPL on the numpy backend with nothing to load first: its first prompt
    shows while numpy and the interpreter load in the background. None where that does
    not apply (then the interpreter is made first)."""
    if (opts.file is not None or opts.expr is not None or opts.loads
            or opts.backend != "numpy" or opts.device not in (None, "cpu")
            or getattr(opts, "dtype", None) is not None
            or not (_is_terminal(sys.stdin) and _is_terminal(out))):
        return None
    terminal = _terminal_module()
    if terminal is None:
        return None
    from .repl import Repl
    from .repl.background import Background

    def make() -> Any:
        k = _make_interpreter(opts)
        k.set_args(opts.args)
        return k

    k = Background(make)
    repl = Repl(k, out, err, reporter, True, backend=("numpy", "cpu"))
    try:
        return terminal.run(repl, on_first_prompt=k.start)
    finally:
        k.wait()


# --------------------------------------------------------------------------- main


def _run(opts: Options, out: TextIO, err: TextIO, reporter: _Reporter) -> int:
    if opts.file is not None:
        reason = _check_file(opts.file)
        if reason is not None:
            err.write(f"klong: error: cannot open file: {opts.file}: {reason}\n")
            return 1
    status = _quick_terminal_repl(opts, out, err, reporter)
    if status is not None:
        return status
    try:
        k = _make_interpreter(opts)
    except ValueError as exc:
        err.write(f"klong: error: {exc}\n")
        return 2
    try:
        return _run_with(k, opts, out, err, reporter)
    finally:
        k.flush()


def _run_with(k: Any, opts: Options, out: TextIO, err: TextIO, reporter: _Reporter) -> int:
    """In `k`: the files of -l, then the program, the -e expression or the REPL."""
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
    return _repl(k, out, err, reporter)


KERNEL_USAGE = ("usage: klong kernel install [--user] [--prefix P] [--backend numpy|torch]"
                " [--device D]\n")


def _kernel(argv: list[str], out: TextIO, err: TextIO) -> int:
    """`klong kernel install ...`: write the Jupyter kernelspecs (the `jupyter` extra)."""
    if argv[:1] in (["-h"], ["--help"]):
        out.write(KERNEL_USAGE)
        return 0
    if argv[:1] != ["install"]:
        err.write("klong: error: kernel: the one subcommand is install\n" + KERNEL_USAGE)
        return 2
    options: dict[str, Any] = {"user": False, "prefix": None, "backend": None, "device": None}
    rest = list(argv[1:])
    while rest:
        name, eq, value = rest.pop(0).partition("=")
        key = name[2:]
        if name == "--user" and not eq:
            options["user"] = True
        elif name in ("--prefix", "--backend", "--device"):
            if not eq:
                if not rest:
                    err.write(f"klong: error: option {name} needs an argument\n")
                    return 2
                value = rest.pop(0)
            options[key] = value
        else:
            err.write(f"klong: error: kernel install: unknown argument: {name}\n"
                      + KERNEL_USAGE)
            return 2
    if options["backend"] not in (None, "numpy", "torch"):
        err.write(f"klong: error: unknown backend: {options['backend']} (numpy or torch)\n")
        return 2
    try:
        from klong_kernel import install  # (the kernel package sits above klong)
    except ImportError as exc:
        if getattr(exc, "name", None) not in ("jupyter_client", "klong_kernel"):
            raise
        err.write("klong: error: the Jupyter kernel needs the jupyter extra: "
                  "pip install 'klong[jupyter]'\n")
        return 1
    backends = [options["backend"]] if options["backend"] else ["numpy"]
    if options["backend"] is None and install.torch_available():
        backends.append("torch")
    try:
        done = install.install(backends, user=options["user"], prefix=options["prefix"],
                               device=options["device"])
    except OSError as exc:
        err.write(f"klong: error: cannot write the kernelspec: {exc.strerror or exc}\n")
        return 1
    for name, path in done:
        out.write(f"installed kernelspec {name} in {path}\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `klong` command; returns the exit status."""
    own_process = argv is None
    argv = sys.argv[1:] if argv is None else list(argv)
    out, err = sys.stdout, sys.stderr
    if argv[:1] == ["kernel"]:
        return _kernel(argv[1:], out, err)
    try:
        opts = parse_args(argv)
    except UsageError as exc:
        err.write(f"klong: error: {exc}\n(klong -h for help)\n")
        return 2
    opts.own_process = own_process
    if opts.version:
        out.write(f"klong {__version__}\n")
        return 0
    if opts.help or opts.command == "help":
        if opts.help and opts.topic is None:
            out.write(USAGE)
            return 0
        from . import reference  # on first use: the table is data, read for help only
        return reference.write_help(opts.topic, out, err)
    reporter = _Reporter(err, opts.traceback)
    _read_stdin_bytes_as_latin1()
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


def _read_stdin_bytes_as_latin1() -> None:
    """Piped source and `.cin` input: bytes that are not valid UTF-8 read as Latin-1 (as in
    source files) instead of failing with a decoding error."""
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if reconfigure is not None:
        try:
            reconfigure(errors=LATIN1_FALLBACK)
        except (ValueError, OSError):
            pass


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so that exit does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":
    sys.exit(main())
