"""Set and search ops, none differentiable: unique, unique_consecutive, searchsorted, bucketize, histc,
histogram, bincount."""
from __future__ import annotations

import numpy as np

from .. import _creation
from .._tensor import Tensor, make, wrap_dim
from ._op import Op
from ._parser import torch_args
from ._record import apply
from .reduction import _return_type

__all__ = ["unique", "unique_consecutive", "searchsorted", "bucketize", "histc", "histogram", "bincount"]

HistogramReturn = _return_type("histogram", ("hist", "bin_edges"))


class _NoDerivative(Op):
    """A node torch records although it has no derivative: the outputs require grad (as torch's), and
    a backward through them raises torch's error. forward hands back the outputs computed already."""
    __slots__ = ()
    multi_output = True
    differentiable_outputs = (0,)       # the values; inverse indices and counts are plain tensors
    kernel = ""

    @staticmethod
    def forward(ctx, *arrays_and_outputs):
        return arrays_and_outputs[-1]

    def backward(ctx, grads, xp):
        raise NotImplementedError(f"the derivative for '{type(ctx).kernel}' is not implemented.")


class Unique2Backward0(_NoDerivative):
    __slots__ = ()
    kernel = "_unique2"


class UniqueDimBackward0(_NoDerivative):
    __slots__ = ()
    kernel = "unique_dim"


class UniqueConsecutiveBackward0(_NoDerivative):
    __slots__ = ()
    kernel = "unique_consecutive"


class NotImplemented(_NoDerivative):  # noqa: A001  (torch's generic node for histogram is named so)
    __slots__ = ()
    differentiable_outputs = (0, 1)     # torch's generic NotImplemented node: hist and bin_edges

    def backward(ctx, grads, xp):
        raise RuntimeError("derivative for aten::histogram is not implemented")


def _outputs(node, input: Tensor, values: np.ndarray, inverse, counts, return_inverse: bool,  # noqa: A002
             return_counts: bool):
    outs = (values, np.asarray(inverse, dtype=np.int64), np.asarray(counts, dtype=np.int64))
    out = apply(node, (input,), (input._data,), outs)
    picked = [out[0]] + [t for t, want in zip(out[1:], (return_inverse, return_counts)) if want]
    return picked[0] if len(picked) == 1 else tuple(picked)


def unique(input: Tensor, sorted: bool = True, return_inverse: bool = False, return_counts: bool = False,  # noqa: A002
           dim=None):
    """Return the unique elements of ``input`` (or its unique slices along ``dim``), in ascending order.

    Every NaN counts as distinct, as in torch. Torch's CPU kernel returns sorted values for ``sorted=False``
    too, and so does ember. For an input requiring grad the values require grad too, as torch's, but
    have no derivative (backward raises torch's NotImplementedError).

    Args:
        input (Tensor): the input tensor.
        sorted (bool): whether to sort the unique elements in ascending order. Default: ``True``.
        return_inverse (bool): also return, for each element (slice) of ``input``, its index in the output.
        return_counts (bool): also return the number of occurrences of each unique element (slice).
        dim (int, optional): the dimension to take unique slices along. Default: ``None``, elements.

    Returns:
        The unique values, or a tuple ``(output, inverse_indices, counts)`` of those asked for.
    """
    d = input._data
    if dim is None:
        values, inverse, counts = np.unique(d.reshape(-1), return_inverse=True, return_counts=True, equal_nan=False)
        return _outputs(Unique2Backward0, input, values, inverse.reshape(d.shape), counts, return_inverse,
                        return_counts)
    dim = wrap_dim(dim, d.ndim)
    if d.ndim == 0:
        return _outputs(UniqueDimBackward0, input, d.reshape(1), np.zeros((), np.int64), np.ones(1, np.int64),
                        return_inverse, return_counts)
    values, inverse, counts = np.unique(d, return_inverse=True, return_counts=True, axis=dim, equal_nan=False)
    return _outputs(UniqueDimBackward0, input, np.ascontiguousarray(values), inverse.reshape(-1), counts,
                    return_inverse, return_counts)


def unique_consecutive(input: Tensor, return_inverse: bool = False, return_counts: bool = False,  # noqa: A002
                       dim=None):
    """Collapse each run of equal consecutive elements of ``input`` (or slices along ``dim``) to one.

    Args:
        input (Tensor): the input tensor.
        return_inverse (bool): also return, for each element (slice) of ``input``, its index in the output.
        return_counts (bool): also return the length of each run.
        dim (int, optional): the dimension to take slices along. Default: ``None``, elements.

    Returns:
        The collapsed values, or a tuple ``(output, inverse_indices, counts)`` of those asked for.
    """
    d = input._data
    if dim is None:
        rows, shape = d.reshape(-1, 1), d.shape
    else:
        dim = wrap_dim(dim, d.ndim)
        if d.ndim == 0:
            return _outputs(UniqueConsecutiveBackward0, input, d.reshape(1), np.zeros((), np.int64),
                            np.ones(1, np.int64), return_inverse, return_counts)
        rows, shape = np.moveaxis(d, dim, 0).reshape(d.shape[dim], -1), (d.shape[dim],)
    n = rows.shape[0]
    starts = np.flatnonzero(np.r_[True, np.any(rows[1:] != rows[:-1], axis=1)]) if n else np.zeros(0, np.int64)
    counts = np.diff(np.r_[starts, n])
    inverse = np.repeat(np.arange(len(starts)), counts).reshape(shape)
    values = d.reshape(-1)[starts] if dim is None else np.ascontiguousarray(np.take(d, starts, axis=dim))
    return _outputs(UniqueConsecutiveBackward0, input, values, inverse, counts, return_inverse, return_counts)


def _as_values(x) -> np.ndarray:
    return x._data if isinstance(x, Tensor) else np.asarray(x)


@torch_args
def searchsorted(sorted_sequence: Tensor, input, *, out_int32: bool = False, right: bool = False,  # noqa: A002
                 side: str | None = None, sorter: Tensor | None = None) -> Tensor:
    """Find, for each value of ``input``, the index in the innermost dimension of ``sorted_sequence`` where
    it would be inserted to keep that dimension sorted.

    ``sorted_sequence`` is 1-D, or has the leading dims of ``input`` (one sorted row per row of ``input``).

    Args:
        sorted_sequence (Tensor): sorted along its last dimension (unless ``sorter`` sorts it).
        input (Tensor or Scalar): the values to find positions for.

    Keyword args:
        out_int32 (bool): return ``int32`` indices instead of ``int64``. Default: ``False``.
        right (bool): for a value equal to an element, return the index after it (else before). Default: ``False``.
        side (str, optional): ``'left'`` or ``'right'``, the same as ``right``. Default: ``None``.
        sorter (LongTensor, optional): the indices that sort ``sorted_sequence`` along its last dimension.
    """
    if side is not None:
        if side not in ("left", "right"):
            raise RuntimeError(f"torch.searchsorted(): side can only be 'left' or 'right' but got {side}")
        if right and side == "left":
            raise RuntimeError("torch.searchsorted(): side and right can't be set to opposites, got side of left "
                               "while right was True")
        right = side == "right"
    seq = sorted_sequence._data
    values = _as_values(input)
    if sorter is not None:
        if tuple(sorter.shape) != seq.shape:
            raise RuntimeError(f"torch.searchsorted(): boundary and sorter must have the same size, but got boundary "
                               f"tensor {list(seq.shape)}and got sorter tensor {list(sorter.shape)}")
        seq = np.take_along_axis(seq, sorter._data, axis=-1)
    if seq.ndim == 0:
        raise RuntimeError("torch.searchsorted(): boundaries tensor should have positive dimension, but got 0 "
                           "dimension")
    if seq.ndim > 1 and values.ndim == 0:
        raise RuntimeError(f"torch.searchsorted(): input value can be a scalar only when boundaries tensor dimension "
                           f"is 1, but we got boundaries tensor dim({seq.ndim}) and input value's dim(0) numel(1)")
    if seq.ndim > 1 and (values.ndim != seq.ndim or values.shape[:-1] != seq.shape[:-1]):
        raise RuntimeError(f"torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 "
                           f"dimensions of boundaries tensor and input value tensor must match, but we got "
                           f"boundaries tensor {list(seq.shape)} and input value tensor {list(values.shape)}")
    out = _binary_search(seq, values, right)
    return make(np.asarray(out, dtype=np.int32 if out_int32 else np.int64))


def _binary_search(seq: np.ndarray, values: np.ndarray, right: bool) -> np.ndarray:
    """torch's cus_lower_bound / cus_upper_bound, for every value at once: the first position whose element
    is not below (``right``: not at or below) the value. Its comparisons make a NaN value land past the end."""
    n = seq.shape[-1]
    start = np.zeros(values.shape, dtype=np.int64)
    end = np.full(values.shape, n, dtype=np.int64)
    with np.errstate(invalid="ignore"):
        while True:
            active = start < end
            if not active.any():
                return start
            mid = start + ((end - start) >> 1)
            at = np.minimum(mid, n - 1)
            mid_val = seq[at] if seq.ndim == 1 else np.take_along_axis(seq, at, axis=-1)
            onward = ~(mid_val > values) if right else ~(mid_val >= values)
            start = np.where(active & onward, mid + 1, start)
            end = np.where(active & ~onward, mid, end)


@torch_args
def bucketize(input, boundaries: Tensor, *, out_int32: bool = False, right: bool = False) -> Tensor:  # noqa: A002
    """Return the index of the bucket each value of ``input`` falls in, with the 1-D ``boundaries``.

    With ``right=False`` value ``v`` goes to ``i`` with ``boundaries[i-1] < v <= boundaries[i]``; with
    ``right=True`` to ``i`` with ``boundaries[i-1] <= v < boundaries[i]``.

    Args:
        input (Tensor or Scalar): the values.
        boundaries (Tensor): increasing bucket boundaries, 1-D.

    Keyword args:
        out_int32 (bool): return ``int32`` indices instead of ``int64``. Default: ``False``.
        right (bool): which side of a boundary a value equal to it goes to. Default: ``False``.
    """
    if boundaries.ndim != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim({boundaries.ndim})")
    return searchsorted(boundaries, input, out_int32=out_int32, right=right)


def _float_only(input: Tensor, kernel: str) -> np.ndarray:  # noqa: A002
    d = input._data
    if d.dtype.kind != "f":
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{input.dtype._legacy[:-6]}'")
    return d


def _bin_positions(d: np.ndarray, edges: np.ndarray) -> tuple:
    """(bin of each element in range, the in-range mask): bin i holds [edges[i], edges[i+1]), the last bin
    also its right edge; elements outside [edges[0], edges[-1]] are left out."""
    flat = d.reshape(-1)
    inside = (flat >= edges[0]) & (flat <= edges[-1])
    pos = np.searchsorted(edges, flat[inside], side="right") - 1
    return np.minimum(pos, len(edges) - 2), inside


@torch_args
def histc(input: Tensor, bins: int = 100, min=0, max=0) -> Tensor:  # noqa: A002
    """Compute the histogram of ``input`` with ``bins`` equal-width bins between ``min`` and ``max``.

    With ``min == max == 0`` the data's own minimum and maximum are used (widened by 1 on each side if they
    are equal). Elements outside the range are ignored. The result has ``input``'s dtype.

    Args:
        input (Tensor): the input tensor, of a floating point dtype.
        bins (int): the number of bins. Default: ``100``.
        min (Scalar): the lower end of the range (inclusive). Default: ``0``.
        max (Scalar): the upper end of the range (inclusive). Default: ``0``.
    """
    if bins <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for dimension 0")
    d = _float_only(input, "histogram_cpu")
    lo, hi = float(min), float(max)
    if lo == hi and d.size:
        lo, hi = float(d.min()), float(d.max())
    if lo > hi:
        raise RuntimeError("torch.histc: max must be larger than min")
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    # torch's histc: pos = (x - lo) * bins / (hi - lo), in the input dtype, without checking the edges
    t = d.dtype.type
    flat = d.reshape(-1)
    inside = (flat >= t(lo)) & (flat <= t(hi))
    pos = ((flat[inside] - t(lo)) * t(bins) / (t(hi) - t(lo))).astype(np.int64)
    pos = np.minimum(pos, bins - 1)
    return make(np.bincount(pos, minlength=bins).astype(d.dtype))


@torch_args
def histogram(input: Tensor, bins=100, *, range=None, weight: Tensor | None = None,  # noqa: A002
              density: bool = False):
    """Compute the histogram of ``input``; return a namedtuple ``(hist, bin_edges)``.

    Args:
        input (Tensor): the input tensor, of a floating point dtype.
        bins (int or 1-D Tensor): the number of equal-width bins, or the increasing bin edges.

    Keyword args:
        range (tuple of float, optional): the lower and upper ends of the bins (with an int ``bins``).
            Default: the data's minimum and maximum.
        weight (Tensor, optional): a weight per element of ``input``. Default: ``None`` (weight 1).
        density (bool): normalise the histogram so that it integrates to 1 over the range. Default: ``False``.
    """
    d = _float_only(input, "histogramdd")
    if isinstance(bins, Tensor):
        if bins._data.dtype != d.dtype:
            raise RuntimeError(f"torch.histogramdd: input tensor and bins tensors should have the same dtype, but got "
                               f"input with dtype {input.dtype._cname} and bins for dimension 0 with dtype "
                               f"{bins.dtype._cname}")
        edges = bins._data
        if edges.ndim != 1:
            raise RuntimeError(f"torch.histogramdd: bins tensor should have one dimension, but got {edges.ndim} "
                               "dimensions in the bins tensor for dimension 0")
        if edges.size == 0:
            raise RuntimeError("torch.histogramdd: bins tensor should have at least 1 element, but got 0 elements "
                               "in the bins tensor for dimension 0")
        if edges.size == 1:
            raise RuntimeError("torch.histogram(): bins must be > 0, but got 0 for dimension 0")
    else:
        if bins <= 0:
            raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for dimension 0")
        if range is not None:
            lo, hi = float(range[0]), float(range[1])
        elif d.size:
            lo, hi = float(d.min()), float(d.max())
        else:
            lo, hi = 0.0, 1.0       # (torch's edges for an empty input)
        if lo == hi:
            lo, hi = lo - 0.5, hi + 0.5
        edges = _creation.linspace(lo, hi, int(bins) + 1, dtype=input.dtype)._data
    pos, inside = _bin_positions(d, edges)
    w = None if weight is None else weight._data.reshape(-1)[inside]
    hist = np.bincount(pos, weights=w, minlength=len(edges) - 1).astype(d.dtype)
    if density:
        with np.errstate(divide="ignore", invalid="ignore"):
            hist = (hist / (hist.sum() * np.diff(edges))).astype(d.dtype)
    tensors = (input,) if weight is None else (input, weight)
    out = apply(NotImplemented, tensors, tuple(t._data for t in tensors), (hist, np.array(edges)))
    return HistogramReturn(*out)


@torch_args
def bincount(input: Tensor, weights: Tensor | None = None, minlength: int = 0) -> Tensor:  # noqa: A002
    """Count the occurrences of each value in a 1-D tensor of non-negative integers.

    The result has length ``max(input) + 1`` (at least ``minlength``). With ``weights``, each occurrence adds its
    weight: the result is ``float32`` for ``float32`` weights, else ``float64``, as in torch.

    Args:
        input (Tensor): 1-D, non-negative integers.
        weights (Tensor, optional): a weight per element of ``input``, of the same length. Default: ``None``.
        minlength (int): the minimum number of bins. Default: ``0``.
    """
    d = input._data
    if d.dtype.kind not in "iu":
        raise NotImplementedError(f"\"bincount_cpu\" not implemented for '{input.dtype._legacy[:-6]}'")
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")
    if d.ndim != 1 or (d.size and d.min() < 0):
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if weights is None:
        return make(np.bincount(d, minlength=minlength).astype(np.int64))
    w = weights._data
    if w.ndim != 1 or w.shape[0] != d.shape[0]:
        raise RuntimeError("weights should be 1-d and have the same length as input")
    out = np.float32 if w.dtype == np.float32 else np.float64
    return make(np.bincount(d, weights=w.astype(np.float64), minlength=minlength).astype(out))
