"""ember.autograd: backward, grad, grad modes, custom Functions, gradcheck, functional."""
from __future__ import annotations

from .._grad_mode import (no_grad, enable_grad, set_grad_enabled, inference_mode, is_grad_enabled,  # noqa: F401
                          is_inference_mode_enabled)
from .._graph import Node  # noqa: F401
from . import grad_mode, graph  # noqa: F401  (torch's module paths)
from ._grad import backward, grad, tensor_backward, Variable  # noqa: F401
from .function import Function, once_differentiable  # noqa: F401
from . import functional  # noqa: F401
# after the submodule import, so that ``autograd.gradcheck`` is the function, as in torch
from .gradcheck import gradcheck, gradgradcheck, GradcheckError  # noqa: F401,E402

__all__ = ["backward", "grad", "Function", "gradcheck", "gradgradcheck", "no_grad", "enable_grad",
           "set_grad_enabled", "inference_mode", "Variable"]
