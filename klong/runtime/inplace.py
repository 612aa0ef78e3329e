"""In-place arithmetic on fresh real temporaries (numpy backend): a parent `+ - *` may write
its result into an operand that a `+ - * %` (or a primitive scan) just made, instead of
allocating, as numpy's operator temporary elision does for `a*2+b`; this matters for long
chains on large arrays. Used by the closure compiler and the Python code generator alike."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ..errors import KlongError
from ..syntax import ast as A

# the dyads that may write into a temporary, with their ufunc
INPLACE = {"+": np.add, "-": np.subtract, "*": np.multiply}
_FRESH = frozenset("+-*%")
_INPLACE_MIN = 1 << 14


def fresh(node: A.Node) -> bool:
    """Is the value of `node` always a new array when it is an array?"""
    if isinstance(node, A.Dyad):
        return isinstance(node.verb, A.Prim) and node.verb.op in _FRESH
    # a primitive scan (+\ |\ ...) of a numeric list is one new accumulate array
    v = getattr(node, "verb", None)
    return isinstance(node, A.Monad) and isinstance(v, A.Adverbed) and \
        v.adverbs == ("\\",) and isinstance(v.verb, A.Prim) and v.verb.op in "+*|&-"


def _reusable(t: Any, other: Any) -> bool:
    """Can `t` (a fresh real temporary) receive t OP other without changing the result type?
    Integer temporaries never are: integer kernels must check their result's range."""
    if type(t) is not np.ndarray or t.size < _INPLACE_MIN or t.dtype.kind != "f" \
            or not t.flags.writeable:
        return False
    if type(other) is np.ndarray:
        return other.shape == t.shape and other.dtype.kind in "fi" and other is not t
    return type(other) is float or type(other) is int


def apply_inplace(fn: Callable, B, ufunc, a: Any, b: Any, lfresh: bool, rfresh: bool) -> Any:
    """`fn(B, a, b)`, written into `b` (or `a`) where that operand is a fresh real
    temporary (`lfresh`/`rfresh`: the operand's node is `fresh`)."""
    try:
        if rfresh and _reusable(b, a):
            return ufunc(a, b, out=b)
        if lfresh and _reusable(a, b):
            return ufunc(a, b, out=a)
        return fn(B, a, b)
    except FloatingPointError:
        raise KlongError("domain", "domain error: overflow") from None
