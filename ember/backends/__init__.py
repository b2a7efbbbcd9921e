"""``ember.backends``: the backend flags and queries of torch's CPU build (``torch.backends``).

ember has no CUDA, cuDNN or MPS, so ``cudnn.is_available()``, ``mps.is_available()`` and
``cuda.is_built()`` are ``False``; the flags a training script sets (``cudnn.benchmark``,
``cudnn.deterministic``, ``cuda.matmul.allow_tf32``) hold torch's defaults and can be set, and
change nothing."""
from __future__ import annotations

from . import cuda, cudnn, mps  # noqa: F401

__all__ = ["cuda", "cudnn", "mps"]
