"""Property tests (issue 3, acceptance 4): on random polynomials and random compositions of
+ - * % ^, +/, */ and each, torch's exact `:>` agrees with numeric `∇`, and `∂` agrees with
torch.autograd.functional.jacobian of the same function written in PyTorch.

Runs on the cpu; KLONG_TEST_DEVICE=cuda runs the torch side on a GPU (bench/gpu_check.py).
"""
from __future__ import annotations

import os
from typing import Callable, Tuple

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

torch = pytest.importorskip("torch")

from klong import KlongInterpreter  # noqa: E402

Expr = Tuple[str, Callable]           # Klong source in x, and the same function in torch

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
CONSTANTS = [0.5, 1.5, 2.0, 3.0, -1.0, -0.25]


@pytest.fixture(scope="module")
def tk() -> KlongInterpreter:
    return KlongInterpreter(backend="torch", device=os.environ.get("KLONG_TEST_DEVICE", "cpu"))


@pytest.fixture(scope="module")
def nk() -> KlongInterpreter:
    return KlongInterpreter(backend="numpy")


def host(v) -> np.ndarray:
    if hasattr(v, "detach"):
        return v.detach().cpu().numpy().astype(np.float64)
    return np.asarray(v, dtype=np.float64)


def klong_real(v: float) -> str:
    """A real as Klong source, parenthesised: `-0.5∇f` would read -(0.5∇f)."""
    return f"({float(v) + 0.0!r})"


def vector(values) -> str:
    return "[" + " ".join(repr(float(v) + 0.0) for v in values) + "]"


# ---- random polynomials ------------------------------------------------------------------------

coefficients = st.lists(st.integers(-5, 5), min_size=1, max_size=6)
points = st.floats(-2.0, 2.0, allow_nan=False).map(lambda v: round(v, 3))


def polynomial(cs) -> str:
    """(c0)+(c1*x^1)+(c2*x^2)+... in Klong (right to left: every term parenthesised; a
    leading -1 alone would negate the whole sum)."""
    terms = [f"({cs[0]})"] + [f"({c}*x^{i})" for i, c in enumerate(cs[1:], start=1)]
    return "{" + "+".join(terms) + "}"


@SETTINGS
@given(cs=coefficients, x0=points)
def test_polynomial_exact_gradient_agrees_with_numeric(tk, nk, cs, x0):
    src = polynomial(cs)
    exact = tk(f"{src}:>{klong_real(x0)}")
    numeric = tk(f"{klong_real(x0)}∇{src}")
    numeric_np = nk(f"{src}:>{klong_real(x0)}")           # numpy: numeric :>
    derivative = sum(i * c * x0 ** (i - 1) for i, c in enumerate(cs) if i > 0)
    assert abs(exact - derivative) <= 1e-9 * max(1.0, abs(derivative))
    for approx in (numeric, numeric_np):
        assert abs(approx - exact) <= 1e-4 * max(1.0, abs(exact))


# ---- random compositions ------------------------------------------------------------------------

def _leaf(draw) -> Expr:
    if draw(st.booleans()):
        return "x", lambda t: t
    c = draw(st.sampled_from(CONSTANTS))
    return klong_real(c), lambda t, c=c: torch.tensor(c, dtype=t.dtype)       # an atom


@st.composite
def compositions(draw, depth: int = 3) -> Expr:
    if depth == 0 or draw(st.integers(0, 3)) == 0:
        return _leaf(draw)
    op = draw(st.sampled_from(["+", "-", "*", "%", "^", "sum", "prod", "each"]))
    a_src, a = draw(compositions(depth - 1))
    if op in ("+", "-", "*"):
        b_src, b = draw(compositions(depth - 1))
        fn = {"+": lambda t: a(t) + b(t), "-": lambda t: a(t) - b(t),
              "*": lambda t: a(t) * b(t)}[op]
        return f"({a_src}){op}({b_src})", fn
    if op == "%":                     # a denominator that stays away from zero
        b_src, b = draw(compositions(depth - 1))
        return f"({a_src})%(1.5+(({b_src})*({b_src})))", \
            lambda t: a(t) / (1.5 + b(t) * b(t))
    if op == "^":
        n = draw(st.sampled_from([2, 3]))
        return f"({a_src})^{n}", lambda t: a(t) ** n
    if op == "sum":
        return f"+/({a_src})", lambda t: a(t).sum()
    if op == "prod":
        return f"*/({a_src})", lambda t: a(t).prod()
    c = draw(st.sampled_from(CONSTANTS))
    return f"{{(x*x)+{klong_real(c)}*x}}'({a_src})", lambda t: a(t) * a(t) + c * a(t)


vectors = st.lists(st.floats(-1.5, 1.5, allow_nan=False).map(lambda v: round(v, 3)),
                   min_size=1, max_size=4)


def _elementwise(src: str, fn: Callable, x0) -> Tuple[str, Callable]:
    """The expression as a function of a vector: leaves that do not use x are broadcast by
    +0*x so that its value is always a vector shaped like x (the torch reference is)."""
    return "{(" + src + ")+0*x}", lambda t: fn(t) + 0 * t


@SETTINGS
@given(e=compositions(), x0=vectors, final=st.sampled_from(["+/", "*/"]))
def test_composition_exact_gradient_agrees_with_numeric(tk, e, x0, final):
    src, fn = _elementwise(*e, x0)
    loss = "{" + final + src + "(x)}"
    point = vector(x0)
    exact = host(tk(f"{loss}:>{point}"))
    numeric = host(tk(f"{point}∇{loss}"))
    t = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    out = fn(t)
    (ref,) = torch.autograd.grad(out.sum() if final == "+/" else out.prod(), t)
    scale = max(1.0, float(np.abs(ref.numpy()).max()))
    assert exact.shape == (len(x0),)
    assert np.allclose(exact, ref.numpy(), rtol=1e-9, atol=1e-9 * scale)
    assert np.allclose(numeric, exact, rtol=1e-4, atol=1e-4 * scale)


@SETTINGS
@given(e=compositions(), x0=vectors)
def test_jacobian_agrees_with_torch(tk, nk, e, x0):
    src, fn = _elementwise(*e, x0)
    point = vector(x0)
    J = host(tk(f"{point}∂{src}"))
    ref = torch.autograd.functional.jacobian(fn, torch.tensor(x0, dtype=torch.float64))
    ref = ref.reshape(-1, len(x0)).numpy()
    scale = max(1.0, float(np.abs(ref).max()))
    assert J.shape == ref.shape == (len(x0), len(x0))
    assert np.allclose(J, ref, rtol=1e-9, atol=1e-9 * scale)
    numeric = host(nk(f"{point}∂{src}"))                  # numpy: central differences
    assert numeric.shape == J.shape
    assert np.allclose(numeric, J, rtol=1e-4, atol=1e-4 * scale)
