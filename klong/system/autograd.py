"""Autograd system functions: .jacobian (every backend) and .gradcheck (torch)."""
from __future__ import annotations

from .. import autograd
from ..errors import KlongError
from .spec import system_function


@system_function(".jacobian", 2)
def jacobian(k, f, x):
    """.jacobian(f;x): the m x n Jacobian of f at x, as x∂f."""
    return autograd.jacobian(k.runtime, f, x)


@system_function(".gradcheck", 2)
def gradcheck(k, f, x):
    """.gradcheck(f;x): check the torch gradient of f at x against finite differences
    (torch.autograd.gradcheck in float64 on the CPU; a vector result is summed). 1, or an
    error that shows the mismatch."""
    from .compilation import require_torch, tensor_function
    B = require_torch(k, ".gradcheck")
    if B.device.type != "cpu":
        raise KlongError("type", f".gradcheck requires the cpu device, got {str(B.device)!r}: "
                                 f"run with --backend torch --device cpu")
    import torch
    run = tensor_function(k, f, ".gradcheck")
    x0 = torch.as_tensor(autograd.as_real_array(B, x, ".gradcheck"), dtype=torch.float64)
    x0.requires_grad_(True)

    def loss(t):
        r = run(t).to(torch.float64)
        return r.sum() if r.numel() != 1 else r.reshape(())
    try:
        torch.autograd.gradcheck(loss, (x0,), eps=1e-6, atol=1e-5, rtol=1e-3)
    except KlongError:
        raise
    except Exception as e:
        text = str(e).strip()
        raise KlongError("domain", f".gradcheck: {type(e).__name__}: {text}") from e
    return 1
