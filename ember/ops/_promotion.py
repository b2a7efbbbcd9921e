"""Operands: torch's dtype promotion, and the entry point of binary ops.

A Python scalar stays a scalar (it does not take part in promotion as a tensor would); anything
else array-like becomes a Tensor. ``promote`` casts both operands to torch's result dtype once
per op; ``binary`` and ``binary_inplace`` run a two-input op with torch's broadcast error.
"""
from __future__ import annotations

import numpy as np

from .. import _dtype
from .._creation import tensor
from .._tensor import Tensor, make
from ._inplace import apply_inplace
from ._record import apply2

__all__ = ["as_operand", "promote", "broadcast_error", "binary", "binary_inplace", "float_input",
           "tensor_operand", "default_float_np"]

_ndarray = np.ndarray
_float, _int, _bool = float, int, bool


def default_float_np():
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
        return None, ad.astype(default_float_np()), b
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
    return d if k == "f" or k == "c" else d.astype(default_float_np())


def tensor_operand(a: Tensor, b):
    b = as_operand(b)
    if not isinstance(b, Tensor):
        b = tensor(b, dtype=a.dtype if isinstance(b, float) and a.dtype.is_floating_point else None)
    return b
