"""torch.special's own functions: erfcx, i0e, i1e, ndtr, ndtri, log_ndtr, entr, multigammaln (mvlgamma),
xlog1py, zeta (the aliases of ops that live elsewhere are in ``ember/special``).

Values are computed in float64 and rounded once to the input's dtype:

- ``erfcx``: ``exp(x^2) erfc(x)`` with ``x^2`` split exactly (Dekker), so only erfc's rounding remains;
  the asymptotic series from 26 on, where erfc underflows.
- ``ndtri``: an initial guess from the erfinv approximation's ``w = -log(4p(1-p))``, refined by Newton
  steps on ``log(ndtr(x)) - log(p)`` (erfc-based, accurate in the far tail); ``-ndtri(1 - p)`` above 0.5.
- ``log_ndtr``: ``log(erfcx(-x/sqrt2) / 2) - x^2/2`` below -1, ``log1p(-erfc(x/sqrt2) / 2)`` above (torch's).
- ``zeta``: Cephes's Euler-Maclaurin summation, element by element, with its early exits (torch's kernel).
- ``ndtr`` is composed as torch composes it: ``(1 + erf(x * sqrt(1/2))) * 0.5``.
"""
from __future__ import annotations

import math

import numpy as np

from .._tensor import Tensor, make
from ._inplace import apply_inplace
from ._op import Op
from ._promotion import ArgError, _SIGNATURES, broadcast_error, default_float_np, is_number, operand, promote
from ._record import apply, apply1
from .arithmetic import AddBackward1, MulBackward1
from .special import _ZETA_A, _bessel64, _digamma, _erfc64, _erfinv64, _in_float64, _lgamma, digamma, erf
from .unary import unary_function
from .unary_extra import sgn, via

__all__ = ["erfcx", "i0e", "i1e", "ndtr", "ndtri", "log_ndtr", "entr", "multigammaln", "mvlgamma", "mvlgamma_",
           "xlog1py", "zeta"]

_SQRT_PI, _SQRT_2PI, _SQRT1_2 = math.sqrt(math.pi), math.sqrt(2 * math.pi), math.sqrt(0.5)


# ------------------------------------------------------------------ the functions, in float64
def _erfcx64(x):
    x = np.asarray(x, dtype=np.float64)
    xs = np.clip(np.where(np.isnan(x), 0.0, x), -27.0, 26.0)
    hi = xs * 134217729.0                               # Dekker's split: hi has 26 bits, hi * hi is exact
    hi = hi - (hi - xs)
    lo = xs - hi
    small = np.exp(hi * hi) * np.exp(2 * hi * lo + lo * lo) * _erfc64(xs)
    xl = np.where(x >= 26, x, 30.0)
    r = 1 / (2 * xl * xl)
    term = total = np.ones_like(xl)
    for k in range(1, 16):                              # erfcx(x) ~ 1/(x sqrt(pi)) sum (-1)^k (2k-1)!! / (2x^2)^k
        term = -term * (2 * k - 1) * r
        total = total + term
    out = np.where(x >= 26, total * (1 / _SQRT_PI) / xl, small)
    out = np.where(x < -27, np.inf, out)
    return np.where(np.isnan(x), np.nan, out)


def _ndtri64(p):
    p = np.asarray(p, dtype=np.float64)
    upper = p > 0.5
    q = np.where(upper, 1 - p, p)                       # exact (Sterbenz) for p >= 0.5
    with np.errstate(all="ignore"):
        y = 2 * q - 1                                   # erfinv(y) * sqrt(2) is the first guess
        x = _erfinv64(np.where(q > 1e-3, y, -0.998)) * math.sqrt(2)
        w = -2 * np.log(q)                              # the far tail: x ~ -sqrt(w - log(w) - log(2 pi))
        tail = -np.sqrt(np.maximum(w - np.log(np.maximum(w, 1.0)) - math.log(2 * math.pi), 0))
        x = np.where(q > 1e-3, x, tail)
        ok = (q > 0) & (q < 0.5)
        xs = np.where(ok, x, -1.0)
        qs = np.where(ok, q, 0.25)
        for _ in range(8):                              # Newton on log(ndtr(x)) - log(q), ndtr from erfc
            nd = 0.5 * _erfc64(-xs * _SQRT1_2)
            step = (np.log(nd) - np.log(qs)) * nd / (np.exp(-0.5 * xs * xs) / _SQRT_2PI)
            xs = xs - step
    out = np.where(ok, xs, np.where(q == 0.5, 0.0, np.where(q == 0, -np.inf, np.nan)))
    out = np.where(upper, -out, out)
    return np.where((p < 0) | (p > 1) | np.isnan(p), np.nan, out)


def _log_ndtr64(x):
    x = np.asarray(x, dtype=np.float64)
    t = x * _SQRT1_2
    with np.errstate(all="ignore"):
        low = np.log(_erfcx64(-t) / 2) - t * t
        high = np.log1p(-_erfc64(t) / 2)
    return np.where(x < -1, low, high)


def _entr64(x):
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(all="ignore"):
        r = -x * np.log(x)
    return np.where(x > 0, r, np.where(x == 0, 0.0, np.where(x < 0, -np.inf, x)))


_MACHEP = 1.11022302462515654042e-16


def _zeta_scalar(x: float, q: float) -> float:
    """Cephes's Hurwitz zeta (torch's ``zeta``), with its early exits and tests, in IEEE arithmetic (NumPy
    scalars: an infinite or huge ``q`` divides 0 by 0, which Python floats refuse; a random-seed fuzz find)."""
    x, q = np.float64(x), np.float64(q)
    if x == 1:
        return math.inf
    if x < 1:
        return math.nan
    if q <= 0:
        if q == np.floor(q):
            return math.inf         # (torch: also for a NaN x)
        if x != np.floor(x):
            return math.nan
    s = q ** -x
    a, i, b = q, 0, np.float64(0.0)
    while i < 9 or a <= 9.0:
        i += 1
        a += 1.0
        b = a ** -x
        s += b
        if -_MACHEP * s < b < _MACHEP * s:
            return s
    w = a
    s += b * w / (x - 1)
    s -= 0.5 * b
    a, k = 1.0, 0.0
    for ai in _ZETA_A:
        a *= x + k
        b /= w
        t = a * b / ai
        s = s + t
        if abs(t / s) < _MACHEP:
            return s
        k += 1.0
        a *= x + k
        b /= w
        k += 1.0
    return s


_zeta_ufunc = np.frompyfunc(_zeta_scalar, 2, 1)


def _zeta(x, q):
    dt = np.result_type(x, q)
    with np.errstate(all="ignore"):
        r = _zeta_ufunc(np.asarray(x, np.float64), np.asarray(q, np.float64))
    return np.asarray(r, dtype=np.float64).astype(dt, copy=False)


def _xlog1py(x, y):
    with np.errstate(all="ignore"):
        r = x * np.log1p(y)
    return np.where((x == 0) & ~np.isnan(y), np.zeros((), r.dtype), r)


_erfcx, _ndtri, _log_ndtr, _entr = (_in_float64(_erfcx64), _in_float64(_ndtri64), _in_float64(_log_ndtr64),
                                    _in_float64(_entr64))
_i0e, _i1e = _in_float64(lambda d: _bessel64(d, 0, True)), _in_float64(lambda d: _bessel64(d, 1, True))


# ----------------------------------------------------------------------------------------------
# the ops (derivatives.yaml's formulas)
class _Unary2(Op):
    """A unary op whose formula reads both its input and its result."""
    __slots__ = ()
    _saved_names = ("self", "result")
    compute = None

    @classmethod
    def forward(cls, ctx, a):
        r = cls.compute(a)
        ctx.save(a, r)
        return r


class SpecialErfcxBackward0(_Unary2):
    compute = staticmethod(_erfcx)

    def backward(ctx, g, xp):
        x, r = xp.saved(ctx)
        return ((2.0 * x * r - 2.0 / _SQRT_PI) * g,)


class SpecialI0EBackward0(_Unary2):
    compute = staticmethod(_i0e)

    def backward(ctx, g, xp):
        x, r = xp.saved(ctx)
        return (g * (_i1e_xp(xp, x) - _sgn_xp(xp, x) * r),)


class SpecialI1EBackward0(_Unary2):
    compute = staticmethod(_i1e)

    def backward(ctx, g, xp):
        """torch's i1e_backward: ``i0e(x) - i1e(x) (sgn(x) + 1/x)``, 0.5 at |x| <= eps (0/0 there)."""
        x, r = xp.saved(ctx)
        eps = float(np.finfo(np.asarray(x._data if isinstance(x, Tensor) else x).dtype).eps)
        big = xp.abs(x) > eps
        safe = xp.where(big, x, eps)
        return (g * xp.where(big, _i0e_xp(xp, safe) - r * (xp.sign(safe) + 1 / safe), 0.5),)


class SpecialNdtriBackward0(Op):
    __slots__ = ()
    _saved_names = ("result",)

    @staticmethod
    def forward(ctx, a):
        r = _ndtri(a)
        ctx.save(r)
        return r

    def backward(ctx, g, xp):
        r, = xp.saved(ctx)
        return (g * _SQRT_2PI * xp.exp(r ** 2 / 2),)


class SpecialLogNdtrBackward0(_Unary2):
    compute = staticmethod(_log_ndtr)

    def backward(ctx, g, xp):
        x, r = xp.saved(ctx)
        return (g / _SQRT_2PI * xp.exp(-(r + x * x / 2)),)


class SpecialEntrBackward0(Op):
    __slots__ = ()
    _saved_names = ("self",)

    @staticmethod
    def forward(ctx, a):
        ctx.save(a)
        return _entr(a)

    def backward(ctx, g, xp):
        x, = xp.saved(ctx)
        with np.errstate(all="ignore"):
            return (g * -(1 + xp.log(x)),)


def _mvlgamma_args(p: int, dtype) -> np.ndarray:
    return np.arange(-p * 0.5 + 0.5, 0.5, 0.5).astype(dtype)


def _mvlgamma_grad(x, p: int):
    return _digamma(np.asarray(x)[..., None] + _mvlgamma_args(p, np.asarray(x).dtype)).sum(-1)


def _mvlgamma_grad_t(x: Tensor, p: int) -> Tensor:
    return digamma(x.unsqueeze(-1) + make(_mvlgamma_args(p, x._data.dtype))).sum(-1)


class MvlgammaBackward0(Op):
    """``sum_i lgamma(x - i/2) + p(p-1)/4 log(pi)``; its derivative is the same sum of digammas."""
    __slots__ = ("p",)
    _saved_names = ("self",)
    _param_names = ("p",)

    @staticmethod
    def forward(ctx, a, p):
        ctx.p = p
        ctx.save(a)
        r = _lgamma(a[..., None] + _mvlgamma_args(p, a.dtype)).sum(-1)
        return np.asarray(r + a.dtype.type(p * (p - 1) * math.log(math.pi) * 0.25), dtype=a.dtype)

    def backward(ctx, g, xp):
        x, = xp.saved(ctx)
        return (g * _mvlgamma_grad_xp(xp, x, ctx.p),)


def _xlog1py_self_grad(g, a, b, xp):
    """``xlog1py(g, other).masked_fill((self == 0) & (other <= -1), 0)`` (derivatives.yaml)."""
    if xp.tensor_mode:
        return xlog1py(g, b).masked_fill((a == 0) & (b <= -1), 0.0)
    return np.where((a == 0) & (b <= -1), 0.0, _xlog1py(g, b))


class SpecialXlog1PyBackward0(Op):
    """``xlog1py(tensor, tensor)``."""
    __slots__ = ()
    _saved_names = ("other", "self")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save(b, a)
        return _xlog1py(a, b)

    def backward(ctx, g, xp):
        b, a = xp.saved(ctx)
        return _xlog1py_self_grad(g, a, b, xp), g * a / (b + 1)


class SpecialXlog1PyBackward1(Op):
    """``xlog1py(number, tensor)``: only the tensor gets a gradient."""
    __slots__ = ()
    _saved_names = ("other", "self")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save(b, a)
        return _xlog1py(np.asarray(a, b.dtype), b)

    def backward(ctx, g, xp):
        b, a = xp.saved(ctx)
        return None, g * a / (b + 1)


class SpecialXlog1PyBackward2(Op):
    """``xlog1py(tensor, number)``."""
    __slots__ = ()
    _saved_names = ("other", "self")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save(b, a)
        return _xlog1py(a, np.asarray(b, a.dtype))

    def backward(ctx, g, xp):
        b, a = xp.saved(ctx)
        return (_xlog1py_self_grad(g, a, b, xp),)


class SpecialZetaBackward0(Op):
    """``zeta(tensor, tensor)``: torch has no derivative in ``self``."""
    __slots__ = ()
    _saved_names = ("other", "self")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save(b, a)
        return _zeta(a, b)

    def backward(ctx, g, xp):
        b, a = xp.saved(ctx)
        if ctx.needs_input_grad[0]:
            raise NotImplementedError("the derivative for 'zeta' is not implemented.")
        return None, g * -a * _zeta_xp(xp, a + 1.0, b)


class SpecialZetaBackward1(Op):
    """``zeta(number, tensor)``."""
    __slots__ = ()
    _saved_names = ("other", "self")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save(b, a)
        return _zeta(np.asarray(a, b.dtype), b)

    def backward(ctx, g, xp):
        b, a = xp.saved(ctx)
        return None, g * -a * _zeta_xp(xp, a + 1.0, b)


class SpecialZetaBackward2(Op):
    """``zeta(tensor, number)``: torch has no derivative in ``self``."""
    __slots__ = ()
    _saved_names = ("other", "self")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save(b, a)
        return _zeta(a, np.asarray(b, a.dtype))

    def backward(ctx, g, xp):
        raise NotImplementedError("the derivative for 'zeta' is not implemented.")


# ----------------------------------------------------------------------------------------------
# the functions
def _doc(text: str) -> str:
    return (text + " Integer and bool inputs give the default float dtype.\n\n"
            "Args:\n    input (Tensor): the input tensor.\n")


erfcx = unary_function(SpecialErfcxBackward0, "special_erfcx", _doc("Return the scaled complementary error "
                                                                    "function ``exp(x^2) erfc(x)`` of each element."))
i0e = unary_function(SpecialI0EBackward0, "special_i0e", _doc("Return the exponentially scaled modified Bessel "
                                                              "function of order 0, ``exp(-|x|) i0(x)``."))
i1e = unary_function(SpecialI1EBackward0, "special_i1e", _doc("Return the exponentially scaled modified Bessel "
                                                              "function of order 1, ``exp(-|x|) i1(x)``."))
ndtri = unary_function(SpecialNdtriBackward0, "special_ndtri", _doc("Return the inverse of the standard normal "
                                                                    "CDF of each element (``-inf`` at 0, ``inf`` "
                                                                    "at 1, ``nan`` outside [0, 1])."))
log_ndtr = unary_function(SpecialLogNdtrBackward0, "special_log_ndtr", _doc("Return the log of the standard "
                                                                            "normal CDF of each element, "
                                                                            "accurate far in the tails."))
entr = unary_function(SpecialEntrBackward0, "special_entr", _doc("Return ``-x log(x)`` of each element (0 at 0, "
                                                                 "``-inf`` below)."))


def ndtr(input: Tensor) -> Tensor:  # noqa: A002
    """Return the standard normal CDF ``(1 + erf(x / sqrt(2))) / 2`` of each element, composed as torch
    composes it (its graph: ``MulBackward1`` over ``AddBackward1`` over ``ErfBackward0``).

    Args:
        input (Tensor): the input tensor (integer and bool inputs give the default float dtype).
    """
    if not isinstance(input, Tensor):
        raise TypeError(f"special_ndtr(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    x = input if input._data.dtype.kind in "fc" else make(input._data.astype(default_float_np()))
    y = erf(apply1(MulBackward1, x, x._data, _SQRT1_2))
    y = apply1(AddBackward1, y, y._data, 1)
    return apply1(MulBackward1, y, y._data, 0.5)


def _mvlgamma(name: str, input: Tensor, p: int) -> Tensor:  # noqa: A002
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    if type(p) is not int and not isinstance(p, np.integer):
        raise TypeError(f"{name}(): argument 'p' (position 2) must be int, not {type(p).__name__}")
    if p < 1:
        raise RuntimeError("p has to be greater than or equal to 1")
    d = input._data
    if d.dtype.kind not in "fc":
        d = d.astype(default_float_np())
    return apply1(MvlgammaBackward0, input, d, int(p))


def multigammaln(input: Tensor, p: int) -> Tensor:  # noqa: A002
    """Return the multivariate log-gamma function of dimension ``p`` of each element:
    ``p(p-1)/4 log(pi) + sum_{i<p} lgamma(x - i/2)`` (``torch.special.multigammaln``, ``torch.mvlgamma``).

    Args:
        input (Tensor): the input tensor (integer and bool inputs give the default float dtype).
        p (int): the number of dimensions, ``>= 1``.
    """
    return _mvlgamma("special_multigammaln", input, p)


def mvlgamma(input: Tensor, p: int) -> Tensor:  # noqa: A002
    """``torch.mvlgamma`` (``Tensor.mvlgamma``): :func:`multigammaln` under its older name.

    Args:
        input (Tensor): the input tensor.
        p (int): the number of dimensions, ``>= 1``.
    """
    return _mvlgamma("mvlgamma", input, p)


def mvlgamma_(input: Tensor, p: int) -> Tensor:  # noqa: A002
    """In-place version of :func:`mvlgamma`; returns ``input``."""
    if type(p) is not int and not isinstance(p, np.integer):
        raise TypeError(f"mvlgamma_(): argument 'p' (position 1) must be int, not {type(p).__name__}")
    if p < 1:
        raise RuntimeError("p has to be greater than or equal to 1")
    return apply_inplace(MvlgammaBackward0, input, (input,), (input._data,), int(p))


_OUT = ", *, Tensor out = None"
for _n in ("special_xlog1py", "special_zeta"):
    _SIGNATURES.setdefault(_n, (("(Tensor input, Tensor other" + _OUT + ")", "(Number self, Tensor other" + _OUT + ")",
                                 "(Tensor input, Number other" + _OUT + ")"), ()))


def _binary(name: str, ops: tuple, input, other) -> Tensor:  # noqa: A002
    """Promote the operands as torch does (numbers wrapped; integers to the default float) and run the node
    for (tensor, tensor), (number, tensor) or (tensor, number)."""
    ok = (isinstance(input, Tensor) and (isinstance(other, Tensor) or is_number(other))
          or is_number(input) and isinstance(other, Tensor))
    if not ok:
        raise ArgError(name, (input, other), sig=name)
    f = default_float_np()
    if not isinstance(input, Tensor):
        _, od, s = promote(other, operand(input))
        if od.dtype.kind in "biu":
            od = od.astype(f)
        return apply(ops[1], (None, other), (s, od))
    tb, ad, bd = promote(input, operand(other))
    if np.asarray(ad).dtype.kind in "biu":
        ad = ad.astype(f)
        bd = bd.astype(f) if isinstance(bd, np.ndarray) else bd
    if tb is None:
        return apply(ops[2], (input,), (ad,), bd)
    try:
        return apply(ops[0], (input, tb), (ad, bd))
    except ValueError:
        raise broadcast_error(np.shape(ad), np.shape(bd)) from None


def xlog1py(input, other) -> Tensor:  # noqa: A002
    """Return ``input * log1p(other)`` elementwise, 0 where ``input`` is 0 (unless ``other`` is NaN).
    Either operand may be a number.

    Args:
        input (Tensor or Number): the multiplier.
        other (Tensor or Number): the argument of ``log1p``, broadcastable with ``input``.
    """
    return _binary("special_xlog1py", (SpecialXlog1PyBackward0, SpecialXlog1PyBackward1, SpecialXlog1PyBackward2),
                   input, other)


def zeta(input, other) -> Tensor:  # noqa: A002
    """Return the Hurwitz zeta function ``sum_k (other + k) ** -input`` elementwise (differentiable in
    ``other`` only, as torch). Either operand may be a number.

    Args:
        input (Tensor or Number): the exponent ``x`` (> 1).
        other (Tensor or Number): the offset ``q``, broadcastable with ``input``.
    """
    return _binary("special_zeta", (SpecialZetaBackward0, SpecialZetaBackward1, SpecialZetaBackward2), input, other)


# the same functions inside backward formulas (NumPy's, or ember's recorded ops under create_graph)
_i0e_xp, _i1e_xp = via(_i0e, i0e), via(_i1e, i1e)
_zeta_xp = via(_zeta, zeta)
_sgn_xp = via(np.sign, sgn)
_mvlgamma_grad_xp = via(_mvlgamma_grad, _mvlgamma_grad_t)
