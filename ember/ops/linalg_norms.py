"""Vector and matrix norms (``ember.linalg.norm``, ``vector_norm``, ``matrix_norm``), composed as torch
composes them: the vector norm is ``LinalgVectorNormBackward0`` (ops/statistics.py), the 1/inf matrix norms
an ``amax``/``amin`` of it, the 2/nuclear norms a reduction of ``svdvals``; so graphs and gradients are torch's.
"""
from __future__ import annotations

import math

import numpy as np

from .. import _dtype
from .._tensor import Tensor
from .._tensor_data import dtype_arg
from .linalg_decomp import svdvals
from .shape import permute, unsqueeze
from .statistics import _scalar_str, norm as _norm

__all__ = ["norm", "vector_norm", "matrix_norm"]


def vector_norm(x: Tensor, ord=2, dim=None, keepdim: bool = False, *, dtype=None) -> Tensor:  # noqa: A002
    """The vector ``ord``-norm of ``x`` over ``dim`` (all elements when ``None``), any real ``ord`` including
    ``inf``, ``-inf`` and 0.

    Args:
        x (Tensor): the input, floating point.
        ord (int, float, inf, -inf): the order of the norm. Default: 2.
        dim (int or tuple of ints, optional): the dimensions to reduce. Default: all.
        keepdim (bool): keep the reduced dimensions with size one. Default: False.
        dtype (ember.dtype, optional): compute in (and return) this dtype.
    """
    if isinstance(ord, str) or not isinstance(ord, (int, float, np.integer, np.floating)):
        raise TypeError(f"linalg_vector_norm(): argument 'ord' (position 2) must be Number, not {type(ord).__name__}")
    return _norm(x, ord, dim, keepdim, dtype)


def _wrap(d: int, nd: int) -> int:
    if not -nd <= d < nd:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-nd}, {nd - 1}], but got {d})")
    return d % nd


def _check_norm_dtype(td, dtype) -> None:
    # torch's checks of matrix_norm's dtype= (those of vector_norm, under matrix_norm's name)
    name = dtype._legacy[:-6]
    if not (dtype.is_floating_point or dtype.is_complex):
        raise RuntimeError(f"linalg.matrix_norm: dtype should be floating point or complex, but got {name}")
    if dtype.is_complex != td.is_complex:
        kind = "complex" if td.is_complex else "real"
        raise RuntimeError(f"linalg.matrix_norm: dtype should be {kind} for {kind} inputs, but got {name}")
    if _dtype.PROMOTE[td, dtype] is not dtype:
        raise RuntimeError(f"linalg.matrix_norm: the dtype of the input ({td._legacy[:-6]}) should be convertible "
                           f"without narrowing to the specified dtype ({name})")


def matrix_norm(A: Tensor, ord="fro", dim=(-2, -1), keepdim: bool = False, *, dtype=None) -> Tensor:  # noqa: A002,N803
    """The matrix norm of ``A`` (over the two dims ``dim``): ``'fro'``, ``'nuc'``, ``2``/``-2`` (largest /
    smallest singular value), ``1``/``-1`` (max / min column sum of ``|A|``), ``inf``/``-inf`` (row sums).

    Args:
        A (Tensor): ``(*, m, n)``, floating point.
        ord (str or number): the order of the norm. Default: ``'fro'``.
        dim (tuple of two ints): the dimensions of the matrices. Default: ``(-2, -1)``.
        keepdim (bool): keep the reduced dimensions with size one. Default: False.
        dtype (ember.dtype, optional): compute in (and return) this dtype.
    """
    dtype = dtype_arg(dtype, "linalg_matrix_norm")
    if A.ndim < 2:
        raise RuntimeError("linalg.matrix_norm: The input tensor A must have at least 2 dimensions.")
    dims = list(dim)
    if len(dims) != 2:
        raise RuntimeError(f"linalg.matrix_norm: dim must be a 2-tuple. Got {' '.join(str(k) for k in dims)}")
    d0, d1 = _wrap(dims[0], A.ndim), _wrap(dims[1], A.ndim)
    if d0 == d1:
        raise RuntimeError(f"linalg.matrix_norm: dims must be different. Got ({d0}, {d1})")
    if dtype is not None and (A.dtype.is_floating_point or A.dtype.is_complex):
        _check_norm_dtype(A.dtype, dtype)
    if isinstance(ord, str):
        if ord == "fro":
            return _norm(A, 2, (d0, d1), keepdim, dtype)
        if ord != "nuc":
            raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")
    elif abs(ord) not in (1, 2, math.inf):
        raise RuntimeError(f"linalg.matrix_norm: Order {_scalar_str(ord)} not supported.")
    if ord == "nuc" or abs(ord) == 2:
        perm = [k for k in range(A.ndim) if k not in (d0, d1)] + [d0, d1]
        x = A if dtype is None else A.to(dtype)
        s = svdvals(permute(x, perm))
        # a positive order of an empty matrix is 0, as torch's (amin of nothing keeps its error)
        r = s.sum(-1, keepdim=keepdim) if ord == "nuc" or (ord > 0 and s.shape[-1] == 0) else \
            s.amax(-1, keepdim) if ord > 0 else _amin_last(s, keepdim)
        if keepdim:
            r = permute(unsqueeze(r, -1), [int(k) for k in np.argsort(perm)])
        return r
    if abs(ord) == math.inf:
        d0, d1 = d1, d0
    if not keepdim and d0 < d1:
        d1 -= 1
    v = _norm(A, 1, d0, keepdim, dtype)
    if ord > 0 and v.shape[d1] == 0:
        return v.sum(d1, keepdim)
    return v.amax(d1, keepdim) if ord > 0 else v.amin(d1, keepdim)


def norm(A: Tensor, ord=None, dim=None, keepdim: bool = False, *, dtype=None) -> Tensor:  # noqa: A002,N803
    """A vector or matrix norm, as torch.linalg.norm decides: a matrix norm when ``dim`` has two dims (or
    ``ord`` is given for a 2-D input without ``dim``), else the vector norm (``ord=None``: the 2-norm of all
    elements, flattened).

    Args:
        A (Tensor): the input, floating point.
        ord (int, float, inf, -inf, 'fro', 'nuc', optional): the order of the norm. Default: None.
        dim (int or tuple of ints, optional): the dimensions to reduce.
        keepdim (bool): keep the reduced dimensions with size one. Default: False.
        dtype (ember.dtype, optional): compute in (and return) this dtype.
    """
    dtype = dtype_arg(dtype, "linalg_norm")
    dims = None if dim is None else [dim] if isinstance(dim, (int, np.integer)) else list(dim)
    if dims is not None:
        if len(dims) not in (1, 2):
            word = "mut" if isinstance(ord, str) else "must"
            raise RuntimeError(f"linalg.norm: If dim is specified, it {word} be of length 1 or 2. Got {dims}")
    elif ord is not None and A.ndim not in (1, 2):
        raise RuntimeError(f"linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got "
                           f"{A.ndim}D.")
    if isinstance(ord, str):
        return matrix_norm(A, ord, dims if dims is not None else (0, 1), keepdim, dtype=dtype)
    if ord is not None and ((dims is not None and len(dims) == 2) or (dims is None and A.ndim == 2)):
        return matrix_norm(A, ord, dims if dims is not None else (0, 1), keepdim, dtype=dtype)
    return _norm(A, 2 if ord is None else ord, dim, keepdim, dtype)


def _amin_last(s: Tensor, keepdim: bool) -> Tensor:
    if s.shape[-1] == 0:      # torch names the dim as it was given
        raise IndexError("amin(): Expected reduction dim -1 to have non-zero size.")
    return s.amin(-1, keepdim)
