"""Math conventions the differential fuzzer found ember getting wrong, against live torch 2.13: the sign of
zero results (relu, clamp, maximum/minimum, elu, softshrink), second derivatives at a kink, threshold's
backward under create_graph and its integer Scalars, the whole-tensor max's gradient under create_graph.

Each case runs the same code on ember and on torch (``behave.same``: values, dtypes, shapes, flags, grad_fn
names, gradients, exception types and messages).
"""
from __future__ import annotations

import math

import pytest
from behave import same, torch  # noqa: F401  (skips without torch)

INF, NAN = float("inf"), float("nan")
SPECIAL = [-0.0, 0.0, -0.3, 0.3, NAN, -INF, INF]


def cases(*fns):
    return pytest.mark.parametrize("fn", fns, ids=[f"case{i}" for i in range(len(fns))])


def signs(t):
    """The sign bit of every element (NaN as 'nan'): ``allclose`` does not tell -0.0 from 0.0."""
    return [("nan" if v != v else math.copysign(1.0, v)) for v in t.detach().reshape(-1).tolist()]


def second(T, f, values, dtype=None):
    """First gradient (create_graph), its grad_fn, and the gradient of a weighted sum of it."""
    x = T.tensor(values, dtype=dtype or T.float64, requires_grad=True)
    g, = T.autograd.grad(f(T, x).sum(), [x], create_graph=True)
    w = T.arange(1, x.numel() + 1, dtype=x.dtype).reshape(x.shape)
    h = T.autograd.grad((g * w).sum(), [x], allow_unused=True)[0] if g.requires_grad else None
    return [g, g.requires_grad, None if g.grad_fn is None else type(g.grad_fn).__name__, h]


# ---------------------------------------------------------------------------------------------
# signed zeros: torch's kernels return their first operand at a tie (max(-0.0, 0.0) is -0.0)
def _zeros(T):
    return T.tensor([0.0, -0.0, 0.0, -0.0, -0.0, 0.0, -0.0], dtype=T.float64)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@cases(
    lambda T, x: T.relu(x), lambda T, x: x.relu(), lambda T, x: T.nn.functional.relu(x),
    lambda T, x: x.clone().relu_(), lambda T, x: T.nn.functional.relu(x.clone(), inplace=True),
    lambda T, x: x.clamp(min=0.0), lambda T, x: x.clamp(min=-0.0), lambda T, x: x.clamp(max=0.0),
    lambda T, x: x.clamp(max=-0.0), lambda T, x: x.clamp(0.0, 0.0), lambda T, x: x.clamp(-0.0, 0.0),
    lambda T, x: x.clamp(0.0, -0.0), lambda T, x: x.clip(-0.0, 0.3), lambda T, x: x.clone().clamp_(min=0.0),
    lambda T, x: T.clamp(x, _zeros(T).to(x.dtype)), lambda T, x: T.clamp(x, max=_zeros(T).to(x.dtype)),
    lambda T, x: T.clamp(x, _zeros(T).to(x.dtype), -_zeros(T).to(x.dtype)),
    lambda T, x: T.maximum(x, _zeros(T).to(x.dtype)), lambda T, x: T.maximum(_zeros(T).to(x.dtype), x),
    lambda T, x: T.minimum(x, _zeros(T).to(x.dtype)), lambda T, x: T.minimum(_zeros(T).to(x.dtype), x),
    lambda T, x: T.max(x, _zeros(T).to(x.dtype)), lambda T, x: T.min(_zeros(T).to(x.dtype), x),
    lambda T, x: T.nn.functional.elu(x), lambda T, x: T.nn.functional.selu(x),
    lambda T, x: T.nn.functional.celu(x, 0.7), lambda T, x: T.nn.functional.leaky_relu(x),
    lambda T, x: T.nn.functional.relu6(x), lambda T, x: T.nn.functional.hardtanh(x),
    lambda T, x: T.nn.functional.softshrink(x), lambda T, x: T.nn.functional.softshrink(x, 0.1),
    lambda T, x: T.nn.functional.hardshrink(x), lambda T, x: T.nn.functional.threshold(x, 0.0, -0.0),
    lambda T, x: T.nn.functional.logsigmoid(x), lambda T, x: T.nn.functional.softplus(x),
    lambda T, x: T.nn.functional.mish(x), lambda T, x: T.nn.functional.hardswish(x),
)
def test_signed_zeros_and_nan(fn, dtype):
    def f(T):
        out = fn(T, T.tensor(SPECIAL, dtype=getattr(T, dtype)))
        return [out, signs(out)]
    same(f)


# ---------------------------------------------------------------------------------------------
# second derivatives at a kink and under create_graph
@cases(
    lambda T: second(T, lambda T, x: T.nn.functional.elu(x), [0.0, -0.5, 0.7, NAN, -3.0]),
    lambda T: second(T, lambda T, x: T.nn.functional.selu(x), [0.0, -0.5, 0.7, NAN, -3.0]),
    lambda T: second(T, lambda T, x: T.nn.functional.celu(x, 0.7), [0.0, -0.5, 0.7, NAN, -3.0]),
    lambda T: second(T, lambda T, x: T.nn.functional.elu(x, alpha=2.0), [0.0, -0.5, 0.7]),
    lambda T: second(T, lambda T, x: T.nn.functional.elu(x * 1, inplace=True) ** 2, [0.0, -0.5, 0.7]),
    lambda T: second(T, lambda T, x: T.selu_(x * 1) ** 2, [0.0, -0.5, 0.7]),
    lambda T: second(T, lambda T, x: T.nn.functional.celu(x * 1, 0.7, inplace=True) ** 2, [0.0, -0.5, 0.7]),
    lambda T: second(T, lambda T, x: T.nn.functional.elu(x) ** 2, [0.0, -0.5, 0.7, -3.0]),
    lambda T: second(T, lambda T, x: T.threshold(x, 0.1, 2.0), [1.455, 0.05, 0.1]),
    lambda T: second(T, lambda T, x: T.threshold(x, 0.1, 2.0) ** 2, [1.455, 0.05, 0.1, NAN]),
    lambda T: second(T, lambda T, x: T.nn.functional.threshold(x * 1, 0.1, 2.0, inplace=True) ** 2, [1.455, 0.05]),
    lambda T: second(T, lambda T, x: T.nn.functional.threshold(x, -1.0, 0.0), [1.455, -2.0], dtype=T.float32),
    lambda T: second(T, lambda T, x: T.relu(x - 0.1) ** 2, [1.455, 0.05]),
    lambda T: second(T, lambda T, x: x / x.max(), [1.455, 0.5]),
    lambda T: second(T, lambda T, x: x / x.max(), [1.455, 0.5, 1.455]),
    lambda T: second(T, lambda T, x: x * x.min(), [1.455, 0.5, 0.5]),
    lambda T: second(T, lambda T, x: x / x.max(), [1.455, 0.5], dtype=T.float32),
    lambda T: second(T, lambda T, x: T.max(x) * x, [[1.455, NAN], [0.5, 2.0]]),
)
def test_second_order(fn):
    same(fn, rtol=1e-12, atol=1e-12)


def test_threshold_backward_node_saves_threshold():
    def f(T):
        x = T.tensor([1.455, 0.05], dtype=T.float64, requires_grad=True)
        g, = T.autograd.grad(T.threshold(x, 0.1, 2.0).sum(), [x], create_graph=True)
        r, = T.autograd.grad(T.relu(x).sum(), [x], create_graph=True)
        return [g.grad_fn._saved_threshold, g.grad_fn._saved_self is x, r.grad_fn._saved_threshold]
    same(f)


# ---------------------------------------------------------------------------------------------
# integer threshold / hardtanh: the numbers are converted to the tensor's dtype as torch converts a Scalar
@pytest.mark.parametrize("dtype", ["int64", "int32", "int8", "uint8"])
@pytest.mark.parametrize("args", [(NAN, 0.0), (1.5, 0.0), (INF, 0), (1, NAN), (1, 2.7), (1, 1e30), (1e30, 1),
                                  (2 ** 63, 1), (-2 ** 63, 1), (-1.5, 0), (255.5, 0), (-0.5, 0), (254.9, 1),
                                  (1, -1.5), (-1, -1), (True, 2)])
@pytest.mark.parametrize("name", ["threshold", "threshold_", "hardtanh", "hardtanh_"])
def test_integer_scalar_arguments(name, args, dtype):
    def f(T):
        x = T.tensor([-2, 1, 2, 3], dtype=getattr(T, dtype)) if dtype != "uint8" else T.tensor([1, 2, 3, 200],
                                                                                                 dtype=T.uint8)
        return [getattr(T.nn.functional, name)(x, *args), x]
    same(f)


# ---------------------------------------------------------------------------------------------
# x ** bool tensor: torch saves the bool exponent and its backward refuses it (bool - 1)
@cases(
    lambda T, x: x ** T.tensor(True), lambda T, x: x ** T.tensor([True, False]), lambda T, x: x ** True,
    lambda T, x: T.pow(x, T.tensor([False, True])), lambda T, x: x.pow(T.tensor(False)),
    lambda T, x: (x * 1).pow_(T.tensor(True)), lambda T, x: T.tensor([True, False]) ** x,
    lambda T, x: x.float() ** T.tensor([True, False]), lambda T, x: (x * 2).int() ** T.tensor(True),
)
def test_bool_exponent(fn):
    def f(T):
        x = T.tensor([0.5, 2.0], dtype=T.float64, requires_grad=True)
        y = fn(T, x)
        out = [y, None if y.grad_fn is None else y.grad_fn._saved_exponent]
        if y.requires_grad:
            try:
                y.sum().backward()
                out.append(x.grad)
            except RuntimeError as err:
                out.append(str(err))
        return out
    same(f)


# ---------------------------------------------------------------------------------------------
# clamp with tensor bounds that do not broadcast: torch's TensorIterator error, folding input, min, max
@pytest.mark.parametrize("form", ["clamp", "clamp_", "clip", "clamp_min", "clamp_max", "clamp_min_"])
@pytest.mark.parametrize("lo,hi", [((3,), (2,)), ((2,), (3,)), ((2,), None), (None, (2,)), ((4,), (2, 3)),
                                   ((2, 3), (4,)), ((1,), (5, 1, 3)), ((3,), (2, 1)), ((2, 1), (1, 3))])
def test_clamp_bounds_broadcast(form, lo, hi):
    def f(T):
        x = T.ones(2, 3, dtype=T.float64)
        b = [None if s is None else T.zeros(s, dtype=T.float64) for s in (lo, hi)]
        if form in ("clamp_min", "clamp_min_"):
            return getattr(T, form)(x.clone(), b[0] if b[0] is not None else b[1])
        if form == "clamp_max":
            return T.clamp_max(x, b[1] if b[1] is not None else b[0])
        return getattr(x.clone(), form)(*b)
    same(f)


# ---------------------------------------------------------------------------------------------
# clamp_min / clamp_max: torch's nodes, saved values, gradients, promotion and errors
BOUNDS = {"float": 0.3, "int": 1, "0d": "0d", "tensor": "tensor", "tensor_rg": "tensor_rg"}


@pytest.mark.parametrize("bound", list(BOUNDS))
@pytest.mark.parametrize("form", ["function", "method", "inplace_method", "inplace_function"])
@pytest.mark.parametrize("name", ["clamp_min", "clamp_max"])
def test_clamp_min_max(name, form, bound):
    def f(T):
        x = T.tensor([0.5, -1.0, 2.0, 0.3, NAN], dtype=T.float64, requires_grad=True)
        b = BOUNDS[bound]
        lo = None
        if b == "0d":
            b = T.tensor(0.3, dtype=T.float64)
        elif b in ("tensor", "tensor_rg"):
            lo = b = T.tensor([0.0, 0.0, 3.0, 0.3, 0.1], dtype=T.float64, requires_grad=b == "tensor_rg")
        y = {"function": lambda: getattr(T, name)(x, b), "method": lambda: getattr(x, name)(b),
             "inplace_method": lambda: getattr(x * 1, name + "_")(b),
             "inplace_function": lambda: getattr(T, name + "_")(x * 1, b)}[form]()
        saved = getattr(y.grad_fn, "_saved_" + name[-3:])
        y.backward(T.tensor([1.0, 2.0, 3.0, 4.0, INF], dtype=T.float64))
        return [y, saved, x.grad, None if lo is None else lo.grad]
    same(f)


@pytest.mark.parametrize("name", ["clamp_min", "clamp_max", "clamp_min_", "clamp_max_"])
@cases(
    lambda T: (T.tensor([1, 2, 3]), 1.5), lambda T: (T.tensor([1, 2, 3]), 2), lambda T: (T.tensor([True]), True),
    lambda T: (T.tensor([True]), T.tensor(True)), lambda T: (T.tensor([1 + 1j]), 1),
    lambda T: (T.tensor([1, 2]), T.tensor(1.5)), lambda T: (T.ones(2, 3), T.ones(4)), lambda T: (T.ones(2), None),
    lambda T: (T.ones(2), "a"), lambda T: (2.0, T.ones(2)), lambda T: (T.ones(2), [1.0]),
    lambda T: (T.tensor([1.0, 2.0], dtype=T.float16), 1e6), lambda T: (T.tensor([1, 2], dtype=T.uint8), 300),
    lambda T: (T.zeros(0, 3), 1.0), lambda T: (T.ones(3, 1), T.zeros(1, 4)), lambda T: (T.tensor(2.0), 1.0),
    lambda T: (T.tensor([[1.0, -2.0], [3.0, 0.0]]).t(), 0.0),
    lambda T: (T.tensor([[1.0, -2.0], [3.0, 0.0]]).t(), T.zeros(2, 2)),
)
def test_clamp_min_max_arguments(fn, name):
    def f(T):
        a, b = fn(T)
        out = getattr(T, name)(a, b)
        return [out, out.stride()]
    same(f)
    if name.endswith("_"):
        same(lambda T: (lambda a, b: getattr(a, name)(b))(*fn(T)))
    else:
        same(lambda T: (lambda a, b: [getattr(a, name)(b)] if isinstance(a, T.Tensor) else None)(*fn(T)))


# ---------------------------------------------------------------------------------------------
# a wrong-typed argument: torch's argument parser's TypeError and words
@cases(
    lambda T, x: x.softmax(x), lambda T, x: x.log_softmax(x, 0.5), lambda T, x: x.softmax(1, 1),
    lambda T, x: x.softmax(True), lambda T, x: x.softmax(1.0), lambda T, x: x.softmax(T.tensor(1)),
    lambda T, x: x.log_softmax(1, None), lambda T, x: T.nn.functional.softmax(x, x),
    lambda T, x: T.nn.functional.log_softmax(x, 1.0), lambda T, x: T.nn.functional.softmin(x, x),
    lambda T, x: T.nn.functional.elu(x, x), lambda T, x: T.nn.functional.elu(x, x, True),
    lambda T, x: T.nn.functional.elu(x, None), lambda T, x: T.nn.functional.elu(x, T.tensor(1.0)),
    lambda T, x: T.nn.functional.celu(x, x), lambda T, x: T.celu_(x.clone(), x),
    lambda T, x: T.nn.functional.leaky_relu(x, x), lambda T, x: T.nn.functional.leaky_relu(x, None, True),
    lambda T, x: T.nn.functional.softplus(x, x), lambda T, x: T.nn.functional.softplus(x, 1, x),
    lambda T, x: T.nn.functional.softshrink(x, x), lambda T, x: T.nn.functional.hardshrink(x, "a"),
    lambda T, x: x.hardshrink(x), lambda T, x: T.threshold(x, x, 0.5), lambda T, x: T.threshold(x, 1, x),
    lambda T, x: T.threshold_(x.clone(), None, 0.5), lambda T, x: T.nn.functional.threshold(x, x, 1.0),
    lambda T, x: T.threshold(x, T.tensor(1.0), 0.5), lambda T, x: T.threshold(1, 1, 1),
    lambda T, x: T.nn.functional.glu(x, x), lambda T, x: T.nn.functional.glu(x, 1.0),
    lambda T, x: T.nn.functional.glu(x, True), lambda T, x: T.nn.functional.glu(x, T.tensor(1)),
    lambda T, x: T.nn.functional.prelu(x, 0.5), lambda T, x: T.prelu(x, None), lambda T, x: T.nn.functional.gelu(x, 1),
    lambda T, x: T.nn.functional.hardtanh_(x.clone(), x), lambda T, x: T.nn.functional.hardtanh_(x.clone(), 1, x),
    lambda T, x: T.nn.functional.bilinear(x, 0.5, 0.5), lambda T, x: T.nn.functional.bilinear(x, x, x > 0, 0.5),
    lambda T, x: T.nn.functional.cross_entropy(x, 0.5), lambda T, x: T.nn.functional.cross_entropy(1, x),
    lambda T, x: T.nn.functional.cross_entropy(x, x, 0.5),
    lambda T, x: T.nn.functional.cross_entropy(x, T.tensor([0, 1]), ignore_index=0.5),
    lambda T, x: T.nn.functional.cross_entropy(x, T.tensor([0, 1]), ignore_index=True),
    lambda T, x: T.nn.functional.cross_entropy(x, T.tensor([0, 1]), ignore_index=T.tensor(1)),
    lambda T, x: T.nn.functional.cross_entropy(x, T.tensor([0, 1]), label_smoothing=x),
    lambda T, x: T.nn.functional.cross_entropy(x, T.tensor([0, 1]), label_smoothing=1),
    lambda T, x: T.nn.functional.nll_loss(x, 1), lambda T, x: T.nn.functional.nll_loss(x, T.tensor([0, 1]), 0.5),
    lambda T, x: T.nn.functional.nll_loss(x, T.tensor([0, 1]), ignore_index=0.5),
    lambda T, x: T.nn.functional.kl_div(x, 1), lambda T, x: T.nn.functional.soft_margin_loss(1, x),
    lambda T, x: x.clamp(x, 0.5), lambda T, x: T.clamp(x, 1, x), lambda T, x: T.clamp(x, x, None),
)
def test_wrong_typed_arguments(fn):
    same(lambda T: fn(T, T.tensor([[0.5, -1.0], [2.0, 0.0]], dtype=T.float64)), msg_upto="expected one of:")


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_addcdiv_rounds_in_torchs_order(dtype):
    # torch computes self + (value * t1) / t2; value * (t1 / t2) differs in the last bit for ~20% of float32s
    def program(lib):
        g = lib.Generator().manual_seed(0)
        dt = getattr(lib, dtype)
        a, b = lib.randn(4096, generator=g, dtype=dt), lib.randn(4096, generator=g, dtype=dt)
        c = lib.rand(4096, generator=g, dtype=dt) + 0.1
        return lib.addcdiv(a, b, c, value=0.37), a.clone().addcdiv_(b, c, value=-2.5)
    same(program, rtol=0, atol=0)
