"""Helpers for comparing ember against real PyTorch (the oracle).

Import ``torch`` from here: the module is skipped, with a clear reason, only when torch is not
installed. Conversions go through NumPy so neither library needs to know about the other.
"""
from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="these tests compare ember against PyTorch, which is not installed")

import ember  # noqa: E402

# dtype names shared by both libraries
DTYPE_NAMES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"]


def dtype_name(dt) -> str:
    """'float32' for torch.float32, ember.float32 or np.float32."""
    s = str(dt)
    return s[len("torch."):] if s.startswith("torch.") else np.dtype(dt).name


def torch_dtype(name: str):
    return getattr(torch, name)


def ember_dtype(name: str):
    return getattr(ember, name)


def to_torch(t, requires_grad: bool | None = None):
    """A torch tensor holding a copy of ember tensor ``t``'s values (same dtype, same shape)."""
    arr = np.array(t.detach().numpy(), copy=True)
    out = torch.from_numpy(arr)
    if requires_grad if requires_grad is not None else t.requires_grad:
        out.requires_grad_(True)
    return out


def to_ember(t, requires_grad: bool | None = None):
    """An ember tensor holding a copy of torch tensor ``t``'s values (same dtype, same shape)."""
    arr = np.array(t.detach().cpu().numpy(), copy=True)
    out = ember.from_numpy(arr)
    if requires_grad if requires_grad is not None else t.requires_grad:
        out.requires_grad_(True)
    return out


def _np_of(t) -> np.ndarray:
    if isinstance(t, ember.Tensor):
        return np.asarray(t.detach().numpy())
    if isinstance(t, torch.Tensor):
        if t._is_zerotensor():  # torch's symbolic zeros (e.g. abs's second derivative)
            return np.zeros(tuple(t.shape), dtype=dtype_name(t.dtype))
        return t.detach().cpu().numpy()
    return np.asarray(t)


def default_tols(dtype_name_: str) -> tuple[float, float]:
    return {"float16": (1e-2, 1e-2), "float32": (1e-4, 1e-5), "float64": (1e-7, 1e-9)}.get(dtype_name_, (0.0, 0.0))


def assert_close(ember_t, torch_t, rtol: float | None = None, atol: float | None = None, what: str = "") -> None:
    """ember_t and torch_t agree in type, dtype name, shape and values (NaNs equal in place)."""
    prefix = f"{what}: " if what else ""
    assert isinstance(ember_t, ember.Tensor), f"{prefix}expected an ember Tensor, got {type(ember_t).__name__}"
    assert isinstance(torch_t, torch.Tensor), f"{prefix}expected a torch Tensor, got {type(torch_t).__name__}"
    ed, td = dtype_name(ember_t.dtype), dtype_name(torch_t.dtype)
    assert ed == td, f"{prefix}dtype mismatch: ember {ed} vs torch {td}"
    assert tuple(ember_t.shape) == tuple(torch_t.shape), \
        f"{prefix}shape mismatch: ember {tuple(ember_t.shape)} vs torch {tuple(torch_t.shape)}"
    if rtol is None or atol is None:
        r, a = default_tols(td)
        rtol = r if rtol is None else rtol
        atol = a if atol is None else atol
    e, t = _np_of(ember_t), _np_of(torch_t)
    if e.dtype.kind in "fc":
        np.testing.assert_allclose(e.astype(np.float64), t.astype(np.float64), rtol=rtol, atol=atol,
                                   equal_nan=True, err_msg=f"{prefix}values differ")
    else:
        np.testing.assert_array_equal(e, t, err_msg=f"{prefix}values differ")
