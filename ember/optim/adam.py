"""``torch.optim.Adam`` and ``torch.optim.AdamW`` (single-tensor update, torch's order of operations)."""
from __future__ import annotations

from typing import Any, Callable, Iterable

from .. import Tensor, _foreach_add_, _fused_adam_, _fused_adamw_, zeros_like
from . import _differentiable
from ._validate import check_beta_types, check_betas, check_foreach_lr, check_fused, check_nonnegative
from .optimizer import Optimizer, _step_tensor
from .sgd import call_closure, use_grad

__all__ = ["Adam", "AdamW"]


def _scalar(x: Any) -> Any:
    return x.item() if isinstance(x, Tensor) else x


def _update(params: list, grads: list, states: list, beta1: float, beta2: float, lr: float, eps: float,
            weight_decay: float, amsgrad: bool, maximize: bool, decoupled: bool) -> None:
    """The group's step: the step counts, then torch's single-tensor update of every parameter in one kernel
    call (ember/ops/fused_optim.py: the same numbers and versions as the loop of single ops, without their
    per-op cost; benchmarks/optim_speed.py)."""
    steps = [s["step"] for s in states]
    _foreach_add_(steps, 1)
    kernel = _fused_adamw_ if decoupled else _fused_adam_
    kernel(params, grads, [s["exp_avg"] for s in states], [s["exp_avg_sq"] for s in states],
           [s["max_exp_avg_sq"] for s in states] if amsgrad else [], steps, lr=lr, beta1=beta1, beta2=beta2,
           weight_decay=weight_decay, eps=eps, amsgrad=amsgrad, maximize=maximize)


class Adam(Optimizer):
    r"""Implements Adam algorithm.

    Args:
        params (iterable): iterable of parameters or named_parameters to optimize or iterable of
            dicts defining parameter groups.
        lr (float, Tensor, optional): learning rate (default: 1e-3)
        betas (tuple[float, float], optional): coefficients used for computing running averages of
            gradient and its square (default: (0.9, 0.999))
        eps (float, optional): term added to the denominator to improve numerical stability
            (default: 1e-8)
        weight_decay (float, optional): weight decay (L2 penalty) (default: 0)
        decoupled_weight_decay (bool, optional): if True, this optimizer is equivalent to AdamW
            (default: False)
        amsgrad (bool, optional): whether to use the AMSGrad variant (default: False)
        maximize (bool, optional): maximize the objective with respect to the params, instead of
            minimizing (default: False)
        differentiable (bool, optional): whether autograd should record the step (meta-learning through
            it; see docs/optim.md) (default: False)
        foreach, capturable, fused: accepted and stored for torch compatibility (ember runs the
            single-tensor update); ``fused=True`` refuses ``differentiable`` and ``foreach``.
    """

    def __init__(self, params: Iterable[Any], lr: float | Tensor = 1e-3,
                 betas: tuple[float | Tensor, float | Tensor] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, amsgrad: bool = False, *, foreach: bool | None = None,
                 maximize: bool = False, capturable: bool = False, differentiable: bool = False,
                 fused: bool | None = None, decoupled_weight_decay: bool = False) -> None:
        check_foreach_lr(lr, foreach, capturable)
        check_nonnegative(lr=lr, eps=eps)
        check_betas(betas)
        check_nonnegative(weight_decay=weight_decay)
        check_beta_types(betas, foreach, capturable)
        defaults = {"lr": lr, "betas": tuple(betas), "eps": eps, "weight_decay": weight_decay, "amsgrad": amsgrad,
                    "maximize": maximize, "foreach": foreach, "capturable": capturable,
                    "differentiable": differentiable, "fused": fused,
                    "decoupled_weight_decay": decoupled_weight_decay}
        super().__init__(params, defaults)
        check_fused(fused, foreach, differentiable)

    def __setstate__(self, state: dict[str, Any]) -> None:
        super().__setstate__(state)
        for group in self.param_groups:
            for key, value in (("amsgrad", False), ("maximize", False), ("foreach", None), ("capturable", False),
                               ("differentiable", False), ("decoupled_weight_decay", False), ("fused", None)):
                group.setdefault(key, value)

    @use_grad
    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Perform a single optimization step.

        Args:
            closure (Callable, optional): A closure that reevaluates the model and returns the loss.
        """
        loss = call_closure(closure)
        for group in self.param_groups:
            beta1, beta2 = (_scalar(b) for b in group["betas"])
            lr, eps, weight_decay = _scalar(group["lr"]), group["eps"], group["weight_decay"]
            amsgrad, maximize, decoupled = group["amsgrad"], group["maximize"], group["decoupled_weight_decay"]
            differentiable = group["differentiable"]
            if differentiable:
                _differentiable.check_adam_steps(self.state, group)
            params, grads, states = [], [], []
            for param in group["params"]:
                grad = param.grad
                if grad is None:
                    continue
                state = self.state[param]
                if len(state) == 0:
                    state["step"] = _step_tensor()
                    state["exp_avg"] = zeros_like(param)
                    state["exp_avg_sq"] = zeros_like(param)
                    if amsgrad:
                        state["max_exp_avg_sq"] = zeros_like(param)
                if differentiable:
                    _differentiable.adam(param, -grad if maximize else grad, state, group)
                    continue
                params.append(param)
                grads.append(grad)
                states.append(state)
            if params:
                _update(params, grads, states, beta1, beta2, lr, eps, weight_decay, amsgrad, maximize, decoupled)
        return loss


class AdamW(Adam):
    r"""Implements AdamW algorithm: Adam with decoupled weight decay (``param *= 1 - lr * weight_decay``).

    Args:
        params (iterable): iterable of parameters or named_parameters to optimize or iterable of
            dicts defining parameter groups.
        lr (float, Tensor, optional): learning rate (default: 1e-3)
        betas (tuple[float, float], optional): coefficients used for computing running averages of
            gradient and its square (default: (0.9, 0.999))
        eps (float, optional): term added to the denominator (default: 1e-8)
        weight_decay (float, optional): weight decay coefficient (default: 1e-2)
        amsgrad (bool, optional): whether to use the AMSGrad variant (default: False)
        maximize (bool, optional): maximize the objective (default: False)
    """

    def __init__(self, params: Iterable[Any], lr: float | Tensor = 1e-3,
                 betas: tuple[float | Tensor, float | Tensor] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 1e-2, amsgrad: bool = False, *, maximize: bool = False,
                 foreach: bool | None = None, capturable: bool = False, differentiable: bool = False,
                 fused: bool | None = None) -> None:
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, foreach=foreach, maximize=maximize,
                         capturable=capturable, differentiable=differentiable, fused=fused,
                         decoupled_weight_decay=True)

    def __setstate__(self, state: dict[str, Any]) -> None:
        super().__setstate__(state)
        for group in self.param_groups:
            group["decoupled_weight_decay"] = True
