"""Indexing's argument checks and torch's words for them (``ops/indexing.py`` uses them): out-of-bounds
advanced keys, a value that does not broadcast to the indexing result, a number assigned into a
tensor, a lone int or slice on a 0-d tensor; and the strides of one basic-indexing step."""
from __future__ import annotations

import numpy as np

from .._factory_args import C_TYPE
from ._promotion import checked_scalar
from .shape import torch_strides


def _step_strides(a: np.ndarray, key: tuple) -> tuple:
    """torch's strides after one basic-indexing step (NumPy may give an empty result others): a slice
    multiplies its dim's stride by the step, an int drops the dim, None inserts unsqueeze's stride."""
    st = list(torch_strides(a))
    if key:
        d, k = len(key) - 1, key[-1]
        if k is None:
            st.insert(d, a.shape[d] * st[d] if d < a.ndim else 1)
        elif isinstance(k, slice):
            st[d] *= k.step or 1
        else:
            del st[d]
    return tuple(st)


_ZERO_DIM_INT = ("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to "
                 "convert a 0-dim tensor to a number")


def _check_bare_key(key) -> None:
    """torch's words for a lone int or slice key on a 0-d tensor (its fast path for them)."""
    if type(key) is slice:
        raise IndexError("slice() cannot be applied to a 0-dim tensor.")
    if type(key) is int or isinstance(key, np.integer):
        raise IndexError(_ZERO_DIM_INT)


def _bounds_error(d: np.ndarray, key: tuple) -> "IndexError | None":
    """torch's out-of-bounds error for an advanced key: it checks element by element, each element's
    index tensors in order, and names the tensor's position among the key's tensors (ints and slices
    are applied first) and the size of the dim it indexes."""
    n_consumed = sum(1 for k in key if k is not None and k is not Ellipsis and not
                     (isinstance(k, np.ndarray) and k.dtype == np.bool_))
    arrays, dim = [], 0
    for k in key:
        if k is Ellipsis:
            dim += d.ndim - n_consumed
        elif isinstance(k, np.ndarray) and k.dtype == np.bool_:
            arrays.append((k.astype(np.int64) * 0, 1))        # a 0-d bool indexes a new size-1 dim
        elif isinstance(k, np.ndarray):
            arrays.append((k, d.shape[dim]))
            dim += 1
        elif k is not None:
            dim += 1
    if not arrays:
        return None
    try:
        idx = np.broadcast_arrays(*[a for a, _ in arrays])
    except ValueError:
        return None
    bad = np.stack([(a < -n) | (a >= n) for a, (_, n) in zip(idx, arrays)]).reshape(len(arrays), -1)
    cols = np.nonzero(bad.any(axis=0))[0]
    if not cols.size:
        return None
    pos = int(np.argmax(bad[:, cols[0]]))
    size = arrays[pos][1]
    if size == 0:
        return IndexError("index is out of bounds for dimension with size 0")
    return IndexError(f"index {int(idx[pos].reshape(-1)[cols[0]])} is out of bounds for dimension {pos} with size "
                      f"{size}")


def _empty_result_key(d: np.ndarray, key: tuple):
    """torch checks indices as it reads them, so an empty result checks none (``zeros(0, 1)[:, tensor([2])]``
    has shape (0, 1)): the key with its integer indices zeroed when that gives an empty result, else None."""
    zeroed = tuple(np.zeros_like(k) if isinstance(k, np.ndarray) and k.dtype.kind in "iu" else k for k in key)
    try:
        shape = np.empty(d.shape, dtype=np.bool_)[zeroed].shape
    except IndexError:
        return None
    return zeroed if 0 in shape else None


def _check_value_shape(a: np.ndarray, v, key: tuple) -> None:
    """torch's index_put_ error for a value that does not broadcast to the indexing result."""
    target = np.broadcast_to(np.empty((), dtype=np.bool_), a.shape)[key].shape    # (no copy of ``a``)
    vs = np.shape(v)
    if len(vs) > len(target) or any(n != m and n != 1 for n, m in zip(vs[::-1], target[::-1])):
        raise RuntimeError(f"shape mismatch: value tensor of shape {list(vs)} cannot be broadcast to indexing result "
                           f"of shape {list(target)}")


def _number_for(v, dtype: np.dtype):
    """A number assigned into a tensor of ``dtype``, converted as torch converts it (its Scalar), with
    torch's errors: an int beyond int64, a complex with an imaginary part or a float that an integer
    dtype cannot hold, a value beyond the dtype's range."""
    if type(v) is int and not -0x8000000000000000 <= v <= 0x7FFFFFFFFFFFFFFF:
        raise ValueError("Overflow when unpacking long long")
    k = dtype.kind
    if k in "bc":
        return v
    c_name = "double" if dtype.char == "e" else C_TYPE[dtype.char]     # (a complex reaches Half through double)
    if type(v) is complex:
        if v.imag != 0:
            raise RuntimeError(f"value cannot be converted to type {c_name} without overflow")
        v = v.real
    if k in "iu" and type(v) is float:
        lo, hi = np.iinfo(dtype).min, np.iinfo(dtype).max
        if not (v == v and (-hi if lo == 0 else lo) <= v <= hi):
            raise RuntimeError(f"value cannot be converted to type {C_TYPE[dtype.char]} without overflow")
        v = int(v)
    if dtype.char == "e":       # torch lets a Half overflow to inf here, silently
        with np.errstate(over="ignore"):
            return np.float16(v)
    return checked_scalar(v, dtype)


_HEAPTYPE = 1 << 9      # Py_TPFLAGS_HEAPTYPE: a class defined in Python, whose tp_name has no module


def _check_masks(key: tuple, shape: tuple) -> None:
    """torch's error for a bool mask whose shape differs from the dims it indexes: those of the tensor
    as the key's ints, slices and Nones leave it (torch applies them first)."""
    if not any(isinstance(k, np.ndarray) and k.dtype == np.bool_ and k.ndim for k in key):
        return
    n_consumed = sum(1 if not (isinstance(k, np.ndarray) and k.dtype == np.bool_) else k.ndim
                     for k in key if k is not None and k is not Ellipsis)
    sliced, masks, dim = [], [], 0
    for k in key:
        if k is Ellipsis:
            sliced.extend(shape[dim:dim + len(shape) - n_consumed])
            dim += len(shape) - n_consumed
        elif k is None:
            sliced.append(1)
        elif isinstance(k, slice):
            if dim < len(shape):
                sliced.append(len(range(*k.indices(shape[dim]))))
            dim += 1
        elif isinstance(k, np.ndarray) and k.dtype == np.bool_:
            masks.append((k, len(sliced)))
            sliced.extend(shape[dim:dim + k.ndim])
            dim += k.ndim
        elif isinstance(k, np.ndarray):
            sliced.append(shape[dim] if dim < len(shape) else 0)
            dim += 1
        else:   # an int: its dim is gone
            dim += 1
    sliced.extend(shape[dim:])
    for mask, pos in masks:
        for j, n in enumerate(mask.shape):
            if pos + j < len(sliced) and n != sliced[pos + j]:
                raise IndexError(f"The shape of the mask {list(mask.shape)} at index {j} does not match the shape of "
                                 f"the indexed tensor {sliced} at index {pos + j}")
