"""Boxes interval Newton cannot decide (a multiple root, a singular Hessian), decided exactly.

The coordinates of such a box are real algebraic numbers: roots of the
eliminants' irreducible factors, written in closed form where one exists
(rational, a quadratic surd, a real radical) and as ``CRootOf`` otherwise.
Each gradient entry is reduced on the squarefree parts (same zeros) and its
value at the point is proved nonzero by interval arithmetic on ever narrower
isolating intervals, or zero by an enclosure smaller than the least nonzero
value it could take (a root bound of its annihilating polynomial, built by
resultants; Cauchy's bound). A box neither proved nor ruled out stays
undecided, so a list is called complete only when every box is decided.
"""

from dataclasses import dataclass

import mpmath
import sympy as sp

from .budget import DEFAULT_SECONDS, call_with_budget, time_left
from .certify import excludes_zero, inertia, iv, krawczyk, lower, precision, upper
from .critical_kinds import SHOWN_DIGITS, classify_certified_point, numeric_eigenvalues, tighten
from .errors import BudgetExceeded, ProblemError
from .numeric import interval_function
from .spectral import Certificate, CriticalPoint
from .spectral.inertia import characteristic_coefficients, kind_from_inertia, sign_changes

#: Width of the exact isolating intervals of each coordinate (the certified boxes are about this size).
ISOLATION_WIDTH = sp.Rational(1, 10**20)
#: Digits of the first interval evaluation at an algebraic point (more when its zero bound needs them).
PROOF_DIGITS = 120


def decide_exactly(problem, system, roots):
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
                    X.append(rational_interval(self.at[v], self.at[v]))
                    continue
                a, b = factor.refine_root(root.lower, root.upper, eps=width)
                X.append(rational_interval(sp.Rational(a), sp.Rational(b)))
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
            if factor(root.exact) == 0:  # calling the Poly evaluates it (the package never spells eval)
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
        numeric = sorted(numeric_eigenvalues(H), key=abs)
        eigenvalues = tuple(sorted([sp.Integer(0)] * zero + numeric[zero:]))
    return CriticalPoint(dict(point.at), kind, eigenvalues, value, Certificate("exact substitution", 0))


def certify_squarefree(problem, squarefree, system, wider, roots, hessian_iv):
    """Krawczyk's test on the squarefree parts of the entries: a certified point (kind by interval inertia)."""
    if squarefree == list(system) or any(w is None for w in wider):
        return None
    variables = list(problem.variables)
    try:
        gradient_iv = interval_function(variables, squarefree)
        jacobian_iv = interval_function(variables, sp.Matrix(squarefree).jacobian(variables).tolist())
    except ProblemError:
        return None
    X = [rational_interval(a, b) for a, b in wider]
    if not krawczyk(gradient_iv, jacobian_iv, X):
        return None
    return classify_certified_point(problem, tighten(gradient_iv, jacobian_iv, X), roots, hessian_iv)


def surviving_boxes(gradient_iv, enclosures):
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


def coordinate_roots(poly):
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


def widened(root):
    # Krawczyk needs a margin around the root; the wider interval must not reach the neighbouring
    # roots' intervals, which hold every other real root of the eliminant
    margin = max(root.upper - root.lower, ISOLATION_WIDTH)
    a, b = root.lower - margin, root.upper + margin
    return (a, b) if root.below < a and b < root.above else None


def rational_interval(a, b):
    return iv.mpf([lower(iv.mpf(a.p) / a.q), upper(iv.mpf(b.p) / b.q)])


def on_a_family(point, families):
    for family in families:
        for equation in family.family.equations:
            value = sp.expand(equation.xreplace(point.point))
            if value == 0 or (value.is_number and abs(value) < sp.Rational(1, 10**(SHOWN_DIGITS - 2))):
                return True
    return False
