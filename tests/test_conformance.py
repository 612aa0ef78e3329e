"""Run the Klong-written conformance file tests/klong/conformance.kg.

The file checks hundreds of cases of the language document with its own t(label;actual;expected)
helper: a mismatch prints a line starting with `failed:`, and the last line is a summary
`conformance: N passed, M failed`. The I/O cases write files in a temporary directory that
is passed to the program as its first argument (`.a`).

It runs twice: with function bodies compiled to Python code at every function's first call
(KLONG_CODEGEN=1, klong/runtime/codegen.py) and with the closure compiler alone (0).
"""
from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KG_FILE = ROOT / "tests" / "klong" / "conformance.kg"
MIN_PASSED = 600
SUMMARY = re.compile(r"^conformance: (\d+) passed, (\d+) failed\s*$", re.MULTILINE)


def _run_cli(tmp_path: Path, codegen: str) -> tuple[int, str, str]:
    env = dict(os.environ)
    env["KLONG_CODEGEN"] = codegen
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    proc = subprocess.run(
        [sys.executable, "-m", "klong", str(KG_FILE), str(tmp_path)],
        cwd=str(ROOT),
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
    )
    return proc.returncode, proc.stdout, proc.stderr


def _run_api(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from klong.interpreter import KlongInterpreter

    status = 0
    try:
        KlongInterpreter().run_file(str(KG_FILE), args=[str(tmp_path)])
    except Exception as exc:  # a Klong error aborts the file, as in the CLI
        status = 1
        print(f"error: {exc}", file=sys.stderr)
    sys.stdout.flush()
    out, err = capfd.readouterr()
    return status, out, err


@pytest.mark.parametrize("codegen", ["1", "0"])
def test_conformance(codegen: str, tmp_path: Path, capfd: pytest.CaptureFixture[str],
                     monkeypatch: pytest.MonkeyPatch) -> None:
    if importlib.util.find_spec("klong.__main__") is not None:
        status, out, err = _run_cli(tmp_path, codegen)
    else:
        monkeypatch.setenv("KLONG_CODEGEN", codegen)
        status, out, err = _run_api(tmp_path, capfd)
    detail = f"\n--- stdout (tail) ---\n{out[-6000:]}\n--- stderr ---\n{err[-4000:]}"

    assert status == 0, f"klong exited with status {status}{detail}"
    failed = [line for line in out.splitlines() if line.startswith("failed:")]
    assert not failed, f"{len(failed)} conformance case(s) failed:\n" + "\n".join(failed[:200])
    match = SUMMARY.search(out)
    assert match, f"no summary line in the output{detail}"
    passed, nfailed = int(match.group(1)), int(match.group(2))
    assert nfailed == 0, f"summary reports {nfailed} failures{detail}"
    assert passed >= MIN_PASSED, \
        f"only {passed} cases passed (expected at least {MIN_PASSED}){detail}"
