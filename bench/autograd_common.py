"""Shared by bench_autograd.py (klong on torch + raw PyTorch) and klongpy_autograd_worker.py
(KlongPy 0.7.1 on its torch backend): the workloads, their inputs and their Klong sources.

Only the standard library and numpy are used here (and bench_common for the vectors a b c),
so that both processes build exactly the same inputs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import bench_common as bc

SEED = 1


@dataclass(frozen=True)
class Workload:
    """One line of the table: Klong `setup` (untimed) then `src` (timed) on `inputs`.

    target: klong/torch ratio to stay within (None: shown for information)."""

    id: str
    label: str
    src: str
    setup: str = ""
    inputs: tuple[str, ...] = ()
    n: int = 0
    torch_src: str = ""        # the raw PyTorch reference, as shown in the docs
    target: float | None = None
    seed: str = ""             # where the workload comes from


WORKLOADS: list[Workload] = [
    Workload("grad_sumsq_1m", "f:>v, f::{+/x^2}  (1M)", "f:>v", "f::{+/x^2}", ("v",),
             1_000_000, "t=v.detach().requires_grad_(); grad((t**2).sum(), t)", 1.5),
    Workload("grad_scalar", "f:>3, f::{x^2}", "f:>3", "f::{x^2}", (), 0,
             "t=tensor(3.0, requires_grad=True); grad(t**2, t)[0].item()", 1.5),
    Workload("mse_10k", "loss:>[w b], MSE  (10K points)", "loss:>[w b]",
             "w::1.0;b::0.0;loss::{(+/((w*X)+b-Y)^2)%#X}", ("X", "Y"), 10_000,
             "w,b leaves; grad((((w*X)+(b-Y))**2).sum()/len(X), [w, b])", 1.5),
    Workload("jacobian_100", "u∂{x^2}  (100 -> 100x100)", "u∂{x^2}", "", ("u",), 100,
             "functional.jacobian(lambda t: t**2, u, vectorize=True)", 2.0),
    Workload("vector_add_1m", "a+b  (1M)", "a+b", "", ("a", "b"), 1_000_000, "a+b", 1.2),
    Workload("vector_add_100k", "a+b  (100K)", "a+b", "", ("a", "b"), 100_000, "a+b", None),
    Workload("compound_expr_1m", "(a*2+b*3)%(a+1)-(b*c)  (1M)", "(a*2+b*3)%(a+1)-(b*c)", "",
             ("a", "b", "c"), 1_000_000, "(a*(2+b*3))/((a+1)-(b*c))", 1.2),
    Workload("grade_up_100k", "<a  (100K)", "<a", "", ("a",), 100_000,
             "argsort(a, stable=True)", 1.2),
]

WORKLOADS_BY_ID = {w.id: w for w in WORKLOADS}


def make_inputs(w: Workload) -> dict[str, np.ndarray]:
    """The float64 inputs of a workload, the same in every process."""
    out: dict[str, np.ndarray] = {}
    if any(name in ("a", "b", "c") for name in w.inputs):
        abc = bc.make_inputs(w.n)
        out.update({k: abc[k] for k in ("a", "b", "c") if k in w.inputs})
    rng = np.random.default_rng(SEED)
    if "v" in w.inputs:
        out["v"] = rng.uniform(-1.0, 1.0, w.n)
    if "X" in w.inputs:
        x = rng.uniform(0.0, 1.0, w.n)
        out["X"] = x
        out["Y"] = 2.0 * x + 1.0 + rng.normal(0.0, 0.1, w.n)
    if "u" in w.inputs:
        out["u"] = rng.uniform(-2.0, 2.0, w.n)
    return out


def select(ids: list[str] | None) -> list[Workload]:
    return [WORKLOADS_BY_ID[i] for i in ids] if ids else list(WORKLOADS)
