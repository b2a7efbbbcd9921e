"""Op-table rows for quantile with a 1-D ``q`` (appended to ``op_table.OPS``; see op_table.py for the
entry format): torch's graph ends ``SqueezeBackward4 <- TransposeBackward1 <- UnsqueezeBackward1``
(its in-place squeeze_, transpose_ and unsqueeze_), which these rows reach and compare."""
from __future__ import annotations

from op_table import E, U, distinct

R3 = (2, 3, 2)

OPS_QUANTILE: list = [
    E("quantile_q1d", lambda m, a: m.quantile(a, m.tensor([0.25, 0.5, 0.9], dtype=a.dtype)), [(U,), ((4,),)],
      domain=distinct, grad_fn="SqueezeBackward4"),
    E("quantile_q1d_dim_keepdim", lambda m, a: a.quantile(m.tensor([0.3, 0.7], dtype=a.dtype), 1, keepdim=True),
      [(U,), (R3,)], domain=distinct, grad_fn="SqueezeBackward4"),
    E("nanquantile_q1d_lower", lambda m, a: m.nanquantile(a, m.tensor([0.2, 0.6], dtype=a.dtype), 0,
                                                          interpolation="lower"),
      [(U,)], domain=distinct, grad_fn="SqueezeBackward4"),
]
