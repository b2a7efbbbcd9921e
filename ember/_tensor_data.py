"""``tensor``, ``as_tensor``, ``from_numpy``: torch's reading of Python data and NumPy arrays
(``tensor_new.cpp``), with a NumPy fast path for what NumPy reads exactly as torch does."""
from __future__ import annotations

import operator
import warnings

import numpy as np

from . import _dtype
from ._dtype import dtype as _dtype_cls, get_default_dtype
from ._grad_mode import STATE as _STATE
from ._tensor import Tensor, check_device as _check_device, device as _device, make

__all__ = ["tensor", "as_tensor", "from_numpy"]


def _finish(data: np.ndarray, requires_grad: bool) -> Tensor:
    t = make(data)
    if _STATE.inference:
        t._inference = True
    if requires_grad:
        if data.dtype.kind not in "fc":
            raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
        t._requires_grad = True
    return t


# ----------------------------------------------------------------------------------------------
# torch.tensor(data): torch's reading of Python data (tensor_new.cpp), and a NumPy fast path for
# what NumPy reads exactly as torch does
_HEAPTYPE = 1 << 9


_I64_MIN, _I64_MAX = -(1 << 63), (1 << 63) - 1


_PY_NUMBERS = frozenset((int, float, bool, complex))


_PY_LISTS = frozenset((list, tuple))


_MAX_DIMS = 128


_F32_MAX = float(np.finfo(np.float32).max)


_TORCH_NUMPY_TYPES = ("float64, float32, float16, complex64, complex128, int64, int32, int16, int8, uint64, uint32, "
                      "uint16, uint8, and bool")


_warned_ndarray_list = []


def _tp_name(x) -> str:
    """A value's type as torch's messages name it (CPython's tp_name: ``float``, ``numpy.ndarray``)."""
    t = type(x)
    if t.__module__ == "builtins" or t.__flags__ & _HEAPTYPE:
        return t.__name__
    return f"{t.__module__}.{t.__name__}"


def _dtype_error(dtype, fname: str) -> TypeError:
    return TypeError(f"{fname}(): argument 'dtype' must be torch.dtype, not {_tp_name(dtype)}")


def check_device(dev) -> None:
    """A factory's ``device=``: the CPU, or torch's error for a device this build lacks (an
    ``AssertionError`` for CUDA and XPU, as a torch built without them raises)."""
    if dev is None:
        return
    d = dev if isinstance(dev, _device) else _device(dev)
    if d.type in ("cuda", "xpu"):
        raise AssertionError(f"Torch not compiled with {d.type.upper()} enabled")
    _check_device(d)


# the Python types torch's parser takes as a dtype (python_arg_parser's THPDtype from a type)
_PY_DTYPES = {float: _dtype.float64, int: _dtype.int64, bool: _dtype.bool, complex: _dtype.complex128}


def dtype_arg(dtype, fname: str) -> _dtype_cls | None:
    """A ``dtype=`` argument as torch reads it: an ember dtype, ``None``, or one of the Python types
    ``float``, ``int``, ``bool``, ``complex`` (float64, int64, bool, complex128); anything else gets
    torch's ``TypeError`` naming ``fname``."""
    if dtype is None or type(dtype) is _dtype_cls:
        return dtype
    d = _PY_DTYPES.get(dtype) if type(dtype) is type else None
    if d is None:
        if isinstance(dtype, _dtype_cls):
            return dtype
        raise _dtype_error(dtype, fname)
    return d


def _numpy_dtype(np_dtype: np.dtype) -> _dtype_cls:
    """The ember dtype of a NumPy dtype; torch's TypeError for the ones torch cannot take either."""
    d = _dtype._BY_CHAR.get(np_dtype.char)
    if d is None or not np_dtype.isnative:
        if np_dtype.kind in "biufc" and not np_dtype.isnative:
            raise ValueError("given numpy array has byte order different from the native byte order. Conversion "
                             "between byte orders is currently not supported.")
        t = np_dtype.type
        name = f"{t.__module__}.{t.__name__}"
        raise TypeError(f"can't convert np.ndarray of type {name}. The only supported types are: "
                        f"{_TORCH_NUMPY_TYPES}.")
    return d


def _check_numpy(a: np.ndarray) -> _dtype_cls:
    """torch's checks on an array it reads (tensor_from_numpy): dtype, byte order, negative strides."""
    d = _numpy_dtype(a.dtype)
    if not a.flags.c_contiguous:
        for s in a.strides:
            if s < 0:
                raise ValueError("At least one stride in the given numpy array is negative, and tensors with "
                                 "negative strides are not currently supported. (You can probably work around this "
                                 "by making a copy of your array  with array.copy().) ")
    return d


def _plain(seq) -> bool:
    """A (nested) list or tuple of Python numbers only: NumPy reads it as torch does."""
    types = set(map(type, seq))
    if types <= _PY_NUMBERS:
        return True
    return types <= _PY_LISTS and all(_plain(x) for x in seq)


def _natural(data, d: _dtype_cls | None) -> np.ndarray | None:
    """Plain data read by NumPy: in torch's inferred dtype, or (given a dtype ``d``) in the precision
    it was written in, to be cast to ``d`` as torch stores it; None where torch's own reading must
    decide (ragged lists, ints beyond int64)."""
    try:
        arr = np.array(data)
    except (ValueError, OverflowError):
        return None
    k = arr.dtype.kind
    if d is not None:
        return arr if k in "fibc" else None
    if k == "f":
        d = get_default_dtype().np
        if d != arr.dtype:
            with np.errstate(over="ignore"):
                arr = arr.astype(d)
        return arr
    if k == "i" or k == "b":
        return arr
    if k == "c":
        return arr.astype(np.complex128 if get_default_dtype() is _dtype.float64 else np.complex64)
    return None


def _checked_cast(arr: np.ndarray, d: _dtype_cls) -> np.ndarray | None:
    """``arr`` (read from Python numbers) stored as ``d``, with torch's overflow checks; None where
    torch's own reading must raise (complex into a real dtype)."""
    npd = d.np
    if arr.dtype == npd:
        return arr
    k, tk = arr.dtype.kind, npd.kind
    if tk in "iu":
        if k == "c":
            return None
        if arr.size and k != "b":
            info = np.iinfo(npd)
            lo = -info.max if tk == "u" and k != "f" else info.min   # negative ints wrap into unsigned types
            if not (lo <= arr.min() and arr.max() <= info.max):        # (NaN fails both)
                raise RuntimeError(f"value cannot be converted to type {d.name} without overflow")
        with np.errstate(invalid="ignore"):
            return arr.astype(npd)
    if k == "c" and tk != "c" and tk != "b":
        return None
    with np.errstate(over="ignore"):
        return arr.astype(npd)


def _is_sequence(x) -> bool:
    """CPython's PySequence_Check as torch meets it (a Tensor or NumPy scalar is not a sequence)."""
    if isinstance(x, (list, tuple, np.ndarray, str, bytes)):
        return True
    if isinstance(x, (Tensor, dict, np.generic)):
        return False
    return hasattr(type(x), "__getitem__")


def _compute_sizes(data) -> list:
    sizes = []
    seq = data
    while _is_sequence(seq):
        n = len(seq)
        sizes.append(n)
        if len(sizes) > _MAX_DIMS:
            raise ValueError(f"too many dimensions '{_tp_name(seq)}'")
        if n == 0:
            break
        seq = seq[0]
    return sizes


def _infer_scalar_type(obj) -> _dtype_cls:
    """torch's infer_scalar_type: the dtype ``tensor(obj)`` gets (promoting over sequences)."""
    if isinstance(obj, (np.ndarray, np.generic)) and not isinstance(obj, (str, bytes)):
        return _numpy_dtype(obj.dtype)
    if isinstance(obj, float):
        return get_default_dtype()
    if isinstance(obj, bool):
        return _dtype.bool
    if isinstance(obj, int):
        return _dtype.int64
    if isinstance(obj, complex):
        return _dtype.complex128 if get_default_dtype() is _dtype.float64 else _dtype.complex64
    if isinstance(obj, Tensor):
        return obj.dtype
    if isinstance(obj, (str, bytes)):
        raise TypeError(f"new(): invalid data type '{_tp_name(obj)}'")
    if _is_sequence(obj):
        n = len(obj)
        if n == 0:
            return get_default_dtype()
        st = None
        for i in range(n):
            item = obj[i]
            if item is obj:
                raise TypeError("new(): self-referential lists are incompatible")
            it = _infer_scalar_type(item)
            st = it if st is None else _dtype.PROMOTE[st, it]
            if st is _dtype.complex128:
                return st
        return st
    raise RuntimeError(f"Could not infer dtype of {_tp_name(obj)}")


def _one_element(t: Tensor):
    if t._data.size != 1:
        raise ValueError("only one element tensors can be converted to Python scalars")
    return t


def _as_double(obj) -> float:
    """CPython's PyFloat_AsDouble, as torch stores into a floating tensor."""
    if isinstance(obj, float):
        return float(obj)
    if isinstance(obj, Tensor):
        obj = _one_element(obj)
    t = type(obj)
    f = getattr(t, "__float__", None)
    if f is not None:
        return float(f(obj))
    i = getattr(t, "__index__", None)
    if i is not None:
        return float(i(obj))
    raise TypeError(f"must be real number, not {_tp_name(obj)}")


def _as_long(obj, d: _dtype_cls) -> int:
    """torch's unpackIntegral: a float is converted (with the overflow check), anything else must
    be an index that fits in int64, then in ``d`` (negative values wrap into unsigned types).
    uint64 elements are read as unsigned ints (THPUtils_unpackUInt64): an int, never negative."""
    if d is _dtype.uint64:
        if isinstance(obj, float):
            raise TypeError("an integer is required")
        v = obj.__index__() if isinstance(obj, Tensor) else operator.index(obj)
        if v < 0:
            raise OverflowError("can't convert negative int to unsigned")
        if v >> 64:
            raise OverflowError("int too big to convert")
        return v
    if isinstance(obj, float):
        v = float(obj)
        info = np.iinfo(d.np)
        if not (info.min <= v <= info.max):
            raise RuntimeError(f"value cannot be converted to type {d.name} without overflow")
        return int(v)
    v = obj.__index__() if isinstance(obj, Tensor) else operator.index(obj)
    if not _I64_MIN <= v <= _I64_MAX:
        raise ValueError("Overflow when unpacking long long")
    info = np.iinfo(d.np)
    lo = -info.max if info.min == 0 else info.min
    if not lo <= v <= info.max:
        raise RuntimeError(f"value cannot be converted to type {d.name} without overflow")
    return v % (info.max + 1) if v < 0 and info.min == 0 else v


def _as_bool(obj) -> bool:
    if isinstance(obj, (float, complex, np.generic)):
        return bool(obj)
    if isinstance(obj, Tensor):
        return bool(_one_element(obj))
    return bool(operator.index(obj))


def _as_complex(obj) -> complex:
    if isinstance(obj, complex):
        return complex(obj)
    if isinstance(obj, Tensor):
        obj = _one_element(obj)
    c = getattr(type(obj), "__complex__", None)
    return complex(c(obj)) if c is not None else complex(_as_double(obj))


def _store(obj, sizes: list, dim: int, conv, out: list) -> None:
    if dim == len(sizes):
        out.append(conv(obj))
        return
    n = sizes[dim]
    if isinstance(obj, (list, tuple)):
        items = obj
    else:
        try:
            items = list(obj)
        except TypeError:
            raise TypeError("not a sequence") from None
    if len(items) != n:
        raise ValueError(f"expected sequence of length {n} at dim {dim} (got {len(items)})")
    for item in items:
        if isinstance(item, np.ndarray) and not _warned_ndarray_list:
            _warned_ndarray_list.append(True)
            warnings.warn("Creating a tensor from a list of numpy.ndarrays is extremely slow. Please consider "
                          "converting the list to a single numpy.ndarray with numpy.array() before converting to a "
                          "tensor.", UserWarning, stacklevel=4)
        _store(item, sizes, dim + 1, conv, out)


def _from_python(data, d: _dtype_cls | None) -> np.ndarray:
    """torch's internal_new_from_data for Python data (anything but a Tensor or an ndarray)."""
    sizes = _compute_sizes(data)
    if d is None:
        d = _infer_scalar_type(data)
    numel = 1
    for s in sizes:
        numel *= s
    if numel == 0:
        return np.zeros(sizes, dtype=d.np)
    k = d.np.kind
    if k in "iu":
        def conv(x):
            return _as_long(x, d)
    elif k == "b":
        conv = _as_bool
    elif k == "c":
        conv = _as_complex
    else:
        conv = _as_double
    out: list = []
    _store(data, sizes, 0, conv, out)
    with np.errstate(over="ignore"):
        return np.array(out, dtype=d.np).reshape(sizes)


def tensor(data, dtype: _dtype_cls | None = None, device=None, requires_grad: bool = False,
           pin_memory: bool = False) -> Tensor:
    """Construct a tensor with no autograd history by copying ``data``.

    Unless ``dtype`` is given, the dtype is inferred as torch does: Python floats give the default float
    dtype (``float32`` unless changed with :func:`ember.set_default_dtype`), Python ints ``int64``, bools
    ``bool`` and complex numbers ``complex64``; NumPy arrays and NumPy scalars keep their own dtype. Nested
    sequences must be rectangular; a tensor inside one is read as a number (it must have one element), as in
    torch. Passing a Tensor copies it, with torch's ``UserWarning`` recommending ``sourceTensor.detach().clone()``
    instead.

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
    dtype = dtype_arg(dtype, "tensor")
    if isinstance(data, Tensor):
        warnings.warn("To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() or "
                      "sourceTensor.detach().clone().requires_grad_(True), rather than torch.tensor(sourceTensor).",
                      UserWarning, stacklevel=2)
        arr = np.array(data._data, dtype=None if dtype is None else dtype.np)   # keeps its layout, as torch
        return _finish(arr, requires_grad)
    if isinstance(data, np.ndarray):
        _check_numpy(data)
        if dtype is None:
            return _finish(np.array(data), requires_grad)          # keeps its layout, as torch
        with np.errstate(invalid="ignore", over="ignore"):
            return _finish(np.array(data, dtype=dtype.np), requires_grad)
    td = type(data)
    if td is float and dtype is None and -_F32_MAX <= data <= _F32_MAX:     # the commonest scalar
        return _finish(np.array(data, dtype=get_default_dtype().np), requires_grad)
    if dtype is _dtype.uint64:      # read as unsigned ints, torch's way (the fast paths read int64)
        arr = None
    elif td is list or td is tuple:
        arr = _natural(data, dtype) if _plain(data) else None
        if arr is not None and dtype is not None:
            arr = _checked_cast(arr, dtype)
    elif td is float or td is int or td is bool or td is complex:
        arr = None if td is int and not _I64_MIN <= data <= _I64_MAX else _natural(data, dtype)
        if arr is not None and dtype is not None:
            arr = _checked_cast(arr, dtype)
    else:
        if isinstance(data, (str, bytes)):
            raise TypeError(f"new(): invalid data type '{_tp_name(data)}'")
        arr = None
    if arr is None:     # torch's own reading: its dtype inference, checks and messages
        arr = _from_python(data, dtype)
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
    dtype = dtype_arg(dtype, "as_tensor")
    if isinstance(data, Tensor):
        return data if dtype is None or dtype is data.dtype else data.to(dtype)
    if isinstance(data, np.ndarray) and (dtype is None or dtype.np == data.dtype):
        _check_numpy(data)
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
    _check_numpy(array)
    return make(array)
