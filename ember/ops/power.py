"""Powers: ``**`` (and its reflected and in-place forms), ``pow``, with torch's dtype promotion
and its integer rules (a negative number exponent of an integer tensor is refused; a negative
tensor exponent gives 0, 1 or -1) and gradient conventions at 0.
"""
from __future__ import annotations

import math

import numpy as np

from .._layout import torch_layout
from .._tensor import Tensor, make
from ._inplace import apply_inplace, check_shapes
from ._op import Op
from ._promotion import (
    ArgError,
    BadOperand,
    binary_inplace,
    broadcast_error,
    checked_scalar,
    inplace_check,
    inplace_operator,
    is_number,
    method_form,
    operand,
    promote,
    refuse_barebones,
)
from ._record import apply, apply1, apply2
from .arithmetic import _SUB_BOOL


__all__ = ["pow", "pow_"]


# ----------------------------------------------------------------------------------------------
# the ops
# the exponents torch's pow(Tensor, Scalar) kernel computes without pow(), and how (its rounding)
_BY_PRODUCTS = {3: lambda a: a * a * a, -2: lambda a: 1 / (a * a), -0.5: lambda a: 1 / np.sqrt(a)}


class PowBackward0(Op):
    """``tensor ** scalar``."""
    __slots__ = ("exponent",)
    _saved_names = ("self",)
    _param_names = ("exponent",)

    @staticmethod
    def forward(ctx, a, e):
        ctx.save(a)
        ctx.exponent = e
        with np.errstate(all="ignore"):
            if a.dtype.kind == "f" and e in _BY_PRODUCTS:   # torch's kernel computes these by products
                return _BY_PRODUCTS[e](a)
            try:
                return a ** e
            except ValueError as exc:   # integers to a negative integer power: torch's words, its class
                raise RuntimeError(str(exc)) from None

    def backward(ctx, g, xp):
        a, = xp.saved(ctx)
        e = ctx.exponent
        if e == 0:
            return (xp.zeros_like(g),)
        # torch's exponent * self.pow(exponent - 1), that pow by torch's kernel (rsqrt for -0.5: -inf at -0.0)
        by_products = None if xp.tensor_mode or a.dtype.kind != "f" else _BY_PRODUCTS.get(e - 1)
        return (g * xp.mul_scalar(a ** (e - 1) if by_products is None else by_products(a), e),)


class PowBackward1(Op):
    """``tensor ** tensor``."""
    __slots__ = ()
    barebones_kernel = "pow"          # torch has no pow for uint16/32/64 (refuse_barebones)
    _saved_names = ("self", "exponent", "result")

    @staticmethod
    def forward(ctx, a, e):
        with np.errstate(all="ignore"):
            try:
                r = a ** e
            except ValueError:          # integer tensors with negative exponents: torch's rule
                r = int_pow(a, e)
        r = torch_layout(r, a, e)
        ctx.save(a, e, r)
        return r

    def backward(ctx, g, xp):
        a, e, r = xp.saved(ctx)
        if (e._data if xp.tensor_mode else e).dtype.kind == "b":
            raise RuntimeError(_SUB_BOOL)       # torch's formula computes exponent - 1 on the bool tensor
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
        with np.errstate(all="ignore"):
            try:
                r = np.power(base, e)
            except ValueError:          # an integer base to negative integer powers: torch's rule
                r = int_pow(np.asarray(base, dtype=e.dtype), e)
        if not r.flags.c_contiguous:    # torch's pow(Scalar, Tensor) allocates a contiguous result
            r = np.ascontiguousarray(r)
        ctx.base = base
        ctx.save(e, r)
        return r

    def backward(ctx, g, xp):
        e, r = xp.saved(ctx)
        if ctx.base == 0:  # pow(0, e): a zero factor where e >= 0 (torch's convention, times the gradient)
            return (g * xp.where(e >= 0, 0.0, xp.mul_scalar(r, float("-inf"))),)
        base = ctx.base
        if type(base) is not complex and base > 0:
            log_base = math.log(base)
        else:                          # a negative base: NaN, silently (complex: its log)
            with np.errstate(invalid="ignore"):
                log_base = np.log(base).item()
        return (g * xp.mul_scalar(r, log_base),)


def int_pow(a: np.ndarray, e: np.ndarray) -> np.ndarray:
    """Integer ``a ** e`` with torch's rule for negative exponents (NumPy refuses them): 1 ** e is 1,
    (-1) ** e is -1 or 1 by parity, any other base gives 0; otherwise wrap-around powers."""
    neg = e < 0
    r = np.power(a, np.where(neg, 0, e).astype(e.dtype, copy=False))
    odd = (e % 2) != 0
    special = np.where(a == 1, 1, np.where(a == -1, np.where(odd, -1, 1), 0)).astype(r.dtype, copy=False)
    return np.where(neg, special, r)


# ----------------------------------------------------------------------------------------------
# the operators, the function, the in-place form
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


def _pow(a: Tensor, e) -> Tensor:
    if isinstance(e, Tensor):
        tb, ad, ed = promote(a, e)
        if ad.dtype.kind == "b":
            check_shapes((ad, ed))          # (torch's shape check comes before the kernel's dtype)
            raise NotImplementedError("\"pow\" not implemented for 'Bool'")
        if e._data.dtype.kind == "b":
            ed = e._data        # kept bool, as torch saves it (its backward then refuses it): x ** True is x
        refuse_barebones("pow", ad)
        try:
            return apply2(PowBackward1, a, tb, ad, ed)
        except ValueError:
            raise broadcast_error(ad.shape, ed.shape) from None
    tb, ad, es = promote(a, e)
    refuse_barebones("pow", ad)
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
    refuse_barebones("pow", ad)
    return apply(PowBackward2, (a,), (ad, b))


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


pow_method = method_form(pow)


def pow_(a: Tensor, exponent) -> Tensor:
    """In-place version of :func:`pow`: ``a **= exponent``; returns ``a``.

    Args:
        a (Tensor): the tensor to modify.
        exponent (Number or Tensor): the exponent value.
    """
    inplace_check("pow_", exponent, sig="pow")
    exponent = operand(exponent)
    if isinstance(exponent, Tensor):
        if a._data.dtype.kind == "b" and exponent._data.dtype.kind == "b":
            check_shapes((a._data, exponent._data), a._data)
            raise NotImplementedError("\"pow\" not implemented for 'Bool'")
        if exponent._data.dtype.kind == "b":      # kept bool, as in _pow
            try:
                return apply_inplace(PowBackward1, a, (a, exponent), (a._data, exponent._data))
            except ValueError:
                raise broadcast_error(a._data.shape, exponent._data.shape) from None
        return binary_inplace(PowBackward1, a, exponent)
    tb, ad, e = promote(a, exponent)
    refuse_barebones("pow", ad)
    if type(exponent) is int and ad.dtype.kind in "iu":
        e = _int_exponent(exponent, ad.dtype)
    return apply_inplace(PowBackward0, a, (a,), (ad,), e)


ipow = inplace_operator(pow_)
