"""examples/notebooks/autograd.ipynb: nbclient runs it top to bottom with the Klong kernel,
on numpy and on torch (the kernelspecs installed into a temporary prefix, as a user would
with `klong kernel install --prefix`), and the numbers of its cells are checked against the
mathematics. The saved notebook must show what a fresh run on numpy shows (it is made by
`python tools/run_notebook.py examples/notebooks/autograd.ipynb`, never by hand)."""
from __future__ import annotations

import math
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "examples" / "notebooks" / "autograd.ipynb"
sys.path.insert(0, str(ROOT / "tools"))
try:
    import run_notebook
finally:
    sys.path.remove(str(ROOT / "tools"))

# How close a numeric gradient must be. The numpy backend (and `∇` on both) differentiates
# by central differences with h = 1e-6 in float64: the truncation error is O(h²) and the
# rounding error about 1e-16·|f|/h, so results differ from the exact value by ~1e-9; the
# last digits depend on numpy's summation order, which is no promise of ours. The torch
# backend's `:>` and `∂` are exact (autograd) and are compared exactly.
NUMERIC = 1e-6


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """backend -> the notebook run top to bottom on that kernel (each run once)."""
    kernels = run_notebook.install_kernels(tmp_path_factory.mktemp("prefix"))
    runs: dict = {}

    def get(backend: str):
        if backend not in runs:
            runs[backend] = run_notebook.execute(NOTEBOOK, kernels, backend)
        return runs[backend]
    return get


@pytest.fixture(params=["numpy", "torch"])
def run(request, executed) -> tuple[str, dict]:
    """The backend, and the executed code cells by their source."""
    nb = executed(request.param)
    return request.param, {c.source: c for c in nb.cells if c.cell_type == "code"}


def result(cell) -> str:
    """The cell's value as written (its execute_result); no error, nothing on stderr."""
    assert not [o for o in cell.outputs if o.output_type == "error"
                or (o.output_type == "stream" and o.name == "stderr")], cell.outputs
    [value] = [o.data["text/plain"] for o in cell.outputs if o.output_type == "execute_result"]
    return value


def numbers(text: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?[0-9][0-9.e+-]*", text)]


def close(text: str, expected: list[float], tol: float) -> bool:
    got = numbers(text)
    return len(got) == len(expected) and all(
        math.isclose(g, e, rel_tol=tol, abs_tol=tol) for g, e in zip(got, expected))


def descend(steps: int, lr: float, momentum: float = 0.0) -> float:
    """w after gradient descent on w² (gradient 2w) from 10, as optimizers.py's SGD does."""
    w, v = 10.0, 0.0
    for _ in range(steps):
        v = momentum * v + 2 * w
        w = w - lr * v
    return w


def adam_fit(steps: int = 200) -> tuple[float, float, float]:
    """w, b and the loss after Adam (lr 0.1) on the notebook's mean squared error, with the
    exact gradients."""
    xs, ys = [1.0, 2.0, 3.0], [3.0, 5.0, 7.0]
    p, m, v = [1.0, 0.0], [0.0, 0.0], [0.0, 0.0]

    def loss(w: float, b: float) -> float:
        return sum((w * x + b - y) ** 2 for x, y in zip(xs, ys)) / 3

    for t in range(1, steps + 1):
        w, b = p
        r = [w * x + b - y for x, y in zip(xs, ys)]
        g = [2 * sum(e * x for e, x in zip(r, xs)) / 3, 2 * sum(r) / 3]
        for i in range(2):
            m[i] = 0.9 * m[i] + 0.1 * g[i]
            v[i] = 0.999 * v[i] + 0.001 * g[i] ** 2
            p[i] -= 0.1 * (m[i] / (1 - 0.9 ** t)) / (math.sqrt(v[i] / (1 - 0.999 ** t)) + 1e-8)
    return p[0], p[1], loss(*p)


def test_the_notebook_runs_and_shows_its_backend(run):
    backend, cells = run
    [out] = cells["]b"].outputs
    assert (out.name, out.text) == ("stdout", f"backend: {backend}  device: cpu\n")
    assert result(cells["f::{x^2}"]) == ":monad"


def test_the_gradient_cell_shows_6(run):
    backend, cells = run
    text = result(cells["f:>3"])
    if backend == "torch":
        assert text == "6.0"
    else:
        assert close(text, [6.0], NUMERIC), text
    assert close(result(cells["3∇f"]), [6.0], NUMERIC)   # ∇ is numeric on both backends


EXACT = {
    "p::{((3*x^4)-(2*x^2))+x}\np:>1": ("9.0", [9.0]),
    "g::{+/x^2}\ng:>[1.0 2.0 3.0]": ("[2.0 4.0 6.0]", [2.0, 4.0, 6.0]),
    "w::2.0\nb::3.0\nloss::{(w^2)+(b^2)}\nloss:>[w b]": ("[4.0 6.0]", [4.0, 6.0]),
    "[1 2]∂f": ("[[2.0 0.0] [0.0 4.0]]", [2.0, 0.0, 0.0, 4.0]),
    ".jacobian(f;[1 2])": ("[[2.0 0.0] [0.0 4.0]]", [2.0, 0.0, 0.0, 4.0]),
    "w::[1.0 2.0]\nb::[3.0 4.0]\nh::{w^2}\n[w b]∂h": (
        "[[[2.0 0.0] [0.0 4.0]] [[0.0 0.0] [0.0 0.0]]]", [2.0, 0.0, 0.0, 4.0, 0, 0, 0, 0]),
}


@pytest.mark.parametrize("source", EXACT, ids=[s.split("\n")[-1] for s in EXACT])
def test_gradients_and_jacobians(run, source):
    backend, cells = run
    text = result(cells[source])
    written, values = EXACT[source]
    if backend == "torch":
        assert text == written
    else:
        assert close(text, values, NUMERIC), text


def test_gradient_descent_by_hand_and_with_sgd(run):
    """Each step multiplies w by 0.8: exactly the float loop on torch."""
    backend, cells = run
    by_hand = result(cells["w::10.0\nloss::{w^2}\nlr::0.1\n{w::w-(lr*loss:>w)}'!50\nw"])
    sgd = result(cells["w::10.0\nopt::SGDOptimizer(klong;[\"w\"];:{[\"lr\" 0.1]})\n"
                       "{opt(loss)}'!50\nw"])
    momentum = result(cells["w::10.0\nopt::SGDOptimizer(klong;[\"w\"];"
                            ":{[\"lr\" 0.01 \"momentum\" 0.9]})\n{opt(loss)}'!100\nw"])
    assert math.isclose(descend(50, 0.1), 10 * 0.8 ** 50, rel_tol=1e-12)
    if backend == "torch":
        assert by_hand == sgd == repr(descend(50, 0.1))
        assert momentum == repr(descend(100, 0.01, 0.9))
    else:
        assert by_hand == sgd
        assert close(by_hand, [descend(50, 0.1)], NUMERIC)
        assert close(momentum, [descend(100, 0.01, 0.9)], NUMERIC)


def test_adam_fits_the_line_and_the_chart_cell_shows_an_image(run):
    """Adam's result is compared with the same algorithm in Python, with a tolerance on both
    backends: 200 steps of float sums whose order differs (torch, numpy, Python)."""
    _, cells = run
    w, b, final = adam_fit()
    assert abs(w - 2) < 1e-4 and abs(b - 1) < 1e-4 and final < 1e-8
    [source] = [s for s in cells if s.startswith("X::[1 2 3]")]
    assert close(result(cells[source]), [w, b], 1e-9)
    assert math.isclose(numbers(result(cells["loss()"]))[0], final, rel_tol=1e-3)
    assert result(cells['.pyf("../autograd/optimizers.py";["SGDOptimizer" "AdamOptimizer"])'])\
        == "1"
    [chart] = cells["]plot losses"].outputs
    assert chart.output_type == "display_data"
    assert chart.data["image/png"].startswith("iVBORw0KGgo")   # base64 of the PNG signature
    assert chart.data["text/plain"] == "<chart of losses>"


def test_the_saved_outputs_are_those_of_a_fresh_run(executed):
    """Image bytes aside (matplotlib's PNG is not stable across its versions)."""
    saved = nbformat.read(NOTEBOOK, as_version=4)
    assert saved.metadata.kernelspec.name == "klong-numpy"
    assert run_notebook.outputs(saved) == run_notebook.outputs(executed("numpy")), (
        "the saved notebook differs from a fresh run: "
        "python tools/run_notebook.py examples/notebooks/autograd.ipynb")
