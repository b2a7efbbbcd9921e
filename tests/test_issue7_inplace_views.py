"""Issue 7's in-place, view and indexing leftovers, compared with torch 2.13 live: setitem/index_put value
shapes, types and numbers (torch's errors, not NumPy's); the in-place view ops t_/transpose_/swapaxes_/
swapdims_; as_strided/as_strided_ (values, views, gradients, in-place through them); resize_/resize_as_;
in-place bitwise ops and their operators; index_reduce; the strides of views made with None; views made
under no_grad and modified in place.

Each case runs the same code on ember and on real torch through tests/behave.py and compares what each
observes (values, flags, grad_fn names, exception classes and messages, warnings).
"""
from __future__ import annotations

import decimal
import fractions

import numpy as np
import pytest
from behave import record_warnings, run, assert_same, same, torch  # noqa: F401  (skips without torch)

import ember


def _same_warned(fn):
    """fn's result and its warnings match torch's."""
    t_out, t_w = record_warnings(lambda: run(fn, "torch"))
    e_out, e_w = record_warnings(lambda: run(fn, "ember"))
    assert_same(e_out, t_out)
    assert e_w == t_w, f"warnings: ember {e_w} vs torch {t_w}"


# ================================================================ 1. values that do not fit the indexing result
def _set(key, value):
    def f(T):
        x = T.zeros(3, 4)
        x[key(T)] = value(T)
        return x
    return f


SETITEM_SHAPES = {
    "adv_1d": (lambda T: T.tensor([0, 1]), lambda T: T.ones(3)),
    "adv_leading_one": (lambda T: T.tensor([0, 1]), lambda T: T.ones(1, 3)),
    "adv_3d": (lambda T: T.tensor([0, 1]), lambda T: T.ones(2, 1, 3)),
    "adv_leading_ones_fit": (lambda T: T.tensor([0, 1]), lambda T: T.ones(1, 1, 4)),
    "slice_then_adv": (lambda T: (slice(None), T.tensor([0, 1])), lambda T: T.ones(3)),
    "adv_then_slice": (lambda T: (T.tensor([0, 1]), slice(1, 3)), lambda T: T.ones(3)),
    "broadcast_indices": (lambda T: (T.tensor([[0], [1]]), T.tensor([0, 1, 2])), lambda T: T.ones(4)),
    "two_indices": (lambda T: (T.tensor([0, 1]), T.tensor([0, 1])), lambda T: T.ones(3)),
    "index_none": (lambda T: (T.tensor([0, 1]), None), lambda T: T.ones(3)),
    "mask_selects_none": (lambda T: T.zeros(3, 4) > 5, lambda T: T.ones(3)),
    "mask_selects_all": (lambda T: T.zeros(3, 4) > -1, lambda T: T.ones(3)),
    "mask_one_element": (lambda T: T.zeros(3, 4) > -1, lambda T: T.ones(1)),
    "row_mask": (lambda T: T.tensor([True, False, True]), lambda T: T.ones(2, 3)),
    "row_mask_rows": (lambda T: T.tensor([True, False, True]), lambda T: T.ones(3, 4)),
    "row_mask_fits": (lambda T: T.tensor([True, False, True]), lambda T: T.ones(2, 4)),
    "ellipsis_index": (lambda T: (Ellipsis, T.tensor([0, 1])), lambda T: T.ones(4)),
    "empty_index": (lambda T: T.tensor([], dtype=T.long), lambda T: T.ones(2)),
    "slice": (lambda T: slice(0, 2), lambda T: T.ones(3)),
    "slice_fits": (lambda T: slice(0, 2), lambda T: T.ones(1, 2, 4)),
    "int": (lambda T: 0, lambda T: T.ones(3)),
    "int_int": (lambda T: (0, 1), lambda T: T.ones(3)),
}


@pytest.mark.parametrize("case", SETITEM_SHAPES)
def test_setitem_value_shape(case):
    same(_set(*SETITEM_SHAPES[case]))


@pytest.mark.parametrize("accumulate", [False, True])
@pytest.mark.parametrize("shape", [(3,), (1, 3), (1, 2, 4), (2, 4), (4,), ()])
def test_index_put_value_shape(shape, accumulate):
    same(lambda T: T.zeros(3, 4).index_put_((T.tensor([0, 1]),), T.ones(shape), accumulate=accumulate))
    same(lambda T: T.index_put(T.zeros(3, 4), (T.tensor([0, 1]),), T.ones(shape), accumulate))


def test_setitem_value_broadcast_gradients():
    def f(T):
        x = T.zeros(3, 4, requires_grad=True)
        v = T.ones(1, 4, requires_grad=True)
        y = x * 1
        y[T.tensor([0, 1])] = v
        (y * T.arange(12.).reshape(3, 4)).sum().backward()
        return y, x.grad, v.grad
    same(f)


_VALUES = [np.int64(2), np.float32(2), np.bool_(True), np.complex64(1), 1 + 0j, 1 + 2j, fractions.Fraction(1, 2),
           decimal.Decimal(1), 2 ** 70, float("nan"), float("inf"), 1e300, -1, 300, -300, True, 2.5, np.float64(3.5),
           np.ones(()), [1.0], (1.0,), None, "a"]
_DTYPES = ["float32", "float64", "float16", "int64", "int32", "int8", "uint8", "bool"]
_KEYS = {"basic": lambda T: 0, "advanced": lambda T: T.tensor([0]), "mask": lambda T: T.tensor([True, False, True]),
         "all": lambda T: Ellipsis}


@pytest.mark.parametrize("key", _KEYS)
@pytest.mark.parametrize("dtype", _DTYPES)
def test_setitem_value_types_and_numbers(dtype, key):
    """torch takes a tensor or a number (its conversion's errors: overflow, a complex with an imaginary
    part, NaN into an integer dtype); anything else is its TypeError."""
    for value in _VALUES:
        def f(T, value=value):
            x = T.zeros(3, 4, dtype=getattr(T, dtype))
            x[_KEYS[key](T)] = value
            return x
        _same_warned(f)


def _x3(T):
    return T.arange(24.).reshape(2, 3, 4)


def _b(T, *shape):
    return T.ones(*shape, dtype=T.bool)


def _setitem_on(T, key, value):
    x = _x3(T)
    x[key] = value
    return x


MASKS = {
    # a mask's shape must equal the dims it indexes, those the key's ints, slices and Nones leave (torch's error,
    # not NumPy's silent nonzero)
    "after_slice": lambda T: _x3(T)[:, T.tensor([True, False])],
    "after_slice_2d": lambda T: _x3(T)[:, _b(T, 3, 3)],
    "after_int": lambda T: _x3(T)[0, _b(T, 2, 4)],
    "after_ellipsis": lambda T: _x3(T)[..., _b(T, 2)],
    "two_masks": lambda T: _x3(T)[T.tensor([True, False]), T.tensor([True, False])],
    "first_dim": lambda T: _x3(T)[T.tensor([True, False, True])],
    "full": lambda T: _x3(T)[_b(T, 2, 3, 5)],
    "after_none": lambda T: _x3(T)[None, _b(T, 2, 2)],
    "fits": lambda T: _x3(T)[T.tensor([True, False]), :, T.tensor([True, False, True, True])],
    "after_stepped_slice": lambda T: _x3(T)[:, ::2, T.tensor([True, False, True, True])],
    "after_stepped_slice_bad": lambda T: _x3(T)[:, ::2, T.tensor([True, False, True])],
    "size_one_does_not_broadcast": lambda T: T.zeros(3)[_b(T, 1)],
    "with_index": lambda T: _x3(T)[T.tensor([True, False]), T.tensor([0, 2])],
    # a byte tensor is a mask, with torch's deprecation warning (one per byte tensor)
    "byte": lambda T: _x3(T)[T.tensor([1, 0], dtype=T.uint8)],
    "two_bytes": lambda T: T.zeros(3, 4)[T.tensor([1, 0, 1], dtype=T.uint8), T.tensor([1, 0, 0, 0], dtype=T.uint8)],
    "byte_bad_shape": lambda T: _x3(T)[T.tensor([1, 0, 1], dtype=T.uint8)],
    "set_byte_number": lambda T: _setitem_on(T, T.tensor([1, 0], dtype=T.uint8), 1.0),
    "set_byte_tensor": lambda T: _setitem_on(T, T.tensor([1, 0], dtype=T.uint8), T.ones(3, 4)),
    "set_byte_and_int": lambda T: _setitem_on(T, (T.tensor([1, 0], dtype=T.uint8), 0), 1.0),
    "set_byte_one_element": lambda T: _setitem_on(T, T.tensor([1, 0], dtype=T.uint8), T.tensor(2.)),
    "set_bad_shape": lambda T: _setitem_on(T, T.tensor([True, False, True]), 1.0),
    "set_bad_shape_tensor": lambda T: _setitem_on(T, (slice(None), T.tensor([True, False])), T.ones(4)),
    "index_put_byte": lambda T: _x3(T).index_put_((T.tensor([1, 0], dtype=T.uint8),), T.tensor(2.)),
    "index_put_byte_accumulate": lambda T: _x3(T).index_put_((T.tensor([1, 0], dtype=T.uint8),), T.tensor(2.),
                                                             accumulate=True),
    "index_put_byte_values": lambda T: _x3(T).index_put_((T.tensor([1, 0], dtype=T.uint8),), T.ones(3, 4)),
    "index_put_bad_shape": lambda T: _x3(T).index_put_((T.tensor([True, False, True]),), T.tensor(2.)),
    "index_put_two_masks": lambda T: _x3(T).index_put_((T.tensor([True, False]), T.tensor([True, False, True])),
                                                       T.tensor(2.)),
    "index_put_two_masks_bad": lambda T: _x3(T).index_put_((T.tensor([True, False]), T.tensor([True, False])),
                                                           T.tensor(2.)),
    "masked_scatter_short_source": lambda T: T.zeros(3, 4).masked_scatter_(T.tensor([True, False, True, False]),
                                                                           T.arange(5.)),
}


@pytest.mark.parametrize("case", MASKS)
def test_masks(case):
    _same_warned(MASKS[case])


# ================================================================ 2. t_, transpose_, swapaxes_, swapdims_
def _chain(T):
    a = T.ones(2, 3, requires_grad=True).clone()
    names = [a.t_().grad_fn, tuple(a.shape), a.stride(), a.transpose_(0, 1).grad_fn, a.swapaxes_(0, 1).grad_fn,
             a.swapdims_(0, 1).grad_fn, a._version, a.is_contiguous()]
    (a * T.arange(6.).reshape(a.shape)).sum().backward()
    return names


def _view_then_mul(T):
    c = T.arange(6., requires_grad=True).reshape(2, 3).clone()
    v = c[0:1]
    v.t_()
    v.mul_(2)
    return v.grad_fn, v._base is c, c.grad_fn, tuple(v.shape), c


def _view_grads(T):
    b = T.ones(2, 3, requires_grad=True)
    v = (b * 1)[:, :2]
    v.transpose_(0, 1)
    (v * T.tensor([[1., 2], [3, 4]])).sum().backward()
    return v, b.grad


def _no_grad_leaf(T):
    leaf = T.ones(2, 3, requires_grad=True)
    with T.no_grad():
        leaf.t_()
    return tuple(leaf.shape), leaf.is_leaf, leaf.stride(), leaf._version


def _no_grad_view(T):
    b = T.ones(2, 3, requires_grad=True).clone()
    with T.no_grad():
        v = b.t()
    return v.t_()


TRANSPOSE_INPLACE = {
    "chain": _chain,
    "view_then_mul": _view_then_mul,
    "view_grads": _view_grads,
    "leaf": lambda T: T.ones(2, 3, requires_grad=True).t_(),
    "leaf_no_grad": _no_grad_leaf,
    "no_grad_view": _no_grad_view,
    "t_3d": lambda T: T.ones(2, 3, 4).t_(),
    "t_1d": lambda T: (T.ones(3).t_().shape, T.ones(()).t_().shape),
    "transpose_bad_dim": lambda T: T.ones(3).transpose_(0, 1),
    "transpose_arity": lambda T: T.ones(2, 3).transpose_(0),
    "transpose_float_dim": lambda T: T.ones(2, 3).transpose_(1.0, 0),
    "t_argument": lambda T: T.ones(3).t_(1),
    "returns_self": lambda T: (lambda x: (x.t_() is x, x._version))(T.ones(2, 3)),
    "int_tensor": lambda T: (lambda x: (x.transpose_(1, 0), x.stride()))(T.arange(6).reshape(2, 3)),
}


@pytest.mark.parametrize("case", TRANSPOSE_INPLACE)
def test_transpose_inplace(case):
    same(TRANSPOSE_INPLACE[case])


# ================================================================ 3. as_strided, as_strided_
def _grads(T):
    y = T.arange(6., requires_grad=True)
    z = y * 1
    v = z.as_strided((2, 2), (1, 2), 1)
    seen = [v.grad_fn, v._base is z, v._is_view(), v.grad_fn._saved_size, v.grad_fn._saved_stride,
            v.grad_fn._saved_storage_offset]
    (v * T.arange(4.).reshape(2, 2)).sum().backward()
    return seen, v, y.grad


def _inplace_through(T):
    y = T.arange(6., requires_grad=True)
    z = y * 1
    w = z.as_strided((3,), (1,))
    w.mul_(2)
    return z.grad_fn, w.grad_fn, z, T.autograd.grad((z * T.arange(6.)).sum(), y)


def _base_changed(T):
    y = T.arange(6., requires_grad=True)
    z = y * 1
    w = z.as_strided((3,), (2,))
    z.mul_(2)
    return w.grad_fn, w, T.autograd.grad((w * T.tensor([1., 2, 3])).sum(), y)


def _inplace_version(T):
    a = T.ones(2, 3)
    a.as_strided_((3, 2), (1, 3))
    return a.stride(), a._version, a


def _inplace_grad(T):
    b = T.arange(6., requires_grad=True)
    c = b.clone()
    c.as_strided_((3,), (2,))
    seen = [c.grad_fn, tuple(c.shape), c._base]
    (c * T.tensor([1., 2, 3])).sum().backward()
    return seen, b.grad


def _overlapping_input(T):
    e = T.ones(3, requires_grad=True)
    r = e.expand(2, 3).as_strided((3,), (1,))
    r.backward(T.arange(3.))
    return r, e.grad


def _overlapping_output(T):
    e = T.arange(4., requires_grad=True)
    r = e.reshape(2, 2).t().as_strided((2, 2), (1, 1))
    r.backward(T.arange(4.).reshape(2, 2))
    return r, e.grad


def _x(T):
    return T.arange(6.)


AS_STRIDED = {
    "columns": lambda T: _x(T).as_strided((2, 2), (1, 2)),
    "overlapping": lambda T: _x(T).as_strided((4, 2), (1, 2)),
    "function": lambda T: T.as_strided(_x(T), (3,), (2,), 1),
    "negative_stride": lambda T: _x(T).as_strided((2,), (-1,)),
    "length_mismatch": lambda T: _x(T).as_strided((2, 2), (1,)),
    "negative_size": lambda T: _x(T).as_strided((-1,), (1,)),
    "negative_offset": lambda T: _x(T).as_strided((2,), (1,), -1),
    "out_of_bounds": lambda T: _x(T).as_strided((2,), (1,), 5),
    "empty_past_the_end": lambda T: _x(T).as_strided((0,), (1,), 7),
    "view_keeps_its_offset": lambda T: _x(T)[2:].as_strided((2,), (1,)),
    "offset_from_storage": lambda T: _x(T)[2:].as_strided((2,), (1,), 0),
    "storage_offset": lambda T: (_x(T)[2:].storage_offset(), _x(T).reshape(2, 3)[1, 1:].storage_offset()),
    "reads_memory_order": lambda T: _x(T).reshape(2, 3).t().as_strided((2,), (1,)),
    "stride_type": lambda T: _x(T).as_strided((2,), 1),
    "offset_type": lambda T: _x(T).as_strided((2,), (1,), 1.5),
    "grads": _grads,
    "inplace_through": _inplace_through,
    "base_changed": _base_changed,
    "as_strided_": _inplace_version,
    "as_strided_grad": _inplace_grad,
    "as_strided_leaf": lambda T: T.ones(6, requires_grad=True).as_strided_((3,), (2,)),
    "function_inplace": lambda T: (lambda x: (T.as_strided_(x, (2,), (3,)), x.shape))(_x(T)),
    "overlapping_input": _overlapping_input,
    "overlapping_output": _overlapping_output,
}


@pytest.mark.parametrize("case", AS_STRIDED)
def test_as_strided(case):
    same(AS_STRIDED[case])


def _strided_base(T, kind):
    y = T.arange(12., requires_grad=True)
    if kind == "contiguous":
        return y, y * 1
    if kind == "transposed":        # an elementwise result laid out as its transposed input (torch's layout)
        return y, y.reshape(3, 4).t() * 1
    return y, (y * 1).reshape(3, 4)[1:]


def _through(T, kind):
    y, z = _strided_base(T, kind)
    w = z.as_strided((3,), (2,), z.storage_offset() + 1)
    w.mul_(2)
    return z, T.autograd.grad((z * T.arange(float(z.numel())).reshape(z.shape)).sum(), y)


def _base_modified(T, kind):
    y, z = _strided_base(T, kind)
    w = z.as_strided((2, 2), (1, 3), z.storage_offset())
    z.mul_(3)
    return w.grad_fn, w, T.autograd.grad((w * T.tensor([[1., 2], [3, 4]])).sum(), y)


def _view_then_base(T, kind):
    y, z = _strided_base(T, kind)
    w = z.as_strided((2, 2), (4, 1), z.storage_offset())
    w.add_(w * 1)
    z.mul_(2)
    return z, T.autograd.grad((z * T.arange(float(z.numel())).reshape(z.shape)).sum(), y)


def _second_order(T, kind):
    y, z = _strided_base(T, kind)
    w = z.as_strided((3,), (2,), z.storage_offset() + 1)
    w.mul_(2)
    (g,) = T.autograd.grad((z * z).sum(), y, create_graph=True)
    return g.detach(), T.autograd.grad(g.sum(), y)


@pytest.mark.parametrize("how", [_through, _base_modified, _view_then_base, _second_order],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("kind", ["contiguous", "transposed", "view"])
def test_as_strided_view_in_place(kind, how):
    """In-place ops through an as_strided view, or on its base, replay it on arrays laid out as the base."""
    same(lambda T: how(T, kind))


@pytest.mark.parametrize("geometry", [((2, 2), (1, 2), 1), ((3, 2), (2, 1), 0), ((2, 2), (1, 1), 2)])
@pytest.mark.parametrize("layout", ["contiguous", "transposed", "sliced"])
def test_as_strided_gradcheck(geometry, layout):
    """First and second derivatives against finite differences, and torch's (a view's storage offset counts
    from the storage: the sliced input's elements start at 2)."""
    x = ember.arange(12., dtype=ember.float64).requires_grad_()
    if layout == "sliced":
        geometry = geometry[:2] + (geometry[2] + 2,)

    def f(t):
        t = {"contiguous": t, "transposed": t.reshape(3, 4).t(), "sliced": t[2:]}[layout]
        return t.as_strided(*geometry)
    assert ember.autograd.gradcheck(f, (x,))
    assert ember.autograd.gradgradcheck(f, (x,))

    def g(T):
        y = T.arange(12., dtype=T.float64, requires_grad=True)
        t = {"contiguous": y, "transposed": y.reshape(3, 4).t(), "sliced": y[2:]}[layout]
        r = t.as_strided(*geometry)
        (gx,) = T.autograd.grad((r * r).sum(), y, create_graph=True)
        # (gx's node is the slice's backward when sliced: EmbedBackward, torch's SliceBackwardBackward0)
        return r, gx.detach() if layout == "sliced" else gx, T.autograd.grad(gx.sum(), y)
    same(g)


# ================================================================ 4. resize_, resize_as_
def _resize_strides(T):
    out = []
    z = T.ones(2, 3).t()
    z.resize_(3, 2)
    out.append(z.stride())
    z = T.ones(2, 3).t()
    z.resize_(2, 3)
    out.append(z.stride())
    for shape in ((2, 2), (2, 3), (1, 1)):
        z = T.ones(2, 3)[:, :2]
        z.resize_(*shape)
        out.append((z.stride(), z.is_contiguous(), z))
    return out


def _resize_view(T):
    y = T.arange(6.)
    v = y[1:]
    v.resize_(2, 2)
    return v, v.stride(), y, v._base is y, v.storage_offset()


def _resize_shrinks_in_place(T):
    z = T.arange(6.)
    v = z.view(2, 3)
    z.resize_(4)
    z[:] = 7
    return v, z.storage_offset(), z._base, z._version


def _resize_inference(T):
    with T.inference_mode():
        j = T.ones(3)
    return j.resize_(2)


RESIZE = {
    "shape": lambda T: (lambda y: (y.resize_(2, 3), y.stride(), y._version))(_x(T)),
    "smaller": lambda T: _x(T).resize_(2, 2),
    "grows": lambda T: (lambda y: (y.resize_(3, 3)[:2], y.shape, y._version))(_x(T)),
    "tuple": lambda T: _x(T).resize_((2, 3)).shape,
    "list": lambda T: _x(T).resize_([2, 3]).shape,
    "size": lambda T: T.ones(3).resize_(T.Size([1, 3])).shape,
    "zero": lambda T: T.ones(3).resize_(0).shape,
    "no_size": lambda T: T.ones(3).resize_(),
    "negative": lambda T: _x(T).resize_(-1),
    "float": lambda T: _x(T).resize_(2.5),
    "str": lambda T: T.ones(3).resize_("a"),
    "int_tensor": lambda T: T.ones(3, dtype=T.int64).resize_(2),
    "channels_last": lambda T: T.ones(2, 3, 4, 5).resize_(2, 3, 4, 5, memory_format=T.channels_last).stride(),
    "channels_last_rank": lambda T: _x(T).resize_(2, 3, memory_format=T.channels_last),
    "requires_grad": lambda T: T.ones(3, requires_grad=True).resize_(2),
    "requires_grad_same_shape": lambda T: (T.ones(3, requires_grad=True) * 1).resize_(3),
    "transposed": lambda T: _x(T).reshape(2, 3).t().resize_(6).stride(),
    "strides": _resize_strides,
    "view": _resize_view,
    "shrinks_in_place": _resize_shrinks_in_place,
    "inference": _resize_inference,
    "as": lambda T: _x(T).resize_as_(T.ones(2, 3)),
    "as_contiguous": lambda T: _x(T).resize_as_(T.ones(2, 3).t()).stride(),
    "as_function": lambda T: T.resize_as_(_x(T), T.ones(2, 3)).shape,
    "as_requires_grad": lambda T: T.ones(3, requires_grad=True).resize_as_(T.ones(2)),
    "as_list": lambda T: T.ones(3).resize_as_([1]),
}


@pytest.mark.parametrize("case", RESIZE)
def test_resize(case):
    same(RESIZE[case])


def test_resize_grows_keeping_the_old_values():
    """The new elements are uninitialised in torch: compare only the old ones."""
    def f(T):
        z = T.arange(6.)
        z.resize_(10)
        return z[:6], z.shape, z.is_contiguous()
    same(f)


# ================================================================ 5. in-place bitwise ops and operators
def _i(T):
    return T.tensor([5, 3, 12])


def _operators(T):
    a, b, c, d, e = _i(T), _i(T), _i(T), _i(T), _i(T)
    a &= 6
    b |= 1
    c ^= T.tensor([1, 2, 3])
    d <<= 1
    e >>= 1
    return a, b, c, d, e


def _through_view(T):
    a = _i(T)
    v = a[1:]
    v &= 1
    return a, a._version


def _float_operator(T):
    a = T.ones(2)
    a &= 1


BITWISE = {
    "and_": lambda T: (lambda a: (a.bitwise_and_(6), a))(_i(T)),
    "or_": lambda T: (lambda a: (a.bitwise_or_(T.tensor([1, 1, 1])), a))(_i(T)),
    "xor_": lambda T: (lambda a: (a.bitwise_xor_(T.tensor(3)), a))(_i(T)),
    "not_": lambda T: (lambda a: (a.bitwise_not_(), a))(_i(T)),
    "not_bool": lambda T: (lambda a: (a.bitwise_not_(), a))(T.tensor([True, False])),
    "not_float": lambda T: T.ones(2).bitwise_not_(),
    "and_float_self": lambda T: T.ones(2).bitwise_and_(1),
    "and_float_number": lambda T: _i(T).bitwise_and_(1.5),
    "and_float_tensor": lambda T: _i(T).bitwise_and_(T.ones(3)),
    "and_bool_self_int_tensor": lambda T: T.tensor([True, False]).bitwise_and_(T.tensor([1, 0])),
    "and_bool_self_int": lambda T: T.tensor([True, False]).bitwise_and_(1),
    "and_int32_self": lambda T: (lambda a: (a.bitwise_and_(T.tensor([7, 7, 7])), a.dtype))(_i(T).int()),
    "xor_uint8": lambda T: T.tensor([250, 3], dtype=T.uint8).bitwise_xor_(255),
    "and_bad_broadcast": lambda T: _i(T).bitwise_and_(T.tensor([1, 2])),
    "and_broadcast_to_more_dims": lambda T: _i(T).bitwise_and_(T.tensor([[1], [2]])),
    "and_list": lambda T: _i(T).bitwise_and_([1]),
    "or_expanded": lambda T: T.tensor([1]).expand(3).bitwise_or_(2),
    "overlap": lambda T: (lambda a: a.__iand__(a.t()))(T.tensor([[1, 2], [3, 4]])),
    "operators": _operators,
    "operator_list": lambda T: _i(T).__iand__([1]),
    "operator_float": _float_operator,
    "through_view": _through_view,
}


@pytest.mark.parametrize("case", BITWISE)
def test_bitwise_inplace(case):
    same(BITWISE[case])


# ================================================================ 6. index_reduce
def _ir(T, reduce, include_self, index=(0, 2), source=((10., 20), (30, 40))):
    x = T.tensor([[1., 2, 3], [4, 5, 6]], requires_grad=True)
    s = T.tensor(source, requires_grad=True)
    return x.index_reduce(1, T.tensor(list(index)), s, reduce, include_self=include_self)


INDEX_REDUCE = {
    "bad_reduce": lambda T: _ir(T, "sum", True),
    "float_index": lambda T: T.ones(2, 3).index_reduce(1, T.tensor([0., 0]), T.ones(2, 2), "prod"),
    "int32_index": lambda T: T.ones(2, 3).index_reduce(1, T.tensor([0, 0]).int(), T.ones(2, 2) * 3, "prod"),
    "dtype_mismatch": lambda T: T.ones(2, 3).index_reduce(1, T.tensor([0, 0]), T.ones(2, 2).double(), "prod"),
    "out_of_range": lambda T: T.ones(2, 3).index_reduce(1, T.tensor([0, 5]), T.ones(2, 2), "prod"),
    "negative_index": lambda T: T.ones(2, 3).index_reduce(1, T.tensor([0, -1]), T.ones(2, 2), "prod"),
    "index_count": lambda T: T.ones(2, 3).index_reduce(1, T.tensor([0]), T.ones(2, 2), "prod"),
    "index_2d": lambda T: T.ones(2, 3).index_reduce(1, T.tensor([[0, 1]]), T.ones(2, 2), "prod"),
    "source_shape": lambda T: T.ones(2, 3).index_reduce(1, T.tensor([0, 0]), T.ones(3, 2), "prod"),
    "bad_dim": lambda T: T.ones(2, 3).index_reduce(5, T.tensor([0, 0]), T.ones(2, 2), "prod"),
    "int_mean": lambda T: T.tensor([[1, 2, 3]]).index_reduce(1, T.tensor([0, 0]), T.tensor([[4, 5]]), "mean"),
    "int_mean_negative": lambda T: T.tensor([[-1, 2, 3]]).index_reduce(1, T.tensor([0, 0]), T.tensor([[-4, 1]]),
                                                                       "mean", include_self=False),
    "int_amax_excluding_self": lambda T: T.tensor([[-1, 2, 3]]).index_reduce(1, T.tensor([0, 0]),
                                                                             T.tensor([[-4, 1]]), "amax",
                                                                             include_self=False),
    "bool_mean": lambda T: T.tensor([[True, False]]).index_reduce(1, T.tensor([0]), T.tensor([[True]]), "mean"),
    "nan_source": lambda T: T.tensor([[1., 2]]).index_reduce(1, T.tensor([0]), T.tensor([[float("nan")]]), "amax"),
    "nan_self": lambda T: T.tensor([[float("nan"), 2]]).index_reduce(1, T.tensor([0]), T.tensor([[3.]]), "amin"),
    "scalar": lambda T: T.tensor(1.).index_reduce(0, T.tensor([0]), T.tensor(3.), "prod"),
    "scalar_two_indices": lambda T: T.tensor(1.).index_reduce(0, T.tensor([0, 0]), T.tensor([3., 2]), "prod"),
    "empty": lambda T: T.zeros(2, 0).index_reduce(1, T.tensor([], dtype=T.long), T.zeros(2, 0), "prod"),
    "leaf_inplace": lambda T: T.ones(3, requires_grad=True).index_reduce_(0, T.tensor([0]), T.ones(1), "prod"),
    "inplace": lambda T: (lambda b: (b.index_reduce_(0, T.tensor([0]), T.ones(1), "amax"), b))(
        T.ones(3, requires_grad=True) * 2),
    "function": lambda T: T.index_reduce(T.ones(3), 0, T.tensor([0]), T.ones(1), "mean", include_self=False),
    "keyword_reduce": lambda T: T.ones(3).index_reduce(0, T.tensor([0]), T.ones(1), reduce="mean"),
    "include_self_positional": lambda T: T.ones(3).index_reduce(0, T.tensor([0]), T.ones(1), "mean", True),
    "reduce_type": lambda T: T.ones(3).index_reduce(0, T.tensor([0]), T.ones(1), 3),
    "missing_reduce": lambda T: T.ones(3).index_reduce_(0, T.tensor([0]), T.ones(1)),
    "bool_1d": lambda T: T.ones(2, dtype=T.bool).index_reduce(0, T.tensor([0]), T.ones(1, dtype=T.bool), "amax"),
    "bool_excluding_self": lambda T: T.ones(1, 2, dtype=T.bool).index_reduce(1, T.tensor([0]),
                                                                             T.ones(1, 1, dtype=T.bool), "amax",
                                                                             include_self=False),
    "bool_2d_prod": lambda T: T.ones(1, 2, dtype=T.bool).index_reduce(1, T.tensor([0]), T.zeros(1, 1, dtype=T.bool),
                                                                      "prod"),
    "bool_order": lambda T: T.ones(2, dtype=T.bool).index_reduce(0, T.tensor([3]), T.ones(2, dtype=T.bool), "amax"),
    "excluding_self_bounds": lambda T: T.ones(2, 3).index_reduce(0, T.tensor([0, 7]), T.ones(2, 3), "amax",
                                                                 include_self=False),
    "excluding_self_negative": lambda T: T.ones(2, 3).index_reduce(1, T.tensor([-1]), T.ones(2, 1), "prod",
                                                                   include_self=False),
    "excluding_self_too_negative": lambda T: T.ones(2, 3).index_reduce(1, T.tensor([-4]), T.ones(2, 1), "prod",
                                                                       include_self=False),
    "scalar_empty_index": lambda T: T.ones(()).index_reduce(0, T.tensor([], dtype=T.long), T.ones(()), "prod"),
    "scalar_out_of_range": lambda T: T.ones(()).index_reduce(0, T.tensor([3]), T.ones(()), "amax",
                                                             include_self=False),
    "int8_mean_wraps": lambda T: T.ones(2, dtype=T.int8).index_reduce(0, T.tensor([0, 0]),
                                                                      T.tensor([100, 100], dtype=T.int8), "mean"),
    "contiguous_result": lambda T: [T.ones(2, 1).expand(2, 3).index_reduce(0, T.tensor([0]), T.ones(1, 3),
                                                                          "mean").stride(),
                                    T.ones(3, 2).t().index_reduce(0, T.tensor([0]), T.ones(1, 3), "amin").stride()],
    "saved": lambda T: (lambda f: (f._saved_dim, f._saved_reduce, f._saved_include_self, f._saved_self,
                                   f._saved_source, f._saved_result))(_ir(T, "mean", True).grad_fn),
}


@pytest.mark.parametrize("case", INDEX_REDUCE)
def test_index_reduce(case):
    same(INDEX_REDUCE[case])


def test_index_reduce_beta_warning():
    """torch warns once per process (the suite's behave.py makes it warn every time): ember warns once."""
    with pytest.warns(UserWarning, match="index_reduce\\(\\) is in beta"):
        _ir(torch, "prod", True)
    ember.ops.index_reduce._warned.clear()
    with pytest.warns(UserWarning, match="index_reduce\\(\\) is in beta"):
        _ir(ember, "prod", True)


@pytest.mark.parametrize("source", [((10., 0), (3, 4)), ((0., 0), (3, 3)), ((6., 1), (3, 6))])
@pytest.mark.parametrize("index", [(0, 2), (0, 0)])
@pytest.mark.parametrize("include_self", [True, False])
@pytest.mark.parametrize("reduce", ["prod", "mean", "amax", "amin"])
def test_index_reduce_gradients(reduce, include_self, index, source):
    """Values and gradients, with zeros (prod) and ties with self or between sources (amax, amin)."""
    def f(T):
        x = T.tensor([[1., 0, 3], [4, 6, 6]], requires_grad=True)
        s = T.tensor(source, requires_grad=True)
        r = x.index_reduce(1, T.tensor(list(index)), s, reduce, include_self=include_self)
        return r, T.autograd.grad((r * T.arange(6.).reshape(2, 3)).sum(), (x, s))
    same(f)


# ================================================================ 7. strides of views made with None
_KINDS = {
    "contiguous": lambda T, shape: T.arange(float(np.prod(shape))).reshape(shape),
    "transposed": lambda T, shape: T.arange(float(np.prod(shape))).reshape(shape[::-1]).permute(
        *range(len(shape) - 1, -1, -1)),
    "stepped": lambda T, shape: T.arange(float(2 * np.prod(shape))).reshape(shape[:-1] + (2 * shape[-1],))[..., ::2]
    if shape else T.tensor(1.),
}
_NONE_KEYS = [(None,), (None, Ellipsis), (slice(None), None), (Ellipsis, None), (None, 1), (1, None),
              (None, slice(None, None, 2)), (None, None), (None, slice(1, None), None), (slice(None), None, 0),
              (None, 0, None), (Ellipsis, None, slice(None, 1))]


@pytest.mark.parametrize("kind", _KINDS)
@pytest.mark.parametrize("shape", [(), (3,), (2, 3), (3, 1), (2, 3, 4), (0, 3), (2, 0, 2)])
def test_none_index_strides(shape, kind):
    for key in _NONE_KEYS:
        def f(T, key=key):
            x = _KINDS[kind](T, shape)
            y = x[key]
            base = x if x._base is None else x._base
            return tuple(y.shape), y.stride(), y._base is base, y._is_view(), y.is_contiguous(), y
        same(f)


@pytest.mark.parametrize("key", [slice(None, 1), slice(1, None, 2), (slice(2, None), None), (slice(None), 0),
                                 (None, slice(3, None)), (Ellipsis, slice(0, 0))])
@pytest.mark.parametrize("kind", _KINDS)
def test_empty_slice_strides(kind, key):
    """A slice that leaves nothing keeps torch's strides (the step's), as do views of empty tensors."""
    def f(T):
        x = _KINDS[kind](T, (2, 3))[1:1] if kind != "stepped" else _KINDS[kind](T, (2, 3))
        y = x[key]
        return tuple(y.shape), y.stride(), tuple(x.shape), x.stride()
    same(f)


ZERO_DIM_KEYS = [0, np.int64(0), slice(None), slice(None, 1), 0.5, True, None, Ellipsis, (None, 0), (Ellipsis, 0)]


@pytest.mark.parametrize("key", ZERO_DIM_KEYS, ids=repr)
def test_zero_dim_keys(key):
    same(lambda T: T.zeros(())[key])

    def assign(T):
        x = T.zeros(())
        x[key] = 1
        return x
    same(assign)


def test_none_view_writes_through():
    def f(T):
        b = T.ones(2, 3, requires_grad=True)
        x = b * 1
        v = x.t()[None, 1]
        v.mul_(3)
        x.sum().backward()
        return x, v, v.stride(), b.grad
    same(f)


# ================================================================ 8. views made under no_grad, then modified in place
def _nonleaf():
    return lambda T: T.ones(3, requires_grad=True).clone()


def _ng_view_inplace_in_grad(T):
    b = _nonleaf()(T)
    with T.no_grad():
        v = b[:2]
    v.mul_(2)
    return b


def _ng_view_and_inplace(T):
    b = _nonleaf()(T)
    with T.no_grad():
        v = b[:2]
        v.mul_(2)
    return b, v, v.requires_grad, v.grad_fn


def _ng_view_base_modified(T):
    b = _nonleaf()(T)
    with T.no_grad():
        v = b[:2]
    b.mul_(2)
    return v.requires_grad, (v * 2).sum()


def _ng_view_then_grad_fn(T):
    b = _nonleaf()(T)
    with T.no_grad():
        v = b[:2]
    b.mul_(2)
    return v.grad_fn


def _detach_view_inplace(T):
    b = _nonleaf()(T)
    v = b.detach()[:2]
    v.mul_(2)
    return b, v, b._version


def _ng_view_of_leaf_inplace(T):
    b = T.ones(3, requires_grad=True)
    with T.no_grad():
        v = b[:2]
    v.mul_(2)


def _ng_view_requires_grad_(T):
    b = _nonleaf()(T)
    with T.no_grad():
        v = b[:2]
    v.requires_grad_()
    return v.requires_grad


def _ng_view_method_inplace(T):
    b = _nonleaf()(T)
    with T.no_grad():
        v = b.view(3)
    v.add_(1)


def _ng_view_of_constant(T):
    b = T.ones(3).clone()
    with T.no_grad():
        v = b[:2]
    v.add_(T.ones(2, requires_grad=True))
    return b, v


def _ng_view_inplace_later_no_grad(T):
    b = _nonleaf()(T)
    with T.no_grad():
        v = b[:2]
    with T.no_grad():
        v.mul_(2)
    return (b * 1).sum(), v.grad_fn


def _detach_then_ng_view(T):
    b = _nonleaf()(T)
    v = b.detach()
    with T.no_grad():
        w = v[:2]
    w.mul_(2)
    return b, b._version


def _ng_view_t_(T):
    b = T.ones(2, 3, requires_grad=True).clone()
    with T.no_grad():
        v = b.t()
    v.t_()


def _ng_as_strided_inplace(T):
    b = _nonleaf()(T)
    with T.no_grad():
        v = b.as_strided((2,), (1,))
    v.mul_(2)


def _ng_view_index_reduce(T):
    b = _nonleaf()(T)
    with T.no_grad():
        v = b[:2]
    v.index_reduce_(0, T.tensor([0]), T.ones(1), "amax")


NO_GRAD_VIEWS = {
    "view_then_inplace_in_grad_mode": _ng_view_inplace_in_grad,
    "view_and_inplace_in_no_grad": _ng_view_and_inplace,
    "base_modified": _ng_view_base_modified,
    "base_modified_grad_fn": _ng_view_then_grad_fn,
    "detach_view_inplace": _detach_view_inplace,
    "view_of_leaf": _ng_view_of_leaf_inplace,
    "requires_grad_": _ng_view_requires_grad_,
    "view_method": _ng_view_method_inplace,
    "view_of_constant": _ng_view_of_constant,
    "inplace_later_in_no_grad": _ng_view_inplace_later_no_grad,
    "detach_then_view": _detach_then_ng_view,
    "t_": _ng_view_t_,
    "as_strided": _ng_as_strided_inplace,
    "index_reduce_": _ng_view_index_reduce,
}


@pytest.mark.parametrize("case", NO_GRAD_VIEWS)
def test_no_grad_views(case):
    _same_warned(NO_GRAD_VIEWS[case])

