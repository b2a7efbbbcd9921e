"""``PackedSequence``, below ``nn.modules`` and ``nn.utils`` so the recurrent layers and ``nn.utils.rnn`` share it."""
from __future__ import annotations

from typing import Any, NamedTuple

from .. import Tensor, int64, tensor

__all__ = ["PackedSequence", "PackedSequence_", "invert_permutation"]


class PackedSequence_(NamedTuple):
    data: Tensor
    batch_sizes: Tensor
    sorted_indices: Tensor | None
    unsorted_indices: Tensor | None


class PackedSequence(PackedSequence_):
    r"""The data and the per-step batch sizes of a packed batch of sequences (see the module docstring).

    Made by :func:`pack_padded_sequence` or :func:`pack_sequence`, not by hand;
    ``sorted_indices`` maps sorted position to original batch index, ``unsorted_indices`` back.
    """

    def __new__(cls, data: Tensor, batch_sizes: Tensor | None = None, sorted_indices: Tensor | None = None,
                unsorted_indices: Tensor | None = None) -> PackedSequence:
        if unsorted_indices is None:
            unsorted_indices = invert_permutation(sorted_indices)
        if batch_sizes is not None:
            return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)
        # PackedSequence(*tuple) as torch accepts
        return super().__new__(cls, data[0], data[1], sorted_indices, unsorted_indices)  # type: ignore[index]

    def to(self, *args: Any, **kwargs: Any) -> PackedSequence:
        """The sequence with its ``data`` converted by ``Tensor.to`` (the indices stay as they are)."""
        data = self.data.to(*args, **kwargs)
        return self if data is self.data else type(self)(data, self.batch_sizes, self.sorted_indices,
                                                         self.unsorted_indices)

    @property
    def is_cuda(self) -> bool:
        return False

    def is_pinned(self) -> bool:
        return False


def invert_permutation(permutation: Tensor | None) -> Tensor | None:
    """The permutation that undoes ``permutation`` (``None`` stays ``None``)."""
    if permutation is None:
        return None
    order = [0] * len(permutation)
    for i, p in enumerate(permutation.tolist()):
        order[p] = i
    return tensor(order, dtype=int64)
