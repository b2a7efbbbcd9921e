"""How an op runs and records itself: ``apply`` (out-of-place) and ``apply_inplace``.

An op is a :class:`Op` subclass named as torch names its node (``MulBackward0``), holding

* ``forward(ctx, *arrays, *params) -> ndarray``: the computation on NumPy arrays; it may call
  ``ctx.save(...)`` with arrays it needs later (inputs, its output, or intermediates);
* ``backward(ctx, grad, F) -> grad or tuple of grads``: one formula for both engine modes. ``F``
  is :class:`~ember.ops.fns.ArrayFns` (raw NumPy, fast) or :class:`~ember.ops.fns.TensorFns`
  (ember ops, recorded, so higher derivatives work); ``F.saved(ctx)`` returns what forward saved.

Gradients may have the broadcast shape or a wider dtype: the engine sums them back to each
input's shape and casts to its dtype in one place.
"""
from __future__ import annotations

import numpy as np

from .._tensor import Tensor, make, _object_new, _ViewInfo
from ..autograd.grad_mode import STATE
from ..autograd.graph import NO_RECORD, Node, caller_location

_ndarray = np.ndarray


class Op(Node):
    """Base of every built-in op; see the module docstring."""

    __slots__ = ()
    _saved_names: tuple = ()      # names of saved values, for grad_fn._saved_<name>
    _param_names: tuple = ()
    is_view = False               # output shares memory (and version counter) with input 0
    allows_overlap = False        # in-place form may write into an expanded tensor (fill_)
    refuses_any_overlap = False   # even an operand over the very same memory is refused (index_put_)
    reads_operands_first = False  # operands are read before writing (fill_): no overlap to check
    inplace_ufunc = None          # NumPy ufunc for the unrecorded in-place form (add_ -> np.add)

    @staticmethod
    def forward(ctx, *args):
        raise NotImplementedError

    def backward(ctx, grad, F):
        raise NotImplementedError(f"the derivative for '{type(ctx).__name__}' is not implemented.")


def fresh(t: Tensor) -> None:
    """A view whose base changed in place since it was made re-reads its grad_fn (and
    requires_grad) from the base before it is used."""
    info = t._view
    if info.version != t._vc[0]:
        from .shape import refresh_view_grad_fn
        refresh_view_grad_fn(t)


def apply(cls, tensors: tuple, arrays: tuple, *params) -> Tensor:
    """Run ``cls.forward`` on ``arrays`` and, if any of ``tensors`` requires grad in grad mode,
    record a node. ``tensors[i]`` is the Tensor behind ``arrays[i]`` (None for a Python scalar)."""
    if STATE.enabled:
        for t in tensors:
            if t is not None and t._view is not None:
                fresh(t)
            if t is not None and t._requires_grad:
                return _record(cls, tensors, arrays, params, None)
    return _no_record(cls, tensors[0], cls.forward(NO_RECORD, *arrays, *params), params)


def apply1(cls, t: Tensor, a, *params) -> Tensor:
    """``apply`` for one tensor input (the hot path of unary ops)."""
    if t._view is not None:
        fresh(t)
    if t._requires_grad and STATE.enabled:
        node = _object_new(cls)
        fn = t._grad_fn
        if fn is None or t._view is not None:
            fn = edge(t)[0]
        node.next_functions = ((fn, 0),)
        d = t._data
        node._in_meta = ((d.shape, d.dtype),)
        out = cls.forward(node, a, *params)
        if type(out) is not _ndarray:
            out = _as_result(node, out)
        result = make(out, True, node)
        if node._saved:
            _resolve_saved(node, out, result, (t,), (a,), None)
        if cls.is_view:
            _mark_view(result, t, params, cls)
        return result
    return _no_record(cls, t, cls.forward(NO_RECORD, a, *params), params)


def apply2(cls, ta: Tensor, tb, a, b, *params) -> Tensor:
    """``apply`` for two inputs (``tb`` may be None for a Python scalar): binary ops' hot path."""
    if ta._view is not None:
        fresh(ta)
    if tb is not None and tb._view is not None:
        fresh(tb)
    if STATE.enabled and (ta._requires_grad or (tb is not None and tb._requires_grad)):
        node = _object_new(cls)
        if ta._requires_grad:
            fn = ta._grad_fn
            if fn is None or ta._view is not None:
                fn = edge(ta)[0]
            d = ta._data
            ea, ma = (fn, 0), (d.shape, d.dtype)
        else:
            ea, ma = _NO_EDGE, None
        if tb is not None and tb._requires_grad:
            fn = tb._grad_fn
            if fn is None or tb._view is not None:
                fn = edge(tb)[0]
            d = tb._data
            eb, mb = (fn, 0), (d.shape, d.dtype)
        else:
            eb, mb = _NO_EDGE, None
        node.next_functions = (ea, eb)
        node._in_meta = (ma, mb)
        if b is a and tb is not ta:      # two tensors sharing storage: keep them apart (_distinct)
            b = b.view()
        out = cls.forward(node, a, b, *params)
        if type(out) is not _ndarray:
            out = _as_result(node, out)
        result = _object_new(Tensor)   # make(out, True, node), inlined: this is the hottest path
        result._data = out
        result._requires_grad = True
        result._grad_fn = node
        result._vc = [0, None]
        saved = node._saved
        if saved:
            for s in saved:  # only resolve when an array was saved (a saved scalar needs nothing)
                if type(s) is _ndarray:
                    _resolve_saved(node, out, result, (ta, tb), (a, b), None)
                    break
        return result
    out = cls.forward(NO_RECORD, a, b, *params)
    if type(out) is not _ndarray:
        out = np.asarray(out)
    result = make(out)
    if STATE.inference:
        result._inference = True
    return result


_NO_EDGE = (None, 0)


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
    if type(out) is not _ndarray:
        out = np.asarray(out)
    result = make(out)
    if STATE.inference:
        result._inference = True
    if cls.is_view:
        _mark_view(result, t0, params, cls)
    return result


def edge(t: Tensor):
    """The (node, 0) pair through which a gradient reaches tensor ``t``."""
    if not t._requires_grad:
        return (None, 0)
    fn = t._grad_fn if t._view is None else t.grad_fn
    if fn is None:
        fn = t._accumulate_grad_node()
    return (fn, 0)


def _distinct(tensors, arrays) -> tuple:
    """Give each tensor its own array object, so saved arrays map back to the right tensor even
    when two tensors share storage (``x @ x.detach()``, ``y.mul_(y)``)."""
    seen = {}
    out = list(arrays)
    for j in range(len(tensors)):
        a = out[j]
        if type(a) is _ndarray:
            k = seen.setdefault(id(a), j)
            if k != j and tensors[k] is not tensors[j]:
                out[j] = a.view()
    return tuple(out)


def _record(cls, tensors, arrays, params, inplace_of):
    if len(tensors) > 1:
        arrays = _distinct(tensors, arrays)
    node = _object_new(cls)
    nexts = []
    meta = []
    for t in tensors:
        if t is None or not t._requires_grad:
            nexts.append((None, 0))
            meta.append(None)
        else:
            fn = t._grad_fn
            if fn is None or t._view is not None:
                fn = edge(t)[0]
            nexts.append((fn, 0))
            d = t._data
            meta.append((d.shape, d.dtype))
    node.next_functions = tuple(nexts)
    node._in_meta = meta
    out = cls.forward(node, *arrays, *params)
    if type(out) is not _ndarray:
        out = _as_result(node, out)
    result = make(out, True, node)
    if node._saved:
        _resolve_saved(node, out, result, tensors, arrays, inplace_of)
    if cls.is_view:
        _mark_view(result, tensors[0], params, cls)
    return result


def _resolve_saved(node, out, result, tensors, arrays, inplace_of) -> None:
    """Note which saved arrays are inputs or the output, so backward can check their versions
    (and, with create_graph, use the tensors themselves)."""
    saved = node._saved
    src = []
    for i, s in enumerate(saved):
        if type(s) is _ndarray:
            if s is out:
                src.append((i, None, result._vc, 0))
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
                        t = make(s, t._requires_grad, t._grad_fn)
                    src.append((i, t, t._vc, t._vc[0]))
                    break
    node._saved = saved
    if src:
        node._saved_src = tuple(src)


def _mark_view(result: Tensor, base: Tensor, params: tuple, cls) -> None:
    """Make ``result`` a view of ``base``: shared version counter, replay steps from the root."""
    step = cls.view_step(base._data, *params)
    info = base._view
    if info is None:
        result._view = _ViewInfo(base, (step,), base._vc[0])
    else:
        result._view = _ViewInfo(info.base, info.steps + (step,), base._vc[0])
    result._vc = base._vc


# ----------------------------------------------------------------------------------------------
# in-place ops

LEAF_INPLACE = "a leaf Variable that requires grad is being used in an in-place operation."
VIEW_OF_LEAF_INPLACE = "a view of a leaf Variable that requires grad is being used in an in-place operation."


INFERENCE_INPLACE = ("Inplace update to inference tensor outside InferenceMode is not allowed.You can make a clone "
                     "to get a normal tensor before doing inplace update.See https://github.com/pytorch/rfcs/pull/17 "
                     "for more details.")
INFERENCE_SAVED = ("Inference tensors cannot be saved for backward. Please do not use Tensors created in inference "
                   "mode in computation tracked by autograd. To work around this, you can make a clone to get a normal "
                   "tensor and use it in autograd, or use `torch.no_grad()` instead of `torch.inference_mode()`.")


def check_inplace(self: Tensor) -> None:
    """torch's errors for in-place ops that autograd cannot allow."""
    if self._inference and not STATE.inference:
        raise RuntimeError(INFERENCE_INPLACE)
    if STATE.enabled:
        if self._requires_grad and self._grad_fn is None:
            raise RuntimeError(LEAF_INPLACE)
        fn = self._grad_fn
        if fn is not None and fn.multi_view and self._view is not None:
            from .fns import forward_name
            raise RuntimeError(f"Output {fn.output_index} of {forward_name(fn)} is a view and is being modified "
                               "inplace. This view is the output of a function that returns multiple views. Such "
                               "functions do not allow the output views to be modified inplace. You should replace "
                               "the inplace operation by an out-of-place one.")
        view = self._view
        if view is not None and view.base._requires_grad and view.base._grad_fn is None:
            raise RuntimeError(VIEW_OF_LEAF_INPLACE)


def bump_version(self: Tensor) -> None:
    vc = self._vc
    vc[0] += 1
    vc[1] = caller_location()


def apply_inplace(cls, self: Tensor, tensors: tuple, arrays: tuple, *params) -> Tensor:
    """Run op ``cls`` and write its result into ``self`` (``tensors[0]`` is ``self``).

    Recorded as torch does: ``self``'s grad_fn becomes the op's node (regrafting), and for a view
    the base's grad_fn becomes ``CopySlices`` so gradients reach the base's other elements."""
    check_inplace(self)
    record = False
    if STATE.enabled:
        for t in tensors:
            if t is not None and t._view is not None:
                fresh(t)
        for t in tensors:
            if t is not None and t._requires_grad:
                record = True
                break
    _check_overlap(cls, self, arrays)
    if not record:
        ufunc = cls.inplace_ufunc
        d = self._data
        if ufunc is not None and arrays[0] is d and not params:
            # e.g. the optimizer's `p -= lr * g` under no_grad: straight into memory, no temporary
            try:
                ufunc(d, arrays[1], out=d, casting="same_kind")
                bump_version(self)
                return self
            except (TypeError, ValueError):
                pass  # the general path below raises torch's error
        out = cls.forward(NO_RECORD, *arrays, *params)
        write_into(self, out)
        bump_version(self)
        return self
    snapshot = make(self._data, self._requires_grad, self.grad_fn)
    snapshot._vc = self._vc
    tensors = (snapshot,) + tuple(tensors[1:])
    result = _record(cls, tensors, arrays, params, snapshot)
    write_into(self, result._data)
    bump_version(self)
    node = result._grad_fn
    if node._saved_src:
        # what the op saved of its output is ``self`` now, at its new version (y.sigmoid_() saves y)
        vc = self._vc
        node._saved_src = tuple((i, t, v, n) if t is not None else (i, None, vc, vc[0])
                                for i, t, v, n in node._saved_src)
    old = self._grad_fn
    if self._view is not None:
        from .shape import graft_view_inplace
        graft_view_inplace(self, node)
        # the op's saved output is the view, which is now read back from the base (CopySlices)
        node._output_fn = self._grad_fn
    else:
        self._grad_fn = node
        self._requires_grad = True
    if self._retains_grad and old is not None and old._retained is not None:
        # retain_grad() follows the tensor to its new version, as in torch
        new = self._grad_fn
        new._retained, old._retained = old._retained, None
        new._has_hooks = True
    return self


OVERLAP_INPUT = ("unsupported operation: some elements of the input tensor and the written-to tensor refer to a "
                 "single memory location. Please clone() the tensor before performing the operation.")
OVERLAP_SELF = ("unsupported operation: more than one element of the written-to tensor refers to a single memory "
                "location. Please clone() the tensor before performing the operation.")


def _check_overlap(cls, self: Tensor, arrays: tuple) -> None:
    """torch refuses in-place writes whose result would depend on the order elements are written
    (a fill of an expanded tensor is fine)."""
    d = self._data
    if not cls.allows_overlap and 0 in d.strides:
        for n, st in zip(d.shape, d.strides):
            if st == 0 and n > 1:       # an expanded tensor: several elements share memory
                raise RuntimeError(OVERLAP_SELF)
    if cls.reads_operands_first:
        return
    for a in arrays[1:]:
        if type(a) is _ndarray and np.may_share_memory(a, d) and (
                cls.refuses_any_overlap or (a is not d and _partial_overlap(a, d))):
            raise RuntimeError(OVERLAP_INPUT)


def _partial_overlap(a: np.ndarray, d: np.ndarray) -> bool:
    """torch's rule: dense operands over exactly the same bytes (y.mul_(y)) are fine, dense ones
    that overlap in part are refused; others are too hard to tell and allowed."""
    def dense(x):
        return x.flags.c_contiguous or x.flags.f_contiguous
    if not (dense(a) and dense(d)):
        return False
    def layout(x):   # strides of size-1 dims do not matter (NumPy and torch set them differently)
        return (x.__array_interface__["data"][0], x.nbytes, x.ndim,
                tuple(st for n, st in zip(x.shape, x.strides) if n > 1))
    return layout(a) != layout(d)


def write_into(self: Tensor, out) -> None:
    """Copy an op's result into ``self``'s memory, refusing lossy casts as torch does."""
    d = self._data
    od = np.asarray(out)
    if od.dtype != d.dtype and not np.can_cast(od.dtype, d.dtype, "same_kind"):
        from .._dtype import _BY_CHAR
        raise RuntimeError(f"result type {_cap(_BY_CHAR[od.dtype.char].name)} can't be cast to the desired output "
                           f"type {_cap(_BY_CHAR[d.dtype.char].name)}")
    if od.shape != d.shape:
        try:
            np.broadcast_to(od, d.shape)
        except ValueError:
            raise RuntimeError(f"output with shape {list(d.shape)} doesn't match the broadcast shape "
                               f"{list(np.broadcast_shapes(od.shape, d.shape))}") from None
    np.copyto(d, od, casting="unsafe")


def _cap(name: str) -> str:
    return {"float32": "Float", "float64": "Double", "float16": "Half", "int64": "Long", "int32": "Int",
            "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool"}.get(name, name)
