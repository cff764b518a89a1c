"""Critical points: complete and certified for polynomial gradients, honest for the rest.

The truth is computed here, independently of symopt: a brute-force multistart
Newton (float64 from a grid, polished at 50 digits with mpmath), Hessian signs
from numpy.linalg.eigvalsh, exact substitution into sympy gradients, and
closed-form critical sets (sin x sin y) enumerated by hand.
"""

import itertools
import json
import math

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from symopt import Problem
from symopt.cli import main
from symopt.critical_points import find_critical_points
from symopt.critical_search import parse_box
from symopt.errors import ProblemError
from symopt.spectral import condition_number, eigen_decomposition

CAMEL = "4*x**2 - 21/10*x**4 + x**6/3 + x*y - 4*y**2 + 4*y**4"


# --- an independent brute force -------------------------------------------------------------------

def brute_force_critical_points(f, variables, radius=6.0, per_axis=41):
    """Real zeros of ∇f from a grid of Newton starts, polished at 50 digits; with numpy Hessian kinds."""
    gradient = [sp.diff(f, v) for v in variables]
    hessian = [[sp.diff(g, v) for v in variables] for g in gradient]
    g_np = sp.lambdify(variables, gradient, "numpy")
    h_np = sp.lambdify(variables, hessian, "numpy")
    g_mp = sp.lambdify(variables, gradient, "mpmath")
    h_mp = sp.lambdify(variables, hessian, "mpmath")
    n = len(variables)
    axes = [np.linspace(-radius, radius, per_axis)] * n
    x = np.stack([a.ravel() for a in np.meshgrid(*axes, indexing="ij")], axis=1)
    x = x + 1e-3 * np.arange(n)  # off the symmetry planes of the test functions
    count = len(x)

    def batch(function, points, shape):
        values = function(*points.T)
        rows = values if shape == (n,) else [v for row in values for v in row]
        flat = [np.broadcast_to(np.asarray(v, dtype=float), (count,)) for v in rows]
        return np.stack(flat, axis=1).reshape((count,) + shape)

    with np.errstate(all="ignore"):
        for _ in range(60):
            g, H = batch(g_np, x, (n,)), batch(h_np, x, (n, n))
            bad = ~(np.isfinite(g).all(axis=1) & np.isfinite(H).all(axis=(1, 2)))
            H[bad], g[bad] = np.eye(n), 0.0
            singular = np.abs(np.linalg.det(H)) < 1e-12
            H[singular], g[singular] = np.eye(n), 0.0
            x = x - np.linalg.solve(H, g[..., None])[..., 0]
        residual = np.abs(batch(g_np, x, (n,))).max(axis=1)
    x = x[residual < 1e-8 * (1 + np.abs(x).max(axis=1) ** 5)]
    found, tried = [], []
    with mpmath.workdps(50):
        for candidate in x:
            if not np.isfinite(candidate).all() or np.abs(candidate).max() > 1e6:
                continue
            if any(np.abs(candidate - t).max() < 1e-6 for t in tried):
                continue  # polished already
            tried.append(candidate)
            y = mpmath.matrix([mpmath.mpf(float(c)) for c in candidate])
            try:
                for _ in range(10):
                    y = y - mpmath.lu_solve(mpmath.matrix(h_mp(*y)), mpmath.matrix(g_mp(*y)))
            except (ZeroDivisionError, TypeError):
                # a singular Hessian: mpmath raises ZeroDivisionError, or, for an exactly zero column,
                # leaves a None pivot that fails as TypeError (z**2 + x*y*z at the origin)
                continue
            if mpmath.norm(mpmath.matrix(g_mp(*y))) > mpmath.mpf(10) ** -40:
                continue
            point = tuple(float(c) for c in y)
            if all(max(abs(a - b) for a, b in zip(point, p)) > 1e-9 for p, _ in found):
                eigenvalues = np.linalg.eigvalsh(np.array(h_np(*point), dtype=float).reshape(n, n))
                found.append((point, eigenvalues))
    return found


def numpy_kind(eigenvalues):
    if eigenvalues.min() > 1e-9 * max(1, abs(eigenvalues).max()):
        return "minimum"
    if eigenvalues.max() < -1e-9 * max(1, abs(eigenvalues).max()):
        return "maximum"
    return "saddle" if eigenvalues.min() < 0 < eigenvalues.max() else "degenerate"


def as_floats(point, variables):
    return tuple(float(point[v]) for v in variables)


def gradient_at(problem, point, digits=50):
    with mpmath.workdps(digits):
        return [abs(sp.N(g.xreplace(point), digits)) for g in problem.gradient]


def rounding_scale(problem, point):
    """How far the gradient may move when the point is rounded to the 20 digits it is shown with.

    A coordinate c shown to 20 significant digits is off by up to 1e-19·|c|, which moves the
    gradient by up to ‖H‖·1e-19·max|c|; the bound 1e-15 holds for points of size 1 and scales with
    the Hessian and the point's size beyond that.
    """
    with mpmath.workdps(50):
        hessian = max(abs(sp.N(h.xreplace(point), 50)) for h in problem.hessian)
        size = max(abs(sp.N(v, 50)) for v in point.values())
    return max(1, hessian * size)


# --- polynomial gradients: complete and certified --------------------------------------------------

def test_six_hump_camel_has_all_15_points_with_their_kinds():
    problem = Problem.from_text(CAMEL, "x,y")
    found = find_critical_points(problem, seconds=60)
    truth = brute_force_critical_points(problem.expression, list(problem.variables), radius=3)
    assert len(truth) == 15  # the literature's count (6 minima, 2 maxima, 7 saddles)
    assert sorted(numpy_kind(e) for _, e in truth).count("minimum") == 6
    assert found.complete and found.note == "all 15 critical points"
    ours = {as_floats(c.point, problem.variables): c.kind for c in found.points}
    for point, eigenvalues in truth:
        match = [kind for p, kind in ours.items() if max(abs(a - b) for a, b in zip(p, point)) < 1e-12]
        assert match == [numpy_kind(eigenvalues)]
    assert all(c.certificate.radius is not None and c.certificate.radius < 1e-25 for c in found.points)


def test_rosenbrock_with_parameters_and_with_numbers():
    problem = Problem.from_text("(a - x)**2 + b*(y - x**2)**2", "x,y", "b>0")
    found = find_critical_points(problem)
    assert found.complete
    [point] = found.points
    a, b = problem.symbol("a"), problem.symbol("b")
    assert all(sp.expand(g.xreplace(point.point)) == 0 for g in problem.gradient)
    assert point.kind == "minimum"
    for a_value, b_value in [(1, 100), (-3, 0.01), (0.5, 7)]:  # the Hessian there, by numpy
        H = np.array(problem.hessian.xreplace(point.point).xreplace({a: a_value, b: b_value}), dtype=float)
        assert np.linalg.eigvalsh(H).min() > 0
    numeric = find_critical_points(Problem.from_text("(1 - x)**2 + 100*(y - x**2)**2", "x,y"))
    assert numeric.complete and [(c.point, c.kind) for c in numeric.points] == [
        ({problem.variables[0]: 1, problem.variables[1]: 1}, "minimum")]


def test_rosenbrock_without_assumptions_is_split_by_cases_on_b():
    # two parameters, but the kind at (a, a²) turns only on b; truth from numpy at sample (a, b)
    problem = Problem.from_text("(a - x)**2 + b*(y - x**2)**2", "x,y")
    x, y = problem.variables
    a, b = problem.symbol("a"), problem.symbol("b")
    [point] = [c for c in find_critical_points(problem).points if c.family is None]
    assert point.point == {x: a, y: a**2}
    cases = dict(point.cases)
    assert set(cases) == {"b < 0", "b = 0", "b > 0"} and "undetermined" not in point.kind
    H = sp.lambdify((a, b), problem.hessian.xreplace(point.point), "numpy")
    expected = {}
    for b_value, when in [(-2.5, "b < 0"), (0.0, "b = 0"), (0.3, "b > 0")]:
        for a_value in (-4.0, 0.0, 1.7):
            ev = np.linalg.eigvalsh(np.array(H(a_value, b_value), dtype=float))
            expected.setdefault(when, set()).add(numpy_kind(ev))
    assert {when: {kind} for when, kind in cases.items()} == expected


def test_two_parameter_assumptions_are_used_by_interval_arithmetic():
    # b x² + b y² + c x y with b > 1, 0 < c < 1: by hand the eigenvalues 2b ± c are both > 0
    problem = Problem.from_text("b*x**2 + b*y**2 + c*x*y", "x,y", "b>1, 0<c<1")
    found = find_critical_points(problem)
    [point] = found.points
    b, c = problem.symbol("b"), problem.symbol("c")
    H = sp.lambdify((b, c), problem.hessian, "numpy")
    assert all(numpy_kind(np.linalg.eigvalsh(np.array(H(bv, cv), dtype=float))) == "minimum"
               for bv in (1.001, 3.0, 1e4) for cv in (1e-3, 0.5, 0.999))
    assert point.kind == "minimum" and found.complete


def test_lines_of_critical_points_are_families():
    problem = Problem.from_text("x**2*y**2", "x,y")
    found = find_critical_points(problem)
    assert found.complete and not found.isolated and len(found.families) == 2
    x, y = problem.variables
    equations = {c.family.equations[0] for c in found.families}
    assert equations == {x, y}
    for c in found.families:  # every point of the family is critical: check at a few
        for t in (-2, sp.Rational(1, 3), 5):
            at = {v: (t if e == v else e) for v, e in c.point.items()}
            assert all(sp.expand(g.xreplace(at)) == 0 for g in problem.gradient)
        assert c.kind == "non-strict minimum"  # f = x²y² >= 0 = f on the lines


def test_quadratic_with_singular_hessian_in_three_variables_is_an_affine_family():
    # ‖Ax - b‖² with rank A = 2: a line of least-squares minimisers; truth from numpy lstsq and eigvalsh
    A = np.array([[1.0, 1.0, 0.0], [0.0, 1.0, 1.0], [1.0, 0.0, -1.0]])
    rhs = np.array([1.0, 0.0, -3.0])
    problem = Problem.from_text("(x + y - 1)**2 + (y + z)**2 + (x - z + 3)**2", "x,y,z")
    found = find_critical_points(problem)
    [line] = found.points
    assert found.complete and found.note == "all 1 family of critical points"
    assert line.family.dimension == 3 - np.linalg.matrix_rank(A) == 1
    assert line.kind == "non-strict minimum" and np.linalg.eigvalsh(2 * A.T @ A).min() > -1e-12
    best = np.linalg.lstsq(A, rhs, rcond=None)[0]
    assert abs(float(line.value) - float(np.sum((A @ best - rhs) ** 2))) < 1e-12
    free = [v for v in problem.variables if line.point[v] == v]
    for t in (-2.0, 0.5, 7.0):  # every point of the reported line is critical
        at = {v: float(line.point[v].subs({w: t for w in free})) for v in problem.variables}
        assert np.abs(2 * A.T @ (A @ np.array(list(at.values())) - rhs)).max() < 1e-12
    [saddles] = find_critical_points(Problem.from_text("(x-y)**2 - (y-z)**2 + (z-x)**2", "x,y,z")).points
    by_hand = np.linalg.eigvalsh(np.array([[4.0, -2.0, -2.0], [-2.0, 0.0, 2.0], [-2.0, 2.0, 0.0]]))
    assert by_hand.min() < 0 < by_hand.max() and abs(np.sort(np.abs(by_hand))[0]) < 1e-12
    assert saddles.kind == "saddle" and saddles.family.dimension == 1


def test_circle_is_a_family_and_the_origin_an_isolated_maximum():
    problem = Problem.from_text("(x**2 + y**2 - 1)**2", "x,y")
    found = find_critical_points(problem)
    x, y = problem.variables
    assert found.complete
    [circle] = found.families
    assert sp.expand(circle.family.equations[0] - (x**2 + y**2 - 1)) == 0
    assert circle.kind == "non-strict minimum" and circle.value == 0
    for angle in (sp.Rational(3, 10), 2, sp.Rational(9, 2)):  # points on the circle are critical
        at = {x: sp.cos(angle), y: sp.sin(angle)}
        assert max(gradient_at(problem, at)) < 1e-40
    [origin] = found.isolated
    assert origin.point == {x: 0, y: 0} and origin.kind == "maximum"


def test_degenerate_points_are_proved_exactly():
    for text in ("x**4 + y**4", "x**3 - 3*x*y**2"):
        found = find_critical_points(Problem.from_text(text, "x,y"))
        assert found.complete and [c.kind for c in found.points] == ["degenerate"]


# --- multiple roots: isolated critical points where the Hessian is singular --------------------------

def exact_real_critical_points(f, variables):
    """The real solutions of ∇f = 0 from sympy's solve on the factored gradient, at 50 digits."""
    gradient = [sp.factor(sp.diff(f, v)) for v in variables]
    points = []
    for solution in sp.solve(gradient, variables, dict=True):
        assert set(solution) == set(variables), f"not zero-dimensional: {solution}"
        values = [sp.N(solution[v], 50) for v in variables]
        if all(abs(sp.im(c)) < 1e-40 for c in values):
            point = tuple(sp.re(c) for c in values)
            if all(max(abs(a - b) for a, b in zip(point, q)) > 1e-30 for q in points):
                points.append(point)
    return points


def kind_at(f, variables, point):
    """The kind from the Hessian's eigenvalues at 50 digits (|λ| < 1e-30 counts as a zero eigenvalue)."""
    at = dict(zip(variables, point))
    with mpmath.workdps(50):
        H = mpmath.matrix([[sp.N(sp.diff(f, v, w).xreplace(at), 50) for w in variables] for v in variables])
        eigenvalues = mpmath.eigsy(H, eigvals_only=True)
    positive = sum(1 for e in eigenvalues if e > 1e-30)
    negative = sum(1 for e in eigenvalues if e < -1e-30)
    if positive and negative:
        return "saddle"
    if positive + negative < len(variables):
        return "degenerate"
    return "minimum" if positive else "maximum"


def assert_exactly(found, truth, variables):
    assert found.complete and not found.families, found.note
    assert len(found.points) == len(truth), (found.note, truth)
    for point, kind in truth:
        matches = [c for c in found.points
                   if max(abs(sp.N(c.point[v], 50) - p) for v, p in zip(variables, point)) < 1e-18]
        assert len(matches) == 1, f"missed {point}"
        assert matches[0].kind == kind, (point, matches[0].kind, kind)


MULTIPLE_ROOTS = [
    ("x**3 + y**2 + y**5", "x,y", 2),  # (0, 0) and (0, -(2/5)**(1/3)): x = 0 is a double root of 3x²
    ("x**3 + y**4 - 2*y", "x,y", 1),  # (0, 2**(-1/3))
    ("x**3 + y**4/4 - 3*y**2/2 + y", "x,y", 3),  # y: the three real roots of y³ - 3y + 1
    ("x**5 + (y**3 - 3*y + 1)**2", "x,y", 5),
    ("y**3/3 - (x**3 - 2)**2*y", "x,y", 3),  # a triple zero of the first entry at x = 2**(1/3)
    ("(x + y)**3 + y**4 - 2*y", "x,y", 1),  # the double root on the slanted line x + y = 0
    ("x**3 + y**3 + z**4/4 - 3*z**2/2 + z", "x,y,z", 3),
    ("x**3 + y**3 - 3*y", "x,y", 2),
    ("x**4 + y**2 - y**3", "x,y", 2),
]


@pytest.mark.parametrize("text, names, count", MULTIPLE_ROOTS)
def test_isolated_multiple_roots_are_proved_and_the_list_is_complete(text, names, count):
    problem = Problem.from_text(text, names)
    variables = list(problem.variables)
    points = exact_real_critical_points(problem.expression, variables)
    assert len(points) == count  # the truth, as intended
    truth = [(p, kind_at(problem.expression, variables, p)) for p in points]
    found = find_critical_points(problem, seconds=60)
    assert_exactly(found, truth, variables)
    assert all(c.certificate.radius == 0 for c in found.points if c.kind == "degenerate")


def test_the_hypothesis_example_names_both_points_exactly():
    x, y = sp.symbols("x y")
    problem = Problem.from_expression(x**3 + y**2 + y**5, ["x", "y"])
    x, y = problem.variables
    found = find_critical_points(problem, seconds=120)
    assert found.note == "all 2 critical points"
    [low, origin] = found.points
    assert origin.point == {x: 0, y: 0} and low.point[x] == 0
    assert sp.expand(5 * low.point[y]**3 + 2) == 0 and low.point[y] < 0
    assert low.kind == origin.kind == "degenerate" and low.certificate.method == "exact substitution"
    assert sp.N(low.value - (low.point[y]**2 + low.point[y]**5), 50) == 0


def sheared_truth(a, m, b, shear, s):
    """Critical points and kinds of F(x, y) = s·a(x + shear·y)**m + b(y), found by hand.

    With u = x + shear·y, v = y: ∇F = 0 ⟺ a(u)^(m-1)·a'(u) = 0 and b'(v) = 0 (the shear is
    invertible), and the Hessian in (u, v) is diag(f_uu, b''), congruent to the one in (x, y).
    Roots of the squarefree parts by mpmath.polyroots at 50 digits.
    """
    u = sp.Symbol("u")
    f_u = sp.diff(s * a**m, u)

    def real_roots(expression):
        poly = sp.Poly(expression, u)
        if poly.degree() < 1:
            return []
        coefficients = [int(c) if c.is_Integer else mpmath.mpf(c.p) / c.q for c in poly.sqf_part().all_coeffs()]
        with mpmath.workdps(50):
            roots = mpmath.polyroots(coefficients, maxsteps=200, extraprec=200)
        return [mpmath.re(r) for r in roots if abs(mpmath.im(r)) < mpmath.mpf(10) ** -30]

    U = real_roots(f_u)
    V = real_roots(sp.diff(b, u))
    truth = []
    with mpmath.workdps(50):
        for p in U:
            for q in V:
                curvatures = [sp.N(sp.diff(f_u, u).subs(u, sp.Float(p, 50)), 50),
                              sp.N(sp.diff(b, u, 2).subs(u, sp.Float(q, 50)), 50)]
                signs = [0 if abs(c) < 1e-25 else (1 if c > 0 else -1) for c in curvatures]
                kind = ("saddle" if 1 in signs and -1 in signs else "degenerate" if 0 in signs
                        else "minimum" if signs[0] > 0 else "maximum")
                truth.append((tuple(sp.Float(mpmath.nstr(c, 45), 45) for c in (p - shear * q, q)), kind))
    return truth


small = st.integers(-3, 3)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(small, min_size=2, max_size=3), st.sampled_from([3, 4]), st.lists(small, min_size=3, max_size=4),
       st.sampled_from([1, 2]), st.sampled_from([-1, 0, 1]), st.sampled_from([1, -1, 2]))
def test_gradients_with_repeated_factors_every_critical_point_is_proved(a_coefficients, m, b_coefficients,
                                                                       power, shear, s):
    check_repeated_factors(a_coefficients, m, b_coefficients, power, shear, s)


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(small, min_size=2, max_size=3), st.sampled_from([3, 4]), st.lists(small, min_size=3, max_size=5),
       st.sampled_from([1, 2, 3]), st.sampled_from([-1, 0, 1, 2]), st.sampled_from([1, -1, 2]))
def test_gradients_with_higher_degree_repeated_factors(a_coefficients, m, b_coefficients, power, shear, s):
    check_repeated_factors(a_coefficients, m, b_coefficients, power, shear, s)


def check_repeated_factors(a_coefficients, m, b_coefficients, power, shear, s):
    # F = s·a(x + shear·y)^m + b(y)^power: the x-entry of ∇F has the factor a(x + shear·y)^(m-1)
    u = sp.Symbol("u")
    a = sp.Poly(a_coefficients, u).as_expr()
    b = sp.expand(sp.Poly(b_coefficients, u).as_expr() ** power)
    assume(sp.degree(a, u) >= 1 and sp.degree(b, u) >= 2)
    x, y = sp.symbols("x y")
    f = sp.expand(s * a.subs(u, x + shear * y) ** m + b.subs(u, y))
    truth = sheared_truth(a, m, b, shear, s)
    problem = Problem.from_expression(f, ["x", "y"])
    f, (x, y) = problem.expression, problem.variables
    found = find_critical_points(problem, seconds=60)
    for c in found.points:  # every reported point is a critical point (at 50 digits)
        assert max(gradient_at(problem, c.point)) < 1e-15 * rounding_scale(problem, c.point)
    for point, kind in truth:  # every true one is reported, with its kind
        matches = [c for c in found.points
                   if max(abs(sp.N(c.point[v], 50) - p) for v, p in zip((x, y), point)) < 1e-18]
        assert len(matches) == 1, f"missed {point} of {f}"
        assert matches[0].kind == kind, (f, point, matches[0].kind, kind)
    if found.complete:
        assert len(found.points) == len(truth)
    assert found.complete, f"{f}: {found.note}"


def test_a_variable_that_f_ignores_makes_every_point_a_line():
    found = find_critical_points(Problem.from_text("x**3 - 3*x", "x,y"))
    assert found.complete
    assert sorted(c.kind for c in found.points) == ["non-strict maximum", "non-strict minimum"]
    assert all(c.family.dimension == 1 for c in found.points)


polynomial_terms = st.lists(st.tuples(st.integers(-4, 4), st.integers(0, 5), st.integers(0, 5)),
                            min_size=2, max_size=7)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(polynomial_terms)
def test_random_polynomials_in_two_variables_every_real_critical_point_is_found(terms):
    x, y = sp.symbols("x y")
    f = sum(c * x**i * y**j for c, i, j in terms if 2 <= i + j <= 5)
    assume(f != 0 and f.has(x) and f.has(y))
    check_against_brute_force(f, [x, y])


@pytest.mark.slow
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(-3, 3), st.integers(0, 4), st.integers(0, 4), st.integers(0, 4)),
                min_size=3, max_size=7))
def test_random_polynomials_in_three_variables_every_real_critical_point_is_found(terms):
    x, y, z = sp.symbols("x y z")
    f = sum(c * x**i * y**j * z**k for c, i, j, k in terms if 2 <= i + j + k <= 4)
    assume(f != 0 and all(f.has(v) for v in (x, y, z)))
    check_against_brute_force(f, [x, y, z], per_axis=9)


def check_against_brute_force(f, variables, per_axis=21):
    problem = Problem.from_expression(f, [v.name for v in variables])
    found = find_critical_points(problem, seconds=120)
    isolated = found.isolated
    for c in isolated:  # every reported point is a critical point (checked at 50 digits)
        assert max(gradient_at(problem, c.point)) < 1e-15 * rounding_scale(problem, c.point)
    truth = brute_force_critical_points(f, variables, radius=4, per_axis=per_axis)
    for point, eigenvalues in truth:
        on_family = any(abs(float(sp.N(e.xreplace(dict(zip(problem.variables, point)))))) < 1e-9
                        for c in found.families for e in c.family.equations)
        if on_family:
            continue
        matches = [c for c in isolated
                   if max(abs(a - b) for a, b in zip(as_floats(c.point, problem.variables), point)) < 1e-9]
        assert len(matches) == 1, f"missed {point} of {f}"
        kind = numpy_kind(eigenvalues)
        if kind != "degenerate" and abs(eigenvalues).min() > 1e-6:
            assert matches[0].kind == kind
    if not found.families:
        assert found.complete


# --- transcendental gradients ------------------------------------------------------------------------

def test_sin_x_sin_y_is_incomplete_periodic_and_right_inside_the_box():
    problem = Problem.from_text("sin(x)*sin(y)", "x,y")
    found = find_critical_points(problem)
    assert not found.complete
    assert found.periods == {problem.variables[0]: 2 * sp.pi, problem.variables[1]: 2 * sp.pi}
    assert "period 2π in x" in found.note and "there may be more" in found.note
    # by hand: (kπ, mπ) are saddles, (π/2 + kπ, π/2 + mπ) extrema, inside [-5, 5]²
    multiples = [k * math.pi for k in range(-2, 3) if abs(k * math.pi) <= 5]
    halves = [math.pi / 2 + k * math.pi for k in range(-3, 3) if abs(math.pi / 2 + k * math.pi) <= 5]
    truth = {p: "saddle" for p in itertools.product(multiples, repeat=2)}
    truth.update({(a, b): "maximum" if math.sin(a) * math.sin(b) > 0 else "minimum"
                  for a, b in itertools.product(halves, repeat=2)})
    ours = {as_floats(c.point, problem.variables): c.kind for c in found.points}
    assert len(ours) == len(truth) == 25
    for point, kind in truth.items():
        assert [k for p, k in ours.items() if max(abs(a - b) for a, b in zip(p, point)) < 1e-12] == [kind]


def test_box_search_certifies_points_it_cannot_name():
    problem = Problem.from_text("exp(x) - 3*x + y**2", "x,y")  # x = log 3
    found = find_critical_points(problem)
    [c] = found.points
    assert abs(float(c.point[problem.variables[0]]) - math.log(3)) < 1e-15
    assert c.kind == "minimum" and c.certificate.radius < 1e-25 and not found.complete


def test_box_search_ignores_flat_tails_where_the_gradient_is_merely_tiny():
    # x exp(-x^2 - y^2): by hand the gradient vanishes only at (±1/√2, 0); far out it is ~1e-20 but
    # nonzero, and those starts must neither be reported nor eat the budget refining them
    problem = Problem.from_text("x*exp(-x**2 - y**2)", "x,y")
    found = find_critical_points(problem)
    ours = sorted((as_floats(c.point, problem.variables), c.kind) for c in found.points)
    h = 1 / math.sqrt(2)
    assert len(ours) == 2 and not found.complete
    assert max(abs(a - b) for a, b in zip(ours[0][0], (-h, 0.0))) < 1e-15 and ours[0][1] == "minimum"
    assert max(abs(a - b) for a, b in zip(ours[1][0], (h, 0.0))) < 1e-15 and ours[1][1] == "maximum"


def test_box_search_drops_starts_that_newton_sent_far_outside_the_box():
    # sqrt(x^2 + y^2 + 1): by hand one critical point, the minimum at the origin; Newton from |x| > 1
    # runs off to ~1e22, where a gradient tolerance scaled by |x| used to accept (and refine) every start
    problem = Problem.from_text("sqrt(x**2 + y**2 + 1)", "x,y")
    found = find_critical_points(problem, seconds=2)
    [c] = found.points
    assert as_floats(c.point, problem.variables) == (0.0, 0.0) and c.kind == "minimum"
    assert "stopped at its time budget" not in found.note  # 1500 spurious starts do not fit in 2 s


def test_box_search_stops_at_its_budget_and_says_so():
    # sin(20x) sin(20y) has about 4000 critical points in [-5, 5]^2; each reported one must be one
    problem = Problem.from_text("sin(20*x)*sin(20*y)", "x,y")
    found = find_critical_points(problem, seconds=1)
    assert not found.complete and "stopped at its time budget" in found.note
    assert 0 < len(found.points) < 4000
    for c in found.points[:50]:
        a, b = as_floats(c.point, problem.variables)
        assert abs(20 * math.cos(20 * a) * math.sin(20 * b)) < 1e-9
        assert abs(20 * math.sin(20 * a) * math.cos(20 * b)) < 1e-9


def test_periods_are_least_common_multiples_not_sympy_lcm():
    # by hand: both gradient entries of sin(3x) sin(3y) have period 2π/3 in x and in y
    problem = Problem.from_text("sin(3*x)*sin(3*y)", "x,y")
    found = find_critical_points(problem, box="x=-0.5..0.5,y=-0.5..0.5")
    x, y = problem.variables
    assert found.periods == {x: 2 * sp.pi / 3, y: 2 * sp.pi / 3}
    assert "period 2π/3 in x" in found.note


@pytest.mark.slow
def test_periodic_translates_fill_in_points_the_start_grid_missed():
    # by hand: sin(5x) sin(5y) is critical at (kπ/5, mπ/5) and (π/10 + kπ/5, π/10 + mπ/5): 15² + 16² in
    # [-5, 5]²; the 40 × 40 start grid alone missed the origin
    problem = Problem.from_text("sin(5*x)*sin(5*y)", "x,y")
    found = find_critical_points(problem, seconds=30)
    zeros = [k * math.pi / 5 for k in range(-10, 11) if abs(k * math.pi / 5) <= 5]
    halves = [math.pi / 10 + k * math.pi / 5 for k in range(-10, 11) if abs(math.pi / 10 + k * math.pi / 5) <= 5]
    truth = list(itertools.product(zeros, repeat=2)) + list(itertools.product(halves, repeat=2))
    ours = [as_floats(c.point, problem.variables) for c in found.points]
    assert len(truth) == 481 and len(ours) == 481
    for point in truth:
        assert any(max(abs(a - b) for a, b in zip(p, point)) < 1e-12 for p in ours)


def test_box_text_is_parsed_without_eval_and_checked():
    x, y = sp.symbols("x y")
    assert parse_box("x=-pi..pi", [x, y]) == {x: (-sp.pi, sp.pi), y: (-5, 5)}
    for bad in ("x=1..0", "z=0..1", "x=0", "x=__import__('os')..1", "x=-1..1,x=0..2"):
        with pytest.raises(Exception):
            parse_box(bad, [x, y])


# --- parameters -----------------------------------------------------------------------------------------

def test_kind_by_cases_never_degenerate_for_a_single_parameter_value():
    problem = Problem.from_text("x**2 + b*y**2", "x,y", "b>=0")
    found = find_critical_points(problem)
    [c] = found.isolated
    assert c.kind == "degenerate for b = 0, minimum for b > 0"
    assert c.cases == (("b = 0", "degenerate"), ("b > 0", "minimum"))
    # at b = 0 the critical set is the line x = 0 (f = x²): found as a family valid there only
    [line] = found.families
    x, y = problem.variables
    assert line.family.equations == (x,) and "b = 0" in line.family.note and found.complete
    assert line.kind == "non-strict minimum"


def test_assumptions_decide_a_kind_behind_a_square_root():
    # Hessian [[2, a, 1], [a, 2, 0], [1, 0, 2]]: eigenvalues 2, 2 ± √(1 + a²); the smallest > 0 for 0 < a < 1
    problem = Problem.from_text("x**2 + y**2 + z**2 + a*x*y + x*z", "x,y,z", "0<a<1")
    [c] = find_critical_points(problem).points
    assert c.kind == "minimum"
    a = problem.symbol("a")
    for value in (0.01, 0.5, 0.99):
        assert np.linalg.eigvalsh(np.array(problem.hessian.xreplace({a: value}), dtype=float)).min() > 0
    wide = Problem.from_text("x**2 + y**2 + z**2 + a*x*y + x*z", "x,y,z", "0<a<3")
    assert find_critical_points(wide).points[0].kind == "minimum for 0 < a < sqrt(3), " \
        "degenerate for a = sqrt(3), saddle for sqrt(3) < a < 3"


# --- eigen-decomposition of any symmetric Hessian -----------------------------------------------------

IRREDUCIBLE = [
    [[2, 3, 12], [3, 2, 1], [12, 1, 14]],  # the Hessian of x²+y²+7z²+3xy+12xz+yz
    [[4, 1, 0, 2], [1, -3, 5, 0], [0, 5, 1, 1], [2, 0, 1, 7]],
]


@pytest.mark.parametrize("entries", IRREDUCIBLE)
def test_irreducible_characteristic_polynomials_are_answered(entries):
    H = sp.Matrix(entries)
    factors = sp.factor_list(H.charpoly().as_expr())[1]
    assert len(factors) == 1 and sp.degree(factors[0][0]) == H.rows  # irreducible, as intended
    d = eigen_decomposition(H, seconds=10)
    truth = np.linalg.eigvalsh(np.array(entries, dtype=float))
    assert np.allclose([float(v) for v in d.eigenvalues], truth, rtol=0, atol=1e-12)
    Q = np.array(d.matrix_q().evalf(30), dtype=float)
    assert np.abs(Q @ np.diag(truth) @ Q.T - np.array(entries, dtype=float)).max() < 1e-12
    kappa = condition_number(H)
    assert abs(float(kappa) - abs(truth).max() / abs(truth).min()) < 1e-9


def test_analyze_answers_the_three_variable_quadratic(capsys):
    assert main(["analyze", "x**2+y**2+7*z**2+3*x*y+12*x*z+y*z", "--vars", "x,y,z", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    truth = np.linalg.eigvalsh(np.array(IRREDUCIBLE[0], dtype=float))
    assert data["critical_points_complete"] is True
    [point] = data["critical_points"]
    assert point["kind"] == ("saddle" if truth.min() < 0 < truth.max() else "minimum")
    assert len(data["eigenvalues"]) == 3


# --- the command line ------------------------------------------------------------------------------------

def test_cli_reports_completeness(capsys):
    assert main(["analyze", CAMEL, "--vars", "x,y", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["critical_points_complete"] is True and len(data["critical_points"]) == 15
    assert main(["analyze", "sin(x)*sin(y)", "--vars", "x,y", "--box", "x=-1..1,y=-1..1"]) == 0
    out = capsys.readouterr().out
    assert "1 critical point found in the box x ∈ [-1, 1], y ∈ [-1, 1]; there may be more" in out


def test_cli_box_errors_are_one_line(capsys):
    status = main(["analyze", "sin(x)", "--vars", "x", "--box", "x=2..1"])
    err = capsys.readouterr().err
    assert status == 2 and len(err.strip().splitlines()) == 1 and "--box" in err


def test_parse_box_rejects_unknown_variables():
    with pytest.raises(ProblemError, match="unknown variable"):
        parse_box("w=0..1", list(sp.symbols("x y")))
