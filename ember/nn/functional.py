"""ember.nn.functional: activations, layers and losses, written against ember's ops.

Activations torch records as nodes of their own come from ``ops/activation.py``; those torch
composes of other ops (``softsign``, ``tanhshrink``, ``softmin``, ``bilinear``) are composed here
the same way, so their ``grad_fn`` is torch's.
"""
from __future__ import annotations

import warnings

from .. import arange as _arange, int64 as _int64
from .._tensor import Tensor
from ..ops import activation as _act
from ..ops.activation import gelu, glu, hardshrink, logsigmoid, prelu, softplus, softshrink  # noqa: F401
from ..ops._promotion import parse_args as _parse_args
from ..ops.linalg import linear as _linear
from ..ops.nn import cross_entropy, mse_loss, nll_loss
from ._functional_loss import (  # noqa: F401
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cosine_embedding_loss,
    cosine_similarity,
    gaussian_nll_loss,
    hinge_embedding_loss,
    huber_loss,
    kl_div,
    l1_loss,
    margin_ranking_loss,
    multilabel_soft_margin_loss,
    normalize,
    pairwise_distance,
    poisson_nll_loss,
    smooth_l1_loss,
    soft_margin_loss,
    triplet_margin_loss,
)
from ._functional_loss import __all__ as _loss_all
from ._functional_layers import *  # noqa: F401,F403  (normalisation, embedding, dropout, attention)
from ._functional_layers import __all__ as _layers_all
from ._functional_resample import *  # noqa: F401,F403  (interpolate, pixel_shuffle, channel_shuffle)
from ._functional_resample import __all__ as _resample_all
from ..ops.conv_api import *  # noqa: F401,F403  (convolution, unfold, fold)
from ..ops.conv_api import __all__ as _conv_all
from ..ops.pool_api import *  # noqa: F401,F403  (pooling)
from ..ops.pool_api import __all__ as _pool_all
from ..ops.unpool import *  # noqa: F401,F403  (max unpooling)
from ..ops.unpool import __all__ as _unpool_all
from ..ops.embedding_bag import embedding_bag  # noqa: F401
from ..ops.grid_sample import affine_grid, grid_sample  # noqa: F401
from ..ops.padding import pad  # noqa: F401
from ..ops.nn import log_softmax as _log_softmax
from ..ops.nn import softmax as _softmax  # noqa: F401
from ..ops.unary import relu as _relu  # noqa: F401
from ..ops.unary import sigmoid, tanh


def relu(input: Tensor, inplace: bool = False) -> Tensor:  # noqa: A002
    """Apply the rectified linear unit function ``max(x, 0)`` element-wise.

    The gradient at 0 is 0, as in torch. Integer dtypes are kept.

    Args:
        input (Tensor): the input tensor.
        inplace (bool): if ``True``, modify ``input`` in place (with ``Tensor.relu_``). Default: ``False``.
    """
    return input.relu_() if inplace else _relu(input)


__all__ = ["relu", "relu_", "relu6", "leaky_relu", "leaky_relu_", "prelu", "elu", "elu_", "selu", "selu_", "celu",
           "celu_", "gelu", "silu", "mish", "sigmoid", "tanh", "softmax", "log_softmax", "softmin", "softplus",
           "softsign", "softshrink", "hardshrink", "tanhshrink", "hardtanh", "hardtanh_", "hardsigmoid", "hardswish",
           "logsigmoid", "threshold", "threshold_", "glu", "nll_loss", "cross_entropy", "mse_loss", "linear",
           "bilinear"] + _loss_all + _layers_all
__all__ += _resample_all
__all__ += _conv_all + _pool_all + ["pad"]
__all__ += _unpool_all + ["embedding_bag", "affine_grid", "grid_sample"]


def relu_(input: Tensor) -> Tensor:  # noqa: A002
    """In-place :func:`relu`; returns ``input``."""
    return input.relu_()


def relu6(input: Tensor, inplace: bool = False) -> Tensor:  # noqa: A002
    """``min(max(0, x), 6)`` elementwise: ``hardtanh(input, 0, 6)`` (recorded as ``HardtanhBackward0``).

    Args:
        input (Tensor): the input tensor.
        inplace (bool): modify ``input`` in place. Default: ``False``.
    """
    return (_act.hardtanh_ if inplace else _act.hardtanh)(input, 0.0, 6.0)


def hardtanh(input: Tensor, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False) -> Tensor:  # noqa: A002
    """``input`` clamped to ``[min_val, max_val]``; the gradient is 1 strictly inside, 0 elsewhere.

    Args:
        input (Tensor): the input tensor (integer dtypes are kept).
        min_val (float): the lower bound. Default: ``-1.0``.
        max_val (float): the upper bound, not below ``min_val``. Default: ``1.0``.
        inplace (bool): modify ``input`` in place. Default: ``False``.
    """
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    return (_act.hardtanh_ if inplace else _act.hardtanh)(input, min_val, max_val)


def hardtanh_(input: Tensor, min_val: float = -1.0, max_val: float = 1.0) -> Tensor:  # noqa: A002
    """In-place :func:`hardtanh`; returns ``input``. (torch checks ``min_val <= max_val`` only in
    the out-of-place form: here the upper bound then wins.)"""
    return _act.hardtanh_(input, min_val, max_val)


def leaky_relu(input: Tensor, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:  # noqa: A002
    """``x`` above 0, ``negative_slope * x`` below.

    In place (``inplace=True``) the gradient is read from the result, so a negative slope cannot be
    differentiated (torch's error, at backward).

    Args:
        input (Tensor): the input tensor (floating point).
        negative_slope (float): the slope below 0. Default: ``0.01``.
        inplace (bool): modify ``input`` in place. Default: ``False``.
    """
    return (_act.leaky_relu_ if inplace else _act.leaky_relu)(input, negative_slope)


def leaky_relu_(input: Tensor, negative_slope: float = 0.01) -> Tensor:  # noqa: A002
    """In-place :func:`leaky_relu`; returns ``input``."""
    return _act.leaky_relu_(input, negative_slope)


def elu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:  # noqa: A002
    """``x`` above 0, ``alpha * (exp(x) - 1)`` below.

    Args:
        input (Tensor): the input tensor (floating point).
        alpha (float): the value the function tends to at -inf, negated. Default: ``1.0``.
        inplace (bool): modify ``input`` in place (``EluBackward1``). Default: ``False``.
    """
    return (_act.elu_ if inplace else _act.elu)(input, alpha)


def elu_(input: Tensor, alpha: float = 1.0) -> Tensor:  # noqa: A002
    """In-place :func:`elu`; returns ``input``."""
    return _act.elu_(input, alpha)


def selu(input: Tensor, inplace: bool = False) -> Tensor:  # noqa: A002
    """``scale * elu(x, alpha)``, ``alpha = 1.6732632423543772``, ``scale = 1.0507009873554805``.

    Args:
        input (Tensor): the input tensor (floating point).
        inplace (bool): modify ``input`` in place. Default: ``False``.
    """
    return (_act.selu_ if inplace else _act.selu)(input)


def selu_(input: Tensor) -> Tensor:  # noqa: A002
    """In-place :func:`selu`; returns ``input``."""
    return _act.selu_(input)


def celu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:  # noqa: A002
    """``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))`` elementwise.

    Args:
        input (Tensor): the input tensor (floating point).
        alpha (float): the scale of the negative part, not 0. Default: ``1.0``.
        inplace (bool): modify ``input`` in place. Default: ``False``.
    """
    return (_act.celu_ if inplace else _act.celu)(input, alpha)


def celu_(input: Tensor, alpha: float = 1.0) -> Tensor:  # noqa: A002
    """In-place :func:`celu`; returns ``input``."""
    return _act.celu_(input, alpha)


def silu(input: Tensor, inplace: bool = False) -> Tensor:  # noqa: A002
    """``x * sigmoid(x)`` elementwise (also called swish).

    Args:
        input (Tensor): the input tensor (floating point).
        inplace (bool): modify ``input`` in place. Default: ``False``.
    """
    return (_act.silu_ if inplace else _act.silu)(input)


def mish(input: Tensor, inplace: bool = False) -> Tensor:  # noqa: A002
    """``x * tanh(softplus(x))`` elementwise.

    Args:
        input (Tensor): the input tensor (floating point).
        inplace (bool): modify ``input`` in place. Default: ``False``.
    """
    return (_act.mish_ if inplace else _act.mish)(input)


def hardsigmoid(input: Tensor, inplace: bool = False) -> Tensor:  # noqa: A002
    """``relu6(x + 3) / 6`` elementwise. (torch has no second derivative for it; ember's is 0.)

    Args:
        input (Tensor): the input tensor (floating point).
        inplace (bool): modify ``input`` in place. Default: ``False``.
    """
    return (_act.hardsigmoid_ if inplace else _act.hardsigmoid)(input)


def hardswish(input: Tensor, inplace: bool = False) -> Tensor:  # noqa: A002
    """``x * relu6(x + 3) / 6`` elementwise.

    Args:
        input (Tensor): the input tensor (floating point).
        inplace (bool): modify ``input`` in place. Default: ``False``.
    """
    return (_act.hardswish_ if inplace else _act.hardswish)(input)


def threshold(input: Tensor, threshold: float, value: float, inplace: bool = False) -> Tensor:  # noqa: A002
    """``value`` where ``input <= threshold``, else ``input``.

    Args:
        input (Tensor): the input tensor.
        threshold (float): the value to threshold at.
        value (float): the value to replace with.
        inplace (bool): modify ``input`` in place (``ThresholdBackward1``). Default: ``False``.
    """
    return (_act.threshold_ if inplace else _act.threshold)(input, threshold, value)


def threshold_(input: Tensor, threshold: float, value: float) -> Tensor:  # noqa: A002
    """In-place :func:`threshold`; returns ``input``."""
    return _act.threshold_(input, threshold, value)


def softsign(input: Tensor) -> Tensor:  # noqa: A002
    """``x / (1 + |x|)`` elementwise (composed, as torch: ``DivBackward0``)."""
    return input / (input.abs() + 1)


def tanhshrink(input: Tensor) -> Tensor:  # noqa: A002
    """``x - tanh(x)`` elementwise (composed, as torch: ``SubBackward0``)."""
    return input - input.tanh()


def _softmax_dim(name: str, ndim: int, stacklevel: int) -> int:
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call to include dim=X as an "
                  "argument.", UserWarning, stacklevel=stacklevel)
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input: Tensor, dim: int | None = None, _stacklevel: int = 3, dtype=None) -> Tensor:  # noqa: A002
    """``exp(x_i) / sum_j exp(x_j)`` along ``dim`` (the slices sum to 1), computed stably.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension along which it is computed; ``None`` picks torch's legacy choice,
            with its warning. Default: ``None``.
        dtype (ember.dtype, optional): cast ``input`` to it first. Default: ``None``.
    """
    if dim is None:
        dim = _softmax_dim("softmax", input.dim(), _stacklevel)
    return _softmax(input, dim, dtype=dtype)


def log_softmax(input: Tensor, dim: int | None = None, _stacklevel: int = 3, dtype=None) -> Tensor:  # noqa: A002
    """``log(softmax(x))`` along ``dim``, computed in one stable step (use it with :func:`nll_loss`).

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension along which it is computed; ``None`` picks torch's legacy choice,
            with its warning. Default: ``None``.
        dtype (ember.dtype, optional): cast ``input`` to it first. Default: ``None``.
    """
    if dim is None:
        dim = _softmax_dim("log_softmax", input.dim(), _stacklevel)
    return _log_softmax(input, dim, dtype=dtype)


def softmin(input: Tensor, dim: int | None = None, _stacklevel: int = 3, dtype=None) -> Tensor:  # noqa: A002
    """``softmax(-x)`` along ``dim`` (composed, as torch: ``SoftmaxBackward0`` over ``NegBackward0``).

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension along which it is computed; ``None`` picks torch's legacy choice,
            with its warning. Default: ``None``.
        dtype (ember.dtype, optional): cast to it before the softmax. Default: ``None``.
    """
    if dim is None:
        dim = _softmax_dim("softmin", input.dim(), _stacklevel)
    return _softmax(-input, dim, dtype=dtype)


def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:  # noqa: A002
    """Apply ``y = input @ weight.T + bias``.

    A 2-D input with a bias is one ``AddmmBackward0`` node; other inputs are folded to 2-D for it
    and the result viewed back, as torch does. A size mismatch raises torch's
    ``mat1 and mat2 shapes cannot be multiplied (AxB and CxD)``, naming the folded input.

    Args:
        input (Tensor): the input, of shape ``(*, in_features)``.
        weight (Tensor): the weight, of shape ``(out_features, in_features)`` or ``(in_features)``.
        bias (Tensor, optional): the bias, of shape ``(out_features)`` or ``()``. Default: ``None``.
    """
    return _linear(input, weight, bias)


def bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """Apply ``y_k = x1^T A_k x2 + b_k`` for each output feature ``k``.

    Composed of ember's ops (the batch dims folded, a matrix product, a sum, viewed back), so the
    result's ``grad_fn`` is torch's (``AddBackward0``, or ``ViewBackward0`` without a bias).

    Args:
        input1 (Tensor): ``(*, in1_features)``.
        input2 (Tensor): ``(*, in2_features)``, the same batch dims.
        weight (Tensor): ``(out_features, in1_features, in2_features)``.
        bias (Tensor, optional): ``(out_features)``. Default: ``None``.
    """
    _parse_args("bilinear", ("input1", 1, input1, "Tensor"), ("input2", 2, input2, "Tensor"),
                ("weight", 3, weight, "Tensor"), ("bias", 4, bias, "Tensor", True))
    # torch's checks, in its order: the dtypes, the dims, then each size (sym_size: torch's IndexError)
    named = [("input1", input1), ("input2", input2), ("weight", weight)]
    if bias is not None:
        named.append(("bias", bias))
    if any(t.dtype != input1.dtype for _, t in named):
        raise RuntimeError("All tensors must have the same dtype, got " +
                           ", ".join(f"{n}: {t.dtype._cname}" for n, t in named))
    if input1.dim() != input2.dim():
        raise RuntimeError(f"bilinear(): input dimensions do not match: got {input1.dim()} and {input2.dim()}")
    for i in range(input1.dim() - 1):
        if input1.shape[i] != input2.shape[i]:
            raise RuntimeError(f"bilinear(): input batch dimensions do not match at dim {i}: got {input1.shape[i]} and "
                               f"{input2.shape[i]}")
    if _size(input1, -1) != _size(weight, 1):
        raise RuntimeError(f"bilinear(): input1 size does not match weight size: got {input1.shape[-1]} but expected "
                           f"{weight.shape[1]}")
    if _size(input2, -1) != _size(weight, 2):
        raise RuntimeError(f"bilinear(): input2 size does not match weight size: got {input2.shape[-1]} but expected "
                           f"{weight.shape[2]}")
    if bias is not None and _size(bias, 0) != _size(weight, 0):
        raise RuntimeError(f"bilinear(): bias size does not match weight size: got {bias.shape[0]} but expected "
                           f"{weight.shape[0]}")
    out, in1, in2 = weight.shape
    lead = tuple(input1.shape[:-1])
    x1, x2 = input1.reshape(-1, in1), input2.reshape(-1, in2)
    mixed = x1.matmul(weight.permute(1, 0, 2).reshape(in1, out * in2)).view(-1, out, in2)   # x1 A_k, every k
    y = (mixed * x2.unsqueeze(1)).sum(-1).view(*lead, out)
    return y if bias is None else y + bias


def _size(t: Tensor, dim: int) -> int:
    """``t.size(dim)`` with torch's IndexError for a 0-d tensor too."""
    if t.dim() == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    return t.size(dim)


def one_hot(input: Tensor, num_classes: int = -1) -> Tensor:  # noqa: A002
    """Return a tensor of shape ``(*input.shape, num_classes)`` that is 1 at each class index of ``input``
    and 0 elsewhere (int64).

    Args:
        input (LongTensor): class values of any shape.
        num_classes (int, optional): the number of classes; ``-1`` takes the largest class value plus one.
            Default: ``-1``.

    Example::

        >>> F.one_hot(torch.tensor([0, 2, 1]))
        tensor([[1, 0, 0],
                [0, 0, 1],
                [0, 1, 0]])
    """
    if not isinstance(input, Tensor):
        raise TypeError(f"one_hot(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    if isinstance(num_classes, bool) or not isinstance(num_classes, int):
        raise TypeError(f"one_hot(): argument 'num_classes' (position 2) must be int, not {type(num_classes).__name__}")
    if input.dtype != _int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    if input.numel() == 0:
        if num_classes <= 0:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        return input.new_zeros(*input.shape, num_classes)
    if int(input.min()) < 0:
        raise RuntimeError("Class values must be non-negative.")
    if num_classes == -1:
        num_classes = int(input.max()) + 1
    elif int(input.max()) >= num_classes:
        raise RuntimeError("Class values must be smaller than num_classes.")
    return (input.unsqueeze(-1) == _arange(num_classes)).long().contiguous()


# torch's argument checks (a wrong type is the TypeError of torch's parser): the functions that are torch's
# C++ entry points themselves, and torch's Python functions' steps before theirs (nn/_functional_args.py)
def _checked_names() -> None:
    from . import _functional_args as _a    # (deferred: it wraps this module's own functions, defined above)
    g = globals()
    for name in ("adaptive_avg_pool1d", "avg_pool1d", "avg_pool2d", "avg_pool3d", "bilinear", "channel_shuffle",
                 "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "elu_",
                 "hardtanh_", "pixel_shuffle", "pixel_unshuffle", "scaled_dot_product_attention",
                 "softshrink"):
        g[name] = _a.direct(g[name], name)
    for n in (1, 2, 3):
        g[f"max_pool{n}d"] = _a.max_pool(g[f"max_pool{n}d"], n)
    for n in (1, 2):
        g[f"adaptive_max_pool{n}d"] = _a.adaptive_max_pool(g[f"adaptive_max_pool{n}d"], n)
        g[f"lp_pool{n}d"] = _a.lp_pool(g[f"lp_pool{n}d"], n)
    for n in (1, 2, 3):
        g[f"max_unpool{n}d"] = _a.max_unpool(g[f"max_unpool{n}d"], n)
    for name in ("linear", "embedding", "fold", "unfold", "glu", "group_norm", "batch_norm", "layer_norm", "hardtanh",
                 "pad", "nll_loss", "grid_sample", "rms_norm", "binary_cross_entropy_with_logits",
                 "cosine_embedding_loss", "hinge_embedding_loss", "poisson_nll_loss", "soft_margin_loss",
                 "triplet_margin_loss"):
        g[name] = getattr(_a, name)(g[name])
    for name in ("cosine_similarity", "pairwise_distance"):
        g[name] = _a.direct(g[name], name)
    for name, entry, dims in (("dropout", "dropout", None), ("dropout1d", "feature_dropout", (2, 3)),
                              ("dropout2d", "feature_dropout", None), ("dropout3d", "feature_dropout", None)):
        g[name] = _a.dropout(g[name], entry, dims)
    for name in ("alpha_dropout", "feature_alpha_dropout"):
        g[name] = _a.dropout(g[name], name, None, False)


_checked_names()
