"""Golden files: the lecture's closing exercise f = (x² + b y²)/2, 0 < b <= 1, rendered three ways.

The goldens live in tests/golden/. After an intended change of the rendering
(or of the analysis derivation), regenerate them and review the diff:

    SYMOPT_REGENERATE_GOLDEN=1 python -m pytest tests/test_render_golden.py -q
    git diff tests/golden/
"""

import difflib
import os
from pathlib import Path

import pytest

from needs import in_ci

from symopt import render
from symopt.analysis import DEFAULT_ASSUMPTIONS, DEFAULT_EXPRESSION, DEFAULT_VARIABLES, analyze
from symopt.cli import main
from symopt.render import document

GOLDEN = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("SYMOPT_REGENERATE_GOLDEN") == "1"

def check_golden(name, actual):
    path = GOLDEN / name
    if REGENERATE and in_ci():
        pytest.fail("SYMOPT_REGENERATE_GOLDEN=1 under CI=true would rewrite the goldens instead of comparing")
    if REGENERATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"missing golden {path}; create it with SYMOPT_REGENERATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            f"golden/{name}", "rendered now"))
        pytest.fail(f"{name} differs from its golden (regenerate with SYMOPT_REGENERATE_GOLDEN=1 if intended):\n"
                    + diff)


def lecture_analysis(at=None):
    from symopt.problem import Problem
    problem = Problem.from_text(DEFAULT_EXPRESSION, DEFAULT_VARIABLES, DEFAULT_ASSUMPTIONS)
    return analyze(problem, at=at)


def test_cli_analyze_latex_and_text_goldens(tmp_path, capsys):
    out = tmp_path / "lecture.tex"
    assert main(["analyze", "--latex", str(out)]) == 0
    check_golden("lecture_analyze.txt", capsys.readouterr().out)
    check_golden("lecture_analyze.tex", out.read_text())


def test_markdown_golden():
    check_golden("lecture_analyze.md", render.markdown(lecture_analysis().derivation))


def test_solution_sheet_options_goldens():
    # the exercise's start point (b, 1): the best step along -g is R1's exact line-search step
    derivation = lecture_analysis(at="x=b,y=1").derivation
    options = dict(key_steps=True, step_symbol="eta", parameter_symbol="theta")
    check_golden("lecture_sheet_key_eta.tex", document(derivation, title="Exercise: exact line search", **options))
    check_golden("lecture_sheet_key_eta.md", render.markdown(derivation, title="Exercise: exact line search",
                                                             **options))
    check_golden("lecture_sheet_key_eta.txt", render.text(derivation, title="Exercise: exact line search",
                                                          **options) + "\n")


def test_goldens_state_the_lecture_results():
    # the goldens are reviewed text, but the key facts are asserted independently here
    tex = (GOLDEN / "lecture_analyze.tex").read_text()
    assert r"\kappa &= \frac{1}{b}" in tex
    sheet = (GOLDEN / "lecture_sheet_key_eta.tex").read_text()
    assert r"\eta^{*} &= \frac{2}{b + 1}" in sheet and r"\epsilon" not in sheet


def test_derive_exercise_goldens(tmp_path, capsys):
    # The exercise as `symopt derive` writes it; the numeric verification is left out because its
    # last digits depend on the platform's floating point, and is asserted in test_cli_derive.
    tex, md = tmp_path / "exercise.tex", tmp_path / "exercise.md"
    assert main(["derive", "--no-verification", "--latex", str(tex), "--markdown", str(md),
                 "--title", "Exercise: exact line search"]) == 0
    capsys.readouterr()
    check_golden("lecture_derive.tex", tex.read_text())
    check_golden("lecture_derive.md", md.read_text())
    from symopt.methods import exact_line_search, exercise_problem
    problem, start = exercise_problem()
    result = exact_line_search(problem, start, verify_result=False)
    check_golden("lecture_derive.txt", render.text(result.derivation) + "\n")
    assert r"\boxed{" in tex.read_text() and "g_{k+1}^T g_k = 0" in result.derivation.to_text()


@pytest.mark.latex
def test_golden_documents_compile(pdflatex, tmp_path):
    from test_latex import compile_tex
    for name in ("lecture_analyze.tex", "lecture_sheet_key_eta.tex", "lecture_derive.tex"):
        compile_tex((GOLDEN / name).read_text(), tmp_path, pdflatex, name=Path(name).stem)
