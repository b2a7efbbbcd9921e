"""ember.nn.functional: activations and losses, written against ember's ops."""
from .._tensor import Tensor
from ..ops.unary import relu as _relu, sigmoid, tanh  # noqa: F401
from ..ops.nn import softmax, log_softmax, nll_loss, cross_entropy, mse_loss  # noqa: F401
from ..ops.linalg import linear  # noqa: F401


def relu(input: Tensor, inplace: bool = False) -> Tensor:  # noqa: A002
    """Apply the rectified linear unit function ``max(x, 0)`` element-wise.

    The gradient at 0 is 0, as in torch. Integer dtypes are kept.

    Args:
        input (Tensor): the input tensor.
        inplace (bool): if ``True``, modify ``input`` in place (with ``Tensor.relu_``). Default: ``False``.
    """
    return input.relu_() if inplace else _relu(input)


__all__ = ["relu", "sigmoid", "tanh", "softmax", "log_softmax", "nll_loss", "cross_entropy", "mse_loss", "linear"]
