"""Comparisons, logic and bitwise ops, predicates (isnan...), allclose/equal: results are bool
(or integer) and record no autograd history.

The operators (``==``, ``<``, ``&``...) return ``NotImplemented`` for an operand that is neither a
Tensor nor a number, as torch's do (``t == [1.]`` is False, ``t < [1.]`` raises Python's
TypeError); the functions raise torch's argument errors.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from .._dtype import _BY_CHAR, BAREBONES, get_default_dtype, result_type
from .._layout import torch_layout
from .._tensor import Tensor, make
from ._inplace import _check_overlap, bump_version, check_shapes, write_into
from ._op import Op
from ._promotion import (
    ArgError,
    BadOperand,
    _shape_of,
    broadcast_error,
    is_number,
    method_form,
    must_be_tensor,
    operand,
    promote,
    refuse_barebones,
    scalar_for,
)

__all__ = ["eq", "ne", "lt", "le", "gt", "ge", "greater", "less", "greater_equal", "less_equal", "not_equal",
           "logical_and", "logical_or", "logical_xor", "logical_not", "isnan", "isinf", "isfinite", "bitwise_not",
           "bitwise_and", "bitwise_or", "bitwise_xor", "allclose", "equal", "invert", "isposinf", "isneginf", "isreal",
           "signbit", "isclose", "logical_and_", "logical_or_", "logical_xor_", "logical_not_"]


_BAREBONES = frozenset(d.np.char for d in BAREBONES) | {np.dtype(np.ulonglong).char, np.dtype(np.uintc).char}


def _compute(np_op, input: Tensor, other) -> Tensor:  # noqa: A002
    d = input._data
    if isinstance(other, Tensor):
        od = other._data
        if od.dtype is not d.dtype and (d.dtype.char in _BAREBONES or od.dtype.char in _BAREBONES):
            result_type(input, other)     # torch's refusal to promote uint16/32/64 with other dtypes
    else:
        od = scalar_for(other, d.dtype)   # an int wraps to an integer tensor's dtype, as torch's
    try:
        return make(np.asarray(torch_layout(np_op(d, od), d, od)))
    except ValueError:
        raise broadcast_error(input._data.shape, _shape_of(od)) from None


def _operator(fn: Callable, np_op=None) -> Callable[[Tensor, Any], Any]:
    """The operator form of a comparison or bitwise function: NotImplemented for a bad operand."""
    def op(input: Tensor, other):  # noqa: A002
        if np_op is not None and type(other) is float:       # the common ``x > 0.0``
            d = input._data
            if d.dtype.kind == "f":
                return make(np.asarray(np_op(d, other)))
        try:
            other = operand(other)
        except BadOperand:
            return NotImplemented
        return fn(input, other)
    op.__name__ = op.__qualname__ = fn.__name__ + "_operator"
    op.__doc__ = f"The operator form of :func:`{fn.__name__}`."
    return op


def _compare(np_op, name: str, sig: str = "compare", numbers: bool = True,
             ordered: str | None = None) -> Callable[[Tensor, Any], Tensor]:
    kernel = f"{ordered}_cpu" if ordered is not None else f"{name}_cpu" if name.startswith("logical") else None

    def op(input: Tensor, other) -> Tensor:  # noqa: A002
        if not isinstance(input, Tensor) or not (isinstance(other, Tensor) or numbers and is_number(other)):
            raise ArgError(name, (input, other), sig=sig, numbers=numbers)
        other = operand(other)
        if ordered is not None and (input._data.dtype.kind == "c" or type(other) is complex or
                                    isinstance(other, Tensor) and other._data.dtype.kind == "c"):
            _, d, _ = promote(input, other)       # complex numbers have no order (torch's error)
            raise NotImplementedError(f"\"{ordered}_cpu\" not implemented for '{_BY_CHAR[d.dtype.char]._legacy[:-6]}'")
        if kernel is not None and input._data.dtype.char in _BAREBONES and result_type(input, other) in BAREBONES:
            refuse_barebones(kernel, input._data)     # torch has no such kernel for uint16/32/64
        return _compute(np_op, input, other)
    op.__name__ = name
    op.__doc__ = (f"Compute ``{name}(input, other)`` elementwise, with broadcasting.\n\n"
                  "The result is a bool tensor and records no autograd history.\n\n"
                  "Args:\n    input (Tensor): the tensor to compare.\n"
                  "    other (Tensor or Number): the tensor or value to compare against.\n")
    return op


eq = _compare(np.equal, "eq")


ne = _compare(np.not_equal, "ne")


lt = _compare(np.less, "lt", ordered="lt")


le = _compare(np.less_equal, "le", ordered="le")


gt = _compare(np.greater, "gt", ordered="gt")


ge = _compare(np.greater_equal, "ge", ordered="ge")


greater, less = _compare(np.greater, "greater", ordered="gt"), _compare(np.less, "less", ordered="lt")
greater_equal = _compare(np.greater_equal, "greater_equal", ordered="ge")
less_equal = _compare(np.less_equal, "less_equal", ordered="le")
not_equal = _compare(np.not_equal, "not_equal")


logical_and = _compare(np.logical_and, "logical_and", "logical_and", numbers=False)


logical_or = _compare(np.logical_or, "logical_or", "logical_or", numbers=False)


logical_xor = _compare(np.logical_xor, "logical_xor", "logical_xor", numbers=False)


def _bitwise(np_op, name: str) -> Callable[[Tensor, Any], Tensor]:
    def op(a: Tensor, b) -> Tensor:
        if not isinstance(a, Tensor):
            if not is_number(a) or not isinstance(b, Tensor):
                raise ArgError(name, (a, b), sig="bitwise")
            a, b = b, operand(a)        # Number self, Tensor other: the ops are symmetric
        elif not (isinstance(b, Tensor) or is_number(b)):
            raise ArgError(name, (a, b), sig="bitwise")
        tb, ad, bd = promote(a, operand(b))
        if ad.dtype.kind in "fc":
            check_shapes((ad, bd))          # (torch's shape check comes before the kernel's dtype)
            raise NotImplementedError(f"\"{name}_cpu\" not implemented for '{_BY_CHAR[ad.dtype.char]._legacy[:-6]}'")
        try:
            return make(np.asarray(np_op(ad, bd)))
        except ValueError:
            raise broadcast_error(ad.shape, _shape_of(bd)) from None
    op.__name__ = op.__qualname__ = name
    op.__doc__ = (f"Compute ``{name}(input, other)`` elementwise on integer or bool tensors, with broadcasting "
                  "and torch's type promotion.\n\nArgs:\n    input (Tensor or Number): the first operand.\n"
                  "    other (Tensor or Number): the second operand.\n")
    return op


bitwise_and = _bitwise(np.bitwise_and, "bitwise_and")
bitwise_or = _bitwise(np.bitwise_or, "bitwise_or")
bitwise_xor = _bitwise(np.bitwise_xor, "bitwise_xor")


def _predicate(np_op, name: str, kernel: str | None = None) -> Callable[[Tensor], Tensor]:
    """A non-differentiable unary op (bool or bitwise result): computed, never recorded. ``kernel``:
    torch's kernel name, which it does not implement for uint16/32/64."""
    def op(input: Tensor) -> Tensor:  # noqa: A002
        try:
            d = input._data
        except AttributeError:
            raise must_be_tensor(name, "input", 1, input) from None
        if d.dtype.kind == "u":
            refuse_barebones(kernel, d)
        return make(np.asarray(np_op(d)))
    op.__name__ = name
    op.__doc__ = (f"Compute ``{name}`` of each element of ``input``.\n\n"
                  "The result records no autograd history.\n\n"
                  "Args:\n    input (Tensor): the input tensor.\n")
    return op


logical_not = _predicate(np.logical_not, "logical_not", "logical_not_cpu")


isnan = _predicate(np.isnan, "isnan")


isinf = _predicate(np.isinf, "isinf")


isfinite = _predicate(np.isfinite, "isfinite")


_bitwise_not = _predicate(np.invert, "bitwise_not", "bitwise_not_cpu")


def _no_complex(name: str, fn: Callable[[Tensor], Tensor], error: Exception) -> Callable[[Tensor], Tensor]:
    """``fn``, refusing complex tensors with torch's ``error``."""
    def op(input: Tensor) -> Tensor:  # noqa: A002
        if isinstance(input, Tensor) and input._data.dtype.kind == "c":
            raise type(error)(*error.args)
        return fn(input)
    op.__name__ = op.__qualname__ = name
    op.__doc__ = fn.__doc__
    return op


isposinf = _no_complex("isposinf", _predicate(np.isposinf, "isposinf"),
                       RuntimeError("isposinf does not support complex inputs."))
isneginf = _no_complex("isneginf", _predicate(np.isneginf, "isneginf"),
                       RuntimeError("isneginf does not support complex inputs."))
signbit = _no_complex("signbit", _predicate(lambda d: np.signbit(d) if d.dtype.kind != "b" else np.zeros(d.shape, bool),
                                            "signbit"),
                      NotImplementedError("signbit is not implemented for complex tensors."))
isreal = _predicate(lambda d: np.imag(d) == 0 if d.dtype.kind == "c" else np.ones(d.shape, bool), "isreal")


def isclose(input: Tensor, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08,  # noqa: A002
            equal_nan: bool = False) -> Tensor:
    """Return a bool tensor, True where ``input`` and ``other`` are close: equal, or
    ``|input - other| <= atol + rtol * |other|`` (and finite); NaNs are close to each other only with
    ``equal_nan``. Both tensors must have the same dtype.

    Args:
        input (Tensor): the first tensor.
        other (Tensor): the second tensor, broadcastable with ``input``.
        rtol (float, optional): relative tolerance. Default: ``1e-05``.
        atol (float, optional): absolute tolerance. Default: ``1e-08``.
        equal_nan (bool, optional): if ``True``, two NaNs count as close. Default: ``False``.
    """
    if not isinstance(input, Tensor):
        raise must_be_tensor("isclose", "input", 1, input)
    if not isinstance(other, Tensor):
        raise must_be_tensor("isclose", "other", 2, other)
    ad, bd = input._data, other._data
    if ad.dtype != bd.dtype:
        raise RuntimeError(f"{input.dtype._legacy[:-6]} did not match {other.dtype._legacy[:-6]}")
    if rtol < 0:
        raise RuntimeError(f"rtol must be greater than or equal to zero, but got {rtol}")
    if atol < 0:
        raise RuntimeError(f"atol must be greater than or equal to zero, but got {atol}")
    try:
        np.broadcast_shapes(ad.shape, bd.shape)
    except ValueError:
        raise broadcast_error(ad.shape, bd.shape) from None
    if ad.dtype.kind == "b":
        return make(np.asarray(ad == bd))
    if ad.dtype.kind in "iu":      # torch computes the tolerance of integers in the default float dtype
        f = get_default_dtype().np
        ad, bd = ad.astype(f), bd.astype(f)
    with np.errstate(all="ignore"):
        close = ad == bd
        if equal_nan:
            close = close | (np.isnan(ad) & np.isnan(bd))
        err = np.abs(ad - bd)
        allowed = atol + rtol * np.abs(bd)
        close = close | (np.isfinite(err) & (err <= allowed))
    return make(np.asarray(close))


def bitwise_not(input: Tensor) -> Tensor:  # noqa: A002
    """Compute the bitwise NOT of an integer or bool tensor (logical NOT for bool).

    Args:
        input (Tensor): the input tensor.
    """
    if isinstance(input, Tensor) and input._data.dtype.kind in "fc":
        raise NotImplementedError(f"\"bitwise_not_cpu\" not implemented for '{input.dtype._legacy[:-6]}'")
    return _bitwise_not(input)


def invert(input: Tensor) -> Tensor:  # noqa: A002
    """``~input``: :func:`bitwise_not`, with torch's TypeError for a float tensor."""
    if input._data.dtype.kind in "fc":
        raise TypeError("~ (operator.invert) is only implemented on integer and Boolean-type tensors")
    return _bitwise_not(input)


# ----------------------------------------------------------------------------------------------
# in-place logical ops: the result written into ``input`` (cast to its dtype), never recorded (torch's
# logical ops are not differentiable: a tensor in a graph keeps its grad_fn)
class _Written(Op):
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, r):
        return r


def _write_unrecorded(self: Tensor, r: Tensor) -> Tensor:
    # (no autograd checks: torch lets a non-differentiable op write even into a leaf that requires grad)
    d = r._data
    _check_overlap(_Written, self, (self._data, d))
    write_into(self, d)
    bump_version(self)
    return self


def _logical_(fn: Callable, name: str) -> Callable[[Tensor, Tensor], Tensor]:
    def op(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
        if not isinstance(other, Tensor):
            raise ArgError(name, (other,), sig=name[:-1], method=True, numbers=False)
        return _write_unrecorded(input, fn(input, other))
    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"In-place version of :func:`{name[:-1]}`: the bool result written into ``input``'s dtype."
    return op


logical_and_ = _logical_(logical_and, "logical_and_")
logical_or_ = _logical_(logical_or, "logical_or_")
logical_xor_ = _logical_(logical_xor, "logical_xor_")


def logical_not_(input: Tensor) -> Tensor:  # noqa: A002
    """In-place version of :func:`logical_not`: the bool result written into ``input``'s dtype."""
    return _write_unrecorded(input, logical_not(input))


# the operator and method forms
eq_operator, ne_operator, lt_operator, le_operator, gt_operator, ge_operator = (
    _operator(eq, np.equal), _operator(ne, np.not_equal), _operator(lt, np.less), _operator(le, np.less_equal),
    _operator(gt, np.greater), _operator(ge, np.greater_equal))
and_operator, or_operator, xor_operator = _operator(bitwise_and), _operator(bitwise_or), _operator(bitwise_xor)
eq_method, ne_method, lt_method, le_method, gt_method, ge_method = (
    method_form(eq), method_form(ne), method_form(lt), method_form(le), method_form(gt), method_form(ge))
greater_method, less_method, greater_equal_method, less_equal_method, not_equal_method = (
    method_form(greater), method_form(less), method_form(greater_equal), method_form(less_equal),
    method_form(not_equal))
logical_and_method, logical_or_method, logical_xor_method = (
    method_form(logical_and), method_form(logical_or), method_form(logical_xor))
bitwise_and_method, bitwise_or_method, bitwise_xor_method = (
    method_form(bitwise_and), method_form(bitwise_or), method_form(bitwise_xor))


def allclose(a: Tensor, b: Tensor, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> bool:
    """Return ``True`` if ``a`` and ``b`` are close everywhere: ``|a - b| <= atol + rtol * |b|`` elementwise.

    Args:
        a (Tensor): first tensor to compare.
        b (Tensor): second tensor to compare, broadcastable with ``a``.
        rtol (float, optional): relative tolerance. Default: ``1e-05``.
        atol (float, optional): absolute tolerance. Default: ``1e-08``.
        equal_nan (bool, optional): if ``True``, two NaNs count as equal. Default: ``False``.
    """
    if not isinstance(a, Tensor) or not isinstance(b, Tensor):
        raise ArgError("allclose", (a, b), numbers=False)
    ad, bd = a._data, b._data
    if ad.dtype != bd.dtype:
        raise RuntimeError(f"{a.dtype._legacy[:-6]} did not match {b.dtype._legacy[:-6]}")
    try:
        return bool(np.allclose(ad, bd, rtol=rtol, atol=atol, equal_nan=equal_nan))
    except ValueError:
        raise broadcast_error(ad.shape, bd.shape) from None


def equal(a: Tensor, b: Tensor) -> bool:
    """Return ``True`` if ``a`` and ``b`` have the same size and elements, ``False`` otherwise.

    NaN is not equal to itself, so a tensor holding NaN is never equal to anything.

    Args:
        a (Tensor): first tensor to compare.
        b (Tensor): second tensor to compare.
    """
    if not isinstance(a, Tensor) or not isinstance(b, Tensor):
        raise ArgError("equal", (a, b), numbers=False)
    return a._data.shape == b._data.shape and bool(np.array_equal(a._data, b._data))


allclose_method, equal_method = method_form(allclose), method_form(equal)
isclose_method = isclose
