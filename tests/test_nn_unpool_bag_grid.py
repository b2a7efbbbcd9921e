"""Max unpooling, embedding bags, spatial transformers (affine_grid, grid_sample) and antialiased interpolation
against torch 2.13.

The op-table rows (tests/op_table_nn4.py) check values, gradients, gradcheck and gradgradcheck on a few
geometries; here: every mode, padding mode and align_corners of grid_sample in 2-D and 3-D in both float dtypes,
the embedding-bag modes and options, antialiased interpolation, the modules (reprs, state_dict, forward), and
torch's errors and warnings.
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch

import ember

LIBS = (torch, ember)
TOL = {"float64": dict(rtol=1e-10, atol=1e-12), "float32": dict(rtol=1e-4, atol=1e-5)}


def _F(m):
    return m.nn.functional


def _same_error(f):
    # at one thread: torch's unpool kernels check indices in a parallel loop, and which bad index
    # its message names depends on which thread reports last
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        with pytest.raises(Exception) as te:
            f(torch)
    finally:
        torch.set_num_threads(threads)
    with pytest.raises(Exception) as ee:
        f(ember)
    assert type(ee.value).__name__ == type(te.value).__name__
    assert str(ee.value) == str(te.value)


def _run(f, arrays: list, dtype: str) -> list:
    """f(m, *leaves) on both libraries; a weighted sum of the output back to every leaf. Returns per library the
    output, its grad_fn name and the leaves' gradients (as NumPy)."""
    outs = []
    for m in LIBS:
        leaves = [m.tensor(a.astype(dtype), requires_grad=True) for a in arrays]
        out = f(m, *leaves)
        w = m.tensor((np.arange(out.numel()).reshape(tuple(out.shape)) % 7 - 3).astype(dtype))
        (out * w).sum().backward()
        grads = [None if t.grad is None else t.grad.numpy() for t in leaves]
        outs.append((out.detach().numpy(), type(out.grad_fn).__name__, grads))
    return outs


def _assert_same(outs, dtype):
    (t_out, t_fn, t_grads), (e_out, e_fn, e_grads) = outs
    assert e_fn == t_fn
    assert e_out.dtype == t_out.dtype
    np.testing.assert_allclose(e_out, t_out, **TOL[dtype])
    for eg, tg in zip(e_grads, t_grads):
        assert (eg is None) == (tg is None)
        if tg is not None:
            np.testing.assert_allclose(eg, tg, **TOL[dtype])


def _distinct(shape, seed=0):
    n = int(np.prod(shape))
    return (np.random.default_rng(seed).permutation(n) * 0.25 - n / 8).reshape(shape)


# ---------------------------------------------------------------------------------------------- max unpooling
UNPOOL = [
    (1, (2, 3, 8), dict(kernel_size=2), None),
    (1, (3, 7), dict(kernel_size=3, stride=2), [7]),
    (2, (2, 2, 6, 6), dict(kernel_size=2), None),
    (2, (1, 2, 5, 7), dict(kernel_size=(2, 3), stride=(2, 3), padding=(1, 1)), (1, 2, 5, 7)),
    (2, (3, 4, 5), dict(kernel_size=2), (4, 5)),
    (3, (1, 2, 4, 4, 6), dict(kernel_size=2), None),
    (3, (2, 3, 5, 4), dict(kernel_size=(1, 2, 2), stride=(1, 2, 2)), (3, 5, 4)),
]


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("n,shape,geo,size", UNPOOL)
def test_max_unpool_matches_torch(n, shape, geo, size, dtype):
    def f(m, x):
        values, indices = getattr(_F(m), f"max_pool{n}d")(x, return_indices=True, **geo)
        return getattr(_F(m), f"max_unpool{n}d")(values, indices, output_size=size, **geo)
    _assert_same(_run(f, [_distinct(shape)], dtype), dtype)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_max_unpool_module_matches_torch(n):
    shape = (2, 3) + (4,) * n
    outs = []
    for m in LIBS:
        pool = getattr(m.nn, f"MaxPool{n}d")(2, return_indices=True)
        unpool = getattr(m.nn, f"MaxUnpool{n}d")(2)
        x = m.tensor(_distinct(shape))
        outs.append((repr(unpool), list(unpool.state_dict()), unpool(*pool(x), output_size=x.shape).numpy()))
    assert outs[0][:2] == outs[1][:2]
    np.testing.assert_array_equal(outs[0][2], outs[1][2])
    assert repr(ember.nn.MaxUnpool2d((2, 3), 1, (1, 0))) == repr(torch.nn.MaxUnpool2d((2, 3), 1, (1, 0)))
    assert repr(ember.nn.MaxUnpool3d(2, (1, 2, 1))) == repr(torch.nn.MaxUnpool3d(2, (1, 2, 1)))


def _pooled(m, shape=(1, 2, 4, 4), n=2):
    return getattr(_F(m), f"max_pool{n}d")(m.tensor(_distinct(shape)), 2, return_indices=True)


UNPOOL_ERRORS = [
    lambda m: _F(m).max_unpool2d(_pooled(m)[0], _pooled(m)[1] * 10, 2),
    lambda m: _F(m).max_unpool2d(_pooled(m)[0], _pooled(m)[1][..., :1], 2),
    lambda m: _F(m).max_unpool2d(_pooled(m)[0], _pooled(m)[1].float(), 2),
    lambda m: _F(m).max_unpool2d(_pooled(m)[0][0, 0], _pooled(m)[1][0, 0], 2),
    lambda m: _F(m).max_unpool2d(*_pooled(m), 2, output_size=(9, 9)),
    lambda m: _F(m).max_unpool2d(*_pooled(m), 2, output_size=(9,)),
    lambda m: _F(m).max_unpool1d(_pooled(m)[0][0], _pooled(m)[1][0], 2, output_size=(1, 2, 3)),
    lambda m: _F(m).max_unpool3d(*_pooled(m, (1, 2, 4, 4, 4), 3), 2, output_size=(4, 4, 9)),
    lambda m: _F(m).max_unpool3d(*_pooled(m, (2, 4, 4), 2), 2),
    lambda m: _F(m).max_unpool3d(_pooled(m, (1, 2, 4, 4, 4), 3)[0], _pooled(m, (1, 2, 4, 4, 4), 3)[1] + 100, 2),
]


@pytest.mark.parametrize("k", range(len(UNPOOL_ERRORS)))
def test_max_unpool_errors_match_torch(k):
    _same_error(UNPOOL_ERRORS[k])


# ---------------------------------------------------------------------------------------------- embedding bags
IDX = np.array([1, 2, 4, 5, 4, 3, 2, 0, 6])
OFF = np.array([0, 3, 3, 6])
BAGS = [
    dict(mode="sum"), dict(mode="mean"), dict(mode="max"),
    dict(mode="sum", padding_idx=2), dict(mode="mean", padding_idx=4), dict(mode="max", padding_idx=2),
    dict(mode="mean", padding_idx=-3), dict(mode="sum", psw=True), dict(mode="sum", psw=True, padding_idx=3),
    dict(mode="sum", last=True), dict(mode="max", last=True), dict(mode="mean", two=True),
    dict(mode="max", two=True), dict(mode="sum", two=True, psw=True), dict(mode="mean", offsets=[0, 0, 9, 9]),
]


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("case", BAGS, ids=lambda c: "-".join(f"{k}={v}" for k, v in c.items()))
def test_embedding_bag_matches_torch(case, dtype):
    case = dict(case)
    psw, two, last, off = case.pop("psw", False), case.pop("two", False), case.pop("last", False), \
        case.pop("offsets", None)
    arrays = [_distinct((7, 3))] + ([np.random.default_rng(1).standard_normal(9)] if psw else [])

    def f(m, w, p=None):
        if two:
            return _F(m).embedding_bag(m.tensor(IDX.reshape(3, 3)), w, per_sample_weights=None if p is None
                                       else p.reshape(3, 3), **case)
        offsets = np.array(off if off is not None else [0, 3, 3, 9] if last else OFF)
        return _F(m).embedding_bag(m.tensor(IDX), w, m.tensor(offsets), per_sample_weights=p,
                                   include_last_offset=last, **case)
    _assert_same(_run(f, arrays, dtype), dtype)


def test_embedding_bag_int32_and_mixed_index_types():
    outs = [_F(m).embedding_bag(m.tensor(IDX).int(), m.tensor(_distinct((7, 3))), m.tensor(OFF), mode="sum").numpy()
            for m in LIBS]
    np.testing.assert_array_equal(outs[0], outs[1])


def test_embedding_bag_module_matches_torch():
    for kw in (dict(), dict(mode="sum", padding_idx=-2), dict(mode="max", max_norm=1.0, norm_type=1.5),
               dict(scale_grad_by_freq=True, include_last_offset=True)):
        reprs, states, padding_rows = [], [], []
        for m in LIBS:
            m.manual_seed(0)
            bag = m.nn.EmbeddingBag(10, 3, **kw)
            reprs.append(repr(bag))
            states.append({k: tuple(v.shape) for k, v in bag.state_dict().items()})
            if bag.padding_idx is not None:
                padding_rows.append(bag.weight[bag.padding_idx].detach().numpy())
        assert reprs[0] == reprs[1]
        assert states[0] == states[1]
        for row in padding_rows:
            assert not row.any()
    outs = []
    for m in LIBS:
        w = m.tensor(_distinct((6, 2)))
        bag = m.nn.EmbeddingBag.from_pretrained(w, mode="sum", padding_idx=1)
        out = bag(m.tensor([[0, 1, 2], [3, 4, 5]]))
        outs.append((repr(bag), bag.weight.requires_grad, out.numpy()))
        bag2 = m.nn.EmbeddingBag.from_pretrained(w, freeze=False, max_norm=1.0)
        out2 = bag2(m.tensor([0, 1, 2, 3]), m.tensor([0, 2]))
        outs[-1] += (bag2.weight.requires_grad, out2.detach().numpy(), bag2.weight.detach().numpy())
    assert outs[0][:2] == outs[1][:2] and outs[0][3] == outs[1][3]
    for k in (2, 4, 5):
        np.testing.assert_allclose(outs[1][k], outs[0][k], rtol=1e-12)


def test_embedding_bag_has_no_second_derivative_as_torch():
    """torch's gradient of an embedding bag is not differentiable: create_graph records its nodes, whose backward
    raises."""
    seen = []
    for m in LIBS:
        w = m.tensor(_distinct((7, 3)), requires_grad=True)
        p = m.tensor(np.linspace(-1, 1, 9), requires_grad=True)
        out = _F(m).embedding_bag(m.tensor(IDX), w, m.tensor(OFF), mode="sum", per_sample_weights=p)
        gw, gp = m.autograd.grad((out * out).sum(), (w, p), create_graph=True)
        row = [(type(t.grad_fn).__name__, [type(n).__name__ for n, _ in t.grad_fn.next_functions], t.grad_fn.name())
               for t in (gw, gp)]
        for t in (gw, gp):
            with pytest.raises(Exception) as info:
                t.sum().backward()
            row.append((type(info.value).__name__, str(info.value)))
        seen.append((row, gw.detach().numpy(), gp.detach().numpy()))
    assert seen[0][0] == seen[1][0]
    np.testing.assert_allclose(seen[1][1], seen[0][1], rtol=1e-12)
    np.testing.assert_allclose(seen[1][2], seen[0][2], rtol=1e-12)


def _w(m, dtype=None):
    return m.tensor(_distinct((6, 3)), dtype=dtype)


BAG_ERRORS = [
    lambda m: _F(m).embedding_bag(m.tensor(IDX), _w(m), m.tensor([1, 3])),
    lambda m: _F(m).embedding_bag(m.tensor(IDX), _w(m), m.tensor([0, 10])),
    lambda m: _F(m).embedding_bag(m.tensor(IDX) * 3, _w(m), m.tensor(OFF)),
    lambda m: _F(m).embedding_bag(m.tensor(IDX).float(), _w(m), m.tensor(OFF)),
    lambda m: _F(m).embedding_bag(m.tensor(IDX), _w(m), m.tensor(OFF).float()),
    lambda m: _F(m).embedding_bag(m.tensor(IDX), _w(m), m.tensor(OFF), mode="max",
                                  per_sample_weights=m.ones(9, dtype=m.float64)),
    lambda m: _F(m).embedding_bag(m.tensor(IDX), _w(m), m.tensor(OFF), mode="foo"),
    lambda m: _F(m).embedding_bag(m.tensor(IDX), _w(m)),
    lambda m: _F(m).embedding_bag(m.tensor(IDX).view(3, 3), _w(m), m.tensor(OFF)),
    lambda m: _F(m).embedding_bag(m.tensor(IDX).view(1, 3, 3), _w(m)),
    lambda m: _F(m).embedding_bag(m.tensor(IDX), _w(m), m.tensor(OFF).view(2, 2)),
    lambda m: _F(m).embedding_bag(m.tensor(IDX), _w(m)[0], m.tensor(OFF)),
    lambda m: _F(m).embedding_bag(m.tensor(IDX), _w(m), m.tensor(OFF), mode="sum",
                                  per_sample_weights=m.ones(9, dtype=m.float32)),
    lambda m: _F(m).embedding_bag(m.tensor(IDX), _w(m), m.tensor(OFF), mode="sum",
                                  per_sample_weights=m.ones(3, dtype=m.float64)),
    lambda m: _F(m).embedding_bag(m.tensor(IDX), _w(m), m.tensor(OFF), padding_idx=7),
    lambda m: _F(m).embedding_bag(m.tensor(IDX), _w(m), m.tensor(OFF), mode="max", scale_grad_by_freq=True),
    lambda m: m.nn.EmbeddingBag(5, 2, padding_idx=5),
    lambda m: m.nn.EmbeddingBag(5, 2, padding_idx=-6),
    lambda m: m.nn.EmbeddingBag(5, 2, _weight=m.zeros(4, 2)),
    lambda m: m.nn.EmbeddingBag.from_pretrained(m.zeros(4)),
]


@pytest.mark.parametrize("k", range(len(BAG_ERRORS)))
def test_embedding_bag_errors_match_torch(k):
    _same_error(BAG_ERRORS[k])


# ---------------------------------------------------------------------------------------------- grid sampling
def _grid_data(nd: int):
    rng = np.random.default_rng(nd)
    if nd == 2:
        return rng.standard_normal((2, 3, 4, 5)), rng.uniform(-1.3, 1.3, (2, 3, 2, 2))
    return rng.standard_normal((1, 2, 3, 4, 2)), rng.uniform(-1.3, 1.3, (1, 2, 2, 3, 3))


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("align", [False, True])
@pytest.mark.parametrize("padding", ["zeros", "border", "reflection"])
@pytest.mark.parametrize("nd,mode", [(2, "bilinear"), (2, "nearest"), (2, "bicubic"), (3, "bilinear"),
                                     (3, "nearest")])
def test_grid_sample_matches_torch(nd, mode, padding, align, dtype):
    def f(m, x, g):
        return _F(m).grid_sample(x, g, mode=mode, padding_mode=padding, align_corners=align)
    _assert_same(_run(f, list(_grid_data(nd)), dtype), dtype)


def test_grid_sample_nearest_rounds_half_to_even_as_torch():
    # grid points exactly between two pixels (align_corners=True on 5 pixels: steps of 0.5 pixel)
    x = np.arange(5.0).reshape(1, 1, 1, 5)
    g = np.stack([np.linspace(-1, 1, 9), np.zeros(9)], -1).reshape(1, 1, 9, 2)
    outs = [_F(m).grid_sample(m.tensor(x), m.tensor(g), mode="nearest", align_corners=True).numpy() for m in LIBS]
    np.testing.assert_array_equal(outs[0], outs[1])


@pytest.mark.parametrize("align", [False, True])
@pytest.mark.parametrize("size", [(2, 1, 3, 4), (2, 3, 1, 5), (2, 1, 2, 3, 4)])
def test_affine_grid_then_grid_sample_matches_torch(size, align):
    nd = len(size) - 2
    rng = np.random.default_rng(0)
    theta = np.eye(nd, nd + 1)[None] + rng.uniform(-0.3, 0.3, (2, nd, nd + 1))
    x = rng.standard_normal((2, 2) + (3,) * nd)

    def f(m, t, inp):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")      # the unit-size grid warning, checked below
            grid = _F(m).affine_grid(t, size, align_corners=align)
        return _F(m).grid_sample(inp, grid, align_corners=align)
    for dtype in ("float64", "float32"):
        _assert_same(_run(f, [theta, x], dtype), dtype)


def test_grid_sample_double_backward_matches_torch():
    x, g = _grid_data(2)
    outs = []
    for m in LIBS:
        xt, gt = m.tensor(x, requires_grad=True), m.tensor(g, requires_grad=True)
        out = _F(m).grid_sample(xt, gt, padding_mode="reflection", align_corners=False)
        gx, gg = m.autograd.grad((out * out).sum(), (xt, gt), create_graph=True)
        hx, hg = m.autograd.grad((gx * gx).sum() + (gg * gg).sum(), (xt, gt))
        outs.append([v.detach().numpy() for v in (gx, gg, hx, hg)])
    for e, t in zip(outs[1], outs[0]):
        np.testing.assert_allclose(e, t, rtol=1e-10, atol=1e-12)


def _warnings(f):
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter("always")
        f()
    return [(w.category.__name__, str(w.message)) for w in ws]


def test_align_corners_warnings_match_torch():
    for f in (lambda m: _F(m).grid_sample(m.zeros(1, 1, 2, 2), m.zeros(1, 1, 1, 2)),
              lambda m: _F(m).affine_grid(m.zeros(1, 2, 3), (1, 1, 2, 2)),
              lambda m: _F(m).affine_grid(m.zeros(1, 2, 3), (1, 1, 1, 3), align_corners=True)):
        assert _warnings(lambda: f(ember)) == _warnings(lambda: f(torch))


GRID_ERRORS = [
    lambda m: _F(m).grid_sample(m.zeros(1, 1, 3, 3), m.zeros(1, 2, 2, 2, dtype=m.float64), align_corners=False),
    lambda m: _F(m).grid_sample(m.zeros(1, 1, 3, 3), m.zeros(2, 2, 2, 2), align_corners=False),
    lambda m: _F(m).grid_sample(m.zeros(1, 1, 3, 3), m.zeros(1, 2, 2, 3), align_corners=False),
    lambda m: _F(m).grid_sample(m.zeros(1, 1, 3, 3), m.zeros(1, 2, 2), align_corners=False),
    lambda m: _F(m).grid_sample(m.zeros(1, 3, 3), m.zeros(1, 2, 2), align_corners=False),
    lambda m: _F(m).grid_sample(m.zeros(1, 1, 3, 0), m.zeros(1, 2, 2, 2), align_corners=False),
    lambda m: _F(m).grid_sample(m.zeros(1, 1, 3, 3, dtype=m.int64), m.zeros(1, 2, 2, 2, dtype=m.int64),
                                align_corners=False),
    lambda m: _F(m).grid_sample(m.zeros(1, 1, 3, 3), m.zeros(1, 2, 2, 2), mode="cubic"),
    lambda m: _F(m).grid_sample(m.zeros(1, 1, 3, 3), m.zeros(1, 2, 2, 2), padding_mode="wrap"),
    lambda m: _F(m).grid_sample(m.zeros(1, 1, 2, 3, 3), m.zeros(1, 2, 2, 2, 3), mode="bicubic", align_corners=False),
    lambda m: _F(m).grid_sample(m.zeros(1, 1, 2, 3, 3), m.zeros(1, 2, 2, 3), mode="bicubic", align_corners=False),
    lambda m: _F(m).grid_sample(m.zeros(1, 1, 3, 3), m.zeros(1, 2, 2, 2), align_corners=1),
    lambda m: _F(m).grid_sample(2.0, m.zeros(1, 2, 2, 2), align_corners=False),
    lambda m: _F(m).affine_grid(m.ones(1, 2, 3, dtype=m.int64), (1, 1, 2, 2), align_corners=False),
    lambda m: _F(m).affine_grid(m.ones(1, 3, 3), (1, 1, 2, 2), align_corners=False),
    lambda m: _F(m).affine_grid(m.ones(1, 2, 3), (1, 1, 2, 2, 2), align_corners=False),
    lambda m: _F(m).affine_grid(m.ones(1, 3, 3), (1, 1, 2), align_corners=False),
    lambda m: _F(m).affine_grid(m.ones(1, 2, 3), (1, 1, 0, 2), align_corners=False),
    lambda m: _F(m).affine_grid(m.ones(2, 2, 3), (1, 1, 2, 2), align_corners=False),
]


@pytest.mark.parametrize("k", range(len(GRID_ERRORS)))
def test_grid_errors_match_torch(k):
    _same_error(GRID_ERRORS[k])


# ---------------------------------------------------------------------------------------------- nll_loss
def test_nll_loss_every_target_ignored_matches_torch():
    outs = []
    for m in LIBS:
        x = m.tensor(_distinct((2, 3)), requires_grad=True)
        loss = _F(m).cross_entropy(x, m.tensor([-100, -100]))
        loss.backward()
        outs.append((loss.item(), x.grad.numpy()))
    assert np.isnan(outs[0][0]) and np.isnan(outs[1][0])
    np.testing.assert_array_equal(outs[1][1], outs[0][1])


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_retain_graph_and_create_graph_match_torch(reduction):
    """The log-softmax node's plain backward reuses forward's exponentials once: a second backward through
    the retained graph and a create_graph backward compute them again, with torch's values."""
    outs = []
    for m in LIBS:
        x = m.tensor(_distinct((4, 5)) / 4, requires_grad=True)
        loss = _F(m).cross_entropy(x, m.tensor([0, 4, 2, 2]), reduction=reduction).sum()
        g1, = m.autograd.grad(loss, x, retain_graph=True)
        g2, = m.autograd.grad(loss, x, create_graph=True)
        h, = m.autograd.grad((g2 * g2).sum(), x)
        outs.append([v.detach().numpy() for v in (g1, g2, h)])
    for e, t in zip(outs[1], outs[0]):
        np.testing.assert_allclose(e, t, rtol=1e-12, atol=1e-14)


# ---------------------------------------------------------------------------------------------- antialias
AA = [dict(size=(3, 4)), dict(size=(4, 7)), dict(scale_factor=0.37), dict(size=(12, 15)), dict(size=(9, 5)),
      dict(scale_factor=(0.5, 2.2)), dict(size=(2, 3), align_corners=True),
      dict(scale_factor=0.4, recompute_scale_factor=True)]


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("kw", AA, ids=str)
@pytest.mark.parametrize("mode", ["bilinear", "bicubic"])
def test_interpolate_antialias_matches_torch(mode, kw, dtype):
    x = np.random.default_rng(0).standard_normal((2, 2, 9, 11))
    _assert_same(_run(lambda m, t: _F(m).interpolate(t, mode=mode, antialias=True, **kw), [x], dtype), dtype)


AA_ERRORS = [
    lambda m: _F(m).interpolate(m.zeros(1, 1, 4, 4), size=(2, 2), mode="nearest", antialias=True),
    lambda m: _F(m).interpolate(m.zeros(1, 1, 4), size=2, mode="linear", antialias=True),
    lambda m: _F(m).interpolate(m.zeros(1, 1, 4, 4, 4), size=2, mode="trilinear", antialias=True),
    lambda m: _F(m).interpolate(m.zeros(1, 1, 4, 4), size=(2, 2), mode="area", antialias=True),
]


@pytest.mark.parametrize("k", range(len(AA_ERRORS)))
def test_interpolate_antialias_errors_match_torch(k):
    _same_error(AA_ERRORS[k])


# ---------------------------------------------------------------------------------------------- misuse
def _outcome(f):
    try:
        r = f()
    except Exception as e:  # noqa: BLE001
        return type(e).__name__, str(e)
    return "ok", tuple(r.shape)


MISUSE = [lambda F, m, x: F(x), lambda F, m, x: F(x, x), lambda F, m, x: F(x, 0.5), lambda F, m, x: F(x, 1),
          lambda F, m, x: F(x, m.tensor([1, 0])), lambda F, m, x: F(x, x > 0), lambda F, m, x: F(x, x, 0.5),
          lambda F, m, x: F(x, x, 1), lambda F, m, x: F(x, x, 2, output_size=3), lambda F, m, x: F(x, x.long(), 1),
          lambda F, m, x: F(x, x, align_corners=True), lambda F, m, x: F(x, x, True)]


@pytest.mark.parametrize("name", ["affine_grid", "grid_sample", "embedding_bag", "max_unpool1d", "max_unpool2d",
                                  "max_unpool3d"])
def test_misuse_matches_torch(name):
    """Calls of the wrong arguments (as the differential fuzzer makes them) raise torch's errors, or agree."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for dtype in ("float64", "int64", "bool"):
            for shape in ((2, 2), (2, 3, 4), (1, 1, 2, 2), (1, 2, 2, 2, 2)):
                for k, form in enumerate(MISUSE):
                    got = [_outcome(lambda: form(getattr(m.nn.functional, name), m,
                                                 m.ones(*shape, dtype=getattr(m, dtype)))) for m in LIBS]
                    assert got[1] == got[0], (dtype, shape, k)
