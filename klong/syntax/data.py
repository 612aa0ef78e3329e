"""Data literals as read (list and dictionary literals, .r/.rs objects) and their values."""
from __future__ import annotations

from typing import Any, List, Tuple


class ListLit:
    """A `[...]` literal as read: items are numbers, Char, str, Symbol, ListLit, DictLit."""

    __slots__ = ("items",)

    def __init__(self, items: List[Any]):
        self.items = items

    def __repr__(self) -> str:
        return f"ListLit({self.items!r})"


class DictLit:
    """A `:{[k v] ...}` literal as read."""

    __slots__ = ("pairs",)

    def __init__(self, pairs: List[Tuple[Any, Any]]):
        self.pairs = pairs

    def __repr__(self) -> str:
        return f"DictLit({self.pairs!r})"


def to_value(B, datum: Any) -> Any:
    """Klong value of a datum on backend B (a fresh dictionary each call)."""
    if isinstance(datum, ListLit):
        return B.make_list([to_value(B, v) for v in datum.items])
    if isinstance(datum, DictLit):
        from ..runtime.dicts import dict_insert
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
