"""ember.nn: ``Module`` and its layers, ``Parameter``, ``functional``, ``init`` and ``utils``.

Everything here is written against ember's public API (functions and Tensor methods), so another
array backend can serve it; ``docs/nn.md`` describes the design.
"""
from . import (
    functional,  # noqa: F401
    init,  # noqa: F401
    utils,  # noqa: F401
)
from .modules import *  # noqa: F401,F403
from .modules import __all__ as _modules_all
from .parameter import Buffer, Parameter  # noqa: F401

__all__ = ["Parameter", "Buffer", "functional", "init", "utils"] + _modules_all
