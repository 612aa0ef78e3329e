"""KlongKernel: one KlongInterpreter behind Jupyter's messaging protocol.

Output of `.p`/`.d` goes to sys.stdout, which ipykernel turns into `stream` messages; the
value of a cell is its `execute_result`, written as in the REPL; a KlongError is an `error`
whose name is its kind and whose traceback is the CLI's caret display.
"""
from __future__ import annotations

import base64
import io
import sys
from contextlib import redirect_stderr, redirect_stdout
from typing import Any

from ipykernel.kernelbase import Kernel, kernel_protocol_version
from traitlets import Unicode

from klong import __version__, charts, reference
from klong.errors import KlongError
from klong.interpreter import KlongInterpreter
from klong.printer import written
from klong.printer_html import html_table
from klong.repl import PRINT_LIMIT, candidates, commands
from klong.repl.session import join_paren_lines
from klong.syntax.continuation import needs_continuation
from klong.syntax.scanner import tokenize
from klong.syntax.tokens import CHAR, STR, SYM
from klong.tooling.describe import describe
from klong.tooling.gradients import (GradientResult, GradTarget, gradient_markdown,
                                     gradient_text, target_in_text)


MAX_TEXT = 4000            # characters of a value's exact text in inspect


def _ok(**content: Any) -> dict:
    return {"status": "ok", **content}


class KlongKernel(Kernel):
    """The Klong kernel (ipykernel's wrapper-kernel model)."""

    implementation = "klong"
    implementation_version = __version__
    language = "klong"
    language_version = __version__
    language_info = {"name": "klong", "mimetype": "text/x-klong", "file_extension": ".kg",
                     "pygments_lexer": "klong"}
    banner = f"klong {__version__}"

    backend = Unicode("numpy", help="numpy or torch").tag(config=True)
    device = Unicode(None, allow_none=True, help="torch device").tag(config=True)
    dtype = Unicode(None, allow_none=True, help="torch reals: float64 or float32").tag(
        config=True)

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.k = KlongInterpreter(backend=self.backend, device=self.device, dtype=self.dtype)
        self.k.set_args([])
        self.cell_session = _CellSession(self.k)  # (Kernel.session is the messaging)
        self._system = candidates.system_names()
        self.banner = f"klong {__version__} ({self.backend} backend)"

    @property
    def kernel_info(self) -> dict:
        """ipykernel's kernel_info with no optional features: this kernel has no debugger
        (ipykernel finds out whether debugpy is installed by importing it, about a sixth of
        the kernel's CPU time to its first result, docs/performance.md) and one interpreter,
        so no subshells."""
        return {"protocol_version": kernel_protocol_version,
                "implementation": self.implementation,
                "implementation_version": self.implementation_version,
                "language_info": self.language_info, "banner": self.banner,
                "help_links": self.help_links, "supported_features": []}

    def set_parent(self, ident: Any, parent: dict, channel: str = "shell") -> None:
        """Also tell ipykernel's output streams, so that their `stream` messages belong to
        the cell that printed them (as ipykernel's own kernel does through its shell)."""
        super().set_parent(ident, parent, channel)
        if channel == "shell":
            for stream in (sys.stdout, sys.stderr):
                if hasattr(stream, "set_parent"):
                    stream.set_parent(parent)

    # ---- execute ---------------------------------------------------------------------
    async def do_execute(self, code: str, silent: bool, store_history: bool = True,
                         user_expressions: dict | None = None, allow_stdin: bool = False,
                         **_: Any) -> dict:
        """Evaluate a cell with the REPL's transactional eval_line."""
        reply = _ok(execution_count=self.execution_count, payload=[], user_expressions={})
        if not code.strip():
            return reply
        if code.lstrip().startswith("]"):
            return self._command(code.strip(), reply, silent)
        try:
            value = self.k.eval_line(join_paren_lines(code))
        except KlongError as exc:
            return self._error(exc.kind, exc.text, exc.format().split("\n"), silent)
        except KeyboardInterrupt:  # between statements, outside the interpreter's own catch
            return self._error("interrupt", "interrupted", ["interrupted"], silent)
        except Exception as exc:  # an interpreter bug must not end the kernel
            text = f"internal error: {type(exc).__name__}: {exc}"
            return self._error("internal", text, [text], silent)
        finally:
            sys.stdout.flush()
        if value is not None and not silent:
            self.send_response(self.iopub_socket, "execute_result", {
                "execution_count": self.execution_count, "data": self._result_data(value),
                "metadata": {}})
        return reply

    def _result_data(self, value: Any) -> dict:
        """The written form, and a table for a matrix or a dictionary."""
        limit = self.cell_session.limit
        data = {"text/plain": written(value, limit=limit)}
        table = html_table(value, limit=limit)
        if table is not None:
            data["text/html"] = table
        return data

    def _command(self, line: str, reply: dict, silent: bool) -> dict:
        """A REPL `]` command as a cell; `]plot EXPR` shows its chart inline."""
        name, rest = commands.split(line)
        if name == "plot" and rest:
            try:
                chart = charts.draw(self.k.eval_line(rest), title=rest, formats=("png", "svg"))
            except KlongError as exc:
                return self._error(exc.kind, exc.text, exc.format().split("\n"), silent)
            if not silent:
                self.send_response(self.iopub_socket, "display_data", {
                    "data": {"image/png": base64.b64encode(chart["png"]).decode("ascii"),
                             "image/svg+xml": chart["svg"].decode("utf-8"),
                             "text/plain": f"<chart of {rest}>"}, "metadata": {}})
            return reply
        try:
            commands.run_command(self.cell_session, line)
        except commands.Quit:
            sys.stderr.write("]q: a notebook's kernel is stopped from the notebook\n")
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
        return reply

    def _error(self, ename: str, evalue: str, traceback: list[str], silent: bool) -> dict:
        content = {"ename": ename, "evalue": evalue, "traceback": traceback}
        if not silent:
            self.send_response(self.iopub_socket, "error", content)
        return {"status": "error", "execution_count": self.execution_count, **content}

    # ---- complete, inspect, is_complete ------------------------------------------------
    async def do_complete(self, code: str, cursor_pos: int | None) -> dict:
        """Input sequences after a backslash, else defined names and system functions."""
        pos = len(code) if cursor_pos is None else cursor_pos
        found = candidates.complete(code[:pos], self.k.context.globals.table, self._system)
        start = pos - (found[0].typed if found else 0)
        types = [{"start": start, "end": pos, "text": c.text, "type": "klong",
                  "signature": c.meta} for c in found]
        return _ok(matches=[c.text for c in found], cursor_start=start, cursor_end=pos,
                   metadata={"_jupyter_types_experimental": types})

    async def do_inspect(self, code: str, cursor_pos: int | None, detail_level: int = 0,
                         omit_sections: Any = ()) -> dict:
        """The reference entry of the primitive or system function under the cursor; on a
        gradient or Jacobian expression, first its value, evaluated without changing any
        state (as the language server's hover shows it)."""
        pos = len(code) if cursor_pos is None else cursor_pos
        name = token_at(code, pos)
        target = target_in_text(code, pos)
        if target is not None and name not in _reference_names():
            name = target.op
        entry = reference.lookup(name) if name in _reference_names() else None
        text = reference.format_entry(entry) if entry is not None else None
        if target is None:
            if text is None:
                return _ok(found=False, data={}, metadata={})
            return _ok(found=True, data={"text/plain": text}, metadata={})
        result = self.evaluate_gradient(target)
        plain, markdown = gradient_text(result), gradient_markdown(result)
        if text is not None:
            plain += "\n\n" + text
            markdown += "\n\n---\n\n```text\n" + text + "\n```"
        return _ok(found=True, data={"text/plain": plain, "text/markdown": markdown},
                   metadata={})

    def evaluate_gradient(self, target: GradTarget) -> GradientResult:
        """Evaluate the target's pieces in the kernel's interpreter and roll back: no
        variable, module or channel changes, and what it prints is kept for the reply."""
        b = self.k.backend
        result = GradientResult(target.op, target.expr, backend=b.name,
                                device=str(b.device or "cpu"))
        printed = io.StringIO()
        try:
            with self.k.rolled_back(), redirect_stdout(printed), redirect_stderr(printed):
                value = None
                for piece in target.pieces:
                    value = self.k(piece)
                result.value = (None if value is None else describe(value, MAX_TEXT))
        except KlongError as exc:
            result.error = exc.text
        except KeyboardInterrupt:
            result.error = "interrupted"
        except Exception as exc:  # an interpreter bug must not end the kernel
            result.error = f"internal error: {type(exc).__name__}: {exc}"
        if result.value is None and result.error is None:
            result.error = "no value"
        result.output = printed.getvalue()
        return result

    async def do_is_complete(self, code: str) -> dict:
        """Incomplete while a bracket, function or string is open (the REPL's scanner)."""
        if needs_continuation(code, parens=True):
            return {"status": "incomplete", "indent": ""}
        return {"status": "complete"}


_NAMES: set[str] = set()


class _CellSession:
    """What the REPL's `]` commands use of a session (klong.repl.commands.Session), for a
    cell: output to the cell's streams, values echoed as the REPL echoes them."""

    def __init__(self, k: KlongInterpreter):
        self.k = k
        self.limit: int | None = PRINT_LIMIT        # ]full sets it for the kernel's life

    @property
    def out(self) -> Any:
        return sys.stdout                           # ipykernel's stream of the running cell

    @property
    def err(self) -> Any:
        return sys.stderr

    def eval_line(self, source: str) -> Any:
        return self.k.eval_line(source)

    def evaluate(self, source: str) -> Any:
        value = None
        try:
            value = self.k.eval_line(source)
            if value is not None:
                self.out.write(written(value, limit=self.limit) + "\n")
        except KlongError as exc:
            self.report(exc)
        return value

    def report(self, exc: KlongError) -> None:
        self.err.write(exc.format("<cell>") + "\n")

    def interrupted(self) -> None:
        self.err.write("interrupted\n")

    def backend(self) -> tuple[str, str]:
        b = self.k.backend
        return b.name, str(b.device or "cpu")


def _reference_names() -> set[str]:
    if not _NAMES:
        _NAMES.update(reference.names())
    return _NAMES


def token_at(code: str, pos: int) -> str | None:
    """The text of the token under (or just before) offset `pos`; None where none is."""
    try:
        tokens = tokenize(code)
    except KlongError:
        return None
    for at in (pos, pos - 1):
        for tok in tokens:
            if (tok.kind not in (STR, CHAR, SYM) and isinstance(tok.value, str)
                    and tok.span.offset <= at < tok.span.end()):
                return tok.value
    return None
