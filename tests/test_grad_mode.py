"""Oracle tests for ember's grad modes: no_grad, enable_grad, set_grad_enabled, inference_mode,
is_grad_enabled, thread-locality and the optimizer update pattern.

Each test runs the same code on ember and on real torch 2.13 and compares what it observes.
"""
from __future__ import annotations


import pytest

from behave import (torch, ember, LIBS, Err, mask, catch, record_warnings, norm, run, assert_same,  # noqa: F401
                    same)  # skips without torch
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
