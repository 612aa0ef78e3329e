"""The scope analysis (klong/syntax/symtable.py): bindings with kinds and spans."""
from klong.syntax import symtable as ST
from klong.syntax.parser import parse


def table(src):
    return ST.build(parse(src))


def occ(src):
    """(text at the span, kind, scope index, is_def) for every occurrence, in text order."""
    return [(src[o.offset:o.offset + o.length], o.kind, o.scope, o.is_def)
            for o in table(src).symbols]


def test_globals_locals_and_parameters():
    src = "a::1;f::{[b];b::x+a;b}"
    assert occ(src) == [("a", ST.GLOBAL, -1, True), ("f", ST.GLOBAL, -1, True),
                        ("b", ST.LOCAL, 0, True), ("x", ST.PARAM, 0, False),
                        ("a", ST.GLOBAL, -1, False), ("b", ST.LOCAL, 0, False)]


def test_scopes_have_kind_locals_parent_span_and_arity():
    src = "f::{[a];{[b];a+b+y}}"
    scopes = table(src).scopes
    assert [(s.kind, s.locals, s.parent, s.arity) for s in scopes] == [
        (ST.FUNCTION, ("a",), -1, 0), (ST.FUNCTION, ("b",), 0, 2)]
    assert [src[s.start:s.end] for s in scopes] == ["{[a];{[b];a+b+y}}", "{[b];a+b+y}"]


def test_nested_literals_nearest_declaring_literal():
    src = "{[a];a::1;{[a];a::2;{a}}}"
    assert [(k, s) for _, k, s, _ in occ(src)] == [
        (ST.LOCAL, 0), (ST.LOCAL, 1), (ST.LOCAL, 1)]


def test_declared_xyz_are_locals_not_parameters():
    src = "{[y];y::x;y*2}"
    assert occ(src) == [("y", ST.LOCAL, 0, True), ("x", ST.PARAM, 0, False),
                        ("y", ST.LOCAL, 0, False)]
    # an undeclared x in a nested literal is that literal's parameter, a declared one the
    # outer local
    assert [(k, s) for _, k, s, _ in occ("{[x];x::1;{x}}")] == [
        (ST.LOCAL, 0), (ST.LOCAL, 0)]
    assert [(k, s) for _, k, s, _ in occ("{{x}}")] == [(ST.PARAM, 1)]


def test_top_level_xyz_are_globals():
    assert occ("x::1;x") == [("x", ST.GLOBAL, -1, True), ("x", ST.GLOBAL, -1, False)]


def test_projection_inside_a_literal_is_a_scope_of_its_empty_slots():
    src = "{f(;x)}"
    t = table(src)
    assert [(s.kind, s.args, s.parent) for s in t.scopes] == [
        (ST.FUNCTION, ("x", "y", "z"), -1), (ST.PROJECTION, ("x",), 0)]
    assert occ(src) == [("f", ST.GLOBAL, -1, False), ("x", ST.PARAM, 1, False)]
    # at the top level a projection makes no scope
    assert table("f(;1)").scopes == []


def test_system_and_module_names():
    src = ".module(:m);a::1;.p(a);.module(0);a"
    assert [(k, o.module) for (_, k, _, _), o in zip(occ(src), table(src).symbols)] == [
        (ST.SYSTEM, None), (ST.MODULE, "m"), (ST.SYSTEM, "m"), (ST.MODULE, "m"),
        (ST.SYSTEM, "m"), (ST.GLOBAL, None)]


def test_same_binding():
    a1, a2, a3, a4 = table("{[a];a::1;a}+{[a];a::2;a}").symbols
    assert a1.same_binding(a2) and not a2.same_binding(a3) and a3.same_binding(a4)
    g1, g2 = table("b+{b}").symbols
    assert g1.same_binding(g2)


def test_resolve_is_the_rule_the_compiler_uses():
    outer = ST.Scope(0, ST.FUNCTION, ST.XYZ, ("a", "y"), -1, None, 1)
    inner = ST.Scope(1, ST.FUNCTION, ST.XYZ, (), 0, None, 0)
    assert ST.resolve("a", [outer, inner]) == (ST.LOCAL, 0)
    assert ST.resolve("y", [outer, inner]) == (ST.LOCAL, 0)
    assert ST.resolve("x", [outer, inner]) == (ST.PARAM, 1)
    assert ST.resolve("b", [outer, inner]) is None
    assert ST.resolve("x", []) is None
    assert ST.declared("x", [outer, inner]) == -1
    assert ST.declared("y", [outer, inner]) == 0
