"""The one data structure every renderer draws: :class:`Graph`, built by :func:`graph`.

:func:`graph` walks the autograd graph the way torch exposes it (``grad_fn``, ``next_functions``,
``AccumulateGrad.variable``, ``_saved_*`` attributes), iteratively, so a 100,000-node chain is as
easy as a three-node one. Edges point the way the forward pass ran: from an input to the node that
used it (the gradient flows back along them).
"""
from __future__ import annotations

import gc
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

import ember

__all__ = ["Graph", "VizNode", "VizEdge", "graph", "LEAF", "OP", "OUTPUT", "SAVED", "MORE", "KINDS"]

LEAF, OP, OUTPUT, SAVED, MORE = "leaf", "op", "output", "saved", "more"
# what the legend calls each kind, in the article's words
KINDS = {LEAF: "leaf (input variable)", OP: "intermediate (grad_fn)", OUTPUT: "output",
         SAVED: "saved tensor", MORE: "hidden (max_depth)"}


@dataclass(eq=False, slots=True)
class VizNode:
    """One box of the picture.

    ``name`` is torch's name for what the box stands for (``MulBackward0``, ``AccumulateGrad``,
    ``Tensor``); ``title`` is its first line (the op name, or a parameter name such as ``fc1.weight``);
    ``lines`` are the details asked for (shape and dtype, values, grad, saved values). ``count`` > 1
    when a chain of identical nodes was collapsed into this one. ``obj`` is the ``grad_fn`` or tensor.
    """

    id: int
    kind: str
    name: str
    title: str
    lines: list[str] = field(default_factory=list)
    count: int = 1
    flowed: bool = False
    obj: Any = None

    def label_lines(self) -> list[str]:
        return [self.title] + self.lines


@dataclass(eq=False, slots=True)
class VizEdge:
    """``src`` was an input of ``dst`` (``kind`` "data"), or was saved by it (``kind`` "saved")."""

    src: int
    dst: int
    kind: str = "data"
    flowed: bool = False
    label: str = ""     # a saved edge: which value (``self``, ``other``, ``result``...)


class Graph:
    """An autograd graph, ready to draw: ``nodes``, ``edges`` and the ``roots`` (the tensors asked for).

    ``print(g)`` shows the text tree; in Jupyter the object shows itself as SVG. See
    :meth:`to_text`, :meth:`to_dot`, :meth:`to_svg` and :meth:`save`.
    """

    def __init__(self, nodes: list[VizNode], edges: list[VizEdge], roots: list[int], legend: bool = True,
                 flow_known: bool = False) -> None:
        self.nodes = nodes
        self.edges = edges
        self.roots = roots
        self.legend = legend
        self.flow_known = flow_known    # a backward() filled some leaf's .grad: flowed marks mean something
        self._inputs: list[list[VizEdge]] | None = None

    # -- structure -------------------------------------------------------------------------------
    def inputs(self, node_id: int) -> list[VizEdge]:
        """The edges into ``node_id`` (its inputs, in ``next_functions`` order, then saved values)."""
        if self._inputs is None:
            ins: list[list[VizEdge]] = [[] for _ in self.nodes]
            for e in self.edges:
                ins[e.dst].append(e)
            self._inputs = ins
        return self._inputs[node_id]

    def consumers(self) -> list[int]:
        """How many edges leave each node (how many nodes used it)."""
        out = [0] * len(self.nodes)
        for e in self.edges:
            out[e.src] += 1
        return out

    def depths(self) -> list[int]:
        """Each node's longest distance from a node nobody consumes (the outputs): 0 for outputs."""
        n = len(self.nodes)
        pending = self.consumers()
        depth = [0] * n
        ready = deque(i for i in range(n) if pending[i] == 0)
        while ready:
            v = ready.popleft()
            for e in self.inputs(v):
                if depth[e.src] < depth[v] + 1:
                    depth[e.src] = depth[v] + 1
                pending[e.src] -= 1
                if pending[e.src] == 0:
                    ready.append(e.src)
        return depth

    def __len__(self) -> int:
        return len(self.nodes)

    def __repr__(self) -> str:
        return f"<ember.viz.Graph: {len(self.nodes)} nodes, {len(self.edges)} edges>"

    # -- renderers (each in its own module) ---------------------------------------------------------
    def to_text(self, **kwargs) -> str:
        """The graph as a Unicode tree; see :func:`ember.viz.to_text`."""
        from ._text import render_text  # deferred: the renderers import this module
        return render_text(self, **kwargs)

    def to_dot(self, **kwargs) -> str:
        """The graph as Graphviz DOT text; see :func:`ember.viz.to_dot`."""
        from ._dot import render_dot  # deferred: the renderers import this module
        return render_dot(self, **kwargs)

    def to_svg(self, **kwargs) -> str:
        """The graph as an SVG document; see :func:`ember.viz.to_svg`."""
        from ._svg import render_svg  # deferred: the renderers import this module
        return render_svg(self, **kwargs)

    def save(self, path, **kwargs) -> str:
        """Write the picture to ``path`` (``.svg``, ``.dot``, ``.txt`` or ``.png``); returns the path."""
        from ._dot import save_graph  # deferred: the renderers import this module
        return save_graph(self, path, **kwargs)

    def __str__(self) -> str:
        return self.to_text()

    def _repr_svg_(self) -> str:
        return self.to_svg()

    def _repr_html_(self) -> str:
        return f'<div style="overflow:auto">{self.to_svg()}</div>'


# ----------------------------------------------------------------------------------------------
# describing tensors
def _fmt_number(v) -> str:
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


def _fmt_values(values) -> str:
    if isinstance(values, list):
        return "[" + ", ".join(_fmt_values(v) for v in values) + "]"
    return _fmt_number(values)


def _shape(t) -> str:
    return "(" + ", ".join(str(s) for s in t.shape) + ("," if len(t.shape) == 1 else "") + ")"


def _dtype(t) -> str:
    return str(t.dtype).replace("torch.", "")


def _describe(t, opts: dict) -> list[str]:
    """The detail lines of a tensor's box."""
    lines = []
    if opts["show_shapes"]:
        lines.append(f"{_shape(t)} {_dtype(t)}")
    small = t.numel() <= opts["value_limit"]
    if opts["show_values"] and small:
        lines.append("value " + _fmt_values(t.detach().tolist()))
    if opts["show_requires_grad"]:
        lines.append(f"requires_grad={t.requires_grad}")
    if opts["show_values"] and t.is_leaf:
        g = t.grad
        if g is not None and g.numel() <= opts["value_limit"]:
            lines.append("grad " + _fmt_values(g.tolist()))
    return lines


def is_tensor(t) -> bool:
    """An ember Tensor, or a tensor like one (torch's: the walk reads only what both expose)."""
    return isinstance(t, ember.Tensor) or all(hasattr(t, a) for a in ("grad_fn", "requires_grad", "shape", "is_leaf"))


def _param_names(params) -> dict[int, str]:
    """id(tensor) -> name, from a mapping, (name, tensor) pairs, or a module's named_parameters()."""
    if params is None:
        return {}
    if hasattr(params, "named_parameters"):
        params = params.named_parameters()
    items = params.items() if isinstance(params, Mapping) else params
    names: dict[int, str] = {}
    for name, t in items:
        if not is_tensor(t):
            raise TypeError(f"params: expected a Tensor for {name!r}, got {type(t).__name__}")
        names.setdefault(id(t), str(name))
    return names


# ember's nodes do not list their _saved_<name> attributes in dir() (torch's do); the names are on
# the class. Read both, so this works on either.
_NOT_SAVED = {"_saved", "_saved_names", "_saved_src", "_saved_out_nr"}


def _saved_attrs(fn) -> list[str]:
    names = [a for a in dir(fn) if a.startswith("_saved_") and a not in _NOT_SAVED]
    for key in tuple(getattr(type(fn), "_saved_names", ())) + tuple(getattr(type(fn), "_param_names", ())):
        if "_saved_" + key not in names:
            names.append("_saved_" + key)
    return names


def _flatten_roots(roots) -> list:
    out = []
    for r in roots:
        if isinstance(r, (list, tuple)):
            out.extend(_flatten_roots(r))
        elif isinstance(r, Mapping):
            out.extend(_flatten_roots(list(r.values())))
        else:
            out.append(r)
    return out


# ----------------------------------------------------------------------------------------------
def graph(*roots, params=None, show_shapes: bool = True, show_values: bool = True, value_limit: int = 6,
          show_requires_grad: bool = False, show_saved: bool = False, show_flow: bool = True,
          max_depth: int | None = None, collapse: bool = True, collapse_min: int = 4,
          legend: bool = True) -> Graph:
    r"""Walk the autograd graph behind ``roots`` into a :class:`Graph`, ready to draw.

    Args:
        roots: the tensors whose graph to draw (outputs; lists and tuples of tensors are flattened).
            The walk reads only what torch exposes too, so real torch tensors can be drawn as well.
        params: names for tensors: a dict ``{name: tensor}``, ``(name, tensor)`` pairs, or a module
            (its ``named_parameters()``). Named leaves and outputs show their names.
        show_shapes: show each tensor's shape and dtype.
        show_values: show the values (and ``.grad``) of tensors with at most ``value_limit`` elements.
        show_requires_grad: show each tensor's ``requires_grad``.
        show_saved: show what each node saved for backward (``grad_fn._saved_*``): tensors as their
            own boxes linked by dashed edges, other values (``dim``, ``alpha``...) as lines of the box.
        show_flow: after ``backward()``, mark the nodes and edges a gradient flowed through (those
            leading to a leaf whose ``.grad`` is set).
        max_depth: draw nodes at most this many steps from the outputs; deeper ones become one
            "hidden" box per cut.
        collapse: fold a chain of ``collapse_min`` or more identical single-input nodes into one box
            (``MulBackward0 × 1000``).
        legend: draw a legend of the node kinds (SVG and DOT).

    Example::

        >>> w = torch.tensor([0.5, -1.], requires_grad=True)
        >>> z = w * torch.tensor([1., 2.])
        >>> print(ember.viz.graph(z, params={"w": w, "z": z}))
        z  output  (2,) float32  value [0.5, -2]
        └─ MulBackward0
           └─ w  leaf  (2,) float32  value [0.5, -1]
    """
    # the walk makes a few objects per node and frees none: with the cyclic GC on, each collection
    # re-traverses the whole (large) graph, which made a 100,000-node walk several times slower
    paused = gc.isenabled()
    gc.disable()
    try:
        return _walk(roots, params, dict(show_shapes=show_shapes, show_values=show_values, value_limit=value_limit,
                                         show_requires_grad=show_requires_grad),
                     show_saved, show_flow, max_depth, collapse, collapse_min, legend)
    finally:
        if paused:
            gc.enable()


def _walk(roots, params, opts, show_saved, show_flow, max_depth, collapse, collapse_min, legend) -> Graph:
    names = _param_names(params)
    nodes: list[VizNode] = []
    edges: list[VizEdge] = []
    root_ids: list[int] = []
    leaf_of: dict[int, int] = {}       # id(leaf tensor) -> node id
    fn_ids: dict[int, int] = {}        # id(grad_fn) -> node id
    keep: list = []                    # what fn_ids' keys are ids of, kept alive during the walk
    queue: deque = deque()             # (grad_fn, node id, depth)

    def add(kind: str, name: str, title: str, lines: list[str], obj) -> int:
        nodes.append(VizNode(len(nodes), kind, name, title, lines, obj=obj))
        return len(nodes) - 1

    def leaf_node(t) -> int:
        i = leaf_of.get(id(t))
        if i is None:
            i = add(LEAF, "AccumulateGrad" if t.requires_grad else "Tensor", names.get(id(t), "leaf"),
                    _describe(t, opts), t)
            leaf_of[id(t)] = i
        return i

    def fn_node(fn, depth: int) -> int:
        i = fn_ids.get(id(fn))
        if i is None:
            name = type(fn).__name__
            if name == "AccumulateGrad":
                i = leaf_node(fn.variable)
            else:
                i = add(OP, name, name, [], fn)
                queue.append((fn, i, depth))
            fn_ids[id(fn)] = i
            keep.append(fn)
        return i

    tensors = _flatten_roots(roots)
    if not tensors:
        raise ValueError("ember.viz.graph() needs at least one tensor")
    for k, t in enumerate(tensors):
        if not is_tensor(t):
            raise TypeError(f"ember.viz.graph(): expected Tensors, got {type(t).__name__}")
        if t.grad_fn is None:           # a leaf (or a constant): it is its own graph
            root_ids.append(leaf_node(t))
            continue
        title = names.get(id(t), "output" if len(tensors) == 1 else f"output {k}")
        out = add(OUTPUT, "Tensor", title, _describe(t, opts), t)
        root_ids.append(out)
        edges.append(VizEdge(fn_node(t.grad_fn, 1), out))

    while queue:
        fn, i, depth = queue.popleft()
        children = [(child, nr) for child, nr in fn.next_functions if child is not None]
        if max_depth is not None and depth >= max_depth and children:
            hidden = add(MORE, "…", "⋯", [f"deeper than max_depth={max_depth}"], None)
            edges.append(VizEdge(hidden, i))
            continue
        for child, _ in children:
            edges.append(VizEdge(fn_node(child, depth + 1), i))
        if show_saved:
            _add_saved(fn, i, nodes, edges, names, leaf_of, opts, add)

    g = Graph(nodes, edges, root_ids, legend=legend)
    if show_flow:
        _mark_flow(g)
    if collapse:
        g = _collapse_chains(g, collapse_min)
    return g


def _add_saved(fn, i: int, nodes, edges, names, leaf_of, opts, add) -> None:
    """The values node ``i`` (grad_fn ``fn``) saved: tensor boxes and dashed edges, or lines."""
    for attr in _saved_attrs(fn):
        key = attr[len("_saved_"):]
        try:
            value = getattr(fn, attr)
        except RuntimeError:            # freed by backward() (retain_graph=False)
            nodes[i].lines.append(f"{key}: freed")
            continue
        except AttributeError:
            continue
        except Exception as e:          # a picture is no place to fail: say what happened
            nodes[i].lines.append(f"{key}: unreadable ({type(e).__name__})")
            continue
        if is_tensor(value):
            j = leaf_of.get(id(value))
            if j is None:
                if value.is_leaf and id(value) in names:   # a named constant: the article's leaf x
                    j = add(LEAF, "Tensor", names[id(value)], _describe(value, opts), value)
                    leaf_of[id(value)] = j
                else:
                    j = add(SAVED, "Tensor", key, _describe(value, opts), value)
            edges.append(VizEdge(j, i, "saved", label=key))
        elif isinstance(value, (tuple, list)) and any(is_tensor(v) for v in value):
            nodes[i].lines.append(f"{key}: {len(value)} tensors")
        elif value is not None:
            text = _fmt_values(list(value)) if isinstance(value, (tuple, list)) else str(value)
            text = " ".join(text.split())           # one line, whatever the value's str() is
            nodes[i].lines.append(f"{key} = {text if len(text) <= 40 else text[:39] + '…'}")


def _mark_flow(g: Graph) -> None:
    """Flowed: a leaf whose .grad is set, and every node with a data edge from a flowed node."""
    depth = g.depths()
    order = sorted(range(len(g.nodes)), key=depth.__getitem__, reverse=True)   # inputs first
    for v in order:
        node = g.nodes[v]
        if node.kind == LEAF:
            t = node.obj
            node.flowed = t.requires_grad and t.grad is not None
            g.flow_known = g.flow_known or node.flowed
        else:
            for e in g.inputs(v):
                if e.kind == "data" and g.nodes[e.src].flowed:
                    node.flowed = e.flowed = True


def _collapse_chains(g: Graph, minimum: int) -> Graph:
    """Fold runs of ``minimum`` or more op nodes of one name, each the sole input of the next."""
    n = len(g.nodes)
    consumers = g.consumers()
    below = [-1] * n                    # below[v] = u: u is v's only input, v is u's only consumer, same name
    for v in range(n):
        node = g.nodes[v]
        ins = g.inputs(v)
        if node.kind == OP and len(ins) == 1 and ins[0].kind == "data":
            u = ins[0].src
            un = g.nodes[u]
            if un.kind == OP and un.name == node.name and consumers[u] == 1 and un.lines == node.lines:
                below[v] = u
    has_above = [False] * n
    for v in range(n):
        if below[v] >= 0:
            has_above[below[v]] = True
    removed = [False] * n
    redirect = list(range(n))           # a removed node's edges now belong to its chain's head
    for v in range(n):
        if below[v] < 0 or has_above[v]:
            continue
        chain = [v]
        while below[chain[-1]] >= 0:
            chain.append(below[chain[-1]])
        if len(chain) < minimum:
            continue
        head = g.nodes[v]
        head.count = len(chain)
        head.title = f"{head.name} × {len(chain)}"
        head.flowed = all(g.nodes[c].flowed for c in chain)
        for c in chain[1:]:
            removed[c] = True
            redirect[c] = v
    if not any(removed):
        return g
    new_id = [-1] * n
    nodes: list[VizNode] = []
    for v in range(n):
        if not removed[v]:
            new_id[v] = len(nodes)
            g.nodes[v].id = len(nodes)
            nodes.append(g.nodes[v])
    edges: list[VizEdge] = []
    for e in g.edges:
        src, dst = redirect[e.src], redirect[e.dst]
        if src == dst:                  # an edge inside a folded chain
            continue
        e.src, e.dst = new_id[src], new_id[dst]
        edges.append(e)
    return Graph(nodes, edges, [new_id[r] for r in g.roots], legend=g.legend, flow_known=g.flow_known)


def as_graph(objs: Iterable, kwargs: dict) -> Graph:
    """A Graph given as is, or made from tensors with ``kwargs`` (the renderers' first argument)."""
    objs = list(objs)
    if len(objs) == 1 and isinstance(objs[0], Graph):
        if kwargs:
            raise TypeError(f"options {sorted(kwargs)} apply when building a graph, not to a built Graph")
        return objs[0]
    return graph(*objs, **kwargs)
