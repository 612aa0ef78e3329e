"""Where the REPL keeps its files: the history, and the charts `]plot` writes beside it."""
from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


def history_path(environ: Mapping[str, str] = os.environ) -> Path | None:
    """$KLONG_HISTORY (empty: no history file), else klong/history in the XDG state folder
    ($XDG_STATE_HOME, by default ~/.local/state)."""
    explicit = environ.get("KLONG_HISTORY")
    if explicit is not None:
        return Path(explicit).expanduser() if explicit else None
    state = environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"),
                                                          ".local", "state")
    return Path(state) / "klong" / "history"


def chart_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """The folder of the history file (the current folder when there is none)."""
    history = history_path(environ)
    return history.parent if history is not None else Path.cwd()
