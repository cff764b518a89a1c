"""The lecture's optimizers, each written exactly as the lecture's algorithm box (plus Adam).

Conventions (the ones peers differ on; see :mod:`symopt.optimizers.peers`):

* steps are counted from k = 1; state vectors start at 0;
* AdaGrad: Δθ = −ε/(δ + √r) ⊙ g — δ **outside** the root;
* RMSProp: Δθ = −ε/√(δ + r) ⊙ g — δ **inside** the root;
* RMSProp with Nesterov: v ← αv − ε/√r ⊙ g, as in the lecture (no δ: a zero
  gradient on the first step divides by zero, which a run reports as divergence);
  an optional δ inside the root, default 0, guards it;
* momentum: v ← αv − εg, θ ← θ + v; Nesterov takes g at θ + αv.
"""

from .base import Hyperparameter, Optimizer

LEARNING_RATE = Hyperparameter("epsilon", "learning rate", 0.01, lower=0, lower_open=True, latex=r"\epsilon")
MOMENTUM = Hyperparameter("alpha", "momentum", 0.9, lower=0, upper=1, upper_open=True, latex=r"\alpha")
DECAY = Hyperparameter("rho", "decay rate", 0.9, lower=0, upper=1, upper_open=True, latex=r"\rho")


def _delta(default):
    return Hyperparameter("delta", "small constant for numerical stability", default, lower=0, latex=r"\delta")


class SGD(Optimizer):
    """θ ← θ − ε g (the learning rate may follow a schedule ε_k)."""

    name = "sgd"
    title = "Stochastic gradient descent"
    hyperparameters = (LEARNING_RATE,)

    def update(self, theta, state, g, h, k, ops, hessian=None):
        return theta - h["epsilon"] * g, state


class Momentum(Optimizer):
    """v ← αv − εg, θ ← θ + v."""

    name = "momentum"
    title = "SGD with momentum"
    state = ("v",)
    hyperparameters = (LEARNING_RATE, MOMENTUM)

    def update(self, theta, state, g, h, k, ops, hessian=None):
        v = h["alpha"] * state["v"] - h["epsilon"] * g
        return theta + v, {"v": v}


class Nesterov(Momentum):
    """θ̃ = θ + αv, g = ∇f(θ̃), v ← αv − εg, θ ← θ + v."""

    name = "nesterov"
    title = "Nesterov momentum"

    def probe(self, theta, state, h, ops):
        return theta + h["alpha"] * state["v"]


class AdaGrad(Optimizer):
    """r ← r + g⊙g, θ ← θ − ε/(δ + √r) ⊙ g."""

    name = "adagrad"
    title = "AdaGrad"
    state = ("r",)
    hyperparameters = (LEARNING_RATE, _delta(1e-7))

    def update(self, theta, state, g, h, k, ops, hessian=None):
        r = state["r"] + ops.mul(g, g)
        step = ops.mul(ops.scalar_div(h["epsilon"], ops.add_scalar(h["delta"], ops.sqrt(r))), g)
        return theta - step, {"r": r}


class RMSProp(Optimizer):
    """r ← ρr + (1 − ρ) g⊙g, θ ← θ − ε/√(δ + r) ⊙ g."""

    name = "rmsprop"
    title = "RMSProp"
    state = ("r",)
    hyperparameters = (LEARNING_RATE, DECAY, _delta(1e-6))

    def update(self, theta, state, g, h, k, ops, hessian=None):
        r = h["rho"] * state["r"] + (1 - h["rho"]) * ops.mul(g, g)
        step = ops.mul(ops.scalar_div(h["epsilon"], ops.sqrt(ops.add_scalar(h["delta"], r))), g)
        return theta - step, {"r": r}


class RMSPropNesterov(Optimizer):
    """θ̃ = θ + αv, g = ∇f(θ̃), r ← ρr + (1 − ρ)g⊙g, v ← αv − ε/√(δ + r) ⊙ g, θ ← θ + v."""

    name = "rmsprop-nesterov"
    title = "RMSProp with Nesterov momentum"
    state = ("r", "v")
    hyperparameters = (LEARNING_RATE, DECAY, MOMENTUM, _delta(0))

    def probe(self, theta, state, h, ops):
        return theta + h["alpha"] * state["v"]

    def update(self, theta, state, g, h, k, ops, hessian=None):
        r = h["rho"] * state["r"] + (1 - h["rho"]) * ops.mul(g, g)
        v = h["alpha"] * state["v"] - ops.mul(ops.scalar_div(h["epsilon"], ops.sqrt(ops.add_scalar(h["delta"], r))), g)
        return theta + v, {"r": r, "v": v}


class Newton(Optimizer):
    """θ ← θ − H⁻¹g (H, the Hessian at θ, must be invertible)."""

    name = "newton"
    title = "Newton's method"
    needs_hessian = True

    def update(self, theta, state, g, h, k, ops, hessian=None):
        return theta - ops.solve(hessian, g), state


class Adam(Optimizer):
    """m ← β₁m + (1 − β₁)g, s ← β₂s + (1 − β₂)g⊙g, θ ← θ − ε m̂/(√ŝ + δ), bias-corrected by 1 − βᵏ."""

    name = "adam"
    title = "Adam"
    state = ("m", "s")
    hyperparameters = (
        Hyperparameter("epsilon", "learning rate", 0.001, lower=0, lower_open=True, latex=r"\epsilon"),
        Hyperparameter("beta1", "first-moment decay", 0.9, lower=0, upper=1, upper_open=True, latex=r"\beta_1"),
        Hyperparameter("beta2", "second-moment decay", 0.999, lower=0, upper=1, upper_open=True,
                       latex=r"\beta_2"),
        _delta(1e-8),
    )
    conventions = ("δ is added outside the root, after bias correction (as torch.optim.Adam's eps)",)

    def update(self, theta, state, g, h, k, ops, hessian=None):
        m = h["beta1"] * state["m"] + (1 - h["beta1"]) * g
        s = h["beta2"] * state["s"] + (1 - h["beta2"]) * ops.mul(g, g)
        m_hat = m * (1 / (1 - ops.power(h["beta1"], k)))
        s_hat = s * (1 / (1 - ops.power(h["beta2"], k)))
        step = ops.mul(ops.scalar_div(h["epsilon"], ops.add_scalar(h["delta"], ops.sqrt(s_hat))), m_hat)
        return theta - step, {"m": m, "s": s}


OPTIMIZERS = {cls.name: cls() for cls in (SGD, Momentum, Nesterov, AdaGrad, RMSProp, RMSPropNesterov, Newton, Adam)}

__all__ = ["OPTIMIZERS", "SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "RMSPropNesterov", "Newton",
           "Adam"]
