"""Numeric differentiation (central differences), on every backend, and the helpers that
exact differentiation (klong/autograd/exact.py) shares: calling a Klong function, reading and
rebinding globals, reading a function's value as numbers, making probe points."""
from __future__ import annotations

from typing import Any, Callable, List, Sequence

import numpy as np

from ..errors import KlongError
from ..printer import written
from ..runtime.functions import call_value
from ..values import KFunction

STEP_FLOAT64 = 1e-6
STEP_FLOAT32 = 1e-4


# ---- shared helpers ----------------------------------------------------------------------

def call(rt: Any, f: Any, args: Sequence[Any]) -> Any:
    """The value of the Klong function f applied to args."""
    return call_value(rt, f, list(args))


def global_value(table: dict, name: str) -> Any:
    """The value of the global `name`; an undefined one is a KlongError."""
    if name not in table:
        raise KlongError("undefined", f"undefined: {name}")
    return table[name]


def as_real_array(B: Any, x: Any, op: str) -> np.ndarray:
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


def scalar_loss(B: Any, r: Any) -> float:
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


def vector_out(B: Any, r: Any) -> np.ndarray:
    """A function's value as a float64 host array (for a Jacobian)."""
    try:
        return np.asarray(B.to_numpy(r) if B.is_list(r) else r, dtype=np.float64)
    except (TypeError, ValueError):
        raise KlongError("type", f"Jacobian: function must return numbers, got: {written(r)}") \
            from None


def point(B: Any, arr: np.ndarray) -> Any:
    """A probe point (or a float64 result) as a Klong value on backend B (0-d -> float)."""
    if arr.ndim == 0:
        return float(arr)
    return B.from_numpy(arr)


# ---- central differences -----------------------------------------------------------------

def _step(B: Any) -> float:
    return STEP_FLOAT32 if B.real_dtype_name == "float32" else STEP_FLOAT64


def numeric_gradient(B: Any, fn: Callable[[Any], float], x0: np.ndarray) -> np.ndarray:
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


def numeric_jacobian(B: Any, fn: Callable[[Any], np.ndarray], x0: np.ndarray) -> np.ndarray:
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


# ---- the numeric forms of the operators ----------------------------------------------------

def point_gradient(rt: Any, f: KFunction, x: Any, op: str, bind: str = "") -> Any:
    """The gradient of f at x by central differences; `bind` names a global that takes each
    probe value while f runs (restored afterwards)."""
    B = rt.B
    x0 = as_real_array(B, x, op)
    if f.arity == 0:
        return point(B, np.zeros_like(x0))
    table = rt.globals.table
    saved = table.get(bind) if bind else None

    def loss(p: np.ndarray) -> float:
        v = point(B, p)
        if bind:
            table[bind] = v
        return scalar_loss(B, call(rt, f, [v]))
    try:
        g = numeric_gradient(B, loss, x0)
    finally:
        if bind:
            table[bind] = saved
    return point(B, g)


def multi_gradient(rt: Any, f: KFunction, names: List[str]) -> List[Any]:
    """Gradients of the nilad f with respect to the named globals, by central differences."""
    B = rt.B
    return _per_global(rt, f, names, ":>", lambda at, x0: numeric_gradient(
        B, lambda p: scalar_loss(B, at(p)), x0))


def jacobian(rt: Any, f: KFunction, x: Any) -> Any:
    """The m x n Jacobian of the monad f at x by central differences."""
    B = rt.B
    x0 = as_real_array(B, x, "∂")

    def fn(p: np.ndarray) -> np.ndarray:
        return vector_out(B, call(rt, f, [point(B, p)]))
    return point(B, numeric_jacobian(B, fn, x0))


def multi_jacobian(rt: Any, f: KFunction, names: List[str]) -> List[Any]:
    """Jacobians of the nilad f with respect to the named globals, by central differences."""
    B = rt.B
    return _per_global(rt, f, names, "∂", lambda at, x0: numeric_jacobian(
        B, lambda p: vector_out(B, at(p)), x0))


def _per_global(rt: Any, f: KFunction, names: List[str], op: str, derive) -> List[Any]:
    """One derivative per named global: derive(at, x0) with at(p) = f() evaluated while the
    global holds p; every global is restored afterwards, also on error."""
    B = rt.B
    table = rt.globals.table
    originals = [global_value(table, n) for n in names]
    out = []
    try:
        for name, orig in zip(names, originals):
            def at(p: np.ndarray, name: str = name) -> Any:
                table[name] = point(B, p)
                return call(rt, f, [])
            out.append(point(B, derive(at, as_real_array(B, orig, op))))
            table[name] = orig
    finally:
        for name, orig in zip(names, originals):
            table[name] = orig
    return out
