"""Chunking: each chunk parses as it does inside the whole file, and an incremental update
gives the same table as splitting the new text from scratch."""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from klong.syntax.parser import parse_tolerant
from klong_lsp import chunks as C
from klong_lsp.chunks import split

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[2]

FRAGMENTS = ["a::1", "f::{x+1}", "g::{[a];\n a::x;\n a*2}", '"str\ning"', ':"comm\nent"',
             "[1 2\n 3]", ":{[1 2]\n[3 4]}", "{", "}", "[", "]", '"', "\n", "\n", "\n",
             '.comment("END")\nfoo\nEND', '0c"', "0c[", "x", ":[1;2;\n3]", "[;1;\n2]", "  ",
             ";", 'a::"s"', "b::[1 :[ 2]", "c::{x}", ":a", "::", ':0c"', "+/", "1", "(", ")",
             ':x:"c"', "a::[:{ 1]"]


def _same(a, b) -> bool:
    return (a.starts, a.ends, a.lines, a.opens) == (b.starts, b.ends, b.lines, b.opens)


def _chunkwise(text: str):
    tab = split(text)
    offsets, errors = [], []
    for i in range(len(tab)):
        program, errs = parse_tolerant(tab.chunk_text(i))
        offsets += [e.span.offset + tab.starts[i] for e in program.exprs]
        errors += [(e.span.offset + tab.starts[i], e.message) for e in errs]
    return tab, offsets, errors


@pytest.mark.parametrize("path", [ROOT / "tests/klong/conformance.kg", DATA / "constructs.kg"])
def test_chunks_parse_like_the_whole_file(path):
    text = path.read_text(encoding="utf-8")
    program, errors = parse_tolerant(text)
    tab, offsets, chunk_errors = _chunkwise(text)
    assert not any(tab.opens)
    assert offsets == [e.span.offset for e in program.exprs]
    assert chunk_errors == [(e.span.offset, e.message) for e in errors] == []


def test_chunks_cover_the_text_by_lines():
    text = "a::1\n\nf::{x+\n y}\n[1\n2]\n:\"c\nc\"\nlast"
    tab = split(text)
    assert [tab.chunk_text(i) for i in range(len(tab))] == [
        "a::1\n", "\n", "f::{x+\n y}\n", "[1\n2]\n", ':"c\nc"\n', "last"]
    assert tab.lines == [0, 1, 2, 4, 6, 8]


def test_colon_digraphs_do_not_open_anything():
    tab = split('a::"s"\nb::[1]\nc::{x}\nd:::{[1 2]}\n')
    assert [tab.chunk_text(i) for i in range(len(tab))][:4] == [
        'a::"s"\n', "b::[1]\n", "c::{x}\n", "d:::{[1 2]}\n"]


def test_unclosed_opener_is_cut_at_the_next_statement():
    text = "f::{x+\n  1\ng::2\nh::3\n"
    tab = split(text)
    assert tab.chunk_text(0) == "f::{x+\n  1\n"
    assert tab.opens[0] is not None and tab.opens[0].what == "{"
    assert tab.chunk_text(1) == "g::2\n"


def test_random_valid_programs_parse_alike():
    rng = random.Random(7)
    compared = 0
    for _ in range(1500):
        text = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 20)))
        program, errors = parse_tolerant(text)
        if errors:
            continue
        tab, offsets, chunk_errors = _chunkwise(text)
        if any(tab.opens):
            continue
        compared += 1
        assert offsets == [e.span.offset for e in program.exprs], text
        assert chunk_errors == [], text
    assert compared > 50


def test_incremental_update_equals_a_fresh_split():
    rng = random.Random(11)
    for _ in range(600):
        text = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(0, 25)))
        table = split(text)
        for _ in range(4):
            i = rng.randint(0, len(text))
            j = min(len(text), i + rng.randint(0, 8))
            new = text[:i] + "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(0, 2))) \
                + text[j:]
            updated, lo, old_hi, new_hi = table.update(new)
            assert _same(updated, split(new)), (text, new)
            assert updated.starts[:lo] == table.starts[:lo]
            assert len(updated) - new_hi == len(table) - old_hi
            table, text = updated, new


# characters that open, close or pair with something for statement_end, and some that do not
_ALPHABET = '{}[]:;"0cC\n\t .a1x+'


def _each_start(text: str):
    pos = 0
    while pos < len(text):
        yield pos
        pos = C._scanned_chunk(text, pos)[0] + 1


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_one_line_match_ends_where_statement_end_does(text):
    for pos in _each_start(text):
        assert C._next_chunk(text, pos) == C._scanned_chunk(text, pos), (text, pos)


def test_one_line_match_on_fragments():
    rng = random.Random(5)
    matched = 0
    for _ in range(3000):
        text = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 12)))
        for pos in _each_start(text):
            matched += C._SIMPLE_LINE.match(text, pos) is not None
            assert C._next_chunk(text, pos) == C._scanned_chunk(text, pos), (text, pos)
    assert matched > 500


def test_one_line_match_reads_the_common_lines():
    lines = ['f::{[a b];a::x;:[a>0;x*2;a]}', "h::{x*2}'[1 2],:{[:k \"v\"]}",
             'w::[0.5 -1.25 [3 "a"]]',
             ':" a comment "', 's::"a ""quoted"" string"', "[;1;2]", "d:::{[1 2] [3 4]}",
             "g::f:>w", "a::1;b::2"]
    for line in lines:
        assert C._SIMPLE_LINE.match(line + "\nnext\n") is not None, line
    for line in ["x::0c{", 'y::"open', "z::{x+", "t::{x]", "u::[1 :}]", "v::{:}"]:
        assert C._SIMPLE_LINE.match(line + "\nnext\n") is None, line


def _chunk_by_chunk(text: str):
    """The table of `text` found one chunk at a time (as an edit rescans), not by runs."""
    table = C.ChunkTable(text, [], [], [], [])
    table._scan_from(0, 0, len(text) + 1, lambda pos: False)
    return table


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS + ["a::1\n", "b::2\n", ':"comment"\n']),
                max_size=30).map("".join))
def test_runs_of_simple_lines_split_as_chunk_by_chunk(text):
    assert _same(split(text), _chunk_by_chunk(text)), text


def test_runs_stop_before_a_comment_block_and_at_256_lines():
    text = "a::1\n" * 300 + '.comment("E")\nx\nE\n' + "b::2\n" * 3
    table = split(text)
    assert _same(table, _chunk_by_chunk(text))
    assert table.chunk_text(300) == '.comment("E")\nx\nE\n'
