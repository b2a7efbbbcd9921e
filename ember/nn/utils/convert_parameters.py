"""``parameters_to_vector`` and ``vector_to_parameters``."""
from __future__ import annotations

from typing import Iterable

from ... import Tensor, cat
from ..modules.module import typename

__all__ = ["parameters_to_vector", "vector_to_parameters"]


def parameters_to_vector(parameters: Iterable[Tensor]) -> Tensor:
    """One 1-D tensor of all the parameters, flattened and concatenated (it stays in the graph).

    Args:
        parameters (iterable of Tensors): e.g. ``model.parameters()``.
    """
    return cat([p.view(-1) for p in parameters])


def vector_to_parameters(vec: Tensor, parameters: Iterable[Tensor]) -> None:
    """Set the parameters' data from consecutive slices of ``vec`` (the inverse of :func:`parameters_to_vector`).

    Args:
        vec (Tensor): a 1-D tensor with as many elements as the parameters together.
        parameters (iterable of Tensors): the tensors to overwrite.
    """
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected torch.Tensor, but got: {typename(vec)}")
    pointer = 0
    for param in parameters:
        n = param.numel()
        param.data = vec[pointer:pointer + n].view_as(param).data
        pointer += n
