"""symopt: the mathematics of optimization in deep learning, derived symbolically and verified numerically.

The public API is re-exported here; see the README for a tour. Names are
imported on first use (PEP 562), so ``import symopt`` — and the ``symopt``
command's ``--help`` — loads neither sympy nor numpy; ``symopt.X`` and
``from symopt import X`` work as if everything had been imported eagerly.
"""

import sys
import types

from .lazy import lazy_names

__version__ = "0.1.0"

#: Where each public name lives: ``{module under symopt: names}``. The one table to edit when a module moves.
_MODULES = {
    "analysis": ("Analysis", "analyze"),
    "assumptions": ("Domain",),
    "budget": ("call_with_budget",),
    "calculus": ("gradient", "hessian", "quadratic_model", "taylor"),
    "check": ("Verdict", "check_answer", "check_batch", "prepare_reference"),
    "derivation": ("Derivation", "Step", "Table"),
    "errors": ("AssumptionError", "BudgetExceeded", "NoClosedFormError", "ParseError", "ProblemError",
               "SymoptError"),
    "lecture": ("batch_normalization", "check_mlp_symmetries", "permutation_count", "run_cliff", "run_goe_study",
                "run_surrogate_demo", "surrogate_losses", "weight_space_symmetry"),
    "methods": ("MethodResult", "derive_matrix_power", "exact_line_search", "gradient_descent", "momentum",
                "newton", "terminal_velocity"),
    "minibatch": ("EmpiricalRisk", "minibatch_standard_error", "run_minibatch"),
    "optimizers": ("peer_config", "run", "symbolic_step", "unroll"),
    "parsing": ("parse_assumptions", "parse_expression", "parse_matrix", "parse_object"),
    "problem": ("Problem", "k"),
    "render": ("compile_pdf", "document"),
    "schedules": ("Schedule", "linear_decay", "robbins_monro"),
    "sequences": ("linear_recurrence", "matrix_power", "sign_normalize"),
    "spectral": ("condition_number", "critical_points", "definiteness", "eigen_decomposition",
                 "is_positive_definite", "step_analysis"),
    "numeric.trajectory": ("Trajectory",),
    "critical_points": ("CriticalPoint", "CriticalSet", "find_critical_points"),
    "verify": ("Recurrence", "Verification", "verify"),
}

_WHERE = {name: module for module, names in _MODULES.items() for name in names}

__all__ = sorted(_WHERE, key=lambda name: (name in _MODULES["critical_points"], name))


# Import the module that defines a public name on first use, and keep the name here for the next lookup.
__getattr__, __dir__ = lazy_names(__name__, globals(), _WHERE)


class _Package(types.ModuleType):
    """This package, where a public function beats the submodule of the same name.

    Importing ``symopt.verify`` (the module) sets ``symopt.verify`` unless told otherwise; the eager
    ``__init__`` rebound it to the function :func:`verify`, and so does this (also ``critical_points``,
    ``check_batch``), whichever of the two is imported first.
    """

    def __setattr__(self, name, value):
        if name in _WHERE and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
