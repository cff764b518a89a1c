"""Closed forms of the lecture's iterations, one module per method.

Each function derives, proves and verifies, and returns a
:class:`~symopt.methods.base.MethodResult` whose fields are read from its
:class:`~symopt.derivation.Derivation`.
"""

from .base import MethodResult
from .exact_line_search import exact_line_search, exercise_problem

__all__ = ["MethodResult", "exact_line_search", "exercise_problem"]
