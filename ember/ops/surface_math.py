"""More of torch's math (the op surface's second round): ``diff`` (torch's composition of slices and
subtractions), ``heaviside``, ``gcd``, ``lcm``, ``ldexp``, ``frexp``, ``nextafter``, ``dist``, ``renorm``,
and ``addr``, with torch's nodes and formulas
(derivatives.yaml; ``norm_backward`` and ``renorm_backward`` of torch's FunctionsManual). Loaded on
first use (``ember/_lazy.py``).
"""
from __future__ import annotations

import math

import numpy as np

from .. import _dtype
from .._layout import torch_layout
from .._tensor import Tensor, make, wrap_dim
from ._inplace import apply_inplace, check_cast, check_inplace, check_shapes
from ._op import Op
from ._parser import torch_args
from ._signatures_surface import SURFACE_SIGNATURES
from ._out import CAST, with_out, with_outs
from ._promotion import broadcast_error, default_float_np, must_be_tensor, promote
from ._record import apply
from .comparison import _write_unrecorded, logical_xor
from .fills import copy_
from .reduction import _return_type
from .joining import cat
from .shape_extra import narrow

__all__ = ["diff", "heaviside", "gcd", "gcd_", "lcm", "lcm_", "ldexp", "ldexp_", "frexp", "nextafter", "dist",
           "renorm", "addr", "heaviside_", "nextafter_", "renorm_", "addr_"]

_LN2 = math.log(2.0)
frexp_return = _return_type("frexp", ("mantissa", "exponent"))

def _legacy(d: np.ndarray) -> str:
    return _dtype._BY_CHAR[d.dtype.char]._legacy[:-6]


def _refuse(kernel: str, d: np.ndarray, kinds: str) -> None:
    """torch's ``"gcd_cpu" not implemented for 'Double'``: a kernel without this dtype."""
    if d.dtype.kind in kinds:
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{_legacy(d)}'")


def norm_backward(g, s, p: float, n, dims, xp):
    """torch's ``norm_backward``: the gradient of ``n = ||s||_p`` (reduced over ``dims``, kept; ``None``:
    all) given ``g``, the gradient of ``n``; 0 where the norm is 0."""
    if p == 0:
        return s * 0.0
    if p == 1:
        return xp.sign(s) * g
    if p == 2:
        return g * xp.where(n == 0, 0.0, s / n)
    if math.isinf(p):
        hit = (xp.abs(s) == n) | ((s != s) & (n != n))
        count = xp.sum(xp.where(hit, 1.0, 0.0), dims, dims is not None)
        return xp.where(hit, xp.sign(s), 0.0) * (g / count)
    if p < 1:
        scaled = xp.sign(s) * xp.where(s == 0, 0.0, xp.abs(s) ** (p - 1))
        return scaled * g * n ** (1 - p)
    scale = xp.where(n == 0, 0.0, g / n ** (p - 1))
    if p < 2:
        return xp.sign(s) * xp.abs(s) ** (p - 1) * scale
    return s * xp.abs(s) ** (p - 2) * scale


def _norm(d: np.ndarray, p: float, axis=None, keepdims: bool = False) -> np.ndarray:
    a = np.abs(d)
    with np.errstate(all="ignore"):
        if p == 0:
            return np.sum(a != 0, axis=axis, keepdims=keepdims).astype(d.dtype)
        if math.isinf(p):
            if not a.size:
                return np.zeros(() if axis is None else None, d.dtype)
            return (np.max if p > 0 else np.min)(a, axis=axis, keepdims=keepdims)
        if p == 1:
            return np.sum(a, axis=axis, keepdims=keepdims)
        if p == 2:
            return np.sqrt(np.sum(a * a, axis=axis, keepdims=keepdims))
        return np.sum(a ** p, axis=axis, keepdims=keepdims) ** (1.0 / p)


# ----------------------------------------------------------------------------------------------
# the ops (derivatives.yaml)
class NotImplemented(Op):  # noqa: A001  (torch's name for a node whose derivative is not implemented)
    """heaviside: torch records a node whose backward raises."""
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, b):
        return torch_layout(np.where(a == 0, b, (a > 0).astype(a.dtype)).astype(a.dtype, copy=False), a, b)

    def name(self) -> str:
        return "torch::autograd::NotImplemented"

    def backward(ctx, g, xp):
        raise RuntimeError("derivative for aten::heaviside is not implemented")


class LdexpBackward0(Op):
    """``input * 2 ** other``."""
    __slots__ = ()
    _saved_names = ("other", "result")

    @staticmethod
    def forward(ctx, a, b):
        with np.errstate(all="ignore"):
            r = torch_layout(np.asarray(a * np.exp2(b.astype(a.dtype, copy=False))), a, b)
        ctx.save(b, r)
        return r

    def backward(ctx, g, xp):
        b, r = xp.saved(ctx)
        return g * 2.0 ** b, xp.mul_scalar(g * r, _LN2)


class FrexpBackward0(Op):
    """``frexp``'s mantissa (the exponent is a plain int32 tensor): ``g / 2 ** exponent``."""
    __slots__ = ()
    _saved_names = ("exponent",)

    @staticmethod
    def forward(ctx, a):
        m, e = np.frexp(a)
        e = e.astype(np.int32)
        ctx.save(e)
        return m

    def backward(ctx, g, xp):
        e, = xp.saved(ctx)
        return (g / 2.0 ** e,)


class NextafterBackward0(Op):
    """The next representable value: the gradient passes to ``input`` unchanged except where ``input``
    equals ``other`` (there the result does not move: 0); ``other``'s is 0."""
    __slots__ = ()
    _saved_names = ("other", "self")

    @staticmethod
    def forward(ctx, a, b):
        ctx.save(b, a)
        return torch_layout(np.nextafter(a, b), a, b)

    def backward(ctx, g, xp):
        b, a = xp.saved(ctx)
        return xp.where(a == b, 0.0, g), xp.zeros_like(g)


class DistBackward0(Op):
    """``||input - other||_p``."""
    __slots__ = ("p",)
    _saved_names = ("other", "result", "self")
    _param_names = ("p",)

    @staticmethod
    def forward(ctx, a, b, p):
        ctx.p = p
        with np.errstate(all="ignore"):
            d = a - b
            # one element: torch's norm is its magnitude, whatever p (no |d| ** p to overflow or vanish)
            r = np.asarray(np.abs(d).reshape(()) if d.size == 1 and p != 0 else _norm(d, p)).astype(a.dtype,
                                                                                                  copy=False)
        ctx.save(b, r, a)
        return r

    def backward(ctx, g, xp):
        b, r, a = xp.saved(ctx)
        if ctx.p == 0:
            # torch 2.13's norm_backward gives an undefined tensor for p=0: no gradient for input, and
            # negating it for other raises
            if ctx.needs_input_grad[1]:
                raise RuntimeError("Expected a proper Tensor but got None (or an undefined Tensor in C++) for "
                                   "argument #0 'self'")
            return None, None
        d = norm_backward(g, a - b, ctx.p, r, None, xp)
        return d, -d


class RenormBackward0(Op):
    """Each slice along ``dim`` with a ``p``-norm above ``maxnorm`` scaled to ``maxnorm`` (torch's
    ``maxnorm / (norm + 1e-7)``); torch's ``renorm_backward``."""
    __slots__ = ("p", "dim", "maxnorm")
    _saved_names = ("self",)
    _param_names = ("dim", "maxnorm", "p")

    @staticmethod
    def forward(ctx, a, p, dim, maxnorm):
        ctx.p, ctx.dim, ctx.maxnorm = p, dim, maxnorm
        ctx.save(a)
        dims = tuple(i for i in range(a.ndim) if i != dim)
        n = _norm(a, p, dims, True)
        with np.errstate(all="ignore"):     # (torch is silent about inf/NaN results)
            factor = np.where(n > maxnorm, maxnorm / (n + 1e-7), 1.0).astype(a.dtype)
            return a * factor

    def backward(ctx, g, xp):
        a, = xp.saved(ctx)
        dims = tuple(i for i in range(a.ndim) if i != ctx.dim)
        n = _norm_of(a, ctx.p, dims, xp)
        if xp.tensor_mode or a.dtype != np.float32:
            gsum = xp.sum(a * g, dims, True)
        else:       # torch's accumulate type: the norm and this sum in double (products of self in float)
            gsum = np.sum(a * g, axis=dims, keepdims=True, dtype=np.float64)
        nb = norm_backward(gsum, a, ctx.p, n, dims, xp)
        invnorm = 1 / (n + 1e-7)
        factor = invnorm * ctx.maxnorm
        return (xp.where(n > ctx.maxnorm, factor * g - (factor * invnorm) * nb, g),)


def _norm_of(a, p: float, dims: tuple, xp):
    """``a``'s p-norm over ``dims`` (kept), in either world (a constant under create_graph is not
    what torch's formula takes: the norm is differentiated too)."""
    if not xp.tensor_mode:     # (torch's backward norm is in double for float32: no overflow where the forward's is)
        return _norm(a.astype(np.float64) if a.dtype == np.float32 else a, p, dims, True)
    return a.norm(p, dims, keepdim=True)


class AddrBackward0(Op):
    """``beta * input + alpha * outer(vec1, vec2)``."""
    __slots__ = ("alpha", "beta")
    _saved_names = ("vec1", "vec2")
    _param_names = ("alpha", "beta")

    @staticmethod
    def forward(ctx, a, v1, v2, beta, alpha, rt=None):
        ctx.alpha, ctx.beta = alpha, beta
        ctx.save(v1, v2)        # as given: torch's backward multiplies the gradient with them in their dtypes
        if rt is not None:
            a, v1, v2 = (x.astype(rt, copy=False) for x in (a, v1, v2))
        with np.errstate(all="ignore"):     # (torch is silent about inf/NaN results)
            outer = np.multiply.outer(v1, v2)
            if a.dtype.kind == "b":
                r = (outer & bool(alpha)) | (a & bool(beta))
            else:
                r = outer if alpha == 1 else outer * alpha
                if beta != 0:     # beta == 0: input is ignored (NaN and inf in it too), as torch's
                    r = r + (a if beta == 1 else a * beta)
        return np.broadcast_to(r, np.broadcast_shapes(a.shape, outer.shape)).astype(a.dtype)

    def backward(ctx, g, xp):
        v1, v2 = xp.saved(ctx)
        alpha, beta = ctx.alpha, ctx.beta
        needs = ctx.needs_input_grad
        ga = g if beta == 1 else xp.mul_scalar(g, beta)
        # torch's grad.mv(vec2), grad.t().mv(vec1), each only when needed: its dtype error for a vector of
        # another dtype than the result, in both modes
        g1 = _addr_mv(xp, g, v2) if needs[1] else None
        g2 = _addr_mv(xp, xp.t(g), v1) if needs[2] else None
        if alpha != 1:
            g1, g2 = (None if x is None else xp.mul_scalar(x, alpha) for x in (g1, g2))
        return ga, g1, g2


def _addr_mv(xp, m, v):
    if not xp.tensor_mode:
        if m.dtype != v.dtype:
            raise RuntimeError(f"addmv input tensors must have the same dtype, but got {_legacy(v)}, {_legacy(m)}, "
                               f"and {_legacy(v)}")
    return xp.matmul(m, v)


# ----------------------------------------------------------------------------------------------
# diff: torch's composition (narrow - narrow, n times; logical_xor for bool)
def diff(input: Tensor, n: int = 1, dim: int = -1, prepend: Tensor | None = None,  # noqa: A002
         append: Tensor | None = None) -> Tensor:
    """The ``n``-th forward difference along ``dim``: ``out[i] = input[i + 1] - input[i]``, applied ``n``
    times (``logical_xor`` for bool tensors), after ``prepend`` and ``append`` are joined on along
    ``dim``.

    Args:
        input (Tensor): the tensor to difference (at least 1-D).
        n (int): how many times to take differences (at most the dim's size counts). Default: ``1``.
        dim (int): the dimension. Default: ``-1``.
        prepend (Tensor, optional): values joined on before ``input`` (same number of dims).
        append (Tensor, optional): values joined on after ``input``.
    """
    if not isinstance(input, Tensor):
        raise must_be_tensor("diff", "input", 1, input)
    d = input._data
    if d.ndim < 1:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    for extra in (prepend, append):
        if extra is not None and extra._data.ndim != d.ndim:
            raise RuntimeError("diff expects prepend or append to be the same dimension as input")
    dim = wrap_dim(dim, d.ndim)
    for extra in (prepend, append):
        for i in (i for i in range(d.ndim) if extra is not None and i != dim):
            if extra._data.shape[i] != d.shape[i]:
                raise RuntimeError("diff expects the shape of tensor to prepend or append to match that of input "
                                   f"except along the differencing dimension; input.size({i}) = {d.shape[i]}, but "
                                   f"got tensor.size({i}) = {extra._data.shape[i]}")
    if n == 0:      # torch: a copy of input into zeros of its layout (CopyBackwards); prepend/append unused
        return copy_(make(np.zeros_like(d)), input)
    result = input
    if prepend is not None or append is not None:
        result = cat([t for t in (prepend, input, append) if t is not None], dim)
    size = result._data.shape[dim]
    n = min(n, size)
    length = size - 1
    for _ in range(n):
        hi, lo = narrow(result, dim, 1, length), narrow(result, dim, 0, length)
        result = logical_xor(hi, lo) if result._data.dtype.kind == "b" else hi - lo
        length -= 1
    return result


# ----------------------------------------------------------------------------------------------
# elementwise binary ops
def _tensors(name: str, a, b, second: str = "other") -> None:
    if not isinstance(a, Tensor):
        raise must_be_tensor(name, "input", 1, a)
    if not isinstance(b, Tensor):
        raise must_be_tensor(name, second, 2, b)


def _run(cls, tensors: tuple, arrays: tuple, inplace: Tensor | None = None) -> Tensor:
    try:
        if inplace is not None:
            return apply_inplace(cls, inplace, tensors, arrays)
        return apply(cls, tensors, arrays)
    except ValueError:
        raise broadcast_error(arrays[0].shape, arrays[1].shape) from None


def _heaviside(input: Tensor, values: Tensor, out_of: Tensor | None = None) -> Tensor:  # noqa: A002
    if input._data.dtype != values._data.dtype:
        raise RuntimeError("heaviside is not yet implemented for tensors with different dtypes.")
    _refuse("heaviside_cpu", input._data, "c")
    return _run(NotImplemented, (input, values), (input._data, values._data), out_of)


def heaviside(input: Tensor, values: Tensor) -> Tensor:  # noqa: A002
    """The Heaviside step function: 0 where ``input < 0``, ``values`` where ``input == 0``, 1 where
    ``input > 0`` (and 0 where ``input`` is NaN, as torch's kernel). Both tensors must have the same
    dtype. torch has no derivative for it: a backward through the result raises.

    Args:
        input (Tensor): the input.
        values (Tensor): the values where ``input`` is zero, broadcastable with it.
    """
    _tensors("heaviside", input, values, "values")
    return _heaviside(input, values)


def heaviside_(input: Tensor, values: Tensor) -> Tensor:  # noqa: A002
    """In-place version of :func:`heaviside`."""
    _tensors("heaviside_", input, values, "values")
    return _heaviside(input, values, input)


def _integer_op(ufunc, name: str):
    kernel = name + "_cpu"

    def compute(a: Tensor, b: Tensor, inplace: bool):
        _tensors(name + ("_" if inplace else ""), a, b)
        if inplace:
            check_inplace(a, (a, b))        # torch's autograd checks (a leaf that requires grad) before the kernel's
        _, ad, bd = promote(a, b)
        check_shapes((ad, bd), a._data if inplace else None)
        if inplace:
            check_cast(ad.dtype, a._data)
        _refuse(kernel, ad, "fcb")
        try:
            r = np.asarray(torch_layout(np.asarray(ufunc(ad, bd)), ad, bd))
        except ValueError:
            raise broadcast_error(ad.shape, bd.shape) from None
        if not inplace:
            return make(r)
        return _write_unrecorded(a, make(r))     # no autograd: integers only

    def fn(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
        return compute(input, other, False)

    def inplace(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
        return compute(input, other, True)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = (f"The elementwise {'greatest common divisor' if name == 'gcd' else 'least common multiple'} of "
                  "two integer tensors (non-negative; ``0`` with ``0`` gives ``0``). No gradient.\n\n"
                  "Args:\n    input (Tensor): an integer tensor.\n"
                  "    other (Tensor): an integer tensor, broadcastable with ``input``.\n")
    inplace.__name__ = inplace.__qualname__ = name + "_"
    inplace.__doc__ = f"In-place version of :func:`{name}`."
    return fn, inplace


gcd, gcd_ = _integer_op(np.gcd, "gcd")
lcm, lcm_ = _integer_op(np.lcm, "lcm")


def _float_pair(a: Tensor, b: Tensor):
    """Both operands in their promoted dtype, the default float dtype for integers (ldexp)."""
    _, ad, bd = promote(a, b)
    if ad.dtype.kind in "biu":
        f = default_float_np()
        ad, bd = ad.astype(f), bd.astype(f)
    return ad, bd


def ldexp(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """``input * 2 ** other``, elementwise (integer operands give the default float dtype).

    Args:
        input (Tensor): the mantissas.
        other (Tensor): the exponents, broadcastable with ``input``.
    """
    _tensors("ldexp", input, other)
    ad, bd = _float_pair(input, other)
    return _run(LdexpBackward0, (input, other), (ad, bd))


def ldexp_(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """In-place version of :func:`ldexp`."""
    _tensors("ldexp_", input, other)
    ad, bd = _float_pair(input, other)
    if ad.dtype != input._data.dtype and not np.can_cast(ad.dtype, input._data.dtype, "same_kind"):
        raise RuntimeError(f"ldexp can't be cast to the desired output type {_legacy(input._data)}")
    return _run(LdexpBackward0, (input, other), (ad, bd), input)


def frexp(input: Tensor) -> tuple:  # noqa: A002
    """Split ``input`` into mantissas in ``[0.5, 1)`` (by magnitude) and int32 exponents, with
    ``input == mantissa * 2 ** exponent``. Returns ``torch.return_types.frexp(mantissa, exponent)``; the
    mantissa's gradient is ``g / 2 ** exponent``.

    Args:
        input (Tensor): a floating tensor.
    """
    if not isinstance(input, Tensor):
        raise must_be_tensor("frexp", "input", 1, input)
    if input._data.dtype.kind != "f":
        raise RuntimeError("torch.frexp() only supports floating-point dtypes")
    mantissa = apply(FrexpBackward0, (input,), (input._data,))
    _, e = np.frexp(input._data)
    return frexp_return(mantissa, make(np.asarray(e, dtype=np.int32)))


def _mantissa_dtype(r, o, call):
    if r is not o:
        return RuntimeError(f"torch.frexp() expects mantissa to have dtype {r._cname} but got {o._cname}")


def _exponent_dtype(r, o, call):
    if o is not _dtype.int32:
        return RuntimeError(f"torch.frexp() expects exponent to have int dtype but got {o._cname}")


frexp_out = with_outs(frexp, "frexp", lambda a, k: 1, None, values_check=_mantissa_dtype,
                      indices_check=_exponent_dtype, fields=("mantissa", "exponent"))


def _nextafter(input: Tensor, other: Tensor, into: Tensor | None = None) -> Tensor:  # noqa: A002
    _, ad, bd = promote(input, other)
    check_shapes((ad, bd), None if into is None else into._data)
    _refuse("nextafter_cpu", ad, "biuc")
    return _run(NextafterBackward0, (input, other), (ad, bd), into)


def nextafter(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """The next floating-point value after ``input`` towards ``other``, elementwise. Its gradient passes
    to ``input`` unchanged, as torch's.

    Args:
        input (Tensor): the starting values (floating).
        other (Tensor): the directions, broadcastable with ``input``.
    """
    _tensors("nextafter", input, other)
    return _nextafter(input, other)


def nextafter_(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """In-place version of :func:`nextafter`."""
    _tensors("nextafter_", input, other)
    return _nextafter(input, other, input)


# ----------------------------------------------------------------------------------------------
# norms
def dist(input: Tensor, other: Tensor, p: float = 2) -> Tensor:  # noqa: A002
    """The ``p``-norm of ``input - other`` (broadcast), a 0-d tensor.

    Args:
        input (Tensor): a floating tensor.
        other (Tensor): a floating tensor, broadcastable with ``input``.
        p (float): the norm's order (``0``, ``inf`` and ``-inf`` too). Default: ``2``.
    """
    _tensors("dist", input, other)
    _, ad, bd = promote(input, other)
    if ad.dtype.kind not in "fc":
        raise RuntimeError(f"norm(): input dtype should be either floating point or complex. Got "
                           f"{_legacy(ad)} instead.")
    try:
        shape = np.broadcast_shapes(ad.shape, bd.shape)
    except ValueError:
        raise broadcast_error(ad.shape, bd.shape) from None
    if math.isinf(p) and 0 in shape:
        raise RuntimeError("linalg.vector_norm cannot compute the inf norm on an empty tensor because the operation "
                           "does not have an identity")
    ad, bd = np.broadcast_to(ad, shape), np.broadcast_to(bd, shape)
    return apply(DistBackward0, (input, other), (ad, bd), float(p) if isinstance(p, (int, float)) else p)


def _renorm_args(input: Tensor, p, dim: int, maxnorm) -> int:  # noqa: A002
    d = input._data
    if d.ndim < 2:
        raise RuntimeError(f"renorm: input needs at least 2 dimensions, got {d.ndim} dimensions")
    dim = wrap_dim(dim, d.ndim)
    if p <= 0:
        raise RuntimeError("renorm: non-positive-norm not supported")
    if maxnorm < 0:
        raise RuntimeError(f"renorm: expected maxnorm to be >= 0 but got {maxnorm}")
    _refuse("renorm_out", d, "biu")
    return dim


def renorm(input: Tensor, p: float, dim: int, maxnorm: float) -> Tensor:  # noqa: A002
    """Each slice of ``input`` along ``dim`` whose ``p``-norm exceeds ``maxnorm`` scaled down to norm
    ``maxnorm`` (by ``maxnorm / (norm + 1e-7)``, as torch); the others are kept.

    Args:
        input (Tensor): the input (at least 2-D).
        p (float): the norm's order (positive).
        dim (int): the dimension whose slices are normalized.
        maxnorm (float): the largest norm kept.
    """
    if not isinstance(input, Tensor):
        raise must_be_tensor("renorm", "input", 1, input)
    dim = _renorm_args(input, p, dim, maxnorm)
    return apply(RenormBackward0, (input,), (input._data,), p, dim, maxnorm)


def renorm_(input: Tensor, p: float, dim: int, maxnorm: float) -> Tensor:  # noqa: A002
    """In-place version of :func:`renorm`."""
    dim = _renorm_args(input, p, dim, maxnorm)
    return apply_inplace(RenormBackward0, input, (input,), (input._data,), p, dim, maxnorm)


def _addr_args(input: Tensor, vec1: Tensor, vec2: Tensor, beta, alpha):  # noqa: A002
    for name, v, pos in (("input", input, 1), ("vec1", vec1, 2), ("vec2", vec2, 3)):
        if not isinstance(v, Tensor):
            raise must_be_tensor("addr", name, pos, v)
    for name, v in (("vec1", vec1), ("vec2", vec2)):
        if v._data.ndim != 1:
            raise RuntimeError(f"addr: Expected 1-D argument {name}, but got {v._data.ndim}-D")
    # torch expands input to the product's shape first: a 0-d input takes part in the promotion as a tensor
    rt = _dtype.PROMOTE[(_dtype.PROMOTE[(input.dtype, vec1.dtype)], vec2.dtype)].np
    kind = rt.kind
    if kind in "iu" and (isinstance(beta, float) or isinstance(alpha, float)):
        raise RuntimeError(f"For integral input tensors, argument {'beta' if isinstance(beta, float) else 'alpha'} "
                           "must not be a floating point number.")
    if kind == "b":
        for name, v in (("beta", beta), ("alpha", alpha)):
            if not isinstance(v, bool) and v not in (0, 1):
                raise RuntimeError(f"Boolean {name} only supported for Boolean results.")
    n, m = vec1._data.shape[0], vec2._data.shape[0]
    try:
        np.broadcast_to(np.empty(input._data.shape, np.int8), (n, m))
    except ValueError:
        bad = next(i for i, (s, t) in enumerate(zip((1,) * (2 - input._data.ndim) + input._data.shape, (n, m)))
                   if s not in (1, t))
        raise RuntimeError(f"The expanded size of the tensor ({(n, m)[bad]}) must match the existing size "
                           f"({input._data.shape[bad - 2 + input._data.ndim]}) at non-singleton dimension {bad}.  "
                           f"Target sizes: [{n}, {m}].  Tensor sizes: {list(input._data.shape)}") from None
    return input._data, vec1._data, vec2._data, rt


def addr(input: Tensor, vec1: Tensor, vec2: Tensor, *, beta=1, alpha=1) -> Tensor:  # noqa: A002
    """``beta * input + alpha * outer(vec1, vec2)``; ``input`` broadcasts to ``(len(vec1), len(vec2))``
    and is ignored when ``beta`` is 0 (NaN in it too).

    Args:
        input (Tensor): the matrix added.
        vec1 (Tensor): the outer product's first (column) vector.
        vec2 (Tensor): its second (row) vector.
        beta (Number): the multiplier of ``input``. Default: ``1``.
        alpha (Number): the multiplier of the outer product. Default: ``1``.
    """
    *arrays, rt = _addr_args(input, vec1, vec2, beta, alpha)
    return apply(AddrBackward0, (input, vec1, vec2), tuple(arrays), beta, alpha, rt)


def addr_(input: Tensor, vec1: Tensor, vec2: Tensor, *, beta=1, alpha=1) -> Tensor:  # noqa: A002
    """In-place version of :func:`addr`."""
    *arrays, rt = _addr_args(input, vec1, vec2, beta, alpha)
    n, m = vec1._data.shape[0], vec2._data.shape[0]
    if input._data.shape != (n, m):
        raise RuntimeError(f"size mismatch, input: {list(input._data.shape)}, v1: [{n}], v2: [{m}]")
    return apply_inplace(AddrBackward0, input, (input, vec1, vec2), tuple(arrays), beta, alpha, rt)


# torch's argument parser checks every call (its TypeErrors), function and method forms
(diff, heaviside, heaviside_, gcd, gcd_, lcm, lcm_, ldexp, ldexp_, nextafter, nextafter_, dist, renorm, renorm_,
 addr, addr_) = (torch_args(f, table=SURFACE_SIGNATURES) for f in (
    diff, heaviside, heaviside_, gcd, gcd_, lcm, lcm_, ldexp, ldexp_, nextafter, nextafter_, dist, renorm, renorm_,
    addr, addr_))


# ----------------------------------------------------------------------------------------------
# out= (ops/_out.py's rules; the Tensor methods take none, as torch's)
def _ldexp_cast(r, o, call):
    """ldexp is torch's ``mul(input, exp2(other), out=out)``, whose own words name it."""
    if not np.can_cast(r.np, o.np, "same_kind"):
        return RuntimeError(f"ldexp can't be cast to the desired output type {o._legacy[:-6]}")
    return None


heaviside_out = with_out(heaviside, "heaviside", CAST, elementwise=True)
gcd_out = with_out(gcd, "gcd", CAST, elementwise=True, differentiable=False)
lcm_out = with_out(lcm, "lcm", CAST, elementwise=True, differentiable=False)
ldexp_out = with_out(ldexp, "ldexp", _ldexp_cast, elementwise=True)
nextafter_out = with_out(nextafter, "nextafter", CAST, elementwise=True)
diff_out = with_out(diff, "diff", CAST)
addr_out = with_out(addr, "addr", CAST)
renorm_out = with_out(renorm, "renorm", CAST)
