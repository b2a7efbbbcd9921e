"""The cost of drawing random numbers: ember (torch's exact streams) against NumPy's own samplers.

Run from the repository root::

    python benchmarks/rng_speed.py             # 10**6 values, 15 rounds
    python benchmarks/rng_speed.py --smoke     # tiny, one round (CI)

Each round times every case once, in CPU time (``time.process_time``), interleaved so that a
busy machine slows every case alike; the figure is the best round. The headline row is
``ember.randn(10**6)`` (float32) against ``numpy.random.Generator.standard_normal(10**6,
dtype=float32)``; the promise is at most 2x.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

import ember  # noqa: E402


def cases(n: int) -> list:
    g = np.random.default_rng(0)
    legacy = np.random.RandomState(0)
    gen = ember.Generator().manual_seed(0)
    return [
        ("numpy Generator.standard_normal float32", lambda: g.standard_normal(n, dtype=np.float32)),
        ("numpy Generator.standard_normal float64", lambda: g.standard_normal(n)),
        ("numpy RandomState.standard_normal", lambda: legacy.standard_normal(n)),
        ("ember.randn float32", lambda: ember.randn(n, generator=gen)),
        ("ember.randn float64", lambda: ember.randn(n, generator=gen, dtype=ember.float64)),
        ("numpy Generator.random float32", lambda: g.random(n, dtype=np.float32)),
        ("ember.rand float32", lambda: ember.rand(n, generator=gen)),
        ("ember.empty(n).uniform_(-1, 1)", lambda: ember.empty(n).uniform_(-1, 1, generator=gen)),
        ("ember.empty(n).bernoulli_(0.5)", lambda: ember.empty(n).bernoulli_(0.5, generator=gen)),
        ("ember.randint(0, 10, (n,))", lambda: ember.randint(0, 10, (n,), generator=gen)),
    ]


def measure(n: int, rounds: int) -> dict:
    best: dict = {}
    todo = cases(n)
    for r in range(rounds):
        for name, fn in todo[r % len(todo):] + todo[:r % len(todo)]:
            t0 = time.process_time()
            fn()
            dt = time.process_time() - t0
            best[name] = min(best.get(name, dt), dt)
    return best


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10 ** 6)
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--smoke", action="store_true")
    args = ap.parse_args(argv)
    n, rounds = (1000, 1) if args.smoke else (args.n, args.rounds)
    best = measure(n, rounds)
    ref = best["numpy Generator.standard_normal float32"]
    print(f"{n:,} values, best of {rounds} rounds, CPU time")
    print("| case | ms | / numpy standard_normal float32 |")
    print("| --- | ---: | ---: |")
    for name, t in best.items():
        print(f"| {name} | {t * 1e3:.2f} | {t / ref:.2f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
