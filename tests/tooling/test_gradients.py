"""Gradient expressions for hover and inspect (klong/tooling/gradients.py): where they are in
a text, what is evaluated for one, and how its value is shown."""
from __future__ import annotations

import pytest

from klong.syntax.parser import parse_tolerant
from klong.tooling.gradients import (GradientResult, GradSite, gradient_markdown,
                                     gradient_sites, gradient_text, innermost, method,
                                     shape_text, target_in_text)


def sites(text: str) -> list[tuple[str, str, int]]:
    return [(text[g.start:g.end], g.op, g.stmt) for g in gradient_sites(parse_tolerant(text)[0])]


def test_the_sites_of_a_text_inner_ones_first():
    assert sites("f::{x^2}\ng:>f:>3\n[1 2]∂{x*x}\n{x^3}∇2;.jacobian(f;[1 2])") == [
        ("f:>3", ":>", 1), ("g:>f:>3", ":>", 1), ("[1 2]∂{x*x}", "∂", 2),
        ("{x^3}∇2", "∇", 3), (".jacobian(f;[1 2])", ".jacobian", 4)]
    assert sites("h::{x:>y}\n:[1;f:>2;0]") == [("x:>y", ":>", 0), ("f:>2", ":>", 1)]
    assert sites("1+2;f(3);{x}'[1 2]") == []


def test_innermost_counts_the_end_and_prefers_the_smaller():
    outer, inner = GradSite(0, 10, ":>", 0), GradSite(5, 10, ":>", 0)
    assert innermost([inner, outer], 10) is inner
    assert innermost([inner, outer], 2) is outer
    assert innermost([inner, outer], 11) is None


@pytest.mark.parametrize(("text", "pos", "expr", "pieces"), [
    ("f:>3", 4, "f:>3", []),
    ("a::5;.p(1);b::2;{x^3}:>a", 0, "{x^3}:>a", ["a::5", "b::2"]),   # on the cursor's line
    ("z::(f):>(3)", 6, "(f):>(3)", []),
    ("x::1\n(f:>3)+g:>(2)", 7, "f:>3", ["x::1"]),
    ("x::1\n(f:>3)+g:>(2)", 13, "g:>(2)", ["x::1"]),
    ("x::1\n(f:>3)+ g:>2", 12, "g:>2", ["x::1"]),                    # the nearer one
    ("{x^2}:>{x}:>3", 10, "{x}:>3", []),
    (".l(\"m.kg\");.jacobian(f;[1 2])", 12, ".jacobian(f;[1 2])", ['.l("m.kg")']),
])
def test_the_target_in_a_cell(text, pos, expr, pieces):
    target = target_in_text(text, pos)
    assert (target.expr, target.pieces) == (expr, pieces + [expr])
    assert text[target.start:target.end] in expr


@pytest.mark.parametrize(("text", "pos"), [("1+2", 1), ("f:>3\n1+2", 7), ("", 0), ("{x:>", 2)])
def test_no_target(text, pos):
    assert target_in_text(text, pos) is None


def test_method_and_shape():
    assert [method(op, b) for op in (":>", "∂", ".jacobian", "∇") for b in ("numpy", "torch")
            ] == ["numeric", "autograd"] * 3 + ["numeric", "numeric"]
    assert [shape_text({"shape": s}) for s in (None, [], [2, 3])] == ["scalar", "0-d array",
                                                                       "2×3"]


VALUE = {"kind": "real list", "shape": [2, 2], "dtype": "float64", "device": None,
         "short": "[[2.0 0.0] [0.0 4.0]]",
         "text": "[[2.000000000002 0.0] [0.0 4.000000000115023]]"}


def test_a_value_as_markdown_and_as_text():
    r = GradientResult("∂", "[1 2]∂f", value=VALUE, output="hi\n")
    assert gradient_markdown(r) == (
        "**Jacobian** of `[1 2]∂f` = `[[2.0 0.0] [0.0 4.0]]`\n\n"
        "```klong\n[[2.000000000002 0.0] [0.0 4.000000000115023]]\n```\n\n"
        "shape: 2×2 · real list · float64 · backend: numpy (cpu), numeric\n\n"
        "printed:\n\n```text\nhi\n\n```")
    assert gradient_text(r) == (
        "Jacobian of [1 2]∂f = [[2.0 0.0] [0.0 4.0]]\n"
        "exact: [[2.000000000002 0.0] [0.0 4.000000000115023]]\n"
        "shape: 2×2 · real list · float64 · backend: numpy (cpu), numeric\n"
        "printed:\nhi")
    exact = GradientResult(":>", "f:>3", value={"kind": "real", "shape": None, "short": "6.0",
                                                "text": "6.0", "device": "cuda:0"},
                           backend="torch")
    assert gradient_text(exact) == (
        "gradient of f:>3 = 6.0\nshape: scalar · real · backend: torch (cuda:0), autograd")


def test_an_error_is_one_line():
    r = GradientResult("∇", "f∇2", error="undefined: f")
    assert gradient_markdown(r) == "**numeric gradient** of `f∇2`: undefined: f"
    assert gradient_text(r) == "numeric gradient of f∇2: undefined: f"
    assert gradient_text(GradientResult(":>", "f:>2")) == "gradient of f:>2: not evaluated"
