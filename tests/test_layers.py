"""ember's modules import downward only: no import cycle, and every deferred import says why.

The import graph is read from the source (module-level imports; those under ``TYPE_CHECKING``
are for type checkers only and do not run). ``from . import x`` counts as an import of the
submodule ``x`` when there is one, else of the package itself; importing ``a.b.c`` also runs
the packages ``a.b`` (their ``__init__``), except those the importer sits in, which are already
being imported. A package importing its own submodules is the usual layout, not an edge back up.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "ember"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in PKG.rglob("*.py")}


def is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def resolve(importer: str, node: ast.ImportFrom | ast.Import) -> list[str]:
    """The ember modules an import statement loads."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name in MODULES]
    if node.level:
        base = importer.split(".")
        if not is_package(importer):
            base = base[:-1]
        base = base[:len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    if target not in MODULES:
        return []
    found = []
    for alias in node.names:
        sub = f"{target}.{alias.name}"
        found.append(sub if sub in MODULES else target)
    return found


def with_packages(targets: list[str]) -> list[str]:
    """The targets and the packages above them (importing a submodule runs its packages first)."""
    out = []
    for t in targets:
        parts = t.split(".")
        out += [".".join(parts[:i]) for i in range(2, len(parts))] + [t]
    return out


def is_type_checking_block(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def import_graph() -> tuple[dict[str, set[str]], list[tuple[str, int, str]]]:
    """(module -> modules it imports at import time, [(module, line, text) of deferred imports])."""
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    deferred = []
    for name, path in MODULES.items():
        source = path.read_text()
        lines = source.splitlines()
        tree = ast.parse(source)

        def visit(node: ast.AST, in_function: bool) -> None:
            for child in ast.iter_child_nodes(node):
                if is_type_checking_block(child):
                    continue
                if isinstance(child, (ast.Import, ast.ImportFrom)):
                    targets = [t for t in with_packages(resolve(name, child))
                               if not name.startswith(t + ".") and t != name]
                    if in_function and targets:
                        deferred.append((name, child.lineno, lines[child.lineno - 1]))
                    elif not in_function:
                        graph[name].update(targets)
                visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

        visit(tree, False)
    return graph, deferred


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle in ``graph`` as a list of modules, or None (iterative DFS, three colours)."""
    state: dict[str, int] = {}
    for start in graph:
        if start in state:
            continue
        stack = [(start, iter(sorted(graph[start])))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            for child in children:
                if state.get(child) == 1:
                    return path[path.index(child):] + [child]
                if child not in state:
                    state[child] = 1
                    stack.append((child, iter(sorted(graph[child]))))
                    path.append(child)
                    break
            else:
                state[node] = 2
                stack.pop()
                path.pop()
    return None


def test_no_import_cycle():
    graph, _ = import_graph()
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_cycle_finder_finds_cycles():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_graph_sees_real_edges():
    """The reader resolves relative imports (the test above would pass vacuously otherwise)."""
    graph, _ = import_graph()
    assert "ember._tensor" in graph["ember.ops._record"]
    assert "ember._grad_mode" in graph["ember._tensor"]
    assert "ember._dtype" in graph["ember.ops.shape"]          # from .. import _dtype
    assert "ember.ops._formulas" in graph["ember.autograd.engine"]
    assert "ember.ops" in graph["ember.autograd.engine"]            # the package runs first


def test_every_deferred_import_says_why():
    _, deferred = import_graph()
    silent = [f"{name}:{line}: {text.strip()}" for name, line, text in deferred if "#" not in text]
    assert not silent, "deferred imports without a comment saying why:\n" + "\n".join(silent)


def test_lower_layers_do_not_import_ops_or_autograd():
    """The data model and the graph sit below the ops and the engine."""
    graph, _ = import_graph()
    for low in ("ember._dtype", "ember._printing", "ember._grad_mode", "ember._tensor", "ember._graph",
                "ember._creation", "ember._tensor_data", "ember._factory_args", "ember._layout",
                "ember._random_factories", "ember._quiet", "ember.random", "ember.utils.hooks"):
        upward = {m for m in graph[low] if m.startswith(("ember.ops", "ember.autograd", "ember.nn"))}
        assert not upward, f"{low} imports {upward}"
