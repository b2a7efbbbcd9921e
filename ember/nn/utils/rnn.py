"""``nn.utils.rnn``: padding variable-length sequences and packing them for the recurrent layers.

A :class:`PackedSequence` holds the time steps of a batch of sequences sorted by length, longest
first, one after another: ``data[sum(batch_sizes[:t]) : sum(batch_sizes[:t + 1])]`` is step ``t`` of
the ``batch_sizes[t]`` sequences still running. Built from ember's public API only.
"""
from __future__ import annotations

from typing import Sequence

from ... import Tensor, _pack_padded_sequence, as_tensor, full, int64, sort, tensor
from .._packed import PackedSequence, PackedSequence_, invert_permutation  # noqa: F401

__all__ = ["PackedSequence", "pack_padded_sequence", "pad_packed_sequence", "pad_sequence", "pack_sequence",
           "invert_permutation"]


def pack_padded_sequence(input: Tensor, lengths: Tensor | list[int], batch_first: bool = False,  # noqa: A002
                         enforce_sorted: bool = True) -> PackedSequence:
    r"""Pack a padded batch of variable-length sequences.

    Args:
        input (Tensor): padded batch, ``(T, B, *)`` (``(B, T, *)`` if ``batch_first``).
        lengths (Tensor or list(int)): each sequence's length.
        batch_first (bool): whether the batch dim comes first. Default: ``False``.
        enforce_sorted (bool): require ``lengths`` sorted in decreasing order; otherwise the batch is
            sorted here and the permutation kept in the result. Default: ``True``.

    The data is one ``PackPaddedSequenceBackward0`` node (``ember._pack_padded_sequence``), as in torch: the
    gradient flows back to the packed elements of ``input``; padding gets zero.
    """
    lens = lengths.to(dtype=int64) if isinstance(lengths, Tensor) else as_tensor(lengths, dtype=int64)
    sorted_indices = None
    if not enforce_sorted:
        lens, sorted_indices = sort(lens, descending=True)
        input = input.index_select(0 if batch_first else 1, sorted_indices)  # noqa: A001
    data, batch_sizes = _pack_padded_sequence(input, lens, batch_first)
    return PackedSequence(data, batch_sizes, sorted_indices, None)


def pad_packed_sequence(sequence: PackedSequence, batch_first: bool = False, padding_value: float = 0.0,
                        total_length: int | None = None) -> tuple[Tensor, Tensor]:
    r"""Undo :func:`pack_padded_sequence`: the padded batch and each sequence's length (an int64 tensor).

    Args:
        sequence (PackedSequence): the batch to pad.
        batch_first (bool): put the batch dim first. Default: ``False``.
        padding_value (float): the value of the padding. Default: ``0.0``.
        total_length (int, optional): pad to this many steps (at least the longest sequence's).
    """
    data, batch_sizes = sequence.data, [int(b) for b in sequence.batch_sizes.tolist()]
    steps = len(batch_sizes)
    if total_length is not None:
        if total_length < steps:
            raise ValueError("Expected total_length to be at least the length of the longest sequence in input, "
                             f"but got total_length={total_length} and max sequence length being {steps}")
        steps = total_length
    batch = batch_sizes[0]
    out = full((steps, batch) + tuple(data.shape[1:]), padding_value, dtype=data.dtype)
    # torch's _pad_packed_sequence copies each run of steps with the same batch size in one slice
    # (a CopySlices of a view of a slice of the data per run), so ember does too
    offset, t = 0, 0
    while t < len(batch_sizes):
        bs, run = batch_sizes[t], 1
        while t + run < len(batch_sizes) and batch_sizes[t + run] == bs:
            run += 1
        out[t:t + run, :bs] = data[offset:offset + run * bs].view((run, bs) + tuple(data.shape[1:]))
        offset += run * bs
        t += run
    lengths = [sum(1 for b in batch_sizes if b > i) for i in range(batch)]
    if batch_first:
        out = out.transpose(0, 1)
    lens = tensor(lengths, dtype=int64)
    if sequence.unsorted_indices is not None:
        out = out.index_select(0 if batch_first else 1, sequence.unsorted_indices)
        lens = lens[sequence.unsorted_indices]
    return out, lens


def pad_sequence(sequences: Tensor | Sequence[Tensor], batch_first: bool = False, padding_value: float = 0.0,
                 padding_side: str = "right") -> Tensor:
    r"""Stack variable-length sequences ``(L_i, *)`` into one padded tensor ``(T, B, *)``.

    Args:
        sequences (list of Tensor): the sequences, each with the same trailing dims.
        batch_first (bool): return ``(B, T, *)``. Default: ``False``.
        padding_value (float): the value of the padding. Default: ``0.0``.
        padding_side (str): ``"right"`` or ``"left"``: where the padding goes. Default: ``"right"``.
    """
    if padding_side not in ("left", "right"):
        raise RuntimeError(f"Expected padding_side to be one of left or right, but got {padding_side}.")
    if isinstance(sequences, Tensor):
        sequences = sequences.unbind(0)
    seqs = list(sequences)
    if not seqs:
        raise RuntimeError("received an empty list of sequences")
    longest = max(s.size(0) for s in seqs)
    trailing = tuple(seqs[0].shape[1:])
    shape = (len(seqs), longest) if batch_first else (longest, len(seqs))
    out = full(shape + trailing, padding_value, dtype=seqs[0].dtype)
    for i, s in enumerate(seqs):
        n = s.size(0)
        steps = slice(0, n) if padding_side == "right" else slice(longest - n, longest)
        if batch_first:
            out[i, steps] = s
        else:
            out[steps, i] = s
    return out


def pack_sequence(sequences: Sequence[Tensor], enforce_sorted: bool = True) -> PackedSequence:
    r"""Pack a list of variable-length sequences: ``pack_padded_sequence(pad_sequence(sequences), lengths)``."""
    lengths = tensor([s.size(0) for s in sequences], dtype=int64)
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)
