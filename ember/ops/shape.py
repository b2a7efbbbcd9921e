"""View ops: view/reshape/flatten/unflatten, squeeze/unsqueeze, permute/transpose/t, expand.

Each returns a view that shares memory and the version counter with its input, and records how
to rebuild it from its base (``view_step``), so in-place ops through it reach the base
(``_view_graph.py``).
"""
from __future__ import annotations

import numpy as np

from .. import _dtype
from .._creation import int_list, int_list_arg
from .._memory_format import torch_strides  # noqa: F401  (the one strides function; re-exported)
from .._tensor import Tensor, make, wrap_dim
from .._tensor_data import dtype_arg
from ._parser import alias, torch_args
from ._op import Op
from ._record import apply
from ._squeeze_grads import squeeze_backward, t_backward, unsqueeze_backward
from .conversion import contiguous
from ._view_graph import expand_array

__all__ = ["view", "reshape", "view_as", "reshape_as", "flatten", "unflatten", "unsqueeze", "squeeze", "permute",
           "transpose", "swapaxes", "swapdims", "t", "expand", "expand_as", "broadcast_to", "T", "mT"]


_VIEW_OVERLOADS = ("torch.dtype dtype", "tuple of ints size")


def parse_shape(args, fname: str = "view", pname: str = "size", overloads: tuple = ()) -> tuple:
    """``view(2, 3)`` / ``view((2, 3))`` / ``view(Size)`` -> (2, 3), with the TypeError torch's
    argument parser gives ``fname`` for anything but ints."""
    return int_list(fname, pname, args, 1, overloads)


def infer_shape(shape: tuple, numel: int) -> tuple:
    """Resolve one -1 and check the element count, with torch's errors (infer_size)."""
    known = 1
    neg = None
    for i, s in enumerate(shape):
        if s == -1:
            if neg is not None:
                raise RuntimeError("only one dimension can be inferred")
            neg = i
        elif s >= 0:
            known *= s
        else:
            raise RuntimeError(f"invalid shape dimension {s} at index {i} of shape {list(shape)}")
    if neg is not None:
        if known and numel % known == 0 or numel == known:
            if known == 0:
                raise RuntimeError(f"cannot reshape tensor of {numel} elements into shape {list(shape)} because the "
                                   "unspecified dimension size -1 can be any value and is ambiguous")
            return shape[:neg] + (numel // known,) + shape[neg + 1:]
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
    if known != numel:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
    return shape


def strided_empty(a: np.ndarray, strides: tuple | None = None) -> np.ndarray:
    """An empty ``a`` carrying torch's strides (``strides``, or its own as torch has them), so that the
    views NumPy makes of it keep them: ``zeros(0, 3).t().stride()`` is ``(1, 3)``, as torch's."""
    st = torch_strides(a) if strides is None else strides
    return np.lib.stride_tricks.as_strided(a, a.shape, tuple(s * a.itemsize for s in st),
                                           writeable=a.flags.writeable)


class _ViewOp(Op):
    __slots__ = ("shape",)
    is_view = True

    def backward(ctx, g, xp):
        return (xp.reshape(g, ctx.shape),)


class ViewBackward0(_ViewOp):
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, shape):
        ctx.shape = a.shape
        try:
            return a.reshape(shape, copy=False)
        except ValueError:
            raise RuntimeError("view size is not compatible with input tensor's size and stride (at least one "
                               "dimension spans across two contiguous subspaces). Use .reshape(...) instead.") from None

    @staticmethod
    def view_step(a, shape):
        return ("reshape", shape)


class UnsqueezeBackward0(ViewBackward0):
    __slots__ = ()
    backward = unsqueeze_backward      # grad.squeeze(dim): SqueezeBackward1 under create_graph, as torch

    @staticmethod
    def forward(ctx, a, shape):
        out = ViewBackward0.forward(ctx, a, shape)
        if a.size and a.flags.c_contiguous and 1 not in a.shape:   # (a size-1 dim may carry any stride)
            return out
        # torch's unsqueeze(d) keeps the other strides and gives the new dim size[d] * stride[d] (1 at the
        # end); NumPy's reshape of an empty or non-contiguous array may choose others for size-1 dims
        d = next((k for k in range(a.ndim) if shape[k] != a.shape[k]), a.ndim)
        st = torch_strides(a)
        want = st[:d] + ((a.shape[d] * st[d]) if d < a.ndim else 1,) + st[d:]
        if not a.size:
            return strided_empty(out, want)
        if torch_strides(out) == want:
            return out
        return np.lib.stride_tricks.as_strided(out, out.shape, tuple(k * a.itemsize for k in want),
                                               writeable=out.flags.writeable)


class ReshapeAliasBackward0(ViewBackward0):
    """reshape of a non-contiguous tensor whose strides still allow a view."""
    __slots__ = ()


class SqueezeBackward0(ViewBackward0):
    __slots__ = ()
    backward = squeeze_backward        # torch's unsqueeze_to: UnsqueezeBackward0 nodes under create_graph


class SqueezeBackward1(ViewBackward0):
    __slots__ = ()
    backward = squeeze_backward


class SqueezeBackward2(ViewBackward0):
    """squeeze over a tuple of dims."""
    __slots__ = ()
    backward = squeeze_backward


class SqueezeBackward3(ViewBackward0):
    """squeeze_() (torch numbers the in-place forms after the out-of-place ones)."""
    __slots__ = ()
    backward = squeeze_backward


class SqueezeBackward4(ViewBackward0):
    """squeeze_(dim)."""
    __slots__ = ()
    backward = squeeze_backward


class SqueezeBackward5(ViewBackward0):
    """squeeze_(dims)."""
    __slots__ = ()
    backward = squeeze_backward


class UnsqueezeBackward1(ViewBackward0):
    """unsqueeze_(dim)."""
    __slots__ = ()
    backward = unsqueeze_backward


class UnsafeViewBackward0(Op):
    __slots__ = ("shape",)

    @staticmethod
    def forward(ctx, a, shape):
        ctx.shape = a.shape
        return a.reshape(shape)

    def backward(ctx, g, xp):
        return (xp.reshape(g, ctx.shape),)


@torch_args
def view(input: Tensor, *shape) -> Tensor:  # noqa: A002
    """Return a new tensor with the same data as ``input`` but of a different ``shape``.

    The result is a view: it shares memory (and the version counter) with ``input``, so in-place changes to one
    show in the other and are tracked by autograd. One dimension may be ``-1``, inferred from the others. If the
    memory layout of ``input`` does not allow the new shape without a copy, torch's ``RuntimeError`` is raised;
    use :func:`reshape` then. ``view(dtype)`` reinterprets the memory as
    ``dtype`` (the last dim scaled by the ratio of element sizes); autograd does not track it.

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
    if len(shape) == 1 and (isinstance(shape[0], _dtype.dtype) or (
            type(shape[0]) is type and shape[0] in (float, int, bool, complex))):
        return _view_dtype(input, dtype_arg(shape[0], "view"))     # a Python type as the dtype torch maps it to
    d = input._data
    return apply(ViewBackward0, (input,), (d,), infer_shape(parse_shape(shape, "view", "size", _VIEW_OVERLOADS),
                                                            d.size))


def _view_dtype(input: Tensor, dtype) -> Tensor:  # noqa: A002
    """``view(dtype)``: the same memory read as ``dtype``; not differentiable (torch's result needs no grad)."""
    d = input._data
    old, new = np.dtype(d.dtype), np.dtype(dtype.np)
    if old.itemsize != new.itemsize:
        names = f"{input.dtype._legacy[:-6]} as {dtype._legacy[:-6]} (different element sizes)"
        if d.ndim == 0:
            raise RuntimeError(f"self.dim() cannot be 0 to view {names}")
        st = torch_strides(d)
        if st[-1] != 1:
            raise RuntimeError(f"self.stride(-1) must be 1 to view {names}, but got {st[-1]}")
        ratio = new.itemsize // old.itemsize if new.itemsize > old.itemsize else 0
        if ratio and d.shape[-1] % ratio:
            raise RuntimeError(f"self.size(-1) must be divisible by {ratio} to view {names}, but got {d.shape[-1]}")
        for k, s in enumerate(st[:-1]):
            if ratio and s % ratio:
                raise RuntimeError(f"self.stride({k}) must be divisible by {ratio} to view {names}, but got {s}")
    out = make(d.view(new))
    out._vc = input._vc        # the same memory: in-place changes to either show in both
    return out


@torch_args
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
    shape = infer_shape(parse_shape(shape, "reshape", "shape"), d.size)
    if d.flags.c_contiguous:
        return apply(ViewBackward0, (input,), (d,), shape)
    try:
        np.reshape(d, shape, copy=False)
    except ValueError:
        pass
    else:
        return apply(ReshapeAliasBackward0, (input,), (d,), shape)
    c = contiguous(input)
    return apply(UnsafeViewBackward0, (c,), (c._data,), shape)


@torch_args
def view_as(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """View ``input`` as the same size as ``other``: ``input.view(other.size())``.

    Args:
        input (Tensor): the input tensor.
        other (Tensor): the result has the same size as ``other``.
    """
    return view(input, other._data.shape)


@torch_args
def reshape_as(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """Return ``input`` reshaped to the shape of ``other``: ``input.reshape(other.shape)``.

    Args:
        input (Tensor): the input tensor.
        other (Tensor): the result has the same shape as ``other``.
    """
    return reshape(input, other._data.shape)


@torch_args
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


@torch_args
def unflatten(input: Tensor, dim: int, sizes) -> Tensor:  # noqa: A002
    """Expand dimension ``dim`` of ``input`` into the dimensions ``sizes`` (a view).

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension to be unflattened.
        sizes (tuple of ints): the new shape of that dimension; one entry may be ``-1``. Their product must equal
            ``input.size(dim)``.
    """
    shape = input._data.shape
    sizes = int_list_arg("unflatten", "sizes", sizes, 2)
    if not shape:
        raise RuntimeError(f"unflatten got an unexpected error:\nDimension specified as {dim} but tensor has no "
                           "dimensions\n")
    try:
        dim = wrap_dim(dim, len(shape))
    except IndexError as e:
        raise RuntimeError(f"unflatten got an unexpected error:\n{e}\n") from None
    if not sizes:
        raise RuntimeError("unflatten: sizes must be non-empty")
    try:
        sizes = infer_shape(sizes, shape[dim])
    except RuntimeError as e:
        if "is invalid for input of size" in str(e):
            raise RuntimeError(f"unflatten: Provided sizes {list(sizes)} don't multiply up to the size of dim {dim} "
                               f"({shape[dim]}) in the input tensor") from None
        raise RuntimeError(f"unflatten got an unexpected error:\n{e}\n") from None
    return view(input, shape[:dim] + sizes + shape[dim + 1:])


@torch_args
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


@torch_args
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
    dims = check_dims(dim, len(shape))
    new = tuple(s for i, s in enumerate(shape) if not (i in dims and s == 1))
    return apply(SqueezeBackward1 if isinstance(dim, (int, np.integer)) else SqueezeBackward2, (input,),
                 (input._data,), new)


def check_dims(dim, ndim: int) -> tuple:
    """``dim`` (an int or a sequence of them) wrapped, with torch's errors for an out-of-range or a
    repeated dim (torch's dim_list_to_bitset)."""
    if isinstance(dim, (int, np.integer)):
        return (wrap_dim(int(dim), ndim),)
    out = []
    for d in dim:
        w = wrap_dim(int(d), ndim)
        if w in out:
            raise RuntimeError(f"dim {w} appears multiple times in the list of dims")
        out.append(w)
    return tuple(out)


class PermuteBackward0(Op):
    __slots__ = ("dims",)
    is_view = True
    _param_names = ("dims",)

    @staticmethod
    def forward(ctx, a, dims):
        ctx.dims = dims
        return (a if a.size else strided_empty(a)).transpose(dims)

    def backward(ctx, g, xp):
        return (xp.permute(g, tuple(np.argsort(ctx.dims))),)

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
        if not a.size:
            a = strided_empty(a)
        return a.view() if d0 == d1 else a.swapaxes(d0, d1)     # (the method: np.swapaxes's wrapper costs ~1 µs)

    def backward(ctx, g, xp):
        return (g if ctx.dim0 == ctx.dim1 else xp.swapaxes(g, ctx.dim0, ctx.dim1),)

    @staticmethod
    def view_step(a, d0, d1):
        perm = list(range(a.ndim))
        if d0 == d1:
            return ("permute", tuple(perm))
        perm[d0], perm[d1] = perm[d1], perm[d0]
        return ("permute", tuple(perm))


class TBackward0(TransposeBackward0):
    __slots__ = ()
    backward = t_backward      # grad.t(): TBackward0 under create_graph, as torch


@torch_args
def permute(input: Tensor, *dims) -> Tensor:  # noqa: A002
    """Return a view of ``input`` with its dimensions permuted.

    Args:
        input (Tensor): the input tensor.
        dims (int...): the desired ordering of dimensions, as integers or a single tuple; it must name every
            dimension once.
    """
    nd = input._data.ndim
    dims = parse_shape(dims, "permute", "dims") if dims else ()     # permute() of a 0-d tensor, as formulas call it
    if len(dims) != nd:
        raise RuntimeError("permute(sparse_coo): number of dimensions in the tensor input does not match the length "
                           f"of the desired ordering of dimensions i.e. input.dim() = {nd} is not equal to "
                           f"len(dims) = {len(dims)}")
    dims = tuple(wrap_dim(d, nd) for d in dims)
    if len(set(dims)) != nd:
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return apply(PermuteBackward0, (input,), (input._data,), dims)


@torch_args
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


swapaxes, swapdims = alias(transpose, "swapaxes"), alias(transpose, "swapdims")


@torch_args
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


def T(self: Tensor) -> Tensor:  # noqa: N802
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


class ExpandBackward0(Op):
    __slots__ = ()
    is_view = True

    @staticmethod
    def forward(ctx, a, shape):
        return expand_array(a if a.size else strided_empty(a), shape)

    def backward(ctx, g, xp):
        return (g,)  # the engine sums it back to the input's shape

    @staticmethod
    def view_step(a, shape):
        return ("expand", shape)


@torch_args
def expand(input: Tensor, *sizes) -> Tensor:  # noqa: A002
    """Return a new view of ``input`` with singleton dimensions expanded to a larger size.

    Passing ``-1`` as the size of a dimension keeps it. New dimensions may be added in front. No memory is
    copied: expanded elements share memory, so in-place writes to them are refused, as in torch. The gradient
    is summed back over the expanded dimensions.

    Args:
        input (Tensor): the input tensor.
        sizes (int...): the desired expanded size, as integers or a single tuple or ``ember.Size``.
    """
    sizes = parse_shape(sizes, "expand", "size") if sizes else ()    # expand() is expand(()): formulas use it
    shape = input._data.shape
    nd, nt = len(sizes), len(shape)
    if nd < nt:
        raise RuntimeError(f"expand(torch.{input.dtype._legacy}{{{list(shape)}}}, size={list(sizes)}): the number of "
                           f"sizes provided ({nd}) must be greater or equal to the number of dimensions in the tensor "
                           f"({nt})")
    out = list(sizes)
    lead = nd - nt
    for i in range(nd - 1, -1, -1):     # torch's infer_expand_geometry, from the last dim
        cur = shape[i - lead] if i >= lead else 1
        s = sizes[i]
        if s == -1:
            if i < lead:
                raise RuntimeError(f"The expanded size of the tensor (-1) isn't allowed in a leading, non-existing "
                                   f"dimension {i}")
            s = out[i] = cur
        if s != cur and cur != 1:
            raise RuntimeError(f"The expanded size of the tensor ({s}) must match the existing size ({cur}) at "
                               f"non-singleton dimension {i}.  Target sizes: {list(sizes)}.  Tensor sizes: "
                               f"{list(shape)}")
    for s in out:
        if s < 0:
            raise RuntimeError("numel: integer multiplication overflow")
    return apply(ExpandBackward0, (input,), (input._data,), tuple(out))


@torch_args
def expand_as(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """Expand ``input`` to the size of ``other``: ``input.expand(other.size())``.

    Args:
        input (Tensor): the input tensor.
        other (Tensor): the result has the same size as ``other``.
    """
    if not isinstance(other, Tensor):
        raise TypeError(f"expand_as(): argument 'other' (position 1) must be Tensor, not {type(other).__name__}")
    return expand(input, other._data.shape)


@torch_args
def broadcast_to(input: Tensor, shape) -> Tensor:  # noqa: A002
    """Broadcast ``input`` to the shape ``shape``: ``input.expand(shape)``.

    Args:
        input (Tensor): the input tensor.
        shape (list, tuple or ember.Size): the new shape.
    """
    return expand(input, int_list_arg("broadcast_to", "size", shape, 2))


def mT(self: Tensor) -> Tensor:  # noqa: N802
    """The last two dimensions transposed (``self.mT``); a 0-D tensor is returned as it is (deprecated, with
    torch's warning), a 1-D one refused."""
    nd = self._data.ndim
    if nd < 2:
        if nd == 0:
            import warnings
            warnings.warn("Tensor.mT is deprecated on 0-D tensors. This function is the identity in these cases.",
                          UserWarning, stacklevel=2)
            return self
        raise RuntimeError(f"tensor.mT is only supported on matrices or batches of matrices. Got {nd}-D tensor.")
    return transpose(self, -2, -1)
