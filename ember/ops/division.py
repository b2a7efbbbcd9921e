"""Division: ``/``, ``//``, ``%`` (and their reflected and in-place forms), ``div`` with its
rounding modes, ``floor_divide``, ``remainder``, ``fmod``, ``reciprocal``, with torch's dtype
promotion (``_promotion.py``).

Integer operands of true division compute in the default float dtype; integer division by zero
raises, as in torch (NumPy gives 0); bool operands are refused where torch refuses them (``//``,
``%``). ``remainder``/``fmod`` are differentiable as torch's; rounded division has a zero
gradient; ``floor_divide`` and ``number % tensor`` record torch's ``NotImplemented`` node.
"""
from __future__ import annotations

from operator import truediv as _truediv

import numpy as np

from .. import _dtype
from .._graph import NO_RECORD
from .._layout import torch_layout
from .._quiet import quiet_call, quiet_run
from .._tensor import Tensor
from ._inplace import apply_inplace, check_shapes
from ._op import Op
from ._promotion import (
    ArgError,
    BadOperand,
    binary,
    binary_inplace,
    broadcast_error,
    check_args,
    float_input,
    inplace_check,
    inplace_operator,
    is_number,
    lead_tensor,
    method_form,
    must_be_tensor,
    operand,
    promote,
    reflected,
)
from ._record import apply, apply1, apply2


__all__ = ["div", "reciprocal", "floor_divide", "remainder", "fmod", "divide", "true_divide", "div_", "true_divide_",
           "divide_", "remainder_", "fmod_", "floor_divide_", "reciprocal_"]


# ----------------------------------------------------------------------------------------------
# the ops
class DivBackward0(Op):
    inplace_ufunc = np.true_divide
    __slots__ = ()
    _saved_names = ("self", "other")

    @staticmethod
    def forward(ctx, a, b):
        if ctx is not NO_RECORD:  # the dividend is needed only for the divisor's gradient
            ctx._saved = (a if ctx.needs_input_grad[1] else None, b)
        try:                    # x / 0 is inf or NaN, silently, as in torch
            r = quiet_run(_truediv, a, b)
        except RuntimeError:    # the quiet context is busy in another thread
            r = quiet_call(_truediv, a, b)
        return r if r.ndim < 2 else torch_layout(r, a, b)

    def backward(ctx, g, xp):
        a, b = xp.saved(ctx)
        return g / b, (None if a is None else -g * ((a / b) / b))    # torch's order of operations


class ReciprocalBackward0(Op):
    __slots__ = ()
    _saved_names = ("result",)

    @staticmethod
    def forward(ctx, a):
        with np.errstate(all="ignore"):
            r = 1.0 / a
        ctx.save(r)
        return r

    def backward(ctx, g, xp):
        r, = xp.saved(ctx)
        return (-g * (r * r),)          # torch's -grad * (result * result), in its rounding order


# ----------------------------------------------------------------------------------------------
# division with rounding, remainders
def _bad_kind(kernel: str, d: np.ndarray) -> None:
    """torch's error for a division kernel on bool (or complex, or uint16/32/64) operands."""
    k = d.dtype.kind
    if k == "b" or k == "c" or k == "u" and d.dtype.itemsize > 1:
        raise NotImplementedError(f'"{kernel}" not implemented for \'{_dtype._BY_CHAR[d.dtype.char]._legacy[:-6]}\'')


def _check_division(kernel: str, ad: np.ndarray, bd, written: np.ndarray | None = None) -> None:
    """Refuse bool/complex operands, and an integer division by zero (torch raises; NumPy gives 0), after
    torch's shape checks (``written``: an in-place op's tensor)."""
    k = ad.dtype.kind
    if k == "f":
        return
    check_shapes((ad, bd), written)
    _bad_kind(kernel, ad)
    if (k == "i" or k == "u") and ad.size and np.size(bd) and not np.all(bd):
        raise RuntimeError("ZeroDivisionError")


def _kind(a, b) -> str:
    """The dtype kind an op on ``a`` and ``b`` computes in (one of them may be a Python scalar)."""
    return (a if type(a) is np.ndarray else np.asarray(b)).dtype.kind


def _remainder(a, b):
    """torch's remainder: the sign of the divisor, zero with the dividend's sign (NumPy's mod
    gives +0 for -4 % 2; torch, fmod's -0)."""
    with np.errstate(all="ignore"):
        if _kind(a, b) != "f":
            return np.mod(a, b)
        m = np.fmod(a, b)
        return np.where((m != 0) & ((b < 0) != (m < 0)), m + b, m)


def _fmod(a, b):
    with np.errstate(all="ignore"):
        return np.fmod(a, b)


def _floor_divide(a, b):
    with np.errstate(all="ignore"):
        return np.floor_divide(a, b)


def _trunc_divide(a, b):
    with np.errstate(all="ignore"):
        if _kind(a, b) == "f":
            return np.trunc(a / b)
        q = np.floor_divide(a, b)         # exact for integers (a / b in float is not)
        return q + ((a - q * b != 0) & ((a < 0) != (np.asarray(b) < 0)))


class RemainderBackward0(Op):
    """``tensor % number``: the tensor's gradient passes unchanged."""
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, b):
        return torch_layout(_remainder(a, b), a, b)

    def backward(ctx, g, xp):
        return (g,)


class RemainderBackward1(Op):
    """``tensor % tensor``: ``a - b * floor(a / b)``, so the divisor's gradient is ``-g * floor(a / b)``."""
    __slots__ = ()
    _saved_names = ("self", "other")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save(a, b)
        return torch_layout(_remainder(a, b), a, b)

    def backward(ctx, g, xp):
        a, b = xp.saved(ctx)
        return g, -g * xp.div_floor(a, b)


class FmodBackward0(Op):
    """``fmod(tensor, number)``: the tensor's gradient passes unchanged."""
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, b):
        return _fmod(a, b)

    def backward(ctx, g, xp):
        return (g,)


class FmodBackward1(Op):
    """``fmod(tensor, tensor)``: ``a - b * trunc(a / b)``, so the divisor's gradient is ``-g * trunc(a / b)``."""
    __slots__ = ()
    _saved_names = ("self", "other")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save(a, b)
        return torch_layout(_fmod(a, b), a, b)

    def backward(ctx, g, xp):
        a, b = xp.saved(ctx)
        return g, -g * xp.div_trunc(a, b)


_ROUND = {"floor": _floor_divide, "trunc": _trunc_divide}


class DivBackward2(Op):
    """``div`` with a ``rounding_mode`` argument (torch records this node whenever one is given,
    even None): ``'floor'`` and ``'trunc'`` have a zero gradient, None is true division."""
    __slots__ = ("rounding_mode",)
    _saved_names = ("self", "other")
    _param_names = ("rounding_mode",)

    @staticmethod
    def forward(ctx, a, b, mode):
        ctx.rounding_mode = mode
        if ctx is not NO_RECORD:  # as DivBackward0: the dividend is needed only for the divisor's gradient
            ctx._saved = (a if ctx.needs_input_grad[1] else None, b)
        if mode is None:
            with np.errstate(all="ignore"):
                return torch_layout(a / b, a, b)
        return torch_layout(_ROUND[mode](a, b), a, b)

    def backward(ctx, g, xp):
        if ctx.rounding_mode is not None:
            z = xp.zeros_like(g)
            return z, z
        a, b = xp.saved(ctx)
        return g / b, (None if a is None else -g * ((a / b) / b))


class _NotImplementedNode(Op):
    """torch's ``NotImplemented`` node, recorded by an op that has no derivative formula
    (``floor_divide``, ``number % tensor``): backward through it raises torch's error.
    Like torch's, it links only the inputs that require grad."""
    __slots__ = ()
    aten = ""

    def name(self) -> str:
        return "torch::autograd::NotImplemented"

    def backward(ctx, g, xp):
        raise RuntimeError(f"derivative for aten::{ctx.aten} is not implemented")


class _FloorDivideNode(_NotImplementedNode):
    __slots__ = ()
    aten = "floor_divide"

    @staticmethod
    def forward(ctx, a, b):
        return torch_layout(_floor_divide(a, b), a, b)


class _FloorDivideInplaceNode(_FloorDivideNode):
    __slots__ = ()
    aten = "floor_divide_"


class _RemainderNode(_NotImplementedNode):
    __slots__ = ()
    aten = "remainder"

    @staticmethod
    def forward(ctx, a, b):
        return _remainder(a, b)


for _cls in (_NotImplementedNode, _FloorDivideNode, _FloorDivideInplaceNode, _RemainderNode):
    _cls.__name__ = "NotImplemented"   # type(grad_fn).__name__, as torch's (the qualname stays, for inspect)


def _record_not_implemented(cls, tensors: tuple, arrays: tuple, *params) -> Tensor:
    needs = tuple(t for t in tensors if t is not None and t._requires_grad)
    return apply(cls, needs or tensors, arrays, *params)


def _divisor_reflected(cls, kernel: str, t: Tensor, number, *params) -> Tensor:
    """``number // t``, ``number % t``, ``div(number, t, rounding_mode=...)``: the tensor is the
    divisor, checked as ``kernel`` checks it."""
    record = _record_not_implemented if issubclass(cls, _NotImplementedNode) else apply
    return reflected(cls, t, number, *params, check=lambda td: _check_division(kernel, td, td), record=record)


# ----------------------------------------------------------------------------------------------
# operators: anything but a Tensor or a number gives NotImplemented (Python raises, as for torch)
def _true_div_operands(a: Tensor, b):
    # integer / integer is true division in torch: compute in the default float dtype
    if a._data.dtype.kind in "biu" and (not isinstance(b, Tensor) or b._data.dtype.kind in "biu") \
            and not isinstance(b, (float, complex)):
        a = a.to(_dtype.get_default_dtype())
    return a, b


def truediv(a: Tensor, b) -> Tensor:
    """``a / b`` (true division)."""
    try:
        a, b = _true_div_operands(a, operand(b))
        return binary(DivBackward0, a, b)
    except BadOperand:
        return NotImplemented


def rtruediv(a: Tensor, b) -> Tensor:
    """``b / a`` for a non-Tensor ``b``."""
    try:
        b = operand(b)
    except BadOperand:
        return NotImplemented
    if isinstance(b, Tensor):
        return truediv(b, a)
    return reciprocal(a) * b


def floordiv_operator(a: Tensor, b) -> Tensor:
    """``a // b``."""
    try:
        return _floor_divide_op(a, operand(b))
    except BadOperand:
        return NotImplemented


def rfloordiv(a: Tensor, b) -> Tensor:
    """``b // a`` for a non-Tensor ``b`` (torch records no derivative for it)."""
    try:
        b = operand(b)
    except BadOperand:
        return NotImplemented
    if isinstance(b, Tensor):
        return _floor_divide_op(b, a)
    return _divisor_reflected(_FloorDivideNode, "div_floor_cpu", a, b)


def mod_operator(a: Tensor, b) -> Tensor:
    """``a % b``."""
    try:
        return _remainder_op(a, operand(b))
    except BadOperand:
        return NotImplemented


def rmod(a: Tensor, b) -> Tensor:
    """``b % a`` for a non-Tensor ``b`` (torch records no derivative for it)."""
    try:
        b = operand(b)
    except BadOperand:
        return NotImplemented
    if isinstance(b, Tensor):
        return _remainder_op(b, a)
    return _divisor_reflected(_RemainderNode, "remainder_cpu", a, b)


# ----------------------------------------------------------------------------------------------
# the ops, on a Tensor and an operand (Tensor or Python scalar)
def _divide(cls, kernel: str, a: Tensor, b, *params) -> Tensor:
    """A division-like op: torch's checks (bool operands, integer division by zero), then the op."""
    tb, ad, bd = promote(a, b)
    _check_division(kernel, ad, bd)
    try:
        if issubclass(cls, _NotImplementedNode):
            return _record_not_implemented(cls, (a, tb), (ad, bd))
        if tb is None and not params:
            return apply1(cls, a, ad, bd)
        return apply2(cls, a, tb, ad, bd, *params)
    except ValueError:
        raise broadcast_error(ad.shape, np.shape(bd)) from None


def _floor_divide_op(a: Tensor, b) -> Tensor:
    return _divide(_FloorDivideNode, "div_floor_cpu", a, b)


def _remainder_op(a: Tensor, b) -> Tensor:
    return _divide(RemainderBackward1 if isinstance(b, Tensor) else RemainderBackward0, "remainder_cpu", a, b)


def _fmod_op(a: Tensor, b) -> Tensor:
    return _divide(FmodBackward1 if isinstance(b, Tensor) else FmodBackward0, "fmod_cpu", a, b)


# ----------------------------------------------------------------------------------------------
# functions (ember.<name>; their methods are method_form of them)
def floor_divide(a: Tensor, b) -> Tensor:
    """Divide ``a`` by ``b`` elementwise and round the result down (towards negative infinity).

    This is also the ``//`` operator. Integer division by zero raises, as in torch. torch has no
    derivative for it: the result records a ``NotImplemented`` node, and backward through it raises.

    Args:
        a (Tensor or Number): the dividend.
        b (Tensor or Number): the divisor, broadcastable with ``a``.
    """
    check_args("floor_divide", a, b)
    lead = lead_tensor(a, b)
    if lead is None:
        return _divisor_reflected(_FloorDivideNode, "div_floor_cpu", b, a)
    return _floor_divide_op(lead, operand(b))


def remainder(a: Tensor, b) -> Tensor:
    """Compute Python's modulus elementwise: the result has the same sign as the divisor ``b``.

    This is also the ``%`` operator. The gradient with respect to ``a`` is 1 and with respect to a tensor
    ``b`` is ``-floor(a / b)``, as torch's; ``number % tensor`` records torch's ``NotImplemented`` node (no
    derivative). Integer division by zero raises, as in torch.

    Args:
        a (Tensor or Number): the dividend.
        b (Tensor or Number): the divisor, broadcastable with ``a``.
    """
    if not isinstance(a, Tensor):
        if not is_number(a) or not isinstance(b, Tensor):
            raise ArgError("remainder", (a, b))
        return _divisor_reflected(_RemainderNode, "remainder_cpu", b, a)
    if not (isinstance(b, Tensor) or is_number(b)):
        raise ArgError("remainder", (a, b))
    return _remainder_op(a, operand(b))


def fmod(a: Tensor, b) -> Tensor:
    """Compute C's ``fmod`` elementwise: the remainder of truncated division, with the sign of ``a``.

    The gradient with respect to ``a`` is 1 and with respect to a tensor ``b`` is ``-trunc(a / b)``, as
    torch's. Integer division by zero raises, as in torch.

    Args:
        a (Tensor): the dividend.
        b (Tensor or Number): the divisor, broadcastable with ``a``.
    """
    if not isinstance(a, Tensor) or not (isinstance(b, Tensor) or is_number(b)):
        raise ArgError("fmod", (a, b))
    return _fmod_op(a, operand(b))


_NO_MODE = object()   # div's rounding_mode not given: torch records DivBackward0, not DivBackward2


def _div(name: str, a, other, mode, sig: str | None = None, mode_sig: str | None = None) -> Tensor:
    if mode is _NO_MODE:
        check_args(name, a, other, sig=sig)
        lead = lead_tensor(a, other)
        if lead is None:
            other, a = _true_div_operands(other, operand(a))
            return reflected(DivBackward0, other, a)
        lead, b = _true_div_operands(lead, operand(other))
        return binary(DivBackward0, lead, b)
    if mode is not None and type(mode) is not str:
        raise ArgError(name, (a, other), {"rounding_mode": mode}, sig=mode_sig)
    if mode not in (None, "trunc", "floor"):
        raise RuntimeError("div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
                           f"'{mode}'")
    check_args(name, a, other, {"rounding_mode": mode}, sig=mode_sig)
    kernel = f"div_{mode}_cpu"
    lead = lead_tensor(a, other)
    if lead is None:
        if mode is None:
            other, a = _true_div_operands(other, operand(a))
            return reflected(DivBackward2, other, a, None)
        return _divisor_reflected(DivBackward2, kernel, other, a, mode)
    b = operand(other)
    if mode is None:
        lead, b = _true_div_operands(lead, b)
        tb, ad, bd = promote(lead, b)
    else:
        tb, ad, bd = promote(lead, b)
        _check_division(kernel, ad, bd)
    try:
        return apply2(DivBackward2, lead, tb, ad, bd, mode)
    except ValueError:
        raise broadcast_error(ad.shape, np.shape(bd)) from None


def div(a: Tensor, other, *, rounding_mode=_NO_MODE) -> Tensor:
    """Divide each element of ``a`` by the corresponding element of ``other``.

    With no ``rounding_mode`` (or None) this is true division (the ``/`` operator): two integer operands
    give a result in the default float dtype, as in torch. The ``'floor'`` and ``'trunc'`` modes keep the
    promoted dtype and have a zero gradient, as torch's (which records ``DivBackward2`` whenever a
    rounding mode is given); integer division by zero raises. Either operand may be a number. Also
    available as ``divide`` and ``true_divide``.

    Args:
        a (Tensor or Number): the dividend.
        other (Tensor or Number): the divisor, broadcastable with ``a``.

    Keyword args:
        rounding_mode (str, optional): ``None`` (true division), ``'trunc'`` (round towards zero) or
            ``'floor'`` (round down). Default: true division.
    """
    return _div("div", a, other, rounding_mode, mode_sig="div_mode")


def divide(a: Tensor, other, *, rounding_mode=_NO_MODE) -> Tensor:
    """Alias of :func:`div`."""
    return _div("divide", a, other, rounding_mode, sig="divide", mode_sig="divide")


def true_divide(a: Tensor, other) -> Tensor:
    """Alias of :func:`div` without a rounding mode."""
    return _div("true_divide", a, other, _NO_MODE, sig="true_divide")


def reciprocal(a: Tensor) -> Tensor:
    """Return a new tensor with the reciprocal of the elements of ``a``: ``1 / a``.

    Integer inputs give the default float dtype; ``1 / 0`` is ``inf``, without a warning.

    Args:
        a (Tensor): the input tensor.
    """
    try:
        return apply(ReciprocalBackward0, (a,), (float_input(a),))
    except AttributeError:
        raise must_be_tensor("reciprocal", "input", 1, a) from None


# the method forms: the same calls, torch's method words when arguments are refused
div_method, divide_method, true_divide_method = method_form(div), method_form(divide), method_form(true_divide)
floor_divide_method, remainder_method = method_form(floor_divide), method_form(remainder)
fmod_method = method_form(fmod)


# ----------------------------------------------------------------------------------------------
# in-place division
def div_(a: Tensor, other, *, rounding_mode=_NO_MODE) -> Tensor:
    """In-place version of :func:`div`: ``a /= other``; returns ``a``.

    Args:
        a (Tensor): the tensor to modify.
        other (Tensor or Number): the divisor, broadcastable to ``a``'s shape.

    Keyword args:
        rounding_mode (str, optional): as :func:`div`'s.
    """
    if rounding_mode is _NO_MODE:
        inplace_check("div_", other)
        af, b = _true_div_operands(a, operand(other))
        if af is a:
            return binary_inplace(DivBackward0, a, b)
        tb, ad, bd = promote(af, b)      # integers divide in float, which torch refuses to write back
        return apply_inplace(DivBackward0, a, (a, tb), (ad, bd))
    kwargs = {"rounding_mode": rounding_mode}
    if rounding_mode is not None and type(rounding_mode) is not str:
        raise ArgError("div_", (other,), kwargs, sig="div_mode", method=True)
    if rounding_mode not in (None, "trunc", "floor"):
        raise RuntimeError("div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
                           f"'{rounding_mode}'")
    inplace_check("div_", other, kwargs, sig="div_mode")
    if rounding_mode is None:
        af, b = _true_div_operands(a, operand(other))
        tb, ad, bd = promote(af, b)
    else:
        tb, ad, bd = promote(a, operand(other))
        _check_division(f"div_{rounding_mode}_cpu", ad, bd, ad)
    return apply_inplace(DivBackward2, a, (a, tb), (ad, bd), rounding_mode)


def true_divide_(a: Tensor, other) -> Tensor:
    """In-place version of :func:`true_divide` (``div_`` without a rounding mode); returns ``a``."""
    inplace_check("true_divide_", other, sig="true_divide")
    return div_(a, other)


def divide_(a: Tensor, other, *, rounding_mode=_NO_MODE) -> Tensor:
    """In-place version of :func:`divide` (an alias of ``div_``); returns ``a``."""
    inplace_check("divide_", other, {} if rounding_mode is _NO_MODE else {"rounding_mode": rounding_mode},
                  sig="divide")
    return div_(a, other, rounding_mode=rounding_mode)


def _divide_(cls1, cls0, kernel: str, name: str, a: Tensor, other) -> Tensor:
    inplace_check(name, other, sig=name[:-1])
    b = operand(other)
    tb, ad, bd = promote(a, b)
    _check_division(kernel, ad, bd, ad)
    if issubclass(cls1, _NotImplementedNode):   # torch's node links only the inputs that require grad
        return apply_inplace(cls1, a, (a, tb) if tb is not None and tb._requires_grad else (a,), (ad, bd))
    if isinstance(b, Tensor):
        return apply_inplace(cls1, a, (a, tb), (ad, bd))
    return apply_inplace(cls0, a, (a,), (ad,), bd)


def remainder_(a: Tensor, other) -> Tensor:
    """In-place version of :func:`remainder` (``a %= other``); returns ``a``.

    Args:
        a (Tensor): the tensor to modify.
        other (Tensor or Number): the divisor, broadcastable to ``a``'s shape.
    """
    return _divide_(RemainderBackward1, RemainderBackward0, "remainder_cpu", "remainder_", a, other)


def fmod_(a: Tensor, other) -> Tensor:
    """In-place version of :func:`fmod`; returns ``a``.

    Args:
        a (Tensor): the tensor to modify.
        other (Tensor or Number): the divisor, broadcastable to ``a``'s shape.
    """
    return _divide_(FmodBackward1, FmodBackward0, "fmod_cpu", "fmod_", a, other)


def floor_divide_(a: Tensor, other) -> Tensor:
    """In-place version of :func:`floor_divide` (``a //= other``); returns ``a``.

    Args:
        a (Tensor): the tensor to modify.
        other (Tensor or Number): the divisor, broadcastable to ``a``'s shape.
    """
    return _divide_(_FloorDivideInplaceNode, _FloorDivideInplaceNode, "div_floor_cpu", "floor_divide_", a, other)


def reciprocal_(a: Tensor) -> Tensor:
    """In-place version of :func:`reciprocal`; returns ``a`` (an integer tensor is refused: its result
    is float).

    Args:
        a (Tensor): the tensor to modify.
    """
    return apply_inplace(ReciprocalBackward0, a, (a,), (float_input(a),))


itruediv = inplace_operator(div_, DivBackward0)
imod, ifloordiv = inplace_operator(remainder_), inplace_operator(floor_divide_)
