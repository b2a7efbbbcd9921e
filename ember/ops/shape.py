"""Shape ops and views: view/reshape/flatten, transpose/t/permute, squeeze/unsqueeze, expand,
cat/stack, clone/contiguous/to/copy_, and the machinery for in-place ops on views
(``CopySlices``, ``AsStridedBackward0``).

A view shares memory and the version counter with its base and remembers how to rebuild itself
from the base (replay steps), so an in-place op on it can route gradients into the base's shape.
"""
from __future__ import annotations

import numpy as np

from .. import _dtype
from .._tensor import Tensor, make, tensor_method, wrap_dim, _object_new
from .base import Op, apply, apply_inplace, edge
from ..autograd.graph import Node


def parse_shape(args) -> tuple:
    """``view(2, 3)`` / ``view((2, 3))`` / ``view(Size)`` -> (2, 3)."""
    if len(args) == 1 and not isinstance(args[0], (int, np.integer)):
        args = args[0]
    return tuple(int(s) for s in args)


def infer_shape(shape: tuple, numel: int) -> tuple:
    """Resolve one -1 and check the element count, with torch's error."""
    known = 1
    neg = None
    for i, s in enumerate(shape):
        if s == -1:
            if neg is not None:
                raise RuntimeError("only one dimension can be inferred")
            neg = i
        elif s < 0:
            raise RuntimeError(f"invalid shape dimension {s}")
        else:
            known *= s
    if neg is not None:
        if known == 0 or numel % known:
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
        return shape[:neg] + (numel // known,) + shape[neg + 1:]
    if known != numel:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
    return shape


# ----------------------------------------------------------------------------------------------
# view ops
class _ViewOp(Op):
    __slots__ = ("shape",)
    is_view = True

    def backward(ctx, g, F):
        return (F.reshape(g, ctx.shape),)


class ViewBackward0(_ViewOp):
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, shape):
        ctx.shape = a.shape
        try:
            return np.reshape(a, shape, copy=False)
        except ValueError:
            raise RuntimeError("view size is not compatible with input tensor's size and stride (at least one "
                               "dimension spans across two contiguous subspaces). Use .reshape(...) instead.") from None

    @staticmethod
    def view_step(a, shape):
        return ("reshape", shape)


class UnsqueezeBackward0(ViewBackward0):
    __slots__ = ()


class ReshapeAliasBackward0(ViewBackward0):
    """reshape of a non-contiguous tensor whose strides still allow a view."""
    __slots__ = ()


class SqueezeBackward0(ViewBackward0):
    __slots__ = ()


class SqueezeBackward1(ViewBackward0):
    __slots__ = ()


class UnsafeViewBackward0(Op):
    __slots__ = ("shape",)

    @staticmethod
    def forward(ctx, a, shape):
        ctx.shape = a.shape
        return np.reshape(a, shape)

    def backward(ctx, g, F):
        return (F.reshape(g, ctx.shape),)


@tensor_method
def view(input: Tensor, *shape) -> Tensor:  # noqa: A002
    """Return a new tensor with the same data as ``input`` but of a different ``shape``.

    The result is a view: it shares memory (and the version counter) with ``input``, so in-place changes to one
    show in the other and are tracked by autograd. One dimension may be ``-1``, inferred from the others. If the
    memory layout of ``input`` does not allow the new shape without a copy, torch's ``RuntimeError`` is raised;
    use :func:`reshape` then. ``view(dtype)`` is not supported.

    Args:
        input (Tensor): the input tensor.
        shape (int...): the desired size, as integers or a single tuple, list or ``ember.Size``.

    Example::

        >>> a = torch.arange(6)
        >>> a.view(2, 3)
        tensor([[0, 1, 2],
                [3, 4, 5]])
        >>> a.view(-1, 2)
        tensor([[0, 1],
                [2, 3],
                [4, 5]])
    """
    if len(shape) == 1 and isinstance(shape[0], _dtype.dtype):
        raise NotImplementedError("view(dtype) is not supported by ember")
    d = input._data
    return apply(ViewBackward0, (input,), (d,), infer_shape(parse_shape(shape), d.size))


@tensor_method
def reshape(input: Tensor, *shape) -> Tensor:  # noqa: A002
    """Return a tensor with the same data and number of elements as ``input``, but with the specified shape.

    The result is a view of ``input`` when its memory layout allows it (always for a contiguous tensor), and a
    copy otherwise; do not rely on either. One dimension may be ``-1``, inferred from the others.

    Args:
        input (Tensor): the tensor to be reshaped.
        shape (int...): the new shape, as integers or a single tuple, list or ``ember.Size``.

    Example::

        >>> torch.reshape(torch.arange(4.), (2, 2))
        tensor([[0., 1.],
                [2., 3.]])
        >>> torch.arange(6.).reshape(3, 2).t().reshape(-1)     # not viewable: a copy
        tensor([0., 2., 4., 1., 3., 5.])
    """
    d = input._data
    shape = infer_shape(parse_shape(shape), d.size)
    if d.flags.c_contiguous:
        return apply(ViewBackward0, (input,), (d,), shape)
    try:
        np.reshape(d, shape, copy=False)
    except ValueError:
        pass
    else:
        return apply(ReshapeAliasBackward0, (input,), (d,), shape)
    c = clone(input)
    return apply(UnsafeViewBackward0, (c,), (c._data,), shape)


@tensor_method
def view_as(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """View ``input`` as the same size as ``other``: ``input.view(other.size())``.

    Args:
        input (Tensor): the input tensor.
        other (Tensor): the result has the same size as ``other``.
    """
    return view(input, other._data.shape)


@tensor_method
def reshape_as(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """Return ``input`` reshaped to the shape of ``other``: ``input.reshape(other.shape)``.

    Args:
        input (Tensor): the input tensor.
        other (Tensor): the result has the same shape as ``other``.
    """
    return reshape(input, other._data.shape)


@tensor_method
def flatten(input: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:  # noqa: A002
    """Flatten ``input`` by reshaping the dimensions ``start_dim`` to ``end_dim`` into one.

    A 0-d tensor becomes a 1-d tensor of one element; if ``start_dim`` equals ``end_dim``, ``input`` itself is
    returned. Like :func:`reshape`, the result may be a view or a copy.

    Args:
        input (Tensor): the input tensor.
        start_dim (int): the first dim to flatten. Default: ``0``.
        end_dim (int): the last dim to flatten. Default: ``-1``.
    """
    shape = input._data.shape
    if not shape:
        return reshape(input, (1,))
    s, e = wrap_dim(start_dim, len(shape)), wrap_dim(end_dim, len(shape))
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if s == e:
        return input
    n = 1
    for k in shape[s:e + 1]:
        n *= k
    return reshape(input, shape[:s] + (n,) + shape[e + 1:])


@tensor_method
def unflatten(input: Tensor, dim: int, sizes) -> Tensor:  # noqa: A002
    """Expand dimension ``dim`` of ``input`` into the dimensions ``sizes`` (a view).

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to be unflattened.
        sizes (tuple of ints): the new shape of that dimension; one entry may be ``-1``. Their product must equal
            ``input.size(dim)``.
    """
    shape = input._data.shape
    dim = wrap_dim(dim, len(shape))
    sizes = infer_shape(tuple(sizes), shape[dim])
    return view(input, shape[:dim] + sizes + shape[dim + 1:])


@tensor_method
def unsqueeze(input: Tensor, dim: int) -> Tensor:  # noqa: A002
    """Return a new tensor with a dimension of size one inserted at position ``dim`` (a view).

    Args:
        input (Tensor): the input tensor.
        dim (int): the index at which to insert the singleton dimension, in
            ``[-input.dim() - 1, input.dim()]``; negative values count from the end.
    """
    shape = input._data.shape
    dim = wrap_dim(dim, len(shape) + 1)
    return apply(UnsqueezeBackward0, (input,), (input._data,), shape[:dim] + (1,) + shape[dim:])


@tensor_method
def squeeze(input: Tensor, dim=None) -> Tensor:  # noqa: A002
    """Return a tensor with the dimensions of ``input`` of size 1 removed (a view).

    With ``dim``, only the listed dimensions are removed, and only if their size is 1.

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): if given, squeeze only these dimensions. Default: ``None``, all.
    """
    shape = input._data.shape
    if dim is None:
        return apply(SqueezeBackward0, (input,), (input._data,), tuple(s for s in shape if s != 1))
    dims = {wrap_dim(d, len(shape)) for d in ((dim,) if isinstance(dim, int) else dim)}
    new = tuple(s for i, s in enumerate(shape) if not (i in dims and s == 1))
    return apply(SqueezeBackward1, (input,), (input._data,), new)


class PermuteBackward0(Op):
    __slots__ = ("dims",)
    is_view = True
    _param_names = ("dims",)

    @staticmethod
    def forward(ctx, a, dims):
        ctx.dims = dims
        return np.transpose(a, dims)

    def backward(ctx, g, F):
        return (F.permute(g, tuple(np.argsort(ctx.dims))),)

    @staticmethod
    def view_step(a, dims):
        return ("permute", dims)


class TransposeBackward0(Op):
    __slots__ = ("dim0", "dim1")
    is_view = True
    _param_names = ("dim0", "dim1")

    @staticmethod
    def forward(ctx, a, d0, d1):
        ctx.dim0, ctx.dim1 = d0, d1
        return a.view() if d0 == d1 else np.swapaxes(a, d0, d1)

    def backward(ctx, g, F):
        return (g if ctx.dim0 == ctx.dim1 else F.swapaxes(g, ctx.dim0, ctx.dim1),)

    @staticmethod
    def view_step(a, d0, d1):
        perm = list(range(a.ndim))
        if d0 == d1:
            return ("permute", tuple(perm))
        perm[d0], perm[d1] = perm[d1], perm[d0]
        return ("permute", tuple(perm))


class TBackward0(TransposeBackward0):
    __slots__ = ()


@tensor_method
def permute(input: Tensor, *dims) -> Tensor:  # noqa: A002
    """Return a view of ``input`` with its dimensions permuted.

    Args:
        input (Tensor): the input tensor.
        dims (int...): the desired ordering of dimensions, as integers or a single tuple; it must name every
            dimension once.
    """
    nd = input._data.ndim
    dims = parse_shape(dims)
    if len(dims) != nd:
        raise RuntimeError("permute(sparse_coo): number of dimensions in the tensor input does not match the length "
                           f"of the desired ordering of dimensions i.e. input.dim() = {nd} is not equal to "
                           f"len(dims) = {len(dims)}")
    dims = tuple(wrap_dim(d, nd) for d in dims)
    if len(set(dims)) != nd:
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return apply(PermuteBackward0, (input,), (input._data,), dims)


@tensor_method
def transpose(input: Tensor, dim0: int, dim1: int) -> Tensor:  # noqa: A002
    """Return a view of ``input`` with dimensions ``dim0`` and ``dim1`` swapped.

    Also available as ``swapaxes`` and ``swapdims``.

    Args:
        input (Tensor): the input tensor.
        dim0 (int): the first dimension to be transposed.
        dim1 (int): the second dimension to be transposed.
    """
    nd = input._data.ndim
    return apply(TransposeBackward0, (input,), (input._data,), wrap_dim(dim0, nd), wrap_dim(dim1, nd))


swapaxes = swapdims = transpose
Tensor.swapaxes = Tensor.swapdims = transpose


@tensor_method
def t(input: Tensor) -> Tensor:  # noqa: A002
    """Transpose a tensor of at most 2 dimensions (a view).

    0-D and 1-D tensors are returned as they are (as views); a 2-D tensor is ``transpose(input, 0, 1)``.

    Args:
        input (Tensor): the input tensor.
    """
    nd = input._data.ndim
    if nd > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {nd}D")
    if nd < 2:
        return apply(TBackward0, (input,), (input._data,), 0, 0)
    return apply(TBackward0, (input,), (input._data,), 0, 1)


def _T(self: Tensor) -> Tensor:
    """The tensor with its dimensions reversed (``Tensor.T``).

    Deprecated by torch for tensors that are not 2-D, and so warned about here too; use ``Tensor.mT`` to
    transpose batches of matrices.
    """
    import warnings
    nd = self._data.ndim
    if nd == 0:
        warnings.warn("Tensor.T is deprecated on 0-D tensors. This function is the identity in these cases.",
                      UserWarning, stacklevel=2)
    elif nd != 2:
        warnings.warn("The use of `x.T` on tensors of dimension other than 2 to reverse their shape is deprecated "
                      "and it will throw an error in a future release. Consider `x.mT` to transpose batches of "
                      "matrices or `x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a "
                      "tensor.", UserWarning, stacklevel=2)
    return permute(self, tuple(range(nd))[::-1])


Tensor.T = property(_T)
Tensor.mT = property(lambda self: transpose(self, -2, -1))


def expand_array(a: np.ndarray, shape: tuple) -> np.ndarray:
    """A broadcast view that stays writeable, as torch's expand is: in-place ops through it work
    where nothing is repeated, and are refused (torch's error) where elements share memory."""
    lead = len(shape) - a.ndim
    strides = (0,) * lead + tuple(0 if (n == 1 and s != 1) else st
                                  for s, n, st in zip(shape[lead:], a.shape, a.strides))
    return np.lib.stride_tricks.as_strided(a, shape, strides, writeable=a.flags.writeable)


class ExpandBackward0(Op):
    __slots__ = ()
    is_view = True

    @staticmethod
    def forward(ctx, a, shape):
        return expand_array(a, shape)

    def backward(ctx, g, F):
        return (g,)  # the engine sums it back to the input's shape

    @staticmethod
    def view_step(a, shape):
        return ("expand", shape)


@tensor_method
def expand(input: Tensor, *sizes) -> Tensor:  # noqa: A002
    """Return a new view of ``input`` with singleton dimensions expanded to a larger size.

    Passing ``-1`` as the size of a dimension keeps it. New dimensions may be added in front. No memory is
    copied: expanded elements share memory, so in-place writes to them are refused, as in torch. The gradient
    is summed back over the expanded dimensions.

    Args:
        input (Tensor): the input tensor.
        sizes (int...): the desired expanded size, as integers or a single tuple or ``ember.Size``.
    """
    sizes = parse_shape(sizes)
    shape = input._data.shape
    if len(sizes) < len(shape):
        raise RuntimeError(f"expand(torch.FloatTensor{{{list(shape)}}}, size={list(sizes)}): the number of sizes "
                           "provided ({}) must be greater or equal to the number of dimensions in the tensor "
                           "({})".format(len(sizes), len(shape)))
    lead = len(sizes) - len(shape)
    out = []
    for i, s in enumerate(sizes):
        if i < lead:
            out.append(s)
            continue
        cur = shape[i - lead]
        if s == -1:
            out.append(cur)
        elif cur != s and cur != 1:
            raise RuntimeError(f"The expanded size of the tensor ({s}) must match the existing size ({cur}) at "
                               f"non-singleton dimension {i}.  Target sizes: {list(sizes)}.  Tensor sizes: "
                               f"{list(shape)}")
        else:
            out.append(s)
    return apply(ExpandBackward0, (input,), (input._data,), tuple(out))


@tensor_method
def expand_as(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """Expand ``input`` to the size of ``other``: ``input.expand(other.size())``.

    Args:
        input (Tensor): the input tensor.
        other (Tensor): the result has the same size as ``other``.
    """
    return expand(input, other._data.shape)


def broadcast_to(input: Tensor, shape) -> Tensor:  # noqa: A002
    """Broadcast ``input`` to the shape ``shape``: ``input.expand(shape)``.

    Args:
        input (Tensor): the input tensor.
        shape (list, tuple or ember.Size): the new shape.
    """
    return expand(input, tuple(shape))


Tensor.broadcast_to = broadcast_to


# ----------------------------------------------------------------------------------------------
class CatBackward0(Op):
    __slots__ = ("dim", "sizes")
    _param_names = ("dim",)

    @staticmethod
    def forward(ctx, *args):
        *arrays, dim = args
        ctx.dim = dim
        ctx.sizes = [a.shape[dim] if a.ndim else 0 for a in arrays]
        return np.concatenate(arrays, axis=dim)

    def backward(ctx, g, F):
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

    def backward(ctx, g, F):
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


# ----------------------------------------------------------------------------------------------
class CloneBackward0(Op):
    __slots__ = ()

    @staticmethod
    def forward(ctx, a):
        return a.copy()

    def backward(ctx, g, F):
        return (g,)


@tensor_method
def clone(input: Tensor, *, memory_format=None) -> Tensor:  # noqa: A002
    """Return a copy of ``input``.

    Unlike ``detach()``, the copy stays in the graph: the gradient flows back to ``input`` unchanged.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        memory_format (optional): accepted for compatibility and ignored.
    """
    return apply(CloneBackward0, (input,), (input._data,))


@tensor_method
def contiguous(input: Tensor, memory_format=None) -> Tensor:  # noqa: A002
    """Return a contiguous tensor with the same data as ``input``.

    ``input`` itself is returned if it is already contiguous, else a copy that stays in the graph.

    Args:
        input (Tensor): the input tensor.
        memory_format (optional): accepted for compatibility and ignored.
    """
    if input._data.flags.c_contiguous:
        return input
    return apply(CloneBackward0, (input,), (np.ascontiguousarray(input._data),))


class ToCopyBackward0(Op):
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, np_dtype):
        return a.astype(np_dtype)

    def backward(ctx, g, F):
        return (g,)  # the engine casts it back to the input's dtype


@tensor_method
def to(input: Tensor, *args, **kwargs) -> Tensor:  # noqa: A002
    """Perform a dtype (or device) conversion of ``input``.

    Forms: ``to(dtype)``, ``to(other)`` (take ``other``'s dtype), ``to(device)``, ``to(device, dtype)``, and the
    keywords ``dtype``, ``device`` and ``copy``. Only the CPU is accepted as device. If nothing changes,
    ``input`` itself is returned (a clone with ``copy=True``). The gradient is cast back to ``input``'s dtype;
    converting a tensor that requires grad to a non-floating dtype gives a result without autograd history.

    Args:
        input (Tensor): the input tensor.
        args: a dtype, a tensor, or a device (str or ``ember.device``).
        kwargs: ``dtype`` (ember.dtype), ``device`` and ``copy`` (bool, default ``False``); others are ignored.
    """
    from .._tensor import check_device, device as _device
    target = kwargs.get("dtype")
    copy = kwargs.get("copy", False)
    check_device(kwargs.get("device"))
    for a in args:
        if isinstance(a, _dtype.dtype):
            target = a
        elif isinstance(a, Tensor):
            target = a.dtype
        elif isinstance(a, (str, _device)):
            check_device(a)
    if target is None or target.np == input._data.dtype:
        return clone(input) if copy else input
    if input._requires_grad and not (target.is_floating_point or target.is_complex):
        return make(input._data.astype(target.np))
    return apply(ToCopyBackward0, (input,), (input._data,), target.np)


def _converter(d):
    def conv(self: Tensor, memory_format=None) -> Tensor:
        """Return ``self`` converted to this method's dtype, e.g. ``self.float()`` is ``self.to(ember.float32)``.

        ``self`` itself is returned if it already has that dtype.

        Args:
            memory_format (optional): accepted for compatibility and ignored.
        """
        return to(self, d)
    return conv


Tensor.float = _converter(_dtype.float32)
Tensor.double = _converter(_dtype.float64)
Tensor.half = _converter(_dtype.float16)
Tensor.long = _converter(_dtype.int64)
Tensor.int = _converter(_dtype.int32)
Tensor.short = _converter(_dtype.int16)
Tensor.char = _converter(_dtype.int8)
Tensor.byte = _converter(_dtype.uint8)
Tensor.bool = _converter(_dtype.bool)
Tensor.cpu = lambda self, *a, **k: self


def _type(self: Tensor, dtype=None, non_blocking=False):
    """Return the type string (e.g. ``'torch.FloatTensor'``) if ``dtype`` is not given, else cast to ``dtype``.

    Args:
        dtype (ember.dtype or str, optional): the desired type, as a dtype or a string such as
            ``'torch.DoubleTensor'``. Default: ``None``.
        non_blocking (bool): accepted for compatibility and ignored. Default: ``False``.
    """
    if dtype is None:
        return "torch." + self.dtype._legacy
    if isinstance(dtype, str):
        dtype = {("torch." + d._legacy): d for d in _dtype.ALL}[dtype]
    return to(self, dtype)


Tensor.type = _type


def _cuda(self, *args, **kwargs):
    """Always raise ``AssertionError``, as torch built without CUDA does: ember runs on the CPU only."""
    raise AssertionError("Torch not compiled with CUDA enabled")


Tensor.cuda = _cuda


class CopyBackwards(Op):
    """``self.copy_(src)``: self's old value gets no gradient, src gets it all."""
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, src):
        return np.broadcast_to(src, a.shape).astype(a.dtype)

    def backward(ctx, g, F):
        return F.zeros_like(g), g

    def name(self) -> str:
        return "torch::autograd::CopyBackwards"


@tensor_method
def copy_(input: Tensor, src, non_blocking: bool = False) -> Tensor:  # noqa: A002
    """Copy the elements from ``src`` into ``input`` in place and return ``input``.

    ``src`` may be a tensor or a number; it is broadcast to ``input``'s shape and cast to its dtype. The whole
    gradient goes to ``src``; the overwritten values of ``input`` get a zero gradient.

    Args:
        input (Tensor): the tensor to copy into.
        src (Tensor or Number): the source of the values.
        non_blocking (bool): accepted for compatibility and ignored. Default: ``False``.
    """
    from .elementwise import as_operand
    src = as_operand(src)
    if not isinstance(src, Tensor):
        src = make(np.asarray(src))
    return apply_inplace(CopyBackwards, input, (input, src), (input._data, src._data))


class FillBackward(Op):
    __slots__ = ()
    allows_overlap = True

    @staticmethod
    def forward(ctx, a, value):
        return np.full_like(a, value)

    def backward(ctx, g, F):
        return (F.zeros_like(g),)


FillBackward2 = type("FillBackward2", (FillBackward,), {"__slots__": ()})
ZeroBackward0 = type("ZeroBackward0", (FillBackward,), {"__slots__": ()})


class FillBackward3(Op):
    """``fill_(value)`` with a 0-d tensor value: the value gets the summed gradient."""
    __slots__ = ()
    reads_operands_first = True    # the value is read before anything is written
    # unlike fill_ with a number, torch refuses it on an expanded (self-overlapping) tensor

    @staticmethod
    def forward(ctx, a, value):
        return np.full_like(a, value)

    def backward(ctx, g, F):
        return F.zeros_like(g), F.sum(g)


@tensor_method
def fill_(input: Tensor, value) -> Tensor:  # noqa: A002
    """Fill ``input`` with ``value`` in place and return ``input``.

    When ``value`` is a 0-d tensor, it receives the summed gradient of all the filled elements; the overwritten
    values of ``input`` get a zero gradient.

    Args:
        input (Tensor): the tensor to fill.
        value (Number or Tensor): the fill value, a number or a 0-d tensor.
    """
    if isinstance(value, Tensor):
        if value._data.ndim:
            raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor with "
                               f"{value._data.ndim} dimensions.")
        return apply_inplace(FillBackward3, input, (input, value), (input._data, value._data))
    return apply_inplace(FillBackward2, input, (input,), (input._data, value))


@tensor_method
def zero_(input: Tensor) -> Tensor:  # noqa: A002
    """Fill ``input`` with zeros in place and return ``input``.

    Args:
        input (Tensor): the tensor to fill.
    """
    return apply_inplace(ZeroBackward0, input, (input,), (input._data, 0))


# ----------------------------------------------------------------------------------------------
# replaying views, and in-place ops on views
def replay_array(x: np.ndarray, steps: tuple) -> np.ndarray:
    """Rebuild a view from an array shaped like its base."""
    for kind, arg in steps:
        if kind == "getitem":
            x = x[arg]
        elif kind == "reshape":
            x = x.reshape(arg)
        elif kind == "permute":
            x = x.transpose(arg)
        else:
            x = expand_array(x, arg)
    return x


def replay_tensor(x: Tensor, steps: tuple) -> Tensor:
    """Rebuild a view from a Tensor shaped like its base, recording each step."""
    from .indexing import getitem
    for kind, arg in steps:
        if kind == "getitem":
            x = getitem(x, arg)
        elif kind == "reshape":
            x = reshape(x, arg)
        elif kind == "permute":
            x = permute(x, arg)
        else:
            x = expand(x, arg)
    return x


class AsStridedBackward0(Op):
    """The grad_fn of a view whose base was changed in place: the view re-read from the base."""
    __slots__ = ("steps", "base_shape")
    is_view = True

    @staticmethod
    def forward(ctx, base, steps):
        ctx.steps, ctx.base_shape = steps, base.shape
        return replay_array(base, steps)

    def backward(ctx, g, F):
        # each view element adds its gradient to the base element it reads (several may read the
        # same one, as in an expanded view): map positions through the view, then scatter-add
        n = int(np.prod(ctx.base_shape))
        positions = replay_array(np.arange(n).reshape(ctx.base_shape), ctx.steps).reshape(-1)
        flat = F.embed_add(F.reshape(g, (-1,)), (n,), (positions,))
        return (F.reshape(flat, ctx.base_shape),)

    @staticmethod
    def view_step(base, steps):
        return steps


class CopySlices(Node):
    """The base's grad_fn after an in-place op on one of its views."""

    __slots__ = ("fn", "steps", "view_shape", "overlapping")

    def name(self) -> str:
        return "torch::autograd::CopySlices"

    def backward(ctx, g, F):
        fn = ctx.fn
        if ctx._saved is None:        # freed with the rest of the graph: the op's values go too
            fn._saved = None
        result = F.clone(g)
        grads = fn.backward(F.clone(F.view(result, ctx.steps)), F)
        if ctx.overlapping:
            from .base import OVERLAP_SELF
            raise RuntimeError(OVERLAP_SELF)   # the write went through repeated memory: as torch
        if type(grads) is not tuple:
            grads = (grads,)
        g0 = grads[0]
        if g0 is None:
            g0 = 0.0
        elif tuple(g0.shape) != ctx.view_shape:
            g0 = F.sum_to(g0, ctx.view_shape)
        F.setview(result, ctx.steps, g0)
        return (result,) + tuple(grads[1:])


def graft_view_inplace(view: Tensor, fn: Node) -> None:
    """After in-place op ``fn`` on ``view``: base.grad_fn = CopySlices, view re-read from base."""
    info = view._view
    base = info.base
    cs = _object_new(CopySlices)
    cs.fn = fn
    cs.steps = info.steps
    cs.view_shape = view._data.shape
    cs.overlapping = any(st == 0 and n > 1 for n, st in zip(view._data.shape, view._data.strides))
    cs.next_functions = (edge(base),) + fn.next_functions[1:]
    cs._in_meta = [(base._data.shape, base._data.dtype)] + list(fn._in_meta[1:])
    cs._saved = (fn,)
    old = base._grad_fn
    if base._retains_grad and old is not None and old._retained is not None:
        cs._retained, old._retained = old._retained, None    # retain_grad() follows the base
        cs._has_hooks = True
    base._grad_fn = cs
    base._requires_grad = True
    _set_view_grad_fn(view, base)


def _set_view_grad_fn(view: Tensor, base: Tensor) -> None:
    info = view._view
    old = view._grad_fn
    node = _object_new(AsStridedBackward0)
    node.steps, node.base_shape = info.steps, base._data.shape
    node.next_functions = (edge(base),)
    node._in_meta = [(base._data.shape, base._data.dtype)]
    if view._retains_grad and old is not None and old._retained is not None:
        node._retained, old._retained = old._retained, None     # retain_grad() follows the view
        node._has_hooks = True
    view._grad_fn = node
    view._requires_grad = True
    info.version = view._vc[0]


def refresh_view_grad_fn(view: Tensor) -> None:
    """A view whose base changed in place since its grad_fn was set: re-read it from the base."""
    info = view._view
    base = info.base
    if base._requires_grad:     # also when an in-place op has only now made the base require grad
        _set_view_grad_fn(view, base)
    else:
        info.version = view._vc[0]

