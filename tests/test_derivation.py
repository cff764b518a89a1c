import pytest
import sympy as sp

from symopt.derivation import Derivation, Step, Table
from symopt.quantities import Difference, Inner, Nabla, Norm, Star, Sub, Transposed
from symopt.render import document

x, f, y = sp.symbols("x f y")


def sample():
    return Derivation("Demo_1 & more", (
        Step("Objective", x**2 / 2, f, "given"),
        Step("Gradient", x, Nabla(f), "power rule, 50% of the work", name="gradient", key=True),
        Step("Closed form", kind="unknown", justification="no closed form for $x_k$"),
        Step("Result", 2 * x, y, name="result", final=True),
    ), (Table("Check", ("k", "error"), (("1", "1e-16"),)),))


def test_results_are_read_from_the_steps():
    d = sample()
    assert d.results == {"gradient": x, "result": 2 * x}
    assert d.result == 2 * x
    assert not d.complete


def test_renderers_contain_every_step():
    d = sample()
    text, markdown, latex = d.to_text(), d.to_markdown(), d.to_latex()
    for title in ("Objective", "Gradient", "Closed form", "Result"):
        assert title in text and title in markdown and title in latex
    assert r"\boxed{2 x}" in latex and r"\begin{align}" in latex and r"\label{eq:d1-4}" in latex
    assert "$$" in markdown and "| k | error |" in markdown
    assert "[no closed form known]" in text
    assert r"50\% of the work" in latex  # prose escaped, math kept
    assert "$x_k$" in latex
    assert d._repr_latex_().startswith("$")


def test_key_steps_keep_only_key_and_final_steps():
    assert [s.title for s in sample().key_steps().steps] == ["Gradient", "Result"]


def test_document_is_complete_and_escapes_title():
    text = document(sample())
    assert text.startswith(r"\documentclass") and r"\usepackage{amsmath,amssymb}" in text
    assert r"Demo\_1 \& more" in text and text.rstrip().endswith(r"\end{document}")


def test_a_step_is_mathematics_not_a_label():
    with pytest.raises(TypeError, match="sympy objects"):
        Step("Gradient", x, r"\nabla f")
    with pytest.raises(ValueError, match="relation"):
        Step("Step size", sp.Interval(0, 1), sp.Symbol("eta"), relation="")
    k, eta = sp.symbols("k eta")
    step = Step("Convergence", sp.Interval.open(0, 2), eta, relation="in")
    assert step.statement == sp.Contains(eta, sp.Interval.open(0, 2), evaluate=False)
    assert Step("Gradient", 2 * x, Nabla(f)).statement == sp.Eq(Nabla(f), 2 * x, evaluate=False)
    assert Step("A note", kind="note", justification="prose").statement is None
    # the sides are sympy objects: a substitution reaches the symbols inside a quantity
    assert Sub(x, k + 1).subs(k, 2) == Sub(x, 3)


def test_each_printer_spells_the_quantities_from_the_same_data():
    from symopt.render import pretty
    k, eps, theta = sp.symbols("k epsilon theta")
    d = Derivation("Quantities", (
        Step("Distance", sp.Integer(1), Norm(Difference(Sub(theta, k + 1), Star(theta))), key=True),
        Step("Inner", sp.Integer(0), Inner(Sub(sp.Symbol("g"), k + 1), Sub(sp.Symbol("g"), k))),
        Step("Gradient", 2 * x, Transposed(Nabla(f))),
        Step("Bound", eps / 2, eps, ("half of ", 1 / (2 * sp.Symbol("L")), ", the largest step"), relation="<="),
    ))
    latex, text = d.to_latex(), d.to_text()
    assert r"\|\theta_{k+1} - \theta^{*}\| &= 1" in latex
    assert r"g_{k+1}^{T} g_{k} &= 0" in latex and r"\nabla f^{T} &= 2 x" in latex
    assert r"\epsilon &\le \frac{\epsilon}{2}" in latex
    assert "||theta_{k+1} - theta*|| = 1" in text and "g_{k+1}^T g_k = 0" in text
    assert "(half of 1/(2*L), the largest step)" in text
    # renaming is applied to the symbols inside the quantities, in every medium
    renamed_latex = d.to_latex(step_symbol="eta", parameter_symbol="w")
    assert r"\|w_{k+1} - w^{*}\|" in renamed_latex and r"\eta &\le \frac{\eta}{2}" in renamed_latex
    assert "||w_{k+1} - w*|| = 1" in d.to_text(parameter_symbol="w")
    assert "‖wₖ₊₁ - w*‖ = 1" in pretty(d, parameter_symbol="w")
