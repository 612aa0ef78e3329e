"""The syntax layer's written form of literals (for its messages) is the printer's."""
from __future__ import annotations

import random
import struct

import numpy as np
import pytest

from klong.printer import written
from klong.syntax.atoms import Char, Symbol
from klong.syntax.data import DictLit, ListLit, atom_text, datum_text
from klong.syntax.digits import format_real


def _numpy_format_real(x: float) -> str:
    """The layout format_real had when it was written with numpy (its contract)."""
    r = repr(x)
    if "e" not in r and "n" not in r:
        return r
    if x != x or x in (float("inf"), float("-inf")):
        return ":undefined"
    a = abs(x)
    if a == 0.0 or 1e-18 <= a < 1e18:
        s = np.format_float_positional(x, unique=True, trim="-")
        return s if "." in s else s + ".0"
    mant, _, exp = np.format_float_scientific(x, unique=True, trim="-").partition("e")
    return f"{mant if '.' in mant else mant + '.0'}e{exp}"


@pytest.mark.parametrize("x, text", [
    (1.5, "1.5"), (-0.0, "-0.0"), (1e16, "10000000000000000.0"),
    (1.5e17, "150000000000000000.0"), (1e18, "1.0e+18"), (1.5e-5, "0.000015"),
    (-2.5e-7, "-0.00000025"), (1e-18, "0.000000000000000001"), (1e-19, "1.0e-19"),
    (5e-324, "5.0e-324"), (float("nan"), ":undefined"), (float("-inf"), ":undefined"),
])
def test_format_real(x, text):
    assert format_real(x) == text


def test_format_real_is_numpys_unique_layout():
    rnd = random.Random(7)
    xs = [rnd.uniform(1, 10) * 10 ** rnd.uniform(-25, 25) for _ in range(20000)]
    xs += [struct.unpack("d", struct.pack("Q", rnd.getrandbits(64)))[0] for _ in range(20000)]
    assert [format_real(x) for x in xs] == [_numpy_format_real(x) for x in xs]


@pytest.mark.parametrize("value", [
    0, -7, 2 ** 70, 1.25, -1e20, "", 'a"b', Symbol("ab"), Symbol(":"), Char("x"), Char('"'),
])
def test_atom_text_is_written(value):
    assert atom_text(value) == written(value)


def test_datum_text():
    lit = ListLit([1, ListLit([]), ListLit([Symbol("a"), "s", Char(" ")]), 2.5,
                   DictLit([(1, 2)])])
    assert datum_text(lit) == '[1 [] [:a "s" 0c ] 2.5 :{}]'
