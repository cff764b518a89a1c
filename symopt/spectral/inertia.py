"""The inertia of a symmetric matrix — how many eigenvalues are positive, negative, zero — read as its
definiteness and as the kind of critical point it makes (the second-order test).

From eigenvalue signs on the parameters' domain, where a sign that cannot be decided leaves the
answer undecided (``None`` or ``"undetermined"``, sympy's three-valued convention); or, for a
matrix of exact numbers, exactly by Descartes' rule on its characteristic polynomial.
"""

import sympy as sp

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


def exact_inertia(matrix):
    """``(positive, negative, zero)`` eigenvalue counts of a symmetric matrix of exact numbers.

    The characteristic polynomial of a symmetric matrix has only real roots, so
    Descartes' rule of signs counts its positive roots exactly (and those of
    p(−λ) the negative ones); zero has the multiplicity of the trailing zeros.

    >>> import sympy as sp
    >>> from symopt.spectral.inertia import exact_inertia
    >>> exact_inertia(sp.Matrix([[1, 2], [2, 1]])), exact_inertia(sp.Matrix([[0, 0], [0, 3]]))
    ((1, 1, 0), (1, 0, 1))
    """
    coefficients = characteristic_coefficients(matrix)
    zero = 0
    while coefficients and coefficients[-1] == 0:
        coefficients.pop()
        zero += 1
    signs = [int(sp.sign(c)) for c in coefficients]
    positive = sign_changes(signs)
    mirrored = [s * (-1) ** (len(signs) - 1 - i) for i, s in enumerate(signs)]
    return positive, sign_changes(mirrored), zero


def characteristic_coefficients(matrix, simplify=sp.expand):
    """Coefficients of det(λI − A), highest power first, by Faddeev–LeVerrier (no domain conversions).

    sympy's ``charpoly`` converts entries to a polynomial domain, which fails on
    some radicals; traces of matrix products need nothing but ring operations.

    >>> import sympy as sp
    >>> from symopt.spectral.inertia import characteristic_coefficients
    >>> characteristic_coefficients(sp.Matrix([[2, 1], [1, 2]]))
    [1, -4, 3]
    """
    A = sp.Matrix(matrix)
    n = A.rows
    coefficients = [sp.Integer(1)]
    M = sp.zeros(n, n)
    for k in range(1, n + 1):
        M = (A * M + coefficients[-1] * sp.eye(n)).applyfunc(simplify)
        coefficients.append(simplify(-(A * M).trace() / k))
    return coefficients


def sign_changes(signs):
    """Sign changes in a sequence of signs (zeros skipped): Descartes' bound on the positive roots."""
    signs = [s for s in signs if s != 0]
    return sum(1 for s, t in zip(signs, signs[1:]) if s != t)


def kind_from_inertia(positive, negative, zero):
    """The kind (Goodfellow et al. §4.3) from eigenvalue sign counts."""
    if positive and negative:
        return "saddle"
    if zero:
        return "degenerate"
    return "minimum" if positive else "maximum"
