"""torch's aliases and small in-place forms that programs still reached for: ``absolute``, ``fix``,
the in-place comparisons (``eq_``, ``lt_``...: the result written in ``self``'s dtype, recorded as
torch's ``EqBackward0/1``... with zero gradients), out-of-place ``fill``, ``rsub``, ``row_stack``,
``sum_to_size``, ``split_with_sizes`` and ``narrow_copy``. Loaded on first use (``ember/_lazy.py``).
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from .._factory_args import int_list
from .._graph import NO_RECORD
from .._tensor import Size, Tensor
from . import comparison as cmp
from ._inplace import apply_inplace
from ._op import Op
from ._parser import torch_args
from ._signatures_surface import SURFACE_SIGNATURES
from ._out import CAST, abs as _abs, with_out
from ._out_more import trunc as _trunc, vstack
from ._promotion import ArgError, is_number, must_be_tensor, operand, promote, refuse_barebones
from ._record import apply
from .arithmetic import RsubBackward1, _alpha, _sub_check, mul_, sub_
from .fills import _Fill, fill_
from .indexing import split
from .selection import clamp_, clip_
from .shape_extra import narrow
from .unary import abs_, trunc_

__all__ = ["absolute", "absolute_", "fix", "fix_", "subtract_", "multiply_", "clamp_", "clip_", "fill", "fill_",
           "rsub", "row_stack", "sum_to_size", "split_with_sizes", "narrow_copy",
           "eq_", "ne_", "lt_", "le_", "gt_", "ge_", "greater_", "greater_equal_", "less_", "less_equal_",
           "not_equal_"]


# ----------------------------------------------------------------------------------------------
# the ops
class _Compared(Op):
    """An in-place comparison: the bool result (computed by the function, passed as ``r``) written in
    ``self``'s dtype; torch's derivative is zero for both operands."""
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, *rest):
        return rest[-1].astype(a.dtype, copy=False)

    def backward(ctx, g, xp):
        return (xp.zeros_like(g),) * (2 if len(ctx.needs_input_grad) == 2 else 1)


def _nodes(stem: str) -> tuple:
    scalar = type(stem + "Backward0", (_Compared,), {"__slots__": (), "__module__": __name__,
                                                     "__doc__": f"``{stem.lower()}_`` with a number."})
    tensor = type(stem + "Backward1", (_Compared,), {"__slots__": (), "__module__": __name__,
                                                     "__doc__": f"``{stem.lower()}_`` with a tensor."})
    return scalar, tensor


EqBackward0, EqBackward1 = _nodes("Eq")
NeBackward0, NeBackward1 = _nodes("Ne")
LtBackward0, LtBackward1 = _nodes("Lt")
LeBackward0, LeBackward1 = _nodes("Le")
GtBackward0, GtBackward1 = _nodes("Gt")
GeBackward0, GeBackward1 = _nodes("Ge")


class FillBackward0(_Fill):
    """``torch.fill(input, number)``: a new tensor of ``input``'s shape and dtype."""
    __slots__ = ()


class FillBackward1(Op):
    """``torch.fill(input, value)`` with a 0-d tensor value: the value gets the summed gradient."""
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, value):
        return np.full_like(a, value)

    def backward(ctx, g, xp):
        return xp.zeros_like(g), xp.sum(g)


class RsubBackward0(Op):
    """``rsub(input, other, alpha)`` = ``other - alpha * input``, two tensors."""
    __slots__ = ("alpha",)
    _param_names = ("alpha",)

    @staticmethod
    def forward(ctx, a, b, alpha=1):
        ctx.alpha = alpha
        with np.errstate(all="ignore"):
            return np.asarray(b - a if alpha == 1 else b - alpha * a)

    def backward(ctx, g, xp):
        return (-g if ctx.alpha == 1 else xp.mul_scalar(-g, ctx.alpha)), g


class NarrowCopyBackward0(Op):
    """``narrow_copy``: a copy of the narrowed slice; the gradient goes back into zeros (torch's
    ``slice_backward``, recorded as ``SliceBackwardBackward0``)."""
    __slots__ = ("shape", "key", "dim", "start", "length")
    _param_names = ("dim", "length", "start")

    @staticmethod
    def forward(ctx, a, key, dim, start, length):
        ctx.shape, ctx.key, ctx.dim, ctx.start, ctx.length = a.shape, key, dim, start, length
        return np.array(a[key], copy=True)

    def backward(ctx, g, xp):
        if xp.tensor_mode:
            return (apply(SliceBackwardBackward0, (g,), (g._data, ctx.shape, ctx.key)),)
        return (SliceBackwardBackward0.forward(NO_RECORD, g, ctx.shape, ctx.key),)


class SliceBackwardBackward0(Op):
    """torch's ``slice_backward`` (``narrow_copy``'s gradient): ``g`` placed in zeros at the slice; its
    own gradient is the slice again."""
    __slots__ = ("key",)

    @staticmethod
    def forward(ctx, g, shape, key):
        ctx.key = key
        z = np.zeros(shape, g.dtype)
        z[key] = g
        return z

    def backward(ctx, gg, xp):
        return (gg[ctx.key],)


# ----------------------------------------------------------------------------------------------
# aliases
def absolute(input: Tensor, *, out: Tensor | None = None) -> Tensor:  # noqa: A002
    """Alias of :func:`ember.abs`."""
    if not isinstance(input, Tensor):
        raise must_be_tensor("absolute", "input", 1, input)
    return _abs(input, out=out)


def fix(input: Tensor, *, out: Tensor | None = None) -> Tensor:  # noqa: A002
    """Alias of :func:`ember.trunc`."""
    if not isinstance(input, Tensor):
        raise must_be_tensor("fix", "input", 1, input)
    return _trunc(input, out=out)


def absolute_method(self: Tensor) -> Tensor:
    """Alias of :meth:`Tensor.abs`."""
    return _abs(self)


def fix_method(self: Tensor) -> Tensor:
    """Alias of :meth:`Tensor.trunc`."""
    return _trunc(self)


absolute_, fix_, subtract_, multiply_ = abs_, trunc_, sub_, mul_
row_stack = vstack


# ----------------------------------------------------------------------------------------------
# in-place comparisons
def _compare_(fn: Callable, nodes: tuple, name: str) -> Callable:
    scalar_node, tensor_node = nodes

    def op(input: Tensor, other) -> Tensor:  # noqa: A002
        if not (isinstance(other, Tensor) or is_number(other)):
            raise ArgError(name, (other,), sig="compare", method=True)
        r = fn(input, other)._data      # torch's errors (complex order, uint kernels) and its promotion
        if isinstance(other, Tensor):
            return apply_inplace(tensor_node, input, (input, other), (input._data, other._data), r)
        return apply_inplace(scalar_node, input, (input,), (input._data,), r)
    op.__name__ = op.__qualname__ = name
    op.__doc__ = (f"In-place version of :func:`{name[:-1]}`: the comparison written into ``input`` in its own "
                  "dtype (1 / 0, or True / False); recorded with zero gradients, as torch's.")
    return op


eq_ = _compare_(cmp.eq, (EqBackward0, EqBackward1), "eq_")
ne_ = _compare_(cmp.ne, (NeBackward0, NeBackward1), "ne_")
lt_ = _compare_(cmp.lt, (LtBackward0, LtBackward1), "lt_")
le_ = _compare_(cmp.le, (LeBackward0, LeBackward1), "le_")
gt_ = _compare_(cmp.gt, (GtBackward0, GtBackward1), "gt_")
ge_ = _compare_(cmp.ge, (GeBackward0, GeBackward1), "ge_")
greater_ = _compare_(cmp.gt, (GtBackward0, GtBackward1), "greater_")
greater_equal_ = _compare_(cmp.ge, (GeBackward0, GeBackward1), "greater_equal_")
less_ = _compare_(cmp.lt, (LtBackward0, LtBackward1), "less_")
less_equal_ = _compare_(cmp.le, (LeBackward0, LeBackward1), "less_equal_")
not_equal_ = _compare_(cmp.ne, (NeBackward0, NeBackward1), "not_equal_")


# ----------------------------------------------------------------------------------------------
# new tensors
def fill(input: Tensor, value) -> Tensor:  # noqa: A002
    """A new tensor of ``input``'s shape and dtype filled with ``value`` (``torch.fill``).

    Args:
        input (Tensor): gives the shape and dtype (its values get a zero gradient).
        value (Number or Tensor): the fill value; a 0-d tensor gets the summed gradient.
    """
    if not isinstance(input, Tensor):
        raise must_be_tensor("fill", "input", 1, input)
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor with "
                               f"{value._data.ndim} dimensions.")
        return apply(FillBackward1, (input, value), (input._data, value._data))
    return apply(FillBackward0, (input,), (input._data, value))


def rsub(input: Tensor, other, alpha=1) -> Tensor:  # noqa: A002
    """``other - alpha * input`` (subtraction with the operands reversed).

    Args:
        input (Tensor): the tensor subtracted (scaled by ``alpha``).
        other (Tensor or Number): what it is subtracted from.
        alpha (Number): the multiplier of ``input`` (keyword-only when ``other`` is a tensor). Default: ``1``.
    """
    other = operand(other)
    _sub_check(other, input)
    if isinstance(other, Tensor):
        _, ad, bd = promote(input, other)
        refuse_barebones("add_stub", ad)
        _alpha("rsub", alpha, ad)
        return apply(RsubBackward0, (input, other), (ad, bd), alpha)
    _, ad, bd = promote(input, other)
    refuse_barebones("add_stub", ad)
    _alpha("rsub", alpha, ad)
    return apply(RsubBackward1, (input,), (ad, bd), alpha)


rsub = torch_args(rsub, table=SURFACE_SIGNATURES)     # (torch's two overloads: alpha positional with a number)


# ----------------------------------------------------------------------------------------------
# shapes
def sum_to_size(self: Tensor, *size) -> Tensor:
    """Sum ``self`` down to ``size`` (a shape ``self`` can be expanded from): the reduction that undoes
    broadcasting. Returns ``self`` when the shapes agree.

    Args:
        size (int... or sequence of int): the target shape.
    """
    if not size:
        raise TypeError('sum_to_size() missing 1 required positional arguments: "size"')
    size = int_list("sum_to_size", "size", size)   # torch's int list: a one-element integer tensor is an int too
    shape = tuple(self._data.shape)
    lead = len(shape) - len(size)
    if lead < 0 or any(s != 1 and s != n for s, n in zip(size, shape[lead:])):
        raise RuntimeError(f"size {{{list(size)}}} is not expandable to size {{{list(shape)}}}.")
    if size == shape:
        return self
    dims = tuple(range(lead)) + tuple(i + lead for i, s in enumerate(size) if s == 1 and shape[i + lead] != 1)
    r = self.sum(dims, keepdim=True)
    return r.view(size) if lead else r


def _split_with_sizes(position: int):
    def split_with_sizes(input: Tensor, split_sizes, dim: int = 0) -> tuple:  # noqa: A002
        """Split ``input`` into views along ``dim`` of the given sizes, which must add up to its size there.

        Args:
            input (Tensor): the tensor to split.
            split_sizes (list of int): the size of each piece.
            dim (int): the dimension to split along. Default: ``0``.
        """
        if not isinstance(split_sizes, (list, tuple, Size)):
            raise TypeError(f"split_with_sizes(): argument 'split_sizes' (position {position}) must be tuple of "
                            f"ints, not {type(split_sizes).__name__}")
        return split(input, list(split_sizes), dim)
    return split_with_sizes


split_with_sizes, split_with_sizes_method = _split_with_sizes(2), _split_with_sizes(1)


def narrow_copy(input: Tensor, dim: int, start: int, length: int) -> Tensor:  # noqa: A002
    """A copy (not a view) of ``input.narrow(dim, start, length)``.

    Args:
        input (Tensor): the tensor to narrow.
        dim (int): the dimension along which to narrow.
        start (int): the index of the first element taken (negative counts from the end).
        length (int): how many elements are taken.
    """
    narrow(input.detach(), dim, start, length)      # torch's checks and words
    d = input._data
    dim = dim + d.ndim if dim < 0 else dim
    first = int(start) + d.shape[dim] if int(start) < 0 else int(start)
    key = (slice(None),) * dim + (slice(first, first + length),)
    return apply(NarrowCopyBackward0, (input,), (d,), key, dim, int(start), length)


narrow_copy = torch_args(narrow_copy, table=SURFACE_SIGNATURES)     # (torch's parser checks every call)
narrow_copy_out = with_out(narrow_copy, "narrow_copy", CAST)    # (out=: ops/_out.py; the method takes none)
