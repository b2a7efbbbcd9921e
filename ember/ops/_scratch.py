"""Reused scratch arrays for large temporaries: conv's im2col columns, GEMM results and layout copies,
max pooling's gradient, attention's score-sized buffers, layer norm's backward temporary.

Why: glibc hands a freed block at the top of the heap back to the OS once it exceeds its trim threshold,
and the next step faults every page in again (the LeNet step in ``benchmarks/cnn_speed.py`` paid ~2,800
page faults, about half its time, for ~11 MB of temporaries allocated and freed each step).
oneDNN keeps such scratchpads cached for torch; ember keeps a few per shape here, never touching
process-wide allocator settings.

A buffer is handed out again only when nothing but this cache refers to it (its reference count says so:
views and saved copies keep their base alive), so reuse is safe whoever kept the last one; the cache is
small and bounded (``_PER_KEY`` arrays per shape and dtype, ``_MAX_BYTES`` in all, oldest shapes dropped).
Callers must write every element of what they get (it is ``np.empty``'s memory).
"""
from __future__ import annotations

import sys
import threading

import numpy as np

__all__ = ["scratch", "scratch_zeros", "clear_scratch"]

_PER_KEY = 2
_MAX_BYTES = 64 << 20
_MIN_BYTES = 64 << 10         # smaller blocks are cheap for malloc: not worth a cache entry
_cache: dict = {}              # (shape, dtype) -> [arrays], insertion order = age
_bytes = 0
_lock = threading.Lock()


def _free_refs() -> int:
    """``getrefcount(b)`` of a buffer held only by the cache, measured in the same loop as :func:`scratch`
    checks it (3 on CPython 3.11: the list, the loop variable, the argument), so an interpreter that counts
    differently still never sees a held buffer as free."""
    for b in [np.empty(0)]:
        return sys.getrefcount(b)
    return 0


_FREE_REFS = _free_refs()


def scratch(shape: tuple, dtype) -> np.ndarray:
    """An uninitialised C-contiguous array of ``shape`` and ``dtype``, reused from an earlier call when no one
    else holds it."""
    dtype = np.dtype(dtype)
    nbytes = dtype.itemsize
    for s in shape:
        nbytes *= s
    if nbytes < _MIN_BYTES:
        return np.empty(shape, dtype)
    global _bytes
    key = (tuple(shape), dtype)
    with _lock:
        bufs = _cache.get(key)
        if bufs is not None:
            for b in bufs:
                if sys.getrefcount(b) == _FREE_REFS:
                    return b
        b = np.empty(shape, dtype)
        if bufs is None:
            while _cache and _bytes + nbytes > _MAX_BYTES:       # drop the oldest shape's buffers
                old = next(iter(_cache))
                _bytes -= sum(x.nbytes for x in _cache.pop(old))
            if _bytes + nbytes > _MAX_BYTES:
                return b
            bufs = _cache[key] = []
        if len(bufs) < _PER_KEY and _bytes + nbytes <= _MAX_BYTES:
            bufs.append(b)
            _bytes += nbytes
        return b


def scratch_zeros(shape: tuple, dtype) -> np.ndarray:
    """``scratch`` filled with zeros."""
    b = scratch(shape, dtype)
    b.fill(0)
    return b


def clear_scratch() -> None:
    """Drop every cached buffer (tests; or to hand the memory back)."""
    global _bytes
    with _lock:
        _cache.clear()
        _bytes = 0
