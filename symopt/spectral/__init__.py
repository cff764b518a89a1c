"""Spectral questions about Hessians: eigen-decomposition, signs, definiteness, critical points, conditioning.

Questions that can be undecidable (is ``H`` positive definite when it holds a
parameter?) answer ``True``, ``False`` or ``None``. One module per idea:

* :mod:`~symopt.spectral.eigen` — eigenvalues and orthonormal eigenvectors, exact or mpmath;
* :mod:`~symopt.spectral.signs` — the sign of an expression on the parameters' domain;
* :mod:`~symopt.spectral.inertia` — definiteness and the kind of critical point from eigenvalue signs;
* :mod:`~symopt.spectral.critical` — the critical-point result types;
* :mod:`~symopt.spectral.conditioning` — κ, the step criterion along −g, the eigenbasis form.
"""

from .conditioning import condition_number, eigenbasis_form, step_analysis
from .critical import Certificate, CriticalPoint, Family, critical_points
from .eigen import EXACT_BLOCK_LIMIT, EigenDecomposition, eigen_decomposition, eigenvalues, numeric_decomposition
from .inertia import classify, definiteness, is_positive_definite
from .signs import sign_on_domain

__all__ = ["EXACT_BLOCK_LIMIT", "Certificate", "CriticalPoint", "EigenDecomposition", "Family", "classify",
           "condition_number", "critical_points", "definiteness", "eigen_decomposition", "eigenbasis_form",
           "eigenvalues", "is_positive_definite", "numeric_decomposition", "sign_on_domain", "step_analysis"]
