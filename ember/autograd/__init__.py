"""ember.autograd: backward, grad, grad modes, custom Functions, gradcheck, functional."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .._grad_mode import (no_grad, enable_grad, set_grad_enabled, inference_mode, is_grad_enabled,  # noqa: F401
                          is_inference_mode_enabled)
from .._graph import Node  # noqa: F401
from . import grad_mode, graph  # noqa: F401  (torch's module paths)
from ._grad import backward, grad, tensor_backward, Variable  # noqa: F401
from .function import Function, once_differentiable  # noqa: F401
from .gradcheck import gradcheck, gradgradcheck, GradcheckError  # noqa: F401

if TYPE_CHECKING:
    from . import functional  # noqa: F401


def __getattr__(name: str):
    """``autograd.functional`` loads on first use (benchmarks/run.py's import workload). (gradcheck stays eager: a
    first ``import ember.autograd.gradcheck`` would otherwise leave the module where torch has the function.)"""
    if name != "functional":
        raise AttributeError(f"module 'ember.autograd' has no attribute '{name}'")
    import importlib  # deferred: only on the first use
    return importlib.import_module(__name__ + ".functional")
