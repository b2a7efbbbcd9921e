"""Tensor creation: tensor, as_tensor, from_numpy, zeros, ones, full, empty, arange, linspace,
eye, the ``*_like`` family and random tensors."""
from __future__ import annotations

import operator
import sys
import warnings
from typing import Callable

import numpy as np

from . import _dtype
from ._dtype import dtype as _dtype_cls, get_default_dtype
from ._tensor import Size, Tensor, make, check_device
from . import _distributions as _dist, _random_ops as _rops
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


def _numpy_dtype(np_dtype: np.dtype) -> _dtype_cls:
    """The ember dtype of a NumPy dtype; torch's TypeError for the ones torch cannot take either."""
    d = _dtype._BY_CHAR.get(np_dtype.char)
    if d is None or not np_dtype.isnative:
        if np_dtype.kind in "biufc" and not np_dtype.isnative:
            raise ValueError("given numpy array has byte order different from the native byte order. Conversion "
                             "between byte orders is currently not supported.")
        t = np_dtype.type
        name = f"{t.__module__}.{t.__name__}"
        if np_dtype.kind == "u" and np_dtype.itemsize > 1:
            # uint16/32/64 are torch dtypes that ember does not have yet (ember/_dtype.py)
            raise TypeError(f"can't convert np.ndarray of type {name}: ember does not support this dtype yet "
                            "(torch converts it)")
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
    be an index that fits in int64, then in ``d`` (negative values wrap into unsigned types)."""
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
    if td is list or td is tuple:
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


# ----------------------------------------------------------------------------------------------
# torch's argument parser for a list-of-ints parameter (a size, a shape, dims), with its errors
def _is_index(x) -> bool:
    """What torch takes as one int of an int list: an int (not a bool), a NumPy integer, a
    one-element integer tensor, or anything with ``__index__``."""
    if type(x) is int:
        return True
    if isinstance(x, (bool, np.bool_)):
        return False
    if isinstance(x, Tensor):
        return x._data.size == 1 and x._data.dtype.kind in "biu"
    if isinstance(x, np.integer):
        return True
    try:
        operator.index(x)
    except TypeError:
        return False
    return True


def _unpack_int(x, fname: str, pname: str, i: int) -> int:
    if type(x) is int:
        v = x
    else:
        if isinstance(x, Tensor) and not _is_index(x):
            v = None
        else:
            try:
                v = operator.index(x)
            except TypeError:
                v = None
        if v is None:
            raise TypeError(f"{fname}(): argument '{pname}' failed to unpack the object at pos {i + 1} with error "
                            f"\"type must be tuple of ints,but got {_tp_name(x)}\"")
    if not _I64_MIN <= v <= _I64_MAX:
        raise TypeError(f"{fname}(): argument '{pname}' failed to unpack the object at pos {i + 1} with error "
                        "\"Overflow when unpacking long long\"")
    return v


def _describe(x) -> str:
    # how torch's "invalid combination of arguments" message shows a value's type
    if type(x) is list:
        return f"list of [{', '.join(_tp_name(e) for e in x)}]"
    if type(x) is tuple:
        return f"tuple of ({', '.join(_tp_name(e) for e in x)}{',' if len(x) == 1 else ''})"
    return _tp_name(x)


def _no_match(fname: str, args: tuple, overloads: tuple) -> TypeError:
    lines = [f"{fname}() received an invalid combination of arguments - got "
             f"({', '.join(_tp_name(a) for a in args)}), but expected one of:"]
    for sig in overloads:
        lines.append(f" * ({sig})")
        if len(args) == 1:
            lines.append("      didn't match because some of the arguments have invalid types: "
                         f"(!{_describe(args[0])}!)")
    return TypeError("\n".join(lines) + "\n")


def int_list(fname: str, pname: str, args: tuple, pos: int = 1, overloads: tuple = ()) -> tuple:
    """A list-of-ints parameter given as ``*args`` (``view(2, 3)``, ``view((2, 3))``, ``zeros([2])``),
    read as torch's argument parser reads it, with its ``TypeError`` for anything else. ``pos`` is
    the parameter's position in the signature (for "takes 1 positional argument but 2 were
    given"); ``overloads`` the signatures of a function that has several (``view``)."""
    n = len(args)
    if n == 1:
        a = args[0]
        ta = type(a)
        seq = a if ta is tuple or ta is list or ta is Size else args
    else:
        seq = args if n else None
    if seq is not None:
        for s in seq:
            if type(s) is not int or not _I64_MIN <= s <= _I64_MAX:
                break
        else:
            return tuple(seq)
    return _int_list_slow(fname, pname, args, pos, overloads)


def _int_list_slow(fname, pname, args, pos, overloads) -> tuple:
    n = len(args)
    if n == 0:
        if overloads:
            raise _no_match(fname, args, overloads)
        raise TypeError(f'{fname}() missing 1 required positional arguments: "{pname}"')
    first = args[0]
    if _is_index(first):          # the var-args form: view(2, 3)
        seq = args
    elif n > 1:
        if overloads:
            raise _no_match(fname, args, overloads)
        raise TypeError(f"{fname}() takes {pos} positional argument{'' if pos == 1 else 's'} but {n + pos - 1} "
                        "were given")
    else:
        return int_list_arg(fname, pname, first, pos, overloads, args)
    return tuple(_unpack_int(s, fname, pname, i) for i, s in enumerate(seq))


def int_list_arg(fname: str, pname: str, value, pos: int, overloads: tuple = (), args: tuple = ()) -> tuple:
    """One list-of-ints argument (``full(size, ...)``, ``unflatten(dim, sizes)``), as torch reads it."""
    if not isinstance(value, (tuple, list)):
        if overloads:
            raise _no_match(fname, args or (value,), overloads)
        raise TypeError(f"{fname}(): argument '{pname}' (position {pos}) must be tuple of ints, not {_tp_name(value)}")
    if value and not _is_index(value[0]):
        if overloads:
            raise _no_match(fname, args or (value,), overloads)
        raise TypeError(f"{fname}(): argument '{pname}' (position {pos}) must be tuple of ints, but found element "
                        f"of type {_tp_name(value[0])} at pos 0")
    return tuple(_unpack_int(s, fname, pname, i) for i, s in enumerate(value))


def _size(size, fname: str | None = None) -> tuple:
    """A factory's ``*size`` (``zeros(2, 3)``, ``zeros((2, 3))``) as a shape, with torch's errors; the
    messages name ``fname`` (by default the calling factory)."""
    n = len(size)
    if n == 1:
        s0 = size[0]
        t0 = type(s0)
        seq = s0 if t0 is tuple or t0 is list or t0 is Size else size
    else:
        seq = size if n else None
    if seq is not None:
        for s in seq:
            if type(s) is not int or s < 0 or s > _I64_MAX:
                break
        else:
            return tuple(seq)
    if fname is None:
        fname = sys._getframe(1).f_code.co_name
    shape = int_list(fname, "size", size)
    _check_dims(shape, fname)
    return shape


def _check_dims(shape: tuple, fname: str) -> None:
    for s in shape:
        if s < 0:
            if fname == "zeros":
                raise RuntimeError("zeros: Dimension size must be non-negative.")
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: {list(shape)}")


def _alloc_failed(shape: tuple, np_dtype) -> np.ndarray:
    """What a factory gives when NumPy could not allocate: an empty array with huge dims (NumPy refuses
    ``(2**60, 0)`` as too big, torch makes it), else torch's error for a tensor too big to allocate."""
    npd = np.dtype(np_dtype)
    n = 1
    for s in shape:
        n *= s
    if n == 0:
        return np.lib.stride_tricks.as_strided(np.zeros(1, dtype=npd), shape, (npd.itemsize,) * len(shape))
    nbytes = n * npd.itemsize
    if nbytes > _I64_MAX:
        raise RuntimeError(f"Storage size calculation overflowed with sizes={list(shape)}")
    raise RuntimeError("[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't allocate memory: "
                       f"you tried to allocate {nbytes} bytes. Error code 12 (Cannot allocate memory)")


def _np_dtype(dtype, default=None) -> np.dtype:
    if dtype is None:
        return (default or get_default_dtype()).np
    try:
        return dtype.np
    except AttributeError:
        raise _dtype_error(dtype, sys._getframe(1).f_code.co_name) from None


def _dtype_error(dtype, fname: str) -> TypeError:
    return TypeError(f"{fname}(): argument 'dtype' must be torch.dtype, not {_tp_name(dtype)}")


# the C names torch's "value cannot be converted to type ... without overflow" gives each dtype
_FLOAT_MAX = {c: float(np.finfo(c).max) for c in "efd"}
_C_TYPE = {"B": "uint8_t", "b": "int8_t", "h": "int16_t", "i": "int", "l": "int64_t", "q": "int64_t",
           "e": "c10::Half", "f": "float", "d": "double"}


def _fill(v, npd: np.dtype):
    """A fill value checked as torch converts it (:func:`_check_fill`), negative ints wrapped into unsigned
    types as torch stores them."""
    if isinstance(v, (Tensor, np.generic)):
        v = v.item()
    _check_fill(v, npd)
    if npd.kind == "u" and type(v) is int and v < 0:
        return v % (int(np.iinfo(npd).max) + 1)
    return v


def _check_fill(v, npd: np.dtype) -> None:
    """torch's conversion of a fill value (a Scalar) to the tensor's dtype: a value the dtype cannot
    hold is refused (an int or float out of range, NaN or inf into an integer, an imaginary part into
    a real dtype); negative ints wrap into unsigned types down to minus their maximum."""
    k = npd.kind
    if k == "b" or k == "c" or isinstance(v, (bool, np.bool_)):
        return
    if isinstance(v, int):
        if not -(1 << 63) <= v < (1 << 64):
            raise OverflowError("int too big to convert" if v > 0 else "can't convert negative int to unsigned")
    if isinstance(v, complex):
        if v.imag:
            raise RuntimeError(f"value cannot be converted to type {_C_TYPE.get(npd.char, npd.name)} without overflow")
        v = v.real
    if k in "iu":
        info = np.iinfo(npd)
        lo = -info.max if k == "u" and isinstance(v, int) else info.min
        ok = lo <= v <= info.max
    elif k == "f" and isinstance(v, (int, float)):
        fv = float(v)
        ok = fv != fv or abs(fv) == float("inf") or abs(fv) <= _FLOAT_MAX[npd.char]
    else:
        return
    if not ok:
        raise RuntimeError(f"value cannot be converted to type {_C_TYPE.get(npd.char, npd.name)} without overflow")


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
    shape, npd = _size(size), _np_dtype(dtype)
    try:
        data = np.zeros(shape, dtype=npd)
    except (ValueError, MemoryError):
        data = _alloc_failed(shape, npd)
    return _finish(data, requires_grad)


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
    shape, npd = _size(size), _np_dtype(dtype)
    try:
        data = np.ones(shape, dtype=npd)
    except (ValueError, MemoryError):
        data = _alloc_failed(shape, npd)
    return _finish(data, requires_grad)


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
    shape, npd = _size(size), _np_dtype(dtype)
    try:
        data = np.zeros(shape, dtype=npd)
    except (ValueError, MemoryError):
        data = _alloc_failed(shape, npd)
    return _finish(data, requires_grad)


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
    elif not isinstance(dtype, _dtype_cls):
        raise _dtype_error(dtype, "full")
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
        device (optional): accepted for compatibility and ignored.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
    """
    return _finish(np.asarray(value, dtype=_np_dtype(dtype)), requires_grad)


def _dense(shape: tuple, strides: list) -> bool:
    """torch's is_non_overlapping_and_dense (dims of size < 2 do not count)."""
    dims = sorted((i for i in range(len(shape)) if shape[i] >= 2), key=lambda i: strides[i])
    need = 1
    for i in dims:
        if strides[i] != need:
            return False
        need *= shape[i]
    return True


def _dense_strides(shape: tuple, strides: list) -> list:
    """torch's infer_dense_strides: dense strides that keep the order of ``strides`` (a stable
    insertion sort; stride-0 dims keep their place, equal strides put the smaller size inside)."""
    nd = len(shape)
    perm = list(range(nd - 1, -1, -1))
    for i in range(1, nd):
        d1 = i
        for j in range(1, i + 1):
            d0 = i - j
            a, b = perm[d0], perm[d1]
            sa, sb = strides[a], strides[b]
            if sa == 0 or sb == 0:
                cmp = 0
            elif sa != sb:
                cmp = -1 if sa < sb else 1
            else:
                cmp = 1 if shape[a] > shape[b] else 0
            if cmp > 0:
                perm[d0], perm[d1] = b, a
                d1 = d0
            elif cmp < 0:
                break
    out = [0] * nd
    cur = 1
    for i in perm:
        out[i] = cur
        if shape[i] > 1:
            cur *= shape[i]
    return out


def empty_preserving(a: np.ndarray, np_dtype=None) -> np.ndarray:
    """An uninitialised array shaped as ``a`` in torch's ``preserve_format`` layout (``empty_like``,
    ``clone``): ``a``'s own strides when it is dense and non-overlapping, else dense strides in
    ``a``'s order of dimensions."""
    npd = a.dtype if np_dtype is None else np.dtype(np_dtype)
    if a.flags.c_contiguous:
        return np.empty(a.shape, dtype=npd)
    shape, item = a.shape, a.itemsize
    strides = [s // item for s in a.strides]
    if any(s < 0 for s in strides):
        return np.empty(shape, dtype=npd)
    if not _dense(shape, strides):
        strides = _dense_strides(shape, strides)
    n = 1
    for k in shape:
        n *= k
    buf = np.empty(n, dtype=npd)
    return np.lib.stride_tricks.as_strided(buf, shape, tuple(s * npd.itemsize for s in strides))


def iter_layout(shape: tuple, operands) -> tuple | None:
    """The strides (in elements) torch's TensorIterator gives the result of an elementwise op on
    ``operands`` (NumPy arrays, in argument order) broadcast to ``shape``, or None when that is
    C-contiguous. Dims are ordered by the first operand whose strides tell them apart (a broadcast
    dim tells nothing; equal strides put the smaller dim inside), as its reorder_dimensions does;
    operands of one shape and one dense layout lend it theirs (its fast set-up)."""
    arrs = [o for o in operands if isinstance(o, np.ndarray) and o.ndim]
    if all(o.flags.c_contiguous for o in arrs):
        return None
    nd = len(shape)
    strides = []
    for o in arrs:
        lead = nd - o.ndim
        st = [0] * lead
        for k, (n, sz) in enumerate(zip(o.strides, o.shape)):
            st.append(0 if sz == 1 and shape[lead + k] != 1 else n // o.itemsize)
        strides.append(st)
    first = strides[0]
    if all(o.shape == shape for o in arrs) and all(st == first for st in strides) and _dense(shape, first):
        return tuple(first)
    perm = list(range(nd - 1, -1, -1))

    def should_swap(d0, d1):
        for st in strides:
            s0, s1 = st[d0], st[d1]
            if s0 == 0 or s1 == 0:
                continue
            if s0 != s1:
                return -1 if s0 < s1 else 1
            if shape[d0] > shape[d1]:
                return 1
        return 0

    for i in range(1, nd):
        d1 = i
        for d0 in range(i - 1, -1, -1):
            c = should_swap(perm[d0], perm[d1])
            if c > 0:
                perm[d0], perm[d1] = perm[d1], perm[d0]
                d1 = d0
            elif c < 0:
                break
    out = [0] * nd
    cur = 1
    for d in perm:
        out[d] = cur
        cur *= shape[d]
    return tuple(out)


def empty_strided(shape: tuple, strides: tuple | None, np_dtype) -> np.ndarray:
    """An uninitialised array of ``shape`` with ``strides`` (in elements; None: C-contiguous)."""
    if strides is None:
        return np.empty(shape, dtype=np_dtype)
    npd = np.dtype(np_dtype)
    n = 1
    for k in shape:
        n *= k
    return np.lib.stride_tricks.as_strided(np.empty(n, dtype=npd), shape, tuple(s * npd.itemsize for s in strides))


def _like(t: Tensor, dtype, value, fill=None):
    """A new array shaped as ``t``, in its layout (torch's preserve_format), filled with ``value``
    (by ``fill``, np.zeros or np.ones, when ``t`` is contiguous)."""
    a = t._data
    npd = a.dtype if dtype is None else dtype.np if isinstance(dtype, _dtype_cls) else None
    if npd is None:
        raise _dtype_error(dtype, sys._getframe(1).f_code.co_name)
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
        device (optional): accepted for compatibility and ignored.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
        memory_format (optional): accepted for compatibility and ignored.
    """
    return _finish(_like(input, dtype, 0, np.zeros), requires_grad)


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
    return _finish(_like(input, dtype, 1, np.ones), requires_grad)


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
    fill_value = _fill(fill_value, dtype.np if isinstance(dtype, _dtype_cls) else input._data.dtype)
    return _finish(_like(input, dtype, fill_value), requires_grad)


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
    if dtype is None:
        dtype = _dtype.int64 if all(isinstance(v, (int, np.integer)) for v in vals) else get_default_dtype()
    elif not isinstance(dtype, _dtype_cls):
        raise _dtype_error(dtype, "arange")
    if dtype is _dtype.bool:
        raise NotImplementedError("\"arange_cpu\" not implemented for 'Bool'")
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if not (np.isfinite(vals[0]) and np.isfinite(vals[1])):
        raise RuntimeError(f"unsupported range: {_scalar_str(vals[0])} -> {_scalar_str(vals[1])}")
    if not ((vals[2] > 0 and vals[1] >= vals[0]) or (vals[2] < 0 and vals[1] <= vals[0])):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    n = int(np.ceil((vals[1] - vals[0]) / vals[2]))
    if n * dtype.itemsize > _I64_MAX or n > (1 << 40):
        _alloc_failed((n,), dtype.np)
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
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
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
    return _finish(np.eye(n, m if m is not None else n, dtype=_np_dtype(dtype)), requires_grad)


_EYE_KW = ("*, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, "
           "bool pin_memory = False, bool requires_grad = False")


def _eye_no_match(n, m) -> TypeError:
    return TypeError(f"eye() received an invalid combination of arguments - got ({_tp_name(n)}, {_tp_name(m)}), but "
                     f"expected one of:\n * (int n, {_EYE_KW})\n * (int n, int m, {_EYE_KW})\n")


def _scalar_str(v) -> str:
    """A number as torch prints a Scalar in messages (``0``, ``0.5``, ``inf``)."""
    return format(float(v), "g") if isinstance(v, float) else str(v)


def rand(*size, generator=None, dtype=None, device=None, requires_grad: bool = False, out=None, layout=None,
         pin_memory: bool = False) -> Tensor:
    """Return a tensor of random numbers drawn uniformly from the interval ``[0, 1)``: torch's numbers for
    the same seed (``docs/random.md``).

    Args:
        size (int...): a sequence of integers defining the shape of the output tensor, or a single list,
            tuple or ``ember.Size``.

    Keyword args:
        generator (ember.Generator, optional): a pseudorandom number generator for sampling.
            Default: the global generator (see :func:`ember.manual_seed`).
        dtype (ember.dtype, optional): the desired data type. Default: the default float dtype
                (see :func:`ember.set_default_dtype`).
        device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.
        out (Tensor, optional): a tensor of the requested shape to fill in place instead (in its own
            layout, as torch's ``*_out``). Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
    """
    check_device(device)
    if out is not None:
        return _rops.sampled_into(out, "UniformBackward0", _dist.uniform, generator, _size(size), 0.0, 1.0)
    return _rops.sampled(_dist.uniform, generator, _dist.Layout(_size(size)), _np_dtype(dtype),
                         requires_grad=requires_grad)


def randn(*size, generator=None, dtype=None, device=None, requires_grad: bool = False, out=None, layout=None,
          pin_memory: bool = False) -> Tensor:
    """Return a tensor of random numbers from the standard normal distribution (mean 0, variance 1): torch's
    numbers for the same seed (``docs/random.md``).

    Args:
        size (int...): a sequence of integers defining the shape of the output tensor, or a single list,
            tuple or ``ember.Size``.

    Keyword args:
        generator (ember.Generator, optional): a pseudorandom number generator for sampling.
            Default: the global generator (see :func:`ember.manual_seed`).
        dtype (ember.dtype, optional): the desired data type. Default: the default float dtype
                (see :func:`ember.set_default_dtype`).
        device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.
        out (Tensor, optional): a tensor of the requested shape to fill in place instead (in its own
            layout, as torch's ``*_out``). Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
    """
    check_device(device)
    if out is not None:
        return _rops.sampled_into(out, "NormalBackward0", _dist.normal, generator, _size(size), 0.0, 1.0)
    return _rops.sampled(_dist.normal, generator, _dist.Layout(_size(size)), _np_dtype(dtype),
                         requires_grad=requires_grad)


def randint(low=0, high=None, size=None, *, generator=None, dtype=None, device=None,
            requires_grad: bool = False, out=None, layout=None, pin_memory: bool = False) -> Tensor:
    """Return a tensor of random integers drawn uniformly from ``[low, high)``: torch's numbers for the same
    seed (``docs/random.md``).

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
        out (Tensor, optional): a tensor of the requested shape to fill in place instead (in its own
            layout, as torch's ``*_out``). Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor; needs a
            floating point ``dtype``. Default: ``False``.
    """
    check_device(device)
    if size is None:                 # randint(high, size)
        low, high, size = 0, low, high
    elif high is None:               # randint(high, size=...)
        low, high = 0, low
    if size is None:
        raise TypeError("randint() missing required argument 'size'")
    if out is not None:
        warn = _rops.warner()
        return _rops.sampled_into(out, "RandomBackward0", lambda g, lay, dt: _dist.random_ints(
            g, lay, dt, int(low), int(high), warn), generator, _size((size,)))
    return _rops.sampled(_dist.random_ints, generator, _dist.Layout(_size((size,))), _np_dtype(dtype, _dtype.int64),
                         int(low), int(high), _rops.warner(), requires_grad=requires_grad)


def rand_like(input: Tensor, *, generator=None, dtype=None, layout=None, device=None,  # noqa: A002
              requires_grad: bool = False, memory_format=None) -> Tensor:
    """Return a tensor of the same size as ``input`` filled with uniform random numbers from ``[0, 1)``
    (with ``input``'s strides when it is dense, as torch's ``empty_like``).

    Args:
        input (Tensor): the size of ``input`` determines the size of the output tensor.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: ``input.dtype``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
    """
    check_device(device)
    return _rops.sampled(_dist.uniform, generator, _rops.fill_new(input), (dtype or input.dtype).np,
                         requires_grad=requires_grad)


def randn_like(input: Tensor, *, generator=None, dtype=None, layout=None, device=None,  # noqa: A002
               requires_grad: bool = False, memory_format=None) -> Tensor:
    """Return a tensor of the same size as ``input`` filled with standard normal random numbers
    (with ``input``'s strides when it is dense, as torch's ``empty_like``).

    Args:
        input (Tensor): the size of ``input`` determines the size of the output tensor.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: ``input.dtype``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
    """
    check_device(device)
    return _rops.sampled(_dist.normal, generator, _rops.fill_new(input), (dtype or input.dtype).np,
                         requires_grad=requires_grad)


def randint_like(input: Tensor, low=0, high=None, *, generator=None, dtype=None, layout=None,  # noqa: A002
                 device=None, requires_grad: bool = False, memory_format=None) -> Tensor:
    """Return a tensor of the same shape as ``input`` filled with random integers from ``[low, high)``.

    ``randint_like(input, high)`` draws from ``[0, high)``.

    Args:
        input (Tensor): the size of ``input`` determines the size of the output tensor.
        low (int, optional): lowest integer to be drawn. Default: ``0``.
        high (int): one above the highest integer to be drawn.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: ``input.dtype``.
    """
    check_device(device)
    if high is None:
        low, high = 0, low
    return _rops.sampled(_dist.random_ints, generator, _rops.fill_new(input), (dtype or input.dtype).np,
                         int(low), int(high), _rops.warner(), requires_grad=requires_grad)


def randperm(n: int, *, generator=None, dtype=None, layout=None, device=None, pin_memory: bool = False,
             requires_grad: bool = False) -> Tensor:
    """Return a random permutation of the integers from ``0`` to ``n - 1``: torch's permutation for the same
    seed (Fisher-Yates, ``docs/random.md``).

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
    check_device(device)
    g = _rops.get_generator(generator)
    return _finish(_dist.randperm(g, int(n), _np_dtype(dtype, _dtype.int64)), requires_grad)


def _new_factory(fn: Callable[..., Tensor], name: str) -> Callable[..., Tensor]:
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
        return fn(_size(size, name), dtype=dtype or self.dtype, requires_grad=requires_grad, **kw)
    method.__name__ = method.__qualname__ = name
    return method


new_zeros = _new_factory(zeros, "new_zeros")
new_ones = _new_factory(ones, "new_ones")
new_empty = _new_factory(empty, "new_empty")


def new_full(self: Tensor, size, fill_value, *, dtype=None, requires_grad: bool = False, **kw) -> Tensor:
    """A tensor of ``size`` filled with ``fill_value``, with this tensor's dtype unless ``dtype`` is given."""
    size = int_list_arg("new_full", "size", size, 1)
    _check_dims(size, "new_full")
    return full(size, fill_value, dtype=dtype or self.dtype, requires_grad=requires_grad)


def new_tensor(self: Tensor, data, *, dtype=None, requires_grad: bool = False, **kw) -> Tensor:
    """A new tensor from ``data`` (copied), with this tensor's dtype unless ``dtype`` is given."""
    return tensor(data, dtype=dtype or self.dtype, requires_grad=requires_grad)
