#!/usr/bin/env python
"""Scalar and interpretive workloads: klong next to the C reference interpreter kg and to raw
Python, in one run (issue 15).

    python bench/bench_vs_kg.py --kg /path/to/kg        # kg built from github:promovicz/klong
    python bench/bench_vs_kg.py                          # no kg: its columns are left out

Each workload is a Klong expression (after a setup) and the same computation written in
plain Python. Times are CPU seconds of the process (medians of repetitions, after a warm-up
run that also lets klong compile the functions to Python code):
- klong: `time.process_time()` around `k(expr)` in this process, with the generator on
  (the default) and off (`codegen=0`, the closure compiler alone);
- kg: kg's own clock `.pc()` (the process's CPU time, from C `clock()`) read before and after
  each repetition inside one kg process, so its start-up is not counted;
- python: `time.process_time()` around the Python function.
Every side's result is checked against the others (kg's printed value, Python's value).
Not a test: on a shared machine the numbers move; compare ratios from one run.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from klong.interpreter import KlongInterpreter  # noqa: E402
from klong.printer import written  # noqa: E402


# ---- the same work in plain Python ----------------------------------------------------------

def py_fib(x: int) -> int:
    return x if x < 2 else py_fib(x - 1) + py_fib(x - 2)


def py_each_sq() -> list:
    return [x * x for x in range(10000)]


def py_while() -> int:
    x = 0
    while x < 100000:
        x += 1
    return x


def py_collatz(x: int) -> int:
    return 0 if x == 1 else 1 + py_collatz(3 * x + 1 if x % 2 else x // 2)


def py_gcd(x: int, y: int) -> int:
    return x if y == 0 else py_gcd(y, x % y)


def py_real_map() -> float:
    x = 0.0
    for _ in range(100000):
        x = 0.5 + x * 0.99999
    return x


@dataclass(frozen=True)
class Workload:
    id: str
    label: str
    setup: str
    expr: str
    python: Callable[[], Any]


WORKLOADS = [
    Workload("fib20", "fib(20)", "fib::{:[x<2;x;fib(x-1)+fib(x-2)]}", "fib(20)",
             lambda: py_fib(20)),
    Workload("each_sq_10k", "{x*x}'!10000", "", "{x*x}'!10000", py_each_sq),
    Workload("while_100k", "{x<100000}{x+1}:~0", "", "{x<100000}{x+1}:~0", py_while),
    Workload("collatz_1k", "collatz steps of 1..1000 (recursive)",
             "col::{:[x=1;0;1+col(:[x!2;1+3*x;x:%2])]}", "+/col'1+!1000",
             lambda: sum(py_collatz(i) for i in range(1, 1001))),
    Workload("gcd_10k", "gcd(i;1071) for i in 1..10000 (recursive)",
             "gcd::{:[y=0;x;gcd(y;x!y)]}", "+/{gcd(x;1071)}'1+!10000",
             lambda: sum(py_gcd(i, 1071) for i in range(1, 10001))),
    Workload("real_map_100k", "100000{0.5+x*0.99999}:*0.0", "", "100000{0.5+x*0.99999}:*0.0",
             py_real_map),
]


def _reps(first: float, budget: float, lo: int = 5, hi: int = 41) -> int:
    return max(lo, min(hi, int(budget / max(first, 1e-6))))


def time_klong(w: Workload, codegen: Optional[int], budget: float) -> tuple[float, Any]:
    k = KlongInterpreter(codegen=codegen)
    if w.setup:
        k(w.setup)
    t = time.process_time()
    value = k(w.expr)                       # warm-up: compile, reach the code generator
    first = time.process_time() - t
    times = []
    for _ in range(_reps(first, budget)):
        t = time.process_time()
        k(w.expr)
        times.append(time.process_time() - t)
    return statistics.median(times), value


def time_python(w: Workload, budget: float) -> tuple[float, Any]:
    t = time.process_time()
    value = w.python()
    first = time.process_time() - t
    times = []
    for _ in range(_reps(first, budget)):
        t = time.process_time()
        w.python()
        times.append(time.process_time() - t)
    return statistics.median(times), value


def time_kg(kg: str, w: Workload, reps: int) -> tuple[float, str]:
    """kg's own clock around each repetition, in one process; the first one is a warm-up."""
    parts = [w.setup] if w.setup else []
    parts.append(f"r::{w.expr}")
    for _ in range(reps):
        parts.append(f"t::.pc();r::{w.expr};.p(.pc()-t)")
    parts.append(".p(r)")
    with tempfile.TemporaryDirectory() as tmp:     # (kg -e takes short programs only)
        prog = Path(tmp) / "bench.kg"
        prog.write_text("\n".join(parts) + "\n")
        out = subprocess.run([kg, str(prog)], stdin=subprocess.DEVNULL, capture_output=True,
                             text=True, timeout=600).stdout.split()
    if len(out) < reps + 1:
        raise RuntimeError(f"kg printed {out!r}")
    times = [float(s) for s in out[:reps]]
    return statistics.median(times), " ".join(out[reps:])


def same_printed(kg_text: str, klong_text: str) -> bool:
    """The same value printed by kg and klong. kg's reals are not IEEE doubles (it prints 18
    digits, and a long sum of reals drifts from float64 in the 11th or 12th)."""
    if kg_text == klong_text:
        return True
    try:
        a, b = float(kg_text), float(klong_text)
    except ValueError:
        return False
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b))


def ratio(a: Optional[float], b: Optional[float]) -> str:
    return f"{a / b:.2f}" if a and b else "-"


def ms(s: Optional[float]) -> str:
    return "-" if s is None else f"{s * 1e3:.2f} ms"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kg", help="path of a kg binary built from github:promovicz/klong")
    ap.add_argument("--only", default="", help="comma-separated workload ids")
    ap.add_argument("--budget", type=float, default=1.0,
                    help="seconds of repetitions per workload and side (default 1)")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args(argv)
    chosen = [w for w in WORKLOADS if not args.only or w.id in args.only.split(",")]
    if args.kg:
        print(f"kg: {args.kg}")
    else:
        print("no --kg given: kg columns skipped (build kg from github:promovicz/klong)")
    print("clock: process CPU time (kg: its .pc()); medians\n")
    head = ("| workload | klong | klong, no codegen | kg | python | klong/kg | klong/python "
            "| no codegen/klong |")
    print(head)
    print("|" + "---|" * 8)
    rows = []
    for w in chosen:
        k_t, k_v = time_klong(w, None, args.budget)
        c_t, c_v = time_klong(w, 0, args.budget)
        p_t, p_v = time_python(w, args.budget)
        g_t = g_v = None
        if args.kg:
            g_t, g_v = time_kg(args.kg, w, _reps(k_t * 3, args.budget, hi=21))
        same_py = (k_v.tolist() if hasattr(k_v, "tolist") else k_v) == p_v
        checks = [written(c_v) == written(k_v), same_py]
        if g_v is not None:
            checks.append(same_printed(g_v, written(k_v)))
        flag = "" if all(checks) else "  (results differ!)"
        print(f"| {w.label} | {ms(k_t)} | {ms(c_t)} | {ms(g_t)} | {ms(p_t)} | "
              f"{ratio(k_t, g_t)} | {ratio(k_t, p_t)} | {ratio(c_t, k_t)} |{flag}")
        rows.append({"id": w.id, "klong": k_t, "klong_no_codegen": c_t, "kg": g_t,
                     "python": p_t, "same_results": all(checks)})
    if args.json:
        args.json.write_text(json.dumps({"kg": args.kg, "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
