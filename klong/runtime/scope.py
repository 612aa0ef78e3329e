"""Variables: local slots of function literals, the global table and module qualification."""
from __future__ import annotations

from typing import Dict, Optional, Set

from ..errors import KlongError


class _Unset:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<unset>"


UNSET = _Unset()


class Slot:
    """One local (or parameter) of one function literal: a cell holding its current binding.

    nmh resolves locals textually; the binding exists only while the function runs, so a
    call saves the slot's value, binds it, and restores it on return."""

    __slots__ = ("name", "value")

    def __init__(self, name: str):
        self.name = name
        self.value = UNSET


class LexicalScope:
    """The slots of one function literal's (or projection's) parameters and declared locals,
    keyed by name; which slot a name means is `klong.syntax.symtable.resolve`'s rule (§7.3)."""

    __slots__ = ("params", "locals", "args", "declared", "is_projection")

    def __init__(self, params, local_names, is_projection: bool = False):
        self.params = [Slot(p) for p in params]
        self.locals = [Slot(n) for n in local_names]
        self.args: Dict[str, Slot] = {s.name: s for s in self.params}
        self.declared: Dict[str, Slot] = {s.name: s for s in self.locals}
        self.is_projection = is_projection


class Globals:
    """The global variables plus the open module, if any (nmh §9.3 semantics)."""

    def __init__(self) -> None:
        self.table: Dict[str, object] = {}
        self.module: Optional[str] = None
        self.module_names: Set[str] = set()

    def open_module(self, name: str) -> None:
        if self.module is not None:
            raise KlongError("module", f"nested module; contained in: :{self.module}")
        self.module = name
        self.module_names = set()

    def close_module(self) -> None:
        if self.module is None:
            raise KlongError("module", "no module open")
        self.module = None
        self.module_names = set()

    def read_key(self, name: str) -> str:
        """The table key a reference to `name` compiles to: the module's own definitions and
        names not (yet) global are module-qualified, other globals are not."""
        m = self.module
        if m is None or name.startswith("."):
            return name
        if name in self.module_names or name not in self.table:
            return f"{name}`{m}"
        return name

    def write_keys(self, name: str):
        """Keys an assignment to `name` writes: in a module, the qualified and the plain one."""
        m = self.module
        if m is None or name.startswith("."):
            return (name,)
        self.module_names.add(name)
        return (f"{name}`{m}", name)
