"""Autograd system functions: .jacobian (the torch-only ones join them with the torch backend)."""
from __future__ import annotations

from .. import autograd
from .registry import system_function


@system_function(".jacobian", 2)
def jacobian(k, f, x):
    """.jacobian(f;x): the m x n Jacobian of f at x, as x∂f."""
    return autograd.jacobian(k._rt, f, x)
