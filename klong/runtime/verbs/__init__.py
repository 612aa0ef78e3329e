"""The verb modules. Importing this package loads all of them, and each registers its verbs in
the one table, `klong.runtime.primitives` (which imports no verb module: the verbs import its
decorators)."""
from __future__ import annotations

from typing import Callable, Dict, Tuple

from ..primitives import DYADS, MONADS
from . import arithmetic, compare, structure, text  # noqa: F401  (they register on import)


def load_all() -> Tuple[Dict[str, Callable], Dict[str, Callable]]:
    """The primitive tables (monads, dyads), every verb module's verbs registered."""
    return MONADS, DYADS
