"""A missing tool fails the run under CI=true and skips locally: run pytest on one LaTeX test with
pdflatex hidden from PATH and read the exit status and the message."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ONE_LATEX_TEST = str(TESTS / "test_latex.py") + "::test_synthetic_document_compiles"


def path_without(tool):
    """PATH with every directory holding ``tool`` removed."""
    kept = [d for d in os.environ.get("PATH", "").split(os.pathsep)
            if d and not (Path(d) / tool).exists()]
    return os.pathsep.join(kept)


def run_latex_test_without_pdflatex(ci):
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PATH"] = path_without("pdflatex")
    assert shutil.which("pdflatex", path=env["PATH"]) is None
    if ci is not None:
        env["CI"] = ci
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
                           ONE_LATEX_TEST], cwd=TESTS.parent, env=env, capture_output=True, text=True,
                          timeout=300)


@pytest.mark.parametrize("ci", ["true", "1"])
def test_missing_pdflatex_fails_the_run_in_ci(ci):
    result = run_latex_test_without_pdflatex(ci)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output  # 1 = tests failed (not 0 = passed, not 4/5 = usage/no tests)
    # A failure at set-up is reported as an error; both make the run exit 1, neither is a pass or skip.
    assert re.search(r"\b1 (failed|error)\b", output), output
    assert not re.search(r"passed|skipped|xfail|xpass", output, re.IGNORECASE), output
    assert "pdflatex is missing" in output, output


def test_missing_pdflatex_skips_locally_with_the_reason():
    result = run_latex_test_without_pdflatex(None)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "1 skipped" in output and "pdflatex is missing" in output, output
