"""Start-up time of the interactive REPL: from starting `klong repl` in a pseudo-terminal
to its first prompt (numpy backend), next to `python -c "import numpy"`.

    python bench/repl_startup.py [RUNS]

A benchmark, not a test: it prints the best and median of RUNS (default 10) runs, as wall
time and as the CPU time the process used (which a busy machine disturbs less). The goal
is under 0.6 s to the first prompt. numpy and the interpreter load in the background once
the prompt is up (klong/repl/background.py), so they are not part of this number.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pexpect

from bench_common import cpu_seconds

ROOT = Path(__file__).resolve().parents[1]


def to_first_prompt(env: dict[str, str]) -> tuple[float, float]:
    start = time.perf_counter()
    child = pexpect.spawn(sys.executable, ["-m", "klong", "repl"], env=env,
                          encoding="utf-8", dimensions=(30, 120), timeout=30)
    child.expect(r"\?>")
    elapsed = time.perf_counter() - start
    cpu = cpu_seconds(child.pid)
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
    child.close()
    return elapsed, cpu


def import_numpy(env: dict[str, str]) -> tuple[float, float]:
    before = os.times()
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import numpy"], env=env, check=True)
    elapsed = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user
           + after.children_system - before.children_system)
    return elapsed, cpu


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    with tempfile.TemporaryDirectory() as state:
        env = dict(os.environ, PYTHONPATH=str(ROOT), XDG_STATE_HOME=state,
                   TERM="xterm-256color", PROMPT_TOOLKIT_NO_CPR="1")
        env.pop("KLONG_HISTORY", None)
        to_first_prompt(env)  # warm the byte-code cache and the file system
        for name, measure in (("klong repl, to first prompt", to_first_prompt),
                              ('python -c "import numpy"', import_numpy)):
            walls, cpus = zip(*(measure(env) for _ in range(runs)))
            print(f"{name:<30} wall best {min(walls):.3f} s, median "
                  f"{statistics.median(walls):.3f} s;  CPU best {min(cpus):.3f} s, median "
                  f"{statistics.median(cpus):.3f} s  ({runs} runs)")


if __name__ == "__main__":
    main()
