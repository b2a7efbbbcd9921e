"""The backward formulas of the squeeze / unsqueeze / t view nodes (ops/shape.py), as torch writes them, so
that a graph built under ``create_graph=True`` holds torch's nodes: unsqueeze's gradient is
``grad.squeeze(dim)`` (``SqueezeBackward1``), squeeze's is torch's ``unsqueeze_to`` (one
``UnsqueezeBackward0`` per squeezed dim of size 1, none when nothing was squeezed), t's is ``grad.t()``.
First-order backward reshapes the array, the cheapest way to the same values."""
from __future__ import annotations

__all__ = ["unsqueeze_backward", "squeeze_backward", "t_backward"]


def _missing(long: tuple, short: tuple) -> list:
    """The dims of ``long`` that ``short`` lacks (each of size 1): ``short`` matched in order, greedily
    (with several candidate 1s any choice gives the same values)."""
    out, j = [], 0
    for i, n in enumerate(long):
        if j < len(short) and short[j] == n:     # (greedy matching finds a subsequence whenever there is one)
            j += 1
        else:
            out.append(i)
    return out


def unsqueeze_backward(ctx, g, xp):
    shape = ctx.shape
    if not xp.tensor_mode:
        return (xp.reshape(g, shape),)
    (d,) = _missing(tuple(g.shape), tuple(shape))
    return (xp.squeeze(g, d),)


def squeeze_backward(ctx, g, xp):
    shape = ctx.shape
    if not xp.tensor_mode:
        return (xp.reshape(g, shape),)
    for d in _missing(tuple(shape), tuple(g.shape)):
        g = xp.unsqueeze(g, d)
    return (g,)


def t_backward(ctx, g, xp):
    return (xp.t(g),)
