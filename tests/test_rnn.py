"""Recurrent layers and ``nn.utils.rnn`` against torch 2.13: the same seed gives torch's weights;
outputs, final states and every gradient agree (float64 tightly, float32 to rounding); packed
sequences, dropout between layers, cells, reprs and torch's errors; float64 gradcheck."""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from behave import Err, catch, ember, record_warnings, torch  # skips without torch
from oracle import assert_close

KINDS = ["RNN", "LSTM", "GRU"]


def build(kind, *args, seed=0, **kw):
    """The module in torch and in ember from the same seed (so, if ember is right, the same weights)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.manual_seed(seed)
        t = getattr(torch.nn, kind)(*args, **kw)
        ember.manual_seed(seed)
        e = getattr(ember.nn, kind)(*args, **kw)
    return e, t


def same_params(e, t):
    te, tt = dict(e.named_parameters()), dict(t.named_parameters())
    assert list(te) == list(tt)
    for name in tt:
        assert_close(te[name].detach(), tt[name].detach(), 0, 0, what=name)


def states(h):
    return h if isinstance(h, tuple) else (h,)


def loss_of(out, hidden):
    """A loss that weighs every output and final state differently, so each gradient path counts."""
    total = (out * out).sum()
    for i, s in enumerate(states(hidden)):
        total = total + (s * (i + 2.0)).tanh().sum()
    return total


def compare_run(e, t, x, hx=None, dtype="float64", rtol=None, atol=None):
    if dtype == "float64":
        e.double(), t.double()
    xe = ember.from_numpy(x.copy()).requires_grad_()
    xt = torch.from_numpy(x.copy()).requires_grad_()
    he = ht = None
    if hx is not None:
        he = tuple(ember.from_numpy(h.copy()).requires_grad_() for h in hx)
        ht = tuple(torch.from_numpy(h.copy()).requires_grad_() for h in hx)
    oe, se = e(xe, None if he is None else (he if len(he) == 2 else he[0]))
    ot, st = t(xt, None if ht is None else (ht if len(ht) == 2 else ht[0]))
    assert_close(oe, ot, rtol, atol, what="output")
    # torch ends batch_first RNN/GRU in an in-place transpose_ (TransposeBackward1), and float32 LSTMs
    # without projections in oneDNN's fused layer (MkldnnRnnLayerBackward0); elsewhere the nodes agree
    tname = type(ot.grad_fn).__name__
    if not tname.startswith(("Transpose", "Mkldnn")):
        assert type(oe.grad_fn).__name__ == tname
    for a, b in zip(states(se), states(st)):
        assert_close(a, b, rtol, atol, what="final state")
        if not tname.startswith("Mkldnn"):
            assert type(a.grad_fn).__name__ == type(b.grad_fn).__name__
    loss_of(oe, se).backward()
    loss_of(ot, st).backward()
    assert_close(xe.grad, xt.grad, rtol, atol, what="grad of input")
    if he is not None:
        for a, b in zip(he, ht):
            assert_close(a.grad, b.grad, rtol, atol, what="grad of h0")
    for (name, a), (_, b) in zip(e.named_parameters(), t.named_parameters()):
        assert_close(a.grad, b.grad, rtol, atol, what=f"grad of {name}")


CONFIGS = [
    {},
    {"num_layers": 2},
    {"bidirectional": True},
    {"num_layers": 2, "bidirectional": True, "batch_first": True},
    {"bias": False},
]


@pytest.mark.parametrize("kw", CONFIGS, ids=lambda kw: "-".join(f"{k}={v}" for k, v in kw.items()) or "default")
@pytest.mark.parametrize("kind", KINDS + ["RNN_relu", "LSTM_proj"])
def test_layer_matches_torch(kind, kw):
    kw = dict(kw)
    if kind == "RNN_relu":
        kind, kw["nonlinearity"] = "RNN", "relu"
    if kind == "LSTM_proj":
        kind, kw["proj_size"] = "LSTM", 2
    e, t = build(kind, 3, 4, **kw)
    same_params(e, t)
    assert repr(e) == repr(t)
    assert list(e.state_dict()) == list(t.state_dict())
    x = np.random.default_rng(0).standard_normal((2, 5, 3) if kw.get("batch_first") else (5, 2, 3))
    compare_run(e, t, x)


@pytest.mark.parametrize("kind", KINDS)
def test_initial_state_and_unbatched_input(kind):
    e, t = build(kind, 3, 4, num_layers=2, bidirectional=True)
    rng = np.random.default_rng(1)
    hx = [rng.standard_normal((4, 2, 4))] + ([rng.standard_normal((4, 2, 4))] if kind == "LSTM" else [])
    compare_run(e, t, rng.standard_normal((5, 2, 3)), hx)
    e, t = build(kind, 3, 4, batch_first=True)
    hx = [rng.standard_normal((1, 4))] * (2 if kind == "LSTM" else 1)
    compare_run(e, t, rng.standard_normal((6, 3)), hx)
    e, t = build(kind, 3, 4)
    compare_run(e, t, rng.standard_normal((6, 3)))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_lstm_benchmark_size_matches_torch(dtype):
    e, t = build("LSTM", 128, 128)
    x = np.random.default_rng(2).standard_normal((32, 32, 128)).astype(dtype)
    tol = {"float32": (2e-4, 2e-5), "float64": (1e-10, 1e-12)}[dtype]
    compare_run(e, t, x, dtype=dtype, rtol=tol[0], atol=tol[1])


@pytest.mark.parametrize("kind", KINDS)
def test_gradcheck(kind):
    ember.manual_seed(0)
    m = getattr(ember.nn, kind)(2, 3, num_layers=2, bidirectional=True).double()
    x = ember.randn(3, 2, 2, dtype=ember.float64, requires_grad=True)

    def f(x):
        out, hidden = m(x)
        return (out,) + states(hidden)
    assert ember.autograd.gradcheck(f, (x,))
    # and of the weights, swapped in as plain tensors (one module: a new one would draw new biases)
    e = getattr(ember.nn, kind)(2, 3).double()
    del e.weight_ih_l0, e.weight_hh_l0

    def g(x, w_ih, w_hh):
        e.weight_ih_l0, e.weight_hh_l0 = w_ih, w_hh
        out, hidden = e(x)
        return (out,) + states(hidden)
    gates = {"RNN": 1, "LSTM": 4, "GRU": 3}[kind]
    w_ih = ember.randn(gates * 3, 2, dtype=ember.float64, requires_grad=True)
    w_hh = ember.randn(gates * 3, 3, dtype=ember.float64, requires_grad=True)
    assert ember.autograd.gradcheck(g, (x, w_ih, w_hh))


def test_dropout_between_layers_matches_torch():
    e, t = build("LSTM", 3, 4, num_layers=3, dropout=0.4)
    e.double(), t.double()
    x = np.random.default_rng(3).standard_normal((5, 2, 3))
    torch.manual_seed(7)
    ember.manual_seed(7)
    oe, _ = e(ember.from_numpy(x.copy()))
    ot, _ = t(torch.from_numpy(x.copy()))
    assert_close(oe, ot, what="training output")
    e.eval(), t.eval()
    assert_close(e(ember.from_numpy(x.copy()))[0], t(torch.from_numpy(x.copy()))[0], what="eval output")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("enforce_sorted", [False, True])
def test_packed_sequence_matches_torch(kind, bidirectional, enforce_sorted):
    e, t = build(kind, 3, 4, num_layers=2, bidirectional=bidirectional)
    e.double(), t.double()
    rng = np.random.default_rng(4)
    lengths = (4, 2, 1) if enforce_sorted else (2, 4, 1)
    seqs = [rng.standard_normal((n, 3)) for n in lengths]
    d = 2 if bidirectional else 1
    h0 = [rng.standard_normal((2 * d, 3, 4)) for _ in range(2 if kind == "LSTM" else 1)]
    results = []
    for lib, m in ((ember, e), (torch, t)):
        xs = [lib.from_numpy(s.copy()).requires_grad_() for s in seqs]
        hs = [lib.from_numpy(h.copy()).requires_grad_() for h in h0]
        packed = lib.nn.utils.rnn.pack_sequence(xs, enforce_sorted=enforce_sorted)
        out, hidden = m(packed, tuple(hs) if kind == "LSTM" else hs[0])
        assert type(out).__name__ == "PackedSequence"
        padded, lens = lib.nn.utils.rnn.pad_packed_sequence(out, batch_first=True, padding_value=-1.0,
                                                            total_length=5)
        loss_of(padded, hidden).backward()
        results.append((padded, lens, states(hidden), out.batch_sizes, xs, hs, list(m.parameters())))
    (pe, le, se, be, xe, he, we), (pt, lt, st, bt, xt, ht, wt) = results
    assert_close(pe, pt, what="padded output")
    assert_close(le, lt, 0, 0, what="lengths")
    assert_close(be, bt, 0, 0, what="batch_sizes")
    for a, b in zip(se, st):
        assert_close(a, b, what="final state")
    for a, b in zip(xe + he + we, xt + ht + wt):
        assert_close(a.grad, b.grad, what="gradient")


def test_pad_sequence_and_pack_padded():
    rng = np.random.default_rng(5)
    seqs = [rng.standard_normal((n, 2)) for n in (3, 1, 2)]
    for batch_first in (False, True):
        for side in ("right", "left"):
            def f(lib):
                xs = [lib.from_numpy(s.copy()).requires_grad_() for s in seqs]
                p = lib.nn.utils.rnn.pad_sequence(xs, batch_first=batch_first, padding_value=-2.0,
                                                  padding_side=side)
                (p * p).sum().backward()
                return p, type(p.grad_fn).__name__, [x.grad for x in xs]
            (pe, ne, ge), (pt, nt, gt) = f(ember), f(torch)
            assert_close(pe, pt)
            assert ne == nt
            for a, b in zip(ge, gt):
                assert_close(a, b)
    for lib in (ember, torch):
        padded = lib.from_numpy(rng.standard_normal((3, 2, 2)))
    pe = ember.nn.utils.rnn.pack_padded_sequence(ember.from_numpy(padded.numpy()), ember.tensor([3, 1]))
    pt = torch.nn.utils.rnn.pack_padded_sequence(padded, torch.tensor([3, 1]))
    assert_close(pe.data, pt.data)
    assert_close(pe.batch_sizes, pt.batch_sizes, 0, 0)
    assert pe.sorted_indices is None and pt.sorted_indices is None
    pe = ember.nn.utils.rnn.pack_padded_sequence(ember.from_numpy(padded.numpy()).transpose(0, 1), [1, 3],
                                                 batch_first=True, enforce_sorted=False)
    pt = torch.nn.utils.rnn.pack_padded_sequence(padded.transpose(0, 1), [1, 3], batch_first=True,
                                                 enforce_sorted=False)
    for a, b in zip(pe, pt):
        assert_close(a, b)


def same_error(f):
    e, t = catch(lambda: f(ember)), catch(lambda: f(torch))
    assert isinstance(t, Err), t
    assert isinstance(e, Err) and (e.type, e.msg) == (t.type, t.msg), (e, t)


@pytest.mark.parametrize("make", [
    lambda lib: lib.nn.LSTM(3, 4, dropout=2),
    lambda lib: lib.nn.LSTM(3, 4, dropout=True),
    lambda lib: lib.nn.LSTM(3, 0),
    lambda lib: lib.nn.LSTM(0, 4),
    lambda lib: lib.nn.LSTM(3.0, 4),
    lambda lib: lib.nn.LSTM(3, 4, bias=1),
    lambda lib: lib.nn.LSTM(3, 4, batch_first=None),
    lambda lib: lib.nn.LSTM(3, 4, num_layers=0),
    lambda lib: lib.nn.LSTM(3, 4, proj_size=-1),
    lambda lib: lib.nn.LSTM(3, 4, proj_size=4),
    lambda lib: lib.nn.GRU(3, 4, proj_size=2),
    lambda lib: lib.nn.RNN(3, 4, nonlinearity="gelu"),
    lambda lib: lib.nn.RNN(3, 4)(lib.zeros(2, 2, 2, 3)),
    lambda lib: lib.nn.LSTM(3, 4)(lib.zeros(2)),
    lambda lib: lib.nn.GRU(3, 4)(lib.zeros(2, 2, 2, 3)),
    lambda lib: lib.nn.GRU(3, 4)(lib.zeros(2, 2, 5)),
    lambda lib: lib.nn.GRU(3, 4)(lib.zeros(2, 2, 3, dtype=lib.float64)),
    lambda lib: lib.nn.GRU(3, 4)(lib.zeros(2, 2, 3), lib.zeros(1, 3, 4)),
    lambda lib: lib.nn.GRU(3, 4)(lib.zeros(2, 2, 3), lib.zeros(3, 4)),
    lambda lib: lib.nn.GRU(3, 4)(lib.zeros(2, 3), lib.zeros(1, 1, 4)),
    lambda lib: lib.nn.LSTM(3, 4)(lib.zeros(2, 2, 3), (lib.zeros(1, 2, 4), lib.zeros(1, 3, 4))),
    lambda lib: lib.nn.LSTM(3, 4)(lib.zeros(2, 2, 3), (lib.zeros(2, 4), lib.zeros(1, 2, 4))),
    lambda lib: lib.nn.LSTM(3, 4)(lib.zeros(2, 3), (lib.zeros(1, 1, 4), lib.zeros(1, 4))),
    lambda lib: lib.nn.LSTMCell(3, 4)(lib.zeros(1, 2, 3)),
    lambda lib: lib.nn.GRUCell(3, 4)(lib.zeros(2, 3), lib.zeros(1, 2, 4)),
    lambda lib: lib.nn.RNNCell(3, 4)(lib.zeros(1, 2, 3)),
    lambda lib: lib.nn.utils.rnn.pack_padded_sequence(lib.zeros(3, 2, 1), [1, 3]),
    lambda lib: lib.nn.utils.rnn.pad_sequence([lib.zeros(2)], padding_side="top"),
    lambda lib: lib.nn.utils.rnn.pack_padded_sequence(lib.zeros(3, 2, 1), [3, 0]),
    lambda lib: lib.nn.utils.rnn.pack_padded_sequence(lib.zeros(3, 2, 1), lib.tensor([[3, 1]])),
    lambda lib: lib.nn.utils.rnn.pad_sequence([]),
    lambda lib: lib.nn.utils.rnn.pad_packed_sequence(lib.nn.utils.rnn.pack_sequence([lib.zeros(3, 1)]),
                                                     total_length=2),
], ids=lambda f: "")
def test_errors_as_torch(make):
    same_error(make)


def test_dropout_with_one_layer_warns_as_torch():
    (_, we), (_, wt) = (record_warnings(lambda: lib.nn.GRU(3, 4, dropout=0.5)) for lib in (ember, torch))
    assert we == wt and wt


@pytest.mark.parametrize("kind", ["RNNCell", "LSTMCell", "GRUCell"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_cells_match_torch(kind, dtype):
    e, t = build(kind, 3, 4, seed=2)
    same_params(e, t)
    assert repr(e) == repr(t)
    if dtype == "float64":
        e.double(), t.double()
    rng = np.random.default_rng(6)
    for batched in (True, False):
        shape = (2, 3) if batched else (3,)
        x = rng.standard_normal(shape).astype(dtype)
        h = [rng.standard_normal(shape[:-1] + (4,)).astype(dtype) for _ in range(2 if kind == "LSTMCell" else 1)]
        for with_h in (True, False):
            res = []
            for lib, m in ((ember, e), (torch, t)):
                m.zero_grad()
                xi = lib.from_numpy(x.copy()).requires_grad_()
                hi = [lib.from_numpy(v.copy()).requires_grad_() for v in h]
                hx = (tuple(hi) if kind == "LSTMCell" else hi[0]) if with_h else None
                out = m(xi, hx)
                loss_of(states(out)[0], out).backward()
                res.append((states(out), xi.grad, [v.grad for v in hi] if with_h else [],
                            [p.grad for p in m.parameters()]))
            (oe, xe, he, pe), (ot, xt, ht, pt) = res
            for a, b in zip(oe, ot):
                assert_close(a, b)
                assert type(a.grad_fn).__name__ == type(b.grad_fn).__name__
            for a, b in zip([xe] + he + pe, [xt] + ht + pt):
                assert_close(a, b)
    e2, t2 = build(kind, 3, 4, bias=False)
    assert repr(e2) == repr(t2) and e2.bias_ih is None and list(dict(e2.named_parameters())) == \
        list(dict(t2.named_parameters()))


def test_rnn_cell_relu_repr_and_all_weights():
    e, t = build("RNNCell", 3, 4, nonlinearity="relu")
    assert repr(e) == repr(t)
    e, t = build("LSTM", 3, 4, num_layers=2, bidirectional=True, proj_size=2)
    assert [[tuple(p.shape) for p in ws] for ws in e.all_weights] == \
        [[tuple(p.shape) for p in ws] for ws in t.all_weights]
    assert e.flatten_parameters() is None
    assert e._flat_weights_names == t._flat_weights_names
