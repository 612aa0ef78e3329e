"""Exact differentiation on the torch backend: `f:>x`, `loss:>[w b]`, `x∂f`, `[w b]∂f`.

klong/autograd/__init__.py decides what is asked for (point or multi-parameter mode) and
calls these where the backend differentiates (`B.differentiates`); it imports this module
only then, so that torch is imported only with the torch backend. The Klong function runs
on the torch backend with tracked tensors, so the gradient is torch.autograd's: exact, not a
difference quotient.

- The point becomes a fresh real tensor that requires grad (a copy: the caller's value is
  never changed). When the point itself tracks gradients (`{...:>x}:>2`, the gradient of a
  gradient) the new variable stays connected to it and the graph is kept (create_graph).
- A loss that does not depend on the variable (a constant, `{1}:>3.0`) has gradient zero.
- Jacobians use torch.autograd.functional.jacobian (vectorised where it can, else row by
  row, else central differences) and are always m x n matrices.
"""
from __future__ import annotations

from typing import Any, Callable, List

import numpy as np
import torch

from ..backends.torch_types import TT, T
from ..errors import KlongError
from ..printer import written
from . import numeric as N


def _variable(B: Any, x: Any, op: str, track: bool = True) -> T:
    """A real tensor holding the point x, tracking gradients when `track`. It shares memory
    with x where it can (a new autograd leaf; nothing ever writes into it)."""
    if type(x) in TT:
        if x.requires_grad:
            v = x if x.is_floating_point() else x.to(B.real_dtype)
            return v.view_as(v)                 # a new node, still connected to x
        v = x.detach() if x.is_floating_point() else x.to(B.real_dtype)
    elif type(x) is float or type(x) is int:
        return torch.tensor(float(x), dtype=B.real_dtype, device=B.device, requires_grad=track)
    else:
        arr = N.as_real_array(B, x, op)
        v = torch.as_tensor(arr, dtype=B.real_dtype, device=B.device)
    if track:
        v.requires_grad_(True)
    return v


def _nested(x: Any) -> bool:
    return type(x) in TT and x.requires_grad


def _loss(B: Any, r: Any) -> Any:
    """The loss as a 0-d tensor, or None when it is a constant (it does not track
    gradients); errors for anything that is not one number."""
    if type(r) in TT:
        if r.numel() != 1:
            raise KlongError("shape", f"Loss function must return a scalar, got shape "
                                      f"{tuple(r.shape)}. Use sum (+/) or mean (%#) to "
                                      f"reduce to a scalar.")
        if not r.requires_grad:
            return None
        return r if r.dim() == 0 else r.reshape(())
    if B.is_object_array(r) and len(r) == 1:
        return _loss(B, r[0])
    N.scalar_loss(B, r)                        # raises for non-numbers and non-scalars
    return None


def _result(B: Any, g: Any, like: T) -> Any:
    """A gradient as a Klong value shaped like its variable (a number for a scalar)."""
    if g is None:
        g = torch.zeros_like(like)
    if g.dim() == 0:
        return B.atom(g if g.requires_grad else g.detach())
    return g if g.requires_grad else g.detach()


def _zeros(B: Any, x: Any, op: str) -> Any:
    return _result(B, None, _variable(B, x, op, track=False))


def grad(B: Any, rt: Any, f: Any, x: Any) -> Any:
    """`f:>x` in point mode."""
    if f.arity == 0:
        return _zeros(B, x, ":>")
    nested = type(x) in TT and x.requires_grad
    v = _variable(B, x, ":>")
    with _grad_enabled():
        loss = _loss(B, N.call(rt, f, [v]))
        if loss is None:
            return _result(B, None, v)
        (g,) = torch.autograd.grad(loss, v, create_graph=nested, allow_unused=True)
    if g is not None and g.dim() == 0 and not nested:
        return g.item()
    return _result(B, g, v)


def _grad_enabled() -> Any:
    """A context with gradient recording on (a cheap no-op when it already is)."""
    return _NOOP if torch.is_grad_enabled() else torch.enable_grad()


class _Noop:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: Any) -> None:
        return None


_NOOP = _Noop()


def _rebind(rt: Any, names: List[str], values: List[Any], body: Callable[[], Any]) -> Any:
    """Run body with the named globals bound to values; the originals always come back."""
    table = rt.globals.table
    originals = [N.global_value(table, n) for n in names]
    try:
        for n, v in zip(names, values):
            table[n] = v
        return body()
    finally:
        for n, v in zip(names, originals):
            table[n] = v


def multi_grad(B: Any, rt: Any, f: Any, names: List[str], as_list: bool = False) -> Any:
    """`loss:>[w b]`: one gradient per named global, from one backward pass; with as_list,
    the Klong list of them (scalar gradients stacked into one tensor, without a trip
    through Python numbers)."""
    table = rt.globals.table
    originals = [N.global_value(table, n) for n in names]
    nested = any(_nested(v) for v in originals)
    variables = [_variable(B, v, ":>") for v in originals]

    def run() -> Any:
        with _grad_enabled():
            loss = _loss(B, N.call(rt, f, []))
            if loss is None:
                return [None] * len(variables)
            return torch.autograd.grad(loss, variables, create_graph=nested,
                                       allow_unused=True)
    grads = _rebind(rt, names, variables, run)
    if as_list and all(g is not None and g.dim() == 0 for g in grads) \
            and len({g.dtype for g in grads}) == 1:
        return torch.stack(grads if nested else [g.detach() for g in grads])
    results = [_result(B, g, v) for g, v in zip(grads, variables)]
    return B.make_list(results) if as_list else results


def output(B: Any, r: Any) -> T:
    """A function's value as a real tensor (numbers and numeric lists)."""
    if type(r) in TT:
        return r if r.is_floating_point() else r.to(B.real_dtype)
    if B.is_object_array(r) and any(type(e) in TT for e in r):
        try:
            return torch.stack([output(B, e).reshape(()) for e in r])
        except (RuntimeError, KlongError):
            pass
    arr = N.vector_out(B, r)
    return torch.as_tensor(arr, dtype=B.real_dtype, device=B.device)


def _as_matrix(J: T, n: int) -> T:
    return J.reshape(-1, n).detach()


def _functional_jacobian(fn: Callable[[T], T], x0: T) -> T:
    """torch.autograd.functional.jacobian, vectorised if the graph allows it."""
    jac = torch.autograd.functional.jacobian
    try:
        return jac(fn, x0, vectorize=True)
    except KlongError:
        raise
    except Exception:
        return jac(fn, x0)


def jacobian(B: Any, rt: Any, f: Any, x: Any) -> Any:
    """`x∂f` / `.jacobian(f;x)`: the m x n Jacobian."""
    x0 = _variable(B, x, "∂", track=False)
    n = max(x0.numel(), 1)

    def fn(t: T) -> T:
        return output(B, N.call(rt, f, [t]))
    try:
        return _as_matrix(_functional_jacobian(fn, x0), n)
    except KlongError:
        raise
    except Exception:
        return _numeric_jacobian(B, lambda p: N.vector_out(B, N.call(rt, f, [p])), x0)


def multi_jacobian(B: Any, rt: Any, f: Any, names: List[str]) -> List[Any]:
    """`[w b]∂f`: the Jacobian of the nilad f with respect to each named global."""
    table = rt.globals.table
    originals = [N.global_value(table, n) for n in names]
    out = []
    for i, (name, orig) in enumerate(zip(names, originals)):
        x0 = _variable(B, orig, "∂", track=False)
        n = max(x0.numel(), 1)

        def fn(t: T, name: str = name) -> T:
            return _rebind(rt, [name], [t], lambda: output(B, N.call(rt, f, [])))

        def host(p: Any, name: str = name) -> np.ndarray:
            return _rebind(rt, [name], [p], lambda: N.vector_out(B, N.call(rt, f, [])))
        try:
            out.append(_as_matrix(_functional_jacobian(fn, x0), n))
        except KlongError:
            raise
        except Exception:
            out.append(_numeric_jacobian(B, host, x0))
    return out


def _numeric_jacobian(B: Any, fn: Callable[[Any], np.ndarray], x0: T) -> Any:
    """Central differences, the fallback when torch cannot differentiate f."""
    start = x0.detach().cpu().numpy().astype(np.float64)
    J = N.numeric_jacobian(B, lambda p: fn(N.point(B, p)), start)
    if J.ndim != 2:
        raise KlongError("type", f"Jacobian: cannot differentiate at {written(start)}")
    return B.real_array(J)
