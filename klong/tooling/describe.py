"""What a tool shows of a value: its written text, a short form with reals rounded, its
kind in words, shape, dtype and device, as a plain dict (JSON-ready, so the language
server's evaluation worker sends it as is; the kernel makes one in its own process)."""
from __future__ import annotations

from typing import Any, Dict

import numpy as np

from klong.printer import written
from klong.values import ARITY_NAMES

SHORT_DIGITS = 6          # significant digits of reals in the short form
MAX_ELEMENTS = 10000      # arrays larger than this print a head only


def rounded(value: Any) -> Any:
    """A copy of a value with reals rounded to SHORT_DIGITS significant digits."""
    t = type(value)
    if t is float or isinstance(value, np.floating):
        v = float(value)
        if v != v or v in (float("inf"), float("-inf")):
            return v
        return float(f"{v:.{SHORT_DIGITS}g}")
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "f":
            flat = [float(f"{v:.{SHORT_DIGITS}g}") if v == v and abs(v) != float("inf")
                    else v for v in value.ravel().tolist()]
            return np.array(flat, dtype=value.dtype).reshape(value.shape)
        if value.dtype.kind == "O":
            out = np.empty(value.shape, dtype=object)
            for i, v in enumerate(value.ravel()):
                out.ravel()[i] = rounded(v)
            return out
        return value
    return value


def value_kind(value: Any) -> str:
    """A value's kind in words (the printer's written form tells strings, chars and symbols
    apart, and functions from other objects)."""
    t = type(value)
    if t is bool or t is int or isinstance(value, np.integer):
        return "integer"
    if t is float or isinstance(value, np.floating):
        return "real"
    if isinstance(value, str):
        w = written(value)
        return "symbol" if w.startswith(":") else "char" if w.startswith("0c") else "string"
    if t is dict:
        return "dictionary"
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return value_kind(value.item())
        if value.dtype.kind in "iub":
            return "integer list"
        if value.dtype.kind == "f":
            return "real list"
        return "list"
    if type(value).__module__.startswith("torch"):
        dtype = str(getattr(value, "dtype", ""))
        if getattr(value, "ndim", 1) == 0:
            return "real" if "float" in dtype else "integer"
        return ("real" if "float" in dtype else "integer" if "int" in dtype else "") + \
            " list (tensor)"
    if written(value) in ARITY_NAMES:
        return "function"
    return "python object"


def _as_numpy(value: Any) -> Any:
    """Tensors as numpy arrays (for shape and printing); other values unchanged."""
    if type(value).__module__.startswith("torch") and hasattr(value, "detach"):
        return value.detach().cpu().numpy()
    return value


def describe(value: Any, max_text: int) -> Dict[str, Any]:
    """What a tool shows about a value: exact and short text ("text", "short", the text cut
    at max_text characters), "kind", "shape" (None for an atom), "dtype", "device"."""
    out: Dict[str, Any] = {"kind": value_kind(value), "shape": None, "device": None}
    if type(value).__module__.startswith("torch") and hasattr(value, "device"):
        out["device"] = str(value.device)
        out["dtype"] = str(value.dtype).replace("torch.", "")
    arr = _as_numpy(value)
    truncated = False
    if isinstance(arr, np.ndarray):
        out["shape"] = list(arr.shape)
        if arr.dtype.kind != "O":
            out.setdefault("dtype", str(arr.dtype))
        if arr.size > MAX_ELEMENTS:
            truncated = True
            arr = arr.reshape(-1)[:MAX_ELEMENTS] if arr.dtype.kind != "O" else arr
    shown = arr if isinstance(arr, np.ndarray) else value
    if isinstance(shown, np.ndarray) and shown.ndim == 0:
        shown = shown.item()
    text = written(shown)
    if truncated or len(text) > max_text:
        text = text[:max_text] + " …"
        out["truncated"] = True
    out["text"] = text
    short_source = shown
    if isinstance(shown, np.ndarray) and shown.size > 200:
        short_source = shown.reshape(-1)[:200] if shown.dtype.kind != "O" else shown[:200]
    out["short"] = written(rounded(short_source))
    return out
