"""Value -> Klong text: the only formatter (REPL echo, .w/.d/.p, $, hover, error messages)."""
from __future__ import annotations

from typing import Any

import numpy as np

from .runtime.dicts import key_value
from .values import ARITY_NAMES, Char, KFunction, Symbol, _Singleton


def format_real(x: float) -> str:
    """float64 in Klong's layout: positional for 1e-18 <= |x| < 1e18, else d.ddde+NN."""
    x = float(x)
    r = repr(x)
    if "e" not in r and "n" not in r:
        return r
    if x != x or x in (float("inf"), float("-inf")):
        return ":undefined"
    a = abs(x)
    if a == 0.0 or 1e-18 <= a < 1e18:
        s = np.format_float_positional(x, unique=True, trim="-")
        return s if "." in s else s + ".0"
    s = np.format_float_scientific(x, unique=True, trim="-")
    mant, _, exp = s.partition("e")
    if "." not in mant:
        mant += ".0"
    return f"{mant}e{exp}"


def _num(x: Any) -> str:
    if isinstance(x, (float, np.floating)):
        return format_real(x)
    return str(int(x))


def _string_written(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def written(x: Any) -> str:
    """Readable form (what the REPL echoes and .w writes)."""
    return _fmt(x, False)


def displayed(x: Any) -> str:
    """Display form (.d/.p): chars and strings unquoted at any depth."""
    return _fmt(x, True)


def _fmt(x: Any, disp: bool) -> str:
    t = type(x)
    if t is int:
        return str(x)
    if t is float:
        return format_real(x)
    if t is str:
        return x if disp else _string_written(x)
    if t is Symbol:
        return ":" + str.__str__(x)
    if t is Char:
        return str.__str__(x) if disp else "0c" + str.__str__(x)
    if isinstance(x, np.ndarray):
        return _fmt_array(x, disp)
    if isinstance(x, (np.integer, np.floating)):
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
    return ":" + type(x).__name__


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
    return "[" + " ".join(_fmt(e, disp) for e in a) + "]"


def _maybe_tensor(x: Any, disp: bool):
    mod = type(x).__module__
    if mod.startswith("torch"):
        arr = x.detach().cpu().numpy()
        if arr.ndim == 0:
            return _num(arr.item())
        return _fmt_array(arr, disp)
    return None
