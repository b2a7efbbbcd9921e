"""Issue 9's op surface, audited against live torch 2.13: every op and method the issue names exists in
ember wherever torch has it (``ember.X``, ``Tensor.X``, the in-place ``Tensor.X_``, ``ember.linalg.X``,
``ember.special.X``, ``F.one_hot``), and one call of each on a small sample gives torch's value, dtype,
shape, ``grad_fn`` name and gradient (``behave.same``). The op table (tests/op_table*.py) holds the
thorough rows (gradcheck, error inputs, dtypes); this file is the issue's checklist.

Also issue 9's conventions that the families' own tests leave: ``out=`` overlapping an input, the
second-order ``grad_fn`` names of ops with a Python-number operand, ``pin_memory``/``is_pinned``, and the
strides of scans and sorts of non-contiguous inputs."""
from __future__ import annotations

import numpy as np
import pytest

from behave import record_warnings, same  # noqa: F401

torch = pytest.importorskip("torch")
import ember  # noqa: E402
import ember.nn.functional as F  # noqa: E402,N812

# ----------------------------------------------------------------------------------------------
# the lists, grouped as the issue groups them
UNARY = ("tan asin acos atan sinh cosh asinh acosh atanh log2 log10 log1p exp2 expm1 erf erfc erfinv rsqrt square "
         "sgn frac deg2rad rad2deg sinc logit nan_to_num positive lgamma digamma i0").split()
BINARY = ("atan2 hypot copysign fmod remainder logaddexp logaddexp2 xlogy lerp float_power fmax fmin true_divide "
          "floor_divide div bitwise_and bitwise_or bitwise_xor bitwise_not bitwise_left_shift bitwise_right_shift "
          "addcmul addcdiv").split()
REDUCTIONS = ("all any logsumexp cumsum cumprod cummax cummin logcumsumexp std_mean var_mean median nanmedian mode "
              "nansum nanmean count_nonzero aminmax argmax argmin quantile nanquantile var std").split()
SORTING = ("sort argsort topk kthvalue msort unique unique_consecutive searchsorted bucketize histc histogram "
           "bincount").split()
SHAPE = ("repeat tile repeat_interleave flip fliplr flipud roll rot90 narrow tril triu diag diagonal diag_embed "
         "diagflat unfold movedim moveaxis unflatten ravel view_as reshape_as expand_as type_as broadcast_tensors "
         "broadcast_shapes meshgrid tensor_split hsplit vsplit hstack vstack dstack column_stack atleast_1d "
         "atleast_2d atleast_3d squeeze view").split()
INDEXING = ("gather scatter scatter_add scatter_reduce index_select index_add index_copy index_fill index_put "
            "masked_fill masked_select masked_scatter take take_along_dim put nonzero where argwhere").split()
LINALG = ("outer inner einsum trace tensordot kron cross addmm addmv addbmm baddbmm chain_matmul cdist").split()
LINALG_MODULE = ("norm vector_norm matrix_norm det slogdet inv solve cholesky qr svd svdvals eigh eigvalsh pinv "
                 "matrix_power matrix_rank lstsq cross multi_dot").split()
COMPARISON = ("isclose allclose equal isnan isinf isposinf isneginf isreal signbit clamp_min clamp_max maximum "
              "minimum logical_and logical_or logical_xor logical_not").split()
CREATION = ("zeros ones full empty rand randn randint logspace tril_indices triu_indices new_tensor new_zeros "
            "new_ones new_full new_empty uniform_ normal_ random_ bernoulli_ exponential_ bernoulli multinomial "
            "normal poisson").split()
GROUPS = {"unary": UNARY, "binary": BINARY, "reductions": REDUCTIONS, "sorting": SORTING, "shape": SHAPE,
          "indexing": INDEXING, "linalg": LINALG, "comparison": COMPARISON, "creation": CREATION}


def _surface() -> list:
    """(where, name) for every name torch has there: ember must have it there too."""
    rows = []
    for group, names in GROUPS.items():
        for n in names:
            for where, t_obj in (("torch", torch), ("Tensor", torch.Tensor), ("special", torch.special)):
                for name in (n, n + "_"):
                    if hasattr(t_obj, name):
                        rows.append((group, where, name))
    rows += [("linalg", "linalg", n) for n in LINALG_MODULE if hasattr(torch.linalg, n)]
    rows.append(("creation", "nn.functional", "one_hot"))
    return rows


_E_OBJ = {"torch": ember, "Tensor": ember.Tensor, "special": ember.special, "linalg": ember.linalg,
          "nn.functional": F}
# torch's in-place functions of more than one tensor (``torch.xlogy_(x, y)``), undocumented: ember has the
# methods only (its one-tensor ones, ``torch.tan_(x)``, are ember/ops/inplace_functions.py's)
_NO_FUNCTION = {"xlogy_", "addmv_"}


@pytest.mark.parametrize("group,where,name", [r for r in _surface() if not (r[1] == "torch" and r[2] in _NO_FUNCTION)])
def test_exists_where_torch_has_it(group, where, name):
    assert hasattr(_E_OBJ[where], name), f"{where}.{name} ({group}) is missing"


@pytest.mark.parametrize("name", sorted(__import__("ember.ops.inplace_functions").ops.inplace_functions.NAMES))
def test_top_level_inplace_functions_as_torch(name):
    """``torch.exp_(x)`` is ``x.exp_()``, with torch's error for an input that is not a tensor."""
    def fn(m):
        x = m.tensor([0.3, 0.6], dtype=m.float64, requires_grad=True) * 1
        r = getattr(m, name)(x)
        g, = m.autograd.grad(r.sum(), x) if r.requires_grad else (None,)
        return r is x, r, g, record_warnings(lambda: getattr(m, name)(3))
    same(fn)


def test_top_level_inplace_functions_are_torchs_methods():
    """The names left out above: torch has them as functions; each is its Tensor method in ember."""
    for name in _NO_FUNCTION:
        assert hasattr(torch, name) and hasattr(ember.Tensor, name), name


# ----------------------------------------------------------------------------------------------
# the sample every call reads, made alike in both libraries (float64 leaves require grad)
def _arrays() -> dict:
    rng = np.random.default_rng(9)
    x = ((rng.permutation(12) - 5.5) / 7.0 + rng.uniform(-0.02, 0.02, 12)).reshape(3, 4)   # distinct, |x| < 0.82
    y = rng.uniform(-2, 2, (3, 4))
    p = rng.uniform(0.5, 2.0, (3, 4))
    a = rng.uniform(-1, 1, (3, 3))
    return {
        "x": x, "y": y, "p": p, "u": (x + 1) / 2.2 + 0.03, "q": p + 1.0, "v": rng.uniform(-1, 1, 4),
        "w": rng.uniform(-1, 1, 3), "A": a + 3 * np.eye(3), "S": a @ a.T + np.eye(3),
        "B": rng.uniform(-1, 1, (2, 3, 3)), "C": rng.uniform(-1, 1, (3, 3)),
        # remainder/fmod: dividends k + 0.5, divisors +-1, +-2 (quotients away from integers)
        "md": rng.integers(-3, 3, (3, 4)) + 0.5 + rng.uniform(-0.1, 0.1, (3, 4)),
        "mv": rng.choice([-2.0, -1.0, 1.0, 2.0], (3, 4)) + rng.uniform(-0.02, 0.02, (3, 4)),
    }


LEAVES = tuple(_arrays())


def _env(m) -> dict:
    env = {"m": m, "F": m.nn.functional}
    for k, a in _arrays().items():
        env[k] = m.tensor(a, dtype=m.float64, requires_grad=True)
    env.update({
        "i": m.tensor([[0, 1, 2, 3], [3, 2, 2, 0], [1, 1, 4, 5]]), "j": m.tensor([[1, 2, 0, 3], [2, 1, 1, 1],
                                                                                    [0, 3, 2, 1]]),
        "b": m.tensor([[True, False, True, False], [False, False, True, True], [True, True, False, False]]),
        "b2": m.tensor([[True, True, False, False], [False, True, False, True], [True, False, True, False]]),
        "idx": m.tensor([0, 2]), "gi": m.tensor([[0, 3], [1, 1], [2, 0]]), "rep": m.tensor([0, 2, 0]),
        "nanx": m.tensor([[1.0, float("nan"), -2.0], [float("nan"), 0.5, 3.0]], dtype=m.float64),
        "spec": m.tensor([1.0, float("inf"), -float("inf"), float("nan"), -0.0, 0.0]),
        "bounds": m.tensor([-0.5, 0.0, 0.25, 0.5]), "seq": m.tensor([1, 1, 2, 2, 2, 3, 1, 1]),
        "counts": m.tensor([0, 3, 1, 3, 5, 0]), "probs": m.tensor([1.0, 2.0, 3.0, 4.0]),
    })
    return env


def _cotangent(m, t):
    n = t.numel()
    return m.tensor(np.linspace(-1.0, 1.5, n).reshape(tuple(t.shape)), dtype=t.dtype)


def _flat(v):
    if isinstance(v, (tuple, list)):
        for x in v:
            yield from _flat(x)
    else:
        yield v


def observe(expr: str):
    """What a user sees of ``expr``: its result (and its namedtuple type) and the gradient of each leaf
    for a fixed cotangent of every differentiable output (None for a leaf it does not use)."""
    def fn(m):
        env = _env(m)
        env["_add_at"] = _add_at
        m.manual_seed(0)
        out = eval(expr, env)
        kind = type(out).__name__ if isinstance(out, tuple) and type(out) is not tuple else None
        outs = [t for t in _flat(out) if isinstance(t, m.Tensor) and t.requires_grad]
        grads = None
        if outs:
            grads = m.autograd.grad(outs, [env[k] for k in LEAVES], [_cotangent(m, t) for t in outs],
                                    allow_unused=True)
            # torch's sgn'(x) is a ZeroTensor, which has no array to compare: its zeros
            grads = tuple(m.zeros_like(g) if getattr(g, "_is_zerotensor", lambda: False)() else g for g in grads)
        return out, kind, grads
    return fn


# ----------------------------------------------------------------------------------------------
# one call of each (function, method and in-place forms where torch has them)
_UNARY_INPUT = {"asin": "x", "acos": "x", "atanh": "x", "erfinv": "x", "logit": "u", "acosh": "q", "log2": "p",
                "log10": "p", "log1p": "p", "rsqrt": "p", "lgamma": "p", "digamma": "p", "sgn": "x", "frac": "md"}


def _unary_calls() -> list:
    calls = []
    for n in UNARY:
        a = _UNARY_INPUT.get(n, "y" if n in ("sinc", "square", "exp2", "expm1", "i0") else "x")
        calls.append(f"m.{n}({a})")
        if hasattr(torch.Tensor, n):
            calls.append(f"{a}.{n}()")
        if hasattr(torch.Tensor, n + "_"):
            calls.append(f"({a} * 1).{n}_()")
    return calls + ["m.nan_to_num(spec)", "m.nan_to_num(spec, nan=1.0, posinf=2.0, neginf=-3.0)", "m.logit(u, 0.2)",
                    "spec.clone().nan_to_num_(0.5)", "m.sgn(spec)", "m.i0(spec)", "m.frac(spec)",
                    "(x * 1).negative_()"]


_BINARY_ARGS = {"atan2": "x, y", "hypot": "x, y", "copysign": "x, y", "fmod": "md, mv", "remainder": "md, mv",
                "logaddexp": "x, y", "logaddexp2": "x, y", "xlogy": "y, p", "float_power": "p, y", "fmax": "x, y",
                "fmin": "x, y", "true_divide": "y, p", "floor_divide": "md, mv", "div": "y, p",
                "bitwise_and": "i, j", "bitwise_or": "i, j", "bitwise_xor": "i, j", "bitwise_left_shift": "i, j",
                "bitwise_right_shift": "i, j"}


def _binary_calls() -> list:
    calls = []
    for n, args in _BINARY_ARGS.items():
        first, second = args.split(", ")
        calls += [f"m.{n}({args})", f"{first}.{n}({second})"]
        if hasattr(torch.Tensor, n + "_"):
            calls.append(f"({first} * 1).{n}_({second})")
    return calls + [
        "m.lerp(x, y, 0.3)", "m.lerp(x, y, p)", "x.lerp(y, 0.3)", "(x * 1).lerp_(y, p)",
        "m.addcmul(x, y, p, value=0.5)", "x.addcmul(y, p)", "(x * 1).addcmul_(y, p, value=2)",
        "m.addcdiv(x, y, p, value=0.5)", "x.addcdiv(y, p)", "(x * 1).addcdiv_(y, p, value=2)",
        "m.div(md, mv, rounding_mode='floor')", "m.div(md, mv, rounding_mode='trunc')",
        "md.div(2.0, rounding_mode='floor')",
        "(md * 1).div_(mv, rounding_mode='trunc')", "m.remainder(i, 3)", "m.remainder(5, i + 1)", "7 % (i + 1)",
        "5.5 % mv", "m.fmod(i, 3)", "m.float_power(i, 2)", "m.xlogy(2.0, p)", "m.xlogy(x * 0, p)",
        "m.bitwise_not(i)", "i.bitwise_not()", "m.bitwise_not(b)", "i << j", "i >> j", "3 << j", "i << 2",
        "m.bitwise_and(b, b2)", "m.bitwise_xor(i, 6)", "m.floor_divide(i, 2)", "m.true_divide(i, 2)",
        "m.atan2(x, 2.0 * y)", "m.hypot(x, y.detach())", "m.copysign(x, -1.0)",
        "m.logaddexp(x, m.tensor(0.5, dtype=m.float64))",
    ]


_REDUCTION_CALLS = [
    "m.all(b)", "m.all(b, 1)", "b.all(dim=0)", "m.any(b, dim=1, keepdim=True)", "m.all(i)", "i.any()",
    "m.logsumexp(x, 1)", "x.logsumexp(dim=(0, 1))", "m.cumsum(x, 1)", "x.cumsum(dim=0)", "m.cumsum(i, 0)",
    "(x * 1).cumsum_(1)", "m.cumprod(x, 1)", "(x * 1).cumprod_(0)", "m.cummax(x, 1)", "x.cummin(0)",
    "m.logcumsumexp(x, 1)", "m.std_mean(x, 1)", "m.var_mean(x, 1, correction=0)", "m.std_mean(x, unbiased=False)",
    "m.median(x)", "m.median(x, 1)", "x.median(dim=0, keepdim=True)", "m.nanmedian(nanx)", "m.nanmedian(nanx, 1)",
    "m.mode(i, 1)", "m.mode(i)", "m.nansum(nanx)", "m.nansum(nanx, 1)", "m.nanmean(nanx, 1)", "nanx.nanmean()",
    "m.count_nonzero(i)", "m.count_nonzero(i, 1)", "m.aminmax(x)", "m.aminmax(x, dim=1)",
    "x.aminmax(dim=0, keepdim=True)",
    "m.argmax(x)", "m.argmax(x, 1, keepdim=True)", "x.argmin(dim=0)", "m.argmin(i, 1)",
    "m.quantile(x, 0.3, dim=1)", "m.quantile(x, m.tensor([0.25, 0.75], dtype=m.float64), dim=0, keepdim=True)",
    "m.quantile(x, 0.4, interpolation='midpoint')", "m.nanquantile(nanx, 0.5, dim=1)", "x.quantile(0.9)",
    "m.var(x, 1, correction=2)", "m.std(x, unbiased=False)", "x.var(0, unbiased=True, keepdim=True)",
    "x.std(correction=0)", "x.sum(1, keepdims=True)", "x.mean(axis=0)", "m.sum(x, axis=1, keepdims=True)",
    "x.amax(axis=1)", "m.prod(p, 1, keepdim=True)", "x.max(dim=1)", "x.min(axis=0)",
]

_SORTING_CALLS = [
    "m.sort(x, 1)", "m.sort(x, dim=0, descending=True, stable=True)", "x.sort(stable=True)", "m.argsort(x, 1)",
    "x.argsort(dim=0, descending=True)", "m.topk(x, 2, 1)", "x.topk(2, dim=0, largest=False)",
    "m.kthvalue(x, 2, 1)", "x.kthvalue(1, dim=0, keepdim=True)", "m.msort(x)", "x.msort()",
    "m.unique(i)", "m.unique(i, sorted=True, return_inverse=True, return_counts=True)", "m.unique(i, dim=1)",
    "i.unique(return_counts=True)", "m.unique_consecutive(seq)", "m.unique_consecutive(seq, return_inverse=True, "
    "return_counts=True)", "seq.unique_consecutive(return_counts=True)", "m.searchsorted(bounds, x.detach())",
    "m.searchsorted(bounds, x.detach(), right=True)", "m.bucketize(x.detach(), bounds)",
    "m.bucketize(x.detach(), bounds, right=True, out_int32=True)", "m.histc(x.detach(), bins=4, min=-1, max=1)",
    "x.detach().histc(5)", "m.histogram(x.detach(), bins=4)", "m.histogram(x.detach(), m.tensor([-1.0, 0.0, 1.0], "
    "dtype=m.float64))", "m.bincount(counts)", "m.bincount(counts, minlength=8)",
    "counts.bincount(weights=m.arange(6.0))",
]

_SHAPE_CALLS = [
    "x.repeat(2, 1)", "v.repeat(2)", "m.tile(x, (2,))", "x.tile(1, 2)", "m.repeat_interleave(x, 2, dim=0)",
    "x.repeat_interleave(m.tensor([1, 0, 2]), dim=0)", "m.repeat_interleave(m.tensor([1, 2]))", "m.flip(x, [0])",
    "x.flip(0, 1)", "m.fliplr(x)", "x.flipud()", "m.roll(x, 1, 0)", "x.roll((1, -1), (0, 1))", "m.roll(x, 2)",
    "m.rot90(x)", "x.rot90(2, [0, 1])", "m.narrow(x, 1, 1, 2)", "x.narrow(0, 1, 2)", "m.tril(x)", "x.triu(1)",
    "(x * 1).tril_(-1)", "(x * 1).triu_()", "m.diag(v)", "m.diag(A)", "A.diag(1)", "m.diagonal(A)",
    "B.diagonal(0, 1, 2)", "m.diag_embed(v)", "x.diag_embed(1)", "m.diagflat(v)", "x.diagflat()",
    "x.unfold(1, 2, 1)", "m.movedim(B, 0, 2)", "B.moveaxis((0, 1), (2, 0))", "m.unflatten(x, 1, (2, 2))",
    "x.unflatten(1, (2, -1))", "m.ravel(x)", "x.t().ravel()", "x.view_as(y)", "x.reshape_as(y)",
    "v.expand_as(x)", "i.type_as(x)", "x.type_as(i)", "m.broadcast_tensors(x, v)", "m.broadcast_shapes((3, 1), (1, 4))",
    "m.meshgrid(v, w, indexing='ij')", "m.meshgrid(v, w, indexing='xy')", "m.tensor_split(x, 3, dim=1)",
    "x.tensor_split([1, 3], dim=1)", "m.hsplit(x, 2)", "m.vsplit(x, [1])", "m.hstack([x, y])", "m.vstack([x, v])",
    "m.dstack([x, y])", "m.column_stack([v, v])", "m.atleast_1d(m.tensor(2.0))", "m.atleast_2d(v)",
    "m.atleast_3d(x)", "m.atleast_3d(v, x)", "x[None, :, None].squeeze((0, 2))", "m.squeeze(x[None, :, None], (0, 2))",
    "x.detach().view(m.int64)", "x.detach().view(m.int32)", "i.view(m.float64)",
]

_INDEXING_CALLS = [
    "m.gather(x, 1, gi)", "x.gather(0, gi[:2])", "m.scatter(x, 1, gi, y)", "x.scatter(1, gi, 2.0)",
    "m.scatter(x, 1, gi, y, reduce='add')", "x.detach().scatter(1, gi, 3.0, reduce='multiply')",
    "(x * 1).scatter_(1, gi, y)", "m.scatter_add(x, 1, gi, y)", "(x * 1).scatter_add_(0, gi[:2], y)",
    "m.scatter_reduce(x, 1, gi, y, 'sum')", "m.scatter_reduce(x, 1, gi, y, 'prod')",
    "m.scatter_reduce(x, 1, gi, y, 'mean', include_self=False)", "m.scatter_reduce(x, 1, gi, y, 'amax')",
    "x.scatter_reduce(1, gi, y, 'amin', include_self=False)", "m.index_select(x, 1, idx)", "x.index_select(0, idx)",
    "m.index_add(x, 1, idx, y[:, :2])", "x.index_add(0, idx, y[:2], alpha=2)", "m.index_copy(x, 1, idx, y[:, :2])",
    "(x * 1).index_copy_(0, idx, y[:2])", "m.index_fill(x, 1, idx, 2.0)", "(x * 1).index_fill_(0, idx, -1.0)",
    "m.index_put(x, (idx,), y[0])", "m.index_put(x, (rep, rep), w, accumulate=True)",
    "(x * 1).index_put_((idx, idx), v[:2])",
    "m.masked_fill(x, b, m.tensor(2.0))", "x.masked_fill(b, 1.5)", "(x * 1).masked_fill_(b, y[0, 0])",
    "m.masked_select(x, b)", "x.masked_select(b[0])", "m.masked_scatter(x, b, y)", "(x * 1).masked_scatter_(b, y)",
    "m.take(x, m.tensor([[0, 11], [5, 5]]))", "m.take_along_dim(x, gi, 1)",
    "x.take_along_dim(m.tensor([[2, 0, 1, 1]]), dim=0)",
    "m.take_along_dim(x, m.tensor([3, 0]))", "x.put(m.tensor([0, 5, 5]), w)",
    "x.put(m.tensor([0, 5, 5]), w, accumulate=True)",
    "(x * 1).put_(idx, v[:2])", "m.nonzero(i)", "m.nonzero(i, as_tuple=True)", "i.nonzero(as_tuple=True)",
    "m.where(b)", "m.where(b, x, y)", "m.where(b, x, 2.0)", "m.where(b, 1.0, y)", "m.where(b, 1.0, 0.0)",
    "x.where(b, y)", "m.argwhere(i)", "i.argwhere()", "_add_at(m, x, rep, w)",
]


def _add_at(m, x, rep, w):
    """``z[idx] += v`` with repeated indices: each occurrence written once (torch's index_put_, not accumulate)."""
    z = x * 1
    z[rep] += w[:, None]
    return z


_LINALG_CALLS = [
    "m.outer(v, w)", "v.outer(w)", "m.inner(x, y)", "m.inner(v, v)", "m.einsum('ij,kj->ik', x, y)",
    "m.einsum('ii', A)", "m.einsum('ii->i', A)", "m.einsum('...j,j', x, v)", "m.einsum('bij,bjk->bik', B, B)",
    "m.einsum('i,j', w, v)", "m.einsum('ij->', x)", "m.einsum(x, [0, 1], y, [2, 1], [0, 2])", "m.trace(A)",
    "A.trace()", "m.tensordot(x, y, dims=([1], [1]))", "m.tensordot(B, A, 1)", "m.kron(A, C)", "m.cross(A, C, dim=1)",
    "A.cross(C, dim=0)", "m.addmm(A, A, C)", "m.addmm(A, A, C, beta=0.5, alpha=2)", "A.addmm(C, A)",
    "m.addmv(w, A, w)", "w.addmv(A, w, alpha=3)", "m.addbmm(A, B, B)", "m.baddbmm(B, B, B, beta=2)",
    "m.chain_matmul(A, C, A)", "m.cdist(x, y)", "m.cdist(x, y, p=1)", "m.linalg.norm(x)", "m.linalg.norm(x, 'fro')",
    "m.linalg.norm(v, 3)", "m.linalg.vector_norm(x, 3, dim=1)", "m.linalg.vector_norm(x, float('inf'))",
    "m.linalg.matrix_norm(A)", "m.linalg.matrix_norm(A, 'nuc')", "m.linalg.matrix_norm(A, 2)", "m.linalg.det(A)",
    "m.linalg.slogdet(A)", "m.linalg.inv(A)", "m.linalg.solve(A, w)", "m.linalg.solve(A, C)",
    "m.linalg.cholesky(S)", "m.linalg.qr(A)", "m.linalg.qr(x.t(), mode='complete')", "m.linalg.svd(A)",
    "m.linalg.svd(x, full_matrices=False)", "m.linalg.svdvals(x)", "m.linalg.eigh(S)", "m.linalg.eigvalsh(S)",
    "m.linalg.pinv(x)", "m.linalg.matrix_power(A, 3)", "m.linalg.matrix_power(A, -2)", "m.linalg.matrix_rank(A)",
    "m.linalg.matrix_rank(x)", "m.linalg.lstsq(A, C).solution", "m.linalg.cross(A, C)",
    "m.linalg.multi_dot([x, y.t(), A])", "m.norm(x)", "x.norm(dim=1)", "m.matrix_power(A, 2)",
]

_COMPARISON_CALLS = [
    "m.isclose(x, x + 1e-9)", "m.isclose(x, y, rtol=0.5, atol=0.1)", "m.isclose(nanx, nanx, equal_nan=True)",
    "m.allclose(x, x + 1e-9)", "x.allclose(y)", "m.equal(x, x * 1)", "m.equal(i, j)", "i.equal(i.clone())",
    "m.isnan(spec)", "spec.isinf()", "m.isposinf(spec)", "m.isneginf(spec)", "m.isreal(spec)", "m.isreal(i)",
    "m.signbit(spec)", "x.signbit()", "m.clamp_min(x, 0.0)", "x.clamp_min(y)", "(x * 1).clamp_min_(0.1)",
    "m.clamp_max(x, 0.2)", "x.clamp_max(y)", "(x * 1).clamp_max_(0.2)", "m.maximum(i, j)", "m.minimum(i, j)",
    "m.maximum(x, y)", "i.maximum(j)", "m.where(b, x, 2)", "m.where(b, 2, 3.5)", "m.where(b, i, 7)",
    "m.logical_and(i, b)", "m.logical_or(x, i)", "m.logical_xor(b, b2)", "m.logical_not(x)", "i.logical_and(j)",
    "x.logical_or(y)", "b.clone().logical_xor_(b2)", "i.clone().logical_and_(j)", "x.detach().logical_or_(i)",
    "x.detach().logical_not_()", "m.logical_not(spec)",
]

_CREATION_CALLS = [
    "m.zeros(size=(2, 3))", "m.zeros((2, 3))", "m.zeros(m.Size([2, 3]))", "m.ones(2, 3)", "m.ones(size=[2])",
    "m.full((2,), 3.0)", "m.full(size=(2, 2), fill_value=7)", "m.empty(2, 3).shape", "m.empty(size=(4,)).dtype",
    "m.rand(3)", "m.rand(size=(2, 2))", "m.randn(m.Size([3]))", "m.randn(2, dtype=m.float64)",
    "m.randint(high=5, size=(3,))", "m.randint(1, 5, (3,))", "m.randint(5, (2, 2))", "m.logspace(0, 2, 5)",
    "m.logspace(0, 3, 4, base=2)", "m.tril_indices(3, 3)", "m.triu_indices(3, 4, 1)", "x.new_tensor([1, 2])",
    "i.new_zeros(2)", "x.new_ones((2, 2))", "x.new_full((2,), 7)", "x.new_empty(2).shape", "m.zeros(3).uniform_()",
    "m.zeros(3).uniform_(2, 3)", "m.zeros(3).normal_(1.0, 2.0)", "m.zeros(3, dtype=m.int64).random_(10)",
    "m.zeros(3).random_(2, 5)", "m.zeros(4).bernoulli_(0.5)", "m.zeros(3).exponential_(2.0)",
    "m.bernoulli(m.full((4,), 0.5))", "m.bernoulli(m.full((3,), 0.3), 0.9)", "m.multinomial(probs, 2)",
    "m.multinomial(probs, 6, replacement=True)", "probs.multinomial(3)", "m.normal(m.zeros(3), m.ones(3))",
    "m.normal(0.0, m.ones(3))", "m.normal(m.zeros(3), 1.0)", "m.normal(0.0, 1.0, (3,))", "m.poisson(m.full((3,), 4.0))",
    "F.one_hot(idx)", "F.one_hot(m.tensor([0, 2]), 4)", "F.one_hot(gi, num_classes=5)",
    "m.zeros(2, dtype=float)", "m.ones(2, dtype=int)", "m.full((2,), 1, dtype=bool)", "m.tensor([1, 2], dtype=complex)",
]

CALLS = {"unary": _unary_calls(), "binary": _binary_calls(), "reductions": _REDUCTION_CALLS,
         "sorting": _SORTING_CALLS, "shape": _SHAPE_CALLS, "indexing": _INDEXING_CALLS, "linalg": _LINALG_CALLS,
         "comparison": _COMPARISON_CALLS, "creation": _CREATION_CALLS}


@pytest.mark.parametrize("expr", [pytest.param(c, id=f"{g}:{c}") for g, cs in CALLS.items() for c in cs])
def test_one_call_as_torch(expr):
    same(observe(expr), rtol=1e-6, atol=1e-9)


def test_every_name_is_called():
    """Each name of the issue's lists (that torch has) appears in one of the calls above."""
    text = " ".join(c for cs in CALLS.values() for c in cs)
    missing = [n for names in GROUPS.values() for n in names
               if (hasattr(torch, n) or hasattr(torch.Tensor, n)) and f"{n}(" not in text and f".{n}" not in text]
    missing += [n for n in LINALG_MODULE if f"linalg.{n}(" not in text]
    assert not missing, missing


# ----------------------------------------------------------------------------------------------
# out=: into views and non-contiguous tensors, overlapping an input, resized, requiring grad, where()
def _out_env(m) -> dict:
    return {"m": m, "a": m.tensor([1.5, 2.0, 3.0]), "b": m.tensor([4.0, 5.0, 6.0]), "L": m.tensor([1, 2, 3]),
            "M": m.ones(2, 3), "X": m.arange(6.0).reshape(2, 3), "S": m.arange(4.0).reshape(2, 2),
            "ar": m.tensor([1.5, 2.0, 3.0], requires_grad=True)}


OUT_CASES = [
    # into a view, a non-contiguous tensor
    ("m.zeros(6)[::2]", "m.add(a, b, out=o)"), ("m.zeros(2, 4)[:, :2]", "m.mm(M, M.t()[:, :2], out=o)"),
    ("m.zeros(4)[::2]", "m.sum(M, 1, out=o)"), ("m.zeros(3, 2).t()", "m.cumsum(M, 1, out=o)"),
    ("m.zeros(12)[::2]", "m.cat([a, b], out=o)"), ("m.zeros(6)[::2]", "m.where(a > 2, a, b, out=o)"),
    ("(m.zeros(2, 3).t(), m.zeros(2, 3, dtype=m.int64).t())", "m.sort(M, 1, out=o)"),
    ("(m.zeros(4)[::2], m.zeros(4, dtype=m.int64)[::2])", "m.max(X, 1, out=o)"),
    # overlapping an input: elementwise ops allow the same memory, refuse a partial overlap
    ("None", "m.add(a, b, out=a)"), ("None", "m.add(X[0], 1, out=X[0])"),
    ("None", "m.add(X[0, :2], 1, out=X[0, 1:])"),
    ("None", "m.clamp(a[:2], 0, 1, out=a[1:])"), ("None", "m.where(a > 2, a, b, out=b)"),
    # cumsum, sort, topk refuse a partial overlap; cat and stack any overlap (a resized out: after the resize)
    ("None", "m.cumsum(a, 0, out=a)"), ("None", "m.cumsum(a[:2], 0, out=a[1:])"), ("None", "m.sort(a, out=(a, L))"),
    ("None", "m.sort(a[:2], out=(a[1:], L[:2]))"), ("None", "m.topk(a, 2, out=(a[:2], L[:2]))"),
    ("None", "m.cat([a, b], out=a)"), ("None", "m.cat([a[:1], a[1:]], out=a)"),
    ("None", "m.cat([X[0], X[1]], out=X.view(6))"),
    ("None", "m.stack([a, b], out=a)"), ("None", "m.stack([a[:1], a[1:2]], out=a[:2].view(2, 1))"),
    ("m.zeros(2, 3)", "m.stack([a, b], out=o)"), ("None", "m.max(X, 1, out=(X[:, 0], L[:2]))"),
    # resized with torch's warning when out had elements, silently when empty
    ("m.zeros(2)", "m.mm(S, S, out=o)"), ("m.zeros(5)", "m.cumsum(a, 0, out=o)"),
    ("m.zeros(2, 2)", "m.where(a > 2, a, b, out=o)"),
    ("m.zeros(0)", "m.where(a > 2, a, b, out=o)"), ("m.zeros(2)", "m.cat([a, b], out=o)"),
    ("(m.zeros(2), m.zeros(2, dtype=m.int64))", "m.sort(a, out=o)"),
    # another dtype: TensorIterator resizes out and the temporary it computes in, so torch warns twice
    ("m.zeros(5, dtype=m.float64)", "m.add(a, b, out=o)"), ("m.zeros(5)", "m.mul(L, L, out=o)"),
    ("m.zeros(5, dtype=m.float64)", "m.exp(a, out=o)"),
    # no autograd through out=
    ("m.zeros(3)", "m.add(ar, b, out=o)"), ("m.zeros(3, requires_grad=True)", "m.add(a, b, out=o)"),
    ("m.zeros(3)", "m.where(a > 2, ar, b, out=o)"), ("m.zeros(3)", "m.cumsum(ar, 0, out=o)"),
    ("m.zeros(3)", "m.sort(ar, out=(o, L))"), ("m.zeros(3)", "m.cat([ar[:1], ar[1:]], out=o)"),
    # where(condition, input, other, out=): tensors only, out's dtype exactly the result's
    ("m.zeros(3)", "m.where(a > 2, a, 1.0, out=o)"), ("m.zeros(3, dtype=m.int64)", "m.where(a > 2, L, L, out=o)"),
    ("m.zeros(3, dtype=m.float64)", "m.where(a > 2, a, b, out=o)"), ("m.zeros(3)", "m.where(a > 2, out=o)"),
    ("m.zeros(3)", "m.where(a, a, b, out=o)"), ("m.zeros(2, 3)", "m.where(X > 2, a, b, out=o)"),
]


@pytest.mark.parametrize("setup,call", OUT_CASES)
def test_out_as_torch(setup, call):
    def fn(m):
        env = _out_env(m)
        env["o"] = o = eval(setup, env)
        r, warned = record_warnings(lambda: eval(call, env))
        if not isinstance(r, (m.Tensor, tuple)):     # an error (after a resize, out holds uninitialised memory)
            return r, warned
        outs = o if isinstance(o, tuple) else (o,) if o is not None else ()
        return (r, warned, [t.stride() for t in outs if isinstance(t, m.Tensor)],
                {k: env[k] for k in ("a", "b", "X", "L")})
    same(fn)


# ----------------------------------------------------------------------------------------------
# the nodes a create_graph gradient records: a formula's Tensor * Python number is torch's C++
# mul(Tensor, Scalar), MulBackward1 (x + 1: AddBackward1); tanh and sigmoid have their own backward nodes
SECOND_ORDER = ["x * 2", "x ** 2", "x ** 3", "x.pow(3)", "x / 3", "3 / x", "x - 2", "2 - x", "2 ** x",
                "m.pow(2.5, x)", "m.exp(x)", "m.tanh(x)", "m.sigmoid(x)", "m.relu(x)", "m.sqrt(x)", "m.cos(x)",
                "m.log1p(x)", "m.expm1(x)", "m.atan(x)", "m.rsqrt(x)", "m.square(x)", "m.reciprocal(x)",
                "m.float_power(x, 2)", "m.add(x, x * x, alpha=3)", "m.sub(x, x * x, alpha=3)", "x ** -2", "x ** -0.5"]


def _graph_names(t) -> list:
    names, seen, todo = [], set(), [t.grad_fn]
    while todo:
        node = todo.pop(0)
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        names.append(type(node).__name__)
        todo.extend(n for n, _ in node.next_functions)
    return names


@pytest.mark.parametrize("expr", SECOND_ORDER)
def test_create_graph_nodes_as_torch(expr):
    def fn(m):
        x = m.tensor([0.5, 1.5, 2.0], dtype=m.float64, requires_grad=True)
        g, = m.autograd.grad(eval(expr, {"m": m, "x": x}).sum(), x, create_graph=True)
        gg, = m.autograd.grad((g * g).sum(), x, create_graph=True)
        return g, _graph_names(g), gg, _graph_names(gg)
    same(fn, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("expr,grad", [("x ** 3", True), ("x ** -2", False), ("x ** -0.5", False),
                                       ("m.rsqrt(x)", True), ("1 / x", True)])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_values_in_torchs_rounding(expr, grad, dtype):
    """pow(x, 3), pow(x, -2), pow(x, -0.5) are products (and a square root) in torch's kernel, and the
    gradients of x ** 3, rsqrt and reciprocal are computed in torch's order: exactly torch's numbers."""
    a = np.random.default_rng(3).uniform(0.5, 2.0, 2000)

    def fn(m):
        x = m.tensor(a, dtype=getattr(m, dtype), requires_grad=True)
        y = eval(expr, {"m": m, "x": x})
        g, = m.autograd.grad(y, x, m.tensor(a[::-1].copy(), dtype=getattr(m, dtype)))
        return y.detach().numpy(), g.numpy()
    t, e = fn(torch), fn(ember)
    np.testing.assert_array_equal(e[0], t[0])
    if grad:
        np.testing.assert_array_equal(e[1], t[1])


def test_sigmoid_gradient_in_torchs_order():
    """sigmoid's backward is ``g * (1 - r) * r`` (torch's kernel): given torch's result, torch's gradient."""
    a = np.random.default_rng(4).uniform(-3, 3, 2000).astype(np.float32)
    x = torch.tensor(a, requires_grad=True)
    r = torch.sigmoid(x)
    g = torch.tensor(a[::-1].copy())
    want, = torch.autograd.grad(r, x, g)
    from ember.ops._formulas import ArrayFns
    from ember.ops.unary import sigmoid_backward
    got = sigmoid_backward(g.numpy(), r.detach().numpy(), ArrayFns)
    np.testing.assert_array_equal(got, want.numpy())


# ----------------------------------------------------------------------------------------------
# pinned memory on a build without an accelerator; the layout of scans and sorts
@pytest.mark.parametrize("call", ["x.is_pinned()", "x.pin_memory()", "x.is_pinned('cpu')", "x.pin_memory('cpu')",
                                  "x.pin_memory('cuda')", "x.is_pinned('cuda')", "x.is_pinned(0)"])
def test_pinned_memory_as_torch(call):
    same(lambda m: record_warnings(lambda: eval(call, {"x": m.ones(2)})))


LAYOUT_INPUTS = ["X.transpose(0, 2)", "X.permute(1, 2, 0)", "X[:, :, ::2]", "X[0].t()", "X.expand(2, 2, 3, 4)[0]",
                 "X[:, :, ::2].transpose(0, 1)"]
LAYOUT_OPS = ["t.cumsum(0)", "t.cumsum(-1)", "t.cumprod(1)", "t.logcumsumexp(0)", "t.cummax(0)", "t.cummin(-1)",
              "t.sort(0)", "t.sort(-1, stable=True)", "t.argsort(0)", "t.msort()", "t.topk(1, 0)", "t.kthvalue(1, 0)",
              "m.softmax(t, 0)", "m.log_softmax(t, -1)", "t.cumsum(0, dtype=m.float64)"]


@pytest.mark.parametrize("inp", LAYOUT_INPUTS)
@pytest.mark.parametrize("op", LAYOUT_OPS)
def test_layout_of_scans_and_sorts_as_torch(inp, op):
    """torch's scans write contiguous results, its sort keeps the input's (dense) layout."""
    def fn(m):
        t = eval(inp, {"X": m.arange(24.0).reshape(2, 3, 4)})
        r = eval(op, {"m": m, "t": t})
        return [(x.stride(), x.is_contiguous(), x) for x in (r if isinstance(r, tuple) else (r,))]
    same(fn)


# out= on the ops issue 9 added, each with its family's rule: the dtype out may have, the resize warning,
# the autograd refusal (none for ops without a gradient) and the name torch's error gives
OUT_OPS = ["m.remainder(A, B, out=o)", "m.fmod(A, 2, out=o)", "m.floor_divide(A, B, out=o)", "m.reciprocal(A, out=o)",
           "m.remainder(L, L, out=o)", "m.floor(A, out=o)", "m.ceil(A, out=o)", "m.round(A, out=o)",
           "m.trunc(A, out=o)", "m.sign(A, out=o)", "m.floor(L, out=o)", "m.reciprocal(L, out=o)",
           "m.logical_and(A, B, out=o)", "m.logical_or(A, L, out=o)", "m.logical_xor(A, B, out=o)",
           "m.logical_not(A, out=o)", "m.signbit(A, out=o)", "m.isposinf(A, out=o)", "m.isneginf(A, out=o)",
           "m.mv(A, v, out=o)", "m.addmv(v[:2], A, v, out=o)", "m.baddbmm(A[None], A[None], m.eye(3)[None], out=o)",
           "m.outer(v, v, out=o)", "m.kron(A, B, out=o)", "m.hstack([A, B], out=o)", "m.vstack([A, B], out=o)",
           "m.dstack([A, B], out=o)", "m.column_stack([A, B], out=o)", "m.argmin(A, 1, out=o)", "m.argmax(A, 1, out=o)",
           "m.argmax(AR, 1, out=o)", "m.var(A, 1, out=o)", "m.std(A, 1, out=o)", "m.var(A, out=o)",
           "m.std(A, 1, correction=0, out=o)", "m.cumprod(A, 1, out=o)", "m.cumprod(L, 1, out=o)",
           "m.cumprod(A, 1, dtype=m.float64, out=o)", "m.logcumsumexp(A, 1, out=o)", "m.msort(A, out=o)",
           "m.cummax(A, 1, out=(o, m.zeros(0, dtype=m.int64)))", "m.cummin(A, 0, out=(o, m.zeros(0, dtype=m.int64)))",
           "m.cummax(A, 1, out=(m.zeros(0), o))", "m.median(A, 1, out=(o, m.zeros(0, dtype=m.int64)))",
           "m.nanmedian(A, 0, out=(m.zeros(0), o))", "m.kthvalue(A, 2, 1, out=(o, m.zeros(0, dtype=m.int64)))",
           "m.kthvalue(A, 1, out=(m.zeros(0), o))", "m.mode(A, 1, out=(o, m.zeros(0, dtype=m.int64)))",
           "m.mode(A, out=(m.zeros(0), o))", "m.median(A, out=(o, o))", "m.cummax(A, 0, out=o)",
           "m.mode(A, 1, out=(o,))", "m.median(A, 1, out=(o, 3))"]
OUT_KINDS = ["m.zeros(0)", "m.zeros(0, dtype=m.float64)", "m.zeros(0, dtype=m.int64)", "m.zeros(0, dtype=m.bool)",
             "m.zeros(0, dtype=m.int32)", "m.zeros(5)", "m.zeros(0, requires_grad=True)", "m.zeros(2, 3).t()"]


@pytest.mark.parametrize("call", OUT_OPS)
@pytest.mark.parametrize("kind", OUT_KINDS)
def test_more_out_as_torch(call, kind):
    def fn(m):
        env = {"m": m, "A": m.tensor([[1.5, 2.0, 3.0], [0.5, -1.0, 2.0]]),
               "B": m.tensor([[4.0, 5.0, 6.0], [1.0, 2.0, 3.0]]),
               "L": m.tensor([[1, 2, 3], [3, 1, 2]]), "v": m.tensor([1.0, 2.0, 3.0]),
               "AR": m.tensor([[1.5, 2.0, 3.0], [0.5, -1.0, 2.0]], requires_grad=True)}
        env["o"] = o = eval(kind, env)
        r, warned = record_warnings(lambda: eval(call, env))
        if not isinstance(r, (m.Tensor, tuple)):
            return r, warned
        # (torch's kron writes its out through a view of it: out's own version stays 0)
        return r, warned, o.stride(), None if "kron" in call else o._version
    same(fn)


# the other conventions: the silent wrong answers it names, dtype=, format(), a CPU build's
# device answers, NumPy interop
CONVENTIONS = [
    "m.randn(8, dtype=m.int64)", "m.rand(4, dtype=m.int64)", "m.linspace(0, 1, 3, dtype=m.bool)",
    "m.nn.functional.cross_entropy(m.randn(3, 4), m.rand(3, 5))",
    "m.nn.functional.cross_entropy(m.randn(3, 4), m.tensor([0, 1, 2], dtype=m.int32))",
    "m.zeros(2, dtype='float')", "m.zeros(2, dtype=3)", "m.zeros(2, dtype=complex)", "m.ones(2, dtype=bool)",
    "f'{m.tensor(3.14159):.4f}'", "f'{m.tensor(2.5)}'", "format(m.tensor(7), 'd')", "f'{m.tensor([1.0])}'",
    "m.cuda.is_available()", "m.cuda.device_count()", "m.backends.mps.is_available()", "str(m.device('cuda'))",
    "m.ones(2).to('cuda')", "m.ones(2, device='cuda')", "m.accelerator.is_available()",
    "m.accelerator.current_accelerator()", "np.exp(m.tensor([1.0, 2.0]))",
    "tuple(int(v) for v in m.tensor([1.0, 2.0]).__dlpack_device__())",
    "m.from_dlpack(np.arange(3.0))", "np.asarray(m.tensor([1.0]), copy=None)", "m.ones(2, 3).sum(1, keepdims=True)",
]


@pytest.mark.parametrize("expr", CONVENTIONS)
def test_conventions_as_torch(expr):
    same(lambda m: eval(expr, {"m": m, "np": np}))
