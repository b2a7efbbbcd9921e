"""``torch.autograd.grad_mode``: the grad-mode switches (defined in ``ember._grad_mode``)."""
from .._grad_mode import (no_grad, enable_grad, set_grad_enabled, inference_mode, is_grad_enabled,  # noqa: F401
                          is_inference_mode_enabled)

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "inference_mode", "is_grad_enabled",
           "is_inference_mode_enabled"]
