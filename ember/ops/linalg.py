"""Matrix products: matmul (1-D, 2-D, batched with broadcasting), mm, linear (addmm)."""
from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from ._op import Op
from ._promotion import broadcast_error, promote
from ._record import apply


class _MatmulBase(Op):
    """``a @ b`` with NumPy's matmul semantics; the gradient of a broadcast batch dim is summed
    by the engine, 1-D operands are handled by unsqueezing."""
    __slots__ = ("nd_a", "nd_b")
    _saved_names = ("self", "mat2")

    @staticmethod
    def forward(ctx, a, b):
        nf = ctx.next_functions
        if nf:
            ctx.nd_a, ctx.nd_b = a.ndim, b.ndim
            ctx.save(a if nf[1][0] is not None else None, b if nf[0][0] is not None else None)
        return np.matmul(a, b)

    def backward(ctx, g, xp):
        a, b = xp.saved(ctx)
        nd_a, nd_b = ctx.nd_a, ctx.nd_b
        if nd_a == 1:
            g = xp.unsqueeze(g, -2 if nd_b > 1 else 0)
        if nd_b == 1:
            g = xp.unsqueeze(g, -1)
        ga = gb = None
        if b is not None:
            bm = xp.unsqueeze(b, -1) if nd_b == 1 else b
            ga = xp.matmul(g, xp.swapaxes(bm, -1, -2))
            if nd_a == 1:
                ga = ga[..., 0, :]
        if a is not None:
            am = xp.unsqueeze(a, 0) if nd_a == 1 else a
            gb = xp.matmul(xp.swapaxes(am, -1, -2), g)
            if nd_b == 1:
                gb = gb[..., 0]
        return ga, gb


class MmBackward0(_MatmulBase):
    __slots__ = ()


class MvBackward0(_MatmulBase):
    __slots__ = ()


class DotBackward0(_MatmulBase):
    __slots__ = ()


class SqueezeBackward4(_MatmulBase):
    """vector @ matrix (torch records a squeeze over mm)."""
    __slots__ = ()


class UnsafeViewBackward0(_MatmulBase):
    """batched matmul (torch records a view over bmm)."""
    __slots__ = ()


def _matmul_error(sa: tuple, sb: tuple) -> RuntimeError:
    if len(sa) == 1 and len(sb) == 1:
        return RuntimeError(f"inconsistent tensor size, expected tensor [{sa[0]}] and src [{sb[0]}] to have the same "
                            f"number of elements, but got {sa[0]} and {sb[0]} elements respectively")
    if len(sa) == 2 and len(sb) == 1:
        return RuntimeError(f"size mismatch, got input ({sa[0]}), mat ({sa[0]}x{sa[1]}), vec ({sb[0]})")
    if len(sa) <= 2 and len(sb) <= 2:
        ra = sa if len(sa) == 2 else (1,) + sa
        rb = sb if len(sb) == 2 else sb + (1,)
        return RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({ra[0]}x{ra[1]} and {rb[0]}x{rb[1]})")
    ka = sa[-1]
    kb = sb[-2] if len(sb) > 1 else sb[0]
    if ka != kb:
        return RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: [{sa[0] if len(sa) > 2 else 1}, "
                            f"{ka}] but got: [{sb[0] if len(sb) > 2 else 1}, {kb}].")
    return broadcast_error(sa[:-2], sb[:-2])


def matmul(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """Matrix product of two tensors.

    The behavior depends on the dimensionality of the tensors, as in torch:

    - If both tensors are 1-dimensional, the dot product (a 0-d tensor) is returned.
    - If both are 2-dimensional, the matrix-matrix product is returned.
    - If the first is 1-dimensional and the second 2-dimensional, a 1 is prepended to the first's dimensions
      for the product and removed afterwards.
    - If the first is 2-dimensional and the second 1-dimensional, the matrix-vector product is returned.
    - If both are at least 1-dimensional and one is N-dimensional (N > 2), a batched matrix product is
      returned; the batch dimensions are broadcast, and their gradients summed back.

    Dtypes are promoted; 0-d operands are refused. This is also the ``@`` operator.

    Args:
        input (Tensor): the first tensor to be multiplied.
        other (Tensor): the second tensor to be multiplied.

    Example::

        >>> a = torch.tensor([[1., 2.], [3., 4.]])
        >>> torch.matmul(a, torch.tensor([1., 1.]))
        tensor([3., 7.])
        >>> a @ a
        tensor([[ 7., 10.],
                [15., 22.]])
        >>> torch.matmul(torch.ones(4, 2, 3), torch.ones(3, 5)).shape
        torch.Size([4, 2, 5])
    """
    if not isinstance(other, Tensor):
        raise TypeError(f"matmul(): argument 'other' (position 2) must be Tensor, not {type(other).__name__}")
    tb, ad, bd = promote(input, other)
    na, nb = ad.ndim, bd.ndim
    if na == 0 or nb == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are {na}D and {nb}D")
    if na == 2 and nb == 2:
        cls = MmBackward0
    elif na == 2 and nb == 1:
        cls = MvBackward0
    elif na == 1 and nb == 1:
        cls = DotBackward0
    elif na == 1 and nb == 2:
        cls = SqueezeBackward4
    else:
        cls = UnsafeViewBackward0
    try:
        return apply(cls, (input, tb), (ad, bd))
    except ValueError:
        raise _matmul_error(ad.shape, bd.shape) from None


def rmatmul(input: Tensor, other) -> Tensor:  # noqa: A002
    """``other @ input`` for a non-Tensor ``other`` (a NumPy array or nested lists)."""
    return matmul(other if isinstance(other, Tensor) else Tensor(other), input)


def mm(input: Tensor, mat2: Tensor) -> Tensor:  # noqa: A002
    """Perform a matrix multiplication of the matrices ``input`` and ``mat2``.

    If ``input`` is ``(n, m)`` and ``mat2`` is ``(m, p)``, the result is ``(n, p)``. This does not broadcast;
    see :func:`matmul` for that.

    Args:
        input (Tensor): the first matrix to be multiplied.
        mat2 (Tensor): the second matrix to be multiplied.
    """
    if input.ndim != 2:
        raise RuntimeError("self must be a matrix")
    if mat2.ndim != 2:
        raise RuntimeError("mat2 must be a matrix")
    return matmul(input, mat2)


def dot(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """Compute the dot product of two 1-D tensors with the same number of elements.

    Args:
        input (Tensor): first tensor in the dot product, 1-D.
        other (Tensor): second tensor in the dot product, 1-D.
    """
    if input.ndim != 1 or other.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {input.ndim}D and {other.ndim}D tensors")
    return matmul(input, other)


def mv(input: Tensor, vec: Tensor) -> Tensor:  # noqa: A002
    """Perform a matrix-vector product of the matrix ``input`` and the vector ``vec``.

    If ``input`` is ``(n, m)`` and ``vec`` is of size ``m``, the result is a 1-D tensor of size ``n``. Ember
    computes it with :func:`matmul` and does not check the dimensions as torch does.

    Args:
        input (Tensor): matrix to be multiplied.
        vec (Tensor): vector to be multiplied.
    """
    return matmul(input, vec)


def bmm(input: Tensor, mat2: Tensor) -> Tensor:  # noqa: A002
    """Perform a batch matrix-matrix product of the 3-D tensors ``input`` and ``mat2``.

    If ``input`` is ``(b, n, m)`` and ``mat2`` is ``(b, m, p)``, the result is ``(b, n, p)``.

    Args:
        input (Tensor): the first batch of matrices to be multiplied.
        mat2 (Tensor): the second batch of matrices to be multiplied.
    """
    if input.ndim != 3 or mat2.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    return matmul(input, mat2)


class AddmmBackward0(Op):
    """``bias + x @ w.T`` in one node (xp.linear on 2-D input, as torch)."""
    __slots__ = ()
    _saved_names = ("mat1", "mat2")

    @staticmethod
    def forward(ctx, bias, x, w):
        nf = ctx.next_functions
        if nf:
            ctx.save(x if nf[2][0] is not None else None, w if nf[1][0] is not None else None)
        out = x @ w.T
        out += bias
        return out

    def backward(ctx, g, xp):
        x, w = xp.saved(ctx)
        gx = None if w is None else xp.matmul(g, w)
        gw = None if x is None else xp.matmul(xp.swapaxes(g, 0, 1), x)
        return g, gx, gw


def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:  # noqa: A002
    """Apply a linear transformation to the incoming data: ``y = input @ weight.T + bias``.

    With a bias and a 2-D input this is one ``AddmmBackward0`` node, as in torch; inputs with more dimensions
    are folded to 2-D for it and the result viewed back.

    Args:
        input (Tensor): the input, of shape ``(*, in_features)``.
        weight (Tensor): the weight, of shape ``(out_features, in_features)`` or ``(in_features)``.
        bias (Tensor, optional): the bias, of shape ``(out_features)`` or ``()``. Default: ``None``.
    """
    if bias is not None and input.ndim == 2:
        tx, xd, wd = promote(input, weight)
        if xd.shape[1] != wd.shape[1]:
            raise _matmul_error(xd.shape, wd.shape[::-1])
        return apply(AddmmBackward0, (bias, input, weight), (bias._data.astype(xd.dtype, copy=False), xd, wd))
    if bias is not None and input.ndim > 2 and weight.ndim == 2:  # torch folds the batch dims into one addmm
        lead = tuple(input.shape[:-1])
        return linear(input.reshape(-1, input.shape[-1]), weight, bias).view(*lead, weight.shape[0])
    out = matmul(input, weight.t() if weight.ndim == 2 else weight)
    return out if bias is None else out + bias
