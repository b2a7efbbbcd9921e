"""Custom differentiable functions: ``class F(autograd.Function)`` with static ``forward`` and
``backward``, called as ``F.apply(...)``.

One call makes one node (``FBackward``) whatever ``forward`` returns: each returned value takes an
output slot (``output_nr`` is its position in the returned tuple), and ``backward`` gets one
gradient per slot: zeros for a tensor that got none (None with ``ctx.set_materialize_grads(False)``
and for slots that hold no tensor). ``forward(ctx, *args)``, or ``forward(*args)`` with a
``setup_context(ctx, inputs, output)`` staticmethod, as in torch.
"""
from __future__ import annotations

import functools
import inspect
import warnings
from typing import Any

import numpy as np

from .._tensor import Tensor, make
from .._grad_mode import STATE, no_grad
from .._graph import FREED_MESSAGE, Node, forward_name, move_retained, next_seq
from ..ops._op import edge, saved_arrays
from ..ops._view_graph import _ViewInfo, graft_view_inplace

_DIRTY_VIEW = (
    "If your Function modifies inplace an input that is a view of another Tensor, your Function cannot return "
    "more than one Tensor. This is not supported by the current autograd engine. You should either make sure the "
    "input is not a view (using .clone() for example) or make your Function only return one Tensor (potentially "
    "splitting it into two Functions: one doing the inplace that returns a single Tensor and a second one that "
    "does the other operations). You can ask on the forum https://discuss.pytorch.org/ if you need help to do "
    "this change.")


class FunctionCtx:
    """The ``ctx`` of a custom Function: save tensors, mark outputs, query needs_input_grad."""

    def save_for_backward(self, *tensors) -> None:
        for i, t in enumerate(tensors):
            if t is not None and not isinstance(t, Tensor):
                raise TypeError(f"save_for_backward can only save variables, but argument {i} is of type "
                                f"{type(t).__name__}")
        self.to_save = tensors

    def mark_dirty(self, *tensors) -> None:
        self.dirty_tensors = tensors

    def mark_non_differentiable(self, *tensors) -> None:
        self.non_differentiable = tensors

    def set_materialize_grads(self, value: bool) -> None:
        self.materialize_grads = value


class BackwardCFunction(Node, FunctionCtx):
    """The grad_fn of a custom Function's outputs (named ``<Cls>Backward``)."""

    _forward_cls = None
    needs_input_grad = ()         # a plain attribute here (set per call), not Node's property
    materialize_grads = True
    runs_without_grad = True      # torch calls backward even when no output got a gradient
    to_save = ()
    non_differentiable = ()
    dirty_tensors = ()
    _arg_is_tensor = ()           # per forward argument: a tensor (an entry in next_functions)?
    _multi_diff = False           # several differentiable outputs (picks the in-place-on-view error)

    @property
    def saved_tensors(self) -> tuple:
        if self._saved is None:
            raise RuntimeError(FREED_MESSAGE)
        saved = list(saved_arrays(self))
        for i, t, vc, _ in self._saved_src:
            if t is None:      # one of the outputs, kept detached (no cycle): unpacked with its grad_fn
                out = saved[i] = make(saved[i]._data, True, self)
                out._vc = vc
                out._output_nr = self.__dict__.get("_saved_out_nr", {}).get(i, 0)
        return tuple(saved)

    def backward(self, grads, xp):
        if type(grads) is not list:     # CopySlices (mark_dirty on a view) passes the one gradient
            grads = [grads]
        if not xp.tensor_mode:          # user code works on Tensors: wrap in array mode, unwrap after
            grads = [None if g is None else make(np.asarray(g)) for g in grads]
        result = self._forward_cls.backward(self, *grads)
        if not isinstance(result, tuple):
            result = (result,)
        is_tensor = self._arg_is_tensor
        n = len(is_tensor)
        name = type(self).__name__
        if len(result) > n and all(r is None for r in result[n:]):
            result = result[:n]
        if len(result) != n:
            raise RuntimeError(f"function {name} returned an incorrect number of gradients (expected {n}, got "
                               f"{len(result)})")
        out = []
        for i, r in enumerate(result):
            if not is_tensor[i]:
                if r is not None:
                    raise RuntimeError(f"function {name} returned a gradient different than None at position {i + 1}, "
                                       "but the corresponding forward input was not a Variable")
                continue
            k = len(out)
            if r is None:
                out.append(None)
                continue
            if self.next_functions[k][0] is None:
                # an input that needs no gradient: post-hooks still see what backward returned (torch);
                # the engine passes it nowhere
                out.append((r if xp.tensor_mode else r._data) if isinstance(r, Tensor) else None)
                continue
            if not isinstance(r, Tensor):
                raise RuntimeError(f"expected Variable or None (got {type(r).__name__})")
            shape = self._in_meta[k][0]
            if tuple(r.shape) != shape and not _expandable(shape, tuple(r.shape)):
                raise RuntimeError(f"Function {name} returned an invalid gradient at index {k} - got "
                                   f"{list(r.shape)} but expected shape compatible with {list(shape)}")
            out.append(r if xp.tensor_mode else r._data)   # the engine sums it back to the shape, casts it
        return tuple(out)

    def view_inplace_error(self, output_nr: int) -> RuntimeError:
        if self._multi_diff:
            return Node.view_inplace_error(self, output_nr)
        return RuntimeError(
            f"Output {output_nr} of {forward_name(self)} is a view and is being modified inplace. This view was "
            "created inside a custom Function (or because an input was returned as-is) and the autograd logic to "
            "handle view+inplace would override the custom backward associated with the custom Function, leading "
            "to incorrect gradients. This behavior is forbidden. You can fix this by cloning the output of the "
            "custom Function.")

    def __repr__(self) -> str:
        return f"<torch.autograd.function.{type(self).__name__} object at {hex(id(self))}>"


def _expandable(shape: tuple, to: tuple) -> bool:
    """torch's is_expandable_to: ``shape`` broadcasts to ``to``."""
    if len(shape) > len(to):
        return False
    return all(s == 1 or s == d for s, d in zip(reversed(shape), reversed(to)))


class _FunctionMeta(type):
    def __init__(cls, name, bases, attrs):
        super().__init__(name, bases, attrs)
        cls._backward_cls = type(name + "Backward", (BackwardCFunction,), {"_forward_cls": cls})


class Function(metaclass=_FunctionMeta):
    r"""Base class for custom autograd operations.

    Subclass it with static ``forward(ctx, *args)`` and ``backward(ctx, *grad_outputs)`` and call
    ``MyFn.apply(*args)``; or write ``forward(*args)`` without ctx and a static
    ``setup_context(ctx, inputs, output)`` that saves what backward needs. ``backward`` gets one
    gradient per ``forward`` output and returns one per ``forward`` input (None for non-tensor or
    non-differentiable inputs).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        warnings.warn(f"{type(self)} should not be instantiated. Methods on autograd functions are all static, so "
                      "you should invoke them on the class itself. Instantiating an autograd function will raise an "
                      "error in a future version of PyTorch.", DeprecationWarning, stacklevel=2)

    @staticmethod
    def forward(*args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("You must implement the forward function for custom autograd.Function.")

    @staticmethod
    def setup_context(ctx: Any, inputs: tuple, output: Any) -> Any:
        raise NotImplementedError("setup_context is not implemented.")

    @staticmethod
    def backward(ctx, *grad_outputs: Any) -> Any:
        raise NotImplementedError("You must implement either the backward or vjp method for your custom "
                                  "autograd.Function to use it with backward mode AD.")

    vjp = backward

    @classmethod
    def apply(cls, *args, **kwargs):
        setup = cls.setup_context is not Function.setup_context
        if setup:      # forward(*args): bind keywords and defaults, as torch does, for setup_context
            bound = inspect.signature(cls.forward).bind(*args, **kwargs)
            bound.apply_defaults()
            args, kwargs = bound.args, {}
        inputs = [a for a in args if isinstance(a, Tensor)]
        record = STATE.enabled and any(t._requires_grad for t in inputs)
        node = object.__new__(cls._backward_cls)
        node._seq = next_seq()
        node.next_functions = tuple(edge(t) for t in inputs)
        node._in_meta = [(t._data.shape, t._data.dtype) for t in inputs]
        node.needs_input_grad = tuple(isinstance(a, Tensor) and a._requires_grad for a in args)
        node._arg_is_tensor = tuple(isinstance(a, Tensor) for a in args)
        prev = STATE.enabled
        STATE.enabled = False
        try:
            if setup:
                outputs = cls.forward(*args)
                cls.setup_context(node, args, outputs)
            else:
                outputs = cls.forward(node, *args, **kwargs)
        finally:
            STATE.enabled = prev
        for t in node.dirty_tensors:    # torch bumps the version of what forward marked dirty
            t._vc[0] += 1
        result = _wrap_outputs(node, outputs, inputs, record)
        if record and node.to_save:
            _save(node, result)
        node.to_save = ()  # the node's _saved owns them now, and backward frees them
        return result


def _alias(t: Tensor) -> Tensor:
    """A view of ``t`` that is all of it (torch's view_as(self))."""
    out = make(t._data[...])
    info = t._view
    step = ("getitem", (Ellipsis,))
    out._view = (_ViewInfo(t, (step,), t._vc[0]) if info is None else
                 _ViewInfo(info.base, (step,), t._vc[0], info, info.meta))
    out._vc = t._vc
    return out


def _wrap_outputs(node: BackwardCFunction, outputs, inputs: list, record: bool):
    """torch's _wrap_outputs: connect what forward returned to ``node`` (one slot per value)."""
    single = not isinstance(outputs, tuple)
    raw = (outputs,) if single else outputs
    input_ids = {id(t) for t in inputs}
    dirty = {id(t) for t in node.dirty_tensors}
    nondiff = {id(t) for t in node.non_differentiable}
    meta = []
    result = []
    n_diff = 0
    for nr, o in enumerate(raw):
        if not isinstance(o, Tensor):
            meta.append(None)
            result.append(o)
            continue
        meta.append((o._data.shape, o._data.dtype))
        is_input, is_modified = id(o) in input_ids, id(o) in dirty
        if not (record and id(o) not in nondiff and (o.dtype.is_floating_point or o.dtype.is_complex)):
            if not o._requires_grad:          # not differentiable: returned as is (an input as a view of it)
                if is_input and not is_modified:
                    o = _alias(o)
            elif is_input:
                o = o.detach()
            elif o._view is None:
                o.detach_()
            result.append(o)
            continue
        n_diff += 1
        if is_modified:                       # mark_dirty: the tensor itself now comes from the node
            if o._requires_grad and o._grad_fn is None:
                raise RuntimeError("a leaf Variable that requires grad has been used in an in-place operation.")
            if not is_input:
                warnings.warn("ctx.mark_dirty() received a tensor that was not an input. Only input Tensors that "
                              "have been mutated should be passed to ctx.mark_dirty().", UserWarning, stacklevel=3)
            o._grad = None
            if o._view is not None and o._view.base._requires_grad:
                if len(raw) > 1:
                    raise RuntimeError(_DIRTY_VIEW)
                graft_view_inplace(o, node)   # the base's grad_fn becomes CopySlices, as for x[0].mul_(2)
                result.append(o)
                continue
        elif is_input:
            o = _alias(o)
        move_retained(o, o._grad_fn, node, nr)
        o._grad_fn = node
        o._requires_grad = True
        o._output_nr = nr
        if o._view is not None and not is_modified:
            node.multi_view = True            # a view made inside the Function: no in-place on it (E20)
        result.append(o)
    for t in node.dirty_tensors:
        if not any(o is t for o in result):
            raise RuntimeError("Some elements marked as dirty during the forward method were not returned as "
                               "output. The inputs that are modified inplace must all be outputs of the Function.")
    if record:
        node._out_meta = tuple(meta)
        node._general = True
        node._multi_diff = n_diff > 1
    return result[0] if single else tuple(result)


def _save(node: BackwardCFunction, result) -> None:
    """What ctx saved: inputs as they are, the node's own outputs detached (unpacked with the node
    as grad_fn, as torch's SavedVariable does, without a tensor <-> node cycle)."""
    outs = result if isinstance(result, tuple) else (result,)
    saved, src = [], []
    for i, t in enumerate(node.to_save):
        if t is None:
            saved.append(None)
            continue
        if t._grad_fn is node and any(t is o for o in outs):
            saved.append(t.detach())
            src.append((i, None, t._vc, t._vc[0]))
            if t._output_nr:
                node.__dict__.setdefault("_saved_out_nr", {})[i] = t._output_nr
        else:
            saved.append(t)
            src.append((i, t, t._vc, t._vc[0]))
    node._saved = tuple(saved)
    node._saved_src = tuple(src)


def once_differentiable(fn):
    """Decorator for a Function's backward that cannot itself be differentiated."""
    @functools.wraps(fn)
    def wrapper(ctx, *grads):
        if STATE.enabled and any(isinstance(g, Tensor) and g._requires_grad for g in grads):
            raise RuntimeError("trying to differentiate twice a function that was marked with @once_differentiable")
        with no_grad():
            return fn(ctx, *grads)
    return wrapper
