"""``scaled_dot_product_attention`` as torch's CPU flash kernel records it: one
``ScaledDotProductFlashAttentionForCpuBackward0`` node over query, key and value.

Forward keeps each row's log-sum-exp (as the kernel does) and backward rebuilds the attention weights
from it; torch gives this node no derivative of its own, so neither does ember (the log-sum-exp is a
constant under ``create_graph``)."""
from __future__ import annotations

import functools
import math

import numpy as np

from .._creation import empty_like
from .._tensor import Tensor, make
from ._op import Op
from ._record import apply
from ._scratch import scratch


def _scores(xp, q, k, scale, mask):
    s = xp.matmul(q, xp.swapaxes(k, -1, -2)) * scale
    if mask is None:
        return s
    if mask.dtype == np.bool_:
        return xp.masked_fill(s, ~mask, -math.inf)
    return s + xp.constant(mask)


@functools.lru_cache(maxsize=16)
def _causal(L: int, S: int) -> tuple:
    """is_causal's mask (True: attend) and its complement, made once per shape (read-only)."""
    mask = np.tril(np.ones((L, S), dtype=np.bool_))
    out = ~mask
    mask.flags.writeable = out.flags.writeable = False
    return mask, out


def _not(mask: np.ndarray) -> np.ndarray:
    """``~mask``; for a causal mask, its cached complement."""
    if mask.ndim == 2 and not mask.flags.writeable:
        causal, inverse = _causal(*mask.shape)
        if causal is mask:
            return inverse
    return ~mask


def _scores_array(q, k, scale, mask):
    """:func:`_scores` on arrays, in one (reused: ``ops/_scratch.py``) buffer (the same values)."""
    kt = np.swapaxes(k, -1, -2)
    shape = np.broadcast_shapes(q.shape[:-2], kt.shape[:-2]) + (q.shape[-2], kt.shape[-1])
    s = np.matmul(q, kt, out=scratch(shape, np.result_type(q, kt)))
    s *= scale
    if mask is None:
        return s
    if mask.dtype == np.bool_:
        if np.broadcast_shapes(s.shape, mask.shape) == s.shape:
            np.copyto(s, -math.inf, where=_not(mask))
            return s
        return np.where(~mask, -math.inf, s).astype(s.dtype, copy=False)
    return s + mask


def _repeat_heads(xp, t, groups: int):
    """Each key/value head ``groups`` times in a row (``repeat_interleave`` on dim -3), as a view chain."""
    shape = tuple(t.shape)
    big = shape[:-2] + (groups,) + shape[-2:]
    return xp.reshape(xp.expand(xp.unsqueeze(t, -3), big), shape[:-3] + (shape[-3] * groups,) + shape[-2:])


class ScaledDotProductFlashAttentionForCpuBackward0(Op):
    __slots__ = ("scale", "mask", "lse", "groups")
    _saved_names = ("query", "key", "value")
    _param_names = ("scale",)

    @staticmethod
    def forward(ctx, q, k, v, mask, scale, groups):
        ctx.scale, ctx.mask, ctx.groups = scale, mask, groups
        ctx.save(q, k, v)
        if groups > 1:
            k, v = np.repeat(k, groups, axis=-3), np.repeat(v, groups, axis=-3)
        with np.errstate(invalid="ignore", over="ignore"):
            s = _scores_array(q, k, scale, mask)
            m = np.max(s, axis=-1, keepdims=True)
            dead = np.isneginf(m)
            if dead.any():                    # a fully masked row: zeros (the flash kernel's answer)
                e = np.exp(s - m)
                total = np.sum(e, axis=-1, keepdims=True)
                e, total, m = np.where(dead, 0.0, e), np.where(dead, 1.0, total), np.where(dead, np.inf, m)
            else:                             # the same values, in place in the scores' memory
                s -= m
                e = np.exp(s, out=s)
                total = np.sum(e, axis=-1, keepdims=True)
            ctx.lse = m + np.log(total)
            e /= total
            return np.asarray(np.matmul(e, v), dtype=q.dtype)

    def backward(ctx, g, xp):
        q, k, v = xp.saved(ctx)
        kr, vr = k, v
        if ctx.groups > 1:
            kr, vr = (_repeat_heads(xp, t, ctx.groups) for t in (k, v))
        if xp.tensor_mode:
            p = xp.exp(_scores(xp, q, kr, ctx.scale, ctx.mask) - xp.constant(ctx.lse))
            gp = xp.matmul(g, xp.swapaxes(vr, -1, -2))
            gs = p * (gp - xp.sum(gp * p, -1, True)) * ctx.scale
        else:       # the formula above on arrays, the same operations in place (two score-sized buffers)
            p = _scores_array(q, kr, ctx.scale, ctx.mask)
            p -= ctx.lse
            np.exp(p, out=p)
            vt = np.swapaxes(vr, -1, -2)
            shape = np.broadcast_shapes(g.shape[:-2], vt.shape[:-2]) + (g.shape[-2], vt.shape[-1])
            gs = np.matmul(g, vt, out=scratch(shape, np.result_type(g, vt)))
            gs -= np.sum(np.multiply(gs, p, out=scratch(gs.shape, np.result_type(gs, p))), -1, keepdims=True)
            gs *= p
            gs *= ctx.scale
        gv = xp.matmul(xp.swapaxes(p, -1, -2), g)
        gq = xp.matmul(gs, kr)
        gk = xp.matmul(xp.swapaxes(gs, -1, -2), q)
        if ctx.groups > 1:
            gk, gv = (xp.sum(xp.reshape(t, tuple(t.shape[:-3]) + (-1, ctx.groups) + tuple(t.shape[-2:])), -3)
                      for t in (gk, gv))
        return gq, gk, gv


def _check_inputs(query: Tensor, key: Tensor, value: Tensor, attn_mask: Tensor | None) -> None:
    """torch's ``validate_sdpa_input`` and the math kernel's dtype check."""
    dq, dk, dv = query.dtype, key.dtype, value.dtype
    if not dq == dk == dv:
        raise RuntimeError("Expected query, key, and value to have the same dtype, but got query.dtype: "
                           f"{dq._cname} key.dtype: {dk._cname} and value.dtype: {dv._cname} instead.")
    if min(query.ndim, key.ndim, value.ndim) < 2:
        raise RuntimeError("Expected query, key, and value to all be  at least 2 dimensional, but got query.dim: "
                           f"{query.ndim} key.dim: {key.ndim} and value.dim: {value.ndim} instead.")
    if attn_mask is not None:
        dm = attn_mask.dtype
        if dm.name not in ("bool", "float32") and dm != dq:
            raise RuntimeError("Expected attn_mask dtype to be bool or float or to match query dtype, but got "
                               f"attn_mask.dtype: {dm._cname} and  query.dtype: {dq._cname} instead.")
    if dq.is_complex:
        raise NotImplementedError(f'"softmax_lastdim_kernel_impl" not implemented for \'{dq._legacy[:-6]}\'')
    if not dq.is_floating_point:
        raise RuntimeError(f"expected scalar type Float but found {dq._legacy[:-6]}")


def scaled_dot_product_attention(query: Tensor, key: Tensor, value: Tensor, attn_mask: Tensor | None = None,
                                 dropout_p: float = 0.0, is_causal: bool = False, scale: float | None = None,
                                 enable_gqa: bool = False) -> Tensor:
    """``softmax(query @ key^T * scale + mask) @ value`` (scale defaults to ``1/sqrt(E)``).

    A boolean ``attn_mask`` says which positions take part (``True``: attend), a float one is added to the
    scores; ``is_causal`` masks the upper triangle (and cannot be combined with a mask). With
    ``dropout_p > 0`` torch runs its math path, ops one by one, and so does ember."""
    _check_inputs(query, key, value, attn_mask)
    if is_causal and attn_mask is not None:
        raise RuntimeError("_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True")
    L, S, E = query.shape[-2], key.shape[-2], query.shape[-1]
    sc = 1.0 / math.sqrt(E) if scale is None else scale
    mask = None
    if is_causal:
        mask = _causal(L, S)[0]
    elif attn_mask is not None:
        mask = attn_mask._data
        if mask.dtype != np.bool_:
            mask = np.asarray(mask, dtype=query._data.dtype)
    groups = 1
    if enable_gqa and query.ndim >= 3 and query.shape[-3] != key.shape[-3]:
        groups = query.shape[-3] // key.shape[-3]
    shapes = (query.shape, key.shape, value.shape)
    flash = (dropout_p == 0.0 and all(len(t) == 4 for t in shapes) and shapes[0][0] == shapes[1][0] == shapes[2][0]
             and shapes[1][1] == shapes[2][1] and shapes[0][1] == shapes[1][1] * groups
             and shapes[0][3] == shapes[1][3] == shapes[2][3] and (mask is None or mask.ndim in (2, 4)))
    if flash:
        return apply(ScaledDotProductFlashAttentionForCpuBackward0, (query, key, value),
                     (query._data, key._data, value._data), mask, sc, groups)
    # torch's math path, op by op: both operands scaled by sqrt(scale), a boolean mask made additive, a
    # softmax that gives fully masked rows zeros, the dropout mask drawn from the random stream as F.dropout's
    k, v = key, value
    if groups > 1:
        k, v = key.repeat_interleave(groups, -3), value.repeat_interleave(groups, -3)
    root = math.sqrt(sc)
    s = (query * root) @ (k.transpose(-2, -1) * root)
    dead = None
    if mask is not None:
        if mask.dtype == np.bool_:
            dead = ~mask.any(-1, keepdims=True)
            mask = np.where(mask, 0.0, -np.inf).astype(query._data.dtype)
        s = s + make(mask)
    p = s.softmax(-1)
    if dead is not None and dead.any():
        p = p.masked_fill(make(np.broadcast_to(dead, p.shape).copy()), 0.0)
    if dropout_p > 0.0:
        keep = empty_like(p).bernoulli_(1 - dropout_p).div_(1 - dropout_p)
        p = p * keep
    return p @ v
