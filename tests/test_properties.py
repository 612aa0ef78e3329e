"""Property tests (hypothesis): random token sequences, random text and random well-formed
expressions fed to `parse`, `parse_tolerant` and the interpreter.

Properties:
- `parse` returns a Program or raises a KlongError of kind syntax, never anything else;
- `parse_tolerant` never raises, and agrees with `parse` (no errors iff `parse` succeeds; its
  first error is `parse`'s error);
- every error's span is consistent with its source (line/col/offset agree);
- `tokenize` (the parser's regex fast path) reads the same tokens and first error as the
  one-token-at-a-time `Lexer`;
- evaluation raises nothing but KlongError, never of the internal kind "python" (a Python
  exception escaping a verb), never hangs (a per-example time limit), and its result prints;
- a failed statement leaves every global as it was (identity of every value in the table).

Side-effecting system names (.sys .x .df .oc .ac .ic .l .E .py* ...) never reach evaluation:
the evaluation vocabularies hold no dotted names, and random text containing one is only
parsed. Converge/While (`:~`, `\\~`) may legitimately loop forever, and so may Iterate (`:*`,
`\\*`), which acts as While when its left operand is a function: they and `.f` are kept out of
the evaluation vocabularies (they stay in the parse-only one); the expression grammar uses
Iterate with a literal count only.
"""
from __future__ import annotations

import re
import signal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from klong.errors import KINDS, KlongError, KlongSyntaxError
from klong.interpreter import KlongInterpreter
from klong.printer import written
from klong.syntax import tokens as L
from klong.syntax.data import DictLit, ListLit
from klong.syntax.reference_lexer import Lexer
from klong.syntax.scanner import tokenize
from klong.syntax.parser import parse, parse_tolerant

# kinds a user can cause; "python" marks an internal bug, "interrupt" is the REPL's Ctrl-C
USER_KINDS = frozenset(KINDS) - {"python", "interrupt"}

TIME_LIMIT_S = 5.0

# ---- vocabularies ------------------------------------------------------------------------------

NUMBERS = ["0", "1", "2", "3", "10", "1.5", "0.5", "2.0", "1.", "0b101", "1e1", "007"]
NAMES = ["x", "y", "z", "a", "b", "f"]
STRINGS = ['""', '"a"', '"abc"', '"a""b"', '" "']
CHARS = ["0ca", "0c ", "0c0", '0c"', "0cz"]
SYMBOLS = [":a", ":b", ":foo", ":x"]
LITERALS = ["[]", "[1 2 3]", "[1.5 2]", '[1 "a" :b]', "[[1 2] [3 4]]", "[a b]", "[-1 2]",
            '["ab" "cd"]', "[0ca 0cb]", ":{[1 2] [:a 3]}", ":{}", "[[1] [2 3]]", "[1 [2 [3]]]"]
VERBS = list("!#$%&*+,-<=>?@^_|~") + [":@", ":=", ":-", "::", ":#", ":$", ":%", ":+", ":^",
                                        ":_"]
# Iterate (:* \*) with a function on its left acts as While here, which may never end: the
# adverbs appear in evaluated programs only in the grammar, with a literal count on the left
EVAL_ADVERBS = ["'", "/", "\\", ":'", ":\\", ":/"]
PUNCT = ["(", ")", "{", "}", "[", "]", ";", ":[", ":|", "[;", ":(", "\n", "{[a];", "{[a b];"]

EVAL_VOCAB = NUMBERS + NAMES + STRINGS + CHARS + SYMBOLS + LITERALS + VERBS + EVAL_ADVERBS \
    + PUNCT

PARSE_ONLY = [
    ":~", "\\~", ":*", "\\*", ".f", ".p", ".sys", ".x", '.comment("END")', "END", "1.2.3", "0x",
    "0o8", "1e", '"open', ':"comment"', ':"open', "0c", ":!", ":&", ":,", ":<", ":?", ":;", ":>",
    "∇", "∂", "é", "`", "\t", "\r\n", ":{[1]}", "[1 2", "f(1;2;3;4)", "{x}(;)", "{x::1}", ":",
    "\\", '"', "\x00", "0x1F", "1E3", "csv.read", ".5",
]
PARSE_VOCAB = EVAL_VOCAB + PARSE_ONLY

SPACING = st.sampled_from(["", " ", " ", " ", "  ", "\n", "\t"])


def joined(vocab):
    return st.lists(st.tuples(st.sampled_from(vocab), SPACING), max_size=24).map(
        lambda parts: "".join(tok + sp for tok, sp in parts))


TOKEN_PROGRAMS = joined(PARSE_VOCAB)
EVAL_TOKEN_PROGRAMS = joined(EVAL_VOCAB)
TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(min_codepoint=9, max_codepoint=126), max_size=40),
    st.text(alphabet="0123456789abxyz.:;[]{}()\"'/\\+-*%!#$&<=>?@^_|~, \n", max_size=40),
)

# ---- a grammar of well-formed expressions ----------------------------------------------------

ATOMS = NUMBERS + STRINGS + CHARS + SYMBOLS + LITERALS + ["x", "y", "z", "a", "b"]
FNS1 = ["{x}", "{#x}", "{-x}", "{x*2}", "{[a];a::x;a}", "{x@0}", "f", "{x,1}", "{*x}", "{~x}",
        "{$x}", "{x}(;1)", "{x+y}(1;)", "{:[x;x;0]}", "{|x}", "{x'x}", "{,x}", "{x?1}", "{&x}"]
FNS2 = ["{x+y}", "{x,y}", "{y}", "{x;y}", "{x=y}", "{x(y)}", "{x@y}", "{x#y}", "{x:=y}",
        "{x+y+z}(;;1)", "{x-y}", "{x<y}", "{x~y}", "{[a];a::x,y;a}", "{y,x}"]
FNS = FNS1 + FNS2 + ["{1}", "{x+y+z}", "{:[x;y;z]}"]
MONADIC = list("!#$%&*+,-<=>?@^_|~") + [":#", ":_"]
DYADIC = [v for v in VERBS if v != "::"]
# derived verbs: monadic uses of Each / Over / Scan / Each-Pair, dyadic uses of all of them
ADV1 = ["'", "/", "\\", ":'"]
ADV2 = ["'", "/", "\\", ":\\", ":/"]
COUNTS = ["0", "1", "2", "3", "(-2)"]


def _expr(inner):
    s = st.sampled_from
    return st.one_of(
        st.builds(lambda v, e: f"{v} {e}", s(MONADIC), inner),
        st.builds(lambda a, v, e: f"({a}){v} {e}", inner, s(DYADIC), inner),
        st.builds(lambda v, adv, e: f"{v}{adv} {e}", s(MONADIC), s(ADV1), inner),
        st.builds(lambda a, v, adv, e: f"({a}){v}{adv} {e}", inner, s(DYADIC), s(ADV2), inner),
        st.builds(lambda v, a1, e: f"{v}{a1}' {e}", s(DYADIC), s(["/", "\\"]), inner),
        st.builds(lambda v, e: f"{v}'' {e}", s(MONADIC), inner),
        st.builds(lambda f, e: f"{f}({e})", s(FNS1), inner),
        st.builds(lambda f, e: f"{f}@{e}", s(FNS), inner),
        st.builds(lambda f, a, b: f"{f}({a};{b})", s(FNS2), inner, inner),
        st.builds(lambda f, a, v, b: f"({a}) {f} {v}{b}", s(FNS2), inner, s(MONADIC), inner),
        st.builds(lambda f, e: f"{f}' {e}", s(FNS1), inner),
        st.builds(lambda f, adv, e: f"{f}{adv} {e}", s(FNS2), s(ADV1[1:]), inner),
        st.builds(lambda a, f, adv, e: f"({a}){f}{adv} {e}", inner, s(FNS2),
                  s(["'", "/", "\\", ":\\", ":/"]), inner),
        st.builds(lambda n, f, adv, e: f"{n}{f}{adv} {e}", s(COUNTS), s(FNS1 + MONADIC),
                  s([":*", "\\*"]), inner),
        st.builds(lambda c, t, e: f":[{c};{t};{e}]", inner, inner, inner),
        st.builds(lambda n, e: f"{n}::{e}", s(["a", "b", "x", "q", "f"]), inner),
        st.builds(lambda a, b: f"[;{a};{b}]", inner, inner),
        st.builds(lambda e: f"{{{e}}}", inner),
        st.builds(lambda e: f"{{[a];a::x;{e}}}(3)", inner),
    )


EXPRS = st.recursive(st.sampled_from(ATOMS), _expr, max_leaves=8)
GRAMMAR_PROGRAMS = st.lists(EXPRS, min_size=1, max_size=3).map(";".join)

SETUP = 'a::[1 2 3];b::"abc";f::{x+1};x::2;y::[1 2];z::0ca'

KlongInterpreter()  # sets the recursion limit once, before hypothesis records it

SYSTEM_NAME = re.compile(r"\.[A-Za-z]")
LONG_NUMBER = re.compile(r"\d{3,}|0[xXoObB]")

# ---- helpers -----------------------------------------------------------------------------------


class _Timeout(BaseException):
    """Raised by the alarm when an evaluation runs past TIME_LIMIT_S."""


def _check_span(e: KlongError, src: str) -> None:
    """An error's span must agree with the text it points into."""
    assert e.span is not None, f"{e.kind} error without a span: {e.message}"
    text = e.source if e.source is not None else src
    off = e.span.offset
    assert 0 <= off <= len(text), (e.span, len(text))
    assert e.span.length >= 1
    assert e.span.line == text.count("\n", 0, off) + 1, e.span
    assert e.span.col == off - (text.rfind("\n", 0, off) + 1) + 1, e.span


def check_parse(src: str) -> None:
    try:
        prog = parse(src)
        parse_error = None
    except KlongError as e:
        assert isinstance(e, KlongSyntaxError) and e.kind == "syntax", (e.kind, e.message)
        _check_span(e, src)
        prog, parse_error = None, e
    tprog, errors = parse_tolerant(src)  # must never raise
    for err in errors:
        assert isinstance(err, KlongError) and err.kind == "syntax"
        _check_span(err, src)
    if parse_error is None:
        assert errors == []
        assert len(tprog.exprs) == len(prog.exprs)
    else:
        assert errors, "parse failed but parse_tolerant found no error"
        assert (errors[0].message, errors[0].span) == (parse_error.message, parse_error.span)


def _norm(v):
    if isinstance(v, (ListLit, DictLit)):
        return ("datum", repr(v))
    if isinstance(v, KlongError):
        return ("error", v.message, v.span)
    return (type(v), v)


def _slow_tokens(src: str):
    """Tokens of the one-at-a-time Lexer, up to and including its first error."""
    lx = Lexer(src)
    out = []
    try:
        while True:
            t = lx.next(False)
            if t.kind == L.EOF:
                return out, None
            out.append((t.kind, _norm(t.value), t.span))
    except KlongSyntaxError as e:
        return out, e


def check_tokenizers_agree(src: str) -> None:
    """tokenize (the parser's regex fast path) reads what the reference Lexer reads."""
    assume(".comment" not in src)  # block skipping is tokenize's alone
    # BUG (tests/syntax/test_lexer.py, BACKTRACK): the fast path backtracks inside an
    # unterminated string or comment holding a doubled quote and reports the wrong quote.
    # BUG (tests/syntax/test_lexer.py::test_non_ascii_digits_are_not_numbers): the fast path
    # reads non-ASCII decimal digits ("٣") as numbers.
    assume(not any(c.isdigit() and c not in "0123456789" for c in src))
    slow, slow_error = _slow_tokens(src)
    if slow_error is not None and slow_error.message.startswith("missing end of"):
        assume('""' not in src)
    fast = []
    fast_error = None
    for t in tokenize(src)[:-1]:
        if t.kind == L.ERROR:
            fast_error = t.value
            break
        fast.append((t.kind, _norm(t.value), t.span))
    assert fast == slow
    if slow_error is None:
        assert fast_error is None, fast_error.message
    else:
        assert fast_error is not None
        assert (fast_error.message, fast_error.span) == (slow_error.message, slow_error.span)


def _statement_count(src: str):
    try:
        return len(parse(src).exprs)
    except KlongError:
        return None


def check_eval(src: str) -> None:
    k = KlongInterpreter()
    k(SETUP)
    before = dict(k.context.globals.table)
    fired = []

    def on_alarm(signum, frame):
        fired.append(True)
        raise _Timeout()

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT_S)
    error = None
    try:
        value = k(src)
        # the REPL prints every result: printing must not fail either
        assert type(written(value)) is str
    except KlongError as e:
        error = e
    except _Timeout:
        pass
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert not fired, f"evaluation did not finish in {TIME_LIMIT_S}s: {src!r}"
    if error is None:
        return
    assert error.kind in USER_KINDS, (
        f"internal error for {src!r}: {error.kind}: {error.message}")
    _check_span(error, src)
    # BUG (tests/test_errors.py::test_failed_call_leaves_every_global_as_it_was): rollback is
    # per statement, so the whole-table check holds only for one-statement programs.
    if _statement_count(src) == 1:
        after = k.context.globals.table
        assert set(after) == set(before), (src, set(after) ^ set(before))
        for name, value in before.items():
            assert after[name] is value, (src, name)
    # the interpreter keeps working
    assert k("1+1") == 2


def _evaluable_text(src: str) -> bool:
    """Random text is evaluated only without system names, runaway adverbs or big numbers."""
    return not (SYSTEM_NAME.search(src) or LONG_NUMBER.search(src)
                or any(adv in src for adv in (":~", "\\~", ":*", "\\*")))


# ---- properties --------------------------------------------------------------------------------

COMMON = dict(deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@settings(max_examples=500, **COMMON)
@given(TOKEN_PROGRAMS)
def test_parse_token_sequences(src):
    check_parse(src)


@settings(max_examples=500, **COMMON)
@given(TEXT)
def test_parse_random_text(src):
    check_parse(src)


@settings(max_examples=300, **COMMON)
@given(st.one_of(TOKEN_PROGRAMS, TEXT))
def test_tokenizers_agree(src):
    check_tokenizers_agree(src)


@settings(max_examples=500, **COMMON)
@given(EVAL_TOKEN_PROGRAMS)
def test_eval_token_sequences(src):
    check_eval(src)


@settings(max_examples=300, **COMMON)
@given(TEXT)
def test_eval_random_text(src):
    assume(_evaluable_text(src))
    check_eval(src)


@settings(max_examples=700, **COMMON)
@given(GRAMMAR_PROGRAMS)
def test_eval_well_formed_expressions(src):
    check_parse(src)
    check_eval(src)


# ---- the property helpers themselves ------------------------------------------------------------

def test_eval_vocabularies_hold_no_system_names_or_runaway_adverbs():
    for vocab in (EVAL_VOCAB, ATOMS, FNS, MONADIC, DYADIC, EVAL_ADVERBS, ADV1, ADV2):
        for tok in vocab:
            assert not SYSTEM_NAME.search(tok), tok
            assert tok not in (":~", "\\~", ":*", "\\*", ".f"), tok


def test_time_limit_guard_catches_a_hang():
    global TIME_LIMIT_S
    saved, TIME_LIMIT_S = TIME_LIMIT_S, 0.2
    try:
        with pytest.raises(AssertionError, match="did not finish"):
            check_eval("{x+1}:~0")
    finally:
        TIME_LIMIT_S = saved


def test_internal_errors_are_detected(monkeypatch):
    import klong.runtime.primitives as P
    import klong.runtime.verbs  # noqa: F401  (registers the verbs)

    def broken(B, a):
        raise IndexError("boom")
    monkeypatch.setitem(P.MONADS, "#", broken)
    with pytest.raises(AssertionError, match="internal error"):
        check_eval("#[1 2]")
