"""Generic op tests driven by the op table (tests/op_table.py), with PyTorch as the oracle.

For every entry and sample: forward values (float32, float64), first gradients of all inputs,
the grad_fn name, float64 gradcheck, gradgradcheck and a second-order quantity against torch.
Also a dtype-promotion table for + * / over tensor/0-d/scalar operands.
"""
from __future__ import annotations

import itertools

import numpy as np
import pytest

from oracle import DTYPE_NAMES, assert_close, dtype_name, torch  # noqa: F401  (skips without torch)
from op_table import OPS, make_inputs

import ember  # noqa: E402
from ember.autograd.gradcheck import gradcheck, gradgradcheck  # see test_autograd_exports_gradcheck_functions

FLOATS = ["float32", "float64"]


def cases(test: str):
    """pytest params (entry, sample index) with the entry's strict xfail for ``test``, if any."""
    out = []
    for e in OPS:
        for k in range(len(e.samples)):
            marks = []
            reason = e.xfail.get(test)
            if reason:
                marks.append(pytest.mark.xfail(strict=True, reason=reason))
            out.append(pytest.param(e, k, id=f"{e.name}-{k}", marks=marks))
    return out


def build(entry, k, dtype, seed=0, requires_grad=True):
    """(ember inputs, torch inputs, differentiable flags) holding the same values."""
    arrays, diff = make_inputs(entry, entry.samples[k], dtype, seed)
    e_in, t_in = [], []
    for a, d in zip(arrays, diff):
        et, tt = ember.from_numpy(a.copy()), torch.from_numpy(a.copy())
        if d and requires_grad:
            et.requires_grad_(True)
            tt.requires_grad_(True)
        e_in.append(et)
        t_in.append(tt)
    return e_in, t_in, diff


def tols(entry, dtype):
    if dtype == "float64":
        return (entry.rtol or 1e-7), (entry.atol or 1e-9)
    return (entry.rtol or 1e-4), (entry.atol or 1e-5)


def random_like_np(shape, dtype, seed):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("entry,k", cases("forward"))
def test_forward(entry, k, dtype):
    e_in, t_in, _ = build(entry, k, dtype, requires_grad=False)
    e_out, t_out = entry.fn(ember, *e_in), entry.fn(torch, *t_in)
    rtol, atol = tols(entry, dtype)
    assert_close(e_out, t_out, rtol, atol, what=f"{entry.name} forward")
    assert e_out.grad_fn is None and not e_out.requires_grad


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("entry,k", cases("grad"))
def test_grad(entry, k, dtype):
    e_in, t_in, diff = build(entry, k, dtype)
    e_out, t_out = entry.fn(ember, *e_in), entry.fn(torch, *t_in)
    rtol, atol = tols(entry, dtype)
    assert_close(e_out, t_out, rtol, atol, what=f"{entry.name} forward (grad mode)")
    assert e_out.requires_grad
    go = random_like_np(tuple(t_out.shape), dtype_name(t_out.dtype), seed=1)
    e_out.backward(ember.from_numpy(go.copy()))
    t_out.backward(torch.from_numpy(go.copy()))
    for i, (et, tt, d) in enumerate(zip(e_in, t_in, diff)):
        if not d:
            assert et.grad is None, f"non-differentiable input {i} got a .grad"
            continue
        assert tt.grad is not None
        assert et.grad is not None, f"input {i}: no .grad"
        # shape and dtype of the leaf, values of torch's
        assert_close(et.grad, tt.grad, rtol, atol, what=f"{entry.name} grad of input {i}")
        assert tuple(et.grad.shape) == tuple(et.shape) and et.grad.dtype == et.dtype


@pytest.mark.parametrize("entry,k", cases("grad_sum"))
def test_grad_of_sum(entry, k):
    """backward() of a scalar (the implicit grad of 1) through the op, float32."""
    e_in, t_in, diff = build(entry, k, "float32", seed=3)
    e_s, t_s = entry.fn(ember, *e_in).sum(), entry.fn(torch, *t_in).sum()
    e_s.backward()
    t_s.backward()
    for i, (et, tt, d) in enumerate(zip(e_in, t_in, diff)):
        if d:
            assert_close(et.grad, tt.grad, 1e-4, 1e-5, what=f"{entry.name} grad of input {i}")


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("entry,k", cases("grad_fn"))
def test_grad_fn_name(entry, k, dtype):
    e_in, t_in, _ = build(entry, k, dtype)
    e_out, t_out = entry.fn(ember, *e_in), entry.fn(torch, *t_in)
    assert type(e_out.grad_fn).__name__ == type(t_out.grad_fn).__name__


@pytest.mark.parametrize("entry,k", cases("table"))
def test_table_grad_fn_is_torchs(entry, k):
    """The table's documented grad_fn is what torch records (float32), so the table stays honest."""
    _, t_in, _ = build(entry, k, "float32")
    assert type(entry.fn(torch, *t_in).grad_fn).__name__ == entry.grad_fn


@pytest.mark.parametrize("entry,k", cases("gradcheck"))
def test_gradcheck(entry, k):
    e_in, _, _ = build(entry, k, "float64")
    assert gradcheck(lambda *xs: entry.fn(ember, *xs), tuple(e_in), eps=1e-6, atol=1e-5, rtol=1e-3)


@pytest.mark.parametrize("entry,k", [p for p in cases("gradgradcheck") if p.values[0].supports_gradgrad])
def test_gradgradcheck(entry, k):
    e_in, _, _ = build(entry, k, "float64")
    assert gradgradcheck(lambda *xs: entry.fn(ember, *xs), tuple(e_in), eps=1e-6, atol=1e-5, rtol=1e-3)


def test_gradgradcheck_minimal():
    x = ember.tensor([1.0, 2.0], dtype=ember.float64, requires_grad=True)
    assert gradgradcheck(lambda x: x * x, (x,))


def test_gradgradcheck_detects_a_wrong_second_derivative():
    # gradcheck of the first derivative: a backward that is right once but not twice must fail
    x = ember.tensor([1.0, 2.0], dtype=ember.float64, requires_grad=True)

    class Cube(ember.autograd.Function):
        @staticmethod
        def forward(ctx, t):
            ctx.save_for_backward(t)
            return t * t * t

        @staticmethod
        def backward(ctx, g):
            t, = ctx.saved_tensors
            return g * 3 * t.detach() * t.detach()   # detached: second derivative is lost

    assert not gradgradcheck(Cube.apply, (x,), raise_exception=False)


def test_autograd_exports_gradcheck_functions():
    assert callable(ember.autograd.gradcheck)
    assert callable(ember.autograd.gradgradcheck)


@pytest.mark.parametrize("entry,k", [p for p in cases("gradgrad_fd") if p.values[0].supports_gradgrad])
def test_second_order_finite_difference(entry, k):
    """float64: d/dx <r, J(x)^T go> from autograd (create_graph=True) vs central differences of
    the first gradients (independent of ember's gradgradcheck)."""
    arrays, diff = make_inputs(entry, entry.samples[k], "float64")
    rng = np.random.default_rng(7)

    def tensors(arrs, requires_grad=True):
        ts = [ember.from_numpy(a.copy()) for a in arrs]
        for t, d in zip(ts, diff):
            if d:
                t.requires_grad_(True)
        return ts

    out0 = entry.fn(ember, *tensors(arrays))
    go = ember.from_numpy(rng.standard_normal(tuple(out0.shape)))
    idx = [i for i, d in enumerate(diff) if d]
    rs = [rng.standard_normal(arrays[i].shape) for i in idx]

    def s_value(arrs):
        ts = tensors(arrs)
        g1 = ember.autograd.grad(entry.fn(ember, *ts), [ts[i] for i in idx], go, allow_unused=True)
        return sum(float((g.detach().numpy() * r).sum()) for g, r in zip(g1, rs) if g is not None)

    ts = tensors(arrays)
    analytic, _ = _second_order(ember, entry.fn, ts, diff, go, [ember.from_numpy(r) for r in rs])
    eps = 1e-6
    for a_i, i in zip(analytic, idx):
        num = np.zeros(arrays[i].size)
        for j in range(arrays[i].size):
            plus = [a.copy() for a in arrays]
            minus = [a.copy() for a in arrays]
            plus[i].reshape(-1)[j] += eps
            minus[i].reshape(-1)[j] -= eps
            num[j] = (s_value(plus) - s_value(minus)) / (2 * eps)
        np.testing.assert_allclose(a_i.detach().numpy().reshape(-1), num, rtol=1e-3, atol=1e-5,
                                   err_msg=f"{entry.name}: second derivative w.r.t. input {i}")


def _second_order(m, fn, inputs, diff, go, rs):
    """d/d inputs of sum_i <r_i, d<out, go>/d input_i>, built with create_graph=True.

    Returns one tensor per differentiable input (zeros where the first gradient does not depend on it)."""
    xs = [x for x, d in zip(inputs, diff) if d]
    out = fn(m, *inputs)
    g1 = m.autograd.grad(out, xs, go, create_graph=True)
    s = sum((g * r).sum() for g, r in zip(g1, rs))
    zeros = [m.zeros_like(x) for x in xs]
    if not s.requires_grad:
        return zeros, g1
    g2 = m.autograd.grad(s, xs, allow_unused=True)
    return [z if g is None else g for g, z in zip(g2, zeros)], g1


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("entry,k", [p for p in cases("second_order") if p.values[0].supports_gradgrad])
def test_second_order_vs_torch(entry, k, dtype):
    e_in, t_in, diff = build(entry, k, dtype)
    t_out = entry.fn(torch, *t_in)
    go = random_like_np(tuple(t_out.shape), dtype_name(t_out.dtype), seed=5)
    rs = [random_like_np(tuple(x.shape), dtype, seed=10 + i) for i, (x, d) in enumerate(zip(t_in, diff)) if d]
    e2, e1 = _second_order(ember, entry.fn, e_in, diff, ember.from_numpy(go.copy()),
                           [ember.from_numpy(r.copy()) for r in rs])
    t2, t1 = _second_order(torch, entry.fn, t_in, diff, torch.from_numpy(go.copy()),
                           [torch.from_numpy(r.copy()) for r in rs])
    rtol, atol = tols(entry, dtype)
    if dtype == "float32":
        rtol, atol = rtol * 10, atol * 10
    for i, (a, b) in enumerate(zip(e1, t1)):
        assert_close(a, b, rtol, atol, what=f"{entry.name} first grad (create_graph) {i}")
    for i, (a, b) in enumerate(zip(e2, t2)):
        assert_close(a, b, rtol, atol, what=f"{entry.name} second-order grad {i}")


# ----------------------------------------------------------------------------------------------
# dtype promotion
PROMO_DTYPES = ["bool", "uint8", "int8", "int32", "int64", "float16", "float32", "float64"]
SCALARS = [3, 2.5, True]
BINOPS = {"add": lambda a, b: a + b, "mul": lambda a, b: a * b, "div": lambda a, b: a / b}


def _values(dtype, shape, seed):
    rng = np.random.default_rng(seed)
    if dtype == "bool":
        return np.ones(shape, dtype=bool) if shape == () else rng.random(shape) < 0.5
    return rng.integers(1, 4, size=shape).astype(dtype)  # 1..3: no zero division, no overflow


@pytest.mark.parametrize("shapes", [((2, 3), (2, 3)), ((), (2, 3)), ((2, 3), ()), ((), ())],
                         ids=["dim-dim", "0d-dim", "dim-0d", "0d-0d"])
@pytest.mark.parametrize("da,db", list(itertools.product(PROMO_DTYPES, PROMO_DTYPES)))
def test_promotion_tensor_tensor(da, db, shapes):
    a, b = _values(da, shapes[0], 0), _values(db, shapes[1], 1)
    ea, eb = ember.from_numpy(a.copy()), ember.from_numpy(b.copy())
    ta, tb = torch.from_numpy(a.copy()), torch.from_numpy(b.copy())
    for name, op in BINOPS.items():
        t = op(ta, tb)
        e = op(ea, eb)
        assert dtype_name(e.dtype) == dtype_name(t.dtype), f"{da}{list(shapes[0])} {name} {db}{list(shapes[1])}"
        assert_close(e, t, what=f"{da} {name} {db}")
    assert dtype_name(ember.result_type(ea, eb)) == dtype_name(torch.result_type(ta, tb))


@pytest.mark.parametrize("reflected", [False, True], ids=["tensor-scalar", "scalar-tensor"])
@pytest.mark.parametrize("shape", [(2, 3), ()], ids=["dim", "0d"])
@pytest.mark.parametrize("scalar", SCALARS, ids=["int", "float", "bool"])
@pytest.mark.parametrize("da", PROMO_DTYPES)
def test_promotion_tensor_scalar(da, scalar, shape, reflected):
    a = _values(da, shape, 0)
    ea, ta = ember.from_numpy(a.copy()), torch.from_numpy(a.copy())
    for name, op in BINOPS.items():
        if reflected:
            t, e = op(scalar, ta), op(scalar, ea)
        else:
            t, e = op(ta, scalar), op(ea, scalar)
        assert dtype_name(e.dtype) == dtype_name(t.dtype), \
            f"{'scalar ' + name + ' ' + da if reflected else da + ' ' + name + ' scalar'} ({scalar!r})"
        assert_close(e, t, what=f"{da} {name} {scalar!r}")
