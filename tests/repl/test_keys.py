"""Key bindings, driven through a real prompt_toolkit session on a pipe input."""
from __future__ import annotations

import asyncio

import pytest
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from klong.interpreter import KlongInterpreter
from klong.repl.terminal import make_session


def entry(keys: str, k: KlongInterpreter | None = None) -> str:
    """What one prompt returns after `keys` are typed."""
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        session = make_session(k or KlongInterpreter(), InMemoryHistory(), pipe, DummyOutput())
        return session.prompt()


@pytest.mark.parametrize(("keys", "text"), [
    ("3\\nabla\tf\r", "3∇f"),
    ("[1 2]\\partial\t{x^2}\r", "[1 2]∂{x^2}"),
    ("\\dot\t[1 2]\r", "˙[1 2]"),
    ("\\grad\t\\jacobian\t\\track\t\r", "∇∂˙"),
])
def test_tab_turns_a_sequence_into_its_glyph(keys, text):
    assert entry(keys) == text


def test_tab_completes_a_partial_sequence():
    assert entry("3\\na\tf\r") == "3∇f"


def test_prefix_key_types_glyphs_at_once():
    assert entry("`g`d`.```x\r") == "∇∂˙``x"


def test_enter_runs_a_complete_statement():
    assert entry("1+2\r") == "1+2"
    assert entry("]h {\r") == "]h {"


@pytest.mark.parametrize(("keys", "text"), [
    ("{x+\r1}(2)\r", "{x+\n1}(2)"),
    ("(1+\r2)\r", "(1+\n2)"),
    ("[1\r2]\r", "[1\n2]"),
    (':[1;\r"a\rb";3]\r', ':[1;\n"a\nb";3]'),
    ('"ab\rc"\r', '"ab\nc"'),
])
def test_unclosed_input_continues(keys, text):
    assert entry(keys) == text


def test_continuation_keeps_the_indentation():
    assert entry("f::{\r\t[a];\ra::x;\ra}\r") == "f::{\n  [a];\n  a::x;\n  a}"


def test_alt_enter_starts_a_new_line_anyway():
    assert entry("a::1\x1b\rb::2\r") == "a::1\nb::2"


def test_tab_on_a_blank_line_indents():
    assert entry("{\r\tx}\r") == "{\n  x}"


def test_tab_completes_a_defined_name():
    k = KlongInterpreter()
    k("total::3")
    assert entry("tot\t+1\r", k) == "total+1"


def test_completion_menu_lists_matches_while_typing():
    async def typed() -> list[tuple[str, str, str]]:
        with create_pipe_input() as pipe:
            session = make_session(KlongInterpreter(), InMemoryHistory(), pipe,
                                   DummyOutput())
            result = asyncio.ensure_future(session.prompt_async())
            pipe.send_text("\\pa")
            buffer = session.default_buffer
            for _ in range(100):
                await asyncio.sleep(0.01)
                if buffer.complete_state is not None and buffer.complete_state.completions:
                    break
            menu = [(c.display_text, c.display_meta_text, c.text)
                    for c in buffer.complete_state.completions]
            pipe.send_text("\t\r")  # Tab picks the entry, Enter applies it ...
            pipe.send_text("1\r")   # ... and the entry is run on the next Enter
            assert await result == "∂1"
            return menu

    assert asyncio.run(typed()) == [("\\partial ∂", "Jacobian", "∂")]


def test_ctrl_r_searches_the_history():
    history = InMemoryHistory(["a::41", "b::2", "c::3"])
    with create_pipe_input() as pipe:
        pipe.send_text("\x12a::\r\r")
        session = make_session(KlongInterpreter(), history, pipe, DummyOutput())
        assert session.prompt() == "a::41"
