"""Momentum and Nesterov on quadratics (R4, R5), double roots, complex roots, terminal velocity (R7)."""

import numpy as np
import pytest
import sympy as sp

from symopt import Problem
from symopt.errors import ProblemError
from symopt.methods.exact_line_search import exercise_problem
from symopt.methods.momentum import (mode_transition, momentum, nesterov_rate_proof, polyak_optimum,
                                     stability_region, terminal_velocity)
from symopt.problem import k

alpha = sp.Symbol("alpha", nonnegative=True)


def run_momentum(h, x0, eps, a, steps, nesterov=False):
    x, v = np.array(x0, float), np.zeros(len(x0))
    out = [x.copy()]
    for _ in range(steps):
        g = h * (x + a * v) if nesterov else h * x
        v = a * v - eps * g
        x = x + v
        out.append(x.copy())
    return np.array(out)


def test_stability_regions_r4_and_nesterov():
    on_alpha, (lower, upper) = stability_region("momentum")
    assert on_alpha == () and lower == 0 and sp.expand(upper - 2 * (1 + alpha)) == 0
    lower, upper = stability_region("nesterov")[1]
    assert lower == 0 and sp.simplify(upper - 2 * (1 + alpha) / (1 + 2 * alpha)) == 0
    # numerically: just inside / outside the heavy-ball region for α = 0.5, λ = 1
    for eps, stable in ((2.9, True), (3.1, False)):
        T = np.array(mode_transition("momentum").xreplace(
            {sp.Symbol("epsilon", positive=True): eps, alpha: 0.5, sp.Symbol("lamda", positive=True): 1}).tolist(),
            dtype=float)
        assert (max(abs(np.linalg.eigvals(T))) < 1) == stable


def test_polyak_optimum_is_r4():
    e_star, a_star, rate = polyak_optimum()
    sL, sm = sp.Symbol("sqrt_L", positive=True), sp.Symbol("sqrt_mu", positive=True)
    assert sp.simplify(e_star - 4 / (sL + sm) ** 2) == 0
    assert sp.simplify(a_star - ((sL - sm) / (sL + sm)) ** 2) == 0
    assert sp.simplify(rate - (sL - sm) / (sL + sm)) == 0


def test_polyak_parameters_give_double_roots_and_k_rho_k_modes():
    # f = (x^2 + 9 y^2)/2: mu = 1, L = 9, eps* = 4/16, alpha* = (2/4)^2 = 1/4, rate 1/2
    p = Problem.from_text("(x**2 + 9*y**2)/2", "x,y")
    r = momentum(p, {"x": 1, "y": 1}, lr=sp.Rational(1, 4), momentum=sp.Rational(1, 4))
    assert r.rate == sp.Rational(1, 2)
    assert "double root" in r.derivation.to_text()
    assert r.closed_form["x"].has(k) and sp.Poly(sp.expand(r.closed_form["x"] * 2**k), k).degree() == 1
    run = run_momentum(np.array([1.0, 9.0]), [1, 1], 0.25, 0.25, 30)
    for n in (0, 1, 2, 7, 30):
        assert np.allclose([float(r.closed_form[v].xreplace({k: n})) for v in "xy"], run[n], rtol=1e-12,
                           atol=1e-15)
    assert r.verification.passed() and r.verification.symbolic is True
    assert r.derivation.results["polyak_choice"] == sp.Tuple(sp.Rational(1, 4), sp.Rational(1, 4), sp.Rational(1, 2))


def test_complex_roots_give_the_real_form():
    p = Problem.from_text("x**2/2", "x")
    r = momentum(p, {"x": 1}, lr=1, momentum=sp.Rational(1, 4))     # tr = 1/4, det = 1/4: complex
    x_k = r.closed_form["x"]
    assert not x_k.has(sp.I) and x_k.has(sp.cos) and x_k.has(sp.sin)   # ρ^k (A cos kθ + B sin kθ)
    assert r.rate == sp.Rational(1, 2)           # |z| = sqrt(det)
    run = run_momentum(np.array([1.0]), [1], 1.0, 0.25, 12)
    for n in (0, 1, 5, 12):
        assert abs(float(x_k.xreplace({k: n}).evalf(30)) - run[n][0]) < 1e-13
    assert r.verification.passed() and r.verification.symbolic is True
    assert r.verification.mpmath_max_rel_error < 1e-45


def test_symbolic_hyperparameters_exercise_closed_form_verified():
    r = momentum(*exercise_problem())
    assert r.verification.symbolic is True
    assert r.verification.float64_max_rel_error < 1e-11 and r.verification.mpmath_max_rel_error < 1e-45
    assert set(r.closed_form) == {"x", "y", "v_x", "v_y"}


def test_nesterov_rate_r5_proved_and_checked_numerically():
    steps, proved = nesterov_rate_proof()
    assert proved
    for kappa in (4.0, 25.0, 100.0):
        q = np.sqrt(kappa)
        a, eps, L, mu = (q - 1) / (q + 1), 1.0, 1.0, 1 / kappa
        radius = 0
        for lam in np.linspace(mu, L, 200):
            T = np.array([[1 - eps * lam, a * (1 - eps * lam)], [-eps * lam, a * (1 - eps * lam)]])
            radius = max(radius, max(abs(np.linalg.eigvals(T))))
        assert abs(radius - (1 - 1 / q)) < 1e-6
    p = Problem.from_text("(x**2 + b*y**2)/2", "x,y", "0<b<=1")
    r = momentum(p, {"x": p.symbol("b"), "y": 1}, nesterov=True, verify_result=False)
    b = p.symbol("b")
    choice = r.derivation.results["nesterov_choice"]
    assert sp.simplify(choice[2] - (1 - sp.sqrt(b))) == 0


def test_nilpotent_mode_when_epsilon_lambda_is_one():
    # ελ = 1 makes Nesterov's mode matrix nilpotent: the double root is 0 and the mode is gone after two steps
    p = Problem.from_text("(x**2 + 4*y**2)/2", "x,y")
    r = momentum(p, {"x": 1, "y": -1}, lr=sp.Rational(1, 4), momentum=sp.Rational(1, 3), nesterov=True)
    run = run_momentum(np.array([1.0, 4.0]), [1, -1], 0.25, 1 / 3, 10, nesterov=True)
    for n in range(11):
        got = [complex(r.closed_form[v].xreplace({k: n}).evalf(30)).real for v in "xy"]
        assert np.allclose(got, run[n], atol=1e-14)
    assert r.verification.symbolic is True and r.verification.float64_max_rel_error < 1e-13
    assert r.verification.float64_excluded == 0


def test_nesterov_closed_form_against_the_lookahead_iteration():
    p = Problem.from_text("(x**2 + 4*y**2)/2", "x,y")
    r = momentum(p, {"x": 1, "y": -1}, lr=sp.Rational(1, 4), momentum=sp.Rational(1, 3), nesterov=True)
    run = run_momentum(np.array([1.0, 4.0]), [1, -1], 0.25, 1 / 3, 20, nesterov=True)
    for n in (0, 1, 2, 3, 19, 20):
        got = [complex(r.closed_form[v].xreplace({k: n}).evalf(30)).real for v in "xy"]
        assert np.allclose(got, run[n], atol=1e-14)
    assert r.verification.passed()


def test_terminal_velocity_r7():
    r = terminal_velocity()
    eps, g = sp.Symbol("epsilon", positive=True), sp.Symbol("g", real=True)
    assert sp.simplify(r.closed_form["v"] - (-eps * g * (1 - alpha**k) / (1 - alpha))) == 0
    assert sp.simplify(r.extras["terminal"] + eps * g / (1 - alpha)) == 0
    assert r.extras["speedup_at_0.9"] == 10
    assert r.verification.passed()


def test_momentum_out_of_range_refused():
    with pytest.raises(ProblemError):
        momentum(*exercise_problem(), momentum=sp.Rational(3, 2))
