"""Normalisation layers against torch 2.13 with copied weights: outputs, gradients, reprs, buffers in
state_dict (running statistics, ``num_batches_tracked``), train vs eval, momentum (``None``: cumulative),
and torch's errors. The functional forms' gradcheck rows are in op_table_nn2.py."""
from __future__ import annotations

import numpy as np
import pytest
from behave import ember, same, torch
from oracle import assert_close
from test_nn_layers import check_module, inputs, pair

DTYPES = ["float32", "float64"]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("build,shape", [
    (lambda m: m.nn.LayerNorm(4), (2, 3, 4)),
    (lambda m: m.nn.LayerNorm([3, 4], eps=1e-3), (2, 3, 4)),
    (lambda m: m.nn.LayerNorm(4, bias=False), (3, 4)),
    (lambda m: m.nn.LayerNorm(4, elementwise_affine=False), (3, 4)),
    (lambda m: m.nn.GroupNorm(2, 4), (2, 4, 3)),
    (lambda m: m.nn.GroupNorm(1, 3, affine=False), (2, 3, 2, 2)),
    (lambda m: m.nn.GroupNorm(3, 6, bias=False), (2, 6, 5)),
    (lambda m: m.nn.RMSNorm(4), (2, 3, 4)),
    (lambda m: m.nn.RMSNorm([3, 4], eps=1e-4, elementwise_affine=False), (2, 3, 4)),
    (lambda m: m.nn.LocalResponseNorm(3), (2, 5, 3)),
    (lambda m: m.nn.InstanceNorm1d(3), (2, 3, 5)),
    (lambda m: m.nn.InstanceNorm1d(3, affine=True), (3, 5)),
    (lambda m: m.nn.InstanceNorm2d(3, affine=True), (2, 3, 2, 3)),
], ids=["ln", "ln2d", "ln_nobias", "ln_noaffine", "gn", "gn_noaffine", "gn_nobias", "rms", "rms_eps", "lrn", "in1d",
        "in1d_unbatched", "in2d"])
def test_layers(build, shape, dtype):
    tol = {"rtol": 1e-4, "atol": 1e-5} if dtype == "float32" else {}
    check_module(build, [shape], dtype, **tol)


def _rescale(e_mod, t_mod):
    """Non-trivial weights (torch's start at ones/zeros), copied to ember."""
    with torch.no_grad():
        for p in t_mod.parameters():
            p.copy_(torch.linspace(0.5, 1.5, p.numel()).reshape(p.shape))
    state = {k: ember.from_numpy(v.detach().numpy().copy()) for k, v in t_mod.state_dict().items()}
    e_mod.load_state_dict(state)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("cls,shape", [("BatchNorm1d", (6, 3)), ("BatchNorm1d", (4, 3, 5)),
                                       ("BatchNorm2d", (4, 3, 2, 2)), ("BatchNorm3d", (2, 3, 2, 2, 2))])
@pytest.mark.parametrize("momentum", [0.1, None, 0.5])
@pytest.mark.parametrize("affine,bias", [(True, True), (False, True), (True, False)])
def test_batchnorm_train_eval(cls, shape, momentum, affine, bias, dtype):
    e_mod, t_mod = pair(lambda m: getattr(m.nn, cls)(3, momentum=momentum, affine=affine, bias=bias))
    if dtype == "float32":
        e_mod.float(), t_mod.float()
    else:
        e_mod.double(), t_mod.double()
    if affine:
        _rescale(e_mod, t_mod)
    tol = {"rtol": 1e-4, "atol": 1e-5} if dtype == "float32" else {}
    assert repr(e_mod) == repr(t_mod)
    for step in range(3):        # three training steps: the running statistics follow torch's
        (a,) = inputs([shape], dtype, seed=step)
        e_x, t_x = ember.from_numpy(a.copy()).requires_grad_(), torch.from_numpy(a.copy()).requires_grad_()
        e_y, t_y = e_mod(e_x), t_mod(t_x)
        assert_close(e_y, t_y, what="train forward", **tol)
        assert type(e_y.grad_fn).__name__ == type(t_y.grad_fn).__name__ == "NativeBatchNormBackward0"
        (e_y * e_y).sum().backward()
        (t_y * t_y).sum().backward()
        assert_close(e_x.grad, t_x.grad, what="input grad", **tol)
        for (name, p), q in zip(e_mod.named_parameters(), t_mod.parameters()):
            assert_close(p.grad, q.grad, what=name, **tol)
    e_sd, t_sd = e_mod.state_dict(), t_mod.state_dict()
    assert list(e_sd) == list(t_sd)
    for k in t_sd:
        assert_close(e_sd[k], t_sd[k], what=k, **tol)
        assert str(e_sd[k].dtype) == str(t_sd[k].dtype)
    e_mod.eval(), t_mod.eval()
    (a,) = inputs([shape], dtype, seed=9)
    e_x, t_x = ember.from_numpy(a.copy()).requires_grad_(), torch.from_numpy(a.copy()).requires_grad_()
    e_y, t_y = e_mod(e_x), t_mod(t_x)
    assert_close(e_y, t_y, what="eval forward", **tol)
    e_y.sum().backward(), t_y.sum().backward()
    assert_close(e_x.grad, t_x.grad, what="eval input grad", **tol)
    assert int(e_mod.num_batches_tracked) == int(t_mod.num_batches_tracked) == 3


def test_batchnorm_no_running_stats_and_state_dict_both_ways():
    e_mod, t_mod = pair(lambda m: m.nn.BatchNorm1d(3, track_running_stats=False).double())
    assert list(e_mod.state_dict()) == list(t_mod.state_dict()) == ["weight", "bias"]
    (a,) = inputs([(5, 3)])
    e_mod.eval(), t_mod.eval()      # no running statistics: eval still uses the batch's
    assert_close(e_mod(ember.from_numpy(a.copy())), t_mod(torch.from_numpy(a.copy())))
    # torch <- ember
    e2 = ember.nn.BatchNorm2d(2)
    e2(ember.randn(3, 2, 2, 2))
    t2 = torch.nn.BatchNorm2d(2)
    t2.load_state_dict({k: torch.from_numpy(v.numpy().copy()) for k, v in e2.state_dict().items()})
    assert int(t2.num_batches_tracked) == 1
    assert_close(e2.running_var, t2.running_var)


def test_norm_errors():
    def f(m):
        F = m.nn.functional
        x = m.ones(2, 3, 4)
        return [
            lambda: m.nn.BatchNorm2d(3)(x), lambda: m.nn.BatchNorm1d(3)(m.ones(2, 3, 4, 5)),
            lambda: m.nn.BatchNorm1d(3)(m.ones(1, 3)), lambda: F.layer_norm(x, (3,)),
            lambda: F.layer_norm(x, (4,), m.ones(3)), lambda: F.group_norm(x, 2),
            lambda: m.nn.GroupNorm(2, 3), lambda: F.batch_norm(x, None, None, training=False),
            lambda: F.local_response_norm(m.ones(2, 3), 2), lambda: m.nn.InstanceNorm1d(3)(m.ones(3)),
        ]
    same(lambda m: [_catch(g) for g in f(m)])


def _catch(g):
    try:
        g()
        return "ok"
    except Exception as exc:  # noqa: BLE001
        return (type(exc).__name__, str(exc))


def test_functional_batch_norm_updates_running_stats():
    (a,) = inputs([(5, 3, 2)])
    out = []
    for m in (ember, torch):
        rm, rv = m.zeros(3, dtype=m.float64), m.ones(3, dtype=m.float64)
        y = m.nn.functional.batch_norm(m.from_numpy(a.copy()), rm, rv, training=True, momentum=0.3)
        out.append((y.numpy(), rm.numpy(), rv.numpy(), rm._version))
    for e, t in zip(*out):
        np.testing.assert_allclose(e, t, rtol=1e-12, atol=1e-12)
