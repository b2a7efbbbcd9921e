"""Comparisons, logic and bitwise ops, predicates (isnan...), allclose/equal: results are bool
(or integer) and record no autograd history."""
from __future__ import annotations

import numpy as np

from typing import Any, Callable

from .._tensor import Tensor, make
from ._promotion import as_operand, broadcast_error, _shape_of

__all__ = ["eq", "ne", "lt", "le", "gt", "ge", "greater", "less", "greater_equal", "less_equal", "not_equal",
           "logical_and", "logical_or", "logical_xor", "logical_not", "isnan", "isinf", "isfinite", "bitwise_not",
           "bitwise_and", "bitwise_or", "bitwise_xor", "allclose", "equal"]


def _compare(np_op, name: str) -> Callable[[Tensor, Any], Tensor]:
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
    return op


eq = _compare(np.equal, "eq")


ne = _compare(np.not_equal, "ne")


lt = _compare(np.less, "lt")


le = _compare(np.less_equal, "le")


gt = _compare(np.greater, "gt")


ge = _compare(np.greater_equal, "ge")


greater, less, greater_equal, less_equal, not_equal = gt, lt, ge, le, ne


logical_and = _compare(np.logical_and, "logical_and")


logical_or = _compare(np.logical_or, "logical_or")


logical_xor = _compare(np.logical_xor, "logical_xor")


def _bitwise(np_op, name: str) -> Callable[[Tensor, Any], Tensor]:
    def op(a: Tensor, b) -> Tensor:
        if a._data.dtype.kind == "f":
            raise RuntimeError(f"\"{name}_cpu\" not implemented for '{a.dtype._legacy[:-6]}'")
        b = as_operand(b)
        return make(np.asarray(np_op(a._data, b._data if isinstance(b, Tensor) else b)))
    return op


bitwise_and = _bitwise(np.bitwise_and, "bitwise_and")
bitwise_or = _bitwise(np.bitwise_or, "bitwise_or")
bitwise_xor = _bitwise(np.bitwise_xor, "bitwise_xor")


def _predicate(np_op, name: str) -> Callable[[Tensor], Tensor]:
    """A non-differentiable unary op (bool or bitwise result): computed, never recorded."""
    def op(input: Tensor) -> Tensor:  # noqa: A002
        return make(np.asarray(np_op(input._data)))
    op.__name__ = name
    op.__doc__ = (f"Compute ``{name}`` of each element of ``input``.\n\n"
                  "The result records no autograd history.\n\n"
                  "Args:\n    input (Tensor): the input tensor.\n")
    return op


logical_not = _predicate(np.logical_not, "logical_not")


isnan = _predicate(np.isnan, "isnan")


isinf = _predicate(np.isinf, "isinf")


isfinite = _predicate(np.isfinite, "isfinite")


bitwise_not = _predicate(np.invert, "bitwise_not")


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


def equal(a: Tensor, b: Tensor) -> bool:
    """Return ``True`` if ``a`` and ``b`` have the same size and elements, ``False`` otherwise.

    NaN is not equal to itself, so a tensor holding NaN is never equal to anything.

    Args:
        a (Tensor): first tensor to compare.
        b (Tensor): second tensor to compare.
    """
    return a._data.shape == b._data.shape and bool(np.array_equal(a._data, b._data))
