"""Issue 9's reductions, scans, sorting and search ops at their edges, against torch 2.13 live.

The op table (tests/op_table_reductions.py) checks values and gradients on generic samples; here each case
runs the same code on ember and torch (tests/behave.py) and compares what each observes: values, dtypes,
shapes, indices, grad_fn names, gradients, reprs, exception classes and messages. It covers the ops that
have no gradient (all/any, argsort, unique, searchsorted, histc, bincount...), NaNs and ties, empty and 0-d
inputs, integer inputs, NumPy's ``axis``/``keepdims`` spellings, and wrong dims, dtypes and shapes.
"""
from __future__ import annotations

import pytest
from behave import catch, same  # noqa: F401  (skips without torch)

NAN, INF = float("nan"), float("inf")
GRID = [[3., 1., 2., 1.], [0., -1., 5., 5.], [2., 2., 2., 7.]]
NAN_GRID = [[3., NAN, 2., 1.], [0., -1., 5., 5.], [NAN, NAN, NAN, NAN]]

# ================================================================ values of ops without a gradient
VALUES = {
    "all": lambda T: [T.tensor(GRID).all(), T.tensor(GRID).all(1), T.tensor(GRID).all((0, 1), keepdim=True)],
    "any": lambda T: [T.tensor(GRID).any(), T.tensor(GRID).any(0), T.zeros(2, 0).any(1), T.zeros(0).all()],
    "all_uint8": lambda T: [T.tensor([1, 2], dtype=T.uint8).all(), T.tensor([0, 2], dtype=T.uint8).any(0)],
    "all_axis": lambda T: [T.all(T.tensor(GRID), axis=1), T.tensor(GRID).any(axis=0, keepdims=True)],
    "all_0d": lambda T: [T.tensor(0.).all(), T.tensor(2).any(0), T.tensor(True).all(-1, keepdim=True)],
    "all_nan": lambda T: [T.tensor([NAN, 1.]).all(), T.tensor([NAN, 0.]).any()],
    "count_nonzero": lambda T: [T.count_nonzero(T.tensor(GRID)), T.tensor(GRID).count_nonzero(0),
                                T.tensor(GRID).count_nonzero((0, 1)), T.tensor(NAN_GRID).count_nonzero(dim=1),
                                T.tensor(3.).count_nonzero(), T.zeros(2, 0).count_nonzero(0)],
    "argmax_keepdim": lambda T: [T.tensor(GRID).argmax(1, keepdim=True), T.tensor(GRID).argmin(0, True),
                                 T.tensor(GRID).argmax(axis=1, keepdims=True), T.argmin(T.tensor(GRID), axis=0)],
    "argmax_nan_ties": lambda T: [T.tensor(NAN_GRID).argmax(1), T.tensor(NAN_GRID).argmin(1), T.tensor(GRID).argmax()],
    "argsort": lambda T: [T.tensor(GRID).argsort(), T.argsort(T.tensor(GRID), 0, descending=True),
                          T.tensor(NAN_GRID).argsort(1), T.tensor(NAN_GRID).argsort(dim=1, descending=True),
                          T.tensor(GRID).argsort(stable=True), T.tensor(3.).argsort()],
    "argsort_int_bool": lambda T: [T.tensor([3, 1, 2, 1]).argsort(), T.tensor([True, False, True]).argsort()],
    "unique": lambda T: [T.unique(T.tensor([3., 1., 2., 1., 3.])), T.tensor([2, 1, 2]).unique(return_counts=True),
                         T.unique(T.tensor([[1, 2], [3, 1]]), return_inverse=True, return_counts=True)],
    "unique_nan": lambda T: T.unique(T.tensor([3., NAN, 1., NAN, 3.]), return_inverse=True, return_counts=True),
    "unique_dim": lambda T: [T.unique(T.tensor([[1, 2], [1, 2], [0, 5]]), dim=0, return_inverse=True,
                                      return_counts=True), T.tensor([[1, 2, 1], [3, 4, 3]]).unique(dim=1),
                             T.tensor([[1, 2], [1, 2]]).unique(dim=-1, return_inverse=True)],
    "unique_0d_empty": lambda T: [T.unique(T.tensor(3.), return_inverse=True), T.unique(T.zeros(0)),
                                  T.tensor([True, False, True]).unique(), T.zeros(2, 0).unique(return_counts=True)],
    "unique_unsorted": lambda T: T.unique(T.tensor([5, 3, 9, 3, 1, 5]), sorted=False),
    "unique_consecutive": lambda T: [T.unique_consecutive(T.tensor([1, 1, 2, 2, 3, 1, 1, 2]), return_inverse=True,
                                                          return_counts=True),
                                     T.tensor([[1, 1], [1, 1], [2, 3]]).unique_consecutive(dim=0, return_counts=True),
                                     T.tensor([[1, 1, 2], [1, 1, 3]]).unique_consecutive(return_inverse=True, dim=1),
                                     T.unique_consecutive(T.tensor(3.), return_inverse=True, return_counts=True),
                                     T.unique_consecutive(T.tensor([NAN, NAN, 1.])), T.zeros(0).unique_consecutive()],
    "searchsorted": lambda T: [T.searchsorted(T.tensor([1, 3, 5, 7, 9]), T.tensor([[3, 6, 9], [3, 6, 9]])),
                               T.searchsorted(T.tensor([[1, 3, 5, 7, 9], [2, 4, 6, 8, 10]]),
                                              T.tensor([[3, 6, 9], [3, 6, 9]]), right=True),
                               T.searchsorted(T.tensor([1, 3, 5, 7, 9]), 5, side="right"),
                               T.searchsorted(T.tensor([1, 3, 5, 7, 9]), T.tensor(5), out_int32=True),
                               T.searchsorted(T.tensor([5, 1, 9, 3, 7]), T.tensor([3, 6]),
                                              sorter=T.tensor([1, 3, 0, 4, 2])),
                               T.searchsorted(T.tensor([1., 3.]), T.tensor([3, 6])),
                               T.searchsorted(T.tensor([1., 2., 2., 3.]), T.tensor([2., 2.5]), side="left")],
    "bucketize": lambda T: [T.bucketize(T.tensor([[3, 6, 9], [3, 6, 9]]), T.tensor([1, 3, 5, 7, 9])),
                            T.bucketize(T.tensor([3., 6.]), T.tensor([1, 3, 5, 7, 9]), right=True),
                            T.bucketize(3, T.tensor([1, 3, 5, 7, 9])),
                            T.bucketize(T.tensor([0., 10.]), T.tensor([1., 9.]), out_int32=True)],
    "histc": lambda T: [T.histc(T.tensor([1., 2, 1]), bins=4, min=0, max=3), T.tensor([1., 2, 1, 5]).histc(4),
                        T.histc(T.tensor([1., 1]), bins=4), T.histc(T.tensor([-1., 0.5, 3., 4.]), 3, 0, 3),
                        T.histc(T.arange(10., dtype=T.float64), 5), T.histc(T.zeros(0), 3)],
    "histogram": lambda T: [T.histogram(T.tensor([1., 2, 1]), bins=4, range=(0., 3.),
                                        weight=T.tensor([1., 2., 4.])),
                            T.histogram(T.tensor([1., 2, 1]), bins=T.tensor([0., 1, 2.5, 4]), density=True),
                            T.tensor([1., 2, 1]).histogram(3), T.histogram(T.tensor([2., 2.]), 2),
                            T.histogram(T.arange(7., dtype=T.float64), 4, density=True)],
    "bincount": lambda T: [T.bincount(T.tensor([1, 2, 2]), minlength=5), T.tensor([0, 3, 3]).bincount(),
                           T.bincount(T.tensor([1, 2, 2]), weights=T.tensor([1., 2., 3.])),
                           T.bincount(T.tensor([1, 2, 2]), weights=T.tensor([1, 2, 3])),
                           T.bincount(T.tensor([1, 2, 2]), weights=T.tensor([1., 2, 3], dtype=T.float64)),
                           T.bincount(T.tensor([1, 2], dtype=T.uint8)), T.bincount(T.tensor([], dtype=T.int64)),
                           T.bincount(T.tensor([], dtype=T.int64), minlength=2)],
}


@pytest.mark.parametrize("case", sorted(VALUES))
def test_values(case):
    same(VALUES[case])


# ================================================================ picking ops: NaNs, ties, ints, 0-d, empty
def picked(T, data, fn, dtype=None):
    """(fn(x), x.grad): the first output of fn backpropagated with weights 1, 2, 3, ... (when it can be)."""
    x = T.tensor(data, dtype=dtype or T.float64, requires_grad=(dtype is None or dtype.is_floating_point))
    y = fn(x)
    y0 = y[0] if isinstance(y, tuple) else y
    if y0.requires_grad and y0.numel():
        (y0 * T.arange(1., y0.numel() + 1, dtype=y0.dtype).reshape(y0.shape)).sum().backward()
    return y, x.grad


PICKING = {
    "sort": lambda T, x: x.sort(), "sort_desc_dim0": lambda T, x: x.sort(0, True),
    "sort_stable_desc": lambda T, x: x.sort(dim=1, descending=True, stable=True),
    "sort_axis": lambda T, x: T.sort(x, axis=0), "msort": lambda T, x: T.msort(x),
    "topk": lambda T, x: x.topk(2), "topk_smallest": lambda T, x: x.topk(3, 1, largest=False),
    "topk_dim0": lambda T, x: T.topk(x, 2, dim=0), "topk_all": lambda T, x: x.topk(4),
    "kthvalue": lambda T, x: x.kthvalue(2), "kthvalue_dim0_keepdim": lambda T, x: x.kthvalue(3, 0, keepdim=True),
    "median": lambda T, x: x.median(), "median_dim": lambda T, x: x.median(1),
    "median_dim0": lambda T, x: T.median(x, 0, keepdim=True), "nanmedian": lambda T, x: x.nanmedian(),
    "nanmedian_dim": lambda T, x: x.nanmedian(1), "mode": lambda T, x: x.mode(),
    "mode_dim0": lambda T, x: x.mode(0, keepdim=True),
    "cummax": lambda T, x: x.cummax(1), "cummin": lambda T, x: T.cummin(x, 0), "cummax_dim0": lambda T, x: x.cummax(0),
    "cummin_dim1": lambda T, x: x.cummin(1),
    "aminmax": lambda T, x: T.aminmax(x), "aminmax_dim": lambda T, x: x.aminmax(dim=1),
    "logsumexp": lambda T, x: x.logsumexp(1), "logcumsumexp": lambda T, x: x.logcumsumexp(1),
    "nansum": lambda T, x: x.nansum(1), "nanmean": lambda T, x: x.nanmean(0),
    "cumsum": lambda T, x: x.cumsum(1), "cumprod": lambda T, x: x.cumprod(0),
}
NO_NAN = {"mode", "mode_dim0", "median", "median_dim", "median_dim0", "kthvalue", "kthvalue_dim0_keepdim",
          "topk_smallest", "topk_dim0", "topk"}   # ties between NaNs: torch's order is its kernel's
NAN_ROWS = [[3., NAN, 2., 1.], [0., -1., 5., 4.]]    # for those: one NaN a row, no ties


@pytest.mark.parametrize("case", sorted(PICKING))
@pytest.mark.parametrize("data", ["grid", "nan_grid", "int"])
def test_picking_with_ties_nans_and_ints(case, data):
    """Ties (the order of tied elements, which one's index is returned), NaNs (counted as the largest),
    integer inputs (no gradient) and the gradient through the values, as torch."""
    rows = {"grid": GRID, "nan_grid": NAN_ROWS if case in NO_NAN else NAN_GRID, "int": GRID}[data]
    same(lambda T: picked(T, rows, lambda x: PICKING[case](T, x), T.int64 if data == "int" else None))


EDGES = {
    "sort_0d": lambda T: T.tensor(3., requires_grad=True).sort(), "topk_0d": lambda T: T.tensor(3.).topk(1),
    "topk_0d_k0": lambda T: T.tensor(3.).topk(0), "kthvalue_0d": lambda T: T.tensor(3.).kthvalue(1),
    "sort_empty": lambda T: T.ones(2, 0).sort(1), "topk_k0": lambda T: T.ones(2, 3).topk(0),
    "cumsum_0d": lambda T: T.tensor(3.).cumsum(0), "cummax_0d": lambda T: T.tensor(3.).cummax(0),
    "cumsum_empty": lambda T: T.ones(2, 0).cumsum(1), "cummin_empty": lambda T: T.ones(0, 2).cummin(0),
    "cumsum_int32": lambda T: T.ones(2, 3, dtype=T.int32).cumsum(0), "cumprod_bool": lambda T: T.tensor(
        [True, True, False]).cumprod(0), "cumsum_dtype": lambda T: T.ones(3, dtype=T.int64).cumsum(0, dtype=T.float16),
    "cummax_int": lambda T: T.tensor([[1, 3, 3], [2, 1, 2]], dtype=T.int32).cummax(1),
    "logsumexp_int": lambda T: T.ones(2, 3, dtype=T.int64).logsumexp(1),
    "logsumexp_inf": lambda T: T.tensor([[INF, 1.], [-INF, -INF], [NAN, 1.]]).logsumexp(1),
    "logsumexp_empty": lambda T: T.ones(0, 3).logsumexp(0),
    "logcumsumexp_inf": lambda T: T.tensor([-INF, 0., INF, 1.]).logcumsumexp(0),
    "logcumsumexp_far": lambda T: T.tensor([-1000., 0., -2000.], dtype=T.float64).logcumsumexp(0),
    "median_empty": lambda T: T.ones(0).median(), "nanmedian_all_nan": lambda T: T.tensor([NAN, NAN]).nanmedian(),
    "median_int": lambda T: T.tensor([[3, 1, 2, 4]]).median(1), "mode_0d": lambda T: T.tensor(2.).mode(),
    "nansum_int": lambda T: T.ones(2, 3, dtype=T.int32).nansum(), "nansum_dtype": lambda T: T.ones(2).nansum(
        dtype=T.float64), "nanmean_empty": lambda T: T.zeros(0).nanmean(),
    "aminmax_keepdim_all": lambda T: T.tensor(GRID).aminmax(keepdim=True),
    "aminmax_empty_other_dim": lambda T: T.ones(2, 0).aminmax(dim=0),
    "aminmax_0d": lambda T: T.tensor(2.).aminmax(dim=0), "aminmax_int": lambda T: T.tensor([3, 1, 2]).aminmax(),
    "var_mean": lambda T: T.var_mean(T.tensor(GRID), 1), "std_mean": lambda T: T.std_mean(T.tensor(GRID)),
    "var_mean_unbiased": lambda T: T.var_mean(T.tensor(GRID), 0, False, keepdim=True),
    "std_mean_bool_unbiased": lambda T: T.std_mean(T.tensor(GRID), False),
    "var_mean_correction": lambda T: T.var_mean(T.tensor(GRID), dim=(0, 1), correction=2),
    "var_float_correction": lambda T: [T.tensor(GRID).var(correction=0.5), T.tensor(GRID).std(1, correction=0)],
    "var_unbiased_kw": lambda T: [T.tensor(GRID).var(unbiased=False), T.var(T.tensor(GRID), 1, True, True)],
}


@pytest.mark.parametrize("case", sorted(EDGES))
def test_edges(case):
    same(EDGES[case])


MORE_EDGES = {
    "cumsum_inplace_int32": lambda T: T.ones(2, 3, dtype=T.int32).cumsum_(1),
    "cumprod_inplace": lambda T: T.tensor([1., 2., 3.]).cumprod_(0),
    "cumsum_inplace_leaf": lambda T: T.ones(3, requires_grad=True).cumsum_(0),
    "sort_bool": lambda T: T.tensor([True, False, True]).sort(),
    "sort_int_desc": lambda T: T.tensor([3, 1, 2, 3]).sort(descending=True),
    "topk_int": lambda T: T.tensor([3, 1, 2, 3]).topk(2),
    "median_0d_dim": lambda T: T.tensor(3.).median(0),
    "median_0d_keep": lambda T: T.tensor(3.).median(0, keepdim=True),
    "mode_int": lambda T: T.tensor([[1, 1, 2], [3, 2, 2]]).mode(1),
    "nansum_nan": lambda T: T.tensor([NAN, 1., 2.]).nansum(),
    "nanmean_nan": lambda T: T.tensor([[NAN, 1.], [NAN, NAN]]).nanmean(1),
    "count_nonzero_bool": lambda T: T.tensor([True, False]).count_nonzero(),
    "all_float_dims": lambda T: T.ones(2, 3, 4).all(dim=(0, 2), keepdim=True),
    "any_empty_tuple": lambda T: T.ones(2, 3).any(()),
    "cummax_bool": lambda T: T.tensor([False, True, False]).cummax(0),
    "logsumexp_keepdim_0d": lambda T: T.tensor(2.).logsumexp(0, keepdim=True),
    "aminmax_bool": lambda T: T.tensor([True, False]).aminmax(),
    "histc_f64": lambda T: T.histc(T.tensor([0.1, 0.5, 0.9, 1.0], dtype=T.float64), 4, 0., 1.),
    "histc_edges": lambda T: T.histc(T.tensor([0., 0.25, 0.5, 0.75, 1.0]), 4, 0., 1.),
    "histogram_edges": lambda T: T.histogram(T.tensor([0., 0.25, 0.5, 0.75, 1.0, 0.3]), 4, range=(0., 1.)),
    "histogram_f64_default": lambda T: T.histogram(T.tensor([0.1, 0.2, 0.7], dtype=T.float64)),
    "searchsorted_float_in_int": lambda T: T.searchsorted(T.tensor([1, 3, 5]), T.tensor([2.5, 3.0])),
    "searchsorted_nan": lambda T: T.searchsorted(T.tensor([1., 3., NAN]), T.tensor([NAN, 2.])),
    "unique_int_dim_counts": lambda T: T.unique(T.tensor([[2, 1], [2, 1], [1, 1]]), dim=0, return_counts=True),
    "var_mean_grad": lambda T: [t.grad_fn for t in T.var_mean(T.ones(2, 3, requires_grad=True), 1)],
    "std_mean_out_nr": lambda T: [t.output_nr for t in T.std_mean(T.ones(2, 3, requires_grad=True), 1)],
    "aminmax_out_nr": lambda T: [t.output_nr for t in T.aminmax(T.ones(2, 3, requires_grad=True))],
    "sort_out_nr": lambda T: [t.output_nr for t in T.ones(2, 3, requires_grad=True).sort()],
    "sort_saved": lambda T: T.ones(2, 3, requires_grad=True).sort(1).values.grad_fn._saved_dim,
    "cumsum_saved": lambda T: T.ones(2, 3, requires_grad=True).cumsum(1).grad_fn._saved_dim,
    "logsumexp_saved": lambda T: T.ones(2, 3, requires_grad=True).logsumexp(1).grad_fn._saved_result,
    "kthvalue_nan": lambda T: T.tensor([[NAN, 1., 2.], [NAN, NAN, 0.]]).kthvalue(3, 1),
    "argsort_descending_stable": lambda T: T.tensor([1, 1, 0, 1] * 5).argsort(descending=True, stable=True),
    "argsort_long": lambda T: T.tensor([1, 1, 0, 1] * 5).argsort(),
    "msort_1d": lambda T: T.tensor([3., 1., 2.]).msort(),
    "bincount_bool": lambda T: T.bincount(T.tensor([True, False, True])),
    "cumsum_bool_dtype": lambda T: T.tensor([True, True]).cumsum(0, dtype=T.float32),
    "median_half": lambda T: T.tensor([1., 3., 2.], dtype=T.float16).median(),
    "nanmedian_int": lambda T: T.tensor([3, 1, 2]).nanmedian(),
    "std_mean_warn": lambda T: T.std_mean(T.ones(1)),
    "logsumexp_f16": lambda T: T.tensor([1., 2.], dtype=T.float16).logsumexp(0),
    "nansum_f16": lambda T: T.tensor([1., 2.], dtype=T.float16).nansum(),
    "python_dtypes": lambda T: [T.ones(2, 3).sum(dtype=int), T.ones(2, 3).cumsum(0, dtype=float),
                                T.ones(2).nansum(dtype=bool), T.ones(2).mean(dtype=float), T.ones(2).prod(0, dtype=int),
                                T.ones(2, dtype=T.float64).cumprod_(0, dtype=float), T.nanmean(T.ones(2), dtype=float)],
    "inplace_dtype_mismatch": lambda T: [catch(lambda: T.ones(2).cumsum_(0, dtype=d)) for d in (
        T.int64, T.int32, T.float16, T.bool, T.uint8, T.int8, T.int16, T.float64)],
    "string_dtype": lambda T: T.ones(2).cumsum(0, dtype="float32"),
    "string_dtype_nansum": lambda T: T.ones(2).nansum(dtype="float32"),
}


@pytest.mark.parametrize("case", sorted(MORE_EDGES))
def test_more_edges(case):
    """In-place scans, bool/int/half inputs, NaN in searchsorted's boundaries, output_nr and saved values
    of the multi-output nodes, dim=() for all/any (each element alone, unlike sum)."""
    same(MORE_EDGES[case])


REPRS = {
    "sort": lambda T: T.tensor([2., 1.]).sort(), "topk": lambda T: T.tensor([2., 1.]).topk(1),
    "kthvalue": lambda T: T.tensor([2., 1.]).kthvalue(1), "median": lambda T: T.tensor([2., 1.]).median(0),
    "nanmedian": lambda T: T.tensor([2., 1.]).nanmedian(0), "mode": lambda T: T.tensor([2., 1.]).mode(),
    "cummax": lambda T: T.tensor([2., 1.]).cummax(0), "cummin": lambda T: T.tensor([2., 1.]).cummin(0),
    "aminmax": lambda T: T.tensor([2., 1.]).aminmax(), "histogram": lambda T: T.tensor([2., 1.]).histogram(2),
}


@pytest.mark.parametrize("case", sorted(REPRS))
def test_return_types(case):
    """torch.return_types namedtuples: repr, field names, tuple behaviour."""
    def f(T):
        r = REPRS[case](T)
        fields = ("hist", "bin_edges") if case == "histogram" else ("min", "max") if case == "aminmax" else (
            "values", "indices")
        return repr(r), len(r), [getattr(r, n) for n in fields], isinstance(r, tuple), tuple(r)
    same(f)


# ================================================================ quantile
QUANTILES = {
    "scalar": lambda T, x: x.quantile(0.4), "dim": lambda T, x: x.quantile(0.75, 1),
    "vector_q": lambda T, x: x.quantile(T.tensor([0.1, 0.5, 1.], dtype=x.dtype)),
    "vector_q_dim": lambda T, x: T.quantile(x, T.tensor([0., 0.5], dtype=x.dtype), dim=0, keepdim=True),
    "vector_q_last_dim": lambda T, x: x.quantile(T.tensor([0.3], dtype=x.dtype), -1),
    "nan": lambda T, x: x.nanquantile(T.tensor([0.2, 0.9], dtype=x.dtype), 1, interpolation="lower"),
    "keepdim_all": lambda T, x: x.quantile(0.5, keepdim=True),
    "nearest_half": lambda T, x: x.quantile(0.5, 1, interpolation="nearest"),
    "q_0d_tensor": lambda T, x: x.quantile(T.tensor(0.5, dtype=x.dtype), 0),
    "q_axis": lambda T, x: x.quantile(0.5, 0),
}


@pytest.mark.parametrize("data", ["grid", "nan_grid"])
@pytest.mark.parametrize("case", sorted(QUANTILES))
def test_quantile(case, data):
    """Values and gradients (NaN slices, all interpolations, a 1-D q). With a 1-D q torch's last node is
    an in-place squeeze after an in-place transpose, which ember lacks: there the grad_fn is not compared."""
    def f(T):
        y, g = picked(T, NAN_GRID if data == "nan_grid" else [[3., 1., 2., 0.5], [0., -1., 5., 4.], [2., 7., 6., 8.]],
                      lambda x: QUANTILES[case](T, x))
        return (y.detach() if "vector" in case or case == "nan" else y), g
    same(f)


QUANTILE_ERRORS = {
    "q_range": lambda T: T.ones(3).quantile(1.5), "q_range_tensor": lambda T: T.ones(3).quantile(T.tensor([0.5, 2.])),
    "empty": lambda T: T.ones(0).quantile(0.5), "int": lambda T: T.ones(3, dtype=T.int64).quantile(0.5),
    "half": lambda T: T.ones(3, dtype=T.float16).quantile(0.5), "q_2d": lambda T: T.ones(3).quantile(T.ones(1, 1)),
    "q_dtype": lambda T: T.ones(3).quantile(T.tensor([0.5], dtype=T.float64)),
    "interpolation": lambda T: T.ones(3).quantile(0.5, interpolation="cubic"),
    "dim": lambda T: T.ones(3).quantile(0.5, 1),
}


@pytest.mark.parametrize("case", sorted(QUANTILE_ERRORS))
def test_quantile_errors(case):
    same(QUANTILE_ERRORS[case])


# ================================================================ cumprod's gradient with zeros
ZEROS = {"none": [2., -1., 3., 4.], "one": [2., 0., 3., 4.], "two": [2., 0., 3., 0., 5.], "first": [0., 2., 3.],
         "last": [2., 3., 0.], "all": [0., 0., 0.], "rows": [[1., 0., 2.], [0., 0., 3.], [4., 5., 6.]]}


@pytest.mark.parametrize("dim", [0, -1])
@pytest.mark.parametrize("case", sorted(ZEROS))
def test_cumprod_gradient_with_zeros(case, dim):
    """First and second derivatives of cumprod where the input holds zeros (no division), as torch's."""
    def f(T):
        x = T.tensor(ZEROS[case], dtype=T.float64, requires_grad=True)
        y = x.cumprod(dim)
        w = T.arange(1., y.numel() + 1, dtype=T.float64).reshape(y.shape)
        g, = T.autograd.grad((y * w).sum(), x, create_graph=True)
        return y, g, T.autograd.grad((g * g).sum(), x)
    same(f)


# ================================================================ NumPy spellings
ALIASES = {
    "sum": lambda T, x: x.sum(axis=1, keepdims=True), "mean": lambda T, x: T.mean(x, axis=0),
    "max": lambda T, x: x.max(axis=1, keepdims=True), "min": lambda T, x: T.min(x, axis=0),
    "prod": lambda T, x: x.prod(axis=1), "amax": lambda T, x: x.amax(axis=(0, 1), keepdims=True),
    "amin": lambda T, x: T.amin(x, axis=1), "var": lambda T, x: x.var(axis=1, keepdims=True),
    "std": lambda T, x: T.std(x, axis=0, correction=0), "argmax": lambda T, x: x.argmax(axis=1),
    "argmin": lambda T, x: x.argmin(axis=0, keepdims=True), "logsumexp": lambda T, x: x.logsumexp(axis=1),
    "nansum": lambda T, x: x.nansum(axis=0), "nanmean": lambda T, x: T.nanmean(x, axis=1, keepdims=True),
    "cumsum": lambda T, x: x.cumsum(axis=1), "cumprod": lambda T, x: T.cumprod(x, axis=0),
    "cummax": lambda T, x: x.cummax(axis=1), "logcumsumexp": lambda T, x: x.logcumsumexp(axis=0),
    "sort": lambda T, x: x.sort(axis=0), "argsort": lambda T, x: x.argsort(axis=0),
    "median": lambda T, x: x.median(axis=1, keepdims=True), "mode": lambda T, x: x.mode(axis=0),
    "kthvalue": lambda T, x: x.kthvalue(1, axis=0), "topk": lambda T, x: x.topk(1, axis=0),
    "count_nonzero": lambda T, x: x.count_nonzero(axis=0), "var_mean": lambda T, x: T.var_mean(x, axis=1),
    "std_mean": lambda T, x: T.std_mean(x, axis=0, keepdims=True), "norm": lambda T, x: x.norm(axis=1),
    "both_dim_and_axis": lambda T, x: x.sum(dim=1, axis=1), "positional_dim_and_axis": lambda T, x: x.mean(0, axis=0),
    "both_keepdim": lambda T, x: x.sum(1, keepdim=True, keepdims=True),
}


@pytest.mark.parametrize("case", sorted(ALIASES))
def test_numpy_spellings(case):
    """``axis=``/``keepdims=`` wherever torch takes them (not on norm), and torch's TypeError given twice."""
    same(lambda T: picked(T, GRID, lambda x: ALIASES[case](T, x)))


# ================================================================ errors, compared with torch's
ERRORS = {
    "all_dim": lambda T: T.ones(2, 3).all(2), "any_dims_repeated": lambda T: T.ones(2, 3).any((0, 0)),
    "count_nonzero_repeated": lambda T: T.ones(2, 3).count_nonzero((0, 0)),
    "count_nonzero_dim": lambda T: T.ones(2, 3).count_nonzero(3),
    "logsumexp_empty_tuple": lambda T: T.ones(2, 3).logsumexp(()),
    "logsumexp_dim": lambda T: T.ones(2, 3).logsumexp(2),
    "nanmean_int": lambda T: T.ones(2, dtype=T.int64).nanmean(), "nanmean_int_dtype": lambda T: T.ones(2).nanmean(
        dtype=T.int64), "nansum_dim": lambda T: T.ones(2).nansum(1),
    "aminmax_empty": lambda T: T.ones(0).aminmax(), "aminmax_empty_dim": lambda T: T.ones(2, 0).aminmax(dim=1),
    "aminmax_dim": lambda T: T.ones(2).aminmax(dim=1),
    "cumsum_dim": lambda T: T.ones(2, 3).cumsum(2),
    "cumprod_dim": lambda T: T.ones(2, 3).cumprod(-3), "cummax_dim": lambda T: T.ones(2).cummax(1),
    "logcumsumexp_int": lambda T: T.ones(2, dtype=T.int32).logcumsumexp(0),
    "logcumsumexp_long": lambda T: T.ones(2, dtype=T.int64).logcumsumexp(0),
    "sort_dim": lambda T: T.ones(2, 3).sort(2), "argsort_dim": lambda T: T.ones(2, 3).argsort(-3),
    "topk_too_big": lambda T: T.ones(2, 3).topk(4), "topk_negative": lambda T: T.ones(2, 3).topk(-1),
    "topk_dim": lambda T: T.ones(2, 3).topk(1, 2), "kthvalue_zero": lambda T: T.ones(2, 3).kthvalue(0),
    "kthvalue_too_big": lambda T: T.ones(2, 3).kthvalue(4), "kthvalue_dim0": lambda T: T.ones(2, 3).kthvalue(3, 0),
    "median_dim": lambda T: T.ones(2, 3).median(2), "median_empty_dim": lambda T: T.ones(2, 0).median(1),
    "median_bool": lambda T: T.ones(2, dtype=T.bool).median(), "nanmedian_bool": lambda T: T.ones(
        2, dtype=T.bool).nanmedian(), "nanmedian_empty_dim": lambda T: T.ones(2, 0).nanmedian(1),
    "mode_empty": lambda T: T.ones(2, 0).mode(1), "mode_dim": lambda T: T.ones(2).mode(1),
    "var_mean_int": lambda T: T.var_mean(T.ones(2, dtype=T.int64)),
    "std_mean_dims_repeated": lambda T: T.std_mean(T.ones(2, 3), (1, 1)),
    "searchsorted_sides": lambda T: T.searchsorted(T.tensor([1, 3]), T.tensor([3]), side="left", right=True),
    "searchsorted_side_word": lambda T: T.searchsorted(T.tensor([1, 3]), T.tensor([3]), side="middle"),
    "searchsorted_shapes": lambda T: T.searchsorted(T.tensor([[1, 3]]), T.tensor([[3, 6], [1, 2]])),
    "searchsorted_0d": lambda T: T.searchsorted(T.tensor(1), T.tensor([3])),
    "searchsorted_sorter_shape": lambda T: T.searchsorted(T.tensor([1, 3]), T.tensor([3]), sorter=T.tensor([0])),
    "bucketize_2d": lambda T: T.bucketize(T.tensor([3, 6]), T.tensor([[1, 3, 5, 7, 9]])),
    "histc_int": lambda T: T.histc(T.tensor([1, 2, 1]), bins=4), "histc_range": lambda T: T.histc(
        T.tensor([1., 2]), 4, min=3, max=0), "histc_bins": lambda T: T.histc(T.tensor([1., 2]), bins=0),
    "histogram_int": lambda T: T.histogram(T.tensor([1, 2, 1]), 3),
    "bincount_2d": lambda T: T.bincount(T.tensor([[1, 2, 2]])), "bincount_negative": lambda T: T.bincount(
        T.tensor([-1, 2, 2])), "bincount_float": lambda T: T.bincount(T.tensor([1., 2, 2])),
    "bincount_weights": lambda T: T.bincount(T.tensor([1, 2, 2]), weights=T.tensor([1., 2.])),
    "bincount_minlength": lambda T: T.bincount(T.tensor([1, 2, 2]), minlength=-1),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_errors(case):
    same(ERRORS[case])


# ================================================================ no gradient through indices, counts, bools
def test_nondifferentiable_outputs():
    def f(T):
        x = T.tensor(GRID, requires_grad=True)
        outs = [x.all(), x.any(1), x.count_nonzero(), x.argsort(), x.sort().indices, x.topk(1).indices,
                x.cummax(0).indices, x.median(1).indices, x.argmax(axis=0)]
        return [(o.requires_grad, o.grad_fn, o.dtype) for o in outs]
    same(f)


NO_DERIVATIVE = {
    "unique": lambda T, x: T.unique(x), "unique_inverse_counts": lambda T, x: x.unique(return_inverse=True,
                                                                                       return_counts=True),
    "unique_dim": lambda T, x: T.unique(x, dim=0, return_inverse=True),
    "unique_consecutive": lambda T, x: x.unique_consecutive(return_counts=True),
    "unique_consecutive_dim": lambda T, x: T.unique_consecutive(x, dim=1),
    "histogram": lambda T, x: T.histogram(x, 2), "histogram_weight": lambda T, x: T.histogram(
        x, 3, weight=T.ones(2, 2, requires_grad=True)),
}


@pytest.mark.parametrize("case", sorted(NO_DERIVATIVE))
def test_nodes_without_a_derivative(case):
    """unique* and histogram of a tensor requiring grad: torch records a node (the values require grad)
    whose backward raises."""
    def f(T):
        x = T.tensor([[1., 2.], [1., 2.]], requires_grad=True)
        out = NO_DERIVATIVE[case](T, x)
        outs = out if isinstance(out, tuple) else (out,)
        first = outs[0]
        return ([(t.requires_grad, t.grad_fn, t.output_nr) for t in outs], first.grad_fn.next_functions,
                catch(lambda: first.sum().backward()))
    same(f)


SECOND_ORDER = {
    "cummax": lambda T, x: x.cummax(1)[0], "sort": lambda T, x: x.sort(1)[0], "topk": lambda T, x: x.topk(2)[0],
    "kthvalue": lambda T, x: x.kthvalue(2, 1)[0], "median_dim": lambda T, x: x.median(1)[0],
    "mode": lambda T, x: x.mode(1)[0], "aminmax_min": lambda T, x: x.aminmax()[0],
    "aminmax_max_dim": lambda T, x: x.aminmax(dim=0)[1], "aminmax_both": lambda T, x: sum(x.aminmax(dim=0)),
    "var_mean_var": lambda T, x: T.var_mean(x, 1)[0], "std_mean_std": lambda T, x: T.std_mean(x, 1)[0],
    "std_mean_both": lambda T, x: sum(T.std_mean(x, 1)), "logsumexp": lambda T, x: x.logsumexp(1),
    "nansum": lambda T, x: x.nansum(0), "cumsum": lambda T, x: x.cumsum(1),
    "logcumsumexp": lambda T, x: x.logcumsumexp(0),
    "cumprod": lambda T, x: x.cumprod(1), "quantile": lambda T, x: x.quantile(0.3, 1),
    "max_dim": lambda T, x: x.max(1)[0], "min_dim_keepdim": lambda T, x: x.min(0, keepdim=True)[0],
}


@pytest.mark.parametrize("case", sorted(SECOND_ORDER))
def test_second_order_graphs(case):
    """The first gradient under create_graph is built from torch's nodes (scatter for the picking ops and max(dim),
    the reversed cumsum for cumsum/cumprod, one term for a multi-output node's output that got none),
    and its own gradient matches. (var_mean's mean alone is left out: torch divides by numel with
    ``div.Scalar``, DivBackward1, which ember's division by a Python number does not record.)"""
    def f(T):
        x = T.tensor([[2., 3., 1.], [0.5, 4., 2.]], dtype=T.float64, requires_grad=True)
        y = SECOND_ORDER[case](T, x)
        g, = T.autograd.grad((y * y).sum(), x, create_graph=True)
        return g, g.grad_fn, T.autograd.grad((g * g).sum(), x)
    same(f)


@pytest.mark.parametrize("name", ["cummax", "cummin"])
@pytest.mark.parametrize("shape,dim", [((0,), 1), ((0,), -3), ((2, 0), 5), ((0, 3), 2), ((0, 3), 1), ((3,), 1)])
def test_running_extremes_of_an_empty_tensor_check_no_dim(name, shape, dim):
    """torch checks cummax/cummin's dim only for a non-empty input (random-seed fuzz find)."""
    def f(T):
        x = T.zeros(shape, dtype=T.float64, requires_grad=True)
        values, indices = getattr(x, name)(dim)
        values.sum().backward()
        return values, indices, x.grad
    same(f)
