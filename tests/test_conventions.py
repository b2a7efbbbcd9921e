"""torch's conventions around the ops, against live torch 2.13: ``dtype=`` as the Python types
``float``/``int``/``bool``/``complex`` (and torch's TypeError for anything else), ``format`` and
f-strings of tensors, ``device`` objects and the errors of a build without CUDA, the CPU build's
``cuda``/``backends``/``accelerator`` answers, and NumPy's protocols (ufuncs, ``__array__``,
DLPack).

Each case runs the same code on ember and on torch (``behave.same``: values, dtypes, shapes, flags,
exception types and messages).
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from behave import same, torch  # noqa: F401  (skips without torch)

import ember


def cases(*fns):
    return pytest.mark.parametrize("fn", fns, ids=[f"case{i}" for i in range(len(fns))])


# ---------------------------------------------------------------------------------------------
# dtype=: ember dtypes, the Python types torch maps (float64, int64, bool, complex128), else TypeError
FACTORIES = {
    "zeros": lambda T, d: T.zeros(2, dtype=d), "ones": lambda T, d: T.ones((2,), dtype=d),
    "empty": lambda T, d: T.empty(2, dtype=d).shape, "full": lambda T, d: T.full((2,), 1, dtype=d),
    "tensor": lambda T, d: T.tensor([1, 0], dtype=d), "as_tensor": lambda T, d: T.as_tensor([1, 2], dtype=d),
    "arange": lambda T, d: T.arange(3, dtype=d), "arange2": lambda T, d: T.arange(1, 3, dtype=d),
    "linspace": lambda T, d: T.linspace(0, 4, 3, dtype=d), "logspace": lambda T, d: T.logspace(0, 2, 3, dtype=d),
    "eye": lambda T, d: T.eye(2, dtype=d), "eye2": lambda T, d: T.eye(2, 3, dtype=d),
    "scalar_tensor": lambda T, d: T.scalar_tensor(1, dtype=d),
    "zeros_like": lambda T, d: T.zeros_like(T.ones(2), dtype=d),
    "ones_like": lambda T, d: T.ones_like(T.ones(2), dtype=d),
    "empty_like": lambda T, d: T.empty_like(T.ones(2), dtype=d).dtype,
    "full_like": lambda T, d: T.full_like(T.ones(2), 1, dtype=d),
    "rand": lambda T, d: T.rand(2, dtype=d), "randn": lambda T, d: T.randn(2, dtype=d),
    "rand_like": lambda T, d: T.rand_like(T.ones(2), dtype=d),
    "randn_like": lambda T, d: T.randn_like(T.ones(2), dtype=d),
    "randint": lambda T, d: T.randint(3, (2,), dtype=d), "randint3": lambda T, d: T.randint(1, 3, (2,), dtype=d),
    "randint_like": lambda T, d: T.randint_like(T.ones(2), 1, 3, dtype=d),
    "randperm": lambda T, d: T.randperm(3, dtype=d),
    "normal": lambda T, d: T.normal(0., 1., (2,), dtype=d),
    "tril_indices": lambda T, d: T.tril_indices(2, 2, dtype=d),
    "triu_indices": lambda T, d: T.triu_indices(2, 2, dtype=d),
    "new_zeros": lambda T, d: T.ones(2).new_zeros(2, dtype=d), "new_ones": lambda T, d: T.ones(2).new_ones(2, dtype=d),
    "new_empty": lambda T, d: T.ones(2).new_empty(2, dtype=d).dtype,
    "new_full": lambda T, d: T.ones(2).new_full((2,), 1, dtype=d),
    "new_tensor": lambda T, d: T.ones(2).new_tensor([1, 0], dtype=d),
}
DTYPES = {"float": float, "int": int, "bool": bool, "complex": complex, "str": "float32", "numpy": np.float32,
          "number": 3, "module": np, "float64": "torch.float64"}


@pytest.mark.parametrize("dname", DTYPES)
@pytest.mark.parametrize("factory", FACTORIES)
def test_dtype_python_types(factory, dname):
    d = DTYPES[dname]

    def prog(T):
        T.manual_seed(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return FACTORIES[factory](T, T.float64 if d == "torch.float64" else d)
    same(prog)


# ---------------------------------------------------------------------------------------------
# format(t, spec) and f-strings: a 0-d tensor formats its number; others refuse a spec
@cases(
    lambda T: f"{T.tensor(3.14159):.4f}", lambda T: f"{T.tensor(3.14159)}", lambda T: f"{T.tensor(0.1)}",
    lambda T: f"{T.tensor(3)}", lambda T: f"{T.tensor(3):05d}", lambda T: f"{T.tensor([1., 2.]):.2f}",
    lambda T: f"{T.tensor([1., 2.])}", lambda T: f"{T.tensor([3.]):.2f}", lambda T: f"{T.tensor(True)}",
    lambda T: f"{T.tensor(True):d}", lambda T: f"{T.tensor(1 + 2j):.1f}", lambda T: format(T.tensor(2.5), ""),
    lambda T: f"{T.tensor(2.5, requires_grad=True):.3f}", lambda T: format(T.tensor(2.5, dtype=T.float64), ">10"),
    lambda T: format(T.tensor(1.5, dtype=T.float16), ".3f"), lambda T: f"{T.tensor(1e20)}",
    lambda T: f"{T.tensor(float('nan')):.2f}", lambda T: f"{T.nn.Parameter(T.tensor(2.)):.2f}",
    lambda T: f"{T.tensor(7, dtype=T.uint8):x}", lambda T: f"{T.ones(2, 2)}",
)
def test_format(fn):
    same(fn)


# ---------------------------------------------------------------------------------------------
# devices: constructible as in torch, and a CPU build's errors for putting a tensor there
@cases(
    lambda T: repr(T.device("cuda")), lambda T: repr(T.device("cuda", 0)), lambda T: repr(T.device("cuda:1")),
    lambda T: repr(T.device("cpu", 0)), lambda T: repr(T.device("cpu:0")), lambda T: repr(T.device("mps")),
    lambda T: repr(T.device("xpu")), lambda T: repr(T.device(type="cuda", index=2)), lambda T: str(T.device("cuda", 3)),
    lambda T: repr(T.device(T.device("cuda", 1))), lambda T: repr(T.device("cuda", index=None)),
    lambda T: T.device("cuda", 0) == T.device("cuda:0"), lambda T: T.device("cuda") == T.device("cuda", 0),
    lambda T: T.device(0), lambda T: T.device(-1), lambda T: T.device("cuda", -1), lambda T: T.device("cuda:-1"),
    lambda T: T.device("cuda:x"), lambda T: T.device("cuda:01"), lambda T: T.device("cuda:0:1"),
    lambda T: T.device("foo"), lambda T: T.device("Cuda"), lambda T: T.device(""), lambda T: T.device("cuda", 1.5),
    lambda T: T.device("cuda", True), lambda T: T.device("cuda", "0"), lambda T: T.device(1.5),
    lambda T: T.device(None), lambda T: T.device("cuda:0", 1),
    lambda T: T.zeros(2, device="cuda"), lambda T: T.zeros(2, device="cuda:0"), lambda T: T.zeros(2, device=0),
    lambda T: T.ones(2, device=T.device("cuda")), lambda T: T.empty(2, device="cuda"),
    lambda T: T.full((2,), 1., device="cuda"), lambda T: T.tensor([1.], device="cuda"),
    lambda T: T.as_tensor([1.], device="cuda"), lambda T: T.arange(3, device="cuda"),
    lambda T: T.linspace(0, 1, 3, device="cuda"), lambda T: T.logspace(0, 1, 3, device="cuda"),
    lambda T: T.eye(2, device="cuda"), lambda T: T.scalar_tensor(1, device="cuda"),
    lambda T: T.zeros_like(T.ones(2), device="cuda"), lambda T: T.full_like(T.ones(2), 2, device="cuda"),
    lambda T: T.rand(2, device="cuda"), lambda T: T.randn(2, device="cuda"),
    lambda T: T.randint(3, (2,), device="cuda"),
    lambda T: T.randperm(3, device="cuda"), lambda T: T.rand_like(T.ones(2), device="cuda"),
    lambda T: T.normal(0., 1., (2,), device="cuda"), lambda T: T.tril_indices(2, 2, device="cuda"),
    lambda T: T.ones(2).new_zeros(2, device="cuda"), lambda T: T.ones(2).new_tensor([1], device="cuda"),
    lambda T: T.zeros(2, device="xpu"), lambda T: T.zeros(2).cuda(),
    lambda T: repr(T.zeros(2, device="cpu:0").device), lambda T: T.zeros(2).is_cuda, lambda T: T.zeros(2).get_device(),
)
def test_devices(fn):
    same(fn)


# ---------------------------------------------------------------------------------------------
# ember.cuda, ember.backends, ember.accelerator: a CPU-only build's answers
@cases(
    lambda T: T.cuda.is_available(), lambda T: T.cuda.device_count(), lambda T: T.cuda.is_initialized(),
    lambda T: T.cuda.manual_seed(1), lambda T: T.cuda.manual_seed_all(1), lambda T: T.cuda.manual_seed("x"),
    lambda T: T.cuda.seed(), lambda T: T.cuda.seed_all(), lambda T: T.cuda.initial_seed(), lambda T: T.cuda.init(),
    lambda T: T.cuda.current_device(), lambda T: T.cuda.get_device_name(), lambda T: T.cuda.synchronize(),
    lambda T: T.cuda.get_device_capability(), lambda T: T.cuda.get_device_properties(0),
    lambda T: T.cuda.mem_get_info(), lambda T: T.cuda.get_rng_state(), lambda T: T.cuda.get_rng_state_all(),
    lambda T: T.cuda.set_rng_state_all([]), lambda T: T.cuda.empty_cache(), lambda T: T.cuda.memory_allocated(),
    lambda T: T.cuda.memory_allocated(0), lambda T: T.cuda.max_memory_allocated(), lambda T: T.cuda.memory_reserved(),
    lambda T: T.cuda.max_memory_reserved(), lambda T: dict(T.cuda.memory_stats()), lambda T: T.cuda.is_bf16_supported(),
    lambda T: T.cuda.is_tf32_supported(), lambda T: T.cuda.get_arch_list(), lambda T: T.cuda.default_generators,
    lambda T: T.cuda.set_device(-1), lambda T: T.cuda.device(0).idx, lambda T: T.cuda.device("cuda:1").idx,
    lambda T: T.cuda.device(None).idx, lambda T: T.cuda.device(0).__enter__(), lambda T: T.cuda.device(-1).__enter__(),
    lambda T: T.backends.mps.is_available(), lambda T: T.backends.mps.is_built(),
    lambda T: T.backends.cudnn.is_available(), lambda T: T.backends.cudnn.version(),
    lambda T: T.backends.cudnn.is_acceptable(T.zeros(1)),
    lambda T: [T.backends.cudnn.enabled, T.backends.cudnn.benchmark, T.backends.cudnn.deterministic,
               T.backends.cudnn.allow_tf32, T.backends.cudnn.benchmark_limit, T.backends.cudnn.fp32_precision],
    lambda T: [T.backends.cuda.is_built(), T.backends.cuda.matmul.allow_tf32,
               T.backends.cuda.matmul.allow_fp16_reduced_precision_reduction,
               T.backends.cuda.matmul.allow_bf16_reduced_precision_reduction, T.backends.cuda.flash_sdp_enabled(),
               T.backends.cuda.mem_efficient_sdp_enabled(), T.backends.cuda.math_sdp_enabled()],
    lambda T: T.accelerator.is_available(), lambda T: T.accelerator.current_accelerator(),
    lambda T: T.accelerator.current_accelerator(check_available=True), lambda T: T.accelerator.device_count(),
    lambda T: T.accelerator.current_device_index(), lambda T: T.accelerator.set_device_index(0),
    lambda T: T.accelerator.synchronize(), lambda T: T.accelerator.empty_cache(),
    lambda T: T.accelerator.memory_allocated(), lambda T: T.accelerator.get_memory_info(),
    lambda T: T.accelerator.current_stream(), lambda T: T.accelerator.device_index(None).__enter__(),
    lambda T: T.accelerator.device_index(0).__enter__(),
)
def test_cpu_build_queries(fn):
    same(fn)


def test_cudnn_flags_context_and_assignment():
    seen = []
    for T in (torch, ember):
        cudnn = T.backends.cudnn
        before = (cudnn.enabled, cudnn.benchmark, cudnn.deterministic)
        with cudnn.flags(enabled=False, deterministic=True):
            inside = (cudnn.enabled, cudnn.benchmark, cudnn.deterministic)
        after = (cudnn.enabled, cudnn.benchmark, cudnn.deterministic)
        cudnn.benchmark = True
        set_ = cudnn.benchmark
        cudnn.benchmark = False
        seen.append((before, inside, after, set_))
    assert seen[0] == seen[1]


def test_accelerator_names_are_torchs():
    assert set(ember.accelerator.__all__) == set(torch.accelerator.__all__) - {"Graph"}


# ---------------------------------------------------------------------------------------------
# NumPy's protocols: ufuncs give tensors, ndarray <op> Tensor is ember's reflected operator, DLPack
@cases(
    lambda T: np.exp(T.tensor([1., 2.])), lambda T: np.exp(T.tensor([1., 2.], requires_grad=True)),
    lambda T: np.add(T.tensor([1., 2.]), 1), lambda T: np.sqrt(T.tensor(4.)), lambda T: np.exp(T.tensor(1.)),
    lambda T: np.maximum(T.tensor([1., 5.]), T.tensor([3., 2.])), lambda T: np.isnan(T.tensor([1., float("nan")])),
    lambda T: np.greater(T.ones(2), 0), lambda T: np.exp(T.tensor([1., 2.]).t()), lambda T: np.negative(T.tensor([1.])),
    lambda T: np.exp(T.tensor([1, 2])), lambda T: np.modf(T.tensor([1.5, -2.25])),
    lambda T: np.add.reduce(T.tensor([1.5, 2.])), lambda T: np.exp(T.ones(2), out=np.empty(2, np.float32)),
    lambda T: np.exp(T.ones(2), out=T.empty(2)), lambda T: np.float64(2.0) * T.tensor([1., 2.]),
    lambda T: np.ones(2) == T.tensor([1., 2.]), lambda T: np.asarray(T.tensor([1., 2.])),
    lambda T: np.array(T.tensor([1., 2.]), dtype=np.float64), lambda T: np.array(T.tensor([1., 2.]), copy=True),
    lambda T: T.tensor([1., 2.]).__array__(), lambda T: T.tensor([1., 2.]).__array__(np.float64),
    lambda T: np.concatenate([T.tensor([1.]), T.tensor([2.])]), lambda T: np.where(T.tensor([True, False]), 1, 2),
    lambda T: repr(T.tensor([1., 2.]).__dlpack_device__()), lambda T: type(T.tensor([1.]).__dlpack__()).__name__,
    lambda T: T.ones(2, requires_grad=True).__dlpack__(), lambda T: T.ones(2).__dlpack__(stream=1),
    lambda T: T.from_dlpack(np.ones(2)), lambda T: T.from_dlpack(np.ones(3)[::2]).stride(),
    lambda T: T.from_dlpack(np.array([True, False])), lambda T: T.from_dlpack([1, 2]),
    lambda T: T.from_dlpack(np.arange(6).reshape(2, 3).T).stride(), lambda T: T.from_dlpack(T.ones(2)),
    lambda T: np.from_dlpack(T.ones(2, 3).t()).strides, lambda T: np.from_dlpack(T.arange(6).reshape(2, 3)),
)
def test_numpy_protocols(fn):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)    # torch's __array__/__array_wrap__ are NumPy 1's
        same(fn)


def test_from_dlpack_shares_memory():
    a = np.arange(4.)
    t = ember.from_dlpack(a)
    a[0] = 9.
    assert t.tolist() == [9., 1., 2., 3.]
    src = torch.arange(3.)
    e = ember.from_dlpack(src)
    src[1] = 42.
    assert e.tolist() == [0., 42., 2.]
    x = ember.arange(3.)
    back = torch.from_dlpack(x)
    x[2] = 7.
    assert back.tolist() == [0., 1., 7.]
    assert ember.from_dlpack(a, copy=True)._data is not a


def test_ndarray_operators_call_embers_reflected_ops():
    """``ndarray <op> Tensor`` is a Tensor recorded by autograd (torch refuses most of these outright)."""
    x = ember.tensor([1., 2.], requires_grad=True)
    y = np.array([3., 4.], dtype=np.float32) * x
    assert isinstance(y, ember.Tensor) and type(y.grad_fn).__name__ == "MulBackward0"
    y.sum().backward()
    assert x.grad.tolist() == [3., 4.]
    assert (np.array([1., 5.], dtype=np.float32) < ember.tensor([2., 3.])).tolist() == [True, False]
    assert (np.float32(2) - ember.tensor([1.])).tolist() == [1.]
    a = np.ones(2)
    a += ember.ones(2)                                  # in place into the ndarray, as torch
    assert type(a) is np.ndarray and a.tolist() == [2., 2.]


def test_array_copy_keyword():
    t = ember.tensor([1., 2.])
    assert np.shares_memory(t.__array__(), t._data)
    assert not np.shares_memory(t.__array__(copy=True), t._data)
    assert np.shares_memory(t.__array__(copy=False), t._data)
    assert t.__array__(np.float64).dtype == np.float64
    with pytest.raises(ValueError, match="Unable to avoid copy"):
        t.__array__(np.float64, copy=False)
    assert np.shares_memory(np.asarray(t, copy=False), t._data)
