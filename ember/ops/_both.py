"""Running an op inside a backward formula, in the formula's world.

A formula that needs another op's whole forward (gather's backward is a scatter_add, diagonal's is
a diagonal embedding) calls :func:`both`: in array mode (``create_graph=False``) it runs the op's
``forward`` on the arrays, recording nothing; in tensor mode it applies the op to tensors, so the
backward pass is itself recorded and can be differentiated again (with torch's node names).
"""
from __future__ import annotations

import numpy as np

from .._graph import NO_RECORD
from .._tensor import Tensor, make
from ._record import apply

__all__ = ["both", "np_dtype"]


def both(xp, cls, inputs: tuple, *params):
    """``cls`` applied to ``inputs`` (arrays, or tensors and constant arrays) in ``xp``'s world."""
    if xp.tensor_mode:
        tensors = tuple(x if isinstance(x, Tensor) else make(np.asarray(x)) for x in inputs)
        return apply(cls, tensors, tuple(t._data for t in tensors), *params)
    return cls.forward(NO_RECORD, *inputs, *params)


def np_dtype(g) -> np.dtype:
    """The NumPy dtype of a formula value (an array, or a tensor in tensor mode)."""
    return g._data.dtype if isinstance(g, Tensor) else np.asarray(g).dtype
