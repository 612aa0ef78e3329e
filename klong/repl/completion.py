"""Completion for the prompt_toolkit REPL: Unicode input sequences (`\\na` offers
`\\nabla ∇`), the names defined in the session and the system functions of the reference
table, each shown with its signature."""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from ..reference import entries, unicode_input

_SEQUENCE = re.compile(r"\\[A-Za-z]*$")
_NAME = re.compile(r"[A-Za-z.][A-Za-z0-9.]*$")
_META_WIDTH = 40


def _system_names() -> dict[str, str]:
    """{".p": ".p(x)  Print", ...}: dot names of the reference table with their usage."""
    found = {}
    for entry in entries():
        name = entry["name"]
        if name.startswith(".") and len(name) > 1:
            found[name] = f"{entry['usage'] or name}  {entry['title']}"
    return found


def _describe(value: Any) -> str:
    from ..printer import written  # (loads numpy: only once the interpreter exists)

    text = written(value, limit=8)
    return text if len(text) <= _META_WIDTH else text[:_META_WIDTH - 1] + "…"


class KlongCompleter(Completer):
    """While typing: `\\` sequences (from the first letter on). On Tab: those, or names."""

    def __init__(self, k: Any):
        self.k = k
        self._system: dict[str, str] | None = None

    def get_completions(self, document: Document,
                        complete_event: CompleteEvent) -> Iterable[Completion]:
        before = document.text_before_cursor
        match = _SEQUENCE.search(before)
        if match is not None:
            typed = match.group()
            if len(typed) > 1 or complete_event.completion_requested:
                yield from self._sequences(typed)
            return
        if not complete_event.completion_requested:
            return
        match = _NAME.search(before)
        if match is None:
            return
        start = match.start()
        if before[start - 1:start] == ":" and before[start - 2:start] != "::":
            return  # a symbol
        yield from self._names(match.group())

    @staticmethod
    def _sequences(typed: str) -> Iterable[Completion]:
        names = {e["sequence"]: e["name"] for e in unicode_input.sequences()}
        for sequence in unicode_input.complete(typed):
            char = unicode_input.lookup(sequence) or ""
            yield Completion(char, start_position=-len(typed),
                             display=f"{sequence} {char}", display_meta=names[sequence])

    def _names(self, typed: str) -> Iterable[Completion]:
        if self._system is None:
            self._system = _system_names()
        context = getattr(self.k, "context", None)
        table = context.globals.table if context is not None else {}
        defined = sorted(n for n in table if not n.startswith(".") and n.startswith(typed))
        for name in defined:
            yield Completion(name, start_position=-len(typed),
                             display_meta=_describe(table[name]))
        for name in sorted(self._system):
            if name.startswith(typed) and name not in defined:
                yield Completion(name, start_position=-len(typed),
                                 display_meta=self._system[name])
