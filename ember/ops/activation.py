"""Activations that torch records as nodes of their own: elu/selu/celu, leaky_relu, hardtanh (relu6),
gelu, silu, mish, softplus, softshrink, hardshrink, hardsigmoid, hardswish, logsigmoid, threshold,
glu and prelu. (softsign, tanhshrink and softmin are compositions of other ops in torch, and in
``ember.nn.functional``.)

An activation is an :class:`Activation` subclass named as torch's node: ``compute(a, *params)``
(NumPy), ``params`` (their names, shown as ``grad_fn._saved_<name>``), what it ``saves`` (the
input ``"self"``, or the ``"result"`` for the in-place forms torch records as ``...Backward1``)
and its ``backward(ctx, g, xp)``. Where torch records the backward itself as a node under
``create_graph`` (``EluBackwardBackward0``...), backward calls :func:`node` with that
``Derivative`` class (both in ``activation_grads.py``): the same formula then runs on arrays in a plain backward and is
recorded, with its own derivative, in a differentiable one.
"""
from __future__ import annotations

import math

import numpy as np

from .._graph import NO_RECORD
from .._layout import torch_layout
from .._tensor import Tensor, wrap_dim
from ._inplace import apply_inplace
from ._op import Op
from .._factory_args import C_TYPE
from .._quiet import quiet_call, quiet_run
from ._promotion import must_be_tensor
from ._promotion import checked_scalar, method_form, parse_args
from ._record import apply, apply1, apply2
from .unary import threshold_backward
from .activation_grads import (_HardsigmoidBackwardNode, EluBackwardBackward0, GeluBackwardBackward0,
                               HardshrinkBackwardBackward0,
                               HardswishBackwardBackward0, HardtanhBackwardBackward0, LeakyReluBackwardBackward0,
                               LogSigmoidBackwardBackward0, SoftplusBackwardBackward0, SoftshrinkBackwardBackward0,
                               _halves, _np_sigmoid, _sigmoid, _softplus, _tanh, erf_array, gelu_backward_array, node)

__all__ = ["elu", "elu_", "selu", "selu_", "celu", "celu_", "leaky_relu", "leaky_relu_", "hardtanh", "hardtanh_",
           "gelu", "silu", "silu_", "mish", "mish_", "softplus", "softshrink", "hardshrink", "hardsigmoid",
           "hardsigmoid_", "hardswish", "hardswish_", "logsigmoid", "threshold", "threshold_", "glu", "prelu",
           "erf_array"]

_SQRT_2PI = math.sqrt(2 * math.pi)
_ONE_SIXTH = float(np.float32(1.0) / np.float32(6.0))
_GELU_BETA, _GELU_KAPPA = math.sqrt(2 / math.pi), 0.044715
SELU_ALPHA, SELU_SCALE = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946
ELU_INPLACE_NEGATIVE = (
    "In-place elu backward calculation is triggered with a negative slope which is not supported. This is caused "
    "by calling in-place forward function with a negative slope, please call out-of-place version instead.")


class Activation(Op):
    """An activation of one input. A subclass declares ``compute(a, *params)`` (NumPy), ``params``
    (names), ``saves`` (``"self"`` or ``"result"``) and ``backward``; ``forward`` is made from them
    once, when the class is defined. Half-precision inputs are computed in float32 and rounded once,
    as torch does."""

    __slots__ = ()
    params: tuple = ()
    saves = "self"
    contiguous_result = False     # torch's kernel writes a C-ordered buffer (log_sigmoid), not the input's layout

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        # silently, as torch: inf * 0 in softshrink, logaddexp of NaN in softplus / mish / logsigmoid
        compute, names, result = cls.compute, cls.params, cls.saves == "result"
        contiguous = cls.contiguous_result

        def forward(ctx, a, *params):
            x = a.astype(np.float32) if a.dtype == np.float16 else a
            try:
                r = quiet_run(compute, x, *params)
            except RuntimeError:    # the quiet context is busy in another thread
                r = quiet_call(compute, x, *params)
            if x is not a:
                r = r.astype(np.float16)
            # torch's TensorIterator gives the result the input's layout (log_sigmoid's buffered kernel: C order)
            r = (r if r.flags.c_contiguous else r.copy(order="C")) if contiguous else torch_layout(r, a)
            ctx.save(r if result else a)
            if ctx is not NO_RECORD:   # recorded: the parameters are grad_fn._saved_<name>
                ctx.__dict__.update(zip(names, params))
            return r

        cls.generic_forward = staticmethod(forward)
        if "forward" not in vars(cls):      # (a class may write its own: GELU keeps its erf for backward)
            cls.forward = staticmethod(forward)
        cls._saved_names = (cls.saves,)
        cls._param_names = names

    @staticmethod
    def compute(a, *params):
        raise NotImplementedError


# ----------------------------------------------------------------------------------------------
# the activations: name, forward, parameters, saved value, backward
class EluBackward0(Activation):
    """``scale * x`` above 0, ``scale * alpha * (exp(x * input_scale) - 1)`` below (elu, selu, celu_)."""
    params = ("alpha", "scale", "input_scale")

    def compute(a, alpha, scale, input_scale):
        # the negative branch for x < 0 only: at 0 both give 0, unless alpha is nan (torch: 0)
        return np.where(a < 0, np.expm1(np.minimum(a, 0) * input_scale) * (alpha * scale), a * scale)

    def backward(ctx, g, xp):
        x, = xp.saved(ctx)
        return (node(EluBackwardBackward0, xp, g, x, ctx.alpha, ctx.scale, ctx.input_scale, False),)


class EluBackward1(EluBackward0):
    """The in-place elu_/selu_: the gradient is read from the result."""
    saves = "result"

    def backward(ctx, g, xp):
        r, = xp.saved(ctx)
        if ctx.alpha < 0:
            raise RuntimeError(ELU_INPLACE_NEGATIVE)
        return (node(EluBackwardBackward0, xp, g, r, ctx.alpha, ctx.scale, ctx.input_scale, True),)


class CeluBackward0(Activation):
    """``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))``: elu with input scale ``1 / alpha``."""
    params = ("alpha",)

    def compute(a, alpha): return np.where(a < 0, np.expm1(np.minimum(a, 0) / alpha) * alpha, a)   # noqa: E704

    def backward(ctx, g, xp):
        x, = xp.saved(ctx)
        return (node(EluBackwardBackward0, xp, g, x, ctx.alpha, 1.0, _celu_input_scale(ctx.alpha), False),)


class CeluBackward1(CeluBackward0):
    saves = "result"

    def backward(ctx, g, xp):
        r, = xp.saved(ctx)
        if ctx.alpha < 0:
            raise RuntimeError(ELU_INPLACE_NEGATIVE)
        return (node(EluBackwardBackward0, xp, g, r, ctx.alpha, 1.0, _celu_input_scale(ctx.alpha), True),)


def _celu_input_scale(alpha: float) -> float:
    # torch's celu backward divides by alpha rounded to float32 (``1.0 / alpha.toFloat()``); its forward does not
    return 1.0 / float(np.float32(alpha))


class LeakyReluBackward0(Activation):
    params = ("negative_slope",)

    def compute(a, negative_slope): return np.where(a > 0, a, a * negative_slope)   # noqa: E704

    def backward(ctx, g, xp):
        x, = xp.saved(ctx)
        return (node(LeakyReluBackwardBackward0, xp, g, x, ctx.negative_slope),)


class LeakyReluBackward1(LeakyReluBackward0):
    saves = "result"

    def backward(ctx, g, xp):
        r, = xp.saved(ctx)
        if ctx.negative_slope < 0:
            raise RuntimeError(
                "In-place leakyReLu backward calculation is triggered with a negative slope which is not supported. "
                "This is caused by calling in-place forward function with a negative slope, please call out-of-place "
                "version instead. File an issue at https://github.com/pytorch/pytorch if you do require supporting "
                "in-place leakRelu backward calculation with negative slope")
        return (node(LeakyReluBackwardBackward0, xp, g, r, ctx.negative_slope),)


class HardtanhBackward0(Activation):
    """``x`` clamped to ``[min_val, max_val]`` (hardtanh, relu6); the gradient is 0 at the bounds."""
    params = ("min_val", "max_val")

    def compute(a, min_val, max_val): return np.clip(a, min_val, max_val).astype(a.dtype, copy=False)   # noqa: E704

    def backward(ctx, g, xp):
        x, = xp.saved(ctx)
        return (node(HardtanhBackwardBackward0, xp, g, x, ctx.min_val, ctx.max_val),)


def _gelu_and_erf(a):
    e = erf_array(a * math.sqrt(0.5))
    return a * 0.5 * (1 + e), e


class GeluBackward0(Activation):
    """``x * Phi(x)`` (``approximate='none'``) or its tanh approximation (``'tanh'``)."""
    params = ("approximate",)

    def compute(a, approximate):
        if approximate == "tanh":
            return 0.5 * a * (1 + np.tanh(_GELU_BETA * (a + _GELU_KAPPA * a * a * a)))
        return a * 0.5 * (1 + erf_array(a * math.sqrt(0.5)))

    @staticmethod
    def forward(ctx, a, approximate):
        if approximate == "tanh" or a.dtype == np.float16 or ctx is NO_RECORD or not a.ndim:
            return GeluBackward0.generic_forward(ctx, a, approximate)
        # compute's erf kept with the saved input (freed with it): the backward's costliest pass, 7 of its
        # 8 ms per layer of the GPT step (benchmarks/gpt_speed.py); the same operations as compute
        try:
            r, e = quiet_run(_gelu_and_erf, a)
        except RuntimeError:    # the quiet context is busy in another thread
            r, e = quiet_call(_gelu_and_erf, a)
        ctx._saved = (a, e)
        ctx.approximate = approximate
        return torch_layout(r, a)

    def backward(ctx, g, xp):
        saved = xp.saved(ctx)
        if len(saved) == 2 and not xp.tensor_mode:
            return (gelu_backward_array(g, saved[0], ctx.approximate, saved[1]),)
        return (node(GeluBackwardBackward0, xp, g, saved[0], ctx.approximate),)


class SiluBackward0(Activation):
    def compute(a): return a * _np_sigmoid(a)   # noqa: E704

    def backward(ctx, g, xp):
        x, = xp.saved(ctx)
        s = _sigmoid(x, xp)
        return (g * s * (1 + x * (1 - s)),)


class MishBackward0(Activation):
    def compute(a): return a * np.tanh(np.logaddexp(0, a))   # noqa: E704

    def backward(ctx, g, xp):
        x, = xp.saved(ctx)
        # torch's mish_backward under grad mode: tanh(softplus(x)), a SoftplusBackward0 (its derivative at 0 is
        # 1/2; relu(x) + log1p(exp(-|x|)) recorded gave 0 there)
        t = _tanh(softplus(x) if xp.tensor_mode else _softplus(x), xp)
        return (g * (t + x * _sigmoid(x, xp) * (1 - t * t)),)


class SoftplusBackward0(Activation):
    """``log(1 + exp(beta * x)) / beta``, and ``x`` itself where ``beta * x > threshold``."""
    params = ("beta", "threshold")

    def compute(a, beta, threshold): return np.where(a * beta > threshold, a, np.logaddexp(0, a * beta) / beta)   # noqa: E704

    def backward(ctx, g, xp):
        x, = xp.saved(ctx)
        return (node(SoftplusBackwardBackward0, xp, g, x, ctx.beta, ctx.threshold),)


class SoftshrinkBackward0(Activation):
    params = ("lambd",)

    # a * 0 in the middle, as torch's kernel: -0.3 gives -0.0, NaN stays NaN
    def compute(a, lambd): return np.where(a > lambd, a - lambd, np.where(a < -lambd, a + lambd, a * 0))   # noqa: E704

    def backward(ctx, g, xp):
        x, = xp.saved(ctx)
        return (node(SoftshrinkBackwardBackward0, xp, g, x, ctx.lambd),)


class HardshrinkBackward0(Activation):
    params = ("lambd",)

    def compute(a, lambd): return np.where((a >= -lambd) & (a <= lambd), 0, a)   # noqa: E704

    def backward(ctx, g, xp):
        x, = xp.saved(ctx)
        return (node(HardshrinkBackwardBackward0, xp, g, x, ctx.lambd),)


class HardsigmoidBackward0(Activation):
    def compute(a): return np.clip(a + 3, 0, 6) / 6   # noqa: E704

    def backward(ctx, g, xp):
        x, = xp.saved(ctx)
        return (node(_HardsigmoidBackwardNode, xp, g, x),)


class HardswishBackward0(Activation):
    def compute(a): return a * np.clip(a + 3, 0, 6) / 6   # noqa: E704

    def backward(ctx, g, xp):
        x, = xp.saved(ctx)
        return (node(HardswishBackwardBackward0, xp, g, x),)


class LogSigmoidBackward0(Activation):
    contiguous_result = True
    def compute(a): return np.minimum(a, 0) - np.log1p(np.exp(-np.abs(a)))   # torch's: log_sigmoid(inf) is +0.0  # noqa: E704,E501

    def backward(ctx, g, xp):
        x, = xp.saved(ctx)
        return (node(LogSigmoidBackwardBackward0, xp, g, x),)


class ThresholdBackward0(Activation):
    """``value`` where ``x <= threshold``, else ``x``."""
    params = ("threshold", "value")

    def compute(a, threshold, value): return np.where(a <= threshold, value, a).astype(a.dtype, copy=False)   # noqa: E704

    def backward(ctx, g, xp):
        x, = xp.saved(ctx)
        if xp.tensor_mode:       # recorded as torch's ThresholdBackwardBackward0: connected to x
            return (threshold_backward(g, x, ctx.threshold),)
        return (xp.where(x <= ctx.threshold, 0, g),)


class ThresholdBackward1(ThresholdBackward0):
    """The in-place threshold_ (the value before the write is saved)."""
    allows_overlap = True   # torch's threshold_ has no overlap check: an expanded tensor is written


class GluBackward0(Activation):
    """``a * sigmoid(b)`` of the two halves ``a``, ``b`` of the input along ``dim``."""
    params = ("dim",)

    def compute(a, dim):
        first, second = np.split(a, 2, axis=dim)
        return first * _np_sigmoid(second)

    def backward(ctx, g, xp):
        x, = xp.saved(ctx)
        first, second = _halves(x, ctx.dim, xp)
        s = _sigmoid(second, xp)
        return (xp.cat([g * s, g * first * s * (1 - s)], ctx.dim),)


class PreluKernelBackward0(Op):
    """``x`` above 0, ``weight * x`` below (the weight broadcast over the channels)."""
    __slots__ = ()
    _saved_names = ("self", "weight")

    @staticmethod
    def forward(ctx, a, w):
        ctx.save(a, w)
        return np.where(a > 0, a, w * a)

    def backward(ctx, g, xp):
        x, w = xp.saved(ctx)
        return xp.where(x > 0, g, w * g), xp.where(x > 0, 0, x * g)


# ----------------------------------------------------------------------------------------------
# the functions: torch.<name> and the in-place forms (nn.functional adds the inplace= flags)
class _IntegerFn(Op):
    """hardtanh and threshold of an integer tensor: computed by ``fn``, never recorded."""
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, fn):
        return fn(a)


class _IntegerThreshold(_IntegerFn):
    """threshold_ of an integer tensor: written even into an expanded one, as ``ThresholdBackward1``."""
    __slots__ = ()
    allows_overlap = True


def _data(input: Tensor, name: str, kernel: str | None) -> np.ndarray:  # noqa: A002
    """The input's array, with torch's errors for a non-tensor and for dtypes the kernel refuses."""
    d, error = _data_and_refusal(input, name, kernel)
    if error is not None:
        raise error
    return d


def _data_and_refusal(input: Tensor, name: str, kernel: str | None) -> tuple:  # noqa: A002
    """The input's array and the kernel's dtype refusal (None if it accepts the dtype): an in-place op
    raises the refusal after the memory-overlap check, as torch's kernel does."""
    try:
        d = input._data
    except AttributeError:
        raise must_be_tensor(name, "input", 1, input) from None
    if d.dtype.kind != "f" and kernel is not None:
        return d, NotImplementedError(f'"{kernel}" not implemented for \'{input.dtype._legacy[:-6]}\'')
    return d, None


_HARDTANH_BOOL = RuntimeError("Bool inputs not supported for hardtanh")
_THRESHOLD_BOOL = NotImplementedError('"threshold_cpu" not implemented for \'Bool\'')


def _int_scalar(v, np_dtype: np.dtype):
    """A number argument of an integer-dtype activation, converted as torch converts a Scalar: a float is
    truncated, refused (RuntimeError) when NaN, infinite or beyond the dtype's range."""
    if isinstance(v, (float, np.floating)):
        info = np.iinfo(np_dtype)
        if not info.min <= v <= info.max:      # NaN fails both
            raise RuntimeError(f"value cannot be converted to type {C_TYPE[np_dtype.char]} without overflow")
        return int(v)
    return checked_scalar(v, np_dtype)


def _int_threshold(a, threshold, value):
    return np.where(a <= threshold, value, a).astype(a.dtype)


def _int_hardtanh(a, min_val, max_val):
    return np.clip(a, min_val, max_val).astype(a.dtype)


def _hardtanh_ints(np_dtype, *bounds):
    # torch reads hardtanh's bounds as int64 first, then checks them against the dtype
    lo, hi = (_int_scalar(v, np.dtype(np.int64)) for v in bounds)
    if np_dtype.kind == "u" and (lo < 0 or hi < 0):
        raise RuntimeError("cannot do hardtanh on an unsigned type with negative limits")
    return checked_scalar(lo, np_dtype), checked_scalar(hi, np_dtype)


def _threshold_ints(np_dtype, *values):
    return tuple(_int_scalar(v, np_dtype) for v in values)


def _numbers(fn: str, names: tuple, *values) -> None:
    """torch's parser for an activation's Number arguments (positions from 2): a tensor of more than one
    element, None or a string is its TypeError."""
    for v in values:
        if type(v) is not float and type(v) is not int:
            parse_args(fn, *((n, i + 2, x, "Number") for i, (n, x) in enumerate(zip(names, values))))
            return


def _run(op, input: Tensor, name: str, kernel: str, *params) -> Tensor:  # noqa: A002
    return apply1(op, input, _data(input, name, kernel), *params)


def _run_(op, input: Tensor, name: str, kernel: str, *params) -> Tensor:  # noqa: A002
    d, error = _data_and_refusal(input, name, kernel)
    return apply_inplace(op, input, (input,), (d,), *params, kernel_error=error)


def elu(input: Tensor, alpha: float = 1.0) -> Tensor:  # noqa: A002
    """``x`` above 0, ``alpha * (exp(x) - 1)`` below (float inputs only); see ``nn.functional.elu``."""
    _numbers("elu", ("alpha",), alpha)
    return _run(EluBackward0, input, "elu", "elu_cpu", alpha, 1, 1)


def elu_(input: Tensor, alpha: float = 1.0) -> Tensor:  # noqa: A002
    """In-place :func:`elu`; its gradient is read from the result (``EluBackward1``)."""
    _numbers("elu_", ("alpha",), alpha)
    return _run_(EluBackward1, input, "elu_", "elu_cpu", alpha, 1, 1)


def selu(input: Tensor) -> Tensor:  # noqa: A002
    """``scale * elu(x, alpha)`` with torch's constants ``alpha = 1.6733``, ``scale = 1.0507``.

    Args:
        input (Tensor): the input tensor (floating point).
    """
    return _run(EluBackward0, input, "selu", "elu_cpu", SELU_ALPHA, SELU_SCALE, 1)


def selu_(input: Tensor) -> Tensor:  # noqa: A002
    """In-place :func:`selu`; returns ``input``."""
    return _run_(EluBackward1, input, "selu_", "elu_cpu", SELU_ALPHA, SELU_SCALE, 1)


def _check_celu(alpha: float) -> None:
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError: alpha cannot be 0 for CELU")


def celu(input: Tensor, alpha: float = 1.0) -> Tensor:  # noqa: A002
    """``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))`` elementwise.

    Args:
        input (Tensor): the input tensor (floating point).
        alpha (float): the scale of the negative part; not 0. Default: ``1.0``.
    """
    _numbers("celu", ("alpha",), alpha)
    _check_celu(alpha)
    return _run(CeluBackward0, input, "celu", "elu_cpu", alpha)


def celu_(input: Tensor, alpha: float = 1.0) -> Tensor:  # noqa: A002
    """In-place :func:`celu`; returns ``input``."""
    _numbers("celu_", ("alpha",), alpha)
    _check_celu(alpha)
    return _run_(CeluBackward1, input, "celu_", "elu_cpu", alpha)


def leaky_relu(input: Tensor, negative_slope: float = 0.01) -> Tensor:  # noqa: A002
    """``x`` above 0, ``negative_slope * x`` below; see ``nn.functional.leaky_relu``."""
    _numbers("leaky_relu", ("negative_slope",), negative_slope)
    return _run(LeakyReluBackward0, input, "leaky_relu", "leaky_relu_cpu", negative_slope)


def leaky_relu_(input: Tensor, negative_slope: float = 0.01) -> Tensor:  # noqa: A002
    """In-place :func:`leaky_relu` (``LeakyReluBackward1``: a negative slope cannot be differentiated)."""
    _numbers("leaky_relu_", ("negative_slope",), negative_slope)
    return _run_(LeakyReluBackward1, input, "leaky_relu_", "leaky_relu_cpu", negative_slope)


def _keeping_ints(op, input: Tensor, name: str, bool_error: Exception, keep_int, ints, inplace: bool,  # noqa: A002
                  *params) -> Tensor:
    """An activation that keeps integer dtypes (hardtanh, threshold): ``ints(dtype, *params)`` converts the
    numbers to the tensor's dtype as torch does, ``keep_int(a, *converted)`` computes, unrecorded."""
    d = _data(input, name, None)
    if d.dtype.kind == "b":
        raise type(bool_error)(*bool_error.args)
    if d.dtype.kind != "f":
        converted = ints(d.dtype, *params)
        op, params = _IntegerThreshold if op.allows_overlap else _IntegerFn, (lambda a: keep_int(a, *converted),)
    if inplace:
        return apply_inplace(op, input, (input,), (d,), *params)
    return apply(op, (input,), (d,), *params)


def hardtanh(input: Tensor, min_val: float = -1.0, max_val: float = 1.0) -> Tensor:  # noqa: A002
    """``input`` clamped to ``[min_val, max_val]`` (integer dtypes kept); the gradient is 0 at the bounds."""
    return _keeping_ints(HardtanhBackward0, input, "hardtanh", _HARDTANH_BOOL, _int_hardtanh, _hardtanh_ints, False,
                         min_val, max_val)


def hardtanh_(input: Tensor, min_val: float = -1.0, max_val: float = 1.0) -> Tensor:  # noqa: A002
    """In-place :func:`hardtanh`; returns ``input``."""
    _numbers("hardtanh_", ("min_val", "max_val"), min_val, max_val)
    return _keeping_ints(HardtanhBackward0, input, "hardtanh_", _HARDTANH_BOOL, _int_hardtanh, _hardtanh_ints, True,
                         min_val, max_val)


def gelu(input: Tensor, *, approximate: str = "none") -> Tensor:  # noqa: A002
    """``x * Phi(x)``, ``Phi`` the standard normal CDF, or with ``approximate='tanh'``
    ``0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x**3)))``.

    Args:
        input (Tensor): the input tensor (floating point).
        approximate (str): ``'none'`` or ``'tanh'``. Default: ``'none'``.
    """
    if approximate not in ("none", "tanh"):
        raise RuntimeError("approximate argument must be either none or tanh.")
    return _run(GeluBackward0, input, "gelu", "GeluKernelImpl", approximate)


def _plain(op, name: str, kernel: str, doc: str, inplace: bool = False):
    """The function (or, with ``inplace``, the in-place form) of an activation without parameters."""
    if inplace:
        def fn(input: Tensor) -> Tensor:  # noqa: A002
            return _run_(op, input, name + "_", kernel)
        doc = f"In-place :func:`{name}`; returns ``input``."
    else:
        def fn(input: Tensor) -> Tensor:  # noqa: A002
            return _run(op, input, name, kernel)
    fn.__name__ = fn.__qualname__ = name + ("_" if inplace else "")
    fn.__doc__ = doc
    return fn


silu = _plain(SiluBackward0, "silu", "silu_cpu", "``x * sigmoid(x)`` (swish) elementwise.")
silu_ = _plain(SiluBackward0, "silu", "silu_cpu", "", inplace=True)
mish = _plain(MishBackward0, "mish", "mish_cpu", "``x * tanh(softplus(x))`` elementwise.")
mish_ = _plain(MishBackward0, "mish", "mish_cpu", "", inplace=True)
hardsigmoid = _plain(HardsigmoidBackward0, "hardsigmoid", "hardsigmoid_cpu", "``relu6(x + 3) / 6`` elementwise.")
hardsigmoid_ = _plain(HardsigmoidBackward0, "hardsigmoid", "hardsigmoid_cpu", "", inplace=True)
hardswish = _plain(HardswishBackward0, "hardswish", "hardswish_cpu", "``x * relu6(x + 3) / 6`` elementwise.")
hardswish_ = _plain(HardswishBackward0, "hardswish", "hardswish_cpu", "", inplace=True)
logsigmoid = _plain(LogSigmoidBackward0, "log_sigmoid", "log_sigmoid_cpu", "``log(sigmoid(x))``, without overflow.")
logsigmoid.__name__ = logsigmoid.__qualname__ = "logsigmoid"


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:  # noqa: A002
    """``log(1 + exp(beta * x)) / beta``, and ``x`` where ``beta * x > threshold`` (for stability).

    Args:
        input (Tensor): the input tensor (floating point).
        beta (float): the slope of the smooth part. Default: ``1.0``.
        threshold (float): above it the function is the identity. Default: ``20.0``.
    """
    _numbers("softplus", ("beta", "threshold"), beta, threshold)
    return _run(SoftplusBackward0, input, "softplus", "softplus_cpu", beta, threshold)


def softshrink(input: Tensor, lambd: float = 0.5) -> Tensor:  # noqa: A002
    """``x - lambd`` above ``lambd``, ``x + lambd`` below ``-lambd``, 0 between (``lambd >= 0``)."""
    d = _data(input, "softshrink", "softshrink_check")
    _numbers("softshrink", ("lambd",), lambd)
    top = float(np.finfo(d.dtype).max)
    if not 0 <= lambd <= top:
        raise RuntimeError(f"lambda must be in range [0, {top:g}] for input dtype {input.dtype._legacy[:-6]}, but "
                           f"found {lambd:g}")
    return apply1(SoftshrinkBackward0, input, d, lambd)


def hardshrink(input: Tensor, lambd: float = 0.5) -> Tensor:  # noqa: A002
    """``x`` where ``|x| > lambd``, else 0.

    Args:
        input (Tensor): the input tensor (floating point).
        lambd (float): the threshold. Default: ``0.5``.
    """
    _numbers("hardshrink", ("lambd",), lambd)
    return _run(HardshrinkBackward0, input, "hardshrink", "hardshrink_cpu", lambd)


def threshold(input: Tensor, threshold: float, value: float) -> Tensor:  # noqa: A002
    """``value`` where ``input <= threshold``, else ``input`` (integer dtypes kept).

    Args:
        input (Tensor): the input tensor.
        threshold (float): the value to threshold at.
        value (float): the value to replace with.
    """
    _data(input, "threshold", None)
    _numbers("threshold", ("threshold", "value"), threshold, value)
    return _keeping_ints(ThresholdBackward0, input, "threshold", _THRESHOLD_BOOL, _int_threshold,
                         _threshold_ints, False, threshold, value)


def threshold_(input: Tensor, threshold: float, value: float) -> Tensor:  # noqa: A002
    """In-place :func:`threshold` (``ThresholdBackward1``); returns ``input``."""
    _data(input, "threshold_", None)
    _numbers("threshold_", ("threshold", "value"), threshold, value)
    return _keeping_ints(ThresholdBackward1, input, "threshold_", _THRESHOLD_BOOL, _int_threshold,
                         _threshold_ints, True, threshold, value)


def glu(input: Tensor, dim: int = -1) -> Tensor:  # noqa: A002
    """The gated linear unit ``a * sigmoid(b)``, ``a`` and ``b`` the halves of ``input`` along ``dim``.

    Args:
        input (Tensor): the input tensor (floating point); its size along ``dim`` must be even.
        dim (int): the dimension to split. Default: ``-1``.
    """
    d = _data(input, "glu", None)
    if type(dim) is not int:
        parse_args("glu", ("dim", 2, dim, "int"))
        dim = int(dim)
    if d.ndim == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    dim = wrap_dim(dim, d.ndim)
    if d.shape[dim] % 2:
        raise RuntimeError(f"Halving dimension must be even, but dimension {dim} is size {d.shape[dim]}")
    return apply1(GluBackward0, input, _data(input, "glu", "glu_cpu"), dim)


def prelu(input: Tensor, weight: Tensor) -> Tensor:  # noqa: A002
    """``x`` above 0, ``weight * x`` below, with one weight per channel (dim 1) or one for all.

    Args:
        input (Tensor): the input tensor.
        weight (Tensor): a 0-D or 1-D tensor of one or ``input.size(1)`` weights, of ``input``'s dtype.
    """
    d = _data(input, "prelu", None)
    parse_args("prelu", ("weight", 2, weight, "Tensor"))
    if d.dtype != weight._data.dtype:
        raise RuntimeError(f"prelu: Type promoting not supported. Got {input.dtype._legacy[:-6]} and "
                           f"{weight.dtype._legacy[:-6]}")
    n = weight.numel()
    if n != 1:
        if d.ndim == 0:
            raise RuntimeError("Not allow zero-dim input tensor.")
        channels = d.shape[1] if d.ndim > 1 else 1
        if channels != n:
            raise RuntimeError(f"Mismatch of parameter numbers and input channel size. Found parameter numbers = {n} "
                               f"and channel size = {channels}.")
    if weight.ndim > 1:
        raise RuntimeError(f"prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = {weight.ndim}")
    if d.ndim >= 2:   # one weight per channel, broadcast over the rest (a view of the weight, as torch's)
        weight = weight.reshape((1, n) + (1,) * (d.ndim - 2))
    elif d.ndim == 0 and weight.ndim == 1:   # a 0-d input keeps its shape (torch)
        weight = weight.reshape(())
    return apply2(PreluKernelBackward0, input, weight, d, weight._data)


# the methods: torch's parser counts their arguments from the one after self
prelu_method, hardshrink_method = method_form(prelu), method_form(hardshrink)
