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

import mpmath
import sympy as sp

from .budget import DEFAULT_SECONDS, call_with_budget, time_left
from .certify import excludes_zero, inertia, iv, krawczyk, lower, midpoint, precision, upper
from .critical_families import (changes_sign, even_with_positive_coefficients, family_of, inside_families,
                                unresolved_family)
from .errors import BudgetExceeded, ProblemError
from .numeric import interval_function
from .spectral import Certificate, CriticalPoint, Family
from .spectral.inertia import characteristic_coefficients, exact_inertia, kind_from_inertia, sign_changes

#: Working precision (decimal digits) of refinement and proofs.
DIGITS = 60
#: Width of the exact isolating intervals of each coordinate (the certified boxes are about this size).
ISOLATION_WIDTH = sp.Rational(1, 10**20)
#: Significant digits of certified decimal coordinates in reports.
SHOWN_DIGITS = 20
#: Digits of the first interval evaluation at an algebraic point (more when its zero bound needs them).
PROOF_DIGITS = 120


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
        entry = sp.expand(_rationalise(entry))
        if not entry.is_polynomial(*variables) or entry.free_symbols - set(variables):
            return None
        if sp.Poly(entry, *variables).domain not in (sp.ZZ, sp.QQ):
            return None
        system.append(entry)
    return system


def _rationalise(expression):
    return expression.xreplace({f: sp.Rational(str(f)) for f in expression.atoms(sp.Float)})


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
        points.extend(p for p in found if not _on_a_family(p, families) and p.point not in [q.point for q in points])
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
        coordinates.append(_coordinate_roots(sp.Poly(eliminant, v)))
    gradient_iv = interval_function(list(variables), list(system))
    jacobian_iv = interval_function(list(variables), sp.Matrix(system).jacobian(variables).tolist())
    hessian_iv = _interval_hessian(problem)
    # the same zeros without repeated factors: simple roots where the gradient has a multiple one
    squarefree = [sp.Poly(e, *variables).sqf_part().as_expr() for e in system]
    points, undecided = [], 0
    with precision(DIGITS):
        enclosures = [[_rational_interval(r.lower, r.upper) for r in roots] for roots in coordinates]
        for combination in _surviving_boxes(gradient_iv, enclosures):
            roots = [coordinates[i][k] for i, k in enumerate(combination)]
            X = [enclosures[i][k] for i, k in enumerate(combination)]
            if all(r.exact is not None for r in roots):
                at = dict(zip(variables, [r.exact for r in roots]))
                if all(sp.expand(e.xreplace(at)) == 0 for e in system):
                    points.append(classify_exact_point(problem, at))
                continue
            wider = [_widened(r) for r in roots]
            if all(w is not None for w in wider):
                X = [_rational_interval(a, b) for a, b in wider]
                if krawczyk(gradient_iv, jacobian_iv, X):
                    X = tighten(gradient_iv, jacobian_iv, X)
                    points.append(classify_certified_point(problem, X, roots, hessian_iv))
                    continue
            decided = _decide_exactly(problem, squarefree, roots)
            if decided is False:  # proved: no critical point in this box
                continue
            if decided is not None:
                points.append(decided)
                continue
            certified = _certify_squarefree(problem, squarefree, system, wider, roots, hessian_iv)
            if certified is not None:
                points.append(certified)
                continue
            undecided += 1
    return points, undecided


# --- boxes interval Newton cannot decide: multiple roots, decided with real algebraic numbers -----------

def _decide_exactly(problem, system, roots):
    """The critical point at the grid point of ``roots`` proved exactly, False if proved absent, None if undecided.

    Runs in a worker with half of the time left: resultants can be slow, and a box
    left undecided is better than losing the whole exact answer to the budget.
    """
    left = time_left()
    seconds = DEFAULT_SECONDS if left is None else left / 2
    try:
        return call_with_budget(_algebraic_decision, problem, system, roots, seconds=seconds)
    except BudgetExceeded:
        return None
    except (sp.polys.polyerrors.BasePolynomialError, NotImplementedError, ArithmeticError, ValueError,
            TypeError, RecursionError):
        return None  # a sympy failure on this point: the box stays undecided


def _algebraic_decision(problem, system, roots):
    point = _AlgebraicPoint(problem.variables, roots)
    zeros = [point.sign(e) for e in system]
    if any(s is not None and s != 0 for s in zeros):
        return False
    if any(s is None for s in zeros):
        return None
    return classify_algebraic_point(problem, point)


class _AlgebraicPoint:
    """A grid point whose coordinates are real algebraic numbers, each a root of an irreducible factor.

    A coordinate is rational, a real radical (a binomial factor a·vⁿ + b), or a ``CRootOf``.
    :meth:`sign` proves the sign of a polynomial at the point.
    """

    def __init__(self, variables, roots):
        self.variables = tuple(variables)
        self.factors, self.at = [], {}
        for v, root in zip(variables, roots):
            factor, value = _algebraic_root(v, root)
            self.factors.append(factor)
            self.at[v] = value
        self.roots = roots

    def reduced(self, expression):
        """``expression`` with its powers of each coordinate reduced modulo the coordinate's factor."""
        polys = [f.as_expr() for f in self.factors if f.degree() > 1]
        expression = sp.expand(expression)
        return sp.reduced(expression, polys, *self.variables)[1] if polys else expression

    def reduce(self, expression):
        """The exact value of ``expression`` at the point (radicals and ``CRootOf`` kept as they are)."""
        return sp.expand(self.reduced(expression).xreplace(self.at))

    def sign(self, expression):
        """-1, 0 or 1: the sign of a polynomial at the point, or None where it is not proved.

        Interval arithmetic on isolating intervals proves a sign. Zero is proved by a lower
        bound on the nonzero values the polynomial can take at conjugate points: the value is
        a root of R(t) = Res(t − p, factors) (resultants over each algebraic coordinate), so if
        it is not 0 it is a root of R/tʲ and at least |s₀| / (|s₀| + max|sₖ|) in size (Cauchy's
        bound on its reversal); an enclosure below that bound leaves 0 as the only value.
        """
        value = self.reduce(expression)
        if value.is_Rational:
            return int(sp.sign(value))
        polynomial = self.reduced(expression)
        function = interval_function(list(self.variables), [polynomial])
        bound, digits = None, PROOF_DIGITS
        for _ in range(4):
            enclosure = self._enclosure(function, digits)
            if excludes_zero(enclosure):
                return 1 if lower(enclosure) > 0 else -1
            if bound is None:
                bound = self._nonzero_bound(polynomial)
            size = max(abs(lower(enclosure)), abs(upper(enclosure)))
            if size < mpmath.mpf(bound.p) / bound.q:
                return 0
            digits = max(2 * digits, int(-mpmath.log10(mpmath.mpf(bound.p) / bound.q)) + 2 * PROOF_DIGITS)
        return None

    def _enclosure(self, function, digits):
        # outward-rounded evaluation on isolating intervals refined from the eliminants (each holds one root)
        width = sp.Rational(1, 10**(digits - 30))
        with precision(digits):
            X = []
            for factor, root, v in zip(self.factors, self.roots, self.variables):
                if factor.degree() == 1:
                    X.append(_rational_interval(self.at[v], self.at[v]))
                    continue
                a, b = factor.refine_root(root.lower, root.upper, eps=width)
                X.append(_rational_interval(sp.Rational(a), sp.Rational(b)))
            return function(*X)[0]

    def _nonzero_bound(self, polynomial):
        t = sp.Dummy("t")
        annihilator = t - polynomial.xreplace({v: self.at[v] for v, f in zip(self.variables, self.factors)
                                               if f.degree() == 1})
        for v, factor in zip(self.variables, self.factors):
            if factor.degree() > 1:
                annihilator = sp.resultant(annihilator, factor.as_expr(), v)
        coefficients = [c for c in reversed(sp.Poly(annihilator, t).all_coeffs())]
        while coefficients and coefficients[0] == 0:
            coefficients.pop(0)
        if not coefficients:
            raise ArithmeticError("the annihilating polynomial vanished")  # cannot happen: monic up to a factor
        constant = abs(sp.Rational(coefficients[0]))
        return constant / (constant + max([abs(sp.Rational(c)) for c in coefficients[1:]], default=0))


def _algebraic_root(v, root):
    """(irreducible factor over QQ holding the root, exact value) for an isolated coordinate root."""
    for factor in root.factors:
        if factor.degree() == 1 and root.exact is not None:
            if factor.eval(root.exact) == 0:
                return factor, root.exact
            continue
        if factor.count_roots(root.lower, root.upper) == 0:
            continue
        if root.exact is not None:
            return factor, root.exact
        if len(factor.terms()) == 2:  # a·vⁿ + b: a real radical
            radical = _closed_form([factor], root.lower, root.upper)
            if radical is not None and not radical.has(sp.I):
                return factor, radical
        # an irreducible factor of degree ≥ 2 has no rational root, so none at the lower end
        below = factor.count_roots(None, root.lower)
        return factor, sp.CRootOf(factor.as_expr(), below)
    raise ValueError("no factor of the eliminant holds the root")  # cannot happen: the roots are its roots


def classify_algebraic_point(problem, point):
    """A :class:`CriticalPoint` at real algebraic coordinates, its kind proved by Descartes' rule.

    The characteristic polynomial of the Hessian is real-rooted, so the signs of its
    coefficients (each proved by :meth:`_AlgebraicPoint.sign`) count its positive,
    negative and zero roots exactly.
    """
    coefficients = characteristic_coefficients(problem.hessian, simplify=sp.expand)
    signs = [point.sign(c) for c in coefficients]
    H = problem.hessian.applyfunc(point.reduce)
    value = point.reduce(problem.expression)
    if None in signs:
        kind = "undetermined"
        zero = 0
    else:
        zero = 0
        while signs and signs[-1] == 0:
            signs.pop()
            zero += 1
        mirrored = [s * (-1) ** (len(signs) - 1 - i) for i, s in enumerate(signs)]
        kind = kind_from_inertia(sign_changes(signs), sign_changes(mirrored), zero)
    if all(e.is_Rational for e in H):
        eigenvalues = tuple(H.charpoly().all_roots())
    else:
        numeric = sorted(_numeric_eigenvalues(H), key=abs)
        eigenvalues = tuple(sorted([sp.Integer(0)] * zero + numeric[zero:]))
    return CriticalPoint(dict(point.at), kind, eigenvalues, value, Certificate("exact substitution", 0))


def _certify_squarefree(problem, squarefree, system, wider, roots, hessian_iv):
    """Krawczyk's test on the squarefree parts of the entries: a certified point (kind by interval inertia)."""
    if squarefree == list(system) or any(w is None for w in wider):
        return None
    variables = list(problem.variables)
    try:
        gradient_iv = interval_function(variables, squarefree)
        jacobian_iv = interval_function(variables, sp.Matrix(squarefree).jacobian(variables).tolist())
    except ProblemError:
        return None
    X = [_rational_interval(a, b) for a, b in wider]
    if not krawczyk(gradient_iv, jacobian_iv, X):
        return None
    return classify_certified_point(problem, tighten(gradient_iv, jacobian_iv, X), roots, hessian_iv)


def _surviving_boxes(gradient_iv, enclosures):
    """Index tuples of grid boxes on which no gradient entry is provably nonzero.

    Coordinates are fixed one at a time, the others spanning the hull of their
    roots, so a partial choice that already rules out ∇f = 0 prunes its whole subtree.
    """
    if any(not e for e in enclosures):
        return
    hulls = [iv.mpf([min(lower(x) for x in e), max(upper(x) for x in e)]) for e in enclosures]
    stack = [()]
    while stack:
        chosen = stack.pop()
        level = len(chosen)
        if level == len(enclosures):
            yield chosen
            continue
        for k in range(len(enclosures[level])):
            X = [enclosures[i][j] for i, j in enumerate(chosen + (k,))] + hulls[level + 1:]
            if not any(excludes_zero(g) for g in gradient_iv(*X)):
                stack.append(chosen + (k,))


@dataclass(frozen=True)
class _Root:
    lower: object
    upper: object
    exact: object
    below: object  # upper end of the previous root's interval (or -oo): no root in between
    above: object
    factors: tuple = ()  # the irreducible factors over QQ of the squarefree eliminant


def _coordinate_roots(poly):
    poly = poly.sqf_part()
    factors = tuple(f for f, _ in poly.factor_list()[1] if f.degree() > 0)
    small_factors = [f for f in factors if f.degree() <= 2]
    intervals = [ab for ab, _ in poly.intervals(eps=ISOLATION_WIDTH)]
    ends = [(-sp.oo, -sp.oo)] + intervals + [(sp.oo, sp.oo)]
    return [_Root(a, b, _closed_form(small_factors, a, b), ends[i][1], ends[i + 2][0], factors)
            for i, (a, b) in enumerate(intervals)]


def _closed_form(factors, a, b):
    if a == b:
        return a
    for factor in factors:
        if factor.count_roots(a, b) > 0:
            for root in sp.roots(factor, multiple=True):
                if root.is_real and bool(root >= a) and bool(root <= b):
                    return root
    return None


def _widened(root):
    # Krawczyk needs a margin around the root; the wider interval must not reach the neighbouring
    # roots' intervals, which hold every other real root of the eliminant
    margin = max(root.upper - root.lower, ISOLATION_WIDTH)
    a, b = root.lower - margin, root.upper + margin
    return (a, b) if root.below < a and b < root.above else None


def _rational_interval(a, b):
    return iv.mpf([lower(iv.mpf(a.p) / a.q), upper(iv.mpf(b.p) / b.q)])


def _on_a_family(point, families):
    for family in families:
        for equation in family.family.equations:
            value = sp.expand(equation.xreplace(point.point))
            if value == 0 or (value.is_number and abs(value) < sp.Rational(1, 10**(SHOWN_DIGITS - 2))):
                return True
    return False


# --- classification -----------------------------------------------------------------------------------

def classify_exact_point(problem, at):
    """A :class:`CriticalPoint` at exact coordinates ``at``: exact kind, exact or 20-digit eigenvalues."""
    H = problem.hessian.xreplace(at).applyfunc(sp.expand)
    kind = kind_from_inertia(*exact_inertia(H))
    value = sp.expand(problem.expression.xreplace(at))
    if all(e.is_Rational for e in H):
        eigenvalues = tuple(H.charpoly().all_roots())
    else:
        eigenvalues = _numeric_eigenvalues(H)
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


def _interval_hessian(problem):
    try:
        return interval_function(list(problem.variables), problem.hessian.applyfunc(_rationalise).tolist())
    except ProblemError:  # no interval version of some function: no proof of the kind
        return None


def classify_certified_point(problem, X, roots=None, hessian_iv=None):
    """A :class:`CriticalPoint` proved by Krawczyk's test on box ``X`` (call inside ``precision``)."""
    variables = problem.variables
    middle = [midpoint(x) for x in X]
    radius = max(upper(x) - lower(x) for x in X) / 2
    hessian_iv = hessian_iv or _interval_hessian(problem)
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
    return CriticalPoint(at, kind, _numeric_eigenvalues(H), value,
                         Certificate(method, float(mpmath.nstr(radius, 3))))


def _numeric_eigenvalues(H):
    with mpmath.workdps(DIGITS):
        A = mpmath.matrix([[mpmath.mpf(sp.N(e, DIGITS)) for e in row] for row in H.tolist()])
        values = sorted(mpmath.eigsy(A, eigvals_only=True))
        return tuple(sp.Float(mpmath.nstr(v, SHOWN_DIGITS), SHOWN_DIGITS) for v in values)


def box_search(problem, box_bounds, reason, seconds=DEFAULT_SECONDS):
    """Critical points in a box by multistart Newton, each refined to 60 digits and certified."""
    from .critical_search import parse_box, search_box
    return search_box(problem, parse_box(box_bounds, problem.variables), reason, seconds)


__all__ = ["CriticalPoint", "CriticalSet", "find_critical_points", "exact_inertia", "kind_from_inertia"]
