"""Tokens -> AST. `parse(src)` raises KlongSyntaxError; `parse_tolerant(src)` returns
(program, errors) and keeps going after an error, one statement at a time.

The parser reads the scanner's parallel token arrays (kinds, values, starts, ends), makes
spans from the offsets only for the tokens that become nodes, and builds nodes with
tuple.__new__: parsing is on the hot path of the language server and of `.E`/`.l`."""
from __future__ import annotations

from itertools import accumulate, chain, compress, count, repeat
from operator import is_, sub
from typing import Any, List, Optional, Sequence, Tuple

from ..errors import KlongSyntaxError, Span, span_join, span_until
from . import ast as A
from . import tokens as L
from .atoms import Symbol
from .collector import paused
from .data import ListLit, atom_text
from .lines import parser_tables
from .scanner import assign_parts, tokenize_arrays

_TERMINATORS = frozenset({L.SEMI, L.RPAREN, L.RBRACE, L.RBRACK, L.ELSE, L.NEWLINE, L.EOF})
_XYZ = {"x": 1, "y": 2, "z": 3}
_new = tuple.__new__
_NUM, _CHAR, _STR, _SYM, _NAME = L.NUM, L.CHAR, L.STR, L.SYM, L.NAME
_VERB, _ADVERB, _LBRACE, _NEWLINE = L.VERB, L.ADVERB, L.LBRACE, L.NEWLINE
_LPAREN, _RPAREN, _RBRACE, _RBRACK = L.LPAREN, L.RPAREN, L.RBRACE, L.RBRACK
_SEMI, _ELSE, _LIST, _DICT, _ASSIGN = L.SEMI, L.ELSE, L.LIST, L.DICT, L.ASSIGN
_CONSTS = frozenset({L.NUM, L.CHAR, L.STR, L.SYM})
# kg's messages for a token where an operand should be (the end of input: `syntax error:`)
_MONAD_EXPECTED = {L.RPAREN: "monad expected: :)", L.SEMI: "monad expected: :;",
                   L.RBRACE: "monad expected: :}", L.RBRACK: "monad expected: :]",
                   L.ELSE: "expected monad, got: ::|"}


def _tok_text(kind: str, value: Any) -> str:
    if kind is L.EOF:
        return ":eof"
    if kind is L.NEWLINE:
        return ":eol"
    if kind in (L.NUM, L.CHAR, L.STR):
        return atom_text(value)
    if kind is L.SYM:
        return ":" + value
    if kind is L.NAME:
        return value
    if kind is L.LIST:
        return "["
    if kind is L.DICT:
        return ":{"
    return ":" + str(value if value is not None else kind)


class Parser:
    def __init__(self, src: str):
        self.src = src
        self.kinds, self.values, self.starts, self.ends = tokenize_arrays(
            src, blank_newlines=False, assign_tokens=True)
        # col = offset - col_base[line]
        self.line_starts, self.line_of, self.col_base = parser_tables(src)
        self.i = 0
        # the arity seen so far of each enclosing function literal, innermost last
        self.arities: List[int] = []
        # x, y and z declared as locals by the enclosing literals (§7.3): there they are
        # ordinary locals, so they neither count for an arity nor are read-only
        self.declared: List[str] = []

    # ---- token stream ---------------------------------------------------------
    # The lexer leaves out the newlines that are blanks (inside { :[ [;), so the next
    # token's kind is self.kinds[self.i]. An ERROR token matches no kind the grammar expects,
    # so it ends up in err_here, which raises the lexer's error.

    def advance(self) -> int:
        """Consume the next token; its index."""
        i = self.i
        if self.kinds[i] is not L.EOF:
            self.i = i + 1
        return i

    def expect(self, kind: str, what: str, expected: str) -> int:
        """Consume a token of `kind` (kg calls it `what`; `expected` says it in words)."""
        if self.kinds[self.i] != kind:
            raise self.err_here(f"expected {what}, got: ", expected)
        return self.advance()

    def span(self, i: int) -> Span:
        """The span of token i (tokens are never empty)."""
        start = self.starts[i]
        line = self.line_of[start]
        return _new(Span, (line, start - self.col_base[line], start, self.ends[i] - start))

    def span_to(self, i: int, last: int) -> Span:
        """The span from the start of token i to the end of token `last`."""
        start = self.starts[i]
        line = self.line_of[start]
        return _new(Span, (line, start - self.col_base[line], start, self.ends[last] - start))

    def err(self, msg: str, span: Span, detail: Optional[str] = None) -> KlongSyntaxError:
        """kg's message `msg`; `detail` says it in words (what users read)."""
        return KlongSyntaxError(msg, span, self.src, detail)

    def err_here(self, prefix: str, expected: str, note: str = "") -> KlongSyntaxError:
        """At the current token: kg's `prefix` and the token in kg's notation (`syntax
        error: :eof`); in words `expected EXPECTED, got: the end of input` and the note.
        A lexer error token is that error."""
        i = self.i
        if self.kinds[i] is L.ERROR:
            return self.values[i]
        return self.err(prefix + _tok_text(self.kinds[i], self.values[i]), self.error_span(i),
                        f"expected {expected}, got: {self.said(i)}{note}")

    def error_span(self, i: int) -> Span:
        """Where an error at token i is shown: the token, except that the end of input is
        shown right after the last token before it (`f::{x+` then a newline and more lines:
        after the `+`, where something is missing, not on the next line)."""
        if self.kinds[i] is not L.EOF or i == 0:
            return self.span(i)
        prev = i - 1
        start = self.starts[prev] if self.kinds[prev] is _NEWLINE else self.ends[prev]
        line = self.line_of[start]
        return _new(Span, (line, start - self.col_base[line], start, 1))

    def unclosed(self, open_i: int) -> str:
        """A note for an error at the end of input inside brackets: which one is open."""
        if self.kinds[self.i] is not L.EOF:
            return ""
        sp = self.span(open_i)
        return (f" (the {self.src[sp.offset:sp.offset + sp.length]} at line {sp.line}, "
                f"column {sp.col} is never closed)")

    def said(self, i: int) -> str:
        """Token i in a message in words: its text, or the end of the input or line."""
        kind = self.kinds[i]
        if kind is L.EOF:
            return "the end of input"
        if kind is _NEWLINE:
            return "the end of the line"
        text = self.src[self.starts[i]:self.ends[i]]
        return text if len(text) <= 30 else text[:27] + "..."

    def stray(self, i: int) -> KlongSyntaxError:
        """Token i, a closing bracket or :| where a statement should end."""
        kind = self.kinds[i]
        opener = {_RPAREN: "(", _RBRACE: "{", _RBRACK: ":[ or [;"}.get(kind)
        if kind is L.ELSE:
            words = ":| outside a conditional (it separates the clauses of :[c;t;:|c;t;e])"
        elif opener is not None:
            words = f"unmatched {self.said(i)}: there is no {opener} before it"
        else:
            return self.err_here("syntax error: ", "; or the end of the line")
        return self.err("syntax error: " + _tok_text(kind, self.values[i]), self.span(i), words)

    def operand_expected(self) -> KlongSyntaxError:
        """No operand at the current token (`1+`, `a::`, `()`)."""
        i = self.i
        kind = self.kinds[i]
        if kind is L.UNASSIGNED_OP:
            op = self.values[i]
            return self.err(f"expected monad, got: :{op}", self.span(i),
                            f"expected an operand, got: {op} (no verb is written {op})")
        before = self.kinds[i - 1] if i else None
        after = ""
        if before in (_VERB, _ADVERB, _ASSIGN, _NAME):
            after = f" (after {self.said(i - 1)})"
        if kind in _MONAD_EXPECTED:
            return self.err(_MONAD_EXPECTED[kind], self.span(i),
                            f"expected an operand, got: {self.said(i)}{after}")
        return self.err_here("syntax error: ", "an operand", after)

    def split_assign(self, i: int) -> None:
        """Token i, an ASSIGN after an operand (where a name is a dyad), as the NAME and
        the VERB `::` it stands for."""
        name, verb = assign_parts(self.values[i], self.starts[i], self.ends[i])
        for column, a, b in zip((self.kinds, self.values, self.starts, self.ends), name, verb):
            column[i:i + 1] = [a, b]

    # ---- programs ------------------------------------------------------------------
    def program(self, tolerant: bool = False) -> Tuple[A.Program, List[KlongSyntaxError]]:
        exprs: List[A.Node] = []
        errors: List[KlongSyntaxError] = []
        kinds = self.kinds
        while True:
            try:
                k = kinds[self.i]
                if k is L.EOF:
                    break
                if k is _NEWLINE:
                    self.i += 1
                    continue
                exprs.append(self.expr())
                k = kinds[self.i]
                if k is _NEWLINE:
                    self.i += 1
                elif k is L.SEMI:
                    self.i += 1
                    if kinds[self.i] is L.SEMI:
                        raise self.err("monad expected: :;", self.span(self.i),
                                       "expected an expression after ;, got: ;")
                    if kinds[self.i] is L.EOF:
                        raise self.err_here("syntax error: ", "an expression after ;")
                elif k is not L.EOF:
                    raise self.stray(self.i)
            except KlongSyntaxError as e:
                if not tolerant:
                    raise
                errors.append(e)
                self.resync(e)
                kinds = self.kinds
        span = _new(Span, (1, 1, 0, max(1, len(self.src))))
        return _new(A.Program, (span, tuple(exprs))), errors

    def resync(self, e: KlongSyntaxError) -> None:
        """After an error: go on with the first token after the error's line (and not before
        the next token), lexed afresh: the lexer's bracket nesting, which decides which
        newlines are blanks, starts over there."""
        i = self.i
        if self.kinds[i] is L.ERROR and self.values[i] is e:
            i += 1
        line = e.span.line if e.span else self.span(i).line
        line_starts = self.line_starts
        restart = line_starts[line] if line < len(line_starts) else len(self.src)
        if self.kinds[i] is not L.EOF and self.kinds[i] is not _NEWLINE:
            restart = max(restart, self.starts[i])
        self.kinds, self.values, self.starts, self.ends = tokenize_arrays(
            self.src, min(restart, len(self.src)), blank_newlines=False, assign_tokens=True)
        self.i = 0
        self.arities = []
        self.declared = []

    # ---- expressions -------------------------------------------------------------------
    def expr(self) -> A.Node:
        kinds = self.kinds
        i = self.i
        kind = kinds[i]
        # the operand: a name or constant (most operands) is read here, anything else by
        # operand(); spans are made inline (a call per node costs more than its span)
        if kind is _NAME and kinds[i + 1] is not _LPAREN:
            name = self.values[i]
            start = self.starts[i]
            line = self.line_of[start]
            col = start - self.col_base[line]
            span = _new(Span, (line, col, start, self.ends[i] - start))
            i += 1
            if name in _XYZ and self.arities:
                arities = self.arities
                if arities[-1] < _XYZ[name] and name not in self.declared:
                    arities[-1] = _XYZ[name]
            left = _new(A.Name, (span, name))
            self.i = i
            if kinds[i] is _ADVERB:
                verb = self.adverbs(left)
                return _new(A.Monad, (verb[0], verb, self.expr()))
        elif kind is _ASSIGN:  # `name::`, the most common statement: no Name node
            name = self.values[i][:-2]
            start = self.starts[i]
            line = self.line_of[start]
            col = start - self.col_base[line]
            span = _new(Span, (line, col, start, len(name)))
            if name in _XYZ and self.arities and name not in self.declared:
                raise self.err(f"'{name}' is read-only", span, _read_only_detail(name))
            self.i = i + 1
            right = self.expr()
            return _new(A.Assign, (span_join(span, right[0]), name, span, right))
        elif kind in _CONSTS:
            start = self.starts[i]
            line = self.line_of[start]
            left = _new(A.Const, (_new(Span, (line, start - self.col_base[line], start,
                                              self.ends[i] - start)), self.values[i]))
            i += 1
            self.i = i
        else:
            left = self.operand()
            i = self.i
        kind = kinds[i]
        if kind in _TERMINATORS:
            return left
        if kind is _VERB:
            self.i = i + 1
            op = self.values[i]
            if op == "::":  # `a ::` written apart, or `(a)::` and the like
                ls = left[0]
                if type(left) is A.Name and self.arities and left[1] in _XYZ and \
                        left[1] not in self.declared:
                    raise self.err(f"'{left[1]}' is read-only", ls,
                                   _read_only_detail(left[1]))
                right = self.expr()
                whole = span_join(ls, right[0])
                if type(left) is A.Name:
                    return _new(A.Assign, (whole, left[1], ls, right))
                return _new(A.Dyad, (whole, _new(A.Prim, (self.span(i), "::")), left, right))
            start = self.starts[i]
            line = self.line_of[start]
            verb = _new(A.Prim, (_new(Span, (line, start - self.col_base[line], start,
                                             self.ends[i] - start)), op))
            if kinds[i + 1] is _ADVERB:
                verb = self.adverbs(verb)
            return _new(A.Dyad, (verb[0], verb, left, self.expr()))
        if kind is _ASSIGN:  # `1 f::2`: f is the dyad here
            self.split_assign(i)
            kind = _NAME
        if kind is _NAME or kind is _LBRACE:
            verb = self.function_term()
            if type(verb) is A.Call and not verb.is_projection:
                fn = verb[1]
                name = fn[1] if type(fn) is A.Name else "{...}"
                raise self.err(f"dyad expected: {_tok_text(kind, self.values[i])}", verb[0],
                               f"expected a dyad, got: a call of {name} (a function called "
                               f"with (...) takes no left operand: write {name}(a;b))")
            if kinds[self.i] is _ADVERB:
                verb = self.adverbs(verb)
            return _new(A.Dyad, (verb[0], verb, left, self.expr()))
        if kind is L.UNASSIGNED_OP:
            op = self.values[i]
            raise self.err(f"dyad expected: :{op}", self.span(i),
                           f"expected a verb, got: {op} (no verb is written {op})")
        if kind is _ADVERB:
            raise self.err("syntax error: " + _tok_text(kind, self.values[i]), self.span(i),
                           f"the adverb {self.values[i]} follows an operand: it needs a verb "
                           f"or a function on its left")
        raise self.err_here("syntax error: ", "a verb after an operand")

    def _uses(self, name: str) -> None:
        """x, y or z is used in the innermost function literal: it takes at least that many
        arguments, unless an enclosing literal declares it (expr does the same inline)."""
        if self.arities[-1] < _XYZ[name] and name not in self.declared:
            self.arities[-1] = _XYZ[name]

    def adverbs(self, verb: A.Node) -> A.Node:
        """verb followed by the adverbs at the current token (there is at least one)."""
        kinds, values = self.kinds, self.values
        i = self.i
        advs = []
        while kinds[i] is _ADVERB:
            advs.append(values[i])
            i += 1
        self.i = i
        return _new(A.Adverbed, (verb[0], verb, tuple(advs)))

    def operand(self) -> A.Node:
        i = self.i
        kind = self.kinds[i]
        if kind is _NAME or kind is _LBRACE:
            fn = self.function_term()
            if self.kinds[self.i] is _ADVERB:
                verb = self.adverbs(fn)
                return _new(A.Monad, (verb[0], verb, self.expr()))
            return fn
        if kind is _VERB or kind is _LIST or kind is _DICT:
            self.i = i + 1
            start = self.starts[i]
            line = self.line_of[start]
            span = _new(Span, (line, start - self.col_base[line], start, self.ends[i] - start))
            value = self.values[i]
            if kind is not _VERB:
                return _new(A.Data, (span, value))
            if value == "::":
                raise self.err("expected monad, got: :::", span,
                               "expected an operand, got: :: (an assignment needs a name "
                               "on its left)")
            verb = _new(A.Prim, (span, value))
            if self.kinds[i + 1] is _ADVERB:
                verb = self.adverbs(verb)
            return _new(A.Monad, (verb[0], verb, self.expr()))
        if kind is _LPAREN and self.values[i] == "(":
            self.i = i + 1
            e = self.expr()
            self.expect(L.RPAREN, ":)", ") to close (")
            return e
        if kind is L.COND:
            return self.cond()
        if kind is L.EVLIST:
            return self.evlist()
        raise self.operand_expected()

    def function_term(self) -> A.Node:
        """A name or {} literal, followed by any call argument lists."""
        i = self.i
        self.i = i + 1
        if self.kinds[i] is _NAME:
            name = self.values[i]
            if name in _XYZ and self.arities:
                self._uses(name)
            node: A.Node = _new(A.Name, (self.span(i), name))
        else:
            node = self.lambda_(i)
        while self.kinds[self.i] is _LPAREN:
            if type(node) is A.Call and not node.is_projection:
                raise self.err("dyad expected: :(", self.span(self.i),
                               "a call's result cannot be called with (...): apply it with "
                               "@, as in f(a)@b")
            node = self.call(node)
        return node

    def call(self, fn: A.Node) -> A.Call:
        open_i = self.i
        self.i = open_i + 1
        kinds = self.kinds
        # x, y and z in the arguments make the enclosing function take them only when the
        # call is no projection: the arguments count them apart
        arities = self.arities
        outer = slot = 0
        if arities:
            outer = arities[-1]
            arities[-1] = 0
        args: List[Optional[A.Node]] = []
        last_semi = False  # an empty slot before a `)` is an argument too
        try:
            while True:
                k = kinds[self.i]
                if k is _RPAREN:
                    if args or last_semi:
                        args.append(None)
                    break
                if k is _SEMI:
                    args.append(None)
                    self.i += 1
                    last_semi = True
                    continue
                args.append(self.expr())
                k = kinds[self.i]
                last_semi = False
                if k is _SEMI:
                    self.i += 1
                    last_semi = True
                    if kinds[self.i] is _RPAREN:
                        args.append(None)
                        break
                    continue
                if k is not _RPAREN:
                    raise self.err_here("expected :), got: ", "; or ) in a call",
                                        self.unclosed(open_i))
                break
        finally:
            if arities:
                slot = arities[-1]
                arities[-1] = outer
        close_i = self.i
        self.i = close_i + 1
        if len(args) > 3:
            raise self.err("too many arguments", self.span_to(open_i, close_i),
                           f"too many arguments: {len(args)} (a function takes at most 3)")
        span = span_until(fn[0], self.ends[close_i])
        if None in args:
            if args.count(None) == len(args):
                raise self.err("too few arguments in projection", span)
        elif slot > outer:
            arities[-1] = slot
        return _new(A.Call, (span, fn, tuple(args)))

    def lambda_(self, open_i: int) -> A.Lambda:
        self.arities.append(0)
        kinds = self.kinds
        exprs: List[A.Node] = []
        local_names: Tuple[str, ...] = ()
        declared = 0  # how many x y z this literal declares
        try:
            if kinds[self.i] is not _RBRACE:
                e = self.expr()
                if (kinds[self.i] is _SEMI and type(e) is A.Data
                        and type(e[1]) is ListLit
                        and all(type(v) is Symbol for v in e[1].items)):
                    local_names = tuple(str(v) for v in e[1].items)
                    if not _XYZ.keys().isdisjoint(local_names):
                        xyz = [n for n in local_names if n in _XYZ]
                        self.declared += xyz
                        declared = len(xyz)
                    self.i += 1
                    if kinds[self.i] is not _RBRACE:
                        exprs.append(self.expr())
                else:
                    exprs.append(e)
                while True:
                    k = kinds[self.i]
                    if k is _RBRACE:
                        break
                    if k is not _SEMI:
                        raise self.err_here("syntax error: ", "; or } in a function",
                                            self.unclosed(open_i))
                    self.i += 1
                    if kinds[self.i] is _RBRACE:
                        raise self.err("monad expected: :}", self.span(self.i),
                                       "expected an expression after ;, got: }")
                    exprs.append(self.expr())
        finally:
            arity = self.arities.pop()
            if declared:
                del self.declared[-declared:]
        close_i = self.i
        self.i = close_i + 1
        span = self.span_to(open_i, close_i)
        return _new(A.Lambda, (span, _new(A.Program, (span, tuple(exprs))), arity,
                               local_names))

    def cond(self) -> A.Cond:
        open_i = self.i
        self.i = open_i + 1
        kinds = self.kinds
        clauses = []
        while True:
            c = self.expr()
            self.expect(_SEMI, ":;", "; after a condition in :[c;t;e]")
            clauses.append((c, self.expr()))
            if kinds[self.i] is not _ELSE:
                break
            self.i += 1
        self.expect(_SEMI, ":;", "; or :| after a clause in :[c;t;e]")
        otherwise = self.expr()
        close_i = self.expect(_RBRACK, ":]", "] to close :[")
        return _new(A.Cond, (self.span_to(open_i, close_i), tuple(clauses), otherwise))

    def evlist(self) -> A.EvList:
        open_i = self.i
        self.i = open_i + 1
        kinds = self.kinds
        items = []
        while True:
            k = kinds[self.i]
            if k is _RBRACK:
                break
            items.append(self.expr())
            k = kinds[self.i]
            if k is _SEMI:
                self.i += 1
                continue
            if k is not _RBRACK:
                raise self.err_here("expected :], got: ", "; or ] in [;...]",
                                    self.unclosed(open_i))
        close_i = self.i
        self.i = close_i + 1
        return _new(A.EvList, (self.span_to(open_i, close_i), tuple(items)))


class _LineParser(Parser):
    """A Parser over whole lines, each its own program (`parse_lines`): the token offsets are
    made relative to their line, so that the spans are those of the line parsed alone."""

    def __init__(self, lines: Sequence[str], src: str):
        self.src = src
        kinds, self.values, starts, ends = tokenize_arrays(
            src, blank_newlines=False, assign_tokens=True)
        newlines = list(compress(count(), map(is_, kinds, repeat(_NEWLINE))))
        # each line's newline ends its statements when there is one NEWLINE token per line
        # (a newline inside brackets is none); only then does `lines` parse
        self.whole_lines = len(newlines) == len(lines)
        # each token's line start, for the tokens up to each NEWLINE (then: the end)
        per_line = map(sub, newlines, chain((-1,), newlines))
        bases = list(chain.from_iterable(map(repeat, accumulate(map(len, lines), initial=0),
                                             per_line)))
        bases.extend(repeat(len(src), len(kinds) - len(bases)))
        self.kinds = kinds
        self.starts = list(map(sub, starts, bases))
        self.ends = list(map(sub, ends, bases))
        self.line_starts = [0]
        self.line_of = _ONE_LINE * (len(src) + 2)     # any relative offset: line 1
        self.col_base = [0, -1]
        self.i = 0
        self.arities = []
        self.declared = []

    def lines(self, count: int) -> Optional[List[Tuple[A.Node, ...]]]:
        """The statements of each of the `count` lines, or None (see parse_lines)."""
        if not self.whole_lines:
            return None
        kinds = self.kinds
        out: List[Tuple[A.Node, ...]] = []
        exprs: List[A.Node] = []
        try:
            while True:
                k = kinds[self.i]
                if k is _NEWLINE:
                    out.append(tuple(exprs))
                    exprs = []
                    self.i += 1
                    continue
                if k is L.EOF:
                    break
                exprs.append(self.expr())
                k = kinds[self.i]
                if k is L.SEMI:
                    self.i += 1
                    if kinds[self.i] is L.SEMI or kinds[self.i] is L.EOF:
                        return None
                elif k is not _NEWLINE:
                    return None
        except KlongSyntaxError:
            return None
        return out if len(out) == count and not exprs else None


_ONE_LINE = bytes((1,))


def parse_lines(lines: Sequence[str]) -> Optional[List[A.Program]]:
    """`[parse_tolerant(line)[0] for line in lines]` for lines that each end with their only
    newline, parsed as one text (the language server's one-line chunks: one tokenizer and
    parser for many, not one each); None when a line has a syntax error or its newline does
    not end its statements (a bracket left open), where each must be parsed alone."""
    src = "".join(lines)
    # `.comment("END")` skips the lines after it, which belong to the other lines here
    if src.count("\n") != len(lines) or not all(line[-1:] == "\n" for line in lines) or \
            ".comment" in src:
        return None
    with paused():
        parsed = _LineParser(lines, src).lines(len(lines))
        if parsed is None:
            return None
        return [_new(A.Program, (_new(Span, (1, 1, 0, len(line))), exprs))
                for line, exprs in zip(lines, parsed)]


def _read_only_detail(name: str) -> str:
    return (f"'{name}' is read-only: x, y and z are the function's arguments; declare it as a "
            f"local to assign it: {{[{name}];{name}::...}}")


def parse(src: str) -> A.Program:
    """Parse a whole program; raises KlongSyntaxError at the first error."""
    with paused():
        return Parser(src).program()[0]


def parse_tolerant(src: str) -> Tuple[A.Program, List[KlongSyntaxError]]:
    """Parse, collecting every syntax error (one per statement) instead of stopping."""
    with paused():
        return Parser(src).program(tolerant=True)
