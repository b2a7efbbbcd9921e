"""``torch.pdist`` (loaded on first use): the p-norm distance between every pair of rows of a matrix.

The result holds ``||x[i] - x[j]||_p`` for ``i < j`` in row-major order (``n (n - 1) / 2`` values). Its
gradient follows torch's CPU kernel case by case (``Distance.cpp``): p = 0 has none, p = 1 is ``sign(diff)``,
p < 2 skips zero differences (for p < 1) and zero distances, p = 2 is ``diff / dist``, p = inf gives every
coordinate that attains the maximum ``sign(diff)``, other p ``diff |diff|^(p-2) / dist^(p-1)``. Under
``create_graph`` the gradient is torch's ``PdistBackwardBackward0``, which torch cannot differentiate again.
"""
from __future__ import annotations

import math

import numpy as np

from .._tensor import Tensor
from ._op import Op
from ._record import apply

__all__ = ["pdist"]


def _pairs(n: int) -> tuple:
    return np.triu_indices(n, 1)


def _distances(x: np.ndarray, p: float) -> np.ndarray:
    i, j = _pairs(x.shape[0])
    diff = np.abs(x[i] - x[j])
    if p == 0:
        return (diff != 0).sum(axis=1).astype(x.dtype)
    if p == 1:
        return diff.sum(axis=1)
    if p == 2:
        return np.sqrt((diff * diff).sum(axis=1))
    if math.isinf(p):
        return diff.max(axis=1, initial=0).astype(x.dtype, copy=False)
    return np.power(np.power(diff, p).sum(axis=1), 1.0 / p).astype(x.dtype, copy=False)


def _gradient(g: np.ndarray, x: np.ndarray, p: float, dist: np.ndarray) -> np.ndarray:
    """torch's ``_pdist_backward``: the gradient of ``sum(g * pdist(x, p))`` with respect to ``x``."""
    out = np.zeros_like(x)
    n = x.shape[0]
    if p == 0 or n < 2 or x.shape[1] == 0:
        return out
    i, j = _pairs(n)
    diff = x[i] - x[j]
    gk, dk = g[:, None], dist[:, None]
    with np.errstate(all="ignore"):
        if p == 1:
            c = np.sign(diff) * gk
        elif p < 2:
            c = np.sign(diff) * np.power(np.abs(diff), p - 1) * gk / np.power(dk, p - 1)
            c = np.where((dk == 0) | ((diff == 0) & (p < 1)), 0, c)
        elif p == 2:
            c = np.where(dk == 0, 0, gk * diff / dk)
        elif math.isinf(p):
            c = gk * np.sign(diff) * (np.abs(diff) == dk)
        else:
            c = np.where(dk == 0, 0, diff * np.power(np.abs(diff), p - 2) * gk / np.power(dk, p - 1))
    c = c.astype(x.dtype, copy=False)
    np.add.at(out, i, c)
    np.add.at(out, j, -c)
    return out


class PdistBackwardBackward0(Op):
    """The gradient of pdist as a node (``create_graph``); torch has no derivative for it."""
    __slots__ = ("p", "result")

    @staticmethod
    def forward(ctx, g, x, p, result):
        ctx.p, ctx.result = p, result
        return _gradient(g, x, p, result)

    def backward(ctx, gg, xp):
        raise NotImplementedError("the derivative for '_pdist_backward' is not implemented.")


class PdistBackward0(Op):
    __slots__ = ("p",)
    _saved_names = ("self", "result")
    _param_names = ("p",)

    @staticmethod
    def forward(ctx, x, p):
        r = _distances(x, p)
        ctx.save(x, r)
        ctx.p = p
        return r

    def backward(ctx, g, xp):
        x, r = xp.saved(ctx)
        if xp.tensor_mode:
            g, x = xp.constant(g), xp.constant(x)
            return (apply(PdistBackwardBackward0, (g, x), (g._data, x._data), ctx.p, r._data),)
        return (_gradient(g, x, ctx.p, r),)


def pdist(input: Tensor, p: float = 2) -> Tensor:  # noqa: A002
    """The p-norm distance between each pair of the rows of ``input`` (``n x m``): a 1-D tensor of the
    ``n (n - 1) / 2`` distances ``||input[i] - input[j]||_p``, ``i < j``, in row-major order.

    Args:
        input (Tensor): a floating matrix.
        p (float, optional): the norm's order, ``0 <= p <= inf``. Default: 2.
    """
    if not isinstance(input, Tensor):
        raise TypeError(f"pdist(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    d = input._data
    if d.ndim != 2:
        raise RuntimeError(f"pdist only supports 2D tensors, got: {d.ndim}D")
    if d.dtype.kind != "f":
        raise RuntimeError("pdist only supports floating-point dtypes")
    if p < 0:
        raise RuntimeError("pdist only supports non-negative p values")
    return apply(PdistBackward0, (input,), (d,), float(p))
