"""Dtypes with torch's names and torch's type-promotion rules.

Each ember dtype wraps a NumPy dtype. Promotion follows torch (not NumPy): any integer with a
float gives that float, and operands are ranked by priority tier (dimensioned tensors over
zero-dim tensors over Python scalars), a lower tier only raising the *category*.
"""
from __future__ import annotations

import numpy as np

__all__ = ["dtype"]

# categories: 0 bool, 1 integer, 2 floating, 3 complex
_BOOL, _INT, _FLOAT, _COMPLEX = 0, 1, 2, 3


class dtype:
    """A tensor's element type, e.g. ``ember.float32`` (prints as ``torch.float32``)."""

    __slots__ = ("name", "np", "category", "is_floating_point", "is_complex", "is_signed", "itemsize",
                 "_legacy", "_cname")

    def __init__(self, name: str, np_dtype, category: int, legacy: str, cname: str) -> None:
        self.name = name
        self.np = np.dtype(np_dtype)
        self.category = category
        self.is_floating_point = category == _FLOAT
        self.is_complex = category == _COMPLEX
        self.is_signed = not name.startswith("uint") and name != "bool"
        self.itemsize = self.np.itemsize
        self._legacy = legacy      # torch.FloatTensor style name, used in error messages
        self._cname = cname        # C type name torch uses in some messages ('float', 'double')

    def __repr__(self) -> str:
        return "torch." + self.name

    def __reduce__(self):
        return self.name

    def to_complex(self) -> "dtype":
        return complex128 if self is float64 else complex64

    def to_real(self) -> "dtype":
        return {complex64: float32, complex128: float64}.get(self, self)


bool = dtype("bool", np.bool_, _BOOL, "BoolTensor", "bool")  # noqa: A001 - torch's name
uint8 = dtype("uint8", np.uint8, _INT, "ByteTensor", "unsigned char")
int8 = dtype("int8", np.int8, _INT, "CharTensor", "signed char")
int16 = dtype("int16", np.int16, _INT, "ShortTensor", "short int")
int32 = dtype("int32", np.int32, _INT, "IntTensor", "int")
int64 = dtype("int64", np.int64, _INT, "LongTensor", "long int")
float16 = dtype("float16", np.float16, _FLOAT, "HalfTensor", "c10::Half")
float32 = dtype("float32", np.float32, _FLOAT, "FloatTensor", "float")
float64 = dtype("float64", np.float64, _FLOAT, "DoubleTensor", "double")
complex64 = dtype("complex64", np.complex64, _COMPLEX, "ComplexFloatTensor", "c10::complex<float>")
complex128 = dtype("complex128", np.complex128, _COMPLEX, "ComplexDoubleTensor", "c10::complex<double>")
# torch's "barebones" unsigned types: tensors of them can be made, converted, copied, printed, but
# torch promotes them with no other integer or bool dtype (and implements few kernels for them)
uint16 = dtype("uint16", np.uint16, _INT, "UInt16Tensor", "uint16_t")
uint32 = dtype("uint32", np.uint32, _INT, "UInt32Tensor", "uint32_t")
uint64 = dtype("uint64", np.uint64, _INT, "UInt64Tensor", "uint64_t")
BAREBONES = (uint16, uint32, uint64)

# torch's aliases
half, float, double = float16, float32, float64  # noqa: A001
short, int, long = int16, int32, int64  # noqa: A001
cfloat, cdouble = complex64, complex128

ALL = (bool, uint8, int8, int16, int32, int64, float16, float32, float64, complex64, complex128, uint16, uint32, uint64)

# NumPy dtype character -> ember dtype: the hot path looks a tensor's dtype up here.
_BY_CHAR = {d.np.char: d for d in ALL}
# on platforms where int64 is 'q' vs 'l' both should map
_BY_CHAR[np.dtype(np.longlong).char] = int64 if np.dtype(np.longlong).itemsize == 8 else _BY_CHAR.get(
    np.dtype(np.longlong).char)
_BY_CHAR[np.dtype(np.intc).char] = int32
_BY_CHAR[np.dtype(np.ulonglong).char] = uint64
_BY_CHAR[np.dtype(np.uintc).char] = uint32


def from_numpy_dtype(np_dtype: np.dtype) -> dtype:
    """The ember dtype for a NumPy dtype; TypeError (torch's words) for unsupported ones."""
    d = _BY_CHAR.get(np_dtype.char)
    if d is None:
        raise TypeError(f"can't convert np.ndarray of type numpy.{np_dtype}. The only supported types are: "
                        "float64, float32, float16, complex64, complex128, int64, int32, int16, int8, uint64, "
                        "uint32, uint16, uint8, and bool.")
    return d


def _promote_pair(a: dtype, b: dtype) -> dtype | None:
    if a is b:
        return a
    if (a in BAREBONES or b in BAREBONES) and not (a.is_floating_point or b.is_floating_point):
        return None               # torch refuses (see _Promotions)
    if a.category != b.category:
        hi, lo = (a, b) if a.category > b.category else (b, a)
        if hi.category == _COMPLEX and lo is float64:
            return complex128
        return hi
    return _BY_CHAR[np.promote_types(a.np, b.np).char]


class _Promotions(dict):
    """The promotion table; a pair torch refuses to promote raises its error."""

    def __missing__(self, key):
        a, b = key
        raise RuntimeError("Promotion for uint16, uint32, uint64 types is not supported, attempted to promote "
                           f"{a._legacy[:-6]} and {b._legacy[:-6]}")


# the full table, computed once: promotion is a dict lookup on the hot path
PROMOTE = _Promotions({(a, b): r for a in ALL for b in ALL if (r := _promote_pair(a, b)) is not None})


def _combine_categories(higher: dtype | None, lower: dtype | None) -> dtype | None:
    # c10's combine_categories: a lower tier only matters if it raises the category
    if higher is None:
        return lower
    if lower is None:
        return higher
    if higher.category == _COMPLEX:
        return higher
    if lower.category == _COMPLEX:
        return higher.to_complex() if higher.category == _FLOAT else lower
    if higher.category == _FLOAT:
        return higher
    if higher is bool or lower.category == _FLOAT:
        return PROMOTE[higher, lower]
    return higher


def scalar_dtype(value) -> dtype:
    """The dtype torch gives a Python scalar taking part in an op (floats: the default dtype)."""
    t = type(value)
    if t is builtins_bool or isinstance(value, (np.bool_,)):
        return bool
    if t is builtins_int or isinstance(value, np.integer):
        return int64
    if t is builtins_complex or isinstance(value, np.complexfloating):
        return complex64
    return get_default_dtype()


import builtins as _b  # noqa: E402

builtins_bool, builtins_int, builtins_float, builtins_complex = _b.bool, _b.int, _b.float, _b.complex

_default_float = [float32]


def get_default_dtype() -> dtype:
    """The dtype Python floats and factory functions give by default (float32)."""
    return _default_float[0]


def set_default_dtype(d: dtype) -> None:
    """Set the default floating dtype (float32 or float64), as ``torch.set_default_dtype``."""
    if not isinstance(d, dtype) or not d.is_floating_point:
        raise TypeError("only floating-point types are supported as the default type")
    _default_float[0] = d


def result_type(*operands) -> dtype:
    """torch.result_type over tensors and Python scalars (any number of operands)."""
    dim = zero = wrapped = None
    for o in operands:
        d = getattr(o, "dtype", None)
        if isinstance(d, dtype):
            if o.ndim:
                dim = d if dim is None else PROMOTE[dim, d]
            else:
                zero = d if zero is None else PROMOTE[zero, d]
        else:
            d = scalar_dtype(o)
            wrapped = d if wrapped is None else PROMOTE[wrapped, d]
    return _combine_categories(dim, _combine_categories(zero, wrapped))
