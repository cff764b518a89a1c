"""Solution sheets a teacher would hand out: mathematics in prose, citations, structure, and the pages.

The page tests compile every sheet the command line writes, render its pages with
pdftoppm and look at them: each page carries ink, pdflatex reports no overfull box
wider than 5 pt, and the prose holds neither escaped ``\\_``/``\\{`` nor labels of the
project's private reference list.
"""

import io
import re
import tokenize
from pathlib import Path

import pytest
import sympy as sp

from symopt.citations import LABELS, WORKS, replace_labels, works_cited
from symopt.cli import main
from symopt.derivation import Derivation, Step, Table
from symopt.errors import SymoptError
from symopt.render import document
from symopt.render import markdown, math_segments, prose_latex, prose_markdown, text

from needs import need_tool
from tools import OVERFULL_TOLERANCE_PT, compile_sheet, ink_fraction, overfull_boxes, page_images, prose_of

PACKAGE = Path(__file__).resolve().parent.parent / "symopt"
LABEL = re.compile(r"\bR(1[0-5]|[1-9])'?(?![\w'])")


# --- mathematics in prose -------------------------------------------------------------------------

@pytest.mark.parametrize("prose, latex", [
    ("Step at x_0", r"Step at $x_0$"),
    ("x_0 − α_0 g_0", r"$x_0 - \alpha_0 g_0$"),
    ("So x_{k+1} − x* = (I − α_0 H)(x_k − x*), a linear recurrence",
     r"So $x_{k+1} - x^{*} = (I - \alpha_0 H)(x_k - x^{*})$, a linear recurrence"),
    ("φ'(α) = −∇f(x − αg)ᵀg", r"$\varphi'(\alpha) = -\nabla f(x - \alpha g)^{T}g$"),
    ("Assuming 0 < b ≤ 1", r"Assuming $0 < b \le 1$"),
    ("9.3e-14 (k<=25) -> 1.7e-13", r"$9.3 \cdot 10^{-14} (k\le25) \to 1.7 \cdot 10^{-13}$"),
    ("Polyak's heavy ball, a classic", "Polyak's heavy ball, a classic"),
    ("float64 run vs closed form (lambdified, cse=True)", "float64 run vs closed form (lambdified, cse=True)"),
])
def test_mathematics_in_prose_is_typeset_as_mathematics(prose, latex):
    assert prose_latex(prose) == latex


def test_markdown_and_text_get_the_same_mathematics():
    assert prose_markdown("Step at x_{k+1}") == "Step at $x_{k+1}$"
    d = Derivation("D", (Step("Error growth", sp.Integer(1), sp.Symbol("e"), "9e-14 (k<=25) -> 2e-13"),))
    assert "(k≤25) → 2e-13" in text(d)


def test_segments_leave_words_and_articles_alone():
    pieces = math_segments("a linear map, a > 0, and x in [0, 1]")
    assert [p for is_math, p in pieces if is_math] == ["a > 0", "x"]


def test_user_text_with_macros_is_never_mathematics():
    tex = prose_latex(r"x_1 \input{/etc/passwd} & 50%")
    assert r"\input" not in tex.replace(r"\textbackslash{}input", "")


# --- citations ------------------------------------------------------------------------------------

def test_every_label_has_a_citation_of_a_listed_work():
    for label, citation in LABELS.items():
        assert works_cited(citation), f"{label} cites {citation!r}, which names no work of WORKS"
    assert replace_labels("bound (R2); best step (R11)") == \
        "bound (Luenberger & Ye; Nocedal & Wright Thm 3.3); best step (Goodfellow et al. §4.3.1, §8.2.1)"


def test_no_reference_labels_in_the_package_strings():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "citations.py":
            continue
        source = path.read_text(encoding="utf-8")
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.STRING and LABEL.search(token.string):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{token.start[0]}")
    assert not found, f"labels of the private reference list in user-visible strings: {found}"


def test_bibliography_lists_exactly_the_works_cited():
    d = Derivation("Heavy ball", (Step("Rate", sp.Integer(1), sp.Symbol("rho"), "Polyak 1964; see also Goh, Distill 2017"),))
    tex = document(d)
    bibliography = tex[tex.index(r"\begin{thebibliography}"):tex.index(r"\end{thebibliography}")]
    assert bibliography.count(r"\bibitem") == 2
    assert "B. T. Polyak" in bibliography and "G. Goh" in bibliography
    assert r"\begin{thebibliography}" not in document(Derivation("Plain", (Step("S", sp.Integer(1), sp.Symbol("s")),)))
    md = markdown(d)
    assert "## References" in md and "1. B. T. Polyak, Some methods" in md  # entries are text, not mathematics


# --- structure ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def exercise_sheet(tmp_path_factory):
    out = tmp_path_factory.mktemp("exercise") / "ex.tex"
    assert main(["derive", "--latex", str(out)]) == 0
    return out


def test_exercise_sheet_structure(exercise_sheet, capsys):
    tex = exercise_sheet.read_text()
    capsys.readouterr()
    body = tex[tex.index(r"\maketitle"):]
    assert r"\title{Steepest descent with exact line search}" in tex
    assert "Steepest descent with exact line search" not in body.split(r"\section*{Solution}")[0].split("Asked.")[0]
    assert body.index(r"\section*{Problem}") < body.index(r"\section*{Solution}") < body.index("thebibliography")
    problem = body[body.index(r"\section*{Problem}"):body.index(r"\section*{Solution}")]
    assert r"\frac{b y^{2}}{2} + \frac{x^{2}}{2}" in problem and r"$0 < b \le 1$" in problem
    assert r"starting from $x_{0} =" in problem and "Asked." in problem and "orthogonal" in problem
    assert body.count(r"\boxed{") == 2  # x_k and y_k
    assert r"g_{k+1}^{T} g_{k} &= 0" in body  # the orthogonality proof
    table = body[body.index(r"\begin{table}"):body.index(r"\end{table}")]
    assert r"(k\le25) \to" in table and "->" not in table and "<=" not in table
    assert "Boyd and L. Vandenberghe" in body and "Luenberger" in body
    prose = prose_of(tex)
    assert r"\_" not in prose and r"\{" not in prose and not LABEL.search(prose)


def test_plot_is_embedded_and_unsafe_names_are_refused(tmp_path, capsys):
    tex, png = tmp_path / "ex.tex", tmp_path / "figures" / "p.png"
    png.parent.mkdir()
    assert main(["derive", "--steps", "20", "--latex", str(tex), "--plot", str(png)]) == 0
    capsys.readouterr()
    source = tex.read_text()
    assert r"\usepackage{graphicx}" in source and r"\includegraphics[width=0.75\linewidth]{figures/p.png}" in source
    assert png.read_bytes().startswith(b"\x89PNG")
    lecture_tex = tmp_path / "goe.tex"
    assert main(["lecture", "saddles", "--max-n", "2", "--samples", "500", "--plot", str(tmp_path / "goe.png"),
                 "--latex", str(lecture_tex)]) == 0
    capsys.readouterr()
    assert r"\includegraphics[width=0.75\linewidth]{goe.png}" in lecture_tex.read_text()
    assert "minima, against the dimension $n$" in lecture_tex.read_text()
    d = Derivation("D", (Step("S", sp.Integer(1), sp.Symbol("s")),))
    for name in ("a b.png", r"\input{x}.png", "x.png}{", "p.tex"):
        with pytest.raises(SymoptError):
            document(d, plot=name)


# --- the pages ------------------------------------------------------------------------------------

SHEETS = [
    pytest.param(["derive"], id="derive"),
    pytest.param(["analyze"], id="analyze"),
    pytest.param(["lecture", "batchnorm", "--m", "3"], id="lecture-batchnorm", marks=pytest.mark.slow),
    pytest.param(["lecture", "batchnorm", "--m", "m", "--no-verify"], id="lecture-batchnorm-m", marks=pytest.mark.slow),
    pytest.param(["lecture", "symmetry"], id="lecture-symmetry", marks=pytest.mark.slow),
    pytest.param(["lecture", "saddles", "--max-n", "3", "--samples", "2000"], id="lecture-saddles",
                 marks=pytest.mark.slow),
    pytest.param(["lecture", "surrogate", "--steps", "600"], id="lecture-surrogate", marks=pytest.mark.slow),
    pytest.param(["lecture", "cliff"], id="lecture-cliff", marks=pytest.mark.slow),
]


@pytest.mark.latex
@pytest.mark.parametrize("argv", SHEETS)
def test_pages_have_ink_no_overfull_boxes_and_clean_prose(argv, pdflatex, tmp_path, capsys):
    pdftoppm = need_tool("pdftoppm")
    tex = tmp_path / "sheet.tex"
    assert main([*argv, "--latex", str(tex)]) == 0
    capsys.readouterr()
    source = tex.read_text()
    prose = prose_of(source)
    assert r"\_" not in prose and r"\{" not in prose, "escaped underscores or braces in prose"
    assert not LABEL.search(source), "a label of the private reference list reached the sheet"
    pdf, log = compile_sheet(tex, pdflatex)
    too_wide = [w for w in overfull_boxes(log) if w > OVERFULL_TOLERANCE_PT]
    assert not too_wide, f"overfull boxes wider than {OVERFULL_TOLERANCE_PT} pt: {too_wide}"
    pages = page_images(pdf, pdftoppm)
    assert pages and len(list(tmp_path.glob("sheet-*.png"))) == len(pages)
    for number, page in enumerate(pages, 1):
        assert 0.001 < ink_fraction(page) < 0.5, f"page {number} looks blank (or black)"


# --- the terminal ---------------------------------------------------------------------------------

def test_terminal_output_is_pretty_unicode_and_fits_the_width(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    assert main(["analyze"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 100
    # (b y² + x²)/2 pretty printed: exponents above, fraction bars below
    objective = next(i for i, line in enumerate(lines) if line.startswith("    f(x, y) = "))
    assert "─" in lines[objective] and "2" in lines[objective - 2] and "b⋅y" in lines[objective - 1]
    assert "b*y**2" not in out and "assuming 0 < b ≤ 1" in out


def test_narrow_terminal_wraps_prose_and_tables(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    assert main(["derive", "--steps", "20"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= 60
    assert any("k≤25" in line or "k≤20" in line or "→" in line for line in lines)


def test_ascii_switch_and_json_unchanged(capsys):
    assert main(["analyze", "--ascii"]) == 0
    out = capsys.readouterr().out
    assert out.isascii() and "kappa = -" in out
    assert main(["analyze", "--json"]) == 0
    import json
    data = json.loads(capsys.readouterr().out)
    assert data["condition_number"] == "1/b"
