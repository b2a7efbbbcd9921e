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
