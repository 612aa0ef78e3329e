"""Instructions per parse of a fresh 200-line program, counted with valgrind's callgrind.

    python bench/parse_icount.py            # klong, and Python's compile() of the same
                                            # program written in Python (bench_common)
    python bench/parse_icount.py --klongpy  # also KlongPy, in the benchmark's scratch venv

Timing on a shared machine moves by up to 2x between runs; instruction counts repeat to
0.1 %. Each side runs twice under callgrind, parsing the same fresh programs (bench_common's
make_program) 0 and ROUNDS times over; the difference divided by the parses is the cost of
one parse, start-up and imports excluded. Needs valgrind on PATH.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROGRAMS = 20
ROUNDS = 4

# Run by the measured interpreter: argv = side, rounds.
_CHILD = f"""
import gc, sys
sys.path.insert(0, {str(HERE)!r})
sys.path.insert(0, {str(HERE.parent)!r})
from bench_common import make_program, make_python_program
side, rounds = sys.argv[1], int(sys.argv[2])
if side == "klong":
    from klong.syntax.parser import parse
elif side == "python":
    make_program = make_python_program
    def parse(src):
        return compile(src, "<bench>", "exec")
else:
    from klongpy import KlongInterpreter
    parse = KlongInterpreter().prog
srcs = [make_program(i) for i in range({PROGRAMS})]
gc.disable()
parse(srcs[0])
for _ in range(rounds):
    for s in srcs:
        parse(s)
"""


def instructions(python: str, side: str, rounds: int) -> int:
    env = dict(os.environ, PYTHONHASHSEED="0", OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                          python, "-c", _CHILD, side, str(rounds)],
                         env=env, capture_output=True, text=True, check=True)
    m = re.search(r"Collected : (\d+)", out.stderr)
    if m is None:
        raise RuntimeError(f"no instruction count from valgrind:\n{out.stderr[-2000:]}")
    return int(m.group(1))


def per_parse(python: str, side: str) -> float:
    subprocess.run([python, "-c", _CHILD, side, "1"], check=True)  # warm caches, fail fast
    base = instructions(python, side, 0)
    full = instructions(python, side, ROUNDS)
    return (full - base) / (ROUNDS * PROGRAMS)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--klongpy", action="store_true", help="also count KlongPy's parse")
    args = p.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed", file=sys.stderr)
        return 2
    k = per_parse(sys.executable, "klong")
    print(f"klong:   {k / 1e6:.2f}M instructions per parse")
    py = per_parse(sys.executable, "python")
    print(f"Python:  {py / 1e6:.2f}M instructions per compile() of the program in Python "
          f"(klong's parse: {k / py:.2f}x; target 2x)")
    if args.klongpy:
        venv = HERE / ".venv-klongpy" / "bin" / "python"
        if not venv.exists():
            print("KlongPy's venv is missing: run bench_core.py once to create it",
                  file=sys.stderr)
            return 2
        kp = per_parse(str(venv), "klongpy")
        print(f"KlongPy: {kp / 1e6:.2f}M instructions per parse ({kp / k:.2f}x klong's)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
