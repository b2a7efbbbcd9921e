"""Optimizer step time: SGD with momentum and Adam on the 784-512-512-10 MLP's parameters.

Measures ``optimizer.step()`` alone (the gradients are fixed, set once), ember vs torch at one
thread, in CPU time (``time.process_time``), and prints milliseconds per step: the median of
``--repeats`` samples of ``--steps`` steps each, ember and torch samples interleaved (ABBA).
Run: ``python benchmarks/optim_speed.py`` (``--json out.json`` also writes the numbers, ``--cases Adam``
keeps the cases whose name contains a word).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")        # before NumPy/torch load their thread pools
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402
import torch  # noqa: E402

import ember  # noqa: E402
from benchmarks.workloads import MLPSpec, mlp_init  # noqa: E402

CASES = {
    "SGD(momentum=0.9)": lambda lib, ps: lib.optim.SGD(ps, lr=0.01, momentum=0.9),
    "SGD(momentum=0.9, nesterov, wd)": lambda lib, ps: lib.optim.SGD(ps, lr=0.01, momentum=0.9, nesterov=True,
                                                                    weight_decay=1e-4),
    "Adam()": lambda lib, ps: lib.optim.Adam(ps, lr=1e-3),
    "Adam(amsgrad, wd)": lambda lib, ps: lib.optim.Adam(ps, lr=1e-3, amsgrad=True, weight_decay=1e-4),
    "AdamW()": lambda lib, ps: lib.optim.AdamW(ps, lr=1e-3),
}


def make(lib, build):
    params, _, _ = mlp_init(MLPSpec())
    rng = np.random.default_rng(1)
    ps = [lib.nn.Parameter(lib.tensor(p)) for p in params]
    for p in ps:
        p.grad = lib.tensor(rng.standard_normal(tuple(p.shape)).astype(np.float32))
    opt = build(lib, ps)
    opt.step()      # create the state
    return opt, ps


def sample(opt, steps: int) -> float:
    t0 = time.process_time()
    for _ in range(steps):
        opt.step()
    return (time.process_time() - t0) / steps


def time_pair(a, b, steps: int, repeats: int) -> tuple[float, float]:
    """Median ms per step of ``a`` and of ``b``, samples taken in ABBA order so drift hits both alike."""
    sa, sb = [], []
    for i in range(repeats):
        first, second = ((a, sa), (b, sb)) if i % 2 == 0 else ((b, sb), (a, sa))
        first[1].append(sample(first[0], steps))
        second[1].append(sample(second[0], steps))
    return statistics.median(sa) * 1e3, statistics.median(sb) * 1e3


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--repeats", type=int, default=10)
    ap.add_argument("--cases", nargs="*", default=None, help="keep the cases whose name contains one of these")
    ap.add_argument("--json", default=None, help="also write {case: {ember_ms, torch_ms, ratio, diff}} here")
    args = ap.parse_args()
    cases = {k: v for k, v in CASES.items() if args.cases is None or any(w in k for w in args.cases)}
    out = {}
    torch.set_num_threads(1)
    n = sum(int(np.prod(p.shape)) for p in mlp_init(MLPSpec())[0])
    print(f"optimizer.step() on the 784-512-512-10 MLP ({n:,} float32 parameters, 6 tensors); "
          f"CPU ms per step, median of {args.repeats} x {args.steps} steps; torch {torch.__version__} at 1 thread")
    print(f"{'optimizer':34s} {'ember':>9s} {'torch@1':>9s} {'ratio':>7s}  max |ember-torch| / max |torch| at end")
    for name, build in cases.items():
        (eo, ep), (to, tp) = make(ember, build), make(torch, build)
        e_ms, t_ms = time_pair(eo, to, args.steps, args.repeats)
        diff = max(float(np.abs(a.detach().numpy() - b.detach().numpy()).max() / np.abs(b.detach().numpy()).max())
                   for a, b in zip(ep, tp))
        print(f"{name:34s} {e_ms:9.3f} {t_ms:9.3f} {e_ms / t_ms:7.2f}x  {diff:.2e}")
        out[name] = {"ember_ms": e_ms, "torch_ms": t_ms, "ratio": e_ms / t_ms, "diff": diff}
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
