"""Tokens -> AST. `parse(src)` raises KlongSyntaxError; `parse_tolerant(src)` returns
(program, errors) and keeps going after an error, one statement at a time."""
from __future__ import annotations

from typing import List, Optional, Tuple

from ..errors import KlongSyntaxError, Span
from ..values import Symbol
from . import ast as A
from . import lexer as L
from .data import ListLit

_TERMINATORS = frozenset({L.SEMI, L.RPAREN, L.RBRACE, L.RBRACK, L.ELSE, L.NEWLINE, L.EOF})
_XYZ = {"x": 1, "y": 2, "z": 3}


def _tok_text(tok: L.Token) -> str:
    from ..printer import written
    k = tok.kind
    if k == L.EOF:
        return ":eof"
    if k == L.NEWLINE:
        return ":eol"
    if k in (L.NUM, L.CHAR, L.STR):
        return written(tok.value)
    if k == L.SYM:
        return ":" + tok.value
    if k == L.NAME:
        return tok.value
    if k == L.LIST:
        return "["
    if k == L.DICT:
        return ":{"
    return ":" + str(tok.value if tok.value is not None else k)


class _FnContext:
    __slots__ = ("arity",)

    def __init__(self) -> None:
        self.arity = 0


class Parser:
    def __init__(self, src: str):
        self.src = src
        self.lx = L.Lexer(src)
        self._peek: Optional[L.Token] = None
        self._peek_state = False
        self.skip_nl = [False]          # newlines are blanks inside { :[ [;
        self.fns: List[_FnContext] = []  # enclosing function literals

    # ---- token stream ---------------------------------------------------------
    def peek(self) -> L.Token:
        state = self.skip_nl[-1]
        if self._peek is None or self._peek_state != state:
            if self._peek is not None:
                # re-lex the same position under the new newline rule
                self.lx.pos, self.lx.line, self.lx.line_start = self._peek_pos
            self._peek_pos = (self.lx.pos, self.lx.line, self.lx.line_start)
            self._peek = self.lx.next(newlines=state)
            self._peek_state = state
        return self._peek

    def advance(self) -> L.Token:
        tok = self.peek()
        self._peek = None
        return tok

    def expect(self, kind: str, what: str) -> L.Token:
        tok = self.peek()
        if tok.kind != kind:
            raise self.err(f"expected {what}, got: {_tok_text(tok)}", tok.span)
        return self.advance()

    def err(self, msg: str, span: Span) -> KlongSyntaxError:
        return KlongSyntaxError(msg, span, self.src)

    # ---- programs ------------------------------------------------------------------
    def program(self, tolerant: bool = False) -> Tuple[A.Program, List[KlongSyntaxError]]:
        exprs: List[A.Node] = []
        errors: List[KlongSyntaxError] = []
        while True:
            tok = self.peek()
            if tok.kind == L.EOF:
                break
            if tok.kind == L.NEWLINE:
                self.advance()
                continue
            try:
                e = self.statement()
                exprs.append(e)
                tok = self.peek()
                if tok.kind == L.SEMI:
                    self.advance()
                    nxt = self.peek()
                    if nxt.kind in (L.SEMI, L.EOF):
                        raise self.err(f"syntax error: {_tok_text(nxt)}", nxt.span)
                elif tok.kind not in (L.NEWLINE, L.EOF):
                    raise self.err(f"syntax error: {_tok_text(tok)}", tok.span)
            except KlongSyntaxError as e:
                if not tolerant:
                    raise
                errors.append(e)
                self.resync(e)
        span = Span(1, 1, 0, max(1, len(self.src)))
        return A.Program(span, tuple(exprs)), errors

    def resync(self, e: KlongSyntaxError) -> None:
        """After an error: continue at the start of the line after the error."""
        at = e.span.offset if e.span else self.lx.pos
        at = max(at, self._peek_pos[0] if self._peek is not None else at)
        nl = self.src.find("\n", at)
        pos = len(self.src) if nl < 0 else nl + 1
        self.lx.pos = pos
        self.lx.line = self.src.count("\n", 0, pos) + 1
        self.lx.line_start = self.src.rfind("\n", 0, pos) + 1
        self._peek = None
        self.skip_nl = [False]
        self.fns = []

    def statement(self) -> A.Node:
        e = self.expr()
        if (isinstance(e, A.Call) and isinstance(e.fn, A.Name) and e.fn.name == ".comment"
                and len(e.args) == 1 and isinstance(e.args[0], A.Const)
                and type(e.args[0].value) is str):
            self.skip_comment_block(e.args[0].value, e.span)
        return e

    def skip_comment_block(self, marker: str, span: Span) -> None:
        """`.comment("END")`: skip the following lines through the first starting with END."""
        src = self.src
        start = self._peek_pos[0] if self._peek is not None else self.lx.pos
        nl = src.find("\n", start)
        pos = nl + 1 if nl >= 0 else len(src)
        while pos < len(src):
            nl = src.find("\n", pos)
            end = len(src) if nl < 0 else nl
            if src.startswith(marker, pos) and marker:
                self.lx.pos = end
                self.lx.line = src.count("\n", 0, end) + 1
                self.lx.line_start = src.rfind("\n", 0, end) + 1
                self._peek = None
                return
            pos = end + 1
        raise self.err(f"undelimited comment (line {span.line})", span)

    # ---- expressions -------------------------------------------------------------------
    def expr(self) -> A.Node:
        left = self.operand()
        tok = self.peek()
        kind = tok.kind
        if kind in _TERMINATORS:
            return left
        if kind == L.VERB:
            self.advance()
            if tok.value == "::":
                right = self.expr()
                span = _join(left.span, right.span)
                if isinstance(left, A.Name):
                    if self.fns and left.name in _XYZ:
                        raise self.err(f"'{left.name}' is read-only", left.span)
                    return A.Assign(span, left.name, left.span, right)
                return A.Dyad(span, A.Prim(tok.span, "::"), left, right)
            verb: A.Node = A.Prim(tok.span, tok.value)
            verb = self.adverbs(verb)
            right = self.expr()
            return A.Dyad(verb.span, verb, left, right)
        if kind == L.NAME or kind == L.LBRACE:
            fn = self.function_term()
            verb = self.adverbs(fn)
            right = self.expr()
            return A.Dyad(verb.span, verb, left, right)
        if kind == L.UNASSIGNED_OP:
            raise self.err(f"dyad expected: :{tok.value}", tok.span)
        raise self.err(f"syntax error: {_tok_text(tok)}", tok.span)

    def adverbs(self, verb: A.Node) -> A.Node:
        advs = []
        while self.peek().kind == L.ADVERB:
            advs.append(self.advance().value)
        if not advs:
            return verb
        return A.Adverbed(verb.span, verb, tuple(advs))

    def operand(self) -> A.Node:
        tok = self.peek()
        kind = tok.kind
        if kind in (L.NUM, L.CHAR, L.STR, L.SYM):
            self.advance()
            return A.Const(tok.span, tok.value)
        if kind == L.NAME or kind == L.LBRACE:
            fn = self.function_term()
            if self.peek().kind == L.ADVERB:
                verb = self.adverbs(fn)
                arg = self.expr()
                return A.Monad(verb.span, verb, arg)
            return fn
        if kind == L.VERB:
            self.advance()
            if tok.value == "::":
                raise self.err("expected monad, got: :::", tok.span)
            verb = self.adverbs(A.Prim(tok.span, tok.value))
            arg = self.expr()
            return A.Monad(verb.span, verb, arg)
        if kind == L.LIST or kind == L.DICT:
            self.advance()
            return A.Data(tok.span, tok.value)
        if kind == L.LPAREN and tok.value == "(":
            self.advance()
            e = self.expr()
            close = self.expect(L.RPAREN, ":)")
            return _respan(e, _join(tok.span, close.span)) if isinstance(e, A.Const) else e
        if kind == L.COND:
            return self.cond()
        if kind == L.EVLIST:
            return self.evlist()
        if kind == L.RPAREN:
            raise self.err("monad expected: :)", tok.span)
        if kind == L.UNASSIGNED_OP:
            raise self.err(f"expected monad, got: :{tok.value}", tok.span)
        raise self.err(f"syntax error: {_tok_text(tok)}", tok.span)

    def function_term(self) -> A.Node:
        """A name or {} literal, followed by any call argument lists."""
        tok = self.advance()
        if tok.kind == L.NAME:
            if self.fns and tok.value in _XYZ:
                ctx = self.fns[-1]
                ctx.arity = max(ctx.arity, _XYZ[tok.value])
            node: A.Node = A.Name(tok.span, tok.value)
        else:
            node = self.lambda_(tok)
        while self.peek().kind == L.LPAREN:
            if isinstance(node, A.Call) and not node.is_projection:
                raise self.err("dyad expected: :(", self.peek().span)
            node = self.call(node)
        return node

    def call(self, fn: A.Node) -> A.Call:
        open_tok = self.advance()
        self.skip_nl.append(self.skip_nl[-1])
        saved_fns = self.fns
        slot_ctx = _FnContext()
        if self.fns:
            self.fns = self.fns[:-1] + [slot_ctx]
        args: List[Optional[A.Node]] = []
        outer_semi = self._last_was_semi
        self._last_was_semi = False
        try:
            while True:
                tok = self.peek()
                if tok.kind == L.RPAREN:
                    if args or self._last_was_semi:
                        args.append(None)
                    break
                if tok.kind == L.SEMI:
                    args.append(None)
                    self.advance()
                    self._last_was_semi = True
                    continue
                args.append(self.expr())
                tok = self.peek()
                self._last_was_semi = False
                if tok.kind == L.SEMI:
                    self.advance()
                    self._last_was_semi = True
                    if self.peek().kind == L.RPAREN:
                        args.append(None)
                        break
                    continue
                if tok.kind != L.RPAREN:
                    raise self.err(f"expected :), got: {_tok_text(tok)}", tok.span)
                break
            close = self.expect(L.RPAREN, ":)")
        finally:
            self.skip_nl.pop()
            self.fns = saved_fns
            self._last_was_semi = outer_semi
        if len(args) > 3:
            raise self.err("too many arguments", _join(open_tok.span, close.span))
        span = _join(fn.span, close.span)
        if args and all(a is None for a in args):
            raise self.err("too few arguments in projection", span)
        is_proj = any(a is None for a in args)
        if self.fns and not is_proj:
            ctx = self.fns[-1]
            ctx.arity = max(ctx.arity, slot_ctx.arity)
        return A.Call(span, fn, tuple(args))

    _last_was_semi = False

    def lambda_(self, open_tok: L.Token) -> A.Lambda:
        ctx = _FnContext()
        self.fns.append(ctx)
        self.skip_nl.append(True)
        exprs: List[A.Node] = []
        local_names: Tuple[str, ...] = ()
        try:
            first = True
            while True:
                tok = self.peek()
                if tok.kind == L.RBRACE:
                    break
                e = self.expr()
                tok = self.peek()
                if (first and tok.kind == L.SEMI and isinstance(e, A.Data)
                        and isinstance(e.datum, ListLit)
                        and all(type(v) is Symbol for v in e.datum.items)):
                    names = tuple(str(v) for v in e.datum.items)
                    for nm in names:
                        if nm in _XYZ:
                            raise self.err(f"'{nm}' is read-only", e.span)
                    local_names = names
                    self.advance()
                    first = False
                    continue
                first = False
                exprs.append(e)
                if tok.kind == L.SEMI:
                    self.advance()
                    if self.peek().kind == L.RBRACE:
                        raise self.err("syntax error: :}", self.peek().span)
                    continue
                if tok.kind != L.RBRACE:
                    raise self.err(f"syntax error: {_tok_text(tok)}", tok.span)
            close = self.advance()
        finally:
            self.skip_nl.pop()
            self.fns.pop()
        span = _join(open_tok.span, close.span)
        body = A.Program(span, tuple(exprs))
        return A.Lambda(span, body, ctx.arity, local_names)

    def cond(self) -> A.Cond:
        open_tok = self.advance()
        self.skip_nl.append(True)
        clauses = []
        try:
            while True:
                c = self.expr()
                self.expect(L.SEMI, ":;")
                t = self.expr()
                tok = self.peek()
                if tok.kind == L.ELSE:
                    self.advance()
                    clauses.append((c, t))
                    continue
                self.expect(L.SEMI, ":;")
                clauses.append((c, t))
                otherwise = self.expr()
                close = self.expect(L.RBRACK, ":]")
                break
        finally:
            self.skip_nl.pop()
        return A.Cond(_join(open_tok.span, close.span), tuple(clauses), otherwise)

    def evlist(self) -> A.EvList:
        open_tok = self.advance()
        self.skip_nl.append(True)
        items = []
        try:
            while True:
                tok = self.peek()
                if tok.kind == L.RBRACK:
                    break
                items.append(self.expr())
                tok = self.peek()
                if tok.kind == L.SEMI:
                    self.advance()
                    continue
                if tok.kind != L.RBRACK:
                    raise self.err(f"expected :], got: {_tok_text(tok)}", tok.span)
            close = self.advance()
        finally:
            self.skip_nl.pop()
        return A.EvList(_join(open_tok.span, close.span), tuple(items))


def _join(a: Span, b: Span) -> Span:
    if b.offset < a.offset:
        a, b = b, a
    return Span(a.line, a.col, a.offset, max(a.length, b.offset + b.length - a.offset))


def _respan(node: A.Const, span: Span) -> A.Const:
    return node


def parse(src: str) -> A.Program:
    """Parse a whole program; raises KlongSyntaxError at the first error."""
    return Parser(src).program()[0]


def parse_tolerant(src: str) -> Tuple[A.Program, List[KlongSyntaxError]]:
    """Parse, collecting every syntax error (one per statement) instead of stopping."""
    return Parser(src).program(tolerant=True)
