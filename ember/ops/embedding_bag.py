"""``embedding_bag``: sums, means or maxima of bags of embedding rows, one ``EmbeddingBagBackward0`` node
(without making the (indices, dim) intermediate a node of its own).

Bags are runs of a flat index tensor that start at ``offsets`` (a 2-D input is bags of equal length). The
``padding_idx`` row takes no part in a bag (nor in a mean's count); an empty bag gives zeros.
"""
from __future__ import annotations

import warnings

import numpy as np

from .. import _dtype
from .._tensor import Tensor
from ._op import Op
from ._record import apply

__all__ = ["embedding_bag"]

_MODES = {"sum": 0, "mean": 1, "max": 2}


class EmbeddingBagBackward0(Op):
    """``bag``: each index's bag (-1 past the last bag, when ``include_last_offset`` ends the input early);
    ``keep``: the indices that count (in a bag, not ``padding_idx``); ``arg``: in max mode, each output's
    winning row (-1 for an empty bag)."""
    __slots__ = ("idx", "bag", "keep", "count", "arg", "num_weights", "scale")
    _saved_names = ("weight", "per_sample_weights")
    _param_names = ("mode", "padding_idx", "scale_grad_by_freq")

    @staticmethod
    def forward(ctx, w, psw, idx, bag, nbags, mode, padding_idx, scale_grad_by_freq):
        ctx.mode, ctx.padding_idx, ctx.scale_grad_by_freq = mode, padding_idx, scale_grad_by_freq
        keep = bag >= 0
        if padding_idx is not None:
            keep &= idx != padding_idx
        ctx.idx, ctx.bag, ctx.keep, ctx.num_weights = idx, bag, keep, w.shape[0]
        ctx.scale = None
        if scale_grad_by_freq:
            counts = np.bincount(idx, minlength=w.shape[0])
            ctx.scale = (1.0 / np.maximum(counts[idx], 1)).astype(w.dtype)
        ctx.save(w, psw)
        kidx, kbag = idx[keep], bag[keep]
        out = np.zeros((nbags, w.shape[1]), dtype=w.dtype)
        if mode == 2:
            arg = np.full((nbags, w.shape[1]), -1, dtype=np.int64)
            rows = w[kidx]
            for b in np.unique(kbag):       # per bag: the first maximum of each column
                sel = np.nonzero(kbag == b)[0]
                am = np.argmax(rows[sel], axis=0)
                arg[b] = kidx[sel[am]]
                out[b] = rows[sel[am], np.arange(w.shape[1])]
            ctx.arg = arg
            return out
        rows = w[kidx] if psw is None else w[kidx] * psw[keep][:, None]
        np.add.at(out, kbag, rows)
        ctx.count = np.bincount(kbag, minlength=nbags).astype(w.dtype)
        if mode == 1:
            out /= np.maximum(ctx.count, 1)[:, None]
        return out

    def backward(ctx, g, xp):
        w, psw = xp.saved(ctx)
        if not xp.tensor_mode:
            return _grads(ctx, g, w, psw)
        # torch's gradient has no derivative: under create_graph it is computed as in a plain backward and
        # recorded in torch's nodes, whose backward raises torch's errors
        psw_data = None if psw is None else psw._data
        gw, gp = _grads(ctx, g._data, w._data, psw_data)
        tw = apply(EmbeddingBagBackwardBackward0, (g, psw), (g._data, psw_data), gw)
        tp = None if gp is None else apply(_PerSampleWeightsBackward, (g, w), (g._data, w._data), gp)
        return tw, tp


def _grads(ctx, g: np.ndarray, w: np.ndarray, psw) -> tuple:
    """The gradients of the weight (rows of ``g`` added back at their indices, scaled as forward scaled them;
    in max mode at each column's winner) and of ``per_sample_weights`` (each index's row dotted with its bag's
    gradient), on arrays."""
    out = np.zeros((ctx.num_weights, g.shape[1]), dtype=g.dtype)
    if ctx.mode == 2:
        valid = ctx.arg >= 0
        cols = np.broadcast_to(np.arange(g.shape[1]), valid.shape)[valid]
        np.add.at(out, (ctx.arg[valid], cols), g[valid])
        return out, None
    keep = ctx.keep
    bag = np.where(keep, ctx.bag, 0)
    rows = g[bag[keep]]
    if ctx.mode == 1:
        rows = rows / np.maximum(ctx.count, 1)[bag[keep]][:, None]
    grad_psw = None
    if ctx.needs_input_grad[1]:
        grad_psw = (np.sum(g[bag] * w[ctx.idx], -1) * keep).astype(g.dtype, copy=False)
    if psw is not None:
        rows = rows * psw[keep][:, None]
    if ctx.scale is not None:
        rows = rows * ctx.scale[keep][:, None]
    np.add.at(out, ctx.idx[keep], rows.astype(g.dtype, copy=False))
    return out, grad_psw


class EmbeddingBagBackwardBackward0(Op):
    """The weight's gradient under ``create_graph`` (``value``, computed already): torch has no derivative."""
    __slots__ = ()

    @staticmethod
    def forward(ctx, g, psw, value):
        return value

    def backward(ctx, g, xp):
        raise NotImplementedError("the derivative for '_embedding_bag_backward' is not implemented.")


class _PerSampleWeightsBackward(Op):
    """``per_sample_weights``' gradient under ``create_graph``: torch's ``NotImplemented`` node."""
    __slots__ = ()

    @staticmethod
    def forward(ctx, g, w, value):
        return value

    def name(self) -> str:
        return "torch::autograd::NotImplemented"

    def backward(ctx, g, xp):
        raise RuntimeError("derivative for aten::_embedding_bag_per_sample_weights_backward is not implemented")


_PerSampleWeightsBackward.__name__ = "NotImplemented"   # type(grad_fn).__name__, as torch's


def _type_str(v) -> str:
    """``str(type(v))`` as torch prints it: a tensor's class is ``torch.Tensor``."""
    return "<class 'torch.Tensor'>" if isinstance(v, Tensor) else str(type(v))


def _offsets_error(offsets: np.ndarray, n: int, include_last_offset: bool) -> None:
    if offsets.size and offsets[0] != 0:
        raise RuntimeError("offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from "
                           f"position 0. However, got {int(offsets[0])}\n[ torch.LongTensor{{}} ]")
    if offsets.size and offsets[-1] > n:
        raise RuntimeError(f"offsets[-1] can not be greater than input's length {n} but got offsets[-1] of "
                           f"{int(offsets[-1])}")


def embedding_bag(input: Tensor, weight: Tensor, offsets: Tensor | None = None,  # noqa: A002
                  max_norm: float | None = None, norm_type: float = 2, scale_grad_by_freq: bool = False,
                  mode: str = "mean", sparse: bool = False, per_sample_weights: Tensor | None = None,
                  include_last_offset: bool = False, padding_idx: int | None = None) -> Tensor:
    r"""Sums, means or maxima of bags of rows of ``weight`` (``(num_embeddings, embedding_dim)``).

    Args:
        input (Tensor): int64/int32 indices: 1-D, bags starting at ``offsets``, or 2-D ``(B, N)``, ``B`` bags of
            ``N`` (then ``offsets`` must be ``None``).
        offsets (Tensor, optional): 1-D start of each bag in a 1-D ``input``.
        max_norm, norm_type: renormalise looked-up rows in place first, as :func:`embedding`.
        scale_grad_by_freq (bool): divide each index's gradient by how often it occurs (not in max mode).
        mode (str): ``"sum"``, ``"mean"`` or ``"max"``. Default: ``"mean"``.
        sparse (bool): must be ``False`` (no sparse gradients in ember).
        per_sample_weights (Tensor, optional): one weight per index (``input``'s shape), ``"sum"`` only.
        include_last_offset (bool): ``offsets`` has one more entry, the end of the last bag (CSR style).
        padding_idx (int, optional): this row takes no part in any bag (nor in a mean's count).

    Returns ``(B, embedding_dim)``; an empty bag is zeros. In max mode the gradient goes to each column's
    first maximum.
    """
    if weight.dtype is _dtype.int64 and input.is_floating_point():
        warnings.warn("Argument order of nn.functional.embedding_bag was changed. Usage `embedding_bag(weight, input, "
                      "...)` is deprecated, and should now be `embedding_bag(input, weight, ...)`.", stacklevel=2)
        weight, input = input, weight  # noqa: A001
    if per_sample_weights is not None and tuple(input.shape) != tuple(per_sample_weights.shape):
        raise ValueError(f"embedding_bag: If per_sample_weights ({per_sample_weights.shape}) is not None, then it "
                         f"must have the same shape as the input ({input.shape})")
    if weight.ndim != 2:
        raise ValueError(f"weight has to be a 2D Tensor, but got Tensor of dimension {weight.ndim}")
    if input.ndim == 2:
        if offsets is not None:
            raise ValueError("if input is 2D, then offsets has to be None, as input is treated is a mini-batch of "
                             f"fixed length sequences. However, found offsets of type {_type_str(offsets)}")
        if input.dtype is _dtype.bool:      # torch's arange of the offsets, in the input's dtype
            raise NotImplementedError("\"arange_cpu\" not implemented for 'Bool'")
        off = np.arange(0, input.numel(), input.shape[1]) if input.shape[1] else np.zeros(input.shape[0], np.int64)
        include_last_offset = False
        flat = input._data.reshape(-1)
        psw = None if per_sample_weights is None else per_sample_weights.reshape(-1)
    elif input.ndim == 1:
        if offsets is None:
            raise ValueError("offsets has to be a 1D Tensor but got None")
        if offsets.ndim != 1:
            raise ValueError("offsets has to be a 1D Tensor")
        off, flat, psw = offsets._data, input._data, per_sample_weights
    else:
        raise ValueError(f"input has to be 1D or 2D Tensor, but got Tensor of dimension {input.ndim}")
    if mode not in _MODES:
        raise ValueError("mode has to be one of sum, mean or max")
    if mode == "max" and scale_grad_by_freq:
        raise ValueError("max mode does not support scaling the gradient by the frequency")
    if sparse:
        raise ValueError("max mode does not support sparse weights") if mode == "max" else \
            NotImplementedError("ember: sparse embedding gradients are not supported")
    if max_norm is not None:
        _renorm(weight, flat, max_norm, norm_type)
    if per_sample_weights is not None and mode != "sum":
        raise NotImplementedError("embedding_bag: per_sample_weights was not None. per_sample_weights is only "
                                  f"supported for mode='sum' (got mode='{mode}'). Please open a feature request on "
                                  "GitHub.")
    for t in (input, offsets):       # torch names 'indices' for a float offsets tensor too
        if t is not None and t._data.dtype.kind not in "iu":
            raise RuntimeError(f"Expected tensor for argument #1 'indices' to have one of the following scalar types: "
                               f"Long, Int; but got {t.type()} instead (while checking arguments for embedding_bag)")
    if weight._data.dtype.kind != "f":
        got = "CPUBoolType" if weight.dtype is _dtype.bool else weight.type()     # torch names bool so
        raise RuntimeError("Expected tensor for argument #1 'weight' to have one of the following scalar types: Half, "
                           f"BFloat16, Float, Double; but got {got} instead (while checking arguments for "
                           "embedding_bag)")
    if psw is not None and psw.dtype != weight.dtype:
        raise RuntimeError(f"Expected tensor for argument #1 'weight' to have the same type as tensor for argument #1 "
                           f"'per_sample_weights'; but type {weight.type()} does not equal {psw.type()} (while "
                           "checking arguments for embedding_bag)")
    n = weight.shape[0]
    if padding_idx is not None:
        if not -n <= padding_idx < n:
            raise RuntimeError(f"padding_idx must be within the number of embeddings, {-n} through {n - 1}, but got "
                               f"{padding_idx}")
        padding_idx = padding_idx % n
    flat = np.asarray(flat, dtype=np.int64)
    off = np.asarray(off, dtype=np.int64)
    _offsets_error(off, flat.size, include_last_offset)
    if flat.size:
        bad = (flat < 0) | (flat >= n)
        if bad.any():
            raise RuntimeError("embedding_bag: Expected idx >= 0 && idx < num_embeddings but found idx to be "
                               f"{int(flat[np.argmax(bad)])}")
    starts = off[:-1] if include_last_offset else off
    nbags = starts.size
    # each index's bag: the last start at or before it (empty bags are skipped over), -1 past the end
    bag = np.searchsorted(starts, np.arange(flat.size), side="right") - 1
    if include_last_offset and off.size:
        bag[np.arange(flat.size) >= off[-1]] = -1
    tensors = (weight, psw)
    arrays = (weight._data, None if psw is None else psw._data)
    return apply(EmbeddingBagBackward0, tensors, arrays, flat, bag, nbags, _MODES[mode], padding_idx,
                 bool(scale_grad_by_freq))


def _renorm(weight: Tensor, flat, max_norm: float, norm_type: float) -> None:
    """torch's ``embedding_renorm_`` under no_grad: looked-up rows with a larger norm are scaled down in place."""
    rows = np.unique(np.asarray(flat, dtype=np.int64))
    w = weight._data
    norms = np.sum(np.abs(w[rows]) ** norm_type, axis=1) ** (1.0 / norm_type)
    big = norms > max_norm
    if big.any():
        w[rows[big]] *= (max_norm / (norms[big] + 1e-7))[:, None].astype(w.dtype)
        weight._vc[0] += 1
