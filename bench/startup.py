"""Start-up of `klong -e '1+1'` next to `python -c "import numpy"` (whole processes, same run).

    python bench/startup.py [RUNS]

A benchmark, not a test (a timed test is flaky on a shared machine). Byte code is cached
in a private folder for both commands, so neither pays for compiling. The goal is klong
within 1.3x of importing numpy.
"""
from __future__ import annotations

import os
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


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=cache)
        numpy_cmd = [sys.executable, "-c", "import numpy"]
        klong_cmd = [sys.executable, "-m", "klong", "-e", "1+1"]
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
          f"(target 1.3x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
