"""Python values <-> Klong values: the one place where the two meet.

Used by the API (`k["name"]`), by Python callables seen from Klong (`.py`, `.pyf`, `.pyc`,
`.pya`, `.bkf`, `k["f"] = fn`) and by Python code calling Klong functions.

* `to_klong(k, v)`: a Python result as a Klong value (lists/tuples/generators become Klong
  lists, numpy scalars Python numbers, callables `PythonFunction`s).
* `to_python(k, v)`: a Klong value for Python (Klong functions become Python callables, a
  list of complex numbers the backend's complex array; the rest is passed as is: numbers,
  str, numpy arrays or tensors, dicts).
* Complex numbers are Python `complex` atoms in Klong (a complex array from Python becomes
  a general list of them); any other Python object stays what it is.
* `callable_arity(fn)` / `wrap_callable(k, fn)`: how a Python callable is called from Klong.

`k` is always the interpreter's SystemContext (`KlongInterpreter.context`); a Python callable
that asks for `klong` gets the interpreter itself, `k.interpreter`.
"""
from __future__ import annotations

import types
from typing import Any, Dict, List, Sequence, Tuple

import numpy as np

from .errors import KlongError
from .printer import written
from .runtime.dicts import dict_insert, key_value
from .runtime.functions import call_value
from .values import ARITY_NAMES, Char, KFunction, PyFunction, Symbol, is_complex, is_number


def to_klong(k: Any, v: Any) -> Any:
    """A Python value as a Klong value for the interpreter whose context is k."""
    B = k.backend
    t = type(v)
    if t is int or t is float or t is str or t is Symbol or t is Char:
        return v
    if t is bool:
        return int(v)
    if isinstance(v, np.generic):
        if isinstance(v, np.bool_):
            return int(v)
        return v.item() if not isinstance(v, (np.str_, np.bytes_)) else str(v)
    if isinstance(v, np.ndarray):
        return _array(B, k, v)
    if isinstance(v, (list, tuple)):
        return B.make_list([to_klong(k, x) for x in v])
    if isinstance(v, types.GeneratorType):
        return B.make_list([to_klong(k, x) for x in v])
    if t is dict:
        d: dict = {}
        for key, val in v.items():
            dict_insert(d, to_klong(k, key), to_klong(k, val))
        return d
    if isinstance(v, KFunction):
        return v
    klong_fn = getattr(v, "klong_function", None)
    if isinstance(klong_fn, KFunction):       # a Klong function that went to Python and back
        return klong_fn
    if callable(v) and not isinstance(v, type(k.interpreter)):
        return wrap_callable(k, v)
    r = B.from_foreign(v)
    if r is not None:          # a numpy array is a complex tensor's host copy
        return _array(B, k, r) if type(r) is np.ndarray else r
    return v


def _array(B, k: Any, a: np.ndarray) -> Any:
    if a.ndim == 0:
        return to_klong(k, a[()])
    kind = a.dtype.kind
    if kind == "b" or kind in "iu":
        return B.int_array(a)
    if kind == "f":
        return B.real_array(a)
    if kind in "US":
        return B.object_list([str(x) for x in a.tolist()]) if a.ndim == 1 else \
            B.make_list([_array(B, k, r) for r in a])
    if kind == "O":
        if a.ndim == 1:
            return B.make_list([to_klong(k, x) for x in a])
        return B.make_list([_array(B, k, r) for r in a])
    # complex (Python complex atoms in a general list), dates and other kinds: the Python
    # objects of tolist(), nested lists for more than one axis
    return B.make_list([to_klong(k, x) for x in a.tolist()])


# ---- Python callables seen from Klong ----------------------------------------------------

class CallShape:
    """How Klong arguments map onto a Python callable.

    `arity`: the arity Klong sees; `counts`: the argument counts accepted (a range for
    defaulted parameters or *args); `wants_klong`: the first parameter is named `klong` and
    receives the interpreter; `args_kwargs`: more than three required parameters, so the
    function is a dyad `f(argslist;kwargsdict)`. (A plain class: a NamedTuple or a dataclass
    costs start-up time.)"""

    __slots__ = ("arity", "counts", "wants_klong", "args_kwargs")

    def __init__(self, arity: int, counts: Tuple[int, ...], wants_klong: bool = False,
                 args_kwargs: bool = False):
        self.arity = arity
        self.counts = counts
        self.wants_klong = wants_klong
        self.args_kwargs = args_kwargs


_ANY_COUNT = (0, 1, 2, 3)


def call_shape(fn: Any) -> CallShape:
    """The CallShape of a Python callable (see §3.1 of the system document)."""
    if isinstance(fn, np.ufunc):
        n = min(int(fn.nin), 3)
        return CallShape(n, (n,))
    import inspect  # on first use: `klong -e` starts without it (docs/performance.md)
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):      # builtins without a signature: take 0-3 arguments
        return CallShape(1, _ANY_COUNT)
    params = list(sig.parameters.values())
    wants = bool(params) and params[0].name == "klong" and \
        params[0].kind in (inspect.Parameter.POSITIONAL_ONLY,
                           inspect.Parameter.POSITIONAL_OR_KEYWORD)
    if wants:
        params = params[1:]
    positional = [p for p in params if p.kind in (inspect.Parameter.POSITIONAL_ONLY,
                                                  inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    required = [p for p in positional if p.default is inspect.Parameter.empty]
    var_args = any(p.kind == inspect.Parameter.VAR_POSITIONAL for p in params)
    n = len(required)
    if n > 3:
        return CallShape(2, (2,), wants, True)
    top = 3 if var_args else min(len(positional), 3)
    counts = tuple(range(n, max(n, top) + 1))
    arity = n if n else (1 if top >= 1 else 0)
    return CallShape(arity, counts, wants)


def callable_arity(fn: Any) -> tuple:
    """(arity, wants_interpreter) for a Python callable: required positional parameters,
    not counting a first parameter named `klong`; *args or defaults only -> up to 3."""
    shape = call_shape(fn)
    return shape.arity, shape.wants_klong


def _python_name(fn: Any) -> str:
    return getattr(fn, "__name__", None) or type(fn).__name__


class PythonFunction(PyFunction):
    """A Python callable as a Klong function.

    Arguments go through `to_python`, the result through `to_klong`; Python exceptions
    become Klong errors. If the callable wants the interpreter (first parameter `klong`) it
    gets it, and a first Klong argument that already is the interpreter is not passed twice.
    """

    __slots__ = ("target", "k", "shape", "counts", "variadic")

    def __init__(self, k: Any, target: Any, shape: CallShape | None = None):
        shape = shape or call_shape(target)
        super().__init__(self._invoke, shape.arity, _python_name(target))
        self.target = target
        self.k = k
        self.shape = shape
        counts = set(shape.counts)
        if shape.wants_klong:
            counts |= {c + 1 for c in shape.counts}
        self.counts = frozenset(counts)
        self.variadic = len(self.counts) > 1

    def call(self, args: Sequence[Any]) -> Any:
        return self._invoke(*args)

    def _invoke(self, *args: Any) -> Any:
        shape = self.shape
        k = self.k
        n = len(args)
        if shape.wants_klong and n and args[0] is k.interpreter and (n - 1) in shape.counts:
            args = args[1:]
            n -= 1
        if n not in shape.counts:
            raise KlongError("arity", f"wrong arity: {ARITY_NAMES[self.arity]}")
        if shape.args_kwargs:
            pargs = spread_args(k, args[0])
            kwargs = keyword_args(k, args[1])
        else:
            pargs = [to_python(k, a) for a in args]
            kwargs = {}
        if shape.wants_klong:
            pargs.insert(0, k.interpreter)
        return call_python(k, self.target, pargs, kwargs)


def call_python(k: Any, fn: Any, args: List[Any], kwargs: Dict[str, Any]) -> Any:
    """Call a Python callable with Python arguments; its result as a Klong value."""
    try:
        r = fn(*args, **kwargs)
    except (KlongError, SystemExit, KeyboardInterrupt):
        raise
    except Exception as e:
        raise KlongError("python", f"{_python_name(fn)}: {type(e).__name__}: {e}") from e
    return to_klong(k, r)


def wrap_callable(k: Any, fn: Any) -> PythonFunction:
    """A Python callable as a Klong function of the interpreter whose context is k."""
    return PythonFunction(k, fn)


def spread_args(k: Any, y: Any) -> List[Any]:
    """Positional arguments from a Klong value: a list is spread (`[2 3]` = two arguments,
    `,v` = the one vector v), anything else is one argument."""
    B = k.backend
    if B.is_list(y):
        return [to_python(k, a) for a in B.items(y)]
    return [to_python(k, y)]


def keyword_args(k: Any, z: Any) -> Dict[str, Any]:
    """Keyword arguments from a Klong dictionary with string or symbol keys."""
    if type(z) is not dict:
        raise KlongError("type", "z must be a dictionary")
    out: Dict[str, Any] = {}
    for key, val in z.items():
        name = key_value(key)
        if not isinstance(name, str) or type(name) is Char:
            raise KlongError("type", f"keyword argument name must be a string or symbol: "
                                     f"{written(name)}")
        out[str.__str__(name)] = to_python(k, val)
    return out


def python_target(v: Any) -> Any:
    """The Python object behind a Klong value: the callable of a PythonFunction, else v."""
    if isinstance(v, PythonFunction):
        return v.target
    return v


# ---- Klong values seen from Python -------------------------------------------------------

def to_python(k: Any, v: Any) -> Any:
    """A Klong value for Python: functions become Python callables, the rest as is."""
    if isinstance(v, PythonFunction):
        return v.target
    if isinstance(v, KFunction) and not isinstance(v, PyFunction):
        return klong_callable(k, v)
    if isinstance(v, PyFunction):
        return v.fn
    if type(v) is np.ndarray and v.dtype.kind == "O" and v.size:
        leaves = _complex_leaves(k.backend, v)
        if leaves is not None:
            try:
                return k.backend.complex_array(leaves)
            except ValueError:                 # ragged: no one array, pass the list
                pass
    if type(v) is np.ndarray or type(v) is dict:
        k.backend.escape(v)            # Python may write into it from now on
    return v


class _NotComplex(Exception):
    pass


def _complex_leaves(B: Any, v: Any) -> Any:
    """Nested Python lists of complex numbers for a list whose atoms are all numbers, at
    least one of them complex; None for any other list."""
    found = False

    def leaves(a: Any) -> list:
        nonlocal found
        out = []
        for e in B.items(a):
            if is_complex(e):
                found = True
                out.append(complex(e))
            elif is_number(e):
                out.append(complex(e))
            elif B.is_list(e) and len(e):
                out.append(leaves(e))
            else:
                raise _NotComplex
        return out

    try:
        nested = leaves(v)
    except (_NotComplex, OverflowError):   # OverflowError: an integer beyond any float
        return None
    return nested if found else None


def klong_callable(k: Any, v: KFunction) -> Any:
    """A Klong function as a Python callable (arguments through to_klong); the original is
    kept as `.klong_function`, which `to_klong` and `multi_grad_of_fn` unwrap."""

    def call(*args: Any) -> Any:
        if len(args) != v.arity:
            raise KlongError("arity", f"Klong function called with {len(args)} but "
                                      f"expected {v.arity}")
        with np.errstate(all="raise"):
            r = call_value(k.runtime, v, [to_klong(k, a) for a in args])
        if type(r) is np.ndarray or type(r) is dict:
            k.backend.escape(r)
        return r
    call.klong_function = v  # type: ignore[attr-defined]
    return call
