"""Nesterov momentum in the lecture's look-ahead form."""

from .momentum import Momentum


class Nesterov(Momentum):
    """θ̃ = θ + αv, g = ∇f(θ̃), v ← αv − εg, θ ← θ + v."""

    name = "nesterov"
    title = "Nesterov momentum"
    conventions = ("the gradient is taken at the look-ahead point θ + αv; iterates are θ "
                   "(torch/optax track the look-ahead point instead)",)

    def probe(self, theta, state, h, ops):
        return theta + h["alpha"] * state["v"]


OPTIMIZER = Nesterov()
