"""``index_reduce``/``index_reduce_``: ``self`` with the slices of ``source`` along ``dim`` reduced into the
slices ``index`` names (``prod``, ``mean``, ``amax``, ``amin``), optionally leaving ``self``'s own
values out (``include_self=False``). The gradients are torch's ``index_reduce_backward``: a product
recomputed with the zeros masked to one (a single zero gets the product of the others), a mean
divided by the count, a max/min shared evenly among the tied elements.
"""
from __future__ import annotations

import warnings

import numpy as np

from .._tensor import Tensor, wrap_dim
from ._both import both, np_dtype
from ._inplace import apply_inplace
from ._op import Op
from ._parser import torch_args
from ._record import apply

__all__ = ["index_reduce", "index_reduce_"]

_UFUNC = {"prod": np.multiply, "mean": np.add, "amax": np.maximum, "amin": np.minimum}


def _identity(reduce: str, dtype: np.dtype):
    if reduce == "prod":
        return 1
    if reduce == "mean":
        return 0
    if dtype.kind == "f":
        return -np.inf if reduce == "amax" else np.inf
    if dtype.kind == "b":
        return reduce == "amin"
    info = np.iinfo(dtype)
    return info.min if reduce == "amax" else info.max


def _key(dim: int, index: np.ndarray) -> tuple:
    return (slice(None),) * dim + (index,)


def _counts(shape: tuple, dim: int, index: np.ndarray, include_self: bool) -> np.ndarray:
    """How many values each position of the result averages (at least one, as torch's)."""
    n = np.zeros(shape[dim], dtype=np.int64)
    np.add.at(n, index, 1)
    n = n + (1 if include_self else 0)
    n[n == 0] = 1
    return n.reshape((-1,) + (1,) * (len(shape) - dim - 1))


class IndexReduceBackward0(Op):
    __slots__ = ("dim", "index", "reduce", "include_self")
    _param_names = ("dim", "reduce", "include_self")
    _saved_names = ("self", "source", "result")

    @staticmethod
    def forward(ctx, a, src, dim, index, reduce, include_self):
        ctx.dim, ctx.index, ctx.reduce, ctx.include_self = dim, index, reduce, include_self
        r = np.array(a, order="C")      # torch reduces into a contiguous clone of self
        out, s = r, src
        if r.ndim == 0:                 # a scalar: one element, indexed by [0]
            r, s = r.reshape(1), src.reshape(1)
        key = _key(dim, index)
        if not include_self:
            r[key] = _identity(reduce, r.dtype)
        _UFUNC[reduce].at(r, key, s)
        if reduce == "mean":
            n = _counts(r.shape, dim, index, include_self)
            if r.dtype.kind in "iu":
                r //= n.astype(r.dtype)
            else:
                r /= n.astype(r.dtype)
        ctx.save(a, src, out)
        return out

    def backward(ctx, g, xp):
        a, src, r = xp.saved(ctx)
        dim, index, reduce, include_self = ctx.dim, ctx.index, ctx.reduce, ctx.include_self
        key = _key(dim, index)
        dt = np_dtype(g)
        a_arr, s_arr, r_arr = (a._data, src._data, r._data) if xp.tensor_mode else (a, src, r)
        if a_arr.ndim == 0:     # as forward: one-element rows (the engine sums the gradients back to 0-d)
            g, a, src, r = (xp.reshape(t, (1,)) for t in (g, a, src, r))
            a_arr, s_arr, r_arr = a_arr.reshape(1), s_arr.reshape(1), r_arr.reshape(1)
        shape = a_arr.shape
        if reduce == "mean":
            n = _counts(shape, dim, index, include_self).astype(dt)
            n = np.broadcast_to(n, shape)
            grad_self, grad_src = g * xp.constant(1.0 / n), g[key] * xp.constant(1.0 / n[key])
        elif reduce == "prod":
            grad_self, grad_src = _prod_grads(xp, g, a, src, r, a_arr, s_arr, dim, index, include_self)
        else:
            self_is = (a_arr == r_arr).astype(dt)
            src_is = (s_arr == r_arr[key]).astype(dt)
            spread = self_is.copy()
            np.add.at(spread, key, src_is)
            grad_self = g * xp.constant(self_is / spread)
            grad_src = g[key] * xp.constant(src_is / spread[key])
        if not include_self:
            mask = np.zeros(shape, dtype=bool)
            mask[key] = True
            grad_self = xp.where(xp.constant(mask), 0.0, grad_self)
        return grad_self, grad_src


def _prod_grads(xp, g, a, src, r, a_arr, s_arr, dim, index, include_self):
    """torch's: zeros in self or source are masked to one and the product recomputed without them, so a
    single zero gets the product of the others."""
    key = _key(dim, index)
    reduce_ = lambda s, t: both(xp, IndexReduceBackward0, (s, t), dim, index, "prod", include_self)  # noqa: E731
    masked_self = xp.where(xp.constant(a_arr == 0), 1.0, a)
    grad_self = g * reduce_(masked_self, src) / masked_self
    src_zero = s_arr == 0
    zeros = np.zeros(a_arr.shape, dtype=np.int64)
    np.add.at(zeros, key, src_zero.astype(np.int64))
    single = src_zero & (zeros[key] == 1)
    masked_src = xp.where(xp.constant(single), 1.0, src)
    grad_src = xp.where(xp.constant(single), (g * reduce_(a, masked_src))[key],
                        (g * r)[key] / xp.where(xp.constant(src_zero), 1.0, src))
    return grad_self, grad_src


_warned = []


def _arguments(input: Tensor, dim: int, index, source, reduce: str, include_self: bool) -> tuple:  # noqa: A002
    """The checked arguments as arrays (a 0-d self and source as one-element rows), with torch's errors
    in torch's order."""
    if not _warned:     # torch's TORCH_WARN_ONCE
        _warned.append(True)
        warnings.warn("index_reduce() is in beta and the API may change at any time.", UserWarning, stacklevel=3)
    if reduce not in _UFUNC:
        raise RuntimeError(f"index_reduce(): Expected reduce to be one of prod, mean, amax or amin but got {reduce}.")
    d, s, i = input._data, source._data, index._data
    dim = wrap_dim(dim, d.ndim)
    if i.ndim > 1:
        raise IndexError(f"index_reduce_(): Index is supposed to be a vector, but got dim: {i.ndim} with type: "
                         f"{index.dtype._legacy[:-6]} and size: {list(i.shape)}")
    if i.dtype != np.int64 and i.dtype != np.int32:
        raise RuntimeError(f"index_reduce_(): Expected dtype int32/int64 for index but got: "
                           f"{index.dtype._legacy[:-6]}")
    if d.dtype != s.dtype:
        raise RuntimeError(f"index_reduce_(): self ({input.dtype._legacy[:-6]}) and source "
                           f"({source.dtype._legacy[:-6]}) must have the same scalar type")
    if d.ndim != s.ndim or any(a != b for k, (a, b) in enumerate(zip(d.shape, s.shape)) if k != dim):
        raise RuntimeError(f"source tensor shape must match self tensor shape, excluding the specified dimension. "
                           f"Got self.shape = {list(d.shape)} source.shape = {list(s.shape)}")
    if s.ndim == 0 and i.size != 1:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    n_src = s.shape[dim] if s.ndim else 1
    if i.size != n_src:
        raise RuntimeError(f"index_reduce_(): Number of indices ({i.size}) should be equal to source.size(dim): "
                           f"({n_src}), for dim: {dim}")
    if d.dtype == np.bool_ and (not include_self or d.ndim <= 1):     # the kernels torch has no Bool one of
        kernel = "index_reduce_func_exclude_input_init" if not include_self else "index_func_"
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")
    size = d.shape[dim] if d.ndim else 1
    i = i.reshape(-1).astype(np.int64)
    if not include_self:    # torch fills the indexed slices first: index_fill_'s bounds check, which wraps -1
        bad = (i < -size) | (i >= size)
        if bad.any():
            raise IndexError(f"index {int(i[bad][0])} is out of bounds for dimension {dim} with size {size}")
    if i.size and (i.min() < 0 or i.max() >= size):
        raise IndexError("index out of range in self")
    if reduce == "mean" and d.dtype == np.bool_:
        raise NotImplementedError("\"div_floor_cpu\" not implemented for 'Bool'")
    return dim, i, d, s


@torch_args
def index_reduce(input: Tensor, dim: int, index: Tensor, source: Tensor, reduce: str, *,  # noqa: A002
                 include_self: bool = True) -> Tensor:
    """Reduce the slices of ``source`` along ``dim`` into a copy of ``input``, at the positions ``index`` gives.

    ``input[..., index[i], ...]`` is combined with ``source[..., i, ...]`` by ``reduce`` (``"prod"``,
    ``"mean"``, ``"amax"`` or ``"amin"``); repeated indices combine all their slices. With
    ``include_self=False`` the indexed positions of ``input`` are left out of the reduction. Integer means
    round down, as torch's.

    Args:
        input (Tensor): the tensor to reduce into.
        dim (int): the dimension to index along.
        index (Tensor): the 1-D int64 or int32 indices, one per slice of ``source``.
        source (Tensor): the values to reduce, shaped as ``input`` but in ``dim``.
        reduce (str): ``"prod"``, ``"mean"``, ``"amax"`` or ``"amin"``.

    Keyword args:
        include_self (bool): whether ``input``'s own values take part. Default: ``True``.
    """
    dim, i, d, s = _arguments(input, dim, index, source, reduce, include_self)
    return apply(IndexReduceBackward0, (input, source), (d, s), dim, i, reduce, bool(include_self))


@torch_args
def index_reduce_(input: Tensor, dim: int, index: Tensor, source: Tensor, reduce: str, *,  # noqa: A002
                  include_self: bool = True) -> Tensor:
    """In-place version of :func:`index_reduce`; returns ``input``."""
    dim, i, d, s = _arguments(input, dim, index, source, reduce, include_self)
    return apply_inplace(IndexReduceBackward0, input, (input, source), (d, s), dim, i, reduce, bool(include_self))

