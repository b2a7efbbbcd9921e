"""The backward pass: iterative, dependency-counted, no recursion, in torch's order.

1. From the roots, walk ``next_functions`` and count, for every reachable node, how many edges
   lead into it (``_count``).
2. A node is ready once every edge into it has delivered. Ready nodes wait in a priority queue and
   run newest first, by the sequence number each node got when it was made; an ``AccumulateGrad``
   runs as soon as it is ready. That is torch's engine's order, so hooks fire, and errors surface,
   as in torch. The queue is ``heapq`` on ``(-number, node)``: heapq's sift steps are those of
   libstdc++'s ``push_heap``/``pop_heap`` (torch's ``std::priority_queue``), so even
   AccumulateGrads, which tie (``FirstKey``), come out in torch's order. Contributions arriving for a node are
   summed in a buffer before it runs: the bare gradient for a node with one output, a list with a
   slot per output for a node with several.
3. With ``create_graph=False`` gradients are raw NumPy arrays and formulas run on them
   (``ArrayFns``; the loop is :func:`_run_arrays`); with ``create_graph=True`` they are Tensors and
   every step is recorded (``TensorFns``; :func:`_run_tensors`). Both hand everything beyond a
   plain node (hooks, captures, several outputs, no gradient at all) to :func:`_run_node`.
4. After a node runs its saved values are released unless ``retain_graph``.
"""
from __future__ import annotations

import gc
import threading
import warnings
from heapq import heappop, heappush

import numpy as np

from .._grad_mode import STATE
from .._graph import GENERAL as _GENERAL, UNARY as _UNARY, AccumulateGrad
from .._tensor import Tensor, make
from ..ops._formulas import ArrayFns, TensorFns, sum_to_shape
from ..ops.fills import zeros_like_copy

_ndarray = np.ndarray


class _Pass:
    """The state of one backward pass."""

    __slots__ = ("deps", "buffers", "ready", "execute", "needed", "simple", "captures", "captured", "release",
                 "accumulate", "create_graph", "xp", "owned")

    def __init__(self, retain_graph: bool, create_graph: bool, accumulate: bool) -> None:
        self.deps: dict = {}          # node -> edges into it that have not delivered yet
        self.buffers: dict = {}       # node -> gradient so far (a list, one slot per output, for several)
        self.ready: list = []         # heapq of (-sequence number, node)
        self.execute = None           # pruning (autograd.grad, backward(inputs=)): the nodes that run
        self.needed = None            # ... and those among them that run their formula
        self.simple = None            # ... and those among these that are not captured either
        self.captures: dict = {}      # node -> [(position in the result, output_nr)]
        self.captured: dict = {}      # position -> gradient
        self.release = not retain_graph
        self.accumulate = accumulate
        self.create_graph = create_graph
        self.xp = TensorFns if create_graph else ArrayFns
        self.owned: dict = {}         # leaves' gradients that no one else holds: stored without a copy


def run_backward(roots: list, root_grads: list, retain_graph: bool, create_graph: bool,
                 capture: list | None = None, accumulate: bool = True):
    """Propagate ``root_grads`` (arrays, or Tensors if create_graph) from ``roots``, edges
    ``(node, output_nr)``.

    ``capture``: edges whose incoming gradient is returned (autograd.grad / backward(inputs=)),
    in order; only nodes leading to them run. Returns the captured gradients (None if none)."""
    p = _Pass(retain_graph, create_graph, accumulate)
    # the pass (counting included) allocates many short-lived objects and frees no cycles: pausing
    # the cyclic collector saves 15-20% of a 300,000-op chain's backward CPU time, more as the graph
    # grows (benchmarks/run.py, workload 3)
    _pause_gc()
    try:
        waiting: dict = {}
        for (node, nr), g in zip(roots, root_grads):
            _add(p.buffers, node, nr, g)
            waiting[node] = waiting.get(node, 0) + 1
        _count(p)
        if capture is not None:
            _plan(p, capture)
        # torch's GraphRoot hands the roots their gradients in order; a root is ready once it has them all
        for node, _ in roots:
            waiting[node] -= 1
            if not waiting[node] and node not in p.deps and (p.execute is None or node in p.execute):
                heappush(p.ready, (-node._seq, node))
        prev_enabled = STATE.enabled
        STATE.enabled = create_graph
        # torch computes inf/nan gradients silently (e.g. sqrt'(0)); so do we
        quiet = np.errstate(divide="ignore", invalid="ignore", over="ignore")
        quiet.__enter__()
        try:
            (_run_tensors if create_graph else _run_arrays)(p)
        finally:
            quiet.__exit__(None, None, None)
            STATE.enabled = prev_enabled
    finally:
        _resume_gc()
    if capture is None:
        return None
    return [p.captured.get(i) for i in range(len(capture))]


_NO_NRS = (0, 0)               # the output numbers of a node's edges kept in its two slots

_gc_lock = threading.Lock()
_gc_pauses = 0                # backward passes running now, in any thread
_gc_restore = False           # whether the collector was on when the first of them began


def _pause_gc() -> None:
    """Turn the cyclic collector off while any backward pass runs; counted, so that passes in
    several threads leave it as the first one found it."""
    global _gc_pauses, _gc_restore
    with _gc_lock:
        if not _gc_pauses:
            _gc_restore = gc.isenabled()
            gc.disable()
        _gc_pauses += 1


def _resume_gc() -> None:
    global _gc_pauses
    with _gc_lock:
        _gc_pauses -= 1
        if not _gc_pauses and _gc_restore:
            gc.enable()


def _run_arrays(p: _Pass) -> None:
    """create_graph=False: gradients are NumPy arrays. The hot loop of every backward().

    Its speed tricks, each measured in instructions (valgrind) on ``benchmarks/run.py``'s
    workloads: ``up_next`` holds the one ready node while no other is, so a chain never touches
    the heap (-10% of a chain's backward: workloads 1 and 3); one flag, ``_general``, sends hooks,
    several outputs and AccumulateGrad off the fast path, and output 0's gradient is kept bare, so
    no ``_out_meta`` read per edge (-4%: 3); a count that reaches 0 is not stored back (-2.7%: 3);
    an AccumulateGrad without hooks runs inline (-0.8% of an MLP step: 2); the queue is C
    ``heapq``, not the same sifts in Python (-3.5% of an HVP: 4)."""
    deps, buffers, heap, owned, execute = p.deps, p.buffers, p.ready, p.owned, p.execute
    take, peek, push, pop = buffers.pop, buffers.get, heappush, heappop
    plain, simple, release, xp, _Acc = execute is None, p.simple, p.release, ArrayFns, AccumulateGrad
    up_next = None
    while True:
        if up_next is not None:
            node, up_next = up_next, None
        elif heap:
            node = pop(heap)[1]
        else:
            break
        g = take(node, None)
        if g is not None and not node._general and (plain or node in simple):
            grads = node.backward(g, xp)          # the common case, inline
            if type(grads) is not tuple:
                grads = (grads,)
            if release and node._saved:
                node._saved = None
                node._saved_src = ()      # the inputs it saved: holding them would keep their data alive
        elif type(node) is _Acc:
            var = node.variable
            if plain and g is not None and not (var._leaf_hooks or var._post_acc_hooks or node._pre_hooks
                                                or node._post_hooks):
                _accumulate(var, g, owned.pop(node, False), False)
            else:
                _run_accumulate(p, node, g)
            continue
        else:
            grads, g = _run_node(p, node, g)
            if grads is None:                     # captured only: its inputs are not needed
                continue
        meta = node._in_meta
        nexts = node._next1       # edges_of(node), inlined without building its pairs
        if nexts is _GENERAL:
            nexts, nrs = node._nexts, node._nrs
        else:
            nexts, nrs = (node._next0, nexts), _NO_NRS
        i = -1
        for nxt in nexts:
            i += 1
            if nxt is None:
                continue
            if nxt is _UNARY:     # a node with one input: no second edge
                break
            nr = nrs[i]
            gi = grads[i]
            if gi is not None:
                shape, dt = meta[i]
                if gi.shape != shape:
                    gi = sum_to_shape(gi, shape)
                gdt = gi.dtype
                if gdt is not dt and gdt != dt:
                    gi = np.asarray(gi).astype(dt)
                prev = peek(nxt)
                if prev is None and not nr:       # bare, also output 0 of a multi-output node (see _add)
                    buffers[nxt] = gi
                    if type(nxt) is _Acc:   # fresh and passed on once: .grad keeps it, no copy (-2.3% MLP: 2)
                        # (a wide node's leaves copy: counting there would be quadratic, e.g. stack)
                        n = len(grads)     # gi among them once (two inputs: no generator, -0.2% of an HVP)
                        owned[nxt] = (gi is not g and g is not None and n < 9
                                      and (grads[0] is gi if n == 1 else (grads[0] is gi) != (grads[1] is gi)
                                           if n == 2 else sum(1 for o in grads if o is gi) == 1))
                elif prev is None or type(prev) is list or nxt._out_meta is not None:
                    _add(buffers, nxt, nr, gi)
                else:
                    buffers[nxt] = prev + gi
                    owned[nxt] = True
            d = deps[nxt] - 1
            if d:
                deps[nxt] = d
            elif plain or nxt in execute:
                if up_next is None and not heap:
                    up_next = nxt
                else:
                    if up_next is not None:
                        push(heap, (-up_next._seq, up_next))
                        up_next = None
                    push(heap, (-nxt._seq, nxt))


def _run_tensors(p: _Pass) -> None:
    """create_graph=True: gradients are Tensors and every formula is recorded."""
    deps, buffers, heap, execute, simple = p.deps, p.buffers, p.ready, p.execute, p.simple
    plain, release, xp, push, pop = execute is None, p.release, TensorFns, heappush, heappop
    up_next = None
    while True:
        if up_next is not None:
            node, up_next = up_next, None
        elif heap:
            node = pop(heap)[1]
        else:
            break
        g = buffers.pop(node, None)
        if g is not None and not node._general and (plain or node in simple):
            grads = node.backward(g, xp)   # the plain node inline (-0.7% of an HVP: workload 4)
            if type(grads) is not tuple:
                grads = (grads,)
            if release and node._saved:
                node._saved = None
                node._saved_src = ()      # the inputs it saved: holding them would keep their data alive
        elif type(node) is AccumulateGrad:
            _run_accumulate(p, node, g)
            continue
        else:
            grads, _ = _run_node(p, node, g)
            if grads is None:
                continue
        nexts = node._next1       # as in _run_arrays
        if nexts is _GENERAL:
            nexts, nrs = node._nexts, node._nrs
        else:
            nexts, nrs = (node._next0, nexts), _NO_NRS
        metas = node._in_meta
        i = -1
        for nxt in nexts:
            i += 1
            if nxt is None:
                continue
            if nxt is _UNARY:
                break
            nr, gi = nrs[i], grads[i]
            if gi is not None:
                shape, dt = metas[i]
                if gi._data.shape != shape:      # (the array's tuple: no Size made)
                    gi = xp.sum_to(gi, shape)
                if gi._data.dtype != dt:
                    gi = xp.cast(gi, dt)
                prev = buffers.get(nxt)
                if prev is None and not nr:
                    buffers[nxt] = gi
                elif prev is None or type(prev) is list or nxt._out_meta is not None:
                    _add(buffers, nxt, nr, gi)
                else:
                    buffers[nxt] = prev + gi
            d = deps[nxt] - 1
            if d:
                deps[nxt] = d
            elif plain or nxt in execute:
                if up_next is None and not heap:
                    up_next = nxt
                else:
                    if up_next is not None:
                        push(heap, (-up_next._seq, up_next))
                        up_next = None
                    push(heap, (-nxt._seq, nxt))


# ----------------------------------------------------------------------------------------------
# the general node: hooks, captures, several outputs, no gradient
def _run_node(p: _Pass, node, g) -> tuple:
    """Run ``node`` in torch's order: tensor hooks and retain_grad of each output, capture, Node
    pre-hooks, the formula (with zeros for outputs that got no gradient), post-hooks.

    Returns (the gradients for ``next_functions``, or None when nothing is passed on; the gradient
    the formula was given, for the leaves' no-copy rule: None where its results may be held
    elsewhere, a custom Function's or a multi-output node's)."""
    cg = p.create_graph
    out_meta = node._out_meta
    if out_meta is None:
        gs = [g]
    elif type(g) is list:
        gs = g
    else:                               # nothing, or output 0's gradient alone (kept bare)
        gs = [g] + [None] * (len(out_meta) - 1)
    captures = p.captures.get(node)
    needed = p.needed is None or node in p.needed
    if captures and needed:             # torch captures what arrives, before the hooks
        _capture(p, captures, gs)
    if node._tensor_hooks or node._retained:
        _tensor_pre_hooks(node, gs, cg)
    if not needed:                      # a capture target that leads to no other: done
        _capture(p, captures, gs)
        return None, None
    if node._pre_hooks:
        gs = _pre_hooks(node, gs, cg)
    if out_meta is None:
        grads = node.backward(gs[0], p.xp) if gs[0] is not None else None
    elif node.runs_without_grad or any(x is not None for x in gs):
        grads = node.backward(_materialize(node, gs, p.xp), p.xp)
    else:
        grads = None
    if grads is None:
        grads = (None,) * len(node.next_functions)
    elif type(grads) is not tuple:
        grads = (grads,)
    if p.release and node._saved:
        node._saved = None
        node._saved_src = ()
    if node._post_hooks:
        grads = _post_hooks(node, _to_input_meta(node, grads, p.xp), gs, cg)
    return grads, (gs[0] if out_meta is None else None)


def _to_input_meta(node, grads: tuple, xp) -> tuple:
    """Each gradient summed back to its input's shape and cast to its dtype, as torch does before a
    node's post-hooks see them (the main loop does the same for everything else)."""
    out = list(grads)
    for i, (gi, meta) in enumerate(zip(grads, node._in_meta)):
        if gi is None or meta is None:
            continue
        shape, dt = meta
        if tuple(gi.shape) != shape:
            gi = xp.sum_to(gi, shape)
        if (gi._data.dtype if xp.tensor_mode else gi.dtype) != dt:
            gi = xp.cast(gi, dt)
        out[i] = gi
    return tuple(out)


def _run_accumulate(p: _Pass, node: AccumulateGrad, g) -> None:
    """A leaf's node: its tensor hooks, capture, pre-hooks, ``.grad``, post-accumulate hooks,
    post-hooks (torch's order)."""
    var = node.variable
    cg = p.create_graph
    owned = p.owned.pop(node, False)
    if var._leaf_hooks:
        g = _run_tensor_hooks(var._leaf_hooks, g, cg)
        owned = False
    captures = p.captures.get(node)
    if captures:
        _capture(p, captures, [g])
    if p.needed is not None and node not in p.needed:
        return
    if node._pre_hooks:
        g = _pre_hooks(node, [g], cg)[0]
        owned = False
    if g is not None and p.accumulate:
        _accumulate(var, g, owned, cg)
    if var._post_acc_hooks:
        for hook in list(var._post_acc_hooks.values()):
            hook(var)
    if node._post_hooks:
        _post_hooks(node, (), [g], cg)


def _capture(p: _Pass, captures: list, gs: list) -> None:
    for pos, nr in captures:
        p.captured[pos] = gs[nr]


def _materialize(node, gs: list, xp) -> list:
    """The formula's view of a multi-output node's gradients: zeros for outputs that got none
    (None instead when a custom Function turned materialize_grads off)."""
    if not node.materialize_grads:
        return list(gs)
    return [xp.zeros(*m) if x is None and m is not None else x for x, m in zip(gs, node._out_meta)]


def _add(buffers: dict, node, nr: int, g) -> None:
    """Add gradient ``g`` for output ``nr`` of ``node`` to its buffer: a list with a slot per
    output for a node with several (whose output 0's gradient may have been kept bare so far)."""
    prev = buffers.get(node)
    meta = node._out_meta
    if meta is None:
        buffers[node] = g if prev is None else prev + g
        return
    if type(prev) is not list:
        prev = buffers[node] = [prev] + [None] * (len(meta) - 1)
    old = prev[nr]
    prev[nr] = g if old is None else old + g


# ----------------------------------------------------------------------------------------------
# counting and pruning
def _count(p: _Pass) -> None:
    """Count the edges into every node reachable from the roots (iteratively)."""
    deps = p.deps
    stack = list(p.buffers)
    pop, push, get = stack.pop, stack.append, deps.get
    while stack:
        node = pop()
        nexts = node._next1       # edges_of(node), inlined: every node of the graph passes here
        for nxt in node._nexts if nexts is _GENERAL else (node._next0, nexts):
            if nxt is not None and nxt is not _UNARY:
                d = get(nxt)
                if d is None:
                    deps[nxt] = 1
                    push(nxt)
                else:
                    deps[nxt] = d + 1


def _plan(p: _Pass, capture: list) -> None:
    """torch's exec_info: which nodes run. A capture target runs (its hooks, then its gradient
    is captured); a node runs its formula when it leads to a target, or is one and ``accumulate``
    (backward(inputs=)); the rest never run."""
    for pos, (node, nr) in enumerate(capture):
        p.captures.setdefault(node, []).append((pos, nr))
    counts = dict(p.deps)               # topological order by Kahn's algorithm on a copy of the counts
    order = []
    ready = [n for n in p.buffers if n not in counts]
    while ready:
        node = ready.pop()
        order.append(node)
        nexts = node._next1       # _next_nodes(node), inlined (twice per node of the graph)
        for nxt in node._nexts if nexts is _GENERAL else (node._next0, nexts):
            if nxt is not None and nxt is not _UNARY:
                counts[nxt] -= 1
                if not counts[nxt]:
                    ready.append(nxt)
    targets = p.captures
    leads = set()
    for node in reversed(order):
        nexts = node._next1
        for nxt in node._nexts if nexts is _GENERAL else (node._next0, nexts):
            if nxt is not None and nxt is not _UNARY and (nxt in leads or nxt in targets):
                leads.add(node)
                break
    p.needed = leads | set(targets) if p.accumulate else leads
    p.execute = leads | set(targets)
    p.simple = p.needed - set(targets)


# ----------------------------------------------------------------------------------------------
# hooks and .grad
def _hook_result(hook, value):
    out = hook(value)
    if out is None:
        return value
    if value is None:
        raise RuntimeError("can't replace a None gradient with a non-None value")
    if not isinstance(out, Tensor):
        raise TypeError(f"expected Variable, but hook returned '{type(out).__name__}'")
    name = getattr(hook, "__name__", repr(hook))
    if out.shape != value.shape:
        raise RuntimeError(f"hook '{name}' has changed the size of value")
    if out.dtype is not value.dtype:
        raise RuntimeError(f"hook '{name}' has changed the type of value (was torch.{value.dtype._legacy} got "
                           f"torch.{out.dtype._legacy})")
    return out


def _wrap(g, create_graph: bool):
    return g if create_graph or g is None else make(np.asarray(g))


def _unwrap(t, create_graph: bool):
    return t if create_graph or t is None else t._data


def _run_tensor_hooks(hooks: dict, g, create_graph: bool):
    value = _wrap(g, create_graph)
    for hook in list(hooks.values()):
        value = _hook_result(hook, value)
    return _unwrap(value, create_graph)


def _tensor_pre_hooks(node, gs: list, create_graph: bool) -> None:
    """Each output's tensor hooks (outputs in the order they got their first hook), then
    retain_grad, as torch runs them; ``gs`` is updated in place."""
    if node._tensor_hooks:
        for nr, hooks in node._tensor_hooks.items():
            if hooks:
                gs[nr] = _run_tensor_hooks(hooks, gs[nr], create_graph)
    if node._retained:
        for nr, ref in node._retained.items():
            t = ref()
            if t is not None and gs[nr] is not None:
                _retain(t, gs[nr], create_graph)


def _retain(t: Tensor, g, create_graph: bool) -> None:
    if create_graph:
        t._grad = g if t._grad is None else t._grad + g
    else:
        g = np.asarray(g)
        t._grad = make(np.array(g, copy=True)) if t._grad is None else make(t._grad._data + g)


def _pre_hooks(node, gs: list, create_graph: bool) -> list:
    for hook in list(node._pre_hooks.values()):
        r = hook(tuple(_wrap(x, create_graph) for x in gs))
        if r is not None:
            gs = [_unwrap(x, create_graph) for x in r]
    return gs


def _post_hooks(node, grads, gs: list, create_graph: bool):
    gin = tuple(_wrap(x, create_graph) for x in grads)
    gout = tuple(_wrap(x, create_graph) for x in gs)
    for hook in list(node._post_hooks.values()):
        r = hook(gin, gout)
        if r is not None:
            if len(r) != len(gin):
                name = getattr(hook, "__name__", repr(hook))
                raise RuntimeError(f"hook '{name}' has returned an incorrect number of values "
                                   f"(got {len(r)}, but expected {len(gin)})")
            gin = tuple(r)
    return tuple(_unwrap(x, create_graph) for x in gin)


def _accumulate(var: Tensor, g, owned: bool, create_graph: bool) -> None:
    """Add ``g`` into ``var.grad``; ``owned``: no one else holds ``g``, so it may be kept as is.
    Atomic: backward passes in several threads into one leaf lose nothing (torch locks per leaf;
    one lock here, as NumPy's ``+=`` on a large array runs without the GIL)."""
    with _acc_lock:
        _accumulate_unlocked(var, g, owned, create_graph)


_acc_lock = threading.Lock()


def _accumulate_unlocked(var: Tensor, g, owned: bool, create_graph: bool) -> None:
    old = var._grad
    if create_graph:
        var._grad = zeros_like_copy(var, g) if old is None else old + g
        return
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


def warn_create_graph_backward() -> None:
    warnings.warn(
        "Using backward() with create_graph=True will create a reference cycle between the parameter and its "
        "gradient which can cause a memory leak. We recommend using autograd.grad when creating the graph to avoid "
        "this. If you have to use this function, make sure to reset the .grad fields of your parameters to None "
        "after use to break the cycle and avoid the leak.", UserWarning, stacklevel=4)
