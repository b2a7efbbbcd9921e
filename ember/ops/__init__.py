"""ember's ops, one module per family, over the machinery in the underscored modules.

Machinery (imported downward in this order): ``_op`` (the Op base, saved values),
``_view_graph`` (views in the graph), ``_record`` (apply), ``_inplace`` (apply_inplace),
``_promotion`` (operands, dtype promotion), and, above the families, ``_formulas`` (the ``xp``
helpers backward formulas use).
"""
from . import (activation, arithmetic, comparison, conversion, division, fills, indexing, joining, linalg, nn,  # noqa: F401
               power, reduction, selection, shape, statistics, unary, _formulas)
from . import unary_extra, trig, special, binary_math, ternary, bitwise  # noqa: F401  (issue 9's math)
from . import special_extra  # noqa: F401  (issue 9's torch.special)
from . import linalg_lapack, linalg_lu, linalg_eig  # noqa: F401  (issue 9's LU, *_ex factorizations, eig)
from . import aggregate, quantile, scan, search, sorting  # noqa: F401  (issue 9's reductions, scans, sorting)
from . import shape_extra, shape_compose, scatter, index_ops  # noqa: F401  (issue 9's shape and indexing ops)
from . import linalg_addmm, linalg_products, linalg_decomp, linalg_lstsq, linalg_norms, distance  # noqa: F401  (issue 9's linear algebra)
from . import rnn  # noqa: F401  (issue 14's recurrent layers: ember.unsafe_split and friends)
# The nn-only families (conv, padding, pool, normalization, embedding, attention, resample, unpool,
# embedding_bag, grid_sample) load with ember.nn.functional, which is what calls them: `import ember`
# does not pay for them (benchmarks/run.py, workload 5).
