"""Memory layouts as torch chooses them: ``preserve_format`` (``empty_like``, ``clone``) and the
output strides of TensorIterator (an elementwise op's result), as NumPy arrays with those strides."""
from __future__ import annotations

import numpy as np

__all__ = ["empty_preserving", "iter_layout", "ordered_layout", "empty_strided", "torch_layout"]


def _dense(shape: tuple, strides: list) -> bool:
    """torch's is_non_overlapping_and_dense (dims of size < 2 do not count)."""
    dims = sorted((i for i in range(len(shape)) if shape[i] >= 2), key=lambda i: strides[i])
    need = 1
    for i in dims:
        if strides[i] != need:
            return False
        need *= shape[i]
    return True


def _dense_strides(shape: tuple, strides: list) -> list:
    """torch's infer_dense_strides: dense strides that keep the order of ``strides`` (a stable
    insertion sort; stride-0 dims keep their place, equal strides put the smaller size inside)."""
    nd = len(shape)
    perm = list(range(nd - 1, -1, -1))
    for i in range(1, nd):
        d1 = i
        for j in range(1, i + 1):
            d0 = i - j
            a, b = perm[d0], perm[d1]
            sa, sb = strides[a], strides[b]
            if sa == 0 or sb == 0:
                cmp = 0
            elif sa != sb:
                cmp = -1 if sa < sb else 1
            else:
                cmp = 1 if shape[a] > shape[b] else 0
            if cmp > 0:
                perm[d0], perm[d1] = b, a
                d1 = d0
            elif cmp < 0:
                break
    out = [0] * nd
    cur = 1
    for i in perm:
        out[i] = cur
        if shape[i] > 1:
            cur *= shape[i]
    return out


def empty_preserving(a: np.ndarray, np_dtype=None) -> np.ndarray:
    """An uninitialised array shaped as ``a`` in torch's ``preserve_format`` layout (``empty_like``,
    ``clone``): ``a``'s own strides when it is dense and non-overlapping, else dense strides in
    ``a``'s order of dimensions."""
    npd = a.dtype if np_dtype is None else np.dtype(np_dtype)
    if a.flags.c_contiguous:
        return np.empty(a.shape, dtype=npd)
    shape, item = a.shape, a.itemsize
    strides = [s // item for s in a.strides]
    if any(s < 0 for s in strides):
        return np.empty(shape, dtype=npd)
    if not _dense(shape, strides):
        strides = _dense_strides(shape, strides)
    n = 1
    for k in shape:
        n *= k
    buf = np.empty(n, dtype=npd)
    return np.lib.stride_tricks.as_strided(buf, shape, tuple(s * npd.itemsize for s in strides))


def iter_layout(shape: tuple, operands) -> tuple | None:
    """The strides (in elements) torch's TensorIterator gives the result of an elementwise op on
    ``operands`` (NumPy arrays, in argument order) broadcast to ``shape``, or None when that is
    C-contiguous. Dims are ordered by the first operand whose strides tell them apart (a broadcast
    dim tells nothing; equal strides put the smaller dim inside), as its reorder_dimensions does;
    operands of one shape and one dense layout lend it theirs (its fast set-up)."""
    arrs = [o for o in operands if isinstance(o, np.ndarray) and o.ndim]
    if all(o.flags.c_contiguous for o in arrs):
        return None
    nd = len(shape)
    strides = []
    for o in arrs:
        lead = nd - o.ndim
        st = [0] * lead
        for k, (n, sz) in enumerate(zip(o.strides, o.shape)):
            st.append(0 if sz == 1 and shape[lead + k] != 1 else n // o.itemsize)
        strides.append(st)
    first = strides[0]
    if all(o.shape == shape for o in arrs) and all(st == first for st in strides) and _dense(shape, first):
        return tuple(first)
    return ordered_layout(shape, strides)


def ordered_layout(shape: tuple, strides: list) -> tuple:
    """Dense strides (in elements) for ``shape`` with its dims ordered as TensorIterator's reorder_dimensions
    orders them by the operands' ``strides`` (one list per operand, in argument order; 0 for a broadcast dim)."""
    nd = len(shape)
    perm = list(range(nd - 1, -1, -1))

    def should_swap(d0, d1):
        for st in strides:
            s0, s1 = st[d0], st[d1]
            if s0 == 0 or s1 == 0:
                continue
            if s0 != s1:
                return -1 if s0 < s1 else 1
            if shape[d0] > shape[d1]:
                return 1
        return 0

    for i in range(1, nd):
        d1 = i
        for d0 in range(i - 1, -1, -1):
            c = should_swap(perm[d0], perm[d1])
            if c > 0:
                perm[d0], perm[d1] = perm[d1], perm[d0]
                d1 = d0
            elif c < 0:
                break
    out = [0] * nd
    cur = 1
    for d in perm:
        out[d] = cur
        cur *= shape[d]
    return tuple(out)


def empty_strided(shape: tuple, strides: tuple | None, np_dtype) -> np.ndarray:
    """An uninitialised array of ``shape`` with ``strides`` (in elements; None: C-contiguous)."""
    if strides is None:
        return np.empty(shape, dtype=np_dtype)
    npd = np.dtype(np_dtype)
    n = 1
    for k in shape:
        n *= k
    return np.lib.stride_tricks.as_strided(np.empty(n, dtype=npd), shape, tuple(s * npd.itemsize for s in strides))


def torch_layout(r: np.ndarray, *operands) -> np.ndarray:
    """``r``, NumPy's result of an elementwise op on ``operands`` (arrays or scalars, in torch's
    argument order: ``where``'s condition first), in the layout torch's TensorIterator gives it.
    NumPy keeps an operand's order only when no operand disagrees (``x.t() + y`` comes out
    C-ordered); torch follows the first operand that tells the dims apart. Copied only when they
    differ."""
    if r.ndim < 2:
        return r
    for o in operands:
        if type(o) is np.ndarray and not o.flags.c_contiguous:
            break
    else:
        return r          # contiguous operands: NumPy's layout (C order) is torch's
    strides = iter_layout(r.shape, operands)
    if strides is None:
        return r if r.flags.c_contiguous else np.ascontiguousarray(r)
    item = r.itemsize
    if all(n < 2 or st == s * item for n, st, s in zip(r.shape, r.strides, strides)):
        return r
    out = empty_strided(r.shape, strides, r.dtype)
    out[...] = r
    return out
