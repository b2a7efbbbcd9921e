"""Issue 14's graph and speed paths against torch 2.13: ``F.linear``'s weight edge through ``TBackward0``
(2-D, N-D, 1-D inputs, with and without bias), the batch-first RNN/GRU output's in-place
``TransposeBackward1``, and cross-entropy's fast paths (log_softmax in blocks of rows, nll_loss's sparse
gradient handed to the log_softmax it feeds), each also where the fast path must step aside: hooks,
a log-probability used twice, a retained graph, create_graph."""
from __future__ import annotations

import numpy as np
import pytest
from behave import ember, same  # skips without torch

F_SHAPES = [(2, 4), (5, 2, 4), (4,), (2, 3, 5, 4)]


def chain(fn, depth: int = 4) -> list:
    """The graph below ``fn``, depth first: (depth, node name, output_nr) for every edge, None edges too."""
    out = []

    def walk(node, nr, d):
        if node is None:
            out.append((d, None, nr))
            return
        out.append((d, node.name(), nr))
        if d < depth:
            for nxt, i in node.next_functions:
                walk(nxt, i, d + 1)
    walk(fn, 0, 0)
    return out


def _rng_tensors(lib, shapes, dtype, seed=0):
    rng = np.random.default_rng(seed)
    return [lib.tensor(rng.standard_normal(s).astype(dtype), requires_grad=True) for s in shapes]


# ---------------------------------------------------------------- F.linear's graph
@pytest.mark.parametrize("shape", F_SHAPES)
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("w1d", [False, True])
def test_linear_graph_values_and_grads_match_torch(shape, bias, w1d):
    def fn(lib):
        w_shape = (4,) if w1d else (3, 4)
        b_shape = () if w1d else (3,)
        x, w, b = _rng_tensors(lib, [shape, w_shape, b_shape], np.float64)
        y = lib.nn.functional.linear(x, w, b if bias else None)
        y.sum().backward()
        return chain(y.grad_fn), y, x.grad, w.grad, (b.grad if bias else None), w.grad.stride(), \
            w.grad.is_contiguous()
    same(fn, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_linear_module_weight_grad_layout_and_repeat_backward(dtype):
    """nn.Linear's weight goes through TBackward0; its .grad is C-contiguous and accumulates across a retained
    second backward as torch's (the first backward's gradient is handed on without a copy)."""
    def fn(lib):
        lib.manual_seed(0)
        m = lib.nn.Linear(6, 3).to(lib.float32 if dtype == np.float32 else lib.float64)
        x = lib.tensor(np.random.default_rng(1).standard_normal((5, 6)).astype(dtype))
        with lib.no_grad():
            m.weight.copy_(lib.tensor(np.random.default_rng(2).standard_normal((3, 6)).astype(dtype)))
        y = (m(x) ** 2).sum()
        y.backward(retain_graph=True)
        first = m.weight.grad.clone()
        y.backward()
        return (chain(y.grad_fn, 3), first, m.weight.grad, m.bias.grad, m.weight.grad.stride(),
                m.weight.grad.is_contiguous())
    same(fn, rtol=1e-5, atol=1e-5)


def test_linear_double_backward_matches_torch():
    def fn(lib):
        x, w, b = _rng_tensors(lib, [(3, 4), (2, 4), (2,)], np.float64, seed=3)
        y = lib.tanh(lib.nn.functional.linear(x, w, b)).sum()
        gx, gw = lib.autograd.grad(y, (x, w), create_graph=True)
        (gx.sum() + (gw ** 2).sum()).backward()
        return gx, gw, x.grad, w.grad, b.grad, chain(gw.grad_fn, 2)
    same(fn, rtol=1e-10, atol=1e-12)


def test_linear_gradcheck_and_gradgradcheck():
    x, w, b = _rng_tensors(ember, [(3, 4), (2, 4), (2,)], np.float64, seed=4)
    f = ember.nn.functional.linear
    assert ember.autograd.gradcheck(f, (x, w, b))
    assert ember.autograd.gradgradcheck(f, (x, w, b))


def test_linear_weight_modified_in_place_after_forward_raises_torchs_error():
    def fn(lib):
        x, w, b = _rng_tensors(lib, [(3, 4), (2, 4), (2,)], np.float32, seed=5)
        x = x.detach().requires_grad_()
        y = lib.nn.functional.linear(x, w, b).sum()
        with lib.no_grad():
            w.mul_(2)
        y.backward()
    same(fn, msg_upto="expected version 0 instead.")      # ember then says where the in-place op ran


def test_linear_saved_mat2_is_the_transposed_weight():
    def fn(lib):
        x, w, b = _rng_tensors(lib, [(3, 4), (2, 4), (2,)], np.float32, seed=6)
        y = lib.nn.functional.linear(x, w, b)
        m2 = y.grad_fn._saved_mat2
        return m2, tuple(m2.shape), m2.stride()
    same(fn)


def test_linear_node_hook_on_the_t_node_sees_torchs_gradient():
    def fn(lib):
        x, w, b = _rng_tensors(lib, [(3, 4), (2, 4), (2,)], np.float32, seed=7)
        y = lib.nn.functional.linear(x, w, b)
        t_node = y.grad_fn.next_functions[2][0]
        seen = []
        t_node.register_prehook(lambda gs: seen.append(gs[0].clone()))
        (y * 3).sum().backward()
        return seen, w.grad, w.grad.stride()
    same(fn)


# ---------------------------------------------------------------- batch-first recurrent layers
@pytest.mark.parametrize("mode", ["RNN", "GRU", "LSTM"])
@pytest.mark.parametrize("layers_bi", [(1, False), (2, True)])
@pytest.mark.parametrize("batched", [True, False])
def test_batch_first_recurrent_graph_matches_torch(mode, layers_bi, batched):
    layers, bi = layers_bi

    def fn(lib):
        lib.manual_seed(0)
        m = getattr(lib.nn, mode)(3, 4, num_layers=layers, bidirectional=bi, batch_first=True).double()
        x = lib.tensor(np.random.default_rng(0).standard_normal((2, 5, 3) if batched else (5, 3)),
                       requires_grad=True)
        out, _ = m(x)
        out.sum().backward()
        return chain(out.grad_fn, 2), out, out.stride(), x.grad
    same(fn, rtol=1e-10, atol=1e-12)


# ---------------------------------------------------------------- cross-entropy's fast paths
BIG = (600, 500)      # 300,000 elements: over log_softmax's block size, so the blocked path runs


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("shape", [BIG, (7, 5)])
def test_cross_entropy_matches_torch(dtype, reduction, shape):
    rng = np.random.default_rng(0)
    x = (rng.standard_normal(shape) * 3).astype(dtype)
    y = rng.integers(0, shape[1], size=shape[0])
    y[::7] = -100          # ignored rows: their gradient is +0.0, as torch's
    gout = rng.standard_normal(shape[0]).astype(dtype)

    def fn(lib):
        logits = lib.tensor(x, requires_grad=True)
        loss = lib.nn.functional.cross_entropy(logits, lib.tensor(y), reduction=reduction)
        (loss * lib.tensor(gout) if reduction == "none" else loss).sum().backward()
        return loss, logits.grad, np.signbit(logits.grad.numpy()[::7]).any(), chain(loss.grad_fn, 2)
    tol = 1e-5 if dtype == np.float32 else 1e-12
    same(fn, rtol=tol, atol=tol * 1e-2)


@pytest.mark.parametrize("shape", [BIG, (7, 5)])
def test_cross_entropy_with_weight_and_twice_used_log_probs(shape):
    rng = np.random.default_rng(1)
    x = rng.standard_normal(shape).astype(np.float32)
    y = rng.integers(0, shape[1], size=shape[0])
    w = rng.uniform(0.5, 2, size=shape[1]).astype(np.float32)

    def fn(lib):
        logits = lib.tensor(x, requires_grad=True)
        logp = lib.nn.functional.log_softmax(logits, 1)
        loss = lib.nn.functional.nll_loss(logp, lib.tensor(y), weight=lib.tensor(w)) + logp.exp().mean() * 0.5
        loss.backward()
        return loss, logits.grad
    same(fn, rtol=1e-5, atol=1e-9)


@pytest.mark.parametrize("shape", [BIG, (7, 5)])
def test_cross_entropy_prehook_on_log_softmax_node_replaces_its_gradient(shape):
    rng = np.random.default_rng(2)
    x = rng.standard_normal(shape).astype(np.float32)
    y = rng.integers(0, shape[1], size=shape[0])

    def fn(lib):
        logits = lib.tensor(x, requires_grad=True)
        loss = lib.nn.functional.cross_entropy(logits, lib.tensor(y))
        node = loss.grad_fn.next_functions[0][0]
        node.register_prehook(lambda gs: (gs[0] * 2 + 1,))
        loss.backward()
        return node.name(), logits.grad
    same(fn, rtol=1e-5, atol=1e-6)      # float32: g - softmax * sum(g) cancels (sum(g) ~ N)


@pytest.mark.parametrize("shape", [BIG, (7, 5)])
def test_cross_entropy_retained_and_create_graph_backward(shape):
    rng = np.random.default_rng(3)
    x = rng.standard_normal(shape)
    y = rng.integers(0, shape[1], size=shape[0])

    def fn(lib):
        logits = lib.tensor(x, requires_grad=True)
        loss = lib.nn.functional.cross_entropy(logits, lib.tensor(y))
        loss.backward(retain_graph=True)
        first = logits.grad.clone()
        loss.backward(retain_graph=True)
        (g,) = lib.autograd.grad(loss, logits, create_graph=True)
        (g ** 2).sum().backward()
        return first, logits.grad, g.detach()     # (g's grad_fn: ember composes LogSoftmaxBackwardData)
    same(fn, rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("grad", [False, True])
def test_log_softmax_blocked_path_last_dim_of_3d(dtype, grad):
    rng = np.random.default_rng(4)
    x = (rng.standard_normal((30, 40, 300)) * 4).astype(dtype)
    x[0, 0, :5] = np.inf        # an inf row: NaN, silent, as torch
    gout = rng.standard_normal(x.shape).astype(dtype)

    def fn(lib):
        t = lib.tensor(x, requires_grad=grad)
        if not grad:
            with lib.no_grad():
                return lib.log_softmax(t, -1)
        r = lib.log_softmax(t, -1)
        r.backward(lib.tensor(gout))
        return r, t.grad
    tol = 1e-5 if dtype == np.float32 else 1e-12
    same(fn, rtol=tol, atol=tol)


def test_blocked_log_softmax_equals_the_unblocked_formula_bit_for_bit():
    """The blocks reduce each row as one NumPy call over the whole array would: the same bits."""
    from ember.ops import nn as ops_nn
    x = np.random.default_rng(5).standard_normal((700, 450)).astype(np.float32)
    r = x - x.max(axis=1, keepdims=True)
    e = np.exp(r)
    total = e.sum(axis=1, keepdims=True)
    r -= np.log(total)
    got_r, got_e, got_total = ops_nn._log_softmax_rows(x, True)
    np.testing.assert_array_equal(got_r, r)
    np.testing.assert_array_equal(got_e, e)
    np.testing.assert_array_equal(got_total, total)
    assert got_r.base is None and got_e.base is None     # owned: the backward's result becomes .grad as is
    np.testing.assert_array_equal(ops_nn._log_softmax_rows(x, False)[0], r)
