"""Tensor repr matching torch 2.13's ``torch/_tensor_str.py``, on NumPy arrays.

Only CPU, strided, dense tensors are covered. The algorithm follows torch's:
a per-tensor formatter picks int/sci/fixed notation and a common column width
from the (possibly summarised) values, then rows are laid out with line
wrapping, nesting and ``...`` markers, and finally suffixes are appended.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

__all__ = ["set_printoptions", "get_printoptions", "tensor_repr"]


class _PrinterOptions:
    """torch's print options (a plain class: the dataclass machinery cost 1 ms of import)."""
    __slots__ = ("precision", "threshold", "edgeitems", "linewidth", "sci_mode")

    def __init__(self) -> None:
        self.precision: int = 4
        self.threshold: float = 1000
        self.edgeitems: int = 3
        self.linewidth: int = 80
        self.sci_mode: bool | None = None


_OPTS = _PrinterOptions()

# torch short dtype name -> NumPy dtype used to hold the values.
_NP_DTYPES: dict[str, np.dtype] = {
    name: np.dtype(name)
    for name in (
        "float16", "float32", "float64", "int8", "int16", "int32", "int64",
        "uint8", "bool", "complex64", "complex128",
    )
}
# Dtypes whose suffix torch hides for non-empty tensors (default float dtype,
# its complex counterpart, int64 and bool).
_DEFAULT_DTYPES = frozenset({"float32", "complex64", "int64", "bool"})

_PREFIX = "tensor("
_INDENT = len(_PREFIX)


def set_printoptions(
    precision: int | None = None,
    threshold: float | None = None,
    edgeitems: int | None = None,
    linewidth: int | None = None,
    profile: str | None = None,
    sci_mode: bool | None = None,
) -> None:
    """Set print options like ``torch.set_printoptions``.

    ``profile`` ('default', 'short', 'full') is applied first and the explicit
    arguments override it; ``sci_mode`` is always overwritten (None = auto).
    """
    if profile is not None:
        if profile == "default":
            _OPTS.precision, _OPTS.threshold, _OPTS.edgeitems, _OPTS.linewidth = 4, 1000, 3, 80
        elif profile == "short":
            _OPTS.precision, _OPTS.threshold, _OPTS.edgeitems, _OPTS.linewidth = 2, 1000, 2, 80
        elif profile == "full":
            _OPTS.precision, _OPTS.threshold, _OPTS.edgeitems, _OPTS.linewidth = 4, math.inf, 3, 80
    if precision is not None:
        _OPTS.precision = precision
    if threshold is not None:
        _OPTS.threshold = threshold
    if edgeitems is not None:
        _OPTS.edgeitems = edgeitems
    if linewidth is not None:
        _OPTS.linewidth = linewidth
    # torch resets sci_mode on every call, even when only other options change.
    _OPTS.sci_mode = sci_mode


def get_printoptions() -> dict[str, Any]:
    """Return the current options as a dict usable as ``set_printoptions(**opts)``."""
    return {name: getattr(_OPTS, name) for name in _PrinterOptions.__slots__}


class _Formatter:
    """Chooses notation and column width for one real-valued array (torch's _Formatter)."""

    __slots__ = ("floating", "int_mode", "sci_mode", "width", "precision")

    def __init__(self, values: np.ndarray, precision: int) -> None:
        self.floating = values.dtype.kind == "f"
        self.int_mode = True
        self.sci_mode = False
        self.width = 1
        self.precision = precision
        flat = values.reshape(-1)
        if not self.floating:
            if flat.size == 0:
                return
            if flat.dtype.kind == "b":
                self.width = 4 if bool(flat.all()) else 5  # "True" / "False"
            else:
                # str(int) length only grows with |v|, so the extremes suffice.
                self.width = max(len(str(int(flat.min()))), len(str(int(flat.max()))))
            return

        flat = flat.astype(np.float64, copy=False)
        nz = flat[np.isfinite(flat) & (flat != 0)]
        if nz.size == 0:
            return  # torch keeps int_mode, no sci_mode, width 1 (ignores opts.sci_mode)
        absv = np.abs(nz)
        amin = float(absv.min())
        amax = float(absv.max())
        self.int_mode = bool(np.all(nz == np.ceil(nz)))
        forced = _OPTS.sci_mode
        if forced is None:
            self.sci_mode = amax / amin > 1000.0 or amax > 1.0e8 or amin < 1.0e-4
        else:
            self.sci_mode = forced

        # Formatted length is monotone in |v| for each sign (rounding is
        # monotone; the sci exponent's digit count peaks at both magnitude
        # extremes), so the extreme values of each sign give the max width.
        if nz.size <= 8:
            cands = nz.tolist()
        else:
            pos = nz[nz > 0]
            neg = nz[nz < 0]
            cands = []
            if pos.size:
                cands += [float(pos.min()), float(pos.max())]
            if neg.size:
                cands += [float(neg.min()), float(neg.max())]
        p = precision
        if self.sci_mode:
            w = max(len(f"{v:.{p}e}") for v in cands)
        elif self.int_mode:
            # +1 for the trailing "." that marks a float in int mode
            w = max(len(f"{v:.0f}") for v in cands) + 1
        else:
            w = max(len(f"{v:.{p}f}") for v in cands)
        self.width = max(1, w)

    def format_all(self, values: np.ndarray) -> list[str]:
        """Format each element (flattened, C order), right-aligned to the width."""
        w = self.width
        items = values.reshape(-1).tolist()
        if not self.floating:
            return [str(v).rjust(w) for v in items]
        p = self.precision
        if self.sci_mode:
            return [f"{v:{w}.{p}e}" for v in items]
        if self.int_mode:
            out = []
            for v in items:
                s = f"{v:.0f}"
                # nan/inf stay bare; finite ints get "." to show it's a float
                if not (math.isinf(v) or math.isnan(v)):
                    s += "."
                out.append(s.rjust(w))
            return out
        return [f"{v:.{p}f}".rjust(w) for v in items]


def _join_complex(real: list[str], imag: list[str]) -> list[str]:
    """Combine real/imag strings as torch does ("a+bj" / "a-bj")."""
    out = []
    for r, i in zip(real, imag):
        i = (i + "j").lstrip()
        out.append(r + i if i[0] in "+-" else r + "+" + i)
    return out


def _summarize(arr: np.ndarray, edge: int) -> tuple[np.ndarray, list[bool]]:
    """Keep the first/last ``edge`` entries of every axis longer than 2*edge."""
    cut = []
    for axis, n in enumerate(arr.shape):
        if n > 2 * edge:
            idx = np.r_[0:edge, n - edge:n]
            arr = arr.take(idx, axis=axis)
            cut.append(True)
        else:
            cut.append(False)
    return arr, cut


def _layout(strs: list[str], shape: tuple[int, ...], cut: list[bool], elem_len: int) -> str:
    """Nest formatted element strings into torch's bracketed layout."""
    opts = _OPTS
    edge = opts.edgeitems
    linewidth = opts.linewidth
    ndim = len(shape)

    def block(start: int, axis: int, indent: int) -> str:
        n = shape[axis]
        if axis == ndim - 1:
            data = strs[start:start + n]
            if cut[axis]:
                data = data[:edge] + [" ..."] + data[edge:]
            per_line = max(1, math.floor((linewidth - indent) / elem_len))
            if len(data) <= per_line:
                return "[" + ", ".join(data) + "]"
            lines = [", ".join(data[i:i + per_line]) for i in range(0, len(data), per_line)]
            return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"
        stride = 1
        for s in shape[axis + 1:]:
            stride *= s
        subs = [block(start + i * stride, axis + 1, indent + 1) for i in range(n)]
        if cut[axis]:
            subs = subs[:edge] + ["..."] + subs[edge:]
        sep = "," + "\n" * (ndim - axis - 1) + " " * (indent + 1)
        return "[" + sep.join(subs) + "]"

    return block(0, 0, _INDENT)


def _tensor_str(arr: np.ndarray) -> str:
    """Body of the repr for a non-empty array (torch's _tensor_str)."""
    opts = _OPTS
    summarize = arr.size > opts.threshold
    if summarize and not opts.edgeitems and arr.ndim > 0:
        return "[...]"  # torch drops every element when edgeitems == 0
    if summarize:
        kept, cut = _summarize(arr, opts.edgeitems)
    else:
        kept, cut = arr, [False] * arr.ndim

    p = opts.precision
    if kept.dtype.kind == "c":
        re, im = kept.real, kept.imag
        f1, f2 = _Formatter(re, p), _Formatter(im, p)
        strs = _join_complex(f1.format_all(re), f2.format_all(im))
        elem_len = f1.width + 2 + f2.width + 1
    else:
        f1 = _Formatter(kept, p)
        strs = f1.format_all(kept)
        elem_len = f1.width + 2
    if kept.ndim == 0:
        # 0-d: the single value has exactly the formatter's width, no padding
        return strs[0]
    return _layout(strs, kept.shape, cut, elem_len)


def _add_suffixes(body: str, suffixes: list[str]) -> str:
    """Append ``, suffix`` items, wrapping onto an indented line past linewidth."""
    parts = [body]
    # torch's off-by-two quirk: counts 1 more than the real last-line length
    # (2 more when there is no newline).
    last = len(body) - body.rfind("\n") + 1
    linewidth = _OPTS.linewidth
    for suf in suffixes:
        if last + len(suf) + 2 > linewidth:
            parts.append(",\n" + " " * _INDENT + suf)
            last = _INDENT + len(suf)
        else:
            parts.append(", " + suf)
            last += len(suf) + 2
    parts.append(")")
    return "".join(parts)


def tensor_repr(
    data: np.ndarray,
    dtype_name: str,
    grad_fn_name: str | None = None,
    requires_grad: bool = False,
) -> str:
    """Return ``repr()`` of a CPU torch tensor holding ``data`` with dtype ``dtype_name``.

    ``grad_fn_name`` adds ``grad_fn=<NAME>``; otherwise ``requires_grad`` adds
    ``requires_grad=True``.
    """
    np_dtype = _NP_DTYPES.get(dtype_name)
    arr = np.asarray(data)
    if np_dtype is not None and arr.dtype != np_dtype:
        arr = arr.astype(np_dtype)

    suffixes: list[str] = []
    if arr.size == 0:
        body = "[]"
        if arr.ndim != 1:
            suffixes.append("size=" + str(tuple(arr.shape)))
        # no values to infer the dtype from, so only float32 stays implicit
        if dtype_name != "float32":
            suffixes.append("dtype=torch." + dtype_name)
    else:
        if not _OPTS.edgeitems:
            suffixes.append("size=" + str(tuple(arr.shape)))
        if dtype_name not in _DEFAULT_DTYPES:
            suffixes.append("dtype=torch." + dtype_name)
        body = _tensor_str(arr)

    if grad_fn_name is not None:
        suffixes.append(f"grad_fn=<{grad_fn_name}>")
    elif requires_grad:
        suffixes.append("requires_grad=True")

    if not suffixes:
        return _PREFIX + body + ")"
    return _add_suffixes(_PREFIX + body, suffixes)
