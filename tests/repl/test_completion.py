"""The completer: `\\` sequences while typing, names and system functions on Tab."""
from __future__ import annotations

from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from klong.interpreter import KlongInterpreter
from klong.repl.completion import KlongCompleter

TAB = CompleteEvent(completion_requested=True)
TYPING = CompleteEvent(text_inserted=True)


def offered(text: str, event: CompleteEvent = TAB,
            k: KlongInterpreter | None = None) -> list[tuple[str, int, str, str]]:
    completer = KlongCompleter(k or KlongInterpreter())
    return [(c.text, c.start_position, c.display_text, c.display_meta_text)
            for c in completer.get_completions(Document(text), event)]


def test_sequences_while_typing():
    assert offered("3\\na", TYPING) == [("∇", -3, "\\nabla ∇", "Grad (numeric gradient)")]
    assert offered("x\\pa", TYPING) == [("∂", -3, "\\partial ∂", "Jacobian")]
    assert offered("\\zz", TYPING) == []


def test_a_lone_backslash_offers_every_sequence_on_tab_only():
    assert offered("+\\", TYPING) == []
    assert [c[2] for c in offered("+\\")] == [
        "\\nabla ∇", "\\grad ∇", "\\partial ∂", "\\jacobian ∂", "\\dot ˙", "\\track ˙"]


def test_defined_names_with_their_values():
    k = KlongInterpreter()
    k("total::3;totals::!2000;tot::{x+y}")
    assert offered("1+tot", k=k) == [
        ("tot", -3, "tot", ":dyad"),
        ("total", -3, "total", "3"),
        ("totals", -3, "totals", "[0 1 2 ... 1997 1998 1999]"),
    ]


def test_names_are_not_offered_while_typing():
    k = KlongInterpreter()
    k("total::3")
    assert offered("tot", TYPING, k) == []


def test_system_functions_with_their_signature():
    assert offered(".rl") == [
        (".rl", -3, ".rl", ".rl()  Read-Line"),
        (".rls", -3, ".rls", ".rls()  Read-Lines"),
    ]
    assert offered(".jac") == [(".jacobian", -4, ".jacobian", ".jacobian(f;x)  Jacobian")]


def test_no_names_after_a_symbol_colon_but_after_define():
    k = KlongInterpreter()
    k("total::3")
    assert offered(":tot", k=k) == []
    assert [c[0] for c in offered("a::tot", k=k)] == ["total"]


def test_long_values_are_shortened():
    k = KlongInterpreter()
    k('long::"' + "x" * 60 + '"')
    (meta,) = [c[3] for c in offered("lon", k=k)]
    assert meta == '"' + "x" * 38 + "…"
