"""Graph nodes: what ``grad_fn`` holds.

A :class:`Node` is both the record of one op in the graph and that op's definition: its
``forward`` (on NumPy arrays) and ``backward`` (one formula for both engine modes) sit side by
side in a subclass named as torch names the node (``MulBackward0``, ...). ``next_functions``
links a node to the nodes of its inputs: ``(node, 0)`` pairs, ``AccumulateGrad`` for leaves that
require grad, ``(None, 0)`` for inputs that don't.
"""
from __future__ import annotations

import itertools
import re
import sys
from typing import TYPE_CHECKING, Callable
import weakref

from .utils.hooks import RemovableHandle

if TYPE_CHECKING:
    from ._tensor import Tensor

__all__ = ["Node", "AccumulateGrad", "UNARY", "GENERAL", "edges_of", "set_edges", "accumulate_grad_node", "next_seq",
           "move_retained", "forward_name", "output_nr_in"]

# torch numbers nodes per thread as they are made and runs the newest ready node first; one counter
# serves all threads here (only the order between nodes of one graph matters). (count() with its
# default step: any other step takes itertools' slow path, +220 instructions per recorded op.)
next_seq = itertools.count().__next__


class FirstKey:
    """An AccumulateGrad's sequence number: after every number, tied with the other
    AccumulateGrads (torch gives them all UINT64_MAX). The engine's queue is keyed on ``-seq``;
    negated, it stays itself and comes before every key. One per node: two are never equal, so
    comparing ``(key, node)`` entries never reaches the nodes."""

    __slots__ = ()

    def __neg__(self) -> "FirstKey":
        return self

    def __lt__(self, other) -> bool:
        return type(other) is not FirstKey

    def __gt__(self, other) -> bool:
        return False

    def __eq__(self, other) -> bool:
        return False

    __hash__ = object.__hash__

FREED_MESSAGE = (
    "Trying to backward through the graph a second time (or directly access saved tensors after they have "
    "already been freed). Saved intermediate values of the graph are freed when you call .backward() or "
    "autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if "
    "you need to access saved tensors after calling backward. (ember: if this graph is reused on purpose, e.g. a "
    "hidden state carried across iterations, detach() it at the iteration boundary instead of retaining the graph.)")


# ``_next1`` of a node with a single input (so ``next_functions`` has one entry, not two), and of a
# node whose edges are in ``_nexts`` / ``_nrs``. Every node sets ``_next1``: a slot, which CPython
# reads fast, where a class-level default is a full lookup each time (+6% instructions on an HVP).
UNARY = type("UnaryInput", (), {"__slots__": (), "__repr__": lambda self: "UNARY"})()
GENERAL = type("GeneralEdges", (), {"__slots__": (), "__repr__": lambda self: "GENERAL"})()


def edges_of(node) -> tuple:
    """``node.next_functions``: its ``(node, output_nr)`` edges, built from the two slots that hold
    the common case (one or two inputs, each output 0 of its node) or from ``_nexts`` / ``_nrs``.
    (The engine's loops inline this.)"""
    n1 = node._next1
    if n1 is GENERAL:
        return tuple(zip(node._nexts, node._nrs))
    return ((node._next0, 0),) if n1 is UNARY else ((node._next0, 0), (n1, 0))


def set_edges(node, edges) -> None:
    """Store ``(node, output_nr)`` ``edges`` in the node's two slots when they fit (one or two
    inputs, each output 0), else as ``_nexts`` (the nodes) and ``_nrs`` (the output numbers)."""
    edges = tuple(edges)
    n = len(edges)
    if n == 1 and not edges[0][1]:
        node._next0, node._next1 = edges[0][0], UNARY
    elif n == 2 and not edges[0][1] and not edges[1][1]:
        node._next0, node._next1 = edges[0][0], edges[1][0]
    else:
        node._next0, node._next1 = None, GENERAL
        nexts, nrs, needs = [], [], []
        for fn, nr in edges:
            nexts.append(fn)
            nrs.append(nr)
            needs.append(fn is not None)
        node._nexts, node._nrs, node._needs = tuple(nexts), tuple(nrs), tuple(needs)


class Node:
    """Base of every backward node. Subclasses define ``forward(ctx, *arrays, *params)`` and
    ``backward(ctx, grad, F)``; see ``ember/ops``.

    Edges: an op with one or two inputs, each output 0 of its node (nearly every recorded op),
    keeps the nodes themselves in ``_next0`` / ``_next1`` (``UNARY`` when there is no second
    input) and ``next_functions`` is built when read; any other node has ``_next1 = GENERAL``
    and keeps a tuple of nodes in ``_nexts`` and one of output numbers in ``_nrs``. A tuple of
    pairs per node was two more objects for Python's cyclic collector to track for as long as the
    graph lives (benchmarks/run.py, workload 7: the cost per op grew with the graph's size).
    """

    __slots__ = ("_next0", "_next1", "_in_meta", "_seq", "__dict__", "__weakref__")

    # rarely-set attributes live in the instance __dict__ (created only when set); these are
    # the defaults, so the engine reads them at the cost of an attribute lookup
    _nexts = ()                # _next1 is GENERAL: the edges' nodes as a tuple
    _nrs = ()                  # ... and their output numbers
    _needs = ()                # ... and whether each needs a gradient (needs_input_grad)
    _saved = ()                # what forward saved; None once freed
    _saved_src = ()            # (index, tensor or None for the output, version counter, version) entries; or,
    #                            when the node saved its output alone (tanh, exp...), that output's version
    #                            counter itself (a dict {0: version, 1: where}: saved value 0, at version 0),
    #                            so no tuple is kept, and nothing the cyclic collector tracks
    _out_meta = None           # several outputs: each one's (shape, dtype), None for a non-tensor slot
    # the engine's fast path takes a node unless this is set: any of the four hook fields below
    # set, or a node that is not plain (several outputs, AccumulateGrad); one check per node
    _general = False
    _pre_hooks = None          # dict id -> fn(grad_outputs)
    _post_hooks = None         # dict id -> fn(grad_inputs, grad_outputs)
    _tensor_hooks = None       # dict output_nr -> {id -> fn(grad)}: hooks registered on output tensors
    _retained = None           # dict output_nr -> weakref to an output tensor that called retain_grad()
    _anomaly_trace = None
    _output_fn = None          # set when the output was written into a view: the view's grad_fn
    multi_view = False         # one of several views returned together (split, unbind): no in-place
    materialize_grads = True   # several outputs: those that got no gradient get zeros (else None)
    runs_without_grad = False  # backward runs even when no gradient reached the node (custom Functions)

    # -- introspection, as torch's nodes offer it ---------------------------------------------
    @property
    def next_functions(self) -> tuple:
        return edges_of(self)

    @next_functions.setter
    def next_functions(self, edges) -> None:
        set_edges(self, edges)

    def name(self) -> str:
        return type(self).__name__

    @property
    def metadata(self) -> dict:
        d = self.__dict__.get("_metadata")
        if d is None:
            d = self.__dict__["_metadata"] = {}
        return d

    @property
    def needs_input_grad(self) -> tuple:
        n1 = self._next1
        if n1 is GENERAL:
            return self._needs
        return (self._next0 is not None,) if n1 is UNARY else (self._next0 is not None, n1 is not None)

    @property
    def requires_grad(self) -> bool:
        return True

    def _sequence_nr(self) -> int:
        """The node's sequence number: the engine runs the highest ready one first."""
        return 2 ** 64 - 1 if type(self._seq) is FirstKey else self._seq

    def register_hook(self, fn: Callable) -> RemovableHandle:
        """Post-hook ``fn(grad_inputs, grad_outputs)``; may return replacement grad_inputs."""
        if self._post_hooks is None:
            self._post_hooks = {}
            self._general = True
        h = RemovableHandle(self._post_hooks)
        self._post_hooks[h.id] = fn
        return h

    def register_prehook(self, fn: Callable) -> RemovableHandle:
        """Pre-hook ``fn(grad_outputs)``; may return replacement grad_outputs."""
        if self._pre_hooks is None:
            self._pre_hooks = {}
            self._general = True
        h = RemovableHandle(self._pre_hooks)
        self._pre_hooks[h.id] = fn
        return h

    def __repr__(self) -> str:
        return f"<{type(self).__name__} object at {hex(id(self))}>"

    def view_inplace_error(self, output_nr: int) -> RuntimeError:
        """torch's error for an in-place op on output ``output_nr``, a view this node returned."""
        return RuntimeError(
            f"Output {output_nr} of {forward_name(self)} is a view and is being modified inplace. This view is the "
            "output of a function that returns multiple views. Such functions do not allow the output views to be "
            "modified inplace. You should replace the inplace operation by an out-of-place one.")

    # -- the op definition interface ----------------------------------------------------------
    def save(self, *values) -> None:
        """Save arrays (inputs, the output, or intermediates) for backward."""
        self._saved = values


class _NoRecord:
    """Stands in for the node when nothing is recorded: forward's saves go nowhere."""

    __slots__ = ("__dict__",)
    next_functions = ()
    needs_input_grad = (False,) * 8

    def save(self, *values) -> None:
        pass


NO_RECORD = _NoRecord()


class AccumulateGrad(Node):
    """The node of a leaf that requires grad: adds incoming gradients into ``variable.grad``."""

    __slots__ = ("variable",)
    _general = True

    def name(self) -> str:
        return "torch::autograd::AccumulateGrad"


_object_new = object.__new__


def accumulate_grad_node(t: "Tensor") -> AccumulateGrad:
    """Leaf ``t``'s AccumulateGrad node, cached while it lives (torch's identity semantics)."""
    ref = t._accum_ref
    node = ref() if ref is not None else None
    if node is None:
        node = _object_new(AccumulateGrad)
        node._seq = FirstKey()              # runs as soon as it is ready
        node._next0, node._next1 = None, GENERAL   # no edges
        node._in_meta = ()
        node.variable = t
        t._accum_ref = weakref.ref(node)
    return node


def forward_name(node) -> str:
    """The forward op a node belongs to, as torch names it in errors: SigmoidBackward0 -> Sigmoid,
    PowBackward1 -> Pow1, a custom ExpBackward -> Exp; special nodes keep their full name."""
    name = node.name()
    m = re.fullmatch(r"(.*)Backward(\d*)", name)
    if m is None or name.startswith("torch::"):
        return name
    return m.group(1) + ("" if m.group(2) in ("", "0") else m.group(2))


def output_nr_in(t: "Tensor", node: Node) -> int:
    """Which output of ``node`` tensor ``t`` is (0 unless ``node`` has several)."""
    return t._output_nr if node._out_meta is not None else 0


def move_retained(t: "Tensor", old: Node | None, new: Node, new_nr: int = 0) -> None:
    """retain_grad() follows tensor ``t`` from its old grad_fn to ``new`` (of which it becomes
    output ``new_nr``), after an in-place op, when a view is re-read from its base or a custom
    Function marks it dirty, as in torch. Called before ``t`` takes its new output number. (torch
    looks the hook up by the tensor's new number, so after an in-place op on output 1 of a custom
    Function it moves output 0's hook instead, and asserts when there is none: ember moves ``t``'s.)"""
    if old is None or not old._retained or not t._retains_grad:
        return
    ref = old._retained.pop(output_nr_in(t, old), None)
    if ref is not None:
        if new._retained is None:
            new._retained = {}
        new._retained[new_nr] = ref
        new._general = True


class _Location:
    """Where user code called an in-place op (a code object and its last instruction), formatted as
    ``file:line`` only when an error message names it: every in-place op records one (an optimizer step
    dozens), and finding the line scans the code's line table. Holds no frame, so no locals are kept."""

    __slots__ = ("code", "lasti")

    def __init__(self, code, lasti: int) -> None:
        self.code, self.lasti = code, lasti

    def __str__(self) -> str:
        line = None
        for start, end, n in self.code.co_lines():    # what frame.f_lineno computes, later
            if start <= self.lasti < end:
                line = n
                break
        return f"{self.code.co_filename}:{line}"

    __repr__ = __str__


# the globals of ember's modules met on the stack (kept, so no other dict can take an id here): a frame
# whose globals are one of them is ember's, decided with one lookup instead of a name check per frame
_EMBER_GLOBALS: dict[int, dict] = {}


def caller_location(depth: int = 1) -> _Location | None:
    """Where the first frame outside ember is (where user code called into it); ``str()`` of it is
    ``file:line``. ``depth``: how many frames up to start, those in between known to be ember's (each
    frame looked at costs about as much as a small in-place op's arithmetic)."""
    try:
        f = sys._getframe(depth)
    except ValueError:      # a stack shallower than the caller promised
        f = sys._getframe(1)
    known = _EMBER_GLOBALS
    while f is not None:
        g = f.f_globals
        if id(g) not in known:
            if not g.get("__name__", "").startswith("ember"):
                return _Location(f.f_code, f.f_lasti)
            known[id(g)] = g
        f = f.f_back
    return None
