"""What completion offers, without any terminal library: the `\\` sequences of the Unicode
input table, the names defined in the interpreter and the system functions of the reference
table. The REPL's completer (completion.py) and the Jupyter kernel both use it."""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from ..reference import entries, unicode_input

_SEQUENCE = re.compile(r"\\[A-Za-z]*$")
_NAME = re.compile(r"[A-Za-z.][A-Za-z0-9.]*$")
_META_WIDTH = 40


class Candidate(NamedTuple):
    """One completion: `text` replaces the last `typed` characters before the cursor."""

    text: str
    typed: int
    display: str
    meta: str


def typed_sequence(before: str) -> str | None:
    """The `\\` sequence being typed at the end of `before` (the backslash included)."""
    match = _SEQUENCE.search(before)
    return None if match is None else match.group()


def typed_name(before: str) -> str | None:
    """The name being typed at the end of `before`; None where there is none, or where it is
    a symbol (`:name`)."""
    match = _NAME.search(before)
    if match is None:
        return None
    start = match.start()
    if before[start - 1:start] == ":" and before[start - 2:start] != "::":
        return None
    return match.group()


def sequences(typed: str) -> list[Candidate]:
    """The characters of the input sequences that start with `typed`."""
    names = {e["sequence"]: e["name"] for e in unicode_input.sequences()}
    found = []
    for sequence in unicode_input.complete(typed):
        char = unicode_input.lookup(sequence) or ""
        found.append(Candidate(char, len(typed), f"{sequence} {char}", names[sequence]))
    return found


def system_names() -> dict[str, str]:
    """{".p": ".p(x)  Print", ...}: dot names of the reference table with their usage."""
    found = {}
    for entry in entries():
        name = entry["name"]
        if name.startswith(".") and len(name) > 1:
            found[name] = f"{entry['usage'] or name}  {entry['title']}"
    return found


def describe(value: Any) -> str:
    """A value, written short enough for a completion menu."""
    from ..printer import written  # (loads numpy: only once the interpreter exists)

    text = written(value, limit=8)
    return text if len(text) <= _META_WIDTH else text[:_META_WIDTH - 1] + "…"


def names(typed: str, table: Mapping[str, Any],
          system: Mapping[str, str] | None = None) -> list[Candidate]:
    """Defined names (of `table`, the interpreter's globals), then system functions, that
    start with `typed`."""
    system = system_names() if system is None else system
    defined = sorted(n for n in table if not n.startswith(".") and n.startswith(typed))
    found = [Candidate(n, len(typed), n, describe(table[n])) for n in defined]
    found += [Candidate(n, len(typed), n, system[n]) for n in sorted(system)
              if n.startswith(typed) and n not in defined]
    return found


def complete(before: str, table: Mapping[str, Any],
             system: Mapping[str, str] | None = None) -> list[Candidate]:
    """What Tab offers at the end of `before`: sequences after a backslash, else names."""
    typed = typed_sequence(before)
    if typed is not None:
        return sequences(typed)
    typed = typed_name(before)
    return [] if typed is None else names(typed, table, system)
