"""Value -> Klong text: the only formatter (REPL echo, .w/.d/.p, $, hover, error messages)."""
from __future__ import annotations

from typing import Any

import numpy as np

from .syntax.data import atom_text
from .syntax.digits import format_real, int_text
from .values import ARITY_NAMES, Char, KFunction, Symbol, _Singleton, key_value


def format_complex(z: complex) -> str:
    """A complex number (they come from Python) in Python's notation: `0j`, `-2j`,
    `(1+2j)`, `(1.5-0.25j)`."""
    return repr(complex(z))


def format_foreign(x: Any) -> str:
    """A Python object that is no Klong value: `<Python REPR>`, or the repr alone when it
    already reads `<...>` (`<module 'math' (built-in)>`)."""
    try:
        r = repr(x)
    except Exception:                     # a broken __repr__ must not break printing
        r = ""
    if not isinstance(r, str) or not r:
        return f"<Python {type(x).__name__} object>"
    if r.startswith("<") and r.endswith(">"):
        return r
    return f"<Python {r}>"


def _num(x: Any) -> str:
    if isinstance(x, (float, np.floating)):
        return format_real(x)
    if isinstance(x, (complex, np.complexfloating)):
        return format_complex(x)
    return int_text(int(x))


EDGE_ITEMS = 3


def written(x: Any, limit: int | None = None) -> str:
    """Readable form (what the REPL echoes and .w writes).

    With `limit`, a list of more than `limit` elements is abbreviated the way numpy
    abbreviates (threshold and edgeitems): each of its axes longer than 2*EDGE_ITEMS shows
    its first and last EDGE_ITEMS items with `...` between, e.g. `[0 1 2 ... 997 998 999]`.
    Such text is for people; it does not read back."""
    if limit is None:
        return _fmt(x, False)
    return _fmt_limited(x, limit)


def displayed(x: Any) -> str:
    """Display form (.d/.p): chars and strings unquoted at any depth."""
    return _fmt(x, True)


def _fmt(x: Any, disp: bool) -> str:
    t = type(x)
    if t is int:
        return int_text(x)
    if t is float:
        return format_real(x)
    if t is str or t is Char:
        return str.__str__(x) if disp else atom_text(x)
    if t is Symbol:
        return atom_text(x)
    if isinstance(x, np.ndarray):
        return _fmt_array(x, disp)
    if isinstance(x, (np.integer, np.floating, np.complexfloating)) or t is complex:
        return _num(x)
    if t is dict:
        items = " ".join(
            "[" + _fmt(key_value(k), disp) + " " + _fmt(v, disp) + "]" for k, v in x.items())
        return ":{" + items + "}"
    if isinstance(x, KFunction):
        return ARITY_NAMES[x.arity] if 0 <= x.arity <= 3 else ":function"
    if isinstance(x, _Singleton):
        return repr(x)
    if t is bool:
        return "1" if x else "0"
    tensor_text = _maybe_tensor(x, disp)
    if tensor_text is not None:
        return tensor_text
    name = getattr(x, "klong_name", None)
    if name is not None:
        return name
    return format_foreign(x)


def _fmt_array(a: np.ndarray, disp: bool) -> str:
    if a.ndim == 0:
        return _fmt(a.item(), disp)
    kind = a.dtype.kind
    if kind in "iu":
        if a.ndim == 1:
            return "[" + " ".join(map(str, a.tolist())) + "]"
        return "[" + " ".join(_fmt_array(r, disp) for r in a) + "]"
    if kind == "f":
        if a.ndim == 1:
            return "[" + " ".join(map(format_real, a.tolist())) + "]"
        return "[" + " ".join(_fmt_array(r, disp) for r in a) + "]"
    if kind == "b":
        return _fmt_array(a.astype(np.int64), disp)
    if kind == "c":
        if a.ndim == 1:
            return "[" + " ".join(map(format_complex, a.tolist())) + "]"
        return "[" + " ".join(_fmt_array(r, disp) for r in a) + "]"
    if kind != "O":                       # any other numpy array from Python
        return format_foreign(a)
    return "[" + " ".join(_fmt(e, disp) for e in a) + "]"


def _maybe_tensor(x: Any, disp: bool):
    mod = type(x).__module__
    if mod.startswith("torch"):
        arr = x.detach().cpu().numpy()
        if arr.ndim == 0:
            return _num(arr.item())
        return _fmt_array(arr, disp)
    return None


# ---- abbreviated output (written(x, limit)) ---------------------------------------------


def _fmt_limited(x: Any, limit: int) -> str:
    if not isinstance(x, np.ndarray):
        if type(x) is dict:
            items = " ".join("[" + _fmt_limited(key_value(k), limit) + " "
                             + _fmt_limited(v, limit) + "]" for k, v in x.items())
            return ":{" + items + "}"
        if type(x).__module__.startswith("torch"):
            return _fmt_limited(x.detach().cpu().numpy(), limit)
        return _fmt(x, False)
    if x.ndim == 0:
        return _fmt(x.item(), False)
    if x.size > limit:
        return _fmt_edges(x, limit)
    if x.dtype.kind == "O":
        return "[" + " ".join(_fmt_limited(e, limit) for e in x) + "]"
    return _fmt_array(x, False)


def _fmt_edges(a: np.ndarray, limit: int) -> str:
    """Every axis of `a` longer than 2*EDGE_ITEMS cut to its edges around `...`."""
    if a.dtype.kind == "b":
        a = a.astype(np.int64)
    n = len(a)
    if n > 2 * EDGE_ITEMS:
        index: list[int | None] = [*range(EDGE_ITEMS), None, *range(n - EDGE_ITEMS, n)]
    else:
        index = list(range(n))
    if a.ndim > 1:
        item = _fmt_edges
    elif a.dtype.kind == "O":
        item = _fmt_limited
    else:
        def item(e: Any, _limit: int) -> str:
            return _fmt(e, False)
    return "[" + " ".join("..." if i is None else item(a[i], limit) for i in index) + "]"
