"""A Jupyter kernel for Klong, on ipykernel's kernel base class (the `jupyter` extra).

    kernel      KlongKernel: execute, complete, inspect, is_complete on one interpreter
    install     the kernelspecs "Klong (numpy)" and "Klong (torch)" (`klong kernel install`)
    __main__    `python -m klong_kernel -f CONNECTION_FILE [--backend B] [--device D]`

This package imports neither ipykernel nor jupyter_client itself, so that `klong kernel
install` can say which extra is missing.
"""
from __future__ import annotations

KERNEL_NAMES = {"numpy": "klong-numpy", "torch": "klong-torch"}
