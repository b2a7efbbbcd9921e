"""Issue 14's speed work keeps the values: the CNN and GPT benchmark steps against torch (float32 to its
rounding, float64 tightly), the reused scratch buffers of conv and pooling (``ops/_scratch.py``) never
handing out memory someone still holds, col2im's batch-innermost accumulation, layer norm's saved backward
statistics, GELU's backward from a kept erf; and the adaptive pools on unbatched input (issue 7 leftover):
shapes, values, gradients and torch's errors."""
from __future__ import annotations

import math
import os
import sys
import threading

import numpy as np
import pytest
from behave import same  # noqa: F401  (skips without torch)
import torch

import ember
from ember.ops import _scratch
from ember.ops._formulas import ArrayFns
from ember.ops.activation_grads import _gelu_grad, erf_array, gelu_backward_array
from ember.ops.normalization import _normalized_grad, _stats

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "benchmarks"))
import cnn_speed  # noqa: E402
import gpt_speed  # noqa: E402

F, TF = ember.nn.functional, torch.nn.functional
_TOL = {np.float32: dict(rtol=2e-4, atol=2e-5), np.float64: dict(rtol=1e-10, atol=1e-12)}


def _close(e, t, dtype):
    np.testing.assert_allclose(np.asarray(e.detach().numpy() if hasattr(e, "detach") else e),
                               t.detach().numpy(), **_TOL[dtype])


# ----------------------------------------------------------------------------------------------
# the benchmark workloads against torch
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_lenet_step_matches_torch(dtype):
    torch.manual_seed(0)
    tmodel = cnn_speed.lenet(torch).to(getattr(torch, np.dtype(dtype).name))
    emodel = cnn_speed.lenet(ember)
    if dtype == np.float64:
        emodel = emodel.double()
    emodel.load_state_dict({k: ember.from_numpy(v.detach().numpy().copy()) for k, v in tmodel.state_dict().items()})
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 1, 28, 28)).astype(dtype)
    y = rng.integers(0, 10, 64)
    topt = torch.optim.SGD(tmodel.parameters(), lr=0.01, momentum=0.9)
    eopt = ember.optim.SGD(emodel.parameters(), lr=0.01, momentum=0.9)
    for _ in range(3):      # three steps: the scratch buffers are reused from the second on
        xt, xe = torch.from_numpy(x).requires_grad_(), ember.from_numpy(x.copy()).requires_grad_()
        topt.zero_grad()
        eopt.zero_grad()
        ot, oe = tmodel(xt), emodel(xe)
        TF.cross_entropy(ot, torch.from_numpy(y)).backward()
        F.cross_entropy(oe, ember.from_numpy(y)).backward()
        _close(oe, ot, dtype)
        _close(xe.grad, xt.grad, dtype)
        for pe, pt in zip(emodel.parameters(), tmodel.parameters()):
            _close(pe.grad, pt.grad, dtype)
        topt.step()
        eopt.step()


def test_gpt_step_matches_torch():
    torch.manual_seed(0)
    tmodel = gpt_speed.gpt(torch)
    emodel = gpt_speed.gpt(ember)
    emodel.load_state_dict({k: ember.from_numpy(v.detach().numpy().copy()) for k, v in tmodel.state_dict().items()})
    rng = np.random.default_rng(0)
    idx = rng.integers(0, gpt_speed.VOCAB, (4, gpt_speed.BLOCK))
    tgt = rng.integers(0, gpt_speed.VOCAB, (4, gpt_speed.BLOCK))
    lt = tmodel(torch.from_numpy(idx), torch.from_numpy(tgt))
    le = emodel(ember.from_numpy(idx), ember.from_numpy(tgt))
    lt.backward()
    le.backward()
    _close(le, lt, np.float32)
    for (name, pe), (_, pt) in zip(emodel.named_parameters(), tmodel.named_parameters()):
        np.testing.assert_allclose(pe.grad.numpy(), pt.grad.numpy(), rtol=2e-3, atol=2e-5, err_msg=name)


# ----------------------------------------------------------------------------------------------
# scratch buffers: reused only when no one holds them
def test_scratch_reuses_only_free_buffers():
    _scratch.clear_scratch()
    a = _scratch.scratch((300, 300), np.float32)
    b = _scratch.scratch((300, 300), np.float32)
    assert a is not b                                   # a is held: a fresh one
    view = b[1:]
    del b
    c = _scratch.scratch((300, 300), np.float32)
    assert c is not view.base                           # a view keeps its base from reuse
    del view, c
    d = _scratch.scratch((300, 300), np.float32)
    assert d.shape == (300, 300) and d.dtype == np.float32
    assert _scratch.scratch((4, 4), np.float64).shape == (4, 4)     # small: plain np.empty
    _scratch.clear_scratch()


def test_scratch_cache_is_bounded():
    _scratch.clear_scratch()
    for i in range(40):                 # 40 shapes of 4 MB: the cache keeps at most its byte budget
        _scratch.scratch((1024, 1024 + i), np.float32)
    assert _scratch._bytes <= _scratch._MAX_BYTES
    assert sum(b.nbytes for bufs in _scratch._cache.values() for b in bufs) == _scratch._bytes
    _scratch.clear_scratch()


@pytest.mark.parametrize("transposed", [False, True])
def test_held_conv_outputs_are_not_overwritten(transposed):
    """Outputs (and gradients) that come from reused buffers stay intact while held, views included."""
    rng = np.random.default_rng(3)
    w = rng.standard_normal((6, 4, 3, 3)).astype(np.float32)
    xs = [rng.standard_normal((16, 6 if transposed else 4, 20, 20)).astype(np.float32) for _ in range(5)]
    efn, tfn = (F.conv_transpose2d, TF.conv_transpose2d) if transposed else (F.conv2d, TF.conv2d)
    kept, grads = [], []
    for i, x in enumerate(xs):
        xe = ember.from_numpy(x.copy()).requires_grad_()
        y = efn(xe, ember.from_numpy(w))
        y.sum().backward()
        kept.append(y[1:] if i % 2 else y)              # some held only through a view
        grads.append(xe.grad)
    for i, x in enumerate(xs):
        xt = torch.from_numpy(x).requires_grad_()
        yt = tfn(xt, torch.from_numpy(w))
        yt.sum().backward()
        _close(kept[i], yt[1:] if i % 2 else yt, np.float32)
        _close(grads[i], xt.grad, np.float32)


def test_conv_in_threads_matches_torch():
    rng = np.random.default_rng(4)
    w = rng.standard_normal((8, 3, 5, 5))
    xs = [rng.standard_normal((32, 3, 24, 24)) for _ in range(8)]
    out = [None] * len(xs)

    def work(i):
        for _ in range(3):
            xe = ember.from_numpy(xs[i].copy()).requires_grad_()
            y = F.max_pool2d(F.relu(F.conv2d(xe, ember.from_numpy(w))), 2)
            y.sum().backward()
        out[i] = (y.detach().numpy(), xe.grad.numpy())

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(xs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i, x in enumerate(xs):
        xt = torch.from_numpy(x).requires_grad_()
        yt = TF.max_pool2d(TF.relu(TF.conv2d(xt, torch.from_numpy(w))), 2)
        yt.sum().backward()
        _close(out[i][0], yt, np.float64)
        _close(out[i][1], xt.grad, np.float64)


# ----------------------------------------------------------------------------------------------
# col2im's batch-innermost accumulation: conv input gradients and transposed convs over geometry
GEOMETRY = [dict(stride=1, padding=0, dilation=1, groups=1), dict(stride=2, padding=1, dilation=1, groups=1),
            dict(stride=(1, 2), padding=(2, 0), dilation=(2, 1), groups=1),
            dict(stride=1, padding=1, dilation=1, groups=3),
            dict(stride=3, padding=0, dilation=2, groups=1)]


@pytest.mark.parametrize("geo", GEOMETRY)
@pytest.mark.parametrize("n", [1, 5])
def test_conv_gradients_over_geometry(geo, n):
    rng = np.random.default_rng(5)
    x = rng.standard_normal((n, 6, 11, 10))
    w = rng.standard_normal((9, 6 // geo["groups"], 3, 3))
    b = rng.standard_normal(9)
    ins = [ember.from_numpy(a.copy()).requires_grad_() for a in (x, w, b)]
    tins = [torch.from_numpy(a).requires_grad_() for a in (x, w, b)]
    ye, yt = F.conv2d(*ins, **geo), TF.conv2d(*tins, **geo)
    g = rng.standard_normal(tuple(yt.shape))
    ye.backward(ember.from_numpy(g.copy()))
    yt.backward(torch.from_numpy(g))
    _close(ye, yt, np.float64)
    for a, t in zip(ins, tins):
        _close(a.grad, t.grad, np.float64)
    # the transposed conv (col2im in its forward) of the same geometry
    xt_ = rng.standard_normal(tuple(yt.shape))
    wt_ = rng.standard_normal((9, 6 // geo["groups"], 3, 3))
    ins = [ember.from_numpy(a.copy()).requires_grad_() for a in (xt_, wt_)]
    tins = [torch.from_numpy(a).requires_grad_() for a in (xt_, wt_)]
    ye = F.conv_transpose2d(*ins, stride=geo["stride"], padding=geo["padding"], dilation=geo["dilation"],
                            groups=geo["groups"])
    yt = TF.conv_transpose2d(*tins, stride=geo["stride"], padding=geo["padding"], dilation=geo["dilation"],
                             groups=geo["groups"])
    ye.sum().backward()
    yt.sum().backward()
    _close(ye, yt, np.float64)
    for a, t in zip(ins, tins):
        _close(a.grad, t.grad, np.float64)


def test_conv3d_and_conv1d_input_gradients():
    rng = np.random.default_rng(6)
    for efn, tfn, xs, ws in ((F.conv3d, TF.conv3d, (3, 2, 5, 6, 4), (4, 2, 2, 3, 2)),
                             (F.conv1d, TF.conv1d, (4, 3, 17), (5, 3, 4))):
        x, w = rng.standard_normal(xs), rng.standard_normal(ws)
        xe, xt = ember.from_numpy(x.copy()).requires_grad_(), torch.from_numpy(x).requires_grad_()
        efn(xe, ember.from_numpy(w), stride=2, padding=1).sum().backward()
        tfn(xt, torch.from_numpy(w), stride=2, padding=1).sum().backward()
        _close(xe.grad, xt.grad, np.float64)


# ----------------------------------------------------------------------------------------------
# layer norm's backward statistics, GELU's backward from a kept erf
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape,axes", [((16, 64, 128), (2,)), ((7, 5, 33), (1, 2)), ((3, 1), (1,))])
def test_layer_norm_saved_stats_are_the_recomputed_ones(dtype, shape, axes):
    rng = np.random.default_rng(7)
    x = (rng.standard_normal(shape) * 3 + 1).astype(dtype)
    g = rng.standard_normal(shape).astype(dtype)
    n = math.prod(shape[a] for a in axes)
    keep = []
    _stats(x, axes, 1e-5, keep)
    saved = _normalized_grad(ArrayFns, g, x, axes, n, 1e-5, keep)
    fresh = _normalized_grad(ArrayFns, g, x, axes, n, 1e-5)
    for a, b in zip(saved, fresh):
        assert a.tobytes() == b.tobytes()


def test_layer_norm_matches_torch_first_and_second_order():
    rng = np.random.default_rng(8)
    x, w, b = rng.standard_normal((4, 6, 10)), rng.standard_normal(10), rng.standard_normal(10)
    ins = [ember.from_numpy(a.copy()).requires_grad_() for a in (x, w, b)]
    tins = [torch.from_numpy(a).requires_grad_() for a in (x, w, b)]
    ge = ember.autograd.grad(F.layer_norm(ins[0], (10,), ins[1], ins[2]).pow(3).sum(), ins, create_graph=True)
    gt = torch.autograd.grad(TF.layer_norm(tins[0], (10,), tins[1], tins[2]).pow(3).sum(), tins, create_graph=True)
    for a, t in zip(ge, gt):
        _close(a, t, np.float64)
    gge = ember.autograd.grad(sum(g.sum() for g in ge), ins)
    ggt = torch.autograd.grad(sum(g.sum() for g in gt), tins)
    for a, t in zip(gge, ggt):
        _close(a, t, np.float64)
    with ember.no_grad():               # unrecorded: nothing kept for a backward
        F.layer_norm(ins[0], (10,), ins[1], ins[2])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_gelu_backward_from_kept_erf_is_the_same(dtype):
    rng = np.random.default_rng(9)
    x = (rng.standard_normal((64, 512)) * 2).astype(dtype)
    x.reshape(-1)[:4] = [0.0, -0.0, 30.0, -30.0]
    g = rng.standard_normal(x.shape).astype(dtype)
    erf = erf_array(x * math.sqrt(0.5))                 # what GELU's forward computes
    assert gelu_backward_array(g, x, "none", erf).tobytes() == (g * _gelu_grad(x, "none")).tobytes()
    assert gelu_backward_array(g, x, "none").tobytes() == (g * _gelu_grad(x, "none")).tobytes()
    xt, gt = torch.from_numpy(x), torch.from_numpy(g)
    np.testing.assert_allclose(gelu_backward_array(g, x, "none", erf), torch.ops.aten.gelu_backward(gt, xt).numpy(),
                               **_TOL[dtype])


# ----------------------------------------------------------------------------------------------
# adaptive pools on unbatched input (and batched), functional and module forms
ADAPTIVE = [("adaptive_avg_pool1d", (3, 7), 3), ("adaptive_avg_pool1d", (3, 7), 1), ("adaptive_max_pool1d", (3, 7), 3),
            ("adaptive_max_pool1d", (3, 7), 1), ("adaptive_avg_pool2d", (3, 7, 5), (2, 3)),
            ("adaptive_avg_pool2d", (3, 7, 5), 1), ("adaptive_avg_pool2d", (3, 7, 5), (None, 2)),
            ("adaptive_max_pool2d", (3, 7, 5), (2, 3)), ("adaptive_max_pool2d", (3, 7, 5), (4, None)),
            ("adaptive_max_pool2d", (2, 3, 7, 5), (4, 2)), ("adaptive_avg_pool3d", (2, 4, 5, 6), (2, 3, 2)),
            ("adaptive_avg_pool3d", (2, 4, 5, 6), 1), ("adaptive_avg_pool3d", (1, 2, 4, 5, 6), (3, 3, 3)),
            ("adaptive_max_pool2d", (0, 3, 5), 2), ("adaptive_max_pool1d", (0, 7), 2),
            ("adaptive_avg_pool2d", (0, 3, 5), 2)]
MODULES = {"adaptive_avg_pool1d": "AdaptiveAvgPool1d", "adaptive_max_pool1d": "AdaptiveMaxPool1d",
           "adaptive_avg_pool2d": "AdaptiveAvgPool2d", "adaptive_max_pool2d": "AdaptiveMaxPool2d",
           "adaptive_avg_pool3d": "AdaptiveAvgPool3d"}


@pytest.mark.parametrize("name,shape,out", ADAPTIVE)
@pytest.mark.parametrize("form", ["functional", "module"])
def test_adaptive_pools_match_torch(name, shape, out, form):
    rng = np.random.default_rng(10)
    x = rng.standard_normal(shape)
    x.reshape(-1)[::5] = 0.5                            # ties in the max pools
    res = []
    for lib in (torch, ember):
        xs = lib.tensor(x, requires_grad=True)
        if form == "module":
            kw = {} if "avg" in name else {"return_indices": True}
            r = getattr(lib.nn, MODULES[name])(out, **kw)(xs)
        else:
            r = getattr(lib.nn.functional, name)(xs, out) if "avg" in name else \
                getattr(lib.nn.functional, name)(xs, out, return_indices=True)
        y, idx = r if isinstance(r, tuple) else (r, None)
        g = np.random.default_rng(11).standard_normal(tuple(y.shape))
        y.backward(lib.tensor(g))
        res.append((y, idx, xs.grad, type(y.grad_fn).__name__))
    (yt, it, gt, nt), (ye, ie, ge, ne) = res
    assert tuple(ye.shape) == tuple(yt.shape) and ne == nt
    _close(ye, yt, np.float64)
    _close(ge, gt, np.float64)
    if it is not None:
        np.testing.assert_array_equal(ie.numpy(), it.numpy())


ADAPTIVE_ERRORS = [("adaptive_avg_pool2d", (3, 7, 5), (2, 3, 4)), ("adaptive_avg_pool2d", (3, 7, 5), (2,)),
                   ("adaptive_avg_pool2d", (3, 7, 5), -1), ("adaptive_avg_pool2d", (3, 7, 5), (2, -1)),
                   ("adaptive_avg_pool2d", (3, 0, 5), 2), ("adaptive_avg_pool2d", (2, 3, 0, 5), 2),
                   ("adaptive_avg_pool2d", (7, 5), 2), ("adaptive_avg_pool2d", (3, 7, 5), None),
                   ("adaptive_avg_pool2d", (3, 7, 5), [2.5, 2]), ("adaptive_avg_pool2d", (3, 7, 5), ()),
                   ("adaptive_max_pool2d", (7, 5), 2), ("adaptive_max_pool2d", (3, 0, 5), 2),
                   ("adaptive_max_pool2d", (2, 0, 7, 5), 2), ("adaptive_max_pool2d", (3, 7, 5), (2, 3, 4)),
                   ("adaptive_max_pool2d", (3, 7, 5), -1), ("adaptive_max_pool2d", (3, 7, 5), (2, -1)),
                   ("adaptive_max_pool2d", (3, 7, 5), (2,)), ("adaptive_avg_pool3d", (4, 5), 2),
                   ("adaptive_avg_pool3d", (2, 0, 5, 6), 2), ("adaptive_avg_pool3d", (2, 4, 5, 6), (1, 2)),
                   ("adaptive_avg_pool3d", (2, 4, 5, 6), -1), ("adaptive_avg_pool3d", (2, 4, 5, 6), (2, 2, 2, 2)),
                   ("adaptive_avg_pool1d", (7,), 2), ("adaptive_avg_pool1d", (2, 3, 4, 7), 2),
                   ("adaptive_avg_pool1d", (3, 7), (2, 3)), ("adaptive_avg_pool1d", (3, 7), ()),
                   ("adaptive_avg_pool1d", (3, 0), 2), ("adaptive_avg_pool1d", (3, 7), -1),
                   ("adaptive_avg_pool1d", (3, 7), None), ("adaptive_avg_pool1d", (3, 7), 2.0),
                   ("adaptive_max_pool1d", (7,), 2), ("adaptive_max_pool1d", (3, 0), 2),
                   ("adaptive_max_pool1d", (2, 0, 7), 2), ("adaptive_max_pool1d", (3, 7), (2, 3)),
                   ("adaptive_max_pool1d", (3, 7), -1), ("adaptive_max_pool1d", (3, 7), None)]


@pytest.mark.parametrize("name,shape,out", ADAPTIVE_ERRORS)
def test_adaptive_pool_errors_match_torch(name, shape, out):
    with pytest.raises(Exception) as te:
        getattr(TF, name)(torch.zeros(shape), out)
    with pytest.raises(type(te.value)) as ee:
        getattr(F, name)(ember.zeros(shape), out)
    assert str(ee.value) == str(te.value)


@pytest.mark.parametrize("L,S", [(6, 6), (4, 7), (7, 4)])
def test_causal_attention_cached_mask_matches_torch(L, S):
    """is_causal's mask is made once per shape (read-only) and shared by calls: values and gradients stay
    torch's, call after call, next to a user's own boolean mask of the same shape."""
    rng = np.random.default_rng(12)
    q, k, v = rng.standard_normal((2, 3, L, 5)), rng.standard_normal((2, 3, S, 5)), rng.standard_normal((2, 3, S, 5))
    user = rng.random((L, S)) < 0.7
    user[:, 0] = True
    for kw_e, kw_t in (({"is_causal": True}, {"is_causal": True}),
                       ({"attn_mask": ember.from_numpy(user.copy())}, {"attn_mask": torch.from_numpy(user)}),
                       ({"is_causal": True}, {"is_causal": True})):
        ins = [ember.from_numpy(a.copy()).requires_grad_() for a in (q, k, v)]
        tins = [torch.from_numpy(a).requires_grad_() for a in (q, k, v)]
        ye = F.scaled_dot_product_attention(*ins, **kw_e)
        yt = TF.scaled_dot_product_attention(*tins, **kw_t)
        ye.sum().backward()
        yt.sum().backward()
        _close(ye, yt, np.float64)
        for a, t in zip(ins, tins):
            _close(a.grad, t.grad, np.float64)


@pytest.mark.parametrize("case", ["avg1d_unbatched", "avg1d", "avg2d_unbatched", "max1d", "avg3d", "avg2d_empty_batch"])
def test_adaptive_pools_refuse_an_empty_output_in_backward(case):
    """torch's adaptive pools raise in backward for an output size 0 (random-seed fuzz find)."""
    def f(T):
        F = T.nn.functional
        fn, shape, out = {"avg1d_unbatched": (F.adaptive_avg_pool1d, (1, 1), 0),
                          "avg1d": (F.adaptive_avg_pool1d, (2, 3, 4), 0),
                          "avg2d_unbatched": (F.adaptive_avg_pool2d, (1, 3, 4), (0, 2)),
                          "max1d": (F.adaptive_max_pool1d, (1, 3, 4), 0),
                          "avg3d": (F.adaptive_avg_pool3d, (1, 2, 3, 4), (1, 0, 1)),
                          "avg2d_empty_batch": (F.adaptive_avg_pool2d, (0, 3, 4), (1, 2))}[case]
        x = T.ones(shape, dtype=T.float64, requires_grad=True)
        y = fn(x, out)
        y.sum().backward()
        return y, x.grad
    same(f)
