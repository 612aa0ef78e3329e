"""The one table of primitive verbs: glyph -> implementation, per valence.

Verb modules register themselves with @monad / @dyad; `load_all()` imports them once.
"""
from __future__ import annotations

from typing import Callable, Dict, Tuple

MONADS: Dict[str, Callable] = {}
DYADS: Dict[str, Callable] = {}
MONAD_NAMES: Dict[str, str] = {}
DYAD_NAMES: Dict[str, str] = {}


def monad(glyph: str, name: str) -> Callable:
    def register(fn: Callable) -> Callable:
        MONADS[glyph] = fn
        MONAD_NAMES[glyph] = name
        return fn
    return register


def dyad(glyph: str, name: str) -> Callable:
    def register(fn: Callable) -> Callable:
        DYADS[glyph] = fn
        DYAD_NAMES[glyph] = name
        return fn
    return register


_loaded = False


def load_all() -> Tuple[Dict[str, Callable], Dict[str, Callable]]:
    """Import every verb module (they register on import) and return the tables."""
    global _loaded
    if not _loaded:
        from .verbs import arithmetic, compare, structure, text  # noqa: F401
        _loaded = True
    return MONADS, DYADS
