"""SGD with momentum, as the lecture's algorithm box writes it (velocity form)."""

from .base import LEARNING_RATE, MOMENTUM, Optimizer


class Momentum(Optimizer):
    """v ← αv − εg, θ ← θ + v."""

    name = "momentum"
    title = "SGD with momentum"
    state = ("v",)
    hyperparameters = (LEARNING_RATE, MOMENTUM)
    conventions = ("velocity form v ← αv − εg (torch.optim.SGD keeps buf = −v/ε instead)",)

    def update(self, theta, state, g, h, k, ops, hessian=None):
        v = h["alpha"] * state["v"] - h["epsilon"] * g
        return theta + v, {"v": v}


OPTIMIZER = Momentum()
