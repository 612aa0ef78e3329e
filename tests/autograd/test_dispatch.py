"""klong/autograd: the verbs dispatch to exact differentiation (klong/autograd/exact.py) only
on a backend that differentiates, and to central differences (klong/autograd/numeric.py)
otherwise; the numeric path never imports torch."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from klong import KlongInterpreter, autograd
from klong.autograd import numeric
from klong.backends.numpy_backend import NumpyBackend
from klong.errors import KlongError

ROOT = Path(__file__).resolve().parents[2]


def test_numeric_differentiation_does_not_import_torch():
    code = ("import sys, klong\n"
            "k = klong.KlongInterpreter(backend='numpy')\n"
            "k('w::2.0')\n"
            "print(round(k('{x^2}:>3.0'), 6), k('[1 2]∂{x*x}').round(6).tolist(),\n"
            "      [round(float(g), 6) for g in k('{w^3}:>[w]')], 'torch' in sys.modules)\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "6.0 [[2.0, 0.0], [0.0, 4.0]] [12.0] False\n"


def test_the_exact_path_is_taken_only_where_the_backend_differentiates(monkeypatch):
    torch = pytest.importorskip("torch")
    from klong.autograd import exact
    calls = []

    def grad(B, rt, f, x):
        calls.append(B.name)
        return torch.tensor(0.5, dtype=torch.float64)
    monkeypatch.setattr(exact, "grad", grad)
    assert KlongInterpreter(backend="torch")("{x^2}:>3.0") == 0.5
    assert abs(KlongInterpreter(backend="numpy")("{x^2}:>3.0") - 6.0) < 1e-6
    assert calls == ["torch"]


def test_shared_helpers():
    B = NumpyBackend()
    assert numeric.point(B, np.array(2.5)) == 2.5 and type(numeric.point(B, np.array(2.5))) \
        is float
    assert numeric.point(B, np.array([1.0, 2.0])).tolist() == [1.0, 2.0]
    assert numeric.global_value({"a": 1}, "a") == 1
    with pytest.raises(KlongError) as e:
        numeric.global_value({}, "nope")
    assert (e.value.kind, str(e.value.message)) == ("undefined", "undefined: nope")
    assert numeric.vector_out(B, 3).tolist() == 3.0
    assert autograd.as_real_array is numeric.as_real_array
