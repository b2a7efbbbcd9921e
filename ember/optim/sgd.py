"""``torch.optim.SGD``: stochastic gradient descent, optionally with (Nesterov) momentum."""
from __future__ import annotations

import functools
from typing import Any, Callable, Iterable

from .. import Tensor, _fused_sgd_, enable_grad, no_grad
from ._ops import add_scaled_
from ._validate import check_fused, check_nonnegative
from .optimizer import Optimizer

__all__ = ["SGD", "use_grad"]


def use_grad(step: Callable) -> Callable:
    """Run an optimizer's ``step`` under ``no_grad``, or with grad mode on for ``differentiable=True``
    (torch's ``_use_grad_for_differentiable``).
    (An ``Optimizer`` subclass's step hook wrapper runs ``_ember_no_grad_body`` under ``no_grad`` itself.)"""
    @functools.wraps(step)
    def wrapper(self: Optimizer, closure: Callable[[], Any] | None = None) -> Any:
        with (enable_grad() if self.defaults.get("differentiable") else no_grad()):
            return step(self, closure)
    wrapper._ember_no_grad_body = step  # type: ignore[attr-defined]
    return wrapper


def _needs_grad(x: Any) -> bool:
    return isinstance(x, Tensor) and x.requires_grad


def call_closure(closure: Callable[[], Any] | None) -> Any:
    """Evaluate ``closure`` with gradients enabled, as torch's optimizers do."""
    if closure is None:
        return None
    with enable_grad():
        return closure()


class SGD(Optimizer):
    r"""Implements stochastic gradient descent (optionally with momentum).

    Args:
        params (iterable): iterable of parameters or named_parameters to optimize or iterable of
            dicts defining parameter groups.
        lr (float, optional): learning rate (default: 1e-3)
        momentum (float, optional): momentum factor (default: 0)
        dampening (float, optional): dampening for momentum (default: 0)
        weight_decay (float, optional): weight decay (L2 penalty) (default: 0)
        nesterov (bool, optional): enables Nesterov momentum (default: False)
        maximize (bool, optional): maximize the objective with respect to the params, instead of
            minimizing (default: False)
        differentiable (bool, optional): whether autograd should record the step (meta-learning through
            it; see docs/optim.md) (default: False)
        foreach, fused: accepted and stored for torch compatibility; ember always runs the
            single-tensor update. ``fused=True`` refuses ``differentiable`` and ``foreach``.
    """

    def __init__(self, params: Iterable[Any], lr: float | Tensor = 1e-3, momentum: float = 0, dampening: float = 0,
                 weight_decay: float | Tensor = 0, nesterov: bool = False, *, maximize: bool = False,
                 foreach: bool | None = None, differentiable: bool = False, fused: bool | None = None) -> None:
        check_nonnegative(lr=lr, momentum=momentum, weight_decay=weight_decay, nan_ok=True)  # torch's `x < 0.0`
        defaults = {"lr": lr, "momentum": momentum, "dampening": dampening, "weight_decay": weight_decay,
                    "nesterov": nesterov, "maximize": maximize, "foreach": foreach,
                    "differentiable": differentiable, "fused": fused}
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, defaults)
        check_fused(fused, foreach, differentiable)

    def __setstate__(self, state: dict[str, Any]) -> None:
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("nesterov", False)
            group.setdefault("maximize", False)
            group.setdefault("foreach", None)
            group.setdefault("differentiable", False)
            group.setdefault("fused", False)

    @use_grad
    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Perform a single optimization step.

        Args:
            closure (Callable, optional): A closure that reevaluates the model and returns the loss.
        """
        loss = call_closure(closure)
        for group in self.param_groups:
            lr = float(group["lr"])
            weight_decay, momentum = group["weight_decay"], group["momentum"]
            # differentiable: a Tensor lr / weight_decay that requires grad stays in the graph (torch's addcmul_)
            lr_t = group["lr"] if group["differentiable"] and _needs_grad(group["lr"]) else None
            wd_t = weight_decay if group["differentiable"] and _needs_grad(weight_decay) else None
            dampening, nesterov, maximize = group["dampening"], group["nesterov"], group["maximize"]
            if not group["differentiable"]:
                self._fused_step(group["params"], lr, weight_decay, momentum, dampening, nesterov, maximize)
                continue
            for p in group["params"]:
                grad = p.grad
                if grad is None:
                    continue
                if maximize:
                    grad = -grad
                if wd_t is not None:
                    grad = grad.addcmul_(p.clone(), wd_t)
                elif weight_decay != 0:
                    grad = grad.add(p, alpha=weight_decay)
                if momentum != 0:
                    state = self.state[p]
                    buf = state.get("momentum_buffer")
                    if buf is None:
                        buf = grad.detach().clone()
                        state["momentum_buffer"] = buf
                    else:
                        add_scaled_(buf.mul_(momentum), grad, 1 - dampening)
                    grad = grad.add(buf, alpha=momentum) if nesterov else buf
                if lr_t is not None:
                    p.addcmul_(grad, lr_t, value=-1)
                else:
                    add_scaled_(p, grad, -lr)
        return loss

    def _fused_step(self, params: list, lr: float, weight_decay: float, momentum: float, dampening: float,
                    nesterov: bool, maximize: bool) -> None:
        """The group's update in one kernel call per kind of parameter (with a momentum buffer, or new: the first
        step makes it the gradient): torch's single-tensor numbers (ember/ops/fused_optim.py)."""
        kinds: dict = {False: ([], [], []), True: ([], [], [])}
        for p in params:
            grad = p.grad
            if grad is None:
                continue
            first = False
            buf = None
            if momentum != 0:
                state = self.state[p]
                buf = state.get("momentum_buffer")
                if buf is None:
                    buf = state["momentum_buffer"] = grad.detach().clone()
                    first = True
            ps, gs, bufs = kinds[first]
            ps.append(p)
            gs.append(grad)
            bufs.append(buf)
        for first, (ps, gs, bufs) in kinds.items():
            if ps:
                _fused_sgd_(ps, gs, bufs, weight_decay=weight_decay, momentum=momentum, lr=lr, dampening=dampening,
                            nesterov=nesterov, maximize=maximize, is_first_step=first)
