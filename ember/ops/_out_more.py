"""``out=`` for the rest of issue 9's families (ops/_out.py holds the mechanism and the first ones): the
elementwise ops (remainder, floor, logical_and...), mv/addmm/addmv/baddbmm/outer/kron/tensordot, the stacks,
var/std, the scans, sort/topk and median/kthvalue/mode (loaded on first use, with their families), each with the
dtype rule and the words torch 2.13 checks them with (tests/test_issue9_surface.py compares each with torch)."""
from __future__ import annotations

import functools
from typing import Callable

from .._dtype import int64
from . import (comparison, division, fills, joining, linalg, linalg_addmm, linalg_products, scan, sorting, statistics,
               unary)
from ._out import _OUT_DOC, CAST, CAT, EXPECTED, FOUND, RESIZED, F, _cap, _out_tensor, resize, with_out, with_outs

__all__ = ["remainder", "fmod", "floor_divide", "reciprocal", "floor", "ceil", "round", "trunc", "sign", "logical_and",
           "logical_or", "logical_xor", "logical_not", "signbit", "isposinf", "isneginf", "mv", "addmv", "baddbmm",
           "outer", "kron", "hstack", "vstack", "dstack", "column_stack", "var", "std", "norm", "cumprod",
           "logcumsumexp", "cummax", "cummin", "msort", "median", "nanmedian", "kthvalue", "mode", "cumsum", "addmm",
           "sort", "topk", "tensordot"]


# ----------------------------------------------------------------------------------------------
# the families' dtype rules: (result dtype, out dtype, call) -> the error, or None
def SCALAR_TYPE(r, o, call):
    """logcumsumexp, cummax/cummin's values: exactly the result's dtype (TORCH_CHECK's words)."""
    if r is not o:
        return RuntimeError(f"expected scalar_type {_cap(r)} but found {_cap(o)}")


def _bool_only(name: str):
    def check(r, o, call):
        """signbit, isposinf, isneginf: a bool ``out`` only."""
        if o.np.kind != "b":
            return RuntimeError(f"{name} does not support non-boolean outputs.")
    return check


def _legacy(d) -> str:
    return "CPUBoolType" if d.np.kind == "b" else "torch." + d._legacy     # (torch has no BoolTensor type name)


def MEDIAN_VALUES(r, o, call):
    """median(dim), nanmedian(dim): TensorArg's check (named after median for both)."""
    if r is not o:
        return RuntimeError(f"Expected tensor for 'values' to have the same type as tensor for argument #2 'self'; "
                            f"but type {_legacy(o)} does not equal {_legacy(r)} (while checking arguments for median)")


def MEDIAN_INDICES(r, o, call):
    if o is not int64:
        return RuntimeError(f"Expected tensor for argument #1 'indices' to have scalar type Long; but got "
                            f"{_legacy(o)} instead (while checking arguments for median)")


def KTH_VALUES(r, o, call):
    if r is not o:
        return RuntimeError("output values must be of same type as input")


def KTH_INDICES(r, o, call):
    if o is not int64:
        return RuntimeError("output indices must be of scalar type Long")


def MODE_VALUES(r, o, call):
    if r is not o:
        return RuntimeError(f"expected scalar type '{_cap(r)}' but got '{_cap(o)}' for values output")


def MODE_INDICES(r, o, call):
    if o is not int64:
        return RuntimeError(f"expected scalar type 'Long' but got '{_cap(o)}' for indices output")


# ----------------------------------------------------------------------------------------------
# the wrapped names ember exports
remainder = with_out(division.remainder, "remainder", elementwise=True)
fmod = with_out(division.fmod, "fmod", elementwise=True)
floor_divide = with_out(division.floor_divide, "floor_divide", elementwise=True, grad_name="aten::floor_divide")
reciprocal = with_out(division.reciprocal, "reciprocal", elementwise=True)
floor = with_out(unary.floor, "floor", FOUND, elementwise=True)
ceil = with_out(unary.ceil, "ceil", FOUND, elementwise=True)
round = with_out(unary.round, "round", FOUND, elementwise=True)  # noqa: A001
trunc = with_out(unary.trunc, "trunc", FOUND, elementwise=True)
sign = with_out(unary.sign, "sign", FOUND, elementwise=True)
logical_and = with_out(comparison.logical_and, "logical_and", elementwise=True, differentiable=False)
logical_or = with_out(comparison.logical_or, "logical_or", elementwise=True, differentiable=False)
logical_xor = with_out(comparison.logical_xor, "logical_xor", elementwise=True, differentiable=False)
logical_not = with_out(comparison.logical_not, "logical_not", elementwise=True, differentiable=False)
signbit = with_out(comparison.signbit, "signbit", _bool_only("signbit"), elementwise=True, differentiable=False)
isposinf = with_out(comparison.isposinf, "isposinf", _bool_only("isposinf"), elementwise=True, differentiable=False)
isneginf = with_out(comparison.isneginf, "isneginf", _bool_only("isneginf"), elementwise=True, differentiable=False)
mv = with_out(linalg.mv, "mv", EXPECTED)
addmv = with_out(linalg_addmm.addmv, "addmv", EXPECTED)
baddbmm = with_out(linalg_addmm.baddbmm, "baddbmm", EXPECTED)
outer = with_out(linalg_products.outer, "outer", grad_name="mul")
kron = with_out(linalg_products.kron, "kron", grad_name="mul")
hstack = with_out(joining.hstack, "hstack", CAT, overlap="any", grad_name="cat")
vstack = with_out(joining.vstack, "vstack", CAT, overlap="any", grad_name="cat")
dstack = with_out(joining.dstack, "dstack", CAT, overlap="any", grad_name="cat")
column_stack = with_out(joining.column_stack, "column_stack", CAT, overlap="any", grad_name="cat")
var = with_out(statistics.var, "var")
norm = with_out(statistics.norm, "norm", EXPECTED, grad_name="linalg_vector_norm")
std = with_out(statistics.std, "std")
cumprod = with_out(scan.cumprod, "cumprod", CAST, out_dtype=True, overlap="partial")
logcumsumexp = with_out(scan.logcumsumexp, "logcumsumexp", SCALAR_TYPE, overlap="partial")
cummax = with_outs(scan.cummax, "cummax", lambda a, k: 2, None, values_check=SCALAR_TYPE,
                   indices_check=lambda r, o, call: SCALAR_TYPE(int64, o, call))
cummin = with_outs(scan.cummin, "cummin", lambda a, k: 2, None, values_check=SCALAR_TYPE,
                   indices_check=lambda r, o, call: SCALAR_TYPE(int64, o, call))


def _needs_dim(fn: F, name: str) -> F:
    """median, nanmedian: only the ``dim`` overload takes ``out=``."""
    @functools.wraps(fn)
    def wrapper(*args, out=None, **kwargs):
        if out is not None and len(args) < 2 and "dim" not in kwargs and "axis" not in kwargs:
            raise TypeError(f'{name}() missing 1 required positional arguments: "dim"')
        return fn(*args, out=out, **kwargs) if out is not None else fn(*args, **kwargs)
    return wrapper  # type: ignore[return-value]


median = _needs_dim(with_outs(sorting.median, "median", lambda a, k: 3, None, values_check=MEDIAN_VALUES,
                              indices_check=MEDIAN_INDICES), "median")
nanmedian = _needs_dim(with_outs(sorting.nanmedian, "nanmedian", lambda a, k: 3, None, values_check=MEDIAN_VALUES,
                                 indices_check=MEDIAN_INDICES), "nanmedian")
def keepdim_resized(dim_at: int, always: bool) -> Callable:
    """kthvalue, mode: unless ``keepdim``, torch unsqueezes ``out`` at ``dim`` (kthvalue: only when it has one
    dim fewer than the input), resizes it to the ``keepdim`` shape and squeezes it again: its warning
    names those shapes."""
    def resized(args: tuple, kwargs: dict) -> Callable:
        dim = args[dim_at] if len(args) > dim_at else kwargs.get("dim", -1)
        keepdim = args[dim_at + 1] if len(args) > dim_at + 1 else kwargs.get("keepdim", False)
        ndim = args[0].dim()

        def warn(old: list, new: list) -> str:
            if not keepdim:
                d = dim % (ndim or 1)      # (the builtin max is shadowed here)
                if always or len(old) == ndim - 1:
                    old = old[:d] + [1] + old[d:]
                new = new[:d] + [1] + new[d:]
            return RESIZED(old, new)
        return warn
    return resized


kthvalue = with_outs(sorting.kthvalue, "kthvalue", lambda a, k: 4, None, values_check=KTH_VALUES,
                     indices_check=KTH_INDICES, resized=keepdim_resized(2, False))
mode = with_outs(sorting.mode, "mode", lambda a, k: 3, None, values_check=MODE_VALUES, indices_check=MODE_INDICES,
                 resized=keepdim_resized(1, True))
msort = with_out(sorting.msort, "msort", EXPECTED, grad_name="sort")
cumsum = with_out(scan.cumsum, "cumsum", CAST, out_dtype=True, overlap="partial")
addmm = with_out(linalg_addmm.addmm, "addmm", EXPECTED)
sort = with_outs(sorting.sort, "sort", lambda a, k: 4 if "stable" in k else 3,
                 ("Tensor input, *, bool stable, int dim = -1, bool descending = False, tuple of Tensors out = None",
                  "Tensor input, int dim = -1, bool descending = False, *, tuple of Tensors out = None"),
                 input_layout=True, partial_overlap=True)
topk = with_outs(sorting.topk, "topk", lambda a, k: 5,
                 ("Tensor input, SymInt k, int dim = -1, bool largest = True, bool sorted = True, *, "
                  "tuple of Tensors out = None",), partial_overlap=True)


def _tensordot(fn: F) -> F:
    """tensordot: torch's is a composite whose out= is a recorded ``out.copy_(result)`` (so, unlike the
    others, it allows inputs that require grad: out gets a ``CopyBackwards``)."""
    @functools.wraps(fn)
    def wrapper(a, b, dims=2, out=None):
        if out is None:
            return fn(a, b, dims)
        out = _out_tensor("tensordot", out)
        result = fn(a, b, dims)
        if result.dtype is not out.dtype:
            raise RuntimeError(f"tensordot: Expected the output tensor to have dtype {_cap(result.dtype)}, but got "
                               f"an output tensor with dtype {_cap(out.dtype)}")
        if tuple(out.shape) != tuple(result.shape):
            resize(out, tuple(result.shape))
        return fills.copy_(out, result)
    return wrapper  # type: ignore[return-value]


tensordot = _tensordot(linalg_products.tensordot)



for _fn in (remainder, fmod, floor_divide, reciprocal, floor, ceil, round, trunc, sign, logical_and, logical_or,
            logical_xor, logical_not, signbit, isposinf, isneginf, mv, addmv, baddbmm, outer, kron, hstack, vstack,
            dstack, column_stack, var, std, cumprod, logcumsumexp, cummax, cummin, msort, median, nanmedian, kthvalue,
            mode, cumsum, addmm, sort, topk, tensordot):
    if _fn.__doc__ and "out (Tensor" not in _fn.__doc__:
        _fn.__doc__ = _fn.__doc__.rstrip() + _OUT_DOC
