"""Attention layers against torch 2.13 with copied weights: MultiheadAttention (masks, weights, kdim/vdim,
bias_kv, batch_first), the transformer layers and stacks (state_dicts load both ways), a 2-layer encoder
trained 10 SGD steps to torch's losses, and a GPT-style block (causal SDPA) forward and backward.
``scaled_dot_product_attention``'s own rows (values, gradients, gradcheck) are in op_table_nn2.py."""
from __future__ import annotations

import numpy as np
import pytest
from behave import ember, torch
from oracle import assert_close
from test_nn_layers import pair


def _inputs(shapes, dtype, seed=0):
    rng = np.random.default_rng(seed)
    arrays = [rng.standard_normal(s).astype(dtype) for s in shapes]
    return ([ember.from_numpy(a.copy()).requires_grad_() for a in arrays],
            [torch.from_numpy(a.copy()).requires_grad_() for a in arrays])


def _check(e_mod, t_mod, e_out, t_out, e_in, t_in, tol):
    assert_close(e_out, t_out, what="forward", **tol)
    go = np.random.default_rng(5).standard_normal(tuple(t_out.shape)).astype(str(t_out.dtype).split(".")[1])
    e_out.backward(ember.from_numpy(go.copy())), t_out.backward(torch.from_numpy(go.copy()))
    for i, (a, b) in enumerate(zip(e_in, t_in)):
        if b.grad is not None:
            assert_close(a.grad, b.grad, what=f"grad of input {i}", **tol)
    t_params = dict(t_mod.named_parameters())
    e_params = dict(e_mod.named_parameters())
    assert list(e_params) == list(t_params)
    for name, p in t_params.items():
        assert_close(e_params[name].grad, p.grad, what=f"grad of {name}", **tol)
    assert repr(e_mod) == repr(t_mod)


def _cast(mods, dtype):
    for mod in mods:
        mod.float() if dtype == "float32" else mod.double()


TOL = {"float32": {"rtol": 2e-4, "atol": 2e-5}, "float64": {}}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("kw,call", [
    ({}, {}),
    ({"batch_first": True}, {"need_weights": False}),
    ({}, {"average_attn_weights": False}),
    ({"bias": False}, {"attn_mask": "bool"}),
    ({"batch_first": True}, {"attn_mask": "float", "key_padding_mask": True}),
    ({"kdim": 3, "vdim": 2}, {}),
    ({"add_bias_kv": True}, {"key_padding_mask": True}),
    ({"add_zero_attn": True}, {"need_weights": False}),
    ({}, {"self": True, "need_weights": False}),
    ({"batch_first": True}, {"self": True, "attn_mask": "causal", "need_weights": False, "is_causal": True}),
], ids=["plain", "bf_noweights", "per_head", "nobias_boolmask", "bf_floatmask_kpm", "kvdim", "bias_kv",
        "zero_attn", "self", "causal"])
def test_multihead_attention(kw, call, dtype):
    e_mod, t_mod = pair(lambda m: m.nn.MultiheadAttention(8, 2, **kw))
    _cast((e_mod, t_mod), dtype)
    bf = kw.get("batch_first", False)
    n, lq, s = 2, 3, 4
    kd, vd = kw.get("kdim", 8), kw.get("vdim", 8)
    shapes = [(n, lq, 8), (n, s, kd), (n, s, vd)] if bf else [(lq, n, 8), (s, n, kd), (s, n, vd)]
    if call.get("self"):
        shapes = [shapes[0]]
        s = lq
    e_in, t_in = _inputs(shapes, dtype)
    args_e = e_in * 3 if call.get("self") else e_in
    args_t = t_in * 3 if call.get("self") else t_in
    ekw, tkw = {}, {}
    for k, v in call.items():
        if k == "self":
            continue
        if k == "attn_mask":
            if v == "bool":
                mk = np.random.default_rng(3).random((lq, s)) < 0.3
                mk[:, 0] = False
            elif v == "causal":
                mk = np.triu(np.ones((lq, s), dtype=bool), 1)
            else:
                mk = np.random.default_rng(3).standard_normal((lq, s)).astype(dtype)
            ekw[k], tkw[k] = ember.from_numpy(mk.copy()), torch.from_numpy(mk.copy())
        elif k == "key_padding_mask":
            mk = np.zeros((n, s), dtype=bool)
            mk[0, -1] = mk[1, 1] = True
            ekw[k], tkw[k] = ember.from_numpy(mk.copy()), torch.from_numpy(mk.copy())
        else:
            ekw[k] = tkw[k] = v
    (e_out, e_w), (t_out, t_w) = e_mod(*args_e, **ekw), t_mod(*args_t, **tkw)
    assert (e_w is None) == (t_w is None)
    if t_w is not None:
        assert_close(e_w, t_w, what="weights", **TOL[dtype])
    _check(e_mod, t_mod, e_out, t_out, e_in, t_in, TOL[dtype])


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("kw", [{}, {"norm_first": True, "activation": "gelu"}, {"batch_first": True},
                                {"activation": "callable", "bias": False}], ids=["post", "pre_gelu", "bf", "callable"])
def test_encoder_decoder_layers(kw, dtype):
    def build(m, cls):
        k = dict(kw)
        if k.get("activation") == "callable":
            k["activation"] = m.nn.functional.silu
        return getattr(m.nn, cls)(8, 2, dim_feedforward=16, dropout=0.0, **k)
    bf = kw.get("batch_first", False)
    for cls in ["TransformerEncoderLayer", "TransformerDecoderLayer"]:
        e_mod, t_mod = pair(lambda m: build(m, cls))
        _cast((e_mod, t_mod), dtype)
        shapes = [(2, 3, 8), (2, 4, 8)] if bf else [(3, 2, 8), (4, 2, 8)]
        e_in, t_in = _inputs(shapes if cls == "TransformerDecoderLayer" else shapes[:1], dtype)
        _check(e_mod, t_mod, e_mod(*e_in), t_mod(*t_in), e_in, t_in, TOL[dtype])


def test_transformer_full_and_state_dict_both_ways():
    e_mod, t_mod = pair(lambda m: m.nn.Transformer(8, 2, 2, 1, 16, dropout=0.0).double())
    e_in, t_in = _inputs([(4, 2, 8), (3, 2, 8)], "float64")
    e_mask = ember.nn.Transformer.generate_square_subsequent_mask(3, dtype=ember.float64)
    t_mask = torch.nn.Transformer.generate_square_subsequent_mask(3, dtype=torch.float64)
    assert_close(e_mask, t_mask)
    e_out, t_out = e_mod(*e_in, tgt_mask=e_mask), t_mod(*t_in, tgt_mask=t_mask)
    _check(e_mod, t_mod, e_out, t_out, e_in, t_in, {})
    back = torch.nn.Transformer(8, 2, 2, 1, 16, dropout=0.0).double()
    back.load_state_dict({k: torch.from_numpy(v.detach().numpy().copy()) for k, v in e_mod.state_dict().items()})
    assert_close(e_mod(*e_in, tgt_mask=e_mask), back(*t_in, tgt_mask=t_mask))


def test_encoder_trains_like_torch():
    """A 2-layer encoder, 10 SGD steps from the same weights (dropout 0): torch's losses to float32 rounding."""
    def build(m):
        layer = m.nn.TransformerEncoderLayer(16, 4, dim_feedforward=32, dropout=0.0, batch_first=True)
        return m.nn.Sequential(m.nn.Linear(5, 16), m.nn.TransformerEncoder(layer, 2), m.nn.Linear(16, 3))
    e_mod, t_mod = pair(build)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((4, 6, 5)).astype("float32")
    y = rng.integers(0, 3, (4 * 6,))
    losses = []
    for m, mod in ((ember, e_mod), (torch, t_mod)):
        opt = m.optim.SGD(mod.parameters(), lr=0.1, momentum=0.9)
        xs, ys = m.from_numpy(x.copy()), m.from_numpy(y.copy())
        out = []
        for _ in range(10):
            opt.zero_grad()
            loss = m.nn.functional.cross_entropy(mod(xs).reshape(-1, 3), ys)
            loss.backward()
            opt.step()
            out.append(loss.item())
        losses.append(out)
    np.testing.assert_allclose(losses[0], losses[1], rtol=1e-5, atol=1e-6)
    assert losses[1][-1] < losses[1][0]


class _Block:
    """A GPT block written once against a module ``m``: pre-norm, causal SDPA, a GELU MLP."""

    @staticmethod
    def build(m):
        class Block(m.nn.Module):
            def __init__(self):
                super().__init__()
                self.ln1, self.ln2 = m.nn.LayerNorm(16), m.nn.LayerNorm(16)
                self.qkv, self.proj = m.nn.Linear(16, 48), m.nn.Linear(16, 16)
                self.fc, self.out = m.nn.Linear(16, 64), m.nn.Linear(64, 16)

            def forward(self, x):
                b, t, c = x.shape
                q, k, v = self.qkv(self.ln1(x)).split(16, dim=2)
                q, k, v = (z.view(b, t, 4, 4).transpose(1, 2) for z in (q, k, v))
                y = m.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=True)
                x = x + self.proj(y.transpose(1, 2).contiguous().view(b, t, c))
                return x + self.out(m.nn.functional.gelu(self.fc(self.ln2(x))))
        return Block()


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_gpt_block(dtype):
    e_mod, t_mod = pair(_Block.build)
    _cast((e_mod, t_mod), dtype)
    e_in, t_in = _inputs([(2, 5, 16)], dtype)
    e_out, t_out = e_mod(*e_in), t_mod(*t_in)
    assert type(e_out.grad_fn).__name__ == type(t_out.grad_fn).__name__
    _check(e_mod, t_mod, e_out, t_out, e_in, t_in, TOL[dtype])


def test_mha_errors():
    out = []
    for m in (ember, torch):
        res = []
        for g in [lambda: m.nn.MultiheadAttention(8, 3), lambda: m.nn.MultiheadAttention(0, 2),
                  lambda: m.nn.functional.scaled_dot_product_attention(m.ones(1, 2, 2), m.ones(1, 2, 2),
                                                                       m.ones(1, 2, 2), attn_mask=m.ones(2, 2),
                                                                       is_causal=True)]:
            try:
                g()
                res.append("ok")
            except Exception as exc:  # noqa: BLE001
                res.append((type(exc).__name__, str(exc)))
        out.append(res)
    assert out[0] == out[1]
