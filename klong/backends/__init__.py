"""Backend selection. Importing this package never imports torch."""
from __future__ import annotations

import os
from typing import Optional

from .base import Backend

AVAILABLE = ("numpy", "torch")


def default_backend_name() -> str:
    """The backend used when none is named: $KLONG_BACKEND if set, else numpy."""
    return os.environ.get("KLONG_BACKEND") or "numpy"


def get_backend(name: Optional[str] = None, device: Optional[str] = None,
                dtype: Optional[str] = None) -> Backend:
    """A backend instance by name (None: default_backend_name()); ValueError for an
    unknown name, an unsupported device or dtype. `dtype` is the real dtype: "float64"
    (default) or "float32" (torch only)."""
    name = name or default_backend_name()
    if name == "numpy":
        if device not in (None, "cpu"):
            raise ValueError("Backend 'numpy' does not support device selection")
        if dtype not in (None, "float64"):
            raise ValueError(f"Backend 'numpy' supports only float64 reals, not {dtype!r}")
        from .numpy_backend import NumpyBackend
        return NumpyBackend()
    if name == "torch":
        try:
            from .torch_backend import TorchBackend
        except ImportError as e:
            raise ValueError(f"Unknown backend: 'torch' is not available ({e}). "
                             f"Available: numpy") from None
        return TorchBackend(device, dtype)
    raise ValueError(f"Unknown backend: {name!r}. Available: {', '.join(AVAILABLE)}")
