"""More reductions: all/any, count_nonzero, nansum/nanmean, logsumexp, aminmax.
(sum, mean, max, min, prod are in reduction.py; var, std in statistics.py.)"""
from __future__ import annotations

import numpy as np

from .. import _dtype
from .._tensor import Tensor, make
from ._parser import torch_args
from ._op import Op
from ._record import apply
from .reduction import (_check_grad_dtype, _dims, _restore_dims, _return_type, _sum_dtype, absent, dense_result,
                        numpy_names)
from .shape import check_dims

__all__ = ["all", "any", "count_nonzero", "nansum", "nanmean", "logsumexp", "aminmax"]


def _reduced(dim, ndim: int) -> tuple:
    """The dims a reduction with an optional int-or-tuple ``dim`` reduces (None or () is all)."""
    if dim is not None and not isinstance(dim, (int, np.integer)) and len(dim) > 1:
        check_dims(dim, ndim)       # torch's error for a repeated dim
    return _dims(dim, ndim)


class NansumBackward0(Op):
    __slots__ = ("dims", "keepdim")
    _saved_names = ("self",)
    _param_names = ("dim", "keepdim")

    @staticmethod
    def forward(ctx, a, dims, keepdim, dtype):
        ctx.dims, ctx.keepdim = dims, keepdim
        ctx.save(a)
        return dense_result(np.asarray(np.nansum(a, axis=dims, keepdims=keepdim, dtype=dtype)))

    def backward(ctx, g, xp):
        a, = xp.saved(ctx)
        arr = a._data if xp.tensor_mode else a
        g = _restore_dims(xp, g, ctx.dims, ctx.keepdim, arr.ndim)
        # torch's nansum_backward: grad * self.isnan().logical_not()
        return (g * xp.constant(~np.isnan(arr)),)


class LogsumexpBackward0(Op):
    __slots__ = ("dims", "keepdim")
    _saved_names = ("self", "result")
    _param_names = ("dim", "keepdim")

    @staticmethod
    def forward(ctx, a, dims, keepdim):
        ctx.dims, ctx.keepdim = dims, keepdim
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            if a.size:
                # torch's: shift by the max (taken as 0 where it is infinite), sum the exps, log, shift back
                m = np.max(a, axis=dims, keepdims=True)
                m = np.where(np.isinf(m), 0, m).astype(a.dtype)
                r = np.log(np.sum(np.exp(a - m), axis=dims, keepdims=True)) + m
            else:
                r = np.log(np.sum(np.exp(a), axis=dims, keepdims=True))
        if not keepdim and dims:
            r = r.squeeze(dims)
        r = dense_result(np.asarray(r, dtype=a.dtype))
        ctx.save(a, r)
        return r

    def backward(ctx, g, xp):
        a, r = xp.saved(ctx)
        nd = len(a.shape)
        g = _restore_dims(xp, g, ctx.dims, ctx.keepdim, nd)
        r = _restore_dims(xp, r, ctx.dims, ctx.keepdim, nd)
        return (g * xp.exp(a - r),)


class AminmaxBackward0(Op):
    """Both outputs take gradients; each is shared evenly among the tied extreme elements, a
    multiply by the mask, as amin/amax's (torch's scale_grad_by_count)."""
    __slots__ = ("dims", "keepdim")
    _saved_names = ("self", "min", "max")
    multi_output = True

    @staticmethod
    def forward(ctx, a, dims, keepdim):
        ctx.dims, ctx.keepdim = dims, keepdim
        lo = dense_result(np.asarray(np.min(a, axis=dims, keepdims=keepdim)))
        hi = dense_result(np.asarray(np.max(a, axis=dims, keepdims=keepdim)))
        ctx.save(a, lo, hi)
        return lo, hi

    def backward(ctx, grads, xp):
        a, lo, hi = xp.saved(ctx)
        nd = len(a.shape)
        parts = []
        for g, r in zip(grads, (lo, hi)):
            if absent(xp, g):
                continue        # torch's formula leaves out an output that got no gradient
            r = _restore_dims(xp, r, ctx.dims, ctx.keepdim, nd)
            g = _restore_dims(xp, g, ctx.dims, ctx.keepdim, nd)
            mask = xp.constant((a == r) * 1.0)
            parts.append(g / xp.sum(mask, ctx.dims, True) * mask)
        if not parts:
            return (xp.zeros_like(a),)
        return (parts[0] if len(parts) == 1 else parts[0] + parts[1],)


# ----------------------------------------------------------------------------------------------
def _logical(np_fn, input: Tensor, dim, keepdim: bool) -> Tensor:  # noqa: A002
    d = input._data
    if dim is not None and not isinstance(dim, (int, np.integer)) and len(dim) == 0:
        dims = ()       # all/any over no dims (unlike sum's dim=()) test each element alone
    else:
        dims = _reduced(dim, d.ndim)
    r = np_fn(d, axis=dims, keepdims=keepdim) if dim is not None or keepdim else np_fn(d)
    # torch keeps uint8 for a uint8 input, bool for every other dtype
    return make(dense_result(np.asarray(r, dtype=np.uint8 if d.dtype == np.uint8 else np.bool_)))


@torch_args
@numpy_names
def all(input: Tensor, dim=None, keepdim: bool = False) -> Tensor:  # noqa: A001,A002
    """Test whether all elements of ``input`` (or of each slice over ``dim``) evaluate to True.

    The result is a bool tensor (``uint8`` for a ``uint8`` input, as in torch) and records no history.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension or dimensions to reduce. Default: all of them.
        keepdim (bool): whether the output tensor has ``dim`` retained or not. Default: ``False``.
    """
    return _logical(np.all, input, dim, keepdim)


@torch_args
@numpy_names
def any(input: Tensor, dim=None, keepdim: bool = False) -> Tensor:  # noqa: A001,A002
    """Test whether any element of ``input`` (or of each slice over ``dim``) evaluates to True.

    The result is a bool tensor (``uint8`` for a ``uint8`` input, as in torch) and records no history.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension or dimensions to reduce. Default: all of them.
        keepdim (bool): whether the output tensor has ``dim`` retained or not. Default: ``False``.
    """
    return _logical(np.any, input, dim, keepdim)


@torch_args
@numpy_names
def count_nonzero(input: Tensor, dim=None) -> Tensor:  # noqa: A002
    """Count the non-zero values of ``input`` (over the dimension(s) ``dim``, all by default), as ``int64``.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension or dimensions to count along. Default: all of them.
    """
    d = input._data
    dims = _reduced(dim, d.ndim)
    return make(dense_result(np.asarray(np.count_nonzero(d, axis=dims) if d.ndim else int(d != 0), dtype=np.int64)))


@torch_args
@numpy_names
def nansum(input: Tensor, dim=None, keepdim: bool = False, *, dtype=None) -> Tensor:  # noqa: A002
    """Return the sum of ``input``'s elements (over the dimension(s) ``dim``), treating NaN as zero.

    Integer and bool inputs are summed as ``int64`` unless ``dtype`` is given. A NaN element gets a zero
    gradient, the others the incoming gradient.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension or dimensions to reduce. Default: all of them.
        keepdim (bool): whether the output tensor has ``dim`` retained or not. Default: ``False``.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type of the returned tensor. Default: ``None``.
    """
    d = input._data
    _check_grad_dtype(input, dtype)
    if d.dtype.kind == "c":
        raise RuntimeError("nansum on CPU does not support complex inputs")
    if dtype is not None and dtype.np.kind == "c":      # torch's kernel has no complex instance
        raise NotImplementedError(f"\"nansum_cpu\" not implemented for '{dtype._legacy[:-6]}'")
    return apply(NansumBackward0, (input,), (d,), _reduced(dim, d.ndim), keepdim, _sum_dtype(d, dtype))


@torch_args
@numpy_names
def nanmean(input: Tensor, dim=None, keepdim: bool = False, *, dtype=None) -> Tensor:  # noqa: A002
    """Return the mean of the non-NaN elements of ``input`` (over the dimension(s) ``dim``).

    Computed as torch does, ``nansum(input) / (number of non-NaN elements)``, so its ``grad_fn`` is a
    division; a slice of NaNs only gives NaN.

    Args:
        input (Tensor): the input tensor, of a floating point or complex dtype.
        dim (int or tuple of ints, optional): the dimension or dimensions to reduce. Default: all of them.
        keepdim (bool): whether the output tensor has ``dim`` retained or not. Default: ``False``.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type of the returned tensor. Default: ``None``.
    """
    td = input.dtype
    if not (td.is_floating_point or td.is_complex):
        raise RuntimeError(f"nanmean(): expected input to have floating point or complex dtype but got "
                           f"{td._legacy[:-6]}")
    if dtype is not None and not (dtype.is_floating_point or dtype.is_complex):
        raise RuntimeError(f"nanmean(): could not infer output dtype. Optional dtype must be either a floating point "
                           f"or complex dtype. Got: {dtype._legacy[:-6]}")
    d = input._data
    dims = _reduced(dim, d.ndim)
    count = np.sum(~np.isnan(d), axis=dims, keepdims=keepdim) if d.ndim else np.asarray(int(not np.isnan(d)))
    return nansum(input, dim, keepdim, dtype=dtype) / make(np.asarray(count, dtype=np.int64))


@torch_args
@numpy_names
def logsumexp(input: Tensor, dim, keepdim: bool = False) -> Tensor:  # noqa: A002
    """Return ``log(sum(exp(input)))`` over the dimension(s) ``dim``, computed stably (shifted by the maximum).

    Integer inputs compute in the default floating dtype. The gradient is ``grad * exp(input - result)``, a
    softmax over the reduced dims.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints): the dimension or dimensions to reduce.
        keepdim (bool): whether the output tensor has ``dim`` retained or not. Default: ``False``.
    """
    d = input._data
    if d.dtype.kind in "biu":
        input = input.to(_dtype.get_default_dtype())  # noqa: A001
        d = input._data
    if not isinstance(dim, (int, np.integer)) and len(dim) == 0:
        # torch's kernel reduces every dim for dim=() and then fails to write the [1, ...] result
        shape = ", ".join("1" for _ in d.shape)
        raise RuntimeError(f"output with shape [] doesn't match the broadcast shape [{shape}]")
    return apply(LogsumexpBackward0, (input,), (d,), _reduced(dim, d.ndim), keepdim)


@torch_args
def aminmax(input: Tensor, *, dim=None, keepdim: bool = False):  # noqa: A002
    """Return the minimum and maximum of ``input`` (over ``dim`` if given) as a namedtuple ``(min, max)``.

    Both outputs are differentiable; ties share the gradient evenly, as for :func:`amin` and :func:`amax`.

    Keyword args:
        dim (int, optional): the dimension to reduce. Default: ``None``, all elements.
        keepdim (bool): whether the outputs have the reduced dimension(s) retained or not. Default: ``False``.
    """
    d = input._data
    if dim is None:
        if d.size == 0:
            raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the operation has no "
                               "identity.")
        dims = tuple(range(d.ndim))
    else:
        dims = _dims(dim, d.ndim)
        if d.ndim and d.shape[dims[0]] == 0:
            raise IndexError(f"aminmax: Expected reduction dim {dims[0]} to have non-zero size.")
    return AminmaxReturn(*apply(AminmaxBackward0, (input,), (d,), dims, keepdim))


AminmaxReturn = _return_type("aminmax", ("min", "max"))
