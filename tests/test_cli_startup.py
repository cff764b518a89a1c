"""Lazy start-up: ``import symopt`` and the command's help load neither sympy nor numpy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("sympy", "numpy", "mpmath")


def _imported(*arguments, code=None):
    """The top-level packages a fresh ``python -X importtime`` process imported (from its import-time lines)."""
    argv = [sys.executable, "-X", "importtime"] + (["-c", code] if code else ["-m", "symopt", *arguments])
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    assert "symopt" in names  # the lines were read
    return names


@pytest.mark.parametrize("arguments", [
    ("--help",), ("--version",), ("analyze", "--help"), ("derive", "--help"), ("run", "--help"),
    ("schedule", "--help"), ("check", "--help"), ("lecture", "--help"), ("lecture", "batchnorm", "--help"),
    ("lecture", "saddles", "--help"),
])
def test_help_and_version_load_neither_sympy_nor_numpy(arguments):
    assert not _imported(*arguments) & set(HEAVY)


def test_import_symopt_loads_neither_sympy_nor_numpy():
    code = "import symopt, symopt.cli; symopt.cli.build_parser(); assert symopt.__version__"
    assert not _imported(code=code) & set(HEAVY)


def test_check_does_not_load_numpy():
    # the subcommand itself (not only its help): sampling is mpmath's
    code = ("import io, sys\n"
            "from symopt.cli import build_parser, execute\n"
            "args = build_parser().parse_args(['check', 'x**2', 'x*x'])\n"
            "sys.stdout = io.StringIO()\n"
            "status, output, error = execute(args)\n"
            "assert status == 0 and output.startswith('equivalent'), (status, output, error)\n")
    names = _imported(code=code)
    assert "sympy" in names and "numpy" not in names


def test_the_public_api_is_complete_and_lazy():
    import symopt
    for name in symopt.__all__:
        assert getattr(symopt, name) is not None
    assert set(symopt.__all__) <= set(dir(symopt))
    assert callable(symopt.verify) and callable(symopt.critical_points) and callable(symopt.check_batch)
    with pytest.raises(AttributeError):
        symopt.no_such_name  # noqa: B018


def test_the_help_states_the_library_choices():
    from symopt import analysis, check, parsing, plots
    from symopt.check import gradebook
    from symopt.cli import choices
    from symopt.optimizers import OPTIMIZERS
    assert choices.OPTIMIZER_NAMES == tuple(OPTIMIZERS)
    assert (choices.CHECK_MODES, choices.CHECK_FLOOR) == (check.MODES, check.DEFAULT_FLOOR)
    assert choices.ANSWER_FORMATS == parsing.ANSWER_FORMATS
    assert choices.REPORT_FORMATS == gradebook.REPORT_FORMATS
    assert (choices.ANALYZE_EXPRESSION, choices.ANALYZE_VARIABLES, choices.ANALYZE_ASSUMPTIONS) == (
        analysis.DEFAULT_EXPRESSION, analysis.DEFAULT_VARIABLES, analysis.DEFAULT_ASSUMPTIONS)
    assert choices.PLOT_DEFAULT == plots.PLOT_DEFAULT
