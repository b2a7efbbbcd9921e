"""Statistics and the Markdown report of :mod:`benchmarks.run` (kept apart to keep run.py short).

A sample is one case's measurement in one round, on two clocks: wall time
(``time.perf_counter``) and CPU time (``time.process_time``).  Ratios are taken within rounds
(ember's sample over the other framework's sample in the same round), so slow drift of a shared
machine cancels; the report gives the median of those ratios and their spread (min-max).
"""
from __future__ import annotations

import os
import platform
import re
import statistics
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Everything below this line in an existing report is hand-written and kept by every rerun.
KEEP_MARKER = "<!-- hand-written sections below are kept by run.py -->"


def usable_cores() -> int:
    """Cores this process may run on (affinity-aware where the OS supports it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def load_average() -> str:
    """The 1/5/15-minute load averages, to show whether something else was using the CPUs."""
    try:
        return "/".join(f"{x:.2f}" for x in os.getloadavg())
    except (AttributeError, OSError):
        return "n/a"


def busy(loadavg: str) -> bool:
    """Whether a ``load_average()`` string says other work used half the CPUs or more.

    The load average counts this benchmark too (about 1), hence the ``1 +``.
    """
    try:
        return float(loadavg.split("/")[0]) >= 1 + usable_cores() / 2
    except ValueError:
        return False


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo, or what platform knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def ember_commit() -> str:
    """The repository's HEAD commit (read-only ``git rev-parse``); ember may have local edits."""
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                             text=True, timeout=10)
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def fmt(value: float | None) -> str:
    """A compact, fixed-point rendering with about three significant digits."""
    if value is None:
        return "—"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def summary(values: list[float]) -> tuple[float, float, float] | None:
    """``(median, min, max)`` of ``values``, or None when there are none."""
    return (statistics.median(values), min(values), max(values)) if values else None


def fmt_spread(s: tuple[float, float, float] | None, suffix: str = "x") -> str:
    """``median (min–max)``, the spread left out when there was one sample."""
    if s is None:
        return "—"
    med, lo, hi = s
    if lo == hi:
        return f"{med:.2f}{suffix}"
    return f"{med:.2f}{suffix} ({lo:.2f}–{hi:.2f})"


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A GitHub-flavoured Markdown table, numbers right-aligned."""
    align = ["---", "---"] + ["---:"] * (len(header) - 2)
    return "\n".join("| " + " | ".join(r) + " |" for r in [header, align, *rows])


def text_table(header: list[str], rows: list[list[str]]) -> str:
    """A plain-text table with aligned columns (left for text, right for numbers)."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells):
        return "  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    return "\n".join([line(header), "  ".join("-" * w for w in widths), *map(line, rows)])


def cpu_table(bench) -> tuple[list[str], list[list[str]]]:
    """The headline table: CPU-time medians at one thread and within-round CPU ratios.

    Rows whose unit is not a time (memory, object counts) show their value in the same columns.
    """
    fws = [fw for fw in ("ember", "torch@1", "numpy") if fw in bench.frameworks]
    others = [fw for fw in fws if fw != "ember"]
    header = ["workload", "unit", *fws, *(f"ember/{fw} (min–max)" for fw in others)]
    rows = []
    for m in bench.metrics:
        rows.append([m.label, m.unit, *(fmt(bench.median(m.key, fw)) for fw in fws),
                     *(fmt_spread(summary(bench.ratios(m.key, fw))) for fw in others)])
    return header, rows


def wall_table(bench) -> tuple[list[str], list[list[str]]]:
    """Wall-time medians for every framework (torch at each thread count), within-round ratios."""
    others = [fw for fw in bench.frameworks if fw != "ember"]
    header = ["workload", "unit", *bench.frameworks, *(f"ember/{fw}" for fw in others)]
    rows = []
    for m in bench.metrics:
        if not m.clock:
            continue
        rows.append([m.label, m.unit, *(fmt(bench.median(m.key, fw, "wall")) for fw in bench.frameworks),
                     *(fmt_spread(summary(bench.ratios(m.key, fw, "wall"))) for fw in others)])
    return header, rows


def target_figure(versus, clock: bool) -> str:
    """In words, which figure a target is judged on (see ``TARGETS`` in run.py)."""
    if versus is None:
        return "ember's median CPU time" if clock else "ember's value"
    if isinstance(versus, tuple):  # (what, other key): ember against itself
        return f"CPU time, ember's {versus[0]}, within rounds"
    return f"{'CPU-time ratio' if clock else 'ratio'} ember / {versus}, within rounds"


def target_rows(bench, targets) -> list[list[str]]:
    """One row per target: the figure it uses, the measured median (spread) and met / missed."""
    rows = []
    for key, versus, limit, text in targets:
        if key not in bench.samples:
            continue
        if versus is None:
            s = summary(bench.values(key, "ember"))
            shown = "n/a" if s is None else f"{fmt(s[0])}" + (
                "" if s[1] == s[2] else f" ({fmt(s[1])}–{fmt(s[2])})")
        elif isinstance(versus, tuple):
            s = summary(bench.ratios(key, "ember", key_b=versus[1])) if versus[1] in bench.samples else None
            shown = fmt_spread(s)
        else:
            s = summary(bench.ratios(key, versus))
            shown = fmt_spread(s)
        status = "n/a (not measured)" if s is None else ("met" if s[0] <= limit else "**missed**")
        clock = next(m.clock for m in bench.metrics if m.key == key)
        rows.append([text, target_figure(versus, clock), shown if s is not None else "n/a", status])
    return rows


def samples_section(bench) -> list[str]:
    """Every metric's samples per framework: count, and median/min/max on each clock."""
    lines = ["## Samples", "",
             "| workload | framework | n | CPU median | CPU min | CPU max | wall median | wall min | wall max |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for m in bench.metrics:
        for fw in bench.frameworks:
            cpu, wall = bench.values(m.key, fw), bench.values(m.key, fw, "wall")
            if not wall:
                continue
            c = [fmt(x) for x in summary(cpu)] if m.clock and cpu else ["—"] * 3
            w = [fmt(x) for x in summary(wall)]
            lines.append(f"| {m.label} [{m.unit}] | {fw} | {len(wall)} | {' | '.join(c)} | {' | '.join(w)} |")
    return lines


def kept_sections(path: Path, generated_headings: set[str]) -> str:
    """The hand-written part of an existing report, to be written back below :data:`KEEP_MARKER`.

    Everything after the marker is kept, and so is each ``## `` section above it (or in a report
    written before the marker existed) whose heading run.py does not generate: a section another
    benchmark's author added by hand, wherever it was put.
    """
    if not path.exists():
        return ""
    above, _, below = path.read_text().partition(KEEP_MARKER)
    below = below.strip("\n")
    below_headings = {line[3:].strip() for line in below.split("\n") if line.startswith("## ")}
    sections = re.split(r"(?m)^(?=## )", above)[1:]
    kept = [s.strip("\n") for s in sections
            if s.split("\n", 1)[0][3:].strip() not in generated_headings | below_headings]
    return "\n\n".join([*kept, *([below] if below else [])])


def finish(lines: list[str], path: Path) -> str:
    """Join the generated ``lines``, append the hand-written sections of ``path``, write it."""
    generated = {line[3:].strip() for block in lines for line in block.split("\n") if line.startswith("## ")}
    kept = kept_sections(path, generated)
    text = "\n".join([*lines, KEEP_MARKER, "", *([kept, ""] if kept else [])])
    path.write_text(text)
    return text
