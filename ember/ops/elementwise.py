"""Elementwise ops: arithmetic (with torch's dtype promotion), unary math, comparisons.

Each op's forward and backward sit together; gradients are summed back over broadcast
dimensions by the engine, not here.
"""
from __future__ import annotations

import numpy as np

from .. import _dtype
from .._tensor import Tensor, make, tensor_method
from .base import Op, apply, apply1, apply2, apply_inplace

_ndarray = np.ndarray
_float, _int, _bool = float, int, bool


# ----------------------------------------------------------------------------------------------
# operand preparation: torch's promotion, done once per op
def _default_float_np():
    return _dtype.get_default_dtype().np


def as_operand(b):
    """A Python scalar stays a scalar; anything else array-like becomes a Tensor."""
    if isinstance(b, Tensor):
        return b
    tb = type(b)
    if tb is _float or tb is _int or tb is _bool or tb is complex:
        return b
    if isinstance(b, np.generic):
        return b.item()
    if isinstance(b, _ndarray):
        return make(b)
    from .._creation import tensor
    return tensor(b)


def promote(a: Tensor, b):
    """(tensor-or-None for b, a's array, b's array-or-scalar), cast to torch's result dtype."""
    ad = a._data
    if isinstance(b, Tensor):
        bd = b._data
        if ad.dtype is bd.dtype or ad.dtype == bd.dtype:
            return b, ad, bd
        rt = _dtype.result_type(a, b).np
        return b, ad.astype(rt, copy=False), bd.astype(rt, copy=False)
    kind = ad.dtype.kind
    tb = type(b)
    if tb is _float:
        if kind == "f" or kind == "c":
            return None, ad, b
        return None, ad.astype(_default_float_np()), b
    if tb is _int:
        if kind != "b":
            return None, ad, b
        return None, ad.astype(np.int64), b
    if tb is _bool:
        return None, ad, b
    if tb is complex:
        return None, ad.astype(np.complex128 if ad.dtype == np.float64 else np.complex64), b
    b = as_operand(b)
    return promote(a, b)


def broadcast_error(sa: tuple, sb: tuple) -> RuntimeError:
    """torch's message for shapes that do not broadcast."""
    na, nb = len(sa), len(sb)
    n = max(na, nb)
    for i in range(1, n + 1):
        x = sa[-i] if i <= na else 1
        y = sb[-i] if i <= nb else 1
        if x != y and x != 1 and y != 1:
            return RuntimeError(f"The size of tensor a ({x}) must match the size of tensor b ({y}) at "
                                f"non-singleton dimension {n - i}")
    return RuntimeError(f"shapes {list(sa)} and {list(sb)} cannot be broadcast")


def _shape_of(x) -> tuple:
    return x.shape if isinstance(x, (_ndarray, Tensor)) else ()


def binary(cls, a: Tensor, b):
    ad = a._data
    if type(b) is _float and ad.dtype.kind in "fc":   # the commonest case: no promotion to do
        tb, bd = None, b
    else:
        tb, ad, bd = promote(a, b)
    try:
        return apply2(cls, a, tb, ad, bd)
    except ValueError:
        raise broadcast_error(ad.shape, _shape_of(bd)) from None


def binary_inplace(cls, a: Tensor, b):
    tb, ad, bd = promote(a, b)
    try:
        return apply_inplace(cls, a, (a, tb), (ad, bd))
    except ValueError:
        raise broadcast_error(ad.shape, _shape_of(bd)) from None


def float_input(x: Tensor) -> np.ndarray:
    """x's array, cast to the default float dtype if it is integral (torch's rule for exp, log...)."""
    d = x._data
    k = d.dtype.kind
    return d if k == "f" or k == "c" else d.astype(_default_float_np())


# ----------------------------------------------------------------------------------------------
# arithmetic
class AddBackward0(Op):
    inplace_ufunc = np.add
    __slots__ = ("alpha",)
    _param_names = ("alpha",)

    @staticmethod
    def forward(ctx, a, b, alpha=1):
        ctx.alpha = alpha
        return a + b if alpha == 1 else a + alpha * b

    def backward(ctx, g, F):
        return g, (g if ctx.alpha == 1 else g * ctx.alpha)


class SubBackward0(Op):
    inplace_ufunc = np.subtract
    __slots__ = ("alpha",)
    _param_names = ("alpha",)

    @staticmethod
    def forward(ctx, a, b, alpha=1):
        ctx.alpha = alpha
        return a - b if alpha == 1 else a - alpha * b

    def backward(ctx, g, F):
        return g, (-g if ctx.alpha == 1 else -g * ctx.alpha)


class RsubBackward1(Op):
    """``scalar - tensor``."""
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, scalar):
        return scalar - a

    def backward(ctx, g, F):
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

    def backward(ctx, g, F):
        a, b = F.saved(ctx)
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

    def backward(ctx, g, F):
        a, b = F.saved(ctx)
        return g / b, (None if a is None else -g * a / (b * b))


class NegBackward0(Op):
    __slots__ = ()

    @staticmethod
    def forward(ctx, a):
        return -a

    def backward(ctx, g, F):
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

    def backward(ctx, g, F):
        r, = F.saved(ctx)
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

    def backward(ctx, g, F):
        a, = F.saved(ctx)
        e = ctx.exponent
        if e == 0:
            return (F.zeros_like(g),)
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

    def backward(ctx, g, F):
        a, e, r = F.saved(ctx)
        ga = F.where(e == 0, 0.0, g * e * a ** (e - 1))
        ge = F.where((a == 0) & (e >= 0), 0.0, g * r * F.log(a))
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

    def backward(ctx, g, F):
        e, r = F.saved(ctx)
        if ctx.base == 0:  # pow(0, e): gradient 0 where e >= 0 (torch's convention)
            return (F.where(e >= 0, 0.0, g * r * float("-inf")),)
        return (g * r * float(np.log(ctx.base)),)


@tensor_method(name="__add__")
def _add(a, b):
    return binary(AddBackward0, a, b)


@tensor_method(name="__radd__")
def _radd(a, b):
    return binary(AddBackward0, a, b)


@tensor_method(name="__sub__")
def _sub(a, b):
    return binary(SubBackward0, a, b)


@tensor_method(name="__rsub__")
def _rsub(a, b):
    b = as_operand(b)
    if isinstance(b, Tensor):
        return binary(SubBackward0, b, a)
    tb, ad, bd = promote(a, b)
    return apply(RsubBackward1, (a,), (ad, bd))


@tensor_method(name="__mul__")
def _mul(a, b):
    return binary(MulBackward0, a, b)


@tensor_method(name="__rmul__")
def _rmul(a, b):
    return binary(MulBackward0, a, b)


def _true_div_operands(a: Tensor, b):
    # integer / integer is true division in torch: compute in the default float dtype
    if a._data.dtype.kind in "biu" and (not isinstance(b, Tensor) or b._data.dtype.kind in "biu") \
            and not isinstance(b, float):
        a = a.to(_dtype.get_default_dtype())
    return a, b


@tensor_method(name="__truediv__")
def _truediv(a, b):
    a, b = _true_div_operands(a, as_operand(b))
    return binary(DivBackward0, a, b)


@tensor_method(name="__rtruediv__")
def _rtruediv(a, b):
    b = as_operand(b)
    if isinstance(b, Tensor):
        return _truediv(b, a)
    return reciprocal(a) * b


@tensor_method
def neg(a: Tensor) -> Tensor:
    """Return a new tensor with the negative of the elements of ``a``: ``-a``.

    Also available as ``Tensor.neg``, ``Tensor.negative`` and the unary ``-`` operator.

    Args:
        a (Tensor): the input tensor.
    """
    return apply1(NegBackward0, a, a._data)


Tensor.__neg__ = Tensor.negative = neg


@tensor_method(name="__pos__")
def _pos(a):
    return a


@tensor_method(name="__pow__")
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


@tensor_method(name="__rpow__")
def _rpow(a, base):
    base = as_operand(base)
    if isinstance(base, Tensor):
        return pow(base, a)
    _, ad, _ = promote(a, base)
    return apply(PowBackward2, (a,), (ad, base))


@tensor_method(name="__floordiv__")
def floor_divide(a, b):
    """Divide ``a`` by ``b`` elementwise and round the result down (towards negative infinity).

    This is also the ``//`` operator. The result records no autograd history.

    Args:
        a (Tensor): the dividend.
        b (Tensor or Number): the divisor, broadcastable with ``a``.
    """
    tb, ad, bd = promote(a, as_operand(b))
    return make(np.asarray(np.floor_divide(ad, bd)))


@tensor_method(name="__mod__")
def remainder(a, b):
    """Compute Python's modulus elementwise: the result has the same sign as the divisor ``b``.

    This is also the ``%`` operator. The result records no autograd history.

    Args:
        a (Tensor): the dividend.
        b (Tensor or Number): the divisor, broadcastable with ``a``.
    """
    tb, ad, bd = promote(a, as_operand(b))
    return make(np.asarray(np.mod(ad, bd)))


@tensor_method
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


@tensor_method
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


@tensor_method
def mul(a: Tensor, other) -> Tensor:
    """Multiply ``a`` by ``other`` elementwise: ``a * other``.

    Supports broadcasting and torch's type promotion. Also available as ``multiply``.

    Args:
        a (Tensor): the input tensor.
        other (Tensor or Number): the tensor or number to multiply ``a`` by.
    """
    return binary(MulBackward0, a, other)


@tensor_method
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
    return _truediv(a, other)


multiply, subtract, divide, true_divide = mul, sub, div, div
Tensor.multiply = mul
Tensor.pow = pow
Tensor.floor_divide = floor_divide
Tensor.remainder = remainder
Tensor.subtract = sub
Tensor.divide = div
Tensor.true_divide = div


@tensor_method
def reciprocal(a: Tensor) -> Tensor:
    """Return a new tensor with the reciprocal of the elements of ``a``: ``1 / a``.

    Integer inputs give the default float dtype; ``1 / 0`` is ``inf``, without a warning.

    Args:
        a (Tensor): the input tensor.
    """
    return apply(ReciprocalBackward0, (a,), (float_input(a),))


# ----------------------------------------------------------------------------------------------
# in-place arithmetic
@tensor_method
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


@tensor_method
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


@tensor_method
def mul_(a: Tensor, other) -> Tensor:
    """In-place version of :func:`mul`: ``a *= other``; returns ``a``.

    Args:
        a (Tensor): the tensor to modify.
        other (Tensor or Number): the multiplier, broadcastable to ``a``'s shape.
    """
    return binary_inplace(MulBackward0, a, other)


@tensor_method
def div_(a: Tensor, other) -> Tensor:
    """In-place version of :func:`div` (true division only): ``a /= other``; returns ``a``.

    Args:
        a (Tensor): the tensor to modify.
        other (Tensor or Number): the divisor, broadcastable to ``a``'s shape.
    """
    return binary_inplace(DivBackward0, a, as_operand(other))


@tensor_method
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


@tensor_method
def neg_(a: Tensor) -> Tensor:
    """In-place version of :func:`neg`; returns ``a``.

    Args:
        a (Tensor): the tensor to modify.
    """
    return apply_inplace(NegBackward0, a, (a,), (a._data,))


Tensor.__iadd__ = add_
Tensor.__isub__ = sub_
Tensor.__imul__ = mul_
Tensor.__itruediv__ = div_
Tensor.__ipow__ = pow_


# ----------------------------------------------------------------------------------------------
# unary math
def quiet(fn):
    """Run a NumPy function without its divide/invalid warnings (torch returns inf/nan silently)."""
    def run(*args):
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return fn(*args)
    return run


def _unary(name: str, forward, backward, saves: str, doc: str):
    """Define a unary op class (forward on arrays, backward formula) and its functions."""
    cls_name = name[0].upper() + name[1:] + "Backward0"

    def fwd(ctx, a):
        r = forward(a)
        if saves == "self":
            ctx.save(a)
        elif saves == "result":
            ctx.save(r)
        return r

    def bwd(ctx, g, F):
        if saves:
            v, = F.saved(ctx)
            return (backward(g, v, F),)
        return (backward(g, None, F),)

    cls = type(cls_name, (Op,), {"__slots__": (), "forward": staticmethod(fwd), "backward": bwd,
                                  "_saved_names": (saves,) if saves else ()})

    def op(input: Tensor) -> Tensor:  # noqa: A002
        d = input._data
        k = d.dtype.kind
        return apply1(cls, input, d if k == "f" or k == "c" else d.astype(_default_float_np()))

    def op_(input: Tensor) -> Tensor:  # noqa: A002
        """In-place version of the unary op of the same name without the trailing underscore; returns ``input``.

        Args:
            input (Tensor): the tensor to modify.
        """
        return apply_inplace(cls, input, (input,), (float_input(input),))

    op.__name__, op.__qualname__ = name, name
    op.__doc__ = doc
    op_.__name__ = name + "_"
    setattr(Tensor, name, op)
    setattr(Tensor, name + "_", op_)
    return cls, op, op_


ExpBackward0, exp, exp_ = _unary("exp", np.exp, lambda g, r, F: g * r, "result",
                                 "Return the exponential ``e ** x`` of each element (integers give the default float "
                                 "dtype).")
LogBackward0, log, log_ = _unary("log", quiet(np.log), lambda g, x, F: g / x, "self",
                                 "Return the natural logarithm of each element (``-inf`` at 0, ``nan`` below 0, "
                                 "silently).")
SqrtBackward0, sqrt, sqrt_ = _unary("sqrt", quiet(np.sqrt), lambda g, r, F: g / (2 * r), "result",
                                    "Return the square root of each element (``nan`` below 0); the gradient at 0 is "
                                    "``inf``.")
SinBackward0, sin, sin_ = _unary("sin", np.sin, lambda g, x, F: g * F.cos(x), "self",
                                 "Return the sine of each element (in radians).")
CosBackward0, cos, cos_ = _unary("cos", np.cos, lambda g, x, F: -g * F.sin(x), "self",
                                 "Return the cosine of each element (in radians).")
TanhBackward0, tanh, tanh_ = _unary("tanh", np.tanh, lambda g, r, F: g * (1 - r * r), "result",
                                    "Return the hyperbolic tangent of each element.")


def _sigmoid(a):
    # numerically stable for large |a| and no overflow warnings
    with np.errstate(over="ignore"):
        return np.where(a >= 0, 1 / (1 + np.exp(-a)), np.exp(a) / (1 + np.exp(a))).astype(a.dtype, copy=False)


SigmoidBackward0, sigmoid, sigmoid_ = _unary("sigmoid", _sigmoid, lambda g, r, F: g * r * (1 - r), "result",
                                             "Return the logistic sigmoid ``1 / (1 + exp(-x))`` of each element, "
                                             "computed without overflow.")
AbsBackward0, _abs_float, _ = _unary("abs", np.abs, lambda g, x, F: g * F.sign(x), "self",
                                 "Return the absolute value of each element (integer dtypes kept); the gradient at 0 "
                                 "is 0.")
ReluBackward0, _relu_float, _relu_float_ = _unary("relu", lambda a: np.maximum(a, 0).astype(a.dtype, copy=False),
                                                  lambda g, r, F: F.relu_grad(g, r), "result",
                                                  "Apply the rectified linear unit ``max(x, 0)`` elementwise (integer "
                                                  "dtypes kept); "
                                                  "the gradient at 0 is 0.")


class ThresholdBackwardBackward0(Op):
    """relu's backward as an op of its own (torch's name), so a create_graph gradient stays
    connected to the result, as torch's does (its derivative w.r.t. the result is zero)."""
    __slots__ = ()
    _saved_names = ("self",)

    @staticmethod
    def forward(ctx, g, r):
        ctx.save(r)
        return g * (r > 0)

    def backward(ctx, gg, F):
        r, = F.saved(ctx)
        return F.relu_grad(gg, r), F.zeros_like(gg)   # zero (not absent) w.r.t. the result, as torch
SignBackward0, _sign_float, _ = _unary("sign", np.sign, lambda g, x, F: F.zeros_like(g), "",
                                       "Return the sign (-1, 0 or 1) of each element (integer dtypes kept); its "
                                       "gradient is 0.")


def _keep_int(float_op, np_op, name):
    """abs/relu/sign keep integer dtypes (no grad possible for those)."""
    def op(input: Tensor) -> Tensor:  # noqa: A002
        if input._data.dtype.kind in "iub":
            return make(np.asarray(np_op(input._data)))
        return float_op(input)
    op.__name__ = name
    op.__doc__ = float_op.__doc__
    setattr(Tensor, name, op)
    return op


FloorBackward0, _floor_float, _ = _unary("floor", np.floor, lambda g, x, F: F.zeros_like(g), "",
                                         "Round each element down to an integer value (integer inputs copied); its "
                                         "gradient is 0.")
CeilBackward0, _ceil_float, _ = _unary("ceil", np.ceil, lambda g, x, F: F.zeros_like(g), "",
                                      "Round each element up to an integer value (integer inputs copied); its "
                                      "gradient is 0.")
RoundBackward0, _round_float, _ = _unary("round", np.round, lambda g, x, F: F.zeros_like(g), "",
                                         "Round each element to the nearest integer value, halves to even as torch "
                                         "does; its gradient is 0.")
TruncBackward0, _trunc_float, _ = _unary("trunc", np.trunc, lambda g, x, F: F.zeros_like(g), "",
                                         "Round each element towards zero (integer inputs copied); its gradient is 0.")
abs = _keep_int(_abs_float, np.abs, "abs")  # noqa: A001
Tensor.__abs__ = abs
relu = _keep_int(_relu_float, lambda a: np.maximum(a, 0).astype(a.dtype), "relu")
relu_ = _relu_float_
sign = _keep_int(_sign_float, np.sign, "sign")
floor = _keep_int(_floor_float, lambda a: a.copy(), "floor")
ceil = _keep_int(_ceil_float, lambda a: a.copy(), "ceil")
round = _keep_int(_round_float, lambda a: a.copy(), "round")  # noqa: A001
trunc = _keep_int(_trunc_float, lambda a: a.copy(), "trunc")


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

    def backward(ctx, g, F):
        a, = F.saved(ctx)
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

    def backward(ctx, g, F):
        a, lo, hi = F.saved(ctx)
        inside = None
        if lo is not None:
            inside = a >= lo
        if hi is not None:
            inside = (a <= hi) if inside is None else inside & (a <= hi)
        return (F.where(inside, g, 0.0),
                None if lo is None else F.where(a < lo, g, 0.0),
                None if hi is None else F.where(a > hi, g, 0.0))


def _clamp_args(input: Tensor, min, max):
    """(tensors, arrays, op) for clamp: ClampBackward1 for number bounds, ClampBackward0 for tensors."""
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        lo = None if min is None else _tensor_operand(input, min)
        hi = None if max is None else _tensor_operand(input, max)
        dt = _dtype.result_type(*[t for t in (input, lo, hi) if t is not None]).np
        arrays = tuple(None if t is None else t._data.astype(dt, copy=False) for t in (input, lo, hi))
        return ClampBackward0, (input, lo, hi), arrays
    return ClampBackward1, (input,), (input._data, min, max)


@tensor_method
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


@tensor_method
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
Tensor.clip, Tensor.clip_ = clamp, clamp_


class _PairwiseExtremum(Op):
    """maximum / minimum: the larger (smaller) input gets the gradient; ties share it evenly."""
    __slots__ = ()
    _saved_names = ("self", "other")
    takes_max = True

    @classmethod
    def forward(cls, ctx, a, b):
        ctx.save(a, b)
        return np.maximum(a, b) if cls.takes_max else np.minimum(a, b)

    def backward(ctx, g, F):
        a, b = F.saved(ctx)
        half = F.where(a == b, g / 2, g)
        a_loses, b_loses = (a < b, a > b) if ctx.takes_max else (a > b, a < b)
        return F.where(a_loses, 0.0, half), F.where(b_loses, 0.0, half)


class MaximumBackward0(_PairwiseExtremum):
    __slots__ = ()


class MinimumBackward0(_PairwiseExtremum):
    __slots__ = ()
    takes_max = False


def _tensor_operand(a: Tensor, b):
    b = as_operand(b)
    if not isinstance(b, Tensor):
        from .._creation import tensor
        b = tensor(b, dtype=a.dtype if isinstance(b, float) and a.dtype.is_floating_point else None)
    return b


@tensor_method
def maximum(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """Compute the elementwise maximum of ``input`` and ``other``.

    ``other`` is broadcast against ``input``; a number is turned into a tensor first. Where the two are equal,
    the gradient is split evenly between them (each gets half), as in torch.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or Number): the second input.
    """
    return binary(MaximumBackward0, input, _tensor_operand(input, other))


@tensor_method
def minimum(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """Compute the elementwise minimum of ``input`` and ``other``.

    ``other`` is broadcast against ``input``; a number is turned into a tensor first. Where the two are equal,
    the gradient is split evenly between them (each gets half), as in torch.

    Args:
        input (Tensor): the input tensor.
        other (Tensor or Number): the second input.
    """
    return binary(MinimumBackward0, input, _tensor_operand(input, other))


class WhereBackward0(Op):
    __slots__ = ()
    _saved_names = ("condition",)

    @staticmethod
    def forward(ctx, a, b, cond):
        ctx.save(cond)
        return np.where(cond, a, b)

    def backward(ctx, g, F):
        cond, = F.saved(ctx)
        return F.where(cond, g, 0.0), F.where(cond, 0.0, g)


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
        from .indexing import nonzero
        return nonzero(condition, as_tuple=True)
    cond = condition._data if isinstance(condition, Tensor) else np.asarray(condition)
    if cond.dtype != np.bool_:
        raise RuntimeError(f"where expected condition to be a boolean tensor, but got a tensor with dtype "
                           f"{_dtype._BY_CHAR[cond.dtype.char].name.capitalize()}")
    a, b = as_operand(input), as_operand(other)
    if not isinstance(a, Tensor):
        if not isinstance(b, Tensor):
            from .._creation import tensor
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


Tensor.where = lambda self, condition, other: where(condition, self, other)


def zeros_like_copy(var: Tensor, g: Tensor) -> Tensor:
    """``zeros_like(var).copy_(g)``: how a first create_graph gradient lands in ``.grad``."""
    from .shape import copy_
    z = make(np.zeros_like(var._data))
    return copy_(z, g)


# ----------------------------------------------------------------------------------------------
# comparisons and logic: results are bool and record nothing
def _compare(np_op, name):
    def op(input: Tensor, other) -> Tensor:  # noqa: A002
        other = as_operand(other)
        od = other._data if isinstance(other, Tensor) else other
        try:
            return make(np.asarray(np_op(input._data, od)))
        except ValueError:
            raise broadcast_error(input._data.shape, _shape_of(od)) from None
    op.__name__ = name
    op.__doc__ = (f"Compute ``{name}(input, other)`` elementwise, with broadcasting.\n\n"
                  "The result is a bool tensor and records no autograd history.\n\n"
                  "Args:\n    input (Tensor): the tensor to compare.\n"
                  "    other (Tensor or Number): the tensor or value to compare against.\n")
    setattr(Tensor, name, op)
    return op


eq = _compare(np.equal, "eq")
ne = _compare(np.not_equal, "ne")
lt = _compare(np.less, "lt")
le = _compare(np.less_equal, "le")
gt = _compare(np.greater, "gt")
ge = _compare(np.greater_equal, "ge")
greater, less, greater_equal, less_equal, not_equal = gt, lt, ge, le, ne
Tensor.__eq__, Tensor.__ne__, Tensor.__lt__, Tensor.__le__, Tensor.__gt__, Tensor.__ge__ = eq, ne, lt, le, gt, ge
Tensor.__hash__ = object.__hash__
logical_and = _compare(np.logical_and, "logical_and")
logical_or = _compare(np.logical_or, "logical_or")
logical_xor = _compare(np.logical_xor, "logical_xor")


def _bitwise(np_op, name):
    def op(a: Tensor, b) -> Tensor:
        if a._data.dtype.kind == "f":
            raise RuntimeError(f"\"{name}_cpu\" not implemented for '{a.dtype._legacy[:-6]}'")
        b = as_operand(b)
        return make(np.asarray(np_op(a._data, b._data if isinstance(b, Tensor) else b)))
    return op


Tensor.__and__ = _bitwise(np.bitwise_and, "bitwise_and")
Tensor.__or__ = _bitwise(np.bitwise_or, "bitwise_or")
Tensor.__xor__ = _bitwise(np.bitwise_xor, "bitwise_xor")
Tensor.__rand__, Tensor.__ror__, Tensor.__rxor__ = Tensor.__and__, Tensor.__or__, Tensor.__xor__


def _predicate(np_op, name):
    """A non-differentiable unary op (bool or bitwise result): computed, never recorded."""
    def op(input: Tensor) -> Tensor:  # noqa: A002
        return make(np.asarray(np_op(input._data)))
    op.__name__ = name
    op.__doc__ = (f"Compute ``{name}`` of each element of ``input``.\n\n"
                  "The result records no autograd history.\n\n"
                  "Args:\n    input (Tensor): the input tensor.\n")
    setattr(Tensor, name, op)
    return op


logical_not = _predicate(np.logical_not, "logical_not")
isnan = _predicate(np.isnan, "isnan")
isinf = _predicate(np.isinf, "isinf")
isfinite = _predicate(np.isfinite, "isfinite")
bitwise_not = _predicate(np.invert, "bitwise_not")
Tensor.__invert__ = bitwise_not


@tensor_method
def allclose(a: Tensor, b: Tensor, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> bool:
    """Return ``True`` if ``a`` and ``b`` are close everywhere: ``|a - b| <= atol + rtol * |b|`` elementwise.

    Args:
        a (Tensor): first tensor to compare.
        b (Tensor): second tensor to compare, broadcastable with ``a``.
        rtol (float, optional): relative tolerance. Default: ``1e-05``.
        atol (float, optional): absolute tolerance. Default: ``1e-08``.
        equal_nan (bool, optional): if ``True``, two NaNs count as equal. Default: ``False``.
    """
    return bool(np.allclose(a._data, b._data, rtol=rtol, atol=atol, equal_nan=equal_nan))


@tensor_method
def equal(a: Tensor, b: Tensor) -> bool:
    """Return ``True`` if ``a`` and ``b`` have the same size and elements, ``False`` otherwise.

    NaN is not equal to itself, so a tensor holding NaN is never equal to anything.

    Args:
        a (Tensor): first tensor to compare.
        b (Tensor): second tensor to compare.
    """
    return a._data.shape == b._data.shape and bool(np.array_equal(a._data, b._data))
