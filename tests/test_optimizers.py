"""The optimizers against an independent plain-numpy implementation of the lecture's formulas, and the driver."""

import json
import math

import mpmath
import numpy as np
import pytest
import sympy as sp

from symopt import Problem
from symopt.errors import ParseError, ProblemError, SymoptError
from symopt.optimizers import OPTIMIZERS, get, run, symbolic_step, unroll
from symopt.numeric import numpy_function

# --- the lecture's algorithm boxes, written independently of symopt.optimizers -----------------


def reference(name, grad, hess, theta, steps, eps=0.1, alpha=0.9, rho=0.9, delta=None, beta1=0.9, beta2=0.999,
              schedule=None):
    theta = np.array(theta, dtype=float)
    v = np.zeros_like(theta)
    r = np.zeros_like(theta)
    m = np.zeros_like(theta)
    s = np.zeros_like(theta)
    out = [theta.copy()]
    for k in range(1, steps + 1):
        e = eps if schedule is None else eps * schedule(k)
        if name == "sgd":
            theta = theta - e * grad(theta)
        elif name == "momentum":
            v = alpha * v - e * grad(theta)
            theta = theta + v
        elif name == "nesterov":
            g = grad(theta + alpha * v)
            v = alpha * v - e * g
            theta = theta + v
        elif name == "adagrad":
            g = grad(theta)
            r = r + g * g
            theta = theta - e / ((1e-7 if delta is None else delta) + np.sqrt(r)) * g
        elif name == "rmsprop":
            g = grad(theta)
            r = rho * r + (1 - rho) * g * g
            theta = theta - e / np.sqrt((1e-6 if delta is None else delta) + r) * g
        elif name == "rmsprop-nesterov":
            g = grad(theta + alpha * v)
            r = rho * r + (1 - rho) * g * g
            v = alpha * v - e / np.sqrt((0 if delta is None else delta) + r) * g
            theta = theta + v
        elif name == "newton":
            theta = theta - np.linalg.solve(hess(theta), grad(theta))
        elif name == "adam":
            g = grad(theta)
            m = beta1 * m + (1 - beta1) * g
            s = beta2 * s + (1 - beta2) * g * g
            mh = m / (1 - beta1 ** k)
            sh = s / (1 - beta2 ** k)
            theta = theta - e * mh / (np.sqrt(sh) + (1e-8 if delta is None else delta))
        out.append(theta.copy())
    return np.array(out)


HYPER = {"sgd": {"epsilon": 0.1}, "momentum": {"epsilon": 0.1, "alpha": 0.9}, "nesterov": {"epsilon": 0.1, "alpha": 0.9},
         "adagrad": {"epsilon": 0.1}, "rmsprop": {"epsilon": 0.1, "rho": 0.9},
         "rmsprop-nesterov": {"epsilon": 0.1, "rho": 0.9, "alpha": 0.9}, "newton": {},
         "adam": {"epsilon": 0.1, "beta1": 0.9, "beta2": 0.999}}


def until_stationary(path, grad):
    """The reference path through its first iterate whose gradient is exactly 0 (where a run converges)."""
    for k, theta in enumerate(path):
        if not np.any(grad(theta)):
            return path[:k + 1]
    return path


def _ref_kwargs(name):
    h = dict(HYPER[name])
    h["eps"] = h.pop("epsilon", 0.1)
    return h


QUADRATIC = Problem.from_text("(x**2 + b*y**2)/2", "x,y")


def quad_grad(t):
    return np.array([t[0], 0.1 * t[1]])


def quad_hess(t):
    return np.diag([1.0, 0.1])


# a non-quadratic, three-variable objective: every coordinate coupled, Hessian positive definite near the start
SMOOTH = Problem.from_text("x**4/4 + y**2 + z**2/2 + x*y/2 + cosh(z) + y*z/4", "x,y,z")


def smooth_grad(t):
    x, y, z = t
    return np.array([x ** 3 + y / 2, 2 * y + x / 2 + z / 4, z + np.sinh(z) + y / 4])


def smooth_hess(t):
    x, y, z = t
    return np.array([[3 * x ** 2, 0.5, 0], [0.5, 2, 0.25], [0, 0.25, 1 + np.cosh(z)]])


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_every_optimizer_matches_the_independent_implementation_on_the_quadratic(name):
    t = run(name, QUADRATIC, {"x": 1, "y": 1}, steps=60, parameters={"b": 0.1}, hyperparameters=HYPER[name])
    expected = until_stationary(reference(name, quad_grad, quad_hess, [1.0, 1.0], 60, **_ref_kwargs(name)),
                                quad_grad)
    assert t.path().shape == expected.shape
    assert t.status[0] == ("converged" if len(expected) < 61 else "max_steps")
    np.testing.assert_allclose(t.path(), expected, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(t.values(), 0.5 * (expected[:, 0] ** 2 + 0.1 * expected[:, 1] ** 2), atol=1e-15)


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_every_optimizer_matches_the_independent_implementation_on_a_coupled_objective(name):
    start = [0.8, -0.5, 0.3]
    t = run(name, SMOOTH, start, steps=25, hyperparameters=HYPER[name])
    expected = reference(name, smooth_grad, smooth_hess, start, 25, **_ref_kwargs(name))
    np.testing.assert_allclose(t.path(), expected, rtol=1e-11, atol=1e-13)


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_gradient_callable_runs_like_the_problem(name):
    grad = lambda X: X * np.array([1.0, 0.1])  # noqa: E731
    hess = lambda X: np.broadcast_to(np.diag([1.0, 0.1]), (len(X), 2, 2))  # noqa: E731
    t = run(name, grad, [1.0, 1.0], steps=30, hyperparameters=HYPER[name], hessian=hess)
    expected = until_stationary(reference(name, quad_grad, quad_hess, [1.0, 1.0], 30, **_ref_kwargs(name)),
                                quad_grad)
    np.testing.assert_allclose(t.path(), expected, rtol=1e-12, atol=1e-14)
    assert t.f is None


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_symbolic_step_lambdified_agrees_with_the_numeric_run(name):
    step = symbolic_step(name, SMOOTH, HYPER[name], symbolic=False)
    fun = numpy_function(step.arguments(), step.outputs())
    n = 3
    start = [0.8, -0.5, 0.3]
    values = list(start) + [0.0] * (len(step.arguments()) - n - 1)
    for k in (1, 2, 3):
        values = list(fun(*values, k))
    t = run(name, SMOOTH, start, steps=3, hyperparameters=HYPER[name])
    np.testing.assert_allclose(values[:n], t.path()[-1], rtol=1e-12)
    # both come from the one definition of the rule: pin them to the independent implementation too
    expected = reference(name, smooth_grad, smooth_hess, start, 3, **_ref_kwargs(name))[-1]
    np.testing.assert_allclose(values[:n], expected, rtol=1e-11)


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_float64_and_50_digit_runs_agree_with_the_exact_unrolled_iterates(name):
    hyper = {hp.name: sp.Rational(str(HYPER[name].get(hp.name, hp.default))) for hp in get(name).hyperparameters}
    exact = unroll(name, QUADRATIC.substitute_parameters({"b": sp.Rational(1, 10)}), {"x": 1, "y": 1}, 3, hyper)
    exact_points = [[sp.N(c, 60) for c in theta] for theta, _ in exact]
    float_run = run(name, QUADRATIC, {"x": 1, "y": 1}, steps=3, parameters={"b": sp.Rational(1, 10)},
                    hyperparameters=hyper)
    mp_run = run(name, QUADRATIC, {"x": 1, "y": 1}, steps=3, parameters={"b": sp.Rational(1, 10)},
                 hyperparameters=hyper, precision=50)
    exact_gradients = [[theta[0], theta[1] / 10] for theta, _ in exact]
    stop = next((j for j, g in enumerate(exact_gradients) if g == [0, 0]), 3)  # a zero gradient ends a run
    assert len(float_run.path()) == len(mp_run.path()) == stop + 1
    for j in range(stop + 1):
        for i in range(2):
            assert abs(float(float_run.path()[j, i]) - float(exact_points[j][i])) < 1e-13
            with mpmath.workdps(60):
                assert abs(mpmath.mpf(mp_run.path()[j, i]) - mpmath.mpf(str(exact_points[j][i]))) < mpmath.mpf(
                    10) ** -45


def test_batched_hyperparameters_equal_separate_runs():
    eps = np.array([0.05, 0.1, 0.3])
    starts = np.array([[1.0, 1.0], [-2.0, 0.5], [0.3, -4.0]])
    batch = run("momentum", QUADRATIC, starts, steps=40, parameters={"b": 0.1},
                hyperparameters={"epsilon": eps, "alpha": 0.8})
    for i in range(3):
        single = run("momentum", QUADRATIC, starts[i], steps=40, parameters={"b": 0.1},
                     hyperparameters={"epsilon": eps[i], "alpha": 0.8})
        np.testing.assert_array_equal(batch.path(i), single.path())


def test_parameter_arrays_broadcast_over_the_batch():
    t = run("sgd", QUADRATIC, {"x": 1, "y": 1}, steps=5, parameters={"b": [0.1, 1.0]}, hyperparameters={"epsilon": 0.5})
    np.testing.assert_allclose(t.path(0)[-1], [0.5 ** 5, 0.95 ** 5])
    np.testing.assert_allclose(t.path(1)[-1], [0.5 ** 5, 0.5 ** 5])


def test_divergence_beyond_the_bound_is_reported_at_its_step():
    # x_k = (1 - 3)^k = (-2)^k passes 1e3 in norm at k = 10
    t = run("sgd", Problem.from_text("x**2/2", "x"), [1.0], steps=50, hyperparameters={"epsilon": 3}, bound=1e3)
    assert t.status[0] == "diverged"
    assert t.diverged_at[0] == 10 and t.steps[0] == 9
    assert np.all(np.isfinite(t.path().astype(float)))
    assert t.path()[-1, 0] == (-2.0) ** 9


def test_a_gradient_that_is_not_a_number_makes_the_run_invalid_at_that_iterate():
    grad = lambda X: np.where(X < 0.4, np.nan, X)  # noqa: E731
    t = run("sgd", grad, [[1.0], [100.0]], steps=5, hyperparameters={"epsilon": 0.5})
    assert list(t.status) == ["invalid", "max_steps"]
    # x_2 = 0.25 is the first iterate where ∇f is NaN: it is the run's last record, and no run diverged
    assert t.failed_at[0] == 2 and t.steps[0] == 2 and t.diverged_at[0] == -1
    assert "∇f is not a real number" in t.reason[0] and t.path(0)[-1, 0] == 0.25
    assert np.isnan(t.norms(0)[-1]) and not np.isnan(t.norms(0)[:-1]).any()
    assert t.path(1)[-1, 0] == 100.0 * 0.5 ** 5


def test_non_finite_iterates_are_divergence_not_nan():
    grad = lambda X: 1e300 * np.tanh(X)  # noqa: E731  finite at every finite point; the first iterate overflows
    t = run("sgd", grad, [[1.0], [1.0]], steps=3, hyperparameters={"epsilon": [1e10, 1e-300]})
    assert list(t.status) == ["diverged", "max_steps"]
    assert t.diverged_at[0] == 1 and t.failed_at[0] == 1 and t.steps[0] == 0 and "non-finite" in t.reason[0]
    assert not np.isnan(t.iterates.astype(float)).any()


def test_newton_singular_hessian_at_an_iterate_stops_that_run():
    grad = lambda X: X - 0.25  # noqa: E731
    hess = lambda X: np.where(np.abs(X)[:, :, None] > 0.5, 2.0, 0.0)  # noqa: E731
    t = run("newton", grad, [[1.0], [2.0]], steps=6, hessian=hess)
    # x ← x - (x - 1/4)/2 halves the distance to 1/4 until |x| <= 1/2, where the Hessian is 0
    assert list(t.status) == ["singular", "singular"]
    assert t.path(0)[:, 0].tolist() == [1.0, 0.625, 0.4375] and t.path(1)[:, 0].tolist() == [2, 1.125, 0.6875, 0.46875]
    assert t.failed_at.tolist() == [3, 4] and t.steps.tolist() == [2, 3] and t.diverged_at.tolist() == [-1, -1]
    assert "singular" in t.reason[0]


def test_newton_singular_hessian_of_a_problem_at_an_iterate():
    # f = x³/3 + x from x = 1: x_1 = 1 - (1 + 1)/2 = 0 exactly, where f'' = 2x = 0 and f' = 1
    for precision in (None, 30):
        t = run("newton", Problem.from_text("x**3/3 + x", "x"), [1], steps=5, precision=precision)
        assert t.status[0] == "singular" and t.failed_at[0] == 2 and t.steps[0] == 1
        assert t.path()[:, 0].tolist() == [1, 0]


def test_newton_singular_at_the_start_is_a_one_line_error():
    with pytest.raises(ProblemError, match="invertible Hessian"):
        run("newton", Problem.from_text("x**3 + y**2", "x,y"), {"x": 0, "y": 1}, steps=3)
    t = run("newton", Problem.from_text("x**3 + y**2", "x,y"), [[0.0, 1.0], [1.0, 1.0]], steps=3)
    assert list(t.status) == ["singular", "max_steps"] and t.failed_at[0] == 1 and t.steps[0] == 0


def test_newton_on_x4_follows_two_thirds_power():
    t = run("newton", Problem.from_text("x**4", "x"), [3.0], steps=10, precision=30)
    with mpmath.workdps(30):
        for k, x in enumerate(t.path()[:, 0]):
            assert abs(x - 3 * mpmath.mpf(2) ** k / mpmath.mpf(3) ** k) < mpmath.mpf(10) ** -25


def test_tolerance_stops_at_the_first_small_gradient():
    t = run("sgd", Problem.from_text("x**2/2", "x"), [1.0], steps=100, hyperparameters={"epsilon": 0.5},
            tolerance=1e-3)
    assert t.status[0] == "converged" and t.steps[0] == 10  # 0.5**10 < 1e-3 < 0.5**9
    assert t.path().shape == (11, 1)


def test_tolerance_uses_the_gradient_at_theta_for_look_ahead_methods():
    t = run("nesterov", Problem.from_text("x**2/2", "x"), [1.0], steps=500, hyperparameters={"epsilon": 0.1},
            tolerance=1e-6)
    assert t.status[0] == "converged"
    assert abs(t.path()[-1, 0]) <= 1e-6 < abs(t.path()[-2, 0])


def test_clipping_limits_the_gradient_norm():
    t = run("sgd", Problem.from_text("(x**2 + y**2)/2", "x,y"), [30.0, 40.0], steps=20,
            hyperparameters={"epsilon": 1.0}, clip=1.0)
    np.testing.assert_allclose(t.path()[1:21], [[30 - 0.6 * k, 40 - 0.8 * k] for k in range(1, 21)])


def test_schedule_uses_epsilon_k_from_k_equals_one():
    t = run("sgd", Problem.from_text("x**2/2", "x"), [1.0], steps=8, schedule="1/(k+1)")
    np.testing.assert_allclose(t.path()[:, 0], [1 / (k + 1) for k in range(9)])
    expected = reference("sgd", lambda th: th, None, [1.0], 8, eps=2.0, schedule=lambda k: 1 / (k + 1))
    t2 = run("sgd", Problem.from_text("x**2/2", "x"), [1.0], steps=8, schedule="1/(k+1)", hyperparameters={"epsilon": 2})
    np.testing.assert_allclose(t2.path(), until_stationary(expected, lambda th: th))
    assert t2.status[0] == "converged" and t2.steps[0] == 1  # ε_1 = 2/2 sends x to 0 in one step


def test_record_modes_keep_the_same_final_iterates():
    starts = np.random.default_rng(0).normal(size=(50, 2))
    full = run("adam", QUADRATIC, starts, steps=30, parameters={"b": 0.1}, record="all")
    last = run("adam", QUADRATIC, starts, steps=30, parameters={"b": 0.1}, record="last")
    every = run("adam", QUADRATIC, starts, steps=30, parameters={"b": 0.1}, record=7)
    assert last.iterates.shape == (2, 50, 2) and list(every.recorded_steps) == [0, 7, 14, 21, 28, 30]
    np.testing.assert_array_equal(full.final, last.final)
    np.testing.assert_array_equal(full.iterates[every.recorded_steps], every.iterates)
    assert last.step_size is None and full.step_size.shape == (31, 50)


def test_step_sizes_and_gradient_norms():
    t = run("sgd", Problem.from_text("x**2/2", "x"), [1.0], steps=3, hyperparameters={"epsilon": 0.5})
    np.testing.assert_allclose(t.step_size[:, 0], [0, 0.5, 0.25, 0.125])
    np.testing.assert_allclose(t.norms(), [1, 0.5, 0.25, 0.125])


def test_csv_export(tmp_path):
    t = run("momentum", QUADRATIC, {"x": 1, "y": 1}, steps=4, parameters={"b": 0.1})
    path = tmp_path / "run.csv"
    t.to_csv(path)
    lines = path.read_text().splitlines()
    assert lines[0] == "run,step,x,y,f,grad_norm,step_size,status" and len(lines) == 6
    assert float(lines[-1].split(",")[2]) == t.path()[-1, 0]


def test_mpmath_run_keeps_fifty_digits():
    t = run("sgd", Problem.from_text("x**2/2", "x"), ["1"], steps=100, hyperparameters={"epsilon": "1/3"},
            precision=50)
    with mpmath.workdps(50):
        assert abs(t.final[0, 0] - (mpmath.mpf(2) / 3) ** 100) < mpmath.mpf(10) ** -65


@pytest.mark.parametrize("hyper, match", [
    ({"epsilon": 0}, r"epsilon \(learning rate\) must be in \(0, inf\), got 0"),
    ({"epsilon": -1}, r"must be in \(0, inf\)"),
    ({"epsilon": [0.1, -0.1]}, r"must be in \(0, inf\)"),
])
def test_bad_learning_rates(hyper, match):
    with pytest.raises(ProblemError, match=match):
        run("sgd", QUADRATIC, {"x": 1, "y": 1}, parameters={"b": 0.1}, hyperparameters=hyper)


@pytest.mark.parametrize("value", [1, 1.5, -0.1])
def test_bad_decay(value):
    with pytest.raises(ProblemError, match=r"rho \(decay rate\) must be in \[0, 1\)"):
        run("rmsprop", QUADRATIC, {"x": 1, "y": 1}, parameters={"b": 0.1}, hyperparameters={"rho": value})


@pytest.mark.parametrize("kwargs, message", [
    ({"steps": -1}, "steps must be a whole number >= 0, got -1"),
    ({"steps": 1.5}, "steps must be a whole number >= 0, got 1.5"),
    ({"steps": True}, "steps must be a whole number >= 0, got True"),
    ({"precision": "20"}, "precision must be a whole number >= 0, got '20'"),
    ({"precision": 1}, "precision (decimal digits) must be in [2, 10000], got 1"),
    ({"tolerance": 0}, "tolerance must be in (0, inf), got 0"),
    ({"tolerance": float("nan")}, "tolerance must be in (0, inf), got nan"),
    ({"clip": "abc"}, "clip (gradient-norm threshold) must be a number in (0, inf), got 'abc'"),
    ({"bound": -1}, "bound (divergence threshold) must be in (0, inf), got -1"),
    ({"hyperparameters": {"alpha": float("nan")}}, "alpha must be a number in [0, 1), got nan"),
    ({"hyperparameters": {"alpha": 1}}, "alpha (momentum) must be in [0, 1), got 1"),
])
def test_argument_ranges_are_domains_with_the_callers_words(kwargs, message):
    with pytest.raises(ProblemError) as caught:
        run("momentum", QUADRATIC, {"x": 1, "y": 1}, parameters={"b": 0.1}, **kwargs)
    assert str(caught.value) == message


def test_a_hyperparameter_range_is_a_domain():
    from symopt.assumptions import Domain

    alpha = get("momentum").hyperparameter("alpha")
    assert alpha.domain == Domain("alpha", 0, False, 1, True)
    assert alpha.describe_range() == "[0, 1)" and get("sgd").hyperparameter("epsilon").describe_range() == "(0, inf)"
    assert alpha.symbol == sp.Symbol("alpha", nonnegative=True)
    assert get("sgd").hyperparameter("epsilon").symbol == sp.Symbol("epsilon", positive=True)
    alpha.check(sp.Symbol("a"))  # symbolic values are checked where they are substituted
    with pytest.raises(ProblemError, match="steps must be a whole number >= 0, got 1/2"):
        unroll("sgd", Problem.from_text("x**2", "x"), {"x": 1}, sp.Rational(1, 2))
    rate = Domain("lr", lower=0, lower_open=True)
    assert rate.require(float("inf")) == float("inf")
    with pytest.raises(ProblemError, match=r"^lr must be > 0; got inf$"):
        rate.require(float("inf"), message="{name} must be {condition}; got {value!r}", finite=True)
    with pytest.raises(SymoptError) as caught:
        rate.require(-1, error=SymoptError)
    assert type(caught.value) is SymoptError and str(caught.value) == "lr must be in (0, inf), got -1"


def test_other_bad_input():
    with pytest.raises(ProblemError, match="2 variable"):
        run("sgd", QUADRATIC, [1, 2, 3], parameters={"b": 0.1})
    with pytest.raises(ProblemError, match="unknown optimizer 'adamw'; choose one of sgd"):
        run("adamw", QUADRATIC, [1, 2], parameters={"b": 0.1})
    with pytest.raises(ProblemError, match="expression in k only.*contains p"):
        run("sgd", QUADRATIC, [1, 2], parameters={"b": 0.1}, schedule="k**(-p)")
    with pytest.raises(ParseError, match="schedule"):
        run("sgd", QUADRATIC, [1, 2], parameters={"b": 0.1}, schedule="1/(k+")
    with pytest.raises(ProblemError, match="parameter"):
        run("sgd", QUADRATIC, [1, 2])
    with pytest.raises(ProblemError, match="no learning rate"):
        run("newton", QUADRATIC, [1, 2], parameters={"b": 0.1}, schedule="1/k")


def test_adagrad_first_iterates_closed_form_and_constant_gradient_accumulators():
    problem = Problem.from_text("(x**2 + b*y**2)/2", "x,y", "b>0")
    history = unroll("adagrad", problem, {"x": 1, "y": 1}, 1, {"delta": 0})
    eps = sp.Symbol("epsilon", positive=True)
    assert sp.simplify(history[1][0][0] - (1 - eps)) == 0  # first step moves each coordinate by exactly ε
    assert sp.simplify(history[1][0][1] - (1 - eps)) == 0
    linear = Problem.from_text("g*x", "x", "g>0")
    g = linear.symbol("g")
    k = 4
    ada = unroll("adagrad", linear, {"x": 0}, k)
    assert all(sp.simplify(state["r"][0] - j * g ** 2) == 0 for j, (_, state) in enumerate(ada))
    rms = unroll("rmsprop", linear, {"x": 0}, k)
    rho = sp.Symbol("rho", nonnegative=True)
    assert all(sp.simplify(state["r"][0] - (1 - rho ** j) * g ** 2) == 0 for j, (_, state) in enumerate(rms))


# --- the command line ----------------------------------------------------------------------------

def _cli(capsys, *argv):
    from symopt.cli import main
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_json_contract(capsys):
    code, out, err = _cli(capsys, "run", "sgd", "(x**2 + b*y**2)/2", "--vars", "x,y", "--start", "x=1,y=1",
                          "--steps", "3", "--lr", "0.5", "--set", "b=0.1", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert {"optimizer", "status", "steps", "iterates", "f"} <= set(data)
    assert data["optimizer"] == "sgd" and data["status"] == "max_steps" and data["steps"] == 3
    assert data["iterates"][0] == [1.0, 1.0] and data["iterates"][3] == pytest.approx([0.125, 0.95 ** 3], rel=1e-15)
    assert data["f"][0] == 0.55 and len(data["f"]) == 4


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_cli_runs_every_optimizer(capsys, name, tmp_path):
    extra = [] if name == "newton" else ["--lr", "0.1"]
    code, out, err = _cli(capsys, "run", name, "(x**2 + b*y**2)/2", "--vars", "x,y", "--start", "x=1,y=1",
                          "--steps", "20", "--set", "b=0.1", "--json", "--csv", str(tmp_path / "r.csv"), *extra)
    assert code == 0, err
    data = json.loads(out)
    expected = until_stationary(reference(name, quad_grad, quad_hess, [1.0, 1.0], 20,
                                          **{**_ref_kwargs(name), "eps": 0.1}), quad_grad)
    np.testing.assert_allclose(data["iterates"], expected, rtol=1e-12, atol=1e-14)
    assert (tmp_path / "r.csv").exists()


def test_cli_reports_divergence_and_convergence(capsys):
    code, out, _ = _cli(capsys, "run", "sgd", "x**2/2", "--vars", "x", "--start", "x=1", "--steps", "50",
                        "--lr", "3", "--bound", "1000", "--json")
    data = json.loads(out)
    assert data["status"] == "diverged" and data["diverged_at"] == 10 and data["steps"] == 9
    code, out, _ = _cli(capsys, "run", "momentum", "x**2/2", "--vars", "x", "--start", "x=1", "--steps", "500",
                        "--lr", "0.5", "--momentum", "0.5", "--tolerance", "1e-8", "--json")
    assert json.loads(out)["status"] == "converged"


def test_cli_text_and_precision(capsys):
    code, out, _ = _cli(capsys, "run", "sgd", "x**2/2", "--vars", "x", "--start", "x=1", "--steps", "3",
                        "--lr", "1/3", "--precision", "40")
    assert code == 0 and "0.296296296296296296296296296296" in out and "max_steps" in out


@pytest.mark.parametrize("argv, fragment", [
    (["sgd", "x**2", "--vars", "x", "--start", "x=1", "--lr", "0"], "--lr: epsilon (learning rate) must be in (0, inf)"),
    (["sgd", "x**2", "--vars", "x", "--start", "x=1", "--lr", "-2"], "must be in (0, inf)"),
    (["rmsprop", "x**2", "--vars", "x", "--start", "x=1", "--decay", "1"], "--decay: rho (decay rate) must be in [0, 1)"),
    (["momentum", "x**2", "--vars", "x", "--start", "x=1", "--momentum", "-0.5"], "alpha (momentum) must be in [0, 1)"),
    (["newton", "x**3 + y**2", "--vars", "x,y", "--start", "x=0,y=1"], "invertible Hessian"),
    (["sgd", "x**2 + y**2", "--vars", "x,y", "--start", "x=1"], "missing y"),
    (["sgd", "x**2", "--vars", "x", "--start", "x=1,y=2"], "unknown y"),
    (["adamw", "x**2", "--vars", "x", "--start", "x=1"], "unknown optimizer 'adamw'"),
    (["sgd", "x**2", "--vars", "x", "--start", "x=1", "--schedule", "1/(k+p)"], "expression in k only"),
    (["sgd", "x**2", "--vars", "x", "--start", "x=1", "--schedule", "1/(k+"], "schedule"),
    (["sgd", "x**2", "--vars", "x", "--start", "x=1", "--schedule", "1-k"], "(0, inf)"),
    (["sgd", "x**2", "--vars", "x", "--start", "x=1", "--decay", "0.5"], "sgd has no such hyperparameter"),
])
def test_cli_bad_input_is_one_line_exit_2(capsys, argv, fragment):
    code, out, err = _cli(capsys, "run", *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and fragment in err and "Traceback" not in err


@pytest.mark.parametrize("expression, variables, start, extra", [
    ("(x**2 + b*y**2)/2", "x,y", "x=1,y=1", ["--set", "b=0.5"]),  # contour and path
    ("x**2 + y**2 + z**2", "x,y,z", "x=1,y=1,z=1", []),  # f_k − min f
])
def test_cli_plot(tmp_path, capsys, expression, variables, start, extra):
    pytest.importorskip("matplotlib")
    path = tmp_path / "run.png"
    code, _, err = _cli(capsys, "run", "nesterov", expression, "--vars", variables, "--start", start, "--steps", "20",
                        "--lr", "0.1", *extra, "--plot", str(path))
    assert code == 0, err
    image = path.read_bytes()
    assert image[:8] == b"\x89PNG\r\n\x1a\n" and len(image) > 5000  # a drawn figure, not an empty file


def test_run_errors_are_symopt_errors_and_the_default_learning_rate_is_used():
    with pytest.raises(SymoptError, match="missing y"):
        run("sgd", QUADRATIC, {"x": 1}, parameters={"b": 0.1})
    t = run("sgd", Problem.from_text("x**2/2", "x"), [1.0], steps=2)  # no epsilon: the default 0.01
    assert t.path()[:, 0].tolist() == [1.0, 1.0 - 0.01, (1.0 - 0.01) - 0.01 * (1.0 - 0.01)]


def test_the_symbolic_optimizers_do_not_load_numpy():
    # the package's own __init__ is bypassed: this checks symopt.optimizers, whatever symopt/__init__ imports
    import subprocess
    import sys
    from pathlib import Path

    package = Path(__file__).resolve().parents[1] / "symopt"
    code = (f"import sys, types; m = types.ModuleType('symopt'); m.__path__ = [{str(package)!r}]; "
            "sys.modules['symopt'] = m; import symopt.optimizers as o; o.get('adam').resolve({'epsilon': 0.1}); "
            "o.peer_table(); assert 'numpy' not in sys.modules, 'numpy loaded'; "
            "o.run; assert 'numpy' in sys.modules")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
