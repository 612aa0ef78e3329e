"""Key bindings of the prompt_toolkit REPL.

- Enter runs a complete entry and opens a new line inside an open `[ { ( :[ :{` or string;
  Alt-Enter (Esc Enter) always opens a new line.
- Tab turns a whole `\\sequence` before the cursor into its glyph (`\\nabla` -> `∇`), else
  completes: one match is inserted, several open the menu. On a blank line it indents.
- The prefix key (APL style, from the Unicode input table) followed by an entry's key
  types its glyph at once: `` `g `` gives `∇`; the prefix twice types the prefix.
"""
from __future__ import annotations

from typing import Callable

from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.enums import DEFAULT_BUFFER
from prompt_toolkit.filters import has_focus
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent

from ..reference import unicode_input
from .session import is_complete

INDENT = "  "


def key_bindings(ready: Callable[[], None] | None = None) -> KeyBindings:
    """The REPL's bindings; `ready()` is called before Enter first looks at the syntax
    (it waits for an interpreter still loading in the background)."""
    kb = KeyBindings()
    editing = has_focus(DEFAULT_BUFFER)

    @kb.add("enter", filter=editing)
    def _enter(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        state = buffer.complete_state
        if state is not None and state.current_completion is not None:
            buffer.apply_completion(state.current_completion)
            return
        if ready is not None:
            ready()
        if is_complete(buffer.text):
            buffer.validate_and_handle()
        else:
            buffer.newline(copy_margin=True)

    @kb.add("escape", "enter", filter=editing)
    def _newline(event: KeyPressEvent) -> None:
        event.current_buffer.newline(copy_margin=True)

    @kb.add("tab", filter=editing)
    def _tab(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        document = buffer.document
        hit = unicode_input.expand_suffix(document.text_before_cursor)
        if hit is not None:
            glyph, length = hit
            buffer.delete_before_cursor(length)  # (this closes an open menu too)
            buffer.insert_text(glyph)
            return
        if buffer.complete_state is not None:
            buffer.complete_next()
            return
        if not document.current_line_before_cursor.strip():
            buffer.insert_text(INDENT)
            return
        completer = buffer.completer
        if completer is None:
            return
        found = list(completer.get_completions(
            document, CompleteEvent(completion_requested=True)))
        if len(found) == 1:
            buffer.apply_completion(found[0])
        elif found:
            buffer.start_completion(insert_common_part=True)

    prefix = unicode_input.prefix()
    for key, glyph in unicode_input.prefix_keys().items():
        kb.add(prefix, key, filter=editing)(_inserter(glyph))
    kb.add(prefix, prefix, filter=editing)(_inserter(prefix))
    return kb


def _inserter(text: str) -> Callable[[KeyPressEvent], None]:
    def insert(event: KeyPressEvent) -> None:
        event.current_buffer.insert_text(text)
    return insert
