import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symopt import NoClosedFormError, Problem, ProblemError
from symopt.assumptions import Domain
from symopt.critical_points import exact_inertia
from symopt.spectral import (classify, condition_number, critical_points, definiteness,
                             eigen_decomposition, eigenbasis_form, is_positive_definite,
                             numeric_decomposition, sign_on_domain, step_analysis)

b = sp.Symbol("b", positive=True)
UNIT_B = {"b": Domain("b", 0, True, 1, False)}


def reconstruct(decomposition):
    Q = decomposition.matrix_q()
    return Q * sp.diag(*decomposition.eigenvalues) * Q.T


@pytest.mark.parametrize("H", [
    sp.diag(1, b), sp.Matrix([[2, 1], [1, 2]]), sp.Matrix([[1, b], [b, 1]]),
    sp.Matrix([[2, -1, 0], [-1, 2, -1], [0, -1, 2]]), sp.diag(sp.Matrix([[1, 2], [2, 1]]), sp.Matrix([[5]]),
                                                               sp.Matrix([[0, 1], [1, 0]])),
    sp.Matrix([[3, 0], [0, 3]]),
])
def test_exact_decomposition_reconstructs_the_matrix(H):
    d = eigen_decomposition(H)
    assert d.exact
    assert sp.simplify(reconstruct(d) - H) == sp.zeros(*H.shape)
    Q = d.matrix_q()
    assert sp.simplify(Q.T * Q) == sp.eye(H.rows)


def test_numeric_fallback_for_large_numeric_matrices_passes_residual_check():
    H = sp.Matrix(5, 5, lambda i, j: sp.Rational(1, i + j + 1))  # Hilbert matrix, kappa ~ 5e5
    d = eigen_decomposition(H, precision=40)
    assert not d.exact
    assert d.residual < 1e-35
    with mpmath.workdps(50):
        smallest = min(mpmath.mpf(str(sp.N(v, 50))) for v in d.eigenvalues)
        reference = min(mpmath.eigsy(mpmath.hilbert(5))[0])
        assert abs(smallest - reference) < mpmath.mpf(10) ** -30


def test_large_symbolic_matrix_says_no_closed_form():
    a = sp.Symbol("a")
    H = sp.Matrix(4, 4, lambda i, j: a ** (i + j) + (1 if i == j else 0))
    with pytest.raises(NoClosedFormError):
        eigen_decomposition(H, seconds=2)


def test_non_symmetric_and_non_square_are_refused():
    with pytest.raises(ProblemError, match="symmetric"):
        eigen_decomposition(sp.Matrix([[1, 2], [3, 4]]))
    with pytest.raises(ProblemError, match="square"):
        eigen_decomposition(sp.Matrix([[1, 2, 3]]))
    with pytest.raises(ProblemError):
        numeric_decomposition(sp.Matrix([[b]]))


def test_definiteness_three_valued():
    assert is_positive_definite(sp.Matrix([[2, 1], [1, 2]])) is True
    assert is_positive_definite(sp.Matrix([[1, 2], [2, 1]])) is False
    assert definiteness(sp.diag(1, b)) == "positive definite"
    c = sp.Symbol("c", real=True)
    assert is_positive_definite(sp.diag(1, c)) is None
    assert definiteness(sp.diag(1, 0)) == "positive semidefinite"


def test_sign_on_domain_uses_interval_bounds():
    assert sign_on_domain(1 - b, UNIT_B) == "nonnegative"
    assert sign_on_domain(1 + b, UNIT_B) == "positive"
    assert sign_on_domain(b - sp.Rational(1, 2), UNIT_B) is None
    assert sign_on_domain(sp.Integer(0)) == "zero"


@pytest.mark.parametrize("eigenvalues, kind", [
    ([1, 2], "minimum"), ([-1, -2], "maximum"), ([1, -1], "saddle"), ([0, 0], "degenerate"),
    ([0, 1], "degenerate"), ([0, 1, -1], "saddle")])
def test_classify(eigenvalues, kind):
    assert classify(eigenvalues) == kind


def test_r12_critical_points():
    p = Problem.from_text("x**3 - 3*x + y**2", "x,y")
    found = {tuple(c.point.values()): c.kind for c in critical_points(p)}
    assert found == {(1, 0): "minimum", (-1, 0): "saddle"}
    # both have H = 0 at the origin: the second-order test is inconclusive
    assert [c.kind for c in critical_points(Problem.from_text("x**4 + y**4", "x,y"))] == ["degenerate"]
    monkey = critical_points(Problem.from_text("x**3 - 3*x*y**2", "x,y"))
    assert [(tuple(c.point.values()), c.kind) for c in monkey] == [((0, 0), "degenerate")]


def test_critical_points_honour_parameters_and_assumptions():
    p = Problem.from_text("(x**2 + b*y**2)/2", "x,y", "0<b<=1")
    [c] = critical_points(p)
    assert c.kind == "minimum" and c.point == {p.variables[0]: 0, p.variables[1]: 0}
    q = Problem.from_text("x**2 - a*y**2", "x,y", "a>0")
    assert [c.kind for c in critical_points(q)] == ["saddle"]
    r = Problem.from_text("x**2 + c*y**2", "x,y")  # c of unknown sign: the kind by cases
    point, line = critical_points(r)  # the line x = 0 when c = 0
    assert line.family is not None and point.kind == "saddle for c < 0, degenerate for c = 0, minimum for c > 0"
    assert [kind for _, kind in point.cases] == ["saddle", "degenerate", "minimum"]


def test_critical_points_without_real_solutions():
    assert critical_points(Problem.from_text("exp(x) + y**2", "x,y")) == []
    # x**4 + 1 has no real root: the exhaustive method proves there is no critical point at all
    assert critical_points(Problem.from_text("x**5/5 + x + y**2", "x,y")) == []


def test_condition_number_with_parameter_bounds():
    assert condition_number(sp.diag(1, b), UNIT_B) == 1 / b
    assert condition_number(sp.Matrix([[2, 1], [1, 2]])) == 3
    assert condition_number(sp.diag(1, 0)) == sp.oo
    assert condition_number(sp.diag(1, b)) is None  # b > 1 or b < 1 both possible


def test_r11_ill_conditioning_criterion_and_best_step():
    g = sp.Matrix([b, b])  # gradient of (x^2 + b y^2)/2 at (b, 1)
    H = sp.diag(1, b)
    r = step_analysis(g, H)
    eps = r["step"]
    assert sp.simplify(r["best_step"] - 2 / (1 + b)) == 0  # R1's exact step
    assert sp.expand(r["change"] - (eps**2 * (b**2 + b**3) / 2 - eps * 2 * b**2)) == 0
    numeric = step_analysis(sp.Matrix([1, 1]), sp.diag(1, 3))
    assert numeric["increases_when"] == sp.Interval.open(1, sp.oo)  # eps > 2 g'g / g'Hg
    assert step_analysis(sp.Matrix([1, 0]), sp.diag(-1, 1))["best_step"] is None


def test_eigenbasis_form_equals_the_quadratic():
    x, y = sp.symbols("x y")
    H = sp.Matrix([[2, 1], [1, 2]])
    _, alphas, form = eigenbasis_form(H, [1, 2], [x, y], 5)
    d = sp.Matrix([x - 1, y - 2])
    assert sp.expand(form - (5 + (d.T * H * d)[0, 0] / 2)) == 0
    assert len(alphas) == 2


@settings(max_examples=15, deadline=None)
@given(st.integers(3, 4).flatmap(lambda n: st.lists(st.integers(-9, 9), min_size=n * (n + 1) // 2,
                                                    max_size=n * (n + 1) // 2).map(lambda e: (n, e))))
def test_any_symmetric_integer_matrix_is_decomposed_within_budget(size_and_entries):
    n, entries = size_and_entries
    values = iter(entries)
    A = np.zeros((n, n))
    for i in range(n):
        for j in range(i, n):
            A[i, j] = A[j, i] = next(values)
    d = eigen_decomposition(sp.Matrix(A.astype(int)), seconds=10)
    truth = np.linalg.eigvalsh(A)
    assert np.allclose(sorted(float(sp.N(v)) for v in d.eigenvalues), truth, atol=1e-9)
    Q = np.array(d.matrix_q().evalf(30), dtype=float)
    assert np.abs(Q @ np.diag([float(sp.N(v)) for v in d.eigenvalues]) @ Q.T - A).max() < 1e-9
    positive, negative, zero = exact_inertia(sp.Matrix(A.astype(int)))
    assert (positive, negative) == (int((truth > 1e-9).sum()), int((truth < -1e-9).sum()))
