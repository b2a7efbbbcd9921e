"""The math the activations' backward formulas share, and the second-order nodes torch records
for them under ``create_graph`` (``EluBackwardBackward0``...): a :class:`Derivative` runs its
``compute`` on arrays in a plain backward and is recorded, with its own derivative, in a
differentiable one (see :func:`node`). The activations themselves are in ``activation.py``.
"""
from __future__ import annotations

import math

import numpy as np

from .._graph import NO_RECORD
from ._erf import erf_array
from ._op import Op
from ._record import apply

_SQRT_2PI = math.sqrt(2 * math.pi)
_ONE_SIXTH = float(np.float32(1.0) / np.float32(6.0))
_GELU_BETA, _GELU_KAPPA = math.sqrt(2 / math.pi), 0.044715


class Derivative(Op):
    """An activation's backward as a node of its own, as torch records it under ``create_graph``
    (``GeluBackwardBackward0``...): inputs ``g`` and the saved value, ``compute(g, v, *params)``
    on arrays, and a ``backward`` giving the gradients of both."""

    __slots__ = ()
    params: tuple = ()

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        compute, names = cls.compute, cls.params

        def forward(ctx, g, v, *params):
            ctx.save(g, v)
            if ctx is not NO_RECORD:
                ctx.__dict__.update(zip(names, params))
            return compute(g, v, *params)

        cls.forward = staticmethod(forward)
        cls._param_names = names

    @staticmethod
    def compute(g, v, *params):
        raise NotImplementedError


def node(cls, xp, g, v, *params):
    """``cls.compute(g, v, *params)``: on arrays in a plain backward, recorded as node ``cls`` (so it
    can be differentiated again) in a ``create_graph`` one."""
    if xp.tensor_mode:
        g, v = xp.constant(g), xp.constant(v)
        return apply(cls, (g, v), (g._data, v._data), *params)
    return cls.compute(g, v, *params)


# ----------------------------------------------------------------------------------------------
# elementwise functions the formulas need, in either world (arrays, or recorded tensors)
def _np_sigmoid(a):
    e = np.exp(-np.abs(a))    # no overflow
    return np.where(a >= 0, 1 / (1 + e), e / (1 + e))


def _sigmoid(x, xp):
    return x.sigmoid() if xp.tensor_mode else _np_sigmoid(x)


def _tanh(x, xp):
    return x.tanh() if xp.tensor_mode else np.tanh(x)


def _softplus(x):
    """``log(1 + exp(x))`` of an array, without overflow (under create_graph, mish's formula records torch's
    softplus node instead: activation.py)."""
    return np.logaddexp(0, x)


def _halves(x, dim, xp):
    return x.chunk(2, dim) if xp.tensor_mode else np.split(x, 2, axis=dim)


def _gelu_grad(x, approximate: str, erf=None):
    """d gelu / dx on arrays. ``erf``: ``erf(x * sqrt(0.5))`` in ``x``'s dtype when the caller has it (GELU's
    forward computes exactly this array: passing it on saves the backward its costliest pass, 7 of its 8 ms on
    the GPT step's 0.5M float32 activations)."""
    if approximate == "tanh":
        inner = _GELU_BETA * (x + _GELU_KAPPA * x * x * x)
        t = np.tanh(inner)
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * (_GELU_BETA * (1 + 3 * _GELU_KAPPA * x * x))
    if not (isinstance(x, np.ndarray) and x.ndim):
        cdf = 0.5 * (1 + erf_array(x * math.sqrt(0.5)))
        return cdf + x * np.exp(-0.5 * x * x) / _SQRT_2PI
    # the lines above, in place on two buffers (the same operations: only commuted operands)
    pdf = x * -0.5
    pdf *= x
    np.exp(pdf, out=pdf)
    pdf *= x
    pdf /= _SQRT_2PI
    if erf is None:
        cdf = erf_array(x, math.sqrt(0.5))      # erf(x * sqrt(0.5)), the product not stored
        cdf += 1
    else:
        cdf = erf + 1                           # the same sum, in a new array (erf may be needed again)
    cdf *= 0.5
    cdf += pdf
    return cdf


def _gelu_grad2(x, approximate: str, xp):
    """d^2 gelu / dx^2, in either world."""
    if approximate == "tanh":
        t = _tanh(_GELU_BETA * (x + _GELU_KAPPA * x * x * x), xp)
        du = _GELU_BETA * (1 + 3 * _GELU_KAPPA * x * x)
        return (1 - t * t) * (du - x * t * du * du + 3 * _GELU_BETA * _GELU_KAPPA * x * x)
    return xp.exp(-0.5 * x * x) / _SQRT_2PI * (2 - x * x)


# ----------------------------------------------------------------------------------------------
# the backward nodes torch records under create_graph
class EluBackwardBackward0(Derivative):
    params = ("alpha", "scale", "input_scale", "is_result")

    def compute(g, v, alpha, scale, input_scale, is_result):
        if is_result:
            return np.where(v <= 0, g * input_scale * (v + alpha * scale), g * scale)
        return np.where(v <= 0, g * (input_scale * alpha * scale) * np.exp(np.minimum(v, 0) * input_scale), g * scale)

    def backward(ctx, gg, xp):
        g, v = xp.saved(ctx)
        a, s, i, is_result = ctx.alpha, ctx.scale, ctx.input_scale, ctx.is_result
        # torch's elu_double_backward: a multiply by the mask v < 0 (strict, where the first derivative's
        # branch is v <= 0: the curvature at exactly 0 is 0)
        if is_result:
            dv = gg * g * i * (v < 0)
        else:
            dv = node(EluBackwardBackward0, xp, gg * g * i, v, a, s, i, is_result) * (v < 0)
        return node(EluBackwardBackward0, xp, gg, v, a, s, i, is_result), dv


class _HardsigmoidBackwardNode(Derivative):
    """hardsigmoid's backward under create_graph: torch records its ``NotImplemented`` node (with the gradient
    and the input as its inputs), whose own backward raises."""
    def compute(g, v): return np.where((v > -3) & (v < 3), g * _ONE_SIXTH, 0)   # torch's 1.0f / 6.0f  # noqa: E704

    def name(self) -> str:
        return "torch::autograd::NotImplemented"

    def backward(ctx, gg, xp):
        raise RuntimeError("derivative for aten::hardsigmoid_backward is not implemented")


_HardsigmoidBackwardNode.__name__ = "NotImplemented"    # type(grad_fn).__name__, as torch's


class LeakyReluBackwardBackward0(Derivative):
    params = ("negative_slope",)

    def compute(g, v, negative_slope): return np.where(v > 0, g, g * negative_slope)   # noqa: E704

    def backward(ctx, gg, xp):
        g, v = xp.saved(ctx)
        return node(LeakyReluBackwardBackward0, xp, gg, v, ctx.negative_slope), xp.zeros_like(gg)


class HardtanhBackwardBackward0(Derivative):
    params = ("min_val", "max_val")

    def compute(g, v, min_val, max_val): return np.where((v <= min_val) | (v >= max_val), 0, g)   # noqa: E704

    def backward(ctx, gg, xp):
        g, v = xp.saved(ctx)
        return node(HardtanhBackwardBackward0, xp, gg, v, ctx.min_val, ctx.max_val), xp.zeros_like(gg)


def gelu_backward_array(g: np.ndarray, x: np.ndarray, approximate: str, erf=None) -> np.ndarray:
    """GELU's plain (array) backward ``g * gelu'(x)``, given the forward's ``erf(x * sqrt(0.5))`` if kept."""
    d = _gelu_grad(x, approximate, erf)
    if isinstance(d, np.ndarray) and d.ndim and d.shape == g.shape and d.dtype == g.dtype:
        d *= g          # g * d, in d's memory
        return d
    return g * d


class GeluBackwardBackward0(Derivative):
    params = ("approximate",)

    def compute(g, v, approximate): return gelu_backward_array(g, v, approximate)   # noqa: E704

    def backward(ctx, gg, xp):
        g, v = xp.saved(ctx)
        return node(GeluBackwardBackward0, xp, gg, v, ctx.approximate), gg * g * _gelu_grad2(v, ctx.approximate, xp)


class SoftplusBackwardBackward0(Derivative):
    params = ("beta", "threshold")

    def compute(g, v, beta, threshold): return np.where(v * beta > threshold, g, g * _np_sigmoid(v * beta))   # noqa: E704

    def backward(ctx, gg, xp):
        g, v = xp.saved(ctx)
        b, th = ctx.beta, ctx.threshold
        x = v * b
        s = _sigmoid(x, xp)
        # torch's softplus_double_backward: below the threshold strictly (at it, the first derivative is
        # sigmoid's but the second is 0), a multiplied mask (an inf above it gives NaN, as in torch)
        return node(SoftplusBackwardBackward0, xp, gg, v, b, th), gg * g * (1 - s) * s * (x < th) * b


class _ShrinkDerivative(Derivative):
    """softshrink's and hardshrink's backward: ``g`` where ``|x| > lambd``."""
    params = ("lambd",)

    def compute(g, v, lambd): return np.where((v >= -lambd) & (v <= lambd), 0, g)   # noqa: E704

    def backward(ctx, gg, xp):
        g, v = xp.saved(ctx)
        return node(type(ctx), xp, gg, v, ctx.lambd), xp.zeros_like(gg)


class SoftshrinkBackwardBackward0(_ShrinkDerivative):
    pass


class HardshrinkBackwardBackward0(_ShrinkDerivative):
    pass


class HardswishBackwardBackward0(Derivative):
    def compute(g, v): return np.where(v < -3, 0, np.where(v <= 3, g * (v / 3 + 0.5), g))   # noqa: E704

    def backward(ctx, gg, xp):
        g, v = xp.saved(ctx)
        return node(HardswishBackwardBackward0, xp, gg, v), xp.where((v > -3) & (v < 3), gg * g / 3, 0)


class LogSigmoidBackwardBackward0(Derivative):
    def compute(g, v): return g * _np_sigmoid(-v)   # noqa: E704

    def backward(ctx, gg, xp):
        g, v = xp.saved(ctx)
        s = _sigmoid(v, xp)
        return node(LogSigmoidBackwardBackward0, xp, gg, v), -gg * g * s * (1 - s)
