"""The REPL's `]` commands."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from klong import reference
from klong.cli import _Reporter
from klong.interpreter import KlongInterpreter
from klong.repl import Repl
from klong.repl.commands import COMMANDS, duration, format_keys, split
from klong.repl.plain import stream_reader


def session(*lines: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    repl = Repl(KlongInterpreter(), out, err, _Reporter(err, False), False)
    text = "".join(line + "\n" for line in lines)
    code = repl.run(stream_reader(io.StringIO(text)))
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(("line", "parsed"), [
    ("]h", ("h", "")),
    ("]h +", ("h", "+")),
    ("]h+", ("h", "+")),
    ("]help  .p ", ("help", ".p")),
    ("]l  my file.kg ", ("l", "my file.kg")),
    ("]lfile.kg", ("l", "file.kg")),
    ("]!ls -l", ("!", "ls -l")),
    ("]T:5 1+1", ("T", ":5 1+1")),
    ("]keys", ("keys", "")),
    ("]t +/!10", ("t", "+/!10")),
    ("]zz 1", ("zz", "1")),
])
def test_split(line, parsed):
    assert split(line) == parsed


def test_help_lists_every_command_and_the_reference():
    code, out, err = session("]h")
    assert (code, err) == (0, "")
    for entry in COMMANDS:
        assert f"  {entry.usage}" in out, entry.usage
    assert "\\nabla Tab gives ∇; `g gives ∇" in out
    assert out.endswith(reference.format_index() + "\n")


@pytest.mark.parametrize("topic", ["∇", "\\nabla", ":>", ".p", "+"])
def test_help_on_an_operator_or_system_function(topic):
    code, out, err = session(f"]h {topic}")
    assert (code, err) == (0, "")
    assert out == reference.format_entry(reference.lookup(topic)) + "\n"


def test_help_on_an_unknown_topic():
    code, out, err = session("]h nonesuch")
    assert (code, out) == (0, "")
    assert err.startswith("klong: no help for 'nonesuch'")


def test_keys_prints_the_unicode_input_table():
    assert format_keys().splitlines() == [
        "glyph  name                     type it as",
        "∇      Grad (numeric gradient)  \\nabla Tab   `g   \\grad Tab",
        "∂      Jacobian                 \\partial Tab   `d   \\jacobian Tab",
        "˙      Track                    \\dot Tab   `.   \\track Tab",
        "(`` types ` itself)",
    ]
    assert session("]keys") == (0, format_keys() + "\n", "")


def test_keys_covers_every_sequence_of_the_table():
    text = format_keys()
    for entry in reference.unicode_input.sequences():
        assert entry["sequence"] + " Tab" in text
    for key in reference.unicode_input.prefix_keys():
        assert reference.unicode_input.prefix() + key in text


def test_time_prints_value_and_duration():
    code, out, err = session("]t +/!1000", "it")
    assert (code, err) == (0, "")
    assert re.fullmatch(r"499500\ntime: [0-9.]+ (µs|ms|s)\n499500\n", out), out


def test_time_of_a_failing_expression():
    code, out, err = session(']t 1+"a"')
    assert re.fullmatch(r"time: [0-9.]+ (µs|ms|s)\n", out), out
    assert err.startswith('<repl>:1:2: plus: type error: [1 "a"]\n')


def test_time_nmh_style():
    _, out, err = session("]T:3 +/!10", "]T +/!10", "]T:x 1", "]T")
    assert re.fullmatch(r"(total: [0-9.]+ per: [0-9.]+\n){2}", out), out
    assert err == "usage: ]T EXPR  or  ]T:N EXPR\n" * 2


def test_usage_messages():
    _, out, err = session("]t", "]l", "]full maybe")
    assert out == ""
    assert err == "usage: ]t EXPR\nusage: ]l FILE\nusage: ]full [on|off]\n"


def test_backend_and_device():
    assert session("]b") == (0, "backend: numpy  device: cpu\n", "")


def test_load_a_file(tmp_path):
    path = tmp_path / "lib.kg"
    path.write_text("sq::{x*x}\n")
    assert session(f"]l {path}", "sq(9)") == (0, ":monad\n81\n", "")


def test_load_a_missing_file(tmp_path):
    code, out, err = session(f"]l {tmp_path}/none.kg")
    assert (code, out) == (0, "")
    assert "io error" in err and "none.kg" in err


def test_unknown_command_gets_a_clear_message():
    assert session("]zz", "1") == (
        0, "1\n", "unknown system command: ]zz (]h lists the REPL commands)\n")


def test_apropos_and_file_list(tmp_path):
    (tmp_path / "a.kg").write_text("")
    (tmp_path / "b.txt").write_text("")
    _, out, _ = session("]a gradient", f"]i {tmp_path}")
    assert out.splitlines()[-1] == "a.kg"
    assert any(line.startswith("∇") for line in out.splitlines())


@pytest.mark.parametrize(("seconds", "text"), [
    (0.0000123, "12.3 µs"), (0.00456, "4.56 ms"), (1.234, "1.23 s")])
def test_duration(seconds, text):
    assert duration(seconds) == text


def test_docs_list_every_command_and_input_sequence():
    text = (Path(__file__).resolve().parents[2] / "docs" / "repl.md").read_text("utf-8")
    for entry in COMMANDS:
        assert f"`]{entry.names[0]}" in text, entry.names
    table = reference.unicode_input
    for entry in table.sequences():
        assert f"`{entry['sequence']}`" in text, entry
    for key, glyph in table.prefix_keys().items():
        assert f"| `{glyph}` |" in text and f"`` {table.prefix()}{key} ``" in text


def test_plot_writes_a_png_beside_the_history_and_prints_its_path(tmp_path, monkeypatch):
    monkeypatch.setenv("KLONG_HISTORY", str(tmp_path / "state" / "history"))
    code, out, err = session("]plot {x*x}'!10", "]plot [[1 2] [2 4] [3 1]]", "]plot \"ab\"",
                             "]plot", "1+1")
    first, second = tmp_path / "state" / "klong-plot-1.png", tmp_path / "state" / "klong-plot-2.png"
    assert out == f"{first}\n{second}\n2\n"
    assert first.read_bytes()[:4] == second.read_bytes()[:4] == b"\x89PNG"
    assert err == ("<repl>: plot: type error: a chart needs a list of numbers, of [x y] pairs "
                   "or of equal-length number lists\nusage: ]plot EXPR\n")
    assert code == 0
