"""Op-table rows for issue 14's recurrent-layer ops (appended to ``op_table.OPS``; see op_table.py for the format).

``PackPaddedSequenceBackward0`` (``_pack_padded_sequence``, and ``pad_packed_sequence`` over it, which torch
records as ``CopySlices`` of its runs of equal batch sizes). torch's fused LSTM layer
(``MkldnnRnnLayerBackward0``, ``mkldnn_rnn_layer``) takes float32 only, so it cannot have a row (the table
runs every row in float64 too): tests/test_rnn_fused.py compares it with torch in float32 and gradchecks
ember's kernel in float64.
"""
from __future__ import annotations

from op_table import E

OPS_NN_RNN: list = [
    E("_pack_padded_sequence", lambda m, x: m._pack_padded_sequence(x, m.tensor([3, 2, 2]), False)[0],
      [((3, 3, 2),), ((4, 3),)], grad_fn="PackPaddedSequenceBackward0"),
    E("_pack_padded_sequence_batch_first", lambda m, x: m._pack_padded_sequence(x, m.tensor([3, 1]), True)[0],
      [((2, 3),), ((2, 4, 2),)], grad_fn="PackPaddedSequenceBackward0"),
    E("pad_packed_sequence", lambda m, x: m.nn.utils.rnn.pad_packed_sequence(
        m.nn.utils.rnn.pack_padded_sequence(x, [3, 2, 1]), total_length=4)[0], [((3, 3, 2),)], grad_fn="CopySlices"),
    E("pad_packed_sequence_batch_first", lambda m, x: m.nn.utils.rnn.pad_packed_sequence(
        m.nn.utils.rnn.pack_padded_sequence(x, [3, 3, 1], batch_first=True, enforce_sorted=False), batch_first=True)[0],
      [((3, 3, 2),)], grad_fn="IndexSelectBackward0"),
]
OPS_NN_RNN += [
    # torch's elementwise LSTM and GRU cells cut their gates apart with these (ops/rnn.py)
    E("unsafe_chunk", lambda m, a: m.unsafe_chunk(a, 3, 1)[1], [((2, 6),), ((2, 5),)], grad_fn="UnsafeSplitBackward0"),
    E("unsafe_split", lambda m, a: a.unsafe_split(2, 0)[-1], [((5, 2),)], grad_fn="UnsafeSplitBackward0"),
    E("unsafe_split_with_sizes", lambda m, a: m.unsafe_split_with_sizes(a, [1, 3], 1)[1], [((2, 4),)],
      grad_fn="UnsafeSplitWithSizesBackward0"),
    E("unsafe_chunk_method", lambda m, a: a.unsafe_chunk(4, -1)[3], [((3, 8),)], grad_fn="UnsafeSplitBackward0"),
]
