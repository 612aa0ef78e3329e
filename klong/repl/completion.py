"""Completion for the prompt_toolkit REPL: Unicode input sequences (`\\na` offers
`\\nabla ∇`), the names defined in the session and the system functions of the reference
table, each shown with its signature (what is offered: candidates.py)."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from . import candidates
from .candidates import Candidate


def _completion(c: Candidate, show_display: bool) -> Completion:
    return Completion(c.text, start_position=-c.typed,
                      display=c.display if show_display else None, display_meta=c.meta)


class KlongCompleter(Completer):
    """While typing: `\\` sequences (from the first letter on). On Tab: those, or names."""

    def __init__(self, k: Any):
        self.k = k
        self._system: dict[str, str] | None = None

    def get_completions(self, document: Document,
                        complete_event: CompleteEvent) -> Iterable[Completion]:
        before = document.text_before_cursor
        typed = candidates.typed_sequence(before)
        if typed is not None:
            if len(typed) > 1 or complete_event.completion_requested:
                for c in candidates.sequences(typed):
                    yield _completion(c, True)
            return
        if not complete_event.completion_requested:
            return
        typed = candidates.typed_name(before)
        if typed is None:
            return
        if self._system is None:
            self._system = candidates.system_names()
        context = getattr(self.k, "context", None)
        table = context.globals.table if context is not None else {}
        for c in candidates.names(typed, table, self._system):
            yield _completion(c, False)
