"""The lecture's closing exercise: steepest descent with exact line search on f = ½(x² + b y²), 0 < b ≤ 1.

"We apply gradient descent with exact line search ... start from (x₀, y₀) = (b, 1). Find (x_k, y_k).
Can you find any interesting property of two consecutive gradients?"

Derived: α_k = gᵀg/gᵀHg = 2/(1+b) for every k, x_k = (−1)^k b((1−b)/(1+b))^k, y_k = ((1−b)/(1+b))^k
(Boyd & Vandenberghe §9.3.2), f(x_k) = ((1−b)/(1+b))^{2k} f(x₀), and consecutive gradients are
orthogonal — proved in general (φ'(α_k) = 0 ⇒ g_{k+1}ᵀg_k = 0) and directly on the closed form.
Measured: the three-way verification, and the zig-zag's right angles in a float64 run.

Run: python worked_examples/17_exact_line_search_exercise.py
"""

import numpy as np
import sympy as sp

from symopt.methods.exact_line_search import exact_line_search, exercise_problem
from symopt.problem import k


def zigzag_angles(b, steps=12):
    """cos of the angle between consecutive gradients of a plain float64 run (0 means a right angle)."""
    x = np.array([b, 1.0])
    H = np.array([1.0, b])
    cosines = []
    for _ in range(steps):
        g = H * x
        step = g @ g / (g @ (H * g))
        x_next = x - step * g
        g_next = H * x_next
        cosines.append(float(g @ g_next / (np.linalg.norm(g) * np.linalg.norm(g_next))))
        x = x_next
    return cosines


def main():
    problem, start = exercise_problem()
    result = exact_line_search(problem, start)
    print(result.derivation.to_text())
    b = problem.symbol("b")
    boyd = {"x": b * ((b - 1) / (b + 1)) ** k, "y": (-(b - 1) / (b + 1)) ** k}
    same_as_boyd = all(sp.simplify((result.closed_form[v] - boyd[v]).xreplace({k: n, b: sp.Rational(1, 10)})) == 0
                       for v in "xy" for n in range(8))
    cosines = zigzag_angles(0.1)
    v = result.verification
    print(f"\ncos(angle between g_k and g_k+1) in a float64 run, b = 0.1: max |cos| = {max(map(abs, cosines)):.1e}")
    return {
        "symbolic": {"step_size": str(result.step_size),
                     "closed_form": {n: str(e) for n, e in result.closed_form.items()},
                     "objective_gap": str(result.derivation.results["objective_gap"]),
                     "orthogonal_gradients": result.orthogonal_gradients},
        "numeric": {"symbolic_substitution": v.symbolic, "float64_max_rel_error": v.float64_max_rel_error,
                    "mpmath_max_rel_error": v.mpmath_max_rel_error, "float64_growth": v.float64_growth,
                    "max_abs_cos_consecutive_gradients": max(map(abs, cosines)), "equals_boyd_closed_form": same_as_boyd},
        "theory": {"step_size": "2/(1 + b)", "x_k": "b((b-1)/(b+1))^k", "y_k": "(-(b-1)/(b+1))^k",
                   "f_ratio": "((b-1)/(b+1))^(2k)", "consecutive_gradients": "orthogonal",
                   "float64_target": 1e-12, "mpmath_target": 1e-45},
    }


if __name__ == "__main__":
    main()
