"""Op-table rows for issue 7's in-place view ops and index_reduce (appended to ``op_table.OPS``; see
op_table.py for the entry format).

``as_strided`` itself has no row: its node shares its name, ``AsStridedBackward0``, with the node a
view gets when its base changes in place, which test_op_coverage.py exempts by name (covered by
tests/test_inplace_views.py); tests/test_issue7_inplace_views.py checks as_strided against torch,
with gradcheck and gradgradcheck.
"""
from __future__ import annotations

from op_table import E, U, distinct, away, real  # noqa: F401


OPS_ISSUE7_VIEWS: list = [
    # ---------------- in-place views: the tensor itself becomes the view (torch's *Backward1 nodes)
    E("t_", lambda m, a: (a * 1).t_(), [(U,), ((3,),)], grad_fn="TBackward1"),
    E("transpose_", lambda m, a: (a * 1).transpose_(0, 2), [((2, 3, 4),)], grad_fn="TransposeBackward1"),
    E("swapaxes_", lambda m, a: (a * 1).swapaxes_(-1, 0), [(U,)], grad_fn="TransposeBackward1"),
    E("swapdims_", lambda m, a: (a * 1).swapdims_(1, 0) * 2, [(U,)], grad_fn="MulBackward0"),
    E("transpose_view", lambda m, a: (a * 1)[:, 1:].transpose_(0, 1), [(U,)], grad_fn="TransposeBackward1"),
    E("as_strided_", lambda m, a: (a * 1).as_strided_((3, 2), (1, 3)), [(U,)], grad_fn="AsStridedBackward1"),
    E("as_strided_overlap", lambda m, a: (a * 1).as_strided_((2, 2), (1, 1), 1), [(U,)],
      grad_fn="AsStridedBackward1"),
    # ---------------- index_reduce (index 0 repeated)
    E("index_reduce_prod", lambda m, a, s: a.index_reduce(1, m.tensor([0, 2, 0]), s, "prod"),
      [((2, 3), (2, 3))], domain=away, grad_fn="IndexReduceBackward0"),
    E("index_reduce_prod_excl", lambda m, a, s: a.index_reduce(1, m.tensor([0, 2, 0]), s, "prod", include_self=False),
      [((2, 3), (2, 3))], domain=away, grad_fn="IndexReduceBackward0"),
    E("index_reduce_mean", lambda m, a, s: a.index_reduce(1, m.tensor([0, 2, 0]), s, "mean"),
      [((2, 3), (2, 3))], grad_fn="IndexReduceBackward0"),
    E("index_reduce_mean_excl", lambda m, a, s: a.index_reduce(0, m.tensor([1, 1]), s, "mean", include_self=False),
      [((2, 3), (2, 3))], grad_fn="IndexReduceBackward0"),
    E("index_reduce_amax", lambda m, a, s: a.index_reduce(1, m.tensor([0, 2, 0]), s, "amax"),
      [((2, 3), (2, 3))], domain=distinct, grad_fn="IndexReduceBackward0"),
    E("index_reduce_amin_excl", lambda m, a, s: a.index_reduce(-1, m.tensor([0, 2, 0]), s, "amin",
                                                                 include_self=False),
      [((2, 3), (2, 3))], domain=distinct, grad_fn="IndexReduceBackward0"),
    E("index_reduce_0d", lambda m, a, s: m.index_reduce(a, 0, m.tensor([0]), s, "prod"), [((), ())],
      grad_fn="IndexReduceBackward0"),
    E("index_reduce_inplace", lambda m, a, s: (a * 1).index_reduce_(0, m.tensor([1, 1]), s, "amax",
                                                                    include_self=False),
      [((2, 3), (2, 3))], domain=distinct, grad_fn="IndexReduceBackward0"),
]
