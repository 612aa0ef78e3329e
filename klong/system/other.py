"""Other nmh system functions (.sys .x .rn .pc) and the system variables."""
from __future__ import annotations

import os
import sys
import time
from typing import Any

from ..values import Symbol, is_false
from .spec import need_string, system_function, system_variable, type_error


def _flush_std() -> None:
    for f in (sys.stdout, sys.stderr):
        try:
            if f is not None:
                f.flush()
        except (OSError, ValueError):
            pass


@system_function(".sys", 1)
def system(k: Any, x: Any) -> int:
    """Run x via `sh -c`; the raw wait status (exit code * 256, 0 on success)."""
    cmd = need_string(".sys", x)
    _flush_std()
    try:
        return os.system(cmd)
    except ValueError:               # e.g. a NUL character in the command
        raise type_error(".sys", x) from None


@system_function(".x", 1)
def exit_(k: Any, x: Any) -> Any:
    """Exit: status 0 if x is false, else 1 (raises SystemExit)."""
    st = k.io
    for ch in (st.to_chan, st.cout, st.cerr):
        try:
            ch.flush()
        except (OSError, ValueError):
            pass
    raise SystemExit(0 if is_false(x) else 1)


@system_function(".rn", 0)
def random_number(k: Any) -> float:
    """A uniform random real in [0,1)."""
    import random  # on first use: `klong -e` starts without it (docs/performance.md)
    return random.random()


@system_function(".pc", 0)
def process_clock(k: Any) -> float:
    """CPU seconds used by the process."""
    return time.process_time()


# ---- variables ----------------------------------------------------------------------

@system_variable(".a")
def _args(k: Any) -> Any:
    return k.backend.empty()


@system_variable(".cin")
def _cin(k: Any) -> Any:
    return k.io.cin


@system_variable(".cout")
def _cout(k: Any) -> Any:
    return k.io.cout


@system_variable(".cerr")
def _cerr(k: Any) -> Any:
    return k.io.cerr


@system_variable(".e")
def _epsilon(k: Any) -> float:
    return 1e-18


@system_variable(".h")
def _host(k: Any) -> Symbol:
    return Symbol("unix")


@system_variable(".cols")
def _cols(k: Any) -> int:
    return 80


@system_variable(".edit")
def _edit(k: Any) -> int:
    return 0


@system_variable(".fastpow")
def _fastpow(k: Any) -> int:
    return 0


@system_variable(".helpdb")
def _helpdb(k: Any) -> Any:
    return k.backend.empty()


@system_variable("it")
def _it(k: Any) -> Any:
    return k.backend.empty()
