"""The terminal front end: a prompt_toolkit session with Klong highlighting (through the
package's Pygments lexer), completion, the REPL's key bindings and a persistent history
(Ctrl-R searches it)."""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from prompt_toolkit import PromptSession
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.lexers import PygmentsLexer
from prompt_toolkit.output import Output

from ..pygments_lexer import KlongLexer
from .background import Background
from .completion import KlongCompleter
from .keys import key_bindings
from .paths import history_path
from .session import CONTINUATION_PROMPT, PROMPT, Reader, Repl




def open_history(path: Path | None) -> History:
    """A history kept in `path`, or in memory when there is none or it cannot be made."""
    if path is None:
        return InMemoryHistory()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(exist_ok=True)
    except OSError:
        return InMemoryHistory()
    return FileHistory(str(path))


def make_session(k: Any, history: History | None = None, input: Input | None = None,
                 output: Output | None = None) -> PromptSession[str]:
    """The prompt_toolkit session of a REPL on interpreter `k`."""
    return PromptSession(
        message=PROMPT,
        prompt_continuation=CONTINUATION_PROMPT,
        multiline=True,
        lexer=PygmentsLexer(KlongLexer),
        completer=KlongCompleter(k),
        complete_while_typing=True,
        key_bindings=key_bindings(k.wait if isinstance(k, Background) else None),
        history=history if history is not None else open_history(history_path()),
        auto_suggest=AutoSuggestFromHistory(),
        input=input,
        output=output,
    )


def reader(session: PromptSession[str],
           on_first_prompt: Callable[[], None] | None = None) -> Reader:
    """Whole entries from the session: Enter returns only complete ones.
    `on_first_prompt` is called once, as soon as the first prompt is on the screen."""
    pending = [on_first_prompt] if on_first_prompt is not None else []

    def pre_run() -> None:
        if pending:
            asyncio.get_running_loop().call_soon(pending.pop())  # after the first drawing

    def read(prompt: str) -> str:
        return session.prompt(prompt or PROMPT, pre_run=pre_run)

    return read


def run(repl: Repl, history: History | None = None, input: Input | None = None,
        output: Output | None = None,
        on_first_prompt: Callable[[], None] | None = None) -> int:
    """Run `repl` in the terminal (or on the given prompt_toolkit input and output)."""
    repl.newline_at_eof = False
    session = make_session(repl.k, history, input, output)
    return repl.run(reader(session, on_first_prompt))
