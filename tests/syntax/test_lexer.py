"""Unit tests of the lexer (language document §2): every lexeme form, spans, data literals,
colon digraphs and `needs_continuation`."""
from __future__ import annotations

import pytest

from klong.errors import KlongError, KlongSyntaxError, Span
from klong.interpreter import KlongInterpreter
from klong.printer import written
from klong.syntax import tokens as L
from klong.syntax.continuation import needs_continuation
from klong.syntax.data import DictLit, ListLit
from klong.syntax.reference_lexer import Lexer
from klong.syntax.scanner import tokenize
from klong.syntax.parser import parse
from klong.values import UNDEFINED, Char, Symbol


def _norm(v):
    """Token values made comparable (data literals have no __eq__)."""
    if isinstance(v, (ListLit, DictLit)):
        return ("datum", repr(plain(v)))
    if isinstance(v, KlongError):
        return ("error", v.message, v.span)
    return (type(v), v)


def _slow_tokens(src: str):
    """The one-token-at-a-time Lexer (also used for .r/.rs data), up to the first error."""
    lx = Lexer(src)
    out = []
    while True:
        tok = lx.next(False)
        if tok.kind == L.EOF:
            return out
        out.append(tok)


def tokens(src: str):
    """All tokens of `src` as the parser reads them (tokenize), up to (not including) EOF;
    raises the first lexical error. The slow Lexer must read the same tokens."""
    toks = tokenize(src)
    assert toks[-1].kind == L.EOF
    toks = toks[:-1]
    for t in toks:
        if t.kind == L.ERROR:
            raise t.value
    slow = _slow_tokens(src)
    assert [(t.kind, _norm(t.value), t.span) for t in slow] == \
        [(t.kind, _norm(t.value), t.span) for t in toks]
    return toks


def kv(src: str):
    """(kind, value) of every token."""
    return [(t.kind, t.value) for t in tokens(src)]


def one(src: str):
    """The single token of `src`."""
    toks = tokens(src)
    assert len(toks) == 1, toks
    return toks[0]


def lex_error(src: str) -> KlongError:
    """The first lexical error in `src`: an ERROR token of tokenize, which the slow Lexer
    raises the same."""
    errors = [t.value for t in tokenize(src) if t.kind == L.ERROR]
    assert errors, f"no lexical error in {src!r}"
    e = errors[0]
    assert isinstance(e, KlongSyntaxError) and e.kind == "syntax"
    with pytest.raises(KlongSyntaxError) as ei:
        _slow_tokens(src)
    assert (ei.value.message, ei.value.span) == (e.message, e.span)
    return e


def plain(datum):
    """A datum as nested Python lists / tuples of pairs, for comparison."""
    if isinstance(datum, ListLit):
        return [plain(v) for v in datum.items]
    if isinstance(datum, DictLit):
        key = "flat dict" if datum.flat else "dict"
        return {key: [(plain(k), plain(v)) for k, v in datum.pairs]}
    return datum


def datum(src: str):
    tok = one(src)
    assert tok.kind in (L.LIST, L.DICT)
    return plain(tok.value)


S = Symbol
C = Char


# ---- integers -------------------------------------------------------------------------

@pytest.mark.parametrize("src, value", [
    ("0", 0), ("42", 42), ("007", 7), ("123456789012", 123456789012),
    ("0b101", 5), ("0B11", 3), ("0o17", 15), ("0O17", 15), ("0x1f", 31), ("0X1F", 31),
    ("0xFf", 255), ("0b0", 0), ("0x00ff", 255),
])
def test_integer_literals(src, value):
    tok = one(src)
    assert tok.kind == L.NUM
    assert type(tok.value) is int and tok.value == value
    assert tok.span == Span(1, 1, 0, len(src))


@pytest.mark.parametrize("src, message, col", [
    ("0x", 'invalid number: "0x"', 1),
    ("0b", 'invalid number: "0b"', 1),
    ("0o8", "invalid digit in #o number: 0c8", 3),
    ("0xg", "invalid digit in #x number: 0cg", 3),
    ("0b102", "invalid digit in #b number: 0c2", 5),
])
def test_invalid_radix_numbers(src, message, col):
    e = lex_error(src)
    assert e.message == message
    assert (e.span.line, e.span.col) == (1, col)


def test_no_sign_in_numbers_minus_is_a_verb():
    assert kv("-1") == [(L.VERB, "-"), (L.NUM, 1)]
    assert kv("3 -1") == [(L.NUM, 3), (L.VERB, "-"), (L.NUM, 1)]


# ---- reals ------------------------------------------------------------------------------

@pytest.mark.parametrize("src, value", [
    ("1.", 1.0), ("1.e2", 100.0), ("1e3", 1000.0), ("1.5", 1.5), ("12.25", 12.25),
    ("1.5e-2", 0.015), ("1e+2", 100.0), ("0.0", 0.0), ("2.5e0", 2.5), ("007.5", 7.5),
])
def test_real_literals(src, value):
    tok = one(src)
    assert tok.kind == L.NUM
    assert type(tok.value) is float and tok.value == value
    assert tok.span.length == len(src)


@pytest.mark.parametrize("src, shown", [
    ("1.2.3", "1.2.3"), ("1e", "1e"), ("1..2", "1..2"), ("1e+", "1e+"), ("1.5e", "1.5e"),
])
def test_invalid_reals(src, shown):
    e = lex_error(src)
    assert e.message == f'invalid number: "{shown}"'
    assert e.span.col == 1


@pytest.mark.parametrize("src", ["٣", "1٣", "٣+1", "𝟙"])
def test_non_ascii_digits_are_not_numbers(src):
    e = lex_error(src)
    assert e.message.startswith("unexpected character")


def test_point_needs_a_digit_before_it():
    assert kv(".5") == [(L.NAME, ".5")]


def test_uppercase_e_is_not_an_exponent():
    assert kv("1E3") == [(L.NUM, 1), (L.NAME, "E3")]


# ---- characters and strings --------------------------------------------------------------

@pytest.mark.parametrize("src, ch", [
    ("0ca", "a"), ("0c0", "0"), ("0c ", " "), ('0c"', '"'), ("0CA", "A"), ("0c;", ";"),
    ("0c]", "]"), ("0c:", ":"), ("0cé", "é"),
])
def test_char_literals(src, ch):
    tok = one(src)
    assert tok.kind == L.CHAR
    assert type(tok.value) is Char and tok.value == C(ch)
    assert tok.span == Span(1, 1, 0, 3)


def test_char_blank_then_more_tokens():
    assert kv("0c  1") == [(L.CHAR, C(" ")), (L.NUM, 1)]


def test_char_without_character_is_an_error():
    assert lex_error("0c").span.col == 1


@pytest.mark.parametrize("src, value", [
    ('""', ""), ('"abc"', "abc"), ('"a""b"', 'a"b'), ('""""', '"'), ('"x\\ny"', "x\\ny"),
    ('"a\nb"', "a\nb"), ('":""c"', ':"c'),
])
def test_string_literals(src, value):
    tok = one(src)
    assert tok.kind == L.STR
    assert type(tok.value) is str and tok.value == value
    assert tok.span.offset == 0 and tok.span.length == len(src)


def test_multiline_string_advances_the_line_count():
    toks = tokens('"a\nbc" d')
    assert toks[1].value == "d"
    assert (toks[1].span.line, toks[1].span.col) == (2, 5)


@pytest.mark.parametrize("src, col", [
    ('"abc', 1), ('x::"', 4), ('x::"\nab', 4),
    ('1+"ab""', 3),
    ('"a""b', 1),
])
def test_missing_end_of_string(src, col):
    e = lex_error(src)
    assert e.message == "missing end of string"
    assert (e.span.line, e.span.col) == (1, col)


# ---- comments ------------------------------------------------------------------------------

def test_comments_are_whitespace():
    assert kv('1 :"note" + 2') == [(L.NUM, 1), (L.VERB, "+"), (L.NUM, 2)]
    assert kv(':"lead"a') == [(L.NAME, "a")]
    assert kv('a:"no blank needed"+1') == [(L.NAME, "a"), (L.VERB, "+"), (L.NUM, 1)]


def test_comment_with_doubled_quote():
    assert kv(':"say ""hi"" here" 5') == [(L.NUM, 5)]


def test_multiline_comment_positions():
    toks = tokens(':"one\ntwo" x')
    assert kv(':"one\ntwo" x') == [(L.NAME, "x")]
    assert (toks[0].span.line, toks[0].span.col, toks[0].span.offset) == (2, 6, 11)


def test_comment_inside_list_literal():
    assert datum('[1 :"c" 2]') == [1, 2]
    assert datum('[:"a" [1 :"b"] :"c"]') == [[1]]


def test_comment_inside_dictionary_literal():
    assert datum(':{:"c" [1 2] :"d"}') == {"dict": [(1, 2)]}


@pytest.mark.parametrize("src, col", [
    (':"x', 1), ('1+:"abc', 3),
    (':"a""', 1),
    ('1 :"say ""hi', 3),
])
def test_missing_end_of_comment(src, col):
    e = lex_error(src)
    assert e.message == "missing end of comment"
    assert (e.span.line, e.span.col) == (1, col)


# ---- names and symbols ------------------------------------------------------------------------

@pytest.mark.parametrize("src", ["a", "abc", "A1", "csv.read", ".p", ".f", "a.b.c", "x2y"])
def test_names(src):
    tok = one(src)
    assert tok.kind == L.NAME and tok.value == src
    assert tok.span == Span(1, 1, 0, len(src))


def test_names_are_case_sensitive_and_stop_at_non_name_chars():
    assert kv("Ab+aB") == [(L.NAME, "Ab"), (L.VERB, "+"), (L.NAME, "aB")]


@pytest.mark.parametrize("src, name", [
    (":foo", "foo"), (":a.b", "a.b"), (":.d", ".d"), (":undefined", "undefined"), (":X9", "X9"),
])
def test_quoted_symbols(src, name):
    tok = one(src)
    assert tok.kind == L.SYM
    assert type(tok.value) is Symbol and tok.value == S(name)
    assert tok.span == Span(1, 1, 0, len(src))


def test_quoted_undefined_is_a_symbol_not_the_undefined_value():
    k = KlongInterpreter()
    v = k(":undefined")
    assert type(v) is Symbol and v is not UNDEFINED
    assert k(":_:undefined") == 0


def test_colon_before_number_or_char_is_ignored():
    tok = one(":1")
    assert tok.kind == L.NUM and tok.value == 1
    assert tok.span.offset == 0
    assert kv(":0ca") == [(L.CHAR, C("a"))]
    assert kv(":2.5") == [(L.NUM, 2.5)]
    assert KlongInterpreter()(":1+:2") == 3


# ---- verbs, adverbs, punctuation ---------------------------------------------------------------

@pytest.mark.parametrize("glyph", list("!#$%&*+,-<=>?@^_|~"))
def test_single_char_verbs(glyph):
    tok = one(glyph)
    assert (tok.kind, tok.value) == (L.VERB, glyph)
    assert tok.span == Span(1, 1, 0, 1)


@pytest.mark.parametrize("glyph", [":@", ":=", ":-", "::", ":#", ":$", ":%", ":+", ":^", ":_"])
def test_colon_verbs(glyph):
    tok = one(glyph)
    assert (tok.kind, tok.value) == (L.VERB, glyph)
    assert tok.span == Span(1, 1, 0, 2)


@pytest.mark.parametrize("glyph", ["'", "/", "\\", ":'", ":\\", ":/", ":~", ":*", "\\~", "\\*"])
def test_adverbs(glyph):
    tok = one(glyph)
    assert (tok.kind, tok.value) == (L.ADVERB, glyph)
    assert tok.span.length == len(glyph)


def test_scan_digraphs_bind_tighter_than_scan():
    assert kv("\\~\\*\\") == [(L.ADVERB, "\\~"), (L.ADVERB, "\\*"), (L.ADVERB, "\\")]
    assert kv("\\ ~") == [(L.ADVERB, "\\"), (L.VERB, "~")]


def test_two_char_operators():
    assert kv("a:=b") == [(L.NAME, "a"), (L.VERB, ":="), (L.NAME, "b")]
    assert kv("1::2") == [(L.NUM, 1), (L.VERB, "::"), (L.NUM, 2)]
    assert [t.kind for t in tokens("a:-[1]")] == [L.NAME, L.VERB, L.LIST]
    e = lex_error("a: =b")  # a lone colon is not a token
    assert (e.span.col, e.message) == (2, "syntax error: :")


@pytest.mark.parametrize("src, kind", [
    ("(", L.LPAREN), (")", L.RPAREN), ("{", L.LBRACE), ("}", L.RBRACE), ("]", L.RBRACK),
    (";", L.SEMI), (":[", L.COND), (":|", L.ELSE),
])
def test_punctuation(src, kind):
    tok = one(src)
    assert tok.kind == kind
    assert tok.span == Span(1, 1, 0, len(src))


def test_old_call_paren():
    tok = one(":(")
    assert tok.kind == L.LPAREN and tok.value == ":("


@pytest.mark.parametrize("glyph", [":!", ":&", ":,", ":<", ":?", ":;"])
def test_unassigned_colon_digraphs(glyph):
    # the lexer may reject them itself or leave that to the parser: either way, reading
    # them is a syntax error spanning the two characters
    with pytest.raises(KlongError) as ei:
        parse(glyph + "1")
    e = ei.value
    assert e.kind == "syntax"
    assert e.message == f"expected monad, got: :{glyph}"
    assert e.span == Span(1, 1, 0, 2)


def test_autograd_digraph_is_a_verb():
    assert kv(":>") == [(L.VERB, ":>")]


def test_newline_tokens():
    assert [t.kind for t in tokens("a\nb")] == [L.NAME, L.NEWLINE, L.NAME]
    assert [t.kind for t in tokens("a \r\n\tb")] == [L.NAME, L.NEWLINE, L.NAME]
    lx = Lexer("a\n\nb")
    assert [lx.next(True).kind for _ in range(3)] == [L.NAME, L.NAME, L.EOF]


def test_lexing_goes_on_after_an_error_at_the_next_line():
    toks = tokenize("1.2.3 junk\nx 0x\ny")
    kinds = [t.kind for t in toks]
    assert kinds.count(L.ERROR) == 2
    assert [t.span.line for t in toks if t.kind == L.ERROR] == [1, 2]
    assert (L.NAME, "y") in [(t.kind, t.value) for t in toks]


# ---- spans ----------------------------------------------------------------------------------

def test_token_spans_on_one_line():
    toks = tokens("ab + 12.5 :sym")
    assert [t.span for t in toks] == [
        Span(1, 1, 0, 2), Span(1, 4, 3, 1), Span(1, 6, 5, 4), Span(1, 11, 10, 4)]


def test_token_spans_over_lines():
    src = "a\n  bc::\t\"s\"\n\n0cx"
    toks = [t for t in tokens(src) if t.kind != L.NEWLINE]
    assert [(t.kind, t.span) for t in toks] == [
        (L.NAME, Span(1, 1, 0, 1)),
        (L.NAME, Span(2, 3, 4, 2)),
        (L.VERB, Span(2, 5, 6, 2)),
        (L.STR, Span(2, 8, 9, 3)),
        (L.CHAR, Span(4, 1, 14, 3)),
    ]
    for t in toks:
        assert src[t.span.offset:t.span.end()] in ("a", "bc", "::", '"s"', "0cx")


def test_error_span_on_a_later_line():
    e = lex_error("1\n2\n  3.4.5")
    assert (e.span.line, e.span.col, e.span.offset) == (3, 3, 6)


def test_char_newline_counts_as_a_line():
    toks = tokens("0c\nx")
    assert toks[0].value == C("\n")
    assert (toks[1].span.line, toks[1].span.col) == (2, 1)


# ---- list literals (data) ------------------------------------------------------------------------

@pytest.mark.parametrize("src, value", [
    ("[]", []),
    ("[1 2 3]", [1, 2, 3]),
    ("[a b]", [S("a"), S("b")]),
    ("[-1.5e2]", [-150.0]),
    ("[- 1]", [S("-"), 1]),
    ("[+]", [S("+")]),
    ("[{x} ;]", [S("{"), S("x"), S("}"), S(";")]),
    ("[:+]", [S(":+")]),
    ("[-0x10]", [0, S("x10")]),
    ("[3 -1]", [3, -1]),
    ("[1-1]", [1, -1]),
    ("[0x10 0b11]", [16, 3]),
    ("[1. 2.5]", [1.0, 2.5]),
    ('[0ca 0c  "s"]', [C("a"), C(" "), "s"]),
    ('["a""b"]', ['a"b']),
    ("[:foo :a.b]", [S("foo"), S("a.b")]),
    ("[:1 :0cx]", [1, C("x")]),
    ("[.p csv.read]", [S(".p"), S("csv.read")]),
    ("[[1 2] [3 [4]] []]", [[1, 2], [3, [4]], []]),
    ("[1\n2\n]", [1, 2]),
    ("[( ) ' /]", [S("("), S(")"), S("'"), S("/")]),
    ("[:[ :|]", [S(":["), S(":|")]),
    ("[-a]", [S("-"), S("a")]),
])
def test_list_literals_are_data(src, value):
    got = datum(src)
    assert got == value
    # check exact types (1 vs 1.0, Char vs str, Symbol vs str)

    def types(x):
        return [types(v) for v in x] if isinstance(x, list) else type(x)
    assert types(got) == types(value)


def test_list_literal_is_one_token_with_its_span():
    toks = tokens("x,[1\n 2]+1")
    assert [t.kind for t in toks] == [L.NAME, L.VERB, L.LIST, L.VERB, L.NUM]
    assert toks[2].span.offset == 2
    assert toks[2].span.length == 6
    assert (toks[4].span.line, toks[4].span.col) == (2, 5)


def test_list_literal_values_through_the_interpreter():
    k = KlongInterpreter()
    assert written(k("[a b]")) == "[:a :b]"
    assert written(k("[- 1]")) == "[:- 1]"
    assert written(k("[{x} ;]")) == "[:{ :x :} :;]"
    assert written(k("[-1.5e2]")) == "[-150.0]"
    assert written(k("[1 [2 :x] \"s\" 0cc]")) == '[1 [2 :x] "s" 0cc]'


def test_unclosed_list_literal():
    e = lex_error("[1 2")
    assert e.span.col == 1
    lex_error("[1 [2]")


@pytest.mark.parametrize("src, value", [
    (":{}", {"dict": []}),
    (":{[1 2]}", {"dict": [(1, 2)]}),
    (':{[1 "one"] [:a [1 2]]}', {"dict": [(1, "one"), (S("a"), [1, 2])]}),
    (":{[a b]\n [c d]}", {"dict": [(S("a"), S("b")), (S("c"), S("d"))]}),
    ("[:{[1 2]} 3]", [{"dict": [(1, 2)]}, 3]),
    (":{[k :{[1 2]}]}", {"dict": [(S("k"), {"dict": [(1, 2)]})]}),
])
def test_dictionary_literals(src, value):
    assert datum(src) == value


# ours (§2, §14.1 item 13): a single entry that is a flat list of an even number >= 4 of
# items is read as consecutive key/value pairs (kg: malformed dictionary entry)
@pytest.mark.parametrize("src, value", [
    (':{["lr" 0.01 "momentum" 0.9]}', {"flat dict": [("lr", 0.01), ("momentum", 0.9)]}),
    (":{[1 2 3 4]}", {"flat dict": [(1, 2), (3, 4)]}),
    (":{ [a 1 b 2 c 3]\n }", {"flat dict": [(S("a"), 1), (S("b"), 2), (S("c"), 3)]}),
    (':{[:a 0cx "s" -1.5]}', {"flat dict": [(S("a"), C("x")), ("s", -1.5)]}),
    (":{[1 :{[2 3]} 4 5]}", {"flat dict": [(1, {"dict": [(2, 3)]}), (4, 5)]}),
    ("[:{[1 2 3 4]} 5]", [{"flat dict": [(1, 2), (3, 4)]}, 5]),
    (':{:"c" [0x10 1 2 3] :"d"}', {"flat dict": [(16, 1), (2, 3)]}),
])
def test_flat_dictionary_literals(src, value):
    assert datum(src) == value


def test_dictionary_literal_values():
    k = KlongInterpreter()
    assert written(k(":{[1 2] [3 4]}")) == ":{[1 2] [3 4]}"
    assert written(k(":{[1 2] [1 3]}")) == ":{[1 2]}"  # a repeated key keeps its first value
    assert written(k(":{}")) == ":{}"
    flat = ':{["lr" 0.01 "momentum" 0.9]}'
    assert written(k(flat)) == ':{["lr" 0.01] ["momentum" 0.9]}'
    assert written(k(":{[1 2 1 3]}")) == ":{[1 2]}"       # as a repeated key elsewhere
    assert written(k(f"d::{flat};d,[1 2];e::{flat};#e")) == "2"   # a fresh one each time
    assert written(k('.rs(":{[1 2 3 4]}")')) == ":{[1 2] [3 4]}"   # read as data, too


@pytest.mark.parametrize("src, shown, col", [
    (":{[1]}", "[1]", 3),
    (":{[1 2 3]}", "[1 2 3]", 3),
    (":{[1 2] 5}", "5", 9),
    (":{[1 2] []}", "[]", 9),
    (":{a}", ":a", 3),
    # not the flat form: odd, too short, a nested list, or not the only entry
    (":{[1 2 3 4 5]}", "[1 2 3 4 5]", 3),
    (":{[[1 2] [3 4] [5 6] [7 8]]}", "[[1 2] [3 4] [5 6] [7 8]]", 3),
    (":{[1 [2] 3 4]}", "[1 [2] 3 4]", 3),
    (":{[1 2 3 4] [5 6]}", "[1 2 3 4]", 3),
    (":{[5 6] [1 2 3 4]}", "[1 2 3 4]", 9),
    (":{[1 2 3 4] [5 6 7 8]}", "[1 2 3 4]", 3),
    (":{[1 2 3 4] 0x}", "[1 2 3 4]", 3),    # reported before the next entry's own error
])
def test_malformed_dictionary_entry(src, shown, col):
    e = lex_error(src)
    assert e.message == f"malformed dictionary entry: {shown}"
    assert (e.span.line, e.span.col) == (1, col)


def test_unclosed_dictionary():
    lex_error(":{[1 2]")


# ---- needs_continuation ------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "[", "{", ":{", ":[", '"ab', '"a""', 'x::"', "f::{x+", "[1 2", ":[x;", ":{[1 2]",
    "{[a];\n a::1", "[0c]", '"', "{{}", 'x::"a\nb', ":[1;2:|",
])
def test_needs_continuation_true(text):
    assert needs_continuation(text) is True


@pytest.mark.parametrize("text", [
    "", "1+2", "[1 2]", "{x}", ":{[1 2]}", ":[1;2;3]", '"ab"', '"a"""', "(", "(1+",
    "f(1;", "0c[", "0c{", '0c"', ':"a [ { comment"', '"["', "x+:\"{\"", "]", "}", "{x}]",
])
def test_needs_continuation_false(text):
    assert needs_continuation(text) is False


def test_needs_continuation_with_parens():
    assert needs_continuation("(1+", parens=True) is True
    assert needs_continuation("f(1;", parens=True) is True
    assert needs_continuation("(1)", parens=True) is False
    assert needs_continuation('"("', parens=True) is False
