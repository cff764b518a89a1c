"""How numeric runs end: kinks and jumps, points outside the domain, singular Hessians, exact zeros, caps,
warnings and digits. Every truth is a plain loop written here (float64, mpmath at 50 digits, or Fractions)."""

import csv
import json
import math
import subprocess
import sys
import warnings
from fractions import Fraction
from pathlib import Path

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symopt import Problem
from symopt.cli import main
from symopt.cli import run as cli_run
from symopt.errors import ProblemError
from symopt.optimizers import get, operations, run, runs
from symopt.optimizers import driver

ROOT = Path(__file__).resolve().parents[1]


def _cli(capsys, *argv):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code = main(list(argv))
    out, err = capsys.readouterr()
    assert not caught, [str(w.message) for w in caught]  # no numpy/mpmath warning escapes a run
    return code, out, err


# --- kinks and jumps: the documented convention ------------------------------------------------------


def relu_slope(u):
    return 1.0 if u > 0 else (0.0 if u < 0 else 0.5)


def sign(u):
    return (u > 0) - (u < 0)


def kinked_gradient(x, y):
    """∇ of relu(x) + |y| + Max(x, y) + 2 floor(x) + sign(y): one-sided slopes averaged at a kink, 0 for jumps."""
    if x > y:
        mx = (1.0, 0.0)
    elif y > x:
        mx = (0.0, 1.0)
    else:
        mx = (0.5, 0.5)
    return relu_slope(x) + mx[0], sign(y) + mx[1]


KINKED = Problem.from_text("relu(x) + abs(y) + Max(x, y) + 2*floor(x) + sign(y)", "x,y")


@settings(max_examples=40, deadline=None)
@given(st.integers(-8, 8), st.integers(-8, 8), st.sampled_from([0.25, 0.5, 1.0]))
def test_kinks_follow_the_averaged_one_sided_slopes(x0, y0, lr):
    # starts on a grid of quarters with steps that are multiples of 1/4: ties x = y and kinks at 0 happen
    x, y = x0 / 4, y0 / 4
    path = [(x, y)]
    for _ in range(6):
        gx, gy = kinked_gradient(x, y)
        if gx == 0 and gy == 0:
            break
        x, y = x - lr * gx, y - lr * gy
        path.append((x, y))
    t = run("sgd", KINKED, [x0 / 4, y0 / 4], steps=6, hyperparameters={"epsilon": lr})
    assert t.path().tolist() == [list(p) for p in path]
    assert t.status[0] == ("converged" if kinked_gradient(*path[-1]) == (0, 0) else "max_steps")


@pytest.mark.parametrize("expression", ["abs(x)", "relu(x)", "Max(x, x**2)", "floor(x)", "sign(x)", "Heaviside(x)"])
def test_newton_refuses_an_objective_without_a_hessian(capsys, expression):
    code, out, err = _cli(capsys, "run", "newton", expression, "--vars", "x", "--start", "x=1")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "twice-differentiable" in err and "first-order" in err


@pytest.mark.parametrize("expression, start, expected", [
    ("floor(x)", "x=1.5", [1.5]),  # derivative 0 away from (and at) the jumps: nothing moves
    ("sign(x)", "x=1", [1.0]),
    ("2*abs(x)", "x=0", [0.0]),  # sign(0) = 0
    ("relu(x)", "x=0", [0.0, -0.005]),  # relu'(0) = 1/2, then 0 on the left: converged there
])
def test_cli_runs_jumps_and_kinks_without_internal_error(capsys, expression, start, expected):
    code, out, err = _cli(capsys, "run", "sgd", expression, "--vars", "x", "--start", start, "--steps", "5",
                          "--json")
    assert code == 0, err
    data = json.loads(out)
    assert [p[0] for p in data["iterates"]] == expected
    assert data["status"] == "converged" and data["gradient_norm"][-1] == 0


# --- points outside the domain ------------------------------------------------------------------------


def test_a_start_outside_the_domain_is_invalid_at_step_zero(capsys):
    code, out, err = _cli(capsys, "run", "sgd", "log(x)", "--vars", "x", "--start", "x=-1", "--json")
    data = json.loads(out)
    assert code == 0 and data["status"] == "invalid" and data["failed_at"] == 0 and data["steps"] == 0
    assert data["f"] == [None] and data["iterates"] == [[-1.0]] and "not a real number" in data["reason"]


@pytest.mark.parametrize("precision", [None, 30])
@pytest.mark.parametrize("lr", [3, 10])
def test_sqrt_leaves_its_domain_and_the_run_says_where(lr, precision):
    # x ← x − lr/(2√x): the first iterate below 0 is where f = √x stops being real
    xs = [mpmath.mpf(1)]
    with mpmath.workdps(50):
        while xs[-1] >= 0:
            xs.append(xs[-1] - lr / (2 * mpmath.sqrt(xs[-1])))
    t = run("momentum", Problem.from_text("sqrt(x)", "x"), [1], steps=20, precision=precision,
            hyperparameters={"epsilon": lr, "alpha": 0})
    k = len(xs) - 1
    assert t.status[0] == "invalid" and t.failed_at[0] == k and t.steps[0] == k and t.diverged_at[0] == -1
    with mpmath.workdps(50):
        assert all(abs(mpmath.mpf(a) - b) < 1e-12 for a, b in zip(t.path()[:, 0], xs))
    f = t.values()
    assert all(math.isfinite(float(v)) for v in f[:-1]) and math.isnan(float(f[-1]))


def test_cli_sqrt_with_precision_is_an_answer_not_an_internal_error(capsys):
    code, out, err = _cli(capsys, "run", "sgd", "sqrt(x)", "--vars", "x", "--start", "x=1", "--lr", "10",
                          "--precision", "30", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["status"] == "invalid" and data["failed_at"] == 1
    assert data["iterates"][1] == ["-4.0"] and data["f"][1] is None  # 1 − 10/(2·1) = −4


def test_a_pole_and_an_overflow_are_invalid(capsys):
    t = run("sgd", Problem.from_text("1/x", "x"), [0.0])
    assert t.status[0] == "invalid" and t.failed_at[0] == 0 and "inf" in t.reason[0]
    code, out, err = _cli(capsys, "run", "newton", "exp(x)", "--vars", "x", "--start", "x=1000", "--json")
    data = json.loads(out)
    assert code == 0 and err == "" and data["status"] == "invalid" and data["failed_at"] == 0
    # with 30 digits exp(1000) is a number: Newton steps x ← x − 1
    t = run("newton", Problem.from_text("exp(x)", "x"), [1000], steps=3, precision=30)
    assert t.status[0] == "max_steps" and [int(v) for v in t.path()[:, 0]] == [1000, 999, 998, 997]


def test_special_functions_run_in_float64(capsys):
    # Γ'(x) = Γ(x)ψ(x); the truth is mpmath at 50 digits, stepped in float64 like the run
    x = 2.5
    path = [x]
    for _ in range(3):
        with mpmath.workdps(50):
            x = x - 0.1 * float(mpmath.gamma(x) * mpmath.digamma(x))
        path.append(x)
    t = run("sgd", Problem.from_text("gamma(x)", "x"), [2.5], steps=3, hyperparameters={"epsilon": 0.1})
    np.testing.assert_allclose(t.path()[:, 0], path, rtol=1e-14)
    code, out, err = _cli(capsys, "run", "sgd", "factorial(x)", "--vars", "x", "--start", "x=1", "--json")
    assert code == 0, err
    t = run("sgd", Problem.from_text("gamma(x)", "x"), [-1.0])  # a pole of Γ
    assert t.status[0] == "invalid" and t.failed_at[0] == 0


# --- Newton ---------------------------------------------------------------------------------------------


def rosenbrock_gradient(x, y):
    return (-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x))


def test_newton_on_rosenbrock_converges_where_the_gradient_is_exactly_zero(capsys):
    code, out, err = _cli(capsys, "run", "newton", "(1-x)**2 + 100*(y-x**2)**2", "--vars", "x,y",
                          "--start", "x=-1.2,y=1", "--steps", "50", "--json")
    data = json.loads(out)
    assert code == 0 and data["status"] == "converged" and data["steps"] < 50
    exact = [rosenbrock_gradient(Fraction(x), Fraction(y)) for x, y in data["iterates"]]
    assert exact[-1] == (0, 0) and all(g != (0, 0) for g in exact[:-1])  # stopped at the first exact zero
    assert data["gradient_norm"][-1] == 0


def test_exact_zeros_are_found_at_their_step_inside_a_batch():
    # SGD on x²/2 with ε = 1 lands on 0 at step 1; ε = 1/2 halves x and never lands; one batch holds both
    starts = np.array([[3.0], [5.0], [7.0]])
    t = run("sgd", Problem.from_text("x**2/2", "x"), starts, steps=40, hyperparameters={"epsilon": [1.0, 0.5, 1.0]})
    assert t.status.tolist() == ["converged", "max_steps", "converged"] and t.steps.tolist() == [1, 40, 1]
    assert t.path(1)[:, 0].tolist() == [5.0 * 0.5 ** k for k in range(41)]


# --- divergence found every few steps, at the exact step ------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(0.05, 3.0), min_size=1, max_size=6), st.sampled_from([10.0, 1e3, 1e6]),
       st.sampled_from(["sgd", "momentum", "nesterov", "adam"]))
def test_divergence_checked_every_few_steps_is_reported_at_its_exact_step(rates, bound, name):
    steps = 45
    hyper = {"epsilon": np.array(rates)}
    quadratic = Problem.from_text("x**2/2 + 2*y**2", "x,y")
    t = run(name, quadratic, [1.0, -1.0], steps=steps, hyperparameters=hyper, bound=bound)
    saved = driver.CHECK_EVERY
    try:
        driver.CHECK_EVERY = 1  # every step checked: the reference behaviour
        every_step = run(name, quadratic, [1.0, -1.0], steps=steps, hyperparameters=hyper, bound=bound)
    finally:
        driver.CHECK_EVERY = saved
    assert t.status.tolist() == every_step.status.tolist()
    assert t.steps.tolist() == every_step.steps.tolist() and t.failed_at.tolist() == every_step.failed_at.tolist()
    np.testing.assert_array_equal(t.iterates, every_step.iterates)  # the same arithmetic, bit for bit
    if name == "sgd":
        for i, lr in enumerate(rates):  # a plain loop: the first iterate with norm above the bound
            x = np.array([1.0, -1.0])
            first = None
            for k in range(1, steps + 1):
                x = x - lr * np.array([x[0], 4 * x[1]])
                if not np.sqrt(x @ x) <= bound:
                    first = k
                    break
            assert t.diverged_at[i] == (-1 if first is None else first)


# --- caps -------------------------------------------------------------------------------------------------


def test_caps_are_one_line_errors(capsys):
    for argv, fragment in [
        (["--steps", "1000000000000"], "--steps must be a whole number in [0, 1,000,000]"),
        (["--steps", "1000000", "--precision", "30"], "exceeds the cap"),
    ]:
        code, out, err = _cli(capsys, "run", "sgd", "x**2", "--vars", "x", "--start", "x=1", *argv)
        assert code == 2 and out == "" and err.count("\n") == 1 and fragment in err, err
    names = ",".join(f"x{i}" for i in range(101))
    code, out, err = _cli(capsys, "run", "sgd", "+".join(f"x{i}**2" for i in range(101)), "--vars", names,
                          "--start", ",".join(f"x{i}=1" for i in range(101)))
    assert code == 2 and err.count("\n") == 1 and "100" in err  # the parser or the run refuses the 101st name
    symbols = sp.symbols(f"x0:{runs.MAX_VARIABLES + 1}", real=True)
    with pytest.raises(ProblemError, match="at most 100 variables"):
        run("sgd", Problem(sum(v ** 2 for v in symbols), symbols, ()), [1.0] * len(symbols), steps=1)
    with pytest.raises(ProblemError, match="steps must be at most"):
        run("sgd", lambda X: X, [1.0], steps=runs.MAX_STEPS + 1)
    with pytest.raises(ProblemError, match="a batch holds at most"):
        run("sgd", lambda X: X, np.zeros((runs.MAX_BATCH_NUMBERS // 2 + 1, 2)), steps=1)
    with pytest.raises(ProblemError, match="exceeds the cap"):
        run("sgd", lambda X: X, np.zeros((1000, 2)), steps=20_000, record="all")


def test_the_cli_states_the_library_caps():
    assert (cli_run.MAX_STEPS, cli_run.MAX_VARIABLES, cli_run.MAX_RECORDED_NUMBERS) == (
        runs.MAX_STEPS, runs.MAX_VARIABLES, runs.MAX_RECORDED_NUMBERS)


# --- warnings never leak ----------------------------------------------------------------------------------


def test_no_warning_lines_on_stderr_from_the_console_script():
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    cases = [
        (["sgd", "x**2", "--vars", "x", "--start", "x=1", "--schedule", "1/(k-1)"], 2),
        (["newton", "exp(x)", "--vars", "x", "--start", "x=1000"], 0),
    ]
    for argv, expected in cases:
        done = subprocess.run([sys.executable, "-m", "symopt", "run", *argv], capture_output=True, text=True,
                              env=env, timeout=120)
        assert done.returncode == expected, done.stderr
        assert done.stderr.count("\n") == (1 if expected else 0), done.stderr
        assert "Warning" not in done.stderr


def test_schedule_undefined_at_the_first_step_says_so(capsys):
    for extra in ([], ["--precision", "20"]):
        code, out, err = _cli(capsys, "run", "sgd", "x**2", "--vars", "x", "--start", "x=1",
                              "--schedule", "1/(k-1)", *extra)
        assert code == 2 and err.count("\n") == 1 and "k = 1" in err, err


# --- every digit in JSON and CSV --------------------------------------------------------------------------


def test_json_and_csv_carry_every_digit(capsys, tmp_path):
    path = tmp_path / "run.csv"
    code, out, err = _cli(capsys, "run", "sgd", "x**2/2", "--vars", "x", "--start", "x=1", "--lr", "1/3",
                          "--steps", "5", "--precision", "50", "--json", "--csv", str(path))
    assert code == 0, err
    data = json.loads(out)
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with mpmath.workdps(60):
        for k in range(6):
            truth = mpmath.mpf(2) ** k / mpmath.mpf(3) ** k  # x_k = (2/3)^k
            for text in (data["iterates"][k][0], rows[k]["x"], data["f"][k], rows[k]["f"]):
                # (2/3)^k has no finite decimal expansion for k >= 1: all 50 digits must be there
                assert isinstance(text, str) and (k == 0 or len(text.strip("0.-").replace(".", "")) >= 49), text
            assert abs(mpmath.mpf(data["iterates"][k][0]) - truth) < mpmath.mpf(10) ** -49
            assert abs(mpmath.mpf(rows[k]["x"]) - truth) < mpmath.mpf(10) ** -49
            assert abs(mpmath.mpf(data["f"][k]) - truth ** 2 / 2) < mpmath.mpf(10) ** -49
            assert abs(mpmath.mpf(data["gradient_norm"][k]) - truth) < mpmath.mpf(10) ** -49


def test_float64_json_stays_numbers(capsys):
    code, out, _ = _cli(capsys, "run", "sgd", "x**2/2", "--vars", "x", "--start", "x=1", "--lr", "0.5",
                        "--steps", "3", "--json")
    assert json.loads(out)["iterates"] == [[1.0], [0.5], [0.25], [0.125]]


# --- the fast path: large batches reuse temporaries and tile the gradient, with the same arithmetic -------


@pytest.mark.parametrize("name", ["sgd", "nesterov", "adagrad", "rmsprop", "adam"])
def test_a_large_batch_computes_what_a_plain_numpy_loop_computes(name):
    rng = np.random.default_rng(7)
    starts = rng.uniform(-1, 1, (20_000, 2))  # 40,000 numbers: above the in-place and tiling thresholds
    assert starts.size >= operations.IN_PLACE_SIZE
    h = {"epsilon": 0.05, "alpha": 0.9, "rho": 0.9, "delta": 1e-6, "beta1": 0.9, "beta2": 0.999}
    x, v, r, m, s = starts.copy(), np.zeros_like(starts), np.zeros_like(starts), np.zeros_like(starts), \
        np.zeros_like(starts)
    d = np.array([1.0, 0.1])
    for k in range(1, 31):
        if name == "sgd":
            x = x - h["epsilon"] * (x * d)
        elif name == "nesterov":
            g = (x + h["alpha"] * v) * d
            v = h["alpha"] * v - h["epsilon"] * g
            x = x + v
        elif name == "adagrad":
            g = x * d
            r = r + g * g
            x = x - h["epsilon"] / (h["delta"] + np.sqrt(r)) * g
        elif name == "rmsprop":
            g = x * d
            r = h["rho"] * r + (1 - h["rho"]) * (g * g)
            x = x - h["epsilon"] / np.sqrt(h["delta"] + r) * g
        else:
            g = x * d
            m = h["beta1"] * m + (1 - h["beta1"]) * g
            s = h["beta2"] * s + (1 - h["beta2"]) * (g * g)
            m_hat = m * (1 / (1 - h["beta1"] ** k))
            s_hat = s * (1 / (1 - h["beta2"] ** k))
            x = x - h["epsilon"] / (h["delta"] + np.sqrt(s_hat)) * m_hat
    names = {hp.name for hp in get(name).hyperparameters}
    hyper = {key: value for key, value in h.items() if key in names}
    t = run(name, Problem.from_text("(x**2 + b*y**2)/2", "x,y"), starts, steps=30, hyperparameters=hyper,
            parameters={"b": 0.1})
    np.testing.assert_allclose(t.final, x, rtol=1e-13, atol=1e-300)
    small = run(name, Problem.from_text("(x**2 + b*y**2)/2", "x,y"), starts[:50], steps=30, hyperparameters=hyper,
                parameters={"b": 0.1})
    np.testing.assert_array_equal(t.final[:50], small.final)  # in place or not, the same numbers
