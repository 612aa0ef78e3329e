"""Python values <-> Klong values at the API boundary (k["name"], Python callables)."""
from __future__ import annotations

import inspect
from typing import Any

import numpy as np

from .errors import KlongError
from .values import Char, KFunction, PyFunction, Symbol


def to_klong(k: Any, v: Any) -> Any:
    """A Python value as a Klong value for interpreter k."""
    B = k._backend
    t = type(v)
    if t is int or t is float or t is str or t is Symbol or t is Char:
        return v
    if t is bool:
        return int(v)
    if isinstance(v, np.generic):
        if isinstance(v, np.bool_):
            return int(v)
        return v.item() if not isinstance(v, (np.str_, np.bytes_)) else str(v)
    if isinstance(v, np.ndarray):
        return _array(B, k, v)
    if isinstance(v, (list, tuple)):
        return B.make_list([to_klong(k, x) for x in v])
    if t is dict:
        from .runtime.dicts import dict_insert
        d: dict = {}
        for key, val in v.items():
            dict_insert(d, to_klong(k, key), to_klong(k, val))
        return d
    if isinstance(v, KFunction):
        return v
    if callable(v) and not isinstance(v, type(k)):
        return wrap_callable(k, v)
    conv = getattr(B, "from_foreign", None)
    if conv is not None:
        r = conv(v)
        if r is not None:
            return r
    return v


def _array(B, k: Any, a: np.ndarray) -> Any:
    if a.ndim == 0:
        return to_klong(k, a[()])
    kind = a.dtype.kind
    if kind == "b" or kind in "iu":
        return B.int_array(a)
    if kind == "f":
        return B.real_array(a)
    if kind in "US":
        return B.object_list([str(x) for x in a.tolist()]) if a.ndim == 1 else \
            B.make_list([_array(B, k, r) for r in a])
    if kind == "O":
        if a.ndim == 1:
            return B.make_list([to_klong(k, x) for x in a])
        return B.make_list([_array(B, k, r) for r in a])
    return B.make_list([to_klong(k, x) for x in a.tolist()])


def callable_arity(fn: Any) -> tuple:
    """(arity, wants_interpreter) for a Python callable: required positional parameters,
    not counting a first parameter named `klong`; *args or defaults only -> up to 3."""
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return 1, False
    params = list(sig.parameters.values())
    wants = bool(params) and params[0].name == "klong"
    if wants:
        params = params[1:]
    required = [p for p in params if p.default is p.empty and
                p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if any(p.kind == p.VAR_POSITIONAL for p in params) and not required:
        return 1, wants
    return min(len(required), 3), wants


def wrap_callable(k: Any, fn: Any) -> PyFunction:
    arity, wants = callable_arity(fn)

    def call(*args: Any) -> Any:
        try:
            r = fn(k, *args) if wants else fn(*args)
        except KlongError:
            raise
        except SystemExit:
            raise
        except Exception as e:
            raise KlongError("python", f"{getattr(fn, '__name__', 'python')}: "
                                       f"{type(e).__name__}: {e}") from e
        return to_klong(k, r)
    return PyFunction(call, arity, getattr(fn, "__name__", ""))


def to_python(k: Any, v: Any) -> Any:
    """A Klong value for Python: functions become Python callables, the rest as is."""
    if isinstance(v, KFunction) and not isinstance(v, PyFunction):
        from .runtime.compile import call_value

        def call(*args: Any) -> Any:
            if len(args) != v.arity:
                raise KlongError("arity", f"Klong function called with {len(args)} but "
                                          f"expected {v.arity}")
            with np.errstate(all="raise"):
                return call_value(k._rt, v, [to_klong(k, a) for a in args])
        call.klong_function = v  # type: ignore[attr-defined]
        return call
    if isinstance(v, PyFunction):
        return v.fn
    return v
