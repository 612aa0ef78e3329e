"""Arithmetic verbs on complex numbers (which come only from Python), called directly."""
from __future__ import annotations

import numpy as np
import pytest

from klong.backends import get_backend
from klong.errors import KlongError
from klong.printer import written
from klong.runtime.primitives import DYADS, MONADS
from klong.runtime.verbs import arithmetic  # noqa: F401  (registers the verbs)
from klong.values import UNDEFINED

B = get_backend()  # the suite's backend: KLONG_BACKEND (numpy by default)


def L(*items):
    return B.make_list(list(items))


def dy(g, a, b):
    return DYADS[g](B, a, b)


def mon(g, a):
    return MONADS[g](B, a)


def test_plus_minus_times_with_numbers_and_lists():
    z = complex(1, 2)
    assert dy("+", z, 1) == complex(2, 2) and dy("+", 1, z) == complex(2, 2)
    assert dy("-", z, 0.5) == complex(0.5, 2) and dy("*", z, z) == complex(-3, 4)
    assert dy("*", np.complex128(2j), np.int64(3)) == 6j
    assert type(dy("*", np.complex128(2j), 1)) is complex
    assert written(dy("+", L(z, 1j), B.int_array([1, 2]))) == "[(2+2j) (2+1j)]"
    assert written(dy("*", B.real_array([1.0, 2.0]), 1j)) == "[1j 2j]"
    assert written(dy("-", L(L(z), L(1j)), 1)) == "[[2j] [(-1+1j)]]"


def test_divide_and_reciprocal():
    assert dy("%", complex(2, 4), 2) == complex(1, 2)
    assert dy("%", 1, 1j) == complex(0, -1)
    assert dy("%", 1j, 0) is UNDEFINED and dy("%", 1, 0j) is UNDEFINED
    assert mon("%", 2j) == complex(0, -0.5) and mon("%", 0j) is UNDEFINED


def test_power():
    assert dy("^", 1j, 2) == complex(-1, 0)
    assert dy("^", 2j, 0) == complex(1, 0)
    assert dy("^", 0j, -1) is UNDEFINED and dy("^", 0, 1j) is UNDEFINED
    assert dy("^", -1, complex(0.5, 0)) == pytest.approx(1j)
    assert dy("^", -1, 0.5) is UNDEFINED                 # real operands keep real rules


def test_negate():
    assert mon("-", complex(1, -2)) == complex(-1, 2)
    assert written(mon("-", L(complex(1, 2), 3))) == "[(-1-2j) -3]"


def test_overflow_is_a_domain_error():
    for op, a, b in (("*", complex(1e308, 1), 10), ("+", complex(1e308, 1e308), 1e308),
                     ("%", 1j, 1e-320), ("^", complex(10, 10), 400)):
        with pytest.raises(KlongError) as e:
            dy(op, a, b)
        assert e.value.kind == "domain"


def test_verbs_that_order_or_need_integers_reject_complex():
    for g, a, b in (("|", 1j, 1), ("&", 1j, 1), (":%", 1j, 1), ("!", 4, 1j)):
        with pytest.raises(KlongError) as e:
            dy(g, a, b)
        assert e.value.kind == "type"
    with pytest.raises(KlongError) as e:
        mon("_", 1j)
    assert (e.value.kind, e.value.message) == ("type", "floor: type error: [1j]")
    with pytest.raises(KlongError) as e:
        dy("+", 1j, "a")
    assert e.value.message == 'plus: type error: [1j "a"]'


def test_not_treats_a_zero_complex_as_false():
    assert mon("~", 0j) == 1 and mon("~", 1j) == 0
