"""The prompt_toolkit REPL as a whole: a pipe input, a dummy output and the real loop."""
from __future__ import annotations

import io
import os
import signal
import threading
import time
from pathlib import Path

from prompt_toolkit.history import FileHistory, InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.lexers import PygmentsLexer
from prompt_toolkit.output import DummyOutput

from klong.cli import _Reporter
from klong.interpreter import KlongInterpreter
from klong.pygments_lexer import KlongLexer
from klong.repl import Repl, terminal

CTRL_C, CTRL_D = "\x03", "\x04"


def run(keys: str, k: KlongInterpreter | None = None) -> tuple[int, str, str]:
    """Type `keys` into a whole REPL session; its exit status, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    repl = Repl(k or KlongInterpreter(), out, err, _Reporter(err, False), True)
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        code = terminal.run(repl, InMemoryHistory(), pipe, DummyOutput())
    return code, out.getvalue(), err.getvalue()


def test_a_session():
    code, out, err = run("f::{x^2}\r3\\nabla\tf\rf:>3\r{x+\r1}(2)\r]q\r")
    assert (code, err) == (0, "")
    banner, *values = out.splitlines()
    assert banner.startswith("klong 0.1.0 (numpy backend, device cpu)")
    assert values[0] == ":monad"
    assert abs(float(values[1]) - 6) < 1e-6 and abs(float(values[2]) - 6) < 1e-6
    assert values[3:] == ["3"]


def test_ctrl_d_quits():
    code, out, _ = run("1\r" + CTRL_D)
    assert code == 0 and out.splitlines()[1:] == ["1"]


def test_ctrl_c_at_the_prompt_clears_the_line():
    code, out, err = run("1+2" + CTRL_C + "40+2\r" + CTRL_D)
    assert (code, err) == (0, "")
    assert out.splitlines()[1:] == ["42"]


def test_ctrl_c_interrupts_an_endless_loop_and_the_next_statement_runs():
    k = KlongInterpreter()
    started, finished = threading.Event(), threading.Event()
    eval_line = k.eval_line

    def spy(src: str) -> object:
        if ":~" not in src:
            return eval_line(src)
        started.set()
        try:
            return eval_line(src)
        finally:
            finished.set()

    k.eval_line = spy  # type: ignore[method-assign]

    def press_ctrl_c() -> None:
        # pressed again until the loop ends: a press that lands before the evaluation has
        # taken over from the prompt's own Ctrl-C handling is the prompt's, as for a user
        if not started.wait(10):
            return
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            time.sleep(0.1)
            os.kill(os.getpid(), signal.SIGINT)
            if finished.wait(1):
                return

    presser = threading.Thread(target=press_ctrl_c)
    presser.start()
    try:
        code, out, err = run("a::5\r{1}{a::a+1;x+1}:~0\ra\r1+1\r" + CTRL_D, k)
    finally:
        presser.join()
    assert started.is_set() and finished.is_set()
    assert code == 0
    assert out.splitlines()[1:] == ["5", "5", "2"]
    assert err == "\ninterrupted\n"


def test_highlighting_uses_the_klong_pygments_lexer():
    with create_pipe_input() as pipe:
        session = terminal.make_session(KlongInterpreter(), InMemoryHistory(), pipe,
                                        DummyOutput())
    assert isinstance(session.lexer, PygmentsLexer)
    assert session.lexer.pygments_lexer_cls is KlongLexer


def test_history_is_kept_in_a_file(tmp_path):
    path = tmp_path / "state" / "klong" / "history"
    history = terminal.open_history(path)
    assert isinstance(history, FileHistory) and path.exists()
    out, err = io.StringIO(), io.StringIO()
    repl = Repl(KlongInterpreter(), out, err, _Reporter(err, False), True)
    with create_pipe_input() as pipe:
        pipe.send_text("6*7\r{x+\r1}\r" + CTRL_D)
        terminal.run(repl, history, pipe, DummyOutput())
    assert list(FileHistory(str(path)).load_history_strings()) == ["{x+\n1}", "6*7"]


def test_history_falls_back_to_memory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert isinstance(terminal.open_history(blocker / "klong" / "history"), InMemoryHistory)
    assert isinstance(terminal.open_history(None), InMemoryHistory)


def test_history_path():
    home = Path(os.path.expanduser("~"))
    assert terminal.history_path({}) == home / ".local" / "state" / "klong" / "history"
    assert terminal.history_path({"XDG_STATE_HOME": "/s"}) == Path("/s/klong/history")
    assert terminal.history_path({"KLONG_HISTORY": "/h/kh", "XDG_STATE_HOME": "/s"}) == \
        Path("/h/kh")
    assert terminal.history_path({"KLONG_HISTORY": ""}) is None
