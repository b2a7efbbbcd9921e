"""Sorting and order statistics: sort, argsort, msort, topk, kthvalue, median, nanmedian, mode.

Every op that picks elements (all but argsort) sends each output element's gradient to the element its
index names (torch's value_selecting_reduction_backward); ``median()`` and ``nanmedian()`` over all
elements share it among the elements equal to the result (evenly_distribute_backward), as ``max()``."""
from __future__ import annotations

import numpy as np

from .._layout import empty_preserving
from .._tensor import Tensor, make, wrap_dim
from . import _order
from ._parser import torch_args
from ._op import Op
from ._record import apply
from .reduction import _EvenlyDistributed, _return_type, dense_result, numpy_names
from .scan import scatter_key

__all__ = ["sort", "argsort", "msort", "topk", "kthvalue", "median", "nanmedian", "mode"]


def _stable_order(a: np.ndarray, dim: int, descending: bool) -> np.ndarray:
    """torch's stable sort order along ``dim``: NaN counts as the largest value, and tied elements keep
    their order in both directions (descending is the ascending order of the reversed slice, reversed)."""
    if not descending:
        return np.argsort(a, axis=dim, kind="stable")
    n = a.shape[dim]
    return np.flip(n - 1 - np.argsort(np.flip(a, dim), axis=dim, kind="stable"), dim)


class _Selecting(Op):
    """Values picked by ``indices`` along ``dim`` (with ``keepdim``): the gradient is scattered back there."""
    __slots__ = ("dim", "keepdim", "shape")
    _saved_names = ("indices",)
    _param_names = ("dim", "keepdim")
    multi_output = True
    differentiable_outputs = (0,)     # the indices are a plain int64 tensor

    def backward(ctx, g, xp):
        idx, = xp.saved(ctx)
        if isinstance(idx, Tensor):
            idx = idx._data
        if not ctx.shape:
            return (g,)
        if not ctx.keepdim and idx.ndim < len(ctx.shape):
            g = xp.unsqueeze(g, ctx.dim)
            idx = np.expand_dims(idx, ctx.dim)
        if xp.tensor_mode:      # recorded as torch's: zeros(...).scatter(dim, indices, grad)
            return (xp.zeros(ctx.shape, g.dtype.np).scatter(ctx.dim, make(idx), g),)
        return (xp.embed_add(g, ctx.shape, scatter_key(idx, ctx.dim)),)


def _finish(ctx, a, dim, keepdim, values, idx, like=None):
    """Save the indices; return (values, indices) with ``dim`` dropped unless ``keepdim``, laid out
    contiguously, or as ``like`` (sort: torch's ``preserve_format`` layout of the input)."""
    ctx.dim, ctx.keepdim, ctx.shape = dim, keepdim, a.shape
    if a.ndim == 0:
        values, idx = values.reshape(()), idx.reshape(())
    elif not keepdim:
        values, idx = values.squeeze(dim), idx.squeeze(dim)
    idx = idx.astype(np.int64, copy=False)
    if like is None or like.flags.c_contiguous:
        idx, values = dense_result(idx), dense_result(values)
    else:
        idx, values = _laid_out_as(like, idx), _laid_out_as(like, values)
    ctx.save(idx)
    return values, idx


def _laid_out_as(like: np.ndarray, r: np.ndarray) -> np.ndarray:
    out = empty_preserving(like, r.dtype)
    out[...] = r
    return out


def _rows(a: np.ndarray, dim: int) -> np.ndarray:
    """``a`` with ``dim`` last (a 0-d ``a`` as one element)."""
    return np.moveaxis(a.reshape(a.shape or (1,)), dim, -1)


class SortBackward0(_Selecting):
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, dim, descending, stable):
        x = a.reshape(a.shape or (1,))
        idx = _stable_order(x, dim, descending)
        if not stable:      # torch's std::sort: its order of tied elements
            idx = _replayed(x, dim, idx, lambda row: _order.sort_indices(row, descending))
        return _finish(ctx, a, dim, True, np.take_along_axis(x, idx, axis=dim), idx, like=a)


class SortBackward1(SortBackward0):
    """sort with ``stable=`` given (torch's ``sort.stable`` overload records its own node)."""
    __slots__ = ()


class TopkBackward0(_Selecting):
    __slots__ = ()
    _param_names = ("dim",)

    @staticmethod
    def forward(ctx, a, k, dim, largest, sorted_):  # noqa: A002
        x = a.reshape(a.shape or (1,))
        idx = np.take(_stable_order(x, dim, largest), np.arange(k), axis=dim)
        # where elements tie (or sorted=False leaves the order to the kernel), torch's own selection decides
        replay = None if sorted_ else _order.within_budget(np.ones(_rows(x, dim).shape[:-1], bool), x.shape[dim])
        idx = _replayed(x, dim, idx, lambda row: _order.topk_indices(row, k, largest, sorted_), replay)
        return _finish(ctx, a, dim, True, np.take_along_axis(x, idx, axis=dim), idx)


def _replayed(x: np.ndarray, dim: int, idx: np.ndarray, per_row, which=None) -> np.ndarray:
    """``idx`` (``dim`` of any size) with the rows that hold ties (or those of ``which``) replaced by
    ``per_row(row)``, torch's kernel replayed on that row (see _order.py)."""
    rows = _rows(x, dim)
    which = _order.rows_with_ties(rows) if which is None else which
    if not which.any() or idx.size == 0:
        return idx
    out = np.moveaxis(idx, dim, -1).copy()
    flat_rows, flat_out = rows.reshape(-1, rows.shape[-1]), out.reshape(-1, out.shape[-1])
    for r in np.flatnonzero(which.reshape(-1)):
        flat_out[r] = per_row(flat_rows[r])
    return np.moveaxis(flat_out.reshape(out.shape), -1, dim)


def _pick(ctx, a, dim, keepdim, position):
    """(values, indices) of the element at ``position`` (per slice, an array broadcast against the
    slices, or an int) of each slice's ascending order."""
    x = a.reshape(a.shape or (1,))
    order = _stable_order(x, dim, False)
    pos = np.expand_dims(np.broadcast_to(position, _rows(x, dim).shape[:-1]), dim)
    idx = np.take_along_axis(order, pos, axis=dim)
    return _finish(ctx, a, dim, keepdim, np.take_along_axis(x, idx, axis=dim), idx)


class KthvalueBackward0(_Selecting):
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, k, dim, keepdim):
        x = a.reshape(a.shape or (1,))
        idx = np.take(_stable_order(x, dim, False), [k - 1], axis=dim)
        idx = _replayed(x, dim, idx, lambda row: [_order.kth_index(row, k - 1)])
        return _finish(ctx, a, dim, keepdim, np.take_along_axis(x, idx, axis=dim), idx)


class MedianBackward1(_Selecting):
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, dim, keepdim):
        n = a.shape[dim] if a.ndim else 1
        if a.dtype.kind not in "fc" or not np.isnan(a).any():
            return _pick(ctx, a, dim, keepdim, (n - 1) // 2)
        # a slice holding a NaN has median NaN, at its first NaN; the others their lower median
        x = a.reshape(a.shape or (1,))
        nan_at = np.argmax(np.isnan(x), axis=dim)
        has_nan = np.isnan(x).any(axis=dim)
        order = _stable_order(x, dim, False)
        pos = np.expand_dims(np.full(has_nan.shape, (n - 1) // 2), dim)
        idx = np.take_along_axis(order, pos, axis=dim)
        idx = np.where(np.expand_dims(has_nan, dim), np.expand_dims(nan_at, dim), idx)
        return _finish(ctx, a, dim, keepdim, np.take_along_axis(x, idx, axis=dim), idx)


class NanmedianBackward1(_Selecting):
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, dim, keepdim):
        x = a.reshape(a.shape or (1,))
        # the lower median of each slice's non-NaN values (NaNs sort last); a slice of NaNs: its first NaN
        count = np.sum(~np.isnan(x), axis=dim) if a.dtype.kind in "fc" else np.full(_rows(x, dim).shape[:-1],
                                                                                     x.shape[dim])
        order = _stable_order(x, dim, False)
        pos = np.expand_dims(np.maximum(count - 1, 0) // 2, dim)
        idx = np.take_along_axis(order, pos, axis=dim)
        if not count.all():    # a slice of NaNs: which NaN torch's nth_element leaves first
            idx = _replayed(x, dim, idx, lambda row: [_order.nth_index(row, 0)], count == 0)
        return _finish(ctx, a, dim, keepdim, np.take_along_axis(x, idx, axis=dim), idx)


class ModeBackward0(_Selecting):
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, dim, keepdim):
        x = a.reshape(a.shape or (1,))
        # without ties every value occurs once: the mode is the smallest; else torch's kernel decides
        idx = np.expand_dims(np.argmin(x, axis=dim), dim)
        idx = _replayed(x, dim, idx, lambda row: [_order.mode_index(row)])
        return _finish(ctx, a, dim, keepdim, np.take_along_axis(x, idx, axis=dim), idx)


def _nan_as(dtype) -> np.ndarray:
    """The median of nothing: NaN, cast to ``dtype`` as torch's C++ cast does on x86 (the 32- and 64-bit
    integers' minimum, 0 for narrower ones, True for bool)."""
    if dtype.kind in "fc":
        return np.asarray(np.nan, dtype=dtype)
    if dtype.kind == "b":
        return np.asarray(True)
    return np.asarray(np.iinfo(dtype).min if dtype.itemsize >= 4 and dtype.kind == "i" else 0, dtype=dtype)


def _lower_median(a, axis=None, keepdims=False):
    if a.size == 0:
        return _nan_as(a.dtype)
    flat = np.sort(a.reshape(-1), kind="stable")      # NaNs last: a NaN anywhere is the median
    return flat[-1] if np.isnan(flat[-1:]).any() else flat[(flat.size - 1) // 2]


def _lower_nanmedian(a, axis=None, keepdims=False):
    flat = np.sort(a.reshape(-1), kind="stable")
    n = int(np.sum(~np.isnan(flat))) if a.dtype.kind in "fc" else flat.size
    return _nan_as(a.dtype) if n == 0 else flat[(n - 1) // 2]


class MedianBackward0(_EvenlyDistributed):
    __slots__ = ()
    np_fn = staticmethod(_lower_median)


class NanmedianBackward0(_EvenlyDistributed):
    __slots__ = ()
    np_fn = staticmethod(_lower_nanmedian)


SortReturn = _return_type("sort")
TopkReturn = _return_type("topk")
KthvalueReturn = _return_type("kthvalue")
MedianReturn = _return_type("median")
NanmedianReturn = _return_type("nanmedian")
ModeReturn = _return_type("mode")


# ----------------------------------------------------------------------------------------------
def _not_bool(input: Tensor, kernel: str) -> np.ndarray:  # noqa: A002
    d = input._data
    if d.dtype == np.bool_:
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")
    return d


def _nonempty_dim(name: str, d: np.ndarray, dim: int) -> None:
    if d.ndim and d.shape[dim] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {dim} to have non-zero size.")


@torch_args
@numpy_names
def sort(input: Tensor, dim: int = -1, descending: bool = False, *, stable: bool | None = None):  # noqa: A002
    """Sort the elements of ``input`` along ``dim``; return a namedtuple ``(values, indices)``.

    NaN counts as larger than every number. With ``stable=True`` tied elements keep their order (in both
    directions); without, they come in the order torch's CPU sort (``std::sort``) leaves them, which is the
    same for rows of up to 16 elements. The gradient of each sorted value goes back to the element it came
    from.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to sort along. Default: ``-1``.
        descending (bool): sort from the largest value down. Default: ``False``.

    Keyword args:
        stable (bool, optional): keep the order of equivalent elements (given, even ``False``, the node is
            ``SortBackward1``, as torch's). Default: ``None``.
    """
    d = input._data
    cls = SortBackward0 if stable is None else SortBackward1
    return SortReturn(*apply(cls, (input,), (d,), wrap_dim(dim, d.ndim), bool(descending), bool(stable)))


@torch_args
@numpy_names
def argsort(input: Tensor, dim: int = -1, descending: bool = False, *, stable: bool = False) -> Tensor:  # noqa: A002
    """Return the indices that sort ``input`` along ``dim`` (``sort(...).indices``), as ``int64``.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to sort along. Default: ``-1``.
        descending (bool): sort from the largest value down. Default: ``False``.

    Keyword args:
        stable (bool): keep the order of equivalent elements. Default: ``False``, torch's order for them.
    """
    return sort(input.detach(), dim=dim, descending=descending, stable=stable).indices


@torch_args
def msort(input: Tensor) -> Tensor:  # noqa: A002
    """Sort ``input`` along its first dimension (``sort(input, dim=0).values``)."""
    return sort(input, 0).values


@torch_args
@numpy_names
def topk(input: Tensor, k: int, dim: int = -1, largest: bool = True, sorted: bool = True):  # noqa: A002
    """Return the ``k`` largest (or, with ``largest=False``, smallest) elements of ``input`` along ``dim``, as a
    namedtuple ``(values, indices)``.

    NaN counts as the largest value; of tied elements, those torch's CPU kernel selects are returned, and
    with ``sorted=False`` in its order. The gradient goes back to the selected elements.

    Args:
        input (Tensor): the input tensor.
        k (int): the number of elements to return.
        dim (int): the dimension to sort along. Default: ``-1``.
        largest (bool): return the largest elements, else the smallest. Default: ``True``.
        sorted (bool): return the elements in sorted order. Default: ``True``.
    """
    d = input._data
    dim = wrap_dim(dim, d.ndim)
    n = d.shape[dim] if d.ndim else 1
    if not 0 <= k <= n:
        raise RuntimeError("selected index k out of range")
    if d.dtype == np.bool_:
        raise RuntimeError("topk does not support bool dtypes on CPU")
    if d.ndim == 0:     # torch gives a 0-d input back whatever k (0 or 1)
        k = 1
    return TopkReturn(*apply(TopkBackward0, (input,), (d,), int(k), dim, bool(largest), bool(sorted)))


@torch_args
@numpy_names
def kthvalue(input: Tensor, k: int, dim: int = -1, keepdim: bool = False):  # noqa: A002
    """Return the ``k``-th smallest element of each slice of ``input`` along ``dim`` and its index, as a
    namedtuple ``(values, indices)``. NaN counts as the largest value.

    Args:
        input (Tensor): the input tensor.
        k (int): k for the k-th smallest element (1 is the smallest).
        dim (int): the dimension to find the k-th value along. Default: ``-1``.
        keepdim (bool): whether the outputs have ``dim`` retained or not. Default: ``False``.
    """
    d = input._data
    dim = wrap_dim(dim, d.ndim)
    n = d.shape[dim] if d.ndim else 1
    if not 1 <= k <= n:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {dim}")
    _not_bool(input, "kthvalue_cpu")
    return KthvalueReturn(*apply(KthvalueBackward0, (input,), (d,), int(k), dim, keepdim))


@torch_args
@numpy_names
def median(input: Tensor, dim=None, keepdim: bool = False):  # noqa: A002
    """Return the median of ``input``'s values: the lower of the two middle values for an even count.

    ``median(input)`` returns a 0-d tensor (NaN if ``input`` holds a NaN, or is empty); its gradient is
    shared among the elements equal to it. ``median(input, dim, keepdim=False)`` returns a namedtuple
    ``(values, indices)``; the gradient of each value goes to the element its index names.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce. Default: ``None``, all elements.
        keepdim (bool): whether the outputs have ``dim`` retained or not. Default: ``False``.
    """
    if dim is None:
        return apply(MedianBackward0, (input,), (_all_median_operand(input),), None, False)
    dim = wrap_dim(dim, input._data.ndim)     # (torch: the dim first, then the dim kernel's dtype check)
    d = _not_bool(input, "median_out")
    _nonempty_dim("median", d, dim)
    return MedianReturn(*apply(MedianBackward1, (input,), (d,), dim, keepdim))


def _all_median_operand(input: Tensor):  # noqa: A002
    """``median()``'s array: torch returns an empty input's NaN before its kernel refuses bool."""
    return input._data if input._data.size == 0 else _not_bool(input, "median_cpu")


@torch_args
@numpy_names
def nanmedian(input: Tensor, dim=None, keepdim: bool = False):  # noqa: A002
    """:func:`median` ignoring NaN values: the lower median of the other values (NaN where there are none).

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce. Default: ``None``, all elements.
        keepdim (bool): whether the outputs have ``dim`` retained or not. Default: ``False``.
    """
    if dim is None:     # torch's nanmedian shares median's kernels and their messages
        return apply(NanmedianBackward0, (input,), (_all_median_operand(input),), None, False)
    dim = wrap_dim(dim, input._data.ndim)
    d = _not_bool(input, "median_out")
    _nonempty_dim("median", d, dim)
    return NanmedianReturn(*apply(NanmedianBackward1, (input,), (d,), dim, keepdim))


@torch_args
@numpy_names
def mode(input: Tensor, dim: int = -1, keepdim: bool = False):  # noqa: A002
    """Return the most frequent value of each slice of ``input`` along ``dim`` (the smallest of equally
    frequent ones) and the index of its last occurrence, as a namedtuple ``(values, indices)``.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to reduce. Default: ``-1``.
        keepdim (bool): whether the outputs have ``dim`` retained or not. Default: ``False``.
    """
    d = input._data
    dim = wrap_dim(dim, d.ndim)
    _nonempty_dim("mode", d, dim)
    return ModeReturn(*apply(ModeBackward0, (input,), (d,), dim, keepdim))
