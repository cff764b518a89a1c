"""The lecture's optimizers, each defined once for symbolic derivation and numeric runs.

See :mod:`symopt.optimizers.definitions` for the registry and the conventions,
:mod:`symopt.optimizers.numeric` for batched float64 and mpmath runs and
:mod:`symopt.optimizers.peers` for the torch.optim / optax equivalents.
"""

from .base import Hyperparameter, Optimizer, SympyOps
from .definitions import MODULES, OPTIMIZERS
from .numeric import MpmathOps, NumpyOps, run
from .peers import PeerConfig, peer_config, peer_table
from .symbolic import StepExpressions, get, state_symbols, symbolic_step, unroll

__all__ = ["Hyperparameter", "MODULES", "MpmathOps", "NumpyOps", "OPTIMIZERS", "Optimizer", "PeerConfig",
           "StepExpressions", "SympyOps", "get", "peer_config", "peer_table", "run", "state_symbols",
           "symbolic_step", "unroll"]
