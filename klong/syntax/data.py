"""Data literals as read (list and dictionary literals, .r/.rs objects) and their written
form. Their values are the runtime's (klong.runtime.literals)."""
from __future__ import annotations

from typing import Any, List, Optional, Tuple

from .atoms import Char, Symbol
from .digits import format_real, int_text


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


def atom_text(value: Any) -> str:
    """A number, string, Symbol or Char in its written form (the printer writes atoms with
    it too, so the syntax layer's messages and the printer agree)."""
    t = type(value)
    if t is int:
        return int_text(value)
    if t is float:
        return format_real(value)
    if t is Symbol:
        return ":" + str.__str__(value)
    if t is Char:
        return "0c" + str.__str__(value)
    return '"' + value.replace('"', '""') + '"'


def datum_text(datum: Any) -> str:
    """A datum in the printer's written form, for the syntax layer's messages (which may not
    import the printer); a dictionary inside shows as `:{}`."""
    if type(datum) is ListLit:
        return "[" + " ".join(map(datum_text, datum.items)) + "]"
    if type(datum) is DictLit:
        return ":{}"
    return atom_text(datum)
