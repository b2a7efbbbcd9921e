"""``torch.rrelu`` / ``torch.rrelu_`` (loaded on first use): the randomized leaky ReLU.

Training, each element ``x <= 0`` is multiplied by its own slope drawn uniformly from ``[lower, upper]``,
drawn as torch's CPU kernel draws it (one ``uniform_real_distribution<double>`` per such element, in
order, from the generator's 53-bit stream), so a seed gives torch's slopes; the slopes are the node's
``noise``. Otherwise the slope is ``(lower + upper) / 2`` (a leaky ReLU). torch records
``RreluWithNoiseBackward0`` (``...Backward1`` in place), whose gradient ``RreluWithNoiseBackwardBackward0``
is ``g * noise`` (training) or leaky ReLU's.
"""
from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from ..random import get_generator
from ._inplace import apply_inplace
from ._record import apply1
from .activation import Activation, _data_and_refusal
from .activation_grads import Derivative, node

__all__ = ["rrelu", "rrelu_"]


def _slopes(v: np.ndarray, noise: np.ndarray, lower: float, upper: float, training: bool):
    """The factor each element of ``g`` is multiplied by (torch's ``rrelu_with_noise_backward``)."""
    if training and upper - lower > 1e-6:
        return noise
    return np.where(v > 0, 1.0, (lower + upper) / 2).astype(v.dtype, copy=False)


class RreluWithNoiseBackwardBackward0(Derivative):
    params = ("noise", "lower", "upper", "training")

    def compute(g, v, noise, lower, upper, training):  # noqa: N805
        return g * _slopes(v, noise, lower, upper, training)

    def backward(ctx, gg, xp):
        g, v = xp.saved(ctx)
        return (node(RreluWithNoiseBackwardBackward0, xp, gg, v, ctx.noise, ctx.lower, ctx.upper, ctx.training),
                xp.zeros_like(gg))


class RreluWithNoiseBackward0(Activation):
    params = ("noise", "lower", "upper", "training")

    def compute(a, noise, lower, upper, training):  # noqa: N805
        if training:
            return a * noise
        return np.where(a > 0, a, a * ((lower + upper) / 2))

    def backward(ctx, g, xp):
        x, = xp.saved(ctx)
        return (node(RreluWithNoiseBackwardBackward0, xp, g, x, ctx.noise, ctx.lower, ctx.upper, ctx.training),)


class RreluWithNoiseBackward1(RreluWithNoiseBackward0):
    """In place: the gradient is read from the result, which is > 0 exactly where the input was."""
    saves = "result"


def _prepare(input: Tensor, name: str, lower: float, upper: float, training: bool, generator):  # noqa: A002
    d, error = _data_and_refusal(input, name, "leaky_relu_cpu")
    if lower > upper:
        raise RuntimeError("Lower bound should be less than or equal to the upper bound")
    if error is not None:
        raise error
    if not training:
        return d, np.empty(0, dtype=d.dtype)
    op = np.float64 if d.dtype == np.float64 else np.float32       # the kernel's opmath type
    lo, hi = float(op(lower)), float(op(upper))
    negative = np.ascontiguousarray(d) <= 0
    r = get_generator(generator).uniform53(int(negative.sum())) * (hi - lo) + lo
    noise = np.ones(d.shape, dtype=d.dtype)
    noise[negative] = r.astype(op)
    return d, noise


def rrelu(input: Tensor, lower: float = 1.0 / 8, upper: float = 1.0 / 3, training: bool = False,  # noqa: A002
          generator=None) -> Tensor:
    """The randomized leaky ReLU: ``x`` above 0, ``x * a`` below, ``a`` drawn uniformly from
    ``[lower, upper]`` for each element when ``training``, else ``(lower + upper) / 2``.

    Args:
        input (Tensor): a floating tensor.
        lower (float, optional): the lower bound of the slopes. Default: 1/8.
        upper (float, optional): the upper bound of the slopes. Default: 1/3.
        training (bool, optional): draw random slopes (torch's generator stream). Default: False.
        generator (ember.Generator, optional): the generator to draw from.
    """
    d, noise = _prepare(input, "rrelu", lower, upper, training, generator)
    return apply1(RreluWithNoiseBackward0, input, d, noise, lower, upper, training)


def rrelu_(input: Tensor, lower: float = 1.0 / 8, upper: float = 1.0 / 3, training: bool = False,  # noqa: A002
           generator=None) -> Tensor:
    """In-place :func:`rrelu` (``RreluWithNoiseBackward1``)."""
    d, noise = _prepare(input, "rrelu_", lower, upper, training, generator)
    return apply_inplace(RreluWithNoiseBackward1, input, (input,), (d,), noise, lower, upper, training)
