"""The Backend protocol's defaults for the optional capabilities, as the numpy backend has
them (it overrides none of them)."""
import numpy as np

from klong.backends.base import Backend
from klong.backends.numpy_backend import NumpyBackend


def test_numpy_backend_keeps_the_protocol_defaults():
    for name in ("from_numpy", "from_foreign", "backend_function", "list_devices",
                 "get_info"):
        assert getattr(NumpyBackend, name) is getattr(Backend, name), name


def test_capability_defaults():
    B = NumpyBackend()
    arr = np.array([1.5, 2.5])
    assert B.from_numpy(arr) is arr
    assert B.from_foreign(object()) is None and B.from_foreign(arr) is None
    assert B.backend_function("exp") is np.exp
    assert B.backend_function("no_such_function") is None
    assert B.list_devices() == ["cpu"]
    assert B.get_info() == {"name": "numpy", "device": "cpu", "devices": ["cpu"],
                            "dtype": "float64", "supports_autograd": False}
    assert B.real_dtype_name == "float64"
    assert B.tracing is False and B.differentiates is False


def test_backend_function_without_an_array_module():
    assert Backend().backend_function("exp") is None


def test_the_protocol_has_no_differentiation_hooks():
    # exact differentiation is klong/autograd/exact.py; a backend only says `differentiates`
    assert [n for n in dir(Backend) if "grad" in n or "jacobian" in n] == []
