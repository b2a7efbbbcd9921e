"""The pseudo-inverse and least squares (``ember.linalg.pinv``, ``lstsq``), with torch's ``pinv_backward`` and
``linalg_lstsq_backward``; helpers shared with the factorizations come from ops/linalg_decomp.py."""
from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from ._op import Op
from ._record import apply
from .linalg_decomp import _check_matrix, _mH, svd_any
from .reduction import _return_type

__all__ = ["pinv", "lstsq", "pinverse"]


class LinalgPinvBackward0(Op):
    __slots__ = ()
    _saved_names = ("self", "result")

    @staticmethod
    def forward(ctx, a, atol, rtol, hermitian):
        r = _pinv_array(a, atol, rtol, hermitian)
        ctx.save(a, r)
        return r

    def backward(ctx, g, xp):
        a, p = xp.saved(ctx)
        return (_pinv_backward(xp, g, p, a),)


def _pinv_array(a, atol, rtol, hermitian):
    m, n = a.shape[-2:]
    if rtol is None:
        rtol = 0.0 if atol is not None and atol > 0 else max(m, n) * np.finfo(a.dtype).eps
    atol = 0.0 if atol is None else atol
    if hermitian:
        w, v = np.linalg.eigh(a)
        aw = np.abs(w)
        keep = aw > np.maximum(atol, rtol * aw.max(-1, keepdims=True))
        winv = np.where(keep, 1.0 / np.where(keep, w, 1.0), 0.0)
        return np.ascontiguousarray((v * winv[..., None, :]) @ np.swapaxes(v, -1, -2)).astype(a.dtype)
    u, s, vh = svd_any(a)
    smax = s.max(-1, keepdims=True) if s.shape[-1] else s
    keep = s > np.maximum(atol, rtol * smax)
    sinv = np.where(keep, 1.0 / np.where(keep, s, 1.0), 0.0)
    return np.ascontiguousarray(np.swapaxes(vh, -1, -2) @ (sinv[..., :, None] * np.swapaxes(u, -1, -2))) \
        .astype(a.dtype)


def _pinv_backward(xp, g, p, a):
    """torch's pinv_backward: the derivative of A^+ in terms of A^+ itself."""
    m, n = a.shape[-2], a.shape[-1]
    ph, gh = _mH(xp, p), _mH(xp, g)
    mm = xp.matmul
    if m <= n:
        k = mm(gh, p)
        kph = mm(k, ph)
        return -_mH(xp, mm(p, k)) + kph - mm(mm(a, p), kph) + mm(mm(ph, p), gh - mm(k, a))
    k = mm(p, gh)
    phk = mm(ph, k)
    return -_mH(xp, mm(k, p)) + mm(mm(gh - mm(a, k), p), ph) + phk - mm(mm(phk, p), a)


class LinalgLstsqBackward0(Op):
    """(solution, residuals); the rank and singular values come back as plain tensors."""
    __slots__ = ("vector",)
    multi_output = True
    differentiable_outputs = (0, 1)
    _saved_names = ("self", "b", "solution")

    @staticmethod
    def forward(ctx, a, b, vector, driver):
        ctx.vector = vector
        bm = b[..., None] if vector else b
        p = _pinv_array(a, None, None, False) if driver == "gelsy" else np.linalg.pinv(a)
        x = np.ascontiguousarray(p @ bm)
        m, n = a.shape[-2:]
        rank = np.asarray(np.linalg.matrix_rank(a), dtype=np.int64)
        if driver != "gelsy" and m > n and np.all(rank == n):
            res = np.sum((a @ x - bm) ** 2, axis=-2).astype(a.dtype)
        else:
            res = np.zeros((0,), dtype=a.dtype)
        sv = np.linalg.svd(a, compute_uv=False).astype(a.dtype) if driver in ("gelsd", "gelss") \
            else np.zeros((0,), dtype=a.dtype)
        if vector:
            x = x[..., 0]
            if res.size:
                res = res[..., 0]
        ctx.save(a, b, x)
        return x, res, rank, sv

    def backward(ctx, grads, xp):
        gx, gres = grads
        a, b, x = xp.saved(ctx)
        if ctx.vector:
            gx, b, x = xp.unsqueeze(gx, -1), xp.unsqueeze(b, -1), xp.unsqueeze(x, -1)
        p = pinv(a) if xp.tensor_mode else _pinv_array(a, None, None, False)
        ga = _pinv_backward(xp, xp.matmul(gx, _mH(xp, b)), p, a)
        gb = xp.matmul(_mH(xp, p), gx)
        if gres.shape[0] if len(gres.shape) else 0:
            r = xp.matmul(a, x) - b
            gl = xp.unsqueeze(gres if not ctx.vector else xp.unsqueeze(gres, -1), -2)
            ga = ga + xp.matmul(gl * r, _mH(xp, x)) * 2
            gb = gb + gl * r * (-2)
        if ctx.vector:
            gb = gb[..., 0]
        return ga, gb


def pinv(A: Tensor, *, atol=None, rtol=None, hermitian: bool = False) -> Tensor:  # noqa: N803
    """The Moore-Penrose pseudo-inverse; singular values below ``max(atol, rtol * smax)`` count as zero."""
    dt = A.dtype
    if A.ndim < 2 or not (dt.is_floating_point or dt.is_complex):
        raise RuntimeError(f"linalg.pinv({dt._legacy[:-6]}{{{list(A.shape)}}}): expected a tensor with 2 or more "
                           "dimensions of float, double, cfloat or cdouble types")
    return apply(LinalgPinvBackward0, (A,), (A._data,), atol, rtol, hermitian)


def lstsq(A: Tensor, B: Tensor, rcond=None, *, driver=None):  # noqa: N803
    """The least-squares solution of ``A X = B``: ``(solution, residuals, rank, singular_values)``."""
    for nm, t in (("input", A), ("other", B)):
        if t.ndim < (2 if nm == "input" else 1):
            raise RuntimeError(f"torch.linalg.lstsq: {nm} must have at least {2 if nm == 'input' else 1} dimensions.")
    _check_matrix("torch.linalg.lstsq", A, square=False, arg="input")
    if A.dtype != B.dtype:
        raise RuntimeError(f"torch.linalg.lstsq: Expected input and other to have the same dtype, but got input's "
                           f"dtype {A.dtype._legacy[:-6]} and other's dtype {B.dtype._legacy[:-6]}")
    vector = B.ndim == A.ndim - 1
    if (B.shape[-1] if vector else B.shape[-2]) != A.shape[-2]:
        raise RuntimeError("torch.linalg.lstsq: input.size(-2) should match other.size(-2)")
    if driver is not None and driver not in ("gels", "gelsy", "gelsd", "gelss"):
        raise RuntimeError("torch.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)")
    x, res, rank, sv = apply(LinalgLstsqBackward0, (A, B), (A._data, B._data), vector, driver or "gelsy")
    return _LSTSQ(x, res, rank, sv)


_LSTSQ = _return_type("linalg_lstsq", ("solution", "residuals", "rank", "singular_values"))


def pinverse(input: Tensor, rcond: float = 1e-15) -> Tensor:  # noqa: A002
    """``ember.linalg.pinv`` with torch.pinverse's relative cutoff ``rcond``."""
    return pinv(input, rtol=rcond)
