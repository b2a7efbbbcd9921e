"""Op-table rows for issue 14's convolution, padding, unfold/fold and pooling functional forms (appended to
``op_table.OPS``; see op_table.py for the entry format). Sizes are small so float64 gradcheck and
gradgradcheck stay quick; max pooling uses distinct values so every window has one maximum."""
from __future__ import annotations

from op_table import E, distinct, positive


def F(m):
    return m.nn.functional


OPS_NN: list = [
    # ---------------- convolution (ops/conv.py)
    E("F.conv1d", lambda m, x, w, b: F(m).conv1d(x, w, b, stride=2, padding=1), [((2, 4, 7), (3, 4, 3), (3,))],
      grad_fn="ConvolutionBackward0"),
    E("F.conv2d", lambda m, x, w, b: F(m).conv2d(x, w, b), [((2, 3, 5, 6), (4, 3, 3, 2), (4,))],
      grad_fn="ConvolutionBackward0"),
    E("F.conv2d_unbatched", lambda m, x, w, b: F(m).conv2d(x, w, b), [((3, 4, 4), (2, 3, 2, 2), (2,))],
      grad_fn="SqueezeBackward1"),
    E("F.conv2d_geometry", lambda m, x, w: F(m).conv2d(x, w, None, (2, 1), (1, 2), (2, 1), 2),
      [((2, 4, 6, 5), (4, 2, 2, 3))], grad_fn="ConvolutionBackward0"),
    E("F.conv2d_depthwise", lambda m, x, w: F(m).conv2d(x, w, groups=3, padding="same"),
      [((2, 3, 5, 5), (6, 1, 3, 3))], grad_fn="ConvolutionBackward0"),
    E("F.conv3d", lambda m, x, w, b: F(m).conv3d(x, w, b, padding=1, stride=(1, 2, 1)),
      [((1, 2, 3, 4, 3), (2, 2, 2, 2, 2), (2,))], grad_fn="ConvolutionBackward0"),
    E("F.conv_transpose1d", lambda m, x, w, b: F(m).conv_transpose1d(x, w, b, stride=2, padding=1, output_padding=1),
      [((2, 3, 4), (3, 2, 3), (2,))], grad_fn="ConvolutionBackward0"),
    E("F.conv_transpose2d", lambda m, x, w, b: F(m).conv_transpose2d(x, w, b, stride=(2, 1), groups=2, dilation=(1, 2)),
      [((2, 4, 3, 3), (4, 1, 2, 2), (2,))], grad_fn="ConvolutionBackward0"),
    E("F.conv_transpose3d", lambda m, x, w: F(m).conv_transpose3d(x, w, stride=2),
      [((1, 2, 2, 2, 3), (2, 2, 2, 1, 2))], grad_fn="ConvolutionBackward0"),
    E("F.unfold", lambda m, x: F(m).unfold(x, (2, 3), dilation=(1, 2), padding=1, stride=(2, 1)), [((2, 2, 4, 5),)],
      grad_fn="Im2ColBackward0"),
    E("F.fold", lambda m, x: F(m).fold(x, (4, 5), (2, 2), padding=1, stride=2), [((2, 8, 9),)],
      grad_fn="Col2ImBackward0"),
    # ---------------- padding (ops/padding.py)
    E("F.pad_constant", lambda m, x: F(m).pad(x, (1, 2, -1, 1), value=0.5), [((2, 3, 4),)],
      grad_fn="ConstantPadNdBackward0"),
    E("F.pad_reflect1d", lambda m, x: F(m).pad(x, (2, 1), mode="reflect"), [((2, 3, 4),)],
      grad_fn="ReflectionPad1DBackward0"),
    E("F.pad_reflect2d", lambda m, x: F(m).pad(x, (1, 2, 2, 1), mode="reflect"), [((2, 2, 3, 4),)],
      grad_fn="ReflectionPad2DBackward0"),
    E("F.pad_reflect3d", lambda m, x: F(m).pad(x, (1, 1, 0, 1, 1, 0), mode="reflect"), [((1, 2, 2, 3, 3),)],
      grad_fn="ReflectionPad3DBackward0"),
    E("F.pad_replicate1d", lambda m, x: F(m).pad(x, (2, 1), mode="replicate"), [((3, 4),)],
      grad_fn="ReplicationPad1DBackward0"),
    E("F.pad_replicate2d", lambda m, x: F(m).pad(x, (1, 2, 2, 1), mode="replicate"), [((2, 2, 3, 4),)],
      grad_fn="ReplicationPad2DBackward0"),
    E("F.pad_replicate3d", lambda m, x: F(m).pad(x, (1, 1, 0, 1, 1, 0), mode="replicate"), [((2, 2, 3, 3),)],
      grad_fn="ReplicationPad3DBackward0"),
    E("F.pad_circular", lambda m, x: F(m).pad(x, (1, 2, 2, -1), mode="circular"), [((2, 2, 3, 4),)],
      grad_fn="CopySlices"),
    # ---------------- pooling (ops/pool.py)
    E("F.max_pool2d", lambda m, x: F(m).max_pool2d(x, 3, 2, 1, ceil_mode=True), [((2, 2, 5, 6),), ((2, 4, 4),)],
      domain=distinct, grad_fn="MaxPool2DWithIndicesBackward0"),
    E("F.max_pool2d_dilated", lambda m, x: F(m).max_pool2d(x, (2, 3), (1, 2), (1, 0), dilation=(2, 1)),
      [((1, 2, 5, 6),)], domain=distinct, grad_fn="MaxPool2DWithIndicesBackward0"),
    E("F.max_pool1d", lambda m, x: F(m).max_pool1d(x, 2), [((2, 3, 6),)], domain=distinct, grad_fn="SqueezeBackward1"),
    E("F.max_pool3d", lambda m, x: F(m).max_pool3d(x, 2, 1), [((1, 2, 3, 3, 4),)], domain=distinct,
      grad_fn="MaxPool3DWithIndicesBackward0"),
    E("F.avg_pool2d", lambda m, x: F(m).avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False),
      [((2, 2, 5, 6),), ((2, 4, 4),)], grad_fn="AvgPool2DBackward0"),
    E("F.avg_pool2d_divisor", lambda m, x: F(m).avg_pool2d(x, 2, 1, 1, divisor_override=3), [((1, 2, 4, 4),)],
      grad_fn="AvgPool2DBackward0"),
    E("F.avg_pool1d", lambda m, x: F(m).avg_pool1d(x, 3, 2, 1), [((2, 3, 7),)], grad_fn="SqueezeBackward1"),
    E("F.avg_pool3d", lambda m, x: F(m).avg_pool3d(x, 2, 2, 1, ceil_mode=True), [((1, 2, 3, 4, 3),)],
      grad_fn="AvgPool3DBackward0"),
    E("F.adaptive_avg_pool2d", lambda m, x: F(m).adaptive_avg_pool2d(x, (2, 3)), [((2, 2, 5, 7),), ((2, 3, 4),)],
      grad_fn="AdaptiveAvgPool2DBackward0"),
    E("F.adaptive_avg_pool1d", lambda m, x: F(m).adaptive_avg_pool1d(x, 3), [((2, 3, 7),)], grad_fn="SqueezeBackward1"),
    E("F.adaptive_avg_pool3d", lambda m, x: F(m).adaptive_avg_pool3d(x, (2, None, 2)), [((1, 2, 3, 3, 5),)],
      grad_fn="AdaptiveAvgPool3DBackward0"),
    E("F.adaptive_max_pool2d", lambda m, x: F(m).adaptive_max_pool2d(x, (2, 3)), [((2, 2, 5, 7),), ((2, 3, 4),)],
      domain=distinct, grad_fn="AdaptiveMaxPool2DBackward0"),
    E("F.adaptive_max_pool1d", lambda m, x: F(m).adaptive_max_pool1d(x, 3), [((2, 3, 7),)], domain=distinct,
      grad_fn="SqueezeBackward1"),
    E("F.lp_pool2d", lambda m, x: F(m).lp_pool2d(x, 2, (2, 3), stride=2), [((2, 2, 4, 6),)], domain=positive,
      grad_fn="PowBackward0"),
    E("F.lp_pool1d", lambda m, x: F(m).lp_pool1d(x, 3, 2), [((2, 3, 6),)], domain=positive, grad_fn="PowBackward0"),
]
