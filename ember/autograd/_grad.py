"""backward, grad and Tensor.backward: the entry points into the engine (``engine.py``)."""
from __future__ import annotations

import numpy as np

from .. import _tensor as _T
from .._graph import accumulate_grad_node
from .engine import run_backward, warn_create_graph_backward

__all__ = ["backward", "grad", "tensor_backward", "Variable"]


def _as_tuple(x) -> tuple:
    if x is None:
        return ()
    if isinstance(x, _T.Tensor):
        return (x,)
    return tuple(x)


def _make_root_grads(outputs: tuple, grads: tuple, create_graph: bool, is_grads_batched: bool = False) -> list:
    """torch's _make_grads: check or create the gradient for each output."""
    result = []
    for i, (out, g) in enumerate(zip(outputs, grads)):
        if g is None:
            if out._data.size != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            if not (out.dtype.is_floating_point):
                raise RuntimeError(f"grad can be implicitly created only for real scalar outputs but got "
                                   f"{out.dtype!r}")
            arr = np.ones(out._data.shape, dtype=out._data.dtype)
            result.append(_T.make(arr) if create_graph else arr)
            continue
        if not isinstance(g, _T.Tensor):
            if isinstance(g, (int, float)):
                g = _T.make(np.full(out._data.shape, g, dtype=out._data.dtype))
            else:
                raise TypeError(f"gradients can be either Tensors or None, but got {type(g).__name__}")
        if g._data.shape != out._data.shape:
            raise RuntimeError(f"Mismatch in shape: grad_output[{i}] has a shape of {g.shape!r} and output[{i}] has "
                               f"a shape of {out.shape!r}.")
        if create_graph:
            result.append(g if g._data.dtype == out._data.dtype else g.to(out.dtype))
        else:
            d = g._data
            result.append(d if d.dtype == out._data.dtype else d.astype(out._data.dtype))
    return result


def _root_nodes(outputs: tuple) -> list:
    """The edge ``(grad_fn, output_nr)`` of each output (an AccumulateGrad for a leaf)."""
    nodes = []
    for i, out in enumerate(outputs):
        fn = out.grad_fn
        if fn is None:
            if not out._requires_grad:
                raise RuntimeError(
                    f"element {i} of tensors does not require grad and does not have a grad_fn. (ember: it is "
                    "not connected to any tensor with requires_grad=True: set requires_grad=True on the inputs "
                    "you want gradients for, and check that it was not computed under no_grad()/"
                    "inference_mode(), through detach() or .data, or through an integer op such as argmax.)")
            nodes.append((accumulate_grad_node(out), 0))
        else:
            nodes.append((fn, out.output_nr))
    return nodes


def _input_node(t: "_T.Tensor", what: str):
    if not isinstance(t, _T.Tensor):
        raise TypeError(f"{what} must be Tensors, but got {type(t).__name__}")
    if not t._requires_grad:
        raise RuntimeError("One of the differentiated Tensors does not require grad")
    fn = t.grad_fn
    return (fn, t.output_nr) if fn is not None else (accumulate_grad_node(t), 0)


def backward(tensors, grad_tensors=None, retain_graph: bool | None = None, create_graph: bool = False,
             grad_variables=None, inputs=None) -> None:
    r"""Compute the sum of gradients of ``tensors`` w.r.t. graph leaves and accumulate into ``.grad``.

    Args:
        tensors (Tensor or sequence of Tensor): roots of the backward pass.
        grad_tensors (sequence of Tensor or None): the gradient w.r.t. each root; None for roots
            with one element.
        retain_graph (bool, optional): keep the graph's saved tensors. Defaults to ``create_graph``.
        create_graph (bool): record the backward pass so it can be differentiated again.
        inputs (sequence of Tensor, optional): accumulate only into these tensors.
    """
    outputs = _as_tuple(tensors)
    grads = _as_tuple(grad_tensors if grad_tensors is not None else grad_variables)
    if not grads:
        grads = (None,) * len(outputs)
    if len(grads) != len(outputs):
        raise RuntimeError(f"got {len(outputs)} tensors and {len(grads)} gradients")
    if retain_graph is None:
        retain_graph = create_graph
    if inputs is not None:
        inputs = _as_tuple(inputs)
        if not inputs:
            raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
    if create_graph:
        warn_create_graph_backward()
    roots = _root_nodes(outputs)
    root_grads = _make_root_grads(outputs, grads, create_graph)
    if inputs is None:
        run_backward(roots, root_grads, retain_graph, create_graph)
        return
    for t in inputs:
        if not t._requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False (backward(inputs=...): "
                               f"inputs[{[i for i, x in enumerate(inputs) if x is t][0]}] does not require grad, "
                               "so no gradient can reach it. Remove it from inputs or set requires_grad=True on "
                               "it.)")
    nodes = [_input_node(t, "inputs") for t in inputs]
    for t in inputs:
        if t._grad_fn is not None:
            t.retain_grad()
    run_backward(roots, root_grads, retain_graph, create_graph, capture=nodes, accumulate=True)


def grad(outputs, inputs, grad_outputs=None, retain_graph: bool | None = None, create_graph: bool = False,
         only_inputs: bool = True, allow_unused: bool | None = None, is_grads_batched: bool = False,
         materialize_grads: bool = False):
    r"""Compute and return the gradients of ``outputs`` w.r.t. ``inputs`` (nothing is accumulated).

    Args:
        outputs (Tensor or sequence of Tensor): outputs of the differentiated function.
        inputs (Tensor or sequence of Tensor or dict): inputs w.r.t. which the gradient is returned.
        grad_outputs (sequence of Tensor or None): the vector in the vector-Jacobian product.
        retain_graph (bool, optional): keep saved tensors; defaults to ``create_graph``.
        create_graph (bool): record the computation so higher-order derivatives can be taken.
        allow_unused (bool, optional): return None for inputs the outputs do not depend on
            instead of raising.
        materialize_grads (bool): return zeros instead of None for unused inputs.

    Returns:
        A tuple with one gradient per input (a dict with the same keys for dict ``inputs``).
    """
    if materialize_grads and allow_unused is False:
        raise ValueError("Expected allow_unused to be True or not passed when materialize_grads=True, but got: "
                         "allow_unused=False.")
    if allow_unused is None:
        allow_unused = materialize_grads
    keys = None
    if isinstance(inputs, dict):
        keys = list(inputs)
        inputs = tuple(inputs.values())
    outputs = _as_tuple(outputs)
    inputs = _as_tuple(inputs)
    if not inputs:
        raise RuntimeError("`inputs` argument to `grad()` cannot be empty.")
    grads = _as_tuple(grad_outputs)
    if not grads:
        grads = (None,) * len(outputs)
    if len(grads) != len(outputs):
        raise RuntimeError(f"grad requires one grad_output per output: got {len(outputs)} outputs and "
                           f"{len(grads)} grad_outputs")
    if retain_graph is None:
        retain_graph = create_graph
    nodes = [_input_node(t, "inputs") for t in inputs]
    roots = _root_nodes(outputs)
    root_grads = _make_root_grads(outputs, grads, create_graph)
    results = run_backward(roots, root_grads, retain_graph, create_graph, capture=nodes, accumulate=False)
    out = []
    for i, (t, g) in enumerate(zip(inputs, results)):
        if g is None:
            if materialize_grads:
                out.append(_T.make(np.zeros_like(t._data)))
                continue
            if not allow_unused:
                raise RuntimeError(f"The differentiated Tensor at index {i} appears to not have been used in the "
                                   "graph. Set allow_unused=True if this is the desired behavior.")
            out.append(None)
            continue
        if not isinstance(g, _T.Tensor):
            g = np.asarray(g)
            if g.dtype != t._data.dtype:
                g = g.astype(t._data.dtype)
            g = _T.make(g if g.base is None else g.copy())
        out.append(g)
    if keys is not None:
        return dict(zip(keys, out))
    return tuple(out)


def Variable(data, requires_grad: bool = False, volatile: bool = False) -> "_T.Tensor":  # noqa: N802
    """Legacy constructor: returns a plain Tensor."""
    t = data if isinstance(data, _T.Tensor) else _T.make(np.asarray(data))
    if requires_grad:
        t.requires_grad_(True)
    return t


def tensor_backward(self: "_T.Tensor", gradient: "_T.Tensor | None" = None, retain_graph: bool | None = None,
                    create_graph: bool = False, inputs=None) -> None:
    r"""Compute the gradient of this tensor w.r.t. the graph leaves and accumulate it into
    their ``.grad`` (``Tensor.backward``).

    Args:
        gradient (Tensor, optional): the gradient w.r.t. this tensor; may be omitted only for
            a tensor with one element.
        retain_graph (bool, optional): keep saved tensors so backward can run again.
            Defaults to ``create_graph``.
        create_graph (bool): record the backward pass so higher-order derivatives can be taken.
        inputs (sequence of Tensor, optional): accumulate only into these tensors.
    """
    backward(self, gradient, retain_graph, create_graph, inputs=inputs)


tensor_backward.__name__ = "backward"
