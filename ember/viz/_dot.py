"""``to_dot``: the graph as Graphviz DOT text (pure Python, linear time), and writing files.

Graphviz itself is optional: when its ``dot`` program (or ``graphviz-pure``'s, from
``pip install 'ember[viz]'``) is on PATH it can lay out SVG and make PNG; without it SVG, DOT and
text still work.
"""
from __future__ import annotations

import os
import shutil
import sys
import subprocess

from ._model import KINDS, LEAF, MORE, OP, OUTPUT, SAVED, Graph

# fill, border, shape for each kind: the article's leaves / intermediates / outputs
STYLE = {
    LEAF: ("#d7ebfb", "#2f74b5", "ellipse"),
    OP: ("#eeeeee", "#6b6b6b", "box"),
    OUTPUT: ("#d3f2c9", "#2e8b2e", "box"),
    SAVED: ("#fde7c8", "#c77d18", "box"),
    MORE: ("#ffffff", "#999999", "box"),
}
FLOW_COLOR = "#d9480f"
PNG_HELP = ("drawing PNG needs a Graphviz renderer: install the extra with pip install 'ember[viz]' "
            "(graphviz-pure, pip only) or Graphviz's 'dot' program; .svg, .dot and .txt need nothing")


def _quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _node_attrs(node, flowed: bool) -> str:
    fill, line, shape = STYLE[node.kind]
    if flowed:
        line = FLOW_COLOR
    label = "\\n".join(x.replace("\\", "\\\\").replace('"', '\\"') for x in node.label_lines())
    style = "filled,rounded" if shape == "box" else "filled"
    if node.kind == SAVED or node.kind == MORE:
        style += ",dashed"
    attrs = f'label="{label}", shape={shape}, style="{style}", fillcolor="{fill}", color="{line}"'
    if node.kind == OUTPUT:
        attrs += ", penwidth=2"
    return attrs


def render_dot(g: Graph, name: str = "ember") -> str:
    """DOT text for ``g``; see :func:`ember.viz.to_dot`."""
    out = [f"digraph {_quote(name)} {{",
           '  graph [rankdir=TB, nodesep=0.3, ranksep=0.4, fontname="Helvetica"];',
           '  node [fontname="Courier", fontsize=11, margin="0.15,0.06"];',
           '  edge [color="#555555", arrowsize=0.7];']
    append = out.append
    for node in g.nodes:
        append(f"  n{node.id} [{_node_attrs(node, g.flow_known and node.flowed)}];")
    for e in g.edges:
        attrs = []
        if e.kind == "saved":
            attrs.append("style=dashed")
        if g.flow_known and e.flowed:
            attrs.append(f'color="{FLOW_COLOR}", penwidth=1.6')
        append(f"  n{e.src} -> n{e.dst}" + (f" [{', '.join(attrs)}];" if attrs else ";"))
    if g.legend:
        out += _legend(g)
    append("}")
    return "\n".join(out) + "\n"


def _legend(g: Graph) -> list[str]:
    present = {n.kind for n in g.nodes}
    kinds = [k for k in (LEAF, OP, OUTPUT, SAVED, MORE) if k in present or k in (LEAF, OP, OUTPUT)]
    lines = ['  subgraph cluster_legend {', '    label="legend"; fontsize=10; color="#bbbbbb";']
    for k in kinds:
        fill, line, shape = STYLE[k]
        style = "filled,rounded" if shape == "box" else "filled"
        lines.append(f'    legend_{k} [label={_quote(KINDS[k])}, shape={shape}, style="{style}", '
                     f'fillcolor="{fill}", color="{line}", fontsize=9];')
    if g.flow_known:
        lines.append(f'    legend_flow [label="gradient flowed", shape=plaintext, fontcolor="{FLOW_COLOR}", '
                     'fontsize=9];')
    lines.append("  }")
    return lines


# ----------------------------------------------------------------------------------------------
def find_renderer() -> str | None:
    """The Graphviz program on PATH (``dot``, or ``graphviz-pure`` from ``ember[viz]``), or None. The running
    interpreter's scripts folder counts too: a virtual environment's Python run without activating it."""
    scripts = os.path.dirname(sys.executable)
    for program in ("dot", "graphviz-pure"):
        path = shutil.which(program) or shutil.which(program, path=scripts)
        if path:
            return path
    return None


def run_graphviz(dot_text: str, fmt: str) -> bytes:
    """Lay out and render ``dot_text`` to ``fmt`` (``svg``, ``png``) with the Graphviz program."""
    program = find_renderer()
    if program is None:
        raise RuntimeError(PNG_HELP.replace("drawing PNG", f"rendering {fmt.upper()} through Graphviz"))
    done = subprocess.run([program, f"-T{fmt}"], input=dot_text.encode(), capture_output=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"{os.path.basename(program)} failed: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def save_graph(g: Graph, path, **kwargs) -> str:
    """Write ``g`` to ``path``, the format chosen by its suffix; returns the path as a string."""
    path = os.fspath(path)
    suffix = os.path.splitext(path)[1].lower()
    if suffix == ".svg":
        data = g.to_svg(**kwargs).encode()
    elif suffix in (".dot", ".gv"):
        data = g.to_dot(**kwargs).encode()
    elif suffix == ".txt":
        data = g.to_text(**kwargs).encode()
    elif suffix == ".png":
        if find_renderer() is None:
            raise RuntimeError(PNG_HELP)
        data = run_graphviz(g.to_dot(**kwargs), "png")
    else:
        raise ValueError(f"ember.viz.draw: cannot tell the format of {path!r}; use .svg, .dot, .txt or .png")
    with open(path, "wb") as f:
        f.write(data)
    return path
