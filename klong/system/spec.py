"""How system functions (`.p`, `.ic`, `.E` ...) and system variables are declared: the
table they register in, the decorators, and the helpers their checks share.

Each family module registers with @system_function / @system_variable; registry.install
binds them all as globals of an interpreter. A system function receives the interpreter's
SystemContext (klong/system/context.py) first, by convention the parameter `k`.
"""
from __future__ import annotations

from typing import Any, Callable, Dict, Tuple

from ..errors import KlongError
from ..printer import written
from ..values import ARITY_NAMES, KFunction

# name -> (name, arity, fn, arities, variadic): what each interpreter's SystemFunction holds
FUNCTIONS: Dict[str, Tuple[str, int, Callable, Tuple[int, ...], bool]] = {}
VARIABLES: Dict[str, Callable[[Any], Any]] = {}


class SystemFunction(KFunction):
    """A system function bound to the SystemContext of one interpreter."""

    __slots__ = ("name", "arity", "fn", "k", "variadic", "arities")

    def __init__(self, spec: Tuple[str, int, Callable, Tuple[int, ...], bool], k: Any):
        """spec: (name, arity, fn, arities, variadic), as registered in FUNCTIONS; k: the
        SystemContext passed to fn."""
        self.name, self.arity, self.fn, self.arities, self.variadic = spec
        self.k = k

    def call(self, args) -> Any:
        if len(args) not in self.arities:
            raise KlongError("arity", f"wrong arity: {ARITY_NAMES[self.arity]}")
        return self.fn(self.k, *args)


def system_function(name: str, arity: int, *more_arities: int) -> Callable:
    """Register `fn(k, *args)` (k: the SystemContext) as system function `name` of the given
    arity (or arities)."""
    def register(fn: Callable) -> Callable:
        FUNCTIONS[name] = (name, arity, fn, (arity,) + more_arities, bool(more_arities))
        return fn
    return register


def system_variable(name: str) -> Callable:
    """Register `make(k) -> value` (k: the SystemContext), the initial value of system variable
    `name`."""
    def register(make: Callable) -> Callable:
        VARIABLES[name] = make
        return make
    return register


def type_error(name: str, x: Any) -> KlongError:
    """The type error of system function `name` given `x`."""
    return KlongError("type", f"{name}: type error: [{written(x)}]")


def need_string(name: str, x: Any) -> str:
    """`x`, which system function `name` needs to be a string; a type error otherwise."""
    if type(x) is not str:
        raise type_error(name, x)
    return x
