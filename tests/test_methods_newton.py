"""Newton (R6): one step on quadratics, saddle/maximum warnings, x⁴ gives (2/3)^k x₀, otherwise a run."""

import warnings

import pytest
import sympy as sp

from symopt import Problem
from symopt.errors import ProblemError
from symopt.methods.exact_line_search import exercise_problem
from symopt.methods.newton import newton
from symopt.problem import k


def test_one_step_on_a_quadratic_minimum():
    r = newton(*exercise_problem())
    assert [r.closed_form[v].xreplace({k: 0}) for v in "xy"] == [r.problem.symbol("b"), 1]
    assert [r.closed_form[v].xreplace({k: 3}) for v in "xy"] == [0, 0]
    assert r.extras["kind"] == "minimum" and not r.notes
    assert r.verification.passed()


@pytest.mark.parametrize("text, kind", [("x**2 - y**2 + x*y + x", "saddle"), ("-(x**2 + y**2) + 2*y", "maximum")])
def test_saddles_and_maxima_warn(text, kind):
    p = Problem.from_text(text, "x,y")
    with pytest.warns(UserWarning, match=kind):
        r = newton(p, {"x": 1, "y": 2})
    assert r.extras["kind"] == kind and kind in r.notes[0]
    x_star = r.extras["stationary_point"]
    assert sp.simplify(p.gradient.xreplace(dict(zip(p.variables, x_star)))) == sp.zeros(2, 1)
    assert r.to_json()["notes"] and r.verification.passed()


def test_x4_gives_two_thirds_to_the_k():
    r = newton(Problem.from_text("x**4", "x"), {"x": 3})
    assert r.closed_form["x"] == 3 * sp.Rational(2, 3) ** k
    assert r.rate == sp.Rational(2, 3)
    assert r.verification.symbolic is True and r.verification.passed()


def test_non_linear_newton_map_unrolls_and_runs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = newton(Problem.from_text("exp(x) - 2*x", "x"), {"x": 1})
    assert r.closed_form == {"x": None}
    assert "Iterate 2" in r.derivation.to_text()
    assert r.verification.float64_max_rel_error < 1e-13 and r.verification.mpmath_max_rel_error is None


def test_singular_hessian_is_a_one_line_error():
    with pytest.raises(ProblemError, match="singular"):
        newton(Problem.from_text("(x + y)**2", "x,y"), {"x": 1, "y": 1})
