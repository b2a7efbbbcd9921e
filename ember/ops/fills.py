"""Writing values into a tensor: copy_, fill_, zero_."""
from __future__ import annotations

import numpy as np

from .._tensor import Tensor, make
from ._inplace import apply_inplace
from ._op import Op
from ._promotion import as_operand, broadcast_error

__all__ = ["copy_", "fill_", "zero_"]


class CopyBackwards(Op):
    """``self.copy_(src)``: self's old value gets no gradient, src gets it all."""
    __slots__ = ()
    same_data_is_noop = True    # a src that is self's very data is no overlap (torch returns early)

    @staticmethod
    def forward(ctx, a, src):
        return np.broadcast_to(src, a.shape).astype(a.dtype)

    def backward(ctx, g, xp):
        return xp.zeros_like(g), g

    def name(self) -> str:
        return "torch::autograd::CopyBackwards"


def copy_(input: Tensor, src, non_blocking: bool = False) -> Tensor:  # noqa: A002
    """Copy the elements from ``src`` into ``input`` in place and return ``input``.

    ``src`` may be a tensor or a number; it is broadcast to ``input``'s shape and cast to its dtype. The whole
    gradient goes to ``src``; the overwritten values of ``input`` get a zero gradient.

    Args:
        input (Tensor): the tensor to copy into.
        src (Tensor or Number): the source of the values.
        non_blocking (bool): accepted for compatibility and ignored. Default: ``False``.
    """
    src = as_operand(src)
    if not isinstance(src, Tensor):
        src = make(np.asarray(src))
    d, sd = input._data, src._data
    if sd.shape != d.shape:
        _check_copy_shapes(d.shape, sd.shape)
    # torch: an integer or bool tensor is not differentiable, so copying a src that requires grad
    # into it records nothing (the result does not require grad)
    return apply_inplace(CopyBackwards, input, (input, src if d.dtype.kind in "fc" else None), (d, sd))


def _check_copy_shapes(shape: tuple, src_shape: tuple) -> None:
    """torch's errors for a ``src`` that does not broadcast to ``shape``."""
    try:
        full = np.broadcast_shapes(shape, src_shape)
    except ValueError:
        raise broadcast_error(shape, src_shape) from None
    if full != shape:
        raise RuntimeError(f"output with shape {list(shape)} doesn't match the broadcast shape {list(full)}")


class _Fill(Op):
    __slots__ = ()
    allows_overlap = True

    @staticmethod
    def forward(ctx, a, value):
        return np.full_like(a, value)

    def backward(ctx, g, xp):
        return (xp.zeros_like(g),)


class FillBackward2(_Fill):
    """``fill_`` with a number."""
    __slots__ = ()


class ZeroBackward0(_Fill):
    """``zero_``."""
    __slots__ = ()


class FillBackward3(Op):
    """``fill_(value)`` with a 0-d tensor value: the value gets the summed gradient."""
    __slots__ = ()
    reads_operands_first = True    # the value is read before anything is written
    # unlike fill_ with a number, torch refuses it on an expanded (self-overlapping) tensor

    @staticmethod
    def forward(ctx, a, value):
        return np.full_like(a, value)

    def backward(ctx, g, xp):
        return xp.zeros_like(g), xp.sum(g)


def fill_(input: Tensor, value) -> Tensor:  # noqa: A002
    """Fill ``input`` with ``value`` in place and return ``input``.

    When ``value`` is a 0-d tensor, it receives the summed gradient of all the filled elements; the overwritten
    values of ``input`` get a zero gradient.

    Args:
        input (Tensor): the tensor to fill.
        value (Number or Tensor): the fill value, a number or a 0-d tensor.
    """
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor with "
                               f"{value._data.ndim} dimensions.")
        return apply_inplace(FillBackward3, input, (input, value), (input._data, value._data))
    return apply_inplace(FillBackward2, input, (input,), (input._data, value))


def zero_(input: Tensor) -> Tensor:  # noqa: A002
    """Fill ``input`` with zeros in place and return ``input``.

    Args:
        input (Tensor): the tensor to fill.
    """
    return apply_inplace(ZeroBackward0, input, (input,), (input._data, 0))


def zeros_like_copy(var: Tensor, g: Tensor) -> Tensor:
    """``zeros_like(var).copy_(g)``: how a first create_graph gradient lands in ``.grad``."""
    return copy_(make(np.zeros_like(var._data)), g)
