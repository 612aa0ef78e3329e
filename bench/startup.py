"""Start-up of `klong -e '1+1'` next to `python -c "import numpy"` (whole processes, same run).

    python bench/startup.py [RUNS]            # wall clock, interleaved
    python bench/startup.py --icount          # instructions (valgrind's callgrind)

A benchmark, not a test (a timed test is flaky on a shared machine). Byte code is cached
in a private folder for both commands, so neither pays for compiling. The goal is klong
within 1.1x of importing numpy. On a busy machine the wall clock of a 0.1 s process moves
by more than that; the instruction counts repeat to 0.1 % (`--icount`, needs valgrind).
"""
from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timings(argv: list[str], env: dict, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True, env=env)
        out.append(time.perf_counter() - start)
    return out


def instructions(argv: list[str], env: dict) -> int:
    """Instructions the whole process runs, counted by callgrind."""
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                          *argv], env=env, capture_output=True, text=True, check=True)
    m = re.search(r"Collected : (\d+)", out.stderr)
    if m is None:
        raise RuntimeError(f"no instruction count from valgrind:\n{out.stderr[-2000:]}")
    return int(m.group(1))


def main() -> int:
    icount = "--icount" in sys.argv[1:]
    args = [a for a in sys.argv[1:] if a != "--icount"]
    runs = int(args[0]) if args else 15
    if icount and shutil.which("valgrind") is None:
        print("valgrind is not installed", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=cache)
        numpy_cmd = [sys.executable, "-c", "import numpy"]
        klong_cmd = [sys.executable, "-m", "klong", "-e", "1+1"]
        if icount:
            env.update(PYTHONHASHSEED="0", OPENBLAS_NUM_THREADS="1")  # repeatable counts
            timings(numpy_cmd, env, 1)
            timings(klong_cmd, env, 1)      # fill the byte-code cache
            n, k = instructions(numpy_cmd, env), instructions(klong_cmd, env)
            print(f"python -c 'import numpy'   {n / 1e6:.1f}M instructions")
            print(f"klong -e '1+1'             {k / 1e6:.1f}M instructions")
            print(f"ratio: {k / n:.3f}x (target 1.1x)")
            return 0
        timings(numpy_cmd, env, 1)
        timings(klong_cmd, env, 1)          # fill the byte-code cache
        numpy_t, klong_t = [], []
        for _ in range(runs):               # interleaved, so load hits both alike
            numpy_t += timings(numpy_cmd, env, 1)
            klong_t += timings(klong_cmd, env, 1)
    for name, t in (("python -c 'import numpy'", numpy_t), ("klong -e '1+1'", klong_t)):
        print(f"{name:26s} best {min(t):.3f} s  median {statistics.median(t):.3f} s")
    print(f"ratio: best {min(klong_t) / min(numpy_t):.2f}x, "
          f"median {statistics.median(klong_t) / statistics.median(numpy_t):.2f}x "
          f"(target 1.1x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
