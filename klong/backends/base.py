"""The Backend protocol: the only numeric surface the verbs see.

A backend owns how numeric lists are stored (numpy.ndarray, torch.Tensor) and the
vectorised kernels the verbs call. General lists (mixed, nested, strings inside) are always
1-d numpy object arrays, on every backend; strings are Python str.

Verbs receive the backend as their first argument and never import numpy or torch for
numeric work themselves.
"""
from __future__ import annotations

from typing import Any, Iterable, Sequence


class Backend:
    """Abstract backend; see numpy_backend.NumpyBackend for the reference implementation."""

    name: str = "abstract"
    device: Any = "cpu"
    # Python types that are Klong lists on this backend (arrays of rank >= 1).
    array_types: tuple = ()

    # ---- classification -------------------------------------------------
    def is_list(self, x: Any) -> bool:
        """A Klong list (numeric array of rank >= 1, or object array)."""
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

    def scalar(self, x: Any) -> Any:
        """Python int/float from a 0-d or one-element numeric value."""
        raise NotImplementedError

    def items(self, x: Any) -> list:
        """Top-level elements of a list as Klong values (rows of an n-d array)."""
        raise NotImplementedError
