"""Exact autograd on the torch backend (klong/autograd/exact.py), §3.4 of the system
document: `f:>x`, `loss:>[w b]`, `x∂f`, `[w b]∂f`, `.jacobian`, and how they meet numeric
`∇`. Gradients must flow through user functions, projections, conditionals, adverbs and
nested arrays, and the gradient of a gradient must work.

Runs on the cpu; KLONG_TEST_DEVICE=cuda runs it on a GPU (bench/gpu_check.py does).
"""
from __future__ import annotations

import os

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from klong import KlongInterpreter  # noqa: E402
from klong.errors import KlongError  # noqa: E402
from klong.printer import written  # noqa: E402


DEVICE = os.environ.get("KLONG_TEST_DEVICE", "cpu")


@pytest.fixture
def k() -> KlongInterpreter:
    return KlongInterpreter(backend="torch", device=DEVICE)


def host(v):
    if hasattr(v, "detach"):
        return v.detach().cpu().numpy()
    return np.asarray(v, dtype=np.float64)


def exact(v, expected):
    return np.array_equal(host(v).astype(np.float64), np.asarray(expected, dtype=np.float64))


# ---- the system document's examples, exactly ------------------------------------------------

@pytest.mark.parametrize("src, expected", [
    ("{x^3}:>2", 12.0),
    ("{x^2}:>3", 6.0),
    ("{+/x*x}:>[1.0 2.0]", [2.0, 4.0]),
    ("c1::3.0;c2::4.0;h2::{(c1*c2)+c2^2};h2:>[c1 c2]", [4.0, 11.0]),
    ("p::{((3*x^4)-(2*x^2))+x};p:>1", 9.0),
    ("{+/x^2}:>[1.0 2.0 3.0]", [2.0, 4.0, 6.0]),
    ("w::2.0;b::3.0;loss::{(w^2)+(b^2)};loss:>[w b]", [4.0, 6.0]),
    ("[1 2]∂{x^2}", [[2.0, 0.0], [0.0, 4.0]]),
    (".jacobian({(*/x),+/x};[2.0 3.0])", [[3.0, 2.0], [1.0, 1.0]]),
])
def test_documented_results_are_exact(k, src, expected):
    assert exact(k(src), expected)


def test_scalar_gradient_is_a_number(k):
    r = k("{x^3}:>2")
    assert type(r) is float and r == 12.0


def test_vector_gradient_is_a_tensor_shaped_like_x(k):
    r = k("{+/+/x*x}:>[[1.0 2.0] [3.0 4.0]]")
    assert type(r) is torch.Tensor and r.shape == (2, 2) and not r.requires_grad
    assert exact(r, [[2, 4], [6, 8]])


def test_integer_points_are_differentiated_as_reals(k):
    assert exact(k("{+/x^2}:>[1 2 3]"), [2, 4, 6])


# ---- gradients flow through the language ---------------------------------------------------

@pytest.mark.parametrize("src, expected", [
    # user functions, locals, projections
    ("sq::{x*x};{sq(x)+x}:>3.0", 7.0),
    ("{[a];a::x*2;a*a}:>3.0", 24.0),
    ("mul::{x*y};m3::mul(3.0;);m3:>5.0", 3.0),
    ("{{x*y}(x;x)}:>4.0", 8.0),
    # conditionals
    ("{:[x>0;x*x;0-x]}:>3.0", 6.0),
    ("{:[x>0;x*x;0-x]}:>-3.0", -1.0),
    ("{:[x<0;0:|x<1;x;2*x]}:>5.0", 2.0),
    # arithmetic verbs
    ("{1%x}:>2.0", -0.25),
    ("{x^-1}:>2.0", -0.25),
    ("{x^0.5}:>4.0", 0.25),
    ("{x^2.0}:>3.0", 6.0),
    ("{2^x}:>0.0", float(np.log(2.0))),
    ("{(x|1.0)+x&1.0}:>3.0", 1.0),
    ("{-x}:>1.0", -1.0),
    ("{%x}:>2.0", -0.25),
    ("{_x}:>2.5", 0.0),
    ("{x*0+1}:>2.0", 1.0),
    ("{#x}:>2.0", 1.0),
    ("{#x}:>-2.0", -1.0),
    ("{#[1 2]}:>2.0", 0.0),
])
def test_gradient_flows_through(k, src, expected):
    assert abs(host(k(src)) - expected) < 1e-15


@pytest.mark.parametrize("src, expected", [
    # reductions and scans (over/scan adverbs)
    ("{*/x}:>[2.0 3.0 4.0]", [12, 8, 6]),
    ("{|/x}:>[1.0 5.0 3.0]", [0, 1, 0]),
    ("{&/x}:>[1.0 5.0 3.0]", [1, 0, 0]),
    ("{-/x}:>[1.0 2.0 3.0]", [1, -1, -1]),
    ("{+/+\\x}:>[1.0 2.0 3.0]", [3, 2, 1]),
    ("{+/|\\x}:>[1.0 3.0 2.0]", [1, 2, 0]),
    ("{{x+y}/x}:>[1.0 2.0 3.0]", [1, 1, 1]),
    ("{{x*y}/x}:>[1.0 2.0 3.0]", [6, 3, 2]),
    ("{+/{x+y}\\x}:>[1.0 2.0]", [2, 1]),
    # each, each-pair, each-left/right
    ("{+/{x*x}'x}:>[1.0 2.0]", [2, 4]),
    ("{+/-:'x}:>[1.0 2.0 4.0]", [1, 0, -1]),
    ("{+/x{x*y}'[1 2]}:>[1.0 1.0]", [1, 2]),
    ("{+/2{x*y}:\\x}:>[1.0 1.0]", [2, 2]),
    # structural verbs
    ("{x@0}:>[1.0 2.0]", [1, 0]),
    ("{+/x@[0 0 1]}:>[1.0 2.0]", [2, 1]),
    ("{*|x}:>[1.0 2.0 3.0]", [0, 0, 1]),
    ("{+/x,x}:>[1.0 2.0]", [2, 2]),
    ("{+/x,2.0}:>[1.0 2.0]", [1, 1]),
    ("{+/(|x)*[1 2 3]}:>[1.0 1.0 1.0]", [3, 2, 1]),
    ("{+/x:=[10.0 0]}:>[1.0 2.0 3.0]", [0, 1, 1]),
    ("{+/+/[2 2]:^x}:>[1.0 2.0 3.0 4.0]", [1, 1, 1, 1]),
    ("{+/3#x}:>[1.0 2.0]", [2, 1]),
    ("{+/1_x}:>[1.0 2.0 3.0]", [0, 1, 1]),
    ("{+/1:+x*[1 2 3]}:>[1.0 1.0 1.0]", [1, 2, 3]),
    ("{+/x@<x}:>[3.0 1.0 2.0]", [1, 1, 1]),
    ("{(x@0)*x@1}:>[2.0 3.0]", [3, 2]),
    # mixed with integers and general lists
    ("{+/x*[1 2 3]}:>[1.0 1.0 1.0]", [1, 2, 3]),
    ("{a::x,,\"tag\";+/(a@0),a@1}:>[1.0 2.0]", [1, 1]),
    ("{+/*'[[1.0 2.0] [3.0 4.0]]*x}:>[1.0 1.0]", [1, 3]),
    # matrices
    ("{+/+/x*x}:>[[1.0 2.0] [3.0 4.0]]", [[2, 4], [6, 8]]),
    ("{+/+/+x}:>[[1.0 2.0] [3.0 4.0]]", [[1, 1], [1, 1]]),
])
def test_gradient_flows_through_arrays(k, src, expected):
    r = k(src)
    assert np.allclose(host(r), expected, rtol=0, atol=1e-15), (src, r)


def test_converge_and_iterate(k):
    assert abs(k("{3{x*x}:*x}:>1.5") - 8 * 1.5 ** 7) < 1e-9
    assert abs(k("{{x%2}:~x}:>3.0")) < 1e-12          # converges to 0: zero gradient


def test_gradient_of_a_gradient(k):
    assert k("{{x^3}:>x}:>2") == 12.0                  # d/dx 3x^2 = 6x
    assert k("d::{{x^4}:>x};d:>1.0") == 12.0
    assert k("dd::{{{x^4}:>x}:>x};dd:>1.0") == 24.0
    assert exact(k("{+/{+/x^3}:>x}:>[1.0 2.0]"), [6, 12])


def test_gradient_descent_idiom(k):
    assert k("f::{x^2};x::5.0;lr::0.1;x::x-(lr*f:>x)") == 4.0
    assert abs(k("w::10.0;loss::{w^2};lr::0.1;{w::w-(lr*loss:>w)}'!50;w") - 10 * 0.8 ** 50) \
        < 1e-12
    assert type(k("w")) is float


def test_mse_example(k):
    r = k("w::1.0;b::0.0;X::[1 2 3];Y::[3 5 7];loss::{(+/((w*X)+b-Y)^2)%3};loss:>[w b]")
    assert np.allclose(host(r), [-40 / 3, -6.0], rtol=1e-15)


def test_multi_parameter_vectors_and_order(k):
    k("a::[1.0 2.0];s::3.0;loss::{+/(a*s)^2}")
    ga, gs = k("loss:>[a s]")
    assert exact(ga, [18, 36]) and gs == 2 * 3.0 * (1 + 4)
    assert type(k("a")) is torch.Tensor and not k("a").requires_grad
    assert k("s") == 3.0 and type(k("s")) is float


def test_multi_parameter_globals_come_back_after_an_error(k):
    k("w::2.0;b::[1.0 2.0];bad::{w*b*\"x\"}")
    with pytest.raises(KlongError):
        k("bad:>[w b]")
    assert k("w") == 2.0 and type(k("w")) is float
    assert exact(k("b"), [1, 2]) and not k("b").requires_grad


def test_multi_parameter_unknown_name(k):
    with pytest.raises(KlongError) as info:
        k("loss::{1.0};loss:>[nope]")
    assert info.value.kind == "undefined"


def test_the_point_is_never_changed(k):
    k("v::[1.0 2.0];g::{+/x^2}:>v")
    assert exact(k("v"), [1, 2]) and not k("v").requires_grad
    assert exact(k("g"), [2, 4])


# ---- what is not differentiable --------------------------------------------------------------

def test_a_constant_loss_has_gradient_zero(k):
    assert k("{1}:>3.0") == 0.0
    assert exact(k("{1.5}:>[1.0 2.0]"), [0, 0])
    assert exact(k("w::2.0;{3}:>[w]"), [0])


def test_a_niladic_loss_in_point_mode(k):
    # `loss:>w` with a bare global name differentiates with respect to that global
    assert k("w::2.0;loss::{w^2};loss:>w") == 4.0
    # any other point: the nilad does not depend on it
    assert k("w::2.0;loss::{w^2};loss:>3.0") == 0.0


def test_non_scalar_loss(k):
    with pytest.raises(KlongError) as info:
        k("{x^2}:>[1 2 3]")
    assert info.value.kind == "shape"
    assert info.value.message == ("Loss function must return a scalar, got shape (3,). "
                                  "Use sum (+/) or mean (%#) to reduce to a scalar.")
    assert exact(k("{x*x}:>[3.0]"), [6.0])             # a one-element result is a scalar


def test_loss_that_is_not_a_number(k):
    with pytest.raises(KlongError, match="Loss function must return a number"):
        k('{x;"abc"}:>1.0')


def test_a_point_that_is_not_numbers(k):
    with pytest.raises(KlongError, match="expected numbers"):
        k('{x}:>"abc"')


def test_not_a_function(k):
    with pytest.raises(KlongError) as info:
        k("3:>2")
    assert info.value.kind == "type"


# ---- Jacobians: always m x n ---------------------------------------------------------------

@pytest.mark.parametrize("src, shape", [
    ("2.0∂{x^2}", (1, 1)),
    ("[1.0 2.0 3.0]∂{+/x^2}", (1, 3)),
    ("2.0∂{x,x^2}", (2, 1)),
    ("[1.0 2.0]∂{x^2}", (2, 2)),
    ("[1.0 2.0]∂{x,+/x}", (3, 2)),
    ("[[1.0 2.0] [3.0 4.0]]∂{+/x}", (2, 4)),
])
def test_jacobian_shapes_on_both_backends(src, shape):
    t = KlongInterpreter(backend="torch", device=DEVICE)(src)
    n = KlongInterpreter(backend="numpy")(src)
    assert tuple(t.shape) == shape == np.shape(n)
    assert np.allclose(host(t), n, atol=1e-6)


def test_jacobian_is_exact_and_agrees_with_torch(k):
    k["u"] = torch.linspace(-1, 1, 7, dtype=torch.float64)
    J = k("u∂{(x^3)*|x}")
    ref = torch.autograd.functional.jacobian(lambda t: t ** 3 * t.flip(0), k["u"])
    assert J.device == k.backend.device or J.device.type == k.backend.device.type
    assert torch.equal(J.cpu(), ref.cpu())


def test_multi_parameter_jacobians(k):
    r = k("w::[1.0 2.0];b::[3.0 4.0];f::{w^2};[w b]∂f")
    assert exact(r[0], [[2, 0], [0, 4]]) and exact(r[1], [[0, 0], [0, 0]])
    r = k("f2::{(w*b),+/b};[w b]∂f2")
    assert exact(r[0], [[3, 0], [0, 4], [0, 0]])
    assert exact(r[1], [[1, 0], [0, 2], [1, 1]])
    assert exact(k("w"), [1, 2]) and not k("w").requires_grad


def test_jacobian_falls_back_to_differences_where_torch_cannot(k, monkeypatch):
    def refuse(*args, **kwargs):
        raise RuntimeError("cannot differentiate this")
    monkeypatch.setattr(torch.autograd.functional, "jacobian", refuse)
    r = k("[1.0 2.0]∂{x^2}")
    assert r.shape == (2, 2) and np.allclose(host(r), [[2, 0], [0, 4]], atol=1e-6)
    assert not exact(r, [[2, 0], [0, 4]])              # central differences, not exact
    r = k("w::[1.0 2.0];[w]∂{w^2}")
    assert np.allclose(host(r[0]), [[2, 0], [0, 4]], atol=1e-6)


# ---- ∇ stays numeric; exact and numeric agree ---------------------------------------------

def test_nabla_is_numeric_on_torch(k):
    r = k("3∇{x^2}")
    assert type(r) is float and abs(r - 6.0) < 1e-6 and r != 6.0
    g = k("g::∇{+/x^2};g([1.0 2.0])")
    assert np.allclose(host(g), [2, 4], atol=1e-6)


def test_exact_and_numeric_agree(k):
    for f, x in [("{+/x^3}", "[0.5 1.5 -2.0]"), ("{*/x}", "[1.0 2.0 3.0]"),
                 ("{+/(x%(1+x*x))}", "[0.1 0.2]")]:
        exact_g = host(k(f"{f}:>{x}"))
        numeric = host(k(f"{x}∇{f}"))
        assert np.allclose(exact_g, numeric, atol=1e-5), f


def test_track_is_identity(k):
    assert exact(k("˙[1.0 2.0]"), [1, 2])
    assert k("{˙x^2}:>3.0") == 6.0


def test_float32_backend(k):
    k32 = KlongInterpreter(backend="torch", device=DEVICE, dtype="float32")
    r = k32("{+/x^2}:>[1.0 2.0]")
    assert r.dtype == torch.float32 and exact(r, [2, 4])
    assert abs(k32("3∇{x^2}") - 6.0) < 1e-2                  # step 1e-4 in float32


def test_gradients_with_python_api(k):
    from klong.autograd import multi_grad_of_fn
    k("w::2.0;b::3.0;loss::{(w^2)+(b^2)}")
    gw, gb = multi_grad_of_fn(k, "loss", ["w", "b"])
    assert gw == 4.0 and gb == 6.0
    assert written(k("loss:>[w b]")) == "[4.0 6.0]"


def test_multi_parameter_gradients_of_scalars_are_one_tensor(k):
    r = k("w::2.0;b::3.0;loss::{(w^2)+(b^2)};loss:>[w b]")
    assert type(r) is torch.Tensor and r.dtype == torch.float64 and not r.requires_grad
    assert r.tolist() == [4.0, 6.0]
    assert written(r) == "[4.0 6.0]"


def test_multi_parameter_gradients_of_mixed_shapes_are_a_general_list(k):
    r = k("w::[1.0 2.0];b::3.0;loss::{(+/w^2)+b^2};loss:>[w b]")
    assert written(r) == "[[2.0 4.0] 6.0]"


def test_gradient_of_a_multi_parameter_gradient(k):
    # the gradients stay in the graph when the parameters track gradients themselves
    r = k("g::{w::x;b::2*x;loss::{(w^3)+b^2};+/loss:>[w b]};g:>2.0")
    assert r == 6 * 2.0 + 4.0     # d/dx of 3x^2 + 4x at 2
