"""torch's argument parser (ember/ops/_parser.py) and the math edge cases of issue 7, against torch live.

An argument of the wrong type (a tensor for a dim, a float for an int, an int for a bool, None where
nothing may be None...) is a TypeError in torch, with its parser's words, before any value is looked
at; every call here runs in ember and in torch and must end the same way: the same exception class and
message, or the same result.
"""
from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="compares ember against PyTorch")

import ember  # noqa: E402
from ember.ops._signatures import SIGNATURES  # noqa: E402


def _env(lib):
    return {"torch": lib, "np": np,
            "x": lib.tensor([[1.5, -2.0], [0.5, 3.0]], dtype=lib.float64),
            "y": lib.tensor([1.5, -2.0, 0.5], dtype=lib.float64),
            "i": lib.tensor([[1, 0], [0, 1]]),
            "s": lib.tensor(1), "sf": lib.tensor(1.0), "b": lib.tensor([[True, False], [False, True]])}


def _outcome(lib, src: str):
    """What ``src`` gives: ("ok", its value as plain data) or (exception class name, message)."""
    try:
        r = eval(src, _env(lib))  # noqa: S307  (our own test sources)
    except Exception as e:  # noqa: BLE001  (the class is what is compared)
        return type(e).__name__, str(e)
    if isinstance(r, tuple):
        r = [t.tolist() if hasattr(t, "tolist") else t for t in r]
    elif hasattr(r, "tolist"):
        r = r.tolist()
    return "ok", r


def _same(src: str) -> None:
    t, e = _outcome(torch, src), _outcome(ember, src)
    assert e == t, f"{src}\n torch: {t}\n ember: {e}"


# the calls last session's fuzzing found most often, and their neighbours: function and method forms
CALLS = [
    "torch.argmin(x, x)",
    "x.sum(1.5)", "x.sum(dim=1.5)", "x.sum(x)", "x.sum(True)", "x.sum(1, 1)", "x.sum(1, 0.5)", "x.sum([1.5])",
    "x.sum((0, 1.5))", "x.sum((0, None))", "x.sum(s)", "x.sum(torch.tensor([1]))", "x.sum(sf)", "x.sum(None)",
    "x.sum(1, keepdims=True)", "x.sum(axis=0)", "torch.sum(a=x)", "x.sum(dim=1, foo=2)", "x.sum(1, dim=1)",
    "torch.sum()", "torch.sum(x, 1, True, torch.float32)", "x.sum(1, np.bool_(True))",
    "x.mean(x)", "x.mean(1.0)", "x.mean(None)", "torch.mean(x, dtype=1.0)",
    "x.max(1.0)", "x.max(dim=1.0)", "x.max(s)", "x.max(x, 1)", "torch.max(x, 1.5)", "x.min(None)", "x.min(1, 2)",
    "x.argmax(True)", "x.argmax(sf)", "x.argmax(s)", "x.argmax(None)", "x.argmax(1, 1)", "torch.argmax(x, 0.5)",
    "x.std(x)", "x.std(1.5)", "x.var(0, 1.5)", "x.std(correction=1.5)", "x.var(correction=sf)", "torch.var(x, True, 1)",
    "torch.std_mean(x, 1.5)", "torch.var_mean(x, None, None)",
    "x.prod(None)", "x.prod((0, 1))", "x.prod(1.0)", "torch.prod(x, x)",
    "x.cumsum(x)", "x.cumsum(0, 1)", "x.cumsum(1.0)", "torch.cumsum(x)", "torch.cumprod(x, dim=None)",
    "x.sort(1.0)", "x.sort(0, 1)", "x.sort(stable=1)", "torch.sort(x, x)", "x.argsort(None)",
    "x.topk(1.0)", "x.topk(s)", "x.topk(1, largest=1)", "torch.topk(x, x)", "x.kthvalue(1.5)",
    "x.transpose(0, 1.0)", "x.transpose(0, x)", "torch.transpose(x, 0)", "x.transpose(0)", "x.t(0)",
    "x.permute(0, 1.0)", "x.permute([0, 1.0])", "x.permute(0.0, 1)", "x.permute(x)", "x.permute(1, s)",
    "x.reshape(4.0)", "x.reshape(True)", "x.reshape(4.0, 1)", "x.reshape(4, 1.0)", "x.reshape([4.0, 1])",
    "x.reshape((4, True))", "x.reshape([4, None])", "x.reshape(4, x)", "torch.reshape(x, 4, 1)", "x.reshape(s, 4)",
    "x.view(4.0)", "x.view(4.0, 1)", "x.view(4, 1.0)", "x.view(True, 1)", "x.view(x)", "x.view(4, s)",
    "x.squeeze(1.0)", "x.squeeze(x)", "x.squeeze(1, 1)", "torch.squeeze(x, None)", "x.unsqueeze(1.0)",
    "x.unsqueeze(None)", "torch.unsqueeze(x)", "x.flatten(1.0)", "x.flatten(0, x)", "torch.flatten(x, end_dim=0.5)",
    "torch.cat([x, x], 1.0)", "torch.cat([x, x], x)", "torch.cat([x, 1])", "torch.cat(x)", "torch.cat([x, x], s)",
    "torch.stack(x)", "torch.stack([x, x], 0.5)", "torch.stack([x, None])",
    "x.diagonal(1.5)", "x.roll(1.5)", "x.flip(1.5)", "x.repeat(2.0)", "x.expand(2, 2.0)", "x.narrow(0, 0.5, 1)",
    "x.movedim(0, 1.5)", "x.tril(1.5)", "x.tensor_split(1.5)", "x.unfold(0, 1.5, 1)", "torch.hstack(x)",
    # which check comes first: the dim, k or bins before the kernel's dtype (b is bool)
    "b.topk(1, 5)", "b.topk(9)", "b.topk(1)", "b.kthvalue(1, 5)", "b.kthvalue(1)", "b.cumsum_(5)", "b.cumprod_(0)",
    "b.median()", "b.median(0)", "b.nanmedian(0)", "b.median(5)", "b.long().histc(0)", "b.long().histc(5)",
    "b.long().logcumsumexp(5)", "b.long().logcumsumexp(0)", "x.repeat_interleave(sf)", "x.histogram(sf)",
    "torch.searchsorted(x, 1.5)", "torch.histogram(y, torch.ones(2, 2, dtype=torch.float64))",
]


@pytest.mark.parametrize("src", CALLS)
def test_argument_errors_are_torchs(src):
    _same(src)


def _sweep(name: str) -> list[str]:
    """Generic wrong-type calls of one checked function, in each form torch has."""
    function, method = SIGNATURES[name]
    out = []
    checked_method = hasattr(getattr(ember.Tensor, name, None), "_ember_parser")
    checked_function = hasattr(getattr(ember, name, None), "_ember_parser")
    bad = ["{}", "1.5", "x", "None, None, None, None, None, None", "True", "'a'", "[1.5]", "foo=1", "0, 0.5",
           "sf"]
    if method and hasattr(torch.Tensor, name) and checked_method:
        out += [f"x.{name}({b})" for b in bad]
    if function and hasattr(torch, name) and checked_function:
        first = "[x, x]" if "TensorList" in function[0].split(",")[0] else "x"
        out += [f"torch.{name}({first}, {b})" for b in bad]
    return out


@pytest.mark.parametrize("name", sorted(SIGNATURES))
def test_argument_error_sweep(name):
    """Every function of the signature table that ember checks, called with arguments of every wrong kind
    (the table's linalg / indexing rows wait for their families' ``@torch_args``)."""
    for src in _sweep(name):
        _same(src)


def test_the_common_ops_are_checked():
    """The ops the fuzzer found most often with a wrong-typed argument are behind torch's parser."""
    for name in ("sum", "mean", "max", "min", "argmax", "argmin", "std", "var", "prod", "cumsum", "sort", "topk",
                 "transpose", "permute", "reshape", "view", "squeeze", "unsqueeze", "flatten"):
        assert hasattr(getattr(ember.Tensor, name), "_ember_parser"), name
    for name in ("sum", "argmax", "cat", "stack", "transpose", "reshape", "flatten", "concat"):
        assert hasattr(getattr(ember, name), "_ember_parser"), name


def test_tensor_for_int_arrives_as_int():
    """A 0-d integer tensor passes for an int (and a one-element one for a list of ints), as in torch."""
    for src in ("x.sum(s)", "x.argmax(s)", "x.permute(s, 0)", "x.cumsum(s)", "x.reshape(s * 4)", "x.topk(s)",
                "torch.cat([x, x], s)", "x.transpose(s, 0)", "x.sum(torch.tensor([1]))"):
        t = _outcome(torch, src)
        assert t[0] == "ok"
        assert _outcome(ember, src) == t, src


# ---------------------------------------------------------------------------------------------------
# math edge cases found by the wide fuzzer
def _close(a, b) -> None:
    np.testing.assert_allclose(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64),
                               rtol=1e-12, atol=1e-12, equal_nan=True)


def _prod_derivatives(lib, vals, dim):
    x = lib.tensor(vals, dtype=lib.float64, requires_grad=True)
    y = x.prod() if dim is None else x.prod(dim).sum()
    g, = lib.autograd.grad(y, [x], create_graph=True)
    rows = [lib.autograd.grad(g.reshape(-1)[i], [x], retain_graph=True)[0].tolist() for i in range(g.numel())]
    return type(g.grad_fn).__name__, g.tolist(), rows


@pytest.mark.parametrize("vals", [[[0.0, 2.0], [3.0, 4.0]], [[0.0, 0.0], [3.0, 4.0]], [[0.0, 0.0], [0.0, 5.0]],
                                  [[1.0, 2.0], [3.0, 4.0]], [[0.0, 2.0], [float("nan"), 4.0]],
                                  [[0.0, 0.0], [float("nan"), 1.0]]])
@pytest.mark.parametrize("dim", [None, 0, 1])
def test_prod_second_order_with_zeros(vals, dim):
    """prod's backward under create_graph is torch's prod_safe_zeros_backward (exclusive cumprods), also
    with two zeros (torch's all-zeros shortcut is for no-grad mode only) and beside a NaN."""
    name_t, g_t, h_t = _prod_derivatives(torch, vals, dim)
    name_e, g_e, h_e = _prod_derivatives(ember, vals, dim)
    assert name_e == name_t
    _close(g_e, g_t)
    _close(h_e, h_t)


@pytest.mark.parametrize("beta, threshold", [(1.0, 20.0), (2.0, 5.0), (0.5, 3.0)])
def test_softplus_second_order_at_threshold(beta, threshold):
    """At x * beta == threshold torch's first derivative is sigmoid's, its second is 0 (a strict ``<``)."""
    at = threshold / beta
    for v in (at, at - 1e-9, at + 1e-9, 0.0, float("inf")):
        out = []
        for lib in (torch, ember):
            x = lib.tensor([v], dtype=lib.float64, requires_grad=True)
            g, = lib.autograd.grad(lib.nn.functional.softplus(x, beta, threshold).sum(), [x], create_graph=True)
            h, = lib.autograd.grad(g.sum(), [x])
            out.append((g.tolist(), h.tolist()))
        _close(out[1][0], out[0][0])
        _close(out[1][1], out[0][1])


@pytest.mark.parametrize("leaf", [
    "torch.arange(12., dtype=torch.float64).reshape(4, 3).t()",
    "torch.arange(24., dtype=torch.float64).reshape(4, 3, 2).transpose(0, -1)",
    "torch.arange(24., dtype=torch.float64).reshape(6, 4)[::2]",
    "torch.arange(12., dtype=torch.float64).reshape(3, 4)[:, ::2]",
    "torch.tensor([[1., 2., 3., 4.]], dtype=torch.float64).expand(3, 4)",
    "torch.arange(8., dtype=torch.float64).reshape(2, 1, 4).expand(2, 3, 4)",
    "torch.arange(4., dtype=torch.float64).reshape(1, 4).t()",
    "torch.zeros(0, 3, dtype=torch.float64).t()"])
@pytest.mark.parametrize("op", ["v * 2", "v.exp()", "v + v", "2 * v", "v.clone()", "v.sigmoid() * v",
                                "v + torch.ones(v.shape[-1], dtype=v.dtype)", "torch.ones(v.shape, dtype=v.dtype) * v"])
def test_reshape_after_elementwise_grad_fn(leaf, op):
    """reshape of an elementwise result: a view (ViewBackward0) when the result's strides allow it, else
    torch's copy (UnsafeViewBackward0) or, to its own shape, _reshape_alias (ReshapeAliasBackward0)."""
    names = []
    for lib in (torch, ember):
        v = eval(leaf, {"torch": lib}).requires_grad_()  # noqa: S307
        z = eval(op, {"torch": lib, "v": v})  # noqa: S307
        names.append([type(z.reshape(*s).grad_fn).__name__
                      for s in ((-1,), (1, -1), (z.shape[0], -1), tuple(z.shape[::-1]), tuple(z.shape))])
    assert names[1] == names[0]
