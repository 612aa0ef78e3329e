"""The errors a verb raises about its operands, in kg's wording (which shows them written)."""
from __future__ import annotations

from typing import Optional

from ..errors import KlongError
from ..printer import written


def verb_error(kind: str, verb: str, *operands, detail: Optional[str] = None) -> KlongError:
    """kg's wording: `plus: type error: [1 "a"]` (operands in written form); `detail`, in
    words, shows instead of the operands (`plus: shape error: lengths 2 and 3 differ`)."""
    if len(operands) == 1:
        shown = written(operands[0]) if kind != "type" else "[" + written(operands[0]) + "]"
    else:
        shown = "[" + " ".join(written(o) for o in operands) + "]"
    return KlongError(kind, f"{verb}: {kind} error: {shown}",
                      detail=None if detail is None else f"{verb}: {kind} error: {detail}")
