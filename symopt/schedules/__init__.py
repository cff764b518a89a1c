"""Learning-rate schedules ε_k (k = 1, 2, ...) and the Robbins–Monro conditions on them.

* :mod:`~symopt.schedules.families` — the schedules: the lecture's families, text, callables;
* :mod:`~symopt.schedules.asymptotics` — how ε_k behaves for large k;
* :mod:`~symopt.schedules.convergence` — Σε_k = ∞ and Σε_k² < ∞ decided, with the reasoning.
"""

from .convergence import RobbinsMonro, robbins_monro
from .families import K, Schedule, as_schedule, constant, exponential, from_text, inverse, linear_decay, power

__all__ = ["K", "RobbinsMonro", "Schedule", "as_schedule", "constant", "exponential", "from_text", "inverse",
           "linear_decay", "power", "robbins_monro"]
