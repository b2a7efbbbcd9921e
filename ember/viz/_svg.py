"""``to_svg``: ember's own layered layout, written as SVG; no dependency.

The steps of a Sugiyama layout, each kept simple:
1. layers: each node's longest distance from the outputs (outputs at the bottom, inputs above the
   node that uses them);
2. edges spanning several layers get a dummy point in each layer between;
3. order within each layer: depth-first order first, then barycentre sweeps (each node moves to the
   mean position of its neighbours in the layer before), which removes most crossings;
4. x positions: each node pulled towards its neighbours' mean, then pushed apart left to right so
   no two boxes overlap;
5. edges as cubic curves through their dummy points.
Text is monospace and every line carries ``textLength``, so it fits its box in any font.
"""
from __future__ import annotations

from xml.sax.saxutils import escape

from ._dot import FLOW_COLOR, STYLE
from ._model import KINDS, LEAF, MORE, OP, OUTPUT, SAVED, Graph

FONT = 12.0                 # px
CHAR_W = 0.6 * FONT         # a monospace advance
LINE_H = 15.0
PAD_X, PAD_Y = 10.0, 7.0
GAP_X, GAP_Y = 22.0, 42.0   # between boxes in a layer; between layers
MARGIN = 16.0


def box_size(lines: list[str], kind: str) -> tuple[float, float]:
    h = len(lines) * LINE_H + 2 * PAD_Y
    pad = max(PAD_X, min(h / 2, 16.0)) if kind == LEAF else PAD_X   # leaves are round: more room at the sides
    return max(len(x) for x in lines) * CHAR_W + 2 * pad, h


def _layout(g: Graph):
    """Layers, order and coordinates: (x centre, y top, w, h) per real node and edge polylines."""
    n = len(g.nodes)
    depth = g.depths()
    levels = max(depth) + 1 if n else 1
    sizes = [box_size(node.label_lines(), node.kind) for node in g.nodes]
    # layered graph: real nodes 0..n-1, then dummies; ups = neighbours one layer deeper (inputs)
    layer = list(depth)
    ups: list[list[int]] = [[] for _ in range(n)]
    downs: list[list[int]] = [[] for _ in range(n)]
    routes = []                         # per edge: the layered-graph nodes it passes, from src to dst
    for e in g.edges:
        path = [e.src]
        for d in range(depth[e.src] - 1, depth[e.dst], -1):
            layer.append(d)
            ups.append([])
            downs.append([])
            path.append(len(layer) - 1)
        path.append(e.dst)
        for a, b in zip(path, path[1:]):    # a is one layer deeper than b
            ups[b].append(a)
            downs[a].append(b)
        routes.append((e, path))
    total = len(layer)
    # initial order: depth-first from the outputs, children in next_functions order
    rank: list[float] = [-1.0] * total
    counter = 0
    stack = list(reversed(g.roots)) + [v for v in range(n - 1, -1, -1) if depth[v] == 0]
    while stack:
        v = stack.pop()
        if rank[v] >= 0:
            continue
        rank[v] = counter
        counter += 1
        stack.extend(reversed(ups[v]))
    rows: list[list[int]] = [[] for _ in range(levels)]
    for v in sorted(range(total), key=rank.__getitem__):
        rows[layer[v]].append(v)
    pos = [0.0] * total

    def renumber(row):
        for i, v in enumerate(row):
            pos[v] = float(i)

    for row in rows:
        renumber(row)
    for sweep in range(8):              # barycentre: downwards from the outputs, then back up
        order = range(1, levels) if sweep % 2 == 0 else range(levels - 2, -1, -1)
        for d in order:
            row = rows[d]
            for v in row:
                nb = downs[v] if sweep % 2 == 0 else ups[v]
                if nb:
                    pos[v] = sum(pos[u] for u in nb) / len(nb)
            row.sort(key=pos.__getitem__)
            renumber(row)
    # x coordinates: pack, then relax towards neighbours while keeping order and separation
    width = [sizes[v][0] if v < n else 0.0 for v in range(total)]
    x = [0.0] * total
    for row in rows:
        cursor = 0.0
        for v in row:
            x[v] = cursor + width[v] / 2
            cursor += width[v] + GAP_X
        shift = -cursor / 2
        for v in row:
            x[v] += shift

    def separate(row, want):
        a = list(want)
        for i in range(1, len(row)):
            a[i] = max(a[i], a[i - 1] + (width[row[i - 1]] + width[row[i]]) / 2 + GAP_X)
        b = list(want)
        for i in range(len(row) - 2, -1, -1):
            b[i] = min(b[i], b[i + 1] - (width[row[i + 1]] + width[row[i]]) / 2 - GAP_X)
        c = [(p + q) / 2 for p, q in zip(a, b)]
        for i in range(1, len(row)):    # the average may squeeze: one more left-to-right pass
            c[i] = max(c[i], c[i - 1] + (width[row[i - 1]] + width[row[i]]) / 2 + GAP_X)
        for v, xv in zip(row, c):
            x[v] = xv

    for sweep in range(6):
        order = range(levels) if sweep % 2 == 0 else range(levels - 1, -1, -1)
        for d in order:
            row = rows[d]
            want = []
            for v in row:
                nb = ups[v] + downs[v]
                want.append(sum(x[u] for u in nb) / len(nb) if nb else x[v])
            separate(row, want)
    # y: layer bands, the deepest at the top
    band_h = [0.0] * levels
    for v in range(n):
        band_h[layer[v]] = max(band_h[layer[v]], sizes[v][1])
    top = [0.0] * levels
    cursor = 0.0
    for d in range(levels - 1, -1, -1):
        top[d] = cursor
        cursor += (band_h[d] or LINE_H) + GAP_Y
    boxes = []
    for v in range(n):
        w, h = sizes[v]
        boxes.append((x[v], top[layer[v]] + (band_h[layer[v]] - h) / 2, w, h))
    dummy_y = [top[layer[v]] + band_h[layer[v]] / 2 for v in range(total)]
    return boxes, routes, x, dummy_y


def _curve(points: list[tuple[float, float]]) -> str:
    """Cubic segments with vertical tangents through the points."""
    (x0, y0) = points[0]
    d = [f"M{x0:.1f},{y0:.1f}"]
    for (xa, ya), (xb, yb) in zip(points, points[1:]):
        my = (ya + yb) / 2
        d.append(f"C{xa:.1f},{my:.1f} {xb:.1f},{my:.1f} {xb:.1f},{yb:.1f}")
    return " ".join(d)


def _text_lines(lines: list[str], cx: float, y: float, bold_first: bool) -> list[str]:
    out = []
    for k, line in enumerate(lines):
        if not line:
            continue
        base = y + PAD_Y + k * LINE_H + FONT * 0.85
        weight = ' font-weight="bold"' if (k == 0 and bold_first) else ""
        out.append(f'<text x="{cx:.1f}" y="{base:.1f}" textLength="{len(line) * CHAR_W:.1f}" '
                   f'lengthAdjust="spacingAndGlyphs"{weight}>{escape(line)}</text>')
    return out


def _box(kind: str, x: float, y: float, w: float, h: float, flowed: bool, cls: str, title: str,
         lines: list[str], ident: str, bold: bool = True) -> list[str]:
    fill, line, _ = STYLE[kind]
    rx = min(h / 2, 16.0) if kind == LEAF else 4.0
    extra = ' stroke-dasharray="5,3"' if kind in (SAVED, MORE) else ""
    width = 2.0 if kind == OUTPUT else 1.2
    if flowed:
        line = FLOW_COLOR
    out = [f'<g class="{cls}" id="{ident}">', f"<title>{escape(title)}</title>",
           f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="{rx:.1f}" fill="{fill}" '
           f'stroke="{line}" stroke-width="{width}"{extra}/>']
    out += _text_lines(lines, x + w / 2, y, bold)
    out.append("</g>")
    return out


def render_svg(g: Graph, renderer: str = "ember") -> str:
    """SVG text for ``g``; see :func:`ember.viz.to_svg`."""
    if renderer == "graphviz":
        from ._dot import run_graphviz  # deferred: only this path needs the subprocess helper
        return run_graphviz(g.to_dot(), "svg").decode()
    if renderer != "ember":
        raise ValueError(f"ember.viz.to_svg: renderer must be 'ember' or 'graphviz', got {renderer!r}")
    boxes, routes, xs, dummy_y = _layout(g)
    legend = _legend_items(g) if g.legend else []
    left = min([bx - w / 2 for bx, _, w, _ in boxes] + [0.0])
    right = max([bx + w / 2 for bx, _, w, _ in boxes] + [0.0])
    legend_h = (LINE_H + 2 * PAD_Y + 14.0) if legend else 0.0
    legend_w = sum(box_size([label], k)[0] + (40.0 if k in _EDGE_ITEMS else 10.0) for k, label in legend)
    width = max(right - left, legend_w) + 2 * MARGIN
    dx = MARGIN - left + (width - 2 * MARGIN - (right - left)) / 2     # the graph centred under the legend
    dy = MARGIN + legend_h
    height = dy + max([y + h for _, y, _, h in boxes] + [0.0]) + MARGIN
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
           f'viewBox="0 0 {width:.1f} {height:.1f}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" '
           f'font-size="{FONT:.0f}" text-anchor="middle">',
           "<defs>",
           '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555555"/></marker>',
           f'<marker id="arrow-flow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
           f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{FLOW_COLOR}"/></marker>',
           "</defs>",
           f'<rect x="0" y="0" width="{width:.1f}" height="{height:.1f}" fill="white"/>']
    # edges first, under the boxes
    out.append('<g class="edges" fill="none">')
    for e, path in routes:
        sx, sy, _, sh = boxes[e.src]
        tx, ty, _, _ = boxes[e.dst]
        pts = [(sx + dx, sy + sh + dy)]
        pts += [(xs[v] + dx, dummy_y[v] + dy) for v in path[1:-1]]
        pts.append((tx + dx, ty + dy))
        flowed = g.flow_known and e.flowed
        color = FLOW_COLOR if flowed else "#555555"
        dash = ' stroke-dasharray="4,3"' if e.kind == "saved" else ""
        out.append(f'<path class="edge {e.kind}" d="{_curve(pts)}" stroke="{color}" '
                   f'stroke-width="{1.8 if flowed else 1.1}"{dash} '
                   f'marker-end="url(#{"arrow-flow" if flowed else "arrow"})"/>')
    out.append("</g>")
    for node, (cx, y, w, h) in zip(g.nodes, boxes):
        lines = node.label_lines()
        out += _box(node.kind, cx - w / 2 + dx, y + dy, w, h, g.flow_known and node.flowed,
                    f"node {node.kind}", node.name, lines, f"n{node.id}")
    # the legend: one small box per kind, in a row above the graph
    lx = MARGIN
    for k, label in legend:
        w, h = box_size([label], k)
        if k in _EDGE_ITEMS:            # an edge sample and its words
            color, stroke, marker = _EDGE_ITEMS[k]
            out.append(f'<g class="legend {k}"><path d="M{lx:.1f},{MARGIN + h / 2:.1f} h24" stroke="{color}" '
                       f'{stroke} marker-end="url(#{marker})"/>')
            out += _text_lines([label], lx + 30 + (w - 30) / 2 + 8, MARGIN, False)
            out.append("</g>")
            lx += w + 40.0
            continue
        out += _box(k, lx, MARGIN, w, h, False, f"legend {k}", KINDS[k], [label], f"legend-{k}", bold=False)
        lx += w + 10.0
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _legend_items(g: Graph) -> list[tuple[str, str]]:
    present = {n.kind for n in g.nodes}
    items = [(k, KINDS[k]) for k in (LEAF, OP, OUTPUT, SAVED, MORE) if k in present or k in (LEAF, OP, OUTPUT)]
    if any(e.kind == "saved" for e in g.edges):
        items.append(("saved-edge", "saved for backward"))
    if g.flow_known:
        items.append(("flow", "gradient flowed"))
    return items


# the legend's edge samples: colour, stroke attributes, arrowhead
_EDGE_ITEMS = {"flow": (FLOW_COLOR, 'stroke-width="1.8"', "arrow-flow"),
               "saved-edge": ("#555555", 'stroke-width="1.1" stroke-dasharray="4,3"', "arrow")}
