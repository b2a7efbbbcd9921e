"""The engine under threads, memory after backward, and graphs with very wide nodes (issue 7's
"leaks, races, cliffs"), each checked against torch where torch defines the answer."""
from __future__ import annotations

import gc
import threading
import time
import weakref

import numpy as np
import pytest

import ember

torch = pytest.importorskip("torch")


def _threads(n: int, fn) -> None:
    """Run ``fn(i)`` in ``n`` threads started together; re-raise the first error."""
    errors: list = []
    start = threading.Barrier(n)

    def run(i):
        try:
            start.wait()
            fn(i)
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    ts = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    if errors:
        raise errors[0]


@pytest.mark.parametrize("grad_starts_as_none", [True, False])
def test_concurrent_backward_into_one_leaf_loses_nothing(grad_starts_as_none):
    """4 threads x 100 backward passes into one large leaf: every contribution lands (torch too)."""
    n_threads, passes, size = 4, 100, 50_000
    results = []
    for lib in (ember, torch):
        w = lib.zeros(size, dtype=lib.float64, requires_grad=True)
        if not grad_starts_as_none:
            w.grad = lib.zeros(size, dtype=lib.float64)
        c = lib.ones(size, dtype=lib.float64)

        def work(i, lib=lib, w=w, c=c):
            for _ in range(passes):
                (w * c).sum().backward()
        _threads(n_threads, work)
        results.append(np.asarray(w.grad.detach().numpy()))
    e, t = results
    np.testing.assert_array_equal(t, np.full(50_000, 400.0))
    np.testing.assert_array_equal(e, t)


def test_concurrent_backward_on_separate_leaves_matches_serial():
    """Each thread its own graph and leaf: the same gradients as one thread computing them."""
    def grad_of(i):
        x = ember.tensor(np.linspace(-1, 1, 7) * (i + 1), requires_grad=True)
        for _ in range(30):
            y = (x.sin() * x + (x * 2).exp()).sum()
            y.backward()
        return x.grad.numpy().copy()

    serial = [grad_of(i) for i in range(4)]
    got = [None] * 4

    def work(i):
        got[i] = grad_of(i)
    _threads(4, work)
    for a, b in zip(got, serial):
        np.testing.assert_array_equal(a, b)


def test_concurrent_backward_leaves_the_collector_as_it_was():
    """Passes overlapping in several threads turn the cyclic collector back on when the last ends
    (and leave it off if the user had turned it off)."""
    for user_enabled in (True, False):
        (gc.enable if user_enabled else gc.disable)()
        try:
            def work(i):
                x = ember.ones(200, requires_grad=True)
                for _ in range(50):
                    y = x
                    for _ in range(20):
                        y = y * 1.0001
                    y.sum().backward()
            _threads(4, work)
            assert gc.isenabled() is user_enabled
        finally:
            gc.enable()


def test_a_kept_loss_does_not_keep_the_activations():
    """After backward (no retain_graph) the graph's nodes hold no saved input: keeping ``loss``
    alive must not keep the intermediate tensors' memory."""
    w = ember.randn(64, 64, requires_grad=True)
    x = ember.randn(32, 64)
    h = (x @ w).tanh()
    h2 = h * h
    loss = h2.sum()
    refs = [weakref.ref(h), weakref.ref(h2)]
    del h, h2
    loss.backward()
    gc.collect()
    assert [r() for r in refs] == [None, None]
    node = loss.grad_fn
    seen = 0
    stack = [node]
    while stack:
        n = stack.pop()
        if n is None:
            continue
        seen += 1
        assert not n._saved_src and n._saved in (None, ())
        stack.extend(f for f, _ in n.next_functions)
    assert seen >= 4


def test_retain_graph_keeps_what_a_second_backward_needs():
    x = ember.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward(retain_graph=True)
    y.backward()
    np.testing.assert_array_equal(x.grad.numpy(), [4.0, 8.0])


def _backward_cpu_time(op: str, n: int) -> float:
    leaves = [ember.tensor(float(i), requires_grad=True) for i in range(n)]
    parts = leaves if op == "stack" else [t.reshape(1) for t in leaves]
    y = getattr(ember, op)(parts)
    loss = (y * ember.arange(n, dtype=ember.float32)).sum()
    t0 = time.process_time()
    loss.backward()
    elapsed = time.process_time() - t0
    assert [leaves[i].grad.item() for i in (0, 1, n - 1)] == [0.0, 1.0, float(n - 1)]
    return elapsed


@pytest.mark.parametrize("op", ["stack", "cat"])
def test_a_node_with_many_inputs_backpropagates_in_near_linear_time(op):
    """stack/cat of 0-d or 1-element leaves: backward grows about linearly with the number of
    inputs (it was quadratic: 100,000 leaves took minutes, torch 1.3 s). Compared as a ratio of CPU
    times in one process, so the machine's speed cancels: 4x the inputs may cost at most 8x the
    time (quadratic: 16x)."""
    small = min(_backward_cpu_time(op, 3_000) for _ in range(2))
    large = min(_backward_cpu_time(op, 12_000) for _ in range(2))
    assert large < 8 * small, f"{op}: 3,000 inputs {small:.3f} s, 12,000 inputs {large:.3f} s"


def _post_hook_view(lib):
    """What a node's post-hook sees: gradients reduced to each input's shape and cast to its dtype,
    and, for a custom Function, what backward returned for an input that needs no gradient."""
    seen = []
    x = lib.ones(3, 2, dtype=lib.float64, requires_grad=True)
    b = lib.ones(2, requires_grad=True)
    y = x * b
    y.grad_fn.register_hook(lambda gi, go: seen.append([(tuple(g.shape), str(g.dtype)) for g in gi]))
    y.sum().backward()

    class Pass(lib.autograd.Function):
        @staticmethod
        def forward(ctx, a, c):
            ctx.mark_non_differentiable(c)
            return a * 1, c * 1

        @staticmethod
        def backward(ctx, ga, gc):
            return ga * 2, lib.zeros_like(ga)

    a, c = Pass.apply(lib.ones(2, requires_grad=True), lib.ones(2))
    a.grad_fn.register_hook(lambda gi, go: seen.append([None if g is None else g.tolist() for g in gi]))
    (a * 3).sum().backward()
    return seen


def test_post_hooks_see_what_torch_shows():
    assert _post_hook_view(ember) == _post_hook_view(torch)


def test_dir_of_a_node_lists_its_saved_values_as_torch():
    def saved_names(lib):
        x = lib.ones(2, requires_grad=True)
        return [sorted(n for n in dir(fn) if n.startswith("_saved_"))
                for fn in ((x * x).exp().grad_fn, (x * 2).grad_fn, x.tanh().grad_fn, x.pow(3).grad_fn)]
    assert saved_names(ember) == saved_names(torch)
