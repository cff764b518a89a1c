"""Adam (Kingma & Ba 2015): the whole of adding an optimizer to symopt is a module like this one.

Write the update once against the ``ops`` interface (``+``, ``-``, scalar ``*``
work directly; elementwise ``mul``/``sqrt``/``scalar_div``/``add_scalar`` and
``power`` go through ``ops``), declare the state vectors and hyperparameters
with their ranges, expose ``OPTIMIZER``, and list the module in
:data:`symopt.optimizers.definitions.MODULES`. Symbolic steps, unrolling,
batched float64 runs, mpmath runs, the CLI and the peer table then work for it.
"""

from .base import Hyperparameter, Optimizer, delta, positive, unit_interval


class Adam(Optimizer):
    """m ← β₁m + (1 − β₁)g, s ← β₂s + (1 − β₂)g⊙g, θ ← θ − ε m̂/(√ŝ + δ), bias-corrected by 1 − βᵏ."""

    name = "adam"
    title = "Adam"
    state = ("m", "s")
    hyperparameters = (
        Hyperparameter("epsilon", "learning rate", 0.001, positive("epsilon"), latex=r"\epsilon"),
        Hyperparameter("beta1", "first-moment decay", 0.9, unit_interval("beta1"), latex=r"\beta_1"),
        Hyperparameter("beta2", "second-moment decay", 0.999, unit_interval("beta2"), latex=r"\beta_2"),
        delta(1e-8),
    )
    conventions = ("δ is added outside the root, after bias correction (as torch.optim.Adam's eps); "
                   "the bias correction uses the step index k = 1, 2, ...",)

    def update(self, theta, state, g, h, k, ops, hessian=None):
        m = h["beta1"] * state["m"] + (1 - h["beta1"]) * g
        s = h["beta2"] * state["s"] + (1 - h["beta2"]) * ops.mul(g, g)
        m_hat = m * (1 / (1 - ops.power(h["beta1"], k)))
        s_hat = s * (1 / (1 - ops.power(h["beta2"], k)))
        step = ops.mul(ops.scalar_div(h["epsilon"], ops.add_scalar(h["delta"], ops.sqrt(s_hat))), m_hat)
        return theta - step, {"m": m, "s": s}


OPTIMIZER = Adam()
