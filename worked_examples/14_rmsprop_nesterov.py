"""RMSProp with Nesterov momentum (lecture: "Steps for RMSProp with Nesterov").

θ̃ = θ + αv, g = ∇f(θ̃), r ← ρr + (1 − ρ)g⊙g, v ← αv − ε/√r ⊙ g, θ ← θ + v.

The lecture's rule has no δ; symopt keeps it that way (optional δ inside the root, default 0).
So a zero gradient on the first step divides 0 by 0: symopt reports that run as diverged at step 1
instead of returning NaN. The first step is derived symbolically (θ₁ = θ₀ − ε·sign(g₀)/√(1 − ρ) per
coordinate), the run is checked against optax's mapping (rmsprop(..., momentum=α, nesterov=True)
after the change of variables θ = p − α·trace), reproduced here in plain numpy.

Run: python worked_examples/14_rmsprop_nesterov.py
"""

import numpy as np
import sympy as sp

from symopt import Problem
from symopt.optimizers import peer_config, run, unroll


def optax_style(grad, p, steps, eps, rho, alpha, delta=0.0):
    """optax.rmsprop(eps, decay=rho, eps=delta, eps_in_sqrt=True, momentum=alpha, nesterov=True), in numpy."""
    nu = np.zeros_like(p)
    trace = np.zeros_like(p)
    thetas = [p.copy()]
    for _ in range(steps):
        g = grad(p)
        nu = rho * nu + (1 - rho) * g * g
        u = -eps * g / np.sqrt(nu + delta)
        trace = u + alpha * trace
        p = p + u + alpha * trace
        thetas.append(p - alpha * trace)  # the lecture's θ from optax's look-ahead parameter
    return np.array(thetas)


def main():
    problem = Problem.from_text("(x**2 + b*y**2)/2", "x,y", "0<b<=1")
    history = unroll("rmsprop-nesterov", problem, {"x": 1, "y": 1}, 1, {"delta": 0})
    theta1 = history[1][0]
    eps, rho = sp.Symbol("epsilon", positive=True), sp.Symbol("rho", nonnegative=True)
    predicted = 1 - eps / sp.sqrt(1 - rho)
    first_ok = all(sp.simplify(theta1[i] - predicted) == 0 for i in range(2))
    print(f"first step from (1, 1): θ₁ = ({sp.sstr(theta1[0])}, {sp.sstr(theta1[1])}); "
          f"equals 1 − ε/√(1 − ρ) per coordinate: {first_ok}")

    hyper = {"epsilon": 0.01, "rho": 0.9, "alpha": 0.9}
    ours = run("rmsprop-nesterov", problem, {"x": 1, "y": 1}, steps=300, parameters={"b": 0.1},
               hyperparameters=hyper)
    peer = optax_style(lambda t: t * np.array([1.0, 0.1]), np.array([1.0, 1.0]), 300, 0.01, 0.9, 0.9)
    difference = float(np.max(np.abs(ours.path() - peer)))
    config = peer_config("rmsprop-nesterov", hyper, "optax")
    print(f"optax mapping: {config}")
    print(f"max |symopt − optax-style| over 300 steps: {difference:.1e}; f_300 = {ours.values()[-1]:.3e}")

    # a gradient coordinate that is 0 on the first step divides 0 by √0 when δ = 0 (a gradient that is 0
    # altogether is a converged run)
    on_axis = run("rmsprop-nesterov", problem, {"x": 0, "y": 1}, steps=5, parameters={"b": 0.1},
                  hyperparameters=hyper)
    guarded = run("rmsprop-nesterov", problem, {"x": 0, "y": 1}, steps=5, parameters={"b": 0.1},
                  hyperparameters={**hyper, "delta": 1e-8})
    at_minimum = run("rmsprop-nesterov", problem, {"x": 0, "y": 0}, steps=5, parameters={"b": 0.1},
                     hyperparameters=hyper)
    print(f"start on the axis (g_x = 0): δ = 0 -> {on_axis.status[0]} ({on_axis.reason[0]}); "
          f"δ = 1e-8 -> {guarded.status[0]}; start at the minimum -> {at_minimum.status[0]}")
    return {
        "symbolic": {"theta_1": [sp.sstr(c) for c in theta1]},
        "numeric": {"max_difference_vs_optax_style": difference, "f_300": float(ours.values()[-1]),
                    "zero_gradient_status": str(on_axis.status[0]), "guarded_status": str(guarded.status[0]),
                    "at_minimum_status": str(at_minimum.status[0])},
        "theory": {"theta_1": sp.sstr(predicted), "first_step_matches": first_ok, "optax_exact": config.exact,
                   "zero_gradient_without_delta": "0/0: reported as diverged"},
    }


if __name__ == "__main__":
    main()
