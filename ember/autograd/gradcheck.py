"""gradcheck / gradgradcheck: analytical gradients against central finite differences."""
from __future__ import annotations

import warnings
from typing import Callable

import numpy as np

from .._tensor import Tensor, make
from .._grad_mode import enable_grad
from ._grad import grad as autograd_grad


class GradcheckError(RuntimeError):
    """Raised by gradcheck when numerical and analytical Jacobians differ."""


def _as_tuple(x):
    return x if isinstance(x, tuple) else (tuple(x) if isinstance(x, list) else (x,))


def _numerical_jacobian(fn, inputs, out_index, eps):
    jac = []
    # grad stays enabled: gradgradcheck's function itself calls autograd.grad
    with enable_grad():
        outs = _as_tuple(fn(*inputs))
        n_out = outs[out_index]._data.size
        for t in inputs:
            if not (isinstance(t, Tensor) and t._requires_grad):
                continue
            d = t._data
            J = np.zeros((d.size, n_out))
            flat = d.reshape(-1)  # a view: perturbing it perturbs the input
            for k in range(d.size):
                orig = flat[k]
                flat[k] = orig + eps
                plus = _as_tuple(fn(*inputs))[out_index]._data.astype(np.float64).reshape(-1).copy()
                flat[k] = orig - eps
                minus = _as_tuple(fn(*inputs))[out_index]._data.astype(np.float64).reshape(-1).copy()
                flat[k] = orig
                J[k] = (plus - minus) / (2 * eps)
            jac.append(J)
    return jac


def _analytical_jacobian(fn, inputs, out_index):
    diff_inputs = [t for t in inputs if isinstance(t, Tensor) and t._requires_grad]
    out = _as_tuple(fn(*inputs))[out_index]
    n_out = out._data.size
    jac = [np.zeros((t._data.size, n_out)) for t in diff_inputs]
    for j in range(n_out):
        go = np.zeros(n_out, dtype=out._data.dtype)
        go[j] = 1
        grads = autograd_grad(out, diff_inputs, make(go.reshape(out._data.shape)), retain_graph=True,
                              allow_unused=True) if out._requires_grad else [None] * len(diff_inputs)
        for i, g in enumerate(grads):
            if g is not None:
                jac[i][:, j] = g._data.reshape(-1)
    return jac


def gradcheck(func: Callable, inputs, *, eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-3,
              raise_exception: bool = True, **kwargs) -> bool:
    r"""Check ``func``'s analytical gradients against finite differences (use float64 inputs).

    Returns True, or raises :class:`GradcheckError` (or returns False when ``raise_exception``
    is False) naming the first mismatching output/input pair.
    """
    inputs = _as_tuple(inputs)
    if not any(isinstance(t, Tensor) and t._requires_grad for t in inputs):
        raise ValueError("gradcheck expects at least one input tensor to require gradient, but none of them have "
                         "requires_grad=True.")
    for i, t in enumerate(inputs):
        if isinstance(t, Tensor) and t._requires_grad and t._data.dtype != np.float64:
            warnings.warn(f"Input #{i} requires gradient and is not a double precision floating point or complex. "
                          "This check will likely fail if all the inputs are not of double precision floating point "
                          "or complex. ", UserWarning, stacklevel=2)
    n_outputs = len(_as_tuple(func(*inputs)))
    for o in range(n_outputs):
        num = _numerical_jacobian(func, inputs, o, eps)
        ana = _analytical_jacobian(func, inputs, o)
        for i, (a, n) in enumerate(zip(ana, num)):
            if not np.allclose(a, n, rtol=rtol, atol=atol):
                if not raise_exception:
                    return False
                raise GradcheckError(f"Jacobian mismatch for output {o} with respect to input {i},\n"
                                     f"numerical:{make(n.T.copy())!r}\nanalytical:{make(a.T.copy())!r}\n")
    return True


def gradgradcheck(func: Callable, inputs, grad_outputs=None, *, eps: float = 1e-6, atol: float = 1e-5,
                  rtol: float = 1e-3, raise_exception: bool = True, **kwargs) -> bool:
    r"""Check second derivatives: gradcheck of the function ``inputs -> vjp(func, inputs, v)``."""
    inputs = _as_tuple(inputs)
    outs = _as_tuple(func(*inputs))
    rng = np.random.default_rng(0)
    if grad_outputs is None:
        grad_outputs = tuple(make(rng.standard_normal(o._data.shape).astype(o._data.dtype)) for o in outs)
    grad_outputs = _as_tuple(grad_outputs)
    diff_idx = [i for i, t in enumerate(inputs) if isinstance(t, Tensor) and t._requires_grad]

    def first_grads(*args):
        outs = _as_tuple(func(*args))
        diff = [args[i] for i in diff_idx]
        gs = autograd_grad(outs, diff, grad_outputs, create_graph=True, allow_unused=True)
        return tuple(g if g is not None else make(np.zeros_like(d._data)) for g, d in zip(gs, diff))

    return gradcheck(first_grads, inputs, eps=eps, atol=atol, rtol=rtol, raise_exception=raise_exception)
