"""Normalisation ops as torch's fused nodes: layer_norm, batch_norm, group_norm.

Each backward recomputes the statistics from the saved input with ``xp``, so under ``create_graph`` the
mean and variance are themselves differentiated (torch's ``*_double_backward`` formulas); the three
share ``_normalized_grad``: the gradient through ``(x - mean) * rstd`` given the gradient at its output.
"""
from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from .._tensor import Tensor
from ._op import Op
from ._record import apply
from ._scratch import scratch


def _stats(x: np.ndarray, axes: tuple, eps: float, keep: list | None = None):
    """``(x - mean, var, rstd)``; with ``keep``, also append the mean and rstd as :func:`_normalized_grad`
    computes them (``sum / n`` is ``np.mean``'s own computation, so the same bits; its rstd is
    ``(var + eps) ** -0.5``, which can differ from ``1 / sqrt`` in the last bit, so made separately)."""
    mean = np.mean(x, axis=axes, keepdims=True)
    xc = x - mean
    var = np.mean(xc * xc, axis=axes, keepdims=True)
    if keep is not None:
        keep += [mean, (var + eps) ** -0.5]
    return xc, var, 1.0 / np.sqrt(var + eps)


def _normalized_grad(xp, gxhat, x, axes: tuple, n: int, eps: float, stats=None):
    """d/dx of ``(x - mean(x)) / sqrt(var(x) + eps)`` applied to ``gxhat`` (means over ``axes``, ``n`` each);
    ``stats``: the mean and rstd of ``x`` when known (arrays only; see :func:`_stats`)."""
    if stats and not xp.tensor_mode:
        xc, rstd = x - stats[0], stats[1]
    else:
        xc = x - xp.sum(x, axes, True) / n
        rstd = (xp.sum(xc * xc, axes, True) / n + eps) ** -0.5
    if xp.tensor_mode or gxhat.dtype != x.dtype:
        xhat = xc * rstd
        return rstd * (gxhat - xp.sum(gxhat, axes, True) / n - xhat * (xp.sum(gxhat * xhat, axes, True) / n)), xhat
    # the same operations on arrays, in place (one dtype throughout, so the same roundings)
    xhat = xc
    xhat *= rstd
    gx = gxhat - np.sum(gxhat, axes, keepdims=True) / n
    t = np.multiply(gxhat, xhat, out=scratch(x.shape, x.dtype))      # one reused temporary for both products
    gx -= np.multiply(xhat, np.sum(t, axes, keepdims=True) / n, out=t)
    gx *= rstd
    return gx, xhat


def _affine(y: np.ndarray, w, b, dtype) -> np.ndarray:
    """``y * w + b`` in ``dtype``, in ``y``'s memory when every dtype is ``dtype`` (the same roundings)."""
    if y.dtype == dtype and all(t is None or t.dtype == dtype for t in (w, b)):
        if w is not None:
            y *= w
        if b is not None:
            y += b
        return y
    if w is not None:
        y = y * w
    if b is not None:
        y = y + b
    return np.asarray(y, dtype=dtype)


class NativeLayerNormBackward0(Op):
    __slots__ = ("normalized_shape", "eps", "stats")
    _saved_names = ("input", "weight")
    _param_names = ("normalized_shape",)

    @staticmethod
    def forward(ctx, x, w, b, normalized_shape, eps):
        ctx.normalized_shape, ctx.eps = normalized_shape, eps
        ctx.save(x, w)
        axes = tuple(range(x.ndim - len(normalized_shape), x.ndim))
        keep = [] if ctx.needs_input_grad[0] or ctx.needs_input_grad[1] else None     # for the backward (per row)
        xc, _, rstd = _stats(x, axes, eps, keep)
        ctx.stats = keep
        xc *= rstd
        return _affine(xc, w, b, x.dtype)

    def backward(ctx, g, xp):
        x, w = xp.saved(ctx)
        k = len(ctx.normalized_shape)
        axes = tuple(range(x.ndim - k, x.ndim))
        n = math.prod(ctx.normalized_shape)
        gx, xhat = _normalized_grad(xp, g if w is None else g * w, x, axes, n, ctx.eps, ctx.stats)
        ctx.stats = None
        return gx, (None if w is None else g * xhat), g


class NativeGroupNormBackward0(Op):
    __slots__ = ("group", "eps")
    _saved_names = ("input", "weight")
    _param_names = ("group", "eps")

    @staticmethod
    def forward(ctx, x, w, b, group, eps):
        ctx.group, ctx.eps = group, eps
        ctx.save(x, w)
        if x.size == 0:
            return np.zeros(x.shape, dtype=x.dtype)
        xg = x.reshape(x.shape[0], group, math.prod(x.shape[1:]) // group)     # (not -1: a batch may be empty)
        xc, _, rstd = _stats(xg, (2,), eps)
        y = (xc * rstd).reshape(x.shape)
        cshape = (x.shape[1],) + (1,) * (x.ndim - 2)
        if w is not None:
            y = y * w.reshape(cshape)
        if b is not None:
            y = y + b.reshape(cshape)
        return np.asarray(y, dtype=x.dtype)

    def backward(ctx, g, xp):
        x, w = xp.saved(ctx)
        shape, c = tuple(x.shape), x.shape[1]
        cshape = (c,) + (1,) * (x.ndim - 2)
        gxhat = g if w is None else g * xp.reshape(w, cshape)
        if math.prod(shape) == 0:
            # torch: a weight's gradient is NaN when the samples have no elements (0 * the NaN statistics)
            gw = None if w is None else xp.zeros_like(w) + (np.nan if shape[0] and c else 0.0)
            return xp.zeros_like(x), gw, xp.reshape(xp.sum_to(g, cshape), (c,))
        gs = (shape[0], ctx.group, math.prod(shape[1:]) // ctx.group)
        n = math.prod(shape[1:]) // ctx.group if shape[0] else 1
        gx, xhat = _normalized_grad(xp, xp.reshape(gxhat, gs), xp.reshape(x, gs), (2,), max(n, 1), ctx.eps)
        gx, xhat = xp.reshape(gx, shape), xp.reshape(xhat, shape)
        gw = None if w is None else xp.reshape(xp.sum_to(g * xhat, cshape), (c,))
        return gx, gw, xp.reshape(xp.sum_to(g, cshape), (c,))


class NativeBatchNormBackward0(Op):
    """Training: normalise by the batch statistics (biased variance); eval: by the running ones (saved
    as constants: the gradient is then linear in the input)."""
    __slots__ = ("training", "eps", "rstd", "mean")
    _saved_names = ("input", "weight")
    _param_names = ("training", "eps")

    @staticmethod
    def forward(ctx, x, w, b, rmean, rvar, training, eps):
        ctx.training, ctx.eps = training, eps
        ctx.save(x, w)
        axes = (0,) + tuple(range(2, x.ndim))
        cshape = (x.shape[1],) + (1,) * (x.ndim - 2)
        if training:
            xc, _, rstd = _stats(x, axes, eps)
        else:
            rstd = (1.0 / np.sqrt(rvar + eps)).reshape(cshape)
            ctx.mean = rmean.reshape(cshape)
            xc = x - ctx.mean
            ctx.rstd = rstd
        y = xc * rstd
        if w is not None:
            y = y * w.reshape(cshape)
        if b is not None:
            y = y + b.reshape(cshape)
        return np.asarray(y, dtype=x.dtype)

    def backward(ctx, g, xp):
        x, w = xp.saved(ctx)
        c = x.shape[1]
        cshape = (c,) + (1,) * (x.ndim - 2)
        gxhat = g if w is None else g * xp.reshape(w, cshape)
        if ctx.training:
            axes = (0,) + tuple(range(2, x.ndim))
            n = math.prod(x.shape) // c if c else 1
            gx, xhat = _normalized_grad(xp, gxhat, x, axes, max(n, 1), ctx.eps)
        else:
            rstd = xp.constant(ctx.rstd)
            gx = gxhat * rstd
            xhat = None if w is None else (x - xp.constant(ctx.mean)) * rstd
        gw = None if w is None else xp.reshape(xp.sum_to(g * xhat, cshape), (c,))
        return gx, gw, xp.reshape(xp.sum_to(g, cshape), (c,))


def _arr(t: Tensor | None):
    return None if t is None else t._data


def _check_dtypes(input: Tensor, *params: Tensor | None) -> None:  # noqa: A002
    """torch's CPU dtype rules for the norms' parameters (``mixed_type.h``, then the kernel's own): when the
    first given parameter's dtype differs from the input's, all must be float32 and the input a reduced float;
    else each must have the input's dtype."""
    given = [p for p in params if p is not None]
    if not given:
        return
    if given[0].dtype != input.dtype:
        if any(p.dtype.name != "float32" for p in given):
            raise RuntimeError("mixed dtype (CPU): expect parameter to have scalar type of Float")
        if input.dtype.name not in ("float16", "bfloat16"):
            raise RuntimeError("mixed dtype (CPU): all inputs must share same datatype.")
        return
    for p in given[1:]:
        if p.dtype != input.dtype:
            raise RuntimeError(f"expected scalar type {input.dtype._legacy[:-6]} but found {p.dtype._legacy[:-6]}")


def layer_norm(input: Tensor, normalized_shape: Sequence[int], weight: Tensor | None = None,  # noqa: A002
               bias: Tensor | None = None, eps: float = 1e-5) -> Tensor:
    """Normalise over the last ``len(normalized_shape)`` dims, then scale by ``weight`` and shift by ``bias``.

    One ``NativeLayerNormBackward0`` node, as torch's."""
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    k = len(shape)
    if k == 0 or tuple(input.shape[input.ndim - k:]) != shape or input.ndim < k:
        raise RuntimeError(
            f"Given normalized_shape={list(shape)}, expected input with shape [*, {', '.join(map(str, shape))}], "
            f"but got input of size{list(input.shape)}")
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and tuple(t.shape) != shape:
            raise RuntimeError(f"Expected {name} to be of same shape as normalized_shape, but got {name} of shape "
                               f"{list(t.shape)} and normalized_shape = {list(shape)}")
    _check_dtypes(input, weight, bias)
    return apply(NativeLayerNormBackward0, (input, weight, bias), (input._data, _arr(weight), _arr(bias)), shape, eps)


def group_norm(input: Tensor, num_groups: int, weight: Tensor | None = None,  # noqa: A002
               bias: Tensor | None = None, eps: float = 1e-5) -> Tensor:
    """Normalise each of ``num_groups`` groups of channels over the group and the spatial dims."""
    if input.ndim < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received {input.ndim}")
    c = input.shape[1]
    if num_groups <= 0:
        raise RuntimeError(f"Expected num groups to be greater than 0, got {num_groups}")
    if c % num_groups:
        raise RuntimeError(f"Expected number of channels in input to be divisible by num_groups, but got input "
                           f"of shape {list(input.shape)} and num_groups={num_groups}")
    _check_dtypes(input, weight, bias)
    return apply(NativeGroupNormBackward0, (input, weight, bias), (input._data, _arr(weight), _arr(bias)),
                 num_groups, eps)


def batch_norm(input: Tensor, running_mean: Tensor | None, running_var: Tensor | None,  # noqa: A002
               weight: Tensor | None = None, bias: Tensor | None = None, training: bool = False,
               momentum: float = 0.1, eps: float = 1e-5) -> Tensor:
    """Normalise each channel (dim 1) by the batch's statistics (``training``) or the running ones.

    In training the running statistics, when given, are updated in place:
    ``running = (1 - momentum) * running + momentum * batch`` with the batch's unbiased variance."""
    if training:
        size = math.prod(input.shape) // input.shape[1] if input.ndim > 1 and input.shape[1] else 0
        if size == 1:
            raise ValueError(f"Expected more than 1 value per channel when training, got input size {input.shape}")
        if (running_mean is None) != (running_var is None):
            raise ValueError("running_mean and running_var must either both be None or neither be None")
    features = input.shape[1] if input.ndim > 1 else None
    for name, t in (("running_mean", running_mean), ("running_var", running_var), ("weight", weight),
                    ("bias", bias)):       # torch's order: each statistic given or needed, then the affine ones
        if t is None:
            if not training and name.startswith("running"):
                raise RuntimeError(f"{name} must be defined in evaluation mode")
        elif features is not None and t.numel() != features:
            raise RuntimeError(f"{name} should contain {features} elements not {t.numel()}")
    _check_dtypes(input, weight, bias, running_mean, running_var)
    out = apply(NativeBatchNormBackward0, (input, weight, bias),
                (input._data, _arr(weight), _arr(bias), _arr(running_mean), _arr(running_var)), training, eps)
    if training and (running_mean is not None or running_var is not None):
        x = input._data
        axes = (0,) + tuple(range(2, x.ndim))
        n = x.size // x.shape[1]
        mean = np.mean(x, axis=axes)
        for t, v in ((running_mean, mean), (running_var, np.var(x, axis=axes) * (n / max(n - 1, 1)))):
            if t is not None:
                # written as torch's kernel writes them: in place, the version counter untouched
                t._data[...] = (1 - momentum) * t._data + momentum * v
    return out
