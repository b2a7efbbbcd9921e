"""Neural-network ops: softmax, log_softmax, nll_loss, mse_loss (each one node, as torch)."""
from __future__ import annotations

import numpy as np

from .._tensor import Tensor, wrap_dim
from ._op import Op
from ._promotion import float_input, promote
from ._record import apply


class SoftmaxBackward0(Op):
    __slots__ = ("dim",)
    _saved_names = ("result",)
    _param_names = ("dim",)

    @staticmethod
    def forward(ctx, a, dim):
        ctx.dim = dim
        e = np.exp(a - np.max(a, axis=dim, keepdims=True))
        r = e / np.sum(e, axis=dim, keepdims=True)
        ctx.save(r)
        return r

    def backward(ctx, g, xp):
        r, = xp.saved(ctx)
        return (r * (g - xp.sum(g * r, ctx.dim, True)),)


class LogSoftmaxBackward0(Op):
    __slots__ = ("dim",)
    _saved_names = ("result",)
    _param_names = ("dim",)

    @staticmethod
    def forward(ctx, a, dim):
        ctx.dim = dim
        shifted = a - np.max(a, axis=dim, keepdims=True)
        r = shifted - np.log(np.sum(np.exp(shifted), axis=dim, keepdims=True))
        ctx.save(r)
        return r

    def backward(ctx, g, xp):
        r, = xp.saved(ctx)
        return (g - xp.exp(r) * xp.sum(g, ctx.dim, True),)


def _softmax_dim(x: Tensor, dim, name: str) -> int:
    if dim is None:  # torch's legacy implicit choice, with its warning
        import warnings
        warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call to include dim=X "
                      "as an argument.", UserWarning, stacklevel=3)
        dim = 0 if x.ndim in (0, 1, 3) else 1
    return wrap_dim(dim, x.ndim) if x.ndim else 0


def softmax(input: Tensor, dim: int | None = None, dtype=None) -> Tensor:  # noqa: A002
    """Apply the softmax function ``exp(x_i) / sum_j exp(x_j)`` along ``dim``.

    The slices along ``dim`` sum to 1. It is computed stably (the maximum is subtracted first); integer inputs
    give the default float dtype.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension along which it is computed. Default: ``None``, which picks
            torch's legacy implicit dimension (0 for 0-D, 1-D and 3-D inputs, else 1).
        dtype (ember.dtype, optional): if given, ``input`` is cast to it before the operation. Default: ``None``.
    """
    if dtype is not None:
        input = input.to(dtype)
    return apply(SoftmaxBackward0, (input,), (float_input(input), _softmax_dim(input, dim, "softmax")))


def log_softmax(input: Tensor, dim: int | None = None, dtype=None) -> Tensor:  # noqa: A002
    """Apply a softmax followed by a logarithm along ``dim``.

    Mathematically ``log(softmax(x))``, but computed stably in one step; use it with :func:`nll_loss`.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension along which it is computed. Default: ``None``, which picks
            torch's legacy implicit dimension (0 for 0-D, 1-D and 3-D inputs, else 1).
        dtype (ember.dtype, optional): if given, ``input`` is cast to it before the operation. Default: ``None``.
    """
    if dtype is not None:
        input = input.to(dtype)
    return apply(LogSoftmaxBackward0, (input,), (float_input(input), _softmax_dim(input, dim, "log_softmax")))




class NllLossBackward0(Op):
    """Negative log-likelihood of class indices; its gradient is linear in the incoming grad."""
    __slots__ = ("coef",)
    _param_names = ("reduction", "ignore_index")

    @staticmethod
    def forward(ctx, logp, target, weight, reduction, ignore_index):
        # logp: (N, C) or (N, C, d...) or (C,); target: class indices
        if logp.ndim == 1:
            logp2, tgt = logp[None], np.asarray(target).reshape(1)
        else:
            logp2, tgt = logp, target
        c = logp2.shape[1]
        valid = tgt != ignore_index
        safe = np.where(valid, tgt, 0)
        if ((safe < 0) | (safe >= c)).any():
            bad = safe[(safe < 0) | (safe >= c)].flat[0]
            raise IndexError(f"Target {bad} is out of bounds.")
        w = np.ones(c, dtype=logp.dtype) if weight is None else weight.astype(logp.dtype)
        wt = w[safe] * valid                     # per-sample weights, 0 for ignored
        picked = np.take_along_axis(logp2, np.expand_dims(safe, 1), axis=1).squeeze(1)
        losses = -wt * picked
        onehot = np.zeros(logp2.shape, dtype=logp.dtype)
        np.put_along_axis(onehot, np.expand_dims(safe, 1), np.expand_dims(-wt, 1), axis=1)
        if reduction == "none":
            out = losses if logp.ndim > 1 else losses[0]
            ctx.coef = onehot if logp.ndim > 1 else onehot[0]
        else:
            total = losses.sum(dtype=logp.dtype)
            if reduction == "mean":
                denom = wt.sum(dtype=logp.dtype)
                out = total / denom
                onehot = onehot / denom
            else:
                out = total
            ctx.coef = onehot if logp.ndim > 1 else onehot[0]
        return np.asarray(out, dtype=logp.dtype)

    def backward(ctx, g, xp):
        coef = ctx.coef
        if coef.ndim > 1 and len(g.shape) > 0:      # reduction='none': one grad per sample
            g = xp.unsqueeze(g, 1)
        return (xp.constant(coef) * g,)


def _reduction(size_average, reduce, reduction: str) -> str:
    if size_average is not None or reduce is not None:
        if reduce is False:
            return "none"
        return "mean" if size_average is None or size_average else "sum"
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return reduction


def nll_loss(input: Tensor, target: Tensor, weight: Tensor | None = None, size_average=None,  # noqa: A002
             ignore_index: int = -100, reduce=None, reduction: str = "mean") -> Tensor:
    """Compute the negative log likelihood loss of log-probabilities ``input`` and class indices ``target``.

    The loss of a sample with target class ``c`` is ``-weight[c] * input[n, c]``. With ``reduction='mean'`` the
    sum is divided by the total weight of the targets not ignored. The gradient is linear in the incoming
    gradient, as in torch.

    Args:
        input (Tensor): log-probabilities of shape ``(N, C)``, ``(C)`` or ``(N, C, d1, d2, ...)``.
        target (Tensor): integer class indices in ``[0, C)``, of shape ``(N)``, ``()`` or
            ``(N, d1, d2, ...)``.
        weight (Tensor, optional): a manual rescaling weight for each class, of size ``C``. Default: ``None``.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        ignore_index (int, optional): a target value that is ignored and does not contribute to the loss or
            the gradient. Default: ``-100``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): ``'none'`` (one loss per element), ``'mean'`` (the weighted mean) or
            ``'sum'``. Default: ``'mean'``.
    """
    if target.dtype.is_floating_point:
        raise RuntimeError(f"expected scalar type Long but found {target.dtype._legacy[:-6]}")
    if input.ndim > 1 and target.shape[0] != input.shape[0]:
        raise ValueError(f"Expected input batch_size ({input.shape[0]}) to match target batch_size "
                         f"({target.shape[0]}).")
    data = float_input(input)
    if data.ndim > 2:  # (N, C, d1, ...) -> (N*d..., C)
        red = _reduction(size_average, reduce, reduction)
        perm = (0,) + tuple(range(2, data.ndim)) + (1,)
        flat = input.permute(*perm).reshape(-1, data.shape[1])
        out = nll_loss(flat, target.reshape(-1), weight, ignore_index=ignore_index, reduction=red)
        return out.reshape(target.shape) if red == "none" else out
    return apply(NllLossBackward0, (input,), (data,), target._data, None if weight is None else weight._data,
                 _reduction(size_average, reduce, reduction), ignore_index)


def cross_entropy(input: Tensor, target: Tensor, weight: Tensor | None = None, size_average=None,  # noqa: A002
                  ignore_index: int = -100, reduce=None, reduction: str = "mean",
                  label_smoothing: float = 0.0) -> Tensor:
    """Compute the cross entropy loss between input logits and target.

    ``target`` holds either class indices (an integer tensor, computed as
    ``nll_loss(log_softmax(input, 1), target)``) or class probabilities (a floating point tensor of the same
    shape as ``input``). ember does not support ``weight`` with class probabilities, nor ``label_smoothing``
    yet: both raise ``NotImplementedError`` rather than being ignored.

    Args:
        input (Tensor): unnormalized logits of shape ``(N, C)``, ``(C)`` or ``(N, C, d1, d2, ...)``.
        target (Tensor): class indices of shape ``(N)``, ``()`` or ``(N, d1, ...)``, or class probabilities
            of the same shape as ``input``.
        weight (Tensor, optional): a manual rescaling weight for each class, of size ``C``. Default: ``None``.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        ignore_index (int, optional): a target value that is ignored and does not contribute to the loss or
            the gradient. Default: ``-100``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): ``'none'`` (one loss per element), ``'mean'`` (the weighted mean) or
            ``'sum'``. Default: ``'mean'``.
        label_smoothing (float, optional): must be ``0.0`` (not supported yet). Default: ``0.0``.

    Example::

        >>> logits = torch.tensor([[2.0, 0.5, -1.0], [0.1, 1.5, 0.3]], requires_grad=True)
        >>> target = torch.tensor([0, 1])
        >>> loss = torch.nn.functional.cross_entropy(logits, target)
        >>> loss
        tensor(0.3391, grad_fn=<NllLossBackward0>)
        >>> loss.backward()
        >>> logits.grad
        tensor([[-0.1072,  0.0876,  0.0196],
                [ 0.0797, -0.1770,  0.0973]])
    """
    if label_smoothing:
        raise NotImplementedError("label_smoothing is not supported by ember yet")
    if target.dtype.is_floating_point and weight is not None:
        raise NotImplementedError("cross_entropy with class-probability targets and weight is not supported by "
                                  "ember yet")
    red = _reduction(size_average, reduce, reduction)
    logp = log_softmax(input, 1 if input.ndim > 1 else 0)
    if target.dtype.is_floating_point:  # class probabilities
        per = -(target * logp).sum(1 if input.ndim > 1 else 0)
        return per if red == "none" else (per.sum() if red == "sum" else per.mean())
    return nll_loss(logp, target, weight, ignore_index=ignore_index, reduction=red)


class MseLossBackward0(Op):
    __slots__ = ("reduction", "n")
    _saved_names = ("self", "target")
    _param_names = ("reduction",)

    @staticmethod
    def forward(ctx, a, b, reduction):
        ctx.reduction, ctx.n = reduction, np.broadcast_shapes(a.shape, b.shape)
        ctx.save(a, b)
        d = a - b
        sq = d * d
        if reduction == "none":
            return sq
        return np.sum(sq, dtype=sq.dtype) if reduction == "sum" else np.mean(sq, dtype=sq.dtype)

    def backward(ctx, g, xp):
        a, b = xp.saved(ctx)
        scale = 2.0
        if ctx.reduction == "mean":
            n = 1
            for s in ctx.n:
                n *= s
            scale = 2.0 / max(n, 1)
        d = (a - b) * scale * g
        return d, -d


def mse_loss(input: Tensor, target: Tensor, size_average=None, reduce=None,  # noqa: A002
             reduction: str = "mean", weight=None) -> Tensor:
    """Compute the element-wise mean squared error ``(input - target) ** 2``, reduced by ``reduction``.

    A ``UserWarning`` is issued when the shapes differ, as the two are then broadcast.

    Args:
        input (Tensor): the input tensor.
        target (Tensor): the target tensor, normally of the same shape.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.
        weight (Tensor, optional): not supported yet: must be ``None``. Default: ``None``.
    """
    if weight is not None:
        raise NotImplementedError("mse_loss(weight=...) is not supported by ember yet")
    import warnings
    if input.shape != target.shape:
        warnings.warn(f"Using a target size ({target.shape}) that is different to the input size ({input.shape}). "
                      "This will likely lead to incorrect results due to broadcasting. Please ensure they have the "
                      "same size.", UserWarning, stacklevel=2)
    tb, ad, bd = promote(input, target)
    return apply(MseLossBackward0, (input, target), (ad, bd), _reduction(size_average, reduce, reduction))
