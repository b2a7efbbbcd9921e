"""Indexing along one dim or through a mask: index_add, index_copy, index_fill, index_put,
masked_select, masked_scatter, take, put, argwhere.

``index_*`` ops address whole slices along ``dim`` (``(slice(None),) * dim + (index,)``), take and
put the flattened tensor; masked ops the positions where a broadcast bool mask is True.
"""
from __future__ import annotations

import numpy as np

from .._tensor import Tensor, make, wrap_dim
from ._both import both, np_dtype
from ._inplace import apply_inplace, deferred_error
from ._op import Op
from ._record import apply
from .indexing import (IndexPutBackward0, IndexSelectBackward0, _expand_bool, _normalize_key, _one_bool_mask,
                       _refuse_byte_fill, _warn_bytes, nonzero)

__all__ = ["index_add", "index_add_", "index_copy", "index_copy_", "index_fill", "index_fill_", "index_put",
           "index_put_", "masked_select", "masked_scatter", "masked_scatter_", "take", "put", "put_", "argwhere"]


def _slices(dim: int, index: np.ndarray) -> tuple:
    return (slice(None),) * dim + (index,)


def _rows(a: np.ndarray) -> np.ndarray:
    return a.reshape(a.shape or (1,))


class IndexAddBackward0(Op):
    __slots__ = ("dim", "index", "alpha")
    _param_names = ("dim", "alpha")
    _saved_names = ("source",)    # torch saves source (its version is checked in backward)

    @staticmethod
    def forward(ctx, a, source, dim, index, alpha):
        ctx.dim, ctx.index, ctx.alpha = dim, index, alpha
        ctx.save(source)
        r = _rows(a).copy()
        np.add.at(r, _slices(dim, index), _rows(source) * alpha if alpha != 1 else _rows(source))
        return r.reshape(a.shape)

    def backward(ctx, g, xp):
        xp.saved(ctx)
        picked = _index_select(xp, g, ctx.dim, ctx.index)
        return g, (picked * ctx.alpha if ctx.alpha != 1 else picked)


def _index_select(xp, g, dim, index):
    """``g.index_select(dim, index)`` in the formula's world (a 0-d ``g`` as a one-element row)."""
    if g.ndim == 0:
        g = xp.reshape(g, (1,))
    return both(xp, IndexSelectBackward0, (g,), dim, index)


class IndexCopyBackward0(Op):
    __slots__ = ("dim", "index")
    _param_names = ("dim",)
    _saved_names = ("source",)

    @staticmethod
    def forward(ctx, a, source, dim, index):
        ctx.dim, ctx.index = dim, index
        ctx.save(source)
        r = _rows(a).copy()
        r[_slices(dim, index)] = _rows(source)
        return r.reshape(a.shape)

    def backward(ctx, g, xp):
        xp.saved(ctx)
        return (both(xp, IndexFillBackward0, (g,), ctx.dim, ctx.index, 0),
                _index_select(xp, g, ctx.dim, ctx.index))


# torch's index_fill_ writes into an expanded tensor (its backward then raises), with a deprecation warning
_INDEX_FILL_EXPANDED = ("Use of index_fill_ on expanded tensors is deprecated. Please clone() the tensor before "
                        "performing this operation. This also applies to advanced indexing e.g. tensor[mask] = scalar")


class IndexFillBackward0(Op):
    """index_fill with a number."""
    __slots__ = ("dim", "index")
    _param_names = ("dim",)
    allows_overlap = True
    expanded_warning = _INDEX_FILL_EXPANDED

    @staticmethod
    def forward(ctx, a, dim, index, value):
        ctx.dim, ctx.index = dim, index
        r = np.copy(_rows(a), order="K")       # torch's clone keeps the layout
        r[_slices(dim, index)] = value
        return r.reshape(a.shape)

    def backward(ctx, g, xp):
        return (both(xp, IndexFillBackward0, (g,), ctx.dim, ctx.index, 0),)


class IndexFillBackward1(Op):
    """index_fill with a 0-d tensor, which gets the sum of the filled positions' gradients."""
    __slots__ = ("dim", "index")
    _param_names = ("dim",)
    allows_overlap = True
    expanded_warning = _INDEX_FILL_EXPANDED

    @staticmethod
    def forward(ctx, a, value, dim, index):
        ctx.dim, ctx.index = dim, index
        r = np.copy(_rows(a), order="K")
        r[_slices(dim, index)] = value
        return r.reshape(a.shape)

    def backward(ctx, g, xp):
        # each filled slice once, however often the index names it
        return (both(xp, IndexFillBackward0, (g,), ctx.dim, ctx.index, 0),
                xp.sum(_index_select(xp, g, ctx.dim, np.unique(ctx.index))))


class MaskedSelectBackward0(Op):
    __slots__ = ("shape", "key")
    _saved_names = ("self",)

    @staticmethod
    def forward(ctx, a, mask):
        ctx.save(a)
        shape = np.broadcast_shapes(a.shape, mask.shape) or (1,)     # 0-d: as one element (np.nonzero refuses 0-d)
        m = np.broadcast_to(mask, shape)
        ctx.shape, ctx.key = shape, np.nonzero(m)
        return np.broadcast_to(a, shape)[m]

    def backward(ctx, g, xp):
        xp.saved(ctx)
        zeros = np.zeros(ctx.shape, dtype=np_dtype(g))     # torch's: zeros masked_scatter'ed with g
        mask = np.zeros(ctx.shape, dtype=bool)
        mask[ctx.key] = True
        return (both(xp, MaskedScatterBackward0, (zeros, g), mask),)   # the engine sums it to the input's shape


class MaskedScatterBackward0(Op):
    __slots__ = ("mask", "source_shape")

    @staticmethod
    def forward(ctx, a, source, mask):
        m = np.broadcast_to(mask, np.broadcast_shapes(a.shape, mask.shape))
        ctx.mask, ctx.source_shape = m, source.shape
        r = np.array(np.broadcast_to(a, m.shape), order="C")
        n = int(m.sum())
        r[m] = source.reshape(-1)[:n]
        return r

    def backward(ctx, g, xp):
        m = ctx.mask
        picked = g[m] if not xp.tensor_mode else g[make(m)]
        size = int(np.prod(ctx.source_shape, dtype=np.int64))
        flat = xp.embed(picked, (size,), (slice(0, int(m.sum())),))
        return xp.where(m, 0.0, g), xp.reshape(flat, ctx.source_shape)


class TakeBackward0(Op):
    __slots__ = ("shape", "index")
    _saved_names = ("self",)

    @staticmethod
    def forward(ctx, a, index):
        ctx.shape, ctx.index = a.shape, index
        ctx.save(a)
        r = np.asarray(a.reshape(-1)[index])        # a 0-d index gives a 0-d result (ascontiguousarray: 1-d)
        return r if r.flags.c_contiguous else np.ascontiguousarray(r)

    def backward(ctx, g, xp):
        xp.saved(ctx)
        zeros = np.zeros(ctx.shape, dtype=np_dtype(g))     # torch's: zeros put_ with g, accumulating
        return (both(xp, PutBackward0, (zeros, g), ctx.index, True),)


class PutBackward0(Op):
    __slots__ = ("index", "accumulate", "source_shape")
    _param_names = ("accumulate",)
    _saved_names = ("source",)

    @staticmethod
    def forward(ctx, a, source, index, accumulate):
        ctx.index, ctx.accumulate, ctx.source_shape = index, accumulate, source.shape
        ctx.save(source)
        r = np.copy(a, order="K")      # torch's clone keeps the layout; the index counts in C order
        target = r.reshape(1) if r.ndim == 0 else r      # (a view of r)
        key = np.unravel_index(index.reshape(-1), target.shape)
        if accumulate:
            np.add.at(target, key, source.reshape(-1))
        else:
            target[key] = source.reshape(-1)
        return r

    def backward(ctx, g, xp):
        xp.saved(ctx)
        taken = xp.reshape(both(xp, TakeBackward0, (g,), ctx.index), ctx.source_shape)
        if ctx.accumulate:
            return g, taken
        hit = np.zeros(g.shape, dtype=bool)
        hit.reshape(-1)[ctx.index.reshape(-1)] = True
        return xp.where(hit, 0.0, g), taken


# ----------------------------------------------------------------------------------------------
def _dtype_name(t: Tensor) -> str:
    return t.dtype._legacy[:-6]


def _vector(name: str, index) -> np.ndarray:
    if not isinstance(index, Tensor):
        raise TypeError(f"{name}(): argument 'index' (position 2) must be Tensor, not {type(index).__name__}")
    return index._data


def _index_add_args(input, dim, index, source, inplace=False):  # noqa: A002
    """(dim, flat index, error): the in-place form's bounds error, which torch's kernel raises after the
    memory-overlap check (the other checks come first)."""
    i = _vector("index_add", index)
    d = input._data
    dim = wrap_dim(dim, d.ndim)
    if i.ndim > 1:
        raise IndexError(f"index_add_(): Index is supposed to be a vector, but got dim: {i.ndim} with type: "
                         f"{_dtype_name(index)} and size: {list(i.shape)}")
    if i.dtype not in (np.int64, np.int32):
        raise RuntimeError(f"index_add_(): Expected dtype int32/int64 for index but got: {_dtype_name(index)}")
    if source._data.dtype != d.dtype:
        raise RuntimeError(f"index_add_(): self ({_dtype_name(input)}) and source ({_dtype_name(source)}) must have "
                           "the same scalar type")
    s = source._data
    ds, ss = d.shape or (1,), s.shape or (1,)
    # the dims as given (a 0-d self takes a 0-d source only, as torch), then each size but dim's
    if d.ndim != s.ndim or any(a != b for k, (a, b) in enumerate(zip(ds, ss)) if k != dim):
        raise RuntimeError("source tensor shape must match self tensor shape, excluding the specified dimension. Got "
                           f"self.shape = {list(d.shape)} source.shape = {list(s.shape)}")
    if i.size != ss[dim]:
        raise RuntimeError(f"index_add_(): Number of indices ({i.size}) should be equal to source.size(dim): "
                           f"({ss[dim]}), for dim: {dim}")
    error = deferred_error(_bounds, i, dim, ds[dim], "", False, RuntimeError)
    if error is not None and d.ndim <= 1:
        error = IndexError("index out of range in self")    # torch's kernel for a 0-d or 1-D self
    if error is not None and not inplace:
        raise error
    return dim, i.reshape(-1).astype(np.int64), error


def _bounds(i: np.ndarray, dim: int, size: int, prefix: str, wrap: bool = False, error=IndexError) -> np.ndarray:
    lo = -size if wrap else 0
    bad = (i < lo) | (i >= size)
    if bad.any():
        raise error(f"{prefix}index {int(i[bad].flat[0])} is out of bounds for dimension {dim} with size {size}")
    return np.where(i < 0, i + size, i) if wrap else i


def index_add(input: Tensor, dim: int, index: Tensor, source: Tensor, *, alpha=1) -> Tensor:  # noqa: A002
    """Out-of-place :meth:`Tensor.index_add_`: ``input`` with ``alpha * source`` added to the slices of
    ``dim`` that ``index`` names (``out[index[i]] += alpha * source[i]`` along dim 0); repeats accumulate.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension along which to index.
        index (Tensor): the 1-D indices of ``source`` to select from.
        source (Tensor): the tensor containing the values to add.

    Keyword args:
        alpha (Number): the scalar multiplier for ``source``.
    """
    dim, i, _ = _index_add_args(input, dim, index, source)
    return apply(IndexAddBackward0, (input, source), (input._data, source._data), dim, i, alpha)


def index_add_(input: Tensor, dim: int, index: Tensor, source: Tensor, *, alpha=1) -> Tensor:  # noqa: A002
    """In-place version of :func:`index_add`; returns ``input``."""
    dim, i, error = _index_add_args(input, dim, index, source, inplace=True)
    return apply_inplace(IndexAddBackward0, input, (input, source), (input._data, source._data), dim, i, alpha,
                         kernel_error=error)


def _index_copy_args(input, dim, index, source):  # noqa: A002
    _vector("index_copy", index)
    dim = wrap_dim(dim, input._data.ndim)
    return dim, _index_copy_checks(input, dim, index, source)


def _index_copy_checks(input, dim, index, source):  # noqa: A002
    """index_copy's checks, torch's messages (its kernel's: the in-place form makes them after the
    memory-overlap check); returns the flat index."""
    i, d, s = index._data, input._data, source._data
    if i.ndim > 1:
        raise IndexError(f"index_copy_(): Index should have dimension 1 or 0 (got {i.ndim})")
    if s.ndim == 0 and i.size != 1:
        raise IndexError(f"index_copy_(): When source is scalar, index should have one element (got {i.size})")
    if s.ndim != d.ndim and s.ndim and d.ndim:
        raise IndexError("index_copy_(): When source and destination are not scalars, their dimensionality must "
                         f"match. Source dimensionality ({s.ndim}), destination dimensionality ({d.ndim})")
    if i.dtype != np.int64:
        raise RuntimeError(f"index_copy_(): Expected a long tensor for index, but got {_dtype_name(index)}")
    if s.dtype != d.dtype:
        raise RuntimeError("index_copy_(): self and source expected to have the same dtype, but got (self) "
                           f"{_dtype_name(input)} and (source) {_dtype_name(source)}")
    # torch compares the shapes with dim left out (a 0-d shape stays empty) and prints them space-separated
    dslice = [n for k, n in enumerate(d.shape) if k != dim]
    sslice = [n for k, n in enumerate(s.shape) if k != dim]
    if dslice != sslice:
        raise RuntimeError("index_copy_(): Source/destination tensor must have same slice shapes. Destination slice "
                           f"shape: {' '.join(map(str, dslice))} at dimension {dim} and source slice shape: "
                           f"{' '.join(map(str, sslice))} at dimension 0.")
    ds = d.shape or (1,)
    n = s.shape[dim] if s.ndim else 1
    if s.ndim and i.size != n:
        raise IndexError(f"index_copy_(): Number of indices ({i.size}) should be equal to source.size(dim) ({n})")
    _bounds(i, dim, ds[dim], "index_copy_(): ")
    return i.reshape(-1)


def index_copy(input: Tensor, dim: int, index: Tensor, source: Tensor) -> Tensor:  # noqa: A002
    """Out-of-place :meth:`Tensor.index_copy_`: ``input`` with the slices of ``dim`` that ``index`` names
    replaced by those of ``source``. The replaced positions get no gradient; ``source`` gets theirs.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension along which to index.
        index (LongTensor): the 1-D indices of the slices to copy into.
        source (Tensor): the tensor to copy from.
    """
    dim, i = _index_copy_args(input, dim, index, source)
    return apply(IndexCopyBackward0, (input, source), (input._data, source._data), dim, i)


def index_copy_(input: Tensor, dim: int, index: Tensor, source: Tensor) -> Tensor:  # noqa: A002
    """In-place version of :func:`index_copy`; returns ``input``."""
    _vector("index_copy", index)
    dim = wrap_dim(dim, input._data.ndim)
    error = deferred_error(_index_copy_checks, input, dim, index, source)
    i = index._data.reshape(-1) if error is None else None
    return apply_inplace(IndexCopyBackward0, input, (input, source), (input._data, source._data), dim, i,
                         kernel_error=error)


def _index_fill_front(index, value) -> np.ndarray:
    """index_fill_'s checks before its expanded-tensor warning, in torch's order; the index array."""
    i = _vector("index_fill", index)
    if isinstance(value, Tensor) and value._data.ndim:
        raise RuntimeError("index_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                           f"{value._data.ndim} dimension(s).")
    if i.dtype != np.int64:
        raise IndexError("index_fill_(): Expected dtype int64 for index.")
    return i


def _index_fill_rest(input, dim, i):  # noqa: A002
    """The checks after the warning (the dim, the index's rank, then its bounds, in the kernel); (dim, flat index)."""
    d = input._data
    dim = wrap_dim(dim, d.ndim)
    if i.ndim > 1:
        raise RuntimeError("Index has to be a vector/scalar")
    return dim, _bounds(i.reshape(-1), dim, (d.shape or (1,))[dim], "", wrap=True)


def _index_fill(run, input, dim, index, value, inplace=False):  # noqa: A002
    i = _index_fill_front(index, value)
    error = None
    try:
        dim, i = _index_fill_rest(input, dim, i)
    except (RuntimeError, IndexError) as e:
        if not inplace:
            raise
        error = e      # torch warns of an expanded self (apply_inplace's overlap check) before these
    d = input._data
    if isinstance(value, Tensor):
        return run(IndexFillBackward1, (input, value), (d, value._data.astype(d.dtype)), dim, i, error)
    return run(IndexFillBackward0, (input,), (d,), dim, i, value, error)


def index_fill(input: Tensor, dim: int, index: Tensor, value) -> Tensor:  # noqa: A002
    """Out-of-place :meth:`Tensor.index_fill_`: ``input`` with the slices of ``dim`` that ``index`` names
    filled with ``value`` (a number, or a 0-d tensor, which then gets the sum of their gradients).

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension along which to index.
        index (LongTensor): the indices of the slices to fill; negative ones count from the end.
        value (Number or Tensor): the value to fill with.
    """
    return _index_fill(lambda cls, ts, arrs, *p: apply(cls, ts, arrs, *p[:-1]), input, dim, index, value)


def index_fill_(input: Tensor, dim: int, index: Tensor, value) -> Tensor:  # noqa: A002
    """In-place version of :func:`index_fill`; returns ``input``."""
    return _index_fill(lambda cls, ts, arrs, *p: apply_inplace(cls, input, ts, arrs, *p[:-1], kernel_error=p[-1]),
                       input, dim, index, value, inplace=True)


def _index_put_args(input, indices, values, accumulate=False):  # noqa: A002
    if not isinstance(indices, (tuple, list)):
        raise TypeError(f"index_put(): argument 'indices' (position 1) must be tuple of Tensors, not "
                        f"{type(indices).__name__}")
    for k, t in enumerate(indices):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {k} in argument 0, but got {type(t).__name__}")
    if not isinstance(values, Tensor):
        raise TypeError(f"index_put(): argument 'values' (position 2) must be Tensor, not {type(values).__name__}")
    if values._data.dtype != input._data.dtype and not (values._data.size == 1 and _one_bool_mask(tuple(indices))):
        # (torch fills through one bool mask with a one-element value of any dtype, cast)
        raise RuntimeError(f"Index put requires the source and destination dtypes match, got {_dtype_name(input)} "
                           f"for the destination and {_dtype_name(values)} for the source.")
    key, _ = _normalize_key(tuple(indices))
    if not accumulate:
        _refuse_byte_fill(tuple(indices), values)
    _warn_bytes(tuple(indices), 4)
    key = _expand_bool(key, input._data.shape)
    try:
        input._data[key]
    except IndexError as e:
        raise IndexError(str(e).replace("axis", "dimension")) from None
    return tuple(np.asarray(k) if not isinstance(k, slice) else k for k in key)


def index_put(input: Tensor, indices, values: Tensor, accumulate: bool = False) -> Tensor:  # noqa: A002
    """Out-of-place :meth:`Tensor.index_put_`: ``input[indices] = values`` on a copy (``+=`` with
    ``accumulate=True``, where repeated indices then accumulate; without it the last write wins).

    Args:
        input (Tensor): the input tensor.
        indices (tuple of LongTensor or BoolTensor): the advanced index.
        values (Tensor): the values, broadcast to the indexed shape.
        accumulate (bool): add instead of writing. Default: ``False``.
    """
    key = _index_put_args(input, indices, values, accumulate)
    return apply(IndexPutBackward0, (input, values), (input._data, _cast(values, input)), key, bool(accumulate))


def index_put_(input: Tensor, indices, values: Tensor, accumulate: bool = False) -> Tensor:  # noqa: A002
    """In-place version of :func:`index_put`; returns ``input``."""
    key = _index_put_args(input, indices, values, accumulate)
    return apply_inplace(IndexPutBackward0, input, (input, values), (input._data, _cast(values, input)), key,
                         bool(accumulate))


def _cast(values: Tensor, input: Tensor) -> np.ndarray:  # noqa: A002
    v, d = values._data, input._data
    return v if v.dtype == d.dtype else v.astype(d.dtype)


def masked_select(input: Tensor, mask: Tensor) -> Tensor:  # noqa: A002
    """Return the 1-D tensor of the elements of ``input`` where ``mask`` is True (``input`` and ``mask`` are
    broadcast together), in row-major order.

    Args:
        input (Tensor): the input tensor.
        mask (BoolTensor): the mask.
    """
    if mask._data.dtype != np.bool_:
        raise RuntimeError("masked_select: expected BoolTensor for mask")
    _broadcast_or_raise(mask._data.shape, input._data.shape)
    return apply(MaskedSelectBackward0, (input,), (input._data, mask._data))


def _broadcast_or_raise(a: tuple, b: tuple) -> tuple:
    try:
        return np.broadcast_shapes(a, b)
    except ValueError:
        for k in range(1, max(len(a), len(b)) + 1):
            x = a[-k] if k <= len(a) else 1
            y = b[-k] if k <= len(b) else 1
            if x != y and x != 1 and y != 1:
                raise RuntimeError(f"The size of tensor a ({x}) must match the size of tensor b ({y}) at "
                                   f"non-singleton dimension {max(len(a), len(b)) - k}") from None
        raise


def _masked_scatter_args(input, mask, source, inplace):  # noqa: A002
    if mask._data.dtype != np.bool_:
        raise RuntimeError(f"masked_scatter_ only supports boolean masks, but got mask with dtype "
                           f"{_dtype_name(mask)}")
    if source._data.dtype != input._data.dtype:
        raise RuntimeError("masked_scatter: expected self and source to have same dtypes but got"
                           f"{_dtype_name(input)} and {_dtype_name(source)}")
    if inplace:
        try:
            mask.expand(input._data.shape)      # the mask broadcasts to self (torch's error otherwise)
        except RuntimeError as e:
            raise RuntimeError(str(e).replace("torch.BoolTensor", "CPUBoolType")) from None
    else:
        _broadcast_or_raise(input._data.shape, mask._data.shape)
    # (the mask counts as broadcast: in place, to self's shape)
    if int(np.count_nonzero(np.broadcast_to(mask._data, np.broadcast_shapes(input._data.shape, mask._data.shape)))) \
            > source._data.size:
        raise RuntimeError(_SHORT_SOURCE)


def masked_scatter(input: Tensor, mask: Tensor, source: Tensor) -> Tensor:  # noqa: A002
    """Out-of-place :meth:`Tensor.masked_scatter_`: ``input`` (broadcast with ``mask``) with the positions
    where ``mask`` is True filled, in row-major order, from the first elements of ``source``.

    Args:
        input (Tensor): the input tensor.
        mask (BoolTensor): the mask.
        source (Tensor): the values to copy; at least as many as ``mask`` has True elements.
    """
    _masked_scatter_args(input, mask, source, False)
    return apply(MaskedScatterBackward0, (input, source), (input._data, source._data, mask._data))


def masked_scatter_(input: Tensor, mask: Tensor, source: Tensor) -> Tensor:  # noqa: A002
    """In-place version of :func:`masked_scatter` (``mask`` broadcasts to ``input``); returns ``input``."""
    # (torch's kernel checks the mask and source after the memory-overlap check)
    error = deferred_error(_masked_scatter_args, input, mask, source, True)
    try:
        return apply_inplace(MaskedScatterBackward0, input, (input, source),
                             (input._data, source._data, mask._data), kernel_error=error)
    except RuntimeError as e:
        if error is not None and e.args == error.args and str(e) == _SHORT_SOURCE:
            # torch's kernel finds the source too short while writing: the first masked positions
            # (row-major) have their values by then, with no new version and no grad_fn
            d = input._data
            if d.ndim:
                where = np.nonzero(np.broadcast_to(mask._data, d.shape))
                k = source._data.size
                d[tuple(w[:k] for w in where)] = source._data.reshape(-1)
        raise


_SHORT_SOURCE = "Number of elements of source < number of ones in mask"


def _flat_index(name: str, input: Tensor, index, bounds: bool = True) -> np.ndarray:  # noqa: A002
    if not isinstance(index, Tensor):
        raise TypeError(f"{name}(): argument 'index' (position 1) must be Tensor, not {type(index).__name__}")
    i = index._data
    if i.dtype != np.int64:
        raise RuntimeError(f"{name}(): Expected a long tensor for index, but got {_dtype_name(index)}")
    return _flat_bounds(input, i) if bounds else i


def _flat_bounds(input: Tensor, i: np.ndarray) -> np.ndarray:  # noqa: A002
    n = input._data.size
    bad = (i < -n) | (i >= n)
    if bad.any():
        raise IndexError(f"out of range: tried to access index {int(i[bad].flat[0])} on a tensor of {n} elements.")
    return np.where(i < 0, i + n, i)


def take(input: Tensor, index: Tensor) -> Tensor:  # noqa: A002
    """Return the elements of ``input``, read as a 1-D tensor, at ``index`` (negative indices count from the
    end); the result has ``index``'s shape. Repeated indices accumulate their gradients.

    Args:
        input (Tensor): the input tensor.
        index (LongTensor): the indices into ``input``.
    """
    return apply(TakeBackward0, (input,), (input._data,), _flat_index("take", input, index))


def _put_args(input, index, source, inplace=False):  # noqa: A002
    """The flat index (and, in place, the bounds error, which torch's kernel raises after the
    memory-overlap check)."""
    i = _flat_index("put_", input, index, bounds=False)
    if not isinstance(source, Tensor):
        raise TypeError(f"put(): argument 'source' (position 2) must be Tensor, not {type(source).__name__}")
    if source._data.dtype != input._data.dtype:
        raise RuntimeError("put_(): self and source expected to have the same dtype, but got self.dtype = "
                           f"{_dtype_name(input)} and source.dtype = {_dtype_name(source)}")
    if source._data.size != i.size:
        raise IndexError("put_(): Expected source and index to have the same number of elements, but got "
                         f"source.numel() = {source._data.size}, index.numel() = {i.size}")
    if not inplace:
        return _flat_bounds(input, i)
    error = deferred_error(_flat_bounds, input, i)
    return (i if error is not None else _flat_bounds(input, i)), error


def put(input: Tensor, index: Tensor, source: Tensor, accumulate: bool = False) -> Tensor:  # noqa: A002
    """Out-of-place :meth:`Tensor.put_`: ``input``, read as a 1-D tensor, with ``source`` written at ``index``
    (added, with ``accumulate=True``).

    Args:
        input (Tensor): the input tensor.
        index (LongTensor): the flat indices into ``input``.
        source (Tensor): the values, as many as ``index`` has.
        accumulate (bool): add instead of writing. Default: ``False``.
    """
    i = _put_args(input, index, source)
    return apply(PutBackward0, (input, source), (input._data, source._data), i, bool(accumulate))


def put_(input: Tensor, index: Tensor, source: Tensor, accumulate: bool = False) -> Tensor:  # noqa: A002
    """In-place version of :func:`put`; returns ``input``."""
    i, error = _put_args(input, index, source, inplace=True)
    return apply_inplace(PutBackward0, input, (input, source), (input._data, source._data), i, bool(accumulate),
                         kernel_error=error)


def argwhere(input: Tensor) -> Tensor:  # noqa: A002
    """The indices of the non-zero elements of ``input``, one row each: ``nonzero(input)``.

    Args:
        input (Tensor): the input tensor.
    """
    return nonzero(input)
