"""What a tool shows of a value (klong/tooling/describe.py): the language server's hover and
inline values, the kernel's inspect."""
from __future__ import annotations

import numpy as np
import pytest

from klong import KlongInterpreter
from klong.tooling.describe import describe, rounded, value_kind


@pytest.fixture(scope="module")
def k():
    return KlongInterpreter(backend="numpy")


@pytest.mark.parametrize(("src", "kind"), [
    ("1", "integer"), ("1.5", "real"), ('"ab"', "string"), ("0cx", "char"), (":a", "symbol"),
    (":{[1 2]}", "dictionary"), ("[1 2]", "integer list"), ("[1.5 2.0]", "real list"),
    ('[1 "a"]', "list"), ("{x}", "function"), ("{x+y}", "function")])
def test_kinds(k, src, kind):
    assert value_kind(k(src)) == kind


def test_a_description_has_exact_and_short_text_and_shape(k):
    assert describe(k("[[1.0 2.123456789] [3 4]]"), 100) == {
        "kind": "list", "shape": [2], "device": None,
        "text": "[[1.0 2.123456789] [3 4]]", "short": "[[1.0 2.12346] [3 4]]"}
    assert describe(k("[2 2]:^[0.5 1.123456789 2.0 3.0]"), 100) == {
        "kind": "real list", "shape": [2, 2], "device": None, "dtype": "float64",
        "text": "[[0.5 1.123456789] [2.0 3.0]]", "short": "[[0.5 1.12346] [2.0 3.0]]"}
    assert describe(6.000000000838668, 100) == {
        "kind": "real", "shape": None, "device": None, "text": "6.000000000838668",
        "short": "6.0"}
    assert describe(k("!100"), 10) == {
        "kind": "integer list", "shape": [100], "device": None, "dtype": "int64",
        "text": "[0 1 2 3 4 …", "truncated": True,
        "short": "[" + " ".join(map(str, range(100))) + "]"}


def test_rounded_keeps_what_is_not_finite():
    assert rounded(float("inf")) == float("inf") and rounded(1 / 3) == 0.333333
    assert rounded(np.array([1 / 3, np.inf])).tolist() == [0.333333, np.inf]
