"""torch's ``_foreach_*`` ops: one call applies a pointwise op to every tensor of a list.

torch's multi-tensor optimizers are written with them, and so are ember's (ember/optim). Each op
takes one fast path for the whole list when the call can record nothing (no grad mode, or nothing
requires grad) and every tensor is a plain floating tensor of ``self``'s dtype and shape that shares
no memory with another operand: the NumPy work goes straight into the tensors' memory, the
temporaries come from ``_scratch`` (fresh ones cost an Adam step on the MLP of benchmarks/ twice
its time in page faults: benchmarks/optim_speed.py), each written tensor's version goes up once per
op and the caller's line is found once per call. Anything else takes the tensor methods one by one,
which record, check and refuse exactly as the single ops do.

The floating-point operations are the single ops' own, in their order (``addcmul_`` as
``self + (value * t1) * t2``, ``addcdiv_`` as ``self + (value * t1) / t2``, ``lerp_`` with torch's
two branches, ``add_(alpha=)`` as ``self + alpha * other``), so a foreach op gives bit for bit what
the loop of single ops gives (tests/test_foreach.py).
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from .._blas import axpy, lerp_scalar
from .._errors import INFERENCE_INPLACE
from .._grad_mode import STATE
from .._graph import caller_location
from .._tensor import Tensor, make
from ._scratch import scratch

__all__ = ["_foreach_add_", "_foreach_add", "_foreach_sub_", "_foreach_mul_", "_foreach_div_", "_foreach_neg",
           "_foreach_sqrt", "_foreach_sqrt_", "_foreach_maximum_", "_foreach_lerp_", "_foreach_addcmul_",
           "_foreach_addcdiv_", "_foreach_zero_"]

_ndarray = np.ndarray


def _check_lists(self: Sequence[Tensor], *others: Sequence[Any]) -> None:
    if not isinstance(self, (list, tuple)) or not self:
        raise RuntimeError("Tensor list must have at least one tensor.")
    for other in others:
        if len(other) != len(self):
            raise RuntimeError(f"Tensor lists must have the same number of tensors, got {len(self)} and {len(other)}")


def _check_scalars(self: Sequence[Tensor], scalars: Sequence[Any]) -> None:
    if len(scalars) != len(self):
        raise RuntimeError("Tensor list must have same number of elements as scalar list.")


def _number(v: Any) -> bool:
    return type(v) is float or type(v) is int


def _fast(self: Sequence[Tensor], *lists: Sequence[Any]) -> bool:
    """Whether the whole call can run on the arrays: nothing to record, plain floating tensors alike in dtype
    and shape, ``self``'s writable and not shared with another operand (else the single ops decide)."""
    recording = STATE.enabled
    inference = STATE.inference
    for k, t in enumerate(self):
        if not isinstance(t, Tensor):      # (a Parameter is one)
            return False
        a = t._data
        if a.dtype.kind != "f" or (recording and t._requires_grad) or (t._inference and not inference):
            return False
        if _expanded(a):
            return False
        for other in lists:
            o = other[k]
            if not isinstance(o, Tensor):
                return False
            b = o._data
            if b.dtype is not a.dtype or b.shape != a.shape or (recording and o._requires_grad):
                return False
            if b is not a and not (a.base is None and b.base is None) and np.may_share_memory(a, b):
                return False
    return True


def _expanded(a: np.ndarray) -> bool:
    """Elements sharing memory (an expanded tensor): the single ops' overlap check refuses writing there."""
    return 0 in a.strides and a.size > 1


def _bump(tensors: Sequence[Tensor], where: Any = False) -> None:
    """The written tensors' new versions, with the user's line found once for the call (``where``: already
    found by the caller)."""
    if where is False:
        where = caller_location(3)
    for t in tensors:
        if t._inference and not STATE.inference:
            raise RuntimeError(INFERENCE_INPLACE)
        vc = t._vc
        vc[0] += 1
        vc[1] = where


def _tmp(a: np.ndarray) -> np.ndarray:
    return scratch(a.shape, a.dtype)


def _scalars(self: Sequence[Tensor], other: Any) -> list | None:
    """``other`` as one number per tensor, or None when it is a tensor list (or anything else)."""
    if _number(other):
        return [other] * len(self)
    if isinstance(other, (list, tuple)) and other and not isinstance(other[0], Tensor):
        _check_scalars(self, other)
        return list(other) if all(_number(v) for v in other) else None
    return None


# ----------------------------------------------------------------------------------------------
# binary: add, sub, mul, div (a number, one per tensor, or a tensor list)

def _binary_(name: str, ufunc, self, other, alpha=1):
    scalars = _scalars(self, other)
    if scalars is None and isinstance(other, (list, tuple)):
        _check_lists(self, other)
    else:
        _check_lists(self)
    if _number(alpha) and (scalars is not None and _fast(self) or scalars is None
                           and isinstance(other, (list, tuple)) and _fast(self, other)):
        if scalars is not None:
            for t, s in zip(self, scalars):
                a = t._data
                ufunc(a, s if alpha == 1 else alpha * s, out=a)
        else:
            for t, o in zip(self, other):
                a, b = t._data, o._data
                if alpha == 1:
                    ufunc(a, b, out=a)
                else:
                    _added(a, b, alpha if ufunc is np.add else -alpha, a)
        _bump(self)
        return self
    args = scalars if scalars is not None else other if isinstance(other, (list, tuple)) else [other] * len(self)
    for t, o in zip(self, args):
        if alpha == 1:
            getattr(t, name)(o)
        else:
            getattr(t, name)(o, alpha=alpha)
    return self


def _added(y: np.ndarray, x: np.ndarray, alpha: float, out: np.ndarray | None,
           spare: np.ndarray | None = None) -> np.ndarray:
    """``y + alpha * x`` as torch's ``add(alpha=)`` rounds it: once, a fused multiply-add (NumPy's BLAS axpy, in
    one pass), else in two NumPy passes. ``out``: where (``y`` itself, or None for a scratch array); ``spare``:
    an array the NumPy fallback may overwrite for its product."""
    if alpha == 1:
        return np.add(y, x, out=_tmp(y) if out is None else out)
    if out is None:
        out = _tmp(y)
        np.copyto(out, y)
    elif out is not y:
        np.copyto(out, y)
    if out is not x and axpy(alpha, x, out):
        return out
    prod = np.multiply(x, alpha, out=spare if spare is not None and spare is not out else _tmp(x))
    return np.add(out, prod, out=out)


def _foreach_add_(self: Sequence[Tensor], other: Any, *, alpha: float = 1) -> Sequence[Tensor]:
    """``t.add_(o, alpha=alpha)`` for each tensor ``t`` of ``self`` (``other``: a number, a list of numbers, or
    a list of tensors)."""
    return _binary_("add_", np.add, self, other, alpha)


def _foreach_sub_(self: Sequence[Tensor], other: Any, *, alpha: float = 1) -> Sequence[Tensor]:
    """``t.sub_(o, alpha=alpha)`` for each tensor of ``self``."""
    return _binary_("sub_", np.subtract, self, other, alpha)


def _foreach_mul_(self: Sequence[Tensor], other: Any) -> Sequence[Tensor]:
    """``t.mul_(o)`` for each tensor of ``self``."""
    return _binary_("mul_", np.multiply, self, other)


def _foreach_div_(self: Sequence[Tensor], other: Any) -> Sequence[Tensor]:
    """``t.div_(o)`` for each tensor of ``self``."""
    return _binary_("div_", np.divide, self, other)


def _foreach_add(self: Sequence[Tensor], other: Any, *, alpha: float = 1) -> tuple[Tensor, ...]:
    """``t.add(o, alpha=alpha)`` for each tensor of ``self``: a tuple of new tensors, as torch's."""
    scalars = _scalars(self, other)
    if scalars is None and isinstance(other, (list, tuple)):
        _check_lists(self, other)
        args = list(other)
    else:
        _check_lists(self)
        args = scalars if scalars is not None else [other] * len(self)
    return tuple(t.add(o) if alpha == 1 else t.add(o, alpha=alpha) for t, o in zip(self, args))


# ----------------------------------------------------------------------------------------------
# unary

def _foreach_neg(self: Sequence[Tensor]) -> tuple[Tensor, ...]:
    """``-t`` for each tensor of ``self``."""
    _check_lists(self)
    return tuple(t.neg() for t in self)


def _foreach_sqrt(self: Sequence[Tensor]) -> tuple[Tensor, ...]:
    """``t.sqrt()`` for each tensor of ``self``: new tensors (their memory reused from earlier calls when
    nothing holds it any more)."""
    _check_lists(self)
    if _fast(self):
        return tuple(make(np.sqrt(t._data, out=_tmp(t._data))) for t in self)
    return tuple(t.sqrt() for t in self)


def _foreach_sqrt_(self: Sequence[Tensor]) -> Sequence[Tensor]:
    """``t.sqrt_()`` for each tensor of ``self``."""
    _check_lists(self)
    if _fast(self):
        for t in self:
            np.sqrt(t._data, out=t._data)
        _bump(self)
        return self
    for t in self:
        t.sqrt_()
    return self


def _foreach_zero_(self: Sequence[Tensor]) -> Sequence[Tensor]:
    """``t.zero_()`` for each tensor of ``self``."""
    _check_lists(self)
    for t in self:
        t.zero_()
    return self


def _foreach_maximum_(self: Sequence[Tensor], other: Sequence[Tensor]) -> Sequence[Tensor]:
    """``t.copy_(maximum(t, o))`` for each pair: the larger value, NaN from either side."""
    _check_lists(self, other)
    if isinstance(other, (list, tuple)) and _fast(self, other):
        for t, o in zip(self, other):
            np.maximum(o._data, t._data, out=t._data)     # the bound first, as clamp_min_ (its sign of zero at a tie)
        _bump(self)
        return self
    for t, o in zip(self, other):
        t.clamp_min_(o)
    return self


# ----------------------------------------------------------------------------------------------
# ternary: lerp, addcmul, addcdiv

def _rounded(w: float, a: np.ndarray) -> float:
    """A weight as the kernel sees it: rounded to the tensors' dtype (a float back)."""
    return float(a.dtype.type(w))


def _foreach_lerp_(self: Sequence[Tensor], tensors1: Sequence[Tensor], weight: Any) -> Sequence[Tensor]:
    """``t.lerp_(e, weight)`` for each pair, a number ``weight``: torch's two branches
    (``t + w (e - t)`` below 0.5, ``e - (e - t)(1 - w)`` from it)."""
    _check_lists(self, tensors1)
    if _number(weight) and _fast(self, tensors1):
        for t, e in zip(self, tensors1):
            a, b = t._data, e._data
            if lerp_scalar(a, b, weight, out=a, diff=_tmp(a)) is not None:     # torch's fma, rounded once
                continue
            w = _rounded(weight, a)
            diff = np.subtract(b, a, out=_tmp(a))
            if abs(w) < 0.5:
                np.add(a, np.multiply(diff, w, out=diff), out=a)
            else:
                np.subtract(b, np.multiply(diff, 1.0 - w, out=diff), out=a)
        _bump(self)
        return self
    for t, e in zip(self, tensors1):
        t.lerp_(e, weight)
    return self


def _ternary_(name: str, ufunc, self, tensor1, tensor2, value):
    _check_lists(self, tensor1, tensor2)
    scalars = _scalars(self, value)
    if scalars is not None and _fast(self, tensor1, tensor2):
        for t, x, y, v in zip(self, tensor1, tensor2, scalars):
            a, b, c = t._data, x._data, y._data
            if v == 1:
                tmp = ufunc(b, c, out=_tmp(b))
            else:
                tmp = np.multiply(b, v, out=_tmp(b))
                ufunc(tmp, c, out=tmp)
            np.add(a, tmp, out=a)
        _bump(self)
        return self
    if scalars is None:
        scalars = [value] * len(self)
    for t, x, y, v in zip(self, tensor1, tensor2, scalars):
        getattr(t, name)(x, y, value=v)
    return self


def _foreach_addcmul_(self: Sequence[Tensor], tensor1: Sequence[Tensor], tensor2: Sequence[Tensor],
                      value: Any = 1) -> Sequence[Tensor]:
    """``t.addcmul_(x, y, value=v)`` for each triple: ``t + (v x) y`` (``value``: a number or one per tensor)."""
    return _ternary_("addcmul_", np.multiply, self, tensor1, tensor2, value)


def _foreach_addcdiv_(self: Sequence[Tensor], tensor1: Sequence[Tensor], tensor2: Sequence[Tensor],
                      value: Any = 1) -> Sequence[Tensor]:
    """``t.addcdiv_(x, y, value=v)`` for each triple: ``t + (v x) / y`` (``value``: a number or one per tensor)."""
    return _ternary_("addcdiv_", np.divide, self, tensor1, tensor2, value)
