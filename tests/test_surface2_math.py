"""Behaviour of the op surface's second round (ember/ops/surface_*.py) against torch 2.13, live: values
and dtypes the op table cannot reach (integers, bools, non-differentiable results), grad_fn names,
torch's errors (type and message), and the in-place rules. Values and gradients of the differentiable
ops are in the op table (tests/op_table_surface2.py)."""
from __future__ import annotations

import numpy as np
import pytest

from behave import record_warnings, same


def _f(m, *shape, seed=0):
    return m.tensor(np.random.default_rng(seed).uniform(-2, 2, size=shape))


def _leaf(m, shape):
    return m.ones(*shape, requires_grad=True)


def _grad(m, f, values):
    """The value of ``f(x)`` and its gradient, ``x`` a leaf holding ``values``."""
    x = m.tensor(values, requires_grad=True)
    out = f(x)
    return out, m.autograd.grad(out, x)


def _out(m, f, shape, dtype):
    """``f(out)`` with ``out`` an empty tensor of ``shape`` and ``dtype``: what it returns, and ``out``."""
    o = m.empty(*shape, dtype=dtype)
    r = f(o)
    return r is o, o


def _inplace_grads(m, name, other):
    x = _f(m, 2, 3).requires_grad_()
    y = _f(m, 2, 3, seed=1).requires_grad_()
    z = getattr(x * 1, name)(y if other == "tensor" else 0.25)
    z.sum().backward()
    return z, x.grad, None if other != "tensor" else y.grad


CASES = {
    # ---------------- aliases and small forms
    "absolute_int": lambda m: m.absolute(m.tensor([-3, 2])),
    "absolute_not_tensor": lambda m: m.absolute(1),
    "absolute_out": lambda m: (lambda o: (m.absolute(m.tensor([-1.5, 2.0]), out=o), o))(m.empty(2)),
    "fix_int": lambda m: m.fix(m.tensor([-3, 2])),
    "fix_not_tensor": lambda m: m.fix([1.0]),
    "absolute_method_": lambda m: m.tensor([-1.5, 2.0]).absolute_(),
    "fix__function": lambda m: m.fix_(m.tensor([-1.5, 2.7])),
    "subtract__alpha": lambda m: m.tensor([1.0, 2.0]).subtract_(m.tensor([1.0, 1.0]), alpha=3),
    "multiply__scalar": lambda m: m.tensor([1, 2]).multiply_(3),
    "clamp__leaf": lambda m: m.clamp_(m.ones(2, requires_grad=True), 0),
    "clip__values": lambda m: m.clip_(m.tensor([-2.0, 0.3, 4.0]), -1, 1),
    "fill_int_with_float": lambda m: m.fill(m.tensor([1, 2]), 2.5),
    "fill_1d_value": lambda m: m.fill(m.ones(2), m.ones(2)),
    "fill_value_grad": lambda m: (lambda v: (m.fill(m.ones(2, 2), v).sum().backward(), v.grad)[1])(
        m.tensor(3.0, requires_grad=True)),
    "fill__function": lambda m: m.fill_(m.zeros(2), 4),
    "fill__function_grads": lambda m: (lambda a, v: (m.fill_(a * 1, v).sum().backward(), a.grad, v.grad))(
        m.ones(2, 3, requires_grad=True), m.tensor(2.0, requires_grad=True)),
    "no_tensor_fill": lambda m: hasattr(m.ones(1), "fill"),
    "rsub_ints": lambda m: m.rsub(m.tensor([1, 2]), m.tensor([5, 5]), alpha=2),
    "rsub_scalar": lambda m: m.rsub(m.tensor([1.0, 2.0]), 3, alpha=2),
    "rsub_bool": lambda m: m.rsub(m.tensor([1, 2]), m.tensor([True, False])),
    "rsub_two_bools": lambda m: m.rsub(m.tensor([True]), m.tensor([True, False])),
    "rsub_alpha_saved": lambda m: m.rsub(m.ones(2, requires_grad=True), m.ones(2), alpha=2).grad_fn._saved_alpha,
    "row_stack_1d": lambda m: m.row_stack([m.ones(3), m.zeros(3)]),
    "sum_to_size_same": lambda m: (lambda x: x.sum_to_size(2, 3) is x)(m.ones(2, 3)),
    "sum_to_size_bad": lambda m: m.ones(3, 4).sum_to_size(5),
    "sum_to_size_bad_more_dims": lambda m: m.ones(3, 4).sum_to_size(1, 3, 4),
    "sum_to_size_int": lambda m: m.tensor([[1, 2], [3, 4]]).sum_to_size(2, 1),
    "sum_to_size_size": lambda m: m.ones(2, 3).sum_to_size(m.Size([3])),
    "split_with_sizes_bad": lambda m: m.ones(3, 2).split_with_sizes([1, 1]),
    "split_with_sizes_fn_dim": lambda m: m.split_with_sizes(m.arange(6).view(2, 3), [1, 2], dim=1),
    "narrow_copy_values": lambda m: m.arange(12).view(3, 4).narrow_copy(1, 1, 2),
    "narrow_copy_negative_start": lambda m: m.narrow_copy(m.arange(6.0).view(3, 2), 0, -2, 2),
    "narrow_copy_too_long": lambda m: m.ones(3, 4).narrow_copy(1, 1, 5),
    "narrow_copy_is_copy": lambda m: (lambda x: (x.narrow_copy(0, 0, 1).add_(1), x)[1])(m.zeros(2, 2)),
    # in-place comparisons: self's dtype, zero gradients, torch's nodes and errors
    "lt__int_self": lambda m: m.tensor([1, 2, 3]).lt_(1.5),
    "eq__float_self": lambda m: m.tensor([1.0, 2.0]).eq_(m.tensor([1, 3])),
    "ge__bool_self": lambda m: m.tensor([True, False]).ge_(m.tensor([2, 0])),
    "ne__broadcast_bad": lambda m: m.tensor([1, 2, 3]).ne_(m.tensor([[1], [2]])),
    "lt__complex": lambda m: m.tensor([1 + 1j]).lt_(1),
    "gt__leaf": lambda m: m.ones(2, requires_grad=True).gt_(0),
    "le__bad_other": lambda m: m.ones(2).le_("a"),
    "less_equal__view": lambda m: (lambda x: (x[0].less_equal_(0.5), x)[1])(m.tensor([[0.2, 0.9], [1.0, 0.1]])),
    # ---------------- more math
    "diff_bool": lambda m: m.diff(m.tensor([True, False, False, True])),
    "diff_int_n2": lambda m: m.diff(m.tensor([1, 4, 9, 16]), n=2),
    "diff_n0": lambda m: m.diff(m.ones(3), n=0),
    "diff_0d": lambda m: m.diff(m.tensor(1.0)),
    "diff_negative_n": lambda m: m.diff(m.ones(3), n=-1),
    "diff_prepend_dims": lambda m: m.diff(m.ones(2, 3), prepend=m.ones(3)),
    "diff_grad_fn_chain": lambda m: [type(n).__name__ for n, _ in
                                     m.diff(m.ones(4, requires_grad=True) * 1).grad_fn.next_functions],
    "heaviside_values": lambda m: m.heaviside(m.tensor([1.0, 0.0, -1.0, float("nan")]), m.tensor([0.5])),
    "heaviside_ints": lambda m: m.heaviside(m.tensor([1, 0, -1]), m.tensor([5])),
    "heaviside_dtypes": lambda m: m.heaviside(m.tensor([1, 0, -1]), m.tensor([0.5])),
    "heaviside_number": lambda m: m.heaviside(m.ones(2), 1.0),
    "heaviside_bool": lambda m: m.heaviside(m.tensor([True, False]), m.tensor([True])),
    "heaviside_node": lambda m: m.heaviside(m.ones(2, requires_grad=True), m.ones(2)).grad_fn.name(),
    "heaviside_backward": lambda m: m.heaviside(m.ones(2, requires_grad=True), m.ones(2)).sum().backward(),
    "heaviside_": lambda m: m.tensor([-1.0, 0.0, 2.0]).heaviside_(m.tensor(7.0)),
    "gcd": lambda m: m.gcd(m.tensor([12, -18, 0, 7]), m.tensor([8, 12, 0, -21])),
    "gcd_int32_int64": lambda m: m.gcd(m.tensor([12], dtype=m.int32), m.tensor([8])),
    "gcd_float": lambda m: m.gcd(m.ones(2), m.ones(2)),
    "gcd_bool": lambda m: m.gcd(m.tensor([True]), m.tensor([True])),
    "gcd_": lambda m: m.tensor([12, 9]).gcd_(m.tensor([8, 6])),
    "gcd__function": lambda m: m.gcd_(m.tensor([12, 9]), m.tensor([8, 6])),
    "lcm": lambda m: m.lcm(m.tensor([4, -6, 0, 5]), m.tensor([6, 4, 3, -7])),
    "lcm_broadcast": lambda m: m.lcm(m.tensor([[2], [3]]), m.tensor([4, 5])),
    "lcm_": lambda m: m.tensor([4, 6], dtype=m.int16).lcm_(m.tensor([6, 4], dtype=m.int16)),
    "ldexp_ints": lambda m: m.ldexp(m.tensor([1, 2]), m.tensor([3, 4])),
    "ldexp_promote": lambda m: m.ldexp(m.tensor([1.0]), m.tensor([2.0], dtype=m.float64)),
    "ldexp_half_overflow": lambda m: m.ldexp(m.tensor([1.0], dtype=m.float16), m.tensor([200])),
    "ldexp_number": lambda m: m.ldexp(m.ones(1), 3),
    "ldexp__int": lambda m: m.tensor([1, 2]).ldexp_(m.tensor([1])),
    "ldexp__function": lambda m: m.ldexp_(m.tensor([1.0, 2.0]), m.tensor([1, 2])),
    "frexp_special": lambda m: tuple(m.frexp(m.tensor([0.0, float("inf"), float("nan"), -3.0, 1e-40]))),
    "frexp_half": lambda m: tuple(m.frexp(m.tensor([3.0, -0.1], dtype=m.float16))),
    "frexp_int": lambda m: m.frexp(m.tensor([1, 2])),
    "frexp_type": lambda m: (type(m.frexp(m.ones(1))).__name__, type(m.frexp(m.ones(1))).__module__,
                             m.frexp(m.ones(1)).exponent.dtype),
    "frexp_exponent_grad": lambda m: m.frexp(m.ones(2, requires_grad=True)).exponent,
    "nextafter_values": lambda m: m.nextafter(m.tensor([1.0, 0.0, 2.0]), m.tensor([2.0, -1.0, 2.0])) -
    m.tensor([1.0, 0.0, 2.0]),
    "nextafter_float64": lambda m: m.nextafter(m.tensor([1.0], dtype=m.float64), m.tensor([2.0])) - 1,
    "nextafter_int": lambda m: m.nextafter(m.tensor([1]), m.tensor([2])),
    "nextafter_equal": lambda m: _grad(m, lambda x: m.nextafter(x, m.tensor([1.0, 0.0, float("nan")])).sum(),
                                       [1.0, 2.0, 3.0]),
    "nextafter_grads": lambda m: (lambda x, y: (m.nextafter(x, y).sum().backward(), x.grad, y.grad)[1:])(
        m.ones(2, requires_grad=True), m.zeros(2, requires_grad=True)),
    "dist_int": lambda m: m.dist(m.tensor([1, 2]), m.tensor([1, 3])),
    "dist_number": lambda m: m.dist(m.ones(2), 2),
    "dist_p0": lambda m: m.dist(m.tensor([1.0, 2.0, 3.0]), m.tensor([1.0, 0.0, 0.0]), 0),
    "dist_p0_backward": lambda m: (lambda x: (m.dist(x, m.zeros(3), 0).backward(), x.grad))(
        m.ones(3, requires_grad=True)),
    "dist_p0_backward_other": lambda m: m.dist(m.ones(3), m.zeros(3, requires_grad=True), 0).backward(),
    "dist_neg_inf": lambda m: m.dist(m.tensor([1.0, 5.0]), m.tensor([0.5, 0.0]), float("-inf")),
    "dist_zero": lambda m: (lambda x: (m.dist(x, x.detach()).backward(), x.grad)[1])(m.ones(3, requires_grad=True)),
    "dist_bad_shapes": lambda m: m.dist(m.ones(2), m.ones(3)),
    "renorm_1d": lambda m: m.renorm(m.ones(2), 2, 0, 1.0),
    "renorm_neg_p": lambda m: m.renorm(m.ones(2, 2), -1, 0, 1.0),
    "renorm_neg_maxnorm": lambda m: m.renorm(m.ones(2, 2), 2, 0, -1.0),
    "renorm_bad_dim": lambda m: m.renorm(m.ones(2, 2), 2, 5, 1.0),
    "renorm_inf": lambda m: m.renorm(m.tensor([[3.0, -4.0], [0.1, 0.2]]), float("inf"), 0, 1.0),
    "renorm_": lambda m: m.tensor([[3.0, -4.0], [0.1, 0.2]]).renorm_(2, 0, 1.0),
    "addr_bool": lambda m: m.addr(m.tensor([True]), m.tensor([True, False]), m.tensor([True]), beta=False),
    "addr_int_float_beta": lambda m: m.addr(m.tensor([1]), m.tensor([1, 2]), m.tensor([3]), beta=0.5),
    "addr_ints": lambda m: m.addr(m.tensor([[1, 2]]), m.tensor([1, 2]), m.tensor([3, 4]), alpha=2),
    "addr_beta0_nan": lambda m: m.addr(m.full((2, 2), float("nan")), m.ones(2), m.ones(2), beta=0),
    "addr_2d_vec": lambda m: m.addr(m.ones(3, 4), m.ones(3, 1), m.ones(4)),
    "addr_bad_size": lambda m: m.addr(m.ones(3, 4), m.ones(3), m.ones(5)),
    "addr_saved": lambda m: (lambda g: (g._saved_alpha, g._saved_beta))(
        m.addr(m.ones(2, 2, requires_grad=True), m.ones(2), m.ones(2), beta=2, alpha=3).grad_fn),
    "addr_": lambda m: m.ones(2, 2).addr_(m.tensor([1.0, 2.0]), m.tensor([3.0, 4.0]), beta=2),
    "fill_diagonal_expanded": lambda m: m.zeros(3, 1).expand(3, 3).fill_diagonal_(1),
    "fill_diagonal_wrap": lambda m: m.zeros(7, 3).fill_diagonal_(1, wrap=True),
    "fill_diagonal_tall": lambda m: m.zeros(5, 2).fill_diagonal_(1),
    "fill_diagonal_wide_wrap": lambda m: m.zeros(2, 5).fill_diagonal_(1, wrap=True),
    "fill_diagonal_3d": lambda m: m.zeros(2, 2, 2).fill_diagonal_(1),
    "fill_diagonal_1d": lambda m: m.zeros(3).fill_diagonal_(1),
    "fill_diagonal_unequal": lambda m: m.zeros(2, 3, 2).fill_diagonal_(1),
    "fill_diagonal_int_float": lambda m: m.zeros(2, 3, dtype=m.long).fill_diagonal_(1.5),
    "fill_diagonal_transposed": lambda m: (lambda x: (x.t().fill_diagonal_(5), x)[1])(m.zeros(2, 3)),
    "fill_diagonal_leaf": lambda m: m.zeros(2, 2, requires_grad=True).fill_diagonal_(1),
    "fill_diagonal_chain": lambda m: [type(n).__name__ for n, _ in
                                      (m.zeros(7, 3, requires_grad=True) * 1).fill_diagonal_(2.0, wrap=True)
                                      .grad_fn.next_functions],
    "isin": lambda m: m.isin(m.tensor([[1, 2], [3, 4]]), m.tensor([2, 4])),
    "isin_invert": lambda m: m.isin(m.tensor([[1, 2], [3, 4]]), m.tensor([2, 4]), invert=True),
    "isin_mixed": lambda m: m.isin(m.tensor([1, 2, 3]), m.tensor([2.0, 3.5])),
    "isin_scalars": lambda m: (m.isin(2, m.tensor([2])), m.isin(m.tensor([1, 2]), 2)),
    "isin_two_numbers": lambda m: m.isin(1, 2),
    "isin_nan": lambda m: m.isin(m.tensor([1.0, float("nan")]), m.tensor([float("nan")])),
    "isin_bool": lambda m: m.isin(m.tensor([1, 2]), m.tensor([True])),
    "isin_grad": lambda m: m.isin(m.ones(2, requires_grad=True), m.ones(1)),
    "unravel_index": lambda m: m.unravel_index(m.tensor([4, 7]), (3, 3)),
    "unravel_index_0d": lambda m: m.unravel_index(m.tensor(4), (3, 3)),
    "unravel_index_wraps": lambda m: m.unravel_index(m.tensor([9, -1, -10]), (3, 3)),
    "unravel_index_float": lambda m: m.unravel_index(m.tensor([1.0]), (3, 3)),
    "unravel_index_negative_shape": lambda m: m.unravel_index(m.tensor([1]), (3, -3)),
    "unravel_index_empty_shape": lambda m: m.unravel_index(m.tensor([1]), ()),
    "unravel_index_2d": lambda m: m.unravel_index(m.tensor([[1, 2]]), m.Size([3, 3])),
    "unravel_index_int_shape": lambda m: m.unravel_index(m.tensor([0, 5]), 3),
    "unravel_index_int32": lambda m: m.unravel_index(m.tensor([1], dtype=m.int32), (3, 3)),
    # ---------------- statistics and constructions
    "cov_int": lambda m: m.cov(m.tensor([[1, 2, 3], [2, 2, 5]])),
    "cov_3d": lambda m: m.cov(m.ones(2, 2, 2)),
    "cov_bool": lambda m: m.cov(m.tensor([True, False])),
    "cov_0d": lambda m: m.cov(m.tensor(2.0)),
    "cov_fweights_float": lambda m: m.cov(m.ones(2, 3), fweights=m.ones(3)),
    "cov_aweights_int": lambda m: m.cov(m.ones(2, 3), aweights=m.tensor([1, 2, 3])),
    "cov_fweights_2d": lambda m: m.cov(m.ones(2, 3), fweights=m.ones(1, 3, dtype=m.long)),
    "cov_fweights_numel": lambda m: m.cov(m.ones(2, 3), fweights=m.tensor([1, 2])),
    "cov_fweights_negative": lambda m: m.cov(m.ones(2, 3), fweights=m.tensor([1, -2, 1])),
    "cov_aweights_negative": lambda m: m.cov(m.ones(2, 3), aweights=m.tensor([1.0, -2.0, 1.0])),
    "cov_weights_zero_sum": lambda m: m.cov(m.ones(2, 3), fweights=m.tensor([0, 0, 0])),
    "cov_dof_warning": lambda m: record_warnings(lambda: m.cov(m.tensor([[1.0, 2.0]]), correction=2)),
    "cov_aweights_values": lambda m: m.cov(m.tensor([[1.0, 2.0, 4.0], [0.0, 1.0, -1.0]]),
                                          aweights=m.tensor([0.5, 1.0, 2.0]), correction=0),
    "corrcoef_3d": lambda m: m.corrcoef(m.ones(2, 2, 2)),
    "corrcoef_constant": lambda m: m.corrcoef(m.tensor([[1.0, 1.0, 1.0], [1.0, 2.0, 3.0]])),
    "corrcoef_1d": lambda m: m.corrcoef(m.tensor([1.0, 2.0, 4.0])),
    "block_diag_ints": lambda m: m.block_diag(m.tensor([[1, 2]]), m.tensor(3), m.tensor([True, False])),
    "block_diag_mixed": lambda m: m.block_diag(m.tensor([1]), m.tensor([[2.5]], dtype=m.float64)),
    "block_diag_3d": lambda m: m.block_diag(m.ones(2), m.ones(1, 1, 1)),
    "block_diag_none": lambda m: m.block_diag(),
    "block_diag_empty": lambda m: m.block_diag(m.ones(0, 2), m.ones(2, 0)),
    "cartesian_prod_one": lambda m: (lambda a: m.cartesian_prod(a) is a)(m.ones(3)),
    "cartesian_prod_2d": lambda m: m.cartesian_prod(m.ones(2, 2), m.ones(2)),
    "cartesian_prod_ints": lambda m: m.cartesian_prod(m.tensor([1, 2]), m.tensor([3, 4, 5])),
    "combinations_r0": lambda m: m.combinations(m.tensor([1, 2, 3]), 0),
    "combinations_r_past_n": lambda m: m.combinations(m.tensor([1, 2]), 3),
    "combinations_r_past_n_repl": lambda m: m.combinations(m.tensor([1, 2]), 3, with_replacement=True),
    "combinations_negative": lambda m: m.combinations(m.tensor([1, 2]), -1),
    "combinations_2d": lambda m: m.combinations(m.ones(2, 2)),
    "combinations_r1": lambda m: m.combinations(m.tensor([4, 5, 6]), 1),
    "vander": lambda m: m.vander(m.tensor([1.0, 2.0, 3.0])),
    "vander_n0": lambda m: m.vander(m.tensor([1.0, 2.0]), N=0),
    "vander_n1": lambda m: m.vander(m.tensor([1.0, 2.0]), N=1),
    "vander_int8": lambda m: m.vander(m.tensor([1, 2, 3], dtype=m.int8), 4, increasing=True),
    "vander_bool": lambda m: m.vander(m.tensor([True, False])),
    "vander_2d": lambda m: m.vander(m.ones(2, 2)),
    "vander_negative_n": lambda m: m.vander(m.ones(2), N=-1),
    "vander_graph": lambda m: m.vander(m.ones(3, requires_grad=True)),
    "vander_backward": lambda m: m.vander(m.ones(3, requires_grad=True)).sum().backward(),
    "trapezoid_int": lambda m: m.trapezoid(m.tensor([1, 2, 3])),
    "trapezoid_int_x": lambda m: m.trapezoid(m.tensor([1, 2, 3]), m.tensor([1, 2, 4])),
    "trapezoid_bool": lambda m: m.trapezoid(m.tensor([True, False])),
    "trapezoid_x_length": lambda m: m.trapezoid(m.ones(3), m.ones(2)),
    "trapezoid_dx_complex": lambda m: m.trapezoid(m.ones(3), dx=1j),
    "trapezoid_empty": lambda m: m.trapezoid(m.ones(2, 0)),
    "trapezoid_empty_x": lambda m: m.trapezoid(m.ones(2, 0), m.ones(0)),
    "trapezoid_x_number": lambda m: m.trapezoid(m.tensor([1.0, 3.0, 2.0]), 0.5),
    "trapz_dx": lambda m: m.trapz(m.tensor([1.0, 3.0, 2.0]), dx=0.5),
    "cumulative_trapezoid_int": lambda m: m.cumulative_trapezoid(m.tensor([1, 2, 3])),
    "cumulative_trapezoid_x_int": lambda m: m.cumulative_trapezoid(m.tensor([1, 2, 3]), m.tensor([0, 1, 3])),
    "cumulative_trapezoid_bool": lambda m: m.cumulative_trapezoid(m.tensor([True, False])),
    # ---------------- the views' scatter forms, matrix_exp
    "select_scatter_src_shape": lambda m: m.select_scatter(m.ones(3, 4), m.ones(3), 0, 1),
    "select_scatter_src_2d": lambda m: m.select_scatter(m.ones(3, 4), m.ones(1, 4), 0, 1),
    "select_scatter_index": lambda m: m.select_scatter(m.ones(3, 4), m.ones(4), 0, 5),
    "select_scatter_dim": lambda m: m.select_scatter(m.ones(3, 4), m.ones(4), 2, 0),
    "select_scatter_casts": lambda m: m.select_scatter(m.ones(3, dtype=m.long), m.tensor(2.5), 0, 1),
    "select_scatter_float64_src": lambda m: m.select_scatter(m.zeros(2, 2), m.tensor([1.5, 2.5], dtype=m.float64),
                                                             1, 0),
    "select_scatter_not_tensor": lambda m: m.select_scatter(m.ones(3), 1.0, 0, 1),
    "select_scatter_saved": lambda m: (lambda g: (g._saved_dim, g._saved_index))(
        m.select_scatter(m.ones(3, 4, requires_grad=True), m.ones(4), 0, 2).grad_fn),
    "select_scatter_input_unchanged": lambda m: (lambda x: (m.select_scatter(x, m.zeros(2), 0, 0), x))(m.ones(2, 2)),
    "slice_scatter_step": lambda m: m.slice_scatter(m.zeros(3, 4), m.ones(3, 2), 1, 0, 4, 2),
    "slice_scatter_step0": lambda m: m.slice_scatter(m.zeros(3, 4), m.ones(3, 2), 1, 0, 4, 0),
    "slice_scatter_shape": lambda m: m.slice_scatter(m.zeros(3, 4), m.ones(3, 3), 1),
    "slice_scatter_clamped": lambda m: m.slice_scatter(m.zeros(3, 4), m.ones(3, 0), 1, 5, 9),
    "slice_scatter_negative": lambda m: m.slice_scatter(m.zeros(3, 4), m.ones(1, 4), start=-1),
    "slice_scatter_saved": lambda m: (lambda g: (g._saved_dim, g._saved_start, g._saved_end, g._saved_step))(
        m.slice_scatter(m.ones(3, 4, requires_grad=True), m.ones(3, 2), 1, 0, 4, 2).grad_fn),
    "diagonal_scatter_offset": lambda m: m.diagonal_scatter(m.zeros(3, 4), m.ones(2), 2),
    "diagonal_scatter_shape": lambda m: m.diagonal_scatter(m.zeros(3, 4), m.ones(2)),
    "diagonal_scatter_same_dims": lambda m: m.diagonal_scatter(m.zeros(3, 3), m.ones(3), 0, 1, 1),
    "diagonal_scatter_int": lambda m: m.diagonal_scatter(m.zeros(2, 2, dtype=m.int32), m.tensor([7, 8])),
    "diagonal_scatter_saved": lambda m: (lambda g: (g._saved_offset, g._saved_dim1, g._saved_dim2))(
        m.diagonal_scatter(m.ones(3, 4, requires_grad=True), m.ones(2), 1, 1, 0).grad_fn),
    "scatter_second_order": lambda m: (lambda x, s: [type(g.grad_fn).__name__ for g in m.autograd.grad(
        (m.select_scatter(x, s, 0, 1) ** 2).sum(), (x, s), create_graph=True)])(
        m.ones(3, 2, requires_grad=True), m.ones(2, requires_grad=True)),
    "matrix_exp_1d": lambda m: m.matrix_exp(m.ones(3)),
    "matrix_exp_not_square": lambda m: m.matrix_exp(m.ones(2, 3)),
    "matrix_exp_int": lambda m: m.matrix_exp(m.ones(2, 2, dtype=m.long)),
    "matrix_exp_empty": lambda m: (m.matrix_exp(m.ones(0, 0)), m.matrix_exp(m.ones(2, 0, 0))),
    "matrix_exp_large_norm": lambda m: m.matrix_exp(m.tensor([[1.0, 30.0], [-4.0, 2.0]], dtype=m.float64)),
    "matrix_exp_nilpotent": lambda m: m.linalg.matrix_exp(m.tensor([[0.0, 1.0, 2.0], [0.0, 0.0, 3.0],
                                                                    [0.0, 0.0, 0.0]])),
    "matrix_exp_saved": lambda m: m.matrix_exp(m.eye(2, requires_grad=True)).grad_fn._saved_self,
    "matrix_exp_second_order": lambda m: (lambda a: m.autograd.grad(
        m.matrix_exp(a).sum(), a, create_graph=True)[0])(m.tensor([[0.5, 1.0], [-0.3, 0.2]], requires_grad=True)),
}
# edge cases: in-place forms on views and leaves, zeros in norms, empty inputs, torch's odd errors
CASES.update({
    "heaviside_grad": lambda m: (m.ones(3, requires_grad=True) * 1).heaviside_(m.ones(1)),
    "ldexp_view": lambda m: (lambda x: (x[0].ldexp_(m.tensor([1, 2])), x, x.grad_fn))(_leaf(m, (2, 2)) * 1),
    "ldexp_leaf": lambda m: m.ones(2, requires_grad=True).ldexp_(m.tensor([1, 2])),
    "nextafter_self_grad": lambda m: _grad(m, lambda x: (x * 1).nextafter_(m.zeros(2)).sum(), [1.0, 1.0]),
    "renorm_view": lambda m: (lambda x: (x.t().renorm_(2, 0, 0.5), x.grad_fn))(_leaf(m, (2, 3)) * 1),
    "renorm_maxnorm0": lambda m: m.renorm(m.ones(2, 2), 2, 0, 0.0),
    "renorm_grad_below": lambda m: _grad(m, lambda x: m.renorm(x, 2, 0, 100.0).sum(), [[1.0, 2.0], [0.5, 1.0]]),
    "addr_view": lambda m: (lambda x: (x[:, :2].addr_(m.ones(2), m.ones(2)), x.grad_fn))(_leaf(m, (2, 3)) * 1),
    "addr_broadcast_inplace": lambda m: m.ones(1, 3).addr_(m.ones(2), m.ones(3)),
    "dist_neg_p": lambda m: _grad(m, lambda x: m.dist(x, m.zeros(3), -1), [1.0, 2.0, 4.0]),
    "dist_p_half_zero": lambda m: _grad(m, lambda x: m.dist(x, m.zeros(3), 0.5), [1.0, 0.0, 4.0]),
    "dist_p3_zero": lambda m: _grad(m, lambda x: m.dist(x, m.zeros(3), 3), [0.0, 0.0, 0.0]),
    "dist_p1_5_zeros": lambda m: _grad(m, lambda x: m.dist(x, m.zeros(3), 1.5), [0.0, 1.0, 0.0]),
    "dist_inf_ties": lambda m: _grad(m, lambda x: m.dist(x, m.zeros(3), float("inf")), [2.0, -2.0, 1.0]),
    "dist_empty": lambda m: m.dist(m.ones(0), m.ones(0)),
    "dist_inf_empty": lambda m: m.dist(m.ones(0), m.ones(0), float("inf")),
    "matrix_exp_inf": lambda m: m.matrix_exp(m.tensor([[float("inf"), 0.0], [0.0, 1.0]])),
    "matrix_exp_nan": lambda m: m.matrix_exp(m.tensor([[float("nan"), 0.0], [0.0, 1.0]])),
    "unravel_zero_dim": lambda m: m.unravel_index(m.tensor([1]), (3, 0)),
    "unravel_bool": lambda m: m.unravel_index(m.tensor([True]), (3,)),
    "unravel_list": lambda m: m.unravel_index([1], (3,)),
    "sum_to_size_0d": lambda m: m.ones(2, 3).sum_to_size(()),
    "sum_to_size_0d_self": lambda m: m.tensor(2.0).sum_to_size(()),
    "sum_to_size_neg": lambda m: m.ones(2, 3).sum_to_size(-1, 3),
    "diff_bool_prepend": lambda m: m.diff(m.tensor([True, False]), prepend=m.tensor([True])),
    "diff_prepend_dtype": lambda m: m.diff(m.tensor([1, 2]), prepend=m.tensor([0.5])),
    "diff_dim_bad": lambda m: m.diff(m.ones(3), dim=1),
    "diff_prepend_shape": lambda m: m.diff(m.ones(2, 3), dim=0, prepend=m.ones(1, 2)),
    "gcd_broadcast_inplace_bad": lambda m: m.tensor([1, 2]).gcd_(m.tensor([[1], [2]])),
    "gcd_int8": lambda m: m.gcd(m.tensor([-128], dtype=m.int8), m.tensor([0], dtype=m.int8)),
    "lcm_uint8": lambda m: m.lcm(m.tensor([200], dtype=m.uint8), m.tensor([3], dtype=m.uint8)),
    "gcd_scalar": lambda m: m.gcd(m.tensor([4]), 2),
    "isin_float_int": lambda m: m.isin(m.tensor([1.0, 2.5]), m.tensor([1, 2])),
    "isin_assume_unique": lambda m: m.isin(m.tensor([1, 2, 3]), m.tensor([3, 1]), assume_unique=True),
    "isin_0d": lambda m: m.isin(m.tensor(3), m.tensor([3])),
    "heaviside_broadcast": lambda m: m.heaviside(m.tensor([[0.0], [1.0]]), m.tensor([0.5, 0.7])),
    "heaviside_bad_bcast": lambda m: m.heaviside(m.ones(2), m.ones(3)),
    "nextafter_bad_bcast": lambda m: m.nextafter(m.ones(2), m.ones(3)),
    "frexp_negzero": lambda m: tuple(m.frexp(m.tensor([-0.0, 5e-324], dtype=m.float64))),
    "lt__other_int_self_float": lambda m: m.tensor([0.5, 2.0]).lt_(1),
    "eq__expanded": lambda m: m.zeros(1).expand(3).eq_(0),
    "rsub_int_alpha": lambda m: m.rsub(m.tensor([1, 2]), 10, alpha=3),
    "rsub_float_alpha_int": lambda m: m.rsub(m.tensor([1, 2]), m.tensor([1, 1]), alpha=0.5),
    "fill_bool": lambda m: m.fill(m.tensor([True, False]), 0),
    "fill_grad_fn_int": lambda m: m.fill(m.ones(2, requires_grad=True), 3),
    "narrow_copy_0d": lambda m: m.narrow_copy(m.tensor(1.0), 0, 0, 1),
    "split_with_sizes_tuple": lambda m: m.ones(4).split_with_sizes((1, 3)),
    "split_with_sizes_int": lambda m: m.ones(4).split_with_sizes(2),
    "cov_1obs": lambda m: m.cov(m.tensor([[1.0], [2.0]])),
    "cov_empty": lambda m: m.cov(m.ones(2, 0)),
    "corrcoef_int": lambda m: m.corrcoef(m.tensor([[1, 2, 3], [3, 1, 0]])),
    "block_diag_complex": lambda m: m.block_diag(m.tensor([1 + 1j]), m.ones(1)),
    "combinations_empty": lambda m: m.combinations(m.ones(0)),
    "combinations_bool": lambda m: m.combinations(m.tensor([True, False, True])),
    "cartesian_empty": lambda m: m.cartesian_prod(m.ones(0), m.ones(2)),
    "vander_empty": lambda m: m.vander(m.ones(0)),
    "trapezoid_3d_x": lambda m: m.trapezoid(m.ones(2, 3, 4), m.ones(3, 4), dim=1),
    "trapezoid_dim_bad": lambda m: m.trapezoid(m.ones(3), dim=2),
    "cumtrap_empty": lambda m: m.cumulative_trapezoid(m.ones(2, 0)),
    "select_scatter_0d": lambda m: m.select_scatter(m.tensor(1.0), m.tensor(2.0), 0, 0),
    "slice_scatter_0d": lambda m: m.slice_scatter(m.tensor(1.0), m.tensor(2.0)),
    "diagonal_scatter_1d": lambda m: m.diagonal_scatter(m.ones(3), m.ones(1)),
    # out= where torch has it (the methods take none)
    "out_ldexp_long": lambda m: m.ldexp(m.ones(3), m.ones(3), out=m.empty(3, dtype=m.long)),
    "out_ldexp_double": lambda m: _out(m, lambda o: m.ldexp(m.ones(3), m.ones(3), out=o), (3,), m.float64),
    "out_gcd_int32": lambda m: _out(m, lambda o: m.gcd(m.tensor([4]), m.tensor([6]), out=o), (1,), m.int32),
    "out_lcm": lambda m: _out(m, lambda o: m.lcm(m.tensor([4]), m.tensor([6]), out=o), (1,), m.long),
    "out_heaviside_resized": lambda m: record_warnings(
        lambda: _out(m, lambda o: m.heaviside(m.ones(3), m.ones(3), out=o), (2,), m.float32)),
    "out_diff": lambda m: _out(m, lambda o: m.diff(m.tensor([1.0, 4.0, 9.0]), out=o), (2,), m.float64),
    "out_diff_long": lambda m: m.diff(m.ones(3), out=m.empty(2, dtype=m.long)),
    "out_isin_float": lambda m: m.isin(m.ones(3), m.ones(3), out=m.empty(3)),
    "out_isin": lambda m: _out(m, lambda o: m.isin(m.tensor([1, 2]), m.tensor([2]), out=o), (2,), m.bool),
    "out_addr": lambda m: _out(m, lambda o: m.addr(m.ones(2, 2), m.ones(2), m.ones(2), out=o), (2, 2), m.float64),
    "out_nextafter_grad": lambda m: m.nextafter(m.ones(3, requires_grad=True), m.ones(3), out=m.empty(3)),
    "out_renorm": lambda m: _out(m, lambda o: m.renorm(m.ones(2, 2) * 3, 2, 0, 1.0, out=o), (2, 2), m.float32),
    "out_narrow_copy": lambda m: _out(m, lambda o: m.narrow_copy(m.arange(6.0).view(2, 3), 1, 1, 2, out=o), (2, 2),
                                      m.float32),
    # torch's argument parser (its TypeErrors), function and method forms
    "parse_diff_n_float": lambda m: m.diff(m.ones(3), n=1.5),
    "parse_diff_method_prepend": lambda m: m.ones(3).diff(prepend=[1.0]),
    "parse_diff_extra": lambda m: m.diff(m.ones(3), 1, 0, None, None, 5),
    "parse_heaviside_method": lambda m: m.ones(2).heaviside(0.5),
    "parse_gcd_number": lambda m: m.gcd(m.tensor([4]), 2),
    "parse_gcd_method": lambda m: m.tensor([4]).gcd(2),
    "parse_lcm__method": lambda m: m.tensor([4]).lcm_([2]),
    "parse_ldexp_kw": lambda m: m.ldexp(m.ones(2), exponent=m.ones(2)),
    "parse_nextafter_method": lambda m: m.ones(2).nextafter(1.0),
    "parse_dist_p_str": lambda m: m.dist(m.ones(2), m.ones(2), "fro"),
    "parse_dist_method": lambda m: m.ones(2).dist(m.ones(2), p=1),
    "parse_renorm_dim_float": lambda m: m.renorm(m.ones(2, 2), 2, 0.5, 1.0),
    "parse_renorm_missing": lambda m: m.ones(2, 2).renorm(2, 0),
    "parse_addr_beta_kw_only": lambda m: m.addr(m.ones(2, 2), m.ones(2), m.ones(2), 2),
    "parse_addr_method": lambda m: m.ones(2, 2).addr(m.ones(2), m.ones(2), beta=2, alpha=0.5),
    "parse_cov_positional": lambda m: m.cov(m.ones(2, 3), 0),
    "parse_cov_method": lambda m: m.ones(2, 3).cov(correction=0),
    "parse_vander_n_float": lambda m: m.vander(m.ones(3), N=2.0),
    "parse_combinations_r_float": lambda m: m.combinations(m.ones(3), 1.5),
    "parse_select_scatter_index_float": lambda m: m.select_scatter(m.ones(3), m.tensor(1.0), 0, 1.5),
    "parse_slice_scatter_method": lambda m: m.zeros(4).slice_scatter(m.ones(2), start=1, end=3),
    "parse_slice_scatter_step_none": lambda m: m.slice_scatter(m.zeros(4), m.ones(2), 0, 0, 4, None),
    "parse_diagonal_scatter_kw": lambda m: m.diagonal_scatter(m.zeros(2, 2), m.ones(2), dim3=1),
    "parse_matrix_exp_list": lambda m: m.matrix_exp([[1.0]]),
    "parse_matrix_exp_method_arg": lambda m: m.eye(2).matrix_exp(1),
    "parse_narrow_copy_tensor_start": lambda m: m.narrow_copy(m.ones(3), 0, m.tensor(1), 1),
    "parse_narrow_copy_method": lambda m: m.ones(3).narrow_copy(0, 1.0, 1),
})
# (not compared: matrix_exp in float16, where torch 2.13 returns inf/-inf for exp(ones(2, 2)), and an
# overflowing matrix_exp, whose inf/NaN pattern depends on the algorithm: torch's Taylor degrees differ)


@pytest.mark.parametrize("case", sorted(CASES))
def test_like_torch(case):
    same(CASES[case], msg_upto="expected version 2 instead.")   # (ember's version error adds where)


@pytest.mark.parametrize("name", ["eq_", "ne_", "lt_", "le_", "gt_", "ge_", "greater_", "greater_equal_", "less_",
                                  "less_equal_", "not_equal_"])
@pytest.mark.parametrize("other", ["tensor", "number"])
def test_inplace_comparison_grads(name, other):
    same(lambda m: _inplace_grads(m, name, other))


# second order: the nodes of the first gradients under create_graph, as torch's
SECOND_ORDER = {
    "narrow_copy": (lambda m, a: a.narrow_copy(1, 1, 2), [(2, 4)]),
    "rsub": (lambda m, a, b: m.rsub(a, b, alpha=2), [(2, 3), (2, 3)]),
    "fill1": (lambda m, a, v: m.fill(a, v), [(2, 3), ()]),
    "ldexp": (lambda m, a, b: m.ldexp(a, b), [(2, 3), (2, 3)]),
    "frexp": (lambda m, a: m.frexp(a).mantissa, [(2, 3)]),
    "nextafter": (lambda m, a, b: m.nextafter(a, b), [(2, 3), (2, 3)]),
    "dist": (lambda m, a, b: m.dist(a, b), [(2, 3), (2, 3)]),
    "dist3": (lambda m, a, b: m.dist(a, b, 3), [(2, 3), (2, 3)]),
    "renorm": (lambda m, a: m.renorm(a, 2, 0, 1.0), [(3, 4)]),
    "addr": (lambda m, a, u, v: m.addr(a, u, v, beta=2, alpha=3), [(2, 3), (2,), (3,)]),
    "block_diag": (lambda m, a, b: m.block_diag(a, b), [(2, 3), (2,)]),
    "select_scatter": (lambda m, a, s: m.select_scatter(a, s, 0, 1), [(3, 4), (4,)]),
    "slice_scatter": (lambda m, a, s: m.slice_scatter(a, s, 1, 0, 4, 2), [(3, 4), (3, 2)]),
    "diagonal_scatter": (lambda m, a, s: m.diagonal_scatter(a, s), [(3, 4), (3,)]),
    "matrix_exp": (lambda m, a: m.matrix_exp(a), [(3, 3)]),
    "eq_": (lambda m, a, b: (a * 1).eq_(b), [(2, 3), (2, 3)]),
}


@pytest.mark.parametrize("name", sorted(SECOND_ORDER))
def test_second_order_nodes(name):
    fn, shapes = SECOND_ORDER[name]

    def observe(m):
        rng = np.random.default_rng(0)
        xs = [m.tensor(rng.uniform(0.5, 2, size=s), requires_grad=True) for s in shapes]
        out = fn(m, *xs)
        gs = m.autograd.grad((out * out).sum(), xs, create_graph=True, allow_unused=True)
        return gs, [None if g is None or g.grad_fn is None else type(g.grad_fn).__name__ for g in gs]
    same(observe)


# the op-table rows again, with NaN, ±inf, ±0 and huge/tiny values and non-contiguous inputs: values and
# gradients as torch's (the table's own samples are finite and contiguous)
_SPECIALS = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 1e30, -1e-30, 1.0, -2.0, 0.5])


def _row_inputs(m, entry, sample, dtype, seed):
    from op_table import make_inputs
    arrays, diff = make_inputs(entry, sample, dtype, seed)
    rng = np.random.default_rng(seed)
    ins = []
    for a, d in zip(arrays, diff):
        if d and seed >= 2 and a.size:
            a = a.copy()
            hit = rng.random(a.shape) < 0.4
            a[hit] = rng.choice(_SPECIALS, size=int(hit.sum())).astype(a.dtype)
        t = m.from_numpy(np.ascontiguousarray(a.T).copy()).t() if a.ndim == 2 and seed % 2 else m.from_numpy(a.copy())
        ins.append(t.detach().requires_grad_(True) if d else t)
    return ins, diff


def _rows():
    import op_table  # noqa: F401  (it imports op_table_surface2, which reads op_table's helpers)
    from op_table_surface2 import OPS_SURFACE2
    return [pytest.param(e, k, id=f"{e.name}-{k}") for e in OPS_SURFACE2 for k in range(len(e.samples))]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("entry,k", _rows())
def test_rows_with_special_values(entry, k, dtype):
    for seed in range(4):
        def observe(m):
            ins, diff = _row_inputs(m, entry, entry.samples[k], dtype, seed)
            out = entry.fn(m, *ins)
            return out, m.autograd.grad(out.sum(), [t for t, d in zip(ins, diff) if d], allow_unused=True)
        same(observe, rtol=1e-4, atol=1e-5)
