"""How an op runs and records itself: ``apply`` and its one- and two-input fast paths.

``apply(cls, tensors, arrays, *params)`` runs ``cls.forward`` on the arrays and, when a tensor
input requires grad in grad mode, records a node: its sequence number, ``next_functions``
(``(node, output_nr)`` pairs, ``AccumulateGrad`` for leaves, ``(None, 0)`` for inputs that need no
grad), the inputs' shapes and dtypes (the engine sums and casts each gradient back to them), and
which saved arrays are inputs or outputs (found by identity), with their versions, so backward can
check them.

An op with ``multi_output`` returns a tuple of arrays from forward and gets a tuple of tensors
back: the ``differentiable_outputs`` (all, by default) are outputs of one shared node, numbered by
``output_nr``; the others (``max``'s indices) are plain tensors.
"""
from __future__ import annotations

import numpy as np

from .._dtype import _BY_CHAR
from .._errors import INFERENCE_SAVED
from .._grad_mode import STATE
from .._graph import NO_RECORD, UNARY, accumulate_grad_node, next_seq, set_edges
from .._tensor import Tensor, make, _object_new
from ._op import edge
from ._view_graph import mark_view, refresh_view_grad_fn

__all__ = ["apply", "apply1", "apply2", "record"]

_ndarray = np.ndarray


def fresh(t: Tensor) -> None:
    """A view whose base changed in place since it was made re-reads its grad_fn (and
    requires_grad) from the base before it is used."""
    if t._view.version != t._vc[0]:
        refresh_view_grad_fn(t)


def apply(cls, tensors: tuple, arrays: tuple, *params) -> Tensor:
    """Run ``cls.forward`` on ``arrays`` and, if any of ``tensors`` requires grad in grad mode,
    record a node. ``tensors[i]`` is the Tensor behind ``arrays[i]`` (None for a Python scalar)."""
    if len(arrays) == 1 and len(tensors) == 1 and not cls.multi_output:
        # one input (views, reductions, clone, to...): apply1's path, not record()'s lists and loops
        # (-1.1% instructions of the HVP, benchmarks/compare.py workload hvp)
        return apply1(cls, tensors[0], arrays[0], *params)
    if STATE.enabled:
        # every stale view re-reads its grad_fn before any is asked (a later one may require grad now)
        for t in tensors:
            if t is not None and t._view is not None:
                fresh(t)
        for t in tensors:
            if t is not None and t._requires_grad:
                return record(cls, tensors, arrays, params, None)
    return _no_record(cls, tensors[0], cls.forward(NO_RECORD, *arrays, *params), params)


def apply1(cls, t: Tensor, a, *params) -> Tensor:
    """``apply`` for one tensor input (the hot path of unary ops)."""
    if t._view is not None:
        fresh(t)
    if t._requires_grad and STATE.enabled:
        node = _object_new(cls)
        node._seq = next_seq()
        fn = t._grad_fn
        # edge(t) only for leaves, views and later outputs of multi-output nodes: the common
        # case (output 0 of a non-view) is the producer itself
        if fn is not None and t._view is None and not t._output_nr:
            node._next0 = fn
            node._next1 = UNARY
        else:
            set_edges(node, (edge(t),))
        d = t._data
        dt = d.dtype
        node._in_meta = ((d.shape, dt),)
        out = cls.forward(node, a, *params)
        if type(out) is not _ndarray:
            out = _as_result(node, out)
        if dt is not _F64 and dt is not _F32 and dt.num <= _LAST_INT:
            _differentiable(out, (t,))  # an integer tensor that requires grad (a float written into it)
        result = _object_new(Tensor)   # make(out, True, node), inlined
        result._data = out
        result._requires_grad = True
        result._grad_fn = node
        result._output_nr = 0
        saved = node._saved
        if saved and len(saved) == 1 and saved[0] is out:
            # tanh, exp, sigmoid... save their result alone: its version counter is the whole record, noted
            # without _resolve_saved's search (-6% instructions recording the small-op chain, benchmarks/run.py
            # workload 1), and a dict, which the cyclic collector does not track while it holds only ints and
            # strings (a list is tracked: 1.34 -> 1.00 tracked objects per recorded op, workload 7)
            result._vc = node._saved_src = {0: 0, 1: None}
        else:
            result._vc = [0, None]
            if saved:
                _resolve_saved(node, out, result, (t,), (a,), None)
        if cls.is_view:
            mark_view(result, t, params, cls)
        return result
    out = cls.forward(NO_RECORD, a, *params)
    if type(out) is not _ndarray or cls.is_view or cls.multi_output:
        return _no_record(cls, t, out, params)
    result = _object_new(Tensor)        # make(out), inlined: every unrecorded unary op passes here
    result._data = out
    result._requires_grad = False
    result._grad_fn = None
    result._vc = [0, None]
    result._output_nr = 0
    if STATE.inference:
        result._inference = True
    return result


def apply2(cls, ta: Tensor, tb, a, b, *params) -> Tensor:
    """``apply`` for two inputs (``tb`` may be None for a Python scalar): binary ops' hot path."""
    if ta._view is not None:
        fresh(ta)
    if tb is not None and tb._view is not None:
        fresh(tb)
    if STATE.enabled and (ta._requires_grad or (tb is not None and tb._requires_grad)):
        node = _object_new(cls)
        node._seq = next_seq()
        # the edge of output 0 of a node is the node, of a leaf that is no view its AccumulateGrad (a
        # parameter plus a constant: -10% instructions of the op, callgrind)
        integer = False     # an integer tensor that requires grad (a float written into it): see _differentiable
        if ta._requires_grad:
            fn = ta._grad_fn
            if ta._view is not None or ta._output_nr:
                ea = _EDGE
            else:
                ea = fn if fn is not None else accumulate_grad_node(ta)
            d = ta._data
            dt = d.dtype
            ma = (d.shape, dt)
            if dt is not _F64 and dt is not _F32 and dt.num <= _LAST_INT:
                integer = True
        else:
            ea, ma = None, None
        if tb is not None and tb._requires_grad:
            fn = tb._grad_fn
            if tb._view is not None or tb._output_nr:
                eb = _EDGE
            else:
                eb = fn if fn is not None else accumulate_grad_node(tb)
            d = tb._data
            dt = d.dtype
            mb = (d.shape, dt)
            if dt is not _F64 and dt is not _F32 and dt.num <= _LAST_INT:
                integer = True
        else:
            eb, mb = None, None
        if ea is _EDGE or eb is _EDGE:   # a leaf, a view, or output 1+ of its node: edge() finds it
            set_edges(node, (edge(ta), edge(tb) if tb is not None else _NO_EDGE))
        else:
            node._next0 = ea
            node._next1 = eb
        node._in_meta = (ma, mb)
        if b is a and tb is not ta:      # two tensors sharing storage: keep them apart (_distinct)
            b = b.view()
        out = cls.forward(node, a, b, *params)
        if type(out) is not _ndarray:
            out = _as_result(node, out)
        if integer:
            _differentiable(out, (ta, tb))
        result = _object_new(Tensor)   # make(out, True, node), inlined: this is the hottest path
        result._data = out
        result._requires_grad = True
        result._grad_fn = node
        result._vc = [0, None]
        result._output_nr = 0
        saved = node._saved
        if saved:
            for s in saved:     # only when an array was saved (``y * 1.0001`` saves the number alone)
                if type(s) is _ndarray:
                    _resolve_saved2(node, saved, out, result, ta, tb, a, b)
                    break
        return result
    out = cls.forward(NO_RECORD, a, b, *params)
    if type(out) is not _ndarray:
        out = np.asarray(out)
    result = _object_new(Tensor)        # make(out), inlined: every unrecorded binary op passes here
    result._data = out
    result._requires_grad = False
    result._grad_fn = None
    result._vc = [0, None]
    result._output_nr = 0
    if STATE.inference:
        result._inference = True
    return result


_NO_EDGE = (None, 0)
_F64, _F32 = np.dtype(np.float64), np.dtype(np.float32)
_LAST_INT = 10          # NumPy's type numbers: 0 bool, 1-10 the integers (a test of .num is cheaper than .kind's)


def _differentiable(out: np.ndarray, tensors: tuple) -> None:
    """torch's check of a recorded op's integer or bool output, for an integer tensor that requires grad (torch
    lets a float written into one, ``t[0] = x``, make it require grad; ``t.float()`` is then differentiable,
    ``t.abs()`` refused). Ops whose integer outputs take no gradient (indices) record none of them."""
    if out.dtype.kind in "biu" and any(t is not None and t._requires_grad and t._data.dtype.kind in "biu"
                                       for t in tensors):
        raise RuntimeError(f"Autograd not support dtype: {_BY_CHAR[out.dtype.char]._legacy[:-6]}")


_EDGE = object()    # apply2: "ask edge()" (a leaf, a view, or output 1+ of a node with several)


def _as_result(node, raw) -> np.ndarray:
    """NumPy returns a scalar, not a 0-d array, for 0-d results: make it an array, and if forward
    saved that scalar (its result), save the array instead so backward sees the recorded output."""
    out = np.asarray(raw)
    saved = node._saved
    if saved:
        for s in saved:
            if s is raw:
                node._saved = tuple(out if s is raw else s for s in saved)
                break
    return out


def _no_record(cls, t0, out, params) -> Tensor:
    if cls.multi_output:
        return _no_record_multi(cls, t0, out, params)
    if type(out) is not _ndarray:
        out = np.asarray(out)
    result = make(out)
    if STATE.inference:
        result._inference = True
    if cls.is_view:
        mark_view(result, t0, params, cls)
    return result


def _distinct(tensors, arrays) -> tuple:
    """Give each tensor its own array object, so saved arrays map back to the right tensor even
    when two tensors share storage (``x @ x.detach()``, ``y.mul_(y)``)."""
    if len(arrays) == 3:        # addmm, linear, where, lerp...: three distinct arrays, the usual case, in 3 tests
        a, b, c = arrays
        if a is not b and a is not c and b is not c:
            return arrays
    seen = {}
    out = list(arrays)
    for j in range(len(tensors)):
        a = out[j]
        if type(a) is _ndarray:
            k = seen.setdefault(id(a), j)
            if k != j and tensors[k] is not tensors[j]:
                out[j] = a.view()
    return tuple(out)


def record(cls, tensors, arrays, params, inplace_of):
    if len(tensors) > 1:
        arrays = _distinct(tensors, arrays)
    node = _object_new(cls)
    node._seq = next_seq()
    nexts = []
    meta = []
    for t in tensors:
        if t is None or not t._requires_grad:
            nexts.append(_NO_EDGE)
            meta.append(None)
        else:
            fn = t._grad_fn
            nexts.append((fn, 0) if fn is not None and t._view is None and not t._output_nr else edge(t))
            d = t._data
            meta.append((d.shape, d.dtype))
    set_edges(node, nexts)
    node._in_meta = tuple(meta)
    out = cls.forward(node, *arrays, *params)
    if cls.multi_output:
        return _record_multi(cls, node, out, tensors, arrays, params, inplace_of)
    if type(out) is not _ndarray:
        out = _as_result(node, out)
    if inplace_of is None and out.dtype.kind in "biu":      # (an in-place op records, as torch's)
        _differentiable(out, tensors)
    result = make(out, True, node)
    if node._saved:
        _resolve_saved(node, out, result, tensors, arrays, inplace_of)
    if cls.is_view:
        mark_view(result, tensors[0], params, cls)
    return result


def _resolve_saved2(node, saved, out, result, ta, tb, a, b) -> None:
    """``_resolve_saved`` for apply2's two operands (no in-place op, one output), without its tuples and
    slices: every recorded product and quotient passes here (a leaf times a
    constant: 36.8 k -> 33.2 k instructions, benchmarks/instructions.py)."""
    src = None
    for i, s in enumerate(saved):
        if type(s) is not _ndarray:
            continue            # a saved scalar needs nothing
        if s is out:
            entry = (i, None, result._vc, 0)
        else:
            t = ta if s is a else tb if s is b and tb is not None else None
            if t is None:
                continue
            if t._inference:
                raise RuntimeError(INFERENCE_SAVED)
            vc = t._vc
            entry = (i, t, vc, vc[0])
        if src is None:
            src = [entry]
        else:
            src.append(entry)
    if src is not None:
        node._saved_src = tuple(src)


def _resolve_saved(node, out, result, tensors, arrays, inplace_of, outputs=()) -> None:
    """Note which saved arrays are inputs or the output, so backward can check their versions
    (and, with create_graph, use the tensors themselves). ``outputs``: a multi-output op's
    (array, tensor) pairs."""
    saved = node._saved
    src = []
    for i, s in enumerate(saved):
        if type(s) is _ndarray:
            if s is out:
                src.append((i, None, result._vc, 0))
                continue
            if outputs and _saved_output(node, i, s, outputs, src):
                continue
            for j, a in enumerate(arrays[:len(tensors)]):  # arrays past tensors (masks...) are constants
                if s is a and tensors[j] is not None:
                    t = tensors[j]
                    if t._inference:
                        raise RuntimeError(INFERENCE_SAVED)
                    if t is inplace_of:
                        # saving the pre-in-place value of the tensor being overwritten: keep a copy
                        s = s.copy()
                        saved = saved[:i] + (s,) + saved[i + 1:]
                        copy = make(s, t._requires_grad, t._grad_fn)
                        copy._output_nr = t._output_nr
                        t = copy
                    src.append((i, t, t._vc, t._vc[0]))
                    break
    node._saved = saved
    if src:
        node._saved_src = tuple(src)


# ----------------------------------------------------------------------------------------------
# ops with several outputs (multi_output): forward returns a tuple of arrays
def _outputs_of(cls, out) -> tuple:
    diff = cls.differentiable_outputs
    return tuple(range(len(out))) if diff is None else diff


def _record_multi(cls, node, out, tensors, arrays, params, inplace_of) -> tuple:
    """The outputs of a recorded multi-output op: the differentiable ones share ``node``."""
    out = tuple(o if type(o) is _ndarray else _as_result(node, o) for o in out)
    diff = _outputs_of(cls, out)
    if len(diff) > 1 or cls.differentiable_outputs is None:
        node._out_meta = tuple((out[k].shape, out[k].dtype) for k in diff)
        node._general = True
    results = []
    for k, o in enumerate(out):
        if k in diff:
            r = make(o, True, node)
            nr = diff.index(k)
            if nr:
                r._output_nr = nr
            if cls.is_view:
                mark_view(r, tensors[0], params + (k,), cls)
        else:
            r = make(o)
        results.append(r)
    if node._saved:
        _resolve_saved(node, None, None, tensors, arrays, inplace_of, tuple(zip(out, results)))
    return tuple(results)


def _saved_output(node, i, s, outputs, src) -> bool:
    """Saved array ``s`` (at ``i``) is one of the outputs: note it (a differentiable one as the
    node's own, with its output_nr; another one as the plain tensor it is)."""
    for o, r in outputs:
        if s is o:
            if r._grad_fn is node:
                src.append((i, None, r._vc, r._vc[0]))
                if r._output_nr:
                    if "_saved_out_nr" not in node.__dict__:
                        node._saved_out_nr = {}
                    node._saved_out_nr[i] = r._output_nr
            else:
                src.append((i, r, r._vc, r._vc[0]))
            return True
    return False


def _no_record_multi(cls, t0, out, params) -> tuple:
    results = []
    for k, o in enumerate(out):
        r = make(o if type(o) is _ndarray else np.asarray(o))
        if STATE.inference:
            r._inference = True
        if cls.is_view and k in _outputs_of(cls, out):
            mark_view(r, t0, params + (k,), cls)
        results.append(r)
    return tuple(results)
