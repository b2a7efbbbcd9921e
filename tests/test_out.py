"""``out=`` (ember/ops/_out.py) against torch 2.13: the value written, what is returned, out's dtype,
shape, strides and version after the call, the resize warnings, and torch's errors (dtype rules of
each family, autograd, tuple outs)."""
from __future__ import annotations

import pytest

from behave import record_warnings, same

torch = pytest.importorskip("torch")


def _env(m):
    """The inputs every case reads, made in library ``m`` (seeded: the random factories draw torch's numbers)."""
    m.manual_seed(0)
    return {
        "m": m, "a": m.tensor([1.5, 2.0, 3.0]), "b": m.tensor([4.0, 5.0, 6.0]), "L": m.tensor([1, 2, 3]),
        "M": m.ones(2, 3), "N": m.ones(3, 2) * 2, "X": m.arange(6.0).reshape(2, 3),
        "F": lambda *s: m.zeros(*s), "F64": lambda *s: m.zeros(*s, dtype=m.float64),
        "LO": lambda *s: m.zeros(*s, dtype=m.int64), "I32": lambda *s: m.zeros(*s, dtype=m.int32),
        "B": lambda *s: m.zeros(*s, dtype=m.bool),
        "ar": m.tensor([1.5, 2.0, 3.0], requires_grad=True),
    }


def _observe(out_expr: str, call: str):
    """What a user sees of ``call`` writing into the tensor(s) ``out_expr`` makes."""
    def observe(m):
        env = _env(m)
        o = eval(out_expr, env)
        env["o"] = o
        outs = o if isinstance(o, (tuple, list)) else (o,)
        versions = [t._version for t in outs]
        r, warned = record_warnings(lambda: eval(call, env))
        if isinstance(r, Exception) or type(r).__name__ == "Err":
            return r, warned
        rs = r if isinstance(r, tuple) else (r,)
        return (r, type(r).__name__ if isinstance(r, tuple) else None, outs,
                [x is t for x, t in zip(rs, outs)], [t.stride() for t in outs],
                [t._version - v for t, v in zip(outs, versions)], warned)
    return observe


# (out, call): each run on ember and on torch
CASES = [
    # elementwise: the result cast into out when nothing is lost, resized with the warning when out had elements
    ("F(3)", "m.add(a, b, out=o)"),
    ("F(0)", "m.add(a, b, alpha=2, out=o)"),
    ("F(2)", "m.add(a, b, out=o)"),
    ("F(6)", "m.add(M, 1, out=o)"),
    ("F(3, 2).t()", "m.add(M, 1, out=o)"),
    ("F(0)", "m.add(M.t(), 1, out=o)"),
    ("F(6)[::2]", "m.sub(a, b, out=o)"),
    ("F64(3)", "m.mul(a, b, out=o)"),
    ("LO(3)", "m.mul(a, b, out=o)"),
    ("B(3)", "m.mul(L, L, out=o)"),
    ("I32(3)", "m.add(L, L, out=o)"),
    ("F64(3)", "m.div(L, L, out=o)"),
    ("LO(3)", "m.div(L, 2, out=o)"),
    ("LO(3)", "m.div(L, 2, rounding_mode='floor', out=o)"),
    ("F64(3)", "m.pow(a, 2, out=o)"),
    ("F64(3)", "m.pow(2, a, out=o)"),
    ("B(3)", "m.pow(L, L, out=o)"),
    ("F64(3)", "m.maximum(L, L, out=o)"),
    ("LO(3)", "m.minimum(a, b, out=o)"),
    ("F64(3)", "m.exp(L, out=o)"),
    ("I32(3)", "m.log(L, out=o)"),
    ("F64(3)", "m.sqrt(a, out=o)"),
    ("LO(3)", "m.sin(a, out=o)"),
    ("F64(3)", "m.cos(a, out=o)"),
    ("F(3)", "m.tanh(a, out=o)"),
    ("F64(3)", "m.sigmoid(L, out=o)"),
    ("F(3)", "m.neg(a, out=o)"),
    ("F64(3)", "m.neg(a, out=o)"),
    ("I32(3)", "m.abs(L, out=o)"),
    ("F64(3)", "m.clamp(a, 0, 1, out=o)"),
    ("LO(3)", "m.clamp(L, 0.0, 1.0, out=o)"),
    ("F64(3)", "m.clamp(a, min=b, out=o)"),
    ("F(3)", "m.clamp(a, 2, 2.5, out=o)"),
    ("F(3)", "m.where(a > 2, a, b, out=o)"),
    ("I32(3)", "m.where(a > 2, L, L, out=o)"),
    ("F64(3)", "m.where(a > 2, a, b, out=o)"),
    ("F(3)", "m.where(a > 2, a, 2.0, out=o)"),
    ("F(3)", "m.where(a > 2, 2.0, b, out=o)"),
    ("F(3)", "m.add(a, 1, out=a)"),
    ("F(3)", "m.add(a[:2], 1, out=a[1:])"),
    ("F(3).expand(2, 3)", "m.add(M, 1, out=o)"),
    ("LO(3)", "m.add(L, 1.5, out=o)"),
    ("F(3)", "m.div(a, b, rounding_mode='trunc', out=o)"),
    ("F(2, 3)", "m.where(X > 2, X, a[:1], out=o)"),
    ("F(3)", "m.clamp(a, max=2, out=o)"),
    ("F(3)", "m.clamp(a, out=o)"),
    ("F(3)", "m.maximum(a, L, out=o)"),
    # matmul family: out's dtype exactly the result's
    ("F(())", "m.matmul(a, b, out=o)"),
    ("F64(())", "m.matmul(a, b, out=o)"),
    ("LO(2, 2)", "m.matmul(M, N, out=o)"),
    ("F(7)", "m.matmul(M, N, out=o)"),
    ("F(2, 2, 2)", "m.matmul(M[None].expand(2, 2, 3), N, out=o)"),
    ("F(2, 2)", "m.mm(M, N, out=o)"),
    ("F64(4)", "m.mm(M, N, out=o)"),
    ("F64(2, 2)", "m.mm(M.long(), N.long(), out=o)"),
    ("F(1, 2, 2)", "m.bmm(M[None], N[None], out=o)"),
    ("F64(1, 2, 2)", "m.bmm(M[None], N[None], out=o)"),
    ("F(0)", "m.addmm(m.ones(2, 2), M, N, beta=0.5, alpha=2, out=o)"),
    ("LO(2, 2)", "m.addmm(m.ones(2, 2), M, N, out=o)"),
    ("F(())", "m.dot(a, b, out=o)"),
    ("F64(())", "m.dot(L, L, out=o)"),
    ("F(5)", "m.tensordot(M, N, 1, out=o)"),
    ("F64(2, 2)", "m.tensordot(M, N, 1, out=o)"),
    ("F(2, 2)", "m.tensordot(M.requires_grad_(), N, 1, out=o)"),
    # joining
    ("F64(6)", "m.cat([a, b], out=o)"),
    ("LO(6)", "m.cat([a, b], out=o)"),
    ("I32(6)", "m.cat([L, L], out=o)"),
    ("F64(6)", "m.cat([a, L], out=o)"),
    ("F(6)", "m.stack([a, b], out=o)"),
    ("LO(2, 3)", "m.stack([a, b], out=o)"),
    ("F(0)", "m.cat([X.t(), X.t()], out=o)"),
    # reductions: sum/prod/cumsum compute in out's dtype, mean casts, amax/amin want input's dtype
    ("F(3)", "m.sum(X, 0, out=o)"),
    ("LO(())", "m.sum(m.tensor([1.5, 1.5]), 0, out=o)"),
    ("B(())", "m.sum(L, 0, out=o)"),
    ("F64(())", "m.sum(a, 0, dtype=m.float32, out=o)"),
    ("F(())", "m.sum(a, out=o)"),
    ("F(1, 3)", "m.sum(X, 0, keepdim=True, out=o)"),
    ("F(0)", "m.sum(m.ones(2, 3, 4).permute(2, 0, 1), 0, out=o)"),
    ("F(())", "m.sum(X, dim=None, out=o)"),
    ("F(())", "m.sum(X, (0, 1), out=o)"),
    ("F(3)", "m.sum(X, axis=0, out=o)"),
    ("F(())", "m.mean(X, dim=None, out=o)"),
    ("F(())", "m.sum(X, None, out=o)"),
    ("F(())", "m.prod(a, dim=None, out=o)"),
    ("F(())", "m.prod(a, None, out=o)"),
    ("F(())", "m.cumsum(a, dim=0, out=o)"),
    ("LO(())", "m.prod(m.tensor([1.5, 1.5]), 0, out=o)"),
    ("F64(())", "m.prod(a, out=o)"),
    ("LO(2)", "m.cumsum(m.tensor([1.5, 1.5]), 0, out=o)"),
    ("F64(3)", "m.cumsum(L, 0, dtype=m.float32, out=o)"),
    ("F(0)", "m.cumsum(X.t(), 0, out=o)"),
    ("F64(())", "m.mean(a, 0, out=o)"),
    ("F64(())", "m.mean(a, out=o)"),
    ("LO(())", "m.mean(a, 0, out=o)"),
    ("LO(())", "m.mean(a, out=o)"),
    ("F(())", "m.mean(L, 0, out=o)"),
    ("F64(())", "m.mean(a, 0, dtype=m.float32, out=o)"),
    ("F(2)", "m.amax(X, 1, out=o)"),
    ("F64(())", "m.amin(a, 0, out=o)"),
    ("LO(())", "m.amax(a, 0, out=o)"),
    ("LO(())", "m.argmax(a, out=o)"),
    ("LO(5)", "m.argmax(a, 0, True, out=o)"),
    ("I32(())", "m.argmax(a, 0, out=o)"),
    # max/min: a tensor for the whole reduction and for max(input, other), a pair for max(dim)
    ("F(())", "m.max(a, out=o)"),
    ("F64(())", "m.min(a, out=o)"),
    ("LO(())", "m.max(a, out=o)"),
    ("F(3)", "m.max(a, b, out=o)"),
    ("(F(()), LO(()))", "m.max(a, 0, out=o)"),
    ("[F(()), LO(5)]", "m.max(a, 0, out=o)"),
    ("(F(2), LO(1))", "m.min(a, 0, True, out=o)"),
    ("(F(()), I32(()))", "m.max(a, 0, out=o)"),
    ("(F64(()), LO(()))", "m.min(a, 0, out=o)"),
    ("(F(()), LO(()), LO(()))", "m.min(a, 0, out=o)"),
    ("(F(()), 3)", "m.min(a, 0, out=o)"),
    ("(F(3), LO(3))", "m.sort(a, out=o)"),
    ("(F(0), LO(0))", "m.sort(X.t(), 0, out=o)"),
    ("(F(3), LO(3))", "m.sort(a, stable=True, descending=True, out=o)"),
    ("(F64(3), LO(3))", "m.sort(a, out=o)"),
    ("(F(3), I32(3))", "m.sort(a, out=o)"),
    ("(F(3), 3)", "m.sort(a, out=o)"),
    ("(F(3), 3)", "m.sort(a, stable=True, out=o)"),
    ("(F(3),)", "m.sort(a, out=o)"),
    ("(F(3), LO(3))", "m.topk(a, 2, out=o)"),
    ("(F(0), LO(0))", "m.topk(X, k=1, dim=0, largest=False, out=o)"),
    ("(F(0), LO(0))", "m.max(X, dim=1, keepdim=True, out=o)"),
    ("(F(0), LO(0))", "m.min(X, axis=0, out=o)"),
    ("LO(())", "m.argmax(X, dim=None, out=o)"),
    ("F(0)", "m.cat((a, b), dim=0, out=o)"),
    ("(F(2), I32(2))", "m.topk(a, 2, out=o)"),
    ("(F(3), 3)", "m.topk(a, 2, out=o)"),
    # autograd: nothing may require grad in grad mode (out included); fine under no_grad
    ("F(3)", "m.add(ar, b, out=o)"),
    ("LO(3)", "m.add(ar, b, out=o)"),
    ("F(3)", "m.neg(ar, out=o)"),
    ("F(())", "m.sum(ar, 0, out=o)"),
    ("F(())", "m.matmul(ar, b, out=o)"),
    ("(F(()), LO(()))", "m.max(ar, 0, out=o)"),
    ("F(6)", "m.cat([ar, b], out=o)"),
    ("m.zeros(3, requires_grad=True)", "m.add(a, b, out=o)"),
    ("m.zeros(3, requires_grad=True) * 1", "m.add(a, b, out=o)"),
    ("F(3)", "m.add(a, b, out='x')"),
    ("F(3)", "m.exp(a, out='x')"),
    ("F(3)", "m.sum(a, 0, out='x')"),
    ("F(3)", "m.cat([a], out='x')"),
    ("F(3)", "m.add(a, b, out=(o,))"),
    ("F(3)", "m.add(a, b, out=None)"),
    # factories: the result takes out's dtype (dtype= must match it), out resized silently (arange warns)
    ("F64(3)", "m.zeros(2, 3, out=o)"),
    ("LO(6)", "m.zeros(2, 3, out=o)"),
    ("F64(2)", "m.zeros(2, dtype=m.float32, out=o)"),
    ("F64(2)", "m.zeros(2, requires_grad=True, out=o)"),
    ("m.zeros(2, requires_grad=True)", "m.zeros(2, out=o)"),
    ("LO(2)", "m.ones(2, out=o)"),
    ("LO(2)", "m.ones((2, 2), out=o)"),
    ("LO(4)", "m.empty(4, out=o).shape"),
    ("LO(2)", "m.full((2,), 1.5, out=o)"),
    ("F64(2)", "m.full((2,), 7, out=o)"),
    ("F64(2)", "m.full((2,), True, out=o)"),
    ("F64(2)", "m.full((2,), 1.5, dtype=m.float32, out=o)"),
    ("F64(5)", "m.arange(5, out=o)"),
    ("F(2)", "m.arange(5, out=o)"),
    ("F(0)", "m.arange(1, 4, 0.5, out=o)"),
    ("LO(5)", "m.arange(0.0, 5, out=o)"),
    ("F64(5)", "m.arange(5, dtype=m.float32, out=o)"),
    ("m.zeros(3, requires_grad=True)", "m.arange(3, out=o)"),
    ("F64(5)", "m.linspace(0, 1, 5, out=o)"),
    ("LO(5)", "m.linspace(0, 4, 5, out=o)"),
    ("F64(2)", "m.linspace(0, 1, 5, out=o)"),
    ("F64(5)", "m.linspace(0, 1, 5, dtype=m.float32, out=o)"),
    ("F64(3)", "m.randn(3, dtype=m.float32, out=o)"),
    ("F64(3)", "m.rand(3, out=o).shape"),
    ("F64(2)", "m.rand(3, out=o).shape"),
    ("F(2, 3)", "m.rand(size=(3,), out=o).shape"),
    ("F64(2)", "m.randint(5, (3,), out=o).shape"),
    ("LO(2)", "m.randint(2, 5, (2, 2), out=o).shape"),
    ("LO(3)", "m.rand(3, out=o)"),
]


@pytest.mark.parametrize("out_expr, call", CASES, ids=[c for _, c in CASES])
def test_out_as_torch(out_expr, call):
    same(_observe(out_expr, call))


@pytest.mark.parametrize("out_expr, call", [
    ("m.zeros(2, 3)", "m.sum(a, out=o)"), ("m.zeros(())", "m.prod(a, out=o)"),
    ("m.zeros(())", "m.max(a, 0, out=o)"), ("m.zeros(3)", "m.sort(a, out=o)"),
], ids=["sum", "prod", "max", "sort"])
def test_out_needs_its_overload(out_expr, call):
    """torch has ``out=`` only on some overloads: the others give its "invalid combination" TypeError
    (its first line compared: the signature list is torch's parser's)."""
    same(_observe(out_expr, call), msg_upto="but expected one of:")


def test_out_random_fills_out_in_place():
    """rand/randn/randint with out= fill out with torch's numbers for the seed, in out's own layout."""
    def fill(m):
        m.manual_seed(0)
        o = m.zeros(3, 2).t()
        r = m.rand(2, 3, out=o)
        m.manual_seed(0)
        o2 = m.zeros(1)
        m.randn(4, out=o2)
        return r is o, o.stride(), o, o2

    same(fill)


def test_out_under_no_grad():
    """Under no_grad an input requiring grad is fine, and so is an out that requires grad."""
    def write(m):
        x, o, leaf = m.ones(3, requires_grad=True), m.zeros(3), m.zeros(3, requires_grad=True)
        with m.no_grad():
            r = m.mul(x, 2, out=o)
            m.add(x, 1, out=leaf)
        return r is o, o, leaf, leaf._version

    same(write)


def test_out_inference_tensor():
    def write(m):
        with m.inference_mode():
            o = m.zeros(3)
        return m.add(m.ones(3), 1, out=o)

    same(write)


def test_out_keeps_views_in_sync():
    """out a view of a base: the base sees the write, and the version both share moves on."""
    def write(m):
        base = m.zeros(2, 3)
        v0 = base._version
        r = m.mul(m.ones(3), 2, out=base[1])
        return base, base._version - v0, r

    same(write)


@pytest.mark.parametrize("call", [
    "m.arange(0, 1, 0.25, dtype=m.long)", "m.arange(0.5, 3.7, dtype=m.long)", "m.arange(0.5, 3.7, 1.5, dtype=m.long)",
    "m.arange(0.7, 5.2, 2.9, dtype=m.int32)", "m.arange(1.5, dtype=m.long)", "m.arange(0, 5.5, 1.5, dtype=m.uint8)",
    "m.arange(3.9, 0.2, -1.5, dtype=m.long)", "m.arange(3.9, 0.2, -1.5, dtype=m.int32)",
    "m.arange(10, 0, -3, dtype=m.int16)", "m.arange(0.5, 0.7, dtype=m.long)", "m.arange(0, 1, 0)",
])
def test_arange_integral_dtype(call):
    """arange into an integral dtype (as ``arange(..., out=long_tensor)`` computes): start, end and step
    truncated first, as torch's kernel does (a step that truncates to 0 is its ValueError)."""
    same(lambda m: eval(call, {"m": m}))

