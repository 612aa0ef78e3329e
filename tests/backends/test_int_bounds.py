"""The interval rules that tell an int64 kernel whether its result could wrap."""
from __future__ import annotations

import itertools

import pytest

from klong.backends.int_bounds import (BINARY_RULES, INT64_MAX, INT64_MIN, fits, fold_bounds,
                                       magnitude, negative_bounds, power_bounds)

SAMPLES = [(-3, 4), (0, 0), (-7, -2), (1, 9), (-5, 5)]


@pytest.mark.parametrize("name", sorted(BINARY_RULES))
def test_binary_rules_contain_every_result(name):
    ops = {"add": lambda x, y: x + y, "subtract": lambda x, y: x - y,
           "multiply": lambda x, y: x * y, "maximum": max, "minimum": min}
    for a, b in itertools.product(SAMPLES, SAMPLES):
        lo, hi = BINARY_RULES[name](a, b)
        results = [ops[name](x, y) for x in range(a[0], a[1] + 1)
                   for y in range(b[0], b[1] + 1)]
        assert lo == min(results) and hi == max(results), (name, a, b)


@pytest.mark.parametrize("op", ["add", "subtract", "multiply", "maximum", "minimum"])
def test_fold_bounds_contain_every_running_fold(op):
    ops = {"add": lambda x, y: x + y, "subtract": lambda x, y: x - y,
           "multiply": lambda x, y: x * y, "maximum": max, "minimum": min}
    for a in SAMPLES:
        for n in (1, 2, 3):
            lo, hi = fold_bounds(op, a, n)
            for xs in itertools.product(range(a[0], a[1] + 1), repeat=n):
                acc = xs[0]
                assert lo <= acc <= hi
                for x in xs[1:]:
                    acc = ops[op](acc, x)
                    assert lo <= acc <= hi, (op, a, xs)


def test_fits_and_the_edges_of_int64():
    assert fits(INT64_MIN, INT64_MAX)
    assert not fits(INT64_MIN - 1, 0) and not fits(0, INT64_MAX + 1)
    assert negative_bounds((INT64_MIN, 0)) == (0, INT64_MAX + 1)
    assert magnitude((-9, 4)) == 9


def test_power_and_product_bounds_never_build_huge_numbers():
    assert power_bounds((-3, 2), (1, 4)) == (-81, 81)
    assert power_bounds((-1, 1), (1, 10 ** 12)) == (-1, 1)
    assert not fits(*power_bounds((2, 2), (1, 63)))
    assert fits(*power_bounds((2, 2), (1, 62)))
    assert not fits(*power_bounds((0, 3), (1, 10 ** 18)))
    assert not fits(*fold_bounds("multiply", (1, 2), 10 ** 9))
    assert fold_bounds("multiply", (-1, 1), 10 ** 9) == (-1, 1)
    assert fits(*fold_bounds("add", (-1000, 1000), 10 ** 6))
    assert not fits(*fold_bounds("add", (0, INT64_MAX), 2))
