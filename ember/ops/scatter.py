"""gather and the scatter family: scatter (a src tensor or a value, torch's deprecated ``reduce=``),
scatter_add, scatter_reduce (sum, prod, mean, amax, amin; ``include_self``), take_along_dim.

Every op indexes along one dim with an index tensor shaped like the result: element ``index[i][j]``
of a 2-D gather along dim 0 reads ``self[index[i][j]][j]``. ``_dim_key`` turns the index into the
NumPy key that reads or writes those elements; a 0-d tensor is computed as a one-element row.
"""
from __future__ import annotations

import warnings

import numpy as np

from .._errors import broadcast_error
from .._graph import NO_RECORD
from .._tensor import Tensor, wrap_dim
from ._both import both, np_dtype
from ._inplace import apply_inplace, deferred_error
from ._op import Op
from . import index_ops as _index_ops, indexing as _indexing
from ._parser import torch_args
from ._record import apply

__all__ = ["gather", "scatter", "scatter_", "scatter_add", "scatter_add_", "scatter_reduce", "scatter_reduce_",
           "take_along_dim", "index_select", "index_add", "index_add_", "take"]


def _dim_key(index: np.ndarray, dim: int) -> tuple:
    """The advanced-index key of the elements ``index`` names along ``dim`` (the others' positions
    are the index's own)."""
    key = list(np.ix_(*[np.arange(n) for n in index.shape]))
    key[dim] = index
    return tuple(key)


def _row(a: np.ndarray) -> np.ndarray:
    return a.reshape(a.shape or (1,))


def _fit(src: np.ndarray, index: np.ndarray) -> np.ndarray:
    """src cut to the index's shape: torch reads only its first ``index.size(d)`` elements of each dim."""
    s = _row(src)
    return s if s.shape == (index.shape or (1,)) else s[tuple(slice(0, n) for n in (index.shape or (1,)))]


def _check_src_grad(ctx, name: str, k: int, src_shape: tuple | None = None) -> None:
    """torch's scatter formulas give src a gradient of the index's shape, which its engine refuses
    when src is larger: the same error here."""
    shape = tuple(src_shape) if src_shape is not None else tuple(ctx._in_meta[k][0]) if ctx._in_meta[k] else None
    if shape is not None and not _expandable(shape, ctx.index.shape):
        raise RuntimeError(f"Function {name} returned an invalid gradient at index {k} - got {list(ctx.index.shape)} "
                           f"but expected shape compatible with {list(shape)}")


def _expandable(shape: tuple, to: tuple) -> bool:
    try:
        return np.broadcast_shapes(shape, to) == tuple(to)
    except ValueError:
        return False


def _check_broadcast(a: tuple, b: tuple) -> None:
    """torch's broadcasting error for shapes ``a`` and ``b``."""
    a, b = tuple(a), tuple(b)
    n = max(len(a), len(b))
    for k in range(1, n + 1):
        x, y = (a[-k] if k <= len(a) else 1), (b[-k] if k <= len(b) else 1)
        if x != y and x != 1 and y != 1:
            raise RuntimeError(f"The size of tensor a ({x}) must match the size of tensor b ({y}) at non-singleton "
                               f"dimension {n - k}")


class GatherBackward0(Op):
    __slots__ = ("dim", "index", "shape")
    _param_names = ("dim",)
    _saved_names = ("self",)      # torch saves self (so changing it in place breaks backward, as torch's)

    @staticmethod
    def forward(ctx, a, dim, index):
        ctx.dim, ctx.index, ctx.shape = dim, index, a.shape
        ctx.save(a)
        if index.size == 0:
            return np.zeros(index.shape, dtype=a.dtype)
        return _row(a)[_dim_key(_row(index), dim)].reshape(index.shape)

    def backward(ctx, g, xp):
        a, = xp.saved(ctx)
        if ctx.index.size == 0:
            wrap_dim(ctx.dim, max(len(ctx.shape), 1))    # torch's backward checks the dim its forward did not
            return (xp.zeros_like(a),)
        zeros = np.zeros(ctx.shape, dtype=np_dtype(g))
        return (both(xp, ScatterAddBackward0, (zeros, g), ctx.dim, ctx.index),)


class ScatterAddBackward0(Op):
    __slots__ = ("dim", "index")
    _param_names = ("dim",)

    @staticmethod
    def forward(ctx, a, src, dim, index):
        ctx.dim, ctx.index = dim, index
        r = _row(a).copy()
        np.add.at(r, _dim_key(_row(index), dim), _fit(src, index))
        return r.reshape(a.shape)

    def backward(ctx, g, xp):
        _check_src_grad(ctx, "ScatterAddBackward0", 1)
        return g, both(xp, GatherBackward0, (g,), ctx.dim, ctx.index)


class ScatterBackward0(Op):
    """scatter of a src tensor (repeated indices: the last write wins)."""
    __slots__ = ("dim", "index")
    _param_names = ("dim",)

    @staticmethod
    def forward(ctx, a, src, dim, index):
        ctx.dim, ctx.index = dim, index
        r = _row(a).copy()
        r[_dim_key(_row(index), dim)] = _fit(src, index)
        return r.reshape(a.shape)

    def backward(ctx, g, xp):
        _check_src_grad(ctx, "ScatterBackward0", 1)
        return (both(xp, ScatterBackward1, (g,), ctx.dim, ctx.index, 0),
                both(xp, GatherBackward0, (g,), ctx.dim, ctx.index))


class ScatterBackward1(Op):
    """scatter of a number."""
    __slots__ = ("dim", "index")
    _param_names = ("dim",)

    @staticmethod
    def forward(ctx, a, dim, index, value):
        ctx.dim, ctx.index = dim, index
        r = _row(a).copy()
        r[_dim_key(_row(index), dim)] = value
        return r.reshape(a.shape)

    def backward(ctx, g, xp):
        return (both(xp, ScatterBackward1, (g,), ctx.dim, ctx.index, 0),)


class NotImplemented(Op):  # noqa: A001  (torch's name for a node whose derivative is not implemented)
    """scatter with the deprecated ``reduce=`` ('add', 'multiply'): torch has no derivative for it."""
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, src, dim, index, value, reduce):
        r = _row(a).copy()
        ufunc = np.add if reduce == "add" else np.multiply
        ufunc.at(r, _dim_key(_row(index), dim), value if src is None else _fit(src, index))
        return r.reshape(a.shape)

    def name(self) -> str:
        return "torch::autograd::NotImplemented"

    def backward(ctx, g, xp):
        raise RuntimeError("derivative for aten::scatter is not implemented")


_REDUCE_UFUNC = {"sum": np.add, "mean": np.add, "prod": np.multiply, "amax": np.fmax, "amin": np.fmin}
_IDENTITY = {"sum": 0, "mean": 0, "prod": 1, "amax": -np.inf, "amin": np.inf}
_ALIASES = {"max": "amax", "min": "amin"}    # torch's forward takes these too; its backward refuses them


class ScatterReduceBackward0(Op):
    __slots__ = ("dim", "index", "reduce", "include_self")
    _param_names = ("dim", "reduce", "include_self")
    _saved_names = ("self", "src", "result")

    @staticmethod
    def forward(ctx, a, src, dim, index, reduce, include_self):
        ctx.dim, ctx.index, ctx.reduce, ctx.include_self = dim, index, reduce, include_self
        reduce = _ALIASES.get(reduce, reduce)
        r = _row(a).copy()
        key = _dim_key(_row(index), dim)
        s = _fit(src, index)
        if not include_self:
            ident = _IDENTITY[reduce]
            if r.dtype.kind in "iu" and reduce in ("amax", "amin"):
                ident = np.iinfo(r.dtype).min if reduce == "amax" else np.iinfo(r.dtype).max
            elif r.dtype.kind == "b" and reduce in ("amax", "amin"):
                ident = reduce == "amin"
            r[key] = ident
        if reduce in ("amax", "amin"):      # NaN wins, as torch's max/min
            nan = np.zeros(r.shape, dtype=bool)
            if r.dtype.kind == "f":
                np.logical_or.at(nan, key, np.isnan(s))
                nan |= np.isnan(r)
            _REDUCE_UFUNC[reduce].at(r, key, s)
            if r.dtype.kind == "f":
                r[nan] = np.nan
        else:
            _REDUCE_UFUNC[reduce].at(r, key, s)
        if reduce == "mean":
            count = np.zeros(r.shape, dtype=np.int64)
            np.add.at(count, key, 1)
            count += 1 if include_self else 0
            count = np.maximum(count, 1)
            r = r // count if r.dtype.kind in "iub" else r / count.astype(r.dtype)
            r = r.astype(a.dtype)
        r = r.reshape(a.shape)
        ctx.save(a, src, r)
        return r

    def backward(ctx, g, xp):
        a, src, r = xp.saved(ctx)
        if ctx.reduce in _ALIASES:
            raise RuntimeError(f"Expected 'reduce' to be one of 'sum', 'prod', 'mean', 'amax', 'amin' but got "
                               f"{ctx.reduce}.")
        if ctx.reduce in ("amax", "amin", "prod"):
            _check_broadcast(src.shape, ctx.index.shape)    # torch's formula compares src with the gathered result
        _check_src_grad(ctx, "ScatterReduceBackward0", 1, src.shape)
        dim, index, reduce, include_self = ctx.dim, ctx.index, ctx.reduce, ctx.include_self
        gather = lambda t: both(xp, GatherBackward0, (t,), dim, index)     # noqa: E731
        dt = np_dtype(g)
        if reduce == "sum":
            grad_self, grad_src = g, gather(g)
        elif reduce == "mean":
            n = np.full(g.shape, 1 if include_self else 0, dtype=dt)
            n = ScatterAddBackward0.forward(NO_RECORD, n, np.ones(index.shape, dtype=dt), dim, index)
            n[n == 0] = 1
            grad_self, grad_src = g / xp.constant(n), gather(g) / xp.constant(gather_array(n, dim, index))
        elif reduce == "prod":
            grad_self, grad_src = _prod_grads(xp, g, a, src, r, dim, index, include_self)
        else:
            value = gather(r)
            self_is = xp.cast(a == r, dt)
            src_is = xp.cast(src == value, dt)
            spread = g / both(xp, ScatterAddBackward0, (self_is, src_is), dim, index)
            grad_self, grad_src = self_is * spread, src_is * gather(spread)
        if not include_self:
            grad_self = both(xp, ScatterBackward1, (grad_self,), dim, index, 0)
        return grad_self, grad_src


def gather_array(a: np.ndarray, dim: int, index: np.ndarray) -> np.ndarray:
    """gather on arrays (a formula's constants)."""
    return GatherBackward0.forward(NO_RECORD, a, dim, index)


def _prod_grads(xp, g, a, src, r, dim, index, include_self):
    """scatter_reduce(prod)'s gradients, as torch's: zeros in self or src are masked to one and the
    product recomputed without them, so a single zero gets the product of the others."""
    dt = np_dtype(g)
    gather = lambda t: both(xp, GatherBackward0, (t,), dim, index)     # noqa: E731
    reduce_ = lambda s, t: both(xp, ScatterReduceBackward0, (s, t), dim, index, "prod", include_self)  # noqa: E731
    a_arr = a._data if xp.tensor_mode else a
    s_arr = src._data if xp.tensor_mode else src
    masked_self = xp.where(xp.constant(a_arr == 0), 1.0, a)
    grad_self = g * reduce_(masked_self, src) / masked_self
    src_zero = s_arr == 0
    zeros_count = ScatterAddBackward0.forward(NO_RECORD, np.zeros(a_arr.shape, dtype=dt), src_zero.astype(dt), dim,
                                              index)
    single = src_zero & (gather_array(zeros_count, dim, index) == 1)
    masked_src = xp.where(xp.constant(single), 1.0, src)
    grad_src = xp.where(xp.constant(single), gather(g * reduce_(a, masked_src)),
                        gather(g * r) / xp.where(xp.constant(src_zero), 1.0, src))
    return grad_self, grad_src


# ----------------------------------------------------------------------------------------------
def _nonempty_dim(t: np.ndarray) -> int:
    return max(t.ndim, 1)


def _check_index(name: str, index) -> np.ndarray:
    if not isinstance(index, Tensor):
        raise TypeError(f"{name}(): argument 'index' (position 2) must be Tensor, not {type(index).__name__}")
    i = index._data
    if i.size and i.dtype != np.int64 and i.dtype != np.int32:    # torch skips an empty index's dtype
        raise RuntimeError(f"{name}(): Expected dtype int32/int64 for index")
    return i.astype(np.int64)


def _check_bounds(index: np.ndarray, dim: int, size: int) -> None:
    bad = (index < 0) | (index >= size)
    if bad.any():
        raise RuntimeError(f"index {int(index[bad].flat[0])} is out of bounds for dimension {dim} with size {size}")


def _prepare(name: str, input: Tensor, dim: int, index, src=None, gathering: bool = False,  # noqa: A002
             bounds: bool = True):
    """Checks shared by gather and the scatters, torch's messages; returns (dim, index array, src).
    ``bounds=False``: the in-place forms check the index bounds later (``_bounds_error``)."""
    if not isinstance(index, Tensor):
        _check_index(name, index)           # (the argument's type first, then the dim, then the index's dtype)
    d = input._data
    dim = wrap_dim(dim, d.ndim)
    i = _check_index(name, index)
    if src is not None and src._data.dtype != d.dtype:
        raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
    if i.size == 0:
        return dim, i, src
    what = "input" if gathering else "self"
    if _nonempty_dim(i) != _nonempty_dim(d):
        raise RuntimeError(f"Index tensor must have the same number of dimensions as {what} tensor")
    if src is not None and _nonempty_dim(i) != _nonempty_dim(src._data):
        raise RuntimeError("Index tensor must have the same number of dimensions as src tensor")
    ishape, dshape = i.shape or (1,), d.shape or (1,)
    for k in range(len(ishape)):
        if k == dim:
            continue
        if ishape[k] > dshape[k]:
            if gathering:
                raise RuntimeError(f"Size does not match at dimension {k} expected index {list(i.shape)} to be no "
                                   f"larger than self {list(d.shape)} apart from dimension {dim}")
            raise _scatter_shape_error(i, d, dim, src)
    if src is not None:
        sshape = src._data.shape or (1,)
        if any(ishape[k] > sshape[k] for k in range(len(ishape))):
            raise _scatter_shape_error(i, d, dim, src)
    if bounds:
        _check_bounds(i, dim, dshape[dim])
    return dim, i, src


def _bounds_error(input: Tensor, dim: int, i: np.ndarray, error: Exception | None = None) -> Exception | None:  # noqa: A002
    """``error``, else the index-bounds error: torch's scatter kernels check the bounds after the
    memory-overlap check (an expanded ``self`` is refused first)."""
    if error is not None or not i.size:
        return error
    return deferred_error(_check_bounds, i, dim, (input._data.shape or (1,))[dim])


def _scatter_shape_error(i, d, dim, src) -> RuntimeError:
    tail = "" if src is None else f" and to be no larger size than src {list(src._data.shape)}"
    return RuntimeError(f"Expected index {list(i.shape)} to be no larger than self {list(d.shape)} apart from "
                        f"dimension {dim}{tail}")


@torch_args
def gather(input: Tensor, dim: int, index: Tensor, *, sparse_grad: bool = False) -> Tensor:  # noqa: A002
    """Gather values along the axis ``dim``: ``out[i][j] = input[index[i][j]][j]`` for ``dim=0`` (2-D).

    ``index`` has as many dimensions as ``input`` and is no larger than it apart from ``dim``; the result has
    ``index``'s shape. The gradient is scatter-added back, so repeated indices accumulate.

    Args:
        input (Tensor): the source tensor.
        dim (int): the axis along which to index.
        index (LongTensor): the indices of elements to gather.

    Keyword args:
        sparse_grad (bool): accepted for compatibility; the gradient is always dense.
    """
    if isinstance(index, Tensor) and index._data.size == 0 and isinstance(dim, int):
        # torch returns an empty index's gather before it checks the dim or the index's dtype
        return apply(GatherBackward0, (input,), (input._data,), dim, index._data)
    dim, i, _ = _prepare("gather", input, dim, index, gathering=True)
    return apply(GatherBackward0, (input,), (input._data,), dim, i)


def _scatter_args(input, dim, index, src, value, reduce, name, inplace=False):  # noqa: A002
    """(dim, index array, src, value, error): ``error`` is the in-place form's refusal torch's kernel
    makes after the memory-overlap check (a bad ``reduce``, an index out of bounds), else None."""
    if src is not None and value is not None:
        raise TypeError(f"{name}() received an invalid combination of arguments: both src and value given")
    operand = src if src is not None else value
    if operand is None:
        raise TypeError(f"{name}() missing required argument 'src' or 'value'")
    error = None
    if reduce is not None and reduce not in ("add", "multiply"):
        error = RuntimeError("reduce argument must be either add or multiply.")
        if not inplace:
            raise error
    if isinstance(operand, Tensor):
        if reduce is not None:
            warnings.warn("The reduce argument of torch.scatter with Tensor src is deprecated and will be removed in "
                          "a future PyTorch release. Use torch.scatter_reduce instead for more reduction options.",
                          UserWarning, stacklevel=5)  # (user code <- the parser wrapper <- scatter)
        dim, i, src = _prepare("scatter", input, dim, index, operand, bounds=not inplace)
        value = None
    else:
        dim, i, _ = _prepare("scatter", input, dim, index, bounds=not inplace)
        src, value = None, operand
    return dim, i, src, value, _bounds_error(input, dim, i, error) if inplace else None


@torch_args
def scatter(input: Tensor, dim: int, index: Tensor, src=None, value=None, *, reduce: str | None = None) -> Tensor:  # noqa: A002
    """Out-of-place :meth:`Tensor.scatter_`: a copy of ``input`` with ``src`` (a tensor, or a number ``value``)
    written at the positions ``index`` names along ``dim`` (``out[index[i][j]][j] = src[i][j]`` for ``dim=0``).

    Where ``index`` repeats a position, the last write wins. ``input`` gets the gradient everywhere except at
    the written positions; ``src`` gets the gradient gathered from them. The deprecated ``reduce`` ('add' or
    'multiply') combines instead of writing, and has no derivative (as in torch).

    Args:
        input (Tensor): the input tensor.
        dim (int): the axis along which to index.
        index (LongTensor): the indices of the elements to scatter; no larger than ``src`` and than ``input``
            apart from ``dim``.
        src (Tensor or float): the source elements (or a number, as ``value``).
        value (float): the number to write, when no ``src`` is given.

    Keyword args:
        reduce (str, optional): 'add' or 'multiply'.
    """
    dim, i, src, value, _ = _scatter_args(input, dim, index, src, value, reduce, "scatter")
    return _scatter_apply(apply, input, dim, i, src, value, reduce)


@torch_args
def scatter_(input: Tensor, dim: int, index: Tensor, src=None, value=None, *, reduce: str | None = None) -> Tensor:  # noqa: A002
    """In-place version of :func:`scatter`; returns ``input``."""
    dim, i, src, value, error = _scatter_args(input, dim, index, src, value, reduce, "scatter_", inplace=True)
    return _scatter_apply(lambda cls, ts, arrs, *p: apply_inplace(cls, input, ts, arrs, *p, kernel_error=error),
                          input, dim, i, src, value, reduce)


def _scatter_apply(run, input, dim, i, src, value, reduce):  # noqa: A002
    d = input._data
    if reduce is not None:
        return run(NotImplemented, (input, src), (d, None if src is None else src._data), dim, i, value, reduce)
    if src is None:
        return run(ScatterBackward1, (input,), (d,), dim, i, value)
    return run(ScatterBackward0, (input, src), (d, src._data), dim, i)


@torch_args
def scatter_add(input: Tensor, dim: int, index: Tensor, src: Tensor) -> Tensor:  # noqa: A002
    """Out-of-place :meth:`Tensor.scatter_add_`: ``input`` with ``src`` added at the positions ``index``
    names along ``dim``; repeated positions accumulate.

    Args:
        input (Tensor): the input tensor.
        dim (int): the axis along which to index.
        index (LongTensor): the indices of the elements to scatter and add.
        src (Tensor): the source elements.
    """
    dim, i, src = _prepare("scatter_add", input, dim, index, _tensor_src("scatter_add", src))
    return apply(ScatterAddBackward0, (input, src), (input._data, src._data), dim, i)


@torch_args
def scatter_add_(input: Tensor, dim: int, index: Tensor, src: Tensor) -> Tensor:  # noqa: A002
    """In-place version of :func:`scatter_add`; returns ``input``."""
    dim, i, src = _prepare("scatter_add", input, dim, index, _tensor_src("scatter_add_", src), bounds=False)
    return apply_inplace(ScatterAddBackward0, input, (input, src), (input._data, src._data), dim, i,
                         kernel_error=_bounds_error(input, dim, i))


def _tensor_src(name: str, src) -> Tensor:
    if not isinstance(src, Tensor):
        raise TypeError(f"{name}(): argument 'src' (position 3) must be Tensor, not {type(src).__name__}")
    return src


def _reduce_args(input, dim, index, src, reduce, name, inplace=False):  # noqa: A002
    """(dim, index array, src, error), ``error`` as ``_scatter_args``'s."""
    error = None
    if reduce not in ("sum", "prod", "mean", "amax", "amin", "max", "min"):
        error = RuntimeError(f"reduce argument must be either sum, prod, mean, amax or amin, got {reduce}")
        if not inplace:
            raise error
    dim, i, src = _prepare("scatter_reduce", input, dim, index, _tensor_src(name, src), bounds=not inplace)
    return dim, i, src, _bounds_error(input, dim, i, error) if inplace else None


@torch_args
def scatter_reduce(input: Tensor, dim: int, index: Tensor, src: Tensor, reduce: str, *,  # noqa: A002
                   include_self: bool = True) -> Tensor:
    """Reduce all values of ``src`` into ``input`` at the positions ``index`` names along ``dim``.

    ``reduce`` is ``"sum"``, ``"prod"``, ``"mean"``, ``"amax"`` or ``"amin"``; with ``include_self=False`` the
    values of ``input`` at the scattered positions take no part (positions nothing is scattered to keep theirs).
    Gradients as torch's: amax/amin share the gradient evenly among tied maxima, prod handles a single zero.

    Args:
        input (Tensor): the input tensor.
        dim (int): the axis along which to index.
        index (LongTensor): the indices of the elements to scatter and reduce.
        src (Tensor): the source elements.
        reduce (str): the reduction.

    Keyword args:
        include_self (bool): whether the elements of ``input`` are included in the reduction. Default: ``True``.
    """
    dim, i, src, _ = _reduce_args(input, dim, index, src, reduce, "scatter_reduce")
    return apply(ScatterReduceBackward0, (input, src), (input._data, src._data), dim, i, reduce, bool(include_self))


@torch_args
def scatter_reduce_(input: Tensor, dim: int, index: Tensor, src: Tensor, reduce: str, *,  # noqa: A002
                    include_self: bool = True) -> Tensor:
    """In-place version of :func:`scatter_reduce`; returns ``input``."""
    dim, i, src, error = _reduce_args(input, dim, index, src, reduce, "scatter_reduce_", inplace=True)
    return apply_inplace(ScatterReduceBackward0, input, (input, src), (input._data, src._data), dim, i, reduce,
                         bool(include_self), kernel_error=error)


@torch_args
def take_along_dim(input: Tensor, indices: Tensor, dim: int | None = None) -> Tensor:  # noqa: A002
    """Select values from ``input`` at the 1-D positions ``indices`` gives along ``dim`` (NumPy's
    ``take_along_axis``); ``input`` and ``indices`` are broadcast against each other apart from ``dim``.
    Without ``dim``, ``input`` is flattened first.

    Args:
        input (Tensor): the input tensor.
        indices (LongTensor): the indices into ``input``.
        dim (int, optional): the dimension to select along. Default: ``None``, the flattened input.
    """
    if dim is None:     # (torch flattens both and gathers: gather's own dtype check, int32 allowed)
        return gather(input.reshape(-1), 0, indices.reshape(-1))
    if indices._data.dtype != np.int64:
        raise RuntimeError("torch.take_along_dim(): dtype of indices should be Long but got "
                           f"{indices.dtype._legacy[:-6]}")
    d, i = input._data, indices._data
    if d.ndim != i.ndim:
        raise RuntimeError("torch.take_along_dim(): input and indices should have the same number of dimensions, "
                           f"but got {d.ndim} dimensions for input, and {i.ndim} dimensions for indices")
    dim = wrap_dim(dim, d.ndim)
    a_shape, b_shape = d.shape[:dim] + (1,) + d.shape[dim + 1:], i.shape[:dim] + (1,) + i.shape[dim + 1:]
    try:
        ishape = list(np.broadcast_shapes(a_shape, b_shape))
    except ValueError:
        raise broadcast_error(a_shape, b_shape) from None
    ishape[dim] = i.shape[dim]
    sshape = list(ishape)
    sshape[dim] = d.shape[dim]
    src = input if list(d.shape) == sshape else input.expand(sshape)
    idx = indices if list(i.shape) == ishape else indices.expand(ishape)
    return gather(src, dim, idx)


# index_select (ops/indexing.py), index_add and take (ops/index_ops.py) behind torch's parser, as the exports
# (ember.<name>, Tensor.<name>) see them; ember's own callers keep the unchecked functions
index_select = torch_args(_indexing.index_select)
index_add = torch_args(_index_ops.index_add)
index_add_ = torch_args(_index_ops.index_add_)
take = torch_args(_index_ops.take)
