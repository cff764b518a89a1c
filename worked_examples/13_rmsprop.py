"""RMSProp (lecture: "Steps for RMSProp"): r ← ρr + (1 − ρ)g⊙g, θ ← θ − ε/√(δ + r) ⊙ g.

Under a constant gradient g the accumulator solves to r_k = (1 − ρ^k) g² (CS551 lecture, AdaGrad and RMSProp): it forgets the
past geometrically instead of growing like AdaGrad's k g², so the step tends to ε|g|/√(δ + g²)
rather than to zero. The closed form is substituted back into its recurrence with k symbolic,
compared with the unrolled symbolic steps, a float64 run and a 50-digit run. On the ill-conditioned
f = ½(x² + 0.01y²) RMSProp equalises the per-coordinate progress that plain SGD cannot.

Run: python worked_examples/13_rmsprop.py
"""

import mpmath
import numpy as np
import sympy as sp

from symopt import Problem
from symopt.optimizers import run, unroll


def main():
    linear = Problem.from_text("g*x", "x", "g>0")
    g = linear.symbol("g")
    rho = sp.Symbol("rho", nonnegative=True)
    k = sp.Symbol("k", integer=True, nonnegative=True)
    r_closed = (1 - rho ** k) * g ** 2
    residual = sp.simplify(r_closed.subs(k, k + 1) - (rho * r_closed + (1 - rho) * g ** 2))
    initial = r_closed.subs(k, 0)
    history = unroll("rmsprop", linear, {"x": 0}, 4)
    unrolled_match = all(sp.simplify(state["r"][0] - r_closed.subs(k, j)) == 0 for j, (_, state) in enumerate(history))
    print("RMSProp under a constant gradient g:")
    print(f"  closed form r_k = {r_closed}; recurrence residual {residual}; r_0 = {initial}; "
          f"unrolled 4 steps agree: {unrolled_match}")

    values = {"epsilon": 0.01, "rho": 0.9, "delta": 1e-6}
    numeric = run("rmsprop", lambda th: np.full_like(th, 3.0), [0.0], steps=60, hyperparameters=values)
    steps = -np.diff(numeric.path()[:, 0])
    ks = np.arange(1, 61)
    predicted_steps = 0.01 * 3 / np.sqrt(1e-6 + (1 - 0.9 ** ks) * 9)
    float_error = float(np.max(np.abs(steps - predicted_steps)))
    mp = run("rmsprop", Problem.from_text("3*x", "x"), ["0"], steps=60, precision=50,
             hyperparameters={"epsilon": "0.01", "rho": "0.9", "delta": "0.000001"})
    with mpmath.workdps(50):
        predicted = mpmath.mpf(0)
        for j in range(1, 61):
            predicted -= mpmath.mpf("0.01") * 3 / mpmath.sqrt(mpmath.mpf("0.000001") + (1 - mpmath.mpf("0.9") ** j) * 9)
        mp_error = abs(mp.final[0, 0] - predicted)
    print(f"  float64 steps vs ε g/√(δ + (1 − ρ^k) g²): {float_error:.1e}; 50-digit θ_60 error: "
          f"{mpmath.nstr(mp_error, 3)}; limit step ε|g|/√(δ+g²) = {0.03 / np.sqrt(9 + 1e-6):.6f}")

    quadratic = Problem.from_text("(x**2 + b*y**2)/2", "x,y")
    rms = run("rmsprop", quadratic, {"x": 1, "y": 1}, steps=200, parameters={"b": 0.01},
              hyperparameters={"epsilon": 0.01, "rho": 0.9})
    sgd = run("sgd", quadratic, {"x": 1, "y": 1}, steps=200, parameters={"b": 0.01}, hyperparameters={"epsilon": 1.0})
    print(f"  f = (x² + 0.01y²)/2 after 200 steps: RMSProp f = {rms.values()[-1]:.3e} at "
          f"{np.round(rms.path()[-1], 4)}, SGD(ε = 1 = 1/L) f = {sgd.values()[-1]:.3e} at {np.round(sgd.path()[-1], 4)}")
    return {
        "symbolic": {"r_k": sp.sstr(r_closed), "recurrence_residual": sp.sstr(residual)},
        "numeric": {"step_error_float64": float_error, "theta_error_mpmath": float(mp_error),
                    "rmsprop_f_200": float(rms.values()[-1]), "sgd_f_200": float(sgd.values()[-1])},
        "theory": {"r_k": "(1 - rho**k)*g**2", "unrolled_match": unrolled_match,
                   "limit_step": 0.03 / np.sqrt(9 + 1e-6)},
    }


if __name__ == "__main__":
    main()
