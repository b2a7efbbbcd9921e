"""The torch-API pooling functions (``F.max_pool2d``, ``F.avg_pool2d``, ``F.adaptive_avg_pool2d``...): argument
checks with torch's errors, then the nodes of ``ops/pool.py``."""
from __future__ import annotations

from .._factory_args import int_list_arg
from .._tensor import Tensor
from ._record import apply
from .pool import (AdaptiveAvgPool2DBackward0, AdaptiveAvgPool3DBackward0, AdaptiveMaxPool2DBackward0,
                   AvgPool2DBackward0, AvgPool3DBackward0, MaxPool2DWithIndicesBackward0,
                   MaxPool3DWithIndicesBackward0, pool_out_size)

__all__ = ["max_pool1d", "max_pool2d", "max_pool3d", "avg_pool1d", "avg_pool2d", "avg_pool3d",
           "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d", "adaptive_max_pool1d",
           "adaptive_max_pool2d", "lp_pool1d", "lp_pool2d"]


def _tup(v, n: int) -> tuple:
    if isinstance(v, int):
        return (v,) * n
    v = tuple(int(x) for x in v)
    return v * n if len(v) == 1 else v


def _geometry(input, n, kernel_size, stride, padding, dilation, ceil_mode):  # noqa: A002
    if input.ndim not in (n + 1, n + 2) or input.numel() == 0:
        raise RuntimeError(f"non-empty {n + 1}D or {n + 2}D (batch mode) tensor expected for input")
    k = _tup(kernel_size, n)
    s = k if stride is None or (not isinstance(stride, int) and len(stride) == 0) else _tup(stride, n)
    p, d = _tup(padding, n), _tup(dilation, n)
    if any(x == 0 for x in s):
        raise RuntimeError("stride should not be zero")
    axes = ("T", "H", "W")[3 - max(n, 2):] if n > 1 else ("H", "W")     # a 1-d pool runs as the 2-d one
    for what, prefix, vals in (("kernel size", "k", k), ("stride", "d", s), ("dilation", "dilation", d)):
        if any(x <= 0 for x in vals):
            shown = (1,) + tuple(vals) if n == 1 else vals
            raise RuntimeError(f"{what} should be greater than zero, but got "
                               + " ".join(f"{prefix}{a}: {x}" for a, x in zip(axes, shown)))
    for i in range(n):
        if p[i] > (d[i] * (k[i] - 1) + 1) // 2:
            raise RuntimeError(f"pad should be at most half of effective kernel size, but got pad={p[i]}, "
                               f"kernel_size={k[i]} and dilation={d[i]}")
    spatial = input.shape[-n:]
    out = tuple(pool_out_size(spatial[i], k[i], s[i], p[i], d[i], ceil_mode) for i in range(n))
    if any(o < 1 for o in out):
        c = input.shape[-n - 1]
        raise RuntimeError(f"Given input size: ({'x'.join(str(x) for x in (c,) + tuple(spatial))}). Calculated output "
                           f"size: ({'x'.join(str(x) for x in (c,) + out)}). Output size is too small")
    return k, s, p, d, out


def _max_pool(cls, n, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices):  # noqa: A002
    k, s, p, d, out = _geometry(input, n, kernel_size, stride, padding, dilation, ceil_mode)
    values, indices = apply(cls, (input,), (input._data,), k, s, p, d, bool(ceil_mode), out)
    return (values, indices) if return_indices else values


def max_pool2d(input: Tensor, kernel_size, stride=None, padding=0, dilation=1, ceil_mode: bool = False,  # noqa: A002
               return_indices: bool = False):
    r"""2-D max pooling over ``input`` (N, C, H, W) or (C, H, W).

    Args:
        kernel_size (int or tuple): the window.
        stride (int or tuple, optional): the step. Default: ``kernel_size``.
        padding (int or tuple): implicit -inf padding on both sides (at most half the window). Default: 0.
        dilation (int or tuple): spacing between window elements. Default: 1.
        ceil_mode (bool): round the output size up (a last partial window). Default: ``False``.
        return_indices (bool): also return each maximum's flat position in its channel. Default: ``False``.

    The gradient goes to the (first) maximum of each window, summed where windows overlap.
    """
    return _max_pool(MaxPool2DWithIndicesBackward0, 2, input, kernel_size, stride, padding, dilation, ceil_mode,
                     return_indices)


def max_pool3d(input: Tensor, kernel_size, stride=None, padding=0, dilation=1, ceil_mode: bool = False,  # noqa: A002
               return_indices: bool = False):
    r"""3-D max pooling over (N, C, D, H, W) or (C, D, H, W); arguments as :func:`max_pool2d`."""
    return _max_pool(MaxPool3DWithIndicesBackward0, 3, input, kernel_size, stride, padding, dilation, ceil_mode,
                     return_indices)


def _one_d(v, fill):
    if isinstance(v, int):
        return (fill, v)
    v = tuple(v)
    return (fill,) + v if v else v


def max_pool1d(input: Tensor, kernel_size, stride=None, padding=0, dilation=1, ceil_mode: bool = False,  # noqa: A002
               return_indices: bool = False):
    r"""1-D max pooling over (N, C, L) or (C, L); arguments as :func:`max_pool2d` (the 2-d pool over an
    unsqueezed input, as torch records it)."""
    if input.ndim not in (2, 3):
        raise RuntimeError(f"max_pool1d() Expected 2D or 3D input tensor, but got {list(input.shape)}")
    k1 = _one_d(kernel_size, 1)[-1]
    s1 = None if stride is None or (not isinstance(stride, int) and len(stride) == 0) else _one_d(stride, 1)[-1]
    for what, v in (("kernel_size", k1), ("stride", s1), ("dilation", _one_d(dilation, 1)[-1])):
        if v is not None and v <= 0:
            raise RuntimeError(f"max_pool1d() {what} must be greater than zero, but got {v}")
    stride = None if stride is None else _one_d(stride, 1)
    r = max_pool2d(input.unsqueeze(-2), _one_d(kernel_size, 1), stride, _one_d(padding, 0), _one_d(dilation, 1),
                   ceil_mode, True)
    values, indices = r[0].squeeze(-2), r[1].squeeze(-2)
    return (values, indices) if return_indices else values


def _avg_pool(cls, n, input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override):  # noqa: A002
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    k, s, p, _, out = _geometry(input, n, kernel_size, stride, padding, 1, ceil_mode)
    return apply(cls, (input,), (input._data,), k, s, p, bool(ceil_mode), bool(count_include_pad), divisor_override,
                 out)


def avg_pool2d(input: Tensor, kernel_size, stride=None, padding=0, ceil_mode: bool = False,  # noqa: A002
               count_include_pad: bool = True, divisor_override: int | None = None) -> Tensor:
    r"""2-D average pooling over (N, C, H, W) or (C, H, W).

    Args:
        kernel_size, stride, padding, ceil_mode: as :func:`max_pool2d` (zero padding).
        count_include_pad (bool): count the zero padding in the divisor. Default: ``True``.
        divisor_override (int, optional): divide by this instead. Default: ``None``.
    """
    return _avg_pool(AvgPool2DBackward0, 2, input, kernel_size, stride, padding, ceil_mode, count_include_pad,
                     divisor_override)


def avg_pool3d(input: Tensor, kernel_size, stride=None, padding=0, ceil_mode: bool = False,  # noqa: A002
               count_include_pad: bool = True, divisor_override: int | None = None) -> Tensor:
    r"""3-D average pooling over (N, C, D, H, W) or (C, D, H, W); arguments as :func:`avg_pool2d`."""
    return _avg_pool(AvgPool3DBackward0, 3, input, kernel_size, stride, padding, ceil_mode, count_include_pad,
                     divisor_override)


def avg_pool1d(input: Tensor, kernel_size, stride=None, padding=0, ceil_mode: bool = False,  # noqa: A002
               count_include_pad: bool = True) -> Tensor:
    r"""1-D average pooling over (N, C, L) or (C, L); arguments as :func:`avg_pool2d`."""
    if input.ndim not in (2, 3):
        raise RuntimeError(f"avg_pool1d() Expected 2D or 3D input tensor, but got {list(input.shape)}")
    stride = None if stride is None else _one_d(stride, 1)
    return avg_pool2d(input.unsqueeze(-2), _one_d(kernel_size, 1), stride, _one_d(padding, 0), ceil_mode,
                      count_include_pad).squeeze(-2)


def _list_with_default(output_size, shape):
    """``F.adaptive_*``'s Python step (torch's ``_list_with_default``): ``None`` entries take the input's size."""
    if isinstance(output_size, int):
        return output_size
    if len(shape) <= len(output_size):
        raise ValueError(f"Input dimension should be at least {len(output_size) + 1}")
    return [d if v is None else v for v, d in zip(output_size, shape[-len(output_size):])]


def _int_list(name: str, output_size, n: int) -> tuple:
    """The ATen-level ``IntArrayRef output_size`` (an int stands for ``n`` copies), with torch's type errors."""
    if isinstance(output_size, int) and not isinstance(output_size, bool):
        return (output_size,) * n
    return int_list_arg(name, "output_size", output_size, 2)


def _nonempty(name: str, input, dims) -> None:  # noqa: A002
    for i in dims:
        if input.shape[i] == 0:
            raise RuntimeError(f"{name}(): Expected input to have non-zero size for non-batch dimensions, but input "
                               f"has sizes {list(input.shape)} with dimension {i} being empty")


def _check_1d(name: str, input, output_size) -> int:  # noqa: A002
    """adaptive_{avg,max}_pool1d's own checks (torch's checkDimRange and check1d); the single output size."""
    if input.ndim not in (2, 3):
        raise RuntimeError(f"Expected 2 to 3 dimensions, but got {input.ndim}-dimensional tensor for argument #1 "
                           f"'self' (while checking arguments for {name})")
    if name == "adaptive_max_pool1d":
        _nonempty(name, input, range(1, input.ndim))
    out = _int_list(name, output_size, 1)
    if len(out) != 1:
        raise RuntimeError(f"{name}() argument 'output_size' should contain one int (got {len(out)})")
    return out[0]


def _adaptive_avg(n: int, input, output_size):  # noqa: A002
    """ATen's adaptive_avg_pool{2,3}d: its checks in its order, an all-ones output as a mean (as torch records it)."""
    name = f"adaptive_avg_pool{n}d"
    out = _int_list(name, output_size, n)
    if len(out) != n:
        raise RuntimeError(f"{name}: output_size must be {n}")
    if any(o < 0 for o in out):
        got = f"{out[0]}, {out[1]}" if n == 2 else f"{out[0]}, {out[1]},{out[2]}"     # torch's spacing
        raise RuntimeError(f"{name}: elements of output_size must be greater than or equal to 0 but received {{{got}}}")
    if all(o == 1 for o in out):
        return input.mean(tuple(range(-1, -n - 1, -1)), keepdim=True)
    if input.ndim not in (n + 1, n + 2):
        raise RuntimeError(f"{name}(): Expected {n + 1}D or {n + 2}D tensor, but got {list(input.shape)}")
    _nonempty(name, input, range(input.ndim - 2, input.ndim) if n == 2 else range(1, input.ndim))
    cls = AdaptiveAvgPool2DBackward0 if n == 2 else AdaptiveAvgPool3DBackward0
    return apply(cls, (input,), (input._data,), out)


def _adaptive_max2d(input, output_size):  # noqa: A002
    """ATen's adaptive_max_pool2d: (values, indices), its checks in its order."""
    name = "adaptive_max_pool2d"
    out = _int_list(name, output_size, 2)
    if input.ndim not in (3, 4):
        raise RuntimeError(f"{name}(): Expected 3D or 4D tensor, but got: {list(input.shape)}")
    _nonempty(name, input, range(1, input.ndim))
    if len(out) != 2:
        raise RuntimeError(f"{name}(): internal error: output_size.size() must be 2")
    shape = list(input.shape[:-2]) + list(out)
    for o in out:
        if o < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {o}: {shape}")
    return apply(AdaptiveMaxPool2DBackward0, (input,), (input._data,), tuple(out))


def adaptive_avg_pool2d(input: Tensor, output_size) -> Tensor:  # noqa: A002
    r"""2-D adaptive average pooling of (N, C, H, W) or (C, H, W) to ``output_size`` (int, or (H, W) with
    ``None`` keeping a size); window i spans ``[floor(i*S/O), ceil((i+1)*S/O))``. An output of 1x1 is a
    mean, as torch records it."""
    return _adaptive_avg(2, input, _list_with_default(output_size, input.shape))


def adaptive_avg_pool3d(input: Tensor, output_size) -> Tensor:  # noqa: A002
    r"""3-D adaptive average pooling of (N, C, D, H, W) or (C, D, H, W); as :func:`adaptive_avg_pool2d`."""
    return _adaptive_avg(3, input, _list_with_default(output_size, input.shape))


def adaptive_avg_pool1d(input: Tensor, output_size) -> Tensor:  # noqa: A002
    r"""1-D adaptive average pooling of (N, C, L) or (C, L): the 2-d pool over an unsqueezed input, as torch."""
    o = _check_1d("adaptive_avg_pool1d", input, output_size)
    return _adaptive_avg(2, input.unsqueeze(-2), (1, o)).squeeze(-2)


def adaptive_max_pool2d(input: Tensor, output_size, return_indices: bool = False):  # noqa: A002
    r"""2-D adaptive max pooling of (N, C, H, W) or (C, H, W) to ``output_size``; windows as
    :func:`adaptive_avg_pool2d`. With ``return_indices``, also each maximum's flat position in its channel."""
    values, indices = _adaptive_max2d(input, _list_with_default(output_size, input.shape))
    return (values, indices) if return_indices else values


def adaptive_max_pool1d(input: Tensor, output_size, return_indices: bool = False):  # noqa: A002
    r"""1-D adaptive max pooling of (N, C, L) or (C, L) (the 2-d pool over an unsqueezed input, as torch)."""
    o = _check_1d("adaptive_max_pool1d", input, output_size)
    values, indices = _adaptive_max2d(input.unsqueeze(-2), (1, o))
    values, indices = values.squeeze(-2), indices.squeeze(-2)
    return (values, indices) if return_indices else values


def lp_pool2d(input: Tensor, norm_type: float, kernel_size, stride=None, ceil_mode: bool = False) -> Tensor:  # noqa: A002
    r"""2-D power-average pooling: ``(sum x^p)^(1/p)`` over each window, as torch computes it
    (``sign(a) * relu(|a|) * kw * kh`` of the average ``a`` of ``x^p``, to the ``1/p``)."""
    kw, kh = _tup(kernel_size, 2)
    out = avg_pool2d(input.pow(norm_type), (kw, kh), stride, 0, ceil_mode)
    return (out.sign() * out.abs().relu()).mul(kw * kh).pow(1.0 / norm_type)


def lp_pool1d(input: Tensor, norm_type: float, kernel_size: int, stride=None, ceil_mode: bool = False) -> Tensor:  # noqa: A002
    r"""1-D power-average pooling; as :func:`lp_pool2d`."""
    out = avg_pool1d(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    return (out.sign() * out.abs().relu()).mul(kernel_size).pow(1.0 / norm_type)
