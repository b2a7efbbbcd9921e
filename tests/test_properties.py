"""Property tests (hypothesis): random broadcastable shapes, float dtypes and reduction dims,
with PyTorch as the oracle for values and gradients."""
from __future__ import annotations

import numpy as np

from oracle import assert_close, dtype_name, torch  # noqa: F401  (skips without torch)

import ember  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra import numpy as hnp  # noqa: E402

# database=None: no .hypothesis/ folder in the repo; small budgets keep the suite fast
PROP = settings(max_examples=40, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

FLOAT_DTYPES = ["float16", "float32", "float64"]
TOLS = {"float16": (1e-2, 1e-2), "float32": (1e-4, 1e-5), "float64": (1e-7, 1e-9)}

BINARY = {
    "add": lambda m, a, b: a + b,
    "sub": lambda m, a, b: a - b,
    "mul": lambda m, a, b: a * b,
    "div": lambda m, a, b: a / b,
    "maximum": lambda m, a, b: m.maximum(a, b),
}


def _values(rng, shape, op, i):
    if op == "div" and i == 1:  # divisor away from 0
        return rng.uniform(0.5, 2.0, size=shape) * rng.choice([-1.0, 1.0], size=shape)
    if op == "maximum":  # the two inputs never tie (offset grids), so the gradient is well defined
        return rng.integers(-8, 9, size=shape) * 0.25 + (0.0625 if i == 0 else -0.0625)
    return rng.uniform(-2.0, 2.0, size=shape)


def _pair(arrays, dtypes):
    e = [ember.from_numpy(np.asarray(a).astype(d)).requires_grad_(True) for a, d in zip(arrays, dtypes)]
    t = [torch.from_numpy(np.asarray(a).astype(d)).requires_grad_(True) for a, d in zip(arrays, dtypes)]
    return e, t


def _check_forward_backward(fn, e_in, t_in, seed, tol_dtype):
    rtol, atol = TOLS[tol_dtype]
    e_out, t_out = fn(ember, *e_in), fn(torch, *t_in)
    assert_close(e_out, t_out, rtol, atol, what="forward")
    go = np.random.default_rng(seed + 1).standard_normal(tuple(t_out.shape)).astype(dtype_name(t_out.dtype))
    e_out.backward(ember.from_numpy(go.copy()))
    t_out.backward(torch.from_numpy(go.copy()))
    for i, (e, t) in enumerate(zip(e_in, t_in)):
        if not t.requires_grad:
            continue
        assert e.grad is not None, f"input {i}: no .grad"
        # each leaf's .grad has the leaf's shape and dtype (summed back over broadcast dims)
        assert tuple(e.grad.shape) == tuple(e.shape), f"input {i}: grad shape {tuple(e.grad.shape)}"
        assert e.grad.dtype == e.dtype, f"input {i}: grad dtype {e.grad.dtype} vs leaf {e.dtype}"
        assert_close(e.grad, t.grad, rtol, atol, what=f"grad of input {i}")


@PROP
@given(shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, max_side=3),
       op=st.sampled_from(sorted(BINARY)), dtype=st.sampled_from(["float32", "float64"]),
       seed=st.integers(0, 2**16))
def test_binary_broadcast(shapes, op, dtype, seed):
    rng = np.random.default_rng(seed)
    arrays = [_values(rng, s, op, i) for i, s in enumerate(shapes.input_shapes)]
    e_in, t_in = _pair(arrays, [dtype, dtype])
    _check_forward_backward(BINARY[op], e_in, t_in, seed, dtype)


@PROP
@given(data=st.data(), base=hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4),
       op=st.sampled_from(["add", "mul", "sub"]), swap=st.booleans(), seed=st.integers(0, 2**16))
def test_binary_broadcastable_to_shape(data, base, op, swap, seed):
    """b's shape broadcasts against a's (hnp.broadcastable_shapes); either operand order."""
    other = data.draw(hnp.broadcastable_shapes(base, min_dims=0, max_dims=4, max_side=4))
    shapes = (other, base) if swap else (base, other)
    rng = np.random.default_rng(seed)
    arrays = [_values(rng, s, op, i) for i, s in enumerate(shapes)]
    e_in, t_in = _pair(arrays, ["float64", "float64"])
    _check_forward_backward(BINARY[op], e_in, t_in, seed, "float64")


@PROP
@given(da=st.sampled_from(FLOAT_DTYPES), db=st.sampled_from(FLOAT_DTYPES),
       shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3),
       op=st.sampled_from(sorted(BINARY)), seed=st.integers(0, 2**16))
def test_binary_mixed_float_dtypes(da, db, shapes, op, seed):
    """Promotion between float dtypes; the gradient of each leaf comes back in the leaf's dtype."""
    rng = np.random.default_rng(seed)
    arrays = [_values(rng, s, op, i) for i, s in enumerate(shapes.input_shapes)]
    e_in, t_in = _pair(arrays, [da, db])
    lowest = "float16" if "float16" in (da, db) else ("float32" if "float32" in (da, db) else "float64")
    _check_forward_backward(BINARY[op], e_in, t_in, seed, lowest)


@PROP
@given(shapes=hnp.mutually_broadcastable_shapes(num_shapes=3, min_dims=0, max_dims=3, max_side=3),
       dtype=st.sampled_from(["float32", "float64"]), seed=st.integers(0, 2**16))
def test_where_broadcast(shapes, dtype, seed):
    rng = np.random.default_rng(seed)
    sc, sa, sb = shapes.input_shapes
    cond = rng.random(sc) < 0.5
    a, b = rng.uniform(-2, 2, size=sa), rng.uniform(-2, 2, size=sb)
    e_in, t_in = _pair([a, b], [dtype, dtype])
    ec, tc = ember.from_numpy(np.array(cond)), torch.from_numpy(np.array(cond))
    _check_forward_backward(lambda m, x, y: m.where(ec if m is ember else tc, x, y), e_in, t_in, seed, dtype)


REDUCTIONS = {
    "sum": lambda m, a, dim, keepdim: a.sum(dim=dim, keepdim=keepdim),
    "mean": lambda m, a, dim, keepdim: a.mean(dim=dim, keepdim=keepdim),
    "var": lambda m, a, dim, keepdim: a.var(dim=dim, keepdim=keepdim),
    "std": lambda m, a, dim, keepdim: a.std(dim=dim, keepdim=keepdim),
    "norm": lambda m, a, dim, keepdim: a.norm(dim=dim, keepdim=keepdim),
    "amax": lambda m, a, dim, keepdim: m.amax(a, dim=dim, keepdim=keepdim),
}
SINGLE_DIM = {
    "max": lambda m, a, dim, keepdim: a.max(dim=dim, keepdim=keepdim).values,
    "min": lambda m, a, dim, keepdim: a.min(dim, keepdim)[0],
    "prod": lambda m, a, dim, keepdim: a.prod(dim, keepdim=keepdim),
    "softmax": lambda m, a, dim, keepdim: m.nn.functional.softmax(a, dim),
    "log_softmax": lambda m, a, dim, keepdim: m.nn.functional.log_softmax(a, dim=dim),
}


def _reduction_values(rng, shape, op):
    n = int(np.prod(shape, dtype=np.int64))
    if op in ("max", "min", "amax"):  # distinct values: a unique arg-extremum
        return ((rng.permutation(n) - n / 2) * 0.25).reshape(shape)
    if op in ("prod", "norm"):  # away from 0
        return rng.uniform(0.3, 1.5, size=shape) * rng.choice([-1.0, 1.0], size=shape)
    return rng.uniform(-2.0, 2.0, size=shape)


@PROP
@given(data=st.data(), shape=hnp.array_shapes(min_dims=1, max_dims=4, min_side=2, max_side=3),
       op=st.sampled_from(sorted(REDUCTIONS)), keepdim=st.booleans(),
       dtype=st.sampled_from(["float32", "float64"]), seed=st.integers(0, 2**16))
def test_reduction_over_dims(data, shape, op, keepdim, dtype, seed):
    ndim = len(shape)
    # torch's Tensor.norm takes at most 2 dims (3+ is a matrix_norm error in torch)
    most = min(ndim, 2) if op == "norm" else ndim
    dims = data.draw(st.lists(st.integers(-ndim, ndim - 1), min_size=1, max_size=most,
                              unique_by=lambda d: d % ndim).map(tuple), label="dims")
    if len(dims) == 1 and data.draw(st.booleans(), label="int dim"):
        dims = dims[0]
    a = _reduction_values(np.random.default_rng(seed), shape, op)
    e_in, t_in = _pair([a], [dtype])
    _check_forward_backward(lambda m, x: REDUCTIONS[op](m, x, dims, keepdim), e_in, t_in, seed, dtype)


@PROP
@given(data=st.data(), shape=hnp.array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=3),
       op=st.sampled_from(sorted(SINGLE_DIM)), keepdim=st.booleans(),
       dtype=st.sampled_from(["float32", "float64"]), seed=st.integers(0, 2**16))
def test_single_dim_reduction(data, shape, op, keepdim, dtype, seed):
    dim = data.draw(st.integers(-len(shape), len(shape) - 1), label="dim")
    a = _reduction_values(np.random.default_rng(seed), shape, op)
    e_in, t_in = _pair([a], [dtype])
    _check_forward_backward(lambda m, x: SINGLE_DIM[op](m, x, dim, keepdim), e_in, t_in, seed, dtype)


@PROP
@given(shape=hnp.array_shapes(min_dims=0, max_dims=4, min_side=1, max_side=3),
       op=st.sampled_from(["sum", "mean", "max", "min", "prod", "norm", "var", "std"]),
       dtype=st.sampled_from(["float32", "float64"]), seed=st.integers(0, 2**16))
def test_full_reduction(shape, op, dtype, seed):
    n = int(np.prod(shape, dtype=np.int64))
    if op in ("var", "std") and n < 2:
        shape = shape + (2,)  # n - 1 = 0 degrees of freedom is a division by zero (nan), not a gradient test
    a = _reduction_values(np.random.default_rng(seed), shape, "amax" if op in ("max", "min") else op)
    e_in, t_in = _pair([a], [dtype])
    _check_forward_backward(lambda m, x: getattr(x, op)(), e_in, t_in, seed, dtype)
