"""Errors (language document §12, design.md "Errors"): every kind, kg's wording, the span of
the verb/call/token responsible, caret formatting, and that a failure leaves state alone."""
from __future__ import annotations

import re

import pytest

from klong.errors import KlongError, KlongSyntaxError, error_text
from klong.interpreter import KlongInterpreter


def fail(src: str, k: KlongInterpreter | None = None) -> KlongError:
    """Evaluate `src` on a fresh (or the given) interpreter; return the KlongError raised."""
    k = k or KlongInterpreter()
    with pytest.raises(KlongError) as ei:
        k(src)
    return ei.value


def check(src, kind, message, line, col, k=None) -> KlongError:
    e = fail(src, k)
    assert (e.kind, e.message) == (kind, message)
    assert e.span is not None, "an error must carry a span"
    assert (e.span.line, e.span.col) == (line, col), e.span
    assert (e.line, e.column) == (line, col)
    return e


def where(src: str, e: KlongError) -> str:
    """The source text the error's span points at."""
    return src[e.span.offset:e.span.offset + e.span.length]


# ---- the table of §12, one line per example -----------------------------------------------------

CASES = [
    # syntax
    ("1 2", "syntax", "syntax error: 2", 1, 3),
    ("1+", "syntax", "syntax error: :eof", 1, 3),
    ("(1", "syntax", "expected :), got: :eof", 1, 3),
    ("(+)", "syntax", "monad expected: :)", 1, 3),
    ("f(1)(2)", "syntax", "dyad expected: :(", 1, 5),
    (":!1", "syntax", "expected monad, got: ::!", 1, 1),
    ('"abc', "syntax", "missing end of string", 1, 1),
    (':"x', "syntax", "missing end of comment", 1, 1),
    ("1.2.3", "syntax", 'invalid number: "1.2.3"', 1, 1),
    ("0xg", "syntax", "invalid digit in #x number: 0cg", 1, 3),
    (":{[1]}", "syntax", "malformed dictionary entry: [1]", 1, 3),
    ("{x::1}", "syntax", "'x' is read-only", 1, 2),
    ("{x}(;)", "syntax", "too few arguments in projection", 1, 1),
    ('.comment("END")\n1', "syntax", "undelimited comment (line 1)", 1, 1),
    # type
    ('1+"a"', "type", 'plus: type error: [1 "a"]', 1, 2),
    ('-"a"', "type", 'negate: type error: ["a"]', 1, 1),
    ("[1 2 3]@1.5", "type", "index: type error: [[1 2 3] 1.5]", 1, 8),
    ("[1 2]:=0,1.0", "type", "amend: expected integer, got: 1.0", 1, 6),
    ("<[1 0ca]", "type", "grade: expected number, got: 0ca", 1, 1),
    ("a::1;a(2)", "type", "call: type error: [1]", 1, 6),
    ("1::2", "type", "define: type error: [1 2]", 1, 2),
    ("d:::{};d,[:{} 1]", "type", "bad dictionary key: :{}", 1, 9),
    (".ic(1)", "type", ".ic: type error: [1]", 1, 1),
    # type, verb sections of §5 (verb names as in §5.2)
    ("!1.5", "type", "enumerate: type error: [1.5]", 1, 1),
    ("#:a", "type", "size: type error: [:a]", 1, 1),
    ("3#1", "type", "take: type error: [3 1]", 1, 2),
    ("=1", "type", "group: type error: [1]", 1, 1),
    ("?1", "type", "range: type error: [1]", 1, 1),
    ("1<0ca", "type", "less: type error: [1 0ca]", 1, 2),
    ("1=0ca", "type", "equal: type error: [1 0ca]", 1, 2),
    ('+"ab"', "type", 'transpose: type error: ["ab"]', 1, 1),
    ("1_3", "type", "drop: type error: [1 3]", 1, 2),
    ("5@1", "type", "index: type error: [5 1]", 1, 2),
    # shape
    ("[1 2]+[1 2 3]", "shape", "plus: shape error: [[1 2] [1 2 3]]", 1, 6),
    ("+[[1] [2 3]]", "shape", "transpose: shape error: [[1] [2 3]]", 1, 1),
    ("[[1 2] [3 4]]:-9,1", "shape", "amend-in-depth: shape error: [3 4]", 1, 14),
    # range
    ("[1 2 3]@5", "range", "index: range error: 5", 1, 8),
    ('"abc"@-1', "range", "index: range error: -1", 1, 6),
    ("[1 2 3]:=0,3", "range", "amend: range error: 3", 1, 8),
    ("[2 1]:_[1 2 3]", "range", "cut: range error: [2 1]", 1, 6),
    ("&-1", "range", "expand: range error: -1", 1, 1),
    ("0:#[1 2]", "range", "split: range error: 0", 1, 2),
    ("[0 2]:^1", "range", "reshape: range error: 0", 1, 6),
    # length
    ("5:_[1 2 3]", "length", "cut: length error: [5]", 1, 2),
    # domain
    ("!-1", "domain", "enumerate: domain error: -1", 1, 1),
    (":#-1", "domain", "char: domain error: -1", 1, 1),
    # arity
    ("{x}(1;2)", "arity", "wrong arity: :monad", 1, 1),
    ("{x+y}(1)", "arity", "wrong arity: :dyad", 1, 1),
    ("{x+y}@[3]", "arity", "apply: wrong number of arguments: [3]", 1, 6),
    ("{x}:*1", "arity", "wrong adverb context: ::*", 1, 1),
    ("x::[1 2];+//x", "arity", "monad expected in chained adverb: :/", 1, 10),
    ("+//[1 2]", "arity", "monad expected in chained adverb: :/", 1, 1),
    # undefined
    ("foo", "undefined", "undefined: foo", 1, 1),
    ("1+foo", "undefined", "undefined: foo", 1, 3),
    ("{[a];a}()", "undefined", "undefined: a", 1, 6),
    # division
    ("1:%0", "division", "division by zero", 1, 2),
    ("7!0", "division", "division by zero", 1, 2),
    ("[1 2]:%[1 0]", "division", "division by zero", 1, 6),
    # io
    ('.ic("/nonexistent")', "io", '.ic: failed to open input file: "/nonexistent"', 1, 1),
    ('.oc("/nonexistent/x")', "io", '.oc: failed to open output file: "/nonexistent/x"', 1, 1),
    ('.l("/nonexistent")', "io", '.l: cannot open file: "/nonexistent"', 1, 1),
    ('.df("/nonexistent/zz")', "io", 'could not delete: "/nonexistent/zz"', 1, 1),
    # module
    (".module(:a);.module(:b)", "module", "nested module; contained in: :a", 1, 13),
    (".module(0)", "module", "no module open", 1, 1),
    # limit
    ("f::{f(x)};f(1)", "limit", "recursion too deep", 1, 5),
]


@pytest.mark.parametrize("src, kind, message, line, col", CASES,
                         ids=[c[0].replace("\n", "\\n") for c in CASES])
def test_error_kind_message_and_position(src, kind, message, line, col):
    check(src, kind, message, line, col)


def test_every_kind_is_covered():
    kinds = {c[1] for c in CASES}
    assert kinds == {"syntax", "type", "shape", "range", "length", "domain", "arity",
                     "undefined", "division", "io", "module", "limit"}


def test_syntax_errors_are_klong_syntax_errors():
    e = fail("1 2")
    assert isinstance(e, KlongSyntaxError)


@pytest.mark.parametrize("src, message", [
    pytest.param(':"a""', "missing end of comment"),
    pytest.param('"a""b', "missing end of string"),
    ("0x", 'invalid number: "0x"'),
    ("0o8", "invalid digit in #o number: 0c8"),
    ("1e", 'invalid number: "1e"'),
    ("1..2", 'invalid number: "1..2"'),
])
def test_invalid_lexemes(src, message):
    e = fail(src)
    assert (e.kind, e.message) == ("syntax", message)
    assert e.span.col == (3 if src == "0o8" else 1)


@pytest.mark.parametrize("src", [
    "f 3", "1;;2", "1;", ":[1;2]", "f::+", "f(1;2;3;4)", "1E3", "0c", ")", "{", "}", "]",
    "[1 2", ":{[1 2]", ":{1}", "{y::1}",
])
def test_more_syntax_errors(src):
    e = fail(src)
    assert e.kind == "syntax"
    assert e.span is not None


def test_unassigned_digraph_in_dyadic_position():
    check("1:!2", "syntax", "dyad expected: ::!", 1, 2)


def test_index_in_depth_shape_error():
    e = fail("[[1 2] [3 4]]:@[1 0 0]")
    assert e.kind == "shape"
    assert e.message.startswith("index-in-depth: shape error")
    assert e.span.col == 14


def test_float_overflow_is_a_domain_error():
    e = fail("1e300*1e300")
    assert e.kind == "domain"
    assert e.span.col == 6


def test_chained_adverb_with_left_operand_is_an_arity_error():
    e = fail("1+/'[1 2]")
    assert e.kind == "arity"


@pytest.mark.parametrize("src", ["({x<3}){x+1}:*0", "({x<3}){x+1}\\*0"])
def test_iterate_needs_an_integer_count(src):
    assert fail(src).kind == "type"


def test_iterate_with_non_integer_count():
    for src in ["(1.5){x+1}:*0", "(:a){x+1}:*0", '("a"){x+1}\\*0']:
        assert fail(src).kind == "type", src


def test_wrong_arity_of_nilad_and_triad():
    assert fail("f::{1};f(1)").message == "wrong arity: :nilad"
    assert fail("{x+y+z}(1;2)").message == "wrong arity: :triad"


def test_memory_limit():
    e = fail("(2^62)#[1 2]")
    assert e.kind == "limit"
    assert e.span.col == 7


BIG = "9223372036854775807"


@pytest.mark.parametrize("src", [f"({BIG})#\"abc\"", "(1e20)$0", "(1e300)$0"])
def test_huge_sizes_are_user_errors(src):
    e = fail(src)
    assert e.kind in ("limit", "domain", "range", "type"), (e.kind, e.message)


def test_huge_expand_is_a_limit_error():
    e = fail(f"&{BIG}")
    assert e.kind == "limit", (e.kind, e.message)


def test_huge_enumerate_is_a_limit_error():
    e = fail(f"!{BIG}")
    assert e.kind == "limit"


class _Hang(BaseException):
    pass


def test_huge_reshape_of_empty_list_fails_fast():
    import signal

    def on_alarm(signum, frame):
        raise _Hang()
    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, 1.0)
    try:
        e = fail(f"({BIG}):^[]")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert not isinstance(e.__cause__, _Hang), "still running after 1 s"
    assert e.kind == "limit"


DEEP = "[" * 65 + "0" + "]" * 65


def test_deeply_nested_list_literal():
    from klong.printer import written
    k = KlongInterpreter()
    try:
        v = k(DEEP)
    except KlongError as e:
        pytest.fail(f"{e.kind} error: {e.message}")
    assert written(v) == DEEP


def test_deep_nesting_by_list_verb():
    from klong.printer import written
    k = KlongInterpreter()
    assert written(k("65,:*0")) == DEEP
    assert written(k("," * 65 + "0")) == DEEP


def test_internal_errors_are_reported_as_such(monkeypatch):
    """A Python exception escaping a verb is a KlongError of kind "python" carrying its cause
    (design.md: internal bugs are reported as such)."""
    import klong.runtime.primitives as P
    import klong.runtime.verbs  # noqa: F401  (registers the verbs)

    def broken(B, a):
        raise IndexError("boom")
    monkeypatch.setitem(P.MONADS, "#", broken)
    e = fail("#[1 2]")
    assert e.kind == "python"
    assert e.message == "IndexError: boom"
    assert e.span is not None and e.span.col == 1


def test_allocator_failures_are_limit_errors(monkeypatch):
    """An allocator that fails with a RuntimeError (torch's, from a verb the backend does not
    wrap, e.g. Join under the language server's memory ceiling) is the same limit error as
    numpy's MemoryError, without torch's text."""
    import klong.runtime.primitives as P
    import klong.runtime.verbs  # noqa: F401  (registers the verbs)

    def broken(B, a):
        raise RuntimeError("[enforce fail at alloc_cpu.cpp:117] data. DefaultCPUAllocator: "
                           "can't allocate memory: you tried to allocate 17179869184 bytes.")
    monkeypatch.setitem(P.MONADS, "#", broken)
    e = fail("#[1 2]")
    assert (e.kind, e.message) == ("limit", "out of memory")

    def unrelated(B, a):
        raise RuntimeError("boom")
    monkeypatch.setitem(P.MONADS, "#", unrelated)
    assert fail("#[1 2]").kind == "python"


def test_internal_error_keeps_its_python_traceback(monkeypatch):
    import traceback

    import klong.runtime.primitives as P
    import klong.runtime.verbs  # noqa: F401  (registers the verbs)

    def broken(B, a):
        raise IndexError("boom")
    monkeypatch.setitem(P.MONADS, "#", broken)
    e = fail("#[1 2]")
    assert isinstance(e.__cause__, IndexError)
    assert "in broken" in "".join(traceback.format_exception(e))


def test_closed_channels(tmp_path):
    inp = tmp_path / "in.txt"
    inp.write_text("1\n")
    out = tmp_path / "out.txt"
    k = KlongInterpreter()
    e = fail(f'c::.ic("{inp}");.cc(c);.fc(c);.rl()', k)
    assert e.kind == "io"
    assert re.fullmatch(r"\.rl: reading from closed channel: :inchan\.\d+", e.message)
    e = fail(f'c::.oc("{out}");.cc(c);.tc(c);.p(1)', k)
    assert e.kind == "io"
    assert re.fullmatch(r"\.p: writing to closed channel: :outchan\.\d+", e.message)


def test_runaway_recursion_variants():
    for src in ["f::{1+f(x)};f(1)", "{.f(x)}(1)", "g::{h(x)};h::{g(x)};g(0)", "f::{f'x};f(1)"]:
        e = fail(src)
        assert (e.kind, e.message) == ("limit", "recursion too deep"), src
        assert e.span is not None


def test_module_misuse_on_later_lines():
    src = ".module(:m)\nq::1\n.module(:n)"
    e = check(src, "module", "nested module; contained in: :m", 3, 1)
    assert where(src, e).startswith(".module")
    k = KlongInterpreter()
    k(".module(:s)\nsq::{x*x}\n.module(0)")
    check("1\n.module(0)", "module", "no module open", 2, 1, k)


# ---- errors on line 2 or 3: the span points at the verb, call or token responsible ---------------

MULTILINE = [
    ('a::1\nb::2\nc::a+"x"', "type", 'plus: type error: [1 "x"]', 3, 5, "+"),
    ("a::[1 2 3]\nb::a@1\nc::a@5", "range", "index: range error: 5", 3, 5, "@"),
    ("a::1\n  b::{x}(1;2)", "arity", "wrong arity: :monad", 2, 6, "{x}(1;2)"),
    ("q::1\nr::q+\nq", "syntax", "syntax error: :eol", 2, 6, "\n"),
    ("a::1\nb::1 2", "syntax", "syntax error: 2", 2, 6, "2"),
    ('s::"ok"\nt::"abc', "syntax", "missing end of string", 2, 4, '"'),
    ('a::1\n:"unterminated', "syntax", "missing end of comment", 2, 1, ':"'),
    ("a::2\nb::1.2.3+a", "syntax", 'invalid number: "1.2.3"', 2, 4, "1.2.3"),
    ("f::{\n  x+q}\nf(1)", "undefined", "undefined: q", 2, 5, "q"),
    ("a::1\nb::2\nc::!-b", "domain", "enumerate: domain error: -2", 3, 4, "!"),
    ("a::[1 2]\nb::[1 2 3]\na+b", "shape", "plus: shape error: [[1 2] [1 2 3]]", 3, 2, "+"),
    ("g::{x}\nh::{x+y}\nh@[3]", "arity", "apply: wrong number of arguments: [3]", 3, 2, "@"),
    ("a::0\nb::7\nb:%a", "division", "division by zero", 3, 2, ":%"),
    ('a::1\nb::.ic("/nonexistent/file")', "io",
     '.ic: failed to open input file: "/nonexistent/file"', 2, 4, '.ic("/nonexistent/file")'),
    ("x::[1 2]\ny::5\nz::y:_x", "length", "cut: length error: [5]", 3, 5, ":_"),
    ("f::{f(x)}\nf(1)", "limit", "recursion too deep", 1, 5, "f(x)"),
    ("d:::{[1 2]}\nd,[:{} 1]", "type", "bad dictionary key: :{}", 2, 2, ","),
    ("a::1\n{x}:*a", "arity", "wrong adverb context: ::*", 2, 1, "{x}"),
    ("a::[1 2]\n+//a", "arity", "monad expected in chained adverb: :/", 2, 1, "+"),
    ("a::1\n1::a", "type", "define: type error: [1 1]", 2, 2, "::"),
    ("a::1\n{x::1}", "syntax", "'x' is read-only", 2, 2, "x"),
    ("a::1\n{x}(;)", "syntax", "too few arguments in projection", 2, 1, "{x}(;)"),
    ("a::1\nf(1)(2)", "syntax", "dyad expected: :(", 2, 5, "("),
    ("a::1\n:!a", "syntax", "expected monad, got: ::!", 2, 1, ":!"),
    ("a::1\nb::a(2)", "type", "call: type error: [1]", 2, 4, "a(2)"),
    ("a::1\n\n  {x+y}(1)", "arity", "wrong arity: :dyad", 3, 3, "{x+y}(1)"),
    ("a::1\nb::[1 2]\n  b:=0,5", "range", "amend: range error: 5", 3, 4, ":="),
    ("a::1\nb::{[c];c}\nb()", "undefined", "undefined: c", 2, 9, "c"),
    ("s::[1 2]\nf::{x@5}\nf(s)", "range", "index: range error: 5", 2, 6, "@"),
    ('a::1;b::"x"\nc::1\nd::a-b', "type", 'minus: type error: [1 "x"]', 3, 5, "-"),
]


@pytest.mark.parametrize("src, kind, message, line, col, text", MULTILINE,
                         ids=[c[0].replace("\n", "\\n") for c in MULTILINE])
def test_error_position_in_multiline_program(src, kind, message, line, col, text):
    e = check(src, kind, message, line, col)
    assert where(src, e) == text


def test_error_inside_called_function_points_into_the_function():
    src = "f::{x+\n  \"a\"}\n\nf(1)"
    e = fail(src)
    assert e.kind == "type"
    assert (e.span.line, e.span.col) == (1, 6)


# ---- formatting ---------------------------------------------------------------------------------

def test_format_shape():
    src = 'a::1\nb::2\nc::a+"x"'
    e = fail(src)
    lines = e.format("f.kg").split("\n")
    assert lines == ['f.kg:3:5: plus: type error: [1 "x"]', 'c::a+"x"', "    ^"]


@pytest.mark.parametrize("src", [
    "a::1\n  1.2.3",
    "x::1\ny::\"abc",
    "[1 2 3]@5",
    "a::1\nb::a+foo",
    "f::{x}\n\nf(1;2)",
    'a::1\n.ic("/nonexistent")',
])
def test_format_caret_under_the_column(src):
    e = fail(src)
    out = e.format("prog.kg")
    lines = out.split("\n")
    assert len(lines) == 3
    head = f"prog.kg:{e.span.line}:{e.span.col}: {e.text}"
    assert lines[0] == head
    assert lines[1] == src.split("\n")[e.span.line - 1]
    caret = lines[2]
    assert re.fullmatch(r" *\^+", caret)
    assert caret.index("^") == e.span.col - 1
    assert len(caret) <= max(len(lines[1]), e.span.col)


def test_format_caret_width_follows_the_span():
    e = fail("1.2.3")
    assert e.format("f.kg").split("\n")[2] == "^^^^^"


def test_str_of_error():
    e = fail('1+"a"')
    assert str(e) == e.text == 'plus: type error: [1 "a"]'


# ---- what users read: the kind once, kg's terse texts in words --------------------------------

@pytest.mark.parametrize("src, text", [
    ('1+"a"', 'plus: type error: [1 "a"]'),
    ("[1 2]:=0,1.0", "type error: amend: expected integer, got: 1.0"),
    ("[1 2 3]@5", "index: range error: 5"),
    ("!-1", "enumerate: domain error: -1"),
    ("[5]:_[1 2 3]", "cut: length error: [5]"),
    ("foo", "undefined: foo"),
    ("{x}(1;2)", "wrong arity: :monad"),
    ("{x+y}@[3]", "arity error: apply: wrong number of arguments: [3]"),
    ("{x}:*1", "arity error: wrong adverb context: ::*"),
    ("7!0", "division by zero"),
    ('.l("/nonexistent")', 'io error: .l: cannot open file: "/nonexistent"'),
    (".module(0)", "module error: no module open"),
    ("f::{1+f(x)};f(1)", "limit error: recursion too deep"),
    ('"abc', "syntax error: missing end of string"),
])
def test_error_text_says_the_kind_once(src, text):
    e = fail(src)
    assert e.text == str(e) == text
    assert e.format("f.kg").split("\n")[0] == f"f.kg:{e.line}:{e.column}: {text}"


def test_error_text_rule():
    # kg's place for the kind is the message's head, never its data
    assert error_text("io", '.l: cannot open file: "io error"') == \
        'io error: .l: cannot open file: "io error"'
    assert error_text("type", 'plus: type error: ["type error"]') == \
        'plus: type error: ["type error"]'
    assert error_text("undefined", "multi_grad_of_fn: undefined: w") == \
        "multi_grad_of_fn: undefined: w"
    assert error_text("interrupt", "interrupted") == "interrupted"
    assert error_text("domain", "domain error: overflow") == "domain error: overflow"
    assert error_text("limit", "out of memory") == "limit error: out of memory"


# (source, kg's message: a fact measured with kg, the text in words, column)
SYNTAX_WORDS = [
    ("1+", "syntax error: :eof", "expected an operand, got: the end of input (after +)", 3),
    ("a::", "syntax error: :eof", "expected an operand, got: the end of input (after a::)", 4),
    ("f::{x+y};1 f", "syntax error: :eof",
     "expected an operand, got: the end of input (after f)", 13),
    ("1+;2", "monad expected: :;", "expected an operand, got: ; (after +)", 3),
    ("(;1)", "monad expected: :;", "expected an operand, got: ;", 2),
    ("1+}", "monad expected: :}", "expected an operand, got: } (after +)", 3),
    (")", "monad expected: :)", "expected an operand, got: )", 1),
    ("1+:|", "expected monad, got: ::|", "expected an operand, got: :| (after +)", 3),
    (":!1", "expected monad, got: ::!", "expected an operand, got: :! (no verb is written :!)",
     1),
    ("::2", "expected monad, got: :::",
     "expected an operand, got: :: (an assignment needs a name on its left)", 1),
    ("1;", "syntax error: :eof", "expected an expression after ;, got: the end of input", 3),
    ("1;;2", "monad expected: :;", "expected an expression after ;, got: ;", 3),
    ("{x;}", "monad expected: :}", "expected an expression after ;, got: }", 4),
    ("1 2", "syntax error: 2", "expected a verb after an operand, got: 2", 3),
    ('"a" "b"', 'syntax error: "b"', 'expected a verb after an operand, got: "b"', 5),
    ("1 :x", "syntax error: :x", "expected a verb after an operand, got: :x", 3),
    ("1:&2", "dyad expected: ::&", "expected a verb, got: :& (no verb is written :&)", 2),
    ("1)", "syntax error: :)", "unmatched ): there is no ( before it", 2),
    ("1}", "syntax error: :}", "unmatched }: there is no { before it", 2),
    ("{x}:|", "syntax error: ::|",
     ":| outside a conditional (it separates the clauses of :[c;t;:|c;t;e])", 4),
    ("(1", "expected :), got: :eof", "expected ) to close (, got: the end of input", 3),
    ("{x}(1;2", "expected :), got: :eof", "expected ; or ) in a call, got: the end of input"
     " (the ( at line 1, column 4 is never closed)", 8),
    ("[;1;2", "expected :], got: :eof", "expected ; or ] in [;...], got: the end of input"
     " (the [; at line 1, column 1 is never closed)", 6),
    (":[1;2]", "expected :;, got: :]",
     "expected ; or :| after a clause in :[c;t;e], got: ]", 6),
    (":[1;2;3;4]", "expected :], got: :;", "expected ] to close :[, got: ;", 8),
    ("f::{x};f(1)(2)", "dyad expected: :(",
     "a call's result cannot be called with (...): apply it with @, as in f(a)@b", 12),
    ("f::{x+y};(1)f(2)", "dyad expected: f",
     "expected a dyad, got: a call of f (a function called with (...) takes no left "
     "operand: write f(a;b))", 13),
    ("(1){x+y}(2)", "dyad expected: :{",
     "expected a dyad, got: a call of {...} (a function called with (...) takes no left "
     "operand: write {...}(a;b))", 4),
    ("{x}(;)", "too few arguments in projection", "too few arguments in projection", 1),
    ("1.2.3", 'invalid number: "1.2.3"', 'invalid number: "1.2.3"', 1),
]


@pytest.mark.parametrize("src, message, words, col", SYNTAX_WORDS,
                         ids=[c[0] for c in SYNTAX_WORDS])
def test_syntax_errors_say_in_words_what_was_expected(src, message, words, col):
    e = fail(src)
    assert (e.kind, e.message, e.column) == ("syntax", message, col)
    assert e.text == "syntax error: " + words


def test_syntax_error_at_the_end_of_a_line():
    e = fail("q::1\nr::q+\nq")
    assert (e.message, e.line, e.text) == (
        "syntax error: :eol", 2,
        "syntax error: expected an operand, got: the end of the line (after +)")


@pytest.mark.parametrize("src, line, col, text", [
    # the end of input is shown right after the last token, not on the (blank) line after
    ("f::{x+\n", 1, 7, "expected an operand, got: the end of input (after +)"),
    ("f::{x+\n\n  \n", 1, 7, "expected an operand, got: the end of input (after +)"),
    ("f::{x+\ng::2\n", 2, 5, "expected ; or } in a function, got: the end of input "
                          "(the { at line 1, column 4 is never closed)"),
    ("f::{x+ :\"note\"\n", 1, 7, "expected an operand, got: the end of input (after +)"),
])
def test_syntax_error_at_the_end_of_input_is_placed_after_the_last_token(src, line, col,
                                                                          text):
    e = fail(src)
    assert (e.line, e.column, e.text) == (line, col, "syntax error: " + text)


def test_a_call_with_a_left_operand_is_a_syntax_error_and_a_projection_is_not():
    assert fail("f::{x+y};1 f(2) 3").message == "dyad expected: f"
    assert KlongInterpreter()("f::{x+y+z};1 f(;;2) 3") == 6
    assert KlongInterpreter()("f::{x+y};g::{f(x;y)};1 g 2") == 3


@pytest.mark.parametrize("src, message, text", [
    ("[3 3]-[[1 2] [2 3] [3 4]]", "minus: shape error: [[3 3] [[1 2] [2 3] [3 4]]]",
     "minus: shape error: lengths 2 and 3 differ (to pair a with each item of b in a-b, "
     "use Each: {a-x}'b)"),
    ("[[1 2] [2 3] [3 4]]*[3 3]", "times: shape error: [[[1 2] [2 3] [3 4]] [3 3]]",
     "times: shape error: lengths 3 and 2 differ (to pair each item of a with b in a*b, "
     "use Each: {x*b}'a)"),
    ("[1 2]+[1 2 3]", "plus: shape error: [[1 2] [1 2 3]]",
     "plus: shape error: lengths 2 and 3 differ"),
    ("[1 2]|[1 2 3]", "max: shape error: [[1 2] [1 2 3]]",
     "max: shape error: lengths 2 and 3 differ"),
    ('[1 2 "a"]=[1 2]', 'equal: shape error: [[1 2 "a"] [1 2]]',
     "equal: shape error: lengths 3 and 2 differ"),
    ("[[1 2] [3 4]]+[[1 2 3] [4 5 6]]", "plus: shape error: [[1 2] [1 2 3]]",
     "plus: shape error: lengths 2 and 3 differ"),
    ("[1 2]^[[1 2] [1 2] [1 2]]", "power: shape error: [[1 2] [[1 2] [1 2] [1 2]]]",
     "power: shape error: lengths 2 and 3 differ (to pair a with each item of b in a^b, "
     "use Each: {a^x}'b)"),
])
def test_shape_error_names_both_lengths_and_suggests_each(src, message, text):
    e = fail(src)
    assert (e.kind, e.message, e.text) == ("shape", message, text)


def test_suggested_each_computes_the_pairing():
    k = KlongInterpreter()
    k("a::[3 3];b::[[1 2] [2 3] [3 4]]")
    assert k("{a-x}'b").tolist() == [[2, 1], [1, 0], [0, -1]]


# ---- state is kept on failure ------------------------------------------------------------------

def snapshot(k: KlongInterpreter) -> dict:
    return dict(k.context.globals.table)


def assert_same_table(k: KlongInterpreter, before: dict) -> None:
    after = k.context.globals.table
    assert set(after) == set(before), set(after) ^ set(before)
    for name, value in before.items():
        assert after[name] is value, name


SETUP = 'a::1;b::2;d:::{[1 2]};f::{a::x;b::y;d,[3 4];1+"x"}'


@pytest.mark.parametrize("src", [
    'a::5+"x"',
    "a::[1 2]@7",
    "a::b::[1]@7",
    'a::{b::x;c::y;1+"x"}(1;2)',
    "g::{x}(1;2)",
    "h::{.f(x)}(1)",
    "z::foo",
    "f(7;8)",
    "e::f(7;8)",
    "1 2",
    'c::"open',
    "a::1+",
])
def test_failed_statement_leaves_every_global_as_it_was(src):
    k = KlongInterpreter()
    k(SETUP)
    before = snapshot(k)
    with pytest.raises(KlongError):
        k(src)
    assert_same_table(k, before)
    assert k("a+b") == 3


def test_failed_statement_inside_function_keeps_globals():
    k = KlongInterpreter()
    k("g::0;f::{g::x;1+\"a\"}")
    before = snapshot(k)
    with pytest.raises(KlongError):
        k("f(5)")
    assert_same_table(k, before)
    assert k("g") == 0


def test_failed_statement_keeps_existing_value_identity():
    k = KlongInterpreter()
    k("a::[1 2 3];b::2")
    a = k.context.globals.table["a"]
    with pytest.raises(KlongError):
        k('a::(!10),1+"x"')
    assert k.context.globals.table["a"] is a


@pytest.mark.parametrize("src", [
    'a::5;b::1+"x"',
    'f::{a::x;b::1+"x"};f(9)',
    '.module(:m);a::3;1+"x"',
    'n::1\nm::n+"x"',
    'q::1;q(2)',
])
def test_failed_call_leaves_every_global_as_it_was(src):
    k = KlongInterpreter()
    k("a::1;b::2")
    before = snapshot(k)
    with pytest.raises(KlongError):
        k(src)
    assert_same_table(k, before)


def test_failed_program_is_rolled_back_whole():
    k = KlongInterpreter()
    k("a::1;b::2")
    before = snapshot(k)
    with pytest.raises(KlongError):
        k('a::5;b::1+"x"')
    assert k("a") == 1
    assert_same_table(k, before)


def test_failed_repl_line_is_rolled_back_whole():
    k = KlongInterpreter()
    k.eval_line("a::1;b::2")
    before = snapshot(k)
    with pytest.raises(KlongError):
        k.eval_line('c::3;a::5;b::1+"x"')
    assert_same_table(k, before)


def test_rolled_back_undoes_success_and_failure():
    k = KlongInterpreter()
    k.eval_line("a::1")
    before = snapshot(k)
    with k.rolled_back():
        assert k("a::5;b::a*2") == 10
        k(".module(:m)")
        k("inside::1")
        assert k("b") == 10
    assert_same_table(k, before)
    assert k("a") == 1 and k(".module(:n);q::1;.module(0);q") == 1
    with pytest.raises(KlongError), k.rolled_back():
        k('c::3;1+"x"')
    assert "c" not in k and "b" not in k


def test_failed_multiline_program_defines_nothing():
    k = KlongInterpreter()
    before = snapshot(k)
    with pytest.raises(KlongError):
        k('n1::1\nn2::2\nn3::n1+"x"')
    assert "n1" not in k
    assert_same_table(k, before)


def test_interpreter_keeps_working_after_errors():
    k = KlongInterpreter()
    k("f::{:[x;1+f(x-1);0]}")
    for src in ["h::{h(x)};h(1)", '1+"a"', "1 2", "[1]@3", "{x}(1;2)", "undefinedname",
                ".module(0)", "1:%0"]:
        with pytest.raises(KlongError):
            k(src)
        assert k("f(300)") == 300
        assert k("+/!10") == 45
    assert k("1+1") == 2


def test_deep_legal_recursion_works_after_limit_errors():
    k = KlongInterpreter()
    k("f::{:[x;1+f(x-1);0]}")
    for _ in range(3):
        with pytest.raises(KlongError) as ei:
            k("g::{g(x)};g(1)")
        assert ei.value.kind == "limit"
        assert k("f(1000)") == 1000


def test_locals_are_restored_after_an_error():
    k = KlongInterpreter()
    k("f::{[a];a::x;:[x>2;1+\"a\";f(x+1)]}")
    with pytest.raises(KlongError):
        k("f(0)")
    k("g::{[b];b::5;f(x)}")
    with pytest.raises(KlongError):
        k("g(1)")
    assert k("f::{[a];a::x;a*2};f(4)") == 8


def test_it_is_not_set_by_a_failed_repl_line():
    k = KlongInterpreter()
    k.eval_line("40+2")
    with pytest.raises(KlongError):
        k.eval_line('1+"a"')
    assert k("it") == 42


def test_errors_carry_the_source():
    src = 'a::1\nb::a+"x"'
    e = fail(src)
    assert e.source == src
