"""Peak memory of the issue-14 training steps (LeNet CNN, nanoGPT-shape GPT, LSTM, cross-entropy 4096x1000):
ember vs torch at one thread.

Each (workload, library) runs in a fresh interpreter (``python -m benchmarks._worker nn_memory LIB WORKLOAD``)
that imports both libraries, builds the step of the workload's speed script (``cnn_speed.py``, ``gpt_speed.py``,
``lstm_speed.py``, ``ce_speed.py``: the same models, data and optimizers), and measures resident memory, the
one number both libraries share (torch's CPU tensors live in ``malloc``'d memory, ember's in NumPy's):

- **steps**: the peak RSS while it runs ``STEPS`` steps, over the RSS after imports and model build. It
  counts gradients, optimizer state, activations kept for backward and temporaries, and ember's op modules
  that load on first use.
- **steady**: the peak RSS of one more step over the RSS just before it (gradients and optimizer state
  already there): the working memory of a step.

Before each span ``malloc_trim(0)`` hands the free memory ``malloc`` holds back to the OS (glibc), so
memory that one library's allocator kept from earlier steps does not hide that step's growth.

On Linux the peak is ``VmHWM``, reset by writing ``5`` to ``/proc/self/clear_refs`` before each measured
span (so an import's transient peak does not hide the growth); elsewhere ``ru_maxrss``, not reset. The
results are deterministic up to the allocator (a few MB). Run: ``python benchmarks/nn_memory.py``.
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys

os.environ.setdefault("OMP_NUM_THREADS", "1")        # before NumPy/torch load their thread pools
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

WORKLOADS = ("cnn", "gpt", "lstm", "ce")
LABELS = {"cnn": "LeNet step, batch 64 (cnn_speed.py)", "gpt": "GPT step, 4x4x128, block 64, batch 16 (gpt_speed.py)",
          "lstm": "LSTM step, seq 32, batch 32, hidden 128 (lstm_speed.py)",
          "ce": "cross-entropy fwd+bwd, 4096x1000 (ce_speed.py)"}
STEPS = 3
TARGET = 1.5


def _status_mb(key: str) -> float | None:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _reset_peak() -> tuple[float, bool]:
    """The RSS now (MB), with the peak reset to it if the OS allows; ``(rss, reset)``. Free memory that
    ``malloc`` still holds is handed back first, so neither library's earlier temporaries count as baseline."""
    import gc
    gc.collect()
    try:
        import ctypes
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):     # not glibc
        pass
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return _status_mb("VmRSS:"), True
    except OSError:
        return _peak_mb(), False


def _peak_mb() -> float:
    peak = _status_mb("VmHWM:")
    if peak is not None:
        return peak
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def _make_step(framework: str, workload: str):
    """The workload's step for ``framework``, as its speed script builds it (torch's initial weights)."""
    import numpy as np
    import torch

    import ember
    torch.set_num_threads(1)
    lib = ember if framework == "ember" else torch
    if workload == "cnn":
        from benchmarks import cnn_speed as m
        torch.manual_seed(0)
        weights = [p.detach().numpy().copy() for p in m.lenet(torch).parameters()]
        rng = np.random.default_rng(0)
        x = rng.standard_normal((m.BATCH, 1, 28, 28)).astype(np.float32)
        y = rng.integers(0, 10, size=m.BATCH).astype(np.int64)
        return m.make(lib, weights, x, y)
    if workload == "gpt":
        from benchmarks import gpt_speed as m
        torch.manual_seed(0)
        state = {k: v.detach().numpy().copy() for k, v in m.gpt(torch).state_dict().items()}
        return m.make(lib, state)
    if workload == "lstm":
        from benchmarks import lstm_speed as m
        return m.make(lib)[0]
    if workload == "ce":
        from benchmarks import ce_speed as m
        rng = np.random.default_rng(0)
        x = rng.standard_normal((m.N, m.C)).astype(np.float32)
        y = rng.integers(0, m.C, size=m.N).astype(np.int64)
        return m.lib_step(lib, x, y)
    raise ValueError(f"unknown workload {workload!r}")


def measure(framework: str, workload: str) -> dict:
    """In this (fresh) process: ``{"steps_mb", "steady_mb", "baseline_mb", "peak_reset"}`` (see the module)."""
    step = _make_step(framework, workload)
    base, reset = _reset_peak()
    for _ in range(STEPS):
        step()
    steps = _peak_mb() - base
    base2, _ = _reset_peak()
    step()
    return {"steps_mb": steps, "steady_mb": _peak_mb() - base2, "baseline_mb": base, "peak_reset": reset}


def run(framework: str, workload: str) -> dict:
    """:func:`measure` in a fresh interpreter."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (ROOT, env.get("PYTHONPATH", "")) if p)
    proc = subprocess.run([sys.executable, "-m", "benchmarks._worker", "nn_memory", framework, workload], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=1800)
    if proc.returncode != 0:
        raise RuntimeError(f"nn_memory {framework} {workload} failed:\n{proc.stderr.strip()[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    print(f"Peak RSS growth (MB) of the issue-14 steps, each library in a fresh process; 'steps': {STEPS} steps "
          f"over the RSS after imports and build; 'steady': one more step over the RSS before it; target "
          f"ember <= {TARGET}x torch")
    print(f"{'workload':58s} {'ember':>8s} {'torch':>8s} {'ratio':>6s}   {'ember':>8s} {'torch':>8s} {'ratio':>6s}")
    print(f"{'':58s} {'steps':>24s}   {'steady':>24s}")
    for w in WORKLOADS:
        e, t = run("ember", w), run("torch", w)
        cells = []
        for k in ("steps_mb", "steady_mb"):
            cells.append(f"{e[k]:8.1f} {t[k]:8.1f} {e[k] / t[k] if t[k] > 0 else float('nan'):5.2f}x")
        print(f"{LABELS[w]:58s} " + "   ".join(cells))


if __name__ == "__main__":
    main()
