"""Max pooling's disjoint-window fast path (stride = kernel, no padding or dilation) against torch: values,
indices and gradients, with ties, NaN, -inf and an input the windows do not cover to the edge."""
from __future__ import annotations

import numpy as np
import pytest
import torch

import ember


def _data(shape, seed, kind):
    rng = np.random.default_rng(seed)
    if kind == "ties":                                  # few distinct values: ties in most windows
        return rng.integers(-2, 3, shape).astype(np.float32)
    x = rng.standard_normal(shape).astype(np.float32)
    if kind == "special":
        flat = x.reshape(-1)
        pick = rng.choice(flat.size, flat.size // 5, replace=False)
        flat[pick[::3]] = np.nan
        flat[pick[1::3]] = -np.inf
        flat[pick[2::3]] = np.inf
    return x


CASES = [("max_pool2d", (2, 3, 8, 8), 2), ("max_pool2d", (2, 3, 9, 7), 2), ("max_pool2d", (1, 2, 9, 9), 3),
         ("max_pool2d", (3, 12, 12), (2, 3)), ("max_pool1d", (2, 3, 11), 2), ("max_pool3d", (1, 2, 4, 6, 5), 2)]


@pytest.mark.parametrize("kind", ["random", "ties", "special"])
@pytest.mark.parametrize("fn,shape,k", CASES)
def test_disjoint_max_pool_matches_torch(fn, shape, k, kind):
    x = _data(shape, hash((fn, shape, kind)) % 1000, kind)
    for dtype in (np.float32, np.float64):
        xt = torch.from_numpy(x.astype(dtype)).requires_grad_(True)
        xe = ember.from_numpy(x.astype(dtype)).requires_grad_(True)
        yt, it = getattr(torch.nn.functional, fn)(xt, k, return_indices=True)
        ye, ie = getattr(ember.nn.functional, fn)(xe, k, return_indices=True)
        np.testing.assert_array_equal(ye.detach().numpy(), yt.detach().numpy())
        np.testing.assert_array_equal(ie.numpy(), it.numpy())
        assert type(ye.grad_fn).__name__ == type(yt.grad_fn).__name__
        g = np.random.default_rng(1).standard_normal(yt.shape).astype(dtype)
        yt.backward(torch.from_numpy(g))
        ye.backward(ember.from_numpy(g.copy()))
        np.testing.assert_array_equal(xe.grad.numpy(), xt.grad.numpy())


def test_disjoint_max_pool_second_order():
    x = torch.randn(2, 2, 6, 6, dtype=torch.float64, requires_grad=True)
    xe = ember.from_numpy(x.detach().numpy().copy()).requires_grad_(True)
    gt, = torch.autograd.grad(torch.nn.functional.max_pool2d(x, 2).pow(2).sum(), x, create_graph=True)
    ge, = ember.autograd.grad(ember.nn.functional.max_pool2d(xe, 2).pow(2).sum(), xe, create_graph=True)
    np.testing.assert_allclose(ge.detach().numpy(), gt.detach().numpy(), rtol=1e-15)
    ggt, = torch.autograd.grad(gt.sum(), x)
    gge, = ember.autograd.grad(ge.sum(), xe)
    np.testing.assert_allclose(gge.numpy(), ggt.numpy(), rtol=1e-15)
