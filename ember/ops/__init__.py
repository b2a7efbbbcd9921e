"""ember's ops, one module per family, over the machinery in the underscored modules.

Machinery (imported downward in this order): ``_op`` (the Op base, saved values),
``_view_graph`` (views in the graph), ``_record`` (apply), ``_inplace`` (apply_inplace),
``_promotion`` (operands, dtype promotion), and, above the families, ``_formulas`` (the ``xp``
helpers backward formulas use).
"""
from . import (arithmetic, comparison, conversion, division, fills, indexing, joining, linalg,  # noqa: F401
               power, reduction, selection, shape, unary, _formulas)
from . import shape_extra, shape_compose  # noqa: F401  (joining and linalg need them)
# The other families load on first use (ember/_lazy.py: the method table and ember's namespace name them
# without importing them; benchmarks/run.py's import workload): activation, nn (softmax, the losses), statistics,
# scan, sorting, linalg_addmm, linalg_products (and _out_more, their out= wrappers), unary_extra, trig, special,
# special_extra, binary_math, ternary, bitwise, aggregate, quantile, search, scatter,
# index_ops, the linalg_* decompositions and norms, distance, rnn; bitwise_inplace, strided, index_reduce;
# the op surface's second round: surface_alias, surface_math, surface_stats, surface_scatter;
# tensor_queries (is_signed, conj, H, empty_strided...), rrelu, pdist.
# The nn-only families (conv, padding, pool, normalization, embedding, attention, resample, unpool,
# embedding_bag, grid_sample) load with ember.nn.functional, which is what calls them.
