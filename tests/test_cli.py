"""The `klong` command line: argument handling, running programs, errors, help, the REPL."""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from klong import cli

ROOT = Path(__file__).resolve().parents[1]


def _interpreter_ready() -> bool:
    try:
        import klong.interpreter  # noqa: F401
    except ImportError:
        return False
    return True


needs_interpreter = pytest.mark.skipif(not _interpreter_ready(),
                                       reason="klong.interpreter is not available yet")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# --------------------------------------------------------------------------- parsing


def test_parse_program_arguments_belong_to_the_program():
    opts = cli.parse_args(["--backend", "numpy", "prog.kg", "-x", "y", "--backend", "z"])
    assert opts.command == "run" and opts.file == "prog.kg"
    assert opts.args == ["-x", "y", "--backend", "z"]


def test_parse_run_subcommand_and_dashes():
    opts = cli.parse_args(["run", "--traceback", "p.kg", "--", "a", "b"])
    assert (opts.file, opts.args, opts.traceback) == ("p.kg", ["a", "b"], True)
    opts = cli.parse_args(["--", "-odd.kg", "a"])
    assert (opts.file, opts.args) == ("-odd.kg", ["a"])


def test_parse_expression_and_options():
    opts = cli.parse_args(["-e", "1+2", "--backend=torch", "--device", "cpu"])
    assert (opts.expr, opts.backend, opts.device) == ("1+2", "torch", "cpu")
    assert cli.parse_args(["-e1+2"]).expr == "1+2"
    assert cli.parse_args(["-e", "1", "a", "b"]).args == ["a", "b"]


def test_parse_help_topics():
    assert cli.parse_args(["help", "-"]).topic == "-"
    assert cli.parse_args(["-h", ":-"]).topic == ":-"
    opts = cli.parse_args(["-h"])
    assert opts.help and opts.topic is None
    assert cli.parse_args(["repl"]).command == "repl"
    assert cli.parse_args([]).command is None


@pytest.mark.parametrize("argv", [
    ["--bogus"], ["-z"], ["run"], ["-e"], ["--backend"], ["repl", "x"],
    ["--device", "cuda", "-e", "1"], ["--traceback=1"], ["help", "+", "-"],
])
def test_bad_usage_exits_2(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.startswith("klong: error: ")


def test_usage_and_version(capsys):
    code, out, _ = run(capsys, "-h")
    assert code == 0 and out.startswith("usage: klong")
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "--backend" in out
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out == "klong 0.1.0\n"


# --------------------------------------------------------------------------- help


@pytest.mark.parametrize("argv", [["help", "+"], ["-h", "+"], ["--help", "+"]])
def test_help_for_a_glyph(capsys, argv):
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert out.startswith("+  Transpose · Plus")
    assert "Plus:" in out and "→" in out


def test_help_for_system_names_and_words(capsys):
    code, out, _ = run(capsys, "help", ".p")
    assert code == 0 and "Print" in out
    code, out, _ = run(capsys, "help", "\\nabla")
    assert code == 0 and out.startswith("∇")
    code, out, _ = run(capsys, "help", "reverse")
    assert code == 0 and out.startswith("|")


def test_help_index_and_unknown_topic(capsys):
    code, out, _ = run(capsys, "help")
    assert code == 0 and ".sys" in out and ":~" in out
    code, out, err = run(capsys, "help", "nonesuch")
    assert code == 1 and out == "" and "no help for 'nonesuch'" in err


def test_missing_program_file(capsys, tmp_path):
    code, out, err = run(capsys, str(tmp_path / "nope.kg"))
    assert code == 1 and out == ""
    assert "nope.kg" in err and "Traceback" not in err


# --------------------------------------------------------------------------- running


@needs_interpreter
def test_expression(capsys):
    assert run(capsys, "-e", "1+2") == (0, "3\n", "")
    assert run(capsys, "-e", "[1 2]+10") == (0, "[11 12]\n", "")
    assert run(capsys, "-e", '"a","b"') == (0, '"ab"\n', "")


@needs_interpreter
def test_empty_expression_prints_nothing(capsys):
    assert run(capsys, "-e", "") == (0, "", "")


@needs_interpreter
def test_expression_sees_program_arguments(capsys):
    assert run(capsys, "-e", ".a", "x", "y") == (0, '["x" "y"]\n', "")
    assert run(capsys, "-e", ".a") == (0, "[]\n", "")


@needs_interpreter
def test_run_file(capsys, tmp_path):
    path = write(tmp_path, "prog.kg", 'sq::{x*x}\n.p(sq(7))\n.p("done")\n')
    assert run(capsys, path) == (0, "49\ndone\n", "")
    assert run(capsys, "run", path) == (0, "49\ndone\n", "")


@needs_interpreter
def test_run_file_passes_arguments(capsys, tmp_path):
    path = write(tmp_path, "args.kg", ".w(.a);.p(\"\")\n")
    code, out, err = run(capsys, path, "-x", "y", "--z")
    assert (code, out, err) == (0, '["-x" "y" "--z"]\n', "")
    code, out, _ = run(capsys, "--backend", "numpy", "run", path, "--", "a")
    assert (code, out) == (0, '["a"]\n')


@needs_interpreter
def test_run_file_that_is_not_utf8(capsys, tmp_path):
    path = tmp_path / "lat.kg"
    path.write_bytes(b':"\xd7"\n.p(#"a\xd7b")\n')
    assert run(capsys, str(path)) == (0, "3\n", "")
    assert run(capsys, "-l", str(path), "-e", "1") == (0, "3\n1\n", "")


@needs_interpreter
def test_directory_as_program_or_load_file(capsys, tmp_path):
    code, out, err = run(capsys, str(tmp_path))
    assert (code, out) == (1, "")
    assert err == f"klong: error: cannot open file: {tmp_path}: Is a directory\n"
    code, out, err = run(capsys, "-l", str(tmp_path), "-e", "1")
    assert (code, out) == (1, "")
    assert err == f'{tmp_path}: io error: .l: cannot open file: "{tmp_path}"\n'


@needs_interpreter
def test_error_in_file_shows_position_and_caret(capsys, tmp_path):
    path = write(tmp_path, "bad.kg", 'a::1\nb::1+"a"\n.p("not reached")\n')
    code, out, err = run(capsys, path)
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert re.fullmatch(re.escape(path) + r':2:5: plus: type error: \[1 "a"\]',
                        lines[0]), lines[0]
    assert lines[1] == 'b::1+"a"'
    assert lines[2] == "    ^"
    assert "Traceback" not in err


@needs_interpreter
def test_error_in_expression(capsys):
    code, out, err = run(capsys, "-e", '1+"a"')
    assert code == 1 and out == ""
    assert err.splitlines() == ['<expr>:1:2: plus: type error: [1 "a"]', '1+"a"', " ^"]


@needs_interpreter
def test_syntax_error_exit_status(capsys):
    code, _, err = run(capsys, "-e", "1+")
    assert code == 1
    assert err.splitlines() == [
        "<expr>:1:3: syntax error: expected an operand, got: the end of input (after +)",
        "1+", "  ^"]


@needs_interpreter
def test_exit_function_passes_through(capsys, tmp_path):
    path = write(tmp_path, "exit.kg", '.p("before")\n.x(1)\n.p("after")\n')
    with pytest.raises(SystemExit) as info:
        cli.main([path])
    assert info.value.code == 1
    assert capsys.readouterr().out == "before\n"
    with pytest.raises(SystemExit) as info:
        cli.main(["-e", ".x(0)"])
    assert info.value.code in (0, None)


@needs_interpreter
def test_numpy_backend_rejects_device(capsys):
    code, out, err = run(capsys, "--device", "cpu", "-e", "1")
    assert code == 2 and out == ""
    assert "does not support device selection" in err


@needs_interpreter
def test_unknown_backend_is_a_usage_error(capsys):
    code, out, err = run(capsys, "--backend", "nonesuch", "-e", "1")
    assert code == 2 and out == "" and err.startswith("klong: error: ")


@needs_interpreter
def test_internal_errors_are_reported_without_traceback(capsys, monkeypatch):
    def broken(opts):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(cli, "_make_interpreter", broken)
    code, out, err = run(capsys, "-e", "1")
    assert code == 1 and out == ""
    assert err.startswith("klong: internal error: ZeroDivisionError: boom")
    assert "Traceback" not in err
    code, _, err = run(capsys, "--traceback", "-e", "1")
    assert code == 1 and "Traceback" in err


# --------------------------------------------------------------------------- REPL


def repl(capsys, monkeypatch, text: str, *argv: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    return run(capsys, *(argv or ("repl",)))


@needs_interpreter
def test_repl_echoes_written_values(capsys, monkeypatch):
    code, out, err = repl(capsys, monkeypatch, '1+2\n"hi"\n\n.p("x")\n')
    assert (code, out, err) == (0, '3\n"hi"\nx\n"x"\n', "")


@needs_interpreter
def test_repl_without_subcommand(capsys, monkeypatch):
    code, out, _ = repl(capsys, monkeypatch, "2*3\n", "--backend", "numpy")
    assert (code, out) == (0, "6\n")


@needs_interpreter
def test_repl_continues_open_brackets(capsys, monkeypatch):
    code, out, err = repl(capsys, monkeypatch, "f::{[a];\na::x*2;\na+1}\nf(3)\n[1\n2]\n")
    assert (code, err) == (0, "")
    assert out == ":monad\n7\n[1 2]\n"


@needs_interpreter
def test_repl_errors_do_not_end_the_session(capsys, monkeypatch):
    code, out, err = repl(capsys, monkeypatch, 'a::5\na::1+"x"\na\n')
    assert code == 0
    assert out == "5\n5\n"
    assert err.startswith('<repl>:1:5: plus: type error: [1 "x"]\n')
    assert "Traceback" not in err


@needs_interpreter
def test_repl_it_and_meta_commands(capsys, monkeypatch, tmp_path):
    lib = write(tmp_path, "lib.kg", "double::{2*x}\n")
    text = f"20\nit+1\n]h +\n]l {lib}\ndouble(4)\n]zz\n]q\n99\n"
    code, out, err = repl(capsys, monkeypatch, text)
    assert code == 0
    assert out.startswith("20\n21\n+  Transpose · Plus")
    assert out.endswith(":monad\n8\n")
    assert "99" not in out
    assert "unknown system command: ]zz" in err


@needs_interpreter
def test_repl_shell_command(capfd, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("]! echo from-shell\n1\n"))
    assert cli.main(["repl"]) == 0
    assert capfd.readouterr().out == "from-shell\n1\n"


@needs_interpreter
def test_interactive_session_prompts_and_banner():
    from klong.interpreter import KlongInterpreter

    out, err = io.StringIO(), io.StringIO()
    lines = iter(["1+1", "{x*", "2}(5)", "]q"])
    prompts = []

    def read(prompt):
        prompts.append(prompt)
        return next(lines)

    session = cli.Repl(KlongInterpreter(), out, err, cli._Reporter(err, False), True)
    assert session.run(read) == 0
    assert prompts == ["?> ", "?> ", "..> ", "?> "]
    banner, *rest = out.getvalue().splitlines()
    assert banner.startswith("klong 0.1.0 (numpy backend, device cpu)") and "]q" in banner
    assert rest == ["2", "10"]


@needs_interpreter
def test_interactive_end_of_input_is_quiet():
    from klong.interpreter import KlongInterpreter

    def read(prompt):
        raise EOFError

    out, err = io.StringIO(), io.StringIO()
    session = cli.Repl(KlongInterpreter(), out, err, cli._Reporter(err, False), True)
    assert session.run(read) == 0
    assert out.getvalue().splitlines()[1:] == [""]
    assert err.getvalue() == ""


# --------------------------------------------------------------------------- processes


def klong_process(*argv: str, **kwargs) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-m", "klong", *argv], capture_output=True,
                          text=True, env=env, timeout=60, **kwargs)


def test_process_help_without_interpreter():
    result = klong_process("help", ":~")
    assert result.returncode == 0
    assert result.stdout.startswith(":~  Converge · While")


@needs_interpreter
def test_process_text_left_in_a_file_channel_is_written_at_exit(tmp_path):
    # kg writes it (its -e result goes to the To channel too); the text was lost before
    out = tmp_path / "o.txt"
    result = klong_process("-e", f'.tc(.oc("{out}"));.p("hi")')
    assert (result.returncode, result.stdout) == (0, '"hi"\n')
    assert out.read_text() == "hi\n"
    path = write(tmp_path, "p.kg", f'c::.ac("{out}")\n.tc(c)\n.d(42)\n')
    result = klong_process(path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert out.read_text() == "hi\n42"
    result = klong_process("-e", f'c::.oc("{out}");.tc(c);.p("x");[1 2]+[1 2 3]')
    assert result.returncode == 1 and out.read_text() == "x\n"


@needs_interpreter
def test_process_expression_and_program(tmp_path):
    result = klong_process("-e", "1+2")
    assert (result.returncode, result.stdout, result.stderr) == (0, "3\n", "")
    path = write(tmp_path, "p.kg", ".p(,/.a)\n")
    result = klong_process(path, "a", "b")
    assert (result.returncode, result.stdout) == (0, "ab\n")


@needs_interpreter
def test_process_exit_status_and_piped_repl(tmp_path):
    path = write(tmp_path, "x.kg", ".x(1)\n")
    assert klong_process(path).returncode == 1
    result = klong_process(input="1+1\n]q\n")
    assert (result.returncode, result.stdout) == (0, "2\n")


@needs_interpreter
def test_process_stdin_that_is_not_utf8(tmp_path):
    # a strict stdin would fail with a decoding error; its bytes are read as Latin-1
    env = dict(os.environ, PYTHONIOENCODING="utf-8:strict",
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    result = subprocess.run([sys.executable, "-m", "klong"], input=b':"\xd7"\n"a\xd7b"\n',
                            capture_output=True, env=env, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (0, '"a×b"\n'.encode(), b"")
    path = write(tmp_path, "rl.kg", ".p(#.rl())\n")
    result = subprocess.run([sys.executable, "-m", "klong", path], input=b"a\xd7b\n",
                            capture_output=True, env=env, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (0, b"3\n", b"")


def test_import_klong_is_light():
    code = ("import sys, klong\n"
            "heavy = {'torch', 'prompt_toolkit', 'pygls', 'numpy', 'klong.interpreter'}\n"
            "assert not heavy & set(sys.modules), heavy & set(sys.modules)\n"
            "assert klong.__version__ == '0.1.0'\n"
            "assert issubclass(klong.KlongError, Exception)\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, timeout=60)
    assert result.returncode == 0, result.stderr


@needs_interpreter
def test_public_api():
    import klong

    k = klong.KlongInterpreter()
    assert k("1+2") == 3
    assert "KlongInterpreter" in dir(klong)


def test_an_expression_starts_without_what_it_does_not_need():
    # start-up (docs/performance.md, issue 15): the help table, the reference lexer and the
    # Python code generator (at a function's 8th call, not when it is compiled) are read
    # where they are used, not by `klong -e`
    lazy = ("klong.reference", "klong.syntax.reference_lexer", "klong.runtime.codegen",
            "klong.runtime.codegen_support")
    # the command's own process freezes what it made (the collector leaves it alone)
    code = ("import gc, sys; sys.argv = ['klong', '-e', '{x+1}(1)']; from klong.cli import main; "
            f"main(); print(sorted(m for m in {lazy!r} if m in sys.modules), "
            "gc.get_freeze_count() > 0)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert out.stdout.split("\n")[-2:] == ["[] True", ""]
    assert out.stdout.startswith("2\n")


def test_a_python_caller_of_main_keeps_its_collector_as_it_was(capsys):
    import gc

    frozen = gc.get_freeze_count()
    assert (cli.main(["-e", "1+1"]), capsys.readouterr().out) == (0, "2\n")
    assert (gc.get_freeze_count(), gc.isenabled()) == (frozen, True)
