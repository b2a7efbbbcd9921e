"""``out=`` for the reductions of the families that load on first use (``aggregate``, ``quantile``): all, any,
logsumexp, nansum, nanmean, quantile, nanquantile, each with the dtype rule and the
words torch 2.13 checks them with. ``ember/__init__.py`` exports these names from here, so this module (and
the families) load on the first call of one of them (ember/_lazy.py); ``ops/_out.py`` holds the mechanism."""
from __future__ import annotations

import functools

from .._grad_mode import STATE
from . import aggregate, quantile as _quantile
from ._out import _cap, with_out

__all__ = ["all", "any", "logsumexp", "nansum", "nanmean", "quantile", "nanquantile"]


def _bool_result(name: str):
    def check(r, o, call):
        """all, any: a bool ``out`` only."""
        if o.np.kind != "b":
            return RuntimeError(f"{name} only supports bool tensor for result, got: {_cap(o)}")
    return check


def _floating(r, o, call):
    if o.np.kind not in "fc":
        return RuntimeError(f"logsumexp(): Expected floating point type for result tensor, but got: {_cap(o)}")


def _same_as_input(r, o, call):
    if r is not o:
        return RuntimeError("quantile() out tensor must be same dtype as the input tensor")


all = with_out(aggregate.all, "all", _bool_result("all"), differentiable=False)  # noqa: A001
any = with_out(aggregate.any, "any", _bool_result("any"), differentiable=False)  # noqa: A001
def _nan_reduction(fn, name: str, grad_name: str):
    wrapped = with_out(fn, name, out_dtype=True, grad_name=grad_name)

    @functools.wraps(fn)
    def wrapper(*args, out=None, **kwargs):
        if out is not None and hasattr(out, "_data") and out._data.dtype.kind not in "fc":
            # torch's nansum kernel (nanmean is nansum / n) computes in out's dtype, and has no integer one
            raise NotImplementedError(f'"nansum_cpu" not implemented for \'{_cap(out.dtype)}\'')
        return wrapped(*args, out=out, **kwargs)
    return wrapper


nansum = _nan_reduction(aggregate.nansum, "nansum", "nansum")
nanmean = _nan_reduction(aggregate.nanmean, "nanmean", "nansum")
_logsumexp = with_out(aggregate.logsumexp, "logsumexp", _floating)


@functools.wraps(aggregate.logsumexp)
def logsumexp(input, *args, out=None, **kwargs):  # noqa: A002
    # torch computes in out's dtype: a float32 input into a float64 out is summed in float64
    if out is not None and hasattr(out, "dtype") and hasattr(input, "to") and out.dtype.is_floating_point \
            and out.dtype is not input.dtype and input.dtype.is_floating_point:
        input = input.to(out.dtype)  # noqa: A001
    return _logsumexp(input, *args, out=out, **kwargs)


def _quantile_out(fn, name: str):
    wrapped = with_out(fn, name, _same_as_input, differentiable=False)

    @functools.wraps(fn)
    def wrapper(*args, out=None, **kwargs):
        if out is not None and getattr(out, "_requires_grad", False) and STATE.enabled:
            # torch's quantile writes into out with in-place ops: an out requiring grad fails there
            raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")
        return wrapped(*args, out=out, **kwargs)
    return wrapper


quantile = _quantile_out(_quantile.quantile, "quantile")
nanquantile = _quantile_out(_quantile.nanquantile, "nanquantile")
