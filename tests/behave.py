"""Behaviour-oracle helpers: run the same code on ember and on torch 2.13 and compare what each
observes (values, flags, grad_fn names, masked reprs, exception types and messages)."""
from __future__ import annotations

import re
import warnings

import numpy as np
import pytest

torch = pytest.importorskip("torch")
torch.set_warn_always(True)   # torch warns some things once per process: else an earlier test hides them

import ember  # noqa: E402

LIBS = pytest.mark.parametrize("lib", ["ember", "torch"])
_ADDR = re.compile(r"0x[0-9a-fA-F]+")
_TRIGGERED = re.compile(r"\s*\(Triggered internally at .*$", re.S)


def mask(s: str) -> str:
    """Mask object addresses."""
    return _ADDR.sub("0x…", s)


class Err:
    """An exception captured on one library: compared by type name and message."""

    def __init__(self, exc: BaseException) -> None:
        self.type = type(exc).__name__
        self.msg = _TRIGGERED.sub("", str(exc))

    def __repr__(self) -> str:
        return f"Err({self.type}: {self.msg!r})"


def catch(f):
    """f() or the Err it raised."""
    try:
        return f()
    except Exception as exc:  # noqa: BLE001
        return Err(exc)


def record_warnings(f):
    """(f() or Err, [(category name, message)])."""
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter("always")
        out = catch(f)
    return out, [(w.category.__name__, _TRIGGERED.sub("", str(w.message))) for w in ws]


def _tensor_cls(lib):
    return lib.Tensor


def norm(v, lib):
    """A library-neutral description of v (tensors, nodes, dtypes, Sizes, nested containers)."""
    if isinstance(v, Err):
        return v
    if isinstance(v, lib.Tensor):
        fn = v.grad_fn
        arr = np.array(v.detach().numpy(), copy=True)
        return ("Tensor", str(v.dtype), tuple(v.shape), v.requires_grad, v.is_leaf,
                None if fn is None else type(fn).__name__, arr)
    if isinstance(v, lib.dtype):
        return ("dtype", str(v))
    if isinstance(v, lib.Size):
        return ("Size", tuple(v))
    if isinstance(v, np.ndarray):
        return ("ndarray", v.dtype.str, v.shape, v.copy())
    if isinstance(v, str):
        return mask(v)
    if isinstance(v, tuple):
        return tuple(norm(x, lib) for x in v)
    if isinstance(v, list):
        return [norm(x, lib) for x in v]
    if isinstance(v, dict):
        return {k: norm(x, lib) for k, x in v.items()}
    if hasattr(v, "next_functions") or type(v).__name__ in ("AccumulateGrad",):
        return ("Node", type(v).__name__)
    return v


def run(fn, lib):
    """fn(lib) normalised, or the Err it raised."""
    mod = ember if lib == "ember" or lib is ember else torch
    return norm(catch(lambda: fn(mod)), mod)


def assert_same(e, t, path="out", rtol=1e-5, atol=1e-6, msg_upto=None):
    """ember's normalised result e matches torch's t."""
    if isinstance(t, Err) or isinstance(e, Err):
        assert isinstance(e, Err), f"{path}: torch raised {t!r} but ember returned {e!r}"
        assert isinstance(t, Err), f"{path}: ember raised {e!r} but torch returned {t!r}"
        assert e.type == t.type, f"{path}: exception type ember {e!r} vs torch {t!r}"
        want = t.msg
        if msg_upto is not None and msg_upto in want:
            want = want[:want.index(msg_upto) + len(msg_upto)]
        assert e.msg.startswith(want), f"{path}: message\n ember: {e.msg!r}\n torch: {want!r}"
        return
    if isinstance(t, tuple) and t and t[0] == "Tensor":
        assert isinstance(e, tuple) and e and e[0] == "Tensor", f"{path}: ember {e!r} is not a tensor (torch {t!r})"
        for i, what in enumerate(("dtype", "shape", "requires_grad", "is_leaf", "grad_fn"), start=1):
            assert e[i] == t[i], f"{path}: {what} ember {e[i]!r} vs torch {t[i]!r}"
        ea, ta = e[6], t[6]
        if ta.dtype.kind in "fc":
            np.testing.assert_allclose(ea.astype(np.complex128 if ta.dtype.kind == "c" else np.float64),
                                       ta.astype(np.complex128 if ta.dtype.kind == "c" else np.float64),
                                       rtol=rtol, atol=atol, equal_nan=True, err_msg=path)
        else:
            np.testing.assert_array_equal(ea, ta, err_msg=path)
        return
    if isinstance(t, tuple) and t and t[0] == "ndarray":
        assert isinstance(e, tuple) and e[:3] == t[:3], f"{path}: ember {e[:3]!r} vs torch {t[:3]!r}"
        np.testing.assert_allclose(e[3], t[3], rtol=rtol, atol=atol, equal_nan=True, err_msg=path)
        return
    if isinstance(t, (tuple, list)):
        assert type(e) is type(t), f"{path}: ember {type(e).__name__} {e!r} vs torch {type(t).__name__} {t!r}"
        assert len(e) == len(t), f"{path}: length ember {len(e)} vs torch {len(t)}: {e!r} vs {t!r}"
        for i, (a, b) in enumerate(zip(e, t)):
            assert_same(a, b, f"{path}[{i}]", rtol, atol, msg_upto)
        return
    if isinstance(t, dict):
        assert isinstance(e, dict) and set(e) == set(t), f"{path}: keys ember {e!r} vs torch {t!r}"
        for k in t:
            assert_same(e[k], t[k], f"{path}[{k!r}]", rtol, atol, msg_upto)
        return
    if isinstance(t, float) and not isinstance(t, bool):
        assert isinstance(e, float) and not isinstance(e, bool), f"{path}: ember {e!r} vs torch {t!r}"
        assert (np.isnan(e) and np.isnan(t)) or np.isclose(e, t, rtol=rtol, atol=atol), f"{path}: {e!r} vs {t!r}"
        return
    assert type(e) is type(t), f"{path}: type ember {type(e).__name__} {e!r} vs torch {type(t).__name__} {t!r}"
    assert e == t, f"{path}:\n ember: {e!r}\n torch: {t!r}"


def same(fn, **kw):
    """Run fn(lib) on ember and torch and assert the observations match. Returns ember's."""
    t = run(fn, "torch")
    e = run(fn, "ember")
    assert_same(e, t, **kw)
    return e


def source_outcome(lib, src: str, env) -> tuple:
    """``("ok", the value as plain data)`` of ``eval(src, env(lib))``, or ``(exception class name, message)``."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")     # torch warns for its deprecated signatures, ember does not
            r = eval(src, env(lib))  # noqa: S307  (the tests' own sources)
    except Exception as e:  # noqa: BLE001  (the class and the words are what is compared)
        return type(e).__name__, str(e)
    if isinstance(r, tuple):
        r = [t.tolist() if hasattr(t, "tolist") else t for t in r]
    elif hasattr(r, "tolist"):
        r = r.tolist()
    return "ok", r


def same_source(src: str, env) -> None:
    """``src`` evaluated on torch and on ember (``env(lib)``: its names) gives the same values or the same error."""
    t, e = source_outcome(torch, src, env), source_outcome(ember, src, env)
    if t[0] == "ok" and e[0] == "ok":
        np.testing.assert_allclose(np.asarray(e[1], dtype=float), np.asarray(t[1], dtype=float), rtol=1e-6,
                                   atol=1e-9, err_msg=src)
    else:
        assert e == t, f"{src}\n torch: {t}\n ember: {e}"
