"""Resampling against torch 2.13: ``F.interpolate`` in every mode (values, gradients, nodes, output
sizes, scale-factor rules), the ``Upsample`` and shuffle modules (reprs, forward, backward) and
torch's errors. The ops' own rows (float32/float64 values and gradients, gradcheck, gradgradcheck)
are in ``op_table_nn3.py``."""
from __future__ import annotations

import numpy as np
import pytest
from behave import Err, catch, ember, record_warnings, torch  # skips without torch
from oracle import assert_close


def run_both(f, shape, dtype="float64", seed=0):
    """f(lib, x) on both libraries from the same input; returns (out, x.grad) for each."""
    x = np.random.default_rng(seed).standard_normal(shape).astype(dtype)
    res = []
    for lib in (ember, torch):
        xi = lib.from_numpy(x.copy()).requires_grad_()
        out = f(lib, xi)
        g = np.random.default_rng(seed + 1).standard_normal(tuple(out.shape)).astype(dtype)
        out.backward(lib.from_numpy(g))
        res.append((out, xi.grad))
    (oe, ge), (ot, gt) = res
    assert_close(oe, ot, what="output")
    assert type(oe.grad_fn).__name__ == type(ot.grad_fn).__name__
    assert_close(ge, gt, what="grad")


MODES = [
    ("nearest", (1, 2, 5)), ("nearest", (2, 1, 3, 4)), ("nearest", (1, 1, 2, 3, 3)),
    ("nearest-exact", (1, 2, 5)), ("nearest-exact", (2, 1, 3, 4)), ("nearest-exact", (1, 1, 2, 3, 3)),
    ("linear", (1, 2, 5)), ("bilinear", (2, 1, 3, 4)), ("bicubic", (1, 2, 4, 3)), ("trilinear", (1, 1, 2, 3, 3)),
]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("scale", [0.5, 1.0, 1.7, 2.0, 3.0, 0.6])
@pytest.mark.parametrize("mode,shape", MODES, ids=[f"{m}-{len(s)}d" for m, s in MODES])
def test_interpolate_scale_factors(mode, shape, scale, dtype):
    for recompute in (None, True):
        run_both(lambda lib, x: lib.nn.functional.interpolate(x, scale_factor=scale, mode=mode,
                                                             recompute_scale_factor=recompute), shape, dtype)


@pytest.mark.parametrize("align", [None, False, True])
@pytest.mark.parametrize("mode,shape", MODES, ids=[f"{m}-{len(s)}d" for m, s in MODES])
def test_interpolate_sizes_and_align_corners(mode, shape, align):
    if mode.startswith("nearest") and align is not None:
        return
    for size in (1, 4, 7):
        run_both(lambda lib, x: lib.nn.functional.interpolate(x, size=size, mode=mode, align_corners=align), shape)
    sizes = tuple(range(2, 2 + len(shape) - 2))
    run_both(lambda lib, x: lib.nn.functional.interpolate(x, size=sizes, mode=mode, align_corners=align), shape)


def test_interpolate_per_dim_scales_and_empty_batch():
    run_both(lambda lib, x: lib.nn.functional.interpolate(x, scale_factor=(1.5, 0.7), mode="bilinear"),
             (1, 2, 4, 5))
    run_both(lambda lib, x: lib.nn.functional.interpolate(x, scale_factor=[2, 3, 1.5]), (1, 1, 2, 2, 2))
    e = ember.nn.functional.interpolate(ember.zeros(0, 2, 3, 3), size=2)
    t = torch.nn.functional.interpolate(torch.zeros(0, 2, 3, 3), size=2)
    assert tuple(e.shape) == tuple(t.shape)


def test_nearest_keeps_nan_and_inf():
    x = np.array([[[1.0, np.nan, np.inf, -np.inf]]])
    e = ember.nn.functional.interpolate(ember.from_numpy(x.copy()), scale_factor=2.5)
    t = torch.nn.functional.interpolate(torch.from_numpy(x.copy()), scale_factor=2.5)
    assert_close(e, t)


SPECIAL_CASES = [("nearest", False, (1, 1, 3, 3)), ("nearest-exact", False, (1, 1, 3, 3)),
                 ("bilinear", False, (1, 1, 3, 3)), ("bicubic", False, (1, 1, 3, 3)),
                 ("bilinear", True, (1, 1, 3, 3)), ("bicubic", True, (1, 1, 3, 3)),
                 ("linear", False, (1, 1, 5)), ("trilinear", False, (1, 1, 2, 3, 3))]


@pytest.mark.parametrize("size", ["up", "down", "same", "mixed"])
@pytest.mark.parametrize("mode,aa,shape", SPECIAL_CASES, ids=[f"{m}{'-aa' if a else ''}" for m, a, _ in SPECIAL_CASES])
def test_nan_and_inf_reach_only_their_taps(mode, aa, shape, size):
    """A NaN/inf input (or gradient) reaches exactly the outputs (inputs) whose taps touch it, as torch's
    kernels; a matrix product would spread it to every position (0 * nan)."""
    nd = len(shape) - 2
    out_size = {"up": tuple(2 * n + 1 for n in shape[2:]), "down": tuple(max(1, n // 2) for n in shape[2:]),
                "same": tuple(shape[2:]), "mixed": tuple(shape[2:-1]) + (shape[-1] + 2,)}[size]
    x = np.arange(np.prod(shape), dtype=np.float64).reshape(shape)
    x.reshape(-1)[x.size // 2] = np.nan
    x.reshape(-1)[0] = np.inf
    g = np.ones((1, 1) + out_size)
    g.reshape(-1)[0] = np.nan
    g.reshape(-1)[-1] = -np.inf
    res = []
    for lib in (ember, torch):
        xi = lib.from_numpy(x.copy()).requires_grad_()
        out = lib.nn.functional.interpolate(xi, size=out_size, mode=mode, antialias=aa)
        out.backward(lib.from_numpy(g.copy()))
        res.append((out, xi.grad))
    assert nd == len(out_size)
    assert_close(res[0][0], res[1][0], what="output")
    assert_close(res[0][1], res[1][1], what="grad")


@pytest.mark.parametrize("mode,aa,shape", SPECIAL_CASES, ids=[f"{m}{'-aa' if a else ''}" for m, a, _ in SPECIAL_CASES])
def test_double_backward_is_torchs_node(mode, aa, shape):
    """The gradient's own node is torch's ``Upsample...BackwardBackward0``, and its gradient the upsample again."""
    x = np.random.default_rng(0).standard_normal(shape)
    out_size = tuple(n + 2 for n in shape[2:])
    g = np.random.default_rng(1).standard_normal((1, 1) + out_size)
    v = np.random.default_rng(2).standard_normal(shape)
    res = []
    for lib in (ember, torch):
        xi = lib.from_numpy(x.copy()).requires_grad_()
        gi = lib.from_numpy(g.copy()).requires_grad_()
        out = lib.nn.functional.interpolate(xi, size=out_size, mode=mode, antialias=aa)
        gx, = lib.autograd.grad(out, xi, gi, create_graph=True)
        ggi, = lib.autograd.grad(gx, gi, lib.from_numpy(v.copy()), create_graph=True)
        res.append((gx, ggi))
    (ge, gge), (gt, ggt) = res
    assert type(ge.grad_fn).__name__ == type(gt.grad_fn).__name__
    assert type(gge.grad_fn).__name__ == type(ggt.grad_fn).__name__
    assert_close(ge, gt, what="grad")
    assert_close(gge, ggt, what="grad of grad")


@pytest.mark.parametrize("make", [
    lambda m: m.nn.Upsample(scale_factor=2),
    lambda m: m.nn.Upsample(size=(5, 3), mode="bilinear"),
    lambda m: m.nn.Upsample(scale_factor=(1.5, 2), mode="bicubic", align_corners=True),
    lambda m: m.nn.Upsample(scale_factor=1.3, mode="nearest-exact", recompute_scale_factor=True),
    lambda m: m.nn.UpsamplingNearest2d(scale_factor=3),
    lambda m: m.nn.UpsamplingBilinear2d(size=6),
    lambda m: m.nn.PixelShuffle(2),
    lambda m: m.nn.PixelUnshuffle(2),
    lambda m: m.nn.ChannelShuffle(4),
])
def test_modules_match_torch(make):
    e, t = make(ember), make(torch)
    assert repr(e) == repr(t)
    assert list(e.state_dict()) == list(t.state_dict()) == []
    for shape in ((2, 8, 4, 6), (8, 4, 2)) if "Shuffle" in repr(e) else ((2, 8, 4, 6),):
        run_both(lambda lib, x: (e if lib is ember else t)(x), shape)


def test_deprecated_aliases_warn_as_torch():
    x = np.random.default_rng(0).standard_normal((1, 1, 2, 3))
    for name in ("upsample", "upsample_nearest", "upsample_bilinear"):
        (oe, we), (ot, wt) = (record_warnings(lambda lib=lib: getattr(lib.nn.functional, name)(
            lib.from_numpy(x.copy()), scale_factor=2)) for lib in (ember, torch))
        assert we == wt and wt
        assert_close(oe, ot)


@pytest.mark.parametrize("f", [
    lambda m: m.nn.functional.interpolate(m.zeros(1, 1, 3, 3), size=4, align_corners=True),
    lambda m: m.nn.functional.interpolate(m.zeros(1, 1, 3, 3), size=4, scale_factor=2),
    lambda m: m.nn.functional.interpolate(m.zeros(1, 1, 3, 3)),
    lambda m: m.nn.functional.interpolate(m.zeros(1, 1, 3, 3), size=(4,)),
    lambda m: m.nn.functional.interpolate(m.zeros(1, 1, 3, 3), scale_factor=(2, 2, 2)),
    lambda m: m.nn.functional.interpolate(m.zeros(1, 1, 3, 3), size=(4, 4.0)),
    lambda m: m.nn.functional.interpolate(m.zeros(1, 1, 3, 3), size=4, recompute_scale_factor=True),
    lambda m: m.nn.functional.interpolate(m.zeros(1, 1, 3), size=4, mode="bilinear"),
    lambda m: m.nn.functional.interpolate(m.zeros(1, 1, 3, 3), size=4, mode="linear"),
    lambda m: m.nn.functional.interpolate(m.zeros(1, 1, 3, 3), size=4, mode="foo"),
    lambda m: m.nn.functional.interpolate(m.zeros(1, 1, 3, 3), size=0),
    lambda m: m.nn.functional.interpolate(m.zeros(1, 1, 3), size=0, mode="linear"),
    lambda m: m.nn.functional.interpolate(m.zeros(1, 1, 2, 3, 4), size=0, mode="trilinear"),
    lambda m: m.nn.functional.interpolate(m.zeros(1, 1, 3, 3), scale_factor=0.1),
    lambda m: m.nn.functional.interpolate(m.zeros(1, 0, 3, 3), size=2),
    lambda m: m.nn.functional.interpolate(m.zeros(1, 3), size=4),
    lambda m: m.nn.functional.pixel_shuffle(m.zeros(3, 3), 2),
    lambda m: m.nn.functional.pixel_shuffle(m.zeros(1, 3, 3, 3), 2),
    lambda m: m.nn.functional.pixel_shuffle(m.zeros(1, 4, 3, 3), 0),
    lambda m: m.nn.functional.pixel_unshuffle(m.zeros(1, 4, 3, 4), 2),
    lambda m: m.nn.functional.pixel_unshuffle(m.zeros(1, 4, 4, 3), 2),
    lambda m: m.nn.functional.pixel_unshuffle(m.zeros(1, 4, 4, 4), -1),
    lambda m: m.nn.functional.pixel_unshuffle(m.zeros(4, 4), 2),
    lambda m: m.nn.functional.channel_shuffle(m.zeros(1, 4, 3), 3),
    lambda m: m.nn.functional.channel_shuffle(m.zeros(1, 4, 3), 0),
    lambda m: m.nn.functional.channel_shuffle(m.zeros(1, 4), 2),
])
def test_errors_as_torch(f):
    e, t = catch(lambda: f(ember)), catch(lambda: f(torch))
    assert isinstance(t, Err), t
    assert isinstance(e, Err) and (e.type, e.msg) == (t.type, t.msg), (e, t)


@pytest.mark.parametrize("shape,kw", [((1, 2, 6), {"size": 3}), ((1, 2, 4, 6), {"scale_factor": 0.5}),
                                      ((1, 1, 2, 4, 4), {"size": (1, 2, 3)})])
def test_area_is_adaptive_avg_pool(shape, kw):
    run_both(lambda lib, x: lib.nn.functional.interpolate(x, mode="area", **kw), shape)
