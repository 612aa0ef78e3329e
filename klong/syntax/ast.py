"""AST nodes: small immutable tuples, each with a .span. Plain data between parser and
compiler (and the language server). Nodes are tuple subclasses: cheap to build, frozen,
made by `_node` (typing.NamedTuple would cost start-up time for the same thing)."""
from __future__ import annotations

from operator import itemgetter
from typing import Any, Tuple

from ..errors import Span


class Node(tuple):
    """Base of every node: a tuple whose first field is the span."""

    __slots__ = ()
    _fields: Tuple[str, ...] = ("span",)
    span: Span

    def __new__(cls, *args: Any, **kwargs: Any) -> "Node":
        if kwargs:
            args = args + tuple(kwargs[f] for f in cls._fields[len(args):])
        if len(args) != len(cls._fields):
            raise TypeError(f"{cls.__name__} takes {len(cls._fields)} fields")
        return tuple.__new__(cls, args)

    def __repr__(self) -> str:
        inner = ", ".join(f"{f}={v!r}" for f, v in zip(self._fields, self))
        return f"{type(self).__name__}({inner})"

    def _replace(self, **changes: Any) -> "Node":
        return type(self)(*[changes.get(f, v) for f, v in zip(self._fields, self)])


def _node(name: str, fields: str, doc: str = "") -> type:
    names = tuple(fields.split())
    ns: dict = {"__slots__": (), "_fields": names, "__doc__": doc or name}
    for i, f in enumerate(names):
        ns[f] = property(itemgetter(i))
    return type(name, (Node,), ns)


Const = _node("Const", "span value", "A number, char, string or symbol literal.")
Data = _node("Data", "span datum", "A list or dictionary literal (ListLit / DictLit).")
EvList = _node("EvList", "span items", "`[;e1;e2]`: evaluated items (KlongPy extension).")
Name = _node("Name", "span name")
Prim = _node("Prim", "span op", "A primitive verb in verb position: `+`, `:=`, `∇` ...")
Adverbed = _node("Adverbed", "span verb adverbs",
                 "A verb (Prim or function expression) with adverbs, left to right.")
Monad = _node("Monad", "span verb arg", "verb: Prim, Adverbed or a function expression.")
Dyad = _node("Dyad", "span verb left right",
             "verb: Prim, Adverbed or a function expression (Name, Lambda, Call).")
Lambda = _node("Lambda", "span body arity locals", "`{...}`: body, arity 0-3, locals.")
Cond = _node("Cond", "span clauses otherwise", "`:[c1;t1:|c2;t2;else]`.")
Assign = _node("Assign", "span name name_span value")
Program = _node("Program", "span exprs")


class Call(_node("_Call", "span fn args")):
    """`f(a;b)`; an empty slot (None) makes the call a projection."""

    __slots__ = ()

    @property
    def is_projection(self) -> bool:
        return any(a is None for a in self.args)
