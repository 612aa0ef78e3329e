"""The printer's abbreviated form: written(x, limit)."""
from __future__ import annotations

import numpy as np

from klong.printer import EDGE_ITEMS, written
from klong.values import Symbol


def objects(*items: object) -> np.ndarray:
    out = np.empty(len(items), dtype=object)
    out[:] = list(items)
    return out


def test_small_values_are_unchanged():
    for value in (np.arange(10), np.arange(6.0).reshape(2, 3), "text", 3, 2.5, Symbol("a"),
                  objects(1, "a", np.arange(3)), {1: np.arange(3)}):
        assert written(value, limit=1000) == written(value)


def test_a_long_vector_shows_its_edges():
    assert written(np.arange(2000), limit=1000) == "[0 1 2 ... 1997 1998 1999]"
    assert written(np.arange(8) * 0.5, limit=4) == "[0.0 0.5 1.0 ... 2.5 3.0 3.5]"
    assert written(np.arange(8) > 3, limit=4) == "[0 0 0 ... 1 1 1]"
    assert EDGE_ITEMS == 3


def test_the_limit_counts_all_elements_and_cuts_every_long_axis():
    assert written(np.arange(16).reshape(2, 8), limit=10) == \
        "[[0 1 2 ... 5 6 7] [8 9 10 ... 13 14 15]]"
    assert written(np.arange(64).reshape(8, 8), limit=10) == (
        "[[0 1 2 ... 5 6 7] [8 9 10 ... 13 14 15] [16 17 18 ... 21 22 23] ... "
        "[40 41 42 ... 45 46 47] [48 49 50 ... 53 54 55] [56 57 58 ... 61 62 63]]")
    assert written(np.arange(12).reshape(6, 2), limit=10) == \
        "[[0 1] [2 3] [4 5] [6 7] [8 9] [10 11]]"


def test_nested_lists_and_dictionaries():
    big = np.arange(20)
    assert written(objects(big, "s", 1), limit=10) == '[[0 1 2 ... 17 18 19] "s" 1]'
    assert written(objects(*range(12)), limit=10) == "[0 1 2 ... 9 10 11]"
    assert written({Symbol("k"): big}, limit=10) == ":{[:k [0 1 2 ... 17 18 19]]}"


def test_no_limit_prints_everything():
    assert written(np.arange(2000)) == "[" + " ".join(map(str, range(2000))) + "]"
    assert written(np.arange(2000), limit=None) == written(np.arange(2000))


# ---- complex numbers and Python objects that are no Klong values --------------------------

def test_complex_numbers_print_in_pythons_notation():
    from klong.printer import displayed
    assert written(0j) == "0j" and written(complex(0, -2)) == "-2j"
    assert written(complex(1, 2)) == "(1+2j)" and written(complex(1.5, -0.25)) == "(1.5-0.25j)"
    assert written(complex(-0.0, -3)) == "(-0-3j)"
    assert written(np.complex128(2j)) == "2j" and written(np.complex64(1 + 1j)) == "(1+1j)"
    assert written(objects(0j, 1, "a")) == '[0j 1 "a"]'
    assert displayed(objects(0j, "a")) == "[0j a]"
    assert written({Symbol("z"): 1j}) == ":{[:z 1j]}"


def test_complex_arrays_never_misprint():
    assert written(np.array([0j, 1 + 2j])) == "[0j (1+2j)]"
    assert written(np.array([[1j], [2]])) == "[[1j] [(2+0j)]]"
    assert written(np.array(3j)) == "3j"
    assert written(np.arange(8) * 1j, limit=4) == "[0j 1j 2j ... 5j 6j 7j]"


def test_other_python_objects_print_their_repr():
    import datetime
    assert written(datetime.date(2024, 1, 1)) == "<Python datetime.date(2024, 1, 1)>"
    assert written(objects(1, datetime.date(2024, 1, 1))) == \
        "[1 <Python datetime.date(2024, 1, 1)>]"
    assert written(np) == repr(np)                       # already reads <module ...>
    assert written(None) == "<Python None>"
    assert written(b"ab") == "<Python b'ab'>"
    assert written(np.array(["2024-01-01"], dtype="datetime64[D]")) == \
        "<Python array(['2024-01-01'], dtype='datetime64[D]')>"

    class Broken:
        def __repr__(self) -> str:
            raise ValueError("no")
    assert written(Broken()) == "<Python Broken object>"
