"""Notebook displays of result types the first tests did not cover (issue 17 acceptance).

Found by displaying one of each: ``derive_matrix_power``'s result raised in
``_repr_latex_``; a family of critical points showed as ``x = x, y = y``; an
incomplete list of critical points did not say so (the note was cut); lecture
tables showed formulas as escaped Python (``2\\*sigma\\*\\*2/3``).
"""

import re
import shutil
import subprocess

import pytest

from symopt import Problem, analyze, check_answer, derive_matrix_power, newton, parse_matrix, run
from symopt.notebook import lecture_markdown

R_LABEL = re.compile(r"\bR(1[0-5]|[1-9])\b")


@pytest.fixture(scope="module")
def reprs():
    P = Problem.from_text
    return {
        "matrix_power": derive_matrix_power(parse_matrix("[[1/2, 1], [0, 2]]")),
        "newton": newton(P("x**4", variables="x"), start="x=1"),
        "ring": analyze(P("(x**2+y**2-1)**2", variables="x,y")),
        "undetermined": check_answer("x", r"\input{x}"),
        "latex_false": check_answer("sin(2*x)", r"\cos x \sin 2x", variables="x"),
    }


def test_matrix_power_result_displays_the_entries_of_w_to_the_k(reprs):
    latex = reprs["matrix_power"]._repr_latex_()
    # W = [[1/2, 1], [0, 2]]: (W^k)_{11} = (1/2)^k and (W^k)_{22} = 2^k (upper triangular, by hand)
    assert r"\left(W^{k}\right)_{11} &= \left(\frac{1}{2}\right)^{k}" in latex
    assert r"\left(W^{k}\right)_{22} &= 2^{k}" in latex


def test_a_family_of_critical_points_shows_its_equation(reprs):
    latex = reprs["ring"]._repr_latex_()
    assert "x = x" not in latex
    assert r"x^{2} + y^{2} - 1 = 0" in latex and "non-strict minimum" in latex
    assert r"x = 0,\ y = 0 \quad \text{maximum}" in latex   # f = (r^2 - 1)^2 peaks at the origin


@pytest.mark.slow
def test_an_incomplete_search_says_so_before_the_list_is_cut():
    latex = analyze(Problem.from_text("sin(x)*cos(y)", variables="x,y"))._repr_latex_()
    first = latex.split(r" \\ ")[0]
    assert "not all critical points" in first


def test_lecture_tables_typeset_formulas():
    from symopt import batch_normalization
    md = lecture_markdown(batch_normalization(3))
    # E[sigma_hat^2] = (m-1)/m sigma^2 = 2 sigma^2/3 for m = 3 (Bessel), typeset, not escaped Python
    assert r"$\frac{2 \sigma^{2}}{3}$" in md
    assert r"\*\*" not in md.split("folding")[0]
    # E is the running mean there, not Euler's number
    assert r"\frac{E \gamma}" in md


@pytest.mark.latex
@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_these_reprs_compile_and_carry_no_labels_or_python_powers(reprs, tmp_path):
    bodies = [obj._repr_latex_() for obj in reprs.values()]
    for body in bodies:
        assert not R_LABEL.search(body) and "**" not in body
    document = ("\\documentclass{article}\n\\usepackage{amsmath}\n\\usepackage[T1]{fontenc}\n"
                "\\begin{document}\n" + "\n\n".join(bodies) + "\n\\end{document}\n")
    (tmp_path / "reprs.tex").write_text(document)
    proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape",
                           "reprs.tex"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout[-2000:]


def test_a_diverged_run_shows_its_status():
    trajectory = run("sgd", Problem.from_text("x**2/2", variables="x"), [[1.0]], steps=30,
                     hyperparameters={"epsilon": 3.0})
    # |1 - 3| = 2 > 1: the iterate doubles in size every step (by hand), so it cannot converge
    html = trajectory._repr_html_()
    assert "<table>" in html and "converged" not in html
