"""Op-table rows for issue 9's reductions ops (appended to ``op_table.OPS``; see op_table.py for the entry format).

Ops that pick elements (sort, topk, kthvalue, median, mode, cummax...) use the ``distinct`` domain so each
gradient goes to one well-defined element; multi-output ops are reduced to one tensor in the row
(``.values``, or a weighted sum of both outputs) and their node is reached through it.
"""
from __future__ import annotations

import numpy as np

from op_table import E, U, U0, BCAST, Long, Bool, real, positive, away, distinct, avoiding  # noqa: F401


def with_zeros(rng, shape, i):
    """Uniform in [-2, 2] with about a third of the elements exactly 0 (cumprod's gradient at zeros; the
    product is a polynomial, so finite differences stay exact there)."""
    vals = rng.uniform(-2.0, 2.0, size=shape)
    return np.where(rng.random(shape) < 0.35, 0.0, vals)


R3 = (2, 3, 2)

OPS_REDUCTIONS: list = [
    # ---------------- NumPy spellings (ops/reduction.py numpy_names)
    E("sum_axis_keepdims", lambda m, a: a.sum(axis=1, keepdims=True), [(U,)], grad_fn="SumBackward1"),
    E("mean_axis", lambda m, a: m.mean(a, axis=(0, 1)), [(U,)], grad_fn="MeanBackward1"),
    E("amax_axis", lambda m, a: a.amax(axis=0, keepdims=True), [(U,)], domain=distinct, grad_fn="AmaxBackward0"),
    E("max_axis", lambda m, a: a.max(axis=1).values, [(U,)], domain=distinct, grad_fn="MaxBackward0"),
    E("prod_axis", lambda m, a: m.prod(a, axis=1, keepdims=True), [(U,)], domain=away, grad_fn="ProdBackward1"),
    E("std_axis", lambda m, a: a.std(axis=1, keepdims=True), [(U,)], grad_fn="StdBackward0"),
    E("var_correction", lambda m, a: a.var(1, correction=0), [(U,)], grad_fn="VarBackward0"),
    E("std_correction_2", lambda m, a: m.std(a, correction=2), [(U,)], grad_fn="StdBackward0"),
    # ---------------- aggregate.py
    E("logsumexp", lambda m, a: a.logsumexp(1), [(U,), (R3,)], grad_fn="LogsumexpBackward0"),
    E("logsumexp_dims_keepdim", lambda m, a: m.logsumexp(a, (0, 2), keepdim=True), [(R3,)],
      grad_fn="LogsumexpBackward0"),
    E("logsumexp_0d", lambda m, a: m.logsumexp(a, 0), [((),)], grad_fn="LogsumexpBackward0"),
    E("nansum", lambda m, a: a.nansum(), U0, grad_fn="NansumBackward0"),
    E("nansum_dim", lambda m, a: m.nansum(a, 1, keepdim=True), [(U,), (R3,)], grad_fn="NansumBackward0"),
    E("nanmean", lambda m, a: a.nanmean(), [(U,)], grad_fn="DivBackward0"),
    E("nanmean_dim", lambda m, a: m.nanmean(a, dim=(0, 2)), [(R3,)], grad_fn="DivBackward0"),
    E("aminmax", lambda m, a: (lambda r: r.min * 2 + r.max)(m.aminmax(a)), [(U,)], domain=distinct,
      grad_fn="AddBackward0"),
    E("aminmax_dim", lambda m, a: (lambda r: r[0] - r[1] * 3)(a.aminmax(dim=1, keepdim=True)), [(U,)],
      domain=distinct, grad_fn="SubBackward0"),
    # ---------------- statistics.py
    E("var_mean", lambda m, a: (lambda r: r[0] * 2 + r[1])(m.var_mean(a, 1)), [(U,)], grad_fn="AddBackward0"),
    E("var_mean_all", lambda m, a: m.var_mean(a, correction=0)[0], [(U,)], grad_fn="VarMeanBackward0"),
    E("std_mean", lambda m, a: (lambda r: r[0] - r[1])(m.std_mean(a, (0,), keepdim=True)), [(U,)],
      grad_fn="SubBackward0"),
    E("std_mean_mean_only", lambda m, a: m.std_mean(a)[1], [(U,)], grad_fn="StdMeanBackward0"),
    # ---------------- scan.py
    E("cumsum", lambda m, a: a.cumsum(1), [(U,), (R3,)], grad_fn="CumsumBackward0"),
    E("cumsum_0d", lambda m, a: m.cumsum(a, 0), [((),)], grad_fn="CumsumBackward0"),
    E("cumsum_dtype", lambda m, a: m.cumsum(a, -1, dtype=m.float64), [(U,)], grad_fn="CumsumBackward0"),
    E("cumsum_inplace", lambda m, a: (a * 1).cumsum_(0), [(U,)], grad_fn="CumsumBackward0"),
    E("cumprod", lambda m, a: a.cumprod(-1), [(U,), ((4,),)], domain=away, grad_fn="CumprodBackward0"),
    E("cumprod_zeros", lambda m, a: m.cumprod(a, 0), [((5, 3),), ((4,),)], domain=with_zeros,
      grad_fn="CumprodBackward0"),
    E("cumprod_0d", lambda m, a: a.cumprod(0), [((),)], grad_fn="CumprodBackward0"),
    E("cumprod_inplace", lambda m, a: (a * 1).cumprod_(1), [(U,)], domain=away, grad_fn="CumprodBackward0"),
    E("cummax", lambda m, a: a.cummax(1).values, [(U,), (R3,)], domain=distinct, grad_fn="CummaxBackward0"),
    E("cummin", lambda m, a: m.cummin(a, 0)[0], [(U,), ((),)], domain=distinct, grad_fn="CumminBackward0"),
    E("logcumsumexp", lambda m, a: a.logcumsumexp(-1), [(U,), ((),)], grad_fn="LogcumsumexpBackward0"),
    E("logcumsumexp_dim0", lambda m, a: m.logcumsumexp(a, 0), [(R3,)], grad_fn="LogcumsumexpBackward0"),
    # ---------------- sorting.py
    E("sort", lambda m, a: a.sort().values, [(U,), ((),)], domain=distinct, grad_fn="SortBackward0"),
    E("sort_descending_dim0", lambda m, a: m.sort(a, 0, descending=True)[0], [(U,), (R3,)], domain=distinct,
      grad_fn="SortBackward0"),
    E("sort_stable", lambda m, a: a.sort(dim=1, stable=True).values, [(U,)], domain=distinct,
      grad_fn="SortBackward1"),
    E("msort", lambda m, a: m.msort(a), [(U,)], domain=distinct, grad_fn="SortBackward0"),
    E("topk", lambda m, a: a.topk(2).values, [(U,)], domain=distinct, grad_fn="TopkBackward0"),
    E("topk_smallest_dim0", lambda m, a: m.topk(a, 1, dim=0, largest=False)[0], [(U,), (R3,)], domain=distinct,
      grad_fn="TopkBackward0"),
    E("kthvalue", lambda m, a: a.kthvalue(2).values, [(U,)], domain=distinct, grad_fn="KthvalueBackward0"),
    E("kthvalue_keepdim", lambda m, a: m.kthvalue(a, 1, 0, keepdim=True)[0], [(U,), ((),)], domain=distinct,
      grad_fn="KthvalueBackward0"),
    E("median", lambda m, a: a.median(), [(U,), ((4,),)], domain=distinct, grad_fn="MedianBackward0"),
    E("median_dim", lambda m, a: a.median(1).values, [(U,), (R3,)], domain=distinct, grad_fn="MedianBackward1"),
    E("median_dim_keepdim", lambda m, a: m.median(a, 0, keepdim=True)[0], [((4, 3),)], domain=distinct,
      grad_fn="MedianBackward1"),
    E("nanmedian", lambda m, a: a.nanmedian(), [(U,)], domain=distinct, grad_fn="NanmedianBackward0"),
    E("nanmedian_dim", lambda m, a: m.nanmedian(a, -1).values, [(U,)], domain=distinct,
      grad_fn="NanmedianBackward1"),
    E("mode", lambda m, a: a.mode(1).values, [(U,)], domain=distinct, grad_fn="ModeBackward0"),
    # ---------------- quantile.py (composed as torch: sort, view, gather, lerp_, squeeze_)
    E("quantile", lambda m, a: a.quantile(0.3), [(U,), ((4,),)], domain=distinct, grad_fn="SqueezeBackward4"),
    E("quantile_dim_keepdim", lambda m, a: m.quantile(a, 0.6, dim=1, keepdim=True), [(U,), (R3,)], domain=distinct,
      grad_fn="SqueezeBackward4"),
    E("quantile_dim0", lambda m, a: a.quantile(0.25, 0), [(R3,)], domain=distinct, grad_fn="SqueezeBackward4"),
    E("quantile_lower", lambda m, a: a.quantile(0.3, 1, interpolation="lower"), [(U,)], domain=distinct,
      grad_fn="SqueezeBackward4"),
    E("quantile_higher", lambda m, a: m.quantile(a, 0.3, interpolation="higher"), [(U,)], domain=distinct,
      grad_fn="SqueezeBackward4"),
    E("quantile_midpoint", lambda m, a: a.quantile(0.5, -1, interpolation="midpoint"), [(U,)], domain=distinct,
      grad_fn="SqueezeBackward4"),
    E("quantile_nearest", lambda m, a: a.quantile(0.7, 0, interpolation="nearest"), [(U,)], domain=distinct,
      grad_fn="SqueezeBackward4"),
    E("nanquantile", lambda m, a: m.nanquantile(a, 0.4, 1), [(U,)], domain=distinct, grad_fn="SqueezeBackward4"),
    E("mode_dim0_keepdim", lambda m, a: m.mode(a, 0, keepdim=True)[0], [(U,)], domain=distinct,
      grad_fn="ModeBackward0"),
]
