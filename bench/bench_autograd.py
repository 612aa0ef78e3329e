#!/usr/bin/env python
"""Torch-backend benchmark: klong on torch vs raw PyTorch vs KlongPy 0.7.1 (torch). Not a test.

    python bench/bench_autograd.py                   # full run (a few minutes)
    python bench/bench_autograd.py --quick           # fewer repeats, shorter batches
    python bench/bench_autograd.py --no-klongpy      # klong and raw torch only
    python bench/bench_autograd.py --only mse_10k,grad_scalar --markdown --json out.json
    python bench/bench_autograd.py --device cuda --no-klongpy    # on a GPU

klong (torch backend) and raw PyTorch run in this process; KlongPy runs in a subprocess with
the python of a scratch venv, bench/.venv-klongpy-torch (KlongPy 0.7.1, numpy pinned to this
process's version, torch==2.13.0), made on the first run by bench/setup_klongpy.sh plus a pip
install of torch. torch uses one thread on every side (--threads), so a 2-core machine
measures work, not thread contention. Workloads and inputs: autograd_common.py; timing:
bench_common.py (the method of bench_core.py). See docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
if str(ROOT) not in sys.path:  # the klong under test is this checkout's
    sys.path.insert(1, str(ROOT))
import autograd_common as ac  # noqa: E402
import bench_common as bc  # noqa: E402
from bench_core import fmt_ratio, fmt_time, machine_info, time_contenders  # noqa: E402

VENV = Path(os.environ.get("KLONGPY_TORCH_VENV", HERE / ".venv-klongpy-torch"))
TORCH_PIN = "torch==2.13.0"


# ---------------------------------------------------------------------------------------------
# raw PyTorch: each entry builds a zero-argument callable from the workload's tensors


def _raw(torch: Any, w: ac.Workload, x: dict, device: Any, dtype: Any) -> Callable[[], Any]:
    grad = torch.autograd.grad
    if w.id == "grad_sumsq_1m":
        v = x["v"]

        def run():
            t = v.detach().requires_grad_()
            (g,) = grad((t ** 2).sum(), t)
            return g
        return run
    if w.id == "grad_scalar":
        def run():
            t = torch.tensor(3.0, dtype=dtype, device=device, requires_grad=True)
            (g,) = grad(t ** 2, t)
            return g.item()
        return run
    if w.id == "mse_10k":
        X, Y = x["X"], x["Y"]

        def run():
            wt = torch.tensor(1.0, dtype=dtype, device=device, requires_grad=True)
            bt = torch.tensor(0.0, dtype=dtype, device=device, requires_grad=True)
            loss = (((wt * X) + (bt - Y)) ** 2).sum() / X.shape[0]
            return [g.item() for g in grad(loss, [wt, bt])]
        return run
    if w.id == "jacobian_100":
        u = x["u"]
        jac = torch.autograd.functional.jacobian
        return lambda: jac(lambda t: t ** 2, u, vectorize=True)
    if w.id.startswith("vector_add"):
        a, b = x["a"], x["b"]
        return lambda: a + b
    if w.id == "compound_expr_1m":
        a, b, c = x["a"], x["b"], x["c"]
        return lambda: (a * (2 + b * 3)) / ((a + 1) - (b * c))
    if w.id == "grade_up_100k":
        a = x["a"]
        return lambda: torch.argsort(a, stable=True)
    raise KeyError(w.id)


def _synced(torch: Any, fn: Callable[[], Any]) -> Callable[[], Any]:
    def run() -> Any:
        r = fn()
        torch.cuda.synchronize()
        return r
    return run


def host(value: Any) -> np.ndarray:
    if hasattr(value, "detach"):
        return value.detach().cpu().numpy().astype(np.float64)
    if isinstance(value, (list, tuple)):
        return np.asarray([host(v) for v in value], dtype=np.float64)
    return np.asarray(value, dtype=np.float64)


def same(a: Any, b: Any, tol: float) -> bool:
    x, y = host(a), host(b)
    return x.shape == y.shape and bool(np.allclose(x, y, rtol=tol, atol=tol))


# ---------------------------------------------------------------------------------------------
# KlongPy (torch) in its scratch venv


def setup_klongpy_torch() -> tuple[Path | None, str]:
    env = dict(os.environ, KLONGPY_VENV=str(VENV))
    r = subprocess.run(["bash", str(HERE / "setup_klongpy.sh"), sys.executable, np.__version__],
                       env=env)
    py = VENV / "bin" / "python"
    if r.returncode != 0 or not py.exists():
        return None, f"setup_klongpy.sh failed (exit {r.returncode})"
    if subprocess.run([str(py), "-c", "import torch"], capture_output=True).returncode != 0:
        print(f"installing {TORCH_PIN} into {VENV}", file=sys.stderr)
        r = subprocess.run([str(py), "-m", "pip", "install", "--quiet",
                            "--disable-pip-version-check", TORCH_PIN])
        if r.returncode != 0:
            return None, f"pip install {TORCH_PIN} failed (exit {r.returncode})"
    return py, "ok"


def klongpy_worker(py: Path, clock: str, threads: int) -> bc.WorkerClient:
    """klongpy_autograd_worker.py in the scratch venv (torch limited to `threads`)."""
    return bc.WorkerClient([py, HERE / "klongpy_autograd_worker.py", "--clock", clock],
                           cwd=str(HERE), env=dict(os.environ, BENCH_THREADS=str(threads)))


# ---------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="3 repeats of >=50 ms batches")
    p.add_argument("--no-klongpy", action="store_true", help="skip the KlongPy side")
    p.add_argument("--only", default="", help="comma-separated workload ids: "
                   + ",".join(w.id for w in ac.WORKLOADS))
    p.add_argument("--repeat", type=int, help="batches per measurement (default 7, quick 3)")
    p.add_argument("--min-time", type=float,
                   help="seconds a batch must last (default 0.2, quick 0.05)")
    p.add_argument("--clock", choices=sorted(bc.CLOCKS), default="wall")
    p.add_argument("--device", default="cpu", help="torch device for klong and raw torch "
                   "(KlongPy always runs on cpu)")
    p.add_argument("--threads", type=int, default=1, help="torch threads (default 1)")
    p.add_argument("--dtype", default="float64", choices=["float64", "float32"],
                   help="reals for klong and raw torch (default float64; KlongPy always "
                   "computes in float32)")
    p.add_argument("--markdown", action="store_true", help="also print a markdown table")
    p.add_argument("--json", metavar="PATH", help="write all results as JSON")
    cfg = p.parse_args(argv)
    cfg.repeat = cfg.repeat or (3 if cfg.quick else 7)
    cfg.min_time = cfg.min_time or (0.05 if cfg.quick else 0.2)
    bc.set_clock(cfg.clock)
    return cfg


COLUMNS = ["workload", "torch", "klong", "klongpy", "klong/torch", "klongpy/torch", "target",
           "status", "check"]


def main(argv: list[str] | None = None) -> int:
    cfg = parse_args(argv)
    import torch

    from klong import KlongInterpreter

    torch.set_num_threads(cfg.threads)
    workloads = ac.select([s for s in cfg.only.split(",") if s])
    mach = machine_info()
    print(f"python {platform.python_version()}  numpy {np.__version__}  torch "
          f"{torch.__version__}  threads {torch.get_num_threads()}  device {cfg.device}  "
          f"reals {cfg.dtype}")
    print(f"machine: {mach['processor']} / {mach['cpu_model'] or '?'}, {mach['cores']} cores "
          f"({mach['usable_cores']} usable), {mach['platform']}")
    print(f"method: {cfg.clock} clock; best of {cfg.repeat} batches of >= {cfg.min_time:g} s; "
          f"raw torch, klong and KlongPy batches interleaved")

    worker = None
    kp_versions: dict = {}
    if not cfg.no_klongpy:
        py, msg = setup_klongpy_torch()
        if py is None:
            print(f"KlongPy side SKIPPED: {msg}")
        else:
            worker = klongpy_worker(py, cfg.clock, cfg.threads)
            kp_versions = worker.request(cmd="versions")
            if "error" in kp_versions:
                print(f"KlongPy side SKIPPED: {kp_versions['error']}")
                worker.close()
                worker, kp_versions = None, {}
    if kp_versions:
        print(f"klongpy {kp_versions['klongpy']} (backend {kp_versions['klongpy_backend']} on "
              f"{kp_versions['klongpy_device']}, torch {kp_versions['torch']})")
    print(flush=True)

    rows, results = [], {}
    for w in workloads:
        inputs = ac.make_inputs(w)
        k = KlongInterpreter(backend="torch", device=cfg.device, dtype=cfg.dtype)
        dev, dtype = k.backend.device, k.backend.real_dtype
        tensors = {n: torch.as_tensor(a, dtype=dtype, device=dev) for n, a in inputs.items()}
        for n, a in inputs.items():
            k[n] = a
        if w.setup:
            k(w.setup)
        raw = _raw(torch, w, tensors, dev, dtype)
        value, expected = k(w.src), raw()
        check = same(value, expected, 1e-12 if cfg.dtype == "float64" else 1e-6)
        run_k = lambda: k(w.src)  # noqa: E731
        if dev.type == "cuda":      # time the work, not just the kernel launches
            raw, run_k = _synced(torch, raw), _synced(torch, run_k)
        batches = {"torch": bc.loop_batch(raw), "klong": bc.loop_batch(run_k)}
        kp_fp = None
        if worker is not None:
            reply = worker.request(cmd="prepare", id=w.id)
            if "error" in reply:
                print(f"  klongpy {w.id}: {reply['error']}", file=sys.stderr)
            else:
                kp_fp = reply["fingerprint"]
                batches["klongpy"] = worker.batch(w.id)
        timing, errors = time_contenders(batches, cfg)
        if worker is not None:
            worker.request(cmd="release", id=w.id)
        for name, err in errors.items():
            print(f"  {name} {w.id}: {err}", file=sys.stderr)
        t_raw = timing.get("torch", {}).get("seconds")
        t_k = timing.get("klong", {}).get("seconds")
        t_kp = timing.get("klongpy", {}).get("seconds")
        r_k = t_k / t_raw if t_k and t_raw else None
        r_kp = t_kp / t_raw if t_kp and t_raw else None
        status = "" if w.target is None or r_k is None else \
            ("PASS" if r_k <= w.target else "MISS")
        kp_ok = None
        if kp_fp is not None:
            kp_ok = bc.same_fingerprint(kp_fp, bc.fingerprint(host(expected)), rtol=1e-4)
        checks = ["klong ok" if check else "klong WRONG"]
        if kp_ok is not None:
            checks.append("klongpy ok" if kp_ok else "klongpy differs")
        rows.append({"workload": w.label, "torch": fmt_time(t_raw), "klong": fmt_time(t_k),
                     "klongpy": fmt_time(t_kp), "klong/torch": fmt_ratio(r_k),
                     "klongpy/torch": fmt_ratio(r_kp),
                     "target": f"klong/torch <= {w.target:g}x" if w.target else "",
                     "status": status, "check": ", ".join(checks)})
        results[w.id] = {"timing": timing, "errors": errors, "check": check,
                         "klongpy_check": kp_ok}
        print(f"  {w.label} done", file=sys.stderr, flush=True)
    if worker is not None:
        worker.close()

    widths = {c: max(len(c), *(len(r[c]) for r in rows)) for c in COLUMNS}
    print("  ".join(c.ljust(widths[c]) for c in COLUMNS))
    print("  ".join("-" * widths[c] for c in COLUMNS))
    for r in rows:
        print("  ".join(r[c].ljust(widths[c]) for c in COLUMNS))
    spreads = [t["spread"] for res in results.values() for t in res["timing"].values()]
    if spreads:
        print(f"batch spread (slowest/best - 1): median {np.median(spreads):.0%}, "
              f"worst {max(spreads):.0%}")
    if cfg.markdown:
        print()
        cols = [c for c in COLUMNS if c != "check"]
        print("| " + " | ".join(cols) + " |")
        print("|" + "|".join("---" for _ in cols) + "|")
        for r in rows:
            cells = [f"`{r[c]}`" if c == "workload" else r[c] for c in cols]
            print("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    if cfg.json:
        with open(cfg.json, "w") as f:
            json.dump({"machine": mach, "klongpy": kp_versions, "device": cfg.device,
                       "dtype": cfg.dtype, "threads": cfg.threads, "results": results}, f,
                      indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
