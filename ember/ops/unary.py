"""Unary math: exp, log, sqrt, trigonometric and hyperbolic functions, sigmoid, abs, relu, sign,
rounding. Integer inputs are computed in the default float dtype, except where torch keeps
integers (abs, relu, sign and the rounding functions copy them).

Each op is a :class:`Unary` subclass named as torch's node: ``compute`` (NumPy), ``saves``
(``"self"``, ``"result"`` or nothing) and ``derivative(g, saved, xp)`` on consecutive lines.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from .._dtype import _BY_CHAR
from .._grad_mode import STATE
from .._graph import NO_RECORD
from .._quiet import quiet, quiet_call, quiet_run
from .._tensor import Tensor, make
from ._inplace import apply_inplace
from ._op import Op
from ._promotion import float_input, must_be_tensor
from ._record import apply1, apply2

__all__ = ["exp", "log", "sqrt", "sin", "cos", "tanh", "sigmoid", "abs", "relu", "sign", "floor", "ceil",
           "round", "trunc", "exp_", "log_", "sqrt_", "sin_", "cos_", "tanh_", "sigmoid_", "abs_", "relu_",
           "sign_", "floor_", "ceil_", "round_", "trunc_"]


class Unary(Op):
    """An elementwise op of one input. A subclass declares ``compute`` (NumPy, array -> array),
    ``saves`` (what ``derivative`` receives: the input ``"self"``, the ``"result"``, ``"both"`` as a pair,
    or ``""`` for nothing) and ``derivative(g, saved, xp)``; ``forward``/``backward`` are made from them
    once, when the class is defined (a closure per op: as fast as a hand-written forward)."""

    __slots__ = ()
    compute: Callable | None = None
    saves = ""

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        compute, derivative, saves = cls.compute, cls.derivative, cls.saves
        one = saves != "both"

        def forward(ctx, a):
            try:                    # torch is silent about inf/NaN results (exp(1e39), cos(inf))
                r = quiet_run(compute, a)
            except RuntimeError:    # the quiet context is busy in another thread
                r = quiet_call(compute, a)
            if saves and ctx is not NO_RECORD:     # ctx.save, inlined (every unary op passes here)
                ctx._saved = (a,) if saves == "self" else (r,) if one else (a, r)
            return r

        def backward(ctx, g, xp):
            if saves:
                if one:
                    v, = xp.saved(ctx)
                    return (derivative(g, v, xp),)
                return (derivative(g, xp.saved(ctx), xp),)
            return (derivative(g, None, xp),)

        cls.forward = staticmethod(forward)
        cls.backward = backward
        cls._saved_names = ("self", "result") if saves == "both" else (saves,) if saves else ()

    @staticmethod
    def derivative(g, saved, xp):
        raise NotImplementedError


def _sigmoid(a):
    # numerically stable for any |a|: exp(-|a|) never overflows, so no warnings to silence
    if a.dtype.char == "e":     # float16: torch computes in float32 and rounds once
        return _sigmoid(a.astype(np.float32)).astype(np.float16)
    if a.dtype.kind == "c":
        with np.errstate(over="ignore", invalid="ignore"):
            return 1 / (1 + np.exp(-a))
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1 / (1 + e), e / (1 + e)).astype(a.dtype, copy=False)


def sign_array(a):
    """torch's sign of a float array: NumPy's, except that the sign of NaN is 0 (NumPy: NaN)."""
    s = np.sign(a)
    if type(s) is np.ndarray:
        s[s != s] = 0
        return s
    return s if s == s else s.dtype.type(0)     # a 0-d input: NumPy returns a scalar


def _zero(g, saved, xp):
    return xp.zeros_like(g)


# ----------------------------------------------------------------------------------------------
# the ops: name, forward, saved value, derivative
class ExpBackward0(Unary):
    compute, saves = np.exp, "result"
    def derivative(g, r, xp): return g * r                      # noqa: E704


class LogBackward0(Unary):
    compute, saves = quiet(np.log), "self"
    def derivative(g, x, xp): return g / x                      # noqa: E704


class SqrtBackward0(Unary):
    compute, saves = quiet(np.sqrt), "result"
    def derivative(g, r, xp): return g / xp.mul_scalar(r, 2)    # noqa: E704


class SinBackward0(Unary):
    compute, saves = np.sin, "self"
    def derivative(g, x, xp): return g * xp.cos(x)              # noqa: E704


class CosBackward0(Unary):
    compute, saves = np.cos, "self"
    def derivative(g, x, xp): return g * -xp.sin(x)             # noqa: E704


class TanhBackward0(Unary):
    compute, saves = np.tanh, "result"
    def derivative(g, r, xp): return tanh_backward(g, r, xp)    # noqa: E704


class SigmoidBackward0(Unary):
    compute, saves = _sigmoid, "result"
    def derivative(g, r, xp): return sigmoid_backward(g, r, xp)     # noqa: E704


class AbsBackward0(Unary):
    compute, saves = np.abs, "self"
    def derivative(g, x, xp): return g * xp.sign(x)             # noqa: E704


class ReluBackward0(Unary):
    compute, saves = (lambda a: np.maximum(0, a).astype(a.dtype, copy=False)), "result"    # relu(-0.0) is -0.0
    def derivative(g, r, xp): return xp.relu_grad(g, r)         # noqa: E704


class SignBackward0(Unary):
    compute, derivative = sign_array, _zero


class FloorBackward0(Unary):
    compute, derivative = np.floor, _zero


class CeilBackward0(Unary):
    compute, derivative = np.ceil, _zero


class RoundBackward0(Unary):
    compute, derivative = np.round, _zero


class RoundBackward1(Op):
    """``round(decimals=)``: torch's kernel, ``nearbyint(x * 10**d) / 10**d`` (``nearbyint(x / 10**-d) * 10**-d``
    for ``d < 0``) in the input's dtype (float32 for half); its gradient is 0."""
    __slots__ = ()
    _param_names = ("decimals",)

    @staticmethod
    def forward(ctx, a, decimals):
        x = a.astype(np.float32) if a.dtype == np.float16 else a
        r = quiet_call(_round_decimals, x, decimals)
        return r.astype(np.float16) if x is not a else r

    def backward(ctx, g, xp):
        return (xp.zeros_like(g),)


def _round_decimals(x, decimals):
    power = x.dtype.type(np.power(10.0, -decimals if decimals < 0 else decimals))   # in double, then cast (torch)
    return np.round(x / power) * power if decimals < 0 else np.round(x * power) / power


class TruncBackward0(Unary):
    compute, derivative = np.trunc, _zero


class ThresholdBackwardBackward0(Op):
    """relu's and threshold's backward as an op of its own (torch's name): 0 where ``self <= threshold``,
    else ``g``, so a create_graph gradient stays connected to ``self`` (relu's result, threshold's
    input), as torch's does (its derivative w.r.t. ``self`` is zero)."""
    __slots__ = ("threshold",)
    _saved_names = ("self",)
    _param_names = ("threshold",)

    @staticmethod
    def forward(ctx, g, r, threshold=0):
        ctx.save(r)
        ctx.threshold = threshold
        # a select (NaN passes g); not "r is nonzero" for threshold 0, which is relu's result's rule only:
        # threshold(x, 0, 0)'s input may be negative (a random-seed fuzz find)
        return np.where(r <= threshold, 0.0, g).astype(g.dtype, copy=False)

    def backward(ctx, gg, xp):
        r, = xp.saved(ctx)
        th = ctx.threshold
        gg_of_g = threshold_backward(gg, r, th) if xp.tensor_mode else np.where(r <= th, 0.0, gg)
        return gg_of_g, xp.zeros_like(gg)       # zero (not absent) w.r.t. self, as torch


class TanhBackwardBackward0(Op):
    """tanh's backward, ``grad_output * (1 - output * output)``, as an op of its own (torch's
    ``tanh_backward``): what tanh's gradient records under create_graph, so its own gradients are torch's
    (``tanh_backward(grad, output)`` and ``grad * (-2 * output * grad_output)``)."""
    __slots__ = ()
    _saved_names = ("grad_output", "output")

    @staticmethod
    def forward(ctx, g, r):
        ctx.save(g, r)
        return g * (1 - r * r)

    def backward(ctx, gg, xp):
        g, r = xp.saved(ctx)
        return tanh_backward(gg, r, xp), gg * (xp.mul_scalar(r, -2) * g)


class SigmoidBackwardBackward0(Op):
    """sigmoid's backward, ``grad_output * (1 - output) * output`` (torch's kernel's order), as an op of its
    own (torch's ``sigmoid_backward``); its gradients: ``sigmoid_backward(grad, output)`` and
    ``grad * grad_output * (-2 * output + 1)``."""
    __slots__ = ()
    _saved_names = ("grad_output", "output")

    @staticmethod
    def forward(ctx, g, r):
        ctx.save(g, r)
        return g * (1 - r) * r

    def backward(ctx, gg, xp):
        g, r = xp.saved(ctx)
        return sigmoid_backward(gg, r, xp), gg * g * xp.add_scalar(xp.mul_scalar(r, -2), 1)


def tanh_backward(g, r, xp):
    """tanh's gradient from its result ``r``: arrays, or recorded as ``TanhBackwardBackward0``."""
    if xp.tensor_mode:
        return apply2(TanhBackwardBackward0, g, r, g._data, r._data)
    return g * (1 - r * r)


def sigmoid_backward(g, r, xp):
    """sigmoid's gradient from its result ``r``: arrays, or recorded as ``SigmoidBackwardBackward0``."""
    if xp.tensor_mode:
        return apply2(SigmoidBackwardBackward0, g, r, g._data, r._data)
    return g * (1 - r) * r


def threshold_backward(g: Tensor, r: Tensor, threshold: float = 0) -> Tensor:
    """``g`` where ``r > threshold`` (or NaN), else 0 (relu's gradient, ``r`` its result; threshold's, ``r``
    its input), recorded as torch's ThresholdBackwardBackward0."""
    return apply2(ThresholdBackwardBackward0, g, r, g._data, r._data, threshold)


# ----------------------------------------------------------------------------------------------
# the functions
class _IntegerUnary(Op):
    """The in-place form of a Unary op that keeps integer dtypes (``abs_``, ``relu_``...) on an
    integer tensor: computed by the op's ``keep_int``; never recorded (integers need no grad)."""
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, fn):
        return fn(a)


_INTEGER_NODES: dict = {}


def _integer_node(op: type[Unary]) -> type[_IntegerUnary]:
    """``_IntegerUnary`` under the op's name: what torch records for ``t.relu_()`` on an integer tensor that
    requires grad (a float was written into it), whose backward torch cannot run either."""
    node = _INTEGER_NODES.get(op)
    if node is None:
        node = _INTEGER_NODES.setdefault(op, type(op.__name__, (_IntegerUnary,), {"__slots__": ()}))
    return node


def _refuse_bool(bool_error: Exception | None, d: np.ndarray) -> None:
    if bool_error is not None and d.dtype.kind == "b":
        raise type(bool_error)(*bool_error.args)


def _refuse_complex(complex_error: Callable | None, d: np.ndarray) -> None:
    if complex_error is not None:
        raise complex_error(_BY_CHAR[d.dtype.char]._legacy[:-6])


def _from_kernel(error: Exception) -> bool:
    """torch's dtype-dispatch refusal (``"abs_cpu" not implemented for 'Bool'``) comes from the kernel,
    so an in-place op raises it after the memory-overlap check; other refusals are checks in the op's
    front (``Boolean inputs not supported for relu``) and come first."""
    return str(error).startswith('"')


def _inplace_refusal(error: Exception | None) -> Exception | None:
    """``error`` if the kernel raises it (for ``apply_inplace``'s ``kernel_error``); raised now if not."""
    if error is not None and not _from_kernel(error):
        raise type(error)(*error.args)
    return error


def unary_function(op: type[Unary], name: str, doc: str, keep_int: Callable | None = None,
                   bool_error: Exception | None = None,
                   complex_error: Callable | None = None) -> Callable[[Tensor], Tensor]:
    """``ember.<name>`` / ``Tensor.<name>`` for a Unary op. Integer inputs are computed in the default
    float dtype, or, with ``keep_int``, computed by it without autograd (torch keeps their dtype);
    a bool input raises ``bool_error`` where torch refuses it, a complex one ``complex_error(dtype name)``."""
    def fn(input: Tensor) -> Tensor:  # noqa: A002
        try:
            d = input._data
        except AttributeError:
            raise must_be_tensor(name, "input", 1, input) from None
        k = d.dtype.kind
        if k == "f":
            return apply1(op, input, d)
        if k == "c":
            _refuse_complex(complex_error, d)
            return apply1(op, input, d)
        _refuse_bool(bool_error, d)
        if keep_int is not None:
            if input._requires_grad and STATE.enabled:     # (an integer tensor a float was written into)
                raise RuntimeError(f"Autograd not support dtype: {_BY_CHAR[d.dtype.char]._legacy[:-6]}")
            return make(np.asarray(keep_int(d)))
        return apply1(op, input, float_input(input))      # (an expanded input stays expanded: torch's layout)
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc
    return fn


def unary_inplace(op: type[Unary], name: str, keep_int: Callable | None = None,
                  bool_error: Exception | None = None,
                  complex_error: Callable | None = None) -> Callable[[Tensor], Tensor]:
    """``Tensor.<name>_``: the in-place form of a Unary op (integer tensors as ``unary_function``:
    kept by ``keep_int``, else computed in float, which torch refuses to write back)."""
    def fn_(input: Tensor) -> Tensor:  # noqa: A002
        d = input._data
        k = d.dtype.kind
        error = None
        if k == "c":
            if complex_error is not None:
                error = _inplace_refusal(complex_error(_BY_CHAR[d.dtype.char]._legacy[:-6]))
        elif k != "f":
            if k == "b":
                error = _inplace_refusal(bool_error)
            if keep_int is not None:
                return apply_inplace(_integer_node(op), input, (input,), (d,), keep_int, kernel_error=error)
        return apply_inplace(op, input, (input,), (float_input(input),), kernel_error=error)
    fn_.__name__ = fn_.__qualname__ = name + "_"
    fn_.__doc__ = (f"In-place version of :func:`{name}`; returns ``input``.\n\n"
                   "Args:\n    input (Tensor): the tensor to modify.\n")
    return fn_


def _copy(a):
    return a.copy()


def _relu_int(a):
    return np.maximum(0, a).astype(a.dtype)


def _sign_int(a):
    return a.copy() if a.dtype.kind == "b" else np.sign(a)


def _vml(name: str) -> NotImplementedError:
    return NotImplementedError(f'"{name}_vml_cpu" not implemented for \'Bool\'')


_ABS_BOOL = NotImplementedError('"abs_cpu" not implemented for \'Bool\'')
_RELU_BOOL = RuntimeError("Boolean inputs not supported for relu")


def _no_complex(name: str) -> Callable:
    return lambda dtype: NotImplementedError(f"{name} is not supported for complex inputs")


def _relu_complex(dtype: str) -> Exception:
    return NotImplementedError("clamp is not supported for complex types")


def _sign_complex(dtype: str) -> Exception:
    return NotImplementedError("Unlike NumPy, torch.sign is not intended to support complex numbers. Please use "
                               "torch.sgn instead.")


def _round_complex(dtype: str) -> Exception:
    return NotImplementedError(f"\"round_vml_cpu\" not implemented for '{dtype}'")


def _abs_inplace_complex(dtype: str) -> Exception:
    return RuntimeError("In-place abs is not supported for complex tensors.")


exp = unary_function(ExpBackward0, "exp", "Return the exponential ``e ** x`` of each element (integers give the "
                     "default float dtype).")
log = unary_function(LogBackward0, "log", "Return the natural logarithm of each element (``-inf`` at 0, ``nan`` "
                     "below 0, silently).")
sqrt = unary_function(SqrtBackward0, "sqrt", "Return the square root of each element (``nan`` below 0); the "
                      "gradient at 0 is ``inf``.")
sin = unary_function(SinBackward0, "sin", "Return the sine of each element (in radians).")
cos = unary_function(CosBackward0, "cos", "Return the cosine of each element (in radians).")
tanh = unary_function(TanhBackward0, "tanh", "Return the hyperbolic tangent of each element.")
sigmoid = unary_function(SigmoidBackward0, "sigmoid", "Return the logistic sigmoid ``1 / (1 + exp(-x))`` of each "
                         "element, computed without overflow.")
abs = unary_function(AbsBackward0, "abs", "Return the absolute value of each element (integer dtypes kept, bool "  # noqa: A001
                     "refused); the gradient at 0 is 0.", keep_int=np.abs, bool_error=_ABS_BOOL)
relu = unary_function(ReluBackward0, "relu", "Apply the rectified linear unit ``max(x, 0)`` elementwise (integer "
                      "dtypes kept, bool refused); the gradient is 0 where the result is 0 (even for an inf "
                      "gradient), 1 at NaN, as torch's.", keep_int=_relu_int, bool_error=_RELU_BOOL,
                      complex_error=_relu_complex)
sign = unary_function(SignBackward0, "sign", "Return the sign (-1, 0 or 1) of each element (integer and bool "
                      "dtypes kept; the sign of NaN is 0); its gradient is 0.", keep_int=_sign_int,
                      complex_error=_sign_complex)
floor = unary_function(FloorBackward0, "floor", "Round each element down to an integer value (integer inputs "
                       "copied); its gradient is 0.", keep_int=_copy, bool_error=_vml("floor"),
                       complex_error=_no_complex("floor"))
ceil = unary_function(CeilBackward0, "ceil", "Round each element up to an integer value (integer inputs copied); "
                      "its gradient is 0.", keep_int=_copy, bool_error=_vml("ceil"), complex_error=_no_complex("ceil"))
_round = unary_function(RoundBackward0, "round", "", keep_int=_copy, bool_error=_vml("round"),
                        complex_error=_round_complex)


def round(input: Tensor, *, decimals: int | None = None) -> Tensor:  # noqa: A001,A002
    """Round each element to the nearest integer value, halves to even as torch does, or, with ``decimals``,
    to that many decimal places (negative: to tens, hundreds...); its gradient is 0.

    Args:
        input (Tensor): the input tensor.
        decimals (int, optional): the number of decimal places (``RoundBackward1``, as torch).
    """
    if decimals is None:
        return _round(input)
    if type(decimals) is not int:
        raise TypeError(f"round(): argument 'decimals' must be int, not {type(decimals).__name__}")
    d = input._data
    if d.dtype.kind not in "fc":
        raise NotImplementedError(f'"round_cpu" not implemented for \'{_BY_CHAR[d.dtype.char]._legacy[:-6]}\'')
    if d.dtype.kind == "c":
        _refuse_complex(_round_complex, d)
    return apply1(RoundBackward1, input, d, decimals)
trunc = unary_function(TruncBackward0, "trunc", "Round each element towards zero (integer inputs copied); its "
                       "gradient is 0.", keep_int=_copy, bool_error=_vml("trunc"), complex_error=_no_complex("trunc"))

exp_ = unary_inplace(ExpBackward0, "exp")
log_ = unary_inplace(LogBackward0, "log")
sqrt_ = unary_inplace(SqrtBackward0, "sqrt")
sin_ = unary_inplace(SinBackward0, "sin")
cos_ = unary_inplace(CosBackward0, "cos")
tanh_ = unary_inplace(TanhBackward0, "tanh")
sigmoid_ = unary_inplace(SigmoidBackward0, "sigmoid")
abs_ = unary_inplace(AbsBackward0, "abs", np.abs, _ABS_BOOL, _abs_inplace_complex)
relu_ = unary_inplace(ReluBackward0, "relu", _relu_int, _RELU_BOOL, _relu_complex)
sign_ = unary_inplace(SignBackward0, "sign", _sign_int, complex_error=_sign_complex)
floor_ = unary_inplace(FloorBackward0, "floor", _copy, _vml("floor"), _no_complex("floor"))
ceil_ = unary_inplace(CeilBackward0, "ceil", _copy, _vml("ceil"), _no_complex("ceil"))
round_ = unary_inplace(RoundBackward0, "round", _copy, _vml("round"), _round_complex)
trunc_ = unary_inplace(TruncBackward0, "trunc", _copy, _vml("trunc"), _no_complex("trunc"))
