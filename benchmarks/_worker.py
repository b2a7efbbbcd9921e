"""Measurements that need a fresh interpreter, run by :mod:`benchmarks.run` as subprocesses.

Usage (from the repository root, with it on ``PYTHONPATH``)::

    python -m benchmarks._worker deep_chain {ember,torch} N_OPS [TORCH_THREADS]
    python -m benchmarks._worker mlp_memory {ember,numpy} SPEC_JSON
    python -m benchmarks._worker record_chain {ember,torch} N_OPS[,N_OPS...] [TORCH_THREADS]
    python -m benchmarks._worker gc_objects {ember,torch} N_OPS
    python -m benchmarks._worker nn_memory {ember,torch} {cnn,gpt,lstm,ce}

Each prints one JSON object on its last line of stdout.
"""
from __future__ import annotations

import gc
import json
import resource
import sys
import tracemalloc


def _peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MB.

    On Linux this reads ``VmHWM`` from ``/proc/self/status``: ``ru_maxrss`` is not usable
    there, because a child started by fork/vfork + exec inherits its parent's peak in
    ``ru_maxrss`` (the benchmark's parent holds hundreds of MB), which would hide the growth
    being measured.  Elsewhere, ``ru_maxrss`` (KB on Linux, bytes on macOS).
    """
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def _import_lib(name: str, threads: int | None = None):
    """Import ember or torch; for torch, pin its intra-op thread count."""
    if name == "ember":
        import ember as lib
    elif name == "torch":
        import torch as lib
        if threads:
            lib.set_num_threads(threads)
    else:
        raise ValueError(f"unknown framework {name!r}")
    return lib


def deep_chain(framework: str, n_ops: int, threads: int | None = None) -> dict:
    """Time the deep chain's forward+backward and measure peak-RSS growth while it runs."""
    from benchmarks.workloads import deep_chain_times

    lib = _import_lib(framework, threads)
    deep_chain_times(lib, 1000)  # warm-up: lazy imports, caches
    gc.collect()
    baseline = _peak_rss_mb()
    seconds, cpu, grad = deep_chain_times(lib, n_ops)
    return {"seconds": seconds, "cpu_seconds": cpu, "rss_growth_mb": _peak_rss_mb() - baseline, "grad": grad}


def record_chain(framework: str, sizes: str, threads: int | None = None) -> dict:
    """Time recording the small-op chain (forward only, requires_grad) in a fresh interpreter.

    ``sizes`` is a comma-separated list of op counts, recorded one after the other in this
    process (each graph freed before the next), so a large size can be compared with a small
    one measured on the same, small heap.  Returns ``{"runs": [{n, seconds, cpu_seconds, out}]}``.
    """
    from benchmarks.workloads import record_chain_times

    lib = _import_lib(framework, threads)
    record_chain_times(lib, 1000)  # warm-up: lazy imports, caches
    runs = []
    for n in map(int, sizes.split(",")):
        gc.collect()
        seconds, cpu, out = record_chain_times(lib, n)
        runs.append({"n": n, "seconds": seconds, "cpu_seconds": cpu, "out": out.tolist()})
    return {"runs": runs}


def gc_objects(framework: str, n_ops: int) -> dict:
    """Collector-tracked objects per recorded op, in a fresh interpreter (a small, known heap)."""
    from benchmarks.workloads import gc_objects_per_op

    return {"per_op": gc_objects_per_op(_import_lib(framework), n_ops)}


def mlp_memory(framework: str, spec_json: str) -> dict:
    """tracemalloc peak (MB) of one MLP training step, after one untraced warm-up step.

    NumPy registers its data buffers with tracemalloc, so this counts array memory as well as
    Python objects.  Parameters and data are allocated before tracing starts and not counted;
    activations, gradients and temporaries are.
    """
    from benchmarks.workloads import MLPSpec, MLPStep, NumpyMLPStep

    spec = MLPSpec(**{k: tuple(v) if isinstance(v, list) else v for k, v in json.loads(spec_json).items()})
    step = NumpyMLPStep(spec) if framework == "numpy" else MLPStep(_import_lib(framework), spec)
    step()  # warm-up
    gc.collect()
    tracemalloc.start()
    tracemalloc.reset_peak()
    loss = step()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"peak_mb": peak / 2**20, "loss": float(loss)}


def main(argv: list[str]) -> None:
    """Dispatch on the first argument and print the result as JSON."""
    kind, framework, *rest = argv
    if kind == "deep_chain":
        result = deep_chain(framework, int(rest[0]), int(rest[1]) if len(rest) > 1 else None)
    elif kind == "mlp_memory":
        result = mlp_memory(framework, rest[0])
    elif kind == "record_chain":
        result = record_chain(framework, rest[0], int(rest[1]) if len(rest) > 1 else None)
    elif kind == "gc_objects":
        result = gc_objects(framework, int(rest[0]))
    elif kind == "nn_memory":
        from benchmarks.nn_memory import measure
        result = measure(framework, rest[0])
    else:
        raise SystemExit(f"unknown measurement {kind!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
