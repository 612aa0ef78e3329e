"""Token kinds and the character classes of Klong's tokens, shared by the two readers
(reference_lexer.Lexer and scanner.tokenize_arrays) and the parser. Kinds are these string
constants, compared by identity."""
from __future__ import annotations

from typing import Any

from ..errors import Span

VERB_CHARS = frozenset("!#$%&*+,-<=>?@^_|~∇∂˙")
ADVERB_CHARS = frozenset("'/\\")
COLON_VERBS = frozenset(":@ := :- :: :# :$ :% :+ :^ :_ :>".split())
COLON_ADVERBS = frozenset(":' :\\ :/ :~ :*".split())
UNASSIGNED = frozenset(":! :& :, :< :? :;".split())
NAME_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.")
NAME_CHARS = NAME_START | frozenset("0123456789")
DIGITS = frozenset("0123456789")
WHITESPACE = frozenset(" \t\r\f")
RADIX = {"x": (16, "0123456789abcdefABCDEF"), "o": (8, "01234567"), "b": (2, "01")}

# token kinds
NUM, CHAR, STR, SYM, NAME = "num", "char", "str", "sym", "name"
VERB, ADVERB, LIST, DICT = "verb", "adverb", "list", "dict"
LPAREN, RPAREN, LBRACE, RBRACE, RBRACK = "(", ")", "{", "}", "]"
EVLIST, SEMI, COND, ELSE, NEWLINE, EOF = "[;", ";", ":[", ":|", "newline", "eof"
UNASSIGNED_OP = "unassigned"
# `name::` written together, one token for the parser (value: its text); see
# scanner.tokenize_arrays
ASSIGN = "assign"
# a lexical error, as the scanner reports it (value: the KlongSyntaxError)
ERROR = "error"


class Token:
    __slots__ = ("kind", "value", "span")

    def __init__(self, kind: str, value: Any, span: Span):
        self.kind = kind
        self.value = value
        self.span = span

    def __repr__(self) -> str:
        return f"Token({self.kind}, {self.value!r}, {self.span.line}:{self.span.col})"
