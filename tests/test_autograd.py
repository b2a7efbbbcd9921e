"""Oracle tests for ember's autograd core: flags, .grad, graph introspection, backward, autograd.grad,
hooks, broadcasting, subgradient conventions and custom Functions.

Each test runs the same code on ember and on real torch 2.13 and compares what it observes.
"""
from __future__ import annotations

import re
import warnings

import pytest

from behave import (torch, ember, LIBS, Err, mask, catch, record_warnings, norm, run, assert_same,  # noqa: F401
                    same)  # skips without torch


# ---------------------------------------------------------------- requires_grad flags

def test_requires_grad_defaults_and_propagation():
    def f(T):
        x = T.ones(2)
        w = T.ones(2, requires_grad=True)
        a = x * 2
        b = w * x
        c = b.sum()
        r = x.requires_grad_()
        return [x.requires_grad, a.requires_grad, a.is_leaf, a.grad_fn, b, b.is_leaf, c, w.is_leaf,
                r is x, x.requires_grad, T.tensor(1.).requires_grad_(False).requires_grad,
                (x > 0).requires_grad, x.argmax().requires_grad, x.long().requires_grad, (x > 0).grad_fn,
                w.sign(), (w * T.tensor([1, 2])).dtype]
    same(f)


def test_piecewise_constant_ops_keep_grad_fn():
    def f(T):
        w = T.tensor([1.5, -2.5], requires_grad=True)
        a, b = w.floor(), w.round()
        (a + b).sum().backward()
        return [a, b, w.grad]
    same(f)


def test_requires_grad_setter_on_nonleaf_E7():
    def f(T):
        x = T.ones(2, requires_grad=True)
        y = x * 2
        def set_false():
            y.requires_grad = False
        def set_true():
            y.requires_grad = True
        return [catch(set_false), catch(set_true), catch(lambda: y.requires_grad_(False)), y.requires_grad]
    same(f)


def test_requires_grad_true_on_nonleaf_method_is_noop():
    def f(T):
        y = T.ones(2, requires_grad=True) * 2
        return [y.requires_grad_(True) is y, y.requires_grad_()]
    same(f)


def test_integer_requires_grad_E8():
    def f(T):
        i32 = T.tensor([1, 2], dtype=T.int32)
        def set_attr():
            i32.requires_grad = True
        return [catch(lambda: T.ones(2, dtype=T.long, requires_grad=True)),
                catch(lambda: T.tensor([1, 2], requires_grad=True)),
                catch(lambda: T.tensor([1, 2]).requires_grad_()),
                catch(lambda: T.tensor([True]).requires_grad_()),
                catch(set_attr), i32.requires_grad,
                T.ones(2, dtype=T.float16, requires_grad=True).requires_grad,
                T.tensor([1, 2]).requires_grad_(False).requires_grad]
    same(f)


# ---------------------------------------------------------------- .grad

def test_grad_accumulates_in_place_same_object():
    def f(T):
        x = T.tensor([1., 2.], requires_grad=True)
        g0 = x.grad
        (x * x).sum().backward()
        g1 = x.grad
        snapshot = g1.clone()
        (x * 3).sum().backward()
        g2 = x.grad
        return [g0, snapshot, g2, g1 is g2, g2.is_leaf, g2.requires_grad]
    same(f)


def test_grad_dtype_matches_leaf_in_mixed_precision():
    def f(T):
        a = T.tensor([1., 2.], requires_grad=True)
        d = T.tensor([3., 4.], dtype=T.float64, requires_grad=True)
        s = T.tensor(2., requires_grad=True)
        out = a * d + s
        out.sum().backward()
        return [out, a.grad, d.grad, s.grad]
    same(f)


def test_grad_setter_E25():
    def f(T):
        x = T.ones(2, requires_grad=True)
        g = T.tensor([5., 6.])
        def assign(v):
            def inner():
                x.grad = v
            return inner
        r = [catch(assign(T.zeros(3))), catch(assign(T.zeros(2, dtype=T.float64))), catch(assign([1., 2.])),
             catch(assign(T.zeros(2, dtype=T.int64)))]
        assign(g)()
        r += [x.grad is g, x.grad]
        (x * 2).sum().backward()
        r += [x.grad, g]
        assign(None)()
        r += [x.grad]
        y = T.ones(2, requires_grad=True)
        y.grad = T.ones(2, requires_grad=True)
        r += [y.grad]
        return r
    same(f)


def test_nonleaf_grad_warning_E6():
    outs = {}
    for name, T in (("ember", ember), ("torch", torch)):
        x = T.ones(2, requires_grad=True)
        z = 4 * x
        z.sum().backward()
        with pytest.warns(UserWarning) as rec:
            g = z.grad
        assert g is None
        msgs = [str(w.message) for w in rec]
        assert len(msgs) == 1
        outs[name] = re.sub(r"\s*\(Triggered internally at .*$", "", msgs[0], flags=re.S)
        # a leaf, and a non-leaf that retains grad, don't warn
        z2 = 4 * x
        z2.retain_grad()
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            x.grad, z2.grad  # noqa: B018
        # nor a non-leaf whose .grad was set by hand (a differentiable optimizer's parameters)
        z.grad = T.ones(2)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert z.grad is not None
    assert outs["ember"].startswith(outs["torch"]), outs
    assert outs["torch"].startswith("The .grad attribute of a Tensor that is not a leaf Tensor is being accessed.")


def test_retain_grad_accumulates_E15():
    def f(T):
        x = T.ones(2, requires_grad=True)
        y = x * 2
        flags = [y.retains_grad, x.retains_grad]
        r1 = y.retain_grad()
        x.retain_grad()
        flags += [y.retains_grad, x.retains_grad, r1]
        z = (y * y).sum()
        z.backward(retain_graph=True)
        g1 = y.grad.clone()
        z.backward()
        return [flags, g1, y.grad, x.grad, y.is_leaf, catch(lambda: T.ones(2).retain_grad()),
                catch(lambda: (T.ones(2) * 2).retain_grad())]
    same(f)


# ---------------------------------------------------------------- graph introspection

def test_grad_fn_repr_name_next_functions():
    def f(T):
        x = T.tensor([1., 2., 3.])
        w = T.tensor([0.5, -1., 2.], requires_grad=True)
        b = T.tensor(0.1, requires_grad=True)
        z = w * x + b
        nf = z.grad_fn.next_functions
        mul = nf[0][0]
        acc_w = mul.next_functions[0][0]
        return [repr(z.grad_fn), z.grad_fn.name(), type(z.grad_fn).__name__, repr(nf), repr(mul.next_functions),
                acc_w.variable is w, nf[1][0].variable is b, repr(nf[1][0].variable), acc_w.name(),
                type(acc_w).__name__, mul.next_functions[1], acc_w.next_functions,
                z.grad_fn.next_functions[0][0] is mul, mul.next_functions[0][0] is acc_w,
                (w * 2).grad_fn.next_functions[0][0] is acc_w, nf[0][1], repr(z.sum().grad_fn)]
    same(f)


def test_saved_tensors_introspection():
    def f(T):
        x = T.tensor([1., 2., 3.])
        w = T.tensor([0.5, -1., 2.], requires_grad=True)
        m = w * x
        node = m.grad_fn
        before = [node._saved_other, node._saved_self]
        m.sum().backward()
        return [before, catch(lambda: node._saved_other)]
    same(f)


def test_next_functions_multi_input_and_none():
    def f(T):
        a = T.ones(2, requires_grad=True)
        b = T.ones(2)
        c = T.ones(2, requires_grad=True)
        y = T.cat([a, b, c * 2])
        return [[(type(n).__name__ if n is not None else None, i) for n, i in y.grad_fn.next_functions],
                y.grad_fn.name(), [(type(n).__name__ if n is not None else None, i)
                                   for n, i in (a + b).grad_fn.next_functions]]
    same(f)


# ---------------------------------------------------------------- detach and .data

def test_detach_shares_storage_and_version():
    def f(T):
        x = T.tensor([1., 2.], requires_grad=True)
        y = x * 2
        d = y.detach()
        v0 = (y._version, d._version)
        d.add_(1)
        dx = x.detach()
        return [d, d.requires_grad, d.is_leaf, d.grad_fn, y, v0, y._version, d._version, dx, dx.is_leaf]
    same(f, rtol=0)


def test_detach_inplace_and_E18():
    def f(T):
        x = T.tensor([1., 2.], requires_grad=True)
        y = x * 2
        r = y.detach_()
        v = (x * 3)[:1]
        return [r is y, y, y.is_leaf, y.requires_grad, y.grad_fn, catch(lambda: v.detach_()),
                catch(lambda: x[:1].detach_())]
    same(f)


def test_data_alias():
    def f(T):
        x = T.tensor([1., 2.], requires_grad=True)
        d = x.data
        v0 = (x._version, d._version)
        d.mul_(3)
        y = x * 1
        return [d, d.requires_grad, d.is_leaf, x, v0, x._version, d._version, y]
    same(f)


# ---------------------------------------------------------------- backward()

def test_backward_gradient_argument_E1_E10_E2():
    def f(T):
        x = T.tensor([1., 2.], requires_grad=True)
        y = x * 3
        r = [catch(lambda: y.backward()), catch(lambda: y.backward(T.ones(3))),
             catch(lambda: y.backward(T.ones(2, 1))), catch(lambda: y.backward(T.ones(1))),
             catch(lambda: y.backward(T.tensor(1.)))]
        y.backward(T.tensor([1., 10.]), retain_graph=True)
        r.append(x.grad.clone())
        y.backward(T.tensor([1., 1.], dtype=T.float64), retain_graph=True)
        r.append(x.grad.clone())
        y.backward(T.tensor([1, 2]))
        r.append(x.grad)
        r += [catch(lambda: T.ones(2).sum().backward()), catch(lambda: x.argmax().backward()),
              catch(lambda: (x * 2).sum().backward(T.ones(1)))]
        with T.no_grad():
            nz = (x * 2).sum()
        r.append(catch(lambda: nz.backward()))
        s = (x * 2).sum().reshape(1, 1)
        s.backward()
        r.append(x.grad)
        leaf = T.tensor(3., requires_grad=True)
        leaf.backward()
        r.append(leaf.grad)
        return r
    same(f)


def test_retain_graph_and_E3():
    def f(T):
        x = T.ones(2, requires_grad=True)
        a = (x + 1).sum()
        a.backward()
        a.backward()
        r = [x.grad.clone()]
        b = (x * 2).sum()
        b.backward()
        r.append(catch(lambda: b.backward()))
        x.grad = None
        c = (x * x).sum()
        c.backward(retain_graph=True)
        c.backward()
        r.append(x.grad)
        r.append(catch(lambda: c.backward()))
        e = x.exp().sum()
        e.backward()
        r.append(catch(lambda: e.backward()))
        return r
    same(f)


def test_create_graph_higher_derivatives():
    def f(T):
        x = T.tensor(2., requires_grad=True)
        y = x ** 4
        d1, = T.autograd.grad(y, x, create_graph=True)
        d2, = T.autograd.grad(d1, x, create_graph=True)
        d3, = T.autograd.grad(d2, x, create_graph=True)
        d4, = T.autograd.grad(d3, x)
        return [d1, d2, d3, d4]
    same(f)


def test_create_graph_leaf_grad_has_grad_fn():
    def f(T):
        x = T.tensor([1., 2.], requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            (x ** 3).sum().backward(create_graph=True)
        g = x.grad
        r = [g, g.requires_grad, repr(g)]
        x2 = T.tensor([1., 2.], requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            (x2 ** 3).sum().backward(create_graph=True)
            (x2 ** 3).sum().backward(create_graph=True)
        r += [x2.grad, repr(x2.grad)]
        gg, = T.autograd.grad(g.sum(), x)
        r.append(gg)
        return r
    same(f)


def test_create_graph_backward_warns_W2():
    # torch emits W2 only once per process (TORCH_WARN_ONCE), so check ember against the catalogue text
    for T in (ember,):
        x = T.tensor([1., 2.], requires_grad=True)
        with pytest.warns(UserWarning, match="Using backward\\(\\) with create_graph=True will create a reference "
                                             "cycle between the parameter and its gradient"):
            (x ** 2).sum().backward(create_graph=True)


# ---------------------------------------------------------------- autograd.grad

def test_autograd_grad():
    def f(T):
        x = T.tensor([1., 2.], requires_grad=True)
        y = T.tensor([3., 4.], requires_grad=True)
        out = (x * x).sum()
        r = [T.autograd.grad(out, x, retain_graph=True), T.autograd.grad(out, [x], retain_graph=True),
             type(T.autograd.grad(out, x, retain_graph=True)).__name__, x.grad]
        v = x * 2
        r.append(T.autograd.grad(v, x, grad_outputs=T.tensor([1., 10.])))
        r.append(T.autograd.grad([v * 1], [x], [T.ones(2)]))
        r.append(catch(lambda: T.autograd.grad((x * 2).sum(), [x, y])))
        r.append(T.autograd.grad((x * 2).sum(), [x, y], allow_unused=True))
        r.append(T.autograd.grad((x * 2).sum(), [x, y], materialize_grads=True))
        r.append(catch(lambda: T.autograd.grad((x * 2).sum(), [x, y], allow_unused=False, materialize_grads=True)))
        r.append(catch(lambda: T.autograd.grad((x * 2).sum(), T.ones(2))))
        r.append(catch(lambda: T.autograd.grad((x * 2).sum(), [])))
        r.append(catch(lambda: T.autograd.grad(x * 2, x)))
        r.append(catch(lambda: T.autograd.grad(T.ones(2).sum(), x)))
        r.append(catch(lambda: T.autograd.grad(x * 2, x, grad_outputs=T.ones(3))))
        r.append(x.grad)
        return r
    same(f)


def test_autograd_backward_several_roots_E14():
    def f(T):
        x = T.tensor([1., 2.], requires_grad=True)
        l1 = (x * 2).sum()
        l2 = (x * x).sum()
        T.autograd.backward([l1, l2])
        r = [x.grad.clone()]
        a = x * 3
        b = x * 4
        T.autograd.backward([a, b], [T.ones(2), T.tensor([1., 0.])])
        r.append(x.grad.clone())
        r.append(catch(lambda: T.autograd.backward([(x * 2).sum(), (x * 3).sum()], [None])))
        T.autograd.backward((x * 5).sum())
        r.append(x.grad)
        return r
    same(f)


def test_backward_inputs():
    def f(T):
        x = T.tensor([1., 2.], requires_grad=True)
        w = T.tensor([3., 4.], requires_grad=True)
        h = x * w
        out = (h * 2).sum()
        out.backward(inputs=[x], retain_graph=True)
        r = [x.grad.clone(), w.grad]
        out.backward(inputs=[h])
        r += [h.retains_grad, h.grad, x.grad, w.grad]
        r.append(catch(lambda: (x * 2).sum().backward(inputs=[])))
        (x * w).sum().backward(inputs=w)
        r.append(w.grad)
        return r
    same(f)


def test_backward_inputs_not_requiring_grad_E35():
    def f(T):
        x = T.tensor([1., 2.], requires_grad=True)
        return catch(lambda: (x * 2).sum().backward(inputs=[T.ones(2)]))
    same(f)


# ---------------------------------------------------------------- hooks

def test_hooks_seed_and_replacement():
    def f(T):
        seen = []
        x = T.tensor([1., 2.], requires_grad=True)
        y = x * 3
        y.register_hook(lambda g: (seen.append(g.clone()), g * 10)[1])
        (y ** 2).sum().backward()
        return [seen, x.grad]
    same(f)


def test_hooks_leaf_remove_and_order():
    def f(T):
        log = []
        x = T.tensor([1., 2.], requires_grad=True)
        h1 = x.register_hook(lambda g: log.append(("h1", g.tolist())))
        h2 = x.register_hook(lambda g: g * 2)
        x.register_hook(lambda g: log.append(("h3", g.tolist())))
        (x * x).sum().backward()
        r = [x.grad.clone(), list(log), type(h1).__name__]
        h1.remove()
        h2.remove()
        h2.remove()
        log.clear()
        x.grad = None
        (x * x).sum().backward()
        r += [x.grad, log]
        y = x * 1
        y.retain_grad()
        y.register_hook(lambda g: g + 1)
        (y * 2).sum().backward()
        r += [y.grad, x.grad]
        r.append(catch(lambda: T.ones(2).register_hook(lambda g: g)))
        return r
    same(f)


def test_hook_changing_size_or_type_E22():
    def f(T):
        x = T.tensor([1., 2.], requires_grad=True)
        def hook(g):
            return T.ones(3)
        def hook2(g):
            return g.double()
        y = x * 2
        y.register_hook(hook)
        z = x * 2
        z.register_hook(hook2)
        w = x * 2
        w.register_hook(lambda g: [1, 2])
        return [catch(lambda: y.sum().backward()), catch(lambda: z.sum().backward()),
                catch(lambda: w.sum().backward())]
    same(f)


# ---------------------------------------------------------------- graph shapes

def test_diamond_and_accumulation_seed():
    def f(T):
        x = T.ones(2, requires_grad=True)
        a = x * 1
        (a * 2 + a * 3).sum().backward()
        r = [x.grad.clone()]
        (x * 2).sum().backward()
        r.append(x.grad)
        return r
    same(f)


def test_seed_norm_and_wxb():
    def f(T):
        x = T.ones(2, requires_grad=True)
        z = 4 * x
        z.norm().backward()
        w = T.tensor([.5, -1, 2], requires_grad=True)
        b = T.tensor(0.1, requires_grad=True)
        (w * T.tensor([1., 2, 3]) + b).sum().backward()
        return [x.grad, w.grad, b.grad]
    same(f)


def test_broadcasting_reduction_seed():
    def f(T):
        a = T.ones(2, 3, requires_grad=True)
        b = T.ones(3, requires_grad=True)
        c = T.ones(2, 1, requires_grad=True)
        s = T.tensor(2., requires_grad=True)
        (a * b * c * s).sum().backward()
        u = T.ones(1, 3, requires_grad=True)
        v = T.ones(4, 1, 1, requires_grad=True)
        (u + v * T.arange(3.)).sum().backward()
        return [a.grad, b.grad, c.grad, s.grad, u.grad, v.grad]
    same(f)


SUBGRADIENT_CASES = {
    "abs0": lambda T, x: x.abs(),
    "relu0": lambda T, x: x.relu(),
    "relu_fn": lambda T, x: T.relu(x),
    "clamp_min0": lambda T, x: x.clamp(min=0),
    "clamp_max0": lambda T, x: x.clamp(max=0),
    "clamp_both": lambda T, x: x.clamp(0, 1),
    "sqrt0": lambda T, x: x.sqrt(),
    "pow_half0": lambda T, x: x ** 0.5,
    "norm0": lambda T, x: (x * T.ones(3)).norm(),
    "pow0": lambda T, x: x ** 0,
    "log_neg": lambda T, x: (x - 1).log(),
    "sign": lambda T, x: x.sign(),
}


@pytest.mark.parametrize("case", sorted(SUBGRADIENT_CASES))
def test_subgradient_conventions(case):
    fn = SUBGRADIENT_CASES[case]

    def f(T):
        x = T.zeros(3, requires_grad=True)
        y = fn(T, x)
        y.sum().backward()
        return [y, x.grad]
    same(f)


def test_pow_zero_base_tensor_exponent():
    def f(T):
        e = T.tensor(0., requires_grad=True)
        (T.tensor(0.) ** e).backward()
        return [e.grad]
    same(f)


def test_max_min_full_reduction_ties_split():
    def f(T):
        a = T.tensor([1., 1., 0.], requires_grad=True)
        a.max().backward()
        e = T.tensor([1., 1., 0.], requires_grad=True)
        e.min().backward()
        return [a.grad, e.grad]
    same(f)


def test_max_ties():
    def f(T):
        a = T.tensor([1., 1.], requires_grad=True)
        a.amax().backward()
        b = T.tensor([1., 1.], requires_grad=True)
        b.amax().backward()
        c = T.tensor([[1., 1.], [0., 2.]], requires_grad=True)
        c.max(dim=0)[0].sum().backward()
        d = T.tensor([1., 1.], requires_grad=True)
        T.max(d, dim=0).values.backward()
        e = T.tensor([1., 1.], requires_grad=True)
        e.amin().backward()
        p = T.tensor([1., 2.], requires_grad=True)
        q = T.tensor([1., 3.], requires_grad=True)
        T.maximum(p, q).sum().backward()
        m = T.tensor([3., 3., 1.], requires_grad=True)
        m.max(dim=0).values.backward()
        return [a.grad, b.grad, c.grad, d.grad, e.grad, p.grad, q.grad, m.grad, repr(a.max()),
                repr(c.max(dim=0))]
    same(f)


def test_where_leaks_nan():
    def f(T):
        x = T.tensor([0., 1.], requires_grad=True)
        y = T.where(x > 0, 1 / x, T.zeros(2))
        y.sum().backward()
        return [y, x.grad]
    same(f)


# ---------------------------------------------------------------- custom Function

def _exp_function(T):
    class Exp(T.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            r = x.exp()
            ctx.save_for_backward(r)
            return r

        @staticmethod
        def backward(ctx, g):
            r, = ctx.saved_tensors
            return g * r
    return Exp


def test_custom_function_basic():
    def f(T):
        Exp = _exp_function(T)
        x = T.tensor([0., 1.], requires_grad=True)
        y = Exp.apply(x)
        r = [y, repr(y), repr(y.grad_fn), y.grad_fn.name(), type(y.grad_fn).__name__, y.is_leaf]
        (y * 2).sum().backward()
        r.append(x.grad)
        with T.no_grad():
            r.append(Exp.apply(x))
        r.append(Exp.apply(T.tensor([1.])))
        return r
    same(f)


def test_custom_function_needs_input_grad_and_wrong_count():
    def f(T):
        log = []

        class Mul(T.autograd.Function):
            @staticmethod
            def forward(ctx, a, b, k):
                log.append(("fwd", ctx.needs_input_grad))
                ctx.save_for_backward(a, b)
                ctx.k = k
                return a * b * k

            @staticmethod
            def backward(ctx, g):
                a, b = ctx.saved_tensors
                log.append(("bwd", ctx.needs_input_grad))
                return g * b * ctx.k, g * a * ctx.k, None

        class Bad1(T.autograd.Function):
            @staticmethod
            def forward(ctx, a, b):
                return a * b

            @staticmethod
            def backward(ctx, g):
                return g

        a = T.tensor([1., 2.], requires_grad=True)
        b = T.tensor([3., 4.])
        Mul.apply(a, b, 2.0).sum().backward()
        r = [a.grad, log]
        r.append(catch(lambda: Bad1.apply(a, T.ones(2, requires_grad=True)).sum().backward()))
        return r
    same(f)


def test_custom_function_saved_tensor_modified_E4():
    def f(T):
        Exp = _exp_function(T)
        x = T.tensor([0., 1.], requires_grad=True)
        y = Exp.apply(x)
        y.mul_(2)
        return [catch(lambda: y.sum().backward())]
    same(f, msg_upto="instead.")


def test_custom_function_nontensor_args_save_none_E24b_E24d():
    def f(T):
        class Scale(T.autograd.Function):
            @staticmethod
            def forward(ctx, x, scale, flag):
                ctx.scale = scale
                ctx.save_for_backward(x, None)
                return x * scale

            @staticmethod
            def backward(ctx, gy):
                x, none = ctx.saved_tensors
                return gy * ctx.scale + 0 * x, None, None

        class BadShape(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x * 1

            @staticmethod
            def backward(ctx, g):
                return T.ones(3)

        class BadSave(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.save_for_backward(x, 1)
                return x * 1

            @staticmethod
            def backward(ctx, g):
                return g

        x = T.tensor([1., 3., 2.], requires_grad=True)
        y = Scale.apply(x, 2.0, True)
        r = [y]
        (y * T.tensor([1., 2., 3.])).sum().backward()
        r.append(x.grad)
        r.append(catch(lambda: BadShape.apply(T.ones(2, requires_grad=True)).sum().backward()))
        r.append(catch(lambda: BadSave.apply(T.ones(2, requires_grad=True))))
        return r
    same(f)


def test_custom_function_multiple_outputs():
    def f(T):
        class Split(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                idx = x.argmax()
                z = x.clone()
                ctx.mark_non_differentiable(z)
                return x * 2, z, idx

            @staticmethod
            def backward(ctx, gy, gz, gidx):
                return gy * 2

        x = T.tensor([1., 3., 2.], requires_grad=True)
        y, z, idx = Split.apply(x)
        r = [y, z, idx]
        (y * T.tensor([1., 2., 3.])).sum().backward()
        r.append(x.grad)
        return r
    same(f)


# ---------------------------------------------------------------- small API corners found in review

def test_pow_remainder_floor_divide_methods():
    same(lambda T: [T.tensor([1.5, 2.0]).pow(2), T.tensor([5, 7]).remainder(3), T.tensor([5, 7]).floor_divide(2),
                    T.tensor([1.5, 2.0], requires_grad=True).pow(3).grad_fn])


def test_div_rounding_mode_checked():
    same(lambda T: [T.tensor([7.0, -7.0]).div(2, rounding_mode="floor"),
                    T.tensor([7.0, -7.0]).div(2, rounding_mode="trunc"),
                    catch(lambda: T.ones(2).div(2, rounding_mode="x"))])


def test_reduce_over_empty_dim_list_reduces_everything():
    def f(T):
        x = T.arange(6.).reshape(2, 3).requires_grad_()
        s, m = x.sum(dim=()), x.mean(dim=[])
        (s + m).backward()
        return [s, m, x.grad]
    same(f)


def test_clamp_in_place_with_tensor_bounds():
    def f(T):
        x = T.tensor([[-2.0, 0.5, 3.0]], requires_grad=True)
        lo = T.tensor([-1.0, 1.0, -1.0], requires_grad=True)
        y = x * 1
        y.clamp_(lo, T.tensor(2.0))
        y.sum().backward()
        return [y, x.grad, lo.grad]
    same(f)
