"""Positive-dimensional sets of critical points of polynomial objectives (lines, circles, surfaces).

A common factor h of all gradient entries vanishes on a family of critical
points when it changes sign (an irreducible polynomial that takes both signs
vanishes on a hypersurface). Along the family ∇f = 0, so the Hessian kills
every tangent direction and its one remaining eigen-direction is the normal
∇h: the sign of ∇hᵀH∇h on h = 0 (reduced modulo h) gives the family's kind —
a non-strict minimum or maximum (Morse–Bott).
"""

import itertools

import sympy as sp

from .spectral import CriticalPoint, Family


def inside_families(system, families, variables):
    """True when every complex zero of ``system`` lies on one of the ``families`` (radical membership)."""
    # Rabinowitsch: h vanishes on every zero of the system iff 1 is in the ideal (system, 1 - t·h)
    h = sp.Mul(*[e for c in families for e in c.family.equations])
    t = sp.Dummy("t")
    return list(sp.groebner([e for e in system if e != 0] + [1 - t * h], t, *variables, order="grevlex").exprs) == [1]


def changes_sign(poly):
    """True when ``poly`` is seen to take both signs at small rational points (a proof of a sign change).

    >>> import sympy as sp
    >>> from symopt.critical_families import changes_sign
    >>> x, y = sp.symbols('x y')
    >>> changes_sign(sp.Poly(x**2 + y**2 - 1, x, y)), changes_sign(sp.Poly(x**2 + y**2, x, y))
    (True, False)
    """
    # an irreducible polynomial that takes both signs vanishes on a hypersurface (dimension n - 1)
    values = [-2, -1, sp.Rational(-1, 2), 0, sp.Rational(1, 3), 1, 2, 3]
    signs = set()
    for point in itertools.product(values, repeat=len(poly.gens)):
        signs.add(sp.sign(poly(*point)))
        if {1, -1} <= signs:
            return True
    return False


def even_with_positive_coefficients(poly):
    """True when every monomial has even exponents and a positive coefficient (so ``poly`` >= 0)."""
    return all(all(e % 2 == 0 for e in monomial) and c > 0 for monomial, c in poly.terms())


def family_of(problem, factor):
    """A hypersurface h = 0 of critical points; H·t = 0 along it, so its kind is the sign of ∇hᵀH∇h there.

    >>> import sympy as sp
    >>> from symopt import Problem
    >>> from symopt.critical_families import family_of
    >>> p = Problem.from_text("(x**2 + y**2 - 1)**2", "x,y")
    >>> x, y = p.variables
    >>> circle = family_of(p, sp.Poly(x**2 + y**2 - 1, x, y))
    >>> circle.kind, circle.value, circle.family.dimension
    ('non-strict minimum', 0, 1)
    """
    variables = problem.variables
    h = factor.as_expr()
    normal = sp.Matrix([sp.diff(h, v) for v in variables])
    curvature = sp.expand((normal.T * problem.hessian * normal)[0, 0])
    _, curvature = sp.reduced(curvature, [h], *variables)
    _, value = sp.reduced(sp.expand(problem.expression), [h], *variables)
    sign = _polynomial_sign(sp.expand(curvature), variables)
    kind = {"positive": "non-strict minimum", "negative": "non-strict maximum"}.get(sign, "undetermined")
    note = ""
    if sign in ("nonnegative", "nonpositive"):
        kind = "non-strict minimum" if sign == "nonnegative" else "non-strict maximum"
        note = f"the second-order test is inconclusive where {sp.sstr(curvature)} = 0"
    elif sign is None:
        note = f"the curvature across the family, {sp.sstr(curvature)}, changes sign or was not decided"
    point = _parametrise(h, variables)
    return CriticalPoint(point, kind, (), value if value.is_number else None,
                         family=Family((h,), len(variables) - 1, note))


def _parametrise(h, variables):
    for v in variables:
        poly = sp.Poly(h, v)
        if poly.degree() == 1 and poly.LC().is_number:
            return {w: (sp.solve(h, v)[0] if w == v else w) for w in variables}
    return {v: v for v in variables}  # every variable free, subject to the family's equation


def unresolved_family(system, variables):
    """A positive-dimensional zero set described only by a Gröbner basis of its equations."""
    basis = sp.groebner(system, *variables, order="lex")
    return CriticalPoint({v: v for v in variables}, "undetermined", (), None,
                         family=Family(tuple(basis.exprs), None, "a positive-dimensional set; its kind is not decided"))


def _polynomial_sign(expression, variables):
    if expression.is_number:
        return {1: "positive", -1: "negative", 0: "zero"}[int(sp.sign(expression))]
    poly = sp.Poly(expression, *variables)
    terms = poly.terms()
    if not all(all(e % 2 == 0 for e in monomial) for monomial, _ in terms):
        return None
    constant = poly.coeff_monomial(1)
    if all(c > 0 for _, c in terms):
        return "positive" if constant > 0 else "nonnegative"
    if all(c < 0 for _, c in terms):
        return "negative" if constant < 0 else "nonpositive"
    return None
