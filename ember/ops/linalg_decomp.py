"""Matrix functions and factorizations (``ember.linalg``): det, slogdet, inv, solve, cholesky, qr, svd,
eigh (pinv and lstsq: ops/linalg_lstsq.py), each one node named as torch's, with torch's backward
formulas (FunctionsManual's ``linalg_det_backward``, ``svd_backward``, ``linalg_eig_backward``, ...).
Batches of matrices (``(*, m, n)``) are handled as NumPy's ``linalg`` does. The formulas run in both
worlds: the helpers below (``_solve``, ``_diag_embed``, ...) call NumPy on arrays and this module's own
ops on tensors, so the gradients are differentiable again.
"""
from __future__ import annotations

import functools

import numpy as np

from .._tensor import Tensor, make
from ._op import Op
from ._parser import torch_args
from ._record import apply
from .linalg_lapack import column_major, getrf, getrs, potf2, trsm_right_lower
from .reduction import _return_type

__all__ = ["LinAlgError", "svd_any", "det", "slogdet", "inv", "solve", "cholesky", "qr", "svd", "svdvals", "eigh",
           "eigvalsh", "logdet", "inverse"]


class _LinAlgError(RuntimeError):
    """torch.linalg.LinAlgError (torch._C._LinAlgError): a factorization failed on its input's values."""


_LinAlgError.__module__ = "ember._C"
LinAlgError = _LinAlgError


# ----------------------------------------------------------------------------------------------
# formula helpers, one for both worlds (arrays or recorded tensors)
def _np_dtype(x) -> np.dtype:
    return x._data.dtype if isinstance(x, Tensor) else x.dtype


def _const(xp, x, arr):
    """``arr`` as a constant in ``x``'s world and dtype."""
    return xp.constant(np.asarray(arr, dtype=_np_dtype(x)))


def _mH(xp, x):
    return xp.swapaxes(x, -1, -2)


def _eye(xp, x, n: int):
    return _const(xp, x, np.eye(n))


def _diag_embed(xp, v):
    """``v`` (``*, n``) on the diagonal of ``*, n, n`` matrices."""
    n = v.shape[-1]
    return xp.unsqueeze(v, -1) * _eye(xp, v, n)


def _diagonal(xp, x):
    return xp.sum(x * _eye(xp, x, x.shape[-1]), axis=-1)


def _tril(xp, x, k: int = 0):
    return x * _const(xp, x, np.tri(x.shape[-2], x.shape[-1], k))


def _triu(xp, x, k: int = 0):
    return x * _const(xp, x, 1 - np.tri(x.shape[-2], x.shape[-1], k - 1))


def _solve(xp, a, b):
    """``a^-1 b`` for matrices ``b`` (a plain solve: the triangular solves of torch's formulas too)."""
    if xp.tensor_mode:
        return solve(a, b)
    try:
        return np.linalg.solve(a, b)
    except np.linalg.LinAlgError:   # a zero pivot (singular, or inf/NaN entries): LAPACK's infs and NaNs, as torch's
        lu, piv, _ = getrf(a)
        return getrs(lu, piv, b)


def _inv(xp, a):
    if xp.tensor_mode:
        return inv(a)
    try:
        return np.linalg.inv(a)
    except np.linalg.LinAlgError:   # (as _solve)
        return _solve(xp, a, np.broadcast_to(np.eye(a.shape[-1], dtype=a.dtype), a.shape))


# ----------------------------------------------------------------------------------------------
# torch's argument checks and its LinAlgError texts
def _check_matrix(name: str, A: Tensor, square: bool = True, arg: str = "A") -> None:  # noqa: N803
    if A.ndim < 2:
        raise RuntimeError(f"{name}: The input tensor {arg} must have at least 2 dimensions.")
    if square and A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"{name}: A must be batches of square matrices, but they are {A.shape[-2]} by "
                           f"{A.shape[-1]} matrices")
    _check_float(name, A)


def _check_float(name: str, A: Tensor) -> None:  # noqa: N803
    dt = A.dtype
    if not (dt.is_floating_point or dt.is_complex):
        raise RuntimeError(f"{name}: Expected a floating point or complex tensor as input. Got {dt._legacy[:-6]}")


def _check_eigh(name: str, A: Tensor) -> None:  # noqa: N803
    dt = A.dtype
    if A.ndim >= 2 and A.shape[-1] == A.shape[-2] and not (dt.is_floating_point or dt.is_complex):
        raise NotImplementedError(f'"linalg_eigh_cpu" not implemented for \'{dt._legacy[:-6]}\'')
    _check_matrix(name, A)


def _first_zero_pivot(a: np.ndarray) -> int:
    """LAPACK getrf's ``info`` for one square matrix: the 1-based index of the first zero pivot of
    its partial-pivoting LU (0 if none), which is what torch names in its singular-matrix error."""
    a = np.array(a)          # in its own dtype: whether a pivot rounds to exactly 0 depends on it
    n = a.shape[0]
    for k in range(n):
        p = k + int(np.argmax(np.abs(a[k:, k])))
        if a[p, k] == 0:
            return k + 1
        a[[k, p]] = a[[p, k]]
        a[k + 1:, k:] -= np.outer(a[k + 1:, k] / a[k, k], a[k, k:])
    return 0


def _first_bad_minor(a: np.ndarray) -> int:
    """LAPACK potrf's ``info``: the order of the first leading minor that is not positive-definite."""
    a = np.asarray(a, dtype=np.float64)
    n = a.shape[0]
    L = np.zeros_like(a)  # noqa: N806
    for j in range(n):
        d = a[j, j] - L[j, :j] @ L[j, :j]
        if not d > 0:
            return j + 1
        L[j, j] = np.sqrt(d)
        L[j + 1:, j] = (a[j + 1:, j] - L[j + 1:, :j] @ L[j, :j]) / L[j, j]
    return n


def _try_cholesky(m: np.ndarray) -> np.ndarray:
    try:
        return np.linalg.cholesky(m)
    except np.linalg.LinAlgError:
        return np.full(m.shape, np.nan)


def _batch_prefix(arr: np.ndarray, k: int) -> str:
    return f"(Batch element {k}): " if arr.ndim > 2 else ""


def _singular_error(name: str, a: np.ndarray) -> _LinAlgError:
    flat = a.reshape((-1,) + a.shape[-2:])
    for k, m in enumerate(flat):
        info = _first_zero_pivot(m)
        if info:
            return _LinAlgError(f"{name}: {_batch_prefix(a, k)}The diagonal element {info} is zero, the inversion "
                                "could not be completed because the input matrix is singular.")
    return _LinAlgError(f"{name}: The inversion could not be completed because the input matrix is singular.")


# ----------------------------------------------------------------------------------------------
# the ops
class LinalgDetBackward0(Op):
    __slots__ = ()
    _saved_names = ("A", "result")

    @staticmethod
    def forward(ctx, a):
        r = _signed_zeros(a, np.asarray(np.linalg.det(a), dtype=a.dtype))
        ctx.save(a, r)
        return r

    def backward(ctx, g, xp):
        # torch's linalg_det_backward: (g det) A^-H. A plain backward solves with A's LU (a zero pivot nudged
        # by eps), so a matrix whose det is exactly 0 gets a zero gradient; with create_graph the matrices
        # with |det| < eps ||A||_F take the SVD form, which stays differentiable there
        a, d = xp.saved(ctx)
        if a.shape[-1] == 1:    # torch: a 1x1 matrix's det is its entry, so the gradient is g (also where det is 0)
            grad = xp.expand(xp.unsqueeze(xp.unsqueeze(g, -1), -1), tuple(a.shape))
            return (grad if xp.tensor_mode else np.ascontiguousarray(grad),)
        gd = g * d
        if not xp.tensor_mode:
            zero = np.asarray(d == 0)
            if zero.all():
                return (np.zeros(a.shape, dtype=np.result_type(a, gd)),)
            safe = np.where(zero[..., None, None], np.eye(a.shape[-1], dtype=a.dtype), a) if zero.any() else a
            return (_det_nonsingular(xp, safe, np.where(zero, 0, gd)),)
        ad, dd = a._data, d._data
        eps = np.finfo(ad.dtype).eps
        singular = np.abs(dd) < eps * np.sqrt(np.sum(ad * ad, axis=(-2, -1)))
        if not singular.any():
            return (_det_nonsingular(xp, a, gd),)
        if singular.all():
            return (_det_singular(xp, a, g),)
        mask = singular[..., None, None]
        n = a.shape[-1]
        stand_in = _const(xp, a, np.broadcast_to(np.diag(np.arange(1.0, n + 1)), tuple(a.shape)))
        eye = _const(xp, a, np.broadcast_to(np.eye(n), tuple(a.shape)))
        m = xp.constant(mask)
        return (xp.where(m, _det_singular(xp, xp.where(m, a, stand_in), g),
                         _det_nonsingular(xp, xp.where(m, eye, a), gd)),)


def _signed_zeros(a: np.ndarray, r: np.ndarray) -> np.ndarray:
    """``r`` (a det or a sign) with torch's sign on its zeros: torch multiplies sign(P) by the pivots of the LU of
    A^T (its row-major A, as LAPACK reads it), so a zero pivot after an odd number of swaps gives -0.0."""
    if not (np.any(r == 0) and a.shape[-1]):
        return r
    lu, piv, _ = getrf(np.swapaxes(a, -1, -2))
    diag = np.diagonal(lu, 0, -2, -1)
    swaps = np.sum(piv != np.arange(1, a.shape[-1] + 1, dtype=np.int32), axis=-1) % 2
    sign = np.where(swaps == 1, -1.0, 1.0) * np.prod(np.where(diag < 0, -1.0, 1.0), axis=-1)
    return np.where(r == 0, np.copysign(np.zeros((), a.dtype), sign), r).astype(a.dtype)


def _det_nonsingular(xp, a, gd):
    return _solve(xp, _mH(xp, a), _diag_embed(xp, xp.expand(xp.unsqueeze(gd, -1), tuple(a.shape[:-1]))))


def _det_singular(xp, a, g):
    if xp.tensor_mode:
        u, s, vh = svd(a)
        alpha = det(u) * det(vh) * g
    else:
        u, s, vh = np.linalg.svd(a)
        alpha = np.linalg.det(u) * np.linalg.det(vh) * g
    d = xp.unsqueeze(alpha, -1) * xp.prod_others(s, (len(s.shape) - 1,))
    return xp.matmul(u * xp.unsqueeze(d, -2), vh)


class LinalgSlogdetBackward0(Op):
    """(sign, logabsdet): only logabsdet carries a gradient for real input."""
    __slots__ = ()
    multi_output = True
    _saved_names = ("A", "sign")

    @staticmethod
    def forward(ctx, a):
        sign, logabs = np.linalg.slogdet(a)
        sign, logabs = _signed_zeros(a, np.asarray(sign, dtype=a.dtype)), np.asarray(logabs, dtype=a.dtype)
        ctx.save(a, sign)
        return sign, logabs

    def backward(ctx, grads, xp):
        a, sign = xp.saved(ctx)
        g = _diag_embed(xp, xp.expand(xp.unsqueeze(grads[1], -1), tuple(a.shape[:-1])))
        if not xp.tensor_mode and np.any(sign == 0):
            # torch solves A^T X = g with the LU of A^T (its row-major A, read by LAPACK): a singular A gives
            # getrs's infinities and NaNs
            lu, piv, _ = getrf(np.swapaxes(a, -1, -2))
            return (getrs(lu, piv, g),)
        return (_solve(xp, _mH(xp, a), g),)


class LinalgInvExBackward0(Op):
    """(inverse, info); ``check``: the name a singular matrix's error gives (None: inv_ex, whose "inverse" of a
    singular matrix is getrs's infinities and NaNs, and ``info`` its first zero pivot)."""
    __slots__ = ()
    multi_output = True
    differentiable_outputs = (0,)
    _saved_names = ("inverse",)

    @staticmethod
    def forward(ctx, a, check):
        info = np.zeros(a.shape[:-2], dtype=np.int32)
        try:
            r = np.linalg.inv(a)
        except np.linalg.LinAlgError:
            if check is not None:
                raise _singular_error(check, a) from None
            lu, piv, info = getrf(a)
            r = getrs(lu, piv, np.broadcast_to(np.eye(a.shape[-1], dtype=a.dtype), a.shape))
        r = column_major(r)
        ctx.save(r)
        return r, info

    def backward(ctx, g, xp):
        r, = xp.saved(ctx)
        rh = _mH(xp, r)
        return (-xp.matmul(rh, xp.matmul(g, rh)),)


class LinalgSolveExBackward0(Op):
    """X with A X = B (``left``) or X A = B; ``vector``: B is a (batch of) vector(s)."""
    __slots__ = ("left", "vector")
    _saved_names = ("A", "result")
    _param_names = ("left",)

    @staticmethod
    def forward(ctx, a, b, left, vector):
        ctx.left, ctx.vector = left, vector
        try:
            if vector:
                x = np.linalg.solve(a, b[..., None])[..., 0]
            elif left:
                x = np.linalg.solve(a, b)
            else:
                x = np.swapaxes(np.linalg.solve(np.swapaxes(a, -1, -2), np.swapaxes(b, -1, -2)), -1, -2)
        except np.linalg.LinAlgError:
            flat = a.reshape((-1,) + a.shape[-2:])     # torch names the batch element of A's own batch
            k = next((k for k, m in enumerate(flat) if _first_zero_pivot(m)), 0)
            raise _LinAlgError(f"torch.linalg.solve: {_batch_prefix(a, k)}The solver failed because the input "
                               "matrix is singular.") from None
        x = np.ascontiguousarray(x)
        ctx.save(a, x)
        return x

    def backward(ctx, g, xp):
        a, x = xp.saved(ctx)
        if ctx.vector:
            g, x = xp.unsqueeze(g, -1), xp.unsqueeze(x, -1)
        ah = _mH(xp, a)
        if ctx.left:
            gb = _solve(xp, ah, g)
            ga = -xp.matmul(gb, _mH(xp, x))
        else:
            gb = _mH(xp, _solve(xp, a, _mH(xp, g)))       # g A^-H
            ga = -xp.matmul(_mH(xp, x), gb)
        if ctx.vector:
            gb = gb[..., 0]
        return ga, gb


class LinalgCholeskyExBackward0(Op):
    """(L, info); ``check``: the name a failure's error gives (None: cholesky_ex, whose L is then what potf2
    leaves and ``info`` the order of the failing minor)."""
    __slots__ = ("upper",)
    multi_output = True
    differentiable_outputs = (0,)
    _saved_names = ("L",)
    _param_names = ("upper",)

    @staticmethod
    def forward(ctx, a, upper, check):
        ctx.upper = upper
        if not a.size and a.ndim < 2:       # torch.cholesky of nothing, before its rank check: nothing
            ctx.save(np.empty_like(a))
            return np.empty_like(a), np.zeros((), dtype=np.int32)
        src = np.swapaxes(a, -1, -2) if upper else a      # upper: the factor of A's upper triangle
        info = np.zeros(a.shape[:-2], dtype=np.int32)
        try:
            L = np.linalg.cholesky(src)  # noqa: N806
        except np.linalg.LinAlgError:
            flat = src.reshape((-1,) + src.shape[-2:])
            if check is None:
                parts = [potf2(m) for m in flat]
                L = np.stack([p[0] for p in parts]).reshape(src.shape)  # noqa: N806
                info = np.array([p[1] for p in parts], dtype=np.int32).reshape(a.shape[:-2])
            else:
                k = next(k for k, m in enumerate(flat) if not np.all(np.isfinite(_try_cholesky(m))))
                order = _first_bad_minor(flat[k])
                raise _LinAlgError(f"{check}: {_batch_prefix(a, k)}The factorization could not be completed "
                                   "because the input is not positive-definite (the leading minor of order "
                                   f"{order} is not positive-definite).") from None
        r = column_major(np.swapaxes(L, -1, -2) if upper else L)
        ctx.save(r)
        return r, info

    def backward(ctx, g, xp):
        # torch's cholesky_backward: gA = L^-H Phi(L^H gL) L^-1, Phi halving the diagonal
        r, = xp.saved(ctx)
        if len(r.shape) < 2:    # torch.cholesky's empty 1-D factor: cholesky_backward's L.mH refuses it
            raise RuntimeError(f"tensor.mH is only supported on matrices or batches of matrices. Got "
                               f"{len(r.shape)}-D tensor.")
        L, gL = (_mH(xp, r), _mH(xp, g)) if ctx.upper else (r, g)  # noqa: N806
        ga = _tril(xp, xp.matmul(_mH(xp, L), gL))
        ga = (ga + _mH(xp, _tril(xp, ga, -1))) * 0.5
        ga = _solve(xp, _mH(xp, L), ga)
        return (_mH(xp, _solve(xp, _mH(xp, L), _mH(xp, ga))),)     # ga L^-1


class LinalgQrBackward0(Op):
    __slots__ = ("mode",)
    multi_output = True
    _saved_names = ("Q", "R")
    _param_names = ("mode",)

    @staticmethod
    def forward(ctx, a, mode):
        ctx.mode = mode
        if mode == "r":
            r = np.linalg.qr(a, mode="r")
            q = np.zeros((0,), dtype=a.dtype)
        else:
            q, r = np.linalg.qr(a, mode=mode)
        q, r = column_major(q) if q.ndim > 1 else q, column_major(r)
        ctx.save(q, r)
        return q, r

    def backward(ctx, grads, xp):
        gq, gr = grads
        q, r = xp.saved(ctx)
        if ctx.mode == "r":
            raise RuntimeError("The derivative of linalg.qr depends on Q, which is not computed when mode='r'. "
                               "Please use linalg.qr(A, mode='reduced') if you are going to differentiate through "
                               "linalg.qr.")
        m, n = q.shape[-2], r.shape[-1]
        if ctx.mode == "complete" and m > n:
            raise RuntimeError("The QR decomposition is not differentiable when mode='complete' and nrows > ncols.")
        ga = xp.matmul(gr, _mH(xp, r)) - xp.matmul(_mH(xp, q), gq)
        if m >= n:
            sym = _triu(xp, ga)
            sym = sym + _mH(xp, sym)
            sym = sym - _diag_embed(xp, _diagonal(xp, sym) * 0.5)
            ga = xp.matmul(q, sym) + gq
            return (_right_solve_h(xp, ga, r),)
        x = -ga
        ga = xp.matmul(q, _tril(xp, x - _mH(xp, x)))
        ga = _right_solve_h(xp, ga, r[..., :, :m])
        zeros = xp.zeros(tuple(r.shape[:-1]) + (n - m,), _np_dtype(r))
        return (xp.cat([ga, zeros], -1) + xp.matmul(q, gr),)


def _right_solve_h(xp, ga, r):
    """``ga R^-H`` for upper-triangular ``R``: a plain backward uses trsm's order, so a singular R (a zero
    matrix's QR) gives torch's infs and NaNs rather than an error."""
    if xp.tensor_mode:
        return _mH(xp, _solve(xp, r, _mH(xp, ga)))
    return trsm_right_lower(ga, np.swapaxes(r, -1, -2))


def _svd_non_finite(a: np.ndarray, full_matrices: bool = False) -> tuple:
    """SVD of a batch with inf or NaN, as torch's LAPACK (gesdd) ends: a NaN fails with its error, an infinity
    gives NaN singular values (and here NaN vectors; torch's vary with the values) without handing the
    matrix to LAPACK, which may spin on one for minutes."""
    flat = a.reshape((-1,) + a.shape[-2:])
    nan = np.isnan(flat).any(axis=(-2, -1))
    if nan.any():
        raise _LinAlgError(f"linalg.svd: {_batch_prefix(a, int(np.argmax(nan)))}The algorithm failed to converge "
                           "because the input matrix contained non-finite values.")
    bad = ~np.isfinite(flat).all(axis=(-2, -1))
    clean = flat.copy()
    clean[bad] = 0
    u, s, vh = np.linalg.svd(clean, full_matrices=full_matrices)
    for out in (u, s, vh):
        out[bad] = np.nan
    batch = a.shape[:-2]
    return tuple(out.reshape(batch + out.shape[1:]) for out in (u, s, vh))


def svd_any(a: np.ndarray, full_matrices: bool = False) -> tuple:
    """``np.linalg.svd`` of any batch (``_svd_non_finite`` where a matrix holds inf or NaN)."""
    if not np.isfinite(a).all():
        return _svd_non_finite(a, full_matrices)
    return np.linalg.svd(a, full_matrices=full_matrices)


class LinalgSvdBackward0(Op):
    """(U, S, Vh); ``values_only`` for svdvals, whose U and Vh the caller never sees."""
    __slots__ = ("full_matrices", "values_only")
    multi_output = True
    _saved_names = ("U", "S", "Vh")
    _param_names = ("full_matrices",)

    @staticmethod
    def forward(ctx, a, full_matrices, values_only):
        ctx.full_matrices, ctx.values_only = full_matrices, values_only
        u, s, vh = svd_any(a, full_matrices)
        u, s, vh = np.ascontiguousarray(u), s.astype(a.dtype), np.ascontiguousarray(vh)
        ctx.save(u, s, vh)
        return u, s, vh

    def backward(ctx, grads, xp):
        gu, gs, gvh = grads
        u, s, vh = xp.saved(ctx)
        gu, gvh = _given(gu), _given(gvh)
        if ctx.full_matrices:
            k = s.shape[-1]
            u, vh = u[..., :, :k], vh[..., :k, :]
            gu = None if gu is None else gu[..., :, :k]
            gvh = None if gvh is None else gvh[..., :k, :]
        return (_svd_backward(xp, gu, gs, gvh, u, s, vh),)


def _given(g):
    """None for the zeros the engine passes for an output that got no gradient (svdvals' U and Vh, unless a
    second-order pass reaches them), so the formula takes torch's branch for an undefined gradient."""
    arr = g._data if isinstance(g, Tensor) else g
    return g if arr.any() else None


def _svd_backward(xp, gu, gs, gvh, u, s, vh):
    """torch's svd_backward (real case), with gu/gvh None when they carry no gradient."""
    m, n = u.shape[-2], vh.shape[-1]
    if gu is None and gvh is None:
        return xp.matmul(u, xp.unsqueeze(gs, -1) * vh) if m >= n else xp.matmul(u * xp.unsqueeze(gs, -2), vh)
    s2 = s * s
    e = xp.unsqueeze(s2, -2) - xp.unsqueeze(s2, -1) + _eye(xp, s, s.shape[-1])
    if gu is not None:
        uhgu = xp.matmul(_mH(xp, u), gu)
        uhgu = uhgu - _mH(xp, uhgu)
    if gvh is not None:
        vhgv = xp.matmul(vh, _mH(xp, gvh))
        vhgv = vhgv - _mH(xp, vhgv)
    if gu is not None and gvh is not None:
        ga = (uhgu * xp.unsqueeze(s, -2) + xp.unsqueeze(s, -1) * vhgv) / e
    elif gu is not None:
        ga = (uhgu / e) * xp.unsqueeze(s, -2)
    else:
        ga = xp.unsqueeze(s, -1) * (vhgv / e)
    ga = ga + _diag_embed(xp, gs)
    if m > n and gu is not None:
        ga = xp.matmul(u, ga)
        gusinv = gu / xp.unsqueeze(s, -2)
        ga = ga + gusinv - xp.matmul(u, xp.matmul(_mH(xp, u), gusinv))
        return xp.matmul(ga, vh)
    if m < n and gvh is not None:
        ga = xp.matmul(ga, vh)
        sinvgvh = gvh / xp.unsqueeze(s, -1)
        ga = ga + sinvgvh - xp.matmul(xp.matmul(sinvgvh, _mH(xp, vh)), vh)
        return xp.matmul(u, ga)
    return xp.matmul(u, xp.matmul(ga, vh))


class LinalgEighBackward0(Op):
    """(eigenvalues, eigenvectors); ``values_only`` for eigvalsh."""
    __slots__ = ("values_only",)
    multi_output = True
    _saved_names = ("eigenvalues", "eigenvectors")

    @staticmethod
    def forward(ctx, a, uplo, values_only):
        ctx.values_only = values_only
        w, v = np.linalg.eigh(a, UPLO=uplo)
        w, v = w.astype(a.dtype), np.ascontiguousarray(v)
        ctx.save(w, v)
        return w, v

    def backward(ctx, grads, xp):
        # torch's linalg_eig_backward, Hermitian case
        gl, gv = grads
        w, v = xp.saved(ctx)
        vh = _mH(xp, v)
        gv = _given(gv)
        if gv is None:
            return (xp.matmul(v * xp.unsqueeze(gl, -2), vh),)
        vhgv = xp.matmul(vh, gv)
        vhgv = (vhgv - _mH(xp, vhgv)) * 0.5
        e = xp.unsqueeze(w, -2) - xp.unsqueeze(w, -1) + _eye(xp, w, w.shape[-1])
        ga = vhgv / e
        ga = ga - _diag_embed(xp, _diagonal(xp, ga)) + _diag_embed(xp, gl)
        return (xp.matmul(v, xp.matmul(ga, vh)),)


# ----------------------------------------------------------------------------------------------
# the functions (ember.linalg re-exports them with torch's docstrings)
def det(A: Tensor) -> Tensor:  # noqa: N803
    """The determinant of a square matrix, or of each matrix in a batch (``*, n, n``)."""
    _check_matrix("linalg.det", A)
    return apply(LinalgDetBackward0, (A,), (A._data,))


def slogdet(A: Tensor):  # noqa: N803
    """The sign and the natural log of the absolute value of the determinant: ``(sign, logabsdet)``."""
    _check_matrix("linalg.slogdet", A)
    sign, logabs = apply(LinalgSlogdetBackward0, (A,), (A._data,))
    return _SLOGDET(sign, logabs)


def inv(A: Tensor) -> Tensor:  # noqa: N803
    """The inverse of a square matrix (or batch); a singular matrix raises ``LinAlgError``."""
    _check_matrix("linalg.inv", A)
    return apply(LinalgInvExBackward0, (A,), (A._data,), "linalg.inv")[0]


def solve(A: Tensor, B: Tensor, *, left: bool = True) -> Tensor:  # noqa: N803
    """The solution ``X`` of ``A X = B`` (``left=False``: ``X A = B``); ``B`` may be a vector."""
    _check_matrix("linalg.solve", A)
    if A.dtype != B.dtype:
        raise RuntimeError(f"linalg.solve: Expected A and B to have the same dtype, but found A of type "
                           f"{A.dtype._legacy[:-6]} and B of type {B.dtype._legacy[:-6]} instead")
    n = A.shape[-1]
    vector = B.ndim == 1 or (B.ndim == A.ndim - 1 and tuple(B.shape) == tuple(A.shape[:-1]))
    bm = tuple(B.shape) + (1,) if vector else tuple(B.shape)
    if len(bm) < 2 or (bm[-2] if left else bm[-1]) != n:
        shape = f"{bm[-2]}x{bm[-1]}" if len(bm) >= 2 else f"{bm[0]}x1"
        eq = "AX = B" if left else "XA = B"
        raise RuntimeError(f"linalg.solve: Incompatible shapes of A and B for the equation {eq} ({n}x{n} and "
                           f"{shape})")
    return apply(LinalgSolveExBackward0, (A, B), (A._data, B._data), left, vector)


def cholesky(A: Tensor, *, upper: bool = False) -> Tensor:  # noqa: N803
    """The Cholesky factor ``L`` (``A = L L^H``; ``upper=True``: ``U``, ``A = U^H U``)."""
    _check_matrix("linalg.cholesky", A)
    return apply(LinalgCholeskyExBackward0, (A,), (A._data,), bool(upper), "linalg.cholesky")[0]


def qr(A: Tensor, mode: str = "reduced"):  # noqa: N803
    """The QR decomposition ``(Q, R)``; ``mode`` is ``'reduced'``, ``'complete'`` or ``'r'``."""
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError(f"qr received unrecognized mode '{mode}' but expected one of 'reduced' (default), 'r', "
                           "or 'complete'")
    _check_matrix("linalg.qr", A, square=False)
    q, r = apply(LinalgQrBackward0, (A,), (A._data,), mode)
    return _QR(q, r)


def svd(A: Tensor, full_matrices: bool = True, *, driver=None):  # noqa: N803
    """The singular value decomposition ``(U, S, Vh)``, ``A = U diag(S) Vh``."""
    _check_matrix("linalg.svd", A, square=False)
    u, s, vh = apply(LinalgSvdBackward0, (A,), (A._data,), bool(full_matrices), False)
    return _SVD(u, s, vh)


def svdvals(A: Tensor, *, driver=None) -> Tensor:  # noqa: N803
    """The singular values of ``A``, in descending order."""
    _check_matrix("linalg.svd", A, square=False)
    return apply(LinalgSvdBackward0, (A,), (A._data,), False, True)[1]


def eigh(A: Tensor, UPLO: str = "L"):  # noqa: N803
    """Eigenvalues (ascending) and eigenvectors of a symmetric matrix, read from its ``UPLO`` triangle."""
    if UPLO not in ("L", "U"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")
    _check_eigh("linalg.eigh", A)
    w, v = apply(LinalgEighBackward0, (A,), (A._data,), UPLO, False)
    return _EIGH(w, v)


def eigvalsh(A: Tensor, UPLO: str = "L") -> Tensor:  # noqa: N803
    """The eigenvalues of a symmetric matrix, ascending."""
    if UPLO not in ("L", "U"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")
    _check_eigh("linalg.eigvalsh", A)
    return apply(LinalgEighBackward0, (A,), (A._data,), UPLO, True)[0]


_SLOGDET = _return_type("linalg_slogdet", ("sign", "logabsdet"))
_QR = _return_type("linalg_qr", ("Q", "R"))
_SVD = _return_type("linalg_svd", ("U", "S", "Vh"))
_EIGH = _return_type("linalg_eigh", ("eigenvalues", "eigenvectors"))


def logdet(input: Tensor) -> Tensor:  # noqa: A002
    """``log(det(input))``: NaN where the determinant is negative, ``-inf`` where it is 0 (torch's
    ``where(sign == -1, nan, logabsdet)`` over slogdet)."""
    from .selection import where   # deferred: selection is a sibling family module, used only here
    _check_matrix("linalg.slogdet", input)
    sign, logabs = slogdet(input)
    return where(sign == -1, float("nan"), logabs)


def inverse(input: Tensor) -> Tensor:  # noqa: A002
    """``ember.linalg.inv`` under its Tensor-method name."""
    return inv(input)


@functools.partial(torch_args, name="svd")
def svd_legacy(input: Tensor, some: bool = True, compute_uv: bool = True):  # noqa: A002
    """``torch.svd``: ``(U, S, V)`` with ``V = Vh^T`` (a transpose of linalg.svd's ``Vh``); ``some=False`` gives
    full U and V; ``compute_uv=False`` gives zero-filled U and V, as torch does.

    Args:
        input (Tensor): ``(*, m, n)``.
        some (bool): the reduced decomposition. Default: True.
        compute_uv (bool): compute U and V. Default: True.
    """
    from .shape import mT   # deferred: the shape family is used only for this transpose
    if not compute_uv:
        s = svdvals(input)
        m, n = input.shape[-2:]
        zeros = np.zeros(tuple(input.shape[:-2]), dtype=input._data.dtype)
        u = make(np.zeros(zeros.shape + (m, m), dtype=zeros.dtype))
        v = make(np.zeros(zeros.shape + (n, n), dtype=zeros.dtype))
        return _SVD_LEGACY(u, s, v)
    u, s, vh = svd(input, full_matrices=not some)
    return _SVD_LEGACY(u, s, mT(vh))


_SVD_LEGACY = _return_type("svd", ("U", "S", "V"))
