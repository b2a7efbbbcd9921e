"""Max unpooling: the partial inverse of a max pool with ``return_indices=True``, one ``MaxUnpool2DBackward0``
or ``MaxUnpool3DBackward0`` node (the 1-d form is the 2-d one over an unsqueezed input, as torch records it).

Each input value is written at its index (flat over its channel's output spatial dims) into zeros; the
gradient reads the output gradient back at the same indices (a gather, recorded under ``create_graph``).
"""
from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from ._both import both
from ._op import Op
from ._record import apply
from .scatter import GatherBackward0

__all__ = ["max_unpool1d", "max_unpool2d", "max_unpool3d"]


class _MaxUnpool(Op):
    __slots__ = ("indices", "shape", "rows")
    _param_names = ("indices",)

    @staticmethod
    def forward(ctx, a, indices, out):
        nd = len(out)
        lead = a.shape[:a.ndim - nd]
        rows, spatial = int(np.prod(lead, dtype=np.int64)), int(np.prod(out, dtype=np.int64))
        idx = indices.reshape(rows, -1)
        ctx.indices, ctx.shape, ctx.rows = idx, a.shape, rows
        r = np.zeros((rows, spatial), dtype=a.dtype)
        r[np.arange(rows)[:, None], idx] = a.reshape(rows, -1)
        return r.reshape(lead + tuple(out))

    def backward(ctx, g, xp):
        g2 = xp.reshape(g, (ctx.rows, -1))
        return (xp.reshape(both(xp, GatherBackward0, (g2,), 1, ctx.indices), ctx.shape),)


class MaxUnpool2DBackward0(_MaxUnpool):
    __slots__ = ()


class MaxUnpool3DBackward0(_MaxUnpool):
    __slots__ = ()


def _tup(v, n: int) -> tuple:
    """torch's ``_single``/``_pair``/``_triple``: a sequence as given, anything else repeated."""
    return tuple(v) if isinstance(v, (list, tuple)) else (v,) * n


def _output_size(input: Tensor, k: tuple, s: tuple, p: tuple, output_size) -> list:  # noqa: A002
    """torch's ``_unpool_output_size``: the default ``(in - 1) * stride + kernel - 2 * padding``, or
    ``output_size`` (spatial, or with batch and channel) within a stride of it."""
    n = len(k)
    default = [(input.shape[-n + d] - 1) * s[d] + k[d] - 2 * p[d] for d in range(n)]
    if output_size is None:
        ret = default
    else:
        if len(output_size) == n + 2:
            output_size = output_size[2:]
        if len(output_size) != n:
            raise ValueError(f"output_size should be a sequence containing {n} or {n + 2} elements, but it has a "
                             f"length of '{len(output_size)}'")
        for d in range(n):
            lo, hi = default[d] - s[d], default[d] + s[d]
            if not lo < output_size[d] < hi:
                raise ValueError(f'invalid output_size "{output_size}" (dim {d} must be between {lo} and {hi})')
        ret = output_size
    for d in range(n):
        if ret[d] < 0:
            raise ValueError("max_unpooling: output_size must contain non-negative spatial dimensions, but got "
                             f"output_size[{d}]={ret[d]}")
    for i, x in enumerate(ret):      # the kernel's argument parser: a float size (from a float kernel_size)
        if not isinstance(x, int):
            raise TypeError(f"max_unpool{n if n > 1 else 2}d(): argument 'output_size' (position 3) must be tuple of "
                            f"ints, but found element of type {type(x).__name__} at pos {i}")
    return list(ret)


def _unpool(cls, n: int, input: Tensor, indices: Tensor, out: list) -> Tensor:  # noqa: A002
    if indices._data.dtype != np.int64:      # (torch's 3-d kernel does not name the dtype)
        got = f" but got: {indices.dtype._legacy[:-6]}" if n == 2 else ""
        raise RuntimeError(f"elements in indices should be type int64{got}")
    if input.ndim not in (n + 1, n + 2):
        raise RuntimeError(f"Input to max_unpooling{n}d should be a {n + 1}d or {n + 2}d Tensor, but got a tensor "
                           f"with {input.ndim} dimensions.")
    if tuple(indices.shape) != tuple(input.shape):
        raise RuntimeError(f"Expected shape of indices to be same as that of the input tensor ({list(input.shape)}) "
                           f"but got indices tensor with shape: {list(indices.shape)}")
    if input._data.dtype.kind != "f":
        raise NotImplementedError(f"\"max_unpool{n}d\" not implemented for '{input.dtype._legacy[:-6]}'")
    idx = indices._data
    volume = int(np.prod(out, dtype=np.int64))
    if idx.size:
        bad = (idx < 0) | (idx >= volume)
        if bad.any():
            # torch's kernel keeps the last invalid index it meets
            last = int(idx.reshape(-1)[bad.size - 1 - np.argmax(bad.reshape(-1)[::-1])])
            raise RuntimeError(f"Found an invalid max index: {last} (output volumes are of size "
                               f"{'x'.join(str(o) for o in out)})")
    return apply(cls, (input,), (input._data,), idx, tuple(out))


def max_unpool2d(input: Tensor, indices: Tensor, kernel_size, stride=None, padding=0,  # noqa: A002
                 output_size=None) -> Tensor:
    r"""The partial inverse of :func:`max_pool2d`: each value of ``input`` (N, C, H, W) or (C, H, W) is put at
    its ``indices`` (as ``max_pool2d(..., return_indices=True)`` gives them), every other output is zero.

    Args:
        indices (Tensor): int64, the shape of ``input``: flat positions in each output channel.
        kernel_size, stride (default: ``kernel_size``), padding: the pool's geometry, which gives the default
            output size ``(in - 1) * stride + kernel_size - 2 * padding``.
        output_size (sequence, optional): the spatial output size (or with N and C), within a stride of the
            default: a pool that dropped the last row or column can be inverted exactly.

    The gradient reads the output's gradient back at ``indices``.
    """
    k = _tup(kernel_size, 2)
    s = k if stride is None else _tup(stride, 2)
    p = _tup(padding, 2)
    out = _output_size(input, k, s, p, output_size)
    return _unpool(MaxUnpool2DBackward0, 2, input, indices, out)


def max_unpool3d(input: Tensor, indices: Tensor, kernel_size, stride=None, padding=0,  # noqa: A002
                 output_size=None) -> Tensor:
    r"""The partial inverse of :func:`max_pool3d` over (N, C, D, H, W) or (C, D, H, W); arguments as
    :func:`max_unpool2d`."""
    k = _tup(kernel_size, 3)
    s = k if stride is None else _tup(stride, 3)
    p = _tup(padding, 3)
    out = _output_size(input, k, s, p, output_size)
    for name, position, v in (("stride", 4, s), ("padding", 5, p)):     # the 3-d kernel takes them too
        for i, x in enumerate(v):
            if type(x) is not int:
                raise TypeError(f"max_unpool3d(): argument '{name}' (position {position}) must be tuple of ints, "
                                f"but found element of type {type(x).__name__} at pos {i}")
    return _unpool(MaxUnpool3DBackward0, 3, input, indices, out)


def max_unpool1d(input: Tensor, indices: Tensor, kernel_size, stride=None, padding=0,  # noqa: A002
                 output_size=None) -> Tensor:
    r"""The partial inverse of :func:`max_pool1d` over (N, C, L) or (C, L); arguments as :func:`max_unpool2d`
    (the 2-d unpool over an unsqueezed input, as torch records it)."""
    k = _tup(kernel_size, 1)
    s = k if stride is None else _tup(stride, 1)
    p = _tup(padding, 1)
    out = _output_size(input, k, s, p, output_size) + [1]
    return _unpool(MaxUnpool2DBackward0, 2, input.unsqueeze(-1), indices.unsqueeze(-1), out).squeeze(-1)
