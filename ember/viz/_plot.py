"""``line_plot``: a small SVG line chart (a training loss curve), no dependency."""
from __future__ import annotations

import math
from typing import Sequence
from xml.sax.saxutils import escape


def _nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering [lo, hi] (1, 2 or 5 times a power of ten apart)."""
    if hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / count
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    first = math.floor(lo / step) * step
    ticks = []
    t = first
    while t <= hi + step * 1e-9:
        if t >= lo - step * 1e-9:
            ticks.append(round(t, 12))
        t += step
    return ticks


def line_plot(values: Sequence[float], title: str = "", xlabel: str = "step", ylabel: str = "loss",
              width: int = 560, height: int = 320) -> str:
    """An SVG document plotting ``values`` against their index (e.g. a loss per step).

    Args:
        values: the y values, one per step (Python numbers, or 0-dim tensors).
        title, xlabel, ylabel: the chart's texts.
        width, height: the picture's size in pixels.
    """
    ys = [float(v) for v in values]
    if not ys:
        raise ValueError("line_plot: no values to plot")
    left, right, top, bottom = 64.0, 16.0, 34.0 if title else 14.0, 46.0
    pw, ph = width - left - right, height - top - bottom
    lo, hi = min(ys), max(ys)
    yt = _nice_ticks(lo, hi)
    lo, hi = min(lo, yt[0]), max(hi, yt[-1])
    span = (hi - lo) or 1.0
    xn = max(len(ys) - 1, 1)
    xt = [t for t in _nice_ticks(0, xn) if t == int(t)]

    def px(i: float) -> float:
        return left + pw * i / xn

    def py(v: float) -> float:
        return top + ph * (1 - (v - lo) / span)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" font-size="11">',
           f'<rect x="0" y="0" width="{width}" height="{height}" fill="white"/>']
    if title:
        out.append(f'<text x="{width / 2:.1f}" y="20" text-anchor="middle" font-size="13">{escape(title)}</text>')
    for t in yt:
        y = py(t)
        out.append(f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{left + pw:.1f}" y2="{y:.1f}" stroke="#e5e5e5"/>')
        out.append(f'<text x="{left - 6:.1f}" y="{y + 4:.1f}" text-anchor="end">{t:g}</text>')
    for t in xt:
        x = px(t)
        out.append(f'<line x1="{x:.1f}" y1="{top + ph:.1f}" x2="{x:.1f}" y2="{top + ph + 4:.1f}" stroke="#333"/>')
        out.append(f'<text x="{x:.1f}" y="{top + ph + 16:.1f}" text-anchor="middle">{int(t)}</text>')
    out.append(f'<rect x="{left:.1f}" y="{top:.1f}" width="{pw:.1f}" height="{ph:.1f}" fill="none" stroke="#333"/>')
    points = " ".join(f"{px(i):.1f},{py(v):.1f}" for i, v in enumerate(ys))
    out.append(f'<polyline class="series" fill="none" stroke="#2f74b5" stroke-width="1.6" points="{points}"/>')
    out.append(f'<text x="{left + pw / 2:.1f}" y="{height - 10:.1f}" text-anchor="middle">{escape(xlabel)}</text>')
    out.append(f'<text x="16" y="{top + ph / 2:.1f}" text-anchor="middle" '
               f'transform="rotate(-90 16 {top + ph / 2:.1f})">{escape(ylabel)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
