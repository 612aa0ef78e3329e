"""klong.repl.candidates: what completion offers, shared by the REPL and the Jupyter kernel."""
import numpy as np

from klong.repl import candidates
from klong.repl.candidates import Candidate


def test_a_sequence_offers_its_character_replacing_the_backslash_text():
    assert candidates.complete("1+\\nab", {}) == [
        Candidate("∇", 4, "\\nabla ∇", "Grad (numeric gradient)")]


def test_defined_names_then_system_functions():
    assert [c.text for c in candidates.complete("x+.p", {"pa": 1})] == [
        ".p", ".pc", ".py", ".pya", ".pyc", ".pyf"]
    table = {"pa": 1, "pb": np.array([1, 2]), "q": 3, ".px": 0}
    found = candidates.complete("1+p", table)
    assert [(c.text, c.typed, c.meta) for c in found] == [("pa", 1, "1"), ("pb", 1, "[1 2]")]


def test_a_symbol_is_not_completed():
    assert candidates.typed_name(":ab") is None
    assert candidates.typed_name("x::ab") == "ab"
    assert candidates.complete(":p", {"pa": 1}) == []
