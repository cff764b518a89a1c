"""Notebook displays: every public result type has a short rich repr; LaTeX compiles and stays in KaTeX's subset."""

import html.parser
import re
import shutil
import subprocess
import sys

import pytest

from symopt import Problem, analyze, check_answer, exact_line_search, gradient_descent, robbins_monro, run
from symopt.check import Verdict
from symopt.schedules import as_schedule

# Macros KaTeX documents as supported (https://katex.org/docs/supported.html) that symopt may emit; a
# repr using anything else could fail to render in JupyterLab/VS Code, so the test lists them by hand.
KATEX_MACROS = {
    "begin", "end", "aligned", "matrix", "left", "right", "frac", "dfrac", "tfrac", "sqrt", "text", "quad", "qquad",
    "infty", "sum", "in", "le", "ge", "lt", "gt", "cdot", "times", "boxed", "nabla", "kappa", "lambda", "epsilon",
    "alpha", "beta", "gamma", "delta", "mu", "nu", "rho", "sigma", "tau", "theta", "pi", "phi", "psi", "omega",
    "eta", "xi", "zeta", "chi", "log", "exp", "sin", "cos", "tan", "sinh", "cosh", "tanh", "operatorname",
    "mathrm", "max", "min", "textbackslash", "textasciicircum", "textasciitilde", "ldots", "cdots", "prime",
    "{", "}", "_", "&", "#", "%", "$", " ", ",", ";", "!", "\\", "tfrac",
}
LATEX_MACRO = re.compile(r"\\([A-Za-z]+|.)")


def _macros(latex):
    return set(LATEX_MACRO.findall(latex))


def _assert_katex_safe(latex):
    assert latex.startswith("$") and latex.endswith("$"), latex[:60]
    unknown = _macros(latex) - KATEX_MACROS
    assert not unknown, f"macros outside the KaTeX list: {sorted(unknown)}"
    depth = 0
    for ch in re.sub(r"\\[{}]", "", latex):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0
    assert depth == 0
    assert "\n" not in latex


@pytest.fixture(scope="module")
def problem():
    return Problem.from_text("(x**2 + b*y**2)/2", variables="x,y", assume="0<b<=1")


@pytest.fixture(scope="module")
def reprs(problem):
    """The LaTeX reprs of one instance of each result type, by name."""
    wrong = check_answer("((1-b)/(1+b))**k", "((b-1)/(b+1))**k", integer="k", assume="0<b<=1")
    hostile = Verdict(None, "parse", r"could not read \input{/etc/passwd} & 50% of $x^2_1$ ~ #", None)
    return {
        "method": gradient_descent(Problem.from_text("x**2/2", variables="x"), start="x=1", lr="1/2"),
        "analysis": analyze(problem),
        "verdict_true": check_answer("x + 1", "(x**2-1)/(x-1)"),
        "verdict_false": wrong,
        "verdict_hostile": hostile,
        "robbins_monro": robbins_monro("1/k"),
        "robbins_monro_parameter": robbins_monro("1/k**p", parameters="p"),
        "schedule": as_schedule("1/(k+1)"),
    }


def test_each_latex_repr_is_short_katex_safe_and_leads_with_the_result(reprs):
    for name, obj in reprs.items():
        latex = obj._repr_latex_()
        _assert_katex_safe(latex)
        assert len(latex) < 2_000, name
    first_row = reprs["method"]._repr_latex_().split(r"\\")[0]
    assert "x_{k}" in first_row and r"\frac{1}{2}" in first_row
    assert r"\text{minimum}" in reprs["analysis"]._repr_latex_().split(r"\\")[0]
    assert reprs["verdict_true"]._repr_latex_().startswith(r"$\begin{aligned}&\text{equivalent}")
    false = reprs["verdict_false"]._repr_latex_()
    assert false.startswith(r"$\begin{aligned}&\text{not equivalent} \quad k = 1")
    assert r"\text{reference }" in false and r"\text{yours }" in false
    assert r"\text{satisfies Robbins-Monro}" in reprs["robbins_monro"]._repr_latex_()


def test_user_text_in_a_repr_is_printed_not_executed(reprs):
    latex = reprs["verdict_hostile"]._repr_latex_()
    assert r"\input" not in latex
    assert r"\textbackslash{}input" in latex and r"\&" in latex and r"\%" in latex


def test_str_stays_plain_text(reprs):
    for name in ("verdict_true", "verdict_false", "schedule", "method"):
        text = str(reprs[name])
        assert "\\begin" not in text and "\\text{" not in text and not text.startswith("$")


@pytest.mark.latex
@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_all_latex_reprs_compile_with_pdflatex(reprs, tmp_path):
    body = "\n\n".join(obj._repr_latex_() for obj in reprs.values())
    document = ("\\documentclass{article}\n\\usepackage{amsmath}\n\\usepackage[T1]{fontenc}\n"
                "\\begin{document}\n" + body + "\n\\end{document}\n")
    (tmp_path / "reprs.tex").write_text(document)
    proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape",
                           "reprs.tex"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert (tmp_path / "reprs.pdf").stat().st_size > 0


class _Strict(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.tags = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in ("img", "br"):
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, f"unbalanced </{tag}>"


@pytest.fixture(scope="module")
def trajectory():
    problem = Problem.from_text("(x**2 + 0.1*y**2)/2", variables="x,y")
    return run("momentum", problem, [[1.0, 1.0], [-1.0, 2.0]], steps=40)


def test_trajectory_html_table_and_plot(trajectory):
    text = trajectory._repr_html_()
    parser = _Strict()
    parser.feed(text)
    assert not parser.stack
    assert "table" in parser.tags and "img" in parser.tags
    assert text.index("momentum") < text.index("<table>")
    assert text.count("<tr>") == 1 + trajectory.batch
    png = trajectory._repr_png_()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) < 100_000


def test_trajectory_without_matplotlib(trajectory, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert trajectory._repr_png_() is None
    assert "<img" not in trajectory._repr_html_() and "<table>" in trajectory._repr_html_()


def test_trajectory_repr_stays_text(trajectory):
    assert repr(trajectory).startswith("<Trajectory momentum")


def test_lecture_results_render_as_markdown_tables():
    from symopt.lecture import check_mlp_symmetries, run_cliff
    for result in (check_mlp_symmetries(), run_cliff(steps=30)):
        markdown = result._repr_markdown_()
        lines = markdown.strip().splitlines()
        assert lines[0].startswith("**") and lines[2] == "| quantity | value |"
        assert all(line.startswith("|") and line.endswith("|") for line in lines[2:])
        assert len(lines) <= 4 + 13
    assert "| count | 576 |" in check_mlp_symmetries(n=4, m=2)._repr_markdown_()   # (4!)^2, written by hand


def test_exact_line_search_repr_shows_boyds_closed_form(problem):
    result = exact_line_search(problem, start="x=b, y=1")
    latex = result._repr_latex_()
    _assert_katex_safe(latex)
    assert latex.split(r"\\")[0].startswith(r"$\begin{aligned}x_{k} &=")
    assert r"\text{step size} &= \frac{2}{b + 1}" in latex
