"""nn.functional's layers from issue 14 part 2: normalisation, embedding, dropout, attention.

The fused ones (layer/batch/group norm, embedding, attention) are one node each in ``ops/``; the dropout
family and ``rms_norm``/``instance_norm``/``local_response_norm`` compose public ops as torch does, so their
masks come from the same random stream (``bernoulli_`` on a tensor of the noise's shape) and their
``grad_fn`` is torch's.
"""
from __future__ import annotations

import math
import warnings
from typing import Sequence

from .. import cat, empty, empty_like, zeros
from .._api_extras import _warn_once
from .._tensor import Tensor
from ..ops.attention import scaled_dot_product_attention  # noqa: F401
from ..ops.embedding import embedding  # noqa: F401
from ..ops.normalization import batch_norm, group_norm, layer_norm  # noqa: F401

__all__ = ["layer_norm", "batch_norm", "group_norm", "rms_norm", "instance_norm", "local_response_norm",
           "embedding", "dropout", "dropout1d", "dropout2d", "dropout3d", "alpha_dropout",
           "feature_alpha_dropout", "scaled_dot_product_attention"]

_EPS = {"torch.float64": 2.220446049250313e-16, "torch.float32": 1.1920928955078125e-07,
        "torch.float16": 0.0009765625, "torch.bfloat16": 0.0078125}    # finfo(dtype).eps
_ALPHA = 1.7580993408473766     # selu's scale * alpha: AlphaDropout keeps selu's mean and variance


def _check_p(p: float) -> None:
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def _dropout_impl(input: Tensor, p: float, training: bool, inplace: bool, noise_shape: tuple | None,  # noqa: A002
                  alpha: bool) -> Tensor:
    _check_p(p)
    if not (0 <= p <= 1):     # (NaN: past Python's check, refused by torch's kernel, in eval mode too)
        raise RuntimeError(f"dropout probability has to be between 0 and 1, but got {p}")
    if p == 0 or not training or input.numel() == 0:
        return input
    if p == 1:
        z = zeros((), dtype=input.dtype)     # torch multiplies by a 0-d zero, alpha dropout too
        return input.mul_(z) if inplace else input * z
    if noise_shape is not None and input.ndim < 2:
        raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
    noise = empty(noise_shape, dtype=input.dtype) if noise_shape is not None else empty_like(input)
    noise.bernoulli_(1 - p)
    if alpha:
        a = 1.0 / math.sqrt((_ALPHA * _ALPHA * p + 1) * (1 - p))
        b = noise.add(-1).mul_(_ALPHA * a).add_(_ALPHA * a * p)
        noise.mul_(a)
        return (input.mul_(noise) if inplace else input * noise).add_(b)
    noise.div_(1 - p)
    return input.mul_(noise) if inplace else input * noise


def dropout(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:  # noqa: A002
    r"""Zero each element with probability ``p`` and scale the rest by ``1/(1-p)`` (training only).

    The mask is ``empty_like(input).bernoulli_(1 - p)``, drawn as torch draws it, so a seed gives torch's mask;
    the result is ``input * mask`` (``MulBackward0``)."""
    return _dropout_impl(input, p, training, inplace, None, False)


def alpha_dropout(input: Tensor, p: float = 0.5, training: bool = False, inplace: bool = False) -> Tensor:  # noqa: A002
    r"""Dropout that keeps a SELU network's mean and variance: dropped elements become ``-alpha * scale``,
    then an affine map restores the statistics."""
    return _dropout_impl(input, p, training, inplace, None, True)


def _feature_shape(input: Tensor, batched_ndim: int, name: str) -> tuple:  # noqa: A002
    """Check the rank for ``name`` (torch's message)."""
    nd = input.ndim
    if nd not in (batched_ndim - 1, batched_ndim):
        raise RuntimeError(f"{name}: Expected {batched_ndim - 1}D or {batched_ndim}D input, but received a "
                           f"{nd}D input. Note that {name} exists to provide channel-wise dropout on inputs with "
                           f"{batched_ndim - 2} spatial dimension{'s' if batched_ndim > 3 else ''}, a channel "
                           f"dimension, and an optional batch dimension (i.e. {batched_ndim - 1}D or "
                           f"{batched_ndim}D inputs).")
    return tuple(input.shape)


def _feature(input: Tensor, p: float, training: bool, inplace: bool, alpha: bool) -> Tensor:  # noqa: A002
    # (torch's feature noise needs 2 dims, checked only when there is noise to draw: p = 0 or 1, eval mode and
    # an empty input return first)
    shape = tuple(input.shape[:2]) + (1,) * (input.ndim - 2)
    return _dropout_impl(input, p, training, inplace, shape, alpha)


def dropout1d(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:  # noqa: A002
    """Zero whole channels of a ``(N, C, L)`` or ``(C, L)`` input with probability ``p``."""
    _check_p(p)
    _feature_shape(input, 3, "dropout1d")
    if input.ndim == 2:       # unbatched: torch adds the batch dim and squeezes it off after
        return _feature(input.unsqueeze(0), p, training, inplace, False).squeeze(0)
    return _feature(input, p, training, inplace, False)


def _rank_warning(name: str, nd: int, spatial: int) -> None:
    warnings.warn(f"{name}: Received a {nd}-D input to {name}, which is deprecated and will result in an error in a "
                  f"future release. To retain the behavior and silence this warning, please use dropout instead. "
                  f"Note that {name} exists to provide channel-wise dropout on inputs with {spatial} spatial "
                  f"dimensions, a channel dimension, and an optional batch dimension (i.e. {spatial + 1}D or "
                  f"{spatial + 2}D inputs).", stacklevel=3)


def dropout2d(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:  # noqa: A002
    """Zero whole channels of a ``(N, C, H, W)`` input with probability ``p`` (a 3-D input is taken as
    ``(N, C, L)``, with torch's warning)."""
    _check_p(p)
    nd = input.ndim
    if nd not in (3, 4):
        _rank_warning("dropout2d", nd, 2)
    if nd == 3:
        warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior "
                      "is desired - input is interpreted as shape (N, C, L), where C is the channel dim. This "
                      "behavior will change in a future release to interpret the input as one without a batch "
                      "dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please "
                      "switch to using dropout1d instead.", stacklevel=2)
    return _feature(input, p, training, inplace, False)


def dropout3d(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:  # noqa: A002
    """Zero whole channels of a ``(N, C, D, H, W)`` or ``(C, D, H, W)`` input with probability ``p``."""
    _check_p(p)
    nd = input.ndim
    if nd not in (4, 5):
        _rank_warning("dropout3d", nd, 3)
    if nd != 5:       # unbatched: torch adds the batch dim and squeezes it off after
        x = input.unsqueeze_(0) if inplace else input.unsqueeze(0)
        out = _feature(x, p, training, inplace, False)
        return out.squeeze_(0) if inplace else out.squeeze(0)
    return _feature(input, p, training, inplace, False)


def feature_alpha_dropout(input: Tensor, p: float = 0.5, training: bool = False,  # noqa: A002
                          inplace: bool = False) -> Tensor:
    """Alpha dropout of whole channels."""
    _check_p(p)
    return _feature(input, p, training, inplace, True)


def rms_norm(input: Tensor, normalized_shape: Sequence[int], weight: Tensor | None = None,  # noqa: A002
             eps: float | None = None) -> Tensor:
    """``input / sqrt(mean(input**2) + eps) * weight`` over the last dims; ``eps=None`` is the dtype's
    machine epsilon. Composed of ops, as torch 2.13's CPU decomposition."""
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    if not shape:
        raise RuntimeError("Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one "
                           "element, but got normalized_shape = []")
    if input.dim() < len(shape):
        raise ValueError(f"Input tensor must have at least {len(shape)} dimensions, but got {input.dim()}")
    if tuple(input.shape[-len(shape):]) != shape:
        raise RuntimeError(f"Given normalized_shape={list(shape)}, expected input with shape "
                           f"[*{', '.join(map(str, shape))}], but got input of size{list(input.shape)}")
    dims = tuple(range(-len(shape), 0))
    e = _EPS[str(input.dtype)] if eps is None else eps
    out = input * (input.pow(2).mean(dims, keepdim=True) + e).rsqrt()
    if weight is None:
        return out
    if weight.dtype != input.dtype:     # torch's composite: the product in the promoted dtype, back to the input's
        _warn_once("rms_norm dtype", f"Mismatch dtype between input and weight: input dtype = {input.dtype._cname}, "
                   f"weight dtype = {weight.dtype._cname}, Cannot dispatch to fused implementation.")
        return (out * weight).to(input.dtype)
    return out * weight


def instance_norm(input: Tensor, running_mean: Tensor | None = None, running_var: Tensor | None = None,  # noqa: A002
                  weight: Tensor | None = None, bias: Tensor | None = None, use_input_stats: bool = True,
                  momentum: float = 0.1, eps: float = 1e-5) -> Tensor:
    """Normalise each channel of each sample over its spatial dims: batch norm of a ``(1, N*C, *)`` view."""
    n, c = input.shape[0], input.shape[1]
    x = input.reshape((1, n * c) + tuple(input.shape[2:]))
    def rep(t: Tensor | None) -> Tensor | None:
        return None if t is None else t.repeat(n)
    # torch checks the dtypes of weight and bias only: the running statistics are used in the input's
    rm, rv = (None if t is None else rep(t).to(input.dtype) for t in (running_mean, running_var))
    out = batch_norm(x, rm, rv, rep(weight), rep(bias), use_input_stats, momentum, eps)
    for src, upd in ((running_mean, rm), (running_var, rv)):
        if src is not None and use_input_stats:
            src.copy_(upd.view(n, c).mean(0))
    return out.view(input.shape)


def local_response_norm(input: Tensor, size: int, alpha: float = 1e-4, beta: float = 0.75,  # noqa: A002
                        k: float = 1.0) -> Tensor:
    """Normalise each element by the sum of squares of ``size`` neighbouring channels."""
    if input.ndim < 3:
        # torch's message, with the run of spaces its source's line continuation puts in it
        raise ValueError("Expected 3D or higher dimensionality" + " " * 26 + f"input (got {input.ndim} dimensions)")
    if input.numel() == 0:
        return input
    sq = input * input
    c = input.shape[1]
    pad_lo, pad_hi = size // 2, (size - 1) // 2
    parts = []
    for i in range(c):
        lo, hi = max(0, i - pad_lo), min(c, i + pad_hi + 1)
        parts.append(sq[:, lo:hi].sum(1, keepdim=True))
    div = (cat(parts, 1) / size * alpha + k).pow(beta)
    return input / div
