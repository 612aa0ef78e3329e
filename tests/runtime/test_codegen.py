"""Function bodies compiled to Python code (klong/runtime/codegen.py) do what the closure
compiler's do: the same values (exact integers, reals, types), the same errors with the same
spans, the same evaluation order, globals read at each use, a call's own locals, recursion
errors and interrupts. Most cases run each program twice, with the generator off
(`codegen=0`) and at every function's first call (`codegen=1`), and compare."""
from __future__ import annotations

import _thread
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klong.errors import KlongError
from klong.interpreter import KlongInterpreter
from klong.printer import written

SETUP = 'g::5;h::{x*2};k2::{x,y};p::{.d(x);.d(" ");x};q::[1 2 3]'


def outcome(k: KlongInterpreter, src: str, capsys) -> tuple:
    """(value or error, what was printed, the global g afterwards)."""
    try:
        res: tuple = ("value", written(k(src)))
    except KlongError as e:
        res = ("error", e.kind, e.message, e.line, e.column)
    return res, capsys.readouterr().out, written(k("g"))


def both(src: str, capsys, setup: str = SETUP) -> tuple:
    """The outcome of `src` with the generator off and on; they must agree."""
    got = []
    for codegen in (0, 1):
        k = KlongInterpreter(codegen=codegen)
        k(setup)
        got.append(outcome(k, src, capsys))
    assert got[0] == got[1], src
    return got[1]


def generated(k: KlongInterpreter, name: str) -> bool:
    return k[name].klong_function.direct is not None


# ---- values ----------------------------------------------------------------------------------

# (program, value); the values are kg's where kg has the case
SCALARS = [
    ("{x*x}(2^40)", "1208925819614629174706176"),
    ("{x*x*x}(2^62)", "98079714615416886934934209737619787751599303819750539264"),
    ("f::{:[x<2;x;f(x-1)+f(x-2)]};f(20)", "6765"),
    ("f::{:[x<2;1;x*f(x-1)]};f(25)", "15511210043330985984000000"),
    ("{x+y}(1;2.5)", "3.5"),
    ("{x-y}(2^62;0.5)", "4.611686018427388e+18"),
    ("{x%y}(7;2)", "3.5"),
    ("{x%y}(6;3)", "2.0"),
    ("{x%y}(1;0)", ":undefined"),
    ("{x!y}(-7;2)", "-1"),
    ("{x!y}(7;-2)", "1"),
    ("{x:%y}(-7;2)", "-3"),
    ("{x:%y}(7;-2)", "-3"),
    ("{x<y}(1;1.5)", "1"),
    ("{x>y}(2^60;1.0e18)", "1"),
    ("{x=y}(1;1.0)", "1"),
    ("{x=y}(2^53+1;2.0^53)", "0"),
    ("{x|y}(1;1.0)", "1"),
    ("{x&y}(2.5;2)", "2"),
    ("{-x}(2.5)", "-2.5"),
    ("{-x}(-2^63)", "9223372036854775808"),
    ("{~x}(0.0)", "1"),
    ("{~x}(3)", "0"),
    ("{x^y}(2;100)", "1267650600228229401496703205376"),
    ("{x<y}(0ca;0cb)", "1"),
    # a real constant on one side: inline when the other is a float
    ("{x%2.0}(7)", "3.5"),
    ("{x%0.0}(1.5)", ":undefined"),
    ("{1.5%x}(0.0)", ":undefined"),
    ("{x<0.5}(0)", "1"),
    ("{x=1.0}(1)", "1"),
    ("{x+0.5}([1 2])", "[1.5 2.5]"),
    ("{:[x>0.5;1;2]}(2^1100)", "1"),
    ("100{0.5+x*0.99}:*0.0", "31.69838293633851"),
    ('{x=y}("ab";"ab")', "1"),
    ("{x+y}([1 2];3)", "[4 5]"),
    ("{x*y}(2;[1.5 2])", "[3.0 4]"),
    ("{:[x;1;2]}(0.0)", "2"),
    ('{:[x;1;2]}("")', "2"),
    ("{:[x;1;2]}([])", "2"),
    ("{:[x;1;2]}(0ca)", "1"),
    ("{:[x<0;-1:|x>0;1;0]}(0)", "0"),
    ("{[a b];a::x;b::y;a::a+b;a*b}(2;3)", "15"),
    ("{[a];a::x;{x+1}'a}([1 2])", "[2 3]"),
    ("{+/x}(!100)", "4950"),
    ("{x{x+y}/y}(1;[2 3])", "6"),
    ("{[;x;y]}(1;2)", "[1 2]"),
    ("{(x) k2 y}(1;2)", "[1 2]"),
    ("{.f}()", ":nilad"),
    ("f::{:[x;f(x-1)+1;0]};f(5000)", "5000"),
    ("{[x];x::5;x}()", "5"),
    ("{[a];a::x;:[x>0;.f(x-1);0];a}(3)", "3"),
]


@pytest.mark.parametrize("src,value", SCALARS)
def test_values(src, value, capsys):
    assert both(src, capsys)[0] == ("value", value)


# ---- errors: kind, message, line and column as the closures give them ------------------------

ERRORS = [
    ('{x+y}(1;"a")', ("type", 'plus: type error: [1 "a"]', 1, 3)),
    ("{x+qq}(1)", ("undefined", "undefined: qq", 1, 4)),
    ("{[a];a}()", ("undefined", "undefined: a", 1, 6)),
    ("{[a];:[x;a::1;0];a}(0)", ("undefined", "undefined: a", 1, 18)),
    ("{x*y}(1e300;1e300)", ("domain", "times: domain error: overflow", 1, 3)),
    ("{x+y}(1.0;2^1100)", ("domain", "plus: domain error: overflow", 1, 3)),
    ("{x%y}(2^1100;3)", ("domain", "divide: domain error: overflow", 1, 3)),
    ("{x!y}(1;0)", ("division", "division by zero", 1, 3)),
    ("{x*1e300}(1e300)", ("domain", "times: domain error: overflow", 1, 3)),
    ("{x*2.0}(2^1100)", ("domain", "times: domain error: overflow", 1, 3)),
    ("{x%2.0}(2^1100)", ("domain", "divide: domain error: overflow", 1, 3)),
    ("{0.5-x}(0ca)", ("type", "minus: type error: [0.5 0ca]", 1, 5)),
    ("{x:%y}(1.5;2)", ("type", "integer-divide: type error: [1.5 2]", 1, 3)),
    ("{x<y}(1;0ca)", ("type", "less: type error: [1 0ca]", 1, 3)),
    ("{1::x}(2)", ("type", "define: type error: [1 2]", 1, 3)),
    ('{\n  x+\n  "a"}(1)', ("type", 'plus: type error: [1 "a"]', 2, 4)),
    ('{\n  x+\n  h("a")}(1)', ("type", 'times: type error: ["a" 2]', 1, 11)),     # in h
    ("{h(x;1)}(1)", ("arity", "wrong arity: :monad", 1, 2)),
    ("{x(1)}(2)", ("type", "call: type error: [2]", 1, 2)),
    ("{x'y}(2;[1])", ("type", "call: type error: [2]", 1, 2)),
    ("f::{f(x)};f(1)", ("limit", "recursion too deep", 1, 5)),
]


@pytest.mark.parametrize("src,expected", ERRORS)
def test_errors(src, expected, capsys):
    assert both(src, capsys)[0] == ("error",) + expected


def test_runaway_recursion_is_error_limit_and_deep_recursion_still_works():
    k = KlongInterpreter(codegen=1)
    k("f::{:[x;1+f(x-1);0]};g::{1+g(x)}")
    for _ in range(2):
        with pytest.raises(KlongError) as e:
            k("g(1)")
        assert (e.value.kind, e.value.message) == ("limit", "recursion too deep")
        assert e.value.span is not None
        assert k("f(10000)") == 10000
    assert generated(k, "f") and generated(k, "g")


# ---- evaluation order, globals, locals ---------------------------------------------------------

def test_order_of_operands_calls_and_infix_calls(capsys):
    for src, shown in [("{(p(1))+p(2)}()", "2 1 "), ("{(p(1)) k2 p(2)}()", "1 2 "),
                       ("{k2(p(1);p(2))}()", "1 2 "), ("{(p(1))k2/p([2 3])}()", "[2 3] 1 "),
                       ("{[;p(1);p(2)]}()", "1 2 "), ("{:[p(0);p(1):|p(2);p(3);p(4)]}()",
                                                      "0 2 3 ")]:
        assert both(src, capsys)[1] == shown, src


def test_a_global_is_read_at_each_use(capsys):
    assert both("{g+{g::10;1}()}()", capsys)[0] == ("value", "11")
    assert both("{({g::10;1}())+g}()", capsys)[0] == ("value", "6")
    k = KlongInterpreter(codegen=1)
    k("f::{x+1};c::{f(x)}")
    assert k("c(1)") == 2
    k("f::{x*10}")                          # the call site's cache must not keep the old f
    assert k("c(1)") == 10
    k("f::{x,y}(;7)")                       # nor assume it is a function literal
    assert written(k("c(1)")) == "[1 7]"
    k("f::3")
    with pytest.raises(KlongError) as e:
        k("c(1)")
    assert (e.value.kind, e.value.message) == ("type", "call: type error: [3]")
    assert generated(k, "c")


def test_each_call_has_its_own_locals():
    k = KlongInterpreter(codegen=1)
    k("f::{[a];a::x;:[x>0;f(x-1);0];a}")
    assert k("f(5)") == 5
    assert generated(k, "f")


def test_a_literal_whose_locals_a_nested_literal_reads_keeps_the_closures():
    k = KlongInterpreter(codegen=1)
    k("f::{[a];a::x;{x+a}'!3};g::{x(1;)};h::{[a];a::x;{a::a+1}();a};k2::{x,y}")
    assert written(k("f(10)")) == "[10 11 12]"
    assert written(k("g(k2)")) == written(KlongInterpreter()("k2::{x,y};k2(1;)"))
    assert k("h(1)") == 2
    assert not generated(k, "f") and not generated(k, "g") and not generated(k, "h")


def test_a_nested_literal_reads_an_enclosing_local_from_generated_code():
    k = KlongInterpreter(codegen=1)
    k("f::{[a];a::x;{x+a}'!3}")        # the inner literal is generated, the outer is not
    assert written(k("f(10)")) == "[10 11 12]"
    k("f::{[a];a::x;{a::a*2;a}();a}")
    assert k("f(4)") == 8


def test_projections_inside_generated_code():
    k = KlongInterpreter(codegen=1)
    k("f::{k2(1;)@x};k2::{x,y}")         # (an x among a projection's fixed arguments
    assert written(k("f(2)")) == "[1 2]"   # would be the projection's own parameter)
    assert generated(k, "f")


def test_modules_read_the_keys_the_closures_chose():
    k = KlongInterpreter(codegen=1)
    k(".module(:m);v::1;get::{v};put::{v::x};.module(0)")
    assert k("get()") == 1
    k("put(5)")
    assert k("get()") == 5
    assert generated(k, "get") and generated(k, "put")


def test_the_default_generates_a_function_at_its_eighth_call():
    k = KlongInterpreter(codegen=None)
    k("f::{x+1}")
    for i in range(7):
        k("f(1)")
    assert not generated(k, "f")
    k("f(1)")
    assert generated(k, "f")
    k = KlongInterpreter(codegen=0)
    k("f::{x+1};f'!100")
    assert not generated(k, "f")


def test_the_environment_chooses(monkeypatch):
    monkeypatch.setenv("KLONG_CODEGEN", "0")
    k = KlongInterpreter()
    k("f::{x+1};f'!100")
    assert not generated(k, "f")
    monkeypatch.setenv("KLONG_CODEGEN", "1")
    k = KlongInterpreter()
    k("f::{x+1};f(1)")
    assert generated(k, "f")


# ---- interrupts --------------------------------------------------------------------------------

def test_ctrl_c_in_generated_code_is_error_interrupt_and_restores_globals():
    k = KlongInterpreter(codegen=1)
    k("n::0;step::{n::n+1;x+1}")
    k("step(0)")
    assert generated(k, "step")
    timer = threading.Timer(0.3, _thread.interrupt_main)
    timer.start()
    try:
        with pytest.raises(KlongError) as e:
            k("{1}{step(x)}:~0")
    finally:
        timer.cancel()
    assert e.value.kind == "interrupt"
    assert k("n") == 1                  # the interrupted line's assignments are undone


# ---- random programs ----------------------------------------------------------------------------

ATOMS = ["x", "y", "a", "g", "0", "1", "2", "-3", "1.5", "(2^62)", "(-2^63)", "0ca", '"ab"',
         "[1 2]", "[]", "1e300", "7", "q"]
MONADS = ["-", "~", "#", "*", "%", "_", "!", "&", "|", ","]
DYADS = ["+", "-", "*", "%", "!", ":%", "<", ">", "=", "|", "&", "^", ",", "#", "@", "~", "::"]


def _expr(inner):
    s = st.sampled_from
    return st.one_of(
        st.builds(lambda v, e: f"{v}{e}", s(MONADS), inner),
        st.builds(lambda a, v, b: f"({a}){v}{b}", inner, s(DYADS), inner),
        st.builds(lambda c, t, e: f":[{c};{t};{e}]", inner, inner, inner),
        st.builds(lambda n, e: f"{n}::{e}", s(["a", "g"]), inner),
        st.builds(lambda f, e: f"{f}({e})", s(["h", "{x+a}", "{[b];b::x;b*2}", ".f", "p"]),
                  inner),
        st.builds(lambda a, b: f"k2({a};{b})", inner, inner),
        st.builds(lambda a, b: f"({a}) k2 {b}", inner, s(["x", "g", "1"])),
        st.builds(lambda v, e: f"{v}{e}", s(["+/", "{x+1}'", "h'", "k2(;1)@"]), inner),
    )


PROGRAMS = st.lists(st.recursive(st.sampled_from(ATOMS), _expr, max_leaves=10),
                    min_size=1, max_size=3).map(lambda es: "{[a];" + ";".join(es) + "}")
ARGS = st.sampled_from(["1;2", "0;1.5", "3;[1 2]", "(2^62);2", "-5;0ca"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PROGRAMS, ARGS)
def test_random_functions_agree_with_the_closures(body, args):
    got = []
    for codegen in (0, 1):
        k = KlongInterpreter(codegen=codegen)
        k(SETUP.replace('{.d(x);.d(" ");x}', "{x}"))     # (p prints nothing here)
        try:
            k("F::" + body)
        except KlongError as e:
            got.append(("syntax", e.kind))
            continue
        arity = k["F"].klong_function.arity
        call = "F(" + ";".join(args.split(";")[:arity]) + ")" if arity else "F()"
        try:
            res: tuple = ("value", written(k(call)))
        except KlongError as e:
            # where a runaway recursion finds the stack's end depends on the frames used
            res = ("error", e.kind, e.message) + (() if e.kind == "limit" else
                                                  (e.line, e.column))
        got.append((res, written(k("g")), written(k("a")) if "a" in k else None))
    assert got[0] == got[1]


# ---- the torch backend: numbers are Python numbers there too, tensors take the verbs -----------

def test_torch_numbers_and_tensors():
    for src, value in [("{x*x}(2^40)", "1208925819614629174706176"), ("{x%y}(7;2)", "3.5"),
                       ("{x+y}([1 2];3)", "[4 5]"), ("{x<y}(1;1.5)", "1"),
                       ("f::{:[x<2;x;f(x-1)+f(x-2)]};f(15)", "610")]:
        for codegen in (0, 1):
            k = KlongInterpreter(backend="torch", codegen=codegen)
            assert written(k(src)) == value, (src, codegen)
