"""Nesterov momentum (lecture: gradient at the look-ahead θ + αv) on a quadratic: rate 1 − 1/√κ (Nesterov, Introductory Lectures §2.2; Sutskever et al. 2013).

With ε = 1/L and α = (√κ − 1)/(√κ + 1) the mode λ = μ has a double root 1 − 1/√κ and every other mode
complex roots of smaller modulus: the spectral radius is exactly 1 − 1/√κ. sympy proves it after the
reparametrisation √κ = 1 + e, e > 0 (it has no relational assumptions). The closed form for κ = 16 is
derived, verified three ways, and the rate is measured on a run.

Run: python worked_examples/11_nesterov.py
"""

import numpy as np
import sympy as sp

from symopt import Problem
from symopt.methods.momentum import momentum, nesterov_rate_proof


def measured_radius(kappa, steps=600):
    q = np.sqrt(kappa)
    alpha, eps = (q - 1) / (q + 1), 1.0
    h = np.array([1.0, 1 / kappa])
    x, v = np.array([1.0, 1.0]), np.zeros(2)
    norms = []
    for _ in range(steps):
        g = h * (x + alpha * v)
        v = alpha * v - eps * g
        x = x + v
        norms.append(np.linalg.norm(x))
    return float((norms[-1] / norms[-201]) ** (1 / 200))


def main():
    steps, proved = nesterov_rate_proof()
    p = Problem.from_text("(x**2 + y**2/16)/2", "x,y")              # L = 1, mu = 1/16, sqrt(kappa) = 4
    result = momentum(p, {"x": 1, "y": 1}, lr=1, momentum=sp.Rational(3, 5), nesterov=True)
    print(result.derivation.to_text())
    return {
        "symbolic": {"nesterov_rate_proved": proved, "rate": str(result.rate),
                     "closed_form_x": str(result.closed_form["x"])},
        "numeric": {"measured_rate_kappa16": measured_radius(16.0),
                    "symbolic_substitution": result.verification.symbolic,
                    "float64_max_rel_error": result.verification.float64_max_rel_error,
                    "mpmath_max_rel_error": result.verification.mpmath_max_rel_error},
        "theory": {"rate_kappa16": 1 - 1 / 4, "rate": "1 - 1/sqrt(kappa)"},
    }


if __name__ == "__main__":
    main()
