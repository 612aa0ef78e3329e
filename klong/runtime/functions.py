"""The runtime's function objects and how a value is called: `Function` (a function
literal's value), `Projection` (`f(a;)`), `call_value`, the `Runtime` that compiled code runs
against, and `internal_error` (a Python exception escaping a verb -> KlongError)."""
from __future__ import annotations

from typing import Any, Callable, List, Optional

import numpy as np

from ..errors import KlongError
from ..printer import written
from ..values import ARITY_NAMES, KFunction
from .scope import UNSET, LexicalScope

Thunk = Callable[[], Any]


_ALLOCATION_FAILED = ("can't allocate memory", "out of memory")  # in a message, any case


def internal_error(exc: BaseException) -> KlongError:
    """Turn a Python exception escaping a verb into a KlongError (no traceback for users)."""
    if isinstance(exc, KlongError):
        return exc
    if isinstance(exc, RecursionError):
        return KlongError("limit", "recursion too deep")
    if isinstance(exc, FloatingPointError):
        return KlongError("domain", f"domain error: {exc}")
    if isinstance(exc, RuntimeError) and any(m in str(exc).lower() for m in _ALLOCATION_FAILED):
        # a backend's allocator that says so in a RuntimeError (torch's CPU and CUDA ones),
        # from any verb, not only those the backend wraps
        return KlongError("limit", "out of memory")
    if isinstance(exc, (MemoryError, OverflowError)) or (
            isinstance(exc, ValueError) and "size" in str(exc)):
        # Python's own words ("cannot convert to C ssize_t") say nothing to a Klong user
        return KlongError("limit", "result too large" if isinstance(exc, (OverflowError,
                                                                          ValueError))
                          else "out of memory")
    if isinstance(exc, KeyboardInterrupt):
        return KlongError("interrupt", "interrupted")
    err = KlongError("python", f"{type(exc).__name__}: {exc}")
    err.__cause__ = exc
    return err


class Function(KFunction):
    """A Klong function literal's value. One per literal: `.f` and repeated evaluation of
    the literal give this same object."""

    __slots__ = ("arity", "body", "params", "locals", "slots", "rt", "name", "literal",
                 "elementwise", "direct", "plan", "calls")

    def __init__(self, arity: int, scope: LexicalScope, rt: "Runtime"):
        self.arity = arity
        self.params = scope.params[:arity]
        self.locals = scope.locals
        self.slots = self.params + scope.locals
        self.body: Thunk = empty_body
        self.rt = rt
        self.name = ""
        self.literal: Any = None      # the ast.Lambda it was compiled from
        self.elementwise: Any = None  # elementwise.plan's answer, once asked
        # the generated Python function (klong/runtime/codegen.py), called with the
        # arguments themselves; None while the body is the closure compiler's. `plan` makes
        # it when the function has been called `rt.codegen` times (None: never)
        self.direct: Optional[Callable[..., Any]] = None
        self.plan: Any = None
        self.calls = 0

    def call(self, args) -> Any:
        if len(args) != self.arity:
            raise KlongError("arity", f"wrong arity: {ARITY_NAMES[self.arity]}")
        d = self.direct
        if d is None and self.plan is not None:
            d = self.warm(1)
        if d is not None:
            # one call per arity: `d(*args)` would recurse on the C stack (Python 3.11)
            n = self.arity
            if n == 1:
                return d(args[0])
            if n == 2:
                return d(args[0], args[1])
            if n == 0:
                return d()
            return d(args[0], args[1], args[2])
        params, local_slots = self.params, self.locals
        if not local_slots and len(params) == 1:
            # the common case, kept lean: one parameter, no locals
            s = params[0]
            old = s.value
            s.value = args[0]
            try:
                return self.body()
            finally:
                s.value = old
        return self._call_general(args)

    def map1(self, items) -> list:
        """[f(x) for x in items] for a monad, binding the parameter once per item."""
        if self.arity != 1:
            return [self.call((x,)) for x in items]
        d = self.direct
        if d is None and self.plan is not None:
            d = self.warm(len(items))
        if d is not None:
            return [d(x) for x in items]
        if self.locals:
            return [self._call_general((x,)) for x in items]
        s = self.params[0]
        body = self.body
        old = s.value
        out = []
        append = out.append
        try:
            for x in items:
                s.value = x
                append(body())
        finally:
            s.value = old
        return out

    def warm(self, calls: int) -> Optional[Callable[..., Any]]:
        """Count `calls` more calls; the generated function once there are enough (None
        before, and where the generator declines)."""
        self.calls += calls
        if self.calls < self.rt.codegen or self.rt.B.tracing:
            # (torch.compile traces the closures; it would trace the generator too)
            return None
        plan, self.plan = self.plan, None
        self.direct = plan.build(self)
        return self.direct

    def _call_general(self, args) -> Any:
        params, local_slots = self.params, self.locals
        slots = self.slots
        saved = [s.value for s in slots]
        for s, a in zip(params, args):
            s.value = a
        for s in local_slots:
            s.value = UNSET
        try:
            return self.body()
        finally:
            for s, v in zip(slots, saved):
                s.value = v


def empty_body() -> Any:
    """The value of an empty body or empty program: the empty list."""
    return np.empty(0, dtype=object)


class Projection(KFunction):
    """`f(a;)`: a function of the empty slots; fixed slots are re-evaluated per call."""

    __slots__ = ("arity", "fn", "fixed", "holes", "scope_params", "rt")

    def __init__(self, fn: Thunk, fixed: List[Optional[Thunk]], scope_params, rt):
        self.fn = fn
        self.fixed = fixed
        self.holes = [i for i, f in enumerate(fixed) if f is None]
        self.arity = len(self.holes)
        self.scope_params = scope_params
        self.rt = rt

    def call(self, args) -> Any:
        if len(args) != self.arity:
            raise KlongError("arity", f"wrong arity: {ARITY_NAMES[self.arity]}")
        params = self.scope_params
        saved = [s.value for s in params] if params else None
        if params:
            for s, a in zip(params, args):
                s.value = a
        try:
            full = []
            it = iter(args)
            for f in self.fixed:
                full.append(next(it) if f is None else f())
            return call_value(self.rt, self.fn(), full)
        finally:
            if params:
                for s, v in zip(params, saved):
                    s.value = v


def hot_monad(f: Any) -> Optional[Callable[[Any], Any]]:
    """For a monad about to be called in a loop: the Python function of one argument that
    runs it, its generated code (generated now: a loop is where a function gets hot); None
    where `f` has none (not a Function literal, not a monad, or the generator declined)."""
    if type(f) is not Function or f.arity != 1:
        return None
    d = f.direct
    if d is None and f.plan is not None:
        d = f.warm(f.rt.codegen)
    return d


def call_value(rt: "Runtime", f: Any, args: List[Any]) -> Any:
    """Call a Klong function value with a list of arguments."""
    if isinstance(f, KFunction):
        if f.arity != len(args) and not getattr(f, "variadic", False):
            name = ARITY_NAMES[f.arity] if 0 <= f.arity <= 3 else str(f.arity)
            raise KlongError("arity", f"wrong arity: {name}")
        return f.call(args)
    raise KlongError("type", f"call: type error: [{written(f)}]")


class Runtime:
    """What compiled code needs at run time: the backend and the globals. Runaway
    recursion is caught as Python's RecursionError (see interpreter._RECURSION_LIMIT)."""

    def __init__(self, backend, globals_, codegen: int = 0) -> None:
        self.B = backend
        self.globals = globals_
        self.interp: Any = None
        # a function literal's body becomes Python code (klong/runtime/codegen.py) at its
        # `codegen`-th call; 0: never
        self.codegen = codegen
