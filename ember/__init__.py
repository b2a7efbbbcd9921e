"""ember: PyTorch's automatic differentiation, rebuilt in pure Python on NumPy.

``import ember as torch`` runs typical autograd code unchanged.

Layers, each importing only those above it in this list (``tests/test_layers.py`` checks it):
dtypes and printing (``_dtype``, ``_printing``), grad modes (``_grad_mode``), the tensor
(``_tensor``), creation and random numbers (``_creation``, ``random``), graph nodes (``_graph``),
ops (``ops/``), the engine and autograd API (``autograd/``), Tensor's method table
(``_tensor_methods``), then ``nn`` and this public namespace.
"""
from typing import TYPE_CHECKING

from ._version import __version__  # noqa: F401
from ._dtype import (dtype, bool, uint8, int8, int16, int32, int64, float16, float32, float64,  # noqa: F401,A004
                     complex64, complex128, uint16, uint32, uint64, half, float, double, short, int, long,
                     cfloat, cdouble,
                     get_default_dtype, set_default_dtype, result_type as _result_type)
from ._tensor import Tensor, Size, device  # noqa: F401
from ._creation import (tensor, as_tensor, from_numpy, eye,  # noqa: F401
                        zeros_like, ones_like, full_like, empty_like, rand_like,
                        randn_like, randint_like, randperm, scalar_tensor, logspace, tril_indices, triu_indices)
from .random import (manual_seed, seed, initial_seed, Generator, get_rng_state, set_rng_state,  # noqa: F401
                     default_generator)
from ._random_ops import normal, bernoulli, multinomial, poisson  # noqa: F401
from ._numpy_interop import from_dlpack  # noqa: F401
from ._printing import set_printoptions  # noqa: F401
from ._grad_mode import (no_grad, enable_grad, set_grad_enabled, inference_mode,  # noqa: F401
                         is_grad_enabled, is_inference_mode_enabled)
from . import autograd  # noqa: F401
from . import _tensor_methods
from .ops.arithmetic import positive  # noqa: F401
from .ops.unary import relu  # noqa: F401
from .ops.selection import clamp_max, clamp_max_, clamp_min, clamp_min_  # noqa: F401
from .ops.comparison import isreal, isclose  # noqa: F401
from .ops.comparison import (eq, ne, lt, le, gt, ge,  # noqa: F401
                             isnan, isinf, isfinite, allclose, equal, greater, less, greater_equal, less_equal,
                             not_equal, bitwise_not, bitwise_and, bitwise_or, bitwise_xor)
from .ops.shape import reshape, flatten, unsqueeze, squeeze, permute, transpose, t, swapaxes, swapdims, broadcast_to  # noqa: F401
from .ops.shape import unflatten  # noqa: F401
from .ops.shape_extra import (diagonal, diag, diag_embed, diagflat, narrow, movedim, moveaxis, tile, flip,  # noqa: F401
                              fliplr, flipud, roll, rot90, tril, triu)
from .ops.shape_compose import (repeat_interleave, ravel, broadcast_tensors, broadcast_shapes, meshgrid,  # noqa: F401
                                tensor_split, hsplit, vsplit, dsplit, atleast_1d, atleast_2d, atleast_3d)
from .ops.conversion import clone  # noqa: F401
from ._memory_format import (memory_format, contiguous_format, preserve_format, channels_last,  # noqa: F401
                             channels_last_3d)
from .ops.indexing import masked_fill, nonzero, split, chunk, unbind, select  # noqa: F401
from .ops.linalg import vdot  # noqa: F401
from .ops.unary import relu_  # noqa: F401
# the functions torch gives out=, wrapped once (ops/_out.py); the op modules stay free of it
from .ops._out import (add, sub, mul, neg, multiply, subtract, negative, div, divide, true_divide, pow,  # noqa: F401,A004
                       exp, log, sqrt, sin, cos, tanh, sigmoid, abs, clamp, clip, maximum, minimum, where,
                       matmul, mm, bmm, dot, cat, concat, concatenate, stack, sum, mean, prod, amax, amin,
                       max, min, argmax, zeros, ones, empty, full, arange, linspace, rand,
                       randn, randint, argmin)
from . import utils  # noqa: F401

_tensor_methods.bind()

# nn, optim, viz, checkpoints, linear algebra, torch.special and the op families below load on first use
# (PEP 562): `import ember` stays light (benchmarks/run.py's import workload: importing them eagerly cost
# over a third of ember's own import time), and `ember.nn.Linear`, `import ember.nn as nn`, `ember.tan(x)`
# and `from ember import save` work as in torch. Type checkers see them as ordinary imports.
if TYPE_CHECKING:
    from . import nn, optim, viz, linalg, special  # noqa: F401
    from .serialization import load, save  # noqa: F401
    from .ops._out_more import (remainder, fmod, floor_divide, reciprocal, floor, ceil, round, trunc,  # noqa: F401,A004
                                sign, logical_and, logical_or, logical_xor, logical_not, signbit, isposinf, isneginf,
                                mv, addmv, baddbmm, outer, kron, hstack, vstack, dstack, column_stack, var, std, norm,
                                cumprod, logcumsumexp, cummax, cummin, msort, median, nanmedian, kthvalue, mode,
                                cumsum, addmm, sort, topk, tensordot)  # (with out=: ops/_out_more.py)
    from .ops.statistics import var_mean, std_mean  # noqa: F401
    from .ops.sorting import argsort  # noqa: F401
    from .ops.linalg_addmm import addbmm, addmv_  # noqa: F401
    from .ops.linalg_products import einsum, inner, ger, trace, cross, chain_matmul, matrix_power  # noqa: F401
    from .ops.activation import selu, selu_, celu, celu_, threshold, threshold_, prelu, hardshrink  # noqa: F401
    from .ops.nn import softmax, log_softmax  # noqa: F401
    from .ops.unary_extra import (log2, log10, log1p, exp2, expm1, rsqrt, square, sgn, frac, logit,  # noqa: F401
                                  nan_to_num, nan_to_num_)
    from .ops.trig import (tan, asin, acos, atan, sinh, cosh, asinh, acosh, atanh, deg2rad, rad2deg, sinc,  # noqa: F401
                           arcsin, arccos, arctan, arcsinh, arccosh, arctanh)
    from .ops.special import erf, erfc, erfinv, lgamma, digamma, polygamma, i0  # noqa: F401
    from .ops.binary_math import (atan2, arctan2, hypot, copysign, logaddexp, logaddexp2, xlogy, xlogy_,  # noqa: F401
                                   float_power, fmax, fmin)
    from .ops.ternary import lerp, addcmul, addcdiv  # noqa: F401
    from .ops.bitwise import bitwise_left_shift, bitwise_right_shift  # noqa: F401
    from .ops.aggregate import count_nonzero, aminmax  # noqa: F401
    from .ops._out_reductions import all, any, nansum, nanmean, logsumexp, quantile, nanquantile  # noqa: F401,A004
    from .ops.search import unique, unique_consecutive, searchsorted, bucketize, histc, histogram, bincount  # noqa: F401
    from .ops.scatter import (gather, scatter, scatter_add, scatter_reduce, take_along_dim, index_select,  # noqa: F401
                              index_add, take)
    from .ops.index_ops import (index_copy, index_fill, index_put, index_put_, masked_select,  # noqa: F401
                                masked_scatter, put, argwhere)
    from .ops.linalg_decomp import det, logdet, slogdet, inverse, svd_legacy as svd  # noqa: F401
    from .ops.linalg_lstsq import pinverse  # noqa: F401
    from .ops.distance import cdist, pairwise_distance  # noqa: F401
    from .ops.special_extra import mvlgamma  # noqa: F401
    from .ops.linalg_lu import (qr_legacy as qr, cholesky_legacy as cholesky, lu_legacy as lu,  # noqa: F401
                                lu_solve_legacy as lu_solve)
    from .ops.rnn import (mkldnn_rnn_layer, _pack_padded_sequence, unsafe_split, unsafe_split_with_sizes,  # noqa: F401
                          unsafe_chunk)  # (issue 14's recurrent layers)
    from .ops.index_reduce import index_reduce  # noqa: F401
    from .ops.foreach import (_foreach_add_, _foreach_add, _foreach_sub_, _foreach_mul_, _foreach_div_,  # noqa: F401
                              _foreach_neg, _foreach_sqrt, _foreach_sqrt_, _foreach_maximum_, _foreach_lerp_,
                              _foreach_addcmul_, _foreach_addcdiv_, _foreach_zero_)
    from .ops.fused_optim import _fused_adam_, _fused_adamw_, _fused_sgd_  # noqa: F401
    from .ops.strided import as_strided, as_strided_, resize_as_  # noqa: F401
    from .ops.surface_alias import (absolute, fix, fix_, clamp_, clip_, fill, fill_, rsub,  # noqa: F401
                                    row_stack, split_with_sizes, narrow_copy_out as narrow_copy)
    from .ops.surface_math import (diff_out as diff, heaviside_out as heaviside, gcd_out as gcd, gcd_,  # noqa: F401
                                   lcm_out as lcm, lcm_, ldexp_out as ldexp, ldexp_, frexp_out as frexp,
                                   nextafter_out as nextafter, dist, renorm_out as renorm, addr_out as addr)
    from .ops.surface_stats import (cov, corrcoef, block_diag, cartesian_prod, combinations, vander,  # noqa: F401
                                    trapezoid, trapz, cumulative_trapezoid, isin_out as isin, unravel_index)
    from .ops.surface_scatter import select_scatter, slice_scatter, diagonal_scatter, matrix_exp  # noqa: F401
    from .ops.rrelu import rrelu, rrelu_  # noqa: F401
    from .ops.pdist import pdist  # noqa: F401
    from .ops.tensor_queries import (is_signed, is_complex, is_nonzero, is_same_size, is_conj, is_neg,  # noqa: F401
                                     is_inference, resolve_conj, resolve_neg, conj, conj_physical, conj_physical_,
                                     real_function as real, imag_function as imag, adjoint, empty_strided)
    from .ops.inplace_functions import (abs_, acos_, acosh_, arccos_, arccosh_, arcsin_, arcsinh_, arctan_,  # noqa: F401
                                        arctanh_, asin_, asinh_, atan_, atanh_, ceil_, cos_, cosh_, deg2rad_, erf_,
                                        erfc_, exp2_, exp_, expm1_, floor_, frac_, i0_, log10_, log1p_, log2_, log_,
                                        logit_, neg_, negative_, rad2deg_, reciprocal_, round_, rsqrt_, sigmoid_, sin_,
                                        sinc_, sinh_, sqrt_, square_, tan_, tanh_, trunc_, zero_)  # (torch.exp_(x))
    from ._nn_aliases import (conv1d, conv2d, conv3d, conv_transpose1d, conv_transpose2d,  # noqa: F401
                              conv_transpose3d, dropout, dropout_, alpha_dropout, alpha_dropout_, feature_dropout,
                              feature_dropout_, feature_alpha_dropout, feature_alpha_dropout_, layer_norm, batch_norm,
                              group_norm, instance_norm, embedding, pixel_shuffle, pixel_unshuffle, channel_shuffle,
                              native_channel_shuffle, cosine_similarity, kl_div, binary_cross_entropy_with_logits,
                              bilinear, max_pool1d, max_pool2d, max_pool3d, avg_pool1d, adaptive_avg_pool1d,
                              adaptive_max_pool1d, constant_pad_nd, rms_norm, margin_ranking_loss,
                              hinge_embedding_loss, cosine_embedding_loss, triplet_margin_loss, poisson_nll_loss)
    from ._api_extras import (get_num_threads, set_num_threads, get_num_interop_threads,  # noqa: F401
                              set_num_interop_threads, promote_types, can_cast, use_deterministic_algorithms,
                              are_deterministic_algorithms_enabled, is_deterministic_algorithms_warn_only_enabled,
                              set_deterministic_debug_mode, get_deterministic_debug_mode, set_default_device,
                              get_default_device, is_anomaly_enabled, set_anomaly_enabled, is_anomaly_check_nan_enabled,
                              set_warn_always, is_warn_always_enabled, typename, is_storage,
                              set_float32_matmul_precision, get_float32_matmul_precision, set_flush_denormal, asarray,
                              frombuffer, range, compile)  # noqa: A004
    from ._windows import hann_window, hamming_window, blackman_window, bartlett_window, kaiser_window  # noqa: F401
    from ._type_info import finfo, iinfo  # noqa: F401

_LAZY = {"nn": ("ember.nn", None), "optim": ("ember.optim", None), "viz": ("ember.viz", None),
         "linalg": ("ember.linalg", None), "special": ("ember.special", None),
         "save": ("ember.serialization", "save"), "load": ("ember.serialization", "load"),
         "cuda": ("ember.cuda", None), "backends": ("ember.backends", None), "accelerator": ("ember.accelerator", None)}
# the op families' functions, as imported under TYPE_CHECKING above (tests/test_lazy.py checks the two agree):
# family -> its names here, "name=its_name_there" where torch's name differs from the module's
_LAZY_FUNCTIONS = {
    "_out_more": ("remainder fmod floor_divide reciprocal floor ceil round trunc sign logical_and logical_or "
                  "logical_xor logical_not signbit isposinf isneginf mv addmv baddbmm outer kron hstack vstack dstack "
                  "column_stack var std norm cumprod logcumsumexp cummax cummin msort median nanmedian kthvalue mode "
                  "cumsum addmm sort topk tensordot"),     # (with out=: ops/_out_more.py)
    "statistics": "var_mean std_mean",
    "sorting": "argsort",
    "linalg_addmm": "addbmm addmv_",
    "linalg_products": "einsum inner ger trace cross chain_matmul matrix_power",
    "activation": "selu selu_ celu celu_ threshold threshold_ prelu hardshrink",
    "nn": "softmax log_softmax",
    "unary_extra": "log2 log10 log1p exp2 expm1 rsqrt square sgn frac logit nan_to_num nan_to_num_",
    "trig": ("tan asin acos atan sinh cosh asinh acosh atanh deg2rad rad2deg sinc arcsin arccos arctan arcsinh "
             "arccosh arctanh"),
    "special": "erf erfc erfinv lgamma digamma polygamma i0",
    "binary_math": "atan2 arctan2 hypot copysign logaddexp logaddexp2 xlogy xlogy_ float_power fmax fmin",
    "ternary": "lerp addcmul addcdiv",
    "bitwise": "bitwise_left_shift bitwise_right_shift",
    "aggregate": "count_nonzero aminmax",
    "_out_reductions": "all any nansum nanmean logsumexp quantile nanquantile",   # (with out=: ops/_out_reductions.py)
    "search": "unique unique_consecutive searchsorted bucketize histc histogram bincount",
    "scatter": "gather scatter scatter_add scatter_reduce take_along_dim index_select index_add take",
    "index_ops": "index_copy index_fill index_put index_put_ masked_select masked_scatter put argwhere",
    "linalg_decomp": "det logdet slogdet inverse svd=svd_legacy",
    "linalg_lstsq": "pinverse",
    "distance": "cdist pairwise_distance",
    "special_extra": "mvlgamma",
    "linalg_lu": "qr=qr_legacy cholesky=cholesky_legacy lu=lu_legacy lu_solve=lu_solve_legacy",
    "rnn": "mkldnn_rnn_layer _pack_padded_sequence unsafe_split unsafe_split_with_sizes unsafe_chunk",
    "index_reduce": "index_reduce",
    "foreach": ("_foreach_add_ _foreach_add _foreach_sub_ _foreach_mul_ _foreach_div_ _foreach_neg _foreach_sqrt "
                "_foreach_sqrt_ _foreach_maximum_ _foreach_lerp_ _foreach_addcmul_ _foreach_addcdiv_ _foreach_zero_"),
    "fused_optim": "_fused_adam_ _fused_adamw_ _fused_sgd_",
    "strided": "as_strided as_strided_ resize_as_",
    "surface_alias": ("absolute fix fix_ clamp_ clip_ fill fill_ rsub row_stack split_with_sizes "
                      "narrow_copy=narrow_copy_out"),
    "surface_math": ("diff=diff_out heaviside=heaviside_out gcd=gcd_out gcd_ lcm=lcm_out lcm_ ldexp=ldexp_out ldexp_ "
                     "frexp=frexp_out nextafter=nextafter_out dist renorm=renorm_out addr=addr_out"),
    "surface_stats": ("cov corrcoef block_diag cartesian_prod combinations vander trapezoid trapz cumulative_trapezoid "
                      "isin=isin_out unravel_index"),
    "surface_scatter": "select_scatter slice_scatter diagonal_scatter matrix_exp",
    "rrelu": "rrelu rrelu_",
    "pdist": "pdist",
    "tensor_queries": ("is_signed is_complex is_nonzero is_same_size is_conj is_neg is_inference resolve_conj "
                       "resolve_neg conj conj_physical conj_physical_ real=real_function imag=imag_function adjoint "
                       "empty_strided"),
    "inplace_functions": ("abs_ acos_ acosh_ arccos_ arccosh_ arcsin_ arcsinh_ arctan_ arctanh_ asin_ asinh_ atan_ "
                          "atanh_ ceil_ cos_ cosh_ deg2rad_ erf_ erfc_ exp2_ exp_ expm1_ floor_ frac_ i0_ log10_ "
                          "log1p_ log2_ log_ logit_ neg_ negative_ rad2deg_ reciprocal_ round_ rsqrt_ sigmoid_ sin_ "
                          "sinc_ sinh_ sqrt_ square_ tan_ tanh_ trunc_ zero_"),
}
_LAZY.update({public: ("ember.ops." + family, there or public) for family, names in _LAZY_FUNCTIONS.items()
              for public, _, there in (name.partition("=") for name in names.split())})
# torch.conv2d, torch.dropout(x, p, train)...: nn functions under their ATen signatures (loading ember.nn)
_LAZY.update({name: ("ember._nn_aliases", name) for name in (
    "conv1d conv2d conv3d conv_transpose1d conv_transpose2d conv_transpose3d dropout dropout_ alpha_dropout "
    "alpha_dropout_ feature_dropout feature_dropout_ feature_alpha_dropout feature_alpha_dropout_ layer_norm "
    "batch_norm group_norm instance_norm embedding pixel_shuffle pixel_unshuffle channel_shuffle "
    "native_channel_shuffle cosine_similarity kl_div binary_cross_entropy_with_logits bilinear max_pool1d max_pool2d "
    "max_pool3d avg_pool1d adaptive_avg_pool1d adaptive_max_pool1d constant_pad_nd rms_norm margin_ranking_loss "
    "hinge_embedding_loss cosine_embedding_loss triplet_margin_loss poisson_nll_loss").split()})
# settings and utilities (threads, determinism, default device, asarray, range, compile) and the windows
_LAZY.update({name: ("ember._api_extras", name) for name in (
    "get_num_threads set_num_threads get_num_interop_threads set_num_interop_threads promote_types can_cast "
    "use_deterministic_algorithms are_deterministic_algorithms_enabled is_deterministic_algorithms_warn_only_enabled "
    "set_deterministic_debug_mode get_deterministic_debug_mode set_default_device get_default_device "
    "is_anomaly_enabled set_anomaly_enabled is_anomaly_check_nan_enabled set_warn_always is_warn_always_enabled "
    "typename is_storage set_float32_matmul_precision get_float32_matmul_precision set_flush_denormal asarray "
    "frombuffer range compile").split()})
_LAZY.update({name: ("ember._windows", name) for name in
              "hann_window hamming_window blackman_window bartlett_window kaiser_window".split()})
_LAZY.update({"finfo": ("ember._type_info", "finfo"), "iinfo": ("ember._type_info", "iinfo")})


def __dir__() -> list:
    return sorted(set(globals()) | set(_LAZY))


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'ember' has no attribute '{name}'")
    import importlib  # deferred: only on the first use of a lazily loaded name
    module_name, attr = _LAZY[name]
    value = importlib.import_module(module_name)
    if attr is not None:
        value = getattr(value, attr)
    globals()[name] = value
    return value

strided = "torch.strided"


def is_tensor(obj) -> "bool":
    """True if ``obj`` is an ember Tensor."""
    return isinstance(obj, Tensor)


def numel(input: Tensor) -> "int":  # noqa: A002
    return input.numel()


def result_type(a, b) -> dtype:
    """The dtype torch's promotion gives ``a op b``."""
    return _result_type(a, b)


def is_floating_point(input: Tensor) -> "bool":  # noqa: A002
    return input.is_floating_point()


def detach(input: Tensor) -> Tensor:  # noqa: A002
    return input.detach()
