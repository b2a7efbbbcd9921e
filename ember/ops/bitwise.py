"""Bit shifts: ``bitwise_left_shift``/``bitwise_right_shift`` and the ``<<``/``>>`` operators (their
reflected and in-place forms), on integer tensors with torch's promotion. (``&``, ``|``, ``^``, ``~``
are in ``ops/comparison.py``.)

A shift by a negative amount or by at least the dtype's width gives 0 (``<<``) or the sign fill
(``>>``: -1 for negative values), as torch's kernels; NumPy leaves those undefined.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from .._tensor import Tensor, make
from ._inplace import apply_inplace, check_cast, check_shapes
from ._op import Op
from ._promotion import ArgError, BadOperand, _shape_of, broadcast_error, is_number, operand, promote
from .comparison import _BY_CHAR

__all__ = ["bitwise_left_shift", "bitwise_right_shift", "bitwise_left_shift_", "bitwise_right_shift_"]


def _lshift(a, b):
    bits = a.dtype.itemsize * 8
    b = np.asarray(b)
    ok = (b >= 0) & (b < bits)
    r = np.left_shift(a, np.where(ok, b, 0).astype(a.dtype, copy=False))
    return np.where(ok, r, np.zeros((), a.dtype)).astype(a.dtype, copy=False)


def _rshift(a, b):
    bits = a.dtype.itemsize * 8
    b = np.asarray(b)
    ok = (b >= 0) & (b < bits)
    shift = np.where(ok, b, bits - 1).astype(a.dtype, copy=False)
    r = np.right_shift(a, shift)
    if a.dtype.kind == "u":
        r = np.where(ok, r, np.zeros((), a.dtype))
    return np.asarray(r, dtype=a.dtype)


class _Shift(Op):
    """A shift, written into a tensor in place (never recorded: integer tensors need no grad)."""
    __slots__ = ()
    pointwise = True

    @staticmethod
    def forward(ctx, a, b, fn):
        return fn(a, b)


def _arrays(kernel: str, a: Tensor, b) -> tuple:
    tb, ad, bd, error = _arrays_and_refusal(kernel, a, b)
    if error is not None:
        raise error
    return tb, ad, bd


def _arrays_and_refusal(kernel: str, a: Tensor, b) -> tuple:
    """The promoted operands and the kernel's dtype refusal (None if it takes the dtype): an in-place
    shift raises it after the memory-overlap check, as torch's kernel does."""
    tb, ad, bd = promote(a, b)
    k = ad.dtype.kind
    if k not in "iu" or k == "u" and ad.dtype.itemsize > 1:
        check_shapes((ad, bd))              # (torch's shape check comes before the kernel's dtype)
        dtype = _BY_CHAR[ad.dtype.char]._legacy[:-6]
        return tb, ad, bd, NotImplementedError(f"\"{kernel}\" not implemented for '{dtype}'")
    if not isinstance(bd, np.ndarray):
        bd = np.asarray(bd)
        if bd.dtype != ad.dtype:
            bd = bd.astype(np.int64)
    return tb, ad, bd, None


def _shift(fn: Callable, kernel: str, name: str) -> tuple[Callable, Callable, Callable]:
    def function(input, other) -> Tensor:  # noqa: A002
        if isinstance(input, Tensor):
            if not (isinstance(other, Tensor) or is_number(other)):
                raise ArgError(name, (input, other), sig="bitwise")
            a, b = input, operand(other)
            _, ad, bd = _arrays(kernel, a, b)
        else:
            if not is_number(input) or not isinstance(other, Tensor):
                raise ArgError(name, (input, other), sig="bitwise")
            _, bd, ad = _arrays(kernel, other, operand(input))     # a number shifted by a tensor
            ad = np.asarray(ad, dtype=bd.dtype)
        try:
            return make(np.asarray(fn(ad, bd), dtype=ad.dtype))
        except ValueError:
            raise broadcast_error(np.shape(ad), _shape_of(bd)) from None

    def inplace(input: Tensor, other) -> Tensor:  # noqa: A002
        if not (isinstance(other, Tensor) or is_number(other)):
            raise ArgError(name + "_", (other,), sig="bitwise", method=True)
        tb, ad, bd, error = _arrays_and_refusal(kernel, input, operand(other))
        if error is not None:
            check_shapes((ad, bd), input._data)     # (torch's shape and result-type checks come first)
            check_cast(ad.dtype, input._data)
        try:
            return apply_inplace(_Shift, input, (input, tb), (ad, bd), fn, kernel_error=error)
        except ValueError:
            raise broadcast_error(ad.shape, _shape_of(bd)) from None

    def method(input: Tensor, other) -> Tensor:  # noqa: A002
        if not (isinstance(other, Tensor) or is_number(other)):
            raise ArgError(name, (other,), sig="bitwise", method=True)
        return function(input, other)

    direction = "left" if fn is _lshift else "right"
    function.__name__ = function.__qualname__ = method.__name__ = method.__qualname__ = name
    function.__doc__ = method.__doc__ = (
        f"Shift the bits of each element of ``input`` {direction} by ``other`` (integer tensors; ``input`` or "
        f"``other`` may be a number). Also the ``{'<<' if fn is _lshift else '>>'}`` operator.\n\n"
        "Args:\n    input (Tensor or Number): the values to shift.\n"
        "    other (Tensor or Number): the shift amounts, broadcastable with ``input``.\n")
    inplace.__name__ = inplace.__qualname__ = name + "_"
    inplace.__doc__ = f"In-place version of :func:`{name}`; returns ``input``."
    return function, method, inplace


bitwise_left_shift, bitwise_left_shift_method, bitwise_left_shift_ = _shift(_lshift, "lshift_cpu",
                                                                            "bitwise_left_shift")
bitwise_right_shift, bitwise_right_shift_method, bitwise_right_shift_ = _shift(_rshift, "rshift_cpu",
                                                                               "bitwise_right_shift")


def _operator(fn: Callable, reflected: bool = False) -> Callable[[Tensor, Any], Any]:
    def op(a: Tensor, b):
        try:
            b = operand(b)
        except BadOperand:
            return NotImplemented
        return fn(b, a) if reflected else fn(a, b)
    op.__name__ = op.__qualname__ = fn.__name__ + ("_reflected" if reflected else "_operator")
    op.__doc__ = f"The operator form of :func:`{fn.__name__}`."
    return op


lshift_operator, rlshift = _operator(bitwise_left_shift), _operator(bitwise_left_shift, True)
rshift_operator, rrshift = _operator(bitwise_right_shift), _operator(bitwise_right_shift, True)
ilshift, irshift = _operator(bitwise_left_shift_), _operator(bitwise_right_shift_)
