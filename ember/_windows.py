"""torch's window functions (``hann_window``, ``hamming_window``, ``blackman_window``, ``bartlett_window``,
``kaiser_window``), loaded on first use (``ember/__init__``'s lazy table).

Each is computed as ATen computes it (``TensorFactories.cpp``): ``arange`` over ``N`` (``N + 1`` when
``periodic``, the last value then dropped), then the same elementwise steps in the same order, each rounded
to the result's dtype as torch's in-place ops round. The values are torch's to the last bit except where
torch's vectorised ``cos`` (Sleef, within 1 ulp) and NumPy's round differently: about one float32 value in
twenty differs by one ulp, float64 almost never. ``kaiser_window`` evaluates ``i0`` in float64.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ._dtype import dtype as _dtype_cls, get_default_dtype
from ._tensor import Tensor
from ._tensor_data import _finish, _tp_name, check_device, dtype_arg
from .ops.special import _i0

__all__ = ["hann_window", "hamming_window", "blackman_window", "bartlett_window", "kaiser_window"]


def _options(name: str, window_length: Any, periodic: Any, dtype: Any, device: Any) -> np.dtype:
    if isinstance(window_length, bool) or not isinstance(window_length, (int, np.integer)):
        raise TypeError(f"{name}(): argument 'window_length' (position 1) must be int, not {_tp_name(window_length)}")
    if not isinstance(periodic, bool):
        raise TypeError(f"{name}(): argument 'periodic' (position 2) must be bool, not {_tp_name(periodic)}")
    check_device(device)
    d = dtype_arg(dtype, name) or get_default_dtype()
    if not (d.is_floating_point or d.is_complex):
        raise RuntimeError(f"{name} expects floating point dtypes, got: TensorOptions(dtype={d._cname}, device=cpu, "
                           "layout=Strided (default), requires_grad=false (default), pinned_memory=false, "
                           "memory_format=(nullopt))")
    if window_length < 0:
        raise RuntimeError(f"{name} requires non-negative window_length, got window_length={window_length}")
    if d.is_complex:
        raise NotImplementedError(f'"arange_cpu" not implemented for \'{d._legacy[:-6]}\'')
    return d.np


def _steps(npd: np.dtype):
    """``r(x)``: x rounded to the window's dtype after each op, computed in float32 for float16 (torch's opmath)."""
    work = np.float64 if npd == np.float64 else np.float32
    return work, (lambda x: np.asarray(x, dtype=work).astype(npd).astype(work))


def _scalar(npd: np.dtype, work):
    """A Python number as an op's operand: torch casts the wrapped number to the tensor's dtype first."""
    return lambda v: work(npd.type(v))


def _window(name, window_length, periodic, dtype, device, requires_grad, body) -> Tensor:
    npd = _options(name, window_length, periodic, dtype, device)
    if window_length <= 1:
        return _finish(np.ones(window_length, dtype=npd), requires_grad)
    n = window_length + 1 if periodic else window_length
    work, r = _steps(npd)
    w = body(r(np.arange(n, dtype=np.float64)), n, _scalar(npd, work), r)
    w = np.asarray(w, dtype=work).astype(npd)
    return _finish(np.ascontiguousarray(w[:n - 1] if periodic else w), requires_grad)


def _hamming(alpha: float, beta: float):
    def body(x, n, work, r):
        x = r(x * work(np.pi * 2.0 / (n - 1)))
        return r(r(r(np.cos(x)) * work(-beta)) + work(alpha))
    return body


def hann_window(window_length: int, periodic: bool = True, *, dtype: _dtype_cls | None = None, layout: Any = None,
                device: Any = None, pin_memory: bool = False, requires_grad: bool = False) -> Tensor:
    """The Hann window ``0.5 - 0.5 cos(2 pi n / (N - 1))``, ``N = window_length + 1`` when ``periodic`` (then
    the last value dropped), as torch computes it.

    Args:
        window_length (int): the size of the window.
        periodic (bool, optional): a window for spectral analysis (True, default) or a symmetric one.

    Keyword args:
        dtype (ember.dtype, optional): a floating dtype. Default: the default float dtype.
        requires_grad (bool, optional): Default: ``False``.
    """
    return _window("hann_window", window_length, periodic, dtype, device, requires_grad, _hamming(0.5, 0.5))


def hamming_window(window_length: int, periodic: bool = True, alpha: float = 0.54, beta: float = 0.46, *,
                   dtype: _dtype_cls | None = None, layout: Any = None, device: Any = None, pin_memory: bool = False,
                   requires_grad: bool = False) -> Tensor:
    """The Hamming window ``alpha - beta cos(2 pi n / (N - 1))`` (see :func:`hann_window` for ``periodic``).

    Args:
        window_length (int): the size of the window.
        periodic (bool, optional): Default: True.
        alpha (float, optional): Default: 0.54.
        beta (float, optional): Default: 0.46.
    """
    return _window("hamming_window", window_length, periodic, dtype, device, requires_grad, _hamming(alpha, beta))


def _blackman(x, n, work, r):
    x = r(x * work(np.pi / (n - 1)))
    a = r(r(np.cos(r(x * work(4)))) * work(0.08))
    b = r(r(np.cos(r(x * work(2)))) * work(0.5))
    return r(r(a - b) + work(0.42))


def blackman_window(window_length: int, periodic: bool = True, *, dtype: _dtype_cls | None = None,
                    layout: Any = None, device: Any = None, pin_memory: bool = False,
                    requires_grad: bool = False) -> Tensor:
    """The Blackman window ``0.42 - 0.5 cos(2 pi n / (N - 1)) + 0.08 cos(4 pi n / (N - 1))`` (see
    :func:`hann_window` for ``periodic``)."""
    return _window("blackman_window", window_length, periodic, dtype, device, requires_grad, _blackman)


def _bartlett(x, n, work, r):
    x = r(x * work(2.0 / (n - 1)))
    half = ((n - 1) >> 1) + 1
    x[half:] = r(r(x[half:] * work(-1)) + work(2))
    return x


def bartlett_window(window_length: int, periodic: bool = True, *, dtype: _dtype_cls | None = None,
                    layout: Any = None, device: Any = None, pin_memory: bool = False,
                    requires_grad: bool = False) -> Tensor:
    """The Bartlett (triangular) window ``1 - |2n / (N - 1) - 1|`` (see :func:`hann_window` for ``periodic``)."""
    return _window("bartlett_window", window_length, periodic, dtype, device, requires_grad, _bartlett)


def kaiser_window(window_length: int, periodic: bool = True, beta: float = 12.0, *, dtype: _dtype_cls | None = None,
                  layout: Any = None, device: Any = None, pin_memory: bool = False,
                  requires_grad: bool = False) -> Tensor:
    """The Kaiser window ``I0(beta sqrt(1 - ((n - a) / a)^2)) / I0(beta)``, ``a = (N - 1) / 2`` (see
    :func:`hann_window` for ``periodic``; torch takes ``beta`` only after ``periodic``, positionally).

    Args:
        window_length (int): the size of the window.
        periodic (bool, optional): Default: True.
        beta (float, optional): the shape parameter. Default: 12.0.
    """
    def body(x, n, work, r):
        op = x.dtype.type         # the kernel's opmath type (float32 for float16), not the dtype's rounding
        alpha, b = op((n - 1) / 2.0), op(beta)
        t = np.sqrt(np.abs(op(1) - ((x - alpha) / alpha) ** op(2)))
        return _i0(np.asarray(b * t, dtype=op)) / _i0(np.asarray(b, dtype=op))
    return _window("kaiser_window", window_length, periodic, dtype, device, requires_grad, body)
