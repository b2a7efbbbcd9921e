"""LU and the ``*_ex`` factorizations (``ember.linalg``): lu_factor(_ex), lu, lu_solve, cholesky_ex, inv_ex, and
the deprecated ``torch.lu``, ``torch.lu_solve``, ``torch.cholesky``, ``torch.qr``.

NumPy has no LU, so it is computed here: LAPACK getrf's partial pivoting (the first largest pivot, the column
scaled by the pivot's reciprocal, ``info`` the first zero pivot, 1-based int32 pivots), vectorised over the
batch. The gradients are FunctionsManual's ``linalg_lu_backward`` (square, wide and tall),
``lu_factor_ex_backward`` and ``linalg_lu_solve_LU``, written once for both engine modes with
``linalg_decomp``'s helpers (its plain solves stand in for the triangular ones).
"""
from __future__ import annotations

import functools
import warnings

import numpy as np

from .._tensor import Tensor, make
from ._op import Op
from ._parser import torch_args, type_name
from ._record import apply
from .linalg_decomp import (LinalgCholeskyExBackward0, LinalgInvExBackward0, _LinAlgError, _batch_prefix,
                            _check_matrix, _mH, _singular_error, _solve, _tril, _triu, qr)
from .linalg_lapack import column_major, getrf, perm_matrix, unpack
from .reduction import _return_type

__all__ = ["lu_factor", "lu_factor_ex", "lu", "lu_solve", "cholesky_ex", "inv_ex", "lu_legacy", "lu_solve_legacy",
           "cholesky_legacy", "qr_legacy"]


# ----------------------------------------------------------------------------------------------
# the formulas (both worlds)
def _lu_factors(xp, lu, piv: np.ndarray):
    """P (a constant), L and U of a saved LU, in ``lu``'s world (tensors under create_graph)."""
    m, n = lu.shape[-2:]
    k = min(m, n)
    dt = _dt(lu)
    L = _tril(xp, lu[..., :, :k], -1) + xp.constant(np.eye(m, k, dtype=dt))  # noqa: N806
    return xp.constant(perm_matrix(piv, m, dt)), L, _triu(xp, lu[..., :k, :])


def _right_solve(xp, x, a):
    """``x a^-1``."""
    return _mH(xp, _solve(xp, _mH(xp, a), _mH(xp, x)))


def _lu_backward(xp, gL, gU, P, L, U):  # noqa: N803
    """FunctionsManual's linalg_lu_backward: the gradient of A = P L U from those of L and U."""
    m, n = L.shape[-2], U.shape[-1]
    k = min(m, n)
    if m == n:
        ga = _tril(xp, xp.matmul(_mH(xp, L), gL), -1) + _triu(xp, xp.matmul(gU, _mH(xp, U)))
        ga = _solve(xp, _mH(xp, L), _right_solve(xp, ga, _mH(xp, U)))
    elif m < n:
        ga = xp.matmul(_mH(xp, L), gL) - xp.matmul(_triu(xp, gU), _mH(xp, U))
        ga = _right_solve(xp, _tril(xp, ga, -1), _mH(xp, U[..., :k]))
        ga = xp.cat([ga + _triu(xp, gU[..., :k]), gU[..., k:]], -1)
        ga = _solve(xp, _mH(xp, L), ga)
    else:
        ga = xp.matmul(gU, _mH(xp, U)) - xp.matmul(_mH(xp, L), _tril(xp, gL, -1))
        ga = _solve(xp, _mH(xp, L[..., :k, :]), _triu(xp, ga))
        ga = xp.cat([ga + _tril(xp, gL[..., :k, :], -1), gL[..., k:, :]], -2)
        ga = _right_solve(xp, ga, _mH(xp, U))
    return xp.matmul(P, ga)


# ----------------------------------------------------------------------------------------------
# the ops
class LinalgLuFactorExBackward0(Op):
    """(LU, pivots, info); only LU is differentiable."""
    __slots__ = ("pivots",)
    multi_output = True
    differentiable_outputs = (0,)
    _saved_names = ("LU",)
    _param_names = ("pivot",)

    @staticmethod
    def forward(ctx, a):
        lu_, piv, info = getrf(a)
        lu_ = column_major(lu_)
        ctx.pivots = piv
        ctx.save(lu_)
        return lu_, piv, info

    @property
    def pivot(self) -> bool:
        return True

    def backward(ctx, g, xp):
        lu_, = xp.saved(ctx)
        P, L, U = _lu_factors(xp, lu_, ctx.pivots)  # noqa: N806
        k = min(lu_.shape[-2:])
        return (_lu_backward(xp, _tril(xp, g[..., :, :k], -1), _triu(xp, g[..., :k, :]), P, L, U),)


class LinalgLuBackward0(Op):
    """(P, L, U): L and U are the node's outputs 0 and 1 (P is not differentiable)."""
    __slots__ = ("pivots",)
    multi_output = True
    differentiable_outputs = (1, 2)
    _saved_names = ("L", "U")
    _param_names = ("pivot",)

    @staticmethod
    def forward(ctx, a):
        lu_, piv, _ = getrf(a)
        P, L, U = unpack(lu_, piv)  # noqa: N806
        ctx.pivots = piv
        ctx.save(L, U)
        return P, L, U

    @property
    def pivot(self) -> bool:
        return True

    def backward(ctx, grads, xp):
        gL, gU = grads  # noqa: N806
        L, U = xp.saved(ctx)  # noqa: N806
        P = xp.constant(perm_matrix(ctx.pivots, L.shape[-2], _dt(L)))  # noqa: N806
        return (_lu_backward(xp, gL, gU, P, L, U),)


def _dt(x) -> np.dtype:
    return x._data.dtype if isinstance(x, Tensor) else x.dtype


def _lu_solve_arrays(lu_: np.ndarray, piv: np.ndarray, b: np.ndarray, left: bool, adjoint: bool) -> np.ndarray:
    P, L, U = unpack(lu_, piv)  # noqa: N806
    a = P @ L @ U
    a = np.swapaxes(a, -1, -2) if adjoint else a
    with np.errstate(all="ignore"):
        if left:
            return column_major(np.linalg.solve(a, b))
        return column_major(np.swapaxes(np.linalg.solve(np.swapaxes(a, -1, -2), np.swapaxes(b, -1, -2)), -1, -2))


class LinalgLuSolveBackward0(Op):
    """X with op(A) X = B (``left``) or X op(A) = B, A = P L U given packed, op = adjoint or identity."""
    __slots__ = ("pivots", "left", "adjoint")
    _saved_names = ("LU", "result")
    _param_names = ("left", "adjoint")

    @staticmethod
    def forward(ctx, lu_, b, piv, left, adjoint):
        ctx.pivots, ctx.left, ctx.adjoint = piv, left, adjoint
        x = _lu_solve_arrays(lu_, piv, b, left, adjoint)
        ctx.save(lu_, x)
        return x

    def backward(ctx, g, xp):
        lu_, x = xp.saved(ctx)
        left, adjoint = ctx.left, ctx.adjoint
        gb = _lu_solve_xp(xp, lu_, ctx.pivots, g, left, not adjoint)
        P, L, U = _lu_factors(xp, lu_, ctx.pivots)  # noqa: N806
        if left != adjoint:
            gr = _solve(xp, _mH(xp, U), -xp.matmul(g if left else _mH(xp, g), _mH(xp, x) if left else x))
            gl = _tril(xp, _solve(xp, _mH(xp, L), xp.matmul(gr, _mH(xp, U))), -1)
            glu = gl + _triu(xp, gr)
        else:
            gr = -xp.matmul(xp.matmul(xp.matmul(_mH(xp, P), x if left else _mH(xp, x)),
                                      _mH(xp, g) if left else g), P)
            gr = _right_solve(xp, gr, _mH(xp, L))
            gu = _triu(xp, _right_solve(xp, xp.matmul(_mH(xp, L), gr), _mH(xp, U)))
            glu = _tril(xp, gr, -1) + gu
        return glu, gb


def _lu_solve_xp(xp, lu_, piv, b, left, adjoint):
    if xp.tensor_mode:
        return lu_solve(lu_, make(piv), b, left=left, adjoint=adjoint)
    return _lu_solve_arrays(lu_, piv, b, left, adjoint)


# ----------------------------------------------------------------------------------------------
# the functions
_LU_FACTOR = _return_type("linalg_lu_factor", ("LU", "pivots"))
_LU_FACTOR_EX = _return_type("linalg_lu_factor_ex", ("LU", "pivots", "info"))
_LU = _return_type("linalg_lu", ("P", "L", "U"))
_CHOLESKY_EX = _return_type("linalg_cholesky_ex", ("L", "info"))
_INV_EX = _return_type("linalg_inv_ex", ("inverse", "info"))
_QR_LEGACY = _return_type("qr", ("Q", "R"))


def _check_lu(name: str, A: Tensor, pivot: bool) -> None:  # noqa: N803
    if A.ndim < 2:
        raise RuntimeError(f"{name}: Expected tensor with 2 or more dimensions. Got size: {list(A.shape)} instead")
    dt = A.dtype
    if not (dt.is_floating_point or dt.is_complex):
        raise NotImplementedError(f"\"lu_cpu\" not implemented for '{dt._legacy[:-6]}'")
    if not pivot:
        raise RuntimeError("linalg.lu_factor: LU without pivoting is not implemented on the CPU")


def _zero_pivot_error(name: str, a: np.ndarray, info: np.ndarray) -> RuntimeError:
    flat = info.reshape(-1)
    k = int(np.nonzero(flat)[0][0])
    i = int(flat[k])
    return RuntimeError(f"{name}: {_batch_prefix(a, k)}U[{i},{i}] is zero and using it on lu_solve would result in a "
                        "division by zero. If you still want to perform the factorization, consider calling "
                        "linalg.lu(A, pivot) or linalg.lu_factor_ex(A, pivot)")


def lu_factor_ex(A: Tensor, *, pivot: bool = True, check_errors: bool = False):  # noqa: N803
    """The packed LU decomposition with partial pivoting, ``(LU, pivots, info)``: ``A = P L U``, ``L`` the strict
    lower triangle of ``LU`` (unit diagonal), ``U`` its upper triangle, ``pivots`` (int32, 1-based) the row swaps,
    ``info`` the first zero pivot (0 if none).

    Args:
        A (Tensor): ``(*, m, n)``.
        pivot (bool): partial pivoting (the only form on the CPU). Default: True.
        check_errors (bool): raise if a pivot is zero. Default: False.
    """
    _check_lu("torch.lu_factor", A, pivot)
    lu_, piv, info = apply(LinalgLuFactorExBackward0, (A,), (A._data,))
    if check_errors and info._data.any():
        raise _zero_pivot_error("torch.linalg.lu_factor_ex", A._data, info._data)
    return _LU_FACTOR_EX(lu_, piv, info)


def lu_factor(A: Tensor, *, pivot: bool = True):  # noqa: N803
    """The packed LU decomposition ``(LU, pivots)`` (see :func:`lu_factor_ex`); a zero pivot raises, as the
    factors could not be used by :func:`lu_solve`.

    Args:
        A (Tensor): ``(*, m, n)``.
        pivot (bool): partial pivoting (the only form on the CPU). Default: True.
    """
    _check_lu("torch.lu_factor", A, pivot)
    lu_, piv, info = apply(LinalgLuFactorExBackward0, (A,), (A._data,))
    if info._data.any():
        raise _zero_pivot_error("torch.linalg.lu_factor", A._data, info._data)
    return _LU_FACTOR(lu_, piv)


def lu(A: Tensor, *, pivot: bool = True):  # noqa: N803
    """The LU decomposition with partial pivoting ``(P, L, U)``: ``A = P L U``, ``L`` (``*, m, k``) unit lower
    triangular, ``U`` (``*, k, n``) upper triangular, ``k = min(m, n)``.

    Args:
        A (Tensor): ``(*, m, n)``.
        pivot (bool): partial pivoting (the only form on the CPU). Default: True.
    """
    _check_lu("linalg.lu", A, pivot)
    return _LU(*apply(LinalgLuBackward0, (A,), (A._data,)))


def lu_solve(LU: Tensor, pivots: Tensor, B: Tensor, *, left: bool = True, adjoint: bool = False) -> Tensor:  # noqa: N803
    """The solution of ``A X = B`` given ``A``'s packed LU factors (``left=False``: ``X A = B``;
    ``adjoint=True``: with ``A^H`` for ``A``).

    Args:
        LU (Tensor): ``(*, n, n)``, from :func:`lu_factor`.
        pivots (Tensor): ``(*, n)``, int32, from :func:`lu_factor`.
        B (Tensor): ``(*, n, k)`` (``left=False``: ``(*, k, n)``).
        left (bool): solve ``A X = B``. Default: True.
        adjoint (bool): solve with the adjoint of ``A``. Default: False.
    """
    if LU.ndim < 2:
        raise RuntimeError("linalg.lu_solve: The input tensor LU must have at least 2 dimensions.")
    if LU.shape[-1] != LU.shape[-2]:
        raise RuntimeError(f"torch.linalg.lu_solve: A must be batches of square matrices, but they are "
                           f"{LU.shape[-2]} by {LU.shape[-1]} matrices")
    if B.ndim < 2:
        raise RuntimeError("linalg.lu_solve: The input tensor B must have at least 2 dimensions.")
    n = LU.shape[-1]
    if (B.shape[-2] if left else B.shape[-1]) != n:
        eq = "AX = B" if left else "XA = B"
        raise RuntimeError(f"linalg.lu_solve: Incompatible shapes of A and B for the equation {eq} ({n}x{n} and "
                           f"{B.shape[-2]}x{B.shape[-1]})")
    if LU.dtype != B.dtype:
        raise RuntimeError(f"linalg.lu_solve: Expected LU and B to have the same dtype, but found LU of type "
                           f"{LU.dtype._legacy[:-6]} and B of type {B.dtype._legacy[:-6]} instead")
    if pivots._data.dtype != np.int32:
        raise RuntimeError("linalg.lu_solve: pivots should be a Tensor of scalar type torch.int32")
    if pivots.shape[-1] != n:
        raise RuntimeError("linalg.lu_solve: Number of pivots per batch should be same as the dimension of the matrix")
    piv = np.asarray(pivots._data)
    return apply(LinalgLuSolveBackward0, (LU, B), (LU._data, B._data), piv, bool(left), bool(adjoint))


def cholesky_ex(A: Tensor, *, upper: bool = False, check_errors: bool = False):  # noqa: N803
    """The Cholesky factor and LAPACK's ``info`` ``(L, info)``: ``info`` is 0, or the order of the first leading
    minor that is not positive-definite (``L`` then holds potrf's partial factor).

    Args:
        A (Tensor): ``(*, n, n)``, symmetric positive-definite.
        upper (bool): return the upper factor ``U`` (``A = U^H U``). Default: False.
        check_errors (bool): raise ``LinAlgError`` if the factorization fails. Default: False.
    """
    _check_matrix("linalg.cholesky", A)
    L, info = apply(LinalgCholeskyExBackward0, (A,), (A._data,), bool(upper), None)  # noqa: N806
    if check_errors and info._data.any():
        flat = info._data.reshape(-1)
        k = int(np.nonzero(flat)[0][0])
        raise _LinAlgError(f"linalg.cholesky_ex: {_batch_prefix(A._data, k)}The factorization could not be completed "
                           "because the input is not positive-definite (the leading minor of order "
                           f"{int(flat[k])} is not positive-definite).")
    return _CHOLESKY_EX(L, info)


def inv_ex(A: Tensor, *, check_errors: bool = False):  # noqa: N803
    """The inverse and LAPACK's ``info`` ``(inverse, info)``: ``info`` is 0, or the first zero pivot of ``A``'s
    LU (the "inverse" then holds the LU solve's infinities and NaNs).

    Args:
        A (Tensor): ``(*, n, n)``.
        check_errors (bool): raise ``LinAlgError`` if ``A`` is singular. Default: False.
    """
    _check_matrix("linalg.inv", A)
    r, info = apply(LinalgInvExBackward0, (A,), (A._data,), None)
    if check_errors and info._data.any():
        raise _singular_error("linalg.inv_ex", A._data)
    return _INV_EX(r, info)


# ---------------------------------------------------------------- torch's deprecated spellings (warned once)
_WARNED: set = set()


def _warn_once(key: str, text: str) -> None:
    if key not in _WARNED:       # torch's TORCH_WARN_ONCE: the first call of the process
        _WARNED.add(key)
        warnings.warn(text, UserWarning, stacklevel=3)


class CholeskyBackward0(LinalgCholeskyExBackward0):
    """``torch.cholesky``: linalg.cholesky's factor and formula under torch's legacy node name."""
    __slots__ = ()


@functools.partial(torch_args, name='cholesky')
def cholesky_legacy(input: Tensor, upper: bool = False) -> Tensor:  # noqa: A002
    """``torch.cholesky`` (deprecated in torch for :func:`ember.linalg.cholesky`): the lower factor, or with
    ``upper=True`` the upper one.

    Args:
        input (Tensor): ``(*, n, n)``, symmetric positive-definite.
        upper (bool): return ``U`` with ``A = U^H U``. Default: False.
    """
    _warn_once("cholesky", "torch.cholesky is deprecated in favor of torch.linalg.cholesky and will be removed in a "
                           "future PyTorch release.\nL = torch.cholesky(A)\nshould be replaced with\nL = "
                           "torch.linalg.cholesky(A)\nand\nU = torch.cholesky(A, upper=True)\nshould be replaced with\n"
                           "U = torch.linalg.cholesky(A).mH\nThis transform will produce equivalent results for all "
                           "valid (symmetric positive definite) inputs.")
    if input.ndim >= 2 and input.shape[-1] == input.shape[-2] and not input.dtype.is_floating_point \
            and not input.dtype.is_complex:
        raise NotImplementedError(f"\"cholesky_cpu\" not implemented for '{input.dtype._legacy[:-6]}'")
    if input._data.size:    # (torch returns an empty input's empty factor before it checks the rank)
        _check_matrix("cholesky", input)
    return apply(CholeskyBackward0, (input,), (input._data,), bool(upper), "cholesky")[0]


@functools.partial(torch_args, name='qr')
def qr_legacy(input: Tensor, some: bool = True):  # noqa: A002
    """``torch.qr`` (deprecated in torch for :func:`ember.linalg.qr`): ``(Q, R)``, reduced when ``some``.

    Args:
        input (Tensor): ``(*, m, n)``.
        some (bool): the reduced decomposition; False: the complete one. Default: True.
    """
    _warn_once("qr", "torch.qr is deprecated in favor of torch.linalg.qr and will be removed in a future PyTorch "
                     "release.\nThe boolean parameter 'some' has been replaced with a string parameter 'mode'.\nQ, R = "
                     "torch.qr(A, some)\nshould be replaced with\nQ, R = torch.linalg.qr(A, 'reduced' if some else "
                     "'complete')")
    q, r = qr(input, "reduced" if some else "complete")
    return _QR_LEGACY(q, r)


def lu_legacy(A: Tensor, pivot: bool = True, get_infos: bool = False):  # noqa: N803
    """``torch.lu`` (deprecated in torch for :func:`ember.linalg.lu_factor`): ``(LU, pivots)``, and ``infos`` with
    ``get_infos=True``.

    Args:
        A (Tensor): ``(*, m, n)``.
        pivot (bool): partial pivoting. Default: True.
        get_infos (bool): also return LAPACK's ``info``. Default: False.
    """
    if type(pivot) is not bool:     # (torch's _lu_with_info parses it; get_infos is only tested for truth)
        raise TypeError(f"_lu_with_info(): argument 'pivot' must be bool, not {type_name(pivot)}")
    _warn_once("lu", "torch.lu is deprecated in favor of torch.linalg.lu_factor / torch.linalg.lu_factor_ex and will "
                     "be removed in a future PyTorch release.\nLU, pivots = torch.lu(A, compute_pivots)\nshould be "
                     "replaced with\nLU, pivots = torch.linalg.lu_factor(A, compute_pivots)\nand\nLU, pivots, info = "
                     "torch.lu(A, compute_pivots, get_infos=True)\nshould be replaced with\nLU, pivots, info = "
                     "torch.linalg.lu_factor_ex(A, compute_pivots)")
    lu_, piv, info = lu_factor_ex(A, pivot=pivot)
    return (lu_, piv, info) if get_infos else (lu_, piv)


@functools.partial(torch_args, name='lu_solve')
def lu_solve_legacy(b: Tensor, LU_data: Tensor, LU_pivots: Tensor) -> Tensor:  # noqa: N803
    """``torch.lu_solve(b, LU, pivots)`` (deprecated in torch for :func:`ember.linalg.lu_solve`, whose arguments
    are reversed).

    Args:
        b (Tensor): ``(*, n, k)``.
        LU_data (Tensor): the packed factors from :func:`ember.linalg.lu_factor`.
        LU_pivots (Tensor): their pivots.
    """
    _warn_once("lu_solve", "torch.lu_solve is deprecated in favor of torch.linalg.lu_solveand will be removed in a "
                           "future PyTorch release.\nNote that torch.linalg.lu_solve has its arguments reversed.\nX = "
                           "torch.lu_solve(B, LU, pivots)\nshould be replaced with\nX = torch.linalg.lu_solve(LU, "
                           "pivots, B)")
    return lu_solve(LU_data, LU_pivots, b)
