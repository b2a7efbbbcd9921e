"""The recurrent layers' graphs as torch 2.13's CPU records them, and the fused LSTM layer.

torch's float32 LSTM without projections (unpacked input) runs oneDNN: one ``MkldnnRnnLayerBackward0`` per
layer and direction; every other case (GRU, RNN, float64, ``proj_size``, packed sequences) records each step's
ops. Both are checked node by node against torch (the whole graph, edges and output numbers included), with
values and every gradient (float32 to 1e-5, float64 to 1e-10); ``ember.mkldnn_rnn_layer`` directly against
``torch.mkldnn_rnn_layer`` (first and second order); ember's kernel gradchecked in float64 (torch's takes
float32 only); packing's node; torch's errors.
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from behave import Err, catch, ember, record_warnings, torch  # skips without torch
from oracle import assert_close

from ember.ops.rnn import lstm_layer


def graph(*roots):
    """The graph under ``roots`` as a list: nodes numbered in breadth-first order following
    ``next_functions``, each with its name and its edges (``#node:output_nr``, ``leaf`` or ``None``)."""
    ids: dict = {}
    order = []
    for r in roots:
        if r is not None and id(r) not in ids:
            ids[id(r)] = len(ids)
            order.append(r)
    rows = []
    i = 0
    while i < len(order):
        fn = order[i]
        i += 1
        edges = []
        for n, nr in fn.next_functions:
            if n is None:
                edges.append("None")
            elif type(n).__name__ == "AccumulateGrad":
                edges.append("leaf")
            else:
                if id(n) not in ids:
                    ids[id(n)] = len(ids)
                    order.append(n)
                edges.append(f"#{ids[id(n)]}:{nr}")
        rows.append((type(fn).__name__, tuple(edges)))
    return rows


def states(h):
    return h if isinstance(h, tuple) else (h,)


def run_module(lib, kind, kw, x, dtype, hx=None):
    """Build the module from seed 0 (torch's weights: ember's stream is torch's) and run it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lib.manual_seed(0)
        m = getattr(lib.nn, kind)(3, 4, **kw)
    if dtype == "float64":
        m = m.double()
    xt = lib.from_numpy(x.copy()).requires_grad_()
    hs = None if hx is None else [lib.from_numpy(h.copy()).requires_grad_() for h in hx]
    lib.manual_seed(7)      # the dropout masks
    out, hidden = m(xt, None if hs is None else (tuple(hs) if kind == "LSTM" else hs[0]))
    return m, xt, hs, out, states(hidden)


def loss_of(out, hidden):
    total = (out * out).sum()
    for i, s in enumerate(hidden):
        total = total + (s * (i + 2.0)).tanh().sum()
    return total


TOLS = {"float32": (1e-5, 1e-5), "float64": (1e-10, 1e-10)}

CONFIGS = [
    ("LSTM", {}), ("LSTM", {"bias": False}), ("LSTM", {"num_layers": 2, "bidirectional": True, "dropout": 0.3}),
    ("LSTM", {"batch_first": True}), ("LSTM", {"num_layers": 2}), ("LSTM", {"proj_size": 2}),
    ("LSTM", {"proj_size": 2, "bidirectional": True}),
    ("GRU", {}), ("GRU", {"bias": False}), ("GRU", {"batch_first": True}),
    ("GRU", {"num_layers": 2, "bidirectional": True, "dropout": 0.5}),
    ("RNN", {}), ("RNN", {"nonlinearity": "relu"}), ("RNN", {"bias": False}), ("RNN", {"batch_first": True}),
    ("RNN", {"num_layers": 2, "bidirectional": True}),
]


def config_id(c):
    kind, kw = c
    return kind + "".join(f"-{k}={v}" for k, v in kw.items())


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("with_hx", [False, True], ids=["no_hx", "hx"])
@pytest.mark.parametrize("config", CONFIGS, ids=config_id)
def test_module_graph_values_and_grads_match_torch(config, with_hx, dtype):
    kind, kw = config
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 5, 3) if kw.get("batch_first") else (5, 2, 3)).astype(dtype)
    hx = None
    if with_hx:
        d = (2 if kw.get("bidirectional") else 1) * kw.get("num_layers", 1)
        hx = [rng.standard_normal((d, 2, kw.get("proj_size") or 4)).astype(dtype)]
        if kind == "LSTM":
            hx.append(rng.standard_normal((d, 2, 4)).astype(dtype))
    e, t = run_module(ember, kind, kw, x, dtype, hx), run_module(torch, kind, kw, x, dtype, hx)
    (_, xe, he, oe, se), (_, xt, ht, ot, st) = e, t
    ge, gt = graph(oe.grad_fn, *(s.grad_fn for s in se)), graph(ot.grad_fn, *(s.grad_fn for s in st))
    assert ge == gt     # batch-first RNN/GRU too: the output turned round in place (TransposeBackward1), as torch
    fused = kind == "LSTM" and dtype == "float32" and not kw.get("proj_size")
    assert ("MkldnnRnnLayerBackward0" in [name for name, _ in ge]) == fused
    rtol, atol = TOLS[dtype]
    assert_close(oe, ot, rtol, atol, what="output")
    for a, b in zip(se, st):
        assert_close(a, b, rtol, atol, what="final state")
    loss_of(oe, se).backward()
    loss_of(ot, st).backward()
    assert_close(xe.grad, xt.grad, rtol, atol, what="grad of input")
    for a, b in zip(he or [], ht or []):
        assert_close(a.grad, b.grad, rtol, atol, what="grad of an initial state")
    for (name, a), (_, b) in zip(e[0].named_parameters(), t[0].named_parameters()):
        assert_close(a.grad, b.grad, rtol, atol, what=f"grad of {name}")


def test_the_fused_node_is_torchs_where_torch_fuses():
    """The cases the graph test covers that take torch's oneDNN path do record the fused node, one per layer
    and direction, and the others do not."""
    x = np.random.default_rng(1).standard_normal((4, 2, 3))
    for kind, kw, dtype, fused in [("LSTM", {"num_layers": 2, "bidirectional": True}, "float32", 4),
                                   ("LSTM", {}, "float64", 0), ("LSTM", {"proj_size": 2}, "float32", 0),
                                   ("GRU", {}, "float32", 0), ("RNN", {}, "float32", 0)]:
        for lib in (ember, torch):
            out = run_module(lib, kind, kw, x.astype(dtype), dtype)[3]
            names = [name for name, _ in graph(out.grad_fn)]
            assert names.count("MkldnnRnnLayerBackward0") == fused, (lib.__name__, kind, kw, dtype)


@pytest.mark.parametrize("kind", ["LSTM", "GRU", "RNN"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_packed_and_unbatched_graphs_match_torch(kind, dtype, bidirectional):
    rng = np.random.default_rng(2)
    seqs = [rng.standard_normal((n, 3)).astype(dtype) for n in (2, 4, 1, 2)]
    d = 2 if bidirectional else 1
    h0 = [rng.standard_normal((d, 4, 4)).astype(dtype) for _ in range(2)]
    unbatched = rng.standard_normal((5, 3)).astype(dtype)
    seen = []
    for lib in (ember, torch):
        lib.manual_seed(0)
        m = getattr(lib.nn, kind)(3, 4, bidirectional=bidirectional)
        if dtype == "float64":
            m = m.double()
        xs = [lib.from_numpy(s.copy()).requires_grad_() for s in seqs]
        hs = [lib.from_numpy(h.copy()).requires_grad_() for h in h0[:2 if kind == "LSTM" else 1]]
        packed = lib.nn.utils.rnn.pack_sequence(xs, enforce_sorted=False)
        out, hidden = m(packed, tuple(hs) if kind == "LSTM" else hs[0])
        padded, _ = lib.nn.utils.rnn.pad_packed_sequence(out, batch_first=True)
        loss_of(padded, states(hidden)).backward()
        uo, uh = m(lib.from_numpy(unbatched.copy()).requires_grad_())
        seen.append((graph(out.data.grad_fn, *(s.grad_fn for s in states(hidden))), graph(padded.grad_fn),
                     graph(uo.grad_fn, *(s.grad_fn for s in states(uh))), padded, states(hidden), xs + hs, uo))
    (ge, pe, ue, oe, se, le, uoe), (gt, pt, ut, ot, st, lt, uot) = seen
    assert ge == gt and pe == pt and ue == ut
    rtol, atol = TOLS[dtype]
    assert_close(oe, ot, rtol, atol, what="padded output")
    assert_close(uoe, uot, rtol, atol, what="unbatched output")
    for a, b in zip(se, st):
        assert_close(a, b, rtol, atol, what="final state")
    for a, b in zip(le, lt):
        assert_close(a.grad, b.grad, rtol, atol, what="gradient")


@pytest.mark.parametrize("kind", ["RNNCell", "LSTMCell", "GRUCell"])
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_cell_graphs_match_torch(kind, bias, dtype):
    rng = np.random.default_rng(3)
    x, h = rng.standard_normal((2, 3)).astype(dtype), rng.standard_normal((2, 4)).astype(dtype)
    seen = []
    for lib in (ember, torch):
        lib.manual_seed(0)
        m = getattr(lib.nn, kind)(3, 4, bias=bias)
        if dtype == "float64":
            m = m.double()
        xt, ht = lib.from_numpy(x.copy()).requires_grad_(), lib.from_numpy(h.copy()).requires_grad_()
        out = states(m(xt, (ht, ht * 0.5) if kind == "LSTMCell" else ht))
        loss_of(out[0], out[1:]).backward()
        seen.append((graph(*(o.grad_fn for o in out)), out, xt.grad, ht.grad))
    (ge, oe, xe, he), (gt, ot, xt_, ht_) = seen
    assert ge == gt
    rtol, atol = TOLS[dtype]
    for a, b in zip(oe + (xe, he), ot + (xt_, ht_)):
        assert_close(a, b, rtol, atol)


# ---- ember.mkldnn_rnn_layer itself ----

T, B, IN, H = 5, 3, 4, 6


def layer_inputs(dtype, seed=0, scale=0.5):
    rng = np.random.default_rng(seed)
    shapes = [(T, B, IN), (4 * H, IN), (4 * H, H), (4 * H,), (4 * H,), (B, H), (B, H)]
    return [(rng.standard_normal(s) * scale).astype(dtype) for s in shapes]


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("has_biases", [True, False])
@pytest.mark.parametrize("train", [True, False])
def test_mkldnn_rnn_layer_matches_torch(reverse, has_biases, train):
    arrays = layer_inputs("float32")
    if not has_biases:      # what nn.LSTM(bias=False) passes: zeros
        arrays[3] = arrays[4] = np.zeros(4 * H, np.float32)
    go = [np.random.default_rng(9).standard_normal(s).astype(np.float32) for s in [(T, B, H), (B, H), (B, H)]]
    seen = []
    for lib in (ember, torch):
        ts = [lib.from_numpy(a.copy()).requires_grad_(has_biases or k not in (3, 4)) for k, a in enumerate(arrays)]
        outs = lib.mkldnn_rnn_layer(*ts, reverse, [], 2, H, 1, has_biases, False, False, train)
        assert len(outs) == 4 and outs[3].dtype == lib.uint8 and not outs[3].requires_grad
        fn = outs[0].grad_fn
        assert all(o.grad_fn is fn for o in outs[:3]) and [o.output_nr for o in outs[:3]] == [0, 1, 2]
        saved = [getattr(fn, "_saved_" + n) for n in ("reverse", "mode", "hidden_size", "num_layers", "has_biases",
                                                       "bidirectional", "batch_first", "train")]
        shape = tuple(fn._saved_input.shape)
        lib.autograd.backward(list(outs[:3]), [lib.from_numpy(g.copy()) for g in go])
        seen.append((graph(fn), saved, outs[:3], [t.grad for t in ts], shape))
    (ge, se, oe, gre, ie), (gt, st, ot, grt, it) = seen
    assert ge == gt and se == st and ie == it
    for a, b in zip(oe, ot):
        assert_close(a, b, 1e-5, 1e-5, what="output")
    for k, (a, b) in enumerate(zip(gre, grt)):
        if b is None:
            assert a is None
        else:
            assert_close(a, b, 1e-5, 1e-5, what=f"grad of input {k}")


def test_mkldnn_rnn_layer_double_backward_matches_torch():
    """torch's node is differentiable twice (its backward is made of ops under create_graph): so is ember's."""
    arrays = layer_inputs("float32", seed=1)
    seen = []
    for lib in (ember, torch):
        ts = [lib.from_numpy(a.copy()).requires_grad_() for a in arrays]
        out, hy, cy, _ = lib.mkldnn_rnn_layer(*ts, True, [], 2, H, 1, True, False, False, True)
        g1 = lib.autograd.grad((out * out).sum() + (hy * cy).sum(), ts, create_graph=True)
        g2 = lib.autograd.grad(sum((g * g).sum() for g in g1), ts)
        seen.append((g1, g2))
    for a, b in zip(seen[0][0] + seen[0][1], seen[1][0] + seen[1][1]):
        assert_close(a, b, 1e-4, 1e-5)


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("batch_first", [False, True])
def test_fused_layer_gradcheck_float64(reverse, batch_first):
    rng = np.random.default_rng(5)
    x = rng.standard_normal((2, 3, 2) if batch_first else (3, 2, 2)) * 0.5
    rest = [rng.standard_normal(s) * 0.5 for s in [(8, 2), (8, 2), (8,), (8,), (2, 2), (2, 2)]]
    ts = [ember.from_numpy(a).requires_grad_() for a in [x] + rest]

    def f(*xs):
        out = lstm_layer(*xs, reverse, (), True, 1, False, batch_first, True)
        assert type(out[0].grad_fn).__name__ == "MkldnnRnnLayerBackward0"
        return out[:3]
    assert ember.autograd.gradcheck(f, ts)
    assert ember.autograd.gradgradcheck(f, ts)


def test_mkldnn_rnn_layer_refuses_float64_as_torch():
    for dtype in ("float64", "int64"):
        arrays = layer_inputs(dtype)
        got = [catch(lambda lib=lib: lib.mkldnn_rnn_layer(*[lib.from_numpy(a) for a in arrays], False, [], 2, H, 1,
                                                           True, False, False, True)) for lib in (ember, torch)]
        assert isinstance(got[0], Err) and (got[0].type, got[0].msg) == (got[1].type, got[1].msg)


def test_no_grad_and_eval_take_the_same_path():
    x = np.random.default_rng(6).standard_normal((4, 2, 3)).astype("float32")
    for lib in (ember, torch):
        lib.manual_seed(0)
        m = lib.nn.LSTM(3, 4, num_layers=2)
        with lib.no_grad():
            out, (h, c) = m(lib.from_numpy(x.copy()))
        assert out.grad_fn is None and not h.requires_grad
        m.eval()
        out_eval = m(lib.from_numpy(x.copy()))[0]
        assert type(out_eval.grad_fn).__name__ == "MkldnnRnnLayerBackward0"
        assert out_eval.grad_fn._saved_train is False
    e, t = ember.nn.LSTM, torch.nn.LSTM
    ember.manual_seed(0)
    torch.manual_seed(0)
    me, mt = e(3, 4), t(3, 4)
    assert_close(me(ember.from_numpy(x.copy()))[0], mt(torch.from_numpy(x.copy()))[0], 1e-5, 1e-5)


# ---- packing ----

def test_pack_padded_sequence_node_and_errors():
    x = np.random.default_rng(7).standard_normal((4, 3, 2))
    for batch_first in (False, True):
        seen = []
        for lib in (ember, torch):
            xt = lib.from_numpy(x.copy()).requires_grad_()
            data, sizes = lib._pack_padded_sequence(xt, lib.tensor([3, 2, 2, 1] if batch_first else [4, 2, 1]),
                                                    batch_first)
            fn = data.grad_fn
            (data * data).sum().backward()
            seen.append((graph(fn), fn._saved_batch_first, tuple(fn._saved_input_sym_sizes), sizes.tolist(),
                         data, xt.grad))
        (ge, be, ie, se, de, xe), (gt, bt, it, st, dt, xt_) = seen
        assert (ge, be, ie, se) == (gt, bt, it, st)
        assert_close(de, dt, 0, 0)
        assert_close(xe, xt_, 0, 0)
    cases = [
        lambda lib: lib.nn.utils.rnn.pack_padded_sequence(lib.ones(4, 3, 2), [2, 4, 1]),
        lambda lib: lib.nn.utils.rnn.pack_padded_sequence(lib.ones(4, 3, 2), [4, 2, 0]),
        lambda lib: lib.nn.utils.rnn.pack_padded_sequence(lib.ones(4, 3, 2), [4, 2]),
        lambda lib: lib.nn.utils.rnn.pack_padded_sequence(lib.ones(0, 3, 2), [1, 1, 1]),
        lambda lib: lib.nn.utils.rnn.pack_padded_sequence(lib.ones(4, 3, 2), lib.tensor([[4, 2, 1]])),
        lambda lib: lib._pack_padded_sequence(lib.ones(4, 3, 2), lib.tensor([4.0, 2.0, 1.0]), False),
        lambda lib: lib._pack_padded_sequence(lib.ones(4, 3, 2), lib.tensor([4, 2, 1], dtype=lib.int32), False),
        lambda lib: lib._pack_padded_sequence(lib.ones(4, 3, 2), [4, 2, 1], False),
        lambda lib: lib.nn.utils.rnn.pack_padded_sequence(lib.ones(4), [4]),
    ]
    for case in cases:
        e, t = catch(lambda: case(ember)), catch(lambda: case(torch))
        assert isinstance(t, Err) and isinstance(e, Err), (e, t)
        assert (e.type, e.msg) == (t.type, t.msg)


@pytest.mark.parametrize("name,args", [("unsafe_chunk", (3, 1)), ("unsafe_split", (2, 1)),
                                       ("unsafe_split_with_sizes", ([1, 4], 1))])
def test_unsafe_split_pieces_are_not_views(name, args):
    seen = []
    for lib in (ember, torch):
        x = lib.arange(10.0).reshape(2, 5).requires_grad_()
        pieces = getattr(lib, name)(x * 1, *args)
        pieces[0].mul_(2)           # allowed: the pieces are not views in autograd's eyes
        seen.append(([p.detach().numpy().copy() for p in pieces], [p._is_view() for p in pieces],
                     type(pieces[-1].grad_fn).__name__, pieces[-1].grad_fn._saved_dim))
    e, t = seen
    assert e[1:] == t[1:]
    for a, b in zip(e[0], t[0]):
        np.testing.assert_array_equal(a, b)
    for bad in [lambda lib: lib.unsafe_chunk(lib.tensor(1.0), 2), lambda lib: lib.unsafe_chunk(lib.ones(2, 8), 0),
                lambda lib: lib.unsafe_split(lib.ones(2, 8), 0, 1), lambda lib: lib.unsafe_split(lib.ones(2, 8), -1, 1),
                lambda lib: lib.unsafe_chunk(lib.ones(2, 8), 2, 5),
                lambda lib: lib.unsafe_split_with_sizes(lib.ones(2, 8), [3, 4], 1)]:
        e, t = catch(lambda: bad(ember)), catch(lambda: bad(torch))
        assert isinstance(t, Err) and isinstance(e, Err) and (e.type, e.msg) == (t.type, t.msg), (e, t)


def test_projected_float32_lstm_warns_as_torch():
    """torch's oneDNN path cannot project: it says so once per process (ember's flag is reset to see it again)."""
    import ember.nn.modules.rnn as rnn_module
    rnn_module._PROJ_WARNED = False
    x = np.random.default_rng(8).standard_normal((3, 2, 3)).astype("float32")
    seen = []
    for lib in (ember, torch):
        lib.manual_seed(0)
        m = lib.nn.LSTM(3, 4, proj_size=2)
        seen.append(record_warnings(lambda lib=lib, m=m: m(lib.from_numpy(x.copy())))[1])
    assert seen[0] == seen[1] and seen[0]


def test_fused_node_refuses_a_second_backward_and_a_modified_output():
    x = np.random.default_rng(9).standard_normal((5, 2, 3)).astype("float32")
    seen = []
    for lib in (ember, torch):
        lib.manual_seed(0)
        m = lib.nn.LSTM(3, 4)
        out, (h, c) = m(lib.from_numpy(x.copy()))
        out.sum().backward()
        twice = catch(lambda out=out: out.sum().backward())
        out, (h, c) = m(lib.from_numpy(x.copy()))
        out.add_(1)
        modified = catch(lambda out=out, c=c: (out.sum() + c.sum()).backward())
        seen.append((twice, modified))
    for e, t in zip(*seen):
        assert isinstance(e, Err) and isinstance(t, Err) and e.type == t.type
        # torch's words first; ember adds where the in-place op ran, and a hint about reused graphs
        assert e.msg.startswith(t.msg.split(" Hint:")[0]), (e, t)


@pytest.mark.parametrize("reverse", [False, True])
def test_the_two_recurrences_agree(reverse):
    """The forward pass's in-place recurrence and the one backward recomputes under create_graph (over xp)."""
    from ember.ops._formulas import ArrayFns
    from ember.ops.rnn import _recurrence, _recurrence_arrays
    x, w_ih, w_hh, b_ih, b_hh, h0, c0 = layer_inputs("float64", seed=4)
    for bias in (b_ih + b_hh, None):
        for a, b in zip(_recurrence(ArrayFns, x, w_ih, w_hh, bias, h0, c0, reverse),
                        _recurrence_arrays(x, w_ih, w_hh, bias, h0, c0, reverse)):
            np.testing.assert_allclose(a, b, rtol=1e-14, atol=1e-15)
