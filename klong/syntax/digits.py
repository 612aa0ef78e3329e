"""Numbers to and from their digits: integers of any size, reals in Klong's layout.

Klong integers are unbounded, but Python refuses to convert an int of more than 4300 decimal
digits to or from text (sys.set_int_max_str_digits, a guard against slow conversions of
untrusted input). A Klong program that computes `2^20000` means it, so the lexer and the
printer lift the limit for exactly those conversions and leave it as it was afterwards.
"""
from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def any_size_ints() -> Iterator[None]:
    """Within the block, int <-> str conversions of any length are allowed."""
    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        yield
    finally:
        sys.set_int_max_str_digits(old)


def int_of(text: str, base: int = 10) -> int:
    """int(text, base), for any number of digits."""
    try:
        return int(text, base)
    except ValueError:
        with any_size_ints():
            return int(text, base)


def int_text(n: int) -> str:
    """The decimal digits of n, for any size."""
    try:
        return str(n)
    except ValueError:
        with any_size_ints():
            return str(n)


def format_real(x: float) -> str:
    """float64 in Klong's layout: positional for 1e-18 <= |x| < 1e18, else d.ddde+NN.

    The digits are repr's (the shortest that read back, as numpy's unique mode gives)."""
    x = float(x)
    r = repr(x)
    if "e" not in r and "n" not in r:
        return r
    if x != x or x in (_INF, -_INF):
        return ":undefined"
    mant, _, exp = r.partition("e")
    a = abs(x)
    if a == 0.0 or 1e-18 <= a < 1e18:
        sign = "-" if mant[0] == "-" else ""
        whole, _, frac = mant.lstrip("-").partition(".")
        digits = whole + frac
        point = len(whole) + int(exp)  # where the decimal point goes in digits
        if point <= 0:
            return f"{sign}0.{'0' * -point}{digits}"
        if point >= len(digits):
            return f"{sign}{digits}{'0' * (point - len(digits))}.0"
        return f"{sign}{digits[:point]}.{digits[point:]}"
    if "." not in mant:
        mant += ".0"
    return f"{mant}e{exp}"


_INF = float("inf")
