"""The one primitive table: backend verbs f(B, ...) and the verbs registered with
runtime=True (the autograd verbs :> ∇ ∂ ˙), which get the Runtime and take no adverbs."""
from __future__ import annotations

import pytest

from klong import autograd
from klong.errors import KlongError
from klong.interpreter import KlongInterpreter
from klong.runtime import primitives as P

MARK = 'p::{.d(x);.d(" ");x};'


def test_autograd_verbs_are_registered_with_the_runtime():
    KlongInterpreter()
    assert P.DYADS[":>"] is autograd.gradient_verb
    assert P.DYADS["∇"] is autograd.nabla_verb
    assert P.DYADS["∂"] is autograd.jacobian_verb
    assert P.MONADS["∇"] is autograd.nabla_function_verb
    assert P.MONADS["˙"] is autograd.track
    assert P.RUNTIME_DYADS >= {":>", "∇", "∂"} and P.RUNTIME_MONADS >= {"∇", "˙"}
    assert P.DYAD_NAMES[":>"] == "gradient" and P.MONAD_NAMES["˙"] == "track"


def test_backend_lookups_leave_runtime_verbs_out():
    KlongInterpreter()
    assert P.backend_monad("#") is P.MONADS["#"] and P.backend_dyad("#") is P.DYADS["#"]
    for g in ("∇", "˙"):
        assert P.backend_monad(g) is None
    for g in (":>", "∇", "∂"):
        assert P.backend_dyad(g) is None
    assert P.backend_monad("∂") is None and P.backend_dyad("˙") is None


def test_registering_again_without_runtime_clears_the_flag(monkeypatch):
    for name in ("MONADS", "DYADS", "MONAD_NAMES", "DYAD_NAMES"):
        monkeypatch.setattr(P, name, {})
    monkeypatch.setattr(P, "RUNTIME_MONADS", set())
    monkeypatch.setattr(P, "RUNTIME_DYADS", set())

    def f(*args):
        return args
    P.dyad("§", "test", runtime=True)(f)
    assert P.RUNTIME_DYADS == {"§"} and P.backend_dyad("§") is None
    P.dyad("§", "test")(f)
    assert P.RUNTIME_DYADS == set() and P.backend_dyad("§") is f
    P.monad("§", "test", runtime=True)(f)
    assert P.RUNTIME_MONADS == {"§"} and P.MONADS == {"§": f}


def test_a_runtime_dyad_evaluates_its_right_operand_first(capsys):
    k = KlongInterpreter()
    assert k(MARK + "(p(3))∇p({x*x});1") == 1
    assert capsys.readouterr().out == ":monad 3 "
    assert k(MARK + "(p(3))∂p({x*x});1") == 1
    assert capsys.readouterr().out == ":monad 3 "
    assert k(MARK + "(p({x*x})):>p(3);1") == 1
    assert capsys.readouterr().out == "3 :monad "


def test_track_is_the_identity():
    k = KlongInterpreter()
    assert k("˙3") == 3
    assert k('˙"ab"') == "ab"


@pytest.mark.parametrize("src, kind, message", [
    ("∇'[1 2]", "syntax", "unknown verb: ∇"),
    ("1∇'2", "syntax", "unknown verb: ∇"),
    (":>'[1 2]", "syntax", "unknown verb: :>"),
    ("1∂'2", "syntax", "unknown verb: ∂"),
    ("˙'[1 2]", "syntax", "unknown verb: ˙"),
    ("1˙2", "syntax", "dyad expected: :˙"),
    (":>3", "syntax", "expected monad, got: ::>"),
    ("∂3", "syntax", "expected monad, got: :∂"),
    ("∇3", "type", "∇: type error: [3]"),
    ("3∂4", "type", "∂: type error: [4]"),
    ("4:>3", "type", ":>: type error: [4]"),
])
def test_runtime_verbs_errors(src, kind, message):
    with pytest.raises(KlongError) as e:
        KlongInterpreter()(src)
    assert (e.value.kind, e.value.message) == (kind, message)
