"""Statistics: norm (LinalgVectorNormBackward0), var and std (with ``correction``)."""
from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from ._op import Op
from ._promotion import float_input
from ._record import apply
from .reduction import _dims, _restore_dims

__all__ = ["norm", "var", "std"]


class LinalgVectorNormBackward0(Op):
    __slots__ = ("ord", "dims", "keepdim")
    _saved_names = ("self", "result")
    _param_names = ("ord", "dim", "keepdim")

    @staticmethod
    def forward(ctx, a, ord, dims, keepdim):  # noqa: A002
        ctx.ord, ctx.dims, ctx.keepdim = ord, dims, keepdim
        absa = np.abs(a)
        if ord == 2:
            r = np.sqrt(np.sum(absa * absa, axis=dims, keepdims=keepdim))
        elif ord == float("inf"):
            r = np.max(absa, axis=dims, keepdims=keepdim)
        elif ord == float("-inf"):
            r = np.min(absa, axis=dims, keepdims=keepdim)
        elif ord == 0:
            r = np.sum(absa != 0, axis=dims, keepdims=keepdim).astype(a.dtype)
        elif ord == 1:
            r = np.sum(absa, axis=dims, keepdims=keepdim)
        else:
            r = np.sum(absa ** ord, axis=dims, keepdims=keepdim) ** (1.0 / ord)
        r = np.asarray(r, dtype=a.dtype)
        ctx.save(a, r)
        return r

    def backward(ctx, g, xp):
        a, r = xp.saved(ctx)
        nd = len(a.shape)
        p = ctx.ord
        r = _restore_dims(xp, r, ctx.dims, ctx.keepdim, nd)
        g = _restore_dims(xp, g, ctx.dims, ctx.keepdim, nd)
        if p == 0:
            return (g * 0 * a,)
        if p == 1:
            return (g * xp.sign(a),)
        if p == 2:
            # zero norm: gradient 0, not nan (torch special-cases it); safe divisor for 2nd order
            zero = r == 0
            return (xp.where(zero, 0.0, g * a / xp.where(zero, 1.0, r)),)
        if p in (float("inf"), float("-inf")):
            mask = xp.abs(a) == r
            count = xp.sum(xp.constant(mask * 1.0), ctx.dims, True)
            return (xp.where(mask, g * xp.sign(a) / count, 0.0),)
        absa = xp.abs(a)
        zero = r == 0
        return (xp.where(zero, 0.0, g * xp.sign(a) * absa ** (p - 1) / xp.where(zero, 1.0, r) ** (p - 1)),)


def norm(input: Tensor, p="fro", dim=None, keepdim: bool = False, dtype=None) -> Tensor:  # noqa: A002
    """Return the vector p-norm of ``input`` over all elements, or over the dimension(s) ``dim``.

    ``p`` may be any number, ``inf`` or ``-inf``; ``'fro'`` and ``None`` mean ``2`` (the Frobenius norm of a
    matrix is the 2-norm of its elements). The nuclear norm ``'nuc'`` is not supported. Integer inputs give the
    default float dtype. Gradient conventions follow torch: for ``p=2`` the gradient at a zero norm is 0, not
    NaN; for ``p=1`` it is ``sign(x)`` (0 at 0); for ``p=inf``/``-inf`` it is shared evenly among the tied
    extreme elements.

    Args:
        input (Tensor): the input tensor.
        p (int, float, inf, -inf, 'fro' or None): the order of norm. Default: ``'fro'``.
        dim (int or tuple of ints, optional): the dimension or dimensions to reduce. Default: all of them.
        keepdim (bool): whether the output tensor has ``dim`` retained or not. Default: ``False``.
        dtype (ember.dtype, optional): if given, ``input`` is cast to it before the operation. Default: ``None``.
    """
    if p == "fro" or p is None:
        p = 2
    if p == "nuc":
        raise NotImplementedError("nuclear norm is not supported by ember yet")
    x = input if dtype is None else input.to(dtype)
    d = float_input(x)
    return apply(LinalgVectorNormBackward0, (x,), (d,), float(p), _dims(dim, d.ndim), keepdim)


class _VarBase(Op):
    __slots__ = ("dims", "keepdim", "correction")
    _saved_names = ("self",)


def _moments(a, dims, correction):
    n = 1
    for d in dims:
        n *= a.shape[d]
    return n, (n - correction if n > correction else 0)  # builtins.max is shadowed by this module's max


class VarBackward0(_VarBase):
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, dims, correction, keepdim):
        ctx.dims, ctx.keepdim, ctx.correction = dims, keepdim, correction
        ctx.save(a)
        _, dof = _moments(a, dims, correction)
        with np.errstate(divide="ignore", invalid="ignore"):
            dev = a - a.mean(axis=dims, keepdims=True)
            return np.asarray(np.sum(dev * dev, axis=dims, keepdims=keepdim) / dof, dtype=a.dtype)

    def backward(ctx, g, xp):
        a, = xp.saved(ctx)
        _, dof = _moments(a, ctx.dims, ctx.correction)
        g = _restore_dims(xp, g, ctx.dims, ctx.keepdim, len(a.shape))
        dev = a - xp.sum(a, ctx.dims, True) / (_moments(a, ctx.dims, 0)[0])
        return (g * 2.0 * dev / dof,)


class StdBackward0(_VarBase):
    __slots__ = ()
    _saved_names = ("self", "result")

    @staticmethod
    def forward(ctx, a, dims, correction, keepdim):
        r = np.sqrt(VarBackward0.forward(ctx, a, dims, correction, keepdim))
        ctx.save(a, r)
        return r

    def backward(ctx, g, xp):
        a, r = xp.saved(ctx)
        _, dof = _moments(a, ctx.dims, ctx.correction)
        g = _restore_dims(xp, g, ctx.dims, ctx.keepdim, len(a.shape))
        r = _restore_dims(xp, r, ctx.dims, ctx.keepdim, len(a.shape))
        dev = a - xp.sum(a, ctx.dims, True) / (_moments(a, ctx.dims, 0)[0])
        zero = r == 0      # 0 where std is 0, as torch; the safe divisor keeps NaN out of 2nd order
        return (xp.where(zero, 0.0, g * dev / (dof * xp.where(zero, 1.0, r))),)


def _var_args(input, dim, unbiased, keepdim, correction, name):
    if isinstance(dim, bool):  # var(unbiased) positional form
        unbiased, dim = dim, None
    if correction is None:
        correction = 1 if unbiased is None or unbiased else 0
    d = float_input(input)
    dims = _dims(dim, d.ndim)
    n, _ = _moments(d, dims, correction)
    if n - correction <= 0:
        import warnings
        warnings.warn(f"{name}(): degrees of freedom is <= 0. Correction should be strictly less than the reduction "
                      "factor (input numel divided by output numel).", UserWarning, stacklevel=3)
    return d, dims, correction, keepdim


def var(input: Tensor, dim=None, unbiased=None, keepdim: bool = False, *, correction=None) -> Tensor:  # noqa: A002
    """Calculate the variance over the dimension(s) ``dim`` (all elements by default).

    The divisor is ``N - correction``, where ``N`` is the number of elements reduced; the default
    ``correction=1`` is Bessel's correction. ``unbiased=False`` means ``correction=0``, and a bool passed in place
    of ``dim`` is taken as ``unbiased``, as in torch. A ``UserWarning`` is issued when
    ``N - correction <= 0`` (the result is then ``inf`` or ``nan``).

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension or dimensions to reduce. Default: all of them.
        unbiased (bool, optional): legacy form of ``correction``: ``True`` is 1, ``False`` is 0. Default: ``None``.
        keepdim (bool): whether the output tensor has ``dim`` retained or not. Default: ``False``.

    Keyword args:
        correction (int, optional): difference between the sample size and the degrees of freedom.
            Default: ``1``.
    """
    d, dims, c, k = _var_args(input, dim, unbiased, keepdim, correction, "var")
    return apply(VarBackward0, (input,), (d,), dims, c, k)


def std(input: Tensor, dim=None, unbiased=None, keepdim: bool = False, *, correction=None) -> Tensor:  # noqa: A002
    """Calculate the standard deviation over the dimension(s) ``dim`` (all elements by default).

    The divisor is ``N - correction``, where ``N`` is the number of elements reduced; the default
    ``correction=1`` is Bessel's correction. ``unbiased=False`` means ``correction=0``, and a bool passed in place
    of ``dim`` is taken as ``unbiased``, as in torch. A ``UserWarning`` is issued when
    ``N - correction <= 0`` (the result is then ``inf`` or ``nan``). Where the result is 0,
    the gradient is 0 (not NaN).

    Args:
        input (Tensor): the input tensor.
        dim (int or tuple of ints, optional): the dimension or dimensions to reduce. Default: all of them.
        unbiased (bool, optional): legacy form of ``correction``: ``True`` is 1, ``False`` is 0. Default: ``None``.
        keepdim (bool): whether the output tensor has ``dim`` retained or not. Default: ``False``.

    Keyword args:
        correction (int, optional): difference between the sample size and the degrees of freedom.
            Default: ``1``.
    """
    d, dims, c, k = _var_args(input, dim, unbiased, keepdim, correction, "std")
    return apply(StdBackward0, (input,), (d,), dims, c, k)
