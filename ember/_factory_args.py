"""The arguments of the factories, parsed as torch parses them: a list of ints (a size, a shape,
dims), a ``dtype``, a fill value converted to a dtype, with torch's errors; what a factory gives
when an allocation fails."""
from __future__ import annotations

import operator
import sys

import numpy as np

from ._dtype import get_default_dtype
from ._tensor import Size, Tensor
from ._tensor_data import _I64_MAX, _I64_MIN, _tp_name, check_device, dtype_arg

__all__ = ["check_device", "int_list", "int_list_arg", "number_arg", "tensor_arg", "dtype_arg", "dtype_of", "size_kw",
           "invalid_combination", "C_TYPE"]


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


def size_kw(size: tuple, kw: dict, fname: str, overloads: tuple = ()) -> tuple:
    """A factory's ``*size`` that torch also takes as the keyword ``size=`` (``zeros(size=(2, 3))``),
    with torch's errors for both forms given (``overloads``: the signatures of a factory declared
    several times, which its message lists) and for other unknown keywords."""
    if kw:
        if "size" in kw:
            if size:
                if overloads:
                    raise invalid_combination(fname, size, overloads, size=kw["size"])
                raise TypeError(f"{fname}() got multiple values for argument 'size'")
            value = kw.pop("size")
            if not isinstance(value, (tuple, list)) or (value and not _is_index(value[0])):
                raise TypeError(f"{fname}(): argument 'size' must be tuple of ints, not {_tp_name(value)}")
            size = (value,)
        if kw:
            raise TypeError(f"{fname}() got an unexpected keyword argument '{next(iter(kw))}'")
    return _size(size, fname)


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


def _np_dtype(dtype, default=None, fname: str | None = None) -> np.dtype:
    if dtype is None:
        return (default or get_default_dtype()).np
    return dtype_of(dtype, fname or sys._getframe(1).f_code.co_name).np


# the keyword arguments every factory signature ends with, as torch's messages spell them
FACTORY_KW = ("torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory "
              "= False, bool requires_grad = False")


def invalid_combination(fname: str, args: tuple, overloads: tuple, **kw) -> TypeError:
    """torch's "invalid combination of arguments" error for a function declared several times,
    listing the types of ``args`` and the keywords ``kw`` given, then each signature."""
    got = ", ".join([_tp_name(a) for a in args] + [f"{k}={_tp_name(v)}" for k, v in kw.items()])
    if kw and not args:
        got += ", "         # torch's parser spells keywords alone so: (high=int, )
    lines = [f"{fname}() received an invalid combination of arguments - got ({got}), but expected one of:"]
    lines += [f" * ({sig})" for sig in overloads]
    return TypeError("\n".join(lines) + "\n")


def dtype_of(dtype, fname: str, args: tuple = (), overloads: tuple = ()):
    """:func:`dtype_arg` for a factory: with ``overloads`` (a function torch declares several times:
    ``rand``, ``arange``) a bad dtype gets torch's "invalid combination of arguments" message, which
    lists ``args`` and each signature."""
    if not overloads:
        return dtype_arg(dtype, fname)
    try:
        return dtype_arg(dtype, fname)
    except TypeError:
        raise invalid_combination(fname, args, overloads, dtype=dtype) from None


# the C names torch's "value cannot be converted to type ... without overflow" gives each dtype
_FLOAT_MAX = {c: float(np.finfo(c).max) for c in "efd"}


C_TYPE = {"B": "uint8_t", "b": "int8_t", "h": "int16_t", "i": "int", "l": "int64_t", "q": "int64_t",
          "e": "c10::Half", "f": "float", "d": "double", "H": "uint16_t", "I": "uint32_t", "L": "uint64_t",
          "Q": "uint64_t"}


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
            raise RuntimeError(f"value cannot be converted to type {C_TYPE.get(npd.char, npd.name)} without overflow")
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
        raise RuntimeError(f"value cannot be converted to type {C_TYPE.get(npd.char, npd.name)} without overflow")


# ----------------------------------------------------------------------------------------------
# a Number or a Tensor argument, with torch's parser errors
def is_number_arg(x) -> bool:
    """What torch's parser takes as a Number: a Python or NumPy number, or a one-element tensor."""
    return type(x) in (int, float, bool, complex) or isinstance(x, np.generic) or (
        isinstance(x, Tensor) and x._data.size == 1)


def number_arg(fname: str, pname: str, pos: int, value) -> None:
    """torch's TypeError unless ``value`` is a Number."""
    if not is_number_arg(value):
        raise TypeError(f"{fname}(): argument '{pname}' (position {pos}) must be Number, not {_tp_name(value)}")


def tensor_arg(fname: str, value) -> None:
    """torch's TypeError unless ``value`` (a ``*_like`` function's ``input``) is a Tensor."""
    if not isinstance(value, Tensor):
        raise TypeError(f"{fname}(): argument 'input' (position 1) must be Tensor, not {_tp_name(value)}")

