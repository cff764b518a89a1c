"""Critical points of objectives with parameters, and kinds decided under assumptions or split by cases.

∇f = 0 is solved by elimination that divides only by what the assumptions
prove nonzero: an entry linear in a variable whose coefficient has a decided
sign is solved for it; a univariate polynomial whose roots sympy gives in
full is split into branches. A division by something that may vanish is
recorded as a condition, and the list is then not claimed complete. Variables
left free form a family of critical points.

The kind comes from the characteristic polynomial of the Hessian: it has only
real roots, so Descartes' rule of signs on its coefficients counts positive and
negative eigenvalues exactly once the coefficients' signs are known on the
parameter domain. With one parameter whose signs are not settled, the domain
is cut at the real roots of the coefficients and each piece decided exactly,
which gives kinds by cases ("minimum for b > 0, degenerate for b = 0").
"""

import itertools

import sympy as sp

from .budget import call_with_budget
from .errors import BudgetExceeded, NoClosedFormError
from .spectral import Certificate, CriticalPoint, Family, sign_on_domain
from .spectral import eigenvalues as eigenvalues_of
from .spectral.inertia import characteristic_coefficients, exact_inertia, kind_from_inertia, sign_changes
from .spectral.signs import domain_interval, sign_from_assumptions


class _Undecided(Exception):
    """Elimination cannot continue without dividing by something that may vanish in an unknown way."""


def parametric_critical_points(problem, seconds):
    """A :class:`~symopt.critical_points.CriticalSet` for an objective with parameters.

    >>> from symopt import Problem
    >>> from symopt.critical_params import parametric_critical_points
    >>> found = parametric_critical_points(Problem.from_text("x**2 + b*y**2", "x,y", "b>=0"), 5)
    >>> found.points[0].kind
    'degenerate for b = 0, minimum for b > 0'
    """
    from .critical_points import CriticalSet, _summary
    variables = list(problem.variables)
    domain_map = problem.domain_map
    doubts = []
    try:
        branches = call_with_budget(_eliminate, list(problem.gradient), variables, {}, (), domain_map,
                                    seconds=seconds)
    except (_Undecided, BudgetExceeded, sp.PolynomialError):
        branches = _solve_fallback(problem, seconds)
        doubts.append("sympy.solve was used, which may miss solutions")
    points = []
    for solution, conditions in branches:
        assumed = [c[1] for c in conditions if c[0] == "nonzero"]
        if assumed:
            doubts.append("assuming " + ", ".join(f"{sp.sstr(c)} ≠ 0" for c in assumed))
        special = {c[1]: c[2] for c in conditions if c[0] == "equal"}
        values = [solution.get(v, v) for v in variables]
        if any(val.is_real is False for val in values):
            continue
        if any(val.is_real is None and val.free_symbols - set(variables) for val in values):
            doubts.append(f"the point {sp.sstr(tuple(values))} is real only for some parameter values")
        points.append(_classify(problem, dict(zip(variables, values)), seconds, special,
                                _when_text(conditions)))
    isolated = [c for c in points if c.family is None]
    families = [c for c in points if c.family is not None]
    complete = not doubts
    note = _summary(isolated, families, complete, list(dict.fromkeys(doubts)))
    return CriticalSet(tuple(isolated + families), complete, note)


def _solve_fallback(problem, seconds):
    try:
        solutions = call_with_budget(sp.solve, list(problem.gradient), list(problem.variables), dict=True,
                                     seconds=seconds)
    except (BudgetExceeded, NotImplementedError, sp.PolynomialError, ValueError, TypeError) as exc:
        reason = f"within {seconds:g} s" if isinstance(exc, BudgetExceeded) else f"({exc})"
        raise NoClosedFormError(f"could not solve ∇f = 0 {reason}") from None
    return [(s, ()) for s in solutions]


def _when_text(conditions):
    parts = [f"{p.name} {'=' if kind == 'equal' else '≠'} {sp.sstr(r)}"
             for kind, *rest in conditions if kind in ("equal", "unequal") for p, r in [rest]]
    return ", ".join(parts)


def _eliminate(equations, unknowns, solution, conditions, domain_map):
    equations = [sp.fraction(sp.cancel(sp.together(e)))[0] for e in equations]
    equations = [sp.expand(e) for e in equations if e != 0]
    for e in equations:
        if not e.free_symbols & set(unknowns):
            if sign_on_domain(e, domain_map) in ("positive", "negative"):
                return []
            raise _Undecided(f"{e} = 0 only for some parameter values")
    if not equations:
        return [(solution, conditions)]
    pivot = _linear_pivot(equations, unknowns, domain_map)
    if pivot is not None:
        v, value, condition = pivot
        if not condition:
            return _substitute(equations, unknowns, solution, conditions, domain_map, v, [value])
        return _split(equations, unknowns, solution, conditions, domain_map, v, value, condition[0])
    for e in sorted(equations, key=sp.count_ops):
        involved = e.free_symbols & set(unknowns)
        if len(involved) == 1:
            v = involved.pop()
            poly = sp.Poly(e, v)
            roots = sp.roots(poly)
            if sum(roots.values()) == poly.degree() and _nonzero(poly.LC(), domain_map):
                return _substitute(equations, unknowns, solution, conditions, domain_map, v, list(roots))
    raise _Undecided("no variable can be eliminated safely")


def _linear_pivot(equations, unknowns, domain_map):
    fallback = None
    for e in sorted(equations, key=sp.count_ops):
        for v in unknowns:
            poly = sp.Poly(e, v)
            if poly.degree() != 1:
                continue
            coefficient, rest = poly.all_coeffs()
            if coefficient.free_symbols & set(unknowns):
                continue
            if _nonzero(coefficient, domain_map):
                return v, -rest / coefficient, ()
            if fallback is None:
                fallback = (v, -rest / coefficient, (coefficient,))
    return fallback


def _split(equations, unknowns, solution, conditions, domain_map, v, value, coefficient):
    # dividing by a coefficient that vanishes at finitely many values of one parameter:
    # the generic case divides, each special value is solved again with the parameter fixed
    parameters = coefficient.free_symbols
    zeros = _zeros_in_domain(coefficient, domain_map) if len(parameters) == 1 else None
    if zeros is None:
        return _substitute(equations, unknowns, solution, conditions + (("nonzero", coefficient),), domain_map,
                           v, [value])
    p = parameters.pop()
    branches = _substitute(equations, unknowns, solution,
                           conditions + tuple(("unequal", p, r) for r in zeros), domain_map, v, [value])
    for r in zeros:
        fixed = [e.xreplace({p: r}) for e in equations]
        solved = {u: s.xreplace({p: r}) for u, s in solution.items()}
        branches.extend(_eliminate(fixed, unknowns, solved, conditions + (("equal", p, r),), domain_map))
    return branches


def _zeros_in_domain(expression, domain_map):
    p = next(iter(expression.free_symbols))
    numerator = sp.fraction(sp.cancel(expression))[0]
    if not numerator.is_polynomial(p):
        return None
    interval = domain_interval(p, domain_map.get(p.name))
    if not isinstance(interval, sp.Interval):
        return None
    return [r for r in sp.Poly(numerator, p).real_roots() if interval.contains(r) == sp.true]


def _nonzero(expression, domain_map):
    if expression.is_number:
        return expression != 0
    return sign_on_domain(expression, domain_map) in ("positive", "negative")


def _substitute(equations, unknowns, solution, conditions, domain_map, v, values):
    branches = []
    rest = [u for u in unknowns if u != v]
    for value in values:
        solved = {u: sp.cancel(s.xreplace({v: value})) for u, s in solution.items()}
        solved[v] = value
        remaining = [e.xreplace({v: value}) for e in equations]
        branches.extend(_eliminate(remaining, rest, solved, conditions, domain_map))
    # back-substitute values found later into earlier ones
    final = []
    for solved, conds in branches:
        for _ in range(len(solved)):
            solved = {u: sp.cancel(s.xreplace(solved)) for u, s in solved.items()}
        final.append((solved, conds))
    return final


def _classify(problem, at, seconds, special, when):
    variables = problem.variables
    free = [v for v in variables if at[v] == v]
    H = problem.hessian.xreplace(at).xreplace(special).applyfunc(sp.cancel)
    value = sp.cancel(problem.expression.xreplace(at).xreplace(special))
    try:
        eigenvalues = eigenvalues_of(H, seconds=seconds).eigenvalues
    except NoClosedFormError:
        eigenvalues = ()
    kind, cases = parametric_kind(H, problem)
    family = None
    if free:
        note = f"{', '.join(v.name for v in free)} free" + (f"; only for {when}" if when else "")
        family = Family(tuple(v - at[v] for v in variables if at[v] != v), len(free), note)
        kind = _family_kind(H, len(free), kind)
    elif when:
        kind = f"{kind} (for {when})" if not cases else kind
    return CriticalPoint(at, kind, tuple(eigenvalues), value, Certificate("exact elimination", 0), family, cases)


def _family_kind(H, dimension, kind):
    # along a family of dimension d, d eigenvalues vanish; the others' signs give the kind (Morse-Bott)
    if H.free_symbols:
        return kind
    positive, negative, zero = exact_inertia(H)
    if zero != dimension:
        return "degenerate"
    if positive and negative:
        return "saddle"
    return "non-strict minimum" if positive else "non-strict maximum"


def parametric_kind(matrix, problem):
    """``(kind, cases)`` of a critical point whose Hessian ``matrix`` may hold parameters.

    ``cases`` is empty when one kind holds on the whole parameter domain, else a
    tuple of ``(condition, kind)``; the kind is then the cases in words, or
    ``"undetermined"`` when they cannot be worked out.

    >>> import sympy as sp
    >>> from symopt import Problem
    >>> from symopt.critical_params import parametric_kind
    >>> p = Problem.from_text("x**2 + c*y**2", "x,y")
    >>> parametric_kind(sp.diag(2, 2 * p.symbol("c")), p)[0]
    'saddle for c < 0, degenerate for c = 0, minimum for c > 0'
    """
    domain_map = problem.domain_map
    coefficients = characteristic_coefficients(matrix, sp.cancel)
    signs = [_coefficient_sign(c, domain_map) for c in coefficients]
    # every sign pattern the undecided coefficients allow; one kind for all of them settles it
    options = [{"positive": (1,), "negative": (-1,), "zero": (0,), "nonnegative": (0, 1),
                "nonpositive": (0, -1)}.get(s, (-1, 0, 1)) for s in signs]
    kinds = {kind_from_inertia(*_descartes(list(pattern))) for pattern in itertools.product(*options)}
    if len(kinds) == 1:
        return kinds.pop(), ()
    parameters = set().union(*[c.free_symbols for c in coefficients])
    if not all(c.is_rational_function() for c in coefficients):
        return "undetermined", ()
    try:
        if len(parameters) == 1:
            pieces = _pieces(coefficients, parameters.pop(), domain_map)
        else:
            pieces = _pieces_by_determinant(matrix, coefficients, problem)
    except (sp.PolynomialError, NotImplementedError, ValueError, TypeError):
        return "undetermined", ()
    if pieces is None:
        return "undetermined", ()
    if len(pieces) == 1:
        return pieces[0][1], ()
    cases = tuple((condition, kind) for condition, kind in pieces)
    return ", ".join(f"{kind} for {condition}" for condition, kind in cases), cases


def _pieces_by_determinant(matrix, coefficients, problem):
    """Cases on the one parameter the determinant depends on, though others appear elsewhere, or None.

    Where det H ≠ 0 no eigenvalue crosses zero, so on a connected set of parameter
    values (an interval of that parameter times the other parameters' intervals, with
    H polynomial in them) the inertia is that at any sample point; at the roots of
    det H the kind is settled again with that parameter fixed. For the Rosenbrock
    valley (a − x)² + b (y − x²)² at (a, a²), det H = 4b whatever a is.
    """
    domain_map = problem.domain_map
    determinant = sp.expand(coefficients[-1])
    if len(determinant.free_symbols) != 1 or not all(e.is_polynomial(*matrix.free_symbols) for e in matrix):
        return None
    p = next(iter(determinant.free_symbols))
    sample = {}
    for q in set().union(*[c.free_symbols for c in coefficients]) - {p}:
        interval = domain_interval(q, domain_map.get(q.name))
        if not isinstance(interval, sp.Interval) or interval.start == interval.end:
            return None
        sample[q] = _inside(interval.start, interval.end)
    interval = domain_interval(p, domain_map.get(p.name))
    if not isinstance(interval, sp.Interval):
        return None
    cuts = sorted((r for r in sp.Poly(determinant, p).real_roots() if interval.contains(r) == sp.true
                   and r not in (interval.start, interval.end)), key=float)
    edges = [interval.start] + cuts + [interval.end]

    def at_root(value):
        kind, cases = parametric_kind(matrix.xreplace({p: value}), problem)
        return "undetermined" if cases else kind

    def inside(a, b):
        at = {**sample, p: _inside(a, b)}
        return _kind_at([c.xreplace(at) for c in coefficients], p, 0)

    return _cases(p, interval, edges, at_root, inside)


def _coefficient_sign(c, domain_map):
    if not c.free_symbols:
        return _exact_sign(c)
    if c.is_rational_function():
        return sign_on_domain(c, domain_map)
    return sign_from_assumptions(c)  # solveset on transcendental expressions can run for hours


def _exact_sign(c):
    return {1: "positive", -1: "negative", 0: "zero"}[int(sp.sign(sp.expand(c)))]


def _descartes(signs):
    zero = 0
    while signs and signs[-1] == 0:
        signs = signs[:-1]
        zero += 1
    mirrored = [s * (-1) ** (len(signs) - 1 - i) for i, s in enumerate(signs)]
    return sign_changes(signs), sign_changes(mirrored), zero


def _pieces(coefficients, p, domain_map):
    interval = domain_interval(p, domain_map.get(p.name))
    if not isinstance(interval, sp.Interval):
        raise ValueError("not an interval")
    cuts = set()
    for c in coefficients:
        for part in sp.fraction(sp.cancel(c)):
            if part.has(p):
                cuts |= {r for r in sp.Poly(part, p).real_roots() if interval.contains(r) == sp.true}
    lo, hi = interval.start, interval.end
    cuts = sorted((r for r in cuts if r != lo and r != hi), key=lambda r: float(r))
    edges = [lo] + cuts + [hi]
    return _cases(p, interval, edges, lambda value: _kind_at(coefficients, p, value),
                  lambda a, b: _kind_at(coefficients, p, _inside(a, b)))


def _cases(p, interval, edges, at_point, inside):
    """The kinds on ``interval`` cut at ``edges``, as ``(condition, kind)`` pairs (``[("", kind)]`` if one).

    Each closed end point and each inner edge is a piece of its own (kind ``at_point(value)``), each
    open stretch between edges another (kind ``inside(a, b)``); neighbours of one kind are merged.
    """
    pieces = []  # (lo, lo_closed, hi, hi_closed, kind)
    if not interval.left_open and interval.start != -sp.oo:
        pieces.append((interval.start, True, interval.start, True, at_point(interval.start)))
    for i, (a, b) in enumerate(zip(edges, edges[1:])):
        if i > 0:
            pieces.append((a, True, a, True, at_point(a)))
        pieces.append((a, False, b, False, inside(a, b)))
    if not interval.right_open and interval.end != sp.oo:
        pieces.append((interval.end, True, interval.end, True, at_point(interval.end)))
    merged = [pieces[0]]
    for piece in pieces[1:]:
        if piece[4] == merged[-1][4]:
            merged[-1] = merged[-1][:2] + piece[2:]
        else:
            merged.append(piece)
    if len(merged) == 1:
        return [("", merged[0][4])]
    return [(_condition(p, piece), piece[4]) for piece in merged]


def _inside(a, b):
    if a == -sp.oo and b == sp.oo:
        return sp.Integer(0)
    if a == -sp.oo:
        return sp.floor(b) - 1
    if b == sp.oo:
        return sp.ceiling(a) + 1
    middle = (a + b) / 2
    return middle if middle.is_Rational else sp.Rational(str(sp.N(middle, 30)))


def _kind_at(coefficients, p, value):
    signs = [int(sp.sign(sp.expand(c.xreplace({p: value})))) for c in coefficients]
    return kind_from_inertia(*_descartes(signs))


def _condition(p, piece):
    lo, lo_closed, hi, hi_closed, _ = piece
    name = p.name
    if lo == hi:
        return f"{name} = {sp.sstr(lo)}"
    if lo == -sp.oo:
        return f"{name} {'<=' if hi_closed else '<'} {sp.sstr(hi)}"
    if hi == sp.oo:
        return f"{name} {'>=' if lo_closed else '>'} {sp.sstr(lo)}"
    return f"{sp.sstr(lo)} {'<=' if lo_closed else '<'} {name} {'<=' if hi_closed else '<'} {sp.sstr(hi)}"
