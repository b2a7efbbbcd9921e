"""Storage-level views and resizes: ``as_strided``/``as_strided_``, ``resize_``/``resize_as_`` and
``Tensor.storage_offset``.

torch's storage is the memory a tensor views; ember's is the NumPy array that owns the memory
(``_storage``: the array at the end of ``.base``). ``as_strided(size, stride, storage_offset)`` reads
that memory from ``storage_offset`` elements past its start, whatever the input's own layout, and
its backward (``AsStridedBackward0``, torch's ``as_strided_backward``) adds each output element's
gradient to the storage position it reads, then reads the input's positions back (divided by how
often a position repeats when the input overlaps itself, as torch does).
"""
from __future__ import annotations

import numpy as np

from .._errors import INFERENCE_INPLACE
from .._grad_mode import STATE
from .._memory_format import channels_last, channels_last_3d, contiguous_format, preserve_format
from .._tensor import Tensor
from ._inplace import bump_version, check_inplace
from ._both import np_dtype
from ._op import Op
from ._parser import torch_args
from ._record import apply

__all__ = ["as_strided", "as_strided_", "resize_", "resize_as_", "storage_offset"]

_as_strided = np.lib.stride_tricks.as_strided


def _address(a: np.ndarray) -> int:
    return a.__array_interface__["data"][0]


def _storage(a: np.ndarray) -> tuple:
    """(address, size in bytes) of the memory ``a`` views: its owning array's, when that is one
    contiguous block (else ``a``'s own extent)."""
    root = a
    while True:
        b = root.base
        if isinstance(b, np.ndarray):
            root = b
            continue
        inner = getattr(b, "base", None)      # as_strided's DummyArray holds the array it views
        if isinstance(inner, np.ndarray):
            root = inner
            continue
        break
    if root.flags.c_contiguous or root.flags.f_contiguous:
        return _address(root), root.nbytes
    return _address(a), _extent(a.shape, _elem_strides(a)) * a.itemsize


def _elem_strides(a: np.ndarray) -> tuple:
    item = a.itemsize or 1
    return tuple(s // item for s in a.strides)


def _extent(size, stride) -> int:
    """Elements a strided layout spans (torch's computeStorageNbytes, in elements): 0 when empty."""
    if any(n == 0 for n in size):
        return 0
    return 1 + sum((n - 1) * s for n, s in zip(size, stride))


def _offset_of(a: np.ndarray) -> int:
    start, _ = _storage(a)
    return (_address(a) - start) // (a.itemsize or 1)


def storage_offset(input: Tensor) -> int:  # noqa: A002
    """The tensor's offset in its storage, in elements (``Tensor.storage_offset()``)."""
    return _offset_of(input._data)


def _shifted(a: np.ndarray, size: tuple, stride: tuple, delta: int) -> np.ndarray:
    """The view of ``a``'s memory with ``size``/``stride`` (in elements) starting ``delta`` elements past
    ``a``'s first element."""
    isz = a.itemsize
    first = _as_strided(a, (2,), (delta * isz,), writeable=a.flags.writeable)[1:]
    return _as_strided(first, size, tuple(s * isz for s in stride), writeable=a.flags.writeable)


def _positions(size: tuple, stride: tuple, offset: int) -> np.ndarray:
    """The storage position of every element of a strided layout."""
    pos = np.full(size, offset, dtype=np.int64)
    nd = len(size)
    for d, (n, s) in enumerate(zip(size, stride)):
        pos += (np.arange(n, dtype=np.int64) * s).reshape((n,) + (1,) * (nd - d - 1))
    return pos


def _replay_check(x, in_strides: tuple, replayable: bool) -> None:
    # a replay (an in-place op through the view, or its base changed in place) re-reads the view from
    # memory laid out as the original input's: _view_graph lays out the arrays it replays on (a copy
    # of the base's gradient, an index map of the base) as the base, but a gradient under
    # create_graph keeps its own layout, and a view reaching past its base's elements has no replay
    shape = tuple(x.shape)
    strides = _elem_strides(x) if isinstance(x, np.ndarray) else x.stride()
    same = all(a == b for n, a, b in zip(shape, strides, in_strides) if n != 1)
    if not (replayable and same):
        raise NotImplementedError("ember: an in-place op through an as_strided view (or on the base of one) "
                                  "needs the view's base to be contiguous and to hold every element the view reads")


def _replay_array(x: np.ndarray, size, stride, delta, in_strides, replayable) -> np.ndarray:
    _replay_check(x, in_strides, replayable)
    return _shifted(x, size, stride, delta)


_replay_array.layout_dependent = True     # (_view_graph lays the arrays it replays on out as the base)


def _replay_tensor(x: Tensor, size, stride, delta, in_strides, replayable) -> Tensor:
    _replay_check(x, in_strides, replayable)
    return as_strided(x, size, stride, storage_offset(x) + delta)


class AsStridedBackward0(Op):
    """``as_strided``: a view of the input's storage."""
    __slots__ = ("size", "stride", "storage_offset", "self_geometry")
    _param_names = ("size", "stride", "storage_offset")
    is_view = True

    @staticmethod
    def forward(ctx, a, size, stride, offset, replayable):
        ctx.size, ctx.stride, ctx.storage_offset = size, stride, offset
        own = _offset_of(a)
        ctx.self_geometry = (a.shape, _elem_strides(a), own)
        return _shifted(a, size, stride, offset - own)

    def backward(ctx, g, xp):
        shape, strides, offset = ctx.self_geometry
        inp = _positions(shape, strides, offset).reshape(-1)
        if not inp.size:
            return (xp.reshape(g, shape),)
        out = _positions(ctx.size, ctx.stride, ctx.storage_offset).reshape(-1)
        lo = int(min(inp.min(), out.min())) if out.size else int(inp.min())
        hi = int(max(inp.max(), out.max())) + 1 if out.size else int(inp.max()) + 1
        # torch's as_strided_backward: the gradient added into a zero storage at the positions the
        # output reads, then read back with the input's geometry
        storage = xp.embed_add(xp.reshape(g, (-1,)), (hi - lo,), (out - lo,))
        count = np.bincount(inp - lo, minlength=hi - lo)
        if count.max() > 1:     # an input that overlaps itself: each position's gradient shared, as torch
            storage = storage * xp.constant((1.0 / np.maximum(count, 1)).astype(np_dtype(g)))
        if xp.tensor_mode:
            return (as_strided(storage, shape, strides, offset - lo),)
        return (_shifted(storage, shape, strides, offset - lo),)

    @staticmethod
    def view_step(a, size, stride, offset, replayable):
        return ("call", (_replay_array, _replay_tensor,
                         (size, stride, offset - _offset_of(a), _elem_strides(a), replayable)))


class AsStridedBackward1(AsStridedBackward0):
    """``as_strided_``."""
    __slots__ = ()


def _geometry(input: Tensor, size, stride, offset) -> tuple:  # noqa: A002
    """as_strided's checked arguments and whether the view can be replayed (see ``_replay_check``)."""
    size, stride = tuple(int(s) for s in size), tuple(int(s) for s in stride)
    d = input._data
    if len(size) != len(stride):
        raise RuntimeError("mismatch in length of strides and shape")
    if any(s < 0 for s in stride):
        raise RuntimeError(f"as_strided: Negative strides are not supported at the moment, got strides: "
                           f"{list(stride)}")
    offset = _offset_of(d) if offset is None else int(offset)
    if any(n < 0 for n in size):
        raise RuntimeError(f"Storage size calculation overflowed with sizes={list(size)} and strides={list(stride)}")
    span = _extent(size, stride)
    isz = d.itemsize
    _, nbytes = _storage(d)
    if span and (span + offset) * isz > nbytes:
        raise RuntimeError(f"setStorage: sizes {list(size)}, strides {list(stride)}, storage offset {offset}, and "
                           f"itemsize {isz} requiring a storage size of {(span + offset) * isz} are out of bounds "
                           f"for storage of size {nbytes}")
    if offset < 0:
        raise RuntimeError(f"Tensor: invalid storage offset {offset}")
    root = input._view.base._data if input._view is not None else d
    lo = _offset_of(root)
    replayable = bool(not span or lo <= offset and offset + span <= lo + _extent(root.shape, _elem_strides(root)))
    return size, stride, offset, replayable


@torch_args
def as_strided(input: Tensor, size, stride, storage_offset: int | None = None) -> Tensor:  # noqa: A002
    """Return a view of ``input``'s storage with the given ``size``, ``stride`` and ``storage_offset``.

    The view reads the memory ``input`` lives in (its storage), starting ``storage_offset`` elements past
    the storage's start (default: ``input``'s own offset), whatever ``input``'s layout; elements may
    repeat. Its gradient adds each element's gradient to the storage position it reads. Prefer the
    ordinary view ops: as in torch, this one is easy to misuse.

    Args:
        input (Tensor): the input tensor.
        size (tuple of ints): the shape of the view.
        stride (tuple of ints): the stride of each dimension, in elements.
        storage_offset (int, optional): the view's offset in the storage. Default: ``input``'s.
    """
    size, stride, offset, replayable = _geometry(input, size, stride, storage_offset)
    return apply(AsStridedBackward0, (input,), (input._data,), size, stride, offset, replayable)


@torch_args
def as_strided_(input: Tensor, size, stride, storage_offset: int | None = None) -> Tensor:  # noqa: A002
    """In-place version of :func:`as_strided`: ``input`` becomes the view; returns it."""
    size, stride, offset, replayable = _geometry(input, size, stride, storage_offset)
    check_inplace(input)
    out = apply(AsStridedBackward1, (input,), (input._data,), size, stride, offset, replayable)
    input._data = out._data
    if out._grad_fn is not None:
        input._grad_fn = out._grad_fn
    if input._view is not None:
        input._view = out._view
    bump_version(input)
    if input._view is not None:
        input._view.version = input._vc[0]
    return input


_FORMATS = {contiguous_format: None, preserve_format: None, channels_last: 4, channels_last_3d: 5}


def _contiguous_strides(shape: tuple, memory_format) -> tuple:
    rank = _FORMATS.get(memory_format)
    if rank is not None and len(shape) != rank:
        raise RuntimeError(f"required rank {rank} tensor to use {'channels_last' if rank == 4 else 'channels_last_3d'}"
                           " format")
    order = list(range(len(shape)))
    if rank is not None:        # the channels dim innermost
        order = [0] + order[2:] + [1]
    strides = [0] * len(shape)
    step = 1
    for d in reversed(order):
        strides[d] = step
        step *= max(shape[d], 1)
    return tuple(strides)


def _resize(input: Tensor, shape: tuple, memory_format) -> Tensor:  # noqa: A002
    if input._requires_grad or (input._view is not None and input._view.base._requires_grad):
        raise RuntimeError("cannot resize variables that require grad")
    if input._inference and not STATE.inference:
        raise RuntimeError(INFERENCE_INPLACE)
    if any(n < 0 for n in shape):
        raise RuntimeError("numel: integer multiplication overflow")
    d = input._data
    if shape != d.shape or memory_format not in (None, contiguous_format, preserve_format):
        strides = _contiguous_strides(shape, memory_format or contiguous_format)
        numel = int(np.prod(shape, dtype=np.int64))
        start, nbytes = _storage(d)
        offset = (_address(d) - start) // d.itemsize
        avail = nbytes // d.itemsize - offset
        if numel <= avail:      # torch keeps the storage: the same memory, read with contiguous strides
            new = _shifted(d, shape, strides, 0) if numel else np.empty(shape, d.dtype)
        else:                   # torch grows the storage (new elements uninitialised: zeros here)
            grown = np.zeros(numel, dtype=d.dtype)
            if avail > 0:
                grown[:avail] = _shifted(d, (avail,), (1,), 0)
            new = _shifted(grown, shape, strides, 0)
        input._data = new
    bump_version(input)
    return input


def resize_(input: Tensor, *size, memory_format=None) -> Tensor:  # noqa: A002
    """Resize ``input`` in place to ``size``; returns it.

    As torch: the memory is kept when it holds enough elements (read with contiguous strides), and
    grown otherwise (the new elements are uninitialised in torch; zeros here; other views of the old
    memory do not see the grown memory, unlike torch's shared storage). A tensor that requires grad
    cannot be resized. The result records no autograd history.

    Args:
        size (int... or tuple of ints): the new shape.

    Keyword args:
        memory_format (ember.memory_format, optional): the layout of the result. Default: contiguous.
    """
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = tuple(size[0])
    for s in size:
        if isinstance(s, bool) or not isinstance(s, (int, np.integer)):
            raise TypeError(f"resize_(): argument 'size' (position 1) must be tuple of ints, not {type(s).__name__}")
    if not size:
        raise TypeError('resize_() missing 1 required positional arguments: "size"')
    return _resize(input, tuple(int(s) for s in size), memory_format)


def resize_as_(input: Tensor, the_template: Tensor, *, memory_format=None) -> Tensor:  # noqa: A002
    """Resize ``input`` in place to the shape of ``the_template`` (see :meth:`Tensor.resize_`); returns it."""
    if not isinstance(the_template, Tensor):
        raise TypeError(f"resize_as_(): argument 'the_template' (position 1) must be Tensor, not "
                        f"{type(the_template).__name__}")
    return _resize(input, tuple(the_template._data.shape), memory_format)
