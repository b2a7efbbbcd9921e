"""Gradient clipping: ``clip_grad_norm_`` and ``clip_grad_value_`` (``foreach`` is accepted and ignored)."""
from __future__ import annotations

import types
import warnings
from typing import Iterable

from ... import Tensor, no_grad, stack, tensor

__all__ = ["clip_grad_norm_", "clip_grad_norm", "clip_grad_value_"]

_Params = Tensor | Iterable[Tensor]


def _total_norm(grads: list, norm_type: float, error_if_nonfinite: bool) -> Tensor:
    if not grads:
        return tensor(0.0)
    total = stack([g.norm(norm_type) for g in grads]).norm(norm_type)
    if error_if_nonfinite and bool(total.isnan() | total.isinf()):
        raise RuntimeError(f"The total norm of order {norm_type} for gradients from `parameters` is non-finite, so it "
                           "cannot be clipped. To disable this error and scale the gradients by the non-finite norm "
                           "anyway, set `error_if_nonfinite=False`")
    return total


def clip_grad_norm_(parameters: _Params, max_norm: float, norm_type: float = 2.0, error_if_nonfinite: bool = False,
                    foreach: bool | None = None) -> Tensor:
    """Scale the gradients of ``parameters`` in place so that their joint norm is at most ``max_norm``.

    The norm is that of all gradients together, as if concatenated into one vector (``norm_type``
    may be ``inf``); the gradients are multiplied by ``min(1, max_norm / (total_norm + 1e-6))``.

    Args:
        parameters (Tensor or iterable of Tensors): the tensors whose ``.grad`` is clipped.
        max_norm (float): the largest norm allowed.
        norm_type (float): the order of the norm. Default: ``2.0``.
        error_if_nonfinite (bool): raise if the total norm is NaN or inf. Default: ``False``.
        foreach (bool, optional): accepted for compatibility and ignored.

    Returns:
        Tensor: the total norm of the gradients, before clipping.
    """
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    else:
        is_generator = isinstance(parameters, types.GeneratorType)
        parameters = list(parameters)
        if is_generator and not parameters:
            warnings.warn("`parameters` is an empty generator, no gradient clipping will occur.", stacklevel=2)
    grads = [p.grad for p in parameters if p.grad is not None]
    with no_grad():
        total = _total_norm(grads, float(norm_type), error_if_nonfinite)
        if grads:
            coef = (float(max_norm) / (total + 1e-6)).clamp(max=1.0)
            for g in grads:
                g.mul_(coef)
    return total


def clip_grad_norm(parameters: _Params, max_norm: float, norm_type: float = 2.0, error_if_nonfinite: bool = False,
                   foreach: bool | None = None) -> Tensor:
    """Deprecated alias of :func:`clip_grad_norm_`."""
    warnings.warn("`torch.nn.utils.clip_grad_norm` is now deprecated in favor of `torch.nn.utils.clip_grad_norm_`.",
                  FutureWarning, stacklevel=2)
    return clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite, foreach)


def clip_grad_value_(parameters: _Params, clip_value: float, foreach: bool | None = None) -> None:
    """Clamp the gradients of ``parameters`` in place to ``[-clip_value, clip_value]``.

    Args:
        parameters (Tensor or iterable of Tensors): the tensors whose ``.grad`` is clipped.
        clip_value (float): the largest absolute value allowed.
        foreach (bool, optional): accepted for compatibility and ignored.
    """
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    clip_value = float(clip_value)
    with no_grad():
        for p in parameters:
            if p.grad is not None:
                p.grad.clamp_(min=-clip_value, max=clip_value)
