"""Proofs by interval arithmetic: one zero of ∇f in a box (Krawczyk), and the signs of a Hessian's eigenvalues.

Everything here works on :mod:`mpmath.iv` intervals, whose operations round
outwards, so an enclosure computed here contains the exact value.

* **Krawczyk's test** (Krawczyk 1969; Moore, Kearfott & Cloud, *Introduction to
  Interval Analysis*, SIAM 2009, §8.2): for a box X with midpoint y, a matrix C
  ≈ J(y)⁻¹ and the interval Jacobian J(X),
  K(X) = y − C g(y) + (I − C J(X))(X − y). If K(X) lies in the interior of X,
  then g has exactly one zero in X, and every matrix in J(X) is nonsingular.
* **Inertia by congruence** (Sylvester's law of inertia with Gershgorin's
  discs): with Q the numerical eigenvectors of the midpoint Hessian, M = QᵀH(X)Q
  is nearly diagonal; when Q is provably nonsingular and no Gershgorin disc of M
  touches 0, the discs left of 0 count the negative eigenvalues of every matrix
  in H(X).
"""

from contextlib import contextmanager

import mpmath

iv = mpmath.iv


@contextmanager
def precision(dps):
    """Work at ``dps`` digits in both :mod:`mpmath` contexts (``mp`` and ``iv``), restoring both after."""
    saved = iv.prec
    try:
        iv.dps = dps
        with mpmath.workdps(dps):
            yield
    finally:
        iv.prec = saved


def lower(interval):
    """Lower end point of an interval, as an mpf."""
    return mpmath.mpf(interval._mpi_[0])


def upper(interval):
    """Upper end point of an interval, as an mpf."""
    return mpmath.mpf(interval._mpi_[1])


def midpoint(interval):
    """Midpoint of an interval, as an mpf (at the current precision)."""
    return (lower(interval) + upper(interval)) / 2


def box(midpoint, radius):
    """Intervals ``[m − r, m + r]`` (as :mod:`mpmath.iv` intervals) around each coordinate."""
    return [iv.mpf([m - r, m + r]) for m, r in zip(midpoint, radius)]


def excludes_zero(interval):
    """True when the interval provably does not contain 0."""
    return lower(interval) > 0 or upper(interval) < 0


def krawczyk(gradient_iv, jacobian_iv, X):
    """True when Krawczyk's test proves exactly one zero of the gradient in box ``X``.

    ``gradient_iv`` and ``jacobian_iv`` are interval functions of the coordinates
    (see :func:`symopt.numeric.interval_function`); call inside ``precision(dps)``.

    >>> import mpmath, sympy as sp
    >>> from symopt.numeric import interval_function
    >>> from symopt.certify import box, krawczyk, precision
    >>> x = sp.Symbol('x')
    >>> g = interval_function([x], [x**2 - 2]); J = interval_function([x], [[2*x]])
    >>> with precision(30):
    ...     krawczyk(g, J, box([mpmath.sqrt(2)], [mpmath.mpf('1e-20')]))
    True
    >>> with precision(30):
    ...     krawczyk(g, J, box([mpmath.mpf(1)], [mpmath.mpf('1e-20')]))
    False
    """
    n = len(X)
    y = [midpoint(x) for x in X]
    try:
        g_y = [_as_interval(v) for v in gradient_iv(*[iv.mpf(v) for v in y])]
        J_X = [[_as_interval(v) for v in row] for row in jacobian_iv(*X)]
        J_mid = mpmath.matrix([[midpoint(v) for v in row] for row in J_X])
        C = J_mid ** -1
    except (ZeroDivisionError, ValueError, TypeError, OverflowError):
        return False
    C = [[iv.mpf(C[i, j]) for j in range(n)] for i in range(n)]
    for i in range(n):
        value = iv.mpf(y[i]) - sum((C[i][k] * g_y[k] for k in range(n)), iv.mpf(0))
        for j in range(n):
            entry = (1 if i == j else 0) - sum((C[i][k] * J_X[k][j] for k in range(n)), iv.mpf(0))
            value += entry * (X[j] - y[j])
        if not (lower(value) > lower(X[i]) and upper(value) < upper(X[i])):
            return False
    return True


def inertia(hessian_iv, X):
    """``(positive, negative)`` eigenvalue counts of every matrix in H(X), or None if not proved.

    A proved count always has ``positive + negative = n`` (no zero eigenvalue);
    a zero eigenvalue can only be proved exactly, never with intervals.

    >>> import mpmath, sympy as sp
    >>> from symopt.numeric import interval_function
    >>> from symopt.certify import box, inertia, precision
    >>> x, y = sp.symbols('x y')
    >>> H = interval_function([x, y], [[0, 1], [1, x]])
    >>> with precision(30):
    ...     inertia(H, box([mpmath.mpf(0), mpmath.mpf(0)], [mpmath.mpf('1e-20')] * 2))
    (1, 1)
    """
    try:
        H = [[_as_interval(v) for v in row] for row in hessian_iv(*X)]
        n = len(H)
        _, Q = mpmath.eigsy(mpmath.matrix([[midpoint(v) for v in row] for row in H]))
    except (ZeroDivisionError, ValueError, TypeError, OverflowError):
        return None
    Q = [[iv.mpf(Q[i, j]) for j in range(n)] for i in range(n)]
    gram = _congruence(Q, [[iv.mpf(1 if i == j else 0) for j in range(n)] for i in range(n)])
    if not all(excludes_zero(d) for d in _gershgorin(gram)):
        return None  # Q not provably nonsingular
    discs = _gershgorin(_congruence(Q, H))
    if not all(excludes_zero(d) for d in discs):
        return None
    negative = sum(1 for d in discs if upper(d) < 0)
    return n - negative, negative


def _congruence(Q, A):
    n = len(A)
    AQ = [[sum((A[i][k] * Q[k][j] for k in range(n)), iv.mpf(0)) for j in range(n)] for i in range(n)]
    return [[sum((Q[k][i] * AQ[k][j] for k in range(n)), iv.mpf(0)) for j in range(n)] for i in range(n)]


def _gershgorin(M):
    # Gershgorin discs of a symmetric interval matrix as intervals on the real line
    n = len(M)
    discs = []
    for i in range(n):
        radius = upper(sum((iv.mpf(max(abs(lower(M[i][j])), abs(upper(M[i][j])))) for j in range(n) if j != i),
                           iv.mpf(0)))
        discs.append(M[i][i] + iv.mpf([-radius, radius]))
    return discs


def _as_interval(value):
    return value if isinstance(value, type(iv.mpf(0))) else iv.mpf(value)
