"""The losses torch computes in one fused kernel, each one node: smooth L1, Huber, soft margin, binary
cross entropy (on probabilities and on logits). ``nn.functional`` adds torch's Python-level checks.

Each is an elementwise loss reduced by ``reduction``; the incoming gradient is a scalar (``'mean'``,
``'sum'``) or one per element (``'none'``), so the elementwise derivative times it has the right shape
either way.
"""
from __future__ import annotations

import numpy as np

from .. import _dtype
from .._grad_mode import is_grad_enabled as _grad_enabled
from .._tensor import Tensor
from ._op import Op
from ._promotion import broadcast_error, promote
from ._record import apply
from .arithmetic import _NEG_BOOL, _SUB_BOOL, _SUB_TWO_BOOL


class _FusedLoss(Op):
    """An elementwise loss reduced by ``reduction``; backward scales by ``1/numel`` for ``'mean'``.

    The incoming gradient is a scalar (``'mean'``, ``'sum'``) or one per element (``'none'``): either
    way the elementwise derivative times ``g`` broadcasts to the right shape."""
    __slots__ = ("reduction", "n", "dtypes")
    _param_names = ("reduction",)

    @staticmethod
    def reduce(ctx, loss: np.ndarray, reduction: str) -> np.ndarray:
        ctx.reduction, ctx.n = reduction, loss.size
        if reduction == "none":
            return loss
        with np.errstate(invalid="ignore", divide="ignore"):     # the mean of nothing is NaN, unwarned
            total = np.sum(loss, dtype=loss.dtype)
            return np.asarray(total if reduction == "sum" else total / loss.dtype.type(loss.size))

    def scaled(ctx, g):
        return g * (1.0 / max(ctx.n, 1)) if ctx.reduction == "mean" else g

    def same_dtypes(ctx) -> None:
        """torch's backward kernel (Huber's) takes one dtype: the input whose gradient is computed first
        expects the other's (``dtypes``: the input's and the target's dtypes before promotion)."""
        di, dt = ctx.dtypes
        if di != dt:
            if not ctx.needs_input_grad[0]:           # only the target's gradient: its kernel call swaps them
                di, dt = dt, di
            raise RuntimeError(f"Found dtype {_legacy(dt)} but expected {_legacy(di)}")


def _legacy(np_dtype) -> str:
    return _dtype._BY_CHAR[np.dtype(np_dtype).char]._legacy[:-6]


class SmoothL1LossBackward0(_FusedLoss):
    __slots__ = ("beta",)
    _saved_names = ("self", "target")
    _param_names = ("reduction", "beta")

    @staticmethod
    def forward(ctx, a, b, reduction, beta):
        ctx.beta = beta
        ctx.save(a, b)
        z = np.abs(a - b)
        return _FusedLoss.reduce(ctx, np.where(z < beta, 0.5 * z * z / beta, z - 0.5 * beta).astype(z.dtype), reduction)

    def backward(ctx, g, xp):
        a, b = xp.saved(ctx)
        return _kernel_grads(ctx, SmoothL1LossBackwardBackward0, xp, g, a, b, ctx.beta)


class HuberLossBackward0(_FusedLoss):
    __slots__ = ("delta",)
    _saved_names = ("self", "target")
    _param_names = ("reduction", "delta")

    @staticmethod
    def forward(ctx, a, b, reduction, delta, dtypes):
        ctx.delta, ctx.dtypes = delta, dtypes
        ctx.save(a, b)
        z = np.abs(a - b)
        loss = np.where(z < delta, 0.5 * z * z, delta * (z - 0.5 * delta)).astype(dtypes[0])   # input's dtype
        return _FusedLoss.reduce(ctx, loss, reduction)

    def backward(ctx, g, xp):
        ctx.same_dtypes()
        a, b = xp.saved(ctx)
        return _kernel_grads(ctx, HuberLossBackwardBackward0, xp, g, a, b, ctx.delta)


def _kernel_grads(ctx, cls, xp, g, a, b, threshold) -> tuple:
    """Smooth L1's and Huber's gradients as torch computes them: one backward kernel call each, the target's
    with the two operands swapped (so a NaN difference gives NaN to both, not ``-grad``), recorded under
    ``create_graph`` as ``cls`` (``SmoothL1LossBackwardBackward0``...), which torch can differentiate again."""
    need_a, need_b = ctx.needs_input_grad[0], ctx.needs_input_grad[1]
    n = max(ctx.n, 1) if ctx.reduction == "mean" else 1
    if xp.tensor_mode:
        g, a, b = xp.constant(g), xp.constant(a), xp.constant(b)
        return (apply(cls, (g, a, b), (g._data, a._data, b._data), threshold, n) if need_a else None,
                apply(cls, (g, b, a), (g._data, b._data, a._data), threshold, n) if need_b else None)
    return (cls.kernel(g, a, b, threshold, n) if need_a else None,
            cls.kernel(g, b, a, threshold, n) if need_b else None)


class _LossBackwardBackward(Op):
    """torch's ``*_loss_backward(grad, self, target)`` kernel as a node (``create_graph``): the gradient of the loss
    with respect to ``self``. Its own backward is torch's ``*_double_backward`` formula, whose ``self - target``
    refuses a bool operand even where the kernel above computed."""
    __slots__ = ("threshold", "n")
    _saved_names = ("grad_output", "self", "target")
    _param_names = ("threshold",)

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        kernel = cls.kernel

        def forward(ctx, g, a, b, threshold, n):
            ctx.threshold, ctx.n = threshold, n
            ctx.save(g, a, b)
            return kernel(g, a, b, threshold, n)

        cls.forward = staticmethod(forward)

    def backward(ctx, gg, xp):
        g, a, b = xp.saved(ctx)
        if _is_bool(a) or _is_bool(b):
            raise RuntimeError(_SUB_BOOL)
        cls = type(ctx)
        need = ctx.needs_input_grad
        if need[0]:
            g_grad = (apply(cls, (gg, a, b), (gg._data, a._data, b._data), ctx.threshold, ctx.n) if xp.tensor_mode
                      else cls.kernel(gg, a, b, ctx.threshold, ctx.n))
        else:
            g_grad = None
        if not (need[1] or need[2]):
            return g_grad, None, None
        inside = xp.abs(a - b) < ctx.threshold
        d2 = gg * g * (inside.to(gg.dtype) if xp.tensor_mode else inside) * cls.curvature(ctx.threshold)
        if ctx.n != 1:
            d2 = d2 / ctx.n
        return g_grad, d2 if need[1] else None, -d2 if need[2] else None


def _is_bool(x) -> bool:
    return getattr(x, "_data", x).dtype.kind == "b"


class SmoothL1LossBackwardBackward0(_LossBackwardBackward):
    __slots__ = ()

    @staticmethod
    def kernel(g, a, b, beta, n):
        """``x < -beta ? -1 : x > beta ? 1 : x / beta`` for ``x = a - b``, times ``g / n`` (NaN stays NaN)."""
        x = a - b
        return (np.where(x < -beta, -1.0, np.where(x > beta, 1.0, x / beta)) * (g / n)).astype(x.dtype, copy=False)

    @staticmethod
    def curvature(beta):
        return 1.0 / beta


class HuberLossBackwardBackward0(_LossBackwardBackward):
    __slots__ = ()

    @staticmethod
    def kernel(g, a, b, delta, n):
        """``x < -delta ? -delta : x > delta ? delta : x`` for ``x = a - b``, times ``g / n`` (NaN stays NaN)."""
        x = a - b
        return (np.where(x < -delta, -delta, np.where(x > delta, delta, x)) * (g / n)).astype(x.dtype, copy=False)

    @staticmethod
    def curvature(delta):
        return 1.0


class SoftMarginLossBackward0(_FusedLoss):
    _saved_names = ("self", "target")

    @staticmethod
    def forward(ctx, a, t, reduction, dtypes):
        ctx.save(a, t)
        ctx.dtypes = dtypes
        with np.errstate(over="ignore"):      # in the input's dtype, as torch's output
            return _FusedLoss.reduce(ctx, np.log1p(np.exp(-a * t)).astype(dtypes[0], copy=False), reduction)

    def backward(ctx, g, xp):
        if ctx.dtypes[1].kind == "b":
            raise RuntimeError(_NEG_BOOL)       # torch's formula negates the target
        a, t = xp.saved(ctx)
        z = xp.exp(-t * a)
        return -t * z / (z + 1) * ctx.scaled(g), None


class BinaryCrossEntropyBackward0(_FusedLoss):
    """``-w (t log x + (1 - t) log(1 - x))``, each log clamped at -100 as torch's kernel."""
    __slots__ = ("weight",)
    _saved_names = ("self", "target")

    @staticmethod
    def forward(ctx, x, t, weight, reduction):
        if not ((x >= 0) & (x <= 1)).all():
            raise RuntimeError("all elements of input should be between 0 and 1")
        if not ((t >= 0) & (t <= 1)).all():
            raise RuntimeError("all elements of target should be between 0 and 1")
        ctx.weight = weight
        ctx.save(x, t)
        with np.errstate(divide="ignore"):
            loss = (t - 1) * np.maximum(np.log1p(-x), -100) - t * np.maximum(np.log(x), -100)
        if weight is not None:
            loss = loss * weight
        return _FusedLoss.reduce(ctx, loss.astype(x.dtype, copy=False), reduction)

    def backward(ctx, g, xp):
        x, t = xp.saved(ctx)
        g = ctx.scaled(g) if ctx.weight is None else ctx.scaled(g) * xp.constant(ctx.weight)
        v = (1 - x) * x
        grad_x = g * (x - t) / xp.where(v < 1e-12, 1e-12, v)        # torch's EPSILON clamp
        grad_t = g * (xp.log(1 - x) - xp.log(x))                     # -logit(x)
        return grad_x, grad_t


class BinaryCrossEntropyWithLogitsBackward0(_FusedLoss):
    """``w ((1 - t) x + (1 + (p - 1) t) * softplus(-x))``, computed stably as torch's."""
    __slots__ = ("weight", "pos_weight")
    _saved_names = ("self", "target")

    @staticmethod
    def forward(ctx, x, t, weight, pos_weight, reduction, out_dtype):
        ctx.weight, ctx.pos_weight = weight, pos_weight
        ctx.save(x, t)
        softplus_neg = np.log1p(np.exp(-np.abs(x))) + np.maximum(-x, 0)     # -log_sigmoid(x)
        if pos_weight is not None:
            loss = (1 - t) * x + ((pos_weight - 1) * t + 1) * softplus_neg
        else:
            loss = (1 - t) * x + softplus_neg
        if weight is not None:
            loss = loss * weight
        # the target's dtype: torch computes (1 - target).mul_(input)...
        return _FusedLoss.reduce(ctx, loss.astype(out_dtype, copy=False), reduction)

    def backward(ctx, g, xp):
        x, t = xp.saved(ctx)
        g = ctx.scaled(g) if ctx.weight is None else ctx.scaled(g) * xp.constant(ctx.weight)
        sig = 1 / (xp.exp(-x) + 1)
        if ctx.pos_weight is None:
            return g * (sig - t), g * -x
        pw = xp.constant(ctx.pos_weight)
        tp = pw * t
        log_sig = -(xp.log(xp.exp(-xp.abs(x)) + 1) + (xp.abs(x) - x) * 0.5)
        return g * ((tp + 1 - t) * sig - tp), g * ((log_sig - x) - log_sig * pw)


def _float_pair(input: Tensor, target: Tensor, kernel: str) -> tuple:  # noqa: A002
    """The two operands promoted to one floating dtype (torch's kernels refuse integers)."""
    _, a, b = promote(input, target)
    if a.dtype.kind != "f":
        raise NotImplementedError(f'"{kernel}" not implemented for \'{_dtype._BY_CHAR[a.dtype.char]._legacy[:-6]}\'')
    if a.shape != b.shape:
        try:
            shape = np.broadcast_shapes(a.shape, b.shape)
        except ValueError:
            raise broadcast_error(a.shape, b.shape) from None
        a, b = np.broadcast_to(a, shape), np.broadcast_to(b, shape)
    return a, b


def _castable(result, out) -> None:
    """torch's error for a kernel whose output (the input's dtype) cannot hold the promoted result."""
    if not np.can_cast(result, out, "same_kind"):
        raise RuntimeError(f"result type {_legacy(result)} can't be cast to the desired output type {_legacy(out)}")


def _not_differentiable(fn: str, **tensors) -> None:
    for name, t in tensors.items():
        if t is not None and t.requires_grad and _grad_enabled():
            raise RuntimeError(f"The function '{fn}' is not differentiable with respect to argument '{name}'. This "
                               "input cannot have requires_grad True.")


def _weight_array(w: Tensor | None, dtype) -> np.ndarray | None:
    return None if w is None else np.asarray(w._data, dtype=dtype)


def smooth_l1_loss(input: Tensor, target: Tensor, reduction: str = "mean", beta: float = 1.0) -> Tensor:  # noqa: A002
    """The fused smooth-L1 kernel (``SmoothL1LossBackward0``); ``nn.functional.smooth_l1_loss`` wraps it.

    Args:
        input (Tensor): the input.
        target (Tensor): the target, broadcastable with ``input``.
        reduction (str): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.
        beta (float): where the loss turns from quadratic to linear, positive. Default: ``1.0``.
    """
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    a, b = _float_pair(input, target, "smooth_l1_cpu")
    return apply(SmoothL1LossBackward0, (input, target), (a, b), reduction, float(beta))


def huber_loss(input: Tensor, target: Tensor, reduction: str = "mean", delta: float = 1.0) -> Tensor:  # noqa: A002
    """The fused Huber kernel (``HuberLossBackward0``); ``nn.functional.huber_loss`` wraps it.

    Args:
        input (Tensor): the input.
        target (Tensor): the target, broadcastable with ``input``.
        reduction (str): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.
        delta (float): where the loss turns from quadratic to linear, positive. Default: ``1.0``.
    """
    if delta <= 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    a, b = _float_pair(input, target, "huber_cpu")
    dtypes = (input._data.dtype, target._data.dtype)
    _castable(a.dtype, dtypes[0])
    return apply(HuberLossBackward0, (input, target), (a, b), reduction, float(delta), dtypes)


def soft_margin_loss(input: Tensor, target: Tensor, reduction: str = "mean") -> Tensor:  # noqa: A002
    """The fused soft-margin kernel ``log(1 + exp(-target * input))`` (``SoftMarginLossBackward0``).

    Args:
        input (Tensor): the input.
        target (Tensor): labels (1 or -1), broadcastable with ``input``; not differentiable.
        reduction (str): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.
    """
    _not_differentiable("soft_margin_loss", target=target)
    a, t = _float_pair(input, target, "soft_margin_loss")
    shape = input._data.shape
    full = np.broadcast_shapes(shape, target._data.shape)
    if full != shape:       # torch's kernel writes into an output of input's shape
        raise RuntimeError(f"output with shape {list(shape)} doesn't match the broadcast shape {list(full)}")
    return apply(SoftMarginLossBackward0, (input, target), (a, t), reduction, (input._data.dtype, target._data.dtype))


def binary_cross_entropy(input: Tensor, target: Tensor, weight: Tensor | None = None,  # noqa: A002
                         reduction: str = "mean") -> Tensor:
    """The fused binary cross entropy kernel (``BinaryCrossEntropyBackward0``); the target gets a gradient too.

    Args:
        input (Tensor): probabilities in ``[0, 1]``.
        target (Tensor): targets in ``[0, 1]``, of ``input``'s shape.
        weight (Tensor, optional): a rescaling weight broadcast to ``input``'s shape; not differentiable.
        reduction (str): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.
    """
    _not_differentiable("binary_cross_entropy", weight=weight)
    if input._data.dtype != target._data.dtype:       # torch's kernel takes one dtype
        raise RuntimeError(f"Found dtype {_legacy(target._data.dtype)} but expected {_legacy(input._data.dtype)}")
    x, t = _float_pair(input, target, "binary_cross_entropy")
    return apply(BinaryCrossEntropyBackward0, (input, target), (x, t), _weight_array(weight, x.dtype), reduction)


def binary_cross_entropy_with_logits(input: Tensor, target: Tensor, weight: Tensor | None = None,  # noqa: A002
                                     pos_weight: Tensor | None = None, reduction: str = "mean") -> Tensor:
    """The fused sigmoid + binary cross entropy kernel (``BinaryCrossEntropyWithLogitsBackward0``).

    Args:
        input (Tensor): logits.
        target (Tensor): targets, of ``input``'s shape.
        weight (Tensor, optional): a rescaling weight, broadcast with ``input``; not differentiable.
        pos_weight (Tensor, optional): the weight of positive examples, broadcast along the last dim.
        reduction (str): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.
    """
    _not_differentiable("binary_cross_entropy_with_logits", weight=weight, pos_weight=pos_weight)
    if target._data.dtype.kind == "b":                  # torch's 1 - target
        raise RuntimeError(_SUB_TWO_BOOL)
    if target._data.dtype.kind in "iu" and input._data.dtype.kind == "f":    # torch's (1 - target).mul_(input)
        raise RuntimeError(f"result type {input.dtype._legacy[:-6]} can't be cast to the desired output type "
                           f"{target.dtype._legacy[:-6]}")
    x, t = _float_pair(input, target, "binary_cross_entropy_with_logits")
    return apply(BinaryCrossEntropyWithLogitsBackward0, (input, target), (x, t), _weight_array(weight, x.dtype),
                 _weight_array(pos_weight, x.dtype), reduction, target._data.dtype)
