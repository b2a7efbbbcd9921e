"""Statistics and small constructions of torch's op surface (its second round), each as torch composes
it from other ops, so the graph records torch's nodes: ``cov`` (correction, fweights, aweights),
``corrcoef``, ``cartesian_prod``, ``combinations``, ``vander``, ``trapezoid``/``trapz``/
``cumulative_trapezoid``, ``fill_diagonal_`` (``fill_`` of an ``as_strided`` view); ``block_diag``, one
node (``BlockDiagBackward0``); and ``isin`` and ``unravel_index`` (no gradients). Loaded on first use.
"""
from __future__ import annotations

import warnings

import numpy as np

from .. import _dtype
from .._tensor import Tensor, make, wrap_dim
from ._op import Op
from ._parser import torch_args
from ._signatures_surface import SURFACE_SIGNATURES
from ._out import EXPECTED, with_out
from ._promotion import _SIGNATURES, ArgError, is_number, must_be_tensor
from ._record import apply
from .arithmetic import MulBackward1
from .fills import fill_
from .index_ops import masked_select
from .joining import stack
from .linalg import mm
from .nn import DivBackward1
from .scan import cumprod, cumsum
from .shape_compose import meshgrid
from .shape_extra import flip
from .strided import as_strided

__all__ = ["cov", "corrcoef", "block_diag", "cartesian_prod", "combinations", "vander", "trapezoid", "trapz",
           "cumulative_trapezoid", "fill_diagonal_", "isin", "unravel_index"]


def _legacy(t: Tensor) -> str:
    return _dtype._BY_CHAR[t._data.dtype.char]._legacy[:-6]


def _floating(t: Tensor) -> np.ndarray:
    d = t._data
    return d if d.dtype.kind in "fc" else d.astype(_dtype.get_default_dtype().np)


def _mul1(t: Tensor, s: float) -> Tensor:
    """``t * s`` as torch's C++ ``mul(Tensor, Scalar)`` records it (``MulBackward1``; an integer tensor
    times a float gives the default float dtype)."""
    return apply(MulBackward1, (t,), (_floating(t) if isinstance(s, float) else t._data, s))


def _div1(t: Tensor, s: float) -> Tensor:
    """``t / s`` as torch's C++ ``div(Tensor, Scalar)`` records it (``DivBackward1``)."""
    return apply(DivBackward1, (t,), (_floating(t), s))


# ----------------------------------------------------------------------------------------------
class BlockDiagBackward0(Op):
    """``block_diag``: the blocks on the diagonal of a zero matrix; each gets its slice of the gradient."""
    __slots__ = ("shapes", "keys")

    @staticmethod
    def forward(ctx, *blocks):
        shapes = [b.shape for b in blocks]
        mats = [b.reshape((1, 1) if b.ndim == 0 else (1, -1) if b.ndim == 1 else b.shape) for b in blocks]
        rows, cols = sum(m.shape[0] for m in mats), sum(m.shape[1] for m in mats)
        dt = np.result_type(*blocks) if blocks else np.float32
        out = np.zeros((rows, cols), dt)
        keys, r, c = [], 0, 0
        for m in mats:
            key = (slice(r, r + m.shape[0]), slice(c, c + m.shape[1]))
            out[key] = m
            keys.append(key)
            r, c = r + m.shape[0], c + m.shape[1]
        ctx.shapes, ctx.keys = shapes, keys
        return out

    def backward(ctx, g, xp):
        blocks = (g[key] for key in ctx.keys)
        if not xp.tensor_mode:
            return tuple(b.reshape(shape) for b, shape in zip(blocks, ctx.shapes))
        # torch's block_diag_backward: a slice, viewed as the block's shape where it is not 2-D
        return tuple(b if len(shape) == 2 else b.view(shape) for b, shape in zip(blocks, ctx.shapes))


def block_diag(*tensors: Tensor) -> Tensor:
    """The block-diagonal matrix of ``tensors`` (each 0-, 1- or 2-D; a 1-D tensor is one row), in the
    promoted dtype.

    Args:
        *tensors (Tensor): the blocks, top-left to bottom-right.
    """
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"block_diag(): argument 'tensors' (position 1) must be tuple of Tensors, not "
                            f"{type(t).__name__}")
        if t._data.ndim > 2:
            raise RuntimeError(f"torch.block_diag: Input tensors must have 2 or fewer dimensions. Input {i} has "
                               f"{t._data.ndim} dimensions")
    if not tensors:
        return make(np.zeros((1, 0), _dtype.get_default_dtype().np))
    rt = _dtype.result_type(*tensors).np
    return apply(BlockDiagBackward0, tensors, tuple(t._data.astype(rt, copy=False) for t in tensors))


# ----------------------------------------------------------------------------------------------
# cov and corrcoef (torch's Correlation.cpp)
def _weights(name: str, w: Tensor, n: int, floating: bool) -> None:
    if not isinstance(w, Tensor):
        raise must_be_tensor("cov", name, 0, w)
    if w._data.ndim > 1:
        raise RuntimeError(f"cov(): expected {name} to have one or fewer dimensions but got {name} with "
                           f"{w._data.ndim} dimensions")
    kind = w._data.dtype.kind
    if floating and kind != "f":
        raise RuntimeError(f"cov(): expected {name} to have floating point dtype but got {name} with "
                           f"{_legacy(w)} dtype")
    if not floating and kind not in "iu":
        raise RuntimeError(f"cov(): expected {name} to have integral dtype but got {name} with {_legacy(w)} dtype")
    if w._data.size != n:
        raise RuntimeError(f"cov(): expected {name} to have the same numel as there are observations in the input "
                           f"but got {w._data.size} != {n}")
    if n and w._data.min() < 0:
        raise RuntimeError(f"cov(): {name} cannot be negative")


def cov(input: Tensor, *, correction: int = 1, fweights: Tensor | None = None,  # noqa: A002
        aweights: Tensor | None = None) -> Tensor:
    """The covariance matrix of the variables in ``input``'s rows (observations in its columns; a 1-D
    input is one variable), with integer frequency weights ``fweights`` and floating observation
    weights ``aweights``.

    Args:
        input (Tensor): a 0-, 1- or 2-D tensor.
        correction (int): the difference between the number of observations and the divisor (1:
            Bessel's correction). Default: ``1``.
        fweights (Tensor, optional): how many times each observation occurs.
        aweights (Tensor, optional): each observation's importance.
    """
    if not isinstance(input, Tensor):
        raise must_be_tensor("cov", "input", 1, input)
    d = input._data
    if d.ndim > 2:
        raise RuntimeError(f"cov(): expected input to have two or fewer dimensions but got an input with {d.ndim} "
                           "dimensions")
    if d.dtype.kind == "b":
        raise RuntimeError("cov(): bool dtype is not supported for input")
    x = input.view(1, -1) if d.ndim < 2 else input
    n = x._data.shape[1]
    w = None
    if fweights is not None:
        _weights("fweights", fweights, n, False)
        w = fweights
    if aweights is not None:
        _weights("aweights", aweights, n, True)
        w = aweights if w is None else w * aweights
    w_sum = w.sum() if w is not None else make(np.array(n, np.int64))
    if w is not None and not w_sum._data:
        raise RuntimeError("cov(): weights sum to zero, can't be normalized")
    avg = (x if w is None else x * w).sum(1) / w_sum
    if w is not None and correction != 0 and aweights is not None:
        norm_factor = w_sum - _mul1((w * aweights).sum(), correction) / w_sum
    else:
        norm_factor = w_sum - correction
    if norm_factor._data <= 0:
        warnings.warn("cov(): degrees of freedom is <= 0. Correction should be strictly less than the number of "
                      "observations.", UserWarning, stacklevel=2)
        norm_factor = norm_factor.detach() * 0
    x = x - avg.unsqueeze(1)
    c = mm(x, (x if w is None else x * w).t())
    return (c / norm_factor).squeeze()


def corrcoef(input: Tensor) -> Tensor:  # noqa: A002
    """Pearson's correlation coefficients of the variables in ``input``'s rows (``cov`` normalized by the
    standard deviations, clipped to [-1, 1]).

    Args:
        input (Tensor): a 0-, 1- or 2-D tensor.
    """
    if not isinstance(input, Tensor):
        raise must_be_tensor("corrcoef", "input", 1, input)
    if input._data.ndim > 2:
        raise RuntimeError(f"corrcoef(): expected input to have two or fewer dimensions but got an input with "
                           f"{input._data.ndim} dimensions")
    c = cov(input)
    if c._data.ndim == 0:
        return c / c        # nan for a covariance of 0, inf or nan, else 1 (torch's)
    stddev = c.diagonal().sqrt()
    c = c / stddev.view(-1, 1)
    c = c / stddev.view(1, -1)
    return c.clip(-1, 1)


# ----------------------------------------------------------------------------------------------
# products of vectors, Vandermonde matrices
def _vectors(name: str, tensors: tuple) -> None:
    for t in tensors:
        if not isinstance(t, Tensor):
            raise TypeError(f"{name}(): argument 'tensors' (position 1) must be tuple of Tensors, not "
                            f"{type(t).__name__}")
        if t._data.ndim != 1:
            raise RuntimeError(f"Expect a 1D vector, but got shape {list(t._data.shape)}")


def cartesian_prod(*tensors: Tensor) -> Tensor:
    """The Cartesian product of 1-D tensors: one row per combination, as ``itertools.product``
    (one tensor: itself).

    Args:
        *tensors (Tensor): the 1-D tensors.
    """
    _vectors("cartesian_prod", tensors)
    if len(tensors) == 1:
        return tensors[0]
    grids = meshgrid(*tensors, indexing="ij")
    return stack([g.flatten() for g in grids], 1)


def combinations(input: Tensor, r: int = 2, with_replacement: bool = False) -> Tensor:  # noqa: A002
    """The length-``r`` combinations of ``input``'s elements, one per row, as
    ``itertools.combinations`` (``combinations_with_replacement`` with ``with_replacement=True``).

    Args:
        input (Tensor): a 1-D tensor.
        r (int): the number of elements per combination. Default: ``2``.
        with_replacement (bool): whether an element may repeat in a combination. Default: ``False``.
    """
    _vectors("combinations", (input,))
    if r < 0:
        raise RuntimeError(f"Expect a non-negative number, but got {r}")
    if r == 0:
        return make(np.empty((0,), input._data.dtype))
    n = input._data.shape[0]
    grids = meshgrid(*([input] * r), indexing="ij")
    idx = np.indices((n,) * r)
    mask = np.ones((n,) * r, bool)
    for i in range(r - 1):
        mask &= (idx[i] <= idx[i + 1]) if with_replacement else (idx[i] < idx[i + 1])
    m = make(mask)
    return stack([masked_select(g, m) for g in grids], 1)


def vander(x: Tensor, N: int | None = None, increasing: bool = False) -> Tensor:  # noqa: N803
    """The Vandermonde matrix of ``x``: columns ``x ** (N - 1), ..., x, 1`` (reversed when
    ``increasing``); integer inputs give int64.

    Args:
        x (Tensor): a 1-D tensor.
        N (int, optional): the number of columns. Default: ``len(x)``.
        increasing (bool): powers increase from left to right. Default: ``False``.
    """
    if not isinstance(x, Tensor):
        raise must_be_tensor("vander", "x", 1, x)
    if x._data.ndim != 1:
        raise RuntimeError("x must be a one-dimensional tensor.")
    n = x._data.shape[0]
    if N is not None:
        n = N
        if n < 0:
            raise RuntimeError("N must be non-negative.")
    dt = _dtype.PROMOTE[x.dtype, _dtype.int64]
    result = make(np.empty((x._data.shape[0], n), dt.np))
    if n > 0:
        fill_(result, 1)
        if n > 1:
            result[:, 1:].copy_(x.unsqueeze(1))
            result[:, 1:].copy_(cumprod(result[:, 1:], 1))
    return result if increasing else flip(result, (1,))


# ----------------------------------------------------------------------------------------------
# the trapezoidal rule (torch's Integration.cpp)
def _samples(name: str, y: Tensor, dim: int) -> int:
    if not isinstance(y, Tensor):
        raise must_be_tensor(name, "y", 1, y)
    return wrap_dim(dim, y._data.ndim)


_SIGNATURES.setdefault("trapezoid", (("(Tensor y, Tensor x, *, int dim = -1)",
                                      "(Tensor y, *, Number dx = 1, int dim = -1)"), ()))
_SIGNATURES.setdefault("cumulative_trapezoid", (("(Tensor y, Tensor x, *, int dim = -1)",
                                                 "(Tensor y, *, Number dx = 1, int dim = -1)"), ()))


def _check_x(name: str, y: Tensor, x, dx, dim: int) -> None:
    if x is not None and (dx is not None or not isinstance(x, Tensor)):
        kwargs = {k: v for k, v in (("dx", dx), ("dim", dim)) if v is not None and not (k == "dim" and v == -1)}
        raise ArgError(name, (y, x), kwargs, sig=name)


def _x_viewed(x: Tensor, y: Tensor, dim: int) -> Tensor:
    if x._data.dtype.kind == "b" or y._data.dtype.kind == "b":
        raise RuntimeError("trapezoid: received a bool input for `x` or `y`, but bool is not supported")
    if x._data.ndim == 1:
        if x._data.shape[0] != y._data.shape[dim]:
            raise RuntimeError("trapezoid: There must be one `x` value for each sample point")
        sizes = [1] * y._data.ndim
        sizes[dim] = x._data.shape[0]
        return x.view(*sizes)
    if x._data.ndim < y._data.ndim:
        return x.view(*((1,) * (y._data.ndim - x._data.ndim) + tuple(x._data.shape)))
    return x


def _dx_scalar(dx) -> float:
    if isinstance(dx, (bool, complex)) or isinstance(dx, np.bool_):
        raise RuntimeError("trapezoid: Currently, we only support dx as a real number.")
    return float(dx)


def _empty_result(y: Tensor, dim: int) -> Tensor:
    shape = list(y._data.shape)
    del shape[dim]
    return make(np.zeros(shape, y._data.dtype))


def _ends(y: Tensor, dim: int) -> tuple:
    """``y.slice(dim, 1)`` and ``y.slice(dim, 0, -1)`` (``SliceBackward0``; empty for an empty dim)."""
    lead = (slice(None),) * dim
    return y[lead + (slice(1, None),)], y[lead + (slice(0, -1),)]


def trapezoid(y: Tensor, x: Tensor | None = None, *, dx=None, dim: int = -1) -> Tensor:
    """The trapezoidal rule along ``dim``: the integral of ``y`` sampled at ``x`` (or at spacing ``dx``,
    default 1).

    Args:
        y (Tensor): the values.
        x (Tensor, optional): the sample points (1-D along ``dim``, or broadcastable with ``y``).
        dx (float, optional): the spacing, when ``x`` is not given. Default: ``1``.
        dim (int): the dimension integrated along. Default: ``-1``.
    """
    _check_x("trapezoid", y, x, dx, dim)
    dim = _samples("trapezoid", y, dim)
    if x is None:
        dx = _dx_scalar(1 if dx is None else dx)
        if y._data.shape[dim] == 0:
            return _empty_result(y, dim)
        if y._data.dtype.kind == "b":
            raise RuntimeError("trapezoid: received a bool input for `y`, but bool is not supported")
        return _mul1(y.sum(dim) - _mul1(y.select(dim, 0) + y.select(dim, -1), 0.5), dx)
    if y._data.shape[dim] == 0:
        return _empty_result(y, dim)
    xv = _x_viewed(x, y, dim)
    right, left = _ends(xv, dim)
    hi, lo = _ends(y, dim)
    return _div1(((hi + lo) * (right - left)).sum(dim), 2.0)


def trapz(y: Tensor, x: Tensor | None = None, *, dx=None, dim: int = -1) -> Tensor:
    """Alias of :func:`trapezoid`."""
    return trapezoid(y, x, dx=dx, dim=dim)


def cumulative_trapezoid(y: Tensor, x: Tensor | None = None, *, dx=None, dim: int = -1) -> Tensor:
    """The cumulative trapezoidal rule along ``dim``: the running integral, one element shorter than ``y``.

    Args:
        y (Tensor): the values.
        x (Tensor, optional): the sample points.
        dx (float, optional): the spacing, when ``x`` is not given. Default: ``1``.
        dim (int): the dimension integrated along. Default: ``-1``.
    """
    _check_x("cumulative_trapezoid", y, x, dx, dim)
    dim = _samples("cumulative_trapezoid", y, dim)
    if x is None:
        dx = _dx_scalar(1 if dx is None else dx)
        if y._data.dtype.kind == "b":
            raise RuntimeError("cumulative_trapezoid: received a bool input for `y`, but bool is not supported")
        hi, lo = _ends(y, dim)
        return cumsum(_mul1(hi + lo, dx / 2.0), dim)
    xv = _x_viewed(x, y, dim)
    right, left = _ends(xv, dim)
    hi, lo = _ends(y, dim)
    return _div1(cumsum((hi + lo) * (right - left), dim), 2.0)


# torch's argument parser checks every call (its TypeErrors)
cov, vander, combinations = (torch_args(f, table=SURFACE_SIGNATURES) for f in (cov, vander, combinations))

_ISIN = ", *, bool assume_unique = False, bool invert = False, Tensor out = None)"
_SIGNATURES.setdefault("isin", (("(Tensor elements, Tensor test_elements" + _ISIN,
                                 "(Number element, Tensor test_elements" + _ISIN,
                                 "(Tensor elements, Number test_element" + _ISIN), ()))


# ----------------------------------------------------------------------------------------------
# the rest: a diagonal filled in place, membership, flat indices to coordinates (no gradients)
def fill_diagonal_(input: Tensor, fill_value, wrap: bool = False) -> Tensor:  # noqa: A002
    """Fill the main diagonal of ``input`` (2-D, or all dims of one length) with ``fill_value``, in
    place; with ``wrap=True`` a tall matrix's diagonal restarts every ``ncols + 1`` rows, as NumPy's.
    torch's composition: ``fill_`` of an ``as_strided`` view of the diagonal (a ``CopySlices`` node).

    Args:
        fill_value (Number): the value.
        wrap (bool): continue the diagonal below a tall matrix's first square. Default: ``False``.
    """
    d = input._data
    if d.ndim < 2:
        raise RuntimeError("dimensions must larger than 1")
    height, width = d.shape[0], d.shape[1]
    if d.ndim > 2 and any(s != height for s in d.shape):
        raise RuntimeError("all dimensions of input must be of equal length")
    stride = sum(input.stride())
    offset = input.storage_offset()
    size = min(height, width)
    fill_(as_strided(input, (size,), (stride,), offset), fill_value)
    if wrap and d.ndim == 2 and height > width + 1:
        step = width + 1
        wrap_size = (d.size + step - 1) // step - size
        fill_(as_strided(input, (wrap_size,), (stride,), offset + input.stride(0) * (width + 1)), fill_value)
    return input


def isin(elements, test_elements, *, assume_unique: bool = False, invert: bool = False) -> Tensor:
    """Whether each element of ``elements`` is in ``test_elements`` (either may be a number), a bool
    tensor of ``elements``' shape; ``invert=True`` gives the opposite. No gradient.

    Args:
        elements (Tensor or Number): the values to look up.
        test_elements (Tensor or Number): the values looked for.
        assume_unique (bool): both hold unique values (a hint; the result is the same). Default: ``False``.
        invert (bool): whether each element is *not* in ``test_elements``. Default: ``False``.
    """
    ok = ((isinstance(elements, Tensor) and (isinstance(test_elements, Tensor) or is_number(test_elements)))
          or (is_number(elements) and isinstance(test_elements, Tensor)))
    if not ok:
        raise ArgError("isin", (elements, test_elements), sig="isin")
    e = elements._data if isinstance(elements, Tensor) else np.asarray(elements)
    t = test_elements._data if isinstance(test_elements, Tensor) else np.asarray(test_elements)
    for a in (e, t):
        if a.dtype.kind in "bc":
            name = _dtype._BY_CHAR[a.dtype.char]._legacy[:-6]
            raise RuntimeError(f"Unsupported input type encountered for isin(): {name}")
    return make(np.asarray(np.isin(e, t, invert=invert)))


def unravel_index(indices: Tensor, shape) -> tuple:
    """The coordinates, in a tensor of ``shape``, of each flat index in ``indices``: a tuple of int64
    tensors, one per dim (indices wrap around, negative ones from the end, as torch's).

    Args:
        indices (Tensor): integer flat indices.
        shape (int or sequence of int): the shape indexed.
    """
    if not isinstance(indices, Tensor):     # (torch's Python code asks it for is_complex first)
        raise AttributeError(f"'{type(indices).__name__}' object has no attribute 'is_complex'")
    if indices._data.dtype.kind not in "iu" or indices._data.dtype.kind == "b":
        raise TypeError(f"expected 'indices' to be integer dtype, but got {indices.dtype}")
    shape = (shape,) if isinstance(shape, int) else tuple(int(s) for s in shape)
    if any(s < 0 for s in shape):
        raise ValueError(f"'shape' cannot have negative values, but got {tuple(shape)}")
    if not shape:
        return ()
    if 0 in shape:      # torch's integer floor_divide / remainder by a zero dim
        raise RuntimeError("ZeroDivisionError")
    coefs = [1] * len(shape)
    for i in range(len(shape) - 2, -1, -1):
        coefs[i] = coefs[i + 1] * shape[i + 1]
    flat = indices._data.astype(np.int64)[..., None]
    with np.errstate(all="ignore"):
        coords = np.floor_divide(flat, np.array(coefs, np.int64)) % np.array(shape, np.int64)
    return tuple(make(np.array(coords[..., i])) for i in range(len(shape)))


isin_out = with_out(isin, "isin", EXPECTED, differentiable=False)     # (out=: ops/_out.py)
