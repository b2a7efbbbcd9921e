"""``MultiheadAttention``, with torch's parameter names (``in_proj_weight`` or ``q/k/v_proj_weight``,
``in_proj_bias``, ``out_proj``, ``bias_k``/``bias_v``) so state_dicts load both ways."""
from __future__ import annotations

import math
from typing import Any

from ... import Tensor, cat, empty, zeros
from .. import functional as F
from .. import init
from ..parameter import Parameter
from .linear import Linear
from .module import Module

__all__ = ["MultiheadAttention"]


class NonDynamicallyQuantizableLinear(Linear):
    """A ``Linear`` under the name torch gives MultiheadAttention's output projection (so reprs match)."""


def _merge_masks(attn_mask: Tensor | None, key_padding_mask: Tensor | None, n: int, h: int, lq: int, s: int,
                 dtype: Any) -> Tensor | None:
    """One additive float mask ``(N, H or 1, L, S)``: MultiheadAttention's boolean masks say what to ignore."""
    mask = None
    if attn_mask is not None:
        m = attn_mask
        if m.dtype.is_floating_point is False:
            m = zeros(m.shape, dtype=dtype).masked_fill(m, -math.inf)
        mask = m.reshape(n, h, lq, s) if m.dim() == 3 else m
    if key_padding_mask is not None:
        k = key_padding_mask
        if k.dtype.is_floating_point is False:
            k = zeros(k.shape, dtype=dtype).masked_fill(k, -math.inf)
        k = k.reshape(n, 1, 1, s)
        mask = k if mask is None else mask + k
    return mask


class MultiheadAttention(Module):
    r"""Attend from queries to keys/values with ``num_heads`` heads of ``embed_dim // num_heads`` each.

    Args:
        embed_dim (int): model width (the query's size).
        num_heads (int): number of heads (must divide ``embed_dim``).
        dropout (float): dropout on the attention weights in training. Default: ``0.0``.
        bias (bool): biases on the input and output projections. Default: ``True``.
        add_bias_kv (bool): learn a bias row appended to keys and values. Default: ``False``.
        add_zero_attn (bool): append a row of zeros to keys and values. Default: ``False``.
        kdim, vdim (int): key/value sizes (default ``embed_dim``; when they differ, separate
            ``q_proj_weight``/``k_proj_weight``/``v_proj_weight``).
        batch_first (bool): inputs are ``(N, L, E)`` rather than ``(L, N, E)``. Default: ``False``.
    """

    def __init__(self, embed_dim: int, num_heads: int, dropout: float = 0.0, bias: bool = True,
                 add_bias_kv: bool = False, add_zero_attn: bool = False, kdim: int | None = None,
                 vdim: int | None = None, batch_first: bool = False, device: Any = None, dtype: Any = None) -> None:
        if embed_dim <= 0 or num_heads <= 0:
            raise ValueError(f"embed_dim and num_heads must be greater than 0, got embed_dim={embed_dim} and "
                             f"num_heads={num_heads} instead")
        super().__init__()
        self.embed_dim = embed_dim
        self.kdim = kdim if kdim is not None else embed_dim
        self.vdim = vdim if vdim is not None else embed_dim
        self._qkv_same_embed_dim = self.kdim == embed_dim and self.vdim == embed_dim
        self.num_heads = num_heads
        self.dropout = dropout
        self.batch_first = batch_first
        self.head_dim = embed_dim // num_heads
        assert self.head_dim * num_heads == self.embed_dim, "embed_dim must be divisible by num_heads"
        kw = {"device": device, "dtype": dtype}
        if not self._qkv_same_embed_dim:
            self.q_proj_weight = Parameter(empty((embed_dim, embed_dim), **kw))
            self.k_proj_weight = Parameter(empty((embed_dim, self.kdim), **kw))
            self.v_proj_weight = Parameter(empty((embed_dim, self.vdim), **kw))
            self.register_parameter("in_proj_weight", None)
        else:
            self.in_proj_weight = Parameter(empty((3 * embed_dim, embed_dim), **kw))
            self.register_parameter("q_proj_weight", None)
            self.register_parameter("k_proj_weight", None)
            self.register_parameter("v_proj_weight", None)
        if bias:
            self.in_proj_bias = Parameter(empty(3 * embed_dim, **kw))
        else:
            self.register_parameter("in_proj_bias", None)
        self.out_proj = NonDynamicallyQuantizableLinear(embed_dim, embed_dim, bias=bias, **kw)
        if add_bias_kv:
            self.bias_k = Parameter(empty((1, 1, embed_dim), **kw))
            self.bias_v = Parameter(empty((1, 1, embed_dim), **kw))
        else:
            self.bias_k = self.bias_v = None
        self.add_zero_attn = add_zero_attn
        self._reset_parameters()

    def _reset_parameters(self) -> None:
        if self._qkv_same_embed_dim:
            init.xavier_uniform_(self.in_proj_weight)
        else:
            init.xavier_uniform_(self.q_proj_weight)
            init.xavier_uniform_(self.k_proj_weight)
            init.xavier_uniform_(self.v_proj_weight)
        if self.in_proj_bias is not None:
            init.constant_(self.in_proj_bias, 0.0)
            init.constant_(self.out_proj.bias, 0.0)
        if self.bias_k is not None:
            init.xavier_normal_(self.bias_k)
        if self.bias_v is not None:
            init.xavier_normal_(self.bias_v)

    def _project(self, query: Tensor, key: Tensor, value: Tensor) -> tuple:
        e, b = self.embed_dim, self.in_proj_bias
        bq, bk, bv = (None, None, None) if b is None else (b[:e], b[e:2 * e], b[2 * e:])
        if self._qkv_same_embed_dim:
            w = self.in_proj_weight
            if query is key and key is value:     # self-attention: one projection, split (as torch)
                return F.linear(query, w, b).chunk(3, -1)
            wq, wk, wv = w[:e], w[e:2 * e], w[2 * e:]
        else:
            wq, wk, wv = self.q_proj_weight, self.k_proj_weight, self.v_proj_weight
        return F.linear(query, wq, bq), F.linear(key, wk, bk), F.linear(value, wv, bv)

    def forward(self, query: Tensor, key: Tensor, value: Tensor, key_padding_mask: Tensor | None = None,
                need_weights: bool = True, attn_mask: Tensor | None = None, average_attn_weights: bool = True,
                is_causal: bool = False) -> tuple:
        """Attention of ``query`` over ``key``/``value``; returns ``(output, weights or None)``.

        ``attn_mask`` (``(L, S)`` or ``(N*H, L, S)``) and ``key_padding_mask`` (``(N, S)``): boolean ``True``
        means *ignore* (the opposite of ``scaled_dot_product_attention``), float masks are added."""
        unbatched = query.dim() == 2
        if unbatched:
            query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
            if key_padding_mask is not None:
                key_padding_mask = key_padding_mask.unsqueeze(0)
        same = query is key and key is value
        if not self.batch_first:                 # work batch-first: (N, L, E)
            query = query.transpose(0, 1)
            key, value = (query, query) if same else (key.transpose(0, 1), value.transpose(0, 1))
        elif same:
            key = value = query
        n, lq, h, d = query.shape[0], query.shape[1], self.num_heads, self.head_dim
        q, k, v = self._project(query, key, value)
        if self.bias_k is not None:
            k = cat([k, self.bias_k.expand(n, 1, self.embed_dim)], 1)
            v = cat([v, self.bias_v.expand(n, 1, self.embed_dim)], 1)
            if attn_mask is not None:
                attn_mask = cat([attn_mask, zeros(tuple(attn_mask.shape[:-1]) + (1,), dtype=attn_mask.dtype)], -1)
            key_padding_mask = None if key_padding_mask is None else cat(
                [key_padding_mask, zeros((n, 1), dtype=key_padding_mask.dtype)], 1)
        if self.add_zero_attn:
            k = cat([k, zeros((n, 1, self.embed_dim), dtype=k.dtype)], 1)
            v = cat([v, zeros((n, 1, self.embed_dim), dtype=v.dtype)], 1)
            key_padding_mask = None if key_padding_mask is None else cat(
                [key_padding_mask, zeros((n, 1), dtype=key_padding_mask.dtype)], 1)
        s = k.shape[1]
        q = q.reshape(n, lq, h, d).transpose(1, 2)
        k = k.reshape(n, s, h, d).transpose(1, 2)
        v = v.reshape(n, s, h, d).transpose(1, 2)
        if is_causal and attn_mask is None and key_padding_mask is None and not need_weights:
            mask, causal = None, True
        else:
            mask, causal = _merge_masks(attn_mask, key_padding_mask, n, h, lq, s, q.dtype), False
        p = self.dropout if self.training else 0.0
        weights = None
        if need_weights:
            scores = (q * (1.0 / math.sqrt(d))) @ k.transpose(-2, -1)
            if mask is not None:
                scores = scores + mask
            attn = scores.softmax(-1)
            if p > 0.0:
                attn = F.dropout(attn, p)
            out = attn @ v
            weights = attn.mean(1) if average_attn_weights else attn
            if unbatched:
                weights = weights.squeeze(0)
        else:
            out = F.scaled_dot_product_attention(q, k, v, mask, p, causal)
        out = self.out_proj(out.transpose(1, 2).reshape(n, lq, self.embed_dim))
        if not self.batch_first:
            out = out.transpose(0, 1)
        return (out.squeeze(1) if unbatched else out), weights
