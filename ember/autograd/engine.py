"""The backward pass: iterative, dependency-counted, no recursion.

1. From the roots, walk ``next_functions`` and count, for every reachable node, how many edges
   lead into it.
2. Run nodes whose count is zero. Contributions arriving for a node are summed in a buffer
   before it runs; each of its outputs lowers its children's counts.
3. With ``create_graph=False`` gradients are raw NumPy arrays and formulas run on them
   (``ArrayFns``); with ``create_graph=True`` they are Tensors and every step is recorded
   (``TensorFns``).
4. After a node runs its saved values are released unless ``retain_graph``.
"""
from __future__ import annotations

import gc
import warnings

import numpy as np

from .._grad_mode import STATE
from .._graph import AccumulateGrad
from .._tensor import Tensor, make
from ..ops._formulas import ArrayFns, TensorFns
from ..ops.fills import zeros_like_copy

_ndarray = np.ndarray


def _hook_result(hook, value: Tensor, kind: str = "value") -> Tensor:
    out = hook(value)
    if out is None:
        return value
    if not isinstance(out, Tensor):
        raise TypeError(f"expected Variable, but hook returned '{type(out).__name__}'")
    name = getattr(hook, "__name__", repr(hook))
    if out.shape != value.shape:
        raise RuntimeError(f"hook '{name}' has changed the size of value")
    if out.dtype is not value.dtype:
        raise RuntimeError(f"hook '{name}' has changed the type of value (was torch.{value.dtype._legacy} got "
                           f"torch.{out.dtype._legacy})")
    return out


def _run_tensor_hooks(hooks: dict, g, create_graph: bool):
    value = g if create_graph else make(g)
    for hook in list(hooks.values()):
        value = _hook_result(hook, value)
    return value if create_graph else value._data


def _accumulate(node: AccumulateGrad, g, owned: bool, create_graph: bool) -> None:
    var = node.variable
    if var._leaf_hooks:
        g = _run_tensor_hooks(var._leaf_hooks, g, create_graph)
        owned = False
    old = var._grad
    if create_graph:
        if old is None:
            var._grad = zeros_like_copy(var, g)
        else:
            var._grad = old + g
    else:
        if type(g) is not _ndarray:
            g = np.asarray(g)
            owned = False
        if g.dtype != var._data.dtype:
            g = g.astype(var._data.dtype)
            owned = True
        if old is None:
            var._grad = make(g if owned and g.base is None and g.flags.writeable else np.array(g, copy=True))
        elif old._grad_fn is not None or old._requires_grad:
            var._grad = make((old._data + g).astype(var._data.dtype, copy=False))
        else:
            od = old._data
            if od.shape == g.shape and od.flags.writeable:
                od += g
            else:
                old._data = od + g
    if var._post_acc_hooks:
        for hook in list(var._post_acc_hooks.values()):
            hook(var)


def _retain(node, g, create_graph: bool) -> None:
    t = node._retained()
    if t is None:
        return
    if create_graph:
        t._grad = g if t._grad is None else t._grad + g
    else:
        g = np.asarray(g)
        t._grad = make(np.array(g, copy=True)) if t._grad is None else make(t._grad._data + g)


def run_backward(roots: list, root_grads: list, retain_graph: bool, create_graph: bool,
                 capture: list | None = None, accumulate: bool = True):
    """Propagate ``root_grads`` (arrays, or Tensors if create_graph) from ``roots`` (nodes).

    ``capture``: nodes whose incoming gradient is returned (autograd.grad / backward(inputs=)),
    in order; only nodes leading to them run. Returns the captured gradients (None if none)."""
    xp = TensorFns if create_graph else ArrayFns

    # 1. count the edges into every reachable node
    deps: dict = {}
    buffers: dict = {}
    for node, g in zip(roots, root_grads):
        prev = buffers.get(node)
        buffers[node] = g if prev is None else prev + g
    stack = list(buffers)
    pop, push, get = stack.pop, stack.append, deps.get
    while stack:
        for nxt, _ in pop().next_functions:
            if nxt is not None:
                d = get(nxt)
                if d is None:
                    deps[nxt] = 1
                    push(nxt)
                else:
                    deps[nxt] = d + 1

    needed = None
    captured = None
    if capture is not None:
        captured = {}
        needed = _needed_nodes(buffers, deps, set(capture))

    # 2. run nodes whose gradient is complete
    ready = [n for n in buffers if n not in deps]
    owned_flags: dict = {}     # leaves' gradients that no one else holds: stored without a copy
    prev_enabled = STATE.enabled
    STATE.enabled = create_graph
    _Acc = AccumulateGrad
    # torch computes inf/nan gradients silently (e.g. sqrt'(0)); so do we
    quiet = np.errstate(divide="ignore", invalid="ignore", over="ignore")
    quiet.__enter__()
    # the pass allocates many short-lived objects and frees no cycles: pausing the cyclic
    # collector saves a third of a deep graph's backward time
    gc_was_enabled = gc.isenabled()
    gc.disable()
    next_ready, push_ready, take, peek = ready.pop, ready.append, buffers.pop, buffers.get
    pruning = needed is not None
    release = not retain_graph
    try:
        while ready:
            node = next_ready()
            g = take(node, None)
            if g is not None:
                if node._has_hooks:
                    g = _node_hooks(node, g, create_graph)
                if pruning:
                    if needed.get(node):
                        captured[node] = g
                    if node not in needed:
                        g = None          # leads to no input: nothing to compute
            if type(node) is _Acc:
                if g is not None and accumulate:
                    _accumulate(node, g, owned_flags.pop(node, False), create_graph)
                continue
            if g is None:                 # no gradient reached this node: only release its children
                for nxt, _ in node.next_functions:
                    if nxt is not None:
                        d = deps[nxt] - 1
                        deps[nxt] = d
                        if d == 0:
                            push_ready(nxt)
                continue
            grads = node.backward(g, xp)
            if type(grads) is not tuple:
                grads = (grads,)
            if release and node._saved:
                node._saved = None
            if node._has_hooks and node._post_hooks:
                grads = _post_hooks(node, grads, g, create_graph)
            meta = node._in_meta
            i = -1
            for nxt, _ in node.next_functions:
                i += 1
                if nxt is None:
                    continue
                gi = grads[i]
                if gi is not None:
                    shape, dt = meta[i]
                    if create_graph:
                        if tuple(gi.shape) != shape:
                            gi = xp.sum_to(gi, shape)
                        if gi._data.dtype != dt:
                            gi = xp.cast(gi, dt)
                    else:
                        if gi.shape != shape:
                            gi = xp.sum_to(gi, shape)
                        gdt = gi.dtype
                        if gdt is not dt and gdt != dt:
                            gi = np.asarray(gi).astype(dt)
                    prev = peek(nxt)
                    if prev is None:
                        buffers[nxt] = gi
                        if type(nxt) is _Acc and gi is not g and not create_graph:
                            # fresh from the formula and passed on once: the leaf may keep it
                            owned_flags[nxt] = sum(1 for o in grads if o is grads[i]) == 1
                    else:
                        buffers[nxt] = prev + gi
                        owned_flags[nxt] = True
                d = deps[nxt] - 1
                deps[nxt] = d
                if d == 0:
                    push_ready(nxt)
    finally:
        if gc_was_enabled:
            gc.enable()
        quiet.__exit__(None, None, None)
        STATE.enabled = prev_enabled
    if capture is None:
        return None
    return [captured.get(n) for n in capture]


def _node_hooks(node, g, create_graph: bool):
    """Tensor hooks, pre-hooks and retain_grad of a node's output, in torch's order."""
    if node._tensor_hooks:
        g = _run_tensor_hooks(node._tensor_hooks, g, create_graph)
    if node._pre_hooks:
        for hook in list(node._pre_hooks.values()):
            r = hook((g if create_graph else make(g),))
            if r is not None:
                g = r[0] if create_graph else r[0]._data
    if node._retained is not None:
        _retain(node, g, create_graph)
    return g


def _post_hooks(node, grads, g, create_graph):
    wrap = (lambda x: x) if create_graph else (lambda x: None if x is None else make(np.asarray(x)))
    unwrap = (lambda x: x) if create_graph else (lambda x: None if x is None else x._data)
    gin = tuple(wrap(x) for x in grads)
    for hook in list(node._post_hooks.values()):
        r = hook(gin, (wrap(g),))
        if r is not None:
            if len(r) != len(gin):
                name = getattr(hook, "__name__", repr(hook))
                raise RuntimeError(f"hook '{name}' has returned an incorrect number of values "
                                   f"(got {len(r)}, but expected {len(gin)})")
            gin = tuple(r)
    return tuple(unwrap(x) for x in gin)


def _needed_nodes(roots: dict, deps: dict, targets: set) -> dict:
    """Nodes on a path to a capture target: node -> True if it is itself a target."""
    # topological order by Kahn's algorithm on a copy of the counts
    counts = dict(deps)
    order = []
    ready = [n for n in roots if n not in counts]
    while ready:
        node = ready.pop()
        order.append(node)
        for nxt, _ in node.next_functions:
            if nxt is not None:
                c = counts[nxt] - 1
                counts[nxt] = c
                if c == 0:
                    ready.append(nxt)
    needed: dict = {}
    for node in reversed(order):
        if node in targets:
            needed[node] = True
        elif any(nxt in needed for nxt, _ in node.next_functions if nxt is not None):
            needed[node] = False
    return needed


def warn_create_graph_backward() -> None:
    warnings.warn(
        "Using backward() with create_graph=True will create a reference cycle between the parameter and its "
        "gradient which can cause a memory leak. We recommend using autograd.grad when creating the graph to avoid "
        "this. If you have to use this function, make sure to reset the .grad fields of your parameters to None "
        "after use to break the cycle and avoid the leak.", UserWarning, stacklevel=4)
