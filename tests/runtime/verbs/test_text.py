"""Direct tests of the text verbs: $ (Format, Format2), :$ (Form), :# (Char, Split)."""
from __future__ import annotations

import numpy as np
import pytest

from klong.backends import get_backend
from klong.errors import KlongError
from klong.printer import written
from klong.runtime.primitives import DYADS, MONADS
from klong.runtime.verbs import text
from klong.values import UNDEFINED, Char, PyFunction, Symbol

B = get_backend()  # the suite's backend: KLONG_BACKEND (numpy by default)


def L(*items):
    """A Klong list from Python values (nested tuples become nested lists)."""
    return B.make_list([L(*x) if isinstance(x, tuple) else x for x in items])


def c(x: str) -> Char:
    return Char(x)


def s(name: str) -> Symbol:
    return Symbol(name)


def m(glyph, a):
    return written(MONADS[glyph](B, a))


def d(glyph, a, b):
    return written(DYADS[glyph](B, a, b))


def err(fn, *args):
    with pytest.raises(KlongError) as e:
        fn(B, *args)
    return e.value.kind, e.value.message


def test_registered():
    assert MONADS["$"] is text.format_ and DYADS["$"] is text.format2
    assert DYADS[":$"] is text.form
    assert MONADS[":#"] is text.char and DYADS[":#"] is text.split


# ---- Format ---------------------------------------------------------------------

class TestFormat:
    def test_doc_examples(self):
        assert m("$", -12) == '"-12"'
        assert m("$", s("ab")) == '":ab"'
        assert m("$", L(1, 2)) == '["1" "2"]'
        assert m("$", B.empty()) == ":undefined"

    def test_atoms(self):
        assert m("$", 2.5) == '"2.5"'
        assert m("$", 2.0) == '"2.0"'
        assert m("$", 1e20) == '"1.0e+20"'
        assert m("$", 1e-5) == '"0.00001"'
        assert m("$", np.int64(7)) == '"7"'
        assert m("$", np.float64(0.5)) == '"0.5"'
        assert m("$", "ab") == '"ab"'
        assert m("$", "") == '""'
        assert m("$", 'say "hi"') == '"say ""hi"""'

    def test_char_gives_plain_string(self):
        r = MONADS["$"](B, c("x"))
        assert r == "x" and type(r) is str

    def test_undefined_results(self):
        assert m("$", {1: 2}) == ":undefined"
        assert m("$", PyFunction(lambda x: x, 1)) == ":undefined"
        assert m("$", UNDEFINED) == ":undefined"

    def test_lists(self):
        assert m("$", L(1, (2, c("x")), s("a"))) == '["1" ["2" "x"] ":a"]'
        assert m("$", L(1, B.empty())) == '["1" :undefined]'
        assert m("$", np.array([[1, 2], [3, 4]])) == '[["1" "2"] ["3" "4"]]'
        assert m("$", L(1.5, 2.0)) == '["1.5" "2.0"]'
        assert m("$", L("ab", "c")) == '["ab" "c"]'
        assert m("$", L(c("a"), c("b"))) == '["a" "b"]'


# ---- Format2 --------------------------------------------------------------------

class TestFormat2:
    def test_doc_examples(self):
        assert d("$", 5, 42) == '"42   "'
        assert d("$", -5, 42) == '"   42"'
        assert d("$", 6.2, 3.5) == '"     3.50"'
        assert d("$", 8.3, -2.25) == '"      -2.250"'
        assert d("$", 6.2, 3.14159) == '"3.14159"'
        assert d("$", 6.2, 3) == '"3     "'

    def test_integer_widths(self):
        assert d("$", 0, 42) == '"42"'
        assert d("$", 2, 12345) == '"12345"'
        assert d("$", -2, 12345) == '"12345"'
        assert d("$", 5, "ab") == '"ab   "'
        assert d("$", -5, c("x")) == '"    x"'
        assert d("$", 4, s("a")) == '":a  "'
        assert d("$", 6, 2.5) == '"2.5   "'
        assert d("$", np.int64(3), 1) == '"1  "'

    def test_real_widths(self):
        assert d("$", 5.05, 1.5) == '"    1.50000"'
        assert d("$", 5.25, 0.5) == '"    0.5' + "0" * 24 + '"'
        assert d("$", 3.2, 1234.5) == '"1234.5"'
        assert d("$", 4.2, -12.5) == '" -12.50"'
        assert d("$", 4.2, -1234.5) == '"-1234.5"'
        assert d("$", -6.2, 3.5) == '"     3.50"'
        assert d("$", 3.0, 2.5) == '"2.5"'
        assert d("$", 10.2, 1e20) == '"1.0e+20   "'
        assert d("$", 6.2, 1e20) == '"1.0e+20"'
        assert d("$", 6.2, "ab") == '"ab    "'

    def test_undefined(self):
        assert d("$", 5, B.empty()) == ":undefined"
        assert d("$", 5, {1: 2}) == ":undefined"
        assert d("$", 5.2, PyFunction(lambda x: x, 1)) == ":undefined"

    def test_lists(self):
        assert d("$", 3, L(1, 2)) == '["1  " "2  "]'
        assert d("$", L(2, -3), L(1, 2)) == '["1 " "  2"]'
        assert d("$", L(2, 3), 7) == '["7 " "7  "]'
        assert d("$", 2, L(1, (2, "a"))) == '["1 " ["2 " "a "]]'

    def test_errors(self):
        assert err(DYADS["$"], "a", 1) == ("type", 'format2: type error: ["a" 1]')
        assert err(DYADS["$"], c("a"), 1)[0] == "type"
        assert err(DYADS["$"], B.empty(), 1)[0] == "type"
        assert err(DYADS["$"], L(1, 2), L(1, 2, 3))[0] == "shape"


# ---- Form -----------------------------------------------------------------------

class TestForm:
    def test_doc_examples(self):
        assert d(":$", 1, "-17") == "-17"
        assert d(":$", 1, "+12") == "12"
        assert d(":$", 0.0, "2") == "2.0"
        assert d(":$", s("x"), "foo") == ":foo"
        assert d(":$", 1, "1.5") == ":undefined"
        assert d(":$", 1, " 1") == ":undefined"

    def test_integers(self):
        assert d(":$", 1, "007") == "7"
        assert type(DYADS[":$"](B, 1, "5")) is int
        assert d(":$", np.int64(1), "5") == "5"
        for bad in ("", "x", "1 ", "-", "1_000", "0x10", "\u0661", "1e3"):
            assert d(":$", 1, bad) == ":undefined"

    def test_reals(self):
        assert d(":$", 0.0, "1e3") == "1000.0"
        assert d(":$", 0.5, "-1.5") == "-1.5"
        assert d(":$", 0.5, "1.") == "1.0"
        assert d(":$", 0.5, "+2.5e-1") == "0.25"
        assert type(DYADS[":$"](B, 0.0, "3")) is float
        for bad in (".5", "1E3", "1e", "1.2.3", "", "inf", "nan", "1e999"):
            assert d(":$", 0.0, bad) == ":undefined"

    def test_chars_strings_symbols(self):
        r = DYADS[":$"](B, c("a"), "x")
        assert r == Char("x") and type(r) is Char
        assert d(":$", c("a"), "xy") == ":undefined"
        assert d(":$", c("a"), "") == ":undefined"
        assert d(":$", "", "abc") == '"abc"'
        assert d(":$", s("x"), ":foo") == ":foo"
        assert d(":$", s("x"), "a.b1") == ":a.b1"
        assert d(":$", s("x"), "1a") == ":undefined"
        assert d(":$", s("x"), ".a") == ":undefined"
        assert d(":$", s("x"), "") == ":undefined"

    def test_other_prototypes_return_b(self):
        assert d(":$", {1: 2}, "x") == '"x"'
        assert d(":$", UNDEFINED, "x") == '"x"'
        assert d(":$", B.empty(), "x") == '"x"'

    def test_lists(self):
        assert d(":$", 1, L("1", "2")) == "[1 2]"
        assert d(":$", 1, L("1", "x")) == "[1 :undefined]"
        assert d(":$", L(1, 0.0), L("1", "2")) == "[1 2.0]"
        assert d(":$", L(1, 0.0), "3") == "[3 3.0]"

    def test_errors(self):
        assert err(DYADS[":$"], 1, 5) == ("type", "form: type error: [1 5]")
        assert err(DYADS[":$"], 1, c("5"))[0] == "type"
        assert err(DYADS[":$"], 1, s("a"))[0] == "type"
        assert err(DYADS[":$"], 1, L("1", 2))[0] == "type"
        assert err(DYADS[":$"], L(1, 2), L("1"))[0] == "shape"


# ---- Char -----------------------------------------------------------------------

class TestChar:
    def test_doc_examples(self):
        assert m(":#", L(72, 105)) == "[0cH 0ci]"

    def test_atoms(self):
        r = MONADS[":#"](B, 65)
        assert r == Char("A") and type(r) is Char
        assert m(":#", np.int64(48)) == "0c0"
        assert m(":#", 256) == "0c\u0100"
        assert m(":#", 0x10FFFF) == "0c\U0010ffff"

    def test_lists(self):
        assert m(":#", B.empty()) == "[]"
        assert m(":#", L(65, (66, 67))) == "[0cA [0cB 0cC]]"
        assert m(":#", np.array([[65, 66], [67, 68]])) == "[[0cA 0cB] [0cC 0cD]]"

    def test_errors(self):
        assert err(MONADS[":#"], -1) == ("domain", "char: domain error: -1")
        assert err(MONADS[":#"], 0x110000) == ("domain", "char: domain error: 1114112")
        assert err(MONADS[":#"], L(65, -1)) == ("domain", "char: domain error: -1")
        assert err(MONADS[":#"], 65.0) == ("type", "char: type error: [65.0]")
        assert err(MONADS[":#"], L(65.0, 66.0)) == ("type", "char: type error: [65.0]")
        assert err(MONADS[":#"], "A")[0] == "type"
        assert err(MONADS[":#"], c("A"))[0] == "type"


# ---- Split ----------------------------------------------------------------------

class TestSplit:
    def test_doc_examples(self):
        assert d(":#", 3, L(1, 2, 3, 4, 5, 6, 7)) == "[[1 2 3] [4 5 6] [7]]"
        assert d(":#", L(1, 2), "abcdef") == '["a" "bc" "d" "ef"]'

    def test_lists_and_strings(self):
        r = DYADS[":#"](B, 2, L(1, 2, 3, 4))
        assert written(r) == "[[1 2] [3 4]]"
        assert d(":#", 5, "abc") == '["abc"]'
        assert d(":#", 1, "abc") == '["a" "b" "c"]'
        assert d(":#", L(2), L(1.5, 2.5, 3.5)) == "[[1.5 2.5] [3.5]]"
        assert d(":#", 2, L("ab", c("x"), s("y"))) == '[["ab" 0cx] [:y]]'
        assert d(":#", 2, np.array([[1, 2], [3, 4], [5, 6]])) == "[[[1 2] [3 4]] [[5 6]]]"
        assert d(":#", np.int64(2), "abc") == '["ab" "c"]'

    def test_general_pieces_become_canonical(self):
        r = DYADS[":#"](B, 2, L(1, "a", 2, 3))
        assert written(r) == '[[1 "a"] [2 3]]'
        assert B.is_int_array(r[1])

    def test_empty(self):
        assert d(":#", 2, "") == "[]"
        assert d(":#", 2, B.empty()) == "[]"
        assert d(":#", L(1, 2), "") == "[]"

    def test_empty_b_wins_over_a_bad_length(self):
        # kg: [2 0 1]:#[] -> [], 0:#[] -> [], [0]:#"" -> [], (-1):#[] -> []
        assert d(":#", L(2, 0, 1), B.empty()) == "[]"
        assert d(":#", 0, B.empty()) == "[]"
        assert d(":#", L(0), "") == "[]"
        assert d(":#", -1, B.empty()) == "[]"
        # but not over a length of the wrong type (kg: split: type error: [1.5 []] ...)
        assert err(DYADS[":#"], 1.5, B.empty()) == ("type", "split: type error: [1.5 []]")
        assert err(DYADS[":#"], B.empty(), "") == ("type", 'split: type error: [[] ""]')
        assert err(DYADS[":#"], "a", B.empty()) == ("type", 'split: type error: ["a" []]')

    def test_errors(self):
        assert err(DYADS[":#"], 0, L(1, 2)) == ("range", "split: range error: 0")
        assert err(DYADS[":#"], -2, "ab") == ("range", "split: range error: -2")
        assert err(DYADS[":#"], L(1, 0), L(1, 2)) == ("range", "split: range error: 0")
        assert err(DYADS[":#"], L(2, 0), L(1, 2, 3)) == ("range", "split: range error: 0")
        assert err(DYADS[":#"], B.empty(), L(1, 2)) == ("type", "split: type error: [[] [1 2]]")
        assert err(DYADS[":#"], 1.5, L(1, 2))[0] == "type"
        assert err(DYADS[":#"], L(1, 1.0), L(1, 2))[0] == "type"
        assert err(DYADS[":#"], 2, 5) == ("type", "split: type error: [2 5]")
        assert err(DYADS[":#"], 2, c("a"))[0] == "type"
        assert err(DYADS[":#"], "a", "abc")[0] == "type"


def test_format_of_complex_numbers():
    assert m("$", 2j) == '"2j"' and m("$", complex(1, -2)) == '"(1-2j)"'
    assert m("$", L(0j, 1)) == '["0j" "1"]'
