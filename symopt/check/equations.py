"""Equations compared by their real solutions: a point on one solution set that is off the other,
or, with one unknown and polynomial sides, the same exact roots.

Used when two equations are not constant multiples of each other, which does not
yet mean their solutions differ.
"""

import time

import mpmath
import sympy as sp

from .evaluate import Undefined, Unsupported
from .exact import exact_value, is_rational_function
from .explain import counterexample_at, show_number, where
from .options import CONFIRM_DIGITS, EXACT_TOLERANCE, SAMPLE_DIGITS
from .sampling import inside, sample_points, symbol_bounds
from .verdict import Verdict


def compare_equations(check, reference, answer):
    """A Verdict on ``reference = 0`` against ``answer = 0`` from their solutions, or None when undecided.

    Runs at the precision of a confirmed difference, the precision its callers compare at.
    """
    with mpmath.workdps(CONFIRM_DIGITS):
        counter = _equation_counterexample(check, reference, answer)
        if counter is not None:
            return counter
        return _compare_solution_sets(check, reference, answer)


def _equation_counterexample(check, reference, answer):
    """A point where the reference equation ``reference = 0`` holds exactly but the answer's does not.

    Points on the reference's solution set are found by solving for a symbol the
    (trusted) reference is linear in, at simple values of the other symbols.
    """
    numerator, denominator = sp.fraction(sp.cancel(sp.together(reference)))
    symbols = sorted((s for s in numerator.free_symbols if not s.is_integer), key=lambda s: s.name)
    for v in symbols:
        try:
            poly = sp.Poly(numerator, v)
        except sp.PolynomialError:
            continue
        if poly.degree() != 1:
            continue
        c1, c0 = poly.all_coeffs()
        others = (c1.free_symbols | c0.free_symbols | answer.free_symbols) - {v}
        for point in sample_points(others, check.ref.domains, count=12, seed=check.seed, simple=12):
            if time.perf_counter() > check.deadline:
                return None
            slope = c1.xreplace(point)
            if slope == 0 or not slope.is_Rational:
                continue
            value = -c0.xreplace(point) / slope
            domain = check.ref.domains.get(v.name)
            if not value.is_Rational or (domain is not None and domain.contains(value) is False):
                continue
            full = dict(point)
            full[v] = value
            if denominator.xreplace(full) == 0 or reference.xreplace(full) != 0:
                continue
            terms = sp.Add.make_args(sp.expand(answer)) if len(answer.args) < 50 else (answer,)
            values = [check.values(t, full, False, CONFIRM_DIGITS) for t in terms]
            total = check.values(answer, full, False, CONFIRM_DIGITS)
            if total in (Undefined, Unsupported) or any(t in (Undefined, Unsupported) for t in values):
                continue
            scale = max(abs(t) for t in values)
            if abs(total) > check.tolerance * scale + check.floor:
                with mpmath.workdps(SAMPLE_DIGITS):
                    shown = show_number(total)
                return Verdict(False, "sampling", f"at {where(full)} the reference equation holds but yours "
                               f"does not (its two sides differ by {shown})", counterexample_at(full), "0", shown)
    return None


def _compare_solution_sets(check, reference, answer):
    """Equations ``reference = 0`` and ``answer = 0`` compared by their real solutions.

    For each symbol, at simple values of the others, the real roots of each side's numerator
    are found exactly (any degree); a root of one that does not solve the other is a
    counterexample. With one unknown and polynomial numerators, equal root sets are a proof.
    """
    found = {"reference": [], "answer": []}
    for first, second, whose in ((reference, answer, "reference"), (answer, reference, "answer")):
        numerator = sp.fraction(sp.together(first))[0]
        unknowns = sorted((s for s in numerator.free_symbols if not s.is_integer), key=lambda s: s.name)
        for v in unknowns:
            others = (reference.free_symbols | answer.free_symbols) - {v}
            for base in sample_points(others, check.ref.domains, count=6, seed=check.seed, simple=6):
                if time.perf_counter() > check.deadline:
                    return None
                for root in _real_roots(check, numerator.xreplace(base), v):
                    point = dict(base)
                    point[v] = _rational_near(root)
                    if root.is_Rational:
                        separates = _solves(check, first, point) and not _solves(check, second, point)
                    else:   # a 60-digit approximation of an irrational root: a clear gap is needed
                        separates = _near_zero(check, first, point, 1e-40) and not _near_zero(check, 
                            second, point, 1e-10)
                    if not separates:
                        continue
                    counter = counterexample_at(point)
                    counter[v.name] = str(root) if root.is_Rational else sp.sstr(sp.N(root, 15))
                    shown = ", ".join(f"{name} = {value}" for name, value in counter.items())
                    other = "yours" if whose == "reference" else "the reference's"
                    return Verdict(False, "sampling", f"the solution sets differ: {shown} solves the "
                                   f"{'reference equation' if whose == 'reference' else 'your equation'} "
                                   f"but not {other}", counter)
                if len(unknowns) == 1 and not others:
                    found[whose] = _real_roots(check, numerator, v)
    polynomial = all(sp.fraction(sp.together(e))[1].is_number for e in (reference, answer))
    if (len(reference.free_symbols | answer.free_symbols) == 1 and is_rational_function(reference)
            and is_rational_function(answer) and polynomial and found["reference"] == found["answer"]):
        roots = ", ".join(str(r) for r in found["reference"])
        return Verdict(True, "symbolic", f"equivalent equations: the same real solutions {{{roots}}} "
                       "(exact roots of both)")
    return None


def _near_zero(check, side, point, threshold):
    value = check.values(side, point, False, CONFIRM_DIGITS)
    return value not in (Undefined, Unsupported) and abs(value) <= threshold


def _real_roots(check, expr, symbol):
    """All real roots (exact: rationals, radicals or CRootOf) of a polynomial in ``symbol``, in its domain."""
    try:
        poly = sp.Poly(expr, symbol)
    except (sp.PolynomialError, sp.GeneratorsNeeded, ValueError, TypeError):
        return []
    if poly.degree() < 1 or poly.degree() > 60 or not all(c.is_Rational for c in poly.all_coeffs()):
        return []
    bounds = symbol_bounds(symbol, check.ref.domains.get(symbol.name))[:4]
    try:
        roots = set(poly.real_roots())
    except (NotImplementedError, sp.PolynomialError):
        return []
    return sorted((r for r in roots if inside(_rational_near(r), *bounds)), key=_rational_near)


def _solves(check, side, point):
    """True when ``side = 0`` holds at the (rational) point: exactly, or to the exact comparison's digits."""
    if is_rational_function(side):
        value = exact_value(side, point)
        return value is not None and value == 0
    value = check.values(side, point, False, CONFIRM_DIGITS)
    if value in (Undefined, Unsupported):
        return False
    return abs(value) <= 2 * value.error + EXACT_TOLERANCE


def _rational_near(number):
    """A real algebraic number itself if rational, else a rational within 10**-60 of it."""
    if number.is_Rational:
        return number
    return sp.Rational(str(sp.N(number, 70)))
