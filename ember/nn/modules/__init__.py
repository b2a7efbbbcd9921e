"""The layers: ``Module`` and its containers, linear layers, shape layers, activations and losses."""
from .activation import (  # noqa: F401
                         CELU,
                         ELU,
                         GELU,
                         GLU,
                         SELU,
                         Hardshrink,
                         Hardsigmoid,
                         Hardswish,
                         Hardtanh,
                         LeakyReLU,
                         LogSigmoid,
                         LogSoftmax,
                         Mish,
                         PReLU,
                         ReLU,
                         ReLU6,
                         Sigmoid,
                         SiLU,
                         Softmax,
                         Softmin,
                         Softplus,
                         Softshrink,
                         Softsign,
                         Tanh,
                         Tanhshrink,
                         Threshold,
)
from .container import ModuleDict, ModuleList, ParameterDict, ParameterList, Sequential  # noqa: F401
from .flatten import Flatten, Unflatten  # noqa: F401
from .linear import Bilinear, Identity, Linear  # noqa: F401
from .activation_attention import MultiheadAttention  # noqa: F401
from .batchnorm import *  # noqa: F401,F403
from .batchnorm import __all__ as _bn_all
from .dropout import *  # noqa: F401,F403
from .dropout import __all__ as _dropout_all
from .normalization import *  # noqa: F401,F403
from .normalization import __all__ as _norm_all
from .sparse import Embedding, EmbeddingBag  # noqa: F401
from .transformer import *  # noqa: F401,F403
from .transformer import __all__ as _transformer_all
from .loss import *  # noqa: F401,F403
from .loss import __all__ as _loss_all
from .module import Module  # noqa: F401
from .rnn import GRU, LSTM, RNN, GRUCell, LSTMCell, RNNBase, RNNCell, RNNCellBase  # noqa: F401
from .pixelshuffle import ChannelShuffle, PixelShuffle, PixelUnshuffle  # noqa: F401
from .upsampling import Upsample, UpsamplingBilinear2d, UpsamplingNearest2d  # noqa: F401
from .conv import *  # noqa: F401,F403  (issue 14's convolution layers)
from .conv import __all__ as _conv_all
from .pooling import *  # noqa: F401,F403
from .pooling import __all__ as _pool_all
from .padding import *  # noqa: F401,F403
from .padding import __all__ as _pad_all

__all__ = ["Module", "Sequential", "ModuleList", "ModuleDict", "ParameterList", "ParameterDict", "Identity", "Linear",
           "Bilinear", "Flatten", "Unflatten", "Threshold", "ReLU", "Hardtanh", "ReLU6", "Sigmoid", "Hardsigmoid",
           "Tanh", "SiLU", "Mish", "Hardswish", "ELU", "CELU", "SELU", "GLU", "GELU", "Hardshrink", "LeakyReLU",
           "LogSigmoid", "Softplus", "Softshrink", "PReLU", "Softsign", "Tanhshrink", "Softmin", "Softmax",
           "LogSoftmax"] + _loss_all + _bn_all + _dropout_all + _norm_all + _transformer_all + [
           "Embedding", "EmbeddingBag", "MultiheadAttention"]
__all__ += ["RNNBase", "RNN", "LSTM", "GRU", "RNNCellBase", "RNNCell", "LSTMCell", "GRUCell", "PixelShuffle",
            "PixelUnshuffle", "ChannelShuffle", "Upsample", "UpsamplingNearest2d", "UpsamplingBilinear2d"]
__all__ += _conv_all + _pool_all + _pad_all
