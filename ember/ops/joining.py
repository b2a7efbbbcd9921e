"""Joining tensors: cat (concat, concatenate) and stack."""
from __future__ import annotations

import numpy as np

from .. import _dtype
from .._tensor import Tensor, wrap_dim
from ._parser import alias, torch_args
from ._op import Op
from ._record import apply
from .reduction import dense_result
from .shape_compose import atleast_1d, atleast_2d, atleast_3d

__all__ = ["cat", "concat", "concatenate", "stack", "hstack", "vstack", "dstack", "column_stack"]


def _skipped(a: np.ndarray) -> bool:
    """torch's legacy rule: a 1-D empty tensor takes no part in cat's shape checks or result."""
    return a.ndim == 1 and a.shape[0] == 0


class CatBackward0(Op):
    __slots__ = ("dim", "sizes", "np_dtype")
    _param_names = ("dim",)

    @staticmethod
    def forward(ctx, *args):
        *arrays, dim = args
        ctx.dim, ctx.np_dtype = dim, arrays[0].dtype
        sizes, kept = [], []
        for a in arrays:
            if a.ndim == 1 and a.shape[0] == 0:     # skipped (torch's legacy rule)
                sizes.append(None)
            else:
                sizes.append(a.shape[dim])
                kept.append(a)
        ctx.sizes = sizes
        if not kept:
            return np.empty((0,), dtype=arrays[0].dtype)
        return dense_result(np.concatenate(kept, axis=dim))    # contiguous, as torch's

    def backward(ctx, g, xp):
        out, start, dim = [], 0, ctx.dim
        for n in ctx.sizes:
            if n is None:       # a skipped 1-D empty input: an empty gradient, as torch's
                out.append(xp.zeros((0,), ctx.np_dtype))
                continue
            out.append(g[(slice(None),) * dim + (slice(start, start + n),)])
            start += n
        return tuple(out)


def _common(tensors) -> tuple:
    rt = _dtype.result_type(*tensors)
    return tuple(t._data if t._data.dtype == rt.np else t._data.astype(rt.np) for t in tensors)


@torch_args
def cat(tensors, dim: int = 0) -> Tensor:
    """Concatenate the given sequence of tensors along an existing dimension ``dim``.

    All tensors must have the same number of dimensions and the same sizes except in ``dim``; 1-D empty tensors
    take no part in that check nor in the result (torch's legacy rule), but they do take part in the dtype
    promotion and get an empty gradient. Their dtypes are promoted to a common dtype. Each input receives its slice of
    the gradient. Also available as ``concat`` and ``concatenate``.

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
    tensors = _tensor_list(tensors, "cat")
    for i, t in enumerate(tensors):
        if not t._data.ndim:
            raise RuntimeError(f"zero-dimensional tensor (at position {i}) cannot be concatenated")
    if not tensors:
        raise ValueError("torch.cat(): expected a non-empty list of Tensors")
    # 1-D empty tensors take no part in the shapes (torch's legacy rule), but they do in the dtype and the graph
    ref = next((t._data for t in tensors if not _skipped(t._data)), None)
    if ref is not None:
        dim = wrap_dim(dim, ref.ndim)
        for i, t in enumerate(tensors):
            d = t._data
            if _skipped(d):
                continue
            if d.ndim != ref.ndim:
                raise RuntimeError(f"Tensors must have same number of dimensions: got {ref.ndim} and {d.ndim}")
            for k in range(ref.ndim):
                if k != dim and d.shape[k] != ref.shape[k]:
                    raise RuntimeError(f"Sizes of tensors must match except in dimension {dim}. Expected size "
                                       f"{ref.shape[k]} but got size {d.shape[k]} for tensor number {i} in the "
                                       "list.")
    return apply(CatBackward0, tuple(tensors), _common(tensors), dim)


def _tensor_list(tensors, name: str) -> list:
    """A sequence of tensors, with torch's TypeError for anything else in it."""
    if not isinstance(tensors, (list, tuple)):
        raise TypeError(f"{name}(): argument 'tensors' (position 1) must be tuple of Tensors, not "
                        f"{type(tensors).__name__}")
    tensors = list(tensors)
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got {type(t).__name__}")
    return tensors


concat, concatenate = alias(cat, "concat"), alias(cat, "concatenate")


class StackBackward0(Op):
    __slots__ = ("dim", "n")
    _param_names = ("dim",)

    @staticmethod
    def forward(ctx, *args):
        *arrays, dim = args
        ctx.dim, ctx.n = dim, len(arrays)
        return dense_result(np.stack(arrays, axis=dim))

    def backward(ctx, g, xp):
        dim = ctx.dim
        return tuple(g[(slice(None),) * dim + (i,)] for i in range(ctx.n))


@torch_args
def stack(tensors, dim: int = 0) -> Tensor:
    """Concatenate a sequence of tensors along a new dimension.

    All tensors need to be of the same size; their dtypes are promoted to a common dtype.

    Args:
        tensors (sequence of Tensors): a non-empty sequence of tensors to concatenate.
        dim (int, optional): the index of the new dimension, between 0 and the number of dimensions of the
            inputs (inclusive). Default: ``0``.
    """
    tensors = _tensor_list(tensors, "stack")
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    ref = tensors[0]._data.shape
    dim = wrap_dim(dim, len(ref) + 1)
    for i, t in enumerate(tensors):
        if t._data.shape != ref:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got {list(ref)} at entry 0 and "
                               f"{list(t._data.shape)} at entry {i}")
    return apply(StackBackward0, tuple(tensors), _common(tensors), dim)


def _stack_list(tensors, name: str) -> list:
    tensors = _tensor_list(tensors, name)
    if not tensors:
        raise RuntimeError(f"{name} expects a non-empty TensorList")
    return tensors


@torch_args
def hstack(tensors) -> Tensor:
    """Stack tensors horizontally: :func:`cat` along dim 1, or dim 0 when they are 1-D (0-d ones become 1-D).

    Args:
        tensors (sequence of Tensors): the tensors to concatenate.
    """
    ts = atleast_1d(_stack_list(tensors, "hstack"))
    return cat(ts, 0 if ts[0]._data.ndim == 1 else 1)


@torch_args
def vstack(tensors) -> Tensor:
    """Stack tensors vertically: :func:`cat` along dim 0 of the tensors made at least 2-D.

    Args:
        tensors (sequence of Tensors): the tensors to concatenate.
    """
    return cat(atleast_2d(_stack_list(tensors, "vstack")), 0)


@torch_args
def dstack(tensors) -> Tensor:
    """Stack tensors depthwise: :func:`cat` along dim 2 of the tensors made at least 3-D.

    Args:
        tensors (sequence of Tensors): the tensors to concatenate.
    """
    return cat(atleast_3d(_stack_list(tensors, "dstack")), 2)


@torch_args
def column_stack(tensors) -> Tensor:
    """Stack tensors as columns: 0-d and 1-D tensors become ``(n, 1)`` columns, then :func:`cat` along dim 1.

    Args:
        tensors (sequence of Tensors): the tensors to concatenate.
    """
    ts = [t.reshape(t._data.size, 1) if t._data.ndim <= 1 else t for t in _stack_list(tensors, "column_stack")]
    return cat(ts, 1)
