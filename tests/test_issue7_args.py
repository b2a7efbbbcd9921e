"""Issue 7's leftovers, against torch live: torch's argument parser in front of the linalg products,
``torch.linalg`` and the scatter / index family (ember/ops/_parser.py, _signatures_linalg.py), the
``@`` operator's NotImplemented, the saved tensors of addcmul / addcdiv / lerp (only what a needed
gradient reads, so an in-place change of another operand does not fail backward), the second-order
nodes of squeeze / unsqueeze / t, a Tensor given for a dim, and the fuzzer's comparison of sin / cos /
tan of arguments beyond 1e15.
"""
from __future__ import annotations

import itertools

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="compares ember against PyTorch")

import ember  # noqa: E402
from behave import same_source  # noqa: E402
from ember.ops import _parser  # noqa: E402


def _env(lib) -> dict:
    f64 = lib.float64
    return {"torch": lib, "np": np, "m": lib.ones(2, 2, dtype=f64), "v": lib.ones(2, dtype=f64),
            "b3": lib.ones(2, 2, 2, dtype=f64), "i": lib.tensor([[0, 1], [1, 0]]), "i1": lib.tensor([0, 1])}


def _same(src: str) -> None:
    same_source(src, _env)


# wrong types, wrong counts, keywords, deprecated orders and valid calls of every checked function and method
CALLS = [
    'm.mm(0)', 'torch.mm(m, 0)', 'torch.mm(0, m)', 'torch.mm(m, mat2=1.5)', 'torch.mm(m)', 'torch.mm(m, m, m)',
    'torch.matmul(v, 1.5)', 'torch.matmul(1.5, v)', 'v.matmul(1.5)', 'm @ 1', 'm @ 1.5', '1 @ m',
    'm @ [[1.0, 2.0], [3.0, 4.0]]', 'm @ "a"', 'm @ None', 'torch.bmm(b3, 1)', 'b3.bmm(None)', 'torch.mv(m, 2)',
    'm.mv(2.0)', 'torch.dot(v, 1)', 'v.dot([1, 2])', 'torch.outer(v, 1)', 'v.outer(1)', 'torch.inner(v, 1)',
    'v.inner(1)', 'torch.addmm(m, m, 1)', 'torch.addmm(m, 1, m)', 'torch.addmm(1, m, m)', 'm.addmm(m, 2)',
    'm.addmm_(m, 2)', 'torch.addmm(m, m, m, beta="x")', 'torch.addmm(m, m, m, alpha=None)', 'torch.addmv(v, m, 1)',
    'v.addmv(m, 1)', 'torch.addbmm(m, b3, 1)', 'torch.baddbmm(b3, b3, 1)', 'b3.baddbmm(b3, 1)',
    'torch.scatter(m, 0, i, 1.5)', 'torch.scatter(m, 0, 1, m)', 'torch.scatter(m, 1.5, i, m)',
    'm.scatter(0, i, "x")', 'm.scatter_(0, 1, m)', 'm.scatter(v, i, m)', 'torch.scatter_add(m, 0, i, 1.0)',
    'm.scatter_add(0, 1, m)', 'm.scatter_add_(0, i, 2)', 'torch.scatter_reduce(m, 0, i, m, 1)',
    'm.scatter_reduce(0, i, m, "sum", include_self=1)', 'm.scatter_reduce(0, i, 2.0, "sum")',
    'torch.gather(m, 0, 1)', 'm.gather(0.5, i)', 'm.gather(v, i)', 'torch.take_along_dim(m, 1)',
    'm.take_along_dim(i, 0.5)', 'torch.linalg.inv(1)', 'torch.linalg.det([[1.0]])', 'torch.linalg.solve(m, 1)',
    'torch.linalg.norm(m, "x")', 'torch.linalg.norm(m, ord=None, dim=1.5)', 'torch.linalg.vector_norm(m, "x")',
    'torch.linalg.vector_norm(m, 2, 1.5)', 'torch.linalg.matrix_norm(m, 2, 1)', 'torch.linalg.cholesky(2.0)',
    'torch.linalg.qr(m, 1)', 'torch.linalg.svd(m, 1)', 'torch.linalg.svdvals(1)', 'torch.linalg.eigh(m, 1)',
    'torch.linalg.eigvalsh(m, 1)', 'torch.linalg.pinv(1)', 'torch.linalg.matrix_power(m, 1.5)',
    'torch.linalg.matrix_power(m, m)', 'torch.linalg.matrix_rank(1)', 'torch.linalg.lstsq(m, 1)',
    'torch.linalg.cross(v, 1)', 'torch.linalg.multi_dot(m)', 'torch.linalg.multi_dot([m, 1])',
    'torch.linalg.matmul(m, 1)', 'torch.linalg.slogdet(1)', 'torch.linalg.eig(1)', 'torch.linalg.eigvals(1)',
    'torch.linalg.lu(1)', 'torch.linalg.lu_factor(1)', 'torch.linalg.lu_factor_ex(1)',
    'torch.linalg.lu_solve(m, 1, m)', 'torch.linalg.cholesky_ex(1)', 'torch.linalg.inv_ex(1)', 'm.mm(m, out=m)',
    'torch.matmul(m, other=1)', 'torch.matmul(input=m, other=m)', 'm.matmul(other=m)', 'torch.addmm(2, m, 3, m, m)',
    'torch.addmm(2, m, m, m)', 'm.addmm(2, 3, m, m)', 'm.addmm(2, m, m)', '(m * 1).addmm_(2, m, m)',
    'torch.addmv(2, v, m, v)', 'torch.addbmm(2, m, 3, b3, b3)', 'torch.baddbmm(2, b3, b3, b3)',
    'torch.addmm(m, m, m, 2)', 'torch.addmm(m, m, m, beta=torch.tensor(2.))',
    'torch.addmm(m, m, m, beta=torch.tensor([2.]))', 'torch.addmm(m, m, m, beta=True)',
    'torch.addmm(m, m, m, alpha=torch.tensor(2, requires_grad=False))', 'm.scatter(0, i, 2.0)',
    'm.scatter(0, i, torch.tensor(2.0))', 'm.scatter(0, i, m, reduce="add")',
    'm.scatter(0, i, 2.0, reduce="multiply")', 'm.scatter(0, i, value=2.0)', 'm.scatter(0, i, src=m)',
    'm.scatter(dim=0, index=i, src=m)', 'torch.scatter(m, 0, i, m, reduce=1)', 'm.scatter(torch.tensor(0), i, m)',
    'm.gather(torch.tensor(1), i)', 'm.gather(0, i, sparse_grad=1)', 'torch.gather(m, 0, i, sparse_grad=True)',
    'm.scatter_add(0, i, m)', 'm.scatter_reduce(0, i, m, "amax", include_self=False)', 'm.take_along_dim(i, dim=1)',
    'm.take_along_dim(i)', 'torch.take_along_dim(m, i, None)', 'torch.linalg.norm(m, "fro")',
    'torch.linalg.norm(m, 2.0, (0, 1))', 'torch.linalg.norm(input=m)', 'torch.linalg.norm(A=m)',
    'torch.linalg.vector_norm(input=m, ord=1)', 'torch.linalg.vector_norm(m, 2, (0, 1), True)',
    'torch.linalg.matrix_norm(m)', 'torch.linalg.matrix_norm(m, "nuc")', 'torch.linalg.matrix_norm(m, 1, (0, 1))',
    'torch.linalg.cholesky(m + torch.eye(2, dtype=torch.float64), upper=True)', 'torch.linalg.cholesky(m, upper=1)',
    'torch.linalg.qr((m + 2 * torch.eye(2, dtype=torch.float64)), "r")[1]',
    'torch.linalg.svd((m + 2 * torch.eye(2, dtype=torch.float64)), False)[1]',
    'torch.linalg.svd(m, full_matrices=1)', 'torch.linalg.svdvals(m, driver=1)',
    'torch.linalg.eigh((m + 2 * torch.eye(2, dtype=torch.float64)), "U")[0]',
    'torch.linalg.eigh(input=(m + 2 * torch.eye(2, dtype=torch.float64)), UPLO="U")[0]', 'torch.linalg.pinv(m, 0.1)',
    'torch.linalg.pinv(m, 0.1, True)', 'torch.linalg.pinv(m, rtol=0.1)',
    'torch.linalg.pinv(m, atol=torch.tensor(0.1))', 'torch.linalg.pinv(m, rcond=0.1)',
    'torch.linalg.matrix_rank(m, 0.5)', 'torch.linalg.matrix_rank(m, hermitian=True)',
    'torch.linalg.matrix_rank(m, atol=0.1, rtol=0.2)', 'torch.linalg.matrix_power(m, 2)',
    'torch.linalg.matrix_power(m, torch.tensor(2))', 'torch.linalg.matrix_power(input=m, n=2)',
    'torch.linalg.lstsq((m + 2 * torch.eye(2, dtype=torch.float64)), m)[0]',
    'torch.linalg.lstsq((m + 2 * torch.eye(2, dtype=torch.float64)), m, 0.1)[0]',
    'torch.linalg.lstsq((m + 2 * torch.eye(2, dtype=torch.float64)), b=m)[0]',
    'torch.linalg.cross(torch.ones(3), torch.ones(3), dim=0)',
    'torch.linalg.cross(torch.ones(3), torch.ones(3), dim=0.5)', 'torch.linalg.multi_dot([m, m, m])',
    'torch.linalg.multi_dot((m, m))', 'torch.linalg.matmul(m, m)',
    'torch.linalg.solve(m + torch.eye(2, dtype=torch.float64), m, left=False)', 'torch.linalg.solve(m, m, left=1)',
    'torch.linalg.lu(m, pivot=1)', 'torch.linalg.lu_factor(m, pivot=False)',
    'torch.linalg.lu_factor_ex(m, check_errors=1)', 'torch.linalg.inv_ex(m, check_errors=1)',
    'torch.linalg.cholesky_ex(m, check_errors=1)', 'torch.linalg.inv(A=m)', 'torch.linalg.inv(input=m)',
    'torch.linalg.det(m, 1)', 'torch.outer(v, v)', 'torch.ger(v, 1)', 'v.ger(1)', 'torch.inner(input=v, other=v)',
    'm @ m', 'v @ m', 'm @ v', 'torch.ones(2, 2, 2, dtype=torch.float64) @ m', 'm.addbmm({})', 'm.addbmm(1, 2)',
    'm.addbmm(b3, b3, 1)', 'm.addbmm(1, b3, 2)', 'm.addbmm(1, 2, b3, b3)', 'm.addbmm(1, 2, 3, b3, b3)',
    'torch.addmv(v, m, v, 1)', 'torch.addmv(1, v, m, v, 3)', 'torch.addmv(1, 2, m, v)', 'm.addmm(m, m, beta={})',
    'm.addmm(m, m, gamma=1)', 'm.addmm(beta=1)', 'm.addmm_(1, 2, 3)', 'm.scatter_add(0, i)',
    'm.scatter_add(0, i, m, m)', 'm.scatter_reduce(0, i, m)', 'm.take(i, 1)', 'torch.take(m, i, m)',
    'm.index_add(0, i1)', 'torch.linalg.inv()', 'torch.linalg.inv(m, m)', 'torch.linalg.norm()',
    'torch.linalg.norm(m, 1, 1, 1, 1)', 'torch.linalg.pinv(m, {})', 'torch.linalg.matrix_rank(m, 0.1, 1)',
    'torch.index_select(m, 0, 1)', 'm.index_select(v, i1)', 'torch.index_add(m, 0, i1, 1.0)',
    "m.index_add_(0, i1, m, alpha='x')", 'torch.take(m, 1)', 'm.take([0])', 'm.index_select(0, i1)',
    'torch.index_add(m, 0, i1, m, alpha=2)', 'm.take(i)',
]


# torch's Python einsum, then its parser: too few arguments, the equation's type, each operand's, the sublist form
EINSUM_CALLS = [
    'torch.einsum(m)', 'torch.einsum(m, m)', 'torch.einsum(m, 0.5)', 'torch.einsum(m, 1)',
    'torch.einsum(m, 1, keepdim=True)', 'torch.einsum(m, dim=1)', 'torch.einsum(m, 0.5, 0.5)',
    'torch.einsum(m, m, 0.5)', 'torch.einsum(m, 1, m)', 'torch.einsum(m, 1, 1)', 'torch.einsum(m, -1)',
    'torch.einsum(m, 1, i1)', 'torch.einsum(m, (m > 0), 0.5)', 'torch.einsum(m, (m > 0), m)',
    'torch.einsum(m, [0, 1])', 'torch.einsum(m, [0, 1], [1])', 'torch.einsum(m, [0, 1], v, [1])',
    'torch.einsum(m, [0, 1], v, [1], [0])', 'torch.einsum("ij->i", m)', 'torch.einsum("ij->i", [m])',
    'torch.einsum("ij->i", (m,))', 'torch.einsum("ij,j->i", m, v)', 'torch.einsum("ij,j->i", [m, v])',
    'torch.einsum("ij->i")', 'torch.einsum(1, m)', 'torch.einsum("ij->i", 1)', 'torch.einsum("ij->i", m, 1)',
    'torch.einsum("ij->i", [m, 1])', 'torch.einsum()', 'torch.einsum("ij->i", m, path=1)',
    'torch.einsum(m, [0.5, 1])', 'torch.einsum(m, [0, 1], m)', 'torch.einsum(m, "ij")', 'torch.einsum(m, [0, 30])',
    'torch.einsum(torch.ones(2, 3), [0, 30])', 'torch.einsum(torch.ones(2, 3), [30, 0])',
    'torch.einsum(torch.ones(2, 3), [30, 0], [0, 30])', 'torch.einsum(m, [0, 52])', 'torch.einsum(m, [-1, 0])',
    'torch.einsum(m, [..., 0])', 'torch.einsum("ij->i", [])', 'torch.einsum("ij->i", ())', 'torch.einsum(1, 2)',
    'torch.einsum(1, [m])', 'torch.einsum("ij->j", [[m]])', 'torch.einsum(m, [0, 1], [0])',
    'torch.einsum(torch.ones(2,3), [0, 1], torch.ones(3), [1])',
]


@pytest.mark.parametrize("src", CALLS + EINSUM_CALLS)
def test_linalg_and_scatter_arguments_are_torchs(src):
    _same(src)


# a Tensor for a dim: torch takes a one-element integer tensor where it reads an int (its __index__), a bool
# one in an int list (not for an int, and a SymInt list's internal assert)
DIM_CALLS = [
    'm.sum(torch.tensor(0))', 'm.sum(torch.tensor([0]))', 'm.sum(torch.tensor(0.0))', 'm.sum(torch.tensor([0, 1]))',
    'm.sum(dim=torch.tensor(1))', 'm.sum((torch.tensor(0), 1))', 'm.sum([torch.tensor(0), torch.tensor(1)])',
    'm.mean(torch.tensor(1), keepdim=True)', 'm.transpose(torch.tensor(0), 1)', 'm.transpose(0, torch.tensor([1]))',
    'm.transpose(torch.tensor(0.0), 1)', 'm.unsqueeze(torch.tensor(1))', 'm.unsqueeze(torch.tensor([1]))',
    'm.unsqueeze(torch.tensor(True))', 'm.squeeze(torch.tensor(0))', 'm.squeeze(torch.tensor([0]))',
    'm.argmax(torch.tensor(1))', 'm.argmax(dim=torch.tensor([1]))', 'm.max(torch.tensor(1))',
    'm.max(torch.tensor([1]))', 'm.min(dim=torch.tensor(1))', 'm.cumsum(torch.tensor(0))',
    'm.cumsum(torch.tensor([0]))', 'm.softmax(torch.tensor(0))', 'torch.softmax(m, torch.tensor(0))',
    'm.log_softmax(torch.tensor(1))', 'm.sort(torch.tensor(0))', 'm.topk(1, torch.tensor(0))',
    'm.topk(torch.tensor(1))', 'm.flip(torch.tensor(0))', 'm.flip((torch.tensor(0),))', 'm.roll(1, torch.tensor(0))',
    'm.permute(torch.tensor(1), 0)', 'm.permute((torch.tensor(1), 0))', 'm.view(torch.tensor(4))',
    'm.view(torch.tensor(4), 1)', 'm.reshape(torch.tensor(4))', 'm.reshape(torch.tensor([4]))',
    'm.expand(torch.tensor(2), 2)', 'm.flatten(torch.tensor(0))', 'm.flatten(0, torch.tensor(1))',
    'm.movedim(torch.tensor(0), 1)', 'm.narrow(torch.tensor(0), 0, 1)', 'm.narrow(0, torch.tensor(0), 1)',
    'm.index_select(torch.tensor(0), i1)', 'm.gather(torch.tensor(0), i)', 'm.scatter(torch.tensor(0), i, m)',
    'm.scatter_add(torch.tensor(0), i, m)', 'm.diagonal(torch.tensor(0))', 'm.diagonal(0, torch.tensor(0), 1)',
    'm.std(torch.tensor(0))', 'm.var(torch.tensor(0))', 'm.norm(dim=torch.tensor(0))',
    'm.logsumexp(torch.tensor(0))', 'm.prod(torch.tensor(0))', 'm.all(torch.tensor(0))', 'm.any(torch.tensor(0))',
    'm.amax(torch.tensor(0))', 'm.amin(torch.tensor([0]))', 'm.nansum(torch.tensor(0))', 'm.median(torch.tensor(0))',
    'm.mode(torch.tensor(0))', 'm.kthvalue(1, torch.tensor(0))', 'm.chunk(2, torch.tensor(0))',
    'm.split(1, torch.tensor(0))', 'm.unbind(torch.tensor(0))', 'torch.cat([m, m], torch.tensor(0))',
    'torch.stack([m, m], torch.tensor(0))', 'm.repeat_interleave(2, torch.tensor(0))', 'm.tril(torch.tensor(0))',
    'm.unflatten(torch.tensor(0), (2, 1))', 'm.swapaxes(torch.tensor(0), 1)', 'm.count_nonzero(torch.tensor(0))',
    'm.cummax(torch.tensor(0))', 'm.logcumsumexp(torch.tensor(0))', 'm.tensor_split(2, torch.tensor(0))',
    'm.tensor_split(torch.tensor(2), 0)', 'm.sum(torch.tensor(0, requires_grad=False) + 0)', 'm.sum(np.int64(0))',
    'm.transpose(np.int64(0), 1)', 'm.unsqueeze(np.int64(1))', 'torch.linalg.vector_norm(m, 2, torch.tensor(0))',
    'torch.linalg.cross(v, v, dim=torch.tensor(0))', 'torch.linalg.matrix_power(m, torch.tensor(2))',
    'm.take_along_dim(i, torch.tensor(0))', 'm.sum(torch.tensor(True))', 'm.sum((torch.tensor(True),))',
    'm.sum([torch.tensor(True), 0])', 'm.transpose(torch.tensor(True), 0)', 'm.argmax(torch.tensor(True))',
    'm.view((torch.tensor(True), 4))', 'm.reshape(torch.tensor(False), 4)', 'm.flip(torch.tensor(True))',
    'm.sum(torch.tensor([True]))', 'm.permute(torch.tensor(True), 0)', 'm.amax(torch.tensor(True))',
    'm.repeat(torch.tensor(True), 1)',
]


@pytest.mark.parametrize("src", DIM_CALLS)
def test_a_tensor_for_a_dim_is_torchs(src):
    _same(src)


def test_every_family_of_the_brief_is_behind_the_parser():
    for name in ("mm", "matmul", "bmm", "mv", "dot", "outer", "inner", "ger", "addmm", "addmv", "addbmm", "baddbmm",
                 "scatter", "scatter_add", "scatter_reduce", "gather", "index_select", "index_add", "take",
                 "take_along_dim"):
        assert hasattr(getattr(ember, name), "_ember_parser"), name
        assert hasattr(getattr(ember.Tensor, name), "_ember_parser"), name
    for name in ("addmm_", "addmv_", "addbmm_", "baddbmm_", "scatter_", "scatter_add_", "scatter_reduce_",
                 "index_add_"):
        assert hasattr(getattr(ember.Tensor, name), "_ember_parser"), name
    for name in ember.linalg.__all__:
        if name != "LinAlgError":
            fn = getattr(ember.linalg, name)
            assert hasattr(fn, "_ember_parser"), name
            assert fn.__name__ == getattr(torch.linalg, name).__name__ == "linalg_" + name


def test_the_matmul_operator_answers_not_implemented():
    """``a @ 1`` and ``1 @ a`` are Python's TypeError (torch's operators answer NotImplemented); ``a @ ndarray``
    is NumPy's product, a Tensor, as in torch."""
    for src in ("m @ 1", "m @ 1.5", "1 @ m", "[[1.0, 2.0], [3.0, 4.0]] @ m", "m @ None", "m @ 'a'",
                "m.__matmul__(1) is NotImplemented", "m.__rmatmul__(1) is NotImplemented",
                "m.__rmatmul__(np.ones((2, 2))) is NotImplemented", "m @ m", "v @ m", "b3 @ m", "m.__rmatmul__(m)"):
        _same(src)
    for lib in (torch, ember):
        env = _env(lib)
        r = eval("m @ np.ones((2, 2))", env)  # noqa: S307
        assert isinstance(r, lib.Tensor) and r.dtype == lib.float64 and r.tolist() == [[2.0, 2.0], [2.0, 2.0]]


def test_tensor_arguments_are_decided_once_per_type_pattern(monkeypatch):
    """The parser decides a call of tensors by their types (no signature reads a value there), once: the next
    calls of the same pattern skip it. Where a signature reads the tensor's value (a 0-d int tensor for an int,
    a 0-d tensor for a Number), every call is parsed, so a later call of other values is still torch's."""
    a = ember.ones(3, 3, dtype=ember.float64)
    torch.mm(torch.ones(3, 3), torch.ones(3, 3))
    calls = []
    real = _parser.Parser.check
    monkeypatch.setattr(_parser.Parser, "check", lambda self, *args: calls.append(self.name) or real(self, *args))
    for _ in range(3):
        ember.mm(a, a), a.mm(a), ember.matmul(a, a), a.gather(0, ember.zeros(3, 3, dtype=ember.int64))
    assert calls.count("mm") <= 2 and calls.count("matmul") <= 1 and calls.count("gather") <= 1, calls
    for _ in range(2):
        ember.addmm(a, a, a, beta=ember.tensor(2.0))
    assert calls.count("addmm") == 2
    for src in ("m.sum(torch.tensor(0))", "m.sum(torch.tensor(0.5))", "m.sum(torch.tensor([0, 1]))",
                "m.transpose(torch.tensor(0), 1)", "m.transpose(torch.tensor(0.0), 1)",
                "torch.addmm(m, m, m, beta=torch.tensor(2.))", "torch.addmm(m, m, m, beta=torch.tensor([2.]))",
                "m.max(torch.tensor(1))", "m.max(torch.tensor([1, 0]))", "m.topk(torch.tensor(1))",
                "m.topk(torch.tensor(1.5))", "m.scatter(0, i, torch.tensor(2.0))", "m.scatter(0, i, m)"):
        _same(src)


# ----------------------------------------------------------------------------------------------
# saved tensors: torch saves what each needed gradient reads (a tensor read by two gradients always)
def _inplace_after(lib, op: str, rg: tuple, k: int):
    ts = [lib.tensor([1.5, -2.0, 0.5], dtype=lib.float64, requires_grad=r) for r in rg]
    xs = [t * 1 for t in ts]
    if op == "where":
        y = lib.where(lib.tensor([True, False, True]), xs[0], xs[1])
    elif op == "lerp_number":
        y = lib.lerp(xs[0], xs[1], 0.3)
    elif op == "lerp":
        y = lib.lerp(*xs)
    else:
        y = getattr(lib, op)(*xs, value=0.5)
    xs[k].add_(1.0)
    try:
        y.sum().backward()
    except RuntimeError as e:
        return str(e)[:60]
    return [None if t.grad is None else t.grad.tolist() for t in ts]


@pytest.mark.parametrize("op", ["addcmul", "addcdiv", "lerp", "lerp_number", "where"])
def test_an_inplace_change_fails_backward_only_where_torch_saved_the_tensor(op):
    n = 2 if op in ("where", "lerp_number") else 3
    for rg in itertools.product([False, True], repeat=n):
        for k in range(n):
            if any(rg):
                rg3 = rg + (False,) * (3 - n)
                assert _inplace_after(ember, op, rg3, k) == _inplace_after(torch, op, rg3, k), (op, rg, k)


# ----------------------------------------------------------------------------------------------
# the graph create_graph=True builds for a view's gradient holds torch's nodes
SECOND_ORDER = ["x.unsqueeze(1)", "x.unsqueeze(0)", "x.unsqueeze(-1)", "x.squeeze()", "x.squeeze(1)", "x.squeeze(0)",
                "x.squeeze((0, 1))", "x.squeeze(-1)", "x.expand(2, 2, 3)", "x.expand(2, 3)", "x.permute(1, 0)",
                "x.transpose(0, 1)", "x.t()", "x.view(3, 2)", "x.view(-1)", "x.reshape(3, 2)", "x.reshape(-1)",
                "x.flatten()", "x.mT", "x.T", "x.unflatten(1, (3, 1))", "x.movedim(0, 1)", "x.swapaxes(0, 1)",
                "x.expand_as(torch.ones(2, 2, 3))", "x.view_as(torch.ones(3, 2))", "x.broadcast_to(2, 2, 3)",
                "x.ravel()", "(x * 1).unsqueeze_(1)", "(x * 1).squeeze_()", "(x * 1).squeeze_(0)",
                "(x * 1).squeeze_((0,))", "(x * 1).transpose_(0, 1)", "x.reshape(1, 3, 1).squeeze()",
                "x.reshape(1, 1, 3).squeeze(1)", "x.reshape(1, 3, 1, 1).squeeze((0, 3))", "x.reshape(-1).t()",
                "x.reshape(1, 6).unsqueeze(1).unsqueeze(0)"]


def _second_order_nodes(lib, src: str) -> list:
    shape = (1, 3) if "squeeze" in src and "unsqueeze" not in src else (2, 3)
    x = lib.arange(6.0, dtype=lib.float64)[:shape[0] * shape[1]].reshape(shape).requires_grad_()
    y = eval(src, {"x": x, "torch": lib})  # noqa: S307
    g, = lib.autograd.grad(y, x, lib.ones_like(y).requires_grad_(), create_graph=True)
    names, fn = [], g.grad_fn
    while fn is not None:
        names.append(type(fn).__name__ if lib is torch else fn.name())
        nxt = [f for f, _ in fn.next_functions if f is not None and "AccumulateGrad" not in
               (type(f).__name__ if lib is torch else f.name())]
        fn = nxt[0] if nxt else None
    return names + [g.tolist()]


@pytest.mark.parametrize("src", SECOND_ORDER)
def test_view_gradients_record_torchs_nodes(src):
    assert _second_order_nodes(ember, src) == _second_order_nodes(torch, src)


# ----------------------------------------------------------------------------------------------
# the fuzzer: sin/cos/tan beyond 1e15 are libm-dependent, compared without their values (and what follows)
def test_the_fuzzer_compares_huge_trig_without_values():
    from fuzz_core import Program, _first_libm_line, compare, run_program

    prog = Program([("v0 = torch.tensor([2.5e30, 1.0], dtype=torch.float64, requires_grad=True)", "v0"),
                    ("v1 = v0 * 2", "v1"), ("v2 = torch.sin(v1)", "v2"), ("v3 = v2 + 1", "v3")])
    tt, te = run_program(torch, prog), run_program(ember, prog)
    assert _first_libm_line(prog, tt) == 2
    te.snaps[2] = dict(te.snaps[2], value=te.snaps[2]["value"] * 0.5)     # another libm's sin
    te.snaps[2] = dict(te.snaps[2], value=te.snaps[2]["value"] + 2.0)   # another summation order's rounding
    te.snaps[3] = dict(te.snaps[3], value=te.snaps[3]["value"] + 2.0)
    compare(prog, te, tt)
    te.snaps[1] = dict(te.snaps[1], value=te.snaps[1]["value"] * 0.5)   # before it: still compared
    with pytest.raises(AssertionError):
        compare(prog, te, tt)
    te.snaps[1] = dict(te.snaps[1], value=te.snaps[1]["value"] * 0.5)     # before it: still compared
    with pytest.raises(AssertionError):
        compare(prog, te, tt)
    small = Program([("v0 = torch.tensor([0.5, 1.0], dtype=torch.float64)", "v0"), ("v1 = v0.cos()", "v1")])
    assert _first_libm_line(small, run_program(torch, small)) is None
    literal = Program([("v0 = torch.tan(torch.tensor([1e+16]))", "v0")])
    assert _first_libm_line(literal, run_program(torch, literal)) == 0


def test_the_fuzzer_compares_sums_of_huge_values_without_values():
    """+-1e30 terms cancel: what is left is each library's summation order (a random-seed fuzz find)."""
    from fuzz_core import Program, _first_libm_line, compare, run_program

    prog = Program([("v0 = torch.tensor([1e+30, 1.5, -1e+30, 0.25], dtype=torch.float64, requires_grad=True)", "v0"),
                    ("v1 = v0 * 2", "v1"), ("v2 = v1.sum()", "v2"), ("v3 = v2 + 1", "v3")])
    tt, te = run_program(torch, prog), run_program(ember, prog)
    assert _first_libm_line(prog, tt) == 2          # the sum: the lines before it are compared
    small = Program([("v0 = torch.tensor([1e+20, 1.5], dtype=torch.float64)", "v0"), ("v1 = v0.sum()", "v1"),
                     ("v2 = v0 @ v0", "v2")])
    assert _first_libm_line(small, run_program(torch, small)) is None
    later = Program([("v0 = torch.ones(3, dtype=torch.float64) * 3e+29", "v0"), ("v1 = v0 * 2", "v1"),
                     ("v2 = torch.linalg.vector_norm(v1)", "v2")])
    assert _first_libm_line(later, run_program(torch, later)) == 2
    te.snaps[2] = dict(te.snaps[2], value=te.snaps[2]["value"] + 2.0)   # another summation order's rounding
    te.snaps[3] = dict(te.snaps[3], value=te.snaps[3]["value"] + 2.0)
    compare(prog, te, tt)
    te.snaps[1] = dict(te.snaps[1], value=te.snaps[1]["value"] * 0.5)   # before it: still compared
    with pytest.raises(AssertionError):
        compare(prog, te, tt)


def test_a_deprecated_signature_warns_once_as_torch():
    """torch's deprecated orders (``addmm(beta, input, alpha, mat1, mat2)``) warn once per process, naming the
    deprecated signature and the current ones, at the user's line."""
    import subprocess
    import sys
    code = ("import warnings, {} as torch\nm = torch.ones(2, 2)\nwith warnings.catch_warnings(record=True) as w:\n"
            "    warnings.simplefilter('always')\n"
            "    torch.addmm(2, m, 3, m, m); m.addmm(2, m, m); m[0].addmv(2, m, m[0])\n"
            "print(repr([(str(x.message).split(' (Triggered')[0], x.filename) for x in w]))")
    out = [subprocess.run([sys.executable, "-c", code.format(lib)], capture_output=True, text=True, check=True).stdout
           for lib in ("torch", "ember")]
    assert out[1] == out[0] and "This overload of addmm is deprecated" in out[0]
