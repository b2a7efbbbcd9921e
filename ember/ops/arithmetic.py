"""Arithmetic: + - * / ** (and their reflected and in-place forms), neg, reciprocal, with
torch's dtype promotion (``_promotion.py``)."""
from __future__ import annotations

import numpy as np

from .. import _dtype
from .._tensor import Tensor, make
from ._inplace import apply_inplace
from ._op import Op
from ._promotion import as_operand, binary, binary_inplace, float_input, promote
from ._record import apply, apply1

__all__ = ["add", "sub", "mul", "div", "neg", "pow", "reciprocal", "floor_divide", "remainder", "multiply",
           "subtract", "divide", "true_divide", "positive", "add_", "sub_", "mul_", "div_", "pow_", "neg_"]


# ----------------------------------------------------------------------------------------------
# the ops
class AddBackward0(Op):
    inplace_ufunc = np.add
    __slots__ = ("alpha",)
    _param_names = ("alpha",)

    @staticmethod
    def forward(ctx, a, b, alpha=1):
        ctx.alpha = alpha
        return a + b if alpha == 1 else a + alpha * b

    def backward(ctx, g, xp):
        return g, (g if ctx.alpha == 1 else g * ctx.alpha)


class SubBackward0(Op):
    inplace_ufunc = np.subtract
    __slots__ = ("alpha",)
    _param_names = ("alpha",)

    @staticmethod
    def forward(ctx, a, b, alpha=1):
        ctx.alpha = alpha
        return a - b if alpha == 1 else a - alpha * b

    def backward(ctx, g, xp):
        return g, (-g if ctx.alpha == 1 else -g * ctx.alpha)


class RsubBackward1(Op):
    """``scalar - tensor``."""
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, scalar):
        return scalar - a

    def backward(ctx, g, xp):
        return (-g,)


class MulBackward0(Op):
    inplace_ufunc = np.multiply
    __slots__ = ()
    _saved_names = ("self", "other")

    @staticmethod
    def forward(ctx, a, b):
        nf = ctx.next_functions
        if nf:  # save only what the gradient needs, as torch does (_saved_self is None for a constant)
            ctx.save(a if nf[1][0] is not None else None, b if nf[0][0] is not None else None)
        return a * b

    def backward(ctx, g, xp):
        a, b = xp.saved(ctx)
        return (None if b is None else g * b), (None if a is None else g * a)


class DivBackward0(Op):
    inplace_ufunc = np.true_divide
    __slots__ = ()
    _saved_names = ("self", "other")

    @staticmethod
    def forward(ctx, a, b):
        nf = ctx.next_functions
        if nf:  # the dividend is needed only for the divisor's gradient
            ctx.save(a if nf[1][0] is not None else None, b)
        with np.errstate(divide="ignore", invalid="ignore"):
            return a / b

    def backward(ctx, g, xp):
        a, b = xp.saved(ctx)
        return g / b, (None if a is None else -g * a / (b * b))


class NegBackward0(Op):
    __slots__ = ()

    @staticmethod
    def forward(ctx, a):
        return -a

    def backward(ctx, g, xp):
        return (-g,)


class ReciprocalBackward0(Op):
    __slots__ = ()
    _saved_names = ("result",)

    @staticmethod
    def forward(ctx, a):
        with np.errstate(divide="ignore"):
            r = 1.0 / a
        ctx.save(r)
        return r

    def backward(ctx, g, xp):
        r, = xp.saved(ctx)
        return (-g * r * r,)


class PowBackward0(Op):
    """``tensor ** scalar``."""
    __slots__ = ("exponent",)
    _saved_names = ("self",)
    _param_names = ("exponent",)

    @staticmethod
    def forward(ctx, a, e):
        ctx.save(a)
        ctx.exponent = e
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return a ** e

    def backward(ctx, g, xp):
        a, = xp.saved(ctx)
        e = ctx.exponent
        if e == 0:
            return (xp.zeros_like(g),)
        return (g * e * a ** (e - 1),)


class PowBackward1(Op):
    """``tensor ** tensor``."""
    __slots__ = ()
    _saved_names = ("self", "exponent", "result")

    @staticmethod
    def forward(ctx, a, e):
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            r = a ** e
        ctx.save(a, e, r)
        return r

    def backward(ctx, g, xp):
        a, e, r = xp.saved(ctx)
        ga = xp.where(e == 0, 0.0, g * e * a ** (e - 1))
        ge = xp.where((a == 0) & (e >= 0), 0.0, g * r * xp.log(a))
        return ga, ge


class PowBackward2(Op):
    """``scalar ** tensor``."""
    __slots__ = ("base",)
    _saved_names = ("exponent", "result")

    @staticmethod
    def forward(ctx, e, base):
        r = np.power(base, e)
        ctx.base = base
        ctx.save(e, r)
        return r

    def backward(ctx, g, xp):
        e, r = xp.saved(ctx)
        if ctx.base == 0:  # pow(0, e): gradient 0 where e >= 0 (torch's convention)
            return (xp.where(e >= 0, 0.0, g * r * float("-inf")),)
        return (g * r * float(np.log(ctx.base)),)


# ----------------------------------------------------------------------------------------------
# operators and functions
def add_operator(a: Tensor, b) -> Tensor:
    """``a + b`` and ``b + a`` (the operators: no ``alpha``)."""
    return binary(AddBackward0, a, b)


def sub_operator(a: Tensor, b) -> Tensor:
    """``a - b``."""
    return binary(SubBackward0, a, b)


def rsub(a: Tensor, b) -> Tensor:
    """``b - a`` for a non-Tensor ``b``."""
    b = as_operand(b)
    if isinstance(b, Tensor):
        return binary(SubBackward0, b, a)
    tb, ad, bd = promote(a, b)
    return apply(RsubBackward1, (a,), (ad, bd))


def mul_operator(a: Tensor, b) -> Tensor:
    """``a * b`` and ``b * a``."""
    return binary(MulBackward0, a, b)


def _true_div_operands(a: Tensor, b):
    # integer / integer is true division in torch: compute in the default float dtype
    if a._data.dtype.kind in "biu" and (not isinstance(b, Tensor) or b._data.dtype.kind in "biu") \
            and not isinstance(b, float):
        a = a.to(_dtype.get_default_dtype())
    return a, b


def truediv(a: Tensor, b) -> Tensor:
    """``a / b`` (true division)."""
    a, b = _true_div_operands(a, as_operand(b))
    return binary(DivBackward0, a, b)


def rtruediv(a: Tensor, b) -> Tensor:
    """``b / a`` for a non-Tensor ``b``."""
    b = as_operand(b)
    if isinstance(b, Tensor):
        return truediv(b, a)
    return reciprocal(a) * b


def neg(a: Tensor) -> Tensor:
    """Return a new tensor with the negative of the elements of ``a``: ``-a``.

    Also available as ``Tensor.neg``, ``Tensor.negative`` and the unary ``-`` operator.

    Args:
        a (Tensor): the input tensor.
    """
    return apply1(NegBackward0, a, a._data)


def positive(a: Tensor) -> Tensor:
    """``+a``: ``a`` itself."""
    return a


def pow(a: Tensor, exponent) -> Tensor:  # noqa: A001
    """Take the power of each element in ``a`` with ``exponent`` and return a tensor with the result.

    ``exponent`` can be a number or a tensor broadcastable with ``a``; dtypes are promoted as in torch. This is
    also the ``**`` operator (``a ** exponent``). Gradient conventions follow torch: where the exponent is 0, the
    gradient with respect to ``a`` is 0; where ``a`` is 0 and a tensor exponent is ``>= 0``, the gradient with
    respect to the exponent is 0.

    Args:
        a (Tensor): the input tensor.
        exponent (float or Tensor): the exponent value.
    """
    exponent = as_operand(exponent)
    if isinstance(exponent, Tensor):
        return binary(PowBackward1, a, exponent)
    tb, ad, e = promote(a, exponent)
    return apply1(PowBackward0, a, ad, e)


def rpow(a: Tensor, base) -> Tensor:
    """``base ** a`` for a non-Tensor ``base``."""
    base = as_operand(base)
    if isinstance(base, Tensor):
        return pow(base, a)
    _, ad, _ = promote(a, base)
    return apply(PowBackward2, (a,), (ad, base))


def floor_divide(a: Tensor, b) -> Tensor:
    """Divide ``a`` by ``b`` elementwise and round the result down (towards negative infinity).

    This is also the ``//`` operator. The result records no autograd history.

    Args:
        a (Tensor): the dividend.
        b (Tensor or Number): the divisor, broadcastable with ``a``.
    """
    tb, ad, bd = promote(a, as_operand(b))
    return make(np.asarray(np.floor_divide(ad, bd)))


def remainder(a: Tensor, b) -> Tensor:
    """Compute Python's modulus elementwise: the result has the same sign as the divisor ``b``.

    This is also the ``%`` operator. The result records no autograd history.

    Args:
        a (Tensor): the dividend.
        b (Tensor or Number): the divisor, broadcastable with ``a``.
    """
    tb, ad, bd = promote(a, as_operand(b))
    return make(np.asarray(np.mod(ad, bd)))


def add(a: Tensor, other, *, alpha=1) -> Tensor:
    """Add ``other``, scaled by ``alpha``, to ``a``: ``a + alpha * other``.

    Supports broadcasting and torch's type promotion. The gradient with respect to ``other`` is scaled by
    ``alpha``; gradients are summed back over broadcast dimensions.

    Args:
        a (Tensor): the input tensor.
        other (Tensor or Number): the tensor or number to add to ``a``.

    Keyword args:
        alpha (Number): the multiplier for ``other``. Default: ``1``.
    """
    if alpha == 1:
        return binary(AddBackward0, a, other)
    tb, ad, bd = promote(a, as_operand(other))
    return apply(AddBackward0, (a, tb), (ad, bd), alpha)


def sub(a: Tensor, other, *, alpha=1) -> Tensor:
    """Subtract ``other``, scaled by ``alpha``, from ``a``: ``a - alpha * other``.

    Supports broadcasting and torch's type promotion. Also available as ``subtract``.

    Args:
        a (Tensor): the input tensor.
        other (Tensor or Number): the tensor or number to subtract from ``a``.

    Keyword args:
        alpha (Number): the multiplier for ``other``. Default: ``1``.
    """
    if alpha == 1:
        return binary(SubBackward0, a, other)
    tb, ad, bd = promote(a, as_operand(other))
    return apply(SubBackward0, (a, tb), (ad, bd), alpha)


def mul(a: Tensor, other) -> Tensor:
    """Multiply ``a`` by ``other`` elementwise: ``a * other``.

    Supports broadcasting and torch's type promotion. Also available as ``multiply``.

    Args:
        a (Tensor): the input tensor.
        other (Tensor or Number): the tensor or number to multiply ``a`` by.
    """
    return binary(MulBackward0, a, other)


def div(a: Tensor, other, *, rounding_mode=None) -> Tensor:
    """Divide each element of ``a`` by the corresponding element of ``other``.

    With the default ``rounding_mode=None`` this is true division (the ``/`` operator): two integer operands
    give a result in the default float dtype, as in torch. The ``'floor'`` and ``'trunc'`` modes keep the
    promoted dtype and record no autograd history. Also available as ``divide`` and ``true_divide``.

    Args:
        a (Tensor): the dividend.
        other (Tensor or Number): the divisor, broadcastable with ``a``.

    Keyword args:
        rounding_mode (str, optional): ``None`` (true division), ``'trunc'`` (round towards zero) or
            ``'floor'`` (round down). Default: ``None``.
    """
    if rounding_mode not in (None, "trunc", "floor"):
        raise RuntimeError("div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
                           f"'{rounding_mode}'")
    if rounding_mode == "floor":
        return floor_divide(a, other)
    if rounding_mode == "trunc":
        tb, ad, bd = promote(a, as_operand(other))
        return make(np.asarray(np.trunc(ad / bd).astype(np.result_type(ad, bd))))
    return truediv(a, other)


multiply, subtract, divide, true_divide = mul, sub, div, div


def reciprocal(a: Tensor) -> Tensor:
    """Return a new tensor with the reciprocal of the elements of ``a``: ``1 / a``.

    Integer inputs give the default float dtype; ``1 / 0`` is ``inf``, without a warning.

    Args:
        a (Tensor): the input tensor.
    """
    return apply(ReciprocalBackward0, (a,), (float_input(a),))


# ----------------------------------------------------------------------------------------------
# in-place arithmetic
def add_(a: Tensor, other, *, alpha=1) -> Tensor:
    """In-place version of :func:`add`: ``a += alpha * other``; returns ``a``.

    Args:
        a (Tensor): the tensor to modify.
        other (Tensor or Number): the tensor or number to add, broadcastable to ``a``'s shape.

    Keyword args:
        alpha (Number): the multiplier for ``other``. Default: ``1``.
    """
    if alpha == 1:
        return binary_inplace(AddBackward0, a, other)
    tb, ad, bd = promote(a, as_operand(other))
    return apply_inplace(AddBackward0, a, (a, tb), (ad, bd), alpha)


def sub_(a: Tensor, other, *, alpha=1) -> Tensor:
    """In-place version of :func:`sub`: ``a -= alpha * other``; returns ``a``.

    Args:
        a (Tensor): the tensor to modify.
        other (Tensor or Number): the tensor or number to subtract, broadcastable to ``a``'s shape.

    Keyword args:
        alpha (Number): the multiplier for ``other``. Default: ``1``.
    """
    if alpha == 1:
        return binary_inplace(SubBackward0, a, other)
    tb, ad, bd = promote(a, as_operand(other))
    return apply_inplace(SubBackward0, a, (a, tb), (ad, bd), alpha)


def mul_(a: Tensor, other) -> Tensor:
    """In-place version of :func:`mul`: ``a *= other``; returns ``a``.

    Args:
        a (Tensor): the tensor to modify.
        other (Tensor or Number): the multiplier, broadcastable to ``a``'s shape.
    """
    return binary_inplace(MulBackward0, a, other)


def div_(a: Tensor, other) -> Tensor:
    """In-place version of :func:`div` (true division only): ``a /= other``; returns ``a``.

    Args:
        a (Tensor): the tensor to modify.
        other (Tensor or Number): the divisor, broadcastable to ``a``'s shape.
    """
    return binary_inplace(DivBackward0, a, as_operand(other))


def pow_(a: Tensor, exponent) -> Tensor:
    """In-place version of :func:`pow`: ``a **= exponent``; returns ``a``.

    Args:
        a (Tensor): the tensor to modify.
        exponent (float or Tensor): the exponent value.
    """
    exponent = as_operand(exponent)
    if isinstance(exponent, Tensor):
        return binary_inplace(PowBackward1, a, exponent)
    return apply_inplace(PowBackward0, a, (a,), (a._data, exponent))


def neg_(a: Tensor) -> Tensor:
    """In-place version of :func:`neg`; returns ``a``.

    Args:
        a (Tensor): the tensor to modify.
    """
    return apply_inplace(NegBackward0, a, (a,), (a._data,))
