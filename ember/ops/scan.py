"""Scans along a dim: cumsum, cumprod, cummax, cummin, logcumsumexp (and cumsum_, cumprod_)."""
from __future__ import annotations

import numpy as np

from .._tensor import Tensor, make, wrap_dim
from ._parser import torch_args
from ._inplace import apply_inplace
from ._op import Op
from ._record import apply
from .reduction import _return_type, dense_result, numpy_names

__all__ = ["cumsum", "cumprod", "cummax", "cummin", "logcumsumexp", "cumsum_", "cumprod_", "scatter_key",
           "flip_along"]


def flip_along(x, dim: int):
    """``x`` reversed along ``dim``: a copy for an array, ``flip`` (recorded, as torch's reversed_cumsum)
    for a tensor."""
    if isinstance(x, Tensor):
        return x.flip((dim,))
    return x[(slice(None),) * dim + (np.arange(x.shape[dim] - 1, -1, -1),)]


def _slice(x, dim: int, start=None, stop=None):
    return x[(slice(None),) * dim + (slice(start, stop),)]


def scatter_key(idx: np.ndarray, dim: int) -> tuple:
    """The advanced-index key that puts ``idx``'s values along ``dim`` and each element's own position
    along the other dims: ``z[key] += g`` is torch's ``z.scatter_add(dim, idx, g)``."""
    key = list(np.indices(idx.shape, sparse=True))
    key[dim] = idx
    return tuple(key)


def _cum_dtype(a: np.ndarray, dtype):
    if dtype is not None:
        return dtype.np
    return np.dtype(np.int64) if a.dtype.kind in "biu" else a.dtype


def _accumulate(np_fn, a: np.ndarray, dim: int, out_dtype) -> np.ndarray:
    """torch's CPU scan: float inputs accumulate in double (its acc_type), written in the result dtype."""
    if a.ndim == 0:
        return a.astype(out_dtype)
    acc = np.float64 if np.dtype(out_dtype).kind == "f" else out_dtype
    with np.errstate(over="ignore", invalid="ignore"):     # inf and NaN results are silent, as in torch
        return dense_result(np_fn(a, axis=dim, dtype=acc).astype(out_dtype, copy=False))


def _cumsum_xp(xp, x, dim: int):
    return cumsum(x, dim) if xp.tensor_mode else np.cumsum(x, axis=dim)


class CumsumBackward0(Op):
    __slots__ = ("dim",)
    _param_names = ("dim",)

    @staticmethod
    def forward(ctx, a, dim, dtype):
        ctx.dim = dim
        return _accumulate(np.cumsum, a, dim, _cum_dtype(a, dtype))

    def backward(ctx, g, xp):
        dim = ctx.dim
        if len(g.shape) == 0 or g.shape[dim] <= 1:
            return (g,)
        # torch's cumsum_backward: the reversed cumulative sum
        return (flip_along(_cumsum_xp(xp, flip_along(g, dim), dim), dim),)


class CumprodBackward0(Op):
    __slots__ = ("dim",)
    _saved_names = ("self", "result")
    _param_names = ("dim",)

    @staticmethod
    def forward(ctx, a, dim, dtype):
        ctx.dim = dim
        r = _accumulate(np.cumprod, a, dim, _cum_dtype(a, dtype))
        ctx.save(a, r)
        return r

    def backward(ctx, g, xp):
        a, r = xp.saved(ctx)
        dim = ctx.dim
        shape = tuple(a.shape)
        if len(shape) == 0 or shape[dim] <= 1:
            return (g,)
        if not xp.tensor_mode:
            return (_cumprod_grad_array(g, a, r, dim),)
        if (a._data != 0).all():    # torch's formula without zeros, in both modes
            return (flip_along(cumsum(flip_along(g * r, dim), dim), dim) / a,)
        return (_cumprod_grad_with_zeros(xp, g, a, dim, shape),)


def _reversed_cumsum(x: np.ndarray, dim: int) -> np.ndarray:
    return flip_along(np.cumsum(flip_along(x, dim), axis=dim), dim)


def _cumprod_grad_array(g: np.ndarray, a: np.ndarray, r: np.ndarray, dim: int) -> np.ndarray:
    """torch's first-order cumprod_backward, O(n): without zeros, the reversed cumsum of grad * output
    over the input; with zeros, that formula up to each slice's first zero, a product of the others for
    the first zero itself, and exactly 0 after it (where every product holds the zero)."""
    w = g * r
    zero = a == 0
    if not zero.any():
        return _reversed_cumsum(w, dim) / a
    seen = np.cumsum(zero, axis=dim)
    before = seen == 0
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(before, _reversed_cumsum(np.where(before, w, 0), dim) / np.where(before, a, 1), 0)
    # the first zero x_k: sum over j in [k, next zero) of g_j * prod_{i <= j, i != k} x_i
    between = seen == 1
    first = between & zero
    others = np.cumprod(np.where(first, 1, np.where(seen <= 1, a, 1)), axis=dim)
    at_first = np.sum(np.where(between, g * others, 0), axis=dim, keepdims=True)
    return np.where(first, at_first, out).astype(g.dtype, copy=False)


def _cumprod_grad_with_zeros(xp, g, a, dim: int, shape: tuple):
    """torch's cumprod_backward under create_graph: for each k, the sum over j >= k of grad_j times the
    product of the elements up to j but k, computed without dividing and written into a zero gradient
    slice by slice (so its second derivative is exact at zeros too)."""
    def prod_until(x):
        return x.prod(dim, keepdim=True)
    ones = xp.constant(np.ones(shape[:dim] + (1,) + shape[dim + 1:], dtype=a.dtype.np))
    out = xp.zeros(shape, g.dtype.np)
    n = shape[dim]
    for k in range(n):
        if k == 0:
            omitted = xp.cat([ones, cumprod(_slice(a, dim, 1), dim)], dim)
        elif k == n - 1:
            omitted = prod_until(_slice(a, dim, 0, k))
        else:
            until = prod_until(_slice(a, dim, 0, k))
            omitted = xp.cat([until, until * cumprod(_slice(a, dim, k + 1), dim)], dim)
        out[(slice(None),) * dim + (k,)] = xp.sum(_slice(g, dim, k) * omitted, (dim,), False)
    return out


class _CumExtremum(Op):
    """cummax/cummin: values and indices; the gradient is scatter-added to the indices."""
    __slots__ = ("dim",)
    _saved_names = ("self", "indices")
    _param_names = ("dim",)
    multi_output = True
    differentiable_outputs = (0,)
    better = None

    @classmethod
    def forward(cls, ctx, a, dim):
        ctx.dim = dim
        x = np.moveaxis(a.reshape(a.shape or (1,)), dim, 0)
        values, idx = np.empty_like(x), np.zeros(x.shape, dtype=np.int64)
        if x.shape[0]:
            best, at = x[0].copy(), np.zeros(x.shape[1:], dtype=np.int64)
            floating = a.dtype.kind in "fc"
            for i in range(x.shape[0]):
                cur = x[i]
                # torch's cummax_cummin_helper: a NaN always takes over; else >= (<= for min), so ties move on
                take = cls.better(cur, best)
                if floating:
                    take = np.isnan(cur) | (take & ~np.isnan(best))
                best, at = np.where(take, cur, best), np.where(take, i, at)
                values[i], idx[i] = best, at
        # torch's scans write contiguous results, whatever the input's layout
        values = dense_result(np.moveaxis(values, 0, dim).reshape(a.shape))
        idx = dense_result(np.moveaxis(idx, 0, dim).reshape(a.shape))
        ctx.save(a, idx)
        return values, idx

    def backward(ctx, g, xp):
        a, idx = xp.saved(ctx)
        if isinstance(idx, Tensor):
            idx = idx._data
        if not idx.size:
            return (a,)     # torch's cummaxmin_backward returns an empty input itself (create_graph: a leaf's own)
        if idx.ndim == 0:
            return (g,)
        if xp.tensor_mode:      # recorded as torch's: zeros(...).scatter_add(dim, indices, grad)
            return (xp.zeros(idx.shape, g.dtype.np).scatter_add(ctx.dim, make(idx), g),)
        return (xp.embed_add(g, idx.shape, scatter_key(idx, ctx.dim)),)


class CummaxBackward0(_CumExtremum):
    __slots__ = ()
    better = staticmethod(np.greater_equal)


class CumminBackward0(_CumExtremum):
    __slots__ = ()
    better = staticmethod(np.less_equal)


class LogcumsumexpBackward0(Op):
    __slots__ = ("dim",)
    _saved_names = ("self", "result")
    _param_names = ("dim",)

    @staticmethod
    def forward(ctx, a, dim):
        ctx.dim = dim
        with np.errstate(invalid="ignore"):     # NaN (and inf - inf) give NaN silently, as torch
            r = a.copy() if a.ndim == 0 else dense_result(np.logaddexp.accumulate(a, axis=dim))
        ctx.save(a, r)
        return r

    def backward(ctx, g, xp):
        a, r = xp.saved(ctx)
        dim = ctx.dim
        if len(a.shape) == 0:
            return (g,)
        # torch's logcumsumexp_backward: the positive and negative parts of grad in log space, each
        # through a reversed logcumsumexp (no overflow where exp(x) would)
        lowest = float(np.finfo(r.dtype.np if xp.tensor_mode else r.dtype).min)

        def reverse_lcse(x):
            if xp.tensor_mode:
                return flip_along(logcumsumexp(flip_along(x, dim), dim), dim)
            with np.errstate(invalid="ignore"):
                return flip_along(np.logaddexp.accumulate(flip_along(x, dim), axis=dim), dim)
        log_abs = xp.log(xp.abs(g))
        positive = xp.where(g > 0, log_abs, lowest)
        negative = xp.where(g < 0, log_abs, lowest)
        return (xp.exp(reverse_lcse(positive - r) + a) - xp.exp(reverse_lcse(negative - r) + a),)


CummaxReturn = _return_type("cummax")
CumminReturn = _return_type("cummin")


# ----------------------------------------------------------------------------------------------
@torch_args
@numpy_names
def cumsum(input: Tensor, dim: int, *, dtype=None) -> Tensor:  # noqa: A002
    """Return the cumulative sum of ``input``'s elements along ``dim``.

    Bool and integer inputs are summed as ``int64`` unless ``dtype`` is given; float inputs accumulate in
    double precision, as torch's CPU kernel. The gradient is the reversed cumulative sum of the gradient.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to do the operation over.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type of the returned tensor. Default: ``None``.
    """
    d = input._data
    if dtype is not None and dtype.np.kind == "b":      # torch's kernel has no bool instance
        raise NotImplementedError("\"cumsum_out_cpu\" not implemented for 'Bool'")
    return apply(CumsumBackward0, (input,), (d,), wrap_dim(dim, d.ndim), dtype)


@torch_args
@numpy_names
def cumprod(input: Tensor, dim: int, *, dtype=None) -> Tensor:  # noqa: A002
    """Return the cumulative product of ``input``'s elements along ``dim``.

    Bool and integer inputs are multiplied as ``int64`` unless ``dtype`` is given. The gradient is exact
    even where the input holds zeros (torch's formula: products of the other elements, no division), and
    differentiable again.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to do the operation over.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type of the returned tensor. Default: ``None``.
    """
    d = input._data
    if dtype is not None and dtype.np.kind == "b":      # torch's kernel has no bool instance
        raise NotImplementedError("\"cumprod_out_cpu\" not implemented for 'Bool'")
    return apply(CumprodBackward0, (input,), (d,), wrap_dim(dim, d.ndim), dtype)


# caffe2's TypeMeta names, which torch's in-place dtype check prints
_TYPE_META = {"?": "bool", "B": "unsigned char", "b": "signed char", "h": "short int", "i": "int", "l": "long int",
              "q": "long int", "e": "c10::Half", "f": "float", "d": "double", "F": "c10::complex<float>",
              "D": "c10::complex<double>"}


def _scan_inplace(cls, input: Tensor, dim: int, dtype) -> Tensor:  # noqa: A002
    d = input._data
    if dtype is not None and dtype is not input.dtype:
        raise RuntimeError(f"Bad in-place call: input tensor dtype {_TYPE_META.get(d.dtype.char, d.dtype.name)} and "
                           f"output tensor dtype {_TYPE_META.get(dtype.np.char, dtype.np.name)} should match")
    dim = wrap_dim(dim, d.ndim)
    if d.dtype == np.bool_:      # (the out-of-place forms compute bools as int64; in place there is no room)
        kernel = "cumsum_out_cpu" if cls is CumsumBackward0 else "cumprod_out_cpu"
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")
    return apply_inplace(cls, input, (input,), (d,), dim, input.dtype)


@torch_args
@numpy_names
def cumsum_(input: Tensor, dim: int, *, dtype=None) -> Tensor:  # noqa: A002
    """In-place :func:`cumsum` (``dtype``, if given, must be ``input``'s)."""
    return _scan_inplace(CumsumBackward0, input, dim, dtype)


@torch_args
@numpy_names
def cumprod_(input: Tensor, dim: int, *, dtype=None) -> Tensor:  # noqa: A002
    """In-place :func:`cumprod` (``dtype``, if given, must be ``input``'s)."""
    return _scan_inplace(CumprodBackward0, input, dim, dtype)


@torch_args
@numpy_names
def cummax(input: Tensor, dim: int):  # noqa: A002
    """Return a namedtuple ``(values, indices)``: the running maximum of ``input`` along ``dim`` and where
    it was found (the latest of tied elements; a NaN, once met, is the maximum from then on).

    The gradient of each output element goes to the element its index names.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to do the operation over.
    """
    d = input._data
    # torch checks no dim for an empty input (cummax of a (0,)-tensor over dim 5 is empty): any one will do
    return CummaxReturn(*apply(CummaxBackward0, (input,), (d,), wrap_dim(dim, d.ndim) if d.size else 0))


@torch_args
@numpy_names
def cummin(input: Tensor, dim: int):  # noqa: A002
    """Return a namedtuple ``(values, indices)``: the running minimum of ``input`` along ``dim`` and where
    it was found (the latest of tied elements; a NaN, once met, is the minimum from then on).

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to do the operation over.
    """
    d = input._data
    # torch checks no dim for an empty input (cummax of a (0,)-tensor over dim 5 is empty): any one will do
    return CumminReturn(*apply(CumminBackward0, (input,), (d,), wrap_dim(dim, d.ndim) if d.size else 0))


@torch_args
@numpy_names
def logcumsumexp(input: Tensor, dim: int) -> Tensor:  # noqa: A002
    """Return ``log(cumsum(exp(input), dim))``, computed without overflow (a running ``logaddexp``).

    Args:
        input (Tensor): the input tensor, of a floating point dtype.
        dim (int): the dimension to do the operation over.
    """
    d = input._data
    dim = wrap_dim(dim, d.ndim)
    if d.dtype.kind not in "fc":
        raise NotImplementedError(f"\"logcumsumexp_out_cpu\" not implemented for '{input.dtype._legacy[:-6]}'")
    return apply(LogcumsumexpBackward0, (input,), (d,), dim)
