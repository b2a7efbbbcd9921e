"""Behaviour oracles for issue 9's torch.special namespace, the LU and ``*_ex`` factorizations, the deprecated
torch.qr / torch.cholesky / torch.lu / torch.lu_solve, linalg edge cases and batched matmul's graph: ember and
torch 2.13 run the same code and must observe the same values, graphs, errors and warnings (the op-table rows
in op_table_linalg2.py cover values and gradients in the ops' domains)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from behave import assert_same, record_warnings, run, same, torch  # noqa: F401

import ember
from ember.ops import linalg_lu


def T(m, a, dtype=None, grad=False):  # noqa: N802
    return m.tensor(np.asarray(a, dtype=np.float64), dtype=dtype or m.float64, requires_grad=grad)


SINGULAR = [[1.0, 2.0], [2.0, 4.0]]
NOT_PD = [[4.0, 2.0, 1.0], [2.0, 1.0, 3.0], [1.0, 3.0, 2.0]]
A33 = [[1.0, 2.0, 0.5], [0.3, -1.0, 2.0], [1.5, 0.2, 1.0]]
RANDOM4 = np.random.default_rng(0).standard_normal((2, 4, 4))
NONFINITE = [-40.0, -27.0, -3.0, -1e-8, 0.0, 1e-8, 0.3, 2.5, 26.0, 30.0, 1e300, math.inf, -math.inf, math.nan]


def _grad(m, f, a):
    """(f(a), the gradient of sum(f(a) * cos(k))): a gradient that weighs each output differently."""
    x = T(m, a, grad=True)
    y = f(m, x)
    w = m.tensor(np.cos(np.arange(y.numel())).reshape(tuple(y.shape)), dtype=y.dtype)
    return y.detach(), m.autograd.grad((y * w).sum(), x)[0]


# ----------------------------------------------------------------------------------------------
# errors torch raises
ERRORS = {
    "lu_factor_1d": lambda m: m.linalg.lu_factor(m.ones(3)),
    "lu_factor_int": lambda m: m.linalg.lu_factor(m.ones(3, 3, dtype=m.int64)),
    "lu_factor_no_pivot": lambda m: m.linalg.lu_factor(m.ones(3, 3), pivot=False),
    "lu_factor_singular": lambda m: m.linalg.lu_factor(T(m, SINGULAR)),
    "lu_factor_singular_batch": lambda m: m.linalg.lu_factor(m.stack([m.eye(2, dtype=m.float64), T(m, SINGULAR)])),
    "lu_factor_ex_check": lambda m: m.linalg.lu_factor_ex(T(m, SINGULAR), check_errors=True),
    "lu_factor_ex_1d": lambda m: m.linalg.lu_factor_ex(m.ones(3)),
    "lu_1d": lambda m: m.linalg.lu(m.ones(3)),
    "lu_int": lambda m: m.linalg.lu(m.ones(2, 3, dtype=m.int64)),
    "lu_no_pivot": lambda m: m.linalg.lu(m.ones(3, 3), pivot=False),
    "lu_solve_shapes": lambda m: m.linalg.lu_solve(*m.linalg.lu_factor(m.eye(3)), m.ones(2, 2)),
    "lu_solve_right_shapes": lambda m: m.linalg.lu_solve(*m.linalg.lu_factor(m.eye(3)), m.ones(3, 2), left=False),
    "lu_solve_dtype": lambda m: m.linalg.lu_solve(*m.linalg.lu_factor(m.eye(3)), m.ones(3, 2, dtype=m.float64)),
    "lu_solve_pivots_dtype": lambda m: m.linalg.lu_solve(m.eye(3), m.ones(3, dtype=m.int64), m.ones(3, 2)),
    "lu_solve_pivots_count": lambda m: m.linalg.lu_solve(m.eye(3), m.ones(2, dtype=m.int32), m.ones(3, 2)),
    "lu_solve_b_1d": lambda m: m.linalg.lu_solve(*m.linalg.lu_factor(m.eye(3)), m.ones(3)),
    "lu_solve_not_square": lambda m: m.linalg.lu_solve(m.ones(3, 4), m.ones(3, dtype=m.int32), m.ones(3, 3)),
    "cholesky_ex_check": lambda m: m.linalg.cholesky_ex(T(m, NOT_PD), check_errors=True),
    "cholesky_ex_check_batch": lambda m: m.linalg.cholesky_ex(m.stack([m.eye(3, dtype=m.float64), T(m, NOT_PD)]),
                                                              check_errors=True),
    "cholesky_ex_1d": lambda m: m.linalg.cholesky_ex(m.ones(3)),
    "cholesky_ex_not_square": lambda m: m.linalg.cholesky_ex(m.ones(2, 3)),
    "cholesky_ex_int": lambda m: m.linalg.cholesky_ex(m.ones(3, 3, dtype=m.int64)),
    "inv_ex_check": lambda m: m.linalg.inv_ex(T(m, SINGULAR), check_errors=True),
    "inv_ex_check_batch": lambda m: m.linalg.inv_ex(m.stack([m.eye(2, dtype=m.float64), T(m, SINGULAR)]),
                                                    check_errors=True),
    "inv_ex_1d": lambda m: m.linalg.inv_ex(m.ones(3)),
    "inv_ex_int": lambda m: m.linalg.inv_ex(m.ones(3, 3, dtype=m.int64)),
    "torch_cholesky_not_pd": lambda m: m.cholesky(T(m, SINGULAR)),
    "torch_cholesky_1d": lambda m: m.cholesky(m.ones(3)),
    "torch_cholesky_not_square": lambda m: m.cholesky(m.ones(2, 3)),
    "torch_cholesky_int": lambda m: m.cholesky(m.ones(2, 2, dtype=m.int64)),
    "torch_qr_1d": lambda m: m.qr(m.ones(3)),
    "torch_qr_int": lambda m: m.qr(m.ones(3, 3, dtype=m.int64)),
    "multigammaln_p0": lambda m: m.special.multigammaln(m.ones(3), 0),
    "multigammaln_p_float": lambda m: m.special.multigammaln(m.ones(3), 1.5),
    "mvlgamma_not_tensor": lambda m: m.mvlgamma([1.0], 2),
    "xlog1py_two_numbers": lambda m: m.special.xlog1py(1.0, 2.0),
    "xlog1py_shapes": lambda m: m.special.xlog1py(m.ones(2), m.ones(3)),
    "zeta_two_numbers": lambda m: m.special.zeta(2.0, 1.0),
    "zeta_grad_in_x": lambda m: m.special.zeta(m.full((2,), 2.0, requires_grad=True), m.ones(2)).sum().backward(),
    "zeta_grad_number_q": lambda m: m.special.zeta(m.full((2,), 2.0, requires_grad=True), 1.0).sum().backward(),
    "ndtr_not_tensor": lambda m: m.special.ndtr(1.0),
    "special_softmax_needs_dim": lambda m: m.special.softmax(m.ones(3)),
    "eig_not_square": lambda m: m.linalg.eig(m.ones(2, 3)),
    "eig_1d": lambda m: m.linalg.eig(m.ones(3)),
    "eig_int": lambda m: m.linalg.eig(m.ones(2, 2, dtype=m.int64)),
    "eig_nan": lambda m: m.linalg.eig(T(m, [[1.0, math.nan], [0.0, 1.0]])),
    "eigvals_not_square": lambda m: m.linalg.eigvals(m.ones(2, 3)),
    "matmul_batched_shapes": lambda m: m.ones(2, 3, 4) @ m.ones(2, 5, 2),
    "matmul_batched_broadcast": lambda m: m.ones(2, 3, 4) @ m.ones(3, 4, 2),
    "matmul_folded_shapes": lambda m: m.ones(2, 3, 4, requires_grad=True) @ m.ones(5, 2),
    "matmul_folded_transposed_shapes": lambda m: m.ones(3, 4, requires_grad=True) @ m.ones(2, 5, 2),
    "matmul_batched_vector_shapes": lambda m: m.ones(2, 3, 4) @ m.ones(3),
}

# torch.special's functions are builtins of their own: their argument errors name them special_<name>()
for _name in ("expit", "gammaln", "psi", "digamma", "erf", "erfc", "erfinv", "erfcx", "i0", "i0e", "i1", "i1e",
              "exp2", "expm1", "log1p", "logit", "sinc", "round", "ndtri", "log_ndtr", "entr"):
    ERRORS[f"special_{_name}_not_tensor"] = lambda m, _name=_name: getattr(m.special, _name)(1.0)
ERRORS["special_polygamma_not_tensor"] = lambda m: m.special.polygamma(1, 1.0)
ERRORS["special_logsumexp_not_tensor"] = lambda m: m.special.logsumexp(1.0, 0)
ERRORS["special_xlogy_numbers"] = lambda m: m.special.xlogy(1.0, 2.0)


@pytest.mark.parametrize("name", list(ERRORS))
def test_errors_as_torch(name):
    out = same(ERRORS[name])
    assert type(out).__name__ == "Err"


# ----------------------------------------------------------------------------------------------
# values torch computes at the edges (failed factorizations, singular and empty matrices, non-finite inputs)
VALUES = {
    "cholesky_ex_not_pd": lambda m: tuple(m.linalg.cholesky_ex(T(m, NOT_PD))),
    "cholesky_ex_not_pd_upper": lambda m: tuple(m.linalg.cholesky_ex(T(m, NOT_PD), upper=True)),
    "cholesky_ex_not_pd_2x2": lambda m: tuple(m.linalg.cholesky_ex(T(m, [[1.0, 2.0], [2.0, 1.0]]))),
    "cholesky_ex_batch": lambda m: tuple(m.linalg.cholesky_ex(m.stack([m.eye(3, dtype=m.float64), T(m, NOT_PD)]))),
    "inv_ex_singular": lambda m: tuple(m.linalg.inv_ex(T(m, SINGULAR))),
    "inv_ex_singular_unsymmetric": lambda m: tuple(m.linalg.inv_ex(T(m, [[1.0, 2.0], [3.0, 6.0]]))),
    "inv_ex_zero": lambda m: tuple(m.linalg.inv_ex(m.zeros(3, 3))),
    "inv_ex_fine": lambda m: tuple(m.linalg.inv_ex(T(m, A33))),
    "lu_factor_ex_singular": lambda m: tuple(m.linalg.lu_factor_ex(T(m, SINGULAR))),
    "lu_factor_ex_zero": lambda m: tuple(m.linalg.lu_factor_ex(m.zeros(3, 3))),
    "lu_factor_ex_wide": lambda m: tuple(m.linalg.lu_factor_ex(T(m, [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))),
    "lu_factor_ex_tall_batch": lambda m: tuple(m.linalg.lu_factor_ex(T(m, np.arange(24.0).reshape(2, 4, 3) ** 1.5))),
    "lu_factor_float32": lambda m: tuple(m.linalg.lu_factor(T(m, A33, dtype=m.float32))),
    "lu_wide": lambda m: tuple(m.linalg.lu(T(m, [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))),
    "lu_singular": lambda m: tuple(m.linalg.lu(T(m, SINGULAR))),
    "lu_empty": lambda m: tuple(m.linalg.lu(m.zeros(0, 0))),
    "lu_factor_ex_empty_batch": lambda m: tuple(m.linalg.lu_factor_ex(m.zeros(2, 0, 0))),
    "lu_solve_batch_broadcast": lambda m: m.linalg.lu_solve(*m.linalg.lu_factor(T(m, A33)), T(m, np.ones((3, 2)))),
    "torch_lu_get_infos": lambda m: m.lu(T(m, SINGULAR), get_infos=True),
    "torch_qr_return_type": lambda m: m.qr(T(m, A33)),
    "qr_zero_grads": lambda m: [_grad(m, lambda m, a: m.linalg.qr(a)[0] + m.linalg.qr(a)[1], np.zeros(s))
                                for s in ((3, 3), (4, 3), (2, 3, 3))],
    "qr_zero_wide_grads": lambda m: _grad(m, lambda m, a: m.cat([m.linalg.qr(a)[0].flatten(),
                                                                 m.linalg.qr(a)[1].flatten()]), np.zeros((3, 4))),
    "det_edges": lambda m: [m.linalg.det(T(m, a)) for a in (SINGULAR, np.zeros((3, 3)), np.ones((3, 3)),
                                                          np.zeros((0, 0)), np.zeros((2, 0, 0)), [[2.0]],
                                                          np.diag([1.0, 0.0, 3.0]), [[1.0, 2.0], [3.0, 6.0]])],
    "slogdet_edges": lambda m: [tuple(m.linalg.slogdet(T(m, a))) for a in (SINGULAR, np.zeros((3, 3)),
                                                                            np.zeros((0, 0)), [[-1.0, 0], [0, 1.0]])],
    "slogdet_singular_grads": lambda m: [_grad(m, lambda m, x: m.linalg.slogdet(x)[1], a)[1] for a in (
        SINGULAR, np.zeros((3, 3)), np.ones((3, 3)), np.diag([1.0, 0.0, 3.0]),
        [[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.0, 1.0]], [[0.0, 1.0, 2.0], [0.0, 3.0, 4.0], [0.0, 5.0, 7.0]])],
    "det_singular_grads": lambda m: [_grad(m, lambda m, x: m.linalg.det(x), a)[1] for a in (
        SINGULAR, np.zeros((3, 3)), np.diag([1.0, 0.0, 3.0]))],
    "eig_float64": lambda m: tuple(m.linalg.eig(T(m, RANDOM4))),
    "eigvals_nonfinite": lambda m: m.linalg.eigvals(T(m, [[1.0, math.inf], [0.0, 1.0]])),
    "eig_rotation": lambda m: tuple(m.linalg.eig(T(m, [[0.0, -1.0], [1.0, 0.0]]))),
    "eig_empty": lambda m: tuple(m.linalg.eig(m.zeros(0, 0))),
    "eigvals_float32": lambda m: m.linalg.eigvals(T(m, RANDOM4[0], dtype=m.float32)),
    "eig_no_grad": lambda m: m.linalg.eigvals(T(m, A33, grad=True).detach()),
    "special_erfcx": lambda m: m.special.erfcx(T(m, NONFINITE)),
    "special_erfcx_f32": lambda m: m.special.erfcx(T(m, NONFINITE, dtype=m.float32)),
    "special_i0e": lambda m: m.special.i0e(T(m, NONFINITE)),
    "special_i1e": lambda m: m.special.i1e(T(m, NONFINITE)),
    "special_log_ndtr": lambda m: m.special.log_ndtr(T(m, NONFINITE + [-50.0, 40.0])),
    "special_ndtr": lambda m: m.special.ndtr(T(m, NONFINITE)),
    "special_ndtr_int": lambda m: m.special.ndtr(m.arange(-2, 3)),
    "special_ndtri": lambda m: m.special.ndtri(T(m, [0.0, 1e-300, 1e-20, 1e-5, 0.01, 0.3, 0.5, 0.7, 0.999,
                                                    1 - 1e-10, 1.0, 1.5, -0.1, math.nan])),
    "special_entr": lambda m: m.special.entr(T(m, [-1.0, 0.0, 0.5, 2.0, math.inf, math.nan, 1e-300])),
    "special_entr_int": lambda m: m.special.entr(m.arange(3)),
    "special_zeta": lambda m: m.special.zeta(T(m, [2.0, 2.5, 1.0, 0.5, 2.0, 2.5, 3.0, 4.0, 1.1, 30.0]),
                                             T(m, [1.0, 1.0, 1.0, 1.0, -2.0, -1.5, -1.5, 0.3, 2.0, 1e9])),
    "special_zeta_numbers": lambda m: (m.special.zeta(2, m.tensor([1, 2])), m.special.zeta(T(m, [2.0, 3.0]), 1)),
    "special_xlog1py": lambda m: m.special.xlog1py(T(m, [0.0, 0.0, 1.0, 2.0, -1.0]),
                                                   T(m, [-1.0, math.nan, math.nan, 3.0, -2.0])),
    "special_xlog1py_grads": lambda m: [_grad(m, lambda m, x: m.special.xlog1py(x, T(m, [-1.0, -2.0, 0.5])), a)[1]
                                        for a in ([0.0, 0.0, 0.0], [1.0, 0.0, 2.0])],
    "special_multigammaln": lambda m: m.special.multigammaln(T(m, [0.5, 1.5, 3.0, 10.5]), 2),
    "special_multigammaln_int": lambda m: m.special.multigammaln(m.tensor([3, 4]), 3),
    "special_i1e_grad_at_0": lambda m: _grad(m, lambda m, x: m.special.i1e(x), [0.0, 1e-20, -3.0]),
    "special_i0e_grad_at_0": lambda m: _grad(m, lambda m, x: m.special.i0e(x), [0.0, 1e-20, -3.0]),
    "special_aliases": lambda m: [m.special.expit(T(m, [0.5])), m.special.gammaln(T(m, [0.5])),
                                  m.special.psi(T(m, [0.5])), m.special.round(T(m, [2.5])),
                                  m.special.logsumexp(T(m, [[1.0, 2.0]]), 1, keepdim=True),
                                  m.special.softmax(T(m, [[1.0, 2.0]]), 1, dtype=m.float32)],
}


@pytest.mark.parametrize("name", list(VALUES))
def test_values_as_torch(name):
    same(VALUES[name], rtol=1e-6, atol=1e-12)


def test_signed_zero_determinants_as_torch():
    """torch's det and slogdet sign of a singular matrix after an odd number of row swaps is -0.0."""
    for a in (SINGULAR, [[1.0, 2.0], [3.0, 6.0]], np.zeros((3, 3))):
        e, t = ember.linalg.det(T(ember, a)), torch.linalg.det(T(torch, a))
        assert np.signbit(e.numpy()) == np.signbit(t.numpy())
        e, t = ember.linalg.slogdet(T(ember, a))[0], torch.linalg.slogdet(T(torch, a))[0]
        assert np.signbit(e.numpy()) == np.signbit(t.numpy())


# ----------------------------------------------------------------------------------------------
# graphs torch records: batched matmul, ndtr, the factorizations' outputs
def _graph(v, depth=6):
    if v is None:
        return None
    name = type(v).__name__ if not hasattr(v, "name") or not callable(v.name) else v.name()
    name = name.replace("torch::autograd::", "")
    if depth == 0:
        return name
    return (name, tuple((_graph(n, depth - 1), nr) for n, nr in v.next_functions))


def _mm(sa, sb, ga=True, gb=True, nc=False):
    def f(m):
        a = T(m, np.arange(np.prod(sa)).reshape(sa) * 0.1, grad=ga)
        b = T(m, np.cos(np.arange(np.prod(sb))).reshape(sb), grad=gb)
        return (a.transpose(0, 1) if nc else a) @ b
    return f


GRAPHS = {
    "bmm_fold_3d_2d": _mm((2, 3, 4), (4, 5)),
    "bmm_fold_3d_2d_no_grad_b": _mm((2, 3, 4), (4, 5), gb=False),
    "bmm_fold_3d_2d_no_grad_a": _mm((2, 3, 4), (4, 5), ga=False),
    "bmm_fold_4d_2d": _mm((2, 2, 3, 4), (4, 5)),
    "bmm_fold_transposed": _mm((3, 4), (2, 4, 5)),
    "bmm_fold_transposed_no_grad_b": _mm((3, 4), (2, 4, 5), gb=False),
    "bmm_2d_3d_no_grad_a": _mm((3, 4), (2, 4, 5), ga=False),
    "bmm_3d_3d": _mm((2, 3, 4), (2, 4, 5)),
    "bmm_3d_3d_no_grad_b": _mm((2, 3, 4), (2, 4, 5), gb=False),
    "bmm_squeeze_other": _mm((2, 3, 4), (1, 4, 5)),
    "bmm_squeeze_self": _mm((1, 3, 4), (2, 4, 5)),
    "bmm_squeeze_self_no_grad": _mm((1, 3, 4), (2, 4, 5), ga=False),
    "bmm_broadcast_4d_3d": _mm((2, 1, 3, 4), (5, 4, 2)),
    "bmm_broadcast_4d_4d": _mm((2, 2, 3, 4), (2, 1, 4, 5)),
    "bmm_3d_1d": _mm((2, 3, 4), (4,)),
    "bmm_3d_1d_no_grad_b": _mm((2, 3, 4), (4,), gb=False),
    "bmm_3d_1d_noncontiguous": _mm((3, 2, 4), (4,), gb=False, nc=True),
    "bmm_1d_3d": _mm((4,), (2, 4, 3)),
    "bmm_1d_3d_no_grad_a": _mm((4,), (2, 4, 3), ga=False),
    "bmm_2d_4d": _mm((3, 4), (2, 2, 4, 5)),
    "ndtr": lambda m: m.special.ndtr(T(m, [0.5, -1.0], grad=True)),
    "lu_outputs": lambda m: m.linalg.lu(T(m, A33, grad=True)).U * m.linalg.lu(T(m, A33, grad=True)).L,
    "lu_factor_ex_output": lambda m: m.linalg.lu_factor_ex(T(m, A33, grad=True)).LU * 2,
    "inv_ex_output": lambda m: m.linalg.inv_ex(T(m, A33, grad=True)).inverse * 2,
    "cholesky_ex_output": lambda m: m.linalg.cholesky_ex(T(m, np.eye(3) * 2, grad=True)).L * 2,
}


@pytest.mark.parametrize("name", list(GRAPHS))
def test_graph_as_torch(name):
    e, t = GRAPHS[name](ember), GRAPHS[name](torch)
    assert _graph(e.grad_fn) == _graph(t.grad_fn)
    assert e.stride() == t.stride()
    assert_same(run(GRAPHS[name], "ember"), run(GRAPHS[name], "torch"))

    def grads(m):
        out = GRAPHS[name](m)
        leaves = [n.variable for n in _leaves(out.grad_fn)]
        return m.autograd.grad((out * out).sum(), leaves)
    assert_same(run(grads, "ember"), run(grads, "torch"), rtol=1e-7, atol=1e-9)


def _leaves(node, seen=None):
    """The AccumulateGrad nodes under ``node``, in a fixed order."""
    seen = [] if seen is None else seen
    for n, _ in node.next_functions:
        if n is None:
            continue
        if hasattr(n, "variable"):
            if all(n is not s for s in seen):
                seen.append(n)
        else:
            _leaves(n, seen)
    return seen


def test_batched_matmul_without_grad_is_one_product():
    """Nothing to record: the result is computed at once, contiguous, as torch's."""
    for sa, sb in (((2, 3, 4), (4, 5)), ((3, 4), (2, 4, 5)), ((2, 1, 3, 4), (5, 4, 2)), ((4,), (2, 4, 3))):
        a, b = np.cos(np.arange(np.prod(sa))).reshape(sa), np.sin(np.arange(np.prod(sb))).reshape(sb)
        e, t = T(ember, a) @ T(ember, b), T(torch, a) @ T(torch, b)
        assert e.grad_fn is None and e.stride() == t.stride()
        np.testing.assert_allclose(e.numpy(), t.numpy(), rtol=1e-12)


# ----------------------------------------------------------------------------------------------
# the deprecated spellings' warnings (torch warns once a process; behave sets torch's warn-always, so the first
# ember call of a fresh process is compared)
DEPRECATED = {
    "cholesky": lambda m: m.cholesky(T(m, np.eye(2) * 2)),
    "qr": lambda m: m.qr(T(m, A33)),
    "lu": lambda m: m.lu(T(m, A33)),
    "lu_solve": lambda m: m.lu_solve(T(m, np.ones((3, 1))), *m.linalg.lu_factor(T(m, A33))),
}


@pytest.mark.parametrize("name", list(DEPRECATED))
def test_deprecation_warnings_as_torch(name):
    linalg_lu._WARNED.discard(name)
    e_out, e_warn = record_warnings(lambda: DEPRECATED[name](ember))
    t_out, t_warn = record_warnings(lambda: DEPRECATED[name](torch))
    assert e_warn == t_warn
    assert_same(run(lambda m: e_out if m is ember else t_out, "ember"), run(lambda m: t_out, "torch"))
    _, again = record_warnings(lambda: DEPRECATED[name](ember))
    assert again == []      # once a process, as TORCH_WARN_ONCE


def test_linalg_namespace_has_the_new_functions():
    for name in ("cholesky_ex", "inv_ex", "lu", "lu_factor", "lu_factor_ex", "lu_solve"):
        assert hasattr(torch.linalg, name) and callable(getattr(ember.linalg, name))
    for name in ("expit", "logit", "erf", "erfc", "erfinv", "erfcx", "expm1", "exp2", "log1p", "log_softmax",
                 "softmax", "logsumexp", "gammaln", "digamma", "psi", "polygamma", "multigammaln", "i0", "i0e", "i1",
                 "i1e", "ndtr", "ndtri", "log_ndtr", "sinc", "entr", "xlogy", "xlog1py", "zeta", "round"):
        assert hasattr(torch.special, name) and callable(getattr(ember.special, name))


def test_eig_of_an_input_requiring_grad_raises():
    """torch records LinalgEigBackward0 (complex autograd, which ember lacks): ember raises, never detaching
    silently; without grad mode it computes."""
    a = T(ember, A33, grad=True)
    with pytest.raises(RuntimeError, match="complex autograd"):
        ember.linalg.eig(a)
    with pytest.raises(RuntimeError, match="complex autograd"):
        ember.linalg.eigvals(a)
    with ember.no_grad():
        e = ember.linalg.eigvals(a)
    np.testing.assert_allclose(e.numpy(), torch.linalg.eigvals(T(torch, A33)).numpy(), rtol=1e-12)


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan])
@pytest.mark.parametrize("shape", [(2, 3), (2, 2, 2)])
def test_svd_of_non_finite_input_never_reaches_lapack(value, shape):
    # LAPACK may spin on such input. torch's gesdd fails on a NaN (its convergence error, naming the batch
    # element: ember raises the same) and gives NaN singular values for an infinity (ember: NaNs in that batch
    # element, the other batch elements' values as torch's)
    def program(lib):
        a = lib.arange(float(math.prod(shape))).reshape(shape)
        a[(0,) * len(shape)] = value
        try:
            return lib.linalg.svdvals(a).numpy()
        except RuntimeError as e:
            return str(e)
    got, want = program(ember), program(torch)
    if isinstance(want, str):
        assert got == want
        return
    assert np.isnan(got.reshape(-1, got.shape[-1])[0]).all()
    if len(shape) == 3:
        np.testing.assert_allclose(got[1:], want[1:], rtol=1e-5)
