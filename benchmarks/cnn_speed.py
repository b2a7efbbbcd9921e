"""LeNet-style CNN training step: ember vs torch at one thread.

The step is forward, cross-entropy, backward and SGD on a batch of 64 1x28x28 images through
conv(1->6, 5) - relu - maxpool(2) - conv(6->16, 5) - relu - maxpool(2) - linear(256->120) - relu -
linear(120->10), both libraries from the same weights. CPU time (``time.process_time``), torch at
1 thread; each round times ``--steps`` ember steps and ``--steps`` torch steps (alternating which
goes first) and the ratio is taken within the round, so drift hits both alike; the report gives
the median per-step times and the median of the per-round ratios.
Run: ``python benchmarks/cnn_speed.py``.

Both libraries share one process and so one malloc heap: glibc's trim and mmap thresholds move with what
was freed before, so each library's page faults (printed per step) depend on the other's history. The LeNet
step is sensitive to this (torch@1 measured 7.6-11.8 ms here depending on it), so ``--isolated`` also times
each library alone, in fresh processes taking turns (``--only NAME`` is one such run).
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
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


def _faults() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def _only(name: str, step, steps: int, repeats: int) -> None:
    """One library alone in this process: its median CPU ms and minor page faults per step."""
    for _ in range(3):
        step()
    f0 = _faults()
    ms = [t * 1e3 for t in interleaved({name: step}, steps, repeats)[name]]
    print(f"RESULT {name} {statistics.median(ms):.4f} {(_faults() - f0) / (steps * repeats):.1f}")


def _isolated(args) -> None:
    """Each library alone in fresh processes, taking turns (ABBA); medians and the ratio of the medians."""
    got: dict[str, list] = {"ember": [], "torch": []}
    for r in range(args.repeats):
        for name in (("ember", "torch") if r % 2 == 0 else ("torch", "ember")):
            out = subprocess.run([sys.executable, os.path.abspath(__file__), "--only", name, "--steps", str(args.steps),
                                  "--repeats", "3"], capture_output=True, text=True, check=True).stdout
            _, _, ms, faults = next(line for line in out.splitlines() if line.startswith("RESULT")).split()
            got[name].append((float(ms), float(faults)))
    med = {k: statistics.median(m for m, _ in v) for k, v in got.items()}
    flt = {k: statistics.median(f for _, f in v) for k, v in got.items()}
    print(f"isolated (each alone in {args.repeats} fresh processes, taking turns): ember {med['ember']:.2f} ms "
          f"({flt['ember']:.0f} faults/step), torch@1 {med['torch']:.2f} ms ({flt['torch']:.0f} faults/step), "
          f"ratio {med['ember'] / med['torch']:.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--repeats", type=int, default=10)
    ap.add_argument("--only", choices=("ember", "torch"), help="time one library alone (prints a RESULT line)")
    ap.add_argument("--isolated", action="store_true", help="also time each library alone in fresh processes")
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    weights = [p.detach().numpy().copy() for p in lenet(torch).parameters()]
    rng = np.random.default_rng(0)
    x = rng.standard_normal((BATCH, 1, 28, 28)).astype(np.float32)
    y = rng.integers(0, 10, size=BATCH).astype(np.int64)
    if args.only:
        _only(args.only, make(ember if args.only == "ember" else torch, weights, x, y), args.steps, args.repeats)
        return
    e_step, t_step = make(ember, weights, x, y), make(torch, weights, x, y)
    e_loss, t_loss = [], []
    for _ in range(3):       # warm up, and the first losses agree
        e_loss.append(float(e_step().item()))
        t_loss.append(float(t_step().item()))
    f0 = _faults()
    times = interleaved({"ember": e_step, "torch": t_step}, args.steps, args.repeats)
    faults = (_faults() - f0) / (2 * args.steps * args.repeats)
    es, ts, ratios = times["ember"], times["torch"], round_ratios(times, "ember", "torch")
    print(f"LeNet training step (batch {BATCH}, 1x28x28, conv-pool x2, linear x2, SGD momentum); CPU ms per step, "
          f"median of {args.repeats} rounds x {args.steps} steps; torch {torch.__version__} at 1 thread")
    print(f"{'ember':>9s} {'torch@1':>9s} {'ratio':>7s}  (median of per-round ratios; target <= 1.5x)")
    print(f"{statistics.median(es) * 1e3:9.2f} {statistics.median(ts) * 1e3:9.2f} {statistics.median(ratios):7.2f}x")
    print("first losses ember:", " ".join(f"{v:.6f}" for v in e_loss), " torch:", " ".join(f"{v:.6f}" for v in t_loss))
    print(f"minor page faults per step, both libraries together: {faults:.0f}")
    if args.isolated:
        _isolated(args)


if __name__ == "__main__":
    main()
