"""Arithmetic: + - * / ** // % (and their reflected and in-place forms), fmod, neg, reciprocal,
with torch's dtype promotion (``_promotion.py``).

Operands are Tensors or numbers on either side (``torch.add(2, t)``, ``5.0 % t``); an operator
given anything else returns ``NotImplemented`` (so Python raises its TypeError, as for torch), a
function raises torch's argument error. Integer division by zero raises, as in torch; bool
operands are refused where torch refuses them (``-``, ``//``, ``%``).
"""
from __future__ import annotations

import math

import numpy as np

from .. import _dtype
from .._creation import tensor
from .._tensor import Tensor, make
from ._inplace import apply_inplace
from ._op import Op
from ._promotion import (
    ArgError,
    BadOperand,
    binary,
    binary_inplace,
    broadcast_error,
    checked_scalar,
    float_input,
    is_number,
    method_form,
    must_be_tensor,
    operand,
    promote,
    type_name,
)
from ._record import apply, apply1, apply2

__all__ = ["add", "sub", "mul", "div", "neg", "pow", "reciprocal", "floor_divide", "remainder", "fmod", "multiply",
           "subtract", "divide", "true_divide", "positive", "add_", "sub_", "mul_", "div_", "pow_", "neg_",
           "remainder_", "fmod_", "floor_divide_", "reciprocal_", "negative"]


# ----------------------------------------------------------------------------------------------
# the ops
class AddBackward0(Op):
    inplace_ufunc = np.add
    __slots__ = ("alpha",)
    _param_names = ("alpha",)

    @staticmethod
    def forward(ctx, a, b, alpha=1):
        ctx.alpha = alpha
        return a + b if alpha == 1 else _scaled(a, b, alpha, np.add)

    def backward(ctx, g, xp):
        return g, (g if ctx.alpha == 1 else g * ctx.alpha)


def _scaled(a, b, alpha, ufunc):
    """``a + alpha * b`` (or ``-``) in the operands' promoted dtype (bool stays bool, as torch's)."""
    dt = np.result_type(a, b) if type(a) is np.ndarray or type(b) is np.ndarray else None
    r = ufunc(a, alpha * b)
    return r.astype(dt, copy=False) if dt is not None and r.dtype != dt else r


class SubBackward0(Op):
    inplace_ufunc = np.subtract
    __slots__ = ("alpha",)
    _param_names = ("alpha",)

    @staticmethod
    def forward(ctx, a, b, alpha=1):
        ctx.alpha = alpha
        return a - b if alpha == 1 else _scaled(a, b, alpha, np.subtract)

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
        return g / b, (None if a is None else -g * ((a / b) / b))    # torch's order of operations


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
            try:
                return a ** e
            except ValueError as exc:   # integers to a negative integer power: torch's words, its class
                raise RuntimeError(str(exc)) from None

    def backward(ctx, g, xp):
        a, = xp.saved(ctx)
        e = ctx.exponent
        if e == 0:
            return (xp.zeros_like(g),)
        return (g * (e * a ** (e - 1)),)


class PowBackward1(Op):
    """``tensor ** tensor``."""
    __slots__ = ()
    _saved_names = ("self", "exponent", "result")

    @staticmethod
    def forward(ctx, a, e):
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            try:
                r = a ** e
            except ValueError:          # integer tensors with negative exponents: torch's rule
                r = int_pow(a, e)
        ctx.save(a, e, r)
        return r

    def backward(ctx, g, xp):
        a, e, r = xp.saved(ctx)
        ga = xp.where(e == 0, 0.0, g * (e * a ** (e - 1)))
        # torch multiplies by a masked factor here: an inf gradient at a == 0 gives NaN, as in torch
        ge = g * xp.where((a == 0) & (e >= 0), 0.0, r * xp.log(a))
        return ga, ge


class PowBackward2(Op):
    """``scalar ** tensor``."""
    __slots__ = ("base",)
    _saved_names = ("exponent", "result")

    @staticmethod
    def forward(ctx, e, base):
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            try:
                r = np.power(base, e)
            except ValueError:          # an integer base to negative integer powers: torch's rule
                r = int_pow(np.asarray(base, dtype=e.dtype), e)
        ctx.base = base
        ctx.save(e, r)
        return r

    def backward(ctx, g, xp):
        e, r = xp.saved(ctx)
        if ctx.base == 0:  # pow(0, e): a zero factor where e >= 0 (torch's convention, times the gradient)
            return (g * xp.where(e >= 0, 0.0, r * float("-inf")),)
        base = ctx.base
        if type(base) is not complex and base > 0:
            log_base = math.log(base)
        else:                          # a negative base: NaN, silently (complex: its log)
            with np.errstate(invalid="ignore"):
                log_base = np.log(base).item()
        return (g * (r * log_base),)


def int_pow(a: np.ndarray, e: np.ndarray) -> np.ndarray:
    """Integer ``a ** e`` with torch's rule for negative exponents (NumPy refuses them): 1 ** e is 1,
    (-1) ** e is -1 or 1 by parity, any other base gives 0; otherwise wrap-around powers."""
    neg = e < 0
    r = np.power(a, np.where(neg, 0, e).astype(e.dtype, copy=False))
    odd = (e % 2) != 0
    special = np.where(a == 1, 1, np.where(a == -1, np.where(odd, -1, 1), 0)).astype(r.dtype, copy=False)
    return np.where(neg, special, r)


# ----------------------------------------------------------------------------------------------
# division with rounding, remainders
def _bad_kind(kernel: str, d: np.ndarray) -> None:
    """torch's error for a division kernel on bool (or complex) operands."""
    k = d.dtype.kind
    if k == "b" or k == "c":
        raise NotImplementedError(f'"{kernel}" not implemented for \'{_dtype._BY_CHAR[d.dtype.char]._legacy[:-6]}\'')


def _check_division(kernel: str, ad: np.ndarray, bd) -> None:
    """Refuse bool/complex operands, and an integer division by zero (torch raises; NumPy gives 0)."""
    k = ad.dtype.kind
    if k == "f":
        return
    _bad_kind(kernel, ad)
    if (k == "i" or k == "u") and ad.size and np.size(bd) and not np.all(bd):
        raise RuntimeError("ZeroDivisionError")


def _kind(a, b) -> str:
    """The dtype kind an op on ``a`` and ``b`` computes in (one of them may be a Python scalar)."""
    return (a if type(a) is np.ndarray else np.asarray(b)).dtype.kind


def _remainder(a, b):
    """torch's remainder: the sign of the divisor, zero with the dividend's sign (NumPy's mod
    gives +0 for -4 % 2; torch, fmod's -0)."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if _kind(a, b) != "f":
            return np.mod(a, b)
        m = np.fmod(a, b)
        return np.where((m != 0) & ((b < 0) != (m < 0)), m + b, m)


def _fmod(a, b):
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.fmod(a, b)


def _floor_divide(a, b):
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.floor_divide(a, b)


def _trunc_divide(a, b):
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if _kind(a, b) == "f":
            return np.trunc(a / b)
        q = np.floor_divide(a, b)         # exact for integers (a / b in float is not)
        return q + ((a - q * b != 0) & ((a < 0) != (np.asarray(b) < 0)))


class RemainderBackward0(Op):
    """``tensor % number``: the tensor's gradient passes unchanged."""
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, b):
        return _remainder(a, b)

    def backward(ctx, g, xp):
        return (g,)


class RemainderBackward1(Op):
    """``tensor % tensor``: ``a - b * floor(a / b)``, so the divisor's gradient is ``-g * floor(a / b)``."""
    __slots__ = ()
    _saved_names = ("self", "other")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save(a, b)
        return _remainder(a, b)

    def backward(ctx, g, xp):
        a, b = xp.saved(ctx)
        return g, -g * xp.div_floor(a, b)


class FmodBackward0(Op):
    """``fmod(tensor, number)``: the tensor's gradient passes unchanged."""
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, b):
        return _fmod(a, b)

    def backward(ctx, g, xp):
        return (g,)


class FmodBackward1(Op):
    """``fmod(tensor, tensor)``: ``a - b * trunc(a / b)``, so the divisor's gradient is ``-g * trunc(a / b)``."""
    __slots__ = ()
    _saved_names = ("self", "other")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save(a, b)
        return _fmod(a, b)

    def backward(ctx, g, xp):
        a, b = xp.saved(ctx)
        return g, -g * xp.div_trunc(a, b)


_ROUND = {"floor": _floor_divide, "trunc": _trunc_divide}


class DivBackward2(Op):
    """``div`` with a ``rounding_mode`` argument (torch records this node whenever one is given,
    even None): ``'floor'`` and ``'trunc'`` have a zero gradient, None is true division."""
    __slots__ = ("rounding_mode",)
    _saved_names = ("self", "other")
    _param_names = ("rounding_mode",)

    @staticmethod
    def forward(ctx, a, b, mode):
        ctx.rounding_mode = mode
        nf = ctx.next_functions
        if nf:  # as DivBackward0: the dividend is needed only for the divisor's gradient
            ctx.save(a if nf[1][0] is not None else None, b)
        if mode is None:
            with np.errstate(divide="ignore", invalid="ignore"):
                return a / b
        return _ROUND[mode](a, b)

    def backward(ctx, g, xp):
        if ctx.rounding_mode is not None:
            z = xp.zeros_like(g)
            return z, z
        a, b = xp.saved(ctx)
        return g / b, (None if a is None else -g * ((a / b) / b))


class _NotImplementedNode(Op):
    """torch's ``NotImplemented`` node, recorded by an op that has no derivative formula
    (``floor_divide``, ``number % tensor``): backward through it raises torch's error.
    Like torch's, it links only the inputs that require grad."""
    __slots__ = ()
    aten = ""

    def name(self) -> str:
        return "torch::autograd::NotImplemented"

    def backward(ctx, g, xp):
        raise RuntimeError(f"derivative for aten::{ctx.aten} is not implemented")


class _FloorDivideNode(_NotImplementedNode):
    __slots__ = ()
    aten = "floor_divide"

    @staticmethod
    def forward(ctx, a, b):
        return _floor_divide(a, b)


class _FloorDivideInplaceNode(_FloorDivideNode):
    __slots__ = ()
    aten = "floor_divide_"


class _RemainderNode(_NotImplementedNode):
    __slots__ = ()
    aten = "remainder"

    @staticmethod
    def forward(ctx, a, b):
        return _remainder(a, b)


for _cls in (_NotImplementedNode, _FloorDivideNode, _FloorDivideInplaceNode, _RemainderNode):
    _cls.__name__ = "NotImplemented"   # type(grad_fn).__name__, as torch's (the qualname stays, for inspect)


def _record_not_implemented(cls, tensors: tuple, arrays: tuple) -> Tensor:
    needs = tuple(t for t in tensors if t is not None and t._requires_grad)
    return apply(cls, needs or tensors, arrays)


# ----------------------------------------------------------------------------------------------
# operands: a Tensor and a Tensor or number, either side
_SUB_TWO_BOOL = ("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or "
                 "`logical_xor()` operator instead.")
_SUB_BOOL = ("Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a "
             "mask, use the `~` or `logical_not()` operator instead.")
_NEG_BOOL = ("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, "
             "use the `~` or `logical_not()` operator instead.")


def _is_bool(x) -> bool:
    return type(x) is bool or isinstance(x, np.bool_) or (isinstance(x, Tensor) and x._data.dtype.kind == "b")


def _sub_check(a, b) -> None:
    """torch's refusal of bool operands of ``-`` (a Python bool counts as a bool tensor)."""
    ba, bb = _is_bool(a), _is_bool(b)
    if ba and bb:
        raise RuntimeError(_SUB_TWO_BOOL)
    if ba or bb:
        raise RuntimeError(_SUB_BOOL)


def _check_args(name: str, a, b, kwargs: dict | None = None, sig: str | None = None) -> None:
    """torch's argument error unless ``a`` and ``b`` are each a Tensor or a number."""
    if not (isinstance(a, Tensor) or is_number(a)) or not (isinstance(b, Tensor) or is_number(b)):
        raise ArgError(name, (a, b), kwargs, sig=sig)


def _first(a, b):
    """For a function called with a number first (``torch.add(2, t)``): ``(a, b)`` with ``a`` a
    0-d tensor if both are numbers, else unchanged. Returns the tensor whose dtype leads."""
    if isinstance(a, Tensor):
        return a
    if not isinstance(b, Tensor):
        return tensor(a)
    return None


def _reflected(cls, t: Tensor, number, *params, kernel: str | None = None) -> Tensor:
    """``number op t`` for a number on the left: promoted as torch wraps it, node inputs (None, t)."""
    _, td, s = promote(t, operand(number))
    if kernel is not None:
        _check_division(kernel, td, td)
    try:
        if issubclass(cls, _NotImplementedNode):
            return _record_not_implemented(cls, (None, t), (s, td))
        return apply(cls, (None, t), (s, td), *params)
    except ValueError:
        raise broadcast_error((), td.shape) from None


def _alpha(name: str, alpha, result: np.ndarray):
    """torch's checks of ``alpha`` against the result dtype, and alpha converted to it."""
    if isinstance(alpha, np.generic):
        alpha = alpha.item()
    if not is_number(alpha):
        raise TypeError(f"{name}(): argument 'alpha' must be Number, not {type_name(alpha)}")
    k = result.dtype.kind
    if type(alpha) is bool and k != "b":
        raise RuntimeError("Boolean alpha only supported for Boolean results.")
    if type(alpha) is float and k not in "fc":
        raise RuntimeError("For integral input tensors, argument alpha must not be a floating point number.")
    if type(alpha) is complex and k != "c":
        raise RuntimeError("For non-complex input tensors, argument alpha must not be a complex number.")
    return checked_scalar(alpha, result.dtype)


def _add_sub(cls, name: str, a, other, alpha, sig: str | None = None) -> Tensor:
    """add / sub with an ``alpha`` or a number first: torch's checks, then the op."""
    _check_args(name, a, other, sig=sig)
    if cls is SubBackward0:
        _sub_check(a, other)
    lead = _first(a, other)
    if lead is None:                        # number - tensor
        _, td, s = promote(other, operand(a))
        alpha = _alpha(name, alpha, td)
        return apply(cls, (None, other), (s, td), alpha)
    tb, ad, bd = promote(lead, operand(other))
    alpha = _alpha(name, alpha, ad)
    try:
        return apply(cls, (lead, tb), (ad, bd), alpha)
    except ValueError:
        raise broadcast_error(ad.shape, np.shape(bd)) from None


# ----------------------------------------------------------------------------------------------
# operators: anything but a Tensor or a number gives NotImplemented (Python raises, as for torch)
def add_operator(a: Tensor, b) -> Tensor:
    """``a + b`` and ``b + a`` (the operators: no ``alpha``)."""
    try:
        return binary(AddBackward0, a, b)
    except BadOperand:
        return NotImplemented


def sub_operator(a: Tensor, b) -> Tensor:
    """``a - b``."""
    ad = a._data
    if type(b) is float and ad.dtype.kind in "fc":     # the commonest case, as binary's
        return apply2(SubBackward0, a, None, ad, b)
    if isinstance(b, Tensor):
        bd = b._data
        if bd.dtype is ad.dtype:                    # nothing to promote
            try:
                return apply2(SubBackward0, a, b, ad, bd)
            except TypeError:                       # NumPy's refusal of bool - bool
                raise RuntimeError(_SUB_TWO_BOOL) from None
            except ValueError:
                raise broadcast_error(ad.shape, bd.shape) from None
    try:
        _sub_check(a, b)
        return binary(SubBackward0, a, b)
    except BadOperand:
        return NotImplemented


def rsub(a: Tensor, b) -> Tensor:
    """``b - a`` for a non-Tensor ``b``."""
    try:
        b = operand(b)
    except BadOperand:
        return NotImplemented
    if isinstance(b, Tensor):
        return sub_operator(b, a)
    _sub_check(b, a)
    tb, ad, bd = promote(a, b)
    return apply(RsubBackward1, (a,), (ad, bd))


def mul_operator(a: Tensor, b) -> Tensor:
    """``a * b`` and ``b * a``."""
    try:
        return binary(MulBackward0, a, b)
    except BadOperand:
        return NotImplemented


def _true_div_operands(a: Tensor, b):
    # integer / integer is true division in torch: compute in the default float dtype
    if a._data.dtype.kind in "biu" and (not isinstance(b, Tensor) or b._data.dtype.kind in "biu") \
            and not isinstance(b, (float, complex)):
        a = a.to(_dtype.get_default_dtype())
    return a, b


def truediv(a: Tensor, b) -> Tensor:
    """``a / b`` (true division)."""
    try:
        a, b = _true_div_operands(a, operand(b))
        return binary(DivBackward0, a, b)
    except BadOperand:
        return NotImplemented


def rtruediv(a: Tensor, b) -> Tensor:
    """``b / a`` for a non-Tensor ``b``."""
    try:
        b = operand(b)
    except BadOperand:
        return NotImplemented
    if isinstance(b, Tensor):
        return truediv(b, a)
    return reciprocal(a) * b


def pow_operator(a: Tensor, exponent) -> Tensor:
    """``a ** exponent``."""
    te = type(exponent)
    if te is float or te is int and -0x8000000000000000 <= exponent <= 0xFFFFFFFFFFFFFFFF:
        ad = a._data                     # the commonest case (a float tensor): nothing to promote or check
        if ad.dtype.kind == "f":
            return apply1(PowBackward0, a, ad, exponent)
    try:
        return _pow(a, operand(exponent))
    except BadOperand:
        return NotImplemented


def rpow(a: Tensor, base) -> Tensor:
    """``base ** a`` for a non-Tensor ``base``."""
    try:
        base = operand(base)
    except BadOperand:
        return NotImplemented
    if isinstance(base, Tensor):
        return _pow(base, a)
    return _rpow(a, base)


def floordiv_operator(a: Tensor, b) -> Tensor:
    """``a // b``."""
    try:
        return _floor_divide_op(a, operand(b))
    except BadOperand:
        return NotImplemented


def rfloordiv(a: Tensor, b) -> Tensor:
    """``b // a`` for a non-Tensor ``b`` (torch records no derivative for it)."""
    try:
        b = operand(b)
    except BadOperand:
        return NotImplemented
    if isinstance(b, Tensor):
        return _floor_divide_op(b, a)
    return _reflected(_FloorDivideNode, a, b, kernel="div_floor_cpu")


def mod_operator(a: Tensor, b) -> Tensor:
    """``a % b``."""
    try:
        return _remainder_op(a, operand(b))
    except BadOperand:
        return NotImplemented


def rmod(a: Tensor, b) -> Tensor:
    """``b % a`` for a non-Tensor ``b`` (torch records no derivative for it)."""
    try:
        b = operand(b)
    except BadOperand:
        return NotImplemented
    if isinstance(b, Tensor):
        return _remainder_op(b, a)
    return _reflected(_RemainderNode, a, b, kernel="remainder_cpu")


def _inplace_operator(fn, cls=None):
    def op(a: Tensor, b) -> Tensor:
        if cls is not None:              # the commonest case (``p -= lr * g``): floats, nothing to check
            ad = a._data
            if ad.dtype.kind == "f":
                if type(b) is float:
                    return apply_inplace(cls, a, (a, None), (ad, b))
                if isinstance(b, Tensor) and b._data.dtype is ad.dtype:
                    bd = b._data
                    try:
                        return apply_inplace(cls, a, (a, b), (ad, bd))
                    except ValueError:
                        raise broadcast_error(ad.shape, bd.shape) from None
        try:
            operand(b)
        except BadOperand:
            return NotImplemented
        return fn(a, b)
    op.__name__ = op.__qualname__ = f"__i{fn.__name__.rstrip('_')}__"
    op.__doc__ = f"The in-place operator form of :func:`{fn.__name__}`."
    return op


# ----------------------------------------------------------------------------------------------
# the ops, on a Tensor and an operand (Tensor or Python scalar)
def _pow(a: Tensor, e) -> Tensor:
    if isinstance(e, Tensor):
        tb, ad, ed = promote(a, e)
        if ad.dtype.kind == "b":
            raise NotImplementedError("\"pow\" not implemented for 'Bool'")
        try:
            return apply2(PowBackward1, a, tb, ad, ed)
        except ValueError:
            raise broadcast_error(ad.shape, ed.shape) from None
    tb, ad, es = promote(a, e)
    if type(e) is int and ad.dtype.kind in "iu":
        es = _int_exponent(e, ad.dtype)
    elif type(e) is bool and ad.dtype.kind == "b":
        return make(np.asarray(np.power(ad, e)).astype(np.bool_))   # bool ** bool stays bool
    return apply1(PowBackward0, a, ad, es)


def _int_exponent(e: int, np_dtype):
    """An int exponent of an integer tensor: a Scalar argument, checked (not wrapped), never negative."""
    if e < 0:
        raise RuntimeError("Integers to negative integer powers are not allowed.")
    return checked_scalar(e, np_dtype)


def _rpow(a: Tensor, base) -> Tensor:
    _, ad, b = promote(a, base)
    if ad.dtype.kind == "b":
        raise NotImplementedError("\"pow\" not implemented for 'Bool'")
    return apply(PowBackward2, (a,), (ad, b))


def _divide(cls, kernel: str, a: Tensor, b, *params) -> Tensor:
    """A division-like op: torch's checks (bool operands, integer division by zero), then the op."""
    tb, ad, bd = promote(a, b)
    _check_division(kernel, ad, bd)
    try:
        if issubclass(cls, _NotImplementedNode):
            return _record_not_implemented(cls, (a, tb), (ad, bd))
        if tb is None and not params:
            return apply1(cls, a, ad, bd)
        return apply2(cls, a, tb, ad, bd, *params)
    except ValueError:
        raise broadcast_error(ad.shape, np.shape(bd)) from None


def _floor_divide_op(a: Tensor, b) -> Tensor:
    return _divide(_FloorDivideNode, "div_floor_cpu", a, b)


def _remainder_op(a: Tensor, b) -> Tensor:
    return _divide(RemainderBackward1 if isinstance(b, Tensor) else RemainderBackward0, "remainder_cpu", a, b)


def _fmod_op(a: Tensor, b) -> Tensor:
    return _divide(FmodBackward1 if isinstance(b, Tensor) else FmodBackward0, "fmod_cpu", a, b)


# ----------------------------------------------------------------------------------------------
# functions (ember.<name>; their methods are method_form of them)
def neg(a: Tensor) -> Tensor:
    """Return a new tensor with the negative of the elements of ``a``: ``-a``.

    Also available as ``Tensor.neg``, ``Tensor.negative`` and the unary ``-`` operator. A bool tensor is
    refused, as in torch (use ``~`` or ``logical_not`` to invert a mask).

    Args:
        a (Tensor): the input tensor.
    """
    try:
        return apply1(NegBackward0, a, a._data)
    except AttributeError:
        raise must_be_tensor("neg", "input", 1, a) from None
    except TypeError:
        if a._data.dtype.kind == "b":
            raise RuntimeError(_NEG_BOOL) from None
        raise


negative = neg


def positive(a: Tensor) -> Tensor:
    """``+a``: ``a`` itself (a bool tensor is refused, as in torch)."""
    if a._data.dtype.kind == "b":
        raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
    return a


def pow(a: Tensor, exponent) -> Tensor:  # noqa: A001
    """Take the power of each element in ``a`` with ``exponent`` and return a tensor with the result.

    ``exponent`` can be a number or a tensor broadcastable with ``a``, and ``a`` a number when ``exponent``
    is a tensor (``pow(2, t)``); dtypes are promoted as in torch. This is also the ``**`` operator
    (``a ** exponent``). Integer tensors follow torch's rules: a negative number exponent is refused, a
    negative tensor exponent gives 0 (1 for a base of 1, +-1 for -1). Gradient conventions follow torch:
    where the exponent is 0, the gradient with respect to ``a`` is 0; where ``a`` is 0 and a tensor exponent
    is ``>= 0``, the gradient with respect to the exponent is 0 (times the incoming gradient).

    Args:
        a (Tensor or Number): the input.
        exponent (Number or Tensor): the exponent value.
    """
    if not isinstance(a, Tensor):
        if not is_number(a) or not isinstance(exponent, Tensor):
            raise ArgError("pow", (a, exponent))
        return _rpow(exponent, operand(a))
    if not (isinstance(exponent, Tensor) or is_number(exponent)):
        raise ArgError("pow", (a, exponent))
    return _pow(a, operand(exponent))


def floor_divide(a: Tensor, b) -> Tensor:
    """Divide ``a`` by ``b`` elementwise and round the result down (towards negative infinity).

    This is also the ``//`` operator. Integer division by zero raises, as in torch. torch has no
    derivative for it: the result records a ``NotImplemented`` node, and backward through it raises.

    Args:
        a (Tensor or Number): the dividend.
        b (Tensor or Number): the divisor, broadcastable with ``a``.
    """
    _check_args("floor_divide", a, b)
    lead = _first(a, b)
    if lead is None:
        return _reflected(_FloorDivideNode, b, a, kernel="div_floor_cpu")
    return _floor_divide_op(lead, operand(b))


def remainder(a: Tensor, b) -> Tensor:
    """Compute Python's modulus elementwise: the result has the same sign as the divisor ``b``.

    This is also the ``%`` operator. The gradient with respect to ``a`` is 1 and with respect to a tensor
    ``b`` is ``-floor(a / b)``, as torch's; ``number % tensor`` records torch's ``NotImplemented`` node (no
    derivative). Integer division by zero raises, as in torch.

    Args:
        a (Tensor or Number): the dividend.
        b (Tensor or Number): the divisor, broadcastable with ``a``.
    """
    if not isinstance(a, Tensor):
        if not is_number(a) or not isinstance(b, Tensor):
            raise ArgError("remainder", (a, b))
        return _reflected(_RemainderNode, b, a, kernel="remainder_cpu")
    if not (isinstance(b, Tensor) or is_number(b)):
        raise ArgError("remainder", (a, b))
    return _remainder_op(a, operand(b))


def fmod(a: Tensor, b) -> Tensor:
    """Compute C's ``fmod`` elementwise: the remainder of truncated division, with the sign of ``a``.

    The gradient with respect to ``a`` is 1 and with respect to a tensor ``b`` is ``-trunc(a / b)``, as
    torch's. Integer division by zero raises, as in torch.

    Args:
        a (Tensor): the dividend.
        b (Tensor or Number): the divisor, broadcastable with ``a``.
    """
    if not isinstance(a, Tensor) or not (isinstance(b, Tensor) or is_number(b)):
        raise ArgError("fmod", (a, b))
    return _fmod_op(a, operand(b))


def add(a: Tensor, other, *, alpha=1) -> Tensor:
    """Add ``other``, scaled by ``alpha``, to ``a``: ``a + alpha * other``.

    Supports broadcasting and torch's type promotion; either of ``a`` and ``other`` may be a number. The
    gradient with respect to ``other`` is scaled by ``alpha``; gradients are summed back over broadcast
    dimensions.

    Args:
        a (Tensor or Number): the input.
        other (Tensor or Number): the tensor or number to add to ``a``.

    Keyword args:
        alpha (Number): the multiplier for ``other``. Default: ``1``.
    """
    if type(alpha) is int and alpha == 1 and isinstance(a, Tensor) and (isinstance(other, Tensor)
                                                                         or is_number(other)):
        return binary(AddBackward0, a, operand(other))
    return _add_sub(AddBackward0, "add", a, other, alpha)


def sub(a: Tensor, other, *, alpha=1) -> Tensor:
    """Subtract ``other``, scaled by ``alpha``, from ``a``: ``a - alpha * other``.

    Supports broadcasting and torch's type promotion; either of ``a`` and ``other`` may be a number. Bool
    operands are refused, as in torch. Also available as ``subtract``.

    Args:
        a (Tensor or Number): the input.
        other (Tensor or Number): the tensor or number to subtract from ``a``.

    Keyword args:
        alpha (Number): the multiplier for ``other``. Default: ``1``.
    """
    return _add_sub(SubBackward0, "sub", a, other, alpha)


def subtract(a: Tensor, other, *, alpha=1) -> Tensor:
    """Alias of :func:`sub`."""
    return _add_sub(SubBackward0, "subtract", a, other, alpha, sig="subtract")


def _mul(name: str, a, other, sig: str | None = None) -> Tensor:
    _check_args(name, a, other, sig=sig)
    lead = _first(a, other)
    if lead is None:
        return _reflected(MulBackward0, other, a)
    return binary(MulBackward0, lead, operand(other))


def mul(a: Tensor, other) -> Tensor:
    """Multiply ``a`` by ``other`` elementwise: ``a * other``.

    Supports broadcasting and torch's type promotion; either operand may be a number. Also available as
    ``multiply``.

    Args:
        a (Tensor or Number): the input.
        other (Tensor or Number): the tensor or number to multiply ``a`` by.
    """
    return _mul("mul", a, other)


def multiply(a: Tensor, other) -> Tensor:
    """Alias of :func:`mul`."""
    return _mul("multiply", a, other, sig="multiply")


_NO_MODE = object()   # div's rounding_mode not given: torch records DivBackward0, not DivBackward2


def _div(name: str, a, other, mode, sig: str | None = None, mode_sig: str | None = None) -> Tensor:
    if mode is _NO_MODE:
        _check_args(name, a, other, sig=sig)
        lead = _first(a, other)
        if lead is None:
            other, a = _true_div_operands(other, operand(a))
            return _reflected(DivBackward0, other, a)
        lead, b = _true_div_operands(lead, operand(other))
        return binary(DivBackward0, lead, b)
    if mode is not None and type(mode) is not str:
        raise ArgError(name, (a, other), {"rounding_mode": mode}, sig=mode_sig)
    if mode not in (None, "trunc", "floor"):
        raise RuntimeError("div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
                           f"'{mode}'")
    _check_args(name, a, other, {"rounding_mode": mode}, sig=mode_sig)
    kernel = f"div_{mode}_cpu"
    lead = _first(a, other)
    if lead is None:
        if mode is None:
            other, a = _true_div_operands(other, operand(a))
            return _reflected(DivBackward2, other, a, None)
        return _reflected(DivBackward2, other, a, mode, kernel=kernel)
    b = operand(other)
    if mode is None:
        lead, b = _true_div_operands(lead, b)
        tb, ad, bd = promote(lead, b)
    else:
        tb, ad, bd = promote(lead, b)
        _check_division(kernel, ad, bd)
    try:
        return apply2(DivBackward2, lead, tb, ad, bd, mode)
    except ValueError:
        raise broadcast_error(ad.shape, np.shape(bd)) from None


def div(a: Tensor, other, *, rounding_mode=_NO_MODE) -> Tensor:
    """Divide each element of ``a`` by the corresponding element of ``other``.

    With no ``rounding_mode`` (or None) this is true division (the ``/`` operator): two integer operands
    give a result in the default float dtype, as in torch. The ``'floor'`` and ``'trunc'`` modes keep the
    promoted dtype and have a zero gradient, as torch's (which records ``DivBackward2`` whenever a
    rounding mode is given); integer division by zero raises. Either operand may be a number. Also
    available as ``divide`` and ``true_divide``.

    Args:
        a (Tensor or Number): the dividend.
        other (Tensor or Number): the divisor, broadcastable with ``a``.

    Keyword args:
        rounding_mode (str, optional): ``None`` (true division), ``'trunc'`` (round towards zero) or
            ``'floor'`` (round down). Default: true division.
    """
    return _div("div", a, other, rounding_mode, mode_sig="div_mode")


def divide(a: Tensor, other, *, rounding_mode=_NO_MODE) -> Tensor:
    """Alias of :func:`div`."""
    return _div("divide", a, other, rounding_mode, sig="divide", mode_sig="divide")


def true_divide(a: Tensor, other) -> Tensor:
    """Alias of :func:`div` without a rounding mode."""
    return _div("true_divide", a, other, _NO_MODE, sig="true_divide")


def reciprocal(a: Tensor) -> Tensor:
    """Return a new tensor with the reciprocal of the elements of ``a``: ``1 / a``.

    Integer inputs give the default float dtype; ``1 / 0`` is ``inf``, without a warning.

    Args:
        a (Tensor): the input tensor.
    """
    try:
        return apply(ReciprocalBackward0, (a,), (float_input(a),))
    except AttributeError:
        raise must_be_tensor("reciprocal", "input", 1, a) from None


# the method forms: the same calls, torch's method words when arguments are refused
add_method, sub_method, subtract_method = method_form(add), method_form(sub), method_form(subtract)
mul_method, multiply_method = method_form(mul), method_form(multiply)
div_method, divide_method, true_divide_method = method_form(div), method_form(divide), method_form(true_divide)
pow_method, floor_divide_method = method_form(pow), method_form(floor_divide)
remainder_method, fmod_method = method_form(remainder), method_form(fmod)


# ----------------------------------------------------------------------------------------------
# in-place arithmetic
def _inplace_check(name: str, other, kwargs: dict | None = None, sig: str | None = None) -> None:
    if not (isinstance(other, Tensor) or is_number(other)):
        raise ArgError(name, (other,), kwargs, sig=sig, method=True)


def add_(a: Tensor, other, *, alpha=1) -> Tensor:
    """In-place version of :func:`add`: ``a += alpha * other``; returns ``a``.

    Args:
        a (Tensor): the tensor to modify.
        other (Tensor or Number): the tensor or number to add, broadcastable to ``a``'s shape.

    Keyword args:
        alpha (Number): the multiplier for ``other``. Default: ``1``.
    """
    _inplace_check("add_", other)
    if type(alpha) is int and alpha == 1:
        return binary_inplace(AddBackward0, a, operand(other))
    tb, ad, bd = promote(a, operand(other))
    return apply_inplace(AddBackward0, a, (a, tb), (ad, bd), _alpha("add_", alpha, ad))


def sub_(a: Tensor, other, *, alpha=1) -> Tensor:
    """In-place version of :func:`sub`: ``a -= alpha * other``; returns ``a``.

    Args:
        a (Tensor): the tensor to modify.
        other (Tensor or Number): the tensor or number to subtract, broadcastable to ``a``'s shape.

    Keyword args:
        alpha (Number): the multiplier for ``other``. Default: ``1``.
    """
    _inplace_check("sub_", other)
    _sub_check(a, other)
    if type(alpha) is int and alpha == 1:
        return binary_inplace(SubBackward0, a, operand(other))
    tb, ad, bd = promote(a, operand(other))
    return apply_inplace(SubBackward0, a, (a, tb), (ad, bd), _alpha("sub_", alpha, ad))


def mul_(a: Tensor, other) -> Tensor:
    """In-place version of :func:`mul`: ``a *= other``; returns ``a``.

    Args:
        a (Tensor): the tensor to modify.
        other (Tensor or Number): the multiplier, broadcastable to ``a``'s shape.
    """
    _inplace_check("mul_", other)
    return binary_inplace(MulBackward0, a, operand(other))


def div_(a: Tensor, other, *, rounding_mode=_NO_MODE) -> Tensor:
    """In-place version of :func:`div`: ``a /= other``; returns ``a``.

    Args:
        a (Tensor): the tensor to modify.
        other (Tensor or Number): the divisor, broadcastable to ``a``'s shape.

    Keyword args:
        rounding_mode (str, optional): as :func:`div`'s.
    """
    if rounding_mode is _NO_MODE:
        _inplace_check("div_", other)
        af, b = _true_div_operands(a, operand(other))
        if af is a:
            return binary_inplace(DivBackward0, a, b)
        tb, ad, bd = promote(af, b)      # integers divide in float, which torch refuses to write back
        return apply_inplace(DivBackward0, a, (a, tb), (ad, bd))
    kwargs = {"rounding_mode": rounding_mode}
    if rounding_mode is not None and type(rounding_mode) is not str:
        raise ArgError("div_", (other,), kwargs, sig="div_mode", method=True)
    if rounding_mode not in (None, "trunc", "floor"):
        raise RuntimeError("div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
                           f"'{rounding_mode}'")
    _inplace_check("div_", other, kwargs, sig="div_mode")
    if rounding_mode is None:
        af, b = _true_div_operands(a, operand(other))
        tb, ad, bd = promote(af, b)
    else:
        tb, ad, bd = promote(a, operand(other))
        _check_division(f"div_{rounding_mode}_cpu", ad, bd)
    return apply_inplace(DivBackward2, a, (a, tb), (ad, bd), rounding_mode)


def pow_(a: Tensor, exponent) -> Tensor:
    """In-place version of :func:`pow`: ``a **= exponent``; returns ``a``.

    Args:
        a (Tensor): the tensor to modify.
        exponent (Number or Tensor): the exponent value.
    """
    _inplace_check("pow_", exponent, sig="pow")
    exponent = operand(exponent)
    if isinstance(exponent, Tensor):
        if a._data.dtype.kind == "b" and exponent._data.dtype.kind == "b":
            raise NotImplementedError("\"pow\" not implemented for 'Bool'")
        return binary_inplace(PowBackward1, a, exponent)
    tb, ad, e = promote(a, exponent)
    if type(exponent) is int and ad.dtype.kind in "iu":
        e = _int_exponent(exponent, ad.dtype)
    return apply_inplace(PowBackward0, a, (a,), (ad,), e)


def _divide_(cls1, cls0, kernel: str, name: str, a: Tensor, other) -> Tensor:
    _inplace_check(name, other, sig=name[:-1])
    b = operand(other)
    tb, ad, bd = promote(a, b)
    _check_division(kernel, ad, bd)
    if issubclass(cls1, _NotImplementedNode):   # torch's node links only the inputs that require grad
        return apply_inplace(cls1, a, (a, tb) if tb is not None and tb._requires_grad else (a,), (ad, bd))
    if isinstance(b, Tensor):
        return apply_inplace(cls1, a, (a, tb), (ad, bd))
    return apply_inplace(cls0, a, (a,), (ad,), bd)


def remainder_(a: Tensor, other) -> Tensor:
    """In-place version of :func:`remainder` (``a %= other``); returns ``a``.

    Args:
        a (Tensor): the tensor to modify.
        other (Tensor or Number): the divisor, broadcastable to ``a``'s shape.
    """
    return _divide_(RemainderBackward1, RemainderBackward0, "remainder_cpu", "remainder_", a, other)


def fmod_(a: Tensor, other) -> Tensor:
    """In-place version of :func:`fmod`; returns ``a``.

    Args:
        a (Tensor): the tensor to modify.
        other (Tensor or Number): the divisor, broadcastable to ``a``'s shape.
    """
    return _divide_(FmodBackward1, FmodBackward0, "fmod_cpu", "fmod_", a, other)


def floor_divide_(a: Tensor, other) -> Tensor:
    """In-place version of :func:`floor_divide` (``a //= other``); returns ``a``.

    Args:
        a (Tensor): the tensor to modify.
        other (Tensor or Number): the divisor, broadcastable to ``a``'s shape.
    """
    return _divide_(_FloorDivideInplaceNode, _FloorDivideInplaceNode, "div_floor_cpu", "floor_divide_", a, other)


def neg_(a: Tensor) -> Tensor:
    """In-place version of :func:`neg`; returns ``a``.

    Args:
        a (Tensor): the tensor to modify.
    """
    if a._data.dtype.kind == "b":
        raise RuntimeError(_NEG_BOOL)
    return apply_inplace(NegBackward0, a, (a,), (a._data,))


def reciprocal_(a: Tensor) -> Tensor:
    """In-place version of :func:`reciprocal`; returns ``a`` (an integer tensor is refused: its result
    is float).

    Args:
        a (Tensor): the tensor to modify.
    """
    return apply_inplace(ReciprocalBackward0, a, (a,), (float_input(a),))


iadd, isub = _inplace_operator(add_, AddBackward0), _inplace_operator(sub_, SubBackward0)
imul, itruediv = _inplace_operator(mul_, MulBackward0), _inplace_operator(div_, DivBackward0)
ipow, imod, ifloordiv = _inplace_operator(pow_), _inplace_operator(remainder_), _inplace_operator(floor_divide_)
