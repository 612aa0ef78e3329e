"""How atomic verbs meet lists: a vectorised fast path, recursion into nested lists,
the `[]` rule (an atomic verb meeting `[]` returns `[]`) and shape errors."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from .primitives import DYAD_NAMES
from .verb_errors import verb_error

_PY_NUM = (int, float)
_NP_SCALAR = (np.integer, np.floating)


def is_num_operand(B, x: Any) -> bool:
    """A number or a numeric array: the operands of the vectorised path."""
    t = type(x)
    if t is int or t is float:
        return True
    if t is np.ndarray:
        return x.dtype.kind in "if" and x.ndim > 0
    if t in B.tensor_types:             # a tensor of any rank is numeric (torch)
        return True
    return isinstance(x, _NP_SCALAR)


def _tensor_dyad(B, a: Any, b: Any, atom: Callable, vector: Callable) -> Any:
    """Two atoms, at least one a 0-d tensor (a number that tracks gradients): the kernel
    keeps the result a tensor. When the kernel asks for the slow path, the atom function
    computes from the numbers' values (a result it picks, as Max does, stays the tensor)."""
    if is_num_operand(B, a) and is_num_operand(B, b):
        try:
            return B.atom(vector(a, b))
        except (FloatingPointError, TypeError, OverflowError):
            pass
    return atom(a, b)


def _tensor_monad(B, a: Any, atom: Callable, vector: Callable) -> Any:
    try:
        return B.atom(vector(a))
    except (FloatingPointError, TypeError, OverflowError):
        return atom(a)


def _is_empty_list(B, x: Any) -> bool:
    return B.is_list(x) and len(x) == 0


def shape_error(B, name: str, a: Any, b: Any) -> Exception:
    """Lists of unequal length: kg's message, and in words both lengths and, where one
    list fits each item of the other, the Each that pairs them."""
    glyph = next((g for g, n in DYAD_NAMES.items() if n == name), name)

    def fits(x: Any, n: int) -> bool:
        return all(B.is_list(i) and len(i) == n for i in B.items(x))

    hint = ""
    if fits(b, len(a)):
        hint = f" (to pair a with each item of b in a{glyph}b, use Each: {{a{glyph}x}}'b)"
    elif fits(a, len(b)):
        hint = f" (to pair each item of a with b in a{glyph}b, use Each: {{x{glyph}b}}'a)"
    return verb_error("shape", name, a, b,
                      detail=f"lengths {len(a)} and {len(b)} differ{hint}")


def align(B, name: str, a: Any, b: Any):
    """Klong pairs lists along their first axis: [[1 2] [3 4]]+[10 20] adds 10 to row 0."""
    na, nb = a.ndim, b.ndim
    if a.shape[0] != b.shape[0]:
        raise shape_error(B, name, a, b)
    if na == nb:
        if a.shape != b.shape:
            return None
        return a, b
    if na < nb:
        if a.shape != b.shape[:na]:
            return None
        return a.reshape(a.shape + (1,) * (nb - na)), b
    if b.shape != a.shape[:nb]:
        return None
    return a, b.reshape(b.shape + (1,) * (na - nb))


def atomic_dyad(B, name: str, a: Any, b: Any, atom: Callable, vector: Callable) -> Any:
    """Apply an atomic dyad.

    atom(a, b): both operands atoms (any kind) -> result (raises for bad types).
    vector(a, b): both operands numbers or numeric arrays (at least one array, aligned)
    -> array result; may raise FloatingPointError/TypeError to request the slow path.
    """
    a_list = B.is_list(a)
    b_list = B.is_list(b)
    if not a_list and not b_list:
        if B.tensor_atoms and (B.is_tensor_atom(a) or B.is_tensor_atom(b)):
            return _tensor_dyad(B, a, b, atom, vector)
        return atom(a, b)
    if is_num_operand(B, a) and is_num_operand(B, b):
        try:
            if a_list and b_list and a.ndim + b.ndim > 2:
                pair = align(B, name, a, b)
                if pair is not None:
                    return vector(*pair)
            elif a_list and b_list:
                if a.shape[0] != b.shape[0]:
                    raise shape_error(B, name, a, b)
                return vector(a, b)
            else:
                return vector(a, b)
        except (FloatingPointError, TypeError, OverflowError):
            pass
    return _general_dyad(B, name, a, b, atom, vector, a_list, b_list)


def _general_dyad(B, name, a, b, atom, vector, a_list, b_list):
    if a_list and len(a) == 0 or b_list and len(b) == 0:
        return B.empty()

    def rec(x, y):
        xl, yl = B.is_list(x), B.is_list(y)
        if not xl and not yl:
            if B.tensor_atoms and (B.is_tensor_atom(x) or B.is_tensor_atom(y)):
                return _tensor_dyad(B, x, y, atom, vector)
            return atom(x, y)
        return atomic_dyad(B, name, x, y, atom, vector) if (xl and len(x)) or (yl and len(y)) \
            else B.empty()

    if a_list and b_list:
        if len(a) != len(b):
            raise shape_error(B, name, a, b)
        return B.make_list([rec(x, y) for x, y in zip(B.items(a), B.items(b))])
    if a_list:
        return B.make_list([rec(x, b) for x in B.items(a)])
    return B.make_list([rec(a, y) for y in B.items(b)])


def atomic_monad(B, name: str, a: Any, atom: Callable, vector: Callable) -> Any:
    """Apply an atomic monad: vector(array) on numeric arrays, atom(x) on every atom."""
    if not B.is_list(a):
        if B.tensor_atoms and B.is_tensor_atom(a):
            return _tensor_monad(B, a, atom, vector)
        return atom(a)
    if len(a) == 0:
        return B.empty()
    if is_num_operand(B, a):
        try:
            return vector(a)
        except (FloatingPointError, TypeError, OverflowError):
            pass
    if B.tensor_atoms:
        return B.make_list([atomic_monad(B, name, x, atom, vector) for x in B.items(a)])
    return B.make_list([atomic_monad(B, name, x, atom, vector) if B.is_list(x) else atom(x)
                        for x in B.items(a)])
