"""Tensor's whole method surface, in one table.

``class Tensor`` (``_tensor.py``) holds the data model; every operation a tensor offers as a
method or operator is listed here, by family, and bound onto ``Tensor`` by :func:`bind` when ember
is imported. Type checkers read the same table: under ``TYPE_CHECKING`` ``Tensor`` derives from
:class:`TensorMethods`, so ``x.exp()``, ``x * 2`` and ``x[0]`` are typed from the functions below.
"""
from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from . import _creation as creation
from . import _random_ops as rnd
from . import _numpy_interop as npi
from . import autograd
from ._tensor import Tensor
from .ops import (arithmetic as ar, comparison as cmp, conversion as conv, fills,  # noqa: F401
                  indexing as ix, joining, linalg, reduction as red, selection as sel, shape,
                  unary as un, division as dv, power as pw)
from .ops import shape_compose as shc, shape_extra as shx  # (joining and linalg need them too)
from ._lazy import Deferred, DeferredMethod, family

if TYPE_CHECKING:   # the activations, statistics, scans, sorting, the matrix products, softmax: on first use too
    from .ops import activation as act, statistics as stats, scan, sorting  # noqa: I001
    from .ops import linalg_addmm as lam, linalg_products as lp, nn
else:
    act, stats, scan, sorting, lam, lp, nn = (family("ember.ops." + m) for m in (
        "activation", "statistics", "scan", "sorting", "linalg_addmm", "linalg_products", "nn"))

if TYPE_CHECKING:   # these families load on the first call of one of their methods (_lazy.py); type checkers
    # read them as the imports they stand for
    from .ops import index_ops as ixo, scatter as sc  # noqa: I001
    from .ops import linalg_decomp as ld, linalg_lstsq as lsq, linalg_lu as lu_  # linalg, torch.qr and friends
    from .ops import binary_math as bm, bitwise as bw, special as sp, ternary as tn, trig, unary_extra as ux
    from .ops import special_extra as spx  # torch.special's own functions (mvlgamma)
    from .ops import rnn as rnn_ops  # issue 14's recurrent layers (unsafe_split for their cells)
    from .ops import aggregate as agg, quantile as qtl, search  # issue 9's reductions and search
else:
    ixo, sc, ld, lsq, lu_, bm, bw, sp, tn, trig, ux, spx, rnn_ops, agg, qtl, search = (
        family("ember.ops." + m) for m in (
            "index_ops", "scatter", "linalg_decomp", "linalg_lstsq", "linalg_lu",
            "binary_math", "bitwise", "special", "ternary", "trig", "unary_extra", "special_extra", "rnn",
            "aggregate", "quantile", "search"))

if TYPE_CHECKING:   # issue 7's in-place and storage-level view ops, loaded on first use as well
    from .ops import bitwise_inplace as bwi, index_reduce as ixr, strided as strd  # noqa: I001
else:
    bwi, ixr, strd = (family("ember.ops." + m) for m in ("bitwise_inplace", "index_reduce", "strided"))

if TYPE_CHECKING:   # the op surface's second round: aliases, small in-place forms, more math (loaded on first use)
    from .ops import surface_alias as sfa, surface_math as sfm, surface_stats as sfs  # noqa: I001
    from .ops import surface_scatter as sfc
else:
    sfa, sfm, sfs, sfc = (family("ember.ops." + m) for m in ("surface_alias", "surface_math", "surface_stats",
                                                             "surface_scatter"))

if TYPE_CHECKING:   # tensor queries and the complex API on real tensors (is_signed, conj, H...), on first use too
    from .ops import tensor_queries as tq  # noqa: I001
else:
    tq = family("ember.ops.tensor_queries")

__all__ = ["TensorMethods", "bind"]


class TensorMethods:
    """The table: attribute name on Tensor -> the function that implements it."""

    # ------------------------------------------------------------------ autograd
    backward = autograd.tensor_backward

    # ------------------------------------------------------- arithmetic (ops/arithmetic.py, division.py, power.py)
    __add__ = __radd__ = ar.add_operator
    __sub__ = ar.sub_operator
    __rsub__ = ar.rsub
    __mul__ = __rmul__ = ar.mul_operator
    __truediv__ = dv.truediv
    __rtruediv__ = dv.rtruediv
    __pow__ = pw.pow_operator
    __rpow__ = pw.rpow
    __floordiv__ = dv.floordiv_operator
    __rfloordiv__ = dv.rfloordiv
    __mod__ = dv.mod_operator
    __rmod__ = dv.rmod
    __neg__ = neg = negative = ar.neg
    __pos__ = positive = ar.positive
    __iadd__, __isub__, __imul__, __itruediv__ = ar.iadd, ar.isub, ar.imul, dv.itruediv
    __ipow__, __imod__, __ifloordiv__ = pw.ipow, dv.imod, dv.ifloordiv
    add_, sub_, mul_, div_, pow_ = ar.add_, ar.sub_, ar.mul_, dv.div_, pw.pow_
    remainder_, fmod_, floor_divide_ = dv.remainder_, dv.fmod_, dv.floor_divide_
    neg_ = negative_ = ar.neg_
    add = ar.add_method
    sub, subtract = ar.sub_method, ar.subtract_method
    mul, multiply = ar.mul_method, ar.multiply_method
    div, divide, true_divide = dv.div_method, dv.divide_method, dv.true_divide_method
    true_divide_, divide_ = dv.true_divide_, dv.divide_
    pow = pw.pow_method
    floor_divide = dv.floor_divide_method
    remainder = dv.remainder_method
    fmod = dv.fmod_method
    reciprocal, reciprocal_ = dv.reciprocal, dv.reciprocal_

    # ------------------------------------------------------------------ unary math (ops/unary.py)
    exp, exp_ = un.exp, un.exp_
    log, log_ = un.log, un.log_
    sqrt, sqrt_ = un.sqrt, un.sqrt_
    sin, sin_ = un.sin, un.sin_
    cos, cos_ = un.cos, un.cos_
    tanh, tanh_ = un.tanh, un.tanh_
    sigmoid, sigmoid_ = un.sigmoid, un.sigmoid_
    __abs__ = abs = un.abs
    abs_ = un.abs_
    relu, relu_ = un.relu, un.relu_
    sign, sign_ = un.sign, un.sign_
    floor, floor_ = un.floor, un.floor_
    ceil, ceil_ = un.ceil, un.ceil_
    round, round_ = un.round, un.round_
    trunc, trunc_ = un.trunc, un.trunc_

    # ---------------------------------------------------- more unary math (ops/unary_extra.py, trig.py, special.py)
    log2, log2_, log10, log10_, log1p, log1p_ = ux.log2, ux.log2_, ux.log10, ux.log10_, ux.log1p, ux.log1p_
    exp2, exp2_, expm1, expm1_, rsqrt, rsqrt_ = ux.exp2, ux.exp2_, ux.expm1, ux.expm1_, ux.rsqrt, ux.rsqrt_
    square, square_, sgn, sgn_, frac, frac_ = ux.square, ux.square_, ux.sgn, ux.sgn_, ux.frac, ux.frac_
    logit, logit_, nan_to_num, nan_to_num_ = ux.logit_method, ux.logit_, ux.nan_to_num, ux.nan_to_num_
    tan, tan_, asin, asin_, acos, acos_, atan, atan_ = trig.tan, trig.tan_, trig.asin, trig.asin_, trig.acos, \
        trig.acos_, trig.atan, trig.atan_
    sinh, sinh_, cosh, cosh_, asinh, asinh_ = trig.sinh, trig.sinh_, trig.cosh, trig.cosh_, trig.asinh, trig.asinh_
    acosh, acosh_, atanh, atanh_ = trig.acosh, trig.acosh_, trig.atanh, trig.atanh_
    arcsin, arcsin_, arccos, arccos_, arctan, arctan_ = trig.asin, trig.asin_, trig.acos, trig.acos_, trig.atan, \
        trig.atan_
    arcsinh, arcsinh_, arccosh, arccosh_, arctanh, arctanh_ = trig.asinh, trig.asinh_, trig.acosh, trig.acosh_, \
        trig.atanh, trig.atanh_
    deg2rad, deg2rad_, rad2deg, rad2deg_, sinc, sinc_ = trig.deg2rad, trig.deg2rad_, trig.rad2deg, trig.rad2deg_, \
        trig.sinc, trig.sinc_
    erf, erf_, erfc, erfc_, erfinv, erfinv_ = sp.erf, sp.erf_, sp.erfc, sp.erfc_, sp.erfinv, sp.erfinv_
    lgamma, lgamma_, digamma, digamma_, i0, i0_ = sp.lgamma, sp.lgamma_, sp.digamma, sp.digamma_, sp.i0, sp.i0_
    polygamma, polygamma_ = sp.polygamma_method, sp.polygamma_
    mvlgamma, mvlgamma_ = spx.mvlgamma, spx.mvlgamma_

    # ----------------------------------------------------- binary math (ops/binary_math.py, ternary.py, bitwise.py)
    atan2, atan2_, arctan2, arctan2_ = bm.atan2_method, bm.atan2_, bm.atan2_method, bm.atan2_
    hypot, hypot_, copysign, copysign_ = bm.hypot_method, bm.hypot_, bm.copysign_method, bm.copysign_
    logaddexp, logaddexp2, fmax, fmin = bm.logaddexp_method, bm.logaddexp2_method, bm.fmax_method, bm.fmin_method
    xlogy, xlogy_, lerp, lerp_ = bm.xlogy_method, bm.xlogy_, tn.lerp_method, tn.lerp_
    float_power, float_power_ = bm.float_power_method, bm.float_power_
    addcmul, addcmul_, addcdiv, addcdiv_ = tn.addcmul_method, tn.addcmul_, tn.addcdiv_method, tn.addcdiv_
    bitwise_left_shift, bitwise_left_shift_ = bw.bitwise_left_shift_method, bw.bitwise_left_shift_
    bitwise_right_shift, bitwise_right_shift_ = bw.bitwise_right_shift_method, bw.bitwise_right_shift_
    __lshift__, __rlshift__, __ilshift__ = bw.lshift_operator, bw.rlshift, bw.ilshift
    __rshift__, __rrshift__, __irshift__ = bw.rshift_operator, bw.rrshift, bw.irshift

    # ------------------------------------------------------------------ selection (ops/selection.py)
    clamp, clip = sel.clamp_method, sel.clip_method
    clamp_, clip_ = sel.clamp_, sel.clip_
    clamp_min, clamp_max = sel.clamp_min_method, sel.clamp_max_method
    clamp_min_, clamp_max_ = sel.clamp_min_inplace_method, sel.clamp_max_inplace_method
    maximum = sel.maximum_method
    minimum = sel.minimum_method
    where = sel.where_method

    # ------------------------------------------------------------------ comparison and logic (ops/comparison.py)
    eq, ne = cmp.eq_method, cmp.ne_method
    if TYPE_CHECKING:   # object declares __eq__/__ne__ -> bool; a type checker lets only a def override that
        def __eq__(self, other: Any) -> Tensor: ...  # type: ignore[override]  # noqa: E704
        def __ne__(self, other: Any) -> Tensor: ...  # type: ignore[override]  # noqa: E704
    else:
        __eq__, __ne__ = cmp.eq_operator, cmp.ne_operator
    __lt__, __le__, __gt__, __ge__ = cmp.lt_operator, cmp.le_operator, cmp.gt_operator, cmp.ge_operator
    lt, le, gt, ge = cmp.lt_method, cmp.le_method, cmp.gt_method, cmp.ge_method
    greater, less, greater_equal, less_equal = (cmp.greater_method, cmp.less_method, cmp.greater_equal_method,
                                                cmp.less_equal_method)
    not_equal = cmp.not_equal_method
    logical_and, logical_or, logical_xor = cmp.logical_and_method, cmp.logical_or_method, cmp.logical_xor_method
    logical_not = cmp.logical_not
    logical_and_, logical_or_, logical_xor_, logical_not_ = (cmp.logical_and_, cmp.logical_or_, cmp.logical_xor_,
                                                             cmp.logical_not_)
    __and__ = __rand__ = cmp.and_operator
    __or__ = __ror__ = cmp.or_operator
    __xor__ = __rxor__ = cmp.xor_operator
    bitwise_and, bitwise_or, bitwise_xor = cmp.bitwise_and_method, cmp.bitwise_or_method, cmp.bitwise_xor_method
    __invert__ = cmp.invert
    bitwise_and_, bitwise_or_, bitwise_xor_ = bwi.bitwise_and_, bwi.bitwise_or_, bwi.bitwise_xor_
    bitwise_not_ = bwi.bitwise_not_
    __iand__, __ior__, __ixor__ = bwi.iand, bwi.ior, bwi.ixor
    bitwise_not = cmp.bitwise_not
    isnan, isinf, isfinite = cmp.isnan, cmp.isinf, cmp.isfinite
    isposinf, isneginf, isreal, signbit, isclose = cmp.isposinf, cmp.isneginf, cmp.isreal, cmp.signbit, cmp.isclose
    allclose = cmp.allclose_method
    equal = cmp.equal_method
    eq_, ne_, lt_, le_, gt_, ge_ = sfa.eq_, sfa.ne_, sfa.lt_, sfa.le_, sfa.gt_, sfa.ge_
    greater_, greater_equal_, less_, less_equal_ = sfa.greater_, sfa.greater_equal_, sfa.less_, sfa.less_equal_
    not_equal_ = sfa.not_equal_

    # ------------------------------------------------------ aliases and small forms (ops/surface_alias.py)
    absolute, absolute_, fix, fix_ = sfa.absolute_method, sfa.absolute_, sfa.fix_method, sfa.fix_
    subtract_, multiply_ = sfa.subtract_, sfa.multiply_
    sum_to_size, split_with_sizes, narrow_copy = sfa.sum_to_size, sfa.split_with_sizes_method, sfa.narrow_copy

    # ------------------------------------------------------ more math (ops/surface_math.py)
    diff, heaviside, heaviside_, frexp = sfm.diff, sfm.heaviside, sfm.heaviside_, sfm.frexp
    gcd, gcd_, lcm, lcm_, ldexp, ldexp_ = sfm.gcd, sfm.gcd_, sfm.lcm, sfm.lcm_, sfm.ldexp, sfm.ldexp_
    nextafter, nextafter_, dist, renorm, renorm_ = sfm.nextafter, sfm.nextafter_, sfm.dist, sfm.renorm, sfm.renorm_
    addr, addr_, fill_diagonal_ = sfm.addr, sfm.addr_, sfs.fill_diagonal_
    cov, corrcoef = sfs.cov, sfs.corrcoef
    select_scatter, slice_scatter, diagonal_scatter = sfc.select_scatter, sfc.slice_scatter, sfc.diagonal_scatter
    matrix_exp = sfc.matrix_exp

    # ------------------------------------------------------------------ reductions (ops/reduction.py, statistics.py)
    sum = red.sum
    mean = red.mean
    max = red.max
    min = red.min
    amax = red.amax
    amin = red.amin
    argmax = red.argmax
    argmin = red.argmin
    prod = red.prod
    norm = stats.norm
    var = stats.var
    std = stats.std
    all, any, count_nonzero = agg.all, agg.any, agg.count_nonzero
    nansum, nanmean, logsumexp, aminmax = agg.nansum, agg.nanmean, agg.logsumexp, agg.aminmax
    cumsum, cumprod, cumsum_, cumprod_ = scan.cumsum, scan.cumprod, scan.cumsum_, scan.cumprod_
    cummax, cummin, logcumsumexp = scan.cummax, scan.cummin, scan.logcumsumexp
    sort, argsort, msort, topk, kthvalue = sorting.sort, sorting.argsort, sorting.msort, sorting.topk, sorting.kthvalue
    median, nanmedian, mode = sorting.median, sorting.nanmedian, sorting.mode
    unique, unique_consecutive = search.unique, search.unique_consecutive
    histc, histogram, bincount = search.histc, search.histogram, search.bincount
    quantile, nanquantile = qtl.quantile, qtl.nanquantile

    # ------------------------------------------------------------------ views (ops/shape.py)
    view = shape.view
    view_as = shape.view_as
    reshape = shape.reshape
    reshape_as = shape.reshape_as
    flatten = shape.flatten
    unflatten = shape.unflatten
    unsqueeze = shape.unsqueeze
    squeeze = shape.squeeze
    permute = shape.permute
    transpose = shape.transpose
    swapaxes, swapdims = shape.swapaxes, shape.swapdims
    t = shape.t
    T = property(shape.T)
    mT = property(shape.mT)
    expand = shape.expand
    diagonal, diag, diag_embed, diagflat = shx.diagonal, shx.diag, shx.diag_embed, shx.diagflat
    unfold, narrow, movedim, moveaxis = shx.unfold, shx.narrow, shx.movedim, shx.moveaxis
    repeat, tile, flip, fliplr, flipud = shx.repeat, shx.tile, shx.flip, shx.fliplr, shx.flipud
    roll, rot90 = shx.roll, shx.rot90
    tril, triu, tril_, triu_ = shx.tril, shx.triu, shx.tril_, shx.triu_
    repeat_interleave, ravel, type_as = shc.repeat_interleave, shc.ravel, shc.type_as
    tensor_split, hsplit, vsplit, dsplit = shc.tensor_split, shc.hsplit, shc.vsplit, shc.dsplit
    squeeze_, unsqueeze_ = shc.squeeze_, shc.unsqueeze_
    t_, transpose_, swapaxes_, swapdims_ = shc.t_, shc.transpose_, shc.swapaxes_, shc.swapdims_
    as_strided, as_strided_, storage_offset = strd.as_strided, strd.as_strided_, strd.storage_offset
    resize_, resize_as_ = strd.resize_, strd.resize_as_
    expand_as = shape.expand_as
    broadcast_to = shape.broadcast_to

    # ------------------------------------------------------------------ indexing (ops/indexing.py)
    gather, scatter, scatter_, scatter_add, scatter_add_ = sc.gather, sc.scatter, sc.scatter_, sc.scatter_add, \
        sc.scatter_add_
    scatter_reduce, scatter_reduce_, take_along_dim = sc.scatter_reduce, sc.scatter_reduce_, sc.take_along_dim
    index_add, index_add_, index_copy, index_copy_ = sc.index_add, sc.index_add_, ixo.index_copy, ixo.index_copy_
    index_fill, index_fill_, index_put, index_put_ = ixo.index_fill, ixo.index_fill_, ixo.index_put, ixo.index_put_
    masked_select, masked_scatter, masked_scatter_ = ixo.masked_select, ixo.masked_scatter, ixo.masked_scatter_
    take, put, put_, argwhere = sc.take, ixo.put, ixo.put_, ixo.argwhere
    index_reduce, index_reduce_ = ixr.index_reduce, ixr.index_reduce_
    __getitem__ = ix.getitem
    __setitem__ = ix.setitem
    index_select = sc.index_select
    masked_fill = ix.masked_fill
    masked_fill_ = ix.masked_fill_
    nonzero = ix.nonzero
    select = ix.select
    split = ix.split
    chunk = ix.chunk
    unbind = ix.unbind
    unsafe_split, unsafe_split_with_sizes, unsafe_chunk = rnn_ops.unsafe_split, rnn_ops.unsafe_split_with_sizes, \
        rnn_ops.unsafe_chunk

    # ------------------------------------------------------------------ linear algebra (ops/linalg.py)
    __matmul__ = linalg.matmul_operator
    matmul = linalg.matmul
    __rmatmul__ = linalg.rmatmul
    mm = linalg.mm
    mv = linalg.mv
    dot = linalg.dot
    vdot = linalg.vdot
    bmm = linalg.bmm
    addmm, addmv, addbmm, baddbmm = lam.addmm, lam.addmv, lam.addbmm, lam.baddbmm
    addmm_, addmv_, addbmm_, baddbmm_ = lam.addmm_, lam.addmv_, lam.addbmm_, lam.baddbmm_
    outer, ger, inner, kron, trace, cross = lp.outer, lp.ger, lp.inner, lp.kron, lp.trace, lp.cross
    matrix_power = lp.matrix_power
    det, logdet, slogdet, inverse, pinverse = ld.det, ld.logdet, ld.slogdet, ld.inverse, lsq.pinverse
    svd = ld.svd_legacy
    qr, cholesky, lu, lu_solve = lu_.qr_legacy, lu_.cholesky_legacy, lu_.lu_legacy, lu_.lu_solve_legacy

    # ------------------------------------------------------------------ nn (ops/nn.py)
    softmax = nn.softmax
    log_softmax = nn.log_softmax

    # ------------------------------------------------------------------ activations (ops/activation.py)
    prelu = act.prelu_method
    hardshrink = act.hardshrink_method

    # ------------------------------------------------------------------ conversions (ops/conversion.py)
    clone = conv.clone
    contiguous = conv.contiguous
    to = conv.to
    type = conv.type_
    float = conv.float_
    double = conv.double
    half = conv.half
    long = conv.long
    int = conv.int_
    short = conv.short
    char = conv.char
    byte = conv.byte
    bool = conv.bool_
    cpu = conv.cpu
    cuda = conv.cuda
    is_pinned, pin_memory = conv.is_pinned, conv.pin_memory

    # ------------------------------------------------------ queries, complex API (ops/tensor_queries.py)
    is_cpu, nbytes, itemsize = tq.is_cpu, tq.nbytes, tq.itemsize
    is_xpu, is_mps, is_mkldnn, is_nested = tq.is_xpu, tq.is_mps, tq.is_mkldnn, tq.is_nested
    is_shared, share_memory_ = tq.is_shared, tq.share_memory_
    is_signed, is_nonzero, is_same_size, is_conj, is_neg = tq.is_signed, tq.is_nonzero, tq.is_same_size, \
        tq.is_conj, tq.is_neg
    resolve_conj, resolve_neg, conj, conj_physical, conj_physical_ = tq.resolve_conj, tq.resolve_neg, tq.conj, \
        tq.conj_physical, tq.conj_physical_
    real, imag, H, mH, adjoint = tq.real, tq.imag, tq.H, tq.mH, tq.adjoint
    new_empty_strided = tq.new_empty_strided

    # ------------------------------------------------------------------ writing values (ops/fills.py)
    copy_ = fills.copy_
    fill_ = fills.fill_
    zero_ = fills.zero_

    # ------------------------------------------------------------------ random numbers (_random_ops.py)
    uniform_ = rnd.uniform_
    normal_ = rnd.normal_
    random_ = rnd.random_
    bernoulli_ = rnd.bernoulli_
    exponential_ = rnd.exponential_
    geometric_ = rnd.geometric_
    log_normal_ = rnd.log_normal_
    cauchy_ = rnd.cauchy_
    bernoulli = rnd.bernoulli_method
    multinomial = rnd.multinomial

    # ------------------------------------------------------------------ new tensors like this one (_creation.py)
    new_zeros = creation.new_zeros
    new_ones = creation.new_ones
    new_empty = creation.new_empty
    new_full = creation.new_full
    new_tensor = creation.new_tensor

    # ------------------------------------------------------------------ NumPy's protocols (_numpy_interop.py)
    __array__ = npi.array
    __array_ufunc__ = npi.array_ufunc
    __dlpack__ = npi.dlpack
    __dlpack_device__ = npi.dlpack_device


_NOT_BOUND = {"__module__", "__qualname__", "__doc__", "__dict__", "__weakref__", "__annotations__"}


def _function(entry: Any) -> Any:
    """What a table entry binds: the method form of a torch_args function (ops/_parser.py), else itself."""
    return getattr(entry, "_ember_method", entry)


def _install(name: str, fn: Any) -> Any:
    """Put ``fn`` on Tensor as ``name``; the function's own name (the first the table gives it) sets how
    it prints: ``<bound method Tensor.norm of ...>`` as torch."""
    fn = _function(fn)
    setattr(Tensor, name, fn)
    func = fn.fget if isinstance(fn, property) else fn
    own = _OWN_NAME.setdefault(id(func), name)
    if not own.startswith("__"):
        try:
            func.__qualname__ = "Tensor." + own
        except (AttributeError, TypeError):
            pass
    return fn


_OWN_NAME: dict = {}     # id(function) -> its first name in the table that is not a dunder


def bind() -> None:
    """Set every entry of the table on Tensor (once, from ``ember/__init__``): a function of a family
    that loads on first use goes on as a DeferredMethod (``_lazy.py``), which installs it when read."""
    deferred_own: dict = {}
    for name, fn in vars(TensorMethods).items():
        if name in _NOT_BOUND:
            continue
        if isinstance(fn, Deferred):
            own = deferred_own.setdefault(fn.key, name) if not name.startswith("__") else name
            setattr(Tensor, name, DeferredMethod(name, fn, functools.partial(_install_deferred, own)))
            continue
        if not name.startswith("__"):
            func = _function(fn)
            _OWN_NAME.setdefault(id(func.fget if isinstance(func, property) else func), name)
        _install(name, fn)
    Tensor.__hash__ = object.__hash__   # defining __eq__ does not make tensors unhashable (torch)


def _install_deferred(own: str, name: str, fn: Any) -> Any:
    func = _function(fn)
    if not own.startswith("__"):
        _OWN_NAME.setdefault(id(func.fget if isinstance(func, property) else func), own)
    return _install(name, fn)


def resolved() -> dict:
    """The table with every deferred family loaded: name -> what ``Tensor.name`` is (for tests and tools)."""
    return {name: _function(fn.resolve() if isinstance(fn, Deferred) else fn)
            for name, fn in vars(TensorMethods).items() if name not in _NOT_BOUND}
