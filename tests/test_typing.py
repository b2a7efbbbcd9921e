"""Type checkers see Tensor's whole surface: mypy types user-style code without errors.

The methods are bound at run time from ``ember/_tensor_methods.py``; for type checkers ``Tensor``
derives from that table (``TYPE_CHECKING`` only), so ``x.exp()`` and ``x * 2`` are typed from the
functions' annotations. ``tests/typing/user_code.py`` asserts the types a torch user expects.
"""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "typing" / "user_code.py"

def test_package_is_marked_typed():
    assert (ROOT / "ember" / "py.typed").is_file()

def test_mypy_types_user_code(tmp_path):
    import mypy  # noqa: F401  (a test dependency: fails, never skips, when missing)
    env = dict(os.environ, MYPYPATH=str(ROOT))
    # --follow-imports=silent: only the user's file is reported on, as for an installed package
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--follow-imports=silent", "--no-error-summary", "--show-error-codes",
         "--cache-dir", str(tmp_path / "mypy_cache"),
         "--python-version", f"{sys.version_info[0]}.{sys.version_info[1]}",
         str(SAMPLE)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr

def test_mypy_would_catch_a_wrong_type(tmp_path):
    """The check can fail: a deliberately wrong assertion is reported."""
    import mypy  # noqa: F401  (a test dependency: fails, never skips, when missing)
    bad = tmp_path / "bad.py"
    bad.write_text("from typing import assert_type\nimport ember\nassert_type(ember.ones(2).exp(), int)\n")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--follow-imports=silent", "--no-error-summary",
         "--cache-dir", str(tmp_path / "mypy_cache"), str(bad)],
        cwd=ROOT, env=dict(os.environ, MYPYPATH=str(ROOT)), capture_output=True, text=True, timeout=600)
    assert result.returncode == 1 and "assert-type" in result.stdout, result.stdout + result.stderr
