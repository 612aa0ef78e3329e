"""Atomic number verbs: + - * % :% ! ^ | & and the monads - % _ ~."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from ...errors import KlongError
from ...values import UNDEFINED, is_complex, is_false, is_tensor
from ..atomic import atomic_dyad, atomic_monad
from ..primitives import dyad, monad
from ..verb_errors import verb_error

_INF = float("inf")
EXACT_INT = 2 ** 53  # int64 values beyond this do not survive a trip through float64


def num(x: Any):
    """Python int/float for a Klong number, None for anything else."""
    t = type(x)
    if t is int or t is float:
        return x
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.floating):
        return float(x)
    if is_tensor(x) and x.dim() == 0:
        return x.item()
    return None


def _nums(name: str, a: Any, b: Any):
    x, y = num(a), num(b)
    if x is None or y is None:
        raise verb_error("type", name, a, b)
    return x, y


# ---- complex numbers (from Python): + - * % ^ and the monads - % take them ----------

def _cnum(x: Any):
    """num(x), or a Python complex for a complex number, None for anything else."""
    r = num(x)
    if r is None and is_complex(x):
        return complex(x)
    return r


def _cnums(name: str, a: Any, b: Any):
    """_nums, also taking complex numbers (the real case costs what _nums costs)."""
    x, y = num(a), num(b)
    if x is None or y is None:
        x, y = _cnum(a), _cnum(b)
        if x is None or y is None:
            raise verb_error("type", name, a, b)
    return x, y


def _complex(name: str, r: complex) -> complex:
    if not (math.isfinite(r.real) and math.isfinite(r.imag)):
        raise KlongError("domain", f"{name}: domain error: overflow")
    return r


def _complex_power(x: Any, y: Any) -> Any:
    try:
        return _complex("power", complex(x) ** y)
    except ZeroDivisionError:          # 0 to a negative or complex power, as 0^-1
        return UNDEFINED
    except OverflowError:
        raise KlongError("domain", "power: domain error: overflow") from None


def _real(name: str, r: float) -> float:
    if r == _INF or r == -_INF or r != r:
        raise KlongError("domain", f"{name}: domain error: overflow")
    return r


def _overflow(name: str) -> KlongError:
    return KlongError("domain", f"{name}: domain error: overflow")


def _arith(name: str, op):
    def atom(a, b):
        x, y = _cnums(name, a, b)
        try:
            r = op(x, y)
        except OverflowError:           # an integer too large to meet a real
            raise _overflow(name) from None
        if type(r) is int:
            return r
        if type(r) is complex:
            return _complex(name, r)
        return _real(name, r)
    return atom


# ---- Plus, Minus, Times ---------------------------------------------------

_plus_atom = _arith("plus", lambda x, y: x + y)
_minus_atom = _arith("minus", lambda x, y: x - y)
_times_atom = _arith("times", lambda x, y: x * y)


@dyad("+", "plus")
def plus(B, a, b):
    if type(a) is int and type(b) is int:
        return a + b
    return atomic_dyad(B, "plus", a, b, _plus_atom, B.add)


@dyad("-", "minus")
def minus(B, a, b):
    if type(a) is int and type(b) is int:
        return a - b
    return atomic_dyad(B, "minus", a, b, _minus_atom, B.subtract)


@dyad("*", "times")
def times(B, a, b):
    if type(a) is int and type(b) is int:
        return a * b
    return atomic_dyad(B, "times", a, b, _times_atom, B.multiply)


# ---- Divide, Integer-Divide, Remainder ------------------------------------

def _divide_atom(a, b):
    x, y = _cnums("divide", a, b)
    if y == 0:
        return UNDEFINED
    try:
        r = x / y
    except OverflowError:
        raise _overflow("divide") from None
    return _complex("divide", r) if type(r) is complex else _real("divide", r)


def _past_double(B, x) -> bool:
    """An integer (array) with a value that float64 cannot hold exactly."""
    if B.is_list(x):
        return B.any((x > EXACT_INT) | (x < -EXACT_INT))
    return x > EXACT_INT or x < -EXACT_INT


def _divide_vec(B):
    def vec(a, b):
        # an integer quotient is the exact one rounded once (as Python's int/int, the atom
        # path), not the quotient of the two operands rounded to float64 first
        if B.kind(a) == "i" and B.kind(b) == "i" and (_past_double(B, a) or
                                                      _past_double(B, b)):
            raise TypeError
        return B.true_divide(a, b)
    return vec


@dyad("%", "divide")
def divide(B, a, b):
    return atomic_dyad(B, "divide", a, b, _divide_atom, _divide_vec(B))


def _int_pair(name: str, a, b):
    x, y = num(a), num(b)
    if type(x) is not int or type(y) is not int:
        raise verb_error("type", name, a, b)
    if y == 0:
        raise KlongError("division", "division by zero")
    return x, y


def _intdiv_atom(a, b):
    x, y = _int_pair("integer-divide", a, b)
    q = abs(x) // abs(y)
    return q if (x < 0) == (y < 0) else -q


def _intdiv_vec(B):
    def vec(a, b):
        if B.kind(a) != "i" or B.kind(b) != "i":
            raise TypeError
        q = B.floor_divide(a, b)
        r = B.subtract(a, B.multiply(q, b))
        fix = (r != 0) & ((a < 0) != (b < 0))
        return q + fix
    return vec


@dyad(":%", "integer-divide")
def integer_divide(B, a, b):
    return atomic_dyad(B, "integer-divide", a, b, _intdiv_atom, _intdiv_vec(B))


def _rem_atom(a, b):
    x, y = _int_pair("remainder", a, b)
    r = abs(x) % abs(y)
    return -r if x < 0 else r


def _rem_vec(B):
    def vec(a, b):
        if B.kind(a) != "i" or B.kind(b) != "i":
            raise TypeError
        if B.any(b == 0):
            raise TypeError
        return B.fmod(a, b)
    return vec


@dyad("!", "remainder")
def remainder(B, a, b):
    return atomic_dyad(B, "remainder", a, b, _rem_atom, _rem_vec(B))


# ---- Power ------------------------------------------------------------------

# an integer power whose result would need more bits than this is refused (error: limit)
_POWER_BITS_LIMIT = 1 << 27


def _int_power(x: int, y: int) -> int:
    """x^y for integers, y >= 1: exact."""
    if abs(x) > 1 and (abs(x).bit_length() - 1) * y > _POWER_BITS_LIMIT:
        raise KlongError("limit", "power: result too large")
    return x ** y


def _power_atom(a, b):
    x, y = _cnums("power", a, b)
    if type(x) is complex or type(y) is complex:
        return _complex_power(x, y)
    if type(y) is float and y == int(y) and y >= 1:
        y = int(y)
    if type(y) is int:
        if y == 0:
            return 1
        if y > 0:
            if type(x) is int:
                return _int_power(x, y)
            try:
                return _real("power", float(x) ** y)
            except OverflowError:
                raise KlongError("domain", "power: domain error: overflow") from None
        if x == 0:
            return UNDEFINED
        try:
            return _real("power", float(x) ** y)
        except (OverflowError, ZeroDivisionError):
            raise KlongError("domain", "power: domain error: overflow") from None
    if x < 0 and y != int(y):
        return UNDEFINED
    if x == 0 and y < 0:
        return UNDEFINED
    try:
        return _real("power", float(x) ** y)
    except (OverflowError, ZeroDivisionError):
        raise KlongError("domain", "power: domain error: overflow") from None


def _power_vec(B):
    def vec(a, b):
        if B.kind(b) == "i":
            if B.any(b < 1):
                # x^0 is the integer 1 and an integer base needs the exact path; a real
                # base with negative exponents is a real power (0^-n: the slow path)
                if B.kind(a) != "f" or B.any(b == 0):
                    raise TypeError
                return B.power(a, B.as_real(b))
            return B.power(a, b)
        if B.kind(a) == "i":
            # an integer base with an integral real exponent stays an integer (slow path)
            if B.any((b == B.floor(b)) & (b >= 1)):
                raise TypeError
            a = B.as_real(a)
        return B.power(a, b)
    return vec


@dyad("^", "power")
def power(B, a, b):
    return atomic_dyad(B, "power", a, b, _power_atom, _power_vec(B))


# ---- Max / Min ----------------------------------------------------------------

def _max_atom(a, b):
    x, y = _nums("max", a, b)
    return a if x >= y else b


def _min_atom(a, b):
    x, y = _nums("min", a, b)
    return a if x < y else b


def _same_kind(B, op):
    """op when a vectorised call keeps Klong's typing (both int or both real)."""
    def vec(a, b):
        if B.kind(a) != B.kind(b):
            raise TypeError
        return op(a, b)
    return vec


@dyad("|", "max")
def max_or(B, a, b):
    return atomic_dyad(B, "max", a, b, _max_atom, _same_kind(B, B.maximum))


@dyad("&", "min")
def min_and(B, a, b):
    return atomic_dyad(B, "min", a, b, _min_atom, _same_kind(B, B.minimum))


# ---- monads -------------------------------------------------------------------

def _negate_atom(a):
    x = _cnum(a)
    if x is None:
        raise verb_error("type", "negate", a)
    return -x


@monad("-", "negate")
def negate(B, a):
    if type(a) is int:
        return -a
    return atomic_monad(B, "negate", a, _negate_atom, B.negative)


def _recip_atom(a):
    x = _cnum(a)
    if x is None:
        raise verb_error("type", "reciprocal", a)
    if x == 0:
        return UNDEFINED
    try:
        r = 1 / x
    except OverflowError:
        raise _overflow("reciprocal") from None
    return _complex("reciprocal", r) if type(r) is complex else _real("reciprocal", r)


def _recip_vec(B):
    def vec(a):
        if B.kind(a) == "i" and _past_double(B, a):
            raise TypeError             # 1/x is the exact quotient rounded once, as above
        return B.true_divide(1.0, a)
    return vec


@monad("%", "reciprocal")
def reciprocal(B, a):
    return atomic_monad(B, "reciprocal", a, _recip_atom, _recip_vec(B))


_BIG = 1e18


def _floor_atom(a):
    x = num(a)
    if x is None:
        raise verb_error("type", "floor", a)
    if type(x) is int:
        return x
    f = math.floor(x) if abs(x) < _BIG else None
    return f if f is not None else float(np.floor(x))


def _floor_vec(B):
    def vec(a):
        if B.kind(a) == "i":
            return a
        f = B.floor(a)
        if B.all(B.absolute(f) < _BIG):
            return B.as_int(f)
        raise TypeError
    return vec


@monad("_", "floor")
def floor(B, a):
    return atomic_monad(B, "floor", a, _floor_atom, _floor_vec(B))


def _not_atom(a):
    return 1 if is_false(a) else 0


@monad("~", "not")
def not_(B, a):
    if B.is_list(a) and len(a) == 0:
        return 1
    if B.is_numeric_array(a):
        return B.as_int(B.equal(a, 0))
    if B.is_list(a):
        return B.make_list([not_(B, x) for x in B.items(a)])
    return _not_atom(a)
