"""The optimizers' cheaper update forms compute exactly what the plain compositions compute, and
``foreach`` / ``fused`` behave as torch's.

ember/optim/_ops.py writes ``addcmul_``, ``addcdiv_``, ``lerp_`` and ``add_(alpha=)`` with
out-of-place intermediate terms (cheaper than in-place ops on temporaries); here each is checked
bit for bit against the step-by-step in-place composition in torch's order of operations, and the
optimizers' 100 steps against torch (to float rounding: torch's kernels fuse multiply-adds). Tensors
from ``_ops.REUSE_FROM`` elements on reuse a temporary in place, smaller ones do not: both are checked.
"""
from __future__ import annotations

import os

import numpy as np
import pytest
import torch

import ember
from ember.optim import _ops

LIBS = {"ember": ember, "torch": torch}
DTYPES = ["float32", "float64"]


def _data(dtype, n=1000, seed=0):
    rng = np.random.default_rng(seed)
    d = getattr(ember, dtype)
    a, b = rng.standard_normal(n), rng.standard_normal(n)
    c = rng.random(n) + 0.5
    return [ember.tensor(x, dtype=d) for x in (a, b, c)]


def _same(x, y):
    assert x.dtype == y.dtype
    assert x.numpy().tobytes() == y.numpy().tobytes()


SIZES = [1000, _ops.REUSE_FROM]


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("value", [1, 1.0, -0.001, 0.37])
def test_addcmul_addcdiv_scaled_add_bit_for_bit(dtype, value, n):
    a, b, c = _data(dtype, n)
    with ember.no_grad():
        ref = a.clone().add_(b * c if value == 1 else (b * value).mul_(c))
        _same(_ops.addcmul_(a.clone(), b, c, value=value), ref)
        ref = a.clone().add_(b / c if value == 1 else (b * value).div_(c))
        _same(_ops.addcdiv_(a.clone(), b, c, value=value), ref)
        out = _ops.add_scaled_(a.clone(), b, value)
    # torch's add_(alpha=) is a fused multiply-add; ember's rounds once too (NumPy's BLAS axpy, ember/_blas.py):
    # bit for bit in float32 but where OpenBLAS splits the array between threads (each thread's ragged end of
    # under 32 elements rounds twice), and in float64 but for the last n % 32 elements (NumPy has no fma)
    t = torch.from_numpy(a.numpy().copy()).add_(torch.from_numpy(b.numpy()), alpha=value).numpy()
    np.testing.assert_array_max_ulp(out.numpy(), t, maxulp=1)
    assert (out.numpy() != t).sum() <= 32 * (os.cpu_count() or 1)


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("weight", [0.1, 0.001, 0.4999999999, 0.5, 0.75, 1.0, 0.0])
def test_lerp_bit_for_bit_and_as_torch(dtype, weight, n):
    a, b, _ = _data(dtype, n)
    with ember.no_grad():
        out = a.clone()
        assert _ops.lerp_(out, b, weight) is out
        assert out._version == 1                    # one in-place op, as torch's
        # twice: the second call takes the rounded weight from the cache
        _same(_ops.lerp_(a.clone(), b, weight), out)
        _same(a.clone().lerp_(b, weight), out)      # the Tensor op computes the same
    # torch fuses a multiply-add, and so does ember (NumPy's BLAS axpy): the same bits but, in float64, the last
    # n % 32 elements (rounded twice: NumPy has no fma), and where OpenBLAS splits a long array between threads
    t = torch.from_numpy(a.numpy()).lerp_(torch.from_numpy(b.numpy()), weight).numpy()
    np.testing.assert_allclose(out.numpy(), t, rtol=0, atol=4 * np.finfo(t.dtype).eps)
    assert (out.numpy() != t).sum() <= 32 * (os.cpu_count() or 1) + 32


def test_rounded_weight_cache_is_per_dtype_and_bounded():
    for _ in range(300):        # a weight that changes every step
        _ops.as_dtype_scalar(float(np.random.default_rng().random()), ember.ones(1))
    assert len(_ops._ROUNDED) <= 257
    x32, x64 = ember.ones(1), ember.ones(1, dtype=ember.float64)
    assert _ops.as_dtype_scalar(0.1, x32) == float(np.float32(0.1)) != 0.1
    assert _ops.as_dtype_scalar(0.1, x64) == 0.1


def _params(lib, dtype, seed=0):
    rng = np.random.default_rng(seed)
    d = getattr(lib, dtype)
    return [lib.nn.Parameter(lib.tensor(rng.standard_normal(s), dtype=d)) for s in ((40, 30), (30,), (7,))]


def _run(lib, name, kw, dtype, steps=100, nan_at=None):
    rng = np.random.default_rng(1)
    params = _params(lib, dtype)
    opt = getattr(lib.optim, name)(params, **kw)
    for i in range(steps):
        for p in params:
            g = rng.standard_normal(tuple(p.shape))
            if i == nan_at:
                g[0] = np.nan
            p.grad = lib.tensor(g, dtype=getattr(lib, dtype))
        opt.step()
    return opt, params


@pytest.mark.parametrize("name,kw", [("Adam", {}), ("Adam", {"amsgrad": True, "weight_decay": 0.1}),
                                     ("AdamW", {"lr": 0.01}), ("RMSprop", {"centered": True}), ("NAdam", {}),
                                     ("Adamax", {}), ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True})])
def test_small_and_large_tensor_forms_agree_bit_for_bit(name, kw, monkeypatch):
    """The in-place-temporary form (large tensors) and the out-of-place one (small) give the same bits."""
    out = []
    for reuse_from in (0, 10 ** 12):
        monkeypatch.setattr(_ops, "REUSE_FROM", reuse_from)
        opt, params = _run(ember, name, kw, "float32", steps=20)
        states = [v for p in params for v in opt.state[p].values() if isinstance(v, ember.Tensor)]
        out.append([p.detach().numpy().tobytes() for p in params] + [v.numpy().tobytes() for v in states])
    assert out[0] == out[1]


AMSGRAD = [("Adam", {"lr": 0.01, "amsgrad": True}), ("AdamW", {"lr": 0.01, "amsgrad": True, "weight_decay": 0.1}),
           ("Adam", {"lr": 0.01, "amsgrad": True, "maximize": True, "weight_decay": 0.05})]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,kw", AMSGRAD)
def test_amsgrad_max_in_place_as_torch(name, kw, dtype):
    """``max_exp_avg_sq`` is updated in place (torch's ``maximum(..., out=)``): the state keeps its tensor."""
    params = _params(ember, dtype)
    opt = getattr(ember.optim, name)(params, **kw)
    rng = np.random.default_rng(1)
    for i in range(30):
        for p in params:
            p.grad = ember.tensor(rng.standard_normal(tuple(p.shape)), dtype=p.dtype)
        opt.step()
        if i == 0:
            held = [opt.state[p]["max_exp_avg_sq"] for p in params]
    assert all(opt.state[p]["max_exp_avg_sq"] is h for p, h in zip(params, held))
    (eo, ep), (to, tp) = _run(ember, name, kw, dtype), _run(torch, name, kw, dtype)
    tol = dict(rtol=2e-5, atol=2e-6) if dtype == "float32" else dict(rtol=1e-12, atol=1e-13)
    for a, b in zip(ep, tp):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), **tol)
        np.testing.assert_allclose(eo.state[a]["max_exp_avg_sq"].numpy(), to.state[b]["max_exp_avg_sq"].numpy(),
                                   **tol)


@pytest.mark.parametrize("name,kw", AMSGRAD[:1])
def test_amsgrad_nan_gradient_as_torch(name, kw):
    (eo, ep), (to, tp) = (_run(lib, name, kw, "float64", steps=5, nan_at=2) for lib in (ember, torch))
    for a, b in zip(ep, tp):
        np.testing.assert_array_equal(np.isnan(a.detach().numpy()), np.isnan(b.detach().numpy()))
        np.testing.assert_array_equal(np.isnan(eo.state[a]["max_exp_avg_sq"].numpy()),
                                      np.isnan(to.state[b]["max_exp_avg_sq"].numpy()))


FUSED = ["SGD", "Adam", "AdamW", "Adagrad"]
FLAGS = [{"foreach": True}, {"fused": True}, {"fused": False, "foreach": True}, {"fused": True, "foreach": True},
         {"fused": True, "differentiable": True}, {"fused": True, "foreach": True, "differentiable": True},
         {"foreach": False, "fused": None}]


def _outcome(lib, name, kw):
    try:
        opt, params = _run(lib, name, kw, "float32", steps=20)
    except Exception as exc:  # noqa: BLE001
        return type(exc).__name__, str(exc)
    group = opt.param_groups[0]
    return "ok", [p.detach().numpy().copy() for p in params], group["foreach"], group.get("fused", "absent")


@pytest.mark.parametrize("flags", FLAGS, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()))
@pytest.mark.parametrize("name", FUSED)
def test_foreach_and_fused_as_torch(name, flags):
    """Accepted or refused with torch's exception and message; accepted ones give torch's parameters
    (ember runs the single-tensor formula for every flag: the same numbers as without the flag)."""
    kw = dict(flags, **({"lr": 0.05, "momentum": 0.9} if name == "SGD" else {}))
    e, t = _outcome(ember, name, kw), _outcome(torch, name, kw)
    assert e[0] == t[0]
    if t[0] != "ok":
        assert e == t
        return
    assert e[2:] == t[2:]       # the flags as stored in param_groups
    plain = _outcome(ember, name, {k: v for k, v in kw.items() if k not in ("foreach", "fused")})
    for a, b, c in zip(e[1], t[1], plain[1]):
        np.testing.assert_allclose(a, b, rtol=2e-5, atol=2e-6)
        assert a.tobytes() == c.tobytes()


@pytest.mark.parametrize("name", ["RMSprop", "Adamax", "NAdam", "RAdam", "Adadelta", "ASGD", "Rprop"])
def test_fused_refused_where_torch_has_none(name):
    e, t = (_outcome(lib, name, {"fused": True}) for lib in (ember, torch))
    assert t[0] == "TypeError" and e == t
    e, t = (_outcome(lib, name, {"foreach": True}) for lib in (ember, torch))
    assert e[0] == t[0] == "ok"
    for a, b in zip(e[1], t[1]):
        np.testing.assert_allclose(a, b, rtol=2e-5, atol=2e-6)
