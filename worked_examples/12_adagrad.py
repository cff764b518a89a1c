"""AdaGrad (lecture: "Steps for AdaGrad"): r ← r + g⊙g, θ ← θ − ε/(δ + √r) ⊙ g.

The rule is symopt's single definition (symopt/optimizers/adagrad.py). Unrolled symbolically on
f = ½(x² + b y²) from (1, 1) it gives the first three iterates in closed form; with δ = 0 every
coordinate moves by exactly ε on the first step, whatever its curvature (the per-coordinate
normalisation the lecture describes). Under a constant gradient g the accumulator solves to
r_k = k g², so the step is ε/√k (CS551 lecture, AdaGrad and RMSProp). Both are checked against float64 and 50-digit runs.

Run: python worked_examples/12_adagrad.py
"""

import mpmath
import numpy as np
import sympy as sp

from symopt import Problem
from symopt.optimizers import run, unroll


def main():
    problem = Problem.from_text("(x**2 + b*y**2)/2", "x,y", "0<b<=1")
    b = problem.symbol("b")
    history = unroll("adagrad", problem, {"x": 1, "y": 1}, 3, {"delta": 0})
    print("AdaGrad (δ = 0) on f = (x² + b y²)/2 from (1, 1), first three iterates:")
    iterates = []
    for k, (theta, state) in enumerate(history):
        theta = theta.applyfunc(lambda e: sp.simplify(sp.factor(e)))
        iterates.append(theta)
        same = sp.simplify(theta[0] - theta[1]) == 0
        print(f"  x_{k} = {sp.sstr(theta[0])}" + ("   (y_k = x_k: with δ = 0 AdaGrad is blind to the curvature b)"
                                                   if same and k == 1 else ("   (y_k = x_k)" if same else
                                                                            f"   y_{k} = {sp.sstr(theta[1])}")))
    eps = sp.Symbol("epsilon", positive=True)
    first_step_equal = all(sp.simplify(iterates[1][i] - (1 - eps)) == 0 for i in range(2))
    print(f"  first step moves both coordinates by exactly ε: {first_step_equal}")

    # the closed form against float64 and 50-digit runs at ε = 0.3, b = 0.1
    values = {eps: sp.Rational(3, 10), b: sp.Rational(1, 10)}
    exact = np.array([[float(c.subs(values)) for c in theta] for theta in iterates])
    float_run = run("adagrad", problem, {"x": 1, "y": 1}, steps=3, parameters={"b": 0.1},
                    hyperparameters={"epsilon": 0.3, "delta": 0})
    mp_run = run("adagrad", problem, {"x": 1, "y": 1}, steps=3, parameters={"b": "0.1"},
                 hyperparameters={"epsilon": "0.3", "delta": 0}, precision=50)
    float_error = float(np.max(np.abs(float_run.path() - exact)))
    with mpmath.workdps(50):
        mp_error = max(abs(mp_run.path()[j, i] - mpmath.mpf(str(sp.N(iterates[j][i].subs(values), 60))))
                       for j in range(4) for i in range(2))
    print(f"  closed form vs float64 run: {float_error:.1e}; vs 50-digit run: {mpmath.nstr(mp_error, 3)}")

    # constant gradient -> r_k = k g^2, step eps/sqrt(k)
    linear = Problem.from_text("g*x", "x", "g>0")
    g = linear.symbol("g")
    steps = unroll("adagrad", linear, {"x": 0}, 5, {"delta": 0})
    accumulators = [state["r"][0] for _, state in steps]
    k = sp.Symbol("k", integer=True, positive=True)
    r_closed = k * g ** 2
    matches = all(sp.simplify(r - r_closed.subs(k, j)) == 0 for j, r in enumerate(accumulators))
    # the closed form solves the recurrence r_k = r_{k-1} + g^2 with k symbolic
    recurrence_residual = sp.simplify(r_closed - (r_closed.subs(k, k - 1) + g ** 2))
    step_sizes = [sp.simplify(steps[j - 1][0][0] - steps[j][0][0]) for j in range(1, 6)]
    print(f"  constant gradient g: r_k = {r_closed} (unrolled 5 steps agree: {matches}; "
          f"recurrence residual {recurrence_residual}); steps: {[sp.sstr(s) for s in step_sizes]}")
    numeric_r = run("adagrad", lambda th: np.full_like(th, 2.0), [0.0], steps=100,
                    hyperparameters={"epsilon": 1, "delta": 0})
    numeric_steps = -np.diff(numeric_r.path()[:, 0])
    theory_steps = 1 / np.sqrt(np.arange(1, 101))
    print(f"  float64, g = 2: max |Δθ_k − ε/√k| over 100 steps = {np.max(np.abs(numeric_steps - theory_steps)):.1e}")

    return {
        "symbolic": {"iterates": [[sp.sstr(c) for c in t] for t in iterates], "r_k": sp.sstr(r_closed)},
        "numeric": {"float64_error": float_error, "mpmath_error": float(mp_error),
                    "constant_gradient_step_error": float(np.max(np.abs(numeric_steps - theory_steps)))},
        "theory": {"first_step_moves_by_epsilon": first_step_equal, "r_k_equals_k_g2": matches,
                   "step": "epsilon/sqrt(k)"},
    }


if __name__ == "__main__":
    main()
