"""The fused pointwise updates torch's optimizers use, composed from ember's Tensor operations.

Each follows the order of floating-point operations of torch's CPU kernel (``addcdiv_`` as
``self + (value * t1) / t2``, ``addcmul_`` as ``self + (value * t1) * t2``, ``lerp_`` with torch's
two branches). torch's vectorised kernels fuse a multiply-add (FMA) in ``add_(alpha=)``,
``addcmul_`` and ``lerp_``. ember's ``add_(alpha=)`` fuses it too (NumPy's BLAS axpy, ops/arithmetic.py);
the other compositions round the product first, so they agree with torch to the last bit or one unit
in the last place. All are called under ``no_grad``.

Cost: an intermediate term of a small tensor is made out of place (an in-place op also checks memory
overlap and notes its caller for the version counter: on a temporary it costs about twice an
out-of-place op); from ``REUSE_FROM`` elements on, the first temporary is updated in place instead
(a second temporary that size costs more in cache misses than those checks). Either way each term is
one pass over memory and the numbers are the same.
"""
from __future__ import annotations

from .. import Tensor, tensor

__all__ = ["addcmul_", "addcdiv_", "lerp_", "add_scaled_", "as_dtype_scalar", "REUSE_FROM"]

# measured (c.add_((a - b) * w) against an in-place mul_ on a - b): out of place faster at 8k float32
# elements, in place faster at 32k and 1.25x at the MLP's 401k
REUSE_FROM = 16384


def add_scaled_(self: Tensor, other: Tensor, alpha: float) -> Tensor:
    """``self.add_(other, alpha=alpha)``: rounded once, as torch's kernel (see ``add_``)."""
    return self.add_(other) if alpha == 1 else self.add_(other, alpha=alpha)


def addcmul_(self: Tensor, t1: Tensor, t2: Tensor, value: float = 1.0) -> Tensor:
    """``self += value * t1 * t2`` in place."""
    if value == 1:
        return self.add_(t1 * t2)
    tmp = t1 * value
    return self.add_(tmp.mul_(t2) if tmp.numel() >= REUSE_FROM else tmp * t2)


def addcdiv_(self: Tensor, t1: Tensor, t2: Tensor, value: float = 1.0) -> Tensor:
    """``self += value * t1 / t2`` in place."""
    if value == 1:
        return self.add_(t1 / t2)
    tmp = t1 * value
    return self.add_(tmp.div_(t2) if tmp.numel() >= REUSE_FROM else tmp / t2)


_ROUNDED: dict = {}     # (value, dtype) -> value rounded to dtype: the weights are per-group constants


def as_dtype_scalar(value: float, like: Tensor) -> float:
    """``value`` rounded to ``like``'s dtype, as torch casts a scalar to a kernel's compute type."""
    key = (value, like.dtype)
    out = _ROUNDED.get(key)
    if out is None:
        if len(_ROUNDED) > 256:     # a weight that changes every step (a schedule): keep the cache small
            _ROUNDED.clear()
        out = _ROUNDED[key] = tensor(value, dtype=like.dtype).item()
    return out


def lerp_(self: Tensor, end: Tensor, weight: float) -> Tensor:
    """``self = self + weight * (end - self)`` in place, with torch's branch for ``weight >= 0.5``."""
    w = as_dtype_scalar(weight, self)
    if abs(w) < 0.5:        # torch's kernel: fma(w, end - self, self), as add_(alpha=) rounds it (once)
        return self.add_(end - self, alpha=w)
    return self.lerp_(end, w)   # fma(w - 1, end - self, end): ember's lerp_ (one in-place op, as torch's)
