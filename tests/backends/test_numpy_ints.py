"""Exact integers on the numpy backend: remembered bounds stay sound when Python holds the
arrays (klong/backends/numpy_ints.py)."""
from __future__ import annotations

import numpy as np
import pytest

from klong import KlongInterpreter
from klong.backends import numpy_ints as ints
from klong.printer import written

BIG = 2 ** 62


@pytest.fixture
def k() -> KlongInterpreter:
    return KlongInterpreter(backend="numpy")


def test_arrays_from_python_are_copied(k):
    src = np.arange(10)
    k["a"] = src
    k("a+a")                                   # bounds measured and remembered
    src[0] = BIG                               # the caller's array is not klong's
    assert written(k("+/a")) == "45"


def test_arrays_given_to_python_are_no_longer_trusted(k):
    k("a::!10;b::2*!10;c::3#!10;m::[2 3]:^!6;l::(,[1 2]),,!3")
    k("a+a;b+b;c+c;m+m")                        # bounds remembered
    for name in "abc":
        arr = k[name]
        arr[0] = BIG
        assert written(k(name + "*2"))[:20] == "[9223372036854775808"
    m = k["m"]
    m[1, 1] = BIG
    assert written(k("m*4")) == "[[0 4 8] [12 18446744073709551616 20]]"
    lst = k["l"]
    lst[1][0] = BIG
    assert written(k("l*4")) == "[[4 8] [18446744073709551616 4 8]]"


def test_values_returned_by_calls_are_no_longer_trusted(k):
    k("d::!5")
    d = k("d")                                  # the value of k(...) itself
    d[0] = BIG
    assert written(k("d*2")) == "[9223372036854775808 2 4 6 8]"
    k("e::!5")
    k.exec("e;1")[0][0] = BIG
    assert written(k("e*2")) == "[9223372036854775808 2 4 6 8]"
    k("f::{x+0}")
    r = k["f"](np.arange(3))
    r[0] = BIG
    k["g"] = lambda v: v.__setitem__(0, BIG) or 0   # a Python function that writes
    k("h::!5;g(h)")
    assert written(k("h*2")) == "[9223372036854775808 2 4 6 8]"


def test_bounds_are_derived_then_measured_when_too_wide(k, monkeypatch):
    # the derived bounds of (2*x)-x triple at each step while the values stay: the kernel
    # measures before it gives up the int64 path, and never takes the Python-int path here
    def no_exact_path(r):
        raise AssertionError("took the exact path")
    monkeypatch.setattr(ints, "exact_array", no_exact_path)
    v = k("60{(2*x)-x}:*!1000")
    assert v.dtype.kind == "i" and int(v[-1]) == 999
    lo, hi, exact = ints.bounds(np.arange(5))[:3]
    assert (lo, hi, exact) == (0, 4, True)


def test_views_use_their_owners_bounds():
    a = np.arange(100, dtype=np.int64)
    ints.record(a, 0, 99, True)
    v = a[10:20]
    assert ints.bounds(v) == (0, 99, False)       # the owner's range: wider, still sound
    assert ints.exact_bounds(v) == (10, 19)


def test_escaped_arrays_are_measured_at_each_use():
    a = np.arange(5, dtype=np.int64)
    ints.record(a, 0, 4, True)
    ints.escape(a)
    a[0] = 100
    assert ints.bounds(a) == (1, 100, True)
    a[0] = -7
    assert ints.bounds(a[0:2]) == (-7, 1, True)


def test_exact_array_normalises_to_int64_where_it_fits():
    r = ints.exact_array(np.array([1, 2, 3], dtype=object))
    assert r.dtype == np.int64
    big = ints.exact_array(np.array([1, 2 ** 70], dtype=object))
    assert big.dtype == object and big[1] == 2 ** 70
    rows = ints.exact_array(np.array([[1, 2], [3, 2 ** 70]], dtype=object))
    assert rows.dtype == object and rows[0].dtype == np.int64 and rows[1][1] == 2 ** 70
    assert ints.exact_array(np.array(2 ** 70, dtype=object)) == 2 ** 70
    assert ints.python_product([3, 5, 7, 11, 13]) == 15015


def test_uint64_from_python_is_exact():
    k = KlongInterpreter(backend="numpy")
    k["u"] = np.array([2 ** 64 - 1, 1], dtype=np.uint64)
    assert written(k("u+1")) == "[18446744073709551616 2]"
