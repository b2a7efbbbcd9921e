"""axpy from NumPy's own BLAS: ``y += alpha * x`` in one pass, rounded once.

torch's CPU ``y.add_(x, alpha=a)`` is a fused multiply-add per element; NumPy has no such ufunc, so
``y += a * x`` takes two passes and rounds twice (about 2% of float32 elements then differ from
torch by an ulp). The BLAS NumPy was built with has the kernel: its wheels bundle OpenBLAS, whose
``axpy`` fuses as torch does, and whose symbols are reachable through NumPy's extension module with
ctypes. An SGD step on the MLP of benchmarks/ spends most of its time in this update (optim_speed.py,
RESULTS.md: 133 vs 77 us for the 784x512 weight at one thread, torch 67).

The ragged ends of a call are rounded twice by OpenBLAS: ember takes the last ``n % 32`` elements itself;
where OpenBLAS splits a long array between threads (over 10,000 elements, more than one BLAS thread),
each thread's ragged end is still its own (a few elements in 10^4 an ulp from torch).

Where the library or the symbol is not there (another BLAS, another platform), :func:`axpy` says so
and the caller computes with NumPy. Nothing here imports ember; the library is looked up on first use.
"""
from __future__ import annotations

import ctypes
import threading

import numpy as np

__all__ = ["axpy", "lerp_scalar"]

_FNS: dict | None = None
_LOCK = threading.Lock()
# (symbol pattern, integer type): NumPy's 64-bit-index OpenBLAS (its wheels), then the 32-bit-index one
_SYMBOLS = (("scipy_cblas_{}axpy64_", ctypes.c_int64), ("scipy_cblas_{}axpy", ctypes.c_int))


def _load() -> dict:
    fns: dict = {}
    try:
        from numpy._core import _multiarray_umath   # deferred: only an optimizer step asks for the library
        lib = ctypes.CDLL(_multiarray_umath.__file__)
    except (ImportError, OSError, AttributeError):
        return fns
    for char, prefix, scalar in (("f", "s", ctypes.c_float), ("d", "d", ctypes.c_double)):
        for pattern, index in _SYMBOLS:
            fn = getattr(lib, pattern.format(prefix), None)
            if fn is not None:
                fn.restype = None
                fn.argtypes = [index, scalar, ctypes.c_void_p, index, ctypes.c_void_p, index]
                fns[char] = fn
                break
    return fns


def axpy(alpha: float, x: np.ndarray, y: np.ndarray) -> bool:
    """``y += alpha * x`` in place with one rounding, when the BLAS can: ``x`` and ``y`` C-contiguous, of one
    float32/float64 dtype and shape, not the same memory. False (``y`` untouched) when it cannot."""
    global _FNS
    fns = _FNS
    if fns is None:
        with _LOCK:
            if _FNS is None:
                _FNS = _load()
            fns = _FNS
    fn = fns.get(y.dtype.char)
    if (fn is None or x.dtype != y.dtype or x.shape != y.shape or not (x.flags.c_contiguous and y.flags.c_contiguous)
            or not y.flags.writeable or np.may_share_memory(x, y)):     # (contiguous: the bounds are exact)
        return False
    n = y.size
    body = n - n % _BLOCK
    if body:
        fn(body, alpha, x.ctypes.data, 1, y.ctypes.data, 1)
    if body != n:
        # OpenBLAS's loop does blocks of 32 fused and the rest unfused: the ragged end here instead, rounded once
        # in float32 (float64 holds the product exactly), twice in float64 (NumPy has no fused multiply-add)
        xt, yt = x.reshape(-1)[body:], y.reshape(-1)[body:]
        if y.dtype.char == "f":
            yt[...] = yt + np.float64(np.float32(alpha)) * xt.astype(np.float64)
        else:
            yt += alpha * xt
    return True


_BLOCK = 32     # OpenBLAS's axpy kernels (Haswell, SkylakeX) fuse whole blocks of 32 elements


def lerp_scalar(a: np.ndarray, b: np.ndarray, weight: float, out: np.ndarray | None = None,
                diff: np.ndarray | None = None) -> np.ndarray | None:
    """torch's ``lerp(a, b, weight)`` for a number weight, as its vectorised kernel: ``fma(coeff, b - a, base)``,
    ``coeff, base = w, a`` where ``|w| < 0.5``, else ``w - 1, b`` (``w`` in the arrays' dtype). Written into
    ``out`` (default: a new array; ``a`` itself for an in-place lerp), the difference into ``diff`` if given (a
    scratch array). None (nothing written) where :func:`axpy` cannot serve: the caller computes it."""
    if a.shape != b.shape or a.dtype != b.dtype or a.dtype.char not in "fd" or not (
            a.flags.c_contiguous and b.flags.c_contiguous) or out is b:
        return None
    w = a.dtype.type(weight)
    coeff, base = (w, a) if abs(w) < 0.5 else (w - a.dtype.type(1), b)
    d = np.subtract(b, a, out=diff)
    if out is None:
        out = np.array(base, order="C")
    elif out is not base:
        np.copyto(out, base)
    if not axpy(float(coeff), d, out):
        np.add(out, d * coeff, out=out)     # (no BLAS: two roundings)
    return out
