"""klong: a Klong array-language interpreter for Python.

`import klong` stays cheap: the interpreter (and through it the backends) is imported on first
use of `klong.KlongInterpreter`; torch, prompt_toolkit and pygls are never imported here.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import KlongError

__version__ = "0.1.0"

__all__ = ["KlongError", "KlongInterpreter", "__version__"]

if TYPE_CHECKING:
    from .interpreter import KlongInterpreter


def __getattr__(name: str) -> Any:
    """Import KlongInterpreter lazily, on first access."""
    if name == "KlongInterpreter":
        from .interpreter import KlongInterpreter

        globals()["KlongInterpreter"] = KlongInterpreter
        return KlongInterpreter
    raise AttributeError(f"module 'klong' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | {"KlongInterpreter"})
