"""The fused pointwise updates torch's optimizers use, composed from ember's in-place Tensor methods.

Each follows the order of floating-point operations of torch's CPU kernel (``addcdiv_`` as
``self + (value * t1) / t2``, ``addcmul_`` as ``self + (value * t1) * t2``, ``lerp_`` with torch's
two branches). torch's vectorised kernels fuse a multiply-add (FMA) in ``add_(alpha=)``,
``addcmul_`` and ``lerp_``; these compositions round the product first, so they agree with torch
to the last bit or one unit in the last place. All are called under ``no_grad``.
"""
from __future__ import annotations

from .. import Tensor, tensor

__all__ = ["addcmul_", "addcdiv_", "lerp_", "add_scaled_", "as_dtype_scalar"]


def add_scaled_(self: Tensor, other: Tensor, alpha: float) -> Tensor:
    """``self.add_(other, alpha=alpha)``: the same rounding (``alpha * other`` in the dtype, then the sum),
    written as a product and an in-place add, which ember runs in fewer passes over memory."""
    return self.add_(other if alpha == 1 else other * alpha)


def addcmul_(self: Tensor, t1: Tensor, t2: Tensor, value: float = 1.0) -> Tensor:
    """``self += value * t1 * t2`` in place."""
    tmp = t1 * t2 if value == 1 else (t1 * value).mul_(t2)
    return self.add_(tmp)


def addcdiv_(self: Tensor, t1: Tensor, t2: Tensor, value: float = 1.0) -> Tensor:
    """``self += value * t1 / t2`` in place."""
    tmp = t1 / t2 if value == 1 else (t1 * value).div_(t2)
    return self.add_(tmp)


def as_dtype_scalar(value: float, like: Tensor) -> float:
    """``value`` rounded to ``like``'s dtype, as torch casts a scalar to a kernel's compute type."""
    return tensor(value, dtype=like.dtype).item()


def lerp_(self: Tensor, end: Tensor, weight: float) -> Tensor:
    """``self = self + weight * (end - self)`` in place, with torch's branch for ``weight >= 0.5``."""
    w = as_dtype_scalar(weight, self)
    diff = end - self
    if abs(w) < 0.5:
        return self.add_(diff.mul_(w))
    return self.copy_(end - diff.mul_(1.0 - w))
