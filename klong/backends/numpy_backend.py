"""The NumPy backend: numeric lists are int64/float64 ndarrays, general lists object arrays."""
from __future__ import annotations

import operator
from typing import Any, Iterable, Optional, Sequence

import numpy as np

from ..errors import KlongError
from . import numpy_ints as ints
from .base import Backend
from .int_bounds import BINARY_RULES, INT64_MAX, INT64_MIN, fits, fold_bounds, \
    negative_bounds, power_bounds

_INT_TYPES = frozenset([int, np.int64, np.int32, np.int16, np.int8, np.uint8, np.uint16,
                        np.uint32])
_REAL_TYPES = frozenset([float, np.float64, np.float32])
_ARRAY_TYPE = frozenset([np.ndarray])


def _is_int(x: Any) -> bool:
    t = type(x)
    if t is np.ndarray:
        return x.dtype.kind == "i"
    return t is int or isinstance(x, np.integer)


_PY_OPS = {"add": operator.add, "subtract": operator.sub, "multiply": operator.mul,
           "maximum": max, "minimum": min}
_ndarray = np.ndarray


def _checked(name: str, ufunc: np.ufunc) -> Any:
    """ufunc as an exact kernel: int64 operands whose result could wrap go the Python-int
    way (see numpy_ints); everything else straight to the ufunc."""
    rule = BINARY_RULES[name]
    py = _PY_OPS[name]
    bounds, fresh = ints.bounds, ints.record_fresh

    def kernel(a: Any, b: Any) -> Any:
        # the common cases first, with no function call: a real operand, two known arrays
        if type(a) is _ndarray:
            if a.dtype.kind != "i":
                return ufunc(a, b)
        elif type(a) is float or not _is_int(a):
            return ufunc(a, b)
        if type(b) is _ndarray:
            if b.dtype.kind != "i":
                return ufunc(a, b)
        elif type(b) is float or not _is_int(b):
            return ufunc(a, b)
        ba = bounds(a)
        bb = bounds(b)
        if name == "add":
            lo, hi = ba[0] + bb[0], ba[1] + bb[1]
        else:
            lo, hi = rule(ba, bb)
        if not (INT64_MIN <= lo and hi <= INT64_MAX) and not (ba[2] and bb[2]):
            lo, hi = rule(ints.exact_bounds(a), ints.exact_bounds(b))
        if INT64_MIN <= lo and hi <= INT64_MAX:
            r = ufunc(a, b)
            fresh(r, lo, hi)
            return r
        if type(a) is not _ndarray and type(b) is not _ndarray:
            return py(int(a), int(b))
        return ints.exact_array(ufunc(ints.as_python(a), ints.as_python(b)))
    kernel.__name__ = name
    return kernel


def _negative(a: Any) -> Any:
    if _is_int(a):
        lo, hi = ints.bounds(a)[:2]
        if lo == INT64_MIN and ints.exact_bounds(a)[0] == INT64_MIN:
            if type(a) is not np.ndarray:
                return -int(a)
            return ints.exact_array(np.negative(ints.as_python(a)))
        r = np.negative(a)
        ints.record(r, *negative_bounds((lo, hi)))
        return r
    return np.negative(a)


def _absolute(a: Any) -> Any:
    if _is_int(a) and ints.exact_bounds(a)[0] == INT64_MIN:
        if type(a) is not np.ndarray:
            return abs(int(a))
        return ints.exact_array(np.absolute(ints.as_python(a)))
    return np.absolute(a)


def _floor_divide(a: Any, b: Any) -> Any:
    # int64 // wraps only for INT64_MIN // -1
    if _is_int(a) and _is_int(b) and ints.exact_bounds(a)[0] == INT64_MIN:
        if type(a) is not np.ndarray and type(b) is not np.ndarray:
            return int(a) // int(b)
        return ints.exact_array(np.floor_divide(ints.as_python(a), ints.as_python(b)))
    return np.floor_divide(a, b)


def _power(a: Any, b: Any) -> Any:
    # the verb sends integer exponents here only when every one is >= 1
    if not (_is_int(a) and _is_int(b)):
        return np.power(a, b)
    ba, bb = ints.exact_bounds(a), ints.exact_bounds(b)
    lo, hi = power_bounds(ba, bb)
    if fits(lo, hi):
        return np.power(a, b)
    if type(a) is not np.ndarray and type(b) is not np.ndarray:
        return int(a) ** int(b)
    m = max(-ba[0], ba[1])
    if (m.bit_length() - 1) * bb[1] > _PRODUCT_BITS_LIMIT:
        # some power may be too large to hold: the verb's element path checks each one
        raise TypeError("power: a result may be too large")
    return ints.exact_array(np.power(ints.as_python(a), ints.as_python(b)))


# Grade of reals, stable at the speed of an unstable sort. Each real becomes an int64 with
# the same order (`_order_keys`: -0.0 and 0.0 one key, every NaN one key, the largest);
# its low bits are replaced by the item's index, so all keys differ and NumPy's
# unstable (SIMD) sort of them orders the items by the high bits, then by index. Items
# whose high bits agree (equal reals, or reals that differ only in the low bits) are then
# put in order by (whole key, index): the result is always the stable permutation. Where a
# sample of the keys already shows such groups, they are many, and the stable sort of the
# reals is faster.
_FAST_GRADE_MIN = 4096
_SAMPLE = 1024
_SIGN_OFF = np.int64(INT64_MAX)
_NAN_KEY = np.array([np.nan]).view(np.int64)[0]


def _order_keys(a: np.ndarray) -> np.ndarray:
    """int64 keys in the order of the reals a (NaN last), equal for equal reals."""
    raw = a.view(np.int64)
    key = raw >> 63
    key &= _SIGN_OFF
    key ^= raw                  # negative reals: the magnitude's bits flipped
    nan = np.isnan(a)
    if nan.any():
        key[nan] = _NAN_KEY
    key[key == -1] = 0          # -0.0 is 0.0
    return key


def _grade_reals(a: np.ndarray, descending: bool) -> Optional[np.ndarray]:
    """The stable grade of a real vector, None where a sample shows many ties."""
    n = len(a)
    bits = max(n - 1, 1).bit_length()
    step = n // _SAMPLE
    if step > 1:
        sample = np.sort(_order_keys(a[::step]) >> bits)
        if np.any(sample[1:] == sample[:-1]):
            return None
    key = _order_keys(a)
    if descending:
        np.invert(key, out=key)
    low = (1 << bits) - 1
    key &= ~low
    key |= np.arange(n, dtype=np.int64)
    key.sort()
    idx = key & low
    key >>= bits
    same = key[1:] == key[:-1]
    if same.any():
        tied = np.zeros(n, dtype=bool)
        tied[:-1] = same
        tied[1:] |= same
        pos = np.flatnonzero(tied)
        group = np.ones(len(pos), dtype=bool)
        group[1:] = ~same[pos[1:] - 1]
        at = idx[pos]
        whole = _order_keys(a[at])
        if descending:
            np.invert(whole, out=whole)
        idx[pos] = at[np.lexsort((at, whole, np.cumsum(group)))]
    return idx


def object_list(items: Iterable[Any]) -> np.ndarray:
    """A 1-d object array holding exactly `items` (arrays stay elements, never broadcast)."""
    items = list(items)
    out = np.empty(len(items), dtype=object)
    for i, v in enumerate(items):
        out[i] = v
    return out


# a product or running product whose result would need more bits than this is refused
_PRODUCT_BITS_LIMIT = 1 << 27


def _product_factors(a: np.ndarray, prefixes: int = 1) -> list:
    """The items of int64 vector a as Python ints for an exact product, after checking that
    the result (times `prefixes` running results) stays of a size a machine can hold."""
    if a.ndim == 1 and a.size and not np.all(a):
        zero = int(np.flatnonzero(a == 0)[0])
        if prefixes == 1:
            return [0]
        a = a[:zero + 1]
    mags = np.abs(a.astype(np.float64))
    bits = float(np.sum(np.log2(mags[mags > 1]))) if mags.size else 0.0
    if bits * prefixes > _PRODUCT_BITS_LIMIT:
        raise KlongError("limit", "times: result too large")
    return a.tolist()


class NumpyBackend(Backend):
    name = "numpy"
    device = "cpu"
    array_types = (np.ndarray,)
    np = np

    # kernels the verbs call (ufuncs: scalar or array operands, broadcasting)
    # (integer kernels are exact: see numpy_ints)
    add = staticmethod(_checked("add", np.add))
    subtract = staticmethod(_checked("subtract", np.subtract))
    multiply = staticmethod(_checked("multiply", np.multiply))
    true_divide = staticmethod(np.true_divide)
    floor_divide = staticmethod(_floor_divide)
    negative = staticmethod(_negative)
    floor = staticmethod(np.floor)
    maximum = staticmethod(np.maximum)
    minimum = staticmethod(np.minimum)
    power = staticmethod(_power)
    fmod = staticmethod(np.fmod)
    absolute = staticmethod(_absolute)
    less = staticmethod(np.less)
    greater = staticmethod(np.greater)
    equal = staticmethod(np.equal)
    logical_not = staticmethod(np.logical_not)
    isfinite = staticmethod(np.isfinite)

    _ufuncs = {"add": np.add, "multiply": np.multiply, "maximum": np.maximum,
               "minimum": np.minimum, "subtract": np.subtract}

    # ---- classification -------------------------------------------------
    def is_list(self, x: Any) -> bool:
        return type(x) is np.ndarray and x.ndim > 0

    def length(self, x: Any) -> int:
        return len(x)

    def is_numeric_array(self, x: Any) -> bool:
        return type(x) is np.ndarray and x.dtype.kind in "if" and x.ndim > 0

    def is_int_array(self, x: Any) -> bool:
        return type(x) is np.ndarray and x.dtype.kind == "i"

    def is_real_array(self, x: Any) -> bool:
        return type(x) is np.ndarray and x.dtype.kind == "f"

    def is_object_array(self, x: Any) -> bool:
        return type(x) is np.ndarray and x.dtype.kind == "O"

    # ---- construction ---------------------------------------------------
    def make_list(self, items: Sequence[Any]) -> np.ndarray:
        n = len(items)
        if n == 0:
            return np.empty(0, dtype=object)
        types = set(map(type, items))
        if types <= _INT_TYPES:
            try:
                return np.array(items, dtype=np.int64)
            except OverflowError:               # exact integers past int64: Python ints
                return object_list([int(v) for v in items])
        if types <= _REAL_TYPES:
            return np.array(items, dtype=np.float64)
        if types == _ARRAY_TYPE and items[0].ndim < 32:  # numpy stops at 64 dimensions
            first = items[0]
            shape, kind = first.shape, first.dtype.kind
            if kind in "if" and all(v.shape == shape and v.dtype.kind == kind for v in items):
                return np.stack(items)
        return object_list(items)

    def object_list(self, items: Iterable[Any]) -> np.ndarray:
        return object_list(items)

    def empty(self) -> np.ndarray:
        return np.empty(0, dtype=object)

    def arange(self, n: int) -> np.ndarray:
        r = np.arange(n, dtype=np.int64)
        ints.record(r, 0, max(n - 1, 0), True)
        return r

    def int_array(self, data: Any) -> np.ndarray:
        if type(data) is np.ndarray:
            return ints.adopt(data)
        try:
            return np.asarray(data, dtype=np.int64)
        except OverflowError:
            return object_list([int(v) for v in data])

    def escape(self, v: Any) -> None:
        ints.escape(v)

    def real_array(self, data: Any) -> np.ndarray:
        return np.asarray(data, dtype=np.float64)

    def to_numpy(self, x: Any) -> Any:
        return x

    def complex_array(self, data: Any) -> np.ndarray:
        return np.asarray(data, dtype=np.complex128)

    def scalar(self, x: Any) -> Any:
        if isinstance(x, np.ndarray):
            x = x.reshape(-1)[0]
        return x.item() if isinstance(x, np.generic) else x

    def items(self, x: Any) -> list:
        if x.dtype.kind == "O" or x.ndim > 1:
            return list(x)
        return x.tolist()

    # ---- number atoms, kinds and casts ---------------------------------------
    def atom(self, r: Any) -> Any:
        return r.item() if isinstance(r, (np.generic, np.ndarray)) else r

    def kind(self, x: Any) -> str:
        if type(x) is np.ndarray:
            return x.dtype.kind
        return "i" if isinstance(x, (int, np.integer)) else "f"

    def any(self, x: Any) -> bool:
        return bool(np.any(x))

    def all(self, x: Any) -> bool:
        return bool(np.all(x))

    def as_int(self, x: Any) -> Any:
        if type(x) is np.ndarray:
            return x.astype(np.int64)
        return int(x)

    def as_real(self, x: Any) -> Any:
        if type(x) is np.ndarray:
            return x.astype(np.float64)
        return float(x)

    def copy(self, x: np.ndarray) -> np.ndarray:
        return x.copy()

    def find_numeric(self, a: np.ndarray, y: Any, tolerance: float) -> np.ndarray:
        if a.dtype.kind == "i" and self.kind(y) == "i":
            hits = a == y
        else:
            with np.errstate(all="ignore"):
                u = a.astype(np.float64, copy=False)
                v = np.asarray(y, dtype=np.float64)
                hits = (u == v) | (np.abs(u - v) <= tolerance * np.maximum(np.abs(u),
                                                                            np.abs(v)))
        if hits.ndim > 1:
            hits = hits.reshape(len(a), -1).all(axis=1)
        return np.flatnonzero(hits).astype(np.int64)

    # ---- structural kernels ------------------------------------------------
    def reduce(self, op: str, a: np.ndarray) -> Any:
        ufunc = self._ufuncs[op]
        if a.dtype.kind == "i" and not self._fold_fits(op, a):
            if op == "multiply" and a.ndim == 1:
                return ints.python_product(_product_factors(a))
            return ints.exact_array(ufunc.reduce(a.astype(object), axis=0))
        r = ufunc.reduce(a, axis=0)
        return r.item() if isinstance(r, np.generic) else r

    def accumulate(self, op: str, a: np.ndarray) -> np.ndarray:
        ufunc = self._ufuncs[op]
        if a.dtype.kind == "i" and not self._fold_fits(op, a):
            if op == "multiply":
                _product_factors(a, len(a))
            return ints.exact_array(ufunc.accumulate(a.astype(object), axis=0))
        return ufunc.accumulate(a, axis=0)

    @staticmethod
    def _fold_fits(op: str, a: np.ndarray) -> bool:
        """No running fold of op over the items of int64 array a leaves int64."""
        if op == "maximum" or op == "minimum" or a.size == 0:
            return True
        e = ints.bounds(a)
        n = len(a)
        if fits(*fold_bounds(op, e, n)):
            return True
        return not e[2] and fits(*fold_bounds(op, ints.measured(a), n))

    def argsort(self, a: np.ndarray, descending: bool = False) -> np.ndarray:
        """Stable grade of a 1-d numeric array (ties keep their order both ways)."""
        if a.dtype == np.float64 and len(a) >= _FAST_GRADE_MIN:
            idx = _grade_reals(a, descending)
            if idx is not None:
                return idx
        if descending:
            n = len(a)
            # reverse, stable sort ascending, reverse again -> stable descending
            idx = np.argsort(a[::-1], kind="stable")[::-1]
            return (n - 1 - idx).astype(np.int64)
        return np.argsort(a, kind="stable").astype(np.int64, copy=False)

    def take(self, a: np.ndarray, idx: Any) -> Any:
        return a[idx]

    def concat(self, parts: Sequence[np.ndarray]) -> np.ndarray:
        return np.concatenate(parts)

    def reverse(self, a: np.ndarray) -> np.ndarray:
        return a[::-1]

    def roll(self, a: np.ndarray, n: int) -> np.ndarray:
        return np.roll(a, n, axis=0)

    def repeat(self, a: np.ndarray, counts: Any) -> np.ndarray:
        try:
            return np.repeat(a, counts, axis=0)
        except ValueError as e:             # "array is too big": a size, not a bug
            raise MemoryError(str(e)) from None

    def nonzero(self, a: np.ndarray) -> np.ndarray:
        return np.flatnonzero(a).astype(np.int64)

    def tile_to(self, a: np.ndarray, n: int) -> np.ndarray:
        """First n items of a cycled."""
        k = len(a)
        if n <= k:
            return a[:n]
        return np.resize(a, (n,) + a.shape[1:]) if a.ndim > 1 else np.resize(a, n)

    def reshape(self, a: np.ndarray, shape: tuple) -> np.ndarray:
        return np.reshape(a, shape)

    def all_equal(self, a: Any, b: Any) -> bool:
        return bool(np.array_equal(a, b))

    # ---- comparison kernels (compare.py: Grade, Group, Range) ---------------
    def argsort_rows(self, a: np.ndarray, descending: bool = False) -> np.ndarray:
        """Stable grade of the rows of a numeric array of rank >= 2 (lexicographic)."""
        rows = a.reshape(len(a), -1)
        if descending:
            rows = rows[::-1]
        idx = np.lexsort(rows.T[::-1]) if rows.shape[1] else np.arange(len(a))
        if descending:
            return (len(a) - 1 - idx[::-1]).astype(np.int64)
        return idx.astype(np.int64, copy=False)

    def _unique_first(self, a: np.ndarray):
        """(first index of each distinct item, ascending; group id of every item)."""
        if a.ndim == 1:
            _, first, inv = np.unique(a, return_index=True, return_inverse=True)
        else:
            _, first, inv = np.unique(a.reshape(len(a), -1), axis=0, return_index=True,
                                      return_inverse=True)
        order = np.argsort(first, kind="stable")
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        return first[order].astype(np.int64), rank[inv.reshape(-1)]

    def first_indices(self, a: np.ndarray) -> np.ndarray:
        """Ascending indices of the first occurrence of each distinct item (row) of a."""
        return self._unique_first(a)[0]

    def group_indices(self, a: np.ndarray) -> list:
        """Index arrays of equal items (rows) of a, groups by first occurrence."""
        firsts, ids = self._unique_first(a)
        perm = np.argsort(ids, kind="stable").astype(np.int64)
        counts = np.bincount(ids, minlength=len(firsts))
        return np.split(perm, np.cumsum(counts)[:-1])

    # ---- kernels added for structure.py (Amend, Transpose) ------------------
    def put(self, a: np.ndarray, idx: Any, v: Any) -> np.ndarray:
        """A copy of a with a[idx] = v (v an item of a's kind: number or equal-shape row)."""
        out = a.copy()
        try:
            out[idx] = v
        except OverflowError:                   # an integer past int64 into an int64 array
            out = a.astype(object)
            out[idx] = v
            return ints.exact_array(out)
        return out

    def swap01(self, a: np.ndarray) -> np.ndarray:
        """Swap the first two axes of an array of rank >= 2 (Transpose)."""
        return np.ascontiguousarray(np.swapaxes(a, 0, 1))
