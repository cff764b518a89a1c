"""Definiteness of a symmetric matrix and the kind of critical point, both read from eigenvalue signs.

A sign that cannot be decided on the parameters' domain leaves the answer
undecided (``None`` or ``"undetermined"``), sympy's three-valued convention.
"""

from .eigen import eigen_decomposition
from .signs import sign_on_domain


def definiteness(matrix, domain_map=None):
    """Classify a symmetric matrix from its eigenvalue signs.

    Returns ``"positive definite"``, ``"negative definite"``, ``"positive semidefinite"``,
    ``"negative semidefinite"``, ``"indefinite"``, or ``None`` when undecided.

    >>> import sympy as sp
    >>> from symopt.spectral import definiteness
    >>> definiteness(sp.Matrix([[2, 0], [0, -1]]))
    'indefinite'
    """
    return _definiteness_from_signs([sign_on_domain(v, domain_map)
                                     for v in eigen_decomposition(matrix).eigenvalues])


def _definiteness_from_signs(signs):
    if any(s == "positive" for s in signs) and any(s == "negative" for s in signs):
        return "indefinite"
    if None in signs:
        return None
    if all(s == "positive" for s in signs):
        return "positive definite"
    if all(s == "negative" for s in signs):
        return "negative definite"
    if all(s in ("positive", "nonnegative", "zero") for s in signs):
        return "positive semidefinite"
    if all(s in ("negative", "nonpositive", "zero") for s in signs):
        return "negative semidefinite"
    return None


def is_positive_definite(matrix, domain_map=None):
    """True, False, or None (undecided) — sympy's three-valued convention.

    >>> import sympy as sp
    >>> from symopt.spectral import is_positive_definite
    >>> is_positive_definite(sp.Matrix([[2, 1], [1, 2]]))
    True
    """
    verdict = definiteness(matrix, domain_map)
    return None if verdict is None else verdict == "positive definite"


def classify(eigenvalues, domain_map=None):
    """Kind of critical point from Hessian eigenvalues (Goodfellow et al., *Deep Learning*, §4.3).

    "degenerate" needs an eigenvalue proved zero; one that is merely nonnegative
    leaves the kind "undetermined".

    >>> from symopt.spectral import classify
    >>> classify([2, -1]), classify([0, 0]), classify([0, -3, 1])
    ('saddle', 'degenerate', 'saddle')
    """
    signs = [sign_on_domain(v, domain_map) for v in eigenvalues]
    if any(s in ("positive",) for s in signs) and any(s in ("negative",) for s in signs):
        return "saddle"
    if None in signs:
        return "undetermined"
    if all(s == "positive" for s in signs):
        return "minimum"
    if all(s == "negative" for s in signs):
        return "maximum"
    if "zero" in signs:
        return "degenerate"
    return "undetermined"  # "nonnegative" is not a proved zero eigenvalue
