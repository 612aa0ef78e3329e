"""Klong function literals compiled to Python code: the generator.

The closure compiler (`compile.py`) compiles every function literal, and leaves it a `Plan`:
what it decided at compile time about each node (the table key of a global, which slot a
local is, the Function of a nested literal, ...). When the function has been called
`Runtime.codegen` times (`Function.warm`), `generate` writes one Python function for its body,
taking the arguments themselves (`Function.direct`), and compiles it (code objects are
cached by their text). Its parameters and declared locals are Python locals: each call has
its own, which is what the closures' save/restore of slots gives, as long as no other code
reads them. So the generator declines (the closures stay) when a nested function literal or
a projection refers to them, as those read the slots later, and where it meets a node it
does not know.

What the code keeps from the closures, node by node:
- evaluation order: a glyph verb's right operand first, then its left; a call's arguments
  left to right, then the callee; an infix call `a f b`: a, b, then f;
- globals are read at each use from the table (rebinding is seen), under the key the
  closure compiler chose;
- each operation the closure compiler wraps for errors is one line of Python, and one
  handler per function turns an exception into the KlongError that wrapper would raise,
  with the span of the node of the line it crossed (`codegen_support.fail`);
- integers and reals: an operation on two Python ints (`type(x) is int`: exact, as Klong's
  integers) is computed inline, reals and mixed numbers take the scalar paths of
  `codegen_support`, everything else (arrays, tensors, chars, ...) calls the verb;
- a call site caches the last generated function it called (`call_site`), so a recursive
  call is one Python call.
KeyboardInterrupt is not caught (it reaches the interpreter, as before); a RecursionError
becomes error limit at the span of the call where the stack ran out (a generated function
uses fewer Python frames than the closures, so that call may be another one, deeper).
A function being traced by torch.compile keeps its closures until the trace ends."""
from __future__ import annotations

from collections import OrderedDict
from contextlib import contextmanager
from types import CodeType
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

import numpy as np

from ..errors import Span
from ..syntax import ast as A
from ..syntax import symtable as ST
from ..values import is_false
from . import adverbs as ADV
from . import codegen_support as S
from .functions import Function, empty_body
from .inplace import INPLACE, apply_inplace, fresh
from .literals import is_constant
from .primitives import DYADS, MONADS, RUNTIME_DYADS, RUNTIME_MONADS, backend_dyad, backend_monad
from .scope import UNSET, Slot
from .verbs.arithmetic import negate, not_

Thunk = Callable[[], Any]

_CODE_CACHE: "OrderedDict[str, CodeType]" = OrderedDict()
_CODE_CACHE_SIZE = 1024
_MAX_INDENT = 60          # nested conditionals deeper than this stay with the closures
_SMALL_INT = 1 << 62      # integer constants written as literals


class Decline(Exception):
    """The generator leaves this function literal to the closure compiler."""


class _NoFunction:
    __slots__ = ()


_NOFN = _NoFunction()       # what an empty call-site cache holds: no value is it

# (verb, Python expression of two integers `{a}` `{b}`) of the dyads computed inline
_INT_DYADS = {"+": "{a} + {b}", "-": "{a} - {b}", "*": "{a} * {b}",
              "<": "(1 if {a} < {b} else 0)", ">": "(1 if {a} > {b} else 0)",
              "=": "(1 if {a} == {b} else 0)", "|": "({a} if {a} >= {b} else {b})",
              "&": "({a} if {a} < {b} else {b})"}
# the dyads computed inline on a float and a real constant (Python's operator)
_REAL_DYADS = {"+": "+", "-": "-", "*": "*", "%": "/", "<": "<", ">": ">", "=": "=="}
# comparisons as a conditional's test: a Python bool for two integers
_INT_TESTS = {"<": "{a} < {b}", ">": "{a} > {b}", "=": "{a} == {b}"}
_PATH_NAMES = {"+": "_add", "-": "_sub", "*": "_mul", "%": "_div", "<": "_lt", ">": "_gt",
               "=": "_eq", "|": "_max", "&": "_min", "!": "_rem", ":%": "_idiv"}

_BASE: Dict[str, Any] = {
    "_U": UNSET, "_nd": np.ndarray, "_INF": float("inf"), "_isf": is_false,
    "_empty": empty_body, "_fail": S.fail,
    "_undef": S.undefined, "_unset": S.unset, "_baddef": S.bad_define, "_call": S.call_site,
    "_neg": S.neg, "_ip": apply_inplace, "_derive": ADV.derive, "_FnVerb": ADV.FnVerb,
    "_add": S.add, "_sub": S.sub, "_mul": S.mul, "_div": S.div, "_lt": S.lt, "_gt": S.gt,
    "_eq": S.eq, "_max": S.max_, "_min": S.min_, "_rem": S.rem, "_idiv": S.idiv,
}


def generate(plan: Any, fn: Function) -> Optional[Callable[..., Any]]:
    """The Python function of `fn`'s body from its `compile.Plan`, None where the generator
    declines."""
    try:
        return _Generator(plan, fn).build()
    except RecursionError:      # called deep in a recursion: try again at a later call
        fn.plan = plan
        return None
    except Exception:           # Decline, or a case the generator gets wrong: the
        return None             # closures are right


class _Names:
    """A scope for `captures`: the names `symtable.resolve` reads."""

    __slots__ = ("declared", "args")

    def __init__(self, declared, args) -> None:
        self.declared = declared
        self.args = args


def captures(node: Any, stack: List[Any], level: int) -> bool:
    """Does anything in `node` (compiled inside the scopes `stack`) refer to a parameter or
    local of the scope `stack[level]`? (`symtable.resolve`'s rule, as the compiler applies
    it: a nested literal and a projection's filled slots are scopes of their own.)"""
    t = type(node)
    if t is A.Name:
        b = ST.resolve(node.name, stack)
        return b is not None and b[1] == level
    if t is A.Assign:
        return captures(node.value, stack, level) or ST.declared(node.name, stack) == level
    if t is A.Lambda:
        stack.append(_Names(frozenset(node.locals), ST.XYZ))
        try:
            return any(captures(e, stack, level) for e in node.body.exprs)
        finally:
            stack.pop()
    if t is A.Call:
        if node.is_projection and stack:
            holes = sum(1 for a in node.args if a is None)
            stack.append(_Names(frozenset(), ST.XYZ[:holes]))
            try:
                inner = any(captures(a, stack, level) for a in node.args if a is not None)
            finally:
                stack.pop()
        else:
            inner = any(captures(a, stack, level) for a in node.args if a is not None)
        return inner or captures(node.fn, stack, level)
    if t is A.Dyad:
        return captures(node.left, stack, level) or captures(node.verb, stack, level) or \
            captures(node.right, stack, level)
    if t is A.Monad:
        return captures(node.verb, stack, level) or captures(node.arg, stack, level)
    if t is A.Adverbed:
        return captures(node.verb, stack, level)
    if t is A.Cond:
        return any(captures(c, stack, level) or captures(e, stack, level)
                   for c, e in node.clauses) or captures(node.otherwise, stack, level)
    if t is A.EvList:
        return any(captures(e, stack, level) for e in node.items)
    if t is A.Program:
        return any(captures(e, stack, level) for e in node.exprs)
    return False


Line = Tuple[int, str, Optional[Span]]


class _Generator:
    """The Python source of one function literal, then its function."""

    def __init__(self, plan: Any, fn: Function):  # plan: a compile.Plan
        self.plan = plan
        self.memo = plan.memo
        self.node = plan.node
        rt = plan.rt
        self.B = rt.B
        self.level = len(plan.scopes) - 1
        scope = plan.scopes[-1]
        self.own: Dict[int, str] = {}           # id(slot) -> Python local
        self.params = [f"p{i}" for i in range(len(fn.params))]
        for s, p in zip(fn.params, self.params):
            self.own[id(s)] = p
        self.locals = [f"l{i}" for i in range(len(scope.locals))]
        for s, v in zip(scope.locals, self.locals):
            self.own[id(s)] = v
        self.ns: Dict[str, Any] = dict(_BASE)
        self.ns.update(_B=rt.B, _rt=rt, _T=rt.globals.table, _SRC=plan.src)
        self.const_names: Dict[int, str] = {}
        self.lines: List[Line] = []
        self.indent = 2
        self.ntemp = 0
        self.nsite = 0
        self.ints: set = set()                  # operands known to be Python ints
        self.reals: set = set()                 # ... and Python floats
        self.param_set = frozenset(self.params)
        self.checked: set = set()               # parameters whose int test is made once

    # ---- output ----------------------------------------------------------------------------
    def emit(self, text: str, span: Optional[Span] = None) -> None:
        self.lines.append((self.indent, text, span))

    @contextmanager
    def buffer(self) -> Iterator[List[Line]]:
        """Lines emitted inside go to the list given, to be placed later."""
        saved = self.lines
        self.lines = []
        buf = self.lines
        try:
            yield buf
        finally:
            self.lines = saved

    def temp(self) -> str:
        self.ntemp += 1
        return f"t{self.ntemp}"

    def const(self, v: Any) -> str:
        """An operand naming the value `v` (a literal for a small integer)."""
        if type(v) is int and -_SMALL_INT < v < _SMALL_INT:
            text = repr(v) if v >= 0 else f"({v!r})"
            self.ints.add(text)
            return text
        name = self.const_names.get(id(v))
        if name is None:
            name = f"k{len(self.const_names)}"
            self.const_names[id(v)] = name
            self.ns[name] = v
            if type(v) is float:
                self.reals.add(name)
        return name

    def build(self) -> Callable[..., Any]:
        body = self.node.body.exprs
        if not body:
            self.emit("return _empty()")
        else:
            for e in body[:-1]:
                self.expr(e)
            self.tail(body[-1])
        head = [f"def _k({', '.join(self.params)}):", " try:"]
        head += [f"  i{p[1:]} = type({p}) is int" for p in self.params if p in self.checked]
        head += [f"  {v} = _U" for v in self.locals]
        out = head[:]
        spans: Dict[int, Span] = {}
        for indent, text, span in self.lines:
            out.append(" " * indent + text)
            if span is not None:
                spans[len(out)] = span
        out.append(" except Exception as _e:")
        out.append("  raise _fail(_e, _e.__traceback__, _SP, _SRC)")
        text = "\n".join(out) + "\n"
        code = _CODE_CACHE.get(text)
        if code is None:
            code = compile(text, "<klong function>", "exec")
            _CODE_CACHE[text] = code
            if len(_CODE_CACHE) > _CODE_CACHE_SIZE:
                _CODE_CACHE.popitem(last=False)
        ns = self.ns
        ns["_SP"] = spans
        ns["_NS"] = ns
        exec(code, ns)
        return ns["_k"]

    # ---- statements ----------------------------------------------------------------------
    def tail(self, node: A.Node) -> None:
        """Emit `node` as the value the function returns."""
        if type(node) is A.Cond:
            self.cond(node, None)
            return
        op = self.expr(node)
        last = self.lines[-1] if self.lines else None
        if last is not None and last[0] == self.indent and last[1].startswith(op + " = ") \
                and op.startswith("t"):
            # the value's own line: return what it computes
            self.lines[-1] = (last[0], "return " + last[1][len(op) + 3:], last[2])
        else:
            self.emit(f"return {op}")

    def cond(self, node: A.Cond, result: Optional[str]) -> None:
        """`:[c1;t1:|c2;t2;else]` as if/else, each branch assigning `result`, or returning
        its value when None (then a branch needs no else: it returns)."""
        depth = 0
        for c, then in node.clauses:
            if self.indent > _MAX_INDENT:
                raise Decline
            test, span = self.test(c)
            self.emit(f"if {test}:", span)
            self.indent += 1
            self.value(then, result)
            self.indent -= 1
            if result is not None:
                self.emit("else:")
                self.indent += 1
                depth += 1
        self.value(node.otherwise, result)
        self.indent -= depth

    def value(self, node: A.Node, result: Optional[str]) -> None:
        if result is None:
            self.tail(node)
        else:
            self.emit(f"{result} = {self.expr(node)}")

    def test(self, node: A.Node) -> Tuple[str, Optional[Span]]:
        """A Python truth value of a conditional's test (Klong's falsity: 0, 0.0, [], ""),
        and the span of the line that computes it."""
        verb = getattr(node, "verb", None)
        if type(node) is A.Dyad and type(verb) is A.Prim and verb.op in _INT_TESTS and \
                verb.op not in RUNTIME_DYADS and DYADS.get(verb.op) is S.SCALAR_DYADS[verb.op][0]:
            b = self.expr(node.right)
            a = self.expr(node.left)
            fast = _INT_TESTS[verb.op].format(a=a, b=b)
            check = self.int_check(a, b)
            path = f"{_PATH_NAMES[verb.op]}(_B, {a}, {b})"
            if check == "":
                return fast, None
            if check is None:
                other = b if a in self.reals else a
                return f"({a} {_REAL_DYADS[verb.op]} {b} if type({other}) is float or " \
                       f"type({other}) is int else not _isf({path}))", verb.span
            return f"({fast} if {check} else not _isf({path}))", verb.span
        c = self.expr(node)
        check = self.int_check(c)
        if check == "":
            return c, None
        if check is None:
            return f"not _isf({c})", None
        return f"({c} if {check} else not _isf({c}))", None

    def int_check(self, *operands: str) -> Optional[str]:
        """The Python test that the operands are ints (a parameter's is made once): "" when
        they are known to be, None when one is known not to be."""
        if any(o in self.reals for o in operands):
            return None
        checks = []
        for o in operands:
            if o in self.ints:
                continue
            if o in self.param_set:
                self.checked.add(o)
                checks.append("i" + o[1:])
            else:
                checks.append(f"type({o}) is int")
        return " and ".join(checks)

    # ---- expressions ---------------------------------------------------------------------
    def expr(self, node: A.Node) -> str:
        """Emit the code of `node`; the operand (a name or literal) holding its value."""
        method = getattr(self, "x_" + type(node).__name__, None)
        if method is None:
            raise Decline
        return method(node)

    def x_Const(self, node: A.Const) -> str:
        return self.const(node.value)

    def known(self, node: A.Node) -> Any:
        """What the closure compiler noted of `node`."""
        try:
            return self.memo[id(node)]
        except KeyError:
            raise Decline from None

    def x_Data(self, node: A.Data) -> str:
        thunk = self.known(node)
        if is_constant(node.datum):
            return self.const(thunk())
        t = self.temp()
        self.emit(f"{t} = {self.const(thunk)}()")
        return t

    def x_EvList(self, node: A.EvList) -> str:
        items = [self.expr(e) for e in node.items]
        t = self.temp()
        self.emit(f"{t} = _B.make_list([{', '.join(items)}])")
        return t

    def x_Name(self, node: A.Name) -> str:
        name = node.name
        what = self.known(node)
        t = self.temp()
        if type(what) is Slot:
            own = self.own.get(id(what))
            if own is not None and own[0] == "p":
                return own
            self.emit(f"{t} = {own}" if own is not None else f"{t} = {self.const(what)}.value")
            self.emit(f"if {t} is _U: _unset({name!r})", node.span)
            return t
        if type(what) is Function:      # .f
            return self.const(what)
        key = what
        self.emit("try:")
        self.emit(f" {t} = _T[{key!r}]")
        self.emit("except KeyError:")
        self.emit(f" {t} = _undef(_T, {key!r}, {name!r})", node.span)
        return t

    def x_Assign(self, node: A.Assign) -> str:
        v = self.expr(node.value)
        what = self.known(node)
        if type(what) is Slot:
            own = self.own.get(id(what))
            self.emit(f"{own} = {v}" if own is not None else f"{self.const(what)}.value = {v}")
            return v
        for key in what:
            self.emit(f"_T[{key!r}] = {v}")
        return v

    def x_Monad(self, node: A.Monad) -> str:
        a = self.expr(node.arg)
        verb = node.verb
        t = self.temp()
        if type(verb) is not A.Prim:
            v = self.verb_object(verb, verb.span)
            self.emit(f"{t} = {v}.monad({a})", verb.span)
            return t
        op = verb.op
        fn = MONADS.get(op)
        if fn is None:
            raise Decline
        f = self.const(fn)
        if op in RUNTIME_MONADS:
            self.emit(f"{t} = {f}(_rt, {a})", verb.span)
        elif op == "-" and type(node.arg) is A.Const and type(node.arg.value) in (int, float):
            return self.const(-node.arg.value)
        elif op == "-" and fn is negate and self.int_check(a) is not None:
            self.emit(f"{t} = -{a} if {self.int_check(a) or 'True'} else _neg(_B, {a})",
                      verb.span)
        elif op == "-" and fn is negate:
            self.emit(f"{t} = _neg(_B, {a})", verb.span)
        elif op == "~" and fn is not_ and self.int_check(a) is not None:
            self.emit(f"{t} = (0 if {a} else 1) if {self.int_check(a) or 'True'} else "
                      f"{f}(_B, {a})", verb.span)
        else:
            self.emit(f"{t} = {f}(_B, {a})", verb.span)
        return t

    def x_Dyad(self, node: A.Dyad) -> str:
        verb = node.verb
        if type(verb) is A.Prim:
            b = self.expr(node.right)
            a = self.expr(node.left)
            return self.prim_dyad(node, verb.op, a, b)
        if type(verb) is A.Adverbed:
            b = self.expr(node.right)
            a = self.expr(node.left)
            v = self.verb_object(verb, verb.span)
            t = self.temp()
            self.emit(f"{t} = {v}.dyad({a}, {b})", verb.span)
            return t
        # `a f b` is the call f(a;b): compiled right, left, f; run a, b, f
        with self.buffer() as right:
            b = self.expr(node.right)
        with self.buffer() as left:
            a = self.expr(node.left)
        with self.buffer() as callee:
            f = self.expr(verb)
        self.lines += left + right + callee
        return self.call(f, [a, b], verb.span)

    def prim_dyad(self, node: A.Dyad, op: str, a: str, b: str) -> str:
        span = node.verb.span
        if op == "::":
            self.emit(f"_baddef({a}, {b})", span)
            return "None"
        fn = DYADS.get(op)
        if fn is None:
            raise Decline
        f = self.const(fn)
        t = self.temp()
        if op in RUNTIME_DYADS:
            names = (self.global_name(node.left), self.global_name(node.right))
            self.emit(f"{t} = {f}(_rt, {a}, {b}, {self.const(names)})", span)
            return t
        path = S.SCALAR_DYADS.get(op)
        if path is not None and path[0] is not fn:
            path = None
        slow = f"{f}(_B, {a}, {b})"
        if op in INPLACE and self.B.name == "numpy" and (fresh(node.left) or fresh(node.right)):
            # (only an array can be written into: numbers take the scalar path)
            slow = f"_ip({f}, _B, {self.const(INPLACE[op])}, {a}, {b}, " \
                   f"{fresh(node.left)}, {fresh(node.right)})"
            if path is not None:
                slow = f"({_PATH_NAMES[op]}(_B, {a}, {b}) if type({a}) is not _nd and " \
                       f"type({b}) is not _nd else {slow})"
        elif path is not None:
            slow = f"{_PATH_NAMES[op]}(_B, {a}, {b})"
        check = self.int_check(a, b) if path is not None and op in _INT_DYADS else None
        real = self.real_operand(op, a, b) if path is not None else None
        if real is not None:
            self.real_dyad(op, a, b, real, t, slow, span)
        elif check is None:
            self.emit(f"{t} = {slow}", span)
        else:
            fast = _INT_DYADS[op].format(a=a, b=b)
            self.emit(f"{t} = {fast} if {check} else {slow}" if check else f"{t} = {fast}", span)
        return t

    def real_operand(self, op: str, a: str, b: str) -> Optional[str]:
        """With a real constant on one side of an arithmetic or comparison dyad: the other
        operand, whose being a float (or, to compare, any Python number) is the fast case."""
        if op not in _REAL_DYADS or (a not in self.reals and b not in self.reals):
            return None
        if op == "%" and b in self.reals and not self.ns[b]:
            return None                     # x%0.0 is the verb's (undefined)
        return b if a in self.reals else a

    def real_dyad(self, op: str, a: str, b: str, other: str, t: str, slow: str,
                  span: Span) -> None:
        """A dyad with a real constant: computed inline when the other operand is a float
        (a number, for comparisons: Python compares an int with a float exactly)."""
        pyop = _REAL_DYADS[op]
        if op in _INT_TESTS:
            self.emit(f"{t} = (1 if {a} {pyop} {b} else 0) if type({other}) is float or "
                      f"type({other}) is int else {slow}", span)
            return
        nonzero = f" and {b}" if op == "%" and other == b else ""
        self.emit(f"if type({other}) is float{nonzero}:")
        self.indent += 1
        self.emit(f"{t} = {a} {pyop} {b}", span)
        # inf or nan: the verb's error (an overflow)
        self.emit(f"if not -_INF < {t} < _INF: {t} = {slow}", span)
        self.indent -= 1
        self.emit("else:")
        self.indent += 1
        self.emit(f"{t} = {slow}", span)
        self.indent -= 1

    def global_name(self, node: A.Node) -> str:
        """The name an operand is written as when it is a bare global name, else ""."""
        if type(node) is A.Name and type(self.known(node)) is str:
            return node.name
        return ""

    def verb_object(self, verb: A.Node, span: Span) -> str:
        """An operand holding an object with .monad/.dyad for a verb with adverbs (what
        `Compiler.verb_object` builds); its errors at run time get `span`."""
        if type(verb) is A.Prim:
            if backend_monad(verb.op) is None and backend_dyad(verb.op) is None:
                raise Decline
            return self.const(ADV.PrimVerb(self.B, verb.op))
        if type(verb) is A.Adverbed:
            if type(verb.verb) is A.Prim:
                return self.const(self.known(verb))
            base = self.verb_object(verb.verb, span)
            t = self.temp()
            self.emit(f"{t} = _derive(_rt, {base}, {verb.adverbs!r})", span)
            return t
        if type(verb) not in (A.Name, A.Lambda, A.Call):
            raise Decline
        f = self.expr(verb)
        t = self.temp()
        self.emit(f"{t} = _FnVerb(_rt, {f})", span)
        return t

    def x_Call(self, node: A.Call) -> str:
        if node.is_projection:
            if captures(node, list(self.plan.scopes), self.level):
                raise Decline
            t = self.temp()
            self.emit(f"{t} = {self.const(self.known(node))}()")
            return t
        with self.buffer() as callee:
            f = self.expr(node.fn)
        args = [self.expr(a) for a in node.args]
        self.lines += callee
        return self.call(f, args, node.span)

    def call(self, f: str, args: List[str], span: Span) -> str:
        """Call the value in `f` with `args`, through this site's cache."""
        k = self.nsite
        self.nsite += 1
        fk, dk = f"_c{k}", f"_d{k}"
        self.ns[fk] = _NOFN
        self.ns[dk] = None
        listed = ", ".join(args)
        tup = f"({listed},)" if len(args) == 1 else f"({listed})"
        t = self.temp()
        slow = f"_call(_rt, _NS, {fk!r}, {dk!r}, {f}, {tup})"
        if f in self.ints:                  # (no `is` on a literal)
            self.emit(f"{t} = {slow}", span)
        else:
            self.emit(f"{t} = {dk}({listed}) if {f} is {fk} else {slow}", span)
        return t

    def x_Lambda(self, node: A.Lambda) -> str:
        if captures(node, list(self.plan.scopes), self.level):
            raise Decline
        return self.const(self.known(node))

    def x_Cond(self, node: A.Cond) -> str:
        t = self.temp()
        self.cond(node, t)
        return t
