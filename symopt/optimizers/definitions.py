"""The registry of optimizers: the lecture's seven (plus Adam), one small module each.

Conventions (the ones peers differ on; see :mod:`symopt.optimizers.peers`):

* steps are counted from k = 1 (a schedule's ε_k is the learning rate of step k);
  state vectors start at 0;
* AdaGrad: Δθ = −ε/(δ + √r) ⊙ g — δ **outside** the root;
* RMSProp: Δθ = −ε/√(δ + r) ⊙ g — δ **inside** the root;
* RMSProp with Nesterov: v ← αv − ε/√r ⊙ g, as in the lecture (no δ: a zero
  gradient coordinate on the first step divides 0 by 0, which a run reports as divergence);
  an optional δ inside the root, default 0, guards it;
* momentum: v ← αv − εg, θ ← θ + v; Nesterov takes g at θ + αv and reports θ
  (not the look-ahead point);
* Newton: θ ← θ − H⁻¹g with the Hessian at θ; a singular Hessian stops the run (status
  ``singular``), and objectives with kinks or jumps are refused.

To add an optimizer, write a module like :mod:`symopt.optimizers.adam` and add its
name to :data:`MODULES`.

>>> list(OPTIMIZERS)
['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'rmsprop-nesterov', 'newton', 'adam']
"""

import importlib

from .adagrad import AdaGrad
from .adam import Adam
from .momentum import Momentum
from .nesterov import Nesterov
from .newton import Newton
from .rmsprop import RMSProp
from .rmsprop_nesterov import RMSPropNesterov
from .sgd import SGD

#: Modules under symopt.optimizers that each define one ``OPTIMIZER``, in the order they are listed.
MODULES = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "rmsprop_nesterov", "newton", "adam")


def _collect():
    registry = {}
    for module_name in MODULES:
        optimizer = importlib.import_module(f"{__package__}.{module_name}").OPTIMIZER
        registry[optimizer.name] = optimizer
    return registry


#: ``{name: Optimizer}``; read-only by convention (optimizers are stateless).
OPTIMIZERS = _collect()

__all__ = ["MODULES", "OPTIMIZERS", "SGD", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "RMSPropNesterov",
           "Newton", "Adam"]
