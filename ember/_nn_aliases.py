"""The ``torch.X`` forms of nn functions (``torch.conv2d``, ``torch.dropout(x, p, train)``, ``torch.layer_norm``),
loaded on first use (``ember/__init__.py``'s lazy table): ``import ember`` does not load ``ember.nn``.

Where torch's ``torch.X`` *is* ``F.X`` (the convolutions, ``pixel_shuffle``, ``bilinear``...) the name is
ember's ``F.X``. The others are ATen's signatures, which differ from ``F``'s: positional and required
arguments (``dropout(input, p, train)``, ``batch_norm(input, weight, bias, running_mean, running_var, training,
momentum, eps, cudnn_enabled)``), a loss's ``reduction`` as ATen's int (0 none, 1 mean, 2 sum, any other
value unreduced; left out, it is 0: torch's Python binding reads no default from ATen's ``Mean``, so
``torch.kl_div(x, y)`` is unreduced, unlike ``F.kl_div``), ``embedding(weight, indices, padding_idx=-1)``
with -1 (any negative index) for none.
"""
from __future__ import annotations

import warnings
from typing import Sequence

from ._tensor import Tensor
from .nn import functional as F
from .nn._functional_layers import _dropout_impl, _feature

__all__ = ["conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "dropout",
           "dropout_", "alpha_dropout", "alpha_dropout_", "feature_dropout", "feature_dropout_",
           "feature_alpha_dropout", "feature_alpha_dropout_", "layer_norm", "batch_norm", "group_norm",
           "instance_norm", "embedding", "pixel_shuffle", "pixel_unshuffle", "channel_shuffle",
           "native_channel_shuffle", "cosine_similarity", "kl_div", "binary_cross_entropy_with_logits",
           "bilinear", "max_pool1d", "max_pool2d", "max_pool3d", "avg_pool1d", "adaptive_avg_pool1d",
           "adaptive_max_pool1d", "constant_pad_nd", "rms_norm", "margin_ranking_loss", "hinge_embedding_loss",
           "cosine_embedding_loss", "triplet_margin_loss", "poisson_nll_loss"]

# torch.X is F.X for these (the same builtin in torch)
conv1d, conv2d, conv3d = F.conv1d, F.conv2d, F.conv3d
conv_transpose1d, conv_transpose2d, conv_transpose3d = F.conv_transpose1d, F.conv_transpose2d, F.conv_transpose3d
pixel_shuffle, pixel_unshuffle, channel_shuffle = F.pixel_shuffle, F.pixel_unshuffle, F.channel_shuffle
native_channel_shuffle, cosine_similarity, bilinear = F.native_channel_shuffle, F.cosine_similarity, F.bilinear
avg_pool1d, adaptive_avg_pool1d = F.avg_pool1d, F.adaptive_avg_pool1d

_REDUCTIONS = {0: "none", 1: "mean", 2: "sum"}


def _reduction(name: str, reduction: int, pos: int) -> str:
    if isinstance(reduction, bool) or not isinstance(reduction, int):
        raise TypeError(f"{name}(): argument 'reduction' (position {pos}) must be int, not "
                        f"{type(reduction).__name__}")
    return _REDUCTIONS.get(reduction, "none")      # ATen's apply_loss_reduction: anything else is unreduced


# ------------------------------------------------------------------------------------------ dropout
def _check_p(name: str, input: Tensor, p: float, train: bool) -> None:  # noqa: A002
    """torch's parser's TypeErrors for the three arguments, then ATen's check of ``p``."""
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    if not isinstance(p, (int, float)):       # (a bool is an int: torch takes it as 0. or 1.)
        raise TypeError(f"{name}(): argument 'p' (position 2) must be float, not {type(p).__name__}")
    if not isinstance(train, bool):
        raise TypeError(f"{name}(): argument 'train' (position 3) must be bool, not {type(train).__name__}")
    if p < 0 or p > 1:      # ATen checks p even when not training, with a RuntimeError (F: ValueError)
        raise RuntimeError(f"dropout probability has to be between 0 and 1, but got {p:g}")


def dropout(input: Tensor, p: float, train: bool) -> Tensor:  # noqa: A002
    """``torch.dropout``: zero each element with probability ``p`` and scale the rest by ``1/(1-p)`` when
    ``train``; ``input`` itself otherwise. The mask is drawn as torch draws it (see ``F.dropout``)."""
    _check_p("dropout", input, p, train)
    return _dropout_impl(input, p, train, False, None, False)


def dropout_(input: Tensor, p: float, train: bool) -> Tensor:  # noqa: A002
    """In-place :func:`dropout`."""
    _check_p("dropout_", input, p, train)
    return _dropout_impl(input, p, train, True, None, False)


def alpha_dropout(input: Tensor, p: float, train: bool) -> Tensor:  # noqa: A002
    """``torch.alpha_dropout``: dropout that keeps a SELU network's mean and variance (see ``F.alpha_dropout``)."""
    _check_p("alpha_dropout", input, p, train)
    return _dropout_impl(input, p, train, False, None, True)


def alpha_dropout_(input: Tensor, p: float, train: bool) -> Tensor:  # noqa: A002
    """In-place :func:`alpha_dropout`."""
    _check_p("alpha_dropout_", input, p, train)
    return _dropout_impl(input, p, train, True, None, True)


def feature_dropout(input: Tensor, p: float, train: bool) -> Tensor:  # noqa: A002
    """``torch.feature_dropout``: zero whole channels (dim 1) of an input of at least 2 dims."""
    _check_p("feature_dropout", input, p, train)
    return _feature(input, p, train, False, False)


def feature_dropout_(input: Tensor, p: float, train: bool) -> Tensor:  # noqa: A002
    """In-place :func:`feature_dropout`."""
    _check_p("feature_dropout_", input, p, train)
    return _feature(input, p, train, True, False)


def feature_alpha_dropout(input: Tensor, p: float, train: bool) -> Tensor:  # noqa: A002
    """``torch.feature_alpha_dropout``: alpha dropout of whole channels."""
    _check_p("feature_alpha_dropout", input, p, train)
    return _feature(input, p, train, False, True)


def feature_alpha_dropout_(input: Tensor, p: float, train: bool) -> Tensor:  # noqa: A002
    """In-place :func:`feature_alpha_dropout`."""
    _check_p("feature_alpha_dropout_", input, p, train)
    return _feature(input, p, train, True, True)


# ---------------------------------------------------------------------------------- normalisation
def layer_norm(input: Tensor, normalized_shape: Sequence[int], weight: Tensor | None = None,  # noqa: A002
               bias: Tensor | None = None, eps: float = 1e-05, cudnn_enable: bool = True) -> Tensor:
    """``torch.layer_norm``: ``F.layer_norm`` (``cudnn_enable`` is accepted and ignored)."""
    return F.layer_norm(input, normalized_shape, weight, bias, eps)


def batch_norm(input: Tensor, weight: Tensor | None, bias: Tensor | None,  # noqa: A002
               running_mean: Tensor | None, running_var: Tensor | None, training: bool, momentum: float,
               eps: float, cudnn_enabled: bool) -> Tensor:
    """``torch.batch_norm``: ``F.batch_norm`` with ATen's argument order (every argument required)."""
    return F.batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)


def group_norm(input: Tensor, num_groups: int, weight: Tensor | None = None,  # noqa: A002
               bias: Tensor | None = None, eps: float = 1e-05, cudnn_enabled: bool = True) -> Tensor:
    """``torch.group_norm``: ``F.group_norm`` (``cudnn_enabled`` is accepted and ignored)."""
    return F.group_norm(input, num_groups, weight, bias, eps)


def instance_norm(input: Tensor, weight: Tensor | None, bias: Tensor | None,  # noqa: A002
                  running_mean: Tensor | None, running_var: Tensor | None, use_input_stats: bool, momentum: float,
                  eps: float, cudnn_enabled: bool) -> Tensor:
    """``torch.instance_norm``: ``F.instance_norm`` with ATen's argument order (every argument required)."""
    return F.instance_norm(input, running_mean, running_var, weight, bias, use_input_stats, momentum, eps)


def rms_norm(input: Tensor, normalized_shape: Sequence[int], weight: Tensor | None = None,  # noqa: A002
             eps: float | None = None) -> Tensor:
    """``torch.rms_norm``: ``F.rms_norm``."""
    return F.rms_norm(input, normalized_shape, weight, eps)


def embedding(weight: Tensor, indices: Tensor, padding_idx: int = -1, scale_grad_by_freq: bool = False,
              sparse: bool = False) -> Tensor:
    """``torch.embedding``: the rows of ``weight`` at ``indices`` (``weight`` first, as ATen); a negative
    ``padding_idx`` means none (``F.embedding`` counts a negative one from the end)."""
    return F.embedding(indices, weight, None if padding_idx < 0 else padding_idx, None, 2.0, scale_grad_by_freq,
                       sparse)


# ---------------------------------------------------------------------------------------- pooling
def max_pool1d(input: Tensor, kernel_size, stride=(), padding=0, dilation=1,  # noqa: A002
               ceil_mode: bool = False) -> Tensor:
    """``torch.max_pool1d``: ``F.max_pool1d``; an empty ``stride`` (the default) is the kernel size."""
    return F.max_pool1d(input, kernel_size, stride if stride != () and stride != [] else None, padding, dilation,
                        ceil_mode)


def max_pool2d(input: Tensor, kernel_size, stride=(), padding=0, dilation=1,  # noqa: A002
               ceil_mode: bool = False) -> Tensor:
    """``torch.max_pool2d``: ``F.max_pool2d``; an empty ``stride`` (the default) is the kernel size."""
    return F.max_pool2d(input, kernel_size, stride if stride != () and stride != [] else None, padding, dilation,
                        ceil_mode)


def max_pool3d(input: Tensor, kernel_size, stride=(), padding=0, dilation=1,  # noqa: A002
               ceil_mode: bool = False) -> Tensor:
    """``torch.max_pool3d``: ``F.max_pool3d``; an empty ``stride`` (the default) is the kernel size."""
    return F.max_pool3d(input, kernel_size, stride if stride != () and stride != [] else None, padding, dilation,
                        ceil_mode)


def adaptive_max_pool1d(input: Tensor, output_size) -> tuple:  # noqa: A002
    """``torch.adaptive_max_pool1d``: the pooled values and their indices (``F.adaptive_max_pool1d`` with
    ``return_indices=True``)."""
    return F.adaptive_max_pool1d(input, output_size, return_indices=True)


def constant_pad_nd(input: Tensor, pad: Sequence[int], value: float = 0) -> Tensor:  # noqa: A002
    """``torch.constant_pad_nd``: ``F.pad(input, pad, "constant", value)`` (``ConstantPadNdBackward0``)."""
    return F.pad(input, pad, "constant", value)


# ----------------------------------------------------------------------------------------- losses
def kl_div(input: Tensor, target: Tensor, reduction: int = 0, *, log_target: bool = False) -> Tensor:  # noqa: A002
    """``torch.kl_div``: ``F.kl_div`` with an int ``reduction`` (unreduced unless given); 1 (mean) is the mean
    over every element, without ``F``'s warning about ``'batchmean'``."""
    red = _reduction("kl_div", reduction, 3)
    with warnings.catch_warnings():      # torch.kl_div does not warn; F.kl_div's "mean" does
        warnings.simplefilter("ignore", UserWarning)
        return F.kl_div(input, target, reduction=red, log_target=log_target)


def binary_cross_entropy_with_logits(input: Tensor, target: Tensor, weight: Tensor | None = None,  # noqa: A002
                                     pos_weight: Tensor | None = None, reduction: int = 0) -> Tensor:
    """``torch.binary_cross_entropy_with_logits``: ``F.binary_cross_entropy_with_logits``, ``reduction`` an int."""
    red = _reduction("binary_cross_entropy_with_logits", reduction, 5)
    return F.binary_cross_entropy_with_logits(input, target, weight, reduction=red, pos_weight=pos_weight)


def margin_ranking_loss(input1: Tensor, input2: Tensor, target: Tensor, margin: float = 0.0,
                        reduction: int = 0) -> Tensor:
    """``torch.margin_ranking_loss``: ``F.margin_ranking_loss``, ``reduction`` an int."""
    return F.margin_ranking_loss(input1, input2, target, margin, reduction=_reduction("margin_ranking_loss",
                                                                                       reduction, 5))


def hinge_embedding_loss(input: Tensor, target: Tensor, margin: float = 1.0, reduction: int = 0) -> Tensor:  # noqa: A002
    """``torch.hinge_embedding_loss``: ``F.hinge_embedding_loss``, ``reduction`` an int."""
    return F.hinge_embedding_loss(input, target, margin, reduction=_reduction("hinge_embedding_loss", reduction, 4))


def cosine_embedding_loss(input1: Tensor, input2: Tensor, target: Tensor, margin: float = 0.0,
                          reduction: int = 0) -> Tensor:
    """``torch.cosine_embedding_loss``: ``F.cosine_embedding_loss``, ``reduction`` an int."""
    return F.cosine_embedding_loss(input1, input2, target, margin,
                                   reduction=_reduction("cosine_embedding_loss", reduction, 5))


def triplet_margin_loss(anchor: Tensor, positive: Tensor, negative: Tensor, margin: float = 1.0, p: float = 2.0,
                        eps: float = 1e-06, swap: bool = False, reduction: int = 0) -> Tensor:
    """``torch.triplet_margin_loss``: ``F.triplet_margin_loss``, ``reduction`` an int."""
    return F.triplet_margin_loss(anchor, positive, negative, margin, p, eps, swap,
                                 reduction=_reduction("triplet_margin_loss", reduction, 8))


def poisson_nll_loss(input: Tensor, target: Tensor, log_input: bool, full: bool, eps: float,  # noqa: A002
                     reduction: int) -> Tensor:
    """``torch.poisson_nll_loss``: ``F.poisson_nll_loss`` with every argument required, ``reduction`` an int."""
    return F.poisson_nll_loss(input, target, log_input, full, eps=eps,
                              reduction=_reduction("poisson_nll_loss", reduction, 6))
