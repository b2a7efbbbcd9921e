"""The differential fuzzer's machinery (tests/test_fuzz.py holds the tests and the known bugs).

Programs as data and the interpreter that runs one on ember or on torch (``run_program``), the comparison of
two runs (``compare``), and the generator that builds a program step by step with torch running alongside
(``Gen``; ``WideGen`` adds tests/fuzz_wide.py's values and vocabulary). See test_fuzz.py's docstring.
"""
from __future__ import annotations

import itertools
import math
import re
import warnings

import numpy as np
import torch
from hypothesis import note
from hypothesis import strategies as st

import ember
from fuzz_wide import WideSteps

RTOL, ATOL = 1e-6, 1e-9
MAX_NUMEL = 48       # every generated value stays small ...
MAX_NDIM = 4
MAX_ABS = 1e3        # ... and finite, far from overflow

# Known ember bugs, excluded from generation: filled by test_fuzz.py (each flag has a strict-xfail repro there).
# flag -> code substrings never generated; flags without substrings are checked in the generator or compare.
KNOWN_BUGS: dict[str, list[str]] = {}
# flag -> predicate(gen, code): steps a known bug depends on the values of (not only the code's words)
KNOWN_BUG_CHECKS: dict = {}

# ---------------------------------------------------------------------------------------------------
# programs as data, and the interpreter that runs one on a module
# ---------------------------------------------------------------------------------------------------

class Program:
    """``lines``: list of (python source, name of the value it defines or None)."""

    def __init__(self, lines):
        self.lines = list(lines)

    @property
    def names(self):
        seen = []
        for _, out in self.lines:
            if out is not None and out.startswith("v") and out not in seen:
                seen.append(out)
        return seen

    def source(self):
        return "import ember as torch\n" + "\n".join(code for code, _ in self.lines)

    def __repr__(self):
        return "Program(<<<\n" + self.source() + "\n>>>)"


_CODE = {}


def _compile(line):
    code = _CODE.get(line)
    if code is None:
        code = _CODE[line] = compile(line, "<fuzz>", "exec")
    return code


def _dtype_name(dt):
    s = str(dt)
    return s.split(".", 1)[1] if "." in s else s


def _numpy(t):
    t = t.detach()
    if isinstance(t, torch.Tensor) and t._is_zerotensor():  # torch's lazily-zero gradients
        return np.zeros(tuple(t.shape))
    return np.array(t.numpy(), copy=True)


def _describe(t, with_grad=False, forward=True):
    """Everything compared about one value, as plain Python / NumPy data.  ``grad_fn`` class names are
    compared for forward values only: the graph that ``create_graph=True`` builds for a gradient is an
    implementation detail (torch's ``TanhBackwardBackward0`` is ember's ``MulBackward0``)."""
    if t is None:
        return None
    if isinstance(t, (tuple, list)):
        return [_describe(x, with_grad, forward) for x in t]
    fn = t.grad_fn
    d = {
        "shape": tuple(t.shape),
        "dtype": _dtype_name(t.dtype),
        "requires_grad": bool(t.requires_grad),
        "is_leaf": bool(t.is_leaf),
        "grad_fn": None if fn is None or not forward else type(fn).__name__,
        "value": _numpy(t),
    }
    if with_grad:
        d["grad"] = _describe(t.grad, forward=False)
    return d


class Trace:
    def __init__(self):
        self.snaps = []       # per line: description of the value it defines (at that moment)
        self.error = None     # (line index, exception type name, message)
        self.final = {}       # name -> description at the end, with .grad
        self.extras = {}      # loss / gs / s2 / g2s


def run_program(mod, prog):
    """Run ``prog`` with ``torch`` bound to ``mod``; record everything that gets compared."""
    ns = {"torch": mod}
    tr = Trace()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for i, (code, out) in enumerate(prog.lines):
            try:
                exec(_compile(code), ns)
                tr.snaps.append(_describe(ns[out]) if out is not None else None)
            except Exception as e:  # noqa: BLE001  (compared against the other library's)
                tr.error = (i, type(e).__name__, str(e))
                break
        for name in prog.names:
            if name in ns:
                tr.final[name] = _describe(ns[name], with_grad=True)
        for k in ("loss", "gs", "s2", "g2s"):
            if k in ns:
                tr.extras[k] = _describe(ns[k], forward=k == "loss")
    return tr


# Tolerances. Relative: per dtype (of the value, or lower when the program computes in float32 / float16).
# Absolute: a floor per dtype (rounding residues of exact zeros: 8.7e-19 against -8.7e-19 is no difference),
# or, in programs whose inputs hold 1e-30 values, a scale of the value's largest finite magnitude (there 0
# instead of 1e-30 is a difference); 1e30-sized values get 1e30-sized rounding (a scale again).
_RTOL = {"float64": RTOL, "float32": 2e-5, "float16": 2e-3, "bfloat16": 2e-2}
_ATOL_FLOOR = {"float64": ATOL, "float32": 1e-6, "float16": 1e-3, "bfloat16": 1e-2}
_ATOL_SCALE = {"float64": 1e-9, "float32": 2e-5, "float16": 2e-3, "bfloat16": 2e-2}   # x the largest magnitude
_PRECISION = {"lowest": "float64", "tiny": False}   # of the program being compared (set_precision)


def set_precision(source, run=None):
    """Set the tolerances' context from a program's source (called before comparing its runs), and from the
    dtypes torch's ``run`` computed: an integer tensor's ``tanh()`` is float32 without the word in the source,
    and a float64 value computed from it carries float32's rounding (``x ** v.cos()``: one float32 ulp of the
    exponent is 4e-6 of 1e30 ** 0.57)."""
    lowest = "float64"
    dtypes = _run_dtypes(run) if run is not None else set()
    if "float32" in source or ".float()" in source or "float32" in dtypes:
        lowest = "float32"
    if "float16" in source or ".half()" in source or "float16" in dtypes:
        lowest = "float16"
    _PRECISION.update(lowest=lowest, tiny="e-30" in source)


def _run_dtypes(run) -> set:
    found, stack = set(), list(run.snaps)
    while stack:
        s = stack.pop()
        if isinstance(s, list):
            stack.extend(s)
        elif isinstance(s, dict):
            found.add(s["dtype"])
    return found


def _tolerance(dtype, value):
    if dtype not in _RTOL:    # integers and bool: exact
        return 0.0, 0.0
    if _RTOL[_PRECISION["lowest"]] > _RTOL[dtype]:   # a float64 value computed from float32 ones
        dtype = _PRECISION["lowest"]
    finite = np.abs(value[np.isfinite(value)])
    scale = float(finite.max()) if finite.size else 0.0
    floor = 0.0 if _PRECISION["tiny"] else _ATOL_FLOOR[dtype]
    return _RTOL[dtype], max(floor, _ATOL_SCALE[dtype] * scale)


def without_residues(actual, desired, dtype):
    """``actual`` with cancellation residues taken as torch's, in tiny programs (there the absolute
    floor is off): where both values are within the dtype's floor and one is rounding-sized
    (>= 1e-20: 5.6e-17 against 0, -1.1e-16 against -5.6e-17). Ember's 0 against torch's 1e-30 still
    differs."""
    if not _PRECISION["tiny"] or dtype not in _ATOL_FLOOR:
        return actual
    actual, desired = np.asarray(actual), np.asarray(desired)
    if actual.shape != desired.shape:
        return actual
    dt = _PRECISION["lowest"] if _RTOL[_PRECISION["lowest"]] > _RTOL[dtype] else dtype
    big = np.maximum(np.abs(actual), np.abs(desired))
    residue = (big <= _ATOL_FLOOR[dt]) & (big >= 1e-20)
    return np.where(residue, desired, actual).astype(actual.dtype) if residue.any() else actual


def _close(a, b, what, values=True):
    """``values=False``: everything but the values (and gradients' values) is compared."""
    if a is None or b is None:
        assert a is None and b is None, f"{what}: ember {'None' if a is None else 'a tensor'}, " \
                                        f"torch {'None' if b is None else 'a tensor'}"
        return
    if isinstance(a, list) or isinstance(b, list):
        assert isinstance(a, list) and isinstance(b, list) and len(a) == len(b), f"{what}: {a!r} vs {b!r}"
        for i, (x, y) in enumerate(zip(a, b)):
            _close(x, y, f"{what}[{i}]", values)
        return
    for key in ("shape", "dtype", "requires_grad", "is_leaf", "grad_fn"):
        assert a[key] == b[key], f"{what}: {key} ember={a[key]!r} torch={b[key]!r}"
    if values:
        rtol, atol = _tolerance(b["dtype"], b["value"])
        actual = without_residues(a["value"], b["value"], b["dtype"])
        np.testing.assert_allclose(actual, b["value"], rtol=rtol, atol=atol, equal_nan=True,
                                   err_msg=f"{what}: values differ")
    if "grad" in a or "grad" in b:
        _close(a.get("grad"), b.get("grad"), f"{what}.grad", values)


# Lines whose values are not determined to the fuzzer's tolerance, so that from such a line on only the values
# are not compared (everything else is):
# - sin/cos/tan of |x| > 1e15: the argument reduction of NumPy's and torch's libm kernels legitimately differ
#   there (any value in [-1, 1] is as right as another);
# - a sum-like op over values of |x| >= 1e28: +-1e30 terms cancel, and what is left is the rounding of the
#   order each library adds in (torch's sum of 27 such values gives 0.0, NumPy's pairwise sum 1.656; a LU of
#   them, 0 or -0.184: both as right).
_TRIG = re.compile(r"\b(sin|cos|tan)_?\(")
_HUGE_LITERAL = re.compile(r"\d[eE]\+?(1[5-9]|[2-9]\d|\d{3})\b")
_HUGE_TRIG = 1e15
_SUMS = re.compile(r"\b(sum|nansum|mean|nanmean|cumsum|cumprod|prod|logsumexp|logcumsumexp|softmax|log_softmax|"
                   r"norm|vector_norm|matrix_norm|std|var|std_mean|var_mean|matmul|mm|bmm|mv|dot|vdot|inner|outer|"
                   r"einsum|tensordot|addmm|addmv|addbmm|baddbmm|addr|chain_matmul|multi_dot|kron|trace|cdist|"
                   r"lu|lu_factor|solve|inv|det|slogdet|qr|svd|eigh|cholesky|pinv|lstsq|conv\w*|linear|"
                   r"bilinear|trapz|trapezoid)_?\(|@")
_HUGE_SUM_LITERAL = re.compile(r"\d[eE]\+?(2[89]|[3-9]\d|\d{3})\b")
_HUGE_SUM = 1e28
# - a LAPACK factorization of a matrix holding an infinity: what gesdd & co. return there depends on the values
#   and the library (torch's pinv of one gives zeros, or NaNs; its singular values are NaN); a NaN makes torch's
#   SVD fail, which is an error and still compared
_FACTORIZATIONS = re.compile(r"\b(svd|svdvals|pinv|pinverse|lstsq|matrix_rank|matrix_norm|cond|eig|eigh|eigvals|"
                             r"eigvalsh|qr|lu|lu_factor|lu_factor_ex|cholesky|cholesky_ex|det|slogdet|logdet|solve|"
                             r"solve_ex|inv|inv_ex|inverse|matrix_power|matrix_exp|norm)_?\(")
_INF_LITERAL = re.compile(r"float\('-?inf'\)")
# - singular vectors and eigenvectors: each is defined up to its sign, which LAPACK builds choose differently
#   (torch's MKL and NumPy's OpenBLAS flip U's first column of [[1.455, .905, .561], [.525, 1.72, 1.869]])
# - the spread of values that are all equal but for rounding (an expanded tensor's std): their std is 0 or a few
#   ulps, as the libm's last bit of an exp before it falls, and the gradient there jumps from 0 (torch's std == 0
#   guard) to O(1)
_SPREAD = re.compile(r"\b(std|var|std_mean|var_mean)\(")
_SIGN_FREE = re.compile(r"\b(svd|linalg\.svd)\(.*\)\[[02]\]|\b(eig|eigh|linalg\.eig|linalg\.eigh)\(.*\)\[1\]|"
                        r"\.(U|Vh|V|eigenvectors)\b")


def _first_libm_line(prog, tt):
    """The index of the first line whose values are not determined (see above), by torch's run, or None."""
    last = {}       # name -> its value as torch's run last defined it
    for i, (code, out) in enumerate(prog.lines):
        if _SIGN_FREE.search(code):
            return i
        if _SPREAD.search(code):
            for name in re.findall(r"\bv\d+\b", code):
                v = last.get(name)
                if v is not None and v.dtype.kind == "f" and v.size > 1 and np.isfinite(v).all():
                    spread = float(v.max() - v.min())
                    if spread <= 8 * float(np.finfo(v.dtype).eps) * float(np.abs(v).max()):
                        return i
        for pattern, literal, limit in ((_TRIG, _HUGE_LITERAL, _HUGE_TRIG), (_SUMS, _HUGE_SUM_LITERAL, _HUGE_SUM),
                                        (_FACTORIZATIONS, _INF_LITERAL, np.inf)):
            if pattern.search(code):
                if literal.search(code):
                    return i
                for name in re.findall(r"\bv\d+\b", code):
                    v = last.get(name)
                    if v is None or v.dtype.kind != "f":
                        continue
                    if np.any(np.abs(v[np.isfinite(v)]) > limit) or (limit == np.inf and np.isinf(v).any()):
                        return i
        snap = tt.snaps[i] if i < len(tt.snaps) else None
        if out is not None and isinstance(snap, dict):
            last[out] = np.asarray(snap["value"])
    return None


_INPLACE_MSG = "modified by an inplace operation"


def _normalize(msg):
    """Message differences that are known ember bugs (see KNOWN_BUGS / the xfail tests)."""
    if "inplace_msg_node_name" in KNOWN_BUGS:
        msg = re.sub(r"output (\d+) of (torch::autograd::)?([A-Za-z]+?)\d*,", r"output \1 of \3,", msg)
    if "inplace_msg_saved_node" in KNOWN_BUGS:
        msg = re.sub(r"output (\d+) of [A-Za-z:]+,", r"output \1 of *,", msg)
    # torch quirk: an in-place op whose operand is the target itself (y.mul_(y)) bumps the version
    # twice; the version sequence is checked exactly in test_inplace_views.py
    msg = re.sub(r"is at version \d+", "is at version N", msg)
    return msg


# torch quirks the fuzzer does not hold ember to (each a torch implementation artifact, not a behaviour):
# - "ZeroTensors are immutable": sgn's gradient of a real tensor is torch's efficient ZeroTensor, which .grad keeps,
#   so a second accumulation into it fails; ember accumulates the zeros (tests/test_issue7_fuzz_finds.py)
# - "INTERNAL ASSERT FAILED": torch's own bug report (`True ** x` under create_graph: "unknown ivalue tag 4")
_TORCH_ARTIFACTS = ("ZeroTensors are immutable", "INTERNAL ASSERT FAILED")
# - gesdd giving up on a matrix holding an infinity (a factorization of inf, above): whether it converges depends on
#   the values and the LAPACK build, so neither its error nor ember's NaN result from that line on is compared
_LAPACK_VARIES = ("ill-conditioned or has too many repeated singular values",)


def compare(prog, te, tt):
    src = [c for c, _ in prog.lines]
    set_precision(prog.source(), tt)
    if tt.error and any(a in tt.error[2] for a in _TORCH_ARTIFACTS):
        return
    if tt.error and any(a in tt.error[2] for a in _LAPACK_VARIES):
        libm = _first_libm_line(prog, tt)
        if libm is not None and tt.error[0] >= libm and (te.error is None or te.error[0] >= libm):
            for i, (a, b) in enumerate(zip(te.snaps[:libm], tt.snaps[:libm])):
                _close(a, b, f"line {i} `{src[i]}`", True)
            return
    if te.error or tt.error:
        ie, ne, me = te.error or (None, None, None)
        it, nt, mt = tt.error or (None, None, None)
        where_e = "no error" if ie is None else f"line {ie} `{src[ie]}`: {ne}: {me}"
        where_t = "no error" if it is None else f"line {it} `{src[it]}`: {nt}: {mt}"
        assert (ie, ne) == (it, nt), f"errors differ:\n  ember: {where_e}\n  torch: {where_t}"
        n_inplace = sum(1 for c in src if re.search(r"\w_\(|\] = |[-+*/]= ", c))
        if _INPLACE_MSG in mt and _INPLACE_MSG in me and n_inplace > 1:
            # several tensors were modified: which one backward trips on first depends on the order
            # nodes run in (torch: by creation sequence), so only the error itself is compared
            me, mt = me[:me.index(_INPLACE_MSG)], mt[:mt.index(_INPLACE_MSG)]
        if _INPLACE_MSG in mt:
            ce, ct = (_normalize(m[:m.index("expected version")]) for m in (me, mt))
            assert ce == ct, f"in-place error message differs:\n  ember: {me}\n  torch: {mt}"
    libm = _first_libm_line(prog, tt)
    for i, (a, b) in enumerate(zip(te.snaps, tt.snaps)):
        _close(a, b, f"line {i} `{src[i]}`", libm is None or i < libm)
    assert te.final.keys() == tt.final.keys()
    both_raised = te.error is not None and tt.error is not None
    for name in tt.final:
        a, b = te.final[name], tt.final[name]
        if both_raised:  # .grad after a failed backward: which leaves were already filled is engine order
            a, b = dict(a), dict(b)
            a.pop("grad"), b.pop("grad")
        if "view_grad_fn_after_base_inplace" in KNOWN_BUGS and b["grad_fn"] == "AsStridedBackward0":
            a, b = dict(a), dict(b)
            a["grad_fn"] = b["grad_fn"]
        _close(a, b, f"final {name}", libm is None)
    assert te.extras.keys() == tt.extras.keys()
    for k in tt.extras:
        _close(te.extras[k], tt.extras[k], k, libm is None)


def check(prog):
    note(prog.source())
    tt = run_program(torch, prog)
    te = run_program(ember, prog)
    compare(prog, te, tt)
    return te, tt


# ---------------------------------------------------------------------------------------------------
# the generator: chooses each step with torch running alongside
# ---------------------------------------------------------------------------------------------------

SCALARS = [0.5, 1.5, 2.0, -0.75, -2.0, 3.0, 2, -1]
CLAMP_BOUNDS = [-1.0, -0.5, 0.0, 0.25, 0.5, 1.0, 1.5]


def _lit(x):
    return repr(float(x)) if not isinstance(x, int) else repr(x)


def _tensor_literal(arr, requires_grad=False):
    rg = ", requires_grad=True" if requires_grad else ""
    return f"torch.tensor({arr.tolist()!r}, dtype=torch.float64{rg})"


def _broadcast(*shapes):
    try:
        return tuple(torch.broadcast_shapes(*shapes))
    except RuntimeError:
        return None


class Gen:
    """Builds a Program step by step; ``ns`` holds the live torch values of the accepted prefix."""

    def __init__(self, draw, mode, second_order=False, exclude=()):
        self.draw = draw
        self.mode = mode
        self.second_order = second_order
        self.exclude = set(exclude)
        self.tokens = [tok for flag in self.exclude for tok in KNOWN_BUGS.get(flag, ())]
        if second_order and "relu_create_graph" in self.exclude:
            self.tokens += ["relu"]
        if second_order and "detach_operand_second_order" in self.exclude:
            self.tokens += [".detach()"]
        if second_order and "zero_create_graph" in self.exclude:
            self.tokens += [".zero_()", ".fill_("]
        self.lines = []
        self.ns = {"torch": torch}
        self.names = []      # distinct tensor values, in creation order
        self.leaves_rg = []  # leaves created with requires_grad=True
        self.ended = False   # a kept step raised: the program ends there (an error-comparison case)
        self.tainted = set() # values computed from an advanced-indexing result (see adv_index_noncontig)
        self.retained = False
        self.expanded = set()  # storages that an expand() result views (see expand_inplace)

    # -- helpers -------------------------------------------------------------------------------------
    def t(self, name):
        return self.ns[name]

    def shape(self, name):
        return tuple(self.ns[name].shape)

    def new(self):
        return f"v{len(self.names)}"

    def pick(self, names=None):
        names = self.names if names is None else names
        if self.draw(st.booleans()):
            return names[-1]
        return names[self.draw(st.integers(0, len(names) - 1))]

    def choice(self, seq):
        return self.draw(st.sampled_from(list(seq)))

    def scalar(self, nonzero=False):
        return _lit(self.choice([s for s in SCALARS if not (nonzero and s == 0)]))

    def bound(self, name):
        v = self.t(name).detach()
        return float(v.double().abs().max()) if v.numel() else 0.0

    def min_abs(self, name):
        v = self.t(name).detach()
        return float(v.double().abs().min()) if v.numel() else 0.0

    def replay(self):
        self.ns = {"torch": torch}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for code, _ in self.lines:
                exec(_compile(code), self.ns)

    def _ok(self, t):
        if not isinstance(t, torch.Tensor):
            return False
        if t.dim() > MAX_NDIM or not (1 <= t.numel() <= MAX_NUMEL):
            return False
        v = t.detach()
        return bool(torch.isfinite(v).all()) and float(v.abs().max()) <= MAX_ABS

    def attempt(self, code, out, defines_new=True):
        """Run ``code`` on torch; keep it if it works and everything stays small and finite.
        When torch raises, sometimes keep the line anyway: the program then ends with that error."""
        if out is not None and out in self.ns and defines_new:
            raise AssertionError(out)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                exec(_compile(code), self.ns)
        except Exception:  # noqa: BLE001
            if self.draw(st.integers(0, 9)) == 0:
                self.lines.append((code, out))
                self.ended = True
                return True
            self.replay()
            return False
        vals = [self.ns[n] for n in self.names] + ([self.ns[out]] if out is not None else [])
        if not all(self._ok(v) for v in vals):
            self.replay()
            return False
        self.lines.append((code, out))
        if out is not None and defines_new:
            self.names.append(out)
        return True

    # -- leaves --------------------------------------------------------------------------------------
    def leaf_shape(self, like=None):
        if like is not None and self.draw(st.booleans()):
            kind = self.choice(["same", "suffix", "ones"])
            if kind == "same":
                return like
            if kind == "suffix" and like:
                return like[self.draw(st.integers(0, len(like))):]
            if kind == "ones":
                return tuple(1 if self.draw(st.booleans()) else s for s in like)
        nd = self.choice([0, 1, 1, 2, 2, 2, 3, 3])
        return tuple(self.draw(st.integers(1, 3)) for _ in range(nd))

    def leaves(self):
        n = self.draw(st.integers(1, 3))
        first_shape = None
        for i in range(n):
            shape = self.leaf_shape(first_shape)
            first_shape = shape if first_shape is None else first_shape
            seed = self.draw(st.integers(0, 2**16))
            rng = np.random.default_rng(seed)
            vals = rng.uniform(0.5, 2.0, size=shape)
            if self.draw(st.integers(0, 3)) != 0:  # random signs (sqrt/log always act on abs()+0.5)
                vals *= rng.choice([-1.0, 1.0], size=shape)
            vals = np.round(vals, 3)
            rg = i == 0 or self.draw(st.booleans())
            name = self.new()
            code = f"{name} = {_tensor_literal(vals, rg)}"
            exec(_compile(code), self.ns)
            self.lines.append((code, name))
            self.names.append(name)
            if rg:
                self.leaves_rg.append(name)

    # -- step builders: each returns (code, out) or None ---------------------------------------------
    def s_unary(self):
        a = self.pick()
        op = self.choice(["exp", "tanh", "sigmoid", "sin", "cos", "abs", "relu", "neg", "sqrt", "log",
                          "clamp", "clamp", "reciprocal"])
        fn = self.draw(st.booleans())
        if op in ("sqrt", "log", "reciprocal"):
            x = f"({a}.abs() + 0.5)"
            expr = f"torch.{op}{x}" if fn else f"{x}.{op}()"
        elif op == "clamp":
            lo, hi = sorted(self.draw(st.lists(st.sampled_from(CLAMP_BOUNDS), min_size=2, max_size=2)))
            form = self.choice(["both", "min", "max", "kw"])
            if form == "both":
                expr = f"torch.clamp({a}, {lo!r}, {hi!r})" if fn else f"{a}.clamp({lo!r}, {hi!r})"
            elif form == "min":
                expr = f"{a}.clamp(min={lo!r})"
            elif form == "max":
                expr = f"torch.clamp({a}, max={hi!r})"
            else:
                expr = f"{a}.clip(min={lo!r}, max={hi!r})"
        elif op == "neg" and self.draw(st.booleans()):
            expr = f"-{a}"
        else:
            if op == "exp" and self.bound(a) > 4:
                return None
            expr = f"torch.{op}({a})" if fn else f"{a}.{op}()"
        out = self.new()
        return f"{out} = {expr}", out

    def s_scalar(self):
        a = self.pick()
        s = self.scalar()
        form = self.choice(["a+s", "s+a", "a-s", "s-a", "a*s", "s*a", "a/s", "s/a", "a**p", "pos**p",
                            "s**a", "add_alpha"])
        if form == "a/s":
            if "div_scalar_saves_self" in self.exclude:
                return None
            expr = f"{a} / {self.scalar(nonzero=True)}"
        elif form == "s/a":
            expr = f"{s} / ({a}.abs() + 0.5)"
        elif form == "a**p":
            expr = f"{a} ** {self.choice(['2', '3', '2.0'])}"
        elif form == "pos**p":
            expr = f"({a}.abs() + 0.5) ** {self.choice(['0.5', '-1.0', '1.5', '-0.5'])}"
        elif form == "s**a":
            expr = f"{self.choice(['2.0', '0.5', '1.5'])} ** {a}"
        elif form == "add_alpha":
            expr = f"torch.{self.choice(['add', 'sub'])}({a}, {s}, alpha={self.scalar()})"
        else:
            left, op, r = form[0], form[1:-1], form[-1]
            expr = f"{a if left == 'a' else s} {op} {a if r == 'a' else s}"
        out = self.new()
        return f"{out} = {expr}", out

    def _pairs(self, ok):
        return [(a, b) for a in self.names for b in self.names if ok(self.shape(a), self.shape(b))]

    def _pick_pair(self, pairs):
        if not pairs:
            return None
        return pairs[self.draw(st.integers(0, len(pairs) - 1))]

    def s_binary(self):
        def ok(sa, sb):
            r = _broadcast(sa, sb)
            return r is not None and len(r) <= MAX_NDIM and math.prod(r) <= MAX_NUMEL
        pair = self._pick_pair(self._pairs(ok))
        if pair is None:
            return None
        a, b = pair
        op = self.choice(["+", "-", "*", "/", "**", "maximum", "minimum", "max2", "where", "where2", "add_alpha"])
        if op == "/":
            den = b if self.min_abs(b) >= 0.2 else f"({b}.abs() + 0.5)"
            expr = f"{a} / {den}"
        elif op == "**":
            if self.bound(b) > 3:
                return None
            expr = f"({a}.abs() + 0.5) ** {b}"
        elif op in ("maximum", "minimum"):
            expr = f"torch.{op}({a}, {b})" if self.draw(st.booleans()) else f"{a}.{op}({b})"
        elif op == "max2":
            expr = f"torch.{self.choice(['max', 'min'])}({a}, {b})"
        elif op == "where":
            expr = f"torch.where({a} > 0, {a}, {b})"
        elif op == "where2":
            expr = f"torch.where({b} > {a}, {a}, {self.choice([b, '0.0', '1.5'])})"
        elif op == "add_alpha":
            expr = f"torch.{self.choice(['add', 'sub'])}({a}, {b}, alpha={self.scalar()})"
        else:
            expr = f"{a} {op} {b}"
        out = self.new()
        return f"{out} = {expr}", out

    def _dim(self, nd, extra=0):
        n = max(nd, 1) + extra
        return self.draw(st.integers(-n, n - 1))

    def s_reduce(self):
        a = self.pick()
        nd = len(self.shape(a))
        op = self.choice(["sum", "mean", "max", "min", "amax", "amin", "prod", "norm", "var", "std"])
        if op == "prod" and self.second_order and "prod_create_graph" in self.exclude:
            return None
        whole = self.draw(st.booleans()) or (nd == 0 and "0d_dim" in self.exclude)
        kd = self.draw(st.booleans())
        d = self._dim(nd)
        fn = self.draw(st.booleans())
        if op in ("max", "min"):
            if whole:
                expr = f"torch.{op}({a})" if fn else f"{a}.{op}()"
            else:
                sel = self.choice(["[0]", ".values"])
                expr = (f"torch.{op}({a}, {d}, keepdim={kd}){sel}" if fn
                        else f"{a}.{op}(dim={d}, keepdim={kd}){sel}")
        elif op == "norm":
            p = self.choice(["", "p=1, ", "p=2, ", "p=3, "])
            if whole:
                expr = f"{a}.norm({p.rstrip(', ')})"
            else:
                expr = f"torch.norm({a}, {p}dim={d}, keepdim={kd})" if fn else f"{a}.norm({p}dim={d}, keepdim={kd})"
        elif op in ("var", "std"):
            corr = self.choice(["", "correction=0", "unbiased=False", "correction=1"])
            if whole:
                expr = f"{a}.{op}({corr})"
            else:
                c = f", {corr}" if corr else ""
                expr = f"torch.{op}({a}, dim={d}, keepdim={kd}{c})" if fn else f"{a}.{op}({d}, keepdim={kd}{c})"
        else:  # sum mean prod amax amin
            if op in ("amax", "amin") and nd == 0 and "0d_dim" in self.exclude:
                expr = f"{a}.{op}()"
            elif whole and op not in ("amax", "amin"):
                expr = f"torch.{op}({a})" if fn else f"{a}.{op}()"
            elif op in ("sum", "mean", "amax", "amin") and nd >= 2 and self.draw(st.booleans()):
                d2 = (d + 1) % nd
                expr = f"{a}.{op}(dim=({d}, {d2}), keepdim={kd})" if (d % nd) != d2 else f"{a}.{op}({d})"
            else:
                expr = f"torch.{op}({a}, {d}, keepdim={kd})" if fn else f"{a}.{op}(dim={d}, keepdim={kd})"
        out = self.new()
        return f"{out} = {expr}", out

    def _factor_shape(self, n):
        if n == 0:   # (an empty value: any shape with a zero in it)
            return [(0,), (0, 1), (1, 0), (2, 0), (0, 3), (3, 0, 1)]
        shapes = [()] if n == 1 else []
        for k in (1, 2, 3):
            for combo in itertools.product(range(1, n + 1), repeat=k):
                if math.prod(combo) == n:
                    shapes.append(combo)
        return shapes

    def s_view(self):
        a = self.pick()
        s = self.shape(a)
        nd = len(s)
        op = self.choice(["reshape", "view", "transpose", "permute", "unsqueeze", "squeeze", "expand",
                          "flatten", "t", "contiguous", "slice", "slice"])
        if op in ("reshape", "view"):
            if "reshape_noncontig_view" in self.exclude and not self.t(a).is_contiguous():
                return None
            shapes = self._factor_shape(math.prod(s))
            new = list(self.choice(shapes))
            if new and self.draw(st.booleans()):
                new[self.draw(st.integers(0, len(new) - 1))] = -1
            form = self.choice(["tuple", "args", "fn"]) if op == "reshape" else self.choice(["tuple", "args"])
            tup = repr(tuple(new))
            if form == "fn":
                expr = f"torch.reshape({a}, {tup})"
            elif form == "args" and new:
                expr = f"{a}.{op}({', '.join(map(str, new))})"
            else:
                expr = f"{a}.{op}({tup})"
        elif op == "transpose":
            if nd < 2:
                return None
            d0, d1 = self._dim(nd), self._dim(nd)
            expr = f"{a}.transpose({d0}, {d1})" if self.draw(st.booleans()) else f"torch.transpose({a}, {d0}, {d1})"
        elif op == "permute":
            if nd < 2:
                return None
            p = self.draw(st.permutations(list(range(nd))))
            expr = self.choice([f"{a}.permute({', '.join(map(str, p))})", f"{a}.permute({tuple(p)!r})",
                                f"torch.permute({a}, {tuple(p)!r})"])
        elif op == "unsqueeze":
            expr = f"{a}.unsqueeze({self._dim(nd, extra=1 if nd else 0)})"
        elif op == "squeeze":
            expr = f"{a}.squeeze()" if self.draw(st.booleans()) or nd == 0 else f"{a}.squeeze({self._dim(nd)})"
        elif op == "expand":
            new = [self.choice([1, 2, 3]) if x == 1 else self.choice([x, -1]) for x in s]
            if nd < 3 and self.draw(st.booleans()):
                new = [self.choice([1, 2])] + new
            if not new:
                new = [2]
            if "expand_inplace" in self.exclude and len(new) == nd and all(n in (-1, x) for n, x in zip(new, s)):
                return None
            expr = f"{a}.expand({', '.join(map(str, new))})"
            if self.draw(st.integers(0, 3)) == 0:
                expr = f"{a}.expand_as(torch.ones({tuple(new)!r}, dtype=torch.float64))" if -1 not in new else expr
        elif op == "flatten":
            if "reshape_noncontig_view" in self.exclude and not self.t(a).is_contiguous():
                return None
            if nd >= 2 and self.draw(st.booleans()):
                expr = self.choice([f"{a}.flatten(start_dim=1)", f"torch.flatten({a}, 0, 1)", f"{a}.flatten(-2)"])
            else:
                expr = f"{a}.flatten()"
        elif op == "t":
            if nd > 2 or (nd == 0 and "0d_dim" in self.exclude):
                return None
            expr = f"{a}.t()" if nd < 2 or self.draw(st.booleans()) else f"{a}.T"
        elif op == "contiguous":
            expr = f"{a}.contiguous()"
        else:
            idx = self.basic_index(s)
            if idx is None:
                return None
            expr = f"{a}[{idx}]"
        out = self.new()
        return f"{out} = {expr}", out

    def basic_index(self, s):
        nd = len(s)
        if nd == 0:
            return self.choice(["...", "None"])

        def item(size):
            opts = ["0", "-1", ":", "::2"] + (["1:", ":-1", "1::2", f"{size - 1}"] if size >= 2 else [])
            return self.choice(opts)
        form = self.choice(["lead", "lead", "ellipsis", "none"])
        if form == "ellipsis":
            return f"..., {item(s[-1])}"
        k = self.draw(st.integers(1, nd))
        items = [item(s[d]) for d in range(k)]
        if form == "none":
            items.insert(self.draw(st.integers(0, len(items))), "None")
        return ", ".join(items)

    def adv_index(self, s, unique=False):
        nd = len(s)
        if nd == 0 or 0 in s:
            return None

        def idx_list(size):
            n = self.draw(st.integers(1, min(size, 3) if unique else 4))
            if unique:
                vals = self.draw(st.permutations(list(range(size))))[:n]
            else:
                vals = [self.draw(st.integers(-size, size - 1)) for _ in range(n)]
            return list(vals)
        form = self.choice(["dim0", "dim1", "last", "two", "tensor"])
        if form == "dim1" and nd >= 2:
            return f":, {idx_list(s[1])}"
        if form == "last":
            return f"..., {idx_list(s[-1])}"
        if form == "two" and nd >= 2:
            i0 = idx_list(s[0])
            i1 = [self.draw(st.integers(0, s[1] - 1)) for _ in i0]
            if unique and len(set(zip(i0, i1))) < len(i0):
                return None
            return f"{i0}, {i1}"
        if form == "tensor":
            return f"torch.tensor({idx_list(s[0])})"
        return repr(idx_list(s[0]))

    def s_index(self):
        a = self.pick()
        s = self.shape(a)
        form = self.choice(["adv", "adv", "mask", "index_select"])
        if form == "mask":
            thr = self.choice(["0", "0.5", "-0.5"])
            if not bool((self.t(a) > float(thr)).any()):
                return None
            expr = f"{a}[{a} > {thr}]"
        elif form == "index_select":
            if not s or 0 in s:
                return None
            d = self.draw(st.integers(0, len(s) - 1))
            ids = [self.draw(st.integers(0, s[d] - 1)) for _ in range(self.draw(st.integers(1, 4)))]
            expr = f"torch.index_select({a}, {d}, torch.tensor({ids}))"
        else:
            idx = self.adv_index(s)
            if idx is None:
                return None
            expr = f"{a}[{idx}]"
        out = self.new()
        return f"{out} = {expr}", out

    def s_catstack(self):
        op = self.choice(["cat", "stack"])
        if op == "stack":
            pair = self._pick_pair(self._pairs(lambda x, y: x == y and len(x) < MAX_NDIM))
            if pair is None:
                return None
            a, b = pair
            d = self._dim(len(self.shape(a)), extra=1 if self.shape(a) else 0)
            expr = f"torch.stack([{a}, {b}], {d})" if self.draw(st.booleans()) else f"torch.stack(({a}, {b}), dim={d})"
        else:
            def ok(x, y):
                return len(x) == len(y) >= 1 and sum(p != q for p, q in zip(x, y)) <= 1
            pair = self._pick_pair(self._pairs(ok))
            if pair is None:
                return None
            a, b = pair
            sa, sb = self.shape(a), self.shape(b)
            diff = [i for i in range(len(sa)) if sa[i] != sb[i]]
            d = diff[0] if diff else self._dim(len(sa))
            if diff and self.draw(st.booleans()):
                d -= len(sa)
            expr = f"torch.{self.choice(['cat', 'cat', 'concat'])}([{a}, {b}], dim={d})"
        out = self.new()
        return f"{out} = {expr}", out

    def s_matmul(self):
        def ok(x, y):
            if not x or not y:
                return False
            try:
                r = torch.matmul(torch.empty(x), torch.empty(y)).shape
            except RuntimeError:
                return False
            return math.prod(r) <= MAX_NUMEL
        pair = self._pick_pair(self._pairs(ok))
        if pair is None:
            a = self.pick()
            if len(self.shape(a)) != 2:
                return None
            expr = f"{a} @ {a}.t()" if self.draw(st.booleans()) else f"{a}.t().mm({a})"
        else:
            a, b = pair
            both2 = len(self.shape(a)) == len(self.shape(b)) == 2
            expr = self.choice([f"{a} @ {b}", f"torch.matmul({a}, {b})"] + ([f"{a}.mm({b})"] if both2 else []))
        out = self.new()
        return f"{out} = {expr}", out

    def inplace_target(self):
        ok = [n for n in self.names if not (self.t(n).is_leaf and self.t(n).requires_grad)]
        if not ok or self.draw(st.integers(0, 9)) == 0:
            ok = self.names
        return self.pick(ok)

    def operand_for(self, target_shape, target=None):
        """A value whose shape broadcasts to ``target_shape``, or None."""
        c = [n for n in self.names if _broadcast(self.shape(n), target_shape) == tuple(target_shape)]
        if target is not None and "inplace_alias_operand" in self.exclude:
            ptr = self.t(target).untyped_storage().data_ptr()
            c = [n for n in c if self.t(n).untyped_storage().data_ptr() != ptr]
        return self.pick(c) if c else None

    def s_inplace(self):
        k = self.inplace_target()
        s = self.shape(k)
        if "expand_inplace" in self.exclude and self.t(k).untyped_storage().data_ptr() in self.expanded:
            return None
        form = self.choice(["scalar", "scalar", "unary", "tensor", "tensor", "setitem", "setitem",
                            "slice_op", "augassign"])
        if form == "scalar":
            op = self.choice(["add_", "sub_", "mul_", "div_", "clamp_", "fill_", "pow_"])
            if op == "clamp_":
                lo, hi = sorted(self.draw(st.lists(st.sampled_from(CLAMP_BOUNDS), min_size=2, max_size=2)))
                stmt = self.choice([f"{k}.clamp_({lo!r}, {hi!r})", f"{k}.clamp_(min={lo!r})",
                                    f"{k}.clamp_(max={hi!r})"])
            elif op == "pow_":
                stmt = f"{k}.pow_(2)"
            else:
                stmt = f"{k}.{op}({self.scalar(nonzero=True)})"
        elif form == "unary":
            op = self.choice(["relu_", "tanh_", "sigmoid_", "neg_", "exp_", "zero_", "abs_", "sin_"])
            if op == "exp_" and self.bound(k) > 4:
                return None
            stmt = f"{k}.{op}()"
        elif form in ("tensor", "augassign"):
            b = self.operand_for(s, k)
            if b is None:
                return None
            if form == "augassign":
                stmt = f"{k} {self.choice(['+=', '-=', '*='])} {b}"
            else:
                op = self.choice(["add_", "sub_", "mul_", "copy_", "div_", "add_alpha"])
                if op == "div_":
                    if self.min_abs(b) < 0.2:
                        return None
                    stmt = f"{k}.div_({b})"
                elif op == "add_alpha":
                    stmt = f"{k}.add_({b}, alpha={self.scalar()})"
                else:
                    stmt = f"{k}.{op}({b})"
        elif form == "setitem":
            adv = self.draw(st.booleans())
            idx = self.adv_index(s, unique=True) if adv else self.basic_index(s)
            if idx is None:
                return None
            try:
                view = eval(f"{k}[{idx}]", self.ns)  # noqa: S307  (our own generated code)
            except Exception:  # noqa: BLE001
                return None
            ts = tuple(view.shape)
            if ("setitem_whole_grad_fn" in self.exclude and ts == s
                    and view.data_ptr() == self.t(k).data_ptr() and view.stride() == self.t(k).stride()):
                return None
            b = self.operand_for(ts, k) if self.draw(st.booleans()) else None
            stmt = f"{k}[{idx}] = {b if b is not None else self.scalar()}"
        else:  # slice_op: in-place on a slice of the target (advanced: on a copy, the target is unchanged)
            adv = self.draw(st.integers(0, 4)) == 0
            idx = self.adv_index(s) if adv else self.basic_index(s)
            if idx is None:
                return None
            op = self.choice(["mul_", "add_", "clamp_"])
            arg = "min=0.0" if op == "clamp_" else self.scalar(nonzero=True)
            stmt = f"{k}[{idx}].{op}({arg})"
        if "view_of_base_made_requires_grad" in self.exclude and not self.t(k).requires_grad:
            operands = set(re.findall(r"\bv\d+\b", stmt)) - {k}
            if any(self.t(n).requires_grad for n in operands):
                return None
        out = self.new()
        return f"{stmt}; {out} = {k}", out

    def s_clone_inplace(self):  # (clone() does not share storage with an expanded value)
        a = self.pick()
        s = self.shape(a)
        idx = self.basic_index(s)
        if idx is None:
            return None
        out = self.new()
        op = self.choice(["mul_(2.0)", "add_(1.5)", "zero_()", "neg_()"])
        return f"{out} = {a}.clone(); {out}[{idx}].{op}", out

    def s_misc(self):
        a = self.pick()
        form = self.choice(["clone", "detach", "no_grad", "retain_grad", "retain_grad"])
        out = self.new()
        if form == "clone":
            return f"{out} = {a}.clone()", out
        if form == "detach":
            return f"{out} = {a}.detach()", out
        if form == "no_grad":
            return f"with torch.no_grad(): {out} = {a} * 2.0", out
        # retain_grad on a non-leaf; aliased under a new name so the step still defines a value
        if self.t(a).is_leaf or (self.second_order and "retain_grad_then_autograd_grad" in self.exclude):
            return None
        return f"{a}.retain_grad(); {out} = {a}", out

    KINDS = {
        "basic": ["unary", "unary", "scalar", "binary", "binary", "reduce", "view", "view", "index",
                  "catstack", "matmul", "inplace", "clone_inplace", "misc"],
        "inplace": ["unary", "scalar", "binary", "reduce", "view", "view", "view", "index", "inplace",
                    "inplace", "inplace", "inplace", "clone_inplace", "misc", "misc"],
    }

    def kinds(self):
        return self.KINDS["inplace" if self.mode == "inplace" else "basic"]

    def ill_conditioned(self, code):
        """Steps whose result a last-bit difference in an input changes wholly (not a difference to compare)."""
        return False

    def step(self):
        kind = self.choice(self.kinds())
        built = getattr(self, "s_" + kind)()
        if built is None:
            return
        code, out = built
        if any(tok in code for tok in self.tokens):
            return
        if any(KNOWN_BUG_CHECKS[flag](self, code) for flag in self.exclude if flag in KNOWN_BUG_CHECKS):
            return
        if self.ill_conditioned(code):
            return
        used = set(re.findall(r"\bv\d+\b", code)) - {out}
        if "adv_index_noncontig" in self.exclude and kind == "view" and used & self.tainted \
                and any(f in code for f in (".view(", "flatten", "reshape", "contiguous")):
            return
        if "retain_grad_inplace" in self.exclude and self.retained and kind in ("inplace", "clone_inplace"):
            return
        if self.attempt(code, out):
            if kind == "index" or used & self.tainted:
                self.tainted.add(out)
            if "retain_grad()" in code:
                self.retained = True
            if "expand" in code and out is not None and out in self.ns:    # (not when the kept step raised)
                self.expanded.add(self.t(out).untyped_storage().data_ptr())

    # -- the end: a scalar loss and backward / autograd.grad ------------------------------------------
    def finish(self, second_order):
        rg = [n for n in self.names if self.t(n).requires_grad]
        outs = []
        last = self.names[-1]
        outs.append(last if last in rg or not rg else rg[-1])
        for _ in range(self.draw(st.integers(0, 2))):
            if rg:
                outs.append(self.pick(rg))
        terms = []
        for n in dict.fromkeys(outs):
            if self.draw(st.booleans()) and self.t(n).numel():
                w = np.round(np.random.default_rng(self.draw(st.integers(0, 2**16))).uniform(-1, 1, self.shape(n)), 2)
                terms.append(f"({n} * {_tensor_literal(w)}).sum()")
            else:
                terms.append(f"{n}.sum()")
        if not self.attempt("loss = " + " + ".join(terms), "loss", defines_new=False):
            return
        if self.ended:
            return
        leaves = ", ".join(self.leaves_rg)
        if not second_order:
            # (not with 0-d leaves: torch's AccumulateGrad then steals one gradient tensor into two
            # leaves' .grad and the second backward counts it twice, a torch quirk)
            twice = self.draw(st.integers(0, 3)) == 0 and all(self.t(n).dim() for n in self.leaves_rg)
            code = "loss.backward(retain_graph=True); loss.backward()" if twice else "loss.backward()"
            self.force(code)
            return
        if not self.force(f"gs = torch.autograd.grad(loss, [{leaves}], create_graph=True, allow_unused=True)"):
            return
        gs = self.ns["gs"]
        parts = []
        for i, g in enumerate(gs):
            if g is None or not g.requires_grad:
                continue
            if self.draw(st.booleans()):
                parts.append(f"(gs[{i}] ** 2).sum()")
            else:
                w = np.round(np.random.default_rng(self.draw(st.integers(0, 2**16))).uniform(-1, 1, tuple(g.shape)), 2)
                parts.append(f"(gs[{i}] * {_tensor_literal(w)}).sum()")
        if not parts:
            return
        if not self.force("s2 = " + " + ".join(parts)):
            return
        if self.draw(st.booleans()):
            self.force(f"g2s = torch.autograd.grad(s2, [{leaves}], allow_unused=True)")
        else:
            self.force("s2.backward()")  # second derivatives land in the leaves' .grad

    def force(self, code):
        """Keep ``code`` whether or not torch raises (an error then ends the program)."""
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                exec(_compile(code), self.ns)
        except Exception:  # noqa: BLE001
            self.lines.append((code, None))
            self.ended = True
            return False
        self.lines.append((code, None))
        return True


class WideGen(WideSteps, Gen):
    """The wide mode (tests/fuzz_wide.py): special values, empty and size-1 dims, int / bool / float32 and
    non-contiguous leaves, Python scalars on either side, the whole derived vocabulary."""

    WIDE_KINDS = ["wscalar", "vocab", "vocab", "vocab", "table", "table"]

    def kinds(self):
        return super().kinds() + self.WIDE_KINDS

    def ill_conditioned(self, code):
        # x % 1e-30, fmod, floor division by a tiny divisor: one ulp of x (NumPy's sigmoid against torch's) moves
        # the result anywhere in [0, 1e-30)
        return re.search(r"(%|//|remainder|fmod|floor_divide|rounding_mode).*e-30|e-30.*(%|//|remainder|fmod|"
                         r"floor_divide|rounding_mode)", code) is not None

    def _ok(self, t):   # any values (NaN, inf, empty) as long as the program stays small
        return isinstance(t, torch.Tensor) and t.dim() <= MAX_NDIM and t.numel() <= MAX_NUMEL


@st.composite
def programs(draw, mode="basic", second_order=False, exclude=(), wide=False):
    g = (WideGen if wide else Gen)(draw, mode, second_order, exclude)
    g.leaves()
    n_steps = draw(st.integers(3, 12))
    for _ in range(n_steps):
        if g.ended:
            break
        before = len(g.lines)
        for _attempt in range(4):  # a few tries per step (a step may not apply / may overflow)
            g.step()
            if len(g.lines) > before:
                break
    if not g.ended:
        g.finish(second_order)
    return Program(g.lines)
