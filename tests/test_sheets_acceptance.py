"""Sheets of problems other than the lecture's (issue 16 acceptance): what a reader sees.

Each case was found by rendering the sheet to PNG and reading it: raw sympy in
prose (``Abs(ε - 1)``, ``Matrix([[1, 0, 0]])``), a mangled symbol name
(``\\mathtt{g\\_\\{k+1\\}...}``), a formula split into text and math
(``ceil(log(tol/...``), a capital A typeset as a word, and a vector of
eigenvalues 737 pt too wide.
"""

import re

import pytest
import sympy as sp

from symopt.cli import main
from symopt.derivation import Derivation, Step
from symopt.render import document
from symopt.render import prose_latex, prose_value

from needs import need_tool
from tools import OVERFULL_TOLERANCE_PT, compile_sheet, ink_fraction, overfull_boxes, page_images, prose_of

RAW_SYMPY = re.compile(r"Abs\(|Matrix\(|Max\(|Min\(|\\mathtt|\\operatorname\{ceil\}|\*\*")


def _sheet(argv, tmp_path, capsys):
    tex = tmp_path / "sheet.tex"
    assert main([*argv, "--latex", str(tex)]) == 0
    capsys.readouterr()
    return tex


@pytest.mark.slow
def test_gradient_descent_on_a_3d_quadratic_has_no_raw_sympy_in_prose(tmp_path, capsys):
    source = _sheet(["derive", "gradient-descent", "(x**2 + 2*y**2 + 3*z**2)/2", "--vars", "x,y,z",
                     "--start", "x=1,y=1,z=1"], tmp_path, capsys).read_text()
    assert not RAW_SYMPY.search(source), RAW_SYMPY.search(source)
    # the moduli |1 - eps*lambda| for lambda = 1, 2, 3 are typeset as mathematics
    assert r"|2\,\epsilon - 1|" in source or r"|2 \epsilon - 1|" in source
    # non-orthogonal gradients: a sentence, not an equation with a made-up symbol
    paragraph = next(line for line in source.splitlines() if "Consecutive gradients" in line)
    assert "not orthogonal" in paragraph.lower()
    assert r"\rho^k" in source   # the step count's justification is one formula


def test_prose_value_spells_what_prose_typesets():
    eps = sp.Symbol("epsilon")
    assert prose_value(sp.Abs(3 * eps - 1)) == "|3*ε - 1|"
    assert prose_value(sp.Matrix([[0, 1, 0]])) == "[0, 1, 0]"
    assert prose_value(sp.Matrix([[1, 2], [3, 4]])) == "[[1, 2], [3, 4]]"
    assert r"\operatorname{Abs}" not in prose_latex("|1 − ηλ| = " + prose_value(sp.Abs(eps - 1)))


def test_newton_sheet_typesets_the_linear_map_as_mathematics(tmp_path, capsys):
    source = _sheet(["derive", "newton", "x**4", "--vars", "x", "--start", "x=1"], tmp_path, capsys).read_text()
    assert "$N(x) = A x + d$" in source
    assert "$x_k = A^k x_0$" in source


@pytest.mark.latex
def test_a_vector_of_long_eigenvalues_is_broken_to_fit_the_page(pdflatex, tmp_path):
    x, y = sp.symbols("x y")
    radicand = sum(sp.Float(c, 15) * x**i * y**(8 - i) for i, c in enumerate(
        ["0.0413359788359788", "0.208333333333333", "0.396825396825397", "0.394775132275132", "1.0",
         "0.333333333333333", "0.952380952380952", "0.634920634920635", "0.107473544973545"]))
    head = 5 * x**4 - sp.Float("12.6") * x**2 + 24 * y**2
    values = sp.Matrix([head - sp.Float("24.592681838303") * sp.sqrt(radicand),
                        head + sp.Float("24.592681838303") * sp.sqrt(radicand)])
    tex = tmp_path / "sheet.tex"
    tex.write_text(document(Derivation("Long eigenvalues", [Step("Eigenvalues", values, sp.Symbol("lambda"))])))
    _, log = compile_sheet(tex, pdflatex)
    assert [w for w in overfull_boxes(log) if w > OVERFULL_TOLERANCE_PT] == []


SHEETS = [
    pytest.param(["derive", "gradient-descent", "(x**2 + 2*y**2 + 3*z**2)/2", "--vars", "x,y,z", "--start",
                  "x=1,y=1,z=1"], id="gd-3d"),
    pytest.param(["derive", "newton", "x**4", "--vars", "x", "--start", "x=1"], id="newton-x4"),
    pytest.param(["analyze", "(4 - 2.1*x**2 + x**4/3)*x**2 + x*y + (-4 + 4*y**2)*y**2", "--vars", "x,y"],
                 id="six-hump-camel"),
    pytest.param(["analyze", "(x**2+y**2-1)**2", "--vars", "x,y"], id="ring"),
]


@pytest.mark.slow
@pytest.mark.latex
@pytest.mark.parametrize("argv", SHEETS)
def test_other_problems_sheets_compile_cleanly(argv, pdflatex, tmp_path, capsys):
    pdftoppm = need_tool("pdftoppm")
    source = _sheet(argv, tmp_path, capsys).read_text()
    prose = prose_of(source)
    assert r"\_" not in prose and r"\{" not in prose
    assert not RAW_SYMPY.search(source)
    pdf, log = compile_sheet(tmp_path / "sheet.tex", pdflatex)
    assert [w for w in overfull_boxes(log) if w > OVERFULL_TOLERANCE_PT] == []
    for page in page_images(pdf, pdftoppm):
        assert 0.001 < ink_fraction(page) < 0.5


@pytest.mark.latex
def test_a_wide_2x2_matrix_power_is_broken_to_fit_the_page(pdflatex, tmp_path):
    # T^k of heavy-ball momentum with complex roots z = 5/8 ± i sqrt(7)/8 (trace 5/4, det 1/2), written by hand
    k = sp.Symbol("k", integer=True, nonnegative=True)
    z1, z2 = sp.Rational(5, 8) + sp.sqrt(7) * sp.I / 8, sp.Rational(5, 8) - sp.sqrt(7) * sp.I / 8
    c = sp.sqrt(7) * sp.I / 14
    T = sp.Matrix([[(sp.Rational(1, 2) + c) * z2**k + (sp.Rational(1, 2) - c) * z1**k, 4 * c * (z2**k - z1**k)],
                   [-2 * c * (z2**k - z1**k), (sp.Rational(1, 2) - c) * z2**k + (sp.Rational(1, 2) + c) * z1**k]])
    tex = tmp_path / "sheet.tex"
    tex.write_text(document(Derivation("Momentum", [Step("Mode: T^k", T, sp.Symbol("T") ** sp.Symbol("k"))])))
    _, log = compile_sheet(tex, pdflatex)
    assert [w for w in overfull_boxes(log) if w > OVERFULL_TOLERANCE_PT] == []


@pytest.mark.slow
@pytest.mark.latex
def test_momentum_sheet_with_complex_roots_fits(pdflatex, tmp_path, capsys):
    _sheet(["derive", "momentum", "(x**2 + 4*y**2)/2", "--vars", "x,y", "--start", "x=1,y=1", "--lr", "1/4",
            "--momentum", "1/2"], tmp_path, capsys)
    _, log = compile_sheet(tmp_path / "sheet.tex", pdflatex)
    assert [w for w in overfull_boxes(log) if w > OVERFULL_TOLERANCE_PT] == []


def test_products_with_greek_letters_in_prose_are_products_not_stars():
    # found on the 3-D sheet: "|2*ε - 1|" was typeset as |2^{*}\epsilon - 1|
    assert prose_latex("|2*ε - 1|") == r"$|2\,\epsilon - 1|$"
    assert prose_latex("x* + 1") == r"$x^{*} + 1$"


@pytest.mark.slow
def test_terminal_shows_max_and_abs_pretty_and_ascii_keeps_products(capsys):
    argv = ["derive", "gradient-descent", "(x**2 + 2*y**2 + 3*z**2)/2", "--vars", "x,y,z", "--start", "x=1,y=1,z=1"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "Max(Abs(" not in out and r"\max" not in out
    assert "max(│ε - 1│, │2⋅ε - 1│, │3⋅ε - 1│)" in out
    assert main([*argv, "--ascii"]) == 0
    out = capsys.readouterr().out
    assert "etalambda" not in out and "eta*lambda" in out


def test_roots_and_parenthesised_exponents_in_prose_are_mathematics():
    # found on the momentum sheet: "ρ = √2" was \backslash\mathrm{surd}2, "e^(±iθ)" a literal "^("
    assert prose_latex("ρ = √2") == r"$\rho = \sqrt{2}$"
    assert prose_latex("z^(k−j) P_z") == r"$z^{k-j} P_z$"


def test_momentum_complex_pair_is_explained_in_mathematics(tmp_path, capsys):
    source = _sheet(["derive", "momentum", "(x**2 + 4*y**2)/2", "--vars", "x,y", "--start", "x=1,y=1", "--lr", "1/4",
                     "--momentum", "1/2"], tmp_path, capsys).read_text()
    assert r"\backslash" not in source and r"\mathrm{surd}" not in source
    # tr = 1 + α - ελ = 5/4 and det = α = 1/2 at λ = 1 (by hand): ρ = √det = √2/2
    assert r"\rho = \sqrt{\det} = \frac{\sqrt{2}}{2}" in source
    assert r"\binom{k}{j}" in source
