"""``differentiable=True`` optimizers against torch 2.13: the update recorded by autograd.

Three kinds of check, each run on ember and on torch from the same float64 numbers:
- one step as a function of (param, grad, state): torch's own ``_diff_fn`` form (test_optim.py):
  the updated param and state, the gradients of a weighted sum of them with respect to every
  input, and ember's ``gradcheck`` of the step;
- meta-learning through several steps: ``p = p0.clone()`` optimised with the inner loss's gradient
  taken with ``create_graph=True``, then the gradient of an outer loss with respect to ``p0``
  (and a Tensor ``lr``, ``weight_decay`` or ``betas``): values, gradients and ``p.grad_fn``'s name;
  where torch's own update overwrites a tensor it saved (amsgrad, Adamax, centered RMSprop, Rprop,
  SGD momentum with a Tensor ``lr``), torch's error instead;
- torch's errors: a leaf parameter that requires grad, ``fused`` with ``differentiable``, Adam's
  ``step`` that requires grad; grad mode during and after the step.
"""
from __future__ import annotations

import numpy as np
import pytest
import torch

import ember

LIBS = {"ember": ember, "torch": torch}
# Adam/AdamW's differentiable step takes its bias corrections from the float32 ``step`` tensor, so
# they are float32 0-d tensors, and torch's float32 ``sqrt`` of ``bias_correction2`` is not always
# correctly rounded (1 - 0.999 ** 4: torch 0.06319753080..., the exact float32 0.06319753825...):
# a float32 unit in the last place in the step size. Everything else agrees to float64 rounding.
RTOL = {"Adam": 1e-6, "AdamW": 1e-6}
P0 = [0.5, -1.2, 2.0, 0.3]

# (optimizer, kwargs, state: name -> "pos" (a positive tensor like the param), "any", or a number
# for a 0-d float32 tensor that does not require grad)
ONE_STEP = [
    ("SGD", {"lr": 0.1}, {}),
    ("SGD", {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.1}, {"momentum_buffer": "any"}),
    ("SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True, "maximize": True}, {"momentum_buffer": "any"}),
    ("SGD", {"lr": 0.1, "momentum": 0.9, "dampening": 0.3}, {"momentum_buffer": "any"}),
    ("Adam", {"lr": 0.1}, {"step": 10.0, "exp_avg": "any", "exp_avg_sq": "pos"}),
    ("Adam", {"lr": 0.1, "weight_decay": 0.1, "maximize": True}, {"step": 3.0, "exp_avg": "any", "exp_avg_sq": "pos"}),
    ("Adam", {"lr": 0.1, "amsgrad": True}, {"step": 10.0, "exp_avg": "any", "exp_avg_sq": "pos",
                                            "max_exp_avg_sq": "pos"}),
    ("AdamW", {"lr": 0.1, "weight_decay": 0.2}, {"step": 10.0, "exp_avg": "any", "exp_avg_sq": "pos"}),
    ("AdamW", {"lr": 0.1, "amsgrad": True}, {"step": 2.0, "exp_avg": "any", "exp_avg_sq": "pos",
                                             "max_exp_avg_sq": "pos"}),
    ("Adamax", {"lr": 0.1, "weight_decay": 0.1}, {"step": 10.0, "exp_avg": "any", "exp_inf": "pos"}),
    ("NAdam", {"lr": 0.1}, {"step": 10.0, "mu_product": 0.5, "exp_avg": "any", "exp_avg_sq": "pos"}),
    ("NAdam", {"lr": 0.1, "weight_decay": 0.1, "decoupled_weight_decay": True},
     {"step": 10.0, "mu_product": 0.5, "exp_avg": "any", "exp_avg_sq": "pos"}),
    ("RAdam", {"lr": 0.1}, {"step": 10.0, "exp_avg": "any", "exp_avg_sq": "pos"}),
    ("RAdam", {"lr": 0.1, "weight_decay": 0.1}, {"step": 2.0, "exp_avg": "any", "exp_avg_sq": "pos"}),
    ("RMSprop", {"lr": 0.1}, {"step": 10.0, "square_avg": "pos"}),
    ("RMSprop", {"lr": 0.1, "centered": True, "momentum": 0.5, "weight_decay": 0.1},
     {"step": 10.0, "square_avg": "pos", "momentum_buffer": "any", "grad_avg": "small"}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.1}, {"step": 10.0, "sum": "pos"}),
    ("Adadelta", {"lr": 0.5, "weight_decay": 0.1}, {"step": 10.0, "square_avg": "pos", "acc_delta": "pos"}),
    # mu = 1: with mu != 1 torch's ``ax.add_(param.sub(ax).mul_(mu))`` saves mu, then overwrites it
    ("ASGD", {"lr": 0.1, "t0": 1, "weight_decay": 0.1}, {"step": 10.0, "eta": 0.05, "mu": 1.0, "ax": "any"}),
    ("Rprop", {"lr": 0.1}, {"step": 10.0, "prev": "any", "step_size": "pos"}),
]


def _state_values(spec: dict, rng: np.random.RandomState) -> dict:
    out = {}
    for name, kind in spec.items():
        if kind == "pos":
            out[name] = rng.uniform(0.5, 2.0, size=len(P0))
        elif kind == "small":
            out[name] = rng.uniform(-0.3, 0.3, size=len(P0))
        elif kind == "any":
            out[name] = rng.uniform(-1.0, 1.0, size=len(P0))
        else:
            out[name] = kind
    return out


def _one_step_fn(lib, name: str, kwargs: dict, names: list[str], fixed: dict):
    """torch's ``_diff_fn``: one ``differentiable=True`` step of ``(p, grad, *state)`` -> ``(p, *state)``."""
    def fn(p, grad, *state_tensors):
        p = p.clone()
        p.grad = grad
        state = {k: v.clone() for k, v in zip(names, state_tensors)}
        state.update({k: lib.tensor(v, dtype=lib.float32) for k, v in fixed.items()})
        opt = getattr(lib.optim, name)([p], differentiable=True, **kwargs)
        opt.state[p].update(state)
        opt.step()
        return (p,) + tuple(opt.state[p][k] for k in names)
    return fn


def _one_step_inputs(lib, spec: dict, seed: int):
    rng = np.random.RandomState(seed)
    grad = rng.uniform(-1.0, 1.0, size=len(P0))
    values = _state_values(spec, rng)
    names = [k for k, v in values.items() if not isinstance(v, float)]
    fixed = {k: v for k, v in values.items() if isinstance(v, float)}
    leaf = [lib.tensor(x, dtype=lib.float64, requires_grad=True) for x in [P0, grad] + [values[k] for k in names]]
    return leaf, names, fixed


@pytest.mark.parametrize("name,kwargs,spec", ONE_STEP, ids=[f"{c[0]}-{c[1]}" for c in ONE_STEP])
def test_one_step_values_and_grads_match_torch(name, kwargs, spec):
    results = {}
    for key, lib in LIBS.items():
        leaf, names, fixed = _one_step_inputs(lib, spec, seed=len(name) + len(kwargs))
        fn = _one_step_fn(lib, name, kwargs, names, fixed)
        outs = fn(*leaf)
        weights = [lib.tensor(np.linspace(0.5, 1.5, len(P0)) * (i + 1), dtype=lib.float64) for i in range(len(outs))]
        total = sum((o * w).sum() for o, w in zip(outs, weights))
        grads = lib.autograd.grad(total, leaf, allow_unused=True)
        results[key] = ([o.detach().numpy().copy() for o in outs],
                        [None if g is None else g.numpy().copy() for g in grads], type(outs[0].grad_fn).__name__)
        if key == "ember":
            assert ember.autograd.gradcheck(fn, tuple(leaf))
    (e_out, e_grad, e_fn), (t_out, t_grad, t_fn) = results["ember"], results["torch"]
    assert e_fn == t_fn
    rtol = RTOL.get(name, 1e-12)
    for e, t in zip(e_out, t_out):
        np.testing.assert_allclose(e, t, rtol=rtol, atol=1e-14)
    for e, t in zip(e_grad, t_grad):
        assert (e is None) == (t is None)
        if t is not None:
            np.testing.assert_allclose(e, t, rtol=rtol, atol=1e-14)


def _inner_loss(q):
    return (q ** 4).sum() + (q.sin() * q).sum()


def _meta(lib, name: str, kwargs: dict, steps: int, tensor_arg: str | None = None):
    """Optimise ``p = p0.clone()`` for ``steps`` steps with differentiable grads; return the outer loss's
    gradient with respect to ``p0`` (and ``kwargs[tensor_arg]`` made a Tensor that requires grad)."""
    p0 = lib.tensor(P0, dtype=lib.float64, requires_grad=True)
    p = p0.clone()
    p.retain_grad()
    inputs = [p0]
    if tensor_arg is not None:
        value = lib.tensor(kwargs[tensor_arg], dtype=lib.float64, requires_grad=True)
        kwargs = dict(kwargs, **{tensor_arg: value})
        inputs.append(value)
    opt = getattr(lib.optim, name)([p], differentiable=True, **kwargs)
    for _ in range(steps):
        q = p.clone()   # the inner graph saves the clone, which the in-place update leaves alone
        g, = lib.autograd.grad(_inner_loss(q), p, create_graph=True)
        p.grad = g
        opt.step()
    meta = (p ** 2).sum() + p.cos().sum()
    grads = lib.autograd.grad(meta, inputs)
    return p.detach().numpy().copy(), [g.numpy().copy() for g in grads], type(p.grad_fn).__name__


META = [
    ("SGD", {"lr": 0.01}),
    ("SGD", {"lr": 0.01, "momentum": 0.9}),
    ("SGD", {"lr": 0.01, "momentum": 0.9, "nesterov": True, "weight_decay": 0.1}),
    ("SGD", {"lr": 0.01, "momentum": 0.9, "dampening": 0.3, "maximize": True}),
    ("Adam", {"lr": 0.01}),
    ("Adam", {"lr": 0.01, "weight_decay": 0.1, "betas": (0.8, 0.99)}),
    ("AdamW", {"lr": 0.01}),
    ("AdamW", {"lr": 0.01, "weight_decay": 0.3, "maximize": True}),
    ("NAdam", {"lr": 0.01}),
    ("NAdam", {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True}),
    ("RAdam", {"lr": 0.01}),
    ("RAdam", {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True}),
    ("RMSprop", {"lr": 0.01}),
    ("RMSprop", {"lr": 0.01, "momentum": 0.5, "weight_decay": 0.1}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.01}),
    ("Adadelta", {"lr": 0.5, "weight_decay": 0.1}),
    ("ASGD", {"lr": 0.01, "t0": 1}),
    ("ASGD", {"lr": 0.01, "t0": 0, "weight_decay": 0.1}),   # mu < 1 from step 2 (ax is not in the outer loss)
]


@pytest.mark.parametrize("name,kwargs", META, ids=[f"{c[0]}-{c[1]}" for c in META])
def test_meta_gradient_through_steps_matches_torch(name, kwargs):
    steps = 8 if name == "RAdam" else 3     # RAdam's rectified branch starts at step 6
    (ep, eg, efn), (tp, tg, tfn) = (_meta(lib, name, kwargs, steps) for lib in (ember, torch))
    assert efn == tfn
    rtol = RTOL.get(name, 1e-11)
    np.testing.assert_allclose(ep, tp, rtol=rtol, atol=1e-14)
    for e, t in zip(eg, tg):
        np.testing.assert_allclose(e, t, rtol=rtol, atol=1e-14)


TENSOR_ARGS = [("SGD", {"lr": 0.01}, "lr"), ("SGD", {"lr": 0.01, "weight_decay": 0.1}, "lr"),
               ("Adam", {"lr": 0.01}, "lr"), ("AdamW", {"lr": 0.01, "weight_decay": 0.1}, "lr"),
               ("SGD", {"lr": 0.01, "weight_decay": 0.1}, "weight_decay"),
               ("SGD", {"lr": 0.01, "momentum": 0.9, "weight_decay": 0.1}, "weight_decay"),
               ("Adam", {"lr": 0.01, "weight_decay": 0.1}, "weight_decay")]


@pytest.mark.parametrize("name,kwargs,tensor_arg", TENSOR_ARGS)
def test_meta_gradient_for_a_tensor_hyperparameter_matches_torch(name, kwargs, tensor_arg):
    (ep, eg, efn), (tp, tg, tfn) = (_meta(lib, name, kwargs, 3, tensor_arg) for lib in (ember, torch))
    assert efn == tfn
    rtol = RTOL.get(name, 1e-11)
    np.testing.assert_allclose(ep, tp, rtol=rtol, atol=1e-14)
    for e, t in zip(eg, tg):
        np.testing.assert_allclose(e, t, rtol=rtol, atol=1e-14)


@pytest.mark.parametrize("name,kwargs,tensor_arg", [("Adam", {"lr": 0.01, "amsgrad": True}, None),
                                                    ("AdamW", {"lr": 0.01, "amsgrad": True, "maximize": True}, None),
                                                    ("Adamax", {"lr": 0.01}, None),
                                                    ("RMSprop", {"lr": 0.01, "centered": True}, None),
                                                    ("Rprop", {"lr": 0.01}, None),
                                                    ("SGD", {"lr": 0.01, "momentum": 0.9}, "lr")])
def test_meta_gradient_errors_where_torch_overwrites_a_saved_tensor(name, kwargs, tensor_arg):
    errors = {}
    for key, lib in LIBS.items():
        with pytest.raises(RuntimeError) as info:
            _meta(lib, name, kwargs, 3, tensor_arg)
        errors[key] = str(info.value)
    prefix = "one of the variables needed for gradient computation has been modified by an inplace operation: "
    assert errors["torch"].startswith(prefix) and errors["ember"].startswith(prefix)
    # the node whose output was overwritten, e.g. "which is output 0 of Lerp"
    assert errors["ember"].split(", is at version")[0] == errors["torch"].split(", is at version")[0]


def _meta_betas(lib, betas_grad: tuple[bool, bool]):
    p0 = lib.tensor(P0, dtype=lib.float64, requires_grad=True)
    p = p0.clone()
    betas = tuple(lib.tensor(b, dtype=lib.float64, requires_grad=f) for b, f in zip((0.9, 0.99), betas_grad))
    opt = lib.optim.Adam([p], lr=0.01, betas=betas, differentiable=True)
    for _ in range(3):
        q = p.clone()
        p.grad, = lib.autograd.grad(_inner_loss(q), p, create_graph=True)
        opt.step()
    inputs = [p0] + [b for b in betas if b.requires_grad]
    grads = lib.autograd.grad((p ** 2).sum() + p.cos().sum(), inputs)
    return p.detach().numpy().copy(), [g.numpy().copy() for g in grads], type(p.grad_fn).__name__


@pytest.mark.parametrize("betas_grad", [(False, False), (True, False), (False, True), (True, True)])
def test_meta_gradient_for_tensor_betas_matches_torch(betas_grad):
    (ep, eg, efn), (tp, tg, tfn) = (_meta_betas(lib, betas_grad) for lib in (ember, torch))
    assert efn == tfn
    np.testing.assert_allclose(ep, tp, rtol=RTOL["Adam"], atol=1e-14)
    assert len(eg) == len(tg) == 1 + sum(betas_grad)
    for e, t in zip(eg, tg):
        np.testing.assert_allclose(e, t, rtol=RTOL["Adam"], atol=1e-14)


def test_adam_step_that_requires_grad_is_refused():
    messages = []
    for lib in (ember, torch):
        p = lib.zeros(2, dtype=lib.float64, requires_grad=True) * 1
        p.grad = lib.ones(2, dtype=lib.float64)
        opt = lib.optim.Adam([p], differentiable=True)
        opt.step()
        opt.state[p]["step"].requires_grad_(True)
        with pytest.raises(RuntimeError) as info:
            opt.step()
        messages.append(str(info.value))
    assert messages[0] == messages[1]


def test_leaf_parameter_that_requires_grad_raises_at_step():
    messages = []
    for lib in (ember, torch):
        p = lib.tensor(P0, dtype=lib.float64, requires_grad=True)
        p.grad = lib.ones(4, dtype=lib.float64)
        opt = lib.optim.SGD([p], lr=0.1, differentiable=True)
        with pytest.raises(RuntimeError) as info:
            opt.step()
        messages.append(str(info.value))
    assert messages[0] == messages[1]


@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW", "Adagrad"])
def test_fused_refuses_differentiable(name):
    messages = []
    for lib in (ember, torch):
        p = lib.zeros(3, requires_grad=True)
        with pytest.raises(RuntimeError) as info:
            getattr(lib.optim, name)([p], fused=True, differentiable=True)
        messages.append(str(info.value))
    assert messages[0] == messages[1]


def test_non_leaf_accepted_only_when_differentiable():
    for lib in (ember, torch):
        p = lib.zeros(3, requires_grad=True) * 2
        with pytest.raises(ValueError, match="can't optimize a non-leaf Tensor"):
            lib.optim.SGD([p], lr=0.1)
        assert lib.optim.SGD([p], lr=0.1, differentiable=True).param_groups[0]["differentiable"] is True


def test_differentiable_step_records_even_under_no_grad_and_restores_grad_mode():
    seen = {}
    for key, lib in LIBS.items():
        p0 = lib.tensor(P0, dtype=lib.float64, requires_grad=True)
        p = p0.clone()
        p.grad = p0 * 3
        opt = lib.optim.SGD([p], lr=0.1, differentiable=True)
        with lib.no_grad():
            opt.step()
            still_off = lib.is_grad_enabled()
        g, = lib.autograd.grad(p.sum(), p0)
        seen[key] = (still_off, type(p.grad_fn).__name__, g.numpy().copy())
    assert seen["ember"][:2] == seen["torch"][:2] == (False, "AddBackward0")
    np.testing.assert_array_equal(seen["ember"][2], seen["torch"][2])


def test_default_step_records_nothing():
    p = ember.tensor(P0, requires_grad=True)
    p.grad = ember.ones(4)
    ember.optim.Adam([p], lr=0.1).step()
    assert p.grad_fn is None and p.is_leaf


@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW", "Adamax", "NAdam", "RAdam", "RMSprop", "Adagrad",
                                  "Adadelta", "ASGD", "Rprop"])
def test_foreach_with_differentiable_as_torch(name):
    """torch's ``_foreach`` updates refuse autograd at the step (AssertionError); SGD's runs."""
    outcome = []
    for lib in (ember, torch):
        p = lib.tensor(P0, dtype=lib.float64, requires_grad=True) * 1
        p.grad = lib.ones(4, dtype=lib.float64)
        opt = getattr(lib.optim, name)([p], foreach=True, differentiable=True)
        try:
            opt.step()
            outcome.append(("ok", p.detach().numpy().copy().tolist()))
        except AssertionError as e:
            outcome.append(("AssertionError", str(e)))
    assert outcome[0] == outcome[1]
