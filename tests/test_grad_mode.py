"""Oracle tests for ember's grad modes: no_grad, enable_grad, set_grad_enabled, inference_mode,
is_grad_enabled, thread-locality and the optimizer update pattern.

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
import threading  # noqa: E402


@pytest.fixture(autouse=True)
def _grad_mode_restored():
    yield
    ember.set_grad_enabled(True)
    torch.set_grad_enabled(True)


def test_no_grad_context():
    def f(T):
        x = T.ones(2, requires_grad=True)
        with T.no_grad():
            y = x * 2
            inner = T.is_grad_enabled()
        z = x * 2
        return [y, y.requires_grad, y.grad_fn, y.is_leaf, inner, T.is_grad_enabled(), z]
    same(f)


def test_no_grad_decorator_with_and_without_parens():
    def f(T):
        x = T.ones(2, requires_grad=True)

        @T.no_grad()
        def a(t):
            return t * 2, T.is_grad_enabled()

        @T.no_grad
        def b(t):
            return t * 3, T.is_grad_enabled()

        @T.enable_grad()
        def c(t):
            return t * 4, T.is_grad_enabled()

        with T.no_grad():
            rc = c(x)
        return [a(x), b(x), rc, a.__name__, b.__name__, T.is_grad_enabled()]
    same(f)


def test_no_grad_without_call_in_with_E39():
    def f(T):
        def g():
            with T.no_grad:
                pass
        return catch(g)
    e, t = run(f, "ember"), run(f, "torch")
    assert isinstance(e, Err) and e.type == t.type == "TypeError", (e, t)


def test_enable_grad_inside_no_grad():
    def f(T):
        x = T.ones(2, requires_grad=True)
        with T.no_grad():
            with T.enable_grad():
                y = x * 2
                st = T.is_grad_enabled()
            z = x * 2
        return [y, z, st]
    same(f)


def test_set_grad_enabled_call_context_repr():
    def f(T):
        x = T.ones(2, requires_grad=True)
        r = []
        with T.set_grad_enabled(False):
            r += [T.is_grad_enabled(), x * 2]
        r.append(T.is_grad_enabled())
        with T.set_grad_enabled(True):
            r.append(x * 2)
        m = T.set_grad_enabled(False)
        r += [T.is_grad_enabled(), (x * 2).requires_grad, repr(m)]
        T.set_grad_enabled(True)
        r += [T.is_grad_enabled(), repr(T.set_grad_enabled(True))]
        with T.no_grad():
            T.set_grad_enabled(True)
            r.append(T.is_grad_enabled())
        r.append(T.is_grad_enabled())

        @T.set_grad_enabled(False)
        def dec(t):
            return t * 2
        r += [dec(x), T.is_grad_enabled()]
        return r
    same(f)


def test_no_grad_nesting_restores_on_exception():
    def f(T):
        try:
            with T.no_grad():
                raise ValueError("boom")
        except ValueError:
            pass
        r = [T.is_grad_enabled()]
        with T.no_grad():
            with T.no_grad():
                pass
            r.append(T.is_grad_enabled())
        r.append(T.is_grad_enabled())
        return r
    same(f)


def test_inference_mode():
    def f(T):
        x = T.ones(2, requires_grad=True)
        with T.inference_mode():
            y = x * 2
            r = [T.is_inference_mode_enabled(), T.is_grad_enabled(), y.requires_grad, y.grad_fn]
        r += [T.is_inference_mode_enabled(), T.is_grad_enabled(), y]
        with T.inference_mode(False):
            r.append(T.is_inference_mode_enabled())

        @T.inference_mode()
        def g(t):
            return t * 3, T.is_inference_mode_enabled()
        z, flag = g(x)
        r += [z.requires_grad, flag, T.is_inference_mode_enabled()]
        return r
    same(f)


def test_inference_tensors_E21():
    def f(T):
        with T.inference_mode():
            y = T.ones(2) * 2
        w = T.ones(2, requires_grad=True)
        return [catch(lambda: y.add_(1)), catch(lambda: y.requires_grad_()), y.is_inference(),
                y.clone().is_inference(), T.ones(1).is_inference(), catch(lambda: w * y)]
    same(f)


def test_grad_mode_is_thread_local():
    def f(T):
        seen = {}

        def worker():
            x = T.ones(2, requires_grad=True)
            seen["enabled"] = T.is_grad_enabled()
            seen["rg"] = (x * 2).requires_grad

        with T.no_grad():
            th = threading.Thread(target=worker)
            th.start()
            th.join()
            outer = T.is_grad_enabled()
        return [seen, outer]
    same(f)


def test_factory_requires_grad_under_no_grad_is_leaf():
    def f(T):
        with T.no_grad():
            a = T.ones(2, requires_grad=True)
            b = T.tensor([1., 2.], requires_grad=True)
            c = T.zeros(2).requires_grad_()
            d = a * 2
        (a * b * c).sum().backward()
        return [a, b, c, d, a.grad, b.grad, c.grad]
    same(f)


def test_optimizer_step_pattern():
    def f(T):
        w = T.tensor([1., -2., 3.], requires_grad=True)
        for _ in range(3):
            loss = (w * w).sum()
            loss.backward()
            with T.no_grad():
                w -= 0.1 * w.grad
                w.grad.zero_()
        return [w, w.is_leaf, w.grad, w.grad_fn]
    same(f)


def test_backward_under_no_grad_still_works():
    def f(T):
        x = T.tensor([1., 2.], requires_grad=True)
        y = (x * x).sum()
        with T.no_grad():
            y.backward()
        return [x.grad]
    same(f)
