"""What a recorded graph leaves for Python's cyclic collector to walk (issue 8: at most one tracked
object per recorded op, so full collections during a large forward pass cost as little as they can).
Counts, not timings: deterministic, like benchmarks/run.py's workload 7 figure."""
import gc

import pytest

import ember


def _chain(x, n, step):
    y = x
    for i in range(n):
        y = step(y, i)
    return y


STEPS = {
    "mul": lambda y, i: y * 1.0001,
    "add": lambda y, i: y + 0.0001,
    "tanh": lambda y, i: ember.tanh(y),          # saves its output: its version counter stays in the node
    "sigmoid": lambda y, i: y.sigmoid(),
    "exp": lambda y, i: (y * 0.001).exp(),
    "small chain": lambda y, i: (y * 1.0001, y + 0.0001, ember.tanh(y))[i % 3],
}


def _settle():
    # CPython stops tracking a tuple of untracked items when a collection looks at it, one level of
    # nesting per collection: a node's input metadata ((shape, dtype), ...) is untracked by the second
    gc.collect()
    gc.collect()


@pytest.mark.parametrize("name", sorted(STEPS))
def test_at_most_one_tracked_object_per_recorded_op(name):
    x = ember.tensor([0.1, 0.2, 0.3, 0.4], dtype=ember.float64, requires_grad=True)
    step = STEPS[name]
    _chain(x, 50, step)                         # warm-up: caches, lazy imports
    counts, graphs = [], []
    for n in (1500, 4500):          # the difference of two sizes: what is per op, not what is once
        _settle()
        before = len(gc.get_objects())
        graphs.append(_chain(x, n, step))
        _settle()
        counts.append(len(gc.get_objects()) - before)
    per_op = (counts[1] - counts[0]) / (3000 * (2 if name == "exp" else 1))
    assert per_op <= 1.01, per_op
    y = graphs.pop()
    y.sum().backward()                          # the graph still backpropagates, and frees what it held
    assert x.grad is not None and bool(ember.isfinite(x.grad).all())


def test_a_saved_output_detects_in_place_modification_as_before():
    x = ember.tensor([0.5, 1.5], requires_grad=True)
    y = x.tanh()
    assert not gc.is_tracked(y.grad_fn._saved_src)       # the version counter the node keeps
    view = y[:1]
    view.mul_(2)                                          # a view shares the counter with its base
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()
    assert y._version == 1 and view._version == 1
