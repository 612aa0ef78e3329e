"""AST nodes: small immutable tuples, each with a .span. Plain data between parser and
compiler (and the language server). Nodes are tuple subclasses: cheap to build, frozen."""
from __future__ import annotations

from typing import Any, NamedTuple, Optional, Tuple

from ..errors import Span


class Node:
    """Marker base: every node class below is also a Node."""

    __slots__ = ()
    span: Span


class _Const(NamedTuple):
    span: Span
    value: Any


class Const(_Const, Node):
    """A number, char, string or symbol literal."""
    __slots__ = ()


class _Data(NamedTuple):
    span: Span
    datum: Any


class Data(_Data, Node):
    """A list or dictionary literal (klong.syntax.data.ListLit / DictLit)."""
    __slots__ = ()


class _EvList(NamedTuple):
    span: Span
    items: Tuple[Any, ...]


class EvList(_EvList, Node):
    """`[;e1;e2]`: a list of evaluated expressions (KlongPy extension)."""
    __slots__ = ()


class _Name(NamedTuple):
    span: Span
    name: str


class Name(_Name, Node):
    __slots__ = ()


class _Prim(NamedTuple):
    span: Span
    op: str


class Prim(_Prim, Node):
    """A primitive verb in verb position: `+`, `:=`, `∇` ..."""
    __slots__ = ()


class _Adverbed(NamedTuple):
    span: Span
    verb: Any
    adverbs: Tuple[str, ...]


class Adverbed(_Adverbed, Node):
    """A verb (Prim or function expression) with one or more adverbs, left to right."""
    __slots__ = ()


class _Monad(NamedTuple):
    span: Span
    verb: Any
    arg: Any


class Monad(_Monad, Node):
    """verb: Prim, Adverbed, or a function expression."""
    __slots__ = ()


class _Dyad(NamedTuple):
    span: Span
    verb: Any
    left: Any
    right: Any


class Dyad(_Dyad, Node):
    """verb: Prim, Adverbed, or a function expression (Name, Lambda, Call)."""
    __slots__ = ()


class _Call(NamedTuple):
    span: Span
    fn: Any
    args: Tuple[Optional[Any], ...]


class Call(_Call, Node):
    """`f(a;b)`; an empty slot (None) makes the call a projection."""
    __slots__ = ()

    @property
    def is_projection(self) -> bool:
        return any(a is None for a in self.args)


class _Lambda(NamedTuple):
    span: Span
    body: Any
    arity: int
    locals: Tuple[str, ...]


class Lambda(_Lambda, Node):
    """`{...}`: body program, arity 0-3 and declared locals."""
    __slots__ = ()


class _Cond(NamedTuple):
    span: Span
    clauses: Tuple[Tuple[Any, Any], ...]
    otherwise: Any


class Cond(_Cond, Node):
    """`:[c1;t1:|c2;t2;else]`."""
    __slots__ = ()


class _Assign(NamedTuple):
    span: Span
    name: str
    name_span: Span
    value: Any


class Assign(_Assign, Node):
    __slots__ = ()


class _Program(NamedTuple):
    span: Span
    exprs: Tuple[Any, ...]


class Program(_Program, Node):
    __slots__ = ()
