"""LSTM training step time: one-layer ``nn.LSTM(128, 128)`` on a (seq 32, batch 32, 128) input.

Measures forward, ``(output ** 2).mean()`` backward and an SGD step, ember vs torch at one thread, in
CPU time (``time.process_time``), from the same weights (ember's seeded stream is torch's), and prints
milliseconds per step: the median of ``--repeats`` samples of ``--steps`` steps each, ember and torch
samples interleaved (ABBA). Run: ``python benchmarks/lstm_speed.py``.
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
from benchmarks._rounds import interleaved  # noqa: E402

SEQ, BATCH, HIDDEN = 32, 32, 128


def make(lib):
    lib.manual_seed(0)
    model = lib.nn.LSTM(HIDDEN, HIDDEN)
    x = lib.tensor(np.random.default_rng(1).standard_normal((SEQ, BATCH, HIDDEN)).astype(np.float32))
    opt = lib.optim.SGD(model.parameters(), lr=0.01)

    def step():
        opt.zero_grad()
        out, _ = model(x)
        loss = (out ** 2).mean()
        loss.backward()
        opt.step()
        return loss
    return step, model


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=10)
    args = ap.parse_args()
    torch.set_num_threads(1)
    (es, em), (ts, tm) = make(ember), make(torch)
    es(), ts()      # warm up (and check both took the same first step)
    times = interleaved({"ember": es, "torch": ts}, args.steps, args.repeats)
    se, st = times["ember"], times["torch"]
    e_ms, t_ms = statistics.median(se) * 1e3, statistics.median(st) * 1e3
    diff = max(float(np.abs(a.detach().numpy() - b.detach().numpy()).max()) for a, b in
               zip(em.parameters(), tm.parameters()))
    print(f"LSTM({HIDDEN}, {HIDDEN}) training step, seq {SEQ} x batch {BATCH}; CPU ms per step, median of "
          f"{args.repeats} x {args.steps} steps; torch {torch.__version__} at 1 thread")
    print(f"{'ember':>9s} {'torch@1':>9s} {'ratio':>7s}  max |ember-torch| of the weights at end")
    print(f"{e_ms:9.3f} {t_ms:9.3f} {e_ms / t_ms:7.2f}x  {diff:.2e}")


if __name__ == "__main__":
    main()
