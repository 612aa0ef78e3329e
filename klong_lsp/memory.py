"""The memory ceiling of live evaluation: the worker's address space may grow by at most
`klong.evaluation.maxMemory` while a piece of user code runs (`RLIMIT_AS`, Linux only).

The ceiling is relative to the worker's own size when a request starts, after the
interpreter and its backend are set up, because that size is no constant: about 140 MB of
address space with numpy, 640 MB once torch is imported, and far more once CUDA has reserved
its address ranges. A fixed limit of 2 GB would leave numpy 1.9 GB and torch on CUDA nothing.
Threads that start later reserve address space too (a stack each, and a malloc arena each of
64 MB unless MALLOC_ARENA_MAX bounds them: the worker is started with MALLOC_ARENA_MAX=2).

Past the ceiling, allocations fail: Python and numpy raise MemoryError (torch's failures the
backend raises as MemoryError too), which the interpreter reports as a `limit` error.
"""
from __future__ import annotations

import os
import sys
from typing import Any, Optional, Tuple

try:
    import resource
except ImportError:               # Windows: no ceiling
    resource = None  # type: ignore[assignment]

GB = 1 << 30
# what the interpreter calls a failed allocation (klong.runtime.functions.internal_error)
OUT_OF_MEMORY = "out of memory"


def supported() -> bool:
    """Whether this system enforces an address-space limit (Linux does; macOS ignores it)."""
    return resource is not None and sys.platform.startswith("linux")


def address_space() -> Optional[int]:
    """The size of this process's address space in bytes (VSZ), or None where unknown."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def describe(gigabytes: float) -> str:
    return f"{gigabytes:g} GB"


def limit_message(gigabytes: float) -> str:
    """The error users read when evaluated code reached the ceiling."""
    return (f"{OUT_OF_MEMORY}: the evaluation limit is {describe(gigabytes)} "
            f"(klong.evaluation.maxMemory)")


class Ceiling:
    """The ceiling for one request: `Ceiling(gigabytes)` measures the process now; `with
    ceiling:` around each piece applies it and lifts it again (back to the limit the process
    had). 0 or an unsupported system: no ceiling."""

    def __init__(self, gigabytes: float):
        self.gigabytes = gigabytes
        self.limit: Optional[int] = None
        self.saved: Optional[Tuple[int, int]] = None
        if gigabytes > 0 and supported():
            base = address_space()
            if base is not None:
                self.limit = base + int(gigabytes * GB)

    def __enter__(self) -> "Ceiling":
        if self.limit is not None:
            soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            limit = self.limit
            if soft != resource.RLIM_INFINITY:
                limit = min(limit, soft)
            if hard != resource.RLIM_INFINITY:
                limit = min(limit, hard)
            try:
                resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
                self.saved = (soft, hard)
            except (ValueError, OSError):
                self.saved = None
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.saved is not None:
            resource.setrlimit(resource.RLIMIT_AS, self.saved)
            self.saved = None

    def explains(self, kind: str, message: str) -> bool:
        """Whether an error is the ceiling at work (a failed allocation under it)."""
        return self.limit is not None and kind == "limit" and message == OUT_OF_MEMORY
