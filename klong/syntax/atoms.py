"""The two atoms a Klong text writes that Python has no type for: Symbol and Char.

They live in the syntax layer, which reads them from source; klong.values (the runtime's
representation of every value) re-exports them."""
from __future__ import annotations


class Symbol(str):
    """An interned Klong symbol; `Symbol("a") is Symbol("a")`."""

    __slots__ = ()
    _table: dict = {}

    def __new__(cls, name: str) -> "Symbol":
        s = cls._table.get(name)
        if s is None:
            s = str.__new__(cls, name)
            cls._table[name] = s
        return s

    def __repr__(self) -> str:
        return ":" + str.__str__(self)

    def __eq__(self, other: object) -> bool:
        return type(other) is Symbol and str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = str.__hash__

    def __reduce__(self):
        return (Symbol, (str(self),))


class Char(str):
    """A Klong character (distinct from the one-char string)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "0c" + str.__str__(self)

    def __eq__(self, other: object) -> bool:
        return type(other) is Char and str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = str.__hash__

    def __reduce__(self):
        return (Char, (str(self),))
