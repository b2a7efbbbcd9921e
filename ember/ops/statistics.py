"""Statistics: norm (LinalgVectorNormBackward0), var and std (with ``correction``)."""
from __future__ import annotations

import numpy as np

from .. import _dtype
from .._tensor import Tensor
from .._tensor_data import dtype_arg
from ._parser import torch_args
from ._op import Op
from ._record import apply
from .reduction import _dims, _restore_dims, absent, dense_result, numpy_names
from .shape import check_dims

__all__ = ["norm", "var", "std", "var_mean", "std_mean"]


class LinalgVectorNormBackward0(Op):
    __slots__ = ("ord", "dims", "keepdim")
    _saved_names = ("self", "result")
    _param_names = ("ord", "dim", "keepdim")

    @staticmethod
    def forward(ctx, a, ord, dims, keepdim, single):  # noqa: A002
        ctx.ord, ctx.dims, ctx.keepdim = ord, dims, keepdim
        rd = _real_dtype(a.dtype)
        if single:      # every reduced dim has size 1: torch takes |x| (x != 0 for ord 0) directly
            r = (a != 0) if ord == 0 else np.abs(a)
            if not keepdim and dims:
                r = np.squeeze(r, axis=dims)
        else:
            absa = np.abs(a)
            with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
                if ord == 2:
                    r = np.sqrt(np.sum(absa * absa, axis=dims, keepdims=keepdim))
                elif ord == float("inf"):
                    r = np.max(absa, axis=dims, keepdims=keepdim, initial=0)
                elif ord == float("-inf"):
                    r = np.min(absa, axis=dims, keepdims=keepdim)
                elif ord == 0:
                    r = np.sum(absa != 0, axis=dims, keepdims=keepdim)
                elif ord == 1:
                    r = np.sum(absa, axis=dims, keepdims=keepdim)
                else:
                    r = np.sum(absa ** ord, axis=dims, keepdims=keepdim) ** (1.0 / ord)
        r = dense_result(np.asarray(r, dtype=rd))
        ctx.save(a, r)
        return r

    def backward(ctx, g, xp):   # torch's norm_backward, formula for formula
        a, r = xp.saved(ctx)
        nd = len(a.shape)
        p = ctx.ord
        r = _restore_dims(xp, r, ctx.dims, ctx.keepdim, nd)
        g = _restore_dims(xp, g, ctx.dims, ctx.keepdim, nd)
        if p == 0:
            return (None,)
        if p == 1:
            return (xp.sign(a) * g,)
        if p == 2:
            return (g * xp.where(r == 0, 0.0, a / r),)
        if p in (float("inf"), float("-inf")):
            # the gradient of amax(|x|) respecting NaNs: shared among the extreme (or NaN) elements
            ar = np.abs(a._data if xp.tensor_mode else a)
            rr = r._data if xp.tensor_mode else r
            mask = ((ar == rr) | np.isnan(ar)).astype(ar.dtype)
            count = np.sum(mask, axis=ctx.dims, keepdims=True)
            return (xp.sign(a) * ((g / xp.constant(count)) * xp.constant(mask)),)
        if p < 1:
            scaled = xp.sign(a) * xp.where(a == 0, 0.0, xp.abs(a) ** (p - 1))
            return (scaled * g * r ** (1 - p),)
        scaled = xp.sign(a) * xp.abs(a) ** (p - 1) if p < 2 else a * xp.abs(a) ** (p - 2)
        return (scaled * xp.where(r == 0, 0.0, g / r ** (p - 1)),)


def _real_dtype(npd) -> np.dtype:
    return np.finfo(npd).dtype if npd.kind == "c" else npd


def _scalar_str(v) -> str:
    """A number as torch prints a Scalar in messages (``-2``, ``0.5``, ``inf``)."""
    return format(float(v), "g") if isinstance(v, float) else str(v)


def _stat_dims(dim, ndim: int) -> tuple:
    """``dim`` normalised as reductions do, with torch's error for a repeated dim."""
    if dim is not None and not isinstance(dim, (int, np.integer)) and len(dim) > 1:
        check_dims(dim, ndim)
    return _dims(dim, ndim)


def norm(input: Tensor, p="fro", dim=None, keepdim: bool = False, dtype=None) -> Tensor:  # noqa: A002
    """Return the vector p-norm of ``input`` over all elements, or over the dimension(s) ``dim``.

    ``p`` may be any number, ``inf`` or ``-inf``; ``'fro'`` and ``None`` mean ``2`` (the Frobenius norm of a
    matrix is the 2-norm of its elements). The nuclear norm ``'nuc'`` is not supported. Integer and bool inputs
    are refused, as in torch. Where every reduced dim has size 1 the result is ``|x|`` exactly (no squaring, so
    no underflow), as torch computes it. Gradient conventions follow torch's formulas: for ``p=2`` the gradient
    at a zero norm is 0, not NaN (its second derivative there is NaN, as torch's); for ``p=1`` it is ``sign(x)``
    (0 at 0); for ``p=0`` there is none; for ``p=inf``/``-inf`` it is shared evenly among the tied extreme (or
    NaN) elements.

    Args:
        input (Tensor): the input tensor.
        p (int, float, inf, -inf, 'fro' or None): the order of norm. Default: ``'fro'``.
        dim (int or tuple of ints, optional): the dimension or dimensions to reduce. Default: all of them.
        keepdim (bool): whether the output tensor has ``dim`` retained or not. Default: ``False``.
        dtype (ember.dtype, optional): if given, ``input`` is cast to it before the operation. Default: ``None``.
    """
    if isinstance(p, str):
        if p != "fro" or (dim is not None and not isinstance(dim, (int, np.integer)) and len(dim) > 2):
            # torch hands 'nuc' (and any other string) to linalg.matrix_norm
            from .linalg_norms import matrix_norm   # deferred: linalg_norms builds on this module's vector norm
            given = range(input.ndim) if dim is None else [dim] if isinstance(dim, (int, np.integer)) else dim
            return matrix_norm(input, p, tuple(given), keepdim, dtype=dtype)
        p = 2
    elif p is None:
        p = 2
    dtype = dtype_arg(dtype, "linalg_vector_norm")
    td = input.dtype
    if not (td.is_floating_point or td.is_complex):
        raise RuntimeError(f"linalg.vector_norm: Expected a floating point or complex tensor as input. Got "
                           f"{td._legacy[:-6]}")
    d = input._data
    nd = d.ndim
    ord_ = float(p)
    dims = _stat_dims(dim, nd)
    if d.size == 0 and (ord_ < 0 or ord_ == float("inf")):
        given = () if dim is None else (dim,) if isinstance(dim, (int, np.integer)) else tuple(dim)
        if not given:
            raise RuntimeError(f"linalg.vector_norm cannot compute the {_scalar_str(p)} norm on an empty tensor "
                               "because the operation does not have an identity")
        for k in given:
            if d.shape[_dims(k, nd)[0]] == 0:
                raise RuntimeError(f"linalg.vector_norm cannot compute the {_scalar_str(p)} norm on the dimension "
                                   f"{k}because this dimension is empty and the operation does not have an identity")
    x = input
    if dtype is not None:
        if not (dtype.is_floating_point or dtype.is_complex):
            raise RuntimeError(f"linalg.vector_norm: dtype should be floating point or complex, but got "
                               f"{dtype._legacy[:-6]}")
        if dtype.is_complex != td.is_complex:
            kind = "complex" if td.is_complex else "real"
            raise RuntimeError(f"linalg.vector_norm: dtype should be {kind} for {kind} inputs, but got "
                               f"{dtype._legacy[:-6]}")
        if _dtype.PROMOTE[td, dtype] is not dtype:
            raise RuntimeError(f"linalg.vector_norm: the dtype of the input ({td._legacy[:-6]}) should be convertible "
                               f"without narrowing to the specified dtype ({dtype._legacy[:-6]})")
        x = input.to(dtype)
    single = all(d.shape[k] == 1 for k in dims)
    return apply(LinalgVectorNormBackward0, (x,), (x._data,), ord_, dims, keepdim, single)


class _VarBase(Op):
    __slots__ = ("dims", "keepdim", "correction", "rnumel")
    _saved_names = ("self",)


def _moments(a, dims, correction):
    n = 1
    for d in dims:
        n *= a.shape[d]
    return n, (n - correction if n > correction else 0)  # builtins.max is shadowed by this module's max


def _var64(a, dims, correction, keepdim):
    """The variance, accumulated in double precision as torch's CPU kernel does for float inputs. A float32
    variance of one value (every element reduced) is torch's ``std_var_all_cpu``: the mean taken in float32
    first (``self.mean()``), the deviations in double (so equal values need not give 0: torch's 1.46e-7 for
    three -1.701, whose gradient is then finite)."""
    n, dof = _moments(a, dims, correction)
    x = a.astype(np.complex128 if a.dtype.kind == "c" else np.float64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if a.dtype == np.float32 and n == a.size and n:
            mean = np.float64(np.add.reduce(a, axis=None, dtype=np.float32) / np.float32(n))
        else:
            mean = np.sum(x, axis=dims, keepdims=True) / n
        dev = x - mean
        sq = dev.real * dev.real + dev.imag * dev.imag if x.dtype.kind == "c" else dev * dev
        return np.sum(sq, axis=dims, keepdims=keepdim) / dof


def _var_grad(ctx, g, a, xp):
    """torch's var_backward: without ``dim`` the degrees of freedom come from numel (NaN where x is its
    mean, else inf, when they are <= 0); with ``dim`` they are ``rnumel - correction``, where
    ``rnumel`` is the product of the named dims' sizes (1 for ``dim=()``)."""
    nd = len(a.shape)
    mean = xp.sum(a, ctx.dims, True) / (_moments(a, ctx.dims, 0)[0])
    if ctx.rnumel is None or nd == 0:
        dof = _moments(a, tuple(range(nd)), 0)[0] - ctx.correction
        if dof <= 0:
            ar = a._data if xp.tensor_mode else a
            same = ar == np.sum(ar, axis=ctx.dims, keepdims=True) / max(ar.size, 1)
            return g * xp.constant(np.where(same, np.nan, np.inf).astype(_real_dtype(ar.dtype)))
        return (2.0 / dof) * g * (a - mean)
    if not ctx.keepdim and nd > 1:
        g = _restore_dims(xp, g, ctx.dims, False, nd)
    denom = ctx.rnumel - ctx.correction
    scale = 2.0 / denom if denom else float("inf")
    return scale * g * (a - mean)


class VarBackward0(_VarBase):
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, dims, correction, keepdim, rnumel):
        ctx.dims, ctx.keepdim, ctx.correction, ctx.rnumel = dims, keepdim, correction, rnumel
        ctx.save(a)
        with np.errstate(over="ignore"):
            return dense_result(np.asarray(_var64(a, dims, correction, keepdim), dtype=_real_dtype(a.dtype)))

    def backward(ctx, g, xp):
        a, = xp.saved(ctx)
        return (_var_grad(ctx, g, a, xp),)


class StdBackward0(_VarBase):
    __slots__ = ()
    _saved_names = ("self", "result")

    @staticmethod
    def forward(ctx, a, dims, correction, keepdim, rnumel):
        ctx.dims, ctx.keepdim, ctx.correction, ctx.rnumel = dims, keepdim, correction, rnumel
        with np.errstate(over="ignore", invalid="ignore"):
            r = dense_result(np.asarray(np.sqrt(_var64(a, dims, correction, keepdim)), dtype=_real_dtype(a.dtype)))
        ctx.save(a, r)
        return r

    def backward(ctx, g, xp):
        a, r = xp.saved(ctx)
        # torch's std_backward: var_backward of grad / (2 std), 0 where std is 0
        return (_var_grad(ctx, xp.where(r == 0, 0.0, g / (r * 2)), a, xp),)


def _var_args(input, dim, unbiased, keepdim, correction, name):  # noqa: A002
    if isinstance(dim, bool):  # var(unbiased) positional form
        unbiased, dim = dim, None
    if correction is None:
        correction = 1 if unbiased is None or unbiased else 0
    elif isinstance(correction, int) and not -(1 << 63) <= correction < (1 << 64):
        raise OverflowError("int too big to convert" if correction > 0 else "can't convert negative int to unsigned")
    td = input.dtype
    if not (td.is_floating_point or td.is_complex):
        raise RuntimeError(f"{'std and var' if name in ('std', 'var') else name} only support floating point and "
                           "complex dtypes")
    d = input._data
    dims = _stat_dims(dim, d.ndim)
    rnumel = None
    if dim is not None:      # torch's backward tells var(dim=...) from var(): its rnumel
        rnumel = 1
        for k in ((dim,) if isinstance(dim, (int, np.integer)) else dim):
            rnumel *= d.shape[_dims(k, d.ndim)[0]] if d.ndim else 1
    n, _ = _moments(d, dims, correction)
    if n - correction <= 0:
        import warnings
        warnings.warn(f"{name}(): degrees of freedom is <= 0. Correction should be strictly less than the reduction "
                      "factor (input numel divided by output numel).", UserWarning, stacklevel=3)
    return d, dims, correction, keepdim, rnumel


@torch_args
@numpy_names
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
    d, dims, c, k, rn = _var_args(input, dim, unbiased, keepdim, correction, "var")
    return apply(VarBackward0, (input,), (d,), dims, c, k, rn)


@torch_args
@numpy_names
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
    d, dims, c, k, rn = _var_args(input, dim, unbiased, keepdim, correction, "std")
    return apply(StdBackward0, (input,), (d,), dims, c, k, rn)


def _mean_grad(ctx, g, a, xp):
    """mean_backward over ``ctx.dims``: the gradient spread evenly over the reduced elements."""
    nd = len(a.shape)
    n = _moments(a, ctx.dims, 0)[0]
    return xp.expand(_restore_dims(xp, g, ctx.dims, ctx.keepdim, nd), tuple(a.shape)) / n


def _mean_of(a, dims, keepdim):
    with np.errstate(divide="ignore", invalid="ignore"):
        return dense_result(np.asarray(np.sum(a, axis=dims, keepdims=keepdim) / _moments(a, dims, 0)[0],
                                       dtype=a.dtype))


def _welford_mean(a, dims, keepdim):
    """var_mean's and std_mean's mean as torch's Welford pass gives it: where the input holds an infinity,
    ``x - mean`` turns the running mean NaN at the next element, so the mean is the infinity only when it is
    the one infinity and the last element read (in index order), else NaN (``mean`` alone says inf)."""
    mean = _mean_of(a, dims, keepdim)
    if a.size == 0 or a.dtype.kind not in "fc" or np.isfinite(mean).all():
        return mean
    axes = tuple(range(a.ndim)) if dims is None else tuple(dims)
    inf = np.isinf(a)
    count = inf.sum(axis=axes, keepdims=True)
    last = tuple(slice(-1, None) if k in axes else slice(None) for k in range(a.ndim))
    kept = (count == 1) & inf[last]
    if not keepdim:
        kept = kept.reshape(np.shape(mean))
    return dense_result(np.asarray(np.where(np.isinf(mean) & ~kept, np.nan, mean), dtype=a.dtype))


class VarMeanBackward0(_VarBase):
    """Two outputs, one node: the variance's gradient (as var's) plus the mean's (as mean's)."""
    __slots__ = ()
    multi_output = True

    @staticmethod
    def forward(ctx, a, dims, correction, keepdim, rnumel):
        return VarBackward0.forward(ctx, a, dims, correction, keepdim, rnumel), _welford_mean(a, dims, keepdim)

    def backward(ctx, grads, xp):
        a, = xp.saved(ctx)
        if absent(xp, grads[1]):    # torch leaves out the term of an output that got no gradient
            return (_var_grad(ctx, grads[0], a, xp),)
        if absent(xp, grads[0]):
            return (_mean_grad(ctx, grads[1], a, xp),)
        return (_var_grad(ctx, grads[0], a, xp) + _mean_grad(ctx, grads[1], a, xp),)


class StdMeanBackward0(_VarBase):
    __slots__ = ()
    _saved_names = ("self", "result0")
    multi_output = True

    @staticmethod
    def forward(ctx, a, dims, correction, keepdim, rnumel):
        return StdBackward0.forward(ctx, a, dims, correction, keepdim, rnumel), _welford_mean(a, dims, keepdim)

    def backward(ctx, grads, xp):
        a, r = xp.saved(ctx)
        g = grads[0]
        if absent(xp, g):
            return (_mean_grad(ctx, grads[1], a, xp),)
        std_part = _var_grad(ctx, xp.where(r == 0, 0.0, g / (r * 2)), a, xp)
        return (std_part if absent(xp, grads[1]) else std_part + _mean_grad(ctx, grads[1], a, xp),)


@torch_args
@numpy_names
def var_mean(input: Tensor, dim=None, unbiased=None, keepdim: bool = False, *, correction=None) -> tuple:  # noqa: A002
    """Return ``(var, mean)`` of ``input`` over the dimension(s) ``dim``, as one op with two outputs.

    The arguments are :func:`var`'s (``correction``, legacy ``unbiased``, a bool in place of ``dim``).
    """
    d, dims, c, k, rn = _var_args(input, dim, unbiased, keepdim, correction, "var_mean")
    return apply(VarMeanBackward0, (input,), (d,), dims, c, k, rn)


@torch_args
@numpy_names
def std_mean(input: Tensor, dim=None, unbiased=None, keepdim: bool = False, *, correction=None) -> tuple:  # noqa: A002
    """Return ``(std, mean)`` of ``input`` over the dimension(s) ``dim``, as one op with two outputs.

    The arguments are :func:`std`'s (``correction``, legacy ``unbiased``, a bool in place of ``dim``).
    """
    d, dims, c, k, rn = _var_args(input, dim, unbiased, keepdim, correction, "std_mean")
    return apply(StdMeanBackward0, (input,), (d,), dims, c, k, rn)
