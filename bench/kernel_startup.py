"""Start-up of the Jupyter kernel: from launching it to the first result of `1+1`, for the
Klong kernel on the numpy backend next to ipykernel's own Python kernel (same run).

    python bench/kernel_startup.py [RUNS]

A benchmark, not a test. Both kernels start from kernelspecs written into a temporary
prefix (`klong kernel install --prefix`, and one for `python -m ipykernel_launcher`), as a
notebook server starts them: jupyter_client's KernelManager launches the process, a client
connects at once, waits until the kernel answers (kernel_info, as every Jupyter client
does), sends `1+1`, and the time ends when the reply arrives (the kernel sends the
execute_result just before it, which is then checked). The runs
alternate between the two kernels. Also shown: the CPU time the kernel process used by
then (a busy machine disturbs it less than the wall time). The goal is under 1.5 s to the
Klong kernel's first result.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from queue import Empty

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

from bench_common import cpu_seconds

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 60
GOAL = 1.5
RETRY = 0.25


def write_specs(prefix: Path) -> KernelSpecManager:
    """The kernelspecs klong-numpy (`klong kernel install`) and python-bench."""
    subprocess.run([sys.executable, "-m", "klong", "kernel", "install", "--prefix",
                    str(prefix), "--backend", "numpy"], check=True, capture_output=True)
    kernels = prefix / "share" / "jupyter" / "kernels"
    python = kernels / "python-bench"
    python.mkdir(parents=True)
    (python / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python", "language": "python"}))
    return KernelSpecManager(kernel_dirs=[str(kernels)])


def connect(kc) -> None:
    """Wait until the kernel answers on the shell channel and publishes on IOPub, asking
    with kernel_info every RETRY seconds: a request sent while the kernel starts can be lost
    (jupyter_client's wait_for_ready asks every second and then waits for 0.2 s of quiet
    on IOPub; a shorter wait here keeps a lost request from dominating the time)."""
    deadline = time.perf_counter() + TIMEOUT
    while time.perf_counter() < deadline:
        msg_id = kc.kernel_info()
        try:
            while kc.get_shell_msg(timeout=RETRY)["parent_header"].get("msg_id") != msg_id:
                pass
            kc.get_iopub_msg(timeout=RETRY)
            return
        except Empty:
            continue
    raise Empty


def first_result(specs: KernelSpecManager, name: str, code: str, expected: str) -> tuple:
    """(seconds from launch to the execute_result, CPU seconds of the kernel by then)."""
    km = KernelManager(kernel_name=name, kernel_spec_manager=specs)
    start = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        connect(kc)
        msg_id = kc.execute(code)
        reply = kc.get_shell_msg(timeout=TIMEOUT)
        elapsed = time.perf_counter() - start
        cpu = cpu_seconds(km.provisioner.pid) if km.provisioner else float("nan")
        if reply["content"]["status"] != "ok":
            raise SystemExit(f"{name}: {code} gave {reply['content']}")
        result = None
        while result is None:
            msg = kc.get_iopub_msg(timeout=TIMEOUT)
            if (msg["parent_header"].get("msg_id") == msg_id
                    and msg["msg_type"] == "execute_result"):
                result = msg["content"]["data"]["text/plain"]
        if result != expected:
            raise SystemExit(f"{name}: {code} gave {result}")
    except Empty:
        raise SystemExit(f"{name}: no answer in {TIMEOUT} s") from None
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return elapsed, cpu


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    kernels = {"Klong (numpy)": ("klong-numpy", "1+1", "2"),
               "ipykernel (Python)": ("python-bench", "1+1", "2")}
    with tempfile.TemporaryDirectory() as prefix:
        os.environ["PYTHONPATH"] = str(ROOT)
        specs = write_specs(Path(prefix))
        for name, code, expected in kernels.values():        # byte code, file system
            first_result(specs, name, code, expected)
        results: dict[str, list[tuple[float, float]]] = {k: [] for k in kernels}
        for _ in range(runs):
            for label, (name, code, expected) in kernels.items():
                results[label].append(first_result(specs, name, code, expected))
    medians = {}
    print(f"launch to the first result of 1+1, {runs} runs each, alternating")
    print(f"{'kernel':<20} {'wall best':>10} {'median':>8} {'CPU best':>9} {'median':>8}")
    for label, rows in results.items():
        walls, cpus = zip(*rows)
        medians[label] = statistics.median(walls)
        print(f"{label:<20} {min(walls):>9.3f}s {medians[label]:>7.3f}s {min(cpus):>8.3f}s "
              f"{statistics.median(cpus):>7.3f}s")
    klong, python = medians.values()
    print(f"median ratio Klong / Python kernel: {klong / python:.2f}x; "
          f"goal: Klong under {GOAL} s: {'met' if klong < GOAL else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
