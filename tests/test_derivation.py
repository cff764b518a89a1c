import sympy as sp

from symopt.derivation import Derivation, Step, Table
from symopt.render import document

x = sp.Symbol("x")


def sample():
    return Derivation("Demo_1 & more", (
        Step("Objective", x**2 / 2, "f", "given"),
        Step("Gradient", x, r"\nabla f", "power rule, 50% of the work", name="gradient", key=True),
        Step("Closed form", kind="unknown", justification="no closed form for $x_k$"),
        Step("Result", 2 * x, "y", name="result", final=True),
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
