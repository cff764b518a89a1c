"""Stochastic gradient descent, as the lecture's algorithm box writes it."""

from .base import LEARNING_RATE, Optimizer


class SGD(Optimizer):
    """θ ← θ − ε g (the learning rate may follow a schedule ε_k)."""

    name = "sgd"
    title = "Stochastic gradient descent"
    hyperparameters = (LEARNING_RATE,)

    def update(self, theta, state, g, h, k, ops, hessian=None):
        return theta - h["epsilon"] * g, state


OPTIMIZER = SGD()
