"""Klong values on the Python side: symbols, chars, functions, undefined, type tests.

Representation (see "Values" in docs/internals.md):
  integer -> int / numpy integer scalar     real -> float / numpy float scalar
  char    -> Char (a one-character str subclass)
  string  -> str (exactly `type(x) is str`)
  symbol  -> Symbol (interned str subclass)
  list    -> a backend array: numeric arrays of any rank when uniform, else a 1-d object array
  dict    -> dict (a list key is stored as a ListKey)      function -> KFunction subclasses
  complex -> complex (from Python only; a list of them is a general list)
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from .syntax.arity import ARITY_NAMES, arity_word  # noqa: F401 - re-exported
from .syntax.atoms import Char, Symbol


class _Singleton:
    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return ":" + self.name

    def __reduce__(self):
        return (_singleton, (self.name,))


UNDEFINED = _Singleton("undefined")
EOF = _Singleton("eof")


def _singleton(name: str) -> _Singleton:
    return UNDEFINED if name == "undefined" else EOF


class KFunction:
    """Base of everything callable from Klong; `.arity` is 0-3."""

    __slots__ = ()
    arity: int = 0

    def call(self, args: Sequence[Any]) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError



class PyFunction(KFunction):
    """A Python callable seen from Klong."""

    __slots__ = ("fn", "arity", "name", "interp_arg")

    def __init__(self, fn: Callable, arity: int, name: str = "", interp_arg: Any = None):
        self.fn = fn
        self.arity = arity
        self.name = name or getattr(fn, "__name__", "")
        self.interp_arg = interp_arg

    def call(self, args: Sequence[Any]) -> Any:
        if self.interp_arg is not None:
            return self.fn(self.interp_arg, *args)
        return self.fn(*args)


# ---- type tests (cheap, used everywhere) ---------------------------------

INT_TYPES = (int, np.integer)
REAL_TYPES = (float, np.floating)
NUM_TYPES = (int, float, np.integer, np.floating)
# Complex numbers come only from Python (no Klong literal); they are atoms of the arithmetic
# verbs, Match and Equal, never of the verbs that order or count (is_number says no)
COMPLEX_TYPES = (complex, np.complexfloating)

# Array types whose 0-d instances are number atoms (torch.Tensor once the torch backend is
# loaded: a 0-d tensor that tracks gradients is a number). Empty while only numpy is in use.
TENSOR_TYPES: tuple = ()


def register_tensor_type(t: type) -> None:
    """Make 0-d instances of array type t count as number atoms (called by a backend)."""
    global TENSOR_TYPES
    if t not in TENSOR_TYPES:
        TENSOR_TYPES = TENSOR_TYPES + (t,)


def is_tensor(x: Any) -> bool:
    """An array of a registered tensor type (any rank)."""
    return type(x) in TENSOR_TYPES


def tensor_atom_kind(x: Any) -> str:
    """"i" or "f" for a 0-d tensor atom, "" for anything else."""
    if type(x) in TENSOR_TYPES and x.dim() == 0:
        return "f" if x.is_floating_point() else "i"
    return ""


def is_int(x: Any) -> bool:
    if isinstance(x, INT_TYPES):
        return not isinstance(x, bool)
    return bool(TENSOR_TYPES) and tensor_atom_kind(x) == "i"


def is_real(x: Any) -> bool:
    if isinstance(x, REAL_TYPES):
        return True
    return bool(TENSOR_TYPES) and tensor_atom_kind(x) == "f"


def is_number(x: Any) -> bool:
    if isinstance(x, NUM_TYPES):
        return not isinstance(x, bool)
    return bool(TENSOR_TYPES) and tensor_atom_kind(x) != ""


def is_complex(x: Any) -> bool:
    """A complex number (Python's or numpy's), as a Python value hands it over."""
    return isinstance(x, COMPLEX_TYPES)


def is_char(x: Any) -> bool:
    return type(x) is Char


def is_string(x: Any) -> bool:
    return type(x) is str


def is_symbol(x: Any) -> bool:
    return type(x) is Symbol


def is_dict(x: Any) -> bool:
    return type(x) is dict


def is_function(x: Any) -> bool:
    return isinstance(x, KFunction)


def is_undefined(x: Any) -> bool:
    return x is UNDEFINED


_FALSE_NUMBERS = (np.integer, np.floating) + COMPLEX_TYPES


def is_false(x: Any) -> bool:
    """Klong falsity: 0, 0.0, [] and "" are false; everything else is true."""
    t = type(x)
    if t is int or t is float:
        return x == 0
    if t is str:
        return x == ""
    if t is Char or t is Symbol or t is dict or isinstance(x, KFunction):
        return False
    if isinstance(x, _FALSE_NUMBERS):
        return x == 0
    if isinstance(x, np.ndarray):
        return (x.ndim > 0 and x.shape[0] == 0) or (x.ndim == 0 and x == 0)
    if hasattr(x, "numel") and hasattr(x, "dim"):
        return x.numel() == 0 or (x.dim() == 0 and bool(x == 0))
    return False


# ---- dictionary keys (klong.runtime.dicts stores and looks keys up) ----------------------
class ListKey:
    """A list used as a dictionary key: hashable by content, remembers the original value."""

    __slots__ = ("value", "_frozen")

    def __init__(self, value: Any):
        self.value = value
        self._frozen = _freeze(value)

    def __hash__(self) -> int:
        return hash(self._frozen)

    def __eq__(self, other: object) -> bool:
        return type(other) is ListKey and self._frozen == other._frozen


def _freeze(v: Any) -> Any:
    if isinstance(v, np.ndarray):
        if v.dtype.kind in "if":
            if v.ndim > 1:
                return ("L",) + tuple(_freeze(x) for x in v)
            return ("L",) + tuple(v.tolist())
        return ("L",) + tuple(_freeze(x) for x in v)
    if hasattr(v, "detach") and hasattr(v, "tolist"):
        return ("L",) + tuple(_freeze(x) for x in v.tolist()) if v.dim() else v.item()
    if isinstance(v, np.generic):
        return v.item()
    return (type(v).__name__, v) if isinstance(v, str) else v


def key_value(k: Any) -> Any:
    """The Klong value of a stored key."""
    return k.value if type(k) is ListKey else k
