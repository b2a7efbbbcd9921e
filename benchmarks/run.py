"""Benchmark ember against PyTorch (CPU) and hand-written NumPy.

Run from the repository root::

    python benchmarks/run.py              # full run, writes benchmarks/RESULTS.md
    python benchmarks/run.py --smoke      # tiny sizes, one round (CI)
    python -m benchmarks.run --rounds 7 --out /tmp/results.md

Every workload is run on ember, on torch at 1 thread and at 2 threads (plus at NumPy's BLAS
thread count if that is neither), and, where it applies, on a hand-written NumPy "floor".
Each sample is taken on two clocks, CPU time (``time.process_time``, which a busy machine
inflates far less than wall time) and wall time; NumPy's BLAS is pinned to one thread (unless
the caller sets ``OPENBLAS_NUM_THREADS`` etc.) so that CPU time compares one thread with one.
All cases run interleaved: each round visits every case once (in a rotated order), and ratios
are taken within rounds (ember's sample over torch@1's or NumPy's in the same round), reported
as their median and spread over rounds.  Before anything is timed, each framework's answer is
checked against a reference, so a wrong answer is never benchmarked.
"""
from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python benchmarks/run.py` puts benchmarks/ first, not the root
    sys.path.insert(0, str(ROOT))

# process_time() counts every thread of the process, so BLAS runs on one thread for a CPU-time
# comparison with torch@1 (the settings of benchmarks/compare.py's THREAD_ENV). They must be set
# before NumPy loads OpenBLAS; a caller's own settings win. Workers inherit them.
THREAD_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
for _var, _value in THREAD_ENV.items():
    os.environ.setdefault(_var, _value)

import numpy as np  # noqa: E402

import ember  # noqa: E402
from benchmarks import _report as R  # noqa: E402
from benchmarks import workloads as W  # noqa: E402

try:
    import torch
except ImportError:  # the rest still runs; the report says torch was missing
    torch = None
TORCH_DEFAULT_THREADS = torch.get_num_threads() if torch is not None else None


# ---------------------------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Sizes:
    """Problem sizes, iterations per sample and warm-up counts for one kind of run."""

    small_ops: int = 1000          # ops in the small-op chain
    small_inner: int = 20          # chains per timed sample (fwd+bwd)
    small_nograd_inner: int = 50   # chains per timed sample (forward only)
    mlp: W.MLPSpec = W.MLPSpec()
    mlp_inner: int = 10            # training steps per timed sample
    deep_ops: int = 1_000_000
    deep_rounds: int = 3           # the deep chain is slow: it runs in at most this many rounds
    hvp: W.HVPSpec = W.HVPSpec()
    hvp_inner: int = 50            # HVPs per timed sample
    graph_sizes: tuple = (1000, 10_000, 100_000, 1_000_000)  # recorded forward chains
    graph_ops_per_sample: int = 20_000  # small graphs repeat to about this many ops per sample
    graph_subprocess: int = 1_000_000   # from this size on, one fresh subprocess per sample
    graph_fresh_base: int = 10_000      # ... which records this many ops first, to compare with
    gc_ops: int = 100_000          # recorded ops over which GC-tracked objects are counted
    scalar_mlp: W.ScalarMLPSpec = W.ScalarMLPSpec()
    scalar_mlp_inner: int = 3      # steps of the 0-d network per timed sample
    warmup: int = 3                # untimed iterations before a case's first sample
    rounds: int = 5
    settle: float = 0.2            # idle seconds before each sample (see Bench.run)
    nn_memory: bool = True         # workload 9 (fixed sizes, ~30 s of fresh subprocesses)


FULL = Sizes()
SMOKE = Sizes(small_ops=1000, small_inner=2, small_nograd_inner=2,
              mlp=W.MLPSpec(sizes=(64, 32, 32, 10), batch=16), mlp_inner=2,
              deep_ops=10_000, deep_rounds=1,
              hvp=W.HVPSpec(sizes=(8, 16, 1), batch=8), hvp_inner=2,
              graph_sizes=(1000, 10_000), graph_ops_per_sample=10_000, gc_ops=10_000,
              scalar_mlp=W.ScalarMLPSpec(sizes=(3, 4, 1)), scalar_mlp_inner=1,
              warmup=1, rounds=1, nn_memory=False)


def numpy_blas_threads() -> tuple[int, str]:
    """NumPy's BLAS thread count and how it was found (threadpoolctl, env var, or core count)."""
    try:
        from threadpoolctl import threadpool_info
        counts = [info["num_threads"] for info in threadpool_info() if info.get("user_api") == "blas"]
        if counts:
            return max(counts), "threadpoolctl"
    except ImportError:
        pass
    for var in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS"):
        value = os.environ.get(var, "")
        if value.isdigit() and int(value) > 0:
            return int(value), f"${var}"
    return R.usable_cores(), "assumed = usable cores (threadpoolctl not installed)"


# ---------------------------------------------------------------------------------------------
# Metrics (table rows) and cases (one framework's measurement of one workload)
# ---------------------------------------------------------------------------------------------

@dataclass
class Metric:
    """One row of the results table."""

    key: str
    label: str
    unit: str
    note: str = ""
    clock: bool = True             # False: the value is not a time (memory, counts)


@dataclass
class Case:
    """One framework's measurement of one workload.

    ``measure()`` returns one sample for each metric it feeds, ``{metric_key: (wall, cpu)}``,
    or ``{metric_key: value}`` for a metric that is not a time.
    """

    measure: Callable[[], dict]
    warmup: Callable[[], object] | None = None
    max_rounds: int | None = None      # take part in at most this many rounds
    workload: str = ""                 # set by Bench.add
    framework: str = ""                # set by Bench.add
    torch_threads: int | None = None   # set by Bench.add
    failed: bool = False


class VerificationError(AssertionError):
    """A framework computed a different answer from the reference."""


def timed(metric: str, step: Callable[[], object], inner: int, scale: float) -> Callable[[], dict]:
    """A ``measure`` that times ``inner`` calls of ``step``: ``scale * seconds / inner`` on both clocks."""
    def measure():
        gc.collect()
        c0, t0 = time.process_time(), time.perf_counter()
        for _ in range(inner):
            step()
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        return {metric: (scale * wall / inner, scale * cpu / inner)}
    return measure


def repeat(step: Callable[[], object], n: int) -> Callable[[], None]:
    """A warm-up callable that runs ``step`` ``n`` times."""
    def warm():
        for _ in range(n):
            step()
    return warm


def to_numpy(x) -> np.ndarray:
    """An ember/torch tensor or array-like as a NumPy array."""
    if hasattr(x, "detach"):
        x = x.detach().numpy()
    return np.asarray(x)


def check_close(what: str, got, want, rtol: float, atol: float) -> None:
    """Raise :class:`VerificationError` unless ``got`` matches ``want`` elementwise."""
    got, want = to_numpy(got), to_numpy(want)
    if got.shape != want.shape or not np.allclose(got, want, rtol=rtol, atol=atol):
        err = np.max(np.abs(got.astype(np.float64) - want)) if got.shape == want.shape else "shape"
        raise VerificationError(f"{what}: mismatch (max abs err {err}; rtol={rtol}, atol={atol})")


def worker_env() -> dict:
    """Environment for subprocesses: the repository root first on PYTHONPATH."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def run_worker(*args: str, timeout: float = 1800) -> dict:
    """Run ``python -m benchmarks._worker ARGS`` in a fresh interpreter; return its JSON result."""
    proc = subprocess.run([sys.executable, "-m", "benchmarks._worker", *args], cwd=ROOT, env=worker_env(),
                          capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"worker {' '.join(args)} failed:\n{proc.stderr.strip()[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


class Bench:
    """Builds the metrics and cases for one run, verifies answers, and runs the rounds."""

    def __init__(self, sizes: Sizes, rounds: int):
        self.sizes, self.rounds = sizes, rounds
        self.blas_threads, self.blas_source = numpy_blas_threads()
        self.torch_threads = sorted({1, 2, self.blas_threads}) if torch is not None else []
        self.frameworks = ["ember", *(f"torch@{n}" for n in self.torch_threads), "numpy"]
        self.metrics: list[Metric] = []
        self.cases: list[Case] = []
        # metric -> framework -> [(round, wall, cpu)]; wall == cpu for a metric that is not a time
        self.samples: dict[str, dict[str, list[tuple[int, float, float]]]] = {}
        self.failures: list[str] = []
        self.notes: list[str] = []
        self.loadavg_before = self.loadavg_after = "n/a"

    # -- bookkeeping ---------------------------------------------------------------------------

    def metric(self, key: str, label: str, unit: str, note: str = "", clock: bool = True) -> None:
        """Declare a table row (in table order) and its per-framework sample lists."""
        self.metrics.append(Metric(key, label, unit, note, clock))
        self.samples[key] = {fw: [] for fw in self.frameworks}

    def fail(self, workload: str, framework: str, exc: BaseException) -> None:
        """Record (and print at once) a case that raised or computed a wrong answer."""
        kind = "WRONG ANSWER" if isinstance(exc, VerificationError) else type(exc).__name__
        self.failures.append(f"{workload} / {framework}: {kind}: {exc}")
        print(f"  !! {workload} / {framework}: {kind}: {exc}", file=sys.stderr)

    def add(self, workload: str, framework: str, build: Callable[[], Case]) -> None:
        """Build (and so verify) one case; record a failure instead of raising."""
        threads = int(framework.split("@")[1]) if framework.startswith("torch@") else None
        if threads:
            torch.set_num_threads(threads)
        try:
            case = build()
        except Exception as exc:  # noqa: BLE001 -- report any ember failure and carry on
            self.fail(workload, framework, exc)
            return
        case.workload, case.framework, case.torch_threads = workload, framework, threads
        self.cases.append(case)

    def libs(self, threads: tuple | None = None):
        """``(framework label, module)`` for ember and each torch thread setting (or ``threads``)."""
        yield "ember", ember
        for n in self.torch_threads:
            if threads is None or n in threads:
                yield f"torch@{n}", torch

    # -- workloads -----------------------------------------------------------------------------

    def build_small_ops(self) -> None:
        """Workload 1: per-op overhead of a long elementwise chain on a 4-element tensor."""
        s = self.sizes
        self.metric("small_fwd_bwd", f"1. small-op chain ({s.small_ops} ops, 4 x f64) fwd+bwd", "µs/op")
        self.metric("small_fwd", "1. small-op chain, forward only (no_grad)", "µs/op")
        grad_ref = W.small_chain_grad_reference(s.small_ops)
        np_step = W.make_small_chain_fwd_numpy(s.small_ops)
        out_ref = np_step()
        scale = 1e6 / s.small_ops
        for fw, lib in self.libs():
            def fwd_bwd(lib=lib):
                step = W.make_small_chain_fwd_bwd(lib, s.small_ops)
                check_close("small-op chain grad", step(), grad_ref, rtol=1e-10, atol=1e-12)
                return Case(timed("small_fwd_bwd", step, s.small_inner, scale), repeat(step, s.warmup))

            def fwd(lib=lib):
                step = W.make_small_chain_fwd_nograd(lib, s.small_ops)
                check_close("small-op chain forward", step(), out_ref, rtol=1e-12, atol=0)
                return Case(timed("small_fwd", step, s.small_nograd_inner, scale), repeat(step, s.warmup))

            self.add("small-op fwd+bwd", fw, fwd_bwd)
            self.add("small-op fwd", fw, fwd)
        self.add("small-op fwd", "numpy", lambda: Case(
            timed("small_fwd", np_step, s.small_nograd_inner, scale), repeat(np_step, s.warmup)))

    def build_mlp(self) -> None:
        """Workload 2: one SGD training step of the MLP, checked against the NumPy floor."""
        s = self.sizes
        dims = "-".join(map(str, s.mlp.sizes))
        self.metric("mlp_step", f"2. MLP {dims} train step (batch {s.mlp.batch}, f32)", "ms/step")
        # Reference: two steps of the hand-written NumPy floor from the shared initialisation.
        ref = W.NumpyMLPStep(s.mlp)
        ref_losses = [float(ref()), float(ref())]
        ref_params = ref.param_arrays()

        def verify(step) -> None:
            losses = [float(to_numpy(step())), float(to_numpy(step()))]
            check_close("MLP losses (2 steps)", np.array(losses), np.array(ref_losses), rtol=1e-4, atol=1e-5)
            for i, (got, want) in enumerate(zip(step.param_arrays(), ref_params)):
                check_close(f"MLP param {i} after 2 steps", got, want, rtol=1e-4, atol=1e-5)

        def build(make) -> Case:
            verify(make())
            step = make()  # fresh weights for timing
            return Case(timed("mlp_step", step, s.mlp_inner, 1e3), repeat(step, s.warmup))

        for fw, lib in self.libs():
            self.add("MLP step", fw, lambda lib=lib: build(lambda: W.MLPStep(lib, s.mlp)))
        self.add("MLP step", "numpy", lambda: build(lambda: W.NumpyMLPStep(s.mlp)))

    def build_deep_chain(self) -> None:
        """Workload 3: a very deep graph, timed and memory-measured in fresh subprocesses."""
        s = self.sizes
        rounds = min(self.rounds, s.deep_rounds)
        self.metric("deep_time", f"3. deep chain ({s.deep_ops:,} ops, 1 x f64) fwd+bwd", "s",
                    f"fresh subprocess per sample, {rounds} round(s)")
        self.metric("deep_rss", "3. deep chain peak-RSS growth", "MB",
                    "peak RSS after minus before the chain, from /proc/self/status VmHWM on Linux "
                    "(ru_maxrss elsewhere; on Linux a child's ru_maxrss starts at its parent's peak)",
                    clock=False)
        ref = W.deep_chain_grad_reference(s.deep_ops)
        for fw, _ in self.libs():
            def build(fw=fw):
                name, _, threads = fw.partition("@")
                args = ("deep_chain", name, str(s.deep_ops), *([threads] if threads else []))

                def measure():
                    result = run_worker(*args)
                    check_close("deep chain grad", result["grad"], ref, rtol=1e-9, atol=0)
                    return {"deep_time": (result["seconds"], result["cpu_seconds"]),
                            "deep_rss": result["rss_growth_mb"]}
                return Case(measure, max_rounds=rounds)
            self.add("deep chain", fw, build)

    def build_hvp(self) -> None:
        """Workload 4: Hessian-vector product (double backward), checked by finite differences."""
        s = self.sizes
        dims = "-".join(map(str, s.hvp.sizes))
        self.metric("hvp", f"4. HVP, {dims} tanh MLP, MSE (batch {s.hvp.batch}, f64)", "ms/HVP")
        ref = W.hvp_reference(s.hvp)
        for fw, lib in self.libs():
            def build(lib=lib):
                step = W.make_hvp(lib, s.hvp)
                for i, (got, want) in enumerate(zip(step(), ref)):
                    check_close(f"HVP block {i}", got, want, rtol=1e-5, atol=1e-7)
                return Case(timed("hvp", step, s.hvp_inner, 1e3), repeat(step, s.warmup))
            self.add("HVP", fw, build)

    def build_import(self) -> None:
        """Workload 5: ``import X`` time in a fresh interpreter, minus an empty interpreter's."""
        self.metric("import", "5. import time (fresh interpreter, minus `python -c pass`)", "ms",
                    "torch's figure is shown under torch@1 (threads do not apply); CPU time is the "
                    "child's user + system time (getrusage)")
        targets = [("ember", "ember")] + ([("torch@1", "torch")] if torch is not None else [])
        for fw, module in targets:
            def build(module=module):
                def once(code):
                    c0, t0 = children_cpu(), time.perf_counter()
                    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=worker_env(), check=True)
                    return time.perf_counter() - t0, children_cpu() - c0

                def measure():
                    (w1, c1), (w0, c0) = once(f"import {module}"), once("pass")
                    return {"import": (1e3 * (w1 - w0), 1e3 * (c1 - c0))}
                return Case(measure, warmup=lambda: once(f"import {module}"))
            self.add("import", fw, build)

    def build_mlp_memory(self) -> None:
        """Workload 6: tracemalloc peak of one MLP step, ember against the NumPy floor."""
        spec = json.dumps({"sizes": list(self.sizes.mlp.sizes), "batch": self.sizes.mlp.batch,
                           "lr": self.sizes.mlp.lr})
        self.metric("mlp_mem", "6. MLP train step, tracemalloc peak", "MB",
                    "fresh subprocess, one traced step after a warm-up step (deterministic: 1 round)",
                    clock=False)
        for fw in ("ember", "numpy"):
            def build(fw=fw):
                def measure():
                    return {"mlp_mem": run_worker("mlp_memory", fw, spec)["peak_mb"]}
                return Case(measure, max_rounds=1)
            self.add("MLP memory", fw, build)

    def build_nn_memory(self) -> None:
        """Workload 9: peak-RSS growth of issue 14's training steps (``benchmarks/nn_memory.py``), ember vs
        torch@1, each in a fresh subprocess. Fixed sizes (the speed scripts'), so full runs only."""
        if not self.sizes.nn_memory or torch is None:
            return
        from benchmarks import nn_memory as M
        for w in M.WORKLOADS:
            self.metric(f"nn_mem_{w}", f"9. {M.LABELS[w]}: peak-RSS growth", "MB",
                        f"fresh subprocess, {M.STEPS} steps over the RSS after imports and build (1 round)",
                        clock=False)
        for fw in ("ember", "torch@1"):
            def build(fw=fw):
                def measure():
                    return {f"nn_mem_{w}": run_worker("nn_memory", fw.split("@")[0], w)["steps_mb"]
                            for w in M.WORKLOADS}
                return Case(measure, max_rounds=1)
            self.add("nn memory", fw, build)

    def build_graph_sizes(self) -> None:
        """Workload 7: recorded forward µs/op of the small-op chain as the graph grows.

        Sizes below ``sizes.graph_subprocess`` run in this process (repeated to about
        ``graph_ops_per_sample`` ops per sample), on its large heap (torch, NumPy, the other
        workloads). Larger ones run in a fresh subprocess per sample, which first records
        ``sizes.graph_fresh_base`` ops on the same small heap: the flat-cost target compares those.
        """
        s = self.sizes
        fresh = [n for n in s.graph_sizes if n >= s.graph_subprocess]
        for n in s.graph_sizes:
            if n in fresh:
                continue
            key = f"graph_{n}"
            self.metric(key, f"7. recorded forward, {n:,}-op chain (4 x f64, requires_grad), in-process",
                        "µs/op")
            want = W.make_small_chain_fwd_numpy(n)()
            inner = max(1, s.graph_ops_per_sample // n)
            for fw, lib in self.libs(threads=(1,)):
                def build(lib=lib, n=n, key=key, want=want, inner=inner):
                    check_close(f"{n}-op chain forward", W.record_chain_times(lib, n)[2], want, 1e-12, 0)

                    def measure():
                        gc.collect()
                        wall = cpu = 0.0
                        for _ in range(inner):
                            w, c, _ = W.record_chain_times(lib, n)
                            wall, cpu = wall + w, cpu + c
                        return {key: (1e6 * wall / (n * inner), 1e6 * cpu / (n * inner))}
                    return Case(measure)
                self.add(f"graph {n}", fw, build)
        if not fresh:
            return
        runs = [s.graph_fresh_base, *fresh]
        keys = [f"graph_fresh_{n}" if i == 0 else f"graph_{n}" for i, n in enumerate(runs)]
        rounds = min(self.rounds, s.deep_rounds)
        for n, key in zip(runs, keys):
            self.metric(key, f"7. recorded forward, {n:,}-op chain, fresh subprocess", "µs/op",
                        f"one fresh subprocess per sample records {', '.join(f'{m:,}' for m in runs)} ops "
                        f"in turn, {rounds} round(s)")
        wants = {n: W.make_small_chain_fwd_numpy(n)() for n in runs}
        for fw, _ in self.libs(threads=(1,)):
            def build(fw=fw):
                name, _, threads = fw.partition("@")

                def measure():
                    result = run_worker("record_chain", name, ",".join(map(str, runs)),
                                        *([threads] if threads else []))
                    sample = {}
                    for run, key in zip(result["runs"], keys):
                        n = run["n"]
                        check_close(f"{n}-op chain forward", np.array(run["out"]), wants[n], 1e-12, 0)
                        sample[key] = (1e6 * run["seconds"] / n, 1e6 * run["cpu_seconds"] / n)
                    return sample
                return Case(measure, max_rounds=rounds)
            self.add("graph fresh", fw, build)

    def build_gc_objects(self) -> None:
        """Workload 7b: objects the cyclic collector tracks per recorded op (ember, fresh subprocess)."""
        n = self.sizes.gc_ops
        self.metric("gc_per_op", f"7. GC-tracked objects per recorded op ({n:,}-op chain)", "objects",
                    "growth of len(gc.get_objects()) while the graph is alive, two gc.collect() before "
                    "each count, fresh subprocess (deterministic: 1 round)", clock=False)
        self.add("GC objects", "ember", lambda: Case(
            lambda: {"gc_per_op": run_worker("gc_objects", "ember", str(n))["per_op"]}, max_rounds=1))

    def build_scalar_mlp(self) -> None:
        """Workload 8: a micrograd-style MLP on 0-d tensors, checked against plain-Python floats."""
        s = self.sizes
        spec = s.scalar_mlp
        dims = "-".join(map(str, spec.sizes))
        self.metric("scalar_mlp", f"8. micrograd-style 0-d MLP {dims} train step ({len(spec.ys)} samples, f64)",
                    "ms/step")
        want = W.scalar_mlp_loss_reference(spec)
        reference = None  # torch's losses and parameters after two steps: ember must match them
        if torch is not None:
            torch.set_num_threads(1)
            step = W.ScalarMLPStep(torch, spec)
            reference = [step().item(), step().item()], step.param_values()
        for fw, lib in self.libs(threads=(1,)):
            def build(lib=lib):
                step = W.ScalarMLPStep(lib, spec)
                losses = [step().item(), step().item()]
                check_close("0-d MLP loss vs plain Python", losses[0], want, rtol=1e-12, atol=0)
                if reference is not None:
                    check_close("0-d MLP losses (2 steps)", losses, reference[0], rtol=1e-12, atol=1e-14)
                    check_close("0-d MLP params after 2 steps", step.param_values(), reference[1],
                                rtol=1e-12, atol=1e-14)
                step = W.ScalarMLPStep(lib, spec)  # fresh weights for timing
                return Case(timed("scalar_mlp", step, s.scalar_mlp_inner, 1e3), repeat(step, s.warmup))
            self.add("0-d MLP", fw, build)

    def build(self) -> None:
        """Build and verify every case, in table order."""
        for part in (self.build_small_ops, self.build_mlp, self.build_deep_chain, self.build_hvp,
                     self.build_import, self.build_mlp_memory, self.build_graph_sizes,
                     self.build_gc_objects, self.build_scalar_mlp, self.build_nn_memory):
            part()
        if torch is None:
            self.notes.append("torch is not installed: only ember and NumPy were run.")

    # -- running -------------------------------------------------------------------------------

    def run(self) -> None:
        """Run every case once per round, round-robin, rotating the order within each workload.

        Before each sample the process idles for ``sizes.settle`` seconds: OpenBLAS (used by
        ember and NumPy) and torch's OpenMP pool keep their worker threads spinning for a while
        after a parallel call, and on a small machine those spinning threads would otherwise
        steal cores from whichever framework runs next.
        """
        self.loadavg_before = R.load_average()
        groups: dict[str, list[Case]] = {}
        for case in self.cases:
            groups.setdefault(case.workload, []).append(case)
        for r in range(self.rounds):
            t_round = time.perf_counter()
            for cases in groups.values():
                k = r % len(cases)
                for case in cases[k:] + cases[:k]:
                    if case.failed or (case.max_rounds is not None and r >= case.max_rounds):
                        continue
                    if case.torch_threads:
                        torch.set_num_threads(case.torch_threads)
                    try:
                        if r == 0 and case.warmup is not None:
                            case.warmup()
                        if self.sizes.settle:
                            time.sleep(self.sizes.settle)
                        sample = case.measure()
                    except Exception as exc:  # noqa: BLE001
                        case.failed = True
                        self.fail(case.workload, case.framework, exc)
                        continue
                    for key, value in sample.items():
                        wall, cpu = value if isinstance(value, tuple) else (value, value)
                        self.samples[key][case.framework].append((r, wall, cpu))
            print(f"round {r + 1}/{self.rounds} done in {time.perf_counter() - t_round:.1f} s", flush=True)
        self.loadavg_after = R.load_average()

    def values(self, key: str, fw: str, clock: str = "cpu") -> list[float]:
        """One metric's samples for one framework on one clock (``"cpu"`` or ``"wall"``)."""
        col = 2 if clock == "cpu" else 1
        return [sample[col] for sample in self.samples[key].get(fw) or []]

    def median(self, key: str, fw: str, clock: str = "cpu") -> float | None:
        """The median sample of one metric for one framework, or None if it has none."""
        values = self.values(key, fw, clock)
        return statistics.median(values) if values else None

    def ratios(self, key: str, fw: str, clock: str = "cpu", key_b: str | None = None) -> list[float]:
        """Ember's sample over ``fw``'s (of metric ``key_b``, default ``key``) in each shared round."""
        other = {r: (w, c) for r, w, c in self.samples.get(key_b or key, {}).get(fw) or []}
        col = 1 if clock == "cpu" else 0
        return [(c if clock == "cpu" else w) / other[r][col]
                for r, w, c in self.samples[key].get("ember") or [] if r in other and other[r][col]]


def children_cpu() -> float:
    """CPU seconds (user + system) used so far by this process's finished children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# ---------------------------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------------------------

# The speed targets, each judged on one figure: (metric, versus, limit, text).  ``versus`` a
# framework: ember's CPU time over that framework's in the same round (median over rounds);
# ``(what, other metric)``: ember's metric over ember's other metric in the same round; None:
# ember's median itself.  Issue 8's targets first, then the first speed round's.
TARGETS = [
    ("small_fwd_bwd", "torch@1", 0.6, "small-op chain forward+backward <= 0.6x torch@1 (goal 0.5x)"),
    ("small_fwd", "torch@1", 0.6, "small-op chain forward only under no_grad <= 0.6x torch@1 (goal 0.5x)"),
    ("scalar_mlp", "torch@1", 1.0, "micrograd-style 0-d network <= 1.0x torch@1"),
    ("graph_1000000", ("µs/op at 10^6 / at 10^4, same fresh subprocess", "graph_fresh_10000"), 1.2,
     "recorded forward µs/op at 10^6 ops within 1.2x of that at 10^4"),
    ("gc_per_op", None, 1.0, "GC-tracked objects per recorded op <= 1"),
    ("mlp_step", "numpy", 1.1, "MLP step <= 1.1x hand-written NumPy"),
    ("deep_time", "torch@1", 1.0, "deep chain fwd+bwd <= 1.0x torch@1 (1,000,000 ops in the full run)"),
    ("import", None, 200.0, "import ember <= 0.2 s (ms)"),
    ("mlp_mem", "numpy", 1.2, "MLP peak memory <= 1.2x the NumPy floor"),
    *((f"nn_mem_{w}", "torch@1", 1.5, f"{w} step peak memory <= 1.5x torch's (issue 14)") for w in
      ("cnn", "gpt", "lstm", "ce")),
]

ANALYSIS = """\
## Where the time goes

- **Small ops** (workload 1): ember's cost per op is Python: making the node and the output tensor
  (~1 µs), the NumPy call (~0.35-0.45 µs for a 4-element array, the floor), and in backward the
  engine's bookkeeping per node (~1 µs: dependency count, gradient buffer, shape/dtype check) plus
  the formula's NumPy calls (`tanh` needs three: `g * (1 - r*r)`). torch pays a similar amount in
  C++ dispatch. Getting toward 0.5x torch would need fewer Python-level steps per op: fused
  formulas for the common unary ops, and a specialised engine loop for chains (nodes with one
  input edge and no hooks).
- **MLP step** (workload 2): ~80% of ember's time is the six matmuls in NumPy's BLAS (the same
  calls the hand-written NumPy step makes); the rest is elementwise passes (bias add, ReLU and its
  mask, the update) and allocation. Against torch, the remaining gap (when there is one) comes from
  (a) BLAS: torch's bundled oneDNN/MKL sgemm against NumPy's OpenBLAS on this CPU, (b) fusion:
  torch fuses `addmm` (bias in the GEMM epilogue) and `threshold_backward`, where ember and NumPy
  make separate passes and temporaries, and (c) allocation: torch's caching allocator reuses
  buffers across steps, NumPy allocates fresh ones each time. Closing it would mean passing `out=`
  buffers to NumPy for the gradients of parameters (reused across steps), doing the bias add in
  place on the matmul's fresh output, and computing the ReLU mask once.
- **Deep chain** (workload 3): the engine is iterative (no recursion) and pauses Python's cyclic GC
  during backward; a million-node graph costs ~0.5 KB per op in ember against ~0.9 KB in torch.
- **Second order** (workload 4): with `create_graph=True` every formula runs on ember Tensors and is
  itself recorded, so the HVP makes roughly three times the nodes of a plain backward; it runs at
  torch's speed.
- **Graph size** (workload 7): each recorded op leaves objects that Python's cyclic collector
  tracks (the GC row; torch's graph lives in C++ and leaves none). Every generation-2 pass walks
  all of them and everything else on the heap, so the cost per op grows with the live graph and
  with the program's own heap: the in-process rows run on the benchmark's large heap (torch, NumPy,
  the other workloads) and grow from 10^3 to 10^5 ops, while torch's stay flat. The fresh-subprocess
  rows compare 10^4 with 10^6 ops on a small heap, which is what the flat-cost target uses. What
  would close it: at most one tracked object per op (slots, tuples of non-containers), or the
  collector paused during large forward passes as the engine already does during backward.
- **0-d network** (workload 8): micrograd-style code makes thousands of tiny recorded ops per step,
  so it is all per-op overhead (tensor and node creation, the 0-d NumPy call) plus the collector,
  which the many short-lived graph objects trigger over and over.
"""


def write_report(bench: Bench, path: Path, argv: list[str], elapsed: float, smoke: bool) -> str:
    """Write RESULTS.md (machine, versions, threads, tables, targets, samples, how to reproduce).

    Sections below :data:`benchmarks._report.KEEP_MARKER` in the existing file are hand-written
    and written back unchanged.
    """
    s = bench.sizes
    torch_version = torch.__version__ if torch is not None else "not installed"
    command = "python benchmarks/run.py" + ("" if not argv else " " + " ".join(argv))
    if torch is not None:
        threads = (f"torch measured at {', '.join(map(str, bench.torch_threads))} thread(s) via "
                   f"`torch.set_num_threads` (its default under these settings: {TORCH_DEFAULT_THREADS}); "
                   f"torch@{bench.blas_threads} matches NumPy's BLAS.")
    else:
        threads = "torch not installed."
    pinned = ", ".join(f"{k}={os.environ.get(k, '')}" for k in THREAD_ENV)
    lines = [
        "# ember benchmark results" + (" (smoke run: tiny sizes, not representative)" if smoke else ""),
        "",
        f"- Date: {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"- Machine: {platform.platform()}; CPU: {R.cpu_model()}; cores: {os.cpu_count()} "
        f"(usable by this process: {R.usable_cores()})",
        f"- Versions: Python {platform.python_version()}, NumPy {np.__version__}, torch {torch_version}, "
        f"ember {ember.__version__} (git {R.ember_commit()}, working tree may hold uncommitted changes)",
        f"- Threads: NumPy BLAS = {bench.blas_threads} ({bench.blas_source}; run.py sets {pinned} "
        f"unless already set); {threads}",
        f"- Method: {bench.rounds} round(s), every case once per round, round-robin with the order "
        f"rotated each round. Each sample is taken on two clocks: CPU time (`time.process_time()`, "
        f"the figure the targets use, since time spent descheduled on a shared machine is not "
        f"counted) and wall time (`time.perf_counter()`). Ratios are taken within rounds (ember's "
        f"sample / the other's sample in the same round) and reported as the median over rounds "
        f"with the min–max in brackets. Per sample: {s.small_inner} chains (fwd+bwd) / "
        f"{s.small_nograd_inner} chains (forward), {s.mlp_inner} MLP steps, {s.hvp_inner} HVPs, "
        f"{s.scalar_mlp_inner} 0-d network steps, recorded chains repeated to about "
        f"{s.graph_ops_per_sample:,} ops; {s.warmup} warm-up iteration(s) before a case's first "
        f"sample; `gc.collect()` and a {s.settle} s idle pause before each sample, never inside one. "
        f"Every framework's answer was checked against a reference (NumPy, plain Python, or torch "
        f"for the 0-d network's later steps) before timing.",
        f"- Load average (1/5/15 min) before the timed rounds: {bench.loadavg_before}; after: "
        f"{bench.loadavg_after} (other work on the machine inflates wall times far more than CPU times).",
        f"- Total benchmark time: {elapsed:.0f} s",
        "",
        "CPU time at one thread (memory and object counts in the same columns):",
        "",
        R.markdown_table(*R.cpu_table(bench)),
        "",
        "Wall time, torch at each thread count:",
        "",
        R.markdown_table(*R.wall_table(bench)),
        "",
        "Ratios are ember's sample divided by the other's in the same round: median over rounds "
        "(min–max); above 1x ember is slower / uses more.",
        "",
        "## Targets",
        "",
        R.markdown_table(["target", "figure used", "measured: median (min–max)", "status"],
                         R.target_rows(bench, TARGETS)),
        "",
        ANALYSIS,
    ]
    notes = [f"{m.label}: {m.note}" for m in bench.metrics if m.note] + bench.notes
    if R.busy(bench.loadavg_before) or R.busy(bench.loadavg_after):
        notes.append(f"**The machine was busy**: the 1-minute load average (which includes about 1 from "
                     f"this benchmark) reached {1 + R.usable_cores() / 2:g} or more on {R.usable_cores()} usable "
                     f"cores, so other processes competed for the CPUs; wall times (and torch@2 most) "
                     f"suffer, CPU times much less.")
    if notes:
        lines += ["Notes:", "", *(f"- {n}" for n in notes), ""]
    if bench.failures:
        lines += ["**Failures** (these cases were not timed):", "", *(f"- {f}" for f in bench.failures), ""]
    lines += R.samples_section(bench)
    lines += ["", "## How to reproduce", "",
              f"From the repository root: `{command}` (`--smoke` for the tiny CI run, `--rounds N`, "
              "`--out PATH`). Sections below the marker that follows are hand-written; run.py keeps "
              "them.", ""]
    return R.finish(lines, path)


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, build and verify the cases, run the rounds, print and write the report."""
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes and one round (CI; < 60 s)")
    parser.add_argument("--rounds", type=int, default=None, help="rounds (default 5; 1 with --smoke)")
    parser.add_argument("--out", type=Path, default=None,
                        help="report path (default benchmarks/RESULTS.md; benchmarks/RESULTS-smoke.md "
                             "with --smoke, so a smoke run never overwrites real results)")
    args = parser.parse_args(argv)
    sizes = SMOKE if args.smoke else FULL
    rounds = max(1, args.rounds or sizes.rounds)
    out = args.out or ROOT / "benchmarks" / ("RESULTS-smoke.md" if args.smoke else "RESULTS.md")

    t0 = time.perf_counter()
    np.random.seed(W.SEED)
    ember.manual_seed(W.SEED)
    if torch is not None:
        torch.manual_seed(W.SEED)
    else:
        print("torch is not installed: running ember and NumPy only", file=sys.stderr)
    bench = Bench(sizes, rounds)
    print(f"NumPy BLAS threads: {bench.blas_threads} ({bench.blas_source}); "
          f"torch threads: {bench.torch_threads or 'n/a'}; rounds: {rounds}", flush=True)
    bench.build()
    bench.run()
    elapsed = time.perf_counter() - t0

    print()
    print(R.text_table(*R.cpu_table(bench)))
    write_report(bench, out, argv, elapsed, args.smoke)
    print(f"\nwrote {out} ({elapsed:.1f} s)")
    if bench.failures:
        print(f"{len(bench.failures)} failure(s):", *bench.failures, sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
