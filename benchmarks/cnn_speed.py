"""LeNet-style CNN training step: ember vs torch at one thread.

The step is forward, cross-entropy, backward and SGD on a batch of 64 1x28x28 images through
conv(1->6, 5) - relu - maxpool(2) - conv(6->16, 5) - relu - maxpool(2) - linear(256->120) - relu -
linear(120->10), both libraries from the same weights. CPU time (``time.process_time``), torch at
1 thread; each round times ``--steps`` ember steps and ``--steps`` torch steps (alternating which
goes first) and the ratio is taken within the round, so drift hits both alike; the report gives
the median per-step times and the median of the per-round ratios.
Run: ``python benchmarks/cnn_speed.py``.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys

os.environ.setdefault("OMP_NUM_THREADS", "1")        # before NumPy/torch load their thread pools
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402
import torch  # noqa: E402

import ember  # noqa: E402
from benchmarks._rounds import interleaved, ratios as round_ratios  # noqa: E402

BATCH = 64


def lenet(lib):
    nn = lib.nn
    return nn.Sequential(nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Flatten(), nn.Linear(256, 120), nn.ReLU(), nn.Linear(120, 10))


def make(lib, weights, x, y):
    model = lenet(lib)
    with lib.no_grad():
        for p, w in zip(model.parameters(), weights):
            p.copy_(lib.tensor(w))
    opt = lib.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    xs, ys = lib.tensor(x), lib.tensor(y)

    def step():
        opt.zero_grad()
        loss = lib.nn.functional.cross_entropy(model(xs), ys)
        loss.backward()
        opt.step()
        return loss
    return step


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--repeats", type=int, default=10)
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    weights = [p.detach().numpy().copy() for p in lenet(torch).parameters()]
    rng = np.random.default_rng(0)
    x = rng.standard_normal((BATCH, 1, 28, 28)).astype(np.float32)
    y = rng.integers(0, 10, size=BATCH).astype(np.int64)
    e_step, t_step = make(ember, weights, x, y), make(torch, weights, x, y)
    e_loss, t_loss = [], []
    for _ in range(3):       # warm up, and the first losses agree
        e_loss.append(float(e_step().item()))
        t_loss.append(float(t_step().item()))
    times = interleaved({"ember": e_step, "torch": t_step}, args.steps, args.repeats)
    es, ts, ratios = times["ember"], times["torch"], round_ratios(times, "ember", "torch")
    print(f"LeNet training step (batch {BATCH}, 1x28x28, conv-pool x2, linear x2, SGD momentum); CPU ms per step, "
          f"median of {args.repeats} rounds x {args.steps} steps; torch {torch.__version__} at 1 thread")
    print(f"{'ember':>9s} {'torch@1':>9s} {'ratio':>7s}  (median of per-round ratios; target <= 1.5x)")
    print(f"{statistics.median(es) * 1e3:9.2f} {statistics.median(ts) * 1e3:9.2f} {statistics.median(ratios):7.2f}x")
    print("first losses ember:", " ".join(f"{v:.6f}" for v in e_loss), " torch:", " ".join(f"{v:.6f}" for v in t_loss))


if __name__ == "__main__":
    main()
