"""ember.nn.functional: activations and losses, written against ember's ops."""
from ..ops.elementwise import relu as _relu, sigmoid, tanh  # noqa: F401
from ..ops.nn import softmax, log_softmax, nll_loss, cross_entropy, mse_loss  # noqa: F401
from ..ops.linalg import linear  # noqa: F401


def relu(input, inplace: bool = False):  # noqa: A002
    """max(x, 0); the gradient at 0 is 0."""
    return input.relu_() if inplace else _relu(input)


__all__ = ["relu", "sigmoid", "tanh", "softmax", "log_softmax", "nll_loss", "cross_entropy", "mse_loss", "linear"]
