"""torch's process settings and small utilities that real programs call, loaded on first use (``ember/__init__``'s
lazy table): threads, dtype promotion queries, determinism, the default device, anomaly mode, warn-always,
``typename``, ``is_storage``, matmul precision, ``set_flush_denormal``, ``asarray``, ``frombuffer``,
``range`` and ``compile``.

ember runs on NumPy in one Python thread: the settings that steer torch's kernels (threads, determinism,
matmul precision, anomaly mode) are kept and reported back as torch does, and change nothing in how ember
computes (its kernels are deterministic and full precision; its engine has no anomaly checks).
"""
from __future__ import annotations

import math
import os
import threading
import warnings
from typing import Any, Callable

import numpy as np

from . import _dtype
from ._dtype import PROMOTE, dtype as _dtype_cls, get_default_dtype
from ._grad_mode import no_grad
from ._tensor import Tensor, device as _device
from ._tensor_data import _finish, _tp_name, check_device, dtype_arg, from_numpy, tensor

__all__ = ["get_num_threads", "set_num_threads", "get_num_interop_threads", "set_num_interop_threads",
           "promote_types", "can_cast", "use_deterministic_algorithms", "are_deterministic_algorithms_enabled",
           "is_deterministic_algorithms_warn_only_enabled", "set_deterministic_debug_mode",
           "get_deterministic_debug_mode", "set_default_device", "get_default_device", "is_anomaly_enabled",
           "set_anomaly_enabled", "is_anomaly_check_nan_enabled", "set_warn_always", "is_warn_always_enabled",
           "typename", "is_storage", "set_float32_matmul_precision", "get_float32_matmul_precision",
           "set_flush_denormal", "asarray", "frombuffer", "range", "compile"]

def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:      # not Linux
        return os.cpu_count() or 1


_SETTINGS: dict = {"threads": _cores(), "interop": _cores(), "interop_set": False, "deterministic": False,
                   "warn_only": False, "anomaly": False, "check_nan": True, "warn_always": False,
                   "matmul_precision": "highest", "device": None}
_LOCK = threading.Lock()
_WARNED: set = set()


def _warn_once(key: str, message: str, stacklevel: int = 3) -> None:
    """torch's TORCH_WARN_ONCE: once per process, unless :func:`set_warn_always` is on."""
    with _LOCK:
        if key in _WARNED and not _SETTINGS["warn_always"]:
            return
        _WARNED.add(key)
    warnings.warn(message, UserWarning, stacklevel=stacklevel)


# ------------------------------------------------------------------------------------------- threads
def _thread_count(name: str, n: Any) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise RuntimeError(f"{name} expects an int, but got {_tp_name(n)}")
    if n <= 0:
        raise RuntimeError(f"{name} expects a positive integer")
    return n


def get_num_threads() -> int:
    """The number of threads torch would use for intra-op parallelism (ember computes in one thread)."""
    return _SETTINGS["threads"]


def set_num_threads(int: int) -> None:  # noqa: A002  (torch's parameter name)
    """Set the number :func:`get_num_threads` reports (ember's NumPy kernels are not steered by it)."""
    _SETTINGS["threads"] = _thread_count("set_num_threads", int)


def get_num_interop_threads() -> int:
    """The number of threads torch would use for inter-op parallelism."""
    return _SETTINGS["interop"]


def set_num_interop_threads(int: int) -> None:  # noqa: A002
    """Set the number :func:`get_num_interop_threads` reports; as in torch, only once per process."""
    n = _thread_count("set_num_interop_threads", int)
    if _SETTINGS["interop_set"]:
        raise RuntimeError("Error: cannot set number of interop threads after parallel work has started or "
                           "set_num_interop_threads called")
    _SETTINGS["interop"], _SETTINGS["interop_set"] = n, True


# ---------------------------------------------------------------------------------------------- dtypes
def _dtype_param(fname: str, pname: str, pos: int, value: Any) -> _dtype_cls:
    if not isinstance(value, _dtype_cls):
        raise TypeError(f"{fname}(): argument '{pname}' (position {pos}) must be torch.dtype, not {_tp_name(value)}")
    return value


def promote_types(type1: _dtype_cls, type2: _dtype_cls) -> _dtype_cls:
    """The smallest dtype to which both ``type1`` and ``type2`` can be promoted (torch's promotion table).

    Raises:
        RuntimeError: for the unsigned types torch does not promote (uint16/32/64 with another integer).
    """
    return PROMOTE[_dtype_param("promote_types", "type1", 1, type1), _dtype_param("promote_types", "type2", 2, type2)]


def can_cast(from_: _dtype_cls, to: _dtype_cls) -> bool:
    """Whether torch's type promotion allows casting ``from_`` to ``to``: never complex to non-complex,
    floating to integral, or non-bool to bool."""
    a, b = _dtype_param("can_cast", "from_", 1, from_), _dtype_param("can_cast", "to", 2, to)
    if a.is_complex and not b.is_complex:
        return False
    if a.is_floating_point and not (b.is_floating_point or b.is_complex):
        return False
    return not (a is not _dtype.bool and b is _dtype.bool)


# ------------------------------------------------------------------------------------------ determinism
def use_deterministic_algorithms(mode: bool, *, warn_only: bool = False) -> None:
    """Record torch's "deterministic algorithms" setting. ember's kernels are deterministic already (no
    kernel raises or warns under it), so the setting is only reported back."""
    if not isinstance(mode, bool):
        raise TypeError(f"_set_deterministic_algorithms(): argument 'mode' (position 1) must be bool, not "
                        f"{_tp_name(mode)}")
    if not isinstance(warn_only, bool):
        raise TypeError(f"_set_deterministic_algorithms(): argument 'warn_only' must be bool, not "
                        f"{_tp_name(warn_only)}")
    _SETTINGS["deterministic"], _SETTINGS["warn_only"] = mode, mode and warn_only


def are_deterministic_algorithms_enabled() -> bool:
    """Whether :func:`use_deterministic_algorithms` was turned on."""
    return _SETTINGS["deterministic"]


def is_deterministic_algorithms_warn_only_enabled() -> bool:
    """Whether :func:`use_deterministic_algorithms` was turned on with ``warn_only=True``."""
    return _SETTINGS["warn_only"]


_DEBUG_MODES = {"default": 0, "warn": 1, "error": 2}


def set_deterministic_debug_mode(debug_mode: str | int) -> None:
    """``"default"``/0 (off), ``"warn"``/1 or ``"error"``/2: :func:`use_deterministic_algorithms` with
    ``warn_only`` set accordingly."""
    if isinstance(debug_mode, str):
        if debug_mode not in _DEBUG_MODES:
            raise RuntimeError(f"invalid value of debug_mode, expected one of `default`, `warn`, `error`, but got "
                               f"{debug_mode}")
        debug_mode = _DEBUG_MODES[debug_mode]
    elif not isinstance(debug_mode, int):
        raise TypeError(f"debug_mode must be str or int, but got {type(debug_mode)}")
    if debug_mode not in (0, 1, 2):
        raise RuntimeError(f"invalid value of debug_mode, expected 0, 1, or 2, but got {debug_mode}")
    use_deterministic_algorithms(debug_mode != 0, warn_only=debug_mode == 1)


def get_deterministic_debug_mode() -> int:
    """0 (default), 1 (warn) or 2 (error): the setting :func:`set_deterministic_debug_mode` made."""
    if not _SETTINGS["deterministic"]:
        return 0
    return 1 if _SETTINGS["warn_only"] else 2


# --------------------------------------------------------------------------------------- default device
def set_default_device(device: Any) -> None:
    """Set the default device: the CPU (or ``None``, back to the default); any other device raises torch's
    error for a device this build lacks (torch raises it at the first factory call instead)."""
    if device is None:
        _SETTINGS["device"] = None
        return
    d = device if isinstance(device, _device) else _device(device)
    check_device(d)
    _SETTINGS["device"] = d


def get_default_device() -> _device:
    """The default device: ``device(type='cpu')`` unless :func:`set_default_device` named an index."""
    d = _SETTINGS["device"]
    return _device("cpu") if d is None else d


# ------------------------------------------------------------------------------------ anomaly, warnings
def set_anomaly_enabled(enabled: bool, check_nan: bool = True) -> None:
    """Record torch's anomaly-detection flags (ember's engine runs no anomaly checks)."""
    _SETTINGS["anomaly"], _SETTINGS["check_nan"] = bool(enabled), bool(check_nan)


def is_anomaly_enabled() -> bool:
    """Whether :func:`set_anomaly_enabled` turned anomaly detection on."""
    return _SETTINGS["anomaly"]


def is_anomaly_check_nan_enabled() -> bool:
    """The ``check_nan`` flag of :func:`set_anomaly_enabled` (True by default)."""
    return _SETTINGS["check_nan"]


def set_warn_always(b: bool) -> None:
    """Warnings torch gives once per process (``asarray``'s, ``frombuffer``'s) are given every time if ``b``."""
    _SETTINGS["warn_always"] = bool(b)


def is_warn_always_enabled() -> bool:
    """Whether :func:`set_warn_always` is on."""
    return _SETTINGS["warn_always"]


# --------------------------------------------------------------------------------------------- queries
def typename(obj: Any, /) -> str:
    """The fully qualified type name of ``obj``: a tensor's ``type()`` (``'torch.FloatTensor'``), else
    ``module.qualname``."""
    if isinstance(obj, Tensor):
        return obj.type()
    module = getattr(obj, "__module__", "") or ""
    if hasattr(obj, "__qualname__"):
        qualname = obj.__qualname__
    elif hasattr(obj, "__name__"):
        qualname = obj.__name__
    else:
        module, qualname = obj.__class__.__module__ or "", obj.__class__.__qualname__
    return qualname if module in ("", "builtins") else f"{module}.{qualname}"


def is_storage(obj: Any, /) -> bool:
    """False: ember has no storage objects (a tensor's memory is its NumPy array)."""
    return False


def set_float32_matmul_precision(precision: str) -> None:
    """Record ``"highest"``, ``"high"`` or ``"medium"`` (ember's matmuls always run in full float32)."""
    if precision not in ("highest", "high", "medium"):
        warnings.warn(f"{precision} is not one of 'highest', 'high', or 'medium'; the current"
                      "setFloat32MatmulPrecision call has no effect.", UserWarning, stacklevel=2)
        return
    _SETTINGS["matmul_precision"] = precision


def get_float32_matmul_precision() -> str:
    """The setting :func:`set_float32_matmul_precision` made (``"highest"`` by default)."""
    return _SETTINGS["matmul_precision"]


def set_flush_denormal(mode: bool) -> bool:
    """Whether flushing denormals to zero could be set: always False in ember, which cannot set the
    CPU's flush mode under NumPy (torch returns True on x86 CPUs with SSE3)."""
    return False


# ------------------------------------------------------------------------------- asarray, frombuffer
def _legacy_name(d) -> str:
    return _dtype.from_numpy_dtype(np.dtype(d))._legacy[:-6]


def _buffer_array(buffer: Any, npd: np.dtype, count: int, offset: int) -> np.ndarray:
    """The elements of ``buffer`` (anything with the buffer protocol), as torch's frombuffer reads them."""
    try:
        view = memoryview(buffer)
    except TypeError:
        raise ValueError("object does not implement Python buffer protocol.") from None
    length, size = view.nbytes, npd.itemsize
    if length <= 0 or count == 0:
        raise ValueError(f"both buffer length ({length}) and count ({count}) must not be 0")
    if offset < 0 or offset >= length:
        raise ValueError(f"offset ({offset} bytes) must be non-negative and no greater than buffer length "
                         f"({length} bytes) minus 1")
    if count < 0:
        if (length - offset) % size != 0:
            raise ValueError(f"buffer length ({length - offset} bytes) after offset ({offset} bytes) must be a "
                             f"multiple of element size ({size})")
        count = (length - offset) // size
    elif length - offset < count * size:
        raise ValueError(f"requested buffer length ({count} * {size} bytes) after offset ({offset} bytes) must not "
                         f"be greater than actual buffer length ({length} bytes)")
    arr = np.frombuffer(view.cast("B") if view.ndim != 1 or view.format != "B" else view, dtype=npd, count=count,
                        offset=offset)
    if view.readonly:
        _warn_once("frombuffer", "The given buffer is not writable, and PyTorch does not support non-writable "
                   "tensors. This means you can write to the underlying (supposedly non-writable) buffer using the "
                   "tensor. You may want to copy the buffer to protect its data or make it writable before "
                   "converting it to a tensor. This type of warning will be suppressed for the rest of this "
                   "program.", stacklevel=4)
        arr = arr.copy()        # NumPy refuses writes into a read-only buffer; torch's writes would be UB
    return arr


def frombuffer(buffer: Any, *, dtype: _dtype_cls = None, count: int = -1, offset: int = 0,  # type: ignore[assignment]
               requires_grad: bool = False) -> Tensor:
    """A 1-D tensor over the bytes of an object with the buffer protocol (``bytearray``, ``array.array``,
    ``memoryview``...), sharing its memory: writes through one show in the other.

    Args:
        buffer (object): the object exposing the buffer.

    Keyword args:
        dtype (ember.dtype): the element type the bytes are read as.
        count (int, optional): how many elements to read; -1 (default) reads them all.
        offset (int, optional): how many bytes to skip first. Default: 0.
        requires_grad (bool, optional): Default: ``False``.

    A read-only buffer (``bytes``) is copied, with torch's warning (torch would write into it).
    """
    if dtype is None:       # required, as torch's signature says (keyword-only)
        raise TypeError('frombuffer() missing 1 required positional arguments: "dtype"')
    d = dtype_arg(dtype, "frombuffer")
    return _finish(_buffer_array(buffer, d.np, count, offset), requires_grad)


def _has_buffer(obj: Any) -> bool:
    if isinstance(obj, (np.ndarray, np.generic, str, list, tuple, int, float, complex, bool)):
        return False
    try:
        memoryview(obj)
    except TypeError:
        return False
    return True


def asarray(obj: Any, *, dtype: _dtype_cls | None = None, device: Any = None, copy: bool | None = None,
            requires_grad: bool | None = None) -> Tensor:
    """Convert ``obj`` to a tensor, sharing memory where it can.

    A tensor is returned itself (``copy=True``, or another ``dtype``, copy it, recorded as ``CloneBackward0``
    or ``ToCopyBackward0``); a NumPy array is shared when its dtype is kept; an object with the buffer
    protocol is read as :func:`frombuffer` reads it (its bytes as ``dtype``, the default float dtype if
    none); sequences and scalars are copied as :func:`ember.tensor` reads them.

    Args:
        obj: a tensor, NumPy array, buffer object, scalar or (nested) sequence.

    Keyword args:
        dtype (ember.dtype, optional): the result's dtype. Default: ``obj``'s own.
        device (optional): only the CPU is accepted.
        copy (bool, optional): True always copies; False never does (raising ValueError where it must);
            None (default) copies only when needed.
        requires_grad (bool, optional): Default: ``obj.requires_grad`` for a tensor (with torch's warning
            when that is True), else False. On a tensor returned itself it is set in place, as in torch.
    """
    check_device(device)
    d = dtype_arg(dtype, "asarray")
    if isinstance(obj, Tensor):
        if requires_grad is None and obj._requires_grad:
            _warn_once("asarray", "torch.asarray: unspecified requires_grad now defaults to obj.requires_grad "
                       "instead of False. Pass requires_grad=False explicitly to get the old behavior and silence "
                       "this warning.")
        rg = obj._requires_grad if requires_grad is None else bool(requires_grad)
        if rg and not ((d or obj.dtype).is_floating_point or (d or obj.dtype).is_complex):
            raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
        wrong_dtype = d is not None and d is not obj.dtype
        if copy is False and wrong_dtype:
            raise ValueError(f"can't alias tensor with dtype '{obj.dtype._legacy[:-6]}' into dtype "
                             f"'{d._legacy[:-6]}'.")
        result = obj.to(d, copy=bool(copy)) if wrong_dtype else obj.clone() if copy else obj
        if result.grad_fn is None:
            return result.requires_grad_(rg) if rg or result._requires_grad else result
        return result if rg else result.detach()
    if isinstance(obj, np.ndarray):
        if d is None or d.np == obj.dtype:
            return _finish(np.array(obj) if copy else from_numpy(obj)._data, bool(requires_grad))
        if copy is False:
            raise ValueError(f"can't alias tensor with dtype '{_legacy_name(obj.dtype)}' into dtype "
                             f"'{d._legacy[:-6]}'.")
        return tensor(obj, dtype=d, requires_grad=bool(requires_grad))
    if _has_buffer(obj):
        arr = _buffer_array(obj, (d or get_default_dtype()).np, -1, 0)
        return _finish(arr.copy() if copy else arr, bool(requires_grad))
    if copy is False:
        raise ValueError("can't alias arbitrary sequence into a tensor.")
    return tensor(obj, dtype=d, requires_grad=bool(requires_grad))


# ------------------------------------------------------------------------------------------------ range
def range(start: float = 0, end: float | None = None, step: float = 1, *, dtype: _dtype_cls | None = None,  # noqa: A001
          device: Any = None, requires_grad: bool = False, out: Tensor | None = None, layout: Any = None) -> Tensor:
    """Deprecated (with torch's warning): the values ``start, start + step, ...`` up to and *including*
    ``end``, in the default float dtype unless ``dtype`` is given. Use :func:`ember.arange`.

    Args:
        start (Number): the first value. Default: 0.
        end (Number): the last value (included).
        step (Number): the gap between values. Default: 1.
    """
    if end is None:
        raise TypeError('range() missing 1 required positional arguments: "end"')
    warnings.warn("torch.range is deprecated and will be removed in a future release because its behavior is "
                  "inconsistent with Python's range builtin. Instead, use torch.arange, which produces values in "
                  "[start, end).", UserWarning, stacklevel=2)
    check_device(device)
    d = dtype_arg(dtype, "range") or get_default_dtype()
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if (step > 0 and start > end) or (step < 0 and start < end):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    n = int(math.floor((float(end) - float(start)) / float(step))) + 1
    values = float(start) + float(step) * np.arange(n, dtype=np.float64)   # in double, as ATen's accscalar
    if d.is_floating_point or d.is_complex:
        data = values.astype(d.np)
    else:
        data = (int(start) + int(step) * np.arange(n, dtype=np.int64)).astype(d.np)
    result = _finish(data, requires_grad)
    if out is not None:
        with no_grad():
            out.resize_(result.shape).copy_(result)
        return out
    return result


# ---------------------------------------------------------------------------------------------- compile
def compile(model: Callable | None = None, *, fullgraph: bool = False, dynamic: bool | None = None,  # noqa: A001
            backend: Any = "inductor", mode: str | None = None, options: dict | None = None,
            disable: bool = False) -> Any:
    """ember has no compiler: returns ``model`` (a module or a function) unchanged, so code written for
    ``torch.compile`` runs eagerly. As a decorator it works bare (``@ember.compile``) and with arguments
    (``@ember.compile(mode="max-autotune")``); the arguments are accepted and ignored.
    """
    if model is None:
        return lambda fn: fn
    return model

