#!/usr/bin/env python
"""The torch backend on a GPU, in one short run (under 5 minutes). Not a test.

    python bench/gpu_check.py                 # cuda (the point of it)
    python bench/gpu_check.py --device cpu    # the same checks on the cpu (to try the script)

1. the device: what klong picks by itself, float64 on it, tensors stay on it;
2. the autograd checks of this file (the system document's examples, exact on the device);
3. the autograd tests (tests/test_autograd_torch.py, tests/test_autograd_properties.py,
   tests/test_seed_examples.py) with KLONG_TEST_DEVICE set to the device;
4. bench/bench_autograd.py --device DEVICE --quick --no-klongpy: the autograd and array
   workloads, klong vs raw PyTorch on the device (cuda timings synchronise after each call).

Paste the output into docs/performance.md ("Torch backend and autograd", GPU). Exit status:
0 when every step passed, 1 otherwise, 2 when the device is not there.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TEST_FILES = ["tests/test_autograd_torch.py", "tests/test_autograd_properties.py",
              "tests/test_seed_examples.py"]
# (source, expected): exact results of §3.4 and the seed document, computed on the device
EXACT = [
    ("{x^3}:>2", 12.0),
    ("{+/x*x}:>[1.0 2.0]", [2.0, 4.0]),
    ("c1::3.0;c2::4.0;h2::{(c1*c2)+c2^2};h2:>[c1 c2]", [4.0, 11.0]),
    ("p::{((3*x^4)-(2*x^2))+x};p:>1", 9.0),
    ("w::2.0;b::3.0;loss::{(w^2)+(b^2)};loss:>[w b]", [4.0, 6.0]),
    ("[1 2]∂{x^2}", [[2.0, 0.0], [0.0, 4.0]]),
    (".jacobian({(*/x),+/x};[2.0 3.0])", [[3.0, 2.0], [1.0, 1.0]]),
    ("{{x^3}:>x}:>2", 12.0),
    ("{+/{x*x}'x}:>[1.0 2.0 3.0]", [2.0, 4.0, 6.0]),
    ("{+/+\\x}:>[1.0 2.0 3.0]", [3.0, 2.0, 1.0]),
    ("w::1.0;b::0.0;X::[1 2 3];Y::[3 5 7];loss::{(+/((w*X)+b-Y)^2)%3};loss:>[w b]",
     [-40.0 / 3.0, -6.0]),
]


def step(title: str) -> None:
    print(f"\n== {title}", flush=True)


def check_device(device: str) -> bool:
    import torch

    from klong import KlongInterpreter

    print(f"torch {torch.__version__}, cuda available: {torch.cuda.is_available()}")
    if torch.cuda.is_available():
        print(f"gpu: {torch.cuda.get_device_name(0)}, cuda {torch.version.cuda}")
    auto = KlongInterpreter(backend="torch")
    print(f"device picked when none is given: {auto._backend.device}")
    k = KlongInterpreter(backend="torch", device=device)
    ok = True
    r = k("2*1+!1000000")
    good = type(r) is torch.Tensor and r.device.type == torch.device(device).type
    print(f"{'PASS' if good else 'FAIL'}  2*1+!1000000 -> {type(r).__name__} on {r.device}")
    ok &= good
    r = k("1.5*!3")
    want = torch.float32 if torch.device(device).type == "mps" else torch.float64
    good = r.dtype == want and r.device.type == torch.device(device).type
    print(f"{'PASS' if good else 'FAIL'}  reals are {r.dtype} on {r.device}")
    ok &= good
    return ok


def check_exact(device: str) -> bool:
    import numpy as np

    from klong import KlongInterpreter

    ok = True
    for src, expected in EXACT:
        k = KlongInterpreter(backend="torch", device=device)
        try:
            r = k(src)
            got = r.detach().cpu().numpy() if hasattr(r, "detach") else np.asarray(r)
            good = np.allclose(got, expected, rtol=1e-12, atol=1e-12)
            on = getattr(r, "device", "host")
            print(f"{'PASS' if good else 'FAIL'}  {src} -> {got.tolist()} ({on})")
        except Exception as e:  # report and go on
            good = False
            print(f"FAIL  {src} -> {type(e).__name__}: {e}")
        ok &= good
    return ok


def run(cmd: list[str], env: dict, timeout: int) -> bool:
    print("$ " + " ".join(cmd), flush=True)
    try:
        return subprocess.run(cmd, cwd=ROOT, env=env, timeout=timeout).returncode == 0
    except subprocess.TimeoutExpired:
        print(f"TIMEOUT after {timeout} s")
        return False


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--device", default="cuda")
    p.add_argument("--skip-tests", action="store_true", help="no pytest step")
    p.add_argument("--skip-bench", action="store_true", help="no benchmark step")
    cfg = p.parse_args(argv)
    import torch

    if cfg.device.startswith("cuda") and not torch.cuda.is_available():
        print("no CUDA device: nothing to check (try --device cpu)")
        return 2
    start = time.perf_counter()
    results = {}
    step(f"1. device ({cfg.device})")
    results["device"] = check_device(cfg.device)
    step("2. exact autograd on the device")
    results["exact"] = check_exact(cfg.device)
    env = dict(os.environ, KLONG_TEST_DEVICE=cfg.device, KLONG_BACKEND="torch")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    if not cfg.skip_tests:
        step("3. autograd tests on the device")
        results["tests"] = run([sys.executable, "-m", "pytest", "-q", "-x", "-m", "not slow",
                                "-p", "no:cacheprovider", *TEST_FILES], env, 150)
    if not cfg.skip_bench:
        step("4. benchmarks: klong vs raw PyTorch on the device")
        results["bench"] = run([sys.executable, str(HERE / "bench_autograd.py"), "--device",
                                cfg.device, "--quick", "--no-klongpy", "--markdown"], env, 120)
    step("summary")
    for name, good in results.items():
        print(f"{'PASS' if good else 'FAIL'}  {name}")
    print(f"total {time.perf_counter() - start:.0f} s")
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
