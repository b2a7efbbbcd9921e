"""How views stay connected in the graph, and in-place ops on them.

A view shares memory and the version counter with its base and remembers how to rebuild itself
from the base (``_ViewInfo``: the root base and the replay steps). An in-place op on a view makes
the base's grad_fn a :class:`CopySlices` node (the op's node applied to the view's region) and
re-reads the view from the base (:class:`AsStridedBackward0`); other views of a base changed in
place refresh their grad_fn the same way when next used (:func:`refresh_view_grad_fn`), except
those torch's CreationMeta forbids regrafting (a view made under no_grad, one of several views
returned together, and views of them), which raise torch's error instead (:func:`view_rebase_error`).
"""
from __future__ import annotations

import numpy as np

from .._errors import OVERLAP_SELF
from .._grad_mode import STATE
from .._graph import FREED_MESSAGE, Node, forward_name, move_retained, next_seq
from .._tensor import Tensor, make
from ._op import DEFAULT, INFERENCE_MODE, MULTI_OUTPUT, NO_GRAD_MODE, Op, edge  # noqa: F401 (CreationMeta)

_object_new = object.__new__




class _ViewInfo:
    """How a view tensor derives from its base: the base and the replay steps from it.

    A view of a view links to its input's info (``prev``) and holds only its own steps, so making
    one is O(1) however deep the chain (``y = y[1:]`` in a loop); the whole tuple of steps is put
    together the first time it is read (rarely: when the view or its base is modified in place)."""

    __slots__ = ("base", "_steps", "_prev", "version", "meta")

    def __init__(self, base: Tensor, steps: tuple, version: int, prev: "_ViewInfo | None" = None,
                 meta: int = DEFAULT) -> None:
        self.base = base          # the root tensor that owns the memory
        self._steps = steps       # ((op, *args), ...) that rebuild this view from prev's view (or base)
        self._prev = prev
        self.version = version    # base version when grad_fn was last set
        self.meta = meta          # CreationMeta: made under no_grad, or (a view of) one of several
        #                           views returned together; views of views inherit it

    @property
    def steps(self) -> tuple:
        """((op, *args), ...) that rebuild this view from base."""
        if self._prev is None:
            return self._steps
        parts = []
        info = self
        while info._prev is not None:      # a loop, not recursion: chains can be 100,000 deep
            parts.append(info._steps)
            info = info._prev
        steps = info._steps + tuple(step for part in reversed(parts) for step in part)
        self._steps, self._prev = steps, None
        return steps


def mark_view(result: Tensor, base: Tensor, params: tuple, cls) -> None:
    """Make ``result`` a view of ``base``: shared version counter, replay steps from the root.

    As torch: a view of an inference tensor is an inference tensor and no view (inference tensors
    track neither views nor versions); a view of a normal tensor made inside ``inference_mode`` is a
    normal tensor and a view (CreationMeta INFERENCE_MODE: no in-place op may regraft it later)."""
    result._vc = base._vc
    if base._inference:
        result._inference = True
        return
    result._inference = False
    step = cls.view_step(base._data, *params)
    info = base._view
    # torch's CreationMeta: a view made under inference_mode is INFERENCE_MODE, under no_grad NO_GRAD_MODE,
    # one of several views returned together MULTI_OUTPUT (whether or not anything requires grad), any
    # other inherits its input's
    meta = (INFERENCE_MODE if STATE.inference else NO_GRAD_MODE if not STATE.enabled else
            MULTI_OUTPUT if cls.multi_view else DEFAULT)
    if meta >= NO_GRAD_MODE and base._requires_grad:
        # torch: such a view requires grad as its base does, but is a leaf without an accumulator, so ops on it
        # record and their gradient reaching it is dropped (_op.edge)
        result._requires_grad = True
    if info is None:
        result._view = _ViewInfo(base, (step,), base._vc[0], None, meta)
    else:
        fn = base._grad_fn
        if meta == DEFAULT:
            meta = MULTI_OUTPUT if fn is not None and fn.multi_view else info.meta
        result._view = _ViewInfo(info.base, (step,), base._vc[0], info, meta)


def expand_array(a: np.ndarray, shape: tuple) -> np.ndarray:
    """A broadcast view that stays writeable, as torch's expand is: in-place ops through it work
    where nothing is repeated, and are refused (torch's error) where elements share memory."""
    lead = len(shape) - a.ndim
    strides = [0 if (n == 1 and s != 1) else st for s, n, st in zip(shape[lead:], a.shape, a.strides)]
    # a new leading dim gets torch's stride (inferExpandGeometry): 0 where it repeats, else the next dim's
    # extent, so that the memory-overlap rules compare the strides torch compares (``x[None, ::2] = x``)
    nxt = (shape[lead], strides[0]) if a.ndim else (1, 0)
    for s in reversed(shape[:lead]):
        st = 0 if s != 1 else nxt[0] * nxt[1]
        strides.insert(0, st)
        nxt = (s, st)
    return np.lib.stride_tricks.as_strided(a, shape, tuple(strides), writeable=a.flags.writeable)


def repeats_memory(a: np.ndarray) -> bool:
    """Several elements of ``a`` share memory (an expanded array: a zero stride over a dim of size > 1)."""
    return any(st == 0 and n > 1 for n, st in zip(a.shape, a.strides))


def replay_array(x: np.ndarray, steps: tuple) -> np.ndarray:
    """Rebuild a view from an array shaped like its base."""
    for kind, arg in steps:
        if kind == "getitem":
            x = x[arg]
        elif kind == "reshape":
            x = x.reshape(arg)
        elif kind == "permute":
            x = x.transpose(arg)
        elif kind == "call":        # a view NumPy has no step for (diagonal, unfold): (array fn, tensor fn, args)
            x = arg[0](x, *arg[2])
        else:
            x = expand_array(x, arg)
    return x


def replay_tensor(x: Tensor, steps: tuple) -> Tensor:
    """Rebuild a view from a Tensor shaped like its base, recording each step."""
    for kind, arg in steps:
        if kind == "getitem":
            x = x[arg]
        elif kind == "reshape":
            x = x.reshape(arg)
        elif kind == "permute":
            x = x.permute(arg)
        elif kind == "call":
            x = arg[1](x, *arg[2])
        else:
            x = x.expand(arg)
    return x


def _layout_dependent(steps: tuple) -> bool:
    """Whether a step reads memory rather than indices (as_strided's), so that an array it is replayed
    on must be laid out as the base is."""
    for kind, arg in steps:
        if kind == "call" and getattr(arg[0], "layout_dependent", False):
            return True
    return False


def laid_out(values: np.ndarray, layout: tuple, fill) -> np.ndarray:
    """``values`` (shaped as a base) copied into fresh memory laid out as the base: ``layout`` is its
    (byte strides, item size)."""
    strides = tuple(st // layout[1] for st in layout[0])
    span = 1 + sum((n - 1) * st for n, st in zip(values.shape, strides)) if values.size else 1
    out = np.lib.stride_tricks.as_strided(np.full(span, fill, dtype=values.dtype), values.shape,
                                          tuple(st * values.itemsize for st in strides))
    out[...] = values
    return out


class AsStridedBackward0(Op):
    """The grad_fn of a view whose base was changed in place: the view re-read from the base."""
    __slots__ = ("steps", "base_shape", "base_strides")
    is_view = True

    @staticmethod
    def forward(ctx, base, steps):
        ctx.steps, ctx.base_shape = steps, base.shape
        ctx.base_strides = (base.strides, base.itemsize)
        return replay_array(base, steps)

    def backward(ctx, g, xp):
        # each view element adds its gradient to the base element it reads (several may read the
        # same one, as in an expanded view): map positions through the view, then scatter-add
        n = int(np.prod(ctx.base_shape))
        index = np.arange(n).reshape(ctx.base_shape)
        if _layout_dependent(ctx.steps):    # (rare: an as_strided view) the index map laid out as the base
            index = laid_out(index, ctx.base_strides, -1)
        positions = replay_array(index, ctx.steps).reshape(-1)
        if positions.size and positions.min() < 0:
            raise NotImplementedError("ember: this view reads memory its base's elements do not cover")
        flat = xp.embed_add(xp.reshape(g, (-1,)), (n,), (positions,))
        return (xp.reshape(flat, ctx.base_shape),)

    @staticmethod
    def view_step(base, steps):
        return steps


def _base_layout(values: np.ndarray, layout: tuple) -> np.ndarray:
    """``values`` copied into fresh memory laid out as the base (``laid_out``; C order at a plain copy's cost)."""
    strides, itemsize = layout
    step, c_order = itemsize, True
    for n, st in zip(reversed(values.shape), reversed(strides)):
        if n > 1 and st != step:
            c_order = False
            break
        step *= n
    if c_order or values.size <= 1:
        return np.array(values, order="C", copy=True)
    return laid_out(values, layout, 0)


class CopySlices(Node):
    """The base's grad_fn after an in-place op on one of its views.

    The op's node is held only as a saved value (``_saved == (fn,)``), so it goes when the graph is
    freed, as torch's ``CopySlices::release_variables`` drops ``fn``: what it alone kept alive goes
    too (the view's grad_fn a saved output names, see ``_op._modified_error``), and a second backward
    raises torch's error even when the op saved nothing."""

    __slots__ = ("steps", "view_shape", "overlapping", "base_strides")

    def name(self) -> str:
        return "torch::autograd::CopySlices"

    @property
    def fn(self) -> Node:
        """The in-place op's node (the graph's been freed: torch's error)."""
        saved = self._saved
        if saved is None:
            raise RuntimeError(FREED_MESSAGE)
        return saved[0]

    def backward(ctx, g, xp):
        fn = ctx.fn
        # as torch's: a copy of g laid out as the base, so that replaying the view's steps on it (a reshape) is a
        # view of it and the write lands there (a clone keeps g's layout: a transposed g made reshape copy)
        if xp.tensor_mode:
            result = make(_base_layout(np.zeros(tuple(g.shape), dtype=g._data.dtype), ctx.base_strides)).copy_(g)
        else:
            result = _base_layout(g, ctx.base_strides)
        grads = fn.backward(xp.clone(xp.view(result, ctx.steps)), xp)
        if ctx.overlapping and ctx.needs_input_grad[0]:
            # torch copies the view's gradient into the base's through the view: through repeated memory that
            # is its error, raised only when the base had a gradient to pass on (else it skips the copy)
            raise RuntimeError(OVERLAP_SELF)
        if type(grads) is not tuple:
            grads = (grads,)
        if not ctx.needs_input_grad[0]:
            # the base passes nothing on (a constant, expanded or not): the write-back is not needed, and through
            # repeated memory it is the overlap error in tensor mode (create_graph; random-seed fuzz find)
            return (None,) + tuple(grads[1:])
        g0 = grads[0]
        if g0 is None:
            g0 = 0.0
        elif tuple(g0.shape) != ctx.view_shape:
            g0 = xp.sum_to(g0, ctx.view_shape)
        xp.setview(result, ctx.steps, g0)
        return (result,) + tuple(grads[1:])


def creation_meta(view: Tensor) -> int:
    """How ``view`` was made, as torch's CreationMeta: a direct output of a node returning several
    views (split, unbind, a custom Function) follows its node, whatever the grad mode it ran in."""
    fn = view._grad_fn
    if fn is not None and fn.multi_view:
        return MULTI_OUTPUT
    return view._view.meta


def view_rebase_error(view: Tensor, indirect: bool) -> RuntimeError:
    """torch's handle_view_on_rebase error for a view that cannot be regrafted: an in-place op on it
    (``indirect``: on its base or another view of its base) while grad mode is on."""
    fn = view._grad_fn
    modified = "its base or another view of its base has been" if indirect else "is being"
    meta = creation_meta(view)
    if meta in (NO_GRAD_MODE, INFERENCE_MODE) or fn is None:
        # torch: a view without a grad_fn was made where nothing recorded it, so it reads as no_grad
        # mode whatever its CreationMeta (but inference mode's); the advice that follows is the CreationMeta's
        prefix = ("A view was created in" if fn is None else
                  f"Output {view._output_nr} of {forward_name(fn)} is a view of a view which was created in")
        if meta == INFERENCE_MODE:
            return RuntimeError(f"{prefix} inference mode and {modified} modified inplace in normal mode."
                                f"{_INFERENCE_ADVICE}")
        advice = _NO_GRAD_ADVICE if meta == NO_GRAD_MODE else _MULTI_OUTPUT_ADVICE
        return RuntimeError(f"{prefix} no_grad mode and {modified} modified inplace with grad mode enabled.{advice}")
    msg = str(fn.view_inplace_error(view._output_nr))   # a multi-output view's words (or a custom Function's)
    return RuntimeError(msg.replace("is being modified", f"{modified} modified", 1))


_NO_GRAD_ADVICE = (" Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code "
                   "by moving both the view and the inplace either both inside the no_grad block (if you don't want "
                   "the inplace to be tracked) or both outside (if you want the inplace to be tracked).")
_INFERENCE_ADVICE = (" Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your "
                     "code by moving both the view and the inplace either both inside the inference_mode block (if you "
                     "don't want the inplace to be tracked) or both outside (if you want the inplace to be tracked).")
_MULTI_OUTPUT_ADVICE = (" This view is the output of a function that returns multiple views. Such functions do not "
                        "allow the output views to be modified inplace. You should replace the inplace operation by "
                        "an out-of-place one.")


def graft_view_inplace(view: Tensor, fn: Node) -> None:
    """After in-place op ``fn`` on ``view``: base.grad_fn = CopySlices, view re-read from base."""
    info = view._view
    base = info.base
    cs = _object_new(CopySlices)
    cs._seq = next_seq()
    cs.steps = info.steps
    cs.base_strides = (base._data.strides, base._data.itemsize)   # (read only by a layout-dependent replay)
    cs.view_shape = view._data.shape
    vd = view._data     # an empty view has NumPy's zero strides but no repeated memory
    cs.overlapping = vd.size > 0 and repeats_memory(vd)
    cs.next_functions = (edge(base),) + fn.next_functions[1:]
    cs._in_meta = [(base._data.shape, base._data.dtype)] + list(fn._in_meta[1:])
    cs._saved = (fn,)
    move_retained(base, base._grad_fn, cs)    # retain_grad() follows the base
    base._grad_fn = cs
    base._requires_grad = True
    _set_view_grad_fn(view, base)


def _set_view_grad_fn(view: Tensor, base: Tensor) -> None:
    info = view._view
    old = view._grad_fn
    node = _object_new(AsStridedBackward0)
    node._seq = next_seq()
    node.steps, node.base_shape = info.steps, base._data.shape
    node.base_strides = (base._data.strides, base._data.itemsize)
    # a base that does not require grad (the view's chain went through a leaf that is a view of it) gives
    # the gradient nowhere, as in torch
    node.next_functions = (edge(base),) if base._requires_grad else ((None, 0),)
    node._in_meta = [(base._data.shape, base._data.dtype)]
    move_retained(view, old, node)            # retain_grad() follows the view
    view._grad_fn = node
    view._requires_grad = True
    info.version = view._vc[0]


def refresh_view_grad_fn(view: Tensor, strict: bool = True) -> None:
    """A view whose base changed in place since its grad_fn was set: re-read it from the base.

    As torch, a view without a grad_fn of a base that does not require grad stays as it is; any
    other is re-read, even when its base does not require grad (a view of a leaf that is itself a
    view: ``b[::2].requires_grad_()[0]``, whose memory changed through a ``detach()``), which
    disconnects it. A view made under no_grad, or one of several views returned together (split,
    unbind, and views of them) cannot be re-read: torch's error when grad mode is on, unless
    ``strict`` is False (``requires_grad`` only asks, and torch answers); the view stays stale until then."""
    info = view._view
    base = info.base
    if view._grad_fn is None and not base._requires_grad:
        info.version = view._vc[0]
        return
    if creation_meta(view) != DEFAULT:
        if strict and STATE.enabled:
            raise view_rebase_error(view, True)
        view._requires_grad = view._requires_grad or base._requires_grad   # torch's requires_grad() of a view
        return
    _set_view_grad_fn(view, base)
