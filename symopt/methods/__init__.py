"""Closed forms of the lecture's iterations, one module per method.

Each function derives, proves and verifies, and returns a
:class:`~symopt.methods.base.MethodResult` whose fields are read from its
:class:`~symopt.derivation.Derivation`.
"""

from .base import MethodResult
from .exact_line_search import exact_line_search, exercise_problem
from .gradient_descent import gradient_descent
from .matrix_power import derive_matrix_power
from .momentum import momentum, nesterov_rate_proof, polyak_optimum, stability_region, terminal_velocity
from .newton import newton

__all__ = ["MethodResult", "derive_matrix_power", "exact_line_search", "exercise_problem", "gradient_descent",
           "momentum", "nesterov_rate_proof", "newton", "polyak_optimum", "stability_region", "terminal_velocity"]
