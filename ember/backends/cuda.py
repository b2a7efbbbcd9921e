"""``ember.backends.cuda``: CUDA's flags with torch's defaults (settable, without effect); CUDA is not built."""
from __future__ import annotations

__all__ = ["is_built", "matmul", "flash_sdp_enabled", "mem_efficient_sdp_enabled", "math_sdp_enabled",
           "cudnn_sdp_enabled"]


class _Matmul:
    """``backends.cuda.matmul``: cuBLAS's precision flags, torch's defaults."""

    def __init__(self) -> None:
        self.allow_tf32 = False
        self.allow_fp16_reduced_precision_reduction = True
        self.allow_bf16_reduced_precision_reduction = True
        self.fp32_precision = "none"


matmul = _Matmul()


def is_built() -> bool:
    """Return whether this build supports CUDA: ``False``."""
    return False


def flash_sdp_enabled() -> bool:
    """Return whether flash scaled-dot-product attention is enabled: ``True``, torch's default."""
    return True


def mem_efficient_sdp_enabled() -> bool:
    """Return whether memory-efficient scaled-dot-product attention is enabled: ``True``, torch's default."""
    return True


def math_sdp_enabled() -> bool:
    """Return whether the math scaled-dot-product attention is enabled: ``True``, torch's default."""
    return True


def cudnn_sdp_enabled() -> bool:
    """Return whether cuDNN scaled-dot-product attention is enabled: ``True``, torch's default."""
    return True
