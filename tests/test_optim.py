"""ember.optim against torch 2.13: the same initial weights and gradients, 100 steps, the same parameters.

Each optimizer runs on both libraries with every option combination listed below, in float32
and float64; the parameters must agree to float rounding (torch's CPU kernels fuse some
multiply-adds, ember rounds the product first, so the last bit may differ). The base class is
checked for torch's structure: param_groups, state_dict (int ids, float32 0-d ``step``),
load_state_dict resuming, errors and messages, reprs, zero_grad, step hooks and closures.
"""
from __future__ import annotations

import copy
import inspect
import warnings

import numpy as np
import pytest
import torch

import ember

LIBS = {"ember": ember, "torch": torch}

CASES = [
    ("SGD", {"lr": 0.1}),
    ("SGD", {"lr": 0.05, "momentum": 0.9}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.3, "weight_decay": 0.01}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.02}),
    ("SGD", {"lr": 0.05, "momentum": 0.5, "maximize": True}),
    ("Adam", {}),
    ("Adam", {"lr": 0.01, "weight_decay": 0.1}),
    ("Adam", {"lr": 0.01, "amsgrad": True}),
    ("Adam", {"lr": 0.01, "amsgrad": True, "weight_decay": 0.05, "maximize": True, "betas": (0.8, 0.99)}),
    ("Adam", {"lr": 0.01, "decoupled_weight_decay": True, "weight_decay": 0.1}),
    ("AdamW", {}),
    ("AdamW", {"lr": 0.01, "amsgrad": True, "weight_decay": 0.3}),
    ("AdamW", {"lr": 0.01, "maximize": True}),
    ("RMSprop", {}),
    ("RMSprop", {"centered": True}),
    ("RMSprop", {"momentum": 0.9, "weight_decay": 0.1}),
    ("RMSprop", {"centered": True, "momentum": 0.9, "maximize": True, "alpha": 0.9}),
    ("Adagrad", {}),
    ("Adagrad", {"lr_decay": 0.01, "initial_accumulator_value": 0.1, "weight_decay": 0.1}),
    ("Adagrad", {"maximize": True, "eps": 1e-6}),
    ("Adadelta", {}),
    ("Adadelta", {"rho": 0.5, "weight_decay": 0.1, "maximize": True}),
    ("Adamax", {}),
    ("Adamax", {"weight_decay": 0.1, "maximize": True}),
    ("NAdam", {}),
    ("NAdam", {"weight_decay": 0.1}),
    ("NAdam", {"weight_decay": 0.1, "decoupled_weight_decay": True, "momentum_decay": 0.01}),
    ("RAdam", {}),
    ("RAdam", {"weight_decay": 0.1}),
    ("RAdam", {"weight_decay": 0.1, "decoupled_weight_decay": True, "maximize": True}),
    ("ASGD", {}),
    ("ASGD", {"t0": 10, "lambd": 0.01, "weight_decay": 0.1}),
    ("Rprop", {}),
    ("Rprop", {"etas": (0.3, 1.5), "step_sizes": (1e-3, 0.5), "maximize": True}),
]
TOL = {"float32": dict(rtol=2e-5, atol=2e-6), "float64": dict(rtol=1e-12, atol=1e-13)}


def make_params(lib, dtype, seed=0):
    rng = np.random.default_rng(seed)
    d = getattr(lib, dtype)
    return [lib.nn.Parameter(lib.tensor(rng.standard_normal((7, 5)), dtype=d)),
            lib.nn.Parameter(lib.tensor(rng.standard_normal(5), dtype=d))]


def feed(lib, params, rng, dtype):
    for p in params:
        p.grad = lib.tensor(rng.standard_normal(tuple(p.shape)), dtype=getattr(lib, dtype))


def run(lib, name, kw, dtype, steps=100):
    rng = np.random.default_rng(1)
    params = make_params(lib, dtype)
    opt = getattr(lib.optim, name)(params, **kw)
    for _ in range(steps):
        feed(lib, params, rng, dtype)
        opt.step()
    return opt, params


def close(a, b, dtype):
    np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), **TOL[dtype])


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name,kw", CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_100_steps_match_torch(name, kw, dtype):
    (eo, ep), (to, tp) = run(ember, name, kw, dtype), run(torch, name, kw, dtype)
    for a, b in zip(ep, tp):
        assert a.dtype == getattr(ember, dtype)
        close(a, b, dtype)
    # the state torch keeps, entry for entry, with the same dtypes
    for a, b in zip(ep, tp):
        es, ts = eo.state[a], to.state[b]
        assert list(es) == list(ts)
        for key in ts:
            if isinstance(ts[key], torch.Tensor):
                assert str(es[key].dtype) == str(ts[key].dtype), key
                assert tuple(es[key].shape) == tuple(ts[key].shape), key
                np.testing.assert_allclose(es[key].numpy(), ts[key].numpy(), rtol=1e-4, atol=1e-5)
            else:
                assert es[key] == ts[key]


@pytest.mark.parametrize("name,kw", CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_repr_and_param_groups_match_torch(name, kw):
    e = getattr(ember.optim, name)(make_params(ember, "float32"), **kw)
    t = getattr(torch.optim, name)(make_params(torch, "float32"), **kw)
    assert repr(e) == repr(t)
    assert [{k: v for k, v in g.items() if k != "params"} for g in e.param_groups] == \
        [{k: v for k, v in g.items() if k != "params"} for g in t.param_groups]


@pytest.mark.parametrize("name,kw", CASES[::3], ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES[::3])])
def test_state_dict_resumes(name, kw):
    """50 steps, save, a fresh optimizer loads it, 50 more: the same as 100 in a row, and as torch."""
    rng = np.random.default_rng(1)
    params = make_params(ember, "float32")
    opt = getattr(ember.optim, name)(params, **kw)
    for _ in range(50):
        feed(ember, params, rng, "float32")
        opt.step()
    sd = copy.deepcopy(opt.state_dict())   # as saved to disk: torch's state_dict holds the live tensors
    assert sorted(sd) == ["param_groups", "state"]
    assert sd["param_groups"][0]["params"] == [0, 1]
    assert all(isinstance(k, int) for k in sd["state"])
    if "step" in sd["state"].get(0, {}):
        step = sd["state"][0]["step"]
        assert step.dtype == ember.float32 and step.dim() == 0 and step.item() == 50.0
    copies = [ember.nn.Parameter(p.detach().clone()) for p in params]
    opt2 = getattr(ember.optim, name)(copies, **kw)
    opt2.load_state_dict(sd)
    assert opt2.state_dict()["param_groups"] == sd["param_groups"]
    for _ in range(50):
        g = [rng.standard_normal(tuple(p.shape)) for p in params]
        for p, q, x in zip(params, copies, g):
            p.grad = ember.tensor(x, dtype=ember.float32)
            q.grad = ember.tensor(x, dtype=ember.float32)
        opt.step()
        opt2.step()
    _, tp = run(torch, name, kw, "float32")
    for p, q, t in zip(params, copies, tp):
        assert (p.detach().numpy() == q.detach().numpy()).all()
        close(q, t, "float32")


def test_state_dict_structure_matches_torch():
    out = {}
    for key, lib in LIBS.items():
        params = make_params(lib, "float32")
        opt = lib.optim.SGD([{"params": params[:1]}, {"params": params[1:], "lr": 0.5}], lr=0.1, momentum=0.9)
        feed(lib, params, np.random.default_rng(0), "float32")
        opt.step()
        sd = opt.state_dict()
        out[key] = (sd["param_groups"], {k: sorted(v) for k, v in sd["state"].items()})
    assert out["ember"] == out["torch"]


def test_load_state_dict_errors_match_torch():
    def attempt(lib, groups):
        a = lib.optim.SGD(make_params(lib, "float32"), lr=0.1)
        p = make_params(lib, "float32")
        b = lib.optim.SGD(groups(p), lr=0.1)
        try:
            b.load_state_dict(a.state_dict())
        except ValueError as exc:
            return str(exc)
    for groups in (lambda p: [{"params": p[:1]}, {"params": p[1:]}], lambda p: p[:1]):
        assert attempt(ember, groups) == attempt(torch, groups) is not None


def errors(lib, build):
    try:
        build(lib)
    except Exception as exc:  # noqa: BLE001
        return type(exc).__name__, str(exc)
    return None


BAD = {
    "empty": lambda m: m.optim.SGD([], lr=0.1),
    "tensor": lambda m: m.optim.SGD(m.nn.Parameter(m.ones(2)), lr=0.1),
    "set": lambda m: m.optim.SGD([{"params": {m.nn.Parameter(m.ones(2))}}], lr=0.1),
    "non-leaf": lambda m: m.optim.SGD([m.ones(2, requires_grad=True) * 2], lr=0.1),
    "not a tensor": lambda m: m.optim.SGD([1.0], lr=0.1),
    "two groups": lambda m: (lambda p: m.optim.SGD([{"params": [p]}, {"params": [p]}], lr=0.1))(
        m.nn.Parameter(m.ones(2))),
    "lr<0": lambda m: m.optim.SGD([m.nn.Parameter(m.ones(2))], lr=-0.1),
    "momentum<0": lambda m: m.optim.SGD([m.nn.Parameter(m.ones(2))], momentum=-1),
    "nesterov": lambda m: m.optim.SGD([m.nn.Parameter(m.ones(2))], momentum=0, nesterov=True),
    "adam lr": lambda m: m.optim.Adam([m.nn.Parameter(m.ones(2))], lr=-1),
    "adam eps": lambda m: m.optim.Adam([m.nn.Parameter(m.ones(2))], eps=-1),
    "adam beta0": lambda m: m.optim.Adam([m.nn.Parameter(m.ones(2))], betas=(1.0, 0.9)),
    "adam beta1": lambda m: m.optim.AdamW([m.nn.Parameter(m.ones(2))], betas=(0.9, -0.1)),
    "adam wd": lambda m: m.optim.Adam([m.nn.Parameter(m.ones(2))], weight_decay=-1),
    "rmsprop alpha": lambda m: m.optim.RMSprop([m.nn.Parameter(m.ones(2))], alpha=-1),
    "adagrad lr_decay": lambda m: m.optim.Adagrad([m.nn.Parameter(m.ones(2))], lr_decay=-1),
    "adagrad init": lambda m: m.optim.Adagrad([m.nn.Parameter(m.ones(2))], initial_accumulator_value=-1),
    "adadelta rho": lambda m: m.optim.Adadelta([m.nn.Parameter(m.ones(2))], rho=1.5),
    "nadam decay": lambda m: m.optim.NAdam([m.nn.Parameter(m.ones(2))], momentum_decay=-1),
    "rprop etas": lambda m: m.optim.Rprop([m.nn.Parameter(m.ones(2))], etas=(1.5, 1.2)),
    "group not dict": lambda m: m.optim.SGD([m.nn.Parameter(m.ones(2))]).add_param_group([1]),
    "names mixed": lambda m: m.optim.SGD([("a", m.nn.Parameter(m.ones(2))), m.nn.Parameter(m.ones(2))]),
}


@pytest.mark.parametrize("case", list(BAD))
def test_errors_match_torch(case):
    e, t = errors(ember, BAD[case]), errors(torch, BAD[case])
    assert t is not None
    assert e == t


def test_duplicate_parameter_warns_as_torch():
    out = {}
    for key, lib in LIBS.items():
        p = lib.nn.Parameter(lib.ones(2))
        with warnings.catch_warnings(record=True) as ws:
            warnings.simplefilter("always")
            lib.optim.SGD([p, p], lr=0.1)
        out[key] = [str(w.message) for w in ws]
    assert out["ember"] == out["torch"] and len(out["torch"]) == 1


def test_add_param_group_fills_defaults_and_named_params():
    for lib in LIBS.values():
        a, b = lib.nn.Parameter(lib.ones(2)), lib.nn.Parameter(lib.ones(3))
        opt = lib.optim.Adam([a], lr=0.1)
        opt.add_param_group({"params": b, "eps": 1e-3})
        assert opt.param_groups[1]["lr"] == 0.1 and opt.param_groups[1]["eps"] == 1e-3
        assert opt.param_groups[1]["params"][0] is b
    named = {}
    for key, lib in LIBS.items():
        m = lib.nn.Linear(2, 3)
        opt = lib.optim.SGD(m.named_parameters(), lr=0.1)
        named[key] = (opt.param_groups[0]["param_names"], opt.state_dict()["param_groups"])
    assert named["ember"] == named["torch"]


def test_zero_grad():
    p = ember.nn.Parameter(ember.ones(3))
    opt = ember.optim.SGD([p], lr=0.1)
    p.grad = ember.ones(3)
    g = p.grad
    opt.zero_grad(set_to_none=False)
    assert p.grad is g and (g.numpy() == 0).all()
    opt.zero_grad()
    assert p.grad is None


def test_update_is_in_place_without_graph():
    p = ember.nn.Parameter(ember.ones(4))
    view = p.detach()[1:]
    opt = ember.optim.Adam([p], lr=0.1)
    (p * p).sum().backward()
    v0 = p._version
    opt.step()
    assert p.grad_fn is None and p.requires_grad and p.is_leaf
    assert p._version > v0
    np.testing.assert_allclose(view.numpy(), p.detach().numpy()[1:])
    assert view.numpy()[0] != 1.0
    assert not opt.state[p]["exp_avg"].requires_grad


def test_step_hooks_and_closure():
    for lib in LIBS.values():
        p = lib.nn.Parameter(lib.tensor([1.0, -2.0]))
        opt = lib.optim.SGD([p], lr=0.1)
        calls = []
        h1 = opt.register_step_pre_hook(lambda o, a, k: calls.append(("pre", a, dict(k))))
        opt.register_step_post_hook(lambda o, a, k: calls.append(("post", a, dict(k))))

        def closure():
            opt.zero_grad()
            calls.append(("closure", lib.is_grad_enabled()))
            loss = (p * p).sum()
            loss.backward()
            return loss

        loss = opt.step(closure)
        assert loss.item() == 5.0 and loss.requires_grad
        assert [c[0] for c in calls] == ["pre", "closure", "post"]
        assert calls[1][1] is True
        np.testing.assert_allclose(p.detach().numpy(), [0.8, -1.6], rtol=1e-6)
        h1.remove()
        calls.clear()
        opt.step(closure)
        assert [c[0] for c in calls] == ["closure", "post"]
        opt.register_step_pre_hook(lambda o, a, k: ((o,), {"closure": closure}))
        calls.clear()
        opt.step()
        assert [c[0] for c in calls] == ["closure", "post"]


def test_bad_pre_hook_result_raises():
    p = ember.nn.Parameter(ember.ones(2))
    opt = ember.optim.SGD([p], lr=0.1)
    opt.register_step_pre_hook(lambda o, a, k: 3)
    with pytest.raises(RuntimeError, match="must return None or a tuple of"):
        opt.step()


def test_parameters_without_grad_are_skipped_and_get_no_state():
    for lib in LIBS.values():
        a, b = lib.nn.Parameter(lib.ones(2)), lib.nn.Parameter(lib.ones(2))
        opt = lib.optim.Adam([a, b], lr=0.1)
        a.grad = lib.ones(2)
        opt.step()
        assert len(opt.state) == 1 and (b.detach().numpy() == 1).all()


def test_training_loop_matches_torch():
    """A Linear + MSE model trained with Adam, then SGD with momentum: same losses and weights."""
    out = {}
    for key, lib in LIBS.items():
        lib.manual_seed(0)
        model = lib.nn.Sequential(lib.nn.Linear(4, 8), lib.nn.Tanh(), lib.nn.Linear(8, 1))
        x = lib.tensor(np.linspace(-1, 1, 32 * 4).reshape(32, 4), dtype=lib.float32)
        y = lib.tensor(np.sin(np.linspace(0, 3, 32)).reshape(32, 1), dtype=lib.float32)
        losses = []
        for opt in (lib.optim.Adam(model.parameters(), lr=0.01),
                    lib.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True)):
            for _ in range(30):
                opt.zero_grad()
                loss = ((model(x) - y) ** 2).mean()
                loss.backward()
                opt.step()
                losses.append(loss.item())
        out[key] = (losses, [p.detach().numpy().copy() for p in model.parameters()])
    np.testing.assert_allclose(out["ember"][0], out["torch"][0], rtol=1e-4)
    for a, b in zip(out["ember"][1], out["torch"][1]):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


def lbfgs_run(lib, dtype, line_search_fn, steps=5, **kw):
    d = getattr(lib, dtype)
    rng = np.random.default_rng(0)
    a = lib.tensor(rng.standard_normal((20, 6)), dtype=d)
    b = lib.tensor(rng.standard_normal(20), dtype=d)
    w, c = lib.nn.Parameter(lib.zeros(6, dtype=d)), lib.nn.Parameter(lib.ones(1, dtype=d))
    opt = lib.optim.LBFGS([w, c], line_search_fn=line_search_fn, **kw)

    def closure():
        opt.zero_grad()
        loss = ((lib.tanh(a @ w) * c - b) ** 2).mean() + (w ** 4).sum() * 0.01
        loss.backward()
        return loss
    losses = [opt.step(closure).item() for _ in range(steps)]
    return losses, [p.detach().numpy() for p in (w, c)], opt.state[w]["func_evals"], opt.state[w]["n_iter"]


@pytest.mark.parametrize("line_search_fn", [None, "strong_wolfe"])
@pytest.mark.parametrize("kw", [{}, {"history_size": 3, "lr": 0.5, "max_iter": 7}], ids=["default", "short"])
def test_lbfgs_matches_torch(line_search_fn, kw):
    """float64: the same iterations and function evaluations, parameters to rounding. float32:
    the same losses to float32 precision (termination tests on float32 sums may differ by one iteration)."""
    e, t = lbfgs_run(ember, "float64", line_search_fn, **kw), lbfgs_run(torch, "float64", line_search_fn, **kw)
    assert e[2:] == t[2:]
    np.testing.assert_allclose(e[0], t[0], rtol=1e-12)
    for x, y in zip(e[1], t[1]):
        np.testing.assert_allclose(x, y, rtol=1e-10, atol=1e-12)
    e, t = lbfgs_run(ember, "float32", line_search_fn, **kw), lbfgs_run(torch, "float32", line_search_fn, **kw)
    np.testing.assert_allclose(e[0], t[0], rtol=1e-4)


def test_lbfgs_errors_and_repr_match_torch():
    for build in (lambda m: m.optim.LBFGS([{"params": [m.nn.Parameter(m.ones(2))]},
                                           {"params": [m.nn.Parameter(m.ones(2))]}]),
                  lambda m: m.optim.LBFGS([m.nn.Parameter(m.ones(2))], lr=-1)):
        assert errors(ember, build) == errors(torch, build) is not None
    assert repr(ember.optim.LBFGS([ember.nn.Parameter(ember.ones(2))])) == \
        repr(torch.optim.LBFGS([torch.nn.Parameter(torch.ones(2))]))


# Every optimizer's constructor checks, argument by argument, against torch's (class and message;
# both accepting counts as agreeing, e.g. SGD lets a NaN lr through where Adam refuses it).
ALL = ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "NAdam", "RAdam", "ASGD", "Rprop",
       "LBFGS"]
HPARAMS = ["lr", "eps", "momentum", "weight_decay", "alpha", "lr_decay", "initial_accumulator_value", "rho",
           "momentum_decay", "lambd"]
BETAS = [(1.0, 0.9), (0.9, 1.0), (-0.1, 0.9), (0.9, -1), (float("nan"), 0.9), (0.9, 0.99)]


def constructor_cases():
    cases = []
    for name in ALL:
        params = inspect.signature(getattr(torch.optim, name)).parameters
        for key in HPARAMS:
            if key in params:
                cases += [(name, {key: v}) for v in (-1, -1e-3, float("nan"), 0.0)]
        if "betas" in params:
            cases += [(name, {"betas": b}) for b in BETAS]
            cases.append((name, {"lr": -1, "eps": -1, "betas": (2.0, 0.9), "weight_decay": -1}))  # first one named
        if "rho" in params:
            cases.append((name, {"rho": 1.5}))
        if "etas" in params:
            cases += [(name, {"etas": e}) for e in ((1.5, 1.2), (0.5, 1.0), (0.0, 1.2), (0.5, 1.2))]
        cases.append((name, {"lr": "tensor2"}))          # a Tensor lr of two elements
        cases.append((name, {"lr": "tensor-1"}))         # a negative 0-d Tensor lr
    cases += [("Adam", {"lr": "tensor1", "foreach": True}), ("Adam", {"lr": "tensor1", "foreach": True,
                                                                       "capturable": True}),
              ("Adam", {"betas": "tensors"}), ("Adam", {"betas": "tensors", "foreach": True}),
              ("Adam", {"betas": (0, 0.9)}), ("AdamW", {"betas": "tensor-and-float"}),
              ("SGD", {"momentum": 0.0, "nesterov": True}), ("SGD", {"momentum": 0.9, "dampening": 0.1,
                                                                      "nesterov": True})]
    return cases


def build_kwargs(lib, kw):
    special = {"tensor2": lambda: lib.tensor([0.1, 0.2]), "tensor-1": lambda: lib.tensor(-1.0),
               "tensor1": lambda: lib.tensor(0.1),
               "tensors": lambda: (lib.tensor(0.9), lib.tensor(0.99)),
               "tensor-and-float": lambda: (lib.tensor(0.9), 0.99)}
    return {k: special[v]() if isinstance(v, str) else v for k, v in kw.items()}


@pytest.mark.parametrize("name,kw", constructor_cases(), ids=lambda v: str(v) if isinstance(v, str) else
                         "-".join(f"{k}={w}" for k, w in v.items()))
def test_constructor_checks_match_torch(name, kw):
    e = errors(ember, lambda m: getattr(m.optim, name)([m.nn.Parameter(m.ones(2))], **build_kwargs(m, kw)))
    t = errors(torch, lambda m: getattr(m.optim, name)([m.nn.Parameter(m.ones(2))], **build_kwargs(m, kw)))
    assert e == t
