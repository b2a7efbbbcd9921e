"""torch's argument checks for ``torch.nn.functional``: what a call of the wrong types raises.

Many ``F.X`` in torch are its C++ functions themselves (``F.conv2d`` is ``torch.conv2d``, ``F.avg_pool2d``
``torch._C._nn.avg_pool2d``): their calls go through torch's argument parser, and a float for an int list
or a tensor for a bool is the parser's TypeError. Those are :func:`direct` here: ember's function checked
with the same parser (``ops/_parser.torch_args``) and the entry point's signatures (``ops/_signatures_nn``).
The others are Python functions in torch (torch/nn/functional.py): they do their own work first (a
``return_indices`` flag's truth, ``_pair(kernel_size)``, a range check) and then call a C++ entry point; the
wrappers below do the same Python steps in torch's order, check the entry point's call with the parser, and
then run ember's function on the arguments as given. A call of the right types costs one dict look-up in
the parser's cache (it decides by the arguments' types, all-int tuples included).
"""
from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from typing import Callable

from .._tensor import Tensor
from ..ops._parser import torch_args
from ..ops._signatures_nn import NN_SIGNATURES

__all__ = ["direct", "linear", "max_pool", "adaptive_max_pool", "max_unpool", "embedding", "fold", "unfold", "glu",
           "group_norm", "hardtanh", "layer_norm", "batch_norm", "lp_pool", "pad", "nll_loss", "grid_sample",
           "dropout", "rms_norm", "binary_cross_entropy_with_logits", "cosine_embedding_loss", "hinge_embedding_loss",
           "poisson_nll_loss", "soft_margin_loss", "triplet_margin_loss"]


def _accept(*args, **kwargs) -> None:
    return None


def _entry(name: str) -> Callable:
    """A check of a call of torch's C++ entry point ``name``: the parser's TypeError, or nothing."""
    return torch_args(_accept, name, NN_SIGNATURES)


def direct(fn: Callable, name: str | None = None) -> Callable:
    """``fn`` checked as torch's ``F.X`` that is the C++ function ``name`` itself (``F.linear``)."""
    return torch_args(fn, name or fn.__name__, NN_SIGNATURES)


def linear(fn: Callable) -> Callable:
    """F.linear (``torch._C._nn.linear``), checked; tensors only (nn.Linear's call, on every step) skip the
    parser's cache look-up: no signature of linear reads a tensor's value."""
    checked = direct(fn, "linear")

    @functools.wraps(fn)
    def linear(*args, **kwargs):
        if not kwargs and len(args) == 3 and isinstance(args[0], Tensor) and isinstance(args[1], Tensor) and (
                args[2] is None or isinstance(args[2], Tensor)):
            return fn(*args)
        return checked(*args, **kwargs)
    return linear


def _ntuple(v, n: int) -> tuple:
    # torch's _single/_pair/_triple: an iterable (a tensor too) as a tuple, anything else repeated
    return tuple(v) if isinstance(v, Iterable) else (v,) * n


def max_pool(fn: Callable, n: int) -> Callable:
    """F.max_poolNd: torch's boolean_dispatch reads ``return_indices``'s truth first, then calls
    ``torch.max_poolNd`` or ``max_poolNd_with_indices`` with ``stride=[]`` for None."""
    plain, with_indices = _entry(f"max_pool{n}d"), _entry(f"max_pool{n}d_with_indices")

    @functools.wraps(fn)
    def max_poolnd(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,  # noqa: A002
                   return_indices=False):
        check = with_indices if return_indices else plain
        check(input, kernel_size, [] if stride is None else stride, padding, dilation, ceil_mode)
        return fn(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices)
    return max_poolnd


def adaptive_max_pool(fn: Callable, n: int) -> Callable:
    """F.adaptive_max_poolNd: the flag's truth first; the 1-d form is ``torch.adaptive_max_pool1d`` (the
    others go through torch's ``_list_with_default`` first, which ember's function does)."""
    check = _entry("adaptive_max_pool1d") if n == 1 else None

    @functools.wraps(fn)
    def adaptive_max_poolnd(input, output_size, return_indices=False):  # noqa: A002
        if return_indices:
            pass
        if check is not None:
            check(input, output_size)
        return fn(input, output_size, return_indices)
    return adaptive_max_poolnd


def embedding(fn: Callable) -> Callable:
    check = _entry("embedding")

    @functools.wraps(fn)
    def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0,  # noqa: A002
                  scale_grad_by_freq=False, sparse=False):
        p = padding_idx
        if p is not None:
            if p > 0:
                if p >= weight.size(0):
                    raise AssertionError("Padding_idx must be within num_embeddings")
            elif p < 0:
                if p < -weight.size(0):
                    raise AssertionError("Padding_idx must be within num_embeddings")
                p = weight.size(0) + p
        else:
            p = -1
        check(weight, input, p, scale_grad_by_freq, sparse)
        return fn(input, weight, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse)
    return embedding


def fold(fn: Callable) -> Callable:
    check = _entry("col2im")

    @functools.wraps(fn)
    def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):  # noqa: A002
        check(input, _ntuple(output_size, 2), _ntuple(kernel_size, 2), _ntuple(dilation, 2), _ntuple(padding, 2),
              _ntuple(stride, 2))
        return fn(input, output_size, kernel_size, dilation, padding, stride)
    return fold


def unfold(fn: Callable) -> Callable:
    check = _entry("im2col")

    @functools.wraps(fn)
    def unfold(input, kernel_size, dilation=1, padding=0, stride=1):  # noqa: A002
        check(input, _ntuple(kernel_size, 2), _ntuple(dilation, 2), _ntuple(padding, 2), _ntuple(stride, 2))
        return fn(input, kernel_size, dilation, padding, stride)
    return unfold


def glu(fn: Callable) -> Callable:
    check = _entry("glu")

    @functools.wraps(fn)
    def glu(input, dim=-1):  # noqa: A002
        if input.dim() == 0:
            raise RuntimeError("glu does not support scalars because halving size must be even")
        check(input, dim)
        return fn(input, dim)
    return glu


def _verify_batch_size(size: list) -> None:
    prod = size[0]
    for s in size[2:]:
        prod *= s
    if prod == 1:
        raise ValueError(f"Expected more than 1 value per channel when training, got input size {size}")


def group_norm(fn: Callable) -> Callable:
    check = _entry("group_norm")

    @functools.wraps(fn)
    def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):  # noqa: A002
        if input.dim() < 2:
            raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received {input.dim()}")
        _verify_batch_size([input.size(0) * input.size(1) // num_groups, num_groups] + list(input.size()[2:]))
        check(input, num_groups, weight, bias, eps, True)
        return fn(input, num_groups, weight, bias, eps)
    return group_norm


def batch_norm(fn: Callable) -> Callable:
    check = _entry("batch_norm")

    @functools.wraps(fn)
    def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False,  # noqa: A002
                   momentum=0.1, eps=1e-5):
        if training:
            _verify_batch_size(input.size())
        if training and eps <= 0.0:
            raise ValueError(f"batch_norm eps must be positive during training, but got {eps}")
        elif eps < 0.0:
            raise ValueError(f"batch_norm eps must be non-negative, but got {eps}")
        check(input, weight, bias, running_mean, running_var, training, momentum, eps, True)
        return fn(input, running_mean, running_var, weight, bias, training, momentum, eps)
    return batch_norm


def layer_norm(fn: Callable) -> Callable:
    check = _entry("layer_norm")

    @functools.wraps(fn)
    def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):  # noqa: A002
        check(input, normalized_shape, weight, bias, eps, True)
        return fn(input, normalized_shape, weight, bias, eps)
    return layer_norm


def hardtanh(fn: Callable) -> Callable:
    plain, inplace_ = _entry("hardtanh"), _entry("hardtanh_")

    @functools.wraps(fn)
    def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):  # noqa: A002
        if min_val > max_val:
            raise ValueError("min_val cannot be greater than max_val")
        (inplace_ if inplace else plain)(input, min_val, max_val)
        # a 0-d tensor passes for a Scalar: the number it holds, as torch's parser reads it
        min_val, max_val = (v.item() if isinstance(v, Tensor) else v for v in (min_val, max_val))
        return fn(input, min_val, max_val, inplace)
    return hardtanh


def lp_pool(fn: Callable, n: int) -> Callable:
    """F.lp_poolNd: torch's Python steps (``_pair(kernel_size)`` in 2-d, a max pool for an infinite
    ``norm_type``, else an average pool of ``input.pow(norm_type)``), each checked as torch's."""
    avg = _entry(f"avg_pool{n}d")
    @functools.wraps(fn)
    def lp_poolnd(input, norm_type, kernel_size, stride=None, ceil_mode=False):  # noqa: A002
        if n == 2:
            kw, kh = _ntuple(kernel_size, 2)
        if isinstance(norm_type, (int, float)) and math.isinf(norm_type):
            return fn(input, norm_type, kernel_size, stride, ceil_mode)   # (ember's max pool checks)
        if stride is not None:      # (on input.pow(norm_type) in torch: the same types)
            avg(input, kernel_size, stride, 0, ceil_mode)
        else:
            avg(input, kernel_size, padding=0, ceil_mode=ceil_mode)
        return fn(input, norm_type, kernel_size, stride, ceil_mode)
    return lp_poolnd


def pad(fn: Callable) -> Callable:
    check = _entry("pad")

    @functools.wraps(fn)
    def pad(input, pad, mode="constant", value=None):  # noqa: A002
        check(input, pad, mode, value)
        return fn(input, pad, mode, value)
    return pad


_REDUCTIONS = {"none": 0, "mean": 1, "elementwise_mean": 1, "sum": 2}


def nll_loss(fn: Callable) -> Callable:
    check = _entry("nll_loss_nd")

    @functools.wraps(fn)
    def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,  # noqa: A002
                 reduction="mean"):
        if size_average is None and reduce is None:
            if reduction not in _REDUCTIONS:
                raise ValueError(f"{reduction} is not a valid value for reduction")
            check(input, target, weight, _REDUCTIONS[reduction], ignore_index)
        return fn(input, target, weight, size_average, ignore_index, reduce, reduction)
    return nll_loss


def grid_sample(fn: Callable) -> Callable:
    check = _entry("grid_sampler")

    @functools.wraps(fn)
    def grid_sample(input, grid, mode="bilinear", padding_mode="zeros", align_corners=None):  # noqa: A002
        if mode in ("bilinear", "nearest", "bicubic") and padding_mode in ("zeros", "border", "reflection"):
            check(input, grid, 0, 0, False if align_corners is None else align_corners)
        return fn(input, grid, mode, padding_mode, align_corners)
    return grid_sample


def _check_value(cond, message: str) -> None:
    # torch._check_value: a bool condition only
    if not isinstance(cond, bool):
        if isinstance(cond, Tensor):
            raise TypeError("cond must be a bool, but got a Tensor. For tensor conditions, use "
                            "torch._check_tensor_all() to assert that all elements are true.")
        raise TypeError(f"cond must be a bool, but got {type(cond)}")
    if not cond:
        raise ValueError(message)


def _unpool_output_size(input, kernel_size: tuple, stride: tuple, padding: tuple, output_size):  # noqa: A002
    """torch's F._unpool_output_size, step for step (its errors: ValueError, or Python's own)."""
    input_size = input.size()
    default = [(input_size[-len(kernel_size) + d] - 1) * stride[d] + kernel_size[d] - 2 * padding[d]
               for d in range(len(kernel_size))]
    if output_size is None:
        ret = default
    else:
        if len(output_size) == len(kernel_size) + 2:
            output_size = output_size[2:]
        if len(output_size) != len(kernel_size):
            raise ValueError(f"output_size should be a sequence containing {len(kernel_size)} or "
                             f"{len(kernel_size) + 2} elements, but it has a length of '{len(output_size)}'")
        for d in range(len(kernel_size)):
            lo, hi = default[d] - stride[d], default[d] + stride[d]
            if not (lo < output_size[d] < hi):
                raise ValueError(f'invalid output_size "{output_size}" (dim {d} must be between {lo} and {hi})')
        ret = output_size
    for d in range(len(kernel_size)):
        _check_value(ret[d] >= 0, "max_unpooling: output_size must contain non-negative spatial dimensions, "
                                  f"but got output_size[{d}]={ret[d]}")
    return ret


def max_unpool(fn: Callable, n: int) -> Callable:
    """F.max_unpoolNd: torch's Python steps (``_single``/``_pair``/``_triple``, the output size), then
    ``torch._C._nn.max_unpool2d`` (the 1-d form on unsqueezed inputs) or ``max_unpool3d``."""
    check = _entry("max_unpool3d" if n == 3 else "max_unpool2d")

    @functools.wraps(fn)
    def max_unpoolnd(input, indices, kernel_size, stride=None, padding=0, output_size=None):  # noqa: A002
        k = _ntuple(kernel_size, n)
        s = _ntuple(stride, n) if stride is not None else k
        p = _ntuple(padding, n)
        size = _unpool_output_size(input, k, s, p, output_size)
        if n == 1:
            check(input.unsqueeze(-1), indices.unsqueeze(-1), size + ([1] if isinstance(size, list) else (1,)))
        elif n == 2:
            check(input, indices, size)
        else:
            check(input, indices, size, s, p)
        return fn(input, indices, kernel_size, stride, padding, output_size)
    return max_unpoolnd


# ---------------------------------------------------------------------------------------------------
# dropout, rms_norm and the losses whose entry point takes the reduction as torch's enum

def dropout(fn: Callable, entry: str, dims: tuple | None = None, default_training: bool = True) -> Callable:
    """F.dropout & co: torch's range check of ``p`` (and dropout1d's of the dims), then ``_VF.<entry>`` or its
    in-place form. The common call (a float ``p``, a bool ``training``) passes without the parser."""
    plain, in_place = _entry(entry), _entry(entry + "_")

    @functools.wraps(fn)
    def dropoutnd(input, p=0.5, training=default_training, inplace=False):  # noqa: A002
        if p < 0.0 or p > 1.0:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        if dims is not None and input.dim() not in dims:    # (dropout1d: ember's function says torch's words)
            return fn(input, p, training, inplace)
        if not (isinstance(input, Tensor) and type(p) is float and type(training) is bool):
            (in_place if inplace else plain)(input, p, training)
        return fn(input, p, training, inplace)
    return dropoutnd


def rms_norm(fn: Callable) -> Callable:
    check = _entry("rms_norm")

    @functools.wraps(fn)
    def rms_norm(input, normalized_shape, weight=None, eps=None):  # noqa: A002
        check(input, normalized_shape, weight, eps)
        return fn(input, normalized_shape, weight, eps)
    return rms_norm


def _double(v):
    # a bool or a 0-d tensor the parser took for a double: the float torch's kernel gets
    return float(v) if isinstance(v, (bool, Tensor)) else v


def _get_enum(reduction) -> int:
    # torch's _Reduction.get_enum (its deprecation warning is ember's function's)
    if reduction == "none":
        return 0
    if reduction == "mean" or reduction == "elementwise_mean":
        return 1
    if reduction == "sum":
        return 2
    raise ValueError(f"{reduction} is not a valid value for reduction")


def _legacy_string(size_average, reduce) -> str:
    # torch's _Reduction.legacy_get_string (its warning is ember's function's): the flags' truth
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    if size_average and reduce:
        return "mean"
    return "sum" if reduce else "none"


def _enum(size_average, reduce, reduction) -> int:
    if size_average is not None or reduce is not None:
        return _get_enum(_legacy_string(size_average, reduce))
    return _get_enum(reduction)


def binary_cross_entropy_with_logits(fn: Callable) -> Callable:
    check = _entry("binary_cross_entropy_with_logits")

    @functools.wraps(fn)
    def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None,  # noqa: A002
                                         reduction="mean", pos_weight=None):
        enum = _enum(size_average, reduce, reduction)
        if not (target.size() == input.size()):
            raise ValueError(f"Target size ({target.size()}) must be the same as input size ({input.size()})")
        check(input, target, weight, pos_weight, enum)
        return fn(input, target, weight, size_average, reduce, reduction, pos_weight)
    return binary_cross_entropy_with_logits


def cosine_embedding_loss(fn: Callable) -> Callable:
    check = _entry("cosine_embedding_loss")

    @functools.wraps(fn)
    def cosine_embedding_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction="mean"):
        check(input1, input2, target, margin, _enum(size_average, reduce, reduction))
        return fn(input1, input2, target, _double(margin), size_average, reduce, reduction)
    return cosine_embedding_loss


def hinge_embedding_loss(fn: Callable) -> Callable:
    check = _entry("hinge_embedding_loss")

    @functools.wraps(fn)
    def hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None,  # noqa: A002
                             reduction="mean"):
        check(input, target, margin, _enum(size_average, reduce, reduction))
        return fn(input, target, _double(margin), size_average, reduce, reduction)
    return hinge_embedding_loss


def poisson_nll_loss(fn: Callable) -> Callable:
    check = _entry("poisson_nll_loss")

    @functools.wraps(fn)
    def poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-8,  # noqa: A002
                         reduce=None, reduction="mean"):
        r = _legacy_string(size_average, reduce) if size_average is not None or reduce is not None else reduction
        if r != "none" and r != "mean" and r != "sum":
            raise ValueError(r + " is not a valid value for reduction")
        check(input, target, log_input, full, eps, _get_enum(r))
        return fn(input, target, log_input, full, size_average, eps, reduce, reduction)
    return poisson_nll_loss


def soft_margin_loss(fn: Callable) -> Callable:
    check = _entry("soft_margin_loss")

    @functools.wraps(fn)
    def soft_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):  # noqa: A002
        check(input, target, _enum(size_average, reduce, reduction))
        return fn(input, target, size_average, reduce, reduction)
    return soft_margin_loss


def triplet_margin_loss(fn: Callable) -> Callable:
    check = _entry("triplet_margin_loss")

    @functools.wraps(fn)
    def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False, size_average=None,
                            reduce=None, reduction="mean"):
        enum = _enum(size_average, reduce, reduction)
        if margin <= 0:
            raise ValueError(f"margin must be greater than 0, got {margin}")
        check(anchor, positive, negative, margin, p, eps, swap, enum)
        return fn(anchor, positive, negative, _double(margin), p, eps, swap, size_average, reduce, reduction)
    return triplet_margin_loss
