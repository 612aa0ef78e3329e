"""Charts of Klong values (klong/charts.py): which chart a value makes, and the PNG and SVG."""
from __future__ import annotations

import builtins

import numpy as np
import pytest

from klong import KlongError, KlongInterpreter
from klong import charts


@pytest.fixture(scope="module")
def k() -> KlongInterpreter:
    return KlongInterpreter()


@pytest.mark.parametrize(("src", "kind", "shape"), [
    ("{x*x}'!10", "line", (10,)),
    ("[1.5 2 3]", "line", (3,)),
    ("[[1 2] [2 4] [3 1]]", "scatter", (3, 2)),
    ("[[1 2 3] [4 5 6]]", "lines", (2, 3)),
    ("[[1 2] [3 4]]", "lines", (2, 2)),
    ("(,[1 2]),,[3.5 4]", "lines", (2, 2)),
    ("[11 3]:^!33", "heatmap", (11, 3)),
])
def test_the_chart_of_a_value(k, src, kind, shape):
    data = charts.numeric_data(k(src))
    assert data.dtype == np.float64 and data.shape == shape
    assert charts.chart_kind(data) == kind


@pytest.mark.parametrize("src", ['"abc"', "1", "[]", "[1 [2 3]]", "[:a :b]",
                                 "[2 2 2]:^!8", ":{[1 2]}"])
def test_values_with_no_chart_are_a_type_error(k, src):
    with pytest.raises(KlongError) as e:
        charts.numeric_data(k(src))
    assert e.value.kind == "type" and e.value.message.startswith("plot: type error")


def test_a_chart_is_a_png(k):
    png = charts.draw_png(k("{x*x}'!10"), title="{x*x}'!10")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 1000
    for src in ("[[1 2] [2 4] [3 1]]", "[[1 2 3] [4 5 6]]", "[11 3]:^!33"):
        assert charts.draw_png(k(src))[:4] == b"\x89PNG"


def test_one_figure_in_both_formats(k):
    chart = charts.draw(k("[[1 2 3] [4 5 6]]"), title="two <lines>", formats=("png", "svg"))
    assert sorted(chart) == ["png", "svg"] and chart["png"][:4] == b"\x89PNG"
    svg = chart["svg"].decode("utf-8")
    assert svg.startswith("<?xml") and "<svg" in svg and svg.rstrip().endswith("</svg>")
    assert "two &lt;lines&gt;" in svg and "<dc:date>" not in svg
    assert charts.draw(k("!3"), formats=("svg",)).keys() == {"svg"}


def test_without_matplotlib_the_error_names_the_extra(k, monkeypatch):
    real_import = builtins.__import__

    def no_matplotlib(name, *args, **kwargs):
        if name.startswith("matplotlib"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)
    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    with pytest.raises(KlongError) as e:
        charts.draw_png(k("!3"))
    assert e.value.kind == "io" and "klong[plot]" in e.value.message
