"""``.safetensors`` files, exchangeable with ``safetensors.torch``: ``save_file``, ``load_file``, ``save``, ``load``.

The optional extra ``ember[safetensors]`` installs the ``safetensors`` package, whose format code
(the header's JSON, offsets and checks, in Rust) reads and writes the files here; this module maps
ember tensors to and from the NumPy arrays it takes, with ``safetensors.torch``'s rules: a dict of
``str`` to tensors, contiguous tensors only, no two tensors over the same memory. ``import ember``
does not load this module (``ember.utils`` loads it on first use).

The format has no ``complex128``; ember has no ``bfloat16``, float8 or unsigned 16/32/64-bit
dtypes, so files holding those raise :class:`TypeError` naming the tensor.
"""
from __future__ import annotations

import json
import os
from collections import defaultdict
from typing import Any, Union

import numpy as np

from .. import _dtype
from .._tensor import Tensor, _storage, check_device, make
from ..serialization import atomic_path

try:
    import safetensors as _st
    import safetensors.numpy as _st_numpy
except ImportError as exc:         # the optional extra is not installed
    raise ModuleNotFoundError(
        "ember.utils.safetensors needs the 'safetensors' package, which is not installed; "
        "install ember's optional extra: pip install 'ember[safetensors]' (or: pip install safetensors)",
        name="safetensors") from exc

__all__ = ["save_file", "load_file", "save", "load"]

PathLike = Union[str, "os.PathLike[str]"]

# safetensors' dtype names, both ways, for the dtypes ember has (safetensors.torch's _TYPES)
_TO_ST = {_dtype.float64: "F64", _dtype.float32: "F32", _dtype.float16: "F16", _dtype.int64: "I64",
          _dtype.int32: "I32", _dtype.int16: "I16", _dtype.int8: "I8", _dtype.uint8: "U8", _dtype.bool: "BOOL",
          _dtype.complex64: "C64"}
_FROM_ST = {name: d for d, name in _TO_ST.items()}


# ------------------------------------------------------------------------------------------------
# save: safetensors.torch's checks, in its order
def _shared_groups(tensors: dict[str, Tensor]) -> list[set[str]]:
    """The names of tensors whose memory overlaps (``safetensors.torch._find_shared_tensors``): tensors
    over one storage, split where their byte ranges do not overlap (two halves of one buffer are fine)."""
    by_storage: defaultdict[tuple[int, int], set[str]] = defaultdict(set)
    for name, t in tensors.items():
        root = _storage(t._data)
        if root.nbytes:
            by_storage[(root.ctypes.data, root.nbytes)].add(name)
    groups = []
    for names in by_storage.values():
        areas = sorted((*_byte_range(tensors[n]._data), n) for n in names)
        _, last_stop, first = areas[0]
        groups.append({first})
        for start, stop, name in areas[1:]:
            if start >= last_stop:
                groups.append({name})
            else:
                groups[-1].add(name)
            last_stop = stop
    return groups


def _byte_range(a: np.ndarray) -> tuple[int, int]:
    """[address of the first element, address just past the last one in index order)."""
    start = a.ctypes.data
    if a.size == 0:
        return start, start
    last = start + sum((n - 1) * s for n, s in zip(a.shape, a.strides))
    return start, last + a.itemsize


def _arrays(tensors: Any) -> dict[str, np.ndarray]:
    if not isinstance(tensors, dict):
        raise ValueError(f"Expected a dict of [str, torch.Tensor] but received {type(tensors)}")
    for k, v in tensors.items():
        if not isinstance(v, Tensor):
            raise ValueError(f"Key `{k}` is invalid, expected torch.Tensor but received {type(v)}")
    failing = [names for names in _shared_groups(tensors) if len(names) > 1]
    if failing:
        raise RuntimeError(f"""
            Some tensors share memory, this will lead to duplicate memory on disk and potential differences when loading them again: {failing}.
            A potential way to correctly save your model is to use `save_model`.
            More information at https://huggingface.co/docs/safetensors/torch_shared_tensors
            """)  # noqa: E501  (safetensors.torch's text, verbatim)
    arrays = {}
    for k, v in tensors.items():
        if not v.is_contiguous():
            raise ValueError(
                f"You are trying to save a non contiguous tensor: `{k}` which is not allowed. It either means you"
                " are trying to save tensors which are reference of each other in which case it's recommended to save"
                " only the full tensors, and reslice at load time, or simply call `.contiguous()` on your tensor to"
                " pack it before saving.")
        if v.dtype not in _TO_ST:
            raise KeyError(v.dtype)      # as safetensors.torch: complex128 has no safetensors name
        a = v._data
        if a.dtype.byteorder == ">":     # the format is little-endian
            a = a.astype(a.dtype.newbyteorder("<"))
        # contiguous in torch's sense is C-contiguous in NumPy's (both ignore the strides of size-1 dims);
        # a copy only for big-endian data (ascontiguousarray would make a 0-d array 1-d)
        arrays[k] = a if a.flags.c_contiguous else a.copy(order="C")
    return arrays


def save(tensors: dict[str, Tensor], metadata: dict[str, str] | None = None) -> bytes:
    r"""Saves a dictionary of tensors into raw bytes in safetensors format.

    Args:
        tensors (``Dict[str, Tensor]``): the incoming tensors. Tensors need to be contiguous and
            dense, and no two may share memory.
        metadata (``Dict[str, str]``, optional): text-only metadata stored in the header.

    Returns:
        ``bytes``: the raw bytes of the file, as ``safetensors.torch.save`` writes them.
    """
    return _st_numpy.save(_arrays(tensors), metadata=metadata)


def save_file(tensors: dict[str, Tensor], filename: PathLike, metadata: dict[str, str] | None = None) -> None:
    r"""Saves a dictionary of tensors into ``filename`` in safetensors format.

    The file is written atomically: to a temporary file in the same directory, then renamed.

    Args:
        tensors (``Dict[str, Tensor]``): the incoming tensors. Tensors need to be contiguous and
            dense, and no two may share memory.
        filename (``str`` or ``os.PathLike``): the file to write.
        metadata (``Dict[str, str]``, optional): text-only metadata stored in the header.
    """
    arrays = _arrays(tensors)
    with atomic_path(filename) as tmp:
        _st_numpy.save_file(arrays, tmp, metadata=metadata)


# ------------------------------------------------------------------------------------------------
# load
def _dtype_of(name: str, st_dtype: str) -> _dtype.dtype:
    d = _FROM_ST.get(st_dtype)
    if d is None:
        raise TypeError(f"ember.utils.safetensors: tensor `{name}` has dtype {st_dtype}, which ember does not "
                        f"support (ember reads {', '.join(_FROM_ST)})")
    return d


def load(data: bytes) -> dict[str, Tensor]:
    r"""Loads a safetensors file into ember tensors from its bytes.

    Args:
        data (``bytes``): the content of a safetensors file.

    Returns:
        ``Dict[str, Tensor]``: name to tensor, in the order of the data in the file, as
        :func:`load_file` gives (``safetensors.torch.load``'s order changes from call to call).
    """
    views = dict(_st.deserialize(data))      # checks the header, the offsets and the sizes
    out = {}
    for name in _offset_order(data):
        info = views[name]
        d = _dtype_of(name, info["dtype"])
        raw = info["data"]
        arr = np.frombuffer(raw, dtype=d.np.newbyteorder("<")) if len(raw) else np.empty(0, d.np)
        out[name] = make(np.asarray(arr.reshape(info["shape"]), dtype=d.np))
    return out


def _offset_order(data: bytes) -> list[str]:
    """The tensors' names in the order of their data (``load_file``'s order). ``deserialize``'s own order
    is a hash map's, different on each call (so is ``safetensors.torch.load``'s); ember's is stable."""
    n = int.from_bytes(data[:8], "little")
    header = json.loads(bytes(data[8:8 + n]))
    return [name for _, _, name in sorted((*info["data_offsets"], name) for name, info in header.items()
                                          if name != "__metadata__")]


def load_file(filename: PathLike, device: Any = "cpu") -> dict[str, Tensor]:
    r"""Loads a safetensors file into ember tensors.

    Args:
        filename (``str`` or ``os.PathLike``): the file to read.
        device: where the tensors go: ``'cpu'`` (ember has only the CPU).

    Returns:
        ``Dict[str, Tensor]``: name to tensor, in the order ``safetensors.torch.load_file`` gives
        (the order of the data in the file).
    """
    check_device(f"cuda:{device}" if isinstance(device, int) else device)   # an int is a CUDA index, as in torch
    out = {}
    with _st.safe_open(os.fspath(filename), framework="np") as f:
        names = f.offset_keys() if hasattr(f, "offset_keys") else f.keys()
        for name in names:
            d = _dtype_of(name, f.get_slice(name).get_dtype())
            arr = np.asarray(f.get_tensor(name), dtype=d.np)     # native byte order
            if not arr.flags.writeable:                           # a read-only map: own a copy
                arr = arr.copy()
            out[name] = make(arr)
    return out
