"""Shape functions torch builds from other ops (so their graphs hold those ops' nodes, as torch's do):
repeat_interleave, ravel, type_as, broadcast_tensors/broadcast_shapes, meshgrid, tensor_split,
hsplit/vsplit/dsplit, atleast_1d/2d/3d; the in-place view ops squeeze_/unsqueeze_, t_/transpose_."""
from __future__ import annotations

import warnings

import numpy as np

from .. import _dtype
from .._tensor import Size, Tensor, make, wrap_dim
from .._factory_args import invalid_combination
from ._parser import torch_args, type_name
from ._inplace import bump_version, check_inplace
from .conversion import CloneBackward0, contiguous, to
from .indexing import index_select
from ._record import apply
from .shape import (SqueezeBackward3, SqueezeBackward4, SqueezeBackward5, TransposeBackward0, UnsqueezeBackward1,
                    check_dims, expand, reshape, unsqueeze, view)

__all__ = ["repeat_interleave", "ravel", "type_as", "broadcast_tensors", "broadcast_shapes", "meshgrid",
           "tensor_split", "hsplit", "vsplit", "dsplit", "atleast_1d", "atleast_2d", "atleast_3d", "squeeze_",
           "unsqueeze_", "t_", "transpose_", "swapaxes_", "swapdims_"]


def _check_repeats_dtype(r: np.ndarray) -> None:
    # torch's CPU kernel is dispatched for int32 / int64 repeats only
    if r.dtype not in (np.int32, np.int64):
        name = _dtype._BY_CHAR[r.dtype.char]._legacy[:-6]
        raise NotImplementedError(f'"repeat_interleave_cpu" not implemented for \'{name}\'')


@torch_args
def repeat_interleave(input: Tensor, repeats=None, dim: int | None = None, *,  # noqa: A002
                      output_size: int | None = None) -> Tensor:
    """Repeat each element of ``input`` (each slice along ``dim``) ``repeats`` times, in place of it.

    ``repeats`` is an int (every element the same number of times) or a 1-D tensor of counts, one per
    element along ``dim``. Without ``dim`` the flattened input is repeated. ``repeat_interleave(counts)``
    alone repeats ``arange(len(counts))``.

    Args:
        input (Tensor): the input tensor.
        repeats (Tensor or int): the number of repetitions for each element.
        dim (int, optional): the dimension along which to repeat values. Default: the flattened input.

    Keyword args:
        output_size (int, optional): the total output size along ``dim``, checked if given.
    """
    if repeats is None:         # repeat_interleave(counts): the indices 0.. each repeated counts[i] times
        counts = input._data
        if counts.ndim > 1:
            raise RuntimeError("repeat_interleave only accept 1D vector as repeat")
        _check_repeats_dtype(counts)
        if counts.size and counts.min() < 0:
            raise RuntimeError("repeats can not be negative")
        return make(np.repeat(np.arange(counts.size, dtype=counts.dtype), counts.reshape(-1)))
    x = input
    if dim is None:
        x, dim = reshape(x, (-1,)), 0
    nd = x._data.ndim
    dim = wrap_dim(dim, nd)
    n = x._data.shape[dim] if nd else 1
    if isinstance(repeats, Tensor):
        r = repeats._data
        if r.ndim > 1:
            raise RuntimeError("repeats must be 0-dim or 1-dim tensor")
        if r.size == 1:
            r = np.full(n, r.reshape(-1)[0], dtype=r.dtype)
        elif r.size != n:
            raise RuntimeError(f"repeats must have the same size as input along dim, but got repeats.size(0) = "
                               f"{r.size} and input.size({dim}) = {n}")
        _check_repeats_dtype(r)
        if r.size and r.min() < 0:
            raise RuntimeError("repeats can not be negative")
        if output_size is not None and int(r.sum()) != output_size:
            raise RuntimeError("allocated size does not match required size")
        index = make(np.repeat(np.arange(n, dtype=np.int64), r.reshape(-1)))
        return index_select(x, dim, index)
    if repeats < 0:
        raise RuntimeError("repeats can not be negative")
    if output_size is not None and n * repeats != output_size:
        raise RuntimeError(f"repeat_interleave: Invalid output_size, expected {n * repeats} but got {output_size}")
    if nd == 0:
        x, dim = reshape(x, (1,)), 0
    shape = x._data.shape
    grown = expand(unsqueeze(x, dim + 1), shape[:dim + 1] + (repeats,) + shape[dim + 1:])
    grown = apply(CloneBackward0, (grown,), (grown._data,), True)     # a contiguous clone, as torch's
    return view(grown, shape[:dim] + (shape[dim] * repeats,) + shape[dim + 1:])


@torch_args
def ravel(input: Tensor) -> Tensor:  # noqa: A002
    """Return ``input`` flattened: a view when it is contiguous, else a contiguous copy, flattened."""
    return view(contiguous(input), (-1,))


@torch_args
def type_as(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """``input`` cast to ``other``'s dtype (``input`` itself if it has it already).

    Args:
        input (Tensor): the input tensor.
        other (Tensor): the tensor whose dtype to take.
    """
    if not isinstance(other, Tensor):
        raise TypeError(f"type_as(): argument 'other' (position 1) must be Tensor, not {type(other).__name__}")
    return to(input, other.dtype)


def broadcast_shapes(*shapes) -> Size:
    """The shape that tensors of the given ``shapes`` broadcast to, without making any tensor.

    Args:
        *shapes (torch.Size or int or tuple of ints): the shapes.
    """
    sizes = []
    for s in shapes:
        if isinstance(s, (int, np.integer)):
            s = (int(s),)
        elif not isinstance(s, (tuple, list)):
            raise RuntimeError("Input shapes should be of type ints, a tuple of ints, or a list of ints, got "
                               f"{s!r}")
        for n in s:
            if n < 0:
                raise ValueError("Attempting to broadcast a dimension with negative length!")
        sizes.append(tuple(int(n) for n in s))
    out: list = []
    for i, s in enumerate(sizes):
        if len(s) > len(out):
            out = [1] * (len(s) - len(out)) + out
        for k in range(1, len(s) + 1):
            a, b = out[-k], s[-k]
            if a == 1:
                out[-k] = b
            elif b != 1 and a != b:
                raise RuntimeError(f"Attempting to broadcast a dimension of length {b} at {-k}! Mismatching argument "
                                   f"at index {i} had {s}; but expected shape should be broadcastable to {out}")
    return Size(out)


def broadcast_tensors(*tensors) -> tuple:
    """Expand the given tensors to their common broadcast shape (views of them; a tensor that has the shape
    already is returned as it is).

    Args:
        *tensors: any number of tensors of broadcastable shapes.
    """
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    shapes = [t._data.shape for t in tensors]
    try:
        shape = np.broadcast_shapes(*shapes)
    except ValueError:
        ref = shapes[0]
        for k, s in enumerate(shapes[1:], 1):
            try:
                ref = np.broadcast_shapes(ref, s)
            except ValueError:
                for j in range(1, max(len(ref), len(s)) + 1):
                    a, b = (ref[-j] if j <= len(ref) else 1), (s[-j] if j <= len(s) else 1)
                    if a != b and a != 1 and b != 1:
                        raise RuntimeError(f"The size of tensor a ({a}) must match the size of tensor b ({b}) at "
                                           f"non-singleton dimension {max(len(ref), len(s)) - j}") from None
        raise
    return tuple(t if t._data.shape == shape else expand(t, shape) for t in tensors)   # torch: as is, if it fits


def meshgrid(*tensors, indexing: str | None = None) -> tuple:
    """Coordinate grids from 1-D tensors: output ``i`` holds ``tensors[i]`` varying along dim ``i`` (``"ij"``)
    or, with ``"xy"``, the first two dims swapped (Cartesian indexing). Each grid is an expanded view.

    Args:
        *tensors: 0-D or 1-D tensors (or one list of them).

    Keyword args:
        indexing (str): ``"ij"`` or ``"xy"``. Default: ``"ij"``, with torch's warning that it must be given.
    """
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing is None:
        warnings.warn("torch.meshgrid: in an upcoming release, it will be required to pass the indexing argument.",
                      UserWarning, stacklevel=2)
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise RuntimeError(f'torch.meshgrid: indexing must be one of "xy" or "ij", but received: {indexing}')
    if not tensors:
        raise RuntimeError("meshgrid expects a non-empty TensorList")
    if any(t._data.dtype != tensors[0]._data.dtype for t in tensors[1:]):
        raise RuntimeError("meshgrid expects all tensors to have the same dtype")
    for t in tensors:
        if t._data.ndim > 1:
            raise RuntimeError(f"torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: {t}")
    ts = list(tensors)
    swap = indexing == "xy" and len(ts) >= 2
    if swap:
        ts[0], ts[1] = ts[1], ts[0]
    shape = tuple(int(t._data.size) for t in ts)
    grids = []
    for i, t in enumerate(ts):
        view_shape = [1] * len(ts)
        view_shape[i] = -1
        grids.append(expand(view(t, tuple(view_shape)), shape))
    if swap:
        grids[0], grids[1] = grids[1], grids[0]
    return tuple(grids)


@torch_args
def tensor_split(input: Tensor, indices_or_sections, dim: int = 0) -> tuple:  # noqa: A002
    """Split ``input`` along ``dim`` into views: ``n`` pieces of nearly equal size (the first
    ``size % n`` one larger) for an int ``n``, or at the given indices for a sequence (or 1-D tensor).

    Args:
        input (Tensor): the tensor to split.
        indices_or_sections (int, sequence of ints or Tensor): the number of pieces, or the split indices.
        dim (int): the dimension to split along. Default: ``0``.
    """
    d = input._data
    if d.ndim == 0:
        raise RuntimeError(f"tensor_split expected at least a 1-dimensional tensor, but got a tensor with {d.ndim} "
                           "dims")
    dim = wrap_dim(dim, d.ndim)
    n = d.shape[dim]
    ios = indices_or_sections
    if isinstance(ios, Tensor):
        if ios._data.dtype != np.int64:
            raise RuntimeError("tensor_split expected tensor_indices_or_sections to have dtype of long, but got "
                               f"{ios.dtype._legacy[:-6]}")
        if ios._data.ndim > 1:
            raise RuntimeError("tensor_split expected tensor_indices_or_sections to be a zero-dimensional or "
                               f"one-dimensional tensor, but got a tensor with {ios._data.ndim} dims")
        ios = int(ios._data) if ios._data.ndim == 0 else [int(v) for v in ios._data]
    if isinstance(ios, (int, np.integer)):
        sections = int(ios)
        if sections <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {sections}")
        small, extra = divmod(n, sections)
        bounds, start = [], 0
        for k in range(sections):
            stop = start + small + (1 if k < extra else 0)
            bounds.append((start, stop))
            start = stop
    else:
        cuts = [int(v) for v in ios]
        bounds, start = [], 0
        for c in cuts + [n]:
            bounds.append((start, c))
            start = c
    pre = (slice(None),) * dim
    return tuple(input[pre + (slice(min(max(a, 0), n) if a >= 0 else a, b),)] for a, b in bounds)


def _split_dim(name: str, input: Tensor, sections, dim: int, need: int) -> tuple:  # noqa: A002
    nd = input._data.ndim
    if nd < need:
        raise RuntimeError(f"torch.{name} requires a tensor with at least {need} dimension, but got a tensor with "
                           f"{nd} dimensions!")
    if isinstance(sections, (int, np.integer)):
        n = input._data.shape[dim]
        if sections == 0 or n % sections:
            raise RuntimeError(f"torch.{name} attempted to split along dimension {dim}, but the size of the "
                               f"dimension {n} is not divisible by the split_size {sections}!")
    return tensor_split(input, sections, dim)


@torch_args
def hsplit(input: Tensor, indices_or_sections) -> tuple:  # noqa: A002
    """Split ``input`` horizontally (along dim 1, or 0 for a 1-D tensor): :func:`tensor_split`, where an
    int must divide the size."""
    return _split_dim("hsplit", input, indices_or_sections, 1 if input._data.ndim > 1 else 0, 1)


@torch_args
def vsplit(input: Tensor, indices_or_sections) -> tuple:  # noqa: A002
    """Split ``input`` vertically (along dim 0); ``input`` must be at least 2-D."""
    return _split_dim("vsplit", input, indices_or_sections, 0, 2)


@torch_args
def dsplit(input: Tensor, indices_or_sections) -> tuple:  # noqa: A002
    """Split ``input`` depthwise (along dim 2); ``input`` must be at least 3-D."""
    return _split_dim("dsplit", input, indices_or_sections, 2, 3)


def _atleast(fn, tensors, name: str):
    if len(tensors) == 1:
        t = tensors[0]
        if isinstance(t, (list, tuple)):
            return tuple(fn(x) for x in _tensor_list(t))
        if not isinstance(t, Tensor):
            raise invalid_combination(name, (t,), ("Tensor input", "tuple of Tensors tensors"))
        return fn(t)
    return tuple(fn(x) for x in _tensor_list(tensors))


def _tensor_list(items) -> tuple:
    """The atleast functions' tensors, with torch's parser's words for anything else."""
    for i, x in enumerate(items):
        if not isinstance(x, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got {type_name(x)}")
    return tuple(items)


def _at1(t: Tensor) -> Tensor:
    return reshape(t, (1,)) if t._data.ndim == 0 else t


def _at2(t: Tensor) -> Tensor:
    nd = t._data.ndim
    return reshape(t, (1, 1)) if nd == 0 else unsqueeze(t, 0) if nd == 1 else t


def _at3(t: Tensor) -> Tensor:
    nd = t._data.ndim
    if nd == 0:
        return reshape(t, (1, 1, 1))
    if nd == 1:
        return unsqueeze(unsqueeze(t, 0), -1)
    return unsqueeze(t, -1) if nd == 2 else t


def atleast_1d(*tensors):
    """Each input with at least one dim (a 0-d tensor becomes shape ``(1,)``); one tensor in, one out."""
    return _atleast(_at1, tensors, "atleast_1d")


def atleast_2d(*tensors):
    """Each input with at least two dims (dims of size one added in front)."""
    return _atleast(_at2, tensors, "atleast_2d")


def atleast_3d(*tensors):
    """Each input with at least three dims (a 1-D ``(n,)`` becomes ``(1, n, 1)``, a 2-D one gets a last dim)."""
    return _atleast(_at3, tensors, "atleast_3d")


def _restride(input: Tensor, cls, *params) -> Tensor:  # noqa: A002
    """Give ``input`` a new shape in place (torch's squeeze_/unsqueeze_): the same memory, its grad_fn
    the in-place view node, its version bumped; a view stays a view of its base."""
    check_inplace(input)
    out = apply(cls, (input,), (input._data,), *params)
    input._data = out._data
    if out._grad_fn is not None:
        input._grad_fn = out._grad_fn
    if input._view is not None:
        input._view = out._view      # the base's, with this step added
    bump_version(input)
    if input._view is not None:
        input._view.version = input._vc[0]     # its grad_fn is current: no re-read from the base
    return input


@torch_args
def squeeze_(input: Tensor, dim=None) -> Tensor:  # noqa: A002
    """In-place version of :func:`squeeze`: ``input`` loses its size-1 dims (those in ``dim``); returns it."""
    shape = input._data.shape
    if dim is None:
        return _restride(input, SqueezeBackward3, tuple(s for s in shape if s != 1))
    dims = check_dims(dim, len(shape))
    new = tuple(s for i, s in enumerate(shape) if not (i in dims and s == 1))
    return _restride(input, SqueezeBackward4 if isinstance(dim, (int, np.integer)) else SqueezeBackward5, new)


@torch_args
def unsqueeze_(input: Tensor, dim: int) -> Tensor:  # noqa: A002
    """In-place version of :func:`unsqueeze`: ``input`` gets a size-1 dim at ``dim``; returns it."""
    shape = input._data.shape
    dim = wrap_dim(dim, len(shape) + 1)
    return _restride(input, UnsqueezeBackward1, shape[:dim] + (1,) + shape[dim:])


class TransposeBackward1(TransposeBackward0):
    """transpose_ (and swapaxes_, swapdims_)."""
    __slots__ = ()


class TBackward1(TransposeBackward0):
    """t_."""
    __slots__ = ()


@torch_args
def transpose_(input: Tensor, dim0: int, dim1: int) -> Tensor:  # noqa: A002
    """In-place version of :func:`transpose`: ``input`` gets dims ``dim0`` and ``dim1`` swapped; returns it.

    As torch, the memory stays as it is and only the strides change; the version counter is bumped and
    autograd records ``TransposeBackward1``.
    """
    nd = input._data.ndim
    return _restride(input, TransposeBackward1, wrap_dim(dim0, nd), wrap_dim(dim1, nd))


@torch_args
def t_(input: Tensor) -> Tensor:  # noqa: A002
    """In-place version of :func:`t` (a tensor of at most 2 dimensions); returns ``input``."""
    nd = input._data.ndim
    if nd > 2:
        raise RuntimeError(f"t_() expects a tensor with <= 2 dimensions, but self is {nd}D")
    return _restride(input, TBackward1, 0, 1 if nd == 2 else 0)


@torch_args
def swapaxes_(input: Tensor, axis0: int, axis1: int) -> Tensor:  # noqa: A002
    """Alias of :func:`transpose_`."""
    return transpose_(input, axis0, axis1)


@torch_args
def swapdims_(input: Tensor, dim0: int, dim1: int) -> Tensor:  # noqa: A002
    """Alias of :func:`transpose_`."""
    return transpose_(input, dim0, dim1)
