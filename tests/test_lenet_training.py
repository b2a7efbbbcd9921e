"""LeNet-5 trained 20 SGD steps in ember and in torch 2.13 from the same weights on the same random batch.

conv(1->6, 5, padding 2) - relu - maxpool(2) - conv(6->16, 5) - relu - maxpool(2) - linear(400->120) - relu -
linear(120->84) - relu - linear(84->10), cross-entropy, SGD with momentum. The losses agree step by step (float64
to 1e-10, float32 to 1e-4 relative), and so do the final weights.
"""
from __future__ import annotations

import numpy as np
import pytest
import torch

import ember

STEPS, BATCH = 20, 16
TOL = {"float64": dict(rtol=1e-10, atol=1e-12), "float32": dict(rtol=1e-4, atol=1e-5)}


def lenet5(lib):
    nn = lib.nn
    return nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
                         nn.Linear(84, 10))


def train(lib, weights: dict, dtype: str) -> tuple:
    """The losses of ``STEPS`` steps and the final state_dict, as NumPy."""
    model = lenet5(lib).to(getattr(lib, dtype))
    model.load_state_dict({k: lib.tensor(v) for k, v in weights.items()})
    opt = lib.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    rng = np.random.default_rng(1)
    x = lib.tensor(rng.standard_normal((BATCH, 1, 28, 28)).astype(dtype))
    y = lib.tensor(rng.integers(0, 10, size=BATCH))
    losses = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = lib.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return np.array(losses), {k: v.detach().numpy() for k, v in model.state_dict().items()}


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_lenet5_trains_as_torch(dtype):
    torch.manual_seed(0)
    weights = {k: v.detach().numpy().astype(dtype) for k, v in lenet5(torch).state_dict().items()}
    e_losses, e_state = train(ember, weights, dtype)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)        # small convolutions: torch's thread pool only costs time here
    try:
        t_losses, t_state = train(torch, weights, dtype)
    finally:
        torch.set_num_threads(threads)
    np.testing.assert_allclose(e_losses, t_losses, **TOL[dtype])
    assert t_losses[-1] < 0.9 * t_losses[0]     # it did train (one batch, being fitted): not a flat run
    assert list(e_state) == list(t_state)
    for k in t_state:
        assert e_state[k].dtype == t_state[k].dtype
        np.testing.assert_allclose(e_state[k], t_state[k], err_msg=k, **TOL[dtype])
