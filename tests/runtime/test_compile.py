"""Evaluation order of compiled code, observed with `.d` (language document §3.2).

kg's rule, which every case below was checked against (the printed text and the value are
kg's): a primitive dyad, an adverb-derived dyad and Apply/Index evaluate the right operand
first; a function's arguments are evaluated left to right, in a call `f(a;b;c)` and in the
infix form `a f b` (which is the call `f(a;b)`), and the callee's name is read after them;
a projection's fixed arguments are evaluated at each call, after the call's own arguments.
"""
from __future__ import annotations

import pytest

from klong.errors import KlongError
from klong.interpreter import KlongInterpreter
from klong.printer import written

# p(v) displays v and a blank, then returns v
MARK = 'p::{.d(x);.d(" ");x};'

KG_ORDER = [
    # primitive dyads: right operand first
    ("(p(1))+p(2)", "2 1 ", "3"),
    ("(p(1))-(p(2))-p(3)", "3 2 1 ", "2"),
    ("(p([1 2])),p(3)", "3 [1 2] ", "[1 2 3]"),
    ("(p(1))=p(2)", "2 1 ", "0"),
    ("(p(1))#p([1 2])", "[1 2] 1 ", "[1]"),
    ("-p(1)", "1 ", "-1"),
    # a name in a primitive dyad is read when its side is evaluated
    ("a::1;a+{a::10;1}()", "", "11"),
    ("a::1;({a::10;1}())+a", "", "2"),
    # infix function `a f b` = f(a;b): left first, callee read last
    ("(p(1)){x,y}p(2)", "1 2 ", "[1 2]"),
    ("f::{x,y};(p(1))f p(2)", "1 2 ", "[1 2]"),
    ("{[f];f::{x,y};(p(1))f p(2)}()", "1 2 ", "[1 2]"),
    ("{(p(x)){x,y}p(y)}(1;2)", "1 2 ", "[1 2]"),
    ("f::{x,y};({f::{(y*10),x};1}()) f 2", "", "[20 1]"),
    ("f::{x,y};(1) f {f::{(y*100),x};2}()", "", "[200 1]"),
    # calls: arguments left to right, nested calls in place, then the callee
    ("{x,y,z}(p(1);p(2);p(3))", "1 2 3 ", "[1 2 3]"),
    ("f::{x,y,z};f(p(1);f(p(2);p(3);p(4));p(5))", "1 2 3 4 5 ", "[1 2 3 4 5]"),
    ("f::{x};f({f::{-x};2}())", "", "-2"),
    ("f::{x,y};f({f::{(y*10),x};1}();2)", "", "[20 1]"),
    ("f::{x,y,z};f({f::{z,y,x};1}();2;3)", "", "[3 2 1]"),
    ("f::{x,y};f:({f::{y,x};1}();2)", "", "[2 1]"),
    # projections: nothing evaluated when made; at a call the arguments, then the fixed
    # slots left to right, then the callee
    ('g::{x,y}(p(1););.d("|");g(2)', "|1 ", "[1 2]"),
    ("g::{x,y,z}(p(1);;p(3));g(p(2))", "2 1 3 ", "[1 2 3]"),
    ("g::{x,y,z}(p(1);;);g(p(2);p(3))", "2 3 1 ", "[1 2 3]"),
    ("g::{x,y,z}(;;p(3));(p(1))g p(2)", "1 2 3 ", "[1 2 3]"),
    ("f::{x,y};g::f(;{f::{(y*10),x};1}());g(2)", "", "[10 2]"),
    ("f::{x,y};g::f(;1);f::{(y*10),x};g(2)", "", "[10 2]"),
    # adverb-derived dyads: right operand first, then the left, then the verb
    ("(p(1))+/p(2)", "2 1 ", "3"),
    ("(p(1)){x,y}/p([2 3])", "[2 3] 1 ", "[1 2 3]"),
    ("f::{x,y};(p(1))f/p([2 3])", "[2 3] 1 ", "[1 2 3]"),
    ("(p([1 2])),'p([3 4])", "[3 4] [1 2] ", "[[1 3] [2 4]]"),
    ("(p(1)),\\p([2 3])", "[2 3] 1 ", "[1 [1 2] [1 2 3]]"),
    ("(p(1)){x,y}:\\p([2 3])", "[2 3] 1 ", "[[1 2] [1 3]]"),
    ("(p(1)){x,y}:/p([2 3])", "[2 3] 1 ", "[[2 1] [3 1]]"),
    ("(p([1 2])),:\\p(3)", "3 [1 2] ", "[1 2 3]"),
    ("(p(3)){x+1}:*p(0)", "0 3 ", "3"),
    ("(p(2)){x*2}\\*p(1)", "1 2 ", "[1 2 4]"),
    ("(p({x<5})){x+1}:~p(1)", "1 :monad ", "5"),
    ("(p({x<5})){x+1}\\~p(1)", "1 :monad ", "[1 2 3 4]"),
    ("f::{x,y};({f::{y,x};1}()) f/[2 3]", "", "[3 2 1]"),
    ("f::{x,y};(1) f/{f::{y,x};[2 3]}()", "", "[3 2 1]"),
    # a monad's verb (a name with adverbs, Apply) is read after its operand
    ("f::{x};f'{f::{-x};[2]}()", "", "[-2]"),
    ("f::{x};f@{f::{-x};2}()", "", "-2"),
    # Apply, Index, Find, Match, Amend: primitive dyads
    ("(p({x+y}))@p([1 2])", "[1 2] :dyad ", "3"),
    ("(p({x<3}))@p(1)", "1 :monad ", "1"),
    ("(p([1 2 3]))@p(0)", "0 [1 2 3] ", "1"),
    ("(p([1 2 3])):@p([0])", "[0] [1 2 3] ", "1"),
    ("(p([1 2 3])):=p([0])", "[0] [1 2 3] ", "[1 2 3]"),
    ("(p(:{[1 2]}))?p(1)", "1 :{[1 2]} ", "2"),
    ("(p([1 2 3]))~p(1)", "1 [1 2 3] ", "0"),
    # conditionals: the test, then only the chosen branch
    (":[p(0);p(1);p(2)]", "0 2 ", "2"),
    (":[p(1);p(2);p(3)]", "1 2 ", "2"),
    (":[p(0);p(1):|p(1);p(2);p(3)]", "0 1 2 ", "2"),
    # assignment and statements
    ("a::b::p(1)", "1 ", "1"),
    ("p(1);p(2)", "1 2 ", "2"),
]

# KlongPy extensions (no kg counterpart): they follow the same two rules
EXTENSION_ORDER = [
    ("[;p(1);p(2);p(3)]", "1 2 3 ", "[1 2 3]"),             # items are call arguments
    (".jacobian(p({x^2});p(3.0))", ":monad 3.0 ", None),     # a system function call
    ("(p({x^2})) .jacobian p(3.0)", ":monad 3.0 ", None),    # ... written infix
    ("(p({x^2})):>p(3.0)", "3.0 :monad ", None),            # autograd dyads are primitive
    ("(p(3.0))∂p({x^2})", ":monad 3.0 ", None),
    ("(p(3.0))∇p({x^2})", ":monad 3.0 ", None),
]


@pytest.mark.parametrize("src,shown,value", KG_ORDER + EXTENSION_ORDER)
def test_evaluation_order(src, shown, value, capsys):
    k = KlongInterpreter()
    result = k(MARK + src)
    assert capsys.readouterr().out == shown
    if value is not None:
        assert written(result) == value


@pytest.mark.parametrize("src,shown,value", KG_ORDER + EXTENSION_ORDER)
def test_evaluation_order_in_generated_code(src, shown, value, capsys):
    """The same statements as a function's body, compiled to Python code (codegen.py)."""
    k = KlongInterpreter(codegen=1)
    k(MARK.rstrip(";"))
    k("run::{" + src + "}")
    result = k("run()")
    assert capsys.readouterr().out == shown
    if value is not None:
        assert written(result) == value
    assert k["run"].klong_function.direct is not None


def test_operands_are_evaluated_before_an_error_is_raised(capsys):
    k = KlongInterpreter()
    with pytest.raises(KlongError) as e:
        k(MARK + "(p(1))::p(2)")
    assert capsys.readouterr().out == "2 1 "       # kg: "2 1 " then the define error
    assert (e.value.kind, e.value.message) == ("type", "define: type error: [1 2]")
