"""``ember.linalg``: torch.linalg's functions, with gradients (the nodes live in ``ember/ops``:
``linalg_decomp`` for the factorizations, ``linalg_products`` for the products, ``statistics`` for the
vector norm). The matrix norms are composed as torch composes them (``amax`` of a vector norm, a
reduction of ``svdvals``), so their graphs and gradients are torch's.
"""
from __future__ import annotations

import functools

import numpy as np

from .._tensor import Tensor, make
from ..ops import linalg_decomp as _ld, linalg_eig as _le, linalg_lstsq as _lsq, linalg_lu as _lu
from ..ops import linalg_norms as _ln, linalg_products as _lp
from ..ops._parser import torch_args as _torch_args
from ..ops.linalg import _matmul
from ..ops.linalg_decomp import LinAlgError  # noqa: F401
from ..ops import surface_scatter as _ss  # (the op surface's second round: matrix_exp)

__all__ = ["LinAlgError", "norm", "vector_norm", "matrix_norm", "det", "slogdet", "inv", "solve", "cholesky", "qr",
           "svd", "svdvals", "eigh", "eigvalsh", "pinv", "matrix_power", "matrix_rank", "lstsq", "cross",
           "multi_dot", "matmul", "cholesky_ex", "inv_ex", "lu", "lu_factor", "lu_factor_ex", "lu_solve", "eig",
           "eigvals", "matrix_exp", "cond"]


def _matrix_rank(A: Tensor, tol=None, hermitian: bool = False, *, atol=None, rtol=None) -> Tensor:  # noqa: N803
    """The numerical rank of ``A`` (int64): the singular values above ``max(atol, rtol * smax)``, ``rtol``
    defaulting to ``eps * max(m, n)`` (0 when only ``atol`` is given). Not differentiable.

    Args:
        A (Tensor): ``(*, m, n)``.
        tol (float, optional): legacy absolute tolerance (as ``atol``).
        hermitian (bool): ``A`` is symmetric: its eigenvalues' absolute values are used. Default: False.
        atol (float or Tensor, optional): absolute tolerance.
        rtol (float or Tensor, optional): relative tolerance.
    """
    if A.ndim < 2:
        raise RuntimeError("torch.linalg.matrix_rank: The input tensor input must have at least 2 dimensions.")
    if tol is not None:
        atol = tol
    a = A._data
    s = np.abs(np.linalg.eigvalsh(a)) if hermitian else _ld.svd_any(a)[1]
    m, n = a.shape[-2:]
    if rtol is None:
        rtol = 0.0 if atol is not None and np.any(np.asarray(atol) > 0) else max(m, n) * np.finfo(a.dtype).eps
    atol = 0.0 if atol is None else atol
    atol = atol._data if isinstance(atol, Tensor) else atol
    rtol = rtol._data if isinstance(rtol, Tensor) else rtol
    smax = s.max(-1, keepdims=True) if s.shape[-1] else np.zeros(s.shape[:-1] + (1,), s.dtype)
    tol_ = np.maximum(np.asarray(atol)[..., None], np.asarray(rtol)[..., None] * smax)
    return make(np.asarray(np.sum(s > tol_, axis=-1), dtype=np.int64))


def _checked(fn, name: str, **renames: str):
    """``fn`` behind torch's argument parser as ``torch.linalg.<name>`` (its words: ``linalg_<name>()``);
    ``renames``: torch's keyword names -> ``fn``'s (torch names the matrix ``input`` where ember says ``A``)."""
    if renames:
        raw = fn

        @functools.wraps(raw)
        def fn(*args, **kwargs):
            for torch_name, own in renames.items():
                if torch_name in kwargs:
                    kwargs[own] = kwargs.pop(torch_name)
            return raw(*args, **kwargs)
    return _torch_args(fn, "linalg_" + name)


def _pinv(A: Tensor, rcond=None, hermitian: bool = False, *, atol=None, rtol=None) -> Tensor:  # noqa: N803
    """torch.linalg.pinv with its positional ``rcond`` (the relative tolerance ``rtol``)."""
    return _lsq.pinv(A, atol=atol, rtol=rtol if rcond is None else rcond, hermitian=hermitian)


_INF = float("inf")


def _cond(A: Tensor, p=None) -> Tensor:  # noqa: N803
    """The condition number of ``A`` (or of each matrix of a batch) in the norm ``p``, composed as torch does.

    ``None``, ``2``: the largest singular value over the smallest (``-2``: the smallest over the largest);
    ``'nuc'``: the singular values' sum times their reciprocals' sum; ``'fro'``, ``inf``, ``-inf``, ``1``,
    ``-1``: ``matrix_norm(A, p) * matrix_norm(inv(A), p)``, inf for a singular ``A``. Empty matrices: 0.

    Args:
        A (Tensor): ``(*, m, n)``, square unless ``p`` is ``None`` or ``±2``.
        p (int, float, inf, -inf, 'fro', 'nuc', optional): the norm. Default: ``None`` (2).
    """
    if A.ndim < 2:
        raise RuntimeError("linalg.cond: The input tensor must have at least 2 dimensions.")
    if isinstance(p, str):
        _square(A, p)
        if p not in ("fro", "nuc"):
            raise RuntimeError(f"linalg.cond got an invalid norm type: {p}")
    else:
        ord_ = 2 if p is None else p
        if ord_ not in (2, -2, 1, -1, _INF, -_INF):
            raise RuntimeError(f"linalg.cond got an invalid norm type: {ord_}")
    if A.numel() == 0:                          # (NumPy has no condition number of a 0x0 matrix: torch says 0)
        return A.new_zeros(A.shape[:-2], dtype=A.abs().dtype if A.is_complex() else A.dtype)
    if not isinstance(p, str) and abs(ord_) == 2:
        s = svdvals(A)                          # descending
        s_max, s_min = s.narrow(-1, 0, 1), s.narrow(-1, -1, 1)
        return (s_min / s_max if ord_ == -2 else s_max / s_min).squeeze(-1)
    if p == "nuc":
        s = svdvals(A)
        return s.sum(-1) * s.reciprocal().sum(-1)
    if not isinstance(p, str):
        _square(A, str(ord_) if type(ord_) is int else f"{float(ord_):f}")
    inverse, info = inv_ex(A)
    inverse.masked_fill_(info.unsqueeze(-1).unsqueeze(-1) > 0, _INF)
    result = matrix_norm(A, ord_ if not isinstance(p, str) else p) * matrix_norm(inverse, ord_ if not isinstance(
        p, str) else p)
    return result.nan_to_num_(_INF, _INF, -_INF)     # 0 * inf: NumPy's inf, as torch


def _square(A: Tensor, ord_name: str) -> None:  # noqa: N803
    m, n = A.shape[-2:]
    if m != n:
        raise RuntimeError(f"linalg.cond(ord={ord_name}): A must be batches of square matrices, but they are {m} by "
                           f"{n} matrices")


_A = {"input": "A"}
inv = _checked(_ld.inv, "inv")
inv_ex = _checked(_lu.inv_ex, "inv_ex")
det = _checked(_ld.det, "det")
slogdet = _checked(_ld.slogdet, "slogdet")
solve = _checked(_ld.solve, "solve")
norm = _checked(_ln.norm, "norm", **_A)
vector_norm = _checked(_ln.vector_norm, "vector_norm", input="x")
matrix_norm = _checked(_ln.matrix_norm, "matrix_norm", **_A)
cholesky = _checked(_ld.cholesky, "cholesky", **_A)
cholesky_ex = _checked(_lu.cholesky_ex, "cholesky_ex", **_A)
qr = _checked(_ld.qr, "qr")
svd = _checked(_ld.svd, "svd")
svdvals = _checked(_ld.svdvals, "svdvals")
matrix_exp = _checked(getattr(_ss.matrix_exp, "__wrapped__", _ss.matrix_exp), "matrix_exp")
eigh = _checked(_ld.eigh, "eigh", **_A)
eigvalsh = _checked(_ld.eigvalsh, "eigvalsh", **_A)
eig = _checked(_le.eig, "eig", **_A)
eigvals = _checked(_le.eigvals, "eigvals", **_A)
pinv = _checked(_pinv, "pinv", **_A)
matrix_rank = _checked(_matrix_rank, "matrix_rank", **_A)
matrix_power = _checked(_lp.matrix_power, "matrix_power", **_A)
lstsq = _checked(_lsq.lstsq, "lstsq", input="A", b="B")
cross = _checked(_lp.linalg_cross, "cross")
multi_dot = _checked(_lp.multi_dot, "multi_dot")
matmul = _checked(_matmul, "matmul")
lu = _checked(_lu.lu, "lu")
lu_factor = _checked(_lu.lu_factor, "lu_factor")
lu_factor_ex = _checked(_lu.lu_factor_ex, "lu_factor_ex")
lu_solve = _checked(_lu.lu_solve, "lu_solve")
cond = _checked(_cond, "cond", input="A")
