"""Locals and scope at run time (language document §7.3), with x, y and z declared as locals:
there they are ordinary locals, resolved like any other (the nearest enclosing literal that
declares the name), not parameters. The expected values are kg's (2022-12-12)."""
from __future__ import annotations

import pytest

from klong.errors import KlongError
from klong.interpreter import KlongInterpreter
from klong.printer import written


def run(src: str) -> str:
    return written(KlongInterpreter()(src))


def fails(src: str) -> KlongError:
    with pytest.raises(KlongError) as ei:
        KlongInterpreter()(src)
    return ei.value


@pytest.mark.parametrize("src, value", [
    # the language document's examples
    ("f::{[y];y::x;y*2};f(3)", "6"),
    ("f::{[z];z::1;x+z};f(3)", "4"),
    ("f::{[x];x::5;x};f()", "5"),
    ("f::{[x];x::5;x};f", ":nilad"),
    ("{[x y z];x::1;y::2;z::3;x+y+z}()", "6"),
    ("f::{[x];x::1;x::x+1;x};f()", "2"),
    # an undeclared one is still a parameter, counted in the arity
    ("f::{[x];y};f", ":dyad"),
    ("f::{[x];z};f", ":triad"),
    ("f::{[y];y::1;{z}};f()", ":triad"),
    # a nested literal sees the declared local of its definer, also two levels down
    ("f::{[y];y::x;{x-y}};f(3)", ":monad"),
    ("f::{[y];y::x;{x-y}(10)};f(3)", "7"),
    ("f::{[y];y::x;{y}()};f(3)", "3"),
    ("f::{[y];y::x;{y}};f(3)", ":nilad"),
    ("f::{[y];y::5;{x+{y}()}(1)};f()", "6"),
    ("f::{[y];y::5;{[a];a::1;{y+a}()}()};f()", "6"),
    ("f::{[x];x::5;{x}()};f()", "5"),
    ("f::{[x];x::5;{y+x}(10;20)};f()", "25"),
    ("f::{[y];y::x*2;{x+y}'[1 2 3]};f(10)", "[21 22 23]"),
    # a nested literal assigns it, and a nested declaration shadows it
    ("f::{[y];{y::7}();y};f()", "7"),
    ("f::{[y];y::x;{y::x}(9);y};f(3)", "9"),
    ("f::{[x];x::5;{[x];x::2;x}()+x};f()", "7"),
    ("f::{{[y];y::x;y}(x+1)};f(1)", "2"),
    # the global of the same name is left alone
    ("y::5;{[y];y::1}();y", "5"),
    ("x::1;f::{[x];x::9};f();x", "1"),
    # .f, recursion (each call has its own binding), adverbs
    ("f::{[y];y::x;.f};f(1)", ":monad"),
    ("f::{[a y];y::x;:[x<1;0;y+.f(x-1)]};f(4)", "10"),
    ("f::{[y];y::x;:[x<1;[];(.f(x-1)),y]};f(3)", "[1 2 3]"),
    ("f::{[y];y::x;y'[1 2]};f({x*10})", "[10 20]"),
    # projections: a declared name in a slot is the local, not the projection's argument
    ("f::{[y];y::x;{x+y}(;1)};f(3)", ":monad"),
    ("f::{[y];y::x+1;{x,y,z}(;y;)(0;9)};f(3)", "[0 4 9]"),
    ("f::{[x];x::5;{y,z}(;x;)};f()", ":dyad"),
    ("f::{[x];x::5;{y,z}(x;;)(1;2)};f()", "[1 2]"),
    ("f::{[x];x::5;{x,y}(;x)(1)};f()", "[5 5]"),
])
def test_declared_xyz(src, value):
    assert run(src) == value


@pytest.mark.parametrize("src, kind, message", [
    ("f::{[x];x::5;x};f(3)", "arity", "wrong arity: :nilad"),
    ("f::{[y];y};f(3)", "arity", "wrong arity: :nilad"),
    ("f::{[y];y::x;{x-y}(10;1)};f(3)", "arity", "wrong arity: :monad"),
    ("f::{[x];x::5;{x+1}(10)};f()", "arity", "wrong arity: :nilad"),
    ("f::{[y];y::x;g::{x-y}(;1);g(10)};f(3)", "arity", "wrong arity: :monad"),
    # read before assignment, or after the defining function returned
    ("f::{[x];x};f()", "undefined", "undefined: x"),
    ("f::{[y];y::5;g::{y};0};f();g()", "undefined", "undefined: y"),
    ("f::{[y];y::x+1;{x,y}(;y)};p::f(3);p(0)", "undefined", "undefined: y"),
    ("f::{[y];y::x;y::y+1};f(1);y", "undefined", "undefined: y"),
    # undeclared ones stay read-only
    ("{y::x}", "syntax", "'y' is read-only"),
    ("f::{[y];x::1};f(3)", "syntax", "'x' is read-only"),
])
def test_declared_xyz_errors(src, kind, message):
    e = fails(src)
    assert (e.kind, e.message) == (kind, message)


def test_math_library_style_inverse_by_root_finding():
    # nmh's lib/math.kg defines asin as {[y];y::x;regf({sin(x)-y};0;1-.e)}: the inner
    # literal is a monad over the outer local y. The same shape with a bisection:
    src = ("bis::{[f lo hi m];f::x;lo::y;hi::z;"
           "{m::(lo+hi)%2;:[0<f(m);hi::m;lo::m];x}'!60;lo};"
           "cube::{x*x*x};cbrt::{[y];y::x;bis({cube(x)-y};0;10)};cbrt(27)")
    assert run(src) == "3.0"
