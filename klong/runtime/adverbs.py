"""Adverbs: derived verbs built from a verb (primitive or function) and adverbs (§6)."""
from __future__ import annotations

from typing import Any, List

from ..errors import KlongError
from ..printer import written
from ..values import ARITY_NAMES, Char, KFunction, is_false
from . import elementwise
from .dicts import dict_items
from .functions import call_value, hot_monad
from .primitives import backend_dyad, backend_monad
from .verbs.arithmetic import num
from .verbs.compare import match

# primitives whose Over/Scan on a numeric array is one backend reduction/accumulation
_REDUCE = {"+": "add", "*": "multiply", "|": "maximum", "&": "minimum", "-": "subtract"}
# atomic monads: Each of them over a numeric list is the verb on the whole list
_ATOMIC_MONADS = frozenset("-_~")
# atomic dyads: Each-Pair over a numeric list is one vectorised call
_ATOMIC_DYADS = frozenset("+-*|&=<>")
_NEEDS_DYAD = frozenset(["/", "\\", ":'", ":\\", ":/"])


def _adv_name(adv: str) -> str:
    return ":" + adv


class PrimVerb:
    """A primitive verb used with an adverb."""

    __slots__ = ("B", "op", "m", "d")

    def __init__(self, B, op: str):
        self.B = B
        self.op = op
        self.m = backend_monad(op)
        self.d = backend_dyad(op)

    def monad(self, a: Any) -> Any:
        if self.m is None:
            raise KlongError("syntax", f"expected monad, got: :{self.op}")
        return self.m(self.B, a)

    def dyad(self, a: Any, b: Any) -> Any:
        if self.d is None:
            raise KlongError("syntax", f"dyad expected: :{self.op}")
        return self.d(self.B, a, b)


class FnVerb:
    """A function value (name, literal, projection) used with an adverb."""

    __slots__ = ("rt", "f")

    def __init__(self, rt, f: Any):
        self.rt = rt
        self.f = f
        if not isinstance(f, KFunction):
            raise KlongError("type", f"call: type error: [{written(f)}]")

    def monad(self, a: Any) -> Any:
        f = self.f
        if f.arity != 1:
            if f.arity == 0:
                # KlongPy compatibility: a nilad under an adverb ignores the element
                # (`{opt(loss)}'!50` runs fifty steps)
                return f.call(())
            raise KlongError("arity", f"wrong arity: {_arity_name(f)}")
        return f.call((a,))

    def dyad(self, a: Any, b: Any) -> Any:
        f = self.f
        if f.arity != 2:
            raise KlongError("arity", f"wrong arity: {_arity_name(f)}")
        return f.call((a, b))


def _arity_name(f: KFunction) -> str:
    return ARITY_NAMES[f.arity] if 0 <= f.arity <= 3 else "?"


class Derived:
    """verb + one adverb; `chained` when verb is itself a derived verb."""

    __slots__ = ("rt", "B", "verb", "adv", "chained")

    def __init__(self, rt, verb: Any, adv: str, chained: bool):
        self.rt = rt
        self.B = rt.B
        self.verb = verb
        self.adv = adv
        self.chained = chained
        if chained and adv in _NEEDS_DYAD:
            raise KlongError("arity", f"monad expected in chained adverb: {_adv_name(adv)}")

    def monad(self, a: Any) -> Any:
        adv = self.adv
        fn = _MONADIC.get(adv)
        if fn is None:
            raise KlongError("arity", f"wrong adverb context: {_adv_name(adv)}")
        return fn(self, a)

    def dyad(self, a: Any, b: Any) -> Any:
        if self.chained:
            raise KlongError("arity", f"chained adverb used dyadically: {_adv_name(self.adv)}")
        fn = _DYADIC.get(self.adv)
        if fn is None:
            raise KlongError("arity", f"wrong adverb context: {_adv_name(self.adv)}")
        return fn(self, a, b)


def derive(rt, base: Any, advs) -> Any:
    v = base
    for i, adv in enumerate(advs):
        v = Derived(rt, v, adv, chained=i > 0)
    return v


# ---- traversal helpers ---------------------------------------------------------------

def _elements(B, a: Any) -> List[Any]:
    if type(a) is str:
        return [Char(c) for c in a]
    if type(a) is dict:
        return [B.make_list([k, v]) for k, v in dict_items(a)]
    return B.items(a)


def _collect(B, results: List[Any], from_string: bool) -> Any:
    """A result list; made only of chars from a string input it becomes a string."""
    if from_string and all(type(r) is Char for r in results):
        return "".join(results)
    return B.make_list(results)


def _is_seq(B, a: Any) -> bool:
    return type(a) is str or B.is_list(a)


def _empty_like(B, a: Any) -> Any:
    return "" if type(a) is str else B.empty()


def _numeric(B, a: Any) -> bool:
    return B.is_numeric_array(a)


# ---- Each family --------------------------------------------------------------------

def each(d: Derived, a: Any) -> Any:
    B, v = d.B, d.verb
    if type(a) is dict:
        return B.make_list([v.monad(p) for p in _elements(B, a)])
    if not _is_seq(B, a):
        return v.monad(a)
    if len(a) == 0:
        return a
    if type(v) is PrimVerb and v.op in _ATOMIC_MONADS and _numeric(B, a):
        return v.monad(a)
    if type(v) is FnVerb:
        r = elementwise.each(B, v.f, a)
        if r is not None:
            return r
        map1 = getattr(v.f, "map1", None)
        if map1 is not None and v.f.arity == 1:
            return _collect(B, map1(_elements(B, a)), type(a) is str)
    m = v.monad
    return _collect(B, [m(x) for x in _elements(B, a)], type(a) is str)


def each2(d: Derived, a: Any, b: Any) -> Any:
    B, v = d.B, d.verb
    if type(v) is PrimVerb and v.op == "@" and isinstance(a, KFunction):
        return each_index(d, a, b)
    if not _is_seq(B, a) or not _is_seq(B, b):
        return v.dyad(a, b)
    if len(a) == 0 or len(b) == 0:
        return "" if type(a) is str and type(b) is str else B.empty()
    if type(v) is FnVerb:
        r = elementwise.each2(B, v.f, a, b)
        if r is not None:
            return r
    xs, ys = _elements(B, a), _elements(B, b)
    dy = v.dyad
    res = [dy(x, y) for x, y in zip(xs, ys)]
    return _collect(B, res, type(a) is str or type(b) is str)


def each_index(d: Derived, f: KFunction, b: Any) -> Any:
    B = d.B
    if not _is_seq(B, b):
        return call_value(d.rt, f, [B.make_list([0, b])])
    return B.make_list([call_value(d.rt, f, [B.make_list([i, x])])
                        for i, x in enumerate(_elements(B, b))])


def each_left(d: Derived, a: Any, b: Any) -> Any:
    B, v = d.B, d.verb
    if not _is_seq(B, b):
        return v.dyad(a, b)
    if len(b) == 0:
        return b
    if type(v) is FnVerb:
        r = elementwise.each_left(B, v.f, a, b)
        if r is not None:
            return r
    dy = v.dyad
    return _collect(B, [dy(a, y) for y in _elements(B, b)], type(b) is str)


def each_right(d: Derived, a: Any, b: Any) -> Any:
    B, v = d.B, d.verb
    if not _is_seq(B, b):
        return v.dyad(b, a)
    if len(b) == 0:
        return b
    if type(v) is FnVerb:
        r = elementwise.each_right(B, v.f, a, b)
        if r is not None:
            return r
    dy = v.dyad
    return _collect(B, [dy(y, a) for y in _elements(B, b)], type(b) is str)


def each_pair(d: Derived, a: Any) -> Any:
    B, v = d.B, d.verb
    if not _is_seq(B, a) or len(a) < 2:
        return a
    if type(v) is PrimVerb and v.op in _ATOMIC_DYADS and _numeric(B, a) and a.ndim == 1:
        return v.dyad(a[:-1], a[1:])
    xs = _elements(B, a)
    dy = v.dyad
    return _collect(B, [dy(xs[i], xs[i + 1]) for i in range(len(xs) - 1)], type(a) is str)


# ---- Over / Scan ----------------------------------------------------------------------

def over(d: Derived, a: Any) -> Any:
    B, v = d.B, d.verb
    if type(a) is str:
        if not a:
            return a
    elif not B.is_list(a) or B.length(a) == 0:
        return a
    if type(v) is PrimVerb:
        if v.op in _REDUCE and _numeric(B, a):
            return B.reduce(_REDUCE[v.op], a)
        if v.op == ",":
            joined = _join_over(B, a)
            if joined is not None:
                return joined
    xs = _elements(B, a)
    dy = v.dyad
    acc = xs[0]
    for x in xs[1:]:
        acc = dy(acc, x)
    return acc


def _join_over(B, a: Any) -> Any:
    """,/ on a list of numeric vectors/numbers of one kind: one concatenation."""
    if not B.is_object_array(a):
        return None
    kind = None
    parts = []
    for x in a:
        if B.is_numeric_array(x) and x.ndim == 1:
            k = B.kind(x)
        elif type(x) is int:
            k = "i"
        elif type(x) is float:
            k = "f"
        else:
            return None
        if kind is None:
            kind = k
        elif k != kind:
            return None
        parts.append(x if B.is_list(x) else [x])
    conv = B.int_array if kind == "i" else B.real_array
    out = B.concat([p if B.is_list(p) else conv(p) for p in parts])
    return out


def over_neutral(d: Derived, a: Any, b: Any) -> Any:
    B, v = d.B, d.verb
    if not _is_seq(B, b):
        return v.dyad(a, b)
    if len(b) == 0:
        return a
    dy = v.dyad
    acc = a
    for x in _elements(B, b):
        acc = dy(acc, x)
    return acc


def scan(d: Derived, a: Any) -> Any:
    B, v = d.B, d.verb
    if not _is_seq(B, a):
        return B.make_list([a])
    if len(a) == 0:
        return a
    if type(v) is PrimVerb and v.op in _REDUCE and _numeric(B, a):
        return B.accumulate(_REDUCE[v.op], a)
    xs = _elements(B, a)
    dy = v.dyad
    acc = xs[0]
    out = [acc]
    for x in xs[1:]:
        acc = dy(acc, x)
        out.append(acc)
    return B.make_list(out)


def scan_neutral(d: Derived, a: Any, b: Any) -> Any:
    B, v = d.B, d.verb
    if not _is_seq(B, b):
        return B.make_list([a, v.dyad(a, b)])
    if len(b) == 0:
        return a
    dy = v.dyad
    acc = a
    out = [acc]
    for x in _elements(B, b):
        acc = dy(acc, x)
        out.append(acc)
    return B.make_list(out)


# ---- Converge / While / Iterate ---------------------------------------------------------

def _match(a: Any, b: Any) -> bool:
    return match(a, b)


def converge(d: Derived, a: Any) -> Any:
    m = _loop_monad(d.verb)
    cur = a
    while True:
        nxt = m(cur)
        if _match(nxt, cur):
            return cur
        cur = nxt


def scan_converge(d: Derived, a: Any) -> Any:
    m = _loop_monad(d.verb)
    cur = a
    out = [cur]
    while True:
        nxt = m(cur)
        if _match(nxt, cur):
            return d.B.make_list(out)
        out.append(nxt)
        cur = nxt


def _pred(d: Derived, p: Any):
    if p.arity == 0:  # a nilad predicate ignores the value, as a nilad under Each does
        return lambda x: not is_false(call_value(d.rt, p, []))
    f = hot_monad(p)
    if f is not None:
        def test(x: Any) -> bool:
            r = f(x)
            return r != 0 if type(r) is int else not is_false(r)
        return test
    return lambda x: not is_false(call_value(d.rt, p, [x]))


def _loop_monad(v: Any) -> Any:
    """v.monad for a loop: a function's generated code itself where it has some."""
    f = hot_monad(v.f) if type(v) is FnVerb else None
    return v.monad if f is None else f


def _iterations(n: Any) -> int:
    k = num(n)
    if type(k) is not int:
        raise KlongError("type", f"iterate: type error: [{written(n)}]")
    return abs(k)


def while_(d: Derived, p: Any, a: Any) -> Any:
    if not isinstance(p, KFunction):
        return iterate(d, p, a) if _is_intlike(p) else _type_while(p)
    test = _pred(d, p)
    m = _loop_monad(d.verb)
    cur = a
    while test(cur):
        cur = m(cur)
    return cur


def _is_intlike(x: Any) -> bool:
    return type(num(x)) is int


def _type_while(p: Any) -> Any:
    raise KlongError("type", f"while: type error: [{written(p)}]")


def scan_while(d: Derived, p: Any, a: Any) -> Any:
    if not isinstance(p, KFunction):
        return scan_iterate(d, p, a) if _is_intlike(p) else _type_while(p)
    test = _pred(d, p)
    m = _loop_monad(d.verb)
    cur = a
    out = []
    while test(cur):
        out.append(cur)
        cur = m(cur)
    return d.B.make_list(out)


def iterate(d: Derived, n: Any, a: Any) -> Any:
    k = _iterations(n)
    m = _loop_monad(d.verb)
    cur = a
    for _ in range(k):
        cur = m(cur)
    return cur


def scan_iterate(d: Derived, n: Any, a: Any) -> Any:
    k = _iterations(n)
    if k == 0:
        return a
    m = _loop_monad(d.verb)
    cur = a
    out = [cur]
    for _ in range(k):
        cur = m(cur)
        out.append(cur)
    return d.B.make_list(out)


_MONADIC = {"'": each, ":'": each_pair, "/": over, "\\": scan, ":~": converge,
            "\\~": scan_converge}
_DYADIC = {"'": each2, ":\\": each_left, ":/": each_right, "/": over_neutral,
           "\\": scan_neutral, ":~": while_, ":*": iterate, "\\~": scan_while,
           "\\*": scan_iterate}

__all__ = ["PrimVerb", "FnVerb", "Derived", "derive"]
