"""Elementwise function literals: bodies built only from atomic verbs of the parameters and
number constants (`{x*x}`, `{1+x*2}`, `{(x*y)-3}`). Each over such a function gives the same
list as calling it once on the whole numeric array, so Each, Each-2 and Each-Left/Right
make that one call (`each`, `each2`, `each_left`, `each_right`; None where they do not
apply, and the caller loops). The analysis of a literal is done once per function and kept
on it (`Function.elementwise`).

Where the one call could differ from the element loop it is not made, or its result is
dropped and the loop runs:
- only atomic verbs (+ - * % :% ! ^ | & = < > and the monads - % _ ~), the parameters
  and int/real constants; no globals (they can be rebound to lists or functions), no
  calls, adverbs, conditionals, locals or lists;
- a real power is NumPy's SIMD `power` on an array but C's `pow` on an atom, whose last
  bits differ: a function with `^` runs as one call only on integers, and only where no
  operand of a `^` can be real (no real constant, `%` or `^` below it);
- numpy backend only (torch computes reals in its own dtype and refuses integer overflow);
- reals must be finite (the atom verbs refuse an infinite or NaN result, the array
  kernels let it through);
- no empty items (an atomic verb makes `[]` of them, a general list); the call must give
  the shape the loop gives, and an object array only for a 1-d result (a matrix past
  int64 is a list of rows element by element, not one object array);
- an error (or anything else the call raises) means the loop runs and says what it says.
"""
from __future__ import annotations

import math
from typing import Any, Optional, Tuple

from ..errors import KlongError
from ..syntax import ast as A
from .functions import Function

# tests turn this off to compare the one call with the element loop
ENABLED = True

ATOMIC_MONADS = frozenset(["-", "%", "_", "~"])
ATOMIC_DYADS = frozenset(["+", "-", "*", "%", ":%", "!", "^", "|", "&", "=", "<", ">"])
_PARAMS = ("x", "y")


class Plan:
    """What the analysis found of an elementwise literal: `int_only` when it has a `^`."""

    __slots__ = ("int_only",)

    def __init__(self, int_only: bool):
        self.int_only = int_only


_NOT = Plan(False)  # the cached answer "not elementwise"


class _Walk:
    """One pass over a body: elementwise or not, and whether it has a `^`."""

    def __init__(self, params: Tuple[str, ...]):
        self.params = params
        self.power = False

    def node(self, n: Any) -> Optional[bool]:
        """None if `n` is not elementwise, else whether it is integer-closed (no real
        constant, `%` or `^` in it: on integers it gives integers)."""
        t = type(n)
        if t is A.Name:
            return True if n.name in self.params else None
        if t is A.Const:
            v = n.value
            return True if type(v) is int else False if type(v) is float else None
        if t is A.Monad:
            verb = n.verb
            if type(verb) is not A.Prim or verb.op not in ATOMIC_MONADS:
                return None
            arg = self.node(n.arg)
            if arg is None:
                return None
            return arg and verb.op != "%"
        if t is A.Dyad:
            verb = n.verb
            if type(verb) is not A.Prim or verb.op not in ATOMIC_DYADS:
                return None
            left = self.node(n.left)
            if left is None:
                return None
            right = self.node(n.right)
            if right is None:
                return None
            op = verb.op
            if op == "^":
                if not (left and right):
                    return None
                self.power = True
                return False
            return left and right and op != "%"
        return None


def analyse(literal: Any) -> Optional[Plan]:
    """The plan of a function literal (an `ast.Lambda`), None if it is not elementwise."""
    if type(literal) is not A.Lambda or literal.locals or literal.arity not in (1, 2):
        return None
    exprs = literal.body.exprs
    if len(exprs) != 1:
        return None
    walk = _Walk(_PARAMS[:literal.arity])
    try:
        if walk.node(exprs[0]) is None:
            return None
    except RecursionError:
        return None
    return Plan(walk.power)


def plan(f: Any) -> Optional[Plan]:
    """The plan of a function value, None if it is not an elementwise literal."""
    if type(f) is not Function:
        return None
    p = f.elementwise
    if p is None:
        p = f.elementwise = analyse(f.literal) or _NOT
    return None if p is _NOT else p


# ---- the one call --------------------------------------------------------------------

def _operand(B, x: Any, p: Plan, array: bool) -> bool:
    """Can x be an argument of the one call: a numeric array (array=True) or a number,
    finite, an integer where the plan asks for one."""
    if array:
        if not B.is_numeric_array(x):
            return False
        k = B.kind(x)
        if k == "i":
            return True
        return k == "f" and not p.int_only and B.all(B.isfinite(x))
    t = type(x)
    if t is int:
        return True
    return t is float and not p.int_only and math.isfinite(x)


def _applies(B, f: Any, arity: int) -> Optional[Plan]:
    if not ENABLED or B.name != "numpy" or f.arity != arity:
        return None
    return plan(f)


def _call(B, f: Function, args: tuple, shape: tuple) -> Any:
    """f(args) if it gives a list of `shape` (numeric, or a 1-d object array), else None."""
    if 0 in shape:      # the loop meets empty items, which atomic verbs make general lists
        return None
    try:
        r = f.call(args)
    except KlongError as e:
        if e.kind == "interrupt":
            raise
        return None
    except Exception:
        return None
    if not B.is_list(r) or tuple(r.shape) != shape:
        return None
    if B.is_numeric_array(r) or len(shape) == 1:
        return r
    return None


def each(B, f: Any, a: Any) -> Any:
    """f'a as f(a), or None where Each must loop."""
    p = _applies(B, f, 1)
    if p is None or not _operand(B, a, p, True):
        return None
    return _call(B, f, (a,), tuple(a.shape))


def each2(B, f: Any, a: Any, b: Any) -> Any:
    """a f'b as f(a;b) for two numeric lists of one length, or None."""
    p = _applies(B, f, 2)
    if p is None or not _operand(B, a, p, True) or not _operand(B, b, p, True):
        return None
    sa, sb = tuple(a.shape), tuple(b.shape)
    if sa[:len(sb)] == sb:
        shape = sa
    elif sb[:len(sa)] == sa:
        shape = sb
    else:
        return None
    return _call(B, f, (a, b), shape)


def _fixed(B, p: Plan, a: Any, b: Any) -> Optional[Tuple[Any, tuple]]:
    """The fixed side of Each-Left/Right as an operand of the one call, with the shape of
    the result: a number as itself, a vector repeated for every item of the vector b."""
    if not _operand(B, b, p, True):
        return None
    if _operand(B, a, p, False):
        return a, tuple(b.shape)
    if b.ndim == 1 and _operand(B, a, p, True) and a.ndim == 1:
        return B.make_list([a] * len(b)), (len(b), len(a))
    return None


def each_left(B, f: Any, a: Any, b: Any) -> Any:
    """a f:\\b (f(a;y) for each y of b) as one call, or None."""
    p = _applies(B, f, 2)
    fixed = None if p is None else _fixed(B, p, a, b)
    if fixed is None:
        return None
    return _call(B, f, (fixed[0], b), fixed[1])


def each_right(B, f: Any, a: Any, b: Any) -> Any:
    """a f:/b (f(y;a) for each y of b) as one call, or None."""
    p = _applies(B, f, 2)
    fixed = None if p is None else _fixed(B, p, a, b)
    if fixed is None:
        return None
    return _call(B, f, (b, fixed[0]), fixed[1])
