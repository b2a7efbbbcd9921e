"""``ember.accelerator``: torch 2.13's device-agnostic accelerator API, as a CPU-only build answers
it: no accelerator is available, and the calls that need one raise torch's ``RuntimeError``."""
from __future__ import annotations

import warnings
from typing import Any

from ._tensor import device as _device

__all__ = ["current_accelerator", "current_device_idx", "current_device_index", "current_stream", "device_count",
           "device_index", "empty_cache", "empty_host_cache", "get_device_capability", "get_memory_info",
           "is_available", "max_memory_allocated", "max_memory_reserved", "memory_allocated", "memory_reserved",
           "memory_stats", "reset_accumulated_memory_stats", "reset_peak_memory_stats", "set_device_idx",
           "set_device_index", "set_stream", "synchronize"]

_NONE = "Cannot access accelerator device when none is available."


def _needs_accelerator(name: str, what: str):
    def fn(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(_NONE)
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"{what}: raises torch's ``RuntimeError`` (no accelerator is available)."
    return fn


def is_available() -> bool:
    """Return whether an accelerator is available: ``False`` (ember runs on the CPU)."""
    return False


def current_accelerator(check_available: bool = False) -> "_device | None":
    """Return the accelerator's device type: ``None``, as a CPU-only torch answers."""
    return None


def device_count() -> int:
    """Return the number of accelerator devices: ``0``."""
    return 0


def current_device_index() -> int:
    """Return the current accelerator device's index: raises torch's ``RuntimeError`` (none available)."""
    raise RuntimeError(_NONE)


def current_device_idx() -> int:
    """Deprecated spelling of :func:`current_device_index`."""
    warnings.warn("Use `current_device_index` instead.", FutureWarning, stacklevel=2)
    return current_device_index()


def set_device_index(device: Any, /) -> None:
    """Select the current accelerator device: raises torch's ``RuntimeError`` (none available)."""
    raise RuntimeError(_NONE)


def set_device_idx(device: Any, /) -> None:
    """Deprecated spelling of :func:`set_device_index`."""
    warnings.warn("Use `set_device_index` instead.", FutureWarning, stacklevel=2)
    set_device_index(device)


synchronize = _needs_accelerator("synchronize", "Wait for the accelerator's work to finish")
current_stream = _needs_accelerator("current_stream", "Return the accelerator's current stream")
set_stream = _needs_accelerator("set_stream", "Set the accelerator's current stream")
empty_cache = _needs_accelerator("empty_cache", "Release the accelerator allocator's cached memory")
empty_host_cache = _needs_accelerator("empty_host_cache", "Release the pinned host memory cache")
get_device_capability = _needs_accelerator("get_device_capability", "Return the accelerator's capabilities")
get_memory_info = _needs_accelerator("get_memory_info", "Return the accelerator's free and total memory")
memory_stats = _needs_accelerator("memory_stats", "Return the accelerator allocator's statistics")
memory_allocated = _needs_accelerator("memory_allocated", "Return the memory occupied by tensors")
max_memory_allocated = _needs_accelerator("max_memory_allocated", "Return the peak memory occupied by tensors")
memory_reserved = _needs_accelerator("memory_reserved", "Return the memory held by the allocator")
max_memory_reserved = _needs_accelerator("max_memory_reserved", "Return the peak memory held by the allocator")
reset_accumulated_memory_stats = _needs_accelerator("reset_accumulated_memory_stats",
                                                    "Reset the allocator's accumulated statistics")
reset_peak_memory_stats = _needs_accelerator("reset_peak_memory_stats", "Reset the allocator's peak statistics")


class device_index:
    """Context manager that selects an accelerator device: ``None`` does nothing; an index raises torch's
    ``RuntimeError`` on entering (none available).

    Args:
        device (int or None): the device index to select.
    """

    def __init__(self, device: "int | None", /) -> None:
        self.idx = device
        self.prev_idx = -1

    def __enter__(self) -> None:
        if self.idx is not None:
            raise RuntimeError(_NONE)

    def __exit__(self, *exc: Any) -> bool:
        return False
