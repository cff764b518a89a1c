"""The kind of a proved critical point: minimum, maximum, saddle or degenerate.

An exact point is classified exactly (Descartes' rule of signs on the Hessian's
characteristic polynomial, exact for symmetric matrices). A point certified by
Krawczyk's test is first tightened to a box of radius about 1e-45 around its
Newton-refined centre, then classified by the interval inertia of the Hessian.
"""

import mpmath
import sympy as sp

from .certify import inertia, iv, krawczyk, lower, midpoint, precision, upper
from .errors import ProblemError
from .numeric import interval_function
from .spectral import Certificate, CriticalPoint
from .spectral.inertia import exact_inertia, kind_from_inertia

#: Working precision (decimal digits) of refinement and proofs.
DIGITS = 60
#: Significant digits of certified decimal coordinates in reports.
SHOWN_DIGITS = 20


def rationalise(expression):
    """``expression`` with each Float replaced by the exact decimal it prints as (``0.1`` → ``1/10``)."""
    return expression.xreplace({f: sp.Rational(str(f)) for f in expression.atoms(sp.Float)})


def classify_exact_point(problem, at):
    """A :class:`CriticalPoint` at exact coordinates ``at``: exact kind, exact or 20-digit eigenvalues."""
    H = problem.hessian.xreplace(at).applyfunc(sp.expand)
    kind = kind_from_inertia(*exact_inertia(H))
    value = sp.expand(problem.expression.xreplace(at))
    if all(e.is_Rational for e in H):
        eigenvalues = tuple(H.charpoly().all_roots())
    else:
        eigenvalues = numeric_eigenvalues(H)
    return CriticalPoint(dict(at), kind, eigenvalues, value, Certificate("exact substitution", 0))


def tighten(gradient_iv, jacobian_iv, X, radius=mpmath.mpf(10) ** -45):
    """A much smaller box inside ``X`` that Krawczyk's test also certifies, or ``X`` itself.

    Newton steps from the midpoint converge to the one zero in ``X``; a box of
    ``radius`` around the result that passes the test and lies in ``X`` holds
    that same zero, so the reported digits are all proved.
    """
    y = mpmath.matrix([midpoint(x) for x in X])
    try:
        for _ in range(4):
            g = mpmath.matrix([midpoint(v) for v in gradient_iv(*[iv.mpf(c) for c in y])])
            J = mpmath.matrix([[midpoint(iv.mpf(v)) for v in row] for row in jacobian_iv(*[iv.mpf(c) for c in y])])
            y = y - mpmath.lu_solve(J, g)
    except (ZeroDivisionError, ValueError, TypeError):
        return X
    small = [iv.mpf([c - radius * max(1, abs(c)), c + radius * max(1, abs(c))]) for c in y]
    inside = all(lower(a) >= lower(b) and upper(a) <= upper(b) for a, b in zip(small, X))
    return small if inside and krawczyk(gradient_iv, jacobian_iv, small) else X


def interval_hessian(problem):
    try:
        return interval_function(list(problem.variables), problem.hessian.applyfunc(rationalise).tolist())
    except ProblemError:  # no interval version of some function: no proof of the kind
        return None


def classify_certified_point(problem, X, roots=None, hessian_iv=None):
    """A :class:`CriticalPoint` proved by Krawczyk's test on box ``X`` (call inside ``precision``)."""
    variables = problem.variables
    middle = [midpoint(x) for x in X]
    radius = max(upper(x) - lower(x) for x in X) / 2
    hessian_iv = hessian_iv or interval_hessian(problem)
    signs = inertia(hessian_iv, X) if hessian_iv is not None else None
    kind = kind_from_inertia(signs[0], signs[1], 0) if signs else "undetermined"
    coordinates = []
    for i, m in enumerate(middle):
        exact = roots[i].exact if roots else None
        coordinates.append(exact if exact is not None else sp.Float(mpmath.nstr(m, SHOWN_DIGITS), SHOWN_DIGITS))
    at = dict(zip(variables, coordinates))
    numeric_at = {v: sp.Float(m, DIGITS) for v, m in zip(variables, middle)}
    H = problem.hessian.xreplace(numeric_at)
    value = sp.Float(mpmath.nstr(mpmath.mpf(sp.N(problem.expression.xreplace(numeric_at), DIGITS)), SHOWN_DIGITS),
                     SHOWN_DIGITS)
    method = f"Krawczyk interval Newton at {DIGITS} digits: exactly one critical point in the box"
    return CriticalPoint(at, kind, numeric_eigenvalues(H), value,
                         Certificate(method, float(mpmath.nstr(radius, 3))))


def numeric_eigenvalues(H):
    with mpmath.workdps(DIGITS):
        A = mpmath.matrix([[mpmath.mpf(sp.N(e, DIGITS)) for e in row] for row in H.tolist()])
        values = sorted(mpmath.eigsy(A, eigvals_only=True))
        return tuple(sp.Float(mpmath.nstr(v, SHOWN_DIGITS), SHOWN_DIGITS) for v in values)
