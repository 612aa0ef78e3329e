"""Exact integers over int64 arrays: the interval arithmetic that tells, before an int64
kernel runs, whether its result could leave the int64 range.

Klong integers are unbounded (language document §4). Integer lists are int64 arrays while
every element fits, so each integer kernel first combines the bounds `(lo, hi)` of its
operands with the rules below; only when the combined bounds leave int64 does the backend
take its exact path (numpy: Python integers; torch: a range error for tensor results).
Plain Python ints in, plain Python ints out: no numpy here.
"""
from __future__ import annotations

from typing import Tuple

INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1

Bounds = Tuple[int, int]


def fits(lo: int, hi: int) -> bool:
    """Every integer in [lo, hi] is an int64."""
    return INT64_MIN <= lo and hi <= INT64_MAX


def add_bounds(a: Bounds, b: Bounds) -> Bounds:
    return a[0] + b[0], a[1] + b[1]


def subtract_bounds(a: Bounds, b: Bounds) -> Bounds:
    return a[0] - b[1], a[1] - b[0]


def multiply_bounds(a: Bounds, b: Bounds) -> Bounds:
    p = (a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1])
    return min(p), max(p)


def maximum_bounds(a: Bounds, b: Bounds) -> Bounds:
    return max(a[0], b[0]), max(a[1], b[1])


def minimum_bounds(a: Bounds, b: Bounds) -> Bounds:
    return min(a[0], b[0]), min(a[1], b[1])


def negative_bounds(a: Bounds) -> Bounds:
    return -a[1], -a[0]


def magnitude(a: Bounds) -> int:
    """The largest absolute value in [lo, hi]."""
    return max(-a[0], a[1])


def _powers(m: int, n: int) -> Bounds:
    """Bounds of a product of up to n factors of magnitude at most m; (INT64_MIN - 1, 0) when
    it may not fit (found without building a huge number)."""
    if m <= 1:
        return -m, m
    if (m.bit_length() - 1) * n >= 63:
        return INT64_MIN - 1, 0
    r = m ** n
    return -r, r


def power_bounds(base: Bounds, exponent: Bounds) -> Bounds:
    """Bounds of x^e for x in base and integer e in [1, exponent[1]]."""
    return _powers(magnitude(base), max(exponent[1], 1))


def fold_bounds(op: str, a: Bounds, n: int) -> Bounds:
    """Bounds of every running fold (reduce and accumulate) of op over n >= 1 items in a:
    add, subtract (a left fold), multiply, maximum, minimum."""
    lo, hi = a[0], a[1]
    if op == "add":
        return min(lo, n * lo), max(hi, n * hi)
    if op == "subtract":
        return min(lo, lo - (n - 1) * hi), max(hi, hi - (n - 1) * lo)
    if op == "multiply":
        return _powers(magnitude(a), n)
    return lo, hi                                       # maximum, minimum


BINARY_RULES = {"add": add_bounds, "subtract": subtract_bounds, "multiply": multiply_bounds,
                "maximum": maximum_bounds, "minimum": minimum_bounds}
