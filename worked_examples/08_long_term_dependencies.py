"""Long-term dependencies (lecture): repeated multiplication by W gives W^t = V diag(λ)^t V⁻¹.

Components along eigenvectors with |λ| < 1 vanish, those with |λ| > 1 explode (Goodfellow et al.
§8.2.5). Derived with t symbolic, each mode labelled, and verified against W·W^t in float64 and at 50 digits.
Measured: how far a signal along each eigenvector has shrunk or grown after 50 steps — exactly, and in
float64, where rounding leaks into the exploding mode and swamps the vanishing one.

Run: python worked_examples/08_long_term_dependencies.py
"""

import numpy as np
import sympy as sp

from symopt.methods.matrix_power import derive_matrix_power
from symopt.problem import k


def main():
    W = sp.Matrix([[sp.Rational(9, 10), sp.Rational(1, 2)], [sp.Rational(1, 2), sp.Rational(9, 10)]])  # λ = 0.4, 1.4
    result = derive_matrix_power(W)
    print(result.derivation.to_text())
    modes = result.extras["modes"]
    power = result.extras["power"].power
    Wn = np.array(W.tolist(), dtype=float)
    growth, growth_float = {}, {}
    for mode in modes:
        vector = (W - mode.eigenvalue * sp.eye(2)).nullspace()[0]
        vector = vector / sp.sqrt(sum(e**2 for e in vector))
        growth[str(mode.eigenvalue)] = float(sp.sqrt(sum(e**2 for e in (W**50 * vector))))
        # the same in float64: rounding puts a 1e-16 component on the exploding mode, which then dominates
        after = np.linalg.matrix_power(Wn, 50) @ np.array(vector.evalf(20).tolist(), dtype=float)[:, 0]
        growth_float[str(mode.eigenvalue)] = float(np.linalg.norm(after))
    closed_50 = np.array(power.xreplace({k: 50}).evalf(20).tolist(), dtype=float)
    v = result.verification
    return {
        "symbolic": {"power": str(power), "modes": {str(m.eigenvalue): m.label for m in modes}},
        "numeric": {"norm_after_50_steps_by_mode": growth, "float64_norm_after_50_steps_by_mode": growth_float,
                    "closed_form_vs_matrix_power_at_50": float(np.max(np.abs(closed_50 - np.linalg.matrix_power(Wn, 50))
                                                                      / np.abs(np.linalg.matrix_power(Wn, 50)))),
                    "symbolic_substitution": v.symbolic, "float64_max_rel_error": v.float64_max_rel_error,
                    "mpmath_max_rel_error": v.mpmath_max_rel_error},
        "theory": {"norm_after_50_steps_by_mode": {"2/5": 0.4 ** 50, "7/5": 1.4 ** 50},
                   "modes": {"2/5": "vanishing", "7/5": "exploding"}},
    }


if __name__ == "__main__":
    main()
