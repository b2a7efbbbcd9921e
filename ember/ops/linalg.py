"""Matrix products: matmul (1-D, 2-D, batched with broadcasting), mm, linear (addmm)."""
from __future__ import annotations

import numpy as np

from .._dtype import _BY_CHAR
from .._grad_mode import STATE
from .._graph import NO_RECORD
from .._tensor import Tensor, make
from ._op import Op
from ._parser import torch_args
from ._promotion import broadcast_error
from ._record import apply, apply1, apply2
from .conversion import contiguous
from .shape import TBackward0, UnsafeViewBackward0, expand, mT, reshape, squeeze, t, unsqueeze
from .shape_compose import squeeze_


class _MatmulBase(Op):
    """``a @ b`` with NumPy's matmul semantics; the gradient of a broadcast batch dim is summed
    by the engine, 1-D operands are handled by unsqueezing."""
    __slots__ = ("nd_a", "nd_b")
    _saved_names = ("self", "mat2")

    @staticmethod
    def forward(ctx, a, b):
        if ctx is not NO_RECORD:
            needs = ctx.needs_input_grad
            ctx.nd_a, ctx.nd_b = a.ndim, b.ndim
            ctx.save(a if needs[1] else None, b if needs[0] else None)
        r = np.matmul(a, b)
        if a.dtype != b.dtype:      # only an empty bmm gets here (torch refuses others): torch's is mat2's dtype
            r = r.astype(b.dtype)
        return r if r.flags.c_contiguous else np.ascontiguousarray(r)    # torch's products are contiguous

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


class VdotBackward0(_MatmulBase):
    """``vdot``: ``dot`` with ``input`` conjugated (the same for real tensors; ember has no complex autograd)."""
    __slots__ = ()


class BmmBackward0(_MatmulBase):
    __slots__ = ()


# ----------------------------------------------------------------------------------------------
# torch's checks, op by op (mm, dot, mv, bmm), and matmul's choice among them (_matmul_impl), so that
# a refused product gets the very error torch gives: dtypes are never promoted by a matrix product
def _name(d) -> str:
    return _BY_CHAR[d.char]._legacy[:-6]          # Float, Double, Long, ComplexFloat


def _cname(d) -> str:
    return _BY_CHAR[d.char]._cname                 # float, double, long int, c10::complex<float>


def _bool_error(kernel: str) -> NotImplementedError:
    return NotImplementedError(f'"{kernel}" not implemented for \'Bool\'')


def _mm_error(sa, sb, da, db):
    """torch's mm of (sa) by (sb) matrices: shapes first, then dtypes, then the kernel (bool)."""
    if sa[1] != sb[0]:
        return RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({sa[0]}x{sa[1]} and {sb[0]}x{sb[1]})")
    if da != db:
        return RuntimeError(f"expected m1 and m2 to have the same dtype, but got: {_cname(da)} != {_cname(db)}")
    if da.kind == "b" and sa[0] * sb[1] and sa[1]:
        return _bool_error("addmm_impl_cpu_")
    return None


def _dot_error(sa, sb, da, db):
    if da != db:
        return RuntimeError(f"dot : expected both vectors to have same dtype, but found {_name(da)} and {_name(db)}")
    if sa[0] != sb[0]:
        return RuntimeError(f"inconsistent tensor size, expected tensor [{sa[0]}] and src [{sb[0]}] to have the same "
                            f"number of elements, but got {sa[0]} and {sb[0]} elements respectively")
    if da.kind == "b":
        return _bool_error("dot")
    return None


def _mv_error(sa, sb, da, db):
    """torch's mv (addmv): shapes first, then dtypes (named as input, mat, vec), then the kernel."""
    if sa[1] != sb[0]:
        return RuntimeError(f"size mismatch, got input ({sa[0]}), mat ({sa[0]}x{sa[1]}), vec ({sb[0]})")
    if da != db:
        return RuntimeError(f"addmv input tensors must have the same dtype, but got {_name(db)}, {_name(da)}, and "
                            f"{_name(db)}")
    if da.kind == "b" and sa[0] and sa[1]:
        return _bool_error("addmv_impl_cpu")
    return None


_MKL_CHARS = frozenset("fdFD")      # result dtypes torch's large bmm hands to MKL


def _bmm_error(sa, sb, da, db):
    """torch's bmm of (b, n, k) by (b, k, p): the shapes, then (for a non-empty product) a dtype
    check whose words depend on the path torch's CPU kernel takes (small products, MKL, per batch)."""
    if sb[0] != sa[0] or sb[1] != sa[2]:
        return RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: [{sa[0]}, {sa[2]}] but "
                            f"got: [{sb[0]}, {sb[1]}].")
    if sa[0] * sa[1] * sb[2] == 0 or sa[2] == 0:
        return None
    if sa[2] * sa[1] * sb[2] < 400:
        if da.kind == "b":
            return _bool_error("bmm")
        if da != db:
            return RuntimeError(f"expected scalar type {_name(da)} but found {_name(db)}")
        return None
    if db.char in _MKL_CHARS:
        return RuntimeError(f"expected scalar type {_name(db)} but found {_name(da)}") if da != db else None
    return _mm_error(sa[1:], sb[1:], da, db)


def _prod(shape) -> int:
    n = 1
    for s in shape:
        n *= s
    return n


def _should_fold(t1: Tensor, t2: Tensor) -> bool:
    """torch's should_fold: a batched operand times a matrix or vector becomes one mm/mv."""
    a, b = t1._data, t2._data
    larger = a.ndim >= b.ndim
    big = a if larger else np.swapaxes(b, -1, -2)
    if not (big.ndim >= 3 and (b.ndim if larger else a.ndim) <= 2):
        return False
    if (t2 if larger else t1)._requires_grad:
        return True
    if a.ndim == 2:
        return False
    if big.size == 0:
        return True
    st = [s // big.itemsize for s in big.strides]
    return all(st[i] == st[i + 1] * big.shape[i + 1] for i in range(big.ndim - 2))


def _squeeze_batch(input: Tensor, other: Tensor):  # noqa: A002
    """torch's matmul of two 3-D operands with different batch sizes, one of them 1 and requiring grad:
    that operand is squeezed to a matrix (so the product folds into one mm), or None."""
    sa, sb = input._data.shape, other._data.shape
    if sa[0] != sb[0]:
        if sa[0] == 1 and input._requires_grad:
            return squeeze(input, 0), other
        if sb[0] == 1 and other._requires_grad:
            return input, squeeze(other, 0)
    return None


def _matmul_check(input: Tensor, other: Tensor):  # noqa: A002
    """The error torch's matmul gives for these operands (None if it gives none): the op it
    dispatches to (dot, mv, mm, a folded mm/mv, or bmm over broadcast batches) decides the words."""
    a, b = input._data, other._data
    na, nb = a.ndim, b.ndim
    da, db = a.dtype, b.dtype
    if na == 1 and nb == 1:
        return _dot_error(a.shape, b.shape, da, db)
    if na == 2 and nb == 1:
        return _mv_error(a.shape, b.shape, da, db)
    if na == 1 and nb == 2:
        return _mm_error((1,) + a.shape, b.shape, da, db)
    if na == 2 and nb == 2:
        return _mm_error(a.shape, b.shape, da, db)
    if _should_fold(input, other):
        if nb > na:   # fold other's batch: other.mT @ input.mT
            s1, d1 = b.shape[:-2] + (b.shape[-1], b.shape[-2]), db
            s2, d2 = a.shape[::-1], da
        else:
            s1, d1, s2, d2 = a.shape, da, b.shape, db
        folded = (_prod(s1[:-1]), s1[-1])
        return _mm_error(folded, s2, d1, d2) if len(s2) == 2 else _mv_error(folded, s2, d1, d2)
    squeezed = _squeeze_batch(input, other) if na == nb == 3 else None
    if squeezed is not None:
        return _matmul_check(*squeezed)
    n = a.shape[-2] if na > 1 else 1
    p = b.shape[-1] if nb > 1 else 1
    m2 = b.shape[-2] if nb > 1 else b.shape[0]
    try:
        batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    except ValueError:
        return broadcast_error(a.shape[:-2], b.shape[:-2])
    bs = _prod(batch)
    return _bmm_error((bs, n, a.shape[-1]), (bs, m2, p), da, db)


def _matmul_error(sa: tuple, sb: tuple) -> RuntimeError:
    if len(sa) == 1 and len(sb) == 1:
        return RuntimeError(f"inconsistent tensor size, expected tensor [{sa[0]}] and src [{sb[0]}] to have the same "
                            f"number of elements, but got {sa[0]} and {sb[0]} elements respectively")
    if len(sa) == 2 and len(sb) == 1:
        return RuntimeError(f"size mismatch, got input ({sa[0]}), mat ({sa[0]}x{sa[1]}), vec ({sb[0]})")
    ra = sa if len(sa) == 2 else (1,) + sa
    rb = sb if len(sb) == 2 else sb + (1,)
    return RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({ra[0]}x{ra[1]} and {rb[0]}x{rb[1]})")


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

    Both operands must have the same dtype (torch's error otherwise: a matrix product never promotes) and be at
    least 1-D; a refused product raises the error of the op torch dispatches to (dot, mv, mm or bmm). This is
    also the ``@`` operator.

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
    ad, bd = input._data, other._data
    na, nb = ad.ndim, bd.ndim
    if na == 0 or nb == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are {na}D and {nb}D")
    if ad.dtype != bd.dtype or ad.dtype.kind == "b":
        err = _matmul_check(input, other)
        if err is not None:
            raise err
        ad = ad.astype(bd.dtype)    # an empty product of two dtypes: torch's result has other's dtype
    if na == 2 and nb == 2:
        cls = MmBackward0
    elif na == 2 and nb == 1:
        cls = MvBackward0
    elif na == 1 and nb == 1:
        cls = DotBackward0
    elif na == 1 and nb == 2:
        # torch: mm(unsqueeze(v, 0), m).squeeze_(0): SqueezeBackward4, in place, so the result is no view
        return squeeze_(_matmul(unsqueeze(input, 0), other), 0)
    else:
        return _batched(input, other, ad, bd)
    try:
        return apply2(cls, input, other, ad, bd)      # (apply's two-input path)
    except ValueError:
        raise (_matmul_check(input, other) or _matmul_error(ad.shape, bd.shape)) from None


def _unsafe_view(r: Tensor, shape: tuple) -> Tensor:
    return apply(UnsafeViewBackward0, (r,), (r._data,), shape)


def _batched(input: Tensor, other: Tensor, ad, bd) -> Tensor:  # noqa: A002
    """matmul with an operand of 3 or more dims, recorded as torch's _matmul_impl composes it: folded into one
    mm/mv (``UnsafeViewBackward0`` over ``MmBackward0``; transposed back and copied when the batch is
    ``other``'s), or the batches expanded and flattened into one ``BmmBackward0``."""
    na, nb = ad.ndim, bd.ndim
    sa, sb = ad.shape, bd.shape
    m2 = sb[-2] if nb > 1 else sb[0]
    try:
        if sa[-1] != m2:
            raise ValueError
        batch = np.broadcast_shapes(sa[:-2], sb[:-2])
    except ValueError:
        raise (_matmul_check(input, other) or _matmul_error(sa, sb)) from None
    if ad.dtype != bd.dtype or not (STATE.enabled and (input._requires_grad or other._requires_grad)) \
            and input._view is None and other._view is None:
        # nothing to record (or an empty product of two dtypes, whose result has other's dtype)
        return make(np.ascontiguousarray(np.matmul(ad.astype(bd.dtype, copy=False), bd)))
    if _should_fold(input, other):
        transpose = nb > na
        t1, t2 = (mT(other), t(input) if na == 2 else input) if transpose else (input, other)
        s1 = t1._data.shape
        folded = reshape(t1, (_prod(s1[:-1]), s1[-1]))
        if t2._data.ndim == 1:
            return _unsafe_view(apply(MvBackward0, (folded, t2), (folded._data, t2._data)), s1[:-1])
        out = _unsafe_view(apply(MmBackward0, (folded, t2), (folded._data, t2._data)), s1[:-1] + t2._data.shape[1:])
        return contiguous(mT(out)) if transpose else out
    if na == 3 and nb == 3:
        squeezed = _squeeze_batch(input, other)
        if squeezed is not None:
            return _matmul(*squeezed)
    n, p, bp = sa[-2] if na > 1 else 1, sb[-1] if nb > 1 else 1, _prod(batch)
    t1 = reshape(expand(input, batch + (n, sa[-1])), (bp, n, sa[-1]))
    if nb == 1:
        t2 = unsqueeze(reshape(expand(other, batch + (m2,)), (bp, m2)), 2)
    else:
        t2 = reshape(expand(other, batch + (m2, p)), (bp, m2, p))
    r = apply(BmmBackward0, (t1, t2), (t1._data, t2._data))
    if nb == 1:
        r = squeeze(r, -1)
    return _unsafe_view(r, batch + sa[-2:-1] * (na > 1) + (p,) * (nb > 1))


# the parser's front door (ops/_parser.py) for torch.matmul and Tensor.matmul; ember's own callers and the
# operators take the unchecked function (their operands are tensors), so ``a @ b`` pays no parsing
_matmul = matmul
matmul = torch_args(matmul)


def matmul_operator(input: Tensor, other) -> Tensor:  # noqa: A002
    """``input @ other``. As torch's operator, a non-Tensor ``other`` answers NotImplemented (Python then tries
    ``other.__rmatmul__``, an ndarray's gives NumPy's product, and raises "unsupported operand type(s) for @")."""
    if isinstance(other, Tensor):
        return _matmul(input, other)
    return NotImplemented


def rmatmul(input: Tensor, other) -> Tensor:  # noqa: A002
    """``other @ input``: only a Tensor ``other`` (a direct call) is multiplied; anything else answers
    NotImplemented, as torch's reflected operator does (``1 @ t``, ``[[1.]] @ t``: Python's TypeError)."""
    if isinstance(other, Tensor):
        return _matmul(other, input)
    return NotImplemented


@torch_args
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
    return _matmul(input, mat2)


@torch_args
def dot(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """Compute the dot product of two 1-D tensors with the same number of elements.

    Args:
        input (Tensor): first tensor in the dot product, 1-D.
        other (Tensor): second tensor in the dot product, 1-D.
    """
    if input.ndim != 1 or other.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {input.ndim}D and {other.ndim}D tensors")
    return _matmul(input, other)


@torch_args
def vdot(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """Compute the dot product of two 1-D tensors, the first one conjugated (``dot`` for real tensors).

    Args:
        input (Tensor): first tensor in the dot product, 1-D; its conjugate is used.
        other (Tensor): second tensor in the dot product, 1-D.
    """
    if input.ndim != 1 or other.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {input.ndim}D and {other.ndim}D tensors")
    ad, bd = input._data, other._data
    if ad.dtype != bd.dtype or ad.dtype.kind == "b":
        err = _matmul_check(input, other)       # torch's vdot words these as dot's ("dot : expected ...")
        if err is not None:
            raise err
    if ad.dtype.kind == "c":
        ad = np.conj(ad)
    try:
        return apply(VdotBackward0, (input, other), (ad, bd))
    except ValueError:
        raise (_matmul_check(input, other) or _matmul_error(ad.shape, bd.shape)) from None


@torch_args
def mv(input: Tensor, vec: Tensor) -> Tensor:  # noqa: A002
    """Perform a matrix-vector product of the matrix ``input`` and the vector ``vec``.

    If ``input`` is ``(n, m)`` and ``vec`` is of size ``m``, the result is a 1-D tensor of size ``n``. Anything
    but a 2-D matrix and a 1-D vector of the same dtype is refused with torch's error.

    Args:
        input (Tensor): matrix to be multiplied.
        vec (Tensor): vector to be multiplied.
    """
    if input.ndim == 0:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    if input.ndim != 2 or vec.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {input.ndim}, {vec.ndim}")
    return _matmul(input, vec)


@torch_args
def bmm(input: Tensor, mat2: Tensor) -> Tensor:  # noqa: A002
    """Perform a batch matrix-matrix product of the 3-D tensors ``input`` and ``mat2``.

    If ``input`` is ``(b, n, m)`` and ``mat2`` is ``(b, m, p)``, the result is ``(b, n, p)``.

    Args:
        input (Tensor): the first batch of matrices to be multiplied.
        mat2 (Tensor): the second batch of matrices to be multiplied.
    """
    if input.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if mat2.ndim != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    a, b = input._data, mat2._data
    err = _bmm_error(a.shape, b.shape, a.dtype, b.dtype)
    if err is not None:
        raise err
    if a.dtype != b.dtype:     # an empty product: torch's result has mat2's dtype
        a = a.astype(b.dtype)
    return apply(BmmBackward0, (input, mat2), (a, b))


class AddmmBackward0(Op):
    """``beta * bias + alpha * (x @ w)`` in one node; ``linear`` passes its weight untransposed (``wt``:
    ``x @ w.T``), as its 2-D case is torch's addmm(bias, x, weight.t()): the node's input is then
    ``weight.t()`` (``weight_t``, a :class:`_WeightT` node), the gradient for it ``(g.T @ x).T``."""
    __slots__ = ("wt", "beta", "alpha", "weight_t")
    _saved_names = ("mat1", "mat2")
    _param_names = ("alpha", "beta")

    @staticmethod
    def forward(ctx, bias, x, w, wt=True, beta=1, alpha=1, weight_t=None):
        ctx.wt, ctx.beta, ctx.alpha = wt, beta, alpha
        if ctx is not NO_RECORD:
            ctx.weight_t = weight_t
        if ctx is not NO_RECORD:
            needs = ctx.needs_input_grad
            ctx.save(x if needs[2] else None, w if needs[1] else None)
        out = x @ (w.T if wt else w)
        if alpha != 1:
            out = out * alpha
        if beta == 1:
            out += bias
        elif beta != 0:       # beta=0: the input is ignored, NaN and inf too
            out = out + beta * bias
        bs = bias.shape
        shape = out.shape if bs == out.shape[1:] or bs == out.shape else np.broadcast_shapes(out.shape, bs)
        # broadcast_to gives a read-only view (even of the same shape): the result must stay writable (add_)
        return out if shape == out.shape else np.ascontiguousarray(np.broadcast_to(out, shape))

    def backward(ctx, g, xp):
        x, w = xp.saved(ctx)
        if ctx.weight_t is not None and xp.tensor_mode:
            # the saved tensor is weight.t() (torch's mat2): torch's mm(grad, mat2.t()), mm(grad.t(), mat1).t()
            gx = None if w is None else xp.matmul(g, xp.t(w))
            return g, gx, None if x is None else xp.t(xp.matmul(xp.t(g), x))
        ga = g if ctx.alpha == 1 else g * ctx.alpha
        gbias = g if ctx.beta == 1 else g * ctx.beta
        if ctx.wt:
            gx = None if w is None else xp.matmul(ga, w)
            # (.T, not xp.swapaxes, on arrays: NumPy's Python-level swapaxes wrapper costs a linear layer ~1 µs)
            gw = None if x is None else xp.matmul(xp.swapaxes(ga, 0, 1) if xp.tensor_mode else ga.T, x)
            if ctx.weight_t is not None and gw is not None:     # the gradient of weight.t()
                gw_t = gw.T
                ctx.weight_t.handoff = (gw_t, gw)
                gw = gw_t
        else:
            gx = None if w is None else xp.matmul(ga, xp.swapaxes(w, 0, 1))
            gw = None if x is None else xp.matmul(xp.swapaxes(x, 0, 1), ga)
        return gbias, gx, gw


class _WeightT(TBackward0):
    """``weight.t()`` as ``linear`` records it (torch's graph: AddmmBackward0 -> TBackward0 -> the weight).
    The plain backward gets ``gw.T`` from its AddmmBackward0 (``handoff``: that view and ``gw``, which the
    Addmm just made) and passes ``gw`` on as it is: ``.grad`` then keeps it without a copy, C-contiguous,
    as torch's (the generic ``swapaxes`` gives a view, which the engine copies: +8% on an MLP step)."""
    __slots__ = ("handoff",)

    @staticmethod
    def forward(ctx, a, d0, d1):
        ctx.dim0, ctx.dim1, ctx.handoff = d0, d1, None
        # a 2-D weight: swapaxes(a, 0, 1) without NumPy's Python-level wrapper (empty: the generic strides)
        return a.T if a.size else TBackward0.forward(ctx, a, d0, d1)

    def backward(ctx, g, xp):
        handoff, ctx.handoff = ctx.handoff, None
        if handoff is not None and handoff[0] is g:
            return (handoff[1],)
        if xp.tensor_mode:
            return (xp.t(g),)
        # C-contiguous, as torch's weight.grad (mm's backward gives mat2's gradient in its layout): the
        # engine would copy the transposed view anyway, keeping its F order
        return (np.ascontiguousarray(g.T),)


_WeightT.__name__ = _WeightT.__qualname__ = "TBackward0"     # its name in graphs and reprs
_WeightT.__module__ = TBackward0.__module__                 # one op: derivatives.md lists shape's


def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:  # noqa: A002
    """Apply a linear transformation to the incoming data: ``y = input @ weight.T + bias``.

    With a bias and a 2-D input this is one ``AddmmBackward0`` node, as in torch; inputs with more dimensions
    are folded to 2-D for it and the result viewed back. The weight enters the graph through ``weight.t()``
    (``TBackward0``), as torch's.

    Args:
        input (Tensor): the input, of shape ``(*, in_features)``.
        weight (Tensor): the weight, of shape ``(out_features, in_features)`` or ``(in_features)``.
        bias (Tensor, optional): the bias, of shape ``(out_features)`` or ``()``. Default: ``None``.
    """
    xn, wn = input.ndim, weight.ndim
    if xn == 0 or wn == 0:
        raise RuntimeError(f"both arguments to linear need to be at least 1D, but they are {xn}D and {wn}D")
    if bias is None:
        if wn == 2 and weight._requires_grad and STATE.enabled:
            return _matmul(input, apply1(_WeightT, weight, weight._data, 0, 1))
        return _matmul(input, t(weight))
    if xn == 2:
        if wn > 2:
            t(weight)       # torch's error for a weight of more than 2 dims
        return _addmm(bias, input, weight)
    bd = bias._data
    if input._data.flags.c_contiguous and (bd.ndim == 1 or sum(k != 1 for k in bd.shape) == 1):
        # torch folds the batch dims into one addmm and views the result back (for a bias with one dim that is
        # not 1: torch's test, found by running it)
        lead = input._data.shape[:-1]
        out = _addmm(bias, input.reshape(_prod(lead), input._data.shape[-1]), weight)
        return out.view(lead + ((weight._data.shape[0],) if wn == 2 else ()))
    return _matmul(input, t(weight)).add_(bias)


def _addmm(bias: Tensor, x: Tensor, weight: Tensor) -> Tensor:
    """torch's addmm(bias, x, weight.t()), with its checks in its order."""
    bd, xd, wd = bias._data, x._data, weight._data
    if bd.dtype != wd.dtype:
        raise RuntimeError(f"self and mat2 must have the same dtype, but got {_name(bd.dtype)} and {_name(wd.dtype)}")
    if xd.dtype != wd.dtype:
        raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got {_name(xd.dtype)} and {_name(wd.dtype)}")
    if wd.ndim != 2:
        raise RuntimeError(f"mat2 must be a matrix, got {wd.ndim}-D tensor")
    if xd.shape[1] != wd.shape[1]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({xd.shape[0]}x{xd.shape[1]} and "
                           f"{wd.shape[1]}x{wd.shape[0]})")
    shape = (xd.shape[0], wd.shape[0])
    if bd.shape != shape[1:] and bd.shape != shape:
        expand(bias.detach(), shape)      # torch's expand error for a bias that does not broadcast to the output
    if xd.dtype.kind == "b" and xd.size and wd.size:
        raise _bool_error("addmm_impl_cpu_")
    if weight._requires_grad and STATE.enabled:     # torch's addmm(bias, x, weight.t()): the graph has the t()
        w_t = apply1(_WeightT, weight, wd, 0, 1)
        return apply(AddmmBackward0, (bias, x, w_t), (bd, xd, wd), True, 1, 1, w_t._grad_fn)
    return apply(AddmmBackward0, (bias, x, weight), (bd, xd, wd))
