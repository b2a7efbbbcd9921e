"""Instructions per op and per workload step, counted by valgrind (callgrind): the one figure on a shared
machine that does not wander, for hot-path changes too small for CPU time to show.

    python benchmarks/instructions.py                 # ember from this tree
    python benchmarks/instructions.py --root /tmp/wt  # ember from another checkout (a git worktree)

Each case runs a warm-up, then N calls between two ``os.getppid()`` calls; callgrind dumps its counters on
entering that function (``--dump-before``), so each dump is one section and a case's figure is its section
divided by N. Needs valgrind on PATH. The cases are small tensors (4 x 4, float32 or float64), the
workloads of ``benchmarks/workloads.py`` (the small-op chain, the deep chain, the HVP, the 0-d network).
"""
from __future__ import annotations

import argparse
import glob
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _cases(lib):
    """(name, callable, calls per section)."""
    sys.path.insert(0, str(HERE))
    from workloads import (HVPSpec, ScalarMLPStep, deep_chain_fwd_bwd, make_hvp, make_small_chain_fwd_bwd,
                           make_small_chain_fwd_nograd)
    F = lib.nn.functional
    a = lib.ones(4, 4, requires_grad=True)
    b = lib.ones(4, 4)
    w = lib.ones(4, 4, requires_grad=True)
    bias = lib.ones(4, requires_grad=True)
    chain, nograd = make_small_chain_fwd_bwd(lib, 1000), make_small_chain_fwd_nograd(lib, 1000)
    return [
        ("x.sum()", lambda: a.sum(), 300), ("x * c", lambda: a * b, 300), ("x + c", lambda: a + b, 300),
        ("tanh(x)", lambda: lib.tanh(a), 300), ("x.t()", lambda: a.t(), 300),
        ("F.linear", lambda: F.linear(b, w, bias), 300), ("F.mse_loss", lambda: F.mse_loss(a, b), 300),
        ("x @ c", lambda: a @ b, 300),
        ("c.sum() (no grad)", lambda: b.sum(), 300), ("HVP step", make_hvp(lib, HVPSpec()), 20),
        ("small chain fwd+bwd (per op)", chain, 1 / 1000), ("small chain no_grad (per op)", nograd, 1 / 1000),
        ("deep chain 20,000 (per op)", lambda: deep_chain_fwd_bwd(lib, 20000), 1 / 20000),
        ("0-d network step", ScalarMLPStep(lib), 1),
    ]


def _worker(root: str) -> None:
    sys.path.insert(0, root)
    import gc
    import ember
    gc.disable()
    names = []
    for name, fn, n in _cases(ember):
        calls = max(1, int(n))
        for _ in range(3 if n < 2 else 20):
            fn()
        os.getppid()
        for _ in range(calls):
            fn()
        os.getppid()
        names.append(f"{name}\t{n}")
    print("\n".join(names))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=str(HERE.parent), help="the tree whose ember is counted")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "cg.out")
        env = dict(os.environ, PYTHONHASHSEED="0", EMBER_INSTRUCTIONS_WORKER=args.root)
        proc = subprocess.run(["valgrind", "--tool=callgrind", "--dump-before=os_getppid*",
                               f"--callgrind-out-file={out}", sys.executable, __file__],
                              env=env, capture_output=True, text=True)
        if proc.returncode:
            sys.exit(proc.stderr[-2000:])
        dumps = sorted(glob.glob(out + ".*"), key=lambda p: int(p.rsplit(".", 1)[1]))
        totals = []
        for path in dumps:
            with open(path) as f:
                totals.append(next(int(line.split()[1]) for line in f if line.startswith(("summary:", "totals:"))))
        rows = [line.split("\t") for line in proc.stdout.strip().splitlines()]
        sections = totals[1::2]          # dump 1 ends the start-up; then each case's section, then a gap
        print(f"ember from {args.root}: instructions (callgrind)")
        for (name, n), count in zip(rows, sections):
            n = float(n)
            per = count / n if n >= 1 else count * n
            print(f"  {name:32s} {per:14,.0f}")


if __name__ == "__main__":
    if os.environ.get("EMBER_INSTRUCTIONS_WORKER"):
        _worker(os.environ["EMBER_INSTRUCTIONS_WORKER"])
    else:
        main()
