"""Op-table rows for issue 9's reductions ops (appended to ``op_table.OPS``; see op_table.py for the entry format)."""
from __future__ import annotations

from op_table import E, U, U0, BCAST, Long, Bool, real, positive, away, distinct, avoiding  # noqa: F401

OPS_REDUCTIONS: list = [
]
