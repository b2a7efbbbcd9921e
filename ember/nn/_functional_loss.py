"""The losses and distances of ``nn.functional``, written as torch writes them.

Where torch computes a loss in one fused kernel (``MseLossBackward0``, ``NllLossBackward0``,
``BinaryCrossEntropyBackward0``, ...) the kernel is an op (``ember/ops/nn.py``, ``ember/ops/loss.py``)
and this module adds torch's Python-level checks and warnings. The others torch composes of
ordinary ops (in ATen or in Python); they are composed here of the same ops in the same order, so
values, gradients and the result's ``grad_fn`` are torch's.
"""
from __future__ import annotations

import math
import warnings

from .. import broadcast_tensors, no_grad, ones_like, where, zeros_like
from .._tensor import Tensor
from ..ops import distance as _distance, loss as _kernels
from ..ops.activation import logsigmoid
from ..ops._promotion import parse_args
from ..ops.nn import _reduction, warn_target_size
from ..ops.nn import _weighted as _weighted_errors

__all__ = ["l1_loss", "smooth_l1_loss", "huber_loss", "binary_cross_entropy", "binary_cross_entropy_with_logits",
           "kl_div", "poisson_nll_loss", "gaussian_nll_loss", "multilabel_soft_margin_loss", "soft_margin_loss",
           "cosine_embedding_loss", "hinge_embedding_loss", "margin_ranking_loss", "triplet_margin_loss",
           "normalize", "cosine_similarity", "pairwise_distance"]

_EPSILON = 1e-12    # ATen's EPSILON in cosine_embedding_loss


def _reduce(loss: Tensor, red: str) -> Tensor:
    """ATen's ``apply_loss_reduction``."""
    return loss.mean() if red == "mean" else loss.sum() if red == "sum" else loss


def _broadcast(input: Tensor, target: Tensor) -> tuple:  # noqa: A002
    """torch's ``broadcast_tensors(input, target)`` before the loss (ExpandBackward0 where a shape differs): a
    0-d target then promotes as a tensor."""
    if isinstance(target, Tensor) and isinstance(input, Tensor) and input.shape != target.shape:
        return broadcast_tensors(input, target)
    return input, target


def l1_loss(input: Tensor, target: Tensor, size_average=None, reduce=None,  # noqa: A002
            reduction: str = "mean", weight: Tensor | None = None) -> Tensor:
    """Mean absolute error ``|input - target|``, reduced by ``reduction`` (composed: ``AbsBackward0``).

    Args:
        input (Tensor): the input.
        target (Tensor): the target, normally of ``input``'s shape (else a ``UserWarning``, and broadcast).
        size_average (bool, optional): deprecated (see ``reduction``).
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.
        weight (Tensor, optional): a weight per element, of ``input``'s shape; ``'mean'`` divides by its sum.
    """
    warn_target_size(input, target)
    if size_average is not None or reduce is not None:
        reduction = _reduction(size_average, reduce, reduction)
    if weight is not None:
        return _weighted_errors((input - target).abs(), input, weight, reduction)
    input, target = _broadcast(input, target)  # noqa: A001
    return _reduce((input - target).abs(), _reduction(None, None, reduction))


def smooth_l1_loss(input: Tensor, target: Tensor, size_average=None, reduce=None,  # noqa: A002
                   reduction: str = "mean", beta: float = 1.0) -> Tensor:
    """``0.5 d^2 / beta`` where ``|d| < beta``, else ``|d| - 0.5 beta``, for ``d = input - target``.

    One ``SmoothL1LossBackward0`` node; ``beta=0`` is :func:`l1_loss`, as in torch.

    Args:
        input (Tensor): the input.
        target (Tensor): the target, normally of ``input``'s shape.
        size_average (bool, optional): deprecated (see ``reduction``).
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.
        beta (float): the threshold between the quadratic and the linear part, not negative. Default: ``1.0``.
    """
    warn_target_size(input, target)
    red = _reduction(size_average, reduce, reduction)
    input, target = _broadcast(input, target)  # noqa: A001
    if beta == 0.0:
        return _reduce((input - target).abs(), red)
    return _kernels.smooth_l1_loss(input, target, red, beta)


def huber_loss(input: Tensor, target: Tensor, reduction: str = "mean", delta: float = 1.0,  # noqa: A002
               weight: Tensor | None = None) -> Tensor:
    """``0.5 d^2`` where ``|d| < delta``, else ``delta (|d| - 0.5 delta)`` (one ``HuberLossBackward0`` node).

    Args:
        input (Tensor): the input.
        target (Tensor): the target, normally of ``input``'s shape.
        reduction (str): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.
        delta (float): the threshold between the quadratic and the linear part, positive. Default: ``1.0``.
        weight (Tensor, optional): a weight per element, of ``input``'s shape.
    """
    warn_target_size(input, target)
    if weight is None:
        return _kernels.huber_loss(*_broadcast(input, target), _reduction(None, None, reduction), delta)
    if weight.size() != input.size():
        raise ValueError("Weights and input must have the same size.")
    weighted = _kernels.huber_loss(input, target, "none", delta) * weight
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"Invalid reduction mode: {reduction}. Expected one of 'none', 'mean', 'sum'.")
    return _reduce(weighted, reduction)


def binary_cross_entropy(input: Tensor, target: Tensor, weight: Tensor | None = None,  # noqa: A002
                         size_average=None, reduce=None, reduction: str = "mean") -> Tensor:
    """Binary cross entropy ``-w (t log(x) + (1 - t) log(1 - x))`` of probabilities ``x`` (each log clamped at -100).

    One ``BinaryCrossEntropyBackward0`` node; ``input`` and ``target`` get gradients.

    Args:
        input (Tensor): probabilities in ``[0, 1]``.
        target (Tensor): targets in ``[0, 1]``, of ``input``'s shape.
        weight (Tensor, optional): a rescaling weight, broadcast to ``target``'s shape.
        size_average (bool, optional): deprecated (see ``reduction``).
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.
    """
    red = _reduction(size_average, reduce, reduction)
    if target.size() != input.size():
        raise ValueError(f"Using a target size ({target.size()}) that is different to the input size "
                         f"({input.size()}) is deprecated. Please ensure they have the same size.")
    if weight is not None:
        weight = weight.expand(*_broadcast_shape(target.shape, weight.shape))
    return _kernels.binary_cross_entropy(input, target, weight, red)


def binary_cross_entropy_with_logits(input: Tensor, target: Tensor, weight: Tensor | None = None,  # noqa: A002
                                     size_average=None, reduce=None, reduction: str = "mean",
                                     pos_weight: Tensor | None = None) -> Tensor:
    """Binary cross entropy of ``sigmoid(input)``, computed stably in one ``BinaryCrossEntropyWithLogitsBackward0``.

    Args:
        input (Tensor): logits.
        target (Tensor): targets, of ``input``'s shape.
        weight (Tensor, optional): a rescaling weight, broadcast with ``input``.
        size_average (bool, optional): deprecated (see ``reduction``).
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.
        pos_weight (Tensor, optional): the weight of positive examples, broadcast with ``input``
            (one per class: shape ``(C,)``).
    """
    red = _reduction(size_average, reduce, reduction)
    if target.size() != input.size():
        raise ValueError(f"Target size ({target.size()}) must be the same as input size ({input.size()})")
    return _kernels.binary_cross_entropy_with_logits(input, target, weight, pos_weight, red)


def kl_div(input: Tensor, target: Tensor, size_average=None, reduce=None,  # noqa: A002
           reduction: str = "mean", log_target: bool = False) -> Tensor:
    """Kullback-Leibler divergence ``target * (log(target) - input)`` of log-probabilities ``input``.

    ``reduction='batchmean'`` divides the sum by the batch size (the mathematical KL divergence);
    ``'mean'`` divides by the number of elements, with torch's warning.

    Args:
        input (Tensor): log-probabilities.
        target (Tensor): probabilities (log-probabilities with ``log_target``), of ``input``'s shape.
        size_average (bool, optional): deprecated (see ``reduction``).
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'none'``, ``'batchmean'``, ``'sum'`` or ``'mean'``. Default: ``'mean'``.
        log_target (bool): whether ``target`` is given in log space. Default: ``False``.
    """
    if size_average is not None or reduce is not None:
        red = _reduction(size_average, reduce, reduction)
    else:
        if reduction == "mean":
            warnings.warn("reduction: 'mean' divides the total loss by both the batch size and the support size."
                          "'batchmean' divides only by the batch size, and aligns with the KL div math definition."
                          "'mean' will be changed to behave the same as 'batchmean' in the next major release.",
                          UserWarning, stacklevel=2)
        red = "sum" if reduction == "batchmean" else _reduction(None, None, reduction)
    parse_args("kl_div", ("input", 1, input, "Tensor"), ("target", 2, target, "Tensor"))   # after the warning
    if log_target:
        loss = target.exp() * (target - input)
    else:   # xlogy(target, target): 0 where target is 0
        loss = where(target == 0, 0.0, target * target.log()) - target * input
    reduced = _reduce(loss, red)
    if reduction == "batchmean" and input.dim() != 0:
        reduced = reduced / input.size()[0]
    return reduced


def poisson_nll_loss(input: Tensor, target: Tensor, log_input: bool = True, full: bool = False,  # noqa: A002
                     size_average=None, eps: float = 1e-8, reduce=None, reduction: str = "mean") -> Tensor:
    """Negative log likelihood of a Poisson ``target``: ``exp(input) - target * input`` (log rates), or
    ``input - target * log(input + eps)``; ``full`` adds Stirling's term where ``target > 1``.

    Args:
        input (Tensor): the expectation of the Poisson distribution (its log with ``log_input``).
        target (Tensor): the observed counts.
        log_input (bool): whether ``input`` is a log rate. Default: ``True``.
        full (bool): add the Stirling approximation term. Default: ``False``.
        size_average (bool, optional): deprecated (see ``reduction``).
        eps (float): added inside the log when ``log_input=False``. Default: ``1e-8``.
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.
    """
    red = _reduction(size_average, reduce, reduction)
    loss = input.exp() - target * input if log_input else input - target * (input + eps).log()
    if full:
        stirling = target * target.log() - target + 0.5 * (2 * math.pi * target).log()
        loss = loss + stirling.masked_fill(target <= 1, 0)
    return _reduce(loss, red)


def gaussian_nll_loss(input: Tensor, target: Tensor, var: Tensor | float, full: bool = False,  # noqa: A002
                      eps: float = 1e-6, reduction: str = "mean") -> Tensor:
    """Gaussian negative log likelihood ``0.5 (log(var) + (input - target)^2 / var)`` (+ ``0.5 log(2 pi)`` if ``full``).

    ``var`` is clamped to ``eps`` for stability without blocking its gradient, as in torch.

    Args:
        input (Tensor): the expectation.
        target (Tensor): a sample.
        var (Tensor or float): the variance: of ``input``'s shape, one dimension short, or with one
            dimension of size 1 (homoscedastic).
        full (bool): include the constant term. Default: ``False``.
        eps (float): the lower clamp of ``var``. Default: ``1e-6``.
        reduction (str): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.
    """
    if isinstance(var, float):
        if var < 0:
            raise ValueError("var has negative entry/entries")
        var = var * ones_like(input)
    elif (var < 0).sum().item():
        raise ValueError("var has negative entry/entries")
    if var.size() != input.size():
        if input.size()[:-1] == var.size():
            var = var.unsqueeze(-1)
        elif not (input.ndim == var.ndim and sum(y for x, y in zip(input.size(), var.size()) if x != y) == 1):
            raise ValueError("var is of incorrect size")
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(reduction + " is not valid")
    var = var.clone()
    with no_grad():
        var.clamp_(min=eps)
    loss = 0.5 * (var.log() + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduce(loss, reduction)


def multilabel_soft_margin_loss(input: Tensor, target: Tensor, weight: Tensor | None = None,  # noqa: A002
                                size_average=None, reduce=None, reduction: str = "mean") -> Tensor:
    """Multi-label one-versus-all loss: the mean over classes of ``-(t log sigmoid(x) + (1 - t) log sigmoid(-x))``.

    Args:
        input (Tensor): ``(N, C)`` or ``(C)`` logits.
        target (Tensor): 0/1 labels of ``input``'s shape.
        weight (Tensor, optional): a weight per class, broadcast with ``input``.
        size_average (bool, optional): deprecated (see ``reduction``).
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.
    """
    if size_average is not None or reduce is not None:
        reduction = _reduction(size_average, reduce, reduction)
    loss = -(target * logsigmoid(input) + (1 - target) * logsigmoid(-input))
    if weight is not None:
        loss = loss * weight
    class_dim = input.dim() - 1
    loss = loss.sum(dim=class_dim) / input.size(class_dim)
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(reduction + " is not valid")
    return _reduce(loss, reduction)


def soft_margin_loss(input: Tensor, target: Tensor, size_average=None, reduce=None,  # noqa: A002
                     reduction: str = "mean") -> Tensor:
    """Two-class logistic loss ``log(1 + exp(-target * input))`` (one ``SoftMarginLossBackward0`` node).

    Args:
        input (Tensor): the input.
        target (Tensor): labels 1 or -1, broadcastable with ``input``.
        size_average (bool, optional): deprecated (see ``reduction``).
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.
    """
    parse_args("soft_margin_loss", ("input", 1, input, "Tensor"), ("target", 2, target, "Tensor"))
    return _kernels.soft_margin_loss(input, target, _reduction(size_average, reduce, reduction))


def cosine_embedding_loss(input1: Tensor, input2: Tensor, target: Tensor, margin: float = 0,
                          size_average=None, reduce=None, reduction: str = "mean") -> Tensor:
    """``1 - cos(x1, x2)`` where ``target`` is 1, ``max(0, cos(x1, x2) - margin)`` where it is -1.

    Args:
        input1 (Tensor): ``(N, D)`` or ``(D)``.
        input2 (Tensor): of ``input1``'s shape.
        target (Tensor): ``(N)`` or ``()`` labels, 1 or -1.
        margin (float): in ``[-1, 1]``. Default: ``0``.
        size_average (bool, optional): deprecated (see ``reduction``).
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.
    """
    red = _reduction(size_average, reduce, reduction)
    dim = target.dim()
    if dim not in (0, 1):
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if dim == 1 and not (input1.dim() == 2 and input2.dim() == 2):
        raise RuntimeError(f"1D target tensor expects 2D input tensors, but found inputs with sizes "
                           f"{list(input1.shape)} and {list(input2.shape)}.")
    if dim == 0 and not (input1.dim() == 1 and input2.dim() == 1):
        raise RuntimeError(f"0D target tensor expects 1D input tensors, but found inputs with sizes "
                           f"{list(input1.shape)} and {list(input2.shape)}.")
    prod_sum = (input1 * input2).sum(dim)
    mag_square1 = (input1 * input1).sum(dim) + _EPSILON
    mag_square2 = (input2 * input2).sum(dim) + _EPSILON
    cos = prod_sum / (mag_square1 * mag_square2).sqrt()
    zeros = zeros_like(cos)
    output = where(target == 1, 1 - cos, zeros) + where(target == -1, (cos - margin).clamp_min(0), zeros)
    return _reduce(output, red)


def hinge_embedding_loss(input: Tensor, target: Tensor, margin: float = 1.0, size_average=None,  # noqa: A002
                         reduce=None, reduction: str = "mean") -> Tensor:
    """``input`` where ``target`` is 1, ``max(0, margin - input)`` where it is -1.

    Args:
        input (Tensor): the input (often distances).
        target (Tensor): labels 1 or -1, of ``input``'s shape.
        margin (float): the margin. Default: ``1.0``.
        size_average (bool, optional): deprecated (see ``reduction``).
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.
    """
    red = _reduction(size_average, reduce, reduction)
    zeros = zeros_like(input)
    output = where(target != 1, (margin - input).clamp_min(0), zeros) + where(target != -1, input, zeros)
    return _reduce(output, red)


def margin_ranking_loss(input1: Tensor, input2: Tensor, target: Tensor, margin: float = 0,
                        size_average=None, reduce=None, reduction: str = "mean") -> Tensor:
    """``max(0, -target * (input1 - input2) + margin)``: ranks ``input1`` above ``input2`` where ``target`` is 1.

    Args:
        input1 (Tensor): ``(N)`` or ``()`` scores.
        input2 (Tensor): the other scores, of the same dimension.
        target (Tensor): labels 1 or -1, of the same dimension.
        margin (float): the margin. Default: ``0``.
        size_average (bool, optional): deprecated (see ``reduction``).
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.
    """
    red = _reduction(size_average, reduce, reduction)
    if input1.dim() != input2.dim() or input1.dim() != target.dim():
        raise RuntimeError(f"margin_ranking_loss : All input tensors should have same dimension but got sizes: "
                           f"input1: {input1.size()}, input2: {input2.size()}, target: {target.size()} ")
    return _reduce((-target * (input1 - input2) + margin).clamp_min(0), red)


def triplet_margin_loss(anchor: Tensor, positive: Tensor, negative: Tensor, margin: float = 1.0, p: float = 2,
                        eps: float = 1e-6, swap: bool = False, size_average=None, reduce=None,
                        reduction: str = "mean") -> Tensor:
    """``max(d(a, p) - d(a, n) + margin, 0)`` with ``d`` the :func:`pairwise_distance` (``swap``: the
    smaller of ``d(a, n)`` and ``d(p, n)``).

    Args:
        anchor (Tensor): ``(N, D)`` or ``(D)``.
        positive (Tensor): of the same dimension.
        negative (Tensor): of the same dimension.
        margin (float): positive. Default: ``1.0``.
        p (float): the norm degree of the distance. Default: ``2``.
        eps (float): added to the differences, against a zero norm. Default: ``1e-6``.
        swap (bool): the distance swap of Balntas et al. Default: ``False``.
        size_average (bool, optional): deprecated (see ``reduction``).
        reduce (bool, optional): deprecated (see ``reduction``).
        reduction (str): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.
    """
    red = _reduction(size_average, reduce, reduction)
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    a, pos, neg = anchor.dim(), positive.dim(), negative.dim()
    if not a == pos == neg:
        raise RuntimeError(f"The anchor, positive, and negative tensors are expected to have the same number of "
                           f"dimensions, but got: anchor {a}D, positive {pos}D, and negative {neg}D inputs")
    dist_pos = pairwise_distance(anchor, positive, p, eps)
    dist_neg = pairwise_distance(anchor, negative, p, eps)
    if swap:
        dist_neg = dist_neg.minimum(pairwise_distance(positive, negative, p, eps))
    return _reduce((margin + dist_pos - dist_neg).clamp_min(0), red)


def pairwise_distance(x1: Tensor, x2: Tensor, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False) -> Tensor:
    """The ``p``-norm of ``x1 - x2 + eps`` along the last dimension (of the broadcast shape).

    Args:
        x1 (Tensor): ``(N, D)`` or ``(D)``.
        x2 (Tensor): broadcastable with ``x1``.
        p (float): the norm degree. Default: ``2``.
        eps (float): added to the differences, against a zero norm. Default: ``1e-6``.
        keepdim (bool): keep the reduced dimension. Default: ``False``.
    """
    return _distance.pairwise_distance(x1, x2, p, eps, keepdim)    # NormBackward1 over AddBackward1, as torch


def cosine_similarity(x1: Tensor, x2: Tensor, dim: int = 1, eps: float = 1e-8) -> Tensor:
    """Cosine similarity ``x1 . x2 / (max(||x1||, eps) max(||x2||, eps))`` along ``dim``.

    Each input is divided by its norm first, as in torch (the norms clamped to ``eps``
    without blocking their gradient).

    Args:
        x1 (Tensor): the first input.
        x2 (Tensor): broadcastable with ``x1``.
        dim (int): the dimension of the vectors. Default: ``1``.
        eps (float): the lower clamp of each norm. Default: ``1e-8``.
    """
    if x1.shape != x2.shape:
        shape = _broadcast_shape(x1.shape, x2.shape)
        x1, x2 = x1.expand(*shape), x2.expand(*shape)
    n1, n2 = x1.norm(2, dim, keepdim=True).clone(), x2.norm(2, dim, keepdim=True).clone()
    with no_grad():
        n1.clamp_(min=eps)
        n2.clamp_(min=eps)
    return ((x1 / n1) * (x2 / n2)).sum(dim)


def normalize(input: Tensor, p: float = 2.0, dim: int = 1, eps: float = 1e-12,  # noqa: A002
              out: Tensor | None = None) -> Tensor:
    """``input / max(||input||_p, eps)`` along ``dim``.

    Args:
        input (Tensor): the input.
        p (float): the norm degree. Default: ``2``.
        dim (int or tuple of ints): the dimension(s) to normalize over. Default: ``1``.
        eps (float): the lower clamp of the norm. Default: ``1e-12``.
        out (Tensor, optional): where to write the result (not differentiable). Default: ``None``.
    """
    denom = input.norm(p, dim, keepdim=True).clamp(min=eps).expand_as(input)
    if out is None:
        return input / denom
    return out.copy_(input / denom)


def _broadcast_shape(a: tuple, b: tuple) -> tuple:
    """The broadcast shape of two shapes, with ``torch.broadcast_shapes``'s error."""
    n = max(len(a), len(b))
    a, b = (1,) * (n - len(a)) + tuple(a), (1,) * (n - len(b)) + tuple(b)
    if any(x != y and 1 not in (x, y) for x, y in zip(a, b)):
        raise RuntimeError("Shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg 0 "
                           "and arg 1.")
    return tuple(y if x == 1 else x for x, y in zip(a, b))
