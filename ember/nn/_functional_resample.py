"""``F.interpolate`` and its aliases, ``pixel_shuffle``, ``pixel_unshuffle``, ``channel_shuffle``.

``interpolate`` checks its arguments as torch's Python code does, works out the output size and
the scale factors the kernel gets, then calls the one upsample op (its node is torch's:
``UpsampleBilinear2DBackward0``...).
"""
from __future__ import annotations

import math
import warnings
from typing import Any

from .._tensor import Tensor
from ..ops.resample import channel_shuffle, pixel_shuffle, pixel_unshuffle  # noqa: F401
from ..ops.resample import upsample as _upsample

__all__ = ["interpolate", "upsample", "upsample_nearest", "upsample_bilinear", "pixel_shuffle", "pixel_unshuffle",
           "channel_shuffle", "native_channel_shuffle"]

_MODE_DIMS = {"linear": 1, "bilinear": 2, "trilinear": 3, "bicubic": 2}


def native_channel_shuffle(input: Tensor, groups: int) -> Tensor:  # noqa: A002
    """torch's alias of :func:`channel_shuffle`."""
    return channel_shuffle(input, groups)


def interpolate(input: Tensor, size: Any = None, scale_factor: Any = None, mode: str = "nearest",  # noqa: A002
                align_corners: bool | None = None, recompute_scale_factor: bool | None = None,
                antialias: bool = False) -> Tensor:
    r"""Resize ``input`` ``(N, C, *spatial)`` to ``size`` or by ``scale_factor``.

    Args:
        input (Tensor): 3-D, 4-D or 5-D (one, two or three spatial dims).
        size (int or tuple of ints): the output's spatial size.
        scale_factor (float or tuple of floats): multiplier of the spatial size.
        mode (str): ``"nearest"``, ``"nearest-exact"``, ``"linear"`` (3-D), ``"bilinear"``, ``"bicubic"``
            (4-D), ``"trilinear"`` (5-D) or ``"area"``. Default: ``"nearest"``.
        align_corners (bool, optional): for the interpolating modes, whether the corner pixels' centres
            align. Default: ``False``.
        recompute_scale_factor (bool, optional): compute the kernel's scale from the output size rather
            than pass ``scale_factor`` on.
        antialias (bool): for ``"bilinear"`` and ``"bicubic"`` on 4-D input, widen the filter by the scale when
            downsampling, so every input pixel counts (PIL's resampling; bicubic then uses ``A = -0.5``).
    """
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise ValueError("align_corners option can only be set with the interpolating modes: "
                             "linear | bilinear | bicubic | trilinear")
    elif align_corners is None:
        align_corners = False
    dim = input.dim() - 2
    spatial = list(input.shape[2:])
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is not None:
        scales: list[Any] | None = None
        if isinstance(size, (list, tuple)):
            if len(size) != dim:
                raise ValueError("Input and output must have the same number of spatial dimensions, but got input "
                                 f"with spatial dimensions of {spatial} and output size of {size}. Please provide "
                                 "input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) "
                                 "format.")
            if not all(isinstance(s, int) and not isinstance(s, bool) for s in size):
                raise TypeError("expected size to be one of int or Tuple[int] or Tuple[int, int] or Tuple[int, int, "
                                f"int], but got size with types {[type(x) for x in size]}")
            output_size: list[int] | None = list(size)
        else:
            output_size = [size] * dim
    elif scale_factor is not None:
        output_size = None
        if isinstance(scale_factor, (list, tuple)):
            if len(scale_factor) != dim:
                raise ValueError("Input and scale_factor must have the same number of spatial dimensions, but got "
                                 f"input with spatial dimensions of {spatial} and scale_factor of shape "
                                 f"{scale_factor}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and "
                                 "scale_factor in (s1, s2, ...,sK) format.")
            scales = list(scale_factor)
        else:
            scales = [scale_factor] * dim
    else:
        raise ValueError("either size or scale_factor should be defined")
    if recompute_scale_factor and size is not None:
        raise ValueError("recompute_scale_factor is not meaningful with an explicit size.")
    if mode == "area" and output_size is None:
        recompute_scale_factor = True
    if recompute_scale_factor:
        output_size = [int(math.floor(float(s) * f)) for s, f in zip(spatial, scales)]  # type: ignore[arg-type]
        scales = None
    if antialias and not (mode in ("bilinear", "bicubic") and input.dim() == 4):
        raise ValueError("Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a 4-D "
                         "tensor as input")
    if mode == "area":
        from . import functional as F  # noqa: PLC0415  (deferred: functional imports this module)
        pool = getattr(F, f"adaptive_avg_pool{dim}d", None)
        if pool is None or dim not in (1, 2, 3):
            raise NotImplementedError(f"ember: interpolate(mode='area') needs adaptive_avg_pool{dim}d")
        return pool(input, output_size)
    known = mode in ("nearest", "nearest-exact") and 1 <= dim <= 3 or _MODE_DIMS.get(mode) == dim
    if not known:
        if mode in _MODE_DIMS and 1 <= dim <= 3:
            raise NotImplementedError(f"Got {input.dim()}D input, but {mode} mode needs {_MODE_DIMS[mode] + 2}D "
                                      "input")
        raise NotImplementedError(f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {input.dim()}D) "
                                  "for the modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | "
                                  f"area | nearest-exact (got {mode})")
    kernel_scales = [None] * dim if scales is None else [float(s) for s in scales]
    if output_size is None:
        output_size = [int(float(s) * f) for s, f in zip(spatial, kernel_scales)]  # type: ignore[arg-type]
    if any(s <= 0 or o <= 0 for s, o in zip(spatial, output_size)):
        names = ("D", "H", "W")[3 - dim:]
        shown_in = ", ".join(f"{n}: {s}" for n, s in zip(names, spatial))
        shown_out = ", ".join(f"{n}: {s}" for n, s in zip(names, output_size))
        joint = " and output" if dim == 1 else " output"
        raise RuntimeError(f"Input and output sizes should be greater than 0, but got input ({shown_in}){joint} "
                           f"({shown_out})")
    if math.prod(input.shape[1:]) == 0:
        raise RuntimeError(f"Non-empty {input.dim()}D data tensor expected but got a tensor with sizes "
                           f"{list(input.shape)}")
    return _upsample(input, mode + "_aa" if antialias else mode, output_size, bool(align_corners), kernel_scales)


def upsample(input: Tensor, size: Any = None, scale_factor: Any = None, mode: str = "nearest",  # noqa: A002
             align_corners: bool | None = None) -> Tensor:
    """Deprecated alias of :func:`interpolate` (with torch's warning)."""
    warnings.warn("`nn.functional.upsample` is deprecated. Use `nn.functional.interpolate` instead.", stacklevel=2)
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input: Tensor, size: Any = None, scale_factor: Any = None) -> Tensor:  # noqa: A002
    """Deprecated: ``interpolate(..., mode="nearest")`` (with torch's warning)."""
    warnings.warn("`nn.functional.upsample_nearest` is deprecated. Use `nn.functional.interpolate` instead.",
                  stacklevel=2)
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input: Tensor, size: Any = None, scale_factor: Any = None) -> Tensor:  # noqa: A002
    """Deprecated: ``interpolate(..., mode="bilinear", align_corners=True)`` (with torch's warning)."""
    warnings.warn("`nn.functional.upsample_bilinear` is deprecated. Use `nn.functional.interpolate` instead.",
                  stacklevel=2)
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)
