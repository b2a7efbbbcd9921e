"""The in-place bitwise ops: ``bitwise_and_``/``bitwise_or_``/``bitwise_xor_``/``bitwise_not_`` and the
``&=``, ``|=``, ``^=`` operators (``<<=``/``>>=`` are ``ops/bitwise.py``'s; the out-of-place forms are in
``ops/comparison.py``).

As torch: the operands promote as the out-of-place op does and the result is written back into
``self`` when its dtype can hold it (``bool &= int`` is refused); a float or complex ``self`` is the
kernel's ``NotImplementedError``, raised after the leaf, view and memory-overlap checks. Integer and
bool tensors never require grad, so nothing is recorded.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from .._tensor import Tensor
from ._inplace import apply_inplace, check_cast, check_shapes
from ._op import Op
from ._promotion import ArgError, BadOperand, _shape_of, broadcast_error, is_number, operand, promote
from .comparison import _BY_CHAR

__all__ = ["bitwise_and_", "bitwise_or_", "bitwise_xor_", "bitwise_not_"]


class _Bitwise(Op):
    """A bitwise op written into a tensor in place (never recorded)."""
    __slots__ = ()
    pointwise = True

    @staticmethod
    def forward(ctx, a, *rest):
        *operands, fn = rest
        return fn(a, *operands)


def _refusal(name: str, d: np.ndarray) -> "NotImplementedError | None":
    if d.dtype.kind in "fc":
        return NotImplementedError(f"\"{name}_cpu\" not implemented for '{_BY_CHAR[d.dtype.char]._legacy[:-6]}'")
    return None


def _binary(np_op: Callable, name: str) -> Callable[[Tensor, Any], Tensor]:
    def op(input: Tensor, other) -> Tensor:  # noqa: A002
        if not (isinstance(other, Tensor) or is_number(other)):
            raise ArgError(name + "_", (other,), sig="bitwise", method=True)
        tb, ad, bd = promote(input, operand(other))
        check_shapes((ad, bd), input._data)     # torch's shape and result-type checks come before the kernel's
        check_cast(ad.dtype, input._data)       # dtype refusal
        try:
            return apply_inplace(_Bitwise, input, (input, tb), (ad, bd), np_op, kernel_error=_refusal(name, ad))
        except ValueError:
            raise broadcast_error(ad.shape, _shape_of(bd)) from None
    op.__name__ = op.__qualname__ = name + "_"
    op.__doc__ = (f"In-place version of :func:`{name}` (integer or bool ``input``); returns ``input``.\n\n"
                  "Args:\n    input (Tensor): the tensor to modify.\n"
                  "    other (Tensor or Number): the second operand, broadcastable to ``input``'s shape.\n")
    return op


bitwise_and_ = _binary(np.bitwise_and, "bitwise_and")
bitwise_or_ = _binary(np.bitwise_or, "bitwise_or")
bitwise_xor_ = _binary(np.bitwise_xor, "bitwise_xor")


def bitwise_not_(input: Tensor) -> Tensor:  # noqa: A002
    """In-place version of :func:`bitwise_not` (integer or bool ``input``); returns ``input``."""
    d = input._data
    return apply_inplace(_Bitwise, input, (input,), (d,), np.invert, kernel_error=_refusal("bitwise_not", d))


def _operator(fn: Callable) -> Callable[[Tensor, Any], Any]:
    def op(a: Tensor, b):
        try:
            b = operand(b)
        except BadOperand:
            return NotImplemented
        return fn(a, b)
    op.__name__ = op.__qualname__ = fn.__name__ + "_operator"
    op.__doc__ = f"The operator form of :func:`{fn.__name__}`."
    return op


iand, ior, ixor = _operator(bitwise_and_), _operator(bitwise_or_), _operator(bitwise_xor_)
