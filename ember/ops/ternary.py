"""Elementwise ops of three operands: ``lerp`` (a number or tensor weight), ``addcmul`` and ``addcdiv``
(``input + value * tensor1 {*,/} tensor2``), with torch's promotion over the three tensors, its dtype
checks and argument errors, and derivatives.yaml's gradients. Float16 computes in float32 and rounds
once, as torch's kernels do.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from .. import _dtype
from .._blas import lerp_scalar
from .._layout import torch_layout
from .._tensor import Tensor
from ._op import Op
from ._promotion import _SIGNATURES, ArgError, is_number, method_form, operand
from .binary_math import _opmath, _refuse_int, _run, _run_, _tensor_arg

__all__ = ["lerp", "addcmul", "addcdiv", "lerp_", "addcmul_", "addcdiv_"]

_OUT = ", *, Tensor out = None"
_SIGNATURES.setdefault("lerp", (("(Tensor input, Tensor end, Tensor weight" + _OUT + ")",
                                 "(Tensor input, Tensor end, Number weight" + _OUT + ")"),
                                ("(Tensor end, Tensor weight)", "(Tensor end, Number weight)")))


@_opmath
def _lerp(a, b, w):
    if not isinstance(w, np.ndarray):
        w = np.asarray(w, a.dtype)     # a number weight in the compute dtype: (1 - w) rounded there, as torch
    with np.errstate(all="ignore"):    # torch's two-sided formula: exact at w = 0 and w = 1
        return np.where(np.abs(w) < 0.5, a + w * (b - a), b - (b - a) * (1 - w))


@_opmath
def _addcmul(a, t1, t2, value):
    return a + value * t1 * t2 if value != 1 else a + t1 * t2


@_opmath
def _addcdiv(a, t1, t2, value):
    with np.errstate(all="ignore"):        # torch's rounding order: (value * t1) / t2, then the add
        return a + (value * t1) / t2


# ----------------------------------------------------------------------------------------------
# the ops (derivatives.yaml)
class LerpBackward0(Op):
    """``lerp(start, end, number)``."""
    __slots__ = ("weight",)
    _param_names = ("weight",)

    @staticmethod
    def forward(ctx, a, b, w):
        ctx.weight = w
        r = lerp_scalar(a, b, w) if type(a) is np.ndarray and type(b) is np.ndarray else None
        if r is not None:       # torch's fused multiply-add, rounded once (ember/_blas.py)
            return r
        return torch_layout(np.asarray(_lerp(a, b, w), dtype=a.dtype), a, b)   # w in opmath, as torch

    def backward(ctx, g, xp):
        w = ctx.weight
        return g * (1 - w), g * w


class LerpBackward1(Op):
    """``lerp(start, end, weight tensor)``: the weight's gradient is ``g * (end - start)``."""
    __slots__ = ()
    _saved_names = ("end", "self", "weight")

    @staticmethod
    def forward(ctx, a, b, w):
        # torch's codegen guards a save by the one gradient that reads it; one read by two is always saved
        needs = ctx.needs_input_grad
        ctx.save(b if needs[2] else None, a if needs[2] else None, w)
        return torch_layout(_lerp(a, b, w), a, b, w)

    def backward(ctx, g, xp):
        b, a, w = xp.saved(ctx)
        return g * (1 - w), g * w, None if a is None else g * (b - a)


class AddcmulBackward0(Op):
    """``input + value * tensor1 * tensor2``."""
    __slots__ = ("value",)
    _saved_names = ("tensor1", "tensor2")
    _param_names = ("value",)

    @staticmethod
    def forward(ctx, a, t1, t2, value):
        ctx.value = value
        needs = ctx.needs_input_grad     # tensor1's gradient reads tensor2, and tensor2's tensor1: only those saved
        ctx.save(t1 if needs[2] else None, t2 if needs[1] else None)
        with np.errstate(all="ignore"):
            return torch_layout(_addcmul(a, t1, t2, value), a, t1, t2)

    def backward(ctx, g, xp):
        t1, t2 = xp.saved(ctx)
        v = ctx.value
        return g, None if t2 is None else g * (t2 * v), None if t1 is None else g * (t1 * v)


class AddcdivBackward0(Op):
    """``input + value * tensor1 / tensor2``."""
    __slots__ = ("value",)
    _saved_names = ("tensor1", "tensor2")
    _param_names = ("value",)

    @staticmethod
    def forward(ctx, a, t1, t2, value):
        ctx.value = value
        # tensor2's gradient alone reads tensor1 (saved for it only); tensor2, read by two, is always saved
        ctx.save(t1 if ctx.needs_input_grad[2] else None, t2)
        return torch_layout(_addcdiv(a, t1, t2, value), a, t1, t2)

    def backward(ctx, g, xp):
        t1, t2 = xp.saved(ctx)
        v = ctx.value
        return g, g * (v / t2), None if t1 is None else -g * v * t1 / (t2 * t2)


# ----------------------------------------------------------------------------------------------
# the functions
def _lerp_args(name: str, input, end, weight):  # noqa: A002
    if not isinstance(input, Tensor) or not isinstance(end, Tensor) or \
            not (isinstance(weight, Tensor) or is_number(weight)):
        raise ArgError(name, (input, end, weight), sig="lerp")
    ad, bd = input._data, end._data
    if ad.dtype != bd.dtype:
        raise RuntimeError(f"expected dtype {input.dtype._cname} for `end` but got dtype {end.dtype._cname}")
    if isinstance(weight, Tensor):
        wd = weight._data
        if wd.ndim and wd.dtype != ad.dtype:
            raise RuntimeError(f"expected dtype {input.dtype._cname} for `weight` but got dtype {weight.dtype._cname}")
        _refuse_int("lerp_kernel_tensor", ad)
        return ad, bd, wd.astype(ad.dtype, copy=False)
    _refuse_int("lerp_kernel_scalar", ad)
    return ad, bd, operand(weight)


def lerp(input: Tensor, end: Tensor, weight) -> Tensor:  # noqa: A002
    """Linearly interpolate: ``input + weight * (end - input)``, elementwise (floating tensors of one dtype).

    Args:
        input (Tensor): the start points.
        end (Tensor): the end points, broadcastable with ``input``.
        weight (float or Tensor): the weight; a tensor weight is broadcast too, and gets the gradient
            ``g * (end - input)``.
    """
    ad, bd, w = _lerp_args("lerp", input, end, weight)
    if isinstance(weight, Tensor):
        return _run(LerpBackward1, (input, end, weight), (ad, bd, w))
    return _run(LerpBackward0, (input, end), (ad, bd), w)


def lerp_(input: Tensor, end: Tensor, weight) -> Tensor:  # noqa: A002
    """In-place version of :func:`lerp`; returns ``input``."""
    ad, bd, w = _lerp_args("lerp_", input, end, weight)
    if isinstance(weight, Tensor):
        return _run_(LerpBackward1, input, (input, end, weight), (ad, bd, w))
    return _run_(LerpBackward0, input, (input, end), (ad, bd), w)


_ADDC_INT = ("Integer division with addcdiv is no longer supported, and in a future  release addcdiv will perform a "
             "true division of tensor1 and tensor2. The historic addcdiv behavior can be implemented as (input + "
             "value * torch.trunc(tensor1 / tensor2)).to(input.dtype) for integer inputs and as (input + value * "
             "tensor1 / tensor2) for float inputs. The future addcdiv behavior is just the latter implementation: "
             "(input + value * tensor1 / tensor2), for all dtypes.")


def _addc_args(name: str, input, tensor1, tensor2, value, div: bool, method: bool = False):  # noqa: A002
    first = 0 if method else 1
    if not method:
        _tensor_arg(name, "input", 1, input)
    _tensor_arg(name, "tensor1", first + 1, tensor1)
    _tensor_arg(name, "tensor2", first + 2, tensor2)
    if not is_number(value):
        raise TypeError(f"{name}(): argument 'value' must be Number, not {type(value).__name__}")
    if div and tensor1._data.dtype.kind in "biu" and tensor2._data.dtype.kind in "biu":
        raise RuntimeError(_ADDC_INT)
    rt = _dtype.result_type(input, tensor1, tensor2).np
    if rt.kind == "b":
        raise NotImplementedError(f"\"{name.rstrip('_')}_cpu_out\" not implemented for 'Bool'")
    ad, t1, t2 = (t._data.astype(rt, copy=False) for t in (input, tensor1, tensor2))
    if rt.kind in "iub":
        if isinstance(value, float):
            value = int(value)          # torch converts value to the integer result type
    elif rt.kind == "f" and isinstance(value, complex):
        raise RuntimeError("value cannot be converted to type float without overflow")
    return (ad, t1, t2), value


def _addc(cls, name: str, div: bool) -> tuple[Callable, Callable, Callable]:
    def fn(input: Tensor, tensor1: Tensor, tensor2: Tensor, *, value=1) -> Tensor:  # noqa: A002
        arrays, value = _addc_args(name, input, tensor1, tensor2, value, div)
        return _run(cls, (input, tensor1, tensor2), arrays, value)

    def method(input: Tensor, tensor1: Tensor, tensor2: Tensor, *, value=1) -> Tensor:  # noqa: A002
        arrays, value = _addc_args(name, input, tensor1, tensor2, value, div, method=True)
        return _run(cls, (input, tensor1, tensor2), arrays, value)

    def inplace(input: Tensor, tensor1: Tensor, tensor2: Tensor, *, value=1) -> Tensor:  # noqa: A002
        arrays, value = _addc_args(name + "_", input, tensor1, tensor2, value, div, method=True)
        return _run_(cls, input, (input, tensor1, tensor2), arrays, value)

    op = "/" if div else "*"
    fn.__name__ = fn.__qualname__ = method.__name__ = method.__qualname__ = name
    fn.__doc__ = method.__doc__ = (
        f"Return ``input + value * tensor1 {op} tensor2``, elementwise, with broadcasting and torch's promotion "
        "over the three tensors.\n\nArgs:\n    input (Tensor): the tensor to add to.\n"
        f"    tensor1 (Tensor): the {'numerator' if div else 'first factor'}.\n"
        f"    tensor2 (Tensor): the {'denominator' if div else 'second factor'}.\n\n"
        "Keyword args:\n    value (Number, optional): the multiplier. Default: 1.\n")
    inplace.__name__ = inplace.__qualname__ = name + "_"
    inplace.__doc__ = f"In-place version of :func:`{name}`; returns ``input``."
    return fn, method, inplace


addcmul, addcmul_method, addcmul_ = _addc(AddcmulBackward0, "addcmul", False)
addcdiv, addcdiv_method, addcdiv_ = _addc(AddcdivBackward0, "addcdiv", True)


lerp_method = method_form(lerp)
