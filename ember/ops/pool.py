"""Pooling nodes: max (with indices), average, adaptive average and adaptive max, in 2 and 3 spatial dims
(the 1-d forms are the 2-d ones over an unsqueezed input, as torch records them).

Speed: a max over a k*k window is k*k-1 ``np.maximum`` calls over strided slices of the padded input
(NumPy's reductions over tiny strided window axes are ~30x slower), and an average the same with
``np.add``; the LeNet step in ``benchmarks/cnn_speed.py`` measures it. The disjoint-window max
finds each window's first maximum by counting, not by masked writes (4x faster), and its gradient
scatters into a reused buffer (``ops/_scratch.py``).
"""
from __future__ import annotations

import itertools
import math

import numpy as np

from ._op import Op
from ._scratch import scratch_zeros
from .conv import col2im, col2im_view

__all__ = ["pool_out_size", "adaptive_bounds"]


def pool_out_size(size: int, k: int, s: int, p: int, d: int, ceil: bool) -> int:
    """torch's pooling_output_shape: with ceil_mode the last window must start inside the input or left padding."""
    num = size + 2 * p - d * (k - 1) - 1
    out = (num + (s - 1 if ceil else 0)) // s + 1
    if ceil and (out - 1) * s >= size + p:
        out -= 1
    return out


def _offset_slices(off, d, s, out):
    return tuple(slice(off[i] * d[i], off[i] * d[i] + s[i] * (out[i] - 1) + 1, s[i]) for i in range(len(out)))


def _padded(a, k, s, p, d, out, fill):
    """``a`` padded by ``p`` on the left and enough on the right for every window, with ``fill``."""
    nd = len(k)
    his = [max(0, (out[i] - 1) * s[i] + d[i] * (k[i] - 1) + 1 - a.shape[2 + i] - p[i]) for i in range(nd)]
    if not any(p) and not any(his):
        return a
    return np.pad(a, ((0, 0), (0, 0)) + tuple((p[i], his[i]) for i in range(nd)), constant_values=fill)


def _disjoint_max(a, k, out):
    """Max pooling of ``a`` (R, 1, *S) with stride = kernel, no padding or dilation, each window inside the input:
    the windows are a reshaped view, the max is k-1 ``np.maximum`` calls, and the index is the first offset holding
    it (torch's ``val > maxval``: ties go to the first), or for a NaN window the last NaN (``|| isnan(val)``)."""
    nd = len(k)
    r = a.shape[0]
    crop = a[(slice(None), 0) + tuple(slice(0, out[i] * k[i]) for i in range(nd))]
    v = crop.reshape((r,) + tuple(x for i in range(nd) for x in (out[i], k[i])))
    offsets = list(itertools.product(*(range(kk) for kk in k)))
    views = [v[(slice(None),) + tuple(x for i in range(nd) for x in (slice(None), off[i]))] for off in offsets]
    best = views[0].copy()
    for w in views[1:]:
        np.maximum(best, w, out=best)
    if a.dtype.kind == "f" and np.isnan(best).any():
        which = np.zeros(best.shape, dtype=np.intp)
        for j in range(len(views) - 1, -1, -1):
            np.copyto(which, j, where=views[j] == best)
        for j, w in enumerate(views):
            np.copyto(which, j, where=np.isnan(w))
    else:
        # the first offset holding the max, counted without masked writes (NumPy's are slow): which = the
        # number of leading offsets that do not hold it, a running AND of "!= best" summed
        which = np.not_equal(views[0], best)
        later = which.copy()
        which = which.astype(np.uint8 if len(views) < 256 else np.intp)
        for w in views[1:-1]:
            later &= np.not_equal(w, best)
            which += later
    spatial = a.shape[2:]
    mult = [math.prod(spatial[i + 1:]) for i in range(nd)]
    step = np.array([sum(off[i] * mult[i] for i in range(nd)) for off in offsets], dtype=np.int64)
    start = sum(np.reshape(np.arange(out[i]) * (k[i] * mult[i]), [-1 if j == i else 1 for j in range(nd)])
                for i in range(nd))
    idx = np.take(step, which)
    idx += start
    return best.reshape((r, 1) + tuple(out)), idx


class _MaxPoolWithIndices(Op):
    __slots__ = ("shape", "orig", "disjoint")
    _saved_names = ("self", "result1")
    _param_names = ("kernel_size", "stride", "padding", "dilation", "ceil_mode")
    multi_output = True
    differentiable_outputs = (0,)

    @staticmethod
    def forward(ctx, a, k, s, p, d, ceil, out):
        ctx.kernel_size, ctx.stride, ctx.padding, ctx.dilation, ctx.ceil_mode = list(k), list(s), list(p), list(d), ceil
        nd = len(k)
        ctx.orig, lead, src_in = a.shape, a.shape[:-nd], a
        a = a.reshape((-1, 1) + a.shape[-nd:])       # pooling is per channel: (N*C, 1, *S)
        ctx.shape = a.shape
        ctx.disjoint = tuple(s) == tuple(k) and not any(p) and all(x == 1 for x in d) and \
            all(out[i] * k[i] <= a.shape[2 + i] for i in range(nd))
        if ctx.disjoint:
            best, idx = _disjoint_max(a, k, out)
            best, idx = best.reshape(lead + best.shape[2:]), idx.reshape(lead + idx.shape[1:])
            ctx.save(src_in, idx)
            return best, idx
        lowest = -np.inf if a.dtype.kind == "f" else np.iinfo(a.dtype).min
        src = _padded(a, k, s, p, d, out, lowest)
        # each output's flat input position for kernel offset 0, and the step per offset along each dim
        starts = [np.arange(out[i]) * s[i] - p[i] for i in range(nd)]
        spatial = a.shape[2:]
        mult = [int(np.prod(spatial[i + 1:])) for i in range(nd)]
        best = idx = None
        for off in itertools.product(*(range(kk) for kk in k)):
            v = src[(slice(None), slice(None)) + _offset_slices(off, d, s, out)]
            pos = sum(np.reshape((starts[i] + off[i] * d[i]) * mult[i], [-1 if j == i else 1 for j in range(nd)])
                      for i in range(nd))
            if best is None:
                best, idx = v.copy(), np.broadcast_to(pos, v.shape).astype(np.int64)
                continue
            take = v > best
            if a.dtype.kind == "f":
                take |= np.isnan(v)
            np.copyto(best, v, where=take)
            np.copyto(idx, np.broadcast_to(pos, v.shape), where=take)
        best, idx = best.reshape(lead + best.shape[2:]), idx.reshape(lead + idx.shape[2:])
        ctx.save(src_in, idx)
        return best, idx

    def backward(ctx, g, xp):
        _, idx = xp.saved(ctx)
        return (_scatter_back(g, idx, ctx.orig, len(ctx.kernel_size), xp, ctx.disjoint),)


def _scatter_back(g, idx, shape, nd, xp, disjoint: bool = False):
    """The max pools' gradient: each output's gradient added at its input position ``idx`` (flat over
    its channel's ``nd`` spatial dims, as torch's indices), into zeros of ``shape``. Disjoint windows
    hit each position at most once, so the adds are a plain scatter."""
    idx = idx._data if xp.tensor_mode else idx
    spatial = int(np.prod(shape[len(shape) - nd:]))
    rows = int(np.prod(shape[:len(shape) - nd]))
    idx = idx.reshape(rows, idx.size // rows if rows else 0)
    if xp.tensor_mode:
        flat = xp.embed_add(g.reshape(rows, -1), (rows, spatial), (np.arange(rows).reshape(-1, 1), idx))
        return flat.reshape(tuple(shape))
    offsets = (np.arange(rows, dtype=np.int64) * spatial).reshape(-1, 1)
    if disjoint:
        flat = scratch_zeros((rows * spatial,), g.dtype)
        idx = idx + offsets
        flat[idx.reshape(-1)] = g.reshape(-1)
        return flat.reshape(shape)
    flat = np.bincount((idx + offsets).ravel(), weights=g.ravel(), minlength=rows * spatial)
    return flat.astype(g.dtype, copy=False).reshape(shape)


class MaxPool2DWithIndicesBackward0(_MaxPoolWithIndices):
    __slots__ = ()


class MaxPool3DWithIndicesBackward0(_MaxPoolWithIndices):
    __slots__ = ()


def _avg_divisor(size, k, s, p, out, count_include_pad, dtype):
    """The divisor of each window, as torch counts it: the window clipped to the padded extent, or (without
    count_include_pad) to the input; separable, a product of per-dim counts."""
    nd = len(k)
    div = np.ones((1,) * nd, dtype=dtype)
    for i in range(nd):
        start = np.arange(out[i]) * s[i] - p[i]
        end = np.minimum(start + k[i], size[i] + p[i])
        if not count_include_pad:
            start, end = np.maximum(start, 0), np.minimum(end, size[i])
        div = div * (end - start).reshape([-1 if j == i else 1 for j in range(nd)])
    return div.astype(dtype)


class _AvgPool(Op):
    __slots__ = ("shape", "orig", "div", "geo")
    _saved_names = ("self",)
    _param_names = ("kernel_size", "stride", "padding", "ceil_mode", "count_include_pad", "divisor_override")

    @staticmethod
    def forward(ctx, a, k, s, p, ceil, count_include_pad, divisor_override, out):
        ctx.kernel_size, ctx.stride, ctx.padding, ctx.ceil_mode = list(k), list(s), list(p), ceil
        ctx.count_include_pad, ctx.divisor_override = count_include_pad, divisor_override
        nd = len(k)
        ctx.orig, lead = a.shape, a.shape[:-nd]
        ctx.save(a)
        a = a.reshape((-1, 1) + a.shape[-nd:])       # pooling is per channel: (N*C, 1, *S)
        ctx.shape = a.shape
        d = (1,) * nd
        src = _padded(a, k, s, p, d, out, 0)
        total = None
        for off in itertools.product(*(range(kk) for kk in k)):
            v = src[(slice(None), slice(None)) + _offset_slices(off, d, s, out)]
            total = v.copy() if total is None else np.add(total, v, out=total)
        div = divisor_override or _avg_divisor(a.shape[2:], k, s, p, out, count_include_pad, a.dtype)
        ctx.div = div
        ctx.geo = (k, s, p, tuple(out))
        r = total / div
        return r.astype(a.dtype, copy=False).reshape(lead + r.shape[2:])

    def backward(ctx, g, xp):
        k, s, p, out = ctx.geo
        nd = len(k)
        g = xp.reshape(g, (-1, 1) + out)
        gs = g / (xp.constant(ctx.div) if isinstance(ctx.div, np.ndarray) else ctx.div)
        pads = tuple((p[i], max(0, (out[i] - 1) * s[i] + k[i] - ctx.shape[2 + i] - p[i])) for i in range(nd))
        d = (1,) * nd
        rows, kk, size = ctx.shape[0], int(np.prod(k)), int(np.prod(out))
        if xp.tensor_mode:      # the window sum's adjoint, recorded: col2im of the gradient repeated per offset
            cols = gs.reshape(rows, 1, size).expand(rows, kk, size)
            return (col2im(cols, ctx.shape[2:], k, d, pads, s).reshape(ctx.orig),)
        view = np.broadcast_to(gs.reshape((rows, 1) + (1,) * nd + out), (rows, 1) + tuple(k) + out)
        return (col2im_view(view, ctx.shape[2:], k, s, d, pads).reshape(ctx.orig),)


class AvgPool2DBackward0(_AvgPool):
    __slots__ = ()


class AvgPool3DBackward0(_AvgPool):
    __slots__ = ()


def adaptive_bounds(size: int, out: int) -> tuple:
    start = (np.arange(out) * size) // out
    end = -((-(np.arange(out) + 1) * size) // out)
    return start, end


def _avg_matrix(size: int, out: int, dtype) -> np.ndarray:
    """(size, out): column j averages adaptive window j."""
    start, end = adaptive_bounds(size, out)
    pos = np.arange(size)[:, None]
    m = (pos >= start[None]) & (pos < end[None])
    return (m / (end - start)[None]).astype(dtype)


def _nonempty_grad(g, kernel: str) -> None:
    """torch's adaptive pools refuse, in backward, a gradient with an empty non-batch dim (an output size 0)."""
    shape = list(g.shape)
    for i in range(1, len(shape)):
        if shape[i] == 0:
            raise RuntimeError(f"{kernel}_backward(): Expected grad_output to have non-zero size for non-batch "
                               f"dimensions, but grad_output has sizes {shape} with dimension {i} being empty")


class _AdaptiveAvgPool(Op):
    """Separable: one averaging matrix per spatial dim, applied as a matmul (both engine modes)."""
    __slots__ = ("mats",)
    _saved_names = ("self",)

    @staticmethod
    def forward(ctx, a, out):
        nd = len(out)
        ctx.mats = []
        r = a
        for i in range(nd):
            m = _avg_matrix(a.shape[a.ndim - nd + i], out[i], a.dtype)
            ctx.mats.append(m)
            r = np.swapaxes(np.matmul(np.swapaxes(r, a.ndim - nd + i, -1), m), a.ndim - nd + i, -1)
        ctx.save(a)
        return np.ascontiguousarray(r)

    def backward(ctx, g, xp):
        nd = len(ctx.mats)
        _nonempty_grad(g, "adaptive_avg_pool2d" if nd == 2 else "adaptive_avg_pool3d")
        nd_all = g.ndim
        for i in reversed(range(nd)):
            dim = nd_all - nd + i
            g = xp.swapaxes(xp.matmul(xp.swapaxes(g, dim, -1), xp.constant(ctx.mats[i].T.copy())), dim, -1)
        return (g,)


class AdaptiveAvgPool2DBackward0(_AdaptiveAvgPool):
    __slots__ = ()


class AdaptiveAvgPool3DBackward0(_AdaptiveAvgPool):
    __slots__ = ()


class AdaptiveMaxPool2DBackward0(Op):
    """Adaptive max: a loop over the (few) output positions, each a max over its window."""
    __slots__ = ("shape",)
    _saved_names = ("self", "result1")
    multi_output = True
    differentiable_outputs = (0,)

    @staticmethod
    def forward(ctx, a, out):
        ctx.shape, lead = a.shape, a.shape[:-2]
        a = a.reshape((math.prod(lead), 1) + a.shape[-2:])     # not -1: an empty batch has no rows to infer
        n, c, h, w = a.shape
        hs, he = adaptive_bounds(h, out[0])
        ws, we = adaptive_bounds(w, out[1])
        vals = np.empty((n, c) + tuple(out), dtype=a.dtype)
        idx = np.empty((n, c) + tuple(out), dtype=np.int64)
        for i in range(out[0]):
            for j in range(out[1]):
                win = a[:, :, hs[i]:he[i], ws[j]:we[j]]
                win = win.reshape(n, c, win.shape[2] * win.shape[3])
                am = np.argmax(win, axis=-1)    # NumPy's first max (and first NaN), as torch's
                vals[:, :, i, j] = np.take_along_axis(win, am[..., None], -1)[..., 0]
                ww = we[j] - ws[j]
                idx[:, :, i, j] = (hs[i] + am // ww) * w + ws[j] + am % ww
        vals, idx = vals.reshape(lead + tuple(out)), idx.reshape(lead + tuple(out))
        ctx.save(None, idx)
        return vals, idx

    def backward(ctx, g, xp):
        _nonempty_grad(g, "adaptive_max_pool2d")
        _, idx = xp.saved(ctx)
        return (_scatter_back(g, idx, ctx.shape, 2, xp),)
