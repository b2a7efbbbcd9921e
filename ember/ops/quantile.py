"""quantile and nanquantile, composed as torch composes them (so the graph holds torch's nodes):
sort, view, gather the values below and above each rank, lerp_ between them, squeeze_ (with a 1-D
``q``: unsqueeze_(0), transpose_(0, -1), squeeze_(-1), torch's last three nodes).

The ranks are computed from ``q`` in NumPy; they (and the interpolation weights) are constants, so
``q`` gets no gradient, as in torch's CPU result for a ``q`` that does not require grad."""
from __future__ import annotations

import numpy as np

from .._tensor import Tensor, make, wrap_dim
from ._inplace import bump_version, check_inplace
from ._record import apply
from .shape import TransposeBackward0

__all__ = ["quantile", "nanquantile"]


class TransposeBackward1(TransposeBackward0):
    """transpose_(dim0, dim1): torch's in-place transpose, the node quantile's 1-D ``q`` ends with."""
    __slots__ = ()


def _transpose_(t: Tensor, dim0: int, dim1: int) -> Tensor:
    """``t`` transposed in place (torch's transpose_): the same memory, its grad_fn the in-place view
    node, its version bumped."""
    check_inplace(t)
    nd = t._data.ndim
    out = apply(TransposeBackward1, (t,), (t._data,), wrap_dim(dim0, nd), wrap_dim(dim1, nd))
    t._data = out._data
    if out._grad_fn is not None:
        t._grad_fn = out._grad_fn
    bump_version(t)
    return t

_MODES = ("linear", "lower", "higher", "midpoint", "nearest")


def _quantile(input: Tensor, q, dim, keepdim: bool, interpolation: str, ignore_nan: bool) -> Tensor:  # noqa: A002
    d = input._data
    if not isinstance(q, Tensor):       # torch's float overload checks the range first
        qf = float(q)
        if not 0 <= qf <= 1:
            raise RuntimeError(f"quantile() q must be in the range [0, 1] but got {qf:g}")
    # torch's quantile_checks, in its order
    if d.size == 0:
        raise RuntimeError("quantile() input tensor must be non-empty")
    if isinstance(q, Tensor) and q.ndim > 1:
        raise RuntimeError("quantile() q must be a scalar or 1D tensor")
    if d.dtype.kind != "f" or d.dtype.itemsize < 4:
        raise RuntimeError("quantile() input tensor must be either float or double dtype")
    if isinstance(q, Tensor) and q._data.dtype != d.dtype:
        raise RuntimeError("quantile() q tensor must be same dtype as the input tensor")
    qa = q._data if isinstance(q, Tensor) else np.asarray(float(q), dtype=d.dtype)
    if interpolation not in _MODES:
        raise RuntimeError("quantile() interpolation must be one of linear, lower, higher, midpoint or nearest, but "
                           f"got {interpolation}")
    if not ((qa >= 0) & (qa <= 1)).all():
        raise RuntimeError("quantile() q values must be in the range [0, 1]")
    nd = d.ndim
    wrapped = wrap_dim(0 if dim is None else dim, nd)
    # torch's quantile_output_shape
    if dim is not None and nd > 0:
        out_shape = list(d.shape)
        if keepdim:
            out_shape[wrapped] = 1
        else:
            del out_shape[wrapped]
    else:
        out_shape = [1] * nd if keepdim else []
    if qa.ndim > 0:
        out_shape.insert(0, qa.size)
    if dim is None:
        ordered = input.flatten().sort()[0]
    elif wrapped == nd - 1:
        ordered = input.sort()[0]
    else:
        ordered = input.unsqueeze(-1).transpose(wrapped, -1).sort()[0]
    if qa.ndim == 0:
        out_shape.insert(0, 1)
    in_shape = out_shape[1:] + [ordered.shape[-1]]
    ordered = ordered.view(in_shape)
    values = ordered._data
    q1 = qa.reshape(-1)
    nan = np.isnan(values)
    if ignore_nan:      # ranks among the non-NaN values (0 for a slice of NaNs, whose quantile is NaN)
        ranks = q1 * (np.sum(~nan, axis=-1, keepdims=True) - 1).astype(q1.dtype)
        ranks = np.where(ranks < 0, 0, ranks).astype(q1.dtype)
    else:               # a slice holding a NaN: the last rank, whose value is NaN
        last = values.shape[-1] - 1
        ranks = np.where(np.any(nan, axis=-1, keepdims=True), q1.dtype.type(last), q1 * q1.dtype.type(last))
    if interpolation == "lower":
        ranks = np.floor(ranks)
    elif interpolation == "higher":
        ranks = np.ceil(ranks)
    elif interpolation == "nearest":
        ranks = np.round(ranks)     # half to even, as torch's round_
    below = ranks.astype(np.int64)
    result = ordered.gather(-1, make(below))
    if interpolation in ("linear", "midpoint"):
        weights = np.full_like(ranks, 0.5) if interpolation == "midpoint" else ranks - below
        above = ordered.gather(-1, make(np.ceil(ranks).astype(np.int64)))
        result.lerp_(above, make(np.asarray(weights, dtype=values.dtype)))
    if qa.ndim == 0:
        return result.squeeze_(-1)
    # torch's: q's dim first
    return _transpose_(result.unsqueeze_(0), 0, -1).squeeze_(-1)


def quantile(input: Tensor, q, dim=None, keepdim: bool = False, *, interpolation: str = "linear") -> Tensor:  # noqa: A002
    """Return the ``q``-th quantiles of ``input`` (of all elements, or of each slice along ``dim``).

    A ``q`` between two data points is interpolated by ``interpolation``: ``'linear'``, ``'lower'``,
    ``'higher'``, ``'midpoint'`` or ``'nearest'``. A slice holding a NaN has NaN quantiles. With a 1-D ``q``
    the quantiles are the result's first dim. The gradient flows to the (one or two) elements each quantile
    is taken from.

    Args:
        input (Tensor): the input tensor (float32 or float64).
        q (float or Tensor): a number, or a 1-D tensor of ``input``'s dtype, in [0, 1].
        dim (int, optional): the dimension to reduce. Default: ``None``, all elements.
        keepdim (bool): whether the output has ``dim`` retained or not. Default: ``False``.

    Keyword args:
        interpolation (str): how to interpolate between data points. Default: ``'linear'``.
    """
    return _quantile(input, q, dim, keepdim, interpolation, False)


def nanquantile(input: Tensor, q, dim=None, keepdim: bool = False, *,  # noqa: A002
                interpolation: str = "linear") -> Tensor:
    """:func:`quantile` ignoring NaN values (a slice of NaNs only has NaN quantiles)."""
    return _quantile(input, q, dim, keepdim, interpolation, True)
