"""Dictionary keys: any non-dictionary value. Lists are stored through a hashable ListKey
(defined in klong.values, with key_value, so that the printer needs nothing from here)."""
from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import KlongError
from ..printer import written
from ..values import UNDEFINED, ListKey, key_value

__all__ = ["ListKey", "dict_delete", "dict_get", "dict_insert", "dict_items", "dict_key",
           "key_value"]


def dict_key(k: Any) -> Any:
    """The hashable form under which `k` is stored."""
    if type(k) is dict:
        raise KlongError("type", f"bad dictionary key: {written(k)}")
    if isinstance(k, np.ndarray) or (hasattr(k, "detach") and getattr(k, "ndim", 0) > 0):
        return ListKey(k)
    if isinstance(k, np.generic):
        return k.item()
    if hasattr(k, "detach"):
        return k.item()
    return k


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
