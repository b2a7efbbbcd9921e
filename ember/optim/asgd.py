"""``torch.optim.ASGD`` and ``torch.optim.Rprop`` (single-tensor updates, torch's order of operations)."""
from __future__ import annotations

from typing import Any, Callable, Iterable

from .. import Tensor, float32, full_like, ones, tensor, zeros, zeros_like
from . import _differentiable
from ._ops import add_scaled_, addcmul_
from .optimizer import Optimizer
from ._validate import check_etas, check_nonnegative
from .rmsprop import scalar
from .sgd import call_closure, use_grad

__all__ = ["ASGD", "Rprop"]


class ASGD(Optimizer):
    r"""Implements Averaged Stochastic Gradient Descent.

    Args:
        params (iterable): iterable of parameters or dicts defining parameter groups.
        lr (float, optional): learning rate (default: 1e-2)
        lambd (float, optional): decay term (default: 1e-4)
        alpha (float, optional): power for eta update (default: 0.75)
        t0 (float, optional): point at which to start averaging (default: 1e6)
        weight_decay (float, optional): weight decay (L2 penalty) (default: 0)
        maximize (bool, optional): maximize the objective (default: False)
    """

    def __init__(self, params: Iterable[Any], lr: float | Tensor = 1e-2, lambd: float = 1e-4, alpha: float = 0.75,
                 t0: float = 1e6, weight_decay: float = 0, foreach: bool | None = None, maximize: bool = False,
                 differentiable: bool = False, capturable: bool = False) -> None:
        check_nonnegative(lr=lr, weight_decay=weight_decay)
        defaults = {"lr": lr, "lambd": lambd, "alpha": alpha, "t0": t0, "weight_decay": weight_decay,
                    "foreach": foreach, "maximize": maximize, "differentiable": differentiable,
                    "capturable": capturable}
        super().__init__(params, defaults)

    @use_grad
    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Perform a single optimization step.

        Args:
            closure (Callable, optional): A closure that reevaluates the model and returns the loss.
        """
        loss = call_closure(closure)
        for group in self.param_groups:
            lr, lambd, alpha, t0 = scalar(group["lr"]), group["lambd"], group["alpha"], group["t0"]
            weight_decay, differentiable = group["weight_decay"], group["differentiable"]
            for param, grad, state in self._grads(group):
                if len(state) == 0:
                    state["step"] = zeros((), dtype=float32)
                    state["eta"] = tensor(lr, dtype=float32)
                    state["mu"] = ones((), dtype=float32)
                    state["ax"] = zeros_like(param)
                if differentiable:     # the update itself is torch's differentiable one
                    _differentiable.check_no_foreach(group)
                mu, ax, eta, step_t = state["mu"], state["ax"], state["eta"], state["step"]
                step_t += 1
                if weight_decay != 0:
                    grad = grad.add(param, alpha=weight_decay)
                eta_value = eta.item()
                param.mul_(1 - lambd * eta_value)
                add_scaled_(param, grad, -eta_value)
                if mu.item() != 1:
                    ax.add_((param - ax) * mu)
                else:
                    ax.copy_(param)
                step = step_t.item()
                eta.copy_(tensor(lr / ((1 + lambd * lr * step) ** alpha)))
                mu.copy_(tensor(1 / max(1, step - t0)))
        return loss


class Rprop(Optimizer):
    r"""Implements the resilient backpropagation algorithm.

    Args:
        params (iterable): iterable of parameters or dicts defining parameter groups.
        lr (float, optional): learning rate (default: 1e-2)
        etas (tuple[float, float], optional): pair of (etaminus, etaplus), the multiplicative
            decrease and increase factors (default: (0.5, 1.2))
        step_sizes (tuple[float, float], optional): a pair of minimal and maximal allowed step
            sizes (default: (1e-6, 50))
        maximize (bool, optional): maximize the objective (default: False)
    """

    def __init__(self, params: Iterable[Any], lr: float | Tensor = 1e-2, etas: tuple[float, float] = (0.5, 1.2),
                 step_sizes: tuple[float, float] = (1e-6, 50), *, capturable: bool = False,
                 foreach: bool | None = None, maximize: bool = False, differentiable: bool = False) -> None:
        check_nonnegative(lr=lr)
        check_etas(etas)
        defaults = {"lr": lr, "etas": etas, "step_sizes": step_sizes, "foreach": foreach, "maximize": maximize,
                    "differentiable": differentiable, "capturable": capturable}
        super().__init__(params, defaults)

    @use_grad
    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Perform a single optimization step.

        Args:
            closure (Callable, optional): A closure that reevaluates the model and returns the loss.
        """
        loss = call_closure(closure)
        for group in self.param_groups:
            (etaminus, etaplus), (step_size_min, step_size_max) = group["etas"], group["step_sizes"]
            differentiable = group["differentiable"]
            for param, grad, state in self._grads(group):
                if len(state) == 0:
                    state["step"] = zeros((), dtype=float32)
                    state["prev"] = zeros_like(param)
                    state["step_size"] = full_like(grad, scalar(group["lr"]))
                if differentiable:
                    _differentiable.rprop(param, grad, state, group)
                    continue
                prev, step_size = state["prev"], state["step_size"]
                state["step"] += 1
                sign = grad.mul(prev).sign()
                sign.masked_fill_(sign.gt(0), etaplus)
                sign.masked_fill_(sign.lt(0), etaminus)
                sign.masked_fill_(sign.eq(0), 1)
                step_size.mul_(sign).clamp_(step_size_min, step_size_max)
                grad = grad.clone()
                grad.masked_fill_(sign.eq(etaminus), 0)
                addcmul_(param, grad.sign(), step_size, value=-1)
                prev.copy_(grad)
        return loss
