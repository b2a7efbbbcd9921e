"""Training end to end against torch 2.13: an MLP on a TensorDataset, DataLoader shuffling, an
optimizer, a scheduler, and a checkpoint taken mid-run.

Both libraries start from the same weights (torch's initialisation, copied into ember with
``load_state_dict``) and the same seeded ``Generator``; ember's generator runs torch's stream
(docs/random.md), so the DataLoader visits the samples in torch's order, which the tests check
batch by batch (the dataset carries each sample's index). Losses agree to float32 rounding.

The checkpoint test saves model, optimizer, scheduler and generator state with ``ember.save``,
resumes in a fresh Python process from ``ember.load``, and also resumes in real torch from
``torch.load(weights_only=True)``: all three continue with the losses of the uninterrupted run.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

import ember

LIBS = {"ember": ember, "torch": torch}
N, D_IN, HIDDEN, CLASSES, BATCH = 60, 6, 16, 3, 8
TOL = dict(rtol=2e-5, atol=2e-6)            # float32 rounding, accumulated over a few epochs
HERE = Path(__file__).resolve().parent


def dataset(lib):
    """Inputs, labels and each sample's index, the same numbers in both libraries."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((N, D_IN)).astype(np.float32)
    y = (x[:, 0] + x[:, 1] * x[:, 2] > 0).astype(np.int64) + (x[:, 3] > 1).astype(np.int64)
    return lib.utils.data.TensorDataset(lib.tensor(x), lib.tensor(y), lib.arange(N))


def mlp(lib):
    return lib.nn.Sequential(lib.nn.Linear(D_IN, HIDDEN), lib.nn.ReLU(), lib.nn.Linear(HIDDEN, HIDDEN),
                             lib.nn.Tanh(), lib.nn.Linear(HIDDEN, CLASSES))


def torch_weights(seed=0):
    torch.manual_seed(seed)
    return {k: v.detach().numpy().copy() for k, v in mlp(torch).state_dict().items()}


def model_with(lib, weights):
    model = mlp(lib)
    model.load_state_dict({k: lib.tensor(v) for k, v in weights.items()})
    return model


RECIPES = {
    "adam-onecycle": lambda lib, model, steps: (
        lambda opt: (opt, lib.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.05, total_steps=steps)))(
        lib.optim.Adam(model.parameters(), lr=0.01, weight_decay=1e-3)),
    "sgd-nesterov-steplr": lambda lib, model, steps: (
        lambda opt: (opt, lib.optim.lr_scheduler.StepLR(opt, step_size=7, gamma=0.5)))(
        lib.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-4)),
}


class Run:
    """One training run's objects in one library: model, optimizer, scheduler, loader, generator."""

    def __init__(self, lib, recipe, weights, epochs, seed=1234):
        self.lib, self.recipe = lib, recipe
        self.model = model_with(lib, weights)
        self.gen = lib.Generator()
        self.gen.manual_seed(seed)
        self.loader = lib.utils.data.DataLoader(dataset(lib), batch_size=BATCH, shuffle=True, generator=self.gen)
        self.opt, self.sched = RECIPES[recipe](lib, self.model, epochs * len(self.loader))

    def epoch(self):
        """Train one epoch: (losses, the sample indices of each batch, the learning rates used)."""
        losses, order, lrs = [], [], []
        F = self.lib.nn.functional
        for x, y, idx in self.loader:
            self.opt.zero_grad()
            loss = F.cross_entropy(self.model(x), y)
            loss.backward()
            self.opt.step()
            self.sched.step()
            losses.append(loss.item())
            order.append(idx.tolist())
            lrs.append(self.opt.param_groups[0]["lr"])
        return losses, order, lrs

    def train(self, epochs):
        out = ([], [], [])
        for _ in range(epochs):
            for acc, part in zip(out, self.epoch()):
                acc += part
        return out

    def checkpoint(self):
        return {"model": self.model.state_dict(), "optimizer": self.opt.state_dict(),
                "scheduler": self.sched.state_dict(), "generator": self.gen.get_state()}

    def restore(self, ckpt):
        self.model.load_state_dict(ckpt["model"])
        self.opt.load_state_dict(ckpt["optimizer"])
        self.sched.load_state_dict(ckpt["scheduler"])
        self.gen.set_state(ckpt["generator"])


@pytest.mark.parametrize("recipe", list(RECIPES))
def test_training_gives_torchs_losses_and_order(recipe):
    weights, epochs = torch_weights(), 4
    e = Run(ember, recipe, weights, epochs).train(epochs)
    t = Run(torch, recipe, weights, epochs).train(epochs)
    assert e[1] == t[1]                                   # the shuffle order, batch by batch
    assert sorted(sum(e[1][:len(e[1]) // epochs], [])) == list(range(N))
    np.testing.assert_allclose(e[2], t[2], rtol=1e-12)    # the scheduler's learning rates
    np.testing.assert_allclose(e[0], t[0], **TOL)
    assert e[0][-1] < e[0][0]                             # and it learns


def test_ember_init_with_seed_matches_torch():
    """With the same seed ember's own initialisation gives torch's weights (so copying is not needed)."""
    ember.manual_seed(0)
    e = {k: v.detach().numpy() for k, v in mlp(ember).state_dict().items()}
    t = torch_weights(0)
    assert list(e) == list(t)
    for k in t:
        np.testing.assert_allclose(e[k], t[k], rtol=1e-6, atol=1e-7, err_msg=k)


def resume_in_ember(recipe, path, epochs, more):
    """Continue from the checkpoint at ``path`` in this process: fresh objects, then ``ember.load``."""
    run = Run(ember, recipe, torch_weights(seed=99), epochs, seed=0)   # other weights/seed: all come from the file
    run.restore(ember.load(path))
    return run.train(more)


def test_checkpoint_resumes_in_a_fresh_process_and_in_torch(tmp_path):
    recipe, weights, epochs, first = "adam-onecycle", torch_weights(), 4, 2
    whole = Run(ember, recipe, weights, epochs).train(epochs)
    run = Run(ember, recipe, weights, epochs)
    head = run.train(first)
    cut = len(head[0])
    assert head[0] == whole[0][:cut]
    path = tmp_path / "ckpt.pt"
    ember.save(run.checkpoint(), path)

    # a fresh Python process: nothing of this run is alive there but the file
    out = tmp_path / "resumed.json"
    code = (f"import sys, json; sys.path.insert(0, {str(HERE)!r}); import test_train_e2e as t; "
            f"r = t.resume_in_ember({recipe!r}, {str(path)!r}, {epochs}, {epochs - first}); "
            f"json.dump(r, open({str(out)!r}, 'w'))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          cwd=HERE.parent)       # the repository root: ember imports from there
    assert proc.returncode == 0, proc.stderr
    resumed = json.loads(out.read_text())
    assert resumed[1] == whole[1][cut:]
    assert resumed[0] == whole[0][cut:]          # same library: bit for bit (JSON keeps a float's repr)
    assert resumed[2] == whole[2][cut:]

    # real torch reads ember's file with its safe loader and goes on with the same numbers
    ckpt = torch.load(path, weights_only=True)
    assert isinstance(ckpt["generator"], torch.Tensor) and ckpt["generator"].dtype == torch.uint8
    trun = Run(torch, recipe, torch_weights(seed=99), epochs, seed=0)
    trun.restore(ckpt)
    t = trun.train(epochs - first)
    assert t[1] == whole[1][cut:]
    np.testing.assert_allclose(t[2], whole[2][cut:], rtol=1e-12)
    np.testing.assert_allclose(t[0], whole[0][cut:], **TOL)


def test_torch_checkpoint_resumes_in_ember(tmp_path):
    """The other way: torch trains, saves mid-run; ember loads it and continues as torch does."""
    recipe, weights, epochs, first = "sgd-nesterov-steplr", torch_weights(), 3, 1
    whole = Run(torch, recipe, weights, epochs).train(epochs)
    trun = Run(torch, recipe, weights, epochs)
    head = trun.train(first)
    path = tmp_path / "torch.pt"
    torch.save(trun.checkpoint(), path)
    run = Run(ember, recipe, torch_weights(seed=99), epochs, seed=0)
    run.restore(ember.load(path))
    rest = run.train(epochs - first)
    cut = len(head[0])
    assert rest[1] == whole[1][cut:]
    np.testing.assert_allclose(rest[0], whole[0][cut:], **TOL)
