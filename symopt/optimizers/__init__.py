"""The lecture's optimizers, each defined once for symbolic derivation and numeric runs.

See :mod:`symopt.optimizers.definitions` for the registry and the conventions,
:mod:`symopt.optimizers.runs` for batched float64 and mpmath runs and
:mod:`symopt.optimizers.peers` for the torch.optim / optax equivalents.

Importing this package loads sympy but not numpy: the names of numeric runs
(:func:`run`, :class:`NumpyOps`, :class:`MpmathOps`) are loaded on first use.
"""

from .base import Hyperparameter, Optimizer, SympyOps
from .definitions import MODULES, OPTIMIZERS
from .peers import PeerConfig, peer_config, peer_table
from .symbolic import StepExpressions, get, state_symbols, symbolic_step, unroll

#: name -> the submodule that defines it, imported on first access (these modules import numpy)
_NUMERIC = {"run": "runs", "NumpyOps": "operations", "MpmathOps": "operations"}


def __getattr__(name):
    if name in _NUMERIC:
        import importlib
        value = getattr(importlib.import_module(f"{__name__}.{_NUMERIC[name]}"), name)
        globals()[name] = value  # later lookups find it without this hook
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_NUMERIC))


__all__ = ["Hyperparameter", "MODULES", "MpmathOps", "NumpyOps", "OPTIMIZERS", "Optimizer", "PeerConfig",
           "StepExpressions", "SympyOps", "get", "peer_config", "peer_table", "run", "state_symbols",
           "symbolic_step", "unroll"]
