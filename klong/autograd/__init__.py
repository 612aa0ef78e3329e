"""Gradients and Jacobians: `f:>x`, `x∇f`, `∇f`, `x∂f`, `.jacobian`, multi-parameter forms.

This module decides what is asked for (point or multi-parameter mode) and dispatches: on a
backend that differentiates (`B.differentiates`: torch) `:>` and `∂` are exact
(klong/autograd/exact.py), elsewhere numeric (klong/autograd/numeric.py, central
differences). `∇` is always numeric. The verbs are registered in the one primitive table.
"""
from __future__ import annotations

from types import ModuleType
from typing import Any, List, Tuple

import numpy as np

from ..errors import KlongError
from ..interop import to_klong
from ..printer import written
from ..runtime.primitives import dyad, monad
from ..values import KFunction, PyFunction, Symbol
from . import numeric
from .numeric import as_real_array, numeric_gradient, numeric_jacobian, scalar_loss

__all__ = ["as_real_array", "gradient", "jacobian", "multi_gradient", "multi_grad_of_fn",
           "multi_jacobian", "nabla", "nabla_function", "numeric_gradient", "numeric_jacobian",
           "scalar_loss", "symbol_list"]


def _exact() -> ModuleType:
    """klong/autograd/exact.py, imported on first use rather than at module level: it imports
    torch, and `import klong` (and the numpy backend) must stay free of torch."""
    from . import exact
    return exact


def _need_function(f: Any, op: str) -> KFunction:
    if not isinstance(f, KFunction):
        raise KlongError("type", f"{op}: type error: [{written(f)}]")
    return f


def symbol_list(B, x: Any) -> List[str]:
    """Names of a non-empty list of symbols (multi-parameter mode), else []."""
    if B.is_list(x) and len(x) > 0 and B.is_object_array(x) and \
            all(type(v) is Symbol for v in x):
        return [str(v) for v in x]
    return []


# ---- the operators: exact where the backend differentiates, else numeric ---------------

def gradient(rt, f: Any, x: Any, wrt: str = "") -> Any:
    """`f:>x`: exact on a backend that differentiates, else numeric. `wrt` names the
    global written on the right, if any: a niladic f is differentiated with respect to it."""
    B = rt.B
    f = _need_function(f, ":>")
    names = symbol_list(B, x)
    if names:
        if B.differentiates:
            return _exact().multi_grad(B, rt, f, names, as_list=True)
        return B.make_list(multi_gradient(rt, f, names))
    if wrt and f.arity == 0:
        return multi_gradient(rt, f, [wrt])[0]
    if B.differentiates:
        return _exact().grad(B, rt, f, x)
    return numeric.point_gradient(rt, f, x, ":>")


def nabla(rt, x: Any, f: Any, bind: str = "") -> Any:
    """`x∇f`: always numeric; `bind` is the bare global name written on the left, if any."""
    f = _need_function(f, "∇")
    return numeric.point_gradient(rt, f, x, "∇", bind)


def nabla_function(rt, f: Any) -> KFunction:
    """`∇f`: the monadic numeric gradient function of f."""
    f = _need_function(f, "∇")
    return PyFunction(lambda x: nabla(rt, x, f), 1, "gradient")


def multi_gradient(rt, f: KFunction, names: List[str]) -> List[Any]:
    """Gradients of the nilad f with respect to the named globals, in order."""
    B = rt.B
    if B.differentiates:
        return _exact().multi_grad(B, rt, f, names)
    return numeric.multi_gradient(rt, f, names)


def jacobian(rt, f: Any, x: Any) -> Any:
    """`x∂f` / `.jacobian(f;x)`: the m x n Jacobian (always 2-d); a symbol list gives one
    Jacobian per named global (f a nilad)."""
    B = rt.B
    f = _need_function(f, "∂")
    names = symbol_list(B, x)
    if names:
        return B.make_list(multi_jacobian(rt, f, names))
    if B.differentiates:
        return _exact().jacobian(B, rt, f, x)
    return numeric.jacobian(rt, f, x)


def multi_jacobian(rt, f: KFunction, names: List[str]) -> List[Any]:
    """Jacobians of the nilad f with respect to the named globals, in order."""
    B = rt.B
    if B.differentiates:
        return _exact().multi_jacobian(B, rt, f, names)
    return numeric.multi_jacobian(rt, f, names)


def multi_grad_of_fn(klong: Any, fn: Any, param_syms: Any) -> List[Any]:
    """KlongPy-compatible: the gradients of a niladic loss with respect to the named globals,
    in order, each shaped like its parameter (a float for a scalar). Exact on a backend that
    differentiates (torch), numeric otherwise; the globals are always restored.

    `fn`: a niladic Klong function, the name of one (str or Symbol), a Klong function passed
    to Python (it keeps `.klong_function`) or a zero-argument Python callable.
    `param_syms`: the parameter names, symbols or strings (one name alone is allowed)."""
    ctx = klong.context
    rt = ctx.runtime
    if isinstance(fn, str):
        name = str.__str__(fn)
        fn = rt.globals.table.get(rt.globals.read_key(name), rt.globals.table.get(name))
        if fn is None:
            raise KlongError("undefined", f"multi_grad_of_fn: undefined: {name}")
    inner = getattr(fn, "klong_function", None)
    if isinstance(inner, KFunction):
        fn = inner
    if not isinstance(fn, KFunction):
        if not callable(fn):
            raise KlongError("type", f"multi_grad_of_fn: not a function: {written(fn)}")
        py = fn
        fn = PyFunction(lambda: to_klong(ctx, py()), 0, getattr(py, "__name__", "loss"))
    if fn.arity != 0 and not getattr(fn, "variadic", False):
        raise KlongError("arity", "multi_grad_of_fn: the loss must be a nilad (a function "
                                  "of no arguments that reads the parameters as globals)")
    if isinstance(param_syms, str):
        param_syms = [param_syms]
    names = []
    for s in param_syms:
        if not isinstance(s, str):
            raise KlongError("type", f"multi_grad_of_fn: parameter names must be symbols or "
                                     f"strings, got: {written(s)}")
        names.append(str.__str__(s))
    with np.errstate(all="raise"):
        return list(multi_gradient(rt, fn, names))


# ---- the verbs, in the one primitive table (they call Klong functions: runtime=True) ----

@dyad(":>", "gradient", runtime=True)
def gradient_verb(rt, f: Any, x: Any, names: Tuple[str, str]) -> Any:
    """`f:>x`; a bare global name on the right is what a niladic f is differentiated by."""
    return gradient(rt, f, x, names[1])


@dyad("∇", "nabla", runtime=True)
def nabla_verb(rt, x: Any, f: Any, names: Tuple[str, str]) -> Any:
    """`x∇f`; a bare global name on the left takes each probe value."""
    return nabla(rt, x, f, names[0])


@dyad("∂", "jacobian", runtime=True)
def jacobian_verb(rt, x: Any, f: Any, names: Tuple[str, str]) -> Any:
    """`x∂f`."""
    return jacobian(rt, f, x)


@monad("∇", "nabla-function", runtime=True)
def nabla_function_verb(rt, f: Any) -> KFunction:
    """`∇f`."""
    return nabla_function(rt, f)


@monad("˙", "track", runtime=True)
def track(rt, x: Any) -> Any:
    """`˙x`: the identity; it marks a value meant for differentiation."""
    return x
