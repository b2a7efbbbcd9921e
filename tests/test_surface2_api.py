"""The second round of torch's API surface, compared with torch 2.13 live (tests/behave.py): tensor
queries and the complex API on real tensors, the ``torch.X`` aliases of nn functions, and the settings
and utilities real programs call (threads, determinism, default device, windows, asarray, compile)."""
from __future__ import annotations

import numpy as np
import pytest
from behave import record_warnings, run, same, assert_same

import ember

torch = pytest.importorskip("torch")


def _both(fn):
    """fn(lib) on both libraries, warnings included, compared."""
    t = record_warnings(lambda: run(fn, "torch"))
    e = record_warnings(lambda: run(fn, "ember"))
    assert_same(e[0], t[0])
    assert e[1] == t[1], f"warnings: ember {e[1]} vs torch {t[1]}"
    return e[0]


# ------------------------------------------------------------------------------ 1. tensor queries
DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64", "complex64"]


@pytest.mark.parametrize("dt", DTYPES)
def test_size_and_sign_queries(dt):
    same(lambda m: (lambda x: (x.is_cpu, x.nbytes, x.itemsize, x.is_signed(), m.is_signed(x), x.is_complex(),
                               m.is_complex(x), x.element_size()))(m.zeros(2, 3, dtype=getattr(m, dt))))
    same(lambda m: (lambda x: (x.nbytes, x.itemsize))(m.zeros(3, dtype=getattr(m, dt)).expand(4, 3)))
    same(lambda m: (lambda x: (x.is_xpu, x.is_mps, x.is_mkldnn, x.is_nested, x.is_shared(), x.share_memory_() is x))(
        m.zeros(2, dtype=getattr(m, dt))))


@pytest.mark.parametrize("data", [[], [1.0, 2.0], 0.0, [[3]], [float("nan")], [-0.0], 7, [True], [0j], [1 + 0j]])
def test_is_nonzero(data):
    same(lambda m: (m.tensor(data).is_nonzero(), m.is_nonzero(m.tensor(data))))


def test_is_same_size_and_argument_errors():
    same(lambda m: (m.zeros(2, 3).is_same_size(m.ones(2, 3)), m.is_same_size(m.zeros(2, 3), m.zeros(3))))
    same(lambda m: m.is_same_size(m.zeros(2), 3))
    same(lambda m: m.is_same_size(3, m.zeros(2)))
    same(lambda m: m.is_nonzero(1.0))


def test_conj_bits_and_resolvers_return_the_tensor_itself():
    def probe(m):
        x = m.randn(2, 3, requires_grad=True)
        y = x * 2
        outs = (y.conj(), m.conj(y), y.conj_physical(), m.conj_physical(y), y.resolve_conj(), m.resolve_conj(y),
                y.resolve_neg(), m.resolve_neg(y), y.real, m.real(y))
        return (x.is_conj(), x.is_neg(), m.is_conj(x), m.is_neg(x), [o is y for o in outs],
                y.conj_physical_() is y, m.conj_physical_(y) is y, outs[0].grad_fn)
    same(probe)


@pytest.mark.parametrize("dt", DTYPES)
def test_conj_physical_in_place_moves_the_version(dt):
    def probe(m):
        x = m.ones(2, dtype=getattr(m, dt))
        y = x.conj_physical_()
        return y is x, x._version, m.conj_physical_(x) is x, x._version, x
    same(probe)


def test_imag_of_a_real_tensor_raises_torchs_error():
    same(lambda m: m.zeros(2).imag)
    same(lambda m: m.imag(m.zeros(2)))


def test_setting_real_and_imag():
    def probe(m):
        x = m.zeros(3)
        x.real                    # (ember: the first read installs the lazily loaded property)
        x.real = m.ones(3)
        y = m.zeros(3)
        y.real = 2.0
        z = m.zeros(2, dtype=m.complex64)
        z.imag = m.ones(2)
        z.real = m.tensor([3.0, 4.0])
        return x, y, z, x._version
    same(probe)

    def leaf(m):
        x = m.zeros(2, requires_grad=True)
        x.real = m.ones(2)
    same(leaf)

    def imag(m):
        x = m.zeros(2)
        x.imag = m.ones(2)
    same(imag)


def test_complex_values():
    def probe(m):
        z = m.tensor([[1 + 2j, 3 - 1j], [0.5j, -2.0 + 0j]])
        return (z.real, z.imag, m.real(z), m.imag(z), z.conj().resolve_conj(), z.conj_physical(), z.H.resolve_conj(),
                z.mH.resolve_conj(), z.adjoint().resolve_conj())
    same(probe)

    def shares(m):
        z = m.tensor([1 + 2j, 3 - 1j])
        z.real.mul_(10)
        z.imag.add_(1)
        return z
    same(shares)


def test_complex_conj_refuses_a_graph_it_cannot_record():
    """ember has no complex autograd: rather than a result cut off from the graph, an error."""
    z = ember.tensor([[1 + 2j]], requires_grad=True)
    for f in (z.conj, lambda: z.real, lambda: z.imag, lambda: z.H, z.conj_physical, lambda: (z * 1).conj_physical_()):
        with pytest.raises(RuntimeError, match="ember has no complex autograd"):
            f()
    with ember.no_grad():
        assert z.conj().tolist() == [[1 - 2j]] and z.real.tolist() == [[1.0]]


@pytest.mark.parametrize("shape", [(), (3,), (2, 3), (2, 3, 4)])
@pytest.mark.parametrize("which", ["H", "mH", "mT", "adjoint", "fn_adjoint"])
def test_conjugate_transposes(shape, which):
    def probe(m):
        x = m.arange(float(np.prod(shape, dtype=int))).reshape(shape).requires_grad_() * 1
        get = {"adjoint": lambda: x.adjoint(), "fn_adjoint": lambda: m.adjoint(x)}.get(which, lambda: getattr(x, which))
        return get()
    _both(probe)


def test_conjugate_transpose_gradients():
    for which in ("H", "mH"):
        x = ember.randn(2, 3, dtype=ember.float64, requires_grad=True)
        t = torch.tensor(x.detach().numpy(), requires_grad=True)
        w = np.arange(6.0).reshape(3, 2)
        (getattr(x, which) * ember.tensor(w)).sum().backward()
        (getattr(t, which) * torch.tensor(w)).sum().backward()
        np.testing.assert_array_equal(x.grad.numpy(), t.grad.numpy())


@pytest.mark.parametrize("size,stride", [((2, 3), (1, 2)), ((2, 3), (3, 1)), ((2, 3), (0, 0)), ((2, 3), (10, 1)),
                                         ((0, 3), (3, 1)), ((), ()), ((2, 3), (1,)), ((2, -3), (1, 2)),
                                         ((2, 3), (1, -2))])
def test_empty_strided(size, stride):
    def probe(m):
        a = m.empty_strided(size, stride)
        b = m.zeros(1, dtype=m.int32).new_empty_strided(size, stride)
        c = m.empty_strided(size, stride, dtype=m.float64, requires_grad=True)
        return (a.shape, a.stride(), a.dtype, b.dtype, b.stride(), c.requires_grad, c.dtype, c.is_leaf)
    same(probe)
    same(lambda m: m.empty_strided(size, stride).fill_(1.5))


# ------------------------------------------------------------------------ 2. torch.X aliases of nn
_RNG = np.random.default_rng(7)
A = {k: _RNG.uniform(-1, 1, size=s) for k, s in {
    "x1": (2, 3, 5), "x2": (2, 3, 4, 4), "x3": (1, 2, 3, 3, 3), "w1": (4, 3, 2), "w2": (4, 3, 2, 2),
    "w3": (2, 2, 2, 2, 2), "b4": (4,), "v": (4, 6), "v2": (4, 6), "c3": (3,), "ps": (1, 8, 2, 2), "bw": (5, 6, 6),
    "t6": (4, 6), "y4": (4,)}.items()}
A["prob"] = _RNG.uniform(0.1, 0.9, size=(4, 6))
A["sign"] = np.where(_RNG.uniform(size=4) > 0.5, 1.0, -1.0)
A["pos"] = _RNG.uniform(0.5, 2.0, size=(4, 6))


def _t(m, key, grad=True):
    return m.tensor(A[key]).requires_grad_(grad)


ALIASES = {
    "conv1d": lambda m: m.conv1d(_t(m, "x1"), _t(m, "w1"), _t(m, "b4"), 2, 1, 1, 1),
    "conv1d_same": lambda m: m.conv1d(_t(m, "x1"), _t(m, "w1"), None, 1, "same"),
    "conv2d": lambda m: m.conv2d(_t(m, "x2"), _t(m, "w2"), _t(m, "b4"), 1, 1),
    "conv3d": lambda m: m.conv3d(_t(m, "x3"), _t(m, "w3"), None, 1, 0, 1, 1),
    "conv_transpose1d": lambda m: m.conv_transpose1d(_t(m, "x1"), _t(m, "w1").transpose(0, 1)[:3], None, 2, 1, 1),
    "conv_transpose2d": lambda m: m.conv_transpose2d(_t(m, "x2"), _t(m, "w2").transpose(0, 1)[:3], None, 1, 0, 0),
    "conv_transpose3d": lambda m: m.conv_transpose3d(_t(m, "x3"), _t(m, "w3")),
    "layer_norm": lambda m: m.layer_norm(_t(m, "x1"), [5], None, None, 1e-5, True),
    "layer_norm_affine": lambda m: m.layer_norm(_t(m, "v"), (6,), _t(m, "c3").repeat(2), _t(m, "c3").repeat(2)),
    "batch_norm": lambda m: m.batch_norm(_t(m, "x1"), _t(m, "c3"), _t(m, "c3"), m.zeros(3, dtype=m.float64),
                                         m.ones(3, dtype=m.float64), True, 0.1, 1e-5, False),
    "batch_norm_eval": lambda m: m.batch_norm(_t(m, "x1"), None, None, m.zeros(3, dtype=m.float64),
                                              m.ones(3, dtype=m.float64) * 2, False, 0.1, 1e-5, True),
    "group_norm": lambda m: m.group_norm(_t(m, "v").reshape(2, 4, 3), 2, None, None, 1e-5, True),
    "instance_norm": lambda m: m.instance_norm(_t(m, "x1"), None, None, None, None, True, 0.1, 1e-5, False),
    "rms_norm": lambda m: m.rms_norm(_t(m, "v"), [6], None, None),
    "embedding": lambda m: m.embedding(_t(m, "v"), m.tensor([0, 2, 2, 3]), 2),
    "embedding_neg": lambda m: m.embedding(_t(m, "v"), m.tensor([[0, 1], [3, 3]]), -2),
    "pixel_shuffle": lambda m: m.pixel_shuffle(_t(m, "ps"), 2),
    "pixel_unshuffle": lambda m: m.pixel_unshuffle(_t(m, "x2"), 2),
    "channel_shuffle": lambda m: m.channel_shuffle(_t(m, "ps"), 4),
    "cosine_similarity": lambda m: m.cosine_similarity(_t(m, "v"), _t(m, "v2"), 0),
    "kl_div": lambda m: m.kl_div(_t(m, "v"), _t(m, "prob", False)),
    "kl_div_sum_log": lambda m: m.kl_div(_t(m, "v"), _t(m, "v2"), 2, log_target=True),
    "kl_div_none": lambda m: m.kl_div(_t(m, "v"), _t(m, "prob"), 0),
    "kl_div_mean": lambda m: m.kl_div(_t(m, "v"), _t(m, "prob"), 1),
    "losses_default_to_unreduced": lambda m: (m.margin_ranking_loss(_t(m, "y4"), _t(m, "b4"), m.tensor(A["sign"])),
                                              m.binary_cross_entropy_with_logits(_t(m, "v"), _t(m, "prob", False)),
                                              m.cosine_embedding_loss(_t(m, "v"), _t(m, "v2"), m.tensor(A["sign"]))),
    "bce_logits": lambda m: m.binary_cross_entropy_with_logits(_t(m, "v"), _t(m, "prob", False), None, None, 2),
    "bce_logits_pos": lambda m: m.binary_cross_entropy_with_logits(_t(m, "v"), _t(m, "prob", False), _t(m, "t6"),
                                                                    m.tensor(A["pos"][0])),
    "bilinear": lambda m: m.bilinear(_t(m, "v"), _t(m, "v2"), _t(m, "bw"), None),
    "max_pool1d": lambda m: m.max_pool1d(_t(m, "x1"), 2),
    "max_pool2d": lambda m: m.max_pool2d(_t(m, "x2"), [2, 2], [], 1, 1, True),
    "max_pool3d": lambda m: m.max_pool3d(_t(m, "x3"), 2, 1),
    "avg_pool1d": lambda m: m.avg_pool1d(_t(m, "x1"), 3, 2, 1, False, False),
    "adaptive_avg_pool1d": lambda m: m.adaptive_avg_pool1d(_t(m, "x1"), 3),
    "adaptive_max_pool1d": lambda m: m.adaptive_max_pool1d(_t(m, "x1"), 3),
    "constant_pad_nd": lambda m: m.constant_pad_nd(_t(m, "x1"), [1, 2, 0, 1], 0.5),
    "constant_pad_nd_crop": lambda m: m.constant_pad_nd(_t(m, "x1"), (-1, 1)),
    "margin_ranking_loss": lambda m: m.margin_ranking_loss(_t(m, "y4"), _t(m, "b4"), m.tensor(A["sign"]), 0.1),
    "hinge_embedding_loss": lambda m: m.hinge_embedding_loss(_t(m, "y4"), m.tensor(A["sign"]), 0.5, 2),
    "cosine_embedding_loss": lambda m: m.cosine_embedding_loss(_t(m, "v"), _t(m, "v2"), m.tensor(A["sign"]), 0.1, 0),
    "triplet_margin_loss": lambda m: m.triplet_margin_loss(_t(m, "v"), _t(m, "v2"), _t(m, "t6"), 1.0, 2.0, 1e-6, True),
    "poisson_nll_loss": lambda m: m.poisson_nll_loss(_t(m, "v"), _t(m, "pos", False), True, True, 1e-8, 1),
    "poisson_nll_loss_raw": lambda m: m.poisson_nll_loss(_t(m, "pos"), _t(m, "prob", False), False, False, 1e-8, 2),
    "unknown_reduction_is_unreduced": lambda m: m.hinge_embedding_loss(_t(m, "y4"), m.tensor(A["sign"]), 1.0, 7),
}


def _value_and_grads(fn, m):
    out = fn(m)
    first = out[0] if isinstance(out, tuple) else out
    leaves = []
    if first.requires_grad:
        # the leaves: every tensor reachable through the graph's AccumulateGrad nodes
        stack, seen = [first.grad_fn], set()
        while stack:
            node = stack.pop()
            if node is None or id(node) in seen:
                continue
            seen.add(id(node))
            if hasattr(node, "variable"):
                leaves.append(node.variable)
            stack += [n for n, _ in node.next_functions]
        (first * m.arange(first.numel(), dtype=first.dtype).reshape(first.shape).cos()).sum().backward()
    return out, sorted(((tuple(v.shape), v.grad) for v in leaves), key=lambda p: (p[0], p[1].sum().item()))


@pytest.mark.parametrize("name", sorted(ALIASES))
def test_nn_alias_values_grads_and_nodes(name):
    same(lambda m: _value_and_grads(ALIASES[name], m), rtol=1e-10, atol=1e-12)


def test_the_aliases_that_are_torchs_F_functions_are_embers_too():
    import ember.nn.functional as F
    for name in ("conv1d", "conv2d", "conv3d", "conv_transpose2d", "pixel_shuffle", "bilinear", "cosine_similarity",
                 "avg_pool1d", "adaptive_avg_pool1d", "channel_shuffle"):
        torch_same = getattr(torch, name) is getattr(torch.nn.functional, name)
        assert (getattr(ember, name) is getattr(F, name)) == torch_same, name


@pytest.mark.parametrize("name", ["dropout", "alpha_dropout", "feature_dropout", "feature_alpha_dropout"])
@pytest.mark.parametrize("p,train", [(0.3, True), (0.5, False), (0.0, True), (1.0, True), (1.5, False), (-0.5, True)])
def test_dropouts_draw_torchs_masks(name, p, train):
    def probe(m):
        m.manual_seed(3)
        x = m.tensor(A["x2"]).requires_grad_()
        y = getattr(m, name)(x, p, train)
        z = getattr(m, name + "_")(x.detach().clone(), p, train)
        return y, z, y is x
    same(probe)


def test_dropout_argument_and_rank_errors():
    for args in (("a", True), (0.5, 1), (True, False), (1, False), (None, False)):
        same(lambda m: m.dropout(m.ones(2), *args))
        same(lambda m: m.feature_alpha_dropout_(m.ones(2, 2), *args))
    same(lambda m: m.dropout([1.0], 0.5, False))
    same(lambda m: m.feature_dropout(m.ones(3), 0.5, True))
    same(lambda m: m.kl_div(m.ones(2), m.ones(2), "mean"))
    same(lambda m: m.dropout(m.ones(3), 0.5, True).shape)


def test_import_ember_does_not_load_nn_for_the_aliases():
    import subprocess
    import sys
    code = "import sys, ember\nassert 'ember.nn' not in sys.modules\nember.conv2d\nprint('ember.nn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"


# ------------------------------------------------------------------------ 3. settings and utilities
@pytest.fixture
def restore_settings():
    """Each library's settings put back after the test (they are process-wide in both)."""
    saved = [(m, m.get_num_threads(), m.are_deterministic_algorithms_enabled(),
              m.is_deterministic_algorithms_warn_only_enabled(), m.is_anomaly_enabled(),
              m.is_anomaly_check_nan_enabled(), m.get_float32_matmul_precision()) for m in (ember, torch)]
    yield
    for m, threads, det, warn_only, anomaly, nan, precision in saved:
        m.set_num_threads(threads)
        m.use_deterministic_algorithms(det, warn_only=warn_only)
        m.set_anomaly_enabled(anomaly, nan)
        m.set_float32_matmul_precision(precision)
        m.set_default_device(None)


def test_threads(restore_settings):
    same(lambda m: (m.set_num_threads(3), m.get_num_threads()))
    for bad in (0, -1, 2.5):
        same(lambda m: m.set_num_threads(bad))
        same(lambda m: m.set_num_interop_threads(bad))
    assert isinstance(ember.get_num_interop_threads(), int) and ember.get_num_interop_threads() >= 1


def test_interop_threads_are_set_once_per_process():
    import subprocess
    import sys
    code = ("import {m}\n{m}.set_num_interop_threads(3)\nprint({m}.get_num_interop_threads())\n"
            "try:\n    {m}.set_num_interop_threads(4)\nexcept RuntimeError as e:\n    print(e)\n")
    outs = [subprocess.run([sys.executable, "-c", code.format(m=m)], capture_output=True, text=True,
                           check=True).stdout for m in ("ember", "torch")]
    assert outs[0] == outs[1]


DT = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64", "complex64",
      "complex128", "uint16"]


@pytest.mark.parametrize("a", DT)
def test_promote_types_and_can_cast(a):
    for b in DT:
        same(lambda m: m.promote_types(getattr(m, a), getattr(m, b)))
        same(lambda m: m.can_cast(getattr(m, a), getattr(m, b)))
    same(lambda m: m.promote_types(1, getattr(m, a)))
    same(lambda m: m.can_cast(getattr(m, a), "float"))


def test_deterministic_settings(restore_settings):
    def probe(m):
        seen = [(m.are_deterministic_algorithms_enabled(), m.is_deterministic_algorithms_warn_only_enabled(),
                 m.get_deterministic_debug_mode())]
        for step in (lambda: m.use_deterministic_algorithms(True, warn_only=True),
                     lambda: m.use_deterministic_algorithms(False),
                     lambda: m.set_deterministic_debug_mode("warn"), lambda: m.set_deterministic_debug_mode("error"),
                     lambda: m.set_deterministic_debug_mode(1), lambda: m.set_deterministic_debug_mode(0),
                     lambda: m.use_deterministic_algorithms(True)):
            step()
            seen.append((m.are_deterministic_algorithms_enabled(), m.is_deterministic_algorithms_warn_only_enabled(),
                         m.get_deterministic_debug_mode()))
        m.use_deterministic_algorithms(False)
        return seen
    same(probe)
    for bad in (3, "bad", 1.0):
        same(lambda m: m.set_deterministic_debug_mode(bad))
    same(lambda m: m.use_deterministic_algorithms(1))


def test_default_device(restore_settings):
    same(lambda m: [str(d) for d in (m.get_default_device(), m.set_default_device("cpu"), m.get_default_device(),
                                     m.set_default_device(m.device("cpu", 0)), m.get_default_device(),
                                     m.set_default_device(None), m.get_default_device())])
    same(lambda m: m.set_default_device("xyz"))
    with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
        ember.set_default_device("cuda")     # torch raises this at the next factory call
    assert ember.get_default_device() == ember.device("cpu")


def test_anomaly_and_warn_always_flags(restore_settings):
    same(lambda m: (m.is_anomaly_enabled(), m.is_anomaly_check_nan_enabled(), m.set_anomaly_enabled(True),
                    m.is_anomaly_enabled(), m.is_anomaly_check_nan_enabled(), m.set_anomaly_enabled(True, False),
                    m.is_anomaly_enabled(), m.is_anomaly_check_nan_enabled(), m.set_anomaly_enabled(False),
                    m.is_anomaly_enabled()))
    same(lambda m: (m.set_warn_always(False), m.is_warn_always_enabled(), m.set_warn_always(True),
                    m.is_warn_always_enabled()))     # (behave.py runs torch with warn-always on: left on)


def test_typename_is_storage_is_inference():
    same(lambda m: [m.typename(m.zeros(2, dtype=getattr(m, d))) for d in DT[:-1]])
    same(lambda m: (m.typename(3), m.typename(int), m.typename([1]), m.typename(np.zeros(1))))
    same(lambda m: (m.is_storage(m.zeros(2)), m.is_storage([1]), m.is_inference(m.zeros(2)),
                    m.zeros(2).is_inference()))

    def inference(m):
        with m.inference_mode():
            x = m.zeros(2)
        return m.is_inference(x), x.is_inference()
    same(inference)
    same(lambda m: m.is_inference([1]))


def test_matmul_precision_and_flush_denormal(restore_settings):
    _both(lambda m: (m.get_float32_matmul_precision(), m.set_float32_matmul_precision("high"),
                     m.get_float32_matmul_precision(), m.set_float32_matmul_precision("bad"),
                     m.get_float32_matmul_precision(), m.set_float32_matmul_precision("highest")))
    assert ember.set_flush_denormal(True) is False and ember.set_flush_denormal(False) is False


def test_asarray_of_tensors():
    def probe(m):
        leaf = m.ones(2, requires_grad=True)
        y = leaf * 2
        t = m.ones(3)
        out = [m.asarray(t) is t, m.asarray(t, dtype=m.float32) is t, m.asarray(t, copy=True) is t,
               m.asarray(t, dtype=m.float64), m.asarray(y) is y, m.asarray(y, copy=True),
               m.asarray(y, dtype=m.float64), m.asarray(y, requires_grad=False), m.asarray(y, requires_grad=False) is y,
               m.asarray(y, copy=True, requires_grad=True), m.asarray(t, copy=True, requires_grad=True),
               m.asarray(leaf, copy=True, requires_grad=False)]
        out += [m.asarray(t, requires_grad=True) is t, t.requires_grad]      # set in place on t itself
        out += [m.asarray(leaf, requires_grad=False) is leaf, leaf.requires_grad]
        with m.no_grad():
            out.append(m.asarray(y, copy=True))
        return out
    _both(probe)
    _both(lambda m: m.asarray(m.ones(2), dtype=m.float64, copy=False))
    _both(lambda m: m.asarray(m.ones(2, dtype=m.int64), requires_grad=True))


def test_asarray_of_arrays_sequences_scalars_and_buffers():
    import array

    def arrays(m):
        a = np.arange(3.0)
        x, y = m.asarray(a), m.asarray(a, copy=True)
        a[0] = 7.0
        return x, y, m.asarray(a, dtype=m.float32), m.asarray(np.arange(6)[::2]), m.asarray(np.float32(2.5)), \
            m.asarray(a, requires_grad=True)
    same(arrays)
    same(lambda m: m.asarray(np.arange(3.0), dtype=m.float32, copy=False))
    same(lambda m: (m.asarray([1, 2, 3]), m.asarray([1.0, 2]), m.asarray(3.5), m.asarray(3), m.asarray(True),
                    m.asarray([1, 2], dtype=m.float64, requires_grad=True), m.asarray([[1, 2], [3, 4]])))
    same(lambda m: m.asarray([1, 2], copy=False))
    same(lambda m: m.asarray([[1, 2], [3]]))
    same(lambda m: m.asarray([1, 2], requires_grad=True))
    same(lambda m: m.asarray([1], device="cuda"))

    def buffers(m):
        ba = bytearray(b"\x01\x02\x03\x04")
        x = m.asarray(ba, dtype=m.uint8)
        x[0] = 9
        return (x, ba[0], m.asarray(bytearray(b"\x00\x00\x80\x3f")), m.asarray(array.array("f", [1, 2])),
                m.asarray(array.array("i", [1, 2]), dtype=m.int32), m.asarray(ba, dtype=m.int16, copy=True))
    same(buffers)
    same(lambda m: m.asarray(memoryview(bytearray(b"ab"))))
    _both(lambda m: m.asarray(b"\x01\x02\x03\x04", dtype=m.uint8))


def test_frombuffer():
    import array

    def probe(m):
        ba = bytearray(b"\x00\x00\x80\x3f" * 3)
        x = m.frombuffer(ba, dtype=m.uint8)
        x[0] = 7
        return (ba[0], m.frombuffer(ba, dtype=m.float32), m.frombuffer(ba, dtype=m.float32, count=2, offset=4),
                m.frombuffer(ba, dtype=m.int16), m.frombuffer(array.array("d", [1.5, 2.5]), dtype=m.float64),
                m.frombuffer(ba, dtype=m.float32, requires_grad=True))
    same(probe)
    for kw in ({"count": 5}, {"offset": 13}, {"count": 0}, {"offset": -1}):
        same(lambda m: m.frombuffer(bytearray(12), dtype=m.float32, **kw))
    same(lambda m: m.frombuffer(bytearray(b"abc"), dtype=m.int16))
    same(lambda m: m.frombuffer(bytearray(), dtype=m.int16))
    same(lambda m: m.frombuffer([1, 2], dtype=m.int16))
    same(lambda m: m.frombuffer(bytearray(4)))
    _both(lambda m: m.frombuffer(b"\x01\x02", dtype=m.uint8))


WINDOWS = ["hann_window", "hamming_window", "blackman_window", "bartlett_window", "kaiser_window"]


@pytest.mark.parametrize("name", WINDOWS)
@pytest.mark.parametrize("dt", ["float16", "float32", "float64"])
def test_window_values(name, dt):
    """float16 to the bit; float32/64 within torch's vectorised cos (Sleef, 1 ulp) or i0 (kaiser)."""
    kaiser = name == "kaiser_window"      # torch's i0 in the dtype's opmath, ember's in float64
    tol = {"float16": (1e-3 if kaiser else 0, 0), "float32": (1.5e-6 if kaiser else 1.2e-7, 1e-7),
           "float64": (4e-15, 1e-16)}[dt]
    for n in (0, 1, 2, 3, 5, 8, 64, 255, 1000):
        for periodic in (True, False):
            e = getattr(ember, name)(n, periodic, dtype=getattr(ember, dt))
            t = getattr(torch, name)(n, periodic, dtype=getattr(torch, dt))
            assert e.dtype == getattr(ember, dt) and tuple(e.shape) == tuple(t.shape) and e.is_contiguous()
            np.testing.assert_allclose(e.numpy().astype(np.float64), t.numpy().astype(np.float64), rtol=tol[0],
                                       atol=tol[1], err_msg=f"{name}({n}, {periodic})")


def test_window_arguments_and_errors():
    same(lambda m: (m.hann_window(4), m.hann_window(4, requires_grad=True), m.hamming_window(5, True, 0.6, 0.3),
                    m.kaiser_window(5, True, 3.0), m.blackman_window(4, periodic=False), m.bartlett_window(0),
                    m.hann_window(1, dtype=m.float64)), rtol=1e-6)
    for bad in (lambda m: m.hann_window(4, dtype=m.int64), lambda m: m.hann_window(-1), lambda m: m.kaiser_window(-1),
                lambda m: m.hann_window(4.0), lambda m: m.hann_window(4, dtype=m.complex64),
                lambda m: m.bartlett_window(3, dtype=m.bool)):
        same(bad)


def test_range_is_deprecated_and_includes_its_end():
    for args, kw in (((1, 4), {}), ((0, 1, 0.25), {}), ((1, 4), {"dtype": "int64"}), ((4, 1, -1), {}),
                     ((0, 1, 0.3), {"requires_grad": True}), ((0, 1, 0.1), {"dtype": "float64"}),
                     ((4, 1), {}), ((1, 4, 0), {}), ((5,), {})):
        _both(lambda m: m.range(*args, **{k: getattr(m, v) if k == "dtype" else v for k, v in kw.items()}))
    _both(lambda m: m.range(start=1, end=3))


def test_compile_returns_its_model_unchanged():
    model = ember.nn.Linear(2, 2)

    def f(x):
        return x * 2

    assert ember.compile(model) is model and ember.compile(f) is f
    assert ember.compile(mode="max-autotune")(f) is f and ember.compile(fullgraph=True, dynamic=False)(model) is model

    @ember.compile
    def g(x):
        return x + 1

    @ember.compile(mode="reduce-overhead")
    def h(x):
        return x - 1

    assert g(ember.tensor(1.0)).item() == 2.0 and h(ember.tensor(1.0)).item() == 0.0
    with pytest.raises(TypeError):
        ember.compile(f, "positional mode")        # torch: mode and the rest are keyword-only
    with pytest.raises(TypeError):
        torch.compile(f, "positional mode")


# -------------------------------------------------------------------------------------------- rrelu
@pytest.mark.parametrize("dt", ["float32", "float64"])
@pytest.mark.parametrize("training", [True, False])
def test_rrelu_draws_torchs_slopes(dt, training):
    def probe(m):
        m.manual_seed(5)
        x = m.tensor([[-1.0, 2.0, -0.5], [0.0, 3.0, float("nan")], [-2.0, -0.25, 1.0]],
                     dtype=getattr(m, dt)).requires_grad_()
        y = m.rrelu(x, 0.1, 0.3, training)
        g, = m.autograd.grad((y * m.arange(9.0, dtype=x.dtype).reshape(3, 3)).sum(), x, create_graph=True)
        gg, = m.autograd.grad((g * g).sum(), x, allow_unused=True, materialize_grads=True)
        z = x.detach().clone() * 1
        z.requires_grad_()
        w = z * 1
        r = m.rrelu_(w, 0.1, 0.3, training)
        (r.sum()).backward()
        after = m.rand(2, dtype=getattr(m, dt))          # the stream moved on as torch's
        return y, g, gg, r is w, r, z.grad, after, m.rrelu(x.detach(), 0.2, 0.2, training)
    same(probe, rtol=1e-6 if dt == "float32" else 1e-12)


def test_rrelu_errors():
    same(lambda m: m.rrelu(m.tensor([-1, 1])))
    same(lambda m: m.rrelu(m.tensor([-1.0, 1.0]), 0.5, 0.1, True))
    same(lambda m: m.rrelu(m.tensor([-1.0, 1.0]), 0.5, 0.1))
    same(lambda m: (m.rrelu(m.tensor([-1.0, 1.0])), m.rrelu(m.tensor([-1.0, 1.0]), training=True).shape))


# -------------------------------------------------------------------------------------------- pdist
@pytest.mark.parametrize("p", [0, 0.5, 1, 1.5, 2, 3, float("inf")])
def test_pdist_edge_cases_match_torchs_kernel(p):
    """Repeated rows (zero distances) and zero differences: torch's kernel's special cases."""
    def probe(m):
        x = m.tensor([[0.0, 1.0], [1.0, 1.0], [3.0, -1.0], [0.0, 1.0]], dtype=m.float64).requires_grad_()
        y = m.pdist(x, p)
        g, = m.autograd.grad((y * m.arange(6.0, dtype=m.float64)).sum(), x, create_graph=True)
        return y, g
    same(probe, rtol=1e-12)


def test_pdist_errors_and_empty():
    for f in (lambda m: m.pdist(m.ones(3)), lambda m: m.pdist(m.ones(2, 2), -1.0),
              lambda m: m.pdist(m.ones(2, 2, dtype=m.int64)), lambda m: m.pdist(m.ones(1, 3)),
              lambda m: m.pdist(m.ones(0, 3)), lambda m: m.pdist(m.ones(3, 0))):
        same(f)

    def twice(m):
        x = m.ones(3, 2, dtype=m.float64).cumsum(0).requires_grad_()
        g, = m.autograd.grad(m.pdist(x).sum(), x, create_graph=True)
        return m.autograd.grad(g.sum(), x)
    same(twice)


# ---------------------------------------------------------------------------------------- finfo, iinfo
@pytest.mark.parametrize("dt", DT)
def test_finfo_and_iinfo(dt):
    def probe(m):
        d = getattr(m, dt)
        out = []
        for cls, fields in ((m.finfo, ("bits", "eps", "max", "min", "tiny", "smallest_normal", "resolution", "dtype")),
                            (m.iinfo, ("bits", "max", "min", "dtype"))):
            try:
                info = cls(d)
            except TypeError as e:
                out.append(str(e))
                continue
            out.append(([(f, getattr(info, f), type(getattr(info, f)).__name__) for f in fields], repr(info),
                        info == cls(d)))
        return out
    same(probe)


def test_finfo_default_and_argument_errors():
    same(lambda m: (repr(m.finfo()), m.finfo().eps, m.finfo() == m.finfo(m.float32)))
    same(lambda m: m.finfo("a"))
    same(lambda m: m.iinfo(3))
