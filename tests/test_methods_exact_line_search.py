"""Exact line search: the lecture's exercise (R1), any 2-D quadratic (R1'), n-D (R2), non-quadratic f."""

import mpmath
import pytest
import sympy as sp

from symopt import Problem
from symopt.methods.exact_line_search import exact_line_search, exercise_problem
from symopt.problem import k


@pytest.fixture(scope="module")
def exercise():
    return exact_line_search(*exercise_problem())


def iterate(problem, start, steps, values):
    """Plain exact line search at 40 digits, independent of the library's recurrence."""
    with mpmath.workdps(40):
        return _iterate(problem, start, steps, values)


def _iterate(problem, start, steps, values):
    x = [mpmath.mpf(sp.N(s.xreplace(values), 50)) for s in start]
    H = [[mpmath.mpf(sp.N(e.xreplace(values), 50)) for e in row] for row in problem.hessian.tolist()]
    out = [list(x)]
    for _ in range(steps):
        g = [sum(H[i][j] * x[j] for j in range(len(x))) for i in range(len(x))]
        gg = sum(gi * gi for gi in g)
        gHg = sum(g[i] * H[i][j] * g[j] for i in range(len(x)) for j in range(len(x)))
        if gg == 0:
            out.append(list(x))
            continue
        a = gg / gHg
        x = [xi - a * gi for xi, gi in zip(x, g)]
        out.append(list(x))
    return out


def test_exercise_step_is_constant_and_symbolic(exercise):
    b = exercise.problem.symbol("b")
    assert sp.simplify(exercise.step_size - 2 / (1 + b)) == 0
    rule = exercise.derivation.results["step_rule"]
    x, y = exercise.problem.variables
    assert sp.simplify(rule - (x**2 + b**2 * y**2) / (x**2 + b**3 * y**2)) == 0


def test_exercise_closed_form_is_boyds_with_explicit_sign(exercise):
    b = exercise.problem.symbol("b")
    closed = exercise.closed_form
    assert closed["x"].has(sp.Integer(-1) ** k)
    boyd_x = b * ((b - 1) / (b + 1)) ** k
    boyd_y = (-(b - 1) / (b + 1)) ** k
    with mpmath.workdps(40):
        for n in (0, 1, 2, 3, 10, 11, 50, 51):     # both parities
            for value in (sp.Rational(1, 10), sp.Rational(1, 2), sp.Rational(9, 10), 1):
                at = {k: n, b: value}
                assert closed["x"].xreplace(at) == boyd_x.xreplace(at)
                assert closed["y"].xreplace(at) == boyd_y.xreplace(at)


def test_exercise_against_an_independent_iteration_at_odd_and_even_k(exercise):
    b = exercise.problem.symbol("b")
    with mpmath.workdps(40):
        for value in (sp.Rational(1, 10), sp.Rational(3, 7)):
            run = iterate(exercise.problem, [value, sp.Integer(1)], 15, {b: value})
            for n in range(16):
                for name, got in zip("xy", run[n]):
                    expected = mpmath.mpf(sp.N(exercise.closed_form[name].xreplace({k: n, b: value}), 40))
                    assert abs(got - expected) <= mpmath.mpf(10) ** -35 * max(1, abs(expected))


def test_exercise_objective_orthogonality_and_verification(exercise):
    b = exercise.problem.symbol("b")
    gap = exercise.derivation.results["objective_gap"]
    E0 = b * (b + 1) / 2
    r = ((b - 1) / (b + 1)) ** 2
    for n in (0, 1, 5):
        assert sp.simplify(gap.subs(sp.Symbol("E_0"), E0).xreplace({k: n}) - r**n * E0) == 0
    assert exercise.orthogonal_gradients is True
    text = exercise.derivation.to_text()
    assert "General argument" in text and "Directly on the closed form" in text
    v = exercise.verification
    assert v.symbolic is True
    assert v.float64_max_rel_error < 1e-12
    assert v.mpmath_max_rel_error < 1e-45
    assert exercise.rate == (1 - b) / (b + 1)
    assert any(t.title == "Verification" for t in exercise.derivation.tables)


def test_numeric_b_in_the_expression():
    p = Problem.from_text("(x**2 + 0.1*y**2)/2", "x,y")
    r = exact_line_search(p, {"x": sp.Rational(1, 10), "y": 1})
    assert r.step_size == sp.Rational(20, 11)
    assert sp.simplify(r.closed_form["x"] - sp.Rational(1, 10) * sp.Rational(-9, 11) ** k) == 0
    assert r.verification.passed()


def test_any_two_dimensional_quadratic_is_geometric_every_two_steps():
    lam1, lam2 = sp.Integer(1), sp.Integer(4)
    x0, y0 = sp.Integer(1), sp.Integer(1)
    r = exact_line_search(Problem.from_text("(x**2 + 4*y**2)/2", "x,y"), {"x": x0, "y": y0})
    c = r.derivation.results["two_step_factor"]
    formula = lam1 * lam2 * x0**2 * y0**2 * (lam1 - lam2) ** 2 / (
        (lam1 * x0**2 + lam2 * y0**2) * (lam1**3 * x0**2 + lam2**3 * y0**2))   # R1'
    assert c == formula
    run = iterate(r.problem, [x0, y0], 9, {})
    with mpmath.workdps(40):
        for n in range(10):
            assert abs(run[n][0] - mpmath.mpf(sp.N(r.closed_form["x"].xreplace({k: n}), 40))) < 1e-30
    assert r.verification.symbolic is True and r.verification.float64_max_rel_error < 1e-12
    assert r.orthogonal_gradients is True


@pytest.mark.slow
def test_symbolic_two_dimensional_quadratic_with_a_cross_term():
    p = Problem.from_text("(x**2 + c*y**2)/2 + x*y/3", "x,y", "c>1")
    r = exact_line_search(p, {"x": 1, "y": 2}, steps=60)
    assert all(v is not None for v in r.closed_form.values())
    assert r.verification.symbolic is True and r.verification.mpmath_max_rel_error < 1e-40
    # near c = 3/2 the iterates reach x* almost at once and the float64 iteration loses digits: reported
    assert r.verification.float64_worst["k"] > 0


def test_three_variables_in_a_two_dimensional_eigen_subspace():
    p = Problem.from_text("(x**2 + 2*y**2 + 3*z**2)/2", "x,y,z")
    r = exact_line_search(p, {"x": 1, "y": 0, "z": 1})
    assert r.closed_form["y"] == 0 and r.closed_form["x"] is not None
    assert "eigen-subspace" in r.derivation.to_text()
    assert r.verification.passed()


def test_three_variables_in_general_position_has_no_closed_form_but_a_bound_and_a_run():
    p = Problem.from_text("(x**2 + 2*y**2 + 3*z**2)/2", "x,y,z")
    r = exact_line_search(p, {"x": 1, "y": 1, "z": 1})
    assert r.closed_form == {"x": None, "y": None, "z": None}
    assert not r.derivation.complete
    assert r.derivation.results["kantorovich_bound"] == sp.Rational(1, 4)   # ((3-1)/(3+1))^2
    assert r.to_json()["closed_form"]["x"] is None
    assert r.verification.float64_max_rel_error < 1e-12       # float64 run vs 50-digit run
    assert "holds" in r.derivation.to_text()


def test_non_quadratic_gives_the_step_equation_and_says_no_closed_form():
    r = exact_line_search(Problem.from_text("x**4 + y**2", "x,y"), {"x": 1, "y": 1})
    assert r.closed_form == {"x": None, "y": None}
    assert "step_equation" in r.derivation.results
    assert any("no closed form" in n for n in r.notes)


def test_start_at_the_minimiser():
    r = exact_line_search(Problem.from_text("(x**2 + y**2)/2", "x,y"), {"x": 0, "y": 0})
    assert r.closed_form == {"x": 0, "y": 0} and "stationary" in r.notes[0]
    assert r.verification.passed()
