"""Comparison and search verbs: = < > ~ ? (Equal, Less, More, Match, Find) and the monads
Group, Grade-Up, Grade-Down and Range.

Two notions of sameness live here:

- Match (`~`, `match()`): deep equality, never an error, reals compared with the one tolerance
  `MATCH_TOLERANCE` (language §14.2). Find uses it.
- Exact sameness (`same_key()`): deep, exact, but an integer and an equal real are one value
  (§14.1 item 6). Group and Range use it; dictionary keys follow the same rule through
  `klong.runtime.dicts.dict_key` (re-exported here with `key_value` and `ListKey`).
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np

from ...errors import KlongError
from ...printer import written
from ...values import Char, Symbol, is_complex, is_number, is_tensor
from ..atomic import atomic_dyad
from ..dicts import ListKey, dict_get, dict_key, key_value
from ..primitives import dyad, monad
from ..verb_errors import verb_error
from .arithmetic import EXACT_INT as _EXACT_INT
from .arithmetic import num

# Relative tolerance of Match on reals (and real/integer pairs): both zero, or
# |a-b| <= MATCH_TOLERANCE * max(|a|, |b|). Converge uses the same test through match().
MATCH_TOLERANCE = 1e-14

_is_num = is_number


def _host(x: Any) -> Any:
    """A tensor as a numpy array: Match and exact sameness compare values on the host."""
    return x.detach().cpu().numpy() if is_tensor(x) else x


# =============================================================================
# Match
# =============================================================================

def _num_match(x: Any, y: Any) -> bool:
    x, y = num(x), num(y)
    if type(x) is int and type(y) is int:
        return x == y
    if x == y:
        return True
    return abs(x - y) <= MATCH_TOLERANCE * max(abs(x), abs(y))


def _complex_match(x: Any, y: Any) -> bool:
    """Match of two numbers, one of them complex: exact, or within MATCH_TOLERANCE of the
    larger modulus."""
    if not ((_is_num(x) or is_complex(x)) and (_is_num(y) or is_complex(y))):
        return False
    try:
        x = complex(x if is_complex(x) else num(x))
        y = complex(y if is_complex(y) else num(y))
    except OverflowError:            # an integer beyond any float: no complex equals it
        return False
    return x == y or abs(x - y) <= MATCH_TOLERANCE * max(abs(x), abs(y))


def _array_match(a: np.ndarray, b: np.ndarray) -> bool:
    if a.shape[0] != b.shape[0]:
        return False
    if a.shape[0] == 0:
        return True
    ka, kb = a.dtype.kind, b.dtype.kind
    if ka in "if" and kb in "if":
        if a.shape != b.shape:
            return False
        if ka == "i" and kb == "i":
            return bool(np.array_equal(a, b))
        with np.errstate(all="ignore"):
            x = a.astype(np.float64, copy=False)
            y = b.astype(np.float64, copy=False)
            ok = (x == y) | (np.abs(x - y) <= MATCH_TOLERANCE * np.maximum(np.abs(x), np.abs(y)))
        return bool(ok.all())
    return all(match(x, y) for x, y in zip(_items(a), _items(b)))


def _items(a: np.ndarray) -> list:
    if a.dtype.kind == "O" or a.ndim > 1:
        return list(a)
    return a.tolist()


def _dict_match(a: dict, b: dict) -> bool:
    if len(a) != len(b):
        return False
    missing = object()
    for k, v in a.items():
        w = b.get(k, missing)
        if w is missing or not match(v, w):
            return False
    return True


def match(a: Any, b: Any) -> bool:
    """Klong's `~`: deep equality, never an error (numbers with MATCH_TOLERANCE on reals)."""
    if a is b:
        return True
    ta, tb = type(a), type(b)
    if _is_num(a):
        if _is_num(b):
            return _num_match(a, b)
        return is_complex(b) and _complex_match(a, b)
    if ta is str or ta is Char or ta is Symbol:
        return tb is ta and str.__eq__(a, b)
    if is_tensor(a) or is_tensor(b):
        return match(_host(a), _host(b))
    if ta is np.ndarray:
        if tb is not np.ndarray:
            return False
        if a.ndim == 0 or b.ndim == 0:
            return a.ndim == b.ndim and match(a.item(), b.item())
        return _array_match(a, b)
    if ta is dict:
        return tb is dict and _dict_match(a, b)
    if is_complex(a):
        return _complex_match(a, b)
    return False


# =============================================================================
# Exact sameness: Group, Range and dictionary keys
# =============================================================================

def _canon(x: Any) -> Any:
    """A hashable form of x; two values get equal forms iff they are the same (exact,
    an integer equal to a real counts as the same)."""
    t = type(x)
    if t is int or t is float or t is str or t is Char:
        return x
    if t is Symbol:
        return ("y", str.__str__(x))
    if t is np.ndarray:
        if x.ndim == 0:
            return _canon(x.item())
        if x.dtype.kind == "O":
            return ("l",) + tuple(_canon(e) for e in x)
        if x.ndim == 1:
            return ("l",) + tuple(x.tolist())
        return ("l",) + tuple(_canon(r) for r in x)
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.floating):
        return float(x)
    if t is dict:
        return ("d", frozenset((_canon(key_value(k)), _canon(v)) for k, v in x.items()))
    if is_tensor(x):
        return _canon(_host(x))
    try:
        hash(x)
    except TypeError:
        return ("o", id(x))
    return x


def same_key(a: Any, b: Any) -> bool:
    """Exact sameness as used by Group, Range and dictionary keys."""
    return _canon(a) == _canon(b)


# =============================================================================
# Equal, Less, More
# =============================================================================

def _exact_vec(B, op: Callable) -> Callable:
    """Vectorised comparison giving 0/1 int64; mixed int/real operands whose integers do not
    fit float64 exactly take the slow (exact) path."""
    def vec(a, b):
        ka, kb = B.kind(a), B.kind(b)
        if ka != kb:
            ints = a if ka == "i" else b
            if B.any((ints > _EXACT_INT) | (ints < -_EXACT_INT)):
                raise TypeError
        return B.as_int(op(a, b))
    return vec


def _equal_atom(a: Any, b: Any) -> int:
    if _is_num(a) and _is_num(b):
        return 1 if num(a) == num(b) else 0
    if (is_complex(a) or is_complex(b)) and (_is_num(a) or is_complex(a)) and \
            (_is_num(b) or is_complex(b)):
        # exact, as for reals; Python compares a complex with an int exactly
        return 1 if (a if is_complex(a) else num(a)) == (b if is_complex(b) else num(b)) \
            else 0
    ta = type(a)
    if (ta is Char or ta is str or ta is Symbol) and type(b) is ta:
        return 1 if str.__eq__(a, b) else 0
    raise verb_error("type", "equal", a, b)


def _order_atom(name: str, less: bool) -> Callable:
    def atom(a: Any, b: Any) -> int:
        if _is_num(a) and _is_num(b):
            x, y = num(a), num(b)
        else:
            ta = type(a)
            if not (ta is Char or ta is str or ta is Symbol) or type(b) is not ta:
                raise verb_error("type", name, a, b)
            x, y = str.__str__(a), str.__str__(b)
        return 1 if (x < y if less else x > y) else 0
    return atom


_less_atom = _order_atom("less", True)
_more_atom = _order_atom("more", False)


@dyad("=", "equal")
def equal(B, a, b):
    return atomic_dyad(B, "equal", a, b, _equal_atom, _exact_vec(B, B.equal))


@dyad("<", "less")
def less(B, a, b):
    return atomic_dyad(B, "less", a, b, _less_atom, _exact_vec(B, B.less))


@dyad(">", "more")
def more(B, a, b):
    return atomic_dyad(B, "more", a, b, _more_atom, _exact_vec(B, B.greater))


# =============================================================================
# Grade-Up, Grade-Down
# =============================================================================

def _kind(B, x: Any) -> str | None:
    """The kind Grade orders by, None for values it cannot order."""
    if _is_num(x):
        return "number"
    t = type(x)
    if t is Char:
        return "char"
    if t is str:
        return "string"
    if t is Symbol:
        return "symbol"
    if B.is_list(x):
        return "list"
    return None


def _grade_cmp(B) -> Callable[[Any, Any], int]:
    def cmp(x: Any, y: Any) -> int:
        kx, ky = _kind(B, x), _kind(B, y)
        if kx is None:
            raise verb_error("type", "grade", x)
        if kx != ky:
            raise KlongError("type", f"grade: expected {kx}, got: {written(y)}")
        if kx == "list":
            for ex, ey in zip(B.items(x), B.items(y)):
                c = cmp(ex, ey)
                if c:
                    return c
            return (len(x) > len(y)) - (len(x) < len(y))
        if kx == "number":
            x, y = num(x), num(y)
        return (x > y) - (x < y)
    return cmp


def _grade(B, name: str, a: Any, descending: bool):
    if type(a) is str:
        if not a:
            return B.empty()
        return B.argsort(B.int_array([ord(c) for c in a]), descending)
    if not B.is_list(a):
        raise verb_error("type", "grade", a)
    n = len(a)
    if n == 0:
        return B.empty()
    if B.is_numeric_array(a):
        if a.ndim == 1:
            return B.argsort(a, descending)
        return B.argsort_rows(a, descending)
    items = B.items(a)
    first = _kind(B, items[0])
    if first is None:
        raise verb_error("type", "grade", items[0])
    for x in items:
        if _kind(B, x) != first:
            raise KlongError("type", f"grade: expected {first}, got: {written(x)}")
    if first == "number":
        keys = [num(x) for x in items]
    elif first in ("char", "string", "symbol"):
        keys = [str.__str__(x) for x in items]
    elif all(B.is_numeric_array(x) and x.ndim == 1 for x in items):
        keys = [tuple(x.tolist()) for x in items]
    else:
        keys = [functools.cmp_to_key(_grade_cmp(B))(x) for x in items]
    order = sorted(range(n), key=keys.__getitem__, reverse=descending)
    return B.int_array(order)


@monad("<", "grade-up")
def grade_up(B, a):
    return _grade(B, "grade-up", a, False)


@monad(">", "grade-down")
def grade_down(B, a):
    return _grade(B, "grade-down", a, True)


# =============================================================================
# Match, Group, Range, Find
# =============================================================================

@dyad("~", "match")
def match_verb(B, a, b):
    return 1 if match(a, b) else 0


def _first_ids(items: list) -> tuple[list, list]:
    """(group id of every item, index of each group's first item), ids by first occurrence."""
    seen: dict = {}
    ids = []
    firsts = []
    for i, x in enumerate(items):
        k = _canon(x)
        g = seen.get(k)
        if g is None:
            g = seen[k] = len(firsts)
            firsts.append(i)
        ids.append(g)
    return ids, firsts


@monad("=", "group")
def group(B, a):
    if type(a) is str:
        if not a:
            return B.empty()
        return B.make_list(B.group_indices(B.int_array([ord(c) for c in a])))
    if not B.is_list(a):
        raise verb_error("type", "group", a)
    if len(a) == 0:
        return B.empty()
    if B.is_numeric_array(a):
        return B.make_list(B.group_indices(a))
    ids, firsts = _first_ids(B.items(a))
    groups: list = [[] for _ in firsts]
    for i, g in enumerate(ids):
        groups[g].append(i)
    return B.make_list([B.int_array(g) for g in groups])


@monad("?", "range")
def range_(B, a):
    if type(a) is str:
        return "".join(dict.fromkeys(a))
    if not B.is_list(a):
        raise verb_error("type", "range", a)
    if len(a) == 0:
        return B.empty()
    if B.is_numeric_array(a):
        return B.take(a, B.first_indices(a))
    items = B.items(a)
    _, firsts = _first_ids(items)
    return B.make_list([items[i] for i in firsts])


def _find_in_string(B, a: str, b: Any):
    tb = type(b)
    if tb is Char:
        ch = str.__str__(b)
        pos = [i for i, c in enumerate(a) if c == ch]
    elif tb is str:
        if not b:
            return B.arange(len(a) + 1)
        pos = []
        i = a.find(b)
        while i >= 0:
            pos.append(i)
            i = a.find(b, i + 1)
    else:
        raise verb_error("type", "find", a, b)
    return B.int_array(pos) if pos else B.empty()


def _find_numeric(B, a: Any, b: Any):
    """Indices of the items of numeric array a matching b (vectorised), or None."""
    if _is_num(b):
        if a.ndim != 1:
            return B.empty()
        y = num(b)
    elif B.is_numeric_array(b) and tuple(b.shape) == tuple(a.shape[1:]):
        y = b
    else:
        return None
    idx = B.find_numeric(a, y, MATCH_TOLERANCE)
    return idx if len(idx) else B.empty()


@dyad("?", "find")
def find(B, a, b):
    ta = type(a)
    if ta is dict:
        return dict_get(a, b)
    if ta is str:
        return _find_in_string(B, a, b)
    if not B.is_list(a):
        raise verb_error("type", "find", a, b)
    if len(a) == 0:
        return B.empty()
    if B.is_numeric_array(a):
        r = _find_numeric(B, a, b)
        if r is not None:
            return r
    pos = [i for i, x in enumerate(B.items(a)) if match(x, b)]
    return B.int_array(pos) if pos else B.empty()


__all__ = ["MATCH_TOLERANCE", "ListKey", "dict_key", "key_value", "match", "same_key"]
