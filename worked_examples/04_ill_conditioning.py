"""Ill-conditioning (lecture: "Ill conditioning"): when a gradient step makes the loss worse.

A second-order model along −g gives f(w − εg) ≈ f(w) − εgᵀg + ½ε²gᵀHg. The
step increases f as soon as ½ε²gᵀHg > εgᵀg, i.e. ε > 2gᵀg/gᵀHg, and the best
step along −g is ε* = gᵀg/gᵀHg. With a fixed step, gradient descent on a
quadratic must keep ε < 2/λ_max, and then the slowest direction contracts by
|1 − ελ_min| per step: with κ = λ_max/λ_min large, progress is slow. The best
fixed step 2/(λ_min + λ_max) gives the rate (κ − 1)/(κ + 1).

Objective: the lecture's f = ½(x² + b y²), 0 < b <= 1, so κ = 1/b; measured at b = 1/100.

Run: python worked_examples/04_ill_conditioning.py
"""

import mpmath
import numpy as np
import sympy as sp

from symopt.analysis import analyze
from symopt.assumptions import Domain
from symopt.derivation import Step, Table
from symopt.numeric import mpmath_function, numpy_function
from symopt.problem import Problem
from symopt.quantities import Sub
from symopt.render import text

x, y, b = sp.symbols("x y b", real=True)
B_VALUE = sp.Rational(1, 100)
POINT = {"x": 1, "y": 1}
DIVERGING_STEP = 2.05  # just above 2/λ_max = 2


def lecture_problem():
    return Problem.from_expression((x**2 + b * y**2) / 2, [x, y], [Domain("b", 0, True, 1, False)])


def derive():
    """analyze() at (1, 1) with b symbolic, plus the fixed-step rates of gradient descent."""
    problem = lecture_problem()
    analysis = analyze(problem, at=POINT)
    b_symbol = problem.symbol("b")
    eps = sp.Symbol("epsilon", positive=True)
    lam_min, lam_max = b_symbol, sp.Integer(1)  # eigenvalues of diag(1, b) with 0 < b <= 1
    best_fixed = 2 / (lam_min + lam_max)
    rate_best = sp.simplify(1 - best_fixed * lam_min)
    kappa = analysis.condition_number
    assert sp.simplify(rate_best - (kappa - 1) / (kappa + 1)) == 0, "best fixed rate must be (κ−1)/(κ+1)"
    k = sp.Symbol("k")
    extra = (
        Step("Gradient descent, slowest direction", 1 - eps * lam_min, Sub(y, k + 1) / Sub(y, k),
             r"$y_{k+1} = (1 - \epsilon b) y_k$", name="slow_factor"),
        Step("Stable fixed steps", sp.Interval.open(0, 2 / lam_max), eps,
             r"$|1 - \epsilon\lambda_i| < 1$ for every $\lambda_i$", relation="in"),
        Step("Best fixed step", best_fixed, Sub(eps, sp.Symbol("fix")), r"$2/(\lambda_{\min} + \lambda_{\max})$",
             name="best_fixed_step", key=True),
        Step("Its contraction rate", rate_best, sp.Symbol("rho"), r"$(\kappa - 1)/(\kappa + 1)$ with $\kappa = 1/b$",
             name="rate", final=True),
    )
    derivation = analysis.derivation.extend(extra)
    return problem, analysis, derivation


def gradient_descent(step, b_value, iterations):
    """Iterates of w <- w − ε∇f on ½(x² + b y²) from (1, 1), in float64."""
    w = np.array([1.0, 1.0])
    scale = np.array([1.0, b_value])
    path = [w.copy()]
    for _ in range(iterations):
        w = w - step * scale * w
        path.append(w.copy())
    return np.array(path)


def measure(problem, analysis):
    b_value = float(B_VALUE)
    results = {}
    # 1. the second-order change is exact for a quadratic: compare f(w − εg) − f(w) in float64 and 50 digits
    change = analysis.step["change"]
    eps = analysis.step["step"]
    b_symbol = problem.symbol("b")
    f = problem.expression
    g = problem.gradient
    shifted = f.subs({x: x - eps * g[0], y: y - eps * g[1]}, simultaneous=True)
    actual = numpy_function([x, y, b_symbol, eps], shifted - f)
    model = numpy_function([b_symbol, eps], change)
    steps = np.array([0.5, 1.0, 1.5, 1.99, 2.5])
    results["change_float64_max_error"] = float(np.max(np.abs(actual(1.0, 1.0, b_value, steps)
                                                             - model(b_value, steps))))
    actual_mp = mpmath_function([x, y, b_symbol, eps], shifted - f)
    model_mp = mpmath_function([b_symbol, eps], change)
    with mpmath.workdps(50):
        errors = [abs(actual_mp(1, 1, mpmath.mpf(1) / 100, mpmath.mpf(s)) - model_mp(mpmath.mpf(1) / 100,
                                                                                      mpmath.mpf(s)))
                  for s in ("0.5", "1", "1.5", "1.99", "2.5")]
        results["change_mpmath50_max_error"] = float(max(errors))
    # 2. where a step increases f: measured sign change against the threshold 2 gᵀg / gᵀHg
    threshold = float((2 * analysis.step["gg"] / analysis.step["gHg"]).subs(b_symbol, B_VALUE))
    low, high = 0.01, 10.0  # f decreases at low, increases at high: bisect the measured sign change
    assert actual(1.0, 1.0, b_value, low) < 0 < actual(1.0, 1.0, b_value, high)
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if actual(1.0, 1.0, b_value, middle) <= 0 else (low, middle)
    results["first_increasing_step"] = high
    results["increase_threshold"] = threshold
    # 3. fixed-step gradient descent: measured contraction of the slow coordinate vs theory
    best = 2 / (1 + b_value)
    path = gradient_descent(best, b_value, 200)
    ratios = np.abs(path[1:, 1] / path[:-1, 1])
    results["rate_best_fixed_measured"] = float(np.exp(np.mean(np.log(ratios))))
    path = gradient_descent(1.0, b_value, 2000)
    f_values = 0.5 * (path[:, 0] ** 2 + b_value * path[:, 1] ** 2)
    results["iterations_to_1e-6_eps1"] = int(np.argmax(f_values < 1e-6 * f_values[0]))
    diverging = gradient_descent(DIVERGING_STEP, b_value, 200)
    results["growth_per_step_eps_2.05"] = float(np.exp(np.mean(np.log(np.abs(diverging[1:, 0] / diverging[:-1, 0])))))
    results["diverges_above_2_over_lambda_max"] = bool(abs(diverging[-1, 0]) > 1e3)
    return results


def main():
    problem, analysis, derivation = derive()
    numeric = measure(problem, analysis)
    b_symbol = problem.symbol("b")
    kappa = float(analysis.condition_number.subs(b_symbol, B_VALUE))
    rate_theory = (kappa - 1) / (kappa + 1)
    # f_k = ½(x_k² + b y_k²) with x_k = 0 after one step and y_k = (1 − b)^k: f_k/f_0 = b(1−b)^{2k}/(1+b)
    bv = float(B_VALUE)
    iterations_theory = int(np.ceil(np.log(1e-6 * (1 + bv) / bv) / (2 * np.log(1 - bv))))
    threshold_theory = float((2 * analysis.step["gg"] / analysis.step["gHg"]).subs(b_symbol, B_VALUE))
    table = Table(f"Verification at b = {B_VALUE} (kappa = {kappa:g})", ("quantity", "theory", "measured"), (
        ("first step size that increases f from (1, 1)", f"{threshold_theory:.12f}",
         f"{numeric['first_increasing_step']:.12f}"),
        ("contraction per step, best fixed step", f"{rate_theory:.6f}", f"{numeric['rate_best_fixed_measured']:.6f}"),
        ("GD steps to f_k < 1e-6 f_0 with eps = 1", str(iterations_theory), str(numeric["iterations_to_1e-6_eps1"])),
        (f"growth per step of x with eps = {DIVERGING_STEP} > 2/lambda_max", f"{abs(1 - DIVERGING_STEP):.6f}",
         f"{numeric['growth_per_step_eps_2.05']:.6f}"),
        ("|second-order change - exact change|, float64", "0", f"{numeric['change_float64_max_error']:.1e}"),
        ("|second-order change - exact change|, mpmath 50", "0", f"{numeric['change_mpmath50_max_error']:.1e}"),
    ))
    derivation = derivation.extend(tables=(table,))
    print(text(derivation))
    return {
        "symbolic": {"condition_number": analysis.condition_number, "change": analysis.step["change"],
                     "best_step_along_g": analysis.step["best_step"],
                     "best_fixed_step": derivation.results["best_fixed_step"], "rate": derivation.results["rate"]},
        "numeric": numeric,
        "theory": {"kappa": kappa, "rate_best_fixed": rate_theory, "iterations_to_1e-6_eps1": iterations_theory,
                   "increase_threshold": threshold_theory, "change_error": 0.0,
                   "growth_per_step_eps_2.05": abs(1 - DIVERGING_STEP)},
    }


if __name__ == "__main__":
    main()
