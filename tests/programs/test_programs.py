"""Real programs: tests/programs/NAME.kg are multi-function Klong programs in the style of a
numeric library (series, root finders, combinatorics, CSV, statistics, matrices, primes,
sorting, parsers, dictionaries ...). Each prints its results with .p/.d/.w; NAME.out is what
the nmh reference interpreter kg 2022-12-12 printed for it (`kg -n -q NAME.kg </dev/null`).

Every program runs through the `klong` command line in this process, on the default backend
(numpy, or torch under KLONG_BACKEND=torch), and must print exactly NAME.out and exit 0,
twice: with every function's body compiled to Python code at its first call
(KLONG_CODEGEN=1, klong/runtime/codegen.py) and with the closure compiler alone (0).
Reals are printed rounded to fixed decimals by the programs themselves, so float64 and kg's
18-digit decimals print the same digits (language doc §10.2, §14.1)."""
from __future__ import annotations

import signal
from pathlib import Path

import pytest

from klong import cli

HERE = Path(__file__).resolve().parent
PROGRAMS = sorted(HERE.glob("*.kg"))
# A program runs in well under a second; one caught in an endless loop (say a wrong
# integer that never reaches its stopping value) fails after this many seconds.
TIME_LIMIT_S = 60


class _TimeUp(BaseException):
    pass


def test_every_program_has_its_expected_output():
    assert len(PROGRAMS) >= 18
    assert {p.stem for p in HERE.glob("*.out")} == {p.stem for p in PROGRAMS}


@pytest.mark.parametrize("codegen", ["1", "0"])
@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_program_prints_what_kg_prints(program: Path, codegen: str,
                                       capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch,
                                       tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)           # the programs read and write no files
    monkeypatch.setenv("KLONG_CODEGEN", codegen)
    fired = []

    def on_alarm(signum, frame):
        fired.append(True)
        raise _TimeUp()
    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT_S)
    try:
        code = cli.main([str(program)])
    except _TimeUp:
        code = None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    out, err = capsys.readouterr()
    assert not fired, f"still running after {TIME_LIMIT_S} s; printed:\n{out}"
    expected = program.with_suffix(".out").read_text(encoding="utf-8")
    assert out == expected, err
    assert (code, err) == (0, "")
