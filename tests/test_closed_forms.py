"""Closed forms for every input (issue 13): matrix powers of any square matrix, quadratic methods with any
spectrum and degenerate hyperparameters, real forms, and failed verifications that are never results.

Every truth is computed here, independently of symopt: exact rational matrix powers and iterations
(sympy's own Matrix arithmetic), numpy.linalg.matrix_power, plain float64 loops.
"""

import json

import numpy as np
import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symopt import Problem
from symopt.cli import main
from symopt.methods.exact_line_search import exact_line_search
from symopt.methods.gradient_descent import gradient_descent
from symopt.methods.matrix_power import derive_matrix_power
from symopt.methods.momentum import momentum
from symopt.problem import k
from symopt.sequences import matrix_power

DIGITS = 50


def exact_powers(W, count=31):
    """W^0 .. W^(count-1) in exact rational arithmetic."""
    powers = [sp.eye(W.rows)]
    for _ in range(count - 1):
        powers.append(W * powers[-1])
    return powers


def assert_power_is_right(W, power, count=31):
    """The closed form against exact powers (50 digits) and numpy.linalg.matrix_power, k = 0..count-1."""
    W_float = np.array(W.evalf(20).tolist(), dtype=float)
    for n, truth in enumerate(exact_powers(W, count)):
        value = power.xreplace({k: n})
        got = sp.Matrix(value).applyfunc(lambda e: sp.N(e, DIGITS))
        scale = max(1, max(abs(sp.N(e, DIGITS)) for e in truth))
        error = max(abs(sp.N(g - t, DIGITS)) for g, t in zip(got, truth)) / scale
        assert error < sp.Float(10) ** -40, (W, n, value, truth)
        numeric = np.linalg.matrix_power(W_float, n)
        closed = np.array([[complex(e) for e in row] for row in got.tolist()])
        assert np.max(np.abs(closed.imag)) <= 1e-30 * max(1.0, np.max(np.abs(numeric)))
        assert np.max(np.abs(closed.real - numeric)) <= 1e-9 * max(1.0, np.max(np.abs(numeric))), (W, n)


# --- matrix powers: the cases of the issue ---------------------------------------------------------

def test_singular_matrix_power_is_five_to_the_k_minus_one_times_w_and_the_identity_at_zero():
    W = sp.Matrix([[1, 2], [2, 4]])
    power = matrix_power(W, k).power
    assert power.xreplace({k: 0}) == sp.eye(2)
    # for k >= 1: W^k = 5^(k-1) W, checked with k symbolic
    shifted = power.xreplace({k: k + 1})
    assert (shifted - 5**k * W).applyfunc(sp.simplify) == sp.zeros(2, 2)
    assert_power_is_right(W, power)


def test_singular_matrix_with_decimals():
    W = sp.Matrix([[sp.Rational(99, 100), 0], [-sp.Rational(1, 100), 0]])
    assert_power_is_right(W, matrix_power(W, k).power)


def test_nilpotent_two_by_two_is_zero_at_k_zero_in_the_corner():
    power = matrix_power(sp.Matrix([[0, 1], [0, 0]]), k).power
    assert [power[0, 1].xreplace({k: n}) for n in range(4)] == [0, 1, 0, 0]
    assert power.xreplace({k: 0}) == sp.eye(2)


@pytest.mark.parametrize("entries", [
    [[1, 1, 0], [0, 1, 1], [0, 0, 1]],          # one Jordan block of size 3
    [[0, 1, 0], [0, 0, 1], [0, 0, 0]],          # nilpotent of index 3
    pytest.param([[2, 1, 1], [1, 3, 1], [1, 1, 4]], marks=pytest.mark.slow),   # irreducible cubic (CRootOf)
    [[2, 1, 0], [1, 3, 1], [0, 1, 4]],          # symmetric, eigenvalues 3 and 3 ± sqrt(3)
    [[1, -1, 0, 0], [1, 1, 0, 0], [0, 0, 1, 1], [0, 0, -1, 1]],   # a repeated complex pair
])
def test_three_and_four_dimensional_powers(entries):
    W = sp.Matrix(entries)
    result = derive_matrix_power(W, steps=40)
    assert result.verification.symbolic is True and result.verified is True
    power = result.extras["power"].power
    assert not power.has(sp.I)
    assert_power_is_right(W, power)


def test_complex_pair_in_real_form():
    W = sp.Matrix([[sp.Rational(7, 10), -sp.Rational(1, 10)], [sp.Rational(1, 10), sp.Rational(7, 10)]])
    power = matrix_power(W, k).power
    assert not power.has(sp.I) and power.has(sp.cos) and power.has(sp.sin)
    # ρ = |7/10 + i/10| = sqrt(2)/2, θ = atan(1/7)
    assert power[0, 0] == (sp.sqrt(2) / 2) ** k * sp.cos(k * sp.atan(sp.Rational(1, 7)))
    assert_power_is_right(W, power)


def test_large_identity_has_distinct_numeric_argument_names(capsys):
    # 12×12: state m_1_10 and m_11_0 must stay distinct symbols (they were both m_110)
    identity = str([[int(i == j) for j in range(12)] for i in range(12)])
    assert main(["derive", "matrix-power", identity, "--json", "--steps", "5"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["verified"] is True and payload["closed_form"]["W_11_1"] == "0"


# --- property test: generated matrices ----------------------------------------------------------------

EIGENVALUES = [0, 1, -1, 2, sp.Rational(1, 2), -sp.Rational(1, 3)]


@st.composite
def structured_matrices(draw, max_size=4):
    """P J P⁻¹ with J made of Jordan blocks (zero, repeated, defective) and rotation–scaling blocks."""
    n = draw(st.integers(1, max_size))
    blocks, size = [], 0
    while size < n:
        room = n - size
        if room >= 2 and draw(st.booleans()):
            a = draw(st.sampled_from([0, 1, -1, sp.Rational(1, 2), 2]))
            b = draw(st.sampled_from([1, -1, sp.Rational(1, 2), 2]))
            blocks.append(sp.Matrix([[a, -b], [b, a]]))
            size += 2
        else:
            m = draw(st.integers(1, room))
            value = draw(st.sampled_from(EIGENVALUES))
            blocks.append(sp.Matrix(m, m, lambda i, j: value if i == j else (1 if j == i + 1 else 0)))
            size += m
    J = sp.diag(*blocks)
    entries = st.integers(-2, 2)
    L = sp.Matrix(n, n, lambda i, j: 1 if i == j else (draw(entries) if i > j else 0))
    U = sp.Matrix(n, n, lambda i, j: 1 if i == j else (draw(entries) if i < j else 0))
    scale = draw(st.sampled_from([1, 1, sp.Rational(1, 2)]))  # rational entries too
    P = L * U * scale
    return P * J * P.inv()


def _check_generated(W):
    # a generous budget: the machine running the tests may be busy, and no timing is under test
    assert_power_is_right(W, matrix_power(W, k, seconds=120).power)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(structured_matrices())
def test_generated_matrix_powers(W):
    _check_generated(W)


@pytest.mark.slow
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(structured_matrices())
def test_generated_matrix_powers_many(W):
    _check_generated(W)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 3).flatmap(lambda n: st.lists(st.lists(st.integers(-3, 3), min_size=n, max_size=n),
                                                   min_size=n, max_size=n)))
def test_generated_integer_matrices_many(rows):
    # plain integer matrices: mostly irreducible characteristic polynomials (CRootOf)
    _check_generated(sp.Matrix(rows))


# --- quadratics with such Hessians ---------------------------------------------------------------------

ROTATION = sp.Matrix([[sp.Rational(3, 5), -sp.Rational(4, 5)], [sp.Rational(4, 5), sp.Rational(3, 5)]])


@st.composite
def quadratics(draw, max_size=3):
    """f = ½xᵀHx + cᵀx with H = Q D Qᵀ, Q a product of rational rotations: repeated eigenvalues allowed."""
    n = draw(st.integers(1, max_size))
    D = sp.diag(*[draw(st.sampled_from([sp.Rational(1, 2), 1, 2, 3])) for _ in range(n)])
    Q = sp.eye(n)
    for _ in range(draw(st.integers(0, 2)) if n > 1 else 0):
        i = draw(st.integers(0, n - 2))
        G = sp.eye(n)
        G[i:i + 2, i:i + 2] = ROTATION
        Q = Q * G
    H = Q * D * Q.T
    c = sp.Matrix([draw(st.integers(-2, 2)) for _ in range(n)])
    start = [draw(st.integers(-2, 2)) for _ in range(n)]
    return H, c, start


def _problem(H, c):
    names = sp.symbols(f"x0:{H.rows}", real=True)
    x = sp.Matrix(names)
    return Problem.from_expression(sp.expand((x.T * H * x)[0, 0] / 2 + (c.T * x)[0, 0]), list(names)), names


def _heavy_ball_iterates(H, c, start, eps, alpha, count, nesterov=False):
    x, v = sp.Matrix(start), sp.zeros(H.rows, 1)
    out = [x]
    for _ in range(count):
        g = H * (x + alpha * v) + c if nesterov else H * x + c
        v = alpha * v - eps * g
        x = x + v
        out.append(x)
    return out


def _check_quadratic(H, c, start, eps, alpha, method):
    problem, names = _problem(H, c)
    point = {n.name: s for n, s in zip(names, start)}
    if method == "gd":
        result = gradient_descent(problem, point, lr=eps, verify_result=False, seconds=120)
        truth = _heavy_ball_iterates(H, c, start, eps, 0, 30)
    else:
        result = momentum(problem, point, lr=eps, momentum=alpha, nesterov=method == "nesterov",
                          verify_result=False, seconds=120)
        truth = _heavy_ball_iterates(H, c, start, eps, alpha, 30, nesterov=method == "nesterov")
    closed = [result.closed_form[n.name] for n in names]
    assert all(e is not None and not e.has(sp.I) for e in closed)
    for n, exact in enumerate(truth):
        got = [sp.N(e.xreplace({k: n}), DIGITS) for e in closed]
        scale = max(1, max(abs(t) for t in exact))
        assert max(abs(g - t) for g, t in zip(got, exact)) / scale < sp.Float(10) ** -40, (method, n)


#: a generated quadratic, a step size ε, a momentum α and the method run on it
QUADRATIC_RUNS = (quadratics(), st.sampled_from([sp.Rational(1, 10), sp.Rational(1, 4), sp.Rational(1, 2), 1]),
                  st.sampled_from([0, sp.Rational(1, 4), sp.Rational(1, 2), sp.Rational(9, 10)]),
                  st.sampled_from(["gd", "momentum", "nesterov"]))


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(*QUADRATIC_RUNS)
def test_generated_quadratics(quadratic, eps, alpha, method):
    _check_quadratic(*quadratic, eps, alpha, method)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(*QUADRATIC_RUNS)
def test_generated_quadratics_many(quadratic, eps, alpha, method):
    _check_quadratic(*quadratic, eps, alpha, method)


# --- the quadratic methods: cases of the issue ----------------------------------------------------------

def test_gradient_descent_with_an_irreducible_cubic_spectrum():
    problem = Problem.from_text("x**2+3*y**2/2+2*z**2+x*y+x*z+y*z", "x,y,z")
    result = gradient_descent(problem, {"x": 1, "y": 0, "z": 0}, lr=sp.Rational(1, 10), steps=20)
    assert result.verified is True and result.verification.symbolic is True
    H = sp.Matrix([[2, 1, 1], [1, 3, 1], [1, 1, 4]])
    truth = _heavy_ball_iterates(H, sp.zeros(3, 1), [1, 0, 0], sp.Rational(1, 10), 0, 30)
    closed = [result.closed_form[v] for v in "xyz"]
    for n, exact in enumerate(truth):
        assert max(abs(sp.N(e.xreplace({k: n}), DIGITS) - t) for e, t in zip(closed, exact)) < 1e-40


def test_momentum_zero_is_gradient_descent():
    problem = Problem.from_text("x**2/2", "x")
    result = momentum(problem, {"x": 1}, lr=sp.Rational(1, 100), momentum=0)
    assert sp.simplify(result.closed_form["x"] - sp.Rational(99, 100) ** k) == 0
    assert result.verified is True and result.verification.symbolic is True


def test_underdamped_nesterov_real_form_against_a_plain_loop():
    problem = Problem.from_text("(x**2 + 4*y**2)/2", "x,y")
    result = momentum(problem, {"x": 1, "y": 1}, lr=sp.Rational(1, 5), momentum=sp.Rational(9, 10), nesterov=True)
    closed = [result.closed_form[v] for v in "xy"]
    assert not any(e.has(sp.I) for e in closed) and any(e.has(sp.cos) for e in closed)
    x, v = np.array([1.0, 1.0]), np.zeros(2)
    h = np.array([1.0, 4.0])
    for n in range(40):
        got = [float(e.xreplace({k: n})) for e in closed]
        assert np.allclose(got, x, rtol=1e-12, atol=1e-14)
        v = 0.9 * v - 0.2 * h * (x + 0.9 * v)
        x = x + v
    assert result.verified is True and result.verification.symbolic is True


@pytest.mark.parametrize("text, variables, start, assume, x_star", [
    ("(x**2+b*y**2)/2", "x,y", {"x": 1, "y": 0}, "0<b<=1", [0, 0]),
    ("x**2+x*y+y**2", "x,y", {"x": 1, "y": -1}, None, [0, 0]),
    ("(x-1)**2 + 3*(y+2)**2", "x,y", {"x": 3, "y": -2}, None, [1, -2]),
])
def test_exact_line_search_from_an_eigenvector_converges_in_one_step(text, variables, start, assume, x_star):
    result = exact_line_search(Problem.from_text(text, variables, assume), start, steps=20)
    names = variables.split(",")
    closed = [result.closed_form[v] for v in names]
    assert [e.xreplace({k: 0}) for e in closed] == [start[v] for v in names]
    for n in (1, 2, 7):
        assert [e.xreplace({k: n}) for e in closed] == x_star
    assert sp.simplify(closed[0].xreplace({k: k + 1}) - x_star[0]) == 0
    assert result.verified is True and result.rate == 0


def test_exact_line_search_on_an_indefinite_objective_says_there_is_no_minimiser(capsys):
    assert main(["derive", "exact-line-search", "(x**2-y**2)/2", "--vars", "x,y", "--start", "x=1,y=1",
                 "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["closed_form"] == {"x": None, "y": None}
    assert any("no minimiser along the line" in note for note in payload["notes"])


def test_numbers_beyond_float64_are_an_answer(capsys):
    assert main(["derive", "gradient-descent", "x**2", "--vars", "x", "--start", "x=1", "--lr", "1e308",
                 "--steps", "20"]) == 0
    assert "beyond float64" in capsys.readouterr().out


def test_a_high_degree_objective_is_refused_without_expanding_it(capsys):
    assert main(["derive", "gradient-descent", "(x+y+z)**200", "--vars", "x", "--start", "x=1"]) == 2
    error = capsys.readouterr().err
    assert len(error.strip().splitlines()) == 1 and "not quadratic" in error


# --- a failed verification is never a result ------------------------------------------------------------

def test_a_refuted_closed_form_exits_5_and_is_not_boxed(monkeypatch, capsys, tmp_path):
    import symopt.methods.matrix_power as module
    real = module.matrix_power

    def wrong(*args, **kwargs):  # a deliberately wrong closed form: twice the true power
        from dataclasses import replace
        power = real(*args, **kwargs)
        return replace(power, power=2 * power.power)

    monkeypatch.setattr(module, "matrix_power", wrong)
    assert main(["derive", "matrix-power", "[[1, 2], [3, 4]]", "--json", "--steps", "10"]) == 5
    payload = json.loads(capsys.readouterr().out)
    assert payload["verified"] is False and payload["verification_failures"]
    assert all(v is None for v in payload["closed_form"].values())
    assert payload["refuted_closed_form"]["W_11"] is not None
    tex = tmp_path / "out.tex"
    assert main(["derive", "matrix-power", "[[1, 2], [3, 4]]", "--steps", "10", "--latex", str(tex)]) == 5
    captured = capsys.readouterr()
    assert captured.out.startswith("NOT VERIFIED")
    assert "FAILED" in captured.err and r"\boxed" not in tex.read_text()


def test_a_verified_result_reports_verified_true(capsys):
    assert main(["derive", "matrix-power", "[[0, 1], [0, 0]]", "--json", "--steps", "10"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["verified"] is True and "verification_failures" not in payload


def test_underdamped_with_a_symbolic_eigenvalue_is_in_real_form():
    # λ = b ∈ [1, 2], ε = 1/10, α = 1/2: tr² − 4 det = (3/2 − b/10)² − 2 < 0 on the whole domain
    problem = Problem.from_text("(x**2 + b*y**2)/2", "x,y", "1<=b<=2")
    result = momentum(problem, {"x": 1, "y": 1}, lr=sp.Rational(1, 10), momentum=sp.Rational(1, 2), steps=30)
    y_k = result.closed_form["y"]
    assert not y_k.has(sp.I) and y_k.has(sp.sin)
    b = problem.symbol("b")
    for value in (1, sp.Rational(3, 2), 2):
        y, v = sp.Integer(1), sp.Integer(0)
        for n in range(25):
            assert abs(sp.N(y_k.xreplace({b: value, k: n}), DIGITS) - y) < 1e-40
            v = v / 2 - value * y / 10
            y = y + v
    assert result.verified is True and result.verification.symbolic is True


@pytest.mark.slow
@pytest.mark.parametrize("nesterov", [False, True])
def test_momentum_with_an_irreducible_cubic_spectrum(nesterov):
    problem = Problem.from_text("x**2+3*y**2/2+2*z**2+x*y+x*z+y*z", "x,y,z")
    eps, alpha = sp.Rational(1, 10), sp.Rational(1, 2)
    result = momentum(problem, {"x": 1, "y": 0, "z": 0}, lr=eps, momentum=alpha, nesterov=nesterov, steps=30)
    assert result.verified is True and result.verification.symbolic is not False
    H = sp.Matrix([[2, 1, 1], [1, 3, 1], [1, 1, 4]])
    truth = _heavy_ball_iterates(H, sp.zeros(3, 1), [1, 0, 0], eps, alpha, 20, nesterov=nesterov)
    closed = [result.closed_form[v] for v in "xyz"]
    assert not any(e.has(sp.I) for e in closed)
    for n, exact in enumerate(truth):
        assert max(abs(sp.N(e.xreplace({k: n}), DIGITS) - t) for e, t in zip(closed, exact)) < 1e-40


# --- acceptance on unseen cases: verification against a state that passes through 0 or from an eigenvector

def _exact_heavy_ball(gradient, start, eps, alpha, count):
    """x_0..x_{count-1} (and v) of v ← αv − ε∇f(x), x ← x + v in exact rationals."""
    x, v, out = [sp.Rational(s) for s in start], [sp.Integer(0)] * len(start), []
    for _ in range(count):
        out.append((list(x), list(v)))
        g = gradient(x)
        v = [alpha * vi - eps * gi for vi, gi in zip(v, g)]
        x = [xi + vi for xi, vi in zip(x, v)]
    return out


def test_gradient_descent_from_the_origin_to_an_off_centre_minimum_is_verified():
    # x_0 = 0 and x* = (20/7, -26/7): the closed form cancels to rounding at k = 0, which is not an error
    # (was NOT VERIFIED, exit 5: `symopt derive gradient-descent "x*y+(x-1)**2+2*(y+3)**2" --vars x,y
    # --start x=0,y=0 --lr 1/10`)
    problem = Problem.from_text("x*y + (x - 1)**2 + 2*(y + 3)**2", "x,y")
    result = gradient_descent(problem, {"x": 0, "y": 0}, lr=sp.Rational(1, 10), steps=60)
    assert result.verified is True and result.verification.symbolic is True
    gradient = lambda p: [p[1] + 2 * (p[0] - 1), p[0] + 4 * (p[1] + 3)]
    closed = [result.closed_form[v] for v in "xy"]
    for n, (exact, _) in enumerate(_exact_heavy_ball(gradient, [0, 0], sp.Rational(1, 10), 0, 31)):
        assert max(abs(sp.N(e.xreplace({k: n}), DIGITS) - t) for e, t in zip(closed, exact)) < 1e-40, n


@pytest.mark.parametrize("method, eps, alpha", [
    ("momentum", sp.Rational(1, 3), sp.Rational(1, 9)),   # complex pair on λ = 3, the λ = 1 mode absent
    ("gradient-descent", sp.Rational(1, 5), 0),
])
def test_a_start_on_the_fast_eigenvector_is_verified(method, eps, alpha):
    # from (1, 1) on x²+xy+y² only λ = 3 is present; rounding excites the slower λ = 1 mode in the float64
    # and 50-digit runs, which must not refute a right closed form (was exit 5 for momentum)
    problem = Problem.from_text("x**2 + x*y + y**2", "x,y")
    if method == "momentum":
        result = momentum(problem, {"x": 1, "y": 1}, lr=eps, momentum=alpha)
    else:
        result = gradient_descent(problem, {"x": 1, "y": 1}, lr=eps)
    assert result.verified is True
    gradient = lambda p: [2 * p[0] + p[1], p[0] + 2 * p[1]]
    closed = [result.closed_form[v] for v in "xy"]
    for n, (exact, _) in enumerate(_exact_heavy_ball(gradient, [1, 1], eps, alpha, 31)):
        assert max(abs(sp.N(e.xreplace({k: n}), DIGITS) - t) for e, t in zip(closed, exact)) < 1e-40, n


def test_relative_errors_still_refute_a_wrong_form_decaying_to_zero():
    from symopt.verify import Recurrence, verify
    x = sp.Symbol("x")
    # x_k = (1/2)^k; a form that is off by (1/4)^k/1000 is refuted by the 50-digit comparison
    wrong = verify(Recurrence([x], [x / 2]), [sp.Rational(1, 2) ** k + (sp.Rational(1, 4) ** k - 1) / 1000], [1],
                   symbolic=False, steps=40)
    assert wrong.mpmath_max_rel_error > 1e-6


@pytest.mark.parametrize("method, alpha", [("gradient-descent", 0), ("momentum", sp.Rational(1, 2)),
                                           ("nesterov", sp.Rational(1, 2))])
def test_a_semidefinite_quadratic_has_a_closed_form_and_converges(method, alpha):
    # f = (x + y − 1)² + z²: H singular, a plane of minimisers (was "error: the Hessian is singular", exit 2)
    problem = Problem.from_text("(x + y - 1)**2 + z**2", "x,y,z")
    eps = sp.Rational(1, 10)
    start = {"x": 0, "y": 2, "z": 1}
    if method == "gradient-descent":
        result = gradient_descent(problem, start, lr=eps, steps=60)
    else:
        result = momentum(problem, start, lr=eps, momentum=alpha, nesterov=method == "nesterov", steps=60)
    assert result.verified is True
    assert not any("does not converge" in n for n in result.notes) and any("singular" in n for n in result.notes)
    x, v = [sp.Integer(0), sp.Integer(2), sp.Integer(1)], [sp.Integer(0)] * 3
    gradient = lambda p: [2 * (p[0] + p[1] - 1), 2 * (p[0] + p[1] - 1), 2 * p[2]]
    closed = [result.closed_form[name] for name in "xyz"]
    for n in range(31):
        assert max(abs(sp.N(e.xreplace({k: n}) - t, DIGITS)) for e, t in zip(closed, x)) < 1e-40, n
        look = [xi + alpha * vi for xi, vi in zip(x, v)] if method == "nesterov" else x
        v = [alpha * vi - eps * gi for vi, gi in zip(v, gradient(look))]
        x = [xi + vi for xi, vi in zip(x, v)]


def test_a_singular_hessian_with_a_linear_term_in_its_kernel_is_unbounded_in_one_line(capsys):
    code = main(["derive", "gradient-descent", "x**2 + y", "--vars", "x,y", "--start", "x=1,y=1", "--lr", "1/10"])
    err = capsys.readouterr().err
    assert code == 2 and "unbounded below" in err and len(err.strip().splitlines()) == 1


def test_a_huge_learning_rate_for_momentum_is_an_answer_not_an_internal_error(capsys):
    # ε = 10^300 (exact): numpy kept the integers as objects and sqrt failed (was exit 3, TypeError)
    code = main(["derive", "momentum", "x**2+y**2", "--vars", "x,y", "--start", "x=1,y=1", "--lr", "1e300",
                 "--momentum", "0.5", "--json", "--steps", "30"])
    assert code in (0, 5)
    out = json.loads(capsys.readouterr().out)
    assert out["verified"] is (code == 0)
    if code == 0:
        eps, alpha = sp.Integer(10) ** 300, sp.Rational(1, 2)
        x, v = sp.Integer(1), sp.Integer(0)
        closed = sp.parse_expr(out["closed_form"]["x"], local_dict={"k": k})
        for n in range(8):
            assert abs(sp.N(closed.xreplace({k: n}) - x, DIGITS)) <= sp.Float(10) ** -40 * max(1, abs(x)), n
            v = alpha * v - eps * 2 * x
            x = x + v


@pytest.mark.parametrize("size", [2, 3])
def test_a_symbolic_jordan_block_is_exact_at_k_zero_also_when_the_eigenvalue_is_zero(size):
    # [[a,1],[0,a]]^k had W_12 = k a^(k−1): at a = 0, k = 0 that is 0·0^(−1), undefined (truth 0)
    a = sp.Symbol("a")
    W = sp.Matrix(size, size, lambda i, j: a if i == j else (1 if j == i + 1 else 0))
    power = matrix_power(W, k).power
    for value in (0, sp.Rational(2, 3), -3):
        numeric = W.xreplace({a: value})
        truth = sp.eye(size)
        for n in range(31):
            got = power.xreplace({a: value, k: n}).applyfunc(sp.simplify)
            assert got == truth, (value, n, got, truth)
            truth = numeric * truth
