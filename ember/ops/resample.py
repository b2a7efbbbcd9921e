"""Resampling: ``interpolate``'s upsample kernels, ``pixel_shuffle``/``pixel_unshuffle``, ``channel_shuffle``.

Every upsample mode is separable: along each spatial dim the output is a fixed linear map of the
input (a one-hot row per output for nearest, two weights for linear, four for cubic), built here
from torch's index and weight formulas (``UpSample.h``: float32 ``floorf`` for nearest, the
``area_pixel_compute_source_index`` rule, cubic convolution with ``A = -0.75``, clamped borders).
Forward applies each dim's map (nearest gathers, so values are exact); backward applies the
transposed maps, one formula for both engine modes.
"""
from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from ._both import both
from ._op import Op
from ._record import apply

__all__ = ["pixel_shuffle", "pixel_unshuffle", "channel_shuffle", "upsample"]


# ---------------------------------------------------------------- the per-dim maps

def _scale(in_size: int, out_size: int, align_corners: bool, scale: float | None, dt) -> float:
    """torch's ``area_pixel_compute_scale``."""
    if align_corners:
        return dt(in_size - 1) / dt(out_size - 1) if out_size > 1 else dt(0)
    if scale is not None and scale > 0:
        return dt(1.0 / scale)
    return dt(in_size) / dt(out_size)


def _nearest_index(in_size: int, out_size: int, scale: float | None, exact: bool) -> np.ndarray:
    i = np.arange(out_size)
    if not exact and out_size == in_size:
        return i
    if not exact and out_size == 2 * in_size:
        return i >> 1
    f32 = np.float32
    s = f32(1.0 / scale) if scale is not None and scale > 0 else f32(in_size) / f32(out_size)
    pos = (i.astype(f32) + f32(0.5)) * s if exact else i.astype(f32) * s
    return np.minimum(np.floor(pos).astype(np.int64), in_size - 1)


def _aa_filter(x: np.ndarray, cubic: bool, dt) -> np.ndarray:
    """torch's antialias filters: the triangle, or Keys' cubic with ``A = -0.5`` (PIL's, not the -0.75 above)."""
    x = np.abs(x)
    if not cubic:
        return np.where(x < 1, dt(1) - x, dt(0)).astype(dt)
    a = dt(-0.5)
    near = ((a + 2) * x - (a + 3)) * x * x + 1
    far = ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
    return np.where(x < 1, near, np.where(x < 2, far, dt(0))).astype(dt)


def _aa_weights(cubic: bool, in_size: int, out_size: int, align_corners: bool, scale: float | None,
                np_dtype) -> np.ndarray:
    """torch's ``_compute_weights_aa``: when downsampling (``scale > 1``) the filter is stretched by the scale,
    so every input pixel under an output pixel's footprint counts; each row is normalised to sum 1."""
    dt = np.float64 if np_dtype == np.float64 else np.float32
    s = _scale(in_size, out_size, align_corners, scale, dt)
    support = dt((2 if cubic else 1) * s) if s >= 1 else dt(2 if cubic else 1)
    invscale = dt(1) / s if s >= 1 else dt(1)
    w = np.zeros((out_size, in_size), dtype=dt)
    for i in range(out_size):
        center = s * dt(i + 0.5)
        lo = max(int(center - support + dt(0.5)), 0)
        hi = min(int(center + support + dt(0.5)), in_size)
        j = np.arange(lo, hi)
        row = _aa_filter((j.astype(dt) - center + dt(0.5)) * invscale, cubic, dt)
        total = row.sum(dtype=dt)
        w[i, lo:hi] = row / total if total != 0 else row
    return w.astype(np_dtype, copy=False)


def _weights(mode: str, in_size: int, out_size: int, align_corners: bool, scale: float | None,
             np_dtype) -> np.ndarray:
    """The (out_size, in_size) matrix of one dim's map."""
    if mode in ("bilinear_aa", "bicubic_aa"):
        return _aa_weights(mode == "bicubic_aa", in_size, out_size, align_corners, scale, np_dtype)
    w = np.zeros((out_size, in_size), dtype=np_dtype)
    rows = np.arange(out_size)
    if mode in ("nearest", "nearest-exact"):
        w[rows, _nearest_index(in_size, out_size, scale, mode == "nearest-exact")] = 1
        return w
    dt = np.float64 if np_dtype == np.float64 else np.float32      # torch's opmath type
    s = _scale(in_size, out_size, align_corners, scale, dt)
    d = rows.astype(dt)
    src = s * d if align_corners else s * (d + dt(0.5)) - dt(0.5)
    if mode in ("linear", "bilinear", "trilinear"):
        src = np.maximum(src, dt(0))
        i0 = src.astype(np.int64)
        i1 = i0 + (i0 < in_size - 1)
        lam1 = np.clip(src - i0.astype(dt), 0, 1)
        np.add.at(w, (rows, i0), dt(1) - lam1)
        np.add.at(w, (rows, i1), lam1)
        return w
    x0 = np.floor(src)
    t = src - x0
    a = dt(-0.75)

    def conv1(x):
        return ((a + 2) * x - (a + 3)) * x * x + 1

    def conv2(x):
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
    coeffs = (conv2(t + 1), conv1(t), conv1(1 - t), conv2(2 - t))
    base = x0.astype(np.int64) - 1
    for k, c in enumerate(coeffs):
        np.add.at(w, (rows, np.clip(base + k, 0, in_size - 1)), c)
    return w


def _apply_maps(x, maps, transpose: bool, xp=None):
    """Apply each spatial dim's map (dims 2..) to ``x``; ``transpose`` maps a gradient back."""
    for k, w in enumerate(maps):
        d = 2 + k
        m = w if transpose else w.T
        if xp is None:
            x = np.swapaxes(np.swapaxes(x, d, -1) @ m, d, -1)
        else:
            x = xp.swapaxes(xp.matmul(xp.swapaxes(x, d, -1), xp.constant(m.astype(m.dtype))), d, -1)
    return x


class _Upsample(Op):
    __slots__ = ("maps", "in_shape")
    _param_names = ("output_size", "scales")

    @staticmethod
    def forward(ctx, a, mode, output_size, align_corners, scales):
        maps = [_weights(mode, a.shape[2 + k], o, align_corners, s, a.dtype.type)
                for k, (o, s) in enumerate(zip(output_size, scales))]
        ctx.maps, ctx.in_shape = maps, a.shape
        if mode in ("nearest", "nearest-exact"):       # a gather: exact values, NaN and inf kept
            out = a
            for k, w in enumerate(maps):
                out = np.take(out, w.argmax(1), axis=2 + k)
            return np.ascontiguousarray(out)
        return np.ascontiguousarray(_apply_maps(a, maps, False)).astype(a.dtype, copy=False)

    def backward(ctx, g, xp):
        return (_apply_maps(g, ctx.maps, True, xp),)


class UpsampleNearest1DBackward0(_Upsample):
    __slots__ = ()


class UpsampleNearest2DBackward0(_Upsample):
    __slots__ = ()


class UpsampleNearest3DBackward0(_Upsample):
    __slots__ = ()


class UpsampleNearestExact1DBackward0(_Upsample):
    __slots__ = ()


class UpsampleNearestExact2DBackward0(_Upsample):
    __slots__ = ()


class UpsampleNearestExact3DBackward0(_Upsample):
    __slots__ = ()


class UpsampleLinear1DBackward0(_Upsample):
    __slots__ = ()


class UpsampleBilinear2DBackward0(_Upsample):
    __slots__ = ()


class UpsampleTrilinear3DBackward0(_Upsample):
    __slots__ = ()


class UpsampleBicubic2DBackward0(_Upsample):
    __slots__ = ()


class UpsampleBilinear2DAaBackward0(_Upsample):
    __slots__ = ()


class UpsampleBicubic2DAaBackward0(_Upsample):
    __slots__ = ()


_NODES = {("nearest", 1): UpsampleNearest1DBackward0, ("nearest", 2): UpsampleNearest2DBackward0,
          ("nearest", 3): UpsampleNearest3DBackward0, ("nearest-exact", 1): UpsampleNearestExact1DBackward0,
          ("nearest-exact", 2): UpsampleNearestExact2DBackward0, ("nearest-exact", 3): UpsampleNearestExact3DBackward0,
          ("linear", 1): UpsampleLinear1DBackward0, ("bilinear", 2): UpsampleBilinear2DBackward0,
          ("trilinear", 3): UpsampleTrilinear3DBackward0, ("bicubic", 2): UpsampleBicubic2DBackward0,
          ("bilinear_aa", 2): UpsampleBilinear2DAaBackward0, ("bicubic_aa", 2): UpsampleBicubic2DAaBackward0}


class PixelShuffleBackward0(Op):
    __slots__ = ("upscale_factor",)
    _param_names = ("upscale_factor",)

    @staticmethod
    def forward(ctx, a, r):
        ctx.upscale_factor = r
        *b, c, h, w = a.shape
        n = len(b)
        x = a.reshape(*b, c // (r * r), r, r, h, w)
        x = x.transpose(*range(n), n, n + 3, n + 1, n + 4, n + 2)
        return np.ascontiguousarray(x).reshape(*b, c // (r * r), h * r, w * r)

    def backward(ctx, g, xp):
        return (both(xp, PixelUnshuffleBackward0, (g,), ctx.upscale_factor),)


class PixelUnshuffleBackward0(Op):
    __slots__ = ("downscale_factor",)
    _param_names = ("downscale_factor",)

    @staticmethod
    def forward(ctx, a, r):
        ctx.downscale_factor = r
        *b, c, h, w = a.shape
        n = len(b)
        x = a.reshape(*b, c, h // r, r, w // r, r)
        x = x.transpose(*range(n), n, n + 2, n + 4, n + 1, n + 3)
        return np.ascontiguousarray(x).reshape(*b, c * r * r, h // r, w // r)

    def backward(ctx, g, xp):
        return (both(xp, PixelShuffleBackward0, (g,), ctx.downscale_factor),)


class ChannelShuffleBackward0(Op):
    __slots__ = ("groups",)
    _param_names = ("groups",)

    @staticmethod
    def forward(ctx, a, groups):
        ctx.groups = groups
        n, c = a.shape[0], a.shape[1]
        x = a.reshape(n, groups, c // groups, *a.shape[2:]).swapaxes(1, 2)
        return np.ascontiguousarray(x).reshape(a.shape)

    def backward(ctx, g, xp):
        return (both(xp, ChannelShuffleBackward0, (g,), g.shape[1] // ctx.groups),)


# ---------------------------------------------------------------- the functions

def upsample(input: Tensor, mode: str, output_size: list[int], align_corners: bool,  # noqa: A002
             scales: list[float | None]) -> Tensor:
    """The upsample kernel of ``mode`` on ``input`` ``(N, C, *spatial)``: the node is torch's
    (``UpsampleBilinear2DBackward0``...). ``scales`` are the scale factors the kernel is given (``None``:
    in/out), as torch's ``upsample_*`` take them."""
    node = _NODES[(mode, input._data.ndim - 2)]
    return apply(node, (input,), (input._data,), mode, tuple(int(o) for o in output_size), bool(align_corners),
                 tuple(scales))


def pixel_shuffle(input: Tensor, upscale_factor: int) -> Tensor:  # noqa: A002
    """Rearrange ``(*, C r^2, H, W)`` into ``(*, C, H r, W r)``.

    Args:
        input (Tensor): the input, at least 3-D.
        upscale_factor (int): the factor ``r``.
    """
    nd = input._data.ndim
    if nd < 3:
        raise RuntimeError(f"pixel_shuffle expects input to have at least 3 dimensions, but got input with {nd} "
                           "dimension(s)")
    if upscale_factor <= 0:
        raise RuntimeError(f"pixel_shuffle expects a positive upscale_factor, but got {upscale_factor}")
    c = input._data.shape[-3]
    if c % (upscale_factor * upscale_factor):
        raise RuntimeError("pixel_shuffle expects its input's 'channel' dimension to be divisible by the square "
                           f"of upscale_factor, but input.size(-3)={c} is not divisible by "
                           f"{upscale_factor * upscale_factor}")
    return apply(PixelShuffleBackward0, (input,), (input._data,), int(upscale_factor))


def pixel_unshuffle(input: Tensor, downscale_factor: int) -> Tensor:  # noqa: A002
    """Rearrange ``(*, C, H r, W r)`` into ``(*, C r^2, H, W)``, the inverse of :func:`pixel_shuffle`.

    Args:
        input (Tensor): the input, at least 3-D.
        downscale_factor (int): the factor ``r``.
    """
    nd = input._data.ndim
    if nd < 3:
        raise RuntimeError(f"pixel_unshuffle expects input to have at least 3 dimensions, but got input with {nd} "
                           "dimension(s)")
    r = downscale_factor
    if r <= 0:
        raise RuntimeError(f"pixel_unshuffle expects a positive downscale_factor, but got {r}")
    h, w = input._data.shape[-2:]
    if h % r:
        raise RuntimeError("pixel_unshuffle expects height to be divisible by downscale_factor, but "
                           f"input.size(-2)={h} is not divisible by {r}")
    if w % r:
        raise RuntimeError("pixel_unshuffle expects width to be divisible by downscale_factor, but "
                           f"input.size(-1)={w} is not divisible by {r}")
    return apply(PixelUnshuffleBackward0, (input,), (input._data,), int(r))


def channel_shuffle(input: Tensor, groups: int) -> Tensor:  # noqa: A002
    """Split the channels into ``groups`` groups and interleave them (ShuffleNet's channel shuffle).

    Args:
        input (Tensor): ``(N, C, *)``, ``C`` divisible by ``groups``.
        groups (int): the number of groups.
    """
    nd = input._data.ndim
    if nd <= 2:
        raise RuntimeError(f"channel_shuffle expects input with > 2 dims, but got input with sizes "
                           f"{list(input._data.shape)}")
    if groups <= 0:
        raise RuntimeError(f"Number of groups to divide channels in must be positive. Value of groups:{groups}")
    c = input._data.shape[1]
    if c % groups:
        raise RuntimeError(f"Number of channels must be divisible by groups. Got {c} channels and {groups} groups.")
    return apply(ChannelShuffleBackward0, (input,), (input._data,), int(groups))
