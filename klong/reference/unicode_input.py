"""Unicode input sequences (`\\nabla` -> `∇`), read from `unicode_input.json`.

The REPL, the language server and the VS Code extension share this table.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

__all__ = ["complete", "expand_suffix", "lookup", "prefix", "prefix_keys", "sequences"]


@lru_cache(maxsize=1)
def _load() -> tuple[tuple[dict, ...], dict[str, str], str]:
    text = resources.files(__package__).joinpath("unicode_input.json").read_text(
        encoding="utf-8")
    data = json.loads(text)
    table = tuple(data["sequences"])
    return table, {s["sequence"]: s["char"] for s in table}, data["prefix"]


def sequences() -> tuple[dict, ...]:
    """Every entry: {"sequence": "\\nabla", "char": "∇", "name": ..., "key"?: "g"}."""
    return _load()[0]


def prefix() -> str:
    """The prefix key of quick entry (APL style): the prefix, then an entry's key."""
    return _load()[2]


def prefix_keys() -> dict[str, str]:
    """{key: char} for the entries that have a quick-entry key."""
    return {s["key"]: s["char"] for s in _load()[0] if "key" in s}


def lookup(sequence: str) -> str | None:
    """The character a whole input sequence stands for, or None."""
    return _load()[1].get(sequence)


def complete(prefix: str) -> list[str]:
    """Sequences starting with `prefix` (which should start with a backslash)."""
    return [s for s in _load()[1] if s.startswith(prefix)]


def expand_suffix(text: str) -> tuple[str, int] | None:
    """If `text` ends with a complete sequence, return (char, length of the sequence)."""
    start = text.rfind("\\")
    if start < 0:
        return None
    char = lookup(text[start:])
    return None if char is None else (char, len(text) - start)
