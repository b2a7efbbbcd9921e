"""Cross-entropy forward + backward on 4096x1000 float32 logits: ember vs torch at one thread vs NumPy.

One step is ``cross_entropy(logits, target)`` (mean over the batch) and ``backward()`` into the logits leaf.
The NumPy floor is the same math written by hand: a stable log-softmax, the picked log-probabilities' mean,
and the gradient ``(softmax - onehot) / N`` without a dense one-hot. CPU time (``time.process_time``), torch
at 1 thread; each round times ``--steps`` steps of each (rotating which goes first) and the ratios are taken
within the round, so drift hits all alike; the report gives the median per-step times and the median of the
per-round ratios. Run: ``python benchmarks/ce_speed.py``.
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

N, C = 4096, 1000


def lib_step(lib, x, y):
    logits, target = lib.tensor(x, requires_grad=True), lib.tensor(y)

    def step():
        logits.grad = None
        loss = lib.nn.functional.cross_entropy(logits, target)
        loss.backward()
        return float(loss.item()), logits.grad
    return step


def numpy_step(x, y):
    rows = np.arange(len(y))

    def step():
        shifted = x - x.max(axis=1, keepdims=True)
        e = np.exp(shifted)
        s = e.sum(axis=1, keepdims=True)
        loss = -(shifted[rows, y] - np.log(s[:, 0])).mean()
        grad = e / s
        grad[rows, y] -= 1
        grad /= len(y)
        return float(loss), grad
    return step


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=7)
    args = ap.parse_args()
    torch.set_num_threads(1)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((N, C)).astype(np.float32)
    y = rng.integers(0, C, size=N).astype(np.int64)
    steps = {"ember": lib_step(ember, x, y), "torch": lib_step(torch, x, y), "numpy": numpy_step(x, y)}
    results = {k: s() for k, s in steps.items()}      # warm up; the three agree
    ref_loss, ref_grad = results["torch"][0], np.asarray(results["torch"][1])
    for name, (loss, grad) in results.items():
        assert abs(loss - ref_loss) <= 1e-5 * abs(ref_loss), (name, loss, ref_loss)
        np.testing.assert_allclose(np.asarray(grad), ref_grad, rtol=1e-4, atol=1e-8, err_msg=name)
    times = interleaved(steps, args.steps, args.repeats)
    ratios = {k: round_ratios(times, k, "torch") for k in ("ember", "numpy")}
    print(f"cross_entropy forward+backward, {N}x{C} float32 logits, mean reduction; CPU ms per step, median of "
          f"{args.repeats} rounds x {args.steps} steps; torch {torch.__version__} at 1 thread")
    print(f"{'ember':>9s} {'torch@1':>9s} {'numpy':>9s} {'ember/torch':>12s} {'numpy/torch':>12s}  (target <= 1.0x)")
    med = {k: statistics.median(v) * 1e3 for k, v in times.items()}
    print(f"{med['ember']:9.2f} {med['torch']:9.2f} {med['numpy']:9.2f} {statistics.median(ratios['ember']):11.2f}x "
          f"{statistics.median(ratios['numpy']):11.2f}x")


if __name__ == "__main__":
    main()
