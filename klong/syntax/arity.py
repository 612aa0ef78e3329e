"""The names of the arities of functions (0-3), as Klong writes them (`:monad`) and as words
(`monad`): the one table, in the syntax layer so that tools that read Klong without running
it (the language server) name arities without importing numpy. klong.values re-exports it."""
from __future__ import annotations

# The written form of a function of arity 0-3 (`:monad`); the one table of arity names.
ARITY_NAMES = (":nilad", ":monad", ":dyad", ":triad")


def arity_word(arity: int) -> str:
    """The arity name as a plain word (`monad`), for prose; `arity` is 0-3."""
    return ARITY_NAMES[arity][1:]
