"""Structural verbs: they rearrange, select and build lists instead of computing on atoms.

@ Atom / Index / Apply, :@ Index-in-Depth, := Amend, :- Amend-in-Depth, ! Enumerate,
# Size / Take, * First, + Transpose, :+ Rotate, , List / Join, | Reverse, & Expand,
^ Shape, :^ Reshape, _ Drop, :_ Undefined / Cut.  (:# Split lives in text.py.)

Conventions (see docs/internals.md):
- lists are backend arrays; numeric lists stay numeric and are handled with one array
  operation (slicing, fancy indexing, concatenation, roll, repeat, resize);
- results taken out of object arrays are re-packed with B.make_list, so a selection that
  happens to be uniform becomes a numeric array again;
- strings are sequences here: a result made only of chars taken from a string is a string,
  an empty one is "".
"""
from __future__ import annotations

from typing import Any, List

from ...errors import KlongError
from ...printer import written
from ...values import UNDEFINED, Char, KFunction, is_complex, is_int, is_real
from ...backends.int_bounds import INT64_MAX, INT64_MIN
from ..dicts import dict_delete, dict_insert
from ..primitives import dyad, monad
from ..verb_errors import verb_error

# =============================================================================
# helpers
# =============================================================================


def _isstr(x: Any) -> bool:
    return type(x) is str


def _nonempty_list(B, x: Any) -> bool:
    return B.is_list(x) and len(x) > 0


def _item(B, a: Any, i: int) -> Any:
    """Element i of a list: a Klong value (Python number, row array or object element)."""
    v = a[i]
    if B.is_object_array(a) or B.is_list(v):
        return v
    return B.scalar(v)


def _canon(B, r: Any) -> Any:
    """Canonical form of a list cut out of another one: [] for empty, and an object array
    re-packed (a uniform numeric selection becomes a numeric array)."""
    if len(r) == 0:
        return B.empty()
    if B.is_object_array(r):
        return B.make_list(B.items(r))
    return r


def _chars_to_string(items: List[Any]) -> Any:
    """A string when every item is a char, else None."""
    if all(type(c) is Char for c in items):
        return "".join(items)
    return None


def _expected(verb: str, what: str, x: Any) -> KlongError:
    """kg's `verb: expected integer, got: x` (a type error)."""
    return KlongError("type", f"{verb}: expected {what}, got: {written(x)}")


def _first_bad(B, idx: Any, mask: Any) -> int:
    """The first element of int array idx where the boolean mask is set."""
    pos = B.nonzero(mask.reshape(-1))
    return B.scalar(idx.reshape(-1)[pos[0]])


def _check_range(B, verb: str, idx: Any, n: int) -> None:
    """Range-check an int array of indices against 0..n-1 (vectorised)."""
    mask = B.less(idx, 0) | B.greater(idx, n - 1)
    if mask.any():
        raise verb_error("range", verb, _first_bad(B, idx, mask))


def _numeric_like(B, a: Any, v: Any) -> bool:
    """True when v can be stored into numeric array a without changing a's type."""
    if a.ndim == 1:
        if B.is_int_array(a):
            return is_int(v)
        return is_real(v)
    return (B.is_numeric_array(v) and tuple(v.shape) == tuple(a.shape[1:])
            and B.is_int_array(v) == B.is_int_array(a))


# =============================================================================
# @  Atom · Index / Apply      :@  Index-in-Depth
# =============================================================================

@monad("@", "atom")
def atom(B, a: Any) -> int:
    """1 unless a is a non-empty list or a non-empty string."""
    if _isstr(a):
        return 0 if a else 1
    if B.is_list(a):
        return 0 if len(a) else 1
    return 1


def apply_function(B, f: KFunction, b: Any) -> Any:
    """f@b: an atom b (a string included) is the one argument, a list b the arguments."""
    args = B.items(b) if B.is_list(b) else [b]
    if len(args) != f.arity:
        shown = written(b) if B.is_list(b) else "[" + written(b) + "]"
        raise KlongError("arity", "apply: wrong number of arguments: " + shown)
    return f.call(args)


def _index_rec(B, a: Any, n: int, b: Any, s: bool) -> Any:
    """Select from list or string a (length n) by integer or (nested) list b."""
    if is_int(b):
        i = int(b)
        if i < 0 or i >= n:
            raise verb_error("range", "index", b)
        return Char(a[i]) if s else _item(B, a, i)
    if B.is_list(b):
        if len(b) == 0:
            return B.empty()
        if B.is_int_array(b) and not s:
            _check_range(B, "index", b, n)
            if B.is_numeric_array(a):
                return B.take(a, b)                  # one fancy-index call, same shape
            if b.ndim == 1:
                return _canon(B, B.take(a, b))
        elif B.is_int_array(b) and b.ndim == 1:
            _check_range(B, "index", b, n)
            return B.object_list([Char(a[i]) for i in b.tolist()])
        return B.make_list([_index_rec(B, a, n, e, s) for e in B.items(b)])
    raise _expected("index", "integer", b)


@dyad("@", "index")
def index(B, a: Any, b: Any) -> Any:
    """a@b: Index (a list or string) or Apply (a function)."""
    if isinstance(a, KFunction):
        return apply_function(B, a, b)
    s = _isstr(a)
    if not (s or B.is_list(a)) or not (is_int(b) or B.is_list(b)):
        raise verb_error("type", "index", a, b)
    if not s:
        return _index_rec(B, a, len(a), b, False)
    if B.is_list(b) and len(b) == 0:
        return ""
    if B.is_int_array(b) and b.ndim == 1:
        _check_range(B, "index", b, len(a))
        return "".join([a[i] for i in b.tolist()])
    r = _index_rec(B, a, len(a), b, True)
    if B.is_list(r):
        t = _chars_to_string(B.items(r))
        if t is not None:
            return t
    return r


@dyad(":@", "index-in-depth")
def index_in_depth(B, a: Any, b: Any) -> Any:
    """a:@b: follow the path b into a, one level per index; strings are atoms here."""
    if isinstance(a, KFunction):
        return apply_function(B, a, b)
    if not _nonempty_list(B, a) or not (is_int(b) or _nonempty_list(B, b)):
        raise verb_error("type", "index-in-depth", a, b)
    path = [b] if is_int(b) else B.items(b)
    p = a
    for k in path:
        if not is_int(k):
            raise _expected("index-in-depth", "integer", k)
        if not _nonempty_list(B, p):
            raise verb_error("shape", "index-in-depth", p)
        k = int(k)
        if k < 0 or k >= len(p):
            raise verb_error("shape", "index-in-depth", B.empty())
        p = _item(B, p, k)
    return p


# =============================================================================
# :=  Amend     :-  Amend-in-Depth
# =============================================================================

def _amend_indices(B, idx: List[Any], n: int, limit: int) -> List[int]:
    """Check indices in the order given: integers in 0..limit-1."""
    out = []
    for i in idx:
        if not is_int(i):
            raise _expected("amend", "integer", i)
        if i < 0 or i >= limit:
            raise verb_error("range", "amend", i)
        out.append(int(i))
    return out


def _amend_string(B, a: str, v: Any, idx: List[Any]) -> str:
    n = len(a)
    if type(v) is Char:
        chars = list(a)
        for i in _amend_indices(B, idx, n, n):
            chars[i] = str(v)
        return "".join(chars)
    if not _isstr(v):
        raise _expected("amend", "char", v)
    pos = _amend_indices(B, idx, n, n + 1)        # a substring may start at #a
    size = max([n] + [i + len(v) for i in pos])
    chars = list(a) + [" "] * (size - n)
    for i in pos:
        chars[i:i + len(v)] = list(v)
    return "".join(chars)


@dyad(":=", "amend")
def amend(B, a: Any, b: Any) -> Any:
    """a:=b with b = v,i1,i2...: a copy of a with v at each index (any order)."""
    s = _isstr(a)
    if not B.is_list(b) or not (s or B.is_list(a)):
        raise verb_error("type", "amend", a, b)
    if len(b) < 2:
        return a
    if s:
        items = B.items(b)
        return _amend_string(B, a, items[0], items[1:])
    n = len(a)
    if B.is_int_array(b) and b.ndim == 1:
        v, idx = B.scalar(b[0]), b[1:]
        _check_range(B, "amend", idx, n)
        if B.is_numeric_array(a) and _numeric_like(B, a, v):
            return B.put(a, idx, v)
        pos = idx.tolist()
    else:
        items = B.items(b)
        v = items[0]
        pos = _amend_indices(B, items[1:], n, n)
        if B.is_numeric_array(a) and _numeric_like(B, a, v):
            return B.put(a, B.int_array(pos), v)
    out = B.items(a)
    for i in pos:
        out[i] = v
    return B.make_list(out)


def _amend_depth(B, path: List[Any], y: Any, v: Any) -> Any:
    if not path:
        if _nonempty_list(B, y):
            raise verb_error("shape", "amend-in-depth", y)
        return v
    if not _nonempty_list(B, y):
        raise verb_error("shape", "amend-in-depth", B.make_list(path))
    k = path[0]
    if not is_int(k):
        raise _expected("amend-in-depth", "integer", k)
    if k < 0 or k >= len(y):
        raise verb_error("range", "amend-in-depth", k)
    out = B.items(y)
    out[int(k)] = _amend_depth(B, path[1:], out[int(k)], v)
    return B.make_list(out)


@dyad(":-", "amend-in-depth")
def amend_in_depth(B, a: Any, b: Any) -> Any:
    """a:-b with b = v,i1...iN: replace the atom at path i1..iN."""
    if not _nonempty_list(B, a) or not _nonempty_list(B, b):
        raise verb_error("type", "amend-in-depth", a, b)
    items = B.items(b)
    path = items[1:]
    if (B.is_numeric_array(a) and len(path) == a.ndim and all(is_int(k) for k in path)
            and all(0 <= k < d for k, d in zip(path, a.shape))
            and (is_int(items[0]) if B.is_int_array(a) else is_real(items[0]))):
        return B.put(a, tuple(int(k) for k in path), items[0])
    return _amend_depth(B, path, a, items[0])


# =============================================================================
# !  Enumerate     #  Size / Take
# =============================================================================

# Results larger than this cannot be stored (numpy's index range); asking for one is a
# limit error rather than a hang or a Python exception.
MAX_ITEMS = 2 ** 31


def _within_limit(verb: str, n: int) -> int:
    if n > MAX_ITEMS:
        raise KlongError("limit", f"{verb}: result too large: {n} items")
    return n


@monad("!", "enumerate")
def enumerate_(B, a: Any) -> Any:
    """!a: [0 ... a-1]."""
    if not is_int(a):
        raise verb_error("type", "enumerate", a)
    if a < 0:
        raise verb_error("domain", "enumerate", a)
    if a == 0:
        return B.empty()
    return B.arange(_within_limit("enumerate", int(a)))


@monad("#", "size")
def size(B, a: Any) -> Any:
    """#a: count of a list, string or dictionary; |number| (a complex number's modulus);
    code of a char."""
    if B.is_list(a):
        return B.length(a)
    t = type(a)
    if t is str or t is dict:
        return len(a)
    if t is Char:
        return ord(a)
    if is_int(a):
        return abs(int(a))
    if is_real(a):
        return abs(a) if B.is_tensor_atom(a) else abs(float(a))   # keeps gradients
    if is_complex(a):
        return abs(complex(a))
    raise verb_error("type", "size", a)


def _take_list(B, n: int, b: Any) -> Any:
    size_ = len(b)
    if 0 < n <= size_:
        return _canon(B, b[:n])
    if -size_ <= n < 0:
        return _canon(B, b[size_ + n:])
    if n > 0:
        return _canon(B, B.tile_to(b, n))
    return _canon(B, B.reverse(B.tile_to(B.reverse(b), -n)))


def _take_string(n: int, b: str) -> str:
    m = abs(n)
    k = m // len(b) + 1
    return (b * k)[:m] if n > 0 else (b * k)[len(b) * k - m:]


@dyad("#", "take")
def take(B, a: Any, b: Any) -> Any:
    """a#b: first a items of b (last |a| if negative), cycling through b."""
    s = _isstr(b)
    if not is_int(a) or not (s or B.is_list(b)):
        raise verb_error("type", "take", a, b)
    n = int(a)
    if n == 0 or len(b) == 0:
        return "" if s else B.empty()
    _within_limit("take", abs(n))
    if s:
        return _take_string(n, b)
    return _take_list(B, n, b)


# =============================================================================
# *  First     +  Transpose     :+  Rotate     |  Reverse
# =============================================================================

@monad("*", "first")
def first(B, a: Any) -> Any:
    """*a: first element of a list, first char of a string; anything else unchanged."""
    if _isstr(a):
        return Char(a[0]) if a else a
    if B.is_list(a) and len(a):
        return _item(B, a, 0)
    return a


@monad("+", "transpose")
def transpose(B, a: Any) -> Any:
    """+a: swap rows and columns; atom elements are repeated in every row."""
    if not B.is_list(a):
        raise verb_error("type", "transpose", a)
    if len(a) == 0:
        return a
    if B.is_numeric_array(a):
        if a.ndim < 2 or a.shape[1] == 0:
            return a
        return B.swap01(a)
    elems = B.items(a)
    lens = {len(e) for e in elems if B.is_list(e)}
    if not any(lens):                      # no non-empty sub-list
        return a
    if len(lens) != 1:
        raise verb_error("shape", "transpose", a)
    m = lens.pop()
    subs = [B.items(e) if B.is_list(e) else None for e in elems]
    rows = [B.make_list([e if sub is None else sub[j] for e, sub in zip(elems, subs)])
            for j in range(m)]
    return B.make_list(rows)


@dyad(":+", "rotate")
def rotate(B, a: Any, b: Any) -> Any:
    """a:+b: rotate b right by a (left if negative); atoms unchanged."""
    s = _isstr(b)
    if not (s or B.is_list(b)):
        return b
    if not is_int(a):
        raise verb_error("type", "rotate", a, b)
    n = len(b)
    if n < 2:
        return b
    k = int(a) % n
    if k == 0:
        return b
    if s:
        return b[n - k:] + b[:n - k]
    return B.roll(b, k)


@monad("|", "reverse")
def reverse(B, a: Any) -> Any:
    """|a: a list or string reversed; anything else unchanged."""
    if _isstr(a):
        return a[::-1]
    if B.is_list(a) and len(a) > 1:
        return B.reverse(a)
    return a


# =============================================================================
# ,  List / Join
# =============================================================================

@monad(",", "list")
def list_(B, a: Any) -> Any:
    """,a: the one-element list [a]; a char becomes a one-char string."""
    if type(a) is Char:
        return str.__str__(a)
    return B.make_list([a])


def _is_pair(B, x: Any) -> bool:
    return B.is_list(x) and len(x) == 2


def _dict_insert(B, d: dict, pair: Any) -> dict:
    k, v = B.items(pair)
    return dict_insert(d, k, v)


def _concat(B, a: Any, b: Any) -> Any:
    if len(a) == 0:
        return b
    if len(b) == 0:
        return a
    if (B.is_numeric_array(a) and B.is_numeric_array(b)
            and B.is_int_array(a) == B.is_int_array(b)
            and tuple(a.shape[1:]) == tuple(b.shape[1:])):
        return B.concat([a, b])
    if B.is_object_array(a) and B.is_object_array(b):
        return B.concat([a, b])
    return B.make_list(B.items(a) + B.items(b))


def _int64(x: Any) -> bool:
    """x is an integer that an int64 array can hold."""
    return is_int(x) and INT64_MIN <= int(x) <= INT64_MAX


def _append(B, a: Any, x: Any) -> Any:
    if len(a) and a.ndim == 1:
        if B.is_int_array(a) and _int64(x):
            return B.concat([a, B.int_array([x])])
        if B.is_real_array(a) and is_real(x):
            return B.concat([a, B.real_array([x])])
    return B.make_list(B.items(a) + [x]) if len(a) else B.make_list([x])


def _prepend(B, x: Any, b: Any) -> Any:
    if len(b) and b.ndim == 1:
        if B.is_int_array(b) and _int64(x):
            return B.concat([B.int_array([x]), b])
        if B.is_real_array(b) and is_real(x):
            return B.concat([B.real_array([x]), b])
    return B.make_list([x] + B.items(b)) if len(b) else B.make_list([x])


@dyad(",", "join")
def join(B, a: Any, b: Any) -> Any:
    """a,b: concatenate, append, prepend, join strings/chars, insert into a dictionary."""
    ta, tb = type(a), type(b)
    if ta is dict and _is_pair(B, b):
        return _dict_insert(B, a, b)
    if tb is dict and _is_pair(B, a):
        return _dict_insert(B, b, a)
    al, bl = B.is_list(a), B.is_list(b)
    if bl:
        return _concat(B, a, b) if al else _prepend(B, a, b)
    if al:
        return _append(B, a, b)
    if (ta is str or ta is Char) and (tb is str or tb is Char):
        return str.__str__(a) + str.__str__(b)
    return B.make_list([a, b])


# =============================================================================
# &  Expand / Where     ^  Shape     :^  Reshape
# =============================================================================

@monad("&", "expand")
def expand(B, a: Any) -> Any:
    """&a: index i repeated a@i times (the positions of the 1s of a 0/1 list)."""
    if is_int(a):
        a = B.int_array([a])
    elif not B.is_list(a):
        raise verb_error("type", "expand", a)
    if len(a) == 0:
        return B.empty()
    if B.is_int_array(a) and a.ndim == 1:
        neg = B.less(a, 0)
        if neg.any():
            raise verb_error("range", "expand", _first_bad(B, a, neg))
        counts = a
    else:
        for e in B.items(a):
            if not is_int(e):
                raise _expected("expand", "integer", e)
            if e < 0:
                raise verb_error("range", "expand", e)
        counts = B.int_array(B.items(a))
    _within_limit("expand", int(B.reduce("add", counts)) if B.is_numeric_array(counts)
                  else sum(counts))
    r = B.repeat(B.arange(len(counts)), counts)
    return r if len(r) else B.empty()


def _shape_of(B, x: Any) -> tuple:
    """Shape as a tuple; () for atoms (empty lists included); strings (n,)."""
    if _isstr(x):
        return (len(x),)
    if not _nonempty_list(B, x):
        return ()
    if B.is_numeric_array(x):
        dims = [int(x.shape[0])]
        for d in x.shape[1:]:
            if d == 0:                # elements are [] = atoms
                break
            dims.append(int(d))
        return tuple(dims)
    elems = B.items(x)
    prefix = _shape_of(B, elems[0])
    for e in elems[1:]:
        if not prefix:
            break
        other = _shape_of(B, e)
        k = 0
        while k < len(prefix) and k < len(other) and prefix[k] == other[k]:
            k += 1
        prefix = prefix[:k]
    return (len(elems),) + prefix


@monad("^", "shape")
def shape(B, a: Any) -> Any:
    """^a: 0 for atoms, else the dimensions of the regular prefix of a."""
    if _isstr(a):
        return B.int_array([len(a)]) if a else 0
    if not _nonempty_list(B, a):
        return 0
    return B.int_array(list(_shape_of(B, a)))


def _reshape_source(B, b: Any) -> List[Any]:
    """The items Reshape cycles through: chars of a string, items of a list with
    adjacent strings joined (one string left: its chars), an atom as itself."""
    if _isstr(b):
        return list(map(Char, b)) if b else [b]
    if not _nonempty_list(B, b):
        return [b]
    src: List[Any] = []
    for e in B.items(b):
        if _isstr(e) and src and _isstr(src[-1]):
            src[-1] = src[-1] + e
        else:
            src.append(e)
    if len(src) == 1 and _isstr(src[0]):
        return list(map(Char, src[0])) if src[0] else src
    return src


def _build_level(B, items: List[Any]) -> Any:
    t = _chars_to_string(items)
    return t if t is not None else B.make_list(items)


@dyad(":^", "reshape")
def reshape(B, a: Any, b: Any) -> Any:
    """a:^b: an array of shape a filled with the items of b, cycling."""
    if is_int(a):
        if a == 0:
            return b
        dims_in = [a]
    elif B.is_list(a):
        dims_in = B.items(a)
    else:
        raise verb_error("type", "reshape", a, b)
    numeric = B.is_numeric_array(b)
    src = None if numeric else _reshape_source(B, b)
    count = len(b) if numeric else len(src)
    dims = []
    for d in dims_in:
        if not is_int(d):
            raise _expected("reshape", "integer", d)
        k = count // 2 if d == -1 else int(d)
        if k < 1:
            raise verb_error("range", "reshape", d)
        dims.append(k)
    if not dims:
        return _item(B, b, 0) if numeric else src[0]
    total = 1
    for d in dims:
        total *= d
    _within_limit("reshape", total)
    if numeric or all(is_int(x) for x in src) or all(is_real(x) for x in src):
        base = b if numeric else B.make_list(src)
        return B.reshape(B.tile_to(base, total), tuple(dims) + tuple(base.shape[1:]))
    n = len(src)
    level = [src[i % n] for i in range(total)]
    for d in reversed(dims):
        level = [_build_level(B, level[i:i + d]) for i in range(0, len(level), d)]
    return level[0]


# =============================================================================
# _  Drop     :_  Undefined / Cut
# =============================================================================

@dyad("_", "drop")
def drop(B, a: Any, b: Any) -> Any:
    """a_b: drop a items from the front of b (from the end if negative); for a
    dictionary b: delete key a in place."""
    if type(b) is dict:
        if type(a) is not dict:       # a dictionary is never a key
            dict_delete(b, a)
        return b
    s = _isstr(b)
    if not is_int(a) or not (s or B.is_list(b)):
        raise verb_error("type", "drop", a, b)
    n = int(a)
    if n == 0:
        return b
    size_ = len(b)
    r = b[n:] if n > 0 else b[:max(0, size_ + n)]
    return r if s else _canon(B, r)


@monad(":_", "undefined")
def undefined(B, a: Any) -> int:
    """:_a: 1 if a is the undefined value."""
    return 1 if a is UNDEFINED else 0


@dyad(":_", "cut")
def cut(B, a: Any, b: Any) -> Any:
    """a:_b: cut b before each position in a (non-decreasing), #a+1 pieces."""
    s = _isstr(b)
    if not (is_int(a) or B.is_list(a)) or not (s or B.is_list(b)):
        raise verb_error("type", "cut", a, b)
    if B.is_list(a) and len(a) == 0:
        return B.make_list([b])
    offs = B.int_array([a]) if is_int(a) else a
    n = len(b)
    pieces: List[Any] = []
    prev = 0
    for p in B.items(offs):
        if not is_int(p):
            raise _expected("cut", "integer", p)
        if p < prev:
            raise verb_error("range", "cut", offs)
        if p > n:
            raise verb_error("range" if s else "length", "cut", offs)
        pieces.append(b[prev:p] if s else _canon(B, b[prev:p]))
        prev = int(p)
    if n:
        pieces.append(b[prev:] if s else _canon(B, b[prev:]))
    return B.make_list(pieces)


__all__ = [
    "amend", "amend_in_depth", "apply_function", "atom", "cut", "drop", "enumerate_",
    "expand", "first", "index", "index_in_depth", "join", "list_", "reshape", "reverse",
    "rotate", "shape", "size", "take", "transpose", "undefined",
]
