"""Binary elementwise math: atan2, hypot, copysign, logaddexp, logaddexp2, xlogy, float_power, fmax,
fmin, with torch's promotion, argument errors and gradients (derivatives.yaml's formulas, one per node,
serving both engine modes). The three-operand ops (lerp, addcmul, addcdiv) are in ``ops/ternary.py``.

Integer and bool operands of the floating ops (atan2, copysign, xlogy) compute in the default float
dtype, as torch's; hypot and logaddexp refuse them with torch's kernel errors.
"""
from __future__ import annotations


import numpy as np

from .. import _dtype
from .._layout import torch_layout
from .._tensor import Tensor
from ._inplace import apply_inplace, check_shapes
from ._op import Op
from ._promotion import (
    ArgError,
    broadcast_error,
    default_float_np,
    _SIGNATURES,
    is_number,
    method_form,
    must_be_tensor,
    operand,
    promote,
)
from .._graph import NO_RECORD
from ._record import apply
from .arithmetic import _SUB_BOOL
from .conversion import to as _to
from .power import pow as _pow

__all__ = ["atan2", "hypot", "copysign", "logaddexp", "logaddexp2", "xlogy", "float_power", "fmax", "fmin",
           "arctan2", "atan2_", "hypot_", "copysign_", "xlogy_", "float_power_", "arctan2_"]

_LN2 = 0.6931471805599453

# the signatures torch's argument parser lists when it refuses a call (read by _promotion.ArgError)
_OUT = ", *, Tensor out = None"
_SIGNATURES.setdefault("copysign", (("(Tensor input, Tensor other" + _OUT + ")",
                                     "(Tensor input, Number other" + _OUT + ")"), ("(Tensor other)", "(Number other)")))
_SIGNATURES.setdefault("xlogy", (("(Tensor input, Tensor other" + _OUT + ")", "(Number self, Tensor other" + _OUT + ")",
                                  "(Tensor input, Number other" + _OUT + ")"), ("(Tensor other)", "(Number other)")))
_SIGNATURES.setdefault("float_power", (("(Tensor input, Tensor exponent" + _OUT + ")",
                                        "(Number self, Tensor exponent" + _OUT + ")",
                                        "(Tensor input, Number exponent" + _OUT + ")"),
                                       ("(Tensor exponent)", "(Number exponent)")))


def _legacy(d: np.ndarray) -> str:
    return _dtype._BY_CHAR[d.dtype.char]._legacy[:-6]


def _opmath(fn):
    """``fn`` computed in float32 for float16 operands, rounded once (torch's opmath for half)."""
    def run(*args):
        if any(isinstance(a, np.ndarray) and a.dtype.char == "e" for a in args):
            out = fn(*(a.astype(np.float32) if isinstance(a, np.ndarray) and a.dtype.char == "e" else a
                       for a in args))
            return np.asarray(out).astype(np.float16)
        return fn(*args)
    return run


def _xlogy(x, y):      # float16 in float16, each step rounded (as torch's half kernel)
    with np.errstate(all="ignore"):
        r = x * np.log(y)
    # 0 where x == 0, unless y is NaN (torch's xlogy)
    return np.where((x == 0) & ~np.isnan(y), np.zeros((), r.dtype), r)


@_opmath
def _logaddexp(a, b):
    """torch's formula: ``max + log1p(exp(-|a - b|))``, and ``a`` where both are the same infinity."""
    with np.errstate(all="ignore"):
        m = np.maximum(a, b)
        r = m + np.log1p(np.exp(-np.abs(a - b)))
        return np.where(np.isinf(a) & (a == b), a, r).astype(r.dtype, copy=False)


@_opmath
def _logaddexp2(a, b):
    with np.errstate(all="ignore"):
        m = np.maximum(a, b)
        t = np.log1p(np.exp2(-np.abs(a - b)))
        if m.dtype == np.float32:    # torch's kernel fuses the multiply-add: exact in float64, rounded once
            r = (m.astype(np.float64) + t.astype(np.float64) * float(np.float32(1 / _LN2))).astype(np.float32)
        else:
            r = m + t * (1 / _LN2)
        return np.where(np.isinf(a) & (a == b), a, r).astype(r.dtype, copy=False)


def _fmax(a, b):
    return np.where((a < b) | (a != a), b, a)     # torch's: ``a`` on ties (signed zeros) and where ``b`` is NaN


def _fmin(a, b):
    return np.where((a > b) | (a != a), b, a)


# ----------------------------------------------------------------------------------------------
# the ops (derivatives.yaml)
class Atan2Backward0(Op):
    __slots__ = ()
    _saved_names = ("other", "self")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save(b, a)
        return torch_layout(np.arctan2(a, b), a, b)

    def backward(ctx, g, xp):
        b, a = xp.saved(ctx)
        d = a * a + b * b
        with np.errstate(all="ignore"):
            recip = xp.where(d == 0, 0.0, 1 / d)      # torch: a zero gradient at the origin
        return g * b * recip, g * -a * recip


class HypotBackward0(Op):
    __slots__ = ()
    _saved_names = ("other", "result", "self")

    @staticmethod
    def forward(ctx, a, b):
        r = torch_layout(np.hypot(a, b), a, b)
        ctx.save(b, r, a)
        return r

    def backward(ctx, g, xp):
        b, r, a = xp.saved(ctx)
        return g * a / r, g * b / r


class CopysignBackward0(Op):
    """``copysign(tensor, tensor)``: the magnitude's gradient is ``g * result / self`` (0 where self is 0);
    the sign's is 0."""
    __slots__ = ()
    _saved_names = ("result", "self")

    @staticmethod
    def forward(ctx, a, b):
        r = torch_layout(np.copysign(a, b), a, b)
        ctx.save(r, a)
        return r

    def backward(ctx, g, xp):
        r, a = xp.saved(ctx)
        return _copysign_grad(g, r, a, xp), xp.zeros_like(g)


class CopysignBackward1(Op):
    """``copysign(tensor, number)``."""
    __slots__ = ()
    _saved_names = ("result", "self")

    @staticmethod
    def forward(ctx, a, b):
        r = np.copysign(a, b).astype(a.dtype, copy=False)
        ctx.save(r, a)
        return r

    def backward(ctx, g, xp):
        r, a = xp.saved(ctx)
        return (_copysign_grad(g, r, a, xp),)


def _copysign_grad(g, r, a, xp):
    with np.errstate(all="ignore"):
        ratio = r / a
    return g * xp.where(a == 0, 0.0, ratio)


class LogaddexpBackward0(Op):
    __slots__ = ()
    _saved_names = ("other", "self")
    # torch's formulas subtract the inputs (``other - self``), which raises for a bool input, in backward
    # (random-seed fuzz find); the arrays here are already promoted, so the function notes it
    _bool_input = False

    @staticmethod
    def forward(ctx, a, b, bool_input=False):
        if bool_input and ctx is not NO_RECORD:
            ctx._bool_input = True
        ctx.save(b, a)
        return torch_layout(_logaddexp(a, b), a, b)

    def backward(ctx, g, xp):
        b, a = xp.saved(ctx)
        if ctx._bool_input:
            raise RuntimeError(_SUB_BOOL)
        return g / (1 + xp.exp(b - a)), g / (1 + xp.exp(a - b))


class Logaddexp2Backward0(Op):
    __slots__ = ()
    _saved_names = ("other", "self")
    # torch's formulas subtract the inputs (``other - self``), which raises for a bool input, in backward
    # (random-seed fuzz find); the arrays here are already promoted, so the function notes it
    _bool_input = False

    @staticmethod
    def forward(ctx, a, b, bool_input=False):
        if bool_input and ctx is not NO_RECORD:
            ctx._bool_input = True
        ctx.save(b, a)
        return torch_layout(_logaddexp2(a, b), a, b)

    def backward(ctx, g, xp):
        b, a = xp.saved(ctx)
        if ctx._bool_input:
            raise RuntimeError(_SUB_BOOL)
        return g / (1 + xp.exp((b - a) * _LN2)), g / (1 + xp.exp((a - b) * _LN2))


def _xlogy_self_grad(g, a, b, xp):
    """``xlogy(g, other)``, 0 where ``self == 0`` and ``other <= 0`` (derivatives.yaml)."""
    with np.errstate(all="ignore"):
        d = g * xp.log(b)
    return xp.where(((a == 0) & (b <= 0)) | ((g == 0) & (b == b)), 0.0, d)


class XlogyBackward0(Op):
    """``xlogy(tensor, tensor)``."""
    __slots__ = ()
    _saved_names = ("other", "self")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save(b, a)
        return torch_layout(_xlogy(a, b), a, b)

    def backward(ctx, g, xp):
        b, a = xp.saved(ctx)
        return _xlogy_self_grad(g, a, b, xp), g * a / b


class XlogyBackward1(Op):
    """``xlogy(number, tensor)``: only the tensor gets a gradient, ``g * self / other``."""
    __slots__ = ()
    _saved_names = ("other", "self")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save(b, a)
        return _xlogy(np.asarray(a, b.dtype), b)

    def backward(ctx, g, xp):
        b, a = xp.saved(ctx)
        return None, g * a / b


class XlogyBackward2(Op):
    """``xlogy(tensor, number)``."""
    __slots__ = ()
    _saved_names = ("other", "self")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save(b, a)
        return _xlogy(a, np.asarray(b, a.dtype))

    def backward(ctx, g, xp):
        b, a = xp.saved(ctx)
        return (_xlogy_self_grad(g, a, b, xp),)


class FmaxBackward0(Op):
    __slots__ = ()
    _saved_names = ("other", "self")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save(b, a)
        return torch_layout(_fmax(a, b), a, b)

    def backward(ctx, g, xp):
        b, a = xp.saved(ctx)
        first = (a >= b) | (b != b)           # where self is the result (other NaN, or self larger)
        return xp.where(first, g, 0.0), xp.where(first, 0.0, g)


class FminBackward0(Op):
    __slots__ = ()
    _saved_names = ("other", "self")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save(b, a)
        return torch_layout(_fmin(a, b), a, b)

    def backward(ctx, g, xp):
        b, a = xp.saved(ctx)
        first = (a <= b) | (b != b)
        return xp.where(first, g, 0.0), xp.where(first, 0.0, g)


# ----------------------------------------------------------------------------------------------
# operands
def _tensor_arg(name: str, arg: str, position: int, v) -> Tensor:
    if not isinstance(v, Tensor):
        raise must_be_tensor(name, arg, position, v)
    return v


def _floats(ad, bd):
    """Integer and bool operands compute in the default float dtype (atan2, copysign, xlogy)."""
    if np.asarray(ad).dtype.kind in "biu":
        f = default_float_np()
        ad = ad.astype(f) if isinstance(ad, np.ndarray) else ad
        bd = bd.astype(f) if isinstance(bd, np.ndarray) else bd
    return ad, bd


def _refuse_int(kernel: str, d: np.ndarray) -> None:
    if d.dtype.kind in "biu":
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_legacy(d)}'")


def _run(cls, tensors: tuple, arrays: tuple, *params) -> Tensor:
    try:
        return apply(cls, tensors, arrays, *params)
    except ValueError:
        shapes = [np.shape(a) for a in arrays if isinstance(a, np.ndarray)]
        raise broadcast_error(shapes[0], shapes[-1]) from None


def _run_(cls, a: Tensor, tensors: tuple, arrays: tuple, *params) -> Tensor:
    try:
        return apply_inplace(cls, a, tensors, arrays, *params)
    except ValueError:
        shapes = [np.shape(x) for x in arrays if isinstance(x, np.ndarray)]
        raise broadcast_error(shapes[0], shapes[-1]) from None


def _two_tensor_op(cls, name: str, doc: str, kernel: str | None = None, floats: bool = True,
                   refuse_complex: str | None = None, notes_bool: bool = False):
    """(function, method, in-place) of a binary op whose operands must both be Tensors."""
    def prepare(a: Tensor, b: Tensor, inplace: bool = False):
        tb, ad, bd = promote(a, b)
        check_shapes((ad, bd), ad if inplace else None)     # (before the kernel's dtype checks, as torch)
        if refuse_complex and ad.dtype.kind == "c":
            raise RuntimeError(refuse_complex)
        if kernel is not None:
            _refuse_int(kernel, ad)
        if floats:
            ad, bd = _floats(ad, bd)
        return tb, ad, bd

    def fn(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
        _tensor_arg(name, "input", 1, input)
        _tensor_arg(name, "other", 2, other)
        tb, ad, bd = prepare(input, other)
        if notes_bool and "b" in (input._data.dtype.kind, other._data.dtype.kind):
            return _run(cls, (input, tb), (ad, bd), True)     # (forward's bool_input: logaddexp)
        return _run(cls, (input, tb), (ad, bd))

    def method(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
        _tensor_arg(name, "other", 1, other)
        return fn(input, other)

    def inplace(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
        _tensor_arg(name + "_", "other", 1, other)
        tb, ad, bd = prepare(input, other, inplace=True)
        return _run_(cls, input, (input, tb), (ad, bd))

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc + ("\n\nArgs:\n    input (Tensor): the first operand.\n"
                        "    other (Tensor): the second operand, broadcastable with ``input``.\n")
    method.__name__ = method.__qualname__ = name
    method.__doc__ = fn.__doc__
    inplace.__name__ = inplace.__qualname__ = name + "_"
    inplace.__doc__ = f"In-place version of :func:`{name}`; returns ``input``."
    return fn, method, inplace


atan2, atan2_method, atan2_ = _two_tensor_op(
    Atan2Backward0, "atan2", "Return the angle ``atan(input / other)`` of the point ``(other, input)``, in "
    "(-pi, pi], with the quadrant of its signs. Integer and bool inputs give the default float dtype.")
arctan2, arctan2_ = atan2, atan2_
hypot, hypot_method, hypot_ = _two_tensor_op(
    HypotBackward0, "hypot", "Return ``sqrt(input ** 2 + other ** 2)`` elementwise, without overflow "
    "(floating tensors only).", kernel="hypot_cpu", floats=False)
logaddexp, logaddexp_method, _ = _two_tensor_op(
    LogaddexpBackward0, "logaddexp", "Return ``log(exp(input) + exp(other))`` elementwise, without overflow "
    "(floating tensors only).", kernel="logaddexp_cpu", floats=False, notes_bool=True)
logaddexp2, logaddexp2_method, _ = _two_tensor_op(
    Logaddexp2Backward0, "logaddexp2", "Return ``log2(2 ** input + 2 ** other)`` elementwise, without overflow "
    "(floating tensors only).", kernel="logaddexp2_cpu", floats=False, notes_bool=True)
fmax, fmax_method, _ = _two_tensor_op(
    FmaxBackward0, "fmax", "Return the elementwise maximum, ignoring NaN: where one operand is NaN, the other is "
    "taken (NaN only where both are). The gradient goes to the operand taken (``input`` on ties).",
    floats=False, refuse_complex="fmax not implemented for complex tensors.")
fmin, fmin_method, _ = _two_tensor_op(
    FminBackward0, "fmin", "Return the elementwise minimum, ignoring NaN: where one operand is NaN, the other is "
    "taken (NaN only where both are). The gradient goes to the operand taken (``input`` on ties).",
    floats=False, refuse_complex="fmin not implemented for complex tensors.")


def _copysign_args(name: str, input, other) -> tuple:  # noqa: A002
    if not isinstance(input, Tensor) or not (isinstance(other, Tensor) or is_number(other)):
        raise ArgError(name, (input, other), sig="copysign")
    other = operand(other)
    tb, ad, bd = promote(input, other)
    ad, bd = _floats(ad, bd)
    return tb, ad, bd


def copysign(input: Tensor, other) -> Tensor:  # noqa: A002
    """Return the magnitude of ``input`` with the sign of ``other``, elementwise (the sign bit: -0.0
    counts as negative). Integer and bool inputs give the default float dtype. The gradient with
    respect to ``input`` is ``sign(result / input)`` (0 where ``input`` is 0); with respect to ``other`` 0.

    Args:
        input (Tensor): the magnitudes.
        other (Tensor or Number): the signs, broadcastable with ``input``.
    """
    tb, ad, bd = _copysign_args("copysign", input, other)
    if tb is None:
        return _run(CopysignBackward1, (input,), (ad,), bd)
    return _run(CopysignBackward0, (input, tb), (ad, bd))


def copysign_(input: Tensor, other) -> Tensor:  # noqa: A002
    """In-place version of :func:`copysign`; returns ``input``."""
    tb, ad, bd = _copysign_args("copysign_", input, other)
    if tb is None:
        return _run_(CopysignBackward1, input, (input,), (ad,), bd)
    return _run_(CopysignBackward0, input, (input, tb), (ad, bd))


def _xlogy_args(name: str, input, other):  # noqa: A002
    ok = (isinstance(input, Tensor) and (isinstance(other, Tensor) or is_number(other))
          or is_number(input) and isinstance(other, Tensor))
    if not ok:
        raise ArgError(name, (input, other), sig="xlogy")


def xlogy(input, other) -> Tensor:  # noqa: A002
    """Return ``input * log(other)`` elementwise, 0 where ``input`` is 0 (unless ``other`` is NaN).
    Integer and bool inputs give the default float dtype; either operand may be a number.

    Args:
        input (Tensor or Number): the multiplier.
        other (Tensor or Number): the logarithm's argument, broadcastable with ``input``.
    """
    _xlogy_args("xlogy", input, other)
    if not isinstance(input, Tensor):       # Number self: promoted as a wrapped number
        _, od, s = promote(other, operand(input))
        od, _ = _floats(od, None)
        return _run(XlogyBackward1, (None, other), (s, od))
    other = operand(other)
    tb, ad, bd = promote(input, other)
    ad, bd = _floats(ad, bd)
    if tb is None:
        return _run(XlogyBackward2, (input,), (ad,), bd)
    return _run(XlogyBackward0, (input, tb), (ad, bd))


def xlogy_(input: Tensor, other) -> Tensor:  # noqa: A002
    """In-place version of :func:`xlogy`; returns ``input``."""
    _xlogy_args("xlogy_", input, other)
    other = operand(other)
    tb, ad, bd = promote(input, other)
    ad, bd = _floats(ad, bd)
    if tb is None:
        return _run_(XlogyBackward2, input, (input,), (ad,), bd)
    return _run_(XlogyBackward0, input, (input, tb), (ad, bd))


def _double(x):
    return x if not isinstance(x, Tensor) else _to(x, _dtype.complex128 if x._data.dtype.kind == "c"
                                                    else _dtype.float64)


def float_power(input, exponent) -> Tensor:  # noqa: A002
    """Raise ``input`` to ``exponent`` in double precision: both are cast to float64 (complex128 if
    either is complex), then :func:`pow` (as torch: the casts are recorded as ``ToCopyBackward0``).

    Args:
        input (Tensor or Number): the base.
        exponent (Tensor or Number): the exponent.
    """
    ok = (isinstance(input, Tensor) and (isinstance(exponent, Tensor) or is_number(exponent))
          or is_number(input) and isinstance(exponent, Tensor))
    if not ok:
        raise ArgError("float_power", (input, exponent), sig="float_power")
    base = float(input) if is_number(input) and not isinstance(input, complex) else input
    if is_number(exponent) and not isinstance(exponent, complex):
        exponent = float(exponent)
    return _pow(_double(base), _double(exponent))


def float_power_(input: Tensor, exponent) -> Tensor:  # noqa: A002
    """In-place version of :func:`float_power`: ``input`` must be float64 (or complex128)."""
    if not isinstance(exponent, Tensor) and not is_number(exponent):
        raise ArgError("float_power_", (exponent,), sig="float_power", method=True)
    complex_ = input._data.dtype.kind == "c" or (isinstance(exponent, Tensor) and exponent._data.dtype.kind == "c") \
        or isinstance(exponent, complex)
    want = _dtype.complex128 if complex_ else _dtype.float64
    if input.dtype is not want:
        raise RuntimeError(f"the base given to float_power_ has dtype {input.dtype._legacy[:-6]} but the "
                           f"operation's result requires dtype {want._legacy[:-6]}")
    return input.pow_(_double(exponent) if isinstance(exponent, Tensor) else exponent)


copysign_method, xlogy_method = method_form(copysign), method_form(xlogy)
float_power_method = method_form(float_power)
