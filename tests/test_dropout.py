"""The dropout family against torch 2.13: with the same seed the same mask (drawn with ``bernoulli_`` on a
tensor of the noise's shape, as torch's CPU kernel), values, gradients and grad_fn names; train vs eval,
p=0 and p=1, in-place forms, reprs and errors."""
from __future__ import annotations

import numpy as np
import pytest
from behave import ember, record_warnings, same, torch
from oracle import assert_close

CASES = [("dropout", (4, 5, 3)), ("alpha_dropout", (4, 5, 3)), ("dropout1d", (4, 5, 3)), ("dropout1d", (5, 3)),
         ("dropout2d", (2, 3, 4, 2)), ("dropout3d", (2, 3, 2, 2, 2)), ("dropout3d", (3, 2, 2, 2)),
         ("feature_alpha_dropout", (2, 3, 4, 2))]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("p", [0.0, 0.3, 0.8, 1.0])
@pytest.mark.parametrize("name,shape", CASES, ids=[f"{n}_{len(s)}d" for n, s in CASES])
def test_functional_same_mask(name, shape, p, dtype):
    x = np.random.default_rng(0).standard_normal(shape).astype(dtype)
    outs = []
    for m in (ember, torch):
        m.manual_seed(7)
        t = m.from_numpy(x.copy()).requires_grad_()
        y = getattr(m.nn.functional, name)(t, p, True)
        (y * y).sum().backward()
        after = m.rand(2)              # the stream continues where torch's does
        outs.append((y, t.grad, type(y.grad_fn).__name__ if y.grad_fn else None, after))
    (ey, eg, en, ea), (ty, tg, tn, ta) = outs
    assert_close(ey, ty), assert_close(eg, tg), assert_close(ea, ta)
    assert en == tn


@pytest.mark.parametrize("cls", ["Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout",
                                 "FeatureAlphaDropout"])
def test_modules_train_eval_repr(cls):
    shape = {"Dropout1d": (2, 3, 4), "Dropout3d": (2, 3, 2, 2, 2)}.get(cls, (2, 3, 4, 2))

    def f(m):
        m.manual_seed(1)
        mod = getattr(m.nn, cls)(0.4)
        x = m.arange(float(np.prod(shape))).reshape(shape) + 1
        train = mod(x)
        mod.eval()
        return [repr(mod), repr(getattr(m.nn, cls)(p=0.2, inplace=True)), train, mod(x) is x]
    same(f)


def test_inplace_and_errors():
    def f(m):
        m.manual_seed(3)
        x = m.ones(3, 4)
        y = m.nn.functional.dropout(x, 0.5, True, inplace=True)
        out = [y is x, x]
        for g in [lambda: m.nn.functional.dropout(x, 1.5), lambda: m.nn.Dropout(-0.1),
                  lambda: m.nn.functional.dropout1d(m.ones(2, 3, 4, 5)),
                  lambda: m.nn.functional.dropout1d(m.ones(3))]:
            try:
                g()
                out.append("ok")
            except Exception as exc:  # noqa: BLE001
                out.append((type(exc).__name__, str(exc)))
        return out
    same(f)


@pytest.mark.parametrize("name,shape", [("dropout2d", (2, 3, 4)), ("dropout2d", (2, 3)), ("dropout3d", (2, 3)),
                                        ("dropout3d", (2, 3, 4))])
def test_rank_warnings(name, shape):
    def f(m):
        m.manual_seed(0)
        return getattr(m.nn.functional, name)(m.ones(*shape), 0.5)
    same(lambda m: record_warnings(lambda: f(m)))
