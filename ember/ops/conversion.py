"""Conversions: clone, contiguous, ``to`` (dtype and device), ``float()``/``double()``/...,
``type``, ``cpu``/``cuda``."""
from __future__ import annotations

from typing import Callable, NoReturn

import numpy as np

from .. import _dtype
from .._layout import empty_preserving
from .._quiet import restore, silence
from .._tensor import Tensor, check_device, device as _device, make
from ._op import Op
from ._record import apply

__all__ = ["clone", "contiguous", "to", "type_", "cpu", "cuda", "float_", "double", "half", "long", "int_", "short",
           "char", "byte", "bool_"]


class CloneBackward0(Op):
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, contiguous=False):
        if contiguous or a.flags.c_contiguous:
            return a.copy()         # C order
        out = empty_preserving(a)    # torch's preserve_format: a's strides if dense, else its order of dims
        out[...] = a
        return out

    def backward(ctx, g, xp):
        return (g,)


def clone(input: Tensor, *, memory_format=None) -> Tensor:  # noqa: A002
    """Return a copy of ``input``.

    Unlike ``detach()``, the copy stays in the graph: the gradient flows back to ``input`` unchanged. The copy
    keeps ``input``'s memory layout, as torch's default ``preserve_format`` does: the same strides when
    ``input`` is dense (a transposed tensor's copy is transposed too), else dense strides in the same order of
    dimensions.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        memory_format (optional): accepted for compatibility and ignored.
    """
    return apply(CloneBackward0, (input,), (input._data,))


def contiguous(input: Tensor, memory_format=None) -> Tensor:  # noqa: A002
    """Return a contiguous tensor with the same data as ``input``.

    ``input`` itself is returned if it is already contiguous, else a copy that stays in the graph.

    Args:
        input (Tensor): the input tensor.
        memory_format (optional): accepted for compatibility and ignored.
    """
    if input._data.flags.c_contiguous:
        return input
    return apply(CloneBackward0, (input,), (input._data,), True)


def cast(a: np.ndarray, np_dtype) -> np.ndarray:
    """``a`` converted to ``np_dtype`` in torch's ``preserve_format`` layout (NumPy's astype lays out
    a non-dense array, such as an expanded one, in its own order)."""
    token = silence()               # NaN to an integer, 1e39 to float16: torch converts silently
    try:
        if a.flags.c_contiguous:
            return a.astype(np_dtype)
        out = empty_preserving(a, np_dtype)
        np.copyto(out, a, casting="unsafe")
        return out
    finally:
        restore(token)


class ToCopyBackward0(Op):
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, np_dtype):
        return cast(a, np_dtype)

    def backward(ctx, g, xp):
        return (g,)  # the engine casts it back to the input's dtype


def to(input: Tensor, *args, **kwargs) -> Tensor:  # noqa: A002
    """Perform a dtype (or device) conversion of ``input``.

    Forms: ``to(dtype)``, ``to(other)`` (take ``other``'s dtype), ``to(device)``, ``to(device, dtype)``, and the
    keywords ``dtype``, ``device`` and ``copy``. Only the CPU is accepted as device. If nothing changes,
    ``input`` itself is returned (a clone with ``copy=True``). The gradient is cast back to ``input``'s dtype;
    converting a tensor that requires grad to a non-floating dtype gives a result without autograd history.

    Args:
        input (Tensor): the input tensor.
        args: a dtype, a tensor, or a device (str or ``ember.device``).
        kwargs: ``dtype`` (ember.dtype), ``device`` and ``copy`` (bool, default ``False``); others are ignored.
    """
    target = kwargs.get("dtype")
    copy = kwargs.get("copy", False)
    check_device(kwargs.get("device"))
    for a in args:
        if isinstance(a, _dtype.dtype):
            target = a
        elif isinstance(a, Tensor):
            target = a.dtype
        elif isinstance(a, (str, _device)):
            check_device(a)
    if target is None or target.np == input._data.dtype:
        return apply(ToCopyBackward0, (input,), (input._data,), input._data.dtype) if copy else input
    if input._requires_grad and not (target.is_floating_point or target.is_complex):
        return make(cast(input._data, target.np))
    return apply(ToCopyBackward0, (input,), (input._data,), target.np)


def _converter(d) -> Callable[..., Tensor]:
    def conv(self: Tensor, memory_format=None) -> Tensor:
        """Return ``self`` converted to this method's dtype, e.g. ``self.float()`` is ``self.to(ember.float32)``.

        ``self`` itself is returned if it already has that dtype.

        Args:
            memory_format (optional): accepted for compatibility and ignored.
        """
        return to(self, d)
    return conv


def type_(self: Tensor, dtype=None, non_blocking: bool = False) -> "str | Tensor":
    """Return the type string (e.g. ``'torch.FloatTensor'``) if ``dtype`` is not given, else cast to ``dtype``.

    Args:
        dtype (ember.dtype or str, optional): the desired type, as a dtype or a string such as
            ``'torch.DoubleTensor'``. Default: ``None``.
        non_blocking (bool): accepted for compatibility and ignored. Default: ``False``.
    """
    if dtype is None:
        return "torch." + self.dtype._legacy
    if isinstance(dtype, str):
        dtype = {("torch." + d._legacy): d for d in _dtype.ALL}[dtype]
    return to(self, dtype)


def cuda(self: Tensor, *args, **kwargs) -> NoReturn:
    """Always raise ``AssertionError``, as torch built without CUDA does: ember runs on the CPU only."""
    raise AssertionError("Torch not compiled with CUDA enabled")


def cpu(self: Tensor, *args, **kwargs) -> Tensor:
    """``self``: ember's tensors already live on the CPU."""
    return self


float_ = _converter(_dtype.float32)
double = _converter(_dtype.float64)
half = _converter(_dtype.float16)
long = _converter(_dtype.int64)
int_ = _converter(_dtype.int32)
short = _converter(_dtype.int16)
char = _converter(_dtype.int8)
byte = _converter(_dtype.uint8)
bool_ = _converter(_dtype.bool)
