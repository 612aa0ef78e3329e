"""Structural verbs, called directly: @ :@ := :- ! # * + :+ , | & ^ :^ _ :_."""
from __future__ import annotations

import numpy as np
import pytest

from klong.backends import get_backend
from klong.errors import KlongError
from klong.printer import written
from klong.runtime.primitives import DYADS, MONADS
from klong.runtime.verbs import structure  # noqa: F401  (registers the verbs)
from klong.values import UNDEFINED, Char, PyFunction, Symbol

B = get_backend()  # the suite's backend: KLONG_BACKEND (numpy by default)


def L(*items):
    """A Klong list from Python values (nested Python lists become nested Klong lists)."""
    return B.make_list([L(*x) if isinstance(x, list) else x for x in items])


def V(*xs):
    return B.int_array(list(xs))


E = B.empty()
C = Char


def mon(g, a):
    return MONADS[g](B, a)


def dy(g, a, b):
    return DYADS[g](B, a, b)


def w(x):
    return written(x)


def raises(kind, message, fn, *args):
    with pytest.raises(KlongError) as info:
        fn(*args)
    assert info.value.kind == kind
    assert info.value.message == message


F1 = PyFunction(lambda x: x * 2, 1)
F2 = PyFunction(lambda x, y: x + y, 2)
F2m = PyFunction(lambda x, y: x - y, 2)
F0 = PyFunction(lambda: 42, 0)
FLEN = PyFunction(lambda x: len(x), 1)
MAT = L([1, 2], [3, 4])             # a 2-d int64 array


# =============================================================================
# @ Atom
# =============================================================================

@pytest.mark.parametrize("a, expected", [
    (E, 1), ("ab", 0), (V(1), 0), ("", 1), (5, 1), (2.5, 1), (C("a"), 1),
    (Symbol("x"), 1), ({1: 2}, 1), (F1, 1), (UNDEFINED, 1), (MAT, 0), (L("a", 1), 0),
])
def test_atom(a, expected):
    assert mon("@", a) == expected


# =============================================================================
# @ Index / Apply
# =============================================================================

@pytest.mark.parametrize("a, b, expected", [
    (V(10, 20, 30), V(2, 0, 0), "[30 10 10]"),
    ("hello", V(1, 4), '"eo"'),
    (MAT, 1, "[3 4]"),
    ("abc", L([0, 1], [2]), "[[0ca 0cb] [0cc]]"),
    ("abc", L([0, 1], [1, 2]), "[[0ca 0cb] [0cb 0cc]]"),
    ("abc", 1, "0cb"),
    ("abc", E, '""'),
    (V(1, 2), E, "[]"),
    (E, E, "[]"),
    (V(1, 2, 3), L([0, 1], [2, 0]), "[[1 2] [3 1]]"),
    (V(1, 2, 3), L(0, [1, [2]]), "[1 [2 [3]]]"),
    (V(1, 2, 3), L(E, 0), "[[] 1]"),
    ("abc", L(E, 0), "[[] 0ca]"),
    ("abc", L(0, [1]), "[0ca [0cb]]"),
    (L(1, "a", 2), V(0, 2), "[1 2]"),
    (L(1, "a", 2.5), V(1, 1), '["a" "a"]'),
    (L(1, "a", 2.5), V(2), "[2.5]"),
    (L(1, "a", 2.5), L([0, 2], [1]), '[[1 2.5] ["a"]]'),
    (MAT, V(1, 0), "[[3 4] [1 2]]"),
    (MAT, L([1, 0], [0, 0]), "[[[3 4] [1 2]] [[1 2] [1 2]]]"),
    (B.real_array([1.5, 2.5]), 1, "2.5"),
    (L(C("a"), C("b")), V(1, 0), "[0cb 0ca]"),
    (L(Symbol("a"), Symbol("b")), 1, ":b"),
    (V(1, 2, 3), np.int64(2), "3"),
])
def test_index(a, b, expected):
    assert w(dy("@", a, b)) == expected


def test_index_types():
    r = dy("@", V(10, 20, 30), V(2, 0))
    assert B.is_int_array(r)
    assert type(dy("@", V(10, 20, 30), 1)) is int
    assert type(dy("@", B.real_array([1.5]), 0)) is float
    assert type(dy("@", "hello", V(1, 4))) is str
    assert type(dy("@", "abc", 0)) is Char
    assert B.is_int_array(dy("@", L(1, "a", 2), V(0, 2)))     # re-packed
    assert dy("@", MAT, L([1, 0], [0, 1])).shape == (2, 2, 2)


@pytest.mark.parametrize("a, b, kind, message", [
    (V(1, 2, 3), 5, "range", "index: range error: 5"),
    (V(1, 2, 3), -1, "range", "index: range error: -1"),
    (V(1, 2, 3), V(0, 7, 9), "range", "index: range error: 7"),
    (V(1, 2, 3), L([0, 1], [4]), "range", "index: range error: 4"),
    ("abc", 3, "range", "index: range error: 3"),
    ("abc", V(0, 3), "range", "index: range error: 3"),
    (E, 0, "range", "index: range error: 0"),
    (V(1, 2, 3), 1.5, "type", "index: type error: [[1 2 3] 1.5]"),
    (V(1, 2, 3), "a", "type", 'index: type error: [[1 2 3] "a"]'),
    (V(1, 2, 3), L(0, 1.5), "type", "index: expected integer, got: 1.5"),
    (V(1, 2, 3), B.real_array([0.0]), "type", "index: expected integer, got: 0.0"),
    ({1: 2}, 1, "type", "index: type error: [:{[1 2]} 1]"),
    (5, 0, "type", "index: type error: [5 0]"),
    (Symbol("a"), 0, "type", "index: type error: [:a 0]"),
])
def test_index_errors(a, b, kind, message):
    raises(kind, message, dy, "@", a, b)


def test_apply():
    assert dy("@", F1, 5) == 10
    assert dy("@", F2, V(3, 4)) == 7
    assert dy("@", FLEN, "ab") == 2
    assert dy("@", F0, E) == 42
    assert w(dy("@", F1, V(7))) == "14"
    seen = []
    rec = PyFunction(lambda x: seen.append(x) or 0, 1)
    dy("@", rec, {1: 2})
    assert seen == [{1: 2}]
    assert w(dy("@", PyFunction(lambda x, y: x, 2), MAT)) == "[1 2]"   # rows are arguments


@pytest.mark.parametrize("f, b, message", [
    (F2, V(3), "apply: wrong number of arguments: [3]"),
    (F2, 5, "apply: wrong number of arguments: [5]"),
    (F1, V(1, 2), "apply: wrong number of arguments: [1 2]"),
    (F1, E, "apply: wrong number of arguments: []"),
    (F0, 1, "apply: wrong number of arguments: [1]"),
    (F2, "ab", 'apply: wrong number of arguments: ["ab"]'),
])
def test_apply_arity(f, b, message):
    raises("arity", message, dy, "@", f, b)


# =============================================================================
# :@ Index-in-Depth
# =============================================================================

@pytest.mark.parametrize("a, b, expected", [
    (MAT, V(1, 0), "3"),
    (MAT, V(1), "[3 4]"),
    (MAT, 0, "[1 2]"),
    (F2m, V(5, 2), "3"),
    (F1, 4, "8"),
    (L(1, [2, [3, "ab"]]), V(1, 1, 1), '"ab"'),
    (L("ab", "cd"), V(1), '"cd"'),
])
def test_index_in_depth(a, b, expected):
    assert w(dy(":@", a, b)) == expected


@pytest.mark.parametrize("a, b, kind, message", [
    (MAT, V(1, 0, 0), "shape", "index-in-depth: shape error: 3"),
    (MAT, V(2), "shape", "index-in-depth: shape error: []"),
    (MAT, V(0, 5), "shape", "index-in-depth: shape error: []"),
    (L("ab", "cd"), V(1, 0), "shape", 'index-in-depth: shape error: "cd"'),
    (MAT, E, "type", "index-in-depth: type error: [[[1 2] [3 4]] []]"),
    ("abc", 1, "type", 'index-in-depth: type error: ["abc" 1]'),
    (E, 0, "type", "index-in-depth: type error: [[] 0]"),
    (MAT, L(0, 1.5), "type", "index-in-depth: expected integer, got: 1.5"),
    (F2, V(1), "arity", "apply: wrong number of arguments: [1]"),
])
def test_index_in_depth_errors(a, b, kind, message):
    raises(kind, message, dy, ":@", a, b)


# =============================================================================
# := Amend
# =============================================================================

@pytest.mark.parametrize("a, b, expected", [
    (V(1, 2, 3, 4), V(0, 3, 1), "[1 0 3 0]"),
    (V(1, 2, 3, 4), V(0, 1, 3), "[1 0 3 0]"),
    ("ab", L("cd", 1), '"acd"'),
    (V(1, 2, 3), L([9, 9], 1), "[1 [9 9] 3]"),
    (V(1, 2, 3), V(9), "[1 2 3]"),
    (V(1, 2, 3), E, "[1 2 3]"),
    (V(1, 2, 3), L(2.5, 0), "[2.5 2 3]"),
    (B.real_array([1.5, 2.5]), L(7, 1), "[1.5 7]"),
    (B.real_array([1.5, 2.5]), L(7.5, 1), "[1.5 7.5]"),
    (L(1, "a"), V(2, 1), "[1 2]"),
    (L(1, "a"), L("b", 0), '["b" "a"]'),
    (MAT, L([7, 8], 0), "[[7 8] [3 4]]"),
    (MAT, V(5, 1), "[[1 2] 5]"),
    ("abc", L(C("x"), 0, 2), '"xbx"'),
    ("abc", L("xy", 2), '"abxy"'),
    ("abc", L("xy", 3), '"abcxy"'),
    ("abcdef", L("xy", 4, 0), '"xycdxy"'),
    ("abcdef", L("xyz", 0, 1), '"xxyzef"'),
    ("abc", L("", 3), '"abc"'),
    ("abc", V(1), '"abc"'),
    ("", L("ab", 0), '"ab"'),
    (L(Symbol("a"), Symbol("b")), L(Symbol("c"), 1), "[:a :c]"),
])
def test_amend(a, b, expected):
    assert w(dy(":=", a, b)) == expected


def test_amend_copies_and_keeps_types():
    a = V(1, 2, 3)
    r = dy(":=", a, V(0, 1))
    assert w(a) == "[1 2 3]" and B.is_int_array(r)
    m = dy(":=", MAT, L([7, 8], 0))
    assert B.is_int_array(m) and m.shape == (2, 2)
    assert B.is_int_array(dy(":=", L(1, "a"), V(2, 1)))
    assert B.is_object_array(dy(":=", V(1, 2), L(2.5, 0)))


@pytest.mark.parametrize("a, b, kind, message", [
    (V(1, 2, 3), V(0, 3), "range", "amend: range error: 3"),
    (V(1, 2, 3), V(0, 1, -1), "range", "amend: range error: -1"),
    (E, V(1, 0), "range", "amend: range error: 0"),
    (V(1, 2, 3), L(0, 1.0), "type", "amend: expected integer, got: 1.0"),
    (V(1, 2, 3), L(0, [1]), "type", "amend: expected integer, got: [1]"),
    ("abc", L(C("x"), 3), "range", "amend: range error: 3"),
    ("abc", L("x", 4), "range", "amend: range error: 4"),
    ("abc", L("x", -1), "range", "amend: range error: -1"),
    ("abc", V(1, 0), "type", "amend: expected char, got: 1"),
    ("abc", L(C("x"), 0.5), "type", "amend: expected integer, got: 0.5"),
    (V(1, 2), 5, "type", "amend: type error: [[1 2] 5]"),
    (5, V(1, 0), "type", "amend: type error: [5 [1 0]]"),
    ({1: 2}, V(1, 0), "type", "amend: type error: [:{[1 2]} [1 0]]"),
])
def test_amend_errors(a, b, kind, message):
    raises(kind, message, dy, ":=", a, b)


# =============================================================================
# :- Amend-in-Depth
# =============================================================================

@pytest.mark.parametrize("a, b, expected", [
    (MAT, V(9, 1, 1), "[[1 2] [3 9]]"),
    (L(1, [2, 3]), V(9, 1, 0), "[1 [9 3]]"),
    (V(1, 2, 3), V(9, 0), "[9 2 3]"),
    (MAT, L(9.5, 0, 1), "[[1 9.5] [3 4]]"),
    (L(1, [2, "ab"]), L(C("x"), 1, 1), "[1 [2 0cx]]"),
    (L(1, [2, 3]), L([7, 7], 1, 1), "[1 [2 [7 7]]]"),
])
def test_amend_in_depth(a, b, expected):
    assert w(dy(":-", a, b)) == expected


def test_amend_in_depth_types():
    a = MAT
    r = dy(":-", a, V(9, 1, 1))
    assert B.is_int_array(r) and w(a) == "[[1 2] [3 4]]"


@pytest.mark.parametrize("a, b, kind, message", [
    (MAT, V(9, 1), "shape", "amend-in-depth: shape error: [3 4]"),
    (V(1, 2), V(9, 0, 0), "shape", "amend-in-depth: shape error: [0]"),
    (MAT, V(9), "shape", "amend-in-depth: shape error: [[1 2] [3 4]]"),
    (MAT, V(9, 2, 0), "range", "amend-in-depth: range error: 2"),
    (MAT, V(9, 0, -1), "range", "amend-in-depth: range error: -1"),
    (MAT, L(9, 0, 1.0), "type", "amend-in-depth: expected integer, got: 1.0"),
    ("ab", V(9, 0), "type", 'amend-in-depth: type error: ["ab" [9 0]]'),
    (MAT, 9, "type", "amend-in-depth: type error: [[[1 2] [3 4]] 9]"),
])
def test_amend_in_depth_errors(a, b, kind, message):
    raises(kind, message, dy, ":-", a, b)


# =============================================================================
# ! Enumerate
# =============================================================================

def test_enumerate():
    assert w(mon("!", 5)) == "[0 1 2 3 4]"
    assert w(mon("!", 1)) == "[0]"
    assert w(mon("!", 0)) == "[]"
    assert B.is_int_array(mon("!", 5))
    assert w(mon("!", np.int64(3))) == "[0 1 2]"
    raises("domain", "enumerate: domain error: -1", mon, "!", -1)
    raises("type", "enumerate: type error: [2.0]", mon, "!", 2.0)
    raises("type", 'enumerate: type error: ["a"]', mon, "!", "a")
    raises("type", "enumerate: type error: [[1 2]]", mon, "!", V(1, 2))


# =============================================================================
# # Size / Take
# =============================================================================

@pytest.mark.parametrize("a, expected", [
    (L(1, [2, 3]), "2"), (-7, "7"), (-2.5, "2.5"), (C("a"), "97"), ("hello", "5"),
    ("", "0"), (E, "0"), (MAT, "2"), ({1: 2, 3: 4}, "2"), (np.int64(-3), "3"),
    (np.float64(-1.5), "1.5"), (0, "0"),
])
def test_size(a, expected):
    assert w(mon("#", a)) == expected


@pytest.mark.parametrize("a, message", [
    (Symbol("ab"), "size: type error: [:ab]"),
    (F1, "size: type error: [:monad]"),
    (UNDEFINED, "size: type error: [:undefined]"),
])
def test_size_errors(a, message):
    raises("type", message, mon, "#", a)


@pytest.mark.parametrize("a, b, expected", [
    (3, V(1, 2), "[1 2 1]"),
    (-2, "hello", '"lo"'),
    (-5, V(1, 2, 3), "[2 3 1 2 3]"),
    (2, V(1, 2, 3), "[1 2]"),
    (-2, V(1, 2, 3), "[2 3]"),
    (0, V(1, 2), "[]"),
    (0, "abc", '""'),
    (3, E, "[]"),
    (3, "", '""'),
    (7, "abc", '"abcabca"'),
    (-7, "abc", '"cabcabc"'),
    (3, "abc", '"abc"'),
    (1, "abc", '"a"'),
    (3, MAT, "[[1 2] [3 4] [1 2]]"),
    (-3, MAT, "[[3 4] [1 2] [3 4]]"),
    (1, L(1, "a"), "[1]"),
    (3, L(1, "a"), '[1 "a" 1]'),
    (-3, L(1, "a"), '["a" 1 "a"]'),
    (2, L(C("a"), C("b")), "[0ca 0cb]"),
    (2, L([1, 2], [3]), "[[1 2] [3]]"),
])
def test_take(a, b, expected):
    assert w(dy("#", a, b)) == expected


def test_take_types():
    assert B.is_int_array(dy("#", 5, V(1, 2)))
    assert dy("#", 3, MAT).shape == (3, 2)
    assert B.is_int_array(dy("#", 1, L(1, "a")))
    assert type(dy("#", 2, "abc")) is str


@pytest.mark.parametrize("a, b, message", [
    (1.0, V(1, 2), "take: type error: [1.0 [1 2]]"),
    (2, 5, "take: type error: [2 5]"),
    (2, {1: 2}, "take: type error: [2 :{[1 2]}]"),
    (V(1), V(1, 2), "take: type error: [[1] [1 2]]"),
    (2, C("a"), "take: type error: [2 0ca]"),
])
def test_take_errors(a, b, message):
    raises("type", message, dy, "#", a, b)


# =============================================================================
# * First
# =============================================================================

@pytest.mark.parametrize("a, expected", [
    (L([1, 2], 3), "[1 2]"), ("xyz", "0cx"), (E, "[]"), ("", '""'), (5, "5"),
    (MAT, "[1 2]"), (V(7, 8), "7"), ({1: 2}, ":{[1 2]}"), (Symbol("a"), ":a"),
    (L("ab", 1), '"ab"'),
])
def test_first(a, expected):
    assert w(mon("*", a)) == expected


def test_first_types():
    assert type(mon("*", V(7, 8))) is int
    assert type(mon("*", B.real_array([1.5]))) is float


# =============================================================================
# + Transpose
# =============================================================================

@pytest.mark.parametrize("a, expected", [
    (L([1, 2, 3], [4, 5, 6]), "[[1 4] [2 5] [3 6]]"),
    (L([1, 2], 3), "[[1 3] [2 3]]"),
    (L("ab", "cd"), '["ab" "cd"]'),
    (E, "[]"),
    (V(1, 2, 3), "[1 2 3]"),
    (L([1, "a"], [2, "b"]), '[[1 2] ["a" "b"]]'),
    (L([1], [2]), "[[1 2]]"),
    (L([[1, 2], [3, 4]], [[5, 6], [7, 8]]), "[[[1 2] [5 6]] [[3 4] [7 8]]]"),
    (L(E, E), "[[] []]"),
    (L(E, 3), "[[] 3]"),
    (L([1, 2], "ab"), '[[1 "ab"] [2 "ab"]]'),
])
def test_transpose(a, expected):
    assert w(mon("+", a)) == expected


def test_transpose_numeric_is_an_array():
    r = mon("+", L([1, 2, 3], [4, 5, 6]))
    assert B.is_int_array(r) and r.shape == (3, 2)


@pytest.mark.parametrize("a, kind, message", [
    (L([1], [2, 3]), "shape", "transpose: shape error: [[1] [2 3]]"),
    (L([1, 2], E), "shape", "transpose: shape error: [[1 2] []]"),
    ("ab", "type", 'transpose: type error: ["ab"]'),
    (5, "type", "transpose: type error: [5]"),
    ({1: 2}, "type", "transpose: type error: [:{[1 2]}]"),
])
def test_transpose_errors(a, kind, message):
    raises(kind, message, mon, "+", a)


# =============================================================================
# :+ Rotate
# =============================================================================

@pytest.mark.parametrize("a, b, expected", [
    (1, V(1, 2, 3, 4), "[4 1 2 3]"),
    (-1, "abcd", '"bcda"'),
    (-1, V(1, 2, 3, 4), "[2 3 4 1]"),
    (5, V(1, 2, 3, 4), "[4 1 2 3]"),
    (4, V(1, 2, 3, 4), "[1 2 3 4]"),
    (2, "abcd", '"cdab"'),
    (-6, "abcd", '"cdab"'),
    (1, MAT, "[[3 4] [1 2]]"),
    (1, L(1, "a", [2]), '[[2] 1 "a"]'),
    (1, E, "[]"),
    (1, "", '""'),
    (3, 5, "5"),
    (1.5, 5, "5"),
    (1, {1: 2}, ":{[1 2]}"),
    (1, V(9), "[9]"),
])
def test_rotate(a, b, expected):
    assert w(dy(":+", a, b)) == expected


def test_rotate_errors():
    raises("type", "rotate: type error: [1.5 [1 2]]", dy, ":+", 1.5, V(1, 2))
    raises("type", 'rotate: type error: [[1] "ab"]', dy, ":+", V(1), "ab")


# =============================================================================
# , List / Join
# =============================================================================

@pytest.mark.parametrize("a, expected", [
    (V(1), "[[1]]"), (C("x"), '"x"'), (5, "[5]"), ("ab", '["ab"]'), (E, "[[]]"),
    (MAT, "[[[1 2] [3 4]]]"), (Symbol("a"), "[:a]"), ({1: 2}, "[:{[1 2]}]"),
])
def test_list(a, expected):
    assert w(mon(",", a)) == expected


def test_list_types():
    assert type(mon(",", C("x"))) is str
    assert B.is_int_array(mon(",", 5))


@pytest.mark.parametrize("a, b, expected", [
    (1, 2, "[1 2]"),
    ("a", 1, '["a" 1]'),
    (L([1, 2]), L([3]), "[[1 2] [3]]"),
    (V(1, 2), V(3, 4), "[1 2 3 4]"),
    (V(1, 2), L(3.5), "[1 2 3.5]"),
    (V(1, 2), 3, "[1 2 3]"),
    (0, V(1, 2), "[0 1 2]"),
    (V(1, 2), 3.5, "[1 2 3.5]"),
    (2.5, V(1, 2), "[2.5 1 2]"),
    (E, V(1, 2), "[1 2]"),
    (V(1, 2), E, "[1 2]"),
    (E, E, "[]"),
    (E, 1, "[1]"),
    (1, E, "[1]"),
    ("ab", "cd", '"abcd"'),
    ("ab", C("c"), '"abc"'),
    (C("a"), "bc", '"abc"'),
    (C("a"), C("b"), '"ab"'),
    ("", "", '""'),
    ("ab", V(1, 2), '["ab" 1 2]'),
    (V(1, 2), "ab", '[1 2 "ab"]'),
    (E, "", '[""]'),
    (C("a"), 1, "[0ca 1]"),
    (Symbol("a"), Symbol("b"), "[:a :b]"),
    ({1: 2}, 5, "[:{[1 2]} 5]"),
    ({1: 2}, V(1, 2, 3), "[:{[1 2]} 1 2 3]"),
    ({1: 2}, "ab", '[:{[1 2]} "ab"]'),
    (MAT, L([5, 6]), "[[1 2] [3 4] [5 6]]"),
    (MAT, V(5, 6), "[[1 2] [3 4] 5 6]"),
    (MAT, 5, "[[1 2] [3 4] 5]"),
    (L(1, "a"), L(2, "b"), '[1 "a" 2 "b"]'),
    (L(1, "a"), V(2, 3), '[1 "a" 2 3]'),
    (L([1, 2], [3]), L([4, 5]), "[[1 2] [3] [4 5]]"),
    (B.real_array([1.5]), 2.5, "[1.5 2.5]"),
    (F1, F2, "[:monad :dyad]"),
])
def test_join(a, b, expected):
    assert w(dy(",", a, b)) == expected


def test_join_types():
    assert B.is_int_array(dy(",", V(1, 2), V(3)))
    assert B.is_int_array(dy(",", V(1, 2), 3))
    assert B.is_int_array(dy(",", 0, V(1, 2)))
    assert B.is_real_array(dy(",", B.real_array([1.5]), B.real_array([2.5])))
    mixed = dy(",", V(1, 2), L(3.5))
    assert B.is_object_array(mixed) and type(mixed[0]) is int and type(mixed[2]) is float
    assert B.is_object_array(dy(",", V(1, 2), 3.5))
    rows = dy(",", MAT, L([5, 6]))
    assert B.is_int_array(rows) and rows.shape == (3, 2)
    assert B.is_int_array(dy(",", 1, 2))
    assert type(dy(",", C("a"), C("b"))) is str


def test_join_dictionary_in_place():
    d = {1: 2}
    r = dy(",", d, V(3, 4))
    assert r is d and w(d) == ":{[1 2] [3 4]}"
    r = dy(",", L(5, "five"), d)
    assert r is d and w(d) == ':{[1 2] [3 4] [5 "five"]}'
    dy(",", d, L(1, "one"))                 # replace
    assert w(d) == ':{[1 "one"] [3 4] [5 "five"]}'
    e = {}
    dy(",", e, L([1, 2], Symbol("v")))      # a list as key
    assert len(e) == 1 and w(e) == ":{[[1 2] :v]}"
    dy(",", e, L([5, 6], [7, 8]))           # a 2-row matrix is a pair
    assert w(e) == ":{[[1 2] :v] [[5 6] [7 8]]}"
    dy(",", e, MAT)                         # key [1 2] again: replaced
    assert w(e) == ":{[[1 2] [3 4]] [[5 6] [7 8]]}"


def test_join_bad_dictionary_key():
    raises("type", "bad dictionary key: :{}", dy, ",", {1: 2}, L({}, 1))


# =============================================================================
# | Reverse
# =============================================================================

@pytest.mark.parametrize("a, expected", [
    (L(1, [2, 3]), "[[2 3] 1]"), ("abc", '"cba"'), (E, "[]"), ("", '""'), (5, "5"),
    (MAT, "[[3 4] [1 2]]"), (V(1, 2, 3), "[3 2 1]"), ({1: 2}, ":{[1 2]}"),
    (Symbol("a"), ":a"), (V(1), "[1]"),
])
def test_reverse(a, expected):
    assert w(mon("|", a)) == expected


# =============================================================================
# & Expand / Where
# =============================================================================

@pytest.mark.parametrize("a, expected", [
    (V(0, 1, 0, 1), "[1 3]"), (V(2, 0, 1), "[0 0 2]"), (3, "[0 0 0]"), (0, "[]"),
    (E, "[]"), (V(0, 0), "[]"), (L(1, 2), "[0 1 1]"),
])
def test_expand(a, expected):
    assert w(mon("&", a)) == expected


@pytest.mark.parametrize("a, kind, message", [
    (-1, "range", "expand: range error: -1"),
    (V(1, -2, 3), "range", "expand: range error: -2"),
    (B.real_array([1.0]), "type", "expand: expected integer, got: 1.0"),
    (L(1, [2]), "type", "expand: expected integer, got: [2]"),
    (1.5, "type", "expand: type error: [1.5]"),
    ("ab", "type", 'expand: type error: ["ab"]'),
])
def test_expand_errors(a, kind, message):
    raises(kind, message, mon, "&", a)


# =============================================================================
# ^ Shape
# =============================================================================

@pytest.mark.parametrize("a, expected", [
    (L([1, 2], [3, 4], [5, 6]), "[3 2]"),
    (L([1, 2], [3]), "[2]"),
    (L("ab", "cd"), "[2 2]"),
    (L([1, 2, 3]), "[1 3]"),
    (V(1, 2, 3), "[3]"),
    (5, "0"), (E, "0"), ("", "0"), ("abc", "[3]"), ({1: 2}, "0"), (C("a"), "0"),
    (L("ab", "c"), "[2]"),
    (L("", ""), "[2 0]"),
    (L(E, E), "[2]"),
    (L([[1, 2], [3, 4]], [[5, 6], [7, 8]]), "[2 2 2]"),
    (L([[1, 2], [3, 4]], [[5, 6], [7]]), "[2 2]"),
    (L(["ab", "cd"], ["ef", "gh"]), "[2 2 2]"),
    (L(1, [2]), "[2]"),
])
def test_shape(a, expected):
    assert w(mon("^", a)) == expected


# =============================================================================
# :^ Reshape
# =============================================================================

@pytest.mark.parametrize("a, b, expected", [
    (V(2, 2), L("ab", "cd"), '["ab" "cd"]'),
    (V(3), L("ab", "cd"), '"abc"'),
    (V(4), L("ab", "c", 1), '["abc" 1 "abc" 1]'),
    (2, C("a"), '"aa"'),
    (V(2, 3), mon("!", 6), "[[0 1 2] [3 4 5]]"),
    (V(2, 2), V(1, 2, 3), "[[1 2] [3 1]]"),
    (V(2, 3), "abcdef", '["abc" "def"]'),
    (2, "", '["" ""]'),
    (0, V(1, 2), "[1 2]"),
    (0, "abc", '"abc"'),
    (3, 7, "[7 7 7]"),
    (V(2, 2), 1.5, "[[1.5 1.5] [1.5 1.5]]"),
    (V(-1, 2), mon("!", 6), "[[0 1] [2 3] [4 5]]"),
    (-1, V(1, 2, 3, 4), "[1 2]"),
    (V(2, -1), "abcd", '["ab" "cd"]'),
    (V(2), MAT, "[[1 2] [3 4]]"),
    (V(3, 1), MAT, "[[[1 2]] [[3 4]] [[1 2]]]"),
    (V(2, 2), L(1, "a"), '[[1 "a"] [1 "a"]]'),
    (V(3), L(C("a"), C("b")), '"aba"'),
    (V(3), L(C("a"), 1), "[0ca 1 0ca]"),
    (V(2), E, "[[] []]"),
    (E, V(1, 2, 3), "1"),
    (E, "abc", "0ca"),
    (V(2, 2), Symbol("x"), "[[:x :x] [:x :x]]"),
    (V(2, 2, 2), "ab", '[["ab" "ab"] ["ab" "ab"]]'),
    (V(1), L("ab", 1), '["ab"]'),
])
def test_reshape(a, b, expected):
    assert w(dy(":^", a, b)) == expected


def test_reshape_types():
    r = dy(":^", V(2, 3), mon("!", 6))
    assert B.is_int_array(r) and r.shape == (2, 3)
    assert B.is_int_array(dy(":^", V(3), 7))
    assert dy(":^", V(2, 2), MAT).shape == (2, 2, 2)


@pytest.mark.parametrize("a, b, kind, message", [
    (V(2, 0), V(1, 2), "range", "reshape: range error: 0"),
    (V(0), V(1, 2), "range", "reshape: range error: 0"),
    (-2, V(1, 2), "range", "reshape: range error: -2"),
    (-1, 5, "range", "reshape: range error: -1"),
    (-1, V(1), "range", "reshape: range error: -1"),
    (2.0, V(1, 2), "type", "reshape: type error: [2.0 [1 2]]"),
    ("ab", V(1, 2), "type", 'reshape: type error: ["ab" [1 2]]'),
    (L(2, 1.5), V(1, 2), "type", "reshape: expected integer, got: 1.5"),
])
def test_reshape_errors(a, b, kind, message):
    raises(kind, message, dy, ":^", a, b)


# =============================================================================
# _ Drop
# =============================================================================

@pytest.mark.parametrize("a, b, expected", [
    (2, V(1, 2, 3, 4), "[3 4]"),
    (-2, "hello", '"hel"'),
    (9, V(1, 2), "[]"),
    (-9, V(1, 2), "[]"),
    (9, "ab", '""'),
    (-9, "ab", '""'),
    (0, V(1, 2), "[1 2]"),
    (0, "ab", '"ab"'),
    (1, E, "[]"),
    (1, MAT, "[[3 4]]"),
    (-1, MAT, "[[1 2]]"),
    (1, L("a", 1, 2), "[1 2]"),
    (1, L(1, "a"), '["a"]'),
])
def test_drop(a, b, expected):
    assert w(dy("_", a, b)) == expected


def test_drop_types():
    assert B.is_int_array(dy("_", 1, L("a", 1, 2)))
    assert dy("_", 1, MAT).shape == (1, 2)


def test_drop_dictionary_in_place():
    d = {1: 2, 3: 4}
    assert dy("_", 1, d) is d and w(d) == ":{[3 4]}"
    assert dy("_", 99, d) is d and w(d) == ":{[3 4]}"        # missing key ignored
    assert dy("_", "x", d) is d
    assert dy("_", {}, d) is d
    dy("_", 3.0, d)                                         # 3.0 is the key 3
    assert w(d) == ":{}"


@pytest.mark.parametrize("a, b, message", [
    (1.0, V(1, 2), "drop: type error: [1.0 [1 2]]"),
    (1, 5, "drop: type error: [1 5]"),
    (V(1), V(1, 2), "drop: type error: [[1] [1 2]]"),
    (1, Symbol("a"), "drop: type error: [1 :a]"),
])
def test_drop_errors(a, b, message):
    raises("type", message, dy, "_", a, b)


# =============================================================================
# :_ Undefined / Cut
# =============================================================================

def test_undefined():
    assert mon(":_", UNDEFINED) == 1
    assert mon(":_", Symbol("undefined")) == 0
    assert mon(":_", 0) == 0
    assert mon(":_", E) == 0


@pytest.mark.parametrize("a, b, expected", [
    (3, "abc", '["abc" ""]'),
    (1, V(5, 6, 7), "[[5] [6 7]]"),
    (V(1, 3), "abcde", '["a" "bc" "de"]'),
    (V(0, 2), V(7, 8), "[[] [7 8] []]"),
    (E, V(1, 2), "[[1 2]]"),
    (E, "ab", '["ab"]'),
    (0, E, "[[]]"),
    (0, "", '[""]'),
    (V(0, 0), "", '["" ""]'),
    (E, E, "[[]]"),
    (V(1, 1), V(1, 2), "[[1] [] [2]]"),
    (1, L(1, "a"), '[[1] ["a"]]'),
    (2, V(1, 2, 3, 4), "[[1 2] [3 4]]"),
    (1, MAT, "[[[1 2]] [[3 4]]]"),
])
def test_cut(a, b, expected):
    assert w(dy(":_", a, b)) == expected


def test_cut_types():
    r = dy(":_", 2, V(1, 2, 3, 4))
    assert B.is_int_array(r) and r.shape == (2, 2)
    r = dy(":_", 1, L(1, "a"))
    assert B.is_int_array(r[0])


@pytest.mark.parametrize("a, b, kind, message", [
    (V(2, 1), V(1, 2, 3), "range", "cut: range error: [2 1]"),
    (-1, V(1, 2, 3), "range", "cut: range error: [-1]"),
    (5, V(1, 2), "length", "cut: length error: [5]"),
    (V(1, 5), V(1, 2), "length", "cut: length error: [1 5]"),
    (5, "ab", "range", "cut: range error: [5]"),
    (V(2, 1), "abc", "range", "cut: range error: [2 1]"),
    (L(1, 1.5), V(1, 2), "type", "cut: expected integer, got: 1.5"),
    (1.5, V(1, 2), "type", "cut: type error: [1.5 [1 2]]"),
    (1, 5, "type", "cut: type error: [1 5]"),
    (1, {1: 2}, "type", "cut: type error: [1 :{[1 2]}]"),
])
def test_cut_errors(a, b, kind, message):
    raises(kind, message, dy, ":_", a, b)


# =============================================================================
# registration
# =============================================================================

def test_registered():
    for g in ("@", "!", "#", "*", "+", ",", "|", "&", "^", ":_"):
        assert MONADS[g].__module__ == structure.__name__, g
    for g in ("@", ":@", ":=", ":-", "#", ":+", ",", ":^", "_", ":_"):
        assert DYADS[g].__module__ == structure.__name__, g


# =============================================================================
# end to end: every example of these verbs in the language document, through the
# interpreter (parser + compiler + verb table)
# =============================================================================

DOC_EXAMPLES = [
    ("@[]", "1"), ('@"ab"', "0"), ("@[1]", "0"),
    ("[10 20 30]@[2 0 0]", "[30 10 10]"), ('"hello"@[1 4]', '"eo"'),
    ("[[1 2] [3 4]]@1", "[3 4]"), ('"abc"@[[0 1] [2]]', "[[0ca 0cb] [0cc]]"),
    ("{x*2}@5", "10"), ("{x+y}@[3 4]", "7"), ('{#x}@"ab"', "2"),
    ("[[1 2] [3 4]]:@[1 0]", "3"), ("[[1 2] [3 4]]:@[1]", "[3 4]"), ("{x-y}:@[5 2]", "3"),
    ("[1 2 3 4]:=0,[3 1]", "[1 0 3 0]"), ("[1 2 3 4]:=0,[1 3]", "[1 0 3 0]"),
    ('"ab":="cd",1', '"acd"'), ("[1 2 3]:=(,[9 9]),1", "[1 [9 9] 3]"),
    ("[[1 2] [3 4]]:-9,[1 1]", "[[1 2] [3 9]]"), ("[1 [2 3]]:-9,[1 0]", "[1 [9 3]]"),
    ("!5", "[0 1 2 3 4]"), ("!1", "[0]"), ("!0", "[]"),
    ("#[1 [2 3]]", "2"), ("#-7", "7"), ("#-2.5", "2.5"), ("#0ca", "97"),
    ("3#[1 2]", "[1 2 1]"), ('(-2)#"hello"', '"lo"'), ("(-5)#[1 2 3]", "[2 3 1 2 3]"),
    ("&[0 1 0 1]", "[1 3]"), ("&[2 0 1]", "[0 0 2]"), ("&3", "[0 0 0]"), ("&0", "[]"),
    ("*[[1 2] 3]", "[1 2]"), ('*"xyz"', "0cx"), ("*[]", "[]"),
    ("+[[1 2 3] [4 5 6]]", "[[1 4] [2 5] [3 6]]"), ("+[[1 2] 3]", "[[1 3] [2 3]]"),
    ('+["ab" "cd"]', '["ab" "cd"]'),
    ("1:+[1 2 3 4]", "[4 1 2 3]"), ('(-1):+"abcd"', '"bcda"'),
    (",[1]", "[[1]]"), (",0cx", '"x"'), ("1,2", "[1 2]"), ('"a",1', '["a" 1]'),
    ("[[1 2]],[[3]]", "[[1 2] [3]]"), (":{[1 2]},5", "[:{[1 2]} 5]"), ("0ca,0cb", '"ab"'),
    ("^[[1 2] [3 4] [5 6]]", "[3 2]"), ("^[[1 2] [3]]", "[2]"), ('^["ab" "cd"]', "[2 2]"),
    ("^[[1 2 3]]", "[1 3]"), ("^:{[1 2]}", "0"),
    ('[2 2]:^["ab" "cd"]', '["ab" "cd"]'), ('[3]:^["ab" "cd"]', '"abc"'),
    ('[4]:^["ab" "c" 1]', '["abc" 1 "abc" 1]'), ("2:^0ca", '"aa"'),
    ("[2 3]:^!6", "[[0 1 2] [3 4 5]]"), ("[2 2]:^[1 2 3]", "[[1 2] [3 1]]"),
    ('[2 3]:^"abcdef"', '["abc" "def"]'), ('2:^""', '["" ""]'),
    ("2_[1 2 3 4]", "[3 4]"), ('(-2)_"hello"', '"hel"'), ("9_[1 2]", "[]"),
    (":_5%0", "1"), (":_:undefined", "0"),
    ('3:_"abc"', '["abc" ""]'), ("1:_[5 6 7]", "[[5] [6 7]]"),
    ('[1 3]:_"abcde"', '["a" "bc" "de"]'), ("[0 2]:_[7 8]", "[[] [7 8] []]"),
    ("[]:_[1 2]", "[[1 2]]"),
    ("|[1 [2 3]]", "[[2 3] 1]"), ('|"abc"', '"cba"'),
    ("d:::{[1 2]};e::d;e,[3 4];#d", "2"), ("d:::{[1 2]};[5 6],d", ":{[1 2] [5 6]}"),
    ("d:::{[1 2] [3 4]};1_d", ":{[3 4]}"), ("[1 2],[3.5]", "[1 2 3.5]"),
    ('split::{1_1_:\\((x,y)?x):_x,y};split(0c,;"a,b,,c")', '["a" "b" "" "c"]'),
]


@pytest.fixture(scope="module")
def interp():
    mod = pytest.importorskip("klong.interpreter")
    return mod.KlongInterpreter()


@pytest.mark.parametrize("src, expected", DOC_EXAMPLES)
def test_doc_examples_through_interpreter(interp, src, expected):
    assert w(interp(src)) == expected


@pytest.mark.parametrize("src, kind, message", [
    ("[1 2 3]@5", "range", "index: range error: 5"),
    ("[1 2 3]@1.5", "type", "index: type error: [[1 2 3] 1.5]"),
    ("{x+y}@[3]", "arity", "apply: wrong number of arguments: [3]"),
    ("[[1 2] [3 4]]:@[1 0 0]", "shape", "index-in-depth: shape error: 3"),
    ("[1 2 3]:=0,3", "range", "amend: range error: 3"),
    ("[1 2 3]:=0,1.0", "type", "amend: expected integer, got: 1.0"),
    ("!-1", "domain", "enumerate: domain error: -1"),
    ("+[[1] [2 3]]", "shape", "transpose: shape error: [[1] [2 3]]"),
    ("&-1", "range", "expand: range error: -1"),
    ("[2 1]:_[1 2 3]", "range", "cut: range error: [2 1]"),
    ("5:_[1 2]", "length", "cut: length error: [5]"),
    ("[2 0]:^1", "range", "reshape: range error: 0"),
    (":{[1 2]},[:{} 1]", "type", "bad dictionary key: :{}"),
])
def test_errors_through_interpreter(interp, src, kind, message):
    raises(kind, message, interp, src)


def test_size_of_a_complex_number_is_its_modulus():
    assert mon("#", complex(3, -4)) == 5.0 and type(mon("#", 2j)) is float
    assert mon("#", L(1j, 2j)) == 2
