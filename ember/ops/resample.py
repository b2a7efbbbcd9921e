"""Resampling: ``interpolate``'s upsample kernels, ``pixel_shuffle``/``pixel_unshuffle``, ``channel_shuffle``.

Every upsample mode is separable: along each spatial dim each output is a weighted sum of a few
input positions, its taps (one for nearest, two for linear, four for cubic, an antialias window),
built here from torch's index and weight formulas (``UpSample.h``: float32 ``floorf`` for nearest,
the ``area_pixel_compute_source_index`` rule, cubic convolution with ``A = -0.75``, clamped borders).
Forward gathers the taps; backward adds each gradient into its taps (torch's
``upsample_*_backward`` node, whose own gradient is the upsample again). Only the taps are read, so
a NaN or inf stays where torch's kernels put it.
"""
from __future__ import annotations

import functools

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


@functools.lru_cache(maxsize=128)
def _taps(mode: str, in_size: int, out_size: int, align_corners: bool, scale: float | None, np_dtype,
          backward: bool = False):
    """One dim's map as taps, torch's per output position: ``idx`` (out_size, K) input positions, ``wt``
    (out_size, K) weights (None for nearest) and ``valid`` (None, or where an antialias window is shorter
    than K). Taps of weight 0 are kept, as torch multiplies them too: a NaN or inf there reaches the
    output exactly where torch's does, and nowhere else. ``backward``: the gradient's taps (torch's antialias
    backward reads a dim whose size stays through its whole window). Cached: the arrays are read-only."""
    rows = np.arange(out_size)
    if mode in ("nearest", "nearest-exact"):
        idx = _nearest_index(in_size, out_size, scale, mode == "nearest-exact")[:, None]
        return _frozen(idx), None, None
    dt = np.float64 if np_dtype == np.float64 else np.float32      # torch's opmath type
    if mode in ("bilinear_aa", "bicubic_aa"):
        if out_size == in_size and not backward:    # torch's separable antialias forward skips a dim whose size
            return _frozen(rows[:, None]), _frozen(np.ones((out_size, 1), np_dtype)), None
        return _aa_taps(mode == "bicubic_aa", in_size, out_size, align_corners, scale, np_dtype, dt)
    s = _scale(in_size, out_size, align_corners, scale, dt)
    d = rows.astype(dt)
    src = s * d if align_corners else s * (d + dt(0.5)) - dt(0.5)
    if mode in ("linear", "bilinear", "trilinear"):
        if out_size == in_size:     # torch's compute_source_index_and_lambda: "simply copy", the second tap the first
            return _frozen(np.stack([rows, rows], 1)), _frozen(np.stack([np.ones(out_size, np_dtype),
                                                                         np.zeros(out_size, np_dtype)], 1)), None
        src = np.maximum(src, dt(0))
        i0 = src.astype(np.int64)
        i1 = i0 + (i0 < in_size - 1)
        lam1 = np.clip(src - i0.astype(dt), 0, 1)
        idx, wt = np.stack([i0, i1], 1), np.stack([dt(1) - lam1, lam1], 1)
    else:                                                            # bicubic: Keys' convolution, A = -0.75
        x0 = np.floor(src)
        t = src - x0
        a = dt(-0.75)

        def conv1(x):
            return ((a + 2) * x - (a + 3)) * x * x + 1

        def conv2(x):
            return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
        base = x0.astype(np.int64) - 1
        idx = np.clip(base[:, None] + np.arange(4), 0, in_size - 1)
        wt = np.stack([conv2(t + 1), conv1(t), conv1(1 - t), conv2(2 - t)], 1)
    return _frozen(idx), _frozen(wt.astype(np_dtype, copy=False)), None


def _aa_taps(cubic: bool, in_size: int, out_size: int, align_corners: bool, scale: float | None, np_dtype, dt):
    """torch's ``_compute_weights_aa``: when downsampling (``scale > 1``) the filter is stretched by the scale,
    so every input pixel under an output pixel's footprint counts; each window is normalised to sum 1."""
    s = _scale(in_size, out_size, align_corners, scale, dt)
    support = dt((2 if cubic else 1) * s) if s >= 1 else dt(2 if cubic else 1)
    invscale = dt(1) / s if s >= 1 else dt(1)
    windows = []
    for i in range(out_size):
        center = s * dt(i + 0.5)
        lo = max(int(center - support + dt(0.5)), 0)
        hi = min(int(center + support + dt(0.5)), in_size)
        row = _aa_filter((np.arange(lo, hi).astype(dt) - center + dt(0.5)) * invscale, cubic, dt)
        total = row.sum(dtype=dt)
        windows.append((lo, row / total if total != 0 else row))
    k = max((len(w) for _, w in windows), default=1)
    idx = np.zeros((out_size, k), dtype=np.int64)
    wt = np.zeros((out_size, k), dtype=np_dtype)
    valid = np.zeros((out_size, k), dtype=bool)
    for i, (lo, row) in enumerate(windows):
        n = len(row)
        idx[i] = np.minimum(lo + np.arange(k), in_size - 1)
        wt[i, :n], valid[i, :n] = row, True
    return _frozen(idx), _frozen(wt), (None if valid.all() else _frozen(valid))


def _frozen(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


def _along(v: np.ndarray, d: int, ndim: int) -> np.ndarray:
    """``v`` (one value per position of dim ``d``) shaped to broadcast against an ``ndim``-dim array."""
    return v.reshape((-1,) + (1,) * (ndim - 1 - d))


def _gather_taps(x: np.ndarray, d: int, taps) -> np.ndarray:
    """Dim ``d`` of ``x`` resampled: each output the weighted sum of its taps, tap by tap (torch's order)."""
    idx, wt, valid = taps
    out = None
    with np.errstate(all="ignore"):         # inf * 0 is torch's NaN, without a warning
        for k in range(idx.shape[1]):
            term = np.take(x, idx[:, k], axis=d)
            if wt is not None:
                term = term * _along(wt[:, k], d, x.ndim)
            if valid is not None and not valid[:, k].all():
                term = np.where(_along(valid[:, k], d, x.ndim), term, x.dtype.type(0))
            out = term if out is None else out + term
    return out


def _scatter_taps(g: np.ndarray, d: int, in_size: int, taps) -> np.ndarray:
    """The transpose of :func:`_gather_taps`: each output's gradient added into its taps. The taps of one
    column are non-decreasing in the output position, so each input's share is a contiguous run
    (``np.add.reduceat``): a NaN or inf gradient reaches only the inputs it came from."""
    idx, wt, valid = taps
    shape = list(g.shape)
    shape[d] = in_size
    out = np.zeros(shape, dtype=g.dtype)
    if g.size == 0:
        return out
    lead = (slice(None),) * d
    with np.errstate(all="ignore"):
        for k in range(idx.shape[1]):
            term = g if wt is None else g * _along(wt[:, k], d, g.ndim)
            if valid is not None and not valid[:, k].all():
                term = np.where(_along(valid[:, k], d, g.ndim), term, g.dtype.type(0))
            col = idx[:, k]
            starts = np.flatnonzero(np.concatenate(([True], col[1:] != col[:-1])))
            out[lead + (col[starts],)] += np.add.reduceat(term, starts, axis=d)
    return out


def _dim_taps(mode: str, in_sizes, out_sizes, align_corners: bool, scales, np_dtype, backward: bool = False) -> list:
    return [_taps(mode, int(i), int(o), align_corners, s, np_dtype, backward)
            for i, o, s in zip(in_sizes, out_sizes, scales)]


class _Upsample(Op):
    """The upsample kernel: dims resampled last first (torch's kernel nests the first spatial dim outermost,
    so the innermost sums round first), then the gradient node below."""
    __slots__ = ("mode", "in_shape", "align_corners", "scales")
    _param_names = ("mode", "output_size", "align_corners", "scales")

    @staticmethod
    def forward(ctx, a, mode, output_size, align_corners, scales):
        ctx.mode, ctx.in_shape, ctx.align_corners, ctx.scales = mode, a.shape, align_corners, scales
        taps = _dim_taps(mode, a.shape[2:], output_size, align_corners, scales, a.dtype.type)
        out = a
        for k in reversed(range(len(taps))):
            if out.size:
                out = _gather_taps(out, 2 + k, taps[k])
            else:
                out = np.zeros(out.shape[:2 + k] + (output_size[k],) + out.shape[3 + k:], dtype=a.dtype)
        return np.ascontiguousarray(out)

    def backward(ctx, g, xp):
        return (both(xp, _GRAD_NODES[type(ctx)], (g,), ctx.mode, ctx.in_shape, ctx.align_corners, ctx.scales),)


class _UpsampleGrad(Op):
    """torch's ``upsample_*_backward``: the transposed taps; its own gradient is the upsample again."""
    __slots__ = ("mode", "output_size", "align_corners", "scales")
    _param_names = ("mode", "input_size", "align_corners", "scales")

    @staticmethod
    def forward(ctx, g, mode, in_shape, align_corners, scales):
        ctx.mode, ctx.output_size, ctx.align_corners, ctx.scales = mode, g.shape[2:], align_corners, scales
        if mode == "bicubic" and tuple(g.shape[2:]) == tuple(in_shape[2:]):
            return g.copy()         # torch's bicubic backward copies when the sizes stay (its forward does not)
        taps = _dim_taps(mode, in_shape[2:], g.shape[2:], align_corners, scales, g.dtype.type, backward=True)
        for k in range(len(taps)):
            g = _scatter_taps(g, 2 + k, in_shape[2 + k], taps[k])
        return g

    def backward(ctx, gg, xp):
        return (both(xp, _FWD_NODES[type(ctx)], (gg,), ctx.mode, ctx.output_size, ctx.align_corners, ctx.scales),)


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


class UpsampleNearest1DBackwardBackward0(_UpsampleGrad):
    __slots__ = ()


class UpsampleNearest2DBackwardBackward0(_UpsampleGrad):
    __slots__ = ()


class UpsampleNearest3DBackwardBackward0(_UpsampleGrad):
    __slots__ = ()


class UpsampleNearestExact1DBackwardBackward0(_UpsampleGrad):
    __slots__ = ()


class UpsampleNearestExact2DBackwardBackward0(_UpsampleGrad):
    __slots__ = ()


class UpsampleNearestExact3DBackwardBackward0(_UpsampleGrad):
    __slots__ = ()


class UpsampleLinear1DBackwardBackward0(_UpsampleGrad):
    __slots__ = ()


class UpsampleBilinear2DBackwardBackward0(_UpsampleGrad):
    __slots__ = ()


class UpsampleTrilinear3DBackwardBackward0(_UpsampleGrad):
    __slots__ = ()


class UpsampleBicubic2DBackwardBackward0(_UpsampleGrad):
    __slots__ = ()


class UpsampleBilinear2DAaBackwardBackward0(_UpsampleGrad):
    __slots__ = ()


class UpsampleBicubic2DAaBackwardBackward0(_UpsampleGrad):
    __slots__ = ()


_GRAD_NODES = {fwd: globals()[fwd.__name__.replace("Backward0", "BackwardBackward0")] for fwd in _NODES.values()}
_FWD_NODES = {grad: fwd for fwd, grad in _GRAD_NODES.items()}


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
