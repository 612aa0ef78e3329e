"""Integers of any size to and from their digits.

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
