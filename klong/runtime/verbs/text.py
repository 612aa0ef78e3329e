"""Text verbs: $ (Format, Format2), :$ (Form), :# (Char, Split)."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np

from ...errors import KlongError
from ...printer import displayed, format_real
from ...syntax.digits import int_of
from ...values import UNDEFINED, Char, Symbol, is_int, is_real, is_tensor
from ..atomic import atomic_monad
from ..primitives import dyad, monad
from ..verb_errors import verb_error
from .arithmetic import num
from .structure import MAX_ITEMS

_MAX_CODE = 0x10FFFF


def _text_dyad(B, name: str, a: Any, b: Any, atom: Callable) -> Any:
    """Atomic dyad where `[]` is an atom handed to `atom` (Format2 and Form give it a
    meaning of their own instead of the `[]` rule of atomic.py)."""
    a_list = B.is_list(a) and len(a) > 0
    b_list = B.is_list(b) and len(b) > 0
    if not a_list and not b_list:
        return atom(a, b)
    if a_list and b_list:
        if len(a) != len(b):
            raise verb_error("shape", name, a, b)
        pairs = zip(B.items(a), B.items(b))
    elif a_list:
        pairs = ((x, b) for x in B.items(a))
    else:
        pairs = ((a, y) for y in B.items(b))
    return B.make_list([_text_dyad(B, name, x, y, atom) for x, y in pairs])


# ---- Format -------------------------------------------------------------------

def format_atom(x: Any) -> Any:
    """Written form of an atom as a string (`$x`): the printer's display form of a number,
    char, string or symbol; undefined for values without one."""
    if is_tensor(x) and x.dim() == 0:
        x = x.item()
    if isinstance(x, _FORMATTABLE) and not isinstance(x, bool):
        return displayed(x)
    return UNDEFINED


_FORMATTABLE = (int, float, str, np.integer, np.floating, complex, np.complexfloating)


def _format(B, a: Any) -> Any:
    if not B.is_list(a):
        return format_atom(a)
    if len(a) == 0:
        return UNDEFINED
    if B.is_numeric_array(a) and a.ndim == 1:
        return B.object_list([format_atom(x) for x in B.items(a)])
    return B.make_list([_format(B, x) for x in B.items(a)])


@monad("$", "format")
def format_(B, a):
    return _format(B, a)


# ---- Format2 ------------------------------------------------------------------

def _fraction_digits(a: float) -> tuple[int, int]:
    """Real width a = n.m -> (n, m): sign ignored, m the written fraction digits as a number
    (leading zeros dropped: 5.25 -> 25, 5.05 -> 5)."""
    text = format_real(abs(a))
    mant = text.partition("e")[0]
    whole, _, frac = mant.partition(".")
    if "e" in text:
        return int(abs(a)), 0
    frac = frac.lstrip("0")
    return int(whole), int(frac) if frac else 0


def _pad(s: str, width: int) -> str:
    if abs(width) > MAX_ITEMS:
        raise KlongError("limit", f"format2: result too large: {abs(width)} characters")
    if width > 0:
        return s.ljust(width)
    if width < 0:
        return s.rjust(-width)
    return s


def _format2_atom(a: Any, b: Any) -> Any:
    w = num(a)
    if w is None:
        raise verb_error("type", "format2", a, b)
    s = format_atom(b)
    if s is UNDEFINED:
        return UNDEFINED
    if type(w) is int:
        return _pad(s, w)
    n, m = _fraction_digits(w)
    if not is_real(b) or "e" in s:
        return _pad(s, n)
    whole, _, frac = s.partition(".")
    if len(frac) > m or len(whole) > n:
        return s
    return whole.rjust(n) + "." + frac.ljust(m, "0")


@dyad("$", "format2")
def format2(B, a, b):
    return _text_dyad(B, "format2", a, b, _format2_atom)


# ---- Form ---------------------------------------------------------------------

# patterns, compiled by `re` on first use (its cache): start-up does not pay for them
_INT_RE = r"[+-]?[0-9]+"
_REAL_RE = r"[+-]?[0-9]+(?:\.[0-9]*)?(?:e[+-]?[0-9]+)?"
_SYM_RE = r":?([A-Za-z][A-Za-z0-9.]*)"


def _form_atom(a: Any, b: Any) -> Any:
    if type(b) is not str:
        raise verb_error("type", "form", a, b)
    t = type(a)
    if is_int(a):
        if re.fullmatch(_INT_RE, b):
            return int_of(b)
        return UNDEFINED
    if is_real(a):
        if re.fullmatch(_REAL_RE, b):
            r = float(b)
            return r if r not in (float("inf"), float("-inf")) else UNDEFINED
        return UNDEFINED
    if t is Char:
        return Char(b) if len(b) == 1 else UNDEFINED
    if t is Symbol:
        m = re.fullmatch(_SYM_RE, b)
        return Symbol(m.group(1)) if m else UNDEFINED
    return b


@dyad(":$", "form")
def form(B, a, b):
    return _text_dyad(B, "form", a, b, _form_atom)


# ---- Char ---------------------------------------------------------------------

def _char_atom(a: Any) -> Char:
    x = num(a)
    if type(x) is not int:
        raise verb_error("type", "char", a)
    if x < 0 or x > _MAX_CODE:
        raise verb_error("domain", "char", a)
    return Char(chr(x))


def _char_vec(B):
    def vec(a):
        if B.kind(a) != "i" or a.ndim != 1:
            raise TypeError
        return B.object_list([_char_atom(x) for x in a.tolist()])
    return vec


@monad(":#", "char")
def char(B, a):
    return atomic_monad(B, "char", a, _char_atom, _char_vec(B))


# ---- Split --------------------------------------------------------------------

def _split_lengths(B, a: Any, b: Any) -> list:
    """The piece lengths of a:#b. A length < 1 is a range error only when there is
    something to split: an empty b gives [] whatever the lengths (kg: `[2 0 1]:#[]`)."""
    if B.is_list(a):
        if len(a) == 0:
            raise verb_error("type", "split", a, b)
        lengths = B.items(a)
    else:
        lengths = [a]
    out = []
    for n in lengths:
        k = num(n)
        if type(k) is not int:
            raise verb_error("type", "split", a, b)
        if k < 1 and len(b):
            raise verb_error("range", "split", n)
        out.append(k)
    return out


@dyad(":#", "split")
def split(B, a, b):
    is_str = type(b) is str
    if not is_str and not B.is_list(b):
        raise verb_error("type", "split", a, b)
    lengths = _split_lengths(B, a, b)
    total = len(b)
    if total == 0:
        return B.empty()
    pieces = []
    pos = 0
    i = 0
    general = not is_str and not B.is_numeric_array(b)
    while pos < total:
        end = pos + lengths[i % len(lengths)]
        piece = b[pos:end]
        if general:
            piece = B.make_list(B.items(piece))
        elif not is_str:
            piece = B.copy(piece)
        pieces.append(piece)
        pos = end
        i += 1
    if is_str:
        return B.object_list(pieces)
    return B.make_list(pieces)
