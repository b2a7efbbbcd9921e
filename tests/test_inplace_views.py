"""Oracle tests for ember's in-place operations and views: values, the version counter, leaf errors
(E5/E5b), the saved-tensor version check (E4), grad_fn regrafting, backward through views and
in-place ops on views (CopySlices, IndexPutBackward0).

Each test runs the same code on ember and on real torch 2.13 and compares what it observes.
"""
from __future__ import annotations

# ---------------------------------------------------------------- oracle helpers (self-contained)
import re
import warnings

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import ember  # noqa: E402

LIBS = pytest.mark.parametrize("lib", ["ember", "torch"])
_ADDR = re.compile(r"0x[0-9a-fA-F]+")
_TRIGGERED = re.compile(r"\s*\(Triggered internally at .*$", re.S)


def mask(s: str) -> str:
    """Mask object addresses."""
    return _ADDR.sub("0x…", s)


class Err:
    """An exception captured on one library: compared by type name and message."""

    def __init__(self, exc: BaseException) -> None:
        self.type = type(exc).__name__
        self.msg = _TRIGGERED.sub("", str(exc))

    def __repr__(self) -> str:
        return f"Err({self.type}: {self.msg!r})"


def catch(f):
    """f() or the Err it raised."""
    try:
        return f()
    except Exception as exc:  # noqa: BLE001
        return Err(exc)


def record_warnings(f):
    """(f() or Err, [(category name, message)])."""
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter("always")
        out = catch(f)
    return out, [(w.category.__name__, _TRIGGERED.sub("", str(w.message))) for w in ws]


def _tensor_cls(lib):
    return lib.Tensor


def norm(v, lib):
    """A library-neutral description of v (tensors, nodes, dtypes, Sizes, nested containers)."""
    if isinstance(v, Err):
        return v
    if isinstance(v, lib.Tensor):
        fn = v.grad_fn
        arr = np.array(v.detach().numpy(), copy=True)
        return ("Tensor", str(v.dtype), tuple(v.shape), v.requires_grad, v.is_leaf,
                None if fn is None else type(fn).__name__, arr)
    if isinstance(v, lib.dtype):
        return ("dtype", str(v))
    if isinstance(v, lib.Size):
        return ("Size", tuple(v))
    if isinstance(v, np.ndarray):
        return ("ndarray", v.dtype.str, v.shape, v.copy())
    if isinstance(v, str):
        return mask(v)
    if isinstance(v, tuple):
        return tuple(norm(x, lib) for x in v)
    if isinstance(v, list):
        return [norm(x, lib) for x in v]
    if isinstance(v, dict):
        return {k: norm(x, lib) for k, x in v.items()}
    if hasattr(v, "next_functions") or type(v).__name__ in ("AccumulateGrad",):
        return ("Node", type(v).__name__)
    return v


def run(fn, lib):
    """fn(lib) normalised, or the Err it raised."""
    mod = ember if lib == "ember" or lib is ember else torch
    return norm(catch(lambda: fn(mod)), mod)


def assert_same(e, t, path="out", rtol=1e-5, atol=1e-6, msg_upto=None):
    """ember's normalised result e matches torch's t."""
    if isinstance(t, Err) or isinstance(e, Err):
        assert isinstance(e, Err), f"{path}: torch raised {t!r} but ember returned {e!r}"
        assert isinstance(t, Err), f"{path}: ember raised {e!r} but torch returned {t!r}"
        assert e.type == t.type, f"{path}: exception type ember {e!r} vs torch {t!r}"
        want = t.msg
        if msg_upto is not None and msg_upto in want:
            want = want[:want.index(msg_upto) + len(msg_upto)]
        assert e.msg.startswith(want), f"{path}: message\n ember: {e.msg!r}\n torch: {want!r}"
        return
    if isinstance(t, tuple) and t and t[0] == "Tensor":
        assert isinstance(e, tuple) and e and e[0] == "Tensor", f"{path}: ember {e!r} is not a tensor (torch {t!r})"
        for i, what in enumerate(("dtype", "shape", "requires_grad", "is_leaf", "grad_fn"), start=1):
            assert e[i] == t[i], f"{path}: {what} ember {e[i]!r} vs torch {t[i]!r}"
        ea, ta = e[6], t[6]
        if ta.dtype.kind in "fc":
            np.testing.assert_allclose(ea.astype(np.complex128 if ta.dtype.kind == "c" else np.float64),
                                       ta.astype(np.complex128 if ta.dtype.kind == "c" else np.float64),
                                       rtol=rtol, atol=atol, equal_nan=True, err_msg=path)
        else:
            np.testing.assert_array_equal(ea, ta, err_msg=path)
        return
    if isinstance(t, tuple) and t and t[0] == "ndarray":
        assert isinstance(e, tuple) and e[:3] == t[:3], f"{path}: ember {e[:3]!r} vs torch {t[:3]!r}"
        np.testing.assert_allclose(e[3], t[3], rtol=rtol, atol=atol, equal_nan=True, err_msg=path)
        return
    if isinstance(t, (tuple, list)):
        assert type(e) is type(t), f"{path}: ember {type(e).__name__} {e!r} vs torch {type(t).__name__} {t!r}"
        assert len(e) == len(t), f"{path}: length ember {len(e)} vs torch {len(t)}: {e!r} vs {t!r}"
        for i, (a, b) in enumerate(zip(e, t)):
            assert_same(a, b, f"{path}[{i}]", rtol, atol, msg_upto)
        return
    if isinstance(t, dict):
        assert isinstance(e, dict) and set(e) == set(t), f"{path}: keys ember {e!r} vs torch {t!r}"
        for k in t:
            assert_same(e[k], t[k], f"{path}[{k!r}]", rtol, atol, msg_upto)
        return
    if isinstance(t, float) and not isinstance(t, bool):
        assert isinstance(e, float) and not isinstance(e, bool), f"{path}: ember {e!r} vs torch {t!r}"
        assert (np.isnan(e) and np.isnan(t)) or np.isclose(e, t, rtol=rtol, atol=atol), f"{path}: {e!r} vs {t!r}"
        return
    assert type(e) is type(t), f"{path}: type ember {type(e).__name__} {e!r} vs torch {type(t).__name__} {t!r}"
    assert e == t, f"{path}:\n ember: {e!r}\n torch: {t!r}"


def same(fn, **kw):
    """Run fn(lib) on ember and torch and assert the observations match. Returns ember's."""
    t = run(fn, "torch")
    e = run(fn, "ember")
    assert_same(e, t, **kw)
    return e
# ---------------------------------------------------------------- end of helpers


# ---------------------------------------------------------------- in-place values and version counter

INPLACE_OPS = {
    "add_": lambda T, t: t.add_(2),
    "add_alpha": lambda T, t: t.add_(T.ones(3), alpha=3),
    "sub_": lambda T, t: t.sub_(T.tensor([1., 2., 3.])),
    "mul_": lambda T, t: t.mul_(-2),
    "div_": lambda T, t: t.div_(4),
    "zero_": lambda T, t: t.zero_(),
    "fill_": lambda T, t: t.fill_(7.5),
    "fill_tensor": lambda T, t: t.fill_(T.tensor(7.5)),
    "copy_": lambda T, t: t.copy_(T.tensor([9., 8., 7.])),
    "copy_broadcast": lambda T, t: t.copy_(T.tensor(4.)),
    "clamp_": lambda T, t: t.clamp_(-1, 1),
    "clamp_min_": lambda T, t: t.clamp_(min=0),
    "pow_": lambda T, t: t.pow_(2),
    "neg_": lambda T, t: t.neg_(),
    "exp_": lambda T, t: t.exp_(),
    "relu_": lambda T, t: t.relu_(),
    "abs_": lambda T, t: t.abs_(),
    "sqrt_": lambda T, t: t.abs_().sqrt_(),
}


def _iadd(T, t):
    t += 1
    return t


def _isub(T, t):
    t -= T.tensor([1., 1., 1.])
    return t


def _imul(T, t):
    t *= 3
    return t


def _idiv(T, t):
    t /= 2
    return t


INPLACE_OPS.update({"+=": _iadd, "-=": _isub, "*=": _imul, "/=": _idiv})


@pytest.mark.parametrize("op", sorted(INPLACE_OPS))
def test_inplace_values_and_version(op):
    fn = INPLACE_OPS[op]

    def f(T):
        t = T.tensor([-1.5, 0.5, 2.0])
        alias = t
        v0 = t._version
        r = fn(T, t)
        return [t, r is alias, v0, t._version > v0]
    same(f)


@pytest.mark.parametrize("op", sorted(INPLACE_OPS))
def test_inplace_on_nonleaf_regrafts_grad_fn(op):
    fn = INPLACE_OPS[op]

    def f(T):
        x = T.tensor([-1.5, 0.5, 2.0], requires_grad=True)
        y = x * 1
        fn(T, y)
        y.sum().backward()
        return [y, x.grad]
    same(f)


def test_version_counter_shared_with_views_and_detach():
    def f(T):
        x = T.zeros(4)
        v = x[1:3]
        d = x.detach()
        dat = x.data
        r = [x._version, v._version, d._version]
        v.add_(1)
        r += [x._version, v._version, d._version, dat._version]
        d.mul_(2)
        r += [x._version, v._version, d._version, dat._version]
        dat.add_(1)
        r += [x._version, dat._version, x]
        x[0] = 5
        r += [x._version, v._version]
        return r
    same(f)


# ---------------------------------------------------------------- leaf errors

def test_inplace_on_leaf_E5_not_modified():
    def f(T):
        a = T.tensor([1., 2.], requires_grad=True)
        r = [catch(lambda: a.add_(1)), catch(lambda: a.zero_()), catch(lambda: a.mul_(2)),
             catch(lambda: a.copy_(T.zeros(2)))]
        def iadd():
            b = a
            b += 1
        r += [catch(iadd), a, a._version, a.is_leaf]
        return r
    same(f)


def test_inplace_on_view_of_leaf_E5b():
    def f(T):
        a = T.tensor([1., 2., 3.], requires_grad=True)
        def setitem():
            a[0] = 5
        r = [catch(setitem), catch(lambda: a[1:].mul_(2)), catch(lambda: a.view(3).zero_()), a]
        return r
    same(f)


def test_inplace_on_leaf_allowed_under_no_grad():
    def f(T):
        w = T.tensor([1., 2.], requires_grad=True)
        (w * w).sum().backward()
        v0 = w._version
        with T.no_grad():
            w -= 0.1 * w.grad
            w[0] = w[0] * 2
        r = [w, w.is_leaf, w.requires_grad, w.grad_fn, w._version > v0]
        w.grad.zero_()
        (w * 3).sum().backward()
        r.append(w.grad)
        return r
    same(f)


# ---------------------------------------------------------------- version check on saved tensors (E4)

def test_modified_saved_tensor_E4_output():
    def f(T):
        a = T.tensor([1., 2.], requires_grad=True)
        b = a.sigmoid()
        b.mul_(2)
        return [b, catch(lambda: b.sum().backward())]
    same(f, msg_upto="instead.")


def test_modified_saved_tensor_E4_names_call_site():
    a = ember.tensor([1., 2.], requires_grad=True)
    b = a.sigmoid()
    b.mul_(2)
    with pytest.raises(RuntimeError) as info:
        b.sum().backward()
    msg = str(info.value)
    assert msg.startswith("one of the variables needed for gradient computation has been modified by an inplace "
                          "operation: [torch.FloatTensor [2]], which is output 0 of Sigmoid, is at version 1; "
                          "expected version 0 instead.")
    assert "test_inplace_views.py" in msg, msg


def test_modified_saved_input_E4_names_producer():
    def f(T):
        a = T.tensor([1., 2.], requires_grad=True)
        c = a * 1
        d = c.sin()
        c.add_(1)
        x64 = T.tensor([[1., 2.]], dtype=T.float64, requires_grad=True)
        m = x64 * 1
        n = m * m
        m.zero_()
        return [catch(lambda: d.sum().backward()), catch(lambda: n.sum().backward())]
    same(f, msg_upto="instead.")


def test_modified_saved_view_E4_names_asstrided():
    def f(T):
        a = T.tensor([1., 2.], requires_grad=True)
        g = a.clone()
        h = g[0] * g[1]
        g[1] = 0.
        return [catch(lambda: h.backward())]
    same(f, msg_upto="instead.")


def test_modified_through_detach_is_caught():
    def f(T):
        a = T.tensor([1., 2.], requires_grad=True)
        b = a.exp()
        b.detach().zero_()
        return [catch(lambda: b.sum().backward())]
    same(f, msg_upto="instead.")


def test_modified_through_data_is_silent():
    def f(T):
        a = T.tensor([1., 2.], requires_grad=True)
        b = a.exp()
        b.data.zero_()
        b.sum().backward()
        return [a.grad]
    same(f)


def test_only_saved_tensors_matter():
    def f(T):
        a = T.tensor([1., 2.], requires_grad=True)
        c = a * 1
        d = c.exp()
        c.add_(1)
        d.sum().backward()
        r = [a.grad.clone()]
        c2 = a * 1
        e = c2 + 5
        c2.mul_(3)
        e.sum().backward()
        r.append(a.grad.clone())
        c3 = a * 1
        s = c3.sin()
        c3.add_(1)
        r.append(catch(lambda: s.sum().backward()))
        return r
    same(f, msg_upto="instead.")


# ---------------------------------------------------------------- views

VIEW_CASES = {
    "view": lambda T, x: x.view(3, 4),
    "view_neg": lambda T, x: x.view(-1),
    "reshape": lambda T, x: x.reshape(2, 6),
    "reshape_noncontig": lambda T, x: x.t().reshape(12),
    "slice": lambda T, x: x[:, 1:3],
    "slice_step": lambda T, x: x[::2, ::3],
    "select": lambda T, x: x[1],
    "select_col": lambda T, x: x[:, -1],
    "transpose": lambda T, x: x.transpose(0, 1),
    "t": lambda T, x: x.t(),
    "T": lambda T, x: x.T,
    "permute": lambda T, x: x.unsqueeze(0).permute(2, 0, 1),
    "expand": lambda T, x: x[:, :1].expand(4, 3),
    "expand_new": lambda T, x: x.expand(2, 4, 6),
    "squeeze": lambda T, x: x[:1].squeeze(0),
    "squeeze_all": lambda T, x: x[:1, :1].squeeze(),
    "unsqueeze": lambda T, x: x.unsqueeze(1),
    "flatten": lambda T, x: x.flatten(),
    "index_int_list": lambda T, x: x[[0, 0, 1]],
    "bool_mask": lambda T, x: x[x > 3],
    "ellipsis_none": lambda T, x: x[..., None, 2],
    "chain": lambda T, x: x.t()[1:].reshape(-1)[::2],
}


@pytest.mark.parametrize("case", sorted(VIEW_CASES))
def test_view_backprop(case):
    fn = VIEW_CASES[case]

    def f(T):
        x = T.arange(12.).reshape(2, 6).requires_grad_()
        xl = x.detach().clone().requires_grad_()
        v = fn(T, xl)
        w = T.arange(float(v.numel())).reshape(v.shape) + 1
        (v * w).sum().backward()
        return [v, xl.grad, v._is_view() if case not in ("reshape_noncontig",) else None]
    same(f)


def test_view_base_and_is_view():
    def f(T):
        x = T.arange(6.).reshape(2, 3)
        v = x[0]
        vv = v[1:]
        return [v._base is x, vv._base is x, x._base, v._is_view(), x._is_view(), x.clone()._is_view(),
                x.t()._base is x]
    same(f)


def test_inplace_on_view_of_nonleaf_copyslices():
    def f(T):
        x = T.tensor([1., 2., 3., 4.], requires_grad=True)
        b = x.clone()
        v = b[1:3]
        v.mul_(10)
        r = [b, v, repr(b.grad_fn), b.grad_fn.name(), type(v.grad_fn).__name__, b._version, v._version]
        b.sum().backward()
        r.append(x.grad)
        return r
    same(f)


def test_seed_setitem_from_itself():
    def f(T):
        x = T.tensor([1., 2., 3., 4.], requires_grad=True)
        b = x.clone()
        b[0] = b[1] * 5
        r = [b, type(b.grad_fn).__name__]
        b.sum().backward()
        r.append(x.grad)
        return r
    same(f)


def test_inplace_view_grads_match_complex_graph():
    def f(T):
        x = T.arange(1., 7.).requires_grad_()
        y = x.reshape(2, 3) * 1
        y[:, 1].mul_(3)
        y[0] += x[3:] * 2
        z = y.t()
        z[2].add_(x[:2])
        y[1, 1:].sub_(1)
        out = (y * T.tensor([[1., 2., 3.], [4., 5., 6.]])).sum()
        out.backward()
        return [y, x.grad, type(y.grad_fn).__name__]
    same(f)


def test_setitem_advanced_and_bool_index_put():
    def f(T):
        x = T.tensor([1., 2., 3., 4.], requires_grad=True)
        v = T.tensor([10., 20.], requires_grad=True)
        b = x * 1
        b[T.tensor([0, 2])] = v
        r = [b, type(b.grad_fn).__name__]
        (b * T.tensor([1., 2., 3., 4.])).sum().backward()
        r += [x.grad, v.grad]
        c = x * 1
        c[c > 2] = 0
        r += [c, type(c.grad_fn).__name__]
        x.grad = None
        (c * 2).sum().backward()
        r.append(x.grad)
        d = x * 1
        d[[1, 3]] = T.tensor(5.)
        r += [d, type(d.grad_fn).__name__]
        return r
    same(f)


def test_setitem_basic_on_nonleaf_copyslices():
    def f(T):
        x = T.ones(2, 3, requires_grad=True)
        s = T.tensor(2., requires_grad=True)
        b = x * 1
        b[0, 1] = s * 3
        b[1] = 7
        r = [b, type(b.grad_fn).__name__, b.grad_fn.name()]
        (b * T.arange(6.).reshape(2, 3)).sum().backward()
        r += [x.grad, s.grad]
        return r
    same(f)


def test_int_tensor_inplace_result_type_error():
    def f(T):
        i = T.tensor([1, 2])
        r = [catch(lambda: i.mul_(1.5)), i, catch(lambda: i.add_(T.tensor([0.5, 0.5])))]
        def iadd():
            j = T.tensor([1, 2])
            j += 0.5
        r.append(catch(iadd))
        b = T.tensor([True, False])
        r.append(catch(lambda: b.add_(1)))
        f32 = T.tensor([1., 2.])
        f32.mul_(T.tensor([2., 2.], dtype=T.float64))
        r.append(f32)
        i.mul_(2)
        r.append(i)
        return r
    same(f)


def test_inplace_broadcast_shape_error():
    def f(T):
        a = T.zeros(3)
        return [catch(lambda: a.add_(T.ones(2, 3))), a]
    same(f)
