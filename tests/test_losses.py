"""The losses and distances of ``nn`` against torch 2.13: every functional form and module, every
reduction and option, float32 and float64: values, ``grad_fn`` names, input (and target) gradients,
float64 gradcheck, reprs, warnings and errors."""
from __future__ import annotations

import numpy as np
import pytest
from behave import ember, record_warnings, same, torch  # skips without torch
from oracle import assert_close

from ember.autograd import gradcheck

REDUCTIONS = ["none", "mean", "sum"]


# ---------------------------------------------------------------- inputs
def make(spec, rng):
    """A NumPy array for an input spec: (kind, shape[, extra]); kind says the values' domain and
    whether the input is differentiable ("x" kinds are, the others are not)."""
    kind, shape = spec[0], spec[1]
    if kind in ("x", "c"):          # reals
        return rng.uniform(-2, 2, size=shape)
    if kind in ("xp", "cp"):        # probabilities, away from 0 and 1
        return rng.uniform(0.05, 0.95, size=shape)
    if kind in ("xpos", "cpos"):    # positive
        return rng.uniform(0.5, 2.0, size=shape)
    if kind == "sign":
        return rng.choice([-1.0, 1.0], size=shape)
    if kind == "cls":
        return rng.integers(0, spec[2], size=shape)
    if kind == "simplex":           # rows of probabilities along dim 1
        a = rng.uniform(0.1, 1.0, size=shape)
        return a / a.sum(axis=1 if len(shape) > 1 else 0, keepdims=True)
    if kind == "counts":
        return rng.integers(0, 5, size=shape).astype(np.float64)
    raise ValueError(kind)


def differentiable(spec) -> bool:
    return spec[0].startswith("x")


def tensors(lib, arrays, specs, dtype):
    out = []
    for a, spec in zip(arrays, specs):
        if spec[0] == "cls":
            out.append(lib.from_numpy(a.astype(np.int64)))
        else:
            t = lib.from_numpy(a.astype(dtype))
            out.append(t.requires_grad_() if differentiable(spec) else t)
    return out


def compare(fn, specs, dtype, seed=0, grad_fn=True, check_grad=True):
    """fn(lib, *tensors) on ember and torch: value, grad_fn name, gradients of the differentiable inputs."""
    rng = np.random.default_rng(seed)
    arrays = [make(s, rng) for s in specs]
    e_in, t_in = tensors(ember, arrays, specs, dtype), tensors(torch, arrays, specs, dtype)
    e_out, t_out = fn(ember, *e_in), fn(torch, *t_in)
    assert_close(e_out, t_out, what="value")
    if grad_fn:
        assert type(e_out.grad_fn).__name__ == type(t_out.grad_fn).__name__
    if not check_grad or not t_out.requires_grad:
        return e_in, e_out
    go = np.random.default_rng(seed + 1).uniform(0.5, 1.5, size=tuple(t_out.shape)).astype(dtype)
    e_out.backward(ember.from_numpy(go.copy()))
    t_out.backward(torch.from_numpy(go.copy()))
    for i, (a, b) in enumerate(zip(e_in, t_in)):
        if b.requires_grad:
            assert_close(a.grad, b.grad, what=f"grad of input {i}")
    return e_in, e_out


def check_gradcheck(fn, specs, seed=0):
    rng = np.random.default_rng(seed)
    arrays = [make(s, rng) for s in specs]
    ins = tensors(ember, arrays, specs, "float64")
    assert gradcheck(lambda *xs: fn(ember, *xs), tuple(ins))


# ---------------------------------------------------------------- the table: (id, fn(lib, red, *inputs), specs)
def F(lib):
    return lib.nn.functional


N, C = 4, 3
CASES = [
    ("mse", lambda m, r, x, y: F(m).mse_loss(x, y, reduction=r), [("x", (N, C)), ("x", (N, C))]),
    ("mse_weight", lambda m, r, x, y, w: F(m).mse_loss(x, y, reduction=r, weight=w),
     [("x", (N, C)), ("x", (N, C)), ("cpos", (N, C))]),
    ("l1", lambda m, r, x, y: F(m).l1_loss(x, y, reduction=r), [("x", (N, C)), ("x", (N, C))]),
    ("l1_weight", lambda m, r, x, y, w: F(m).l1_loss(x, y, reduction=r, weight=w),
     [("x", (N, C)), ("x", (N, C)), ("cpos", (N, C))]),
    ("smooth_l1", lambda m, r, x, y: F(m).smooth_l1_loss(x, y, reduction=r), [("x", (N, C)), ("x", (N, C))]),
    ("smooth_l1_beta", lambda m, r, x, y: F(m).smooth_l1_loss(x, y, reduction=r, beta=0.5),
     [("x", (N, C)), ("x", (N, C))]),
    ("smooth_l1_beta0", lambda m, r, x, y: F(m).smooth_l1_loss(x, y, reduction=r, beta=0.0),
     [("x", (N, C)), ("x", (N, C))]),
    ("huber", lambda m, r, x, y: F(m).huber_loss(x, y, reduction=r), [("x", (N, C)), ("x", (N, C))]),
    ("huber_delta", lambda m, r, x, y: F(m).huber_loss(x, y, reduction=r, delta=0.7), [("x", (N, C)), ("x", (N, C))]),
    ("huber_weight", lambda m, r, x, y, w: F(m).huber_loss(x, y, reduction=r, weight=w),
     [("x", (N, C)), ("x", (N, C)), ("cpos", (N, C))]),
    ("cross_entropy", lambda m, r, x, t: F(m).cross_entropy(x, t, reduction=r), [("x", (N, C)), ("cls", (N,), C)]),
    ("cross_entropy_1d", lambda m, r, x, t: F(m).cross_entropy(x, t, reduction=r), [("x", (C,)), ("cls", (), C)]),
    ("cross_entropy_kdim", lambda m, r, x, t: F(m).cross_entropy(x, t, reduction=r),
     [("x", (2, C, 2, 3)), ("cls", (2, 2, 3), C)]),
    ("cross_entropy_3d", lambda m, r, x, t: F(m).cross_entropy(x, t, reduction=r),
     [("x", (2, C, 3)), ("cls", (2, 3), C)]),
    ("cross_entropy_weight", lambda m, r, x, t, w: F(m).cross_entropy(x, t, w, reduction=r),
     [("x", (N, C)), ("cls", (N,), C), ("cpos", (C,))]),
    ("cross_entropy_ignore", lambda m, r, x, t: F(m).cross_entropy(x, t, reduction=r, ignore_index=1),
     [("x", (6, C)), ("cls", (6,), C)]),
    ("cross_entropy_smooth", lambda m, r, x, t: F(m).cross_entropy(x, t, reduction=r, label_smoothing=0.2),
     [("x", (N, C)), ("cls", (N,), C)]),
    ("cross_entropy_smooth_weight_ignore",
     lambda m, r, x, t, w: F(m).cross_entropy(x, t, w, reduction=r, label_smoothing=0.3, ignore_index=0),
     [("x", (6, C)), ("cls", (6,), C), ("cpos", (C,))]),
    ("cross_entropy_smooth_kdim", lambda m, r, x, t: F(m).cross_entropy(x, t, reduction=r, label_smoothing=0.1),
     [("x", (2, C, 3)), ("cls", (2, 3), C)]),
    ("cross_entropy_probs", lambda m, r, x, p: F(m).cross_entropy(x, p, reduction=r),
     [("x", (N, C)), ("simplex", (N, C))]),
    ("cross_entropy_probs_grad", lambda m, r, x, p: F(m).cross_entropy(x, p, reduction=r),
     [("x", (N, C)), ("xp", (N, C))]),
    ("cross_entropy_probs_weight_smooth",
     lambda m, r, x, p, w: F(m).cross_entropy(x, p, w, reduction=r, label_smoothing=0.25),
     [("x", (N, C)), ("simplex", (N, C)), ("cpos", (C,))]),
    ("cross_entropy_probs_kdim", lambda m, r, x, p: F(m).cross_entropy(x, p, reduction=r),
     [("x", (2, C, 3)), ("simplex", (2, C, 3))]),
    ("nll", lambda m, r, x, t: F(m).nll_loss(x, t, reduction=r), [("x", (N, C)), ("cls", (N,), C)]),
    ("nll_weight_ignore", lambda m, r, x, t, w: F(m).nll_loss(x, t, w, reduction=r, ignore_index=2),
     [("x", (6, C)), ("cls", (6,), C), ("cpos", (C,))]),
    ("nll_kdim_weight", lambda m, r, x, t, w: F(m).nll_loss(x, t, w, reduction=r),
     [("x", (2, C, 2, 2)), ("cls", (2, 2, 2), C), ("cpos", (C,))]),
    ("bce", lambda m, r, x, t: F(m).binary_cross_entropy(x, t, reduction=r), [("xp", (N, C)), ("cp", (N, C))]),
    ("bce_target_grad", lambda m, r, x, t: F(m).binary_cross_entropy(x, t, reduction=r),
     [("xp", (N, C)), ("xp", (N, C))]),
    ("bce_weight", lambda m, r, x, t, w: F(m).binary_cross_entropy(x, t, w, reduction=r),
     [("xp", (N, C)), ("cp", (N, C)), ("cpos", (C,))]),
    ("bce_logits", lambda m, r, x, t: F(m).binary_cross_entropy_with_logits(x, t, reduction=r),
     [("x", (N, C)), ("xp", (N, C))]),
    ("bce_logits_weights", lambda m, r, x, t, w, pw: F(m).binary_cross_entropy_with_logits(
        x, t, w, reduction=r, pos_weight=pw), [("x", (N, C)), ("xp", (N, C)), ("cpos", (N, 1)), ("cpos", (C,))]),
    ("kl_div", lambda m, r, x, t: F(m).kl_div(x, t, reduction=r), [("x", (N, C)), ("xp", (N, C))]),
    ("kl_div_log_target", lambda m, r, x, t: F(m).kl_div(x, t, reduction=r, log_target=True),
     [("x", (N, C)), ("x", (N, C))]),
    ("poisson", lambda m, r, x, t: F(m).poisson_nll_loss(x, t, reduction=r), [("x", (N, C)), ("counts", (N, C))]),
    ("poisson_full_rate", lambda m, r, x, t: F(m).poisson_nll_loss(x, t, log_input=False, full=True, reduction=r),
     [("xpos", (N, C)), ("counts", (N, C))]),
    ("poisson_target_grad", lambda m, r, x, t: F(m).poisson_nll_loss(x, t, full=True, reduction=r),
     [("x", (N, C)), ("xpos", (N, C))]),
    ("gaussian", lambda m, r, x, t, v: F(m).gaussian_nll_loss(x, t, v, reduction=r),
     [("x", (N, C)), ("x", (N, C)), ("xpos", (N, C))]),
    ("gaussian_full_homo", lambda m, r, x, t, v: F(m).gaussian_nll_loss(x, t, v, full=True, reduction=r),
     [("x", (N, C)), ("x", (N, C)), ("xpos", (N,))]),
    ("gaussian_one_dim", lambda m, r, x, t, v: F(m).gaussian_nll_loss(x, t, v, reduction=r),
     [("x", (N, C)), ("x", (N, C)), ("xpos", (N, 1))]),
    ("gaussian_float_var", lambda m, r, x, t: F(m).gaussian_nll_loss(x, t, 0.7, reduction=r),
     [("x", (N, C)), ("x", (N, C))]),
    ("cosine_embedding", lambda m, r, a, b, y: F(m).cosine_embedding_loss(a, b, y, margin=0.1, reduction=r),
     [("x", (N, 5)), ("x", (N, 5)), ("sign", (N,))]),
    ("cosine_embedding_1d", lambda m, r, a, b, y: F(m).cosine_embedding_loss(a, b, y, reduction=r),
     [("x", (5,)), ("x", (5,)), ("sign", ())]),
    ("margin_ranking", lambda m, r, a, b, y: F(m).margin_ranking_loss(a, b, y, margin=0.2, reduction=r),
     [("x", (6,)), ("x", (6,)), ("sign", (6,))]),
    ("hinge_embedding", lambda m, r, x, y: F(m).hinge_embedding_loss(x, y, margin=1.5, reduction=r),
     [("x", (N, C)), ("sign", (N, C))]),
    ("triplet", lambda m, r, a, p, n: F(m).triplet_margin_loss(a, p, n, reduction=r),
     [("x", (N, 5)), ("x", (N, 5)), ("x", (N, 5))]),
    ("triplet_p1_swap", lambda m, r, a, p, n: F(m).triplet_margin_loss(a, p, n, margin=2.0, p=1, swap=True,
                                                                       reduction=r),
     [("x", (N, 5)), ("x", (N, 5)), ("x", (N, 5))]),
    ("multilabel_soft_margin", lambda m, r, x, t: F(m).multilabel_soft_margin_loss(x, t, reduction=r),
     [("x", (N, C)), ("xp", (N, C))]),
    ("multilabel_soft_margin_weight", lambda m, r, x, t, w: F(m).multilabel_soft_margin_loss(x, t, w, reduction=r),
     [("x", (N, C)), ("cp", (N, C)), ("cpos", (C,))]),
    ("soft_margin", lambda m, r, x, y: F(m).soft_margin_loss(x, y, reduction=r), [("x", (N, C)), ("sign", (N, C))]),
]

@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_loss_functional(case, reduction, dtype):
    name, fn, specs = case
    compare(lambda m, *xs: fn(m, reduction, *xs), specs, dtype)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_loss_gradcheck(case, reduction):
    name, fn, specs = case
    check_gradcheck(lambda m, *xs: fn(m, reduction, *xs), specs)


def test_kl_div_batchmean_and_mean_warning():
    specs = [("x", (N, C)), ("xp", (N, C))]
    compare(lambda m, x, t: F(m).kl_div(x, t, reduction="batchmean"), specs, "float64")
    out = same(lambda m: record_warnings(lambda: F(m).kl_div(m.zeros(2, 2), m.ones(2, 2)))[1])
    assert out and "batchmean" in out[0][1]


@pytest.mark.parametrize("fn", ["normalize", "normalize_p1_dim0", "cosine_similarity", "cosine_similarity_bcast",
                                "pairwise_distance", "pairwise_distance_keepdim_p3"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_distances(fn, dtype):
    fns = {
        "normalize": (lambda m, x: F(m).normalize(x), [("x", (N, C))]),
        "normalize_p1_dim0": (lambda m, x: F(m).normalize(x, p=1, dim=0), [("x", (N, C))]),
        "cosine_similarity": (lambda m, a, b: F(m).cosine_similarity(a, b), [("x", (N, 5)), ("x", (N, 5))]),
        "cosine_similarity_bcast": (lambda m, a, b: F(m).cosine_similarity(a, b, dim=-1),
                                    [("x", (N, 5)), ("x", (1, 5))]),
        "pairwise_distance": (lambda m, a, b: F(m).pairwise_distance(a, b), [("x", (N, 5)), ("x", (N, 5))]),
        "pairwise_distance_keepdim_p3": (lambda m, a, b: F(m).pairwise_distance(a, b, p=3, keepdim=True),
                                         [("x", (N, 5)), ("x", (N, 5))]),
    }
    f, specs = fns[fn]
    compare(f, specs, dtype, grad_fn=not fn.startswith("pairwise"))
    check_gradcheck(f, specs)


# ---------------------------------------------------------------- modules
MODULES = [
    ("L1Loss", {}, [("x", (N, C)), ("x", (N, C))]),
    ("MSELoss", {}, [("x", (N, C)), ("x", (N, C))]),
    ("SmoothL1Loss", {"beta": 0.5}, [("x", (N, C)), ("x", (N, C))]),
    ("HuberLoss", {"delta": 0.5}, [("x", (N, C)), ("x", (N, C))]),
    ("CrossEntropyLoss", {"label_smoothing": 0.1, "ignore_index": 1}, [("x", (6, C)), ("cls", (6,), C)]),
    ("NLLLoss", {"ignore_index": 0}, [("x", (6, C)), ("cls", (6,), C)]),
    ("BCELoss", {}, [("xp", (N, C)), ("cp", (N, C))]),
    ("BCEWithLogitsLoss", {}, [("x", (N, C)), ("cp", (N, C))]),
    ("KLDivLoss", {"log_target": True}, [("x", (N, C)), ("x", (N, C))]),
    ("PoissonNLLLoss", {"full": True}, [("x", (N, C)), ("counts", (N, C))]),
    ("GaussianNLLLoss", {"full": True, "eps": 1e-3}, [("x", (N, C)), ("x", (N, C)), ("xpos", (N, C))]),
    ("CosineEmbeddingLoss", {"margin": 0.3}, [("x", (N, 5)), ("x", (N, 5)), ("sign", (N,))]),
    ("MarginRankingLoss", {"margin": 0.1}, [("x", (6,)), ("x", (6,)), ("sign", (6,))]),
    ("HingeEmbeddingLoss", {"margin": 0.5}, [("x", (N, C)), ("sign", (N, C))]),
    ("TripletMarginLoss", {"margin": 0.5, "p": 1.0, "swap": True}, [("x", (N, 5)), ("x", (N, 5)), ("x", (N, 5))]),
    ("MultiLabelSoftMarginLoss", {}, [("x", (N, C)), ("cp", (N, C))]),
    ("SoftMarginLoss", {}, [("x", (N, C)), ("sign", (N, C))]),
    ("CosineSimilarity", {"dim": 0}, [("x", (N, 5)), ("x", (N, 5))]),
    ("PairwiseDistance", {"p": 1.5, "keepdim": True}, [("x", (N, 5)), ("x", (N, 5))]),
]


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("case", MODULES, ids=[c[0] for c in MODULES])
def test_loss_module(case, reduction):
    name, kwargs, specs = case
    if name not in ("CosineSimilarity", "PairwiseDistance"):
        kwargs = dict(kwargs, reduction=reduction)
    compare(lambda m, *xs: getattr(m.nn, name)(**kwargs)(*xs), specs, "float64")
    same(lambda m: (repr(getattr(m.nn, name)(**kwargs)), list(getattr(m.nn, name)(**kwargs).state_dict()),
                    getattr(getattr(m.nn, name)(**kwargs), "reduction", None)))


@pytest.mark.parametrize("name", ["CrossEntropyLoss", "NLLLoss", "BCELoss", "MultiLabelSoftMarginLoss"])
def test_weighted_loss_modules(name):
    specs = {"CrossEntropyLoss": [("x", (N, C)), ("cls", (N,), C)], "NLLLoss": [("x", (N, C)), ("cls", (N,), C)],
             "BCELoss": [("xp", (N, C)), ("cp", (N, C))], "MultiLabelSoftMarginLoss": [("x", (N, C)), ("cp", (N, C))]}
    w = np.array([0.5, 2.0, 1.5])
    compare(lambda m, *xs: getattr(m.nn, name)(weight=m.from_numpy(w.copy()))(*xs), specs[name], "float64")
    same(lambda m: (repr(getattr(m.nn, name)(m.ones(3))), list(getattr(m.nn, name)(m.ones(3)).state_dict())))


def test_bce_with_logits_module_buffers():
    w, pw = np.array([[1.0], [2.0], [0.5], [1.0]]), np.array([3.0, 1.0, 0.5])
    compare(lambda m, x, t: m.nn.BCEWithLogitsLoss(m.from_numpy(w.copy()), pos_weight=m.from_numpy(pw.copy()))(x, t),
            [("x", (N, C)), ("cp", (N, C))], "float64")
    same(lambda m: list(m.nn.BCEWithLogitsLoss(pos_weight=m.ones(3)).state_dict()))


@pytest.mark.parametrize("kwargs", [{"size_average": False}, {"reduce": False}, {"size_average": True, "reduce": True},
                                    {"reduce": True}])
@pytest.mark.parametrize("name", ["MSELoss", "L1Loss", "NLLLoss", "BCELoss", "KLDivLoss", "SoftMarginLoss"])
def test_legacy_reduction_args(name, kwargs):
    same(lambda m: record_warnings(lambda: getattr(m.nn, name)(**kwargs).reduction))


def test_legacy_reduction_functional():
    x, y = np.random.default_rng(0).uniform(size=(2, 3, 3))
    same(lambda m: record_warnings(lambda: F(m).mse_loss(m.from_numpy(x.copy()), m.from_numpy(y.copy()),
                                                          size_average=False)))
    same(lambda m: record_warnings(lambda: F(m).l1_loss(m.from_numpy(x.copy()), m.from_numpy(y.copy()),
                                                         reduction="elementwise_mean")))


# ---------------------------------------------------------------- warnings and errors
def _t(m, shape, dtype=None, fill=0.5):
    return m.full(shape, fill, dtype=dtype or m.float32)


ERRORS = {
    "mse_size_warning": lambda m: record_warnings(lambda: F(m).mse_loss(_t(m, (3, 1)), _t(m, (3, 4)))),
    "l1_size_warning": lambda m: record_warnings(lambda: F(m).l1_loss(_t(m, (3,)), _t(m, (1,)))),
    "smooth_l1_size_warning": lambda m: record_warnings(lambda: F(m).smooth_l1_loss(_t(m, (3,)), _t(m, (2, 3)))),
    "mse_mismatch": lambda m: F(m).mse_loss(_t(m, (3, 4)), _t(m, (3, 5))),
    "mse_bad_reduction": lambda m: F(m).mse_loss(_t(m, (3,)), _t(m, (3,)), reduction="foo"),
    "l1_bad_reduction": lambda m: F(m).l1_loss(_t(m, (3,)), _t(m, (3,)), reduction="foo"),
    "kl_bad_reduction": lambda m: F(m).kl_div(_t(m, (3,)), _t(m, (3,)), reduction="foo"),
    "mse_long": lambda m: F(m).mse_loss(m.ones(3, dtype=m.int64), m.ones(3, dtype=m.int64)),
    "mse_long_float": lambda m: F(m).mse_loss(m.ones(3, dtype=m.int64), m.ones(3)),
    "mse_weight_size": lambda m: F(m).mse_loss(_t(m, (3,)), _t(m, (3,)), weight=m.ones(2)),
    "mse_weight_reduction": lambda m: F(m).mse_loss(_t(m, (3,)), _t(m, (3,)), weight=m.ones(3), reduction="x"),
    "l1_weight_reduction": lambda m: F(m).l1_loss(_t(m, (3,)), _t(m, (3,)), weight=m.ones(3), reduction="x"),
    "l1_long": lambda m: F(m).l1_loss(m.ones(3, dtype=m.int64), m.ones(3, dtype=m.int64)),
    "l1_long_sum": lambda m: F(m).l1_loss(m.ones(3, dtype=m.int64), m.zeros(3, dtype=m.int64), reduction="sum"),
    "bce_long": lambda m: F(m).binary_cross_entropy(m.ones(3, dtype=m.int64), m.ones(3, dtype=m.int64)),
    "smooth_l1_long": lambda m: F(m).smooth_l1_loss(m.ones(3, dtype=m.int64), m.ones(3, dtype=m.int64)),
    "ce_kdim_target_shape": lambda m: F(m).cross_entropy(_t(m, (2, 3, 4)), m.zeros(2, 5, dtype=m.int64)),
    "ce_4d_target_dims": lambda m: F(m).cross_entropy(_t(m, (2, 3, 4, 4)), m.zeros(2, 4, dtype=m.int64)),
    "ce_4d_target_shape": lambda m: F(m).cross_entropy(_t(m, (2, 3, 4, 4)), m.zeros(2, 4, 3, dtype=m.int64)),
    "ce_weight_size": lambda m: F(m).cross_entropy(_t(m, (2, 3)), m.zeros(2, dtype=m.int64), m.ones(4)),
    "nll_1d_target": lambda m: F(m).nll_loss(_t(m, (3,)), m.zeros(2, dtype=m.int64)),
    "nll_0d_input": lambda m: F(m).nll_loss(m.tensor(1.0), m.tensor(0)),
    "bce_logits_long_target": lambda m: F(m).binary_cross_entropy_with_logits(_t(m, (3,)), m.ones(3, dtype=m.int64)),
    "kl_div_batchmean_0d": lambda m: F(m).kl_div(m.tensor(-0.5), m.tensor(0.3), reduction="batchmean"),
    "mse_empty": lambda m: F(m).mse_loss(m.ones(0), m.ones(0)),
    "l1_empty": lambda m: F(m).l1_loss(m.ones(0), m.ones(0)),
    "nll_float_target": lambda m: F(m).nll_loss(_t(m, (3, 4)), _t(m, (3,))),
    "nll_batch": lambda m: F(m).nll_loss(_t(m, (3, 4)), m.zeros(2, dtype=m.int64)),
    "ce_float_target": lambda m: F(m).cross_entropy(_t(m, (3, 4)), _t(m, (3,))),
    "ce_long_probs": lambda m: F(m).cross_entropy(_t(m, (3, 4)), m.ones(3, 4, dtype=m.int64)),
    "ce_probs_ignore": lambda m: F(m).cross_entropy(_t(m, (3, 4)), _t(m, (3, 4)), ignore_index=1),
    "ce_smoothing_range": lambda m: F(m).cross_entropy(_t(m, (3, 4)), m.zeros(3, dtype=m.int64), label_smoothing=1.5),
    "ce_probs_smoothing_range": lambda m: F(m).cross_entropy(_t(m, (3, 4)), _t(m, (3, 4)), label_smoothing=1.5),
    "ce_probs_weight_shape": lambda m: F(m).cross_entropy(_t(m, (3, 4)), _t(m, (3, 4)), m.ones(3)),
    "ce_target_out_of_bounds": lambda m: F(m).cross_entropy(_t(m, (3, 4)), m.full((3,), 4, dtype=m.int64)),
    "bce_input_range": lambda m: F(m).binary_cross_entropy(m.tensor([1.5]), m.tensor([1.0])),
    "bce_target_range": lambda m: F(m).binary_cross_entropy(m.tensor([0.5]), m.tensor([1.5])),
    "bce_size": lambda m: F(m).binary_cross_entropy(m.tensor([0.5, 0.2]), m.tensor([1.0])),
    "bce_weight_grad": lambda m: F(m).binary_cross_entropy(m.tensor([0.5]), m.tensor([1.0]),
                                                           m.ones(1, requires_grad=True)),
    "bce_logits_size": lambda m: F(m).binary_cross_entropy_with_logits(_t(m, (3, 4)), _t(m, (3,))),
    "bce_logits_pos_weight_grad": lambda m: F(m).binary_cross_entropy_with_logits(
        _t(m, (3,)), _t(m, (3,)), pos_weight=m.ones(3, requires_grad=True)),
    "soft_margin_target_grad": lambda m: F(m).soft_margin_loss(_t(m, (3,)), m.ones(3, requires_grad=True)),
    "smooth_l1_beta": lambda m: F(m).smooth_l1_loss(_t(m, (3,)), _t(m, (3,)), beta=-1.0),
    "huber_delta": lambda m: F(m).huber_loss(_t(m, (3,)), _t(m, (3,)), delta=0.0),
    "cosine_embedding_target_dim": lambda m: F(m).cosine_embedding_loss(_t(m, (3, 4)), _t(m, (3, 4)), m.ones(3, 1)),
    "cosine_embedding_1d_target": lambda m: F(m).cosine_embedding_loss(_t(m, (4,)), _t(m, (4,)), m.ones(3)),
    "cosine_embedding_0d_target": lambda m: F(m).cosine_embedding_loss(_t(m, (3, 4)), _t(m, (3, 4)), m.tensor(1.0)),
    "margin_ranking_dims": lambda m: F(m).margin_ranking_loss(_t(m, (4,)), _t(m, (4,)), m.ones(3, 1)),
    "triplet_dims": lambda m: F(m).triplet_margin_loss(_t(m, (4,)), _t(m, (4, 3)), m.ones(3, 1)),
    "triplet_margin": lambda m: F(m).triplet_margin_loss(_t(m, (2, 4)), _t(m, (2, 4)), _t(m, (2, 4)), margin=0),
    "triplet_module_margin": lambda m: m.nn.TripletMarginLoss(margin=-1.0),
    "gaussian_negative_var": lambda m: F(m).gaussian_nll_loss(_t(m, (2, 4)), _t(m, (2, 4)), -m.ones(2, 4)),
    "gaussian_negative_float_var": lambda m: F(m).gaussian_nll_loss(_t(m, (2, 4)), _t(m, (2, 4)), -1.0),
    "gaussian_var_size": lambda m: F(m).gaussian_nll_loss(_t(m, (2, 4)), _t(m, (2, 4)), m.ones(3, 4)),
    "gaussian_reduction": lambda m: F(m).gaussian_nll_loss(_t(m, (2, 4)), _t(m, (2, 4)), 1.0, reduction="x"),
    "poisson_reduction": lambda m: F(m).poisson_nll_loss(_t(m, (2, 4)), _t(m, (2, 4)), reduction="x"),
    "multilabel_reduction": lambda m: F(m).multilabel_soft_margin_loss(_t(m, (2, 4)), _t(m, (2, 4)), reduction="x"),
    "huber_weight_reduction": lambda m: F(m).huber_loss(_t(m, (2,)), _t(m, (2,)), reduction="x", weight=m.ones(2)),
    "softmax_empty": lambda m: F(m).softmax(m.empty(0, 3), 1),
    "softmax_empty_long": lambda m: F(m).softmax(m.empty(0, 3, dtype=m.int64), 1),
    "softmax_long": lambda m: F(m).softmax(m.ones(2, 3, dtype=m.int64), 1),
    "softmax_long_dim0": lambda m: F(m).softmax(m.ones(2, 3, dtype=m.int64), 0),
    "log_softmax_empty": lambda m: F(m).log_softmax(m.empty(0), 0),
    "log_softmax_long": lambda m: F(m).log_softmax(m.ones(3, dtype=m.int64), 0),
    "softmax_long_dtype": lambda m: F(m).softmax(m.ones(3, dtype=m.int64), 0, dtype=m.float64),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_loss_errors_and_warnings(case):
    same(ERRORS[case])


def test_nll_loss_all_ignored_is_nan():
    same(lambda m: F(m).nll_loss(m.zeros(2, 3), m.full((2,), -100, dtype=m.int64)))
    same(lambda m: F(m).cross_entropy(m.zeros(2, 3), m.full((2,), -100, dtype=m.int64), label_smoothing=0.1))


def test_loss_second_order_matches_torch():
    """create_graph through the fused losses: the Hessian-vector product is torch's."""
    rng = np.random.default_rng(3)
    x, t = rng.uniform(0.1, 0.9, size=(2, 3)), rng.uniform(0.1, 0.9, size=(2, 3))

    def hvp(m, fn):
        xs = m.from_numpy(x.copy()).requires_grad_()
        g, = m.autograd.grad(fn(m, xs, m.from_numpy(t.copy())), xs, create_graph=True)
        h, = m.autograd.grad((g * g).sum(), xs)
        return h
    for fn in (lambda m, a, b: F(m).binary_cross_entropy(a, b),
               lambda m, a, b: F(m).binary_cross_entropy_with_logits(a, b, pos_weight=m.full((3,), 2.0,
                                                                                              dtype=m.float64)),
               lambda m, a, b: F(m).smooth_l1_loss(a, b, beta=2.0, reduction="sum"),
               lambda m, a, b: F(m).huber_loss(a, b, delta=2.0),
               lambda m, a, b: F(m).soft_margin_loss(a, b)):
        assert_close(hvp(ember, fn), hvp(torch, fn))


# ---------------------------------------------------------------- mixed dtypes, odd targets (torch's rules)
def _mixed(m, loss, da, db, grads=(True, False)):
    """A loss of an input in ``da`` and a target in ``db`` (which require grad as ``grads`` says): its value
    and dtype, then its backward's gradients, or the error either raises."""
    x = m.tensor([[0.5, -1.0, 0.3], [2.0, 0.0, -0.7]], dtype=getattr(m, da), requires_grad=grads[0])
    t = m.tensor([[0.25, 0.5, 0.25], [0.5, 0.2, 0.3]], dtype=getattr(m, db), requires_grad=grads[1])
    out = loss(m, x, t)
    try:
        out.sum().backward()
        return [out, x.grad, t.grad]
    except RuntimeError as err:
        return [out, str(err)[:60]]     # (ember adds a hint to "does not require grad")


MIXED = {
    "huber": lambda m, x, t: F(m).huber_loss(x, t),
    "huber_none": lambda m, x, t: F(m).huber_loss(x, t, reduction="none", delta=0.5),
    "huber_weight": lambda m, x, t: F(m).huber_loss(x, t, weight=m.ones(2, 3, dtype=t.dtype)),
    "smooth_l1": lambda m, x, t: F(m).smooth_l1_loss(x, t),
    "soft_margin": lambda m, x, t: F(m).soft_margin_loss(x, t.detach()),
    "bce": lambda m, x, t: F(m).binary_cross_entropy(x.sigmoid(), t),
    "bce_logits": lambda m, x, t: F(m).binary_cross_entropy_with_logits(x, t),
    "bce_logits_pos_weight": lambda m, x, t: F(m).binary_cross_entropy_with_logits(x, t, pos_weight=m.ones(3)),
    "bce_logits_weight": lambda m, x, t: F(m).binary_cross_entropy_with_logits(x, t, m.ones(3, dtype=m.float64),
                                                                               reduction="none"),
    "mse": lambda m, x, t: F(m).mse_loss(x, t),
    "cross_entropy_probs": lambda m, x, t: F(m).cross_entropy(x, t),
}


@pytest.mark.parametrize("grads", [(True, False), (False, True), (True, True)], ids=["input", "target", "both"])
@pytest.mark.parametrize("dtypes", [("float32", "float64"), ("float64", "float32"), ("float64", "float16"),
                                    ("float32", "float32")])
@pytest.mark.parametrize("name", sorted(MIXED))
def test_mixed_dtype_losses(name, dtypes, grads):
    same(lambda m: _mixed(m, MIXED[name], *dtypes, grads=grads), rtol=1e-3, atol=1e-3)


TARGETS = {
    "int_target": lambda m, x: F(m).huber_loss(x, m.tensor([[1, 0, 1], [0, 1, 1]])),
    "int_input": lambda m, x: F(m).huber_loss(m.tensor([[1, 0, 1], [0, 1, 1]]), x),
    "bool_target": lambda m, x: F(m).huber_loss(x, m.ones(2, 3, dtype=m.bool)),
    "bool_input": lambda m, x: F(m).huber_loss(m.ones(2, 3, dtype=m.bool), x),
    "bce_int_target": lambda m, x: F(m).binary_cross_entropy(x.sigmoid(), m.ones(2, 3, dtype=m.int64)),
    "bce_logits_bool_target": lambda m, x: F(m).binary_cross_entropy_with_logits(x, m.ones(2, 3, dtype=m.bool)),
    "soft_margin_bool_target": lambda m, x: F(m).soft_margin_loss(x, m.ones(2, 3, dtype=m.bool)),
    "soft_margin_int_target": lambda m, x: F(m).soft_margin_loss(x, m.ones(2, 3, dtype=m.int64)),
    "ce_0d_input": lambda m, x: F(m).cross_entropy(m.tensor(1.0), m.tensor([2, 1])),
    "ce_0d_input_0d_target": lambda m, x: F(m).cross_entropy(m.tensor(1.0), m.tensor(0)),
    "ce_0d_input_float_target": lambda m, x: F(m).cross_entropy(m.tensor(1.0), m.tensor(0.5)),
    "ce_float_targets_batch": lambda m, x: F(m).cross_entropy(x, m.tensor([0.0, 2.0])),
    "ce_float_targets_none": lambda m, x: F(m).cross_entropy(x, m.tensor([0.0, 2.0]), reduction="none"),
    "ce_float_targets_shape": lambda m, x: F(m).cross_entropy(x, m.tensor([[0.0, 2.0]])),
    "ce_float_targets_classes": lambda m, x: F(m).cross_entropy(x, m.tensor([0.2, 0.3, 0.5])),
    "ce_float_target_1d": lambda m, x: F(m).cross_entropy(x[0], m.tensor(0.0)),
    "ce_float_targets_kdim": lambda m, x: F(m).cross_entropy(m.zeros(2, 3, 4), m.zeros(2, 4)),
    "ce_probs_kdim_shape": lambda m, x: F(m).cross_entropy(m.zeros(2, 3, 4), m.zeros(2, 3, 5)),
    "ce_int32": lambda m, x: F(m).cross_entropy(x, m.tensor([0, 2], dtype=m.int32)),
    "ce_int16": lambda m, x: F(m).cross_entropy(x, m.tensor([0, 2], dtype=m.int16)),
    "ce_uint8": lambda m, x: F(m).cross_entropy(x, m.tensor([0, 2], dtype=m.uint8)),
    "ce_bool": lambda m, x: F(m).cross_entropy(x, m.tensor([True, False])),
    "ce_int32_smoothing": lambda m, x: F(m).cross_entropy(x, m.tensor([0, 2], dtype=m.int32), label_smoothing=0.1),
    "ce_int32_weight": lambda m, x: F(m).cross_entropy(x, m.tensor([0, 2], dtype=m.int32), weight=m.ones(3)),
    "ce_int32_probs_shape": lambda m, x: F(m).cross_entropy(x, m.zeros(2, 3, dtype=m.int32)),
    "ce_batch": lambda m, x: F(m).cross_entropy(x, m.tensor([0, 2, 1])),
    "ce_probs_empty": lambda m, x: F(m).cross_entropy(m.zeros(0, 3, requires_grad=True), m.zeros(0, 3)),
    "nll_int32": lambda m, x: F(m).nll_loss(x, m.tensor([0, 2], dtype=m.int32)),
}


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_loss_targets_as_torch(name):
    def f(m):
        x = m.tensor([[0.5, -1.0, 0.3], [2.0, 0.0, -0.7]], requires_grad=True)
        out = TARGETS[name](m, x)
        if out.requires_grad:
            try:
                out.sum().backward()
            except RuntimeError as err:
                return [out, str(err)]
        return [out, x.grad]
    same(f)


@pytest.mark.parametrize("kw", [{}, {"label_smoothing": 0.2}, {"weight": [1.0, 2.0, 3.0]}], ids=["plain", "ls", "w"])
def test_cross_entropy_probs_mean_node(kw):
    """The probability-target mean divides by the batch size as a Scalar (torch's DivBackward1, _saved_other
    an int); its create_graph gradient and the second order are torch's."""
    def f(m):
        x = m.tensor([[0.5, -1.0, 0.3], [2.0, 0.0, -0.7]], dtype=m.float64, requires_grad=True)
        args = {k: m.tensor(v, dtype=m.float64) if k == "weight" else v for k, v in kw.items()}
        out = F(m).cross_entropy(x, F(m).softmax(x.detach() * 2, 1), **args)
        g, = m.autograd.grad(out, x, create_graph=True)
        h, = m.autograd.grad((g * g).sum(), x)
        return [out, out.grad_fn._saved_other, type(out.grad_fn._saved_other).__name__, g.detach(), h]
    same(f, rtol=1e-10, atol=1e-12)
