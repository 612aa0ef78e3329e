"""KlongPy side of bench_core.py. Runs in bench/.venv-klongpy (never the project's env).

Two modes, both JSON in and JSON out:

* batch (default): read one request on stdin,
      {"workloads": [ids], "repeat": int, "min_time": float, "cold_samples": int,
       "clock": "wall" | "cpu"}
  time every workload on its own and print one object:
      {"versions": {...}, "results": {id: {"seconds", "loops", "repeat", "spread",
                                           "fingerprint"} or {"error": text}}}

* --serve [--clock wall|cpu]: one JSON request per line on stdin, one JSON reply per line on
  stdout. bench_core.py uses this to interleave KlongPy's timed batches with the numpy and
  klong ones (a noisy, shared machine then slows all three alike). Requests:
      {"cmd": "versions"}
      {"cmd": "prepare", "id": wid}          -> {"fingerprint": ...}   (untimed set-up)
      {"cmd": "batch", "id": wid, "n": n}    -> {"seconds": s}         (n calls, timed here)
      {"cmd": "cold", "id": wid, "samples": k} -> best_cold result
      {"cmd": "release", "id": wid}          -> {}
      {"cmd": "quit"}
  Any failure answers {"error": text}.

Inputs, sources, generated programs and the timing method come from bench_common.py, the same
module the klong/numpy side uses.
"""

from __future__ import annotations

import json
import platform
import sys
import traceback
from importlib import metadata

import numpy as np

import bench_common as bc


def make_interp():
    from klongpy import KlongInterpreter

    return KlongInterpreter(backend="numpy")


def versions() -> dict:
    backend = getattr(make_interp(), "_backend", None)
    try:
        import torch  # noqa: F401

        torch_installed = True
    except ImportError:
        torch_installed = False
    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "klongpy": metadata.version("klongpy"),
        "klongpy_backend": getattr(backend, "name", type(backend).__name__),
        "torch_installed": torch_installed,
        "executable": sys.executable,
    }


def prepare(w: bc.Workload) -> tuple:
    """(run_batch, extra result fields) for an "expr" or "parse" workload; all set-up and the
    warm-up evaluation happen here, untimed."""
    interp = make_interp()
    if w.kind == "parse":
        # KlongPy's parser entry: KlongInterpreter.prog(src) -> (end, [parsed expressions]),
        # what KlongInterpreter.exec() then evaluates. It evaluates and defines nothing.
        _, exprs = interp.prog(bc.make_program(-1))
        if not exprs:
            raise RuntimeError("KlongPy parsed the generated program to nothing")
        return bc.parse_batch(interp.prog), {}
    if w.inputs:
        arrays = bc.make_inputs(w.n)
        for name in w.inputs:
            interp[name] = arrays[name]
    if w.setup:
        interp(w.setup)
    src = w.src
    value = interp(src)  # warm-up, and the value to check
    return bc.loop_batch(lambda: interp(src)), {"fingerprint": bc.fingerprint(value)}


def run_one(w: bc.Workload, repeat: int, min_time: float, cold_samples: int) -> dict:
    if w.kind == "cold":
        return bc.best_cold(make_interp, w.src, cold_samples)
    run_batch, extra = prepare(w)
    res = bc.best_of(run_batch, repeat, min_time)
    res.update(extra)
    return res


def batch_mode() -> int:
    req = json.load(sys.stdin)
    bc.set_clock(req.get("clock", "wall"))
    results = {}
    for wid in req["workloads"]:
        w = bc.WORKLOADS_BY_ID[wid]
        try:
            results[wid] = run_one(w, req["repeat"], req["min_time"], req["cold_samples"])
        except Exception as e:  # report, keep going
            results[wid] = {"error": f"{type(e).__name__}: {e}",
                            "traceback": traceback.format_exc(limit=3)}
        print(f"  klongpy: {w.label} done", file=sys.stderr, flush=True)
    json.dump({"versions": versions(), "results": results}, sys.stdout)
    sys.stdout.write("\n")
    return 0


def serve_mode() -> int:
    def cold(req: dict) -> dict:
        w = bc.WORKLOADS_BY_ID[req["id"]]
        return bc.best_cold(make_interp, w.src, int(req["samples"]))
    return bc.serve(versions, prepare, bc.WORKLOADS_BY_ID, {"cold": cold})


def main(argv: list[str]) -> int:
    if "--clock" in argv:
        bc.set_clock(argv[argv.index("--clock") + 1])
    return serve_mode() if "--serve" in argv else batch_mode()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
