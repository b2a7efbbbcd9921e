"""Padding: ``F.pad`` in its four modes, as torch's nodes (ConstantPadNdBackward0, ReflectionPad{1,2,3}DBackward0,
ReplicationPad{1,2,3}DBackward0; circular, as torch, is slice copies, so it records CopySlices)."""
from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from ._op import Op
from ._record import apply

__all__ = ["pad", "constant_pad"]


def _pairs(pad: tuple, ndim: int) -> list:
    """torch's pad list (last dim first, (lo, hi) each) as per-dim pairs for all ``ndim`` dims."""
    pairs = [(0, 0)] * ndim
    for i in range(len(pad) // 2):
        pairs[ndim - 1 - i] = (pad[2 * i], pad[2 * i + 1])
    return pairs


def _constant_array(a: np.ndarray, pad: tuple, value) -> np.ndarray:
    pairs = _pairs(pad, a.ndim)
    crop = tuple(slice(max(-lo, 0), a.shape[i] - max(-hi, 0)) for i, (lo, hi) in enumerate(pairs))
    a = a[crop]
    grow = [(max(lo, 0), max(hi, 0)) for lo, hi in pairs]
    if not any(lo or hi for lo, hi in grow):
        return np.array(a, copy=True)
    return np.pad(a, grow, constant_values=value)


class ConstantPadNdBackward0(Op):
    """Constant padding (negative pads crop); its gradient is the same padding negated."""
    __slots__ = ()
    _param_names = ("pad",)

    @staticmethod
    def forward(ctx, a, pad, value):
        ctx.pad = list(pad)
        return _constant_array(a, pad, value)

    def backward(ctx, g, xp):
        neg = tuple(-p for p in ctx.pad)
        return (constant_pad(g, neg, 0) if xp.tensor_mode else _constant_array(g, neg, 0),)


def _index_map(size: int, lo: int, hi: int, mode: str) -> np.ndarray:
    """For each output position along one dim, the input position it reads."""
    pos = np.arange(-lo, size + hi)
    if mode == "reflect":
        period = 2 * (size - 1) if size > 1 else 1
        pos = np.abs(pos) % period
        return np.where(pos >= size, period - pos, pos)
    return np.clip(pos, 0, size - 1)


class _IndexPad(Op):
    """reflect / replicate: a gather along each padded dim; the gradient sums back by the same map,
    as a matmul with its one-hot matrix (one formula for both engine modes)."""
    __slots__ = ("maps",)
    _param_names = ("padding",)
    mode = ""

    @classmethod
    def forward(cls, ctx, a, pad):
        ctx.padding = list(pad)
        pairs = _pairs(pad, a.ndim)
        ctx.maps = []
        for dim, (lo, hi) in enumerate(pairs):
            if lo or hi:
                idx = _index_map(a.shape[dim], lo, hi, cls.mode)
                ctx.maps.append((dim, idx, a.shape[dim]))
                a = np.take(a, idx, axis=dim)
        return np.ascontiguousarray(a)

    def backward(ctx, g, xp):
        for dim, idx, size in reversed(ctx.maps):
            onehot = (idx[:, None] == np.arange(size)[None, :]).astype(
                (g._data if xp.tensor_mode else g).dtype)     # (out, in)
            g = xp.swapaxes(xp.matmul(xp.swapaxes(g, dim, -1), xp.constant(onehot)), dim, -1)
        return (g,)


class ReflectionPad1DBackward0(_IndexPad):
    __slots__ = ()
    mode = "reflect"


class ReflectionPad2DBackward0(_IndexPad):
    __slots__ = ()
    mode = "reflect"


class ReflectionPad3DBackward0(_IndexPad):
    __slots__ = ()
    mode = "reflect"


class ReplicationPad1DBackward0(_IndexPad):
    __slots__ = ()
    mode = "replicate"


class ReplicationPad2DBackward0(_IndexPad):
    __slots__ = ()
    mode = "replicate"


class ReplicationPad3DBackward0(_IndexPad):
    __slots__ = ()
    mode = "replicate"


_NODES = {("reflect", 1): ReflectionPad1DBackward0, ("reflect", 2): ReflectionPad2DBackward0,
          ("reflect", 3): ReflectionPad3DBackward0, ("replicate", 1): ReplicationPad1DBackward0,
          ("replicate", 2): ReplicationPad2DBackward0, ("replicate", 3): ReplicationPad3DBackward0}


def constant_pad(t: Tensor, pad: tuple, value=0) -> Tensor:
    """Recorded constant padding of ``t`` (pads already checked)."""
    return apply(ConstantPadNdBackward0, (t,), (t._data,), tuple(pad), value)


def _circular(t: Tensor, pad: tuple) -> Tensor:
    """torch's _pad_circular: the (cropped) input copied into a new tensor, then the wrapped borders
    copied from it, one padded dim at a time."""
    pairs = _pairs(pad, t.ndim)
    shape = [s + lo + hi for s, (lo, hi) in zip(t.shape, pairs)]
    out = t.new_empty(shape)
    src = tuple(slice(max(-lo, 0), s - max(-hi, 0)) for s, (lo, hi) in zip(t.shape, pairs))
    dst = tuple(slice(max(lo, 0), n - max(hi, 0)) for n, (lo, hi) in zip(shape, pairs))
    out[dst] = t[src]
    for dim in range(t.ndim - 1, -1, -1):
        lo, hi = pairs[dim]
        n = shape[dim]
        full = [slice(None)] * t.ndim
        if lo > 0:
            a, b = list(full), list(full)
            a[dim], b[dim] = slice(0, lo), slice(n - max(hi, 0) - lo, n - max(hi, 0))
            out[tuple(a)] = out[tuple(b)]
        if hi > 0:
            a, b = list(full), list(full)
            a[dim], b[dim] = slice(n - hi, n), slice(max(lo, 0), max(lo, 0) + hi)
            out[tuple(a)] = out[tuple(b)]
    return out


_SUPPORT = ("Supported combinations for non-constant padding:\n"
            "  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
            "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n"
            "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)")


def pad(input: Tensor, pad: tuple, mode: str = "constant", value: float | None = None) -> Tensor:  # noqa: A002
    r"""Pad ``input``: ``pad`` lists (left, right) amounts starting from the last dimension.

    Args:
        input (Tensor): N-dimensional tensor.
        pad (tuple): m-element tuple, m/2 <= input dimensions and m even. Negative amounts crop (constant and
            circular modes).
        mode (str): ``'constant'``, ``'reflect'``, ``'replicate'`` or ``'circular'``. Default: ``'constant'``.
        value (float, optional): fill value for ``'constant'`` padding. Default: ``0``.

    The gradient of constant padding is the padding negated (a crop); reflect and replicate padding sum each
    output's gradient back into the input position it was read from.
    """
    pad = tuple(int(p) for p in pad)
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    if len(pad) // 2 > input.ndim:
        raise RuntimeError("Padding length should be less than or equal to two times the input dimension but got "
                           f"padding length {len(pad)} and input of dimension {input.ndim}")
    if mode == "constant":
        pairs = _pairs(pad, input.ndim)
        for dim, (lo, hi) in enumerate(pairs):
            if input.shape[dim] + lo + hi < 0:
                raise RuntimeError("narrow(): length must be non-negative.")
        return constant_pad(input, pad, 0 if value is None else value)
    if mode not in ("reflect", "replicate", "circular"):
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    if value is not None and value != 0:
        raise RuntimeError(f'Padding mode "{mode}" doesn\'t take in value argument')
    nd = len(pad) // 2
    if nd not in (1, 2, 3) or input.ndim not in (nd + 1, nd + 2):
        raise NotImplementedError(f"Padding size {len(pad)} is not supported for {input.ndim}D input tensor.\n"
                                  f"{_SUPPORT}")
    if mode == "circular":
        for i, (lo, hi) in enumerate(_pairs(pad, input.ndim)[input.ndim - nd:]):
            size = input.shape[input.ndim - nd + i]
            if lo > size or hi > size:
                raise RuntimeError("Padding value causes wrapping around more than once.")
        return _circular(input, pad)
    if mode == "reflect":
        for i in range(nd):
            lo, hi = pad[2 * i], pad[2 * i + 1]
            dim = input.ndim - 1 - i
            if lo >= input.shape[dim] or hi >= input.shape[dim]:
                raise RuntimeError(f"Argument #4: Padding size should be less than the corresponding input dimension, "
                                   f"but got: padding ({lo}, {hi}) at dimension {dim} of input {list(input.shape)}")
    return apply(_NODES[(mode, nd)], (input,), (input._data,), pad)
