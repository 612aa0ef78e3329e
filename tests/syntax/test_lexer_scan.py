"""The tokenizer's fast paths (scanner._SCAN and its second pass) against the reference
Lexer: data literals read whole, the rescan after a token the scan could not read, the
newlines left out inside brackets, and the line table behind every span."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from klong.errors import KlongSyntaxError
from klong.syntax import tokens as L
from klong.syntax.lines import LineIndex, parser_tables
from klong.syntax.reference_lexer import Lexer
from klong.syntax.scanner import tokenize_arrays
from klong.syntax.parser import parse
from klong.values import Char, Symbol

from .test_lexer import _norm, tokens

_ATOMS = ["1", "-2", "3.5", "-0.25", "1e3", "2.5e-1", "abc", ".x", "a.b", ":sym", ":q1",
          '"s"', '"two words"', '"q""q"', '"]"', '"["', "0cx", "0c]", "0c[", '0c"', "10c",
          "0x1F", "-0x10", "+", "-", ":", "::", "a-b", "1.2.3", "{", "}", "(", ";", "'",
          ':"note"', ':"a]b"', "5x", "٣"]


@st.composite
def _data(draw, depth=0):
    """A list or dictionary literal's text, nested, with blanks, newlines and odd items."""
    n = draw(st.integers(0, 5))
    items = []
    for _ in range(n):
        if depth < 3 and draw(st.integers(0, 4)) == 0:
            items.append(draw(_data(depth + 1)))
        else:
            items.append(draw(st.sampled_from(_ATOMS)))
    seps = [draw(st.sampled_from([" ", "  ", "\n", "\t", ""])) for _ in items]
    body = "".join(s + it for s, it in zip(seps, items))
    if draw(st.booleans()) or depth:
        return "[" + body + draw(st.sampled_from(["]", " ]", "\n]"]))
    form = draw(st.sampled_from(["pairs", "flat", "flat and more"]))
    if form == "pairs":
        entries = " ".join(f"[{a} {b}]" for a, b in zip(items[::2], items[1::2]))
    else:  # one entry of all the items: the flat form when it is an even number >= 4 (§2)
        entries = "[" + body + "]" + (" [1 2]" if form == "flat and more" else "")
    return ":{" + entries + draw(st.sampled_from(["}", " }", ""]))


@settings(max_examples=400, deadline=None)
@given(_data(), st.sampled_from(["", " x", "\ny", "]", " 1+2"]))
def test_data_literals_read_as_the_reference_lexer_reads_them(text, after):
    src = "v::" + text + after
    fast = tokenize_arrays(src)
    slow = []
    lx = Lexer(src)
    error = None
    try:
        while True:
            t = lx.next(False)
            if t.kind == L.EOF:
                break
            slow.append((t.kind, _norm(t.value), lx.pos))
    except KlongSyntaxError as e:
        error = e
    got = []
    for kind, value, end in zip(*fast[:2], fast[3]):
        if kind in (L.EOF, L.ERROR):
            if kind == L.ERROR:
                assert error is not None and (value.message, value.span) == \
                    (error.message, error.span)
            break
        got.append((kind, _norm(value), end))
    else:
        raise AssertionError("no EOF")
    assert got == slow[:len(got)]
    if error is None:
        assert len(got) == len(slow)


@pytest.mark.parametrize("src, value", [
    ("[1 2 3]", [1, 2, 3]),
    ("[-1 2.5 1e2 abc :d]", [-1, 2.5, 100.0, Symbol("abc"), Symbol("d")]),
    ('["a" "b c" "d""e"]', ["a", "b c", 'd"e']),
    ("[[1 2] [3 [4 [5 [6]]]]]", [[1, 2], [3, [4, [5, [6]]]]]),  # deeper than the scan
    ("[1 0c] 2]", [1, Char("]"), 2]),
    ("[10c]", [10, Symbol("c")]),
    ("[0x1F -0x10]", [31, 0, Symbol("x10")]),
    ("[a-b +]", [Symbol("a"), Symbol("-"), Symbol("b"), Symbol("+")]),
    # flat number lists (read by split and map), and the words that leave that path
    ("[-1 2.5 3e4 -0 7.]", [-1, 2.5, 30000.0, 0, 7.0]),
    ("[ 1\n2 ]", [1, 2]),
    ("[00 -007]", [0, -7]),
    ("[]", []),
    ("[1-2]", [1, -2]),
    ("[2 a]", [2, Symbol("a")]),
])
def test_list_literal_paths(src, value):
    tok = tokens(src)[0]
    assert tok.kind == L.LIST

    def plain(v):
        return [plain(x) for x in v.items] if hasattr(v, "items") else v
    assert plain(tok.value) == value


def test_colon_bracket_in_a_list_is_one_symbol_for_the_scan_too():
    # `:[` in a list literal is the symbol ::[ (kg: [:[ 1] -> [::[ 1]), so the `]` after it
    # closes the list: found by the random test above
    assert [(t.kind, _norm(t.value)) for t in tokens("[ :[] 1")] == [
        (L.LIST, _norm(Lexer("[:[]").datum())), (L.NUM, (int, 1))]


def test_rescan_after_a_token_the_scan_cannot_read():
    # 0x1F is read by the reference Lexer; the scan's own tokens go on after it
    assert [(t.kind, t.value) for t in tokens("a+0x1F*b")] == [
        ("name", "a"), ("verb", "+"), ("num", 31), ("verb", "*"), ("name", "b")]
    # the error's line is skipped, lexing goes on at the next one
    kinds, values, _, _ = tokenize_arrays('x::"open\ny::1')
    assert kinds == [L.NAME, L.VERB, L.ERROR, L.NEWLINE, L.NAME, L.VERB, L.NUM, L.EOF]
    assert values[2].message == "missing end of string" and values[4] == "y"


def test_numbers_from_0_and_the_verbs_past_latin1():
    # one scan alternative reads every number (one from 0 too, but not the character 0cX);
    # the verbs past Latin-1 are alternatives of their own (start-up: see scanner._SCAN_HEAD)
    assert [(t.kind, t.value) for t in tokens("007+0.5*00.5e1-0c0,0∇x∂y˙1")] == [
        ("num", 7), ("verb", "+"), ("num", 0.5), ("verb", "*"), ("num", 5.0), ("verb", "-"),
        ("char", Char("0")), ("verb", ","), ("num", 0), ("verb", "∇"), ("name", "x"),
        ("verb", "∂"), ("name", "y"), ("verb", "˙"), ("num", 1)]


def _kinds(src: str):
    return tokenize_arrays(src, blank_newlines=False)[0]


def test_newlines_inside_braces_conditionals_and_evlists_are_left_out():
    assert _kinds("f::{x\n+1}\ng::2").count(L.NEWLINE) == 1
    assert _kinds(":[1\n;2\n;3]\n4").count(L.NEWLINE) == 1
    assert _kinds("[;1\n2]\n3").count(L.NEWLINE) == 1
    # a call or parentheses inherit: kept at top level, left out inside braces
    assert _kinds("f(1\n)").count(L.NEWLINE) == 1
    assert _kinds("{f(1\n)}").count(L.NEWLINE) == 0
    # a string or list holding a brace does not open one
    assert _kinds('x::"{"\ny::[}]\nz').count(L.NEWLINE) == 2


def test_newlines_inside_braces_after_a_token_the_reference_lexer_read():
    # the scan's own tokens inside 0x1F, or inside a list holding 0c}, are not brackets
    assert _kinds("f::{x+0x1F\n+1}\ng").count(L.NEWLINE) == 1
    assert _kinds("f::{[1 0c}]\n2}\ng").count(L.NEWLINE) == 1
    assert _kinds("{1.2.3\n}\nz").count(L.NEWLINE) == 1


_NESTING_ATOMS = ["{", "}", ":[", "]", "[;", "(", ")", ";", "\n", "x", "1", "+", '"{"',
                  '"]"', "0c}", "0c]", "[1 2]", "[}]", ':{[1 2]}', "0x1F", ':"}"', " "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_NESTING_ATOMS), max_size=30))
def test_newlines_left_out_are_those_the_reference_lexer_finds_inside_brackets(atoms):
    src = "".join(atoms)
    expected = []
    depth = 0
    lx = Lexer(src)
    try:
        while True:
            t = lx.next(False)  # with NEWLINE tokens
            if t.kind == L.EOF:
                break
            if t.kind in (L.LBRACE, L.COND, L.EVLIST):
                depth += 1
            elif t.kind in (L.RBRACE, L.RBRACK) and depth:
                depth -= 1
            elif t.kind == L.NEWLINE and depth:
                continue
            expected.append(t.kind)
    except KlongSyntaxError:
        expected.append(L.ERROR)
    got = _kinds(src)
    n = expected.index(L.ERROR) if L.ERROR in expected else len(expected)
    assert got[:n] == expected[:n]
    if n == len(expected):
        assert got == expected + [L.EOF]


@pytest.mark.parametrize("lines", [1, 2, 3, 254, 255, 256, 300])
def test_line_table_matches_bisection(lines):
    src = "\n".join("x" * (i % 7) for i in range(lines))
    index = LineIndex(src)
    table = index.table()
    assert [table[o] for o in range(len(src) + 2)] == [index[o] for o in range(len(src) + 2)]



@given(st.text(alphabet="ab\n", max_size=12))
def test_parser_tables_equal_the_line_index(src):
    index = LineIndex(src)
    assert parser_tables(src) == (index.starts, index.table(), index.col_bases())

def test_multi_line_functions_parse_the_same_with_either_line_lookup(monkeypatch):
    src = 'f::{[a];a::x*2\n  a+1}\ng::{:[x>1;\n "big";\n "small"]}\nf(3)\n'
    table = parse(src)
    monkeypatch.setattr(LineIndex, "TABLE_MAX", 0)
    assert isinstance(LineIndex(src).table(), LineIndex)
    assert parse(src) == table
    assert table.exprs[1].value.span.line == 3


def test_comment_block_with_an_open_quote_is_skipped_and_lexing_goes_on():
    # the scan reads the block's lines as code (a string that never closes); the second
    # pass skips the block and scans again after it
    src = 'a::1\n.comment("END")\nnot "closed [ { :[\nEND\nb::a+1\nf::{x+\n1}\nf(b)'
    kinds = _kinds(src)
    assert L.ERROR not in kinds
    assert kinds.count(L.NEWLINE) == 4   # the block is one; the one inside f is left out
    from klong.interpreter import KlongInterpreter
    assert KlongInterpreter()(src) == 3


def test_a_name_written_before_assignment_is_one_token_only_for_the_parser():
    kinds, values, starts, ends = tokenize_arrays("ab::1;c ::2")
    assert kinds == [L.NAME, L.VERB, L.NUM, L.SEMI, L.NAME, L.VERB, L.NUM, L.EOF]
    assert (values[:2], starts[:2], ends[:2]) == (["ab", "::"], [0, 2], [2, 4])
    kinds, values, starts, ends = tokenize_arrays("ab::1;c ::2;x::3", assign_tokens=True)
    assert kinds == [L.ASSIGN, L.NUM, L.SEMI, L.NAME, L.VERB, L.NUM, L.SEMI, L.ASSIGN, L.NUM,
                     L.EOF]
    assert (values[0], starts[0], ends[0], values[7]) == ("ab::", 0, 4, "x::")
    # :: followed by a symbol or a dictionary: the name and :: still come first
    assert tokenize_arrays("a:::b", assign_tokens=True)[0] == [L.ASSIGN, L.SYM, L.EOF]
