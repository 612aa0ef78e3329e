"""The read-eval-print loop without a terminal: continuation, echo, errors, interrupts."""
from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from klong.cli import _Reporter
from klong.interpreter import KlongInterpreter
from klong.repl import PRINT_LIMIT, Repl
from klong.repl.plain import stream_reader
from klong.repl.session import is_complete, join_paren_lines

ROOT = Path(__file__).resolve().parents[2]


def session(*lines: str, k: object | None = None,
            interactive: bool = False) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    repl = Repl(k or KlongInterpreter(), out, err, _Reporter(err, False), interactive)
    text = "".join(line + "\n" for line in lines)
    code = repl.run(stream_reader(io.StringIO(text)))
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("text", [
    "1+2", "{x}(1)", "(1+2)", "]h {", "]l (", '"a(b"', ':"a comment ("', "0c(",
])
def test_complete_entries_run(text):
    assert is_complete(text) is True


@pytest.mark.parametrize("text", [
    "(1+", "{x", "[1", ":[1;", ":{[1 2]", '"ab', ':"c', "f(1;", "{x+\n(1", "((1)",
])
def test_open_entries_continue(text):
    assert is_complete(text) is False


@pytest.mark.parametrize(("text", "joined"), [
    ("(1+\n2)", "(1+ 2)"),
    ("(1+\n2+\n3)", "(1+ 2+ 3)"),
    ("{x+\n1}", "{x+\n1}"),
    ('("a\nb")', '("a\nb")'),
    ("(1+{x+\n1}(2))", "(1+{x+\n1}(2))"),
    ("a::1\nb::2", "a::1\nb::2"),
    ("f(1;\n2)", "f(1; 2)"),
])
def test_join_paren_lines(text, joined):
    assert join_paren_lines(text) == joined


def test_open_paren_and_brace_continue_and_run():
    code, out, err = session("(1+", "2)", "g::{x+", "1}", "g(2)", "(g(1),", "[4 5])")
    assert (code, out, err) == (0, "3\n:monad\n3\n[2 4 5]\n", "")


def test_banner_names_version_backend_and_device():
    code, out, _ = session("1", interactive=True)
    assert code == 0
    assert out.splitlines() == [
        "klong 0.1.0 (numpy backend, device cpu)  ]h for help, ]keys for ∇ ∂ input, "
        "]q to quit", "1", ""]


def test_banner_of_another_backend():
    fake = SimpleNamespace(backend=SimpleNamespace(name="torch", device="cuda:0"),
                           eval_line=lambda src: None)
    repl = Repl(fake, io.StringIO(), io.StringIO(), _Reporter(io.StringIO(), False), True)
    assert repl.banner().startswith("klong 0.1.0 (torch backend, device cuda:0)  ]h")


def test_errors_show_kind_message_and_caret_without_traceback():
    code, out, err = session("a::1", "5:_[1 2 3]", "a+1")
    assert (code, out) == (0, "1\n2\n")
    assert err == "<repl>:1:2: cut: length error: [5]\n5:_[1 2 3]\n ^^\n"


def test_error_on_a_continued_line_points_into_it():
    _, _, err = session("f::{x+", '1+"a"}', "f(1)")
    assert err.splitlines() == ['<repl>:2:2: plus: type error: [1 "a"]',
                                '1+"a"}', " ^"]


def test_internal_errors_are_reported_without_traceback():
    def broken(src: str) -> None:
        raise ZeroDivisionError("boom")

    fake = SimpleNamespace(eval_line=broken)
    code, out, err = session("1", "2", k=fake)
    assert (code, out) == (0, "")
    assert err.count("klong: internal error: ZeroDivisionError: boom\n") == 2
    assert "Traceback" not in err


def test_interrupt_restores_variables_and_the_session_goes_on():
    k = KlongInterpreter()

    def ctrl_c(x: object) -> None:
        raise KeyboardInterrupt

    k["ctrlc"] = ctrl_c
    code, out, err = session("a::5", "{a::a+1;ctrlc(x)}(1)", "a", k=k)
    assert (code, out, err) == (0, "5\n5\n", "interrupted\n")


def test_interrupt_outside_the_interpreter():
    calls = []

    def eval_line(src: str) -> int:
        calls.append(src)
        if src == "slow":
            raise KeyboardInterrupt
        return 7

    code, out, err = session("slow", "fast", k=SimpleNamespace(eval_line=eval_line),
                             interactive=True)
    assert calls == ["slow", "fast"]
    assert out.splitlines()[1:] == ["7", ""]
    assert err == "\ninterrupted\n"


def test_large_lists_are_abbreviated_like_numpy():
    code, out, _ = session("!2000", "[2 1000]:^!2000", "!1000", "[1 2 3],!1200")
    assert code == 0
    assert out.splitlines() == [
        "[0 1 2 ... 1997 1998 1999]",
        "[[0 1 2 ... 997 998 999] [1000 1001 1002 ... 1997 1998 1999]]",
        "[" + " ".join(map(str, range(1000))) + "]",
        "[1 2 3 ... 1197 1198 1199]",
    ]
    assert PRINT_LIMIT == 1000


def test_full_printing_on_request():
    _, out, _ = session("]full", "!1001", "]full", "!1001", "]full on", "]full off")
    assert out.splitlines() == [
        "lists print in full",
        "[" + " ".join(map(str, range(1001))) + "]",
        "lists print abbreviated above 1000 elements",
        "[0 1 2 ... 998 999 1000]",
        "lists print in full",
        "lists print abbreviated above 1000 elements",
    ]


def test_print_functions_are_not_abbreviated(capsys):
    _, out, _ = session(".w(!1001);1")
    assert out == "1\n"
    assert capsys.readouterr().out == "[" + " ".join(map(str, range(1001))) + "]"


def test_it_holds_the_last_value():
    assert session("6*7", "it+1") == (0, "42\n43\n", "")


def test_unclosed_entry_at_end_of_input_is_still_evaluated():
    code, out, err = session("(1+")
    assert (code, out) == (0, "")
    assert err.startswith("<repl>:1:4: syntax error: expected an operand, got: the end of "
                          "input (after +)\n")


def test_ctrl_d_and_quit():
    assert session("1", "]q", "2") == (0, "1\n", "")
    assert session() == (0, "", "")


def test_piped_repl_works_without_prompt_toolkit():
    """`echo ... | klong repl`, with prompt_toolkit and pygments made unimportable: the
    REPL modules that a pipe needs never import them."""
    code = ("import sys\n"
            "sys.modules['prompt_toolkit'] = None\n"
            "sys.modules['pygments'] = None\n"
            "import klong.repl, klong.repl.commands, klong.repl.plain, klong.repl.session\n"
            "from klong.cli import main\n"
            "sys.exit(main(['repl']))\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", code], input="1+1\n{x*\n2}(4)\n]b\n",
                            capture_output=True, text=True, env=env, timeout=60)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "2\n8\nbackend: numpy  device: cpu\n"
