"""Convolution (any number of spatial dims, transposed or not) and im2col / col2im, as torch's nodes.

Speed: the forward is one batched BLAS matmul over a strided window view (``as_strided``: the
copy into columns is the only pass over the input), the weight gradient another, and the input
gradient a matmul followed by col2im, a loop over kernel offsets (never over positions). The
columns, GEMM results and layout copies go into reused buffers (``ops/_scratch.py``: fresh ones
cost the LeNet step ~2,800 page faults, half its time). The LeNet step in
``benchmarks/cnn_speed.py`` measures it. Under ``create_graph`` the backward is
written with the recorded ``Im2ColBackward0`` / ``Col2ImBackward0`` ops and matmuls, so it can be
differentiated again.

Array layouts: a "grouped matrix" of an (N, C, *S) array is (G, C/G, N*L); the columns of a
window view are (G, C/G * K, N*L), K the kernel's size and L the number of windows.
"""
from __future__ import annotations

import itertools

import numpy as np
from numpy.lib.stride_tricks import as_strided

from ._op import Op
from ._record import apply
from ._scratch import scratch

__all__ = ["ConvolutionBackward0", "Im2ColBackward0", "Col2ImBackward0", "convolution", "im2col", "col2im",
           "conv_out_size"]


# ----------------------------------------------------------------------------------------------
# the array kernels
def conv_out_size(size: int, k: int, s: int, d: int, lo: int, hi: int) -> int:
    return (size + lo + hi - d * (k - 1) - 1) // s + 1


def _pad(a: np.ndarray, pads: tuple) -> np.ndarray:
    if not any(p for pair in pads for p in pair):
        return a
    return np.pad(a, ((0, 0), (0, 0)) + tuple(pads))


def windows(a: np.ndarray, k: tuple, s: tuple, d: tuple, pads: tuple) -> np.ndarray:
    """The read-only window view (N, C, *out, *k) of ``a`` (N, C, *S) zero-padded by ``pads``."""
    p = _pad(a, pads)
    nd = len(k)
    out = tuple(conv_out_size(a.shape[2 + i], k[i], s[i], d[i], *pads[i]) for i in range(nd))
    st = p.strides
    return as_strided(p, p.shape[:2] + out + tuple(k),
                      st[:2] + tuple(st[2 + i] * s[i] for i in range(nd)) + tuple(st[2 + i] * d[i] for i in range(nd)),
                      writeable=False)


def grouped_cols(a: np.ndarray, groups: int, k, s, d, pads) -> np.ndarray:
    """Columns (G, C/G*K, N*L) of ``a``'s windows: one contiguous copy."""
    v = windows(a, k, s, d, pads)
    n, c, nd = v.shape[0], v.shape[1], len(k)
    v = v.reshape((n, groups, c // groups) + v.shape[2:])
    axes = (1, 2) + tuple(range(3 + nd, 3 + 2 * nd)) + (0,) + tuple(range(3, 3 + nd))
    v = v.transpose(axes)
    buf = scratch(v.shape, v.dtype)     # the same copy as a reshape makes, into a reused buffer
    np.copyto(buf, v)
    return buf.reshape(groups, c // groups * int(np.prod(k)), n * int(np.prod(v.shape[3 + nd:])))


def grouped(a: np.ndarray, groups: int) -> np.ndarray:
    """(N, C, *S) as (G, C/G, N*L)."""
    n, c = a.shape[:2]
    size = int(np.prod(a.shape[2:]))
    v = a.reshape(n, groups, c // groups, size).transpose(1, 2, 0, 3)
    if n == 1:
        return v.reshape(groups, c // groups, size)
    buf = scratch(v.shape, v.dtype)
    np.copyto(buf, v)
    return buf.reshape(groups, c // groups, n * size)


def ungrouped(m: np.ndarray, n: int, spatial: tuple) -> np.ndarray:
    """(G, Og, N*L) back to a contiguous (N, G*Og, *spatial)."""
    g, og = m.shape[:2]
    size = int(np.prod(spatial))
    v = m.reshape(g, og, n, size).transpose(2, 0, 1, 3)
    if not v.flags.c_contiguous:        # (one image, or one channel: already in order)
        out = scratch(v.shape, v.dtype)
        np.copyto(out, v)
        v = out
    return v.reshape((n, g * og) + tuple(spatial))


def col2im_view(c: np.ndarray, size: tuple, k, s, d, pads) -> np.ndarray:
    """The adjoint of ``windows``: sum ``c`` (N, C, *k, *out) into a zero (N, C, *size); one
    strided add per kernel offset."""
    nd = len(k)
    n, ch = c.shape[:2]
    out = c.shape[2 + nd:]
    full = tuple(size[i] + pads[i][0] + pads[i][1] for i in range(nd))
    dst = np.zeros((n, ch) + full, dtype=c.dtype)
    for off in itertools.product(*(range(kk) for kk in k)):
        key = (slice(None), slice(None)) + tuple(slice(off[i] * d[i], off[i] * d[i] + s[i] * (out[i] - 1) + 1, s[i])
                                                 for i in range(nd))
        dst[key] += c[(slice(None), slice(None)) + off]
    crop = (slice(None), slice(None)) + tuple(slice(pads[i][0], pads[i][0] + size[i]) for i in range(nd))
    return dst[crop] if any(p for pair in pads for p in pair) else dst


def col2im_grouped(m: np.ndarray, n: int, size: tuple, k, s, d, pads, out) -> np.ndarray:
    """``col2im_view`` of grouped columns (G, Cg*K, N*L), summed into a (G, Cg, *padded, N) buffer, the batch
    innermost (the adds of ``col2im_view``, in its order: each add's inner run is a (out_w, N) slab, not one
    row of out_w, about twice as fast), and transposed once at the end: no copy of the columns."""
    g = m.shape[0]
    nd = len(k)
    cg = m.shape[1] // int(np.prod(k))
    c = m.reshape((g, cg) + tuple(k) + (n,) + tuple(out))
    c = c.transpose(tuple(range(2 + nd)) + tuple(range(3 + nd, 3 + 2 * nd)) + (2 + nd,))     # batch last
    full = tuple(size[i] + pads[i][0] + pads[i][1] for i in range(nd))
    dst = scratch((g, cg) + full + (n,), m.dtype)
    dst.fill(0)
    lead = (slice(None),) * 2
    for off in itertools.product(*(range(kk) for kk in k)):
        key = lead + tuple(slice(off[i] * d[i], off[i] * d[i] + s[i] * (out[i] - 1) + 1, s[i]) for i in range(nd))
        dst[key] += c[lead + off]
    crop = lead + tuple(slice(pads[i][0], pads[i][0] + size[i]) for i in range(nd))
    dst = dst[crop] if any(p for pair in pads for p in pair) else dst
    v = dst.transpose((2 + nd, 0, 1) + tuple(range(2, 2 + nd)))
    res = scratch(v.shape, v.dtype)
    np.copyto(res, v)
    return res.reshape((n, g * cg) + tuple(size))


def _conv_arrays(x, w, groups, k, s, d, pads):
    """conv's forward on arrays: (y without bias as grouped matrix, columns, out)."""
    cols = grouped_cols(x, groups, k, s, d, pads)
    out = tuple(conv_out_size(x.shape[2 + i], k[i], s[i], d[i], *pads[i]) for i in range(len(k)))
    wm = w.reshape(groups, w.shape[0] // groups, -1)
    res = scratch((groups, wm.shape[1], cols.shape[2]), np.result_type(wm, cols))
    return np.matmul(wm, cols, out=res), cols, out


# ----------------------------------------------------------------------------------------------
class ConvolutionBackward0(Op):
    """conv{1,2,3}d and conv_transpose{1,2,3}d. For the transposed form, the geometry is that of the
    convolution whose input gradient it is: its output is that convolution's input."""
    __slots__ = ("geo", "cols", "xshape", "wshape", "has_bias")
    _saved_names = ("input", "weight")
    _param_names = ("stride", "padding", "dilation", "transposed", "output_padding", "groups")

    @staticmethod
    def forward(ctx, x, w, b, stride, padding, dilation, transposed, output_padding, groups):
        nd = x.ndim - 2
        k = w.shape[2:]
        pads = tuple((p, p) for p in padding)
        ctx.geo = (k, stride, dilation, pads, groups, transposed)
        ctx.xshape, ctx.wshape, ctx.has_bias = x.shape, w.shape, b is not None
        ctx.stride, ctx.padding, ctx.dilation = list(stride), list(padding), list(dilation)
        ctx.transposed, ctx.output_padding, ctx.groups = transposed, list(output_padding), groups
        ctx.save(x, w)
        n = x.shape[0]
        if not transposed:
            m, cols, out = _conv_arrays(x, w, groups, k, stride, dilation, pads)
            ctx.cols = cols if ctx.needs_input_grad[1] else None    # the weight gradient's columns
            if b is not None:
                if m.dtype == b.dtype:
                    m += b.reshape(groups, -1, 1)       # m is our own scratch result: no copy needed
                else:
                    m = m + b.reshape(groups, -1, 1)
            return ungrouped(m, n, out)
        size = tuple((x.shape[2 + i] - 1) * stride[i] - 2 * padding[i] + dilation[i] * (k[i] - 1)
                     + output_padding[i] + 1 for i in range(nd))
        wm = w.reshape(groups, w.shape[0] // groups, -1)
        cols = np.matmul(wm.transpose(0, 2, 1), grouped(x, groups))
        y = col2im_grouped(cols, n, size, k, stride, dilation, pads, x.shape[2:])
        ctx.cols = None
        if b is not None:
            y += b.reshape((1, -1) + (1,) * nd)
        return y

    def backward(ctx, g, xp):
        x, w = xp.saved(ctx)
        k, s, d, pads, groups, transposed = ctx.geo
        nd = len(k)
        need = ctx.needs_input_grad
        gb = xp.sum(g, (0,) + tuple(range(2, 2 + nd))) if ctx.has_bias and need[2] else None
        if xp.tensor_mode:
            return _backward_tensors(x, w, g, ctx.geo, need) + (gb,)
        n = g.shape[0]
        wm = w.reshape(groups, w.shape[0] // groups, -1)
        if not transposed:
            gx = gw = None
            gm = grouped(g, groups)
            if need[0]:
                wt = wm.transpose(0, 2, 1)
                c = np.matmul(wt, gm, out=scratch((groups, wt.shape[1], gm.shape[2]), np.result_type(wt, gm)))
                gx = col2im_grouped(c, n, x.shape[2:], k, s, d, pads, g.shape[2:])
                del c
            if need[1]:
                cols = ctx.cols if ctx.cols is not None else grouped_cols(x, groups, k, s, d, pads)
                gw = np.matmul(gm, cols.transpose(0, 2, 1)).reshape(w.shape)
            ctx.cols = None
            return gx, gw, gb
        colsg = grouped_cols(g, groups, k, s, d, pads)
        gx = ungrouped(np.matmul(wm, colsg), n, x.shape[2:]) if need[0] else None
        gw = np.matmul(grouped(x, groups), colsg.transpose(0, 2, 1)).reshape(w.shape) if need[1] else None
        return gx, gw, gb


def _backward_tensors(x, w, g, geo, need):
    """conv's backward recorded (create_graph): im2col / col2im ops and matmuls."""
    k, s, d, pads, groups, transposed = geo
    n = x.shape[0]
    if not transposed:
        big, small = x, g
    else:
        big, small = g, x
    cols = im2col(big, k, d, pads, s)                                   # (N, Cbig*K, L)
    cols = cols.reshape(n, groups, -1, cols.shape[-1])
    sm = small.reshape(n, groups, small.shape[1] // groups, -1)         # (N, G, Csmall/G, L)
    wm = w.reshape(groups, w.shape[0] // groups, -1)
    g_small = g_big = gw = None
    if not transposed:
        if need[1]:
            gw = sm.matmul(cols.transpose(-1, -2)).sum(0).reshape(tuple(w.shape))
        if need[0]:
            c = wm.transpose(-1, -2).matmul(sm).reshape(n, -1, cols.shape[-1])
            g_big = col2im(c, tuple(x.shape[2:]), k, d, pads, s)
        return g_big, gw
    if need[1]:
        gw = sm.matmul(cols.transpose(-1, -2)).sum(0).reshape(tuple(w.shape))
    if need[0]:
        g_small = wm.matmul(cols).reshape(tuple(x.shape))
    return g_small, gw


# ----------------------------------------------------------------------------------------------
class Im2ColBackward0(Op):
    """unfold: (N, C, *S) to columns (N, C*K, L), channel-major then kernel offsets, as torch's."""
    __slots__ = ("geo", "size")
    _param_names = ("kernel_size", "dilation", "padding", "stride")

    @staticmethod
    def forward(ctx, a, k, d, pads, s):
        ctx.geo, ctx.size = (k, d, pads, s), a.shape[2:]
        ctx.kernel_size, ctx.dilation, ctx.stride = list(k), list(d), list(s)
        ctx.padding = [lo for lo, _ in pads]
        return _im2col_array(a, k, d, pads, s)

    def backward(ctx, g, xp):
        k, d, pads, s = ctx.geo
        return (col2im(g, ctx.size, k, d, pads, s) if xp.tensor_mode else _col2im_array(g, ctx.size, k, d, pads, s),)


class Col2ImBackward0(Op):
    """fold: columns (N, C*K, L) summed into (N, C, *size), the adjoint of unfold."""
    __slots__ = ("geo",)
    _param_names = ("output_size", "kernel_size", "dilation", "padding", "stride")

    @staticmethod
    def forward(ctx, c, size, k, d, pads, s):
        ctx.geo = (k, d, pads, s)
        ctx.output_size, ctx.kernel_size, ctx.dilation, ctx.stride = list(size), list(k), list(d), list(s)
        ctx.padding = [lo for lo, _ in pads]
        return _col2im_array(c, size, k, d, pads, s)

    def backward(ctx, g, xp):
        k, d, pads, s = ctx.geo
        return (im2col(g, k, d, pads, s) if xp.tensor_mode else _im2col_array(g, k, d, pads, s),)


def _im2col_array(a, k, d, pads, s):
    v = windows(a, k, s, d, pads)
    nd = len(k)
    n, c = v.shape[:2]
    v = v.transpose((0, 1) + tuple(range(2 + nd, 2 + 2 * nd)) + tuple(range(2, 2 + nd)))
    return v.reshape(n, c * int(np.prod(k)), int(np.prod(v.shape[2 + nd:])))


def _col2im_array(c, size, k, d, pads, s):
    nd = len(k)
    out = tuple(conv_out_size(size[i], k[i], s[i], d[i], *pads[i]) for i in range(nd))
    n = c.shape[0]
    view = c.reshape((n, c.shape[1] // int(np.prod(k))) + tuple(k) + out)
    return np.ascontiguousarray(col2im_view(view, tuple(size), k, s, d, pads))


def im2col(t, k, d, pads, s):
    """Recorded im2col of tensor ``t`` (the geometry already checked)."""
    return apply(Im2ColBackward0, (t,), (t._data,), tuple(k), tuple(d), tuple(pads), tuple(s))


def col2im(t, size, k, d, pads, s):
    """Recorded col2im of tensor ``t`` into spatial ``size``."""
    return apply(Col2ImBackward0, (t,), (t._data,), tuple(size), tuple(k), tuple(d), tuple(pads), tuple(s))


def convolution(x, w, b, stride, padding, dilation, transposed, output_padding, groups):
    """Recorded convolution of tensors (arguments already checked and normalised to tuples)."""
    return apply(ConvolutionBackward0, (x, w, b), (x._data, w._data, None if b is None else b._data),
                 tuple(stride), tuple(padding), tuple(dilation), transposed, tuple(output_padding), groups)
