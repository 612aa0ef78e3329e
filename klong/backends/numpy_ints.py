"""Exact integers on the numpy backend: known bounds of int64 arrays, and the Python-int
path taken when an int64 result could wrap.

Checking every int64 kernel for overflow with two reductions per operand would cost about as
much as the kernel itself, so the bounds of an array are kept once known: computed (min and
max) at most once per array, or derived for free from the bounds of a kernel's operands
(a+b lies in [lo_a+lo_b, hi_a+hi_b]). They are keyed by the array that owns the memory, so
slices and reshapes (which never leave their owner's range) find them too.

That is only sound while nobody writes into the array. klong never does; Python may, once it
holds the array. So:
- arrays that come in from Python are copied (`adopt`), never shared;
- every value that goes out to Python is passed to `escape`, and the arrays in it are never
  trusted again: their bounds are recomputed at each use.
"""
from __future__ import annotations

import weakref
from typing import Any, Callable

import numpy as np

from .int_bounds import INT64_MAX, INT64_MIN, Bounds, fits

# id(owner array) -> (lo, hi, exact, weak reference to the array). `exact`: lo and hi are the
# array's min and max (else derived from a kernel's operands, so maybe wider than the data).
# lo is None for an array that went out to Python: never trusted again.
_TABLE: dict = {}
_ESCAPED = (None, None, False)
_ndarray = np.ndarray


def _forget(key: int) -> Callable:
    return lambda _ref: _TABLE.pop(key, None)


def record(r: Any, lo: int, hi: int, exact: bool = False) -> None:
    """Remember that int64 array r (a fresh result that owns its memory) holds values in
    [lo, hi]."""
    if type(r) is not _ndarray or r.base is not None:
        return
    key = id(r)
    e = _TABLE.get(key)
    if e is None:
        _TABLE[key] = (lo, hi, exact, weakref.ref(r, _forget(key)))
    elif e[0] is not None:
        _TABLE[key] = (lo, hi, exact, e[3])


def record_fresh(r: Any, lo: int, hi: int) -> None:
    """record() for the array a ufunc just returned (it owns its memory and is unknown)."""
    if type(r) is _ndarray:
        key = id(r)
        _TABLE[key] = (lo, hi, False, weakref.ref(r, _forget(key)))


def measured(a: np.ndarray) -> Bounds:
    """The min and max of int64 array a (two reductions), remembered where trusted."""
    if a.size == 0:
        return 0, 0
    lo, hi = int(np.minimum.reduce(a, axis=None)), int(np.maximum.reduce(a, axis=None))
    if a.base is None:
        record(a, lo, hi, True)
    return lo, hi


def bounds(x: Any) -> tuple:
    """A tuple that starts (lo, hi, exact) for an integer or int64 array: remembered, else
    measured. A view
    (slice, reshape) finds its owner's bounds: sound, not exact."""
    if type(x) is int:
        return x, x, True
    if type(x) is not _ndarray:
        v = int(x)
        return v, v, True
    base = x.base
    if base is None:
        e = _TABLE.get(id(x))
        if e is not None and e[0] is not None:
            return e
    else:
        e = _TABLE.get(id(base))
        if e is not None and e[0] is not None and base.dtype == x.dtype:
            return e[0], e[1], False
    lo, hi = measured(x)
    return lo, hi, True


def exact_bounds(x: Any) -> Bounds:
    """The min and max of an integer or int64 array (measured if only derived bounds are
    known)."""
    e = bounds(x)
    if e[2]:
        return e[0], e[1]
    return measured(x)


def adopt(a: np.ndarray) -> np.ndarray:
    """A klong-owned int64 copy of an integer array from Python (exact: uint64 values past
    int64 become Python ints)."""
    if a.dtype.kind == "u" and a.dtype.itemsize == 8 and a.size and a.max() > INT64_MAX:
        return exact_array(a.astype(object))
    return np.array(a, dtype=np.int64)


def escape(v: Any) -> None:
    """v is going out to Python, which may write into its arrays: trust them no more."""
    if type(v) is _ndarray and v.dtype.kind == "i":
        _escape_array(v)
        return
    stack = [v]
    while stack:
        x = stack.pop()
        if type(x) is _ndarray:
            kind = x.dtype.kind
            if kind == "O":
                stack.extend(e for e in x.ravel() if type(e) is _ndarray or type(e) is dict)
            elif kind == "i":
                _escape_array(x)
        elif type(x) is dict:
            stack.extend(x.keys())
            stack.extend(x.values())


def _escape_array(a: np.ndarray) -> None:
    o = a if a.base is None else a.base
    if type(o) is not _ndarray:
        return
    key = id(o)
    e = _TABLE.get(key)
    if e is None:
        _TABLE[key] = _ESCAPED + (weakref.ref(o, _forget(key)),)
    elif e[0] is not None:
        _TABLE[key] = _ESCAPED + (e[3],)


# ---- the exact path --------------------------------------------------------------------

def as_python(x: Any) -> Any:
    """An integer array as an object array of Python ints (numpy then computes exactly)."""
    if type(x) is np.ndarray:
        return x.astype(object) if x.dtype.kind != "O" else x
    return int(x)


def exact_array(r: Any) -> Any:
    """The Klong value for an object array of Python ints of any rank: an int64 array where
    every element fits, else a 1-d object array (rows of a matrix become its items); a
    number for a number."""
    if type(r) is not np.ndarray:
        return int(r)
    if r.ndim == 0:
        return int(r[()])
    if r.size == 0:
        return np.empty(r.shape, dtype=np.int64)
    lo, hi = min(r.flat), max(r.flat)
    if fits(lo, hi):
        out = r.astype(np.int64)
        record(out, lo, hi, True)
        return out
    if r.ndim == 1:
        return r
    out = np.empty(len(r), dtype=object)
    for i, row in enumerate(r):
        out[i] = exact_array(row)
    return out


def python_product(xs: list) -> int:
    """The product of Python ints, pairwise (a left-to-right product of many large factors is
    quadratic in the size of the result)."""
    if not xs:
        return 1
    while len(xs) > 1:
        nxt = [xs[i] * xs[i + 1] for i in range(0, len(xs) - 1, 2)]
        if len(xs) % 2:
            nxt.append(xs[-1])
        xs = nxt
    return xs[0]


__all__ = ["INT64_MIN", "INT64_MAX", "adopt", "as_python", "bounds", "escape", "exact_array",
           "exact_bounds", "measured", "python_product", "record"]
