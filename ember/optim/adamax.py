"""``torch.optim.Adamax``, ``NAdam`` and ``RAdam`` (single-tensor updates, torch's order of operations)."""
from __future__ import annotations

from typing import Any, Callable, Iterable

from .. import Tensor, float32, tensor, zeros_like
from . import _differentiable
from ._ops import addcdiv_, addcmul_, lerp_
from .optimizer import Optimizer, _step_tensor
from ._validate import check_betas, check_nonnegative
from .rmsprop import scalar
from .sgd import call_closure, use_grad

__all__ = ["Adamax", "NAdam", "RAdam"]


def _check_adam_like(lr: Any, eps: float, betas: tuple[float, float], weight_decay: float) -> None:
    check_nonnegative(lr=lr, eps=eps)
    check_betas(betas)
    check_nonnegative(weight_decay=weight_decay)


def _moments(state: dict[str, Any], param: Tensor, second: str) -> None:
    if len(state) == 0:
        state["step"] = _step_tensor()
        state["exp_avg"] = zeros_like(param)
        state[second] = zeros_like(param)


class Adamax(Optimizer):
    r"""Implements Adamax algorithm (a variant of Adam based on infinity norm).

    Args:
        params (iterable): iterable of parameters or dicts defining parameter groups.
        lr (float, optional): learning rate (default: 2e-3)
        betas (tuple[float, float], optional): coefficients used for computing running averages of
            gradient and its square (default: (0.9, 0.999))
        eps (float, optional): term added to the denominator (default: 1e-8)
        weight_decay (float, optional): weight decay (L2 penalty) (default: 0)
        maximize (bool, optional): maximize the objective (default: False)
    """

    def __init__(self, params: Iterable[Any], lr: float | Tensor = 2e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0, foreach: bool | None = None, *,
                 maximize: bool = False, differentiable: bool = False, capturable: bool = False) -> None:
        _check_adam_like(lr, eps, betas, weight_decay)
        defaults = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay, "foreach": foreach,
                    "maximize": maximize, "differentiable": differentiable, "capturable": capturable}
        super().__init__(params, defaults)

    @use_grad
    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Perform a single optimization step.

        Args:
            closure (Callable, optional): A closure that reevaluates the model and returns the loss.
        """
        loss = call_closure(closure)
        for group in self.param_groups:
            (beta1, beta2), lr = group["betas"], scalar(group["lr"])
            eps, weight_decay = group["eps"], group["weight_decay"]
            differentiable = group["differentiable"]
            for param, grad, state in self._grads(group):
                _moments(state, param, "exp_inf")
                if differentiable:
                    _differentiable.adamax(param, grad, state, group)
                    continue
                exp_avg, exp_inf, step_t = state["exp_avg"], state["exp_inf"], state["step"]
                step_t += 1
                if weight_decay != 0:
                    grad = grad.add(param, alpha=weight_decay)
                lerp_(exp_avg, grad, 1 - beta1)
                # torch's maximum(exp_inf.mul_(beta2), |grad| + eps, out=exp_inf), in place
                exp_inf.mul_(beta2).clamp_min_(grad.abs() + eps)
                bias_correction = 1 - beta1 ** step_t.item()
                clr = lr / bias_correction
                addcdiv_(param, exp_avg, exp_inf, value=-clr)
        return loss


class NAdam(Optimizer):
    r"""Implements NAdam algorithm (Adam with Nesterov momentum).

    Args:
        params (iterable): iterable of parameters or dicts defining parameter groups.
        lr (float, optional): learning rate (default: 2e-3)
        betas (tuple[float, float], optional): coefficients used for computing running averages of
            gradient and its square (default: (0.9, 0.999))
        eps (float, optional): term added to the denominator (default: 1e-8)
        weight_decay (float, optional): weight decay (L2 penalty) (default: 0)
        momentum_decay (float, optional): momentum decay (default: 4e-3)
        decoupled_weight_decay (bool, optional): whether to decouple the weight decay as in AdamW
            (default: False)
        maximize (bool, optional): maximize the objective (default: False)
    """

    def __init__(self, params: Iterable[Any], lr: float | Tensor = 2e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0, momentum_decay: float = 4e-3,
                 decoupled_weight_decay: bool = False, *, foreach: bool | None = None, maximize: bool = False,
                 capturable: bool = False, differentiable: bool = False) -> None:
        _check_adam_like(lr, eps, betas, weight_decay)
        check_nonnegative(momentum_decay=momentum_decay)
        defaults = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay,
                    "momentum_decay": momentum_decay, "decoupled_weight_decay": decoupled_weight_decay,
                    "maximize": maximize, "foreach": foreach, "capturable": capturable,
                    "differentiable": differentiable}
        super().__init__(params, defaults)

    @use_grad
    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Perform a single optimization step.

        Args:
            closure (Callable, optional): A closure that reevaluates the model and returns the loss.
        """
        loss = call_closure(closure)
        for group in self.param_groups:
            (beta1, beta2), lr, eps = group["betas"], scalar(group["lr"]), group["eps"]
            weight_decay, momentum_decay = group["weight_decay"], group["momentum_decay"]
            differentiable = group["differentiable"]
            for param, grad, state in self._grads(group):
                if len(state) == 0:
                    state["step"] = _step_tensor()
                    state["mu_product"] = tensor(1.0, dtype=float32)
                    state["exp_avg"] = zeros_like(param)
                    state["exp_avg_sq"] = zeros_like(param)
                if differentiable:
                    _differentiable.nadam(param, grad, state, group)
                    continue
                exp_avg, exp_avg_sq, mu_product, step_t = (state["exp_avg"], state["exp_avg_sq"],
                                                           state["mu_product"], state["step"])
                step_t += 1
                step = step_t.item()
                bias_correction2 = 1 - beta2 ** step
                if weight_decay != 0:
                    if group["decoupled_weight_decay"]:
                        param.mul_(1 - lr * weight_decay)
                    else:
                        grad = grad.add(param, alpha=weight_decay)
                mu = beta1 * (1.0 - 0.5 * (0.96 ** (step * momentum_decay)))
                mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((step + 1) * momentum_decay)))
                mu_product *= mu
                lerp_(exp_avg, grad, 1 - beta1)
                addcmul_(exp_avg_sq.mul_(beta2), grad, grad, value=1 - beta2)
                denom = exp_avg_sq.div(bias_correction2).sqrt()
                mu_product_value = mu_product.item()
                mu_product_next = mu_product_value * mu_next
                denom.add_(eps)
                addcdiv_(param, grad, denom, value=(-lr * (1.0 - mu) / (1.0 - mu_product_value)))
                addcdiv_(param, exp_avg, denom, value=(-lr * mu_next) / (1.0 - mu_product_next))
        return loss


class RAdam(Optimizer):
    r"""Implements RAdam algorithm (rectified Adam).

    Args:
        params (iterable): iterable of parameters or dicts defining parameter groups.
        lr (float, optional): learning rate (default: 1e-3)
        betas (tuple[float, float], optional): coefficients used for computing running averages of
            gradient and its square (default: (0.9, 0.999))
        eps (float, optional): term added to the denominator (default: 1e-8)
        weight_decay (float, optional): weight decay (L2 penalty) (default: 0)
        decoupled_weight_decay (bool, optional): whether to decouple the weight decay as in AdamW
            (default: False)
        maximize (bool, optional): maximize the objective (default: False)
    """

    def __init__(self, params: Iterable[Any], lr: float | Tensor = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0, decoupled_weight_decay: bool = False, *,
                 foreach: bool | None = None, maximize: bool = False, capturable: bool = False,
                 differentiable: bool = False) -> None:
        _check_adam_like(lr, eps, betas, weight_decay)
        defaults = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay, "maximize": maximize,
                    "foreach": foreach, "capturable": capturable, "decoupled_weight_decay": decoupled_weight_decay,
                    "differentiable": differentiable}
        super().__init__(params, defaults)

    @use_grad
    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Perform a single optimization step.

        Args:
            closure (Callable, optional): A closure that reevaluates the model and returns the loss.
        """
        loss = call_closure(closure)
        for group in self.param_groups:
            (beta1, beta2), lr = group["betas"], scalar(group["lr"])
            eps, weight_decay = group["eps"], group["weight_decay"]
            differentiable = group["differentiable"]
            for param, grad, state in self._grads(group):
                _moments(state, param, "exp_avg_sq")
                if differentiable:
                    _differentiable.radam(param, grad, state, group)
                    continue
                exp_avg, exp_avg_sq, step_t = state["exp_avg"], state["exp_avg_sq"], state["step"]
                step_t += 1
                step = step_t.item()
                if weight_decay != 0:
                    if group["decoupled_weight_decay"]:
                        param.mul_(1 - lr * weight_decay)
                    else:
                        grad = grad.add(param, alpha=weight_decay)
                lerp_(exp_avg, grad, 1 - beta1)
                addcmul_(exp_avg_sq.mul_(beta2), grad, grad, value=1 - beta2)
                bias_correction1 = 1 - beta1 ** step
                bias_correction2 = 1 - beta2 ** step
                bias_corrected_exp_avg = exp_avg / bias_correction1
                rho_inf = 2 / (1 - beta2) - 1
                rho_t = rho_inf - 2 * step * (beta2 ** step) / bias_correction2
                if rho_t > 5.0:
                    rect = ((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
                    adaptive_lr = (bias_correction2 ** 0.5) / (exp_avg_sq.sqrt() + eps)
                    # add_(x, alpha=-1.0) is p + (-x), bit for bit p - x: sub_ saves the pass making -x
                    param.sub_(bias_corrected_exp_avg * lr * adaptive_lr * rect)
                else:
                    param.sub_(bias_corrected_exp_avg * lr)
        return loss
