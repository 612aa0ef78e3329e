"""AST -> nested zero-argument Python closures. Compiled once per source text (see
interpreter.py's cache); execution then pays only for the closures. A function literal's
body is Python code from `codegen.py` where the generator takes it (`Runtime.codegen`),
these closures otherwise."""
from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Tuple

import numpy as np

from ..errors import KlongError, Span
from ..printer import written
from ..syntax import ast as A
from ..syntax import symtable as ST
from ..values import is_false
from . import adverbs as ADV
from .functions import Function, Projection, Runtime, call_value, empty_body, internal_error
from .inplace import INPLACE, apply_inplace, fresh
from .literals import is_constant, to_value
from .primitives import DYADS, MONADS, RUNTIME_DYADS, RUNTIME_MONADS, backend_dyad, backend_monad
from .scope import UNSET, LexicalScope, Slot

Thunk = Callable[[], Any]
_XYZ = ST.XYZ


class Plan:
    """What the closure compiler knew of a function literal, kept to generate its Python code
    later (`Function.warm`, `codegen.py`): the literal, the scopes around it (its own
    innermost), and the compiler's `memo` of its nodes (id(node) -> the Slot, Function or
    table key of a name, the keys an assignment writes, the thunk of a list literal or
    projection, the Function of a nested literal, a derived verb), so that the code does what
    the closures do."""

    __slots__ = ("node", "scopes", "memo", "src", "rt")

    def __init__(self, node: A.Lambda, scopes: Tuple[LexicalScope, ...], memo: Dict[int, Any],
                 src: str, rt: Runtime):
        self.node = node
        self.scopes = scopes
        self.memo = memo
        self.src = src
        self.rt = rt

    def build(self, fn: Function) -> Optional[Callable[..., Any]]:
        """The Python function of `fn`'s body, None where the generator declines."""
        # on first use: the generator is needed at a function's `rt.codegen`-th call, which
        # a short program (`klong -e`) may never make
        from .codegen import generate
        return generate(self, fn)


class Compiler:
    """Compiles one statement (AST node) to a closure, in the context of a Runtime."""

    def __init__(self, rt: Runtime, src: str):
        self.rt = rt
        self.src = src
        self.scopes: List[LexicalScope] = []
        self.fn_stack: List[Function] = []
        # what the Python code generator needs to know of each node, compiled later
        # (`Plan`): id(node) -> a Slot, Function or key of a name, the keys an
        # assignment writes, the thunk of a literal or projection, a derived verb
        self.memo: Optional[Dict[int, Any]] = {} if rt.codegen else None

    # ---- entry -------------------------------------------------------------------
    def compile(self, node: A.Node) -> Thunk:
        method = getattr(self, "c_" + type(node).__name__)
        return method(node)

    def _wrap(self, span: Span) -> Callable[[BaseException], KlongError]:
        src = self.src

        def fail(exc: BaseException) -> KlongError:
            err = internal_error(exc)
            return err.at(span, src)
        return fail

    # ---- leaves ------------------------------------------------------------------
    def c_Const(self, node: A.Const) -> Thunk:
        v = node.value
        return lambda: v

    def c_Data(self, node: A.Data) -> Thunk:
        B = self.rt.B
        d = node.datum
        if is_constant(d):
            try:
                v = to_value(B, d)
            except Exception as e:
                raise self._wrap(node.span)(e)
            if isinstance(v, np.ndarray):
                v.flags.writeable = False
            thunk = lambda: v  # noqa: E731
        else:
            thunk = lambda: to_value(B, d)  # noqa: E731
        if self.memo is not None:
            self.memo[id(node)] = thunk
        return thunk

    def c_EvList(self, node: A.EvList) -> Thunk:
        items = [self.compile(e) for e in node.items]
        B = self.rt.B
        return lambda: B.make_list([f() for f in items])

    def c_Name(self, node: A.Name) -> Thunk:
        name = node.name
        slot = self.lookup_local(name)
        fail = self._wrap(node.span)
        memo = self.memo
        if slot is not None:
            if memo is not None:
                memo[id(node)] = slot

            def local() -> Any:
                v = slot.value
                if v is UNSET:
                    raise fail(KlongError("undefined", f"undefined: {name}"))
                return v
            return local
        if name == ".f" and self.fn_stack:
            fn = self.fn_stack[-1]
            if memo is not None:
                memo[id(node)] = fn
            return lambda: fn
        table = self.rt.globals.table
        key = self.rt.globals.read_key(name)
        if memo is not None:
            memo[id(node)] = key
        missing = UNSET

        def glob() -> Any:
            v = table.get(key, missing)
            if v is missing:
                if key != name:
                    v = table.get(name, missing)
                    if v is not missing:
                        return v
                raise fail(KlongError("undefined", f"undefined: {name}"))
            return v
        return glob

    def lookup_local(self, name: str) -> Optional[Slot]:
        """The slot a name refers to inside the literals being compiled (the binding
        `symtable.resolve` gives); None for a global."""
        scopes = self.scopes
        if not scopes:
            return None
        b = ST.resolve(name, scopes)
        if b is None:
            return None
        scope = scopes[b[1]]
        return scope.declared[name] if b[0] is ST.LOCAL else scope.args[name]

    def declared_local(self, name: str) -> Optional[Slot]:
        """The local of the nearest enclosing literal that declares `name`, if any."""
        scopes = self.scopes
        i = ST.declared(name, scopes) if scopes else -1
        return scopes[i].declared[name] if i >= 0 else None

    # ---- assignment ----------------------------------------------------------------
    def c_Assign(self, node: A.Assign) -> Thunk:
        value = self.compile(node.value)
        name = node.name
        slot = self.declared_local(name)  # x y z: only declared ones (§7.3)
        if self.memo is not None:
            self.memo[id(node)] = slot
        if slot is not None:
            def set_local() -> Any:
                v = value()
                slot.value = v
                return v
            return set_local
        table = self.rt.globals.table
        keys = self.rt.globals.write_keys(name)
        if self.memo is not None:
            self.memo[id(node)] = keys
        if len(keys) == 1:
            key = keys[0]

            def set_global() -> Any:
                v = value()
                table[key] = v
                return v
            return set_global

        def set_both() -> Any:
            v = value()
            for k in keys:
                table[k] = v
            return v
        return set_both

    # ---- verbs ---------------------------------------------------------------------
    def c_Monad(self, node: A.Monad) -> Thunk:
        arg = self.compile(node.arg)
        verb = node.verb
        fail = self._wrap(verb.span)
        B = self.rt.B
        if isinstance(verb, A.Prim):
            fn = MONADS.get(verb.op)
            if fn is None:
                raise KlongError("syntax", f"expected monad, got: :{verb.op}").at(
                    verb.span, self.src)
            if verb.op in RUNTIME_MONADS:
                return self.runtime_monad(fn, arg, fail)
            if verb.op == "-" and isinstance(node.arg, A.Const) and \
                    type(node.arg.value) in (int, float):
                neg = -node.arg.value
                return lambda: neg

            def monad() -> Any:
                a = arg()
                try:
                    return fn(B, a)
                except Exception as e:
                    raise fail(e)
            return monad
        v = self.verb_object(verb)

        def derived() -> Any:
            a = arg()
            try:
                return v().monad(a)
            except Exception as e:
                raise fail(e)
        return derived

    def c_Dyad(self, node: A.Dyad) -> Thunk:
        verb = node.verb
        fail = self._wrap(verb.span)
        B = self.rt.B
        right = self.compile(node.right)
        left = self.compile(node.left)
        if isinstance(verb, A.Prim):
            op = verb.op
            if op == "::":
                def bad_define() -> Any:
                    b = right()
                    a = left()
                    raise fail(KlongError("type", f"define: type error: [{written(a)} "
                                                  f"{written(b)}]"))
                return bad_define
            fn = DYADS.get(op)
            if fn is None:
                raise KlongError("syntax", f"dyad expected: :{op}").at(verb.span, self.src)
            if op in RUNTIME_DYADS:
                return self.runtime_dyad(node, fn, left, right, fail)
            if op in INPLACE and B.name == "numpy" and (fresh(node.left) or fresh(node.right)):
                return _inplace_dyad(fn, B, INPLACE[op], left, right, fresh(node.left),
                                     fresh(node.right), fail)

            def dyad() -> Any:
                b = right()
                a = left()
                try:
                    return fn(B, a, b)
                except Exception as e:
                    raise fail(e)
            return dyad
        if isinstance(verb, A.Adverbed):
            v = self.verb_object(verb)

            def derived() -> Any:
                b = right()
                a = left()
                try:
                    return v().dyad(a, b)
                except Exception as e:
                    raise fail(e)
            return derived
        fnv = self.compile(verb)
        rt = self.rt

        def infix_call() -> Any:
            a = left()
            b = right()
            f = fnv()
            try:
                return call_value(rt, f, [a, b])
            except Exception as e:
                raise fail(e)
        return infix_call

    # ---- verbs registered with runtime=True (the autograd verbs, KlongPy extensions §13) --
    def runtime_monad(self, fn: Callable, arg: Thunk, fail) -> Thunk:
        rt = self.rt

        def monad() -> Any:
            a = arg()
            try:
                return fn(rt, a)
            except Exception as e:
                raise fail(e)
        return monad

    def runtime_dyad(self, node: A.Dyad, fn: Callable, left: Thunk, right: Thunk,
                     fail) -> Thunk:
        rt = self.rt
        names = (self.global_name(node.left), self.global_name(node.right))

        def dyad() -> Any:
            b = right()
            a = left()
            try:
                return fn(rt, a, b, names)
            except Exception as e:
                raise fail(e)
        return dyad

    def global_name(self, node: A.Node) -> str:
        """The name an operand is written as when it is a bare global name, else ""."""
        if isinstance(node, A.Name) and self.lookup_local(node.name) is None:
            return node.name
        return ""

    def verb_object(self, verb: A.Node) -> Thunk:
        """A thunk giving an object with .monad/.dyad for a verb with adverbs."""
        rt = self.rt
        if isinstance(verb, A.Prim):
            if backend_monad(verb.op) is None and backend_dyad(verb.op) is None:
                raise KlongError("syntax", f"unknown verb: {verb.op}").at(verb.span, self.src)
            pv = ADV.PrimVerb(rt.B, verb.op)
            return lambda: pv
        if isinstance(verb, A.Adverbed):
            base = self.verb_object(verb.verb)
            advs = verb.adverbs
            if isinstance(verb.verb, A.Prim):
                try:
                    dv = ADV.derive(rt, base(), advs)
                except KlongError as e:
                    raise e.at(verb.span, self.src) from None
                if self.memo is not None:
                    self.memo[id(verb)] = dv
                return lambda: dv
            return lambda: ADV.derive(rt, base(), advs)
        fnv = self.compile(verb)
        return lambda: ADV.FnVerb(rt, fnv())

    # ---- calls, functions, projections ------------------------------------------------
    def c_Call(self, node: A.Call) -> Thunk:
        fail = self._wrap(node.span)
        rt = self.rt
        if node.is_projection:
            return self.projection(node)
        # kg's order: the arguments left to right, then the callee (a name an argument
        # reassigns is read after it); an infix `a f b` is the call f(a;b)
        fnv = self.compile(node.fn)
        args = [self.compile(a) for a in node.args]
        n = len(args)
        if n == 0:
            def call0() -> Any:
                f = fnv()
                try:
                    return call_value(rt, f, [])
                except Exception as e:
                    raise fail(e)
            return call0
        if n == 1:
            a0 = args[0]

            def call1() -> Any:
                x = a0()
                f = fnv()
                try:
                    if type(f) is Function and f.arity == 1:
                        return f.call((x,))
                    return call_value(rt, f, [x])
                except Exception as e:
                    raise fail(e)
            return call1

        def calln() -> Any:
            vals = [a() for a in args]
            f = fnv()
            try:
                return call_value(rt, f, vals)
            except Exception as e:
                raise fail(e)
        return calln

    def projection(self, node: A.Call) -> Thunk:
        rt = self.rt
        fnv = self.compile(node.fn)
        params = None
        if self.scopes:
            holes = sum(1 for a in node.args if a is None)
            scope = LexicalScope(_XYZ[:holes], [], is_projection=True)
            self.scopes.append(scope)
            try:
                fixed = [None if a is None else self.compile(a) for a in node.args]
            finally:
                self.scopes.pop()
            params = scope.params
        else:
            fixed = [None if a is None else self.compile(a) for a in node.args]
        thunk = lambda: Projection(fnv, fixed, params, rt)  # noqa: E731
        if self.memo is not None:
            self.memo[id(node)] = thunk
        return thunk

    def c_Lambda(self, node: A.Lambda) -> Thunk:
        scope = LexicalScope(_XYZ, node.locals)
        fn = Function(node.arity, scope, self.rt)
        fn.literal = node
        self.scopes.append(scope)
        self.fn_stack.append(fn)
        try:
            fn.body = self.c_Program(node.body)
            if self.memo is not None:
                self.memo[id(node)] = fn
                fn.plan = Plan(node, tuple(self.scopes), self.memo, self.src, self.rt)
        finally:
            self.scopes.pop()
            self.fn_stack.pop()
        return lambda: fn

    def c_Program(self, node: A.Program) -> Thunk:
        parts = [self.compile(e) for e in node.exprs]
        if not parts:
            return empty_body
        if len(parts) == 1:
            return parts[0]

        def seq() -> Any:
            r = None
            for p in parts:
                r = p()
            return r
        return seq

    def c_Cond(self, node: A.Cond) -> Thunk:
        clauses = [(self.compile(c), self.compile(t)) for c, t in node.clauses]
        other = self.compile(node.otherwise)
        if len(clauses) == 1:
            (c0, t0), = clauses

            def cond1() -> Any:
                c = c0()
                if type(c) is int:
                    return t0() if c else other()
                return other() if is_false(c) else t0()
            return cond1

        def cond() -> Any:
            for c, t in clauses:
                if not is_false(c()):
                    return t()
            return other()
        return cond


def _inplace_dyad(fn, B, ufunc, left: Thunk, right: Thunk, lfresh: bool, rfresh: bool,
                  fail) -> Thunk:
    def dyad() -> Any:
        b = right()
        a = left()
        try:
            return apply_inplace(fn, B, ufunc, a, b, lfresh, rfresh)
        except Exception as e:
            raise fail(e)
    return dyad
