"""The fuzzer's threaded mode: one generated program's backward run from several threads at once.

Two ways (torch allows both and loses nothing):

- shared leaves: the leaves that require grad are made once; every thread runs the rest of the program
  (its own graph) and backward, ``REPS`` times. Every contribution is the same tensor, so whatever the
  order their sum is the same: each leaf's ``.grad`` must equal the one a serial run of the same
  ``THREADS * REPS`` passes leaves, to the last bits NumPy's alignment-dependent loops may change (see
  ``assert_same``), and that one must match torch's.
- separate leaves: every thread runs the whole program, its own leaves; each thread's ``.grad`` must equal
  the one a single serial run gives (to those last bits).

Afterwards the process-wide state the engine touches (the garbage collector's switch) must be as before.
"""
from __future__ import annotations

import gc
import sys
import threading
import warnings

import numpy as np

THREADS, REPS = 4, 3


def _exec(lines, ns):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for code in lines:
            exec(code, ns)   # noqa: S102  (generated programs)
    return ns


def split_program(torch, prog):
    """(leaf lines, body lines, leaf names): the lines that make the leaves requiring grad, and the rest.
    None when the program does not suit the threaded mode: it raises on torch, has no single plain
    backward, or its body changes a leaf's values or version (``v0.detach().mul_(2)``: the threads would
    race on data and versions, not on gradients)."""
    src = [code for code, _ in prog.lines]
    if not src or not src[-1].startswith("loss.backward(") or any("autograd.grad" in c for c in src):
        return None
    try:
        ns = _exec(src, {"torch": torch})
    except Exception:  # noqa: BLE001
        return None
    leaves = [out for _, out in prog.lines if out is not None and out in ns and isinstance(ns[out], torch.Tensor)
              and ns[out].is_leaf and ns[out].requires_grad]
    leaves = list(dict.fromkeys(leaves))
    if len({id(ns[n]) for n in leaves}) < len(leaves):
        return None     # a name bound to a leaf itself (``v4 = v0.type_as(v3)`` returns v0): not this mode's
    if any(ns[n].dim() == 0 for n in leaves):   # torch quirk: see test_fuzz.Gen.finish (a stolen 0-d gradient)
        return None
    first = {out: i for i, (_, out) in reversed(list(enumerate(prog.lines))) if out in leaves}
    if any(not src[i].startswith(f"{name} = ") for name, i in first.items()):
        return None
    leaf_lines = [src[i] for i in sorted(first.values())]
    body = [c for i, c in enumerate(src) if i not in first.values()]
    shared = _exec(leaf_lines, {"torch": torch})
    before = {n: shared[n].detach().clone() for n in leaves}
    versions = {n: shared[n]._version for n in leaves}
    try:
        _exec(body, dict(shared))
        _exec(body, dict(shared))
    except Exception:  # noqa: BLE001  (a second pass accumulates into .grad: fine; anything else is not)
        return None
    for n in leaves:
        if not torch.equal(torch.nan_to_num(before[n]), torch.nan_to_num(shared[n].detach())):
            return None
        if shared[n]._version != versions[n]:
            # an in-place op on a leaf's memory (``v1.detach().abs_()``, even when it changes no value): a
            # thread's bump fails another thread's saved-version check, in torch as in ember
            return None
    return leaf_lines, body, leaves


def _grads(ns, leaves):
    return {n: None if ns[n].grad is None else np.array(ns[n].grad.detach().numpy(), copy=True) for n in leaves}


def serial_shared(mod, leaf_lines, body, leaves, passes):
    shared = _exec(leaf_lines, {"torch": mod})
    for _ in range(passes):
        _exec(body, dict(shared))
    return _grads(shared, leaves)


def _run_threads(target, n):
    errors = []
    barrier = threading.Barrier(n)

    def run(k):
        try:
            barrier.wait()
            target(k)
        except BaseException as e:  # noqa: BLE001  (reported by the caller)
            errors.append(e)
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)   # switch threads often: races show up in a few passes
    try:
        threads = [threading.Thread(target=run, args=(k,)) for k in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(old)
    if errors:
        raise errors[0]


def concurrent_shared(mod, leaf_lines, body, leaves):
    shared = _exec(leaf_lines, {"torch": mod})

    def target(_k):
        for _ in range(REPS):
            _exec(body, dict(shared))
    _run_threads(target, THREADS)
    return _grads(shared, leaves)


def concurrent_separate(mod, leaf_lines, body, leaves):
    results = [None] * THREADS

    def target(k):
        ns = _exec(leaf_lines + body, {"torch": mod})
        results[k] = _grads(ns, leaves)
    _run_threads(target, THREADS)
    return results


def assert_same(got, want, what, passes=1):
    """Equal to within 64 units in the last place of the largest value, per pass (NaN equal to NaN), or
    both None. Not exactly: NumPy's kernels pick their loop by the operands' memory alignment (matmul
    takes BLAS only for aligned operands), so the same pass can round differently in the last bit when
    threads interleave their allocations; a lost contribution is off by a whole pass, far beyond this."""
    for n in want:
        g, w = got[n], want[n]
        assert (g is None) == (w is None), f"{what}: {n}.grad is {'None' if g is None else 'set'}, expected " \
                                           f"{'None' if w is None else 'set'}"
        if w is not None:
            assert g.shape == w.shape and g.dtype == w.dtype, \
                f"{what}: {n}.grad {g.shape} {g.dtype} vs {w.shape} {w.dtype}"
            if g.dtype.kind in "fc":
                finite = np.isfinite(w)
                same = (g == w) | (np.isnan(g) & np.isnan(w))
                scale = float(np.max(np.abs(w[finite]), initial=0.0))
                ulps = 64 * passes * np.finfo(g.dtype).eps * scale
                same |= finite & np.isfinite(g) & (np.abs(g - w) <= ulps)
            else:
                same = g == w
            assert np.all(same), f"{what}: {n}.grad differs\n  got:      {g.tolist()}\n  expected: {w.tolist()}"


def check_threads(ember, torch, prog, close, shared=True):
    """The threaded mode on one program (see the module docstring); ``close(a, b, what)`` compares ember's
    serial result with torch's; ``shared=False`` leaves the concurrent shared-leaves comparison out."""
    split = split_program(torch, prog)
    if split is None:
        return False
    leaf_lines, body, leaves = split
    gc_was = gc.isenabled()
    passes = THREADS * REPS
    want = serial_shared(ember, leaf_lines, body, leaves, passes)
    oracle = serial_shared(torch, leaf_lines, body, leaves, passes)
    for n in leaves:
        close(want[n], oracle[n], f"{n}.grad after {passes} serial passes on shared leaves")
    if shared:
        assert_same(concurrent_shared(ember, leaf_lines, body, leaves), want,
                    f"{THREADS} threads x {REPS} passes on shared leaves", passes)
    single = serial_shared(ember, leaf_lines, body, leaves, 1)
    for k, got in enumerate(concurrent_separate(ember, leaf_lines, body, leaves)):
        assert_same(got, single, f"thread {k} of {THREADS} on its own leaves")
    assert gc.isenabled() == gc_was, "concurrent backward left the garbage collector " + \
        ("disabled" if gc_was else "enabled")
    return True
