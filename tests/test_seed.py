"""The seed tour: ``python -m ember`` prints an interpreter transcript. Replay every ``>>>`` statement on
real torch 2.13 (in-process, REPL-style) and compare each block's output with ember's, addresses masked.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import warnings

import pytest

torch = pytest.importorskip("torch")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_ADDR = re.compile(r"0x[0-9a-fA-F]+")
_TRIGGERED = re.compile(r"\s*\(Triggered internally at .*$", re.S)


def _mask(s: str) -> str:
    return _ADDR.sub("0x…", s)


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    """[(statement, output lines)] for each '>>> ' prompt. A transcript ends at a blank line; lines
    outside transcripts (the step headings '== n/5 ... ==', the drawn graph) are the tour's narration."""
    blocks: list[tuple[str, list[str]]] = []
    in_transcript = False
    for line in text.splitlines():
        if line.startswith(">>> "):
            blocks.append((line[4:], []))
            in_transcript = True
        elif not line.strip():
            in_transcript = False
        elif in_transcript:
            blocks[-1][1].append(line)
    return [(stmt, _strip_blank(out)) for stmt, out in blocks]


def _strip_blank(lines: list[str]) -> list[str]:
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def _torch_transcript(statements: list[str]) -> list[list[str]]:
    """Run the statements one by one on real torch, printing like the interactive interpreter."""
    ns: dict = {"__name__": "__main__"}
    outputs = []
    for stmt in statements:
        stmt = stmt.replace("import ember as torch", "import torch")   # the tour is ember, used as torch
        lines: list[str] = []
        with warnings.catch_warnings(record=True) as ws:
            warnings.simplefilter("always")
            try:
                code = compile(stmt, "<stdin>", "eval")
            except SyntaxError:
                exec(compile(stmt, "<stdin>", "exec"), ns)  # noqa: S102
                value = None
            else:
                value = eval(code, ns)  # noqa: S307
        for w in ws:
            lines.append(f"<stdin>:1: {w.category.__name__}: {_TRIGGERED.sub('', str(w.message))}")
        if value is not None:
            lines.extend(repr(value).splitlines())
        outputs.append(lines)
    return outputs


@pytest.fixture(scope="module")
def ember_tour(tmp_path_factory) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
    out = tmp_path_factory.mktemp("tour")      # the tour writes its pictures there, not into the checkout
    return subprocess.run([sys.executable, "-m", "ember", "--no-train", "--out", str(out)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_tour_runs_cleanly(ember_tour):
    assert ember_tour.returncode == 0, ember_tour.stderr
    assert ember_tour.stderr == ""
    stmts = [s for s, _ in _blocks(ember_tour.stdout)]
    # it opens with its first step's heading, not a bare '>>> import torch'
    assert ember_tour.stdout.splitlines()[0] == "== 1/5  ember, used as torch: the article's session, replayed =="
    assert stmts[0] == "import ember as torch"
    # the seed session and the z = w*x + b graph are both in the tour
    for needed in ["x = torch.ones(2)", "x.requires_grad = True", "z = 4*x", "y = z.norm", "y = z.norm()",
                   "y.backward()", "x.grad", "z.grad", "z.retain_grad", "z = w * x + b", "z.grad_fn.next_functions",
                   "loss.backward()", "w.grad", "b.grad"]:
        assert needed in stmts, f"tour lacks {needed!r}"


def test_tour_matches_torch_block_by_block(ember_tour):
    blocks = _blocks(ember_tour.stdout)
    expected = _torch_transcript([s for s, _ in blocks])
    assert len(blocks) > 20
    for (stmt, got), want in zip(blocks, expected):
        got_m = [_mask(x) for x in got]
        want_m = [_mask(x) for x in want]
        assert len(got_m) == len(want_m), f">>> {stmt}\n ember: {got_m}\n torch: {want_m}"
        for g, w in zip(got_m, want_m):
            if w.startswith("<stdin>:1: "):
                assert g.startswith(w), f">>> {stmt}\n ember: {g!r}\n torch: {w!r}"  # ember may append text
            else:
                assert g == w, f">>> {stmt}\n ember: {g!r}\n torch: {w!r}"


def test_tour_addresses_are_real_and_distinct(ember_tour):
    addrs = _ADDR.findall(ember_tour.stdout)
    assert len(addrs) >= 4
    assert len(set(addrs)) == len(addrs)
