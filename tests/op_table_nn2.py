"""Op-table rows for nn part 2 (issue 14): normalisation, embedding and attention (appended to ``op_table.OPS``).

Running statistics and masks that are not differentiable inputs are built inside the row (a lambda, as the
fuzzer reads them), identically for both modules; the attention node has no derivative of its own in torch
(``supports_gradgrad=False``).
"""
from __future__ import annotations

from op_table import E, Bool, Long


QKV = [((2, 2, 3, 4), (2, 2, 5, 4), (2, 2, 5, 4))]     # torch's CPU kernel (one node)
QKV_MATH = [((2, 3, 4), (2, 5, 4), (2, 5, 3)), ((2, 2, 3, 4), (1, 2, 5, 4), (1, 2, 5, 4))]   # its math path

OPS_NN2: list = [
    # ---------------- normalisation (ops/normalization.py; composites in nn/_functional_layers.py)
    E("F.layer_norm", lambda m, x, w, b: m.nn.functional.layer_norm(x, (4,), w, b), [((2, 3, 4), (4,), (4,))],
      grad_fn="NativeLayerNormBackward0"),
    E("F.layer_norm_2d_noaffine", lambda m, x: m.nn.functional.layer_norm(x, (3, 4), eps=1e-3), [((2, 3, 4),)],
      grad_fn="NativeLayerNormBackward0"),
    E("F.batch_norm_train", lambda m, x, w, b: m.nn.functional.batch_norm(x, None, None, w, b, training=True),
      [((4, 3, 2), (3,), (3,)), ((5, 2), (2,), (2,))], grad_fn="NativeBatchNormBackward0"),
    E("F.batch_norm_train_noaffine", lambda m, x: m.nn.functional.batch_norm(x, None, None, training=True),
      [((3, 2, 2, 2),)], grad_fn="NativeBatchNormBackward0"),
    E("F.batch_norm_eval", lambda m, x, w, b: m.nn.functional.batch_norm(
        x, m.linspace(-0.5, 0.5, x.shape[1], dtype=x.dtype), m.linspace(0.5, 2.0, x.shape[1], dtype=x.dtype), w, b,
        training=False), [((4, 3, 2), (3,), (3,))], grad_fn="NativeBatchNormBackward0"),
    E("F.group_norm", lambda m, x, w, b: m.nn.functional.group_norm(x, 2, w, b), [((2, 4, 3), (4,), (4,))],
      grad_fn="NativeGroupNormBackward0"),
    E("F.group_norm_noaffine", lambda m, x: m.nn.functional.group_norm(x, 1), [((3, 2, 2, 2),)],
      grad_fn="NativeGroupNormBackward0"),
    E("F.rms_norm", lambda m, x, w: m.nn.functional.rms_norm(x, (4,), w), [((2, 3, 4), (4,))],
      grad_fn="MulBackward0"),
    E("F.rms_norm_eps", lambda m, x: m.nn.functional.rms_norm(x, (3, 4), eps=1e-3), [((2, 3, 4),)],
      grad_fn="MulBackward0"),
    E("F.instance_norm", lambda m, x, w, b: m.nn.functional.instance_norm(x, weight=w, bias=b),
      [((2, 3, 4), (3,), (3,))], grad_fn="ViewBackward0"),
    E("F.local_response_norm", lambda m, x: m.nn.functional.local_response_norm(x, 3), [((2, 4, 3),)],
      grad_fn="DivBackward0"),
    # ---------------- embedding (ops/embedding.py)
    E("F.embedding", lambda m, i, w: m.nn.functional.embedding(i, w), [(Long((2, 3), 5), (5, 3))],
      grad_fn="EmbeddingBackward0"),
    E("F.embedding_repeats", lambda m, i, w: m.nn.functional.embedding(i, w), [(Long((4, 3), 3), (3, 2))],
      grad_fn="EmbeddingBackward0"),    # padding_idx and scale_grad_by_freq are not derivatives: test_embedding.py
    # ---------------- attention (ops/attention.py)
    E("F.sdpa", lambda m, q, k, v: m.nn.functional.scaled_dot_product_attention(q, k, v), QKV,
      supports_gradgrad=False, grad_fn="ScaledDotProductFlashAttentionForCpuBackward0"),
    E("F.sdpa_math", lambda m, q, k, v: m.nn.functional.scaled_dot_product_attention(q, k, v), QKV_MATH,
      grad_fn="UnsafeViewBackward0"),
    E("F.sdpa_math_causal", lambda m, q, k, v: m.nn.functional.scaled_dot_product_attention(
        q, k, v, is_causal=True, scale=0.7), [((2, 3, 4), (2, 3, 4), (2, 3, 2))], grad_fn="UnsafeViewBackward0"),
    E("F.sdpa_causal_scale", lambda m, q, k, v: m.nn.functional.scaled_dot_product_attention(
        q, k, v, is_causal=True, scale=0.7), [((1, 2, 3, 4), (1, 2, 3, 4), (1, 2, 3, 4))],
      supports_gradgrad=False, grad_fn="ScaledDotProductFlashAttentionForCpuBackward0"),
    E("F.sdpa_float_mask", lambda m, q, k, v: m.nn.functional.scaled_dot_product_attention(
        q, k, v, attn_mask=m.linspace(-1.0, 1.0, 15, dtype=q.dtype).reshape(3, 5)), QKV, supports_gradgrad=False,
      grad_fn="ScaledDotProductFlashAttentionForCpuBackward0"),
    E("F.sdpa_bool_mask", lambda m, q, k, v, mask: m.nn.functional.scaled_dot_product_attention(
        q, k, v, attn_mask=mask | (m.arange(5) == 0)),        # every row attends somewhere
      [QKV[0] + (Bool((3, 5)),)], supports_gradgrad=False,
      grad_fn="ScaledDotProductFlashAttentionForCpuBackward0"),
    E("F.sdpa_gqa", lambda m, q, k, v: m.nn.functional.scaled_dot_product_attention(q, k, v, enable_gqa=True),
      [((1, 4, 3, 2), (1, 2, 3, 2), (1, 2, 3, 2))], supports_gradgrad=False,
      grad_fn="ScaledDotProductFlashAttentionForCpuBackward0"),
]
