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
from . import conv, padding, pool  # noqa: F401  (issue 14's convolution, padding, pooling)
from . import normalization, embedding, attention  # noqa: F401  (issue 14's nn layers)
from . import resample  # noqa: F401  (issue 14's resampling)
from . import rnn  # noqa: F401  (issue 14's recurrent layers)
from . import unpool, embedding_bag, grid_sample  # noqa: F401  (issue 14's unpooling, bags, grid sampling)
