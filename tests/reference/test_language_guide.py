"""Every ```klong REPL session in docs/language.md prints what the guide shows."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from klong import cli

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "language.md"
interpreter = pytest.importorskip("klong.interpreter", reason="interpreter not available")


def _sessions() -> list[tuple[int, list[str], str]]:
    text = GUIDE.read_text(encoding="utf-8")
    found = []
    for match in re.finditer(r"```klong\n(.*?)```", text, re.S):
        line_no = text[:match.start()].count("\n") + 1
        inputs, expected = [], []
        for line in match.group(1).splitlines():
            if line.startswith(("?> ", "..> ")):
                inputs.append(line.split("> ", 1)[1])
            else:
                expected.append(line + "\n")
        found.append((line_no, inputs, "".join(expected)))
    return found


SESSIONS = _sessions()


def test_the_guide_has_sessions():
    assert len(SESSIONS) >= 10


@pytest.mark.parametrize(("line_no", "inputs", "expected"), SESSIONS,
                         ids=[f"line {s[0]}" for s in SESSIONS])
def test_session(line_no, inputs, expected, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    k = interpreter.KlongInterpreter()
    session = cli.Repl(k, out, out, cli._Reporter(out, False), interactive=False)
    lines = iter(inputs)

    def read(_prompt: str) -> str:
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    assert session.run(read) == 0
    assert out.getvalue() == expected
