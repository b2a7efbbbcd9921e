"""Reliability of creation, conversion, dtypes and result layouts, against live torch 2.13: copy_
into an integer tensor records nothing, no NumPy warning reaches the user where torch is silent,
elementwise results have torch's strides, ``add_(alpha=)``'s fast path, torch's barebones unsigned
dtypes, and torch's parser errors for misused factories.

Each case runs the same code on ember and on torch (``behave.same``: values, dtypes, shapes, flags,
grad_fn names, gradients, exception types and messages; ``record_warnings``: the warnings too).
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from behave import record_warnings, same, torch  # noqa: F401  (skips without torch)

INF, NAN = float("inf"), float("nan")


def grad(T, f, *values, upstream=None, dtype=None):
    """[output, grad of each leaf] of ``f(T, *leaves)``, backward with ones (or ``upstream`` everywhere)."""
    xs = [T.tensor(v, dtype=dtype or T.float32, requires_grad=True) for v in values]
    out = f(T, *xs)
    out.backward(T.ones_like(out) if upstream is None else T.full_like(out, upstream))
    return [out] + [x.grad for x in xs]


def cases(*fns):
    return pytest.mark.parametrize("fn", fns, ids=[f"case{i}" for i in range(len(fns))])


# ---------------------------------------------------------------------------------------------
# copy_ into an integer or bool tensor records nothing (torch: they are not differentiable)
def flags(t):
    return [t, t.requires_grad, t.grad_fn]


def rg(T):
    return T.tensor([1.5, 2.5], requires_grad=True)


@cases(
    lambda T: flags(T.zeros(2, dtype=T.int64).copy_(rg(T))),
    lambda T: flags(T.zeros(2, dtype=T.bool).copy_(rg(T))),
    lambda T: flags(T.zeros(2, dtype=T.uint8).copy_(rg(T) * 2)),
    lambda T: (lambda b: (b[:1].copy_(rg(T)[:1]), flags(b))[1])(T.zeros(2, dtype=T.int64)),
    lambda T: (lambda b: (b.__setitem__(0, rg(T)[0]), flags(b))[1])(T.zeros(2, dtype=T.int64)),
    lambda T: (lambda b: (b.__setitem__(slice(None), rg(T)), flags(b))[1])(T.zeros(2, dtype=T.int32)),
    lambda T: (lambda b: (b.__setitem__(T.tensor([True, False]), rg(T)[0]), flags(b))[1])(T.zeros(2, dtype=T.int64)),
    lambda T: (lambda r, b: (b.copy_(r), (r * 2).sum().backward(), r.grad, flags(b.float()))[2:])(
        rg(T), T.zeros(2, dtype=T.int64)),
    lambda T: flags(T.zeros(2, dtype=T.float64).copy_(rg(T))),
    lambda T: (lambda r: (flags(T.zeros(2).copy_(r)), T.zeros(2).copy_(r).sum().backward(), r.grad)[::2])(rg(T)),
    lambda T: flags(T.zeros(2, requires_grad=True).clone().copy_(T.tensor([1, 2]))),
)
def test_copy_into_integer_tensor_records_nothing(fn):
    same(fn)


@pytest.mark.parametrize("dst,src", [((2, 3), (4,)), ((3,), (2, 3)), ((2, 3), (3, 2)), ((2, 1), (2, 3)),
                                     ((0,), (2,)), ((2,), (0,)), ((2, 3), (1, 3)), ((2, 3), ())])
def test_copy_shape_errors(dst, src):
    same(lambda T: T.zeros(*dst).copy_(T.ones(src)))


# ---------------------------------------------------------------------------------------------
# no NumPy warning reaches the user where torch is silent; float() warns as torch does
@cases(
    lambda T: T.tensor([INF]) * 0,
    lambda T: T.tensor([INF]) * T.tensor([0.]),
    lambda T: T.tensor([INF], dtype=T.float64) - INF,
    lambda T: T.tensor([INF]) + T.tensor([-INF]),
    lambda T: T.tensor([3e38]) * 10,
    lambda T: T.tensor([3e38]) + T.tensor([3e38]),
    lambda T: T.add(T.tensor([1.]), T.tensor([INF]), alpha=-1e38),
    lambda T: T.tensor([1.]).sub(T.tensor([INF]), alpha=0),
    lambda T: T.tensor([0.]) / 0,
    lambda T: T.tensor([1e-45]) / 1e-45,
    lambda T: T.tensor([3e38]) / 1e-10,
    lambda T: 1.0 / T.tensor([1e-45, 0.]),
    lambda T: T.tensor([1e-45, 0.]).reciprocal(),
    lambda T: T.tensor([0., -1.]).log(),
    lambda T: T.tensor([-1.]).sqrt(),
    lambda T: T.tensor([1000., 89.]).exp(),
    lambda T: T.tensor([INF, -INF]).cos(),
    lambda T: T.tensor([INF]).sin(),
    lambda T: T.tensor([2.]) ** 1000,
    lambda T: T.tensor([0.]) ** -1.,
    lambda T: T.tensor([NAN, INF]).long(),
    lambda T: T.tensor([1e30]).half(),
    lambda T: T.tensor([INF, 1.]) % T.tensor([1., 0.]),
    lambda T: T.fmod(T.tensor([INF, 1.]), 0.),
    lambda T: T.tensor([INF, 1.]) // 0.,
    lambda T: T.div(T.tensor([INF, 1.]), 0., rounding_mode="trunc"),
    lambda T: T.tensor([INF]) > T.tensor([NAN]),
    lambda T: grad(T, lambda T, x: x * 0, [INF, 1.]),
    lambda T: grad(T, lambda T, x: (x * 1e30).exp(), [1., -1.]),
)
def test_no_numpy_warnings(fn):
    same(lambda T: record_warnings(lambda: fn(T)))


def test_float_of_a_tensor_requiring_grad_warns_only_in_grad_mode():
    def f(T):
        t = T.tensor([1.5], requires_grad=True)
        with T.no_grad():
            out = record_warnings(lambda: (float(t), complex(t)))
        return [out, record_warnings(lambda: (int(t), bool(t), t.item(), t.tolist(), format(t[0], ".1f")))]
    same(f)


# ---------------------------------------------------------------------------------------------
# the result of an elementwise op has the layout torch's TensorIterator gives it
LAYOUTS = {
    "c": lambda T: T.arange(1., 13.).reshape(3, 4),
    "t": lambda T: T.arange(1., 13.).reshape(4, 3).t(),
    "slice": lambda T: T.arange(1., 25.).reshape(3, 8)[:, ::2],
    "row": lambda T: T.arange(1., 5.),
    "col": lambda T: T.arange(1., 4.).reshape(3, 1),
    "expanded": lambda T: T.arange(1., 5.).reshape(1, 4).expand(3, 4),
    "0d": lambda T: T.tensor(2.),
}
BINARY = {
    "+": lambda T, a, b: a + b, "-": lambda T, a, b: a - b, "*": lambda T, a, b: a * b, "/": lambda T, a, b: a / b,
    "**": lambda T, a, b: a ** b, "%": lambda T, a, b: a % b, "//": lambda T, a, b: a // b,
    "fmod": lambda T, a, b: T.fmod(a, b), "div_floor": lambda T, a, b: T.div(a, b, rounding_mode="floor"),
    "add_alpha": lambda T, a, b: T.add(a, b, alpha=2), "==": lambda T, a, b: a == b, "<": lambda T, a, b: a < b,
}
WITH_NUMBER = {
    "2*x": lambda T, a: 2 * a, "2-x": lambda T, a: 2 - a, "2/x": lambda T, a: 2 / a, "2**x": lambda T, a: 2 ** a,
    "x**2": lambda T, a: a ** 2, "5%x": lambda T, a: 5.0 % a, "5//x": lambda T, a: 5.0 // a,
    "pow(2,x)": lambda T, a: T.pow(2, a), "x>2": lambda T, a: a > 2, "-x": lambda T, a: -a,
    "double": lambda T, a: a.double(), "long": lambda T, a: a.long(), "exp": lambda T, a: a.exp(),
}


def layout(t):
    """The result's strides, and a view of it (which needs torch's strides)."""
    return [t.stride(), t.shape, t.reshape(-1) if t.ndim else t]


@pytest.mark.parametrize("b", LAYOUTS)
@pytest.mark.parametrize("a", LAYOUTS)
@pytest.mark.parametrize("op", BINARY)
def test_binary_result_layout(op, a, b):
    same(lambda T: layout(BINARY[op](T, LAYOUTS[a](T), LAYOUTS[b](T))))


@pytest.mark.parametrize("a", LAYOUTS)
@pytest.mark.parametrize("op", WITH_NUMBER)
def test_result_layout_with_a_number(op, a):
    same(lambda T: layout(WITH_NUMBER[op](T, LAYOUTS[a](T))))


def test_view_of_a_power_of_a_transposed_tensor():
    same(lambda T: [(2 ** T.arange(6.).reshape(2, 3).t()).view(6), (T.ones(3, 2).t() + T.ones(2, 3)).stride(),
                    (T.ones(2, 3) + T.ones(3, 2).t()).stride()])


# ---------------------------------------------------------------------------------------------
# add_/sub_ with alpha: the no_grad fast path computes what the recorded path does
@cases(
    lambda T: (lambda x, y: (T.no_grad().__enter__(), x.add_(y, alpha=0.5), x.sub_(y, alpha=-2), x._version,
                             T.set_grad_enabled(True))[1:4])(T.tensor([1., 2.]), T.tensor([3., 4.])),
    lambda T: (lambda x, y: (x.add_(y, alpha=3), x.sub_(y, alpha=2.5), x._version)[1:])(
        T.tensor([1., 2.], dtype=T.float64), T.tensor([3., 4.], dtype=T.float64)),
    lambda T: (lambda x, y: (x.add_(y, alpha=0.5), x.sum().backward(), y.grad, x.grad_fn._saved_alpha)[2:])(
        T.tensor([1., 2.]), T.tensor([3., 4.], requires_grad=True)),
    lambda T: (lambda x: x.add_(x.t(), alpha=2))(T.ones(2, 2)),
    lambda T: (lambda x: x.add_(x, alpha=2))(T.ones(2, 2)),
    lambda T: (lambda x: x.add_(T.ones(2, 3), alpha=2))(T.ones(2, 2)),
    lambda T: T.ones(2).add_(T.ones(2, dtype=T.float64), alpha=2),
    lambda T: T.ones(2, dtype=T.float16).add_(T.ones(2, dtype=T.float16), alpha=1e6),
    lambda T: T.ones(2).add_(T.ones(2), alpha=True),
    lambda T: T.ones(2, dtype=T.int64).add_(T.ones(2, dtype=T.int64), alpha=2.5),
    lambda T: [T.ones(2).add_(T.ones(2), alpha=a) for a in (NAN, INF, -INF)],
    lambda T: T.ones(2).add_(T.ones(2), alpha=1e39),
    lambda T: T.ones(2).add_(T.ones(2), alpha=2 ** 70),
    lambda T: T.ones(2).sub_(T.ones(2), alpha=-3),
    lambda T: T.ones(2, dtype=T.float16).sub_(T.ones(2, dtype=T.float16), alpha=-1e39),
    lambda T: (lambda b: (b[:, :2].add_(b[:, 1:], alpha=2), b)[1])(T.arange(6.).reshape(2, 3)),
    lambda T: (lambda x: (x.add_(x.detach(), alpha=2), x)[1])(T.arange(3.)),
)
def test_add_sub_alpha_in_place(fn):
    same(fn)


# ---------------------------------------------------------------------------------------------
# torch's barebones unsigned dtypes: made, read from NumPy, converted, promoted only with floats
UINTS = ["uint16", "uint32", "uint64"]


@pytest.mark.parametrize("name", UINTS)
@pytest.mark.parametrize("fn", [
    lambda T, D: [T.tensor([1, 2], dtype=D), D, D.is_signed, D.itemsize, T.tensor([1], dtype=D).type()],
    lambda T, D: [T.tensor(np.array([1, 65535], dtype=str(D)[6:])), T.from_numpy(np.array([3], dtype=str(D)[6:])),
                  T.as_tensor(np.array([[3]], dtype=str(D)[6:]))],
    lambda T, D: [T.tensor([1, 2], dtype=D).numpy(), T.tensor([1, 2], dtype=D).tolist(),
                  T.tensor([7], dtype=D)[0].item()],
    lambda T, D: T.tensor([1, 2], dtype=D) + T.tensor([1]),
    lambda T, D: T.tensor([1, 2], dtype=D) * T.tensor([1], dtype=T.uint8),
    lambda T, D: T.tensor([1, 2], dtype=D) == T.tensor([True]),
    lambda T, D: [T.tensor([1, 2], dtype=D) * 1.5, T.tensor([1, 2], dtype=D) + T.ones(2),
                  T.tensor([1, 2], dtype=D) * 2, T.tensor([1, 2], dtype=D) / 2],
    lambda T, D: [T.tensor([1, 2], dtype=D).to(T.int64), T.tensor([1, 2], dtype=D).float(),
                  T.tensor([1, 2]).to(D), T.tensor([1, 2], dtype=D).to(T.uint32)],
    lambda T, D: [T.zeros(2, dtype=D), T.ones(2, dtype=D), T.full((2,), 7, dtype=D),
                  T.zeros_like(T.tensor([1, 2], dtype=D))],
    lambda T, D: T.tensor([2 ** 40], dtype=D),
    lambda T, D: T.tensor([-1], dtype=D),
    lambda T, D: T.tensor(2 ** 63, dtype=D),
    lambda T, D: T.tensor([1.5], dtype=D),
    lambda T, D: T.full((1,), 2 ** 33, dtype=D),
    lambda T, D: [T.cat([T.tensor([1, 2], dtype=D)] * 2), T.tensor([1, 2], dtype=D)[T.tensor([1, 0])],
                  T.tensor([1, 2], dtype=D).reshape(2, 1).t()],
    lambda T, D: [T.tensor([1, 2], dtype=D).copy_(T.tensor([3.7, 4.2])), T.tensor([1, 2], dtype=D).fill_(3),
                  T.tensor([1, 2], dtype=D).zero_()],
    lambda T, D: [T.tensor([1, 2], dtype=D).sum(), T.tensor([1, 2], dtype=D).exp()],
    lambda T, D: T.tensor([1], dtype=D, requires_grad=True),
    lambda T, D: [str(T.tensor([2 ** 16 - 1, 3], dtype=D)), repr(T.tensor(5, dtype=D))],
])
def test_barebones_unsigned_dtypes(fn, name):
    same(lambda T: fn(T, getattr(T, name)))


@cases(
    lambda T: T.tensor(2 ** 64 - 1, dtype=T.uint64),
    lambda T: T.tensor([2 ** 63, 1], dtype=T.uint64),
    lambda T: T.tensor([2 ** 64], dtype=T.uint64),
    lambda T: T.tensor([True, 3], dtype=T.uint64),
    lambda T: T.full((1,), -1, dtype=T.uint64),
)
def test_uint64_reads_python_ints_unsigned(fn):
    same(fn)



# ---------------------------------------------------------------------------------------------
# creation and conversion misuse: torch's parser errors (class and words), formatting as torch's
@cases(
    lambda T: T.arange("a"),
    lambda T: T.arange(None),
    lambda T: T.arange([1]),
    lambda T: T.arange(0, "a"),
    lambda T: T.arange(0, 1, "a"),
    lambda T: T.arange(T.tensor(3)),
    lambda T: T.linspace(0, 1, 2.5),
    lambda T: T.linspace("a", 1, 2),
    lambda T: T.linspace(0, 1, None),
    lambda T: T.linspace(T.tensor(0.), 1, 3),
    lambda T: T.full((2,), "a"),
    lambda T: T.full((2,), None),
    lambda T: T.full((2,), [1]),
    lambda T: T.full((2,), T.ones(2)),
    lambda T: T.full((2,), T.tensor(2.)),
    lambda T: T.full((2,), np.float32(2.5)),
    lambda T: T.scalar_tensor("a"),
    lambda T: T.scalar_tensor(None),
    lambda T: T.zeros_like([1, 2]),
    lambda T: T.ones_like(None),
    lambda T: T.empty_like(3),
    lambda T: T.full_like([1], 2),
    lambda T: T.rand_like([1]),
    lambda T: T.randn_like(2),
    lambda T: T.tensor([1], dtype="float32"),
    lambda T: T.as_tensor([1], dtype="float32"),
    lambda T: T.randint(5, (2.5,)),
    lambda T: T.randint(5, 2),
    lambda T: T.randint(5, (-1,)),
    lambda T: T.randint(5, ()).shape,
    lambda T: format(T.ones(2), ".2f"),
    lambda T: format(T.ones(2), ""),
    lambda T: format(T.tensor(1.25), ".1f"),
    lambda T: format(T.tensor(1.25), ""),
    lambda T: format(T.tensor(True), ""),
    lambda T: format(T.tensor(3), "04d"),
    lambda T: f"{T.tensor(2.5):>6}",
)
def test_creation_and_conversion_misuse(fn):
    same(fn)


BAREBONES_OPS = {
    "add": lambda T, t: t + t, "add1": lambda T, t: t + 1, "sub": lambda T, t: t - t,
    "mul": lambda T, t: t * t, "mul2": lambda T, t: t * 2, "div": lambda T, t: t / t,
    "floordiv": lambda T, t: t // t, "mod": lambda T, t: t % t, "fmod": lambda T, t: t.fmod(t),
    "pow": lambda T, t: t ** t, "pow2": lambda T, t: t ** 2, "rpow": lambda T, t: 2 ** t,
    "neg": lambda T, t: -t, "eq": lambda T, t: t == t, "ne": lambda T, t: t != 1, "lt": lambda T, t: t < t,
    "gt1": lambda T, t: t > 1, "lt_float": lambda T, t: t < 1.5, "lt_float_tensor": lambda T, t: t < T.ones(2),
    "and": lambda T, t: t & t, "or": lambda T, t: t | 1, "not": lambda T, t: ~t,
    "reciprocal": lambda T, t: t.reciprocal(), "logical_and": lambda T, t: t.logical_and(t),
    "logical_or": lambda T, t: t.logical_or(t), "logical_not": lambda T, t: t.logical_not(),
    "add_": lambda T, t: t.add_(1), "sub_alpha": lambda T, t: t.sub_(t, alpha=2), "mul_": lambda T, t: t.mul_(2),
    "neg_": lambda T, t: t.neg_(), "div_trunc": lambda T, t: t.div(2, rounding_mode="trunc"),
    "rfloordiv": lambda T, t: 5 // t, "rmod": lambda T, t: 5 % t, "rsub": lambda T, t: 2 - t,
    "sub_number_first": lambda T, t: T.sub(2, t), "add_alpha": lambda T, t: T.add(t, t, alpha=2),
    "pow_": lambda T, t: t.pow_(2), "ge": lambda T, t: t.ge(1), "rdiv": lambda T, t: 2 / t,
}


@pytest.mark.parametrize("name", UINTS)
@pytest.mark.parametrize("op", BAREBONES_OPS)
def test_barebones_unsigned_kernels(op, name):
    """torch implements few kernels for uint16/32/64: ember refuses the same ones, with its words."""
    same(lambda T: BAREBONES_OPS[op](T, T.tensor([1, 2], dtype=getattr(T, name))))


INDEX_PUT_VALUES = {
    "int_index_0d_long": lambda T, t: t.__setitem__((T.tensor([0]), 0), T.tensor(5)),
    "mask_long_rows": lambda T, t: t.__setitem__(T.tensor([True, False]), T.tensor([5, 5, 5])),
    "basic_and_mask_0d": lambda T, t: t.__setitem__((0, T.tensor([True, False, True])), T.tensor(5)),
    "mask_and_int_index": lambda T, t: t.__setitem__((T.tensor([True, False]), T.tensor([0])), T.tensor(5)),
    "mask_0d_long": lambda T, t: t.__setitem__(T.tensor([True, False]), T.tensor(5)),
    "mask_one_element": lambda T, t: t.__setitem__(T.tensor([True, False]), T.tensor([[7]])),
    "int_index_double_rows": lambda T, t: t.__setitem__(T.tensor([0]), T.ones(3, dtype=T.float64)),
    "int_index_float_rg_into_long": lambda T, t: T.zeros(3, dtype=T.int64).__setitem__(
        T.tensor([0, 1]), T.ones(2, requires_grad=True)),
}


@pytest.mark.parametrize("case", sorted(INDEX_PUT_VALUES))
def test_index_put_value_dtype_as_torch(case):
    """x[advanced] = tensor needs the tensor's dtype to be x's (torch's index_put_ error), except a
    one-element value through one bool mask (torch fills it: masked_fill_, which casts)."""
    def f(T):
        t = T.zeros(2, 3)
        INDEX_PUT_VALUES[case](T, t)
        return t
    same(f)


# ---------------------------------------------------------------------------------------------
# issue 9's creation surface: size= and Size/list forms, new_*, logspace, tril/triu_indices, one_hot
@cases(
    lambda T: T.zeros(size=(2, 3)), lambda T: T.ones(size=[2]), lambda T: T.empty(size=(2, 3)).shape,
    lambda T: T.zeros(T.Size([2, 3])), lambda T: T.ones([2, 3]), lambda T: T.empty(T.Size([4])).shape,
    lambda T: T.zeros(size=(2,), dtype=T.int32), lambda T: T.full(size=(2,), fill_value=3.),
    lambda T: T.zeros(2, size=(3,)), lambda T: T.zeros(size=3), lambda T: T.ones(2, foo=1), lambda T: T.zeros(),
    lambda T: T.zeros(size=(2, -1)), lambda T: T.ones(size=(2.5,)), lambda T: T.ones(size=(2, 2.5)),
    lambda T: T.rand(size=[2.5]),
    lambda T: T.zeros(2, dtype=T.int32).new_zeros(3), lambda T: T.zeros(2, dtype=T.int32).new_zeros((3, 2)),
    lambda T: T.zeros(2, dtype=T.int32).new_zeros(size=(3, 2)), lambda T: T.zeros(2).new_ones(2, 3, dtype=T.float64),
    lambda T: T.zeros(2).new_ones(T.Size([2])), lambda T: T.zeros(2).new_empty(size=(3,)).shape,
    lambda T: T.zeros(2).new_zeros(size=3), lambda T: T.zeros(2).new_zeros(), lambda T: T.zeros(2).new_zeros(-1),
    lambda T: T.zeros(2).new_full((2,), 5), lambda T: T.zeros(2, dtype=T.int64).new_full((2,), 5.5),
    lambda T: T.zeros(2).new_full(size=(2,), fill_value=5, requires_grad=True),
    lambda T: T.zeros(2).new_tensor([1, 2]), lambda T: T.zeros(2).new_tensor([1., 2.], dtype=T.int32),
    lambda T: T.zeros(2).new_zeros(3, requires_grad=True),
    lambda T: T.zeros(2).new_tensor(T.ones(2), requires_grad=True),
    lambda T: T.zeros(2, dtype=T.int64).new_ones(2, requires_grad=True),
    lambda T: T.linspace(0, 1, 5, dtype=T.bool), lambda T: T.arange(3, dtype=T.complex64),
    lambda T: T.arange(0, 3, 1, dtype=T.complex128),
)
def test_size_keyword_and_new_methods(fn):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        same(fn)


@cases(
    lambda T: T.logspace(0, 2, 5), lambda T: T.logspace(0, 2, 5, base=2), lambda T: T.logspace(0, 2, 5, 2.0),
    lambda T: T.logspace(0, 2, steps=5, dtype=T.float64), lambda T: T.logspace(0, 3, 4, dtype=T.int64),
    lambda T: T.logspace(-3.3, 7.1, 37), lambda T: T.logspace(-3.3, 7.1, 38, dtype=T.float64),
    lambda T: T.logspace(-3.3, 7.1, 37, base=3.7, dtype=T.float16),
    lambda T: T.logspace(0.1, 2.9, 17, base=1.7, dtype=T.int32), lambda T: T.logspace(1.7, 3.2, 5, dtype=T.int32),
    lambda T: T.logspace(0, 2, 3, base=2, dtype=T.uint8), lambda T: T.logspace(2, 1, 4, base=-2),
    lambda T: T.logspace(0, 1, 1), lambda T: T.logspace(0, 1, 0), lambda T: T.logspace(5, 0.3, 1001),
    lambda T: T.logspace(-10, 10, 1001, dtype=T.float64), lambda T: T.logspace(0, 0.0001, 11),
    lambda T: T.logspace(T.tensor(1.), 2, 3), lambda T: T.logspace(0, 1, 3, base=T.tensor(2.)),
    lambda T: T.logspace(0, 1, 3, requires_grad=True), lambda T: T.logspace(0.5, 1.5, 4, dtype=T.int64),
    lambda T: T.logspace(0, 1, -1), lambda T: T.logspace(0, 1, 3.5), lambda T: T.logspace(0, 1, 5, dtype=T.bool),
    lambda T: T.logspace(0, 1, "3"),
)
def test_logspace(fn):
    same(fn, rtol=0, atol=0)


def test_logspace_complex():
    same(lambda T: T.logspace(0, 1, 3, dtype=T.complex64), rtol=1e-6)


@cases(
    lambda T: T.tril_indices(3, 3), lambda T: T.tril_indices(3, 4, 1), lambda T: T.tril_indices(4, 3, -1),
    lambda T: T.triu_indices(3, 3), lambda T: T.triu_indices(3, 4, offset=1), lambda T: T.triu_indices(4, 3, -2),
    lambda T: T.tril_indices(3, 3, dtype=T.int32), lambda T: T.triu_indices(5, 7, 2, dtype=T.int32),
    lambda T: T.tril_indices(0, 3), lambda T: T.triu_indices(3, 0), lambda T: T.tril_indices(3, 3, -10),
    lambda T: T.triu_indices(3, 3, 10), lambda T: T.tril_indices(6, 2, 4), lambda T: T.triu_indices(2, 6, -4),
    lambda T: T.triu_indices(-1, 3), lambda T: T.tril_indices(3, -1), lambda T: T.tril_indices(3, 3, dtype=T.float32),
    lambda T: T.triu_indices(3, 3, dtype=T.int8), lambda T: T.triu_indices(3, 3, dtype=T.bool),
    lambda T: T.tril_indices(3.5, 3), lambda T: T.tril_indices(3, 3, 1.5), lambda T: T.tril_indices(3),
)
def test_tril_triu_indices(fn):
    same(fn)


@cases(
    lambda T: T.nn.functional.one_hot(T.tensor([0, 2, 1])), lambda T: T.nn.functional.one_hot(T.tensor([0, 2, 1]), 5),
    lambda T: T.nn.functional.one_hot(T.tensor([0, 2, 1]), num_classes=-1),
    lambda T: T.nn.functional.one_hot(T.tensor([[0, 2], [1, 1]]), 4),
    lambda T: T.nn.functional.one_hot(T.tensor([[1, 0], [0, 1]]).t(), 2).stride(),
    lambda T: T.nn.functional.one_hot(T.tensor(2), 4),
    lambda T: T.nn.functional.one_hot(T.tensor([], dtype=T.int64), 3),
    lambda T: T.nn.functional.one_hot(T.tensor([0, 2, 1]), 2), lambda T: T.nn.functional.one_hot(T.tensor([0, -1, 1])),
    lambda T: T.nn.functional.one_hot(T.tensor([5, -1]), 3), lambda T: T.nn.functional.one_hot(T.tensor([0., 1.])),
    lambda T: T.nn.functional.one_hot(T.tensor([0, 1], dtype=T.int32)),
    lambda T: T.nn.functional.one_hot(T.tensor([True])), lambda T: T.nn.functional.one_hot(T.tensor([], dtype=T.int64)),
    lambda T: T.nn.functional.one_hot(T.tensor([], dtype=T.int64), -2),
    lambda T: T.nn.functional.one_hot(T.tensor([0, 1]), -2), lambda T: T.nn.functional.one_hot(T.tensor([1]), 0),
    lambda T: T.nn.functional.one_hot([1, 2]), lambda T: T.nn.functional.one_hot(T.tensor([1]), 2.0),
)
def test_one_hot(fn):
    same(fn)
