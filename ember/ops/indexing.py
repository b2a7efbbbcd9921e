"""Indexing: ``x[key]`` (basic indexing makes views, one node per component as torch does;
advanced indexing copies), ``x[key] = v``, index_select, masked_fill, nonzero."""
from __future__ import annotations

import warnings

import numpy as np

from .._layout import empty_strided, ordered_layout
from .._tensor import Tensor, make, wrap_dim
from ._inplace import apply_inplace, warn_if_expanded
from ._op import Op
from ._parser import torch_args
from ._promotion import as_operand
from ._record import apply
from ._view_graph import repeats_memory
from .fills import copy_, fill_
from .index_checks import (_HEAPTYPE, _bounds_error, _check_bare_key, _check_masks, _check_value_shape,
                           _empty_result_key, _number_for, _step_strides)
from .shape import expand, strided_empty, view

_as_strided = np.lib.stride_tricks.as_strided


class _BasicIndex(Op):
    """One basic-indexing step: a view whose gradient is embedded in zeros of the input shape."""
    __slots__ = ("shape", "key")
    is_view = True

    @staticmethod
    def forward(ctx, a, key):
        ctx.shape, ctx.key = a.shape, key
        if not a.size:      # torch's strides, which NumPy's views of an empty array keep
            a = strided_empty(a)
        out = a[key + (Ellipsis,)]  # the trailing ... keeps a 0-d result a view, not a scalar copy
        if not out.size and out.ndim:
            out = strided_empty(out, _step_strides(a, key))
        return out

    def backward(ctx, g, xp):
        return (xp.embed(g, ctx.shape, ctx.key),)

    @staticmethod
    def view_step(a, key):
        return ("getitem", key + (Ellipsis,))


class SelectBackward0(_BasicIndex):
    __slots__ = ()


class SliceBackward0(_BasicIndex):
    __slots__ = ()


class AliasBackward0(_BasicIndex):
    __slots__ = ()


class IndexBackward0(Op):
    """Advanced indexing: a copy; repeated indices accumulate their gradients."""
    __slots__ = ("shape", "key")
    _saved_names = ("indices",)

    @staticmethod
    def forward(ctx, a, key):
        ctx.shape, ctx.key = a.shape, key
        return index_result(a, key)

    def backward(ctx, g, xp):
        return (xp.embed_add(g, ctx.shape, ctx.key),)


def index_result(a: np.ndarray, key: tuple) -> np.ndarray:
    """``a[key]`` (an advanced key: ints, slices, None, ``...`` and integer arrays, masks already expanded) in
    the layout torch's index gives it: the basic part of the key taken as a view first, then a TensorIterator
    over that view restrided to the result (stride 0 along the index dims) and the index arrays, whose
    reorder_dimensions orders the result's dims (a permuted input gives a permuted result)."""
    r = a[key]
    if r.ndim < 2 or (a.flags.c_contiguous and r.flags.c_contiguous):
        return _c_order(r)
    layout = _index_layout(a, key, r.shape)
    if layout is None:
        return _c_order(r)
    out = empty_strided(r.shape, layout, r.dtype)
    out[...] = r
    return out


def _c_order(r: np.ndarray) -> np.ndarray:
    """``r`` C-contiguous with torch's strides for its size-1 dims too (NumPy's fancy indexing may leave any
    stride there, which ``stride()`` would show)."""
    if not r.flags.c_contiguous:
        return np.ascontiguousarray(r)
    if r.ndim > 1 and 1 in r.shape:
        step = r.itemsize
        for n, st in zip(reversed(r.shape), reversed(r.strides)):
            if st != step and n == 1:
                return r.copy()
            step *= n
    return r


def _index_layout(a: np.ndarray, key: tuple, shape: tuple) -> "tuple | None":
    """The result strides (in elements) torch's index gives ``a[key]``, or None for C order (or a key this does
    not model: a 0-d array, whose result NumPy and torch lay out alike)."""
    basic, positions, indices = [], [], []
    consumed = sum(1 for k in key if k is not None and k is not Ellipsis)
    dim = 0                               # the view's dim each entry lands on
    for k in key:
        if k is Ellipsis:
            n = a.ndim - consumed
            basic.extend([slice(None)] * n)
            dim += n
        elif isinstance(k, np.ndarray):
            if not k.ndim:
                return None
            basic.append(slice(None))
            positions.append(dim)
            indices.append(k)
            dim += 1
        else:
            basic.append(k)
            if not isinstance(k, int):    # an int selects (no dim), a slice keeps one, None adds one
                dim += 1
    v = a[tuple(basic)]
    item = v.itemsize
    vstrides = [st // item for st in v.strides]
    vshape = list(v.shape)
    if positions != list(range(positions[0], positions[0] + len(positions))):
        # torch's transposeToFront: the indexed dims first, in order, then the others
        rest = [d for d in range(v.ndim) if d not in positions]
        vshape = [vshape[d] for d in positions + rest]
        vstrides = [vstrides[d] for d in positions + rest]
        positions = list(range(len(positions)))
    before, k = positions[0], len(positions)
    bshape = np.broadcast_shapes(*(i.shape for i in indices))
    after = vshape[before + k:]
    if tuple(vshape[:before]) + tuple(bshape) + tuple(after) != tuple(shape):
        return None
    src = vstrides[:before] + [0] * len(bshape) + vstrides[before + k:]
    operands = [src]
    for i in indices:
        b = np.broadcast_to(i, bshape)
        ist = [0 if n == 1 and m != 1 else st // b.itemsize for n, m, st in zip(i.shape[-len(bshape):] if i.ndim
                                                                                  else (), bshape, b.strides)]
        ist = [0] * (len(bshape) - len(ist)) + ist
        operands.append([0] * before + ist + [0] * len(after))
    strides = ordered_layout(tuple(shape), operands)
    c = ordered_layout(tuple(shape), [[0] * len(shape)])
    return None if strides == c else strides


class EmbedBackward(Op):
    """zeros(shape) with g at a basic index: slicing's backward, differentiable (create_graph)."""
    __slots__ = ("key",)

    @staticmethod
    def forward(ctx, g, shape, key):
        ctx.key = key
        z = np.zeros(shape, dtype=g.dtype)
        z[key] = g
        return z

    def backward(ctx, gg, xp):
        return (gg[ctx.key],)


class EmbedAddBackward(Op):
    """zeros(shape) with g added at an advanced index (repeats accumulate), differentiable."""
    __slots__ = ("key",)

    @staticmethod
    def forward(ctx, g, shape, key):
        ctx.key = key
        z = np.zeros(shape, dtype=g.dtype)
        np.add.at(z, key, g)
        return z

    def backward(ctx, gg, xp):
        return (gg[ctx.key],)


_LIST_KEY_WARNING = (
    "Using a non-tuple sequence for multidimensional indexing is deprecated and will be changed in pytorch 2.9; "
    "use x[tuple(seq)] instead of x[seq]. In pytorch 2.9 this will be interpreted as tensor index, "
    "x[torch.tensor(seq)], which will result either in an error or a different result")


def _normalize_key(key):
    """Tensors -> arrays; returns (key tuple, is_advanced)."""
    if isinstance(key, list) and _sequence_as_tuple(key):
        warnings.warn(_LIST_KEY_WARNING, UserWarning, stacklevel=3)
        key = tuple(key)
    elif not isinstance(key, tuple):
        key = (key,)
    out = []
    advanced = False
    for k in key:
        if isinstance(k, Tensor):
            if k._data.dtype.kind == "f":
                raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
            k = k._data
            if k.dtype == np.uint8:     # torch reads a byte tensor as a mask (with a warning: _warn_bytes)
                k = k != 0
            elif k.ndim == 0 and k.dtype.kind != "b":
                k = int(k)
        elif isinstance(k, (list, tuple, np.ndarray)):     # a tuple inside the key is a sequence index
            empty_list = isinstance(k, (list, tuple)) and np.size(k) == 0
            k = np.asarray(k)
            if empty_list:
                k = k.astype(np.int64)      # torch reads an empty list as an empty Long index
            if k.dtype.kind == "f":
                raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
        elif isinstance(k, (bool, np.bool_)):
            k = np.asarray(k)
        elif isinstance(k, np.integer):
            k = int(k)
        if isinstance(k, np.ndarray):
            advanced = True
        out.append(k)
    return tuple(out), advanced


def _sequence_as_tuple(key: list) -> bool:
    """torch's (and old NumPy's) treatSequenceAsTuple: a short list holding a sequence, a tensor, a
    slice, ``...`` or None is read as a tuple of indices (``x[[[0, 1], [1, 0]]]`` is ``x[[0, 1], [1, 0]]``)."""
    return len(key) < 32 and any(isinstance(k, (list, tuple, Tensor, np.ndarray, slice, str)) or k is None
                                 or k is Ellipsis for k in key)


def _drop_leading_ones(value: Tensor) -> Tensor:
    """setitem's value without its leading size-1 dims (torch's slicePrefix1sSize), so that a
    ``(1, 1, 3)`` value fits a ``(2, 3)`` target."""
    shape = value._data.shape
    lead = 0
    while lead < len(shape) and shape[lead] == 1:
        lead += 1
    return view(value, shape[lead:]) if lead else value


_BYTE_WARNING = "indexing with dtype torch.uint8 is now deprecated, please use a dtype torch.bool instead."


def _byte_masks(key) -> int:
    """How many uint8 tensors the key holds (torch reads each as a mask, and warns for each)."""
    parts = key if isinstance(key, tuple) else (key,)
    return sum(1 for k in parts if isinstance(k, Tensor) and k._data.dtype == np.uint8)


def _warn_bytes(key, stacklevel: int = 3) -> None:
    for _ in range(_byte_masks(key)):
        warnings.warn(_BYTE_WARNING, UserWarning, stacklevel=stacklevel)


def _refuse_byte_fill(key, value) -> None:
    """torch's index_put_ of a one-element value through one mask is masked_fill_, which refuses a byte mask."""
    parts = key if isinstance(key, tuple) else (key,)
    tensors = [k for k in parts if isinstance(k, Tensor)]
    if (len(tensors) == 1 and tensors[0]._data.dtype == np.uint8
            and (not isinstance(value, Tensor) or value._data.size == 1)):
        raise RuntimeError("masked_fill_ only supports boolean masks, but got mask with dtype unsigned char")


def _expand_bool(key: tuple, shape: "tuple | None" = None) -> tuple:
    """The key with each bool mask replaced by its nonzero indices; with ``shape`` (the indexed tensor's),
    each mask's shape is checked first against the dims it covers, with torch's error."""
    if shape is not None:
        _check_masks(key, shape)
    out = []
    for k in key:
        if isinstance(k, np.ndarray) and k.dtype == np.bool_ and k.ndim > 0:
            out.extend(np.nonzero(k))
        else:
            out.append(k)
    return tuple(out)


def getitem(x: Tensor, key) -> Tensor:
    """``x[key]``."""
    bare_slice = type(key) is slice     # torch records x[:] as a slice even when it is the whole
    original = key
    if not x._data.ndim:
        _check_bare_key(key)
    key, advanced = _normalize_key(key)
    d = x._data
    if advanced:
        _warn_bytes(original)
        key = _expand_bool(key, d.shape)
        try:
            return apply(IndexBackward0, (x,), (d,), key)
        except IndexError as e:
            empty = _empty_result_key(d, key)
            if empty is not None:
                return apply(IndexBackward0, (x,), (d,), empty)
            raise _bounds_error(d, key) or IndexError(str(e).replace("axis", "dimension")) from None
    n_consumed = sum(1 for k in key if k is not None and k is not Ellipsis)
    if n_consumed > d.ndim:
        raise IndexError(f"too many indices for tensor of dimension {d.ndim}")
    dim = 0
    out = x
    applied = False
    for k in key:
        if k is Ellipsis:
            dim += d.ndim - n_consumed
            continue
        pre = (slice(None),) * dim
        if k is None:
            out = apply(UnsqueezeBackward0, (out,), (out._data,), pre + (None,))
            dim += 1
        elif isinstance(k, int):
            size = out._data.shape[dim]
            if not -size <= k < size:
                raise IndexError(f"index {k} is out of bounds for dimension {dim} with size {size}")
            out = apply(SelectBackward0, (out,), (out._data,), pre + (k,))
        elif isinstance(k, slice):
            if k.step is not None and k.step <= 0:
                raise ValueError("step must be greater than zero")
            if (k == slice(None) or k == slice(None, None, 1)) and not bare_slice:
                dim += 1
                continue
            out = apply(SliceBackward0, (out,), (out._data,), pre + (k,))
            dim += 1
        else:
            raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are "
                             "valid indices (got " + type(k).__name__ + ")")
        applied = True
    if not applied:
        return apply(AliasBackward0, (x,), (d,), ())
    return out


class UnsqueezeBackward0(_BasicIndex):
    """``x[None]``: torch records it as an unsqueeze (shape.py's op of the same name is the
    view op; this one replays through indexing)."""
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, key):
        ctx.shape, ctx.key = a.shape, key
        if not a.size:
            return _BasicIndex.forward(ctx, a, key)
        # the new dim gets torch's unsqueeze stride (size * stride of the dim it goes before, 1 at the
        # end), not NumPy's 0, so that later views of it (x[None, 1], x[None, ::2]) keep torch's strides
        d = len(key) - 1
        st = list(a.strides)
        st.insert(d, a.shape[d] * st[d] if d < a.ndim else a.itemsize)
        shape = a.shape[:d] + (1,) + a.shape[d:]
        out = a.reshape(shape)      # (inserting a size-1 dim never copies) NumPy's strides are most often torch's
        if out.strides != tuple(st):
            out = _as_strided(a, shape, st, writeable=a.flags.writeable)
        return out



class IndexPutBackward0(Op):
    __slots__ = ("key", "accumulate")
    refuses_any_overlap = True
    allows_overlap = True       # torch writes into an expanded tensor (its backward then raises), with a warning
    expanded_warning = ("Use of index_put_ on expanded tensors is deprecated. Please clone() the tensor before "
                        "performing this operation. This also applies to advanced indexing e.g. tensor[indices] = "
                        "tensor")

    @staticmethod
    def forward(ctx, a, v, key, accumulate=False):
        ctx.key, ctx.accumulate = key, accumulate
        if np.ndim(v) > 1:      # NumPy drops a value's leading size-1 dims, torch does not
            _check_value_shape(a, v, key)
        try:
            return IndexPutBackward0._put(a, v, key, accumulate)
        except ValueError:      # NumPy's own words for a value that does not broadcast
            _check_value_shape(a, v, key)
            raise

    @staticmethod
    def _put(a, v, key, accumulate):
        r = np.copy(a, order="K")      # torch's clone keeps the layout
        if accumulate and repeats_memory(a):
            # an expanded tensor: every position that shares an element adds into it (torch's kernel adds in memory)
            delta = np.zeros(a.shape, dtype=r.dtype)
            np.add.at(delta, key, v)
            repeated = tuple(i for i, (n, st) in enumerate(zip(a.shape, a.strides)) if st == 0 and n > 1)
            r += delta.sum(axis=repeated, keepdims=True)
        elif accumulate:    # index_put(accumulate=True): repeated indices add up (setitem's last write wins)
            np.add.at(r, key, v)
        else:
            r[key] = v
        return r

    def backward(ctx, g, xp):
        key = ctx.key
        if ctx.accumulate:
            return g, g[key]
        mask = np.zeros(g.shape, dtype=bool)
        mask[key] = True
        return xp.where(mask, 0.0, g), g[key]


def _selects_all(key: tuple, shape: tuple) -> bool:
    """True for basic keys made only of ``...`` and slices covering whole dims (those after ``...`` are the
    trailing dims')."""
    if Ellipsis in key:
        at = key.index(Ellipsis)
        before, after = key[:at], key[at + 1:]
        if len(before) + len(after) > len(shape) or Ellipsis in after:
            return False
        pairs = list(zip(before, shape)) + list(zip(after, shape[len(shape) - len(after):]))
    else:
        if not key or len(key) > len(shape):
            return False
        pairs = list(zip(key, shape))
    for k, n in pairs:
        # torch's test is literal: a start of 0 (not -n, not one clamped to 0), a stop of at least n, a step of 1
        if not isinstance(k, slice) or k.start not in (None, 0) or k.step not in (None, 1):
            return False
        if k.stop is not None and k.stop < n:
            return False
    return True


def _copy_to(dst: Tensor, src: Tensor) -> None:
    """torch's setitem copy: copy_ for equal shapes, fill_ from a 0-d value, else broadcasting copy_."""
    if dst._data.shape == src._data.shape:
        copy_(dst, src)
    elif src._data.ndim == 0:
        fill_(dst, src)
    else:   # torch expands the value to the target's shape first (which also decides memory overlap)
        copy_(dst, expand(_drop_leading_ones(src), dst._data.shape))


def _one_bool_mask(key) -> bool:
    """The key's only tensor index is a bool mask."""
    parts = key if isinstance(key, tuple) else (key,)
    tensors = [k for k in parts if isinstance(k, Tensor)]
    return len(tensors) == 1 and tensors[0]._data.dtype == np.bool_


def setitem(x: Tensor, key, value) -> None:
    """``x[key] = value``: in place (CopySlices for basic keys, IndexPutBackward0 for advanced)."""
    if not isinstance(value, (Tensor, bool, int, float, complex, np.integer)):
        # torch takes a tensor or a number (a NumPy integer, or a float64/complex128, which are Python's types)
        t = type(value)
        name = t.__name__ if t.__module__ == "builtins" or t.__flags__ & _HEAPTYPE else f"{t.__module__}.{t.__name__}"
        raise TypeError(f"can't assign a {name} to a torch.{x.dtype._legacy}")
    if not x._data.ndim:
        _check_bare_key(key)
    nkey, advanced = _normalize_key(key)
    value = as_operand(value)
    if not isinstance(value, Tensor):
        value = _number_for(value, x._data.dtype)
    if not advanced:
        # torch writes straight into the tensor when the key selects all of it (x[...] = v, x[:] = 3.)
        target = x if _selects_all(nkey, x._data.shape) else getitem(x, nkey)
        _copy_to(target, value if isinstance(value, Tensor) else make(np.asarray(value, dtype=x._data.dtype)))
        return
    _refuse_byte_fill(key, value)
    _warn_bytes(key)
    nkey = _expand_bool(nkey, x._data.shape)
    if isinstance(value, Tensor):
        if value.dtype != x.dtype and not (value._data.size == 1 and _one_bool_mask(key)):
            # (torch fills through one bool mask with a one-element value: masked_fill_, which casts)
            raise RuntimeError(f"Index put requires the source and destination dtypes match, got "
                               f"{x.dtype._legacy[:-6]} for the destination and {value.dtype._legacy[:-6]} "
                               "for the source.")
        value = _drop_leading_ones(value)
        vd = value._data
        apply_inplace(IndexPutBackward0, x, (x, value), (x._data, vd), nkey)
    else:
        apply_inplace(IndexPutBackward0, x, (x, None), (x._data, value), nkey)
    if _one_bool_mask(key) and (not isinstance(value, Tensor) or value._data.size == 1):
        warn_if_expanded(x, _MASKED_FILL_EXPANDED)   # torch's index_put_ goes on to masked_fill_, which warns too




class IndexSelectBackward0(Op):
    __slots__ = ("shape", "dim", "index")

    @staticmethod
    def forward(ctx, a, dim, index):
        ctx.shape, ctx.dim, ctx.index = a.shape, dim, index
        return np.take(a, index, axis=dim)

    def backward(ctx, g, xp):
        key = (slice(None),) * ctx.dim + (ctx.index,)
        return (xp.embed_add(g, ctx.shape, key),)


def index_select(input: Tensor, dim: int, index: Tensor) -> Tensor:  # noqa: A002
    """Return a new tensor which indexes ``input`` along dimension ``dim`` using the entries in ``index``.

    The result has the same number of dimensions as ``input``, with size ``len(index)`` in ``dim``; it is a copy,
    not a view. Gradients of repeated indices accumulate.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension in which we index.
        index (Tensor): the 1-D tensor of integer indices to select.
    """
    index = _index_vector(input, wrap_dim(dim, input._data.ndim), index)
    if input._data.ndim == 0:
        # torch: a scalar's index_select is a scalar; computed on it as a one-element row (the engine
        # sums the row's gradient back to the scalar)
        return apply(IndexSelectBackward0, (input,), (input._data.reshape(1),), 0, index._data.reshape(()))
    dim = wrap_dim(dim, input._data.ndim)
    return apply(IndexSelectBackward0, (input,), (input._data,), dim, np.asarray(index._data, dtype=np.int64))


def _index_vector(input: Tensor, dim: int, index) -> Tensor:  # noqa: A002
    """index_select's index as a 1-D int tensor, with torch's errors."""
    if not isinstance(index, Tensor):
        raise TypeError(f"index_select(): argument 'index' (position 2) must be Tensor, not {type(index).__name__}")
    i = index._data
    if i.ndim > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    if i.dtype != np.int64 and i.dtype != np.int32:
        raise RuntimeError("index_select(): Expected dtype int32 or int64 for index")
    d = input._data
    if d.ndim == 0 and i.size != 1:
        raise RuntimeError(f"index_select(): Index to scalar can have only 1 value, got {i.size} value(s)")
    if d.ndim > 1 and d.shape[dim] == 0 and i.size:     # (a 1-D input's is the range error below)
        raise RuntimeError("index_select(): self indexing axis dim should be positive")
    size = d.shape[dim] if d.ndim else 1
    if i.size and (i.min() < 0 or i.max() >= size):   # no wrapping of -1
        if d.ndim > 1 and (d.size == 0 or dim == 1):    # torch's empty-input and dim-1 kernels have their own words
            bad = i[(i < 0) | (i >= size)][0]
            raise RuntimeError(f"INDICES element is out of DATA bounds, id={bad} axis_dim={size}")
        raise IndexError("index out of range in self")
    return index if i.ndim == 1 else make(i.reshape(1))


_MASKED_FILL_EXPANDED = ("Use of masked_fill_ on expanded tensors is deprecated. Please clone() the tensor before "
                         "performing this operation. This also applies to advanced indexing e.g. tensor[mask] = scalar")


class MaskedFillBackward0(Op):
    __slots__ = ()
    _saved_names = ("mask",)
    allows_overlap = True       # as index_put_: an expanded tensor is written, with a warning
    expanded_warning = _MASKED_FILL_EXPANDED

    @staticmethod
    def forward(ctx, a, mask, value):
        ctx.save(mask)
        return _c_order(np.where(mask, np.asarray(value, dtype=a.dtype), a))   # torch's layout (a 0-d input stays 0-d)

    def backward(ctx, g, xp):
        mask, = xp.saved(ctx)
        return (xp.where(mask, 0.0, g),)


class MaskedFillBackward1(Op):
    """masked_fill with a 0-d tensor value, which gets the sum of the filled positions' gradients."""
    __slots__ = ()
    _saved_names = ("mask",)
    allows_overlap = True
    expanded_warning = _MASKED_FILL_EXPANDED

    @staticmethod
    def forward(ctx, a, value, mask):
        ctx.save(mask)
        return _c_order(np.where(mask, value.astype(a.dtype), a))

    def backward(ctx, g, xp):
        mask, = xp.saved(ctx)
        return xp.where(mask, 0.0, g), xp.sum(xp.where(mask, g, 0.0))


@torch_args
def masked_fill(input: Tensor, mask: Tensor, value) -> Tensor:  # noqa: A002
    """Return a copy of ``input`` with the elements where ``mask`` is True replaced by ``value``.

    ``mask`` is broadcast against ``input``. The filled positions get a zero gradient; a 0-d tensor ``value``
    gets the sum of their gradients.

    Args:
        input (Tensor): the input tensor.
        mask (Tensor): the bool mask.
        value (Number or Tensor): the value to fill in with (a number or a 0-d tensor).
    """
    value = _fill_value(mask, value)
    if isinstance(value, Tensor):
        return apply(MaskedFillBackward1, (input, value), (input._data, value._data, mask._data))
    return apply(MaskedFillBackward0, (input,), (input._data, mask._data, value))


@torch_args
def masked_fill_(input: Tensor, mask: Tensor, value) -> Tensor:  # noqa: A002
    """In-place version of :func:`masked_fill`; returns ``input``.

    Args:
        input (Tensor): the tensor to modify.
        mask (Tensor): the bool mask, broadcastable to ``input``'s shape.
        value (Number or Tensor): the value to fill in with (a number or a 0-d tensor).
    """
    value = _fill_value(mask, value)
    if isinstance(value, Tensor):
        return apply_inplace(MaskedFillBackward1, input, (input, value), (input._data, value._data, mask._data))
    return apply_inplace(MaskedFillBackward0, input, (input,), (input._data, mask._data, value))


def _fill_value(mask: Tensor, value):
    """masked_fill's value (a number or a 0-d tensor), with torch's errors for a non-bool mask or a
    value tensor with dimensions."""
    if mask._data.dtype != np.bool_:
        raise RuntimeError(f"masked_fill_ only supports boolean masks, but got mask with dtype {mask.dtype._cname}")
    if isinstance(value, Tensor) and value._data.ndim:
        raise RuntimeError("masked_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                           f"{value._data.ndim} dimension(s).")
    return value


def nonzero(input: Tensor, *, as_tuple: bool = False) -> "Tensor | tuple[Tensor, ...]":  # noqa: A002
    """Return the indices of the non-zero elements of ``input``.

    By default the result is an ``int64`` tensor of shape ``(z, n)``, one row of ``n`` coordinates for each of
    the ``z`` non-zero elements of the ``n``-dimensional ``input``, in row-major order. With ``as_tuple=True`` it
    is a tuple of ``n`` 1-D tensors, one per dimension, usable as an index: ``x[x.nonzero(as_tuple=True)]``.
    The result records no autograd history.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        as_tuple (bool, optional): return a tuple of 1-D tensors instead of one 2-D tensor. Default: ``False``.
    """
    d = input._data
    if d.ndim == 0:   # a scalar is one (dimensionless) position, or none
        n = int(bool(d))
        return ((make(np.zeros(n, dtype=np.int64)),) if as_tuple else
                make(np.zeros((n, 0), dtype=np.int64, order="F")))
    idx = np.nonzero(d)
    if as_tuple:
        return tuple(make(np.asarray(i, dtype=np.int64)) for i in idx)
    # torch's result is column-major, strides (1, z): its columns are the coordinates (a view of it needs reshape)
    return make(np.stack([np.asarray(i, dtype=np.int64) for i in idx]).T)


# ----------------------------------------------------------------------------------------------
# ops that return several views: one node each (torch's), its outputs numbered by output_nr; an
# in-place op on any of the views while autograd records is torch's error E20
class SplitBackward0(Op):
    """``split`` into pieces of ``split_size`` (the last may be smaller) along ``dim``."""
    __slots__ = ("dim", "split_size", "self_sym_sizes")
    _param_names = ("dim", "split_size", "self_sym_sizes")
    is_view = True
    multi_view = True
    multi_output = True

    @staticmethod
    def forward(ctx, a, dim, split_size, keys):
        ctx.dim, ctx.split_size, ctx.self_sym_sizes = dim, split_size, a.shape
        return tuple(a[(slice(None),) * dim + (k, Ellipsis)] for k in keys)

    def backward(ctx, grads, xp):
        return (xp.cat(grads, ctx.dim),)

    @staticmethod
    def view_step(a, dim, split_size, keys, k):
        return ("getitem", (slice(None),) * dim + (keys[k], Ellipsis))


class SplitWithSizesBackward0(SplitBackward0):
    """``split`` into pieces of the given sizes."""
    __slots__ = ("split_sizes",)
    _param_names = ("dim", "split_sizes", "self_sym_sizes")

    @staticmethod
    def forward(ctx, a, dim, split_sizes, keys):
        ctx.split_sizes = split_sizes
        return SplitBackward0.forward(ctx, a, dim, None, keys)


class UnbindBackward0(Op):
    __slots__ = ("dim",)
    _param_names = ("dim",)
    is_view = True
    multi_view = True
    multi_output = True

    @staticmethod
    def forward(ctx, a, dim):
        ctx.dim = dim
        return tuple(a[(slice(None),) * dim + (i, Ellipsis)] for i in range(a.shape[dim]))

    def backward(ctx, grads, xp):
        return (xp.stack(grads, ctx.dim),)

    @staticmethod
    def view_step(a, dim, k):
        return ("getitem", (slice(None),) * dim + (k, Ellipsis))


def split(input: Tensor, split_size_or_sections, dim: int = 0) -> tuple:  # noqa: A002
    """Split ``input`` into views along ``dim``.

    Args:
        input (Tensor): the tensor to split.
        split_size_or_sections (int or list of int): the size of each piece (the last may be smaller), or the
            list of piece sizes, which must add up to the size of ``dim``.
        dim (int): the dimension to split along. Default: ``0``.

    Returns:
        A tuple of views of ``input``. Modifying one of them in place while autograd records is an error,
        as in torch.
    """
    if input._data.ndim == 0:
        raise RuntimeError("split expects at least a 1-dimensional tensor")
    dim = wrap_dim(dim, input._data.ndim)
    n = input._data.shape[dim]
    if isinstance(split_size_or_sections, int):
        step = split_size_or_sections
        if step <= 0 and n:
            raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got dimension size of {n}")
        starts = range(0, n, step) if step and n else [0]    # an empty dim splits into one empty piece
        keys = tuple(slice(s, min(s + step, n)) for s in starts)
        return apply(SplitBackward0, (input,), (input._data,), dim, step, keys)
    sizes, keys = split_sizes_keys(split_size_or_sections, n, dim)
    return apply(SplitWithSizesBackward0, (input,), (input._data,), dim, sizes, keys)


def split_sizes_keys(split_sizes, n: int, dim: int) -> tuple:
    """split_with_sizes' checks (torch's words) and its pieces: ``(sizes, slices along dim)``."""
    sizes = [int(s) for s in split_sizes]
    if any(s < 0 for s in sizes):
        raise RuntimeError(f"split_with_sizes expects split_sizes have only non-negative entries, but got "
                           f"split_sizes={sizes}")
    if sum(sizes) != n:
        raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {n} (input tensor's size at "
                           f"dimension {dim}), but got split_sizes={sizes}")
    bounds = np.cumsum([0] + sizes)
    return tuple(sizes), tuple(slice(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:]))


def chunk(input: Tensor, chunks: int, dim: int = 0) -> tuple:  # noqa: A002
    """Split ``input`` into ``chunks`` views of (nearly) equal size along ``dim``.

    Args:
        input (Tensor): the tensor to split.
        chunks (int): the number of pieces; fewer come back when the size does not allow that many.
        dim (int): the dimension to split along. Default: ``0``.
    """
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    if input._data.ndim == 0:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    n = input._data.shape[wrap_dim(dim, input._data.ndim)]
    if n == 0:      # as torch: `chunks` empty pieces (split would give one)
        return split(input, [0] * chunks, dim)
    return split(input, -(-n // chunks), dim)


def unbind(input: Tensor, dim: int = 0) -> tuple:  # noqa: A002
    """Remove dimension ``dim``, returning the tuple of its slices (views).

    Args:
        input (Tensor): the tensor to unbind.
        dim (int): the dimension to remove. Default: ``0``.
    """
    if input._data.ndim == 0:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    dim = wrap_dim(dim, input._data.ndim)
    return apply(UnbindBackward0, (input,), (input._data,), dim)


@torch_args
def select(input: Tensor, dim: int, index: int) -> Tensor:  # noqa: A002
    """Return the slice of ``input`` at ``index`` along ``dim``, that dim removed: a view, ``input[..., index, ...]``
    (``SelectBackward0``).

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to slice.
        index (int): the index to select.
    """
    if not input.ndim:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    d = wrap_dim(dim, input.ndim)
    size = input.shape[d]
    if not -size <= index < size:
        raise IndexError(f"select(): index {index} out of range for tensor of size {list(input.shape)} at "
                         f"dimension {d}")
    return input[(slice(None),) * d + (index,)]
