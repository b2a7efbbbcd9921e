"""``out=``: the result written into a tensor the caller gives, with torch's rules, for the ops and
factories torch gives it. One wrapper takes a public function and returns one that accepts ``out=``;
the op modules (and the hot path ``x * y``) never see it, and ``ember/__init__.py`` exports the
wrapped names from here.

torch's rules, in its order: ``out`` must be a Tensor (a tuple of two for ``max(dim)``, ``sort``,
``topk``...); in grad mode no argument, ``out`` included, may require grad (torch records no graph
for ``out=``); ``out`` must not be an inference tensor outside ``inference_mode``; the result is
computed, checked against ``out``'s dtype (each family has its rule and its message: a cast that
loses nothing is allowed for elementwise ops, reductions compute in ``out``'s dtype, matmul wants it
exact), ``out`` is resized when its shape differs (torch's deprecation warning when it had
elements; the layout TensorIterator gives an elementwise result, sort's input's, else contiguous),
written, and its version bumped. ``_out_more.py`` wraps the rest of issue 9's families with the same
mechanism (each family's own rule and words)."""
from __future__ import annotations

import functools
from typing import Callable, TypeVar

import numpy as np

from .. import _creation, _random_factories
from .._dtype import int64
from .._errors import INFERENCE_INPLACE, OVERLAP_INPUT, OVERLAP_SELF
from .._factory_args import dtype_arg, int_list_arg, invalid_combination, size_kw
from .._grad_mode import STATE
from .._graph import caller_location
from .._tensor import Tensor
from .._tensor_data import _tp_name
from . import arithmetic, division, joining, linalg, power, reduction, selection, unary
from ._inplace import _dense, _partial_overlap, _warn
from ._promotion import ArgError
from ._view_graph import repeats_memory

__all__ = ["with_out", "with_outs", "with_out_factory"]

# a wrapped function keeps its signature for type checkers (``out=`` reaches it through **kwargs)
F = TypeVar("F", bound=Callable)


def RESIZED(old: list, new: list) -> str:
    return (f"An output with one or more elements was resized since it had shape {old}, which does not match the "
            f"required output shape {new}. This behavior is deprecated, and in a future PyTorch release outputs "
            "will not be resized unless they have zero elements. You can explicitly reuse an out tensor t by "
            "resizing it, inplace, to zero elements with t.resize_(0).")


_NO_GRAD = ("{}(): functions with out=... arguments don't support automatic differentiation, but one of the "
            "arguments requires grad.")


def _cap(d) -> str:
    return d._legacy[:-6]           # FloatTensor -> Float: torch's ScalarType name


# ----------------------------------------------------------------------------------------------
# each family's dtype rule: (result dtype, out dtype, call) -> the error, or None
def _castable(r, o) -> bool:
    return np.can_cast(r.np, o.np, "same_kind")      # torch's canCast: no float -> int, no int -> bool


def CAST(r, o, call):
    """TensorIterator's rule: any cast that keeps the kind of number (elementwise ops)."""
    if not _castable(r, o):
        return RuntimeError(f"result type {_cap(r)} can't be cast to the desired output type {_cap(o)}")


def FOUND(r, o, call):
    """neg, abs, clamp with number bounds: exactly the result's dtype."""
    if r is not o:
        return RuntimeError(f"Found dtype {_cap(o)} but expected {_cap(r)}")


def EXPECTED(r, o, call):
    """mm, bmm, addmm, the values of max(dim)/sort/topk: exactly the result's dtype."""
    if r is not o:
        return RuntimeError(f"Expected out tensor to have dtype {r._cname}, but got {o._cname} instead")


def INDICES(r, o, call):
    return EXPECTED(int64, o, call)


def WHERE(r, o, call):
    if r is not o:
        return RuntimeError(f"Expected out type to be {_cap(r)} but got {_cap(o)}")


def SAME_AS_INPUT(r, o, call):
    """amax, amin."""
    if r is not o:
        return RuntimeError(f"Expected the dtype for input and out to match, but got {_cap(r)} for input's dtype "
                            f"and {_cap(o)} for out's dtype.")


def DOT(r, o, call):
    if r is not o:
        return RuntimeError(f"result dtype {_cap(o)} does not match input dtype {_cap(r)}")


def MATMUL(r, o, call):
    args = call[0]
    vectors = len(args) > 1 and isinstance(args[1], Tensor) and args[0].dim() == 1 and args[1].dim() == 1
    return (DOT if vectors else EXPECTED)(r, o, call)


def CAT(r, o, call):
    if not _castable(r, o):
        return TypeError(f"torch.cat(): input types can't be cast to the desired output type {_cap(o)}")


def CLAMP(r, o, call):
    args, kwargs = call
    bounds = list(args[1:]) + [kwargs.get("min"), kwargs.get("max")]
    return (CAST if any(isinstance(b, Tensor) for b in bounds) else FOUND)(r, o, call)


def MEAN(r, o, call):
    if not _castable(r, o):
        args, kwargs = call
        if len(args) < 2 and kwargs.get("dim", kwargs.get("axis")) is None:
            return RuntimeError(f"mean.dtype_out(): input types can't be cast to the desired output type {_cap(o)}")
        return CAST(r, o, call)


def EXTREMUM_ALL(r, o, call):
    if not _castable(r, o):
        return RuntimeError("Expected canCast( typeMetaToScalarType(self.dtype()), typeMetaToScalarType(out.dtype())) "
                            "to be true, but got false.  (Could this error message be improved?  If so, please "
                            "report an enhancement request to PyTorch.)")


# ----------------------------------------------------------------------------------------------
# the mechanism
def _tensors(args: tuple, kwargs: dict):
    for a in (*args, *kwargs.values()):
        if isinstance(a, Tensor):
            yield a
        elif isinstance(a, (list, tuple)):
            yield from (t for t in a if isinstance(t, Tensor))


def _check_autograd(name: str, args: tuple, kwargs: dict, outs: tuple) -> None:
    if STATE.enabled and any(t.requires_grad for t in (*_tensors(args, kwargs), *outs)):
        raise RuntimeError(_NO_GRAD.format(name))
    for out in outs:
        if out._inference and not STATE.inference:
            raise RuntimeError(INFERENCE_INPLACE)


def _check_overlap(out: Tensor, args: tuple, kwargs: dict) -> None:
    """TensorIterator's memory-overlap errors: an expanded ``out``, an input partly over it."""
    d = out._data
    if not d.size:
        return
    if 0 in d.strides and repeats_memory(d):
        raise RuntimeError(OVERLAP_SELF)
    for t in _tensors(args, kwargs):
        a = t._data
        if np.may_share_memory(a, d) and _partial_overlap(a, d):
            raise RuntimeError(OVERLAP_INPUT)


def _check_inputs_overlap(outs: tuple, shape: tuple, args: tuple, kwargs: dict, full_too: bool,
                          rerun: Callable | None = None) -> None:
    """The overlap check of ops that read their inputs while writing (cumsum, sort, topk: an ``out`` partly
    over an input; cat, stack: over it at all, ``out=`` an input included), made as torch makes it: after
    ``out`` is resized (a resized ``out`` has new memory, shared only with itself as an input, which the op
    then reads resized: ``rerun`` gives the op's own error for that, as torch's stack does)."""
    inputs = tuple(_tensors(args, kwargs))
    for out in outs:
        d = out._data
        if d.shape != shape:
            if any(t is out for t in inputs):
                resize(out, shape)
                if rerun is not None:
                    rerun()
                raise RuntimeError(OVERLAP_INPUT)
            continue
        if not d.size:
            continue
        for t in inputs:
            a = t._data
            if np.may_share_memory(a, d) and (_partial_overlap(a, d) if not full_too else
                                              a.size and _dense(a) and _dense(d)):
                raise RuntimeError(OVERLAP_INPUT)


def resize(out: Tensor, shape: tuple, warn: Callable | None = RESIZED, like: np.ndarray | None = None) -> np.ndarray:
    """Give ``out`` new memory of ``shape`` (a resize is no write: the version stays)."""
    d = out._data
    if d.size and warn is not None:
        _warn(warn(list(d.shape), list(shape)))
    d = np.empty(shape, d.dtype) if like is None else np.empty_like(like, dtype=d.dtype, order="K")
    out._data = d
    out.__dict__.pop("_view", None)      # new memory: no longer a view of its base
    return d


def write(out: Tensor, result: np.ndarray, warn: Callable | None = RESIZED, like: np.ndarray | None = None) -> Tensor:
    """Write ``result`` into ``out`` (cast to its dtype). When the shapes differ ``out`` is resized first,
    with ``warn`` when it had elements, to the layout of ``like`` (an elementwise op's result, which
    has TensorIterator's; sort's input) or else contiguous (torch's ``resize_``)."""
    d = out._data
    if d.shape != result.shape:
        d = resize(out, result.shape, warn, like)
    np.copyto(d, result, casting="unsafe")
    vc = out._vc
    vc[0] += 1
    vc[1] = caller_location(2)
    return out


def _out_tensor(name: str, out) -> Tensor:
    if not isinstance(out, Tensor):
        raise TypeError(f"{name}(): argument 'out' must be Tensor, not {_tp_name(out)}")
    return out


def _check_dim(name: str, args: tuple, kwargs: dict, overloads: tuple, out) -> None:
    """The overload with ``out=`` takes ``dim`` (sum's may be None, prod's is an int)."""
    given = len(args) > 1 or "dim" in kwargs or "axis" in kwargs
    if not given:
        raise invalid_combination(name, args, overloads, out=out, **kwargs)
    dim = args[1] if len(args) > 1 else kwargs.get("dim", kwargs.get("axis"))
    if dim is None and "int dim" in overloads[1]:
        where = " (position 2)" if len(args) > 1 else ""
        raise TypeError(f"{name}(): argument 'dim'{where} must be int, not NoneType")


def with_out(fn: F, name: str, check=CAST, *, elementwise: bool = False, out_dtype: bool = False,
             needs_dim: tuple | None = None, overlap: str | None = None, differentiable: bool = True,
             grad_name: str | None = None) -> F:
    """``fn`` with torch's ``out=``. ``check``: the family's dtype rule; ``elementwise``: TensorIterator's
    memory-overlap checks; ``out_dtype``: a reduction that computes in ``out``'s dtype (``sum``,
    ``prod``, ``cumsum``: the ``dtype=`` argument defaults to it, and must equal it when given);
    ``needs_dim``: torch's overloads, for a function whose ``out=`` overload needs ``dim``;
    ``overlap``: ``"partial"`` (cumsum) or ``"any"`` (cat, stack), the overlap of ``out`` with an input
    torch refuses (the others, mm and the reductions, check nothing: torch's result then depends on
    the order its kernel reads and writes, ember's is computed from the inputs before writing);
    ``differentiable=False``: an op with no gradient (argmax, logical_and) has no autograd check, its
    dtype rule comes first; ``grad_name``: the function torch's autograd error names, when it is
    another (``aten::floor_divide``, hstack's ``cat``)."""
    @functools.wraps(fn)
    def wrapper(*args, out=None, **kwargs):
        if out is None:
            return fn(*args, **kwargs)
        if needs_dim is not None:
            _check_dim(name, args, kwargs, needs_dim, out)
        out = _out_tensor(name, out)
        if differentiable:
            _check_autograd(grad_name or name, args, kwargs, (out,))
        elif out._inference and not STATE.inference:
            raise RuntimeError(INFERENCE_INPLACE)
        if out_dtype:
            given = dtype_arg(kwargs.get("dtype"), name)
            if given is not None and given is not out.dtype:
                raise EXPECTED(given, out.dtype, None)
            kwargs["dtype"] = out.dtype
        if elementwise:
            _check_overlap(out, args, kwargs)
        result = fn(*args, **kwargs)
        err = check(result.dtype, out.dtype, (args, kwargs))
        if err is not None:
            raise err
        r = result._data
        if overlap is not None:
            _check_inputs_overlap((out,), r.shape, args, kwargs, overlap == "any", lambda: fn(*args, **kwargs))
        if (elementwise and differentiable and r.dtype != out._data.dtype and r.shape != out._data.shape
                and out._data.size):
            # TensorIterator resizes out, then the temporary it computes in (another dtype) and copies
            # from: torch warns twice (the logical ops compute in out's dtype: once)
            _warn(RESIZED(list(out._data.shape), list(r.shape)))
        return write(out, r, like=r if elementwise else None)
    return wrapper  # type: ignore[return-value]


def _out_pair(name: str, out, arg_pos: int, overloads: tuple | None, args: tuple, kwargs: dict) -> tuple:
    if not isinstance(out, (tuple, list)):
        if overloads is None:       # every overload takes the pair: the parser names the argument
            raise TypeError(f"{name}(): argument 'out' must be tuple of Tensors, not {_tp_name(out)}")
        raise invalid_combination(name, args, overloads, **kwargs, out=out)
    if len(out) != 2:
        raise TypeError(f"expected tuple of 2 elements but got {len(out)}")
    for i, t in enumerate(out):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument {arg_pos}, but got {_tp_name(t)}")
    return tuple(out)


def with_outs(fn: F, name: str, arg_pos: Callable, overloads: tuple | None, input_layout: bool = False,
              partial_overlap: bool = False, values_check=EXPECTED, indices_check=INDICES,
              resized: Callable | None = None, fields: tuple = ("values", "indices")) -> F:
    """``fn`` returning ``(values, indices)`` with torch's ``out=(values, indices)``; the result is a
    ``torch.return_types.<name>_out``. ``arg_pos(args, kwargs)``: where torch's parser counts ``out``;
    ``input_layout``: resized outs take the input's layout (sort), not a contiguous one;
    ``partial_overlap``: an out partly over the input is refused (sort, topk; max(dim) allows it);
    ``resized(args, kwargs)``: the resize warning, for an op that resizes its outs to the ``keepdim``
    shape (kthvalue, mode: :func:`keepdim_resized`); ``fields``: the result's names (frexp: mantissa, exponent)."""
    ret = reduction._return_type(f"{name}_out", fields)

    @functools.wraps(fn)
    def wrapper(*args, out=None, **kwargs):
        if out is None:
            return fn(*args, **kwargs)
        values, indices = _out_pair(name, out, arg_pos(args, kwargs), overloads, args, kwargs)
        _check_autograd(name, args, kwargs, (values,))   # (indices have no gradient: their dtype rule decides)
        if indices._inference and not STATE.inference:
            raise RuntimeError(INFERENCE_INPLACE)
        v, i = fn(*args, **kwargs)
        for err in (values_check(v.dtype, values.dtype, None), indices_check(int64, indices.dtype, None)):
            if err is not None:
                raise err
        if partial_overlap:
            _check_inputs_overlap((values, indices), v._data.shape, args[:1], {}, False)
        like = args[0]._data if input_layout and v.shape == args[0].shape else None
        warn = RESIZED if resized is None else resized(args, kwargs)
        return ret(write(values, v._data, warn, like), write(indices, i._data, warn, like))
    return wrapper  # type: ignore[return-value]


def _extremum(fn: F, name: str) -> F:
    """max/min: ``out=`` tensor for ``max(input)`` and ``max(input, other)``, a pair for ``max(input, dim)``."""
    overloads = ("Tensor input, *, Tensor out = None", "Tensor input, Tensor other, *, Tensor out = None",
                 "Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None",
                 "Tensor input, name dim, bool keepdim = False, *, tuple of Tensors out = None")
    whole = with_out(fn, name, EXTREMUM_ALL)
    binary = with_out(fn, name, CAST, elementwise=True)
    by_dim = with_outs(fn, name, lambda a, k: 3, overloads)

    @functools.wraps(fn)
    def wrapper(*args, out=None, **kwargs):
        if out is None:
            return fn(*args, **kwargs)
        dim = args[1] if len(args) > 1 else kwargs.get("dim", kwargs.get("axis"))
        if isinstance(dim, Tensor) or kwargs.get("other") is not None:
            return binary(*args, out=out, **kwargs)
        if dim is None:
            return whole(*args, out=out, **kwargs)
        return by_dim(*args, out=out, **kwargs)
    return wrapper  # type: ignore[return-value]


def _where(fn: F) -> F:
    checked = with_out(fn, "where", WHERE)

    @functools.wraps(fn)
    def wrapper(*args, out=None, **kwargs):
        if out is not None:
            if len(args) + len(kwargs) == 1:      # where(condition) has no out= overload
                raise ArgError("where", args, {**kwargs, "out": out}, sig="where")
            # the out= overload takes tensors only (torch's where.self_out)
            for pos, pname in ((1, "input"), (2, "other")):
                v = args[pos] if len(args) > pos else kwargs.get(pname)
                if v is not None and not isinstance(v, Tensor):
                    raise TypeError(f"where(): argument '{pname}' (position {pos + 1}) must be Tensor, not "
                                    f"{_tp_name(v)}")
        return checked(*args, out=out, **kwargs)
    return wrapper  # type: ignore[return-value]


# ----------------------------------------------------------------------------------------------
# factories: out's dtype is the result's (``dtype=`` must equal it), out is resized silently
def with_out_factory(fn: F, name: str, *, shape_of: Callable | None = None,
                     warn: Callable | None = None, fills: bool = True) -> F:
    """A factory with torch's ``out=``. ``shape_of(args, kwargs)``: for a random factory, the shape to
    resize ``out`` to before ``fn`` fills it in place (in its own layout, as torch's ``*_out``, so the
    numbers land where torch puts them); other factories compute a result and ``write`` it, or, for
    ``empty`` (``fills=False``), only resize ``out``."""
    @functools.wraps(fn)
    def wrapper(*args, out=None, **kwargs):
        if out is None:
            return fn(*args, **kwargs)
        out = _out_tensor(name, out)
        given = dtype_arg(kwargs.get("dtype"), name)
        if given is not None and given is not out.dtype:
            raise RuntimeError(f"dtype {_cap(given)} does not match dtype of out parameter ({_cap(out.dtype)})")
        if STATE.enabled and out.requires_grad:
            raise RuntimeError(_NO_GRAD.format(f"aten::{name}"))
        requires_grad = kwargs.pop("requires_grad", False)
        kwargs["dtype"] = out.dtype
        if shape_of is not None:
            shape = tuple(shape_of(args, kwargs))
            if tuple(out.shape) != shape:
                resize(out, shape, None)
            fn(*args, out=out, **kwargs)
        elif fills:
            write(out, fn(*args, **kwargs)._data, warn)
        else:
            shape = fn(*args, **kwargs).shape
            if tuple(out.shape) != tuple(shape):
                resize(out, tuple(shape), None)
        if requires_grad:
            out.requires_grad_(True)
        return out
    return wrapper  # type: ignore[return-value]


def _rand_shape(name: str) -> Callable:
    def shape_of(args: tuple, kwargs: dict) -> tuple:
        return size_kw(args, {"size": kwargs["size"]} if "size" in kwargs else {}, name)
    return shape_of


def _randint_shape(args: tuple, kwargs: dict) -> tuple:
    size = kwargs["size"] if "size" in kwargs else args[-1]
    return int_list_arg("randint", "size", size, 2)


def _arange_resized(old: list, new: list) -> str:
    n = int(np.prod(old)) if old else 1
    return (f"The number of elements in the out tensor of shape {old} is {n} which does not match the computed "
            f"number of elements {new[0]}. Note that this may occur as a result of rounding error. The out tensor "
            f"will be resized to a tensor of shape ({new[0]},).")


# ----------------------------------------------------------------------------------------------
# the wrapped names ember exports
add = with_out(arithmetic.add, "add", elementwise=True)
sub = with_out(arithmetic.sub, "sub", elementwise=True)
subtract = with_out(arithmetic.subtract, "sub", elementwise=True)
mul = with_out(arithmetic.mul, "mul", elementwise=True)
multiply = with_out(arithmetic.multiply, "mul", elementwise=True)
div = with_out(division.div, "div", elementwise=True)
divide = with_out(division.divide, "div", elementwise=True)
true_divide = with_out(division.true_divide, "div", elementwise=True)
pow = with_out(power.pow, "pow", elementwise=True)  # noqa: A001
neg = with_out(arithmetic.neg, "neg", FOUND, elementwise=True)
negative = with_out(arithmetic.negative, "neg", FOUND, elementwise=True)
abs = with_out(unary.abs, "abs", FOUND, elementwise=True)  # noqa: A001
exp = with_out(unary.exp, "exp", elementwise=True)
log = with_out(unary.log, "log", elementwise=True)
sqrt = with_out(unary.sqrt, "sqrt", elementwise=True)
sin = with_out(unary.sin, "sin", elementwise=True)
cos = with_out(unary.cos, "cos", elementwise=True)
tanh = with_out(unary.tanh, "tanh", elementwise=True)
sigmoid = with_out(unary.sigmoid, "sigmoid", elementwise=True)
clamp = with_out(selection.clamp, "clamp", CLAMP, elementwise=True)
clip = with_out(selection.clip, "clip", CLAMP, elementwise=True)
maximum = with_out(selection.maximum, "maximum", elementwise=True)
minimum = with_out(selection.minimum, "minimum", elementwise=True)
where = _where(selection.where)

matmul = with_out(linalg.matmul, "matmul", MATMUL)
mm = with_out(linalg.mm, "mm", EXPECTED)
bmm = with_out(linalg.bmm, "bmm", EXPECTED)
dot = with_out(linalg.dot, "dot", DOT)

cat = with_out(joining.cat, "cat", CAT, overlap="any")
concat = with_out(joining.concat, "concat", CAT, overlap="any")
concatenate = with_out(joining.concatenate, "concatenate", CAT, overlap="any")
stack = with_out(joining.stack, "stack", CAT, overlap="any")

_SUM = ("Tensor input, *, torch.dtype dtype = None",
        "Tensor input, tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None, Tensor out = None",
        "Tensor input, tuple of names dim, bool keepdim = False, *, torch.dtype dtype = None, Tensor out = None")
_PROD = ("Tensor input, *, torch.dtype dtype = None",
         "Tensor input, int dim, bool keepdim = False, *, torch.dtype dtype = None, Tensor out = None",
         "Tensor input, name dim, bool keepdim = False, *, torch.dtype dtype = None, Tensor out = None")
sum = with_out(reduction.sum, "sum", CAST, out_dtype=True, needs_dim=_SUM)  # noqa: A001
prod = with_out(reduction.prod, "prod", CAST, out_dtype=True, needs_dim=_PROD)
amax = with_out(reduction.amax, "amax", SAME_AS_INPUT)
amin = with_out(reduction.amin, "amin", SAME_AS_INPUT)
argmax = with_out(reduction.argmax, "argmax", INDICES, differentiable=False)
argmin = with_out(reduction.argmin, "argmin", INDICES, differentiable=False)
max = _extremum(reduction.max, "max")  # noqa: A001
min = _extremum(reduction.min, "min")  # noqa: A001
def _mean_dtype(fn: F) -> F:
    """mean: ``dtype=``, when given, must be ``out``'s; the result is cast to ``out`` (not computed in it)."""
    checked = with_out(fn, "mean", MEAN)

    @functools.wraps(fn)
    def wrapper(*args, out=None, **kwargs):
        if out is not None and isinstance(out, Tensor):
            given = dtype_arg(kwargs.get("dtype"), "mean")
            if given is not None and given is not out.dtype:
                raise EXPECTED(given, out.dtype, None)
        return checked(*args, out=out, **kwargs)
    return wrapper  # type: ignore[return-value]


mean = _mean_dtype(reduction.mean)

zeros = with_out_factory(_creation.zeros, "zeros")
ones = with_out_factory(_creation.ones, "ones")
empty = with_out_factory(_creation.empty, "empty", fills=False)
full = with_out_factory(_creation.full, "full")
arange = with_out_factory(_creation.arange, "arange", warn=_arange_resized)
linspace = with_out_factory(_creation.linspace, "linspace")
rand = with_out_factory(_random_factories.rand, "rand", shape_of=_rand_shape("rand"))
randn = with_out_factory(_random_factories.randn, "randn", shape_of=_rand_shape("randn"))
randint = with_out_factory(_random_factories.randint, "randint", shape_of=_randint_shape)

# help() on a wrapped function says that it takes out= (the op modules' docstrings do not)
_OUT_DOC = ("\n\n    ``out=`` (Tensor, optional; a pair of tensors for ``(values, indices)``): the tensor to write the "
            "result into,\n    with torch's rules (``ember/ops/_out.py``).\n")
for _fn in (add, sub, subtract, mul, multiply, div, divide, true_divide, pow, neg, negative, abs, exp, log, sqrt, sin,
            cos, tanh, sigmoid, clamp, clip, maximum, minimum, where, matmul, mm, bmm, dot, cat, concat, concatenate,
            stack, sum, prod, amax, amin, argmax, max, min, mean, arange, linspace, argmin):
    if _fn.__doc__ and "out (Tensor" not in _fn.__doc__:
        _fn.__doc__ = _fn.__doc__.rstrip() + _OUT_DOC
