"""Oracle tests for nodes with several outputs and for the engine's order.

One node per call of ``split``/``chunk``/``unbind``/``max(dim)``/``min(dim)`` and of a custom
Function, however many tensors it returns: ``output_nr``, ``next_functions`` pairs, shared
``grad_fn``, the gradients of unused outputs, hooks on each output. And torch's execution order
(newest node first, AccumulateGrad as soon as ready), which decides the order hooks fire in and
which error a backward meets first. Each test runs the same code on ember and on torch 2.13.
"""
from __future__ import annotations

import warnings

import pytest

from behave import catch, same, torch, ember  # noqa: F401  (skips without torch)


def vals(g):
    return None if g is None else g.detach().tolist()


def hook_log(log, name, ret=None):
    """A tensor hook that logs the gradient it sees (and may return ``ret(g)``)."""
    def hook(g):
        log.append((name, vals(g)))
        return None if ret is None else ret(g)
    return hook


# ---------------------------------------------------------------- split / chunk / unbind: one node

def test_split_is_one_node_with_numbered_outputs():
    def f(T):
        x = T.arange(6.).requires_grad_()
        y = x * 1
        a, b, c = y.split(2)
        fn = a.grad_fn
        return [fn.name(), b.grad_fn is fn, c.grad_fn is fn, [t.output_nr for t in (a, b, c)], y.output_nr,
                x.output_nr, (b * 2).grad_fn.next_functions[0][1], (b * 2).grad_fn.next_functions[0][0] is fn,
                (b * 2).grad_fn.next_functions[1], fn.next_functions[0][0] is y.grad_fn, fn._saved_dim,
                fn._saved_split_size, fn._saved_self_sym_sizes, T.cat([c, a]).grad_fn.next_functions[0][1],
                c._base is y, c._version]
    same(f)


def test_split_with_sizes_chunk_unbind_share_a_node():
    def f(T):
        x = (T.arange(12.).reshape(3, 4).requires_grad_() * 1)
        p, q = x.split([1, 3], 1)
        k = x.chunk(2, 1)
        u = x.unbind(1)
        w = x.chunk(4, 1)        # four pieces of one column: SplitBackward0 with split_size 1
        return [p.grad_fn.name(), q.grad_fn is p.grad_fn, q.output_nr, p.grad_fn._saved_split_sizes,
                k[1].grad_fn.name(), k[1].output_nr, k[0].grad_fn is k[1].grad_fn, k[0].grad_fn._saved_split_size,
                [t.output_nr for t in u], u[3].grad_fn is u[0].grad_fn, u[0].grad_fn._saved_dim, u[2].shape,
                len(w), w[3].output_nr, w[0].grad_fn._saved_split_size, x.split(5)[0].grad_fn.name(),
                x.split(5)[0].output_nr]
    same(f)


def test_unused_outputs_get_zeros_and_gradients_flow():
    def f(T):
        x = T.arange(6.).requires_grad_()
        a, b, c = (x * 1).split(2)
        (b * 3).sum().backward()
        r = [x.grad.clone()]
        x.grad = None
        u = (x.reshape(2, 3) * 2).unbind(1)
        (u[2] * T.tensor([1., 10.])).sum().backward()
        r.append(x.grad.clone())
        x.grad = None
        p, q = x.reshape(3, 2).split([1, 1], 1)
        (q.exp().sum() + p.sum() * 0).backward()
        r.append(x.grad)
        return r
    same(f)


def test_empty_split_and_one_piece():
    def f(T):
        e = T.ones(0, 3, requires_grad=True)
        x = T.arange(4.).requires_grad_()
        one = (x * 1).split(4)
        log = []
        one[0].grad_fn.register_prehook(lambda go: log.append(len(go)))
        one[0].sum().backward()
        z = (T.ones(2, 0, requires_grad=True) * 1).split(1)
        return [[t.shape for t in e.split(2)], [t.shape for t in (e * 1).unbind(0)], len(one), one[0].grad_fn,
                log, x.grad, len(z), z[1].output_nr]
    same(f)


def test_E20_names_the_output_number():
    def f(T):
        x = T.arange(10.).reshape(2, 5).requires_grad_() * 1
        a, b, c = x.split(2, 1)
        u = x.unbind(0)
        k = x.chunk(3, 1)
        return [catch(lambda: a.mul_(2)), catch(lambda: c.add_(1)), catch(lambda: u[1].zero_()),
                catch(lambda: k[2].mul_(2)), catch(lambda: x.split([2, 3], 1)[1].mul_(2))]
    same(f)


def test_roots_and_inputs_at_a_later_output():
    def f(T):
        x = T.tensor([1., 2., 3.], requires_grad=True)
        y = x * 2
        a, b, c = y.split(1)
        log = []
        for name, t in (("a", a), ("b", b), ("c", c)):
            t.register_hook(hook_log(log, name))
        b.backward(T.tensor([5.]), retain_graph=True)
        r = [x.grad.clone(), list(log)]
        T.autograd.backward([c, a], [T.tensor([7.]), T.tensor([2.])], retain_graph=True)
        r += [x.grad.clone(), list(log)]
        r.append(T.autograd.grad((a * b * c).sum(), [c, b, y], retain_graph=True))
        r.append(T.autograd.grad([b, c], [y], [T.tensor([3.]), T.tensor([4.])], retain_graph=True))
        r.append(catch(lambda: T.autograd.grad(b.sum(), [a])))
        r.append(T.autograd.grad(b.sum(), [a], allow_unused=True, retain_graph=True))
        return r
    same(f)


def test_hooks_on_each_output_in_torch_order():
    def f(T):
        x = T.arange(6.).requires_grad_()
        a, b, c = (x * 1).split(2)
        log = []
        b.register_hook(hook_log(log, "b"))
        a.register_hook(hook_log(log, "a"))
        c.register_hook(hook_log(log, "c (no gradient: called with None)"))
        b.retain_grad()
        a.retain_grad()
        fn = a.grad_fn
        fn.register_prehook(lambda go: log.append(("pre", [vals(g) for g in go])))
        fn.register_prehook(lambda go: tuple(None if g is None else g * 10 for g in go))
        b.register_hook(hook_log(log, "b2", lambda g: g * 100))     # runs with b's first hook, before a's
        fn.register_hook(lambda gi, go: log.append(("post", [vals(g) for g in gi], [vals(g) for g in go])))
        (a.sum() * 2 + b.sum()).backward()
        return [log, a.grad, b.grad, x.grad]
    same(f)


def test_hook_cannot_replace_a_missing_gradient():
    def f(T):
        x = T.arange(4.).requires_grad_()
        a, b = (x * 1).split(2)
        b.register_hook(lambda g: T.ones(2))
        return [catch(lambda: a.sum().backward()), x.grad]
    same(f)


def test_second_order_through_split_unbind_max():
    def f(T):
        x = T.tensor([1., 2., 3., 4.], requires_grad=True)
        a, b = (x ** 2).split(2)
        g, = T.autograd.grad((a * b).sum(), x, create_graph=True)
        r = [g, T.autograd.grad(g.sum(), x)]
        u = (x ** 3).unbind()
        g, = T.autograd.grad(u[1] * u[2], x, create_graph=True)
        r += [g, T.autograd.grad(g.sum(), x)]
        v, i = (x ** 2).reshape(2, 2).max(1)
        g, = T.autograd.grad(v.sum(), x, create_graph=True)
        r += [g, T.autograd.grad(g.sum(), x), i]
        return r
    same(f)


# ---------------------------------------------------------------- max(dim) / min(dim)

def test_max_min_dim_one_node_indices_plain():
    def f(T):
        x = T.tensor([[1., 5., 2.], [4., 3., 0.]], requires_grad=True)
        v, i = x.max(1)
        m = T.min(x * 1, 0, keepdim=True)
        log = []
        fn = v.grad_fn
        v.register_hook(hook_log(log, "values"))
        fn.register_prehook(lambda go: log.append(("pre", len(go), [vals(g) for g in go])))
        fn.register_hook(lambda gi, go: log.append(("post", [vals(g) for g in gi], [vals(g) for g in go])))
        v.retain_grad()
        (v * T.tensor([1., 2.])).sum().backward()
        return [v, i, v.output_nr, i.output_nr, i.grad_fn, i.requires_grad, fn.next_functions, fn._saved_dim,
                fn._saved_keepdim, fn._saved_indices, fn._saved_indices is i, m.values.grad_fn, m.indices,
                m.values.output_nr, log, v.grad, x.grad]
    same(f)


def test_max_dim_indices_modified_in_place_E4():
    def f(T):
        x = T.tensor([[1., 5., 2.], [4., 3., 0.]], requires_grad=True)
        v, i = x.max(1)
        i.add_(0)
        return [catch(lambda: v.sum().backward())]
    same(f, msg_upto="instead.")


# ---------------------------------------------------------------- custom Functions with several outputs

def _three_outputs(T, materialize=True):
    class Three(T.autograd.Function):
        @staticmethod
        def forward(ctx, x, k):
            ctx.set_materialize_grads(materialize)
            z = x.clone()
            ctx.mark_non_differentiable(z)
            return x * k, z, x.argmax(), 7, x * 3

        @staticmethod
        def backward(ctx, gy, gz, gi, gn, gw):
            ctx.log.append([vals(g) if g is None or g.dtype.is_floating_point else ("int", vals(g))
                            for g in (gy, gz, gi, gn, gw)])
            gx = None
            for g, k in ((gy, 2.), (gw, 3.)):
                if g is not None:
                    gx = g * k if gx is None else gx + g * k
            return gx, None
    return Three


def test_custom_function_several_outputs_one_node():
    def f(T):
        Three = _three_outputs(T)
        x = T.tensor([1., 3., 2.], requires_grad=True)
        y, z, i, n, w = out = Three.apply(x, 2.)
        fn = y.grad_fn
        fn.log = []
        r = [y, z, i, n, w, fn is w.grad_fn, [getattr(t, "output_nr", None) for t in out],
             [getattr(t, "requires_grad", None) for t in out], z.grad_fn, fn.next_functions, fn.needs_input_grad]
        w.sum().backward(retain_graph=True)
        r.append(x.grad.clone())
        (y * T.tensor([1., 2., 3.])).sum().backward()
        r += [x.grad, fn.log]
        return r
    same(f)


def test_custom_function_materialize_grads_false():
    def f(T):
        Three = _three_outputs(T, materialize=False)
        x = T.tensor([1., 3., 2.], requires_grad=True)
        y, z, i, n, w = Three.apply(x, 2.)
        y.grad_fn.log = []
        w.sum().backward()
        return [x.grad, y.grad_fn.log]
    same(f)


def test_custom_function_hooks_on_outputs():
    def f(T):
        class Two(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x * 2, x * 3

            @staticmethod
            def backward(ctx, g, h):
                return g * 2 + h * 3

        x = T.tensor([1., 2.], requires_grad=True)
        a, b = Two.apply(x)
        log = []
        b.register_hook(hook_log(log, "b"))
        a.register_hook(hook_log(log, "a (unused: None)"))
        a.retain_grad()
        b.retain_grad()
        a.grad_fn.register_prehook(lambda go: log.append(("pre", [vals(g) for g in go])))
        a.grad_fn.register_hook(lambda gi, go: log.append(("post", [vals(g) for g in gi], [vals(g) for g in go])))
        (b * b).sum().backward()
        return [log, a.grad, b.grad, x.grad, T.autograd.grad((Two.apply(x)[1] ** 2).sum(), x, create_graph=True)]
    same(f)


def test_custom_function_runs_even_without_gradient():
    def f(T):
        class NoGrad(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x * 2

            @staticmethod
            def backward(ctx, g):
                return None

        class Id(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x * 1

            @staticmethod
            def backward(ctx, g):
                log.append(("Id got", vals(g)))
                return g

        log = []
        x = T.tensor([1., 2.], requires_grad=True)
        x.register_hook(hook_log(log, "leaf"))
        x.register_post_accumulate_grad_hook(lambda t: log.append(("post-acc", vals(t.grad))))
        y = x * 2
        z = Id.apply(y * 3)
        y.register_hook(hook_log(log, "y"))
        z.grad_fn.register_prehook(lambda go: log.append(("pre", [vals(g) for g in go])))
        y.grad_fn.register_hook(lambda gi, go: log.append(("post", [vals(g) for g in gi], [vals(g) for g in go])))
        NoGrad.apply(z).sum().backward()
        return [log, x.grad]
    same(f)


def test_custom_function_inputs_and_views_returned():
    def f(T):
        class Id(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x

            @staticmethod
            def backward(ctx, g):
                return g

        class Views(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x[0], x.view(2)

            @staticmethod
            def backward(ctx, g, h):
                return h

        class ViewAndNumber(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x.view(2), 5

            @staticmethod
            def backward(ctx, g, h):
                return g

        class ViewAndCopy(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x.view(2), x * 2

            @staticmethod
            def backward(ctx, g, h):
                return g

        class NonDiffInput(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.mark_non_differentiable(x)
                return x

            @staticmethod
            def backward(ctx, g):
                return g

        x = T.tensor([1., 2.], requires_grad=True)
        y = Id.apply(x)
        v0, v1 = Views.apply(x * 1)
        vn = ViewAndNumber.apply(x * 1)
        vc = ViewAndCopy.apply(x * 1)
        nd = NonDiffInput.apply(x * 1)
        plain = T.ones(2)
        with T.no_grad():
            ng = Id.apply(x)
        return [y is x, y._is_view(), y._base is x, y.grad_fn, y.output_nr, catch(lambda: y.mul_(2)),
                v0._is_view(), v1.output_nr, catch(lambda: v1.mul_(2)), catch(lambda: v0.mul_(2)),
                catch(lambda: vn[0].mul_(2)), catch(lambda: vc[1].mul_(2)), vc[1].grad_fn, catch(lambda: vc[0].mul_(2)),
                nd.requires_grad, nd._is_view(), nd.grad_fn, Id.apply(plain) is plain, Id.apply(plain)._is_view(),
                ng is x, ng._is_view(), ng.requires_grad]
    same(f)


def test_custom_function_mark_dirty():
    def f(T):
        class Double(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                x.mul_(2)
                ctx.mark_dirty(x)
                return x

            @staticmethod
            def backward(ctx, g):
                return g * 2

        class DirtySecond(T.autograd.Function):
            @staticmethod
            def forward(ctx, x, y):
                y.add_(1)
                ctx.mark_dirty(y)
                return x * 1, y

            @staticmethod
            def backward(ctx, g, h):
                return g, h

        class NotReturned(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                x.mul_(2)
                ctx.mark_dirty(x)
                return x * 1

            @staticmethod
            def backward(ctx, g):
                return g

        class DirtyViewTwo(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                x.mul_(2)
                ctx.mark_dirty(x)
                return x, x * 2

            @staticmethod
            def backward(ctx, g, h):
                return g

        x = T.tensor([1., 2.], requires_grad=True)
        y = x * 1
        y.retain_grad()
        v0 = y._version
        z = Double.apply(y)
        r = [z is y, z.grad_fn, y._version - v0, z.output_nr]
        z.sum().backward()
        r += [x.grad.clone(), y.grad, catch(lambda: Double.apply(x)), catch(lambda: NotReturned.apply(x * 1)),
              catch(lambda: DirtyViewTwo.apply((x * 1)[:1]))]
        p, q = x * 1, x * 1
        r1, r2 = DirtySecond.apply(p, q)
        r += [r2 is q, r2.grad_fn is r1.grad_fn, r2.output_nr, r1.output_nr]
        x.grad = None
        (r1.sum() + r2.sum() * 3).backward()
        r.append(x.grad.clone())
        base = x * 1
        v = base[:1]
        out = Double.apply(v)
        r += [out is v, v.grad_fn, base.grad_fn]
        x.grad = None
        base.sum().backward()
        r.append(x.grad)
        return r
    same(f)


def test_custom_function_mark_dirty_non_input_warns():
    def f(T):
        class DirtyNonInput(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                y = x * 2
                ctx.mark_dirty(y)
                return y

            @staticmethod
            def backward(ctx, g):
                return g

        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            o = DirtyNonInput.apply(T.ones(2, requires_grad=True))
        return [o.grad_fn is not None, [(type(m.message).__name__, str(m.message).split(" (Triggered")[0]) for m in w]]
    same(f)


def test_custom_function_setup_context_style():
    def f(T):
        log = []

        class Scale(T.autograd.Function):
            @staticmethod
            def forward(x, k=2.0):
                return x * k, x + 1

            @staticmethod
            def setup_context(ctx, inputs, output):
                x, k = inputs
                log.append((len(inputs), k, type(output).__name__))
                ctx.k = k
                ctx.save_for_backward(x, output[0])
                ctx.mark_non_differentiable(output[1])

            @staticmethod
            def backward(ctx, g, h):
                x, o = ctx.saved_tensors
                log.append(("backward", vals(h), o.grad_fn is not None, o.output_nr))
                return g * ctx.k, None

        class One(T.autograd.Function):
            @staticmethod
            def forward(x):
                return x * 2

            @staticmethod
            def setup_context(ctx, inputs, output):
                ctx.save_for_backward(output)

            @staticmethod
            def backward(ctx, g):
                o, = ctx.saved_tensors
                return g * o

        class NoCtx(T.autograd.Function):
            @staticmethod
            def forward(x):
                return x * 2

            @staticmethod
            def backward(ctx, g):
                return g

        class CtxAndSetup(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x * 2

            @staticmethod
            def setup_context(ctx, inputs, output):
                pass

            @staticmethod
            def backward(ctx, g):
                return g

        x = T.tensor([1., 2.], requires_grad=True)
        a, b = Scale.apply(x, 3.0)
        r = [a, b, b.requires_grad, a.output_nr]
        a.sum().backward()
        r.append(x.grad.clone())
        r.append(Scale.apply(x, k=4.0))
        r.append(Scale.apply(x))
        x.grad = None
        One.apply(x).sum().backward()
        r += [x.grad, log, catch(lambda: NoCtx.apply(x)), catch(lambda: CtxAndSetup.apply(x))]
        return r
    same(f)


def test_custom_function_gradient_checks():
    def f(T):
        def fn(name, grads, forward=lambda ctx, x, k: x * 2):
            return type(name, (T.autograd.Function,), {"forward": staticmethod(forward),
                                                        "backward": staticmethod(grads)})

        x = T.tensor([1., 2.], requires_grad=True)
        cases = [
            fn("TwoForNumber", lambda ctx, g: (g, g)),
            fn("TrailingNone", lambda ctx, g: (g, None, None)),
            fn("TooFew", lambda ctx, g: (g,)),
            fn("NotATensor", lambda ctx, g: (3, None)),
            fn("WrongShape", lambda ctx, g: (T.ones(3), None)),
            fn("Broadcast", lambda ctx, g: (g.expand(3, 2) * 1, None)),
            fn("Double", lambda ctx, g: (g.double(), None)),
            fn("ExtraNonNone", lambda ctx, g: (g, None, g)),
        ]
        r = []
        for F in cases:
            x.grad = None
            r.append(catch(lambda: F.apply(x, 3).sum().backward()))
            r.append(x.grad)
        F = fn("Edges", lambda ctx, g: (g, None, None), lambda ctx, x, k, y: x * k)
        o = F.apply(x, 3.0, T.ones(2))
        r.append(o.grad_fn.next_functions)
        return r
    same(f)


def test_custom_function_saved_outputs():
    def f(T):
        class G(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                y = x * 2
                ctx.save_for_backward(x, y)
                ctx.y = y
                return x * 3, y

            @staticmethod
            def backward(ctx, g, h):
                x, y = ctx.saved_tensors
                log.append((y is ctx.y, y.grad_fn is ctx, y.output_nr, x is xs[0]))
                return g * 3 + h * 2

        log = []
        xs = [T.tensor([1., 2.], requires_grad=True)]
        a, b = G.apply(xs[0])
        (a.sum() + b.sum()).backward()
        a, b = G.apply(xs[0])
        b.mul_(2)
        return [log, xs[0].grad, catch(lambda: a.sum().backward())]
    same(f, msg_upto="instead.")


def test_multi_output_function_replaces_the_xfail():
    """The case test_autograd.py once marked as not supported, as a plain passing comparison."""
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
        (y * T.tensor([1., 2., 3.])).sum().backward()
        return [y, z, idx, x.grad, y.grad_fn.next_functions]
    same(f)


# ---------------------------------------------------------------- torch's execution order

def test_newest_ready_node_runs_first():
    def f(T):
        log = []
        x = T.ones(2, requires_grad=True)
        p, q, r = x * 2, x * 3, x * 4
        for name, t in (("p", p), ("q", q), ("r", r)):
            t.register_hook(hook_log(log, name))
        (q + r + p).sum().backward()
        p, q, r = x * 2, x * 3, x * 4
        for name, t in (("p2", p), ("q2", q), ("r2", r)):
            t.grad_fn.register_prehook(lambda g, name=name: log.append(name))
        (r * q * p).sum().backward()
        a = x * 1
        b = x * 1
        return [log, a.grad_fn._sequence_nr() < b.grad_fn._sequence_nr()]
    same(f)


def test_accumulate_grad_runs_as_soon_as_ready():
    def f(T):
        log = []
        x1 = T.ones(2, requires_grad=True)
        x2 = T.ones(2, requires_grad=True)
        x1.register_hook(lambda g: log.append("x1"))
        x2.register_hook(lambda g: log.append("x2"))
        p, q = x2 * 2, x1 * 3
        p.register_hook(lambda g: log.append("p"))
        q.register_hook(lambda g: log.append("q"))
        (p + q + x1).sum().backward()
        return log
    same(f)


@pytest.mark.parametrize("n", [2, 3, 4, 5, 8, 11])
def test_leaves_of_one_node_run_in_torch_queue_order(n):
    """Leaves ready together tie on sequence number: torch's std::priority_queue decides."""
    def f(T):
        log = []
        xs = [T.ones(2, requires_grad=True) for _ in range(n)]
        for i, x in enumerate(xs):
            x.register_hook(lambda g, i=i: log.append(i))
        m = xs[1] * 1
        m.register_hook(lambda g: log.append("m"))
        T.stack(xs).sum().backward()
        T.stack([xs[0], m] + xs[2:]).sum().backward()
        return log
    same(f)


def test_order_picks_the_same_modified_tensor_E4():
    def f(T):
        x = T.tensor([1., 2., 3., 4.], requires_grad=True)
        r = []
        p, q = x * 1, x * 1
        s = (p * q) * 1
        p.mul_(2)
        q.mul_(3)
        r.append(catch(lambda: s.sum().backward()))
        for swap in (False, True):
            p, q = x * 1, x * 1
            r1, r2 = p.sin(), q.cos()
            p.add_(1)
            q.add_(1)
            r.append(catch(lambda: ((r2 + r1) if swap else (r1 + r2)).sum().backward()))
        return r
    same(f, msg_upto="instead.")


def test_grad_captures_as_torch():
    """autograd.grad: a node that leads on to another input is captured before its hooks run;
    one that does not runs only its tensor hooks (leaves' included) before the capture."""
    def f(T):
        log = []
        x = T.tensor([1., 2.], requires_grad=True)
        x.register_hook(hook_log(log, "leaf", lambda g: g * 10))
        y = x * 2
        y.register_hook(hook_log(log, "y", lambda g: g * 10))
        y.grad_fn.register_prehook(lambda go: (log.append(("ypre", vals(go[0]))), (go[0] * 3,))[1])
        w = (y * 3) * 1
        r = [T.autograd.grad(w.sum(), [y, x], retain_graph=True), list(log)]
        log.clear()
        r += [T.autograd.grad(w.sum(), [y], retain_graph=True), list(log)]
        log.clear()
        r += [T.autograd.grad(w.sum(), [x], retain_graph=True), list(log)]
        z = y * 1
        y.retain_grad()
        log.clear()
        z.sum().backward(inputs=[y])
        r += [y.grad, x.grad, list(log)]
        return r
    same(f)


def test_deep_chain_of_multi_output_nodes():
    """Iterative through thousands of shared nodes, each with an unused output."""
    def f(T):
        x = T.tensor([1., 2.], requires_grad=True)
        y = x
        for _ in range(3000):
            a, b = (y * 1.0001).split(1)
            y = T.cat([b, a])
        y.sum().backward()
        return x.grad
    same(f)


def test_inplace_on_a_later_output_keeps_its_edge():
    """An in-place op on output 1 of a custom Function: the new node's edge is (FBackward, 1).
    (retain_grad is left out: torch moves output 0's hook there, a bug of its own.)"""
    def f(T):
        class Two(T.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x * 2, x * 3

            @staticmethod
            def backward(ctx, g, h):
                return g * 2 + h * 3

        x = T.tensor([1., 2.], requires_grad=True)
        a, b = Two.apply(x)
        b.mul_(5)
        nf = b.grad_fn.next_functions
        (a.sum() + b.sum()).backward()
        return [b.grad_fn.name(), b.output_nr, nf[0][0] is a.grad_fn, nf[0][1], nf[1], x.grad]
    same(f)
