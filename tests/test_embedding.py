"""Embedding against torch 2.13: lookups and gradients (repeated indices, padding_idx, scale_grad_by_freq),
max_norm's in-place renormalisation, from_pretrained / freeze, reprs and errors. Gradcheck rows are in
op_table_nn2.py."""
from __future__ import annotations

import numpy as np
import pytest
from behave import ember, same, torch
from oracle import assert_close
from test_nn_layers import pair

IDX = [[1, 2, 2, 0], [3, 1, 1, 1]]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("kw", [{}, {"padding_idx": 1}, {"padding_idx": -2}, {"scale_grad_by_freq": True},
                                {"padding_idx": 2, "scale_grad_by_freq": True}, {"max_norm": 1.0},
                                {"max_norm": 0.5, "norm_type": 1.0}],
                         ids=["plain", "pad", "pad_neg", "freq", "pad_freq", "max_norm", "max_norm_l1"])
@pytest.mark.parametrize("idx_dtype", ["int64", "int32"])
def test_embedding_module(kw, dtype, idx_dtype):
    e_mod, t_mod = pair(lambda m: m.nn.Embedding(5, 3, **kw))
    if dtype == "float64":
        e_mod.double(), t_mod.double()
    assert repr(e_mod) == repr(t_mod)
    idx = np.array(IDX, dtype=idx_dtype)
    e_y, t_y = e_mod(ember.from_numpy(idx.copy())), t_mod(torch.from_numpy(idx.copy()))
    assert_close(e_y, t_y)
    assert type(e_y.grad_fn).__name__ == type(t_y.grad_fn).__name__ == "EmbeddingBackward0"
    assert_close(e_mod.weight, t_mod.weight, what="weight after max_norm")
    go = np.random.default_rng(1).standard_normal(tuple(t_y.shape)).astype(dtype)
    e_y.backward(ember.from_numpy(go.copy())), t_y.backward(torch.from_numpy(go.copy()))
    assert_close(e_mod.weight.grad, t_mod.weight.grad)


def test_padding_row_starts_at_zero_and_from_pretrained():
    def f(m):
        m.manual_seed(0)
        e = m.nn.Embedding(4, 2, padding_idx=3)
        w = m.tensor([[1.0, 2.0], [3.0, 4.0]])
        frozen = m.nn.Embedding.from_pretrained(w)
        free = m.nn.Embedding.from_pretrained(w, freeze=False, padding_idx=0)
        out = free(m.tensor([0, 1, 0]))
        out.sum().backward()
        return [e.weight[3].tolist(), frozen.weight.requires_grad, free.weight.requires_grad,
                frozen(m.tensor([1])).tolist(), free.weight.grad.tolist(), repr(frozen), repr(free),
                list(free.state_dict())]
    same(f)


def test_embedding_second_order():
    w = ember.randn(4, 3, dtype=ember.float64, requires_grad=True)
    i = ember.tensor([[0, 2], [2, 3]])
    assert ember.autograd.gradgradcheck(lambda w: ember.nn.functional.embedding(i, w, padding_idx=3), (w,))


def test_embedding_errors():
    def f(m):
        w = m.ones(3, 2)
        out = []
        for g in [lambda: m.nn.functional.embedding(m.tensor([3]), w),
                  lambda: m.nn.functional.embedding(m.tensor([-1]), w),
                  lambda: m.nn.functional.embedding(m.tensor([1.0]), w),
                  lambda: m.nn.functional.embedding(m.tensor([1], dtype=m.int16), w),
                  lambda: m.nn.Embedding(3, 2, padding_idx=3),
                  lambda: m.nn.Embedding(3, 2, padding_idx=-4)]:
            try:
                g()
                out.append("ok")
            except Exception as exc:  # noqa: BLE001
                out.append((type(exc).__name__, str(exc)))
        return out
    same(f)
