#!/usr/bin/env python
"""Core benchmark: klong vs raw NumPy vs KlongPy 0.7.1, in one run. Not a test.

    python bench/bench_core.py                 # full run (a few minutes)
    python bench/bench_core.py --quick         # fewer repeats, shorter batches
    python bench/bench_core.py --no-klongpy    # klong and numpy only
    python bench/bench_core.py --only add_1m,fib20 --markdown --json bench/results.json

klong and numpy run in this process. KlongPy runs in a subprocess with the python of a scratch
venv (bench/.venv-klongpy, made by bench/setup_klongpy.sh, numpy pinned to this process's
version); it is never a dependency of the project. Inputs, sources and the timing method are
shared by both processes (bench_common.py). See docs/performance.md.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
if str(ROOT) not in sys.path:  # the klong under test is this checkout's
    sys.path.insert(1, str(ROOT))
import bench_common as bc  # noqa: E402

VENV = Path(os.environ.get("KLONGPY_VENV", HERE / ".venv-klongpy"))


# ---------------------------------------------------------------------------------------------
# numpy side: each entry builds a zero-argument callable from the inputs. Same evaluation order
# as the Klong source (right to left, parentheses first).


def _np_add(x):
    a, b = x["a"], x["b"]
    return lambda: a + b


def _np_chain(x):
    # Klong (a*2+b*3)%(a+1)-(b*c): the parenthesised left operand is a*(2+(b*3)), the right
    # operand of % is (a+1)-(b*c).
    a, b, c = x["a"], x["b"], x["c"]
    return lambda: (a * (2 + b * 3)) / ((a + 1) - (b * c))


def _np_maxscan(x):
    a = x["a"]
    return lambda: np.maximum.accumulate(a)


def _np_drawdown(x):
    a = x["a"]
    return lambda: np.max(np.maximum.accumulate(a) - a)


def _np_grade(x):
    a = x["a"]
    return lambda: np.argsort(a, kind="stable")


def _np_grade_quick(x):
    a = x["a"]
    return lambda: np.argsort(a)


def _py_compile(_x):
    # Python's own parse and compile of the parse workload's program written in Python;
    # texts made before timing (compile() keeps no cache, so a few distinct ones suffice)
    texts = itertools.cycle([bc.make_python_program(-1000 - j) for j in range(16)])
    return lambda: compile(next(texts), "<bench>", "exec")


def _np_each_sq(_x):
    v = np.arange(10000)
    return lambda: v * v


def _np_iadd(x):
    a, b = x["ia"], x["ib"]
    return lambda: a + b


def _np_imul(x):
    a, b = x["ia"], x["ib"]
    return lambda: a * b


def _np_isum(x):
    s = x["s"]
    return lambda: np.add.reduce(s)


def _np_iprod(x):
    s = x["s"]
    return lambda: np.multiply.reduce(s)


def _np_imaxscan(x):
    a = x["ia"]
    return lambda: np.maximum.accumulate(a)


NUMPY = {
    "iadd_1m": _np_iadd,
    "imul_1m": _np_imul,
    "isum_1m": _np_isum,
    "iprod_1m": _np_iprod,
    "imaxscan_1m": _np_imaxscan,
    "add_1m": _np_add,
    "add_100k": _np_add,
    "chain_1m": _np_chain,
    "maxscan_1m": _np_maxscan,
    "drawdown_1m": _np_drawdown,
    "grade_100k": _np_grade,
    "grade_100k_quick": _np_grade_quick,
    "each_sq_10k": _np_each_sq,
    "parse_200_py": _py_compile,
}

# Expected values for workloads with no numpy counterpart.
EXPECTED = {"scalar_cached": 3, "fib20": 6765}


# ---------------------------------------------------------------------------------------------
# klong side


def load_klong():
    """(KlongInterpreter class or None, message). Never raises."""
    try:
        from klong.interpreter import KlongInterpreter
    except Exception as e:
        return None, f"klong.interpreter is not importable ({type(e).__name__}: {e})"
    try:
        got = KlongInterpreter()("1+2")
    except Exception as e:
        return None, f"klong cannot evaluate 1+2 yet ({type(e).__name__}: {e})"
    if not (np.ndim(got) == 0 and got == 3):
        return None, f"klong evaluates 1+2 to {got!r}, not 3"
    return KlongInterpreter, "ok"


def klong_version() -> str:
    try:
        import klong

        return str(getattr(klong, "__version__", "unknown"))
    except Exception:
        return "unavailable"


def prepare_klong(KI, w: bc.Workload, inputs, expected) -> tuple:
    """(run_batch, extra result fields) for an "expr" or "parse" workload: the interpreter is
    made, its globals set, the setup run and the source evaluated once (filling the compile
    cache, and giving the value that is checked) before any timing."""
    if w.kind == "parse":
        from klong.syntax.parser import parse

        parse(bc.make_program(-1))  # warm-up (imports, first-use setup)
        return bc.parse_batch(parse), {}
    k = KI()
    for name in w.inputs:
        k[name] = inputs[name]
    if w.setup:
        k(w.setup)
    src = w.src
    value = k(src)
    extra = {"fingerprint": bc.fingerprint(value)}
    if expected is not None:
        extra["check"] = check_exact(value, expected)
    return bc.loop_batch(lambda: k(src)), extra


def check_exact(value, expected) -> bool:
    try:
        v = np.asarray(value)
        e = np.asarray(expected)
        if v.shape != e.shape:
            return False
        if v.dtype.kind in "iub" and e.dtype.kind in "iub":
            return bool(np.array_equal(v, e))
        return bool(np.allclose(v.astype(np.float64), e.astype(np.float64),
                                rtol=1e-12, atol=0.0))
    except Exception:
        return False


# ---------------------------------------------------------------------------------------------
# KlongPy side (subprocess in the scratch venv)


def setup_klongpy() -> tuple[Path | None, str]:
    script = HERE / "setup_klongpy.sh"
    env = dict(os.environ, KLONGPY_VENV=str(VENV))
    r = subprocess.run(["bash", str(script), sys.executable, np.__version__], env=env)
    py = VENV / "bin" / "python"
    if r.returncode != 0 or not py.exists():
        return None, f"setup_klongpy.sh failed (exit {r.returncode})"
    return py, "ok"


def klongpy_worker(py: Path, clock: str) -> bc.WorkerClient:
    """klongpy_worker.py --serve in the scratch venv: one JSON request/reply per line."""
    return bc.WorkerClient([py, HERE / "klongpy_worker.py", "--serve", "--clock", clock],
                           cwd=str(HERE))


class ContenderError(Exception):
    def __init__(self, name, error):
        super().__init__(f"{name}: {error}")
        self.name, self.error = name, error


def guarded(name, run_batch):
    def run(n):
        try:
            return run_batch(n)
        except Exception as e:
            raise ContenderError(name, f"{type(e).__name__}: {e}") from e

    return run


def time_contenders(batches: dict, cfg) -> tuple[dict, dict]:
    """best_of_group over the contenders; one that fails is dropped and the rest re-timed.
    Returns (timings by name, errors by name)."""
    batches = {name: guarded(name, rb) for name, rb in batches.items()}
    errors = {}
    while batches:
        try:
            return bc.best_of_group(batches, cfg.repeat, cfg.min_time), errors
        except ContenderError as e:
            errors[e.name] = e.error
            batches.pop(e.name)
    return {}, errors


# ---------------------------------------------------------------------------------------------
# Report


def fmt_time(s) -> str:
    if s is None:
        return "-"
    if s < 1e-6:
        return f"{s * 1e9:.0f} ns"
    if s < 1e-3:
        return f"{s * 1e6:.2f} us" if s < 1e-5 else f"{s * 1e6:.1f} us"
    if s < 1:
        return f"{s * 1e3:.2f} ms" if s < 1e-2 else f"{s * 1e3:.1f} ms"
    return f"{s:.2f} s"


def fmt_ratio(r) -> str:
    return "-" if r is None else f"{r:.2f}x"


def secs(res):
    return res.get("seconds") if isinstance(res, dict) else None


def ratio(a, b):
    return a / b if a is not None and b else None


def verdict(w: bc.Workload, r_k_np, r_kp_k, klong_state: str) -> tuple[str, str]:
    if w.target is None:
        return "", ""
    kind, value = w.target
    if kind == "klong/numpy<=":
        text, got, ok = f"klong/np <= {value:g}x", r_k_np, (lambda g: g <= value)
    else:
        text, got, ok = f"klongpy/klong >= {value:g}x", r_kp_k, (lambda g: g >= value)
    if got is None:
        if klong_state != "ok":
            return text, "pending"
        return text, "n/a"
    return text, "PASS" if ok(got) else "MISS"


def build_rows(workloads, np_res, k_res, kp_res, klong_state):
    rows = []
    for w in workloads:
        tn, tk, tkp = secs(np_res.get(w.id)), secs(k_res.get(w.id)), secs(kp_res.get(w.id))
        r_k_np, r_kp_np, r_kp_k = ratio(tk, tn), ratio(tkp, tn), ratio(tkp, tk)
        target, status = verdict(w, r_k_np, r_kp_k, klong_state)
        checks = []
        kr = k_res.get(w.id) or {}
        if "check" in kr:
            checks.append("klong ok" if kr["check"] else "klong WRONG")
        kpr = kp_res.get(w.id) or {}
        if "check" in kpr:
            checks.append("klongpy ok" if kpr["check"] else "klongpy WRONG")
        if klong_state != "ok":
            k_cell = "pending"
        elif "error" in kr:
            k_cell = "error"
        else:
            k_cell = fmt_time(tk)
        kp_cell = "error" if "error" in kpr else fmt_time(tkp)
        rows.append({
            "id": w.id, "workload": w.label,
            "numpy": fmt_time(tn) if w.id in NUMPY else "n/a",
            "klong": k_cell, "klongpy": kp_cell,
            "klong/np": fmt_ratio(r_k_np), "klongpy/np": fmt_ratio(r_kp_np),
            "klongpy/klong": fmt_ratio(r_kp_k), "target": target, "status": status,
            "check": ", ".join(checks),
        })
    return rows


COLUMNS = ["workload", "numpy", "klong", "klongpy", "klong/np", "klongpy/np", "klongpy/klong",
           "target", "status", "check"]


def print_table(rows) -> None:
    widths = {c: max(len(c), *(len(r[c]) for r in rows)) for c in COLUMNS}
    line = "  ".join(c.ljust(widths[c]) for c in COLUMNS)
    print(line)
    print("  ".join("-" * widths[c] for c in COLUMNS))
    for r in rows:
        print("  ".join(r[c].ljust(widths[c]) for c in COLUMNS))


def print_markdown(rows) -> None:
    cols = [c for c in COLUMNS if c != "check"]
    print("| " + " | ".join(cols) + " |")
    print("|" + "|".join("---" for _ in cols) + "|")
    for r in rows:
        cells = [f"`{r[c]}`" if c == "workload" else r[c] for c in cols]
        cells = [cell.replace("|", "\\|") for cell in cells]  # GFM: a pipe ends a cell
        print("| " + " | ".join(cells) + " |")


def machine_info() -> dict:
    model = ""
    try:
        with open("/proc/cpuinfo") as f:
            for ln in f:
                if ln.startswith("model name"):
                    model = ln.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    return {"processor": platform.processor() or platform.machine(), "cpu_model": model,
            "cores": os.cpu_count(), "usable_cores": usable, "platform": platform.platform(),
            "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE", "")}


# ---------------------------------------------------------------------------------------------


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="3 repeats of >=50 ms batches")
    p.add_argument("--no-klongpy", action="store_true", help="skip the KlongPy side")
    p.add_argument("--no-klong", action="store_true", help="skip the klong side")
    p.add_argument("--only", default="", help="comma-separated workload ids: "
                   + ",".join(w.id for w in bc.WORKLOADS))
    p.add_argument("--repeat", type=int, help="batches per measurement (default 7, quick 3)")
    p.add_argument("--min-time", type=float,
                   help="seconds a batch must last (default 0.2, quick 0.05)")
    p.add_argument("--cold-samples", type=int, help="fresh interpreters for the cold line "
                   "(default 50, quick 10)")
    p.add_argument("--clock", choices=sorted(bc.CLOCKS), default="wall",
                   help="wall: perf_counter (default, as timeit); cpu: process CPU time, "
                   "steadier on a machine that other work keeps busy")
    p.add_argument("--markdown", action="store_true", help="also print a markdown table")
    p.add_argument("--json", metavar="PATH", help="write all results as JSON")
    cfg = p.parse_args(argv)
    cfg.repeat = cfg.repeat or (3 if cfg.quick else 7)
    cfg.min_time = cfg.min_time or (0.05 if cfg.quick else 0.2)
    cfg.cold_samples = cfg.cold_samples or (10 if cfg.quick else 50)
    bc.set_clock(cfg.clock)
    return cfg


def main(argv=None) -> int:
    cfg = parse_args(argv)
    try:
        workloads = bc.select([s for s in cfg.only.split(",") if s])
    except KeyError as e:
        print(f"unknown workload {e}; known: {', '.join(bc.WORKLOADS_BY_ID)}", file=sys.stderr)
        return 2

    mach = machine_info()
    print(f"python {platform.python_version()}  numpy {np.__version__}  "
          f"klong {klong_version()}")
    print(f"machine: {mach['processor']} / {mach['cpu_model'] or '?'}, {mach['cores']} cores "
          f"({mach['usable_cores']} usable), {mach['platform']}")
    print(f"method: {cfg.clock} clock; best of {cfg.repeat} batches; loops per batch adaptive "
          f"(1,2,5,10,... until a batch >= {cfg.min_time:g} s); gc off while timing; "
          f"numpy, klong and KlongPy batches interleaved; cold: best of {cfg.cold_samples} "
          f"fresh interpreters")

    if cfg.no_klong:
        KI, klong_state = None, "skipped (--no-klong)"
    else:
        KI, klong_state = load_klong()
    if KI is None:
        print(f"klong side SKIPPED: {klong_state}. Its columns read 'pending'.")

    worker, kp_versions = None, {}
    if not cfg.no_klongpy:
        py, msg = setup_klongpy()
        if py is None:
            print(f"KlongPy side SKIPPED: {msg}")
        else:
            worker = klongpy_worker(py, cfg.clock)
            try:
                kp_versions = worker.request(cmd="versions")
            except Exception as e:
                print(f"KlongPy side SKIPPED: the worker does not start ({e})")
                worker.close()
                worker = None
    if kp_versions:
        print(f"klongpy {kp_versions['klongpy']} (backend {kp_versions['klongpy_backend']}, "
              f"python {kp_versions['python']}, numpy {kp_versions['numpy']}, torch installed: "
              f"{kp_versions['torch_installed']}), in a subprocess: {kp_versions['executable']}")
    print(flush=True)

    np_res, k_res, kp_res = {}, {}, {}
    inputs_by_n = {}
    try:
        for w in workloads:
            run_workload(w, cfg, KI, worker, inputs_by_n, np_res, k_res, kp_res)
            print(f"  {w.label} done", file=sys.stderr, flush=True)
    finally:
        if worker is not None:
            worker.close()

    # KlongPy's values are checked by fingerprint against numpy's (or the expected value).
    for w in workloads:
        r = kp_res.get(w.id)
        if not r or "fingerprint" not in r:
            continue
        ref = np_res.get(w.id, {}).get("fingerprint")
        if ref is None and w.id in EXPECTED:
            ref = bc.fingerprint(EXPECTED[w.id])
        if ref is not None:
            r["check"] = bc.same_fingerprint(r["fingerprint"], ref)

    print()
    rows = build_rows(workloads, np_res, k_res, kp_res, klong_state)
    print_table(rows)

    cold, cached = "scalar_cold", "scalar_cached"
    for side, res in (("klong", k_res), ("klongpy", kp_res)):
        tc, tw = secs(res.get(cold)), secs(res.get(cached))
        if tc is not None and tw is not None:
            print(f"{side} 1+2: cold {fmt_time(tc)}, cached {fmt_time(tw)} "
                  f"(cold/cached {tc / tw:.1f}x)")
    spreads = sorted((r["spread"], side, wid)
                     for side, res in (("numpy", np_res), ("klong", k_res), ("klongpy", kp_res))
                     for wid, r in res.items()
                     if "spread" in r and bc.WORKLOADS_BY_ID[wid].kind != "cold")
    if spreads:
        worst = spreads[-1]
        print(f"batch spread (slowest/best - 1): median {spreads[len(spreads) // 2][0]:.0%}, "
              f"worst {worst[0]:.0%} ({worst[1]} {worst[2]}); a large spread means a busy "
              f"machine (try --clock cpu)")
    for side, res in (("klong", k_res), ("klongpy", kp_res)):
        for wid, r in res.items():
            if "error" in r:
                print(f"{side} error in {wid}: {r['error']}")
            elif r.get("check") is False:
                print(f"{side} result of {wid} differs from the reference")
    if cfg.markdown:
        print()
        print_markdown(rows)
    if cfg.json:
        with open(cfg.json, "w") as f:
            json.dump({"machine": mach, "python": platform.python_version(),
                       "numpy": np.__version__, "klong": klong_version(),
                       "klong_state": klong_state, "klongpy": kp_versions,
                       "config": {"repeat": cfg.repeat, "min_time": cfg.min_time,
                                  "clock": cfg.clock,
                                  "cold_samples": cfg.cold_samples},
                       "numpy_results": np_res, "klong_results": k_res,
                       "klongpy_results": kp_res, "rows": rows}, f, indent=1)
    return 0


def run_workload(w, cfg, KI, worker, inputs_by_n, np_res, k_res, kp_res) -> None:
    """Prepare every side (untimed), then time them together, batches interleaved."""
    inputs = {}
    if w.n:
        if w.n not in inputs_by_n:
            inputs_by_n[w.n] = bc.make_inputs(w.n)
        inputs = inputs_by_n[w.n]

    if w.kind == "cold":  # single shots in fresh interpreters; nothing to interleave
        if KI is not None:
            try:
                k_res[w.id] = bc.best_cold(KI, w.src, cfg.cold_samples)
            except Exception as e:
                k_res[w.id] = {"error": f"{type(e).__name__}: {e}"}
        if worker is not None:
            kp_res[w.id] = worker.request(cmd="cold", id=w.id, samples=cfg.cold_samples)
        return

    batches, results = {}, {}
    expected = EXPECTED.get(w.id)
    if w.id in NUMPY:
        fn = NUMPY[w.id](inputs)
        expected = fn()
        np_res[w.id] = results["numpy"] = {"fingerprint": bc.fingerprint(expected)}
        batches["numpy"] = bc.loop_batch(fn)
    if KI is not None:
        try:
            batches["klong"], k_res[w.id] = prepare_klong(KI, w, inputs, expected)
            results["klong"] = k_res[w.id]
        except Exception as e:
            k_res[w.id] = {"error": f"{type(e).__name__}: {e}"}
    if worker is not None:
        kp_res[w.id] = worker.request(cmd="prepare", id=w.id)
        if "error" not in kp_res[w.id]:
            batches["klongpy"] = worker.batch(w.id)
            results["klongpy"] = kp_res[w.id]

    timed, errors = time_contenders(batches, cfg)
    for name, t in timed.items():
        results[name].update(t)
    for name, err in errors.items():
        results[name]["error"] = err
    if worker is not None:
        worker.request(cmd="release", id=w.id)


if __name__ == "__main__":
    sys.exit(main())
