"""Interleaved CPU-time rounds, shared by the side-by-side scripts (cnn, gpt, lstm, cross entropy)."""
from __future__ import annotations

import time
from typing import Callable


def cpu_per_step(step: Callable[[], object], steps: int) -> float:
    """CPU seconds per call of ``step``, over ``steps`` calls."""
    t0 = time.process_time()
    for _ in range(steps):
        step()
    return (time.process_time() - t0) / steps


def interleaved(steps: dict[str, Callable[[], object]], n_steps: int, rounds: int) -> dict[str, list[float]]:
    """Each round samples every step once, in an order rotated each round (the machine's drift hits all
    alike); per name, its CPU seconds per step in each round."""
    names = list(steps)
    times: dict[str, list[float]] = {k: [] for k in names}
    for r in range(rounds):
        k = r % len(names)
        for name in names[k:] + names[:k]:
            times[name].append(cpu_per_step(steps[name], n_steps))
    return times


def ratios(times: dict[str, list[float]], a: str, b: str) -> list[float]:
    """``a``'s time over ``b``'s, round by round."""
    return [x / y for x, y in zip(times[a], times[b])]
