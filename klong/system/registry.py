"""Every system function and variable, bound into an interpreter's globals: this module
imports each family module (they register themselves in spec's tables) and installs them."""
from __future__ import annotations

from typing import Any, Dict

from . import autograd, compilation, evaluation, io, other, python_interop  # noqa: F401
from .spec import FUNCTIONS, VARIABLES, SystemFunction


def install(ctx: Any, table: Dict[str, Any]) -> None:
    """Bind every system function and variable into a global table, for the interpreter
    whose SystemContext is ctx."""
    for name, spec in FUNCTIONS.items():
        table[name] = SystemFunction(spec, ctx)
    for name, make in VARIABLES.items():
        table[name] = make(ctx)
