"""examples/autograd/*.kg: each runs with `klong FILE`, checks its own results and prints
"ok: ..." lines (a failed check prints "FAILED: ..." and exits 1). Run on numpy, and on
torch when torch and the torch backend are available."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from klong import cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "autograd"
SCRIPTS = sorted(EXAMPLES.glob("*.kg"))

EXPECTED_OK = {
    "gradient_descent.kg": 5,
    "jacobian.kg": 6,
    "linear_regression.kg": 2,
    "neural_network.kg": 2,
}


@pytest.fixture(params=["numpy", "torch"])
def backend(request) -> str:
    if request.param == "torch":
        pytest.importorskip("torch")
    return request.param


@pytest.fixture
def isolated(monkeypatch, tmp_path):
    """Run from elsewhere (the script's own directory must be found), restore sys.path."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", list(sys.path))
    sys.modules.pop("optimizers", None)
    yield
    sys.modules.pop("optimizers", None)


def test_the_four_examples_are_there():
    assert {p.name for p in SCRIPTS} == set(EXPECTED_OK)


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.name for p in SCRIPTS])
def test_example_runs_and_checks_itself(script, backend, isolated, capsys):
    code = cli.main(["--backend", backend, str(script)])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert "FAILED" not in out
    assert out.count("ok: ") == EXPECTED_OK[script.name], out


def test_klong_command_runs_an_example(tmp_path):
    """The real command line, in a fresh process, from another directory."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    r = subprocess.run([sys.executable, "-m", "klong", str(EXAMPLES / "jacobian.kg")],
                       cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.count("ok: ") == EXPECTED_OK["jacobian.kg"]
