"""Op-table rows for issue 9's creation ops (appended to ``op_table.OPS``; see op_table.py for the entry format).

None so far: issue 9's creation, random and conversion functions (``logspace``, ``tril_indices``,
``new_*``, the samplers, ``one_hot``, ``from_dlpack``) make leaves or integer tensors, with no
differentiable node of their own (the samplers' zero-gradient nodes are checked in
tests/test_random.py); they are compared with torch in tests/test_reliability_creation.py,
tests/test_random.py and tests/test_conventions.py."""
from __future__ import annotations

from op_table import E, U, U0, BCAST, Long, Bool, real, positive, away, distinct, avoiding  # noqa: F401

OPS_CREATION: list = [
]
