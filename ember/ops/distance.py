"""Distances: cdist (``CdistBackward0``) and the pieces of ``pairwise_distance`` that torch records from
C++ (``x1 - x2 + eps`` as ``AddBackward1``, a Tensor plus a Scalar, and ``at::norm`` as ``NormBackward1``)."""
from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from ._op import Op
from ._record import apply
from .arithmetic import AddBackward1
from .statistics import LinalgVectorNormBackward0

__all__ = ["cdist", "pairwise_distance"]


class CdistBackward0(Op):
    __slots__ = ("p",)
    _saved_names = ("x1", "x2", "result")
    _param_names = ("p",)

    @staticmethod
    def forward(ctx, x1, x2, p):
        ctx.p = p
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            diff = np.abs(x1[..., :, None, :] - x2[..., None, :, :])
            if p == 0:
                r = np.sum(diff != 0, axis=-1)
            elif p == np.inf:
                r = np.max(diff, axis=-1, initial=0)
            elif p == 1:
                r = np.sum(diff, axis=-1)
            elif p == 2:
                r = np.sqrt(np.sum(diff * diff, axis=-1))
            else:
                r = np.sum(diff ** p, axis=-1) ** (1.0 / p)
        r = np.ascontiguousarray(r, dtype=x1.dtype)
        ctx.save(x1, x2, r)
        return r

    def backward(ctx, g, xp):
        # torch's _cdist_backward: each pair's gradient direction, summed over the other set
        x1, x2, r = xp.saved(ctx)
        p = ctx.p
        if p == 0:
            return xp.zeros_like(x1), xp.zeros_like(x2)
        diff = xp.unsqueeze(x1, -2) - xp.unsqueeze(x2, -3)
        rr = xp.unsqueeze(r, -1)
        if p == 1:
            d = xp.sign(diff)
        elif p == np.inf:
            ad = np.abs(diff._data if xp.tensor_mode else diff)
            rv = r._data if xp.tensor_mode else r
            d = xp.sign(diff) * xp.constant((ad == rv[..., None]).astype(ad.dtype))
        elif p == 2:
            d = xp.where(rr == 0, 0.0, diff / rr)
        elif p < 2:
            d = xp.where(rr == 0, 0.0, xp.sign(diff) * xp.abs(diff) ** (p - 1) / rr ** (p - 1))
        else:
            d = xp.where(rr == 0, 0.0, diff * xp.abs(diff) ** (p - 2) / rr ** (p - 1))
        gd = xp.unsqueeze(g, -1) * d
        return xp.sum(gd, axis=-2), -xp.sum(gd, axis=-3)


class NormBackward1(LinalgVectorNormBackward0):
    """``at::norm(input, p, dim, keepdim)`` (torch's norm.ScalarOpt_dim): the vector norm's formula."""
    __slots__ = ()
    _param_names = ("p", "dim", "keepdim")     # torch's names for this node's saved arguments

    @property
    def p(self) -> float:
        return float(self.ord)

    @property
    def dim(self) -> tuple:
        return tuple(self.dims)


def cdist(x1: Tensor, x2: Tensor, p: float = 2.0, compute_mode=None) -> Tensor:
    """The ``p``-norm distance between each pair of rows of ``x1`` (``*, P, M``) and ``x2`` (``*, R, M``).

    Computed directly (torch's result for ``P, R <= 25``; its matrix-multiply shortcut for larger inputs is
    not taken). The gradient at a zero distance is 0 for ``p >= 1`` as torch's; like torch's it has no second
    derivative in torch (ember's is the composite's).

    Args:
        x1 (Tensor): ``(B, P, M)`` input.
        x2 (Tensor): ``(B, R, M)`` input.
        p (float): the norm degree, ``>= 0``. Default: 2.
        compute_mode (str, optional): accepted for torch's signature.
    """
    if x1.ndim < 2:
        raise RuntimeError(f"cdist only supports at least 2D tensors, X1 got: {x1.ndim}D")
    if x2.ndim < 2:
        raise RuntimeError(f"cdist only supports at least 2D tensors, X2 got: {x2.ndim}D")
    for nm, t in (("X1", x1), ("X2", x2)):
        if not t.dtype.is_floating_point:
            raise RuntimeError(f"cdist only supports floating-point dtypes, {nm} got: {t.dtype._legacy[:-6]}")
    if x1.shape[-1] != x2.shape[-1]:
        raise RuntimeError(f"X1 and X2 must have the same number of columns. X1: {x1.shape[-1]} X2: {x2.shape[-1]}")
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")
    if x1.dtype != x2.dtype:    # torch's kernel, after its argument checks
        raise RuntimeError(f"expected scalar type {x1.dtype._legacy[:-6]} but found {x2.dtype._legacy[:-6]}")
    return apply(CdistBackward0, (x1, x2), (x1._data, x2._data), float(p))


def pairwise_distance(x1: Tensor, x2: Tensor, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False) -> Tensor:
    """``at::norm(x1 - x2 + eps, p, innermost_dim, keepdim)``, recorded as torch records it."""
    diff = x1 - x2
    shifted = apply(AddBackward1, (diff,), (diff._data,), eps)
    nd = shifted.ndim
    dims = ((max(x1.ndim, x2.ndim) - 1) % nd,) if nd else ()
    d = shifted._data
    single = all(d.shape[k] == 1 for k in dims)
    return apply(NormBackward1, (shifted,), (d,), float(p), dims, keepdim, single)
