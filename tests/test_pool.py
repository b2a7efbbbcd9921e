"""Pooling layers against torch 2.13: outputs, indices and gradients (float32 and float64), reprs, torch's
errors, second order, and a hypothesis sweep over the geometry (kernel, stride, padding, dilation,
ceil_mode). The functional forms' generic checks are rows in tests/op_table_nn.py."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import ember

torch = pytest.importorskip("torch")

TOL = {"float32": dict(rtol=1e-5, atol=1e-6), "float64": dict(rtol=1e-12, atol=1e-12)}


def _distinct(shape, seed=0):
    n = int(np.prod(shape))
    return (np.random.default_rng(seed).permutation(n) - n / 2).reshape(shape) * 0.1


def _compare(make, shape, dtype, seed=0):
    """make(lib) -> callable; outputs (and indices), grad_fn names and input gradients agree."""
    x = _distinct(shape, seed).astype(dtype)
    res = []
    for m in (ember, torch):
        t = m.tensor(x, requires_grad=True)
        out = make(m)(t)
        y, idx = (out if isinstance(out, tuple) else (out, None))
        g = np.random.default_rng(seed + 1).standard_normal(tuple(y.shape)).astype(dtype)
        y.backward(m.tensor(g))
        res.append((y.detach().numpy(), None if idx is None else idx.numpy(), t.grad.numpy(),
                    type(y.grad_fn).__name__))
    (ey, ei, eg, en), (ty, ti, tg, tn) = res
    np.testing.assert_allclose(ey, ty, **TOL[dtype])
    np.testing.assert_allclose(eg, tg, **TOL[dtype])
    if ti is not None:
        np.testing.assert_array_equal(ei, ti)
        assert ei.dtype == ti.dtype
    assert en == tn


LAYERS = [
    ("MaxPool2d", (2,), {}, (4, 6, 12, 12)),
    ("MaxPool2d", (3, 2, 1), dict(ceil_mode=True, return_indices=True), (2, 3, 7, 8)),
    ("MaxPool2d", ((2, 3), (1, 2), (1, 1)), dict(dilation=(2, 1)), (3, 7, 8)),
    ("MaxPool1d", (3, 2, 1, 2, True, True), {}, (2, 3, 11)),
    ("MaxPool3d", (2, 1, 1), dict(return_indices=True), (1, 2, 4, 3, 5)),
    ("AvgPool2d", (3, 2, 1), dict(ceil_mode=True), (2, 3, 7, 8)),
    ("AvgPool2d", (3, 2, 1), dict(ceil_mode=True, count_include_pad=False), (2, 3, 7, 8)),
    ("AvgPool2d", (2,), dict(divisor_override=3), (3, 6, 6)),
    ("AvgPool1d", (3, 2, 1, True, False), {}, (2, 3, 10)),
    ("AvgPool3d", (2, 2, 1), dict(ceil_mode=True), (1, 2, 5, 4, 3)),
    ("AdaptiveAvgPool2d", ((3, 4),), {}, (2, 3, 7, 9)),
    ("AdaptiveAvgPool2d", ((None, 2),), {}, (3, 5, 5)),
    ("AdaptiveAvgPool2d", (1,), {}, (2, 3, 5, 5)),
    ("AdaptiveAvgPool1d", (4,), {}, (2, 3, 9)),
    ("AdaptiveAvgPool3d", ((2, 3, 2),), {}, (1, 2, 5, 4, 3)),
    ("AdaptiveMaxPool2d", ((3, 2),), dict(return_indices=True), (2, 3, 7, 5)),
    ("AdaptiveMaxPool1d", (3,), dict(return_indices=True), (2, 3, 8)),
    ("LPPool2d", (2, (2, 3)), dict(stride=2), (2, 3, 6, 7)),
    ("LPPool1d", (3, 2), {}, (2, 3, 6)),
]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name,args,kwargs,shape", LAYERS)
def test_layer_matches_torch(name, args, kwargs, shape, dtype):
    if name.startswith("LP"):     # powers of negative numbers: positive inputs
        make = lambda m: (lambda t: getattr(m.nn, name)(*args, **kwargs)(t.abs() + 0.5))  # noqa: E731
    else:
        make = lambda m: getattr(m.nn, name)(*args, **kwargs)  # noqa: E731
    _compare(make, shape, dtype)
    assert repr(getattr(ember.nn, name)(*args, **kwargs)) == repr(getattr(torch.nn, name)(*args, **kwargs))


def _same_error(f):
    with pytest.raises(Exception) as te:
        f(torch)
    with pytest.raises(Exception) as ee:
        f(ember)
    assert type(ee.value).__name__ == type(te.value).__name__
    assert str(ee.value) == str(te.value)


ERRORS = [
    lambda m: m.nn.functional.max_pool2d(m.zeros(2, 3, 8, 8), 2, padding=2),
    lambda m: m.nn.functional.max_pool2d(m.zeros(8, 8), 2),
    lambda m: m.nn.functional.max_pool2d(m.zeros(2, 3, 8, 8), 9),
    lambda m: m.nn.functional.avg_pool2d(m.zeros(2, 3, 8, 8), 2, padding=2),
    lambda m: m.nn.functional.avg_pool2d(m.zeros(2, 3, 8, 8), 9),
    lambda m: m.nn.functional.max_pool2d(m.zeros(2, 3, 8, 8), 2, stride=0),
    lambda m: m.nn.functional.adaptive_avg_pool2d(m.zeros(8, 8), 2),
    lambda m: m.nn.MaxPool2d(2)(m.zeros(8, 8)),
    lambda m: m.nn.MaxPool3d(2)(m.zeros(2, 8, 8)),
]


@pytest.mark.parametrize("k", range(len(ERRORS)))
def test_errors_match_torch(k):
    _same_error(ERRORS[k])


def test_pool_double_backward_matches_torch():
    x = _distinct((2, 2, 6, 5))
    outs = []
    for m in (ember, torch):
        t = m.tensor(x, requires_grad=True)
        F = m.nn.functional
        y = F.max_pool2d(t, 2, 1) * F.avg_pool2d(t, 2, 1, ceil_mode=True)[..., :5, :4]
        g, = m.autograd.grad((y * y).sum(), t, create_graph=True)
        h, = m.autograd.grad((g * g * t).sum(), t)
        outs.append(h.numpy())
    np.testing.assert_allclose(outs[0], outs[1], rtol=1e-10, atol=1e-10)


@settings(max_examples=60)
@given(n=st.integers(1, 3), k=st.integers(1, 3), s=st.integers(1, 3), p=st.integers(0, 1), d=st.integers(1, 2),
       ceil=st.booleans(), kind=st.sampled_from(["max", "avg", "avg_nopad"]), seed=st.integers(0, 2 ** 16))
def test_pool_geometry_hypothesis(n, k, s, p, d, ceil, kind, seed):
    size = 7 if n < 3 else 5
    if kind != "max":
        d = 1
    p = min(p, (d * (k - 1) + 1) // 2)
    shape = (2, 2) + (size,) * n

    def make(m):
        F = m.nn.functional
        if kind == "max":
            return lambda t: getattr(F, f"max_pool{n}d")(t, k, s, p, d, ceil_mode=ceil, return_indices=True)
        if n == 1:
            return lambda t: F.avg_pool1d(t, k, s, p, ceil, kind == "avg")
        return lambda t: getattr(F, f"avg_pool{n}d")(t, k, s, p, ceil, kind == "avg")
    _compare(make, shape, "float64", seed)
