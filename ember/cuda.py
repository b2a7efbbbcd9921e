"""``ember.cuda``: the answers of a torch built without CUDA (``torch.version.cuda is None``).

ember computes on the CPU only, so these queries say so honestly: no device is available, the
seeding calls are accepted and do nothing (torch queues them for a CUDA that never comes), the
memory counters are 0, and the calls that need a device raise torch's ``AssertionError``.
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Any

__all__ = ["is_available", "device_count", "is_initialized", "init", "manual_seed", "manual_seed_all", "seed",
           "seed_all", "initial_seed", "get_rng_state", "set_rng_state", "get_rng_state_all", "set_rng_state_all",
           "current_device", "set_device", "get_device_name", "get_device_capability", "get_device_properties",
           "synchronize", "empty_cache", "memory_allocated", "max_memory_allocated", "memory_reserved",
           "max_memory_reserved", "memory_stats", "mem_get_info", "is_bf16_supported", "is_tf32_supported",
           "get_arch_list", "device", "default_generators"]

_NOT_COMPILED = "Torch not compiled with CUDA enabled"

default_generators: tuple = ()


def _lazy_init() -> None:
    raise AssertionError(_NOT_COMPILED)


def is_available() -> bool:
    """Return whether CUDA is available: always ``False`` (ember runs on the CPU)."""
    return False


def device_count() -> int:
    """Return the number of CUDA devices: always ``0``."""
    return 0


def is_initialized() -> bool:
    """Return whether CUDA's state has been initialized: always ``False``."""
    return False


def init() -> None:
    """Initialize CUDA: raises torch's ``AssertionError``, as a torch built without CUDA does."""
    _lazy_init()


def manual_seed(seed: int) -> None:
    """Seed the current CUDA device's generator: a no-op without CUDA (the seed is still read as an int).

    Args:
        seed (int): the desired seed.
    """
    int(seed)


def manual_seed_all(seed: int) -> None:
    """Seed every CUDA device's generator: a no-op without CUDA (the seed is still read as an int).

    Args:
        seed (int): the desired seed.
    """
    int(seed)


def seed() -> None:
    """Seed the current CUDA generator with a random number: a no-op without CUDA."""


def seed_all() -> None:
    """Seed every CUDA generator with a random number: a no-op without CUDA."""


def initial_seed() -> int:
    """Return the current CUDA generator's initial seed: raises torch's ``AssertionError`` without CUDA."""
    _lazy_init()
    return 0


def get_rng_state(device: Any = "cuda") -> Any:
    """Return a CUDA generator's state: raises torch's ``AssertionError`` without CUDA."""
    _lazy_init()


def set_rng_state(new_state: Any, device: Any = "cuda") -> None:
    """Set a CUDA generator's state: a no-op without CUDA."""


def get_rng_state_all() -> list:
    """Return every CUDA generator's state: ``[]`` (there are none)."""
    return []


def set_rng_state_all(new_states: Any) -> None:
    """Set every CUDA generator's state: a no-op without CUDA."""


def current_device() -> int:
    """Return the index of the current CUDA device: raises torch's ``AssertionError`` without CUDA."""
    _lazy_init()
    return 0


def set_device(device: Any) -> None:
    """Select the current CUDA device: a negative index is a no-op, as in torch; any other raises."""
    idx = device if isinstance(device, int) else -1 if device is None else 0
    if idx >= 0:
        _lazy_init()


def get_device_name(device: Any = None) -> str:
    """Return a CUDA device's name: raises torch's ``AssertionError`` without CUDA."""
    _lazy_init()
    return ""


def get_device_capability(device: Any = None) -> tuple:
    """Return a CUDA device's compute capability: raises torch's ``AssertionError`` without CUDA."""
    _lazy_init()
    return ()


def get_device_properties(device: Any = None) -> Any:
    """Return a CUDA device's properties: raises torch's ``AssertionError`` without CUDA."""
    _lazy_init()


def synchronize(device: Any = None) -> None:
    """Wait for a CUDA device's kernels: raises torch's ``AssertionError`` without CUDA."""
    _lazy_init()


def mem_get_info(device: Any = None) -> tuple:
    """Return a CUDA device's free and total memory: raises torch's ``AssertionError`` without CUDA."""
    _lazy_init()
    return ()


def empty_cache() -> None:
    """Release the CUDA caching allocator's unused memory: a no-op without CUDA."""


def memory_allocated(device: Any = None) -> int:
    """Return the CUDA memory occupied by tensors, in bytes: ``0``."""
    return 0


def max_memory_allocated(device: Any = None) -> int:
    """Return the peak CUDA memory occupied by tensors, in bytes: ``0``."""
    return 0


def memory_reserved(device: Any = None) -> int:
    """Return the CUDA memory held by the caching allocator, in bytes: ``0``."""
    return 0


def max_memory_reserved(device: Any = None) -> int:
    """Return the peak CUDA memory held by the caching allocator, in bytes: ``0``."""
    return 0


def memory_stats(device: Any = None) -> dict:
    """Return the CUDA caching allocator's statistics: empty."""
    return OrderedDict()


def is_bf16_supported(including_emulation: bool = True) -> bool:
    """Return whether CUDA supports bfloat16: ``False``."""
    return False


def is_tf32_supported() -> bool:
    """Return whether CUDA supports TF32: ``False``."""
    return False


def get_arch_list() -> list:
    """Return the CUDA architectures this build was compiled for: ``[]``."""
    return []


class device:
    """Context manager that selects a CUDA device: ``None`` or a negative index does nothing; entering
    with a device raises torch's ``RuntimeError`` for a build without CUDA.

    Args:
        device (ember.device, str or int): the device to select.
    """

    def __init__(self, device: Any) -> None:
        if device is None:
            self.idx = None
        elif isinstance(device, int):
            self.idx = device
        else:
            s = str(device)
            self.idx = int(s.split(":")[1]) if ":" in s else 0
        self.prev_idx = -1

    def __enter__(self) -> None:
        if self.idx is not None and self.idx >= 0:
            raise RuntimeError("PyTorch was compiled without CUDA support")

    def __exit__(self, *exc: Any) -> bool:
        return False
