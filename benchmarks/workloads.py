"""The benchmark workloads, written once per framework family.

ember and torch share one API, so every autograd workload here is written against a ``lib``
argument that is either the ``ember`` or the ``torch`` module.  The NumPy "floor" versions are
written by hand (forward and backward derived manually) and take no ``lib``.

Each ``make_*`` function does all set-up work (allocating data, copying weights) and returns a
zero-argument callable that performs exactly one timed iteration.  Timing is done by
:mod:`benchmarks.run` and :mod:`benchmarks._worker`; the one exception is the deep chain, which
times itself so that tearing down its million-node graph is not counted.
"""
from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass

import numpy as np

SEED = 0


# ---------------------------------------------------------------------------------------------
# 1. Small-op overhead: a long elementwise chain on a 4-element float64 tensor.
# ---------------------------------------------------------------------------------------------

SMALL_CHAIN_INPUT = (0.1, 0.2, 0.3, 0.4)


def _chain(y, n_ops: int, tanh):
    """Apply ``n_ops`` elementwise ops to ``y``, cycling ``*1.0001``, ``+0.0001``, ``tanh``."""
    for i in range(n_ops):
        k = i % 3
        if k == 0:
            y = y * 1.0001
        elif k == 1:
            y = y + 0.0001
        else:
            y = tanh(y)
    return y


def make_small_chain_fwd_bwd(lib, n_ops: int):
    """One iteration: build the chain from a leaf requiring grad, then ``y.sum().backward()``.

    Returns ``(step, leaf)``; ``step()`` returns the leaf's gradient as a NumPy array.
    """
    x = lib.tensor(SMALL_CHAIN_INPUT, dtype=lib.float64, requires_grad=True)

    def step():
        x.grad = None
        _chain(x, n_ops, lib.tanh).sum().backward()
        return x.grad

    return step


def make_small_chain_fwd_nograd(lib, n_ops: int):
    """One iteration: the same chain, forward only, under ``no_grad``; returns the output."""
    x = lib.tensor(SMALL_CHAIN_INPUT, dtype=lib.float64)

    def step():
        with lib.no_grad():
            return _chain(x, n_ops, lib.tanh)

    return step


def make_small_chain_fwd_numpy(n_ops: int):
    """The NumPy floor for the forward-only chain."""
    x = np.array(SMALL_CHAIN_INPUT, dtype=np.float64)

    def step():
        return _chain(x, n_ops, np.tanh)

    return step


def small_chain_grad_reference(n_ops: int) -> np.ndarray:
    """d(sum(chain(x)))/dx derived by hand in NumPy (used to check ember and torch)."""
    y = np.array(SMALL_CHAIN_INPUT, dtype=np.float64)
    grad = np.ones_like(y)
    for i in range(n_ops):
        k = i % 3
        if k == 0:
            y, grad = y * 1.0001, grad * 1.0001
        elif k == 1:
            y = y + 0.0001
        else:
            y = np.tanh(y)
            grad = grad * (1.0 - y * y)
    return grad


# ---------------------------------------------------------------------------------------------
# 2 and 6. MLP training step: 784-512-512-10, ReLU, float32, cross-entropy, plain SGD.
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MLPSpec:
    """Layer sizes, batch size and learning rate of the MLP training step."""

    sizes: tuple = (784, 512, 512, 10)
    batch: int = 256
    lr: float = 0.01


def mlp_init(spec: MLPSpec, seed: int = SEED):
    """Fixed-seed weights (torch.nn.Linear's uniform init), inputs and labels, as NumPy arrays.

    Returns ``(params, x, y)`` where ``params`` is ``[W1, b1, W2, b2, ...]`` with ``W`` of shape
    ``(out, in)`` (torch's ``linear`` convention), all float32; ``y`` holds int64 class labels.
    """
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in zip(spec.sizes[:-1], spec.sizes[1:]):
        bound = 1.0 / np.sqrt(fan_in)
        params.append(rng.uniform(-bound, bound, (fan_out, fan_in)).astype(np.float32))
        params.append(rng.uniform(-bound, bound, (fan_out,)).astype(np.float32))
    x = rng.standard_normal((spec.batch, spec.sizes[0])).astype(np.float32)
    y = rng.integers(0, spec.sizes[-1], spec.batch).astype(np.int64)
    return params, x, y


class MLPStep:
    """One SGD training step of the MLP on ember or torch (same code, ``lib`` picks which)."""

    def __init__(self, lib, spec: MLPSpec, seed: int = SEED):
        params, x, y = mlp_init(spec, seed)
        self.lib, self.lr = lib, spec.lr
        self.F = lib.nn.functional
        self.params = [lib.tensor(p, requires_grad=True) for p in params]
        self.x, self.y = lib.tensor(x), lib.tensor(y)

    def __call__(self):
        """Forward, cross-entropy, backward, SGD update written out; returns the loss tensor."""
        F, p = self.F, self.params
        h = self.x
        n_layers = len(p) // 2
        for i in range(n_layers):
            h = F.linear(h, p[2 * i], p[2 * i + 1])
            if i < n_layers - 1:
                h = F.relu(h)
        loss = F.cross_entropy(h, self.y)
        loss.backward()
        with self.lib.no_grad():
            for q in p:
                q -= self.lr * q.grad
                q.grad = None
        return loss

    def param_arrays(self):
        """The current parameters as NumPy arrays (for cross-checking frameworks)."""
        return [np.asarray(q.detach().numpy()) for q in self.params]


class NumpyMLPStep:
    """The hand-written NumPy floor: forward, softmax-CE backward, matmuls, ReLU masks, SGD."""

    def __init__(self, spec: MLPSpec, seed: int = SEED):
        self.params, self.x, self.y = mlp_init(spec, seed)
        self.lr = np.float32(spec.lr)
        self.rows = np.arange(spec.batch)

    def __call__(self):
        """One training step; returns the loss as a NumPy scalar."""
        p, x, y, rows = self.params, self.x, self.y, self.rows
        n_layers = len(p) // 2
        # forward, keeping each layer's input and the ReLU masks
        inputs, masks = [], []
        h = x
        for i in range(n_layers):
            inputs.append(h)
            z = h @ p[2 * i].T
            z += p[2 * i + 1]
            if i < n_layers - 1:
                mask = z > 0
                masks.append(mask)
                h = z * mask
            else:
                h = z
        # cross-entropy (mean over the batch) via a stable log-softmax
        logits = h - h.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        sum_exp = exp.sum(axis=1, keepdims=True)
        loss = np.mean(np.log(sum_exp[:, 0]) - logits[rows, y])
        # backward: dL/dlogits = (softmax - onehot) / batch
        g = exp / sum_exp
        g[rows, y] -= 1.0
        g /= np.float32(len(y))
        for i in reversed(range(n_layers)):
            grad_w = g.T @ inputs[i]
            grad_b = g.sum(axis=0)
            if i > 0:
                g = (g @ p[2 * i]) * masks[i - 1]
            p[2 * i] -= self.lr * grad_w
            p[2 * i + 1] -= self.lr * grad_b
        return loss

    def param_arrays(self):
        """The current parameters (for cross-checking frameworks)."""
        return [q.copy() for q in self.params]


# ---------------------------------------------------------------------------------------------
# 3. Deep chain: a million alternating ops on a 1-element tensor.
# ---------------------------------------------------------------------------------------------

def deep_chain_fwd_bwd(lib, n_ops: int):
    """Build ``n_ops`` alternating ``*1.0000001`` / ``+1e-7`` ops on a 1-element float64 leaf, backprop.

    Returns ``(seconds, grad)``: the forward+backward wall time (graph teardown, which happens
    when this function returns, is not included) and the leaf's gradient as a float.
    """
    seconds, _, grad = deep_chain_times(lib, n_ops)
    return seconds, grad


def deep_chain_times(lib, n_ops: int):
    """:func:`deep_chain_fwd_bwd` timed on both clocks: ``(wall seconds, CPU seconds, grad)``.

    CPU time is ``time.process_time()`` (all of this process's threads; run torch at 1 thread).
    """
    x = lib.tensor([1.0], dtype=lib.float64, requires_grad=True)
    c0, t0 = time.process_time(), time.perf_counter()
    y = x
    for i in range(n_ops):
        y = y * 1.0000001 if i % 2 == 0 else y + 1e-7
    y.backward()
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return seconds, cpu, float(x.grad[0])


def deep_chain_grad_reference(n_ops: int) -> float:
    """The deep chain's exact gradient: 1.0000001 ** (number of multiplications)."""
    return 1.0000001 ** ((n_ops + 1) // 2)


# ---------------------------------------------------------------------------------------------
# 4. Second order: Hessian-vector product of a small tanh MLP's MSE loss.
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class HVPSpec:
    """Sizes of the double-backward workload (float64 throughout)."""

    sizes: tuple = (32, 64, 1)
    batch: int = 64


def hvp_init(spec: HVPSpec, seed: int = SEED):
    """Fixed-seed float64 ``(params, vectors, x, y)`` as NumPy arrays."""
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in zip(spec.sizes[:-1], spec.sizes[1:]):
        params.append(rng.standard_normal((fan_out, fan_in)) / np.sqrt(fan_in))
        params.append(rng.standard_normal(fan_out) * 0.1)
    vectors = [rng.standard_normal(p.shape) for p in params]
    x = rng.standard_normal((spec.batch, spec.sizes[0]))
    y = rng.standard_normal((spec.batch, spec.sizes[-1]))
    return params, vectors, x, y


def make_hvp(lib, spec: HVPSpec, seed: int = SEED):
    """One iteration: loss, ``g = grad(loss, params, create_graph=True)``, then ``grad(g.v, params)``.

    The loss is ``F.mse_loss`` of a tanh MLP.  ``step()`` returns the HVP as NumPy arrays.
    """
    params, vectors, x, y = hvp_init(spec, seed)
    F = lib.nn.functional
    p = [lib.tensor(a, requires_grad=True) for a in params]
    v = [lib.tensor(a) for a in vectors]
    xt, yt = lib.tensor(x), lib.tensor(y)
    n_layers = len(p) // 2

    def step():
        h = xt
        for i in range(n_layers):
            h = F.linear(h, p[2 * i], p[2 * i + 1])
            if i < n_layers - 1:
                h = lib.tanh(h)
        loss = F.mse_loss(h, yt)
        g = lib.autograd.grad(loss, p, create_graph=True)
        dot = sum((gi * vi).sum() for gi, vi in zip(g, v))
        return lib.autograd.grad(dot, p)

    return step


def hvp_reference(spec: HVPSpec, eps: float = 1e-5) -> list[np.ndarray]:
    """The HVP by central finite differences of a hand-derived NumPy gradient (float64)."""
    params, vectors, x, y = hvp_init(spec)

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
# 7. Graph size: the small-op chain recorded (requires_grad, forward only) at 10^3..10^6 ops,
#    and the objects Python's cyclic collector tracks per recorded op.
# ---------------------------------------------------------------------------------------------

def record_chain_times(lib, n_ops: int):
    """Record the small-op chain (``*1.0001``, ``+0.0001``, ``tanh``) from a leaf requiring grad.

    Returns ``(wall seconds, CPU seconds, output as NumPy array)`` for the forward pass alone: the
    graph is torn down after the clocks stop.
    """
    x = lib.tensor(SMALL_CHAIN_INPUT, dtype=lib.float64, requires_grad=True)
    c0, t0 = time.process_time(), time.perf_counter()
    y = _chain(x, n_ops, lib.tanh)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return seconds, cpu, y.detach().numpy().copy()


def gc_objects_per_op(lib, n_ops: int) -> float:
    """Growth of ``len(gc.get_objects())`` per recorded op while a chain's graph is alive.

    Both counts follow two ``gc.collect()`` calls, so the figure is the objects each recorded op keeps
    alive that the cyclic collector tracks (and so walks on every full collection): CPython stops
    tracking a tuple of untracked items when a collection looks at it, one level of nesting per
    collection, so a node's ``((shape, dtype), ...)`` metadata is untracked by the second.
    """
    import gc
    x = lib.tensor(SMALL_CHAIN_INPUT, dtype=lib.float64, requires_grad=True)
    _chain(x, 100, lib.tanh)  # warm-up: lazy imports and caches are not per-op
    gc.collect()
    gc.collect()
    before = len(gc.get_objects())
    y = _chain(x, n_ops, lib.tanh)
    gc.collect()
    gc.collect()
    after = len(gc.get_objects())
    del y
    return (after - before) / n_ops


# ---------------------------------------------------------------------------------------------
# 8. A micrograd-style network: an MLP built from 0-d tensors, one SGD step written by hand.
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ScalarMLPSpec:
    """Layer sizes, data and learning rate of the 0-d network (micrograd's demo problem)."""

    sizes: tuple = (3, 16, 16, 1)
    xs: tuple = ((2.0, 3.0, -1.0), (3.0, -1.0, 0.5), (0.5, 1.0, 1.0), (1.0, 1.0, -1.0))
    ys: tuple = (1.0, -1.0, -1.0, 1.0)
    lr: float = 0.05


def scalar_mlp_init(spec: ScalarMLPSpec, seed: int = SEED):
    """Fixed-seed parameters as Python floats: per layer, ``(weights[out][in], biases[out])``."""
    rng = random.Random(seed)
    layers = []
    for fan_in, fan_out in zip(spec.sizes[:-1], spec.sizes[1:]):
        weights = [[rng.uniform(-1.0, 1.0) for _ in range(fan_in)] for _ in range(fan_out)]
        layers.append((weights, [rng.uniform(-1.0, 1.0) for _ in range(fan_out)]))
    return layers


def _scalar_mlp_loss(layers, spec: ScalarMLPSpec, const, tanh):
    """MSE over the samples of an MLP whose every value is a scalar (tanh hidden, linear out).

    Each neuron is ``b + sum(w_i * x_i)`` computed one product at a time; ``const`` turns a Python
    float into the framework's scalar and ``tanh`` is its tanh, so one body serves ember, torch and
    the pure-Python reference.
    """
    loss = None
    for xs, y in zip(spec.xs, spec.ys):
        h = [const(v) for v in xs]
        for li, (weights, biases) in enumerate(layers):
            out = []
            for w_row, b in zip(weights, biases):
                act = b
                for w, v in zip(w_row, h):
                    act = act + w * v
                out.append(tanh(act) if li < len(layers) - 1 else act)
            h = out
        err = (h[0] - const(y)) ** 2
        loss = err if loss is None else loss + err
    return loss / len(spec.ys)


def scalar_mlp_loss_reference(spec: ScalarMLPSpec, seed: int = SEED) -> float:
    """The 0-d network's initial loss in plain Python floats (``math.tanh``), without NumPy."""
    return _scalar_mlp_loss(scalar_mlp_init(spec, seed), spec, float, math.tanh)


class ScalarMLPStep:
    """One SGD step of the 0-d network on ember or torch: forward, ``backward()``, update by hand."""

    def __init__(self, lib, spec: ScalarMLPSpec = ScalarMLPSpec(), seed: int = SEED):
        self.lib, self.spec = lib, spec

        def scalar(v, grad=False):
            return lib.tensor(v, dtype=lib.float64, requires_grad=grad)

        self.layers = [([[scalar(w, True) for w in row] for row in weights], [scalar(b, True) for b in biases])
                       for weights, biases in scalar_mlp_init(spec, seed)]
        self.params = [p for weights, biases in self.layers for p in [*(w for row in weights for w in row),
                                                                      *biases]]
        self.scalar = scalar

    def __call__(self):
        """Loss (before the update) as a 0-d tensor; the parameters are updated in place."""
        loss = _scalar_mlp_loss(self.layers, self.spec, self.scalar, self.lib.tanh)
        loss.backward()
        lr = self.spec.lr
        with self.lib.no_grad():
            for p in self.params:
                p -= lr * p.grad
                p.grad = None
        return loss

    def param_values(self) -> list:
        """The current parameters as Python floats (for cross-checking frameworks)."""
        return [p.item() for p in self.params]
