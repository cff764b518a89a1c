"""Empirical risk and surrogate losses (lecture: "Surrogate loss function").

The 0-1 loss of the margin z = y f(x) is a step: its derivative is zero wherever it exists, so it
gives gradient descent nothing to follow. The logistic negative log-likelihood log(1 + e^-z) and
the hinge max(0, 1 - z) are surrogates: both bound the 0-1 loss from above (the logistic one
after dividing by ln 2), and the logistic derivative -1/(1 + e^z) is never zero. So on a linearly
separable training set the surrogate keeps falling after every training point is classified
correctly — the weights grow and the margin widens — and the *test* 0-1 loss can keep falling too.

Run: python worked_examples/01_empirical_risk_and_surrogate_loss.py
"""

import numpy as np
import sympy as sp

from symopt.lecture.surrogate import run_surrogate_demo, surrogate_losses, z
from symopt.numeric import numpy_function


def derivative_check(results):
    """Max |symbolic derivative − central difference| on a grid avoiding the kinks."""
    grid = np.array([-4.0, -1.3, -0.2, 0.4, 0.8, 1.6, 3.0])
    errors = {}
    for name in ("logistic", "hinge"):
        f = numpy_function([z], results[name])
        df = numpy_function([z], results["d_" + name])
        h = 1e-6
        errors[name] = float(np.max(np.abs((f(grid + h) - f(grid - h)) / (2 * h) - df(grid))))
    return errors


def bound_check(results):
    grid = np.linspace(-8, 8, 4001)
    zero_one = numpy_function([z], results["zero_one"])(grid)
    logistic = numpy_function([z], results["logistic"] / sp.log(2))(grid)
    hinge = numpy_function([z], results["hinge"])(grid)
    return float(np.min(logistic - zero_one)), float(np.min(hinge - zero_one))


def main():
    losses = surrogate_losses()
    results = losses.results
    demo = run_surrogate_demo(seed=0, points=40, steps=1500, lr=0.5)
    print(demo.derivation.to_text())
    k = demo.zero_step
    derivative_errors = derivative_check(results)
    logistic_gap, hinge_gap = bound_check(results)
    numeric = {
        "zero_one_reaches_zero_at_step": k,
        "nll_at_that_step": demo.nll[k],
        "nll_final": demo.nll[-1],
        "nll_decreasing_after": demo.nll_decreasing_after_zero,
        "weight_norm_at_that_step": demo.weight_norm[k],
        "weight_norm_final": demo.weight_norm[-1],
        "test_zero_one_at_that_step": demo.test_zero_one[k],
        "test_zero_one_final": demo.test_zero_one[-1],
        "derivative_fd_error": derivative_errors,
        "min_logistic_over_ln2_minus_zero_one": logistic_gap,
        "min_hinge_minus_zero_one": hinge_gap,
    }
    print()
    print(f"training 0-1 loss reaches 0 at step {k}; NLL then {demo.nll[k]:.4f}, after {demo.steps} steps "
          f"{demo.nll[-1]:.4f} (decreasing at every step: {demo.nll_decreasing_after_zero})")
    print(f"test 0-1 loss: {demo.test_zero_one[k]:.4f} at step {k}, {demo.test_zero_one[-1]:.4f} at the end")
    print(f"symbolic derivatives vs central differences: {derivative_errors}")
    return {
        "symbolic": {key: results[key] for key in ("zero_one", "logistic", "hinge", "d_zero_one", "d_logistic",
                                                   "d_hinge", "d2_logistic")},
        "numeric": numeric,
        "theory": {"d_zero_one_away_from_0": 0, "d_logistic_never_zero": True,
                   "nll_decreases_after_zero_one_is_zero": True, "surrogates_bound_zero_one": True,
                   "derivative_fd_error": 0.0},
    }


if __name__ == "__main__":
    main()
