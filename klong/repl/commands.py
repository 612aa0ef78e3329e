"""The REPL's `]` commands. Each is one function in one table, which `]h` lists.

The loop (`session.Repl`) imports this module; the commands see it as a `Session`, the part
of the Repl they use, so that nothing here imports the loop."""
from __future__ import annotations

import os
import time
from typing import Any, Callable, Protocol, TextIO

from .. import charts
from ..errors import KlongError
from . import paths

# Lists with more elements than this print abbreviated, as numpy's default threshold (the
# REPL's default; `]full` switches between it and printing in full).
PRINT_LIMIT = 1000


class Session(Protocol):
    """What the commands use of the REPL (`klong.repl.session.Repl`)."""

    out: TextIO
    err: TextIO
    limit: int | None

    def eval_line(self, source: str) -> Any: ...

    def evaluate(self, source: str) -> Any: ...

    def report(self, exc: KlongError) -> None: ...

    def interrupted(self) -> None: ...

    def backend(self) -> tuple[str, str]: ...


Handler = Callable[[Session, str], None]


class Quit(Exception):
    """Raised by `]q`: the REPL ends with status 0."""


class Command:
    __slots__ = ("names", "usage", "summary", "handler")

    def __init__(self, names: tuple[str, ...], usage: str, summary: str, handler: Handler):
        self.names = names
        self.usage = usage
        self.summary = summary
        self.handler = handler


COMMANDS: list[Command] = []
_BY_NAME: dict[str, Command] = {}
# nmh's REPL takes these with the argument glued on: ]lfile, ]h+, ]!ls, ]T:5
_GLUED = ("!", "l", "h", "a", "i")


def command(*names: str, usage: str, summary: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        entry = Command(names, usage, summary, handler)
        COMMANDS.append(entry)
        for name in names:
            _BY_NAME[name] = entry
        return handler
    return register


def split(line: str) -> tuple[str, str]:
    """`]name rest` -> (name, rest), also for the glued forms."""
    name, _, rest = line.lstrip()[1:].partition(" ")
    rest = rest.strip()
    if name not in _BY_NAME:
        if name.startswith("T:"):
            return "T", (name[1:] + " " + rest).strip()
        if name[:1] in _GLUED and len(name) > 1:
            return name[0], (name[1:] + " " + rest).strip()
    return name, rest


def run_command(repl: Session, line: str) -> None:
    """Run one `]` command line; raises Quit for `]q`."""
    name, rest = split(line)
    entry = _BY_NAME.get(name)
    if entry is None:
        repl.err.write(f"unknown system command: ]{name} (]h lists the REPL commands)\n")
    else:
        entry.handler(repl, rest)
    repl.out.flush()
    repl.err.flush()


# --------------------------------------------------------------------------- commands


@command("h", "help", usage="]h [OP]",
         summary="this help, or the reference entry of an operator or system name")
def _help(repl: Session, topic: str) -> None:
    from .. import reference

    if topic:
        reference.write_help(topic, repl.out, repl.err)
        return
    out = repl.out
    out.write("REPL commands:\n")
    width = max(len(c.usage) for c in COMMANDS)
    for entry in COMMANDS:
        out.write(f"  {entry.usage:<{width}}  {entry.summary}\n")
    prefix = reference.unicode_input.prefix()
    out.write(
        "Keys:\n"
        "  Enter runs a complete entry; an open [ { ( :[ :{ or string continues it.\n"
        "  Alt-Enter (Esc Enter) starts a new line anyway.\n"
        f"  Tab completes names and \\ sequences: \\nabla Tab gives ∇; {prefix}g gives ∇ "
        "at once (]keys).\n"
        "  Ctrl-R searches the history, Ctrl-C clears the line or interrupts an "
        "evaluation, Ctrl-D quits.\n")
    out.write("Reference entries (]h NAME for one of them):\n")
    out.write(reference.format_index() + "\n")


@command("keys", usage="]keys", summary="how to type ∇ ∂ ˙: the Unicode input table")
def _keys(repl: Session, _rest: str) -> None:
    repl.out.write(format_keys() + "\n")


def format_keys() -> str:
    """The Unicode input table: glyph, name and the ways to type it."""
    from ..reference import unicode_input

    prefix = unicode_input.prefix()
    rows: dict[str, tuple[str, list[str]]] = {}
    for entry in unicode_input.sequences():
        name, ways = rows.setdefault(entry["char"], (entry["name"], []))
        ways.append(entry["sequence"] + " Tab")
        if "key" in entry:
            ways.append(prefix + entry["key"])
    width = max(len(name) for name, _ in rows.values())
    lines = [f"glyph  {'name':<{width}}  type it as"]
    for char, (name, ways) in rows.items():
        lines.append(f"{char}      {name:<{width}}  {'   '.join(ways)}")
    lines.append(f"({prefix}{prefix} types {prefix} itself)")
    return "\n".join(lines)


@command("t", usage="]t EXPR", summary="evaluate EXPR, print its value and how long it took")
def _time_once(repl: Session, expr: str) -> None:
    if not expr:
        repl.err.write("usage: ]t EXPR\n")
        return
    start = time.perf_counter()
    repl.evaluate(expr)
    repl.out.write(f"time: {duration(time.perf_counter() - start)}\n")


def duration(seconds: float) -> str:
    """`12.3 µs`, `4.56 ms`, `1.23 s`."""
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


@command("T", usage="]T[:N] EXPR", summary="time 1 or N evaluations: total: S per: S (as nmh)")
def _time_repeated(repl: Session, rest: str) -> None:
    count = 1
    if rest.startswith(":"):
        head, _, rest = rest.partition(" ")
        try:
            count = max(1, int(head[1:]))
        except ValueError:
            rest = ""
    if not rest:
        repl.err.write("usage: ]T EXPR  or  ]T:N EXPR\n")
        return
    start = time.perf_counter()
    try:
        for _ in range(count):
            repl.eval_line(rest)
    except KlongError as exc:
        repl.report(exc)
        return
    except KeyboardInterrupt:
        repl.interrupted()
        return
    total = time.perf_counter() - start
    repl.out.write(f"total: {total:.6f} per: {total / count:.6f}\n")


@command("plot", usage="]plot EXPR",
         summary="draw EXPR as a chart (needs matplotlib) into a PNG beside the history")
def _plot(repl: Session, expr: str) -> None:
    if not expr:
        repl.err.write("usage: ]plot EXPR\n")
        return
    try:
        value = repl.eval_line(expr)
        png = charts.draw_png(value, title=expr)
    except KlongError as exc:
        repl.report(exc)
        return
    folder = paths.chart_dir()
    n = 1
    while (folder / f"klong-plot-{n}.png").exists():
        n += 1
    target = folder / f"klong-plot-{n}.png"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target.write_bytes(png)
    except OSError as exc:
        repl.err.write(f"]plot: cannot write {target}: {exc.strerror or exc}\n")
        return
    repl.out.write(f"{target}\n")


@command("b", usage="]b", summary="the backend and device")
def _backend(repl: Session, _rest: str) -> None:
    name, device = repl.backend()
    repl.out.write(f"backend: {name}  device: {device}\n")


@command("l", usage="]l FILE", summary="load a Klong file (.l)")
def _load(repl: Session, path: str) -> None:
    if not path:
        repl.err.write("usage: ]l FILE\n")
        return
    repl.evaluate('.l("' + path.replace('"', '""') + '")')


@command("full", usage="]full [on|off]",
         summary="print long lists in full, or abbreviated with ... (the default)")
def _full(repl: Session, arg: str) -> None:
    if arg not in ("", "on", "off"):
        repl.err.write("usage: ]full [on|off]\n")
        return
    full = repl.limit is not None if arg == "" else arg == "on"
    repl.limit = None if full else PRINT_LIMIT
    state = "in full" if full else f"abbreviated above {PRINT_LIMIT} elements"
    repl.out.write(f"lists print {state}\n")


@command("a", usage="]a WORD", summary="reference entries that mention WORD")
def _apropos(repl: Session, word: str) -> None:
    from .. import reference

    found = reference.search(word) if word else []
    for entry in found:
        repl.out.write(f"{entry['name']:<10} {entry['title']}\n")
    if not found:
        repl.out.write(f"nothing found for {word!r}\n")


@command("i", usage="]i [DIR]", summary="list the .kg files in DIR (first of KLONGPATH)")
def _list_files(repl: Session, directory: str) -> None:
    if not directory:
        directory = (os.environ.get("KLONGPATH") or ".").split(":")[0] or "."
    try:
        files = sorted(f for f in os.listdir(directory) if f.endswith(".kg"))
    except OSError as exc:
        repl.err.write(f"]i: {exc.strerror}: {directory}\n")
        return
    repl.out.write("  ".join(files) + ("\n" if files else ""))


@command("!", usage="]! CMD", summary="run a shell command")
def _shell(repl: Session, cmd: str) -> None:
    import subprocess

    repl.out.flush()
    try:
        subprocess.run(cmd or "true", shell=True, check=False)
    except OSError as exc:
        repl.err.write(f"]!: {exc}\n")


@command("q", "quit", usage="]q", summary="quit (Ctrl-D too)")
def _quit(_repl: Session, _rest: str) -> None:
    raise Quit
