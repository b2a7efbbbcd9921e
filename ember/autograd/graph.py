"""``torch.autograd.graph``: graph nodes (defined in ``ember._graph``)."""
from .._graph import Node  # noqa: F401

__all__ = ["Node"]
