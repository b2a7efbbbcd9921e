"""Op-table rows for issue 14's max unpooling, embedding bags, grid sampling and antialiased resampling (appended
to ``op_table.OPS``; see op_table.py for the entry format). Unpooling takes its indices from a max pool over distinct
values, so every window has one maximum; the bags' indices are fixed tensors inside the row."""
from __future__ import annotations

from op_table import E, distinct


def F(m):
    return m.nn.functional


def _unpool(m, x, n, k, s=None, p=0, size=None):
    values, indices = getattr(F(m), f"max_pool{n}d")(x, k, s, p, return_indices=True)
    return getattr(F(m), f"max_unpool{n}d")(values, indices, k, s, p, output_size=size)


_IDX = [1, 2, 4, 5, 4, 3, 2, 0, 6]
_OFF = [0, 3, 3, 6]


def _bag(m, w, mode, psw=None, **kw):
    return F(m).embedding_bag(m.tensor(_IDX), w, m.tensor(_OFF), mode=mode, per_sample_weights=psw, **kw)


OPS_NN4: list = [
    # ---------------- max unpooling (ops/unpool.py)
    E("F.max_unpool2d", lambda m, x: _unpool(m, x, 2, 2, size=x.shape[-2:]), [((2, 2, 5, 4),), ((2, 4, 4),)],
      domain=distinct, grad_fn="MaxUnpool2DBackward0"),
    E("F.max_unpool2d_geometry", lambda m, x: _unpool(m, x, 2, (2, 3), (2, 3), 1, x.shape[-2:]), [((1, 2, 4, 5),)],
      domain=distinct, grad_fn="MaxUnpool2DBackward0"),
    E("F.max_unpool1d", lambda m, x: _unpool(m, x, 1, 2, size=[7]), [((2, 3, 7),), ((2, 6),)], domain=distinct,
      grad_fn="SqueezeBackward1"),
    E("F.max_unpool3d", lambda m, x: _unpool(m, x, 3, 2, size=(1, 2) + tuple(x.shape[-3:])),
      [((1, 2, 4, 3, 4),)], domain=distinct, grad_fn="MaxUnpool3DBackward0"),
    # ---------------- embedding bags (ops/embedding_bag.py): torch has no second derivative
    E("F.embedding_bag_sum", lambda m, w: _bag(m, w, "sum"), [((7, 3),)], supports_gradgrad=False,
      grad_fn="EmbeddingBagBackward0"),
    E("F.embedding_bag_mean_padding", lambda m, w: _bag(m, w, "mean", padding_idx=4), [((7, 3),)],
      supports_gradgrad=False, grad_fn="EmbeddingBagBackward0"),
    E("F.embedding_bag_max", lambda m, w: _bag(m, w, "max", padding_idx=2), [((7, 3),)], domain=distinct,
      supports_gradgrad=False, grad_fn="EmbeddingBagBackward0"),
    E("F.embedding_bag_weighted", lambda m, w, p: _bag(m, w, "sum", p, padding_idx=3), [((7, 3), (9,))],
      supports_gradgrad=False, grad_fn="EmbeddingBagBackward0"),
    E("F.embedding_bag_last_offset",
      lambda m, w: F(m).embedding_bag(m.tensor(_IDX), w, m.tensor([0, 3, 3, 9]), mode="mean",
                                      include_last_offset=True),
      [((7, 3),)], supports_gradgrad=False, grad_fn="EmbeddingBagBackward0"),
    E("F.embedding_bag_2d", lambda m, w: F(m).embedding_bag(m.tensor([[1, 2, 0], [4, 4, 3]]), w, mode="max"),
      [((5, 2),)], domain=distinct, supports_gradgrad=False, grad_fn="EmbeddingBagBackward0"),
    # ---------------- spatial transformers (ops/grid_sample.py)
    E("F.affine_grid", lambda m, t: F(m).affine_grid(t, (2, 1, 3, 4), align_corners=False), [((2, 2, 3),)],
      grad_fn="AffineGridGeneratorBackward0"),
    E("F.affine_grid_align3d", lambda m, t: F(m).affine_grid(t, (1, 2, 2, 3, 2), align_corners=True), [((1, 3, 4),)],
      grad_fn="AffineGridGeneratorBackward0"),
    E("F.grid_sample", lambda m, x, g: F(m).grid_sample(x, g, align_corners=False), [((2, 2, 3, 4), (2, 3, 2, 2))],
      grad_fn="GridSampler2DBackward0"),
    E("F.grid_sample_border_align",
      lambda m, x, g: F(m).grid_sample(x, g, padding_mode="border", align_corners=True),
      [((1, 2, 3, 4), (1, 2, 3, 2))], grad_fn="GridSampler2DBackward0"),
    E("F.grid_sample_reflection",
      lambda m, x, g: F(m).grid_sample(x, g, padding_mode="reflection", align_corners=False),
      [((1, 2, 3, 4), (1, 3, 2, 2))], grad_fn="GridSampler2DBackward0"),
    E("F.grid_sample_reflection_align",
      lambda m, x, g: F(m).grid_sample(x, g, padding_mode="reflection", align_corners=True),
      [((1, 1, 4, 3), (1, 3, 2, 2))], grad_fn="GridSampler2DBackward0"),
    E("F.grid_sample_nearest",
      lambda m, x, g: F(m).grid_sample(x, g, mode="nearest", padding_mode="border", align_corners=False),
      [((1, 2, 3, 4), (1, 3, 2, 2))], grad_fn="GridSampler2DBackward0"),
    E("F.grid_sample_bicubic",
      lambda m, x, g: F(m).grid_sample(x, g, mode="bicubic", align_corners=False), [((1, 2, 4, 5), (1, 3, 2, 2))],
      grad_fn="GridSampler2DBackward0"),
    E("F.grid_sample_bicubic_reflection",
      lambda m, x, g: F(m).grid_sample(x, g, mode="bicubic", padding_mode="reflection", align_corners=True),
      [((1, 1, 4, 3), (1, 2, 2, 2))], grad_fn="GridSampler2DBackward0"),
    E("F.grid_sample_3d", lambda m, x, g: F(m).grid_sample(x, g, align_corners=False),
      [((1, 2, 2, 3, 3), (1, 2, 1, 2, 3))], grad_fn="GridSampler3DBackward0"),
    E("F.grid_sample_3d_reflection",
      lambda m, x, g: F(m).grid_sample(x, g, padding_mode="reflection", align_corners=True),
      [((1, 1, 3, 2, 3), (1, 1, 2, 2, 3))], grad_fn="GridSampler3DBackward0"),
    # ---------------- antialiased resampling (ops/resample.py)
    E("F.interpolate_bilinear_aa",
      lambda m, a: m.nn.functional.interpolate(a, size=(2, 3), mode="bilinear", antialias=True),
      [((1, 2, 5, 7),)], grad_fn="UpsampleBilinear2DAaBackward0"),
    E("F.interpolate_bilinear_aa_up",
      lambda m, a: m.nn.functional.interpolate(a, scale_factor=(1.5, 0.5), mode="bilinear", antialias=True,
                                               align_corners=True),
      [((1, 1, 3, 6),)], grad_fn="UpsampleBilinear2DAaBackward0"),
    E("F.interpolate_bicubic_aa",
      lambda m, a: m.nn.functional.interpolate(a, scale_factor=0.4, mode="bicubic", antialias=True),
      [((1, 2, 6, 8),)], grad_fn="UpsampleBicubic2DAaBackward0"),
]
