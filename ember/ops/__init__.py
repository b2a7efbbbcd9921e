"""ember's ops, one module per family, over the machinery in the underscored modules.

Machinery (imported downward in this order): ``_op`` (the Op base, saved values),
``_view_graph`` (views in the graph), ``_record`` (apply), ``_inplace`` (apply_inplace),
``_promotion`` (operands, dtype promotion), and, above the families, ``_formulas`` (the ``xp``
helpers backward formulas use).
"""
from . import (activation, arithmetic, comparison, conversion, division, fills, indexing, joining, linalg, nn,  # noqa: F401
               power, reduction, selection, shape, statistics, unary, _formulas)
