"""KlongPy side of bench_autograd.py: KlongPy 0.7.1 on its torch backend (cpu, one thread).

Runs in bench/.venv-klongpy-torch (never the project's environment). One JSON request per
line on stdin, one JSON reply per line on stdout, as klongpy_worker.py --serve:
    {"cmd": "versions"}
    {"cmd": "prepare", "id": wid}          -> {"fingerprint": ...}   (untimed set-up)
    {"cmd": "batch", "id": wid, "n": n}    -> {"seconds": s}
    {"cmd": "release", "id": wid}          -> {}
    {"cmd": "quit"}
Any failure answers {"error": text}.
"""

from __future__ import annotations

import os
import platform
import sys
from importlib import metadata

import numpy as np

import autograd_common as ac
import bench_common as bc


def make_interp():
    import torch
    from klongpy import KlongInterpreter

    torch.set_num_threads(int(os.environ.get("BENCH_THREADS", "1")))
    return KlongInterpreter(backend="torch", device="cpu")


def versions() -> dict:
    import torch

    k = make_interp()
    return {"python": platform.python_version(), "numpy": np.__version__,
            "torch": torch.__version__, "klongpy": metadata.version("klongpy"),
            "klongpy_backend": getattr(k._backend, "name", "?"),
            "klongpy_device": str(getattr(k._backend, "device", "?"))}


def host(value):
    if hasattr(value, "detach"):
        return value.detach().cpu().numpy()
    if isinstance(value, (list, tuple)):
        return np.asarray([host(v) for v in value], dtype=np.float64)
    return value


def prepare(w: ac.Workload):
    k = make_interp()
    for name, arr in ac.make_inputs(w).items():
        k[name] = arr
    if w.setup:
        k(w.setup)
    src = w.src
    value = k(src)
    return bc.loop_batch(lambda: k(src)), {"fingerprint": bc.fingerprint(host(value))}


def main() -> int:
    bc.set_clock(sys.argv[sys.argv.index("--clock") + 1] if "--clock" in sys.argv else "wall")
    return bc.serve(versions, prepare, ac.WORKLOADS_BY_ID)


if __name__ == "__main__":
    sys.exit(main())
