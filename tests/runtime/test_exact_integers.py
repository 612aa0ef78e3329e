"""Exact integers (language document §4): never a wrapped value.

Expected values are kg's (nmh Klong 2022-12-12). Cases whose result is a number run on the
suite's backend (KLONG_BACKEND); a list past int64 is exact on numpy and an error (range) on
torch, where integer tensors are 64-bit.
"""
from __future__ import annotations

import pytest

from klong import KlongError, KlongInterpreter
from klong.printer import written

# (expression, kg's value) with a number as the result: the same on every backend
NUMBERS = [
    ("*/1+!25", "15511210043330985984000000"),
    ("*/1+!30", "265252859812191058636308480000000"),
    ("2^70", "1180591620717411303424"),
    ("2^100", "1267650600228229401496703205376"),
    ("9223372036854775807+1", "9223372036854775808"),
    ("(-9223372036854775807)-2", "-9223372036854775809"),
    ("4611686018427387904*2", "9223372036854775808"),
    ("-9223372036854775808", "-9223372036854775808"),
    ("+/[9223372036854775807 1]", "9223372036854775808"),
    ("(2^100):%7", "181092942889747057356671886482"),
    ("(2^100)!7", "2"),
    ("(-2^100)!7", "-2"),
    ("(2^64):%(-3)", "-6148914691236517205"),
    ("(2^100)%(2^99)", "2.0"),
    ("(2^64)=2^64", "1"),
    ("(2^64)<2^65", "1"),
    ("(2^64)~2^64", "1"),
    ("#2^70", "1180591620717411303424"),
    ("$2^70", '"1180591620717411303424"'),
    ("(2^70)+0.5", "1.1805916207174113e+21"),
    ("-2^64", "-18446744073709551616"),
    ("(2^64)|3", "18446744073709551616"),
    ("(2^64)&3", "3"),
    ("_2^64", "18446744073709551616"),
    ("123456789012345678901234567890", "123456789012345678901234567890"),
    ("3*123456789012345678901234567890", "370370367037037036703703703670"),
    (":_2^70", "0"),
    ("@2^70", "1"),
    ("~2^70", "0"),
    ("(2^70)^2", "1393796574908163946345982392040522594123776"),
    ("x::2^100;x-x", "0"),
    ('(2^70):$"1180591620717411303424"', "1180591620717411303424"),
    # a factorial kept in a loop, as the reference library's exp does
    ("f::1;{x<25}{f::f*x+1;x+1}:~0;f", "15511210043330985984000000"),
    ("f::1;{f::f*x;x+1}'1+!30;f", "265252859812191058636308480000000"),
    ('.rs("123456789012345678901234567890")', "123456789012345678901234567890"),
]


# lists whose result fits (or holds a big integer only as an item, not in a tensor): the same
# on every backend, torch included (kg's values)
BOTH = [
    ("[5],2^70", "[5 1180591620717411303424]"),
    ("(!3),2^70", "[0 1 2 1180591620717411303424]"),
    ("(2^70),[5]", "[1180591620717411303424 5]"),
    ("(2^70)![3 5]", "[1 4]"),
    ("(2^70)|[3 5]", "[1180591620717411303424 1180591620717411303424]"),
    ("[1 4000000000]*[4000000000 1]", "[4000000000 4000000000]"),
    ("a::[1 4000000000];a*|a", "[4000000000 4000000000]"),
    ("[3 5]?2^70", "[]"),
    ("[2 3]^[62 1]", "[4611686018427387904 3]"),
    ("(2^70)*[0 0]", "[0 0]"),
    ("[9223372036854775807 -9223372036854775807]+[-1 1]",
     "[9223372036854775806 -9223372036854775806]"),
]
NUMBERS += BOTH


@pytest.fixture
def k() -> KlongInterpreter:
    return KlongInterpreter()


@pytest.mark.parametrize("src,expected", NUMBERS, ids=[s for s, _ in NUMBERS])
def test_integer_results_are_exact(k, src, expected):
    assert written(k(src)) == expected


def test_printing_and_reading_past_python_digit_limit(k):
    # Python refuses int <-> str past 4300 digits; Klong integers have no such limit
    v = k("2^20000")
    assert v == 2 ** 20000
    text = written(v)
    assert len(text) == 6021 and text.startswith("39802768403379665923")
    assert k(text + "-1") == 2 ** 20000 - 1
    assert k("[" + text + " 1]")[0] == 2 ** 20000


def test_huge_results_are_an_error_not_a_hang(k):
    with pytest.raises(KlongError) as e:
        k("10^10^10")
    assert e.value.kind == "limit"
    assert k("i::1") == 1                      # the interpreter goes on


def test_a_list_of_quotients_is_its_items_quotients(k):
    # Python's int/int (the atom path) is the exact quotient rounded once; a vector of
    # integers past 2^53 must not round its operands to float64 first
    items = [1152921504606846977, 9007199254740993, 9007199254740995]
    big = "[" + " ".join(map(str, items)) + "]"
    assert list(k(big + "%3")) == [k(f"{i}%3") for i in items] == [i / 3 for i in items]
    assert list(k("%" + big)) == [k(f"%{i}") for i in items] == [1 / i for i in items]
    assert list(k("3%" + big)) == [k(f"3%{i}") for i in items] == [3 / i for i in items]
    assert written(k(big + "%3")) == "[384307168202282300.0 3002399751580331.0 " \
        "3002399751580331.5]"


def test_integer_too_large_for_a_real_is_a_domain_error(k):
    with pytest.raises(KlongError) as e:
        k("(10^400)+0.5")
    assert e.value.kind == "domain"
    assert k("%10^400") == 0.0                 # a real: float64 underflows (kg: 1.0e-400)


# ---- lists: exact on numpy ----------------------------------------------------------------

LISTS = [
    ("2^[62 63 64]", "[4611686018427387904 9223372036854775808 18446744073709551616]"),
    ("[1 2 3]*99999999999999999999",
     "[99999999999999999999 199999999999999999998 299999999999999999997]"),
    ("+\\[9223372036854775807 1]", "[9223372036854775807 9223372036854775808]"),
    ("*\\1+!22", "[1 2 6 24 120 720 5040 40320 362880 3628800 39916800 479001600 6227020800 "
                 "87178291200 1307674368000 20922789888000 355687428096000 6402373705728000 "
                 "121645100408832000 2432902008176640000 51090942171709440000 "
                 "1124000727777607680000]"),
    ("(!3)+2^63", "[9223372036854775808 9223372036854775809 9223372036854775810]"),
    ("<[3 1 2]+2^70", "[1 2 0]"),
    ("=[1 1 2]*2^64", "[[0 1] [2]]"),
    ("?[1 1 2]*2^64", "[18446744073709551616 36893488147419103232]"),
    ("[123456789012345678901234567890 1]", "[123456789012345678901234567890 1]"),
    ("[1 2]~[1 2]+0*2^70", "1"),
    ("{x*x}\\2^70", "[1180591620717411303424]"),
    ("&/[5 3]*2^62", "13835058055282163712"),
    ("(!4)*9223372036854775807", "[0 9223372036854775807 18446744073709551614 "
                                 "27670116110564327421]"),
    ("-[-9223372036854775807 0]-1", "[9223372036854775808 1]"),
    ("([2 2]:^!4)*2^62", "[[0 4611686018427387904] [9223372036854775808 "
                         "13835058055282163712]]"),
    ("+/[[9223372036854775807 1] [1 1]]", "[9223372036854775808 2]"),
    ("(2^64)+!3", "[18446744073709551616 18446744073709551617 18446744073709551618]"),
    ("((2^64)+!3)-2^64", "[0 1 2]"),
    ("[1 2 3]:=[9223372036854775808 1]", "[1 9223372036854775808 3]"),
]


@pytest.fixture
def nk() -> KlongInterpreter:
    return KlongInterpreter(backend="numpy")


@pytest.mark.parametrize("src,expected", LISTS, ids=[s for s, _ in LISTS])
def test_integer_lists_are_exact_on_numpy(nk, src, expected):
    assert written(nk(src)) == expected


def test_a_huge_power_in_a_list_is_an_error_not_a_hang(nk):
    with pytest.raises(KlongError) as e:
        nk("2^[1 40000000000]")
    assert e.value.kind == "limit"
    # the bounds of the operands may be huge while every power is small
    assert written(nk("[2 1]^[40 40000000000]")) == "[1099511627776 1]"


def test_lists_that_fit_again_are_int64_arrays(nk):
    v = nk("((2^64)+!3)-2^64")
    assert v.dtype.kind == "i"
    assert nk("+/((2^64)+!3)-2^64") == 3


# ---- torch: a tensor result past int64 is an error, a number is exact ---------------------

TORCH_ERRORS = [
    ("2^[62 63 64]", "power"),
    ("[1 2 3]*99999999999999999999", "times"),
    ("+\\[9223372036854775807 1]", "plus"),
    ("*\\1+!22", "times"),
    ("(!3)+2^63", "plus"),
    ("&/[5 3]*2^62", "times"),
    ("(!4)*9223372036854775807", "times"),
    ("-[-9223372036854775808 0]", "negate"),
    ("+/[[9223372036854775807 1] [1 1]]", "plus"),
]


@pytest.mark.parametrize("src,verb", TORCH_ERRORS, ids=[s for s, _ in TORCH_ERRORS])
def test_torch_tensor_overflow_is_a_range_error(src, verb):
    pytest.importorskip("torch")
    tk = KlongInterpreter(backend="torch", device="cpu")
    tk("keep::1")
    with pytest.raises(KlongError) as e:
        tk(src)
    assert e.value.kind == "range"
    assert verb in e.value.message and "int64" in e.value.message
    assert tk("keep") == 1


def test_torch_numbers_from_tensors_are_exact():
    pytest.importorskip("torch")
    tk = KlongInterpreter(backend="torch", device="cpu")
    assert written(tk("*/1+!30")) == "265252859812191058636308480000000"
    assert written(tk("+/[9223372036854775807 1]")) == "9223372036854775808"
    assert written(tk("-/[-9223372036854775807 2]")) == "-9223372036854775809"
