"""The scalar paths that generated code takes (klong/runtime/codegen_support.py) and its
inline integer expressions (codegen._INT_DYADS) answer exactly what the verbs answer: the
same value of the same type, or the same error, for every pair of sample operands."""
from __future__ import annotations

import itertools

import numpy as np
import pytest

from klong.backends import get_backend
from klong.errors import KlongError
from klong.printer import written
from klong.runtime import codegen_support as S
from klong.runtime.codegen import _INT_DYADS
from klong.runtime.verbs import load_all
from klong.runtime.verbs.arithmetic import negate
from klong.values import Char

load_all()
B = get_backend("numpy")

INTS = [0, 1, -1, 2, 7, -7, 3, 2 ** 53 + 1, -(2 ** 63), 2 ** 62, 2 ** 1100, -(2 ** 1100)]
REALS = [0.0, -0.0, 0.5, -2.5, 1.0, 3.0, 1e300, -1e300, 1e-300, 2.0 ** 53, 1e18]
OTHERS = [Char("a"), "ab", B.int_array([1, 2]), B.real_array([1.5, 2.0]), np.int64(3),
          np.float64(2.5)]
NUMBERS = INTS + REALS
OPERANDS = NUMBERS + OTHERS


def outcome(f, *args):
    try:
        r = f(B, *args)
    except KlongError as e:
        return ("error", e.kind, e.message)
    return (type(r).__name__, written(r))


@pytest.mark.parametrize("glyph", sorted(S.SCALAR_DYADS))
def test_scalar_paths_answer_what_the_verbs_answer(glyph):
    verb, path = S.SCALAR_DYADS[glyph]
    with np.errstate(all="raise"):
        for a, b in itertools.product(OPERANDS, repeat=2):
            assert outcome(path, a, b) == outcome(verb, a, b), (glyph, a, b)


@pytest.mark.parametrize("glyph", sorted(_INT_DYADS))
def test_inline_integer_expressions_answer_what_the_verbs_answer(glyph):
    verb = S.SCALAR_DYADS[glyph][0]
    for a, b in itertools.product(INTS, repeat=2):
        inline = eval(_INT_DYADS[glyph].format(a="a", b="b"), {"a": a, "b": b})
        assert (type(inline).__name__, written(inline)) == outcome(verb, a, b), (glyph, a, b)


def test_negation_path():
    with np.errstate(all="raise"):
        for a in OPERANDS:
            assert outcome(S.neg, a) == outcome(negate, a), a
