"""ember.nn's layers against torch 2.13 with the same weights: outputs, input and parameter gradients,
grad_fn names, reprs, state_dict keys and errors; initialisation; a training run.

Weights never come from a random stream: each ember module loads the state dict of its torch twin
(through NumPy), so the comparisons hold whatever either library draws.
"""
from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from behave import catch, ember, mask, record_warnings, same, torch  # skips without torch
from oracle import assert_close


def copy_weights(e_mod, t_mod):
    """Load torch module ``t_mod``'s state into ember module ``e_mod`` (through NumPy)."""
    state = {k: ember.from_numpy(v.detach().numpy().copy()) for k, v in t_mod.state_dict().items()}
    result = e_mod.load_state_dict(state)
    assert repr(result) == "<All keys matched successfully>"


def pair(build):
    """The module ``build(lib)`` makes, in torch and in ember, holding the same weights."""
    t_mod, e_mod = build(torch), build(ember)
    copy_weights(e_mod, t_mod)
    return e_mod, t_mod


def inputs(shapes, dtype="float64", seed=0, scale=2.0):
    rng = np.random.default_rng(seed)
    return [rng.uniform(-scale, scale, size=s).astype(dtype) for s in shapes]


def check_module(build, shapes, dtype="float64", scale=2.0, seed=0, rtol=None, atol=None):
    """Forward, grad_fn, backward (inputs and parameters), repr and state_dict keys agree with torch."""
    e_mod, t_mod = pair(build)
    if dtype == "float32":
        e_mod.float(), t_mod.float()
    else:
        e_mod.double(), t_mod.double()
    arrays = inputs(shapes, dtype, seed, scale)
    e_in = [ember.from_numpy(a.copy()).requires_grad_() for a in arrays]
    t_in = [torch.from_numpy(a.copy()).requires_grad_() for a in arrays]
    e_out, t_out = e_mod(*e_in), t_mod(*t_in)
    assert_close(e_out, t_out, rtol, atol, what="forward")
    assert type(e_out.grad_fn).__name__ == type(t_out.grad_fn).__name__
    go = np.random.default_rng(seed + 1).standard_normal(tuple(t_out.shape)).astype(dtype)
    e_out.backward(ember.from_numpy(go.copy()))
    t_out.backward(torch.from_numpy(go.copy()))
    for i, (a, b) in enumerate(zip(e_in, t_in)):
        assert_close(a.grad, b.grad, rtol, atol, what=f"grad of input {i}")
    e_params, t_params = dict(e_mod.named_parameters()), dict(t_mod.named_parameters())
    assert list(e_params) == list(t_params)
    for name in t_params:
        assert_close(e_params[name].grad, t_params[name].grad, rtol, atol, what=f"grad of {name}")
    assert repr(e_mod) == repr(t_mod)
    assert list(e_mod.state_dict()) == list(t_mod.state_dict())
    return e_mod, t_mod


# ---------------------------------------------------------------- linear layers
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("shape", [(5, 3), (2, 4, 3), (3,), (0, 3)], ids=["2d", "3d", "1d", "empty"])
@pytest.mark.parametrize("bias", [True, False])
def test_linear(shape, bias, dtype):
    check_module(lambda m: m.nn.Linear(3, 4, bias=bias), [shape], dtype)


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("shapes", [[(5, 3), (5, 2)], [(2, 3, 3), (2, 3, 2)], [(3,), (2,)]], ids=["2d", "3d", "1d"])
def test_bilinear(shapes, bias):
    check_module(lambda m: m.nn.Bilinear(3, 2, 4, bias=bias), shapes)


def test_identity_flatten_unflatten():
    check_module(lambda m: m.nn.Identity(54, unused=1), [(2, 3)])
    check_module(lambda m: m.nn.Flatten(), [(2, 3, 4)])
    check_module(lambda m: m.nn.Flatten(0, 1), [(2, 3, 4)])
    check_module(lambda m: m.nn.Unflatten(1, (2, 3)), [(4, 6)])
    check_module(lambda m: m.nn.Unflatten(-1, [3, -1]), [(2, 6)])


def test_linear_wrong_in_features():
    def f(m):
        lin = m.nn.Linear(3, 5)
        out = []
        for shape in [(2, 4), (2, 2, 4), (4,)]:
            out.append(catch(lambda: lin(m.ones(*shape))))
        lin2 = m.nn.Linear(3, 5, bias=False)
        for shape in [(2, 4), (2, 2, 4), (4,)]:
            out.append(catch(lambda: lin2(m.ones(*shape))))
        return out
    got = same(f)
    assert got[0].msg == "mat1 and mat2 shapes cannot be multiplied (2x4 and 3x5)"


def test_bilinear_errors():
    def f(m):
        bl = m.nn.Bilinear(3, 4, 2)
        return [catch(lambda: bl(m.ones(5, 3), m.ones(5, 3))), catch(lambda: bl(m.ones(5, 3), m.ones(4, 4))),
                catch(lambda: bl(m.ones(5, 2), m.ones(5, 4))), catch(lambda: bl(m.ones(5, 3), m.ones(4))),
                catch(lambda: m.nn.functional.bilinear(m.ones(5, 3), m.ones(5, 4), m.ones(2, 3, 4), m.ones(3)))]
    same(f)


def test_linear_grad_fns_as_torch():
    """The node under the output, for every input rank, with and without bias (torch folds to addmm)."""
    def f(m):
        lin = m.nn.Linear(3, 2)
        lin_nb = m.nn.Linear(3, 2, bias=False)
        xs = [m.ones(3, requires_grad=True), m.ones(4, 3, requires_grad=True), m.ones(2, 4, 3, requires_grad=True)]
        return [type(layer(x).grad_fn).__name__ for layer in (lin, lin_nb) for x in xs]
    same(f)


# ---------------------------------------------------------------- activation modules
ACTIVATIONS = [
    ("ReLU", lambda nn: nn.ReLU(), {}), ("ReLU6", lambda nn: nn.ReLU6(), {"scale": 8.0}),
    ("LeakyReLU", lambda nn: nn.LeakyReLU(0.2), {}), ("PReLU", lambda nn: nn.PReLU(), {}),
    ("PReLU3", lambda nn: nn.PReLU(3, init=0.1), {}), ("ELU", lambda nn: nn.ELU(0.5), {}),
    ("SELU", lambda nn: nn.SELU(), {}), ("CELU", lambda nn: nn.CELU(0.7), {}), ("GELU", lambda nn: nn.GELU(), {}),
    ("GELU_tanh", lambda nn: nn.GELU("tanh"), {}), ("SiLU", lambda nn: nn.SiLU(), {}),
    ("Mish", lambda nn: nn.Mish(), {}),
    ("Sigmoid", lambda nn: nn.Sigmoid(), {}), ("Tanh", lambda nn: nn.Tanh(), {}),
    ("Softmax", lambda nn: nn.Softmax(1), {}), ("LogSoftmax", lambda nn: nn.LogSoftmax(dim=-1), {}),
    ("Softmin", lambda nn: nn.Softmin(1), {}), ("Softplus", lambda nn: nn.Softplus(), {}),
    ("Softplus_beta", lambda nn: nn.Softplus(2.0, 1.0), {}), ("Softsign", lambda nn: nn.Softsign(), {}),
    ("Softshrink", lambda nn: nn.Softshrink(), {}), ("Hardshrink", lambda nn: nn.Hardshrink(0.3), {}),
    ("Tanhshrink", lambda nn: nn.Tanhshrink(), {}), ("Hardtanh", lambda nn: nn.Hardtanh(-0.5, 1.5), {}),
    ("Hardsigmoid", lambda nn: nn.Hardsigmoid(), {"scale": 4.0}),
    ("Hardswish", lambda nn: nn.Hardswish(), {"scale": 4.0}),
    ("LogSigmoid", lambda nn: nn.LogSigmoid(), {}), ("Threshold", lambda nn: nn.Threshold(0.1, 20.0), {}),
    ("GLU", lambda nn: nn.GLU(), {}), ("GLU_dim0", lambda nn: nn.GLU(0), {}),
]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name,build,kw", ACTIVATIONS, ids=[a[0] for a in ACTIVATIONS])
def test_activation_module(name, build, kw, dtype):
    check_module(lambda m: build(m.nn), [(2, 3, 4)], dtype, scale=kw.get("scale", 2.0))


INPLACE = [("ReLU", lambda nn: nn.ReLU(inplace=True)), ("ReLU6", lambda nn: nn.ReLU6(True)),
           ("LeakyReLU", lambda nn: nn.LeakyReLU(0.1, True)), ("ELU", lambda nn: nn.ELU(inplace=True)),
           ("SELU", lambda nn: nn.SELU(True)), ("CELU", lambda nn: nn.CELU(0.5, True)),
           ("SiLU", lambda nn: nn.SiLU(True)), ("Mish", lambda nn: nn.Mish(True)),
           ("Hardtanh", lambda nn: nn.Hardtanh(inplace=True)), ("Hardsigmoid", lambda nn: nn.Hardsigmoid(True)),
           ("Hardswish", lambda nn: nn.Hardswish(True)), ("Threshold", lambda nn: nn.Threshold(0.1, 2.0, True))]


@pytest.mark.parametrize("name,build", INPLACE, ids=[a[0] for a in INPLACE])
def test_inplace_activation_modules(name, build):
    """In place on a non-leaf: the input itself is returned, modified, with torch's node and gradient."""
    def f(m):
        x = m.tensor(inputs([(2, 5)], scale=3.0)[0], requires_grad=True)
        y = x * 1
        mod = build(m.nn)
        out = mod(y)
        out.backward(m.arange(10.0, dtype=m.float64).reshape(2, 5))
        return [out is y, out, y._version, x.grad, repr(mod)]
    same(f)


def test_inplace_activation_of_a_leaf_is_refused():
    same(lambda m: catch(lambda: m.nn.ELU(inplace=True)(m.ones(2, requires_grad=True))))
    same(lambda m: m.nn.ReLU6(inplace=True)(m.tensor([-1.0, 7.0, 3.0])))


def test_inplace_negative_slope_backward_error():
    def f(m):
        x = m.tensor([-1.0, 2.0], requires_grad=True)
        errs = []
        for fn in (lambda y: m.nn.functional.leaky_relu(y, -0.1, inplace=True),
                   lambda y: m.nn.functional.elu(y, -0.5, inplace=True)):
            out = fn(x * 1)
            errs.append(catch(lambda: out.sum().backward()))
        return errs
    same(f)


def test_functional_activation_errors():
    def f(m):
        fn = m.nn.functional
        i = m.arange(-2, 3)
        b = m.tensor([True, False])
        x = m.tensor([-1.0, 0.5, 2.0])
        return [catch(lambda: fn.gelu(x, approximate="foo")), catch(lambda: fn.softshrink(x, -1)),
                catch(lambda: fn.softshrink(x.double(), -0.5)), catch(lambda: fn.hardtanh(x, 2.0, 1.0)),
                catch(lambda: fn.celu(x, 0.0)), catch(lambda: fn.glu(m.tensor(1.0))),
                catch(lambda: fn.glu(m.ones(3, 3))), catch(lambda: fn.glu(m.ones(2, 4), 2)),
                catch(lambda: fn.prelu(m.ones(2, 3), m.ones(4))), catch(lambda: fn.prelu(m.ones(2, 3), m.ones(2, 2))),
                catch(lambda: fn.prelu(m.ones(2, 3), m.ones(1, 3))),
                catch(lambda: fn.prelu(m.ones(2, 3), m.ones(3).double())),
                catch(lambda: fn.prelu(m.tensor(1.0), m.ones(3))),
                catch(lambda: fn.prelu(i, m.ones(1))), fn.prelu(m.ones(2, 3), m.tensor(0.5)),
                catch(lambda: fn.elu([1.0])), fn.hardtanh(i), fn.relu6(i * 3), fn.threshold(i, 0, 9),
                catch(lambda: fn.hardtanh(b)), catch(lambda: fn.threshold(b, 0, 1))] + \
            [catch(lambda g=g: g(t)) for g in (fn.elu, fn.selu, fn.celu, fn.leaky_relu, fn.gelu, fn.silu, fn.mish,
                                               fn.softplus, fn.softshrink, fn.hardshrink, fn.hardsigmoid, fn.hardswish,
                                               fn.logsigmoid, fn.glu) for t in (i, b)]
    same(f)


def test_activation_exports_match_torch():
    """``ember.X`` and ``Tensor.X`` exist exactly where torch has them."""
    names = ["relu", "relu_", "relu6", "leaky_relu", "prelu", "elu", "selu", "selu_", "celu", "celu_", "gelu", "silu",
             "mish", "softplus", "softshrink", "hardshrink", "hardtanh", "hardsigmoid", "hardswish", "logsigmoid",
             "threshold", "threshold_", "glu", "softsign", "tanhshrink", "softmin"]
    same(lambda m: [(n, hasattr(m, n), hasattr(m.ones(1), n), hasattr(m.nn.functional, n)) for n in names])
    same(lambda m: [hasattr(m.nn.functional, n + "_") for n in ("elu", "leaky_relu", "hardtanh", "relu", "selu",
                                                                 "celu", "threshold")])


def test_top_level_and_method_forms():
    def f(m):
        x = m.tensor([[-1.5, 0.2, 0.7], [2.0, -0.1, 0.4]], requires_grad=True)
        w = m.tensor([0.1, 0.2, 0.3], requires_grad=True)
        y = x * 1
        outs = [m.selu(x), m.celu(x, 0.5), m.threshold(x, 0.3, -1.0), m.prelu(x, w), x.prelu(w), m.hardshrink(x, 0.3),
                x.hardshrink(), m.selu_(y * 1), m.celu_(y * 1), m.threshold_(y * 1, 0.0, 5.0), m.relu_(y * 1)]
        return outs + [[type(o.grad_fn).__name__ for o in outs]]
    same(f)


def test_saved_parameters_shown_as_torch():
    def f(m):
        fn = m.nn.functional
        x = m.tensor([-1.0, 0.5], requires_grad=True)
        e = fn.elu(x, 0.5)
        return [e.grad_fn._saved_alpha, e.grad_fn._saved_scale, e.grad_fn._saved_input_scale,
                fn.selu(x).grad_fn._saved_alpha, fn.gelu(x, approximate="tanh").grad_fn._saved_approximate,
                fn.softplus(x, 2).grad_fn._saved_beta, fn.hardtanh(x).grad_fn._saved_min_val,
                fn.leaky_relu(x).grad_fn._saved_negative_slope, fn.threshold(x, 1.0, 2.0).grad_fn._saved_threshold,
                fn.softshrink(x).grad_fn._saved_lambd, fn.gelu(x).grad_fn._saved_self]
    same(f)


def test_softmax_modules_without_dim_warn_as_torch():
    def f(m):
        x = m.ones(2, 3)
        return [record_warnings(lambda mod=mod: mod(x)) for mod in (m.nn.Softmax(), m.nn.LogSoftmax(),
                                                                            m.nn.Softmin())]
    same(f)


# ---------------------------------------------------------------- initialisation
def test_linear_default_init_bounds():
    """kaiming_uniform_(a=sqrt(5)) and a bias in +-1/sqrt(fan_in): both U(-1/sqrt(in), 1/sqrt(in))."""
    lin = ember.nn.Linear(400, 300)
    bound = 1 / math.sqrt(400)
    w, b = lin.weight.detach().numpy(), lin.bias.detach().numpy()
    assert w.shape == (300, 400) and b.shape == (300,) and w.dtype == np.float32
    assert np.abs(w).max() <= bound and np.abs(b).max() <= bound
    assert abs(w.std() - bound / math.sqrt(3)) < 0.01 * bound
    assert abs(w.mean()) < 0.01 * bound
    assert lin.weight.requires_grad and lin.weight.is_leaf
    bl = ember.nn.Bilinear(20, 30, 40)
    assert np.abs(bl.weight.detach().numpy()).max() <= 1 / math.sqrt(20)


def test_init_draws_torchs_stream():
    """Tensor.uniform_/normal_ draw torch's numbers, so seeded initialisation is torch's, bit for bit."""
    def f(m):
        m.manual_seed(7)
        a, b = m.empty(30, 20), m.empty(3, 4, 5)
        init = m.nn.init
        return [m.nn.Linear(5, 3).state_dict(), m.nn.Bilinear(2, 3, 4).state_dict(), m.nn.PReLU(4).weight,
                init.xavier_uniform_(a).clone(), init.xavier_normal_(a, gain=2.0).clone(),
                init.kaiming_normal_(a, mode="fan_out", nonlinearity="relu").clone(),
                init.kaiming_uniform_(b, a=0.1).clone(), init.normal_(a, 1.0, 3.0).clone(),
                init.uniform_(a, -2.0, 5.0).clone(), init.trunc_normal_(a, std=0.5).clone(),
                init.trunc_normal_(a, mean=1.0, a=-0.1, b=0.2).clone()]
    same(f, rtol=0, atol=0)


def test_init_deterministic_helpers():
    def f(m):
        init = m.nn.init
        w = m.empty(3, 4, 5, requires_grad=True)
        return [init.constant_(m.empty(2, 3), 0.5), init.ones_(m.empty(2)), init.zeros_(m.ones(2)),
                init.eye_(m.empty(2, 3)), init.dirac_(m.empty(4, 2, 3)), init.dirac_(m.empty(4, 2, 3, 3), groups=2),
                init._calculate_fan_in_and_fan_out(w), init.constant_(w, 2.0), w.is_leaf,
                [init.calculate_gain(n) for n in ("linear", "conv2d", "sigmoid", "tanh", "relu", "leaky_relu", "selu")],
                init.calculate_gain("leaky_relu", 0.2), catch(lambda: init.calculate_gain("foo")),
                catch(lambda: init.calculate_gain("leaky_relu", "x")),
                catch(lambda: init._calculate_fan_in_and_fan_out(m.ones(3))), catch(lambda: init.eye_(m.ones(3))),
                catch(lambda: init.kaiming_uniform_(m.ones(2, 2), mode="foo"))]
    same(f)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_orthogonal_and_sparse_init_draw_torchs_numbers(dtype):
    """orthogonal_ (torch: QR of a normal draw, signs from R's diagonal) and sparse_ (normal draw, then a
    randperm per column) give torch's numbers after the same seed, and leave the stream where torch does."""
    def f(m):
        init, dt = m.nn.init, getattr(m, dtype)
        m.manual_seed(0)
        out = [init.orthogonal_(m.empty(*shape, dtype=dt), gain=g).clone()
               for shape, g in (((3, 5), 1.0), ((5, 3), 2.0), ((4, 2, 3), 1.0), ((6, 6), 0.5), ((1, 4), 1.0))]
        out += [init.sparse_(m.empty(6, 4, dtype=dt), 0.5).clone(), init.sparse_(m.empty(5, 3, dtype=dt), 0.1, 2.0),
                m.rand(2), init.orthogonal_(m.empty(0, 3)),
                catch(lambda: init.orthogonal_(m.empty(3))), catch(lambda: init.sparse_(m.empty(2, 2, 2), 0.5))]
        w = init.orthogonal_(m.empty(30, 12, dtype=dt))
        out.append((w.t() @ w - m.eye(12, dtype=dt)).abs().max().item() < (1e-5 if dtype == "float32" else 1e-12))
        return out
    same(f, rtol=1e-5 if dtype == "float32" else 1e-10, atol=1e-6 if dtype == "float32" else 1e-12)


# ---------------------------------------------------------------- a training run
def test_mlp_training_matches_torch():
    """A 2-layer MLP, 50 steps of hand-written SGD from torch's initial weights: torch's losses."""
    rng = np.random.default_rng(0)
    x_np = rng.standard_normal((64, 5)).astype(np.float32)
    y_np = np.argmax(x_np @ rng.standard_normal((5, 3)), axis=1)     # a rule the model can learn
    losses = {}
    t_model = torch.nn.Sequential(torch.nn.Linear(5, 16), torch.nn.Tanh(), torch.nn.Linear(16, 3))
    e_model = ember.nn.Sequential(ember.nn.Linear(5, 16), ember.nn.Tanh(), ember.nn.Linear(16, 3))
    copy_weights(e_model, t_model)
    for lib, model in (("torch", t_model), ("ember", e_model)):
        m = torch if lib == "torch" else ember
        x, y = m.from_numpy(x_np.copy()), m.from_numpy(y_np.copy())
        out = []
        for _ in range(50):
            loss = m.nn.functional.cross_entropy(model(x), y)
            model.zero_grad()
            loss.backward()
            with m.no_grad():
                for p in model.parameters():
                    p -= 0.5 * p.grad
            out.append(loss.item())
        losses[lib] = np.array(out)
    assert losses["torch"][-1] < 0.7 * losses["torch"][0]      # it learns
    np.testing.assert_allclose(losses["ember"], losses["torch"], rtol=2e-6, atol=0)
    for (name, p), (_, q) in zip(e_model.named_parameters(), t_model.named_parameters()):
        assert_close(p, q, 1e-5, 1e-6, what=name)


def test_mlp_with_relu_and_mse():
    e_model, t_model = pair(lambda m: m.nn.Sequential(m.nn.Linear(4, 8), m.nn.ReLU(), m.nn.Linear(8, 1),
                                                      m.nn.Flatten(0)))
    rng = np.random.default_rng(1)
    x_np, y_np = rng.standard_normal((16, 4)).astype(np.float32), rng.standard_normal(16).astype(np.float32)
    for m, model in ((torch, t_model), (ember, e_model)):
        for _ in range(10):
            loss = m.nn.functional.mse_loss(model(m.from_numpy(x_np.copy())), m.from_numpy(y_np.copy()))
            model.zero_grad()
            loss.backward()
            m.nn.utils.clip_grad_norm_(model.parameters(), 0.5)
            with m.no_grad():
                for p in model.parameters():
                    p.sub_(0.1 * p.grad)
    for (name, p), (_, q) in zip(e_model.named_parameters(), t_model.named_parameters()):
        assert_close(p, q, 1e-5, 1e-6, what=name)


def test_repr_of_a_model():
    def f(m):
        nn = m.nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.features = nn.Sequential(nn.Flatten(), nn.Linear(12, 8), nn.GELU(approximate="tanh"))
                self.heads = nn.ModuleList([nn.Linear(8, 2) for _ in range(3)])
                self.act = nn.LeakyReLU(0.1, inplace=True)
                self.scale = nn.Parameter(m.ones(1))
                self.register_buffer("steps", m.zeros(1))

            def forward(self, x):
                h = self.act(self.features(x))
                return m.stack([head(h) for head in self.heads]) * self.scale

        net = Net()
        return [repr(net), [n for n, _ in net.named_modules()], list(net.state_dict()),
                [n for n, _ in net.named_parameters()], [n for n, _ in net.named_buffers()]]
    same(f)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert "GELU(approximate='tanh')" in mask(repr(ember.nn.GELU("tanh")))
