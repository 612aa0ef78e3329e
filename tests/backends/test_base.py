"""The Backend protocol's defaults for the optional capabilities, as the numpy backend has
them (it overrides none of them)."""
import numpy as np
import pytest

from klong.backends.base import Backend
from klong.backends.numpy_backend import NumpyBackend


def test_numpy_backend_keeps_the_protocol_defaults():
    for name in ("from_numpy", "from_foreign", "backend_function", "list_devices",
                 "get_info", "exact_grad", "exact_multi_grad", "exact_jacobian",
                 "exact_multi_jacobian"):
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


@pytest.mark.parametrize("call", [
    lambda B: B.exact_grad(None, None, 1.0),
    lambda B: B.exact_multi_grad(None, None, ["a"]),
    lambda B: B.exact_jacobian(None, None, 1.0),
    lambda B: B.exact_multi_jacobian(None, None, ["a"]),
])
def test_exact_hooks_are_only_for_a_backend_that_differentiates(call):
    with pytest.raises(NotImplementedError):
        call(NumpyBackend())
