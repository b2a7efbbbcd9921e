"""Selection: clamp/clip, maximum/minimum, where: each element's gradient goes to the operand
it was taken from (torch's conventions at ties and bounds)."""
from __future__ import annotations

import numpy as np

from .. import _dtype
from .._creation import tensor
from .._tensor import Tensor
from ._inplace import apply_inplace
from ._op import Op
from ._promotion import as_operand, binary, broadcast_error, promote, tensor_operand
from ._record import apply
from .indexing import nonzero

__all__ = ["clamp", "clamp_", "clip", "clip_", "maximum", "minimum", "where"]


class ClampBackward1(Op):
    __slots__ = ("min", "max")
    _saved_names = ("self",)
    _param_names = ("min", "max")

    @staticmethod
    def forward(ctx, a, lo, hi):
        ctx.save(a)
        ctx.min, ctx.max = lo, hi
        r = a
        if lo is not None:
            r = np.maximum(r, lo)
        if hi is not None:
            r = np.minimum(r, hi)
        return r.astype(a.dtype, copy=False) if r is not a else a.copy()

    def backward(ctx, g, xp):
        a, = xp.saved(ctx)
        lo, hi = ctx.min, ctx.max
        # the boundary counts as inside (torch's subgradient choice)
        if lo is not None and hi is not None:
            mask = (a >= lo) & (a <= hi)
        elif lo is not None:
            mask = a >= lo
        else:
            mask = a <= hi
        return (g * mask,)


class ClampBackward0(Op):
    """``clamp`` with tensor bounds: the input keeps the gradient inside ``[min, max]`` (boundary
    included), each bound gets it where it was the one that applied."""
    __slots__ = ()
    _saved_names = ("self", "min", "max")

    @staticmethod
    def forward(ctx, a, lo, hi):
        ctx.save(a, lo, hi)
        r = a if lo is None else np.maximum(a, lo)
        return r if hi is None else np.minimum(r, hi)

    def backward(ctx, g, xp):
        a, lo, hi = xp.saved(ctx)
        inside = None
        if lo is not None:
            inside = a >= lo
        if hi is not None:
            inside = (a <= hi) if inside is None else inside & (a <= hi)
        return (xp.where(inside, g, 0.0),
                None if lo is None else xp.where(a < lo, g, 0.0),
                None if hi is None else xp.where(a > hi, g, 0.0))


class _PairwiseExtremum(Op):
    """maximum / minimum: the larger (smaller) input gets the gradient; ties share it evenly."""
    __slots__ = ()
    _saved_names = ("self", "other")
    takes_max = True

    @classmethod
    def forward(cls, ctx, a, b):
        ctx.save(a, b)
        return np.maximum(a, b) if cls.takes_max else np.minimum(a, b)

    def backward(ctx, g, xp):
        a, b = xp.saved(ctx)
        half = xp.where(a == b, g / 2, g)
        a_loses, b_loses = (a < b, a > b) if ctx.takes_max else (a > b, a < b)
        return xp.where(a_loses, 0.0, half), xp.where(b_loses, 0.0, half)


class MaximumBackward0(_PairwiseExtremum):
    __slots__ = ()


class MinimumBackward0(_PairwiseExtremum):
    __slots__ = ()
    takes_max = False


class WhereBackward0(Op):
    __slots__ = ()
    _saved_names = ("condition",)

    @staticmethod
    def forward(ctx, a, b, cond):
        ctx.save(cond)
        return np.where(cond, a, b)

    def backward(ctx, g, xp):
        cond, = xp.saved(ctx)
        return xp.where(cond, g, 0.0), xp.where(cond, 0.0, g)


def _clamp_args(input: Tensor, min, max):
    """(tensors, arrays, op) for clamp: ClampBackward1 for number bounds, ClampBackward0 for tensors."""
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        lo = None if min is None else tensor_operand(input, min)
        hi = None if max is None else tensor_operand(input, max)
        dt = _dtype.result_type(*[t for t in (input, lo, hi) if t is not None]).np
        arrays = tuple(None if t is None else t._data.astype(dt, copy=False) for t in (input, lo, hi))
        return ClampBackward0, (input, lo, hi), arrays
    return ClampBackward1, (input,), (input._data, min, max)


def clamp(input: Tensor, min=None, max=None) -> Tensor:  # noqa: A002
    """Clamp all elements in ``input`` into the range ``[min, max]``.

    Each element becomes ``min(max(x, min), max)``; if ``min`` is greater than ``max``, every element is set to
    ``max``. At least one of ``min`` and ``max`` must be given. The gradient is 1 where ``min <= x <= max`` (the
    boundary counts as inside, as in torch) and 0 outside; tensor bounds get the gradient where they applied.
    Also available as ``clip``.

    Args:
        input (Tensor): the input tensor.
        min (Number or Tensor, optional): lower-bound of the range to be clamped to. Default: ``None``.
        max (Number or Tensor, optional): upper-bound of the range to be clamped to. Default: ``None``.
    """
    cls, tensors, arrays = _clamp_args(input, min, max)
    try:
        return apply(cls, tensors, arrays)
    except ValueError:
        raise broadcast_error(input._data.shape, np.broadcast_shapes(*[np.shape(a) for a in arrays[1:]
                                                                       if a is not None])) from None


def clamp_(input: Tensor, min=None, max=None) -> Tensor:  # noqa: A002
    """In-place version of :func:`clamp`; returns ``input``.

    Args:
        input (Tensor): the tensor to modify.
        min (Number or Tensor, optional): lower-bound of the range to be clamped to. Default: ``None``.
        max (Number or Tensor, optional): upper-bound of the range to be clamped to. Default: ``None``.
    """
    cls, tensors, arrays = _clamp_args(input, min, max)
    return apply_inplace(cls, input, tensors, arrays)


clip, clip_ = clamp, clamp_


def maximum(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """Compute the elementwise maximum of ``input`` and ``other``.

    ``other`` is broadcast against ``input``; a number is turned into a tensor first. Where the two are equal,
    the gradient is split evenly between them (each gets half), as in torch.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or Number): the second input.
    """
    return binary(MaximumBackward0, input, tensor_operand(input, other))


def minimum(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """Compute the elementwise minimum of ``input`` and ``other``.

    ``other`` is broadcast against ``input``; a number is turned into a tensor first. Where the two are equal,
    the gradient is split evenly between them (each gets half), as in torch.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or Number): the second input.
    """
    return binary(MinimumBackward0, input, tensor_operand(input, other))


def where(condition: Tensor, input=None, other=None) -> Tensor:  # noqa: A002
    """Return a tensor of elements selected from ``input`` where ``condition`` is True, else from ``other``.

    ``condition``, ``input`` and ``other`` are broadcast together; either of ``input`` and ``other`` may be a
    number, and their dtypes are promoted. Each gradient flows only to the branch its element was taken from.
    NaN/inf gradients of the unselected branch still reach its inputs (multiplied by zero they stay NaN), as in
    torch: mask the inputs, not only the output. ``where(condition)`` is ``nonzero(condition, as_tuple=True)``.

    Args:
        condition (Tensor): a bool tensor; where True yield ``input``, otherwise ``other``.
        input (Tensor or Number): value(s) selected where ``condition`` is True.
        other (Tensor or Number): value(s) selected where ``condition`` is False.
    """
    if input is None and other is None:
        return nonzero(condition, as_tuple=True)
    cond = condition._data if isinstance(condition, Tensor) else np.asarray(condition)
    if cond.dtype != np.bool_:
        raise RuntimeError(f"where expected condition to be a boolean tensor, but got a tensor with dtype "
                           f"{_dtype._BY_CHAR[cond.dtype.char].name.capitalize()}")
    a, b = as_operand(input), as_operand(other)
    if not isinstance(a, Tensor):
        if not isinstance(b, Tensor):
            b = tensor(b)
        a, b = b, a
        swapped = True
    else:
        swapped = False
    tb, ad, bd = promote(a, b)
    if swapped:
        ad, bd = bd, ad
        ta, tb = tb, a
    else:
        ta = a
    try:
        return apply(WhereBackward0, (ta, tb), (ad, bd, cond))
    except ValueError:
        raise broadcast_error(np.shape(ad), np.shape(bd)) from None


def where_method(input: Tensor, condition: Tensor, other) -> Tensor:  # noqa: A002
    """``input.where(condition, other)`` is ``where(condition, input, other)``."""
    return where(condition, input, other)
