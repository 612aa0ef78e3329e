"""Example optimizers for klong: copy this file next to your Klong script and import it.

    .pyf("optimizers";"SGDOptimizer")
    w::10.0
    loss::{w^2}
    opt::SGDOptimizer(klong;["w"];:{["lr" 0.1]})     :" or SGDOptimizer(["w"];:{["lr" 0.1]})
    {opt(loss)}'!50

`SGDOptimizer` and `AdamOptimizer` are factory functions. Their first parameter is named
`klong`, so klong passes the running interpreter to it (Klong code may also pass `klong`
itself); `params` names the global variables to train (strings or symbols); `config` is a
dictionary of settings (`:{}` for the defaults). Each returns a step function: `opt(loss)`
evaluates the niladic `loss`, takes the gradient of every parameter with
`klong.autograd.multi_grad_of_fn` (exact on the torch backend, numeric on numpy), updates
the parameters and returns the loss from before the update.

The update arithmetic is plain numpy; parameters are written back with `klong[name] = value`,
so a scalar stays a Python float and an array becomes the backend's array type again.
Write your own optimizer (RMSprop, AdaGrad, a learning-rate schedule...) the same way.
"""
from __future__ import annotations

from typing import Any, Callable, Dict, List, Sequence

import numpy as np

from klong.autograd import multi_grad_of_fn


def host(value: Any) -> np.ndarray:
    """A numeric Klong value (number, numpy array or torch tensor) as a float64 array."""
    if hasattr(value, "detach"):                     # a torch tensor, without importing torch
        value = value.detach().cpu().numpy()
    return np.asarray(value, dtype=np.float64)


def _store(klong: Any, name: str, value: np.ndarray) -> None:
    klong[name] = float(value) if value.ndim == 0 else value


def _param_names(params: Any) -> List[str]:
    if isinstance(params, str):
        params = [params]
    names = [str(p) for p in params]
    if not names:
        raise ValueError("params must name at least one global variable")
    for n in names:
        if n in ("x", "y", "z"):
            raise ValueError(f"parameter {n!r}: x, y and z are function arguments, "
                             f"not globals; use another name")
    return names


def _settings(config: Any, defaults: Dict[str, float]) -> Dict[str, float]:
    if not isinstance(config, dict):
        raise TypeError("config must be a dictionary, e.g. :{[\"lr\" 0.1]} or :{} for the "
                        "defaults")
    out = dict(defaults)
    for key, value in config.items():
        name = str(key)
        if name not in defaults:
            raise ValueError(f"unknown setting {name!r}; known: {', '.join(defaults)}")
        out[name] = float(value)
    return out


class _Step:
    """The step function shared by the optimizers: loss, gradients, update, old loss."""

    def __init__(self, klong: Any, names: Sequence[str],
                 update: Callable[[int, np.ndarray, np.ndarray], np.ndarray]):
        self.klong = klong
        self.names = list(names)
        self.update = update

    def __call__(self, loss: Any) -> float:
        if isinstance(loss, str):                    # the name of the loss function
            loss = self.klong[str(loss)]
        before = float(host(loss()).reshape(-1)[0])
        grads = multi_grad_of_fn(self.klong, loss, self.names)
        for i, (name, grad) in enumerate(zip(self.names, grads)):
            p = host(self.klong[name])
            _store(self.klong, name, self.update(i, p, host(grad)))
        return before


def SGDOptimizer(klong: Any, params: Any, config: Any) -> Callable[[Any], float]:
    """Stochastic gradient descent with momentum: v <- momentum*v + g; p <- p - lr*v.

    Settings: lr (0.01), momentum (0)."""
    names = _param_names(params)
    s = _settings(config, {"lr": 0.01, "momentum": 0.0})
    velocity: List[Any] = [0.0] * len(names)

    def update(i: int, p: np.ndarray, g: np.ndarray) -> np.ndarray:
        velocity[i] = s["momentum"] * velocity[i] + g
        return p - s["lr"] * velocity[i]

    step = _Step(klong, names, update)

    def sgd_step(loss: Any) -> float:
        return step(loss)
    return sgd_step


def AdamOptimizer(klong: Any, params: Any, config: Any) -> Callable[[Any], float]:
    """Adam: t <- t+1; m <- b1*m + (1-b1)*g; v <- b2*v + (1-b2)*g^2;
    p <- p - lr * (m/(1-b1^t)) / (sqrt(v/(1-b2^t)) + eps).

    Settings: lr (0.001), beta1 (0.9), beta2 (0.999), eps (1e-8)."""
    names = _param_names(params)
    s = _settings(config, {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8})
    m: List[Any] = [0.0] * len(names)
    v: List[Any] = [0.0] * len(names)
    t = [0]

    def update(i: int, p: np.ndarray, g: np.ndarray) -> np.ndarray:
        if i == 0:
            t[0] += 1
        b1, b2 = s["beta1"], s["beta2"]
        m[i] = b1 * m[i] + (1 - b1) * g
        v[i] = b2 * v[i] + (1 - b2) * g * g
        m_hat = m[i] / (1 - b1 ** t[0])
        v_hat = v[i] / (1 - b2 ** t[0])
        return p - s["lr"] * m_hat / (np.sqrt(v_hat) + s["eps"])

    step = _Step(klong, names, update)

    def adam_step(loss: Any) -> float:
        return step(loss)
    return adam_step
