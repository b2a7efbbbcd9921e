"""Convolution layers and F.pad / unfold / fold against torch 2.13: modules with copied weights (outputs and
every gradient, float32 and float64), init from the same seed, reprs, torch's errors, second order, and a
hypothesis sweep over the geometry. The functional forms' generic checks are rows in tests/op_table_nn.py."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import ember

torch = pytest.importorskip("torch")

TOL = {"float32": dict(rtol=1e-4, atol=1e-5), "float64": dict(rtol=1e-10, atol=1e-12)}


def _pair(cls_name, dtype, *args, **kwargs):
    """The same layer in both libraries, ember's weights copied from torch's."""
    tm = getattr(torch.nn, cls_name)(*args, **kwargs).to(getattr(torch, dtype))
    em = getattr(ember.nn, cls_name)(*args, **kwargs).to(getattr(ember, dtype))
    with ember.no_grad():
        for (name, p), (tname, tp) in zip(em.named_parameters(), tm.named_parameters()):
            assert name == tname and tuple(p.shape) == tuple(tp.shape)
            p.copy_(ember.tensor(tp.detach().numpy()))
    return em, tm


def _check(em, tm, shape, dtype, seed=0, forward=None):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape).astype(dtype)
    ex, tx = ember.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    ey, ty = (forward(em, ex), forward(tm, tx)) if forward else (em(ex), tm(tx))
    np.testing.assert_allclose(ey.detach().numpy(), ty.detach().numpy(), **TOL[dtype])
    assert type(ey.grad_fn).__name__ == type(ty.grad_fn).__name__
    g = rng.standard_normal(tuple(ty.shape)).astype(dtype)
    ey.backward(ember.tensor(g))
    ty.backward(torch.tensor(g))
    np.testing.assert_allclose(ex.grad.numpy(), tx.grad.numpy(), **TOL[dtype])
    for (name, p), (_, tp) in zip(em.named_parameters(), tm.named_parameters()):
        np.testing.assert_allclose(p.grad.numpy(), tp.grad.numpy(), err_msg=name, **TOL[dtype])


LAYERS = [
    ("Conv1d", (3, 4, 3), dict(stride=2, padding=1), (2, 3, 9)),
    ("Conv1d", (2, 4, 4), dict(padding="same", dilation=2, padding_mode="circular"), (2, 2, 9)),
    ("Conv2d", (1, 6, 5), {}, (4, 1, 12, 12)),
    ("Conv2d", (4, 6, 3), dict(stride=(2, 1), padding=(1, 2), dilation=(1, 2), groups=2), (2, 4, 8, 9)),
    ("Conv2d", (3, 3, 3), dict(groups=3, padding="same", padding_mode="reflect", bias=False), (2, 3, 6, 6)),
    ("Conv2d", (2, 3, (2, 3)), dict(padding=1, padding_mode="replicate"), (2, 5, 6)),
    ("Conv2d", (2, 3, 2), dict(padding="same"), (2, 2, 5, 5)),
    ("Conv3d", (2, 4, 3), dict(padding=1, stride=2), (2, 2, 5, 5, 4)),
    ("ConvTranspose1d", (3, 4, 3), dict(stride=2, padding=1, output_padding=1), (2, 3, 5)),
    ("ConvTranspose2d", (4, 6, 3), dict(stride=2, groups=2, dilation=(1, 2)), (2, 4, 4, 5)),
    ("ConvTranspose2d", (2, 3, 2), dict(bias=False), (2, 4, 4)),
    ("ConvTranspose3d", (2, 2, 2), dict(stride=(1, 2, 2), padding=1), (1, 2, 3, 4, 4)),
]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name,args,kwargs,shape", LAYERS)
def test_layer_matches_torch(name, args, kwargs, shape, dtype):
    em, tm = _pair(name, dtype, *args, **kwargs)
    _check(em, tm, shape, dtype)
    assert repr(em) == repr(tm)


def test_conv_transpose_output_size():
    em, tm = _pair("ConvTranspose2d", "float64", 2, 3, 3, stride=2, padding=1)
    _check(em, tm, (2, 2, 4, 4), "float64", forward=lambda m, x: m(x, output_size=[8, 8]))
    for size in ([9, 9], [4, 4]):
        with pytest.raises(ValueError) as te:
            tm(torch.zeros(1, 2, 4, 4, dtype=torch.float64), output_size=size)
        with pytest.raises(ValueError) as ee:
            em(ember.zeros(1, 2, 4, 4, dtype=ember.float64), output_size=size)
        assert str(ee.value) == str(te.value)


@pytest.mark.parametrize("name,args", [("Conv2d", (3, 4, 3)), ("Conv1d", (2, 5, 4)), ("Conv3d", (2, 2, 2)),
                                       ("ConvTranspose2d", (3, 4, 3)), ("Conv2d", (4, 6, 3, 1, 0, 1, 2))])
def test_init_is_torchs_from_the_same_seed(name, args):
    torch.manual_seed(7)
    tm = getattr(torch.nn, name)(*args)
    ember.manual_seed(7)
    em = getattr(ember.nn, name)(*args)
    for p, tp in zip(em.parameters(), tm.parameters()):
        np.testing.assert_allclose(p.detach().numpy(), tp.detach().numpy(), rtol=1e-6, atol=1e-7)


def _same_error(f):
    """f(lib) raises the same exception type and message on both libraries."""
    with pytest.raises(Exception) as te:
        f(torch)
    with pytest.raises(Exception) as ee:
        f(ember)
    assert type(ee.value).__name__ == type(te.value).__name__
    assert str(ee.value) == str(te.value)


ERRORS = [
    lambda m: m.nn.functional.conv2d(m.zeros(8, 8), m.zeros(4, 3, 3, 3)),
    lambda m: m.nn.Conv1d(3, 4, 3)(m.zeros(2, 3, 8, 8)),
    lambda m: m.nn.functional.conv2d(m.zeros(2, 3, 8, 8), m.zeros(4, 2, 3, 3)),
    lambda m: m.nn.functional.conv2d(m.zeros(2, 3, 8, 8), m.zeros(4, 3, 3, 3), groups=2),
    lambda m: m.nn.functional.conv2d(m.zeros(2, 3, 8, 8), m.zeros(4, 3, 9, 9)),
    lambda m: m.nn.functional.conv2d(m.zeros(2, 3, 8, 8), m.zeros(4, 3, 4, 4), dilation=3),
    lambda m: m.nn.functional.conv2d(m.zeros(2, 3, 8, 8), m.zeros(4, 3, 3, 3), stride=2, padding="same"),
    lambda m: m.nn.functional.conv2d(m.zeros(2, 3, 8, 8), m.zeros(4, 3, 3, 3), padding="foo"),
    lambda m: m.nn.functional.conv2d(m.zeros(2, 3, 8, 8), m.zeros(4, 3, 3, 3), m.zeros(3)),
    lambda m: m.nn.functional.conv2d(m.zeros(2, 3, 8, 8), m.zeros(4, 3, 3, 3), stride=0),
    lambda m: m.nn.functional.conv2d(m.zeros(2, 3, 8, 8), m.zeros(4, 3, 3, 3), padding=-1),
    lambda m: m.nn.functional.conv2d(m.zeros(2, 3, 8, 8), m.zeros(4, 3, 3, 3), stride=(1, 1, 1)),
    lambda m: m.nn.functional.conv2d(m.zeros(2, 3, 8, 8), m.zeros(4, 3, 3, 3, dtype=m.float64)),
    lambda m: m.nn.functional.conv2d(m.zeros(2, 3, 8, 8), m.zeros(3, 3, 3, 3), groups=3),
    lambda m: m.nn.functional.conv_transpose2d(m.zeros(2, 3, 8, 8), m.zeros(4, 3, 3, 3)),
    lambda m: m.nn.functional.conv_transpose2d(m.zeros(2, 3, 8, 8), m.zeros(3, 2, 3, 3), output_padding=1),
    lambda m: m.nn.Conv2d(3, 4, 3, groups=2),
    lambda m: m.nn.Conv2d(3, 4, 3, stride=2, padding="same"),
    lambda m: m.nn.ConvTranspose2d(3, 4, 3, padding_mode="reflect"),
    lambda m: m.nn.functional.pad(m.zeros(2, 3), (1,)),
    lambda m: m.nn.functional.pad(m.zeros(2, 3), (1, 1) * 3),
    lambda m: m.nn.functional.pad(m.zeros(2, 3, 4, 4), (1, 1), mode="reflect"),
    lambda m: m.nn.functional.pad(m.zeros(2, 3, 4), (4, 4), mode="reflect"),
    lambda m: m.nn.functional.pad(m.zeros(2, 3, 4), (5, 4), mode="circular"),
    lambda m: m.nn.functional.pad(m.zeros(2, 3, 4), (1, 1), mode="replicate", value=2.0),
    lambda m: m.nn.functional.pad(m.zeros(2, 3, 4), (1, 1), mode="foo"),
    lambda m: m.nn.functional.pad(m.zeros(2, 3, 4), (-3, -2)),
    lambda m: m.nn.functional.fold(m.zeros(2, 8, 10), (4, 5), 2),
]


@pytest.mark.parametrize("k", range(len(ERRORS)))
def test_errors_match_torch(k):
    _same_error(ERRORS[k])


def test_padding_mode_error():
    with pytest.raises(ValueError, match="padding_mode must be one of") as te:
        torch.nn.Conv2d(3, 4, 3, padding_mode="foo")
    with pytest.raises(ValueError, match="padding_mode must be one of") as ee:
        ember.nn.Conv2d(3, 4, 3, padding_mode="foo")
    assert str(ee.value).split(", but")[1] == str(te.value).split(", but")[1]


def test_padding_layers():
    x = np.random.default_rng(0).standard_normal((2, 3, 4, 5))
    for name, arg, shape in [("ZeroPad2d", 2, x.shape), ("ConstantPad2d", ((1, 2, 0, 1), 3.5), x.shape),
                             ("ReflectionPad2d", (1, 2, 3, 0), x.shape), ("ReplicationPad2d", 1, x.shape),
                             ("CircularPad2d", (1, 1, 2, 0), x.shape), ("ReflectionPad1d", 2, (2, 4, 5)),
                             ("ReplicationPad3d", 1, x.shape), ("ZeroPad1d", (1, 2), x.shape),
                             ("CircularPad1d", 1, (3, 5)), ("ConstantPad3d", (1, 3.0), x.shape)]:
        args = arg if name.startswith("Constant") else (arg,)
        em, tm = getattr(ember.nn, name)(*args), getattr(torch.nn, name)(*args)
        assert repr(em) == repr(tm)
        a = x.reshape(-1)[:int(np.prod(shape))].reshape(shape)
        ex, tx = ember.tensor(a, requires_grad=True), torch.tensor(a, requires_grad=True)
        ey, ty = em(ex), tm(tx)
        np.testing.assert_allclose(ey.detach().numpy(), ty.detach().numpy())
        assert type(ey.grad_fn).__name__ == type(ty.grad_fn).__name__
        (ey * ey).sum().backward()
        (ty * ty).sum().backward()
        np.testing.assert_allclose(ex.grad.numpy(), tx.grad.numpy())
    _same_error(lambda m: m.nn.CircularPad2d(1)(m.zeros(4, 5)))


def test_conv_double_backward_matches_torch():
    """Second order: the gradient of the input gradient's norm with respect to the weight and input."""
    rng = np.random.default_rng(1)
    x, w = rng.standard_normal((2, 4, 6, 5)), rng.standard_normal((6, 2, 3, 2))
    outs = []
    for m in (ember, torch):
        tx, tw = m.tensor(x, requires_grad=True), m.tensor(w, requires_grad=True)
        y = m.nn.functional.conv2d(tx, tw, stride=(2, 1), padding=1, groups=2, dilation=(1, 2))
        gx, = m.autograd.grad((y * y).sum(), tx, create_graph=True)
        hx, hw = m.autograd.grad((gx * gx).sum(), (tx, tw))
        outs.append((hx.numpy(), hw.numpy()))
    for a, b in zip(*outs):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-10)
    a = ember.tensor(x[:1, :, :3, :3], requires_grad=True)
    b = ember.tensor(w[:4, :1, :2, :2], requires_grad=True)
    assert ember.autograd.gradgradcheck(lambda a, b: ember.nn.functional.conv_transpose2d(a, b, stride=2, groups=2),
                                        (a, b))


@settings(max_examples=40)
@given(n=st.integers(1, 3), k=st.integers(1, 3), s=st.integers(1, 3), p=st.integers(0, 2), d=st.integers(1, 2),
       g=st.sampled_from([1, 2]), transposed=st.booleans(), bias=st.booleans(), seed=st.integers(0, 2 ** 16))
def test_conv_geometry_hypothesis(n, k, s, p, d, g, transposed, bias, seed):
    rng = np.random.default_rng(seed)
    size = 7 if n < 3 else 5
    p = min(p, (d * (k - 1) + size) // 2)
    cin, cout = 2 * g, 2 * g
    x = rng.standard_normal((2, cin) + (size,) * n)
    wshape = ((cin, cout // g) if transposed else (cout, cin // g)) + (k,) * n
    w = rng.standard_normal(wshape)
    b = rng.standard_normal(cout) if bias else None
    op = 0
    if transposed and s > 1:
        op = int(rng.integers(0, s))
    results = []
    for m in (ember, torch):
        tx, tw = m.tensor(x, requires_grad=True), m.tensor(w, requires_grad=True)
        tb = m.tensor(b, requires_grad=True) if bias else None
        F = m.nn.functional
        if transposed:
            y = getattr(F, f"conv_transpose{n}d")(tx, tw, tb, s, p, op, g, d)
        else:
            if d * (k - 1) + 1 > size + 2 * p:
                return
            y = getattr(F, f"conv{n}d")(tx, tw, tb, s, p, d, g)
        gy = np.random.default_rng(seed + 1).standard_normal(tuple(y.shape))
        y.backward(m.tensor(gy))
        results.append([y.detach().numpy(), tx.grad.numpy(), tw.grad.numpy()] + ([tb.grad.numpy()] if bias else []))
    for a, b_ in zip(*results):
        np.testing.assert_allclose(a, b_, rtol=1e-9, atol=1e-9)


def test_unfold_fold_roundtrip_matches_torch():
    x = np.random.default_rng(3).standard_normal((2, 3, 6, 7))
    outs = []
    for m in (ember, torch):
        t = m.tensor(x, requires_grad=True)
        cols = m.nn.functional.unfold(t, (3, 2), dilation=(1, 2), padding=(1, 0), stride=(2, 1))
        back = m.nn.functional.fold(cols * cols, (6, 7), (3, 2), dilation=(1, 2), padding=(1, 0), stride=(2, 1))
        back.sum().backward()
        outs.append((cols.detach().numpy(), back.detach().numpy(), t.grad.numpy()))
    for a, b in zip(*outs):
        np.testing.assert_allclose(a, b, rtol=1e-12)


def test_same_padding_even_kernel_warns_as_torch():
    msgs = []
    torch.set_warn_always(True)     # torch warns once per process otherwise
    for m in (torch, ember):
        with pytest.warns(UserWarning) as rec:
            m.nn.functional.conv2d(m.zeros(1, 1, 4, 4), m.zeros(1, 1, 2, 2), padding="same")
        msgs.append(str(rec[0].message).split(" (Triggered")[0])
    assert msgs[0] == msgs[1]
