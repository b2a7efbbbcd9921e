"""ember.viz on a 100,000-node graph: the walk, ``to_dot`` and ``to_text`` within a time bound.

The graph: a chain of ``--nodes`` ops alternating ``sin`` and ``mul`` (so nothing collapses), with
a leaf added in every 50th step (so it is not only a chain). Prints seconds per phase, in CPU time
(``time.process_time``), the median of ``--repeats`` runs, and exits non-zero when the DOT (walk
included) takes longer than ``--bound`` seconds. Also renders a 2,000-node graph with the SVG layout.
Run: ``python benchmarks/viz_speed.py``.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import ember  # noqa: E402
from ember import viz  # noqa: E402


def build(nodes: int):
    x = ember.tensor([0.5, 0.25], requires_grad=True)
    y = x
    made = 0
    while made < nodes:
        y = (y * 1.0001).sin()
        made += 2
        if made % 100 == 0:
            y = y + ember.tensor([0.0, 1.0], requires_grad=True)
            made += 2
    return y


def timed(fn):
    start = time.process_time()
    value = fn()
    return value, time.process_time() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--bound", type=float, default=10.0, help="seconds allowed for graph() + to_dot()")
    args = parser.parse_args(argv)
    y = build(args.nodes)
    rows = {"graph()": [], "to_dot()": [], "to_text()": [], "graph() + to_dot()": []}
    for _ in range(args.repeats):
        g, t_walk = timed(lambda: viz.graph(y, collapse=False))
        dot, t_dot = timed(g.to_dot)
        text, t_text = timed(g.to_text)
        rows["graph()"].append(t_walk)
        rows["to_dot()"].append(t_dot)
        rows["to_text()"].append(t_text)
        rows["graph() + to_dot()"].append(t_walk + t_dot)
    print(f"{len(g.nodes):,} nodes, {len(g.edges):,} edges; DOT {len(dot) / 1e6:.1f} MB, "
          f"text {len(text.splitlines()):,} lines")
    for name, samples in rows.items():
        print(f"  {name:<20} {statistics.median(samples):7.2f} s")
    small = build(2_000)
    _, t_svg = timed(lambda: viz.to_svg(small, collapse=False))
    print(f"  {'to_svg(), 2,000 nodes':<20} {t_svg:7.2f} s")
    worst = statistics.median(rows["graph() + to_dot()"])
    if worst > args.bound:
        print(f"too slow: graph() + to_dot() took {worst:.2f} s, the bound is {args.bound:g} s")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
