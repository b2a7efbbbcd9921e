"""What an op is: one class per op, named as torch names its node.

The one way to declare an op::

    class ExpBackward0(Op):               # the class name is torch's node name, written out
        _saved_names = ("result",)        # what grad_fn._saved_<name> shows

        @staticmethod
        def forward(ctx, a):              # NumPy arrays in, an array out
            r = np.exp(a)
            ctx.save(r)                   # inputs, the output, or intermediates
            return r

        def backward(ctx, g, xp):         # one formula for both engine modes
            r, = xp.saved(ctx)
            return g * r

``xp`` is :class:`~ember.ops._formulas.ArrayFns` (raw NumPy: ``create_graph=False``) or
:class:`~ember.ops._formulas.TensorFns` (ember ops, recorded, so higher derivatives work).
Formulas use Python operators, which both worlds share, and ``xp.*`` for the rest. Gradients may
have the broadcast shape or a wider dtype: the engine sums them back to each input's shape and
casts them to its dtype, in one place. ``docs/adding-an-op.md`` walks through a complete example.

An op with several outputs is the same declaration with ``multi_output = True``: forward returns a
tuple of arrays, and (unless ``differentiable_outputs`` names a single one, as ``max(dim)`` does for
its values) backward gets one gradient per output, zeros for those that got none::

    class UnbindBackward0(Op):
        multi_output = True               # one node, outputs numbered by output_nr

        @staticmethod
        def forward(ctx, a, dim):
            ctx.dim = dim
            return tuple(np.moveaxis(a, dim, 0))

        def backward(ctx, grads, xp):
            return (xp.stack(grads, ctx.dim),)
"""
from __future__ import annotations

import numpy as np

from .._dtype import _BY_CHAR
from .._graph import FREED_MESSAGE, Node, accumulate_grad_node, forward_name, output_nr_in
from .._quiet import quiet_call, quiet_run
from .._tensor import Tensor, make

__all__ = ["Op", "edge", "saved_arrays", "saved_sources", "saved_tensors", "forward_name"]


_RESERVED = {"_saved_src", "_saved_out_nr", "_saved_names"}   # ember's own bookkeeping keeps these names


def _saved_value(index: int) -> property:
    def get(self):
        if self._saved is None:
            raise RuntimeError(FREED_MESSAGE)
        v = saved_tensors(self, check_version=False)[index]
        if isinstance(v, (int, float, complex)) and not isinstance(v, bool):
            v = make(np.asarray(v))
        return v
    return property(get)


def _param_value(key: str) -> property:
    def get(self):
        return self.__dict__.get("_p_" + key, getattr(self, key, None))
    return property(get)


def _saved_accessors(cls) -> None:
    """torch exposes saved values as grad_fn._saved_<name>: one property per name an op lists in
    ``_saved_names`` (a saved value) or ``_param_names`` (a parameter). Properties, not a
    ``__getattr__``: a class with one has every attribute read of its nodes take CPython's slow
    path (the engine reads several per node; +5% instructions on benchmarks/run.py's workload 1)."""
    for key in cls._param_names:
        name = "_saved_" + key
        if name not in _RESERVED and key not in cls._saved_names:
            setattr(cls, name, _param_value(key))
    for i, key in enumerate(cls._saved_names):
        name = "_saved_" + key
        if name not in _RESERVED:
            setattr(cls, name, _saved_value(i))


# names whose presence in a forward's code says it silences NumPy itself (the hot elementwise ops, through the
# cheaper quiet_run inside): wrapping those too would nest the quiet context and take its slow way
_SILENCES = {"quiet_run", "quiet_call", "errstate", "quiet", "silence"}


def _quiet_forward(cls) -> None:
    """torch computes inf - inf, 0 * inf and overflow silently; NumPy warns. Each op's own ``forward``
    runs without NumPy's floating-point warnings (``sum`` of ``[inf, -inf]``, a product of two matrices
    holding infinities), unless it silences them itself or computes nothing (a view)."""
    fn = cls.__dict__.get("forward")
    if not isinstance(fn, staticmethod) or cls.is_view:
        return
    raw = fn.__func__
    if getattr(raw, "_quiet", False) or _SILENCES.intersection(raw.__code__.co_names):
        return

    def forward(*args):
        try:
            return quiet_run(raw, *args)
        except RuntimeError as e:
            if "cannot enter context" not in str(e):    # the op's own error, not another thread in the context
                raise
            return quiet_call(raw, *args)
    forward._quiet = True
    forward.__wrapped__ = raw
    forward.__name__, forward.__qualname__, forward.__doc__ = raw.__name__, raw.__qualname__, raw.__doc__
    cls.forward = staticmethod(forward)


class _OpType(type):
    """Op's metaclass: makes each op's ``_saved_<name>`` properties once the class (and any
    ``__init_subclass__`` that sets its names) is complete, and its forward quiet."""

    def __init__(cls, name, bases, ns, **kwargs) -> None:
        super().__init__(name, bases, ns, **kwargs)
        _saved_accessors(cls)
        _quiet_forward(cls)


class Op(Node, metaclass=_OpType):
    """Base of every built-in op; see the module docstring."""

    __slots__ = ()
    _saved_names: tuple = ()      # names of saved values, for grad_fn._saved_<name>
    _param_names: tuple = ()      # op parameters shown as grad_fn._saved_<name> (alpha, dim...)
    is_view = False               # output shares memory (and version counter) with input 0
    allows_overlap = False        # in-place form may write into an expanded tensor (fill_)
    refuses_any_overlap = False   # even an operand over the very same memory is refused (index_put_)
    reads_operands_first = False  # operands are read before writing (fill_): no overlap to check
    inplace_ufunc = None          # NumPy ufunc for the unrecorded in-place form (add_ -> np.add)
    pointwise = False             # operands broadcast to the written tensor (its shape checked before a kernel error)
    multi_output = False          # forward returns a tuple of arrays, one per output
    differentiable_outputs = None  # multi_output: positions of the outputs that get gradients (None: all);
    #                               the others come back as plain tensors (max's indices)

    @staticmethod
    def forward(ctx, *args):
        raise NotImplementedError

    def backward(ctx, grad, xp):
        raise NotImplementedError(f"the derivative for '{type(ctx).__name__}' is not implemented.")

    def __dir__(self):
        # torch lists a node's saved values among its attributes: dir(grad_fn) shows _saved_self...
        # (and not ember's own bookkeeping, which tools walking _saved_* would take for saved values)
        names = type(self)._saved_names + type(self)._param_names
        own = {"_saved", "_saved_src", "_saved_names", "_saved_out_nr"}
        listed = [n for n in super().__dir__() if n not in own]
        return listed + [n for n in ("_saved_" + k for k in names) if n not in listed]



# torch's CreationMeta, the kinds ember has: how a view was made decides whether an in-place op on it
# (or on its base, once the view is next used) may regraft it (ops/_view_graph.py), and whether a gradient
# reaching it goes anywhere (edge)
DEFAULT, MULTI_OUTPUT, NO_GRAD_MODE, INFERENCE_MODE = 0, 1, 2, 3


def edge(t: Tensor) -> tuple:
    """The (node, output_nr) pair through which a gradient reaches tensor ``t``."""
    if not t._requires_grad:
        return (None, 0)
    view = t._view
    fn = t._grad_fn if view is None else t.grad_fn
    if fn is None:
        if view is not None and view.meta >= NO_GRAD_MODE and view.base._requires_grad:
            return (None, 0)        # a view made under no_grad: torch gives it no accumulator (_view_graph.mark_view)
        return (accumulate_grad_node(t), 0)
    return (fn, output_nr_in(t, fn))


# ----------------------------------------------------------------------------------------------
# reading saved values back in backward: freed-graph and version checks
def _modified_error(ctx, src) -> RuntimeError:
    _, t, vc, version = src
    if t is not None:
        fn = t.grad_fn      # a view whose base changed reads as AsStrided, as in torch
        nr = t.output_nr
        shape = list(t._data.shape)
        legacy = t.dtype._legacy
    else:  # the node's own output: named by the view's grad_fn it was written into, while that lives
        fn = _output_fn(ctx) or ctx
        nr = _own_output_nr(ctx, src[0])
        out = ctx._saved[src[0]]
        if isinstance(out, Tensor):
            out = out._data
        shape = list(out.shape)
        legacy = _BY_CHAR[out.dtype.char]._legacy
    producer = f", which is output {nr} of {forward_name(fn)}," if fn is not None else ""
    where = f" The in-place operation that modified it ran at {vc[1]}." if vc[1] else ""
    return RuntimeError(
        "one of the variables needed for gradient computation has been modified by an inplace operation: "
        f"[torch.{legacy} {shape}]{producer} is at version {vc[0]}; expected version {version} instead.{where} "
        "Hint: enable anomaly detection to find the operation that failed to compute its gradient, with "
        "torch.autograd.set_detect_anomaly(True, check_nan=False).")


def _output_fn(ctx):
    """The grad_fn of the view an in-place op wrote its output into (held weakly, as torch's
    SavedVariable does), or None: not written into a view, or that node is gone."""
    ref = ctx._output_fn
    return None if ref is None else ref()


def _own_output_nr(ctx, i: int) -> int:
    """Which of ``ctx``'s outputs its saved value ``i`` is."""
    return ctx.__dict__.get("_saved_out_nr", {}).get(i, 0) if ctx._out_meta is not None else 0


def saved_arrays(ctx) -> tuple:
    """What ``ctx`` saved, as stored (arrays), after torch's freed-graph and version checks."""
    saved = ctx._saved
    if saved is None:
        raise RuntimeError(FREED_MESSAGE)
    sources = ctx._saved_src
    if type(sources) is dict:               # the output, saved alone: its version counter (_record.apply1)
        if sources[0]:
            raise _modified_error(ctx, (0, None, sources, 0))
        return saved
    for src in sources:
        if src[2][0] != src[3]:
            raise _modified_error(ctx, src)
    return saved


def saved_sources(ctx) -> tuple:
    """``ctx._saved_src`` as entries, also when it is kept compactly (the output's version counter)."""
    sources = ctx._saved_src
    return ((0, None, sources, 0),) if type(sources) is dict else sources


def saved_tensors(ctx, check_version: bool = True) -> tuple:
    """What ``ctx`` saved, as Tensors in the graph (for create_graph and ``_saved_<name>``):
    saved inputs are the input tensors, the saved output a tensor whose grad_fn is ``ctx``."""
    saved = saved_arrays(ctx) if check_version else ctx._saved
    if saved is None:
        raise RuntimeError(FREED_MESSAGE)
    values = list(saved)
    for i, t, vc, _ in saved_sources(ctx):
        if t is None:
            if isinstance(saved[i], Tensor):
                continue
            t = make(saved[i], True, _output_fn(ctx) or ctx)
            t._vc = vc
            nr = _own_output_nr(ctx, i)
            if nr:
                t._output_nr = nr
        values[i] = t
    for i, v in enumerate(values):
        if type(v) is np.ndarray and v.dtype.kind in "fc":
            values[i] = make(v)
    return tuple(values)
