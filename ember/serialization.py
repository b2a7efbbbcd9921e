"""Checkpoints in PyTorch's own file format: ``ember.save`` and a safe-by-construction ``ember.load``.

The file is torch's zip archive: ``archive/data.pkl`` (a protocol-2 pickle whose tensors are
``torch._utils._rebuild_tensor_v2`` calls over persistent storage ids), ``archive/data/<key>``
(each storage's raw little-endian bytes, 64-byte aligned), ``archive/version``,
``archive/byteorder``, ``archive/.format_version``, ``archive/.storage_alignment`` and
``archive/.data/serialization_id``. ``torch.load(f, weights_only=True)`` reads what ``ember.save``
writes, and ``ember.load`` reads what ``torch.save`` writes.

``ember.load`` never runs code from the file. Its unpickler is pickle's own opcode loop with every
opcode that can call something replaced: a global resolves only through an allowlist (to ember's
own functions, never to the named object), ``REDUCE`` calls only those, ``BUILD`` only sets
attributes on an ``OrderedDict``, and ``INST``/``OBJ``/``NEWOBJ``/``EXT*`` are refused.
"""
from __future__ import annotations

import contextlib
import io
import os
import pickle
import struct
import tempfile
import zipfile
from collections import OrderedDict
from typing import IO, Any, BinaryIO, Callable, Iterator, Union

import numpy as np

from . import _dtype
from ._tensor import Size, Tensor, _storage, device, make

__all__ = ["save", "load", "atomic_path"]

FileLike = Union[str, "os.PathLike[str]", IO[bytes]]

_STORAGE_NAMES = {
    "FloatStorage": _dtype.float32, "DoubleStorage": _dtype.float64, "HalfStorage": _dtype.float16,
    "LongStorage": _dtype.int64, "IntStorage": _dtype.int32, "ShortStorage": _dtype.int16,
    "CharStorage": _dtype.int8, "ByteStorage": _dtype.uint8, "BoolStorage": _dtype.bool,
    "ComplexFloatStorage": _dtype.complex64, "ComplexDoubleStorage": _dtype.complex128,
}
_STORAGE_OF = {d: name for name, d in _STORAGE_NAMES.items()}
_ALIGN = 64
_MAX_PICKLE = 1 << 30          # data.pkl larger than this is refused (a weights pickle is small)


# ------------------------------------------------------------------------------------------------
# save
class _Global:
    """Pickles as the bare global ``module.name`` (torch's names, which need not exist here)."""

    __slots__ = ("module", "name")

    def __init__(self, module: str, name: str) -> None:
        self.module, self.name = module, name

    def __call__(self, *args: Any) -> Any:     # pickle's save_reduce wants a callable; never called
        raise TypeError(f"{self.module}.{self.name} is a name written into a checkpoint, not a function")


_REBUILD_TENSOR = _Global("torch._utils", "_rebuild_tensor_v2")
_REBUILD_PARAM = _Global("torch._utils", "_rebuild_parameter")
_TORCH_DEVICE = _Global("torch", "device")
_TORCH_SIZE = _Global("torch", "Size")
_WRITABLE_GLOBALS = {("collections", "OrderedDict"), ("_codecs", "encode"), ("builtins", "complex"),
                     ("builtins", "set"), ("builtins", "bytearray")}


class _StorageRef:
    __slots__ = ("key", "dtype", "numel", "root")

    def __init__(self, key: str, dtype: _dtype.dtype, numel: int, root: np.ndarray) -> None:
        self.key, self.dtype, self.numel, self.root = key, dtype, numel, root


class _Pickler(pickle._Pickler):  # type: ignore[name-defined]  # pure-Python: its dispatch is ours to extend
    dispatch = pickle._Pickler.dispatch.copy()  # type: ignore[attr-defined]

    def __init__(self, file: BinaryIO) -> None:
        super().__init__(file, protocol=2)
        self.storages: list[tuple[str, np.ndarray]] = []
        self._keys: dict[tuple[int, str], _StorageRef] = {}
        self._alive: list[np.ndarray] = []

    def persistent_id(self, obj: Any) -> Any:
        if isinstance(obj, _StorageRef):
            return ("storage", _Global("torch", _STORAGE_OF[obj.dtype]), obj.key, "cpu", obj.numel)
        return None

    def save_global(self, obj: Any, name: str | None = None) -> None:
        if isinstance(obj, _Global):
            self.write(pickle.GLOBAL + f"{obj.module}\n{obj.name}\n".encode("utf-8"))
            self.memoize(obj)
            return
        module = getattr(obj, "__module__", None)
        qual = name or getattr(obj, "__qualname__", None) or getattr(obj, "__name__", "?")
        if (module, qual) not in _WRITABLE_GLOBALS:
            raise pickle.PicklingError(
                f"ember.save can only write what ember.load (weights_only) can read back: tensors, "
                f"nn.Parameter, dtypes, device, Size and nested dict/list/tuple/OrderedDict of them and "
                f"of int, float, complex, str, bytes, bool, None; found a reference to {module}.{qual} "
                f"(while saving an object of type {type(obj).__name__ if not isinstance(obj, type) else obj.__name__})")
        super().save_global(obj, name)

    dispatch[_Global] = save_global

    def _storage_ref(self, a: np.ndarray, dt: _dtype.dtype) -> tuple[_StorageRef, np.ndarray]:
        """The storage ``a`` lives in (shared with every array on the same memory) and ``a`` as
        an array on it; a fresh contiguous storage when ``a``'s memory cannot be described."""
        root = _storage(a)
        isz = dt.itemsize
        ok = (root.flags.c_contiguous or root.flags.f_contiguous) and root.nbytes % isz == 0
        if ok:
            off = a.__array_interface__["data"][0] - root.__array_interface__["data"][0]
            ok = off % isz == 0 and all(s >= 0 and s % isz == 0 for s in a.strides)
        if not ok:
            a = np.ascontiguousarray(a)
            root = a
        key = (id(root), dt.name)
        ref = self._keys.get(key)
        if ref is None:
            ref = self._keys[key] = _StorageRef(str(len(self.storages)), dt, root.nbytes // isz, root)
            self.storages.append((ref.key, root))
            self._alive.append(root)
        return ref, a

    def _save_tensor(self, t: Tensor) -> None:
        a = t._data
        dt = _dtype.from_numpy_dtype(a.dtype)
        ref, a = self._storage_ref(a, dt)
        root = ref.root
        offset = (a.__array_interface__["data"][0] - root.__array_interface__["data"][0]) // dt.itemsize
        args = (ref, offset, tuple(a.shape), tuple(s // dt.itemsize for s in a.strides),
                bool(t._requires_grad and not _is_parameter(t)), OrderedDict())
        if _is_parameter(t):
            self.save_reduce(_REBUILD_PARAM, ((_REBUILD_TENSOR, args), bool(t._requires_grad), OrderedDict()),
                             obj=t)
        else:
            self.save_reduce(_REBUILD_TENSOR, args, obj=t)

    def save(self, obj: Any, save_persistent_id: bool = True) -> None:
        if isinstance(obj, tuple) and len(obj) == 2 and obj[0] is _REBUILD_TENSOR:
            self.save_reduce(_REBUILD_TENSOR, obj[1])     # a Parameter's inner tensor (not memoized)
            return
        if isinstance(obj, Tensor):
            memo = self.memo.get(id(obj))
            if memo is not None:
                self.write(self.get(memo[0]))
                return
            self._save_tensor(obj)
            return
        if isinstance(obj, _dtype.dtype):
            self.save_global(_Global("torch", obj.name))
            return
        if isinstance(obj, device):
            self.save_reduce(_TORCH_DEVICE, (str(obj),), obj=obj)
            return
        if isinstance(obj, Size):
            self.save_reduce(_TORCH_SIZE, (tuple(int(s) for s in obj),), obj=obj)
            return
        super().save(obj, save_persistent_id)


def _is_parameter(t: Tensor) -> bool:
    from .nn.parameter import Parameter  # deferred: nn sits above this module
    return isinstance(t, Parameter)


def _aligned_extra(offset: int, name: str) -> bytes:
    """Torch's local-header padding: an ``FB`` extra field so the record's data starts 64-aligned."""
    start = offset + 30 + len(name.encode("utf-8")) + 4
    pad = (-start) % _ALIGN
    return b"FB" + struct.pack("<H", pad) + b"Z" * pad


def _write_archive(obj: Any, f: BinaryIO) -> None:
    buf = io.BytesIO()
    p = _Pickler(buf)
    p.dump(obj)
    records: list[tuple[str, bytes | memoryview]] = [("data.pkl", buf.getvalue()), (".format_version", b"1"),
                                                     (".storage_alignment", b"64"), ("byteorder", b"little")]
    for key, root in p.storages:
        arr = root if root.dtype.byteorder in "=|<" else root.astype(root.dtype.newbyteorder("<"))
        if not arr.flags.c_contiguous:
            arr = np.ravel(arr, order="K")                     # Fortran-ordered storages: memory order
        records.append((f"data/{key}", memoryview(np.ascontiguousarray(arr).reshape(-1).view(np.uint8))))
    records += [("version", b"3\n"), (".data/serialization_id", str(int.from_bytes(os.urandom(16), "big")).encode())]
    with zipfile.ZipFile(f, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as z:
        for name, data in records:
            full = "archive/" + name
            info = zipfile.ZipInfo(full, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            info.extra = _aligned_extra(z.fp.tell() if z.fp is not None else 0, full)
            z.writestr(info, bytes(data))


@contextlib.contextmanager
def atomic_path(path: "str | os.PathLike[str]") -> Iterator[str]:
    """A temporary path next to ``path`` to write to; once the block ends without an exception the
    file is flushed to disk and renamed onto ``path`` (``os.replace``, atomic), else it is removed.
    So a crash mid-write never leaves a half-written file under ``path``."""
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise RuntimeError(f"Parent directory {directory} does not exist.")     # torch.save's words
    fd, tmp = tempfile.mkstemp(prefix=".ember-save-", suffix=".tmp", dir=directory)
    os.close(fd)
    try:
        yield tmp
        fd = os.open(tmp, os.O_RDWR)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def save(obj: Any, f: FileLike, pickle_module: Any = None, pickle_protocol: int = 2,
         _use_new_zipfile_serialization: bool = True) -> None:
    r"""Saves an object (a ``state_dict``, an optimizer state, nested containers of tensors) to a file
    in PyTorch's checkpoint format.

    Args:
        obj: the object to save: tensors, ``nn.Parameter``, dtypes, ``device``, ``Size`` and
            dicts, ``OrderedDict``\ s, lists and tuples of them and of plain values.
        f: a path (``str`` or ``os.PathLike``), written atomically (a temporary file in the same
            directory, then ``os.replace``), or a writable binary file object.

    Tensors that share memory share one storage in the file, so they share it again once loaded.
    Objects ``ember.load`` could not read back raise :class:`pickle.PicklingError` and write nothing.
    """
    if pickle_module is not None or not _use_new_zipfile_serialization:
        raise ValueError("ember.save writes only the zip format with its own pickler")
    if isinstance(f, (str, os.PathLike)):
        with atomic_path(f) as tmp, open(tmp, "wb") as out:
            _write_archive(obj, out)
        return
    if not hasattr(f, "write"):
        raise AttributeError(f"expected 'f' to be string, path, or a file-like object with a 'write' attribute, "
                             f"got {type(f).__name__}")
    _write_archive(obj, f)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------------
# load
class _StorageType:
    __slots__ = ("dtype",)

    def __init__(self, dt: _dtype.dtype) -> None:
        self.dtype = dt


def _refuse(what: str) -> pickle.UnpicklingError:
    return pickle.UnpicklingError(
        f"Weights only load failed. ember.load runs no code from the file and admits only what a weights "
        f"file needs (tensors, Parameters, OrderedDict, dtypes, device, Size, plain containers and values). "
        f"{what}")


def _rebuild_tensor_v2(storage: Any, storage_offset: Any, size: Any, stride: Any, requires_grad: Any = False,
                       backward_hooks: Any = None, metadata: Any = None) -> Tensor:
    if not isinstance(storage, np.ndarray):
        raise _refuse(f"_rebuild_tensor_v2 expects a storage, got {type(storage).__name__}")
    if not (isinstance(size, tuple) and isinstance(stride, tuple) and len(size) == len(stride)
            and all(type(v) is int for v in size + stride) and type(storage_offset) is int):
        raise _refuse("_rebuild_tensor_v2 got a malformed size/stride/offset")
    if any(s < 0 for s in size) or any(s < 0 for s in stride) or storage_offset < 0:
        raise _refuse("_rebuild_tensor_v2 got a negative size, stride or offset")
    if backward_hooks:
        raise _refuse("tensors with backward hooks cannot be loaded")
    n = storage.size
    if all(size):
        last = storage_offset + sum((s - 1) * st for s, st in zip(size, stride))
        if last >= n:
            raise RuntimeError(f"setStorage: sizes {list(size)}, strides {list(stride)}, storage offset "
                               f"{storage_offset} need {last + 1} elements, but the storage has {n}")
    isz = storage.itemsize
    data = np.ndarray(size, storage.dtype, buffer=storage, offset=min(storage_offset, n) * isz,
                      strides=tuple(s * isz for s in stride)) if all(size) else \
        np.empty(size, storage.dtype)
    t = make(data)
    if requires_grad:
        t.requires_grad_(True)
    return t


def _rebuild_parameter(data: Any, requires_grad: Any, backward_hooks: Any = None) -> Tensor:
    from .nn.parameter import Parameter  # deferred: nn sits above this module
    if not isinstance(data, Tensor):
        raise _refuse("_rebuild_parameter expects a tensor")
    if backward_hooks:
        raise _refuse("parameters with backward hooks cannot be loaded")
    return Parameter(data, bool(requires_grad))


def _rebuild_parameter_with_state(data: Any, requires_grad: Any, backward_hooks: Any, state: Any) -> Tensor:
    p = _rebuild_parameter(data, requires_grad, backward_hooks)
    if state:
        raise _refuse("parameters with extra Python state cannot be loaded")
    return p


def _encode(s: Any, encoding: Any = "utf-8") -> bytes:
    if not isinstance(s, str) or encoding != "latin1":
        raise _refuse("_codecs.encode is admitted only as protocol 2's bytes encoding (str, 'latin1')")
    return s.encode("latin1")


def _device(*args: Any) -> device:
    if not all(isinstance(a, (str, int)) for a in args):
        raise _refuse("torch.device got a malformed argument")
    return device(*args)


def _size(*args: Any) -> Size:
    if len(args) != 1 or not isinstance(args[0], (tuple, list)) or not all(type(v) is int for v in args[0]):
        raise _refuse("torch.Size got a malformed argument")
    return Size(args[0])


def _ordered_dict(*args: Any) -> OrderedDict:
    if args:
        raise _refuse("collections.OrderedDict is admitted only empty (its items follow as SETITEMS)")
    return OrderedDict()


def _complex(*args: Any) -> complex:
    if not (1 <= len(args) <= 2 and all(type(a) in (int, float) for a in args)):
        raise _refuse("builtins.complex got a malformed argument")
    return complex(*args)


def _set(*args: Any) -> set:
    if len(args) > 1 or (args and not isinstance(args[0], list)):
        raise _refuse("builtins.set is admitted only over a list")
    return set(*args)


def _bytearray(*args: Any) -> bytearray:
    if len(args) > 1 or (args and not isinstance(args[0], bytes)):
        raise _refuse("builtins.bytearray is admitted only over bytes")
    return bytearray(*args)


_CALLABLE: dict[tuple[str, str], Callable[..., Any]] = {
    ("collections", "OrderedDict"): _ordered_dict,
    ("torch._utils", "_rebuild_tensor_v2"): _rebuild_tensor_v2,
    ("torch._utils", "_rebuild_parameter"): _rebuild_parameter,
    ("torch._utils", "_rebuild_parameter_with_state"): _rebuild_parameter_with_state,
    ("_codecs", "encode"): _encode,
    ("torch", "device"): _device,
    ("torch", "Size"): _size,
    ("builtins", "complex"): _complex,
    ("builtins", "set"): _set,
    ("builtins", "bytearray"): _bytearray,
}
_CALLABLE_IDS = {id(fn) for fn in _CALLABLE.values()}
_VALUES: dict[tuple[str, str], Any] = {("torch", d.name): d for d in _dtype.ALL}
_VALUES.update({("torch", name): _StorageType(d) for name, d in _STORAGE_NAMES.items()})


class _Unpickler(pickle._Unpickler):  # type: ignore[name-defined]  # pure-Python: its opcode table is ours
    dispatch = pickle._Unpickler.dispatch.copy()  # type: ignore[attr-defined]
    stack: list[Any]                       # the pure-Python unpickler's state, declared for type checkers
    pop_mark: Callable[[], list[Any]]

    def __init__(self, data: bytes, storage: Callable[[str, _dtype.dtype, int], np.ndarray]) -> None:
        super().__init__(io.BytesIO(data), encoding="utf-8")
        self._storage = storage

    def find_class(self, module: str, name: str) -> Any:
        key = ("builtins" if module == "__builtin__" else module, name)   # protocol 2's Python 2 name
        if key in _CALLABLE:
            return _CALLABLE[key]
        if key in _VALUES:
            return _VALUES[key]
        raise _refuse(f"Unsupported global: GLOBAL {module}.{name} was not an allowed global.")

    def persistent_load(self, pid: Any) -> Any:
        if not (isinstance(pid, tuple) and len(pid) == 5 and pid[0] == "storage"
                and isinstance(pid[1], _StorageType) and isinstance(pid[2], str) and isinstance(pid[3], str)
                and type(pid[4]) is int and pid[4] >= 0):
            raise _refuse(f"malformed persistent id {pid!r:.200}")
        return self._storage(pid[2], pid[1].dtype, pid[4])

    def _load_reduce(self) -> None:
        stack = self.stack
        args = stack.pop()
        func = stack[-1]
        if id(func) not in _CALLABLE_IDS or not isinstance(args, tuple):
            raise _refuse(f"REDUCE may only call the admitted rebuild functions, not {type(func).__name__}")
        stack[-1] = func(*args)

    def _load_build(self) -> None:
        state = self.stack.pop()
        inst = self.stack[-1]
        if not (type(inst) is OrderedDict and isinstance(state, dict)
                and all(isinstance(k, str) and not k.startswith("__") for k in state)):
            raise _refuse(f"BUILD is admitted only for an OrderedDict's attributes, not {type(inst).__name__}")
        for k, v in state.items():
            setattr(inst, k, v)

    def _load_setitems(self) -> None:
        items = self.pop_mark()
        target = self.stack[-1]
        if not isinstance(target, dict):
            raise _refuse(f"SETITEMS on a {type(target).__name__}, not a dict")
        for i in range(0, len(items) - 1, 2):
            target[items[i]] = items[i + 1]

    def _load_setitem(self) -> None:
        value = self.stack.pop()
        key = self.stack.pop()
        target = self.stack[-1]
        if not isinstance(target, dict):
            raise _refuse(f"SETITEM on a {type(target).__name__}, not a dict")
        target[key] = value

    def _load_appends(self) -> None:
        items = self.pop_mark()
        target = self.stack[-1]
        if not isinstance(target, list):
            raise _refuse(f"APPENDS on a {type(target).__name__}, not a list")
        target.extend(items)

    def _load_append(self) -> None:
        value = self.stack.pop()
        target = self.stack[-1]
        if not isinstance(target, list):
            raise _refuse(f"APPEND on a {type(target).__name__}, not a list")
        target.append(value)

    def _load_additems(self) -> None:
        items = self.pop_mark()
        target = self.stack[-1]
        if not isinstance(target, set):
            raise _refuse(f"ADDITEMS on a {type(target).__name__}, not a set")
        target.update(items)

    def _load_refused(self) -> None:
        raise _refuse("the pickle uses an opcode that constructs arbitrary objects (INST/OBJ/NEWOBJ/EXT).")

    dispatch[pickle.REDUCE[0]] = _load_reduce
    dispatch[pickle.BUILD[0]] = _load_build
    dispatch[pickle.SETITEMS[0]] = _load_setitems
    dispatch[pickle.SETITEM[0]] = _load_setitem
    dispatch[pickle.APPENDS[0]] = _load_appends
    dispatch[pickle.APPEND[0]] = _load_append
    dispatch[pickle.ADDITEMS[0]] = _load_additems
    for _op in (pickle.INST, pickle.OBJ, pickle.NEWOBJ, pickle.NEWOBJ_EX, pickle.EXT1, pickle.EXT2, pickle.EXT4):
        dispatch[_op[0]] = _load_refused
    del _op


def _open_zip(f: Any) -> tuple[zipfile.ZipFile, str | None, int]:
    if isinstance(f, (str, os.PathLike)):
        path = os.fspath(f)
        with open(path, "rb") as fh:
            magic = fh.read(4)
        if magic != b"PK\x03\x04":
            raise RuntimeError(_not_zip(magic))
        return zipfile.ZipFile(path, "r"), path, os.path.getsize(path)
    pos = f.tell()
    magic = f.read(4)
    total = f.seek(0, 2) - pos
    f.seek(pos)
    if magic != b"PK\x03\x04":
        raise RuntimeError(_not_zip(magic))
    return zipfile.ZipFile(f, "r"), None, total


def _not_zip(magic: bytes) -> str:
    return (f"ember.load: not a PyTorch zip checkpoint (the file starts with {magic!r}, not the zip magic "
            f"b'PK\\x03\\x04'); the legacy pre-1.6 format, TorchScript and truncated files are not supported")


def _data_offset(path: str, info: zipfile.ZipInfo) -> int:
    with open(path, "rb") as fh:
        fh.seek(info.header_offset)
        head = fh.read(30)
    if len(head) != 30 or head[:4] != b"PK\x03\x04":
        raise RuntimeError(f"ember.load: corrupt local header for {info.filename}")
    n, e = struct.unpack("<HH", head[26:30])
    return info.header_offset + 30 + n + e


def _load_archive(z: zipfile.ZipFile, path: str | None, mmap: bool, total: int) -> Any:
    infos = {i.filename: i for i in z.infolist()}
    for i in infos.values():
        if i.header_offset < 0 or i.file_size < 0 or i.header_offset + i.file_size > total:
            raise RuntimeError(f"ember.load: record {i.filename} declares {i.file_size} bytes, more than the "
                               f"{total}-byte file holds (truncated or corrupt archive)")
    pkl = [n for n in infos if n.endswith("data.pkl") and n.count("/") == 1]
    if len(pkl) != 1:
        raise RuntimeError("ember.load: the archive has no (or several) <archive>/data.pkl records: "
                           "not a PyTorch checkpoint")
    prefix = pkl[0][:-len("data.pkl")]
    for info in infos.values():
        if info.compress_type != zipfile.ZIP_STORED:
            raise RuntimeError(f"ember.load: record {info.filename} is compressed; PyTorch checkpoints store "
                               f"records uncompressed")
    bo = infos.get(prefix + "byteorder")
    if bo is not None and z.read(bo) not in (b"little", b"big"):
        raise RuntimeError("ember.load: unknown byteorder record")
    big = bo is not None and z.read(bo) == b"big"
    info = infos[pkl[0]]
    if info.file_size > _MAX_PICKLE:
        raise RuntimeError(f"ember.load: data.pkl declares {info.file_size} bytes, over the {_MAX_PICKLE} limit")
    data = z.read(info)
    cache: dict[str, np.ndarray] = {}

    def storage(key: str, dt: _dtype.dtype, numel: int) -> np.ndarray:
        got = cache.get(key)
        if got is not None:
            if got.dtype != dt.np:
                raise _refuse(f"storage {key} is referenced with two dtypes")
            return got
        rec = infos.get(f"{prefix}data/{key}")
        if rec is None:
            raise RuntimeError(f"ember.load: the archive has no record for storage {key!r}")
        if rec.file_size != numel * dt.itemsize:
            raise RuntimeError(f"ember.load: storage {key!r} holds {rec.file_size} bytes, but {numel} elements of "
                               f"{dt} need {numel * dt.itemsize}")
        npd = dt.np.newbyteorder(">") if big else dt.np
        if mmap and path is not None and numel:
            arr = np.memmap(path, dtype=npd, mode="c", offset=_data_offset(path, rec),
                            shape=(numel,)).view(np.ndarray)
        else:
            arr = np.frombuffer(bytearray(z.read(rec)), dtype=npd)
        if big:
            arr = arr.astype(dt.np)
        cache[key] = arr
        return arr

    try:
        return _Unpickler(data, storage).load()
    except (pickle.UnpicklingError, RuntimeError, zipfile.BadZipFile):
        raise
    except Exception as e:    # malformed pickles: stack underflow, bad memo keys, short reads...
        raise pickle.UnpicklingError(f"ember.load: malformed data.pkl ({type(e).__name__}: {e})") from e


def load(f: FileLike, map_location: Any = None, pickle_module: Any = None, *, weights_only: bool | None = True,
         mmap: bool | None = None, **pickle_load_args: Any) -> Any:
    r"""Loads an object saved with :func:`ember.save` or ``torch.save`` (the zip format).

    Only what a weights file needs is admitted (tensors, ``nn.Parameter``, ``OrderedDict``, dtypes,
    ``device``, ``Size``, plain containers and values); any other global in the pickle raises
    :class:`pickle.UnpicklingError` naming it, and nothing from the file is ever called.

    Args:
        f: a path (``str`` or ``os.PathLike``) or a readable, seekable binary file object.
        map_location: ``None``, ``'cpu'`` or ``ember.device('cpu')`` (ember has only the CPU).
        weights_only: must be True (or None): ``weights_only=False`` would run arbitrary code.
        mmap: map storages from the file (copy-on-write) instead of reading them; ``f`` must be a path.
    """
    if weights_only is False:
        raise pickle.UnpicklingError(
            "ember.load(weights_only=False) is refused: unpickling arbitrary objects runs code from the file. "
            "ember.load reads only weights (tensors and plain containers), as torch.load(weights_only=True)")
    if pickle_module is not None or pickle_load_args:
        raise TypeError("ember.load takes no pickle_module or extra pickle arguments")
    if map_location is not None:
        ok = map_location == "cpu" or (isinstance(map_location, device) and map_location.type == "cpu")
        if not ok:
            raise RuntimeError(f"ember.load: map_location={map_location!r} is not supported; ember has only the CPU "
                               f"(use None, 'cpu' or ember.device('cpu'))")
    if mmap and not isinstance(f, (str, os.PathLike)):
        raise ValueError("f must be a file path in order to use the mmap argument")
    if isinstance(f, (str, os.PathLike)):
        open(os.fspath(f), "rb").close()          # a missing file is FileNotFoundError, as in torch
    elif not (hasattr(f, "read") and hasattr(f, "seek")):
        raise AttributeError(f"expected 'f' to be string, path, or a file-like object with 'read' and 'seek', "
                             f"got {type(f).__name__}")
    try:
        z, path, total = _open_zip(f)
        with z:
            return _load_archive(z, path, bool(mmap), total)
    except (pickle.UnpicklingError, RuntimeError):
        raise
    except Exception as e:   # zipfile's errors on a damaged archive: BadZipFile, bad seeks, short reads...
        raise RuntimeError(f"ember.load: corrupt or truncated checkpoint ({type(e).__name__}: {e})") from e
