"""Op-table rows for issue 14's resampling ops (appended to ``op_table.OPS``; see op_table.py for the entry format)."""
from __future__ import annotations

from op_table import E  # noqa: F401


def _interp(**kw):
    return lambda m, a: m.nn.functional.interpolate(a, **kw)


OPS_NN3: list = [
    E("F.interpolate_nearest1d", _interp(size=5), [((1, 2, 3),)], grad_fn="UpsampleNearest1DBackward0"),
    E("F.interpolate_nearest2d", _interp(scale_factor=2), [((2, 1, 2, 3),)], grad_fn="UpsampleNearest2DBackward0"),
    E("F.interpolate_nearest2d_down", _interp(size=(2, 3)), [((1, 2, 3, 5),)],
      grad_fn="UpsampleNearest2DBackward0"),
    E("F.interpolate_nearest3d", _interp(scale_factor=(1.5, 1, 2)), [((1, 1, 2, 2, 2),)],
      grad_fn="UpsampleNearest3DBackward0"),
    E("F.interpolate_nearest_exact1d", _interp(scale_factor=1.7, mode="nearest-exact"), [((1, 2, 4),)],
      grad_fn="UpsampleNearestExact1DBackward0"),
    E("F.interpolate_nearest_exact2d", _interp(size=(3, 5), mode="nearest-exact"), [((1, 2, 2, 3),)],
      grad_fn="UpsampleNearestExact2DBackward0"),
    E("F.interpolate_nearest_exact3d", _interp(size=3, mode="nearest-exact"), [((1, 1, 2, 2, 4),)],
      grad_fn="UpsampleNearestExact3DBackward0"),
    E("F.interpolate_linear", _interp(size=7, mode="linear"), [((2, 2, 4),)], grad_fn="UpsampleLinear1DBackward0"),
    E("F.interpolate_linear_align", _interp(scale_factor=0.6, mode="linear", align_corners=True), [((1, 2, 5),)],
      grad_fn="UpsampleLinear1DBackward0"),
    E("F.interpolate_bilinear", _interp(scale_factor=(1.5, 2.3), mode="bilinear"), [((1, 2, 3, 4),)],
      grad_fn="UpsampleBilinear2DBackward0"),
    E("F.interpolate_bilinear_align", _interp(size=(5, 2), mode="bilinear", align_corners=True),
      [((1, 1, 3, 4),)], grad_fn="UpsampleBilinear2DBackward0"),
    E("F.interpolate_bicubic", _interp(size=(5, 3), mode="bicubic"), [((1, 2, 3, 4),)],
      grad_fn="UpsampleBicubic2DBackward0"),
    E("F.interpolate_bicubic_align", _interp(scale_factor=2.5, mode="bicubic", align_corners=True),
      [((1, 1, 2, 3),)], grad_fn="UpsampleBicubic2DBackward0"),
    E("F.interpolate_trilinear", _interp(size=(3, 4, 2), mode="trilinear"), [((1, 1, 2, 3, 4),)],
      grad_fn="UpsampleTrilinear3DBackward0"),
    E("F.interpolate_recompute", _interp(scale_factor=1.3, mode="bilinear", recompute_scale_factor=True),
      [((1, 1, 3, 4),)], grad_fn="UpsampleBilinear2DBackward0"),
    E("F.pixel_shuffle", lambda m, a: m.nn.functional.pixel_shuffle(a, 2), [((1, 8, 2, 3),), ((4, 2, 1),)],
      grad_fn="PixelShuffleBackward0"),
    E("F.pixel_unshuffle", lambda m, a: m.nn.functional.pixel_unshuffle(a, 2), [((1, 2, 4, 2),), ((2, 1, 2, 2, 4),)],
      grad_fn="PixelUnshuffleBackward0"),
    E("F.channel_shuffle", lambda m, a: m.nn.functional.channel_shuffle(a, 2), [((2, 4, 3),), ((1, 6, 2, 2),)],
      grad_fn="ChannelShuffleBackward0"),
]
