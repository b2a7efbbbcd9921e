"""Benchmark ember against PyTorch (CPU) and hand-written NumPy.

Run from the repository root::

    python benchmarks/run.py              # full run, writes benchmarks/RESULTS.md
    python benchmarks/run.py --smoke      # tiny sizes, one round (CI)
    python -m benchmarks.run --rounds 7 --out /tmp/results.md

Every workload is run on ember, on torch at 1 thread and at 2 threads (plus at NumPy's BLAS
thread count if that is neither), and, where it applies, on a hand-written NumPy "floor".
All cases run interleaved: each round visits every case once (in a rotated order), so slow
drift of the machine hits every framework alike; the reported figure is the median over
rounds.  Before anything is timed, each framework's answer is checked against a NumPy
reference, so a wrong answer is never benchmarked.
"""
from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import platform
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

import numpy as np  # noqa: E402

import ember  # noqa: E402
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
    warmup: int = 3                # untimed iterations before a case's first sample
    rounds: int = 5
    settle: float = 0.2            # idle seconds before each sample (see Bench.run)


FULL = Sizes()
SMOKE = Sizes(small_ops=1000, small_inner=2, small_nograd_inner=2,
              mlp=W.MLPSpec(sizes=(64, 32, 32, 10), batch=16), mlp_inner=2,
              deep_ops=10_000, deep_rounds=1,
              hvp=W.HVPSpec(sizes=(8, 16, 1), batch=8), hvp_inner=2,
              warmup=1, rounds=1)


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
    return usable_cores(), "assumed = usable cores (threadpoolctl not installed)"


def usable_cores() -> int:
    """Cores this process may run on (affinity-aware where the OS supports it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


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


@dataclass
class Case:
    """One framework's measurement of one workload.

    ``measure()`` returns one sample for each metric it feeds, ``{metric_key: value}``.
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
    """A ``measure`` that times ``inner`` calls of ``step`` and reports ``scale * seconds / inner``."""
    def measure():
        gc.collect()
        t0 = time.perf_counter()
        for _ in range(inner):
            step()
        elapsed = time.perf_counter() - t0
        return {metric: scale * elapsed / inner}
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
        self.samples: dict[str, dict[str, list[float]]] = {}
        self.failures: list[str] = []
        self.notes: list[str] = []
        self.loadavg_before = self.loadavg_after = "n/a"

    # -- bookkeeping ---------------------------------------------------------------------------

    def metric(self, key: str, label: str, unit: str, note: str = "") -> None:
        """Declare a table row (in table order) and its per-framework sample lists."""
        self.metrics.append(Metric(key, label, unit, note))
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

    def libs(self):
        """``(framework label, module)`` for ember and each torch thread setting."""
        yield "ember", ember
        for n in self.torch_threads:
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
                    "(ru_maxrss elsewhere; on Linux a child's ru_maxrss starts at its parent's peak)")
        ref = W.deep_chain_grad_reference(s.deep_ops)
        for fw, _ in self.libs():
            def build(fw=fw):
                name, _, threads = fw.partition("@")
                args = ("deep_chain", name, str(s.deep_ops), *([threads] if threads else []))

                def measure():
                    result = run_worker(*args)
                    check_close("deep chain grad", result["grad"], ref, rtol=1e-9, atol=0)
                    return {"deep_time": result["seconds"], "deep_rss": result["rss_growth_mb"]}
                return Case(measure, max_rounds=rounds)
            self.add("deep chain", fw, build)

    def build_hvp(self) -> None:
        """Workload 4: Hessian-vector product (double backward), checked by finite differences."""
        s = self.sizes
        dims = "-".join(map(str, s.hvp.sizes))
        self.metric("hvp", f"4. HVP, {dims} tanh MLP, MSE (batch {s.hvp.batch}, f64)", "ms/HVP")
        ref = hvp_reference(s.hvp)
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
                    "torch's figure is shown under torch@1 (threads do not apply)")
        targets = [("ember", "ember")] + ([("torch@1", "torch")] if torch is not None else [])
        for fw, module in targets:
            def build(module=module):
                def once(code):
                    t0 = time.perf_counter()
                    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=worker_env(), check=True)
                    return time.perf_counter() - t0

                def measure():
                    return {"import": 1e3 * (once(f"import {module}") - once("pass"))}
                return Case(measure, warmup=lambda: once(f"import {module}"))
            self.add("import", fw, build)

    def build_mlp_memory(self) -> None:
        """Workload 6: tracemalloc peak of one MLP step, ember against the NumPy floor."""
        spec = json.dumps({"sizes": list(self.sizes.mlp.sizes), "batch": self.sizes.mlp.batch,
                           "lr": self.sizes.mlp.lr})
        self.metric("mlp_mem", "6. MLP train step, tracemalloc peak", "MB",
                    "fresh subprocess, one traced step after a warm-up step (deterministic: 1 round)")
        for fw in ("ember", "numpy"):
            def build(fw=fw):
                def measure():
                    return {"mlp_mem": run_worker("mlp_memory", fw, spec)["peak_mb"]}
                return Case(measure, max_rounds=1)
            self.add("MLP memory", fw, build)

    def build(self) -> None:
        """Build and verify every case, in table order."""
        for part in (self.build_small_ops, self.build_mlp, self.build_deep_chain, self.build_hvp,
                     self.build_import, self.build_mlp_memory):
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
        self.loadavg_before = load_average()
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
                        self.samples[key][case.framework].append(value)
            print(f"round {r + 1}/{self.rounds} done in {time.perf_counter() - t_round:.1f} s", flush=True)
        self.loadavg_after = load_average()

    def median(self, key: str, fw: str) -> float | None:
        """The median sample of one metric for one framework, or None if it has none."""
        values = self.samples[key].get(fw) or []
        return statistics.median(values) if values else None


def load_average() -> str:
    """The 1/5/15-minute load averages, to show whether something else was using the CPUs."""
    try:
        return "/".join(f"{x:.2f}" for x in os.getloadavg())
    except (AttributeError, OSError):
        return "n/a"


def busy(loadavg: str) -> bool:
    """Whether a ``load_average()`` string says other work used half the CPUs or more.

    The load average counts this benchmark too (about 1), hence the ``1 +``.
    """
    try:
        return float(loadavg.split("/")[0]) >= 1 + usable_cores() / 2
    except ValueError:
        return False


def hvp_reference(spec: W.HVPSpec, eps: float = 1e-5) -> list[np.ndarray]:
    """The HVP by central finite differences of a hand-derived NumPy gradient (float64)."""
    params, vectors, x, y = W.hvp_init(spec)

    def grad(ps):
        n_layers = len(ps) // 2
        hs, h = [x], x
        for i in range(n_layers):
            h = h @ ps[2 * i].T + ps[2 * i + 1]
            if i < n_layers - 1:
                h = np.tanh(h)
            hs.append(h)
        g = 2.0 * (h - y) / h.size
        out = [None] * len(ps)
        for i in reversed(range(n_layers)):
            out[2 * i], out[2 * i + 1] = g.T @ hs[i], g.sum(axis=0)
            if i > 0:
                g = (g @ ps[2 * i]) * (1.0 - hs[i] ** 2)
        return out

    plus = grad([p + eps * v for p, v in zip(params, vectors)])
    minus = grad([p - eps * v for p, v in zip(params, vectors)])
    return [(a - b) / (2 * eps) for a, b in zip(plus, minus)]


# ---------------------------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------------------------

def fmt(value: float | None) -> str:
    """A compact, fixed-point rendering with about three significant digits."""
    if value is None:
        return "—"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def fmt_ratio(num: float | None, den: float | None) -> str:
    """``num / den`` as ``1.23x``, or a dash when either is missing."""
    return "—" if num is None or den is None or den == 0 else f"{num / den:.2f}x"


# The targets of the speed issue: (metric, compared with, limit on ember's ratio or absolute value).
# ``versus`` "torch" means torch at NumPy's BLAS thread count; None means an absolute limit.
TARGETS = [
    ("small_fwd_bwd", "torch", 1.0, "small-op forward+backward <= 1.0x torch (stretch: toward 0.5x)"),
    ("small_fwd", "torch", 1.0, "forward only under no_grad <= 1.0x torch"),
    ("mlp_step", "numpy", 1.1, "MLP step <= 1.1x hand-written NumPy"),
    ("deep_time", "torch", 1.0, "deep chain <= 1.0x torch (1,000,000 ops in the full run)"),
    ("import", None, 200.0, "import ember <= 0.2 s"),
    ("mlp_mem", "numpy", 1.2, "MLP peak memory <= 1.2x the NumPy floor"),
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
"""


def target_rows(bench: Bench) -> list[list[str]]:
    """One row per target: the measured figure and whether it is met."""
    rows = []
    torch_fw = f"torch@{bench.blas_threads}"
    for key, versus, limit, text in TARGETS:
        if key not in bench.samples:
            continue
        ember_v = bench.median(key, "ember")
        if versus is None:
            value, shown = ember_v, (fmt(ember_v) if ember_v is not None else "n/a")
        else:
            other = bench.median(key, torch_fw if versus == "torch" else versus)
            value = ember_v / other if ember_v is not None and other else None
            shown = fmt_ratio(ember_v, other) if value is not None else "n/a"
        met = "n/a" if value is None else ("met" if value <= limit else "**not met**")
        rows.append([text, shown, met])
    return rows


def table_rows(bench: Bench) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the main table (medians and ember's ratios to the others)."""
    others = [fw for fw in bench.frameworks if fw != "ember"]
    header = ["workload", "unit", *bench.frameworks, *(f"ember/{fw}" for fw in others)]
    rows = []
    for m in bench.metrics:
        meds = {fw: bench.median(m.key, fw) for fw in bench.frameworks}
        rows.append([m.label, m.unit, *(fmt(meds[fw]) for fw in bench.frameworks),
                     *(fmt_ratio(meds["ember"], meds[fw]) for fw in others)])
    return header, rows


def text_table(header: list[str], rows: list[list[str]]) -> str:
    """A plain-text table with aligned columns (left for text, right for numbers)."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells):
        return "  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    return "\n".join([line(header), "  ".join("-" * w for w in widths), *map(line, rows)])


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A GitHub-flavoured Markdown table, numbers right-aligned."""
    align = ["---", "---"] + ["---:"] * (len(header) - 2)
    return "\n".join("| " + " | ".join(r) + " |" for r in [header, align, *rows])


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo, or what platform knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def ember_commit() -> str:
    """The repository's HEAD commit (read-only ``git rev-parse``); ember may have local edits."""
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                             text=True, timeout=10)
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def write_report(bench: Bench, path: Path, argv: list[str], elapsed: float, smoke: bool) -> str:
    """Write RESULTS.md (machine, versions, threads, table, details, how to reproduce)."""
    header, rows = table_rows(bench)
    s = bench.sizes
    torch_version = torch.__version__ if torch is not None else "not installed"
    command = "python benchmarks/run.py" + ("" if not argv else " " + " ".join(argv))
    if torch is not None:
        threads = (f"torch measured at {', '.join(map(str, bench.torch_threads))} thread(s) via "
                   f"`torch.set_num_threads` (its default here: {TORCH_DEFAULT_THREADS}); "
                   f"torch@{bench.blas_threads} matches NumPy's BLAS.")
    else:
        threads = "torch not installed."
    lines = [
        "# ember benchmark results" + (" (smoke run: tiny sizes, not representative)" if smoke else ""),
        "",
        f"- Date: {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"- Machine: {platform.platform()}; CPU: {cpu_model()}; cores: {os.cpu_count()} "
        f"(usable by this process: {usable_cores()})",
        f"- Versions: Python {platform.python_version()}, NumPy {np.__version__}, torch {torch_version}, "
        f"ember {ember.__version__} (git {ember_commit()}, working tree may hold uncommitted changes)",
        f"- Threads: NumPy BLAS = {bench.blas_threads} ({bench.blas_source}); {threads}",
        f"- Method: {bench.rounds} round(s), every case once per round, round-robin with the order "
        f"rotated each round; medians over rounds. Per sample: {s.small_inner} chains (fwd+bwd) / "
        f"{s.small_nograd_inner} chains (forward), {s.mlp_inner} MLP steps, {s.hvp_inner} HVPs; "
        f"{s.warmup} warm-up iteration(s) before a case's first sample; `gc.collect()` and a "
        f"{s.settle} s idle pause before each sample, never inside one. Every framework's answer "
        f"was checked against a NumPy reference before timing.",
        f"- Load average (1/5/15 min) before the timed rounds: {bench.loadavg_before}; after: "
        f"{bench.loadavg_after} (other work on the machine inflates and scatters the timings).",
        f"- Total benchmark time: {elapsed:.0f} s",
        "",
        markdown_table(header, rows),
        "",
        "Ratios are ember's median divided by the other's (above 1x: ember is slower / uses more).",
        "",
        "## Targets",
        "",
        markdown_table(["target", "measured", "status"], target_rows(bench)),
        "",
        ANALYSIS,
    ]
    notes = [f"{m.label}: {m.note}" for m in bench.metrics if m.note] + bench.notes
    if busy(bench.loadavg_before) or busy(bench.loadavg_after):
        notes.append(f"**The machine was busy**: the 1-minute load average (which includes about 1 from "
                     f"this benchmark) reached {1 + usable_cores() / 2:g} or more on {usable_cores()} usable "
                     f"cores, so other processes competed for the CPUs; that hurts multi-threaded cases "
                     f"(torch@2) most.")
    if notes:
        lines += ["Notes:", "", *(f"- {n}" for n in notes), ""]
    if bench.failures:
        lines += ["**Failures** (these cases were not timed):", "", *(f"- {f}" for f in bench.failures), ""]
    lines += ["## Samples", "", "| workload | framework | n | median | min | max |",
              "|---|---|---:|---:|---:|---:|"]
    for m in bench.metrics:
        for fw in bench.frameworks:
            v = bench.samples[m.key][fw]
            if v:
                lines.append(f"| {m.label} [{m.unit}] | {fw} | {len(v)} | {fmt(statistics.median(v))} | "
                             f"{fmt(min(v))} | {fmt(max(v))} |")
    lines += ["", "## How to reproduce", "",
              f"From the repository root: `{command}` (`--smoke` for the tiny CI run, `--rounds N`, "
              "`--out PATH`).", ""]
    text = "\n".join(lines)
    path.write_text(text)
    return text


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, build and verify the cases, run the rounds, print and write the report."""
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes and one round (CI; < 30 s)")
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

    header, rows = table_rows(bench)
    print()
    print(text_table(header, rows))
    write_report(bench, out, argv, elapsed, args.smoke)
    print(f"\nwrote {out} ({elapsed:.1f} s)")
    if bench.failures:
        print(f"{len(bench.failures)} failure(s):", *bench.failures, sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
