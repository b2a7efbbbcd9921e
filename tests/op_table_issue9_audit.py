"""Op-table rows for what the issue-9 audit (tests/test_issue9_surface.py) added: the in-place
``true_divide_``/``divide_``/``negative_`` methods, and the exponents torch's ``pow(Tensor, Scalar)``
computes by products (3, -2, -0.5: ember follows its rounding), whose second derivatives now record
``MulBackward1`` as torch's (appended to ``op_table.OPS``; see op_table.py for the entry format)."""
from __future__ import annotations

from op_table import E, U, away, mod_grid, positive


OPS_ISSUE9_AUDIT: list = [
    E("true_divide_", lambda m, a, b: (a * 1).true_divide_(b), [((2, 3), (2, 3)), ((2, 3), (3,))], domain=away,
      grad_fn="DivBackward0"),
    E("true_divide_scalar_", lambda m, a: (a * 1).true_divide_(4), [(U,)], grad_fn="DivBackward0"),
    E("divide_floor_", lambda m, a, b: (a * 1).divide_(b, rounding_mode="floor"), [((2, 3), (2, 3))],
      domain=mod_grid, grad_fn="DivBackward2"),
    E("divide_", lambda m, a, b: (a * 1).divide_(b), [((2, 3), (3,))], domain=away, grad_fn="DivBackward0"),
    E("negative_", lambda m, a: (a * 1).negative_(), [(U,), ((),)], grad_fn="NegBackward0"),
    E("pow_scalar_neg2", lambda m, a: a ** -2, [(U,), ((),)], domain=away, grad_fn="PowBackward0"),
    E("pow_scalar_neg_half", lambda m, a: a ** -0.5, [(U,)], domain=positive, grad_fn="PowBackward0"),
    E("pow_method_3", lambda m, a: a.pow(3.0), [((2, 3),)], grad_fn="PowBackward0"),
]
