"""The PyTorch backend: numeric lists are torch tensors on one device, so that an autograd
graph built by the verbs is never cut by a trip through numpy.

- Integer lists are int64 tensors; real lists use the backend's real dtype: float64 on cpu
  and cuda (results match the numpy backend), float32 on mps or when asked for
  (`dtype="float32"`, faster).
- General lists (mixed, nested, strings inside) stay 1-d numpy object arrays, as on numpy;
  their elements may be tensors. Strings are str, dictionaries dict.
- A number computed from a tensor is a Python int/float, except when it tracks gradients
  (or while a function is being traced by .compile/.export): then it stays a 0-d tensor,
  and the verbs treat it as a number atom (`tensor_atoms`).

This module is imported only when the torch backend is asked for.
"""
from __future__ import annotations

import math
import operator
from typing import Any, Callable, Iterable, Optional, Sequence

import numpy as np
import torch

from ..errors import KlongError
from .base import Backend
from .int_bounds import BINARY_RULES, INT64_MAX, INT64_MIN, fits, fold_bounds, power_bounds
from .numpy_backend import object_list
from .numpy_ints import python_product
from .torch_types import TT, T, register_tensor_subclass  # noqa: F401  (re-exported)

_INT_TYPES = frozenset([int, np.int64, np.int32, np.int16, np.int8, np.uint8, np.uint16,
                        np.uint32])
_REAL_TYPES = frozenset([float, np.float64, np.float32])
_NP_SCALARS = (np.integer, np.floating)
_SEQUENTIAL_FOLD = 64      # reals: -/ and similar folds up to this length run element-wise


def unsupported(op: str, kind: str) -> KlongError:
    """The one error for a value that cannot take part in an operation on the device."""
    return KlongError("type", f"torch backend: {op} not supported for {kind}; "
                              f"use --backend numpy")


# the verb each integer kernel serves, for the range error of a result past int64
_VERBS = {"add": "plus", "subtract": "minus", "multiply": "times", "negative": "negate",
          "power": "power", "floor_divide": "integer-divide", "absolute": "magnitude"}


def int64_overflow(verb: str) -> KlongError:
    """The error for an int64 tensor result that would not fit (torch has no exact path)."""
    return KlongError("range", f"{verb}: range error: the result does not fit in int64 "
                               f"(integer tensors are 64-bit; use --backend numpy for exact "
                               f"integers past 2^63)")


def _int_bounds(x: Any) -> tuple:
    """(min, max) of an integer or int64 tensor."""
    if type(x) in TT:
        if x.numel() == 0:
            return 0, 0
        lo, hi = torch.aminmax(x)
        return int(lo), int(hi)
    return int(x), int(x)


def _int64_power(x: int, y: int) -> int:
    """x^y for y >= 1, or a number past int64 (not the exact power) where that is certain
    (never builds a huge number)."""
    if abs(x) > 1 and y > 64:
        return INT64_MAX + 1
    return x ** y


def _is_int(x: Any) -> bool:
    if type(x) in TT:
        return not x.is_floating_point() and x.dtype is not torch.bool
    return type(x) is int or isinstance(x, np.integer)


def resolve_device(device: Optional[str]) -> torch.device:
    """The device to use: the one asked for (checked), else cuda, else mps, else cpu."""
    if device is None:
        if torch.cuda.is_available():
            return torch.device("cuda")
        mps = getattr(torch.backends, "mps", None)
        if mps is not None and mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    try:
        d = torch.device(device)
    except (RuntimeError, TypeError) as e:
        raise ValueError(f"Invalid torch device {device!r}: {e}") from None
    if d.type == "cuda":
        if not torch.cuda.is_available():
            raise ValueError(f"Torch device {device!r} is not available (cuda not available)")
        if d.index is not None and d.index >= torch.cuda.device_count():
            raise ValueError(f"Torch device {device!r} is not available "
                             f"(device index out of range)")
    elif d.type == "mps":
        mps = getattr(torch.backends, "mps", None)
        if mps is None or not mps.is_available():
            raise ValueError(f"Torch device {device!r} is not available (mps not available)")
    elif d.type != "cpu":
        raise ValueError(f"Invalid torch device {device!r}: use cpu, cuda, cuda:N or mps")
    return d


def _allocating(make: Callable[[], Any]) -> Any:
    """make(), with torch's failures to allocate a huge tensor raised as MemoryError (what
    numpy raises, and what the evaluator reports as a limit error)."""
    try:
        return make()
    except RuntimeError as e:
        text = str(e).lower()
        if "memory" in text or "overflow" in text or "allocat" in text:
            raise MemoryError(str(e)) from None
        raise


def _py(x: Any) -> Any:
    """numpy scalars as Python numbers (they must not meet tensors: numpy would win)."""
    return x.item() if isinstance(x, _NP_SCALARS) else x


class TorchBackend(Backend):
    name = "torch"
    differentiates = True
    tensor_atoms = True
    tensor_types = TT
    array_types = (torch.Tensor, np.ndarray)
    np = torch

    def __init__(self, device: Optional[str] = None, dtype: Optional[str] = None):
        self.device = resolve_device(device)
        if dtype not in (None, "float64", "float32"):
            raise ValueError(f"Unknown dtype {dtype!r}: use float64 or float32")
        if self.device.type == "mps":
            if dtype == "float64":
                raise ValueError("Torch device 'mps' does not support float64")
            dtype = "float32"
        self.real_dtype_name = dtype or "float64"
        self.real_dtype = torch.float32 if self.real_dtype_name == "float32" else torch.float64
        # the dtype used to compare reals exactly (Match, Find)
        self.wide_dtype = torch.float32 if self.device.type == "mps" else torch.float64
        # True while .compile/.export trace a function: no data-dependent Python decisions
        self.tracing = False
        self.add = self._checked("add", self._binary(operator.add), operator.add)
        self.subtract = self._checked("subtract", self._binary(operator.sub), operator.sub)
        self.multiply = self._checked("multiply", self._binary(operator.mul), operator.mul)
        self.fmod = self._binary(torch.fmod, tensor_first=True)
        self.maximum = self._binary(torch.maximum, both_tensors=True)
        self.minimum = self._binary(torch.minimum, both_tensors=True)
        self.less = self._binary(operator.lt)
        self.greater = self._binary(operator.gt)
        self.equal = self._binary(operator.eq)

    def __repr__(self) -> str:
        return f"TorchBackend(device={str(self.device)!r}, dtype={self.real_dtype_name!r})"

    # ---- classification -------------------------------------------------------------
    def is_list(self, x: Any) -> bool:
        t = type(x)
        if t in TT:
            return x.dim() > 0
        return t is np.ndarray and x.ndim > 0

    def length(self, x: Any) -> int:
        return x.shape[0] if type(x) in TT else len(x)   # Tensor.__len__ is Python code

    def is_numeric_array(self, x: Any) -> bool:
        return type(x) in TT and x.dim() > 0

    def is_int_array(self, x: Any) -> bool:
        return type(x) in TT and x.dim() > 0 and not x.is_floating_point()

    def is_real_array(self, x: Any) -> bool:
        return type(x) in TT and x.dim() > 0 and x.is_floating_point()

    def is_object_array(self, x: Any) -> bool:
        return type(x) is np.ndarray and x.dtype.kind == "O"

    def is_tensor_atom(self, x: Any) -> bool:
        return type(x) in TT and x.dim() == 0

    def _keep(self, t: T) -> bool:
        """A 0-d tensor that must stay a tensor (it tracks gradients, or we are tracing)."""
        return t.requires_grad or self.tracing

    # ---- construction -------------------------------------------------------------------
    def tensor(self, data: Any, dtype: Optional[torch.dtype] = None) -> T:
        """A tensor on this backend's device."""
        return torch.as_tensor(data, dtype=dtype, device=self.device)

    def make_list(self, items: Sequence[Any]) -> Any:
        n = len(items)
        if n == 0:
            return np.empty(0, dtype=object)
        types = set(map(type, items))
        if types <= _INT_TYPES:
            try:
                return torch.tensor(items, dtype=torch.int64, device=self.device)
            except (OverflowError, RuntimeError, ValueError):
                return object_list(items)
        if types <= _REAL_TYPES:
            return torch.tensor(items, dtype=self.real_dtype, device=self.device)
        if not TT.isdisjoint(types):
            stacked = self._stack(items, types)
            if stacked is not None:
                return stacked
        return object_list(items)

    def _stack(self, items: Sequence[Any], types: set) -> Optional[T]:
        """Tensors (0-d or of one shape) of one kind, with numbers of that kind: one tensor."""
        first = next(v for v in items if type(v) in TT)
        real = first.is_floating_point()
        if first.dim() == 0:
            plain = _REAL_TYPES if real else _INT_TYPES
            if not types <= plain | TT:
                return None
            parts = []
            for v in items:
                if type(v) in TT:
                    if v.dim() != 0 or v.is_floating_point() != real:
                        return None
                    parts.append(v)
                else:
                    parts.append(torch.tensor(_py(v), dtype=first.dtype, device=self.device))
            return torch.stack(parts)
        if len(types) != 1 or first.dim() >= 32:     # as numpy_backend: numpy stops at 64
            return None
        shape = first.shape
        for v in items:
            if v.shape != shape or v.is_floating_point() != real:
                return None
        return torch.stack(list(items))

    def object_list(self, items: Iterable[Any]) -> np.ndarray:
        return object_list(items)

    def empty(self) -> np.ndarray:
        return np.empty(0, dtype=object)

    def arange(self, n: int) -> T:
        return _allocating(lambda: torch.arange(n, dtype=torch.int64, device=self.device))

    def int_array(self, data: Any) -> Any:
        if type(data) in TT:
            return data.to(device=self.device, dtype=torch.int64)
        if isinstance(data, list) and any(type(v) in TT for v in data):
            data = [v.item() if type(v) in TT else v for v in data]
        elif isinstance(data, np.ndarray) and data.dtype.kind == "u":
            if data.size and data.max() > np.iinfo(np.int64).max:
                raise unsupported("integer array", "integers beyond int64")
            data = data.astype(np.int64)
        try:
            return torch.as_tensor(data, dtype=torch.int64, device=self.device)
        except (OverflowError, RuntimeError, TypeError, ValueError):
            raise unsupported("integer array", "integers beyond int64") from None

    def real_array(self, data: Any) -> Any:
        if type(data) in TT:
            return data.to(device=self.device, dtype=self.real_dtype)
        if isinstance(data, list) and any(type(v) in TT for v in data):
            return torch.stack([v.to(self.real_dtype) if type(v) in TT else
                                torch.tensor(float(v), dtype=self.real_dtype,
                                             device=self.device) for v in data])
        return torch.as_tensor(data, dtype=self.real_dtype, device=self.device)

    def from_numpy(self, arr: np.ndarray) -> Any:
        """A numeric host array as a Klong value (0-d -> a Python number)."""
        if arr.ndim == 0:
            return arr.item()
        if arr.dtype.kind == "f":
            return self.real_array(arr)
        if arr.dtype.kind in "iub":
            return self.int_array(arr)
        return self.make_list(list(arr))

    def from_foreign(self, v: Any) -> Any:
        """A torch tensor handed in from Python, as a Klong value (None: not ours). A
        complex tensor comes back as its host numpy array, which to_klong converts like any
        numpy array: complex numbers are Python values in Klong, on every backend."""
        if not isinstance(v, T):
            return None
        if v.is_complex():
            if v.requires_grad:
                raise KlongError("type", "torch backend: a complex tensor that tracks "
                                         "gradients cannot become a Klong value")
            return v.detach().cpu().numpy()
        if type(v) not in TT:                    # nn.Parameter and other subclasses
            v = v.detach() if not v.requires_grad else v.view_as(v)
        if v.dtype == torch.bool or not v.is_floating_point():
            v = v.to(device=self.device, dtype=torch.int64)
        elif v.dtype not in (torch.float32, torch.float64):
            v = v.to(device=self.device, dtype=self.real_dtype)
        else:
            v = v.to(device=self.device)
        if v.dim() == 0:
            return self.atom(v)
        return v

    def complex_array(self, data: Any) -> Any:
        dtype = torch.complex64 if self.real_dtype == torch.float32 else torch.complex128
        return torch.as_tensor(np.asarray(data, dtype=np.complex128), dtype=dtype,
                               device=self.device)

    def to_numpy(self, x: Any) -> Any:
        if type(x) in TT:
            return x.detach().cpu().numpy()
        return x

    def scalar(self, x: Any) -> Any:
        if type(x) in TT:
            if x.dim():
                x = x.reshape(-1)[0]
            return x if self._keep(x) else x.item()
        if isinstance(x, np.ndarray):
            x = x.reshape(-1)[0]
        return x.item() if isinstance(x, np.generic) else x

    def items(self, x: Any) -> list:
        if type(x) in TT:
            if x.dim() == 1 and not self._keep(x):
                return x.tolist()
            return list(x.unbind(0))
        if x.dtype.kind == "O" or x.ndim > 1:
            return list(x)
        return x.tolist()

    # ---- number atoms, kinds and casts ---------------------------------------------------
    def atom(self, r: Any) -> Any:
        if type(r) in TT:
            if r.dim() == 0 and not self._keep(r):
                return r.item()
            return r
        return _py(r)

    def plain(self, x: Any) -> Any:
        return x.item() if type(x) in TT and x.dim() == 0 else x

    def kind(self, x: Any) -> str:
        if type(x) in TT:
            return "f" if x.is_floating_point() else "i"
        if type(x) is np.ndarray:
            return x.dtype.kind
        return "i" if isinstance(x, (int, np.integer)) else "f"

    def any(self, x: Any) -> bool:
        t = type(x)
        if t is bool:
            return x
        if t in TT:
            return bool(x.any())
        return bool(np.any(x))

    def all(self, x: Any) -> bool:
        t = type(x)
        if t is bool:
            return x
        if t in TT:
            return bool(x.all())
        return bool(np.all(x))

    def as_int(self, x: Any) -> Any:
        if type(x) in TT:
            return x.to(torch.int64)
        return int(x)

    def as_real(self, x: Any) -> Any:
        if type(x) in TT:
            return x if x.is_floating_point() else x.to(self.real_dtype)
        return float(x)

    def copy(self, x: Any) -> Any:
        return x.clone() if type(x) in TT else x.copy()

    def find_numeric(self, a: T, y: Any, tolerance: float) -> T:
        y = _py(y)
        if type(y) is int and not INT64_MIN <= y <= INT64_MAX:
            return torch.zeros(0, dtype=torch.int64, device=self.device)  # no int64 is y
        if not a.is_floating_point() and self.kind(y) == "i":
            hits = a == y
        else:
            u = a.to(self.wide_dtype)
            v = self.tensor(y, self.wide_dtype) if type(y) not in TT else y.to(self.wide_dtype)
            hits = (u == v) | ((u - v).abs() <= tolerance * torch.maximum(u.abs(), v.abs()))
        if hits.dim() > 1:
            hits = hits.reshape(len(a), -1).all(dim=1)
        return torch.nonzero(hits).reshape(-1)

    # ---- element-wise kernels -----------------------------------------------------------
    def _operands(self, a: Any, b: Any, tensor_first: bool = False,
                  both_tensors: bool = False) -> tuple:
        """Operands of a binary kernel: numpy scalars as Python numbers, an int tensor that
        meets a real as a real tensor (torch would pick float32), scalars as tensors where
        the torch function needs them."""
        ta, tb = type(a) in TT, type(b) in TT
        if not ta:
            a = _py(a)
            if type(a) is int and tb and not INT64_MIN <= a <= INT64_MAX:
                raise TypeError("an integer past int64")    # the verb's element-wise path
        if not tb:
            b = _py(b)
            if type(b) is int and ta and not INT64_MIN <= b <= INT64_MAX:
                raise TypeError("an integer past int64")
        if ta and tb:
            fa, fb = a.is_floating_point(), b.is_floating_point()
            if fa != fb:
                if fa:
                    b = b.to(self.real_dtype)
                else:
                    a = a.to(self.real_dtype)
        elif ta:
            if type(b) is float and not a.is_floating_point():
                a = a.to(self.real_dtype)
            if both_tensors:
                b = torch.tensor(b, dtype=a.dtype, device=a.device)
        elif tb:
            if type(a) is float and not b.is_floating_point():
                b = b.to(self.real_dtype)
            if both_tensors or tensor_first:
                a = torch.tensor(a, dtype=b.dtype, device=b.device)
        elif both_tensors or tensor_first:
            dt = self.real_dtype if type(a) is float or type(b) is float else torch.int64
            a = torch.tensor(a, dtype=dt, device=self.device)
            if both_tensors:
                b = torch.tensor(b, dtype=dt, device=self.device)
        return a, b

    def _binary(self, op: Callable, tensor_first: bool = False,
                both_tensors: bool = False) -> Callable:
        operands = self._operands

        def kernel(a: Any, b: Any) -> Any:
            a, b = operands(a, b, tensor_first, both_tensors)
            return op(a, b)
        return kernel

    def _checked(self, name: str, kernel: Callable, py: Callable) -> Callable:
        """kernel, with integer operands first checked to give an int64 result (else error
        range; two Python ints are added exactly)."""
        rule = BINARY_RULES[name]
        verb = _VERBS[name]

        def checked(a: Any, b: Any) -> Any:
            if not (_is_int(a) and _is_int(b)) or self.tracing:
                return kernel(a, b)
            if type(a) not in TT and type(b) not in TT:
                return py(int(a), int(b))
            if not fits(*rule(_int_bounds(a), _int_bounds(b))):
                return self._exact_ints(py, a, b, verb)
            return kernel(a, b)
        return checked

    def _exact_ints(self, py: Callable, a: Any, b: Any, verb: str) -> Any:
        """An integer kernel's result computed element by element on Python ints, for when
        the operands' bounds say it might not fit: an int64 tensor if it does (the bounds
        only say "might"), else error range."""
        if type(a) in TT and type(b) in TT:
            x, y = torch.broadcast_tensors(a, b)
            shape, xs, ys = x.shape, x.reshape(-1).tolist(), y.reshape(-1).tolist()
        elif type(a) in TT:
            shape, xs = a.shape, a.reshape(-1).tolist()
            ys = [int(b)] * len(xs)
        else:
            shape, ys = b.shape, b.reshape(-1).tolist()
            xs = [int(a)] * len(ys)
        rs = [py(x, y) for x, y in zip(xs, ys)]
        if rs and not fits(min(rs), max(rs)):
            raise int64_overflow(verb)
        return torch.tensor(rs, dtype=torch.int64, device=self.device).reshape(shape)

    def _check_int(self, name: str, x: Any, ok: Callable[[tuple], bool]) -> None:
        """Error range unless ok(bounds of integer tensor x) (skipped while tracing)."""
        if type(x) in TT and _is_int(x) and not self.tracing and not ok(_int_bounds(x)):
            raise int64_overflow(_VERBS[name])

    def _finite(self, r: Any) -> Any:
        """r, or FloatingPointError (the slow path) when a real result holds inf or nan.
        One summing pass, no temporary: a sum that overflows only costs the slow path."""
        if type(r) in TT and r.is_floating_point() and not self.tracing:
            total = r.item() if r.dim() == 0 else r.detach().sum().item()
            if not math.isfinite(total):
                raise FloatingPointError("invalid value")
        return r

    def true_divide(self, a: Any, b: Any) -> Any:
        a, b = self._operands(a, b)
        if type(b) in TT:
            if not b.is_floating_point():
                b = b.to(self.real_dtype)
            return self._finite(a / b)
        if b == 0:
            raise FloatingPointError("divide by zero")
        if type(a) in TT and not a.is_floating_point():
            a = a.to(self.real_dtype)
        return a / b            # a nonzero number: only overflow (inf), as with + - *

    def floor_divide(self, a: Any, b: Any) -> Any:
        a, b = self._operands(a, b)
        if _is_int(b):                          # int64 // wraps only for INT64_MIN // -1
            self._check_int("floor_divide", a, lambda lh: lh[0] > INT64_MIN)
        if type(b) not in TT and b == 0:
            raise FloatingPointError("divide by zero")
        try:
            return a // b
        except RuntimeError:                    # an integer division by zero
            raise FloatingPointError("divide by zero") from None

    def power(self, a: Any, b: Any) -> Any:
        a, b = self._operands(a, b)
        if _is_int(a) and _is_int(b) and not self.tracing and (type(a) in TT or
                                                                type(b) in TT):
            if not fits(*power_bounds(_int_bounds(a), _int_bounds(b))):
                return self._exact_ints(_int64_power, a, b, "power")
        # torch.pow, not **: Tensor.__pow__ goes through a Python wrapper
        r = torch.pow(a, b) if type(a) in TT or type(b) in TT else a ** b
        # an integer exponent >= 1 (the verb's vector case) can only overflow, as + - * can
        return self._finite(r) if self.kind(b) == "f" else r

    def negative(self, a: Any) -> Any:
        self._check_int("negative", a, lambda lh: lh[0] > INT64_MIN)
        return -a

    def absolute(self, a: Any) -> Any:
        self._check_int("absolute", a, lambda lh: lh[0] > INT64_MIN)
        return a.abs() if type(a) in TT else abs(a)

    def floor(self, a: Any) -> Any:
        if type(a) in TT:
            return torch.floor(a) if a.is_floating_point() else a
        return float(math.floor(a))

    def logical_not(self, a: Any) -> Any:
        return torch.logical_not(a) if type(a) in TT else not a

    def isfinite(self, a: Any) -> Any:
        return torch.isfinite(a) if type(a) in TT else math.isfinite(a)

    # ---- structural kernels -------------------------------------------------------------
    def _fold_fits(self, op: str, a: Any) -> bool:
        if op in ("maximum", "minimum") or a.is_floating_point() or self.tracing \
                or a.numel() == 0:
            return True
        return fits(*fold_bounds(op, _int_bounds(a), len(a)))

    def reduce(self, op: str, a: Any) -> Any:
        if not self._fold_fits(op, a):
            if a.dim() > 1:                     # a tensor result: no exact path on torch
                raise int64_overflow(f"{_VERBS[op]}-over")
            xs = a.tolist()                     # a number: exact, as every integer atom
            if op == "multiply":
                return python_product(xs)
            if op == "add":
                return sum(xs)
            return xs[0] - sum(xs[1:])
        if op == "add":
            r = torch.sum(a, dim=0)
        elif op == "multiply":
            r = torch.prod(a, dim=0)
        elif op == "maximum":
            r = torch.amax(a, dim=0)
        elif op == "minimum":
            r = torch.amin(a, dim=0)
        else:                                           # subtract: a left fold
            if a.is_floating_point() and len(a) <= _SEQUENTIAL_FOLD:
                r = a[0]
                for x in a[1:]:
                    r = r - x
            else:
                r = a[0] - torch.sum(a[1:], dim=0)
        return self.atom(r)

    def accumulate(self, op: str, a: Any) -> Any:
        if not self._fold_fits(op, a):
            raise int64_overflow(f"{_VERBS[op]}-scan")
        if op == "add":
            return torch.cumsum(a, dim=0)
        if op == "multiply":
            return torch.cumprod(a, dim=0)
        if op == "maximum":
            return torch.cummax(a, dim=0).values
        if op == "minimum":
            return torch.cummin(a, dim=0).values
        head = a[:1]                                    # subtract
        if a.is_floating_point() and len(a) <= _SEQUENTIAL_FOLD:
            out = [a[0]]
            for x in a[1:]:
                out.append(out[-1] - x)
            return torch.stack(out)
        return torch.cat([head, head - torch.cumsum(a[1:], dim=0)])

    def argsort(self, a: T, descending: bool = False) -> T:
        return torch.argsort(a, dim=0, descending=descending, stable=True)

    def argsort_rows(self, a: T, descending: bool = False) -> T:
        n = len(a)
        rows = a.reshape(n, -1)
        if descending:
            rows = rows.flip(0)
        idx = torch.arange(n, device=a.device)
        for j in range(rows.shape[1] - 1, -1, -1):
            idx = idx[torch.argsort(rows[idx, j], stable=True)]
        if descending:
            return n - 1 - idx.flip(0)
        return idx

    def take(self, a: Any, idx: Any) -> Any:
        if type(a) is np.ndarray and type(idx) in TT:
            idx = idx.cpu().numpy()
        return a[idx]

    def concat(self, parts: Sequence[Any]) -> Any:
        if type(parts[0]) in TT:
            return torch.cat(list(parts))
        return np.concatenate(parts)

    def reverse(self, a: Any) -> Any:
        return torch.flip(a, [0]) if type(a) in TT else a[::-1]

    def roll(self, a: Any, n: int) -> Any:
        return torch.roll(a, n, 0) if type(a) in TT else np.roll(a, n, axis=0)

    def repeat(self, a: Any, counts: Any) -> Any:
        if type(a) in TT:
            return _allocating(lambda: torch.repeat_interleave(a, self.int_array(counts), dim=0))
        return np.repeat(a, self.to_numpy(counts), axis=0)

    def nonzero(self, a: Any) -> Any:
        if type(a) in TT:
            return torch.nonzero(a.reshape(-1)).reshape(-1)
        return self.int_array(np.flatnonzero(a))

    def tile_to(self, a: Any, n: int) -> Any:
        k = len(a)
        if n <= k:
            return a[:n]
        if type(a) in TT:
            reps = -(-n // k)
            return _allocating(lambda: a.repeat((reps,) + (1,) * (a.dim() - 1))[:n])
        return np.resize(a, (n,) + a.shape[1:]) if a.ndim > 1 else np.resize(a, n)

    def reshape(self, a: Any, shape: tuple) -> Any:
        return a.reshape(shape) if type(a) in TT else np.reshape(a, shape)

    def all_equal(self, a: Any, b: Any) -> bool:
        if type(a) in TT and type(b) in TT:
            return a.shape == b.shape and bool((a == b).all())
        return bool(np.array_equal(self.to_numpy(a), self.to_numpy(b)))

    def _unique_first(self, a: T) -> tuple:
        """(first index of each distinct item, ascending; group id of every item)."""
        n = len(a)
        flat = a if a.dim() == 1 else a.reshape(n, -1)
        if a.dim() == 1:
            _, inv = torch.unique(flat, return_inverse=True)
        else:
            _, inv = torch.unique(flat, dim=0, return_inverse=True)
        inv = inv.reshape(-1)
        m = int(inv.max()) + 1
        pos = torch.arange(n, device=a.device)
        first = torch.full((m,), n, dtype=torch.int64, device=a.device)
        first = first.scatter_reduce(0, inv, pos, reduce="amin")
        order = torch.argsort(first, stable=True)
        rank = torch.empty_like(order)
        rank[order] = torch.arange(m, device=a.device)
        return first[order], rank[inv]

    def first_indices(self, a: T) -> T:
        return self._unique_first(a)[0]

    def group_indices(self, a: T) -> list:
        firsts, ids = self._unique_first(a)
        perm = torch.argsort(ids, stable=True)
        counts = torch.bincount(ids, minlength=len(firsts))
        return list(torch.split(perm, counts.tolist()))

    def put(self, a: Any, idx: Any, v: Any) -> Any:
        out = a.clone() if type(a) in TT else a.copy()
        if type(out) in TT and type(v) in TT and v.dtype != out.dtype:
            v = v.to(out.dtype)
        out[idx] = v
        return out

    def swap01(self, a: T) -> T:
        return a.transpose(0, 1).contiguous()

    # ---- Python interop and information ---------------------------------------------------
    def backend_function(self, name: str) -> Optional[Callable]:
        """torch.<name>, taking Klong numbers and lists (as tensors) and keeping gradients."""
        fn = getattr(torch, name, None)
        if fn is None or not callable(fn):
            return None

        def call(*args: Any) -> Any:
            conv = [self.real_array(a) if type(a) in (int, float) else a for a in args]
            return fn(*conv)
        call.__name__ = name
        return call

    def list_devices(self) -> list:
        out = ["cpu"]
        if torch.cuda.is_available():
            out += [f"cuda:{i}" for i in range(torch.cuda.device_count())]
        mps = getattr(torch.backends, "mps", None)
        if mps is not None and mps.is_available():
            out.append("mps")
        return out

    def get_info(self) -> dict:
        return {"name": self.name, "device": str(self.device), "devices": self.list_devices(),
                "dtype": self.real_dtype_name,
                "supports_float64": self.device.type != "mps", "supports_strings": True,
                "supports_object_dtype": True, "supports_autograd": True}
