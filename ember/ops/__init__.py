"""Every differentiable op, one family a module. Importing this attaches the Tensor methods."""
from . import base, fns, elementwise, reduction, shape, indexing, linalg, nn  # noqa: F401
