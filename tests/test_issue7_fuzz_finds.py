"""Issue 7: what the widened fuzzer's random-seed runs found, each as the program it printed (shortened),
against torch 2.13 live: values, gradients, nodes and errors."""
from __future__ import annotations

import pytest
from behave import same


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
