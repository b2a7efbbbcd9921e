"""ember.viz: draw the computational graph, the picture the seed article explains autograd with.

``graph(*roots)`` walks ``grad_fn`` / ``next_functions`` / ``AccumulateGrad.variable`` (and, when
asked, the ``_saved_*`` values) into a :class:`Graph`; the renderers draw that one structure:

- :func:`to_text`: a Unicode tree for terminals;
- :func:`to_dot`: Graphviz DOT text;
- :func:`to_svg`: an SVG picture from ember's own layout (no dependency), or Graphviz's;
- :func:`draw`: writes ``.svg``, ``.dot``, ``.txt`` or (with a Graphviz renderer) ``.png``.

Leaves (input variables), intermediates (``grad_fn`` nodes) and outputs are drawn as the article
draws them: different colours and shapes, with a legend. Written against ember's public API only.
``docs/graphs.md`` shows the pictures.
"""
from __future__ import annotations

from ._dot import find_renderer
from ._model import KINDS, Graph, VizEdge, VizNode, as_graph, graph
from ._plot import line_plot

__all__ = ["graph", "Graph", "VizNode", "VizEdge", "to_text", "to_dot", "to_svg", "draw", "line_plot",
           "find_renderer", "KINDS"]


def to_text(*roots, max_indent: int = 48, **options) -> str:
    """The graph of ``roots`` as a Unicode tree, read from each output down to the leaves.

    A node used by several others is drawn once, tagged ``#k``; its other uses say ``↪ see #k``.
    Linear time, no recursion.

    Args:
        roots: tensors (the graph is built with :func:`graph` and ``options``) or one :class:`Graph`.
        max_indent: a branch indented past this many columns goes on as its own tree below.
        options: :func:`graph`'s keyword arguments (``params``, ``show_saved``, ``max_depth``...).
    """
    return as_graph(roots, options).to_text(max_indent=max_indent)


def to_dot(*roots, name: str = "ember", **options) -> str:
    """The graph of ``roots`` as Graphviz DOT text (pure Python, linear time).

    Args:
        roots: tensors (the graph is built with :func:`graph` and ``options``) or one :class:`Graph`.
        name: the DOT graph's name.
        options: :func:`graph`'s keyword arguments.
    """
    return as_graph(roots, options).to_dot(name=name)


def to_svg(*roots, renderer: str = "ember", **options) -> str:
    """The graph of ``roots`` as an SVG document.

    Args:
        roots: tensors (the graph is built with :func:`graph` and ``options``) or one :class:`Graph`.
        renderer: ``"ember"`` (the default: ember's own layered layout, always available) or
            ``"graphviz"`` (Graphviz's layout; needs ``dot`` or ``pip install 'ember[viz]'``).
        options: :func:`graph`'s keyword arguments.
    """
    return as_graph(roots, options).to_svg(renderer=renderer)


def draw(roots, path, **options) -> str:
    """Write the picture of ``roots``' graph to ``path``; the suffix picks the format.

    ``.svg`` (ember's layout), ``.dot``, ``.txt`` always work; ``.png`` needs a Graphviz renderer
    (``pip install 'ember[viz]'`` or Graphviz's ``dot``) and raises a RuntimeError naming it otherwise.

    Args:
        roots: a tensor, a list or tuple of tensors, or a :class:`Graph`.
        path: where to write (a string or path-like).
        options: :func:`graph`'s keyword arguments.

    Returns:
        the path written, as a string.
    """
    objs = roots if isinstance(roots, (list, tuple)) else [roots]
    return as_graph(objs, options).save(path)
