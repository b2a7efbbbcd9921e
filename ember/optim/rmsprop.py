"""``torch.optim.RMSprop``, ``Adagrad`` and ``Adadelta`` (single-tensor updates, torch's order of operations)."""
from __future__ import annotations

from typing import Any, Callable, Iterable

from .. import Tensor, full_like, zeros_like
from . import _differentiable
from ._ops import add_scaled_, addcdiv_, addcmul_, lerp_
from ._validate import check_fused, check_nonnegative, check_rho
from .optimizer import Optimizer, _step_tensor
from .sgd import call_closure, use_grad

__all__ = ["RMSprop", "Adagrad", "Adadelta"]

def scalar(x: Any) -> Any:
    """A hyperparameter as a Python number (a 1-element tensor gives its value)."""
    return x.item() if isinstance(x, Tensor) else x


class RMSprop(Optimizer):
    r"""Implements RMSprop algorithm.

    Args:
        params (iterable): iterable of parameters or dicts defining parameter groups.
        lr (float, optional): learning rate (default: 1e-2)
        alpha (float, optional): smoothing constant (default: 0.99)
        eps (float, optional): term added to the denominator (default: 1e-8)
        weight_decay (float, optional): weight decay (L2 penalty) (default: 0)
        momentum (float, optional): momentum factor (default: 0)
        centered (bool, optional): if ``True``, compute the centered RMSProp, the gradient is
            normalized by an estimation of its variance (default: False)
        maximize (bool, optional): maximize the objective (default: False)
    """

    def __init__(self, params: Iterable[Any], lr: float | Tensor = 1e-2, alpha: float = 0.99, eps: float = 1e-8,
                 weight_decay: float = 0, momentum: float = 0, centered: bool = False, capturable: bool = False,
                 foreach: bool | None = None, maximize: bool = False, differentiable: bool = False) -> None:
        check_nonnegative(lr=lr, eps=eps, momentum=momentum, weight_decay=weight_decay, alpha=alpha)
        defaults = {"lr": lr, "momentum": momentum, "alpha": alpha, "eps": eps, "centered": centered,
                    "weight_decay": weight_decay, "capturable": capturable, "foreach": foreach,
                    "maximize": maximize, "differentiable": differentiable}
        super().__init__(params, defaults)

    @use_grad
    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Perform a single optimization step.

        Args:
            closure (Callable, optional): A closure that reevaluates the model and returns the loss.
        """
        loss = call_closure(closure)
        for group in self.param_groups:
            lr, alpha, eps = scalar(group["lr"]), group["alpha"], group["eps"]
            weight_decay, momentum, centered = group["weight_decay"], group["momentum"], group["centered"]
            differentiable = group["differentiable"]
            for param, grad, state in self._grads(group):
                if len(state) == 0:
                    state["step"] = _step_tensor()
                    state["square_avg"] = zeros_like(param)
                    if momentum > 0:
                        state["momentum_buffer"] = zeros_like(param)
                    if centered:
                        state["grad_avg"] = zeros_like(param)
                if differentiable:
                    _differentiable.rmsprop(param, grad, state, group)
                    continue
                square_avg = state["square_avg"]
                state["step"] += 1
                if weight_decay != 0:
                    grad = grad.add(param, alpha=weight_decay)
                addcmul_(square_avg.mul_(alpha), grad, grad, value=1 - alpha)
                if centered:
                    grad_avg = state["grad_avg"]
                    lerp_(grad_avg, grad, 1 - alpha)
                    # square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_(), out of place
                    avg = (square_avg + grad_avg * -1 * grad_avg).sqrt()
                else:
                    avg = square_avg.sqrt()
                avg = avg.add_(eps)
                if momentum > 0:
                    buf = state["momentum_buffer"]
                    addcdiv_(buf.mul_(momentum), grad, avg)
                    add_scaled_(param, buf, -lr)
                else:
                    addcdiv_(param, grad, avg, value=-lr)
        return loss


class Adagrad(Optimizer):
    r"""Implements Adagrad algorithm.

    Args:
        params (iterable): iterable of parameters or dicts defining parameter groups.
        lr (float, optional): learning rate (default: 1e-2)
        lr_decay (float, optional): learning rate decay (default: 0)
        weight_decay (float, optional): weight decay (L2 penalty) (default: 0)
        initial_accumulator_value (float, optional): initial value of the sum of squares of
            gradients (default: 0)
        eps (float, optional): term added to the denominator (default: 1e-10)
        maximize (bool, optional): maximize the objective (default: False)
    """

    def __init__(self, params: Iterable[Any], lr: float | Tensor = 1e-2, lr_decay: float = 0,
                 weight_decay: float = 0, initial_accumulator_value: float = 0, eps: float = 1e-10,
                 foreach: bool | None = None, *, maximize: bool = False, differentiable: bool = False,
                 fused: bool | None = None) -> None:
        check_nonnegative(lr=lr, lr_decay=lr_decay, weight_decay=weight_decay,
                          initial_accumulator_value=initial_accumulator_value, eps=eps)
        defaults = {"lr": lr, "lr_decay": lr_decay, "eps": eps, "weight_decay": weight_decay,
                    "initial_accumulator_value": initial_accumulator_value, "foreach": foreach,
                    "maximize": maximize, "differentiable": differentiable, "fused": fused}
        super().__init__(params, defaults)
        check_fused(fused, foreach, differentiable)
        for group in self.param_groups:
            for p in group["params"]:
                state = self.state[p]
                state["step"] = _step_tensor()
                state["sum"] = full_like(p, initial_accumulator_value)

    @use_grad
    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Perform a single optimization step.

        Args:
            closure (Callable, optional): A closure that reevaluates the model and returns the loss.
        """
        loss = call_closure(closure)
        for group in self.param_groups:
            lr, lr_decay = scalar(group["lr"]), group["lr_decay"]
            eps, weight_decay = group["eps"], group["weight_decay"]
            differentiable = group["differentiable"]
            for param, grad, state in self._grads(group):
                if differentiable:
                    _differentiable.adagrad(param, grad, state, group)
                    continue
                step_t, state_sum = state["step"], state["sum"]
                step_t += 1
                step = step_t.item()
                if weight_decay != 0:
                    grad = grad.add(param, alpha=weight_decay)
                clr = lr / (1 + (step - 1) * lr_decay)
                addcmul_(state_sum, grad, grad, value=1)
                std = state_sum.sqrt().add_(eps)
                addcdiv_(param, grad, std, value=-clr)
        return loss


class Adadelta(Optimizer):
    r"""Implements Adadelta algorithm.

    Args:
        params (iterable): iterable of parameters or dicts defining parameter groups.
        lr (float, optional): coefficient that scales delta before it is applied to the
            parameters (default: 1.0)
        rho (float, optional): coefficient used for computing a running average of squared
            gradients (default: 0.9)
        eps (float, optional): term added to the denominator (default: 1e-6)
        weight_decay (float, optional): weight decay (L2 penalty) (default: 0)
        maximize (bool, optional): maximize the objective (default: False)
    """

    def __init__(self, params: Iterable[Any], lr: float | Tensor = 1.0, rho: float = 0.9, eps: float = 1e-6,
                 weight_decay: float = 0, foreach: bool | None = None, *, capturable: bool = False,
                 maximize: bool = False, differentiable: bool = False) -> None:
        check_nonnegative(lr=lr)
        check_rho(rho)
        check_nonnegative(eps=eps, weight_decay=weight_decay)
        defaults = {"lr": lr, "rho": rho, "eps": eps, "weight_decay": weight_decay, "maximize": maximize,
                    "capturable": capturable, "foreach": foreach, "differentiable": differentiable}
        super().__init__(params, defaults)

    @use_grad
    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Perform a single optimization step.

        Args:
            closure (Callable, optional): A closure that reevaluates the model and returns the loss.
        """
        loss = call_closure(closure)
        for group in self.param_groups:
            lr, rho, eps, weight_decay = scalar(group["lr"]), group["rho"], group["eps"], group["weight_decay"]
            differentiable = group["differentiable"]
            for param, grad, state in self._grads(group):
                if len(state) == 0:
                    state["step"] = _step_tensor()
                    state["square_avg"] = zeros_like(param)
                    state["acc_delta"] = zeros_like(param)
                if differentiable:
                    _differentiable.adadelta(param, grad, state, group)
                    continue
                square_avg, acc_delta = state["square_avg"], state["acc_delta"]
                state["step"] += 1
                if weight_decay != 0:
                    grad = grad.add(param, alpha=weight_decay)
                addcmul_(square_avg.mul_(rho), grad, grad, value=1 - rho)
                std = (square_avg + eps).sqrt()
                delta = (acc_delta + eps).sqrt().div_(std).mul_(grad)
                addcmul_(acc_delta.mul_(rho), delta, delta, value=1 - rho)
                add_scaled_(param, delta, -lr)
        return loss
