"""The interactive REPL (`klong repl`, or plain `klong` in a terminal).

One job per module:

    session     the read-eval-print loop over any line reader; no terminal library
    commands    the `]` commands (]h ]q ]t ]b ]l ]keys ...)
    terminal    the prompt_toolkit front end: session, history, highlighting
    keys        its key bindings: Enter, Tab, the quick-entry prefix key
    completion  its completer: `\\` sequences, defined names, system functions
    plain       line readers without prompt_toolkit: readline and pipes
    background  the interpreter loading while the first prompt is already up

Only `terminal`, `keys` and `completion` import prompt_toolkit (and pygments), and only
when an interactive session starts; `echo '1+1' | klong repl` never loads them. None of
the modules imports numpy at import time (klong.printer and klong.syntax are imported on
first use), so that numpy can load in the background.
"""
from __future__ import annotations

from .session import CONTINUATION_PROMPT, PRINT_LIMIT, PROMPT, Repl

__all__ = ["CONTINUATION_PROMPT", "PRINT_LIMIT", "PROMPT", "Repl"]
