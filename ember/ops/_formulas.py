"""The two worlds a backward formula runs in, passed to every ``backward`` as ``xp``.

``ArrayFns`` works on raw NumPy arrays (``create_graph=False``: nothing recorded, NumPy speed);
``TensorFns`` works on ember Tensors through ember's own ops (``create_graph=True``: the backward
pass is itself recorded, so it can be differentiated again). Formulas use Python operators, which
both worlds share, and these functions for the rest. A helper that needs more than one line in
either world gets a name here (``prod_others``, ``embed_add``) so the formulas stay one-liners.
"""
from __future__ import annotations

import math

import numpy as np

from .._dtype import _BY_CHAR
from .._tensor import Tensor, make
from ._op import saved_arrays, saved_tensors
from ._record import apply, apply1
from ._view_graph import replay_array, replay_tensor
from .arithmetic import AddBackward1, MulBackward1
from .indexing import EmbedAddBackward, EmbedBackward, masked_fill
from . import reduction, shape
from .joining import cat, stack
from .linalg import _matmul
from .selection import where
from .unary import sign_array, threshold_backward

__all__ = ["ArrayFns", "TensorFns", "sum_to_shape"]


def sum_to_shape(g: np.ndarray, shape: tuple) -> np.ndarray:
    """Sum a broadcast gradient back to ``shape`` (the one place broadcasting is undone)."""
    lead = g.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(i + lead for i, s in enumerate(shape) if s == 1 and g.shape[i + lead] != 1)
    if axes:
        g = g.sum(axis=axes, keepdims=True)
    return g.reshape(shape) if lead else g


def prod_others_tensor(a: Tensor, dims: tuple) -> Tensor:
    """Differentiable product of the other elements along ``dims`` (all dims, or one), as torch's
    prod_safe_zeros_backward builds it: the exclusive cumulative products from either end, multiplied
    (so its own derivative, through cumprod's, is torch's, NaN and zeros included). Used only with
    create_graph and zeros in the input."""
    if len(dims) != 1:
        return prod_others_tensor(a.reshape(-1), (0,)).reshape(tuple(a.shape))
    d = dims[0]
    n = a.shape[d]
    if a._data.size == 0:
        return make(np.ones(a._data.shape, a._data.dtype))
    ones = make(np.ones(a._data.shape[:d] + (1,) + a._data.shape[d + 1:], a._data.dtype))
    forward = cat([ones, a.narrow(d, 0, n - 1)], d).cumprod(d)
    backward = cat([ones, a.narrow(d, 1, n - 1).flip(d)], d).cumprod(d).flip(d)
    return forward * backward


def prod_others_array(a: np.ndarray, dims: tuple) -> np.ndarray:
    moved = np.moveaxis(a, dims, tuple(range(len(dims))))
    flat = moved.reshape((-1,) + moved.shape[len(dims):])
    ones = np.ones_like(flat[:1])
    left = np.cumprod(np.concatenate([ones, flat[:-1]]), axis=0)
    right = np.cumprod(np.concatenate([ones, flat[:0:-1]]), axis=0)[::-1]
    return np.moveaxis((left * right).reshape(moved.shape), tuple(range(len(dims))), dims)


_SAME_WIDTH_INT = {2: np.int16, 4: np.int32, 8: np.int64}


def where_array(cond, a, b):
    """``np.where(cond, a, b)``. The backward formulas' usual case, a float gradient or 0
    (``where(mask, g, 0.0)``, ``where(mask, 0.0, g)``), is a bitwise AND of the gradient's bits
    with the mask, which selects exactly as np.where (inf and NaN kept or dropped, +0.0 elsewhere)
    at a quarter of its instructions: relu's backward in the MLP step (benchmarks/run.py, workload 2)."""
    if type(cond) is np.ndarray and cond.dtype == np.bool_ and cond.size >= 256:
        if type(b) is np.ndarray and type(a) in (float, int) and a == 0 and not math.copysign(1, a) < 0:
            cond, a, b = ~cond, b, a
        if (type(a) is np.ndarray and a.dtype.kind == "f" and a.itemsize in _SAME_WIDTH_INT
                and type(b) in (float, int) and b == 0 and not math.copysign(1, b) < 0):
            bits = _SAME_WIDTH_INT[a.itemsize]
            return np.bitwise_and(a.view(bits), np.negative(cond.view(np.uint8), dtype=bits)).view(a.dtype)
    return np.where(cond, a, b)


class ArrayFns:
    """Backward-formula helpers on raw NumPy arrays."""

    tensor_mode = False

    saved = staticmethod(saved_arrays)   # the raw arrays, after the freed / version checks
    prod_others = staticmethod(prod_others_array)

    sum_to = staticmethod(sum_to_shape)
    exp = staticmethod(np.exp)
    log = staticmethod(np.log)
    sin = staticmethod(np.sin)
    cos = staticmethod(np.cos)
    abs = staticmethod(np.abs)
    sign = staticmethod(sign_array)       # torch's: the sign of NaN is 0
    matmul = staticmethod(np.matmul)

    where = staticmethod(where_array)

    @staticmethod
    def mul_scalar(x, s):
        """``x * s``, ``s`` a Python number: torch's C++ ``Tensor * Scalar`` (``MulBackward1`` when recorded)."""
        return x * s

    @staticmethod
    def add_scalar(x, s):
        """``x + s``, ``s`` a Python number (``AddBackward1`` when recorded)."""
        return x + s

    # the methods and ufuncs below, not np.sum / np.reshape / np.swapaxes...: those Python-level wrappers
    # cost ~1 µs a call, several per node (with TensorFns' unchecked ops below: the HVP step 4.49 M -> 4.17 M
    # instructions, benchmarks/instructions.py)
    @staticmethod
    def sum(x, axis=None, keepdims=False):
        return np.add.reduce(x, axis=axis, keepdims=keepdims)

    @staticmethod
    def expand(x, shape):
        if type(x) is np.ndarray and not x.ndim:
            # a 0-d gradient (sum's backward) as a read-only zero-stride array over its one element, as
            # np.broadcast_to makes it at a third of the cost (its nditer set-up: ~3.5 µs)
            out = np.ndarray(shape, x.dtype, buffer=x, strides=(0,) * len(shape))
            out.flags.writeable = False
            return out
        return np.broadcast_to(x, shape)

    @staticmethod
    def reshape(x, shape):
        return np.asarray(x).reshape(shape)

    @staticmethod
    def permute(x, axes):
        return np.asarray(x).transpose(axes)

    @staticmethod
    def swapaxes(x, a, b):
        return np.asarray(x).swapaxes(a, b)

    @staticmethod
    def unsqueeze(x, dim):
        shape = np.shape(x)
        d = dim if dim >= 0 else dim + len(shape) + 1
        return np.asarray(x).reshape(shape[:d] + (1,) + shape[d:])   # a new unit dim: always a view

    @staticmethod
    def squeeze(x, dim):
        return np.asarray(x).squeeze(dim)

    @staticmethod
    def t(x):
        return np.asarray(x).T

    @staticmethod
    def cast(x, np_dtype):
        return np.asarray(x).astype(np_dtype)

    @staticmethod
    def zeros_like(g):
        """A zero gradient (a constant in both worlds, as torch's zeros_like(grad))."""
        return np.zeros_like(g)

    @staticmethod
    def zeros(shape, np_dtype):
        """The gradient of an output that got none (a constant in both worlds)."""
        return np.zeros(shape, dtype=np_dtype)

    @staticmethod
    def cat(gs, dim):
        return np.concatenate(gs, axis=dim)

    @staticmethod
    def stack(gs, dim):
        return np.stack(gs, axis=dim)

    @staticmethod
    def relu_grad(g, r):
        """relu's backward: 0 where the result ``r`` is <= 0, else g (a select, as torch's threshold_backward:
        an inf gradient stays 0 there, a NaN result passes g). ``r`` is relu's output (>= 0 or NaN), so
        ``r <= 0`` is ``r == 0``, and ``r != 0`` keeps NaN."""
        return where_array(r != 0, g, 0.0)

    @staticmethod
    def masked_fill(x, mask, value):
        """``x`` with ``value`` where ``mask`` (maximum's backward, as torch's masked_fill)."""
        return np.where(mask, value, x)

    @staticmethod
    def div_floor(a, b):
        """``a.div(b, rounding_mode='floor')`` (remainder's backward), a constant in both worlds."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.floor_divide(a, b)

    @staticmethod
    def div_trunc(a, b):
        """``a.div(b, rounding_mode='trunc')`` (fmod's backward), a constant in both worlds."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.trunc(a / b)

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
        replay_array(base, steps)[...] = value
        return base

    @staticmethod
    def view(base, steps):
        return replay_array(base, steps)


def _t(x) -> Tensor:
    return x if isinstance(x, Tensor) else make(np.asarray(x))


def _unchecked(fn):
    """The op under its parser (and argument-alias) wrappers."""
    while hasattr(fn, "__wrapped__"):
        fn = fn.__wrapped__
    return fn


_shape_t = _unchecked(shape.t)
_sum, _expand, _reshape, _permute, _transpose, _unsqueeze, _squeeze = (
    _unchecked(f) for f in (reduction.sum, shape.expand, shape.reshape, shape.permute, shape.transpose,
                                shape.unsqueeze, shape.squeeze))


class TensorFns:
    """Backward-formula helpers on ember Tensors: every step is itself recorded."""

    tensor_mode = True

    saved = staticmethod(saved_tensors)
    prod_others = staticmethod(prod_others_tensor)

    @staticmethod
    def sum_to(g, shape):
        shape = tuple(shape)
        gs = np.shape(g._data if isinstance(g, Tensor) else g)
        if gs == shape:
            return g
        lead = len(gs) - len(shape)
        dims = tuple(range(lead)) + tuple(i + lead for i, s in enumerate(shape) if s == 1 and gs[i + lead] != 1)
        if dims:
            g = _sum(g, dims, True)
        return _reshape(g, shape) if lead else g

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
        return _matmul(_t(a), _t(b))

    @staticmethod
    def mul_scalar(x, s):
        x = _t(x)
        return apply1(MulBackward1, x, x._data, s)

    @staticmethod
    def add_scalar(x, s):
        x = _t(x)
        return apply1(AddBackward1, x, x._data, s)

    @staticmethod
    def where(cond, a, b):
        return where(_t(cond), _t(a) if isinstance(a, np.ndarray) else a, _t(b) if isinstance(b, np.ndarray) else b)

    # (the unchecked functions, not the methods: a formula's arguments need no parser check)
    @staticmethod
    def sum(x, axis=None, keepdims=False):
        x = _t(x)
        return _sum(x) if axis is None and not keepdims else _sum(x, axis if axis is not None else
                                                                  tuple(range(x.ndim)), keepdims)

    @staticmethod
    def expand(x, shape):
        return _expand(_t(x), tuple(shape))

    @staticmethod
    def reshape(x, shape):
        return _reshape(_t(x), shape)

    @staticmethod
    def permute(x, axes):
        return _permute(_t(x), tuple(axes))

    @staticmethod
    def swapaxes(x, a, b):
        return _transpose(_t(x), a, b)

    @staticmethod
    def unsqueeze(x, dim):
        return _unsqueeze(_t(x), dim)

    @staticmethod
    def squeeze(x, dim):
        return _squeeze(_t(x), dim)

    @staticmethod
    def t(x):
        return _shape_t(_t(x))      # (not Tensor.t: a formula's arguments need no parser check)

    @staticmethod
    def cast(x, np_dtype):
        return _t(x).to(_BY_CHAR[np.dtype(np_dtype).char])

    @staticmethod
    def zeros_like(g):
        return make(np.zeros_like(g._data if isinstance(g, Tensor) else g))

    @staticmethod
    def zeros(shape, np_dtype):
        return make(np.zeros(shape, dtype=np_dtype))

    @staticmethod
    def cat(gs, dim):
        return cat([_t(g) for g in gs], dim)

    @staticmethod
    def stack(gs, dim):
        return stack([_t(g) for g in gs], dim)

    @staticmethod
    def relu_grad(g, r):
        return threshold_backward(_t(g), _t(r))

    @staticmethod
    def masked_fill(x, mask, value):
        return masked_fill(_t(x), _t(mask), value)

    @staticmethod
    def div_floor(a, b):
        return _t(a).div(b, rounding_mode="floor")

    @staticmethod
    def div_trunc(a, b):
        return _t(a).div(b, rounding_mode="trunc")

    @staticmethod
    def embed(g, shape, key):
        return apply(EmbedBackward, (g,), (g._data,), tuple(shape), key)

    @staticmethod
    def embed_add(g, shape, key):
        return apply(EmbedAddBackward, (g,), (g._data,), tuple(shape), key)

    @staticmethod
    def constant(x):
        return _t(x)

    @staticmethod
    def clone(x):
        return _t(x).clone()

    @staticmethod
    def setview(base, steps, value):
        replay_tensor(base, steps).copy_(value)
        return base

    @staticmethod
    def view(base, steps):
        return replay_tensor(base, steps)
