"""Issue 7: what the widened fuzzer's random-seed runs found, each as the program it printed (shortened),
against torch 2.13 live: values, gradients, nodes and errors."""
from __future__ import annotations

import math

import behave
import numpy as np
import pytest
from behave import assert_same, same


def _grad_of(lib, make, f):
    """(f's result, the leaf's gradient) for a leaf ``make(lib)``."""
    x = make(lib)
    out = f(lib, x)
    out.sum().backward()
    return out, x.grad


@pytest.mark.parametrize("shifts,dims", [(1, 1), (1, 5), ((1, 2), (0, 3)), (3, None), ((1, 2), (0,))])
def test_roll_of_an_empty_tensor_ignores_its_dims(shifts, dims):
    """torch returns an empty tensor's clone before it wraps the dims (the alignment check still runs)."""
    same(lambda lib: _grad_of(lib, lambda m: m.zeros(0, dtype=m.float64, requires_grad=True),
                              lambda m, x: x.exp().roll(shifts, dims)))
    same(lambda lib: lib.zeros(0, 2).roll(shifts, dims))


def _sdpa(lib, q, k, v, mask=None, dims=(1, 2, 3, 4)):
    def t(dt):
        return lib.ones(*dims, dtype=getattr(lib, dt))
    m = None if mask is None else lib.ones(3, 3, dtype=getattr(lib, mask))
    return lib.nn.functional.scaled_dot_product_attention(t(q), t(k), t(v), attn_mask=m)


@pytest.mark.parametrize("q,k,v,mask", [
    ("float32", "float64", "float64", None), ("float64", "float32", "float64", None),
    ("float64", "float64", "float32", None), ("int64", "int64", "int64", None), ("bool", "bool", "bool", None),
    ("complex64", "complex64", "complex64", None), ("float32", "float32", "float32", "float64"),
    ("float32", "float32", "float32", "int64"), ("float64", "float64", "float64", "float32"),
    ("float64", "float64", "float64", "bool"), ("float32", "float32", "float32", "float16"),
])
def test_sdpa_checks_dtypes_as_torch(q, k, v, mask):
    same(lambda lib: _sdpa(lib, q, k, v, mask))


def test_sdpa_needs_two_dims():
    same(lambda lib: _sdpa(lib, "float32", "float32", "float32", dims=(4,)))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_trigamma_rounds_as_torchs_kernel_near_its_poles(dtype):
    """digamma's gradient at a negative integer in float32: torch's ``sin(pi * x)`` in float gives ~2.6e15,
    a float64 computation 1.3e33."""
    values = [-1.0, -0.5, 0.0, 0.5, 1.0, -3.0, -2.5, 1e-30, 7.25, -20.0, 30.0]

    def run(lib):
        x = lib.tensor(values, dtype=getattr(lib, dtype), requires_grad=True)
        lib.special.psi(x).sum().backward()
        return x.grad, lib.polygamma(1, x.detach())
    same(run, rtol=2e-6)


@pytest.mark.parametrize("make_view", [
    lambda x: x[0:2], lambda x: x.view(3), lambda x: x.unsqueeze(0), lambda x: x.expand(2, 3),
    lambda x: x.split(2)[0], lambda x: x.unbind(0)[1], lambda x: x.as_strided((2,), (1,)), lambda x: x.view_as(x),
])
@pytest.mark.parametrize("mode", ["no_grad", "inference_mode"])
def test_a_view_made_under_no_grad_requires_grad_as_its_base(make_view, mode):
    """torch: the view requires grad and is a leaf without an accumulator: ops on it record, and the gradient
    that reaches it goes nowhere (neither to it nor to its base)."""
    def run(lib):
        x = lib.ones(3, requires_grad=True)
        with getattr(lib, mode)():
            v = make_view(x)
            inside = v * 3
        y = (v * 3).sum()
        edges = [nr for _, nr in y.grad_fn.next_functions[0][0].next_functions]
        y.backward()
        return (v.requires_grad, v.is_leaf, v.grad_fn, inside.requires_grad, y.requires_grad,
                [fn is None for fn, _ in y.grad_fn.next_functions[0][0].next_functions], edges, x.grad, v.grad)
    same(run)


@pytest.mark.parametrize("allow_unused", [True, False])
def test_a_no_grad_view_used_in_autograd_grad_is_unused(allow_unused):
    def run(lib):
        x = lib.ones(3, requires_grad=True)
        with lib.no_grad():
            v = x[0:2]
        return lib.autograd.grad((v * 3).sum(), x, allow_unused=allow_unused)
    same(run)


@pytest.mark.parametrize("value", [[[2.5]], [[0.0]], [[[1.5]], [[-0.0]]]])
@pytest.mark.parametrize("create_graph", [False, True])
def test_det_of_a_1x1_matrix_has_gradient_g(value, create_graph):
    """torch: the gradient of a 1x1 det is the incoming gradient expanded (no solve): 1 where det is 0, and
    under create_graph a constant unless the incoming gradient requires grad."""
    def run(lib):
        v = lib.tensor(value, dtype=lib.float64, requires_grad=True)
        d = lib.linalg.det(v * 2)
        g0 = lib.full(tuple(d.shape), 3.0, dtype=lib.float64, requires_grad=True)
        plain, = lib.autograd.grad(d.sum(), [v], create_graph=create_graph)
        through, = lib.autograd.grad(d, [v], g0, create_graph=create_graph)
        return plain, through, type(through.grad_fn).__name__
    same(run)


@pytest.mark.parametrize("fn", ["std_mean", "var_mean"])
@pytest.mark.parametrize("dim", [None, 0, 1, (0, 1), -1])
@pytest.mark.parametrize("keepdim", [False, True])
def test_std_mean_of_an_infinity_as_torchs_welford(fn, dim, keepdim):
    """torch's Welford pass: the mean is the infinity only where it is the last element read, else NaN."""
    def run(lib):
        inf = float("inf")
        x = lib.arange(12, dtype=lib.float64).reshape(3, 4)
        x[2, 3], x[0, 1], x[1, 0] = inf, -inf, inf
        x[1, 3] = inf
        out = []
        for t in (x, x.t(), x.float()):
            out.append(getattr(lib, fn)(t, dim, keepdim=keepdim) if dim is not None else getattr(lib, fn)(t))
        return out
    same(run)


def _ones(lib, dt, *shape):
    return lib.ones(*(shape or (2, 3, 4)), dtype=getattr(lib, dt))


NORM_DTYPES = {
    "rms x32 w64": lambda lib, F: F.rms_norm(_ones(lib, "float32"), (4,), _ones(lib, "float64", 4)),
    "rms x64 w32": lambda lib, F: F.rms_norm(_ones(lib, "float64"), (4,), _ones(lib, "float32", 4)),
    "ln x32 w64": lambda lib, F: F.layer_norm(_ones(lib, "float32"), (4,), _ones(lib, "float64", 4)),
    "ln x64 w32 b64": lambda lib, F: F.layer_norm(_ones(lib, "float64"), (4,), _ones(lib, "float32", 4),
                                                   _ones(lib, "float64", 4)),
    "ln x32 w32 b64": lambda lib, F: F.layer_norm(_ones(lib, "float32"), (4,), _ones(lib, "float32", 4),
                                                   _ones(lib, "float64", 4)),
    "gn x32 w64": lambda lib, F: F.group_norm(_ones(lib, "float32"), 3, _ones(lib, "float64", 3)),
    "gn x64 w32": lambda lib, F: F.group_norm(_ones(lib, "float64"), 3, _ones(lib, "float32", 3)),
    "bn eval b32": lambda lib, F: F.batch_norm(_ones(lib, "float64"), _ones(lib, "float64", 3),
                                               _ones(lib, "float64", 3), _ones(lib, "float64", 3),
                                               _ones(lib, "float32", 3), training=False),
    "bn eval rm32": lambda lib, F: F.batch_norm(_ones(lib, "float64"), _ones(lib, "float32", 3),
                                                _ones(lib, "float32", 3), training=False),
    "bn eval x32 rm64": lambda lib, F: F.batch_norm(_ones(lib, "float32"), _ones(lib, "float64", 3),
                                                    _ones(lib, "float64", 3), training=False),
    "bn train x64 w32": lambda lib, F: F.batch_norm(_ones(lib, "float64"), None, None, _ones(lib, "float32", 3),
                                                    training=True),
    "bn train x32 rm64": lambda lib, F: F.batch_norm(_ones(lib, "float32"), _ones(lib, "float64", 3),
                                                     _ones(lib, "float64", 3), training=True),
    "in x64 w32": lambda lib, F: F.instance_norm(_ones(lib, "float64"), weight=_ones(lib, "float32", 3)),
    "in x32 rm64": lambda lib, F: F.instance_norm(_ones(lib, "float32"), _ones(lib, "float64", 3),
                                                  _ones(lib, "float64", 3)),
}


@pytest.mark.parametrize("case", sorted(NORM_DTYPES))
def test_norms_of_mixed_dtypes_as_torch(case):
    """torch's CPU rules: a parameter whose dtype differs from the input's is refused (in mixed_type.h's words or
    the kernel's); rms_norm (a composite) computes in the promoted dtype and returns the input's."""
    same(lambda lib: NORM_DTYPES[case](lib, lib.nn.functional))


@pytest.mark.parametrize("shape,groups", [((0, 1), 1), ((0, 4, 3), 2), ((2, 0, 3), 1), ((2, 4, 0), 2)])
def test_group_norm_of_an_empty_tensor(shape, groups):
    def run(lib):
        x = lib.zeros(shape, dtype=lib.float64, requires_grad=True)
        w = lib.ones(shape[1], dtype=lib.float64, requires_grad=True)
        y = lib.nn.functional.group_norm(x, groups, w)
        y.sum().backward()
        return y, x.grad, w.grad
    same(run)


@pytest.mark.parametrize("op", ["add_(0.5)", "mul_(2)", "sub_(lib.tensor([[1., 2.], [3., 4.]], dtype=lib.float64))",
                                "exp_()", "clamp_(-1, 0.5)", "fill_(3)", "zero_()", "div_(3)", "neg_()", "pow_(2)"])
def test_inplace_on_an_overlapping_as_strided_view_runs_element_by_element(op):
    """torch's kernel reads and writes an overlapping view's elements one by one: a shared element gets the op twice."""
    def run(lib):
        base = lib.tensor([[0.548, -0.921, -1.836], [-1.934, 1.253, 7.5]], dtype=lib.float64) * 1
        v = base.as_strided_((2, 2), (1, 1), 1)
        eval("v." + op, {"v": v, "lib": lib})
        w = lib.arange(10, dtype=lib.float64).as_strided((3, 3), (2, 1))   # rows overlapping by one element
        eval("w." + op, {"v": w, "w": w, "lib": lib}) if "tensor" not in op else None
        return v, w
    same(run)


@pytest.mark.parametrize("call", [
    lambda lib: lib.ones(3, 1).bitwise_left_shift_(lib.ones(3, 3, 1, dtype=lib.int64)),
    lambda lib: lib.ones(3, 1).bitwise_and_(lib.ones(3, 3, 1, dtype=lib.int64)),
    lambda lib: lib.ones(3, 1, dtype=lib.int64).bitwise_left_shift_(lib.ones(3, 3, 1)),
    lambda lib: lib.ones(3, 1).bitwise_left_shift_(lib.ones(3, 1, dtype=lib.int64)),
    lambda lib: lib.ones(3, 1).bitwise_xor_(lib.ones(1)),
    lambda lib: lib.ones(3, 2).bitwise_or_(lib.ones(3, 3, dtype=lib.int64)),
])
def test_an_inplace_kernel_checks_shapes_before_dtypes(call):
    same(call)


@pytest.mark.parametrize("fn", ["svd", "svdvals", "pinv", "matrix_rank", "pinverse"])
def test_svd_of_a_nan_matrix_fails_as_torchs_lapack(fn):
    """torch's gesdd: a NaN fails (naming the batch element), an infinity gives NaN singular values."""
    def run(lib):
        nan = float("nan")
        x = lib.tensor([[[1.0, 2.0], [3.0, 4.0]], [[1.0, nan], [0.0, 1.0]]])
        f = getattr(lib, fn) if fn == "pinverse" else getattr(lib.linalg, fn)
        return f(x)
    same(run)
    same(lambda lib: (lib.linalg.svdvals(lib.tensor([[float("inf"), 0.0], [0.0, 1.0]])),
                      lib.linalg.matrix_rank(lib.tensor([[float("inf"), 0.0], [0.0, 1.0]]))))


def test_the_fuzzer_compares_factorizations_of_infinities_without_values():
    from fuzz_core import Program, _first_libm_line, compare, run_program

    import ember
    import torch
    prog = Program([("v0 = torch.tensor([[1.124, -0.623], [-1.65, -1.076], [0.0, float('inf')]])", "v0"),
                    ("v1 = v0 * 1", "v1"), ("v2 = v1.pinverse()", "v2"), ("v3 = v2 + 1", "v3")])
    tt, te = run_program(torch, prog), run_program(ember, prog)
    assert _first_libm_line(prog, tt) == 2
    te.snaps[3] = dict(te.snaps[3], value=te.snaps[3]["value"] * 0 + 7.0)    # another LAPACK's answer
    compare(prog, te, tt)
    te.snaps[1] = dict(te.snaps[1], value=te.snaps[1]["value"] * 0.5)         # before it: still compared
    with pytest.raises(AssertionError):
        compare(prog, te, tt)
    finite = Program([("v0 = torch.tensor([[1.0, 2.0], [3.0, 4.0]])", "v0"), ("v1 = v0.pinverse()", "v1")])
    assert _first_libm_line(finite, run_program(torch, finite)) is None


@pytest.mark.parametrize("index", [((0,), "float32"), ((0,), "int64"), ((0, 1), "int64"), ((0, 2), "float64"),
                                   ((3,), "float32")])
@pytest.mark.parametrize("dim", [1, 5])
def test_gather_of_an_empty_index_returns_before_any_check(index, dim):
    """torch: an empty index gives an empty result of its shape (no dim or dtype check); backward checks the dim."""
    shape, dt = index

    def run(lib):
        x = lib.zeros((0, 1), dtype=lib.float64, requires_grad=True)
        r = x.gather(dim, lib.zeros(shape, dtype=getattr(lib, dt)))
        r.sum().backward()
        return r, x.grad
    same(run)


@pytest.mark.parametrize("shape,key", [
    ((3,), slice(None, 5)), ((3,), slice(0, None)), ((3,), slice(-3, None)), ((3,), slice(None, 3)),
    ((0,), slice(1, None)), ((0,), slice(None, 1)), ((0,), slice(-1, None)), ((3,), slice(None, None, 1)),
    ((3,), slice(-5, None)), ((0, 2), (Ellipsis, slice(1, None))), ((2, 2), (Ellipsis, slice(None))),
    ((2, 3), (slice(None), slice(0, 3))), ((2, 3), (Ellipsis, slice(0, 2))), ((2, 3), (slice(None), Ellipsis)),
])
def test_setitem_fills_in_place_only_when_the_key_is_literally_whole(shape, key):
    """torch's test for `x[key] = v` skipping the slice: start 0 (not -n), stop >= n, step 1, the dims after
    `...` being the trailing ones; else the write goes through a view (CopySlices)."""
    def run(lib):
        v0 = lib.zeros(shape, dtype=lib.float64, requires_grad=True)
        v = v0 * 2
        v[key] = 0.5
        v.sum().backward()
        return v, v0.grad
    same(run)


POOL_ERRORS = {
    "avg1d stride -1": lambda F, x: F.avg_pool1d(x, 1, -1), "avg1d kernel 0": lambda F, x: F.avg_pool1d(x, 0),
    "max1d stride -1": lambda F, x: F.max_pool1d(x, 1, -1), "max1d kernel 0": lambda F, x: F.max_pool1d(x, 0),
    "max1d dilation 0": lambda F, x: F.max_pool1d(x, 2, 1, 0, 0), "max1d kernel -1": lambda F, x: F.max_pool1d(x, -1),
    "avg2d stride -1": lambda F, x: F.avg_pool2d(x[None], (1, 1), (-1, 1)),
    "max2d kernel 0": lambda F, x: F.max_pool2d(x[None], 0), "avg1d kernel -1": lambda F, x: F.avg_pool1d(x, -1, 1),
    "avg2d kernel -1": lambda F, x: F.avg_pool2d(x[None], (-1, 2), 1),
    "max2d dilation -1": lambda F, x: F.max_pool2d(x[None], 2, 1, 0, -1),
    "max3d stride -1": lambda F, x: F.max_pool3d(x[None, None], 2, -1),
    "avg3d kernel -1": lambda F, x: F.avg_pool3d(x[None, None], (1, 1, -1), 1),
    "max1d stride []": lambda F, x: F.max_pool1d(x, 2, []),
}


@pytest.mark.parametrize("case", sorted(POOL_ERRORS))
def test_pool_geometry_errors_as_torch(case):
    same(lambda lib: POOL_ERRORS[case](lib.nn.functional, lib.ones(1, 2, 5)))


def test_sgn_gradient_accumulates_where_torchs_zero_tensor_fails():
    """torch: sgn's gradient of a real tensor is an immutable ZeroTensor kept as .grad, so a second backward fails
    ("ZeroTensors are immutable"), a torch artifact: ember accumulates the zeros, and the fuzzer skips the case."""
    from fuzz_core import Program, compare, run_program

    import ember
    import torch
    x = ember.ones(2, dtype=ember.float64, requires_grad=True)
    loss = ember.sgn(x.exp()).sum()
    loss.backward(retain_graph=True)
    loss.backward()
    assert x.grad.tolist() == [0.0, 0.0]
    prog = Program([("v0 = torch.ones((2,), dtype=torch.float64, requires_grad=True)", "v0"),
                    ("v1 = torch.sgn(v0)", "v1"), ("loss = v1.sum()", None),
                    ("loss.backward(retain_graph=True); loss.backward()", None)])
    tt, te = run_program(torch, prog), run_program(ember, prog)
    assert "ZeroTensors are immutable" in tt.error[2] and te.error is None
    compare(prog, te, tt)


@pytest.mark.parametrize("shapes", [((1,), (2, 3)), ((2, 3), (1,)), ((3,), (2, 3)), ((2,), (3,))])
@pytest.mark.parametrize("reduction", ["mean", "none"])
def test_soft_margin_loss_writes_into_an_input_shaped_output(shapes, reduction):
    """torch's kernel: a target that broadcasts the input to a larger shape is refused."""
    same(lambda lib: lib.nn.functional.soft_margin_loss(lib.ones(shapes[0]) * 0.5, lib.ones(shapes[1]),
                                                          reduction=reduction))


@pytest.mark.parametrize("name", ["logsigmoid", "gelu", "relu", "silu", "softplus", "elu", "mish", "hardswish"])
def test_activation_results_have_torchs_layout(name):
    """torch's TensorIterator gives an activation of a transposed input the input's layout (log_sigmoid's
    buffered kernel: C order), which decides whether a later view works and reshape's node."""
    def run(lib):
        x = lib.tensor([[-1.455, 0.561], [0.905, 0.525]], dtype=lib.float64).transpose(0, -1).requires_grad_()
        y = getattr(lib.nn.functional, name)(x)
        return y.stride(), y.reshape((4,)), y.view(4) if y.is_contiguous() else y.is_contiguous()
    same(run)


def test_nonzero_is_column_major_as_torchs():
    def run(lib):
        x = lib.tensor([[-1.455, 0.0, -0.905], [1.0, 2.0, 0.0]])
        r = lib.argwhere(x)
        return r.stride(), lib.nonzero(x).stride(), lib.nonzero(lib.ones(3)).stride(), r.reshape(-1), r.t().view(-1)
    same(run)


@pytest.mark.parametrize("dtypes", [("float64", "float32"), ("float32", "float64"), ("float64", "float16")])
@pytest.mark.parametrize("p", [1, 2, 0, float("inf"), 1.5])
def test_cdist_of_mixed_dtypes_fails_as_torchs_kernel(dtypes, p):
    same(lambda lib: lib.cdist(lib.ones(3, 2, dtype=getattr(lib, dtypes[0])),
                               lib.ones(4, 2, dtype=getattr(lib, dtypes[1])), p=p))


@pytest.mark.parametrize("shapes", [((0, 2, 1), (0, 1, 1)), ((3, 0, 2), (3, 2, 1)), ((2, 2, 0), (2, 0, 3))])
@pytest.mark.parametrize("dtypes", [("float64", "float32"), ("float32", "float64")])
def test_an_empty_bmm_of_mixed_dtypes_is_mat2s_dtype(shapes, dtypes):
    """torch's bmm returns before its dtype check when the product is empty; the result has mat2's dtype."""
    def run(lib):
        a = lib.zeros(shapes[0], dtype=getattr(lib, dtypes[0]), requires_grad=True)
        b = lib.zeros(shapes[1], dtype=getattr(lib, dtypes[1]))
        r = a @ b
        r.sum().backward()
        return r, lib.bmm(a.detach(), b), a.grad
    same(run)


@pytest.mark.parametrize("target", ["bool", "int64", "float64"])
def test_mse_loss_of_a_bool_target_differentiates_twice(target):
    """torch's backward kernel reads a bool or int target in the input's dtype (no bool-subtraction error)."""
    def run(lib):
        v0 = lib.tensor([0.5, -1.0], dtype=lib.float64, requires_grad=True)
        t = (v0 < 0).to(getattr(lib, target))
        g, = lib.autograd.grad(lib.nn.functional.mse_loss(v0.abs(), t), [v0], create_graph=True)
        (g * lib.tensor([1.0, 2.0], dtype=lib.float64)).sum().backward()
        return g, v0.grad
    same(run)


@pytest.mark.parametrize("view", ["flatten", "view", "t", "row", "reshape_t"])
@pytest.mark.parametrize("loss", ["mm", "mul", "mmr", "tmul"])
@pytest.mark.parametrize("order", [1, 2])
def test_an_inplace_op_on_a_reshaped_view_gets_every_gradient(view, loss, order):
    """CopySlices lays its gradient out as the base before it replays the view: a transposed incoming gradient
    made the replayed reshape a copy, and the in-place op's gradient was lost (first and second order)."""
    def run(lib):
        v0 = lib.tensor([[1.455, 0.905], [0.561, 0.525]], dtype=lib.float64, requires_grad=True)
        base = v0 + 0.5
        v2 = base.t() if view == "reshape_t" else base
        w = {"flatten": lambda: v2.flatten(), "view": lambda: v2.view(4), "t": lambda: v2.t(), "row": lambda: v2[0],
             "reshape_t": lambda: v2.reshape(4)}[view]()
        w.pow_(2)
        f = {"mm": lambda: (v0 @ v2).sum(), "mul": lambda: (v0 * v2).sum(), "mmr": lambda: (v2 @ v0).sum(),
             "tmul": lambda: (v0.t() * v2).sum()}[loss]()
        if order == 1:
            f.backward()
            return v0.grad
        g, = lib.autograd.grad(f, [v0], create_graph=True)
        (g * lib.tensor([[0.27, -0.46], [-0.92, -0.97]], dtype=lib.float64)).sum().backward()
        return g, v0.grad
    same(run)


@pytest.mark.parametrize("op", ["lcm_", "gcd_"])
def test_integer_inplace_ops_check_the_leaf_before_the_dtype(op):
    same(lambda lib: getattr(lib, op)(lib.tensor(1.455, dtype=lib.float64, requires_grad=True),
                                      lib.tensor(1.455, dtype=lib.float64)))
    same(lambda lib: getattr(lib.ones(2), op)(lib.ones(2)))


@pytest.mark.parametrize("args", [(), (3,), ((1, 3),), ([],), (1.5,)])
def test_sum_to_size_arguments_as_torch(args):
    same(lambda lib: lib.ones(2, 3).sum_to_size(*args))


def test_roll_of_a_0d_tensor_stays_0d():
    same(lambda lib: _grad_of(lib, lambda m: m.tensor(1.5, dtype=m.float64, requires_grad=True),
                              lambda m, x: x.exp().roll(0)))
    same(lambda lib: lib.tensor(2.0).roll(3, 0))


@pytest.mark.parametrize("second", ["unsqueeze", "view", "t"])
def test_an_inplace_op_through_a_view_of_a_view_reaches_both_uses(second):
    """``v3 = v1.unsqueeze(0).reshape(()); v3.add_(v0)``, then ``v1 @ v2``: both views of the base carry the
    in-place op's gradient (ember once passed half of it)."""
    def run(lib):
        v0 = lib.tensor(1.455, dtype=lib.float64, requires_grad=True)
        v1 = lib.tensor([1.455], dtype=lib.float64)
        v2 = {"unsqueeze": lambda: v1.unsqueeze(0), "view": lambda: v1.view(1, 1),
              "t": lambda: v1.unsqueeze(1).t()}[second]()
        v2.reshape(()).add_(v0)
        out = v1 @ v2
        out.sum().backward()
        return out, v0.grad
    same(run)


@pytest.mark.parametrize("use", ["numpy", "float", "array"])
def test_a_view_whose_base_changed_through_another_view_requires_grad(use):
    """The flag checks read a stale view's requires_grad afresh, as torch's do."""
    def run(lib):
        import numpy as np
        v0 = lib.tensor(1.5, dtype=lib.float64, requires_grad=True)
        v1 = lib.tensor([1.5], dtype=lib.float64)
        v2 = v1.unsqueeze(0)
        v1.view(()).mul_(v0)
        out = {"numpy": v2.numpy, "float": lambda: float(v2), "array": lambda: np.asarray(v2).copy()}[use]()
        (v2 * 3).sum().backward()
        return out, v0.grad
    same(run)


@pytest.mark.parametrize("use", ["register_hook", "retain_grad"])
def test_a_hook_on_a_view_whose_base_changed_through_another_view(use):
    """torch crashes (register_hook) or drops the gradient (retain_grad) on such a view; ember gives what the
    same program gives in torch with the view taken after the in-place op."""
    def run(lib, stale):
        v0 = lib.tensor(1.5, dtype=lib.float64, requires_grad=True)
        v1 = lib.tensor([1.5], dtype=lib.float64)
        v2 = v1.unsqueeze(0) if stale else None
        v1.view(()).mul_(v0)
        if v2 is None:
            v2 = v1.unsqueeze(0)
        seen = []
        if use == "register_hook":
            v2.register_hook(lambda g: seen.append(g.clone()))
        else:
            v2.retain_grad()
        (v2 * 3).sum().backward()
        return seen, v2.grad if use == "retain_grad" else None, v0.grad
    assert_same(behave.run(lambda lib: run(lib, True), "ember"), behave.run(lambda lib: run(lib, False), "torch"))


@pytest.mark.parametrize("extra", [None, "prepend", "append"])
@pytest.mark.parametrize("make", ["empty", "row", "t", "bool"])
def test_diff_of_order_0_is_a_copy(make, extra):
    """torch's ``diff(n=0)`` copies input into zeros of its layout (``CopyBackwards``), whatever is joined on."""
    def run(lib):
        x = {"empty": lambda: lib.zeros(0, dtype=lib.float64, requires_grad=True),
             "row": lambda: lib.tensor([1.0, 2.0], requires_grad=True),
             "t": lambda: lib.ones(3, 2).t().requires_grad_(),
             "bool": lambda: lib.tensor([True, False])}[make]()
        kw = {} if extra is None else {extra: lib.ones(*x.shape[:-1], 1, dtype=x.dtype)}
        out = x.diff(0, **kw)
        if out.requires_grad:
            out.sum().backward()
        return out, out.stride(), x.grad
    same(run)


@pytest.mark.parametrize("shape,groups", [((1, 1), -1), ((2, 4), -2), ((2, 4), 0), ((1, 4), 4), ((2, 4), 3)])
def test_group_norm_checks_num_groups_as_torch(shape, groups):
    same(lambda lib: lib.nn.functional.group_norm(lib.ones(*shape), groups))


_INDEX_COPY_CASES = [
    ((3,), 0, [1], [[1.0, 2.0, 3.0]]), ((3,), 0, [1, 2], 5.0), ((3,), 0, [1], 5.0), ((), 0, [0], [5.0]),
    ((), 0, [0, 0], [5.0, 6.0]), ((2, 3), 0, [1], [1.0, 2.0, 3.0]), ((2, 3), 1, [1], [1.0, 2.0]),
    ((2, 3), 0, [1], [[1.0, 2.0]]), ((2, 3), 0, [1, 0], [[1.0, 2.0, 3.0]]), ((2, 3), 0, [1.0], [[1.0, 2.0, 3.0]]),
    ((2, 3), 0, [1], [[1, 2, 3]]), ((2, 3), 0, [[1]], [[1.0, 2.0, 3.0]]), ((2, 3), 0, [5], [[1.0, 2.0, 3.0]]),
    ((2, 3, 4), 1, [0], [[[1.0]]]), ((2, 3), 0, [1], [[[1.0, 2.0, 3.0]]]), ((2, 3, 4), -1, [0, 1], [[[1.0]]]),
]


@pytest.mark.parametrize("inplace", [False, True])
@pytest.mark.parametrize("shape,dim,index,source", _INDEX_COPY_CASES)
def test_index_copy_checks_in_torch_order(shape, dim, index, source, inplace):
    """torch's checks, in its order: the index's dims, a scalar source's one index, the dimensionalities, the
    dtypes, the slice shapes (space-separated), the number of indices."""
    same(lambda lib: getattr(lib.zeros(shape), "index_copy_" if inplace else "index_copy")(
        dim, lib.tensor(index), lib.tensor(source)))


@pytest.mark.parametrize("shape,index,dim", [((0, 1), [[2, 1, 1, 0], [0, 0, 0, 0]], 1), ((3, 2), [[0], [1]], 1),
                                             ((2, 3), [[0, 1]], 0), ((2, 3, 4), [[[0]], [[1]], [[0]]], 2)])
def test_take_along_dim_that_does_not_broadcast_is_torchs_error(shape, index, dim):
    same(lambda lib: lib.take_along_dim(lib.zeros(shape), lib.tensor(index), dim))


@pytest.mark.parametrize("args", [(0, 0), (-1, 0), (0, -1), ((0,), (0,)), ((), ()), (1, 0), ((0, 0), (0, 0))])
@pytest.mark.parametrize("name", ["movedim", "moveaxis"])
def test_movedim_of_a_0d_tensor_is_its_alias(name, args):
    """torch checks the dims, then returns a 0-d tensor's alias (AliasBackward0, a view)."""
    def run(lib):
        x = lib.tensor(1.5, dtype=lib.float64, requires_grad=True)
        y = x.exp()
        out = getattr(lib, name)(y, *args)
        out.backward()
        return out, out._base is y, x.grad
    same(run)


@pytest.mark.parametrize("eps", [-1.0, -0.2, 0.0, 0.1, 0.5, 0.7, None])
@pytest.mark.parametrize("fn", ["logit", "special.logit", "logit_"])
def test_logit_clamps_and_zeroes_the_gradient_for_any_given_eps(fn, eps):
    """Under create_graph torch's gradient (infinitely_differentiable_logit_backward) is zero outside ``[eps,
    1 - eps]`` for a negative eps too; first and second order. (A plain backward is its kernel: the next test.)"""
    def run(lib):
        x = lib.tensor([-1.5, -0.5, 0.3, 1.0, 1.77, 2.287], dtype=lib.float64, requires_grad=True)
        if fn == "logit_":
            y = (x * 1).logit_(eps)
        else:
            y = (lib.special.logit if fn == "special.logit" else lib.logit)(x, eps)
        g, = lib.autograd.grad(y.sum(), [x], create_graph=True)
        g2, = lib.autograd.grad((g * lib.tensor([0.3, -0.2, 0.5, 1.0, 0.7, 0.1], dtype=lib.float64)).sum(), [x])
        return y, g, g2
    same(run)


_PERMUTED_KEYS = {
    "t01[[0]]": lambda x: x.transpose(0, 1)[[0]], "t12[[0]]": lambda x: x.transpose(1, 2)[[0]],
    "t02[[0,1]]": lambda x: x.transpose(0, 2)[[0, 1]], "t02[:,[0,1]]": lambda x: x.transpose(0, 2)[:, [0, 1]],
    "t02[:,:,[0,1]]": lambda x: x.transpose(0, 2)[:, :, [0, 1]],
    "p[[0,1],:,[1,0]]": lambda x: x.permute(2, 0, 1)[[0, 1], :, [1, 0]],
    "p[0,[1,0]]": lambda x: x.permute(2, 0, 1)[0, [1, 0]],
    "p[[[0],[1]],[1,0]]": lambda x: x.permute(1, 2, 0)[[[0], [1]], [1, 0]],
    "p[None,[1,0]]": lambda x: x.permute(1, 2, 0)[None, [1, 0]],
    "p[...,[1,0]]": lambda x: x.permute(1, 2, 0)[..., [1, 0]],
    "p[[1,0],...,0]": lambda x: x.permute(1, 2, 0)[[1, 0], ..., 0], "c[[0,1]]": lambda x: x[[0, 1]],
    "slice[::2][:,[0]]": lambda x: x[:, ::2][:, [0]], "p[mask]": lambda x: x.permute(2, 0, 1)[x.permute(2, 0, 1) > 5],
    "p[2-d index]": lambda x: x.permute(2, 1, 0)[x.new_tensor([[0, 1], [1, 0]]).long().t()],
    "p[:, 2-d index]": lambda x: x.permute(2, 1, 0)[:, x.new_tensor([[0, 1], [1, 0]]).long().t()],
    "p[[0,1],[[1],[0]]]": lambda x: x.permute(2, 1, 0)[[0, 1], [[1], [0]]],
}


@pytest.mark.parametrize("key", sorted(_PERMUTED_KEYS))
def test_advanced_index_of_a_permuted_tensor_has_torchs_layout(key):
    """torch's index result follows its input's dim order (TensorIterator over the restrided input): its strides,
    and so whether a later view or flatten copies (UnsafeViewBackward0) or views (ViewBackward0)."""
    def run(lib):
        x = lib.arange(24.0, dtype=lib.float64).reshape(2, 3, 4).requires_grad_()
        y = _PERMUTED_KEYS[key](x)
        z = y.flatten()
        (z * lib.arange(float(z.numel()), dtype=lib.float64)).sum().backward()
        return y, y.stride(), y.is_contiguous(), z, x.grad
    same(run)


@pytest.mark.parametrize("args,kw", [
    ((3.0, 2.0), {}), ((3.0,), {"alpha": 2.0}), (("ones", 2.0), {}), (("ones",), {"alpha": 2.0}), ((3,), {"alpha": 2}),
    ((float("nan"), float("nan")), {}), ((3.0, True), {}), ((3.0, 2.0, 1.0), {}), (("a",), {}),
    ((3.0,), {"alpha": "x"}), ((3.0, 0.5), {}),
])
def test_rsub_takes_alpha_as_torch(args, kw):
    """torch's two overloads: a number ``other`` takes ``alpha`` positionally, a tensor one only by keyword; one
    ``RsubBackward1`` node keeps alpha (ember's took alpha by keyword only and recorded a product first)."""
    def run(lib):
        x = lib.tensor([1.0, 2.0], dtype=lib.float64, requires_grad=True)
        a = tuple(lib.ones(2, dtype=lib.float64) if v == "ones" else v for v in args)
        r = lib.rsub(x, *a, **kw)
        g, = lib.autograd.grad(r.sum(), [x], create_graph=True)
        return r, r.grad_fn._saved_alpha, r.grad_fn.next_functions, g
    same(run)


@pytest.mark.parametrize("x,other,alpha", [([1, 2], 3, 2.0), ([1, 2], 3.5, 2), ([True], True, 2), ([1.0, 2.0], 3, True),
                                           ([1, 2], 3, 2), ([1, 2], [3], 2.0), ([1.0, 2.0], [3], 2)])
def test_rsub_checks_alpha_against_the_result_dtype(x, other, alpha):
    same(lambda lib: lib.rsub(lib.tensor(x), lib.tensor(other) if isinstance(other, list) else other, alpha=alpha))


_INF_CASES = {
    "sum": lambda t, x, v: x.sum(), "sum1": lambda t, x, v: x.sum(1), "mean": lambda t, x, v: x.mean(),
    "mm": lambda t, x, v: x @ x, "mv": lambda t, x, v: x @ v, "linear": lambda t, x, v: t.nn.functional.linear(x, x),
    "linear_bias": lambda t, x, v: t.nn.functional.linear(x, x, v), "bmm": lambda t, x, v: x[None] @ x[None],
    "einsum": lambda t, x, v: t.einsum("ij,jk->ik", x, x), "nansum": lambda t, x, v: x.nansum(1),
    "batched": lambda t, x, v: x[None].expand(2, 2, 2) @ x, "inner": lambda t, x, v: t.inner(x, x),
    "addmv": lambda t, x, v: t.addmv(v, x, v), "baddbmm": lambda t, x, v: t.baddbmm(x[None], x[None], x[None]),
    "addbmm": lambda t, x, v: t.addbmm(x, x[None], x[None]), "tensordot": lambda t, x, v: t.tensordot(x, x, 1),
    "multi_dot": lambda t, x, v: t.linalg.multi_dot([x, x, x]), "trapezoid": lambda t, x, v: t.trapezoid(x),
    "cdist": lambda t, x, v: t.cdist(x, x), "addmm": lambda t, x, v: t.addmm(x, x, x),
    "matrix_power": lambda t, x, v: t.linalg.matrix_power(x, 2),
    "avg_pool1d": lambda t, x, v: t.nn.functional.avg_pool1d(x[None], 2),
    "layer_norm": lambda t, x, v: t.nn.functional.layer_norm(x, (2,)),
}


@pytest.mark.parametrize("case", sorted(_INF_CASES))
def test_no_numpy_warning_where_torch_computes_inf_minus_inf_silently(case):
    """A sum or product meeting +inf and -inf is NaN in torch, silently; NumPy warned through ember (every op's
    forward now runs quiet unless it silences NumPy itself)."""
    import warnings

    def run(lib):
        inf = float("inf")
        x = lib.tensor([[inf, -inf], [1.0, 2.0]], dtype=lib.float64, requires_grad=True)
        with warnings.catch_warnings():
            if lib.__name__ == "ember":
                warnings.simplefilter("error", RuntimeWarning)
            r = _INF_CASES[case](lib, x, x[0])
            r.backward(lib.ones_like(r))
        return r, x.grad
    same(run)


@pytest.mark.parametrize("base_requires_grad", [False, True])
@pytest.mark.parametrize("op", ["index_put", "fill", "zero", "masked_fill"])
def test_inplace_through_an_expanded_view_raises_only_where_torch_copies(op, base_requires_grad):
    """torch's CopySlices copies the view's gradient into the base's through the (repeated) view, which is its
    overlap error, only when the base had a gradient to pass on: ``v1.expand(...)[[0]] = v`` of a plain base
    backpropagates (ember raised)."""
    import warnings

    def run(lib):
        v0 = lib.tensor(1.455, dtype=lib.float64, requires_grad=True)
        w = lib.tensor([[[1.455]]], dtype=lib.float64, requires_grad=True)
        v1 = w * 1 if base_requires_grad else lib.tensor([[[1.455]]], dtype=lib.float64)
        v2 = v1.expand(1, 1, 2)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")     # torch's deprecation of index_put_ on expanded tensors
            if op == "index_put":
                v2[[0]] = v0.exp().reshape(1, 1, 1).expand(1, 1, 2)
            elif op == "fill":
                v2.fill_(v0)
            elif op == "zero":
                v2.zero_()
            else:
                v2.masked_fill_(lib.tensor([[[True, False]]]), v0)
        (v2 * lib.tensor([1.0, 2.0], dtype=lib.float64)).sum().backward()
        return v2, v0.grad, w.grad
    same(run)


@pytest.mark.parametrize("create_graph", [False, True])
@pytest.mark.parametrize("modify", ["result", "input"])     # (unchanged: torch's gradient is a ZeroTensor)
def test_sgn_saves_its_input_and_result_as_torch(modify, create_graph):
    """torch's SgnBackward0 saves self and result: an in-place change of its result is its error at backward
    (ember saved the input alone and passed)."""
    def run(lib):
        v0 = lib.tensor([1.455, -0.5, 0.0], dtype=lib.float64, requires_grad=True)
        x = v0 * 1
        y = x.sgn()
        if modify == "result":
            y.abs_()
        elif modify == "input":
            x.mul_(2)
        gs = lib.autograd.grad(y.sum(), [v0], create_graph=create_graph, allow_unused=True)
        return sorted(a for a in dir(y.grad_fn) if a.startswith("_saved")), gs
    same(run, msg_upto="instead.")     # (ember then names the line of the in-place op)


@pytest.mark.parametrize("create_graph", [False, True])
@pytest.mark.parametrize("shape", [(), (2, 3)])
@pytest.mark.parametrize("dtypes,grads", [
    (("float64", "float32", "float32"), (True, True, True)), (("float32", "float64", "float32"), (True, True, True)),
    (("float32", "float32", "float64"), (True, True, True)), (("float64", "float32", "float64"), (False, True, False)),
    (("float64", "float32", "float64"), (True, False, True)), (("int64", "float32", "float32"), (False, True, True)),
    (("float64", "float16", "float16"), (False, False, True)),
])
def test_addr_of_mixed_dtypes_as_torch(dtypes, grads, shape, create_graph):
    """torch promotes a 0-d input as a tensor (it is expanded first), and its backward's ``grad.mv(vec)`` refuses a
    vector of another dtype, for the gradients it needs only (ember: float32 for a 0-d float64 input; products of
    mixed dtypes in one mode and not the other)."""
    def run(lib):
        ts = [lib.ones(s, dtype=getattr(lib, d), requires_grad=r)
              for s, d, r in zip((shape, (2,), (3,)), dtypes, grads)]
        r = lib.addr(*ts)
        return r, lib.autograd.grad(r.sum(), [t for t in ts if t.requires_grad], create_graph=create_graph)
    same(run)


@pytest.mark.parametrize("op", ["lcm", "gcd"])
@pytest.mark.parametrize("n", [0, 2])
def test_lcm_of_floats_is_torchs_kernel_error(op, n):
    same(lambda lib: getattr(lib, op)(lib.zeros(n, dtype=lib.float64, requires_grad=True),
                                      lib.zeros(n, dtype=lib.float64)))


@pytest.mark.parametrize("target", ["0-d f64", "same f32", "row f64", "0-d f32"])
@pytest.mark.parametrize("loss", ["mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss"])
def test_pointwise_losses_broadcast_first_as_torch(loss, target):
    """torch's F.mse_loss / l1_loss / smooth_l1_loss broadcast input and target first (ExpandBackward0 where a
    shape differs), so a 0-d float64 target promotes a float32 input as a tensor would (huber_loss does not)."""
    import warnings

    def run(lib):
        x = lib.ones(2, 3, requires_grad=True)
        shape, dt = {"0-d f64": ((), "float64"), "same f32": ((2, 3), "float32"), "row f64": ((3,), "float64"),
                     "0-d f32": ((), "float32")}[target]
        t = lib.full(shape, 0.5, dtype=getattr(lib, dt), requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")     # the target-size warning
            r = getattr(lib.nn.functional, loss)(x, t)
        r.backward()
        return r, [type(n).__name__ for n, _ in r.grad_fn.next_functions], x.grad, t.grad
    same(run)


@pytest.mark.parametrize("value", [float("nan"), 2.0, "tensor"])
@pytest.mark.parametrize("mask", [True, False])
def test_masked_fill_of_a_0d_tensor_stays_0d(mask, value):
    """``np.ascontiguousarray`` makes a 0-d array 1-d: masked_fill's 0-d result came back of shape ``(1,)``."""
    def run(lib):
        x = lib.tensor(1.455, dtype=lib.float64, requires_grad=True)
        v = lib.tensor(3.0, dtype=lib.float64) if value == "tensor" else value
        r = x.masked_fill(lib.tensor(mask), v)
        r.backward()
        return r, x.grad
    same(run)


@pytest.mark.parametrize("case", ["take", "take_grid", "masked_select_true", "masked_select_false", "index_add_1",
                                  "index_add_0", "index_add_src0", "index_add_src2"])
def test_0d_inputs_of_index_ops_as_torch(case):
    """A 0-d index gives take a 0-d result; masked_select takes a 0-d input; index_add compares the dims as given
    (a 0-d self with a 1-element source is torch's error)."""
    def run(lib):
        x = lib.tensor(1.5, dtype=lib.float64, requires_grad=True)
        one = lib.tensor([0.5], dtype=lib.float64)
        r = {"take": lambda: x.take(lib.tensor(0)),
             "take_grid": lambda: lib.ones(2, 3, dtype=lib.float64, requires_grad=True).take(lib.tensor([[0, 5]])),
             "masked_select_true": lambda: x.masked_select(lib.tensor(True)),
             "masked_select_false": lambda: x.masked_select(lib.tensor(False)),
             "index_add_1": lambda: (x * 1).index_add(0, lib.tensor([0]), one),
             "index_add_0": lambda: (x * 1).index_add(0, lib.tensor(0), lib.tensor(0.5, dtype=lib.float64)),
             "index_add_src0": lambda: lib.zeros(3, dtype=lib.float64).index_add(0, lib.tensor([0]), lib.tensor(0.5)),
             "index_add_src2": lambda: lib.zeros(3).index_add(0, lib.tensor([0]), lib.ones(1, 1))}[case]()
        if r.requires_grad:
            r.sum().backward()
        return r, x.grad
    same(run)


@pytest.mark.parametrize("call", ["method", "function"])
@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_without_dim_is_torchs_type_error(name, call):
    """torch.softmax and Tensor.softmax need a dim (only F.softmax has the implicit one, with its warning)."""
    def run(lib):
        x = lib.ones(2, 3)
        return getattr(x, name)() if call == "method" else getattr(lib, name)(x)
    same(run)


@pytest.mark.parametrize("op", ["add", "mul", "atan2", "rsub", "maximum", "where"])
def test_an_expanded_operand_cast_for_promotion_keeps_torchs_layout(op):
    """A float64 expanded leaf with an int64 expanded tensor: torch lays the result out C-contiguous (zero strides
    order nothing); NumPy's cast of the int operand had made it F-ordered, so ``view(4)`` failed in ember."""
    def run(lib):
        v0 = lib.tensor([[-1.455]], dtype=lib.float64).expand(2, 2).requires_grad_()
        v1 = lib.tensor([[2, 1]], dtype=lib.int64).expand(2, 2)
        r = {"add": lambda: v0 + v1, "mul": lambda: v0 * v1, "atan2": lambda: lib.atan2(v0, v1),
             "rsub": lambda: v1 - v0, "maximum": lambda: lib.maximum(v0, v1),
             "where": lambda: lib.where(v0 > 0, v0, v1)}[op]()
        flat = r.view(4)
        flat.sum().backward()
        return r.stride(), flat, v0.grad
    same(run)


@pytest.mark.parametrize("requires_grad", [True, False])
@pytest.mark.parametrize("wshape", [(), (3,), (3, 2), (2, 3, 1)])
@pytest.mark.parametrize("index", ["float", "long", "one"])
def test_embedding_checks_the_weight_first_as_torch(index, wshape, requires_grad):
    """torch reads a grad-requiring weight's size(0) while recording (a 0-d one: its IndexError), then checks the
    weight is 2-D, then the indices' dtype (ember checked the indices first)."""
    def run(lib):
        idx = {"float": lambda: lib.zeros(0), "long": lambda: lib.zeros(0, dtype=lib.long),
               "one": lambda: lib.tensor([0])}[index]()
        return lib.nn.functional.embedding(idx, lib.ones(wshape, requires_grad=requires_grad))
    same(run)


@pytest.mark.parametrize("op", ["exp", "sin", "sqrt", "sigmoid"])
@pytest.mark.parametrize("make", ["row", "column", "t"])
def test_a_float_op_of_an_expanded_int_tensor_has_torchs_layout(op, make):
    """NumPy's cast of an expanded int tensor laid it out F-ordered, and so the result: ``reshape`` then copied and
    an in-place op on it missed the result."""
    def run(lib):
        v = {"row": lambda: lib.tensor([[2, 1]]).expand(2, 2), "column": lambda: lib.tensor([[1], [2]]).expand(2, 3),
             "t": lambda: lib.tensor([[1, 2], [3, 4]]).t()}[make]()
        r = getattr(v, op)()
        flat = r.reshape(-1)
        flat.add_(0.5)
        return r.stride(), r
    same(run)


_BMM_SHAPES = [(), (3,), (2, 3), (2, 3, 4), (2, 4, 5), (1, 2, 3, 4), (3, 4, 5)]


@pytest.mark.parametrize("inplace", [False, True])
@pytest.mark.parametrize("op", ["baddbmm", "addbmm"])
@pytest.mark.parametrize("s1", _BMM_SHAPES)
@pytest.mark.parametrize("s2", _BMM_SHAPES)
@pytest.mark.parametrize("dtypes", ["fff", "dff", "fdf", "ffd"])
def test_baddbmm_and_addbmm_check_in_torchs_order(dtypes, s2, s1, op, inplace):
    """torch reads the result's sizes first (``size(dim)``'s IndexError on 0-d and 1-D batches), expands the
    input to them, then checks dtypes and ranks in an order of its own per op (ember checked the ranks first)."""
    def run(lib):
        dt = [lib.float32 if c == "f" else lib.float64 for c in dtypes]
        a, b, c = lib.zeros(3, 5, dtype=dt[0]), lib.zeros(s1, dtype=dt[1]), lib.zeros(s2, dtype=dt[2])
        return getattr(a, op + "_")(b, c) if inplace else getattr(lib, op)(a, b, c)
    same(run)


@pytest.mark.parametrize("shape", [(), (1,), (5,), (1, 5), (1, 1)])
def test_addbmm_inplace_resizes_a_broadcastable_self(shape):
    """torch's addbmm_ resizes a ``self`` that broadcasts to the product's shape (its out= kernel); the gradient
    reaches ``self``'s old shape through the node. (A ``(3, 1)`` self is left out: torch's kernel then reads
    its input through memory it has already overwritten, and its result is that accident.)"""
    def run(lib):
        leaf = lib.arange(float(max(1, int(lib.zeros(shape).numel())))).reshape(shape).requires_grad_()
        a = leaf.clone()
        r = a.addbmm_(lib.ones(2, 3, 4), lib.ones(2, 4, 5), beta=2)
        r.sum().backward()
        return r is a, a.shape, r, leaf.grad
    same(run)


@pytest.mark.parametrize("dim", [0, -1, 1, -2])
def test_size_and_stride_of_a_0d_tensor_name_the_dim(dim):
    same(lambda lib: lib.zeros(()).size(dim))
    same(lambda lib: lib.zeros(()).stride(dim))


@pytest.mark.parametrize("shape", [(0,), (0, 2), (2, 0), (3, 0), (2, 3), (2, 3, 4), ()])
@pytest.mark.parametrize("dim", [0, 1, -1])
@pytest.mark.parametrize("index", [[0], [], [5], [-1], [1, 7, -3]])
def test_index_select_range_errors_are_torchs(index, dim, shape):
    """A 1-D empty input's out-of-range index is torch's IndexError (ember said "dim should be positive"); torch's
    empty-input and dim-1 kernels raise a RuntimeError of their own."""
    same(lambda lib: lib.zeros(shape, requires_grad=True).index_select(dim, lib.tensor(index, dtype=lib.long)))


@pytest.mark.parametrize("loss", ["smooth_l1_loss", "huber_loss"])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_smooth_l1_and_huber_backward_are_torchs_kernel_nodes(reduction, loss):
    """torch's gradient is one kernel call per operand (the target's with the operands swapped), so a NaN difference
    gives NaN to both (ember's ``sign`` gave 0); under create_graph each is a ``*LossBackwardBackward0`` node with
    torch's double-backward formula."""
    def run(lib):
        f = getattr(lib.nn.functional, loss)
        x = lib.tensor([0.3, 2.0, float("nan"), -1.0], dtype=lib.float64, requires_grad=True)
        t = lib.tensor([0.0, 0.0, 1.0, 0.2], dtype=lib.float64, requires_grad=True)
        go = lib.tensor([1.0, 2.0, 3.0, 4.0] if reduction == "none" else 1.5, dtype=lib.float64, requires_grad=True)
        gx, gt = lib.autograd.grad(f(x, t, reduction=reduction), [x, t], go, create_graph=True)
        names = [type(n).__name__ for n, _ in gx.grad_fn.next_functions]
        ((gx * lib.tensor([1.0, 2, 3, 4], dtype=lib.float64)).sum() + gt.sum() * 3).backward()
        return gx, gt, type(gt.grad_fn).__name__, names, x.grad, t.grad, go.grad
    same(run)


def test_smooth_l1_of_a_bool_target_fails_at_the_second_derivative():
    """torch's first-order kernel computes with a bool target; its double backward's ``self - target`` refuses it."""
    def run(lib):
        x = lib.tensor(1.455, dtype=lib.float64, requires_grad=True)
        g, = lib.autograd.grad(lib.nn.functional.smooth_l1_loss(x, x.exp() < 0.0), [x], create_graph=True)
        g.backward()
    same(run)


@pytest.mark.parametrize("op", ["median", "nanmedian"])
@pytest.mark.parametrize("dtype", ["int64", "int32", "int16", "int8", "uint8", "bool", "float16", "float64"])
@pytest.mark.parametrize("shape", [(0,), (0, 0), (2,)])
def test_median_of_nothing_is_nan_cast_to_the_dtype(shape, dtype, op):
    """torch returns an empty input's NaN, cast as C++ does (int64's minimum, True for bool), before its kernel
    refuses bool; ember's NumPy cast raised ValueError."""
    same(lambda lib: getattr(lib.zeros(shape, dtype=getattr(lib, dtype)), op)())


_ITER_OPS = ["gcd", "lcm", "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_left_shift", "bitwise_right_shift",
             "logical_and", "remainder", "fmod", "floor_divide", "hypot", "atan2", "copysign", "nextafter",
             "heaviside", "xlogy", "fmax", "ldexp", "add", "sub", "mul", "div", "pow", "maximum", "eq", "lt",
             "logical_xor", "float_power", "true_divide", "logaddexp"]


@pytest.mark.parametrize("inplace", [False, True])
@pytest.mark.parametrize("op", _ITER_OPS)
def test_binary_ops_check_shapes_then_casts_then_the_kernels_dtype(op, inplace):
    """TensorIterator's order: the operands' shapes (and an in-place op's output shape), then the result type's
    cast, then the kernel's dtype refusal; ember refused the dtype first, and NumPy's ValueError escaped
    ``remainder_``/``fmod_``/``floor_divide_`` (random-seed fuzz find: ``x.lcm(y)`` of floats, shapes (2,), (3,))."""
    for sa, sb in (((2,), (3,)), ((3,), (2, 3)), ((2, 3), (3,))):
        for da, db in (("float64", "float64"), ("int64", "int64"), ("bool", "bool"), ("int64", "float64"),
                       ("float32", "float64"), ("float64", "int64")):
            def run(lib):
                a, b = lib.ones(sa, dtype=getattr(lib, da)), lib.ones(sb, dtype=getattr(lib, db))
                return getattr(a, op + "_" if inplace else op)(b)
            same(run)


@pytest.mark.parametrize("pivot", [True, 1, "tensor", 1.0])
@pytest.mark.parametrize("shape", [(), (2, 2)])
def test_lu_parses_pivot_as_a_bool_first(shape, pivot):
    """torch.lu's ``_lu_with_info`` parses ``pivot`` (a bool only) before it checks the input's rank (fuzz find:
    ``v0.lu(v0)``)."""
    def run(lib):
        a = lib.ones(shape)
        return a.lu(a if pivot == "tensor" else pivot)
    same(run)


@pytest.mark.parametrize("call", [
    lambda lib, x: lib.lu_solve(x, 0, lib.tensor([0])), lambda lib, x: x.lu_solve(0, lib.tensor([0])),
    lambda lib, x: lib.lu_solve(x, x), lambda lib, x: lib.qr(x, 1), lambda lib, x: x.qr("a"),
    lambda lib, x: lib.cholesky(x, 2), lambda lib, x: x.cholesky(upper=1), lambda lib, x: lib.qr(1),
    lambda lib, x: lib.cholesky(x, upper=True, out=3), lambda lib, x: lib.svd(lib.ones(1), lib.ones(1)),
    lambda lib, x: x.svd(1), lambda lib, x: lib.svd(x, True, 2)])
def test_the_deprecated_factorizations_parse_their_arguments_as_torch(call):
    """torch.qr, torch.cholesky and torch.lu_solve go through torch's argument parser (fuzz find:
    ``torch.lu_solve(v0, 0, pivots)`` raised AttributeError)."""
    same(lambda lib: call(lib, lib.ones(2, 2)))


@pytest.mark.parametrize("then", ["abs", "add", "float", "clone", "relu_", "sum", "select", "mul_float"])
def test_an_integer_tensor_a_float_was_written_into_requires_grad_as_torchs(then):
    """torch lets ``t[0] = x`` (x requires grad) make an integer ``t`` require grad (CopySlices); an op that would
    record an integer result from it then raises "Autograd not support dtype", a float one records, an
    in-place op records its node (fuzz finds: ember recorded ``abs`` and named ``relu_``'s node
    ``_IntegerUnary``). (A gradient through it fails an internal assert in torch: not compared.)"""
    def run(lib):
        x = lib.tensor(1.455, dtype=lib.float64, requires_grad=True)
        t = lib.tensor([[2]])
        t[0] = x
        out = {"abs": lambda: t.abs(), "add": lambda: t + 1, "float": lambda: t.float(), "clone": lambda: t.clone(),
               "relu_": lambda: t.relu_(), "sum": lambda: t.sum(), "select": lambda: t[0],
               "mul_float": lambda: t * 2.0}[then]()
        return t.requires_grad, type(t.grad_fn).__name__, out, type(getattr(out, "grad_fn", None)).__name__
    same(run)


@pytest.mark.parametrize("create_graph", [False, True])
def test_copyslices_into_an_expanded_constant_under_create_graph(create_graph):
    """A grad-requiring value written into an expanded constant: the base passes no gradient on, so CopySlices
    writes nothing back (ember's tensor-mode write-back through the repeated memory raised the overlap error)."""
    def run(lib):
        v0 = lib.tensor([[1.455]], dtype=lib.float64, requires_grad=True)
        v2 = lib.tensor([[1.455]], dtype=lib.float64).expand(2, 1, 1)
        v2[:, [0]] = v0
        g, = lib.autograd.grad(v2.sum(), [v0], create_graph=create_graph)
        return g
    same(run)


@pytest.mark.parametrize("out", ["ok", "double", "long", "empty", "short", "one", "int", "grad", "int_input", "none"])
def test_frexp_out_and_its_return_type_as_torch(out):
    """``torch.frexp(x, out=(mantissa, exponent))``: torch's dtype rules and words, resizing, its parser's errors,
    and its ``torch.return_types`` repr (ember's was a plain namedtuple's)."""
    def run(lib):
        x = lib.tensor([1.5, -3.0, 0.0])
        m, e = lib.empty(3), lib.empty(3, dtype=lib.int32)
        args = {"ok": ((m, e),), "double": ((lib.empty(3, dtype=lib.float64), e),),
                "long": ((m, lib.empty(3, dtype=lib.int64)),),
                "empty": ((lib.empty(0), lib.empty(0, dtype=lib.int32)),),
                "short": ((lib.empty(2), lib.empty(2, dtype=lib.int32)),), "one": (m,), "int": ((m, 1),),
                "grad": ((m, e),), "int_input": ((m, e),), "none": ()}[out]
        if out == "grad":
            x.requires_grad_()
        if out == "int_input":
            x = lib.tensor([1, 2])
        r = lib.frexp(x, out=args[0]) if args else lib.frexp(x)
        return repr(r), r
    same(run)


@pytest.mark.parametrize("op", ["cummax", "cummin"])
def test_cummax_saves_its_input_and_returns_an_empty_one_as_its_gradient(op):
    """torch's CummaxBackward0 saves ``self`` (an in-place change of it is the version error) and its backward
    returns an empty input itself: under create_graph the leaf is its own gradient (fuzz find)."""
    def empty(lib):
        v0 = lib.zeros((0,), dtype=lib.float64, requires_grad=True)
        gs = lib.autograd.grad((getattr(v0, op)(0).values + 0.5).sum(), [v0], create_graph=True)
        s2 = (gs[0] * lib.tensor([], dtype=lib.float64)).sum()
        s2.backward()
        return gs[0].is_leaf, gs[0].requires_grad, gs[0] is v0, v0.grad
    same(empty)

    def modified(lib):
        y = lib.tensor([1.0, 3.0, 2.0], requires_grad=True).clone()
        v = getattr(y, op)(0).values
        y.add_(1)
        v.sum().backward()
    same(modified, msg_upto="instead.")


@pytest.mark.parametrize("eq,sa,sb", [("i,i->", (1,), (3,)), ("i,i->", (3,), (3,)), ("ij,jk->ik", (2, 1), (3, 2)),
                                      ("ij,jk->ik", (2, 3), (3, 2)), ("i,j->ij", (2,), (3,)),
                                      ("bij,bjk->bik", (2, 1, 3), (1, 3, 2)), ("ij,ij->", (1, 3), (2, 1))])
@pytest.mark.parametrize("mixed", [False, True])
def test_einsum_pairs_as_torch(mixed, sb, sa, eq):
    """torch's einsum sums a contraction dim that one operand has at size 1 in the other alone, and multiplies
    where no dim is left for bmm: so mixed dtypes promote there (ember's bmm refused them; fuzz find:
    ``einsum('i,i->', long (1,), double (3,))``), and the graph is torch's (Mul and Sum, not Bmm)."""
    def run(lib):
        a = lib.tensor(np.arange(1, 1 + math.prod(sa)).reshape(sa), dtype=lib.long if mixed else lib.float64,
                       requires_grad=not mixed)
        b = lib.tensor(np.linspace(-1, 2, math.prod(sb)).reshape(sb), dtype=lib.float64, requires_grad=True)
        r = lib.einsum(eq, a, b)
        r.sum().backward()
        return r, type(r.grad_fn).__name__, b.grad, None if mixed else a.grad
    same(run)


@pytest.mark.parametrize("eps", [-float("inf"), -0.5, 0.0, 0.2, float("nan"), None])
def test_logit_plain_backward_is_torchs_kernel(eps):
    """torch's logit_backward kernel takes a negative eps for none (NaN outside [0, 1]), and with a NaN eps
    clamps nothing (fuzz find: ``v0.logit(-inf)``'s gradient at 1.455 is NaN in torch)."""
    def run(lib):
        x = lib.tensor([1.455], dtype=lib.float64, requires_grad=True)
        y = x.logit(eps) if eps is not None else x.logit()
        y.sum().backward()
        return y, x.grad
    same(run)


def test_std_of_one_value_in_float32_takes_the_mean_in_float32():
    """torch's std_var_all_cpu: a float32 variance reduced to one value takes ``self.mean()`` in float32 first, so
    three equal values give 1.46e-7, not 0, and a finite gradient (fuzz find: ember's gradient was 0)."""
    def run(lib):
        v0 = lib.tensor([[-1.701]], dtype=lib.float32).expand(3, 1).requires_grad_()
        s = v0.std(0)
        s.sum().backward()
        return s, v0.grad
    same(run)


@pytest.mark.parametrize("call", [lambda lib, x: x.masked_fill(float("nan"), 1.0),
                                  lambda lib, x: x.masked_fill_(1.0, 1.0), lambda lib, x: lib.masked_fill(x, 1, 2),
                                  lambda lib, x: x.masked_fill(x > 0, "a"),
                                  lambda lib, x: x.masked_fill(mask=x > 0, value=3)])
def test_masked_fill_parses_its_arguments_as_torch(call):
    """masked_fill behind torch's argument parser (fuzz find: ``masked_fill(nan, nan)`` raised AttributeError)."""
    same(lambda lib: call(lib, lib.ones(2)))


def test_trace_backward_of_a_scaled_gradient():
    """The gradient reaching trace's node can be a NumPy scalar (a 0-d product): ember read ``._data`` of it
    (fuzz find: ``(torch.trace(v0) * c).sum().backward()``)."""
    def run(lib):
        v0 = lib.tensor([[1.455, 0.905], [0.525, 1.72]], dtype=lib.float64, requires_grad=True)
        loss = (lib.trace(v0) * lib.tensor(0.27, dtype=lib.float64)).sum()
        loss.backward(retain_graph=True)
        loss.backward()
        return v0.grad
    same(run)


@pytest.mark.parametrize("bins", [0, -1, 1])
@pytest.mark.parametrize("n", [0, 3])
def test_histogram_refuses_no_bins(n, bins):
    """torch.histogram's ``bins must be > 0`` (fuzz find: ember accepted 0 bins and raised IndexError for -1)."""
    same(lambda lib: lib.histogram(lib.ones(n, dtype=lib.float64), bins))


@pytest.mark.parametrize("args", [((1, 3),), (1, 3), (1.5, 3), ("a",), ((1, 2.0),), (True, 3), (None,), (-1, 3),
                                  "tensor", "tensor0d", "float_tensor"])
def test_sum_to_size_reads_its_size_as_torchs_int_list(args):
    """sum_to_size takes torch's int list: a one-element integer tensor is an int (fuzz find:
    ``v0.sum_to_size(0, torch.tensor([0]))``), and torch's words for the rest."""
    def run(lib):
        a = {"tensor": (lib.tensor([1]), 3), "tensor0d": (lib.tensor(1), 3),
             "float_tensor": (lib.tensor([1.0]), 3)}.get(args, args) if isinstance(args, str) else args
        return lib.zeros(2, 3).sum_to_size(*a)
    same(run)


@pytest.mark.parametrize("shape", [(1,), (0,), (), (2,)])
@pytest.mark.parametrize("batch_first", [True, False])
@pytest.mark.parametrize("lengths", [[3, 1], [1], [[1]]])
def test_pack_padded_sequence_checks_in_torchs_order(lengths, batch_first, shape):
    """torch's _pack_padded_sequence: the empty check, a batch-first input's transpose, the lengths' rank, then
    the batch size read from the input (fuzz find: ember compared the lengths first)."""
    same(lambda lib: lib._pack_padded_sequence(lib.ones(shape), lib.tensor(lengths), batch_first))


@pytest.mark.parametrize("values", [[0.0], [0.0, 2.0], [3.0], [0.0, 0.0]])
@pytest.mark.parametrize("dim", [None, 0])
def test_prod_gradient_of_one_zero_element_is_the_gradient_itself(dim, values):
    """torch's prod_safe_zeros_backward returns the incoming gradient where the reduced dim has one element: under
    create_graph it records nothing (ember's was a MulBackward0 that required grad; fuzz find)."""
    def run(lib):
        w = lib.tensor(values, dtype=lib.float64, requires_grad=True)
        p = w.prod() if dim is None else w.prod(dim)
        g, = lib.autograd.grad(p, [w], create_graph=True)
        return g, g.requires_grad, type(g.grad_fn).__name__
    same(run)


@pytest.mark.parametrize("shape,dtypes", [((2,), ("float64", "float32")), ((2,), ("float32", "int64")),
                                          ((2,), ("float32", "float32")), ((1, 1), ("float64", "float32")),
                                          ((1, 1), ("float32", "int64"))])
def test_meshgrid_wants_one_dtype(shape, dtypes):
    """torch's meshgrid refuses mixed dtypes before it checks the ranks (fuzz find: ember promoted). (Its rank
    error prints the tensor as C++ does, which ember does not: not compared.)"""
    same(lambda lib: lib.meshgrid(lib.ones(shape, dtype=getattr(lib, dtypes[0])),
                                  lib.ones(2, dtype=getattr(lib, dtypes[1])), indexing="ij"))


@pytest.mark.parametrize("x", [1.455, -4.0, 3.0])
def test_hardsigmoid_backward_under_create_graph_is_torchs_not_implemented_node(x):
    """torch records a NotImplemented node for hardsigmoid's backward under create_graph (its gradient requires
    grad; differentiating it again raises), fuzz find."""
    def run(lib):
        v0 = lib.tensor([x], dtype=lib.float64, requires_grad=True)
        g, = lib.autograd.grad(lib.nn.functional.hardsigmoid(v0).sum(), [v0], create_graph=True)
        first = (g, g.requires_grad, g.grad_fn.name())
        (g * 0.27).sum().backward()
        return first
    same(run)


def test_mish_second_derivative_at_zero():
    """torch's mish_backward under create_graph records softplus itself (its derivative at 0 is 1/2); ember's
    recorded ``relu(x) + log1p(exp(-|x|))`` had 0 there and halved the second derivative (fuzz find)."""
    def run(lib):
        v0 = lib.tensor([[1.0, 0.5, 0.0], [-0.5, -0.5, -1.0]], dtype=lib.float64, requires_grad=True)
        g, = lib.autograd.grad(lib.nn.functional.mish(v0).sum(), [v0], create_graph=True)
        (g * lib.tensor([[0.27, -0.46, -0.92], [-0.97, 0.63, 0.83]], dtype=lib.float64)).sum().backward()
        return g, v0.grad
    same(run)


def test_det_backward_of_a_matrix_holding_an_infinity_is_nan():
    """torch's det backward solves with LAPACK's LU (NaN for a matrix holding inf); ember's NumPy solve raised
    LinAlgError (fuzz find). One matrix of a batch: the others keep their gradients."""
    def run(lib):
        v = lib.tensor([[[0.0, -0.0], [-0.716, float("inf")]], [[1.0, 2.0], [3.0, 4.0]]], dtype=lib.float64,
                       requires_grad=True)
        d = v.det()
        d.sum().backward()
        return d, v.grad
    same(run)


@pytest.mark.parametrize("shape", [(0,), (), (0, 0), (2, 0, 0), (3,)])
def test_cholesky_of_nothing_is_nothing_before_the_rank_check(shape):
    """torch.cholesky returns an empty input's empty factor (CholeskyBackward0) before its rank check; a 1-D
    one's backward is cholesky_backward's mH error (fuzz find: ember raised the rank error)."""
    def run(lib):
        x = lib.zeros(shape, requires_grad=True)
        r = x.cholesky()
        first = (r, type(r.grad_fn).__name__)
        r.sum().backward()
        return first, x.grad
    same(run)


@pytest.mark.parametrize("shape,normalized", [((0,), (3, 4)), ((3,), (3, 4)), ((2, 3), (4,)), ((2, 3), (2, 3)),
                                              ((2, 3), (1, 2, 3)), ((2, 3), ()), ((2, 3), (2, 4))])
def test_rms_norm_checks_its_normalized_shape_as_torch(shape, normalized):
    """torch.rms_norm's checks and words (fuzz find: ember raised IndexError from its mean over missing dims)."""
    same(lambda lib: lib.nn.functional.rms_norm(lib.zeros(shape), normalized, eps=1e-3))


@pytest.mark.parametrize("p", [1e30, 1e10, 300.0, 3.0, 1.0, 0.0, -1.0])
def test_dist_of_one_element_is_its_magnitude(p):
    """torch's norm of one element is its magnitude for any p but 0 (no |d| ** p to vanish); fuzz find."""
    same(lambda lib: lib.dist(lib.tensor(0.99, dtype=lib.float64), lib.tensor(1.455, dtype=lib.float64), p))


@pytest.mark.parametrize("wrong", ["weight", "bias", "running_mean", "running_var", "weight+bias",
                                   "running_mean+weight", "none_mean", "none"])
@pytest.mark.parametrize("training", [False, True])
def test_batch_norm_checks_its_statistics_sizes_as_torch(training, wrong):
    """torch's batch_norm: each running statistic given (or needed in evaluation) and of the channel count, then
    the weight and the bias (fuzz find: ember's NumPy reshape error for a weight of 3 elements on 1 channel)."""
    def run(lib):
        kw = {"running_mean": lib.zeros(1), "running_var": lib.ones(1), "weight": None, "bias": None}
        for name in wrong.split("+"):
            if name in kw:
                kw[name] = lib.ones(3)
        if wrong == "none_mean":
            kw["running_mean"] = None
        x = lib.ones(2, 1) if training else lib.ones(1, 1)
        return lib.nn.functional.batch_norm(x, kw["running_mean"], kw["running_var"], kw["weight"], kw["bias"],
                                            training=training)
    same(run)


def test_writing_a_view_into_its_own_unsqueezed_view():
    """``v8 = v7.unsqueeze(1); v8[..., 0] = v7``: the same memory with torch's strides, a full overlap torch
    allows (ember's unsqueeze of a contiguous (2, 1) kept NumPy's stride for the size-1 dim, so the overlap
    looked partial; fuzz find)."""
    def run(lib):
        v7 = lib.tensor([-1.455, -0.905], dtype=lib.float64).reshape((1, 2)).T
        v8 = v7.unsqueeze(1)
        v8[..., 0] = v7
        return v8, v8[..., 0].stride()
    same(run)


@pytest.mark.parametrize("call", [lambda lib, x: lib.atleast_1d(x, 1.0), lambda lib, x: lib.atleast_3d([x, 2]),
                                  lambda lib, x: lib.atleast_1d((x, "a")), lambda lib, x: lib.atleast_1d(),
                                  lambda lib, x: lib.atleast_2d(x, x)])
def test_atleast_takes_tensors_only(call):
    """torch's parser words for a non-tensor among the atleast functions' tensors (fuzz find: AttributeError)."""
    same(lambda lib: call(lib, lib.zeros(2)))


@pytest.mark.parametrize("x", [-0.0, 0.0, 2.0, -3.0])
@pytest.mark.parametrize("e", [0.5, -1, 4, 1.5, 2])
def test_pow_backward_takes_the_power_by_torchs_kernel(e, x):
    """torch's pow backward is ``e * x.pow(e - 1)`` by its kernel: ``x ** -0.5`` is rsqrt (``-inf`` at -0.0, where
    NumPy's power gives inf; fuzz find)."""
    def run(lib):
        v0 = lib.tensor(x, dtype=lib.float64, requires_grad=True)
        (v0 ** e).backward()
        return v0.grad
    same(run)


@pytest.mark.parametrize("steps", [0, 1, 3, -1])
def test_linspace_of_bools_for_fewer_than_two_steps(steps):
    """torch's linspace of dtype bool: no kernel runs for 0 or 1 step (fuzz find: ember refused them)."""
    same(lambda lib: lib.linspace(-0.5, 0.5, steps, dtype=lib.bool))
