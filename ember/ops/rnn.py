"""Recurrent layers as torch's CPU kernels record them: ``MkldnnRnnLayerBackward0``, one node per LSTM layer
and direction (torch's oneDNN path: float32, no projections, unpacked input), and
``PackPaddedSequenceBackward0``; and ``unsafe_split``/``unsafe_chunk``, with which torch's elementwise LSTM and
GRU cells cut their gates apart (pieces autograd does not track as views: ``UnsafeSplitBackward0``).

The LSTM layer projects every time step's input in one matrix multiply, then runs the recurrence step by
step on NumPy arrays. Its backward is back-propagation through time, written once for both engine modes:
with ``create_graph=False`` it reads the gate activations forward kept; under ``create_graph=True`` it
first recomputes them with recorded ops, so the gradient is itself differentiable (torch's node is: its
double backward goes through ``mkldnn_rnn_layer_differentiable_backward``). Gates are in torch's order
``i, f, g, o``.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from .._tensor import Tensor, make, wrap_dim
from ._op import Op
from ._record import apply
from .indexing import SplitBackward0, SplitWithSizesBackward0, split_sizes_keys

__all__ = ["mkldnn_rnn_layer", "lstm_layer", "_pack_padded_sequence", "unsafe_split", "unsafe_split_with_sizes",
           "unsafe_chunk"]

_LSTM_MODE = 2     # oneDNN's mode number for an LSTM (torch's saved ``mode``)


# ---- the recurrence and its BPTT, each written once over ``xp`` (ArrayFns or TensorFns) ----

def _gate_scales(hidden: int, dtype) -> tuple:
    """Per gate column: the scale of the pre-activation, then ``act = tanh(scaled) * mul + add``.

    ``sigmoid(z) = tanh(z / 2) / 2 + 1/2``, so all four gates (``i, f, o`` sigmoids, ``g`` a tanh) are one
    ``tanh`` over the whole ``(B, 4H)`` block once the sigmoid gates' weights are halved: one transcendental
    per step, on contiguous memory (benchmarks/lstm_speed.py). ``d act / d z`` is ``(1 - tanh^2) * slope``.
    """
    half, one = np.full(hidden, 0.5, dtype), np.ones(hidden, dtype)
    scale = np.concatenate([half, half, one, half])
    add = np.concatenate([half, half, np.zeros(hidden, dtype), half])
    slope = np.concatenate([half * half, half * half, one, half * half])
    return scale, scale, add, slope     # the multiplier after the tanh is the scale again


def _tanh(xp, a):
    return np.tanh(a) if not xp.tensor_mode else a.tanh()


def _recurrence(xp, x, w_ih, w_hh, bias, h, c, reverse: bool):
    """The layer's forward on time-major ``x`` ``(T, B, I)``: per step the gates' tanh ``th`` and activations
    ``act`` (``i, f, g, o``), ``c_t``, ``tanh(c_t)`` and ``h_t``, each stacked over time ``(T, B, *)``.

    Backward under ``create_graph`` recomputes these with it (recorded); the forward pass itself runs
    :func:`_recurrence_arrays`, the same steps in place on arrays (the tests check both against torch)."""
    steps, batch = x.shape[0], x.shape[1]
    hidden = h.shape[-1]
    scale, mul, add, _ = (xp.constant(v) for v in _gate_scales(hidden, x.dtype if not xp.tensor_mode
                                                                     else x._data.dtype))
    col = xp.unsqueeze(scale, 1)
    gx = xp.matmul(xp.reshape(x, (steps * batch, x.shape[2])), xp.swapaxes(w_ih * col, 0, 1))
    if bias is not None:
        gx = gx + bias * scale
    gx = xp.reshape(gx, (steps, batch, 4 * hidden))
    w_hh_t = xp.swapaxes(w_hh * col, 0, 1)
    ths, acts, cs, tcs, hs = ([None] * steps for _ in range(5))
    for t in (range(steps - 1, -1, -1) if reverse else range(steps)):
        th = _tanh(xp, gx[t] + xp.matmul(h, w_hh_t))
        act = th * mul + add
        c = act[:, hidden:2 * hidden] * c + act[:, :hidden] * act[:, 2 * hidden:3 * hidden]
        tc = _tanh(xp, c)
        h = act[:, 3 * hidden:] * tc
        ths[t], acts[t], cs[t], tcs[t], hs[t] = th, act, c, tc, h
    return tuple(xp.stack(v, 0) for v in (ths, acts, cs, tcs, hs))


def _recurrence_arrays(x, w_ih, w_hh, bias, h, c, reverse: bool):
    """:func:`_recurrence` on NumPy arrays, each step written in place into the stacked results (the forward
    pass: no per-step arrays to stack afterwards, a quarter less time in benchmarks/lstm_speed.py)."""
    steps, batch, hidden = x.shape[0], x.shape[1], h.shape[-1]
    scale, mul, add, _ = _gate_scales(hidden, x.dtype)
    col = scale[:, None]
    th = np.matmul(x.reshape(steps * batch, x.shape[2]), (w_ih * col).T)
    if bias is not None:
        th += bias * scale
    th = th.reshape(steps, batch, 4 * hidden)      # the input projections, then each step's tanh in place
    w_hh_t = (w_hh * col).T
    act = np.empty_like(th)
    cs, tcs, hs = (np.empty((steps, batch, hidden), x.dtype) for _ in range(3))
    ig = np.empty((batch, hidden), x.dtype)
    for t in (range(steps - 1, -1, -1) if reverse else range(steps)):
        z = th[t]
        z += h @ w_hh_t
        np.tanh(z, out=z)
        a = act[t]
        np.multiply(z, mul, out=a)
        a += add
        c_t = cs[t]
        np.multiply(a[:, hidden:2 * hidden], c, out=c_t)
        np.multiply(a[:, :hidden], a[:, 2 * hidden:3 * hidden], out=ig)
        c_t += ig
        np.tanh(c_t, out=tcs[t])
        np.multiply(a[:, 3 * hidden:], tcs[t], out=hs[t])
        h, c = hs[t], c_t
    return th, act, cs, tcs, hs


def _bptt(xp, go, ghy, gcy, x, w_ih, w_hh, h0, c0, th, act, cs, tcs, hs, reverse: bool):
    """Gradients of input, weight_ih, weight_hh, the bias and h0, c0 from those of output, h_n, c_n."""
    steps, batch = x.shape[0], x.shape[1]
    hidden = h0.shape[-1]
    first = lambda v: xp.unsqueeze(v, 0)          # noqa: E731
    if reverse:   # the state before step t is the one after step t + 1
        h_prev, c_prev = xp.cat([hs[1:], first(h0)], 0), xp.cat([cs[1:], first(c0)], 0)
    else:
        h_prev, c_prev = xp.cat([first(h0), hs[:-1]], 0), xp.cat([first(c0), cs[:-1]], 0)
    i, f, g, o = (act[:, :, k * hidden:(k + 1) * hidden] for k in range(4))
    slope = xp.constant(_gate_scales(hidden, act.dtype if not xp.tensor_mode else act._data.dtype)[3])
    # each step's gate gradients are [dc, dc, dc, dh] * factor: the factors of all steps at once
    dc_of_dh = o * (1 - tcs * tcs)
    factor = (1 - th * th) * slope * xp.cat([g, c_prev, i, tcs], 2)
    dgates = [None] * steps
    dh, dc = ghy, gcy
    for t in (range(steps) if reverse else range(steps - 1, -1, -1)):   # backwards through the steps
        dh = go[t] + dh
        dc = dc + dh * dc_of_dh[t]
        d = xp.cat([dc, dc, dc, dh], 1) * factor[t]
        dgates[t] = d
        dc = dc * f[t]
        dh = xp.matmul(d, w_hh)
    dg = xp.reshape(xp.stack(dgates, 0), (steps * batch, 4 * hidden))
    dg_t = xp.swapaxes(dg, 0, 1)
    dx = xp.reshape(xp.matmul(dg, w_ih), tuple(x.shape))
    dw_ih = xp.matmul(dg_t, xp.reshape(x, (steps * batch, x.shape[2])))
    dw_hh = xp.matmul(dg_t, xp.reshape(h_prev, (steps * batch, hidden)))
    db = xp.sum(dg, 0)
    return dx, dw_ih, dw_hh, db, dh, dc


class MkldnnRnnLayerBackward0(Op):
    """One LSTM layer and direction over the whole sequence: outputs ``output``, ``h_n``, ``c_n`` and a
    workspace (empty here, and not differentiable: the activations backward needs are saved with the inputs)."""
    __slots__ = ("reverse", "batch_sizes", "mode", "hidden_size", "num_layers", "has_biases", "bidirectional",
                 "batch_first", "train")
    multi_output = True
    differentiable_outputs = (0, 1, 2)
    _saved_names = ("input", "weight0", "weight1", "weight2", "weight3", "hx_", "cx_", "result0", "result1",
                    "result2", "result3")
    _param_names = ("reverse", "batch_sizes", "mode", "hidden_size", "num_layers", "has_biases", "bidirectional",
                    "batch_first", "train")

    @staticmethod
    def forward(ctx, x, w_ih, w_hh, b_ih, b_hh, h0, c0, reverse, batch_sizes, mode, hidden_size, num_layers,
                has_biases, bidirectional, batch_first, train):
        (ctx.reverse, ctx.batch_sizes, ctx.mode, ctx.hidden_size, ctx.num_layers, ctx.has_biases,
         ctx.bidirectional, ctx.batch_first, ctx.train) = (reverse, tuple(batch_sizes), mode, hidden_size,
                                                           num_layers, has_biases, bidirectional, batch_first, train)
        xt = x.swapaxes(0, 1) if batch_first else x
        if xt.shape[0] == 0:
            raise RuntimeError("could not execute a primitive")   # torch's oneDNN error for no time steps
        th, act, cs, tcs, out = _recurrence_arrays(xt, w_ih, w_hh, b_ih + b_hh if has_biases else None, h0, c0,
                                                   reverse)
        last = 0 if reverse else -1
        hy, cy = out[last], cs[last]
        ws = np.zeros(0, np.uint8)     # oneDNN's scratch space; ember saves the activations instead
        hs = out
        if batch_first:
            out = out.swapaxes(0, 1)
        # saved after torch's eleven: freed with them after backward, and a second backward is refused as torch's
        ctx.save(x, w_ih, w_hh, b_ih, b_hh, h0, c0, out, hy, cy, ws, th, act, cs, tcs, hs)
        return out, hy, cy, ws

    def backward(ctx, grads, xp):
        go, ghy, gcy = grads[0], grads[1], grads[2]
        saved = xp.saved(ctx)
        x, w_ih, w_hh, b_ih, b_hh, h0, c0 = saved[:7]
        if ctx.batch_first:
            x, go = xp.swapaxes(x, 0, 1), xp.swapaxes(go, 0, 1)
        if xp.tensor_mode:   # recompute the activations with recorded ops: the gradient is differentiable
            kept = _recurrence(xp, x, w_ih, w_hh, b_ih + b_hh if ctx.has_biases else None, h0, c0, ctx.reverse)
        else:
            kept = saved[11:]
        dx, dw_ih, dw_hh, db, dh0, dc0 = _bptt(xp, go, ghy, gcy, x, w_ih, w_hh, h0, c0, *kept, ctx.reverse)
        if ctx.batch_first:
            dx = xp.swapaxes(dx, 0, 1)
        db_ih, db_hh = (db, db) if ctx.has_biases else (None, None)
        return dx, dw_ih, dw_hh, db_ih, db_hh, dh0, dc0


class PackPaddedSequenceBackward0(Op):
    """The time steps of a padded ``(T, B, *)`` batch, sequences still running at each step, one after another."""
    __slots__ = ("input_sym_sizes", "key", "batch_first")
    _param_names = ("batch_first", "input_sym_sizes")

    @staticmethod
    def forward(ctx, a, key, batch_first):
        ctx.input_sym_sizes, ctx.key, ctx.batch_first = tuple(a.shape), key, batch_first
        return a[key]

    def backward(ctx, g, xp):
        return (xp.embed(g, ctx.input_sym_sizes, ctx.key),)     # each (step, sequence) once: no repeats to add


class UnsafeSplitBackward0(SplitBackward0):
    """``unsafe_split``: the pieces of ``split`` (sharing memory with the input, as torch's), not tracked as views."""
    __slots__ = ()
    is_view = False
    multi_view = False


class UnsafeSplitWithSizesBackward0(SplitWithSizesBackward0):
    """``unsafe_split_with_sizes``: the pieces of ``split`` with given sizes, not tracked as views."""
    __slots__ = ()
    is_view = False
    multi_view = False


# ---- the functions ----

def unsafe_split(input: Tensor, split_size: int, dim: int = 0) -> tuple:  # noqa: A002
    """:func:`ember.split` into pieces of ``split_size`` (the last may be smaller) that autograd does not track
    as views of ``input`` (they share its memory): one ``UnsafeSplitBackward0`` node."""
    if input._data.ndim == 0:
        raise RuntimeError("split expects at least a 1-dimensional tensor")
    if split_size < 0:
        raise RuntimeError(f"split expects split_size be non-negative, but got split_size={split_size}")
    dim = wrap_dim(dim, input._data.ndim)
    n = input._data.shape[dim]
    if split_size == 0 and n:
        raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got dimension size of {n}")
    starts = range(0, n, split_size) if split_size and n else [0]
    keys = tuple(slice(s, min(s + split_size, n)) for s in starts)
    return apply(UnsafeSplitBackward0, (input,), (input._data,), dim, split_size, keys)


def unsafe_split_with_sizes(input: Tensor, split_sizes: Sequence[int], dim: int = 0) -> tuple:  # noqa: A002
    """:func:`ember.split` into pieces of the given sizes, not tracked as views: ``UnsafeSplitWithSizesBackward0``."""
    if input._data.ndim == 0:
        raise RuntimeError("split expects at least a 1-dimensional tensor")
    dim = wrap_dim(dim, input._data.ndim)
    n = input._data.shape[dim]
    sizes, keys = split_sizes_keys(split_sizes, n, dim)
    return apply(UnsafeSplitWithSizesBackward0, (input,), (input._data,), dim, sizes, keys)


def unsafe_chunk(input: Tensor, chunks: int, dim: int = 0) -> tuple:  # noqa: A002
    """:func:`ember.chunk` whose pieces autograd does not track as views (see :func:`unsafe_split`)."""
    if input._data.ndim == 0:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    n = input._data.shape[wrap_dim(dim, input._data.ndim)]
    if n == 0:      # as torch: `chunks` empty pieces
        return unsafe_split_with_sizes(input, [0] * chunks, dim)
    return unsafe_split(input, -(-n // chunks), dim)


def lstm_layer(input: Tensor, weight_ih: Tensor, weight_hh: Tensor, bias_ih: Tensor, bias_hh: Tensor,  # noqa: A002
               hx: Tensor, cx: Tensor, reverse: bool = False, batch_sizes: Sequence[int] = (),
               has_biases: bool = True, num_layers: int = 1, bidirectional: bool = False,
               batch_first: bool = False, train: bool = True) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """:func:`mkldnn_rnn_layer` for any floating dtype (ember's kernel is NumPy; torch's oneDNN one takes
    float32 only): the float64 gradcheck of the fused node goes through here."""
    if batch_sizes:
        raise RuntimeError("mkldnn_rnn_layer: packed input (batch_sizes) is not supported")
    hidden = hx.shape[-1]
    tensors = (input, weight_ih, weight_hh, bias_ih, bias_hh, hx, cx)
    return apply(MkldnnRnnLayerBackward0, tensors, tuple(t._data for t in tensors), bool(reverse), tuple(batch_sizes),
                 _LSTM_MODE, hidden, num_layers, bool(has_biases), bool(bidirectional), bool(batch_first), bool(train))


def mkldnn_rnn_layer(input: Tensor, weight0: Tensor, weight1: Tensor, weight2: Tensor, weight3: Tensor,  # noqa: A002
                     hx_: Tensor, cx_: Tensor, reverse: bool, batch_sizes: Sequence[int], mode: int, hidden_size: int,
                     num_layers: int, has_biases: bool, bidirectional: bool, batch_first: bool,
                     train: bool) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    r"""One LSTM layer in one direction over a whole sequence, as torch's oneDNN kernel: one recorded node.

    Args:
        input (Tensor): ``(T, B, I)`` (``(B, T, I)`` if ``batch_first``), float32.
        weight0, weight1 (Tensor): ``weight_ih`` ``(4H, I)`` and ``weight_hh`` ``(4H, H)``, gates ``i, f, g, o``.
        weight2, weight3 (Tensor): ``bias_ih`` and ``bias_hh`` ``(4H,)`` (ignored unless ``has_biases``).
        hx\_, cx\_ (Tensor): the initial hidden and cell states ``(B, H)``.
        reverse (bool): run from the last step to the first.
        batch_sizes (list of int): must be empty (torch runs packed input elementwise).
        mode (int): ``2`` (LSTM). hidden_size (int): ``H``.
        num_layers, bidirectional, train (bool): recorded on the node; they change nothing here.

    Returns ``(output, h_n, c_n, workspace)``; ``output`` is ``(T, B, H)``, the workspace a uint8 tensor.
    """
    if input._data.dtype != np.float32:     # torch's oneDNN kernel; its reduced-float paths depend on the CPU
        raise RuntimeError("get_mkldnn_dtype: unsupported data type")
    if mode != _LSTM_MODE:
        raise RuntimeError("could not create a primitive descriptor for the LSTM forward propagation primitive. "
                           "Run workload with environment variable ONEDNN_VERBOSE=all to get additional diagnostic "
                           "information.")
    if hidden_size != hx_.shape[-1]:   # torch does not check: it returns an output of the wrong width
        raise RuntimeError(f"mkldnn_rnn_layer: hidden_size {hidden_size} does not match hx_ of size "
                           f"{list(hx_.shape)}")
    return lstm_layer(input, weight0, weight1, weight2, weight3, hx_, cx_, reverse, batch_sizes, has_biases,
                      num_layers, bidirectional, batch_first, train)


def _pack_padded_sequence(input: Tensor, lengths: Tensor, batch_first: bool) -> tuple[Tensor, Tensor]:  # noqa: A002
    """torch's ``_pack_padded_sequence``: the packed data (one ``PackPaddedSequenceBackward0``) and the
    int64 batch size of each step, for ``lengths`` (a 1-D int64 tensor) sorted longest first."""
    if not isinstance(lengths, Tensor):
        raise TypeError("_pack_padded_sequence(): argument 'lengths' (position 2) must be Tensor, not "
                        f"{type(lengths).__name__}")
    if input.numel() == 0:
        raise RuntimeError("Cannot pack empty tensors.")
    if batch_first:
        wrap_dim(1, input.ndim)     # torch transposes a batch-first input first (its IndexError)
    if lengths.dim() != 1 or lengths._data.dtype != np.int64:
        scalar = lengths.dtype._legacy[:-len("Tensor")]
        raise RuntimeError(f"'lengths' argument should be a 1D CPU int64 tensor, but got {lengths.dim()}D cpu "
                           f"{scalar} tensor")
    time_dim, batch_dim = (1, 0) if batch_first else (0, 1)
    batch = input.size(batch_dim)
    lens = [int(v) for v in lengths._data]
    if len(lens) != batch:
        raise RuntimeError(f"Expected `len(lengths)` to be equal to batch_size, but got {len(lens)} "
                           f"(batch_size={batch})")
    if lens[-1] <= 0:
        raise RuntimeError("Length of all samples has to be greater than 0, but found an element in 'lengths' "
                           "that is <= 0")
    if any(a < b for a, b in zip(lens, lens[1:])):
        raise RuntimeError("`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. "
                           "You can pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to "
                           "sidestep this requirement if you do not need ONNX exportability.")
    if lens[0] > input.size(time_dim):   # torch has no check here and reads past the input's end
        raise RuntimeError(f"Expected sequence length to be less than or equal to {input.size(time_dim)}, but got "
                           f"{lens[0]} instead")
    batch_sizes = [sum(1 for n in lens if n > t) for t in range(lens[0])]
    t_idx = np.repeat(np.arange(len(batch_sizes)), batch_sizes)
    b_idx = np.concatenate([np.arange(bs) for bs in batch_sizes])
    # the node takes the input as given (torch's transposes a batch-first one inside, unrecorded)
    key = (b_idx, t_idx) if batch_first else (t_idx, b_idx)
    data = apply(PackPaddedSequenceBackward0, (input,), (input._data,), key, bool(batch_first))
    return data, make(np.asarray(batch_sizes, dtype=np.int64))
