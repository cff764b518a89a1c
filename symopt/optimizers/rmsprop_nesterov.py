"""RMSProp with Nesterov momentum, as the lecture's algorithm box writes it."""

from .base import DECAY, LEARNING_RATE, MOMENTUM, Optimizer, delta


class RMSPropNesterov(Optimizer):
    """θ̃ = θ + αv, g = ∇f(θ̃), r ← ρr + (1 − ρ)g⊙g, v ← αv − ε/√(δ + r) ⊙ g, θ ← θ + v."""

    name = "rmsprop-nesterov"
    title = "RMSProp with Nesterov momentum"
    state = ("r", "v")
    hyperparameters = (LEARNING_RATE, DECAY, MOMENTUM, delta(0))
    conventions = ("the lecture has no δ here; an optional δ inside the root (default 0) guards "
                   "a zero coordinate of the first gradient, which otherwise divides 0 by 0 and is reported as "
                   "divergence (a gradient that is 0 altogether is convergence)",)

    def probe(self, theta, state, h, ops):
        return theta + h["alpha"] * state["v"]

    def update(self, theta, state, g, h, k, ops, hessian=None):
        r = h["rho"] * state["r"] + (1 - h["rho"]) * ops.mul(g, g)
        v = h["alpha"] * state["v"] - ops.mul(ops.scalar_div(h["epsilon"], ops.sqrt(ops.add_scalar(h["delta"], r))), g)
        return theta + v, {"r": r, "v": v}


OPTIMIZER = RMSPropNesterov()
