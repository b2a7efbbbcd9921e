"""``ember.backends.mps``: Apple's Metal backend, which a CPU build has not."""
from __future__ import annotations

__all__ = ["is_available", "is_built"]


def is_available() -> bool:
    """Return whether MPS is available: ``False`` (ember runs on the CPU)."""
    return False


def is_built() -> bool:
    """Return whether this build supports MPS: ``False``."""
    return False
