"""Feedback wording: what a student reads when an answer differs, and how values and points are shown.

A difference is explained in terms a student can act on — a sign flip at odd
``k``, a wrong sign, a constant factor or offset, a shift by one step — and
always with the point and both values there, quoted exactly while they are short.
"""

from dataclasses import replace
from fractions import Fraction

import mpmath
import sympy as sp

from .context import close
from .evaluate import Undefined, Unsupported
from .exact import exact_value, is_rational_function
from .options import CONFIRM_DIGITS, SAMPLE_DIGITS
from .sampling import sample_points
from .verdict import Verdict


def explain(check, pairs, index, point, complex_ok):
    """The message for an exact-mode difference, recognising common slips."""
    # differences of values trusted to 30+ digits are taken at that precision, not mpmath's default 15
    with mpmath.workdps(CONFIRM_DIGITS):
        return _explain_at_precision(check, pairs, index, point, complex_ok)


def _explain_at_precision(check, pairs, index, point, complex_ok):
    label, r, a = pairs[index]
    probe = _probe_points(check, r, a, point)
    values = []
    for p in probe:
        rv = check.values(r, p, complex_ok)
        av = check.values(a, p, complex_ok)
        if rv in (Undefined, Unsupported) or av in (Undefined, Unsupported):
            continue
        values.append((p, rv, av))
    integers = sorted({s for s in point if s.is_integer}, key=lambda s: s.name)
    pattern = _pattern(check, values, integers, r, complex_ok)
    if pattern is not None:
        message, shown_point = f"{your(label)} {pattern[0]}", pattern[1]
    else:
        message, shown_point = None, point
    rs, rv = show(check, r, shown_point, complex_ok)
    as_, av = show(check, a, shown_point, complex_ok)
    digits = 10
    while rs == as_ and rv is not None and av is not None and rv != av and digits < 40:
        digits += 5   # show enough digits that the two quoted values visibly differ
        with mpmath.workdps(SAMPLE_DIGITS + digits):
            rs, as_ = show_number(rv, digits), show_number(av, digits)
    at = f"{your(label)} gives {as_}, the reference {rs}"
    if rs == as_ and not check.decimals:
        difference = check.difference(r, a)
        gap = check.values(difference, shown_point, complex_ok) if difference is not None else Undefined
        if gap not in (Undefined, Unsupported):
            at += f" (they differ by {show_number(-gap)}, beyond the digits shown)"
            rv = av = None   # the relative difference of the rounded values would read 0
    if shown_point:
        at = f"at {where(shown_point)} {at}"
    if rv is not None and av is not None and abs(rv - av) < mpmath.mpf("1e-3") * max(abs(rv), abs(av)):
        relative = abs(rv - av) / max(abs(rv), abs(av))
        if check.decimals:
            at += (f" (a relative difference of {mpmath.nstr(relative, 2)}, more than the tolerance "
                   f"{check.tolerance:g})")
        else:
            at += (f" (a relative difference of {mpmath.nstr(relative, 2)}; without decimals no tolerance "
                   f"applies)")
    text = f"{message}: {at}" if message else at
    if message is None and len(pairs) > 1:
        text = f"{your(label)} differs: {at}"
    return Verdict(False, "sampling", text, counterexample_at(shown_point), rs, as_, component=label)


def explain_mode(check, pairs, mode, bad, point, values, constants):
    """The message for a difference in the other modes (not a constant offset, not a constant multiple)."""
    with mpmath.workdps(CONFIRM_DIGITS):
        return _explain_mode_at_precision(check, pairs, mode, bad, point, values, constants)


def _explain_mode_at_precision(check, pairs, mode, bad, point, values, constants):
    at = at_point(point)
    component = pairs[bad][0] if bad >= 0 else None
    rv, av = values[bad if bad >= 0 else 0]
    if mode == "additive_constant":
        first = constants.get(bad, (None,))[0]
        message = (f"{your(component)} does not differ from the reference by a constant: the difference "
                   f"is {show_number(rv - av)}{at}, but {show_number(first)} at another sample point")
    elif mode == "ratio_constant":
        what = "equation" if check.ref.kind == "equation" else "answer"
        if abs(rv) <= check.floor:
            message = (f"{your(component)} is not a multiple of the reference:{at} the reference is 0, "
                       f"yours {show_number(av)}")
        elif abs(av / rv) <= check.tolerance:
            message = f"{your(component)} is zero{at}, where the reference is {show_number(rv)}"
        else:
            message = (f"your {what} is not a constant multiple of the reference: the ratio is "
                       f"{show_number(av / rv)}{at}, but {show_number(constants.get(bad))} at another sample point")
        if check.ref.kind == "equation":
            return Verdict(None, "sampling", message + "; equations that are not constant multiples "
                           "of each other can still have the same solutions, so this is undetermined",
                           counterexample_at(point), show_number(rv), show_number(av), component=component)
    else:
        message = (f"your vector is not a nonzero multiple of the reference{at}: the reference is "
                   f"({', '.join(show_number(v[0]) for v in values)}), yours "
                   f"({', '.join(show_number(v[1]) for v in values)})")
        return Verdict(False, "sampling", message, counterexample_at(point), None, None, component=None)
    return Verdict(False, "sampling", message, counterexample_at(point), show_number(rv), show_number(av),
                   component=component)


def show(check, expr, point, complex_ok):
    """``(text, value)`` for display; a value that vanishes as the precision grows is shown as 0."""
    if not check.decimals and is_rational_function(expr) and all(v.is_Rational for v in point.values()):
        exact = exact_value(expr, point)
        if exact is not None and max(int(exact.p).bit_length(), int(exact.q).bit_length()) < 200:
            # quote rational values exactly (1/3, not 0.3333333333) while they stay short
            with mpmath.workdps(CONFIRM_DIGITS):
                return str(exact), mpmath.mpf(int(exact.p)) / int(exact.q)
    low = check.values(expr, point, complex_ok, SAMPLE_DIGITS)
    if low in (Undefined, Unsupported):
        return "undefined", None
    high = check.values(expr, point, complex_ok, CONFIRM_DIGITS)
    if high not in (Undefined, Unsupported) and low != 0 and abs(high) < abs(low) * mpmath.mpf("1e-12"):
        return "0", mpmath.mpf(0)
    with mpmath.workdps(SAMPLE_DIGITS):
        return show_number(low), low


def _probe_points(check, r, a, point):
    """The failing point, the simple points around it, and integer symbols swept over 0..7."""
    probe = [point]
    integers = [s for s in point if s.is_integer]
    symbols = {s for s in (r.free_symbols | a.free_symbols) if isinstance(s, sp.Symbol)}
    simple = sample_points(symbols, check.ref.domains, count=28, seed=check.seed, simple=16)
    base = simple[0] if simple else point
    for s in integers:
        for n in range(0, 8):
            candidate = dict(base)
            candidate[s] = sp.Integer(n)
            if check.ref.domains.get(s.name) is None or check.ref.domains[s.name].contains(n) is not False:
                probe.append(candidate)
    probe.extend(simple)
    return probe


def _pattern(check, values, integers, r, complex_ok):
    """Recognise a sign flip at odd k, a wrong sign, a constant factor or offset, a shift in k."""
    if len(values) < 4:
        return None
    tol, floor = max(check.tolerance, 1e-12), check.floor
    nonzero = [(p, rv, av) for p, rv, av in values if abs(rv) > floor]
    if len(integers) == 1:
        k = integers[0]
        odd = [(p, rv, av) for p, rv, av in nonzero if int(p[k]) % 2 == 1]
        even = [(p, rv, av) for p, rv, av in nonzero if int(p[k]) % 2 == 0]
        if odd and even and all(close(av, -rv, tol, floor) for _, rv, av in odd) and all(
                close(av, rv, tol, floor) for _, rv, av in even):
            first = min(odd, key=lambda v: (int(v[0][k]), _complexity(v[0])))[0]
            return f"has the wrong sign for odd {k.name}", first
        if odd and even and all(close(av, -rv, tol, floor) for _, rv, av in even) and all(
                close(av, rv, tol, floor) for _, rv, av in odd):
            first = min((v for v in even), key=lambda v: (int(v[0][k]), _complexity(v[0])))[0]
            return f"has the wrong sign for even {k.name}", first
    if nonzero and all(close(av, -rv, tol, floor) for _, rv, av in nonzero):
        return "has the wrong sign", _simplest(nonzero)
    if len(integers) == 1:
        k = integers[0]
        for shift, words in ((1, "k + 1"), (-1, "k - 1")):
            matched = 0
            for p, rv, av in values:
                shifted = dict(p)
                shifted[k] = p[k] + shift
                domain = check.ref.domains.get(k.name)
                if domain is not None and domain.contains(shifted[k]) is False:
                    continue
                other = check.values(r, shifted, complex_ok)
                if other in (Undefined, Unsupported) or not close(av, other, tol, floor):
                    matched = -1
                    break
                matched += 1
            if matched >= 4:
                return (f"is shifted by one step in {k.name}: it equals the reference at "
                        f"{words.replace('k', k.name)}"), _simplest(values)
    if len(nonzero) >= 4:
        ratios = [av / rv for _, rv, av in nonzero]
        if all(close(q, ratios[0], tol, floor) for q in ratios) and not close(ratios[0], 1, tol, floor):
            return f"is off by a constant factor {show_number(ratios[0])}", _simplest(nonzero)
    diffs = [av - rv for _, rv, av in values]
    largest = max(max(abs(rv), abs(av)) for _, rv, av in values)
    if abs(diffs[0]) > 1e-12 * max(1, largest) and all(
            close(d, diffs[0], tol, floor + tol * abs(rv)) for d, (_, rv, _a) in zip(diffs, values)):
        hint = " (use mode additive_constant if a constant is allowed)" if check.mode == "exact" else ""
        return (f"differs from the reference by the constant {show_number(diffs[0])}{hint}",
                _simplest(values))
    return None


def show_number(value, digits=10):
    """A value as a student would write it: ``1/3``, ``-2``, ``0.7071067812`` or ``0.5 + 1.2i``.

    >>> import mpmath
    >>> with mpmath.workdps(30):
    ...     show_number(-mpmath.mpf(1) / 3), show_number(mpmath.sqrt(2))
    ('-1/3', '1.414213562')
    """
    if value is None:
        return "undefined"
    if isinstance(value, mpmath.mpc):
        if value.imag == 0:
            value = value.real
        else:
            sign = "+" if value.imag >= 0 else "-"
            return f"{show_number(value.real, 6)} {sign} {show_number(abs(value.imag), 6)}i"
    if value == 0:
        return "0"
    magnitude = abs(value)
    if magnitude < mpmath.mpf(10) ** min(25, mpmath.mp.dps - 5) and value == mpmath.floor(value):
        return str(int(value))
    if mpmath.mpf("1e-6") < magnitude < mpmath.mpf("1e9"):
        fraction = Fraction(mpmath.nstr(value, mpmath.mp.dps)).limit_denominator(10000)
        exact = mpmath.mpf(fraction.numerator) / fraction.denominator
        if abs(value - exact) <= magnitude * mpmath.mpf(10) ** (5 - mpmath.mp.dps):
            if fraction.denominator == 1:
                return str(fraction.numerator)
            return f"{fraction.numerator}/{fraction.denominator}"
    return mpmath.nstr(value, digits)


def tolerance_note(check):
    """Which comparison applied: a tolerance (decimals present) or exact agreement within error bounds."""
    if check.decimals:
        return (f"; decimals present, so values within a relative tolerance of {check.tolerance:g} "
                f"(absolute {check.floor:g} near zero) count as equal")
    return ("; no decimals, so compared exactly: the values agree to within their evaluation error "
            "(at least 25 correct digits each)")


def sample_summary(pairs):
    """Where the agreement was sampled, when that is worth saying: integer symbols at both parities."""
    integers = sorted({s.name for _, r, a in pairs for s in (r.free_symbols | a.free_symbols)
                       if s.is_integer}, key=str)
    if not integers:
        return ""
    return f", {', '.join(integers)} of both parities, small and large"


def mode_phrase(mode):
    """How the verdict names the mode: "" or " up to an additive constant", ..."""
    return {"exact": "", "additive_constant": " up to an additive constant",
            "scalar_multiple": " up to a nonzero factor", "ratio_constant": " up to a constant factor"}[mode]


def points_phrase(count):
    """``1 sample point`` or ``N sample points``."""
    return "1 sample point" if count == 1 else f"{count} sample points"


def with_foreign_note(verdict, pairs, ref):
    """Tell the student about names in their answer that the reference does not know."""
    known = set(ref.symbols.values())
    known |= {s for _, r, _a in pairs for s in r.free_symbols}
    foreign = sorted({s.name for _, _r, a in pairs for s in a.free_symbols} - {s.name for s in known})
    if not foreign or verdict.equivalent is True:
        return verdict
    note = (f"your answer uses {', '.join(foreign)}, which the reference does not "
            f"({'is it' if len(foreign) == 1 else 'are they'} a typo?); ")
    return replace(verdict, message=note + verdict.message)


def show_set(values):
    """A set of values (tuples of coordinates, None where undefined) as ``{1/2, (1, 2), undefined}``."""
    shown = []
    for value in values:
        if value is None:
            shown.append("undefined")
        elif len(value) == 1:
            shown.append(show_number(value[0]))
        else:
            shown.append("(" + ", ".join(show_number(v) for v in value) + ")")
    return "{" + ", ".join(shown) + "}"


def counterexample_at(point):
    """``{name: value}`` of a point, integer symbols first: the ``counterexample`` of a Verdict."""
    return {s.name: str(v) for s, v in sorted(point.items(), key=lambda item: (not item[0].is_integer,
                                                                            item[0].name))}


def where(point):
    """A point as ``k = 1, b = 1/2``."""
    if not point:
        return "every point"
    return ", ".join(f"{name} = {value}" for name, value in counterexample_at(point).items())


def at_point(point):
    """The point as a phrase (" at k = 1, b = 1/2", with its leading space), or nothing without symbols."""
    return f" at {where(point)}" if point else ""


def your(label):
    """``your x_k`` for a named component, else ``your answer``."""
    return f"your {label}" if label else "your answer"


def _complexity(point):
    return sum(abs(int(v.p)) + int(v.q) for v in point.values())


def _simplest(values):
    return min(values, key=lambda v: _complexity(v[0]))[0]
