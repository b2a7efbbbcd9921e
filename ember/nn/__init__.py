"""ember.nn: the functional API (modules and optimizers are future work)."""
from . import functional  # noqa: F401
