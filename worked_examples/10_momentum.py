"""Momentum (lecture: v ← αv − εg, θ ← θ + v): terminal velocity and closed-form iterates on a quadratic.

Under a constant gradient v_k = −εg(1 − α^k)/(1 − α) → −εg/(1 − α): with α = 0.9 steps are 10× larger
(CS551 lecture, Momentum). On f = ½(x² + b y²) each eigenmode follows a 2×2 transition matrix; at Polyak's parameters
ε* = 4/(√L+√μ)², α* = ((√L−√μ)/(√L+√μ))² both extreme modes have double roots, so the iterates are
(C₀ + C₁k)ρ^k with ρ = (√κ−1)/(√κ+1) (Polyak 1964; Goh, Distill 2017). Derived symbolically and verified three ways; measured on runs.

Run: python worked_examples/10_momentum.py
"""

import numpy as np
import sympy as sp

from symopt import Problem
from symopt.methods.momentum import momentum, terminal_velocity


def measured_terminal_velocity(eps=0.01, alpha=0.9, g=1.0, steps=200):
    v = 0.0
    for _ in range(steps):
        v = alpha * v - eps * g
    return v


def measured_rate(eps, alpha, b, steps=400):
    x, v = np.array([1.0, 1.0]), np.zeros(2)
    h = np.array([1.0, b])
    norms = []
    for _ in range(steps):
        v = alpha * v - eps * h * x
        x = x + v
        norms.append(np.linalg.norm(x))
    return float((norms[-1] / norms[-101]) ** (1 / 100))


def main():
    tv = terminal_velocity()
    print(tv.derivation.to_text())
    p = Problem.from_text("(x**2 + y**2/9)/2", "x,y")     # mu = 1/9, L = 1, kappa = 9
    polyak = momentum(p, {"x": 1, "y": 1}, lr=sp.Rational(9, 4), momentum=sp.Rational(1, 4))
    print()
    print(polyak.derivation.to_text())
    return {
        "symbolic": {"v_k": str(tv.closed_form["v"]), "terminal_velocity": str(tv.extras["terminal"]),
                     "polyak_x_k": str(polyak.closed_form["x"]), "polyak_rate": str(polyak.rate)},
        "numeric": {"terminal_velocity_eps0.01_alpha0.9_g1": measured_terminal_velocity(),
                    "measured_rate_at_polyak_parameters": measured_rate(9 / 4, 0.25, 1 / 9),
                    "terminal_float64_max_rel_error": tv.verification.float64_max_rel_error,
                    "polyak_float64_max_rel_error": polyak.verification.float64_max_rel_error,
                    "polyak_mpmath_max_rel_error": polyak.verification.mpmath_max_rel_error,
                    "polyak_symbolic": polyak.verification.symbolic},
        "theory": {"terminal_velocity_eps0.01_alpha0.9_g1": -0.01 / (1 - 0.9), "speedup_at_0.9": 10,
                   "rate_at_polyak_parameters": (3 - 1) / (3 + 1),
                   "polyak_parameters": "eps* = 4/(1 + 1/3)^2 = 9/4, alpha* = ((1 - 1/3)/(1 + 1/3))^2 = 1/4"},
    }


if __name__ == "__main__":
    main()
