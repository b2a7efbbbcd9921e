"""ember.linalg and the linear-algebra ops against torch 2.13: errors (type and message) for bad inputs,
torch.linalg.LinAlgError for singular / indefinite matrices, the graphs torch records (``v @ m``, einsum,
tensordot...), return types, matrix_rank, and edge values. Values and gradients are in the op table
(tests/op_table_linalg.py)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from behave import record_warnings, run, assert_same, same, torch  # noqa: F401

import ember

RNG = np.random.default_rng(0)
A23 = RNG.standard_normal((2, 3))
A33 = RNG.standard_normal((3, 3))
A34 = RNG.standard_normal((3, 4))
V3 = RNG.standard_normal(3)


def T(m, a, dtype=None, grad=False):  # noqa: N802
    """``a`` as a tensor of library ``m`` (float32 unless ``dtype``)."""
    t = m.tensor(np.asarray(a), dtype=dtype if dtype is not None else m.float32)
    return t.requires_grad_() if grad else t


SINGULAR = [[1.0, 2.0], [2.0, 4.0]]
SINGULAR3 = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]
INDEFINITE = [[1.0, 2.0], [2.0, 1.0]]

ERRORS = {
    # matrix functions and factorizations
    "inv_singular": lambda m: m.linalg.inv(T(m, SINGULAR)),
    "inv_singular3": lambda m: m.linalg.inv(T(m, SINGULAR3)),
    "inv_zeros": lambda m: m.linalg.inv(m.zeros(3, 3)),
    "inv_batch_singular": lambda m: m.linalg.inv(m.stack([m.eye(2), m.zeros(2, 2)])),
    "inv_nonsquare": lambda m: m.linalg.inv(T(m, A23)),
    "inv_1d": lambda m: m.linalg.inv(T(m, V3)),
    "inv_int": lambda m: m.linalg.inv(m.ones(2, 2, dtype=m.int64)),
    "inverse_singular": lambda m: T(m, SINGULAR).inverse(),
    "det_nonsquare": lambda m: m.linalg.det(T(m, A23)),
    "det_int": lambda m: m.linalg.det(m.ones(2, 2, dtype=m.int64)),
    "det_1d": lambda m: m.det(T(m, V3)),
    "slogdet_nonsquare": lambda m: m.linalg.slogdet(T(m, A23)),
    "solve_singular": lambda m: m.linalg.solve(m.zeros(2, 2), m.ones(2)),
    "solve_shape_vector": lambda m: m.linalg.solve(m.eye(2), m.ones(3)),
    "solve_shape_matrix": lambda m: m.linalg.solve(m.eye(2), m.ones(3, 2)),
    "solve_dtype": lambda m: m.linalg.solve(m.eye(2), m.ones(2, dtype=m.float64)),
    "solve_right_vector": lambda m: m.linalg.solve(m.eye(3), m.ones(3), left=False),
    "solve_right_batch_vector": lambda m: m.linalg.solve(m.ones(2, 3, 3), m.ones(2, 3), left=False),
    "solve_batch_singular": lambda m: m.linalg.solve(m.stack([m.eye(2), m.zeros(2, 2)]), m.ones(2, 2)),
    "solve_batch_singular_first": lambda m: m.linalg.solve(m.stack([m.zeros(2, 2), m.eye(2)]), m.ones(2, 2, 1)),
    "solve_broadcast_singular": lambda m: m.linalg.solve(m.zeros(2, 2), m.ones(3, 2, 1)),
    "lstsq_driver": lambda m: m.linalg.lstsq(m.eye(2), m.ones(2, 2), driver="bad"),
    "lstsq_1d": lambda m: m.linalg.lstsq(m.ones(2), m.ones(2)),
    "lstsq_dtype": lambda m: m.linalg.lstsq(m.eye(2), m.ones(2, 2, dtype=m.float64)),
    "inv_4d_batch_singular": lambda m: m.linalg.inv(m.stack([m.stack([m.eye(2), m.eye(2)]),
                                                             m.stack([m.eye(2), m.zeros(2, 2)])])),
    "cholesky_float64_order": lambda m: m.linalg.cholesky(T(m, [[1.0, 1, 1], [1, 1, 1], [1, 1, 1]], dtype=m.float64)),
    "einsum_dtypes": lambda m: m.einsum("i,i->", m.ones(2), m.ones(2, dtype=m.int64)),
    "cholesky_indefinite": lambda m: m.linalg.cholesky(T(m, INDEFINITE)),
    "cholesky_batch_indefinite": lambda m: m.linalg.cholesky(m.stack([m.eye(2), T(m, INDEFINITE)])),
    "cholesky_order3": lambda m: m.linalg.cholesky(T(m, [[4.0, 2, 0], [2, 5, 0], [0, 0, -1]])),
    "cholesky_nonsquare": lambda m: m.linalg.cholesky(T(m, A23)),
    "qr_mode": lambda m: m.linalg.qr(T(m, A23), mode="bad"),
    "qr_1d": lambda m: m.linalg.qr(T(m, V3)),
    "svd_1d": lambda m: m.linalg.svd(T(m, V3)),
    "svdvals_1d": lambda m: m.linalg.svdvals(T(m, V3)),
    "eigh_nonsquare": lambda m: m.linalg.eigh(T(m, A23)),
    "eigh_uplo": lambda m: m.linalg.eigh(m.eye(2), UPLO="X"),
    "eigvalsh_int": lambda m: m.linalg.eigvalsh(m.ones(2, 2, dtype=m.int64)),
    "pinv_1d": lambda m: m.linalg.pinv(T(m, V3)),
    "lstsq_shape": lambda m: m.linalg.lstsq(T(m, A33), m.ones(4, 2)),
    "matrix_power_nonsquare": lambda m: m.linalg.matrix_power(T(m, A23), 2),
    "matrix_power_singular": lambda m: m.linalg.matrix_power(m.zeros(2, 2), -1),
    "matrix_power_int_negative": lambda m: m.linalg.matrix_power(m.ones(2, 2, dtype=m.int64), -1),
    "matrix_rank_1d": lambda m: m.linalg.matrix_rank(T(m, V3)),
    # norms
    "norm_ord": lambda m: m.linalg.norm(T(m, A23), 3),
    "norm_str_vector": lambda m: m.linalg.norm(T(m, V3), "fro"),
    "norm_3d_ord": lambda m: m.linalg.norm(m.ones(2, 2, 2), 2),
    "norm_dim3": lambda m: m.linalg.norm(m.ones(2, 2, 2), 2, dim=(0, 1, 2)),
    "matrix_norm_ord": lambda m: m.linalg.matrix_norm(T(m, A23), 3),
    "matrix_norm_ord_str": lambda m: m.linalg.matrix_norm(T(m, A23), "bad"),
    "matrix_norm_1d": lambda m: m.linalg.matrix_norm(T(m, V3)),
    "matrix_norm_same_dims": lambda m: m.linalg.matrix_norm(T(m, A23), dim=(0, 0)),
    "matrix_norm_dims": lambda m: m.linalg.matrix_norm(T(m, A23), dim=(0, 1, 2)),
    "vector_norm_int": lambda m: m.linalg.vector_norm(m.ones(3, dtype=m.int64)),
    "vector_norm_str": lambda m: m.linalg.vector_norm(T(m, V3), "fro"),
    "torch_norm_dims": lambda m: m.norm(m.ones(2, 2, 2), p="fro", dim=(0, 1, 2)),
    # products
    "cross_length": lambda m: m.linalg.cross(m.ones(4, 2), m.ones(4, 2)),
    "cross_dim": lambda m: m.cross(m.ones(3, 4), m.ones(3, 4), dim=1),
    "cross_broadcast": lambda m: m.linalg.cross(m.ones(4, 3), m.ones(5, 3)),
    "multi_dot_one": lambda m: m.linalg.multi_dot([m.ones(2, 2)]),
    "multi_dot_3d": lambda m: m.linalg.multi_dot([m.ones(2, 2), m.ones(2, 2, 2)]),
    "multi_dot_first_3d": lambda m: m.linalg.multi_dot([m.ones(2, 2, 2), m.ones(2, 2)]),
    "multi_dot_middle_1d": lambda m: m.linalg.multi_dot([m.ones(2, 2), m.ones(2), m.ones(2, 2)]),
    "multi_dot_shape": lambda m: m.linalg.multi_dot([m.ones(2, 3), m.ones(2, 2)]),
    "trace_3d": lambda m: m.trace(m.ones(2, 2, 2)),
    "trace_1d": lambda m: m.ones(2).trace(),
    "outer_2d": lambda m: m.outer(m.ones(2, 2), m.ones(2)),
    "outer_vec2_2d": lambda m: m.outer(m.ones(2), m.ones(2, 2)),
    "inner_shape": lambda m: m.inner(m.ones(2, 3), m.ones(4)),
    "tensordot_sizes": lambda m: m.tensordot(m.ones(2, 3), m.ones(4, 2), dims=1),
    "tensordot_negative": lambda m: m.tensordot(m.ones(2, 3), m.ones(3, 2), dims=-1),
    "tensordot_dtype": lambda m: m.tensordot(m.ones(2, 3), m.ones(3, 2, dtype=m.float64), dims=1),
    "einsum_fewer_operands": lambda m: m.einsum("ij,jk", m.ones(2, 3)),
    "einsum_more_operands": lambda m: m.einsum("ij", m.ones(2, 3), m.ones(2, 3)),
    "einsum_dims": lambda m: m.einsum("ij", m.ones(2, 3, 4)),
    "einsum_dims_ellipsis": lambda m: m.einsum("ijk...", m.ones(2, 3)),
    "einsum_sizes": lambda m: m.einsum("ij,jk", m.ones(2, 3), m.ones(4, 2)),
    "einsum_output_unknown": lambda m: m.einsum("ij->k", m.ones(2, 3)),
    "einsum_output_repeated": lambda m: m.einsum("ij->ii", m.ones(2, 3)),
    "einsum_diagonal_sizes": lambda m: m.einsum("ii", m.ones(2, 3)),
    "einsum_bad_subscript": lambda m: m.einsum("i1", m.ones(2, 3)),
    "addmm_shapes": lambda m: m.addmm(m.ones(2, 2), m.ones(2, 3), m.ones(4, 2)),
    "addmm_1d": lambda m: m.addmm(m.ones(2), m.ones(3), m.ones(3, 2)),
    "addmv_shapes": lambda m: m.addmv(m.ones(2), m.ones(2, 3), m.ones(4)),
    "baddbmm_shapes": lambda m: m.baddbmm(m.ones(2, 2, 2), m.ones(2, 2, 3), m.ones(2, 4, 2)),
    "baddbmm_2d": lambda m: m.baddbmm(m.ones(2, 3, 2), m.ones(2, 3), m.ones(2, 3, 2)),
    "addbmm_batches": lambda m: m.addbmm(m.ones(2, 2), m.ones(2, 2, 3), m.ones(3, 3, 2)),
    "cdist_negative_p": lambda m: m.cdist(m.ones(2, 3), m.ones(2, 3), p=-1),
    "cdist_columns": lambda m: m.cdist(m.ones(2, 3), m.ones(2, 4)),
    "cdist_1d": lambda m: m.cdist(m.ones(3), m.ones(3)),
    "cdist_int": lambda m: m.cdist(m.ones(2, 3, dtype=m.int64), m.ones(2, 3, dtype=m.int64)),
    "addmm_inplace_shape": lambda m: m.ones(4).addmm_(m.ones(3, 2), m.ones(2, 4)),
    "baddbmm_inplace_shape": lambda m: m.ones(3, 4).baddbmm_(m.ones(2, 3, 2), m.ones(2, 2, 4)),
    "addmm_inplace_leaf": lambda m: m.ones(3, 4, requires_grad=True).addmm_(m.ones(3, 2), m.ones(2, 4)),
    "cross_dtype": lambda m: m.linalg.cross(m.ones(4, 3), m.ones(4, 3, dtype=m.float64)),
    "addmv_dtype": lambda m: m.addmv(m.ones(2), m.ones(2, 2, dtype=m.float64), m.ones(2, dtype=m.float64)),
    "multi_dot_dtype": lambda m: m.linalg.multi_dot([m.ones(2, 2), m.ones(2, 2, dtype=m.float64)]),
    "matrix_power_float_n": lambda m: m.linalg.matrix_power(m.ones(2, 2), 2.0),
    "matrix_norm_neg2_empty": lambda m: m.linalg.matrix_norm(m.ones(0, 3), -2),
    "matmul_vector_matrix_shapes": lambda m: m.ones(3) @ m.ones(4, 2),
}


@pytest.mark.parametrize("name", list(ERRORS))
def test_errors_as_torch(name):
    """torch's exception type (LinAlgError is torch._C._LinAlgError) and message."""
    out = same(ERRORS[name])
    assert type(out).__name__ == "Err"


def test_linalg_error_class():
    assert issubclass(ember.linalg.LinAlgError, RuntimeError)
    assert ember.linalg.LinAlgError.__name__ == torch.linalg.LinAlgError.__name__ == "_LinAlgError"
    with pytest.raises(ember.linalg.LinAlgError):
        ember.linalg.inv(ember.zeros(2, 2))


# ----------------------------------------------------------------------------------------------
# graphs torch records
def _graph(v, depth=3):
    """A node and its next_functions, recursively, by name."""
    if v is None:
        return None
    if depth == 0:
        return type(v).__name__
    return (type(v).__name__, tuple(_graph(n, depth - 1) for n, _ in v.next_functions))


GRAPHS = {
    "vector_at_matrix": lambda m: T(m, V3, grad=True) @ T(m, A34, grad=True),
    "matrix_at_vector": lambda m: T(m, A34, grad=True).mT @ T(m, V3, grad=True),
    "vector_at_matrix_no_grad_vector": lambda m: T(m, V3) @ T(m, A34, grad=True),
    "einsum_mm": lambda m: m.einsum("ij,jk->ik", T(m, A33, grad=True), T(m, A34, grad=True)),
    "einsum_diag": lambda m: m.einsum("ii->i", T(m, A33, grad=True)),
    "einsum_trace": lambda m: m.einsum("ii", T(m, A33, grad=True)),
    "einsum_dot": lambda m: m.einsum("i,i->", T(m, V3, grad=True), T(m, V3, grad=True)),
    "einsum_outer": lambda m: m.einsum("i,j->ij", T(m, V3, grad=True), T(m, V3, grad=True)),
    "einsum_rowsum": lambda m: m.einsum("ij->i", T(m, A23, grad=True)),
    "outer": lambda m: m.outer(T(m, V3, grad=True), T(m, V3, grad=True)),
    "kron": lambda m: m.kron(T(m, A23, grad=True), T(m, A33, grad=True)),
    "multi_dot_vectors": lambda m: m.linalg.multi_dot([T(m, V3, grad=True), T(m, A34, grad=True),
                                                       T(m, A34[0], grad=True)]),
    "multi_dot_order": lambda m: m.linalg.multi_dot([T(m, A33, grad=True), T(m, A34, grad=True),
                                                     T(m, A34.T, grad=True)]),
    "matrix_power_neg": lambda m: m.linalg.matrix_power(T(m, A33 + 3 * np.eye(3), grad=True), -2),
    "matrix_norm_2": lambda m: m.linalg.matrix_norm(T(m, A34, grad=True), 2),
    "matrix_norm_inf": lambda m: m.linalg.matrix_norm(T(m, A34, grad=True), -math.inf),
    "pairwise_distance": lambda m: m.nn.functional.pairwise_distance(T(m, A34, grad=True), T(m, A34[0], grad=True)),
    "cross": lambda m: m.cross(T(m, A33, grad=True), T(m, A33, grad=True), dim=0),
    "logdet": lambda m: T(m, A33 @ A33.T + np.eye(3), grad=True).logdet(),
}


@pytest.mark.parametrize("name", list(GRAPHS))
def test_graph_as_torch(name):
    e, t = GRAPHS[name](ember), GRAPHS[name](torch)
    assert _graph(e.grad_fn) == _graph(t.grad_fn)
    assert_same(run(lambda m: GRAPHS[name](m), "ember"), run(lambda m: GRAPHS[name](m), "torch"))


# ----------------------------------------------------------------------------------------------
# values torch computes outside the op table's domains
VALUES = {
    "matrix_rank": lambda m: m.linalg.matrix_rank(T(m, SINGULAR3)),
    "matrix_rank_batch_atol": lambda m: m.linalg.matrix_rank(m.stack([m.eye(3), T(m, SINGULAR3)]), atol=1.0),
    "matrix_rank_hermitian": lambda m: m.linalg.matrix_rank(T(m, SINGULAR), hermitian=True),
    "det_singular": lambda m: m.linalg.det(T(m, SINGULAR, grad=True)),
    "slogdet_negative": lambda m: m.linalg.slogdet(T(m, [[0.0, 1.0], [1.0, 0.0]])),
    "logdet_negative": lambda m: m.logdet(T(m, [[0.0, 1.0], [1.0, 0.0]])),
    "eigh_reads_lower_triangle": lambda m: m.linalg.eigh(T(m, [[2.0, 9.0], [1.0, 3.0]])),
    "eigh_reads_upper_triangle": lambda m: m.linalg.eigvalsh(T(m, [[2.0, 9.0], [1.0, 3.0]]), UPLO="U"),
    "cholesky_reads_lower_triangle": lambda m: m.linalg.cholesky(T(m, [[4.0, 9.0], [2.0, 3.0]])),
    "cholesky_upper_reads_upper_triangle": lambda m: m.linalg.cholesky(T(m, [[4.0, 2.0], [9.0, 3.0]]), upper=True),
    "qr_r_mode": lambda m: m.linalg.qr(T(m, A34), mode="r"),
    "svd_full": lambda m: m.linalg.svd(T(m, A34)).S,
    "lstsq_rank": lambda m: m.linalg.lstsq(T(m, A34.T), T(m, A34.T[:, :2])).rank,
    "trace_int": lambda m: m.trace(m.ones(2, 3, dtype=m.int64)),
    "kron_promotes": lambda m: m.kron(T(m, V3), m.ones(2, dtype=m.int64)),
    "addmm_beta0_ignores_nan": lambda m: m.addmm(m.full((2, 2), float("nan")), m.ones(2, 3), m.ones(3, 2), beta=0),
    "matrix_power_0": lambda m: m.linalg.matrix_power(T(m, A33, grad=True), 0),
    "einsum_list_operands": lambda m: m.einsum("ij,jk", [T(m, A23), T(m, A34)]),
    "einsum_spaces": lambda m: m.einsum(" i j , j k -> i k ", T(m, A23), T(m, A34)),
    "cdist_p0": lambda m: m.cdist(T(m, A23), T(m, np.round(A23)), p=0),
    "tensordot_broadcast_dims": lambda m: m.tensordot(T(m, [[[-1.455, -0.905]]], grad=True),
                                                      T(m, [[[0.5, 2.0]]], grad=True)),
    "tensordot_broadcast_other": lambda m: m.tensordot(T(m, [[1.0], [2.0]], grad=True), T(m, A23, grad=True),
                                                       dims=([1], [0])),
    "torch_svd_no_uv": lambda m: m.svd(T(m, A34, dtype=m.float64), compute_uv=False),
    "matrix_power_0_double": lambda m: m.linalg.matrix_power(T(m, A33, dtype=m.float64), 0),
    "torch_svd_V": lambda m: m.svd(T(m, A34, grad=True)).V.abs(),
    "matrix_norm_empty": lambda m: [m.linalg.matrix_norm(m.ones(s), o) for s in ((0, 3), (3, 0), (2, 0, 3))
                                    for o in ("nuc", 2, 1, math.inf, "fro")],
    "norm_nuc_torch": lambda m: m.norm(T(m, A34), p="nuc", keepdim=True),
}


@pytest.mark.parametrize("name", list(VALUES))
def test_values_as_torch(name):
    same(VALUES[name], rtol=1e-4, atol=1e-5)


def test_return_type_reprs():
    for fn in (lambda m: m.linalg.slogdet(T(m, A33)), lambda m: m.linalg.qr(T(m, A33)),
               lambda m: m.linalg.eigh(T(m, A33 + A33.T))):
        e, t = fn(ember), fn(torch)
        assert type(e).__name__ == type(t).__name__
        assert repr(e).split("(")[0] == repr(t).split("(")[0]


def test_cross_default_dim_warns_as_torch():
    fn = lambda m: m.cross(m.ones(3, 4), m.ones(3, 4))  # noqa: E731
    (e, ew), (t, tw) = record_warnings(lambda: fn(ember)), record_warnings(lambda: fn(torch))
    assert tuple(e.shape) == tuple(t.shape)
    assert [c for c, _ in ew] == [c for c, _ in tw]
    assert ew[0][1].split("\n")[0] == tw[0][1].split("\n")[0]


def test_qr_backward_errors_as_torch():
    same(lambda m: m.autograd.grad(m.linalg.qr(T(m, A34.T, grad=True), mode="r").R.sum(), []))
    for mode in ("r", "complete"):
        def fn(m, mode=mode):
            a = T(m, A34.T, grad=True)
            m.linalg.qr(a, mode=mode).R.sum().backward()
            return a.grad
        same(fn)


def test_det_gradient_at_a_singular_matrix():
    """A plain backward at det == 0 gives 0 (torch solves with A's nudged LU); with create_graph torch takes
    the SVD form, whose first gradient is the adjugate's transpose, and differentiates it again."""
    def fn(m):
        a = T(m, SINGULAR, dtype=m.float64, grad=True)
        g0, = m.autograd.grad(m.linalg.det(a), a)
        g1, = m.autograd.grad(m.linalg.det(a), a, create_graph=True)
        g2, = m.autograd.grad((g1 * T(m, [[1.0, 2.0], [3.0, 5.0]], dtype=m.float64)).sum(), a)
        return g0, g1, g2
    same(fn, rtol=1e-6, atol=1e-8)


def test_solve_left_false_and_batch_broadcast():
    def fn(m):
        a = T(m, A33 + 3 * np.eye(3), dtype=m.float64, grad=True)
        b = T(m, RNG.standard_normal((2, 1, 3)) if False else A23, dtype=m.float64, grad=True)
        x = m.linalg.solve(a, b, left=False)
        x.sum().backward()
        return x, a.grad, b.grad
    same(fn, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("beta", [0.5, 1, 0])
def test_addmm_result_is_writable(beta):
    """addmm's result takes in-place ops as torch's does (a 0-d bias once made it a read-only broadcast)."""
    grads = []
    for m in (ember, torch):
        b = m.tensor(1.5, dtype=m.float64, requires_grad=True)
        x = m.tensor([[1., 2.], [3., 4.], [5., 6.]], dtype=m.float64)
        w = m.tensor([[1., -1., 0.5, 2.], [0., 1., 1., -2.]], dtype=m.float64)
        y = m.addmm(b, x, w, beta=beta)
        y.add_(1)
        y.sum().backward()
        grads.append((y.detach().numpy().copy(), b.grad.numpy().copy()))
    np.testing.assert_array_equal(grads[0][0], grads[1][0])
    np.testing.assert_array_equal(grads[0][1], grads[1][1])


@pytest.mark.parametrize("p", [None, 2, -2, "fro", "nuc", math.inf, -math.inf, 1, -1, 1.0, 3, "abc", 2.5])
@pytest.mark.parametrize("shape", [(2, 2), (2, 3), (3, 0, 0), (2, 3, 3), (4,)])
def test_cond_as_torch_composes_it(shape, p):
    """linalg.cond's values, nodes and errors: torch's order of checks (rank, norm type, empty, square) and its
    words; matrix norms times the inverse's (whose backward fails in torch too: masked_fill_ modifies the
    inverse LinalgInvEx saved)."""
    def run(lib):
        a = lib.tensor(np.arange(1.0, 1.0 + math.prod(shape)).reshape(shape) ** 1.5, dtype=lib.float64,
                       requires_grad=True)
        c = lib.linalg.cond(a if a.numel() == 0 or a.shape[-1] != a.shape[-2] else a + 3 * lib.eye(shape[-1]), p)
        return c, type(c.grad_fn).__name__ if c.grad_fn is not None else None
    same(run)


def test_cond_of_a_singular_matrix_is_inf_and_of_a_zero_one_nan():
    same(lambda lib: [lib.linalg.cond(lib.tensor([[1.0, 2.0], [2.0, 4.0]]), p) for p in ("fro", 1, -math.inf)])
    same(lambda lib: [lib.linalg.cond(lib.zeros(2, 2), p) for p in (None, -2, "nuc")])
