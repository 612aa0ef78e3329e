"""Line readers without prompt_toolkit: pipes, and readline's `input` in a terminal."""
from __future__ import annotations

import builtins
import io

import pytest

from klong.cli import _Reporter
from klong.interpreter import KlongInterpreter
from klong.repl import Repl
from klong.repl.plain import readline_reader, stream_reader


def test_stream_reader_strips_newlines_and_ends_with_eof():
    read = stream_reader(io.StringIO("a\nb"))
    assert [read(""), read("")] == ["a", "b"]
    with pytest.raises(EOFError):
        read("")


def test_readline_session(monkeypatch):
    """The terminal REPL when prompt_toolkit is missing: prompts, continuation, Ctrl-C."""
    keys = iter(["1+2", KeyboardInterrupt, "{x*", "2}(5)", EOFError])
    prompts = []

    def fake_input(prompt: str) -> str:
        prompts.append(prompt)
        key = next(keys)
        if isinstance(key, type):
            raise key
        return key

    monkeypatch.setattr(builtins, "input", fake_input)
    out, err = io.StringIO(), io.StringIO()
    repl = Repl(KlongInterpreter(), out, err, _Reporter(err, False), True)
    assert repl.run(readline_reader(out)) == 0
    assert prompts == ["?> ", "?> ", "?> ", "..> ", "?> "]
    assert out.getvalue().splitlines()[1:] == ["3", "", "10", ""]
    assert err.getvalue() == ""
