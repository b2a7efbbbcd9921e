"""torch's vectorised Box-Muller (``normal_fill``), reproduced in NumPy.

torch fills a contiguous tensor of 16 or more normals in blocks of 16 uniforms: the first 8 give
``u1``, the next 8 ``u2``; ``radius = sqrt(-2 log(1 - u1))``, ``theta = 2 pi u2``; the block becomes
``radius * cos(theta)`` then ``radius * sin(theta)``, each ``* std + mean`` in one fused multiply-add.

float64 uses libm's ``log``/``cos``/``sin``, which NumPy's float64 functions match. float32 (and
float16, computed in float32) uses ``log256_ps`` and ``sincos256_ps`` from ``avx_mathfun.h``
(Cephes polynomials, AVX2), compiled by GCC with multiply-adds fused into FMA instructions; the
functions below replay those exact operations in the same order, each FMA as an exact product in
float64 plus one addition, rounded once to float32. The result equals torch's bit for bit (a
double rounding could differ by 1 ulp, about once in 2**29 FMAs).

Work is done in chunks that stay in the CPU cache; a million normals cost about 1.5x NumPy's own
``standard_normal`` (``benchmarks/rng_speed.py``).
"""
from __future__ import annotations

import numpy as np

__all__ = ["fill16_f32", "fill16_f64", "fma64", "scale_shift"]

_f32, _f64, _i32 = np.float32, np.float64, np.int32
_V32 = np.dtype((np.void, 32))             # 8 float32 values, moved as one item
_CHUNK = 2048                       # blocks of 16 per chunk: 16k float32 values per half

# log256_ps (Cephes logf)
_SQRTHF = _f32(0.707106781186547524)
_LOG_P = [_f64(_f32(c)) for c in (7.0376836292E-2, -1.1514610310E-1, 1.1676998740E-1, -1.2420140846E-1,
                                  1.4249322787E-1, -1.6668057665E-1, 2.0000714765E-1, -2.4999993993E-1,
                                  3.3333331174E-1)]
_LOG_Q1 = _f32(-2.12194440e-4)
_LOG_Q2 = _f32(0.693359375)
# sincos256_ps (Cephes sinf/cosf)
_FOPI = _f32(1.27323954473516)
_DP1, _DP2 = _f32(-0.78515625), _f32(-2.4187564849853515625e-4)
_DP3 = _f64(_f32(-3.77489497744594108e-8))
_COS_P = [_f64(_f32(c)) for c in (2.443315711809948E-005, -1.388731625493765E-003, 4.166664568298827E-002)]
_SIN_P = [_f64(_f32(c)) for c in (-1.9515295891E-4, 8.3321608736E-3, -1.6666654611E-1)]
_TWO_PI_F = _f32(2.0 * np.pi)


def _horner(x64: np.ndarray, coeffs: list, t: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Horner's rule with an FMA per step, rounded to float32 after each: y (float32) = P(x)."""
    np.multiply(x64, coeffs[0], out=t)
    t += coeffs[1]
    for c in coeffs[2:]:
        np.copyto(y, t, casting="unsafe")       # round to float32 ...
        np.copyto(t, y)                         # ... and back, exactly
        t *= x64
        t += c
    np.copyto(y, t, casting="unsafe")
    return y


def _fma32(a: np.ndarray, b64, c: np.ndarray, t: np.ndarray, out: np.ndarray) -> np.ndarray:
    """fma(a, b, c) in float32 (``b64``: b in float64): the exact product plus c, rounded once."""
    np.copyto(t, a)
    t *= b64
    t += c
    np.copyto(out, t, casting="unsafe")
    return out


class _Work:
    """Scratch arrays for one chunk, allocated once per fill (large temporaries are costly)."""

    def __init__(self, m: int) -> None:
        self.f = [np.empty(m, _f32) for _ in range(12)]
        self.i = [np.empty(m, _i32) for _ in range(6)]
        self.d = [np.empty(m, _f64) for _ in range(3)]
        self.mask = np.empty(m, np.bool_)

    def cut(self, m: int) -> "_Work":
        w = object.__new__(_Work)
        w.f, w.i, w.d, w.mask = [a[:m] for a in self.f], [a[:m] for a in self.i], [a[:m] for a in self.d], \
            self.mask[:m]
        return w


def _log256(x: np.ndarray, w: _Work) -> np.ndarray:
    """log256_ps for x in (0, 1] (float32, contiguous), into w.f[0]."""
    xr, ef, tmp, z, y = w.f[0], w.f[1], w.f[2], w.f[3], w.f[4]
    e, mi = w.i[0], w.i[1]
    x64, t = w.d[0], w.d[1]
    xi = x.view(_i32)
    np.right_shift(xi, 23, out=e)
    np.bitwise_and(xi, 0x007FFFFF, out=mi)
    mi |= 0x3F000000                            # the mantissa, in [0.5, 1)
    m = mi.view(_f32)
    mask = np.less(m, _SQRTHF, out=w.mask)
    e -= 126                                    # exponent - 0x7f, + 1
    np.subtract(e, mask, out=e)                 # e -= 1 where x < sqrt(1/2)
    np.copyto(ef, e, casting="unsafe")
    np.copyto(tmp, mask)
    tmp *= m                                    # x where x < sqrt(1/2), else +0
    np.subtract(m, _f32(1.0), out=xr)
    xr += tmp
    np.multiply(xr, xr, out=z)
    np.copyto(x64, xr)
    _horner(x64, _LOG_P, t, y)
    y *= xr
    np.copyto(x64, z)
    np.multiply(ef, _LOG_Q1, out=tmp)
    _fma32(y, x64, tmp, t, y)                   # y = fma(y, z, e * q1)
    z *= _f32(0.5)
    y -= z                                      # fma(-z, 0.5, y): z * 0.5 is exact
    xr += y
    ef *= _LOG_Q2                               # e * q2 is exact: fma(e, q2, x) is one addition
    xr += ef
    return xr


def _sincos256(x0: np.ndarray, w: _Work):
    """sincos256_ps for x >= 0 (float32, contiguous), into (w.f[10], w.f[11])."""
    tmp, yf, x, z, yc, ys, s, c = w.f[5], w.f[6], w.f[7], w.f[8], w.f[9], w.f[1], w.f[10], w.f[11]
    j, sign_sin, poly, k3 = w.i[2], w.i[3], w.i[4], w.i[5]
    t, z64, x64 = w.d[1], w.d[2], w.d[0]
    np.multiply(x0, _FOPI, out=tmp)
    np.copyto(j, tmp, casting="unsafe")         # truncation, as cvttps
    j += 1
    j &= ~1
    np.copyto(yf, j, casting="unsafe")
    np.multiply(yf, _DP1, out=x)                # j * DP1 and j * DP2 are exact: plain additions
    x += x0
    np.multiply(yf, _DP2, out=tmp)
    x += tmp
    _fma32(yf, _DP3, x, t, x)
    np.bitwise_and(j, 4, out=sign_sin)
    sign_sin <<= 29                             # sign bits, as the AVX code builds them
    np.bitwise_and(j, 2, out=poly)
    poly >>= 1
    poly -= 1                                   # all ones where the sine polynomial gives sin
    j -= 2
    np.invert(j, out=j)
    j &= 4
    j <<= 29                                    # the cosine's sign bits
    np.multiply(x, x, out=z)
    np.copyto(z64, z)
    _horner(z64, _COS_P, t, yc)
    yc *= z
    np.multiply(z, _f32(-0.5), out=tmp)
    _fma32(yc, z64, tmp, t, yc)                 # fma(y, z, -(z * 0.5))
    yc += _f32(1.0)
    _horner(z64, _SIN_P, t, ys)
    ys *= z
    np.copyto(x64, x)
    _fma32(ys, x64, x64, t, ys)                 # fma(y2, x, x)
    # sin is ys where poly is set, else yc; cos the other one. The AVX code selects with masks and adds
    # the +0 of the masked-off half, which changes nothing here (neither polynomial gives -0).
    ysi, yci = ys.view(_i32), yc.view(_i32)
    np.bitwise_xor(ysi, yci, out=k3)
    k3 &= poly
    si, ci = s.view(_i32), c.view(_i32)
    np.bitwise_xor(yci, k3, out=si)
    si ^= sign_sin
    np.bitwise_xor(ysi, k3, out=ci)
    ci ^= j
    return s, c


def fma64(a, b, c):
    """a * b + c in float64 with one rounding (error-free transformations, Dekker and Knuth)."""
    a = np.asarray(a, _f64)
    p = a * b
    split = 134217729.0                         # 2**27 + 1
    ta = a * split
    ah = ta - (ta - a)
    al = a - ah
    tb = np.multiply(b, split, dtype=_f64)
    bh = tb - (tb - b)
    bl = b - bh
    err = ((ah * bh - p) + ah * bl + al * bh) + al * bl
    s = p + c
    bb = s - p
    t = (p - (s - bb)) + (c - bb)
    return s + (t + err)


def scale_shift(v: np.ndarray, std: float, mean: float, f32: bool = False, out=None) -> np.ndarray:
    """``fma(v, std, mean)`` as torch computes it (v * 1 + 0 turns -0 into +0, as the FMA does)."""
    if std == 1.0:
        return np.add(v, _f32(mean) if f32 else mean, out=out)
    if mean == 0.0:
        v = v * (_f32(std) if f32 else std)
        return np.add(v, 0.0, out=out, dtype=v.dtype)
    if f32:
        r = v.astype(_f64)
        r *= _f64(_f32(std))
        r += _f64(_f32(mean))
    else:
        r = fma64(v, std, mean)
    if out is None:
        return r.astype(v.dtype)
    np.copyto(out, r, casting="unsafe")
    return out


def fill16_f32(u: np.ndarray, mean: float, std: float) -> np.ndarray:
    """Box-Muller over float32 uniforms ``u`` (contiguous, length a multiple of 16), in place: torch's AVX2
    kernel. Each block of 8 floats is moved as one 32-byte item (a strided copy NumPy does fast)."""
    halves = u.view(_V32).reshape(-1, 2)
    nb = halves.shape[0]
    cap = min(nb, _CHUNK)
    work = _Work(8 * cap)
    u1_all, th_all = np.empty(8 * cap, _f32), np.empty(8 * cap, _f32)
    for i in range(0, nb, _CHUNK):
        h = halves[i:i + _CHUNK]
        m = 8 * h.shape[0]
        w = work if m == len(u1_all) else work.cut(m)
        u1, theta = u1_all[:m], th_all[:m]
        np.copyto(u1.view(_V32), h[:, 0])
        np.subtract(_f32(1.0), u1, out=u1)
        np.copyto(theta.view(_V32), h[:, 1])
        theta *= _TWO_PI_F
        radius = _log256(u1, w)
        radius *= _f32(-2.0)
        np.sqrt(radius, out=radius)
        s, c = _sincos256(theta, w)
        c *= radius
        s *= radius
        h[:, 0] = scale_shift(c, std, mean, True, out=c).view(_V32)
        h[:, 1] = scale_shift(s, std, mean, True, out=s).view(_V32)
    return u


def fill16_f64(u: np.ndarray, mean: float, std: float) -> np.ndarray:
    """Box-Muller over float64 uniforms ``u`` (length a multiple of 16), in place: libm, one FMA."""
    blocks = u.reshape(-1, 2, 8)
    for i in range(0, blocks.shape[0], _CHUNK):
        b = blocks[i:i + _CHUNK]
        radius = np.subtract(1.0, b[:, 0, :])
        np.log(radius, out=radius)
        radius *= -2.0
        np.sqrt(radius, out=radius)
        theta = (2.0 * np.pi) * b[:, 1, :]
        c = np.cos(theta)
        c *= radius
        s = np.sin(theta, out=theta)
        s *= radius
        scale_shift(c, std, mean, out=b[:, 0, :])
        scale_shift(s, std, mean, out=b[:, 1, :])
    return u
