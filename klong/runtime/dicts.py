"""Dictionary keys: any non-dictionary value. Lists are stored through a hashable ListKey."""
from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import KlongError
from ..values import UNDEFINED


class ListKey:
    """A list used as a dictionary key: hashable by content, remembers the original value."""

    __slots__ = ("value", "_frozen")

    def __init__(self, value: Any):
        self.value = value
        self._frozen = _freeze(value)

    def __hash__(self) -> int:
        return hash(self._frozen)

    def __eq__(self, other: object) -> bool:
        return type(other) is ListKey and self._frozen == other._frozen


def _freeze(v: Any) -> Any:
    if isinstance(v, np.ndarray):
        if v.dtype.kind in "if":
            if v.ndim > 1:
                return ("L",) + tuple(_freeze(x) for x in v)
            return ("L",) + tuple(v.tolist())
        return ("L",) + tuple(_freeze(x) for x in v)
    if hasattr(v, "detach") and hasattr(v, "tolist"):
        return ("L",) + tuple(_freeze(x) for x in v.tolist()) if v.dim() else v.item()
    if isinstance(v, np.generic):
        return v.item()
    return (type(v).__name__, v) if isinstance(v, str) else v


def dict_key(k: Any) -> Any:
    """The hashable form under which `k` is stored."""
    if type(k) is dict:
        from ..printer import written
        raise KlongError("type", f"bad dictionary key: {written(k)}")
    if isinstance(k, np.ndarray) or (hasattr(k, "detach") and getattr(k, "ndim", 0) > 0):
        return ListKey(k)
    if isinstance(k, np.generic):
        return k.item()
    if hasattr(k, "detach"):
        return k.item()
    return k


def key_value(k: Any) -> Any:
    """The Klong value of a stored key."""
    return k.value if type(k) is ListKey else k


def dict_insert(d: dict, k: Any, v: Any, keep_first: bool = False) -> dict:
    hk = dict_key(k)
    if keep_first and hk in d:
        return d
    d[hk] = v
    return d


def dict_get(d: dict, k: Any) -> Any:
    try:
        return d.get(dict_key(k), UNDEFINED)
    except TypeError:
        return UNDEFINED


def dict_delete(d: dict, k: Any) -> dict:
    try:
        d.pop(dict_key(k), None)
    except TypeError:
        pass
    return d


def dict_items(d: dict) -> list:
    """[(key value, value)] in insertion order."""
    return [(key_value(k), v) for k, v in d.items()]
