"""Before/after benchmark of ember: a base git ref against the current working tree, in CPU time.

Run from the repository root::

    python benchmarks/compare.py --base <git-ref> [--rounds 7] [--out benchmarks/COMPARE.md] [--smoke]

"Before" is ember at ``<git-ref>``, checked out into a temporary ``git worktree`` (removed at
the end); "after" is ember in this working tree, uncommitted changes included.  The question it
answers is "is any workload slower after the change?".

Method:

- Every measurement runs in fresh interpreters with ``PYTHONPATH`` (and the working directory)
  set to the root of the tree under test, so ``import ember`` picks that tree; the worker checks
  ``ember.__file__`` and exits with an error if ember came from anywhere else.  BLAS and OpenMP
  are pinned to one thread (``OMP_NUM_THREADS`` and friends) and ``PYTHONHASHSEED=0``.
- The workload code is always this tree's ``benchmarks/workloads.py`` (loaded by file path),
  for both sides: only ember differs between "before" and "after".
- Each round, for each workload, starts one fresh worker per side.  Both build the workload and
  warm up, then take their samples in turn, "before" and "after" alternately in the order ABBA
  (which side starts flips every round), so each "after" sample has a "before" sample next to it
  in time.  This matters on shared or virtual machines, whose speed drifts over seconds.  Only
  one worker runs at a time, and all of them are pinned to the same CPU (where the OS allows),
  since on a virtual machine each CPU drifts on its own.
- A sample is ``time.process_time()`` (CPU time, so time spent descheduled is not counted)
  around a fixed number of iterations, after ``gc.collect()``; wall time is recorded alongside.
  ``import ember`` is timed (the import statement alone) in one fresh interpreter per sample.
- Per round and workload: each side's median sample, and the after/before ratio as the median
  over the round's sample pairs.  The report gives the median over rounds of each side's CPU
  time per unit, and the median and min-max over rounds of the ratio.  Run against
  ``--base HEAD`` on a clean tree, the spread of the ratios is the machine's noise level.
- Each side's last result is reduced to one number (a sum) and the two are compared, so a
  change that alters what ember computes is flagged next to its timings.

Workers run this same file with ``--worker``; that option is internal.
"""
from __future__ import annotations

import argparse
import datetime
import gc
import importlib.metadata
import importlib.util
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Callable

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
WORKLOADS_FILE = Path(__file__).resolve().parent / "workloads.py"


def load_workloads() -> ModuleType:
    """This tree's ``benchmarks/workloads.py``, loaded by path (whatever tree ember comes from)."""
    spec = importlib.util.spec_from_file_location("compare_workloads", WORKLOADS_FILE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up in sys.modules
    spec.loader.exec_module(module)
    return module


W = load_workloads()


# ---------------------------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Sizes:
    """Problem sizes, iterations per sample, samples per worker and rounds for one kind of run."""

    small_ops: int = 1000          # ops in the small-op chain
    small_inner: int = 5           # chains per sample (fwd+bwd)
    nograd_inner: int = 15         # chains per sample (forward only)
    mlp: W.MLPSpec = W.MLPSpec()
    mlp_inner: int = 5             # training steps per sample
    hvp: W.HVPSpec = W.HVPSpec()
    hvp_inner: int = 50            # HVPs per sample
    deep_ops: int = 200_000
    deep_samples: int = 4          # one chain per sample
    import_samples: int = 8        # fresh interpreters per side per round
    samples: int = 9               # samples per worker for the other workloads
    warmup: int = 3                # untimed iterations before the first sample
    rounds: int = 7


FULL = Sizes()
SMOKE = Sizes(small_inner=2, nograd_inner=2, mlp=W.MLPSpec(sizes=(64, 32, 32, 10), batch=16),
              mlp_inner=2, hvp=W.HVPSpec(sizes=(8, 16, 1), batch=8), hvp_inner=2, deep_ops=10_000,
              deep_samples=1, import_samples=2, samples=3, warmup=1, rounds=1)


@dataclass(frozen=True)
class Workload:
    """One row of the report: what is timed, in which unit, and how often per sample."""

    key: str
    label: str
    unit: str
    scale: float      # seconds per iteration -> unit
    inner: int        # iterations per sample
    samples: int      # samples per side per round
    warmup: int       # untimed iterations before the first sample


def workloads(s: Sizes) -> list[Workload]:
    """The workloads, in report order."""
    mlp = "-".join(map(str, s.mlp.sizes))
    hvp = "-".join(map(str, s.hvp.sizes))
    per_op = 1e6 / s.small_ops
    return [
        Workload("small_fwd_bwd", f"small-op chain ({s.small_ops} ops, 4 x f64) fwd+bwd", "µs/op",
                 per_op, s.small_inner, s.samples, s.warmup),
        Workload("small_fwd", f"small-op chain ({s.small_ops} ops), forward only (no_grad)", "µs/op",
                 per_op, s.nograd_inner, s.samples, s.warmup),
        Workload("mlp_step", f"MLP {mlp} train step (batch {s.mlp.batch}, f32)", "ms/step",
                 1e3, s.mlp_inner, s.samples, s.warmup),
        # Warmed up by a 1000-op chain when the step is built (see deep_chain_step), not by full chains.
        Workload("deep_chain", f"deep chain ({s.deep_ops:,} ops, 1 x f64) fwd+bwd+teardown", "s",
                 1.0, 1, s.deep_samples, 0),
        Workload("hvp", f"HVP, {hvp} tanh MLP, MSE (batch {s.hvp.batch}, f64)", "ms/HVP",
                 1e3, s.hvp_inner, s.samples, s.warmup),
        Workload("import", "`import ember` (fresh interpreter)", "ms", 1e3, 1, s.import_samples, 0),
    ]


def deep_chain_step(lib: ModuleType, s: Sizes) -> Callable[[], float]:
    """The deep chain, after a 1000-op warm-up chain (lazy imports, caches).

    The step is timed around the whole ``deep_chain_fwd_bwd`` call, so it includes tearing down
    the graph when the call returns (a few per cent of the time).
    """
    W.deep_chain_fwd_bwd(lib, 1000)
    return lambda: W.deep_chain_fwd_bwd(lib, s.deep_ops)[1]


# Per workload run by `worker`: build the step (one iteration) from the ember module and the sizes.
STEPS: dict[str, Callable[[ModuleType, Sizes], Callable[[], object]]] = {
    "small_fwd_bwd": lambda lib, s: W.make_small_chain_fwd_bwd(lib, s.small_ops),
    "small_fwd": lambda lib, s: W.make_small_chain_fwd_nograd(lib, s.small_ops),
    "mlp_step": lambda lib, s: W.MLPStep(lib, s.mlp),
    "deep_chain": deep_chain_step,
    "hvp": lambda lib, s: W.make_hvp(lib, s.hvp),
}

THREAD_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}

# `import ember` in a fresh interpreter, timed in seconds; argv[1] is the root ember must come from.
IMPORT_WORKER = """\
import time
c0, w0 = time.process_time(), time.perf_counter()
import ember
c1, w1 = time.process_time(), time.perf_counter()
import json, os, sys
root, origin = os.path.realpath(sys.argv[1]), os.path.realpath(ember.__file__)
if not origin.startswith(root + os.sep):
    sys.exit(f"ember was imported from {origin}, not from the tree under test {root}")
print(json.dumps({"cpu": c1 - c0, "wall": w1 - w0, "answer": None}))
"""


# ---------------------------------------------------------------------------------------------
# Worker side (a fresh interpreter, ember from the tree under test)
# ---------------------------------------------------------------------------------------------

def fingerprint(result: object) -> float:
    """One number summarising a step's result (tensor, array, float, or a sequence of them)."""
    if isinstance(result, (tuple, list)):
        return sum(fingerprint(r) for r in result)
    if hasattr(result, "detach"):
        result = result.detach().numpy()
    return float(np.sum(result))


def worker(key: str, root: Path, sizes: Sizes) -> None:
    """Serve samples of one workload on the ember under ``root``: one per line read from stdin.

    Prints ``ready`` once the step is built and warmed up, then, per request, one JSON line
    with the sample's CPU and wall time per unit and the fingerprint of the step's result.
    """
    import ember

    origin = Path(ember.__file__).resolve()
    if not origin.is_relative_to(root.resolve()):
        raise SystemExit(f"ember was imported from {origin}, not from the tree under test {root}")
    wl = next(w for w in workloads(sizes) if w.key == key)
    ember.manual_seed(W.SEED)
    step = STEPS[key](ember, sizes)
    for _ in range(wl.warmup):
        step()
    print("ready", flush=True)
    while sys.stdin.readline():
        gc.collect()
        c0, w0 = time.process_time(), time.perf_counter()
        for _ in range(wl.inner):
            result = step()
        c1, w1 = time.process_time(), time.perf_counter()
        print(json.dumps({"cpu": (c1 - c0) * wl.scale / wl.inner, "wall": (w1 - w0) * wl.scale / wl.inner,
                          "answer": fingerprint(result)}), flush=True)


# ---------------------------------------------------------------------------------------------
# Driver side
# ---------------------------------------------------------------------------------------------

def worker_env(root: Path) -> dict[str, str]:
    """A worker's environment: ember's tree on ``PYTHONPATH``, one BLAS/OpenMP thread, and bytecode
    cached (in a folder per tree) as for an installed package, even where the caller's environment
    turns caching off: else the import workload times compiling ember's source."""
    env = {**os.environ, **THREAD_ENV, "PYTHONPATH": str(root), "PYTHONHASHSEED": "0",
           "PYTHONPYCACHEPREFIX": str(Path(tempfile.gettempdir()) / f"ember-compare-pyc-{abs(hash(str(root)))}")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_import(root: Path) -> dict:
    """One ``import ember`` in a fresh interpreter with ember's tree at ``root``."""
    proc = subprocess.run([sys.executable, "-c", IMPORT_WORKER, str(root)], cwd=root, env=worker_env(root),
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"import worker for {root} failed (exit {proc.returncode}):\n"
                           f"{proc.stderr.strip()[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


class Worker:
    """One side's worker for one workload: a fresh interpreter, driven one sample at a time.

    The import workload needs a fresh interpreter per sample, so there ``sample()`` starts one.
    """

    def __init__(self, root: Path, wl: Workload, smoke: bool):
        self.root, self.wl = root, wl
        if wl.key == "import":
            run_import(root)      # warm-up: writes the bytecode cache the samples then read
            return
        args = [sys.executable, str(Path(__file__).resolve()), "--worker", wl.key, "--root", str(root)]
        self.stderr = tempfile.TemporaryFile("w+")  # a file, so a chatty worker cannot block on a pipe
        self.proc = subprocess.Popen(args + (["--smoke"] if smoke else []), cwd=root, env=worker_env(root),
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr,
                                     text=True, bufsize=1)

    def wait_ready(self) -> None:
        """Block until the worker has built and warmed up its step."""
        if self.wl.key != "import" and self._read() != "ready":
            self._fail("did not report ready")

    def sample(self) -> dict:
        """One sample: ``{"cpu", "wall", "answer"}``."""
        if self.wl.key == "import":
            result = run_import(self.root)
            return {**result, "cpu": result["cpu"] * self.wl.scale, "wall": result["wall"] * self.wl.scale}
        self.proc.stdin.write("sample\n")
        self.proc.stdin.flush()
        return json.loads(self._read())

    def close(self) -> None:
        """Let the worker exit (end of its stdin) and wait for it."""
        if self.wl.key == "import":
            return
        self.proc.stdin.close()
        if self.proc.wait(timeout=60) != 0:
            self._fail(f"exited with status {self.proc.returncode}")
        self.stderr.close()

    def _read(self) -> str:
        line = self.proc.stdout.readline()
        if not line:
            self.proc.wait(timeout=60)
            self._fail(f"died (exit {self.proc.returncode})")
        return line.strip()

    def _fail(self, what: str) -> None:
        self.stderr.seek(0)
        raise RuntimeError(f"{self.wl.key} worker for {self.root} {what}:\n{self.stderr.read().strip()[-3000:]}")


@dataclass
class Record:
    """One workload's results, one entry per round (CPU and wall in the workload's unit)."""

    before: list[float] = field(default_factory=list)      # median "before" sample
    after: list[float] = field(default_factory=list)       # median "after" sample
    ratio: list[float] = field(default_factory=list)       # median over pairs of after/before CPU
    wall_ratio: list[float] = field(default_factory=list)  # the same for wall time
    answers: dict[str, float | None] = field(default_factory=dict)  # side -> last fingerprint


def run_round(record: Record, wl: Workload, roots: dict[str, Path], before_first: bool, smoke: bool) -> None:
    """One round of one workload: a fresh worker per side, samples taken in ABBA order."""
    workers = {side: Worker(root, wl, smoke) for side, root in roots.items()}
    for w in workers.values():
        w.wait_ready()
    samples: dict[str, list[dict]] = {"before": [], "after": []}
    order = ["before", "after"] if before_first else ["after", "before"]
    for i in range(wl.samples):
        for side in order if i % 2 == 0 else order[::-1]:
            samples[side].append(workers[side].sample())
    for w in workers.values():
        w.close()
    b, a = samples["before"], samples["after"]
    record.before.append(statistics.median(s["cpu"] for s in b))
    record.after.append(statistics.median(s["cpu"] for s in a))
    record.ratio.append(statistics.median(y["cpu"] / x["cpu"] for x, y in zip(b, a)))
    record.wall_ratio.append(statistics.median(y["wall"] / x["wall"] for x, y in zip(b, a)))
    record.answers = {"before": b[-1]["answer"], "after": a[-1]["answer"]}


def run_rounds(wls: list[Workload], roots: dict[str, Path], rounds: int, smoke: bool) -> dict[str, Record]:
    """Every round, every workload; "before" samples first in even rounds, "after" in odd ones."""
    for root in roots.values():  # untimed: writes ember's bytecode caches, warms the file cache
        run_import(root)
    records = {wl.key: Record() for wl in wls}
    for r in range(rounds):
        t0 = time.perf_counter()
        for wl in wls:
            rec = records[wl.key]
            run_round(rec, wl, roots, before_first=r % 2 == 0, smoke=smoke)
            print(f"  round {r + 1}/{rounds}  {wl.key:<14} before {fmt(rec.before[-1]):>7}  "
                  f"after {fmt(rec.after[-1]):>7} {wl.unit:<7}  after/before {rec.ratio[-1]:.3f}", flush=True)
        print(f"round {r + 1}/{rounds} done in {time.perf_counter() - t0:.1f} s", flush=True)
    return records


def pin_to_one_cpu() -> str:
    """Pin this process, and so every worker it starts, to its highest-numbered usable CPU."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity on this OS)"
    cpu = max(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"all workers pinned to CPU {cpu}"


def git(*args: str) -> str:
    """Run a git command in this repository (without optional locks); return its stdout."""
    proc = subprocess.run(["git", "--no-optional-locks", *args], cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"git {' '.join(args)} failed: {proc.stderr.strip()}")
    return proc.stdout.strip()


def remove_worktree(path: Path) -> None:
    """Remove the temporary worktree and its parent folder; on failure, say how to clean up."""
    proc = subprocess.run(["git", "worktree", "remove", "--force", str(path)], cwd=ROOT,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"warning: could not remove worktree {path}: {proc.stderr.strip()}\n"
              f"  clean up with: git worktree remove --force {path}", file=sys.stderr)
    shutil.rmtree(path.parent, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------

def fmt(value: float) -> str:
    """A compact rendering with about three significant digits."""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def answers_agree(answers: dict[str, float | None]) -> str:
    """Whether the two sides' fingerprints match (float32 work allows a little rounding)."""
    a, b = answers["before"], answers["after"]
    if a is None or b is None:
        return "n/a"
    return "same" if math.isclose(a, b, rel_tol=1e-5, abs_tol=1e-9) else f"**differ** ({a:.9g} vs {b:.9g})"


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table, every column after the first two right-aligned."""
    align = ["---", "---"] + ["---:"] * (len(header) - 2)
    return "\n".join("| " + " | ".join(r) + " |" for r in [header, align, *rows])


def result_table(records: dict[str, Record], wls: list[Workload]) -> str:
    """The main table: medians over rounds, the ratio's median and spread, wall ratio, answers."""
    header = ["workload", "unit", "before (CPU)", "after (CPU)", "after/before", "min–max",
              "after slower in", "wall after/before", "answers"]
    rows = []
    for wl in wls:
        rec = records[wl.key]
        rows.append([wl.label, wl.unit, fmt(statistics.median(rec.before)), fmt(statistics.median(rec.after)),
                     f"{statistics.median(rec.ratio):.3f}", f"{min(rec.ratio):.3f}–{max(rec.ratio):.3f}",
                     f"{sum(q > 1 for q in rec.ratio)}/{len(rec.ratio)} rounds",
                     f"{statistics.median(rec.wall_ratio):.3f}", answers_agree(rec.answers)])
    return markdown_table(header, rows)


def rounds_table(records: dict[str, Record], wls: list[Workload]) -> str:
    """Each round's CPU after/before ratio, per workload."""
    n = len(records[wls[0].key].ratio)
    rows = [[wl.label, wl.unit, *(f"{q:.3f}" for q in records[wl.key].ratio)] for wl in wls]
    return markdown_table(["workload", "unit", *(f"round {r + 1}" for r in range(n))], rows)


def load_average() -> str:
    """The 1/5/15-minute load averages (other work on the machine adds noise)."""
    try:
        return "/".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def write_report(path: Path, records: dict[str, Record], wls: list[Workload], info: dict[str, str],
                 s: Sizes, rounds: int, smoke: bool) -> str:
    """Write the Markdown report (what was compared, versions, method, tables); return the main table."""
    table = result_table(records, wls)
    lines = [
        "# ember before/after benchmark" + (" (smoke run: tiny sizes, not representative)" if smoke else ""),
        "",
        f"- Date: {info['date']}",
        f"- Before: `{info['base']}` = {info['base_commit']} (temporary git worktree)",
        f"- After: working tree {ROOT} at HEAD {info['head']}; {info['dirty']}",
        f"- Machine: {platform.platform()}; {os.cpu_count()} cores; load average (1/5/15 min) "
        f"before: {info['load_before']}, after: {info['load_after']}",
        f"- Versions: Python {platform.python_version()}, NumPy {importlib.metadata.version('numpy')}",
        f"- CPU: {info['pinning']}; one worker runs at a time",
        f"- Method: {rounds} round(s). Per round and workload, one fresh worker per side, with "
        "`PYTHONPATH` at that side's tree (checked via `ember.__file__`); both sides run this "
        "tree's `benchmarks/workloads.py`. `OMP_NUM_THREADS`, `OPENBLAS_NUM_THREADS`, "
        f"`MKL_NUM_THREADS` = 1, `PYTHONHASHSEED` = 0. Each worker: {s.warmup} warm-up "
        f"iteration(s), then {s.samples} samples of CPU time (`time.process_time()`), each over "
        f"{s.small_inner} chains (fwd+bwd) / {s.nograd_inner} chains (forward) / {s.mlp_inner} MLP "
        f"steps / {s.hvp_inner} HVPs, after `gc.collect()`. Deep chain: a 1000-op warm-up chain, "
        f"then {s.deep_samples} sample(s) of one chain, timed around the whole call (graph "
        f"teardown included). Import: {s.import_samples} fresh interpreter(s) per side per round, "
        "timing the `import` statement alone, bytecode cached by one warm-up import. The two "
        "sides' samples alternate ABBA (which side starts flips each round); a round's ratio is "
        "the median over its sample pairs of after/before.",
        "- Columns: median over rounds of each side's median sample; median and min–max over "
        "rounds of the CPU ratio, and the rounds in which it was above 1; median wall-time ratio; "
        "whether both sides' last results agree.",
        f"- Total time: {info['elapsed']}",
        f"- Command: `{info['command']}`",
        "",
        table,
        "",
        "Ratios above 1 mean \"after\" is slower. Against `--base HEAD` on a clean tree, the min–max "
        "spread of the ratios is this machine's noise level.",
        "",
        "## CPU after/before ratio per round",
        "",
        rounds_table(records, wls),
        "",
    ]
    path.write_text("\n".join(lines))
    return table


def main(argv: list[str] | None = None) -> int:
    """Parse arguments; serve as a worker, or set up the base worktree, run the rounds and report."""
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", help="git ref for \"before\" (\"after\" is the working tree)")
    parser.add_argument("--rounds", type=int, default=None, help=f"rounds (default {FULL.rounds}; 1 with --smoke)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "COMPARE.md", help="report path")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes and one round (< 60 s)")
    parser.add_argument("--only", help="comma-separated workload keys to run (default: all)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sizes = SMOKE if args.smoke else FULL
    if args.worker:
        worker(args.worker, args.root, sizes)
        return 0
    if not args.base:
        parser.error("--base is required")
    rounds = max(1, args.rounds or sizes.rounds)

    t0 = time.perf_counter()
    base_commit = git("rev-parse", "--verify", f"{args.base}^{{commit}}")
    changed = git("status", "--porcelain").splitlines()
    info = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "base": args.base, "base_commit": base_commit, "head": git("rev-parse", "HEAD"),
        "dirty": f"dirty ({len(changed)} changed path(s) per `git status`)" if changed else "clean",
        "load_before": load_average(), "pinning": pin_to_one_cpu(),
        "command": " ".join(["python benchmarks/compare.py", *argv]),
    }
    base_root = Path(tempfile.mkdtemp(prefix="ember-compare-")) / "base"
    git("worktree", "add", "--detach", str(base_root), base_commit)
    try:
        print(f"before: {args.base} ({base_commit[:12]}) in {base_root}\n"
              f"after: {ROOT} ({info['dirty']}); {rounds} round(s)", flush=True)
        wls = workloads(sizes)
        if args.only:
            keys = args.only.split(",")
            unknown = set(keys) - {w.key for w in wls}
            if unknown:
                parser.error(f"unknown workload(s) {sorted(unknown)}; choose from {[w.key for w in wls]}")
            wls = [w for w in wls if w.key in keys]
        records = run_rounds(wls, {"before": base_root, "after": ROOT}, rounds, args.smoke)
    finally:
        remove_worktree(base_root)
    info["load_after"] = load_average()
    info["elapsed"] = f"{time.perf_counter() - t0:.0f} s"

    table = write_report(args.out, records, wls, info, sizes, rounds, args.smoke)
    print(f"\n{table}\n\nwrote {args.out} ({info['elapsed']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
