"""Newton's method (lecture: θ ← θ − H⁻¹g): one step on a quadratic, saddles, and f = x⁴ (Goodfellow et al. §8.6.1).

On a quadratic with invertible H the Newton step lands on the stationary point from anywhere — a saddle
as readily as a minimum (Goodfellow et al. §8.6.1). On f = x⁴ the Newton map is x ↦ 2x/3, so
x_k = (2/3)^k x₀: linear, not quadratic, convergence to a minimiser where f'' = 0. Derived, verified
three ways, and compared with plain runs.

Run: python worked_examples/15_newton.py
"""

import warnings

import sympy as sp

from symopt import Problem
from symopt.methods.newton import newton


def main():
    quartic = newton(Problem.from_text("x**4", "x"), {"x": 3})
    print(quartic.derivation.to_text())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        saddle = newton(Problem.from_text("x**2 - y**2 + x*y + x", "x,y"), {"x": 1, "y": 2})
    print()
    print(saddle.derivation.to_text())
    x = 3.0
    run = [x]
    for _ in range(30):
        x = x - 4 * x**3 / (12 * x**2)
        run.append(x)
    ratios = [run[i + 1] / run[i] for i in range(30)]
    x1 = [float(saddle.closed_form[v].subs(sp.Symbol("k", integer=True, nonnegative=True), 1)) for v in "xy"]
    return {
        "symbolic": {"quartic_closed_form": str(quartic.closed_form["x"]), "saddle_kind": saddle.extras["kind"],
                     "stationary_point": [str(e) for e in saddle.extras["stationary_point"]]},
        "numeric": {"quartic_ratio_min": min(ratios), "quartic_ratio_max": max(ratios),
                    "quartic_float64_max_rel_error": quartic.verification.float64_max_rel_error,
                    "quartic_mpmath_max_rel_error": quartic.verification.mpmath_max_rel_error,
                    "saddle_after_one_step": x1, "saddle_warning_raised": any("saddle" in str(w.message)
                                                                            for w in caught)},
        "theory": {"quartic_ratio": 2 / 3, "saddle_after_one_step": [-0.4, -0.2]},
    }


if __name__ == "__main__":
    main()
