"""RMSProp, as the lecture's algorithm box writes it (δ inside the root)."""

from .base import DECAY, LEARNING_RATE, Optimizer, delta


class RMSProp(Optimizer):
    """r ← ρr + (1 − ρ) g⊙g, θ ← θ − ε/√(δ + r) ⊙ g."""

    name = "rmsprop"
    title = "RMSProp"
    state = ("r",)
    hyperparameters = (LEARNING_RATE, DECAY, delta(1e-6))
    conventions = ("δ inside the root: ε/√(δ + r); the accumulator starts at 0",)

    def update(self, theta, state, g, h, k, ops, hessian=None):
        r = h["rho"] * state["r"] + (1 - h["rho"]) * ops.mul(g, g)
        step = ops.mul(ops.scalar_div(h["epsilon"], ops.sqrt(ops.add_scalar(h["delta"], r))), g)
        return theta - step, {"r": r}


OPTIMIZER = RMSProp()
