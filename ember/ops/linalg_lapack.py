"""LAPACK's factorizations that NumPy lacks, on arrays: getrf (LU with partial pivoting), getrs (its solve), the
partial factor potrf leaves when a matrix is not positive-definite. ``linalg_decomp`` (inv_ex, cholesky_ex) and
``linalg_lu`` (lu_factor, lu, lu_solve) build their ops on them.
"""
from __future__ import annotations

import numpy as np

__all__ = ["getrf", "getrs", "perm_matrix", "unpack", "potf2", "trsm_right_lower", "column_major"]


def column_major(r: np.ndarray) -> np.ndarray:
    """``r`` as LAPACK returns a batch of matrices: each one column-major (torch's strides ``(.., 1, m)``)."""
    return np.swapaxes(np.ascontiguousarray(np.swapaxes(r, -1, -2)), -1, -2)


def getrf(a: np.ndarray):
    """(LU, pivots, info) of ``(*, m, n)`` as LAPACK's getrf: the first largest pivot, rows swapped whole, the
    multipliers ``a[i, j] * (1 / pivot)``, int32 1-based pivots, ``info`` the first zero pivot (0 if none; its
    column is then all zero, so nothing is eliminated)."""
    m, n = a.shape[-2:]
    k = min(m, n)
    batch = a.shape[:-2]
    if a.size == 0:
        return (np.array(a), np.broadcast_to(np.arange(1, k + 1, dtype=np.int32), batch + (k,)).copy(),
                np.zeros(batch, dtype=np.int32))
    flat = np.array(a.reshape((-1, m, n)), dtype=a.dtype)
    b = flat.shape[0]
    rows = np.arange(b)
    piv = np.zeros((b, k), dtype=np.int32)
    info = np.zeros(b, dtype=np.int32)
    with np.errstate(all="ignore"):
        for j in range(k):
            p = j + np.argmax(np.abs(flat[:, j:, j]), axis=1)
            piv[:, j] = p + 1
            top = flat[rows, j, :].copy()
            flat[rows, j, :] = flat[rows, p, :]
            flat[rows, p, :] = top
            pv = flat[:, j, j]
            zero = pv == 0
            info[zero & (info == 0)] = j + 1
            if j + 1 < m:
                tiny = np.abs(pv) < np.finfo(a.dtype).tiny       # getrf2 divides below the safe minimum
                col = flat[:, j + 1:, j]
                scaled = np.where(tiny[:, None], col / pv[:, None], col * (1 / pv)[:, None])
                flat[:, j + 1:, j] = np.where(zero[:, None], col, scaled)
                flat[:, j + 1:, j + 1:] -= flat[:, j + 1:, j:j + 1] * flat[:, j:j + 1, j + 1:]
    return flat.reshape(a.shape), piv.reshape(batch + (k,)), info.reshape(batch)


def _perm(piv: np.ndarray, m: int) -> np.ndarray:
    """The row order the pivots' swaps give: ``A[perm] = L U``."""
    if piv.size == 0 or m == 0:
        return np.broadcast_to(np.arange(m), piv.shape[:-1] + (m,)).copy()
    flat = piv.reshape((-1, piv.shape[-1])).astype(np.int64) - 1
    perm = np.broadcast_to(np.arange(m), (flat.shape[0], m)).copy()
    rows = np.arange(flat.shape[0])
    for j in range(flat.shape[1]):
        p = flat[:, j]
        top = perm[rows, j].copy()
        perm[rows, j] = perm[rows, p]
        perm[rows, p] = top
    return perm.reshape(piv.shape[:-1] + (m,))


def perm_matrix(piv: np.ndarray, m: int, dtype) -> np.ndarray:
    """P (``*, m, m``) with ``A = P L U``: column ``i`` has its 1 in row ``perm[i]``."""
    perm = _perm(piv, m)
    p = np.zeros(perm.shape + (m,), dtype=dtype)
    np.put_along_axis(p, perm[..., :, None], 1, axis=-1)
    return np.ascontiguousarray(np.swapaxes(p, -1, -2))


def unpack(lu: np.ndarray, piv: np.ndarray):
    """P (``*, m, m``), L (``*, m, k``, unit diagonal), U (``*, k, n``) of a packed LU: ``A = P L U``."""
    m, n = lu.shape[-2:]
    k = min(m, n)
    low = np.tril(lu[..., :, :k], -1) + np.eye(m, k, dtype=lu.dtype)
    return perm_matrix(piv, m, lu.dtype), low, np.triu(lu[..., :k, :])


def getrs(lu: np.ndarray, piv: np.ndarray, b: np.ndarray) -> np.ndarray:
    """getrs: the row swaps, forward substitution with unit L, back substitution with U (a zero pivot gives
    LAPACK's infinities and NaNs)."""
    n = lu.shape[-1]
    x = np.take_along_axis(b, _perm(piv, n)[..., :, None], axis=-2).astype(lu.dtype)
    with np.errstate(all="ignore"):
        for i in range(n):
            t = x[..., i, :]
            for k in range(i):                  # term by term, as trsm: inf - inf is LAPACK's NaN
                t = t - lu[..., i, k][..., None] * x[..., k, :]
            x[..., i, :] = t
        for i in range(n - 1, -1, -1):
            t = x[..., i, :]
            for k in range(i + 1, n):
                t = t - lu[..., i, k][..., None] * x[..., k, :]
            x[..., i, :] = t / lu[..., i, i][..., None]
    return x


def potf2(m: np.ndarray):
    """(L, info) of one matrix as LAPACK's potf2 leaves it: column by column; at the first ``j`` whose
    ``d = a[j, j] - L[j, :j] L[j, :j]`` is not positive, ``L[j, j] = d`` and the columns from ``j`` on keep
    ``a``'s lower triangle (``info = j + 1``; 0 and the full factor if none fails)."""
    n = m.shape[-1]
    low = np.tril(np.array(m))
    with np.errstate(all="ignore"):
        for j in range(n):
            d = m[j, j] - low[j, :j] @ low[j, :j]
            if not d > 0:
                low[j, j] = d
                return low, j + 1
            low[j, j] = np.sqrt(d)
            low[j + 1:, j] = (m[j + 1:, j] - low[j + 1:, :j] @ low[j, :j]) / low[j, j]
    return low, 0


def trsm_right_lower(b: np.ndarray, a: np.ndarray) -> np.ndarray:
    """``b a^-1`` for lower-triangular ``a``, in trsm's order (columns from the last, each scaled by
    ``1 / a[j, j]``; no term skipped, as MKL), so a singular ``a`` gives LAPACK's infinities and NaNs."""
    x = np.array(np.broadcast_to(b, np.broadcast_shapes(b.shape[:-2], a.shape[:-2]) + b.shape[-2:]), dtype=b.dtype)
    n = a.shape[-1]
    with np.errstate(all="ignore"):
        for j in range(n - 1, -1, -1):
            for k in range(j + 1, n):
                x[..., :, j] = x[..., :, j] - a[..., k, j][..., None] * x[..., :, k]
            x[..., :, j] = (1 / a[..., j, j])[..., None] * x[..., :, j]
    return x

