"""Fixed-step gradient descent on quadratics (R3): eigenbasis closed form, region, η*, rate, step count."""

import numpy as np
import sympy as sp

from symopt import Problem
from symopt.methods.exact_line_search import exercise_problem
from symopt.methods.gradient_descent import gradient_descent
from symopt.problem import k


def test_symbolic_step_closed_form_optimal_step_and_rate():
    r = gradient_descent(*exercise_problem())
    b = r.problem.symbol("b")
    eps = sp.Symbol("epsilon", positive=True)
    assert sp.simplify(r.closed_form["x"] - b * (1 - eps) ** k) == 0
    assert sp.simplify(r.closed_form["y"] - (1 - b * eps) ** k) == 0
    assert r.extras["optimal_step"] == 2 / (b + 1)
    assert r.extras["optimal_rate"] == (1 - b) / (b + 1)
    assert r.derivation.results["convergence_condition"] == sp.Interval.open(0, 2)
    assert r.verification.passed() and r.verification.symbolic is True
    assert r.orthogonal_gradients is False


def test_negative_factor_gets_an_explicit_sign_and_odd_k_is_right():
    p = Problem.from_text("x**2 + x*y + y**2 - x", "x,y")
    r = gradient_descent(p, {"x": 1, "y": 2}, lr=sp.Rational(1, 2))
    assert r.closed_form["x"].has(sp.Integer(-1) ** k)
    x = np.array([1.0, 2.0])
    H = np.array([[2.0, 1.0], [1.0, 2.0]])
    c = np.array([-1.0, 0.0])
    for n in range(12):
        closed = [float(r.closed_form[v].xreplace({k: n})) for v in "xy"]
        assert np.allclose(closed, x, rtol=1e-14, atol=1e-15), n
        x = x - 0.5 * (H @ x + c)
    assert r.rate == sp.Rational(1, 2)
    assert r.extras["steps_to_tolerance"] == 22


def test_steps_to_tolerance_is_enough_and_tight():
    p = Problem.from_text("(x**2 + 10*y**2)/2", "x,y")
    r = gradient_descent(p, {"x": 1, "y": 1}, lr=sp.Rational(1, 10), tolerance=1e-6, verify_result=False)
    count = int(r.extras["steps_to_tolerance"])
    x = np.array([1.0, 1.0])
    for _ in range(count):
        x = x - 0.1 * np.array([1.0, 10.0]) * x
    assert np.linalg.norm(x) <= 1e-6 * (1 + 1e-9)
    assert r.rate == sp.Rational(9, 10)


def test_step_outside_the_region_still_derives_and_names_the_growing_mode():
    r = gradient_descent(*exercise_problem(), lr=3)
    b = r.problem.symbol("b")
    assert r.closed_form["x"] == (-2) ** k * b
    assert any("diverges" in n and "λ = 1" in n for n in r.notes)
    assert r.rate == 2
    assert r.verification.passed()      # the closed form is right although the run diverges


def test_non_quadratic_is_refused_in_one_line():
    import pytest
    from symopt.errors import ProblemError
    with pytest.raises(ProblemError, match="quadratic"):
        gradient_descent(Problem.from_text("x**4 + y**2", "x,y"), {"x": 1, "y": 1})


def test_parameter_values_contradicting_assumptions_are_refused():
    import pytest
    from symopt.errors import ProblemError
    with pytest.raises(ProblemError, match="contradicts"):
        gradient_descent(*exercise_problem(), parameter_values={"b": 2.0})
