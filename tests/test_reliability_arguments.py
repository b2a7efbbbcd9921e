"""Reliability of torch's argument parsing, compared with torch 2.13: sizes and shapes (expand, view,
reshape, factories), what torch.tensor reads from Python data, scalar conversions, and misuses torch
rejects (float sizes, integer inputs to float-only losses).

Each case runs the same code on ember and on real torch and compares what each observes (values,
dtypes, exception classes and messages) through tests/behave.py. (Split out of
test_reliability_shapes.py, which holds the statistics, empty-tensor, matmul and layout cases.)
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from behave import assert_same, ember, run, same, torch  # noqa: F401  (skips without torch)
from test_reliability_shapes import same_warned


# ================================================================ 1. torch's exception classes
SIZE_CASES = {
    "expand_minus1_new_lead": lambda T: T.ones(3).expand(-1, 3),
    "expand_minus1_new_lead2": lambda T: T.ones(3).expand(2, -1, 3),
    "expand_minus2": lambda T: T.ones(3).expand(-2),
    "expand_neg_on_singleton": lambda T: T.ones(1).expand(-3),
    "expand_neg_new": lambda T: T.ones(1).expand(-3, 1),
    "expand_neg_last_first": lambda T: T.ones(3).expand(2, -2),
    "expand_checks_last_dim_first": lambda T: T.ones(2, 3).expand(3, 4),
    "expand_too_few": lambda T: T.ones(2, 3).expand(3),
    "expand_too_few_f64": lambda T: T.ones(2, 3, dtype=T.float64).expand(3),
    "expand_float": lambda T: T.ones(1, 3).expand(2.0, 3),
    "expand_float_second": lambda T: T.ones(1, 3).expand(2, 3.0),
    "expand_none": lambda T: T.ones(3).expand(None),
    "expand_as_mismatch": lambda T: T.ones(2, 3).expand_as(T.ones(4)),
    "expand_as_mismatch_f64": lambda T: T.ones(2, 3, dtype=T.float64).expand_as(T.ones(4)),
    "expand_as_not_tensor": lambda T: T.ones(3).expand_as((2, 3)),
    "setitem_row_mismatch": lambda T: T.zeros(2, 3).__setitem__(0, T.ones(4)),
    "setitem_column_mismatch": lambda T: T.zeros(2, 3).__setitem__((slice(None), 0), T.ones(3, 1)),
    "setitem_too_many_dims": lambda T: T.zeros(2, 3).__setitem__(0, T.ones(2, 3)),
    "setitem_broadcast_ok": lambda T: (lambda x: (x.__setitem__(0, T.ones(1)), x)[1])(T.zeros(2, 3)),
    "broadcast_to_bad": lambda T: T.broadcast_to(T.ones(2, 3), (4,)),
    "permute_dup": lambda T: T.ones(2, 3).permute(0, 0),
    "permute_dup_neg": lambda T: T.ones(2, 3).permute(1, -1),
    "permute_float": lambda T: T.ones(2, 3).permute(0.0),
    "permute_float_second": lambda T: T.ones(2, 3).permute(0, 1.0),
    "permute_list_float": lambda T: T.ones(2).permute([0.5]),
    "permute_none": lambda T: T.ones(2).permute(None),
    "permute_0d": lambda T: T.tensor(1.).permute(()),
    "squeeze_dup": lambda T: T.ones(2, 1).squeeze((1, 1)),
    "squeeze_dup_0d": lambda T: T.tensor(1.).squeeze((0, 0)),
    "squeeze_tuple": lambda T: T.ones(2, 1, 1).squeeze((1, -1)),
    "zeros_huge": lambda T: T.zeros(2 ** 62, 4),
    "zeros_huge_1d": lambda T: T.zeros(2 ** 62),
    "zeros_huge_int8": lambda T: T.zeros(2 ** 61, 4, dtype=T.int8),
    "zeros_too_big": lambda T: T.zeros(2 ** 59, dtype=T.float64),
    "ones_too_big": lambda T: T.ones(2 ** 59, dtype=T.float64),
    "empty_too_big": lambda T: T.empty(2 ** 59, dtype=T.float64),
    "full_too_big": lambda T: T.full((2 ** 59,), 1., dtype=T.float64),
    "ones_huge": lambda T: T.ones(3, 2 ** 62),
    "empty_huge": lambda T: T.empty(2 ** 62, 4),
    "full_huge": lambda T: T.full((2 ** 62, 4), 1.),
    "zeros_huge_empty": lambda T: (T.zeros(2 ** 60, 0).shape, T.ones(2 ** 59, 0).shape, T.full((2 ** 60, 0), 1.).shape),
    "zeros_neg": lambda T: T.zeros(-1),
    "zeros_neg2": lambda T: T.zeros(2, -3, -4),
    "ones_neg": lambda T: T.ones(2, -3, -4),
    "empty_neg": lambda T: T.empty(-2),
    "full_neg": lambda T: T.full((-1,), 1.),
    "new_zeros_neg": lambda T: T.ones(2).new_zeros(-1),
    "new_empty_neg": lambda T: T.ones(2).new_empty(-2),
    "new_full_neg": lambda T: T.ones(2).new_full((-1,), 2.),
    "view_huge": lambda T: T.ones(4).view(2 ** 62, 4),
    "view_neg": lambda T: T.ones(4).view(-2, -2),
    "view_two_inferred": lambda T: T.ones(4).view(-1, -1),
    "view_neg_then_inferred": lambda T: T.ones(4).view(-2, -1),
    "view_inferred_then_neg": lambda T: T.ones(4).view(-1, -2),
    "reshape_neg": lambda T: T.ones(4).reshape(-3, 2),
    "view_ambiguous": lambda T: T.ones(0).view(0, -1),
    "view_ambiguous2": lambda T: T.ones(0).view(-1, 0),
    "view_zero_of_nonempty": lambda T: T.ones(4).view(-1, 0),
    "view_too_big_product": lambda T: T.ones(4).view(2 ** 32, 2 ** 32),
    "view_inferred_huge": lambda T: T.ones(4).view(-1, 2 ** 62),
    "view_empty_shape": lambda T: T.ones(4).view(()),
    "view_empty_of_one": lambda T: T.ones(1).view(()),
    "unflatten_sizes": lambda T: T.ones(4).unflatten(0, (2, 3)),
    "unflatten_float": lambda T: T.ones(4).unflatten(0, (2.0, 2)),
    "unflatten_int": lambda T: T.ones(2, 3).unflatten(1, 3),
    "unflatten_empty_sizes": lambda T: T.ones(2, 3).unflatten(1, ()),
    "unflatten_ok": lambda T: T.ones(2, 3).unflatten(-1, (1, 3)),
    "unflatten_list": lambda T: T.ones(2, 3).unflatten(1, [3]),
    "unflatten_inferred": lambda T: T.ones(2, 6).unflatten(1, (-1, 2)),
    "unflatten_zero_inferred": lambda T: T.ones(2, 3).unflatten(1, (-1, 0)),
}


@pytest.mark.parametrize("case", sorted(SIZE_CASES))
def test_sizes_and_shapes(case):
    same(SIZE_CASES[case])


@pytest.mark.parametrize("fn,upto", [
    (lambda T: T.zeros(2 ** 64), "long long"), (lambda T: T.ones(4).view(2 ** 63), "long long"),
    (lambda T: T.ones(4).view(2, 2 ** 64), "long long"), (lambda T: T.ones(2, 3).unflatten(1, (-2, 3)), "[-2, 3]"),
    (lambda T: T.ones(2, 0).unflatten(1, (-1, 0)), "ambiguous"),
    (lambda T: T.ones(4).unflatten(0, (-1, -1)), "inferred"),
    (lambda T: T.tensor(1.).unflatten(0, (1,)), "dimensions"),
], ids=["zeros_overflow", "view_overflow", "view_overflow_second", "unflatten_neg", "unflatten_ambiguous",
        "unflatten_two_inferred", "unflatten_0d"])
def test_size_errors_with_backtraces(fn, upto):
    """torch's message goes on with a C++ backtrace: compared up to it."""
    same(fn, msg_upto=upto)


TENSOR_DATA_CASES = {
    "str": lambda T: T.tensor("abc"), "bytes": lambda T: T.tensor(b"ab"), "list_str": lambda T: T.tensor([1, "a"]),
    "list_str_first": lambda T: T.tensor(["a", 1]),
    "none": lambda T: T.tensor(None),
    "list_none": lambda T: T.tensor([1, None]),
    "object": lambda T: T.tensor(object()), "dict": lambda T: T.tensor({1: 2}), "set": lambda T: T.tensor({1, 2}),
    "generator": lambda T: T.tensor(i for i in range(3)), "set_inside": lambda T: T.tensor([[1, 2], {3, 4}]),
    "ragged": lambda T: T.tensor([[1, 2], [3]]), "ragged_scalar": lambda T: T.tensor([[1, 2], 3]),
    "ragged_list_later": lambda T: T.tensor([1, [2, 3]]), "ragged_empty_first": lambda T: T.tensor([[], [1]]),
    "ragged_empty_later": lambda T: T.tensor([[1], []]),
    "np_object": lambda T: T.tensor(np.array([1, "a"], dtype=object)),
    "np_str": lambda T: T.tensor(np.array(["a"])), "np_str_scalar": lambda T: T.tensor(np.str_("a")),
    "np_str_in_list": lambda T: T.tensor([np.str_("a")]),
    "np_longdouble": lambda T: T.tensor(np.ones(2, dtype=np.longdouble)),
    "np_negative_strides": lambda T: T.tensor(np.arange(4.)[::-1]),
    "from_numpy_negative_strides": lambda T: T.from_numpy(np.arange(4.)[::-1]),
    "as_tensor_negative_strides": lambda T: T.as_tensor(np.arange(4.)[::-1]),
    "np_big_endian": lambda T: T.tensor(np.ones(3, dtype=">f8")),
    "from_numpy_big_endian": lambda T: T.from_numpy(np.ones(3, dtype=">f8")),
    "huge_int": lambda T: T.tensor(2 ** 63), "huge_int_list": lambda T: T.tensor([1, 2 ** 64]),
    "huge_neg_int": lambda T: T.tensor(-2 ** 63 - 1), "min_int": lambda T: T.tensor(-2 ** 63),
    "huge_int_to_float": lambda T: T.tensor(2 ** 63, dtype=T.float64),
    "huge_int_list_to_f32": lambda T: T.tensor([2 ** 70], dtype=T.float32),
    "u8_overflow": lambda T: T.tensor([300], dtype=T.uint8), "u8_wraps": lambda T: T.tensor([-1, -255], dtype=T.uint8),
    "u8_too_negative": lambda T: T.tensor([-256], dtype=T.uint8),
    "u8_float_neg": lambda T: T.tensor([-1.0], dtype=T.uint8),
    "u8_float_256": lambda T: T.tensor([256.0], dtype=T.uint8),
    "i32_overflow": lambda T: T.tensor([2 ** 40], dtype=T.int32),
    "int_from_nan": lambda T: T.tensor([float("nan")], dtype=T.int64),
    "int_from_inf": lambda T: T.tensor([float("inf")], dtype=T.int32),
    "int_truncates": lambda T: T.tensor([1.7, -2.7], dtype=T.int64),
    "int_from_complex": lambda T: T.tensor([1j], dtype=T.int32),
    "float_from_complex": lambda T: T.tensor([1 + 2j], dtype=T.float32),
    "bool_from_complex": lambda T: T.tensor([1j, 0j], dtype=T.bool),
    "bool_from_float": lambda T: T.tensor([1.5, 0.0], dtype=T.bool),
    "bool_from_huge": lambda T: T.tensor([2 ** 70], dtype=T.bool),
    "f32_overflow": lambda T: T.tensor([1e40, -1e300]),
    "f32_overflow_scalar": lambda T: T.tensor(1e300, dtype=T.float32),
    "f16_overflow": lambda T: T.tensor([1e10], dtype=T.float16),
    "f64_precision": lambda T: T.tensor(1.573, dtype=T.float64),
    "f64_precision_list": lambda T: T.tensor([0.1, 1 / 3], dtype=T.float64),
    "str_with_dtype": lambda T: T.tensor(["a"], dtype=T.float32),
    "empty": lambda T: T.tensor([]),
    "empty_nested": lambda T: T.tensor([[], []]),
    "empty_tuple": lambda T: T.tensor(()),
    "empty_deep_int": lambda T: T.tensor([[[]]], dtype=T.int64), "range": lambda T: T.tensor(range(3)),
    "ranges": lambda T: T.tensor([range(2), range(2)]), "size": lambda T: T.tensor(T.Size([2, 3])),
    "tuples": lambda T: T.tensor([(1, 2), (3, 4)]), "np_0d": lambda T: T.tensor(np.array(3.0)),
    "np_0d_in_list": lambda T: T.tensor([np.array(1.0), 2.0]), "complex_list": lambda T: T.tensor([1 + 2j, 3]),
    "bool_float_mix": lambda T: T.tensor([True, 1.5]), "int_bool_mix": lambda T: T.tensor([1, True]),
    "f_order_array": lambda T: T.tensor(np.ones((2, 3), order="F")).stride(),
    "f_order_array_f32": lambda T: T.tensor(np.ones((2, 3), order="F"), dtype=T.float32).stride(),
    "np_to_int_nan": lambda T: T.tensor(np.array([1.5, np.nan]), dtype=T.int64)[0],
    "np_to_u8_neg": lambda T: T.tensor(np.array([-1]), dtype=T.uint8),
}


@pytest.mark.parametrize("case", sorted(TENSOR_DATA_CASES))
def test_tensor_reads_python_data(case):
    """torch.tensor's own reading of Python data: its dtype inference, its checks and messages."""
    same(TENSOR_DATA_CASES[case])


def test_tensor_of_arrays_in_a_list():
    def f(T):
        return T.tensor([np.array([1., 2.]), np.array([3., 4.])]), T.tensor([np.array([1, 2], dtype=np.int32), [3, 4]])
    with warnings.catch_warnings():     # torch warns only once a process: not compared
        warnings.simplefilter("ignore")
        t, e = run(f, "torch"), run(f, "ember")
    assert_same(e, t)


def test_tensor_of_scalar_tensors():
    same(lambda T: [T.tensor([T.tensor(1.), T.tensor(3.)]), T.tensor([T.tensor(1), T.tensor(3.)]),
                    T.tensor([T.tensor(1., dtype=T.float64), 2]),
                    T.tensor([T.tensor(1, dtype=T.int32), T.tensor(2, dtype=T.int32)]),
                    T.tensor([[T.tensor(1.), T.tensor(3.)]]), T.tensor([T.tensor([1.]), T.tensor([3.])]),
                    T.tensor([T.tensor(3)], dtype=T.int64)])


@pytest.mark.parametrize("fn", [
    lambda T: T.tensor([T.tensor([1., 2.]), T.tensor([3., 4.])]), lambda T: T.tensor([T.ones(2, 2), T.ones(2, 2)]),
    lambda T: T.tensor((T.tensor([1., 2.]),)),
    lambda T: T.tensor([T.zeros(0)]),
    lambda T: T.as_tensor([T.ones(2), T.ones(2)]),
    lambda T: T.tensor([T.tensor(1.), [2.]]), lambda T: T.tensor([T.tensor(1.5)], dtype=T.int64),
    lambda T: T.tensor([T.tensor([1, 2])], dtype=T.int64),
], ids=["1d", "2d", "tuple", "empty", "as_tensor", "then_list", "float_to_int", "vector_to_int"])
def test_tensor_of_multi_element_tensors(fn):
    """torch reads a tensor inside a list as a number: one with several elements is its ValueError."""
    same(fn)


def test_tensor_of_requires_grad_scalar():
    # (torch warns about converting it to a number once a process: the warning is not compared)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        same(lambda T: T.tensor([T.tensor(1.), T.tensor(2., requires_grad=True)]))


def test_scalar_conversions_of_multi_element_tensors():
    same(lambda T: float(T.ones(2)))
    same(lambda T: int(T.ones(2)))
    same(lambda T: complex(T.ones(0)))
    same(lambda T: [float(T.ones(1)), int(T.tensor([3])), complex(T.tensor(2.))])


# ================================================================ 2. misuses torch rejects
ARG_CASES = {
    "zeros_float": lambda T: T.zeros(2.5),
    "zeros_whole_float": lambda T: T.zeros(2.0),
    "zeros_float_tuple": lambda T: T.zeros((2.0, 3)),
    "zeros_float_first_of_two": lambda T: T.zeros(2.0, 3), "zeros_float_second": lambda T: T.zeros(2, 3.0),
    "zeros_str": lambda T: T.zeros("2"),
    "zeros_none": lambda T: T.zeros(None),
    "zeros_none_second": lambda T: T.zeros(2, None),
    "zeros_bool": lambda T: T.zeros(True),
    "zeros_bool_second": lambda T: T.zeros(2, True),
    "zeros_bool_tuple": lambda T: T.zeros((True,)),
    "zeros_tuple_and_int": lambda T: T.zeros((2,), 3), "zeros_list_and_int": lambda T: T.zeros([2, 3], 4),
    "zeros_nothing": lambda T: T.zeros(),
    "zeros_empty_tuple": lambda T: T.zeros(()),
    "zeros_empty_list": lambda T: T.zeros([]),
    "zeros_ndarray": lambda T: T.zeros(np.array([2, 3])), "zeros_np_int": lambda T: T.zeros(np.int64(2)),
    "zeros_np_float": lambda T: T.zeros(np.float64(2)), "zeros_np_int_then_float": lambda T: T.zeros(np.int64(2), 2.0),
    "zeros_tensor": lambda T: T.zeros(T.tensor(2)), "zeros_tensor_1elem": lambda T: T.zeros(T.tensor([2])),
    "zeros_float_tensor": lambda T: T.zeros(T.tensor(2.)),
    "zeros_tensor_then_float": lambda T: T.zeros(T.tensor(2), 2.0),
    "zeros_tuple_tensor": lambda T: T.zeros((T.tensor(2), 3)),
    "zeros_tuple_float_tensor": lambda T: T.zeros((T.tensor(2.), 3)),
    "zeros_float_tensor_second": lambda T: T.zeros(3, T.tensor(2.)), "zeros_size": lambda T: T.zeros(T.Size([2])),
    "zeros_list_np_int": lambda T: T.zeros([np.int32(2)]), "zeros_list_mixed": lambda T: T.zeros([2, 2.0]),
    "ones_float": lambda T: T.ones(2.5),
    "empty_float": lambda T: T.empty(2.5),
    "full_float": lambda T: T.full((2.5,), 1),
    "full_int_size": lambda T: T.full(2, 1),
    "full_list": lambda T: T.full([2, 1], 1.),
    "new_zeros_float": lambda T: T.ones(1).new_zeros(2.5),
    "new_ones_float": lambda T: T.ones(1).new_ones(2.0), "new_empty_tuple": lambda T: T.ones(1).new_empty((2, 3)).shape,
    "new_full_int": lambda T: T.ones(1).new_full(2, 1.),
    "view_float": lambda T: T.ones(4).view(2.0, 2), "view_nothing": lambda T: T.ones(1).view(),
    "view_float_second": lambda T: T.ones(4).view(2, 2.0), "view_tuple_float": lambda T: T.ones(4).view((2, 2.0)),
    "view_list_and_int": lambda T: T.ones(4).view([2, 2], 1), "view_none": lambda T: T.ones(4).view(None),
    "view_str": lambda T: T.ones(4).view("a"), "view_single_float": lambda T: T.ones(4).view(2.5),
    "view_list_floats": lambda T: T.ones(4).view([2.5, "a", 1.5]),
    "view_tuple_one_float": lambda T: T.ones(4).view((2.5,)),
    "view_bool": lambda T: T.ones(4).view(True, 4), "view_bool_second": lambda T: T.ones(4).view(4, True),
    "view_ndarray": lambda T: T.ones(4).view(np.array([2, 2])), "view_np_0d": lambda T: T.ones(4).view(np.array(4)),
    "view_np_ints": lambda T: T.ones(4).view(np.int64(2), 2),
    "view_float_tensor_second": lambda T: T.ones(4).view(2, T.tensor(2.)),
    "view_tensor_second": lambda T: T.ones(4).view(2, T.tensor([2])),
    "view_size": lambda T: T.ones(4).view(T.Size([2, 2])),
    "reshape_float": lambda T: T.ones(4).reshape(2.0, 2), "reshape_float_second": lambda T: T.ones(4).reshape(2, 2.0),
    "reshape_tuple_and_int": lambda T: T.ones(4).reshape((2, 2), 1),
    "reshape_list_float": lambda T: T.ones(4).reshape([2.0]),
    "reshape_nothing": lambda T: T.ones(1).reshape(), "reshape_bool": lambda T: T.ones(4).reshape(True),
    "reshape_none": lambda T: T.ones(4).reshape(None), "reshape_tuple_float": lambda T: T.ones(4).reshape((2.0, 2)),
    "reshape_empty": lambda T: T.ones(1).reshape(()), "reshape_tensor": lambda T: T.ones(4).reshape(T.tensor(4)),
    "expand_nothing_ok": lambda T: T.tensor(1.).expand(()),
}


@pytest.mark.parametrize("case", sorted(ARG_CASES))
def test_size_arguments(case):
    """torch's argument parser for sizes and shapes: what it takes as ints, and its TypeErrors."""
    same(ARG_CASES[case])


@pytest.mark.parametrize("fn", [
    lambda F, T: F.mse_loss(T.tensor([1, 2]), T.tensor([1, 3])),
    lambda F, T: F.mse_loss(T.tensor([1, 2]), T.tensor([1, 3]), reduction="none"),
    lambda F, T: F.mse_loss(T.tensor([True]), T.tensor([False])),
    lambda F, T: F.mse_loss(T.tensor([1], dtype=T.int32), T.tensor([1], dtype=T.int64)),
    lambda F, T: F.mse_loss(T.ones(2, dtype=T.complex64), T.ones(2)),
    lambda F, T: F.mse_loss(T.ones(0, dtype=T.int64), T.ones(0, dtype=T.int64)),
    lambda F, T: F.mse_loss(T.tensor([1, 2]), T.tensor([1., 3.])),
    lambda F, T: F.mse_loss(T.tensor([1., 2.]), T.tensor([1, 3])),
    lambda F, T: F.mse_loss(T.tensor([1.], dtype=T.float64), T.tensor([1.])),
    lambda F, T: F.mse_loss(T.tensor([1.], dtype=T.float16), T.tensor([1])),
    lambda F, T: F.mse_loss(T.tensor([1., 2]), T.tensor([1, 2, 3])),
    lambda F, T: F.mse_loss(T.tensor(1.), 2.),
    lambda F, T: F.mse_loss(T.tensor([1.]), T.tensor([1.]), reduction="bad"),
    lambda F, T: F.mse_loss(T.zeros(0), T.zeros(0)),
    lambda F, T: F.mse_loss(T.zeros(0), T.zeros(0), reduction="sum"),
    lambda F, T: F.mse_loss(T.tensor([1e20]), T.tensor([-1e20])),
], ids=["int",
"int_none",
"bool",
"int32_int64",
"complex",
"int_empty",
"int_float",
"float_int",
"f64_f32",
"f16_int",
        "broadcast_error", "float_target", "bad_reduction", "empty_mean", "empty_sum", "overflow"])
def test_mse_loss_dtypes_and_edges(fn):
    same_warned(lambda T: fn(T.nn.functional, T))


def test_mse_loss_empty_gradient():
    def f(T):
        a = T.zeros(0, requires_grad=True)
        loss = T.nn.functional.mse_loss(a, T.zeros(0))
        loss.backward()
        return loss, a.grad
    same_warned(f)


# ================================================================ 3. factories, softmax, nll_loss
MORE_CASES = {
    "arange_wrong_sign": lambda T: T.arange(5, 0), "arange_inf": lambda T: T.arange(0, float("inf")),
    "arange_nan": lambda T: T.arange(0, float("nan")), "arange_float_inf": lambda T: T.arange(0.5, float("-inf"), -1),
    "arange_huge": lambda T: T.arange(2 ** 62), "arange_bool": lambda T: T.arange(5, dtype=T.bool),
    "arange_step0": lambda T: T.arange(0, 10, 0.0),
    "arange_empty": lambda T: T.arange(0),
    "arange_float": lambda T: T.arange(1, 0, -0.3),
    "linspace_negative": lambda T: T.linspace(0, 1, -1), "linspace_0": lambda T: T.linspace(0, 1, 0),
    "eye_neg": lambda T: T.eye(-1), "eye_neg_m": lambda T: T.eye(2, -1), "eye_float": lambda T: T.eye(2.5),
    "eye_float_m": lambda T: T.eye(2, 3.5), "eye_0": lambda T: T.eye(0, 3),
    "full_huge_int": lambda T: T.full((2,), 2 ** 63), "full_too_big_int": lambda T: T.full((2,), 2 ** 64),
    "full_u8_300": lambda T: T.full((2,), 300, dtype=T.uint8),
    "full_u8_wraps": lambda T: T.full((2,), -255, dtype=T.uint8),
    "full_u8_too_negative": lambda T: T.full((2,), -256, dtype=T.uint8),
    "full_u8_neg_float": lambda T: T.full((2,), -1.5, dtype=T.uint8),
    "full_u8_float": lambda T: T.full((2,), 1.5, dtype=T.uint8),
    "full_int_inf": lambda T: T.full((2,), float("inf"), dtype=T.int64),
    "full_int_nan": lambda T: T.full((2,), float("nan"), dtype=T.int32),
    "full_i32_overflow": lambda T: T.full((2,), 2 ** 40, dtype=T.int32),
    "full_f32_overflow": lambda T: T.full((2,), 1e40),
    "full_f16_overflow": lambda T: T.full((2,), 1e5, dtype=T.float16),
    "full_f32_inf": lambda T: T.full((2,), float("inf")),
    "full_complex_into_real": lambda T: T.full((2,), 1j, dtype=T.float32),
    "full_complex_into_int": lambda T: T.full((2,), 1j, dtype=T.int64),
    "full_bool_into_float": lambda T: T.full((2,), True, dtype=T.float32),
    "full_float_into_bool": lambda T: T.full((2,), 3.5, dtype=T.bool),
    "full_big_int_into_f32": lambda T: T.full((2,), 2 ** 63 - 1, dtype=T.float32),
    "full_like_u8_300": lambda T: T.full_like(T.ones(2, dtype=T.uint8), 300),
    "full_like_f32": lambda T: T.full_like(T.ones(2), 1e40),
    "new_full_f32": lambda T: T.ones(2).new_full((2,), 1e40),
    "full_like_int_float": lambda T: T.full_like(T.ones(2, dtype=T.int64), 2.7),
    "zeros_dtype_str": lambda T: T.zeros(2, dtype="float32"), "ones_dtype_int": lambda T: T.ones(2, dtype=5),
    "zeros_like_dtype_str": lambda T: T.zeros_like(T.ones(2), dtype="x"),
    "full_dtype_str": lambda T: T.full((2,), 1., dtype="x"),
    "var_huge_correction": lambda T: T.ones(5).var(correction=10 ** 20),
    "softmax_0d": lambda T: T.nn.functional.softmax(T.tensor(2.), 0),
    "softmax_0d_dim_neg": lambda T: T.nn.functional.softmax(T.tensor(2.), -1),
    "softmax_0d_bad_dim": lambda T: T.nn.functional.softmax(T.tensor(2.), 1),
    "log_softmax_0d": lambda T: T.nn.functional.log_softmax(T.tensor(2.), 0),
    "softmax_f16": lambda T: T.nn.functional.softmax(T.tensor([1., 2., 0.5], dtype=T.float16), 0),
    "log_softmax_f16": lambda T: T.nn.functional.log_softmax(T.tensor([1., 2., 0.5], dtype=T.float16), 0),
    "softmax_neg_inf_row": lambda T: T.nn.functional.softmax(T.tensor([[float("-inf"), float("-inf")], [0., 1.]]), 1),
    "softmax_f32_extremes": lambda T: T.nn.functional.softmax(T.tensor([3e38, -3e38]), 0),
    "log_softmax_f32_extremes": lambda T: T.nn.functional.log_softmax(T.tensor([3e38, -3e38]), 0),
    "nll_0d_input": lambda T: T.nn.functional.nll_loss(T.tensor(1.), T.tensor(0)),
    "nll_1d_target_size": lambda T: T.nn.functional.nll_loss(T.ones(3), T.zeros(2, dtype=T.int64)),
    "nll_1d_target_one": lambda T: T.nn.functional.nll_loss(T.ones(3), T.zeros(1, dtype=T.int64)),
    "nll_weight_size": lambda T: T.nn.functional.nll_loss(T.ones(2, 3), T.tensor([0, 1]), weight=T.ones(2)),
    "nll_weight_2d": lambda T: T.nn.functional.nll_loss(T.ones(2, 3), T.tensor([0, 1]), weight=T.ones(3, 1)),
    "nll_weight_dtype": lambda T: T.nn.functional.nll_loss(T.ones(2, 3), T.tensor([0, 1]),
                                                           weight=T.ones(3, dtype=T.float64)),
    "nll_weight_size_3d": lambda T: T.nn.functional.nll_loss(T.ones(2, 3, 4), T.zeros(2, 4, dtype=T.int64),
                                                             weight=T.ones(2)),
    "nll_2d_target": lambda T: T.nn.functional.nll_loss(T.ones(2, 3), T.zeros(2, 1, dtype=T.int64)),
    "nll_3d_target_size": lambda T: T.nn.functional.nll_loss(T.ones(2, 3, 4), T.zeros(2, 5, dtype=T.int64)),
    "nll_4d_target_dims": lambda T: T.nn.functional.nll_loss(T.ones(2, 3, 4, 5), T.zeros(2, 4, dtype=T.int64)),
    "nll_4d_target_size": lambda T: T.nn.functional.nll_loss(T.ones(2, 3, 4, 5), T.zeros(2, 4, 6, dtype=T.int64)),
    "nll_3d_none": lambda T: T.nn.functional.nll_loss(T.ones(2, 3, 4), T.zeros(2, 4, dtype=T.int64), reduction="none"),
    "nll_out_of_bounds": lambda T: T.nn.functional.nll_loss(T.ones(2, 3), T.tensor([0, 3])),
    "cross_entropy_empty": lambda T: T.nn.functional.cross_entropy(T.ones(0, 3), T.zeros(0, dtype=T.int64)),
}


@pytest.mark.parametrize("case", sorted(MORE_CASES))
def test_more_edges(case):
    same(MORE_CASES[case])
