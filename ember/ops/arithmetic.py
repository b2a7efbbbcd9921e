"""Arithmetic: + - * and negation (their reflected and in-place forms, ``alpha``), with torch's
dtype promotion (``_promotion.py``). Division and remainders are in ``division.py``, powers in
``power.py``.

Operands are Tensors or numbers on either side (``torch.add(2, t)``, ``2 * t``); an operator given
anything else returns ``NotImplemented`` (so Python raises its TypeError, as for torch), a function
raises torch's argument error. Bool operands are refused where torch refuses them (``-``).
"""
from __future__ import annotations

from operator import add as _plus, mul as _times, sub as _minus

import numpy as np

from .._blas import axpy
from .._grad_mode import STATE
from .._graph import NO_RECORD
from .._layout import torch_layout
from .._quiet import quiet_call, quiet_run
from .._tensor import Tensor
from ._inplace import apply_inplace, bump_version, check_inplace
from ._op import Op
from ._promotion import (
    _FLOAT_MAX,
    BadOperand,
    binary,
    binary_inplace,
    broadcast_error,
    check_args,
    checked_scalar,
    inplace_check,
    inplace_operator,
    is_number,
    lead_tensor,
    method_form,
    must_be_tensor,
    operand,
    promote,
    reflected,
    refuse_barebones,
    type_name,
)
from ._record import apply, apply1, apply2


__all__ = ["add", "sub", "mul", "neg", "multiply", "subtract", "positive", "add_", "sub_", "mul_", "neg_",
           "negative"]


# ----------------------------------------------------------------------------------------------
# the ops
class AddBackward0(Op):
    inplace_ufunc = np.add
    barebones_kernel = "add_stub"     # torch has no add for uint16/32/64 (refuse_barebones)
    __slots__ = ("alpha",)
    _param_names = ("alpha",)

    @staticmethod
    def forward(ctx, a, b, alpha=1):
        ctx.alpha = alpha
        try:                        # inf - inf is NaN, silently, as in torch
            r = quiet_run(_plus, a, b) if alpha == 1 else quiet_run(_scaled, a, b, alpha, np.add)
        except RuntimeError:        # the quiet context is busy in another thread
            r = quiet_call(_plus, a, b) if alpha == 1 else quiet_call(_scaled, a, b, alpha, np.add)
        return r if r.ndim < 2 else torch_layout(r, a, b)

    def backward(ctx, g, xp):
        return g, (g if ctx.alpha == 1 else xp.mul_scalar(g, ctx.alpha))


def _scaled(a, b, alpha, ufunc):
    """``a + alpha * b`` (or ``-``) in the operands' promoted dtype (bool stays bool, as torch's)."""
    dt = np.result_type(a, b) if type(a) is np.ndarray or type(b) is np.ndarray else None
    if dt == np.bool_:
        alpha = bool(alpha)             # torch casts alpha to the bool dtype: True + True * True is True
    elif dt == np.float32 or dt == np.float64:
        r = _fused(a, b, alpha if ufunc is np.add else -alpha, dt)
        if r is not None:
            return r
    r = ufunc(a, alpha * b)
    return r.astype(dt, copy=False) if dt is not None and r.dtype != dt else r


def _fused(a, b, alpha, dt):
    """``a + alpha * b`` rounded once, as torch's kernel (a fused multiply-add): NumPy's BLAS axpy (``b`` made
    contiguous and of the result's shape where it is not), else, in float32, the sum computed in float64 (where
    the product is exact). None without the BLAS in float64 (two roundings then, as NumPy's)."""
    a, b = np.asarray(a), np.asarray(b)
    shape = a.shape if a.shape == b.shape else np.broadcast_shapes(a.shape, b.shape)
    if b.dtype == dt:
        out = np.empty(shape, dt)
        out[...] = a
        if b.shape != shape or not b.flags.c_contiguous:
            b = np.ascontiguousarray(np.broadcast_to(b, shape))
        if axpy(alpha, b, out):
            return out
    if dt != np.float32:
        return None
    return np.add(a, np.float64(np.float32(alpha)) * b.astype(np.float64)).astype(np.float32)


class SubBackward0(Op):
    inplace_ufunc = np.subtract
    barebones_kernel = "add_stub"
    __slots__ = ("alpha",)
    _param_names = ("alpha",)

    @staticmethod
    def forward(ctx, a, b, alpha=1):
        ctx.alpha = alpha
        try:
            r = quiet_run(_minus, a, b) if alpha == 1 else quiet_run(_scaled, a, b, alpha, np.subtract)
        except RuntimeError:
            r = quiet_call(_minus, a, b) if alpha == 1 else quiet_call(_scaled, a, b, alpha, np.subtract)
        return r if r.ndim < 2 else torch_layout(r, a, b)

    def backward(ctx, g, xp):
        return g, (-g if ctx.alpha == 1 else xp.mul_scalar(-g, ctx.alpha))


class RsubBackward1(Op):
    """``scalar - alpha * tensor`` (``alpha * tensor`` rounded first, as torch's two steps)."""
    __slots__ = ("alpha",)
    _param_names = ("alpha",)

    @staticmethod
    def forward(ctx, a, scalar, alpha=1):
        ctx.alpha = alpha
        return scalar - a if alpha == 1 else quiet_call(_rsub_scaled, a, scalar, alpha)

    def backward(ctx, g, xp):
        return (-g if ctx.alpha == 1 else xp.mul_scalar(-g, ctx.alpha),)


def _rsub_scaled(a, scalar, alpha):
    return scalar - a * a.dtype.type(alpha)


class MulBackward0(Op):
    inplace_ufunc = np.multiply
    __slots__ = ()
    _saved_names = ("self", "other")

    @staticmethod
    def forward(ctx, a, b):
        if ctx is not NO_RECORD:  # save only what the gradient needs, as torch does (_saved_self: None for a constant)
            needs = ctx.needs_input_grad
            ctx._saved = (a if needs[1] else None, b if needs[0] else None)
        try:                        # inf * 0 is NaN, silently, as in torch
            r = quiet_run(_times, a, b)
        except RuntimeError:
            r = quiet_call(_times, a, b)
        return r if r.ndim < 2 else torch_layout(r, a, b)

    def backward(ctx, g, xp):
        a, b = xp.saved(ctx)
        return (None if b is None else g * b), (None if a is None else g * a)


class NegBackward0(Op):
    __slots__ = ()

    @staticmethod
    def forward(ctx, a):
        return -a

    def backward(ctx, g, xp):
        return (-g,)


class MulBackward1(Op):
    """``tensor * scalar`` as torch's C++ ``mul(Tensor, Scalar)`` records it: inside composite ops and
    backward formulas (``xp.mul_scalar``). A user's ``x * 2`` is ``MulBackward0``: torch wraps the number."""
    __slots__ = ("other",)
    _param_names = ("other",)

    @staticmethod
    def forward(ctx, a, other):
        ctx.other = other
        r = a * other
        return r if type(r) is np.ndarray else np.asarray(r)

    def backward(ctx, g, xp):
        return (xp.mul_scalar(g, ctx.other),)


class AddBackward1(Op):
    """``tensor + scalar`` as torch's C++ ``add(Tensor, Scalar)`` records it (``xp.add_scalar``)."""
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, other):
        r = a + other
        return r if type(r) is np.ndarray else np.asarray(r)

    def backward(ctx, g, xp):
        return (g,)


# ----------------------------------------------------------------------------------------------
# operands: bool operands of -, alpha
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
    check_args(name, a, other, sig=sig)
    if cls is SubBackward0:
        _sub_check(a, other)
    lead = lead_tensor(a, other)
    if lead is None:                        # number - tensor
        _, td, s = promote(other, operand(a))
        refuse_barebones("add_stub", td)
        alpha = _alpha(name, alpha, td)
        return apply(cls, (None, other), (s, td), alpha)
    tb, ad, bd = promote(lead, operand(other))
    refuse_barebones("add_stub", ad)
    alpha = _alpha(name, alpha, ad)
    try:
        return apply(cls, (lead, tb), (ad, bd), alpha)
    except ValueError:
        raise broadcast_error(ad.shape, np.shape(bd)) from None


# ----------------------------------------------------------------------------------------------
# operators: anything but a Tensor or a number gives NotImplemented (Python raises, as for torch)
def add_operator(a: Tensor, b) -> Tensor:
    """``a + b`` and ``b + a`` (the operators: no ``alpha``)."""
    ad = a._data
    if type(b) is float and ad.dtype.kind in "fc":     # the commonest case, as binary's
        return apply2(AddBackward0, a, None, ad, b)
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
            if ad.dtype.kind == "u":
                refuse_barebones("add_stub", ad)
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
    refuse_barebones("add_stub", ad)
    return apply(RsubBackward1, (a,), (ad, bd))


def mul_operator(a: Tensor, b) -> Tensor:
    """``a * b`` and ``b * a``."""
    ad = a._data
    if type(b) is float and ad.dtype.kind in "fc":     # the commonest case, as binary's
        return apply2(MulBackward0, a, None, ad, b)
    try:
        return binary(MulBackward0, a, b)
    except BadOperand:
        return NotImplemented


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
        if a._data.dtype.kind == "u":
            refuse_barebones("neg_cpu", a._data)
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
    check_args(name, a, other, sig=sig)
    lead = lead_tensor(a, other)
    if lead is None:
        return reflected(MulBackward0, other, a)
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


# the method forms: the same calls, torch's method words when arguments are refused
add_method, sub_method, subtract_method = method_form(add), method_form(sub), method_form(subtract)
mul_method, multiply_method = method_form(mul), method_form(multiply)


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
    inplace_check("add_", other)
    if type(alpha) is int and alpha == 1:
        return binary_inplace(AddBackward0, a, operand(other))
    return _scaled_inplace(AddBackward0, "add_", a, operand(other), alpha)


def sub_(a: Tensor, other, *, alpha=1) -> Tensor:
    """In-place version of :func:`sub`: ``a -= alpha * other``; returns ``a``.

    Args:
        a (Tensor): the tensor to modify.
        other (Tensor or Number): the tensor or number to subtract, broadcastable to ``a``'s shape.

    Keyword args:
        alpha (Number): the multiplier for ``other``. Default: ``1``.
    """
    inplace_check("sub_", other)
    _sub_check(a, other)
    if type(alpha) is int and alpha == 1:
        return binary_inplace(SubBackward0, a, operand(other))
    return _scaled_inplace(SubBackward0, "sub_", a, operand(other), alpha)


_I64 = 1 << 63


def _scaled_inplace(cls, name: str, a: Tensor, other, alpha) -> Tensor:
    """``a.add_(other, alpha=...)`` / ``sub_``. When nothing can be recorded (the optimizers'
    ``p.add_(g, alpha=-lr)`` under no_grad), ``alpha * other`` is made once and the op runs straight
    into ``a``'s memory as without alpha (the general path makes three temporaries: 22x slower at
    100,000 float32 elements)."""
    ad = a._data
    ta = type(alpha)
    if (ta is float or ta is int and -_I64 <= alpha < _I64) and isinstance(other, Tensor) and ad.dtype.kind == "f":
        bd = other._data
        if (bd.dtype is ad.dtype
                and (not STATE.enabled or not (a._requires_grad or a._view is not None or other._requires_grad
                                               or other._view is not None))
                # an operand that may overlap a (both views of one buffer): the general path's check
                and (ad.base is None and bd.base is None or ad is bd or not np.may_share_memory(ad, bd))):
            if not -_FLOAT_MAX[ad.dtype.char] <= alpha <= _FLOAT_MAX[ad.dtype.char]:
                alpha = checked_scalar(alpha, ad.dtype)      # torch's error for an alpha out of range
            if bd.shape == ad.shape and ad is not bd and ad.dtype.char in "fd":
                # torch's kernel rounds a + alpha * b once (a fused multiply-add): NumPy's BLAS axpy does too
                check_inplace(a, (a, other))
                if axpy(alpha if cls is AddBackward0 else -alpha, bd, ad):
                    bump_version(a)
                    return a
            if ad.dtype.char not in "fd":     # (float32 and float64 take the general path: _fused rounds once)
                try:
                    return apply_inplace(cls, a, (a, other), (ad, bd * alpha))
                except ValueError:
                    raise broadcast_error(ad.shape, bd.shape) from None
    tb, ad, bd = promote(a, other)
    refuse_barebones("add_stub", ad)
    try:
        return apply_inplace(cls, a, (a, tb), (ad, bd), _alpha(name, alpha, ad))
    except ValueError:
        raise broadcast_error(ad.shape, np.shape(bd)) from None


def mul_(a: Tensor, other) -> Tensor:
    """In-place version of :func:`mul`: ``a *= other``; returns ``a``.

    Args:
        a (Tensor): the tensor to modify.
        other (Tensor or Number): the multiplier, broadcastable to ``a``'s shape.
    """
    inplace_check("mul_", other)
    return binary_inplace(MulBackward0, a, operand(other))


def neg_(a: Tensor) -> Tensor:
    """In-place version of :func:`neg`; returns ``a``.

    Args:
        a (Tensor): the tensor to modify.
    """
    if a._data.dtype.kind == "b":
        raise RuntimeError(_NEG_BOOL)
    refuse_barebones("neg_cpu", a._data)
    return apply_inplace(NegBackward0, a, (a,), (a._data,))


iadd, isub = inplace_operator(add_, AddBackward0), inplace_operator(sub_, SubBackward0)
imul = inplace_operator(mul_, MulBackward0)
