"""The one table of primitive verbs: glyph -> implementation, per valence.

Verb modules register themselves with @monad / @dyad; importing `klong.runtime.verbs` loads
them all (`klong.runtime.verbs.load_all()` returns the tables), so this module imports none.
Signatures: `f(B, a)` and `f(B, a, b)`, where B is the backend. A verb registered with
`runtime=True` (the autograd verbs, which call Klong functions) gets the Runtime instead:
`f(rt, a)` and `f(rt, a, b, names)`, where `names` is `(left, right)`, each operand's name
when it is written as a bare global name, else "". Such verbs take no adverbs. They live
with autograd in `klong/autograd/`, a layer above the runtime, which registers them when
the interpreter imports it.
"""
from __future__ import annotations

from typing import Callable, Dict, Set

MONADS: Dict[str, Callable] = {}
DYADS: Dict[str, Callable] = {}
MONAD_NAMES: Dict[str, str] = {}
DYAD_NAMES: Dict[str, str] = {}
# the glyphs whose monad / dyad was registered with runtime=True
RUNTIME_MONADS: Set[str] = set()
RUNTIME_DYADS: Set[str] = set()


def _register(table: Dict[str, Callable], names: Dict[str, str], runtime_glyphs: Set[str],
              glyph: str, name: str, runtime: bool) -> Callable:
    def register(fn: Callable) -> Callable:
        table[glyph] = fn
        names[glyph] = name
        if runtime:
            runtime_glyphs.add(glyph)
        else:
            runtime_glyphs.discard(glyph)
        return fn
    return register


def monad(glyph: str, name: str, runtime: bool = False) -> Callable:
    """Register `f(B, a)` (or `f(rt, a)` with runtime=True) as the monad of `glyph`."""
    return _register(MONADS, MONAD_NAMES, RUNTIME_MONADS, glyph, name, runtime)


def dyad(glyph: str, name: str, runtime: bool = False) -> Callable:
    """Register `f(B, a, b)` (or `f(rt, a, b, names)` with runtime=True) as the dyad of
    `glyph`."""
    return _register(DYADS, DYAD_NAMES, RUNTIME_DYADS, glyph, name, runtime)


def backend_monad(glyph: str) -> Callable | None:
    """The monad of `glyph` if it is a backend verb `f(B, a)` (None if none or runtime)."""
    return None if glyph in RUNTIME_MONADS else MONADS.get(glyph)


def backend_dyad(glyph: str) -> Callable | None:
    """The dyad of `glyph` if it is a backend verb `f(B, a, b)` (None if none or runtime)."""
    return None if glyph in RUNTIME_DYADS else DYADS.get(glyph)
