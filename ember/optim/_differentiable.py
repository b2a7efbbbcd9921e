"""The ``differentiable=True`` updates: torch's single-tensor update with its differentiable branches.

With ``differentiable=True`` a step runs with grad mode on (torch's ``_use_grad_for_differentiable``)
so autograd records the update, as in meta-learning through an optimizer. Where torch's
differentiable path differs from its default one, it is here, line for line in torch's order: state
cloned before it is overwritten (``exp_avg.clone()``, ``prev.clone()``, ``delta.clone()``),
out-of-place forms where the default path writes into a tensor autograd saved (``avg.add(eps)``),
``cat`` + ``amax`` for Adamax's maximum, Adam's bias corrections from the 0-d float32 ``step`` tensor
(rounded in float32, as torch's), NAdam's step sizes as tensors, and Tensor ``lr``/``weight_decay``/
``betas`` that require grad kept in the graph. The fused updates are ember's own ``addcmul_``,
``addcdiv_`` and ``lerp_`` ops here (so the nodes are torch's ``AddcdivBackward0``...), not the
no-grad compositions of ``_ops.py``. The default path (``differentiable=False``) never comes here.
"""
from __future__ import annotations

from typing import Any

from .. import Tensor, amax, cat, maximum, square

__all__ = ["check_no_foreach", "check_adam_steps", "adam", "adamax", "nadam", "radam", "rmsprop", "adagrad",
           "adadelta", "rprop"]


def _needs_grad(x: Any) -> bool:
    return isinstance(x, Tensor) and x.requires_grad


def _number(x: Any) -> Any:
    """A hyperparameter passed where torch's kernel takes a Number (``value=``, ``alpha=``)."""
    return x.item() if isinstance(x, Tensor) else x


def _weight_decay(param: Tensor, grad: Tensor, weight_decay: Any) -> Tensor:
    """``grad + weight_decay * param``; a Tensor weight decay that requires grad stays in the graph."""
    if _needs_grad(weight_decay):
        return grad.addcmul_(param.clone(), weight_decay)
    return grad.add(param, alpha=_number(weight_decay))


def check_no_foreach(group: dict) -> None:
    """torch runs ``foreach=True`` (every optimizer but SGD) on its ``_foreach`` ops, which refuse autograd."""
    if group.get("foreach"):
        raise AssertionError("_foreach ops don't support autograd")


def check_adam_steps(state: dict, group: dict) -> None:
    """torch's ``_init_group`` check, before any parameter of the group is updated."""
    for param in group["params"]:
        if param.grad is not None and param in state and state[param]["step"].requires_grad:
            raise RuntimeError("`requires_grad` is not supported for `step` in differentiable mode")


def adam(param: Tensor, grad: Tensor, state: dict, group: dict) -> None:
    """Adam/AdamW (torch's ``capturable or differentiable`` branch: bias corrections as tensors)."""
    check_no_foreach(group)
    beta1, beta2 = group["betas"]
    lr, eps, weight_decay = group["lr"], group["eps"], group["weight_decay"]
    exp_avg, exp_avg_sq, step_t = state["exp_avg"], state["exp_avg_sq"], state["step"]
    step_t += 1
    if weight_decay != 0:
        if group["decoupled_weight_decay"]:
            param.mul_(1 - lr * weight_decay)
        else:
            grad = _weight_decay(param, grad, weight_decay)
    exp_avg.lerp_(grad, 1 - beta1)
    if _needs_grad(beta2):
        # torch: lerp with weight 1 - beta2 is mul_(beta2).addcmul_(..., value=1 - beta2) with a Tensor beta2
        exp_avg_sq.lerp_(square(grad), weight=1 - beta2)
    else:
        exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=_number(1 - beta2))
    bias_correction1 = 1 - beta1 ** (step_t.clone() if _needs_grad(beta1) else step_t)
    bias_correction2 = 1 - beta2 ** (step_t.clone() if _needs_grad(beta2) else step_t)
    step_size_neg = (lr / bias_correction1).neg()
    bias_correction2_sqrt = bias_correction2.sqrt()
    if group["amsgrad"]:
        max_exp_avg_sq = state["max_exp_avg_sq"]
        max_exp_avg_sq.copy_(maximum(max_exp_avg_sq.clone(), exp_avg_sq))
        denom = (max_exp_avg_sq.sqrt() / (bias_correction2_sqrt * step_size_neg)).add_(eps / step_size_neg)
    else:
        denom = (exp_avg_sq.sqrt() / (bias_correction2_sqrt * step_size_neg)).add_(eps / step_size_neg)
    param.addcdiv_(exp_avg.clone(), denom)


def adamax(param: Tensor, grad: Tensor, state: dict, group: dict) -> None:
    """Adamax: the maximum as ``amax`` over a ``cat``, which autograd records."""
    check_no_foreach(group)
    (beta1, beta2), lr = group["betas"], _number(group["lr"])
    eps, weight_decay = group["eps"], group["weight_decay"]
    exp_avg, exp_inf, step_t = state["exp_avg"], state["exp_inf"], state["step"]
    step_t += 1
    if weight_decay != 0:
        grad = grad.add(param, alpha=weight_decay)
    exp_avg.lerp_(grad, 1 - beta1)
    norm_buf = cat([exp_inf.mul_(beta2).unsqueeze(0), grad.abs().add_(eps).unsqueeze_(0)], 0)
    exp_inf.copy_(amax(norm_buf, 0, keepdim=False))
    clr = lr / (1 - beta1 ** step_t.item())
    param.addcdiv_(exp_avg, exp_inf, value=-clr)


def nadam(param: Tensor, grad: Tensor, state: dict, group: dict) -> None:
    """NAdam: the two step sizes as tensors (from the float32 ``mu_product``) scaling grad and exp_avg."""
    check_no_foreach(group)
    (beta1, beta2), lr, eps = group["betas"], _number(group["lr"]), group["eps"]
    weight_decay, momentum_decay = group["weight_decay"], group["momentum_decay"]
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
    exp_avg.lerp_(grad, 1 - beta1)
    exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
    denom = exp_avg_sq.div(bias_correction2).sqrt().add(eps)
    mu_product_next = mu_product * mu_next
    grad = grad * (-lr * (1.0 - mu) / (1.0 - mu_product))
    exp_avg = exp_avg * (-lr * mu_next / (1.0 - mu_product_next))
    param.addcdiv_(grad, denom)
    param.addcdiv_(exp_avg, denom)


def radam(param: Tensor, grad: Tensor, state: dict, group: dict) -> None:
    """RAdam: ``exp_avg_sq.sqrt().add(eps)`` out of place."""
    check_no_foreach(group)
    (beta1, beta2), lr = group["betas"], _number(group["lr"])
    eps, weight_decay = group["eps"], group["weight_decay"]
    exp_avg, exp_avg_sq, step_t = state["exp_avg"], state["exp_avg_sq"], state["step"]
    step_t += 1
    step = step_t.item()
    if weight_decay != 0:
        if group["decoupled_weight_decay"]:
            param.mul_(1 - lr * weight_decay)
        else:
            grad = grad.add(param, alpha=weight_decay)
    exp_avg.lerp_(grad, 1 - beta1)
    exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
    bias_correction1 = 1 - beta1 ** step
    bias_correction2 = 1 - beta2 ** step
    bias_corrected_exp_avg = exp_avg / bias_correction1
    rho_inf = 2 / (1 - beta2) - 1
    rho_t = rho_inf - 2 * step * (beta2 ** step) / bias_correction2
    if rho_t > 5.0:
        rect = ((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
        adaptive_lr = (bias_correction2 ** 0.5) / exp_avg_sq.sqrt().add(eps)
        param.add_(bias_corrected_exp_avg * lr * adaptive_lr * rect, alpha=-1.0)
    else:
        param.add_(bias_corrected_exp_avg * lr, alpha=-1.0)


def rmsprop(param: Tensor, grad: Tensor, state: dict, group: dict) -> None:
    """RMSprop: ``avg.add(eps)`` out of place (``avg`` is saved by ``sqrt``)."""
    check_no_foreach(group)
    lr, alpha, eps = _number(group["lr"]), group["alpha"], group["eps"]
    weight_decay, momentum = group["weight_decay"], group["momentum"]
    square_avg = state["square_avg"]
    state["step"] += 1
    if weight_decay != 0:
        grad = grad.add(param, alpha=weight_decay)
    square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
    if group["centered"]:
        grad_avg = state["grad_avg"]
        grad_avg.lerp_(grad, 1 - alpha)
        avg = square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_()
    else:
        avg = square_avg.sqrt()
    avg = avg.add(eps)
    if momentum > 0:
        buf = state["momentum_buffer"]
        buf.mul_(momentum).addcdiv_(grad, avg)
        param.add_(buf, alpha=-lr)
    else:
        param.addcdiv_(grad, avg, value=-lr)


def adagrad(param: Tensor, grad: Tensor, state: dict, group: dict) -> None:
    """Adagrad: ``state_sum.sqrt() + eps`` out of place."""
    check_no_foreach(group)
    lr, lr_decay = _number(group["lr"]), group["lr_decay"]
    eps, weight_decay = group["eps"], group["weight_decay"]
    step_t, state_sum = state["step"], state["sum"]
    step_t += 1
    step = step_t.item()
    if weight_decay != 0:
        grad = grad.add(param, alpha=weight_decay)
    clr = lr / (1 + (step - 1) * lr_decay)
    state_sum.addcmul_(grad, grad, value=1)
    std = state_sum.sqrt() + eps
    param.addcdiv_(grad, std, value=-clr)


def adadelta(param: Tensor, grad: Tensor, state: dict, group: dict) -> None:
    """Adadelta: ``delta`` cloned before it is divided in place (``sqrt_`` saved it)."""
    check_no_foreach(group)
    lr, rho, eps, weight_decay = _number(group["lr"]), group["rho"], group["eps"], group["weight_decay"]
    square_avg, acc_delta = state["square_avg"], state["acc_delta"]
    state["step"] += 1
    if weight_decay != 0:
        grad = grad.add(param, alpha=weight_decay)
    square_avg.mul_(rho).addcmul_(grad, grad, value=1 - rho)
    std = square_avg.add(eps).sqrt_()
    delta = acc_delta.add(eps).sqrt_().clone()
    delta.div_(std).mul_(grad)
    acc_delta.mul_(rho).addcmul_(delta, delta, value=1 - rho)
    param.add_(delta, alpha=-lr)


def rprop(param: Tensor, grad: Tensor, state: dict, group: dict) -> None:
    """Rprop: ``prev`` cloned before the product (it is overwritten at the end of the step)."""
    check_no_foreach(group)
    (etaminus, etaplus), (step_size_min, step_size_max) = group["etas"], group["step_sizes"]
    prev, step_size = state["prev"], state["step_size"]
    state["step"] += 1
    sign = grad.mul(prev.clone()).sign()
    sign.masked_fill_(sign.gt(0), etaplus)
    sign.masked_fill_(sign.lt(0), etaminus)
    sign.masked_fill_(sign.eq(0), 1)
    step_size.mul_(sign).clamp_(step_size_min, step_size_max)
    grad = grad.clone()
    grad.masked_fill_(sign.eq(etaminus), 0)
    param.addcmul_(grad.sign(), step_size, value=-1)
    prev.copy_(grad)
