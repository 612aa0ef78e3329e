"""Charts of Klong values (`]plot EXPR`): which chart a value makes, and the chart drawn as
PNG and/or SVG with matplotlib's Agg backend (no display needed). matplotlib is the optional
extra `.[plot]`, imported only when a chart is drawn.

The chart of a value:
- a list of numbers: a line (index against value);
- a list of n [x y] pairs (a numeric n x 2 matrix, n >= 3): a scatter of the pairs;
- a matrix of at most 10 rows: one line per row;
- any other matrix: a heat map.
Anything else (a number, a string, a ragged or non-numeric list) has no chart: error type.
"""
from __future__ import annotations

import io
from typing import Any, Sequence

import numpy as np

from .errors import KlongError

MAX_LINES = 10
PLOT_EXTRA = "matplotlib is not installed: pip install 'klong[plot]' (or the jupyter extra)"


def numeric_data(value: Any) -> np.ndarray:
    """A Klong list of numbers or of equal-length number lists as a float64 array of rank 1
    or 2; error type for anything else."""
    if hasattr(value, "detach"):                        # a torch tensor
        value = value.detach().cpu().numpy()
    if isinstance(value, np.ndarray) and value.dtype.kind == "O":
        try:
            value = np.array([numeric_data(v) if isinstance(v, np.ndarray) or
                              hasattr(v, "detach") else v for v in value], dtype=np.float64)
        except (TypeError, ValueError):
            raise _no_chart() from None
    if not isinstance(value, np.ndarray) or value.dtype.kind not in "iuf" \
            or value.ndim not in (1, 2) or value.size == 0:
        raise _no_chart()
    return value.astype(np.float64)


def _no_chart() -> KlongError:
    return KlongError("type", "plot: type error: a chart needs a list of numbers, of [x y] "
                              "pairs or of equal-length number lists")


def chart_kind(data: np.ndarray) -> str:
    """"line", "scatter", "lines" or "heatmap" for an array from numeric_data."""
    if data.ndim == 1:
        return "line"
    rows, cols = data.shape
    if cols == 2 and rows >= 3:
        return "scatter"
    return "lines" if rows <= MAX_LINES else "heatmap"


def draw(value: Any, title: str = "", formats: Sequence[str] = ("png",)) -> dict[str, bytes]:
    """The chart of value drawn once and saved in each of `formats` ("png", "svg"):
    {format: bytes}. Error type for a value with no chart, and a clear error (kind io) when
    matplotlib is missing."""
    data = numeric_data(value)
    try:
        import matplotlib
        matplotlib.use("Agg")
        from matplotlib.figure import Figure
    except ImportError:
        raise KlongError("io", PLOT_EXTRA) from None
    fig = Figure(figsize=(6.4, 4.0), dpi=100)
    ax = fig.add_subplot()
    kind = chart_kind(data)
    if kind == "line":
        ax.plot(data)
    elif kind == "scatter":
        ax.scatter(data[:, 0], data[:, 1])
    elif kind == "lines":
        for i, row in enumerate(data):
            ax.plot(row, label=str(i))
        ax.legend()
    else:
        image = ax.imshow(data, aspect="auto", interpolation="nearest")
        fig.colorbar(image, ax=ax)
    if title:
        ax.set_title(title)
    out = {}
    for fmt in formats:
        buf = io.BytesIO()
        # no date in an SVG: a notebook saved with its outputs stays the same on a rerun
        fig.savefig(buf, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
        out[fmt] = buf.getvalue()
    return out


def draw_png(value: Any, title: str = "") -> bytes:
    """The chart of value as PNG bytes (see draw)."""
    return draw(value, title)["png"]
