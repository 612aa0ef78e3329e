"""The types that are tensors for klong: torch.Tensor and the subclasses torch uses while it
traces a function (.export). Shared by the torch backend and exact differentiation, so that
neither needs the other for them."""
from __future__ import annotations

import torch

from ..values import register_tensor_type

T = torch.Tensor
# Exact types that are tensors here: torch.Tensor, and the subclasses added by
# register_tensor_subclass. `type(x) in TT` is much cheaper than isinstance(x, torch.Tensor)
# on a value that is not a tensor.
TT = {T}


def register_tensor_subclass(t: type) -> None:
    """Treat instances of tensor subclass t as tensors (tracing)."""
    if issubclass(t, T) and t not in TT:
        TT.add(t)
        register_tensor_type(t)


register_tensor_type(T)
