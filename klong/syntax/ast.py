"""AST nodes: small frozen classes, each with a .span. Plain data between parser and compiler."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional, Tuple

from ..errors import Span


@dataclass(frozen=True, eq=False)
class Node:
    span: Span


@dataclass(frozen=True, eq=False)
class Const(Node):
    """A number, char, string or symbol literal."""
    value: Any


@dataclass(frozen=True, eq=False)
class Data(Node):
    """A list or dictionary literal (klong.syntax.data.ListLit / DictLit)."""
    datum: Any


@dataclass(frozen=True, eq=False)
class EvList(Node):
    """`[;e1;e2]`: a list of evaluated expressions (KlongPy extension)."""
    items: Tuple[Node, ...]


@dataclass(frozen=True, eq=False)
class Name(Node):
    name: str


@dataclass(frozen=True, eq=False)
class Prim(Node):
    """A primitive verb in verb position: `+`, `:=`, `∇` ..."""
    op: str


@dataclass(frozen=True, eq=False)
class Adverbed(Node):
    """A verb (Prim or function expression) with one or more adverbs, left to right."""
    verb: Node
    adverbs: Tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Monad(Node):
    verb: Node          # Prim, Adverbed, or a function expression
    arg: Node


@dataclass(frozen=True, eq=False)
class Dyad(Node):
    verb: Node          # Prim, Adverbed, or a function expression (Name, Lambda, Call)
    left: Node
    right: Node


@dataclass(frozen=True, eq=False)
class Call(Node):
    """`f(a;b)`; an empty slot (None) makes the call a projection."""
    fn: Node
    args: Tuple[Optional[Node], ...]

    @property
    def is_projection(self) -> bool:
        return any(a is None for a in self.args)


@dataclass(frozen=True, eq=False)
class Lambda(Node):
    """`{...}`: body program, arity 0-3 and declared locals."""
    body: "Program"
    arity: int
    locals: Tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Cond(Node):
    """`:[c1;t1:|c2;t2;else]`."""
    clauses: Tuple[Tuple[Node, Node], ...]
    otherwise: Node


@dataclass(frozen=True, eq=False)
class Assign(Node):
    name: str
    name_span: Span
    value: Node


@dataclass(frozen=True, eq=False)
class Program(Node):
    exprs: Tuple[Node, ...]
