"""Tensors in NumPy's protocols, as torch's: ``__array__`` (with NumPy 2's ``copy=``), NumPy
ufuncs on tensors (``np.exp(t)`` is a Tensor), DLPack export (``__dlpack__``,
``__dlpack_device__``) and ``from_dlpack``, which shares memory with a NumPy array or a torch
tensor without a copy.

``ndarray <op> Tensor`` keeps calling ember's reflected operator (``Tensor.__rmul__``, ...), so
the result is a Tensor recorded by autograd; any other ufunc runs in NumPy on the tensors' data and
its results are wrapped as tensors, as torch's ``__array_wrap__`` does (a bool result becomes
uint8, as in torch).
"""
from __future__ import annotations

import enum
from typing import Any

import numpy as np

from ._tensor import Tensor, device as _device
from ._tensor_data import from_numpy

__all__ = ["array", "array_ufunc", "dlpack", "dlpack_device", "from_dlpack", "DLDeviceType"]

_NEEDS_DETACH = "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead."


def array(self: Tensor, dtype=None, copy: "bool | None" = None) -> np.ndarray:
    """``np.asarray(t)``: the tensor's data (shared), cast to ``dtype`` if given; ``copy=True`` always
    copies, ``copy=False`` raises NumPy's ``ValueError`` when a cast would need a copy."""
    if self.requires_grad:          # the property: a stale view re-reads its flag
        raise RuntimeError(_NEEDS_DETACH)
    a = self._data
    if dtype is not None and np.dtype(dtype) != a.dtype:
        if copy is False:
            raise ValueError("Unable to avoid copy while creating an array as requested.")
        return a.astype(dtype)
    return a.copy() if copy else a


# ndarray <op> Tensor: the ufunc NumPy's operator calls -> the Tensor's reflected operator
_REFLECTED = {np.add: "__radd__", np.subtract: "__rsub__", np.multiply: "__rmul__", np.true_divide: "__rtruediv__",
              np.floor_divide: "__rfloordiv__", np.remainder: "__rmod__", np.power: "__rpow__",
              np.matmul: "__rmatmul__", np.bitwise_and: "__rand__", np.bitwise_or: "__ror__",
              np.bitwise_xor: "__rxor__", np.left_shift: "__rlshift__", np.right_shift: "__rrshift__",
              np.equal: "__eq__", np.not_equal: "__ne__", np.less: "__gt__", np.less_equal: "__ge__",
              np.greater: "__lt__", np.greater_equal: "__le__"}


def _plain(x):
    return array(x) if isinstance(x, Tensor) else x


def _wrap(r):
    if isinstance(r, tuple):
        return tuple(_wrap(v) for v in r)
    if isinstance(r, (np.ndarray, np.generic)):
        a = np.asarray(r)
        if a.dtype == np.bool_:     # torch's __array_wrap__: bool results come back as uint8
            a = a.astype(np.uint8)
        return from_numpy(a)
    return r


def array_ufunc(self: Tensor, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
    """NumPy's ufunc protocol: ``ndarray <op> Tensor`` calls the Tensor's reflected operator; any other
    ufunc (``np.exp(t)``, ``np.maximum(t, u)``) runs on the data and returns tensors, as torch."""
    if (method == "__call__" and not kwargs and len(inputs) == 2 and inputs[1] is self
            and not isinstance(inputs[0], Tensor)):
        name = _REFLECTED.get(ufunc)
        op = getattr(self, name, None) if name else None
        if op is not None:
            other = inputs[0]
            if type(other) is np.ndarray and other.ndim == 0:
                other = other[()]   # NumPy turned its scalar (np.int64(-1) < t) into a 0-d array: a number again
            r = op(other)
            if r is not NotImplemented:
                return r
    out = kwargs.get("out")
    if out is not None:
        if any(isinstance(o, Tensor) for o in out):
            raise TypeError("return arrays must be of ArrayType")
    result = getattr(ufunc, method)(*(_plain(x) for x in inputs), **kwargs)
    return result if out is not None else _wrap(result)


class DLDeviceType(enum.IntEnum):
    """DLPack's device types (the ones a CPU build names)."""

    kDLCPU = 1


def dlpack_device(self: Tensor) -> tuple:
    """``__dlpack_device__``: ``(DLDeviceType.kDLCPU, 0)``."""
    return (DLDeviceType.kDLCPU, 0)


def dlpack(self: Tensor, *, stream: Any = -1, max_version: "tuple[int, int] | None" = None,
           dl_device: "tuple | None" = None, copy: "bool | None" = None) -> Any:
    """``__dlpack__``: a DLPack capsule of the tensor's memory (shared, no copy), as torch's."""
    if self._requires_grad:
        raise BufferError("Can't export tensors that require gradient, use tensor.detach()")
    if stream is not None and stream != -1:
        raise AssertionError("stream should be None on cpu.")
    kw = {} if max_version is None else {"max_version": max_version}
    if copy is not None:
        kw["copy"] = copy
    return self._data.__dlpack__(**kw)


def from_dlpack(ext_tensor: Any, *, device: Any = None, copy: "bool | None" = None) -> Tensor:
    """Return a tensor sharing memory with ``ext_tensor``, any object with ``__dlpack__`` on the CPU (a NumPy
    array, a torch tensor, an ember tensor): changes to one show in the other.

    Args:
        ext_tensor: the object to read, through its ``__dlpack__`` and ``__dlpack_device__``.

    Keyword args:
        device (optional): only the CPU is accepted. Default: ``None``.
        copy (bool, optional): ``True`` copies the data, ``False`` refuses to. Default: ``None`` (share).
    """
    if device is not None and _device(device).type != "cpu":
        raise RuntimeError(f"ember has no '{_device(device).type}' backend yet: only device='cpu' is supported")
    if isinstance(ext_tensor, Tensor):
        return ext_tensor.detach().clone() if copy else ext_tensor.detach()
    if not hasattr(ext_tensor, "__dlpack__"):
        raise RuntimeError("from_dlpack received an invalid capsule. Note that DLTensor capsules can be consumed "
                           "only once, so you might have already constructed a tensor from it once.")
    a = np.from_dlpack(ext_tensor) if copy is None else np.from_dlpack(ext_tensor, copy=copy)
    return from_numpy(a)
