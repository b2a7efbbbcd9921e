"""Reliability of in-place ops and views, compared with torch 2.13 live (issue 7): the order of torch's
refusals (memory overlap before a kernel's dtype error; an inference tensor's refusal last, after the
write), the node a "modified by an inplace operation" error names for a view's saved output, in-place
ops torch allows on expanded tensors, views of (and in) inference mode, and CopySlices after its graph
was freed.

Each case runs the same code on ember and on real torch through tests/behave.py and compares what each
observes (values, flags, grad_fn names, exception classes and messages, warnings).
"""
from __future__ import annotations

import pytest
from behave import Err, assert_same, catch, ember, run, same, torch  # noqa: F401  (skips without torch)
from test_reliability_shapes import same_warned


def _err(f):
    """The exception f() raised, as (class name, message up to torch's "expected version"), or 'ok'."""
    out = catch(f)
    if not isinstance(out, Err):
        return "ok"
    msg = out.msg
    return out.type, msg[:msg.index("expected version")] if "expected version" in msg else msg


# ================================================================ 1. memory overlap before the kernel's dtype error
def _expanded(T, value):
    return T.tensor([value]).expand(2)


OVERLAP_ORDER = {
    # the kernel refuses the dtype ("abs_cpu" not implemented for 'Bool'): torch's overlap error comes first
    "abs_bool": lambda T: _expanded(T, False).abs_(),
    "floor_bool": lambda T: _expanded(T, True).floor_(),
    "round_complex": lambda T: _expanded(T, 1 + 1j).round_(),
    "elu_int": lambda T: T.nn.functional.elu_(_expanded(T, 1)),
    "selu_int": lambda T: T.nn.functional.selu_(_expanded(T, 1)),
    "celu_int": lambda T: T.nn.functional.celu_(_expanded(T, 1)),
    "leaky_relu_int": lambda T: T.nn.functional.leaky_relu_(_expanded(T, 1)),
    "leaky_relu_bool": lambda T: T.nn.functional.leaky_relu_(_expanded(T, True)),
    "silu_int": lambda T: T.nn.functional.silu(_expanded(T, 1), inplace=True),
    "mish_int": lambda T: T.nn.functional.mish(_expanded(T, 1), inplace=True),
    "hardsigmoid_int": lambda T: T.nn.functional.hardsigmoid(_expanded(T, 1), inplace=True),
    "hardswish_int": lambda T: T.nn.functional.hardswish(_expanded(T, 1), inplace=True),
    "left_shift_float": lambda T: _expanded(T, 1.0).bitwise_left_shift_(1),
    "right_shift_float": lambda T: _expanded(T, 1.0).bitwise_right_shift_(1),
    # checks in the op's front come before the overlap check
    "relu_bool": lambda T: _expanded(T, True).relu_(),
    "hardtanh_bool": lambda T: T.nn.functional.hardtanh_(_expanded(T, True)),
    "abs_complex": lambda T: _expanded(T, 1 + 1j).abs_(),
    "floor_complex": lambda T: _expanded(T, 1 + 1j).floor_(),
    "sign_complex": lambda T: _expanded(T, 1 + 1j).sign_(),
    # not expanded: the dtype errors themselves
    "abs_bool_dense": lambda T: T.tensor([True, False]).abs_(),
    "elu_int_dense": lambda T: T.nn.functional.elu_(T.tensor([1, 2])),
    "left_shift_float_dense": lambda T: T.tensor([1.0, 2.0]).bitwise_left_shift_(1),
    "round_complex_dense": lambda T: T.tensor([1 + 1j, 2j]).round_(),
}


@pytest.mark.parametrize("case", OVERLAP_ORDER)
def test_overlap_error_before_kernel_dtype_error(case):
    same(OVERLAP_ORDER[case])


def _i(T, *v):
    return T.tensor(list(v))


INDEX_ARG_CHECKS = {
    # (op on the target, whether torch checks it after the memory-overlap check)
    "scatter_oob": lambda T, x: x.scatter_(0, _i(T, 5), 2.0),
    "scatter_neg": lambda T, x: x.scatter_(0, _i(T, -1), 2.0),
    "scatter_reduce_name": lambda T, x: x.scatter_(0, _i(T, 0), T.tensor([2.0]), reduce="bad"),
    "scatter_src_dtype": lambda T, x: x.scatter_(0, _i(T, 0), _i(T, 2)),
    "scatter_ndim": lambda T, x: x.scatter_(0, T.tensor([[0]]), 2.0),
    "scatter_add_oob": lambda T, x: x.scatter_add_(0, _i(T, 5), T.tensor([2.0])),
    "scatter_reduce_oob": lambda T, x: x.scatter_reduce_(0, _i(T, 5), T.tensor([2.0]), "sum"),
    "scatter_reduce_bad": lambda T, x: x.scatter_reduce_(0, _i(T, 0), T.tensor([2.0]), "bad"),
    "scatter_reduce_src_dtype": lambda T, x: x.scatter_reduce_(0, _i(T, 0), _i(T, 2), "sum"),
    "index_add_oob": lambda T, x: x.index_add_(0, _i(T, 7), T.tensor([2.0])),
    "index_add_src_dtype": lambda T, x: x.index_add_(0, _i(T, 0), _i(T, 2)),
    "index_add_src_shape": lambda T, x: x.index_add_(0, _i(T, 0), T.tensor([2.0, 3.0])),
    "index_copy_oob": lambda T, x: x.index_copy_(0, _i(T, 7), T.tensor([2.0])),
    "index_copy_src_shape": lambda T, x: x.index_copy_(0, _i(T, 0), T.tensor([2.0, 3.0])),
    "index_copy_src_dtype": lambda T, x: x.index_copy_(0, _i(T, 0), _i(T, 2)),
    "index_copy_index_2d": lambda T, x: x.index_copy_(0, T.tensor([[0]]), T.tensor([2.0])),
    "index_copy_dim": lambda T, x: x.index_copy_(2, _i(T, 0), T.tensor([2.0])),
    "masked_scatter_int_mask": lambda T, x: x.masked_scatter_(_i(T, 1, 0, 0), T.tensor([2.0])),
    "masked_scatter_small_src": lambda T, x: x.masked_scatter_(T.tensor([True, True, False]), T.tensor([2.0])),
    "masked_scatter_mask_shape": lambda T, x: x.masked_scatter_(T.tensor([True, True]), T.tensor([2.0])),
    "put_oob": lambda T, x: x.put_(_i(T, -5), T.tensor([2.0])),
    "put_int32": lambda T, x: x.put_(T.tensor([0], dtype=T.int32), T.tensor([2.0])),
    "put_count": lambda T, x: x.put_(_i(T, 0), T.tensor([2.0, 3.0])),
    "index_fill_oob": lambda T, x: x.index_fill_(0, _i(T, 9), 2.0),
}


@pytest.mark.parametrize("expanded", [True, False])
@pytest.mark.parametrize("case", INDEX_ARG_CHECKS)
def test_index_op_argument_checks_and_overlap(case, expanded):
    def fn(T):
        x = T.tensor([1.0]).expand(3) if expanded else T.tensor([1.0, 2.0, 3.0])
        return catch(lambda: INDEX_ARG_CHECKS[case](T, x)), x
    same_warned(fn)


# ================================================================ 2. the node a saved view's version error names
def _x(T):
    return T.tensor([1.0, 2.0, 3.0], requires_grad=True)


def _c_kept_by_mul(T):
    y = _x(T) * 2
    v = y[0:2]
    v.exp_()
    w = v * 1          # holds the view's grad_fn (AsStrided...) alive
    y.add_(1)
    return w.sum().backward()


def _c_view_reread(T):
    y = _x(T) * 2
    v = y[0:2]
    v.exp_()
    y.add_(1)
    return v.sum().backward()     # v is re-read from y: the first AsStrided node is gone


def _c_kept_by_user(T):
    y = _x(T) * 2
    v = y[0:2]
    v.exp_()
    keep = v.grad_fn
    v.add_(1)
    return keep, y.sum().backward()


def _c_freed_with_copyslices(T):
    y = _x(T) * 2
    v = y[0:2]
    v.sigmoid_()
    v.add_(1)          # the first AsStrided node is held only by this op's node, freed as backward runs
    return y.sum().backward()


def _c_saved_by_mul(T):
    y = _x(T) * 2
    v = y[0:2]
    v.sigmoid_()
    v.mul_(v)          # MulBackward0 saves the view: its node stays alive
    return y.sum().backward()


def _c_view_alive(T):
    y = _x(T) * 2
    v = y[0:2]
    v.sigmoid_()
    y.add_(1)
    return y.sum().backward()     # v (never re-read) still holds the node


def _c_view_deleted(T):
    y = _x(T) * 2
    v = y[0:2]
    v.sigmoid_()
    y.add_(1)
    del v
    return y.sum().backward()


def _c_view_read(T):
    y = _x(T) * 2
    v = y[0:2]
    v.sigmoid_()
    y.add_(1)
    v.grad_fn          # re-read: the old node goes
    return y.sum().backward()


def _c_input_view(T):
    y = _x(T) * 2
    v = y[0:2]
    z = v * v
    y.add_(1)
    return z.sum().backward()


VIEW_NAME = {f.__name__[3:]: f for f in (_c_kept_by_mul, _c_view_reread, _c_kept_by_user, _c_freed_with_copyslices,
                                        _c_saved_by_mul, _c_view_alive, _c_view_deleted, _c_view_read, _c_input_view)}


@pytest.mark.parametrize("case", VIEW_NAME)
def test_modified_error_names_the_live_view_node(case):
    assert _err(lambda: VIEW_NAME[case](ember)) == _err(lambda: VIEW_NAME[case](torch))


def _double_backward_through_copyslices(T, retain):
    x = _x(T)
    y = x + 2          # AddBackward0 saves nothing: only CopySlices knows the graph was freed
    y[0:2].add_(1)
    first = catch(lambda: y.sum().backward(retain_graph=retain))
    second = catch(lambda: y.sum().backward())
    return first, second, x.grad


@pytest.mark.parametrize("retain", [False, True])
def test_copyslices_freed_after_backward(retain):
    same(lambda T: _double_backward_through_copyslices(T, retain))


# ================================================================ 3. index_fill_ on an expanded tensor
INDEX_FILL = {
    "scalar": lambda T: T.tensor([1.0]).expand(3).index_fill_(0, T.tensor([0]), 2.0),
    "tensor_value": lambda T: T.tensor([1.0]).expand(3).index_fill_(0, T.tensor([0]), T.tensor(2.0)),
    "rows_dim1": lambda T: T.tensor([[1.0], [2.0]]).expand(2, 3).index_fill_(1, T.tensor([0]), 5.0),
    "rows_dim0": lambda T: T.tensor([[1.0], [2.0]]).expand(2, 3).index_fill_(0, T.tensor([0]), 5.0),
    "cols_dim1": lambda T: T.tensor([[1.0, 2.0]]).expand(3, 2).index_fill_(1, T.tensor([0]), 5.0),
    "dense": lambda T: T.tensor([1.0, 2.0]).index_fill_(0, T.tensor([0]), 5.0),
}


@pytest.mark.parametrize("case", INDEX_FILL)
def test_index_fill_on_expanded(case):
    same_warned(INDEX_FILL[case])


def _index_fill_backward(T, value):
    x = _x(T)[:1]
    e = (x * 1).expand(3)
    v = T.tensor(2.0, requires_grad=True) if value == "tensor" else 2.0
    e.index_fill_(0, T.tensor([0]), v)
    return type(e.grad_fn).__name__, e.detach(), catch(lambda: e.sum().backward())


@pytest.mark.parametrize("value", ["number", "tensor"])
def test_index_fill_on_expanded_backward(value):
    same_warned(lambda T: _index_fill_backward(T, value))


# ================================================================ 4. threshold_ (and kin) on a matmul result
def _inplace_on_matmul(T, make, op):
    a = T.tensor([[1.0, -2.0], [0.5, 1.0]], requires_grad=True)
    b = T.tensor([[1.0, 0.5], [-1.0, 2.0]])
    y = {"mm": lambda: a @ b, "mv": lambda: a @ b[0], "vm": lambda: a[0] @ b,
         "bmm": lambda: T.matmul(a.unsqueeze(0), b)}[make]()
    F = T.nn.functional
    r = {"threshold_": lambda: F.threshold_(y, 0.5, 9.0), "relu_": lambda: y.relu_(),
         "threshold_inplace": lambda: F.threshold(y, 0.5, 9.0, inplace=True), "exp_": lambda: y.exp_()}[op]()
    fn = y.grad_fn
    y.sum().backward()
    return (r is y, type(fn).__name__, [type(n).__name__ for n, _ in fn.next_functions], y._version, y.detach(),
            a.grad)


@pytest.mark.parametrize("make", ["mm", "mv", "vm", "bmm"])
@pytest.mark.parametrize("op", ["threshold_", "relu_", "threshold_inplace", "exp_"])
def test_inplace_on_matmul_result(make, op):
    same(lambda T: _inplace_on_matmul(T, make, op))


# ================================================================ 5. views of inference tensors and in inference mode
def _views_of_inference(T):
    with T.inference_mode():
        f = T.tensor([1.0, 2.0, 3.0])
        inside = f[0:2]
    views = [inside, f[0:2], f.view(3), f.t(), f.unbind(0)[0], f.split(1)[0], f.expand(2, 3), f[None]]
    return [(v.is_inference(), v._is_view(), v._base is None) for v in views]


def _views_in_inference_mode(T):
    n = T.tensor([1.0, 2.0, 3.0])
    with T.inference_mode():
        views = [n[0:2], n.view(3), n.unbind(0)[0], n.split(1)[0], n.t()]
        flags = [(v.is_inference(), v._is_view(), v._base is n) for v in views]
        views[0].add_(1)                        # inside the mode: fine, the base changes too
    views[1].mul_(2)                            # outside, nothing requires grad: fine
    return flags, n, n._version


def _inference_mode_view_modified(T, which):
    r = T.tensor([1.0, 2.0, 3.0], requires_grad=True).clone()
    with T.inference_mode():
        v, u, w = r[0:2], r.unbind(0), r.view(3)
    if which == "direct":
        return catch(lambda: v.add_(1)), r
    if which == "multi_output":
        return catch(lambda: u[0].add_(1)), r
    r.mul_(2)                                   # the base: the views cannot be re-read now
    return catch(lambda: w.grad_fn), catch(lambda: w * 2), catch(lambda: v[0:1])


@pytest.mark.parametrize("case", [_views_of_inference, _views_in_inference_mode])
def test_inference_view_flags(case):
    same(case)


@pytest.mark.parametrize("which", ["direct", "multi_output", "base"])
def test_inference_mode_view_modified_outside(which):
    same(lambda T: _inference_mode_view_modified(T, which))


INFERENCE_INPLACE = {
    # torch refuses when it bumps the version: after the kernel's own errors and after the write
    "add_": lambda T, f, i: f.add_(1),
    "exp_": lambda T, f, i: f.exp_(),
    "fill_": lambda T, f, i: f.fill_(7),
    "zero_": lambda T, f, i: f.zero_(),
    "setitem_basic": lambda T, f, i: f.__setitem__(0, 5.0),
    "setitem_advanced": lambda T, f, i: f.__setitem__(T.tensor([1]), 6.0),
    "copy_": lambda T, f, i: f.copy_(T.tensor([8.0, 9.0])),
    "clamp_": lambda T, f, i: f.clamp_(0, 1),
    "index_fill_": lambda T, f, i: f.index_fill_(0, T.tensor([0]), 4.0),
    "masked_fill_": lambda T, f, i: f.masked_fill_(T.tensor([True, False]), 3.0),
    "view_add_": lambda T, f, i: f.view(2).add_(1),
    "slice_mul_": lambda T, f, i: f[0:1].mul_(3),
    "unsqueeze_": lambda T, f, i: f.unsqueeze_(0),
    "int_exp_": lambda T, f, i: i.exp_(),          # the result-type error first
    "expanded_abs_": lambda T, f, i: f[:1].expand(2).abs_(),
    "expanded_bool_abs_": lambda T, f, i: f[:1].bool().expand(2).abs_(),
}


@pytest.mark.parametrize("case", INFERENCE_INPLACE)
def test_inplace_on_inference_tensor(case):
    def fn(T):
        with T.inference_mode():
            f, i = T.tensor([1.0, 2.0]), T.tensor([1, 2])
        return catch(lambda: INFERENCE_INPLACE[case](T, f, i)), f, i
    same(fn)


def test_inference_leaf_error_first():
    def fn(T):
        with T.inference_mode():
            w = T.tensor([1.0, 2.0], requires_grad=True)
        return catch(lambda: w.add_(1)), w
    same(fn)


def test_view_of_inference_tensor_cannot_be_saved():
    def fn(T):
        with T.inference_mode():
            f = T.tensor([1.0, 2.0, 3.0])
        x = T.tensor([1.0, 2.0], requires_grad=True)
        return catch(lambda: x * f[0:2]), catch(lambda: x * f.view(3)[1:])
    same(fn)


@pytest.mark.parametrize("requires_grad", [False, True])
def test_masked_scatter_short_source_writes_first(requires_grad):
    def fn(T):
        x = T.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=requires_grad) * 1
        err = catch(lambda: x.masked_scatter_(T.tensor([True, False, True, True]), T.tensor([7.0, 8.0])))
        y = T.tensor([[1.0, 2.0], [3.0, 4.0]])
        err2 = catch(lambda: y.masked_scatter_(T.tensor([True, True]), T.tensor([7.0])))
        return err, x, x._version, err2, y, y._version
    same(fn)


# ================================================================ 6. memory overlap through an expanded value
SELF_OVERLAP = [
    # setitem expands a value of size-1 dims from 0-d (torch's zero strides), compared with the target's
    "x = T.ones(1); x[:, None] = x", "x = T.ones(1); x[None, :] = x", "x = T.ones(1, 1); x[None] = x[0]",
    "x = T.ones(1, 1); x[0:1, 0:1] = x[0]", "x = T.ones(1, 1); x[0] = x", "x = T.ones(1, 1); x[0, None] = x[0]",
    "x = T.tensor([[0.0]]); x[None, :, ::2] = x", "x = T.tensor([[[0.0]]]); x[0] = x",
    # a value with a dim > 1: expand gives its new size-1 dims torch's strides
    "x = T.tensor([[1.0, 2.0, 3.0]]); x[::2, None] = x", "x = T.ones(1, 2); x[None] = x",
    "x = T.ones(1); x.add_(x[0].expand(1))", "x = T.ones(1, 1); x.copy_(x[0, 0].expand(1, 1))",
    # no overlap error: the same shape is copied directly, or the strides agree
    "x = T.ones(1, 1); x[0][None] = x", "x = T.ones(1, 1); x[0, None] = x", "x = T.ones(1); x[0] = x",
    "x = T.ones(1, 1); x[0:1, 0:1] = x", "x = T.ones(1); x.add_(x[0])", "x = T.ones(1, 1); x.mul_(x[None][0])",
]


@pytest.mark.parametrize("code", SELF_OVERLAP)
def test_setitem_overlap_through_expanded_value(code):
    def fn(T):
        env = {"T": T}
        return catch(lambda: exec(code, env)), env.get("x")
    same(fn)


EXPAND_STRIDES = [((3,), (1, 3)), ((3,), (2, 1, 3)), ((), (1, 1, 1)), ((), (2, 1)), ((1,), (1, 1)),
                  ((2, 1), (1, 2, 1)), ((2, 1), (1, 2, 4)), ((2,), (1, 1, 2))]


@pytest.mark.parametrize("shape,to", EXPAND_STRIDES)
def test_expand_strides(shape, to):
    same(lambda T: T.zeros(shape).expand(to).stride())


def test_repr_of_a_view_whose_grad_fn_is_gone_says_invalid():
    def program(lib):
        b = lib.tensor([1.0, 2.0, 3.0], requires_grad=True).clone()
        u = b.unbind()
        with lib.no_grad():
            b.mul_(2)
        return repr(u[0])
    same(program)
