"""Reliability of reductions, selection and indexing at their edges, compared with torch 2.13.

Each case runs the same code on ember and on real torch and compares what each observes (values,
indices, gradients, grad_fn names, exception classes and messages) through tests/behave.py: max/min
and amax/amin with NaNs and ties (torch's two gradient conventions: a select for max()/max(dim), a
multiply by the mask for amax), reductions over empty dims and repeated dims, integer dtypes for a
tensor that requires grad, split/chunk of an empty dim, index_select's index rules and 0-d input,
masked_fill's mask dtype, empty-list indices and setitem's broadcasting of the value.
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from behave import assert_same, ember, record_warnings, run, same, torch  # noqa: F401  (skips without torch)

NAN, INF = float("nan"), float("inf")


def weighted(T, data, fn, dtype=None):
    """(fn(x), x.grad) for a leaf x from ``data``, backpropagating fn's (first) output weighted by
    1, 2, 3, ... so that every element's gradient is told apart."""
    x = T.tensor(data, dtype=dtype or T.float64, requires_grad=True)
    y = fn(x)
    y0 = y[0] if isinstance(y, tuple) else y
    (y0 * T.arange(1., y0.numel() + 1, dtype=y0.dtype).reshape(y0.shape)).sum().backward()
    return y, x.grad


# ================================================================ 1. max/min/amax/amin with NaNs and ties
NAN_ROWS = [[1., NAN], [2., 3.]]
NAN_GRID = [[1., NAN, NAN], [2., 3., 1.], [NAN, 0., 0.]]
TIES = [[1., 3., 3.], [2., 2., 2.], [0., 5., -1.]]
EXTREMA = {
    "max_dim1": lambda T, x: x.max(1), "min_dim1": lambda T, x: x.min(1), "max_dim0": lambda T, x: x.max(0),
    "min_dim0_keep": lambda T, x: x.min(0, keepdim=True), "max_all": lambda T, x: x.max(),
    "min_all": lambda T, x: x.min(), "amax_dim1": lambda T, x: x.amax(1), "amin_dim0": lambda T, x: x.amin(0),
    "amax_all": lambda T, x: x.amax(), "amin_dims": lambda T, x: x.amin((0, 1), keepdim=True),
    "argmax_dim1": lambda T, x: (x * 1, x.argmax(1)), "argmin_dim0": lambda T, x: (x * 1, x.argmin(0)),
    "argmax_all": lambda T, x: (x * 1, x.argmax()),
}


@pytest.mark.parametrize("case", sorted(EXTREMA))
@pytest.mark.parametrize("data", [NAN_ROWS, NAN_GRID, TIES], ids=["nan_rows", "nan_grid", "ties"])
def test_extrema_with_nans_and_ties(case, data):
    """A NaN in one row does not change another row's max(dim) (values, indices, gradient); max()
    shares its gradient among the NaNs; amax's gradient is NaN for a NaN slice, as in torch."""
    same(lambda T: weighted(T, data, lambda x: EXTREMA[case](T, x)))


@pytest.mark.parametrize("fn", [
    lambda T, x: x.amax(1), lambda T, x: x.amin(1), lambda T, x: x.max(), lambda T, x: x.min(),
    lambda T, x: x.max(1)[0], lambda T, x: x.amax()], ids=["amax", "amin", "max", "min", "max_dim", "amax_all"])
def test_extrema_under_an_inf_gradient(fn):
    """torch's conventions differ: amax multiplies by the mask (inf * 0 = nan off the maximum), max()
    and max(dim) select (exact zeros off it)."""
    def f(T):
        x = T.tensor([[1., 3., 3.], [3., 0., 3.]], requires_grad=True)
        y = fn(T, x)
        y.backward(T.full(y.shape, INF))
        return x.grad
    same(f)


@pytest.mark.parametrize("fn", [lambda x: x.max(1)[0], lambda x: x.amax(1), lambda x: x.max(), lambda x: x.amin(0)],
                         ids=["max_dim", "amax", "max_all", "amin"])
def test_extrema_second_order_with_nans(fn):
    def f(T):
        x = T.tensor([[1., NAN, 2.], [3., 3., 1.]], dtype=T.float64, requires_grad=True)
        y = fn(x)
        g, = T.autograd.grad((y * y).sum(), x, create_graph=True)
        return y, g.detach(), T.autograd.grad(g.sum(), x, allow_unused=True)   # (nodes of g: named otherwise)
    same(f)


# ================================================================ 2. reductions with nothing to reduce, repeated dims
EMPTY_REDUCTIONS = {
    "max_dim": lambda T: T.ones(2, 0).max(1), "min_dim_neg": lambda T: T.ones(2, 0).min(-1),
    "max_other_dim": lambda T: T.ones(2, 0).max(0), "max_all": lambda T: T.ones(0).max(),
    "argmax_all": lambda T: T.ones(0).argmax(), "argmin_all_keep": lambda T: T.ones(0, 2).argmin(keepdim=True),
    "argmax_dim": lambda T: T.ones(2, 0).argmax(1), "argmin_other_dim": lambda T: T.ones(2, 0).argmin(0),
    "argmin_1d_dim": lambda T: T.ones(0).argmin(0),
    "amax_dim": lambda T: T.ones(2, 0).amax(1), "amin_other_dim": lambda T: T.ones(2, 0).amin(0),
    "amax_all": lambda T: T.ones(0).amax(), "amax_empty_tuple": lambda T: T.ones(0, 2).amax(()),
    "amax_dims_order": lambda T: T.ones(0, 2, 0).amax((2, 0)), "amin_dims": lambda T: T.ones(2, 0).amin((0, 1)),
    "max_dim_0d": lambda T: T.tensor(1.).max(0), "argmax_0d": lambda T: T.tensor(1.).argmax(0),
    "sum_dim": lambda T: T.ones(2, 0).sum(1), "prod_dim": lambda T: T.ones(2, 0).prod(1),
    "mean_dim": lambda T: T.ones(2, 0).mean(1),
    "argmax_bool": lambda T: T.tensor([False, True]).argmax(),
    "argmin_bool_dim": lambda T: T.ones(2, dtype=T.bool).argmin(0),
    "argmax_keepdim_all": lambda T: T.ones(2, 3).argmax(None, keepdim=True),
    "argmin_keepdim_all_0d": lambda T: T.tensor(1.).argmin(keepdim=True),
}


@pytest.mark.parametrize("case", sorted(EMPTY_REDUCTIONS))
def test_reductions_over_empty_dims(case):
    same(EMPTY_REDUCTIONS[case])


@pytest.mark.parametrize("fn", [lambda x: x.mean(0), lambda x: x.mean((0, 1)), lambda x: x.mean(0, keepdim=True),
                                lambda x: x.mean(), lambda x: x.mean(1)],
                         ids=["dim0", "both", "keepdim", "all", "dim1"])
def test_mean_over_an_empty_dim_is_silent(fn):
    """nan (and no NumPy "Mean of empty slice" warning, which torch does not give), with its gradient."""
    def f(T):
        x = T.zeros(0, 3, requires_grad=True)
        y = fn(x)
        return y, T.autograd.grad(y.sum(), x)
    e, t = record_warnings(lambda: run(f, "ember")), record_warnings(lambda: run(f, "torch"))
    assert_same(e[0], t[0])
    assert e[1] == t[1], f"warnings ember {e[1]!r} vs torch {t[1]!r}"


DUPLICATE_DIMS = {
    "sum": lambda T: T.ones(2, 3).sum((0, 0)), "sum_neg": lambda T: T.ones(2, 3).sum((1, -1)),
    "mean": lambda T: T.ones(2, 3).mean((0, -2)), "amax": lambda T: T.ones(2, 3).amax((1, 1)),
    "amin": lambda T: T.ones(2, 3).amin([0, 0]), "var": lambda T: T.ones(2, 3).var((1, 1)),
    "std": lambda T: T.ones(2, 3).std((0, 0)), "norm": lambda T: T.ones(2, 3).norm(dim=(0, 0)),
    "sum_0d": lambda T: T.tensor(1.).sum((0, -1)), "sum_out_of_range": lambda T: T.ones(2, 3).sum((0, 2)),
    "permute": lambda T: T.ones(2, 3).permute(1, -1), "permute_short": lambda T: T.ones(2, 3).permute(0),
}


@pytest.mark.parametrize("case", sorted(DUPLICATE_DIMS))
def test_repeated_dims_refused(case):
    same(DUPLICATE_DIMS[case])


GRAD_DTYPES = {
    "sum_long": lambda T, x: x.sum(dtype=T.int64), "sum_dim_int": lambda T, x: x.sum(0, dtype=T.int32),
    "sum_bool": lambda T, x: x.sum(dtype=T.bool), "prod_long": lambda T, x: x.prod(dtype=T.int64),
    "prod_dim_long": lambda T, x: x.prod(0, dtype=T.int64), "mean_long": lambda T, x: x.mean(dtype=T.int64),
    "sum_f64": lambda T, x: x.sum(dtype=T.float64), "prod_f16": lambda T, x: x.prod(dtype=T.float16),
    "mean_f64": lambda T, x: x.mean(0, dtype=T.float64),
}


@pytest.mark.parametrize("grad", [True, False], ids=["requires_grad", "no_grad"])
@pytest.mark.parametrize("case", sorted(GRAD_DTYPES))
def test_reduction_dtype_for_a_tensor_requiring_grad(case, grad):
    """An integer result cannot be recorded: torch's "Autograd not support dtype" (fine under no_grad)."""
    def f(T):
        x = T.tensor([[1.5, 2.], [3., 4.]], requires_grad=True)
        if grad:
            return GRAD_DTYPES[case](T, x)
        with T.no_grad():
            return GRAD_DTYPES[case](T, x)
    same(f)


def test_mean_of_integers_names_the_dtype():
    same(lambda T: [T.ones(2, dtype=T.int64).mean(), T.ones(2).mean(dtype=T.int32)])


# ================================================================ 3. split/chunk of an empty dim
SPLITS = {
    "chunk_rows": lambda T, x: x.chunk(2), "chunk_3": lambda T, x: x.chunk(3), "chunk_1": lambda T, x: x.chunk(1),
    "chunk_cols": lambda T, x: x.t().chunk(2, 1), "split_2": lambda T, x: x.split(2),
    "split_0": lambda T, x: x.split(0), "split_sizes": lambda T, x: x.split([0, 0, 0]),
    "split_negative_sizes": lambda T, x: x.split([1, -1]),
    "unbind": lambda T, x: x.t().unbind(1),
}


@pytest.mark.parametrize("case", sorted(SPLITS))
def test_split_and_chunk_of_an_empty_dim(case):
    """torch's chunk of a size-0 dim gives ``chunks`` empty pieces (split_with_sizes); each piece
    takes part in the graph."""
    def f(T):
        x = T.zeros(0, 3, requires_grad=True)
        pieces = SPLITS[case](T, x * 1)
        loss = sum((p.sum() for p in pieces), T.zeros(()))
        grads = T.autograd.grad(loss, x, allow_unused=True) if pieces else None
        return pieces, grads, [p.grad_fn.next_functions[0][0] is pieces[0].grad_fn.next_functions[0][0] for p in pieces]
    same(f)


# ================================================================ 4. index_select, masked_fill, empty indices
INDEX_SELECT = {
    "scalar": lambda T, x: T.tensor(5.).index_select(0, T.tensor([0])),
    "scalar_0d_index": lambda T, x: T.tensor(5.).index_select(-1, T.tensor(0)),
    "scalar_two_values": lambda T, x: T.tensor(5.).index_select(0, T.tensor([0, 0])),
    "scalar_no_value": lambda T, x: T.tensor(5.).index_select(0, T.tensor([], dtype=T.int64)),
    "scalar_out_of_range": lambda T, x: T.tensor(5.).index_select(0, T.tensor([1])),
    "vector_0d_index": lambda T, x: x.index_select(0, T.tensor(1)),
    "float_index": lambda T, x: x.index_select(0, T.tensor([0.])),
    "bool_index": lambda T, x: x.index_select(0, T.tensor([True])),
    "int16_index": lambda T, x: x.index_select(0, T.tensor([0], dtype=T.int16)),
    "int32_index": lambda T, x: x.index_select(0, T.tensor([2, 2, 0], dtype=T.int32)),
    "2d_index": lambda T, x: x.index_select(0, T.tensor([[0]])),
    "2d_float_index": lambda T, x: x.index_select(0, T.tensor([[0.]])),
    "negative_index": lambda T, x: x.index_select(0, T.tensor([-1])),
    "index_too_big": lambda T, x: x.index_select(0, T.tensor([3])),
    "list_index": lambda T, x: x.index_select(0, [0]),
    "dim_out_of_range": lambda T, x: x.index_select(1, T.tensor([0])),
}


@pytest.mark.parametrize("case", sorted(INDEX_SELECT))
def test_index_select_edges(case):
    def f(T):
        x = T.tensor([1., 2., 3.], requires_grad=True)
        y = INDEX_SELECT[case](T, x)
        return y, T.autograd.grad(y.sum(), x, allow_unused=True) if y.requires_grad else None
    same(f)


def test_index_select_of_a_scalar_gradients():
    def f(T):
        x = T.tensor(3., dtype=T.float64, requires_grad=True)
        y = x.index_select(0, T.tensor([0])) ** 2
        g, = T.autograd.grad(y, x, create_graph=True)
        return y, g.detach(), T.autograd.grad(g, x)
    same(f)


MASKS = {
    "long": lambda T: T.tensor([1, 0, 1]), "uint8": lambda T: T.tensor([1, 0, 1], dtype=T.uint8),
    "int8": lambda T: T.tensor([1, 0, 1], dtype=T.int8), "int32": lambda T: T.tensor([1, 0, 1], dtype=T.int32),
    "float": lambda T: T.tensor([1., 0., 1.]), "double": lambda T: T.tensor([1., 0., 1.], dtype=T.float64),
    "half": lambda T: T.tensor([1., 0., 1.], dtype=T.float16), "bool": lambda T: T.tensor([True, False, True]),
    "bool_broadcast": lambda T: T.ones(2, 3, dtype=T.bool),
}


@pytest.mark.parametrize("inplace", [False, True], ids=["masked_fill", "masked_fill_"])
@pytest.mark.parametrize("mask", sorted(MASKS))
def test_masked_fill_mask_dtype(mask, inplace):
    def f(T):
        x = T.ones(3)
        return x.masked_fill_(MASKS[mask](T), 0.) if inplace else x.masked_fill(MASKS[mask](T), 0.)
    same(f)


@pytest.mark.parametrize("value", [lambda T: T.ones(2), lambda T: T.ones(1), lambda T: T.tensor(2.)],
                         ids=["two_values", "one_value_1d", "0d"])
def test_masked_fill_value_tensor(value):
    same(lambda T: T.ones(3).masked_fill(T.tensor([True, False, True]), value(T)))


EMPTY_KEYS = {
    "list": lambda T, x: x[[]], "list_then_int": lambda T, x: x[[], 1], "second_dim": lambda T, x: x[:, []],
    "nested": lambda T, x: x[[[]]], "float_tensor": lambda T, x: x[T.tensor([])],
    "long_tensor": lambda T, x: x[T.tensor([], dtype=T.int64)],
}


@pytest.mark.parametrize("case", sorted(EMPTY_KEYS))
def test_empty_index_lists(case):
    def f(T):
        x = T.arange(6., requires_grad=True).reshape(3, 2)
        y = EMPTY_KEYS[case](T, x)
        return y, T.autograd.grad(y.sum(), x)
    same(f)


def test_setitem_with_an_empty_list():
    def f(T):
        x = T.ones(3, requires_grad=True)
        y = x * 1
        y[[]] = T.tensor(2., requires_grad=True)
        return y, T.autograd.grad(y.sum(), x)
    same(f)


SETITEM_VALUES = {
    "ellipsis_leading_ones": (Ellipsis, (1, 1, 3)), "slice_leading_ones": (slice(None), (1, 1, 3)),
    "int_leading_ones": (0, (1, 1, 3)), "ellipsis_column": (Ellipsis, (1, 2, 1)),
    "advanced_leading_ones": ([0, 1], (1, 1, 3)), "mismatch": (Ellipsis, (2, 1, 3)),
    "mismatch_int": (0, (2,)), "mismatch_slice": (slice(None), (2, 2)), "too_many_dims": (slice(None), (2, 2, 3)),
    "scalar": (Ellipsis, ()),
}


@pytest.mark.parametrize("case", sorted(SETITEM_VALUES))
def test_setitem_broadcasts_the_value(case):
    """torch drops the value's leading size-1 dims before expanding it to the target (copy_to)."""
    key, shape = SETITEM_VALUES[case]

    def f(T):
        x = T.zeros(2, 3, requires_grad=True)
        v = T.arange(float(np.prod(shape)), requires_grad=True).reshape(shape)
        y = x * 1
        y[key] = v
        (y * T.arange(6.).reshape(2, 3)).sum().backward()
        return y, x.grad, v.grad
    same(f)


LIST_KEYS = {
    "nested_lists": [[0, 1], [1, 0]], "one_nested": [[0, 2]], "slice_inside": [slice(None), 0], "ints": [0, 2],
    "none_inside": [None, 0], "ellipsis_inside": [Ellipsis, 1], "list_and_int": [[0], 1], "bools": [True, False, True],
    "tuple_in_tuple": ((0, 2),), "tuple_and_slice": ((0, 2), slice(None)), "empty_tuple_in_tuple": ((), 0),
}


@pytest.mark.parametrize("case", sorted(LIST_KEYS))
def test_list_key_read_as_a_tuple(case):
    """torch reads a short list that holds a sequence, slice, None or ``...`` as a tuple of indices."""
    def f(T):
        x = T.arange(6., requires_grad=True).reshape(3, 2)
        y = x[LIST_KEYS[case]]
        z = T.zeros(3, 2)
        z[LIST_KEYS[case]] = 1.
        return y, T.autograd.grad(y.sum(), x), z
    same(f)


@pytest.mark.parametrize("case", sorted(LIST_KEYS))
def test_list_key_warns_as_torch(case):
    """torch 2.13 deprecates the list-as-tuple reading with a UserWarning (get and set alike)."""
    def messages(T):
        x = T.zeros(3, 2)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            x[LIST_KEYS[case]]
            x[LIST_KEYS[case]] = 1.
        return [str(w.message).split(" (Triggered internally")[0] for w in caught if w.category is UserWarning]
    assert messages(ember) == messages(torch)


# ================================================================ 5. result layout
LAYOUT_RESULTS = {
    "sum": lambda T, x: x.sum(1), "sum_keepdim": lambda T, x: x.sum(1, keepdim=True),
    "sum_dims": lambda T, x: x.sum((0, 2)), "mean": lambda T, x: x.mean(1), "prod": lambda T, x: x.prod(1),
    "amax": lambda T, x: x.amax(1), "amin_keepdim": lambda T, x: x.amin(2, keepdim=True),
    "max_dim": lambda T, x: x.max(1), "argmax": lambda T, x: x.argmax(1),
    "var": lambda T, x: x.var(1), "std": lambda T, x: x.std(1), "norm": lambda T, x: x.norm(dim=1),
    "cat": lambda T, x: T.cat([x, x], 1), "cat_0": lambda T, x: T.cat([x, x]), "stack": lambda T, x: T.stack([x, x]),
    "stack_last": lambda T, x: T.stack([x, x], -1),
}


@pytest.mark.parametrize("case", sorted(LAYOUT_RESULTS))
def test_results_of_a_transposed_input_are_contiguous(case):
    """torch writes reductions and cat/stack contiguously whatever the input's layout, so ``.view()``
    of the result works (NumPy's results follow the input's layout)."""
    def f(T):
        x = T.arange(24., requires_grad=True).reshape(4, 3, 2).transpose(0, 2)
        out = LAYOUT_RESULTS[case](T, x)
        first = out[0] if isinstance(out, tuple) else out
        return out, [t.stride() for t in (out if isinstance(out, tuple) else (out,))], first.view(-1)
    same(f)
