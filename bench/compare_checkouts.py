#!/usr/bin/env python
"""The core benchmark of two checkouts of klong in one run: before and after a change.

    python bench/compare_checkouts.py ../klong-before            # rounds of both, alternated
    python bench/compare_checkouts.py ../klong-before --rounds 3 --only add_1m,fib20

BEFORE is another checkout (a `git worktree add --detach DIR COMMIT` is handy); each round
runs its bench/bench_core.py and then this checkout's, each with its own klong and its own
numpy baseline (`--no-klongpy --clock cpu`), on the workloads both know. The table shows,
per workload, the best klong/numpy ratio of each side over the rounds and their quotient
(after/before: below 1 is faster). Not a test.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run_side(checkout: Path, only: list[str], quick: bool) -> dict:
    """{workload id: (label, klong seconds, numpy seconds or None)} of one bench_core run."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "r.json"
        cmd = [sys.executable, str(checkout / "bench" / "bench_core.py"), "--no-klongpy",
               "--clock", "cpu", "--only", ",".join(only), "--json", str(out)]
        if quick:
            cmd.append("--quick")
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        data = json.loads(out.read_text())
    got = {}
    for row in data["rows"]:
        k = (data["klong_results"].get(row["id"]) or {}).get("seconds")
        n = (data["numpy_results"].get(row["id"]) or {}).get("seconds")
        got[row["id"]] = (row["workload"], k, n)
    return got


def workload_ids(checkout: Path) -> list[str]:
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import bench_common as bc; "
            "print(','.join(w.id for w in bc.WORKLOADS))")
    out = subprocess.run([sys.executable, "-c", code, str(checkout / "bench")], check=True,
                         capture_output=True, text=True).stdout
    return out.strip().split(",")


def best_ratio(runs: list[dict], wid: str):
    """The best klong/numpy ratio over the rounds (klong seconds alone where no numpy)."""
    vals = []
    for r in runs:
        _, k, n = r[wid]
        if k is not None:
            vals.append(k / n if n else k)
    return min(vals) if vals else None


def _time(s: float) -> str:
    return f"{s * 1e6:.2f} us" if s < 1e-3 else f"{s * 1e3:.2f} ms"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before", type=Path, help="the other checkout (the 'before' side)")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--only", default="", help="comma-separated workload ids")
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args(argv)
    after = HERE.parent
    common = [w for w in workload_ids(after) if w in set(workload_ids(args.before))
              and w not in ("scalar_cold", "parse_200")]
    if args.only:
        common = [w for w in common if w in args.only.split(",")]
    before_runs, after_runs = [], []
    for i in range(args.rounds):
        print(f"round {i + 1}/{args.rounds}: before", file=sys.stderr)
        before_runs.append(run_side(args.before, common, args.quick))
        print(f"round {i + 1}/{args.rounds}: after", file=sys.stderr)
        after_runs.append(run_side(after, common, args.quick))
    print("| workload | before: klong/np | after: klong/np | after/before |")
    print("|---|---|---|---|")
    for wid in common:
        label = after_runs[0][wid][0].replace("|", "\\|")
        b, a = best_ratio(before_runs, wid), best_ratio(after_runs, wid)
        has_np = after_runs[0][wid][2] is not None
        fmt = (lambda r: f"{r:.2f}x") if has_np else (lambda r: f"{_time(r)} (no numpy)")
        q = f"{a / b:.2f}" if a and b else "-"
        print(f"| `{label}` | {fmt(b) if b else '-'} | {fmt(a) if a else '-'} | {q} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
