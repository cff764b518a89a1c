"""symopt: the mathematics of optimization in deep learning, derived symbolically and verified numerically.

The public API is re-exported here; see the README for a tour.
"""

from .analysis import Analysis, analyze
from .assumptions import Domain
from .budget import call_with_budget
from .check import Verdict, check_answer, prepare_reference
from .check_batch import check_batch
from .calculus import gradient, hessian, quadratic_model, taylor
from .derivation import Derivation, Step, Table
from .errors import (AssumptionError, BudgetExceeded, NoClosedFormError, ParseError, ProblemError,
                     SymoptError)
from .latex import compile_pdf, document
from .lecture import (batch_normalization, check_mlp_symmetries, permutation_count, run_cliff, run_goe_study,
                      run_surrogate_demo, surrogate_losses, weight_space_symmetry)
from .minibatch import EmpiricalRisk, minibatch_standard_error, run_minibatch
from .optimizers import peer_config, run, symbolic_step, unroll
from .parsing import parse_assumptions, parse_expression, parse_matrix, parse_object
from .problem import Problem, k
from .trajectory import Trajectory
from .schedules import Schedule, linear_decay, robbins_monro
from .spectral import (condition_number, critical_points, definiteness, eigen_decomposition,
                       is_positive_definite, step_analysis)

__version__ = "0.1.0"

__all__ = [
    "EmpiricalRisk", "minibatch_standard_error", "run_minibatch", "peer_config", "run", "symbolic_step", "unroll",
    "Schedule", "linear_decay", "robbins_monro", "Trajectory",
    "Verdict", "check_answer", "prepare_reference", "check_batch", "compile_pdf", "document",
    "batch_normalization", "check_mlp_symmetries", "permutation_count", "run_cliff", "run_goe_study",
    "run_surrogate_demo", "surrogate_losses", "weight_space_symmetry", "parse_assumptions", "parse_expression",
    "parse_matrix", "parse_object",
    "Analysis", "AssumptionError", "BudgetExceeded", "Derivation", "Domain", "NoClosedFormError",
    "ParseError", "Problem", "ProblemError", "Step", "SymoptError", "Table", "analyze", "call_with_budget",
    "condition_number", "critical_points", "definiteness", "eigen_decomposition", "gradient", "hessian",
    "is_positive_definite", "k", "quadratic_model", "step_analysis", "taylor",
]
