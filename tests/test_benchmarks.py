"""The benchmark harness: its workloads compute torch's answers, its statistics pair samples by round,
and regenerating a report keeps the sections written by hand.

The timings themselves are not tested here (CI runs ``python benchmarks/run.py --smoke``).
"""
from __future__ import annotations

import math

import numpy as np
import torch as real_torch

import ember
from benchmarks import _report as R
from benchmarks import workloads as W


def test_scalar_mlp_matches_torch_and_plain_python():
    """The 0-d network: torch's first loss equals the plain-float reference; ember follows torch step by step."""
    spec = W.ScalarMLPSpec(sizes=(3, 5, 4, 1))
    steps = {lib: W.ScalarMLPStep(lib, spec) for lib in (ember, real_torch)}
    losses = {lib: [step().item() for _ in range(3)] for lib, step in steps.items()}
    assert math.isclose(losses[real_torch][0], W.scalar_mlp_loss_reference(spec), rel_tol=1e-13)
    for got, want in zip(losses[ember], losses[real_torch]):
        assert math.isclose(got, want, rel_tol=1e-12)
    assert losses[real_torch][2] < losses[real_torch][0]  # SGD on the hand-written update descends
    for got, want in zip(steps[ember].param_values(), steps[real_torch].param_values()):
        assert math.isclose(got, want, rel_tol=1e-12, abs_tol=1e-14)
    assert all(p.grad is None and p.requires_grad for p in steps[ember].params)


def test_recorded_chain_matches_torch():
    """The graph-size workload computes torch's output (tanh may differ from torch's in the last bit)."""
    wall, cpu, out = W.record_chain_times(ember, 300)
    assert wall > 0 and cpu > 0
    want = W.record_chain_times(real_torch, 300)[2]
    assert np.allclose(out, want, rtol=1e-13, atol=0)


def test_deep_chain_times_agrees_with_deep_chain_fwd_bwd():
    """The two-clock deep chain gives the same gradient as the original one (compare.py uses that one)."""
    _, cpu, grad = W.deep_chain_times(ember, 1001)
    assert cpu > 0
    assert grad == W.deep_chain_fwd_bwd(ember, 1001)[1] == W.deep_chain_times(real_torch, 1001)[2]
    assert math.isclose(grad, W.deep_chain_grad_reference(1001), rel_tol=1e-13)


def test_gc_objects_per_op_counts_what_a_graph_keeps():
    """torch's graph lives in C++ and leaves no collector-tracked objects; one list kept per op counts 1."""
    assert abs(W.gc_objects_per_op(real_torch, 2000)) < 0.01

    class Lib:  # a "framework" whose every op keeps one list alive (a dict of ints is not tracked)
        float64 = None

        @staticmethod
        def tensor(values, dtype=None, requires_grad=False):
            return Chain([], values)

        @staticmethod
        def tanh(y):
            return y.then()

    class Chain:
        def __init__(self, kept, value):
            self.kept, self.value = kept, value

        def then(self):
            self.kept.append([len(self.kept)])
            return Chain(self.kept, self.value)

        __mul__ = __add__ = lambda self, other: self.then()

    assert 0.99 < W.gc_objects_per_op(Lib, 3000) < 1.1


def test_run_bench_ratios_pair_samples_by_round(monkeypatch):
    """Ratios are ember's sample over the other's in the same round; rounds one side missed are skipped."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        monkeypatch.setenv(var, "1")  # so importing run.py leaves this process's environment as it was
    from benchmarks import run

    bench = object.__new__(run.Bench)
    bench.samples = {"a": {"ember": [(0, 10.0, 2.0), (1, 30.0, 3.0), (2, 5.0, 5.0)],
                           "torch@1": [(0, 20.0, 4.0), (2, 10.0, 2.0)]},
                     "b": {"ember": [(0, 1.0, 1.0), (2, 1.0, 0.5)]}}
    bench.metrics = [run.Metric("a", "a", "s"), run.Metric("b", "b", "objects", clock=False)]
    assert bench.ratios("a", "torch@1") == [0.5, 2.5]
    assert bench.ratios("a", "torch@1", "wall") == [0.5, 0.5]
    assert bench.ratios("a", "ember", key_b="b") == [2.0, 10.0]
    assert bench.median("a", "ember") == 3.0 and bench.median("a", "ember", "wall") == 10.0
    assert R.summary(bench.ratios("a", "torch@1")) == (1.5, 0.5, 2.5)
    assert R.fmt_spread((1.5, 0.5, 2.5)) == "1.50x (0.50–2.50)"

    targets = [("a", "torch@1", 1.0, "a <= 1x torch"), ("a", ("a / b", "b"), 1.2, "a within 1.2x of b"),
               ("b", None, 1.0, "b <= 1"), ("missing", None, 1.0, "not in this run")]
    rows = R.target_rows(bench, targets)
    assert [r[-1] for r in rows] == ["**missed**", "**missed**", "met"]
    assert rows[0][2] == "1.50x (0.50–2.50)"
    assert [r[1] for r in rows] == ["CPU-time ratio ember / torch@1, within rounds",
                                    "CPU time, ember's a / b, within rounds", "ember's value"]


def test_regenerated_report_keeps_hand_written_sections(tmp_path):
    """Sections run.py does not write survive every rerun, above or below the marker, exactly once."""
    path = tmp_path / "RESULTS.md"
    path.write_text("# old\n\n## Targets\n\nold table\n\n## Optimizer step (issue 12)\n\nby hand\n\n"
                    "## How to reproduce\n\nold\n")
    generated = ["# results", "", "## Targets", "", "new table", "## Where the time goes\n\n- prose\n",
                 "## How to reproduce", "", "run it", ""]
    first = R.finish(generated, path)
    assert "old table" not in first and "new table" in first and "- prose" in first
    assert first.index(R.KEEP_MARKER) < first.index("## Optimizer step (issue 12)\n\nby hand")
    assert R.finish(generated, path) == first == path.read_text()
    path.write_text(first.replace("## How to reproduce", "## Added later\n\nalso by hand\n\n## How to reproduce"))
    third = R.finish(generated, path)
    assert third.count("by hand") == 2 and third.count("## Where the time goes") == 1
    assert third.index(R.KEEP_MARKER) < third.index("also by hand")
