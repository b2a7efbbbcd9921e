"""Docs that are literally true: generated files are current, documented examples run."""
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_derivatives_md_is_current():
    result = subprocess.run([sys.executable, "tools/gen_derivatives.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_derivatives_md_lists_the_ops():
    text = (ROOT / "docs" / "derivatives.md").read_text()
    for node in ("### MulBackward0", "### ExpBackward0", "### MaxBackward0", "### LinalgVectorNormBackward0"):
        assert node in text


EXCERPT = re.compile(r"<!-- excerpt: (\S+) -->\n```python\n(.*?)```", re.S)


def test_doc_excerpts_are_verbatim():
    """Each block marked ``<!-- excerpt: path -->`` in docs/ is copied from that file, so the
    worked examples say what the code says."""
    checked = 0
    for doc in (ROOT / "docs").glob("*.md"):
        for path, block in EXCERPT.findall(doc.read_text()):
            source = (ROOT / path).read_text()
            assert block in source, f"{doc.name}: the excerpt of {path} is no longer in it:\n{block}"
            checked += 1
    assert checked >= 8


CODE = re.compile(r"(?<![A-Za-z0-9])E(\d{1,2}[a-z]?)(?![0-9])")


def test_cited_error_codes_are_defined():
    """Every error code a test, doc or source comment cites (E4, E24b, ...) is defined in
    docs/errors.md."""
    defined = set(re.findall(r"^\| E(\d{1,2}[a-z]?) \|", (ROOT / "docs" / "errors.md").read_text(), re.M))
    assert {"1", "3", "4", "5b", "20", "24"} <= defined
    cited = {}
    files = [*ROOT.glob("tests/*.py"), *ROOT.glob("docs/*.md"), *ROOT.glob("ember/**/*.py"), ROOT / "README.md"]
    for path in files:
        for line in path.read_text().splitlines():
            if "noqa" in line:       # linters' codes (E402, ...) are not ours
                line = line.split("noqa")[0]
            for code in CODE.findall(line.replace("_E", " E")):
                cited.setdefault(code, path.name)
    missing = {f"E{c}": where for c, where in cited.items()
               if c not in defined and c.rstrip("abcdefghi") not in defined}
    assert not missing, f"error codes cited but not defined in docs/errors.md: {missing}"
