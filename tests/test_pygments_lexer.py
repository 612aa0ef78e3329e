"""The Pygments lexer for Klong and its registration."""
from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from pygments.token import Error, Token

from klong.pygments_lexer import KlongLexer

ROOT = Path(__file__).resolve().parents[1]
T = Token


def tokens(src: str) -> list[tuple[object, str]]:
    found = list(KlongLexer().get_tokens(src))
    assert found[-1] == (T.Text.Whitespace, "\n")
    return found[:-1]


def test_definition_gradient_and_comment():
    assert tokens('f::{x^2};f:>3 :"sq"') == [
        (T.Name, "f"), (T.Keyword.Declaration, "::"), (T.Punctuation, "{"),
        (T.Name.Variable, "x"), (T.Operator, "^"), (T.Number.Integer, "2"),
        (T.Punctuation, "}"), (T.Punctuation, ";"), (T.Name, "f"), (T.Operator, ":>"),
        (T.Number.Integer, "3"), (T.Text.Whitespace, " "), (T.Comment.Multiline, ':"sq"'),
    ]


def test_unicode_operators():
    assert tokens("3∇f") == [(T.Number.Integer, "3"), (T.Operator, "∇"), (T.Name, "f")]
    assert tokens("x∂g") == [(T.Name.Variable, "x"), (T.Operator, "∂"), (T.Name, "g")]
    assert tokens("˙w") == [(T.Operator, "˙"), (T.Name, "w")]


def test_names_in_list_literals_are_symbols():
    assert tokens('[a -2 "s" :{[1 2]} [c]]') == [
        (T.Punctuation, "["), (T.String.Symbol, "a"), (T.Text.Whitespace, " "),
        (T.Number.Integer, "-2"), (T.Text.Whitespace, " "), (T.String.Double, '"s"'),
        (T.Text.Whitespace, " "), (T.Punctuation, ":{"), (T.Punctuation, "["),
        (T.Number.Integer, "1"), (T.Text.Whitespace, " "), (T.Number.Integer, "2"),
        (T.Punctuation, "]"), (T.Punctuation, "}"), (T.Text.Whitespace, " "),
        (T.Punctuation, "["), (T.String.Symbol, "c"), (T.Punctuation, "]"),
        (T.Punctuation, "]"),
    ]


def test_literals_and_system_names():
    assert tokens('.p(0c" ,0x1F,1.5e3,"a""b")') == [
        (T.Name.Builtin, ".p"), (T.Punctuation, "("), (T.String.Char, '0c"'),
        (T.Text.Whitespace, " "), (T.Operator, ","), (T.Number.Hex, "0x1F"),
        (T.Operator, ","), (T.Number.Float, "1.5e3"), (T.Operator, ","),
        (T.String.Double, '"a""b"'), (T.Punctuation, ")"),
    ]


def test_conditionals_adverbs_and_evaluated_lists():
    assert tokens(":[c;:a:|d;e]") == [
        (T.Keyword, ":["), (T.Name, "c"), (T.Punctuation, ";"), (T.String.Symbol, ":a"),
        (T.Keyword, ":|"), (T.Name, "d"), (T.Punctuation, ";"), (T.Name, "e"),
        (T.Punctuation, "]"),
    ]
    assert tokens("+/\\~'f:~[; a]") == [
        (T.Operator, "+"), (T.Operator.Word, "/"), (T.Operator.Word, "\\~"),
        (T.Operator.Word, "'"), (T.Name, "f"), (T.Operator.Word, ":~"),
        (T.Punctuation, "[;"), (T.Text.Whitespace, " "), (T.Name, "a"),
        (T.Punctuation, "]"),
    ]


def test_half_typed_input_is_highlighted_to_its_end():
    assert list(KlongLexer().get_tokens('f::{x+"ab')) == [
        (T.Name, "f"), (T.Keyword.Declaration, "::"), (T.Punctuation, "{"),
        (T.Name.Variable, "x"), (T.Operator, "+"), (T.String.Double, '"ab\n'),
    ]
    assert list(KlongLexer().get_tokens(':"note'))[0] == (T.Comment.Multiline, ':"note\n')


def test_the_conformance_file_lexes_without_errors():
    src = (ROOT / "tests" / "klong" / "conformance.kg").read_text(encoding="utf-8")
    found = list(KlongLexer().get_tokens_unprocessed(src))
    assert "".join(text for _, _, text in found) == src
    errors = [(src.count("\n", 0, pos) + 1, text) for pos, kind, text in found
              if kind is Error]
    assert errors == [(74, ":")]  # the body of a .comment("ENDC") block, which is not code


def test_entry_point_is_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["entry-points"]["pygments.lexers"] == {
        "klong": "klong.pygments_lexer:KlongLexer"}


def _installed_entry_point() -> bool:
    points = metadata.entry_points(group="pygments.lexers")
    return any(p.value == "klong.pygments_lexer:KlongLexer" for p in points)


@pytest.mark.skipif(not _installed_entry_point(),
                    reason="klong is not pip-installed here (CI installs it)")
def test_pygments_finds_the_lexer():
    from pygments.lexers import get_lexer_by_name

    assert type(get_lexer_by_name("klong")) is KlongLexer
    assert type(get_lexer_by_name("kg")) is KlongLexer
    assert KlongLexer.filenames == ["*.kg"]
