"""Unit tests of the parser (language document §3): AST shapes of the right-to-left grammar,
calls and projections, conditionals, locals, arity inference, newline rules, `.comment`,
spans of nodes, `parse` errors and `parse_tolerant` recovery."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from klong.errors import KlongError, KlongSyntaxError, Span
from klong.interpreter import KlongInterpreter
from klong.syntax import ast as A
from klong.syntax.data import DictLit, ListLit
from klong.syntax.parser import parse, parse_lines, parse_tolerant
from klong.values import Symbol


def sx(node):
    """A compact, comparable form of an AST node."""
    if node is None:
        return None
    if isinstance(node, A.Const):
        return node.value
    if isinstance(node, A.Name):
        return node.name
    if isinstance(node, A.Prim):
        return ("prim", node.op)
    if isinstance(node, A.Adverbed):
        return ("adv", sx(node.verb), node.adverbs)
    if isinstance(node, A.Monad):
        return ("monad", sx(node.verb), sx(node.arg))
    if isinstance(node, A.Dyad):
        return ("dyad", sx(node.verb), sx(node.left), sx(node.right))
    if isinstance(node, A.Call):
        return ("call", sx(node.fn), tuple(sx(a) for a in node.args))
    if isinstance(node, A.Lambda):
        return ("fn", node.arity, node.locals, tuple(sx(e) for e in node.body.exprs))
    if isinstance(node, A.Cond):
        return ("cond", tuple((sx(c), sx(t)) for c, t in node.clauses), sx(node.otherwise))
    if isinstance(node, A.Assign):
        return ("set", node.name, sx(node.value))
    if isinstance(node, A.Data):
        return ("data", _datum(node.datum))
    if isinstance(node, A.EvList):
        return ("evlist", tuple(sx(e) for e in node.items))
    if isinstance(node, A.Program):
        return tuple(sx(e) for e in node.exprs)
    raise AssertionError(f"unknown node {node!r}")


def _datum(d):
    if isinstance(d, ListLit):
        return [_datum(v) for v in d.items]
    if isinstance(d, DictLit):
        return {"dict": [(_datum(k), _datum(v)) for k, v in d.pairs]}
    return d


def p1(src: str):
    """The single top-level expression of `src`, in compact form."""
    prog = parse(src)
    assert len(prog.exprs) == 1, prog.exprs
    return sx(prog.exprs[0])


def node1(src: str):
    prog = parse(src)
    assert len(prog.exprs) == 1
    return prog.exprs[0]


def perr(src: str) -> KlongError:
    with pytest.raises(KlongError) as ei:
        parse(src)
    assert isinstance(ei.value, KlongSyntaxError)
    assert ei.value.kind == "syntax"
    return ei.value


def P(op):
    return ("prim", op)


def D(op, a, b):
    return ("dyad", P(op), a, b)


def M(op, a):
    return ("monad", P(op), a)


# ---- right to left ----------------------------------------------------------------------

def test_dyads_are_right_associative():
    assert p1("1-2-3") == D("-", 1, D("-", 2, 3))
    assert KlongInterpreter()("1-2-3") == 2


def test_parentheses_group():
    assert p1("(1-2)-3") == D("-", D("-", 1, 2), 3)
    assert p1("((1))") == 1


def test_monad_takes_everything_to_its_right():
    assert p1("-1+2") == M("-", D("+", 1, 2))
    assert KlongInterpreter()("-1+2") == -3


def test_valence_by_position():
    assert p1("2*-3") == D("*", 2, M("-", 3))
    assert p1("#a,b") == M("#", D(",", "a", "b"))
    assert p1("a:=b") == D(":=", "a", "b")
    assert p1("- - 1") == M("-", M("-", 1))


def test_name_in_verb_position_is_a_dyadic_call():
    assert p1("a f b") == ("dyad", "f", "a", "b")
    assert p1("a b c") == ("dyad", "b", "a", "c")
    assert p1("1 f 2 g 3") == ("dyad", "f", 1, ("dyad", "g", 2, 3))


def test_lambda_in_verb_position():
    assert p1("2 {x*y} 3") == ("dyad", ("fn", 2, (), (D("*", "x", "y"),)), 2, 3)
    assert KlongInterpreter()("2 {x*y} 3") == 6


def test_name_followed_by_a_verb_is_an_operand():
    assert p1("f+1") == D("+", "f", 1)


# ---- adverbs ----------------------------------------------------------------------------------

def test_each_monadic():
    assert p1("f'x") == ("monad", ("adv", "f", ("'",)), "x")


def test_each_dyadic():
    assert p1("a f'b") == ("dyad", ("adv", "f", ("'",)), "a", "b")


def test_over_with_primitive():
    assert p1("+/x") == ("monad", ("adv", P("+"), ("/",)), "x")
    assert p1("0+/x") == ("dyad", ("adv", P("+"), ("/",)), 0, "x")


def test_adverb_chain_left_to_right():
    assert p1("+/'x") == ("monad", ("adv", P("+"), ("/", "'")), "x")
    assert p1(",/:~x") == ("monad", ("adv", P(","), ("/", ":~")), "x")


@pytest.mark.parametrize("adv", ["'", "/", "\\", ":'", ":\\", ":/", ":~", ":*", "\\~", "\\*"])
def test_every_adverb_attaches(adv):
    assert p1(f"a +{adv} b") == ("dyad", ("adv", P("+"), (adv,)), "a", "b")
    assert p1(f"{{x}}{adv}b") == ("monad", ("adv", ("fn", 1, (), ("x",)), (adv,)), "b")


def test_adverb_on_a_call_result_and_projection():
    assert p1("f(1;)'x") == ("monad", ("adv", ("call", "f", (1, None)), ("'",)), "x")


def test_adverb_without_verb_is_an_error():
    assert perr("'x").kind == "syntax"
    assert perr("1 /2").span.col == 3


# ---- calls and projections -------------------------------------------------------------------

def test_calls():
    assert p1("f()") == ("call", "f", ())
    assert p1("f(1)") == ("call", "f", (1,))
    assert p1("f(1;2)") == ("call", "f", (1, 2))
    assert p1("f(1;2;3)") == ("call", "f", (1, 2, 3))
    assert p1("f(1+2;-3)") == ("call", "f", (D("+", 1, 2), M("-", 3)))
    assert p1("{x}(5)") == ("call", ("fn", 1, (), ("x",)), (5,))


def test_old_call_spelling():
    assert p1("f:(1;2)") == ("call", "f", (1, 2))
    assert KlongInterpreter()("{x+1}:(2)") == 3


def test_four_arguments_are_a_syntax_error():
    perr("f(1;2;3;4)")


@pytest.mark.parametrize("src, args", [
    ("f(;2)", (None, 2)),
    ("f(1;)", (1, None)),
    ("f(;;3)", (None, None, 3)),
    ("f(;2;)", (None, 2, None)),
    ("f(1;;)", (1, None, None)),
    ("f(1;2;)", (1, 2, None)),
])
def test_projections(src, args):
    node = node1(src)
    assert isinstance(node, A.Call) and node.is_projection
    assert sx(node) == ("call", "f", args)


def test_projection_called_at_once():
    assert p1("{x-y}(;10)(3)") == (
        "call", ("call", ("fn", 2, (), (D("-", "x", "y"),)), (None, 10)), (3,))
    assert KlongInterpreter()("{x-y}(;10)(3)") == -7


@pytest.mark.parametrize("src", ["f(;)", "f(;;)", "{x}(;)"])
def test_all_slots_empty(src):
    e = perr(src)
    assert e.message == "too few arguments in projection"


def test_call_result_cannot_be_called_again():
    e = perr("f(1)(2)")
    assert e.message == "dyad expected: :("
    assert (e.span.line, e.span.col) == (1, 5)


def test_arguments_of_a_call_inside_a_function_count_for_its_arity():
    assert node1("{f(x;y)}").arity == 2


@pytest.mark.parametrize("src, arity", [
    ("{f(g(y);x)}", 2), ("{f(g(;y);x)}", 1), ("{f(g(z);)}", 0), ("{f(;g(z))}", 0),
    ("{f(g(h(z)))}", 3), ("{f({y}(x))}", 1),
])
def test_arity_through_nested_calls_and_projections(src, arity):
    assert node1(src).arity == arity


# ---- assignment -------------------------------------------------------------------------------

def test_assignment():
    assert p1("a::1+2") == ("set", "a", D("+", 1, 2))
    assert p1("a::b::0") == ("set", "a", ("set", "b", 0))


def test_assignment_spans():
    node = node1("ab::123")
    assert (node.span, node.name_span) == (Span(1, 1, 0, 7), Span(1, 1, 0, 2))
    spaced = node1("ab :: 3")
    assert (spaced.span, spaced.name_span) == (Span(1, 1, 0, 7), Span(1, 1, 0, 2))


@pytest.mark.parametrize("src", ["1 f::2", "1 f ::2"])
def test_a_name_after_an_operand_is_a_dyad_even_when_written_before_assignment(src):
    e = perr(src)
    assert e.message == "expected monad, got: :::"
    assert (e.span.col, e.span.length) == (src.index("::") + 1, 2)


@pytest.mark.parametrize("src", ["a::1", "a ::1", "a:: 1", "a :: 1"])
def test_assignment_written_together_or_apart(src):
    assert p1(src) == ("set", "a", 1)
    assert node1(src).name_span == Span(1, 1, 0, 1)


def test_assigning_x_in_a_function_is_reported_before_an_error_in_the_value():
    for src in ("{x::1+}", "{x ::1+}"):
        e = perr(src)
        assert e.message == "'x' is read-only"
        assert (e.span.line, e.span.col, e.span.length) == (1, 2, 1)


def test_assignment_to_a_non_name_parses_as_define_verb():
    assert p1("1::2") == D("::", 1, 2)


@pytest.mark.parametrize("src, name, col", [
    ("{x::1}", "x", 2), ("{y::1;y}", "y", 2), ("{1+z::2}", "z", 4), ("{{x::1}}", "x", 3),
])
def test_assignment_to_parameters_is_read_only(src, name, col):
    e = perr(src)
    assert e.message == f"'{name}' is read-only"
    assert e.span.col == col


def test_assignment_to_x_at_top_level_is_allowed():
    assert p1("x::1") == ("set", "x", 1)


# ---- conditionals ---------------------------------------------------------------------------

def test_conditional():
    assert p1(":[a;1;2]") == ("cond", (("a", 1),), 2)


def test_conditional_with_else_if():
    assert p1(":[a;1:|b;2;3]") == ("cond", (("a", 1), ("b", 2)), 3)
    assert p1(":[a;1:|b;2:|c;3;4]") == ("cond", (("a", 1), ("b", 2), ("c", 3)), 4)


def test_conditional_parts_are_full_expressions():
    assert p1(":[x>1;x-1;-x]") == ("cond", ((D(">", "x", 1), D("-", "x", 1)),), M("-", "x"))


@pytest.mark.parametrize("src", [":[1;2]", ":[1]", ":[1;2;3;4]", ":[1;2:|3]", ":[1;2;3"])
def test_malformed_conditionals(src):
    perr(src)


# ---- function literals, locals, arity ------------------------------------------------------

@pytest.mark.parametrize("src, arity", [
    ("{1}", 0), ("{x}", 1), ("{y}", 2), ("{z}", 3), ("{x+z}", 3), ("{x*y}", 2),
    ("{{x}}", 0), ("{{y}(x)}", 1), ("{{x+y+z}(1;2;3)}", 0), ("{x(;y)}", 1),
    ('{"x y z"}', 0), ("{:x}", 0), ("{[x y]}", 0), ("{:{[y z]}}", 0), ("{[a];a::y}", 2),
    ("{:[x;y;z]}", 3), ("{f(;;z)}", 0), ("{x'y}", 2), ("{.f(x)}", 1), ("{xy}", 0),
    ("{[;x;y]}", 2), ("{[a b];z}", 3),
])
def test_arity_inference(src, arity):
    node = node1(src)
    assert isinstance(node, A.Lambda)
    assert node.arity == arity


def test_nested_literal_has_its_own_arity():
    outer = node1("{{y}(x)}")
    inner = outer.body.exprs[0].fn
    assert (outer.arity, inner.arity) == (1, 2)


def test_locals():
    node = node1("{[a b]; a::x; b::2; a+b}")
    assert node.locals == ("a", "b")
    assert node.arity == 1
    assert len(node.body.exprs) == 3


def test_locals_list_without_semicolon_is_the_body():
    node = node1("{[a b]}")
    assert node.locals == ()
    assert sx(node) == ("fn", 0, (), (("data", [Symbol("a"), Symbol("b")]),))
    assert [str(s) for s in KlongInterpreter()("{[a b]}()")] == ["a", "b"]


def test_locals_must_come_first():
    node = node1("{1;[a];a}")
    assert node.locals == ()


# x y z declared as locals (§7.3) are ordinary locals: assignable, not counted in the arity,
# also where a nested literal or a projection slot uses them (arities as kg gives them)
@pytest.mark.parametrize("src, arity", [
    ("{[y];y::x;y*2}", 1), ("{[z];z::1;x+z}", 1), ("{[x];x::5;x}", 0), ("{[y];y}", 0),
    ("{[x y z];x::1;y::2;z::3;x+y+z}", 0), ("{[x];y}", 2), ("{[x];z}", 3),
    ("{[a y];y::x;a::y}", 1), ("{[y];y::x;{x-y}}", 1), ("{[y];{y::7}();y}", 0),
    ("{[y];y::x;{x+y}(;1)}", 1), ("{[y];y::x;f(;y)}", 1), ("{[y];y::x;f(y)}", 1),
    ("{[y];y::x;y'[1 2]}", 1), ("{{[y];y::x;y}(x+1)}", 1),
])
def test_declared_xyz_are_not_parameters(src, arity):
    node = node1(src)
    assert node.arity == arity


@pytest.mark.parametrize("src, inner", [
    ("{[y];y::x;{x-y}}", 1),            # the inner y is the outer local (kg: a monad)
    ("{[x];x::5;{x+1}}", 0),
    ("{[x];x::5;{y+x}}", 2),
    ("{[y];y::5;{x+{y}()}}", 1),        # two levels down
    ("{[y];{z}}", 3),
    ("{y;{[y];y::1;y}}", 0),            # declared by the inner literal only
])
def test_a_nested_literal_sees_the_declared_xyz_of_its_definers(src, inner):
    node = node1(src)
    lam = node.body.exprs[-1]
    while not isinstance(lam, A.Lambda):
        lam = lam.right if isinstance(lam, A.Dyad) else lam.arg
    assert lam.arity == inner


def test_the_outer_literal_counts_y_when_only_the_inner_one_declares_it():
    assert node1("{y;{[y];y::1;y}}").arity == 2


@pytest.mark.parametrize("src, name, col", [
    ("{[y];x::1}", "x", 6),            # declaring y does not free x
    ("{[y];1}(0);{y::1}", "y", 13),    # the declaration is the literal's own
    ("{{[y];y::1};y::2}", "y", 13),    # an inner declaration does not reach out
])
def test_undeclared_xyz_stay_read_only(src, name, col):
    e = perr(src)
    assert (e.message, e.span.col) == (f"'{name}' is read-only", col)


@pytest.mark.parametrize("src", ["{[y];y ::1}", "{[y];(y)::1}", "{[y];{y::1}}",
                                 "{[z];1 {z::x} 2}"])
def test_declared_xyz_can_be_assigned_in_any_spelling_and_nested(src):
    parse(src)


def test_a_declaration_after_a_syntax_error_is_forgotten():
    _, errors = parse_tolerant("{[y];y::1;+}\n{y::2}")
    assert [e.message for e in errors] == ["monad expected: :}", "'y' is read-only"]


def test_empty_function():
    assert p1("{}") == ("fn", 0, (), ())


def test_function_body_needs_semicolons_between_expressions():
    e = perr("{1\n2}")
    assert (e.span.line, e.span.col) == (2, 1)


@pytest.mark.parametrize("src", ["{1;}", "{", "{x", "}", "{1 2}"])
def test_malformed_functions(src):
    perr(src)


# ---- data and evaluated lists ----------------------------------------------------------------

def test_list_literal_node():
    assert p1("[1 a [2]]") == ("data", [1, Symbol("a"), [2]])
    assert p1(":{[1 2]}") == ("data", {"dict": [(1, 2)]})


def test_evaluated_list():
    assert p1("[;a;b]") == ("evlist", ("a", "b"))
    assert p1("[;1;2+3]") == ("evlist", (1, D("+", 2, 3)))
    assert p1("[ ;a]") == ("evlist", ("a",))
    assert list(KlongInterpreter()("a::10;[;a;a*2]")) == [10, 20]


def test_evaluated_list_spans_lines():
    assert p1("[;1\n;2]") == ("evlist", (1, 2))


def test_a_verb_alone_is_not_a_value():
    assert perr("(+)").message == "monad expected: :)"
    perr("f::+")
    perr("+")


# ---- juxtaposition, separators, bad tokens ----------------------------------------------------

@pytest.mark.parametrize("src, message, col", [
    ("1 2", "syntax error: 2", 3),
    ("f 3", "syntax error: 3", 3),
    ("1 2 3", "syntax error: 2", 3),
    ('"a" "b"', 'syntax error: "b"', 5),
    ("1+", "syntax error: :eof", 3),
    ("(1", "expected :), got: :eof", 3),
    ("1)", "syntax error: :)", 2),
    (")", "monad expected: :)", 1),
    ("1;;2", "monad expected: :;", 3),           # kg's wording
    ("1;", "syntax error: :eof", 3),
])
def test_syntax_error_messages(src, message, col):
    e = perr(src)
    assert e.message == message
    assert (e.span.line, e.span.col) == (1, col)


def test_unassigned_digraph_messages_by_position():
    assert perr(":!1").message == "expected monad, got: ::!"
    e = perr("1:&2")
    assert e.message == "dyad expected: ::&"
    assert e.span == Span(1, 2, 1, 2)


def test_sequence_of_expressions():
    assert parse("1;2;3").exprs.__len__() == 3
    assert sx(parse("a::1;a+1")) == (("set", "a", 1), D("+", "a", 1))


# ---- newline rules (file mode) -----------------------------------------------------------------

def test_newline_ends_a_statement():
    assert sx(parse("a::1\nb::2")) == (("set", "a", 1), ("set", "b", 2))
    assert sx(parse("\n\n1\n\n2\n")) == (1, 2)
    assert sx(parse("a::1\r\nb::2\r\n")) == (("set", "a", 1), ("set", "b", 2))


def test_newline_after_a_dyad_is_an_error():
    e = perr("1+\n2")
    assert (e.span.line, e.span.col) == (1, 3)


@pytest.mark.parametrize("src, expected", [
    ("{x+\ny}", ("fn", 2, (), (D("+", "x", "y"),))),
    ("{[a];\n a::x;\n a*2}", ("fn", 1, ("a",), (("set", "a", "x"), D("*", "a", 2)))),
    (":[1;\n2;\n3]", ("cond", ((1, 2),), 3)),
    ("[1\n2]", ("data", [1, 2])),
    (":{[1 2]\n[3 4]}", ("data", {"dict": [(1, 2), (3, 4)]})),
    ("{f(1;\n2)}", ("fn", 0, (), (("call", "f", (1, 2)),))),
    ("{(1\n+2)}", ("fn", 0, (), (D("+", 1, 2),))),
])
def test_newlines_are_blanks_inside_braces_brackets_and_conditionals(src, expected):
    assert p1(src) == expected


@pytest.mark.parametrize("src", ["(1\n+2)", "f(1;\n2)", "(\n1)"])
def test_parentheses_do_not_continue_a_line(src):
    e = perr(src)
    assert e.span.line == 1


def test_statement_spans_lines_inside_function():
    prog = parse("avg::{[s];\n      s::+/x;\n      s%#x}\navg([1 2 3])")
    assert len(prog.exprs) == 2
    assert prog.exprs[1].span.line == 4


# ---- .comment ---------------------------------------------------------------------------------

def test_comment_block_is_skipped():
    src = '.comment("END")\nthis is (( not klong "\nEND of it\n1+1'
    prog = parse(src)
    assert len(prog.exprs) == 2
    assert sx(prog.exprs[1]) == D("+", 1, 1)
    assert prog.exprs[1].span.line == 4
    assert KlongInterpreter()(src) == 2


def test_comment_block_value_is_the_marker():
    assert KlongInterpreter()('.comment("END")\nEND') == "END"


def test_indented_marker_does_not_end_the_block():
    src = '.comment("END")\n  END\n)))\nEND\n7'
    assert sx(parse(src)) == (("call", ".comment", ("END",)), 7)


def test_comment_block_with_other_marker():
    assert sx(parse('.comment("--")\nEND\n--\n5')) == (("call", ".comment", ("--",)), 5)


def test_undelimited_comment():
    e = perr('1\n.comment("END")\nno end here')
    assert e.message == "undelimited comment (line 2)"
    assert e.span.line == 2


# ---- node spans -----------------------------------------------------------------------------

def test_leaf_spans():
    prog = parse("ab+12.5")
    d = prog.exprs[0]
    assert d.left.span == Span(1, 1, 0, 2)
    assert d.verb.span == Span(1, 3, 2, 1)
    assert d.right.span == Span(1, 4, 3, 4)


def test_verb_spans_are_within_their_applications():
    for src in ["a+b", "-a", "a f b", "+/a", "a f'b"]:
        node = node1(src)
        v = node.verb
        assert node.span.offset <= v.span.offset
        assert v.span.end() <= node.span.end()


def test_call_span_runs_to_the_closing_paren():
    node = node1("  foo(1;2)")
    assert node.span == Span(1, 3, 2, 8)
    assert node.fn.span == Span(1, 3, 2, 3)
    assert [a.span.col for a in node.args] == [7, 9]


def test_lambda_and_cond_spans():
    lam = node1("{x+\n1}")
    assert (lam.span.line, lam.span.col, lam.span.offset, lam.span.length) == (1, 1, 0, 6)
    cond = node1(":[1;2;3]")
    assert cond.span == Span(1, 1, 0, 8)


def test_assign_spans():
    node = node1("abc::1+2")
    assert node.name_span == Span(1, 1, 0, 3)
    assert node.span.offset == 0 and node.span.line == 1 and node.span.col == 1


def test_data_span():
    node = node1("  [1 2\n 3]")
    assert node.span.offset == 2
    assert (node.span.line, node.span.col) == (1, 3)


def test_spans_on_later_lines():
    prog = parse("a::1\n  b::a+2\n\nc")
    b = prog.exprs[1]
    assert b.name_span == Span(2, 3, 7, 1)
    assert b.value.verb.span == Span(2, 7, 11, 1)
    assert prog.exprs[2].span == Span(4, 1, 15, 1)


def test_program_span_covers_the_source():
    prog = parse("1+2\n3")
    assert prog.span.offset == 0 and prog.span.length == 5


# ---- parse_tolerant -----------------------------------------------------------------------------

def test_parse_tolerant_clean_file():
    prog, errors = parse_tolerant("a::1\nb::2")
    assert errors == []
    assert sx(prog) == (("set", "a", 1), ("set", "b", 2))


def test_parse_tolerant_collects_errors_and_keeps_good_statements():
    src = "a::1\n1 2\nb::3\n(1\nc::4\nd::\"open"
    prog, errors = parse_tolerant(src)
    assert [e.span.line for e in errors] == [2, 4, 6]
    assert [e.message for e in errors] == [
        "syntax error: 2", "expected :), got: :eol", "missing end of string"]
    assert all(isinstance(e, KlongSyntaxError) and e.kind == "syntax" for e in errors)
    assert sx(prog) == (("set", "a", 1), ("set", "b", 3), ("set", "c", 4))


def test_parse_tolerant_errors_in_functions():
    src = "f::{x+}\ng::{x}\nh::{y::1}\n:[1;2]\nk::5"
    prog, errors = parse_tolerant(src)
    assert [e.span.line for e in errors] == [1, 3, 4]
    assert [sx(e)[1] for e in prog.exprs] == ["g", "k"]


def test_parse_tolerant_lexical_error_inside_a_statement():
    prog, errors = parse_tolerant('a::1 1.2.3\nb::"x\nc::0x\nd::2')
    assert [e.span.line for e in errors] == [1, 2, 3]
    assert [e.message for e in errors] == [
        'invalid number: "1.2.3"', "missing end of string", 'invalid number: "0x"']
    assert sx(prog) == (("set", "d", 2),)


LEXICAL_ERROR_FIRST = ["1.2.3", "0x", ':"open comment', '"open string', "0c", "x\n1.2.3\ny",
                       "[1 2", ":{[1]}"]


@pytest.mark.parametrize("src", LEXICAL_ERROR_FIRST)
def test_parse_tolerant_lexical_error_at_statement_start(src):
    prog, errors = parse_tolerant(src)
    assert len(errors) == 1
    assert errors[0].kind == "syntax"


def test_parse_tolerant_errors_in_functions_and_lexemes():
    src = "f::{x+}\ng::{x}\n1.2.3\nh::{y::1}\n:[1;2]\nk::5"
    prog, errors = parse_tolerant(src)
    assert [e.span.line for e in errors] == [1, 3, 4, 5]
    assert [sx(e)[1] for e in prog.exprs] == ["g", "k"]


def test_parse_tolerant_matches_parse_on_the_first_error():
    src = "1\n2 3\n)"
    with pytest.raises(KlongSyntaxError) as ei:
        parse(src)
    _, errors = parse_tolerant(src)
    assert len(errors) == 2
    assert errors[0].message == ei.value.message
    assert errors[0].span == ei.value.span


def test_parse_tolerant_multiline_function_error():
    src = "f::{[a];\n a::x;\n a 1}\nb::2"
    prog, errors = parse_tolerant(src)
    assert len(errors) >= 1
    assert errors[0].span.line == 3
    assert ("set", "b", 2) in sx(prog)


def test_parse_tolerant_never_raises_on_garbage():
    for src in ["", "\n", "(((", "]]]", "}{", "::::", "\\\\", "[;", "1 :{[", "1 :\"", "1 \"",
                ':"', '"', "0c", ":{[", "٣", "\x00"]:
        prog, errors = parse_tolerant(src)
        assert isinstance(prog, A.Program)
        assert all(isinstance(e, KlongError) for e in errors)


# pieces of one-line statements: valid, invalid, brackets left open or closed twice
_LINE_PIECES = ["a::1", "f::{x+y}", "g::{[a];a::x;a*2}", '"s"', ':"c"', "[1 2 3]", ":{[1 2]}",
                "{", "}", "[", "]", '"', ":[x;1;0]", "[;1;2]", " ", ";", "::", "0c[", "0cc",
                "x", "+/", "1", "2.5", "(", ")", "f(1;2)", "f(;2)", "1 f::2", ":a", "::{x}",
                "a::[1 :[ 2]", "$", "\\", "'", ":=", "1e", "0x1F", "10c", "y::z", "@"]


def _programs(lines):
    return repr([parse_tolerant(line)[0] for line in lines])


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_LINE_PIECES), max_size=6).map("".join),
                min_size=1, max_size=8))
def test_lines_parse_as_one_text_like_each_alone(pieces):
    lines = [p + "\n" for p in pieces]
    alone_ok = not any(parse_tolerant(line)[1] for line in lines)
    together = parse_lines(lines)
    assert (together is not None) == alone_ok, lines
    if together is not None:
        assert repr(together) == _programs(lines)


def test_parse_lines_gives_each_line_its_own_spans():
    lines = ["a::1;b::2\n", "\n", "f::{x*y}\n", 's::"a ""b"""\n', "w::[1 2]\n"]
    got = parse_lines(lines)
    assert got is not None and repr(got) == _programs(lines)
    assert got[2].exprs[0].value.span == Span(1, 4, 3, 5)
    assert got[1].exprs == ()


def test_parse_lines_declines_what_each_line_alone_would_not_give():
    assert parse_lines(["f::{x+\n", "1}\n"]) is None       # one statement over two lines
    assert parse_lines(["a::1\n", "b::)\n"]) is None         # a syntax error
    assert parse_lines(["a::1"]) is None                      # no newline
    assert parse_lines(["a::1\nb::2\n"]) is None              # two lines in one
    assert parse_lines(['.comment("E")\n', "E\n"]) is None   # the block spans lines
