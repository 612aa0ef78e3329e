"""Value -> HTML table, for front doors that show rich output (the Jupyter kernel's
`text/html`): matrices and dictionaries only; every cell is the printer's written form,
HTML-escaped.

A matrix is a list of n >= 1 lists of the same length m >= 1 (a 2-d array, or a general
list of equal-length rows): an n x m table with its row and column indices. A dictionary is
a key/value table. With `limit` (the REPL's print limit), a table of more than `limit`
cells keeps the first and last EDGE_ITEMS of each axis longer than 2*EDGE_ITEMS, as
`written(x, limit)` does, with `…` between, and says below how many rows and columns it
left out; the cells are abbreviated with the same limit.
"""
from __future__ import annotations

from html import escape
from typing import Any, Optional, Sequence

import numpy as np

from .printer import EDGE_ITEMS, written
from .values import key_value

ELLIPSIS = "…"


def _host(x: Any) -> Any:
    """A torch tensor as its host numpy array; anything else unchanged."""
    if type(x).__module__.startswith("torch") and hasattr(x, "detach"):
        return x.detach().cpu().numpy()
    return x


def _rows(x: Any) -> Optional[list]:
    """The rows of a matrix (each a rank >= 1 array of one common length >= 1), else None."""
    x = _host(x)
    if not isinstance(x, np.ndarray) or x.ndim == 0 or len(x) == 0:
        return None
    if x.ndim >= 2:
        return list(x) if x.shape[1] > 0 else None
    if x.dtype.kind != "O":
        return None
    rows = [_host(r) for r in x]
    if not all(isinstance(r, np.ndarray) and r.ndim >= 1 for r in rows):
        return None
    width = len(rows[0])
    if width == 0 or any(len(r) != width for r in rows):
        return None
    return rows


def _kept(n: int, cut: bool) -> list[int | None]:
    """Indices shown of an axis of length n: all, or its edges around None."""
    if cut and n > 2 * EDGE_ITEMS:
        return [*range(EDGE_ITEMS), None, *range(n - EDGE_ITEMS, n)]
    return list(range(n))


def _cell(x: Any, limit: Optional[int]) -> str:
    return f"<td>{escape(written(x, limit=limit), quote=False)}</td>"


def _plural(n: int, word: str, many: str = "") -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


def _left(n: int, shown: Sequence[int | None]) -> int:
    return n - sum(1 for i in shown if i is not None)


def _note(what: str, left: list[str]) -> str:
    """The line below an abbreviated table: what it shows and what it left out."""
    return f"\n<p>{what}: {' and '.join(left)} not shown</p>" if left else ""


def matrix_html(x: Any, limit: Optional[int] = None) -> Optional[str]:
    """The HTML table of a matrix, or None when x is no matrix."""
    rows = _rows(x)
    if rows is None:
        return None
    n, m = len(rows), len(rows[0])
    cut = limit is not None and n * m > limit
    ri, ci = _kept(n, cut), _kept(m, cut)
    gap = f"<td>{ELLIPSIS}</td>"
    head = "<tr><th></th>" + "".join(
        f"<th>{ELLIPSIS}</th>" if j is None else f"<th>{j}</th>" for j in ci) + "</tr>"
    lines = ['<table class="klong-matrix">', head]
    for i in ri:
        if i is None:
            lines.append(f"<tr><th>{ELLIPSIS}</th>" + gap * len(ci) + "</tr>")
            continue
        row = rows[i]
        cells = "".join(gap if j is None else _cell(row[j], limit) for j in ci)
        lines.append(f"<tr><th>{i}</th>{cells}</tr>")
    lines.append("</table>")
    left = [_plural(k, w) for k, w in ((_left(n, ri), "row"), (_left(m, ci), "column")) if k]
    return "\n".join(lines) + _note(f"{n}×{m} matrix", left)


def dict_html(x: Any, limit: Optional[int] = None) -> Optional[str]:
    """The key/value table of a dictionary, or None when x is no dictionary."""
    if type(x) is not dict or not x:
        return None
    items = list(x.items())
    kept = _kept(len(items), limit is not None and len(items) > limit)
    lines = ['<table class="klong-dict">', "<tr><th>key</th><th>value</th></tr>"]
    for i in kept:
        if i is None:
            lines.append(f"<tr><td>{ELLIPSIS}</td><td>{ELLIPSIS}</td></tr>")
            continue
        k, v = items[i]
        lines.append("<tr>" + _cell(key_value(k), limit) + _cell(v, limit) + "</tr>")
    lines.append("</table>")
    left = _left(len(items), kept)
    what = f"dictionary of {_plural(len(items), 'entry', 'entries')}"
    return "\n".join(lines) + _note(what, [_plural(left, "entry", "entries")] if left else [])


def html_table(x: Any, limit: Optional[int] = None) -> Optional[str]:
    """The HTML table of a matrix or a dictionary; None for any other value."""
    if type(x) is dict:
        return dict_html(x, limit)
    return matrix_html(x, limit)
