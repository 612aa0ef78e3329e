"""Backend selection. Importing this package never imports torch."""
from __future__ import annotations

from typing import Optional

from .base import Backend

AVAILABLE = ("numpy", "torch")


def get_backend(name: str = "numpy", device: Optional[str] = None) -> Backend:
    """A backend instance by name; ValueError for an unknown name or unsupported device."""
    if name == "numpy":
        if device not in (None, "cpu"):
            raise ValueError("Backend 'numpy' does not support device selection")
        from .numpy_backend import NumpyBackend
        return NumpyBackend()
    if name == "torch":
        try:
            from .torch_backend import TorchBackend
        except ImportError as e:
            raise ValueError(f"Unknown backend: 'torch' is not available ({e}). "
                             f"Available: numpy") from None
        return TorchBackend(device)
    raise ValueError(f"Unknown backend: {name!r}. Available: {', '.join(AVAILABLE)}")
