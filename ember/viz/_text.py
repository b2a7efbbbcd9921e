"""``to_text``: the graph as a Unicode tree, for terminals.

Each output is a tree read downwards from the output to the leaves (the way the gradient flows).
A node used by several others is drawn once, tagged ``#k``; later uses say ``↪ see #k``. A branch
that would be indented past ``max_indent`` columns goes on as its own tree below, so the output
stays linear in the size of the graph (no recursion, bounded line width).
"""
from __future__ import annotations

from collections import deque

from ._model import LEAF, OP, OUTPUT, SAVED, Graph

_KIND_WORD = {LEAF: "leaf", OUTPUT: "output", SAVED: "saved"}


def _label(g: Graph, v: int) -> str:
    node = g.nodes[v]
    parts = [node.title]
    word = _KIND_WORD.get(node.kind)
    if word and node.title != word:
        parts.append(word)
    parts += node.lines
    if g.flow_known and node.flowed:
        parts.append("✓")
    return "  ".join(parts)


def render_text(g: Graph, max_indent: int = 48) -> str:
    """The Unicode tree of ``g``; see :func:`ember.viz.to_text`."""
    shared = [c > 1 for c in g.consumers()]
    refs: dict[int, int] = {}           # node -> its #k tag
    done = [False] * len(g.nodes)
    trees: deque = deque(g.roots)       # tops of the trees still to draw
    lines: list[str] = []

    def ref(v: int) -> int:
        if v not in refs:
            refs[v] = len(refs) + 1
        return refs[v]

    while trees:
        top = trees.popleft()
        if done[top]:
            continue
        if lines:
            lines.append("")
        stack = [(top, "", "")]         # (node, its line's lead, the lead of its children's lines)
        while stack:
            v, lead, cont = stack.pop()
            if done[v]:
                lines.append(f"{lead}↪ see #{ref(v)} {g.nodes[v].title}")
                continue
            if lead and len(cont) > max_indent and g.inputs(v):     # (a leaf adds no depth: drawn here)
                lines.append(f"{lead}↪ see #{ref(v)} {g.nodes[v].title} (continued below)")
                trees.append(v)
                continue
            done[v] = True
            tag = f"#{ref(v)} " if (shared[v] or v in refs) else ""
            lines.append(lead + tag + _label(g, v))
            ins = g.inputs(v)
            for k in range(len(ins) - 1, -1, -1):
                last = k == len(ins) - 1
                saved = f"(saved {ins[k].label}) " if ins[k].kind == "saved" else ""
                stack.append((ins[k].src, cont + ("└─ " if last else "├─ ") + saved, cont + ("   " if last else "│  ")))
    if g.flow_known and any(n.flowed for n in g.nodes if n.kind == OP):
        lines.append("")
        lines.append("✓ a gradient flowed through this node in backward()")
    return "\n".join(lines) + "\n"
