"""torch's ``_foreach_*`` ops and fused optimizer kernels (ember/ops/foreach.py, fused_optim.py).

The foreach ops against torch live (values, errors) and, bit for bit, against the loop of single ops they
stand for, on both of their paths (the arrays, and the single ops when the call can record). The fused
kernels against the per-parameter loop of single ops in torch's single-tensor order (the optimizers'
numbers before they used the kernels), bit for bit, with the versions that loop leaves, for every option.
"""
from __future__ import annotations

import numpy as np
import pytest
from behave import same

import ember

torch = pytest.importorskip("torch")

SHAPES = [(3, 4), (5,), (2, 3, 2), ()]


def _lists(lib, dtype="float64", seed=0, n=3, positive=False):
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        arrays = [rng.standard_normal(s) for s in SHAPES]
        if positive:
            arrays = [np.abs(a) + 0.5 for a in arrays]
        out.append([lib.tensor(a, dtype=getattr(lib, dtype)) for a in arrays])
    return out


CALLS = {
    "add_ list alpha": lambda lib, a, b, c: lib._foreach_add_(a, b, alpha=0.3),
    "add_ list": lambda lib, a, b, c: lib._foreach_add_(a, b),
    "add_ scalar": lambda lib, a, b, c: lib._foreach_add_(a, 1.25),
    "add_ scalars": lambda lib, a, b, c: lib._foreach_add_(a, [1.0, 2.0, 3.0, -1.0]),
    "sub_ list alpha": lambda lib, a, b, c: lib._foreach_sub_(a, b, alpha=2),
    "mul_ scalar": lambda lib, a, b, c: lib._foreach_mul_(a, 0.999),
    "mul_ list": lambda lib, a, b, c: lib._foreach_mul_(a, b),
    "div_ scalars": lambda lib, a, b, c: lib._foreach_div_(a, [0.5, 3.0, 7.0, 2.5]),
    "div_ list": lambda lib, a, b, c: lib._foreach_div_(a, c),
    "maximum_": lambda lib, a, b, c: lib._foreach_maximum_(a, b),
    "lerp_ small": lambda lib, a, b, c: lib._foreach_lerp_(a, b, 0.1),
    "lerp_ large": lambda lib, a, b, c: lib._foreach_lerp_(a, b, 0.75),
    "addcmul_": lambda lib, a, b, c: lib._foreach_addcmul_(a, b, c, 0.001),
    "addcmul_ one": lambda lib, a, b, c: lib._foreach_addcmul_(a, b, c),
    "addcdiv_ scalars": lambda lib, a, b, c: lib._foreach_addcdiv_(a, b, c, [-0.1, 0.2, 1.0, 3.0]),
    "addcdiv_": lambda lib, a, b, c: lib._foreach_addcdiv_(a, b, c, -0.01),
    "sqrt_": lambda lib, a, b, c: lib._foreach_sqrt_(c),
    "zero_": lambda lib, a, b, c: lib._foreach_zero_(a),
}
RESULTS = {
    "add": lambda lib, a, b, c: lib._foreach_add(a, b, alpha=-2.5),
    "add scalar": lambda lib, a, b, c: lib._foreach_add(a, 3.0),
    "neg": lambda lib, a, b, c: lib._foreach_neg(a),
    "sqrt": lambda lib, a, b, c: lib._foreach_sqrt(c),
}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", sorted(CALLS))
def test_inplace_foreach_ops_match_torch(name, dtype):
    def run(lib):
        a, b, c = _lists(lib, dtype)
        c = [x.abs() + 0.5 for x in c]
        out = CALLS[name](lib, a, b, c)
        return out, a, c, [t._version for t in a]
    same(run, rtol=1e-6 if dtype == "float32" else 1e-12)


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_out_of_place_foreach_ops_match_torch(name):
    def run(lib):
        a, b, c = _lists(lib)
        c = [x.abs() + 0.5 for x in c]
        return RESULTS[name](lib, a, b, c), a
    same(run, rtol=1e-12)


@pytest.mark.parametrize("call", [
    lambda lib: lib._foreach_add_([lib.ones(2), lib.ones(3)], [lib.ones(2)]),
    lambda lib: lib._foreach_add_([], 1.0),
    lambda lib: lib._foreach_mul_([lib.ones(2), lib.ones(3)], [1.0, 2.0, 3.0]),
    lambda lib: lib._foreach_add_([lib.ones(2)], [lib.ones(3)]),
    lambda lib: lib._foreach_add_([lib.ones(2, requires_grad=True)], 1.0),
])
def test_foreach_errors_as_torch(call):
    same(call)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_the_array_path_is_the_loop_of_single_ops_bit_for_bit(name):
    """The same call with grad mode on and a list that requires grad takes the single ops: same bits."""
    with ember.no_grad():
        a, b, c = _lists(ember, "float32")
        c = [x.abs() + 0.5 for x in c]
        CALLS[name](ember, a, b, c)
    a2, b2, c2 = _lists(ember, "float32")
    c2 = [x.abs() + 0.5 for x in c2]
    b2 = [x.requires_grad_() for x in b2]     # recording: the single ops, one by one
    CALLS[name](ember, a2, b2, c2)
    for x, y in zip(a + c, a2 + c2):
        assert x.detach().numpy().tobytes() == y.detach().numpy().tobytes()
        assert x._version == y._version


def test_foreach_records_when_it_can():
    def run(lib):
        x = lib.ones(3, requires_grad=True)
        y = [x * 2, x * 3]
        lib._foreach_mul_(y, [x, x])
        lib._foreach_add_(y, 1.0)
        sum(t.sum() for t in y).backward()
        return x.grad
    same(run)


# ------------------------------------------------------------------------------------------------
# the fused kernels against the per-parameter loop of single ops (torch's single-tensor order)

def _reference_adam(params, grads, exp_avgs, exp_avg_sqs, maxima, steps, lr, beta1, beta2, weight_decay, eps,
                    amsgrad, maximize, decoupled):
    from ember.optim import _ops
    for k, param in enumerate(params):
        grad, exp_avg, exp_avg_sq = grads[k], exp_avgs[k], exp_avg_sqs[k]
        if maximize:
            grad = -grad
        if weight_decay != 0:
            if decoupled:
                param.mul_(1 - lr * weight_decay)
            else:
                grad = grad.add(param, alpha=weight_decay)
        _ops.lerp_(exp_avg, grad, 1 - beta1)
        _ops.addcmul_(exp_avg_sq.mul_(beta2), grad, grad, value=1 - beta2)
        step = steps[k].item()
        step_size = lr / (1 - beta1 ** step)
        bias_correction2_sqrt = (1 - beta2 ** step) ** 0.5
        denom = maxima[k].clamp_min_(exp_avg_sq).sqrt() if amsgrad else exp_avg_sq.sqrt()
        denom = denom / bias_correction2_sqrt + eps
        _ops.addcdiv_(param, exp_avg, denom, value=-step_size)


def _reference_sgd(params, grads, bufs, weight_decay, momentum, lr, dampening, nesterov, maximize, first):
    from ember.optim import _ops
    for k, p in enumerate(params):
        grad = grads[k]
        if maximize:
            grad = -grad
        if weight_decay != 0:
            grad = grad.add(p, alpha=weight_decay)
        if momentum != 0:
            buf = bufs[k]
            if first:
                buf.copy_(grad)
                buf._vc[0] -= 1          # (the optimizer's first buffer is a fresh clone: version 0)
            else:
                _ops.add_scaled_(buf.mul_(momentum), grad, 1 - dampening)
            grad = grad.add(buf, alpha=momentum) if nesterov else buf
        _ops.add_scaled_(p, grad, -lr)


def _state(dtype, seed, n_lists, big):
    rng = np.random.default_rng(seed)
    shapes = [(300, 70), (7,), (4, 5)] if big else [(3, 4), (5,)]
    out = []
    for j in range(n_lists):
        arrays = [rng.standard_normal(s) for s in shapes]
        if j in (3, 4):
            arrays = [np.abs(a) for a in arrays]      # exp_avg_sq, max_exp_avg_sq
        out.append([ember.tensor(a, dtype=getattr(ember, dtype)) for a in arrays])
    arrays = out[1]
    arrays[0][0, 0] = 0.0
    return out


def _bits(tensors):
    return [t.numpy().tobytes() for t in tensors] + [t._version for t in tensors]


ADAM = [dict(), dict(weight_decay=0.1), dict(amsgrad=True), dict(maximize=True, weight_decay=0.05, amsgrad=True),
        dict(beta1=0.3, beta2=0.5), dict(beta1=0.0)]


@pytest.mark.parametrize("big", [False, True])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("decoupled", [False, True])
@pytest.mark.parametrize("kw", ADAM, ids=[str(k) for k in ADAM])
def test_fused_adam_is_the_single_tensor_loop_bit_for_bit(kw, decoupled, dtype, big):
    opts = dict(lr=0.01, beta1=0.9, beta2=0.999, weight_decay=0.0, eps=1e-8, amsgrad=False, maximize=False)
    opts.update(kw)
    results = []
    for fused in (True, False):
        p, g, m, v, mx = _state(dtype, 3, 5, big)
        steps = [ember.tensor(3.0) for _ in p]
        with ember.no_grad():
            if fused:
                (ember._fused_adamw_ if decoupled else ember._fused_adam_)(
                    p, g, m, v, mx if opts["amsgrad"] else [], steps, **opts)
            else:
                _reference_adam(p, g, m, v, mx, steps, opts["lr"], opts["beta1"], opts["beta2"], opts["weight_decay"],
                                opts["eps"], opts["amsgrad"], opts["maximize"], decoupled)
        results.append(_bits(p + m + v + (mx if opts["amsgrad"] else [])))
    assert results[0] == results[1]


SGD = [dict(momentum=0.0), dict(momentum=0.9), dict(momentum=0.9, nesterov=True, weight_decay=0.01),
       dict(momentum=0.5, dampening=0.2, maximize=True), dict(momentum=0.9, is_first_step=True)]


@pytest.mark.parametrize("big", [False, True])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("kw", SGD, ids=[str(k) for k in SGD])
def test_fused_sgd_is_the_single_tensor_loop_bit_for_bit(kw, dtype, big):
    opts = dict(weight_decay=0.0, momentum=0.0, lr=0.05, dampening=0.0, nesterov=False, maximize=False,
                is_first_step=False)
    opts.update(kw)
    results = []
    for fused in (True, False):
        p, g, buf = _state(dtype, 4, 3, big)
        with ember.no_grad():
            if fused:
                ember._fused_sgd_(p, g, buf if opts["momentum"] else [], **opts)
            else:
                _reference_sgd(p, g, buf, opts["weight_decay"], opts["momentum"], opts["lr"], opts["dampening"],
                               opts["nesterov"], opts["maximize"], opts["is_first_step"])
        results.append(_bits(p + (buf if opts["momentum"] else [])))
    assert results[0] == results[1]


@pytest.mark.parametrize("kernel", ["_fused_adam_", "_fused_adamw_"])
def test_fused_adam_matches_torchs_kernel(kernel):
    """torch's fused kernel rounds its own way (one pass per line): to float64 rounding, as is; with
    ``found_inf`` set nothing changes; ``grad_scale`` divides the gradients first."""
    def run(lib, found=0.0, scale=None):
        rng = np.random.default_rng(5)
        p, g, m = ([lib.tensor(rng.standard_normal((4, 3))) for _ in range(2)] for _ in range(3))
        v = [lib.tensor(np.abs(rng.standard_normal((4, 3)))) for _ in range(2)]
        steps = [lib.tensor(2.0), lib.tensor(5.0)]
        extra = {} if scale is None else {"grad_scale": lib.tensor(scale), "found_inf": lib.tensor(found)}
        with lib.no_grad():
            getattr(lib, kernel)(p, g, m, v, [], steps, lr=0.01, beta1=0.9, beta2=0.99, weight_decay=0.1, eps=1e-8,
                                 amsgrad=False, maximize=False, **extra)
        return p, m, v
    same(run, rtol=1e-12, atol=1e-14)
    same(lambda lib: run(lib, 1.0, 2.0), rtol=0, atol=0)
    same(lambda lib: run(lib, 0.0, 4.0), rtol=1e-12, atol=1e-14)


def test_a_parameter_the_arrays_cannot_serve_takes_the_single_ops():
    """An expanded exp_avg_sq (stride 0) is refused by the single op's overlap check, as torch's mul_ is."""
    p, g, m = [ember.ones(3)], [ember.ones(3)], [ember.zeros(3)]
    v = [ember.zeros(1).expand(3)]
    with ember.no_grad(), pytest.raises(RuntimeError, match="more than one element"):
        ember._fused_adam_(p, g, m, v, [], [ember.tensor(1.0)], lr=0.1, beta1=0.9, beta2=0.99, weight_decay=0.0,
                           eps=1e-8, amsgrad=False, maximize=False)
