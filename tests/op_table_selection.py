"""Op-table rows for clamp_min / clamp_max and the nodes torch's C++ losses record (appended to
``op_table.OPS``; see op_table.py for the entry format)."""
from __future__ import annotations

from op_table import E, U, U0, away_half, clamp_bounds, real  # noqa: F401

OPS_SELECTION = [
    E("clamp_min_fn", lambda m, a: m.clamp_min(a, -0.5), U0, domain=away_half, grad_fn="ClampMinBackward0"),
    E("clamp_max_method", lambda m, a: a.clamp_max(0.5), U0, domain=away_half, grad_fn="ClampMaxBackward0"),
    E("clamp_min_inplace", lambda m, a: (a * 1).clamp_min_(-0.5), U0, domain=away_half, grad_fn="ClampMinBackward0"),
    E("clamp_max_inplace_fn", lambda m, a: m.clamp_max_(a * 1, 0.5), [(U,)], domain=away_half,
      grad_fn="ClampMaxBackward0"),
    E("clamp_min_tensor", lambda m, a, lo: m.clamp_min(a, lo), [((2, 3), (3,)), ((2, 3), (2, 3)), ((), (2, 3))],
      domain=clamp_bounds, grad_fn="ClampMinBackward1"),
    E("clamp_max_tensor", lambda m, a, hi: a.clamp_max(hi), [((2, 3), (2, 1)), ((2, 3), ())], domain=clamp_bounds,
      grad_fn="ClampMaxBackward1"),
    E("clamp_max_tensor_inplace", lambda m, a, hi: (a * 1).clamp_max_(hi), [((2, 3), (3,))], domain=clamp_bounds,
      grad_fn="ClampMaxBackward1"),
    E("F.cross_entropy_probs_mean", lambda m, x, t: m.nn.functional.cross_entropy(x, m.nn.functional.softmax(t, 1)),
      [((4, 3), (4, 3)), ((2, 3, 2), (2, 3, 2))], grad_fn="DivBackward1"),
    E("F.margin_ranking_loss_none", lambda m, a, b: m.nn.functional.margin_ranking_loss(
        a, b, m.tensor([1.0, -1.0, 1.0], dtype=a.dtype), margin=0.1, reduction="none"), [((3,), (3,))],
      grad_fn="ClampMinBackward0"),
]
