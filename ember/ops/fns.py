"""The two worlds a backward formula runs in.

``ArrayFns`` works on raw NumPy arrays (``create_graph=False``: nothing recorded, NumPy speed);
``TensorFns`` works on ember Tensors through ember's own ops (``create_graph=True``: the backward
pass is itself recorded, so it can be differentiated again). Formulas use Python operators, which
both worlds share, and these functions for the rest.
"""
from __future__ import annotations

import re

import numpy as np

from .._tensor import Tensor, make
from ..autograd.graph import FREED_MESSAGE


def _modified_error(ctx, src) -> RuntimeError:
    _, t, vc, version = src
    producer = ""
    fn = None
    if t is not None:
        fn = t.grad_fn      # a view whose base changed reads as AsStrided, as in torch
        shape = list(t._data.shape)
        legacy = t.dtype._legacy
    else:  # the node's own output
        fn = ctx
        out = ctx._saved[src[0]]
        if isinstance(out, Tensor):
            out = out._data
        shape = list(out.shape)
        from .._dtype import _BY_CHAR
        legacy = _BY_CHAR[out.dtype.char]._legacy
    if fn is not None:
        producer = f", which is output 0 of {forward_name(fn)},"
    where = f" The in-place operation that modified it ran at {vc[1]}." if vc[1] else ""
    return RuntimeError(
        "one of the variables needed for gradient computation has been modified by an inplace operation: "
        f"[torch.{legacy} {shape}]{producer} is at version {vc[0]}; expected version {version} instead.{where} "
        "Hint: enable anomaly detection to find the operation that failed to compute its gradient, with "
        "torch.autograd.set_detect_anomaly(True, check_nan=False).")


def forward_name(node) -> str:
    """The forward op a node belongs to, as torch names it in errors: SigmoidBackward0 -> Sigmoid,
    PowBackward1 -> Pow1, a custom ExpBackward -> Exp; special nodes keep their full name."""
    name = node.name()
    m = re.fullmatch(r"(.*)Backward(\d*)", name)
    if m is None or name.startswith("torch::"):
        return name
    return m.group(1) + ("" if m.group(2) in ("", "0") else m.group(2))


def _check(ctx):
    saved = ctx._saved
    if saved is None:
        raise RuntimeError(FREED_MESSAGE)
    for src in ctx._saved_src:
        if src[2][0] != src[3]:
            raise _modified_error(ctx, src)
    return saved


def sum_to_shape(g: np.ndarray, shape: tuple) -> np.ndarray:
    """Sum a broadcast gradient back to ``shape`` (the one place broadcasting is undone)."""
    lead = g.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(i + lead for i, s in enumerate(shape) if s == 1 and g.shape[i + lead] != 1)
    if axes:
        g = g.sum(axis=axes, keepdims=True)
    return g.reshape(shape) if lead else g


class ArrayFns:
    """Backward-formula helpers on raw NumPy arrays."""

    tensor_mode = False

    saved = staticmethod(_check)   # the raw arrays, after the freed / version checks

    sum_to = staticmethod(sum_to_shape)
    exp = staticmethod(np.exp)
    log = staticmethod(np.log)
    sin = staticmethod(np.sin)
    cos = staticmethod(np.cos)
    abs = staticmethod(np.abs)
    sign = staticmethod(np.sign)
    matmul = staticmethod(np.matmul)

    @staticmethod
    def where(cond, a, b):
        return np.where(cond, a, b)

    @staticmethod
    def sum(x, axis=None, keepdims=False):
        return np.sum(x, axis=axis, keepdims=keepdims)

    @staticmethod
    def expand(x, shape):
        return np.broadcast_to(x, shape)

    @staticmethod
    def reshape(x, shape):
        return np.reshape(x, shape)

    @staticmethod
    def permute(x, axes):
        return np.transpose(x, axes)

    @staticmethod
    def swapaxes(x, a, b):
        return np.swapaxes(x, a, b)

    @staticmethod
    def unsqueeze(x, dim):
        return np.expand_dims(x, dim)

    @staticmethod
    def cast(x, np_dtype):
        return np.asarray(x).astype(np_dtype)

    @staticmethod
    def zeros_like(g):
        """A zero gradient (a constant in both worlds, as torch's zeros_like(grad))."""
        return np.zeros_like(g)

    @staticmethod
    def relu_grad(g, r):
        """relu's backward: g where the result is positive."""
        return g * (r > 0)

    @staticmethod
    def embed(g, shape, key):
        """Zeros of ``shape`` with ``g`` placed at basic index ``key`` (slicing's backward)."""
        z = np.zeros(shape, dtype=g.dtype)
        z[key] = g
        return z

    @staticmethod
    def embed_add(g, shape, key):
        """Zeros of ``shape`` with ``g`` added at advanced index ``key``; repeats accumulate."""
        z = np.zeros(shape, dtype=g.dtype)
        np.add.at(z, key, g)
        return z

    @staticmethod
    def constant(x):
        return x

    @staticmethod
    def clone(x):
        return np.array(x, copy=True)

    @staticmethod
    def setview(base, steps, value):
        """Write ``value`` into the region of ``base`` that the view ``steps`` select."""
        from .shape import replay_array
        replay_array(base, steps)[...] = value
        return base

    @staticmethod
    def view(base, steps):
        from .shape import replay_array
        return replay_array(base, steps)


def _t(x) -> Tensor:
    return x if isinstance(x, Tensor) else make(np.asarray(x))


class TensorFns:
    """Backward-formula helpers on ember Tensors: every step is itself recorded."""

    tensor_mode = True

    @staticmethod
    def saved(ctx, check_version: bool = True) -> tuple:
        saved = _check(ctx) if check_version else ctx._saved
        if saved is None:
            raise RuntimeError(FREED_MESSAGE)
        values = list(saved)
        for i, t, vc, _ in ctx._saved_src:
            if t is None:       # the node's own output: a tensor whose grad_fn is this node
                if isinstance(saved[i], Tensor):
                    continue
                t = make(saved[i], True, ctx._output_fn or ctx)
                t._vc = vc
            values[i] = t
        for i, v in enumerate(values):
            if type(v) is np.ndarray and v.dtype.kind in "fc":
                values[i] = make(v)
        return tuple(values)

    @staticmethod
    def sum_to(g, shape):
        shape = tuple(shape)
        if tuple(g.shape) == shape:
            return g
        lead = g.ndim - len(shape)
        dims = tuple(range(lead)) + tuple(i + lead for i, s in enumerate(shape) if s == 1 and g.shape[i + lead] != 1)
        if dims:
            g = g.sum(dims, keepdim=True)
        return g.reshape(shape) if lead else g

    @staticmethod
    def exp(x):
        return _t(x).exp()

    @staticmethod
    def log(x):
        return _t(x).log()

    @staticmethod
    def sin(x):
        return _t(x).sin()

    @staticmethod
    def cos(x):
        return _t(x).cos()

    @staticmethod
    def abs(x):
        return _t(x).abs()

    @staticmethod
    def sign(x):
        return _t(x).sign()

    @staticmethod
    def matmul(a, b):
        return _t(a).matmul(_t(b))

    @staticmethod
    def where(cond, a, b):
        from .elementwise import where
        return where(_t(cond), a, b)

    @staticmethod
    def sum(x, axis=None, keepdims=False):
        x = _t(x)
        return x.sum() if axis is None and not keepdims else x.sum(axis if axis is not None else
                                                                    tuple(range(x.ndim)), keepdim=keepdims)

    @staticmethod
    def expand(x, shape):
        return _t(x).expand(*shape)

    @staticmethod
    def reshape(x, shape):
        return _t(x).reshape(shape)

    @staticmethod
    def permute(x, axes):
        return _t(x).permute(*axes)

    @staticmethod
    def swapaxes(x, a, b):
        return _t(x).transpose(a, b)

    @staticmethod
    def unsqueeze(x, dim):
        return _t(x).unsqueeze(dim)

    @staticmethod
    def cast(x, np_dtype):
        from .._dtype import _BY_CHAR
        return _t(x).to(_BY_CHAR[np.dtype(np_dtype).char])

    @staticmethod
    def zeros_like(g):
        return make(np.zeros_like(g._data if isinstance(g, Tensor) else g))

    @staticmethod
    def relu_grad(g, r):
        from .elementwise import ThresholdBackwardBackward0
        from .base import apply2
        g, r = _t(g), _t(r)
        return apply2(ThresholdBackwardBackward0, g, r, g._data, r._data)

    @staticmethod
    def embed(g, shape, key):
        from .indexing import EmbedBackward
        from .base import apply
        return apply(EmbedBackward, (g,), (g._data,), tuple(shape), key)

    @staticmethod
    def embed_add(g, shape, key):
        from .indexing import EmbedAddBackward
        from .base import apply
        return apply(EmbedAddBackward, (g,), (g._data,), tuple(shape), key)

    @staticmethod
    def constant(x):
        return _t(x)

    @staticmethod
    def clone(x):
        return _t(x).clone()

    @staticmethod
    def setview(base, steps, value):
        from .shape import replay_tensor
        replay_tensor(base, steps).copy_(value)
        return base

    @staticmethod
    def view(base, steps):
        from .shape import replay_tensor
        return replay_tensor(base, steps)
