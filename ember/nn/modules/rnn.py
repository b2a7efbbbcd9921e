"""Recurrent layers: ``RNN``, ``LSTM``, ``GRU`` and their cells, with torch's parameters and gate order.

The recurrence is built from ember ops, so autograd differentiates it: each layer and direction
projects all time steps' inputs in one matrix multiply, then runs one hidden-to-hidden multiply and
the gates per step. On the CPU torch decomposes the same way, so the outputs end in torch's nodes
(``StackBackward0`` over time, ``CatBackward0`` joining two directions, ``StackBackward0`` for
``h_n``). Gates are in torch's order: LSTM ``i, f, g, o``; GRU ``r, z, n``.
"""
from __future__ import annotations

import math
import numbers
import warnings
from typing import Any

from ... import Tensor, addcmul, addmm, cat, empty, empty_like, stack, zeros
from .. import functional as F
from .. import init
from ..parameter import Parameter
from .._packed import PackedSequence
from .module import Module

__all__ = ["RNNBase", "RNN", "LSTM", "GRU", "RNNCellBase", "RNNCell", "LSTMCell", "GRUCell"]


# ---- one step of each cell: ``gi`` is the input projection (with bias_ih), already computed ----

def _hh(gi: Tensor, h: Tensor, w_hh_t: Tensor, b_hh: Tensor | None) -> Tensor:
    """``gi + h @ W_hh^T + b_hh``; ``b_hh is None`` means the caller folded it into ``gi`` (one addmm node)."""
    return addmm(gi, h, w_hh_t) if b_hh is None else gi + addmm(b_hh, h, w_hh_t)


def _rnn_step(gi: Tensor, h: Tensor, w_hh_t: Tensor, b_hh: Tensor | None, relu: bool) -> Tensor:
    pre = _hh(gi, h, w_hh_t, b_hh)
    return pre.relu() if relu else pre.tanh()


def _lstm_step(gi: Tensor, h: Tensor, c: Tensor, w_hh_t: Tensor, b_hh: Tensor | None,
               w_hr_t: Tensor | None, cell: bool = False) -> tuple[Tensor, Tensor]:
    gates = _hh(gi, h, w_hh_t, b_hh)
    # one sigmoid over all four gates (the g quarter's is unused) and one chunk: fewer nodes per step
    # than three sigmoids over three slices (benchmarks/lstm_speed.py)
    i, f, _, o = gates.sigmoid().chunk(4, -1)
    g = gates[..., 2 * c.size(-1):3 * c.size(-1)].tanh()
    # LSTMCell's c' is torch's AddBackward0; inside a layer nobody sees the node, so one addcmul
    c = f * c + i * g if cell else addcmul(f * c, i, g)
    h = o * c.tanh()
    if w_hr_t is not None:
        h = h.matmul(w_hr_t)
    return h, c


def _gru_step(gi: Tensor, h: Tensor, w_hh_t: Tensor, b_hh: Tensor | None) -> Tensor:
    gh = h.matmul(w_hh_t) if b_hh is None else addmm(b_hh, h, w_hh_t)
    n = h.size(-1)
    rz = (gi[..., :2 * n] + gh[..., :2 * n]).sigmoid()
    r, z = rz.chunk(2, -1)
    new = (gi[..., 2 * n:] + r * gh[..., 2 * n:]).tanh()
    return (h - new) * z + new          # torch's CPU form of (1 - z) * n + z * h


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

    def _run(self, x: Tensor, hx: Tensor, cx: Tensor | None, batch_sizes: list[int] | None
             ) -> tuple[Tensor, Tensor, Tensor | None]:
        """All layers on time-major ``x`` (``(T, B, I)``, or packed ``(N, I)``); returns output, h_n, c_n."""
        num_directions = 2 if self.bidirectional else 1
        h_out: list[Tensor] = []
        c_out: list[Tensor] = []
        for layer in range(self.num_layers):
            outs = []
            for direction in range(num_directions):
                k = layer * num_directions + direction
                ws = [getattr(self, n) for n in self._all_weights[k]]
                w_ih, w_hh = ws[0], ws[1]
                b_ih, b_hh = (ws[2], ws[3]) if self.bias else (None, None)
                w_hr = ws[-1] if self.proj_size > 0 else None
                out, h, c = self._direction(x, w_ih, b_ih, w_hh, b_hh, w_hr, hx[k],
                                            None if cx is None else cx[k], direction == 1, batch_sizes)
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
        mode = self.mode
        gi_all = F.linear(x, w_ih, b_ih)          # every step's input projection in one multiply
        if b_hh is not None and mode != "GRU":    # GRU's n gate needs b_hh inside r * (h W_hn + b_hn)
            gi_all = gi_all + b_hh                # folded once, so each step is one addmm
            b_hh = None
        w_hh_t = w_hh.t()
        w_hr_t = w_hr.t() if w_hr is not None else None
        steps = gi_all.unbind(0) if batch_sizes is None else gi_all.split(batch_sizes, 0)
        order = range(len(steps) - 1, -1, -1) if reverse else range(len(steps))
        outs: list[Tensor] = [None] * len(steps)  # type: ignore[list-item]
        h0, c0 = h, c
        if batch_sizes is not None and reverse:   # the reverse pass starts with the shortest batch
            h = h[:batch_sizes[-1]]
            c = c[:batch_sizes[-1]] if c is not None else None
        finished_h: list[Tensor] = []
        finished_c: list[Tensor] = []
        for t in order:
            gi = steps[t]
            if batch_sizes is not None:
                bs, cur = batch_sizes[t], h.size(0)
                if bs < cur:           # forward: sequences that ended leave the batch with their final state
                    finished_h.append(h[bs:])
                    h = h[:bs]
                    if c is not None:
                        finished_c.append(c[bs:])
                        c = c[:bs]
                elif bs > cur:         # reverse: sequences start, from their initial state
                    h = cat([h, h0[cur:bs]], 0)
                    if c is not None:
                        c = cat([c, c0[cur:bs]], 0)  # type: ignore[index]
            if mode == "LSTM":
                h, c = _lstm_step(gi, h, c, w_hh_t, b_hh, w_hr_t)  # type: ignore[arg-type]
            elif mode == "GRU":
                h = _gru_step(gi, h, w_hh_t, b_hh)
            else:
                h = _rnn_step(gi, h, w_hh_t, b_hh, mode == "RNN_RELU")
            outs[t] = h
        out = stack(outs, 0) if batch_sizes is None else cat(outs, 0)
        if finished_h:
            h = cat([h] + finished_h[::-1], 0)
            if c is not None:
                c = cat([c] + finished_c[::-1], 0)
        return out, h, c

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
        if self.batch_first:
            out = out.transpose(0, 1)
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
        out = _rnn_step(F.linear(x, self.weight_ih, self.bias_ih), h, self.weight_hh.t(), self.bias_hh,
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
        h, c = _lstm_step(F.linear(x, self.weight_ih, self.bias_ih), h, c, self.weight_hh.t(), self.bias_hh, None, True)
        return (h, c) if is_batched else (h.squeeze(0), c.squeeze(0))


class GRUCell(RNNCellBase):
    r"""One GRU step: ``h' = (1 - z) * n + z * h``."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, device: Any = None,
                 dtype: Any = None) -> None:
        super().__init__(input_size, hidden_size, bias, num_chunks=3, device=device, dtype=dtype)

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:  # noqa: A002
        x, is_batched = self._prepare("GRUCell", input, hx)
        h = zeros(x.size(0), self.hidden_size, dtype=x.dtype) if hx is None else (hx if is_batched else hx.unsqueeze(0))
        out = _gru_step(F.linear(x, self.weight_ih, self.bias_ih), h, self.weight_hh.t(), self.bias_hh)
        return out if is_batched else out.squeeze(0)
