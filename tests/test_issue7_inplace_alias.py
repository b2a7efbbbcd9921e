"""Issue 7's leftovers on in-place writes, against torch live: which in-place ops torch allows on an expanded
tensor (``tril_`` / ``triu_`` do: a memory location ends up zero if any position aliasing it is outside the
triangle; ``fill_``, ``zero_``, ``masked_fill_``, ``index_fill_``, ``index_put_`` and ``copy_`` from an
expanded source do too; ``mul_``, ``clamp_``, ``copy_`` into one and the rest refuse), and in-place reads of
the written tensor itself (``v.add_(v[0])`` refuses; ``v.add_(v[..., :1])``, which torch's overlap check
cannot judge, reads the operand as torch's vectorized kernels do on rows of 64 elements).
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="compares ember against PyTorch")

import ember  # noqa: E402


def _outcome(lib, src: str):
    """("ok", ``out`` as plain data) or (exception class name, message)."""
    ns = {"torch": lib}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exec(src, ns)  # noqa: S102  (our own test sources)
    except Exception as e:  # noqa: BLE001  (the class and the words are what is compared)
        return type(e).__name__, str(e)
    out = ns["out"]
    return "ok", out.tolist() if hasattr(out, "tolist") else out


def _same(src: str) -> None:
    t, e = _outcome(torch, src), _outcome(ember, src)
    if t[0] == "ok" and e[0] == "ok":
        np.testing.assert_allclose(np.asarray(e[1], dtype=float), np.asarray(t[1], dtype=float), rtol=1e-6,
                                   atol=1e-9, err_msg=src)
    else:
        assert e == t, f"{src}\n torch: {t}\n ember: {e}"


TRI = [f"v = {base}; v.{op}({k}); out = v"
       for base in ("torch.ones(3, 1).expand(3, 3)", "torch.arange(1., 4.).expand(3, 3)",
                    "torch.arange(1., 4.).reshape(3, 1).expand(3, 4)", "torch.ones(2, 1, 3).expand(2, 3, 3)",
                    "torch.ones(1, 1).expand(3, 3)", "torch.tensor([[1], [2]]).expand(2, 3)",
                    "torch.tensor([[True], [False], [True]]).expand(3, 3)")
       for op in ("tril_", "triu_") for k in ("", "1", "-1", "diagonal=2")]


@pytest.mark.parametrize("src", TRI)
def test_tril_triu_on_expanded_tensors(src):
    _same(src)


def test_tril_on_expanded_view_records_and_refuses_backward():
    """With a gradient, the expanded view's write is recorded (its grad_fn is torch's) and backward refuses
    as torch's does."""
    src = """
w = torch.tensor([[1.], [2.], [3.]], requires_grad=True)
v = w.clone().expand(3, 3)
v.tril_()
vals, name = v.tolist(), type(v.grad_fn).__name__
try:
    v.sum().backward(); err = None
except RuntimeError as e:
    err = str(e)
out = [vals, name, err]
"""
    t, e = _outcome(torch, src), _outcome(ember, src)
    assert e == t


EXPANDED = [f"v = torch.tensor([[1.], [-2.], [0.5]]).expand(3, 3); {call}; out = v" for call in (
    "v.fill_(2)", "v.zero_()", "v.masked_fill_(torch.eye(3, dtype=torch.bool), 0.)",
    "v.masked_fill_(torch.eye(3, dtype=torch.bool), torch.tensor(0.))", "v.index_fill_(1, torch.tensor([0]), 0.)",
    "v.index_put_((torch.tensor([0]),), torch.tensor(0.))", "v[0, 0] = 5", "v[:, 0] = 5", "v.mul_(2)",
    "v.clamp_(0, 0.5)", "v.add_(1)", "v.neg_()", "v.relu_()", "v.copy_(torch.ones(3, 3))",
    "v.masked_scatter_(torch.eye(3, dtype=torch.bool), torch.zeros(9))",
    "v.scatter_(1, torch.tensor([[0], [1], [2]]), 0.)",
    "v.index_copy_(1, torch.tensor([0]), torch.zeros(3, 1))", "v.index_add_(1, torch.tensor([0]), torch.zeros(3, 1))",
    "v.put_(torch.tensor([0]), torch.tensor([0.]))", "v.uniform_()", "v.sigmoid_()", "v.abs_()",
)] + ["v = torch.zeros(3, 3); v.copy_(torch.ones(3, 1).expand(3, 3)); out = v"]


@pytest.mark.parametrize("src", EXPANDED)
def test_other_inplace_ops_on_expanded_tensors(src):
    _same(src)


# in-place reads of the written tensor: refused where torch's check sees a partial overlap (both dense), read
# as torch's kernels read otherwise; rows of 64 elements: every dtype's vectorized loop covers the whole row
ALIASED = [
    "v = torch.arange(6.).reshape(2, 3); v.add_(v[0]); out = v",
    "v = torch.arange(1., 7.).reshape(2, 3); v.mul_(v[0]); out = v",
    "v = torch.arange(5.); v[1:].copy_(v[:-1]); out = v",
    "v = torch.arange(5.); v[:-1].copy_(v[1:]); out = v",
    "v = torch.arange(5.); v[1:].add_(v[:-1]); out = v",
    "v = torch.arange(4.).reshape(2, 2); v.add_(v.t()); out = v",
    "v = torch.arange(5.); v[1:] = v[:-1]; out = v",
    "v = torch.arange(4.); v.add_(v); out = v",
    "v = torch.arange(5.); v.copy_(v.flip(0)); out = v",
    "v = torch.arange(6.).reshape(2, 3); v.copy_(v.flip(1)); out = v",
    "v = torch.arange(6.).reshape(2, 3); v.lerp_(v[..., 0:1], 0.5); out = v",
    "v = torch.arange(6.).reshape(2, 3); v.clamp_(min=v[..., 0:1]); out = v",
    "v = torch.arange(6.).reshape(2, 3); torch.maximum(v, v[..., 1:2], out=v); out = v",
    "v = torch.arange(128.).reshape(2, 64); v.add_(v[..., 0:1]); out = v",
    "v = torch.arange(128.).reshape(2, 64); v.add_(v[..., 5:6]); out = v",
    "v = torch.arange(128, dtype=torch.float64).reshape(2, 64); v.sub_(v[..., 3:4]); out = v",
    "v = torch.arange(128).reshape(2, 64); v.add_(v[..., 1:2]); out = v",
    "v = torch.arange(1., 129.).reshape(2, 64); v.mul_(v[..., 2:3]); out = v",
    "v = torch.arange(128.).reshape(2, 64) / 10; v.addcmul_(v[..., :1], v); out = v",
    "v = torch.arange(1., 129.).reshape(2, 64); v.addcdiv_(v, v[..., 3:4]); out = v",
    "v = torch.arange(1., 129.).reshape(2, 64); v.div_(v[..., 3:4]); out = v",
    "v = torch.arange(128.).reshape(2, 64) / 100; v.pow_(v[..., 1:2]); out = v",
    "v = torch.arange(128.).reshape(2, 64); torch.add(v, v[..., 1:2], out=v); out = v",
    "v = torch.arange(128.).reshape(64, 2); v.add_(v[:1]); out = v",
    "v = torch.arange(128.).reshape(64, 2).t(); v.add_(v[..., 1:2]); out = v",
]


@pytest.mark.parametrize("src", ALIASED)
def test_inplace_reads_of_the_written_tensor(src):
    _same(src)
