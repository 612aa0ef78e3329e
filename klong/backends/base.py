"""The Backend protocol: the only numeric surface the verbs see.

A backend owns how numeric lists are stored (numpy.ndarray, torch.Tensor) and the
vectorised kernels the verbs call. General lists (mixed, nested, strings inside) are always
1-d numpy object arrays, on every backend; strings are Python str.

Verbs receive the backend as their first argument and never import numpy or torch for
numeric work themselves.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, List, Optional, Sequence


class Backend:
    """Abstract backend; see numpy_backend.NumpyBackend for the reference implementation."""

    name: str = "abstract"
    device: Any = "cpu"
    # Python types that are Klong lists on this backend (arrays of rank >= 1).
    array_types: tuple = ()
    # the array module behind the backend (numpy, torch), for `.bkf`
    np: Any = None
    # the dtype of reals: "float64" or "float32"
    real_dtype_name: str = "float64"
    # True while .compile/.export trace a function (the backend then makes no data-dependent
    # Python decisions); only a backend that compiles (torch) looks at it
    tracing: bool = False
    # True where the backend differentiates exactly: the autograd verbs then use
    # klong/autograd/exact.py (torch), and differentiate numerically otherwise
    differentiates: bool = False

    # ---- classification -------------------------------------------------
    def is_list(self, x: Any) -> bool:
        """A Klong list (numeric array of rank >= 1, or object array)."""
        raise NotImplementedError

    def length(self, x: Any) -> int:
        """The number of items of a list (its first axis)."""
        raise NotImplementedError

    def is_numeric_array(self, x: Any) -> bool:
        """An int or real array of rank >= 1 (not an object array)."""
        raise NotImplementedError

    def is_int_array(self, x: Any) -> bool:
        raise NotImplementedError

    def is_real_array(self, x: Any) -> bool:
        raise NotImplementedError

    def is_object_array(self, x: Any) -> bool:
        raise NotImplementedError

    # ---- construction ---------------------------------------------------
    def make_list(self, items: Sequence[Any]) -> Any:
        """Canonical list from Klong values: uniform int/real (and equal-shape numeric
        arrays) become numeric arrays, anything else a 1-d object array."""
        raise NotImplementedError

    def object_list(self, items: Iterable[Any]) -> Any:
        """A 1-d object array holding exactly these items (no stacking)."""
        raise NotImplementedError

    def empty(self) -> Any:
        """The empty list []."""
        raise NotImplementedError

    def arange(self, n: int) -> Any:
        raise NotImplementedError

    def int_array(self, data: Any) -> Any:
        raise NotImplementedError

    def real_array(self, data: Any) -> Any:
        raise NotImplementedError

    def to_numpy(self, x: Any) -> Any:
        """Host numpy view/copy of an array value (identity on numpy)."""
        raise NotImplementedError

    def complex_array(self, data: Any) -> Any:
        """The array (numpy complex128, a torch complex tensor) that Python receives for a
        Klong list of complex numbers; `data` is nested Python lists of numbers."""
        raise NotImplementedError

    def from_numpy(self, arr: Any) -> Any:
        """A numeric host (numpy) array of rank >= 1 as a Klong value of this backend."""
        return arr

    def from_foreign(self, v: Any) -> Any:
        """A Python object of this backend's own kind (a torch tensor) as a Klong value, or a
        numpy array for to_klong to convert; None for anything the backend does not own."""
        return None

    def scalar(self, x: Any) -> Any:
        """Python int/float from a 0-d or one-element numeric value."""
        raise NotImplementedError

    def items(self, x: Any) -> list:
        """Top-level elements of a list as Klong values (rows of an n-d array)."""
        raise NotImplementedError

    def escape(self, v: Any) -> None:
        """v goes out to Python, which may write into its arrays (the numpy backend then
        stops trusting what it knows of their integer bounds)."""

    # ---- number atoms ---------------------------------------------------------
    # A backend may represent a number atom as a 0-d array (torch: a 0-d tensor that
    # tracks gradients). Verbs treat such a value as a number and keep it an array so that
    # gradients flow; `tensor_atoms` is False where this never happens (numpy), which lets
    # the atomic verbs skip the test.
    tensor_atoms: bool = False
    # the exact types of this backend's numeric arrays that are always numeric (torch: the
    # tensor types), for quick tests in the atomic verbs
    tensor_types: frozenset = frozenset()

    def is_tensor_atom(self, x: Any) -> bool:
        """A 0-d backend array standing for a number atom."""
        return False

    def atom(self, r: Any) -> Any:
        """A 0-d result of a kernel as a Klong number atom: a Python number unless it
        must stay an array (it tracks gradients)."""
        raise NotImplementedError

    def plain(self, x: Any) -> Any:
        """A number atom as a Python int/float (drops gradient tracking)."""
        return x

    # ---- kinds and casts ----------------------------------------------------------
    def kind(self, x: Any) -> str:
        """"i" for an integer or int array, "f" for a real or real array (x a number or a
        numeric array)."""
        raise NotImplementedError

    def any(self, x: Any) -> bool:
        """True when some element of a boolean/numeric array (or a scalar) is nonzero."""
        raise NotImplementedError

    def all(self, x: Any) -> bool:
        """True when every element of a boolean/numeric array (or a scalar) is nonzero."""
        raise NotImplementedError

    def as_int(self, x: Any) -> Any:
        """A boolean/numeric array (or number) as int64."""
        raise NotImplementedError

    def as_real(self, x: Any) -> Any:
        """A numeric array as the backend's real dtype; a number as a float."""
        raise NotImplementedError

    def copy(self, x: Any) -> Any:
        """An array that shares no memory with x."""
        raise NotImplementedError

    def find_numeric(self, a: Any, y: Any, tolerance: float) -> Any:
        """Indices (int array, maybe empty) of the items of numeric array a that match y, a
        number or a numeric array shaped like one item of a: integers exactly, reals within
        the relative `tolerance` of Match."""
        raise NotImplementedError

    # ---- element-wise kernels ------------------------------------------------------
    # Operands are numbers and/or numeric arrays (broadcasting as numpy does). Klong's
    # typing is the verbs' business; a kernel raises FloatingPointError (division by zero,
    # invalid power) or TypeError to send the verb to its element-by-element slow path.
    # Integer kernels are exact (add subtract multiply negative absolute floor_divide power,
    # and reduce/accumulate): a result past int64 is never a wrapped value (numpy: Python
    # ints, see numpy_ints; torch: error range for a tensor result).
    #   add subtract multiply true_divide floor_divide power fmod maximum minimum
    #   negative absolute floor              -> numeric
    #   less greater equal logical_not isfinite -> boolean arrays

    # ---- structural kernels ----------------------------------------------------------
    def reduce(self, op: str, a: Any) -> Any:
        """op ("add" "multiply" "maximum" "minimum" "subtract") folded over the first axis
        (a left fold for subtract); a 1-d array gives a Klong atom."""
        raise NotImplementedError

    def accumulate(self, op: str, a: Any) -> Any:
        """The running fold of reduce along the first axis."""
        raise NotImplementedError

    def argsort(self, a: Any, descending: bool = False) -> Any:
        """Stable grade (int64) of a 1-d numeric array; ties keep their order both ways."""
        raise NotImplementedError

    def argsort_rows(self, a: Any, descending: bool = False) -> Any:
        """Stable lexicographic grade of the rows of a numeric array of rank >= 2."""
        raise NotImplementedError

    def take(self, a: Any, idx: Any) -> Any:
        """a[idx] for an int or an int array idx (fancy indexing along the first axis)."""
        raise NotImplementedError

    def concat(self, parts: Sequence[Any]) -> Any:
        raise NotImplementedError

    def reverse(self, a: Any) -> Any:
        raise NotImplementedError

    def roll(self, a: Any, n: int) -> Any:
        raise NotImplementedError

    def repeat(self, a: Any, counts: Any) -> Any:
        raise NotImplementedError

    def nonzero(self, a: Any) -> Any:
        """int64 indices of the nonzero elements of a flat array."""
        raise NotImplementedError

    def tile_to(self, a: Any, n: int) -> Any:
        """The first n items of a cycled."""
        raise NotImplementedError

    def reshape(self, a: Any, shape: tuple) -> Any:
        raise NotImplementedError

    def all_equal(self, a: Any, b: Any) -> bool:
        raise NotImplementedError

    def first_indices(self, a: Any) -> Any:
        """Ascending indices of the first occurrence of each distinct item (row) of a."""
        raise NotImplementedError

    def group_indices(self, a: Any) -> list:
        """Index arrays of the equal items (rows) of a, groups by first occurrence."""
        raise NotImplementedError

    def put(self, a: Any, idx: Any, v: Any) -> Any:
        """A copy of a with a[idx] = v."""
        raise NotImplementedError

    def swap01(self, a: Any) -> Any:
        """Swap the first two axes of an array of rank >= 2 (Transpose)."""
        raise NotImplementedError

    # ---- Python interop and information ------------------------------------------------
    def backend_function(self, name: str) -> Optional[Callable]:
        """Function `name` of the backend's array module for `.bkf`, or None."""
        return getattr(self.np, name, None) if self.np is not None else None

    def list_devices(self) -> List[str]:
        """The devices this backend can run on."""
        return [str(self.device)]

    def get_info(self) -> dict:
        """A description of the backend: name, device, devices, dtype and capabilities."""
        return {"name": self.name, "device": str(self.device), "devices": self.list_devices(),
                "dtype": self.real_dtype_name, "supports_autograd": self.differentiates}
