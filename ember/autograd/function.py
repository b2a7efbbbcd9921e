"""Custom differentiable functions: ``class F(autograd.Function)`` with static ``forward`` and
``backward``, called as ``xp.apply(...)``."""
from __future__ import annotations

import functools
from typing import Any

import numpy as np

from .._tensor import Tensor, make
from .._grad_mode import STATE, no_grad
from .._graph import FREED_MESSAGE, Node
from ..ops._op import edge, saved_arrays


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
    to_save = ()
    non_differentiable = ()
    dirty_tensors = ()

    @property
    def saved_tensors(self) -> tuple:
        if self._saved is None:
            raise RuntimeError(FREED_MESSAGE)
        return saved_arrays(self)

    def backward(self, g, xp):
        # user code works on Tensors: wrap in fast mode, unwrap after
        grads = self._forward_cls.backward(self, g if xp.tensor_mode else make(np.asarray(g)))
        if not isinstance(grads, tuple):
            grads = (grads,)
        n_in = len(self.next_functions)
        if len(grads) != n_in:
            if len(grads) > n_in and all(g is None for g in grads[n_in:]):
                grads = grads[:n_in]
            else:
                raise RuntimeError(f"function {type(self).__name__} returned an incorrect number of gradients "
                                   f"(expected {n_in}, got {len(grads)})")
        out = []
        for i, gi in enumerate(grads):
            if gi is None or self.next_functions[i][0] is None:
                out.append(None)
                continue
            shape = self._in_meta[i][0]
            if tuple(gi.shape) != shape:
                try:
                    np.broadcast_shapes(tuple(gi.shape), shape)
                    ok = gi.numel() == int(np.prod(shape))
                except ValueError:
                    ok = False
                if not ok:
                    raise RuntimeError(f"Function {type(self).__name__} returned an invalid gradient at index {i} - "
                                       f"got {list(gi.shape)} but expected shape compatible with {list(shape)}")
                gi = gi.reshape(shape)
            out.append(gi if xp.tensor_mode else gi._data)
        return tuple(out)

    def __repr__(self) -> str:
        return f"<torch.autograd.function.{type(self).__name__} object at {hex(id(self))}>"


class _FunctionMeta(type):
    def __init__(cls, name, bases, attrs):
        super().__init__(name, bases, attrs)
        cls._backward_cls = type(name + "Backward", (BackwardCFunction,), {"_forward_cls": cls})


class Function(metaclass=_FunctionMeta):
    r"""Base class for custom autograd operations.

    Subclass it with static ``forward(ctx, *args)`` and ``backward(ctx, *grad_outputs)`` and call
    ``MyFn.apply(*args)``. ``backward`` returns one gradient per ``forward`` input (None for
    non-tensor or non-differentiable inputs).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        import warnings
        warnings.warn(f"{type(self)} should not be instantiated. Methods on autograd functions are all static, so "
                      "you should invoke them on the class itself. Instantiating an autograd function will raise an "
                      "error in a future version of PyTorch.", DeprecationWarning, stacklevel=2)

    @staticmethod
    def forward(ctx, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("You must implement the forward function for custom autograd.Function.")

    @staticmethod
    def backward(ctx, *grad_outputs: Any) -> Any:
        raise NotImplementedError("You must implement either the backward or vjp method for your custom "
                                  "autograd.Function to use it with backward mode AD.")

    vjp = backward

    @classmethod
    def apply(cls, *args):
        tensors = [a if isinstance(a, Tensor) else None for a in args]
        record = STATE.enabled and any(t is not None and t._requires_grad for t in tensors)
        node = Node.__new__(cls._backward_cls)
        node.next_functions = tuple(edge(t) if t is not None else (None, 0) for t in tensors)
        node._in_meta = [None if t is None else (t._data.shape, t._data.dtype) for t in tensors]
        node.needs_input_grad = tuple(t is not None and t._requires_grad for t in tensors)
        prev = STATE.enabled
        STATE.enabled = False
        try:
            outputs = cls.forward(node, *args)
        finally:
            STATE.enabled = prev
        if not record:
            return outputs
        single = not isinstance(outputs, tuple)
        outs = (outputs,) if single else outputs
        dirty = {id(t) for t in node.dirty_tensors}
        for t in node.dirty_tensors:
            if t._requires_grad and t._grad_fn is None:
                raise RuntimeError("a leaf Variable that requires grad has been used in an in-place operation.")
        result = []
        nondiff = {id(t) for t in node.non_differentiable}
        for o in outs:
            if not isinstance(o, Tensor):
                result.append(o)
                continue
            if id(o) in dirty:
                o._grad_fn = node
                o._requires_grad = True
                result.append(o)
                continue
            if any(o is t for t in tensors):
                o = make(o._data)  # an input returned unchanged: a new tensor in the graph
            elif o._grad_fn is not None or o._requires_grad:
                o = make(o._data)
            if id(o) in nondiff or not o.dtype.is_floating_point:
                result.append(o)
                continue
            o._grad_fn = node
            o._requires_grad = True
            result.append(o)
        if len([o for o in outs if isinstance(o, Tensor)]) > 1:
            raise NotImplementedError("ember's custom Functions support a single differentiable output")
        if node.to_save:
            node._saved = tuple(node.to_save)
            # a saved output is recorded as the node's own (E4 then names this Function, as torch)
            outs_ids = {id(o) for o in result if isinstance(o, Tensor)}
            node._saved_src = tuple((i, None if id(t) in outs_ids else t, t._vc, t._vc[0])
                                    for i, t in enumerate(node.to_save) if t is not None)
            node.to_save = ()  # the node's _saved owns them now, and backward frees them
        return result[0] if single else tuple(result)


def once_differentiable(fn):
    """Decorator for a Function's backward that cannot itself be differentiated."""
    @functools.wraps(fn)
    def wrapper(ctx, *grads):
        if STATE.enabled and any(isinstance(g, Tensor) and g._requires_grad for g in grads):
            raise RuntimeError("trying to differentiate twice a function that was marked with @once_differentiable")
        with no_grad():
            return fn(ctx, *grads)
    return wrapper
