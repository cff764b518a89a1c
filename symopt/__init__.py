"""symopt: the mathematics of optimization in deep learning, derived symbolically and verified numerically.

The public API is re-exported here; see the README for a tour.
"""

from .analysis import Analysis, analyze
from .assumptions import Domain
from .budget import call_with_budget
from .calculus import gradient, hessian, quadratic_model, taylor
from .check import Verdict, check_answer, prepare_reference
from .check_batch import check_batch
from .derivation import Derivation, Step, Table
from .errors import (AssumptionError, BudgetExceeded, NoClosedFormError, ParseError, ProblemError,
                     SymoptError)
from .render import compile_pdf, document
from .lecture import (batch_normalization, check_mlp_symmetries, permutation_count, run_cliff, run_goe_study,
                      run_surrogate_demo, surrogate_losses, weight_space_symmetry)
from .methods import (MethodResult, derive_matrix_power, exact_line_search, gradient_descent, momentum, newton,
                      terminal_velocity)
from .minibatch import EmpiricalRisk, minibatch_standard_error, run_minibatch
from .optimizers import peer_config, run, symbolic_step, unroll
from .parsing import parse_assumptions, parse_expression, parse_matrix, parse_object
from .problem import Problem, k
from .schedules import Schedule, linear_decay, robbins_monro
from .sequences import linear_recurrence, matrix_power, sign_normalize
from .spectral import (condition_number, critical_points, definiteness, eigen_decomposition,
                       is_positive_definite, step_analysis)
from .numeric.trajectory import Trajectory
from .critical_points import CriticalPoint, CriticalSet, find_critical_points  # noqa: E402 (after spectral)
from .verify import Recurrence, Verification, verify

__version__ = "0.1.0"

__all__ = [
    "Analysis", "AssumptionError", "BudgetExceeded", "Derivation", "Domain", "EmpiricalRisk", "MethodResult",
    "NoClosedFormError", "ParseError", "Problem", "ProblemError", "Recurrence", "Schedule", "Step",
    "SymoptError", "Table", "Trajectory", "Verdict", "Verification", "analyze", "batch_normalization",
    "call_with_budget", "check_answer", "check_batch", "check_mlp_symmetries", "compile_pdf",
    "condition_number", "critical_points", "definiteness", "derive_matrix_power", "document",
    "eigen_decomposition", "exact_line_search", "gradient", "gradient_descent", "hessian",
    "is_positive_definite", "k", "linear_decay", "linear_recurrence", "matrix_power",
    "minibatch_standard_error", "momentum", "newton", "parse_assumptions", "parse_expression", "parse_matrix",
    "parse_object", "peer_config", "permutation_count", "prepare_reference", "quadratic_model",
    "robbins_monro", "run", "run_cliff", "run_goe_study", "run_minibatch", "run_surrogate_demo",
    "sign_normalize", "step_analysis", "surrogate_losses", "symbolic_step", "taylor", "terminal_velocity",
    "unroll", "verify", "weight_space_symmetry",
]
__all__ += ["CriticalPoint", "CriticalSet", "find_critical_points"]
