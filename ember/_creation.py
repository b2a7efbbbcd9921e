"""Tensor creation: tensor, as_tensor, from_numpy, zeros, ones, full, empty, arange, linspace,
eye, the ``*_like`` family and random tensors."""
from __future__ import annotations

import warnings

import numpy as np

from . import _dtype
from ._dtype import dtype as _dtype_cls, get_default_dtype
from ._tensor import Tensor, make, check_device
from .random import rng
from .autograd.grad_mode import STATE as _STATE

__all__ = ["tensor", "as_tensor", "from_numpy", "zeros", "ones", "full", "empty", "arange", "linspace", "eye",
           "zeros_like", "ones_like", "full_like", "empty_like", "rand", "randn", "randint", "rand_like",
           "randn_like", "randint_like", "randperm", "scalar_tensor"]


def _finish(data: np.ndarray, requires_grad: bool) -> Tensor:
    t = make(data)
    if _STATE.inference:
        t._inference = True
    if requires_grad:
        if data.dtype.kind not in "fc":
            raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
        t._requires_grad = True
    return t


def _has_numpy_scalar(data) -> bool:
    if isinstance(data, np.generic):
        return True
    return isinstance(data, (list, tuple)) and any(_has_numpy_scalar(x) for x in data)


def _infer_dtype(data) -> np.dtype:
    """torch.tensor's inference: any float -> default dtype, ints -> int64, bools -> bool;
    NumPy arrays and scalars keep their own dtype."""
    arr = np.asarray(data)
    if isinstance(data, np.generic) or (isinstance(data, (list, tuple)) and _has_numpy_scalar(data)):
        return arr.dtype
    k = arr.dtype.kind
    if k == "b":
        return np.dtype(np.bool_)
    if k in "iu":
        return np.dtype(np.int64) if not isinstance(data, np.ndarray) else arr.dtype
    if k == "f":
        return get_default_dtype().np if not isinstance(data, np.ndarray) else arr.dtype
    if k == "c":
        return np.dtype(np.complex64) if not isinstance(data, np.ndarray) else arr.dtype
    raise TypeError(f"Could not infer dtype of {type(data).__name__}")


def _from_sequence(data):
    # lists that contain tensors: torch accepts lists of 0-d/1-d tensors
    if isinstance(data, (list, tuple)) and any(isinstance(x, Tensor) for x in data):
        return [(x._data if isinstance(x, Tensor) else _from_sequence(x)) for x in data]
    if isinstance(data, (list, tuple)):
        return [(_from_sequence(x) if isinstance(x, (list, tuple)) else x) for x in data]
    return data


def tensor(data, dtype: _dtype_cls | None = None, device=None, requires_grad: bool = False,
           pin_memory: bool = False) -> Tensor:
    r"""Construct a tensor by copying ``data`` (a number, nested sequence or array).

    Python floats give ``float32``, ints ``int64``, bools ``bool``, unless ``dtype`` is given.
    """
    check_device(device)
    if isinstance(data, Tensor):
        warnings.warn("To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() or "
                      "sourceTensor.detach().clone().requires_grad_(True), rather than torch.tensor(sourceTensor).",
                      UserWarning, stacklevel=2)
        arr = data._data.copy() if dtype is None else data._data.astype(dtype.np)
        return _finish(arr, requires_grad)
    data = _from_sequence(data)
    if isinstance(data, np.ndarray):
        _dtype.from_numpy_dtype(data.dtype)
    np_dtype = dtype.np if dtype is not None else _infer_dtype(data)
    try:
        arr = np.array(data, dtype=np_dtype)
    except ValueError as e:
        raise ValueError(f"expected sequence of equal-length lists: {e}") from None
    return _finish(arr, requires_grad)


def as_tensor(data, dtype: _dtype_cls | None = None, device=None) -> Tensor:
    """Like ``tensor`` but shares memory with a NumPy array / returns a Tensor unchanged when possible."""
    check_device(device)
    if isinstance(data, Tensor):
        return data if dtype is None or dtype is data.dtype else data.to(dtype)
    if isinstance(data, np.ndarray) and (dtype is None or dtype.np == data.dtype):
        _dtype.from_numpy_dtype(data.dtype)
        return make(data)
    return tensor(data, dtype=dtype)


def from_numpy(array: np.ndarray) -> Tensor:
    """A tensor sharing memory with ``array`` (changes to one show in the other)."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(array).__name__})")
    _dtype.from_numpy_dtype(array.dtype)
    return make(array)


def _size(size) -> tuple:
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = size[0]
    out = tuple(int(s) for s in size)
    for s in out:
        if s < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: {list(out)}")
    return out


def _np_dtype(dtype, default=None) -> np.dtype:
    if dtype is None:
        return (default or get_default_dtype()).np
    return dtype.np


def zeros(*size, dtype=None, device=None, requires_grad: bool = False, out=None) -> Tensor:
    """A tensor of zeros of the given shape."""
    check_device(device)
    return _finish(np.zeros(_size(size), dtype=_np_dtype(dtype)), requires_grad)


def ones(*size, dtype=None, device=None, requires_grad: bool = False, out=None) -> Tensor:
    """A tensor of ones of the given shape."""
    check_device(device)
    return _finish(np.ones(_size(size), dtype=_np_dtype(dtype)), requires_grad)


def empty(*size, dtype=None, device=None, requires_grad: bool = False, memory_format=None) -> Tensor:
    """An uninitialised tensor (ember fills it with zeros, so results are reproducible)."""
    check_device(device)
    return _finish(np.zeros(_size(size), dtype=_np_dtype(dtype)), requires_grad)


def full(size, fill_value, *, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """A tensor filled with ``fill_value`` (its dtype inferred from the value, as torch)."""
    check_device(device)
    if dtype is None:
        dtype = _dtype.scalar_dtype(fill_value)
    return _finish(np.full(_size((size,)), fill_value, dtype=dtype.np), requires_grad)


def scalar_tensor(value, *, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    return _finish(np.asarray(value, dtype=_np_dtype(dtype)), requires_grad)


def _like(t: Tensor, dtype):
    return (dtype.np if dtype is not None else t._data.dtype), t._data.shape


def zeros_like(input: Tensor, *, dtype=None, device=None, requires_grad: bool = False, memory_format=None) -> Tensor:  # noqa: A002
    d, s = _like(input, dtype)
    return _finish(np.zeros(s, dtype=d), requires_grad)


def ones_like(input: Tensor, *, dtype=None, device=None, requires_grad: bool = False, memory_format=None) -> Tensor:  # noqa: A002
    d, s = _like(input, dtype)
    return _finish(np.ones(s, dtype=d), requires_grad)


def empty_like(input: Tensor, *, dtype=None, device=None, requires_grad: bool = False, memory_format=None) -> Tensor:  # noqa: A002
    return zeros_like(input, dtype=dtype, requires_grad=requires_grad)


def full_like(input: Tensor, fill_value, *, dtype=None, device=None, requires_grad: bool = False,  # noqa: A002
              memory_format=None) -> Tensor:
    d, s = _like(input, dtype)
    return _finish(np.full(s, fill_value, dtype=d), requires_grad)


def arange(start, end=None, step=1, *, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """Values from ``start`` to ``end`` (exclusive) in steps of ``step``."""
    check_device(device)
    if end is None:
        start, end = 0, start
    vals = [v.item() if isinstance(v, Tensor) else v for v in (start, end, step)]
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if dtype is None:
        dtype = _dtype.int64 if all(isinstance(v, (int, np.integer)) for v in vals) else get_default_dtype()
    n = int(np.ceil((vals[1] - vals[0]) / vals[2]))
    if n < 0:
        raise RuntimeError("upper bound and larger bound inconsistent with step sign")
    # computed in double, like torch, then cast
    data = (vals[0] + vals[2] * np.arange(max(n, 0), dtype=np.float64)).astype(dtype.np) \
        if dtype.is_floating_point else np.arange(vals[0], vals[1], vals[2]).astype(dtype.np)
    return _finish(data, requires_grad)


def linspace(start, end, steps: int, *, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """``steps`` evenly spaced values from ``start`` to ``end`` inclusive."""
    check_device(device)
    dt = _np_dtype(dtype)
    if steps == 1:
        data = np.asarray([start], dtype=dt)
    else:
        # torch computes from both ends towards the middle, which keeps the last value exact
        step = (end - start) / (steps - 1)
        idx = np.arange(steps, dtype=np.float64)
        half = steps // 2
        data = np.where(idx < half, start + step * idx, end - step * (steps - 1 - idx)).astype(dt)
    return _finish(data, requires_grad)


def eye(n: int, m: int | None = None, *, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """The identity matrix (n x m)."""
    check_device(device)
    return _finish(np.eye(n, m if m is not None else n, dtype=_np_dtype(dtype)), requires_grad)


def rand(*size, generator=None, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """Uniform samples on [0, 1)."""
    check_device(device)
    dt = _np_dtype(dtype)
    return _finish(rng(generator).random(_size(size)).astype(dt), requires_grad)


def randn(*size, generator=None, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """Standard normal samples."""
    check_device(device)
    dt = _np_dtype(dtype)
    return _finish(rng(generator).standard_normal(_size(size)).astype(dt), requires_grad)


def randint(low, high=None, size=None, *, generator=None, dtype=None, device=None,
            requires_grad: bool = False) -> Tensor:
    """Integers uniformly from [low, high)."""
    check_device(device)
    if size is None:
        low, high, size = 0, low, high
    dt = _np_dtype(dtype, _dtype.int64)
    return _finish(rng(generator).integers(low, high, size=tuple(size)).astype(dt), requires_grad)


def rand_like(input: Tensor, *, dtype=None, requires_grad: bool = False) -> Tensor:  # noqa: A002
    return rand(input.shape, dtype=dtype or input.dtype, requires_grad=requires_grad)


def randn_like(input: Tensor, *, dtype=None, requires_grad: bool = False) -> Tensor:  # noqa: A002
    return randn(input.shape, dtype=dtype or input.dtype, requires_grad=requires_grad)


def randint_like(input: Tensor, low, high=None, *, dtype=None) -> Tensor:  # noqa: A002
    return randint(low, high, tuple(input.shape), dtype=dtype or input.dtype)


def randperm(n: int, *, generator=None, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    return _finish(rng(generator).permutation(n).astype(_np_dtype(dtype, _dtype.int64)), requires_grad)


def _new_factory(fn):
    def method(self: Tensor, *size, dtype=None, device=None, requires_grad: bool = False, **kw):
        return fn(*size, dtype=dtype or self.dtype, requires_grad=requires_grad, **kw)
    return method


Tensor.new_zeros = _new_factory(zeros)
Tensor.new_ones = _new_factory(ones)
Tensor.new_empty = _new_factory(empty)
Tensor.new_full = lambda self, size, fill_value, *, dtype=None, requires_grad=False: full(
    size, fill_value, dtype=dtype or self.dtype, requires_grad=requires_grad)
Tensor.new_tensor = lambda self, data, *, dtype=None, requires_grad=False: tensor(
    data, dtype=dtype or self.dtype, requires_grad=requires_grad)
