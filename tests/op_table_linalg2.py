"""Op-table rows for issue 9's torch.special namespace, the factorizations torch.linalg adds (``*_ex``, LU), the
deprecated ``torch.qr``/``torch.cholesky`` and batched matmul's graph (appended to ``op_table.OPS``; see
op_table.py for the entry format)."""
from __future__ import annotations

import warnings

from op_table import E, U, U0, positive, real  # noqa: F401


# ----------------------------------------------------------------------------------------------
# domains
def unit_open(rng, shape, i):
    """(0.05, 0.95): ndtri's domain, away from its poles at 0 and 1."""
    return rng.uniform(0.05, 0.95, size=shape)


def mvlgamma_domain(rng, shape, i):
    """(2, 4): above (p - 1) / 2 for the p <= 3 the rows use, away from lgamma's poles."""
    return rng.uniform(2.0, 4.0, size=shape)


def above_minus_one(rng, shape, i):
    """Input 0 real (the factor), input 1 in (-0.5, 2) (log1p's argument, away from -1)."""
    return rng.uniform(-2.0, 2.0, size=shape) if i == 0 else rng.uniform(-0.5, 2.0, size=shape)


def zeta_offset(rng, shape, i):
    """(0.5, 3): the Hurwitz zeta function's offset q, away from its poles at the non-positive integers."""
    return rng.uniform(0.5, 3.0, size=shape)


def _quiet(fn, *args):
    """``fn(*args)`` with its deprecation warning silenced (torch warns once a process, so a row cannot rely on it)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args)


def _spd(m, a):
    n = a.shape[-1]
    return a @ a.mT + n * m.eye(n, dtype=a.dtype)


def _nonsingular(m, a):
    return a + a.shape[-1] * m.eye(a.shape[-1], dtype=a.dtype)


def _s(m, q):
    """Exponents s > 1 for zeta (constants: torch has no derivative in s)."""
    return m.tensor([2.0, 2.5, 4.0], dtype=q.dtype)


OPS_LINALG2: list = [
    # ---------------- ember.special: torch.special's names for ember's ops
    E("special.expit", lambda m, a: m.special.expit(a), U0, grad_fn="SigmoidBackward0"),
    E("special.gammaln", lambda m, a: m.special.gammaln(a), [(U,)], domain=positive, grad_fn="LgammaBackward0"),
    E("special.psi", lambda m, a: m.special.psi(a), [(U,)], domain=positive, grad_fn="DigammaBackward0"),
    E("special.digamma", lambda m, a: m.special.digamma(a), [(U,)], domain=positive, grad_fn="DigammaBackward0"),
    E("special.polygamma", lambda m, a: m.special.polygamma(2, a), [(U,)], domain=positive,
      grad_fn="PolygammaBackward0"),
    E("polygamma_inplace", lambda m, a: (a * 1).polygamma_(1), [(U,)], domain=positive, grad_fn="PolygammaBackward1"),
    E("special.erf", lambda m, a: m.special.erf(a), [(U,)], grad_fn="ErfBackward0"),
    E("special.erfc", lambda m, a: m.special.erfc(a), [(U,)], grad_fn="ErfcBackward0"),
    E("special.erfinv", lambda m, a: m.special.erfinv(a), [(U,)], domain=unit_open, grad_fn="ErfinvBackward0"),
    E("special.expm1", lambda m, a: m.special.expm1(a), [(U,)], grad_fn="Expm1Backward0"),
    E("special.exp2", lambda m, a: m.special.exp2(a), [(U,)], grad_fn="Exp2Backward0"),
    E("special.log1p", lambda m, a: m.special.log1p(a), [(U,)], domain=positive, grad_fn="Log1PBackward0"),
    E("special.logit", lambda m, a: m.special.logit(a), [(U,)], domain=unit_open, grad_fn="LogitBackward0"),
    E("special.i0", lambda m, a: m.special.i0(a), [(U,)], grad_fn="I0Backward0"),
    E("special.i1", lambda m, a: m.special.i1(a), [(U,)], grad_fn="SpecialI1Backward0"),
    E("special.sinc", lambda m, a: m.special.sinc(a), [(U,)], grad_fn="SincBackward0"),
    E("special.xlogy", lambda m, a, b: m.special.xlogy(a, b), [((2, 3), (3,))], domain=zeta_offset,
      grad_fn="XlogyBackward0"),
    E("special.softmax", lambda m, a: m.special.softmax(a, 1), [(U,)], grad_fn="SoftmaxBackward0"),
    E("special.log_softmax", lambda m, a: m.special.log_softmax(a, 0), [(U,)], grad_fn="LogSoftmaxBackward0"),
    E("special.logsumexp", lambda m, a: m.special.logsumexp(a, 1), [(U,)], grad_fn="LogsumexpBackward0"),
    E("special.round", lambda m, a: m.special.round(a) + a, [(U,)], grad_fn="AddBackward0"),
    E("deg2rad_node", lambda m, a: m.deg2rad(a), U0, grad_fn="Deg2RadBackward0"),
    E("rad2deg_inplace", lambda m, a: (a * 1).rad2deg_(), [(U,)], grad_fn="Rad2DegBackward0"),
    E("deg2rad_inplace", lambda m, a: (a * 1).deg2rad_(), [(U,)], grad_fn="Deg2RadBackward0"),
    E("exp2_inplace", lambda m, a: (a * 1).exp2_(), [(U,)], grad_fn="Exp2Backward0"),
    # ---------------- torch.special's own functions (ops/special_extra.py)
    E("special.erfcx", lambda m, a: m.special.erfcx(a), U0, grad_fn="SpecialErfcxBackward0"),
    E("special.i0e", lambda m, a: m.special.i0e(a), U0, grad_fn="SpecialI0EBackward0"),
    E("special.i1e", lambda m, a: m.special.i1e(a), U0, grad_fn="SpecialI1EBackward0"),
    E("special.ndtr", lambda m, a: m.special.ndtr(a), U0, grad_fn="MulBackward1"),
    E("special.ndtri", lambda m, a: m.special.ndtri(a), U0, domain=unit_open, grad_fn="SpecialNdtriBackward0"),
    E("special.log_ndtr", lambda m, a: m.special.log_ndtr(a * 3), U0, grad_fn="SpecialLogNdtrBackward0"),
    E("special.entr", lambda m, a: m.special.entr(a), U0, domain=positive, grad_fn="SpecialEntrBackward0"),
    E("special.multigammaln", lambda m, a: m.special.multigammaln(a, 3), U0, domain=mvlgamma_domain,
      grad_fn="MvlgammaBackward0"),
    E("mvlgamma", lambda m, a: m.mvlgamma(a, 1), [(U,)], domain=mvlgamma_domain, grad_fn="MvlgammaBackward0"),
    E("mvlgamma_method", lambda m, a: a.mvlgamma(2), [(U,)], domain=mvlgamma_domain, grad_fn="MvlgammaBackward0"),
    E("mvlgamma_inplace", lambda m, a: (a * 1).mvlgamma_(2), [(U,)], domain=mvlgamma_domain,
      grad_fn="MvlgammaBackward0"),
    E("special.xlog1py", lambda m, a, b: m.special.xlog1py(a, b), [((2, 3), (2, 3)), ((2, 3), (3,)), ((), (2, 3))],
      domain=above_minus_one, grad_fn="SpecialXlog1PyBackward0"),
    E("special.xlog1py_number_self", lambda m, b: m.special.xlog1py(2.0, b), [(U,)], domain=positive,
      grad_fn="SpecialXlog1PyBackward1"),
    E("special.xlog1py_number_other", lambda m, a: m.special.xlog1py(a, 3), U0, grad_fn="SpecialXlog1PyBackward2"),
    E("special.zeta", lambda m, q: m.special.zeta(_s(m, q), q), [((2, 3),), ((3,),)], domain=zeta_offset,
      grad_fn="SpecialZetaBackward0"),
    E("special.zeta_number_self", lambda m, q: m.special.zeta(3.5, q), U0, domain=zeta_offset,
      grad_fn="SpecialZetaBackward1"),
    # ---------------- LU and the *_ex factorizations (ops/linalg_lu.py); the deprecated torch.qr / torch.cholesky
    E("lu_factor", lambda m, a: m.linalg.lu_factor(a).LU, [((3, 3),), ((2, 3, 3),), ((3, 4),), ((4, 3),)],
      grad_fn="LinalgLuFactorExBackward0"),
    E("lu_factor_ex", lambda m, a: m.linalg.lu_factor_ex(a)[0], [((3, 3),)], grad_fn="LinalgLuFactorExBackward0"),
    E("lu_L", lambda m, a: m.linalg.lu(a).L, [((3, 3),), ((3, 4),), ((4, 3),)], grad_fn="LinalgLuBackward0"),
    E("lu_U", lambda m, a: m.linalg.lu(a)[2], [((3, 3),), ((2, 3, 4),), ((4, 3),)], grad_fn="LinalgLuBackward0"),
    E("lu_LU_product", lambda m, a: (lambda p, lo, up: lo @ up)(*m.linalg.lu(a)), [((3, 3),)], grad_fn="MmBackward0"),
    E("lu_solve", lambda m, a, b: m.linalg.lu_solve(*m.linalg.lu_factor(_nonsingular(m, a)), b),
      [((3, 3), (3, 2)), ((2, 3, 3), (2, 3, 1))], grad_fn="LinalgLuSolveBackward0"),
    E("lu_solve_adjoint", lambda m, a, b: m.linalg.lu_solve(*m.linalg.lu_factor(_nonsingular(m, a)), b, adjoint=True),
      [((3, 3), (3, 2))], grad_fn="LinalgLuSolveBackward0"),
    E("lu_solve_right", lambda m, a, b: m.linalg.lu_solve(*m.linalg.lu_factor(_nonsingular(m, a)), b, left=False),
      [((3, 3), (2, 3))], grad_fn="LinalgLuSolveBackward0"),
    E("lu_solve_right_adjoint", lambda m, a, b: m.linalg.lu_solve(*m.linalg.lu_factor(_nonsingular(m, a)), b,
                                                                  left=False, adjoint=True),
      [((3, 3), (2, 3))], grad_fn="LinalgLuSolveBackward0"),
    E("cholesky_ex", lambda m, a: m.linalg.cholesky_ex(_spd(m, a)).L, [((3, 3),), ((2, 3, 3),)],
      grad_fn="LinalgCholeskyExBackward0"),
    E("cholesky_ex_upper", lambda m, a: m.linalg.cholesky_ex(_spd(m, a), upper=True)[0], [((3, 3),)],
      grad_fn="LinalgCholeskyExBackward0"),
    E("inv_ex", lambda m, a: m.linalg.inv_ex(_nonsingular(m, a)).inverse, [((3, 3),), ((2, 3, 3),)],
      grad_fn="LinalgInvExBackward0"),
    E("torch_cholesky", lambda m, a: _quiet(m.cholesky, _spd(m, a)), [((3, 3),)], grad_fn="CholeskyBackward0"),
    E("torch_cholesky_upper", lambda m, a: _quiet(m.cholesky, _spd(m, a), True), [((2, 3, 3),)],
      grad_fn="CholeskyBackward0"),
    E("torch_qr_R", lambda m, a: _quiet(m.qr, a).R, [((4, 3),), ((3, 3),)], grad_fn="LinalgQrBackward0"),
    E("torch_qr_complete_Q", lambda m, a: _quiet(m.qr, a, False)[0], [((3, 4),)], grad_fn="LinalgQrBackward0"),
    E("torch_lu_solve", lambda m, b, a: _quiet(m.lu_solve, b, *m.linalg.lu_factor(_nonsingular(m, a))),
      [((3, 2), (3, 3))], grad_fn="LinalgLuSolveBackward0"),
    E("tensor_lu", lambda m, a: _quiet(a.lu)[0], [((3, 3),)], grad_fn="LinalgLuFactorExBackward0"),
    # ---------------- batched matmul: torch's graph (a fold into mm/mv, or expand + reshape + bmm)
    E("matmul_3d_2d_fold", lambda m, a, b: a @ b, [((2, 3, 4), (4, 2)), ((2, 2, 3, 4), (4, 2))],
      grad_fn="UnsafeViewBackward0"),
    E("matmul_3d_1d_fold", lambda m, a, b: a @ b, [((2, 3, 4), (4,))], grad_fn="UnsafeViewBackward0"),
    E("matmul_1d_3d_fold", lambda m, a, b: a @ b, [((4,), (2, 4, 3))], grad_fn="UnsafeViewBackward0"),
    E("matmul_2d_4d_fold", lambda m, a, b: a @ b, [((3, 4), (2, 2, 4, 2))], grad_fn="CloneBackward0"),
    E("matmul_bmm_broadcast", lambda m, a, b: a @ b, [((2, 1, 3, 4), (3, 4, 2)), ((2, 2, 3, 4), (2, 1, 4, 2)),
                                                      ((2, 3, 4), (1, 4, 2))],
      grad_fn="UnsafeViewBackward0"),
    E("matmul_squeezed_batch_fold", lambda m, a, b: a @ b, [((1, 3, 4), (2, 4, 2))], grad_fn="CloneBackward0"),
    E("matmul_const_2d_3d", lambda m, b: m.ones(3, 4, dtype=b.dtype) @ b, [((2, 4, 2),)],
      grad_fn="UnsafeViewBackward0"),
    E("matmul_noncontig_3d_1d", lambda m, a: a.transpose(0, 1) @ m.ones(4, dtype=a.dtype), [((3, 2, 4),)],
      grad_fn="UnsafeViewBackward0"),
]
