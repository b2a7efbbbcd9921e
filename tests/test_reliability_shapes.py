"""Reliability of shapes, creation, statistics and linear algebra: edge cases compared with torch 2.13.

Each case runs the same code on ember and on real torch and compares what each observes (values,
gradients, dtypes, grad_fn names, strides, exception classes and messages), through tests/behave.py:
statistics at their degenerate points (``correction >= N``, a zero norm, values near the ends of
float32), empty tensors (cat's legacy skipping of 1-D empties, softmax), matrix products of two
dtypes, memory layout (clone, ``*_like``, deepcopy) and the nodes views record. Sizes, shapes,
factories and what torch.tensor reads from Python data are in test_reliability_arguments.py.
"""
from __future__ import annotations

import copy

import numpy as np
import pytest
from behave import assert_same, ember, record_warnings, run, same, torch  # noqa: F401  (skips without torch)


def grads(T, fn, data, dtype=None, **kw):
    """(fn(x), x.grad) for a leaf x made from ``data``: the value and the gradient of its sum."""
    x = T.tensor(data, dtype=dtype or T.float32, requires_grad=True, **kw)
    y = fn(x)
    y.sum().backward()
    return y, x.grad


def signs(t):
    """Which elements are negative zero (np.signbit), as plain bools: -0.0 against 0.0."""
    return tuple(bool(b) for b in np.signbit(t.detach().numpy()).ravel())


def same_warned(fn, **kw):
    """``same``, comparing the warnings each library gave too. torch's warn-once warnings (``mT`` of
    a 0-d tensor) are made to fire every time, as ember's do, so an earlier test cannot hide them."""
    always = torch.is_warn_always_enabled()
    torch.set_warn_always(True)
    try:
        t = record_warnings(lambda: run(fn, "torch"))
    finally:
        torch.set_warn_always(always)
    e = record_warnings(lambda: run(fn, "ember"))
    assert_same(e[0], t[0], **kw)
    assert e[1] == t[1], f"warnings ember {e[1]!r} vs torch {t[1]!r}"


# ================================================================ 1. statistics at their degenerate points
VAR_CASES = {
    "no_dim_c3": lambda T, x: x.var(correction=3),
    "no_dim_c5": lambda T, x: x.var(correction=5),
    "dim0_c3": lambda T, x: x.var(0, correction=3),
    "dim0_c5": lambda T, x: x.var(0, correction=5),
    "dim_empty_tuple_c1": lambda T, x: x.var(()),
    "dim_empty_list_c3": lambda T, x: x.var([], correction=3),
    "dim_none": lambda T, x: x.var(None),
    "neg_correction": lambda T, x: x.var(correction=-1),
    "float_correction": lambda T, x: x.var(correction=2.5),
    "std_no_dim_c5": lambda T, x: x.std(correction=5),
    "std_dim0_c3": lambda T, x: x.std(0, correction=3),
    "std_dim0_c5": lambda T, x: x.std(0, correction=5),
    "std_dim_empty_tuple": lambda T, x: x.std(()),
    "std_unbiased_false": lambda T, x: T.std(x, 0, unbiased=False),
}


@pytest.mark.parametrize("case", sorted(VAR_CASES))
@pytest.mark.parametrize("data", [[1., 2., 3.], [1., 1., 1.]], ids=["spread", "constant"])
def test_var_std_degrees_of_freedom(case, data):
    """Forward (inf/nan for dof <= 0), the warning, and torch's var_backward formulas (which tell
    ``var()`` from ``var(dim)``, and use 1 as the size of ``dim=()``)."""
    same_warned(lambda T: grads(T, lambda x: VAR_CASES[case](T, x), data))


@pytest.mark.parametrize("fn", [lambda x: x.var(1, correction=5).sum(), lambda x: x.std(1, keepdim=True, correction=3),
                                lambda x: x.var((0, 1), correction=6), lambda x: x.std(correction=0)],
                         ids=["var_dim1_c5", "std_keepdim_c3", "var_all_dims_c6", "std_c0"])
def test_var_std_2d_dof(fn):
    same_warned(lambda T: grads(T, fn, [[1., 2., 3.], [1., 1., 1.]]))


@pytest.mark.parametrize("fn", [lambda x: x.var(), lambda x: x.std(), lambda x: x.var(0), lambda x: x.var(correction=0),
                                lambda x: x.std(correction=0)], ids=["var", "std", "var_dim0", "var_c0", "std_c0"])
def test_var_std_0d(fn):
    same_warned(lambda T: grads(T, fn, 2.))


def test_var_std_second_order():
    def f(T):
        x = T.tensor([1., 2., 4.], dtype=T.float64, requires_grad=True)
        out = []
        for y in (x.var(), x.std(0), x.var(correction=3), x.std(())):
            g, = T.autograd.grad(y, x, create_graph=True)
            out.append((g, T.autograd.grad(g.sum(), x, allow_unused=True)))
        return out
    same_warned(f)


@pytest.mark.parametrize("data", [[1e30, 2e30, 3e30], [1e20, 2e20, 3e20], [3e38, -3e38], [1e-30, 2e-30, 4e-30]],
                         ids=["1e30", "1e20", "f32_max", "1e-30"])
def test_var_std_float32_extremes(data):
    """torch accumulates float32 statistics in double: std of values near 1e30 is finite, their var inf."""
    same(lambda T: (T.tensor(data).std(), T.tensor(data).var(), T.tensor(data).std(0, unbiased=False)), rtol=1e-5)


def test_var_std_dtypes():
    same(lambda T: [T.tensor([1 + 1j, 2 + 0j, 3 - 1j]).var(), T.tensor([1 + 1j, 2 + 0j]).std(),
                    T.tensor([1., 2.], dtype=T.float16).var(), T.tensor([1., 2.], dtype=T.float64).std()])


@pytest.mark.parametrize("p", [0, 1, 2, 3, 1.5, 0.5, -1, -2, float("inf"), float("-inf")])
@pytest.mark.parametrize("data,kw", [
    ([[0., 1., -2.], [3., 0., 0.]], {}),
    ([[0., 1., -2.], [0., 0., 0.]], {"dim": 1}),
    ([[0., 1., -2.]], {"dim": 0}),
    ([2., -2., 1.], {}),
    ([float("nan"), -2., 1.], {}),
    ([[1e-30, -4.]], {"dim": 0, "keepdim": True}),
], ids=["zeros", "zero_row", "size1_dim", "ties", "nan", "size1_keepdim"])
def test_norm_gradients(p, data, kw):
    """torch's norm_backward, formula for formula: no gradient for p=0, 0 at a zero norm, shared among
    tied extremes (and NaNs) for +-inf."""
    same(lambda T: grads(T, lambda x: x.norm(p=p, **kw), data))


@pytest.mark.parametrize("p", [2, 3, 1.5, 0.5])
@pytest.mark.parametrize("data", [[0., 0.], [1., 0.], [3., -4.]], ids=["zero", "axis", "generic"])
def test_norm_second_derivative(p, data):
    """At a zero norm torch's second derivative of the 2-norm is NaN (its masked division), not 0."""
    def f(T):
        x = T.tensor(data, dtype=T.float64, requires_grad=True)
        g, = T.autograd.grad(x.norm(p=p), x, create_graph=True)
        return g, T.autograd.grad(g.sum(), x, allow_unused=True)
    same(f)


@pytest.mark.parametrize("fn", [
    lambda T: T.tensor([1e-30]).norm(), lambda T: T.tensor([1e-30]).norm(p=3), lambda T: T.tensor([-1e-30]).norm(p=-2),
    lambda T: T.tensor([1e30]).norm(p=3), lambda T: T.tensor(1e-30).norm(), lambda T: T.tensor(-2.).norm(p=0),
    lambda T: T.full((2, 1), 1e-30).norm(dim=1), lambda T: T.full((2, 1), 1e-30).norm(dim=0),
    lambda T: T.full((2, 1, 3), 1e30).norm(p=3, dim=1), lambda T: T.tensor([[-1e-30, 0.]]).norm(p=0, dim=0),
    lambda T: T.tensor([1e-30, 1e-30]).norm(), lambda T: T.tensor([1e19] * 3).norm(),
    lambda T: T.tensor([3 + 4j, 0j]).norm(), lambda T: T.tensor([float("nan"), 1.]).norm(p=float("inf")),
    lambda T: T.tensor([float("nan")]).norm(p=0), lambda T: T.ones(2).norm(p=1e-5),
], ids=["1e-30", "1e-30_p3", "1e-30_pneg2", "1e30_p3", "0d", "0d_p0", "size1_dim", "size2_dim", "size1_mid",
        "size1_p0", "underflow_2", "1e19", "complex", "nan_inf", "nan_p0", "tiny_p"])
def test_norm_float32_values(fn):
    """Where every reduced dim has size 1 torch takes |x| itself (1e-30 stays 1e-30); elsewhere it
    squares in float32 as ember does."""
    same(fn)


def test_norm_gradient_at_tiny_value():
    same(lambda T: grads(T, lambda x: x.norm(), [1e-30]))


@pytest.mark.parametrize("fn", [
    lambda T: T.ones(2, 0).norm(p=float("inf"), dim=1), lambda T: T.ones(0).norm(p=float("inf")),
    lambda T: T.ones(0).norm(p=float("-inf")), lambda T: T.zeros(0).norm(p=-2.5), lambda T: T.zeros(0).norm(p=-2),
    lambda T: T.zeros(0).norm(p=-1e-5), lambda T: T.zeros(2, 0).norm(p=float("inf"), dim=(0, -1)),
    lambda T: T.ones(2, 0).norm(p=-2, dim=0), lambda T: T.ones(2, 0).norm(p=float("inf"), dim=0),
    lambda T: T.ones(2, 0).norm(p=0.5), lambda T: T.ones(2, 0).norm(dim=1),
], ids=["inf_dim", "inf_all", "-inf_all", "-2.5", "-2", "-1e-5", "dims", "neg_dim0", "inf_dim0", "0.5", "2_dim"])
def test_norm_of_empty(fn):
    same(fn)


@pytest.mark.parametrize("fn", [
    lambda T: T.tensor([1, 2, 3]).norm(),
    lambda T: T.tensor([True]).norm(),
    lambda T: T.tensor([3, 4]).norm(dtype=T.float32),
    lambda T: T.tensor([3., 4.]).norm(dtype=T.int64),
    lambda T: T.tensor([3., 4.], dtype=T.float64).norm(dtype=T.float32),
    lambda T: T.tensor([3., 4.]).norm(dtype=T.complex64), lambda T: T.tensor([3., 4.]).norm(dtype=T.float64),
    lambda T: T.ones(2, 2).norm(p="abc"), lambda T: T.ones(2, 2, 2).norm(p="fro", dim=(0, 1, 2)),
    lambda T: T.ones(2, 3).norm(dim=(0, 0)), lambda T: T.ones(2, 3).var((0, 0)), lambda T: T.ones(2, 3).std((0, -2)),
    lambda T: T.ones(2, 3).var(dim=(0, 1, 0)), lambda T: T.tensor(1.).var(dim=(0, 0)),
    lambda T: T.tensor([1, 2, 3]).var(), lambda T: T.tensor([1, 2, 3]).std(), lambda T: T.tensor([True]).var(0),
], ids=["int", "bool", "int_dtype", "dtype_int", "narrowing", "real_to_complex", "widening", "bad_ord", "fro_3dims",
        "norm_dup", "var_dup", "std_dup", "var_dup3", "0d_dup", "var_int", "std_int", "var_bool"])
def test_statistics_refusals(fn):
    same(fn)


@pytest.mark.parametrize("kw,data", [
    ({"reduction": "none"}, [[-1., -2.], [-3., -4.]]), ({"reduction": "none"}, [[1., 2.], [3., 4.]]),
    ({"reduction": "sum"}, [[1., 2.], [3., 4.]]), ({"reduction": "mean"}, [[1., 2.], [3., 4.]]),
    ({"reduction": "none", "weight": [0., 1.]}, [[1., 2.], [3., 4.]]),
], ids=["none_neg", "none_pos", "sum", "mean", "weight0"])
def test_nll_loss_ignored_is_positive_zero(kw, data):
    """An ignored target's loss and gradient are 0.0, never -0.0."""
    def f(T):
        kw2 = dict(kw)
        if "weight" in kw2:
            kw2["weight"] = T.tensor(kw2["weight"])
        x = T.tensor(data, requires_grad=True)
        loss = T.nn.functional.nll_loss(x, T.tensor([0, -100]), **kw2)
        loss.sum().backward()
        return loss, signs(loss), x.grad, signs(x.grad)
    same(f)


def test_nll_loss_all_ignored():
    same(lambda T: [T.nn.functional.nll_loss(T.tensor([[1., 2.]]), T.tensor([-100]), reduction=r)
                    for r in ("none", "sum", "mean")])


@pytest.mark.parametrize("fn", [
    lambda F, T: F.nll_loss(T.ones(2, 3, dtype=T.int64), T.tensor([0, 1])),
    lambda F, T: F.nll_loss(T.ones(2, 3, 4, dtype=T.int64), T.zeros(2, 4, dtype=T.int64)),
    lambda F, T: F.nll_loss(T.ones(2, 3), T.tensor([0., 1.])),
    lambda F, T: F.nll_loss(T.ones(2, 3), T.zeros(2, dtype=T.int32)),
    lambda F, T: F.nll_loss(T.ones(2, 3), T.zeros(3, dtype=T.int32)),
    lambda F, T: F.nll_loss(T.ones(2, 3, dtype=T.bool), T.zeros(2, dtype=T.int64)),
    lambda F, T: F.nll_loss(T.ones(2, 3), T.zeros(2, dtype=T.uint8)),
    lambda F, T: F.nll_loss(T.ones(0, 3), T.zeros(0, dtype=T.int64), reduction="sum"),
    lambda F, T: F.cross_entropy(T.ones(2, 3, dtype=T.int64), T.tensor([0, 1])),
], ids=["int_input", "int_input_2d", "float_target", "int32_target", "batch_first", "bool_input", "byte_target",
        "empty", "cross_entropy_int"])
def test_nll_loss_dtypes(fn):
    same(lambda T: fn(T.nn.functional, T))


# ================================================================ 2. empty tensors
CAT_CASES = {
    "int_and_empty_float_1d": lambda T: T.cat([T.tensor([1, 2]), T.zeros(0)]),
    "int_and_empty_float_2d": lambda T: T.cat([T.ones(2, 3, dtype=T.int64), T.zeros(0, 3)]),
    "int_and_empty_f64_dim1": lambda T: T.cat([T.ones(2, 3, dtype=T.int64), T.zeros(2, 0, dtype=T.float64)], 1),
    "legacy_empty_first": lambda T: T.cat([T.zeros(0, dtype=T.float64), T.ones(2, 3)]),
    "legacy_empty_dim1": lambda T: T.cat([T.zeros(0, dtype=T.float64), T.ones(2, 3)], 1),
    "legacy_empty_last_dim_neg": lambda T: T.cat([T.ones(2, 3), T.zeros(0, dtype=T.int32)], -1),
    "only_legacy_empties": lambda T: T.cat([T.zeros(0, dtype=T.float64), T.zeros(0, dtype=T.int32)]),
    "only_legacy_empties_dim1": lambda T: T.cat([T.zeros(0), T.zeros(0)], 1),
    "only_legacy_empties_dim7": lambda T: T.cat([T.zeros(0), T.zeros(0)], 7),
    "bool_legacy_empties_dim1": lambda T: T.cat([T.zeros(0, dtype=T.bool), T.zeros(0, dtype=T.bool)], 1),
    "bool_empties_dim1": lambda T: T.cat([T.zeros(2, 0, dtype=T.bool), T.zeros(2, 0, dtype=T.bool)], 1),
    "bool_and_empty_int": lambda T: T.cat([T.ones(2, dtype=T.bool), T.zeros(0, dtype=T.uint8)]),
    "complex_empty": lambda T: T.cat([T.ones(2), T.zeros(0, dtype=T.complex64)]),
    "zero_dim": lambda T: T.cat([T.tensor(1.), T.tensor(2.)]),
    "zero_dim_second": lambda T: T.cat([T.tensor([1.]), T.tensor(2.)]),
    "zero_dim_after_empty": lambda T: T.cat([T.zeros(0), T.tensor(1.)]),
    "zero_dim_bad_dim": lambda T: T.cat([T.tensor(1.)], 5),
    "empty_list": lambda T: T.cat([]),
    "empty_tuple": lambda T: T.cat(()),
    "not_a_tensor": lambda T: T.cat([T.ones(2), 3]),
    "a_tensor": lambda T: T.cat(T.ones(2)),
    "an_int": lambda T: T.cat(5),
    "size_mismatch_with_empty": lambda T: T.cat([T.ones(2, 3), T.zeros(0, 2)]),
    "ndim_mismatch": lambda T: T.cat([T.ones(2, 3), T.zeros(2, 0, 3)]),
    "stack_not_tensor": lambda T: T.stack([T.ones(2), 3]),
    "stack_empty": lambda T: T.stack([]),
    "stack_bad_dim_first": lambda T: T.stack([T.ones(2), T.ones(3)], 5),
    "stack_0d": lambda T: T.stack([T.tensor(1.), T.tensor(2, dtype=T.int64)]),
}


@pytest.mark.parametrize("case", sorted(CAT_CASES))
def test_cat_edges(case):
    same(CAT_CASES[case])


def test_cat_gradients_reach_empty_inputs():
    """1-D empty inputs take part in the graph: each gets an empty gradient, as in torch."""
    def f(T):
        a = T.zeros(0, requires_grad=True)
        b = T.ones(2, 3, requires_grad=True)
        c = T.zeros(0, 3, dtype=T.float64, requires_grad=True)
        r = T.cat([a, b, c])
        (r * T.arange(6.).reshape(2, 3)).sum().backward()
        return r, a.grad, b.grad, c.grad, len(r.grad_fn.next_functions)
    same(f)


def test_cat_only_empty_requires_grad():
    def f(T):
        a = T.zeros(0, requires_grad=True)
        r = T.cat([T.ones(2, 3), a])
        r.sum().backward()
        return r, a.grad
    same(f)


def test_cat_second_order_with_empty():
    def f(T):
        a = T.zeros(0, dtype=T.float64, requires_grad=True)
        b = T.tensor([[1., 2.]], dtype=T.float64, requires_grad=True)
        r = T.cat([a, b.exp()])
        g = T.autograd.grad(r.sum(), [a, b], create_graph=True)
        return g, T.autograd.grad(g[1].sum(), b)
    same(f)


@pytest.mark.parametrize("fname", ["softmax", "log_softmax"])
@pytest.mark.parametrize("shape,dim", [((0,), 0), ((2, 0), 1), ((2, 0), 0), ((0, 3), 1), ((0, 3), 0), ((2, 0, 3), -1)])
def test_softmax_of_empty(fname, shape, dim):
    def f(T):
        x = T.zeros(shape, requires_grad=True)
        y = getattr(T.nn.functional, fname)(x, dim)
        y.sum().backward()
        return y, x.grad
    same(f)


@pytest.mark.parametrize("fname", ["softmax", "log_softmax"])
@pytest.mark.parametrize("fn", [
    lambda T: T.tensor([1, 2, 3]), lambda T: T.tensor([[1, 2], [3, 4]]), lambda T: T.tensor(3),
    lambda T: T.ones(2, 1, dtype=T.int64),
    lambda T: T.ones(2, 2, dtype=T.bool),
    lambda T: T.ones(2, 2, dtype=T.complex64),
    lambda T: T.ones(0, 2, dtype=T.int64),
], ids=["int", "int_2d", "int_0d", "int_col", "bool", "complex", "int_empty"])
@pytest.mark.parametrize("dim", [0, -1])
def test_softmax_refuses_non_float(fname, fn, dim):
    same(lambda T: getattr(T.nn.functional, fname)(fn(T), dim))


def test_softmax_dtype_argument_and_layout():
    def f(T):
        x = T.tensor([[1, 2], [3, 4]])
        t = T.ones(2, 3).t()
        return (T.nn.functional.softmax(x, 0, dtype=T.float64), T.nn.functional.log_softmax(x, 1, dtype=T.float32),
                T.nn.functional.softmax(t, 0).stride(), T.nn.functional.log_softmax(t, 1).stride())
    same(f)


# ================================================================ 3. matrix products never promote
def _mk(T, shape, dt):
    return T.ones(shape, dtype=getattr(T, dt))


PRODUCTS = [
    ("matmul", (2, 3), (3, 2)), ("matmul", (3,), (3,)), ("matmul", (2, 3), (3,)), ("matmul", (3,), (3, 2)),
    ("matmul", (2, 2, 3), (2, 3, 2)), ("matmul", (2, 2, 3), (3, 2)), ("matmul", (2, 3), (2, 3, 2)),
    ("matmul", (2, 2, 3), (3,)), ("matmul", (3,), (2, 3, 2)), ("matmul", (2, 10, 10), (2, 10, 10)),
    ("mm", (2, 3), (3, 2)), ("bmm", (2, 2, 3), (2, 3, 2)), ("bmm", (2, 10, 10), (2, 10, 10)), ("dot", (3,), (3,)),
    ("mv", (2, 3), (3,)),
]
DTYPE_PAIRS = [("float32", "float64"), ("float64", "float32"), ("float32", "int64"), ("int32", "int64"),
               ("float16", "float32"), ("float32", "float16"), ("complex64", "float32"), ("float32", "complex64"),
               ("bool", "int64"), ("int64", "bool"), ("float32", "bool"), ("bool", "bool"), ("int64", "int64")]


@pytest.mark.parametrize("op,sa,sb", PRODUCTS, ids=[f"{o}-{'x'.join(map(str, a))}-{'x'.join(map(str, b))}"
                                                    for o, a, b in PRODUCTS])
@pytest.mark.parametrize("da,db", DTYPE_PAIRS, ids=[f"{a}-{b}" for a, b in DTYPE_PAIRS])
def test_products_of_two_dtypes(op, sa, sb, da, db):
    """The error of the op torch dispatches to (dot, mv, mm, a folded mm/mv, bmm), in its words."""
    same(lambda T: getattr(T, op)(_mk(T, sa, da), _mk(T, sb, db)))


@pytest.mark.parametrize("fn", [
    lambda T: T.matmul(T.ones(2, 2, 3).transpose(0, 1), T.ones(3, 2, dtype=T.float64)),
    lambda T: T.matmul(T.ones(2, 2, 3), T.ones(3, 2, dtype=T.float64, requires_grad=True)),
    lambda T: T.matmul(T.ones(2, 3, requires_grad=True), T.ones(2, 3, 2, dtype=T.float64)),
    lambda T: T.matmul(T.ones(3, requires_grad=True), T.ones(2, 3, 2, dtype=T.float64)),
    lambda T: T.matmul(T.ones(3), T.ones(2, 3, 2, dtype=T.float64).mT.contiguous().mT),
    lambda T: T.matmul(T.ones(0, 2, 3), T.ones(3, 2, dtype=T.float64)),
    lambda T: T.matmul(T.ones(0, 2, 3), T.ones(0, 3, 2, dtype=T.float64)),
    lambda T: T.matmul(T.ones(2, 3, dtype=T.float64), T.ones(0, 3, 2)),
    lambda T: T.matmul(T.ones(2, 0, dtype=T.float64), T.ones(3, 0, 2)),
    lambda T: T.matmul(T.ones(2, 2, 3, dtype=T.bool), T.ones(3, 0, dtype=T.bool)),
    lambda T: T.mm(T.ones(0, 2, dtype=T.bool), T.ones(2, 2, dtype=T.bool)),
    lambda T: T.mm(T.ones(2, 0, dtype=T.bool), T.ones(0, 2, dtype=T.bool)),
    lambda T: T.mm(T.ones(2, 2, dtype=T.bool), T.ones(3, 2, dtype=T.bool)),
    lambda T: T.mm(T.ones(2, 3), T.ones(2, 2, dtype=T.float64)),
    lambda T: T.mv(T.ones(2, 3), T.ones(2, dtype=T.float64)),
    lambda T: T.mv(T.ones(0, 3, dtype=T.bool), T.ones(3, dtype=T.bool)),
    lambda T: T.dot(T.ones(2), T.ones(3, dtype=T.float64)),
    lambda T: T.dot(T.ones(0, dtype=T.bool), T.ones(0, dtype=T.bool)),
    lambda T: T.bmm(T.ones(0, 2, 3, dtype=T.float64), T.ones(0, 3, 2)),
    lambda T: T.bmm(T.ones(2, 2, 0, dtype=T.float64), T.ones(2, 0, 2)),
    lambda T: T.bmm(T.ones(2, 2, 3, dtype=T.float64), T.ones(2, 4, 2)),
    lambda T: T.bmm(T.ones(10, 2, 10).transpose(0, 1), T.ones(2, 10, 10, dtype=T.float64)),
], ids=["nonfoldable", "fold_rg", "2d_rg_3d", "1d_rg_3d", "fold_strides", "empty_batch", "empty_both", "empty_3d",
        "k0", "bool_empty", "mm_bool_empty", "mm_bool_k0", "mm_bool_shapes", "mm_shapes_after_dtype",
        "mv_shapes_first", "mv_bool_empty", "dot_dtype_first", "dot_bool_empty", "bmm_empty", "bmm_k0",
        "bmm_shapes_first", "bmm_large_noncontig"])
def test_product_paths(fn):
    same(fn)


@pytest.mark.parametrize("fn", [
    lambda T: T.mv(T.ones(2, 2, 3), T.ones(3)), lambda T: T.mv(T.ones(3), T.ones(3)),
    lambda T: T.mv(T.ones(2, 3), T.ones(3, 1)), lambda T: T.mv(T.tensor(1.), T.ones(2)),
    lambda T: T.mv(T.ones(2, 3), T.tensor(1.)), lambda T: T.mv(T.ones(2, 3), T.ones(4)),
    lambda T: T.bmm(T.ones(2, 3), T.ones(2, 3, 2)), lambda T: T.bmm(T.ones(2, 2, 3), T.ones(3, 2)),
    lambda T: T.bmm(T.ones(2, 2, 3), T.ones(3, 3, 2)), lambda T: T.bmm(T.ones(2, 2, 3), T.ones(1, 3, 2)),
    lambda T: T.matmul(T.ones(2, 2, 3), T.ones(4)), lambda T: T.matmul(T.ones(4), T.ones(2, 3, 2)),
    lambda T: T.matmul(T.ones(2, 2, 3), T.ones(4, 2)), lambda T: T.matmul(T.ones(2, 2, 3), T.ones(3, 3, 2)),
], ids=["mv_3d", "mv_1d", "mv_2d_vec", "mv_0d", "mv_0d_vec", "mv_size", "bmm_2d", "bmm_2d_second",
        "bmm_batch", "bmm_no_broadcast", "fold_mv_size", "unfolded_1d_3d", "fold_mm_size", "batch_broadcast"])
def test_product_shapes(fn):
    same(fn)


def test_bmm_and_batched_matmul_gradients():
    def f(T):
        a = T.tensor(np.arange(12.).reshape(2, 2, 3), requires_grad=True)
        b = T.tensor(np.arange(12.).reshape(2, 3, 2) / 5, requires_grad=True)
        w = T.tensor(np.arange(6.).reshape(2, 3) - 2, requires_grad=True)
        r1 = T.bmm(a, b)
        r2 = w @ b
        (r1.sum() + (r2 * r2).sum()).backward()
        return r1, r2, a.grad, b.grad, w.grad, r2.stride()
    same(f)


def _linear(T):
    """torch's F.linear, and ember's linear op (ember.nn.functional.linear wraps it with checks of its own)."""
    if T is torch:
        return torch.nn.functional.linear
    from ember.ops.linalg import linear
    return linear


def _lin(xs, contig, wd, bs, dt="float32"):
    def f(T):
        x = T.ones(xs) if contig else T.ones((xs[-1],) + xs[:-1]).permute(*range(1, len(xs)), 0)
        w = (T.ones(4, 3) if wd == 2 else T.ones(3)).requires_grad_()
        b = T.ones(bs, dtype=getattr(T, dt), requires_grad=True)
        r = _linear(T)(x, w, b)
        r.sum().backward()
        return r, w.grad, b.grad
    return f


LINEAR_INPUTS = [((3,), True), ((2, 3), True), ((2, 3), False), ((2, 2, 3), True), ((2, 2, 3), False),
                 ((2, 2, 2, 3), True), ((2, 2, 2, 3), False)]


@pytest.mark.parametrize("xs,contig", LINEAR_INPUTS, ids=[f"{len(x)}d-{'contig' if c else 'strided'}"
                                                          for x, c in LINEAR_INPUTS])
@pytest.mark.parametrize("wd", [1, 2], ids=["w1d", "w2d"])
@pytest.mark.parametrize("bs", [(), (4,), (1,), (1, 4), (4, 1), (2, 4), (1, 1, 4), (2, 1, 4), (1, 1)])
def test_linear_paths(xs, contig, wd, bs):
    """torch's linear: one addmm for a 2-D input, folded batch dims (a view) for a contiguous input
    whose bias has one dim that is not 1, matmul then an in-place add otherwise."""
    same(_lin(xs, contig, wd, bs))


@pytest.mark.parametrize("fn", [
    lambda F, T: F.linear(T.ones(2, 3), T.ones(4, 3, dtype=T.float64)),
    lambda F, T: F.linear(T.ones(2, 3), T.ones(4, 3, dtype=T.float64), T.ones(4, dtype=T.float64)),
    lambda F, T: F.linear(T.ones(2, 3), T.ones(4, 3), T.ones(4, dtype=T.float64)),
    lambda F, T: F.linear(T.ones(2, 2, 3), T.ones(4, 3), T.ones(4, dtype=T.float64)),
    lambda F, T: F.linear(T.ones(2, 2, 3), T.ones(4, 3, dtype=T.float64)),
    lambda F, T: F.linear(T.ones(2, 3), T.ones(3, dtype=T.float64)),
    lambda F, T: F.linear(T.ones(3), T.ones(4, 3, dtype=T.float64)),
    lambda F, T: F.linear(T.ones(2, 3, dtype=T.int64), T.ones(4, 3, dtype=T.int64), T.ones(4, dtype=T.float32)),
    lambda F, T: F.linear(T.ones(2, 3), T.ones(4, 3), T.ones(4, dtype=T.int64)),
    lambda F, T: F.linear(T.ones(2, 3, dtype=T.bool), T.ones(4, 3, dtype=T.bool), T.ones(4, dtype=T.bool)),
    lambda F, T: F.linear(T.ones(2, 3, dtype=T.int64), T.ones(4, 3, dtype=T.int64), T.ones(4, dtype=T.int64)),
    lambda F, T: F.linear(T.ones(2, 3), T.ones(4, 2), T.ones(4)),
    lambda F, T: F.linear(T.ones(2, 3), T.ones(2, 4, 3), T.ones(4)),
    lambda F, T: F.linear(T.ones(2, 2, 3), T.ones(4, 2), T.ones(4)),
    lambda F, T: F.linear(T.tensor(1.), T.ones(4, 3), T.ones(4)),
    lambda F, T: F.linear(T.ones(2, 3), T.tensor(1.)),
    lambda F, T: F.linear(T.ones(2, 3), T.ones(4, 3), T.ones(3)),
    lambda F, T: F.linear(T.ones(2, 3), T.ones(4, 3), T.ones(1, 2, 4)),
], ids=["f64_weight", "f64_weight_bias", "f64_bias", "f64_bias_3d", "f64_weight_3d", "f64_vector_weight",
        "f64_weight_1d_input", "int_with_float_bias", "int_bias", "bool", "int", "shapes", "3d_weight",
        "shapes_3d", "0d_input", "0d_weight", "bias_shape", "bias_ndim"])
def test_linear_refusals(fn):
    same(lambda T: fn(type("F", (), {"linear": staticmethod(_linear(T))}), T))


# ================================================================ 4. crashes on valid input
def test_mT_of_0d_and_1d():
    def f(T):
        x = T.tensor(1.5, requires_grad=True)
        y = x.mT
        return y, y is x
    same_warned(f)
    same(lambda T: T.ones(3).mT)
    same(lambda T: [T.ones(2, 3, requires_grad=True).mT, T.ones(2, 3, 4).mT.stride()])


def test_tensor_of_float_scalar_types():
    same(lambda T: [T.tensor(np.float32(1.5)), T.tensor(np.int32(3)), T.tensor(np.bool_(True)),
                    T.tensor([np.float16(1), 2.0]), T.tensor([np.int32(3), np.float32(1.5)]),
                    T.tensor([np.float64(1.5), np.float32(2.0)]), T.tensor(np.float64(2.5))])


# ================================================================ 5. memory layout
def _layouts(T):
    return {
        "transposed": T.ones(2, 3).t(), "permuted": T.ones(2, 3, 4).permute(2, 0, 1), "sliced": T.ones(4, 6)[:, ::2],
        "expanded": T.ones(3, 1).expand(3, 4), "expanded_lead": T.ones(4).expand(3, 4), "column": T.ones(3, 4)[:, :1],
        "transposed_3d": T.ones(2, 3, 4).transpose(0, 2), "sliced_permuted": T.ones(4, 6, 2)[::2].permute(1, 2, 0),
        "contiguous": T.ones(2, 3), "0d": T.tensor(1.),
    }


LAYOUT_NAMES = ["transposed", "permuted", "sliced", "expanded", "expanded_lead", "column", "transposed_3d",
                "sliced_permuted", "contiguous", "0d"]


@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_clone_and_like_keep_layout(name):
    """torch's preserve_format: a dense tensor's copy keeps its strides, another one gets dense strides
    in its order of dims; reshape after clone is then a view or a copy as in torch."""
    def f(T):
        x = _layouts(T)[name]
        out = [x.clone().stride(), T.zeros_like(x).stride(), T.ones_like(x).stride(), T.full_like(x, 2.).stride(),
               T.empty_like(x).stride(), x.contiguous().stride(), T.ones_like(x, dtype=T.float64).stride()]
        if x.dim():
            out.append(x.clone().is_contiguous())
        return out
    same(f)


@pytest.mark.parametrize("name", ["transposed", "permuted", "sliced", "contiguous", "column"])
def test_reshape_after_clone(name):
    def f(T):
        x = _layouts(T)[name].detach().requires_grad_()
        c = x.clone()
        r = c.reshape(-1)
        (r * T.arange(float(r.numel()))).sum().backward()
        return c, r, x.grad, c.stride()
    same(f)


def test_clone_values_and_gradient_of_strided():
    def f(T):
        b = T.tensor(np.arange(24.).reshape(4, 6), requires_grad=True)
        x = b[:, ::2].t()
        c = x.clone()
        (c * c).sum().backward()
        return c, b.grad, c.stride(), x.clone().view(-1) if c.is_contiguous() else c.t().reshape(-1)
    same(f)


DEEPCOPY_CASES = {
    "base_and_view": lambda T: (lambda b: [b, b[1:3]])(T.zeros(4)),
    "view_and_base": lambda T: (lambda b: [b.view(2, 2), b])(T.zeros(4)),
    "two_views": lambda T: (lambda b: [b[1:3], b[2:]])(T.zeros(4)),
    "transposed_view": lambda T: (lambda b: [b, b.t()])(T.zeros(2, 3)),
    "dict_of_views": lambda T: (lambda b: {"a": b[0], "b": b[:, 1]})(T.zeros(2, 3)),
}


@pytest.mark.parametrize("case", sorted(DEEPCOPY_CASES))
def test_deepcopy_keeps_sharing(case):
    """A deepcopy copies each storage once: tensors sharing memory share the copy (a write through one
    shows in the other), with their strides; the copies are not views in autograd's sense."""
    def f(T):
        orig = DEEPCOPY_CASES[case](T)
        new = copy.deepcopy(orig)
        items = list(new.values()) if isinstance(new, dict) else new
        items[0].fill_(7.0)
        return [(t, t.stride(), t._base is None) for t in items], orig
    same(f)


def test_deepcopy_alone_and_leaf_flags():
    def f(T):
        b = T.zeros(2, 3).t()
        v = T.zeros(4)[1:3]
        p = T.ones(2, requires_grad=True)
        p.grad = T.full((2,), 3.)
        cb, cv, cp = copy.deepcopy(b), copy.deepcopy(v), copy.deepcopy(p)
        return cb.stride(), cv, cv._base is None, cp, cp.requires_grad, cp.grad, cp.is_leaf
    same(f)


def test_deepcopy_of_non_leaf_refused():
    same(lambda T: copy.deepcopy(T.ones(2, requires_grad=True) * 2))


def test_elementwise_loss_layout():
    """mse_loss(reduction='none') lays its result out as torch's TensorIterator does (by its input)."""
    def f(T):
        x, y = T.ones(2, 3).t(), T.ones(3, 2)
        return [T.nn.functional.mse_loss(x, y, reduction="none").stride(),
                T.nn.functional.mse_loss(y, x, reduction="none").stride(),
                T.nn.functional.mse_loss(x, x, reduction="none").stride()]
    same(f)


# ================================================================ 6. the nodes views and copies record
VIEW_NODE_CASES = {
    "squeeze_tuple": ((1, 3, 1), lambda T, x: x.squeeze((0, 2))),
    "squeeze_list": ((1, 3, 1), lambda T, x: x.squeeze([0])),
    "squeeze_int": ((1, 3, 1), lambda T, x: x.squeeze(0)), "squeeze_all": ((1, 3, 1), lambda T, x: x.squeeze()),
    "to_copy": ((2, 3), lambda T, x: x.to(T.float32, copy=True)),
    "to_copy_strided": ((2, 3), lambda T, x: x.t().to(T.float32, copy=True)),
    "to_f64_strided": ((2, 3), lambda T, x: x.t().to(T.float64)),
    "reshape_strided": ((2, 3), lambda T, x: x.t().reshape(-1)),
    "contiguous_strided": ((2, 3), lambda T, x: x.t().contiguous()), "flatten": ((2, 3), lambda T, x: x.flatten()),
    "unflatten": ((2, 3), lambda T, x: x.unflatten(1, (3, 1))),
    "broadcast_to": ((2, 3), lambda T, x: T.broadcast_to(x, (2, 2, 3))),
    "expand_keep": ((2, 3), lambda T, x: x.expand(-1, -1)), "mT": ((2, 3), lambda T, x: x.mT),
    "clone_strided": ((2, 3), lambda T, x: x.t().clone()),
    "reshape_size1_strided": ((2, 1), lambda T, x: x.t().reshape(-1)),
}


@pytest.mark.parametrize("case", sorted(VIEW_NODE_CASES))
def test_view_and_copy_nodes(case):
    """The node each view or copy records, its strides, and the gradient through it."""
    shape, fn = VIEW_NODE_CASES[case]

    def f(T):
        x = T.tensor(np.arange(float(np.prod(shape))).reshape(shape), requires_grad=True)
        y = fn(T, x)
        (y * y).sum().backward()
        return y, y.stride(), x.grad
    same(f)


@pytest.mark.parametrize("call", ["gather", "scatter", "scatter_add", "scatter_reduce", "scatter_value",
                                  "take_along_dim"])
def test_an_empty_float_index_is_not_refused_by_the_scatter_family(call):
    # torch checks the index's dtype only when it has elements (take_along_dim always does)
    def program(lib):
        e = lib.zeros(0)
        x = lib.zeros(3)
        return {"gather": lambda: lib.gather(x, 0, e), "scatter": lambda: x.scatter(0, e, e),
                "scatter_add": lambda: x.scatter_add(0, e, e),
                "scatter_reduce": lambda: x.scatter_reduce(0, e, e, "sum"),
                "scatter_value": lambda: x.scatter(0, e, 1.0),
                "take_along_dim": lambda: lib.take_along_dim(x, e, 0)}[call]()
    same(program)
