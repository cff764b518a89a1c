"""Numeric agreement: evaluate reference and answer at many points and look for a confirmed difference.

Points respect the domains (see :mod:`symopt.check.sampling`); at each one every
component pair is compared in the mode in force. A difference is re-checked at
higher precision before it counts, a point where only the answer is undefined is
a difference unless the singularity is removable, and a point where only the
answer is real is one only if the same holds on a whole region around it.
"""

import time

import mpmath
import sympy as sp

from .context import close
from .equations import compare_equations
from .evaluate import Undefined, Unsupported
from .explain import at_point, counterexample_at, explain, explain_mode, show, your
from .options import CONFIRM_DIGITS, MIN_AGREEMENT, SAMPLE_POINTS, SIMPLE_POINTS
from .sampling import inside, sample_points, symbol_bounds
from .verdict import Verdict


def sample(check, pairs, mode):
    """``(agreed, notes, needed)`` over the sample points, or a False/None Verdict at a confirmed difference."""
    complex_ok = any(e.has(sp.I) for _, r, a in pairs for e in (r, a))
    points = _points(check, pairs)
    agreed = 0
    constants = {}
    notes = []
    admissible = []
    extended = False
    position = 0
    while True:
        if position == len(points):
            if extended or agreed >= MIN_AGREEMENT or not admissible:
                break
            # the reference is defined on a small region only (arccosh: x >= 1): sample more of it
            extended = True
            points.extend(_jittered(admissible, check.ref.domains))
            if position == len(points):
                break
        point = points[position]
        position += 1
        if time.perf_counter() > check.deadline:
            break
        values = []
        usable = True
        for index, (label, r, a) in enumerate(pairs):
            rv = check.values(r, point, complex_ok)
            if rv is Undefined and mode == "exact" and check.ref.kind != "equation":
                verdict = _defined_only_in_answer(check, label, r, a, point, complex_ok)
                if verdict is not None:
                    return verdict
            if rv is Undefined or rv is Unsupported:
                usable = False
                break
            av = check.values(a, point, complex_ok)
            if av is Unsupported:
                usable = False
                break
            if av is Undefined:
                if _removable(check, r, a, point, complex_ok):
                    usable = False
                    break
                return _undefined_answer(check, pairs, index, point, complex_ok)
            values.append((rv, av))
        if not usable:
            continue
        bad = disagreement(check, mode, values, constants)
        if bad is None and mode == "exact" and not check.decimals:
            # only values too large to be known to 1e-20 absolutely need their difference formed first
            bad = next((i for i, ((label, r, a), (rv, av)) in enumerate(zip(pairs, values))
                        if max(rv.error, av.error) > 1e-20 and
                        check.difference_is_nonzero(r, a, point, complex_ok)), None)
        if bad is not None:
            verdict = _confirm(check, pairs, mode, point, bad, constants, complex_ok)
            if verdict is not None:
                return verdict
            continue
        agreed += 1
        admissible.append(point)
    if check.removable:
        notes.append("; the answers differ only at removable singularities (compared where both are defined)")
    return agreed, notes, min(MIN_AGREEMENT, len(points))


def _points(check, pairs):
    symbols = set()
    for _, r, a in pairs:
        symbols |= r.free_symbols | a.free_symbols
    symbols = {s for s in symbols if isinstance(s, sp.Symbol)}
    exprs = [e for _, r, a in pairs for e in (r, a)]
    return sample_points(symbols, check.ref.domains, count=SAMPLE_POINTS, seed=check.seed, simple=SIMPLE_POINTS,
                         exprs=exprs)


def _jittered(points, domains, per_point=6):
    """Points near the given ones (real symbols moved by small rational steps), inside the domains."""
    out = []
    for point in points:
        for i in range(1, per_point + 1):
            step = sp.Rational(i, 7 * per_point)
            moved = {s: v if s.is_integer else v + step * (1 + abs(v)) for s, v in point.items()}
            if all(inside(v, *symbol_bounds(s, domains.get(s.name))[:4]) for s, v in moved.items()):
                out.append(moved)
    return out


def disagreement(check, mode, values, constants):
    """Index of the first disagreeing component at this point (or -1 for the whole vector), else None."""
    with mpmath.workdps(CONFIRM_DIGITS):   # ratios and differences at the precision the values carry
        return _disagreement_at_precision(check, mode, values, constants)


def _disagreement_at_precision(check, mode, values, constants):
    tol, floor = check.tolerance, check.floor
    if mode == "exact":
        for i, (rv, av) in enumerate(values):
            if not check.equal(rv, av):
                return i
        return None
    if mode == "additive_constant":
        for i, (rv, av) in enumerate(values):
            diff = rv - av
            if i not in constants:
                constants[i] = (diff, max(abs(rv), abs(av)))
                continue
            first, scale = constants[i]
            if abs(diff - first) > tol * max(scale, abs(rv), abs(av)) + floor:
                return i
        return None
    if mode == "ratio_constant":
        for i, (rv, av) in enumerate(values):
            if abs(rv) <= floor:
                if abs(av) > floor:
                    return i
                continue
            ratio = av / rv
            if abs(ratio) <= tol:
                return i
            if i not in constants:
                constants[i] = ratio
            elif not close(ratio, constants[i], tol, floor):
                return i
        return None
    if mode == "scalar_multiple":
        refs = [rv for rv, _ in values]
        ans = [av for _, av in values]
        pivot = max(range(len(refs)), key=lambda i: abs(refs[i]))
        scale_r = max(abs(v) for v in refs)
        scale_a = max(abs(v) for v in ans)
        if scale_r <= floor:
            return -1 if scale_a > floor else None
        if scale_a <= floor:
            return -1
        factor = ans[pivot] / refs[pivot]
        for i, (rv, av) in enumerate(values):
            if abs(av - factor * rv) > tol * scale_a + floor:
                return i
        return None
    raise ValueError(mode)


def _defined_only_in_answer(check, label, r, a, point, complex_ok):
    """A Verdict(False) when the answer is real where the reference is not, on a set of positive measure.

    A single point could be a removable singularity of the reference (``(x**2-1)/(x-1)`` at 1);
    the same split at nearby points in every direction (inside the assumptions) shows a whole region.
    """
    av = check.values(a, point, complex_ok, CONFIRM_DIGITS)
    if av in (Undefined, Unsupported):
        return None
    if not _region_around(check, point, lambda p: check.values(r, p, complex_ok) is Undefined and
                          check.values(a, p, complex_ok) not in (Undefined, Unsupported)):
        return None
    with mpmath.workdps(CONFIRM_DIGITS):
        shown = show(check, a, point, complex_ok)[0]
    return Verdict(False, "sampling", f"{your(label)} is defined{at_point(point)} (it gives {shown}) where the "
                   f"reference is not a real number, and so on a whole region around that point: the two "
                   f"are not the same function", counterexample_at(point), "undefined", shown, component=label)


def _region_around(check, point, holds):
    """True if ``holds`` at the point and at nearby points in several directions inside the domains."""
    reals = sorted((s for s in point if not s.is_integer), key=lambda s: s.name)
    if not reals:
        return True   # integer symbols: one point is a set of positive (counting) measure
    directions = 0
    for step in (sp.Rational(1, 997), -sp.Rational(1, 997), sp.Rational(1, 10 ** 5), -sp.Rational(1, 10 ** 5)):
        nearby = dict(point)
        for i, s in enumerate(reals):
            nearby[s] = point[s] + step * (1 if i % 2 == 0 else -1) * (1 + abs(point[s]))
        if not all(inside(nearby[s], *symbol_bounds(s, check.ref.domains.get(s.name))[:4]) for s in reals):
            continue
        if not holds(nearby):
            return False
        directions += 1
    return directions >= 2


def _removable(check, r, a, point, complex_ok):
    """True if the answer is undefined at ``point`` but tends to the reference nearby."""
    reals = [s for s in point if not s.is_integer]
    if not reals:
        return False
    for shift in (sp.Rational(1, 10 ** 15), -sp.Rational(1, 10 ** 15)):
        nearby = {s: (v + shift if s in reals else v) for s, v in point.items()}
        rv = check.values(r, nearby, complex_ok, CONFIRM_DIGITS)
        av = check.values(a, nearby, complex_ok, CONFIRM_DIGITS)
        if rv in (Undefined, Unsupported) or av in (Undefined, Unsupported):
            return False
        if not close(rv, av, max(check.tolerance, 1e-9), max(check.floor, 1e-9)):
            return False
    check.removable = True
    return True


def _undefined_answer(check, pairs, index, point, complex_ok):
    """The answer undefined where the reference is defined: a Verdict(False) once both are confirmed."""
    label, r, a = pairs[index]
    rv = check.values(r, point, complex_ok, CONFIRM_DIGITS)
    av = check.values(a, point, complex_ok, CONFIRM_DIGITS)
    if rv in (Undefined, Unsupported) or av is not Undefined:
        return Verdict(None, "sampling", "undetermined: the answer could not be evaluated reliably")
    shown = show(check, r, point, complex_ok)[0]
    return Verdict(False, "sampling",
                   f"{your(label)} is undefined (not a real number){at_point(point)}, where the "
                   f"reference is {shown}", counterexample_at(point), shown, "undefined", component=label)


def _confirm(check, pairs, mode, point, bad, constants, complex_ok):
    """Re-check a disagreement at higher precision; a Verdict(False) if it stands, else None."""
    if mode == "exact":
        label, r, a = pairs[bad]
        rv = check.values(r, point, complex_ok, CONFIRM_DIGITS)
        av = check.values(a, point, complex_ok, CONFIRM_DIGITS)
        if rv in (Undefined, Unsupported) or av is Unsupported:
            return None
        if av is not Undefined and check.equal(rv, av) and (
                check.decimals or not check.difference_is_nonzero(r, a, point, complex_ok, CONFIRM_DIGITS)):
            return None
        return explain(check, pairs, bad, point, complex_ok)
    # the other modes compare across points: confirm by recomputing the quantities at 50 digits
    values = []
    for label, r, a in pairs:
        rv = check.values(r, point, complex_ok, CONFIRM_DIGITS)
        av = check.values(a, point, complex_ok, CONFIRM_DIGITS)
        if rv in (Undefined, Unsupported) or av in (Undefined, Unsupported):
            return None
        values.append((rv, av))
    if disagreement(check, mode, values, dict(constants)) is None:
        return None
    if mode == "ratio_constant" and check.ref.kind == "equation":
        # equations that are not constant multiples of each other can still have the same solutions
        by_solutions = compare_equations(check, pairs[0][1], pairs[0][2])
        if by_solutions is not None:
            return by_solutions
    return explain_mode(check, pairs, mode, bad, point, values, constants)
