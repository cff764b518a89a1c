"""Critical points as data: the point, its kind, its Hessian eigenvalues and how it was proved.

The search itself lives in :mod:`symopt.critical_points`; these types are what
it returns, shared by the polynomial, parametric and family searches.
"""

from dataclasses import dataclass

from ..budget import DEFAULT_SECONDS


@dataclass(frozen=True)
class Certificate:
    """How a critical point was proved: ``method`` in words, ``radius`` of the box that holds exactly one zero.

    ``radius`` is 0 for points checked by exact substitution and ``None`` for
    points that are not certified (a numeric search whose proof failed).
    """

    method: str
    radius: object = 0


@dataclass(frozen=True)
class Family:
    """A positive-dimensional set of critical points, given by implicit ``equations`` (each = 0).

    ``dimension`` is the dimension of the set (``None`` when not known); ``note``
    says where the family's kind is not decided.
    """

    equations: tuple
    dimension: object = None
    note: str = ""


@dataclass(frozen=True)
class CriticalPoint:
    """A solution of ∇f = 0 with the second-order classification.

    ``kind`` is ``"minimum"``, ``"maximum"``, ``"saddle"``, ``"degenerate"`` (a zero
    eigenvalue is proved and there is no sign change: the second-order test is
    inconclusive), ``"undetermined"`` (not decided), or, when the kind depends on
    parameters, the cases in words ("minimum for b > 0, degenerate for b = 0"; the
    same cases as data in ``cases``, pairs of condition text and kind). Families
    of critical points carry ``family`` (a :class:`Family`) and, where the family
    is parametrised, a ``point`` holding free variables.
    """

    point: dict
    kind: str
    eigenvalues: tuple
    value: object
    certificate: object = None
    family: object = None
    cases: tuple = ()


def critical_points(problem, seconds=DEFAULT_SECONDS, box=None):
    """Critical points of ``problem``, classified (see :func:`symopt.critical_points.find_critical_points`).

    Returns the list of :class:`CriticalPoint` (families included); use
    ``find_critical_points`` to learn whether the list is proved complete.

    Examples
    ========
    >>> from symopt import Problem
    >>> from symopt.spectral import critical_points
    >>> p = Problem.from_text("x**3 - 3*x + y**2", "x,y")
    >>> [(c.point, c.kind) for c in critical_points(p)]
    [({x: -1, y: 0}, 'saddle'), ({x: 1, y: 0}, 'minimum')]
    """
    from ..critical_points import find_critical_points
    return list(find_critical_points(problem, seconds, box).points)
