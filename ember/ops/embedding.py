"""``embedding``: rows of a weight matrix picked by an index tensor, one ``EmbeddingBackward0`` node."""
from __future__ import annotations

import math

import numpy as np

from .._grad_mode import STATE
from .._tensor import Tensor
from ._op import Op
from ._record import apply


class EmbeddingBackward0(Op):
    """The gradient scatter-adds back into the picked rows; the ``padding_idx`` row gets none and, with
    ``scale_grad_by_freq``, each row's gradient is divided by how often its index occurs."""
    __slots__ = ("num_weights", "indices", "padding_idx", "scale_grad_by_freq", "np_dtype")
    _param_names = ("padding_idx", "scale_grad_by_freq")

    @staticmethod
    def forward(ctx, w, indices, padding_idx, scale_grad_by_freq):
        ctx.num_weights, ctx.indices, ctx.np_dtype = w.shape[0], indices, w.dtype
        ctx.padding_idx, ctx.scale_grad_by_freq = padding_idx, scale_grad_by_freq
        return w[indices]

    def backward(ctx, g, xp):
        idx = ctx.indices
        scale = None
        if ctx.scale_grad_by_freq:
            counts = np.bincount(idx.reshape(-1), minlength=ctx.num_weights)
            scale = (1.0 / counts[idx])[..., None].astype(ctx.np_dtype)
        keep = None
        if ctx.padding_idx != -1:
            keep = (idx != ctx.padding_idx)[..., None]
        if scale is not None:
            g = g * xp.constant(scale)
        if keep is not None:
            g = xp.masked_fill(g, ~keep, 0)
        shape = (ctx.num_weights,) + tuple(g.shape[idx.ndim:])
        if xp.tensor_mode:
            return (xp.embed_add(g, shape, (idx,)),)
        # np.add.at over flat element positions: its 1-D fast path (6x the row-indexed form's speed), adding in
        # the same order (each weight element gets its rows' values in index order, as torch's index_add_)
        width = math.prod(shape[1:])
        z = np.zeros(ctx.num_weights * width, dtype=g.dtype)
        flat = (idx.reshape(-1, 1) * width + np.arange(width)).reshape(-1)
        np.add.at(z, flat, np.ascontiguousarray(g).reshape(-1))
        return (z.reshape(shape),)


def embedding(input: Tensor, weight: Tensor, padding_idx: int | None = None,  # noqa: A002
              max_norm: float | None = None, norm_type: float = 2.0, scale_grad_by_freq: bool = False,
              sparse: bool = False) -> Tensor:
    """Look up rows of ``weight`` (``(num_embeddings, embedding_dim)``) at the integer ``input``.

    ``padding_idx``'s row gets no gradient; ``max_norm`` first renormalises, in place and without
    recording, each looked-up row whose ``norm_type``-norm exceeds it (torch's ``embedding_renorm_``)."""
    # torch's order: recording reads weight.size(0) first (a 0-d weight: its IndexError), then the kernel checks
    # the weight's dims and the indices' dtype
    if weight._data.ndim == 0 and weight._requires_grad and STATE.enabled:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    if weight._data.ndim != 2:
        raise RuntimeError("'weight' must be 2-D")
    if input._data.dtype not in (np.int64, np.int32):
        raise RuntimeError(f"Expected tensor for argument #1 'indices' to have one of the following scalar types: "
                           f"Long, Int; but got {input.type()} instead (while checking arguments for embedding)")
    if sparse:
        raise NotImplementedError("ember: sparse embedding gradients are not supported")
    n = weight.shape[0]
    if padding_idx is not None:
        if padding_idx > 0:
            assert padding_idx < n, "Padding_idx must be within num_embeddings"
        elif padding_idx < 0:
            assert padding_idx >= -n, "Padding_idx must be within num_embeddings"
            padding_idx = n + padding_idx
    else:
        padding_idx = -1
    idx = np.asarray(input._data, dtype=np.int64)
    if idx.size and (idx.min() < 0 or idx.max() >= n):
        raise IndexError("index out of range in self")
    if max_norm is not None:
        rows = np.unique(idx)
        w = weight._data
        norms = np.linalg.norm(w[rows], ord=norm_type, axis=1) if norm_type != 2 else \
            np.sqrt(np.sum(w[rows] * w[rows], axis=1))
        big = norms > max_norm
        if big.any():
            w[rows[big]] *= (max_norm / (norms[big] + 1e-7))[:, None].astype(w.dtype)
            weight._vc[0] += 1
    return apply(EmbeddingBackward0, (weight,), (weight._data,), idx, padding_idx, scale_grad_by_freq)
