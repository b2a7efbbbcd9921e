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
