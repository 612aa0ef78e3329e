"""The interpreter made in the background while the first prompt shows."""
from __future__ import annotations

import io
import sys
import threading
from types import SimpleNamespace

import pytest

from klong import cli
from klong.repl import terminal
from klong.repl.background import Background


def test_the_value_is_made_in_a_thread_after_start():
    threads = []

    def make() -> SimpleNamespace:
        threads.append(threading.current_thread().name)
        return SimpleNamespace(answer=42, double=lambda x: 2 * x)

    value = Background(make)
    assert threads == []
    value.start()
    value.start()
    assert value.answer == 42 and value.double(4) == 8
    assert threads == ["klong-background"]


def test_without_start_the_value_is_made_on_first_use_once():
    calls = []
    value = Background(lambda: calls.append(1) or (lambda x: x + 1))
    assert value(1) == 2 and value(2) == 3
    value.start()
    value.wait()
    assert calls == [1]


def test_an_error_reaches_whoever_uses_the_value():
    def make() -> None:
        raise ValueError("no backend")

    value = Background(make)
    value.start()
    value.wait()
    with pytest.raises(ValueError, match="no backend"):
        value.result()
    with pytest.raises(ValueError, match="no backend"):
        value.eval_line("1")


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("argv", [["repl"], []])
def test_a_terminal_repl_on_numpy_starts_before_the_interpreter(argv, monkeypatch):
    seen = {}

    def fake_run(repl, history=None, input=None, output=None, on_first_prompt=None):
        seen["loading"] = repl.k
        seen["banner"] = repl.banner()
        on_first_prompt()
        repl.evaluate("1+1")
        return 0

    monkeypatch.setattr(terminal, "run", fake_run)
    monkeypatch.setattr(sys, "stdin", Tty())
    monkeypatch.setattr(sys, "stdout", Tty())
    assert cli.main(argv) == 0
    assert isinstance(seen["loading"], Background)
    assert seen["banner"].startswith("klong 0.1.0 (numpy backend, device cpu)")
    assert sys.stdout.getvalue() == "2\n"


@pytest.mark.parametrize("argv", [["-l", "lib.kg", "repl"], ["repl"]])
def test_other_sessions_make_the_interpreter_first(argv, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lib.kg").write_text("x::1\n")
    tty = argv == ["repl"]
    monkeypatch.setattr(sys, "stdin", Tty() if tty else io.StringIO("2+2\n"))
    monkeypatch.setattr(sys, "stdout", io.StringIO())  # not a terminal
    monkeypatch.setattr(terminal, "run", lambda *a, **k: pytest.fail("terminal REPL"))
    opts = cli.parse_args(argv)
    assert cli._quick_terminal_repl(opts, sys.stdout, sys.stderr,
                                    cli._Reporter(sys.stderr, False)) is None
