"""SystemContext: what system functions (and Python interop) see of their interpreter.

The interpreter creates one context and binds it to every system function; a system
function receives it first and reads the backend, the runtime, the global table, the I/O
state and the load path from it, never the interpreter's own attributes.
"""
from __future__ import annotations

from typing import Any, Callable, List

from ..backends.base import Backend
from ..runtime.functions import Runtime
from ..runtime.scope import Globals
from .io import IOState


class SystemContext:
    """One interpreter's state as system functions use it.

    `interpreter` is the KlongInterpreter itself (the global `klong`, and the first argument
    of a Python callable whose first parameter is named `klong`); `load_dirs` lists the
    directories of the files being `.l`-loaded, outermost first."""

    __slots__ = ("backend", "runtime", "globals", "interpreter", "load_dirs", "io",
                 "_evaluate", "_load_file")

    def __init__(self, backend: Backend, runtime: Runtime, globals_: Globals, interpreter: Any,
                 evaluate: Callable[[str], Any], load_file: Callable[[str], Any]) -> None:
        """evaluate(src): run program text as top-level code (not transactional);
        load_file(path): load a source file as `.l` does."""
        self.backend = backend
        self.runtime = runtime
        self.globals = globals_
        self.interpreter = interpreter
        self.load_dirs: List[str] = []
        self.io = IOState()             # the channels: .cin .cout .cerr, From and To
        self._evaluate = evaluate
        self._load_file = load_file

    def evaluate(self, src: str) -> Any:
        """Evaluate program text as top-level code; its last value."""
        return self._evaluate(src)

    def load_file(self, path: str) -> Any:
        """Load a source file as if typed at the top level; its last value."""
        return self._load_file(path)
