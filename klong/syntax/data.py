"""Data literals as read (list and dictionary literals, .r/.rs objects) and their values."""
from __future__ import annotations

from typing import Any, List, Optional, Tuple


class ListLit:
    """A `[...]` literal as read: items are numbers, Char, str, Symbol, ListLit, DictLit."""

    __slots__ = ("items",)

    def __init__(self, items: List[Any]):
        self.items = items

    def __repr__(self) -> str:
        return f"ListLit({self.items!r})"


class DictLit:
    """A `:{[k v] ...}` literal as read; `flat`: written `:{[k1 v1 k2 v2 ...]}` (ours, §2)."""

    __slots__ = ("pairs", "flat")

    def __init__(self, pairs: List[Tuple[Any, Any]], flat: bool = False):
        self.pairs = pairs
        self.flat = flat

    def __repr__(self) -> str:
        return f"DictLit({self.pairs!r}{', flat=True' if self.flat else ''})"


def flat_pairs(entry: Any) -> Optional[List[Tuple[Any, Any]]]:
    """The key/value pairs of a dictionary literal whose only entry is `entry`, when that is
    a flat list (no list literal in it) of an even number, at least 4, of items: ours, for
    the seed's `:{["lr" 0.01 "momentum" 0.9]}` (§2; kg: malformed dictionary entry)."""
    if type(entry) is not ListLit:
        return None
    items = entry.items
    if len(items) < 4 or len(items) % 2 or any(type(v) is ListLit for v in items):
        return None
    return list(zip(items[::2], items[1::2]))


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
