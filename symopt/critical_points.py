"""Critical points of an objective: all of them with a proof, or an honest partial list.

Polynomial gradients with rational coefficients are solved exhaustively:

1. Common factors of the gradient entries (two or more variables) are
   positive-dimensional families of critical points (a line, a circle), reported
   by their implicit equation with the kind read from the curvature across them.
2. What is left is a zero-dimensional system. For each variable a lex Gröbner
   basis (Buchberger 1965; Cox, Little & O'Shea, *Ideals, Varieties, and
   Algorithms*, §3.1) gives a univariate polynomial that vanishes at that
   coordinate of every solution; its real roots are isolated exactly (sympy's
   continued-fraction isolation, rational intervals of width 1e-20).
3. Every real critical point therefore lies in the grid of isolated coordinates,
   and each grid box holds at most one. A box is ruled out when interval
   arithmetic shows a gradient entry ≠ 0 on it, and proved to hold a critical
   point by exact substitution (rational or quadratic coordinates) or by
   Krawczyk's test at 60 digits (:mod:`symopt.certify`), then tightened to a
   box of radius about 1e-45 around the Newton-refined point. Where the test
   cannot work (a multiple root: x = 0 of ∇(x³ + y²) = (3x², 2y) makes the
   Jacobian singular), the box is decided exactly: its coordinates are real
   algebraic numbers (roots of the eliminants' irreducible factors), each
   gradient entry is reduced modulo their minimal polynomials, and its value is
   proved nonzero by interval arithmetic on ever smaller isolating intervals,
   or zero by an enclosure smaller than the least nonzero value it could take
   (a root bound of its annihilating polynomial, built by resultants). Failing
   that, Krawczyk's test on the squarefree parts of the entries (same zeros,
   often simple ones) can still prove the point. When every box is decided,
   the list is complete.
4. Each point is classified by the signs of the Hessian's eigenvalues: exactly
   (Descartes' rule on the characteristic polynomial, exact for symmetric
   matrices) at exact points — the signs of its coefficients proved as above
   at algebraic ones — and by interval inertia at certified ones.

Other gradients are searched numerically over a box (multistart Newton in
float64, refined to 60 digits and certified one by one); the list is then
marked incomplete, and periodicity is reported where sympy finds it.
Objectives with parameters go to :mod:`symopt.critical_params`.
"""

from dataclasses import dataclass, field

import sympy as sp

from .budget import DEFAULT_SECONDS, call_with_budget
from .certify import inertia, krawczyk, precision
from .critical_algebraic import (certify_squarefree, coordinate_roots, decide_exactly, on_a_family, rational_interval,
                                 surviving_boxes, widened)
from .critical_families import (changes_sign, even_with_positive_coefficients, family_of, inside_families,
                                unresolved_family)
from .critical_kinds import (DIGITS, classify_certified_point, classify_exact_point, interval_hessian, rationalise,
                             tighten)
from .errors import BudgetExceeded
from .numeric import interval_function
from .spectral import Certificate, CriticalPoint, Family
from .spectral.inertia import exact_inertia, kind_from_inertia


@dataclass(frozen=True)
class CriticalSet:
    """Critical points found, with ``complete`` true only when the method proves none is missing.

    ``points`` holds isolated points and families (:class:`~symopt.spectral.CriticalPoint`
    with ``family`` set); ``note`` is the one-line summary users see; ``periods``
    maps variables to the period with which the critical set repeats.
    """

    points: tuple
    complete: bool
    note: str
    periods: dict = field(default_factory=dict)

    @property
    def isolated(self):
        """The isolated critical points (no family)."""
        return tuple(p for p in self.points if p.family is None)

    @property
    def families(self):
        """The positive-dimensional components."""
        return tuple(p for p in self.points if p.family is not None)


def find_critical_points(problem, seconds=DEFAULT_SECONDS, box=None):
    """Every critical point of ``problem`` with a proof, or as many as a box search finds.

    Examples
    ========
    >>> from symopt import Problem
    >>> from symopt.critical_points import find_critical_points
    >>> found = find_critical_points(Problem.from_text("x**3 - 3*x + y**2", "x,y"))
    >>> found.note, [(c.point, c.kind) for c in found.points]
    ('all 2 critical points', [({x: -1, y: 0}, 'saddle'), ({x: 1, y: 0}, 'minimum')])
    >>> found.complete
    True

    Parameters
    ==========
    problem : Problem
    seconds : time budget of the exact elimination (past it, a box search)
    box : ``{"x": (lo, hi)}`` or text ``"x=-5..5,y=-5..5"`` for the numeric search

    Returns
    =======
    CriticalSet
    """
    if problem.parameters:
        from .critical_params import parametric_critical_points
        return parametric_critical_points(problem, seconds)
    absent = [v for v in problem.variables if not problem.expression.has(v)]
    if absent and len(absent) < len(problem.variables):
        return _cylinders(problem, absent, seconds, box)
    system = rational_polynomial_system(problem.gradient, problem.variables)
    reason = "the gradient is not polynomial"
    if system is not None:
        try:
            return call_with_budget(polynomial_critical_set, problem, system, seconds=seconds)
        except BudgetExceeded:
            reason = f"exact elimination did not finish within {seconds:g} s"
        except (sp.PolynomialError, NotImplementedError, ArithmeticError, ValueError, TypeError,
                RecursionError) as exc:  # a sympy failure on this input: fall back, say why
            reason = f"exact elimination failed ({type(exc).__name__}: {exc})"
    return box_search(problem, box, reason, seconds)


def _cylinders(problem, absent, seconds, box):
    # f does not depend on some variables: each critical point of the rest is a family along them
    from .problem import Problem
    present = [v for v in problem.variables if v not in absent]
    reduced = Problem(problem.expression, tuple(present), problem.domains)
    names = {v.name for v in present}
    if isinstance(box, dict):
        box = {k: b for k, b in box.items() if getattr(k, "name", k) in names} or None
    elif box is not None:
        box = ",".join(part for part in str(box).split(",") if part.split("=")[0].strip() in names) or None
    found = find_critical_points(reduced, seconds, box)
    strict = {"minimum": "non-strict minimum", "maximum": "non-strict maximum"}
    points = []
    for c in found.points:
        point = dict(c.point)
        point.update({v: v for v in absent})
        equations = c.family.equations if c.family else tuple(v - c.point[v] for v in present)
        dimension = (c.family.dimension or 0) + len(absent) if c.family else len(absent)
        note = f"f does not depend on {', '.join(v.name for v in absent)}"
        points.append(CriticalPoint(point, strict.get(c.kind, c.kind), c.eigenvalues + (0,) * len(absent)
                                    if c.eigenvalues else (), c.value, c.certificate,
                                    Family(equations, dimension, note), c.cases))
    lines = f"{len(points)} famil{'ies' if len(points) != 1 else 'y'} of critical points"
    where = f" (f does not depend on {', '.join(v.name for v in absent)})"
    note = ("all " + lines + where) if found.complete else found.note + where
    return CriticalSet(tuple(points), found.complete, note, found.periods)


def rational_polynomial_system(entries, variables):
    """The entries as expanded polynomials with rational coefficients, or None if they are not."""
    system = []
    for entry in entries:
        entry = sp.expand(rationalise(entry))
        if not entry.is_polynomial(*variables) or entry.free_symbols - set(variables):
            return None
        if sp.Poly(entry, *variables).domain not in (sp.ZZ, sp.QQ):
            return None
        system.append(entry)
    return system


# --- polynomial gradients ---------------------------------------------------------------------------

def polynomial_critical_set(problem, system):
    """The complete critical set of a rational polynomial gradient (see the module notes)."""
    variables = problem.variables
    polys = [sp.Poly(e, *variables) for e in system]
    if all(p.is_zero for p in polys):
        everything = CriticalPoint({v: v for v in variables}, "degenerate", (), problem.expression,
                                   family=Family((), len(variables), "f is constant: every point is critical"))
        return CriticalSet((everything,), True, "every point is critical (f is constant)")
    if len(variables) > 2 and all(p.total_degree() <= 1 for p in polys):
        flat = _affine_critical_set(problem, system)
        if flat is not None:
            return flat
    families, doubts, extra = [], [], []
    common = sp.Poly(1, *variables)
    if len(variables) > 1:
        common = _gcd(polys)
        for factor, _ in common.factor_list()[1]:
            if factor.total_degree() == 0:
                continue
            if changes_sign(factor):
                families.append(family_of(problem, factor))
            elif even_with_positive_coefficients(factor):
                extra.append([factor.as_expr()] + [d.as_expr() for d in _derivatives(factor)])
            else:
                doubts.append(f"could not decide whether {sp.sstr(factor.as_expr())} = 0 holds a family")
        polys = [p if p.is_zero else p.exquo(common) for p in polys]
    points, undecided = [], 0
    for subsystem in [[p.as_expr() for p in polys]] + extra:
        solved = _zero_dimensional(problem, subsystem)
        if solved is None and families and inside_families(subsystem, families, variables):
            continue
        if solved is None:
            families.append(unresolved_family(subsystem, variables))
            doubts.append("a positive-dimensional part is described by its equations only")
            continue
        found, unsure = solved
        undecided += unsure
        points.extend(p for p in found if not on_a_family(p, families) and p.point not in [q.point for q in points])
    points.sort(key=lambda c: [float(c.point[v]) for v in variables])
    if undecided:
        doubts.append(f"{undecided} candidate point(s) could be neither proved nor ruled out")
    complete = not doubts
    return CriticalSet(tuple(points) + tuple(families), complete, _summary(points, families, complete, doubts))


def _affine_critical_set(problem, system):
    """The critical set of a quadratic f whose Hessian is singular: an affine subspace, or None otherwise.

    The gradient is linear, so its zeros are the solutions of a linear system; the
    Hessian is constant, so its inertia is the kind along the whole subspace.
    """
    variables = problem.variables
    H = problem.hessian
    if H.free_symbols or H.rank() == len(variables):
        return None  # an invertible Hessian: one point, found by the general path
    solutions = list(sp.linsolve(system, *variables))
    if not solutions:
        return CriticalSet((), True, "all 0 critical points")
    [solution] = solutions
    point = dict(zip(variables, solution))
    positive, negative, zero = exact_inertia(H)
    kind = "saddle" if positive and negative else "non-strict minimum" if positive else "non-strict maximum"
    equations = tuple(v - point[v] for v in variables if point[v] != v)
    value = sp.expand(problem.expression.xreplace(point))
    family = Family(equations, zero, "" if kind != "saddle" else "a saddle at every point of the family")
    found = CriticalPoint(point, kind, (sp.Integer(0),) * zero, value,
                          Certificate("exact linear algebra", 0), family)
    return CriticalSet((found,), True, _summary([], [found], True, []))


def _gcd(polys):
    common = None
    for p in polys:
        if not p.is_zero:
            common = p if common is None else common.gcd(p)
    return common


def _derivatives(poly):
    return [poly.diff(v) for v in poly.gens]


def _summary(points, families, complete, doubts):
    count = f"{len(points)} critical point{'s' if len(points) != 1 else ''}"
    if families:
        lines = f"{len(families)} famil{'ies' if len(families) > 1 else 'y'} of critical points"
        count = f"{count} and {lines}" if points else lines
    if complete:
        return "all " + count
    return f"{count} found; there may be more ({'; '.join(doubts)})"


def _zero_dimensional(problem, system):
    """(points, undecided candidates) of a zero-dimensional system, or None if it is not zero-dimensional."""
    variables = problem.variables
    system = [e for e in system if e != 0]
    if not system:
        return None
    coordinates = []
    for v in variables:
        basis = sp.groebner(system, *[w for w in variables if w != v], v, order="lex")
        if list(basis.exprs) == [1]:
            return [], 0
        if not basis.is_zero_dimensional:
            return None
        eliminant = [g for g in basis.exprs if g.free_symbols <= {v}][-1]
        coordinates.append(coordinate_roots(sp.Poly(eliminant, v)))
    gradient_iv = interval_function(list(variables), list(system))
    jacobian_iv = interval_function(list(variables), sp.Matrix(system).jacobian(variables).tolist())
    hessian_iv = interval_hessian(problem)
    # the same zeros without repeated factors: simple roots where the gradient has a multiple one
    squarefree = [sp.Poly(e, *variables).sqf_part().as_expr() for e in system]
    points, undecided = [], 0
    with precision(DIGITS):
        enclosures = [[rational_interval(r.lower, r.upper) for r in roots] for roots in coordinates]
        for combination in surviving_boxes(gradient_iv, enclosures):
            roots = [coordinates[i][k] for i, k in enumerate(combination)]
            X = [enclosures[i][k] for i, k in enumerate(combination)]
            if all(r.exact is not None for r in roots):
                at = dict(zip(variables, [r.exact for r in roots]))
                if all(sp.expand(e.xreplace(at)) == 0 for e in system):
                    points.append(classify_exact_point(problem, at))
                continue
            wider = [widened(r) for r in roots]
            if all(w is not None for w in wider):
                X = [rational_interval(a, b) for a, b in wider]
                if krawczyk(gradient_iv, jacobian_iv, X):
                    X = tighten(gradient_iv, jacobian_iv, X)
                    points.append(classify_certified_point(problem, X, roots, hessian_iv))
                    continue
            decided = decide_exactly(problem, squarefree, roots)
            if decided is False:  # proved: no critical point in this box
                continue
            if decided is not None:
                points.append(decided)
                continue
            certified = certify_squarefree(problem, squarefree, system, wider, roots, hessian_iv)
            if certified is not None:
                points.append(certified)
                continue
            undecided += 1
    return points, undecided


def box_search(problem, box_bounds, reason, seconds=DEFAULT_SECONDS):
    """Critical points in a box by multistart Newton, each refined to 60 digits and certified."""
    from .critical_search import parse_box, search_box
    return search_box(problem, parse_box(box_bounds, problem.variables), reason, seconds)


__all__ = ["CriticalPoint", "CriticalSet", "find_critical_points", "exact_inertia", "kind_from_inertia"]
