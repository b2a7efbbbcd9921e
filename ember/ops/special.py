"""Special functions: erf, erfc, erfinv, lgamma, digamma, polygamma, i0 (and i1, its derivative).

NumPy is ember's only dependency, so the functions are computed here, vectorised, in float64
(float32/float16 inputs are rounded once at the end):

- ``erf``, ``erfc``: fdlibm's rational approximations, vectorised (``_erf.py``), to ~1 ulp as torch's.
- ``lgamma``: Taylor series around 1 and 2 (exact near its zeros there), the recurrence, Stirling's
  series from 10, the reflection formula below -0.5 (there, near its zeros, ~1e-16 absolute).
- ``erfinv``: an initial approximation refined by Newton steps on ``erf`` (``erfc`` for
  ``|y| > 0.5``, whose ``1 - |y|`` is exact), so it is as accurate as erf itself.
- ``digamma``, ``polygamma(1, .)``, ``polygamma(n >= 2, .)``: torch's algorithms (the recurrence to
  a large argument and the asymptotic series; reflection below 0 or 0.5; the Hurwitz zeta
  function by Euler-Maclaurin summation), so values at poles and near roots match torch's.
- ``i0``, ``i1``: the power series (positive terms, no cancellation) up to 20, the asymptotic
  expansion above, which is exact to rounding there.
"""
from __future__ import annotations

import functools
import math
from fractions import Fraction

import numpy as np

from .._tensor import Tensor
from ._erf import erf64 as _erf64, erf_array, erfc64 as _erfc64, erfc_array
from ._promotion import float_input, must_be_tensor
from ._inplace import apply_inplace
from ._op import Op
from ._record import apply1
from .unary import Unary, unary_function, unary_inplace
from .unary_extra import via

__all__ = ["erf", "erfc", "erfinv", "lgamma", "digamma", "polygamma", "i0", "i1", "erf_", "erfc_", "erfinv_",
           "lgamma_", "digamma_", "polygamma_", "i0_"]


def _in_float64(fn):
    """``fn`` (float64 arrays) on any floating array, the result in the input's dtype."""
    def run(a):
        d = np.asarray(a)
        with np.errstate(all="ignore"):
            r = fn(d.astype(np.float64))
            return np.asarray(r, dtype=np.float64).astype(d.dtype, copy=False)     # overflow to inf: silent
    return run


def _lgamma_series(z, q: float = 1.0):
    """lgamma(1 + z) for |z| <= 0.5 (or, with ``q=2.0``, lgamma(2 + z)): the Taylor series,
    exact to rounding near the zero at z = 0."""
    series = np.zeros_like(z)
    for c in _lgamma_coefficients(q)[::-1]:
        series = series * z + c
    return series * z


def _lgamma_positive(x):
    """lgamma for x >= 0.5: the series around 1 and 2, the recurrence down to [1.5, 2.5) below 10,
    Stirling's series (10 terms) from 10 on."""
    out = np.empty_like(x)
    a = x < 1.5
    out[a] = _lgamma_series(x[a] - 1)
    b = (x >= 1.5) & (x < 10)
    if b.any():
        xb = x[b]
        n = np.floor(xb - 1.5)                  # lgamma(x) = lgamma(x - n) + log((x - 1)(x - 2)...(x - n))
        y = xb - n
        prod = np.ones_like(xb)
        for k in range(1, 9):
            prod = np.where(k <= n, prod * (xb - k), prod)
        out[b] = _lgamma_series(y - 2, 2.0) + np.log(prod)
    c = x >= 10
    if c.any():
        xc = x[c]
        with np.errstate(over="ignore"):
            r = 1 / (xc * xc)
        tail = np.zeros_like(xc)
        for coef in _STIRLING[::-1]:
            tail = tail * r + coef
        with np.errstate(over="ignore"):
            out[c] = (xc - 0.5) * np.log(xc) - xc + _HALF_LOG_2PI + tail / xc
    return out


def _lgamma64(x):
    """lgamma, vectorised: series for |x| < 0.5 (``lgamma(1 + x) - log|x|``), :func:`_lgamma_positive`
    from 0.5, the reflection ``log(pi / |sin(pi x)|) - lgamma(1 - x)`` below -0.5; +inf at the poles."""
    x = np.asarray(x, dtype=np.float64)
    out = np.full_like(x, np.inf)
    small = np.abs(x) < 0.5
    xs = x[small]
    with np.errstate(divide="ignore"):
        out[small] = _lgamma_series(xs) - np.log(np.abs(xs))
    pos = x >= 0.5
    out[pos] = _lgamma_positive(x[pos])
    neg = (x <= -0.5) & (x != np.floor(x))
    if neg.any():
        xn = x[neg]
        r = xn - np.round(xn)                   # sin(pi x) from the exact distance to an integer
        out[neg] = np.log(np.pi / np.abs(np.sin(np.pi * r))) - _lgamma_positive(1 - xn)
    out[np.isnan(x)] = np.nan
    out[x == np.inf] = np.inf
    return out + 0.0          # lgamma(1) and lgamma(2) are +0.0


def _erfinv64(y):
    """Giles's single-precision approximation, refined by 4 Newton/Halley steps (quadratic convergence)."""
    with np.errstate(all="ignore"):
        w = -np.log((1 - y) * (1 + y))
        small = w < 5
        ws, wl = w - 2.5, np.sqrt(w) - 3
        ps = 2.81022636e-08
        for c in (3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087, -0.00125372503,
                  -0.00417768164, 0.246640727, 1.50140941):
            ps = c + ps * ws
        pl = -0.000200214257
        for c in (0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613,
                  0.00943887047, 1.00167406, 2.83297682):
            pl = c + pl * wl
        x = np.where(small, ps, pl) * y
        ay, ax = np.abs(y), np.abs(x)
        tail = ay > 0.5
        finite = np.isfinite(x) & (ay < 1)
        c = 2 / math.sqrt(math.pi)
        centre, tail = finite & ~tail, finite & tail
        xc, yc, xt, yt = ax[centre], ay[centre], ax[tail], ay[tail]
        for _ in range(4):
            # the centre: Halley on erf(x) - |y|; the tails: Newton on log(erfc(x)) - log(1 - |y|) (1 - |y| is
            # exact there, and the log makes the function nearly linear, so the steps converge from afar)
            step = (_erf64(xc) - yc) / (c * np.exp(-xc * xc))
            xc = xc - step / (1 + xc * step)
            e = _erfc64(xt)
            xt = xt + (np.log(e) - np.log(1 - yt)) * e / (c * np.exp(-xt * xt))
        ax = np.array(ax, dtype=np.float64)
        ax[centre], ax[tail] = xc, xt
        x = np.copysign(ax, y)
        x = np.where(ay == 1, np.copysign(np.inf, y), x)
        return np.where((ay > 1) | np.isnan(y), np.nan, np.where(y == 0, y, x))


# ------------------------------------------------------------------ digamma and polygamma (torch's algorithms)
def _bernoulli(n: int) -> list:
    """B_0..B_n as Fractions."""
    b = [Fraction(1)]
    for m in range(1, n + 1):
        b.append(-sum(math.comb(m + 1, k) * b[k] for k in range(m)) / (m + 1))
    return b


_B = _bernoulli(26)
_PSI_ASYMPTOTIC = [float(_B[2 * k] / (2 * k)) for k in range(7, 0, -1)]    # B_2k / 2k, highest first
_ZETA_A = [float(math.factorial(2 * k) / _B[2 * k]) for k in range(1, 13)]  # (2k)! / B_2k
_PSI_10 = 2.25175258906672110764
_EULER = 0.57721566490153286061


def _digamma64(x):
    x = np.asarray(x)
    out = np.empty_like(x)
    neg = x < 0
    integer = x == np.trunc(x)
    if neg.any():
        xn = x[neg]
        frac = xn - np.trunc(xn)
        pi = x.dtype.type(np.pi)
        out[neg] = np.where(integer[neg], np.nan, _digamma_pos(1 - xn) - pi / np.tan(pi * frac))
    pos = ~neg
    out[pos] = _digamma_pos(x[pos])
    zero = x == 0
    out[zero] = np.copysign(np.inf, -x[zero])
    return out


def _digamma_pos(x):
    result = np.zeros_like(x)
    x = x.copy()
    for _ in range(10):                  # push x to >= 10
        low = x < 10
        if not low.any():
            break
        result[low] -= 1 / x[low]
        x[low] += 1
    z = 1 / (x * x)
    y = np.zeros_like(x)
    for c in _PSI_ASYMPTOTIC:
        y = y * z + c
    y = np.where(x < 1e17, z * y, 0)
    return np.where(x == 10, result + x.dtype.type(_PSI_10), result + np.log(x) - 0.5 / x - y)


def _trigamma64(x):
    x = np.asarray(x)
    one = x.dtype.type(1)
    sign = np.where(x < 0.5, -one, one)
    s = np.sin(x.dtype.type(np.pi) * x)
    result = np.where(x < 0.5, -x.dtype.type(np.pi * np.pi) / (s * s), 0 * one)
    x = np.where(x < 0.5, 1 - x, x)
    for _ in range(6):
        result = result + 1 / (x * x)
        x = x + 1
    ixx = 1 / (x * x)
    # the tail in double, as torch's C++ (its 1./6 ... are double constants), added to the float result
    ixd = ixx.astype(np.float64)
    head = (1 + 1 / (2 * x)).astype(np.float64)
    tail = (head + ixd * (1 / 6 - ixd * (1 / 30 - ixd * (1 / 42)))) / x.astype(np.float64)
    return sign * (result + tail).astype(x.dtype)


def _zeta64(s: int, q):
    """The Hurwitz zeta function ``sum_k (q + k) ** -s`` for an integer ``s >= 2`` (Euler-Maclaurin, as
    Cephes: the terms summed directly until ``q + k > 9``, then the tail's integral and Bernoulli terms)."""
    q = np.asarray(q, dtype=np.float64)
    pole = (q <= 0) & (q == np.floor(q))
    q = np.where(pole, 1.0, q)
    total = q ** -s
    a = q.copy()
    b = np.zeros_like(q)
    for _ in range(9):                  # at least 9 terms
        a = a + 1
        b = a ** -s
        total = total + b
    if np.any(a <= 9):                  # a negative q: on to q + k > 9, summed in chunks (|q| + 9 terms)
        af, bf, tf = a.reshape(-1).copy(), b.reshape(-1).copy(), total.reshape(-1).copy()
        for j in np.nonzero(af <= 9)[0]:
            n = int(math.floor(9 - af[j])) + 1          # the terms a + 1 .. a + n, the last > 9
            for start in range(1, n + 1, 1 << 20):
                terms = (af[j] + np.arange(start, min(start + (1 << 20), n + 1), dtype=np.float64)) ** -s
                tf[j] += terms.sum()
            af[j] += n
            bf[j] = af[j] ** -s
        a, b, total = af.reshape(a.shape), bf.reshape(b.shape), tf.reshape(total.shape)
    w = a
    total = total + b * w / (s - 1) - 0.5 * b
    fa, k = 1.0, 0.0
    for ai in _ZETA_A:
        fa = fa * (s + k)
        b = b / w
        total = total + fa * b / ai
        k += 1
        fa = fa * (s + k)
        b = b / w
        k += 1
    return np.where(pole, np.inf, total)


@functools.cache
def _lgamma_coefficients(q: float) -> list:
    """The series' coefficients, lowest first, made on first use (10 ms of ``import ember`` otherwise).
    q = 1: lgamma(1 + z) = z * (-euler + sum_{k>=2} (-1)^k zeta(k) / k z^(k-1));
    q = 2: lgamma(2 + z) = lgamma(1 + z) + log1p(z):
    (1 - euler) z + sum_{k>=2} (-1)^k (zeta(k) - 1) / k z^k (|z| < 2)."""
    return [q - 1 - _EULER] + [(-1) ** k * float(_zeta64(k, q)) / k for k in range(2, 64)]


_STIRLING = [float(_B[2 * k] / (2 * k * (2 * k - 1))) for k in range(1, 11)]   # B_2k / (2k (2k - 1))
_HALF_LOG_2PI = 0.91893853320467274178


def _polygamma64(n: int, x):
    if n == 0:
        return _in_float64(_digamma64)(x)
    if n == 1:
        return _in_float64(_trigamma64)(x)
    return (1.0 if n % 2 else -1.0) * math.exp(math.lgamma(n + 1.0)) * _zeta64(n + 1, x)


def _polygamma(n: int, a):
    """polygamma of an array in its dtype: digamma and trigamma as torch rounds them, n >= 2 in float64."""
    if n == 1 and np.asarray(a).dtype == np.float32:    # torch's float kernel: sin(pi x) in float near the poles
        with np.errstate(all="ignore"):
            return _trigamma64(np.asarray(a))
    if n <= 1:
        return np.asarray(_polygamma64(n, a)).astype(np.asarray(a).dtype, copy=False)
    return _in_float64(lambda d: _polygamma64(n, d))(a)


# ------------------------------------------------------------------ modified Bessel functions I0 and I1
def _bessel64(x, nu: int, scaled: bool = False):
    """I_nu(x) for nu in (0, 1): series below 20, asymptotic expansion above (nan at +-inf, as torch);
    ``scaled``: ``exp(-|x|) I_nu(x)`` (i0e, i1e: 0 at +-inf), the large branch never forming ``exp(|x|)``."""
    x = np.asarray(x, dtype=np.float64)
    ax = np.abs(x)
    small = ax <= 20
    xs = np.where(small, ax, 0.0)
    q = xs * xs / 4
    term = np.ones_like(xs) if nu == 0 else xs / 2
    total = term
    for k in range(1, 80):
        term = term * q / (k * (k + nu))
        total = total + term
    xl = np.where(small, 21.0, ax)
    t = np.ones_like(xl)
    series = t
    mu = 4 * nu * nu
    for k in range(1, 60):
        t = t * -(mu - (2 * k - 1) ** 2) / (k * 8 * xl)
        series = series + t
    large = series / np.sqrt(2 * np.pi * xl)
    if scaled:
        out = np.where(small, np.exp(-xs) * total, large)
        out = np.where(np.isinf(x), 0.0, out)
    else:
        out = np.where(small, total, np.exp(xl) * large)
        out = np.where(np.isinf(x), np.nan, out)
    return np.copysign(out, x) if nu == 1 else out


def _i0_64(x):
    return _bessel64(x, 0)


def _i1_64(x):
    return _bessel64(x, 1)


_erf, _erfc, _erfinv, _lgamma = erf_array, erfc_array, _in_float64(_erfinv64), _in_float64(_lgamma64)
_digamma, _i0, _i1 = _in_float64(_digamma64), _in_float64(_i0_64), _in_float64(_i1_64)
_TWO_OVER_SQRT_PI, _HALF_SQRT_PI = 2 / math.sqrt(math.pi), 0.5 * math.sqrt(math.pi)


# ----------------------------------------------------------------------------------------------
# the ops: name, forward, saved value, derivative (derivatives.yaml)
class ErfBackward0(Unary):
    compute, saves = _erf, "self"
    def derivative(g, x, xp): return _TWO_OVER_SQRT_PI * xp.exp(-(x * x)) * g       # noqa: E704


class ErfcBackward0(Unary):
    compute, saves = _erfc, "self"
    def derivative(g, x, xp): return -_TWO_OVER_SQRT_PI * xp.exp(-(x * x)) * g      # noqa: E704


class ErfinvBackward0(Unary):
    compute, saves = _erfinv, "self"
    def derivative(g, x, xp): return _HALF_SQRT_PI * xp.exp(_erfinv_xp(xp, x) ** 2) * g   # noqa: E704


class LgammaBackward0(Unary):
    compute, saves = _lgamma, "self"
    def derivative(g, x, xp): return g * _digamma_xp(xp, x)                          # noqa: E704


class DigammaBackward0(Unary):
    compute, saves = _digamma, "self"
    def derivative(g, x, xp): return g * _polygamma_xp(xp, 1, x)                     # noqa: E704


class I0Backward0(Unary):
    compute, saves = _i0, "self"
    def derivative(g, x, xp): return g * _i1_xp(xp, x)                               # noqa: E704


class SpecialI1Backward0(Unary):
    compute, saves = _i1, "self"
    def derivative(g, x, xp): return _i1_grad(g, x, xp)                              # noqa: E704


def _i1_grad(g, x, xp):
    """torch's i1_backward: ``i0(x) - i1(x) / x``, and 0.5 at |x| <= eps (where that is 0/0)."""
    r = _i1_xp(xp, x)
    eps = float(np.finfo(np.asarray(x._data if isinstance(x, Tensor) else x).dtype).eps)
    big = xp.abs(x) > eps
    safe = xp.where(big, x, eps)
    return g * xp.where(big, _i0_xp(xp, safe) - r * (1 / safe), 0.5)


class PolygammaBackward0(Op):
    """``polygamma(n, x)``, the n-th derivative of digamma; its derivative is ``polygamma(n + 1, x)``."""
    __slots__ = ("n",)
    _saved_names = ("self",)
    _param_names = ("n",)

    @staticmethod
    def forward(ctx, a, n):
        ctx.n = n
        ctx.save(a)
        return _polygamma(n, a)

    def backward(ctx, g, xp):
        x, = xp.saved(ctx)
        return (g * _polygamma_xp(xp, ctx.n + 1, x),)


class PolygammaBackward1(PolygammaBackward0):
    """``polygamma_(n)``, in place: torch's node for it, the same formula."""
    __slots__ = ()


# ----------------------------------------------------------------------------------------------
# the functions
def _doc(text: str) -> str:
    return (text + " Integer and bool inputs give the default float dtype.\n\n"
            "Args:\n    input (Tensor): the input tensor.\n")


def _no_complex(name: str):
    return lambda dtype: NotImplementedError(f"\"{name}\" not implemented for '{dtype}'")


erf = unary_function(ErfBackward0, "erf", _doc("Return the error function of each element."),
                     complex_error=_no_complex("erf_vml_cpu"))
erfc = unary_function(ErfcBackward0, "erfc", _doc("Return the complementary error function ``1 - erf(x)`` of "
                                                  "each element, accurate where erf is close to 1."),
                      complex_error=_no_complex("erfc_vml_cpu"))
erfinv = unary_function(ErfinvBackward0, "erfinv", _doc("Return the inverse error function of each element "
                                                        "(``+-inf`` at +-1, ``nan`` beyond)."),
                        complex_error=_no_complex("erfinv_cpu"))
lgamma = unary_function(LgammaBackward0, "lgamma", _doc("Return the log of the absolute value of the gamma "
                                                        "function of each element (``inf`` at its poles)."),
                        complex_error=_no_complex("lgamma_vml_cpu"))
digamma = unary_function(DigammaBackward0, "digamma", _doc("Return the logarithmic derivative of the gamma "
                                                           "function of each element (``-inf`` at +0, ``nan`` at "
                                                           "the negative integers)."),
                         complex_error=_no_complex("digamma"))
i0 = unary_function(I0Backward0, "i0", _doc("Return the modified Bessel function of the first kind of order 0 of "
                                            "each element."), complex_error=_no_complex("i0_cpu"))
i1 = unary_function(SpecialI1Backward0, "i1", _doc("Return the modified Bessel function of the first kind of "
                                                   "order 1 of each element (``torch.special.i1``)."),
                    complex_error=_no_complex("i1_cpu"))
erf_, erfc_, erfinv_, lgamma_, digamma_, i0_ = (
    unary_inplace(ErfBackward0, "erf"), unary_inplace(ErfcBackward0, "erfc"), unary_inplace(ErfinvBackward0, "erfinv"),
    unary_inplace(LgammaBackward0, "lgamma"), unary_inplace(DigammaBackward0, "digamma"),
    unary_inplace(I0Backward0, "i0"))


def _order(name: str, n) -> int:
    if type(n) is not int and not isinstance(n, np.integer):
        raise TypeError(f"{name}(): argument 'n' (position 1) must be int, not {type(n).__name__}")
    if n < 0:
        raise RuntimeError("polygamma(n, x) does not support negative n.")
    return int(n)


def polygamma(n: int, input: Tensor) -> Tensor:  # noqa: A002
    """Return the ``n``-th derivative of the digamma function of each element (``n = 0``: digamma).

    Args:
        n (int): the order, ``>= 0``.
        input (Tensor): the input tensor (integer and bool inputs give the default float dtype).
    """
    n = _order("polygamma", n)
    if not isinstance(input, Tensor):
        raise must_be_tensor("polygamma", "input", 2, input)
    return apply1(PolygammaBackward0, input, float_input(input), n)


def polygamma_method(input: Tensor, n: int) -> Tensor:  # noqa: A002
    """``Tensor.polygamma(n)``: :func:`polygamma` with the tensor first."""
    return polygamma(n, input)


def polygamma_(input: Tensor, n: int) -> Tensor:  # noqa: A002
    """In-place version of :func:`polygamma` (``input.polygamma_(n)``); returns ``input``."""
    n = _order("polygamma_", n)
    return apply_inplace(PolygammaBackward1, input, (input,), (float_input(input),), n)


# the same functions inside backward formulas (NumPy's, or ember's recorded ops under create_graph)
_erfinv_xp, _digamma_xp, _i0_xp, _i1_xp = via(_erfinv, erfinv), via(_digamma, digamma), via(_i0, i0), via(_i1, i1)
_polygamma_xp = via(lambda n, x: _polygamma(n, x), polygamma)
