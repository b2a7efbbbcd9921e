"""Tensor creation: zeros, ones, full, empty, scalar_tensor, arange, linspace, eye, the ``*_like``
family and the ``new_*`` methods. The rest of creation lives beside it: reading data
(``_tensor_data``: tensor, as_tensor, from_numpy), the factories' arguments (``_factory_args``),
layouts (``_layout``) and random tensors (``_random_factories``); their public names are
re-exported here, the one import for the layers above."""
from __future__ import annotations

import sys
from typing import Callable

import numpy as np

from . import _dtype
from ._dtype import get_default_dtype
from ._factory_args import (FACTORY_KW, _alloc_failed, _check_dims, _fill, _is_index, _no_match, _np_dtype,
                            check_device, dtype_arg, dtype_of, int_list, int_list_arg, is_number_arg, number_arg,
                            size_kw, tensor_arg)
from ._layout import empty_preserving, empty_strided, iter_layout
from ._ranges import logspace, tril_indices, triu_indices
from ._random_factories import rand, rand_like, randint, randint_like, randn, randn_like, randperm
from ._tensor import Tensor
from ._tensor_data import _I64_MAX, _finish, _tp_name, as_tensor, from_numpy, tensor

__all__ = ["tensor", "as_tensor", "from_numpy", "zeros", "ones", "full", "empty", "arange", "linspace", "logspace",
           "eye", "tril_indices", "triu_indices",
           "zeros_like", "ones_like", "full_like", "empty_like", "rand", "randn", "randint", "rand_like",
           "randn_like", "randint_like", "randperm", "scalar_tensor", "int_list", "int_list_arg",
           "empty_preserving", "empty_strided", "iter_layout"]


def zeros(*size, dtype=None, device=None, requires_grad: bool = False, out=None, layout=None,
          pin_memory: bool = False, **kw) -> Tensor:
    """Return a tensor filled with the scalar value ``0``, with the shape given by ``size``.

    Args:
        size (int...): a sequence of integers defining the shape of the output tensor, or a single list,
            tuple or ``ember.Size`` (also as the keyword ``size=``).

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: the default float dtype
                (see :func:`ember.set_default_dtype`).
        device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
        out (Tensor, optional): the output tensor: resized to ``size``, filled, returned (its dtype is the
            result's; see ``ember/ops/_out.py``). Default: ``None``.

    Example::

        >>> torch.zeros(2, 3)
        tensor([[0., 0., 0.],
                [0., 0., 0.]])
        >>> torch.zeros((2, 3), dtype=torch.int32)
        tensor([[0, 0, 0],
                [0, 0, 0]], dtype=torch.int32)
    """
    check_device(device)
    shape, npd = size_kw(size, kw, "zeros"), _np_dtype(dtype, fname="zeros")
    try:
        data = np.zeros(shape, dtype=npd)
    except (ValueError, MemoryError):
        data = _alloc_failed(shape, npd)
    return _finish(data, requires_grad)


def ones(*size, dtype=None, device=None, requires_grad: bool = False, out=None, layout=None,
          pin_memory: bool = False, **kw) -> Tensor:
    """Return a tensor filled with the scalar value ``1``, with the shape given by ``size``.

    Args:
        size (int...): a sequence of integers defining the shape of the output tensor, or a single list,
            tuple or ``ember.Size`` (also as the keyword ``size=``).

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: the default float dtype
                (see :func:`ember.set_default_dtype`).
        device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
        out (Tensor, optional): the output tensor: resized to ``size``, filled, returned (its dtype is the
            result's; see ``ember/ops/_out.py``). Default: ``None``.
    """
    check_device(device)
    shape, npd = size_kw(size, kw, "ones"), _np_dtype(dtype, fname="ones")
    try:
        data = np.ones(shape, dtype=npd)
    except (ValueError, MemoryError):
        data = _alloc_failed(shape, npd)
    return _finish(data, requires_grad)


def empty(*size, dtype=None, device=None, requires_grad: bool = False, memory_format=None, out=None, layout=None,
          pin_memory: bool = False, **kw) -> Tensor:
    """Return an "uninitialized" tensor with the shape given by ``size``.

    Unlike torch, ember fills it with zeros, so results that read it are reproducible.

    Args:
        size (int...): a sequence of integers defining the shape of the output tensor, or a single list,
            tuple or ``ember.Size`` (also as the keyword ``size=``).

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: the default float dtype
                (see :func:`ember.set_default_dtype`).
        device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
        memory_format (optional): accepted for compatibility and ignored.
    """
    check_device(device)
    shape, npd = size_kw(size, kw, "empty"), _np_dtype(dtype, fname="empty")
    try:
        data = np.zeros(shape, dtype=npd)
    except (ValueError, MemoryError):
        data = _alloc_failed(shape, npd)
    return _finish(data, requires_grad)


def full(size, fill_value, *, dtype=None, device=None, requires_grad: bool = False, out=None, layout=None,
         pin_memory: bool = False) -> Tensor:
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
    number_arg("full", "fill_value", 2, fill_value)
    check_device(device)
    dtype = dtype_arg(dtype, "full")
    if dtype is None:
        dtype = _dtype.scalar_dtype(fill_value)
    fill_value = _fill(fill_value, dtype.np)
    shape = size if type(size) is tuple and all(type(s) is int for s in size) else int_list_arg("full", "size", size, 1)
    _check_dims(shape, "full")
    try:
        data = np.full(shape, fill_value, dtype=dtype.np)
    except MemoryError:
        data = _alloc_failed(shape, dtype.np)
    except ValueError:
        n = 1
        for k in shape:
            n *= k
        if n and n * dtype.itemsize <= _I64_MAX:
            raise       # not a size NumPy refused: the fill value
        data = _alloc_failed(shape, dtype.np)
    return _finish(data, requires_grad)


def scalar_tensor(value, *, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """Return a 0-dimensional tensor holding ``value``.

    Args:
        value (Number): the value of the tensor.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: the default float dtype
                (see :func:`ember.set_default_dtype`).
        device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
    """
    number_arg("scalar_tensor", "s", 1, value)
    check_device(device)
    return _finish(np.asarray(value, dtype=_np_dtype(dtype, fname="scalar_tensor")), requires_grad)


def _like(t: Tensor, dtype, value, fill=None):
    """A new array shaped as ``t``, in its layout (torch's preserve_format), filled with ``value``
    (by ``fill``, np.zeros or np.ones, when ``t`` is contiguous)."""
    a = t._data
    npd = a.dtype if dtype is None else dtype_arg(dtype, sys._getframe(1).f_code.co_name).np
    if a.flags.c_contiguous:
        return fill(a.shape, dtype=npd) if fill is not None else np.full(a.shape, value, dtype=npd)
    out = empty_preserving(a, npd)
    out[...] = value
    return out


def zeros_like(input: Tensor, *, dtype=None, device=None, requires_grad: bool = False, memory_format=None) -> Tensor:  # noqa: A002
    """Return a tensor filled with ``0``, with the same size (and, by default, dtype) as ``input``.

    Args:
        input (Tensor): the size of ``input`` determines the size of the output tensor.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: ``input.dtype``.
        device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
        memory_format (optional): accepted for compatibility and ignored.
    """
    tensor_arg("zeros_like", input)
    check_device(device)
    return _finish(_like(input, dtype, 0, np.zeros), requires_grad)


def ones_like(input: Tensor, *, dtype=None, device=None, requires_grad: bool = False, memory_format=None) -> Tensor:  # noqa: A002
    """Return a tensor filled with ``1``, with the same size (and, by default, dtype) as ``input``.

    Args:
        input (Tensor): the size of ``input`` determines the size of the output tensor.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: ``input.dtype``.
        device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
        memory_format (optional): accepted for compatibility and ignored.
    """
    tensor_arg("ones_like", input)
    check_device(device)
    return _finish(_like(input, dtype, 1, np.ones), requires_grad)


def empty_like(input: Tensor, *, dtype=None, device=None, requires_grad: bool = False, memory_format=None) -> Tensor:  # noqa: A002
    """Return an "uninitialized" tensor with the same size (and, by default, dtype) as ``input``.

    Ember fills it with zeros, like :func:`empty`.

    Args:
        input (Tensor): the size of ``input`` determines the size of the output tensor.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: ``input.dtype``.
        device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
        memory_format (optional): accepted for compatibility and ignored.
    """
    tensor_arg("empty_like", input)
    check_device(device)
    return zeros_like(input, dtype=dtype_arg(dtype, "empty_like"), requires_grad=requires_grad)


def full_like(input: Tensor, fill_value, *, dtype=None, device=None, requires_grad: bool = False,  # noqa: A002
              memory_format=None) -> Tensor:
    """Return a tensor filled with ``fill_value``, with the same size (and, by default, dtype) as ``input``.

    Args:
        input (Tensor): the size of ``input`` determines the size of the output tensor.
        fill_value (Number): the value to fill the output tensor with.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: ``input.dtype``.
        device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
        memory_format (optional): accepted for compatibility and ignored.
    """
    tensor_arg("full_like", input)
    check_device(device)
    dtype = dtype_arg(dtype, "full_like")
    fill_value = _fill(fill_value, input._data.dtype if dtype is None else dtype.np)
    return _finish(_like(input, dtype, fill_value), requires_grad)


_ARANGE = (f"Number end, *, Tensor out = None, {FACTORY_KW}", f"Number start, Number end, *, {FACTORY_KW}",
           f"Number start, Number end, Number step = 1, *, Tensor out = None, {FACTORY_KW}")
_LINSPACE = tuple(f"{a} start, {b} end, int steps, *, Tensor out = None, {FACTORY_KW}"
                  for a, b in (("Tensor", "Tensor"), ("Number", "Tensor"), ("Tensor", "Number"), ("Number", "Number")))


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
    given = (start,) if end is None else (start, end) if step == 1 else (start, end, step)
    if end is None:
        number_arg("arange", "end", 1, start)
        start, end = 0, start
    elif not (is_number_arg(start) and is_number_arg(end) and is_number_arg(step)):
        raise _no_match("arange", (start, end) if step == 1 else (start, end, step), _ARANGE)
    vals = [v.item() if isinstance(v, Tensor) else v for v in (start, end, step)]
    dtype = dtype_of(dtype, "arange", given, _ARANGE)
    if dtype is None:
        dtype = _dtype.int64 if all(isinstance(v, (int, np.integer)) for v in vals) else get_default_dtype()
    if dtype is _dtype.bool or dtype.is_complex:
        raise NotImplementedError(f"\"arange_cpu\" not implemented for '{dtype._legacy[:-6]}'")
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if not (np.isfinite(vals[0]) and np.isfinite(vals[1])):
        raise RuntimeError(f"unsupported range: {_scalar_str(vals[0])} -> {_scalar_str(vals[1])}")
    if not ((vals[2] > 0 and vals[1] >= vals[0]) or (vals[2] < 0 and vals[1] <= vals[0])):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    n = int(np.ceil((vals[1] - vals[0]) / vals[2]))
    if not dtype.is_floating_point:
        # torch's integral kernel: start, end and step truncated to int64 first; int64's length from
        # the truncated values, the other types' from the given ones
        start_i, end_i, step_i = (int(v) for v in vals)
        if step_i == 0:
            raise ValueError("step must be nonzero")
        if dtype is _dtype.int64:
            n = -((start_i - end_i) // step_i)          # ceil((end - start) / step), exactly
    if n * dtype.itemsize > _I64_MAX or n > (1 << 40):
        _alloc_failed((n,), dtype.np)
    # computed in double, like torch, then cast
    data = (vals[0] + vals[2] * np.arange(max(n, 0), dtype=np.float64)).astype(dtype.np) \
        if dtype.is_floating_point else (start_i + step_i * np.arange(max(n, 0), dtype=np.int64)).astype(dtype.np)
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
    if not (is_number_arg(start) and is_number_arg(end) and (type(steps) is int or _is_index(steps))):
        raise _no_match("linspace", (start, end, steps), _LINSPACE)
    dt = _np_dtype(dtype_of(dtype, "linspace", (start, end, steps), _LINSPACE), fname="linspace")
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    if dt.kind == "b" and steps > 1:    # (torch's kernel runs for two steps or more only)
        raise NotImplementedError("\"linspace_cpu\" not implemented for 'Bool'")
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
    if type(n) is not int and not _is_index(n):
        if m is None:
            raise TypeError(f"eye(): argument 'n' (position 1) must be int, not {_tp_name(n)}")
        raise _eye_no_match(n, m)
    if m is not None and type(m) is not int and not _is_index(m):
        raise _eye_no_match(n, m)
    if n < 0:
        raise RuntimeError(f"n must be greater or equal to 0, got {n}")
    if m is not None and m < 0:
        raise RuntimeError(f"m must be greater or equal to 0, got {m}")
    dt = _np_dtype(dtype_of(dtype, "eye", (n,) if m is None else (n, m), _EYE), fname="eye")
    return _finish(np.eye(n, m if m is not None else n, dtype=dt), requires_grad)


_EYE_KW = ("*, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, "
           "bool pin_memory = False, bool requires_grad = False")


_EYE = (f"int n, {_EYE_KW}", f"int n, int m, {_EYE_KW}")


def _eye_no_match(n, m) -> TypeError:
    return TypeError(f"eye() received an invalid combination of arguments - got ({_tp_name(n)}, {_tp_name(m)}), but "
                     f"expected one of:\n * (int n, {_EYE_KW})\n * (int n, int m, {_EYE_KW})\n")


def _scalar_str(v) -> str:
    """A number as torch prints a Scalar in messages (``0``, ``0.5``, ``inf``)."""
    return format(float(v), "g") if isinstance(v, float) else str(v)


def _new_factory(fn: Callable[..., Tensor], name: str) -> Callable[..., Tensor]:
    def method(self: Tensor, *size, dtype=None, device=None, requires_grad: bool = False, layout=None,
               pin_memory: bool = False, **kw) -> Tensor:
        """Return a new tensor of shape ``size`` from the matching factory (:func:`zeros`, :func:`ones`, :func:`empty`).

        The new tensor has this tensor's dtype unless ``dtype`` is given.

        Args:
            size (int...): a sequence of integers defining the shape of the output tensor, or a single list,
                tuple or ``ember.Size`` (also as the keyword ``size=``).

        Keyword args:
            dtype (ember.dtype, optional): the desired data type. Default: ``self.dtype``.
            device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.
            requires_grad (bool, optional): if autograd should record operations on the returned tensor.
                Default: ``False``.
        """
        dtype = dtype_arg(dtype, name)
        return fn(size_kw(size, kw, name), dtype=dtype or self.dtype, device=device, requires_grad=requires_grad)
    method.__name__ = method.__qualname__ = name
    return method


new_zeros = _new_factory(zeros, "new_zeros")


new_ones = _new_factory(ones, "new_ones")


new_empty = _new_factory(empty, "new_empty")


def new_full(self: Tensor, size, fill_value, *, dtype=None, device=None, requires_grad: bool = False, layout=None,
             pin_memory: bool = False) -> Tensor:
    """Return a tensor of ``size`` filled with ``fill_value``, with this tensor's dtype unless ``dtype`` is given.

    Args:
        size (list, tuple or ember.Size): the shape of the output tensor.
        fill_value (Number): the value to fill the output tensor with.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: ``self.dtype``.
        device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
    """
    dtype = dtype_arg(dtype, "new_full")
    number_arg("new_full", "fill_value", 2, fill_value)
    size = int_list_arg("new_full", "size", size, 1)
    _check_dims(size, "new_full")
    return full(size, fill_value, dtype=dtype or self.dtype, device=device, requires_grad=requires_grad)


def new_tensor(self: Tensor, data, *, dtype=None, device=None, requires_grad: bool = False, layout=None,
               pin_memory: bool = False) -> Tensor:
    """Return a new tensor copying ``data``, with this tensor's dtype unless ``dtype`` is given.

    Args:
        data (array_like): the data: a number, a (nested) list or tuple, a NumPy array or a Tensor.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: ``self.dtype``.
        device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
    """
    dtype = dtype_arg(dtype, "new_tensor")
    return tensor(data, dtype=dtype or self.dtype, device=device, requires_grad=requires_grad)
