"""The kernelspecs: `klong kernel install [--user] [--prefix P] [--backend B] [--device D]`."""
from __future__ import annotations

import json
import os
import sys
import tempfile
from importlib import import_module

from jupyter_client.kernelspec import KernelSpecManager

from . import KERNEL_NAMES


def kernel_json(backend: str, device: str | None = None) -> dict:
    """The kernel.json of the kernel on `backend` (and `device`)."""
    argv = [sys.executable, "-m", "klong_kernel", "-f", "{connection_file}",
            "--backend", backend]
    if device is not None:
        argv += ["--device", device]
    return {"argv": argv, "display_name": f"Klong ({backend})", "language": "klong",
            "interrupt_mode": "signal", "metadata": {"debugger": False}}


def torch_available() -> bool:
    """Whether torch imports (the torch kernelspec is written only then)."""
    try:
        import_module("torch")
    except Exception:
        return False
    return True


def install(backends: list[str], user: bool = False, prefix: str | None = None,
            device: str | None = None) -> list[tuple[str, str]]:
    """Write one kernelspec per backend; returns [(kernel name, folder written)]."""
    manager = KernelSpecManager()
    done = []
    for backend in backends:
        spec = kernel_json(backend, device if backend == "torch" else None)
        with tempfile.TemporaryDirectory() as folder:
            with open(os.path.join(folder, "kernel.json"), "w", encoding="utf-8") as f:
                json.dump(spec, f, indent=1)
            name = KERNEL_NAMES[backend]
            path = manager.install_kernel_spec(folder, name, user=user, prefix=prefix)
        done.append((name, path))
    return done
