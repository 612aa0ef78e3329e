"""KlongInterpreter: the Python API (KlongPy-compatible) over parse -> compile -> run."""
from __future__ import annotations

import os
import sys
from collections import OrderedDict
from contextlib import contextmanager
from typing import Any, Iterator, List, Optional

import numpy as np

from . import autograd  # noqa: F401  (registers the verbs :> ∇ ∂ ˙ in the primitive table)
from .backends import get_backend
from .errors import KlongError
from .interop import to_klong, to_python
from .runtime.compile import Compiler
from .runtime.functions import Runtime, internal_error
from .runtime.verbs import load_all as load_verbs
from .runtime.scope import Globals
from .syntax.parser import parse
from .syntax.source import read_source
from .system.context import SystemContext
from .system.io import flush_channels, reset_channels
from .system.registry import install

_CACHE_SIZE = 2048
# Klong recursion goes through several Python frames per call level
_RECURSION_LIMIT = 60000


# calls of a function after which its body is compiled to Python code (runtime/codegen.py):
# the generator and Python's compile() cost as much as about a hundred calls of a small
# function, which a function called once or twice would not repay
CODEGEN_CALLS = 8


def _codegen_calls(setting: str) -> int:
    """$KLONG_CODEGEN: 0 never, 1 at every function's first call, N at its N-th call."""
    setting = setting.strip()
    return int(setting) if setting.isdigit() else CODEGEN_CALLS


class _Entry:
    """One cached source text: its statements and their compiled closures."""

    __slots__ = ("stmts", "compiled", "modules")

    def __init__(self, stmts):
        self.stmts = stmts
        self.compiled: List[Any] = [None] * len(stmts)
        self.modules: List[Optional[str]] = [None] * len(stmts)


class KlongInterpreter:
    """A Klong interpreter: `k(src)` evaluates, `k["name"]` reads and writes globals."""

    def __init__(self, backend: Optional[str] = None, device: Optional[str] = None,
                 dtype: Optional[str] = None, codegen: Optional[int] = None):
        """backend "numpy" or "torch" (None: $KLONG_BACKEND, else numpy); device (torch):
        "cpu", "cuda", "cuda:N", "mps" or None for the best available; dtype of reals
        (torch): "float64" (default; float32 on mps) or "float32"; codegen: a function's body
        becomes Python code at its codegen-th call (0: never, 1: at the first; None:
        $KLONG_CODEGEN, else CODEGEN_CALLS)."""
        load_verbs()
        self._backend = get_backend(backend, device, dtype)
        self._globals = Globals()
        if codegen is None:
            codegen = _codegen_calls(os.environ.get("KLONG_CODEGEN", ""))
        self._rt = Runtime(self._backend, self._globals, codegen)
        self._rt.interp = self
        self._cache: "OrderedDict[str, _Entry]" = OrderedDict()
        if sys.getrecursionlimit() < _RECURSION_LIMIT:
            sys.setrecursionlimit(_RECURSION_LIMIT)
        self._context = SystemContext(self._backend, self._rt, self._globals, self,
                                      self._eval_top_level, self.load_file)
        install(self._context, self._globals.table)
        self._globals.table["klong"] = self

    @property
    def backend(self):
        return self._backend

    @property
    def context(self) -> SystemContext:
        """What system functions and Python interop see of this interpreter."""
        return self._context

    # ---- evaluation ----------------------------------------------------------------
    def __call__(self, src: str) -> Any:
        """Evaluate a program (file newline rules); the value of its last expression."""
        value = self._eval(src)
        if type(value) is np.ndarray or type(value) is dict:
            self._backend.escape(value)     # the caller may write into it
        return value

    def exec(self, src: str) -> List[Any]:
        """Evaluate a program; the values of all its top-level expressions."""
        out: List[Any] = []
        self._eval(src, collect=out)
        for value in out:
            self._backend.escape(value)
        return out

    def eval_line(self, src: str) -> Any:
        """Evaluate one REPL line; on success `it` holds the value. Afterwards the From and
        To channels are .cin and .cout again, as at nmh's prompt."""
        try:
            value = self._eval(src, filename="<repl>")
        finally:
            reset_channels(self._context)
        if value is not None:
            self._globals.table["it"] = value
        self._backend.escape(value)
        return value

    def flush(self) -> None:
        """Flush every output channel still open, the files of `.oc` and `.ac` included (the
        `klong` command does before it exits)."""
        flush_channels(self._context)

    @contextmanager
    def rolled_back(self) -> Iterator[None]:
        """Whatever is evaluated inside leaves no trace: afterwards every variable, the
        module state and the From/To channels are as before, whether it succeeded or not
        (inspection: the Jupyter kernel's Shift+Tab). Values changed in place (a dictionary
        grown with `,`) stay changed, as after a failed eval_line."""
        g = self._globals
        saved = dict(g.table), g.module, set(g.module_names)
        try:
            yield
        finally:
            g.table.clear()
            g.table.update(saved[0])
            g.module, g.module_names = saved[1], saved[2]
            reset_channels(self._context)

    def run_file(self, path: str, args: Optional[List[str]] = None) -> Any:
        """Run a program file with `.a` set to args."""
        if args is not None:
            self.set_args(args)
        d = os.path.dirname(os.path.abspath(path))
        if d not in sys.path:
            sys.path.insert(0, d)
        value = self.load_file(path)
        self._backend.escape(value)
        return value

    def load_file(self, path: str) -> Any:
        try:
            src = read_source(path)
        except (OSError, ValueError):
            raise KlongError("io", f'.l: cannot open file: "{path}"') from None
        # .py/.pyf search the directory of the file being loaded (see system/python_interop)
        load_dirs = self._context.load_dirs
        load_dirs.append(os.path.dirname(os.path.abspath(path)))
        try:
            return self._eval(src, filename=path, transactional=False, cache=False)
        finally:
            load_dirs.pop()

    def set_args(self, args: List[str]) -> None:
        self._globals.table[".a"] = self._backend.make_list(list(args))

    def _entry(self, src: str, filename: Optional[str], cache: bool) -> _Entry:
        entry = self._cache.get(src) if cache else None
        if entry is None:
            try:
                prog = parse(src)
            except KlongError as e:
                if filename and e.filename is None:
                    e.filename = filename
                raise
            entry = _Entry(prog.exprs)
            if cache:
                self._cache[src] = entry
                if len(self._cache) > _CACHE_SIZE:
                    self._cache.popitem(last=False)
        return entry

    def _eval_top_level(self, src: str) -> Any:
        """Program text as top-level code, not transactional (.E)."""
        return self._eval(src, filename=None, transactional=False)

    def _eval(self, src: str, filename: Optional[str] = None, transactional: bool = True,
              collect: Optional[list] = None, cache: bool = True) -> Any:
        entry = self._entry(src, filename, cache)
        g = self._globals
        table = g.table
        value = None
        # a failed evaluation (a whole k(...) call or REPL line) leaves every variable and
        # the module state as they were before it
        saved = (dict(table), g.module, set(g.module_names)) if transactional else None
        with np.errstate(all="raise"):
            for i, stmt in enumerate(entry.stmts):
                fn = entry.compiled[i]
                if fn is None or entry.modules[i] != g.module:
                    try:
                        fn = Compiler(self._rt, src).compile(stmt)
                    except KlongError as e:
                        if filename and e.filename is None:
                            e.filename = filename
                        raise
                    entry.compiled[i] = fn
                    entry.modules[i] = g.module
                try:
                    value = fn()
                except BaseException as exc:
                    if isinstance(exc, (SystemExit, GeneratorExit)):
                        raise
                    if saved is not None:
                        table.clear()
                        table.update(saved[0])
                        g.module, g.module_names = saved[1], saved[2]
                    err = internal_error(exc)
                    if err.source is None and err.span is None:
                        err.span = stmt.span
                        err.source = src
                    if filename and err.filename is None:
                        err.filename = filename
                    if err is exc:
                        raise
                    raise err from exc
                if collect is not None:
                    collect.append(value)
        return value

    # ---- variables (KlongPy API) ------------------------------------------------------
    def __getitem__(self, name: str) -> Any:
        table = self._globals.table
        if name not in table:
            raise KeyError(name)
        return to_python(self._context, table[name])

    def __setitem__(self, name: str, value: Any) -> None:
        self._globals.table[name] = to_klong(self._context, value)

    def __delitem__(self, name: str) -> None:
        del self._globals.table[name]

    def __contains__(self, name: str) -> bool:
        return name in self._globals.table
