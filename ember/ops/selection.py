"""Selection: clamp/clip, maximum/minimum, where: each element's gradient goes to the operand
it was taken from (torch's conventions at ties and bounds)."""
from __future__ import annotations

import warnings
from typing import Any, Callable, TypeVar

import numpy as np

from .. import _dtype
from .._creation import tensor
from .._layout import torch_layout
from .._tensor import Tensor
from ._inplace import apply_inplace
from ._op import Op
from ._promotion import (
    ArgError,
    binary,
    broadcast_error,
    checked_scalar,
    is_number,
    method_form,
    promote,
    tensor_operand,
)
from ._record import apply, apply1
from .indexing import nonzero

__all__ = ["clamp", "clamp_", "clip", "clip_", "clamp_min", "clamp_min_", "clamp_max", "clamp_max_", "maximum",
           "minimum", "where"]

_F = TypeVar("_F", bound=Callable)


class ClampBackward1(Op):
    __slots__ = ("min", "max")
    _saved_names = ("self",)
    _param_names = ("min", "max")

    @staticmethod
    def forward(ctx, a, lo, hi):
        ctx.save(a)
        ctx.min, ctx.max = lo, hi
        r = a
        # the bound first: NumPy returns its second operand at a tie, torch its first (the input), so
        # clamp(-0.0, min=0.0) is -0.0 as in torch
        if lo is not None:
            r = np.maximum(lo, r)
        if hi is not None:
            r = np.minimum(hi, r)
        return r.astype(a.dtype, copy=False) if r is not a else a.copy()

    def backward(ctx, g, xp):
        a, = xp.saved(ctx)
        lo, hi = ctx.min, ctx.max
        # the boundary counts as inside (torch's subgradient choice); a select, as torch's: an inf
        # gradient outside stays 0, and a NaN input gets 0
        if lo is not None and hi is not None:
            mask = (a >= lo) & (a <= hi)
        elif lo is not None:
            mask = a >= lo
        else:
            mask = a <= hi
        return (xp.where(mask, g, 0.0),)


class ClampBackward0(Op):
    """``clamp`` with tensor bounds: the input keeps the gradient inside ``[min, max]`` (boundary
    included), each bound gets it where it was the one that applied."""
    __slots__ = ()
    _saved_names = ("self", "min", "max")

    @staticmethod
    def forward(ctx, a, lo, hi):
        ctx.save(a, lo, hi)
        r = a if lo is None else np.maximum(lo, a)       # bound first: torch keeps the input at a tie
        return torch_layout(r if hi is None else np.minimum(hi, r), a, lo, hi)

    def backward(ctx, g, xp):
        a, lo, hi = xp.saved(ctx)
        inside = None
        if lo is not None:
            inside = a >= lo
        if hi is not None:
            inside = (a <= hi) if inside is None else inside & (a <= hi)
        if lo is not None and hi is not None:   # min > max: every element is max, min gets nothing (torch)
            return (xp.where(inside, g, 0.0), xp.where((a < lo) & (lo < hi), g, 0.0),
                    xp.where((a > hi) | (hi < lo), g, 0.0))
        return (xp.where(inside, g, 0.0),
                None if lo is None else xp.where(a < lo, g, 0.0),
                None if hi is None else xp.where(a > hi, g, 0.0))


class ClampMinBackward0(Op):
    """``clamp_min(x, number)``: the gradient where ``x >= min`` (the bound counts as inside)."""
    __slots__ = ("min",)
    _saved_names = ("self",)
    _param_names = ("min",)

    @staticmethod
    def forward(ctx, a, lo):
        ctx.save(a)
        ctx.min = lo
        return np.maximum(lo, a).astype(a.dtype, copy=False)     # the bound first: torch keeps x at a tie

    def backward(ctx, g, xp):
        a, = xp.saved(ctx)
        return (xp.where(a >= ctx.min, g, 0.0),)


class ClampMaxBackward0(Op):
    """``clamp_max(x, number)``: the gradient where ``x <= max``."""
    __slots__ = ("max",)
    _saved_names = ("self",)
    _param_names = ("max",)

    @staticmethod
    def forward(ctx, a, hi):
        ctx.save(a)
        ctx.max = hi
        return np.minimum(hi, a).astype(a.dtype, copy=False)

    def backward(ctx, g, xp):
        a, = xp.saved(ctx)
        return (xp.where(a <= ctx.max, g, 0.0),)


class ClampMinBackward1(Op):
    """``clamp_min(x, tensor)``: ``x`` gets the gradient where ``x >= min``, the bound where it applied."""
    __slots__ = ()
    _saved_names = ("self", "min")

    @staticmethod
    def forward(ctx, a, lo):
        ctx.save(a, lo)
        return torch_layout(np.maximum(lo, a), a, lo)

    def backward(ctx, g, xp):
        a, lo = xp.saved(ctx)
        return xp.where(a >= lo, g, 0.0), xp.where(a < lo, g, 0.0)


class ClampMaxBackward1(Op):
    """``clamp_max(x, tensor)``: ``x`` gets the gradient where ``x <= max``, the bound where it applied."""
    __slots__ = ()
    _saved_names = ("self", "max")

    @staticmethod
    def forward(ctx, a, hi):
        ctx.save(a, hi)
        return torch_layout(np.minimum(hi, a), a, hi)

    def backward(ctx, g, xp):
        a, hi = xp.saved(ctx)
        return xp.where(a <= hi, g, 0.0), xp.where(a > hi, g, 0.0)


class _PairwiseExtremum(Op):
    """maximum / minimum: the larger (smaller) input gets the gradient; ties share it evenly."""
    __slots__ = ()
    _saved_names = ("self", "other")
    takes_max = True

    @classmethod
    def forward(cls, ctx, a, b):
        ctx.save(a, b)
        # b first: NumPy returns its second operand at a tie (-0.0 vs 0.0), torch its first
        return torch_layout(np.maximum(b, a) if cls.takes_max else np.minimum(b, a), a, b)

    def backward(ctx, g, xp):
        a, b = xp.saved(ctx)
        half = xp.where(a == b, g / 2, g)
        a_loses, b_loses = (a < b, a > b) if ctx.takes_max else (a > b, a < b)
        return xp.masked_fill(half, a_loses, 0.0), xp.masked_fill(half, b_loses, 0.0)   # torch's formula


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
        return torch_layout(np.where(cond, a, b), cond, a, b)

    def backward(ctx, g, xp):
        cond, = xp.saved(ctx)
        return xp.where(cond, g, 0.0), xp.where(cond, 0.0, g)


# the largest finite value of each float dtype: a float bound within it needs no conversion check
_FMAX = {"e": 65504.0, "f": float(np.finfo(np.float32).max), "d": float("inf")}


def _clamp_args(input: Tensor, min, max, name: str = "clamp", method: bool = False):  # noqa: A002
    """(op, tensors, arrays) for clamp: ClampBackward1 for number bounds, ClampBackward0 for tensors,
    computed in torch's result dtype (``tensor([1, 2]).clamp(min=1.5)`` is float), with its errors."""
    d = _clamp_fast(input, min, max)
    if d is not None:                         # the common case: a float tensor, float bounds
        return ClampBackward1, (input,), (d, min, max)
    given = (input, min, max) if max is not None else (input, min) if min is not None else (input,)
    if method:
        given = given[1:]
    if not isinstance(input, Tensor) or not all(v is None or isinstance(v, Tensor) or is_number(v)
                                                for v in (min, max)):
        raise ArgError(name, given, sig="clamp", method=method)
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if isinstance(min, Tensor) != isinstance(max, Tensor) and min is not None and max is not None:
        # a tensor and a number: torch's parser takes it for the Number overload if the tensor is 0-d
        if any(isinstance(v, Tensor) and v._data.ndim for v in (min, max)):
            raise ArgError(name, given, sig="clamp", method=method)
        min, max = (v.item() if isinstance(v, Tensor) else v for v in (min, max))  # noqa: A001
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        lo = None if min is None else tensor_operand(input, min)
        hi = None if max is None else tensor_operand(input, max)
        rt = _dtype.result_type(*[t for t in (input, lo, hi) if t is not None])
        if input._data.dtype.kind == "c":
            raise NotImplementedError("clamp is not supported for complex types")
        kernel = "clamp" if lo is not None and hi is not None else "maximum" if hi is None else "minimum"
        if rt.is_complex or rt is _dtype.bool and kernel == "clamp":
            raise NotImplementedError(f"\"{kernel}_cpu\" not implemented for '{rt._legacy[:-6]}'")
        dt = rt.np
        arrays = tuple(None if t is None else t._data.astype(dt, copy=False) for t in (input, lo, hi))
        return ClampBackward0, (input, lo, hi), arrays
    bounds = [v for v in (min, max) if v is not None]
    if any(isinstance(v, (complex, np.complexfloating)) for v in bounds) or input._data.dtype.kind == "c":
        raise NotImplementedError("clamp is not supported for complex types")
    rt = _dtype.result_type(input, *bounds)
    if rt is _dtype.bool:
        which = "clamp_scalar_cpu" if len(bounds) == 2 else "clamp_min_scalar_cpu" if max is None else \
            "clamp_max_scalar_cpu"
        raise NotImplementedError(f"\"{which}\" not implemented for 'Bool'")
    dt = rt.np
    lo = None if min is None else checked_scalar(_number(min), dt)
    hi = None if max is None else checked_scalar(_number(max), dt)
    return ClampBackward1, (input,), (input._data.astype(dt, copy=False), lo, hi)


def _number(v):
    return v.item() if isinstance(v, np.generic) else v


def _clamp_fast(input, min, max):  # noqa: A002
    """The common clamp: a float tensor and float bounds within its range (no promotion or checks)."""
    tl, th = type(min), type(max)
    if tl is float and (th is float or max is None) or min is None and th is float:
        d = getattr(input, "_data", None)
        fmax = None if d is None else _FMAX.get(d.dtype.char)
        if fmax is not None and not (min is not None and (min > fmax or min < -fmax)) \
                and not (max is not None and (max > fmax or max < -fmax)):
            return d
    return None


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
    d = _clamp_fast(input, min, max)
    if d is not None:
        return apply1(ClampBackward1, input, d, min, max)
    return _clamp(*_clamp_args(input, min, max))


def _clamp(cls, tensors: tuple, arrays: tuple) -> Tensor:
    try:
        return apply(cls, tensors, arrays)
    except ValueError:
        err = _bounds_error(arrays)
        if err is None:
            raise
        raise err from None


def _bounds_error(arrays: tuple) -> RuntimeError | None:
    """torch's error for clamp's input and tensor bounds that do not broadcast: its TensorIterator folds the
    shapes in order (input, min, max) and names the first pair that fails."""
    shape = np.shape(arrays[0])
    for a in arrays[1:]:
        if a is None or type(a) is not np.ndarray:
            continue
        try:
            shape = np.broadcast_shapes(shape, a.shape)
        except ValueError:
            return broadcast_error(shape, a.shape)
    return None


def clamp_(input: Tensor, min=None, max=None) -> Tensor:  # noqa: A002
    """In-place version of :func:`clamp`; returns ``input``.

    Args:
        input (Tensor): the tensor to modify.
        min (Number or Tensor, optional): lower-bound of the range to be clamped to. Default: ``None``.
        max (Number or Tensor, optional): upper-bound of the range to be clamped to. Default: ``None``.
    """
    return _clamp_inplace(input, min, max, "clamp_")


def _clamp_inplace(input: Tensor, min, max, name: str) -> Tensor:  # noqa: A002
    return _apply_inplace(*_clamp_args(input, min, max, name, method=True), input)


def _apply_inplace(cls, tensors: tuple, arrays: tuple, input: Tensor) -> Tensor:  # noqa: A002
    d, rd = input._data, arrays[0]
    if cls in _NUMBER_BOUNDS and rd.dtype != d.dtype and not np.can_cast(rd.dtype, d.dtype, "same_kind"):
        res, out = _dtype._BY_CHAR[rd.dtype.char], _dtype._BY_CHAR[d.dtype.char]
        raise RuntimeError(f"result type {res._legacy[:-6]} can't be cast to the desired output type {out._cname}")
    try:
        return apply_inplace(cls, input, tensors, arrays)
    except ValueError:
        err = _bounds_error(arrays)
        if err is None:
            raise
        raise err from None


def clip(input: Tensor, min=None, max=None) -> Tensor:  # noqa: A002
    """Alias of :func:`clamp`."""
    return _clamp(*_clamp_args(input, min, max, "clip"))


def clip_(input: Tensor, min=None, max=None) -> Tensor:  # noqa: A002
    """Alias of :func:`clamp_`."""
    return _clamp_inplace(input, min, max, "clip_")


def _clamp_method(name: str, fn: _F) -> _F:
    """The method form of clamp / clip: torch's method words when the bounds are refused."""
    def method(self: Tensor, min=None, max=None) -> Tensor:  # noqa: A002
        d = _clamp_fast(self, min, max)
        if d is not None:
            return apply1(ClampBackward1, self, d, min, max)
        return _clamp(*_clamp_args(self, min, max, name, method=True))
    method.__doc__ = fn.__doc__
    method.__name__ = method.__qualname__ = name
    return method  # type: ignore[return-value]


clamp_method, clip_method = _clamp_method("clamp", clamp), _clamp_method("clip", clip)

# clamp's number-bound nodes (a Scalar bound: the in-place forms refuse a result their dtype cannot hold)
_NUMBER_BOUNDS = (ClampBackward1, ClampMinBackward0, ClampMaxBackward0)


def _one_bound(input: Tensor, bound, lower: bool, name: str, method: bool = False):  # noqa: A002
    """(op, tensors, arrays) for clamp_min / clamp_max: clamp's promotion and errors, torch's own nodes."""
    if not isinstance(input, Tensor) or bound is None or not (isinstance(bound, Tensor) or is_number(bound)):
        raise ArgError(name, (bound,) if method else (input, bound), sig=name, method=method)
    cls, tensors, arrays = _clamp_args(input, bound if lower else None, None if lower else bound, name, method)
    k = 1 if lower else 2
    if cls is ClampBackward1:
        return (ClampMinBackward0 if lower else ClampMaxBackward0), (input,), (arrays[0], arrays[k])
    return (ClampMinBackward1 if lower else ClampMaxBackward1), (input, tensors[k]), (arrays[0], arrays[k])


def clamp_min(input: Tensor, min) -> Tensor:  # noqa: A002
    """Clamp all elements in ``input`` to be at least ``min``: ``clamp(input, min=min)``, recorded as torch's
    ``ClampMinBackward0`` (a number) or ``ClampMinBackward1`` (a tensor, which gets the gradient where it applied).

    Args:
        input (Tensor): the input tensor.
        min (Number or Tensor): the lower bound.
    """
    d = _clamp_fast(input, min, None)
    if d is not None:
        return apply1(ClampMinBackward0, input, d, min)
    return _clamp(*_one_bound(input, min, True, "clamp_min"))


def clamp_max(input: Tensor, max) -> Tensor:  # noqa: A002
    """Clamp all elements in ``input`` to be at most ``max``: ``clamp(input, max=max)``, recorded as torch's
    ``ClampMaxBackward0`` (a number) or ``ClampMaxBackward1`` (a tensor).

    Args:
        input (Tensor): the input tensor.
        max (Number or Tensor): the upper bound.
    """
    d = _clamp_fast(input, None, max)
    if d is not None:
        return apply1(ClampMaxBackward0, input, d, max)
    return _clamp(*_one_bound(input, max, False, "clamp_max"))


def clamp_min_(input: Tensor, min) -> Tensor:  # noqa: A002
    """In-place version of :func:`clamp_min`; returns ``input``.

    Args:
        input (Tensor): the tensor to modify.
        min (Number or Tensor): the lower bound.
    """
    return _apply_inplace(*_one_bound(input, min, True, "clamp_min_"), input)


def clamp_max_(input: Tensor, max) -> Tensor:  # noqa: A002
    """In-place version of :func:`clamp_max`; returns ``input``.

    Args:
        input (Tensor): the tensor to modify.
        max (Number or Tensor): the upper bound.
    """
    return _apply_inplace(*_one_bound(input, max, False, "clamp_max_"), input)


clamp_min_method, clamp_max_method = method_form(clamp_min), method_form(clamp_max)
clamp_min_inplace_method, clamp_max_inplace_method = method_form(clamp_min_), method_form(clamp_max_)


def maximum(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """Compute the elementwise maximum of ``input`` and ``other``.

    ``other`` is broadcast against ``input``. Where the two are equal, the gradient is split evenly between
    them (each gets half), as in torch; where one is NaN (the result), both get it.

    Args:
        input (Tensor): the input tensor.
        other (Tensor): the second input (torch refuses a number).
    """
    if not isinstance(input, Tensor) or not isinstance(other, Tensor):
        raise ArgError("maximum", (input, other), numbers=False)
    if input._data.dtype.kind == "c" or other._data.dtype.kind == "c":
        raise RuntimeError("maximum not implemented for complex tensors.")
    return binary(MaximumBackward0, input, other)


def minimum(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """Compute the elementwise minimum of ``input`` and ``other``.

    ``other`` is broadcast against ``input``. Where the two are equal, the gradient is split evenly between
    them (each gets half), as in torch; where one is NaN (the result), both get it.

    Args:
        input (Tensor): the input tensor.
        other (Tensor): the second input (torch refuses a number).
    """
    if not isinstance(input, Tensor) or not isinstance(other, Tensor):
        raise ArgError("minimum", (input, other), numbers=False)
    if input._data.dtype.kind == "c" or other._data.dtype.kind == "c":
        raise RuntimeError("minimum not implemented for complex tensors.")
    return binary(MinimumBackward0, input, other)


maximum_method, minimum_method = method_form(maximum), method_form(minimum)


class _NotGiven:
    """The default of where's ``input`` and ``other``: not given (``where(c)``), unlike an explicit None."""
    def __repr__(self) -> str:
        return "<not given>"


_NOT_GIVEN: Any = _NotGiven()


_SCALARS = (float, int, bool)


def where(condition: Tensor, input: Any = _NOT_GIVEN, other: Any = _NOT_GIVEN) -> Tensor:  # noqa: A002
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
    if input is _NOT_GIVEN and other is _NOT_GIVEN and isinstance(condition, Tensor):
        return nonzero(condition, as_tuple=True)
    return _where(condition, input, other, False)


def _where(condition, input, other, method: bool) -> Tensor:  # noqa: A002
    if not isinstance(condition, Tensor) or not (isinstance(input, Tensor) or type(input) in _SCALARS
                                                 or is_number(input)) \
            or not (isinstance(other, Tensor) or type(other) in _SCALARS or is_number(other)):
        given = (condition, input, other) if not method else (condition, other)
        while given[-1] is _NOT_GIVEN:
            given = given[:-1]
        raise ArgError("where", given, sig="where", method=method)
    cond = condition._data
    if cond.dtype != np.bool_:
        if cond.dtype != np.uint8:
            raise RuntimeError("where expected condition to be a boolean tensor, but got a tensor with dtype "
                               f"{_dtype._BY_CHAR[cond.dtype.char]._legacy[:-6]}")
        warnings.warn("where received a uint8 condition tensor. This behavior is deprecated and will be removed in "
                      "a future version of PyTorch. Use a boolean condition instead.", UserWarning, stacklevel=3)
        cond = cond.astype(np.bool_)
    a, b = input, other
    if type(a) is not Tensor and isinstance(a, np.generic):
        a = a.item()
    if type(b) is not Tensor and isinstance(b, np.generic):
        b = b.item()
    if not isinstance(a, Tensor):
        if not isinstance(b, Tensor):
            b = tensor(b)
        a, b = b, a
        swapped = True
    else:
        swapped = False
    tb, ad, bd = promote(a, b)
    if tb is None:
        if type(b) is int and ad.dtype.kind in "iu":
            bd = checked_scalar(b, ad.dtype)     # a Scalar argument: checked, not wrapped (torch's)
        elif ad.dtype.char == "e" and type(bd) is float and abs(bd) >= 65520.0:
            bd = np.float16(bd * np.inf)         # beyond float16: inf, as torch's cast, without NumPy's warning
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
    return _where(condition, input, other, True)
