"""Higher-level autograd: jacobian, hessian, vjp, jvp, hvp, vhp (reverse mode, one row at a time)."""
from __future__ import annotations

from typing import Callable

import numpy as np

from .._tensor import Tensor, make
from ._grad import grad
from ..ops.joining import stack


def _tuple(x):
    return (x,) if isinstance(x, Tensor) else tuple(x)


def _prepare(inputs, create_graph):
    single = isinstance(inputs, Tensor)
    ins = _tuple(inputs)
    ins = tuple(t.detach().requires_grad_(True) if not create_graph else
                (t if t.requires_grad else t.detach().requires_grad_(True)) for t in ins)
    return single, ins


def vjp(func: Callable, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """``(func(inputs), v^T J)``."""
    single, ins = _prepare(inputs, create_graph)
    out = func(*ins)
    if v is None:
        if out.numel() != 1:
            raise RuntimeError("The vector v can only be None if the user-provided function returns a single Tensor "
                               "with a single element.")
    gs = grad(out, ins, v, create_graph=create_graph, allow_unused=True, materialize_grads=True)
    out = out if create_graph else out.detach()
    return out, (gs[0] if single else gs)


def jacobian(func: Callable, inputs, create_graph: bool = False, strict: bool = False, vectorize: bool = False,
             strategy: str = "reverse-mode"):
    """The Jacobian of ``func`` at ``inputs`` (a tuple of them for several inputs)."""
    single, ins = _prepare(inputs, create_graph)
    out = func(*ins)
    n = out.numel()
    rows = [[] for _ in ins]
    for j in range(n):
        go = np.zeros(n, dtype=out._data.dtype)
        go[j] = 1
        gs = grad(out, ins, make(go.reshape(out._data.shape)), retain_graph=True, create_graph=create_graph,
                  allow_unused=True, materialize_grads=True)
        for i, g in enumerate(gs):
            rows[i].append(g)
    jacs = tuple(stack(r).reshape(tuple(out.shape) + tuple(t.shape)) for r, t in zip(rows, ins))
    if not create_graph:
        jacs = tuple(j.detach() for j in jacs)
    return jacs[0] if single else jacs


def hessian(func: Callable, inputs, create_graph: bool = False, strict: bool = False, vectorize: bool = False,
            outer_jacobian_strategy: str = "reverse-mode"):
    """The Hessian of scalar ``func`` at ``inputs``."""
    single = isinstance(inputs, Tensor)

    def gradient(*xs):
        out = func(*xs)
        if out.numel() != 1:
            raise RuntimeError("The Tensor returned by the function given to hessian should contain a single element")
        gs = grad(out, xs, create_graph=True, allow_unused=True, materialize_grads=True)
        return gs[0] if single else gs

    if single:
        return jacobian(gradient, inputs, create_graph=create_graph)
    raise NotImplementedError("hessian of several inputs is not supported by ember yet")


def hvp(func: Callable, inputs, v, create_graph: bool = False, strict: bool = False):
    """``(func(inputs), H v)`` for scalar ``func``."""
    single, ins = _prepare(inputs, True)
    out = func(*ins)
    gs = grad(out, ins, create_graph=True)
    vs = _tuple(v)
    dot = sum((g * vv).sum() for g, vv in zip(gs, vs))
    hv = grad(dot, ins, create_graph=create_graph, allow_unused=True, materialize_grads=True)
    return out.detach(), (hv[0] if single else hv)


vhp = hvp


def jvp(func: Callable, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """``(func(inputs), J v)`` via the double-vjp trick."""
    single, ins = _prepare(inputs, True)
    out = func(*ins)
    u = make(np.zeros(out._data.shape, dtype=out._data.dtype)).requires_grad_(True)
    gs = grad(out, ins, u, create_graph=True, allow_unused=True, materialize_grads=True)
    vs = _tuple(v) if v is not None else tuple(make(np.ones_like(t._data)) for t in ins)
    dot = sum((g * vv).sum() for g, vv in zip(gs, vs))
    jv, = grad(dot, u, create_graph=create_graph)
    return out.detach(), jv
