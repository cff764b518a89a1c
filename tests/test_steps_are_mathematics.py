"""Derivation steps are mathematics: sympy sides, no printed values, and one printer that spells them.

The rule is checked two ways: statically (no module outside ``symopt/render`` builds a step from
printed text: no ``text_lhs``, no f-string that prints a sympy value into a step), and on the
derivations themselves (every side is a sympy object, every justification prose or prose and sympy
values, and each printer shows each step's left side).
"""

import ast
import pathlib

import pytest
import sympy as sp

import symopt
from symopt.derivation import RELATIONS, Step
from symopt.render import markdown, pretty, text

PACKAGE = pathlib.Path(symopt.__file__).parent
PRINTING_CALLS = {"sstr", "latex", "prose_value", "pretty", "pretty_print", "srepr"}


def _step_calls(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "Step":
            yield node


def _prints_a_value(node):
    """True when an argument is built by printing: an f-string or + of a printing call."""
    for inner in ast.walk(node):
        if isinstance(inner, ast.Call):
            name = getattr(inner.func, "id", getattr(inner.func, "attr", None))
            if name in PRINTING_CALLS:
                return True
    return False


def test_no_step_is_built_from_printed_text():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "render" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        for call in _step_calls(tree):
            where = f"{path.relative_to(PACKAGE)}:{call.lineno}"
            keywords = {k.arg: k.value for k in call.keywords}
            if "text_lhs" in keywords:
                offenders.append(f"{where} text_lhs")
            lhs = call.args[2] if len(call.args) > 2 else keywords.get("lhs")
            if isinstance(lhs, (ast.Constant, ast.JoinedStr)) and isinstance(getattr(lhs, "value", ""), str):
                offenders.append(f"{where} a string label")
            pieces = call.args[:1] + call.args[3:4] + [keywords[k] for k in ("title", "justification")
                                                        if k in keywords]
            if any(_prints_a_value(p) for p in pieces):
                offenders.append(f"{where} a sympy value printed into prose")
    assert not offenders, "steps built from printed text:\n" + "\n".join(offenders)


def _derivations():
    from symopt.analysis import analyze
    from symopt.lecture.batchnorm import batch_normalization
    from symopt.lecture.cliffs import cliff_derivation
    from symopt.lecture.saddles import hessian_kind
    from symopt.lecture.surrogate import surrogate_losses
    from symopt.lecture.symmetry import weight_space_symmetry
    from symopt.methods.exact_line_search import exact_line_search, exercise_problem
    from symopt.methods.gradient_descent import gradient_descent
    from symopt.methods.matrix_power import derive_matrix_power
    from symopt.methods.momentum import momentum, terminal_velocity
    from symopt.methods.newton import newton
    from symopt.problem import Problem
    from symopt.schedules.convergence import robbins_monro

    yield exact_line_search(*exercise_problem(), verify_result=False).derivation
    yield gradient_descent(*exercise_problem(), verify_result=False).derivation
    yield gradient_descent(*exercise_problem(), lr=3, verify_result=False).derivation  # diverges
    two = Problem.from_text("(x**2 + 4*y**2)/2", variables="x,y")
    yield momentum(two, {"x": 1, "y": 1}, lr=sp.Rational(1, 5), momentum=sp.Rational(1, 2),
                   verify_result=False).derivation
    yield momentum(two, {"x": 1, "y": 1}, verify_result=False).derivation
    yield terminal_velocity(verify_result=False).derivation
    yield newton(Problem.from_text("x**4 + y**2", variables="x,y"), {"x": 1, "y": 1},
                 verify_result=False).derivation
    yield derive_matrix_power(sp.Matrix([[1, 1], [0, 1]]), verify_result=False).derivation
    yield analyze(Problem.from_text("x**3 - 3*x + y**2", variables="x,y"), at="x=1,y=0").derivation
    yield robbins_monro(1 / (sp.Symbol("k", positive=True) + 1)).derivation
    yield robbins_monro(sp.Rational(1, 2) ** sp.Symbol("k", positive=True)).derivation
    yield hessian_kind(sp.Matrix([[2, 0], [0, -1]])).derivation
    yield surrogate_losses()
    yield weight_space_symmetry()
    yield cliff_derivation()
    yield batch_normalization(verify=False).derivation
    yield batch_normalization(m=None, verify=False).derivation


@pytest.fixture(scope="module")
def derivations():
    return list(_derivations())


def test_every_step_side_is_sympy_and_every_justification_prose_and_values(derivations):
    assert len(derivations) >= 8
    for derivation in derivations:
        for step in derivation.steps:
            assert step.relation in RELATIONS
            for side in (step.lhs, step.rhs):
                assert side is None or isinstance(side, (sp.Basic, sp.MatrixBase, bool, tuple, list, dict)), \
                    (derivation.title, step.title, type(side))
            assert not isinstance(step.lhs, str)
            for part in (step.title, step.justification):
                pieces = (part,) if isinstance(part, str) else part
                assert all(isinstance(p, (str, sp.Basic, sp.MatrixBase)) for p in pieces), (step.title, part)


def test_each_printer_shows_every_left_side(derivations):
    for derivation in derivations:
        as_text, as_markdown, as_pretty = text(derivation), markdown(derivation), pretty(derivation)
        for step in derivation.steps:
            if step.kind == "equation" and step.lhs is not None:
                assert "\\mathtt" not in derivation.to_latex(), derivation.title  # no name spelled as untrusted text
        assert as_text and as_markdown and as_pretty


def test_a_step_is_a_sympy_statement():
    k = sp.Symbol("k")
    from symopt.quantities import Star, Sub
    x = sp.Symbol("x")
    step = Step("Limit", Star(x), Sub(x, k), relation="=")
    assert step.statement == sp.Eq(Sub(x, k), Star(x), evaluate=False)
    assert step.statement.subs(k, 3).lhs == Sub(x, 3)


# A difference printed in its order must still mean a − b: the text is read back by symopt's own
# parser and compared, exactly, with the sympy difference (the truth computed without the printer).
_SYMBOLS = sp.symbols("a b c")


def _expressions():
    from hypothesis import strategies as st
    leaf = st.sampled_from(_SYMBOLS) | st.integers(-3, 3).map(sp.Integer)
    return st.recursive(leaf, lambda inner: st.tuples(inner, inner, st.sampled_from("+-*")).map(
        lambda t: t[0] + t[1] if t[2] == "+" else t[0] - t[1] if t[2] == "-" else t[0] * t[1]), max_leaves=6)


def test_a_difference_prints_what_it_means():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from symopt.parsing import parse_expression
    from symopt.quantities import Difference
    from symopt.render.quantities import text as spelled

    names = [s.name for s in _SYMBOLS]

    @settings(max_examples=150, deadline=None)
    @given(_expressions(), _expressions(), st.booleans())
    def check(first, second, nested):
        value = Difference(first, Difference(second, first) if nested else second)
        truth = first - ((second - first) if nested else second)
        assert sp.expand(parse_expression(spelled(value), names) - truth) == 0, spelled(value)

    check()
