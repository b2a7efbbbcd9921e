"""``beta * input + alpha * product``: addmm, addmv, addbmm, baddbmm and their in-place forms, one node each
(``AddmmBackward0`` is shared with ``linear``, in ops/linalg.py); ``beta=0`` ignores the input, NaN and inf too."""
from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from ._inplace import apply_inplace, bump_version, check_inplace
from ._op import Op
from ._parser import torch_args
from ._record import apply
from .linalg import AddmmBackward0, _cname, _name
from .shape import expand

__all__ = ["addmm", "addmv", "addbmm", "baddbmm", "addmm_", "addmv_", "addbmm_", "baddbmm_"]


class AddmvBackward0(Op):
    """``beta * input + alpha * (mat @ vec)``."""
    __slots__ = ("beta", "alpha")
    _saved_names = ("mat", "vec")
    _param_names = ("alpha", "beta")

    @staticmethod
    def forward(ctx, a, mat, vec, beta, alpha):
        ctx.beta, ctx.alpha = beta, alpha
        ctx.save(mat, vec)
        return _scaled_sum(a, mat @ vec, beta, alpha)

    def backward(ctx, g, xp):
        mat, vec = xp.saved(ctx)
        ga = g if ctx.alpha == 1 else g * ctx.alpha
        return (g if ctx.beta == 1 else g * ctx.beta), xp.unsqueeze(ga, -1) * xp.unsqueeze(vec, 0), \
            xp.matmul(xp.swapaxes(mat, 0, 1), ga)


class BaddbmmBackward0(Op):
    """``beta * input + alpha * bmm(batch1, batch2)``."""
    __slots__ = ("beta", "alpha")
    _saved_names = ("batch1", "batch2")
    _param_names = ("alpha", "beta")

    @staticmethod
    def forward(ctx, a, b1, b2, beta, alpha):
        ctx.beta, ctx.alpha = beta, alpha
        ctx.save(b1, b2)
        return _scaled_sum(a, np.matmul(b1, b2), beta, alpha)

    def backward(ctx, g, xp):
        b1, b2 = xp.saved(ctx)
        ga = g if ctx.alpha == 1 else g * ctx.alpha
        return (g if ctx.beta == 1 else g * ctx.beta), xp.matmul(ga, xp.swapaxes(b2, 1, 2)), \
            xp.matmul(xp.swapaxes(b1, 1, 2), ga)


class AddbmmBackward0(Op):
    """``beta * input + alpha * sum_b(batch1[b] @ batch2[b])``."""
    __slots__ = ("beta", "alpha")
    _saved_names = ("batch1", "batch2")
    _param_names = ("alpha", "beta")

    @staticmethod
    def forward(ctx, a, b1, b2, beta, alpha):
        ctx.beta, ctx.alpha = beta, alpha
        ctx.save(b1, b2)
        return _scaled_sum(a, np.matmul(b1, b2).sum(0), beta, alpha)

    def backward(ctx, g, xp):
        b1, b2 = xp.saved(ctx)
        ga = g if ctx.alpha == 1 else g * ctx.alpha
        gb = xp.expand(xp.unsqueeze(ga, 0), (b1.shape[0],) + tuple(ga.shape))
        return (g if ctx.beta == 1 else g * ctx.beta), xp.matmul(gb, xp.swapaxes(b2, 1, 2)), \
            xp.matmul(xp.swapaxes(b1, 1, 2), gb)


def _scaled_sum(a, prod, beta, alpha):
    """torch's ``beta * input + alpha * product``: beta=0 ignores the input (NaN and inf too)."""
    out = prod if alpha == 1 else prod * alpha
    if beta != 0:
        out = out + (a if beta == 1 else beta * a)
    return np.ascontiguousarray(np.broadcast_to(out, np.broadcast_shapes(out.shape, a.shape)).astype(prod.dtype))


def _check_same_dtype(what: str, *ts: Tensor) -> None:
    d0 = ts[0]._data.dtype
    for x in ts[1:]:
        if x._data.dtype != d0:
            raise RuntimeError(f"{what} must have the same dtype, but got {_name(d0)} and {_name(x._data.dtype)}")


def _broadcast_input(input: Tensor, shape: tuple) -> None:  # noqa: A002
    """torch's expand error for an ``input`` that does not broadcast to the product's shape."""
    try:
        if np.broadcast_shapes(input._data.shape, shape) == shape:
            return
    except ValueError:
        pass
    expand(input.detach(), shape)
    raise RuntimeError(f"The expanded size of the tensor must match the existing size: {list(input.shape)} vs "
                       f"{list(shape)}")


@torch_args
def addmm(input: Tensor, mat1: Tensor, mat2: Tensor, *, beta=1, alpha=1) -> Tensor:  # noqa: A002
    """``beta * input + alpha * (mat1 @ mat2)``, one ``AddmmBackward0`` node.

    ``input`` broadcasts to the ``(n, p)`` product; with ``beta=0`` it is ignored (NaN and inf in it do not
    propagate), as in torch.

    Args:
        input (Tensor): the tensor to add, broadcastable to ``(n, p)``.
        mat1 (Tensor): ``(n, m)``.
        mat2 (Tensor): ``(m, p)``.
        beta (Number): multiplier of ``input``. Default: 1.
        alpha (Number): multiplier of the product. Default: 1.
    """
    for nm, m in (("mat1", mat1), ("mat2", mat2)):
        if m.ndim != 2:
            raise RuntimeError(f"{nm} must be a matrix, got {m.ndim}-D tensor")
    a, b = mat1._data, mat2._data
    if a.shape[1] != b.shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({a.shape[0]}x{a.shape[1]} and "
                           f"{b.shape[0]}x{b.shape[1]})")
    _check_same_dtype("self and mat2", input, mat2)
    _check_same_dtype("mat1 and mat2", mat1, mat2)
    _broadcast_input(input, (a.shape[0], b.shape[1]))
    return apply(AddmmBackward0, (input, mat1, mat2), (input._data, a, b), False, beta, alpha)


@torch_args
def addmv(input: Tensor, mat: Tensor, vec: Tensor, *, beta=1, alpha=1) -> Tensor:  # noqa: A002
    """``beta * input + alpha * (mat @ vec)``, one ``AddmvBackward0`` node.

    Args:
        input (Tensor): the vector to add, broadcastable to ``(n,)``.
        mat (Tensor): ``(n, m)``.
        vec (Tensor): ``(m,)``.
        beta (Number): multiplier of ``input``. Default: 1.
        alpha (Number): multiplier of the product. Default: 1.
    """
    if mat.ndim != 2 or vec.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got {input.ndim}, {mat.ndim}, {vec.ndim}")
    sm, sv = mat._data.shape, vec._data.shape
    if sm[1] != sv[0] or (input.ndim == 1 and input.shape[0] not in (1, sm[0])):
        raise RuntimeError(f"size mismatch, got input ({input.shape[0] if input.ndim else 1}), mat ({sm[0]}x{sm[1]}), "
                           f"vec ({sv[0]})")
    if not input.dtype == mat.dtype == vec.dtype:
        raise RuntimeError(f"addmv input tensors must have the same dtype, but got {_name(input._data.dtype)}, "
                           f"{_name(mat._data.dtype)}, and {_name(vec._data.dtype)}")
    _broadcast_input(input, (sm[0],))
    return apply(AddmvBackward0, (input, mat, vec), (input._data, mat._data, vec._data), beta, alpha)


def _check_batches(b1: Tensor, b2: Tensor) -> None:
    for nm, b in (("batch1", b1), ("batch2", b2)):
        if b.ndim != 3:
            raise RuntimeError(f"{nm} must be a 3D tensor")


def _baddbmm_checks(input: Tensor, b1: Tensor, b2: Tensor, inplace: bool) -> None:  # noqa: A002
    """torch's order: the result's sizes are read first (``size(dim)``'s IndexError), the input expanded to
    them, then the input's dtype, the ranks, the sizes, and batch2's dtype."""
    out_shape = (b1.size(0), b1.size(1), b2.size(2))
    _broadcast_input(input, out_shape)
    if input._data.dtype != b1._data.dtype:
        raise RuntimeError(f"Input dtypes must be the same, got: input {_cname(input._data.dtype)}, batch1: "
                           f"{_cname(b1._data.dtype)}, batch2: {_cname(b2._data.dtype)}")
    _check_batches(b1, b2)
    s1, s2 = b1._data.shape, b2._data.shape
    if s2[0] != s1[0] or s2[1] != s1[2]:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: [{s1[0]}, {s1[2]}] but "
                           f"got: [{s2[0]}, {s2[1]}].")
    if b2._data.dtype != b1._data.dtype:
        if inplace:
            raise RuntimeError(f"Bad in-place call: input tensor dtype {_cname(input._data.dtype)} and output tensor "
                               f"dtype {_cname(b2._data.dtype)} should match")
        raise RuntimeError(f"expected scalar type {_name(b1._data.dtype)} but found {_name(b2._data.dtype)}")


@torch_args
def baddbmm(input: Tensor, batch1: Tensor, batch2: Tensor, *, beta=1, alpha=1) -> Tensor:  # noqa: A002
    """``beta * input + alpha * bmm(batch1, batch2)``, one ``BaddbmmBackward0`` node.

    Args:
        input (Tensor): broadcastable to ``(b, n, p)``.
        batch1 (Tensor): ``(b, n, m)``.
        batch2 (Tensor): ``(b, m, p)``.
        beta (Number): multiplier of ``input``. Default: 1.
        alpha (Number): multiplier of the product. Default: 1.
    """
    _baddbmm_checks(input, batch1, batch2, inplace=False)
    return apply(BaddbmmBackward0, (input, batch1, batch2), (input._data, batch1._data, batch2._data), beta, alpha)


@torch_args
def addbmm(input: Tensor, batch1: Tensor, batch2: Tensor, *, beta=1, alpha=1) -> Tensor:  # noqa: A002
    """``beta * input + alpha * sum_b(batch1[b] @ batch2[b])``, one ``AddbmmBackward0`` node.

    Args:
        input (Tensor): broadcastable to ``(n, p)``.
        batch1 (Tensor): ``(b, n, m)``.
        batch2 (Tensor): ``(b, m, p)``.
        beta (Number): multiplier of ``input``. Default: 1.
        alpha (Number): multiplier of the product. Default: 1.
    """
    _broadcast_input(input, (batch1.size(1), batch2.size(2)))   # torch reads the result's sizes first
    _check_batches(batch1, batch2)
    s1, s2 = batch1._data.shape, batch2._data.shape
    if s1[0] != s2[0]:
        raise RuntimeError(f"batch1 and batch2 must have same number of batches, got {s1[0]} and {s2[0]}")
    if s1[2] != s2[1]:
        raise RuntimeError(f"Incompatible matrix sizes for bmm ({s1[1]}x{s1[2]} and {s2[1]}x{s2[2]})")
    _check_same_dtype("self and mat2", input, batch2)
    _check_same_dtype("mat1 and mat2", batch1, batch2)
    return apply(AddbmmBackward0, (input, batch1, batch2), (input._data, batch1._data, batch2._data), beta, alpha)


def _inplace(fn, cls, self: Tensor, a: Tensor, b: Tensor, beta, alpha, extra=()) -> Tensor:
    """``self.<op>_(a, b)``: torch's checks (the out-of-place function's), the product's shape must be
    ``self``'s, then written into ``self`` (one node, as torch's in-place form)."""
    out_shape = tuple(fn.__wrapped__(self.detach(), a.detach(), b.detach(), beta=beta, alpha=alpha).shape)
    if out_shape != tuple(self.shape):
        raise RuntimeError(f"Bad in-place call: input tensor size {list(self.shape)} and output tensor size "
                           f"{list(out_shape)} should match")
    return apply_inplace(cls, self, (self, a, b), (self._data, a._data, b._data), *extra, beta, alpha)


def _resizing_inplace(self: Tensor, batch1: Tensor, batch2: Tensor, beta, alpha) -> Tensor:
    """``self.addbmm_`` into a new shape (torch's out= kernel resizes its output): ``self`` becomes the
    out-of-place result, whose node's input edge is ``self``'s old one."""
    check_inplace(self, (self, batch1, batch2))
    if self._view is not None:
        raise RuntimeError(f"addbmm_: ember cannot resize a view ({list(self.shape)}) to the product's shape; "
                           "clone() it first or pass a tensor of the product's shape")
    out = addbmm(self, batch1, batch2, beta=beta, alpha=alpha)
    self._data, self._grad_fn, self._requires_grad = out._data, out._grad_fn, out._requires_grad
    self._output_nr = 0
    bump_version(self)
    return self


@torch_args
def addmm_(self: Tensor, mat1: Tensor, mat2: Tensor, *, beta=1, alpha=1) -> Tensor:
    """In-place :func:`addmm`: ``self = beta * self + alpha * (mat1 @ mat2)``."""
    return _inplace(addmm, AddmmBackward0, self, mat1, mat2, beta, alpha, (False,))


@torch_args
def addmv_(self: Tensor, mat: Tensor, vec: Tensor, *, beta=1, alpha=1) -> Tensor:
    """In-place :func:`addmv`."""
    return _inplace(addmv, AddmvBackward0, self, mat, vec, beta, alpha)


@torch_args
def baddbmm_(self: Tensor, batch1: Tensor, batch2: Tensor, *, beta=1, alpha=1) -> Tensor:
    """In-place :func:`baddbmm`."""
    _baddbmm_checks(self, batch1, batch2, inplace=True)
    return _inplace(baddbmm, BaddbmmBackward0, self, batch1, batch2, beta, alpha)


@torch_args
def addbmm_(self: Tensor, batch1: Tensor, batch2: Tensor, *, beta=1, alpha=1) -> Tensor:
    """In-place :func:`addbmm`. As torch's, a ``self`` that broadcasts to the product's shape is resized to it."""
    out_shape = tuple(addbmm.__wrapped__(self.detach(), batch1.detach(), batch2.detach()).shape)
    if tuple(self.shape) != out_shape:
        return _resizing_inplace(self, batch1, batch2, beta, alpha)
    return _inplace(addbmm, AddbmmBackward0, self, batch1, batch2, beta, alpha)
