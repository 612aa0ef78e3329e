"""A Pygments lexer for Klong, registered as the `klong` lexer (entry point
`pygments.lexers`), so that the REPL, Sphinx, MkDocs and `pygmentize -l klong` colour Klong
the same way.

It follows the rules of `klong.syntax.reference_lexer`, but never fails: whatever it does not
recognise, it marks as an error token and goes on (the REPL highlights half-typed input).
Inside a list literal `[...]` and a dictionary `:{...}` bare names are symbols, as in the
language.
"""
from __future__ import annotations

from pygments.lexer import RegexLexer, include
from pygments.token import (Comment, Error, Keyword, Name, Number, Operator, Punctuation,
                            String, Whitespace)

__all__ = ["KlongLexer"]

_NAME = r"[A-Za-z.][A-Za-z0-9.]*"
_STRING = r'"(?:[^"]|"")*"?'


class KlongLexer(RegexLexer):
    """Klong, the array language of Nils M Holm (https://t3x.org/klong/)."""

    name = "Klong"
    url = "https://t3x.org/klong/"
    aliases = ["klong", "kg"]
    filenames = ["*.kg"]
    mimetypes = ["text/x-klong"]

    tokens = {
        "common": [
            (r"[ \t\r\f\n]+", Whitespace),
            (r':"(?:[^"]|"")*"?', Comment.Multiline),
            (_STRING, String.Double),
            (r"0[cC](?s:.)", String.Char),
            (r"0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+", Number.Hex),
            (r"[0-9]+(?:\.[0-9]*)?e[+-]?[0-9]+", Number.Float),
            (r"[0-9]+\.[0-9]*", Number.Float),
            (r"[0-9]+", Number.Integer),
        ],
        "root": [
            include("common"),
            (r"\[[ \t\r\n]*;", Punctuation),
            (r"\[", Punctuation, "list"),
            (r":\{", Punctuation, "dict"),
            (r":\[|:\|", Keyword),
            (":" + _NAME, String.Symbol),
            (r"\.[A-Za-z][A-Za-z0-9.]*", Name.Builtin),
            (r"[xyz](?![A-Za-z0-9.])", Name.Variable),
            (_NAME, Name),
            (r"::", Keyword.Declaration),
            (r":[@=\-#$%+^_>]", Operator),
            (r":['\\/~*]", Operator.Word),
            (r"\\[~*]|['/\\]", Operator.Word),
            (r":[!&,<?;]", Operator),
            (r"[!#$%&*+,\-<=>?@^_|~∇∂˙]", Operator),
            (r":\(", Punctuation),
            (r":(?=[0-9])", Number),
            (r"[(){};\]]", Punctuation),
            (r".", Error),
        ],
        "list": [
            include("common"),
            (r"\[", Punctuation, "#push"),
            (r"\]", Punctuation, "#pop"),
            (r":\{", Punctuation, "dict"),
            (r"-[0-9]+\.[0-9]*(?:e[+-]?[0-9]+)?|-[0-9]+e[+-]?[0-9]+", Number.Float),
            (r"-[0-9]+", Number.Integer),
            (r":?" + _NAME, String.Symbol),
            (r":?[^ \t\r\n\]]", String.Symbol),
        ],
        "dict": [
            include("common"),
            (r"\[", Punctuation, "list"),
            (r"\}", Punctuation, "#pop"),
            (r":\{", Punctuation, "#push"),
            (r"-[0-9]+\.[0-9]*(?:e[+-]?[0-9]+)?|-[0-9]+e[+-]?[0-9]+", Number.Float),
            (r"-[0-9]+", Number.Integer),
            (r":?" + _NAME, String.Symbol),
            (r"[^ \t\r\n}]", Error),
        ],
    }
