"""AdaGrad, as the lecture's algorithm box writes it (δ outside the root)."""

from .base import LEARNING_RATE, Optimizer, delta


class AdaGrad(Optimizer):
    """r ← r + g⊙g, θ ← θ − ε/(δ + √r) ⊙ g."""

    name = "adagrad"
    title = "AdaGrad"
    state = ("r",)
    hyperparameters = (LEARNING_RATE, delta(1e-7))
    conventions = ("δ outside the root: ε/(δ + √r); the accumulator starts at 0",)

    def update(self, theta, state, g, h, k, ops, hessian=None):
        r = state["r"] + ops.mul(g, g)
        step = ops.mul(ops.scalar_div(h["epsilon"], ops.add_scalar(h["delta"], ops.sqrt(r))), g)
        return theta - step, {"r": r}


OPTIMIZER = AdaGrad()
