"""Op-table rows for issue 9's math ops (appended to ``op_table.OPS``; see op_table.py for the entry format)."""
from __future__ import annotations

from op_table import E, U, U0, BCAST, Long, Bool, real, positive, away, distinct, avoiding, offset_grid  # noqa: F401


# ----------------------------------------------------------------------------------------------
# domains that keep finite differences valid
def inside_unit(rng, shape, i):
    """(-0.9, 0.9): inside the domain of asin, acos, atanh, erfinv, away from their poles at +-1."""
    return rng.uniform(-0.9, 0.9, size=shape)


def above_one(rng, shape, i):
    """(1.2, 3): acosh's domain, away from its pole at 1."""
    return rng.uniform(1.2, 3.0, size=shape)


def tan_safe(rng, shape, i):
    """(-1.2, 1.2): away from tan's poles at +-pi/2."""
    return rng.uniform(-1.2, 1.2, size=shape)


def probability(rng, shape, i):
    """(0.1, 0.9): logit's domain, away from 0 and 1."""
    return rng.uniform(0.1, 0.9, size=shape)


def logit_eps(rng, shape, i):
    """Values on both sides of logit's clamp at eps = 0.2 and 1 - eps = 0.8, at least 0.05 away."""
    return rng.choice([0.1, 0.3, 0.5, 0.7, 0.9], size=shape) + rng.uniform(-0.05, 0.05, size=shape)


def off_integers(rng, shape, i):
    """k + 0.5 +- 0.3 for k in [-3, 2]: lgamma/digamma away from their poles, frac away from its jumps."""
    return rng.integers(-3, 3, size=shape) + 0.5 + rng.uniform(-0.3, 0.3, size=shape)


def log_argument(rng, shape, i):
    """Input 0 real (the factor, either sign), input 1 positive (the logarithm's argument)."""
    return real(rng, shape, i) if i == 0 else positive(rng, shape, i)


def divisor_last(rng, shape, i):
    """addcdiv: the last input (the divisor) away from 0, the others real."""
    return away(rng, shape, i) if i == 2 else real(rng, shape, i)


OPS_MATH: list = [
    # ---------------- unary math (ops/trig.py)
    E("tan", lambda m, a: m.tan(a), U0, domain=tan_safe, grad_fn="TanBackward0"),
    E("asin", lambda m, a: m.asin(a), U0, domain=inside_unit, grad_fn="AsinBackward0"),
    E("arccos_method", lambda m, a: a.arccos(), U0, domain=inside_unit, grad_fn="AcosBackward0"),
    E("atan", lambda m, a: a.atan(), U0, grad_fn="AtanBackward0"),
    E("sinh", lambda m, a: m.sinh(a), U0, grad_fn="SinhBackward0"),
    E("cosh", lambda m, a: a.cosh(), U0, grad_fn="CoshBackward0"),
    E("asinh", lambda m, a: m.arcsinh(a), U0, grad_fn="AsinhBackward0"),
    E("acosh", lambda m, a: a.acosh(), U0, domain=above_one, grad_fn="AcoshBackward0"),
    E("atanh", lambda m, a: m.atanh(a), U0, domain=inside_unit, grad_fn="AtanhBackward0"),
    E("deg2rad", lambda m, a: m.deg2rad(a) * a, U0, grad_fn="MulBackward0"),
    E("rad2deg", lambda m, a: a.rad2deg(), U0, grad_fn="Rad2DegBackward0"),
    E("sinc", lambda m, a: m.sinc(a), U0, grad_fn="SincBackward0"),
    E("tan_inplace", lambda m, a: (a * 1).tan_(), [(U,)], domain=tan_safe, grad_fn="TanBackward0"),
    # ---------------- unary math (ops/unary_extra.py)
    E("log2", lambda m, a: m.log2(a), U0, domain=positive, grad_fn="Log2Backward0"),
    E("log10", lambda m, a: a.log10(), U0, domain=positive, grad_fn="Log10Backward0"),
    E("log1p", lambda m, a: m.log1p(a), U0, domain=positive, grad_fn="Log1PBackward0"),
    E("exp2", lambda m, a: m.exp2(a), U0, grad_fn="Exp2Backward0"),
    E("expm1", lambda m, a: a.expm1(), U0, grad_fn="Expm1Backward0"),
    E("rsqrt", lambda m, a: m.rsqrt(a), U0, domain=positive, grad_fn="RsqrtBackward0"),
    E("square", lambda m, a: m.square(a), U0, grad_fn="PowBackward0"),
    E("sgn", lambda m, a: m.sgn(a) * a, U0, domain=away, grad_fn="MulBackward0"),
    E("sgn_alone", lambda m, a: a.sgn(), [(U,)], domain=away, grad_fn="SgnBackward0"),
    E("frac", lambda m, a: m.frac(a), U0, domain=off_integers, grad_fn="FracBackward0"),
    E("logit", lambda m, a: m.logit(a), U0, domain=probability, grad_fn="LogitBackward0"),
    E("logit_eps", lambda m, a: a.logit(eps=0.2), [(U,), ((4, 5),)], domain=logit_eps, grad_fn="LogitBackward0"),
    E("nan_to_num", lambda m, a: m.nan_to_num(a, posinf=1.0), U0, grad_fn="NanToNumBackward0"),
    E("log1p_inplace", lambda m, a: (a * 1).log1p_(), [(U,)], domain=positive, grad_fn="Log1PBackward0"),
    # ---------------- special functions (ops/special.py)
    E("erf", lambda m, a: m.erf(a), U0, grad_fn="ErfBackward0"),
    E("erfc", lambda m, a: a.erfc(), U0, grad_fn="ErfcBackward0"),
    E("erfinv", lambda m, a: m.erfinv(a), U0, domain=inside_unit, grad_fn="ErfinvBackward0"),
    E("lgamma", lambda m, a: m.lgamma(a), U0, domain=off_integers, grad_fn="LgammaBackward0"),
    E("digamma", lambda m, a: a.digamma(), U0, domain=off_integers, grad_fn="DigammaBackward0"),
    E("polygamma_2", lambda m, a: m.polygamma(2, a), U0, domain=positive, grad_fn="PolygammaBackward0"),
    E("polygamma_1_method", lambda m, a: a.polygamma(1), [(U,)], domain=off_integers, grad_fn="PolygammaBackward0"),
    E("i0", lambda m, a: m.i0(a * 4), [(U,), ((),), ((5, 7),)], grad_fn="I0Backward0"),
    # ---------------- binary math (ops/binary_math.py)
    E("atan2", lambda m, a, b: m.atan2(a, b), BCAST, domain=away, grad_fn="Atan2Backward0"),
    E("atan2_long", lambda m, a, i: a.arctan2(i), [(U, Long(U, 3))], domain=away, grad_fn="Atan2Backward0"),
    E("hypot", lambda m, a, b: m.hypot(a, b), BCAST, domain=away, grad_fn="HypotBackward0"),
    E("copysign", lambda m, a, b: m.copysign(a, b), BCAST, domain=away, grad_fn="CopysignBackward0"),
    E("copysign_scalar", lambda m, a: a.copysign(-1.0), U0, domain=away, grad_fn="CopysignBackward1"),
    E("logaddexp", lambda m, a, b: m.logaddexp(a, b), BCAST, grad_fn="LogaddexpBackward0"),
    E("logaddexp2", lambda m, a, b: a.logaddexp2(b), BCAST, grad_fn="Logaddexp2Backward0"),
    E("xlogy", lambda m, a, b: m.xlogy(a, b), BCAST, domain=log_argument, grad_fn="XlogyBackward0"),
    E("xlogy_number_self", lambda m, b: m.xlogy(2.0, b), [(U,)], domain=positive, grad_fn="XlogyBackward1"),
    E("xlogy_number_other", lambda m, a: a.xlogy(3), U0, grad_fn="XlogyBackward2"),
    E("lerp_scalar", lambda m, a, b: m.lerp(a, b, 0.3), BCAST, grad_fn="LerpBackward0"),
    E("lerp_scalar_high", lambda m, a, b: a.lerp(b, 0.8), [(U, U)], grad_fn="LerpBackward0"),
    E("lerp_tensor", lambda m, a, b, w: m.lerp(a, b, w), [(U, U, U), ((2, 1), (3,), (2, 3)), ((), U, (3,))],
      grad_fn="LerpBackward1"),
    E("float_power", lambda m, a, b: m.float_power(a, b), [(U, U), ((3,), ())], domain=positive,
      grad_fn="PowBackward1"),
    E("float_power_scalar", lambda m, a: a.float_power(2), U0, grad_fn="PowBackward0"),
    E("float_power_number_base", lambda m, b: m.float_power(2, b), [(U,)], grad_fn="PowBackward2"),
    E("fmax", lambda m, a, b: m.fmax(a, b), [(U, U), (U, (3,)), ((2, 1), (1, 3))], domain=offset_grid,
      grad_fn="FmaxBackward0"),
    E("fmin", lambda m, a, b: a.fmin(b), [(U, U), ((), U)], domain=offset_grid, grad_fn="FminBackward0"),
    E("addcmul", lambda m, a, b, c: m.addcmul(a, b, c, value=0.5), [(U, U, U), ((3,), (2, 1), (2, 3)), ((), (), U)],
      grad_fn="AddcmulBackward0"),
    E("addcmul_method", lambda m, a, b, c: a.addcmul(b, c), [(U, U, U)], grad_fn="AddcmulBackward0"),
    E("addcdiv", lambda m, a, b, c: m.addcdiv(a, b, c, value=-2), [(U, U, U), ((2, 1), (3,), (2, 3))],
      domain=divisor_last, grad_fn="AddcdivBackward0"),
    E("addcmul_inplace", lambda m, a, b, c: (a * 1).addcmul_(b, c, value=2), [(U, U, U)],
      grad_fn="AddcmulBackward0"),
]
