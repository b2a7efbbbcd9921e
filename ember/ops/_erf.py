"""erf and erfc on NumPy arrays, vectorised (NumPy has neither), to float64 rounding.

The algorithm is Sun's fdlibm ``s_erf.c`` (glibc's erf is the same one),
written out for arrays: |x| is split into four ranges, each with its own rational approximation. The
first range's formula runs on a whole block (65536 elements, so the temporaries stay in cache) and the
elements of the other ranges (few, for activations) are gathered, evaluated and scattered back:

- ``|x| < 0.84375``: ``erf(x) = x + x * R(x^2)``, R = P/Q (the correction ``x * R`` is small next
  to ``x``, so its rounding error hardly shows); ``erfc = 1 - erf`` or, from 0.25, ``0.5 - (x * R + (x - 0.5))``.
- ``0.84375 <= |x| < 1.25``: ``erf(x) = c + P(s) / Q(s)`` about ``s = |x| - 1``, where ``c`` is
  erf(1) rounded to 24 bits (so ``1 - c`` is exact).
- ``1.25 <= |x| < 28``: ``erfc(x) = exp(-x^2 - 0.5625 + R(1/x^2) / S(1/x^2)) / x`` (two fits, split
  at 1/0.35), with ``-x^2`` taken exactly by splitting ``x`` into a 21-bit head and a tail.
- beyond: erf is +-1, erfc 0 (or 2 below -6).

The fits are fdlibm's published coefficients (|error| below 2**-57 relative), lowest degree first.
Every function takes and returns float64; :func:`erf_array` does any float dtype (one rounding).
"""
from __future__ import annotations

import numpy as np

__all__ = ["erf64", "erfc64", "erf_array", "erfc_array"]

_ERX = 8.45062911510467529297e-01                  # erf(1) rounded to 24 bits
_EFX8 = 1.02703333676410069053e+00                 # 8 * (2 / sqrt(pi) - 1)
# erf on [0, 0.84375]: (erf(x) - x) / x = P(z) / Q(z), z = x^2
_PP = (1.28379167095512558561e-01, -3.25042107247001499370e-01, -2.84817495755985104766e-02,
       -5.77027029648944159157e-03, -2.37630166566501626084e-05)
_QQ = (1.0, 3.97917223959155352819e-01, 6.50222499887672944485e-02, 5.08130628187576562776e-03,
       1.32494738004321644526e-04, -3.96022827877536812320e-06)
# erf on [0.84375, 1.25]: erf(1 + s) - erx = P(s) / Q(s)
_PA = (-2.36211856075265944077e-03, 4.14856118683748331666e-01, -3.72207876035701323847e-01,
       3.18346619901161753674e-01, -1.10894694282396677476e-01, 3.54783043256182359371e-02,
       -2.16637559486879084300e-03)
_QA = (1.0, 1.06420880400844228286e-01, 5.40397917702171048937e-01, 7.18286544141962662868e-02,
       1.26171219808761642112e-01, 1.36370839120290507362e-02, 1.19844998467991074170e-02)
# erfc on [1.25, 1/0.35]: log(x * erfc(x)) + x^2 + 0.5625 = R(s) / S(s), s = 1 / x^2
_RA = (-9.86494403484714822705e-03, -6.93858572707181764372e-01, -1.05586262253232909814e+01,
       -6.23753324503260060396e+01, -1.62396669462573470355e+02, -1.84605092906711035994e+02,
       -8.12874355063065934246e+01, -9.81432934416914548592e+00)
_SA = (1.0, 1.96512716674392571292e+01, 1.37657754143519042600e+02, 4.34565877475229228821e+02,
       6.45387271733267880336e+02, 4.29008140027567833386e+02, 1.08635005541779435134e+02,
       6.57024977031928170135e+00, -6.04244152148580987438e-02)
# the same on [1/0.35, 28]
_RB = (-9.86494292470009928597e-03, -7.99283237680523006574e-01, -1.77579549177547519889e+01,
       -1.60636384855821916062e+02, -6.37566443368389627722e+02, -1.02509513161107724954e+03,
       -4.83519191608651397019e+02)
_SB = (1.0, 3.03380607434824582924e+01, 3.25792512996573918826e+02, 1.53672958608443695994e+03,
       3.19985821950859553908e+03, 2.55305040643316442583e+03, 4.74528541206955367215e+02,
       -2.24409524465858183362e+01)
def _poly(z: np.ndarray, coefs: tuple) -> np.ndarray:
    """``sum(coefs[k] * z**k)`` by Horner's rule, in place on one temporary."""
    acc = z * coefs[-1]
    for c in coefs[-2:0:-1]:
        acc += c
        acc *= z
    acc += coefs[0]
    return acc


def _small(x: np.ndarray, z: np.ndarray, complement: bool) -> np.ndarray:
    """|x| < 0.84375 (and every element's first pass: see :func:`_evaluate`); ``z`` is ``x * x``."""
    xr = _poly(z, _PP)
    xr /= _poly(z, _QQ)
    xr *= x                                         # x R(x^2)
    if not complement:
        xr += x
        return xr
    return np.where(x < 0.25, 1 - (x + xr), 0.5 - (xr + (x - 0.5)))


def _middle(ax: np.ndarray) -> np.ndarray:
    """erf(|x|) - erx for 0.84375 <= |x| < 1.25."""
    s = ax - 1
    p = _poly(s, _PA)
    p /= _poly(s, _QA)
    return p


def _tail(ax: np.ndarray, complement: bool) -> np.ndarray:
    """erfc(|x|) for 1.25 <= |x| <= 28."""
    s = 1 / (ax * ax)
    near = ax < 1 / 0.35
    if near.all():
        rs = _poly(s, _RA) / _poly(s, _SA)
    elif not near.any():
        rs = _poly(s, _RB) / _poly(s, _SB)
    else:
        rs = np.empty_like(s)
        i, j = np.flatnonzero(near), np.flatnonzero(~near)
        rs[i] = _poly(s[i], _RA) / _poly(s[i], _SA)
        rs[j] = _poly(s[j], _RB) / _poly(s[j], _SB)
    # exp(-x^2 - 0.5625 + rs) as exp(e) (1 + lo), e + lo exact: -x^2 = -head^2 + (head - x)(head + x),
    # head (x's top 21 bits) squared exactly
    head = (ax.view(np.uint64) & np.uint64(0xFFFFFFFF00000000)).view(np.float64)
    a = -head * head - 0.5625                       # exact (at most 49 significant bits)
    b = (head - ax) * (head + ax) + rs
    e = a + b
    lo = (a - e) + b                                # Fast2Sum: |a| > |b|
    r = np.exp(e)
    if not complement:                              # erf = 1 - r / x, r / x < 0.08: its last bits do not show
        r += r * lo
        r /= ax
        return r
    # erfc is the quotient itself: r / x to double-double, r - q x exact by Dekker's product (Veltkamp's split)
    q = r / ax
    qh = q * 134217729.0
    qh -= qh - q
    ah = ax * 134217729.0
    ah -= ah - ax
    ql, al = q - qh, ax - ah
    resid = (((r - qh * ah) - qh * al) - ql * ah) - ql * al
    resid += r * lo
    resid /= ax
    q += resid
    return q


_BLOCK = 1 << 16      # elements per pass: the temporaries stay in cache and are reused, not page-faulted in


def _evaluate(x: np.ndarray, complement: bool, dtype=np.float64, scale: float | None = None) -> np.ndarray:
    """erf (or erfc) of ``x`` in ``dtype``: the small-|x| formula on every element, a block of :data:`_BLOCK`
    at a time (cheaper than gathering the usual majority), then the elements of the other ranges, gathered
    from all blocks at once, evaluated together and scattered over. NaN stays in the first formula, which
    passes it on. With ``scale``, of ``x * scale`` (in ``x``'s dtype, as that product rounds), without
    making the product array."""
    x = np.asarray(x)
    flat = x.reshape(-1)
    if scale is not None and flat.size <= _BLOCK:
        flat, scale = flat * scale, None
    out = np.empty(flat.size, dtype)
    big = []
    with np.errstate(all="ignore"):
        for i in range(0, flat.size, _BLOCK):
            xb = flat[i:i + _BLOCK] if scale is None else flat[i:i + _BLOCK] * scale
            xb = xb.astype(np.float64, copy=False)
            z = xb * xb
            r = _small(xb, z, complement)
            # the ranges read off z: x^2 >= 0.84375^2 (exact) iff |x| >= 0.84375 (or within an ulp below: the
            # middle formula holds there too); x^2 == 0 for every x small enough for x * R to be subnormal (and
            # for x = 0, which the check skips). fmin/fmax: a nan hides nothing
            if not complement and not np.fmin.reduce(z) > 0:
                t = np.flatnonzero((z == 0) & (xb != 0))
                # fdlibm's x + x (2/sqrt(pi) - 1) for tiny x, scaled by 8 so the product stays normal
                r[t] = 0.125 * (8 * xb[t] + _EFX8 * xb[t])
            out[i:i + _BLOCK] = r
            if np.fmax.reduce(z) >= 0.84375 ** 2:
                big.append(np.flatnonzero(z >= 0.84375 ** 2) + i)
        if big:
            big = np.concatenate(big)
            for j in range(0, big.size, _BLOCK):
                at = big[j:j + _BLOCK]
                xl = flat[at] if scale is None else flat[at] * scale
                out[at] = _large(xl.astype(np.float64, copy=False), complement)
    return out.reshape(x.shape)


def _large(x: np.ndarray, complement: bool) -> np.ndarray:
    """The elements with |x| >= 0.84375: the middle formula, then the tail's over those from 1.25."""
    ax = np.abs(x)
    p = _middle(ax)
    if complement:
        out = np.where(x >= 0, (1 - _ERX) - p, 1 + (_ERX + p))
    else:
        out = np.copysign(_ERX + p, x)
    far = np.flatnonzero(ax >= 1.25)
    if far.size:
        # beyond 6 (erf) or 28 (erfc) the result is 1 (erf) or 0 / 2 (erfc) to rounding: evaluating at the
        # bound gives exactly that, and keeps inf out of the formula
        xt = x[far]
        r = _tail(np.minimum(ax[far], 28.0 if complement else 6.0), complement)
        out[far] = np.where(xt > 0, r, 2 - r) if complement else np.copysign(1 - r, xt)
    return out


def erf64(x: np.ndarray) -> np.ndarray:
    """The error function of a float64 array (within an ulp of the C library's, as torch's)."""
    return _evaluate(x, False)


def erfc64(x: np.ndarray) -> np.ndarray:
    """``1 - erf(x)`` of a float64 array, without the cancellation where erf is near 1."""
    return _evaluate(x, True)


def erf_array(x: np.ndarray, scale: float | None = None) -> np.ndarray:
    """erf of any float array (of ``x * scale``, that product rounded to ``x``'s dtype, when given: GELU's
    ``erf(x / sqrt(2))`` without the temporary), computed in float64 and rounded once to ``x``'s dtype."""
    x = np.asarray(x)
    return _evaluate(x, False, x.dtype, scale)


def erfc_array(x: np.ndarray) -> np.ndarray:
    """erfc of any float array, computed in float64 and rounded once to ``x``'s dtype."""
    x = np.asarray(x)
    return _evaluate(x, True, x.dtype)
