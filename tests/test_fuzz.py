"""Differential fuzzing: random small autograd *programs*, run on ember and on torch (the oracle).

A program is data: a list of ``(source line, name it defines)`` pairs, e.g.::

    v0 = torch.tensor([[1.25, -0.5]], dtype=torch.float64, requires_grad=True)
    v1 = v0.exp()
    ...  (3-12 random steps: unary / binary / broadcasting / reductions / views / indexing / cat / stack /
           matmul / in-place on non-leaves / clone / detach / no_grad / retain_grad)
    loss = (v5 * torch.tensor([...], dtype=torch.float64)).sum() + v3.sum()
    loss.backward()                                   # or autograd.grad(..., create_graph=True) + 2nd order

The program is generated with torch running alongside (so every step is chosen knowing the real shapes
and values: no overflow, no empty tensors), then run from scratch on both libraries, line by line, in a
namespace where ``torch`` is either ``ember`` or ``torch``.  Compared: every intermediate value when it is
created (values, shape, dtype, requires_grad, is_leaf, grad_fn class name), the final state of every value
(in-place ops and views alias), every ``.grad`` (leaves and retained non-leaf grads: None-ness, shape,
dtype, values), the results of ``autograd.grad`` (first and second order), and errors: when torch raises,
ember must raise the same exception type at the same line (for the "modified by an inplace operation"
error also the same message up to "expected version").

The wide mode (``WideGen``, vocabulary and values in tests/fuzz_wide.py) also draws NaN / +-inf / +-0 /
+-1e30 / 1e-30 values, grids with ties and zeros, size-0 and size-1 dims, float32 / int64 / bool and
non-contiguous leaves, Python scalars on either side, and every op of the derived vocabulary (Tensor methods,
``torch.*``, ``torch.nn.functional.*`` and the op table's rows); there the values need not stay finite.
The threaded mode (tests/fuzz_threads.py) runs a program's backward from several threads, on shared and on
separate leaves.

On failure, hypothesis prints the program as ``import ember as torch`` source: a ready-made repro.
``EMBER_FUZZ_SCALE=10 pytest tests/test_fuzz.py`` runs ten times more examples; the long mode,
``EMBER_FUZZ_SECONDS=600 EMBER_HYPOTHESIS_RANDOM=1 pytest tests/test_fuzz.py -k long``, runs batches of
fresh seeds over every mode for ten minutes (by default: one batch of each, a fixed seed sequence).
Known ember bugs are kept out of generation by ``KNOWN_BUGS`` (one flag each, a strict-xfail repro at the end).
"""
from __future__ import annotations

import os
import random
import re
import time
import warnings

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="the fuzz tests compare ember against PyTorch")

import ember  # noqa: E402
from fuzz_core import (KNOWN_BUGS, _HUGE_SUM_LITERAL, Program, _close, _dtype_name, _tolerance,  # noqa: E402
                       check, compare, programs, run_program, set_precision)
from fuzz_threads import check_threads  # noqa: E402
from hypothesis import HealthCheck, assume, given, note, seed, settings  # noqa: E402

SCALE = max(1, int(os.environ.get("EMBER_FUZZ_SCALE", "1")))
SECONDS = float(os.environ.get("EMBER_FUZZ_SECONDS", "0"))   # the long mode's budget (test_fuzz_long)


def _settings(n):
    return settings(max_examples=n * SCALE, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


# Known ember bugs, excluded from generation (each has a strict-xfail repro at the end of this file).
# flag -> code substrings never generated; flags without substrings are checked in the generator (fuzz_core).
KNOWN_BUGS.update({
    # (none at present; the wide mode's last, "arg_type_errors", is fixed: nn.functional checks its arguments
    # as torch's parser does, nn/_functional_args.py)
})


def _names_in(code):
    return set(re.findall(r"\bv\d+\b", code))


# (a flag whose steps depend on the values, not only the code's words, also gets a predicate(gen, code)
# in fuzz_core.KNOWN_BUG_CHECKS; none at present)


# ---------------------------------------------------------------------------------------------------
# the fuzz tests
# ---------------------------------------------------------------------------------------------------

@_settings(60)
@given(programs(mode="basic", exclude=KNOWN_BUGS))
def test_fuzz_backward(prog):
    check(prog)


@_settings(50)
@given(programs(mode="inplace", exclude=KNOWN_BUGS))
def test_fuzz_inplace_and_views(prog):
    check(prog)


@_settings(40)
@given(programs(mode="basic", second_order=True, exclude=KNOWN_BUGS))
def test_fuzz_second_order(prog):
    check(prog)


@_settings(80)
@given(programs(mode="basic", exclude=KNOWN_BUGS, wide=True))
def test_fuzz_wide_backward(prog):
    check(prog)


@_settings(60)
@given(programs(mode="inplace", exclude=KNOWN_BUGS, wide=True))
def test_fuzz_wide_inplace_and_views(prog):
    check(prog)


@_settings(50)
@given(programs(mode="basic", second_order=True, exclude=KNOWN_BUGS, wide=True))
def test_fuzz_wide_second_order(prog):
    check(prog)


def _close_arrays(a, b, what):
    """Two gradients as NumPy arrays (or None), within the fuzzer's tolerance."""
    assert (a is None) == (b is None), f"{what}: ember {a is None and 'None'}, torch {b is None and 'None'}"
    if b is not None:
        assert a.shape == b.shape and a.dtype == b.dtype, f"{what}: {a.shape} {a.dtype} vs {b.shape} {b.dtype}"
        rtol, atol = _tolerance(_dtype_name(torch.from_numpy(b).dtype), b)
        np.testing.assert_allclose(a, b, rtol=rtol, atol=atol, equal_nan=True, err_msg=what)


def _close_array_shapes(a, b, what):
    """``_close_arrays`` but for the values (a program whose sums of +-1e30 terms leave each library's rounding)."""
    assert (a is None) == (b is None), f"{what}: ember {a is None and 'None'}, torch {b is None and 'None'}"
    if b is not None:
        assert a.shape == b.shape and a.dtype == b.dtype, f"{what}: {a.shape} {a.dtype} vs {b.shape} {b.dtype}"


def check_threaded(prog):
    """The threaded mode (tests/fuzz_threads.py) on one program; False if the program does not suit it. As the
    serial comparison (fuzz_core._first_libm_line), values that huge literals leave undetermined are not compared."""
    note(prog.source())
    set_precision(prog.source())
    close = _close_array_shapes if _HUGE_SUM_LITERAL.search(prog.source()) else _close_arrays
    return check_threads(ember, torch, prog, close)


@_settings(15)
@given(programs(mode="basic", exclude=KNOWN_BUGS, wide=True))
def test_fuzz_threads(prog):
    assume(check_threaded(prog))


# the long mode: every mode in turn, batches of fresh seeds, until EMBER_FUZZ_SECONDS have passed
_LONG_MODES = [(mode, second, wide) for wide in (True, False) for mode, second in
               (("basic", False), ("inplace", False), ("basic", True))] + [("threads", False, True)]


def test_fuzz_long():
    """One batch of each mode; with ``EMBER_FUZZ_SECONDS=N``, batches of new seeds for N seconds (random
    seeds under ``EMBER_HYPOTHESIS_RANDOM=1``, else a fixed sequence).  A failure names its seed."""
    rnd = random.Random() if os.environ.get("EMBER_HYPOTHESIS_RANDOM") else random.Random(0)
    end = time.monotonic() + SECONDS
    done = 0
    while done < len(_LONG_MODES) or time.monotonic() < end:
        mode, second, wide = _LONG_MODES[done % len(_LONG_MODES)]
        batch_seed = rnd.getrandbits(32)

        @settings(max_examples=8, derandomize=False, database=None, deadline=None,
                  suppress_health_check=list(HealthCheck))
        @seed(batch_seed)
        @given(programs(mode="basic" if mode == "threads" else mode, second_order=second, exclude=KNOWN_BUGS,
                        wide=wide))
        def batch(prog):
            (check_threaded if mode == "threads" else check)(prog)
        try:
            batch()
        except Exception as e:
            raise AssertionError(f"long mode: mode={mode} second_order={second} wide={wide}, "
                                 f"@seed({batch_seed}) fails (the program is printed above)") from e
        done += 1


def test_runner_sees_a_wrong_gradient():
    """The harness itself: a program whose ember and torch traces are made to differ must fail."""
    prog = Program([("v0 = torch.tensor([1.0, -2.0], dtype=torch.float64, requires_grad=True)", "v0"),
                    ("v1 = v0.exp()", "v1"), ("loss = v1.sum()", "loss"), ("loss.backward()", None)])
    tt = run_program(torch, prog)
    te = run_program(ember, prog)
    compare(prog, te, tt)
    te.final["v0"]["grad"]["value"] = te.final["v0"]["grad"]["value"] * 1.01
    with pytest.raises(AssertionError):
        compare(prog, te, tt)


def test_runner_sees_small_values_and_lost_updates():
    """In a program with 1e-30 inputs, 0 for 1e-30 is a difference (also in float32); elsewhere a rounding
    residue of an exact zero is not. The threaded mode's comparison is exact (a lost contribution fails)."""
    from fuzz_threads import assert_same
    tiny = {"shape": (1,), "dtype": "float32", "requires_grad": False, "is_leaf": True, "grad_fn": None,
            "value": np.array([1e-30], dtype=np.float32)}
    set_precision("v0 = torch.tensor([1e-30], dtype=torch.float32)")
    with pytest.raises(AssertionError):
        _close(dict(tiny, value=np.zeros(1, np.float32)), tiny, "norm")
    _close(dict(tiny, value=np.array([1e-30 * (1 + 1e-6)], np.float32)), tiny, "norm")
    set_precision("v0 = torch.tensor([1.455], dtype=torch.float64)")
    residue = dict(tiny, dtype="float64", value=np.array([-8.7e-19]))
    _close(dict(residue, value=np.array([8.7e-19])), residue, "second derivative of a linear function")
    with pytest.raises(AssertionError):
        assert_same({"v0": np.full(3, 11.0)}, {"v0": np.full(3, 12.0)}, "shared leaf")
    assert_same({"v0": np.array([np.nan, 12.0])}, {"v0": np.array([np.nan, 12.0])}, "shared leaf")


def test_wide_vocabulary_is_derived():
    """Every op-table row, and the Tensor methods / functions ember implements in ember/ops that torch has,
    are in the wide mode's vocabulary: a new op joins the fuzzer without an edit to it."""
    import fuzz_wide
    from op_table import OPS
    missing = [e.name for e in OPS if e not in fuzz_wide.TABLE]
    assert not missing, f"op-table rows whose fn is not a lambda (extend fuzz_wide._table_lambdas): {missing}"
    for name in ("exp", "clamp_", "masked_fill", "softmax", "index_select", "copy_"):
        assert name in fuzz_wide.METHODS and fuzz_wide.METHODS[name]
    for name in ("cat", "where", "maximum", "floor_divide"):
        assert name in fuzz_wide.FUNCTIONS
    assert "mT" in fuzz_wide.PROPERTIES and "uniform_" not in fuzz_wide.METHODS   # random: not comparable
    assert "softplus" in fuzz_wide.FUNCTIONAL


# ---------------------------------------------------------------------------------------------------
# regression repros for ember bugs the fuzzer found (strict xfail: they start failing when fixed)
# ---------------------------------------------------------------------------------------------------


def _both(src):
    """Run ``src`` (which sets ``out``) on torch and on ember; return (torch's out, ember's out)."""
    res = []
    for mod in (torch, ember):
        ns = {"torch": mod}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                exec(src, ns)
            except Exception as e:  # noqa: BLE001
                ns["out"] = f"{type(e).__name__}: {str(e)[:80]}"
        res.append(ns["out"])
    return tuple(res)


# the end of several regression programs: the leaf's gradient, or the start of the error message
BACKWARD_OUTCOME = """
try:
    y.sum().backward(); out = x.grad.tolist()
except RuntimeError as err:
    out = str(err)[:120]
"""


def _xfail(flag, why):
    assert flag in KNOWN_BUGS
    return pytest.mark.xfail(strict=True, reason=f"ember bug ({flag}): {why}")


def test_regression_neg_method():
    t, e = _both("out = torch.tensor([1.0, -2.0]).neg().tolist()")
    assert e == t == [-1.0, 2.0]


def test_regression_inplace_unary_saved_output():
    src = """
x = torch.tensor([0.5, -1.5], dtype=torch.float64, requires_grad=True)
y = x * 1
y.sigmoid_()
y.mul_(2)        # torch: backward raises '... output 0 of Sigmoid, is at version 2; expected version 1'
""" + BACKWARD_OUTCOME
    t, e = _both(src)
    assert e == t


def test_regression_inplace_alias_operand():
    src = """
x = torch.tensor([0.5, -1.5], dtype=torch.float64, requires_grad=True)
y = x * 1
y.mul_(y)
""" + BACKWARD_OUTCOME
    t, e = _both(src)
    assert e == t


def test_regression_0d_dim():
    src = """
x = torch.tensor(1.5, dtype=torch.float64, requires_grad=True)
out = [float(x.sum(0)), float(x.mean(-1)), float(x.amax(0)), float(x.norm(dim=0)), float(x.t()),
       type(x.max(0)[0].grad_fn).__name__, bool(x.var(0).isnan())]
"""
    t, e = _both(src)
    assert e == t


def test_regression_retain_grad_autograd_grad():
    src = """
x = torch.tensor([0.5, -1.5], dtype=torch.float64, requires_grad=True)
y = x.exp()
y.retain_grad()
torch.autograd.grad(y.sum(), [x])
out = None if y.grad is None else y.grad.tolist()     # torch: [1.0, 1.0]
"""
    t, e = _both(src)
    assert e == t


def test_regression_relu_create_graph():
    src = """
x = torch.tensor([0.5, -1.5], dtype=torch.float64, requires_grad=True)
g, = torch.autograd.grad(x.relu().sum(), [x], create_graph=True)
out = g.requires_grad
"""
    t, e = _both(src)
    assert e == t


def test_regression_inplace_msg_node_name():
    src = """
x = torch.tensor([[0.5, 1.5]], dtype=torch.float64, requires_grad=True)
y = (x.abs() + 0.5) ** x
y.add_(2)
try:
    y.sum().backward(); out = None
except RuntimeError as err:
    out = str(err)[:str(err).index("expected version")]
"""
    t, e = _both(src)
    assert e == t


def test_regression_matmul_batched_grad_fn():
    src = """
a = torch.ones(2, 3, dtype=torch.float64, requires_grad=True)
out = type((a @ torch.ones(2, 3, 2, dtype=torch.float64)).grad_fn).__name__
"""
    t, e = _both(src)
    assert e == t


def test_regression_full_slice_grad_fn():
    t, e = _both("x = torch.ones(2, 3, requires_grad=True) * 1\nout = type(x[:].grad_fn).__name__")
    assert e == t


def test_regression_setitem_whole_grad_fn():
    src = """
x = torch.ones(2, 3, requires_grad=True) * 1
x[...] = 3.0
out = type(x.grad_fn).__name__
"""
    t, e = _both(src)
    assert e == t


def test_regression_reshape_noncontig_view():
    src = """
x = torch.tensor([[1., 2., 3.], [4., 5., 6.]], dtype=torch.float64)
z = x.t().reshape(3, 2)
z.mul_(10)
out = x.tolist()       # torch: every element multiplied by 10
"""
    t, e = _both(src)
    assert e == t


def test_regression_view_of_base_made_requires_grad():
    src = """
b = torch.zeros(3, dtype=torch.float64)
v = b[:2]
b.mul_(torch.ones(3, dtype=torch.float64, requires_grad=True))
out = (v.requires_grad, type(v.grad_fn).__name__)
"""
    t, e = _both(src)
    assert e == t


def test_regression_adv_index_noncontig():
    src = """
x = torch.arange(6, dtype=torch.float64).reshape(2, 3)
y = x[:, [2, 0]]
out = (y.is_contiguous(), tuple(y.view(-1).shape))
"""
    t, e = _both(src)
    assert e == t


def test_regression_std_zero_grad():
    src = """
x = torch.tensor([[-1.5]], dtype=torch.float64, requires_grad=True)
x.std(0, correction=0).sum().backward()
out = x.grad.tolist()     # torch: [[0.0]]
"""
    t, e = _both(src)
    assert e == t


def test_regression_retain_grad_inplace():
    src = """
x = torch.tensor([1.0, -2.0], dtype=torch.float64, requires_grad=True)
y = x * 1
y.retain_grad()
y.mul_(2)
y.sum().backward()
out = y.grad.tolist()     # torch: [1.0, 1.0]; ember [2.0, 2.0]
"""
    t, e = _both(src)
    assert e == t


def test_regression_expand_inplace():
    src = """
x = torch.ones(3, 2, dtype=torch.float64)
x.expand(3, 2).div_(2.0)
out = x.sum().item()      # torch: 3.0
"""
    t, e = _both(src)
    assert e == t


def test_regression_expand_fill():
    src = """
x = torch.zeros(1, 1, dtype=torch.float64)
x.expand(2, 3).fill_(-0.75)
out = x.tolist()          # torch: [[-0.75]]
"""
    t, e = _both(src)
    assert e == t


def test_regression_prod_single_create_graph():
    src = """
x = torch.tensor(0.9, dtype=torch.float64, requires_grad=True)
g, = torch.autograd.grad(x.prod(), [x], create_graph=True)
out = g.requires_grad     # torch: False
"""
    t, e = _both(src)
    assert e == t


def test_regression_view_grad_fn_after_base_inplace():
    src = """
x = torch.tensor([1., 2., 3.], dtype=torch.float64, requires_grad=True)
v = x.reshape(-1)
x.detach().add_(1)          # bumps the version shared by x and its view v
out = type(v.grad_fn).__name__     # torch: AsStridedBackward0
"""
    t, e = _both(src)
    assert e == t


def test_regression_prod_zero_create_graph():
    src = """
x = torch.tensor([0.0, 2.0, 3.0], dtype=torch.float64, requires_grad=True)
g, = torch.autograd.grad(x.prod(), [x], create_graph=True)
out = g.requires_grad and torch.autograd.grad(g[1], [x])[0].tolist()   # torch: [3.0, 0.0, 0.0]
"""
    t, e = _both(src)
    assert e == t


def test_regression_div_scalar_saves_self():
    src = """
x = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
y = x * 1
z = y / 2.0
y.add_(3)
z.sum().backward()
out = x.grad.tolist()     # torch: [0.5, 0.5]
"""
    t, e = _both(src)
    assert e == t


def test_regression_inplace_msg_saved_node():
    src = """
x = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
m = torch.max(x)          # MaxBackward1 saves its result m
m.zero_()
try:
    m.backward(); out = None
except RuntimeError as err:
    out = str(err)[:str(err).index("expected version")]
"""
    t, e = _both(src)
    assert e == t


def test_regression_detach_operand_second_order():
    src = """
x = torch.tensor([-1.399], dtype=torch.float64, requires_grad=True)
c = x.detach()
g, = torch.autograd.grad((x @ c) ** 2, [x], create_graph=True)
h, = torch.autograd.grad(g.sum(), [x])
out = round(h.item(), 6)     # torch: 2 * c**2 = 3.914402
"""
    t, e = _both(src)
    assert e == t


def test_regression_inplace_msg_matmul_shape():
    src = """
w = torch.ones(3, 2, dtype=torch.float64, requires_grad=True)
v = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
y = v @ w
v.add_(2.0)
try:
    y.sum().backward(); out = None
except RuntimeError as err:
    out = str(err)[:str(err).index("expected version")]
"""
    t, e = _both(src)
    assert e == t


def test_regression_arg_type_errors():
    src = """
v = torch.tensor([1.0, 2.0])
x = torch.ones(1, 2, 4, 4)
F = torch.nn.functional
out = []
for call in (lambda: F.adaptive_avg_pool1d(v, v), lambda: F.max_pool2d(x, 1.5), lambda: F.conv2d(x, x, None, 1.5),
             lambda: F.avg_pool2d(x, 2, None, 0, False, True, 1.5), lambda: F.linear(v, 2), lambda: F.fold(x, 2.0, 2),
             lambda: F.max_pool1d(v, 2, return_indices=v), lambda: F.layer_norm(x, 2.5), lambda: F.pad(x, 1.0)):
    try:
        call(); out.append(None)
    except Exception as err:
        out.append(f"{type(err).__name__}: {err}")     # torch: its parser's TypeError words (Python's for the flag)
"""
    t, e = _both(src)
    assert e == t


def test_regression_arg_type_errors_linalg_scatter():
    src = """
v = torch.tensor([1.0, 2.0])
out = []
for call in (lambda: v.reshape(2, 1).mm(0), lambda: torch.matmul(v, 1.5), lambda: v @ 1, lambda: 1 @ v,
             lambda: torch.scatter_add(v, 0, 1, v), lambda: torch.linalg.inv(1), lambda: v.outer(None)):
    try:
        call(); out.append(None)
    except Exception as err:
        out.append(str(err))     # torch: its parser's TypeError words (Python's for the operators), each
"""
    t, e = _both(src)
    assert e == t


def test_regression_arg_type_errors_checked():
    src = """
v = torch.tensor([[1.0, 2.0]])
out = []
for call in (lambda: torch.argmin(v, v), lambda: v.sum(1.5), lambda: v.transpose(0, v), lambda: v.reshape(2.0, 1),
             lambda: torch.cat([v, v], v), lambda: v.sort(0, 1), lambda: v.cumsum(None)):
    try:
        call(); out.append(None)
    except Exception as err:
        out.append(str(err))     # torch: its parser's TypeError words, each
"""
    t, e = _both(src)
    assert e == t


def test_regression_loss_mixed_dtype():
    src = """
a = torch.tensor([0.5, -1.0], dtype=torch.float32)
b = torch.tensor([1.0, 0.0], dtype=torch.float64)
F = torch.nn.functional
out = [str(F.huber_loss(a, b).dtype), str(F.binary_cross_entropy_with_logits(b, a).dtype)]   # torch: float32 x2
"""
    t, e = _both(src)
    assert e == t


def test_regression_inplace_overlap_check_order():
    src = """
v = torch.tensor([False]).expand(2)
try:
    v.abs_(); out = None
except Exception as err:
    out = type(err).__name__     # torch: RuntimeError ('unsupported operation: more than one element ...')
"""
    t, e = _both(src)
    assert e == t


def test_regression_elu_second_order_at_zero():
    src = """
out = []
for f in ("torch.nn.functional.elu(x)", "torch.nn.functional.selu(x)", "torch.nn.functional.celu(x, 0.7)"):
    x = torch.tensor([0.0], dtype=torch.float64, requires_grad=True)
    g, = torch.autograd.grad(eval(f).sum(), [x], create_graph=True)
    h, = torch.autograd.grad(g.sum(), [x])
    out.append(round(h.item(), 4))      # torch: [0.0, 0.0, 0.0]; ember [1.0, 1.7581, 1.4286]
"""
    t, e = _both(src)
    assert e == t


def test_regression_hardtanh_inplace_bounds():
    src = """
x = torch.tensor([0.5])
torch.nn.functional.hardtanh_(x, 2.0)
out = x.tolist()     # torch: [1.0]
"""
    t, e = _both(src)
    assert e == t


def test_regression_inplace_on_view_leaf():
    src = """
out = []
for make in (lambda: torch.tensor([[1.0, 2.0]]).t().requires_grad_(),
             lambda: torch.tensor([1.0, 2.0, 3.0])[::2].requires_grad_()):
    v = make()
    try:
        v[0] = -2.0; out.append(v.tolist())
    except RuntimeError as err:
        out.append(str(err)[:40])     # torch: 'a view of a leaf Variable that requires'
"""
    t, e = _both(src)
    assert e == t


def test_regression_index_put_dtype_mismatch():
    src = """
x = torch.zeros(2, 3, dtype=torch.float64)
try:
    x[:, [1]] = torch.tensor(-3); out = x.tolist()
except RuntimeError as err:
    out = str(err)[:40]     # torch: 'Index put requires the source and destina'
"""
    t, e = _both(src)
    assert e == t


def test_regression_threshold_inplace_overlap():
    src = """
v = torch.tensor([[2.0], [-3.0]]).expand(2, 2)
torch.nn.functional.threshold_(v, 1, 1)
out = v.tolist()     # torch: [[2.0, 2.0], [1.0, 1.0]]
"""
    t, e = _both(src)
    assert e == t


def test_regression_prelu_0d_shape():
    src = """
x = torch.tensor(1.669, dtype=torch.float64)
out = tuple(torch.nn.functional.prelu(x, torch.tensor([1.045], dtype=torch.float64)).shape)   # torch: ()
"""
    t, e = _both(src)
    assert e == t


def test_regression_cross_entropy_probs_grad_fn():
    src = """
x = torch.tensor([[0.5, -1.0], [2.0, 0.0]], dtype=torch.float64, requires_grad=True)
p = torch.tensor([[0.25, 0.75], [0.5, 0.5]], dtype=torch.float64)
out = type(torch.nn.functional.cross_entropy(x, p).grad_fn).__name__     # torch: DivBackward1
"""
    t, e = _both(src)
    assert e == t


def test_regression_signed_zeros():
    src = """
import math
F = torch.nn.functional
x = torch.tensor([-0.0], dtype=torch.float64)
vals = [torch.relu(x), x.clamp(min=0.0), torch.maximum(x, torch.zeros(1, dtype=torch.float64)), F.elu(x),
        F.softshrink(torch.tensor([-0.3], dtype=torch.float64))]
out = [math.copysign(1.0, float(v)) for v in vals]     # torch: [-1.0, -1.0, -1.0, -1.0, -1.0]
"""
    t, e = _both(src)
    assert e == t


def test_regression_bool_add_alpha():
    src = """
b = torch.tensor([True, False])
out = torch.add(b, b, alpha=-1).tolist()     # torch: [True, False]
"""
    t, e = _both(src)
    assert e == t


def test_regression_bool_exponent_backward():
    src = """
x = torch.tensor([0.5, 2.0], dtype=torch.float64, requires_grad=True)
y = x ** torch.tensor(True)
""" + BACKWARD_OUTCOME
    t, e = _both(src)
    assert e == t


def test_regression_index_select_empty_dim():
    src = """
x = torch.zeros(0, 1)
try:
    x.index_select(0, torch.tensor([0])); out = None
except Exception as err:
    out = type(err).__name__     # torch: RuntimeError
"""
    t, e = _both(src)
    assert e == t


def test_regression_self_copy_expanded():
    src = """
out = []
for op in ("x[..., :] = x", "x.copy_(x)"):
    x = torch.tensor([[2.0]]).expand(3, 2)
    try:
        exec(op); out.append(x.tolist())     # torch: [[2.0, 2.0], [2.0, 2.0], [2.0, 2.0]]
    except RuntimeError as err:
        out.append(str(err)[:30])
"""
    t, e = _both(src)
    assert e == t


def test_regression_cross_entropy_0d_input():
    src = """
try:
    torch.nn.functional.cross_entropy(torch.tensor(1.0), torch.tensor([2, 1])); out = None
except Exception as err:
    out = type(err).__name__     # torch: IndexError
"""
    t, e = _both(src)
    assert e == t


def test_regression_adv_index_empty_bounds():
    """torch checks no index when the result is empty: zeros(0, 1)[:, tensor([2, 2, 0])] has shape (0, 3)."""
    src = """
try:
    out = tuple(torch.zeros(0, 1)[:, torch.tensor([2, 2, 0])].shape)     # torch: (0, 3)
except IndexError as err:
    out = str(err)
"""
    t, e = _both(src)
    assert e == t


def test_regression_threshold_int_nan():
    src = """
try:
    out = torch.nn.functional.threshold(torch.tensor([1, 2]), float('nan'), 0.0).tolist()
except RuntimeError as err:
    out = str(err)[:40]     # torch: 'value cannot be converted to type int64_t'
"""
    t, e = _both(src)
    assert e == t


def test_regression_clamp_bounds_broadcast_error():
    src = """
x = torch.ones(2, 3, dtype=torch.float64)
try:
    torch.clamp(x, torch.zeros(3, dtype=torch.float64), torch.ones(2, dtype=torch.float64)); out = None
except Exception as err:
    out = type(err).__name__     # torch: RuntimeError
"""
    t, e = _both(src)
    assert e == t


def test_regression_index_put_expanded():
    src = """
x = torch.tensor([1.5], dtype=torch.float64, requires_grad=True)
v = x.exp().expand(2, 1)
try:
    v[:, [0]] = 0.5; out = v.tolist()     # torch: [[0.5], [0.5]]
except RuntimeError as err:
    out = str(err)[:40]
"""
    t, e = _both(src)
    assert e == t


def test_regression_threshold_create_graph():
    src = """
x = torch.tensor([1.455, 0.05], dtype=torch.float64, requires_grad=True)
g, = torch.autograd.grad(torch.threshold(x, 0.1, 2.0).sum(), [x], create_graph=True)
out = g.requires_grad     # torch: True
"""
    t, e = _both(src)
    assert e == t


def test_regression_max_all_create_graph_precision():
    src = """
x = torch.tensor([1.455, 0.5], dtype=torch.float64, requires_grad=True)
g, = torch.autograd.grad((x / x.max()).sum(), [x], create_graph=True)
out = g.tolist()     # torch: [-0.23618048912979295, 0.6872852233676976]
"""
    t, e = _both(src)
    assert e == t


def test_regression_elu_nan_alpha_at_zero():
    src = """
x = torch.tensor([0.0, 1.0], dtype=torch.float64)
out = [torch.nn.functional.celu(x, float('nan')).tolist(), torch.nn.functional.elu(x, float('nan')).tolist()]
"""   # torch: [[0.0, 1.0], [0.0, 1.0]]
    t, e = _both(src)
    assert e == t
