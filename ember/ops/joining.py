"""Joining tensors: cat (concat, concatenate) and stack."""
from __future__ import annotations

import numpy as np

from .. import _dtype
from .._tensor import Tensor, wrap_dim
from ._op import Op
from ._record import apply

__all__ = ["cat", "concat", "concatenate", "stack"]


class CatBackward0(Op):
    __slots__ = ("dim", "sizes")
    _param_names = ("dim",)

    @staticmethod
    def forward(ctx, *args):
        *arrays, dim = args
        ctx.dim = dim
        ctx.sizes = [a.shape[dim] if a.ndim else 0 for a in arrays]
        return np.concatenate(arrays, axis=dim)

    def backward(ctx, g, xp):
        out, start, dim = [], 0, ctx.dim
        for n in ctx.sizes:
            out.append(g[(slice(None),) * dim + (slice(start, start + n),)])
            start += n
        return tuple(out)


def _common(tensors) -> tuple:
    rt = _dtype.result_type(*tensors)
    return tuple(t._data if t._data.dtype == rt.np else t._data.astype(rt.np) for t in tensors)


def cat(tensors, dim: int = 0) -> Tensor:
    """Concatenate the given sequence of tensors along an existing dimension ``dim``.

    All tensors must have the same number of dimensions and the same sizes except in ``dim``; 1-D empty tensors
    are skipped, as in torch. Their dtypes are promoted to a common dtype. Each input receives its slice of the
    gradient. Also available as ``concat`` and ``concatenate``.

    Args:
        tensors (sequence of Tensors): a non-empty sequence of tensors.
        dim (int, optional): the dimension over which the tensors are concatenated. Default: ``0``.

    Example::

        >>> x = torch.tensor([[1., 2.], [3., 4.]])
        >>> torch.cat((x, x), 0)
        tensor([[1., 2.],
                [3., 4.],
                [1., 2.],
                [3., 4.]])
        >>> torch.cat((x, x), dim=1)
        tensor([[1., 2., 1., 2.],
                [3., 4., 3., 4.]])
    """
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError("torch.cat(): expected a non-empty list of Tensors")
    # 1-D empty tensors are skipped, as in torch (legacy behaviour)
    kept = [t for t in tensors if not (t._data.ndim == 1 and t._data.shape[0] == 0)] or tensors[:1]
    ref = kept[0]._data
    dim = wrap_dim(dim, ref.ndim)
    for i, t in enumerate(kept):
        d = t._data
        if d.ndim != ref.ndim:
            raise RuntimeError(f"Tensors must have same number of dimensions: got {ref.ndim} and {d.ndim}")
        for k in range(ref.ndim):
            if k != dim and d.shape[k] != ref.shape[k]:
                raise RuntimeError(f"Sizes of tensors must match except in dimension {dim}. Expected size "
                                   f"{ref.shape[k]} but got size {d.shape[k]} for tensor number {i} in the list.")
    return apply(CatBackward0, tuple(kept), _common(kept), dim)


concat = concatenate = cat


class StackBackward0(Op):
    __slots__ = ("dim", "n")
    _param_names = ("dim",)

    @staticmethod
    def forward(ctx, *args):
        *arrays, dim = args
        ctx.dim, ctx.n = dim, len(arrays)
        return np.stack(arrays, axis=dim)

    def backward(ctx, g, xp):
        dim = ctx.dim
        return tuple(g[(slice(None),) * dim + (i,)] for i in range(ctx.n))


def stack(tensors, dim: int = 0) -> Tensor:
    """Concatenate a sequence of tensors along a new dimension.

    All tensors need to be of the same size; their dtypes are promoted to a common dtype.

    Args:
        tensors (sequence of Tensors): a non-empty sequence of tensors to concatenate.
        dim (int, optional): the index of the new dimension, between 0 and the number of dimensions of the
            inputs (inclusive). Default: ``0``.
    """
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    ref = tensors[0]._data.shape
    for i, t in enumerate(tensors):
        if t._data.shape != ref:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got {list(ref)} at entry 0 and "
                               f"{list(t._data.shape)} at entry {i}")
    dim = wrap_dim(dim, len(ref) + 1)
    return apply(StackBackward0, tuple(tensors), _common(tensors), dim)
