"""Tensor creation: tensor, as_tensor, from_numpy, zeros, ones, full, empty, arange, linspace,
eye, the ``*_like`` family and random tensors."""
from __future__ import annotations

import warnings
from typing import Callable

import numpy as np

from . import _dtype
from ._dtype import dtype as _dtype_cls, get_default_dtype
from ._tensor import Tensor, make, check_device
from .random import rng
from ._grad_mode import STATE as _STATE

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
    """Construct a tensor with no autograd history by copying ``data``.

    Unless ``dtype`` is given, the dtype is inferred as torch does: Python floats give the default float
    dtype (``float32`` unless changed with :func:`ember.set_default_dtype`), Python ints ``int64``, bools
    ``bool`` and complex numbers ``complex64``; NumPy arrays and NumPy scalars keep their own dtype. Nested
    sequences must be rectangular and may contain 0-d or 1-d tensors. Passing a Tensor copies it, with torch's
    ``UserWarning`` recommending ``sourceTensor.detach().clone()`` instead.

    Args:
        data (array_like): the initial data: a number, a (nested) list or tuple, a NumPy array or a Tensor.
        dtype (ember.dtype, optional): the desired data type. Default: inferred from ``data``.
        device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor; only
            floating point and complex tensors can require gradients. Default: ``False``.
        pin_memory (bool, optional): accepted for compatibility and ignored. Default: ``False``.

    Example::

        >>> torch.tensor([[0.1, 1.2], [2.2, 3.1]])
        tensor([[0.1000, 1.2000],
                [2.2000, 3.1000]])
        >>> torch.tensor([1, 2, 3])
        tensor([1, 2, 3])
        >>> torch.tensor([1, 2], dtype=torch.float64)
        tensor([1., 2.], dtype=torch.float64)
        >>> torch.tensor(3.5, requires_grad=True)
        tensor(3.5000, requires_grad=True)
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
    """Convert ``data`` into a tensor, sharing memory with it when possible.

    Like :func:`tensor`, but a NumPy array whose dtype already matches is wrapped without a copy (changes to
    one show in the other), and a Tensor is returned unchanged (or converted with ``Tensor.to`` when ``dtype``
    differs), keeping its autograd history.

    Args:
        data (array_like): the initial data: a number, a (nested) list or tuple, a NumPy array or a Tensor.
        dtype (ember.dtype, optional): the desired data type. Default: inferred from ``data``.
        device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.
    """
    check_device(device)
    if isinstance(data, Tensor):
        return data if dtype is None or dtype is data.dtype else data.to(dtype)
    if isinstance(data, np.ndarray) and (dtype is None or dtype.np == data.dtype):
        _dtype.from_numpy_dtype(data.dtype)
        return make(data)
    return tensor(data, dtype=dtype)


def from_numpy(array: np.ndarray) -> Tensor:
    """Create a tensor from a NumPy array, sharing its memory.

    Changes to the tensor show in the array and vice versa. The tensor has the array's dtype, which must be one
    ember supports.

    Args:
        array (numpy.ndarray): the array to wrap.
    """
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
    """Return a tensor filled with the scalar value ``0``, with the shape given by ``size``.

    Args:
        size (int...): a sequence of integers defining the shape of the output tensor, or a single list,
            tuple or ``ember.Size``.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: the default float dtype
                (see :func:`ember.set_default_dtype`).
        device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
        out (Tensor, optional): accepted for compatibility and ignored; a new tensor is always returned.

    Example::

        >>> torch.zeros(2, 3)
        tensor([[0., 0., 0.],
                [0., 0., 0.]])
        >>> torch.zeros((2, 3), dtype=torch.int32)
        tensor([[0, 0, 0],
                [0, 0, 0]], dtype=torch.int32)
    """
    check_device(device)
    return _finish(np.zeros(_size(size), dtype=_np_dtype(dtype)), requires_grad)


def ones(*size, dtype=None, device=None, requires_grad: bool = False, out=None) -> Tensor:
    """Return a tensor filled with the scalar value ``1``, with the shape given by ``size``.

    Args:
        size (int...): a sequence of integers defining the shape of the output tensor, or a single list,
            tuple or ``ember.Size``.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: the default float dtype
                (see :func:`ember.set_default_dtype`).
        device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
        out (Tensor, optional): accepted for compatibility and ignored; a new tensor is always returned.
    """
    check_device(device)
    return _finish(np.ones(_size(size), dtype=_np_dtype(dtype)), requires_grad)


def empty(*size, dtype=None, device=None, requires_grad: bool = False, memory_format=None) -> Tensor:
    """Return an "uninitialized" tensor with the shape given by ``size``.

    Unlike torch, ember fills it with zeros, so results that read it are reproducible.

    Args:
        size (int...): a sequence of integers defining the shape of the output tensor, or a single list,
            tuple or ``ember.Size``.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: the default float dtype
                (see :func:`ember.set_default_dtype`).
        device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
        memory_format (optional): accepted for compatibility and ignored.
    """
    check_device(device)
    return _finish(np.zeros(_size(size), dtype=_np_dtype(dtype)), requires_grad)


def full(size, fill_value, *, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """Return a tensor of shape ``size`` filled with ``fill_value``.

    Without ``dtype``, the dtype is inferred from ``fill_value`` as torch does: ``bool`` for a bool, ``int64``
    for an int, the default float dtype for a float.

    Args:
        size (list, tuple or ember.Size): the shape of the output tensor.
        fill_value (Number): the value to fill the output tensor with.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: inferred from ``fill_value``.
        device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
    """
    check_device(device)
    if dtype is None:
        dtype = _dtype.scalar_dtype(fill_value)
    return _finish(np.full(_size((size,)), fill_value, dtype=dtype.np), requires_grad)


def scalar_tensor(value, *, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """Return a 0-dimensional tensor holding ``value``.

    Args:
        value (Number): the value of the tensor.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: the default float dtype
                (see :func:`ember.set_default_dtype`).
        device (optional): accepted for compatibility and ignored.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
    """
    return _finish(np.asarray(value, dtype=_np_dtype(dtype)), requires_grad)


def _like(t: Tensor, dtype):
    return (dtype.np if dtype is not None else t._data.dtype), t._data.shape


def zeros_like(input: Tensor, *, dtype=None, device=None, requires_grad: bool = False, memory_format=None) -> Tensor:  # noqa: A002
    """Return a tensor filled with ``0``, with the same size (and, by default, dtype) as ``input``.

    Args:
        input (Tensor): the size of ``input`` determines the size of the output tensor.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: ``input.dtype``.
        device (optional): accepted for compatibility and ignored.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
        memory_format (optional): accepted for compatibility and ignored.
    """
    d, s = _like(input, dtype)
    return _finish(np.zeros(s, dtype=d), requires_grad)


def ones_like(input: Tensor, *, dtype=None, device=None, requires_grad: bool = False, memory_format=None) -> Tensor:  # noqa: A002
    """Return a tensor filled with ``1``, with the same size (and, by default, dtype) as ``input``.

    Args:
        input (Tensor): the size of ``input`` determines the size of the output tensor.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: ``input.dtype``.
        device (optional): accepted for compatibility and ignored.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
        memory_format (optional): accepted for compatibility and ignored.
    """
    d, s = _like(input, dtype)
    return _finish(np.ones(s, dtype=d), requires_grad)


def empty_like(input: Tensor, *, dtype=None, device=None, requires_grad: bool = False, memory_format=None) -> Tensor:  # noqa: A002
    """Return an "uninitialized" tensor with the same size (and, by default, dtype) as ``input``.

    Ember fills it with zeros, like :func:`empty`.

    Args:
        input (Tensor): the size of ``input`` determines the size of the output tensor.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: ``input.dtype``.
        device (optional): accepted for compatibility and ignored.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
        memory_format (optional): accepted for compatibility and ignored.
    """
    return zeros_like(input, dtype=dtype, requires_grad=requires_grad)


def full_like(input: Tensor, fill_value, *, dtype=None, device=None, requires_grad: bool = False,  # noqa: A002
              memory_format=None) -> Tensor:
    """Return a tensor filled with ``fill_value``, with the same size (and, by default, dtype) as ``input``.

    Args:
        input (Tensor): the size of ``input`` determines the size of the output tensor.
        fill_value (Number): the value to fill the output tensor with.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: ``input.dtype``.
        device (optional): accepted for compatibility and ignored.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
        memory_format (optional): accepted for compatibility and ignored.
    """
    d, s = _like(input, dtype)
    return _finish(np.full(s, fill_value, dtype=d), requires_grad)


def arange(start, end=None, step=1, *, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """Return a 1-D tensor of values from ``start`` to ``end`` (exclusive), spaced by ``step``.

    ``arange(end)`` starts at 0. The length is ``ceil((end - start) / step)``. Without ``dtype``, the result is
    ``int64`` when ``start``, ``end`` and ``step`` are all integers, else the default float dtype; floating
    values are computed in double precision and then cast, as torch does.

    Args:
        start (Number): the starting value for the set of points. Default: ``0``.
        end (Number): the ending value for the set of points (excluded).
        step (Number): the gap between each pair of adjacent points; must be nonzero and point from
            ``start`` towards ``end``. Default: ``1``.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: inferred from the arguments.
        device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.

    Example::

        >>> torch.arange(5)
        tensor([0, 1, 2, 3, 4])
        >>> torch.arange(1, 4)
        tensor([1, 2, 3])
        >>> torch.arange(1, 2.5, 0.5)
        tensor([1.0000, 1.5000, 2.0000])
    """
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
    """Return a 1-D tensor of ``steps`` values evenly spaced from ``start`` to ``end``, both inclusive.

    As torch does, the first half is computed from ``start`` and the second half from ``end``, so the last
    value is exactly ``end``.

    Args:
        start (Number): the starting value for the set of points.
        end (Number): the ending value for the set of points.
        steps (int): size of the constructed tensor.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: the default float dtype
                (see :func:`ember.set_default_dtype`).
        device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
    """
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
    """Return a 2-D tensor with ones on the diagonal and zeros elsewhere.

    Args:
        n (int): the number of rows.
        m (int, optional): the number of columns. Default: ``n``.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: the default float dtype
                (see :func:`ember.set_default_dtype`).
        device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
    """
    check_device(device)
    return _finish(np.eye(n, m if m is not None else n, dtype=_np_dtype(dtype)), requires_grad)


def rand(*size, generator=None, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """Return a tensor of random numbers drawn uniformly from the interval ``[0, 1)``.

    Args:
        size (int...): a sequence of integers defining the shape of the output tensor, or a single list,
            tuple or ``ember.Size``.

    Keyword args:
        generator (ember.Generator, optional): a pseudorandom number generator for sampling.
            Default: the global generator (see :func:`ember.manual_seed`).
        dtype (ember.dtype, optional): the desired data type. Default: the default float dtype
                (see :func:`ember.set_default_dtype`).
        device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
    """
    check_device(device)
    dt = _np_dtype(dtype)
    return _finish(rng(generator).random(_size(size)).astype(dt), requires_grad)


def randn(*size, generator=None, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """Return a tensor of random numbers from the standard normal distribution (mean 0, variance 1).

    Args:
        size (int...): a sequence of integers defining the shape of the output tensor, or a single list,
            tuple or ``ember.Size``.

    Keyword args:
        generator (ember.Generator, optional): a pseudorandom number generator for sampling.
            Default: the global generator (see :func:`ember.manual_seed`).
        dtype (ember.dtype, optional): the desired data type. Default: the default float dtype
                (see :func:`ember.set_default_dtype`).
        device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
    """
    check_device(device)
    dt = _np_dtype(dtype)
    return _finish(rng(generator).standard_normal(_size(size)).astype(dt), requires_grad)


def randint(low, high=None, size=None, *, generator=None, dtype=None, device=None,
            requires_grad: bool = False) -> Tensor:
    """Return a tensor of random integers drawn uniformly from ``[low, high)``.

    ``randint(high, size)`` draws from ``[0, high)``.

    Args:
        low (int, optional): lowest integer to be drawn. Default: ``0``.
        high (int): one above the highest integer to be drawn.
        size (tuple): the shape of the output tensor.

    Keyword args:
        generator (ember.Generator, optional): a pseudorandom number generator for sampling.
            Default: the global generator.
        dtype (ember.dtype, optional): the desired data type. Default: ``ember.int64``.
        device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor; needs a
            floating point ``dtype``. Default: ``False``.
    """
    check_device(device)
    if size is None:
        low, high, size = 0, low, high
    dt = _np_dtype(dtype, _dtype.int64)
    return _finish(rng(generator).integers(low, high, size=tuple(size)).astype(dt), requires_grad)


def rand_like(input: Tensor, *, dtype=None, requires_grad: bool = False) -> Tensor:  # noqa: A002
    """Return a tensor of the same size as ``input`` filled with uniform random numbers from ``[0, 1)``.

    Args:
        input (Tensor): the size of ``input`` determines the size of the output tensor.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: ``input.dtype``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
    """
    return rand(input.shape, dtype=dtype or input.dtype, requires_grad=requires_grad)


def randn_like(input: Tensor, *, dtype=None, requires_grad: bool = False) -> Tensor:  # noqa: A002
    """Return a tensor of the same size as ``input`` filled with standard normal random numbers.

    Args:
        input (Tensor): the size of ``input`` determines the size of the output tensor.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: ``input.dtype``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
    """
    return randn(input.shape, dtype=dtype or input.dtype, requires_grad=requires_grad)


def randint_like(input: Tensor, low, high=None, *, dtype=None) -> Tensor:  # noqa: A002
    """Return a tensor of the same shape as ``input`` filled with random integers from ``[low, high)``.

    ``randint_like(input, high)`` draws from ``[0, high)``.

    Args:
        input (Tensor): the size of ``input`` determines the size of the output tensor.
        low (int, optional): lowest integer to be drawn. Default: ``0``.
        high (int): one above the highest integer to be drawn.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: ``input.dtype``.
    """
    return randint(low, high, tuple(input.shape), dtype=dtype or input.dtype)


def randperm(n: int, *, generator=None, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """Return a random permutation of the integers from ``0`` to ``n - 1``.

    Args:
        n (int): the upper bound (exclusive).

    Keyword args:
        generator (ember.Generator, optional): a pseudorandom number generator for sampling.
            Default: the global generator.
        dtype (ember.dtype, optional): the desired data type. Default: ``ember.int64``.
        device (optional): accepted for compatibility and ignored.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor; needs a
            floating point ``dtype``. Default: ``False``.
    """
    return _finish(rng(generator).permutation(n).astype(_np_dtype(dtype, _dtype.int64)), requires_grad)


def _new_factory(fn: Callable[..., Tensor]) -> Callable[..., Tensor]:
    def method(self: Tensor, *size, dtype=None, device=None, requires_grad: bool = False, **kw) -> Tensor:
        """Return a new tensor of shape ``size`` from the matching factory (:func:`zeros`, :func:`ones`, :func:`empty`).

        The new tensor has this tensor's dtype unless ``dtype`` is given; ``device`` is ignored (ember is CPU-only).

        Args:
            size (int...): a sequence of integers defining the shape of the output tensor, or a single list,
                tuple or ``ember.Size``.

        Keyword args:
            dtype (ember.dtype, optional): the desired data type. Default: ``self.dtype``.
            device (optional): accepted for compatibility and ignored.
            requires_grad (bool, optional): if autograd should record operations on the returned tensor.
                Default: ``False``.
        """
        return fn(*size, dtype=dtype or self.dtype, requires_grad=requires_grad, **kw)
    return method


new_zeros = _new_factory(zeros)
new_ones = _new_factory(ones)
new_empty = _new_factory(empty)


def new_full(self: Tensor, size, fill_value, *, dtype=None, requires_grad: bool = False, **kw) -> Tensor:
    """A tensor of ``size`` filled with ``fill_value``, with this tensor's dtype unless ``dtype`` is given."""
    return full(size, fill_value, dtype=dtype or self.dtype, requires_grad=requires_grad)


def new_tensor(self: Tensor, data, *, dtype=None, requires_grad: bool = False, **kw) -> Tensor:
    """A new tensor from ``data`` (copied), with this tensor's dtype unless ``dtype`` is given."""
    return tensor(data, dtype=dtype or self.dtype, requires_grad=requires_grad)
