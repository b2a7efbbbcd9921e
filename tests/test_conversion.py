"""Conversions against live torch 2.13: ``to`` in each of its three signatures (dtype, device, tensor;
``copy``, ``non_blocking``, ``memory_format``) with torch's parser errors, ``type``, ``cuda``/``cpu`` on a
build without CUDA, ``float()``/``double()``/..., ``clone``/``contiguous`` with memory formats, and the
``dtype=`` arguments of the ops that take one (Python types mapped as torch maps them, anything else
torch's TypeError).

Each case runs the same code on ember and on torch (``behave.same``: values, dtypes, flags, grad_fn
names, exception types and messages); cases that return a tensor also report its strides and whether
it is the input itself.
"""
from __future__ import annotations

import pickle

import numpy as np
import pytest
from behave import same, torch  # noqa: F401  (skips without torch)

import ember


def cases(*fns):
    return pytest.mark.parametrize("fn", fns, ids=[f"case{i}" for i in range(len(fns))])


def seen(x, r):
    """What a conversion of ``x`` gave: the result, its strides, and whether it is ``x`` itself."""
    return (r, r.stride(), r is x) if hasattr(r, "stride") else r


def on(T, shape, f, **kw):
    x = T.ones(shape, **kw) if isinstance(shape, tuple) else shape(T)
    return seen(x, f(x))


# ---------------------------------------------------------------------------------------------
# to(): dtype, tensor and device forms, Python types, numbers as tensors, keywords, parser errors
@cases(
    lambda T: on(T, (2,), lambda x: x.to(int)), lambda T: on(T, (2,), lambda x: x.to(float)),
    lambda T: on(T, (2,), lambda x: x.to(bool)), lambda T: on(T, (2,), lambda x: x.to(complex)),
    lambda T: on(T, (2,), lambda x: x.to(dtype=float)), lambda T: on(T, (2,), lambda x: x.to(dtype=int)),
    lambda T: on(T, (2,), lambda x: x.to(T.float32)), lambda T: on(T, (2,), lambda x: x.to(T.float64)),
    lambda T: on(T, (2,), lambda x: x.to(dtype="float32")), lambda T: on(T, (2,), lambda x: x.to(np.float32)),
    lambda T: on(T, (2,), lambda x: x.to(dtype=np.float32)), lambda T: on(T, (2,), lambda x: x.to(3.0)),
    lambda T: on(T, (2,), lambda x: x.to(True)), lambda T: on(T, (2,), lambda x: x.to(1j)),
    lambda T: on(T, (2,), lambda x: x.to(np.float64(1.5))), lambda T: on(T, (2,), lambda x: x.to(np.float32(1.5))),
    lambda T: on(T, (2,), lambda x: x.to(T.ones(2, dtype=T.float64))),
    lambda T: on(T, (2,), lambda x: x.to(T.tensor(0))), lambda T: on(T, (2,), lambda x: x.to(T.ones(2))),
    lambda T: on(T, (2,), lambda x: x.to(tensor=T.ones(1, dtype=T.int32))),
    lambda T: on(T, (2,), lambda x: x.to(T.ones(2, dtype=T.int32), copy=True)),
    lambda T: on(T, (2,), lambda x: x.to(T.ones(2), non_blocking=True)),
    lambda T: on(T, (2,), lambda x: x.to(T.float32, copy=True)),
    lambda T: on(T, (2,), lambda x: x.to(T.float64, non_blocking=True)),
    lambda T: on(T, (2,), lambda x: x.to(T.float64, False, True)), lambda T: on(T, (2,), lambda x: x.to()),
    lambda T: on(T, (2,), lambda x: x.to(None)), lambda T: on(T, (2,), lambda x: x.to(None, None)),
    lambda T: on(T, (2,), lambda x: x.to(dtype=None)), lambda T: on(T, (2,), lambda x: x.to(copy=True)),
    lambda T: on(T, (2,), lambda x: x.to(non_blocking=True)),
    lambda T: on(T, (2,), lambda x: x.to("cpu", T.float64)), lambda T: on(T, (2,), lambda x: x.to("cpu", float)),
    lambda T: on(T, (2,), lambda x: x.to("cpu", dtype=T.float64)),
    lambda T: on(T, (2,), lambda x: x.to(T.device("cpu"), T.int32, False, True)),
    lambda T: on(T, (2,), lambda x: x.to(T.device("cpu"), None)),
    lambda T: on(T, (2,), lambda x: x.to(device=None, dtype=T.float64)),
    lambda T: on(T, (2,), lambda x: x.to(device="cpu", dtype=T.float64, copy=True, non_blocking=False,
                                          memory_format=T.preserve_format)),
    lambda T: on(T, (2,), lambda x: x.to(T.float64, memory_format=None)),
    lambda T: on(T, (2,), lambda x: x.to(T.float64, T.float32)), lambda T: on(T, (2,), lambda x: x.to(T.float64, 1)),
    lambda T: on(T, (2,), lambda x: x.to(T.float64, None)), lambda T: on(T, (2,), lambda x: x.to("cpu", "cpu")),
    lambda T: on(T, (2,), lambda x: x.to("cpu", "float32")), lambda T: on(T, (2,), lambda x: x.to(T.float64, "cpu")),
    lambda T: on(T, (2,), lambda x: x.to(T.float64, dtype=T.float32)),
    lambda T: on(T, (2,), lambda x: x.to(T.int32, device="cpu")),
    lambda T: on(T, (2,), lambda x: x.to(T.ones(1), device="cpu")),
    lambda T: on(T, (2,), lambda x: x.to(T.ones(1), dtype=T.float64)),
    lambda T: on(T, (2,), lambda x: x.to(T.ones(1, dtype=T.int8), T.float64)),
    lambda T: on(T, (2,), lambda x: x.to("cpu", T.float64, True, True, True)),
    lambda T: on(T, (2,), lambda x: x.to(T.float64, True, True, True)),
    lambda T: on(T, (2,), lambda x: x.to(T.float64, True, 1)),
    lambda T: on(T, (2,), lambda x: x.to(T.float64, memory_format=1)),
    lambda T: on(T, (2,), lambda x: x.to(T.float64, copy=1)),
    lambda T: on(T, (2,), lambda x: x.to(T.float64, copy=np.bool_(True))),
    lambda T: on(T, (2,), lambda x: x.to([1])), lambda T: on(T, (2,), lambda x: x.to(object())),
    lambda T: on(T, (2,), lambda x: x.to(foo=1)), lambda T: on(T, (2,), lambda x: x.to(other=x)),
    lambda T: on(T, (2,), lambda x: x.to(a=1, b=2, c=3)),
    lambda T: on(T, (2,), lambda x: x.to(dtype=T.float64, foo=1)),
    lambda T: on(T, (2,), lambda x: x.to(device="cpu", non_blocking=1)),
    lambda T: on(T, (2,), lambda x: x.to(device="cpu", dtype=T.float64, foo=1)),
)
def test_to(fn):
    same(fn)


@cases(
    lambda T: on(T, (2,), lambda x: x.to("cuda")), lambda T: on(T, (2,), lambda x: x.to(device="cuda")),
    lambda T: on(T, (2,), lambda x: x.to("cuda:1")), lambda T: on(T, (2,), lambda x: x.to(T.device("cuda", 0))),
    lambda T: on(T, (2,), lambda x: x.to("cuda", T.float64)), lambda T: on(T, (2,), lambda x: x.to("xpu")),
    lambda T: on(T, (2,), lambda x: x.to(0)), lambda T: on(T, (2,), lambda x: x.to(3)),
    lambda T: on(T, (2,), lambda x: x.to(np.int64(0))), lambda T: on(T, (2,), lambda x: x.to(device=0)),
    lambda T: on(T, (2,), lambda x: x.to(-1)), lambda T: on(T, (2,), lambda x: x.to("foo")),
    lambda T: on(T, (2,), lambda x: x.to("cpu")), lambda T: on(T, (2,), lambda x: x.to(T.device("cpu"))),
    lambda T: on(T, (2,), lambda x: x.to("cpu:0")),
    lambda T: on(T, (2,), lambda x: x.cuda()), lambda T: on(T, (2,), lambda x: x.cuda(0)),
    lambda T: on(T, (2,), lambda x: x.cuda(device=0)), lambda T: on(T, (2,), lambda x: x.cuda("cuda:1")),
    lambda T: on(T, (2,), lambda x: x.cuda(T.device("cuda", 1))), lambda T: on(T, (2,), lambda x: x.cuda("cpu")),
    lambda T: on(T, (2,), lambda x: x.cuda("mps")), lambda T: on(T, (2,), lambda x: x.cuda(T.device("cpu"))),
    lambda T: on(T, (2,), lambda x: x.cuda(-1)), lambda T: on(T, (2,), lambda x: x.cuda(1.5)),
    lambda T: on(T, (2,), lambda x: x.cuda(None)), lambda T: on(T, (2,), lambda x: x.cuda("foo")),
    lambda T: on(T, (2,), lambda x: x.cuda(non_blocking=True)),
    lambda T: on(T, (2,), lambda x: x.cuda(memory_format=T.channels_last)),
    lambda T: on(T, (2,), lambda x: x.cuda(foo=1)), lambda T: on(T, (2,), lambda x: x.cuda(0, True, 1)),
    lambda T: on(T, (2,), lambda x: x.cpu()), lambda T: on(T, (2,), lambda x: x.cpu(memory_format=None)),
    lambda T: on(T, (2,), lambda x: x.cpu(memory_format=T.contiguous_format)),
    lambda T: on(T, (2,), lambda x: x.cpu(memory_format=T.channels_last)),
    lambda T: on(T, (2, 3, 4, 5), lambda x: x.cpu(memory_format=T.channels_last)),
    lambda T: on(T, (2,), lambda x: x.cpu(T.contiguous_format)), lambda T: on(T, (2,), lambda x: x.cpu(1)),
    lambda T: on(T, (2,), lambda x: x.cpu(foo=1)), lambda T: on(T, (2,), lambda x: x.cpu(memory_format=1)),
)
def test_devices(fn):
    same(fn)


@cases(
    lambda T: on(T, (2, 3), lambda x: x.type()), lambda T: on(T, (2,), lambda x: x.type(None)),
    lambda T: T.ones(2, dtype=T.int64).type(), lambda T: T.ones(2).half().type(),
    lambda T: T.ones(2, requires_grad=True).type(),
    lambda T: on(T, (2,), lambda x: x.type(dtype=None)), lambda T: on(T, (2,), lambda x: x.type(T.float64)),
    lambda T: on(T, (2,), lambda x: x.type(T.float32)), lambda T: on(T, (2,), lambda x: x.type(dtype=T.float64)),
    lambda T: on(T, (2,), lambda x: x.type(T.float64, True)),
    lambda T: on(T, (2,), lambda x: x.type(T.float64, non_blocking=True)),
    lambda T: on(T, (2,), lambda x: x.type("torch.FloatTensor")),
    lambda T: on(T, (2,), lambda x: x.type("torch.DoubleTensor")),
    lambda T: on(T, (2,), lambda x: x.type("torch.IntTensor")),
    lambda T: on(T, (2,), lambda x: x.type("torch.BoolTensor")),
    lambda T: on(T, (2,), lambda x: x.type("torch.HalfTensor")),
    lambda T: on(T, (2,), lambda x: x.type("torch.ComplexFloatTensor")),
    lambda T: on(T, (2,), lambda x: x.type(T.Tensor)),
    lambda T: on(T, (2,), lambda x: x.type(int)), lambda T: on(T, (2,), lambda x: x.type(float)),
    lambda T: on(T, (2,), lambda x: x.type(np.float32)), lambda T: on(T, (2,), lambda x: x.type(T.nn.Module)),
    lambda T: on(T, (2,), lambda x: x.type("foo")), lambda T: on(T, (2,), lambda x: x.type("float")),
    lambda T: on(T, (2,), lambda x: x.type("torch.float64")),
    lambda T: on(T, (2,), lambda x: x.type("torch.cuda.FloatTensor")), lambda T: on(T, (2,), lambda x: x.type(1)),
    lambda T: on(T, (2,), lambda x: x.type(T.float64, 1)),
    lambda T: on(T, (2,), lambda x: x.type(T.float64, non_blocking=1)),
    lambda T: on(T, (2,), lambda x: x.type(foo=1)), lambda T: on(T, (2,), lambda x: x.type(1, 2, 3)),
    lambda T: on(T, (2,), lambda x: x.type(T.float64, dtype=T.float64)),
    lambda T: on(T, (2, 3), lambda x: x.type(T.float64), requires_grad=True),
    lambda T: on(T, (2, 3), lambda x: x.type(T.float32), requires_grad=True),
    lambda T: T.ones(2, 3).to(int).to(float).type(T.int16).type(),
)
def test_type(fn):
    same(fn)


# ---------------------------------------------------------------------------------------------
# autograd through to() and the converters; float()/double()/... keywords
@cases(
    lambda T: on(T, (2,), lambda x: x.to(T.float64), requires_grad=True),
    lambda T: on(T, (2,), lambda x: x.to(T.int64), requires_grad=True),
    lambda T: on(T, (2,), lambda x: x.to(T.complex64), requires_grad=True),
    lambda T: on(T, (2,), lambda x: x.to(copy=True), requires_grad=True),
    lambda T: on(T, (2,), lambda x: x.to(float), requires_grad=True),
    lambda T: on(T, (2,), lambda x: x.long(), requires_grad=True),
    lambda T: on(T, (2,), lambda x: x.double(), requires_grad=True),
    lambda T: on(T, (2,), lambda x: x.bool(), requires_grad=True),
    lambda T: on(T, (2,), lambda x: x.float(), requires_grad=True),
    lambda T: on(T, (2,), lambda x: x.half()), lambda T: on(T, (2,), lambda x: x.int()),
    lambda T: on(T, (2,), lambda x: x.short()), lambda T: on(T, (2,), lambda x: x.char()),
    lambda T: on(T, (2,), lambda x: x.byte()),
    lambda T: on(T, (2,), lambda x: x.float(memory_format=None)),
    lambda T: on(T, (2,), lambda x: x.float(memory_format=T.preserve_format)),
    lambda T: on(T, (2, 3, 4, 5), lambda x: x.float(memory_format=T.channels_last)),
    lambda T: on(T, (2, 3, 4, 5), lambda x: x.double(memory_format=T.channels_last)),
    lambda T: on(T, (2, 3, 4, 5), lambda x: x.double(memory_format=1)),
    lambda T: on(T, (2,), lambda x: x.float(T.contiguous_format)), lambda T: on(T, (2,), lambda x: x.float(foo=1)),
    lambda T: on(T, (2,), lambda x: x.long(1, 2)),
)
def test_converters(fn):
    same(fn)


def test_to_gradient_is_cast_back():
    outs = []
    for T in (torch, ember):
        x = T.tensor([1.5, -2.0], requires_grad=True)
        y = x.to(float) * T.tensor([3.0, 4.0], dtype=T.float64)
        y.sum().backward()
        outs.append((x.grad.dtype == T.float32, x.grad.tolist(), type(y.grad_fn.next_functions[0][0]).__name__))
    assert outs[0] == outs[1]


# ---------------------------------------------------------------------------------------------
# memory formats: the objects, and the layouts of to / clone / contiguous
@cases(
    lambda T: repr(T.channels_last), lambda T: str(T.preserve_format), lambda T: repr(T.contiguous_format),
    lambda T: repr(T.channels_last_3d), lambda T: T.memory_format(), lambda T: type(T.channels_last).__name__,
    lambda T: T.channels_last == T.channels_last, lambda T: T.channels_last == T.contiguous_format,
    lambda T: on(T, (2, 3), lambda x: x.t().to(memory_format=T.contiguous_format)),
    lambda T: on(T, (2, 3), lambda x: x.t().to(T.float64)),
    lambda T: on(T, (2, 3), lambda x: x.to(memory_format=T.contiguous_format)),
    lambda T: on(T, (2, 3), lambda x: x.to(memory_format=T.preserve_format)),
    lambda T: on(T, (2, 3, 4), lambda x: x.to(memory_format=T.channels_last)),
    lambda T: on(T, (2, 3, 4, 5), lambda x: x.to(memory_format=T.channels_last)),
    lambda T: on(T, (2, 3, 4, 5), lambda x: x.to(T.float64, memory_format=T.channels_last)),
    lambda T: on(T, (2, 3, 4, 5), lambda x: x.to(memory_format=T.channels_last_3d)),
    lambda T: on(T, (2, 3, 4, 5, 6), lambda x: x.to(memory_format=T.channels_last_3d)),
    lambda T: on(T, (2, 1, 4, 5), lambda x: x.to(memory_format=T.channels_last)),
    lambda T: on(T, (2, 3, 1, 1), lambda x: x.to(memory_format=T.channels_last)),
    lambda T: on(T, (2, 3, 1, 1), lambda x: x.to(memory_format=T.channels_last).to(memory_format=T.contiguous_format)),
    lambda T: on(T, (2, 3, 4, 5), lambda x: x.to(memory_format=T.channels_last).to(memory_format=T.contiguous_format)),
    lambda T: on(T, (2, 3, 4, 5), lambda x: x.to(memory_format=T.channels_last).to(memory_format=T.channels_last)),
    lambda T: on(T, (2, 3, 4, 5), lambda x: x.to(memory_format=T.channels_last).to(T.float64)),
    lambda T: on(T, (2, 3, 4, 5), lambda x: x.to(memory_format=T.channels_last).clone()),
    lambda T: on(T, (2, 3, 4, 5), lambda x: x.to(memory_format=T.channels_last).contiguous()),
    lambda T: on(T, (2, 3, 4, 5), lambda x: x.to(memory_format=T.channels_last).contiguous(
        memory_format=T.channels_last)),
    lambda T: on(T, (2, 3, 4, 5), lambda x: x.to(memory_format=T.channels_last), requires_grad=True),
    lambda T: on(T, (2, 3, 4, 5), lambda x: x.clone(memory_format=T.channels_last)),
    lambda T: on(T, (2, 3, 4, 5), lambda x: x.contiguous(memory_format=T.channels_last)),
    lambda T: on(T, (2, 3, 4, 5), lambda x: x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2).contiguous(
        memory_format=T.channels_last)),
    lambda T: on(T, (2, 3, 4, 5, 6), lambda x: x.contiguous(memory_format=T.channels_last_3d)),
    lambda T: on(T, (2, 3), lambda x: x.contiguous(memory_format=T.channels_last)),
    lambda T: on(T, (2, 3), lambda x: x.contiguous(memory_format=T.preserve_format)),
    lambda T: on(T, (2, 3), lambda x: x.t().contiguous(memory_format=T.preserve_format)),
    lambda T: on(T, (2, 3), lambda x: x.t().contiguous(memory_format=T.contiguous_format)),
    lambda T: on(T, (2, 3), lambda x: x.contiguous(memory_format=None)),
    lambda T: on(T, (2, 3), lambda x: x.contiguous(memory_format=1)),
    lambda T: on(T, (2, 3), lambda x: x.clone(memory_format=T.channels_last)),
    lambda T: on(T, (2, 3), lambda x: x.clone(memory_format=1)),
    lambda T: on(T, (2, 3), lambda x: x.clone(memory_format=None)),
    lambda T: on(T, (2, 3), lambda x: x.clone(memory_format=T.contiguous_format)),
    lambda T: on(T, (2, 3), lambda x: x.t().clone(memory_format=T.contiguous_format)),
    lambda T: on(T, (2, 3), lambda x: x.t().clone()),
    lambda T: on(T, (2, 3, 4, 5), lambda x: x.clone(memory_format=T.channels_last), requires_grad=True),
    lambda T: on(T, (2, 3, 4, 5), lambda x: x.contiguous(memory_format=T.channels_last), requires_grad=True),
)
def test_memory_formats(fn):
    same(fn)


def test_channels_last_gradient_and_pickle():
    outs = []
    for T in (torch, ember):
        x = T.arange(24.).reshape(1, 2, 3, 4).requires_grad_()
        y = x.to(memory_format=T.channels_last)
        (y * T.arange(24.).reshape(1, 2, 3, 4)).sum().backward()
        outs.append((y.stride(), y.tolist(), x.grad.stride(), x.grad.tolist()))
    assert outs[0] == outs[1]
    assert pickle.loads(pickle.dumps(ember.channels_last)) is ember.channels_last


# ---------------------------------------------------------------------------------------------
# dtype= of the ops: Python types as torch maps them, torch's TypeError for anything else
DTYPE_OPS = {
    "sum": lambda T, d: T.ones(2, 3).sum(dtype=d), "sum_dim": lambda T, d: T.sum(T.ones(2, 3), 1, dtype=d),
    "mean": lambda T, d: T.ones(2, 3).mean(dtype=d), "mean_dim": lambda T, d: T.ones(2, 3).mean(1, dtype=d),
    "prod": lambda T, d: T.ones(2, 3).prod(dtype=d), "prod_dim": lambda T, d: T.ones(2, 3).prod(1, dtype=d),
    "cumsum": lambda T, d: T.ones(2, 3).cumsum(1, dtype=d), "cumprod": lambda T, d: T.ones(2, 3).cumprod(1, dtype=d),
    "nansum": lambda T, d: T.ones(2, 3).nansum(dtype=d), "nanmean": lambda T, d: T.ones(2, 3).nanmean(dtype=d),
    "vector_norm": lambda T, d: T.linalg.vector_norm(T.ones(2, 3), dtype=d),
    "norm": lambda T, d: T.norm(T.ones(2, 3), dtype=d),
    "linalg_norm": lambda T, d: T.linalg.norm(T.ones(2, 3), dtype=d),
    "matrix_norm": lambda T, d: T.linalg.matrix_norm(T.ones(2, 3), dtype=d),
    "matrix_norm_nuc": lambda T, d: T.linalg.matrix_norm(T.ones(2, 3), "nuc", dtype=d),
    "softmax": lambda T, d: T.ones(2, 3).softmax(1, dtype=d),
    "log_softmax": lambda T, d: T.ones(2, 3).log_softmax(1, dtype=d),
    "F.softmax": lambda T, d: T.nn.functional.softmax(T.ones(2, 3), 1, dtype=d),
    "F.log_softmax": lambda T, d: T.nn.functional.log_softmax(T.ones(2, 3), 1, dtype=d),
    "F.softmin": lambda T, d: T.nn.functional.softmin(T.ones(2, 3), 1, dtype=d),
    # a string is read as a device; "float32" is not one (ember's device() words a name with digits as
    # an unknown type, torch as an invalid string: _tensor.py's parser, so "float" here)
    "to": lambda T, d: T.ones(2).to(dtype=d), "to_pos": lambda T, d: T.ones(2).to(d.rstrip("0123456789") if
                                                                                  isinstance(d, str) else d),
    "view": lambda T, d: T.ones(4).view(d),
}
DTYPES = {"float": float, "int": int, "bool": bool, "complex": complex, "float64": "torch.float64"}
BAD_DTYPES = {"str": "float32", "numpy": np.float32}
# torch's parser spells these ops' errors for a bad dtype as "invalid combination of arguments",
# listing their overloads; ember says "argument 'dtype' must be torch.dtype" (same TypeError)
# checked by ops/_parser.torch_args: torch's words exactly
PARSED = {"sum", "sum_dim", "mean", "mean_dim", "prod", "prod_dim", "linalg_norm", "matrix_norm", "matrix_norm_nuc"}
OVERLOADED = {"sum", "sum_dim", "mean", "mean_dim", "prod", "prod_dim", "linalg_norm", "matrix_norm",
              "matrix_norm_nuc",
              # ops/nn.py words a keyword dtype as the positional one: "argument 'dtype' (position 2)"
              "softmax", "log_softmax", "F.softmax", "F.log_softmax", "F.softmin"}


@pytest.mark.parametrize("dname", DTYPES)
@pytest.mark.parametrize("op", DTYPE_OPS)
def test_dtype_argument(op, dname):
    d = DTYPES[dname]
    same(lambda T: DTYPE_OPS[op](T, T.float64 if d == "torch.float64" else d))


@pytest.mark.parametrize("dname", BAD_DTYPES)
@pytest.mark.parametrize("op", DTYPE_OPS)
def test_bad_dtype_argument(op, dname):
    d = BAD_DTYPES[dname]
    if op in OVERLOADED:
        errs = []
        for T in (torch, ember):
            with pytest.raises(TypeError) as info:
                DTYPE_OPS[op](T, d)
            errs.append(str(info.value))
        if op in PARSED:               # torch's argument parser's own words (ops/_parser.py)
            assert errs[1] == errs[0]
        else:
            assert "dtype" in errs[1] and f"not {'str' if dname == 'str' else 'type'}" in errs[1], errs
    else:
        same(lambda T: DTYPE_OPS[op](T, d))
