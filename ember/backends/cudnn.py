"""``ember.backends.cudnn``: cuDNN's flags with torch's defaults; cuDNN itself is not available."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

__all__ = ["is_available", "version", "is_acceptable", "flags", "enabled", "benchmark", "benchmark_limit",
           "deterministic", "allow_tf32", "fp32_precision"]

enabled: bool = True
benchmark: bool = False
benchmark_limit: "int | None" = None
deterministic: bool = False
allow_tf32: bool = True
fp32_precision: str = "none"


def is_available() -> bool:
    """Return whether cuDNN is available: ``False`` (ember runs on the CPU)."""
    return False


def version() -> "int | None":
    """Return cuDNN's version: ``None`` (not available)."""
    return None


def is_acceptable(tensor: Any) -> bool:
    """Return whether cuDNN would accept ``tensor``: ``False``."""
    return False


@contextmanager
def flags(enabled: bool = False, benchmark: bool = False, benchmark_limit: int = 10, deterministic: bool = False,
          allow_tf32: bool = True, fp32_precision: str = "none", depthwise_kernel: str = "auto") -> Iterator[None]:
    """Context manager that sets cuDNN's flags for its body and restores them after, as torch's."""
    g = globals()
    names = ("enabled", "benchmark", "benchmark_limit", "deterministic", "allow_tf32", "fp32_precision")
    new = (enabled, benchmark, benchmark_limit, deterministic, allow_tf32, fp32_precision)
    old = {n: g[n] for n in names}
    g.update(zip(names, new))
    try:
        yield
    finally:
        g.update(old)
