"""ember.viz: the graph it walks is torch's graph, node by node; DOT, SVG and text render it faithfully.

Each program below is written once against a module ``t`` (ember or real torch). The structure of
``ember.viz.graph`` is compared with a breadth-first walk of torch's own ``grad_fn.next_functions``.
"""
from __future__ import annotations

import ast
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import deque
from pathlib import Path

import pytest
import torch as real_torch

import ember
from ember import viz
from ember.viz import _dot

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"


# ----------------------------------------------------------------------------------------------
# the programs, each run on ember and on torch: (roots, {name: tensor})
def seed_program(t):
    x = t.tensor([1., 2., 3.])
    w = t.tensor([0.5, -1., 2.], requires_grad=True)
    b = t.tensor(0.1, requires_grad=True)
    z = w * x + b
    return [z], {"w": w, "b": b, "x": x, "z": z}


def article_program(t):
    x = t.ones(2)
    x.requires_grad = True
    y = (4 * x).norm()
    return [y], {"x": x}


def mlp_program(t):
    """A two-layer MLP written with tensor ops (ember's nn.Linear is one AddmmBackward0 without torch's
    TBackward0 on the weight; the module version is checked below against ember's own graph)."""
    t.manual_seed(0)
    w1, b1 = t.randn(4, 3).requires_grad_(), t.zeros(4, requires_grad=True)
    w2, b2 = t.randn(2, 4).requires_grad_(), t.zeros(2, requires_grad=True)
    hidden = (t.randn(5, 3) @ w1.t() + b1).tanh()
    loss = t.nn.functional.cross_entropy(hidden @ w2.t() + b2, t.tensor([0, 1, 1, 0, 1]))
    return [loss], {"fc1.weight": w1, "fc1.bias": b1, "fc2.weight": w2, "fc2.bias": b2}


def module_program(t):
    t.manual_seed(0)
    model = t.nn.Sequential(t.nn.Linear(3, 4), t.nn.Tanh(), t.nn.Linear(4, 2))
    loss = t.nn.functional.cross_entropy(model(t.randn(5, 3)), t.tensor([0, 1, 1, 0, 1]))
    return [loss], model


def shared_program(t):
    x = t.tensor([0.5, 1.5], requires_grad=True)
    w = t.tensor([2.0, -1.0], requires_grad=True)
    a = x * w                            # used three times
    c = a * a.exp() + a.sin()
    return [c.sum(), a], {"x": x, "w": w}


def inplace_program(t):
    x = t.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
    y = x * 2
    y.add_(1)
    y[1:3].mul_(3)                       # an in-place op on a view: CopySlices
    y.exp_()
    return [y.sum()], {"x": x}


def multi_output_program(t):
    x = t.arange(6.0).reshape(2, 3).requires_grad_()
    a, b = x.split([1, 1])
    return [(a * b).sum() + a.mean()], {"x": x}


def view_program(t):
    a = t.arange(6.0).reshape(2, 3).requires_grad_()
    b = t.ones(2, 3, requires_grad=True)
    z = t.stack([a, b]).permute(2, 0, 1).reshape(-1)[t.tensor([1, 5, 7])]
    return [z.sum() + t.cat([a, b]).mean()], {"a": a, "b": b}


PROGRAMS = [seed_program, article_program, mlp_program, shared_program, inplace_program, multi_output_program,
            view_program]


def torch_walk(roots, names):
    """[(name, leaf title or None, [indices of its inputs])] in breadth-first order, from torch's graph."""
    ids, order, queue = {}, [], deque()

    def visit(fn):
        if id(fn) not in ids:
            ids[id(fn)] = len(order)
            order.append(fn)
            queue.append(fn)
        return ids[id(fn)]

    for r in roots:
        visit(r.grad_fn)
    by_id = {id(v): k for k, v in names.items()}
    rows = []
    while queue:
        fn = queue.popleft()
        kids = [visit(c) for c, _ in fn.next_functions if c is not None]
        leaf = by_id.get(id(fn.variable), "leaf") if type(fn).__name__ == "AccumulateGrad" else None
        rows.append((type(fn).__name__, leaf, kids))
    return rows


def viz_walk(g: viz.Graph):
    """The same walk over ember.viz's graph, from each output's grad_fn node."""
    ids, order, queue = {}, [], deque()

    def visit(v):
        if v not in ids:
            ids[v] = len(order)
            order.append(v)
            queue.append(v)
        return ids[v]

    for r in g.roots:
        (edge,) = g.inputs(r)
        visit(edge.src)
    rows = []
    while queue:
        v = queue.popleft()
        node = g.nodes[v]
        kids = [visit(e.src) for e in g.inputs(v) if e.kind == "data"]
        rows.append((node.name, node.title if node.kind == viz._model.LEAF else None, kids))
    return rows


@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: p.__name__)
def test_graph_is_torchs_graph_node_by_node(program):
    roots, names = program(ember)
    g = viz.graph(*roots, params=names, collapse=False)
    t_roots, t_names = program(real_torch)
    want = torch_walk(t_roots, t_names)
    got = viz_walk(g)
    assert len(got) == len(want)
    for k, (a, b) in enumerate(zip(got, want)):
        assert a == b, f"node {k}: ember.viz {a}, torch {b}"
    # every node of the picture is an output, or is reached by that walk
    outputs = [v for v in range(len(g.nodes)) if g.nodes[v].kind == viz._model.OUTPUT]
    assert len(outputs) == len(roots) and len(g.nodes) == len(want) + len(roots)


@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: p.__name__)
def test_the_same_picture_as_torchs_graph(program):
    """ember.viz reads only the API torch shares, so it draws torch's own graph too: same text, same DOT,
    before and after backward() (values, grads and the path the gradient took included)."""
    for stage in ("before", "after"):
        pictures = []
        for t in (ember, real_torch):
            roots, names = program(t)
            if stage == "after":
                sum(r.sum() for r in roots).backward()
            g = viz.graph(*roots, params=names)
            pictures.append((g.to_text(), g.to_dot()))
        assert pictures[0] == pictures[1], stage


def test_leaves_show_shape_dtype_value_and_grad():
    roots, names = seed_program(ember)
    roots[0].sum().backward()
    g = viz.graph(*roots, params=names)
    leaves = {n.title: n for n in g.nodes if n.kind == viz._model.LEAF}
    t_roots, t_names = seed_program(real_torch)
    t_roots[0].sum().backward()
    for name in ("w", "b"):
        t = t_names[name]
        lines = leaves[name].lines
        assert lines[0] == f"{tuple(t.shape)} {str(t.dtype).replace('torch.', '')}"
        assert lines[1] == "value " + viz._model._fmt_values(t.tolist())
        assert lines[2] == "grad " + viz._model._fmt_values(t.grad.tolist())
    assert leaves["w"].flowed and leaves["b"].flowed and g.flow_known


def test_saved_values_are_torchs_saved_values():
    """show_saved: each node's tensor edges and value lines are the _saved_* torch exposes."""
    def program(t):
        x = t.tensor([0.5, 1.5], requires_grad=True)
        w = t.tensor([2.0, -1.0], requires_grad=True)
        return (x * w).exp().tanh().pow(2).sum(), x, w
    y, x, w = program(ember)
    g = viz.graph(y, params={"x": x, "w": w}, show_saved=True, collapse=False)
    ty, tx, tw = program(real_torch)
    fn, t_saved = ty.grad_fn, {}
    while fn is not None:
        attrs = [a for a in dir(fn) if a.startswith("_saved_") and not a.endswith("sym_sizes")]
        t_saved[type(fn).__name__] = sorted(a[len("_saved_"):] for a in attrs
                                            if isinstance(getattr(fn, a), real_torch.Tensor))
        fn = fn.next_functions[0][0] if fn.next_functions and type(fn).__name__ != "MulBackward0" else None
    for node in g.nodes:
        if node.kind == viz._model.OP and node.name in t_saved:
            labels = sorted(e.label for e in g.inputs(node.id) if e.kind == "saved")
            assert labels == t_saved[node.name], node.name
    # x and w were saved by MulBackward0: the edges go to their leaves, no copies
    mul = next(n for n in g.nodes if n.name == "MulBackward0")
    assert {g.nodes[e.src].title for e in g.inputs(mul.id) if e.kind == "saved"} == {"x", "w"}


def test_saved_values_after_backward_read_freed():
    y = (ember.tensor([1.0, 2.0], requires_grad=True)).exp().sum()
    y.backward()
    g = viz.graph(y, show_saved=True)
    exp = next(n for n in g.nodes if n.name == "ExpBackward0")
    assert "result: freed" in exp.lines


def test_flow_marks_only_where_the_gradient_went():
    w1 = ember.tensor([1.0], requires_grad=True)
    w2 = ember.tensor([2.0], requires_grad=True)
    y1, y2 = (w1 * 2).sum(), (w2 * 3).sum()
    y1.backward()
    g = viz.graph(y1, y2, params={"w1": w1, "w2": w2})
    flowed = {n.title for n in g.nodes if n.flowed}
    assert flowed == {"output 0", "SumBackward0", "MulBackward0", "w1"}
    assert sum(n.flowed for n in g.nodes) == 4          # one SumBackward0 and one MulBackward0 of two
    assert not any(n.flowed for n in g.nodes if n.title in ("w2", "output 1"))
    assert "✓" in g.to_text() and _dot.FLOW_COLOR in g.to_dot()


def test_collapse_repeated_chains_and_max_depth():
    x = ember.tensor([0.1], requires_grad=True)
    y = x
    for _ in range(10):
        y = y.sin()
    y = (y * 2).sum()
    g = viz.graph(y, params={"x": x})
    sins = [n for n in g.nodes if n.name == "SinBackward0"]
    assert len(sins) == 1 and sins[0].count == 10 and sins[0].title == "SinBackward0 × 10"
    assert len(viz.graph(y, collapse=False).nodes) == 1 + 1 + 1 + 10 + 1
    shallow = viz.graph(y, collapse=False, max_depth=3)
    depths = shallow.depths()
    assert max(depths) == 4 and sum(n.kind == viz._model.MORE for n in shallow.nodes) == 1
    assert all(n.kind == viz._model.MORE for n, d in zip(shallow.nodes, depths) if d == 4)


def test_module_parameters_are_named():
    """params=model names every leaf by named_parameters(); the walk is the graph's own, node by node."""
    roots, model = module_program(ember)
    g = viz.graph(*roots, params=model, collapse=False)
    names = dict(model.named_parameters())
    assert viz_walk(g) == torch_walk(roots, names)
    leaves = sorted(n.title for n in g.nodes if n.kind == viz._model.LEAF)
    assert leaves == sorted(names) == ["0.bias", "0.weight", "2.bias", "2.weight"]


# ----------------------------------------------------------------------------------------------
# DOT, parsed back
_NODE = re.compile(r'^  (n\d+) \[label="((?:[^"\\]|\\.)*)", shape=(\w+)', re.M)
_EDGE = re.compile(r"^  (n\d+) -> (n\d+)( \[[^\]]*\])?;$", re.M)


def _unescape(label: str) -> list[str]:
    return [re.sub(r"\\(.)", r"\1", part) for part in label.split("\\n")]


@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: p.__name__)
def test_dot_parses_back_to_the_graph(program):
    roots, names = program(ember)
    g = viz.graph(*roots, params=names, show_saved=True)
    dot = g.to_dot()
    assert dot.startswith('digraph "ember" {') and dot.rstrip().endswith("}")
    nodes = {m.group(1): (_unescape(m.group(2)), m.group(3)) for m in _NODE.finditer(dot)}
    assert {f"n{n.id}" for n in g.nodes} == set(nodes)
    for n in g.nodes:
        assert nodes[f"n{n.id}"][0] == n.label_lines()
        assert nodes[f"n{n.id}"][1] == _dot.STYLE[n.kind][2]
    edges = [(m.group(1), m.group(2), "dashed" in (m.group(3) or "")) for m in _EDGE.finditer(dot)]
    assert edges == [(f"n{e.src}", f"n{e.dst}", e.kind == "saved") for e in g.edges]


def test_dot_quotes_awkward_names():
    t = ember.tensor([1.0], requires_grad=True)
    dot = viz.to_dot(t * 2, params={'a "quoted" \\ name': t})
    (label,) = [_unescape(m.group(2)) for m in _NODE.finditer(dot) if m.group(3) == "ellipse"]
    assert label[0] == 'a "quoted" \\ name'


def test_dot_renders_through_graphviz_without_warnings():
    """graphviz-pure (the `dot` program, in the test extras) lays out every program's DOT cleanly."""
    program = _dot.find_renderer()
    assert program is not None, "pip install -e '.[test]' installs graphviz-pure, the dot program"
    for prog in PROGRAMS:
        roots, names = prog(ember)
        dot = viz.to_dot(*roots, params=names, show_saved=True)
        done = subprocess.run([program, "-Tsvg"], input=dot.encode(), capture_output=True, timeout=120)
        assert done.returncode == 0 and done.stderr == b"", done.stderr.decode()
        ET.fromstring(done.stdout)


# ----------------------------------------------------------------------------------------------
# SVG: valid XML, labels inside their boxes, no two boxes overlapping
def _boxes(svg: str):
    root = ET.fromstring(svg)
    boxes = []
    for group in root.iter(SVG + "g"):
        cls = group.get("class", "")
        if not (cls.startswith("node") or cls.startswith("legend")) or cls in ("legend flow", "legend saved-edge"):
            continue
        rect = group.find(SVG + "rect")
        x, y, w, h = (float(rect.get(k)) for k in ("x", "y", "width", "height"))
        texts = []
        for text in group.findall(SVG + "text"):
            cx, base, length = float(text.get("x")), float(text.get("y")), float(text.get("textLength"))
            texts.append((cx - length / 2, base - 0.85 * 12, cx + length / 2, base + 0.25 * 12, text.text))
        boxes.append((group.get("id"), (x, y, x + w, y + h), texts))
    return root, boxes


@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: p.__name__)
def test_svg_is_valid_and_tidy(program):
    roots, names = program(ember)
    g = viz.graph(*roots, params=names, show_saved=True)
    svg = g.to_svg()
    root, boxes = _boxes(svg)
    assert root.tag == SVG + "svg"
    width, height = float(root.get("width")), float(root.get("height"))
    ids = {b[0] for b in boxes}
    assert {f"n{n.id}" for n in g.nodes} <= ids and any(i.startswith("legend-") for i in ids)
    for ident, (x0, y0, x1, y1), texts in boxes:
        assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height, ident
        assert texts, ident
        for tx0, ty0, tx1, ty1, _ in texts:
            assert x0 + 4 <= tx0 and tx1 <= x1 - 4 and y0 <= ty0 and ty1 <= y1, ident
    for i, (a, ra, _) in enumerate(boxes):
        for b, rb, _ in boxes[i + 1:]:
            overlap = ra[0] < rb[2] and rb[0] < ra[2] and ra[1] < rb[3] and rb[1] < ra[3]
            assert not overlap, f"{a} overlaps {b}"
    labels = {n.id: n.label_lines() for n in g.nodes}
    for ident, _, texts in boxes:
        if ident.startswith("n"):
            assert [t[4] for t in texts] == labels[int(ident[1:])]
    assert len(root.findall(f".//{SVG}path[@class]")) == len(g.edges)


def test_svg_of_a_wide_graph_keeps_boxes_apart():
    xs = [ember.tensor([float(k)], requires_grad=True) for k in range(12)]
    y = sum((x * (k + 1) / 12).exp() for k, x in enumerate(xs))
    _, boxes = _boxes(viz.to_svg(y, params={f"x{k}": x for k, x in enumerate(xs)}))
    for i, (a, ra, _) in enumerate(boxes):
        for b, rb, _ in boxes[i + 1:]:
            assert not (ra[0] < rb[2] and rb[0] < ra[2] and ra[1] < rb[3] and rb[1] < ra[3]), (a, b)


def test_svg_through_graphviz_and_jupyter_reprs():
    roots, names = seed_program(ember)
    g = viz.graph(*roots, params=names)
    assert ET.fromstring(viz.to_svg(g, renderer="graphviz")).tag == SVG + "svg"
    assert g._repr_svg_() == g.to_svg()
    assert g._repr_html_().startswith("<div") and g.to_svg() in g._repr_html_()
    with pytest.raises(ValueError, match="renderer"):
        g.to_svg(renderer="matplotlib")


# ----------------------------------------------------------------------------------------------
# text
def test_text_tree_draws_shared_nodes_once():
    roots, names = shared_program(ember)
    text = viz.to_text(*roots, params=names, collapse=False)
    lines = text.splitlines()
    assert lines[0].startswith("output 0") and lines[1] == "└─ SumBackward0"
    # a = x * w is used by the exp, the product and the sin, and is an output itself: drawn once
    drawn = [ln for ln in lines if re.search(r"#\d+ MulBackward0$", ln) and "see" not in ln]
    assert len(drawn) == 1
    tag = re.search(r"#(\d+) MulBackward0$", drawn[0]).group(1)
    assert sum(ln.endswith(f"↪ see #{tag} MulBackward0") for ln in lines) == 3
    assert lines[-1] == f"└─ ↪ see #{tag} MulBackward0" and lines[-2].startswith("output 1")
    assert str(viz.graph(*roots, params=names, collapse=False)) == text


def test_text_of_a_deep_chain_is_linear_and_narrow():
    x = ember.tensor([0.5], requires_grad=True)
    y = x
    for k in range(3000):
        y = y.sin() if k % 2 else y.cos()     # alternating: nothing to collapse
    text = viz.to_text(y, params={"x": x}, max_indent=30)
    lines = text.splitlines()
    assert sum("SinBackward0" in ln and "see" not in ln for ln in lines) == 1500
    assert max(len(ln) for ln in lines) < 30 + 60
    assert "x  leaf" in text


def test_a_100000_node_graph_to_dot_within_the_bound(capsys):
    """benchmarks/viz_speed.py: the walk and the DOT of 100,000 nodes in under 20 s (about 1 s here)."""
    from benchmarks import viz_speed
    assert viz_speed.main(["--nodes", "100000", "--repeats", "1", "--bound", "20"]) == 0
    assert "100,004 nodes" in capsys.readouterr().out


def test_draw_writes_each_format(tmp_path, monkeypatch):
    roots, names = seed_program(ember)
    for suffix in (".svg", ".dot", ".txt", ".png"):
        path = viz.draw(roots[0], tmp_path / f"g{suffix}", params=names)
        data = Path(path).read_bytes()
        assert data
        if suffix == ".svg":
            ET.fromstring(data)
        elif suffix == ".png":
            assert data[:8] == b"\x89PNG\r\n\x1a\n"
        else:
            assert data.decode() == (viz.to_dot if suffix == ".dot" else viz.to_text)(roots[0], params=names)
    with pytest.raises(ValueError, match=r"\.svg, \.dot, \.txt or \.png"):
        viz.draw(roots[0], tmp_path / "g.pdf")
    monkeypatch.setattr(_dot.shutil, "which", lambda name, path=None: None)
    with pytest.raises(RuntimeError, match=r"pip install 'ember\[viz\]'"):
        viz.draw(roots, tmp_path / "g2.png")


def test_bad_arguments():
    with pytest.raises(ValueError, match="at least one tensor"):
        viz.graph()
    with pytest.raises(TypeError, match="expected Tensors"):
        viz.graph([1.0])
    with pytest.raises(TypeError, match="params"):
        viz.graph(ember.ones(1, requires_grad=True) * 2, params={"w": 3})
    g = viz.graph(ember.ones(1, requires_grad=True) * 2)
    with pytest.raises(TypeError, match="built Graph"):
        viz.to_text(g, show_saved=True)


def test_a_leaf_alone_is_a_graph():
    w = ember.ones(2, requires_grad=True)
    g = viz.graph(w, params={"w": w})
    assert [(n.kind, n.title) for n in g.nodes] == [("leaf", "w")] and g.edges == []


def test_line_plot_is_valid_svg():
    values = [1.0 / (k + 1) for k in range(30)]
    root = ET.fromstring(viz.line_plot(values, title="loss"))
    (line,) = root.findall(f".//{SVG}polyline")
    assert len(line.get("points").split()) == 30


# ----------------------------------------------------------------------------------------------
# layering: viz is written against ember's public API; `import ember` does not load it
def test_viz_uses_only_the_public_api():
    for path in (ROOT / "ember" / "viz").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                mods = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                mods = [("." * node.level) + (node.module or "")]
            else:
                continue
            for mod in mods:
                assert not mod.startswith("numpy"), f"{path.name} imports {mod}"
                if mod.startswith("ember"):
                    assert not any(part.startswith("_") for part in mod.split(".")), f"{path.name}: {mod}"
                if mod.startswith("..") and node.level >= 2:
                    raise AssertionError(f"{path.name} reaches into ember's internals: {mod}")


def test_import_ember_does_not_load_viz():
    code = "import sys, ember; a = 'ember.viz' in sys.modules; ember.viz.graph; print(a, 'ember.viz' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["False", "True"], out.stderr
