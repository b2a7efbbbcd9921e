"""``linalg.eig`` and ``linalg.eigvals``: the eigen-decomposition of a general square matrix, complex-valued
(LAPACK's geev through NumPy, as torch's, so the order and the normalisation of the eigenvectors are torch's).

Their gradient (torch's ``LinalgEigBackward0``) is complex autograd, which ember does not have: on an input that
requires grad (in grad mode) they raise rather than return a result cut off from the graph.
"""
from __future__ import annotations

import numpy as np

from .._grad_mode import STATE
from .._tensor import Tensor, make
from .linalg_decomp import _check_matrix
from .reduction import _return_type

__all__ = ["eig", "eigvals"]

_EIG = _return_type("linalg_eig", ("eigenvalues", "eigenvectors"))
_COMPLEX = {"f": np.complex64, "d": np.complex128, "e": np.complex64, "F": np.complex64, "D": np.complex128}


def _prepare(name: str, A: Tensor) -> np.ndarray:  # noqa: N803
    if A.ndim >= 2 and A.dtype.is_floating_point is False and A.dtype.is_complex is False:
        raise RuntimeError(f"Unknown Complex ScalarType for {A.dtype._legacy[:-6]}")
    _check_matrix(name, A)
    a = A._data
    if name == "linalg.eig" and not np.all(np.isfinite(a)):     # torch checks in eig only (eigvals: NaNs)
        raise RuntimeError(f"torch.{name}: input tensor should not contain infs or NaNs.")
    if A._requires_grad and STATE.enabled:
        raise RuntimeError(f"{name}: ember has no complex autograd, so its gradient (torch's LinalgEigBackward0) is "
                           "not available; call it on A.detach() or under ember.no_grad().")
    return a


def eig(A: Tensor):  # noqa: N803
    """The eigenvalues and eigenvectors of a square matrix (or batch), complex: ``A V = V diag(L)``, each
    eigenvector of norm 1 (LAPACK's geev, as torch). Not differentiable in ember (no complex autograd).

    Args:
        A (Tensor): ``(*, n, n)``, floating or complex, finite.
    """
    a = _prepare("linalg.eig", A)
    ct = _COMPLEX[a.dtype.char]
    if a.shape[-1] == 0:
        return _EIG(make(np.zeros(a.shape[:-1], ct)), make(np.zeros(a.shape, ct)))
    w, v = np.linalg.eig(a)
    return _EIG(make(np.ascontiguousarray(w.astype(ct))),
                make(np.swapaxes(np.ascontiguousarray(np.swapaxes(v.astype(ct), -1, -2)), -1, -2)))


def eigvals(A: Tensor) -> Tensor:  # noqa: N803
    """The eigenvalues of a square matrix (or batch), complex, in LAPACK's order (as torch).

    Args:
        A (Tensor): ``(*, n, n)``, floating or complex, finite.
    """
    a = _prepare("linalg.eigvals", A)
    ct = _COMPLEX[a.dtype.char]
    if a.shape[-1] == 0:
        return make(np.zeros(a.shape[:-1], ct))
    if not np.all(np.isfinite(a)):
        return make(np.full(a.shape[:-1], complex(np.nan, np.nan), ct))
    return make(np.ascontiguousarray(np.linalg.eigvals(a).astype(ct)))
