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
from typing import Any, Callable, Optional

import numpy as np

from .int_bounds import INT64_MAX, INT64_MIN, Bounds, fits

# id(owner array) -> (lo, hi, exact, weak reference). `exact`: the bounds are the array's
# min and max (else derived, so wider than the data may be).
_KNOWN: dict = {}
# id(owner array) -> weak reference, for arrays Python may have written to
_ESCAPED: dict = {}


def _owner(a: np.ndarray) -> Optional[np.ndarray]:
    o = a if a.base is None else a.base
    if type(o) is not np.ndarray or o.base is not None or o.dtype != a.dtype:
        return None
    return o


def _forget(key: int, table: dict) -> Callable:
    return lambda _ref: table.pop(key, None)


def record(r: Any, lo: int, hi: int, exact: bool = False) -> None:
    """Remember that int64 array r (a fresh result) holds values in [lo, hi]."""
    if type(r) is not np.ndarray or r.base is not None:
        return
    key = id(r)
    if key in _ESCAPED:
        return
    _KNOWN[key] = (lo, hi, exact, weakref.ref(r, _forget(key, _KNOWN)))


def measured(a: np.ndarray) -> Bounds:
    """The min and max of int64 array a (two reductions), remembered where trusted."""
    if a.size == 0:
        return 0, 0
    lo, hi = int(np.minimum.reduce(a, axis=None)), int(np.maximum.reduce(a, axis=None))
    if a.base is None:
        record(a, lo, hi, True)
    return lo, hi


def bounds(x: Any) -> tuple:
    """(lo, hi, exact) of an integer or int64 array: remembered, else measured."""
    if type(x) is int:
        return x, x, True
    if type(x) is not np.ndarray:
        v = int(x)
        return v, v, True
    o = _owner(x)
    if o is not None:
        e = _KNOWN.get(id(o))
        if e is not None:
            return e[0], e[1], e[2] and o is x
    lo, hi = measured(x)
    return lo, hi, True


def exact_bounds(x: Any) -> Bounds:
    """The min and max of an integer or int64 array (measured if only derived bounds are
    known)."""
    lo, hi, exact = bounds(x)
    if exact:
        return lo, hi
    return measured(x)


def adopt(a: np.ndarray) -> np.ndarray:
    """A klong-owned int64 copy of an integer array from Python (exact: uint64 values past
    int64 become Python ints)."""
    if a.dtype.kind == "u" and a.dtype.itemsize == 8 and a.size and a.max() > INT64_MAX:
        return exact_array(a.astype(object))
    return np.array(a, dtype=np.int64)


def escape(v: Any) -> None:
    """v is going out to Python, which may write into its arrays: trust them no more."""
    stack = [v]
    while stack:
        x = stack.pop()
        if type(x) is np.ndarray:
            if x.dtype.kind == "O":
                stack.extend(e for e in x.ravel() if type(e) is np.ndarray or type(e) is dict)
            else:
                _escape_array(x)
        elif type(x) is dict:
            stack.extend(x.keys())
            stack.extend(x.values())


def _escape_array(a: np.ndarray) -> None:
    o = a if a.base is None else a.base
    if type(o) is not np.ndarray:
        return
    key = id(o)
    _KNOWN.pop(key, None)
    if key not in _ESCAPED:
        _ESCAPED[key] = weakref.ref(o, _forget(key, _ESCAPED))


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
