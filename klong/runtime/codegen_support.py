"""What the Python code that `codegen.py` generates calls at run time: the scalar paths of
the atomic verbs for reals and mixed numbers (the integer paths are inline), calls through a
call site's cache, undefined names and the error handler that gives an error its span.

Each scalar path answers exactly what its verb answers (same value, same type) for the
operands it takes, and hands every other case, errors included, to the verb itself."""
from __future__ import annotations

from types import TracebackType
from typing import Any, Dict, Optional

from ..errors import KlongError, Span
from ..printer import written
from .functions import Function, call_value, internal_error
from .verbs.arithmetic import divide, integer_divide, max_or, min_and, minus, negate, plus, \
    remainder, times
from .verbs.compare import equal, less, more

_INF = float("inf")

def _real_pair(a: Any, b: Any) -> bool:
    ta, tb = type(a), type(b)
    return (ta is float or ta is int) and (tb is float or tb is int)


def add(B, a: Any, b: Any) -> Any:
    """a+b for reals and mixed numbers; the verb for everything else."""
    if _real_pair(a, b):
        try:
            r = a + b
        except OverflowError:           # an integer too large to meet a real
            return plus(B, a, b)
        if -_INF < r < _INF:
            return r
    return plus(B, a, b)


def sub(B, a: Any, b: Any) -> Any:
    if _real_pair(a, b):
        try:
            r = a - b
        except OverflowError:
            return minus(B, a, b)
        if -_INF < r < _INF:
            return r
    return minus(B, a, b)


def mul(B, a: Any, b: Any) -> Any:
    if _real_pair(a, b):
        try:
            r = a * b
        except OverflowError:
            return times(B, a, b)
        if -_INF < r < _INF:
            return r
    return times(B, a, b)


def div(B, a: Any, b: Any) -> Any:
    """a%b on two numbers, b not 0: a real (`%` of integers is a real too)."""
    if _real_pair(a, b) and b:
        try:
            r = a / b
        except OverflowError:
            return divide(B, a, b)
        if -_INF < r < _INF:
            return r
    return divide(B, a, b)


def lt(B, a: Any, b: Any) -> Any:
    if _real_pair(a, b):
        return 1 if a < b else 0
    return less(B, a, b)


def gt(B, a: Any, b: Any) -> Any:
    if _real_pair(a, b):
        return 1 if a > b else 0
    return more(B, a, b)


def eq(B, a: Any, b: Any) -> Any:
    if _real_pair(a, b):
        return 1 if a == b else 0
    return equal(B, a, b)


def max_(B, a: Any, b: Any) -> Any:
    if _real_pair(a, b):
        return a if a >= b else b
    return max_or(B, a, b)


def min_(B, a: Any, b: Any) -> Any:
    if _real_pair(a, b):
        return a if a < b else b
    return min_and(B, a, b)


def rem(B, a: Any, b: Any) -> Any:
    """a!b: the remainder takes the sign of a (integers only; the verb for the rest)."""
    if type(a) is int and type(b) is int and b:
        r = abs(a) % abs(b)
        return -r if a < 0 else r
    return remainder(B, a, b)


def idiv(B, a: Any, b: Any) -> Any:
    """a:%b: the quotient truncated toward zero."""
    if type(a) is int and type(b) is int and b:
        q = abs(a) // abs(b)
        return q if (a < 0) == (b < 0) else -q
    return integer_divide(B, a, b)


def neg(B, a: Any) -> Any:
    if type(a) is float:
        return -a
    return negate(B, a)


# the dyads with a scalar path here (glyph -> (verb the path stands for, path))
SCALAR_DYADS = {"+": (plus, add), "-": (minus, sub), "*": (times, mul), "%": (divide, div),
                "<": (less, lt), ">": (more, gt), "=": (equal, eq), "|": (max_or, max_),
                "&": (min_and, min_), "!": (remainder, rem), ":%": (integer_divide, idiv)}


# ---- names ---------------------------------------------------------------------------------

def undefined(table: Dict[str, Any], key: str, name: str) -> Any:
    """A global `key` that is not there: in a module its plain name, else error undefined."""
    if key != name and name in table:
        return table[name]
    raise KlongError("undefined", f"undefined: {name}") from None


def unset(name: str) -> Any:
    """A local read before it is assigned."""
    raise KlongError("undefined", f"undefined: {name}")


def bad_define(a: Any, b: Any) -> Any:
    """`a::b` where a is no name."""
    raise KlongError("type", f"define: type error: [{written(a)} {written(b)}]")


# ---- calls -----------------------------------------------------------------------------------

def call_site(rt, ns: Dict[str, Any], fkey: str, dkey: str, f: Any, args: tuple) -> Any:
    """A call whose site's cache (`ns[fkey]` the function, `ns[dkey]` its Python code) did not
    hold `f`: a generated function of the right arity becomes the cached one."""
    if type(f) is Function:
        d = f.direct
        n = len(args)
        if d is not None and f.arity == n:
            ns[fkey] = f
            ns[dkey] = d
            if n == 1:
                return d(args[0])
            if n == 2:
                return d(args[0], args[1])
            if n == 0:
                return d()
            return d(args[0], args[1], args[2])
    return call_value(rt, f, list(args))


# ---- errors ------------------------------------------------------------------------------------

def fail(exc: BaseException, tb: Optional[TracebackType], spans: Dict[int, Span],
         src: str) -> KlongError:
    """The KlongError for `exc` caught in a generated function: the span of the node whose
    line of Python it crossed (`tb` is the catching frame's entry), as the closure
    compiler's wrapper of that node would give it."""
    err = internal_error(exc)
    span = spans.get(tb.tb_lineno) if tb is not None else None
    return err.at(span, src) if span is not None else err
