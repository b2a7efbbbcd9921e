"""More unary math: log2, log10, log1p, exp2, expm1, rsqrt, square, sgn, frac, logit, nan_to_num.

Unary ops subclass :class:`~ember.ops.unary.Unary` (``compute``, ``saves``, ``derivative`` on
consecutive lines, derivatives.yaml's formula); ``logit`` and ``nan_to_num`` take parameters and
are plain :class:`~ember.ops._op.Op` classes. :func:`via` gives formulas a function that the ``xp``
helpers lack: NumPy's in a plain backward, ember's op (recorded) under ``create_graph``.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from .._quiet import quiet
from .._tensor import Tensor, make
from ._inplace import apply_inplace
from ._op import Op
from ._promotion import float_input, must_be_tensor
from ._record import apply1
from .power import pow as _pow
from .unary import Unary, unary_function, unary_inplace

__all__ = ["log2", "log10", "log1p", "exp2", "expm1", "rsqrt", "square", "sgn", "frac", "logit", "nan_to_num",
           "log2_", "log10_", "log1p_", "exp2_", "expm1_", "rsqrt_", "square_", "sgn_", "frac_", "logit_",
           "nan_to_num_", "via"]

_LN2, _LN10 = 0.6931471805599453, 2.302585092994046


def via(array_fn: Callable, tensor_fn: Callable) -> Callable:
    """A function for backward formulas, called as ``f(xp, *args)``: ``array_fn`` on arrays (a plain
    backward), ``tensor_fn`` (an ember op, recorded) on Tensors under ``create_graph``."""
    def call(xp, *args):
        if xp.tensor_mode:
            return tensor_fn(*[make(np.asarray(a)) if isinstance(a, np.ndarray) else a for a in args])
        return array_fn(*args)
    return call


def _rsqrt(a):
    with np.errstate(all="ignore"):
        return (1 / np.sqrt(a)).astype(a.dtype, copy=False)


def _frac(a):
    return a - np.trunc(a)


def _sgn(a):
    s = np.sign(a)
    if type(s) is np.ndarray:
        s[s != s] = 0
        return s
    return s if s == s else s.dtype.type(0)     # torch: the sign of NaN is 0


def _sgn_int(a):
    return a.copy() if a.dtype.kind == "b" else np.sign(a)


def _zero(g, saved, xp):
    return xp.zeros_like(g)


# ----------------------------------------------------------------------------------------------
# the ops: name, forward, saved value, derivative (derivatives.yaml)
class Log2Backward0(Unary):
    compute, saves = quiet(np.log2), "self"
    def derivative(g, x, xp): return g / (x * _LN2)                          # noqa: E704


class Log10Backward0(Unary):
    compute, saves = quiet(np.log10), "self"
    def derivative(g, x, xp): return g / (x * _LN10)                         # noqa: E704


class Log1PBackward0(Unary):
    compute, saves = quiet(np.log1p), "self"
    def derivative(g, x, xp): return g / xp.add_scalar(x, 1)                 # noqa: E704


class Exp2Backward0(Unary):
    compute, saves = np.exp2, "result"
    def derivative(g, r, xp): return g * r * _LN2                            # noqa: E704


class Expm1Backward0(Unary):
    compute, saves = np.expm1, "result"
    def derivative(g, r, xp): return g * xp.add_scalar(r, 1)                 # noqa: E704


class RsqrtBackward0(Unary):
    compute, saves = _rsqrt, "result"
    def derivative(g, r, xp): return xp.mul_scalar(g, -0.5) * _cube(r, xp)   # noqa: E704


def _cube(r, xp):
    """``r.pow(3)`` (torch's rsqrt formula): recorded as PowBackward0, whose value is torch's ``r * r * r``."""
    return r ** 3 if xp.tensor_mode else r * r * r


class SgnBackward0(Unary):
    # real inputs: a zero gradient (sgn_backward); torch saves the input and the result, so an in-place change
    # of either is its error at backward
    compute, saves, derivative = _sgn, "both", _zero


class FracBackward0(Unary):
    compute = _frac
    def derivative(g, _, xp): return g                                       # noqa: E704


class LogitBackward0(Op):
    """``log(x / (1 - x))``, ``x`` first clamped to ``[eps, 1 - eps]`` when ``eps >= 0`` is given. The gradient is
    torch's two formulas: its kernel (a plain backward) takes a negative ``eps`` for none (NaN outside ``[0, 1]``)
    and zeroes it outside ``[eps, 1 - eps]`` else (not below or above a NaN ``eps``); under ``create_graph``,
    ``infinitely_differentiable_logit_backward`` zeroes it outside ``[eps, 1 - eps]`` for any given ``eps``."""
    __slots__ = ("eps",)
    _saved_names = ("self",)
    _param_names = ("eps",)

    @staticmethod
    def forward(ctx, a, eps):
        ctx.eps = eps
        ctx.save(a)
        x = a
        if eps is not None and not eps < 0:     # torch's clamp: below lo -> lo, then above hi -> hi
            lo, hi = a.dtype.type(eps), a.dtype.type(1 - eps)
            x = np.where(a < lo, lo, np.where(a > hi, hi, a))
        with np.errstate(all="ignore"):
            return np.asarray(np.log(x / (1 - x)), dtype=a.dtype)

    def backward(ctx, g, xp):
        x, = xp.saved(ctx)
        eps = ctx.eps
        with np.errstate(all="ignore"):
            d = g / (x * (1 - x))
        if eps is None or (eps < 0 and not xp.tensor_mode):     # NaN outside [0, 1] (the kernel's eps = -1)
            return (xp.where((x >= 0) & (x <= 1), d, np.nan),)
        if xp.tensor_mode:
            return (xp.where((x >= eps) & (x <= 1 - eps), d, 0.0),)
        return (xp.where((x < eps) | (x > 1 - eps), 0.0, d),)


class NanToNumBackward0(Op):
    """NaN, +inf and -inf replaced by ``nan``, ``posinf``, ``neginf`` (default: 0 and the dtype's
    largest and lowest finite values); the gradient passes where the input is finite."""
    __slots__ = ()
    _saved_names = ("self",)

    @staticmethod
    def forward(ctx, a, nan, posinf, neginf):
        ctx.save(a)
        return _nan_to_num(a, nan, posinf, neginf)

    def backward(ctx, g, xp):
        x, = xp.saved(ctx)
        return (g * _isfinite(xp, x),)


def _nan_to_num(a, nan, posinf, neginf):
    if a.dtype.kind not in "fc":
        return a.copy()
    info = np.finfo(a.dtype)
    with np.errstate(all="ignore"):
        out = np.nan_to_num(a, nan=nan, posinf=info.max if posinf is None else posinf,
                            neginf=info.min if neginf is None else neginf)
    return np.asarray(out, dtype=a.dtype)


_isfinite = via(np.isfinite, lambda t: make(np.isfinite(t._data)))


# ----------------------------------------------------------------------------------------------
# the functions
def _doc(text: str) -> str:
    return text + "\n\nArgs:\n    input (Tensor): the input tensor.\n"


_FLOATS = " Integer and bool inputs give the default float dtype."
log2 = unary_function(Log2Backward0, "log2", _doc("Return the base-2 logarithm of each element." + _FLOATS))
log10 = unary_function(Log10Backward0, "log10", _doc("Return the base-10 logarithm of each element." + _FLOATS))
log1p = unary_function(Log1PBackward0, "log1p", _doc("Return ``log(1 + x)`` of each element, accurate for small "
                                                     "``x``." + _FLOATS))
exp2 = unary_function(Exp2Backward0, "exp2", _doc("Return ``2 ** x`` of each element." + _FLOATS))
expm1 = unary_function(Expm1Backward0, "expm1", _doc("Return ``exp(x) - 1`` of each element, accurate for small "
                                                     "``x``." + _FLOATS))
rsqrt = unary_function(RsqrtBackward0, "rsqrt", _doc("Return ``1 / sqrt(x)`` of each element (``inf`` at 0, ``nan`` "
                                                     "below)." + _FLOATS))
sgn = unary_function(SgnBackward0, "sgn", _doc("Return the sign of each element (for real tensors, as "
                                               ":func:`sign`: integer and bool dtypes kept, 0 for NaN); its "
                                               "gradient is 0."), keep_int=_sgn_int)
_FRAC_INT = "\"frac_cpu\" not implemented for '{}'"


def _frac_refused(dtype: str) -> NotImplementedError:
    return NotImplementedError(_FRAC_INT.format(dtype))


_frac_fn = unary_function(FracBackward0, "frac", "")
_frac_inplace = unary_inplace(FracBackward0, "frac")


def frac(input: Tensor) -> Tensor:  # noqa: A002
    """Return the fractional part ``x - trunc(x)`` of each element (floating tensors only, as torch);
    the gradient passes unchanged.

    Args:
        input (Tensor): the input tensor.
    """
    _refuse_int_frac(input, "frac")
    return _frac_fn(input)


def frac_(input: Tensor) -> Tensor:  # noqa: A002
    """In-place version of :func:`frac`; returns ``input``.

    Args:
        input (Tensor): the tensor to modify.
    """
    _refuse_int_frac(input, "frac")
    return _frac_inplace(input)


def _refuse_int_frac(input, name: str) -> None:  # noqa: A002
    if isinstance(input, Tensor) and input._data.dtype.kind not in "fc":
        raise _frac_refused(input.dtype._legacy[:-6])


log2_, log10_, log1p_, exp2_, expm1_, rsqrt_ = (
    unary_inplace(Log2Backward0, "log2"), unary_inplace(Log10Backward0, "log10"),
    unary_inplace(Log1PBackward0, "log1p"), unary_inplace(Exp2Backward0, "exp2"),
    unary_inplace(Expm1Backward0, "expm1"), unary_inplace(RsqrtBackward0, "rsqrt"))
sgn_ = unary_inplace(SgnBackward0, "sgn", _sgn_int)


def square(input: Tensor) -> Tensor:  # noqa: A002
    """Return the square of each element: ``input ** 2`` (torch records ``PowBackward0``); integer
    dtypes are kept and bool gives int64.

    Args:
        input (Tensor): the input tensor.
    """
    if not isinstance(input, Tensor):
        raise must_be_tensor("square", "input", 1, input)
    if input._data.dtype.kind == "b":
        return _pow(make(input._data.astype(np.int64)), 2)
    return _pow(input, 2)


def square_(input: Tensor) -> Tensor:  # noqa: A002
    """In-place version of :func:`square`; returns ``input``.

    Args:
        input (Tensor): the tensor to modify.
    """
    return input.pow_(2)


def _eps(name: str, eps, position: int = 2) -> float | None:
    if eps is None or type(eps) in (float, int):
        return None if eps is None else float(eps)
    raise TypeError(f"{name}(): argument 'eps' (position {position}) must be float, not {type(eps).__name__}")


def logit(input: Tensor, eps: float | None = None) -> Tensor:  # noqa: A002
    """Return the logit ``log(p / (1 - p))`` of each element.

    Args:
        input (Tensor): the input tensor (integer and bool inputs give the default float dtype).
        eps (float, optional): when given, the input is first clamped to ``[eps, 1 - eps]`` and the
            gradient is 0 outside that range. Without it the result is ``nan`` outside
            ``[0, 1]`` and ``+-inf`` at its ends, as is the gradient. Default: ``None``.
    """
    if not isinstance(input, Tensor):
        raise must_be_tensor("logit", "input", 1, input)
    return apply1(LogitBackward0, input, float_input(input), _eps("logit", eps))


def logit_method(input: Tensor, eps: float | None = None) -> Tensor:  # noqa: A002
    """``Tensor.logit(eps=None)``: :func:`logit` (torch's method words for a bad ``eps``)."""
    return apply1(LogitBackward0, input, float_input(input), _eps("logit", eps, 1))


def logit_(input: Tensor, eps: float | None = None) -> Tensor:  # noqa: A002
    """In-place version of :func:`logit`; returns ``input``.

    Args:
        input (Tensor): the tensor to modify.
        eps (float, optional): as :func:`logit`'s.
    """
    return apply_inplace(LogitBackward0, input, (input,), (float_input(input),), _eps("logit_", eps, 1))


def _fill_value(name: str, arg: str, v) -> float | None:
    if v is None or type(v) in (float, int, bool) or isinstance(v, np.floating):
        return None if v is None else float(v)
    raise TypeError(f"{name}(): argument '{arg}' must be float, not {type(v).__name__}")


def nan_to_num(input: Tensor, nan: float = 0.0, posinf: float | None = None,  # noqa: A002
               neginf: float | None = None) -> Tensor:
    """Replace NaN, positive infinity and negative infinity in ``input`` by ``nan``, ``posinf`` and
    ``neginf``. Integer and bool tensors are returned as a copy.

    The gradient passes where the input is finite and is 0 elsewhere.

    Args:
        input (Tensor): the input tensor.
        nan (float, optional): the value for NaN. Default: ``0.0``.
        posinf (float, optional): the value for +inf. Default: the dtype's largest finite value.
        neginf (float, optional): the value for -inf. Default: the dtype's lowest finite value.
    """
    if not isinstance(input, Tensor):
        raise must_be_tensor("nan_to_num", "input", 1, input)
    args = (_fill_value("nan_to_num", "nan", nan), _fill_value("nan_to_num", "posinf", posinf),
            _fill_value("nan_to_num", "neginf", neginf))
    d = input._data
    if d.dtype.kind not in "fc":
        return make(d.copy())
    return apply1(NanToNumBackward0, input, d, *args)


def nan_to_num_(input: Tensor, nan: float = 0.0, posinf: float | None = None,  # noqa: A002
                neginf: float | None = None) -> Tensor:
    """In-place version of :func:`nan_to_num`; returns ``input``.

    Args:
        input (Tensor): the tensor to modify.
        nan, posinf, neginf (float, optional): as :func:`nan_to_num`'s.
    """
    args = (_fill_value("nan_to_num_", "nan", nan), _fill_value("nan_to_num_", "posinf", posinf),
            _fill_value("nan_to_num_", "neginf", neginf))
    if input._data.dtype.kind not in "fc":
        return input
    return apply_inplace(NanToNumBackward0, input, (input,), (input._data,), *args)


rsqrt_xp = via(_rsqrt, rsqrt)   # rsqrt in a backward formula (asin's, acosh's...)
