"""Operands: torch's dtype promotion, the entry point of binary ops, and torch's argument errors.

A Python scalar stays a scalar (it does not take part in promotion as a tensor would; a Python
int wraps to an integer tensor's dtype, as torch's wrapped numbers do); a Tensor or ndarray is a
Tensor, and anything else is refused (``operand``: operators then return NotImplemented). ``promote``
casts both operands to torch's result dtype once per op; ``binary`` and ``binary_inplace`` run a
two-input op with torch's broadcast error. ``ArgError`` builds the TypeError torch's argument
parser raises for refused arguments, in the function or method form (``method_form``); ``_parser.py``
holds the general parser (``torch_args``) that the other families use.
"""
from __future__ import annotations

import functools
from typing import Callable, TypeVar

import numpy as np

from .. import _dtype
from .._creation import tensor
from .._errors import broadcast_error  # noqa: F401  (imported from here by the op families)
from .._factory_args import C_TYPE as _C_NAMES
from .._tensor import Tensor, make
from ._inplace import apply_inplace
from ._parser import type_name  # (one definition: torch's names of ember's classes too)
from ._record import apply, apply2

__all__ = ["as_operand", "operand", "promote", "broadcast_error", "binary", "binary_inplace", "float_input",
           "tensor_operand", "default_float_np", "BadOperand", "ArgError", "must_be_tensor", "method_form",
           "type_name", "fit_int", "scalar_for", "checked_scalar", "is_number", "as_method", "check_args",
           "lead_tensor", "reflected", "inplace_check", "inplace_operator", "refuse_barebones"]

_ndarray = np.ndarray
_float, _int, _bool = float, int, bool
F = TypeVar("F", bound=Callable)


def default_float_np():
    return _dtype.get_default_dtype().np


def as_operand(b):
    """A Python scalar stays a scalar; anything else array-like becomes a Tensor."""
    if isinstance(b, Tensor):
        return b
    tb = type(b)
    if tb is _float or tb is _int or tb is _bool or tb is complex:
        return b
    if isinstance(b, np.generic):
        return b.item()
    if isinstance(b, _ndarray):
        return make(b)
    return tensor(b)


class BadOperand(TypeError):
    """An operand torch's argument parser refuses (a list, None, a string): an operator returns
    ``NotImplemented`` for it, so Python raises its own TypeError (``unsupported operand type(s)
    for +: 'Tensor' and 'list'``), as for torch; a function raises :class:`ArgError`."""

    def __init__(self, value) -> None:
        super().__init__(f"unsupported operand of type {type_name(value)}")
        self.value = value


def operand(b):
    """The operand of an arithmetic or comparison op: a Python or NumPy scalar stays a scalar, a
    Tensor or ndarray is a Tensor; anything else raises :class:`BadOperand` (``as_operand``, for
    copy_ and setitem, also takes lists)."""
    if isinstance(b, Tensor):
        return b
    tb = type(b)
    if tb is _float or tb is _int or tb is _bool or tb is complex:
        return b
    if isinstance(b, np.generic):
        return b.item()
    if isinstance(b, _ndarray):
        return make(b)
    raise BadOperand(b)


# the integer range of each dtype, and torch's conversion of a wrapped Python int to it
_INT_INFO = {np.dtype(t).char: (np.iinfo(t).min, np.iinfo(t).max, np.iinfo(t).bits)
             for t in (np.uint8, np.int8, np.int16, np.int32, np.int64, np.uint16, np.uint32, np.uint64, np.ulonglong)}
_INT_INFO[np.dtype(np.longlong).char] = _INT_INFO[np.dtype(np.int64).char]
_INT_INFO[np.dtype(np.intc).char] = _INT_INFO[np.dtype(np.int32).char]


def fit_int(b: int, np_dtype) -> int:
    """A Python int as torch casts it to an integer tensor's dtype when it takes part in an op (a
    wrapped number): two's complement wrap-around (``uint8 + 300`` adds 44, ``uint8 - 1`` wraps to
    255); an int that fits in no 64-bit type is torch's OverflowError."""
    lo, hi, bits = _INT_INFO[np_dtype.char]
    if lo <= b <= hi:
        return b
    _check_int64(b)
    b &= (1 << bits) - 1
    return b - (1 << bits) if lo < 0 and b > hi else b


def _check_int64(b: int) -> None:
    # what torch accepts as a Python int: the int64 and uint64 ranges
    if b < -0x8000000000000000:
        raise OverflowError("can't convert negative int to unsigned")
    if b > 0xFFFFFFFFFFFFFFFF:
        raise OverflowError("int too big to convert")


# c10's names of the types, in its "value cannot be converted to type ... without overflow"


_FLOAT_MAX = {c: float(np.finfo(c).max) for c in "efdg"}
_INF = float("inf")


def checked_scalar(v, np_dtype):
    """A Python number converted as torch converts a Scalar argument (clamp's bounds, add's alpha,
    pow's exponent) to ``np_dtype``: an integer dtype wraps what is within its magnitude for
    unsigned types (uint8 takes -255..255), refuses the rest; a float dtype refuses finite values
    beyond its range."""
    k = np_dtype.kind
    if k in "iu":
        if type(v) is _bool:
            return int(v)
        if type(v) is not _int:
            return v
        _check_int64(v)
        lo, hi, bits = _INT_INFO[np_dtype.char]
        ok = -hi <= v <= hi if lo == 0 else lo <= v <= hi
        if not ok:
            raise RuntimeError(f"value cannot be converted to type {_C_NAMES[np_dtype.char]} without overflow")
        return fit_int(v, np_dtype)
    if k == "f" and type(v) in (_int, _float):
        if type(v) is _int:
            _check_int64(v)
        fv = float(v)
        if fv == fv and abs(fv) != _INF and abs(fv) > _FLOAT_MAX[np_dtype.char]:
            raise RuntimeError(f"value cannot be converted to type {_C_NAMES[np_dtype.char]} without overflow")
    return v


def scalar_for(b, np_dtype):
    """A Python scalar operand for an op computed in ``np_dtype``: ints wrapped as torch does."""
    if type(b) is _int and np_dtype.kind in "iu":
        return fit_int(b, np_dtype)
    return b


def _cast(a: np.ndarray, rt) -> np.ndarray:
    """``a`` in dtype ``rt``; an expanded array stays expanded (its zero strides kept), as torch computes on the
    operand as it is: NumPy's cast lays a zero-stride dim out anyhow, and the result's layout follows it."""
    if a.dtype == rt:
        return a
    if a.ndim and a.size > 1 and 0 in a.strides:
        key = tuple(slice(0, 1) if st == 0 and n > 1 else slice(None) for n, st in zip(a.shape, a.strides))
        return np.broadcast_to(a[key].astype(rt), a.shape)
    return a.astype(rt, copy=False)


def promote(a: Tensor, b):
    """(tensor-or-None for b, a's array, b's array-or-scalar), cast to torch's result dtype."""
    ad = a._data
    if isinstance(b, Tensor):
        bd = b._data
        if ad.dtype is bd.dtype or ad.dtype == bd.dtype:
            return b, ad, bd
        rt = _dtype.result_type(a, b).np
        return b, _cast(ad, rt), _cast(bd, rt)
    kind = ad.dtype.kind
    tb = type(b)
    if tb is _float:
        if kind == "f" or kind == "c":
            return None, ad, b
        return None, ad.astype(default_float_np()), b
    if tb is _int:
        if kind == "f" or kind == "c":
            if -0x8000000000000000 <= b <= 0xFFFFFFFFFFFFFFFF:
                return None, ad, b
            _check_int64(b)
        if kind == "b":
            ad = ad.astype(np.int64)
        return None, ad, fit_int(b, ad.dtype)
    if tb is _bool:
        return None, ad, b
    if tb is complex:
        if kind == "c":
            return None, ad, b
        return None, ad.astype(np.complex128 if ad.dtype == np.float64 else np.complex64), b
    b = operand(b)
    return promote(a, b)




def _shape_of(x) -> tuple:
    return x.shape if isinstance(x, (_ndarray, Tensor)) else ()


def refuse_barebones(kernel: str | None, d: np.ndarray) -> None:
    """torch's error for a kernel it does not implement for uint16/32/64 (``kernel`` None: it does)."""
    if kernel is not None and d.dtype.kind == "u" and d.dtype.itemsize > 1:
        raise NotImplementedError(f'"{kernel}" not implemented for \'{_dtype._BY_CHAR[d.dtype.char]._legacy[:-6]}\'')


def binary(cls, a: Tensor, b):
    ad = a._data
    if type(b) is _float and ad.dtype.kind in "fc":   # the commonest cases: no promotion to do
        tb, bd = None, b
    elif isinstance(b, Tensor) and b._data.dtype is ad.dtype and ad.dtype.kind in "fc":
        tb, bd = b, b._data
    else:
        tb, ad, bd = promote(a, b)
        if ad.dtype.kind == "u":
            refuse_barebones(getattr(cls, "barebones_kernel", None), ad)
    try:
        return apply2(cls, a, tb, ad, bd)
    except ValueError:
        raise broadcast_error(ad.shape, _shape_of(bd)) from None


def binary_inplace(cls, a: Tensor, b):
    tb, ad, bd = promote(a, b)
    if ad.dtype.kind == "u":
        refuse_barebones(getattr(cls, "barebones_kernel", None), ad)
    try:
        return apply_inplace(cls, a, (a, tb), (ad, bd))
    except ValueError:
        raise broadcast_error(ad.shape, _shape_of(bd)) from None


def float_input(x: Tensor) -> np.ndarray:
    """x's array, cast to the default float dtype if it is integral (torch's rule for exp, log...)."""
    d = x._data
    k = d.dtype.kind
    return d if k == "f" or k == "c" else _cast(d, default_float_np())


def tensor_operand(a: Tensor, b):
    b = as_operand(b)
    if not isinstance(b, Tensor):
        b = tensor(b, dtype=a.dtype if isinstance(b, float) and a.dtype.is_floating_point else None)
    return b


# ----------------------------------------------------------------------------------------------
# torch's argument-parser errors, for calls it refuses (``torch.add(t, [1.])``, ``t.pow(None)``)
def _parser_accepts(kind: str, v) -> bool:
    """Whether torch's argument parser takes ``v`` for a parameter of type ``kind`` (as its signatures name
    types): a 0-d tensor passes for a number (an integer one for an int), a bool is not an int."""
    if kind == "Tensor":
        return isinstance(v, Tensor)
    if isinstance(v, Tensor):
        return v._data.ndim == 0 and kind != "torch.dtype" and (kind != "int" or v._data.dtype.kind in "iu")
    if kind == "int":
        return type(v) is _int or isinstance(v, np.integer)
    if kind == "float":
        return type(v) in (_int, _float) or isinstance(v, (np.integer, np.floating))
    if kind == "Number":
        return is_number(v)
    if kind == "torch.dtype":
        return isinstance(v, _dtype.dtype)
    raise ValueError(kind)


def parse_args(fn: str, *params: tuple) -> None:
    """torch's argument-parser check of a function of one signature: each param is ``(name, position, value,
    kind)`` or ``(name, position, value, kind, True)`` for an optional one (None allowed); the first value of
    the wrong type raises torch's ``fn(): argument 'name' (position p) must be kind, not type`` TypeError."""
    for name, position, value, kind, *optional in params:
        if value is None and optional:
            continue
        if not _parser_accepts(kind, value):
            e = TypeError(f"{fn}(): argument '{name}' (position {position}) must be {kind}, not {type_name(value)}")
            e._ember_parsed = (fn, name, position, kind, value)  # type: ignore[attr-defined]
            raise e


def _describe(v) -> str:
    # the detailed form of "didn't match because ...": list of [float, float]
    if type(v) is list:
        return "list of [" + ", ".join(type_name(x) for x in v) + "]"
    if type(v) is tuple:
        return "tuple of (" + ", ".join(type_name(x) for x in v) + ")"
    return type_name(v)


def must_be_tensor(name: str, arg: str, position, value) -> TypeError:
    """``add(): argument 'other' (position 2) must be Tensor, not list``."""
    where = f" (position {position})" if position else ""
    return TypeError(f"{name}(): argument '{arg}'{where} must be Tensor, not {type_name(value)}")


_OUT = ", *, Tensor out = None"
_TWO = ("(Tensor input, Tensor other{o})", "(Tensor input, Number other{o})")
# name -> (the function's signatures, the method's): as torch prints them in its error
_SIGNATURES = {
    "pow": (("(Tensor input, Tensor exponent" + _OUT + ")", "(Number self, Tensor exponent" + _OUT + ")",
             "(Tensor input, Number exponent" + _OUT + ")"), ("(Tensor exponent)", "(Number exponent)")),
    "remainder": (("(Tensor input, Tensor other" + _OUT + ")", "(Number self, Tensor other)",
                   "(Tensor input, Number other" + _OUT + ")"), ("(Tensor other)", "(Number other)")),
    "fmod": (("(Tensor input, Tensor other" + _OUT + ")", "(Tensor input, Number other" + _OUT + ")"),
             ("(Tensor other)", "(Number other)")),
    "floor_divide": (("(Tensor input, Tensor other" + _OUT + ")", "(Tensor input, Number other)"),
                     ("(Tensor other)", "(Number other)")),
    "div_mode": (("(Tensor input, Tensor other" + _OUT + ")",
                  "(Tensor input, Tensor other, *, str rounding_mode, Tensor out = None)",
                  "(Tensor input, Number other, *, str rounding_mode)"),
                 ("(Tensor other)", "(Tensor other, *, str rounding_mode)", "(Number other, *, str rounding_mode)")),
    "divide": (("(Tensor input, Tensor other" + _OUT + ")",
                "(Tensor input, Tensor other, *, str rounding_mode, Tensor out = None)",
                "(Tensor input, Number other)", "(Tensor input, Number other, *, str rounding_mode)"),
               ("(Tensor other)", "(Tensor other, *, str rounding_mode)", "(Number other)",
                "(Number other, *, str rounding_mode)")),
    "subtract": (("(Tensor input, Tensor other, *, Number alpha = 1, Tensor out = None)",
                  "(Tensor input, Number other, Number alpha = 1)"),
                 ("(Tensor other, *, Number alpha = 1)", "(Number other, Number alpha = 1)")),
    "compare": (("(Tensor input, Tensor other" + _OUT + ")", "(Tensor input, Number other" + _OUT + ")"),
                ("(Tensor other)", "(Number other)")),
    "bitwise": (("(Tensor input, Tensor other" + _OUT + ")", "(Number self, Tensor other)",
                 "(Tensor input, Number other" + _OUT + ")"), ("(Tensor other)", "(Number other)")),
    "where": (("(Tensor condition)", "(Tensor condition, Tensor input, Tensor other" + _OUT + ")",
               "(Tensor condition, Number self, Tensor other)", "(Tensor condition, Tensor input, Number other)",
               "(Tensor condition, Number self, Number other)"),
              ("(Tensor condition, Tensor other)", "(Tensor condition, Number other)")),
    "clamp": (("(Tensor input, Tensor min = None, Tensor max = None" + _OUT + ")",
               "(Tensor input, Number min = None, Number max = None" + _OUT + ")"),
              ("(Tensor min = None, Tensor max = None)", "(Number min = None, Number max = None)")),
}
for _n in ("min", "max"):     # clamp_min / clamp_max, and their in-place forms (whose functions take no out=)
    _SIGNATURES["clamp_" + _n] = ((f"(Tensor input, Tensor {_n}{_OUT})", f"(Tensor input, Number {_n}{_OUT})"),
                                  (f"(Tensor {_n})", f"(Number {_n})"))
    _SIGNATURES["clamp_" + _n + "_"] = ((f"(Tensor input, Tensor {_n})", f"(Tensor input, Number {_n})"),
                                        (f"(Tensor {_n})", f"(Number {_n})"))
for _n in ("true_divide", "multiply"):
    _SIGNATURES[_n] = (("(Tensor input, Tensor other" + _OUT + ")", "(Tensor input, Number other)"),
                       ("(Tensor other)", "(Number other)"))
# functions of one signature: torch names the argument that is not a Tensor
_SINGLE = {"add", "sub", "mul", "div", "add_", "sub_", "mul_", "div_", "maximum", "minimum", "logical_and",
           "logical_or", "logical_xor", "allclose", "equal"}


def _params(option: str) -> list:
    return [p.split(" = ")[0].split(" ") for p in option[1:-1].split(", ") if p != "*"]


def _combination_message(name: str, given: tuple, kwargs: dict, options) -> str:
    got = [type_name(v) for v in given] + [f"{k}={type_name(v)}" for k, v in kwargs.items()]
    lines = [f"{name}() received an invalid combination of arguments - got ({', '.join(got)}), "
             "but expected one of:"]
    n = len(given) + len(kwargs)
    for option in options:
        lines.append(f" * {option}")
        params = _params(option)
        if len(params) != n or ", *" in option:    # torch details only the options it could have matched
            continue
        marks = []
        for (kind, _), v in zip(params, given):
            ok = kind == "Tensor" and isinstance(v, Tensor) or kind == "str" and type(v) is str
            marks.append(_describe(v) if ok else f"!{_describe(v)}!")
        kinds = {pname: kind for kind, pname in params}
        for k, v in kwargs.items():
            ok = kinds.get(k) == "Tensor" and isinstance(v, Tensor) or kinds.get(k) == "str" and type(v) is str
            marks.append(f"{k}={_describe(v)}" if ok else f"!{k}={_describe(v)}!")
        lines.append(f"      didn't match because some of the arguments have invalid types: ({', '.join(marks)})")
    return "\n".join(lines) + "\n"


class _Args:
    """What torch's argument parser refused: the function's name, the arguments given, the
    signatures torch lists (``sig``, default: ``name``), the form (function or method), and
    whether a number is accepted where a Tensor is (``add(2, t)``, not ``maximum(2, t)``)."""

    def __init__(self, name, given, kwargs, sig, method, numbers) -> None:
        self.name, self.given, self.kwargs = name, given, kwargs or {}
        self.sig, self.method, self.numbers = sig or name, method, numbers

    def message(self) -> str:
        name, given = self.name, self.given
        if self.sig in _SINGLE:
            params = ("other",) if self.method else ("input", "other")
            for i, (p, v) in enumerate(zip(params, given)):
                if not isinstance(v, Tensor) and (not self.numbers or not is_number(v)):
                    return str(must_be_tensor(name, p, i + 1, v))
            return f"{name}(): invalid arguments"
        options = _SIGNATURES[self.sig][1 if self.method else 0]
        return _combination_message(name, given, self.kwargs, options)


def ArgError(name: str, given: tuple, kwargs: dict | None = None, *, sig: str | None = None,  # noqa: N802
             method: bool = False, numbers: bool = True) -> TypeError:
    """torch's TypeError for arguments its parser refuses, in the function form (``torch.pow(t,
    [1.])``) or the method form (``t.pow([1.])``, whose words differ: :func:`method_form` turns one
    into the other). A plain TypeError, as torch's, carrying what it needs in ``_ember_args``."""
    args = _Args(name, given, kwargs, sig, method, numbers)
    e = TypeError(args.message())
    e._ember_args = args  # type: ignore[attr-defined]
    return e


def as_method(e: TypeError) -> TypeError:
    """The method form of an :func:`ArgError` (the same TypeError if it is one already)."""
    a = e._ember_args  # type: ignore[attr-defined]
    if a.method:
        return e
    return ArgError(a.name, a.given[1:], a.kwargs, sig=a.sig, method=True, numbers=a.numbers)


def is_number(v) -> bool:
    """A Python or NumPy scalar: what torch's parser takes as a Number."""
    return type(v) in (_float, _int, _bool, complex) or isinstance(v, np.generic)


def method_form(fn: F) -> F:
    """The Tensor method of function ``fn``: the same call, with torch's method-form words when
    the arguments are refused (``t.add([1.])``: position 1, not 2)."""
    @functools.wraps(fn)
    def method(self, *args, **kwargs):
        try:
            return fn(self, *args, **kwargs)
        except TypeError as e:
            parsed = getattr(e, "_ember_parsed", None)
            if parsed is not None and parsed[2] > 1:      # parse_args' words: the method counts from self's next
                name, arg, position, kind, value = parsed
                raise TypeError(f"{name}(): argument '{arg}' (position {position - 1}) must be {kind}, not "
                                f"{type_name(value)}") from None
            if not hasattr(e, "_ember_args"):
                raise
            raise as_method(e) from None
    return method  # type: ignore[return-value]


# ----------------------------------------------------------------------------------------------
# a Tensor and a Tensor or number, either side: what the arithmetic families share
def check_args(name: str, a, b, kwargs: dict | None = None, sig: str | None = None) -> None:
    """torch's argument error unless ``a`` and ``b`` are each a Tensor or a number."""
    if not (isinstance(a, Tensor) or is_number(a)) or not (isinstance(b, Tensor) or is_number(b)):
        raise ArgError(name, (a, b), kwargs, sig=sig)


def lead_tensor(a, b):
    """For a function that may be called with a number first (``torch.add(2, t)``): the tensor whose
    dtype leads, ``a`` itself, or a 0-d tensor of ``a`` if both are numbers; None for number-first."""
    if isinstance(a, Tensor):
        return a
    if not isinstance(b, Tensor):
        return tensor(a)
    return None


def reflected(cls, t: Tensor, number, *params, check: Callable | None = None,
              record: Callable | None = None) -> Tensor:
    """``number op t`` for a number on the left: promoted as torch wraps it, node inputs (None, t).
    ``check`` sees ``t``'s promoted array first; ``record`` replaces ``apply`` (torch's
    NotImplemented node links only inputs that require grad)."""
    _, td, s = promote(t, operand(number))
    if check is not None:
        check(td)
    return (record or apply)(cls, (None, t), (s, td), *params)


def inplace_check(name: str, other, kwargs: dict | None = None, sig: str | None = None) -> None:
    """torch's method-form argument error unless ``other`` is a Tensor or a number."""
    if not (isinstance(other, Tensor) or is_number(other)):
        raise ArgError(name, (other,), kwargs, sig=sig, method=True)


def inplace_operator(fn, cls=None):
    """The in-place operator (``__iadd__``...) of in-place function ``fn``: NotImplemented for an
    operand torch refuses; with ``cls``, float operands of one dtype go straight to ``apply_inplace``."""
    def op(a: Tensor, b) -> Tensor:
        if cls is not None:              # the commonest case (``p -= lr * g``): floats, nothing to check
            ad = a._data
            if ad.dtype.kind == "f":
                if type(b) is float:
                    return apply_inplace(cls, a, (a, None), (ad, b))
                if isinstance(b, Tensor) and b._data.dtype is ad.dtype:
                    bd = b._data
                    try:
                        return apply_inplace(cls, a, (a, b), (ad, bd))
                    except ValueError:
                        raise broadcast_error(ad.shape, bd.shape) from None
        try:
            operand(b)
        except BadOperand:
            return NotImplemented
        return fn(a, b)
    op.__name__ = op.__qualname__ = f"__i{fn.__name__.rstrip('_')}__"
    op.__doc__ = f"The in-place operator form of :func:`{fn.__name__}`."
    return op
