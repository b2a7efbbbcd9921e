"""``python -m ember``, run end to end in a temporary folder: its steps, options and files.

(tests/test_seed.py replays the tour's transcripts on torch and compares them line by line.)
"""
from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
HEADING = re.compile(r"^== (\d)/5  (.+) ==$")


def run_tour(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "ember", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def full_tour(tmp_path_factory):
    out = tmp_path_factory.mktemp("pictures")
    done = run_tour("--out", str(out), cwd=tmp_path_factory.mktemp("cwd"))
    return done, out


def test_five_steps_each_with_a_heading(full_tour):
    done, _ = full_tour
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    headings = [HEADING.match(line) for line in done.stdout.splitlines()]
    steps = [int(m.group(1)) for m in headings if m]
    assert steps == [1, 2, 3, 4, 5]
    assert done.stdout.splitlines()[0].startswith("== 1/5  ember, used as torch")


def test_the_graph_is_drawn_in_the_terminal(full_tour):
    done, _ = full_tour
    text = done.stdout
    step2 = text[text.index("== 2/5"):text.index("== 3/5")]
    for line in ("z  output  (3,) float32  value [0.6, -1.9, 6.1]", "└─ AddBackward0  alpha = 1",
                 "   ├─ MulBackward0", "   │  ├─ w  leaf  (3,) float32  value [0.5, -1, 2]",
                 "   └─ b  leaf  () float32  value 0.1"):
        assert line in step2.splitlines(), line
    step3 = text[text.index("== 3/5"):text.index("== 4/5")]
    assert "w  leaf  (3,) float32  value [0.5, -1, 2]  grad [1, 2, 3]  ✓" in step3


def test_files_written(full_tour):
    done, out = full_tour
    names = sorted(p.name for p in out.iterdir())
    assert names == ["ember-graph-backward.svg", "ember-graph.svg", "ember-loss.svg", "ember-model-graph.svg"]
    for name in names:
        assert f"{out / name}" in done.stdout        # each path is printed
        assert ET.parse(out / name).getroot().tag == SVG + "svg"
    graph = ET.parse(out / "ember-graph.svg").getroot()
    titles = {g.find(SVG + "text").text for g in graph.iter(SVG + "g") if g.get("class", "").startswith("node")}
    assert titles == {"x", "w", "b", "z", "MulBackward0", "AddBackward0"}


def test_training_lowers_the_loss_and_plots_it(full_tour):
    done, out = full_tour
    m = re.search(r"^(\d+) epochs in [\d.]+ s: loss ([\d.]+) -> ([\d.]+), accuracy ([\d.]+)%$", done.stdout, re.M)
    assert m, done.stdout
    epochs, first, last, accuracy = int(m.group(1)), float(m.group(2)), float(m.group(3)), float(m.group(4))
    assert last < first / 2 and accuracy > 80
    (line,) = ET.parse(out / "ember-loss.svg").getroot().iter(SVG + "polyline")
    assert len(line.get("points").split()) == epochs
    if importlib.util.find_spec("tqdm") is None:                                 # the plain progress bar
        assert re.search(rf"^\[#+\.*\] {epochs}/40 loss {last:.4f}$", done.stdout, re.M)


def test_pictures_default_to_the_current_folder_and_quiet(tmp_path):
    done = run_tour("--no-train", "--quiet", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ember-graph-backward.svg", "ember-graph.svg"]
    lines = done.stdout.splitlines()
    assert all(HEADING.match(x) or x.startswith("wrote ") or not x for x in lines), lines
    assert "(skipped: --no-train)" in done.stdout


def test_help(tmp_path):
    done = run_tour("--help", cwd=tmp_path)
    assert done.returncode == 0
    for option in ("--out DIR", "--no-train", "--quiet", "--help"):
        assert option in done.stdout
    assert list(tmp_path.iterdir()) == []
