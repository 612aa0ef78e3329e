"""Scope analysis: which binding each name in a syntax tree refers to (nmh textual scoping,
language document §7.3 and modules §9.3). A pass separate from code generation, as CPython's
`symtable`: the compiler resolves locals with `resolve`, the language server reads the
`SymbolTable` that `build` (or its own walk driving a `Builder`) makes.

Rules: a name is the local of the nearest enclosing literal that declares it (a declared x,
y or z is an ordinary local); else an undeclared x, y or z is a parameter of the innermost
literal (or projection, whose parameters are its empty slots); else it is a system name
(starting with "."), a module name (a top-level `.module(:m)` is open) or a global."""
from __future__ import annotations

from collections import namedtuple
from typing import Any, Collection, List, Optional, Protocol, Sequence, Tuple

from ..errors import Span
from . import ast as A
from .atoms import Symbol

PARAM = "parameter"
LOCAL = "local"
GLOBAL = "global"
MODULE = "module"
SYSTEM = "system"

FUNCTION = "function"
PROJECTION = "projection"

XYZ = ("x", "y", "z")


class ScopeLike(Protocol):
    """What `resolve` reads of a scope (a `Scope`, or the compiler's `LexicalScope` of slots):
    the declared local names and the parameter names."""

    declared: Collection[str]
    args: Collection[str]


def resolve(name: str, scopes: Sequence[ScopeLike]) -> Optional[Tuple[str, int]]:
    """(LOCAL or PARAM, index into `scopes`) of the binding `name` refers to inside the
    nested scopes (outermost first), or None when it is not a local or parameter."""
    i = len(scopes) - 1
    while i >= 0:
        if name in scopes[i].declared:
            return LOCAL, i
        i -= 1
    if name in XYZ and scopes and name in scopes[-1].args:
        return PARAM, len(scopes) - 1
    return None


def declared(name: str, scopes: Sequence[ScopeLike]) -> int:
    """Index of the nearest scope declaring `name` as a local (what an assignment writes;
    an undeclared x y z is never assigned), -1 for none."""
    i = len(scopes) - 1
    while i >= 0:
        if name in scopes[i].declared:
            return i
        i -= 1
    return -1


class Scope:
    """One function literal or projection: its parameters, declared locals and place."""

    __slots__ = ("index", "kind", "args", "declared", "locals", "parent", "span", "arity")

    def __init__(self, index: int, kind: str, args: Tuple[str, ...], local_names: Tuple[str, ...],
                 parent: int, span: Span, arity: int):
        self.index = index
        self.kind = kind
        self.args = args
        self.locals = local_names
        self.declared = frozenset(local_names)
        self.parent = parent            # index of the enclosing scope, -1 at the top level
        self.span = span
        self.arity = arity

    @property
    def start(self) -> int:
        return self.span.offset

    @property
    def end(self) -> int:
        return self.span.offset + self.span.length

    def __repr__(self) -> str:
        return f"Scope({self.index}, {self.kind}, locals={self.locals}, parent={self.parent})"


class Occurrence(namedtuple("Occurrence", "offset length name kind scope is_def module",
                            defaults=(None,))):
    """One occurrence of a name: where (offset, length: ints), the name, which binding (kind,
    scope index: -1 for a non-local; module: the open module's name for a MODULE name, else
    None), and whether it is assigned there (is_def)."""

    __slots__ = ()

    @property
    def is_local(self) -> bool:
        return self.scope >= 0

    def same_binding(self, other: "Occurrence") -> bool:
        return self.scope == other.scope and self.name == other.name


class SymbolTable(namedtuple("SymbolTable", "scopes symbols")):
    """The scopes (a list of Scope) and the symbols (a list of Occurrence, in the order of
    the text) of a program."""

    __slots__ = ()


def _module_of(node: Any, current: Optional[str]) -> Optional[str]:
    """The module open after a top-level statement (`.module(:m)` opens, `.module(0)` closes)."""
    if type(node) is A.Call and type(node.fn) is A.Name and node.fn.name == ".module" \
            and len(node.args) == 1 and node.args[0] is not None:
        arg = node.args[0]
        if type(arg) is A.Const and type(arg.value) is Symbol:
            return str.__str__(arg.value)
        return None
    return current


class Builder:
    """The state of one scope analysis: a stack of open scopes and the symbols seen. `build`
    drives it; the language server's walker drives the same one during its own walk."""

    __slots__ = ("scopes", "symbols", "stack", "module", "record")

    def __init__(self, record: bool = True):
        self.scopes: List[Scope] = []
        self.symbols: List[Occurrence] = []
        self.stack: List[Scope] = []
        self.module: Optional[str] = None
        self.record = record

    def statement(self, node: Any) -> None:
        """Note a top-level statement's effect on the open module (after walking it)."""
        self.module = _module_of(node, self.module)

    def enter(self, kind: str, args: Tuple[str, ...], local_names: Tuple[str, ...], span: Span,
              arity: int) -> Scope:
        stack = self.stack
        s = Scope(len(self.scopes), kind, args, local_names,
                  stack[-1].index if stack else -1, span, arity)
        self.scopes.append(s)
        stack.append(s)
        return s

    def enter_lambda(self, node: Any) -> Scope:
        return self.enter(FUNCTION, XYZ, node.locals, node.span, node.arity)

    def enter_projection(self, node: Any) -> Optional[Scope]:
        """A projection inside a literal is a scope of its empty slots; None at the top."""
        if not self.stack:
            return None
        holes = sum(1 for a in node.args if a is None)
        return self.enter(PROJECTION, XYZ[:holes], (), node.span, holes)

    def exit(self) -> None:
        self.stack.pop()

    def _global_kind(self, name: str) -> str:
        if name[:1] == ".":
            return SYSTEM
        return MODULE if self.module is not None else GLOBAL

    def use(self, name: str, span: Span) -> Optional[Tuple[str, int]]:
        """A name read at `span`: its binding as `resolve` gives it (None: not local)."""
        stack = self.stack
        b = resolve(name, stack) if stack else None
        if self.record:
            if b is None:
                self.symbols.append(Occurrence(span.offset, span.length, name,
                                           self._global_kind(name), -1, False, self.module))
            else:
                self.symbols.append(Occurrence(span.offset, span.length, name, b[0],
                                           stack[b[1]].index, False))
        return b

    def assign(self, name: str, span: Span) -> int:
        """A name assigned at `span`: the scope index of its local, or -1 for a non-local."""
        stack = self.stack
        i = declared(name, stack) if stack else -1
        scope = stack[i].index if i >= 0 else -1
        if self.record:
            kind = LOCAL if scope >= 0 else self._global_kind(name)
            self.symbols.append(Occurrence(span.offset, span.length, name, kind, scope, True,
                                       None if scope >= 0 else self.module))
        return scope

    def table(self) -> SymbolTable:
        self.symbols.sort()
        return SymbolTable(self.scopes, self.symbols)


def build(program: Any) -> SymbolTable:
    """The symbol table of a parsed program (a Program node or a list of statements)."""
    b = Builder()
    exprs = program.exprs if type(program) is A.Program else program
    for e in exprs:
        _walk(b, e)
        b.statement(e)
    return b.table()


def _walk(b: Builder, node: Any) -> None:
    t = type(node)
    if t is A.Name:
        b.use(node.name, node.span)
    elif t is A.Assign:
        _walk(b, node.value)
        b.assign(node.name, node.name_span)
    elif t is A.Lambda:
        b.enter_lambda(node)
        for e in node.body.exprs:
            _walk(b, e)
        b.exit()
    elif t is A.Call:
        scope = b.enter_projection(node) if node.is_projection else None
        for a in node.args:
            if a is not None:
                _walk(b, a)
        if scope is not None:
            b.exit()
        _walk(b, node.fn)
    elif t is A.Dyad:
        _walk(b, node.left)
        _walk(b, node.verb)
        _walk(b, node.right)
    elif t is A.Monad:
        _walk(b, node.verb)
        _walk(b, node.arg)
    elif t is A.Adverbed:
        _walk(b, node.verb)
    elif t is A.Cond:
        for c, then in node.clauses:
            _walk(b, c)
            _walk(b, then)
        _walk(b, node.otherwise)
    elif t is A.EvList:
        for e in node.items:
            _walk(b, e)
    elif t is A.Program:
        for e in node.exprs:
            _walk(b, e)
