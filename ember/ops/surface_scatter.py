"""The scatter forms of torch's views, out of place (``select_scatter``, ``slice_scatter``,
``diagonal_scatter``: ``input`` with the view's region replaced by ``src``; gradients to both), and
``matrix_exp`` (scaling and squaring with a degree-13 Padé approximant; torch's backward, the
exponential of the block matrix ``[[A^H, G], [0, A^H]]``). Loaded on first use.
"""
from __future__ import annotations

import numpy as np

from .. import _dtype
from .._tensor import Tensor, make, wrap_dim
from ._op import Op
from ._parser import torch_args
from ._signatures_surface import SURFACE_SIGNATURES
from ._promotion import must_be_tensor
from ._record import apply
from .shape_extra import diagonal_array

__all__ = ["select_scatter", "slice_scatter", "diagonal_scatter", "matrix_exp"]


# ----------------------------------------------------------------------------------------------
# the scatter ops: ``region(array)`` is the view's region of an array, writeable
class _ViewScatter(Op):
    __slots__ = ()

    @staticmethod
    def region(ctx, a: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    @staticmethod
    def view_of(ctx, g: Tensor) -> Tensor:
        raise NotImplementedError

    @classmethod
    def scatter(cls, ctx, a: np.ndarray, s) -> np.ndarray:
        r = np.array(a, copy=True)
        cls.region(ctx, r)[...] = s
        return r

    def backward(ctx, g, xp):
        cls = type(ctx)
        if not xp.tensor_mode:
            return cls.scatter(ctx, g, 0), np.array(cls.region(ctx, g), copy=True)
        zeros = make(np.zeros(cls.region(ctx, g._data).shape, g._data.dtype))
        return (apply(cls, (g, zeros), (g._data, zeros._data), *ctx.params()),
                cls.view_of(ctx, g))


class SelectScatterBackward0(_ViewScatter):
    """``select_scatter``: ``input`` with ``input.select(dim, index)`` replaced by ``src``."""
    __slots__ = ("dim", "index")
    _param_names = ("dim", "index")

    @staticmethod
    def forward(ctx, a, s, dim, index):
        ctx.dim, ctx.index = dim, index
        return SelectScatterBackward0.scatter(ctx, a, s)

    @staticmethod
    def region(ctx, a):
        return a[(slice(None),) * ctx.dim + (ctx.index, Ellipsis)]      # (the Ellipsis: a 0-d view, not a scalar)

    @staticmethod
    def view_of(ctx, g):
        return g.select(ctx.dim, ctx.index)

    def params(ctx) -> tuple:
        return ctx.dim, ctx.index


class SliceScatterBackward0(_ViewScatter):
    """``slice_scatter``: ``input`` with ``input[..., start:end:step, ...]`` (along ``dim``) replaced by ``src``."""
    __slots__ = ("dim", "start", "end", "step")
    _param_names = ("dim", "end", "start", "step")

    @staticmethod
    def forward(ctx, a, s, dim, start, end, step):
        ctx.dim, ctx.start, ctx.end, ctx.step = dim, start, end, step
        return SliceScatterBackward0.scatter(ctx, a, s)

    @staticmethod
    def region(ctx, a):
        return a[(slice(None),) * ctx.dim + (slice(ctx.start, ctx.end, ctx.step),)]

    @staticmethod
    def view_of(ctx, g):
        return g[(slice(None),) * ctx.dim + (slice(ctx.start, ctx.end, ctx.step),)]

    def params(ctx) -> tuple:
        return ctx.dim, ctx.start, ctx.end, ctx.step


class DiagonalScatterBackward0(_ViewScatter):
    """``diagonal_scatter``: ``input`` with ``input.diagonal(offset, dim1, dim2)`` replaced by ``src``."""
    __slots__ = ("offset", "dim1", "dim2")
    _param_names = ("dim1", "dim2", "offset")

    @staticmethod
    def forward(ctx, a, s, offset, dim1, dim2):
        ctx.offset, ctx.dim1, ctx.dim2 = offset, dim1, dim2
        return DiagonalScatterBackward0.scatter(ctx, a, s)

    @staticmethod
    def region(ctx, a):
        return diagonal_array(a, ctx.offset, ctx.dim1, ctx.dim2)

    @staticmethod
    def view_of(ctx, g):
        return g.diagonal(ctx.offset, ctx.dim1, ctx.dim2)

    def params(ctx) -> tuple:
        return ctx.offset, ctx.dim1, ctx.dim2


def _scatter_args(name: str, input: Tensor, src: Tensor, region_shape: tuple) -> np.ndarray:  # noqa: A002
    if tuple(src._data.shape) != tuple(region_shape):
        raise RuntimeError(f"expected src to have a size equal to the slice of self. src size = "
                           f"{list(src._data.shape)}, slice size = {list(region_shape)}")
    return src._data.astype(input._data.dtype, copy=False)


def _tensors(name: str, input, src) -> None:  # noqa: A002
    if not isinstance(input, Tensor):
        raise must_be_tensor(name, "input", 1, input)
    if not isinstance(src, Tensor):
        raise must_be_tensor(name, "src", 2, src)


def select_scatter(input: Tensor, src: Tensor, dim: int, index: int) -> Tensor:  # noqa: A002
    """``input`` with its slice ``input.select(dim, index)`` replaced by ``src`` (a new tensor, in
    ``input``'s dtype). ``input`` gets the gradient outside the slice, ``src`` the slice's.

    Args:
        input (Tensor): the tensor written into (not modified).
        src (Tensor): the values, of the selected slice's shape.
        dim (int): the dimension selected along.
        index (int): the index selected.
    """
    _tensors("select_scatter", input, src)
    d = input._data
    if d.ndim == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    dim = wrap_dim(dim, d.ndim)
    n = d.shape[dim]
    if not -n <= index < n:
        raise IndexError(f"select(): index {index} out of range for tensor of size {list(d.shape)} at dimension "
                         f"{dim}")
    index = index + n if index < 0 else index
    s = _scatter_args("select_scatter", input, src, d.shape[:dim] + d.shape[dim + 1:])
    return apply(SelectScatterBackward0, (input, src), (d, s), dim, index)


def slice_scatter(input: Tensor, src: Tensor, dim: int = 0, start: int | None = None,  # noqa: A002
                  end: int | None = None, step: int = 1) -> Tensor:
    """``input`` with its slice ``start:end:step`` along ``dim`` replaced by ``src`` (a new tensor, in
    ``input``'s dtype). ``input`` gets the gradient outside the slice, ``src`` the slice's.

    Args:
        input (Tensor): the tensor written into (not modified).
        src (Tensor): the values, of the slice's shape.
        dim (int): the dimension sliced. Default: ``0``.
        start (int, optional): the slice's first index. Default: ``0``.
        end (int, optional): the slice's end (exclusive). Default: the dim's size.
        step (int): the slice's step, positive. Default: ``1``.
    """
    _tensors("slice_scatter", input, src)
    d = input._data
    if d.ndim == 0:
        raise IndexError("slice() cannot be applied to a 0-dim tensor.")
    dim = wrap_dim(dim, d.ndim)
    if step <= 0:
        raise RuntimeError("slice step must be positive")
    n = d.shape[dim]
    start, end, _ = slice(start, end, step).indices(n)
    end = max(end, start)
    key = (slice(None),) * dim + (slice(start, end, step),)
    s = _scatter_args("slice_scatter", input, src, d[key].shape)
    return apply(SliceScatterBackward0, (input, src), (d, s), dim, start, end, step)


def diagonal_scatter(input: Tensor, src: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:  # noqa: A002
    """``input`` with its diagonal ``input.diagonal(offset, dim1, dim2)`` replaced by ``src`` (a new
    tensor, in ``input``'s dtype). ``input`` gets the gradient off the diagonal, ``src`` the diagonal's.

    Args:
        input (Tensor): the tensor written into (not modified; at least 2-D).
        src (Tensor): the values, of the diagonal's shape (its dim last).
        offset (int): which diagonal: 0 the main one, > 0 above it, < 0 below. Default: ``0``.
        dim1 (int): the first dimension of the diagonal. Default: ``0``.
        dim2 (int): the second dimension. Default: ``1``.
    """
    _tensors("diagonal_scatter", input, src)
    d = input._data
    dim1, dim2 = wrap_dim(dim1, d.ndim), wrap_dim(dim2, d.ndim)
    if dim1 == dim2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    s = _scatter_args("diagonal_scatter", input, src, diagonal_array(d, offset, dim1, dim2).shape)
    return apply(DiagonalScatterBackward0, (input, src), (d, s), offset, dim1, dim2)


# ----------------------------------------------------------------------------------------------
# matrix_exp
_B13 = (64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0, 129060195264000.0,
        10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0, 40840800.0, 960960.0, 16380.0, 182.0, 1.0)
_THETA13 = 5.371920351148152


def expm_array(a: np.ndarray) -> np.ndarray:
    """The matrix exponential of each matrix of ``a`` (batched): Higham's scaling and squaring with the
    degree-13 Padé approximant (each matrix scaled by its own power of 2)."""
    out_dtype = a.dtype
    # in the input's precision (float16 in float32), so an overflow gives torch's inf and NaN
    work = np.float32 if a.dtype.char == "e" else a.dtype
    A = a.astype(work)
    n = A.shape[-1]
    if A.size == 0:
        return np.zeros(a.shape, out_dtype)
    if n == 1:          # exact (and inf for an infinite entry, as torch's series)
        with np.errstate(all="ignore"):
            return np.exp(A).astype(out_dtype)
    with np.errstate(all="ignore"):     # (torch is silent about an overflow: inf and NaN results)
        return _expm(A, n, work).astype(out_dtype)


def _expm(A: np.ndarray, n: int, work) -> np.ndarray:
    norm = np.abs(A).sum(axis=-2).max(axis=-1)      # the 1-norm of each matrix
    s = np.where(norm > _THETA13, np.ceil(np.log2(norm / _THETA13)), 0)
    s = np.nan_to_num(s, nan=0.0, posinf=0.0).astype(np.int64)
    A = A / (2.0 ** s)[..., None, None]
    eye = np.broadcast_to(np.eye(n, dtype=work), A.shape)
    b = _B13
    A2 = A @ A
    A4 = A2 @ A2
    A6 = A4 @ A2
    U = A @ (A6 @ (b[13] * A6 + b[11] * A4 + b[9] * A2) + b[7] * A6 + b[5] * A4 + b[3] * A2 + b[1] * eye)
    V = A6 @ (b[12] * A6 + b[10] * A4 + b[8] * A2) + b[6] * A6 + b[4] * A4 + b[2] * A2 + b[0] * eye
    try:
        R = np.linalg.solve(V - U, V + U)
    except np.linalg.LinAlgError:        # an overflowed input: torch's result is inf/NaN too
        R = np.full(A.shape, np.nan, work)
    for k in range(int(s.max(initial=0))):
        squared = R @ R
        R = np.where((s > k)[..., None, None], squared, R)
    return R


class LinalgMatrixExpBackward0(Op):
    """``matrix_exp``; torch's backward: the top-right block of ``exp([[A^H, G], [0, A^H]])``."""
    __slots__ = ()
    _saved_names = ("self",)

    @staticmethod
    def forward(ctx, a):
        ctx.save(a)
        return expm_array(a)

    def backward(ctx, g, xp):
        a, = xp.saved(ctx)
        n = a.shape[-1]
        if not xp.tensor_mode:
            at = np.conj(np.swapaxes(a, -1, -2))
            meta = np.zeros(a.shape[:-2] + (2 * n, 2 * n), np.result_type(a, g))
            meta[..., :n, :n] = at
            meta[..., n:, n:] = at
            meta[..., :n, n:] = g
            return (expm_array(meta)[..., :n, n:],)
        at = a.transpose(-2, -1)
        top = xp.cat([at, g], -1)
        bottom = xp.cat([xp.zeros_like(at), at], -1)
        return (matrix_exp(xp.cat([top, bottom], -2)).narrow(-2, 0, n).narrow(-1, n, n),)


def matrix_exp(input: Tensor) -> Tensor:  # noqa: A002
    """The matrix exponential ``exp(A) = sum_k A^k / k!`` of each square matrix of ``input`` (batched).

    Args:
        input (Tensor): a floating or complex tensor of shape ``(*, n, n)``.
    """
    if not isinstance(input, Tensor):
        raise must_be_tensor("matrix_exp", "input", 1, input)
    A = input
    d = A._data
    if d.ndim < 2:
        raise RuntimeError("linalg.matrix_exp: The input tensor A must have at least 2 dimensions.")
    if d.shape[-1] != d.shape[-2]:
        raise RuntimeError(f"linalg.matrix_exp: A must be batches of square matrices, but they are {d.shape[-2]} by "
                           f"{d.shape[-1]} matrices")
    if d.dtype.kind not in "fc":
        raise RuntimeError(f"linalg.matrix_exp: Expected a floating point or complex tensor as input. Got "
                           f"{_dtype._BY_CHAR[d.dtype.char]._legacy[:-6]}")
    return apply(LinalgMatrixExpBackward0, (A,), (d,))


# torch's argument parser checks every call (its TypeErrors), function and method forms
select_scatter, slice_scatter, diagonal_scatter, matrix_exp = (
    torch_args(f, table=SURFACE_SIGNATURES) for f in (select_scatter, slice_scatter, diagonal_scatter, matrix_exp))
