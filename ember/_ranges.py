"""``logspace``, ``tril_indices``, ``triu_indices``: the range factories beside ``arange`` and
``linspace`` (``_creation``), computed as torch's CPU kernels compute them (RangeFactories.cpp,
TensorFactories.cpp), so values and rounding agree."""
from __future__ import annotations

import numpy as np

from . import _dtype
from ._dtype import get_default_dtype
from ._factory_args import check_device, FACTORY_KW, _is_index, dtype_arg, dtype_of, invalid_combination, is_number_arg
from ._tensor import Tensor
from ._tensor_data import _finish, _tp_name

__all__ = ["logspace", "tril_indices", "triu_indices"]


_LOGSPACE = tuple(f"{a} start, {b} end, int steps, float base = 10.0, *, Tensor out = None, {FACTORY_KW}"
                  for a, b in (("Tensor", "Tensor"), ("Number", "Tensor"), ("Tensor", "Number"), ("Number", "Number")))


def _number(v):
    return v.item() if isinstance(v, Tensor) else v


def logspace(start, end, steps: int, base: float = 10.0, *, dtype=None, device=None, requires_grad: bool = False,
             out=None, layout=None, pin_memory: bool = False) -> Tensor:
    """Return a 1-D tensor of ``steps`` values spaced evenly on a log scale, from ``base ** start`` to
    ``base ** end`` (both inclusive).

    As torch does, the exponents are ``start`` (in the output dtype) plus a double-precision step for
    the first half and ``end`` minus it for the second half, and each power is taken in double precision
    (in single precision for integer dtypes) and then cast.

    Args:
        start (Number): the exponent of the first value.
        end (Number): the exponent of the last value.
        steps (int): size of the constructed tensor.
        base (float, optional): the base of the logarithm. Default: ``10.0``.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: the default float dtype
            (see :func:`ember.set_default_dtype`).
        device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.

    Example::

        >>> torch.logspace(0, 2, 3)
        tensor([  1.,  10., 100.])
        >>> torch.logspace(0, 2, 3, base=2)
        tensor([1., 2., 4.])
    """
    check_device(device)
    given = (start, end, steps)
    if not (is_number_arg(start) and is_number_arg(end) and _is_index(steps) and is_number_arg(base)):
        raise invalid_combination("logspace", given, _LOGSPACE)
    d = dtype_of(dtype, "logspace", given, _LOGSPACE) or get_default_dtype()
    npd = d.np
    if npd.kind == "b":
        raise NotImplementedError("\"logspace_cpu\" not implemented for 'Bool'")
    steps = int(steps)
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    start, end, base = _number(start), _number(end), float(_number(base))
    with np.errstate(all="ignore"):
        if steps == 1:
            data = np.array([base ** complex(start) if npd.kind == "c" else np.power(base, float(start))]).astype(npd)
        elif npd.kind == "c":
            w = np.dtype(f"c{npd.itemsize}")
            s, e = w.type(start), w.type(end)
            step = (e - s) / (steps - 1)
            data = _two_ended(s, e, step, steps, np.complex128(base)).astype(npd)
        elif npd.kind in "iu":
            # integer dtypes: the exponents start from the bounds cast to the dtype, the base is a float
            s, e = int(npd.type(start)), int(npd.type(end))
            step = float(e - s) / (steps - 1)
            data = _two_ended(float(s), float(e), step, steps, np.float64(np.float32(base)))
            data = data.astype(npd)
        else:
            s, e = npd.type(start), npd.type(end)        # the bounds, and their difference, in the dtype
            step = float(e - s) / (steps - 1)
            s, e = float(s), float(e)
            data = _two_ended(s, e, step, steps, np.float64(base)).astype(npd)
    return _finish(data, requires_grad)


def _two_ended(s, e, step, steps: int, base) -> np.ndarray:
    # torch's halves: start + step * i below steps // 2, end - step * (steps - 1 - i) from there
    idx = np.arange(steps, dtype=np.float64)
    exps = np.where(idx < steps // 2, s + step * idx, e - step * (steps - 1 - idx))
    return np.power(base, exps)


def _indices(fname: str, row, col, offset, dtype, lower: bool) -> Tensor:
    if col is None:
        raise TypeError(f'{fname}() missing 1 required positional arguments: "col"')
    for pos, (pname, v) in enumerate((("row", row), ("col", col), ("offset", offset)), 1):
        if not _is_index(v):
            raise TypeError(f"{fname}(): argument '{pname}' (position {pos}) must be int, not {_tp_name(v)}")
    d = dtype_arg(dtype, fname) or _dtype.int64
    if d not in (_dtype.int64, _dtype.int32):
        raise NotImplementedError(f"\"{fname}\" not implemented for '{d._legacy[:-6]}'")
    row, col, offset = int(row), int(col), int(offset)
    if row < 0:
        raise RuntimeError(f"row must be non-negative, got{row}")
    if col < 0:
        raise RuntimeError(f"col must be non-negative, got{col}")
    r, c = (np.tril_indices if lower else np.triu_indices)(row, offset, col)
    return _finish(np.stack([r, c]).astype(d.np).reshape(2, -1), False)


def tril_indices(row: int, col: "int | None" = None, offset: int = 0, *, dtype=None, device=None,
                 layout=None) -> Tensor:
    """Return the indices of the lower triangular part of a ``row``-by-``col`` matrix, as a 2-by-N tensor
    (row indices, then column indices), in row-major order.

    The lower triangle is the diagonal and below it; ``offset`` moves the diagonal (positive: above,
    negative: below).

    Args:
        row (int): number of rows in the 2-D matrix.
        col (int): number of columns in the 2-D matrix.
        offset (int, optional): diagonal offset from the main diagonal. Default: ``0``.

    Keyword args:
        dtype (ember.dtype, optional): ``ember.int64`` or ``ember.int32``. Default: ``ember.int64``.
        device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.

    Example::

        >>> torch.tril_indices(3, 3)
        tensor([[0, 1, 1, 2, 2, 2],
                [0, 0, 1, 0, 1, 2]])
    """
    check_device(device)
    return _indices("tril_indices", row, col, offset, dtype, True)


def triu_indices(row: int, col: "int | None" = None, offset: int = 0, *, dtype=None, device=None,
                 layout=None) -> Tensor:
    """Return the indices of the upper triangular part of a ``row``-by-``col`` matrix, as a 2-by-N tensor
    (row indices, then column indices), in row-major order.

    The upper triangle is the diagonal and above it; ``offset`` moves the diagonal (positive: above,
    negative: below).

    Args:
        row (int): number of rows in the 2-D matrix.
        col (int): number of columns in the 2-D matrix.
        offset (int, optional): diagonal offset from the main diagonal. Default: ``0``.

    Keyword args:
        dtype (ember.dtype, optional): ``ember.int64`` or ``ember.int32``. Default: ``ember.int64``.
        device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.

    Example::

        >>> torch.triu_indices(3, 3, 1)
        tensor([[0, 0, 1],
                [1, 2, 2]])
    """
    check_device(device)
    return _indices("triu_indices", row, col, offset, dtype, False)
