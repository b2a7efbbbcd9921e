"""Reductions: sum, mean, max/min (whole and along a dim), amax/amin, argmax/argmin, prod.
(norm, var and std are in statistics.py.)"""
from __future__ import annotations

import functools
from typing import Any, Callable, TypeVar

import numpy as np

from .._grad_mode import STATE
from .._tensor import Tensor, make, wrap_dim
from .._tensor_data import dtype_arg
from ._parser import torch_args
from ._op import Op
from ._record import apply
from .selection import maximum, minimum
from .shape import check_dims


_F = TypeVar("_F", bound=Callable[..., Any])


def numpy_names(fn: _F) -> _F:
    """Read a reduction's arguments as torch's argument parser does on every one: NumPy's spellings
    ``axis=`` for ``dim=`` and ``keepdims=`` for ``keepdim=`` (``x.sum(axis=1, keepdims=True)``; given
    together with the torch name, or its positional argument, it is torch's TypeError), and a ``dtype=``
    that is a Python type (``float``, ``int``, ``bool``, ``complex``) as the dtype torch maps it to."""
    code = fn.__code__      # (not inspect.signature, which cost 0.3 ms of import)
    params = code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]
    position = {name: params.index(name) for name in ("dim", "keepdim") if name in params}
    fname = fn.__name__

    @functools.wraps(fn)
    def accepting_numpy_names(*args, **kwargs):
        if kwargs:      # the common call has none: one test, no dict work
            for alias, name in (("axis", "dim"), ("keepdims", "keepdim")):
                if alias in kwargs:
                    if name not in position or name in kwargs or len(args) > position[name]:
                        raise TypeError(f"{fname}() got an unexpected keyword argument '{alias}'")
                    kwargs[name] = kwargs.pop(alias)
            if "dtype" in kwargs:
                kwargs["dtype"] = dtype_arg(kwargs["dtype"], fname)
        return fn(*args, **kwargs)
    return accepting_numpy_names  # type: ignore[return-value]  # same signature, as far as callers see


def absent(xp, g) -> bool:
    """Under create_graph, whether ``g`` is the zeros the engine gives an output of a multi-output node
    that got no gradient (torch's undefined gradient, whose term its formulas leave out)."""
    return xp.tensor_mode and not g._requires_grad and not g._data.any()


def _dims(dim, ndim: int) -> tuple:
    """Normalise ``dim`` (int, sequence or None) to a sorted tuple of axes, with torch's errors for
    an out-of-range or a repeated dim."""
    if dim is None or (not isinstance(dim, (int, np.integer)) and len(dim) == 0):
        return tuple(range(ndim))       # dim=() reduces everything, as in torch
    dims = tuple(sorted(check_dims(dim, ndim)))
    return dims if ndim else ()     # a 0-d tensor's dim 0 / -1 reduces nothing


def _check_nonempty(name: str, shape: tuple, dim) -> None:
    """torch's errors for a max/min-like reduction with nothing to reduce (no identity element):
    over all elements of an empty tensor, or along a dim (of ``dim``, in the order given) of size 0."""
    if dim is None or (not isinstance(dim, (int, np.integer)) and len(dim) == 0):
        if 0 in shape:
            raise RuntimeError(f"{name}(): Expected reduction dim to be specified for input.numel() == 0. "
                               "Specify the reduction dim with the 'dim' argument.")
        return
    for d in check_dims(dim, len(shape)):
        if shape and shape[d] == 0:
            raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")


def _check_grad_dtype(input: Tensor, dtype) -> None:  # noqa: A002
    """torch's set_history check: an output recorded in the graph must have a float or complex dtype,
    so ``x.sum(dtype=torch.int64)`` of an ``x`` requiring grad is refused (under no_grad it is fine)."""
    if dtype is not None and dtype.np.kind not in "fc" and input._requires_grad and STATE.enabled:
        raise RuntimeError(f"Autograd not support dtype: {dtype._legacy[:-6]}")


def dense_result(r):
    """A reduction's result laid out contiguously, as torch writes it: NumPy's follows the input's
    layout (a transposed input gives a transposed result, which ``.view()`` would then refuse)."""
    return np.ascontiguousarray(r) if type(r) is np.ndarray and not r.flags.c_contiguous else r


def _restore_dims(xp, g, dims: tuple, keepdim: bool, ndim: int):
    """Reinsert the reduced dims of ``g`` (as size 1) so it broadcasts against the input."""
    if keepdim or not dims or ndim == 0:
        return g
    shape = list(g.shape)
    for d in dims:
        shape.insert(d, 1)
    return xp.reshape(g, tuple(shape))


class SumBackward0(Op):
    __slots__ = ("shape",)

    @staticmethod
    def forward(ctx, a, dtype):
        ctx.shape = a.shape
        return np.add.reduce(a, axis=None, dtype=dtype)     # np.sum's result, without its Python-level wrapper

    def backward(ctx, g, xp):
        return (xp.expand(g, ctx.shape),)


class SumBackward1(Op):
    __slots__ = ("shape", "dims", "keepdim")
    _param_names = ("dim", "keepdim")

    @staticmethod
    def forward(ctx, a, dims, keepdim, dtype):
        ctx.shape, ctx.dims, ctx.keepdim = a.shape, dims, keepdim
        return dense_result(np.add.reduce(a, axis=dims, keepdims=keepdim, dtype=dtype))

    def backward(ctx, g, xp):
        return (xp.expand(_restore_dims(xp, g, ctx.dims, ctx.keepdim, len(ctx.shape)), ctx.shape),)


def _sum_dtype(a: np.ndarray, dtype):
    if dtype is not None:
        return dtype.np
    return np.int64 if a.dtype.kind in "biu" else None


@torch_args
@numpy_names
def sum(input: Tensor, dim=None, keepdim: bool = False, *, dtype=None) -> Tensor:  # noqa: A001,A002
    """Return the sum of all elements in ``input``, or of each row of ``input`` over the dimension(s) ``dim``.

    If ``keepdim`` is ``True``, the reduced dimensions are kept with size 1; otherwise they are squeezed out.
    Bool and integer inputs are summed as ``int64`` unless ``dtype`` is given. The gradient is the incoming
    gradient broadcast back to ``input``'s shape.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension or dimensions to reduce. Default: all of them.
        keepdim (bool): whether the output tensor has ``dim`` retained or not. Default: ``False``.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type of the returned tensor; the input is cast to it
            before the sum. Default: ``None``.

    Example::

        >>> a = torch.tensor([[1., 2.], [3., 4.]])
        >>> torch.sum(a)
        tensor(10.)
        >>> a.sum(0)
        tensor([4., 6.])
        >>> a.sum(1, keepdim=True)
        tensor([[3.],
                [7.]])
    """
    d = input._data
    _check_grad_dtype(input, dtype)
    if dim is None and not keepdim:
        return apply(SumBackward0, (input,), (d,), _sum_dtype(d, dtype))
    return apply(SumBackward1, (input,), (d,), _dims(dim, d.ndim), keepdim, _sum_dtype(d, dtype))


class MeanBackward0(Op):
    __slots__ = ("shape",)

    @staticmethod
    def forward(ctx, a):
        ctx.shape = a.shape
        return np.mean(a, dtype=a.dtype) if a.size else np.asarray(np.nan, dtype=a.dtype)

    def backward(ctx, g, xp):
        return (xp.expand(g / (int(np.prod(ctx.shape)) or 1), ctx.shape),)


class MeanBackward1(Op):
    __slots__ = ("shape", "dims", "keepdim")
    _param_names = ("dim", "keepdim")

    @staticmethod
    def forward(ctx, a, dims, keepdim):
        ctx.shape, ctx.dims, ctx.keepdim = a.shape, dims, keepdim
        if a.size:
            return dense_result(np.mean(a, axis=dims, keepdims=keepdim, dtype=a.dtype))
        n = 1
        for d in dims:
            n *= a.shape[d]
        with np.errstate(invalid="ignore"):    # 0 / 0 over an empty dim: torch's nan, without NumPy's warning
            return np.sum(a, axis=dims, keepdims=keepdim, dtype=a.dtype) / a.dtype.type(n)

    def backward(ctx, g, xp):
        n = 1
        for d in ctx.dims:
            n *= ctx.shape[d]
        return (xp.expand(_restore_dims(xp, g / n, ctx.dims, ctx.keepdim, len(ctx.shape)), ctx.shape),)


@torch_args
@numpy_names
def mean(input: Tensor, dim=None, keepdim: bool = False, *, dtype=None) -> Tensor:  # noqa: A002
    """Return the mean value of all elements in ``input``, or of each row over the dimension(s) ``dim``.

    ``input`` must have a floating point or complex dtype (or ``dtype`` must be given), as in torch. The mean of
    an empty tensor is ``nan``.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension or dimensions to reduce. Default: all of them.
        keepdim (bool): whether the output tensor has ``dim`` retained or not. Default: ``False``.

    Keyword args:
        dtype (ember.dtype, optional): if given, ``input`` is cast to it before the operation. Default: ``None``.
    """
    which = "Input"
    if dtype is not None:
        which = "Optional"
        if dtype.np.kind in "fc":
            input = input.to(dtype)  # noqa: A001
    d = input._data
    if dtype is not None and dtype.np.kind not in "fc" or d.dtype.kind not in "fc":
        name = (dtype or input.dtype)._legacy[:-6]
        raise RuntimeError(f"mean(): could not infer output dtype. {which} dtype must be either a floating point or "
                           f"complex dtype. Got: {name}")
    if dim is None and not keepdim:
        return apply(MeanBackward0, (input,), (d,))
    return apply(MeanBackward1, (input,), (d,), _dims(dim, d.ndim), keepdim)


# ----------------------------------------------------------------------------------------------
# max / min
def _return_type(name: str, fields: tuple = ("values", "indices")):
    """A ``torch.return_types.<name>`` namedtuple: a tuple with ``fields`` as properties and torch's repr."""
    class ReturnType(tuple):
        __slots__ = ()

        def __new__(cls, *items):
            return tuple.__new__(cls, items)

        def __repr__(self) -> str:
            body = ",\n".join(f"{f}={v!r}" for f, v in zip(fields, self))
            return f"torch.return_types.{name}(\n{body})"

    for i, f in enumerate(fields):
        setattr(ReturnType, f, property(lambda self, i=i: self[i]))
    ReturnType.__name__ = ReturnType.__qualname__ = name
    ReturnType.__module__ = "torch.return_types"       # (torch's, as its repr says)
    return ReturnType


class _ExtremumAll(Op):
    """amax/amin over dims: ties share the gradient evenly, by torch's scale_grad_by_count, a
    multiply by the mask (so a NaN result or an inf gradient gives NaN, as in torch)."""
    __slots__ = ("dims", "keepdim")
    _saved_names = ("self", "result")
    np_fn = None

    @classmethod
    def forward(cls, ctx, a, dims, keepdim):
        r = dense_result(cls.np_fn(a, axis=dims, keepdims=keepdim))
        ctx.dims, ctx.keepdim = dims, keepdim
        ctx.save(a, r)
        return r

    def backward(ctx, g, xp):
        a, r = xp.saved(ctx)
        nd = len(a.shape)
        r = _restore_dims(xp, r, ctx.dims, ctx.keepdim, nd)
        g = _restore_dims(xp, g, ctx.dims, ctx.keepdim, nd)
        mask = xp.constant((a == r) * 1.0)
        return (g / xp.sum(mask, ctx.dims, True) * mask,)


class _EvenlyDistributed(_ExtremumAll):
    """max()/min() over all elements: torch's evenly_distribute_backward, a select (elements that
    are not the extremum get exactly 0); a NaN result shares the gradient among the NaNs."""
    __slots__ = ()

    def backward(ctx, g, xp):
        a, r = xp.saved(ctx)
        r_arr = r._data if xp.tensor_mode else r
        mask = (a != a) if np.isnan(r_arr) else (a == r)
        count = xp.sum(mask, None, False)     # an int64 0-d count, as torch's mask.sum(): g keeps its dtype
        return (xp.where(mask, g / count, 0.0),)


class MaxBackward1(_EvenlyDistributed):
    __slots__ = ()
    np_fn = staticmethod(np.max)


class MinBackward1(_EvenlyDistributed):
    __slots__ = ()
    np_fn = staticmethod(np.min)


class AmaxBackward0(_ExtremumAll):
    __slots__ = ()
    np_fn = staticmethod(np.max)


class AminBackward0(_ExtremumAll):
    __slots__ = ()
    np_fn = staticmethod(np.min)


class _ExtremumDim(Op):
    """max(dim)/min(dim): values and indices; the whole gradient goes to the returned index."""
    __slots__ = ("dim", "keepdim", "shape")
    _saved_names = ("indices",)
    _param_names = ("dim", "keepdim")
    multi_output = True
    differentiable_outputs = (0,)     # the values: the indices are a plain int64 tensor
    arg_fn = None

    @classmethod
    def forward(cls, ctx, a, dim, keepdim):
        ctx.dim, ctx.keepdim, ctx.shape = dim, keepdim, a.shape
        if a.ndim == 0:                 # a 0-d tensor is its own max along dim 0
            idx = np.zeros((), dtype=np.int64)
            ctx.save(idx)
            return a.copy(), idx
        idx = cls.arg_fn(a, axis=dim, keepdims=True)
        values = np.take_along_axis(a, idx, axis=dim)
        if not keepdim:
            values, idx = values.squeeze(dim), idx.squeeze(dim)
        idx = np.asarray(idx, dtype=np.int64)
        ctx.save(idx)                   # saved as the indices output: modifying it in place is E4
        return values, idx

    def backward(ctx, g, xp):
        idx, = xp.saved(ctx)
        if isinstance(idx, Tensor):
            idx = idx._data
        dim = ctx.dim
        if not ctx.shape:
            return (g,)
        if not ctx.keepdim:
            g = xp.unsqueeze(g, dim)
            idx = np.expand_dims(idx, dim)
        if xp.tensor_mode:      # recorded as torch's value_selecting_reduction_backward: a scatter into zeros
            return (xp.zeros(ctx.shape, g.dtype.np).scatter(dim, make(idx), g),)
        positions = np.arange(ctx.shape[dim]).reshape([-1 if i == dim else 1 for i in range(len(ctx.shape))])
        return (xp.where(positions == idx, xp.expand(g, ctx.shape), 0.0),)


class MaxBackward0(_ExtremumDim):
    __slots__ = ()
    arg_fn = staticmethod(np.argmax)    # NumPy's, as torch's, picks a row's first NaN if it has one


class MinBackward0(_ExtremumDim):
    __slots__ = ()
    arg_fn = staticmethod(np.argmin)


MaxReturn = _return_type("max")
MinReturn = _return_type("min")


def _extremum(input, dim, keepdim, other, whole_cls, dim_cls, ret, name):  # noqa: A002
    if isinstance(dim, Tensor) or other is not None:
        return (maximum if name == "max" else minimum)(input, dim if other is None else other)
    d = input._data
    if dim is None:
        if d.size == 0:
            raise RuntimeError(f"{name}(): Expected reduction dim to be specified for input.numel() == 0. Specify "
                               "the reduction dim with the 'dim' argument.")
        return apply(whole_cls, (input,), (d,), None, False)
    dim = wrap_dim(dim, d.ndim)
    _check_nonempty(name, d.shape, dim)
    return ret(*apply(dim_cls, (input,), (d,), dim, keepdim))


@torch_args
@numpy_names
def max(input: Tensor, dim=None, keepdim: bool = False, *, other=None):  # noqa: A001,A002
    """Return the maximum value of all elements in ``input``, or the maxima along ``dim`` with their indices.

    ``max(input)`` returns a 0-d tensor (``input`` must not be empty). If several elements tie for the
    maximum, the gradient is shared evenly among them.

    ``max(input, dim, keepdim=False)`` returns a namedtuple ``(values, indices)``, where ``indices`` is the
    position of the first maximal value in each row along ``dim`` (a NaN counts as the maximum). The whole
    gradient of a row goes to that position.

    ``max(input, other)`` with a Tensor ``other`` is :func:`maximum`.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce; a Tensor here is taken as ``other``. Default: ``None``.
        keepdim (bool): whether ``values`` and ``indices`` have ``dim`` retained (with size 1) or not.
            Default: ``False``.

    Keyword args:
        other (Tensor, optional): compute the elementwise maximum with this tensor instead.

    Example::

        >>> x = torch.tensor([[1., 5., 2.], [4., 3., 4.]])
        >>> torch.max(x)
        tensor(5.)
        >>> torch.max(x, 1)
        torch.return_types.max(
        values=tensor([5., 4.]),
        indices=tensor([1, 0]))
        >>> x.max(dim=1, keepdim=True).indices
        tensor([[1],
                [0]])
    """
    return _extremum(input, dim, keepdim, other, MaxBackward1, MaxBackward0, MaxReturn, "max")


@torch_args
@numpy_names
def min(input: Tensor, dim=None, keepdim: bool = False, *, other=None):  # noqa: A001,A002
    """Return the minimum value of all elements in ``input``, or the minima along ``dim`` with their indices.

    ``min(input)`` returns a 0-d tensor (``input`` must not be empty). If several elements tie for the
    minimum, the gradient is shared evenly among them.

    ``min(input, dim, keepdim=False)`` returns a namedtuple ``(values, indices)``, where ``indices`` is the
    position of the first minimal value in each row along ``dim`` (a NaN counts as the minimum). The whole
    gradient of a row goes to that position.

    ``min(input, other)`` with a Tensor ``other`` is :func:`minimum`.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce; a Tensor here is taken as ``other``. Default: ``None``.
        keepdim (bool): whether ``values`` and ``indices`` have ``dim`` retained (with size 1) or not.
            Default: ``False``.

    Keyword args:
        other (Tensor, optional): compute the elementwise minimum with this tensor instead.
    """
    return _extremum(input, dim, keepdim, other, MinBackward1, MinBackward0, MinReturn, "min")


@torch_args
@numpy_names
def amax(input: Tensor, dim=(), keepdim: bool = False) -> Tensor:  # noqa: A002
    """Return the maximum value of each slice of ``input`` over the dimension(s) ``dim``.

    Unlike :func:`max` with ``dim``, this returns no indices and accepts several dimensions; ties share the
    gradient evenly among the maximal elements, as in torch.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension or dimensions to reduce. Default: ``()``, all of them.
        keepdim (bool): whether the output tensor has ``dim`` retained or not. Default: ``False``.
    """
    d = input._data
    _check_nonempty("amax", d.shape, dim)
    dims = _dims(None if dim == () else dim, d.ndim)
    return apply(AmaxBackward0, (input,), (d,), dims, keepdim)


@torch_args
@numpy_names
def amin(input: Tensor, dim=(), keepdim: bool = False) -> Tensor:  # noqa: A002
    """Return the minimum value of each slice of ``input`` over the dimension(s) ``dim``.

    Unlike :func:`min` with ``dim``, this returns no indices and accepts several dimensions; ties share the
    gradient evenly among the minimal elements, as in torch.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension or dimensions to reduce. Default: ``()``, all of them.
        keepdim (bool): whether the output tensor has ``dim`` retained or not. Default: ``False``.
    """
    d = input._data
    _check_nonempty("amin", d.shape, dim)
    dims = _dims(None if dim == () else dim, d.ndim)
    return apply(AminBackward0, (input,), (d,), dims, keepdim)


@torch_args
@numpy_names
def argmax(input: Tensor, dim=None, keepdim: bool = False) -> Tensor:  # noqa: A002
    """Return the indices of the maximum value(s) of ``input`` (of the flattened tensor if ``dim`` is ``None``).

    The result is an ``int64`` tensor and records no autograd history; for ties, the first index is returned.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce. Default: ``None``, the index in the flattened tensor.
        keepdim (bool): whether the output tensor has ``dim`` retained or not; ignored when ``dim`` is ``None``.
            Default: ``False``.
    """
    d = input._data
    if d.dtype == np.bool_:
        raise RuntimeError("argmax(): does not support bool input")
    if dim is None:
        if d.size == 0:
            raise IndexError("argmax(): Expected reduction dim to be specified for input.numel() == 0.")
        # keepdim keeps every dim, with size 1
        return make(np.asarray(np.argmax(d.reshape(-1)), dtype=np.int64).reshape((1,) * d.ndim if keepdim else ()))
    dim = wrap_dim(dim, d.ndim)
    _check_nonempty("argmax", d.shape, dim)
    return make(np.asarray(np.argmax(d, axis=dim, keepdims=keepdim), dtype=np.int64))


@torch_args
@numpy_names
def argmin(input: Tensor, dim=None, keepdim: bool = False) -> Tensor:  # noqa: A002
    """Return the indices of the minimum value(s) of ``input`` (of the flattened tensor if ``dim`` is ``None``).

    The result is an ``int64`` tensor and records no autograd history; for ties, the first index is returned.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce. Default: ``None``, the index in the flattened tensor.
        keepdim (bool): whether the output tensor has ``dim`` retained or not; ignored when ``dim`` is ``None``.
            Default: ``False``.
    """
    d = input._data
    if d.dtype == np.bool_:
        raise RuntimeError("argmin(): does not support bool input")
    if dim is None:
        if d.size == 0:
            raise IndexError("argmin(): Expected reduction dim to be specified for input.numel() == 0.")
        # keepdim keeps every dim, with size 1
        return make(np.asarray(np.argmin(d.reshape(-1)), dtype=np.int64).reshape((1,) * d.ndim if keepdim else ()))
    dim = wrap_dim(dim, d.ndim)
    _check_nonempty("argmin", d.shape, dim)
    return make(np.asarray(np.argmin(d, axis=dim, keepdims=keepdim), dtype=np.int64))


# ----------------------------------------------------------------------------------------------
class _ProdBase(Op):
    __slots__ = ("dims", "keepdim")
    _saved_names = ("self", "result")

    def backward(ctx, g, xp):
        a, r = xp.saved(ctx)
        nd = len(a.shape)
        if nd == 0:                    # the product of one number: the gradient passes through
            return (g,)
        r = _restore_dims(xp, r, ctx.dims, ctx.keepdim, nd)
        g = _restore_dims(xp, g, ctx.dims, ctx.keepdim, nd)
        a_arr = a._data if xp.tensor_mode else a
        if not (a_arr == 0).any():
            return (g * (r / a),)       # torch's grad * (result / input): a MulBackward0 under create_graph
        if isinstance(ctx, ProdBackward0):
            if not xp.tensor_mode and int((a_arr == 0).sum()) > 1:
                # torch's whole-tensor prod outside grad mode: two zeros make every gradient 0, even beside
                # a NaN; under create_graph it takes the differentiable path below, as torch does
                return (xp.zeros_like(a),)
            # torch's prod_safe_zeros_backward of the flattened input, viewed back (ViewBackward0); of one element,
            # the gradient itself (not a product: under create_graph it records nothing)
            shape = tuple(a.shape)
            if a_arr.size == 1:
                return (xp.reshape(g, shape),)
            return (xp.reshape(g * xp.prod_others(xp.reshape(a, (-1,)), (0,)), shape),)
        if a_arr.shape[ctx.dims[0]] == 1:      # (prod_safe_zeros_backward along a dim of one: the gradient itself)
            return (g,)
        # with zeros: the product of the *other* elements, computed without dividing
        return (g * xp.prod_others(a, ctx.dims),)


class ProdBackward0(_ProdBase):
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, dtype):
        r = np.prod(a, dtype=dtype)
        ctx.dims, ctx.keepdim = tuple(range(a.ndim)), False
        ctx.save(a, r)
        return r


class ProdBackward1(_ProdBase):
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, dim, keepdim, dtype):
        r = dense_result(np.prod(a, axis=dim, keepdims=keepdim, dtype=dtype))
        ctx.dims, ctx.keepdim = (dim,), keepdim
        ctx.save(a, r)
        return r


@torch_args
@numpy_names
def prod(input: Tensor, dim=None, keepdim: bool = False, *, dtype=None) -> Tensor:  # noqa: A002
    """Return the product of all elements in ``input``, or of each row of ``input`` along ``dim``.

    Bool and integer inputs are multiplied as ``int64`` unless ``dtype`` is given. The gradient of an element is
    the product of the other elements, computed without dividing when the input holds zeros.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension to reduce. Default: ``None``, all elements.
        keepdim (bool): whether the output tensor has ``dim`` retained or not; only used with ``dim``.
            Default: ``False``.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type of the returned tensor. Default: ``None``.
    """
    d = input._data
    _check_grad_dtype(input, dtype)
    if dim is None:
        return apply(ProdBackward0, (input,), (d,), _sum_dtype(d, dtype))
    return apply(ProdBackward1, (input,), (d,), wrap_dim(dim, d.ndim), keepdim, _sum_dtype(d, dtype))
