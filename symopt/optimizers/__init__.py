"""The lecture's optimizers, each defined once for symbolic derivation and numeric runs.

See :mod:`symopt.optimizers.definitions` for the rules and their conventions.
"""

from .base import Hyperparameter, Optimizer, SympyOps
from .definitions import OPTIMIZERS
from .symbolic import StepExpressions, get, state_symbols, symbolic_step, unroll

__all__ = ["Hyperparameter", "OPTIMIZERS", "Optimizer", "StepExpressions", "SympyOps", "get", "state_symbols",
           "symbolic_step", "unroll"]
