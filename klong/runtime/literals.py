"""The values of data literals as read (klong.syntax.data): for the compiler and .r/.rs."""
from __future__ import annotations

from typing import Any

from ..syntax.data import DictLit, ListLit
from .dicts import dict_insert


def to_value(B, datum: Any) -> Any:
    """Klong value of a datum on backend B (a fresh dictionary each call)."""
    if isinstance(datum, ListLit):
        return B.make_list([to_value(B, v) for v in datum.items])
    if isinstance(datum, DictLit):
        d: dict = {}
        for k, v in datum.pairs:
            dict_insert(d, to_value(B, k), to_value(B, v), keep_first=True)
        return d
    return datum


def is_constant(datum: Any) -> bool:
    """True when the datum holds no dictionary (so its value can be built once)."""
    if isinstance(datum, DictLit):
        return False
    if isinstance(datum, ListLit):
        return all(is_constant(v) for v in datum.items)
    return True
