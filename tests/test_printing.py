"""Compare ember's tensor_repr with repr() of real torch tensors."""

from __future__ import annotations

import math
import timeit

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra import numpy as hnp  # noqa: E402

from ember._printing import get_printoptions, set_printoptions, tensor_repr  # noqa: E402

DTYPES = ["float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool",
          "complex64", "complex128"]
FLOAT_DTYPES = ["float16", "float32", "float64"]
# database=None: keep hypothesis from writing a .hypothesis/ folder into the repo
HYP = settings(max_examples=150, deadline=None, database=None,
               suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(autouse=True)
def _default_options():
    """Every test starts and ends with torch's and ember's default options."""
    set_printoptions(profile="default")
    torch.set_printoptions(profile="default")
    yield
    set_printoptions(profile="default")
    torch.set_printoptions(profile="default")


def _set_both(**kw) -> None:
    set_printoptions(**kw)
    torch.set_printoptions(**kw)


def _torch(arr: np.ndarray, dtype_name: str) -> "torch.Tensor":
    return torch.from_numpy(np.array(arr, dtype=dtype_name, order="C", copy=True))


def _check(arr: np.ndarray, dtype_name: str, grad: str | None = None) -> None:
    """Assert ember == torch; grad in (None, 'leaf', 'mul', 'clone', 'view')."""
    arr = np.asarray(arr).astype(dtype_name)
    t = _torch(arr, dtype_name)
    grad_fn_name = None
    requires_grad = False
    if grad == "leaf":
        t.requires_grad_()
        requires_grad = True
    elif grad is not None:
        t.requires_grad_()
        if grad == "mul" and t.is_complex():
            # complex *1 is not an identity (0-0j -> 0+0j, 0+infj -> nan+infj)
            grad = "clone"
        # *1 (real), clone and view keep every value bit-for-bit (incl. -0. and nan)
        t = {"mul": lambda x: x * 1, "clone": lambda x: x.clone(),
             "view": lambda x: x.view(x.shape)}[grad](t)
        grad_fn_name = type(t.grad_fn).__name__
    expected = repr(t)
    got = tensor_repr(arr, dtype_name, grad_fn_name=grad_fn_name, requires_grad=requires_grad)
    assert got == expected, f"\nember:\n{got}\ntorch:\n{expected}"


# --------------------------------------------------------------------------- fixed cases

FIXED_CASES = {
    "f16_point1": (np.array([0.1]), "float16"),
    "f16_mixed": (np.array([0.1, 1.5, -2.25, 65504.0]), "float16"),
    "f16_tiny": (np.array([6e-8, 1.0]), "float16"),
    "f32_simple": (np.array([1.0, 2.5, -3.125]), "float32"),
    "f32_ints": (np.array([1.0, 2.0, -3.0]), "float32"),
    "f32_big_ints": (np.array([1e9, 2.0]), "float32"),
    "f32_ratio_sci": (np.array([0.001, 2.0]), "float32"),
    "f32_ratio_edge": (np.array([1.0, 1000.0]), "float32"),
    "f32_ratio_over": (np.array([1.0, 1000.5]), "float32"),
    "f32_tiny": (np.array([1e-5, 2e-5]), "float32"),
    "f32_huge": (np.array([1.5e8, 1.25e8]), "float32"),
    "f64_1e100": (np.array([1e100, -1e-100, 3.0]), "float64"),
    "f64_1e300": (np.array([1e300, 1e-300]), "float64"),
    "f32_nan_inf": (np.array([np.nan, np.inf, -np.inf, 1.5]), "float32"),
    "f32_only_nonfinite": (np.array([np.nan, np.inf, -np.inf]), "float32"),
    "f32_only_zeros": (np.array([0.0, -0.0, 0.0]), "float32"),
    "f32_negzero_int": (np.array([-0.0, 1.0, 2.0]), "float32"),
    "f32_negzero_fixed": (np.array([-0.0, 1.5]), "float32"),
    "f32_negzero_sci": (np.array([-0.0, 1e-7]), "float32"),
    "f32_nan_int": (np.array([1.0, np.nan]), "float32"),
    "f32_inf_sci": (np.array([1e-9, -np.inf]), "float32"),
    "f32_rounding_up": (np.array([9.99996, 0.5]), "float32"),
    "f32_2d": (np.arange(12.0).reshape(3, 4) / 7, "float32"),
    "f32_3d": (np.arange(24.0).reshape(2, 3, 4) - 5, "float32"),
    "f32_4d": (np.linspace(-3, 3, 48).reshape(2, 2, 3, 4), "float32"),
    "f64_4d_sci": (np.logspace(-6, 6, 24).reshape(1, 2, 3, 4), "float64"),
    "f32_wrap_row": (np.linspace(-1, 1, 40), "float32"),
    "f64_wrap_2d": (np.linspace(-100, 100, 60).reshape(2, 30), "float64"),
    "i64_neg": (np.array([-5, 10, -300]), "int64"),
    "i64_extremes": (np.array([np.iinfo(np.int64).min, np.iinfo(np.int64).max]), "int64"),
    "i32_wrap": (np.arange(-50, 50) * 1000, "int32"),
    "i8": (np.array([-128, 0, 127]), "int8"),
    "i16_2d": (np.arange(-6, 6).reshape(3, 4), "int16"),
    "u8": (np.array([0, 255, 7]), "uint8"),
    "bool_mixed": (np.array([True, False, True]), "bool"),
    "bool_true": (np.array([True, True]), "bool"),
    "bool_2d": (np.array([[True, False], [False, False]]), "bool"),
    "scalar_f32": (np.array(3.5), "float32"),
    "scalar_f32_int": (np.array(3.0), "float32"),
    "scalar_f32_nan": (np.array(np.nan), "float32"),
    "scalar_f32_negzero": (np.array(-0.0), "float32"),
    "scalar_f32_tiny": (np.array(1e-7), "float32"),
    "scalar_f16": (np.array(0.1), "float16"),
    "scalar_f64": (np.array(2.0), "float64"),
    "scalar_i64": (np.array(-7), "int64"),
    "scalar_i32": (np.array(42), "int32"),
    "scalar_bool": (np.array(False), "bool"),
    "empty_1d_f32": (np.zeros(0), "float32"),
    "empty_1d_i64": (np.zeros(0), "int64"),
    "empty_1d_bool": (np.zeros(0), "bool"),
    "empty_2d_f32": (np.zeros((0, 3)), "float32"),
    "empty_3d_f16": (np.zeros((2, 0, 3)), "float16"),
    "empty_2d_c64": (np.zeros((3, 0)), "complex64"),
    "big_1d": (np.arange(2000.0), "float32"),
    "big_1d_exact": (np.arange(1001), "int64"),
    "not_big_1000": (np.arange(1000), "int64"),
    "big_2d": (np.arange(1200.0).reshape(30, 40) / 3, "float64"),
    "big_3d": (np.arange(2 * 30 * 40).reshape(2, 30, 40), "int32"),
    "big_small_inner": (np.arange(1005.0).reshape(335, 3), "float32"),
    "big_sum_kept_only": (np.r_[[1e-9], np.ones(1000), [2.5]], "float32"),
    "c64": (np.array([1 + 2j, -0.5 - 1j, 3j]), "complex64"),
    "c128_nan": (np.array([complex(np.nan, -0.0), 1e-6 + 1e6j]), "complex128"),
    "c64_scalar": (np.array(1 - 2j), "complex64"),
    "c128_2d": (np.arange(6).reshape(2, 3) * (0.5 + 0.25j), "complex128"),
}


@pytest.mark.parametrize("arr,dtype_name", FIXED_CASES.values(), ids=FIXED_CASES.keys())
def test_fixed_cases(arr: np.ndarray, dtype_name: str) -> None:
    _check(arr, dtype_name)


GRAD_CASES = {
    "f32_vec": (np.array([1.0, -2.5, 3.0]), "float32"),
    "f32_scalar": (np.array(1.5), "float32"),
    "f16_vec": (np.array([0.1, 0.2]), "float16"),
    "f64_2d": (np.arange(6.0).reshape(2, 3), "float64"),
    "f32_long_row": (np.linspace(0, 1, 17), "float32"),  # suffix wraps to a new line
    "f32_empty": (np.zeros((0, 2)), "float32"),
    "f32_negzero": (np.array([-0.0, np.nan]), "float32"),
    "c64": (np.array([1 + 1j]), "complex64"),
}


@pytest.mark.parametrize("grad", ["leaf", "mul", "clone", "view"])
@pytest.mark.parametrize("arr,dtype_name", GRAD_CASES.values(), ids=GRAD_CASES.keys())
def test_grad_suffix(arr: np.ndarray, dtype_name: str, grad: str) -> None:
    _check(arr, dtype_name, grad)


def test_suffix_wrapping_boundaries() -> None:
    """Sweep row lengths so the dtype/grad suffixes cross the linewidth limit."""
    for n in range(1, 16):
        arr = np.linspace(-1, 1, n)
        for dtype_name in ("float32", "float64", "float16"):
            _check(arr, dtype_name)
            _check(arr, dtype_name, "mul")
            _check(arr, dtype_name, "leaf")


def test_line_wrapping_sweep() -> None:
    """Rows whose element count crosses elements_per_line at several indents."""
    for n in (7, 8, 9, 10, 11, 12, 13, 19, 20, 21, 25):
        _check(np.linspace(-10, 10, n), "float64")
        _check(np.linspace(-10, 10, 2 * n).reshape(2, n), "float32")
        _check(np.arange(-n, n * 2).reshape(1, 3, n), "int64")


# --------------------------------------------------------------------------- options

OPTION_CASES = {
    "precision2": dict(precision=2),
    "precision0": dict(precision=0),
    "precision8": dict(precision=8),
    "sci_false": dict(sci_mode=False),
    "sci_true": dict(sci_mode=True),
    "threshold5": dict(threshold=5),
    "threshold0": dict(threshold=0),
    "linewidth30": dict(linewidth=30),
    "linewidth1": dict(linewidth=1),
    "edgeitems1": dict(edgeitems=1),
    "edgeitems0": dict(edgeitems=0),
    "edgeitems0_threshold5": dict(edgeitems=0, threshold=5),
    "profile_full": dict(profile="full"),
    "profile_short": dict(profile="short"),
    "profile_default": dict(profile="default"),
    "short_precision3": dict(profile="short", precision=3),
}
OPTION_ARRAYS = {
    "f32": (np.array([1.12345, -22.5, 0.001]), "float32"),
    "f32_sci": (np.array([1e-6, 3.0]), "float32"),
    "f32_zeros": (np.array([0.0, -0.0]), "float32"),
    "f64_2d": (np.linspace(-5, 5, 20).reshape(4, 5), "float64"),
    "i64_arange": (np.arange(10), "int64"),
    "i64_big": (np.arange(1500).reshape(30, 50), "int64"),
    "f32_big3d": (np.arange(1200.0).reshape(10, 10, 12) / 9, "float32"),
    "bool": (np.array([True, False] * 4), "bool"),
    "f16_scalar": (np.array(0.3), "float16"),
    "c128": (np.array([1.5 + 2j, -1e-5j]), "complex128"),
    "empty": (np.zeros((0, 4)), "int32"),
}


@pytest.mark.parametrize("opts", OPTION_CASES.values(), ids=OPTION_CASES.keys())
@pytest.mark.parametrize("arr,dtype_name", OPTION_ARRAYS.values(), ids=OPTION_ARRAYS.keys())
def test_print_options(opts: dict, arr: np.ndarray, dtype_name: str) -> None:
    _set_both(**opts)
    _check(arr, dtype_name)
    _check(arr, dtype_name, "leaf" if dtype_name[0] in "fc" else None)


def test_get_printoptions_matches_torch() -> None:
    assert get_printoptions() == torch._tensor_str.get_printoptions()
    for kw in [dict(precision=2), dict(sci_mode=True), dict(profile="full"),
               dict(profile="short", linewidth=100), dict(threshold=7, edgeitems=1)]:
        _set_both(**kw)
        assert get_printoptions() == torch._tensor_str.get_printoptions()


def test_sci_mode_resets_on_every_call() -> None:
    set_printoptions(sci_mode=True)
    assert get_printoptions()["sci_mode"] is True
    set_printoptions(precision=3)
    assert get_printoptions()["sci_mode"] is None


def test_roundtrip_options() -> None:
    set_printoptions(precision=6, linewidth=40, sci_mode=False)
    saved = get_printoptions()
    set_printoptions(profile="default")
    set_printoptions(**saved)
    assert get_printoptions() == saved
    assert get_printoptions()["threshold"] == 1000
    set_printoptions(profile="full")
    assert math.isinf(get_printoptions()["threshold"])


# --------------------------------------------------------------------------- hypothesis

def _float_elements(dtype_name: str) -> st.SearchStrategy[float]:
    width = {"float16": 16, "float32": 32, "float64": 64}[dtype_name]
    return st.one_of(
        st.floats(width=width, allow_nan=True, allow_infinity=True),
        st.floats(-10, 10, width=width),
        st.integers(-1000, 1000).map(float),
        # boundary values of torch's sci_mode rule (those that fit the dtype)
        st.sampled_from([v for v in (0.0, -0.0, 0.5, 1e-5, 1e-4, 1e8, 1.5e8, 1000.0, 999.99995)
                         if abs(v) <= float(np.finfo(dtype_name).max)]),
    )


@st.composite
def _small_arrays(draw) -> tuple[np.ndarray, str]:
    dtype_name = draw(st.sampled_from(DTYPES))
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=6))
    if dtype_name in FLOAT_DTYPES:
        elements = _float_elements(dtype_name)
    elif dtype_name.startswith("complex"):
        part = "float32" if dtype_name == "complex64" else "float64"
        elements = st.builds(complex, _float_elements(part), _float_elements(part))
    else:
        elements = None  # full range of the integer/bool dtype
    arr = draw(hnp.arrays(np.dtype(dtype_name), shape, elements=elements))
    return arr, dtype_name


@HYP
@given(case=_small_arrays(), grad=st.sampled_from([None, None, "leaf", "mul"]))
def test_hypothesis_small(case: tuple[np.ndarray, str], grad: str | None) -> None:
    arr, dtype_name = case
    if dtype_name not in FLOAT_DTYPES and not dtype_name.startswith("complex"):
        grad = None  # only float/complex tensors can require grad
    _check(arr, dtype_name, grad)


@st.composite
def _large_arrays(draw) -> tuple[np.ndarray, str]:
    """>1000-element arrays built from a seed (hypothesis-drawn elements would be slow)."""
    dtype_name = draw(st.sampled_from(DTYPES))
    ndim = draw(st.integers(1, 4))
    shape = tuple(draw(st.lists(st.integers(1, 40), min_size=ndim, max_size=ndim)))
    if int(np.prod(shape)) <= 1000:
        shape = (1001,) + shape[1:] if ndim == 1 else (draw(st.integers(2, 5)), 1001) + shape[2:]
        shape = shape[:4]
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n = int(np.prod(shape))
    if dtype_name == "bool":
        arr = rng.random(n) < draw(st.floats(0, 1))
    elif dtype_name[0] in "iu":
        info = np.iinfo(dtype_name)
        lo = draw(st.integers(int(info.min), int(info.max)))
        hi = draw(st.integers(lo, int(info.max)))
        arr = rng.integers(lo, hi, n, endpoint=True, dtype=dtype_name)
    else:
        scale = 10.0 ** draw(st.integers(-12, 12))
        arr = rng.standard_normal(n) * scale
        if draw(st.booleans()):
            arr = np.round(arr)
        for special in (np.nan, np.inf, -np.inf, -0.0, 0.0):
            if draw(st.booleans()):
                arr[rng.integers(0, n, 3)] = special
        if dtype_name.startswith("complex"):
            arr = arr + 1j * rng.standard_normal(n) * scale
    with np.errstate(over="ignore"):  # huge values becoming float16 inf is intended
        return arr.reshape(shape).astype(dtype_name), dtype_name


@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=_large_arrays())
def test_hypothesis_large(case: tuple[np.ndarray, str]) -> None:
    _check(*case)


_OPTION_STRATEGY = st.fixed_dictionaries({}, optional={
    "precision": st.integers(0, 10),
    "threshold": st.integers(0, 60),
    "edgeitems": st.integers(0, 4),
    "linewidth": st.integers(1, 160),
    "sci_mode": st.sampled_from([None, True, False]),
    "profile": st.sampled_from(["default", "short", "full"]),
})


@HYP
@given(case=_small_arrays(), opts=_OPTION_STRATEGY, grad=st.sampled_from([None, "mul"]))
def test_hypothesis_with_options(case: tuple[np.ndarray, str], opts: dict, grad: str | None) -> None:
    arr, dtype_name = case
    if dtype_name not in FLOAT_DTYPES and not dtype_name.startswith("complex"):
        grad = None
    try:
        _set_both(**opts)
        _check(arr, dtype_name, grad)
    finally:
        _set_both(profile="default")


# --------------------------------------------------------------------------- misc

def test_dtype_cast_from_other_numpy_dtype() -> None:
    """Data is converted to the requested dtype before printing."""
    assert tensor_repr(np.array([0.1, 0.2]), "float16") == repr(torch.tensor([0.1, 0.2], dtype=torch.float16))
    assert tensor_repr(np.array([1, 2]), "float32") == "tensor([1., 2.])"
    assert tensor_repr(np.array([1.0, 0.0]), "bool") == "tensor([ True, False])"


def test_does_not_import_torch() -> None:
    import ember._printing as mod
    assert "torch" not in vars(mod)


def test_small_tensor_is_fast() -> None:
    arr = np.arange(12, dtype=np.float32).reshape(3, 4) / 3
    best = min(timeit.repeat(lambda: tensor_repr(arr, "float32"), number=200, repeat=5)) / 200
    assert best < 200e-6  # generous bound; typically ~30 µs
