"""Spatial transformers: ``affine_grid`` (one ``AffineGridGeneratorBackward0`` node) and ``grid_sample``
(``GridSampler2DBackward0`` / ``GridSampler3DBackward0``), bilinear/trilinear, nearest or bicubic, with torch's three
padding modes and both ``align_corners`` conventions.

A sample point's source coordinate along each spatial dim is the grid value unnormalised, then (border,
reflection) folded into the input; both steps are piecewise linear, so forward keeps the slope ``A`` and offset
``B`` of each point (``x = grid * A + B``) and the integer corner positions, and backward rebuilds the corner
weights from the grid with them. The backward formula is written in ``xp`` (a gather of the corners, an
``embed_add`` back into the input), so ``create_graph`` records it and it has second derivatives, as torch's.
"""
from __future__ import annotations

import itertools
import warnings

import numpy as np

from .._tensor import Tensor
from ._both import both, np_dtype
from ._op import Op
from ._promotion import parse_args
from ._record import apply
from .scatter import GatherBackward0

__all__ = ["affine_grid", "grid_sample"]

_MODES = {"bilinear": 0, "nearest": 1, "bicubic": 2}
_PADDING = {"zeros": 0, "border": 1, "reflection": 2}
_ALIGN_WARNING = ("Default grid_sample and affine_grid behavior has changed to align_corners=False since 1.3.0. "
                  "Please specify align_corners=True if the old behavior is desired. See the documentation of "
                  "grid_sample for details.")


def _base_coords(n: int, align: bool, dtype) -> np.ndarray:
    """torch's ``linspace_from_neg_one``: ``n`` points over [-1, 1], pulled in to pixel centres unless ``align``."""
    if n <= 1:
        return np.zeros(1, dtype=dtype)
    r = np.linspace(-1, 1, n, dtype=dtype)
    return r if align else r * dtype.type((n - 1) / n)


def _base_grid(spatial: tuple, align: bool, dtype) -> np.ndarray:
    """(prod(spatial), nd + 1): each output point's (x, y[, z], 1), x along the last spatial dim."""
    axes = [_base_coords(s, align, dtype) for s in spatial]
    mesh = np.meshgrid(*axes, indexing="ij")
    cols = [m.reshape(-1) for m in reversed(mesh)] + [np.ones(int(np.prod(spatial)), dtype=dtype)]
    return np.stack(cols, axis=1)


class AffineGridGeneratorBackward0(Op):
    """``grid = base @ theta^T`` per batch; the gradient is ``g^T @ base``."""
    __slots__ = ("base", "shape")
    _param_names = ("size", "align_corners")

    @staticmethod
    def forward(ctx, theta, size, align):
        ctx.size, ctx.align_corners = list(size), align
        spatial = tuple(size[2:])
        base = _base_grid(spatial, align, theta.dtype)
        ctx.base, ctx.shape = base, (theta.shape[0], base.shape[0], theta.shape[1])
        out = np.matmul(base[None], np.swapaxes(theta, 1, 2))
        return out.reshape((theta.shape[0],) + spatial + (theta.shape[1],))

    def backward(ctx, g, xp):
        g = xp.swapaxes(xp.reshape(g, ctx.shape), 1, 2)
        return (xp.matmul(g, xp.constant(ctx.base)),)


def _clip(x, a, size):
    """torch's ``clip_coordinates_set_grad``: ``x`` into [0, size - 1]; the slope is 0 where it was clipped."""
    out = (x < 0) | (x > size - 1)
    return np.clip(x, 0, size - 1), np.where(out, 0, a).astype(x.dtype)


def _reflect(x, a, twice_low: int, twice_high: int):
    """torch's ``reflect_coordinates_set_grad``: ``x`` folded into [low, high]; each fold flips the slope."""
    if twice_low == twice_high:
        return np.zeros_like(x), np.zeros_like(a)
    lo, span = twice_low / 2, (twice_high - twice_low) / 2
    x = x - x.dtype.type(lo)
    sign = np.where(x < 0, -1, 1).astype(x.dtype)
    x = np.abs(x)
    extra = np.fmod(x, x.dtype.type(span))
    flips = np.floor(x / x.dtype.type(span))
    even = flips % 2 == 0
    r = np.where(even, extra + x.dtype.type(lo), x.dtype.type(span) - extra + x.dtype.type(lo))
    return r.astype(x.dtype), (a * sign * np.where(even, 1, -1)).astype(x.dtype)


def _source(c: np.ndarray, size: int, padding: int, align: bool) -> tuple:
    """Grid values ``c`` along a dim of ``size`` as source positions, and the slope ``dx/dc`` of each."""
    t = c.dtype.type
    if align:
        x, a = (c + 1) / 2 * t(size - 1), t((size - 1) / 2)
    else:
        x, a = ((c + 1) * t(size) - 1) / 2, t(size / 2)
    a = np.full(c.shape, a, dtype=c.dtype)
    if padding == 1:
        x, a = _clip(x, a, size)
    elif padding == 2:
        x, a = _reflect(x, a, 0, 2 * (size - 1)) if align else _reflect(x, a, -1, 2 * size - 1)
        x, a = _clip(x, a, size)
    return x.astype(c.dtype, copy=False), a


class _GridSampler(Op):
    """``taps``: per corner, each point's flat source index (0 where masked) and its in-bounds mask; ``lows``:
    each dim's lower corner; ``slope``/``offset``: ``x = grid * slope + offset`` per dim."""
    __slots__ = ("taps", "lows", "slope", "offset", "geo")
    _saved_names = ("input", "grid")
    _param_names = ("interpolation_mode", "padding_mode", "align_corners")

    @staticmethod
    def forward(ctx, inp, grid, mode, padding, align):
        with np.errstate(invalid="ignore", over="ignore"):     # non-finite grids: torch is silent
            return _GridSampler._forward(ctx, inp, grid, mode, padding, align)

    @staticmethod
    def _forward(ctx, inp, grid, mode, padding, align):
        ctx.interpolation_mode, ctx.padding_mode, ctx.align_corners = mode, padding, align
        n, c = inp.shape[:2]
        spatial, nd = inp.shape[2:], inp.ndim - 2
        points = int(np.prod(grid.shape[1:-1]))
        gf = grid.reshape(n, points, nd)
        cubic = mode == 2
        xs, ctx.slope, ctx.offset = [], [], []
        for i in range(nd):      # grid's last dim runs x, y[, z]: spatial dims from the last
            ci = gf[:, :, nd - 1 - i]
            # bicubic pads its taps, not the sample point (torch's get_value_bounded)
            x, a = _source(ci, spatial[i], 0 if cubic else padding, align)
            xs.append(x)
            ctx.slope.append(a)
            ctx.offset.append((x - ci * a).astype(x.dtype))
        strides = [int(np.prod(spatial[i + 1:])) for i in range(nd)]
        lows = [np.rint(x) if mode == 1 else np.floor(x) for x in xs]
        ctx.lows, ctx.taps = lows, []
        corners = [(0,) * nd] if mode == 1 else list(itertools.product(range(4) if cubic else (0, 1), repeat=nd))
        inp_f = inp.reshape(n, c, -1)
        out = np.zeros((n, c, points), dtype=inp.dtype)
        for corner in corners:
            mask = np.ones((n, points), dtype=bool)
            flat = np.zeros((n, points), dtype=np.int64)
            for i in range(nd):
                pos = lows[i] + corner[i]
                if cubic:
                    pos = _tap(pos - 1, spatial[i], padding, align)
                inside = (pos >= 0) & (pos <= spatial[i] - 1)       # False for NaN
                mask &= inside
                flat += np.where(inside, pos, 0).astype(np.int64) * strides[i]
            flat = np.where(mask, flat, 0)
            ctx.taps.append((corner, flat, mask))
            w = mask.astype(inp.dtype) if mode == 1 else _weight(xs, lows, corner, cubic) * mask
            out += np.take_along_axis(inp_f, np.broadcast_to(flat[:, None, :], (n, c, points)), 2) * w[:, None, :]
        ctx.geo = (inp.shape, grid.shape, points)
        ctx.save(inp, grid)
        return out.reshape((n, c) + grid.shape[1:-1])

    def backward(ctx, g, xp):
        inp, grid = xp.saved(ctx)
        in_shape, grid_shape, points = ctx.geo
        n, c, nd = in_shape[0], in_shape[1], len(in_shape) - 2
        gf = xp.reshape(g, (n, c, points))
        grid_f = xp.reshape(grid, (n, points, nd))
        xs = [grid_f[:, :, nd - 1 - i] * xp.constant(ctx.slope[i]) + xp.constant(ctx.offset[i]) for i in range(nd)]
        lows = [xp.constant(lo) for lo in ctx.lows]
        nearest, cubic = ctx.interpolation_mode == 1, ctx.interpolation_mode == 2
        inp_f = xp.reshape(inp, (n, c, -1))
        vals, index, grad_x = [], [], [0] * nd
        for corner, flat, mask in ctx.taps:
            m = xp.constant(mask.astype(np_dtype(g)))
            w = m if nearest else _weight(xs, lows, corner, cubic) * m
            vals.append(gf * xp.unsqueeze(w, 1))
            index.append(flat)
            if nearest or not ctx.needs_input_grad[1]:
                continue
            picked = both(xp, GatherBackward0, (inp_f,), 2, np.ascontiguousarray(
                np.broadcast_to(flat[:, None, :], (n, c, points))))
            along = xp.sum(gf * picked, 1)              # (n, points): d out / d w, summed over channels
            for i in range(nd):
                dw = m * _dweight1(xs[i], lows[i], corner[i], cubic)
                for j in range(nd):
                    if j != i:
                        dw = dw * _weight1(xs[j], lows[j], corner[j], cubic)
                grad_x[i] = grad_x[i] + along * dw
        grad_input = None
        if ctx.needs_input_grad[0]:
            key = (np.arange(n)[:, None, None], np.arange(c)[None, :, None], np.concatenate(index, 1)[:, None, :])
            grad_input = xp.reshape(xp.embed_add(xp.cat(vals, 2), (n, c, int(np.prod(in_shape[2:]))), key), in_shape)
        grad_grid = None
        if ctx.needs_input_grad[1]:
            if nearest:       # piecewise constant in the grid: torch's gradient is zeros
                grad_grid = xp.zeros(grid_shape, np_dtype(g))
            else:
                parts = [grad_x[i] * xp.constant(ctx.slope[i]) for i in reversed(range(nd))]
                grad_grid = xp.reshape(xp.stack(parts, 2), grid_shape)
        return grad_input, grad_grid


_A = -0.75      # the cubic convolution's A (torch's, as its upsampling)


def _conv1(x):
    return ((_A + 2) * x - (_A + 3)) * x * x + 1


def _conv2(x):
    return ((_A * x - 5 * _A) * x + 8 * _A) * x - 4 * _A


def _dconv1(x):
    return (3 * (_A + 2) * x - 2 * (_A + 3)) * x


def _dconv2(x):
    return (3 * _A * x - 10 * _A) * x + 8 * _A


def _weight1(x, low, d: int, cubic: bool):
    """A tap's weight along one dim. Linear: ``low + 1 - x`` for the lower corner, ``x - low`` the upper; cubic:
    torch's ``get_cubic_upsample_coefficients`` of ``t = x - low`` for the taps ``low - 1 .. low + 2``."""
    if not cubic:
        return (low + 1) - x if d == 0 else x - low
    t = x - low
    return (_conv2(t + 1), _conv1(t), _conv1(1 - t), _conv2(2 - t))[d]


def _dweight1(x, low, d: int, cubic: bool):
    """``d _weight1 / d x``."""
    if not cubic:
        return 1 if d else -1
    t = x - low
    return (_dconv2(t + 1), _dconv1(t), -_dconv1(1 - t), -_dconv2(2 - t))[d]


def _weight(xs, lows, corner, cubic: bool):
    w = _weight1(xs[0], lows[0], corner[0], cubic)
    for i in range(1, len(xs)):
        w = w * _weight1(xs[i], lows[i], corner[i], cubic)
    return w


def _tap(pos: np.ndarray, size: int, padding: int, align: bool) -> np.ndarray:
    """torch's ``compute_coordinates`` of a bicubic tap: the integer position clipped or reflected into the input
    (zeros padding: as is; out-of-bounds taps then read zero)."""
    slope = np.zeros_like(pos)
    if padding == 1:
        pos, _ = _clip(pos, slope, size)
    elif padding == 2:
        pos, _ = _reflect(pos, slope, 0, 2 * (size - 1)) if align else _reflect(pos, slope, -1, 2 * size - 1)
        pos, _ = _clip(pos, slope, size)
    return np.trunc(pos)


class GridSampler2DBackward0(_GridSampler):
    __slots__ = ()


class GridSampler3DBackward0(_GridSampler):
    __slots__ = ()


def affine_grid(theta: Tensor, size: list, align_corners: bool | None = None) -> Tensor:
    r"""A sampling grid for :func:`grid_sample` from a batch of affine matrices.

    Args:
        theta (Tensor): ``(N, 2, 3)`` for a 4-D ``size``, ``(N, 3, 4)`` for a 5-D one (floating point).
        size (sequence): the output's ``(N, C, H, W)`` or ``(N, C, D, H, W)``.
        align_corners (bool): -1 and 1 are the corner pixels' centres (``True``) or their outer edges
            (``False``, the default, with torch's warning when not given).

    Returns ``(N, H, W, 2)`` (or ``(N, D, H, W, 3)``): each output pixel's normalised position mapped by ``theta``.
    """
    if align_corners is None:
        warnings.warn(_ALIGN_WARNING, stacklevel=2)
        align_corners = False
    if not theta.is_floating_point():
        raise ValueError(f"Expected theta to have floating point type, but got {theta.dtype}")
    if len(size) in (4, 5):
        nd = len(size) - 2
        if theta.ndim != 3 or theta.shape[-2] != nd or theta.shape[-1] != nd + 1:
            kind = "2D affine matrices of shape Nx2x3" if nd == 2 else "3D affine matrices of shape Nx3x4"
            raise ValueError(f"Expected a batch of {kind} for size {size}. Got {theta.shape}.")
        spatial = size[2:]
    else:
        raise NotImplementedError("affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, "
                                  f"respectively. Got size {size}.")
    if align_corners and min(spatial) == 1:
        warnings.warn("Since version 1.3.0, affine_grid behavior has changed for unit-size grids when "
                      "align_corners=True. This is not an intended use case of affine_grid. See the documentation of "
                      "affine_grid for details.", stacklevel=2)
    elif min(size) <= 0:
        raise ValueError(f"Expected non-zero, positive output size. Got {size}")
    size = tuple(int(v) for v in size)
    if theta.shape[0] != size[0]:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: [{size[0]}, {nd + 1}] but "
                           f"got: [{theta.shape[0]}, {nd + 1}].")
    return apply(AffineGridGeneratorBackward0, (theta,), (theta._data,), size, bool(align_corners))


def _grid_checks(input: Tensor, grid: Tensor, mode: str) -> None:  # noqa: A002
    """torch's ``check_grid_sampler_common`` and the 2-d/3-d kernels' checks, in its order."""
    si, sg = list(input.shape), list(grid.shape)
    if not si or not sg or si[0] != sg[0]:
        raise RuntimeError(f"grid_sampler(): expected grid and input to have same batch size, but got input with "
                           f"sizes {si} and grid with sizes {sg}")
    if sg[-1] != input.ndim - 2:
        raise RuntimeError(f"grid_sampler(): expected grid to have size {input.ndim - 2} in last dimension, but got "
                           f"grid with sizes {sg}")
    for i in range(2, input.ndim):
        if si[i] == 0:
            raise RuntimeError(f"grid_sampler(): expected input to have non-empty spatial dimensions, but input has "
                               f"sizes {si} with dimension {i} being empty")
    want = 4 if input.ndim == 4 else 5
    if input.ndim != want or grid.ndim != want:
        raise RuntimeError(f"grid_sampler(): expected {want}D input and grid with same number of dimensions, but got "
                           f"input with sizes {si} and grid with sizes {sg}")
    if want == 5 and mode == "bicubic":
        raise RuntimeError("grid_sampler(): bicubic interpolation only supports 4D input")
    if input._data.dtype.kind != "f":
        raise NotImplementedError(f"\"grid_sampler_{want - 2}d_cpu_kernel_impl\" not implemented for "
                                  f"'{input.dtype._legacy[:-6]}'")
    if input.dtype is not grid.dtype:
        raise RuntimeError(f"expected scalar type {input.dtype._legacy[:-6]} but found {grid.dtype._legacy[:-6]}")


def grid_sample(input: Tensor, grid: Tensor, mode: str = "bilinear", padding_mode: str = "zeros",  # noqa: A002
                align_corners: bool | None = None) -> Tensor:
    r"""Sample ``input`` (N, C, H, W) at the normalised positions ``grid`` (N, Ho, Wo, 2) (or 5-D, with
    ``(x, y, z)`` positions), -1 and 1 being the input's extremes.

    Args:
        mode (str): ``"bilinear"`` (trilinear for 5-D), ``"nearest"`` (half to even) or ``"bicubic"`` (4-D only,
            torch's cubic convolution with ``A = -0.75``; padding applies to each of the 4x4 taps). Default:
            ``"bilinear"``.
        padding_mode (str): outside the input read ``"zeros"``, the ``"border"`` values, or the input
            ``"reflection"``-ed at its border. Default: ``"zeros"``.
        align_corners (bool): -1 and 1 are the corner pixels' centres (``True``) or outer edges (``False``, the
            default, with torch's warning when not given).

    Returns ``(N, C, Ho, Wo)``. Gradients flow to ``input`` and (bilinear, bicubic) to ``grid``; both are
    differentiable again.
    """
    if mode not in _MODES:
        raise ValueError(f"nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', but "
                         f"got: '{mode}'")
    if padding_mode not in _PADDING:
        raise ValueError(f"nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or "
                         f"'reflection', but got: '{padding_mode}'")
    if align_corners is None:
        warnings.warn(_ALIGN_WARNING, stacklevel=2)
        align_corners = False
    parse_args("grid_sampler", ("input", 1, input, "Tensor"), ("grid", 2, grid, "Tensor"))
    if not isinstance(align_corners, bool):
        raise TypeError(f"grid_sampler(): argument 'align_corners' (position 5) must be bool, not "
                        f"{type(align_corners).__name__}")
    _grid_checks(input, grid, mode)
    cls = GridSampler2DBackward0 if input.ndim == 4 else GridSampler3DBackward0
    return apply(cls, (input, grid), (input._data, grid._data), _MODES[mode], _PADDING[padding_mode],
                 bool(align_corners))
