"""symopt: the mathematics of optimization in deep learning, derived symbolically and verified numerically.

The public API is re-exported here; see the README for a tour.
"""

from .analysis import Analysis, analyze
from .assumptions import Domain
from .budget import call_with_budget
from .calculus import gradient, hessian, quadratic_model, taylor
from .derivation import Derivation, Step, Table
from .errors import (AssumptionError, BudgetExceeded, NoClosedFormError, ParseError, ProblemError,
                     SymoptError)
from .problem import Problem, k
from .spectral import (condition_number, critical_points, definiteness, eigen_decomposition,
                       is_positive_definite, step_analysis)

__version__ = "0.1.0"

__all__ = [
    "Analysis", "AssumptionError", "BudgetExceeded", "Derivation", "Domain", "NoClosedFormError",
    "ParseError", "Problem", "ProblemError", "Step", "SymoptError", "Table", "analyze", "call_with_budget",
    "condition_number", "critical_points", "definiteness", "eigen_decomposition", "gradient", "hessian",
    "is_positive_definite", "k", "quadratic_model", "step_analysis", "taylor",
]
