"""Tensor's whole method surface, in one table.

``class Tensor`` (``_tensor.py``) holds the data model; every operation a tensor offers as a
method or operator is listed here, by family, and bound onto ``Tensor`` by :func:`bind` when ember
is imported. Type checkers read the same table: under ``TYPE_CHECKING`` ``Tensor`` derives from
:class:`TensorMethods`, so ``x.exp()``, ``x * 2`` and ``x[0]`` are typed from the functions below.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import _creation as creation
from . import _random_ops as rnd
from . import autograd
from ._tensor import Tensor
from .ops import (activation as act, arithmetic as ar, comparison as cmp, conversion as conv, fills,  # noqa: F401
                  indexing as ix, joining, linalg, nn, reduction as red, selection as sel, shape, statistics as stats,
                  unary as un, division as dv, power as pw)

__all__ = ["TensorMethods", "bind"]


class TensorMethods:
    """The table: attribute name on Tensor -> the function that implements it."""

    # ------------------------------------------------------------------ autograd
    backward = autograd.tensor_backward

    # ------------------------------------------------------- arithmetic (ops/arithmetic.py, division.py, power.py)
    __add__ = __radd__ = ar.add_operator
    __sub__ = ar.sub_operator
    __rsub__ = ar.rsub
    __mul__ = __rmul__ = ar.mul_operator
    __truediv__ = dv.truediv
    __rtruediv__ = dv.rtruediv
    __pow__ = pw.pow_operator
    __rpow__ = pw.rpow
    __floordiv__ = dv.floordiv_operator
    __rfloordiv__ = dv.rfloordiv
    __mod__ = dv.mod_operator
    __rmod__ = dv.rmod
    __neg__ = neg = negative = ar.neg
    __pos__ = positive = ar.positive
    __iadd__, __isub__, __imul__, __itruediv__ = ar.iadd, ar.isub, ar.imul, dv.itruediv
    __ipow__, __imod__, __ifloordiv__ = pw.ipow, dv.imod, dv.ifloordiv
    add_, sub_, mul_, div_, pow_ = ar.add_, ar.sub_, ar.mul_, dv.div_, pw.pow_
    remainder_, fmod_, floor_divide_ = dv.remainder_, dv.fmod_, dv.floor_divide_
    neg_ = ar.neg_
    add = ar.add_method
    sub, subtract = ar.sub_method, ar.subtract_method
    mul, multiply = ar.mul_method, ar.multiply_method
    div, divide, true_divide = dv.div_method, dv.divide_method, dv.true_divide_method
    pow = pw.pow_method
    floor_divide = dv.floor_divide_method
    remainder = dv.remainder_method
    fmod = dv.fmod_method
    reciprocal, reciprocal_ = dv.reciprocal, dv.reciprocal_

    # ------------------------------------------------------------------ unary math (ops/unary.py)
    exp, exp_ = un.exp, un.exp_
    log, log_ = un.log, un.log_
    sqrt, sqrt_ = un.sqrt, un.sqrt_
    sin, sin_ = un.sin, un.sin_
    cos, cos_ = un.cos, un.cos_
    tanh, tanh_ = un.tanh, un.tanh_
    sigmoid, sigmoid_ = un.sigmoid, un.sigmoid_
    __abs__ = abs = un.abs
    abs_ = un.abs_
    relu, relu_ = un.relu, un.relu_
    sign, sign_ = un.sign, un.sign_
    floor, floor_ = un.floor, un.floor_
    ceil, ceil_ = un.ceil, un.ceil_
    round, round_ = un.round, un.round_
    trunc, trunc_ = un.trunc, un.trunc_

    # ------------------------------------------------------------------ selection (ops/selection.py)
    clamp, clip = sel.clamp_method, sel.clip_method
    clamp_, clip_ = sel.clamp_, sel.clip_
    maximum = sel.maximum_method
    minimum = sel.minimum_method
    where = sel.where_method

    # ------------------------------------------------------------------ comparison and logic (ops/comparison.py)
    eq, ne = cmp.eq_method, cmp.ne_method
    if TYPE_CHECKING:   # object declares __eq__/__ne__ -> bool; a type checker lets only a def override that
        def __eq__(self, other: Any) -> Tensor: ...  # type: ignore[override]  # noqa: E704
        def __ne__(self, other: Any) -> Tensor: ...  # type: ignore[override]  # noqa: E704
    else:
        __eq__, __ne__ = cmp.eq_operator, cmp.ne_operator
    __lt__, __le__, __gt__, __ge__ = cmp.lt_operator, cmp.le_operator, cmp.gt_operator, cmp.ge_operator
    lt, le, gt, ge = cmp.lt_method, cmp.le_method, cmp.gt_method, cmp.ge_method
    greater, less, greater_equal, less_equal = (cmp.greater_method, cmp.less_method, cmp.greater_equal_method,
                                                cmp.less_equal_method)
    not_equal = cmp.not_equal_method
    logical_and, logical_or, logical_xor = cmp.logical_and_method, cmp.logical_or_method, cmp.logical_xor_method
    logical_not = cmp.logical_not
    __and__ = __rand__ = cmp.and_operator
    __or__ = __ror__ = cmp.or_operator
    __xor__ = __rxor__ = cmp.xor_operator
    bitwise_and, bitwise_or, bitwise_xor = cmp.bitwise_and_method, cmp.bitwise_or_method, cmp.bitwise_xor_method
    __invert__ = cmp.invert
    bitwise_not = cmp.bitwise_not
    isnan, isinf, isfinite = cmp.isnan, cmp.isinf, cmp.isfinite
    allclose = cmp.allclose_method
    equal = cmp.equal_method

    # ------------------------------------------------------------------ reductions (ops/reduction.py, statistics.py)
    sum = red.sum
    mean = red.mean
    max = red.max
    min = red.min
    amax = red.amax
    amin = red.amin
    argmax = red.argmax
    argmin = red.argmin
    prod = red.prod
    norm = stats.norm
    var = stats.var
    std = stats.std

    # ------------------------------------------------------------------ views (ops/shape.py)
    view = shape.view
    view_as = shape.view_as
    reshape = shape.reshape
    reshape_as = shape.reshape_as
    flatten = shape.flatten
    unflatten = shape.unflatten
    unsqueeze = shape.unsqueeze
    squeeze = shape.squeeze
    permute = shape.permute
    transpose = swapaxes = swapdims = shape.transpose
    t = shape.t
    T = property(shape.T)
    mT = property(shape.mT)
    expand = shape.expand
    expand_as = shape.expand_as
    broadcast_to = shape.broadcast_to

    # ------------------------------------------------------------------ indexing (ops/indexing.py)
    __getitem__ = ix.getitem
    __setitem__ = ix.setitem
    index_select = ix.index_select
    masked_fill = ix.masked_fill
    masked_fill_ = ix.masked_fill_
    nonzero = ix.nonzero
    split = ix.split
    chunk = ix.chunk
    unbind = ix.unbind

    # ------------------------------------------------------------------ linear algebra (ops/linalg.py)
    __matmul__ = matmul = linalg.matmul
    __rmatmul__ = linalg.rmatmul
    mm = linalg.mm
    mv = linalg.mv
    dot = linalg.dot
    bmm = linalg.bmm

    # ------------------------------------------------------------------ nn (ops/nn.py)
    softmax = nn.softmax
    log_softmax = nn.log_softmax

    # ------------------------------------------------------------------ activations (ops/activation.py)
    prelu = act.prelu
    hardshrink = act.hardshrink

    # ------------------------------------------------------------------ conversions (ops/conversion.py)
    clone = conv.clone
    contiguous = conv.contiguous
    to = conv.to
    type = conv.type_
    float = conv.float_
    double = conv.double
    half = conv.half
    long = conv.long
    int = conv.int_
    short = conv.short
    char = conv.char
    byte = conv.byte
    bool = conv.bool_
    cpu = conv.cpu
    cuda = conv.cuda

    # ------------------------------------------------------------------ writing values (ops/fills.py)
    copy_ = fills.copy_
    fill_ = fills.fill_
    zero_ = fills.zero_

    # ------------------------------------------------------------------ random numbers (_random_ops.py)
    uniform_ = rnd.uniform_
    normal_ = rnd.normal_
    random_ = rnd.random_
    bernoulli_ = rnd.bernoulli_
    exponential_ = rnd.exponential_
    geometric_ = rnd.geometric_
    log_normal_ = rnd.log_normal_
    cauchy_ = rnd.cauchy_
    bernoulli = rnd.bernoulli_method
    multinomial = rnd.multinomial

    # ------------------------------------------------------------------ new tensors like this one (_creation.py)
    new_zeros = creation.new_zeros
    new_ones = creation.new_ones
    new_empty = creation.new_empty
    new_full = creation.new_full
    new_tensor = creation.new_tensor


_NOT_BOUND = {"__module__", "__qualname__", "__doc__", "__dict__", "__weakref__", "__annotations__"}


def bind() -> None:
    """Set every entry of the table on Tensor (once, from ``ember/__init__``)."""
    named = set()
    for name, fn in vars(TensorMethods).items():
        if name in _NOT_BOUND:
            continue
        setattr(Tensor, name, fn)
        func = fn.fget if isinstance(fn, property) else fn
        if not name.startswith("__") and id(func) not in named:
            named.add(id(func))     # the first name in the table is the function's own
            try:   # bound methods print as torch's: <bound method Tensor.norm of ...>
                func.__qualname__ = "Tensor." + name
            except (AttributeError, TypeError):
                pass
    Tensor.__hash__ = object.__hash__   # defining __eq__ does not make tensors unhashable (torch)
