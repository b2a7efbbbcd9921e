"""The vectorised erf/erfc (ember/ops/_erf.py): accuracy against the C library (Python's ``math``), a
120-bit reference (mpmath, which torch's sympy brings), and torch's float32/float64 kernels."""
from __future__ import annotations

import math

import mpmath
import numpy as np
import torch

import ember
from ember.ops._erf import erf64, erf_array, erfc64, erfc_array

SPECIAL = [0.0, -0.0, np.inf, -np.inf, np.nan, 5e-324, -5e-324, 1e-310, 2.2250738585072014e-308, 1e-300, 2 ** -28,
           2 ** -56, 0.25, 0.84375, -0.84375, 1.25, -1.25, 1 / 0.35, 6.0, -6.0, 26.5, 27.3, 28.0, -28.0, 1e300]


def points(n: int, seed: int = 0) -> np.ndarray:
    """Every range of the algorithm, its boundaries, the tails, subnormals, +-0, +-inf, nan."""
    rng = np.random.default_rng(seed)
    parts = [rng.standard_normal(n) * s for s in (0.3, 1.0, 3.0)]
    parts += [rng.uniform(-30, 30, n), rng.uniform(0.8, 1.3, n), rng.uniform(-1.3, -0.8, n), rng.uniform(2.8, 2.9, n)]
    parts.append(10.0 ** rng.uniform(-323, 1.5, n) * rng.choice([-1.0, 1.0], n))
    for b in (0.25, 0.84375, 1.25, 1 / 0.35, 6.0, 28.0):     # the neighbours of each boundary
        parts.append(np.nextafter(np.full(4, b), [-np.inf, np.inf, -np.inf, np.inf]) * np.array([1, 1, -1, -1]))
    return np.concatenate(parts + [np.array(SPECIAL)])


def ulp_distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """How many representable float64s lie between a and b (0 where both are nan)."""
    def ordered(v):
        i = v.view(np.int64)
        return np.where(i < 0, np.int64(-2 ** 63) - i, i)
    d = np.abs(ordered(a) - ordered(b))
    return np.where(np.isnan(a) & np.isnan(b), 0, d)


def ulp_error(got: np.ndarray, exact) -> np.ndarray:
    """|got - exact| in units of the exact value's ulp."""
    out = []
    for g, e in zip(got, exact):
        f = float(e)
        out.append(0.0 if g == f else float(abs(mpmath.mpf(float(g)) - e) / math.ulp(f)))
    return np.array(out)


def test_erf_within_an_ulp_of_the_c_library():
    x = points(20000)
    ref = np.array([math.erf(v) for v in x])
    assert ulp_distance(erf64(x), ref).max() <= 1


def test_erfc_within_the_c_librarys_own_error():
    # math.erfc is itself up to ~3 ulp off near 1.2 (see the 120-bit test): ember is never further from
    # it than their two errors together, and equal to it on ~86% of these points
    x = points(20000)
    ref = np.array([math.erfc(v) for v in x])
    d = ulp_distance(erfc64(x), ref)
    assert d.max() <= 5
    assert (d == 0).mean() > 0.8


def test_against_a_120_bit_reference():
    mpmath.mp.prec = 120
    x = points(400, seed=1)
    x = x[np.abs(x) < 30]                                   # (and finite: mpmath overflows beyond)
    erf_exact = [mpmath.erf(mpmath.mpf(float(v))) for v in x]
    erfc_exact = [mpmath.erfc(mpmath.mpf(float(v))) for v in x]
    assert ulp_error(erf64(x), erf_exact).max() < 1.0
    assert ulp_error(erfc64(x), erfc_exact).max() < 2.5         # erfc: <= 1 ulp from 1.25 on, ~2 near 1
    # the C library's erfc for comparison: no closer
    lib = ulp_error(np.array([math.erfc(v) for v in x]), erfc_exact)
    assert ulp_error(erfc64(x), erfc_exact).mean() <= lib.mean()


def test_special_values():
    x = np.array(SPECIAL)
    for fn, ref in ((erf64, math.erf), (erfc64, math.erfc)):
        got = fn(x)
        want = np.array([ref(v) for v in x])
        assert ulp_distance(got, want).max() <= 1, fn
        assert (np.signbit(got) == np.signbit(want))[~np.isnan(x)].all(), fn
    assert np.isnan(erf64(np.array([np.nan]))).all() and np.isnan(erfc64(np.array([np.nan]))).all()
    tiny = np.array([5e-324, 1e-310, -3e-320])
    assert (erf64(tiny) == [math.erf(v) for v in tiny]).all()        # subnormals keep their bits
    mixed = np.array([np.nan, 1e-310, 3.0, -2e-320])                   # a nan hides neither the tiny nor the big
    np.testing.assert_array_equal(erf64(mixed), [math.erf(v) for v in mixed])


def test_float32_is_the_correctly_rounded_float64():
    x = points(5000)
    x = x[~(np.abs(x) > 1e38)].astype(np.float32)
    assert erf_array(x).dtype == np.float32 and erfc_array(x).dtype == np.float32
    np.testing.assert_array_equal(erf_array(x), erf64(x.astype(np.float64)).astype(np.float32))
    np.testing.assert_array_equal(erfc_array(x), erfc64(x.astype(np.float64)).astype(np.float32))


def test_agreement_with_torch():
    """torch computes float32 erf in float32 (its own vectorised approximation) and float64 with SLEEF:
    neither is correctly rounded, so ember (which is) agrees to an ulp, bit for bit on most points."""
    rng = np.random.default_rng(2)
    x32 = (rng.standard_normal(100000) * 2).astype(np.float32)
    for name, t_fn in (("erf", torch.erf), ("erfc", torch.erfc)):
        e = getattr(ember, name)(ember.from_numpy(x32)).numpy()
        t = t_fn(torch.from_numpy(x32)).numpy()
        d = np.abs(e.view(np.int32).astype(np.int64) - t.view(np.int32))
        assert d.max() <= 1 and (d == 0).mean() > 0.9, name
        x64 = x32.astype(np.float64)
        e = getattr(ember, name)(ember.from_numpy(x64)).numpy()
        t = t_fn(torch.from_numpy(x64)).numpy()
        assert ulp_distance(e, t).max() <= 3 and (ulp_distance(e, t) == 0).mean() > 0.75, name


def test_shapes_blocks_and_layouts():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((3, 70001)) * 4                # several blocks, every range
    flat = erf64(x.ravel())
    assert (erf64(x) == flat.reshape(x.shape)).all()
    assert (erf64(x.T) == flat.reshape(x.shape).T).all()     # non-contiguous
    assert (erfc64(x[:, ::7]) == erfc64(x.ravel()).reshape(x.shape)[:, ::7]).all()
    assert erf64(np.array(0.5)).shape == () and erf64(np.array(0.5)) == math.erf(0.5)
    assert erf64(np.empty((0, 3))).shape == (0, 3)


def test_scaled_argument_is_the_rounded_product():
    """``erf_array(x, scale)`` (GELU's ``erf(x / sqrt(2))`` without the product array) is erf of ``x * scale``
    rounded to x's dtype, in every block and range."""
    rng = np.random.default_rng(4)
    for dtype in (np.float32, np.float64):
        for n in (7, 200003):
            x = (rng.standard_normal(n) * 4).astype(dtype)
            x[::97] = np.nan
            np.testing.assert_array_equal(erf_array(x, math.sqrt(0.5)), erf_array(x * math.sqrt(0.5)))


def test_gelu_uses_it():
    """GELU's forward and backward on float64 match torch's to rounding (absolute: ``1 + erf`` cancels for x < 0,
    in torch's formula as in ember's; the tanh form's ``1 - tanh^2`` cancels for large x, so looser there)."""
    x = torch.randn(2000, dtype=torch.float64, generator=torch.Generator().manual_seed(0)) * 3
    x.requires_grad_(True)
    e = ember.from_numpy(x.detach().numpy().copy()).requires_grad_(True)
    for approximate, tol in (("none", 1e-15), ("tanh", 1e-13)):
        y = torch.nn.functional.gelu(x, approximate=approximate)
        ye = ember.nn.functional.gelu(e, approximate=approximate)
        np.testing.assert_allclose(ye.detach().numpy(), y.detach().numpy(), rtol=tol, atol=tol)
        g, = torch.autograd.grad(y.sum(), x)
        ge, = ember.autograd.grad(ye.sum(), e)
        np.testing.assert_allclose(ge.numpy(), g.numpy(), rtol=tol, atol=tol)
