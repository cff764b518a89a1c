"""Minibatch SGD on empirical risks generated in code, and the σ/√n standard error (R15)."""

import numpy as np
import pytest

from symopt.errors import ProblemError
from symopt.minibatch import EmpiricalRisk, minibatch_standard_error, run_minibatch


@pytest.fixture
def linear():
    rng = np.random.default_rng(42)
    x = rng.normal(size=400)
    y = 2.0 * x - 0.5 + 0.3 * rng.normal(size=400)
    return EmpiricalRisk("(w*x + c - y)**2/2", "w,c", "x,y", {"x": x, "y": y}), x, y


@pytest.fixture
def logistic():
    rng = np.random.default_rng(7)
    x = rng.normal(size=300)
    y = np.where(rng.random(300) < 1 / (1 + np.exp(-(3 * x + 1))), 1.0, -1.0)
    return EmpiricalRisk("log(1 + exp(-y*(w*x + c)))", "w,c", "x,y", {"x": x, "y": y}), x, y


def test_gradient_matches_closed_form(linear):
    risk, x, y = linear
    w, c = 0.3, -1.2
    residual = w * x + c - y
    np.testing.assert_allclose(risk.gradient([w, c]), [np.mean(residual * x), np.mean(residual)])
    assert risk.value([w, c]) == pytest.approx(np.mean(residual ** 2) / 2)


def test_minibatch_sgd_reaches_least_squares(linear):
    risk, x, y = linear
    run = run_minibatch(risk, "sgd", [0.0, 0.0], 3000, 20, schedule="1/(k/100 + 2)", seed=3)
    w_ls, c_ls = np.polyfit(x, y, 1)
    assert run.risk[-1] < run.risk[0] / 10
    np.testing.assert_allclose(run.iterates[-1], [w_ls, c_ls], atol=0.02)
    assert run.risk[-1] - risk.value([w_ls, c_ls]) < 1e-3


def test_seeded_runs_repeat_and_differ_by_seed(logistic):
    risk, _, _ = logistic
    a = run_minibatch(risk, "momentum", [0.0, 0.0], 50, 16, {"epsilon": 0.2, "alpha": 0.5}, seed=5)
    b = run_minibatch(risk, "momentum", [0.0, 0.0], 50, 16, {"epsilon": 0.2, "alpha": 0.5}, seed=5)
    c = run_minibatch(risk, "momentum", [0.0, 0.0], 50, 16, {"epsilon": 0.2, "alpha": 0.5}, seed=6)
    np.testing.assert_array_equal(a.iterates, b.iterates)
    assert not np.array_equal(a.iterates, c.iterates)
    assert a.risk[-1] < a.risk[0]


def test_full_batch_equals_plain_gradient_descent(logistic):
    risk, _, _ = logistic
    run = run_minibatch(risk, "sgd", [0.0, 0.0], 10, risk.size, {"epsilon": 0.5})
    theta = np.zeros(2)
    for _ in range(10):
        theta = theta - 0.5 * risk.gradient(theta)
    np.testing.assert_allclose(run.iterates[-1], theta, rtol=1e-12)


@pytest.mark.parametrize("which", ["linear", "logistic"])
def test_standard_error_is_sigma_over_root_n(which, request):
    risk, _, _ = request.getfixturevalue(which)
    rows = minibatch_standard_error(risk, [0.5, 0.1], [1, 4, 16, 64], draws=3000, seed=1)
    for row in rows:
        np.testing.assert_allclose(row.ratio, 1.0, atol=0.08)
    assert rows[0].measured[0] / rows[-1].measured[0] == pytest.approx(8.0, rel=0.1)


def test_without_replacement_uses_the_finite_population_factor(linear):
    risk, _, _ = linear
    rows = minibatch_standard_error(risk, [0.5, 0.1], [200], draws=2000, replace=False)
    np.testing.assert_allclose(rows[0].ratio, 1.0, atol=0.08)


def test_bad_input(linear):
    risk, x, y = linear
    with pytest.raises(ProblemError, match="batch_size"):
        run_minibatch(risk, "sgd", [0.0, 0.0], 5, 0)
    with pytest.raises(ProblemError, match="coordinate"):
        run_minibatch(risk, "sgd", [0.0], 5, 4)
    with pytest.raises(ProblemError, match="neither a parameter"):
        EmpiricalRisk("(w*x - z)**2", "w", "x", {"x": x})
    with pytest.raises(ProblemError, match="equal length"):
        EmpiricalRisk("(w*x - y)**2", "w", "x,y", {"x": x, "y": y[:3]})
    with pytest.raises(ProblemError, match="Newton"):
        run_minibatch(risk, "newton", [0.0, 0.0], 5, 4)
