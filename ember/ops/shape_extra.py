"""More shape ops. Views: diagonal, Tensor.unfold, narrow, movedim; copies: repeat/tile, flip,
roll, rot90, tril/triu, diag, diag_embed.

diagonal and unfold are views NumPy has no writeable step for: ``diagonal_array`` and
``unfold_array`` build them with ``as_strided`` (so in-place writes through them reach the base),
and their ``view_step`` replays them by calling those functions (``_view_graph``'s "call" step).
"""
from __future__ import annotations

import numpy as np

from .._layout import empty_preserving
from .._tensor import Tensor, wrap_dim
from ._parser import alias, torch_args
from ._both import both
from ._inplace import apply_inplace
from ._op import Op
from ._record import apply
from .indexing import AliasBackward0
from .shape import check_dims, parse_shape, permute, strided_empty

__all__ = ["diagonal", "diag", "diag_embed", "diagflat", "unfold", "narrow", "movedim", "moveaxis", "repeat", "tile",
           "flip", "fliplr", "flipud", "roll", "rot90", "tril", "triu", "tril_", "triu_"]


def _as_strided(a: np.ndarray, shape: tuple, strides: tuple) -> np.ndarray:
    """A view of ``a``'s memory, writeable where ``a`` is."""
    return np.lib.stride_tricks.as_strided(a, shape, strides, writeable=a.flags.writeable)


def diagonal_array(a: np.ndarray, offset: int, d1: int, d2: int) -> np.ndarray:
    """The diagonal of dims ``d1``, ``d2`` of ``a`` as a writeable view, its dim last (torch's layout)."""
    if not a.size:
        a = strided_empty(a)
    n1, n2 = a.shape[d1], a.shape[d2]
    if offset >= 0:
        length = max(0, min(n1, n2 - offset))
        start = a[(slice(None),) * d2 + (slice(min(offset, n2), None),)]
    else:
        length = max(0, min(n1 + offset, n2))
        start = a[(slice(None),) * d1 + (slice(min(-offset, n1), None),)]
    keep = [k for k in range(a.ndim) if k not in (d1, d2)]
    shape = tuple(a.shape[k] for k in keep) + (length,)
    strides = tuple(a.strides[k] for k in keep) + (a.strides[d1] + a.strides[d2],)
    return _as_strided(start, shape, strides)


def unfold_array(a: np.ndarray, dim: int, size: int, step: int) -> np.ndarray:
    """``a.unfold(dim, size, step)``: windows of ``size`` along ``dim``, ``step`` apart, as a writeable view."""
    if a.ndim == 0:
        return _as_strided(a, (1,), (a.itemsize,))
    if not a.size:
        a = strided_empty(a)
    n, st = a.shape[dim], a.strides[dim]
    shape = a.shape[:dim] + ((n - size) // step + 1,) + a.shape[dim + 1:] + (size,)
    strides = a.strides[:dim] + (st * step,) + a.strides[dim + 1:] + (st,)
    return _as_strided(a, shape, strides)


class DiagonalBackward0(Op):
    __slots__ = ("shape", "offset", "dim1", "dim2")
    is_view = True
    _param_names = ("offset", "dim1", "dim2")

    @staticmethod
    def forward(ctx, a, offset, d1, d2):
        ctx.shape, ctx.offset, ctx.dim1, ctx.dim2 = a.shape, offset, d1, d2
        return diagonal_array(a, offset, d1, d2)

    def backward(ctx, g, xp):
        return (both(xp, DiagonalBackwardBackward0, (g,), ctx.shape, ctx.offset, ctx.dim1, ctx.dim2),)

    @staticmethod
    def view_step(a, offset, d1, d2):
        return ("call", (diagonal_array, diagonal, (offset, d1, d2)))


class DiagonalBackward0_copy(DiagonalBackward0):  # noqa: N801  (torch's name: diag of a matrix is a copy)
    __slots__ = ()
    is_view = False

    @staticmethod
    def forward(ctx, a, offset, d1, d2):
        return DiagonalBackward0.forward(ctx, a, offset, d1, d2).copy()


class DiagonalBackwardBackward0(Op):
    """diagonal's backward: zeros with the gradient on the diagonal (differentiable: create_graph)."""
    __slots__ = ("offset", "dim1", "dim2")

    @staticmethod
    def forward(ctx, g, shape, offset, d1, d2):
        ctx.offset, ctx.dim1, ctx.dim2 = offset, d1, d2
        z = np.zeros(shape, dtype=g.dtype)
        diagonal_array(z, offset, d1, d2)[...] = g
        return z

    def backward(ctx, gg, xp):
        return (both(xp, DiagonalBackward0, (gg,), ctx.offset, ctx.dim1, ctx.dim2),)


class DiagEmbedBackward0(Op):
    __slots__ = ("offset", "dim1", "dim2")
    _param_names = ("offset", "dim1", "dim2")

    @staticmethod
    def forward(ctx, a, offset, d1, d2):
        ctx.offset, ctx.dim1, ctx.dim2 = offset, d1, d2
        n = a.shape[-1] + abs(offset)
        shape = list(a.shape[:-1])
        for d in sorted((d1, d2)):
            shape.insert(d, n)
        z = np.zeros(shape, dtype=a.dtype)
        diagonal_array(z, offset, d1, d2)[...] = a
        return z

    def backward(ctx, g, xp):
        return (both(xp, DiagonalBackward0, (g,), ctx.offset, ctx.dim1, ctx.dim2),)


class UnfoldBackward0(Op):
    __slots__ = ("shape", "dimension", "size", "step")
    is_view = True
    _param_names = ("dimension", "size", "step")

    @staticmethod
    def forward(ctx, a, dim, size, step):
        ctx.shape, ctx.dimension, ctx.size, ctx.step = a.shape, dim, size, step
        return unfold_array(a, dim, size, step)

    def backward(ctx, g, xp):
        return (both(xp, UnfoldBackwardBackward0, (g,), ctx.shape, ctx.dimension, ctx.size, ctx.step),)

    @staticmethod
    def view_step(a, dim, size, step):
        return ("call", (unfold_array, unfold, (dim, size, step)))


class UnfoldBackwardBackward0(Op):
    """unfold's backward: each window's gradient added back where it was read (windows may overlap)."""
    __slots__ = ("dimension", "size", "step")

    @staticmethod
    def forward(ctx, g, shape, dim, size, step):
        ctx.dimension, ctx.size, ctx.step = dim, size, step
        z = np.zeros(shape, dtype=g.dtype)
        windows = unfold_array(z, dim, size, step)
        for k in range(size):       # one offset into the windows at a time: no element twice
            windows[..., k] += g[..., k]
        return z

    def backward(ctx, gg, xp):
        return (both(xp, UnfoldBackward0, (gg,), ctx.dimension, ctx.size, ctx.step),)


@torch_args
def diagonal(input: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:  # noqa: A002
    """Return a view of the diagonal of ``input`` over the dims ``dim1`` and ``dim2``, appended as its last dim.

    ``offset`` > 0 is above the main diagonal, < 0 below. The view shares memory with ``input``: in-place
    changes to one show in the other.

    Args:
        input (Tensor): the input tensor, at least 2-D.
        offset (int): which diagonal. Default: ``0``.
        dim1 (int): the first dim of the 2-D sub-arrays. Default: ``0``.
        dim2 (int): the second dim. Default: ``1``.
    """
    nd = input._data.ndim
    d1, d2 = wrap_dim(dim1, nd), wrap_dim(dim2, nd)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return apply(DiagonalBackward0, (input,), (input._data,), int(offset), d1, d2)


@torch_args
def diag_embed(input: Tensor, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:  # noqa: A002
    """Return a tensor whose diagonals over ``dim1``, ``dim2`` are filled from the last dim of ``input``
    (zeros elsewhere); the gradient is the diagonal of the incoming gradient.

    Args:
        input (Tensor): the input tensor, at least 1-D.
        offset (int): which diagonal. Default: ``0``.
        dim1 (int): the first dim of the 2-D planes, of the result. Default: ``-2``.
        dim2 (int): the second dim. Default: ``-1``.
    """
    nd = input._data.ndim + 1
    d1, d2 = wrap_dim(dim1, nd), wrap_dim(dim2, nd)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return apply(DiagEmbedBackward0, (input,), (input._data,), int(offset), d1, d2)


@torch_args
def diag(input: Tensor, diagonal: int = 0) -> Tensor:  # noqa: A002
    """A 1-D ``input``: the matrix with ``input`` on its ``diagonal``-th diagonal. A 2-D ``input``: a copy
    of its ``diagonal``-th diagonal.

    Args:
        input (Tensor): the input tensor, 1-D or 2-D.
        diagonal (int): which diagonal (> 0 above the main one, < 0 below). Default: ``0``.
    """
    nd = input._data.ndim
    if nd == 1:
        return apply(DiagEmbedBackward0, (input,), (input._data,), int(diagonal), 0, 1)
    if nd == 2:
        return apply(DiagonalBackward0_copy, (input,), (input._data,), int(diagonal), 0, 1)
    raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {nd}D")


@torch_args
def diagflat(input: Tensor, offset: int = 0) -> Tensor:  # noqa: A002
    """The 2-D tensor with the flattened ``input`` on its ``offset``-th diagonal.

    Args:
        input (Tensor): the input tensor.
        offset (int): which diagonal. Default: ``0``.
    """
    flat = input if input._data.ndim == 1 else input.contiguous().view(-1)
    return apply(DiagEmbedBackward0, (flat,), (flat._data,), int(offset), 0, 1)


@torch_args
def unfold(input: Tensor, dimension: int, size: int, step: int) -> Tensor:  # noqa: A002
    """``Tensor.unfold``: a view of all slices of ``size`` elements along ``dimension``, ``step`` apart, in a
    new last dim. Windows may overlap; their gradients add up where they do.

    Args:
        input (Tensor): the input tensor.
        dimension (int): the dimension in which unfolding happens.
        size (int): the size of each slice.
        step (int): the step between slices.
    """
    d = input._data
    dim = wrap_dim(dimension, d.ndim)
    n = d.shape[dim] if d.ndim else 1
    if size > n:
        raise RuntimeError(f"maximum size for tensor at dimension {dim} is {n} but size is {size}")
    if step <= 0:
        raise RuntimeError(f"step is {step} but must be > 0")
    if size < 0:
        raise RuntimeError(f"size is {size} but must be >= 0")
    return apply(UnfoldBackward0, (input,), (d,), dim, size, step)


@torch_args
def narrow(input: Tensor, dim: int, start, length: int) -> Tensor:  # noqa: A002
    """A view of ``input`` along ``dim`` from ``start`` to ``start + length`` (``start`` may be a 0-d
    integer tensor, and negative, counting from the end).

    Args:
        input (Tensor): the tensor to narrow.
        dim (int): the dimension along which to narrow.
        start (int or Tensor): the index of the element to start the narrowed dimension from.
        length (int): the length of the narrowed dimension, non-negative.
    """
    d = input._data
    if d.ndim == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    if length < 0:
        raise RuntimeError("narrow(): length must be non-negative.")
    if isinstance(start, Tensor):
        if start._data.ndim or start._data.dtype.kind not in "iu":
            raise RuntimeError("start must be an 0-dim integral Tensor.")
        start = int(start._data)
    dim = wrap_dim(dim, d.ndim)
    n = d.shape[dim]
    if not -n <= start <= n:
        raise IndexError(f"start out of range (expected to be in range of [{-n}, {n}], but got {start})")
    if start < 0:
        start += n
    if start > n - length:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({n}).")
    return input[(slice(None),) * dim + (slice(start, start + length),)]


@torch_args
def movedim(input: Tensor, source, destination) -> Tensor:  # noqa: A002
    """A view of ``input`` with the dims in ``source`` moved to the positions in ``destination``; the
    other dims keep their order. Also available as ``moveaxis``.

    Args:
        input (Tensor): the input tensor.
        source (int or tuple of ints): the original positions of the dims to move.
        destination (int or tuple of ints): their destination positions.
    """
    nd = input._data.ndim
    if isinstance(source, int) != isinstance(destination, int):
        raise _movedim_arg_error(source, destination)
    src = (source,) if isinstance(source, int) else tuple(source)
    dst = (destination,) if isinstance(destination, int) else tuple(destination)
    if len(src) != len(dst):
        raise RuntimeError(f"movedim: Invalid source or destination dims: source ({list(src)} dims) should contain "
                           f"the same number of dims as destination ({list(dst)} dims)")
    s = [wrap_dim(k, nd) for k in src]
    t = [wrap_dim(k, nd) for k in dst]
    if len(set(s)) != len(s):
        raise RuntimeError(f"movedim: repeated dim in `source` ({list(src)})")
    if len(set(t)) != len(t):
        raise RuntimeError(f"movedim: repeated dim in `destination` ({list(dst)})")
    if not nd:      # torch: a 0-d tensor's movedim is its alias (AliasBackward0)
        return apply(AliasBackward0, (input,), (input._data,), ())
    order = [k for k in range(nd) if k not in s]
    perm = [-1] * nd
    for a, b in zip(s, t):
        perm[b] = a
    rest = iter(order)
    perm = [p if p >= 0 else next(rest) for p in perm]
    return permute(input, tuple(perm))


moveaxis = alias(movedim, "moveaxis")


def _movedim_arg_error(source, destination) -> TypeError:
    """torch's argument-parser error for an int paired with a sequence."""
    def name(v):
        if isinstance(v, int):
            return "int"
        inner = ", ".join(type(x).__name__ for x in v)
        return f"list of [{inner}]" if isinstance(v, list) else f"{type(v).__name__} of ({inner})"
    s, d = name(source), name(destination)
    ints = (s if isinstance(source, int) else f"!{s}!", d if isinstance(destination, int) else f"!{d}!")
    why = "      didn't match because some of the arguments have invalid types:"
    return TypeError(f"movedim() received an invalid combination of arguments - got ({type(source).__name__}, "
                     f"{type(destination).__name__}), but expected one of:\n * (int source, int destination)\n"
                     f"{why} ({ints[0]}, {ints[1]})\n * (tuple of ints source, tuple of ints destination)\n"
                     f"{why} (!{s}!, !{d}!)\n")


class RepeatBackward0(Op):
    __slots__ = ("shape", "repeats")
    _param_names = ("repeats",)

    @staticmethod
    def forward(ctx, a, repeats):
        ctx.shape, ctx.repeats = a.shape, repeats
        padded = a.reshape((1,) * (len(repeats) - a.ndim) + a.shape)
        return np.ascontiguousarray(np.tile(padded, repeats))

    def backward(ctx, g, xp):
        reps = ctx.repeats
        padded = (1,) * (len(reps) - len(ctx.shape)) + tuple(ctx.shape)
        split = tuple(n for pair in zip(reps, padded) for n in pair)       # (r0, s0, r1, s1, ...)
        summed = xp.sum(xp.reshape(g, split), axis=tuple(range(0, 2 * len(reps), 2)))
        return (summed if len(reps) == len(ctx.shape) else xp.reshape(summed, ctx.shape),)


@torch_args
def repeat(input: Tensor, *repeats) -> Tensor:  # noqa: A002
    """``Tensor.repeat``: ``input`` repeated along each dim ``repeats`` times (a copy; more repeats than
    dims add leading dims). The gradient sums the copies.

    Args:
        input (Tensor): the input tensor.
        repeats (int...): the number of times to repeat along each dim, as integers or one sequence.
    """
    reps = parse_shape(repeats, "repeat", "repeats")
    if len(reps) < input._data.ndim:
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number of dimensions of "
                           "tensor")
    shape = (1,) * (len(reps) - input._data.ndim) + input._data.shape
    out = [r * s for r, s in zip(reps, shape)]
    for r in reps:
        if r < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {min(out)}: {out}")
    return apply(RepeatBackward0, (input,), (input._data,), reps)


@torch_args
def tile(input: Tensor, *args, dims=None) -> Tensor:  # noqa: A002
    """``input`` repeated ``dims`` times along each dim; fewer ``dims`` than dims are padded with ones in
    front (so ``tile`` of a 2-D tensor with ``(2,)`` repeats its last dim).

    Args:
        input (Tensor): the input tensor.
        dims (tuple of ints): the number of repetitions per dim.
    """
    reps = parse_shape(args if dims is None else (dims,), "tile", "dims")
    nd = input._data.ndim
    if len(reps) < nd:
        reps = (1,) * (nd - len(reps)) + reps
    return repeat(input, reps)


def _flipped(a: np.ndarray, dims: tuple) -> np.ndarray:
    """``a`` reversed along ``dims``, a copy in ``a``'s layout (torch's flip)."""
    out = empty_preserving(a)
    out[...] = np.flip(a, dims) if dims else a
    return out


class FlipBackward0(Op):
    __slots__ = ("dims",)
    _param_names = ("dims",)

    @staticmethod
    def forward(ctx, a, dims):
        ctx.dims = dims
        return _flipped(a, dims)

    def backward(ctx, g, xp):
        return (both(xp, FlipBackward0, (g,), ctx.dims),)


@torch_args
def flip(input: Tensor, *args, dims=None) -> Tensor:  # noqa: A002
    """Reverse the order of ``input`` along the given dims (a copy, unlike NumPy's view).

    Args:
        input (Tensor): the input tensor.
        dims (a list or tuple): the dims to flip (``x.flip(0, 1)`` also works).
    """
    dims = parse_shape(args if dims is None else (dims,), "flip", "dims")
    nd = input._data.ndim
    wrapped = check_dims(dims, nd)
    return apply(FlipBackward0, (input,), (input._data,), wrapped if nd else ())


@torch_args
def fliplr(input: Tensor) -> Tensor:  # noqa: A002
    """Flip ``input`` left/right (dim 1); ``input`` must be at least 2-D."""
    if input._data.ndim < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return flip(input, (1,))


@torch_args
def flipud(input: Tensor) -> Tensor:  # noqa: A002
    """Flip ``input`` up/down (dim 0); ``input`` must be at least 1-D."""
    if input._data.ndim < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return flip(input, (0,))


class RollBackward0(Op):
    __slots__ = ("shifts", "dims")
    _param_names = ("shifts", "dims")

    @staticmethod
    def forward(ctx, a, shifts, dims):
        ctx.shifts, ctx.dims = shifts, dims
        r = np.roll(a.reshape(-1), shifts[0]).reshape(a.shape) if not dims else np.roll(a, shifts, dims)
        return r if r.flags.c_contiguous else r.copy(order="C")     # (ascontiguousarray makes a 0-d 1-d)

    def backward(ctx, g, xp):
        return (both(xp, RollBackward0, (g,), tuple(-s for s in ctx.shifts), ctx.dims),)


@torch_args
def roll(input: Tensor, shifts, dims=None) -> Tensor:  # noqa: A002
    """Roll ``input`` along the given dims: elements shifted past the end come back at the start. Without
    ``dims`` the flattened tensor is rolled and its shape restored.

    Args:
        input (Tensor): the input tensor.
        shifts (int or tuple of ints): the number of places to shift, per dim.
        dims (int or tuple of ints): the dims to roll along.
    """
    shifts = (shifts,) if isinstance(shifts, int) else tuple(shifts)
    dims = () if dims is None else (dims,) if isinstance(dims, int) else tuple(dims)
    if not shifts:
        raise RuntimeError("`shifts` required")
    if not dims and len(shifts) != 1:
        raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, dims:{len(dims)}")
    if dims and len(shifts) != len(dims):
        raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, dims:{len(dims)}")
    if input._data.size == 0:       # torch returns an empty tensor's clone before it looks at the dims
        return apply(RollBackward0, (input,), (input._data,), (0,), ())
    nd = input._data.ndim
    if nd == 0 and dims:        # torch's roll wraps no dim of a 0-d tensor
        raise IndexError(f"Dimension specified as {dims[0]} but tensor has no dimensions")
    dims = tuple(wrap_dim(d, nd) for d in dims)
    return apply(RollBackward0, (input,), (input._data,), tuple(int(s) for s in shifts), dims)


class Rot90Backward0(Op):
    __slots__ = ("k", "dims")
    _param_names = ("k", "dims")

    @staticmethod
    def forward(ctx, a, k, dims):
        ctx.k, ctx.dims = k, dims
        d0, d1 = dims
        k %= 4
        if k == 1:      # torch: flip (keeping the layout) then transpose
            return np.swapaxes(_flipped(a, (d1,)), d0, d1)
        if k == 2:
            return _flipped(a, (d0, d1))
        if k == 3:
            return np.swapaxes(_flipped(a, (d0,)), d0, d1)
        return np.array(a, order="C")

    def backward(ctx, g, xp):
        return (both(xp, Rot90Backward0, (g,), -ctx.k, ctx.dims),)


@torch_args
def rot90(input: Tensor, k: int = 1, dims=(0, 1)) -> Tensor:  # noqa: A002
    """Rotate ``input`` by 90 degrees ``k`` times in the plane of ``dims``, from the first towards the second.

    Args:
        input (Tensor): the input tensor, at least 2-D.
        k (int): the number of rotations. Default: ``1``.
        dims (a list or tuple): the two dims of the plane. Default: ``[0, 1]``.
    """
    dims = tuple(dims)
    nd = input._data.ndim
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    if nd < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {nd}")
    d0, d1 = wrap_dim(dims[0], nd), wrap_dim(dims[1], nd)
    if d0 == d1:
        raise RuntimeError(f"expected rotation dims to be different, but got dim0 = {dims[0]} and dim1 = {dims[1]}")
    return apply(Rot90Backward0, (input,), (input._data,), int(k), (d0, d1))


class TrilBackward0(Op):
    __slots__ = ("diagonal",)
    _param_names = ("diagonal",)
    # torch's tril_/triu_ write into an expanded tensor (no overlap check): a memory location aliased from
    # inside and outside the triangle ends up zero (write_into writes only the zeroed elements)
    allows_overlap = True

    @staticmethod
    def forward(ctx, a, k):
        ctx.diagonal = k
        return np.tril(a, k)

    def backward(ctx, g, xp):
        return (both(xp, type(ctx), (g,), ctx.diagonal),)


class TriuBackward0(TrilBackward0):
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, k):
        ctx.diagonal = k
        return np.triu(a, k)


def _tri(cls, name: str, input: Tensor, diagonal: int, inplace: bool = False) -> Tensor:  # noqa: A002
    if input._data.ndim < 2:
        raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")
    if inplace:
        return apply_inplace(cls, input, (input,), (input._data,), int(diagonal))
    return apply(cls, (input,), (input._data,), int(diagonal))


@torch_args
def tril(input: Tensor, diagonal: int = 0) -> Tensor:  # noqa: A002
    """The lower triangle of the matrices of ``input`` (its last two dims): the elements on and below the
    ``diagonal``-th diagonal; the others are zero.

    Args:
        input (Tensor): the input tensor, at least 2-D.
        diagonal (int): the diagonal to consider. Default: ``0``.
    """
    return _tri(TrilBackward0, "tril", input, diagonal)


@torch_args
def triu(input: Tensor, diagonal: int = 0) -> Tensor:  # noqa: A002
    """The upper triangle of the matrices of ``input``: the elements on and above the ``diagonal``-th
    diagonal; the others are zero.

    Args:
        input (Tensor): the input tensor, at least 2-D.
        diagonal (int): the diagonal to consider. Default: ``0``.
    """
    return _tri(TriuBackward0, "triu", input, diagonal)


@torch_args
def tril_(input: Tensor, diagonal: int = 0) -> Tensor:  # noqa: A002
    """In-place version of :func:`tril`; returns ``input``."""
    return _tri(TrilBackward0, "tril", input, diagonal, True)


@torch_args
def triu_(input: Tensor, diagonal: int = 0) -> Tensor:  # noqa: A002
    """In-place version of :func:`triu`; returns ``input``."""
    return _tri(TriuBackward0, "triu", input, diagonal, True)

