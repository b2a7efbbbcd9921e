"""torch's fused optimizer kernels, ``_fused_adam_``, ``_fused_adamw_`` and ``_fused_sgd_``: a whole
optimizer step over lists of tensors in one call.

torch's fused kernels fuse each line of the update into one pass (and round differently from its
single-tensor path). ember's compute torch's *single-tensor* update, each floating-point operation
as the single ops do in torch's order (the numbers ember's ``optim`` gives with any ``foreach`` /
``fused`` setting), and bump each written tensor's version as that path's in-place ops would (torch's
fused kernels bump none: ember keeps the version check that catches a parameter changed under a
saved graph). Why a kernel: one parameter's whole update runs on its arrays while they are in cache,
with scratch temporaries and no per-op dispatch, which makes ember's Adam step on the MLP of
benchmarks/ faster than torch's single-tensor one (benchmarks/optim_speed.py, RESULTS.md).

A parameter the arrays cannot serve (grad mode on with something requiring grad, mixed dtypes or
shapes, shared memory, an expanded or inference tensor) takes the ``_foreach`` ops instead, which
record, check and refuse as the single ops do.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from .._blas import lerp_scalar
from .._graph import caller_location
from .._tensor import Tensor
from .foreach import (_added, _bump, _expanded, _fast, _foreach_add, _foreach_add_, _foreach_addcdiv_,
                      _foreach_addcmul_,
                      _foreach_div_, _foreach_lerp_, _foreach_maximum_, _foreach_mul_, _foreach_neg,
                      _foreach_sqrt, _rounded, _tmp)

__all__ = ["_fused_adam_", "_fused_adamw_", "_fused_sgd_"]


def _value(x: Any) -> Any:
    return x.item() if isinstance(x, Tensor) else x


def _skip(found_inf: Tensor | None) -> bool:
    """torch's fused kernels do nothing when ``found_inf`` (the grad scaler's flag) is set."""
    return found_inf is not None and bool(found_inf.item())


def _unscaled(grads: Sequence[Tensor], grad_scale: Tensor | None) -> Sequence[Tensor]:
    return grads if grad_scale is None else [g / grad_scale for g in grads]


def _adam(params, grads, exp_avgs, exp_avg_sqs, max_exp_avg_sqs, state_steps, lr, beta1, beta2, weight_decay,
          eps, amsgrad, maximize, decoupled, grad_scale, found_inf) -> None:
    if _skip(found_inf):
        return
    grads = _unscaled(grads, grad_scale)
    lr, beta1, beta2, weight_decay, eps = _value(lr), _value(beta1), _value(beta2), _value(weight_decay), _value(eps)
    maxima = max_exp_avg_sqs if amsgrad else [None] * len(params)
    where = caller_location(3)          # the user's line, once for the call
    with np.errstate(all="ignore"):
        for k, p in enumerate(params):
            _adam_one(k, p, grads, exp_avgs, exp_avg_sqs, maxima, state_steps, lr, beta1, beta2, weight_decay, eps,
                      amsgrad, maximize, decoupled, where)


def _adam_one(k, p, grads, exp_avgs, exp_avg_sqs, maxima, state_steps, lr, beta1, beta2, weight_decay, eps, amsgrad,
              maximize, decoupled, where) -> None:
    g, m, v, mx = grads[k], exp_avgs[k], exp_avg_sqs[k], maxima[k]
    step = _value(state_steps[k])
    written = (m, v) if mx is None else (m, v, mx)
    if _fast([p], [g], [m], [v], *([[mx]] if amsgrad else [])) and not any(_expanded(t._data) for t in written):
        _adam_arrays(p._data, g._data, m._data, v._data, None if mx is None else mx._data, step, lr, beta1,
                     beta2, weight_decay, eps, maximize, decoupled)
        _bump([p, p, m, v, v, mx] if decoupled and weight_decay != 0 and amsgrad else
              [p, p, m, v, v] if decoupled and weight_decay != 0 else
              [p, m, v, v, mx] if amsgrad else [p, m, v, v], where)
    else:
        _adam_ops(p, g, m, v, mx, step, lr, beta1, beta2, weight_decay, eps, maximize, decoupled)


def _adam_arrays(p, g, m, v, mx, step, lr, beta1, beta2, weight_decay, eps, maximize, decoupled) -> None:
    """One parameter's update on its arrays: the single ops' floating-point steps, in their order (under the
    caller's ``np.errstate``)."""
    if maximize:
        g = np.negative(g, out=_tmp(g))
    if weight_decay != 0:
        if decoupled:
            np.multiply(p, 1 - lr * weight_decay, out=p)
        else:                                       # grad.add(param, alpha=weight_decay)
            g = _added(g, p, weight_decay, g if maximize else None)
    t = _tmp(m)                                     # exp_avg.lerp_(grad, 1 - beta1): torch's fma (ember/_blas.py)
    if lerp_scalar(m, g, 1 - beta1, out=m, diff=t) is None:
        np.subtract(g, m, out=t)
        w = _rounded(1 - beta1, m)
        if abs(w) < 0.5:
            np.add(m, np.multiply(t, w, out=t), out=m)
        else:
            np.subtract(g, np.multiply(t, 1.0 - w, out=t), out=m)
    np.multiply(v, beta2, out=v)                    # exp_avg_sq.mul_(beta2).addcmul_(grad, grad, 1 - beta2)
    value = 1 - beta2
    if value == 1:
        np.multiply(g, g, out=t)
    else:
        np.multiply(np.multiply(g, value, out=t), g, out=t)
    np.add(v, t, out=v)
    g = None                # (a scratch gradient goes back: the denominator reuses it, no fresh pages)
    step_size = lr / (1 - beta1 ** step)
    bias_correction2_sqrt = (1 - beta2 ** step) ** 0.5
    if mx is not None:
        np.maximum(v, mx, out=mx)                   # torch's maximum(..., out=max_exp_avg_sq), bound first
    denom = np.sqrt(v if mx is None else mx, out=_tmp(v))
    np.add(np.divide(denom, bias_correction2_sqrt, out=denom), eps, out=denom)
    value = -step_size                              # param.addcdiv_(exp_avg, denom, value=-step_size)
    if value == 1:
        np.divide(m, denom, out=t)
    else:
        np.divide(np.multiply(m, value, out=t), denom, out=t)
    np.add(p, t, out=p)


def _adam_ops(p, g, m, v, mx, step, lr, beta1, beta2, weight_decay, eps, maximize, decoupled) -> None:
    """The same update in ``_foreach`` ops on one parameter (they record, check and refuse as single ops)."""
    grads = _foreach_neg([g]) if maximize else [g]
    if weight_decay != 0:
        if decoupled:
            _foreach_mul_([p], 1 - lr * weight_decay)
        else:
            grads = _foreach_add(grads, [p], alpha=weight_decay)
    _foreach_lerp_([m], grads, 1 - beta1)
    _foreach_mul_([v], beta2)
    _foreach_addcmul_([v], grads, grads, 1 - beta2)
    if mx is not None:
        _foreach_maximum_([mx], [v])
    denom = _foreach_sqrt([v if mx is None else mx])
    _foreach_div_(denom, (1 - beta2 ** step) ** 0.5)
    _foreach_add_(denom, eps)
    _foreach_addcdiv_([p], [m], denom, -(lr / (1 - beta1 ** step)))


def _fused_adam_(self: Sequence[Tensor], grads: Sequence[Tensor], exp_avgs: Sequence[Tensor],
                 exp_avg_sqs: Sequence[Tensor], max_exp_avg_sqs: Sequence[Tensor], state_steps: Sequence[Tensor], *,
                 lr: float | Tensor, beta1: float, beta2: float, weight_decay: float, eps: float, amsgrad: bool,
                 maximize: bool, grad_scale: Tensor | None = None, found_inf: Tensor | None = None) -> None:
    """One Adam step (L2 weight decay) of every tensor in ``self``, ``state_steps`` already counting it:
    torch's single-tensor formula (see the module's docstring)."""
    _adam(self, grads, exp_avgs, exp_avg_sqs, max_exp_avg_sqs, state_steps, lr, beta1, beta2, weight_decay, eps,
          amsgrad, maximize, False, grad_scale, found_inf)


def _fused_adamw_(self: Sequence[Tensor], grads: Sequence[Tensor], exp_avgs: Sequence[Tensor],
                  exp_avg_sqs: Sequence[Tensor], max_exp_avg_sqs: Sequence[Tensor], state_steps: Sequence[Tensor], *,
                  lr: float | Tensor, beta1: float, beta2: float, weight_decay: float, eps: float, amsgrad: bool,
                  maximize: bool, grad_scale: Tensor | None = None, found_inf: Tensor | None = None) -> None:
    """One AdamW step (decoupled weight decay) of every tensor in ``self``: torch's single-tensor formula."""
    _adam(self, grads, exp_avgs, exp_avg_sqs, max_exp_avg_sqs, state_steps, lr, beta1, beta2, weight_decay, eps,
          amsgrad, maximize, True, grad_scale, found_inf)


def _fused_sgd_(self: Sequence[Tensor], grads: Sequence[Tensor], momentum_buffer_list: Sequence[Tensor], *,
                weight_decay: float, momentum: float, lr: float | Tensor, dampening: float, nesterov: bool,
                maximize: bool, is_first_step: bool, grad_scale: Tensor | None = None,
                found_inf: Tensor | None = None) -> None:
    """One SGD step of every tensor in ``self``: torch's single-tensor formula. With ``momentum``, each buffer is
    updated in place (on ``is_first_step`` it is made the gradient, as torch's first step clones it)."""
    if _skip(found_inf):
        return
    grads = _unscaled(grads, grad_scale)
    lr, weight_decay, momentum, dampening = _value(lr), _value(weight_decay), _value(momentum), _value(dampening)
    where = caller_location(2)
    with np.errstate(all="ignore"):
        for k, p in enumerate(self):
            g = grads[k]
            buf = momentum_buffer_list[k] if momentum != 0 else None
            if _fast([p], [g], *([[buf]] if buf is not None else [])) and not (buf is not None and
                                                                              _expanded(buf._data)):
                _sgd_arrays(p._data, g._data, None if buf is None else buf._data, weight_decay, momentum, lr,
                            dampening, nesterov, maximize, is_first_step)
                _bump([p] if buf is None or is_first_step else [p, buf, buf], where)   # (a first step's buffer is new)
            else:
                _sgd_ops(p, g, buf, weight_decay, momentum, lr, dampening, nesterov, maximize, is_first_step)


def _sgd_arrays(p, g, buf, weight_decay, momentum, lr, dampening, nesterov, maximize, is_first_step) -> None:
    # ``own``: g is a scratch array of this call, so later steps may write into it (at most two scratch arrays
    # of a shape at once: a third would be fresh memory, page faults each step)
    own = False
    if maximize:
        g, own = np.negative(g, out=_tmp(g)), True
    if weight_decay != 0:                           # grad.add(param, alpha=weight_decay)
        g, own = _added(g, p, weight_decay, g if own else None), True
    if buf is not None:
        if is_first_step:
            np.copyto(buf, g)
        else:                                       # buf.mul_(momentum).add_(grad, alpha=1 - dampening)
            np.multiply(buf, momentum, out=buf)
            _added(buf, g, 1 - dampening, buf)
        if nesterov:                                # grad.add(buf, alpha=momentum)
            g, own = _added(g, buf, momentum, g if own else None), True
        else:
            g, own = buf, False
    _added(p, g, -lr, p, g if own else None)        # param.add_(grad, alpha=-lr)


def _sgd_ops(p, g, buf, weight_decay, momentum, lr, dampening, nesterov, maximize, is_first_step) -> None:
    grads = _foreach_neg([g]) if maximize else [g]
    if weight_decay != 0:
        grads = _foreach_add(grads, [p], alpha=weight_decay)
    if buf is not None:
        if is_first_step:
            buf.copy_(grads[0])
        else:
            _foreach_mul_([buf], momentum)
            _foreach_add_([buf], grads, alpha=1 - dampening)
        grads = _foreach_add(grads, [buf], alpha=momentum) if nesterov else [buf]
    _foreach_add_([p], grads, alpha=-lr)
