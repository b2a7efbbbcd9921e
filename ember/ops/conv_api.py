"""The torch-API convolution functions (``F.conv2d``, ``F.conv_transpose2d``, ``F.unfold``...): argument
checks with torch's errors, then the nodes of ``ops/conv.py``."""
from __future__ import annotations

import warnings

from .._tensor import Tensor
from .conv import col2im, conv_out_size, convolution, im2col
from .padding import constant_pad

__all__ = ["conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "unfold", "fold"]


def expand_arg(name: str, value, n: int) -> tuple:
    """An int or a length-``n`` sequence as an ``n``-tuple, with torch's error otherwise."""
    if isinstance(value, int):
        return (value,) * n
    value = tuple(int(v) for v in value)
    if len(value) == 1:
        return value * n
    if len(value) != n:
        raise RuntimeError(f"expected {name} to be a single integer value or a list of {n} values to match the "
                           f"convolution dimensions, but got {name}={list(value)}")
    return value


def _sizes(shape) -> str:
    return " x ".join(str(s) for s in shape)


def _check_common(input, weight, bias, n, stride, padding, dilation, groups, transposed, output_padding):  # noqa: A002
    if input.dtype != weight.dtype:
        if input.dtype.is_floating_point and weight.dtype.is_floating_point:
            raise RuntimeError(f"Input type (torch.{input.dtype._legacy}) and weight type "
                               f"(torch.{weight.dtype._legacy}) should be the same or input should be a MKLDNN "
                               "tensor and weight is a dense tensor")
        raise RuntimeError(f"expected scalar type {weight.dtype._legacy[:-6]} but found {input.dtype._legacy[:-6]}")
    if bias is not None and bias.dtype != input.dtype:
        raise RuntimeError(f"Input type ({input.dtype._cname}) and bias type ({bias.dtype._cname}) should be the same")
    if any(s <= 0 for s in stride):
        raise RuntimeError("non-positive stride is not supported")
    if any(d <= 0 for d in dilation):
        raise RuntimeError("non-positive dilation is not supported")
    if any(p < 0 for p in padding):
        raise RuntimeError("negative padding is not supported")
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    ws, xs = list(weight.shape), list(input.shape)
    if weight.shape[0] % groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, "
                           f"but got weight of size [{ws}] instead")
    if not transposed:
        if input.shape[1] != weight.shape[1] * groups:
            raise RuntimeError(f"Given groups={groups}, weight of size {ws}, expected input{xs} to have "
                               f"{weight.shape[1] * groups} channels, but got {input.shape[1]} channels instead")
        out_ch = weight.shape[0]
    else:
        if input.shape[1] != weight.shape[0]:
            raise RuntimeError(f"Given transposed=1, weight of size {ws}, expected input{xs} to have {weight.shape[0]} "
                               f"channels, but got {input.shape[1]} channels instead")
        out_ch = weight.shape[1] * groups
        if any(op >= s and op >= d for op, s, d in zip(output_padding, stride, dilation)):
            names = ["depth", "height", "width"][3 - n:] if n > 1 else ["width"]
            parts = [f"{what}_{k}: {v}" for what, vals in (("output_padding", output_padding), ("stride", stride),
                                                           ("dilation", dilation)) for k, v in zip(names, vals)]
            raise RuntimeError("output padding must be smaller than either stride or dilation, but got "
                               + " ".join(parts))
    if bias is not None and (bias.ndim != 1 or bias.shape[0] != out_ch):
        raise RuntimeError(f"Given weight of size {ws}, expected bias to be 1-dimensional with {out_ch} elements, but "
                           f"got bias of size {list(bias.shape)} instead")
    if not transposed:
        padded = [input.shape[2 + i] + 2 * padding[i] for i in range(n)]
        kernel = [dilation[i] * (weight.shape[2 + i] - 1) + 1 for i in range(n)]
        if any(k > p for k, p in zip(kernel, padded)):
            raise RuntimeError(f"Calculated padded input size per channel: ({_sizes(padded)}). Kernel size: "
                               f"({_sizes(kernel)}). Kernel size can't be greater than actual input size")


def _conv(name, n, input, weight, bias, stride, padding, dilation, groups, transposed=False, output_padding=0):  # noqa: A002
    if input.ndim not in (n + 1, n + 2):
        raise RuntimeError(f"Expected {n + 1}D (unbatched) or {n + 2}D (batched) input to {name}, but got input of "
                           f"size: {list(input.shape)}")
    unbatched = input.ndim == n + 1
    if unbatched:
        input = input.unsqueeze(0)  # noqa: A001
    kdims = weight.ndim - 2
    stride = expand_arg("stride", stride, kdims)
    dilation = expand_arg("dilation", dilation, kdims)
    if kdims != n:      # torch reports a weight of the wrong rank through its stride check
        raise RuntimeError(f"expected stride to be a single integer value or a list of {kdims} values to match the "
                           f"convolution dimensions, but got stride={list(expand_arg('stride', stride, n))}")
    extra = None
    if isinstance(padding, str):
        if padding == "valid":
            padding = (0,) * n
        elif padding == "same":
            if any(s != 1 for s in stride):
                raise RuntimeError("padding='same' is not supported for strided convolutions")
            total = [dilation[i] * (weight.shape[2 + i] - 1) for i in range(n)]
            padding = tuple(t // 2 for t in total)
            if any(t % 2 for t in total):       # torch pads the extra one on the right first
                warnings.warn("Using padding='same' with even kernel lengths and odd dilation may require a "
                              "zero-padded copy of the input be created", UserWarning, stacklevel=3)
                extra = []
                for i in reversed(range(n)):
                    extra += [0, total[i] - 2 * padding[i]]
        else:
            raise RuntimeError(f"Invalid padding string: '{padding}'")
    else:
        padding = expand_arg("padding", padding, n)
    output_padding = expand_arg("output_padding", output_padding, n)
    _check_common(input, weight, bias, n, stride, padding, dilation, groups, transposed, output_padding)
    if extra is not None:
        input = constant_pad(input, tuple(extra), 0)  # noqa: A001
    out = convolution(input, weight, bias, stride, padding, dilation, transposed, output_padding, groups)
    return out.squeeze(0) if unbatched else out


def conv1d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1, padding=0, dilation=1,  # noqa: A002
           groups: int = 1) -> Tensor:
    r"""1-D convolution (cross-correlation) over ``input`` (N, C_in, L) or (C_in, L).

    Args:
        input (Tensor): the input.
        weight (Tensor): filters (C_out, C_in / groups, kW).
        bias (Tensor, optional): (C_out,). Default: ``None``.
        stride (int or tuple): the stride. Default: 1.
        padding (int, tuple or str): implicit zero padding on both sides, or ``'valid'`` / ``'same'``. Default: 0.
        dilation (int or tuple): spacing between kernel elements. Default: 1.
        groups (int): split the channels into this many groups. Default: 1.
    """
    return _conv("conv1d", 1, input, weight, bias, stride, padding, dilation, groups)


def conv2d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1, padding=0, dilation=1,  # noqa: A002
           groups: int = 1) -> Tensor:
    r"""2-D convolution (cross-correlation) over ``input`` (N, C_in, H, W) or (C_in, H, W); arguments as
    :func:`conv1d`, with (kH, kW) filters."""
    return _conv("conv2d", 2, input, weight, bias, stride, padding, dilation, groups)


def conv3d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1, padding=0, dilation=1,  # noqa: A002
           groups: int = 1) -> Tensor:
    r"""3-D convolution (cross-correlation) over ``input`` (N, C_in, D, H, W) or (C_in, D, H, W); arguments as
    :func:`conv1d`, with (kD, kH, kW) filters."""
    return _conv("conv3d", 3, input, weight, bias, stride, padding, dilation, groups)


def conv_transpose1d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1, padding=0,  # noqa: A002
                     output_padding=0, groups: int = 1, dilation=1) -> Tensor:
    r"""1-D transposed convolution (the gradient of :func:`conv1d` with respect to its input).

    Args:
        input (Tensor): (N, C_in, L) or (C_in, L).
        weight (Tensor): (C_in, C_out / groups, kW).
        bias (Tensor, optional): (C_out,). Default: ``None``.
        stride, padding, dilation: as the convolution this transposes. Default: 1, 0, 1.
        output_padding (int or tuple): extra size added to one side of the output. Default: 0.
        groups (int): split the channels into this many groups. Default: 1.
    """
    return _conv("conv_transpose1d", 1, input, weight, bias, stride, padding, dilation, groups, True, output_padding)


def conv_transpose2d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1, padding=0,  # noqa: A002
                     output_padding=0, groups: int = 1, dilation=1) -> Tensor:
    r"""2-D transposed convolution; arguments as :func:`conv_transpose1d`."""
    return _conv("conv_transpose2d", 2, input, weight, bias, stride, padding, dilation, groups, True, output_padding)


def conv_transpose3d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride=1, padding=0,  # noqa: A002
                     output_padding=0, groups: int = 1, dilation=1) -> Tensor:
    r"""3-D transposed convolution; arguments as :func:`conv_transpose1d`."""
    return _conv("conv_transpose3d", 3, input, weight, bias, stride, padding, dilation, groups, True, output_padding)


def _pairs2(name, v):
    v = (v, v) if isinstance(v, int) else tuple(v)
    return v


def unfold(input: Tensor, kernel_size, dilation=1, padding=0, stride=1) -> Tensor:  # noqa: A002
    r"""Extract sliding local blocks (im2col): (N, C, H, W) to (N, C * kH * kW, L).

    Args:
        input (Tensor): 4-D (or unbatched 3-D) input.
        kernel_size, dilation, padding, stride (int or tuple): the blocks' geometry.
    """
    if input.ndim not in (3, 4):
        raise NotImplementedError(f"Input Error: Only 3D or 4D input Tensors are supported (got {input.ndim}D)")
    k, d, p, s = (_pairs2(n, v) for n, v in (("kernel_size", kernel_size), ("dilation", dilation),
                                              ("padding", padding), ("stride", stride)))
    unbatched = input.ndim == 3
    x = input.unsqueeze(0) if unbatched else input
    out = [conv_out_size(x.shape[2 + i], k[i], s[i], d[i], p[i], p[i]) for i in range(2)]
    if any(o <= 0 for o in out):
        raise RuntimeError(f"Given input with spatial size ({x.shape[2]}, {x.shape[3]}), kernel_size=({k[0]}, {k[1]}), "
                           f"dilation=({d[0]}, {d[1]}), padding=({p[0]}, {p[1]}), calculated shape of the array of "
                           f"sliding blocks as ({out[0]}, {out[1]}), but its components must be at least one.")
    r = im2col(x, k, d, tuple((q, q) for q in p), s)
    return r.squeeze(0) if unbatched else r


def fold(input: Tensor, output_size, kernel_size, dilation=1, padding=0, stride=1) -> Tensor:  # noqa: A002
    r"""Combine an array of sliding local blocks into a tensor, summing overlaps (col2im, the adjoint of
    :func:`unfold`): (N, C * kH * kW, L) to (N, C, *output_size).

    Args:
        input (Tensor): 3-D (or unbatched 2-D) input.
        output_size (int or tuple): the spatial size of the output.
        kernel_size, dilation, padding, stride (int or tuple): the blocks' geometry.
    """
    if input.ndim not in (2, 3):
        raise NotImplementedError(f"Input Error: Only unbatched (2D) or batched (3D) input Tensors are supported "
                                  f"(got {input.ndim}D)")
    size, k, d, p, s = (_pairs2(n, v) for n, v in (("output_size", output_size), ("kernel_size", kernel_size),
                                                    ("dilation", dilation), ("padding", padding), ("stride", stride)))
    unbatched = input.ndim == 2
    x = input.unsqueeze(0) if unbatched else input
    kk = k[0] * k[1]
    if x.shape[1] % kk:
        raise RuntimeError(f"Expected size of input's dimension 1 to be divisible by the product of kernel_size, but "
                           f"got input.size(1)={x.shape[1]} and kernel_size=({k[0]}, {k[1]})")
    out = [conv_out_size(size[i], k[i], s[i], d[i], p[i], p[i]) for i in range(2)]
    if out[0] * out[1] != x.shape[2]:
        raise RuntimeError(f"Given output_size=({size[0]}, {size[1]}), kernel_size=({k[0]}, {k[1]}), "
                           f"dilation=({d[0]}, {d[1]}), padding=({p[0]}, {p[1]}), stride=({s[0]}, {s[1]}), expected "
                           f"size of input's dimension 2 to match the calculated number of sliding blocks "
                           f"{out[0]} * {out[1]} = {out[0] * out[1]}, but got input.size(2)={x.shape[2]}.")
    r = col2im(x, size, k, d, tuple((q, q) for q in p), s)
    return r.squeeze(0) if unbatched else r
