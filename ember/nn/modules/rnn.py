"""Recurrent layers: ``RNN``, ``LSTM``, ``GRU`` and their cells, with torch's parameters and gate order.

Where torch's CPU LSTM takes its oneDNN path (float32, no projections, unpacked input) each layer and
direction is one fused node, ``ember.mkldnn_rnn_layer`` (``MkldnnRnnLayerBackward0``: the recurrence and
its backward run in NumPy). Everywhere else (GRU, RNN, float64, ``proj_size``, packed sequences) torch
records each step's ops, and so does ember: each layer and direction projects all time steps' inputs in
one matrix multiply, then runs one hidden-to-hidden multiply and the gates per step, so the outputs end
in torch's nodes (``StackBackward0`` over time, ``CatBackward0`` joining two directions,
``StackBackward0`` for ``h_n``). Gates are in torch's order: LSTM ``i, f, g, o``; GRU ``r, z, n``.
"""
from __future__ import annotations

import math
import numbers
import warnings
from typing import Any

from ... import Tensor, addmm, cat, empty, empty_like, float32, mkldnn_rnn_layer, stack, zeros
from .. import functional as F
from .. import init
from ..parameter import Parameter
from .._packed import PackedSequence
from .module import Module

__all__ = ["RNNBase", "RNN", "LSTM", "GRU", "RNNCellBase", "RNNCell", "LSTMCell", "GRUCell"]


# ---- one step of each cell, as torch's CPU cells record it: ``gi`` is the input projection (with bias_ih) ----

def _linear(x: Tensor, w: Tensor, b: Tensor | None) -> Tensor:
    """``at::linear`` as torch records it: ``addmm(b, x, w.t())`` on 2-D input (viewed to 2-D and back for a
    contiguous 3-D one), else ``matmul(x, w.t())`` plus the bias."""
    if b is not None and x.dim() == 2:
        return addmm(b, x, w.t())
    if b is not None and x.dim() == 3 and x.is_contiguous():
        return addmm(b, x.view(-1, x.size(2)), w.t()).view(x.size(0), x.size(1), -1)
    return F.linear(x, w, b)


def _rnn_cell(gi: Tensor, h: Tensor, w_hh: Tensor, b_hh: Tensor | None, relu: bool) -> Tensor:
    pre = _linear(h, w_hh, b_hh) + gi
    return pre.relu() if relu else pre.tanh()


def _lstm_cell(gi: Tensor, h: Tensor, c: Tensor, w_hh: Tensor, b_hh: Tensor | None,
               w_hr: Tensor | None) -> tuple[Tensor, Tensor]:
    i, f, g, o = (_linear(h, w_hh, b_hh) + gi).unsafe_chunk(4, 1)
    i, f, g, o = i.sigmoid(), f.sigmoid(), g.tanh(), o.sigmoid()
    c = f * c + i * g
    h = o * c.tanh()
    if w_hr is not None:
        h = h.matmul(w_hr.t())
    return h, c


def _gru_cell(gi: Tensor, h: Tensor, w_hh: Tensor, b_hh: Tensor | None) -> Tensor:
    i_r, i_z, i_n = gi.unsafe_chunk(3, 1)
    h_r, h_z, h_n = _linear(h, w_hh, b_hh).unsafe_chunk(3, 1)
    r = (h_r + i_r).sigmoid()
    z = (h_z + i_z).sigmoid()
    n = (i_n + h_n * r).tanh()
    return (h - n) * z + n          # torch's CPU form of (1 - z) * n + z * h


_PROJ_WARNED = False     # torch warns once per process that a projected LSTM cannot use oneDNN


def _dropout(x: Tensor, p: float) -> Tensor:
    """Dropout between layers as torch's ``at::dropout`` on the CPU: a Bernoulli mask scaled by ``1/(1-p)``."""
    if p == 1:
        return x * zeros((), dtype=x.dtype)
    noise = empty_like(x).bernoulli_(1 - p)
    noise.div_(1 - p)
    return x * noise


class RNNBase(Module):
    r"""The base of :class:`RNN`, :class:`LSTM` and :class:`GRU`: parameters, checks and the recurrence.

    ``mode`` is ``"RNN_TANH"``, ``"RNN_RELU"``, ``"LSTM"`` or ``"GRU"``. Every parameter is drawn from
    ``U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))`` in registration order, as torch does.
    """

    def __init__(self, mode: str, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False, proj_size: int = 0,
                 device: Any = None, dtype: Any = None) -> None:
        super().__init__()
        self.mode = mode
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        self.dropout = float(dropout) if isinstance(dropout, numbers.Number) and not isinstance(dropout, bool) \
            else dropout
        self.bidirectional = bidirectional
        self.proj_size = proj_size
        num_directions = 2 if bidirectional else 1
        if not isinstance(dropout, numbers.Number) or isinstance(dropout, bool) or not 0 <= dropout <= 1:
            raise ValueError("dropout should be a number in range [0, 1] representing the probability of an "
                             "element being zeroed")
        if dropout > 0 and num_layers == 1:
            warnings.warn("dropout option adds dropout after all but last recurrent layer, so non-zero dropout "
                          f"expects num_layers greater than 1, but got dropout={dropout} and "
                          f"num_layers={num_layers}", stacklevel=3)
        for name, value in (("bias", bias), ("batch_first", batch_first)):
            if not isinstance(value, bool):
                raise TypeError(f"{name} should be of type bool, got: {type(value).__name__}")
        for name, value in (("input_size", input_size), ("hidden_size", hidden_size)):
            if not isinstance(value, int):
                raise TypeError(f"{name} should be of type int, got: {type(value).__name__}")
            if value <= 0:
                raise ValueError(f"{name} must be greater than zero")
        if num_layers <= 0:
            raise ValueError("num_layers must be greater than zero")
        if proj_size < 0:
            raise ValueError("proj_size should be a positive integer or zero to disable projections")
        if proj_size >= hidden_size:
            raise ValueError("proj_size has to be smaller than hidden_size")
        gates = {"LSTM": 4, "GRU": 3, "RNN_TANH": 1, "RNN_RELU": 1}.get(mode)
        if gates is None:
            raise ValueError("Unrecognized RNN mode: " + mode)
        gate_size = gates * hidden_size
        real_hidden = proj_size if proj_size > 0 else hidden_size
        self._flat_weights_names: list[str] = []
        self._all_weights: list[list[str]] = []
        for layer in range(num_layers):
            for direction in range(num_directions):
                layer_input = input_size if layer == 0 else real_hidden * num_directions
                shapes = [(gate_size, layer_input), (gate_size, real_hidden)]
                names = ["weight_ih_l{}{}", "weight_hh_l{}{}"]
                if bias:
                    shapes += [(gate_size,), (gate_size,)]
                    names += ["bias_ih_l{}{}", "bias_hh_l{}{}"]
                if proj_size > 0:
                    shapes.append((proj_size, hidden_size))
                    names.append("weight_hr_l{}{}")
                suffix = "_reverse" if direction == 1 else ""
                names = [n.format(layer, suffix) for n in names]
                for name, shape in zip(names, shapes):
                    setattr(self, name, Parameter(empty(shape, device=device, dtype=dtype)))
                self._flat_weights_names.extend(names)
                self._all_weights.append(names)
        self.reset_parameters()

    @property
    def _flat_weights(self) -> list[Tensor]:
        return [getattr(self, n) for n in self._flat_weights_names]

    @property
    def all_weights(self) -> list[list[Parameter]]:
        """The parameters of each layer and direction, in torch's order."""
        return [[getattr(self, n) for n in names] for names in self._all_weights]

    def flatten_parameters(self) -> None:
        """A no-op: torch packs the weights into one buffer for cuDNN; ember has nothing to pack."""

    def reset_parameters(self) -> None:
        """Draw every parameter from ``U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))`` again."""
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if self.proj_size != 0:
            s += f", proj_size={self.proj_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if self.batch_first is not False:
            s += f", batch_first={self.batch_first}"
        if self.dropout != 0:
            s += f", dropout={self.dropout}"
        if self.bidirectional is not False:
            s += f", bidirectional={self.bidirectional}"
        return s

    # ---- checks, as torch's ----

    def _check_input(self, input: Tensor, packed: bool) -> None:  # noqa: A002
        w = getattr(self, self._flat_weights_names[0])
        if input.dtype != w.dtype:
            raise ValueError(f"RNN input dtype ({input.dtype}) does not match weight dtype ({w.dtype}). "
                             f"Convert input: input.to({w.dtype}), or convert model: model.to({input.dtype})")
        expected = 2 if packed else 3
        if input.dim() != expected:
            raise RuntimeError(f"input must have {expected} dimensions, got {input.dim()}")
        if self.input_size != input.size(-1):
            raise RuntimeError(f"input.size(-1) must be equal to input_size. Expected {self.input_size}, "
                               f"got {input.size(-1)}")

    def _expected_hidden(self, batch: int, size: int) -> tuple[int, int, int]:
        return (self.num_layers * (2 if self.bidirectional else 1), batch, size)

    @staticmethod
    def _check_hidden(hx: Tensor, expected: tuple[int, int, int], msg: str = "Expected hidden size {}, got {}") -> None:
        if tuple(hx.size()) != expected:
            raise RuntimeError(msg.format(expected, list(hx.size())))

    # ---- the recurrence ----

    def _fused(self, x: Tensor, batch_sizes: list[int] | None) -> bool:
        """Whether torch's CPU LSTM takes its oneDNN path here: one ``MkldnnRnnLayerBackward0`` per layer and
        direction (float32, no projections, unpacked, non-empty input); else it records the steps' ops."""
        global _PROJ_WARNED
        onednn = self.mode == "LSTM" and batch_sizes is None and x.dtype == float32 and x.numel() != 0
        if onednn and self.proj_size > 0 and not _PROJ_WARNED:   # torch's TORCH_WARN_ONCE: once per process
            _PROJ_WARNED = True
            warnings.warn("LSTM with projections is not supported with oneDNN. Using default implementation.",
                          UserWarning, stacklevel=5)
        return onednn and self.proj_size == 0

    def _run_fused(self, x: Tensor, hx: Tensor, cx: Tensor) -> tuple[Tensor, Tensor, Tensor]:
        """All layers, each direction one fused node over the whole sequence (``ember.mkldnn_rnn_layer``)."""
        num_directions = 2 if self.bidirectional else 1
        h_out: list[Tensor] = []
        c_out: list[Tensor] = []
        x = x.contiguous()
        for layer in range(self.num_layers):
            outs = []
            for direction in range(num_directions):
                k = layer * num_directions + direction
                ws = [getattr(self, n) for n in self._all_weights[k]]
                if self.bias:
                    b_ih, b_hh = ws[2], ws[3]
                else:               # what torch passes without biases
                    b_ih = b_hh = zeros(4 * self.hidden_size, dtype=x.dtype)
                out, h, c, _ = mkldnn_rnn_layer(x, ws[0], ws[1], b_ih, b_hh, hx[k], cx[k], direction == 1, [], 2,
                                                self.hidden_size, self.num_layers, self.bias, self.bidirectional,
                                                False, self.training)
                outs.append(out)
                h_out.append(h)
                c_out.append(c)
            x = outs[0] if num_directions == 1 else cat(outs, 2)
            if self.dropout and self.training and layer < self.num_layers - 1:
                x = _dropout(x, self.dropout)
        return x, stack(h_out, 0), stack(c_out, 0)

    def _run(self, x: Tensor, hx: Tensor, cx: Tensor | None, batch_sizes: list[int] | None
             ) -> tuple[Tensor, Tensor, Tensor | None]:
        """All layers on time-major ``x`` (``(T, B, I)``, or packed ``(N, I)``); returns output, h_n, c_n."""
        if cx is not None and self._fused(x, batch_sizes):
            return self._run_fused(x, hx, cx)
        num_directions = 2 if self.bidirectional else 1
        h_out: list[Tensor] = []
        c_out: list[Tensor] = []
        h0s = hx.unbind(0)                      # torch's elementwise path unbinds the initial states
        c0s = cx.unbind(0) if cx is not None else None
        for layer in range(self.num_layers):
            outs = []
            for direction in range(num_directions):
                k = layer * num_directions + direction
                ws = [getattr(self, n) for n in self._all_weights[k]]
                w_ih, w_hh = ws[0], ws[1]
                b_ih, b_hh = (ws[2], ws[3]) if self.bias else (None, None)
                w_hr = ws[-1] if self.proj_size > 0 else None
                out, h, c = self._direction(x, w_ih, b_ih, w_hh, b_hh, w_hr, h0s[k],
                                            None if c0s is None else c0s[k], direction == 1, batch_sizes)
                outs.append(out)
                h_out.append(h)
                if c is not None:
                    c_out.append(c)
            x = outs[0] if num_directions == 1 else cat(outs, x.dim() - 1)
            if self.dropout and self.training and layer < self.num_layers - 1:
                x = _dropout(x, self.dropout)
        return x, stack(h_out, 0), stack(c_out, 0) if cx is not None else None

    def _direction(self, x: Tensor, w_ih: Tensor, b_ih: Tensor | None, w_hh: Tensor, b_hh: Tensor | None,
                   w_hr: Tensor | None, h: Tensor, c: Tensor | None, reverse: bool,
                   batch_sizes: list[int] | None) -> tuple[Tensor, Tensor, Tensor | None]:
        """One layer and direction, step by step, as torch's FullLayer / PackedLayer (and their reversed forms)."""
        gi_all = _linear(x, w_ih, b_ih)          # every step's input projection in one multiply
        if batch_sizes is None:
            steps = gi_all.unbind(0)
            outs: list[Tensor] = [None] * len(steps)  # type: ignore[list-item]
            for t in (range(len(steps) - 1, -1, -1) if reverse else range(len(steps))):
                h, c = self._cell(steps[t], h, c, w_hh, b_hh, w_hr)
                outs[t] = h
            return stack(outs, 0), h, c
        offsets = [0]
        for bs in batch_sizes:
            offsets.append(offsets[-1] + bs)
        outs = [None] * len(batch_sizes)  # type: ignore[list-item]
        if reverse:   # starts with the shortest batch; sequences join from their initial state as they start
            h0, c0 = h, c
            last = batch_sizes[-1]
            h = h0.narrow(0, 0, last)
            c = c0.narrow(0, 0, last) if c0 is not None else None
            for t in range(len(batch_sizes) - 1, -1, -1):
                bs = batch_sizes[t]
                if bs > last:
                    h = cat([h, h0.narrow(0, last, bs - last)], 0)
                    if c is not None:
                        c = cat([c, c0.narrow(0, last, bs - last)], 0)  # type: ignore[union-attr]
                last = bs
                h, c = self._cell(gi_all.narrow(0, offsets[t], bs), h, c, w_hh, b_hh, w_hr)
                outs[t] = h
            return cat(outs, 0), h, c
        finished_h: list[Tensor] = []   # sequences that ended leave the batch with their final state
        finished_c: list[Tensor] = []
        last = batch_sizes[0]
        for t, bs in enumerate(batch_sizes):
            if bs < last:
                finished_h.append(h.narrow(0, bs, last - bs))
                h = h.narrow(0, 0, bs)
                if c is not None:
                    finished_c.append(c.narrow(0, bs, last - bs))
                    c = c.narrow(0, 0, bs)
            last = bs
            h, c = self._cell(gi_all.narrow(0, offsets[t], bs), h, c, w_hh, b_hh, w_hr)
            outs[t] = h
        h = cat([h] + finished_h[::-1], 0)
        if c is not None:
            c = cat([c] + finished_c[::-1], 0)
        return cat(outs, 0), h, c

    def _cell(self, gi: Tensor, h: Tensor, c: Tensor | None, w_hh: Tensor, b_hh: Tensor | None,
              w_hr: Tensor | None) -> tuple[Tensor, Tensor | None]:
        if self.mode == "LSTM":
            return _lstm_cell(gi, h, c, w_hh, b_hh, w_hr)  # type: ignore[arg-type]
        if self.mode == "GRU":
            return _gru_cell(gi, h, w_hh, b_hh), None
        return _rnn_cell(gi, h, w_hh, b_hh, self.mode == "RNN_RELU"), None

    def _forward(self, input: Any, hx: Any, is_lstm: bool) -> tuple[Any, Any]:  # noqa: A002
        name = {"LSTM": "LSTM", "GRU": "GRU"}.get(self.mode, "RNN")
        real_hidden = self.proj_size if self.proj_size > 0 else self.hidden_size
        packed = isinstance(input, PackedSequence)
        batch_sizes = None
        sorted_indices = unsorted_indices = None
        is_batched = True
        batch_dim = 0 if self.batch_first else 1
        if packed:
            input, bsizes, sorted_indices, unsorted_indices = input  # noqa: A001
            batch_sizes = [int(b) for b in bsizes.tolist()]
            batch = batch_sizes[0]
        else:
            if input.dim() not in (2, 3):
                tensor_word = " tensor" if name == "RNN" else ""    # torch's RNN alone says "tensor"
                raise ValueError(f"{name}: Expected input to be 2D or 3D, got {input.dim()}D{tensor_word} instead")
            is_batched = input.dim() == 3
            if not is_batched:
                input = input.unsqueeze(batch_dim)  # noqa: A001
            batch = input.size(batch_dim)
        if hx is None:
            h0 = zeros(self._expected_hidden(batch, real_hidden), dtype=input.dtype)
            c0 = zeros(self._expected_hidden(batch, self.hidden_size), dtype=input.dtype) if is_lstm else None
        elif is_lstm:
            h0, c0 = hx
            if not packed:
                want = 3 if is_batched else 2
                if h0.dim() != want or c0.dim() != want:
                    kind = "batched 3-D" if is_batched else "unbatched 2-D"
                    raise RuntimeError(f"For {kind} input, hx and cx should also be {want}-D but got "
                                       f"({h0.dim()}-D, {c0.dim()}-D) tensors")
                if not is_batched:
                    h0, c0 = h0.unsqueeze(1), c0.unsqueeze(1)
        else:
            h0, c0 = hx, None
            if not packed:
                if not is_batched and h0.dim() != 2:
                    raise RuntimeError(f"For unbatched 2-D input, hx should also be 2-D but got {h0.dim()}-D tensor")
                if is_batched and h0.dim() != 3:
                    raise RuntimeError(f"For batched 3-D input, hx should also be 3-D but got {h0.dim()}-D tensor")
                if not is_batched:
                    h0 = h0.unsqueeze(1)
        self._check_input(input, packed)
        if is_lstm:
            self._check_hidden(h0, self._expected_hidden(batch, real_hidden), "Expected hidden[0] size {}, got {}")
            self._check_hidden(c0, self._expected_hidden(batch, self.hidden_size), "Expected hidden[1] size {}, got {}")
        else:
            self._check_hidden(h0, self._expected_hidden(batch, real_hidden))
        if sorted_indices is not None and hx is not None:
            h0 = h0.index_select(1, sorted_indices)
            c0 = c0.index_select(1, sorted_indices) if c0 is not None else None
        x = input.transpose(0, 1) if self.batch_first and not packed else input
        out, h_n, c_n = self._run(x, h0, c0, batch_sizes)
        if unsorted_indices is not None:
            h_n = h_n.index_select(1, unsorted_indices)
            c_n = c_n.index_select(1, unsorted_indices) if c_n is not None else None
        hidden: Any = (h_n, c_n) if is_lstm else h_n
        if packed:
            return PackedSequence(out, bsizes, sorted_indices, unsorted_indices), hidden
        if self.batch_first:    # torch's RNN/GRU kernels transpose their fresh output in place, LSTM's does not
            out = out.transpose(0, 1) if is_lstm else out.transpose_(0, 1)
        if not is_batched:
            out = out.squeeze(batch_dim)
            hidden = (h_n.squeeze(1), c_n.squeeze(1)) if is_lstm else h_n.squeeze(1)  # type: ignore[union-attr]
        return out, hidden


class RNN(RNNBase):
    r"""A multi-layer Elman RNN: ``h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)`` (or ``relu``).

    Args:
        input_size, hidden_size, num_layers (int): sizes and stacked layers (default 1).
        nonlinearity (str): ``"tanh"`` or ``"relu"``. Default: ``"tanh"``.
        bias, batch_first, dropout, bidirectional: as torch's.

    Returns ``(output, h_n)``: ``output`` ``(T, B, D*H)`` and ``h_n`` ``(D*num_layers, B, H)``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        if len(args) > 3:
            self.nonlinearity = args[3]
            args = args[:3] + args[4:]
        else:
            self.nonlinearity = kwargs.pop("nonlinearity", "tanh")
        if self.nonlinearity == "tanh":
            mode = "RNN_TANH"
        elif self.nonlinearity == "relu":
            mode = "RNN_RELU"
        else:
            raise ValueError(f"Unknown nonlinearity '{self.nonlinearity}'. Select from 'tanh' or 'relu'.")
        super().__init__(mode, *args, **kwargs)

    def forward(self, input: Any, hx: Tensor | None = None) -> tuple[Any, Tensor]:  # noqa: A002
        return self._forward(input, hx, False)


class LSTM(RNNBase):
    r"""A multi-layer LSTM, gates ``i, f, g, o`` in that order; ``proj_size > 0`` adds torch's projection.

    Returns ``(output, (h_n, c_n))``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__("LSTM", *args, **kwargs)

    def forward(self, input: Any, hx: tuple[Tensor, Tensor] | None = None  # noqa: A002
                ) -> tuple[Any, tuple[Tensor, Tensor]]:
        return self._forward(input, hx, True)


class GRU(RNNBase):
    r"""A multi-layer GRU, gates ``r, z, n`` in that order: ``h_t = (1 - z) * n + z * h_{t-1}``.

    Returns ``(output, h_n)``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        super().__init__("GRU", *args, **kwargs)

    def forward(self, input: Any, hx: Tensor | None = None) -> tuple[Any, Tensor]:  # noqa: A002
        return self._forward(input, hx, False)


class RNNCellBase(Module):
    r"""The base of the cells: ``weight_ih``, ``weight_hh``, ``bias_ih``, ``bias_hh``, drawn as in :class:`RNNBase`."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool, num_chunks: int, device: Any = None,
                 dtype: Any = None) -> None:
        super().__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.bias = bias
        self.weight_ih = Parameter(empty((num_chunks * hidden_size, input_size), device=device, dtype=dtype))
        self.weight_hh = Parameter(empty((num_chunks * hidden_size, hidden_size), device=device, dtype=dtype))
        if bias:
            self.bias_ih = Parameter(empty(num_chunks * hidden_size, device=device, dtype=dtype))
            self.bias_hh = Parameter(empty(num_chunks * hidden_size, device=device, dtype=dtype))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if getattr(self, "nonlinearity", "tanh") != "tanh":
            s += f", nonlinearity={self.nonlinearity}"
        return s

    def reset_parameters(self) -> None:
        """Draw every parameter from ``U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))`` again."""
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def _prepare(self, name: str, input: Tensor, hx: Tensor | None, what: str = "hidden"  # noqa: A002
                 ) -> tuple[Tensor, bool]:
        if input.dim() not in (1, 2):
            raise ValueError(f"{name}: Expected input to be 1D or 2D, got {input.dim()}D instead")
        if hx is not None and hx.dim() not in (1, 2):
            raise ValueError(f"{name}: Expected {what} to be 1D or 2D, got {hx.dim()}D instead")
        is_batched = input.dim() == 2
        return (input if is_batched else input.unsqueeze(0)), is_batched


class RNNCell(RNNCellBase):
    r"""One Elman RNN step: ``h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)`` (or ``relu``)."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, nonlinearity: str = "tanh",
                 device: Any = None, dtype: Any = None) -> None:
        super().__init__(input_size, hidden_size, bias, num_chunks=1, device=device, dtype=dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:  # noqa: A002
        x, is_batched = self._prepare("RNNCell", input, hx)
        h = zeros(x.size(0), self.hidden_size, dtype=x.dtype) if hx is None else (hx if is_batched else hx.unsqueeze(0))
        if self.nonlinearity not in ("tanh", "relu"):
            raise RuntimeError(f"Unknown nonlinearity: {self.nonlinearity}")
        out = _rnn_cell(_linear(x, self.weight_ih, self.bias_ih), h, self.weight_hh, self.bias_hh,
                        self.nonlinearity == "relu")
        return out if is_batched else out.squeeze(0)


class LSTMCell(RNNCellBase):
    r"""One LSTM step; returns ``(h', c')``."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, device: Any = None,
                 dtype: Any = None) -> None:
        super().__init__(input_size, hidden_size, bias, num_chunks=4, device=device, dtype=dtype)

    def forward(self, input: Tensor, hx: tuple[Tensor, Tensor] | None = None  # noqa: A002
                ) -> tuple[Tensor, Tensor]:
        if input.dim() not in (1, 2):
            raise ValueError(f"LSTMCell: Expected input to be 1D or 2D, got {input.dim()}D instead")
        if hx is not None:
            for idx, value in enumerate(hx):
                if value.dim() not in (1, 2):
                    raise ValueError(f"LSTMCell: Expected hx[{idx}] to be 1D or 2D, got {value.dim()}D instead")
        is_batched = input.dim() == 2
        x = input if is_batched else input.unsqueeze(0)
        if hx is None:
            z = zeros(x.size(0), self.hidden_size, dtype=x.dtype)
            h, c = z, z
        else:
            h, c = (hx[0], hx[1]) if is_batched else (hx[0].unsqueeze(0), hx[1].unsqueeze(0))
        h, c = _lstm_cell(_linear(x, self.weight_ih, self.bias_ih), h, c, self.weight_hh, self.bias_hh, None)
        return (h, c) if is_batched else (h.squeeze(0), c.squeeze(0))


class GRUCell(RNNCellBase):
    r"""One GRU step: ``h' = (1 - z) * n + z * h``."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, device: Any = None,
                 dtype: Any = None) -> None:
        super().__init__(input_size, hidden_size, bias, num_chunks=3, device=device, dtype=dtype)

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:  # noqa: A002
        x, is_batched = self._prepare("GRUCell", input, hx)
        h = zeros(x.size(0), self.hidden_size, dtype=x.dtype) if hx is None else (hx if is_batched else hx.unsqueeze(0))
        out = _gru_cell(_linear(x, self.weight_ih, self.bias_ih), h, self.weight_hh, self.bias_hh)
        return out if is_batched else out.squeeze(0)
