"""``ember.linalg``: torch.linalg's functions, with gradients (the nodes live in ``ember/ops``:
``linalg_decomp`` for the factorizations, ``linalg_products`` for the products, ``statistics`` for the
vector norm). The matrix norms are composed as torch composes them (``amax`` of a vector norm, a
reduction of ``svdvals``), so their graphs and gradients are torch's.
"""
from __future__ import annotations

import numpy as np

from .._tensor import Tensor, make
from ..ops.linalg import matmul  # noqa: F401
from ..ops.linalg_decomp import (LinAlgError, cholesky, det, eigh, eigvalsh, inv, qr, slogdet,  # noqa: F401
                                 solve, svd, svdvals)
from ..ops.linalg_lstsq import lstsq, pinv  # noqa: F401
from ..ops.linalg_lu import cholesky_ex, inv_ex, lu, lu_factor, lu_factor_ex, lu_solve  # noqa: F401
from ..ops.linalg_eig import eig, eigvals  # noqa: F401
from ..ops.linalg_products import linalg_cross as cross, matrix_power, multi_dot  # noqa: F401
from ..ops.linalg_norms import matrix_norm, norm, vector_norm  # noqa: F401

__all__ = ["LinAlgError", "norm", "vector_norm", "matrix_norm", "det", "slogdet", "inv", "solve", "cholesky", "qr",
           "svd", "svdvals", "eigh", "eigvalsh", "pinv", "matrix_power", "matrix_rank", "lstsq", "cross",
           "multi_dot", "matmul", "cholesky_ex", "inv_ex", "lu", "lu_factor", "lu_factor_ex", "lu_solve", "eig",
           "eigvals"]


def matrix_rank(A: Tensor, tol=None, hermitian: bool = False, *, atol=None, rtol=None) -> Tensor:  # noqa: N803
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
    s = np.abs(np.linalg.eigvalsh(a)) if hermitian else np.linalg.svd(a, compute_uv=False)
    m, n = a.shape[-2:]
    if rtol is None:
        rtol = 0.0 if atol is not None and np.any(np.asarray(atol) > 0) else max(m, n) * np.finfo(a.dtype).eps
    atol = 0.0 if atol is None else atol
    atol = atol._data if isinstance(atol, Tensor) else atol
    rtol = rtol._data if isinstance(rtol, Tensor) else rtol
    smax = s.max(-1, keepdims=True) if s.shape[-1] else np.zeros(s.shape[:-1] + (1,), s.dtype)
    tol_ = np.maximum(np.asarray(atol)[..., None], np.asarray(rtol)[..., None] * smax)
    return make(np.asarray(np.sum(s > tol_, axis=-1), dtype=np.int64))
