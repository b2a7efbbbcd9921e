"""Deep graphs: a 1,000,000-op chain backpropagates without RecursionError and with the right gradient,
saved tensors are freed by backward, and the graph is released when its output is dropped.
"""
from __future__ import annotations

import gc
import math
import re
import sys
import time
import tracemalloc
import weakref

import numpy as np
import pytest

import ember

FREED_GRAPH_MESSAGE = (
      "Trying to backward through the graph a second time (or directly access saved tensors after they have "
      "already been freed). Saved intermediate values of the graph are freed when you call .backward() or "
      "autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if "
      "you need to access saved tensors after calling backward.")

A, B = 1.0000001, 1e-7


def _chain(x, pairs, probe_at=None):
    """pairs x (y = y*A; y = y + B); returns y and the grad_fn of the output of pair ``probe_at``."""
    y = x
    probe = None
    for i in range(pairs):
        y = y * A
        y = y + B
        if i == probe_at:
            probe = y.grad_fn
    return y, probe


def test_million_op_chain_backward_and_release():
    start = time.perf_counter()
    pairs = 500_000  # 1,000,000 ops
    x = ember.tensor([1.0], dtype=ember.float64, requires_grad=True)
    y, probe = _chain(x, pairs, probe_at=1000)
    assert type(probe).__name__ == "AddBackward0"
    mul = probe.next_functions[0][0]
    assert type(mul).__name__ == "MulBackward0"
    probe_ref, mul_ref = weakref.ref(probe), weakref.ref(mul)
    del probe, mul
    # forward value: y_{n+1} = A*y_n + B  ->  y_n = A^n (y_0 + B/(A-1)) - B/(A-1)
    c = B / (A - 1)
    expected_y = A ** pairs * (1.0 + c) - c
    np.testing.assert_allclose(y.item(), expected_y, rtol=1e-9)
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(200, len_frames() + 100))  # any recursion per node would blow this
    try:
        y.backward()
    finally:
        sys.setrecursionlimit(old)
    np.testing.assert_allclose(x.grad.item(), A ** pairs, rtol=1e-9)
    assert x.grad.dtype == ember.float64 and x.grad.shape == (1,)
    # the graph stays alive while y does, but its saved tensors were freed by backward
    node = mul_ref()
    assert node is not None
    with pytest.raises(RuntimeError) as info:
        node._saved_other  # noqa: B018
    assert str(info.value).startswith(FREED_GRAPH_MESSAGE)
    with pytest.raises(RuntimeError) as info:
        y.backward()
    assert str(info.value).startswith(FREED_GRAPH_MESSAGE)
    del node, info  # the traceback's frames would keep engine locals alive
    del y
    assert probe_ref() is None and mul_ref() is None, "graph still alive after del of the output (no gc needed)"
    assert x.grad is not None and x.is_leaf
    assert time.perf_counter() - start < 60


def len_frames() -> int:
    f, n = sys._getframe(), 0
    while f is not None:
        f, n = f.f_back, n + 1
    return n


def test_deep_chain_memory_returns_to_baseline():
    x = ember.tensor([1.0], dtype=ember.float64, requires_grad=True)
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        y, _ = _chain(x, 20_000)
        built = tracemalloc.get_traced_memory()[0] - base
        y.backward()
        del y
        after = tracemalloc.get_traced_memory()[0] - base
        gc.collect()
        after_gc = tracemalloc.get_traced_memory()[0] - base
    finally:
        tracemalloc.stop()
    assert built > 2_000_000, built  # 40k nodes really were allocated
    # freed without needing the cycle collector; x.grad and a few caches may remain
    assert after < built * 0.02, (built, after)
    assert after_gc < built * 0.02, (built, after_gc)


def test_deep_chain_freed_without_backward():
    x = ember.tensor([1.0], dtype=ember.float64, requires_grad=True)
    y, probe = _chain(x, 100_000, probe_at=10)
    ref = weakref.ref(probe)
    del probe
    del y
    assert ref() is None


def test_deep_autograd_grad_and_retain_graph():
    x = ember.tensor([2.0], dtype=ember.float64, requires_grad=True)
    y, _ = _chain(x, 50_000)
    g1, = ember.autograd.grad(y, x, retain_graph=True)
    g2, = ember.autograd.grad(y, x)
    np.testing.assert_allclose(g1.item(), A ** 50_000, rtol=1e-9)
    assert g1.item() == g2.item()
    with pytest.raises(RuntimeError, match=re.escape(FREED_GRAPH_MESSAGE[:60])):
        ember.autograd.grad(y, x)
    assert x.grad is None


def test_wide_fan_in_accumulates():
    x = ember.tensor([1.0, 2.0], requires_grad=True)
    total = x * 0
    for k in range(2000):
        total = total + x * float(k % 7)
    total.sum().backward()
    expected = sum(k % 7 for k in range(2000))
    assert x.grad.tolist() == [float(expected)] * 2


def test_saved_tensors_freed_after_backward_oracle():
    torch = pytest.importorskip("torch")
    out = {}
    for T in (ember, torch):
        x = T.tensor([1.0, 2.0], dtype=T.float64, requires_grad=True)
        w = T.tensor([3.0, 4.0], dtype=T.float64, requires_grad=True)
        m = x * w
        e = m.exp()
        node_m, node_e = m.grad_fn, e.grad_fn
        before = (node_m._saved_self is x, node_m._saved_other is w, node_e._saved_result.tolist())
        e.sum().backward()
        errs = []
        for get in (lambda: node_m._saved_self, lambda: node_m._saved_other, lambda: node_e._saved_result):
            try:
                get()
                errs.append(None)
            except RuntimeError as exc:
                errs.append(str(exc).startswith(FREED_GRAPH_MESSAGE))
        out[T.__name__] = (before, errs, x.grad.tolist(), w.grad.tolist())
    assert out["ember"] == out["torch"]
    assert out["torch"][1] == [True, True, True]


def test_saved_scalar_operand_is_wrapped_tensor():
    torch = pytest.importorskip("torch")
    reprs = []
    for T in (ember, torch):
        x = T.tensor([1.0], requires_grad=True)
        reprs.append(repr((x * 1.5).grad_fn._saved_other))
    assert reprs[0] == reprs[1], reprs


def test_math_sanity():
    assert math.isclose(A ** 500_000, 1.0512710937785366, rel_tol=1e-12)
