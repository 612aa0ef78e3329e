"""Each over an elementwise function literal is one call on the whole array
(klong/runtime/elementwise.py): which literals the analysis accepts, that the one call is
made, and (hypothesis) that Each, Each-2, Each-Left and Each-Right give exactly what the
element loop gives, the loop forced by `elementwise.ENABLED = False`: the same types, dtypes,
shapes and values (exact integers past int64, -0.0, reals), or the same error."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klong import KlongError, KlongInterpreter
from klong.printer import written
from klong.runtime import elementwise
from klong.syntax.parser import parse
from klong.values import is_tensor

I64 = 2 ** 63 - 1
# made before hypothesis runs (an interpreter raises the recursion limit once)
K = KlongInterpreter()


def plan_of(src: str):
    return elementwise.analyse(parse(src).exprs[0])


@pytest.mark.parametrize("src", [
    "{x*x}", "{1+x*2}", "{x^2}", "{(x*x)-3}", "{x+y}", "{-x}", "{%x}", "{_x%2}", "{~x}",
    "{x:%3}", "{x!3}", "{x|y}", "{x&0.5}", "{(x=y)+x<y}", "{x>1.5}", "{y*2}", "{x}",
    "{(x^2)%3}", "{x^y}", "{-x^2}", "{x^_x}",
])
def test_elementwise_literals(src):
    assert plan_of(src) is not None


@pytest.mark.parametrize("src", [
    # monads that are not atomic
    "{#x}", "{*x}", "{|x}", "{@x}", "{!x}", "{?x}", "{&x}", "{,x}", "{^x}", "{$x}", "{+x}",
    "{<x}", "{>x}", "{=x}", "{:_x}", "{:#x}",
    # dyads that are not atomic
    "{x,1}", "{x#1}", "{x_1}", "{x?1}", "{x@0}", "{x:=1}", "{x~1}", "{x:^2}", "{x:+1}",
    "{x$1}", "{x:@0}",
    # names, calls, adverbs, conditionals, locals, lists, strings, system functions
    "{g+x}", "{.f(x)}", "{f(x)}", "{x+f}", "{+/x}", "{x+'1}", "{:[x;1;2]}", "{[a];a::x;a}",
    "{x;x+1}", "{x+[1 2]}", "{x+\"a\"}", "{x+0ca}", "{.p(x)}", "{x+y+z}", "{1}",
    "{{x}(x)}", "{x+:a}",
    # a real that reaches a power (SIMD power and C pow differ in the last bits)
    "{x^0.5}", "{(x%2)^2}", "{(x^2)^2}", "{2^%x}", "{(x*1.5)^2}",
])
def test_not_elementwise(src):
    assert plan_of(src) is None


def test_power_asks_for_integers():
    assert plan_of("{x^2}").int_only
    assert not plan_of("{x*x}").int_only


def test_the_plan_is_kept_on_the_function():
    k = KlongInterpreter()
    k("sq::{x*x}")
    f = k["sq"].klong_function
    assert f.elementwise is None
    assert elementwise.plan(f) is not None
    first = f.elementwise
    k("sq'!3")
    assert f.elementwise is first


@pytest.fixture
def calls(monkeypatch):
    """How many Each calls took the one call (a list with the count)."""
    made = [0]
    real = elementwise._call

    def counting(*args):
        r = real(*args)
        made[0] += r is not None
        return r
    monkeypatch.setattr(elementwise, "_call", counting)
    return made


ONE_CALL = [
    ("{x*x}'!5", "[0 1 4 9 16]"),
    ("{1+x*2}'[1.5 -0.5]", "[4.0 0.0]"),
    ("{x^2}'[3037000500 2]", "[9223372037000250000 4]"),
    ("{x*x}'[4611686018427387904 3]", "[21267647932558653966460912964485513216 9]"),
    ("[1 2 3]{x+y}'[10 20 30]", "[11 22 33]"),
    ("2{x-y}:\\[1 2 3]", "[1 0 -1]"),
    ("2{x-y}:/[1 2 3]", "[-1 0 1]"),
    ("[1 2]{x*y}:\\[10 20 30]", "[[10 20] [20 40] [30 60]]"),
    ("[1 2]{x-y}:/[10 20 30]", "[[9 8] [19 18] [29 28]]"),
    ("{x%3}'[1152921504606846977 9007199254740993]",
     "[384307168202282300.0 3002399751580331.0]"),
    ("{x*2}'[[1 2] [3 4]]", "[[2 4] [6 8]]"),
    ("{x%0}'[1 2]", "[:undefined :undefined]"),  # the verb's own element path
    ("[[1 2] [3 4]]{x+y}'[10 20]", "[[11 12] [23 24]]"),
]


@pytest.mark.parametrize("src,want", ONE_CALL)
def test_one_call(src, want, calls):
    k = KlongInterpreter()
    assert written(k(src)) == want
    # numpy only (torch computes reals in its own dtype and refuses integer overflow)
    assert calls[0] == (1 if k.backend.name == "numpy" else 0)


@pytest.mark.parametrize("src,want", [
    ("{x*x}'[1 2.5]", "[1 6.25]"),          # a general list: the loop
    ("{x+1}'\"ab\"", None),                  # chars: the loop (a type error)
    ("{x^0.5}'[4 9]", "[2.0 3.0]"),          # a real power
    ("{x^2}'[1.5 2.0]", "[2.25 4.0]"),       # a power of reals
    ("[1 2]{x+y}'[1 2 3]", "[2 4]"),         # lengths differ: Each-2 stops at the shorter
    ("{g+x}'[1 2]", "[11 12]"),
])
def test_the_loop(src, want, calls):
    k = KlongInterpreter()
    k("g::10")
    if want is None:
        with pytest.raises(KlongError):
            k(src)
    else:
        assert written(k(src)) == want
    assert calls[0] == 0


@pytest.mark.parametrize("src", ["{x:%0}'[1 2]", "{x!y}'[3 0]", "2{x^y}:\\[1 40000000000]"])
def test_an_error_in_the_one_call_runs_the_loop(src, calls, monkeypatch):
    k = KlongInterpreter()
    with pytest.raises(KlongError) as fast:
        k(src)
    assert calls[0] == 0
    monkeypatch.setattr(elementwise, "ENABLED", False)
    with pytest.raises(KlongError) as loop:
        k(src)
    assert (fast.value.kind, fast.value.text) == (loop.value.kind, loop.value.text)


# ---- the one call against the element loop (hypothesis) ---------------------------------------

CONSTANTS = ["0", "1", "2", "3", "7", "-1", "-3", "0.5", "1.5", "-2.5", "2.0", "1e300", "1e-300",
             "9223372036854775807", "-9223372036854775807", "3037000500", "4294967296",
             "9007199254740993", "100000000000000000000"]
EXPONENTS = ["0", "1", "2", "3", "-1", "-2"]
MONADS = ["-", "%", "_", "~"]
DYADS = ["+", "-", "*", "%", ":%", "!", "|", "&", "=", "<", ">"]


def expressions(params):
    """Bodies made of atomic verbs, the parameters (each one at least once) and constants."""
    leaves = st.one_of(st.sampled_from(params), st.sampled_from(params),
                       st.sampled_from(CONSTANTS))

    def extend(inner):
        return st.one_of(
            st.tuples(st.sampled_from(MONADS), inner).map(lambda t: f"({t[0]}{t[1]})"),
            st.tuples(inner, st.sampled_from(DYADS), inner).map(
                lambda t: f"({t[0]}{t[1]}{t[2]})"),
            st.tuples(inner, st.sampled_from(EXPONENTS)).map(lambda t: f"({t[0]}^{t[1]})"),
        )
    return st.recursive(leaves, extend, max_leaves=6).filter(
        lambda e: all(p in e for p in params))


SMALL = st.integers(-10, 10)
EDGE_INTS = st.sampled_from([I64, -I64, -I64 - 1, I64 - 1, 3037000499, 3037000500, -3037000500,
                             2 ** 53, 2 ** 53 + 1, -(2 ** 53) - 1, 2 ** 62, 1 << 32, 0])
INTS = st.one_of(SMALL, EDGE_INTS, st.integers(-I64 - 1, I64))
BIG = st.one_of(INTS, st.integers(-2 ** 80, 2 ** 80), st.sampled_from([2 ** 64, -2 ** 70]))
REALS = st.one_of(st.floats(allow_nan=False, allow_infinity=False),
                  st.sampled_from([0.0, -0.0, 0.5, 1e308, -1e308, 5e-324, 1e-300, 2.0 ** 53]))
ODD_REALS = st.sampled_from([math.inf, -math.inf, math.nan])


def arrays(n=None):
    size = {"min_size": n, "max_size": n} if n is not None else {"max_size": 6}
    return st.one_of(
        st.lists(INTS, **size).map(lambda v: np.array(v, dtype=np.int64)),
        st.lists(REALS, **size).map(lambda v: np.array(v, dtype=np.float64)),
        st.lists(st.one_of(REALS, ODD_REALS), **size).map(
            lambda v: np.array(v, dtype=np.float64)),
        st.lists(BIG, **size),                              # past int64: a general list
        st.lists(st.one_of(INTS, REALS), **size),           # ints and reals: a general list
        st.integers(1, 3).flatmap(lambda k: st.lists(st.lists(SMALL, min_size=k, max_size=k),
                                                     **size).map(
            lambda v: np.array(v, dtype=np.int64).reshape(len(v), k))),
    )


ATOMS = st.one_of(INTS, REALS, st.sampled_from([2 ** 70, math.inf]))


def same(p, q) -> bool:
    """Identical Klong values: types, dtypes, shapes, exact values, the sign of zero."""
    if type(p) is not type(q):
        return False
    if is_tensor(p):
        return p.dtype == q.dtype and same(p.detach().cpu().numpy(), q.detach().cpu().numpy())
    if isinstance(p, np.ndarray):
        if p.dtype != q.dtype or p.shape != q.shape:
            return False
        if p.dtype == object:
            return all(same(x, y) for x, y in zip(p.tolist() if p.ndim else [p.item()],
                                                  q.tolist() if q.ndim else [q.item()]))
        if p.dtype.kind == "f":
            return bool(np.array_equal(p, q, equal_nan=True) and
                        np.array_equal(np.signbit(p), np.signbit(q)))
        return bool(np.array_equal(p, q))
    if type(p) is float:
        return (math.isnan(p) and math.isnan(q)) or \
            (p == q and math.copysign(1, p) == math.copysign(1, q))
    if type(p) is list:
        return len(p) == len(q) and all(same(x, y) for x, y in zip(p, q))
    return p == q


def outcome(k, src):
    try:
        return ("value", k(src))
    except KlongError as e:
        return ("error", e.kind, e.text)


def both_ways(k, src, monkeypatch):
    fast = outcome(k, src)
    monkeypatch.setattr(elementwise, "ENABLED", False)
    try:
        loop = outcome(k, src)
    finally:
        monkeypatch.setattr(elementwise, "ENABLED", True)
    assert fast[0] == loop[0], (src, fast, loop)
    if fast[0] == "value":
        assert same(fast[1], loop[1]), (src, fast[1], loop[1])
    else:
        assert fast[1:] == loop[1:], (src, fast, loop)


SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


@SETTINGS
@given(body=expressions("x"), a=arrays())
def test_each_is_the_loop(body, a, monkeypatch):
    k = K
    k["a"] = a
    both_ways(k, f"{{{body}}}'a", monkeypatch)


@SETTINGS
@given(body=expressions("xy"), data=st.data())
def test_each2_is_the_loop(body, data, monkeypatch):
    k = K
    a = data.draw(arrays())
    n = len(a)
    b = data.draw(st.one_of(arrays(n), arrays()))
    k["a"] = a
    k["b"] = b
    both_ways(k, f"a{{{body}}}'b", monkeypatch)


@SETTINGS
@given(body=expressions("xy"), a=st.one_of(ATOMS, arrays()), b=arrays(),
       adverb=st.sampled_from([":\\", ":/"]))
def test_each_left_right_is_the_loop(body, a, b, adverb, monkeypatch):
    k = K
    k["a"] = a
    k["b"] = b
    both_ways(k, f"a{{{body}}}{adverb}b", monkeypatch)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=st.lists(st.integers(-40, 40), max_size=6), b=st.lists(st.integers(-6, 6), max_size=6),
       body=st.sampled_from(["x^y", "(x*y)^2", "(x^y)+x", "x^_y%2", "(x:%2)^y", "-x^y"]))
def test_powers_of_integers_are_the_loop(a, b, body, monkeypatch):
    k = K
    k["a"] = np.array(a, dtype=np.int64)
    k["b"] = np.array(b[:len(a)] + [2] * (len(a) - len(b)), dtype=np.int64)
    both_ways(k, f"a{{{body}}}'b", monkeypatch)
