"""The widened fuzzer's vocabulary and value generators (used by test_fuzz.py's ``WideGen``).

What the base generator in test_fuzz.py never draws, this module adds:

- values: NaN, +-inf, +-0, +-1e30, +-1e-30, grids with ties and exact zeros; size-0 and size-1 dims;
  float32 / int64 / bool leaves besides float64; non-contiguous leaves (transposed, sliced with a step,
  expanded);
- Python scalars, special ones included, on either side of every binary operator and as the first
  argument of ``torch.add`` & co;
- the whole vocabulary, derived, so that a new op joins without an edit here: every Tensor method in
  ``ember/_tensor_methods.py`` implemented in ``ember/ops`` that ``torch.Tensor`` also has, every
  ``ember.X`` / ``ember.nn.functional.X`` implemented in ``ember/ops`` (or ``nn/functional.py``) that torch
  also has (called with a few generic argument forms: torch decides which are valid, and the invalid ones
  become error-comparison cases), and every row of ``tests/op_table.py`` (its ``fn`` lambda turned into
  source with the program's own value names).

Generated programs stay plain ``import ember as torch`` source, so a failure prints a ready repro.
"""
from __future__ import annotations

import ast
import inspect
import math
import re
import sys
import warnings

import numpy as np
import torch
from hypothesis import strategies as st

import ember
import op_table
from ember import _tensor_methods

NAN, INF = float("nan"), float("inf")
SPECIAL = [NAN, INF, -INF, 0.0, -0.0, 1e30, -1e30, 1e-30, -1e-30]
# Python scalars drawn in the wide mode (source text), besides test_fuzz.SCALARS
WIDE_SCALARS = ["float('nan')", "float('inf')", "-float('inf')", "0.0", "-0.0", "1e30", "1e-30", "0", "3",
                "-2", "True", "0.5", "2.0"]
FLOAT_DTYPES = ("float64", "float32")


# ---------------------------------------------------------------------------------------------------
# literals
# ---------------------------------------------------------------------------------------------------

def _scalar_src(x) -> str:
    if isinstance(x, (bool, np.bool_)):
        return repr(bool(x))
    if isinstance(x, (int, np.integer)):
        return repr(int(x))
    x = float(x)
    if math.isnan(x):
        return "float('nan')"
    if math.isinf(x):
        return "float('inf')" if x > 0 else "-float('inf')"
    return repr(x)


def nested_src(arr: np.ndarray) -> str:
    """``arr`` as a nested Python list literal; NaN and inf written as ``float('nan')`` etc."""
    if arr.ndim == 0:
        return _scalar_src(arr.item())
    return "[" + ", ".join(nested_src(a) for a in arr) + "]"


def tensor_src(arr: np.ndarray, dtype: str, requires_grad: bool = False) -> str:
    rg = ", requires_grad=True" if requires_grad else ""
    if arr.size == 0:   # torch.tensor([]) cannot say shape (0, 3)
        return f"torch.zeros({tuple(arr.shape)!r}, dtype=torch.{dtype}{rg})"
    return f"torch.tensor({nested_src(arr)}, dtype=torch.{dtype}{rg})"


def wide_values(draw, rng: np.random.Generator, shape: tuple, dtype: str) -> np.ndarray:
    """Values of one leaf: uniform, a grid with ties and zeros, or with special values mixed in."""
    if dtype == "bool":
        return rng.random(shape) < 0.5
    if dtype == "int64":
        return rng.integers(-3, 4, size=shape).astype(np.int64)
    kind = draw(st.sampled_from(["uniform", "grid", "grid", "special", "special", "extreme"]))
    if kind == "grid":       # ties and exact zeros
        vals = rng.integers(-2, 3, size=shape) * 0.5
    else:
        vals = np.round(rng.uniform(0.5, 2.0, size=shape) * rng.choice([-1.0, 1.0], size=shape), 3)
    if kind in ("special", "extreme"):
        pool = SPECIAL if kind == "special" else [1e30, -1e30, 1e-30, -1e-30, 0.0, -0.0]
        mask = rng.random(shape) < 0.35
        vals = np.where(mask, rng.choice(np.array(pool), size=shape), vals)
    return np.asarray(vals, dtype=np.float64)   # (cast by torch.tensor(..., dtype=): short literals)


def leaf_src(draw, name: str, vals: np.ndarray, dtype: str, rg: bool) -> str:
    """A leaf with values ``vals``: contiguous, or a non-contiguous view made a leaf (``requires_grad_()``:
    the view of a constant is a leaf)."""
    shape = vals.shape
    layouts = ["contiguous", "contiguous"]
    if vals.ndim >= 2:
        layouts.append("transposed")
    if vals.ndim >= 1:
        layouts.append("step")
    if any(s != 1 for s in shape) and vals.size:
        layouts.append("expanded")
    layout = draw(st.sampled_from(layouts))
    if layout == "contiguous" or vals.size == 0:
        return f"{name} = {tensor_src(vals, dtype, rg)}"
    if layout == "transposed":
        base = f"{tensor_src(np.ascontiguousarray(np.swapaxes(vals, 0, -1)), dtype)}.transpose(0, -1)"
    elif layout == "step":   # every other row of a twice-as-long constant
        big = np.repeat(vals, 2, axis=0)
        big[1::2] = np.zeros_like(vals) + (7 if dtype != "bool" else True)
        base = f"{tensor_src(big, dtype)}[::2]"
    else:   # expanded: a constant with size-1 dims where every row is the same
        keep = [draw(st.booleans()) or s == 1 for s in shape]
        small = vals[tuple(slice(None) if k else slice(0, 1) for k in keep)]
        if small.shape == shape:
            small = vals[(slice(0, 1),) + (slice(None),) * (vals.ndim - 1)]
        vals[...] = np.broadcast_to(small, shape)
        base = f"{tensor_src(np.ascontiguousarray(small), dtype)}.expand{tuple(shape)!r}"
    return f"{name} = {base}" + (".requires_grad_()" if rg else "")


# ---------------------------------------------------------------------------------------------------
# the vocabulary, derived from ember's own tables
# ---------------------------------------------------------------------------------------------------

def _module_of(f) -> str:
    f = f.fget if isinstance(f, property) else f
    return getattr(f, "__module__", None) or ""


_OPS_MODULES = ("ember.ops",)
# names whose calls do not compare: uninitialised memory (new_empty; resize_ when it grows), a device that does
# not exist here, a string result
_NOT_COMPARED = {"cuda", "type", "new_empty", "resize_", "resize_as_", "empty_strided", "new_empty_strided"}


def tensor_methods() -> tuple[list[str], list[str]]:
    """(methods, properties) of Tensor implemented in ember/ops that torch.Tensor has too."""
    methods, props = [], []
    for name, f in _tensor_methods.resolved().items():     # (the lazily loaded families too)
        if name.startswith("_") or name in _NOT_COMPARED or not hasattr(torch.Tensor, name):
            continue
        if not _module_of(f).startswith(_OPS_MODULES):   # random numbers, new_* creation: not comparable
            continue
        (props if isinstance(f, property) else methods).append(name)
    return methods, props


def functions() -> list[str]:
    """``torch.X`` implemented in ember/ops that torch has too."""
    return sorted(n for n in dir(ember) if not n.startswith("_") and n not in _NOT_COMPARED and hasattr(torch, n)
                  and callable(getattr(ember, n)) and _module_of(getattr(ember, n)).startswith(_OPS_MODULES))


def functional() -> list[str]:
    """``torch.nn.functional.X`` that ember implements (in ember/ops or nn/functional.py)."""
    import ember.nn.functional as F
    return sorted(n for n in dir(F) if not n.startswith("_") and hasattr(torch.nn.functional, n)
                  and callable(getattr(F, n))
                  and _module_of(getattr(F, n)).startswith(_OPS_MODULES + ("ember.nn.functional",)))


# argument forms after the tensor: b another value, s a Python scalar, d a dim
# (i an int64 index tensor, m a bool mask, -1 the number)
FORMS = {"": (), "b": ("b",), "s": ("s",), "d": ("d",), "d,keepdim": ("d", "keepdim"), "dim=d": ("dim=d",),
         "s,s": ("s", "s"), "b,s": ("b", "s"), "d,b": ("d", "b"), "d,d": ("d", "d"), "-1": ("-1",),
         "d,i": ("d", "i"), "m,s": ("m", "s"), "m,b": ("m", "b")}
_PROBE = {"b": "x", "s": "0.5", "d": "1", "dim=d": "dim=1", "keepdim": "keepdim=True", "-1": "-1",
          "i": "torch.tensor([1, 0])", "m": "(x > 0)"}
_PROBE_INPUTS = [f"torch.ones(2, 2, dtype=torch.{dt})" for dt in ("float64", "int64", "bool")]


def _parser_checked(where: str, name: str) -> bool:
    """Whether ember checks the arguments of ``name`` as torch's argument parser does (``@torch_args``,
    ember/ops/_parser.py: reductions, sorting, scans, shapes, joining, search, the linalg products, torch.linalg,
    the scatter / index family; nn.functional's C++ entry points and torch's Python steps before them,
    ember/nn/_functional_args.py): those get any argument form even while an ``arg_type_errors`` flag is in
    test_fuzz.KNOWN_BUGS (the others get only the forms torch accepts)."""
    if where == "functional":
        import ember.nn.functional as F
        f = getattr(F, name, None)
        # (a Python-level F.X wraps ember's function: checked when it or what it wraps has the parser)
        return f is not None and (hasattr(f, "_ember_parser") or getattr(f, "__wrapped__", None) is not None)
    owner = {"method": ember.Tensor, "function": ember}.get(where)
    return owner is not None and hasattr(getattr(owner, name, None), "_ember_parser")


def _deprecated(name: str, form: str) -> bool:
    """Forms torch accepts through a deprecated overload, which ember need not copy (torch warns once per
    process, so the probe cannot tell): ``sub(2, other)`` is ``sub(other, alpha=2)``; ``.to(0.5)``."""
    base = name.rstrip("_")
    if name in ("elu_", "celu_") and form.count(",") >= 1:   # torch's F.elu_(x, alpha, scale, input_scale): the
        return True                                           # documented signature is elu_(input, alpha)
    if base in ("add", "sub", "subtract"):
        return "," in form and form.split(",")[0] in ("s", "d")
    return base == "to" and form != "b"


FORMS_OF_SEQ = {n: ("list",) for n in ("cat", "concat", "concatenate", "stack")}


def _accepted_forms(call: str, name: str) -> list[str]:
    """The forms of FORMS that torch accepts for ``call`` on a (2, 2) float64 / int64 / bool tensor: the type-level
    signature, probed once; values (dims, shapes) still make some calls fail, and those are compared."""
    ok = []
    for form, parts in FORMS.items():
        if _deprecated(name, form):
            continue
        args = ", ".join(_PROBE[p] for p in parts)
        seq = "[x, x]" if name in FORMS_OF_SEQ else "x"
        code = call.format(x=seq if call.startswith("torch.") else "x", args=(", " + args if args and
                                                                              call.startswith("torch.") else args))
        for x in _PROBE_INPUTS:
            try:
                with warnings.catch_warnings():   # a form torch calls deprecated is left out too
                    warnings.filterwarnings("error", message=".*deprecated")
                    warnings.filterwarnings("ignore", message="Implicit dimension choice")
                    eval(code, {"torch": torch, "x": eval(x, {"torch": torch})})   # noqa: S307
            except Exception:  # noqa: BLE001  (not this form)
                continue
            ok.append(form)
            break
    return ok   # empty (bilinear, nll_loss: no probe fits): only the any-form calls, and the op table's rows


_methods, PROPERTIES = tensor_methods()
METHODS = {n: _accepted_forms("x.%s({args})" % n, n) for n in _methods}
FUNCTIONS = {n: _accepted_forms("torch.%s({x}{args})" % n, n) for n in functions()}
FUNCTIONAL = {n: _accepted_forms("torch.nn.functional.%s({x}{args})" % n, n) for n in functional()}


class _Rename(ast.NodeTransformer):
    def __init__(self, mapping):
        self.mapping = mapping

    def visit_Name(self, node):
        if node.id in self.mapping:
            return ast.copy_location(ast.Name(id=self.mapping[node.id], ctx=node.ctx), node)
        return node


def _table_lambdas() -> dict[str, ast.Lambda]:
    """Op-table row name -> the AST of its ``fn`` lambda (read from the sources of tests/op_table.py and of
    the op_table_* modules whose rows it appends)."""
    found = {}
    modules = [op_table] + [m for name, m in sorted(sys.modules.items()) if name.startswith("op_table_")]
    for module in modules:
        for node in ast.walk(ast.parse(inspect.getsource(module))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("E", "OpEntry")
                    and len(node.args) >= 2 and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[1], ast.Lambda)):
                found[node.args[0].value] = node.args[1]
    return found


_LAMBDAS = _table_lambdas()
TABLE = [e for e in op_table.OPS if e.name in _LAMBDAS]   # (test_wide_vocabulary_is_derived: every row)


def table_call(entry: op_table.OpEntry, args: list[str]) -> str:
    """The source of ``entry.fn(torch, *args)`` with the lambda's body inlined."""
    lam = _LAMBDAS[entry.name]
    params = [a.arg for a in lam.args.args]
    body = _Rename(dict(zip(params, ["torch"] + list(args)))).visit(
        ast.parse(ast.unparse(lam.body), mode="eval").body)
    return ast.unparse(body)


# ---------------------------------------------------------------------------------------------------
# the steps the wide generator adds (a mixin over test_fuzz.Gen)
# ---------------------------------------------------------------------------------------------------

class WideSteps:
    """Steps and leaves of the wide mode; mixed into test_fuzz.Gen (which provides draw / attempt / ns)."""

    wide = True

    def wide_scalar(self) -> str:
        if self.draw(st.booleans()):
            return self.scalar()
        return self.choice(WIDE_SCALARS)

    def leaves(self):
        n = self.draw(st.integers(1, 3))
        first_shape = None
        for i in range(n):
            shape = self.leaf_shape(first_shape)
            if self.draw(st.integers(0, 7)) == 0:   # a size-0 dimension
                shape = tuple(shape) or (1,)
                k = self.draw(st.integers(0, len(shape) - 1))
                shape = shape[:k] + (0,) + shape[k + 1:]
            first_shape = shape if first_shape is None else first_shape
            if i == 0:
                dtype = self.choice(["float64", "float64", "float32"])
            else:
                dtype = self.choice(["float64", "float64", "float64", "float32", "int64", "bool"])
            rg = dtype in FLOAT_DTYPES and (i == 0 or self.draw(st.booleans()))
            rng = np.random.default_rng(self.draw(st.integers(0, 2**16)))
            vals = wide_values(self.draw, rng, shape, dtype)
            name = self.new()
            code = leaf_src(self.draw, name, vals, dtype, rg)
            exec(code, self.ns)   # noqa: S102  (our own generated code)
            self.lines.append((code, name))
            self.names.append(name)
            if rg:
                self.leaves_rg.append(name)

    def s_wscalar(self):
        """A Python scalar on either side of a binary operator, or first in a torch function."""
        a = self.pick()
        s = self.wide_scalar()
        op = self.choice(["+", "-", "*", "/", "**", "%", "//", "&", "|", "^", "<", ">=", "==", "!="])
        form = self.choice(["a op s", "s op a", "s op a", "fn"])
        if form == "fn":
            fn = self.choice(["add", "sub", "mul", "div", "pow", "maximum", "minimum", "remainder", "fmod",
                              "floor_divide", "true_divide", "eq", "lt", "where"])
            if fn == "where":
                expr = f"torch.where({a} > 0, {s}, {a})" if self.draw(st.booleans()) \
                    else f"torch.where({a} > 0, {a}, {s})"
            else:
                expr = f"torch.{fn}({s}, {a})" if self.draw(st.booleans()) else f"torch.{fn}({a}, {s})"
        elif form == "a op s":
            expr = f"{a} {op} {s}"
        else:
            expr = f"{s} {op} {a}"
        out = self.new()
        return f"{out} = {expr}", out

    def _args(self, a, form):
        """The argument list of ``form`` (a key of FORMS) for a call on ``a``."""
        nd = len(self.shape(a))
        d = self._dim(nd)
        b = self.pick([n for n in self.names if n != a] or [a])
        out = []
        for k in FORMS[form]:
            if k == "i":
                size = self.shape(a)[d] if nd and self.shape(a)[d] else 1
                ids = [self.draw(st.integers(0, size - 1)) for _ in range(self.draw(st.integers(1, 3)))]
                out.append(f"torch.tensor({ids})")
            elif k == "m":
                out.append(f"({b} > 0)")
            else:
                out.append({"b": b, "s": self.wide_scalar(), "d": str(self._dim(nd)), "dim=d": f"dim={d}",
                            "keepdim": f"keepdim={self.draw(st.booleans())}", "-1": "-1"}[k])
        return out

    def s_vocab(self):
        """Any method / function / functional ember has in common with torch, called with one of the
        argument forms torch accepts for it (or, rarely, any form: then the error classes are compared)."""
        a = self.pick()
        where = self.choice(["method", "method", "function", "functional", "property"])
        if where == "property":
            expr = f"{a}.{self.choice(PROPERTIES)}"
        else:
            table = {"method": METHODS, "function": FUNCTIONS, "functional": FUNCTIONAL}[where]
            name = self.choice(sorted(table))
            forms = table[name] if self.draw(st.integers(0, 9)) else list(FORMS)
            if "arg_type_errors" in self.exclude and not _parser_checked(where, name):   # (test_fuzz.KNOWN_BUGS)
                forms = table[name]
            forms = [f for f in forms if not _deprecated(name, f)]
            if not forms:
                return None
            args = self._args(a, self.choice(forms))
            if where == "method":
                expr = f"{a}.{name}({', '.join(args)})"
            else:
                prefix = "torch." if where == "function" else "torch.nn.functional."
                if "list" in FORMS_OF_SEQ.get(name, ()):
                    seq = [a] + [x for x in args[:1] if re.fullmatch(r"v\d+", x)]
                    args = [f"[{', '.join(seq)}]"] + args[1:]
                else:
                    args = [a] + args
                expr = f"{prefix}{name}({', '.join(args)})"
        if self.draw(st.integers(0, 3)) == 0:   # tuple results (max(dim), split, unbind): one element
            expr = f"{expr}[{self.choice(['0', '-1'])}]"
        out = self.new()
        return f"{out} = {expr}", out

    def s_table(self):
        """A row of tests/op_table.py, on values of the program (or fresh ones of the row's shapes)."""
        entry = self.choice(TABLE)
        sample = self.choice(entry.samples)
        args = []
        rng = np.random.default_rng(self.draw(st.integers(0, 2**16)))
        for i, spec in enumerate(sample):
            if isinstance(spec, op_table.Long):
                args.append(tensor_src(rng.integers(0, spec.high, size=spec.shape).astype(np.int64), "int64"))
                continue
            if isinstance(spec, op_table.Bool):
                args.append(tensor_src(rng.random(spec.shape) < 0.5, "bool"))
                continue
            same = [n for n in self.names if self.shape(n) == tuple(spec)]
            how = self.choice(["same", "same", "any", "fresh"])
            if how == "same" and same:
                args.append(self.pick(same))
            elif how == "any":
                args.append(self.pick())
            else:   # a constant from the row's own domain, sometimes with special values in it
                vals = np.round(np.asarray(entry.domain(rng, tuple(spec), i), dtype=np.float64), 3)
                if self.draw(st.integers(0, 3)) == 0:
                    vals = np.where(rng.random(vals.shape) < 0.3, rng.choice(np.array(SPECIAL), vals.shape), vals)
                args.append(tensor_src(vals, self.choice(FLOAT_DTYPES)))
        out = self.new()
        return f"{out} = {table_call(entry, args)}", out
