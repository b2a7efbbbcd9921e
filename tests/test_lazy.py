"""Op families that load on first use (ember/_lazy.py): `import ember` loads none of them, every name
they export resolves to the family's function, type checkers and the runtime name the same things,
and a method of a family loads it once and then is the plain function on Tensor."""
import ast
import pathlib
import subprocess
import sys

import pytest
import torch

import ember
from ember import _tensor_methods
from ember._lazy import Deferred, DeferredMethod

ROOT = pathlib.Path(ember.__file__).parent
LAZY_FAMILIES = sorted({module for module, attr in ember._LAZY.values() if module.startswith("ember.ops.")}
                       | {d.module for d in vars(_tensor_methods.TensorMethods).values() if isinstance(d, Deferred)})


def _type_checking_imports(path: pathlib.Path) -> dict:
    """{public name: (module, name there)} of the ``from .ops.X import ...`` lines under TYPE_CHECKING."""
    found = {}
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for stmt in node.body:
                if isinstance(stmt, ast.ImportFrom) and stmt.module and stmt.module.startswith("ops."):
                    for alias in stmt.names:
                        found[alias.asname or alias.name] = ("ember." + stmt.module, alias.name)
    return found


def test_type_checkers_and_the_runtime_name_the_same_lazy_functions():
    runtime = {name: entry for name, entry in ember._LAZY.items() if entry[0].startswith("ember.ops.")}
    assert _type_checking_imports(ROOT / "__init__.py") == runtime


def test_the_method_table_defers_exactly_the_families_it_imports_for_type_checkers():
    tree = ast.parse((ROOT / "_tensor_methods.py").read_text())
    typed = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for stmt in node.body:
                if isinstance(stmt, ast.ImportFrom) and stmt.module == "ops":
                    typed |= {"ember.ops." + alias.name for alias in stmt.names}
    deferred = {d.module for d in vars(_tensor_methods.TensorMethods).values() if isinstance(d, Deferred)}
    assert deferred and deferred <= typed


def test_import_ember_loads_no_lazy_family():
    code = ("import sys, ember\n"
            f"print(sorted(m for m in {LAZY_FAMILIES!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("name", sorted(n for n, e in ember._LAZY.items() if e[0].startswith("ember.ops.")))
def test_every_lazy_function_resolves_to_its_family(name):
    import importlib
    module, attr = ember._LAZY[name]
    value = getattr(ember, name)
    assert value is getattr(importlib.import_module(module), attr)
    assert name in dir(ember)
    if hasattr(torch, name) and not name.startswith("_"):
        assert callable(value)


def test_every_deferred_method_installs_the_real_function():
    deferred = {name for name, entry in vars(_tensor_methods.TensorMethods).items() if isinstance(entry, Deferred)}
    table = _tensor_methods.resolved()
    for name in sorted(deferred):
        value = getattr(ember.Tensor, name)          # loads the family, installs the function
        assert not isinstance(vars(ember.Tensor)[name], DeferredMethod), name
        assert vars(ember.Tensor)[name] is table[name], name
        if isinstance(value, property):
            continue
        assert callable(value), name


def test_a_deferred_method_prints_and_computes_as_an_eager_one():
    x = ember.tensor([0.25, 0.5], dtype=ember.float64)
    t = torch.tensor([0.25, 0.5], dtype=torch.float64)
    for name in ("arctan", "erfinv", "lgamma", "hypot", "logaddexp", "lerp", "any", "quantile"):
        args = {"hypot": (x,), "logaddexp": (x,), "lerp": (x, 0.5), "quantile": (0.5,)}.get(name, ())
        targs = tuple(t if a is x else a for a in args)
        got, want = getattr(x, name)(*args), getattr(t, name)(*targs)
        assert ember.tensor(got.tolist(), dtype=ember.float64).numpy() == pytest.approx(
            want.double().numpy(), rel=1e-14), name
    # an alias prints with the function's own (first) name in the table, loaded through either name
    assert ember.Tensor.arccos.__qualname__ == "Tensor.acos"
    assert repr(x.sinh).startswith("<bound method Tensor.sinh of tensor(")


def test_first_use_from_many_threads_at_once():
    code = """
import threading, ember
x = ember.tensor([0.5, 1.5], requires_grad=True)
out, errors = [], []
def use():
    try:
        y = x.digamma().sum() + ember.atan2(x, x).sum() + x.cummax(0).values.sum() + ember.special.ndtr(x).sum()
        out.append(round(float(y), 12))
    except Exception as err:  # pragma: no cover - what the test looks for
        errors.append(repr(err))
threads = [threading.Thread(target=use) for _ in range(8)]
[t.start() for t in threads]; [t.join() for t in threads]
print(len(set(out)), len(out), errors)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["1", "8", "[]"]


def test_lazy_subpackages_are_modules_once_touched():
    assert ember.linalg.norm(ember.tensor([3.0, 4.0])).item() == 5.0
    assert ember.special.erf is not None
    assert "linalg" in dir(ember) and "special" in dir(ember)
    with pytest.raises(AttributeError, match="module 'ember' has no attribute 'no_such_function'"):
        ember.no_such_function  # noqa: B018


def test_resolved_table_matches_what_tensor_binds():
    table = _tensor_methods.resolved()
    eager = [name for name, entry in vars(_tensor_methods.TensorMethods).items()
             if name in table and not isinstance(entry, Deferred) and name != "__hash__"]
    assert len(eager) > 200
    for name in eager:
        assert vars(ember.Tensor)[name] is table[name], name


def test_a_deferred_property_assigned_before_it_is_read():
    """``x.real = v`` as the first use of ``Tensor.real`` goes through the property's setter (not into the
    instance's dict, which would leave the tensor unchanged)."""
    code = ("import ember, torch\n"
            "for lib in (ember, torch):\n"
            "    x = lib.zeros(3)\n"
            "    x.real = lib.ones(3)\n"
            "    assert x.tolist() == [1.0, 1.0, 1.0], (lib, x)\n"
            "assert 'real' not in vars(ember.zeros(1))\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT.parent)
