"""The one scanner of open brackets, strings and comments (REPL and language server):
list and dictionary literals are data there, as the lexer reads them."""
from __future__ import annotations

import pytest

from klong.syntax import parse
from klong.syntax.continuation import (Unclosed, balanced_source, needs_continuation,
                                      statement_end)


# complete statements that the REPL's old bracket counter took for open ones
@pytest.mark.parametrize("text", ["[{]", "[:[]", "[C0c]", '10c""', "[a({]", '[{"}";]'])
def test_symbols_and_names_in_data_open_nothing(text):
    parse(text)
    assert needs_continuation(text) is False
    assert needs_continuation(text, parens=True) is False


@pytest.mark.parametrize("text", ["[(1]", "[:(]", "(a0c)"])
def test_parens_in_data_open_nothing(text):
    parse(text)
    assert needs_continuation(text, parens=True) is False


@pytest.mark.parametrize("text, parens", [
    ("}[", False), ("]\n{", False), ("[}", False), ("{)", True), ("}(", True),
])
def test_a_stray_closer_closes_no_later_opener(text, parens):
    assert needs_continuation(text, parens=parens) is True


def test_statement_end():
    assert statement_end("a::1\nb::{\n2}\nc", 0) == (4, None)
    assert statement_end("a::1\nb::{\n2}\nc", 5) == (12, None)
    assert statement_end("x::[1\n2", 0) == (7, Unclosed(3, 1, "["))
    assert statement_end("f(1;\n2", 0) == (4, None)
    assert statement_end("f(1;\n2", 0, parens=True) == (6, Unclosed(1, 1, "("))


@pytest.mark.parametrize(("text", "start", "end", "source"), [
    ("z::(f):>(3)", 4, 10, "(f):>(3)"),        # parentheses around the edges are taken in
    ("w::w-0.1*(g(1)):>w", 10, 18, "(g(1)):>w"),
    ("a::f:>(1+", 3, 9, "f:>(1+)"),              # a missing one is added
    ('q::")"+(1', 3, 9, '")"+(1)'),               # a parenthesis in a string counts for nothing
])
def test_balanced_source_of_an_extent(text, start, end, source):
    assert balanced_source(text, start, end) == source
