"""Gradients and Jacobians: `f:>x`, `x∇f`, `∇f`, `x∂f`, `.jacobian`, multi-parameter forms.

Numeric differentiation (central differences) works on every backend; a backend that can
differentiate exactly (torch) provides `exact_grad` / `exact_jacobian` and is used by `:>`
and `∂`. `∇` is always numeric.
"""
from __future__ import annotations

from typing import Any, Callable, List, Sequence, Tuple

import numpy as np

from .errors import KlongError
from .interop import to_klong
from .printer import written
from .runtime.functions import call_value
from .runtime.primitives import dyad, monad
from .values import KFunction, PyFunction, Symbol

STEP_FLOAT64 = 1e-6
STEP_FLOAT32 = 1e-4


def _call(rt, f: Any, args: Sequence[Any]) -> Any:
    return call_value(rt, f, list(args))


def _need_function(f: Any, op: str) -> KFunction:
    if not isinstance(f, KFunction):
        raise KlongError("type", f"{op}: type error: [{written(f)}]")
    return f


def as_real_array(B, x: Any, op: str) -> np.ndarray:
    """A float64 host array (0-d for a scalar) from a Klong number or numeric list."""
    try:
        arr = np.asarray(B.to_numpy(x) if B.is_list(x) else x)
    except Exception:
        arr = None
    if arr is None or arr.dtype.kind not in "iuf":
        if arr is not None and arr.dtype.kind == "O":
            try:
                return arr.astype(np.float64)
            except (TypeError, ValueError):
                pass
        raise KlongError("type", f"{op}: expected numbers, got: {written(x)}")
    return arr.astype(np.float64)


def scalar_loss(B, r: Any) -> float:
    """The number a loss function returned; a non-scalar is an error that says what to do."""
    try:
        arr = np.asarray(B.to_numpy(r) if B.is_list(r) else r, dtype=np.float64)
    except (TypeError, ValueError):
        raise KlongError("type", f"Loss function must return a number, got: {written(r)}") \
            from None
    if arr.size != 1:
        raise KlongError("shape", f"Loss function must return a scalar, got shape "
                                  f"{tuple(arr.shape)}. Use sum (+/) or mean (%#) to reduce "
                                  f"to a scalar.")
    return float(arr.reshape(-1)[0])


def _to_klong(B, arr: np.ndarray) -> Any:
    """A float64 result as a Klong value on backend B (0-d -> float)."""
    if arr.ndim == 0:
        return float(arr)
    return B.from_numpy(arr)


def _step(B) -> float:
    return STEP_FLOAT32 if B.real_dtype_name == "float32" else STEP_FLOAT64


def numeric_gradient(B, fn: Callable[[Any], float], x0: np.ndarray) -> np.ndarray:
    """Central differences of scalar fn at x0 (float64 array of any shape)."""
    h = _step(B)
    flat = x0.reshape(-1)
    g = np.empty(flat.size, dtype=np.float64)
    for i in range(flat.size):
        xp = flat.copy()
        xm = flat.copy()
        xp[i] += h
        xm[i] -= h
        g[i] = (fn(xp.reshape(x0.shape)) - fn(xm.reshape(x0.shape))) / (2 * h)
    return g.reshape(x0.shape)


def numeric_jacobian(B, fn: Callable[[Any], np.ndarray], x0: np.ndarray) -> np.ndarray:
    """m x n Jacobian of fn at x0 by central differences (n = x0.size, m = output size)."""
    h = _step(B)
    flat = x0.reshape(-1)
    cols = []
    for i in range(flat.size):
        xp = flat.copy()
        xm = flat.copy()
        xp[i] += h
        xm[i] -= h
        d = (fn(xp.reshape(x0.shape)) - fn(xm.reshape(x0.shape))) / (2 * h)
        cols.append(d.reshape(-1))
    if not cols:
        return np.zeros((0, 0))
    return np.stack(cols, axis=1)


def _point(B, arr: np.ndarray) -> Any:
    """A probe point as a Klong value (scalars as Python floats)."""
    if arr.ndim == 0:
        return float(arr)
    return B.from_numpy(arr)


def _vector_out(B, r: Any) -> np.ndarray:
    try:
        return np.asarray(B.to_numpy(r) if B.is_list(r) else r, dtype=np.float64)
    except (TypeError, ValueError):
        raise KlongError("type", f"Jacobian: function must return numbers, got: {written(r)}") \
            from None


def symbol_list(B, x: Any) -> List[str]:
    """Names of a non-empty list of symbols (multi-parameter mode), else []."""
    if B.is_list(x) and len(x) > 0 and B.is_object_array(x) and \
            all(type(v) is Symbol for v in x):
        return [str(v) for v in x]
    return []


# ---- the operators -----------------------------------------------------------------------

def gradient(rt, f: Any, x: Any, wrt: str = "") -> Any:
    """`f:>x`: exact on a backend that differentiates, else numeric. `wrt` names the
    global written on the right, if any: a niladic f is differentiated with respect to it."""
    B = rt.B
    f = _need_function(f, ":>")
    names = symbol_list(B, x)
    if names:
        if B.differentiates:
            return B.exact_multi_grad(rt, f, names, as_list=True)
        return B.make_list(multi_gradient(rt, f, names))
    if wrt and f.arity == 0:
        return multi_gradient(rt, f, [wrt])[0]
    if B.differentiates:
        return B.exact_grad(rt, f, x)
    return _numeric_point_gradient(rt, f, x, ":>")


def _numeric_point_gradient(rt, f: KFunction, x: Any, op: str, bind: str = "") -> Any:
    B = rt.B
    x0 = as_real_array(B, x, op)
    if f.arity == 0:
        return _to_klong(B, np.zeros_like(x0))
    table = rt.globals.table
    saved = table.get(bind) if bind else None

    def loss(p: np.ndarray) -> float:
        v = _point(B, p)
        if bind:
            table[bind] = v
        return scalar_loss(B, _call(rt, f, [v]))
    try:
        g = numeric_gradient(B, loss, x0)
    finally:
        if bind:
            table[bind] = saved
    return _to_klong(B, g)


def nabla(rt, x: Any, f: Any, bind: str = "") -> Any:
    """`x∇f`: always numeric; `bind` is the bare global name written on the left, if any."""
    f = _need_function(f, "∇")
    return _numeric_point_gradient(rt, f, x, "∇", bind)


def nabla_function(rt, f: Any) -> KFunction:
    """`∇f`: the monadic numeric gradient function of f."""
    f = _need_function(f, "∇")
    return PyFunction(lambda x: nabla(rt, x, f), 1, "gradient")


def multi_gradient(rt, f: KFunction, names: List[str]) -> List[Any]:
    """Gradients of the nilad f with respect to the named globals, in order."""
    B = rt.B
    if B.differentiates:
        return B.exact_multi_grad(rt, f, names)
    return _per_global(rt, f, names, ":>", lambda at, x0: numeric_gradient(
        B, lambda p: scalar_loss(B, at(p)), x0))


def _per_global(rt, f: KFunction, names: List[str], op: str, derive) -> List[Any]:
    """One derivative per named global: derive(at, x0) with at(p) = f() evaluated while the
    global holds p; every global is restored afterwards, also on error."""
    B = rt.B
    table = rt.globals.table
    originals = [_global(table, n) for n in names]
    out = []
    try:
        for name, orig in zip(names, originals):
            def at(p: np.ndarray, name: str = name) -> Any:
                table[name] = _point(B, p)
                return _call(rt, f, [])
            out.append(_to_klong(B, derive(at, as_real_array(B, orig, op))))
            table[name] = orig
    finally:
        for name, orig in zip(names, originals):
            table[name] = orig
    return out


def _global(table: dict, name: str) -> Any:
    if name not in table:
        raise KlongError("undefined", f"undefined: {name}")
    return table[name]


def jacobian(rt, f: Any, x: Any) -> Any:
    """`x∂f` / `.jacobian(f;x)`: the m x n Jacobian (always 2-d); a symbol list gives one
    Jacobian per named global (f a nilad)."""
    B = rt.B
    f = _need_function(f, "∂")
    names = symbol_list(B, x)
    if names:
        return B.make_list(multi_jacobian(rt, f, names))
    if B.differentiates:
        return B.exact_jacobian(rt, f, x)
    x0 = as_real_array(B, x, "∂")

    def fn(p: np.ndarray) -> np.ndarray:
        return _vector_out(B, _call(rt, f, [_point(B, p)]))
    return _to_klong(B, numeric_jacobian(B, fn, x0))


def multi_jacobian(rt, f: KFunction, names: List[str]) -> List[Any]:
    """Jacobians of the nilad f with respect to the named globals, in order."""
    B = rt.B
    if B.differentiates:
        return B.exact_multi_jacobian(rt, f, names)
    return _per_global(rt, f, names, "∂", lambda at, x0: numeric_jacobian(
        B, lambda p: _vector_out(B, at(p)), x0))


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
