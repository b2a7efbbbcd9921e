"""In-place ops: torch's leaf and inference rules, memory-overlap rules, and regrafting.

``apply_inplace`` runs an op and writes its result into ``self``. Unrecorded (the optimizer's
``p -= lr * g`` under ``no_grad``) it goes straight into memory through the op's NumPy ufunc;
recorded, it computes the op out of place on a snapshot of the old value, writes the result into
``self``'s memory, bumps the shared version counter (noting the caller's file:line, which the
version error names) and makes the op's node ``self``'s grad_fn; on a view the base's grad_fn
becomes ``CopySlices`` (``_view_graph.py``).
"""
from __future__ import annotations

import sys
import warnings
import weakref
from typing import Callable

import numpy as np

from .._dtype import _BY_CHAR
from .._errors import (INFERENCE_INPLACE, LEAF_INPLACE, OVERLAP_INPUT, OVERLAP_SELF, VIEW_OF_LEAF_INPLACE,
                       broadcast_error)
from .._grad_mode import STATE
from .._graph import NO_RECORD, caller_location, move_retained
from .._tensor import Tensor, make
from ._op import saved_sources
from ._record import fresh, record
from ._view_graph import DEFAULT, creation_meta, graft_view_inplace, repeats_memory, view_rebase_error

__all__ = ["apply_inplace", "check_inplace", "bump_version", "deferred_error", "write_into", "warn_if_expanded"]

_ndarray = np.ndarray


def check_inplace(self: Tensor, tensors: tuple = ()) -> None:
    """torch's errors for in-place ops that autograd cannot allow (its ``check_inplace``), in torch's
    order; ``tensors`` are the op's other inputs: a view's rules apply when any input requires grad.
    (An inference tensor's refusal comes later, from ``bump_version``.)"""
    if not STATE.enabled:
        return
    view = self._view
    if view is not None:
        base = view.base
        # torch's requires_grad() of a view counts its base's (a view made under no_grad, a stale one)
        rg = self._requires_grad or base._requires_grad
        if not rg:      # (a plain x[0] = 1 in grad mode: a loop, not any(), on this common path)
            for t in tensors:
                if t is not None and (t._requires_grad or (t._view is not None and t._view.base._requires_grad)):
                    break
            else:
                return
        if creation_meta(self) != DEFAULT:
            raise view_rebase_error(self, False)
        if rg and base._grad_fn is None:
            # a view of a leaf: one requiring grad, or a constant whose view was made a leaf
            # (``t.t().requires_grad_()``); both would write into a leaf's memory
            raise RuntimeError(VIEW_OF_LEAF_INPLACE)
    if self._requires_grad and self._grad_fn is None:
        raise RuntimeError(LEAF_INPLACE)


def bump_version(self: Tensor) -> None:
    """The in-place write is done: a new version, and where user code asked for it (for the error
    that names it). Called by ``apply_inplace`` only, itself called by an op: those two frames
    above this one are ember's, so the walk to user code starts past them.

    An inference tensor has no version to bump outside inference mode: torch's refusal comes here,
    after the kernel's own errors (memory overlap, dtype) and after the write, as torch's does."""
    if self._inference and not STATE.inference:
        raise RuntimeError(INFERENCE_INPLACE)
    vc = self._vc
    vc[0] += 1
    vc[1] = caller_location(4)


def apply_inplace(cls, self: Tensor, tensors: tuple, arrays: tuple, *params,
                  kernel_error: Exception | None = None) -> Tensor:
    """Run op ``cls`` and write its result into ``self`` (``tensors[0]`` is ``self``).

    Recorded as torch does: ``self``'s grad_fn becomes the op's node (regrafting), and for a view
    the base's grad_fn becomes ``CopySlices`` so gradients reach the base's other elements.
    ``kernel_error``: what torch's kernel raises for these operands (``"abs_cpu" not implemented for
    'Bool'``), raised in torch's order: after the autograd (leaf, view) and memory-overlap errors."""
    check_inplace(self, tensors)
    recorded = False
    if STATE.enabled:
        for t in tensors:
            if t is not None and t._view is not None:
                fresh(t)
        for t in tensors:
            if t is not None and t._requires_grad:
                recorded = True
                break
    _check_overlap(cls, self, arrays)
    if kernel_error is not None:
        if cls.pointwise:
            _check_output_shape(self._data, arrays[1:])     # torch's shape check comes before the kernel's dtype
        raise type(kernel_error)(*kernel_error.args)
    if not recorded:
        ufunc = cls.inplace_ufunc
        d = self._data
        if not (d.flags.c_contiguous or d.flags.f_contiguous) and 0 not in d.strides and overlaps_itself(d):
            # (an expanded tensor is _check_overlap's and write_into's)
            _write_in_sequence(cls, self, arrays, params)
            bump_version(self)
            return self
        if ufunc is not None and arrays[0] is d and not params:
            # e.g. the optimizer's `p -= lr * g` under no_grad: straight into memory, no temporary
            try:
                ufunc(d, arrays[1], out=d, casting="same_kind")
                bump_version(self)
                return self
            except (TypeError, ValueError):
                pass  # the general path below raises torch's error
        try:
            out = cls.forward(NO_RECORD, *arrays, *params)
        except ValueError:
            _check_output_shape(self._data, arrays[1:])     # NumPy's broadcast error in torch's words
            raise
        write_into(self, out)
        bump_version(self)
        return self
    snapshot = make(self._data, self._requires_grad, self.grad_fn)
    snapshot._output_nr = self._output_nr     # its edge is the tensor's: (grad_fn, output_nr)
    snapshot._vc = self._vc
    tensors = (snapshot,) + tuple(tensors[1:])
    try:
        result = record(cls, tensors, arrays, params, snapshot)
    except ValueError:
        _check_output_shape(self._data, arrays[1:])
        raise
    write_into(self, result._data)
    bump_version(self)
    node = result._grad_fn
    if node._saved_src:
        # what the op saved of its output is ``self`` now, at its new version (y.sigmoid_() saves y)
        vc = self._vc
        node._saved_src = tuple((i, t, v, n) if t is not None else (i, None, vc, vc[0])
                                for i, t, v, n in saved_sources(node))
    old = self._grad_fn
    if self._view is not None:
        graft_view_inplace(self, node)
        # the op's saved output is the view, which is now read back from the base (CopySlices); held
        # weakly, as torch's SavedVariable holds an in-place-on-view output's grad_fn: once nothing
        # else keeps that node (the view was re-read again, the graph freed), the op names itself
        node._output_fn = weakref.ref(self._grad_fn)
    else:
        self._grad_fn = node
        self._requires_grad = True
    move_retained(self, old, self._grad_fn)   # retain_grad() follows the tensor to its new version
    return self


def deferred_error(check: Callable, *args) -> Exception | None:
    """The error ``check(*args)`` raises, or None: an argument check torch's kernel makes after the
    memory-overlap check (an index out of bounds...), for ``apply_inplace``'s ``kernel_error``."""
    try:
        check(*args)
    except (RuntimeError, IndexError) as e:
        return e
    return None


def _check_overlap(cls, self: Tensor, arrays: tuple) -> None:
    """torch refuses in-place writes whose result would depend on the order elements are written
    (a fill of an expanded tensor is fine, and a few ops, index_put_ among them, only warn)."""
    d = self._data
    if not d.size:
        return   # nothing is written (and NumPy gives an empty array zero strides: not an expanded one)
    if 0 in d.strides and repeats_memory(d):   # an expanded tensor: several elements share memory
        if cls.allows_overlap:
            note = getattr(cls, "expanded_warning", None)
            if note is not None:
                _warn(note)
        elif not (getattr(cls, "same_data_is_noop", False) and _same_data(arrays[1], d)):
            # (torch's copy_ returns early when the source is the very data written: x.copy_(x))
            raise RuntimeError(OVERLAP_SELF)
    if cls.reads_operands_first:
        return
    refuse_full = cls.refuses_any_overlap     # index_put_: an operand over the very same memory too
    for a in arrays[1:]:
        if type(a) is _ndarray and np.may_share_memory(a, d) and (
                (a is d or _dense_overlap(a, d)) if refuse_full else (a is not d and _partial_overlap(a, d))):
            raise RuntimeError(OVERLAP_INPUT)


def warn_if_expanded(self: Tensor, message: str) -> None:
    """torch's deprecation warning for an op that writes into an expanded tensor."""
    d = self._data
    if d.size and 0 in d.strides and repeats_memory(d):
        _warn(message)


def _warn(message: str) -> None:
    """A UserWarning attributed to the user's line (the first frame outside ember), as torch's are."""
    level, f = 1, sys._getframe(0)
    while f is not None and f.f_globals.get("__name__", "").startswith("ember"):
        f, level = f.f_back, level + 1
    warnings.warn(message, UserWarning, stacklevel=level)


def _same_data(a, d: np.ndarray) -> bool:
    """``a`` reads exactly the elements ``d`` writes, in the same places and dtype."""
    return (type(a) is _ndarray and a.dtype == d.dtype and a.shape == d.shape and a.strides == d.strides
            and a.__array_interface__["data"][0] == d.__array_interface__["data"][0])


def _dense_overlap(a: np.ndarray, d: np.ndarray) -> bool:
    """torch's get_overlap_status says PARTIAL or FULL (``a`` shares memory with ``d``): both dense
    and non-empty (otherwise it is too hard to tell, and allowed)."""
    return bool(a.size) and _dense(a) and _dense(d)


def _partial_overlap(a: np.ndarray, d: np.ndarray) -> bool:
    """torch's rule (get_overlap_status): dense operands over exactly the same bytes with the same
    strides (y.mul_(y)) are fine, dense ones that overlap otherwise (y.add_(y.t())) are refused;
    others are too hard to tell and allowed. An empty operand overlaps nothing."""
    if not (a.size and _dense(a) and _dense(d)):
        return False
    if (a.__array_interface__["data"][0], a.nbytes, a.shape) != (d.__array_interface__["data"][0], d.nbytes, d.shape):
        return True
    # the same bytes: a partial overlap unless the strides agree; a size-1 dim's stride counts as in
    # torch (x[::2] = x on a one-element x is refused), except NumPy's 0 for a dim added by None
    # (torch's unsqueeze gives it the stride a view would have). An expand's zeros are torch's own
    # (expand_array sets torch's strides through as_strided), so they count against the target's
    # (x[0] = x on a (1, 1) x: the value is expanded from 0-d)
    expanded = type(a.base).__name__ == "DummyArray"     # made by np.lib.stride_tricks.as_strided
    return any(sa != sd and (n > 1 or (sa and sd) or (expanded and sd))
               for n, sa, sd in zip(a.shape, a.strides, d.strides))


def _dense(x: np.ndarray) -> bool:
    """torch's is_non_overlapping_and_dense: some order of the dims is a contiguous layout (a
    transposed or permuted tensor is dense too, not only C- or F-ordered ones)."""
    if x.flags.c_contiguous or x.flags.f_contiguous:
        return True
    step = x.itemsize
    for st, n in sorted((st, n) for n, st in zip(x.shape, x.strides) if n != 1):
        if st != step:
            return False
        step *= n
    return True


def check_cast(result: np.dtype, written: np.ndarray) -> None:
    """TensorIterator's check that an in-place op's result dtype casts to the written tensor's (no float into
    an integer tensor, nothing but bool into bool): after the shapes, before the kernel's dtype refusal."""
    if result != written.dtype and not np.can_cast(result, written.dtype, "same_kind"):
        raise RuntimeError(f"result type {_cap(_BY_CHAR[result.char].name)} can't be cast to the desired output "
                           f"type {_cap(_BY_CHAR[written.dtype.char].name)}")


def check_shapes(operands: tuple, written: np.ndarray | None = None) -> None:
    """TensorIterator's first checks, before any dtype's (a kernel's refusal, a cast): the operands broadcast
    (torch's words), and, for an in-place op, to the shape of the tensor written."""
    if written is not None:
        _check_output_shape(written, operands)
        return
    shapes = [a.shape for a in operands if type(a) is _ndarray]
    if len(shapes) > 1 and any(s != shapes[0] for s in shapes):
        try:
            np.broadcast_shapes(*shapes)
        except ValueError:
            full = shapes[0]
            for s in shapes[1:]:
                try:
                    full = np.broadcast_shapes(full, s)
                except ValueError:
                    raise broadcast_error(full, s) from None


def _check_output_shape(d: np.ndarray, operands: tuple) -> None:
    """torch's TensorIterator check that the operands broadcast to the written tensor's shape."""
    shape = d.shape
    for a in operands:
        if type(a) is _ndarray and a.shape != shape:
            try:
                full = np.broadcast_shapes(shape, a.shape)
            except ValueError:
                raise broadcast_error(shape, a.shape) from None
            if full != shape:
                raise RuntimeError(f"output with shape {list(shape)} doesn't match the broadcast shape {list(full)}")


def overlaps_itself(d: np.ndarray) -> bool:
    """Whether elements of ``d`` (non-zero strides: an overlapping ``as_strided``) share memory. Cheap test first:
    with its dims sorted by stride, each stride clearing the extent of the smaller ones means no overlap."""
    dims = sorted((abs(st), n) for n, st in zip(d.shape, d.strides) if n > 1)
    extent = d.itemsize
    for st, n in dims:
        if st < extent:
            return bool(d.size) and np.unique(_offsets(d)).size < d.size
        extent = st * (n - 1) + extent
    return False


def _offsets(d: np.ndarray) -> np.ndarray:
    """Each element's byte offset from the first, in row-major order."""
    off = np.zeros(d.shape, dtype=np.int64)
    for k, (n, st) in enumerate(zip(d.shape, d.strides)):
        off = off + (np.arange(n, dtype=np.int64) * st).reshape((n,) + (1,) * (d.ndim - 1 - k))
    return off.reshape(-1)


def _write_in_sequence(cls, self: Tensor, arrays: tuple, params: tuple) -> None:
    """An elementwise in-place op on a tensor whose elements share memory, as torch's kernel does it: element by
    element, so a later element reads what an earlier one wrote there (``x.add_(1)`` adds twice to a shared
    element). In passes: pass k computes the op on the current values and writes the k-th element of each
    memory location (row-major order), so every write in a pass goes to its own location."""
    d = self._data
    offsets = _offsets(d)
    order = np.argsort(offsets, kind="stable")
    ranked = offsets[order]
    first = np.flatnonzero(np.concatenate(([True], ranked[1:] != ranked[:-1])))
    rank_sorted = np.arange(ranked.size) - np.repeat(first, np.diff(np.concatenate((first, [ranked.size]))))
    rank = np.empty_like(rank_sorted)
    rank[order] = rank_sorted
    rank = rank.reshape(d.shape)
    for k in range(int(rank.max()) + 1 if rank.size else 0):
        current = np.array(d).astype(np.asarray(arrays[0]).dtype, copy=False)
        out = np.broadcast_to(np.asarray(cls.forward(NO_RECORD, current, *arrays[1:], *params)), d.shape)
        np.copyto(d, out, casting="unsafe", where=rank == k)


def write_into(self: Tensor, out) -> None:
    """Copy an op's result into ``self``'s memory, refusing lossy casts as torch does."""
    d = self._data
    od = np.asarray(out)
    if od.shape != d.shape:         # (TensorIterator checks the shape before the cast)
        try:
            np.broadcast_to(od, d.shape)
        except ValueError:
            raise RuntimeError(f"output with shape {list(d.shape)} doesn't match the broadcast shape "
                               f"{list(np.broadcast_shapes(od.shape, d.shape))}") from None
    check_cast(od.dtype, d)
    if 0 in d.strides and d.size and repeats_memory(d):
        # an expanded tensor (index_put_, threshold_, copy_ of itself): write only the elements the op
        # changed, as torch's kernels do, so an unchanged alias of an element does not undo the write
        od = np.broadcast_to(od, d.shape).astype(d.dtype, copy=False)
        changed = od != d
        if d.dtype.kind in "fc":
            changed &= ~(np.isnan(od) & np.isnan(d))
        np.copyto(d, od, where=changed)
        return
    np.copyto(d, od, casting="unsafe")


def _cap(name: str) -> str:
    return {"float32": "Float", "float64": "Double", "float16": "Half", "int64": "Long", "int32": "Int",
            "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool"}.get(name, name)
