"""Sets: equal as sets at every sample point, elements in any order; a pairing found numerically is then proved."""

import time

import mpmath
import sympy as sp

from .evaluate import Undefined, Unsupported
from .explain import at_point, counterexample_at, show_set
from .options import CONFIRM_DIGITS, MIN_AGREEMENT, SAMPLE_DIGITS, SAMPLE_POINTS, SIMPLE_POINTS
from .pairing import set_elements
from .proof import prove_pairs
from .sampling import sample_points
from .verdict import Verdict


def check_set(check, parsed):
    """The Verdict on an answer to a set reference (the reference's kind is ``"set"``)."""
    elements = set_elements(check.ref, parsed)
    if isinstance(elements, Verdict):
        return elements
    reference, answer = elements
    exprs = [c for e in reference + answer for c in e]
    complex_ok = any(e.has(sp.I) for e in exprs)
    symbols = {s for e in exprs for s in e.free_symbols if isinstance(s, sp.Symbol)}
    points = sample_points(symbols, check.ref.domains, count=SAMPLE_POINTS, seed=check.seed,
                           simple=SIMPLE_POINTS, exprs=exprs)
    agreed, pairing = 0, None
    for point in points:
        if time.perf_counter() > check.deadline:
            break
        outcome = _set_at(check, reference, answer, point, complex_ok, SAMPLE_DIGITS)
        if outcome is None:
            continue
        matched, ref_values, ans_values = outcome
        if matched is None:
            confirmed = _set_at(check, reference, answer, point, complex_ok, CONFIRM_DIGITS)
            if confirmed is None or confirmed[0] is not None:
                continue
            with mpmath.workdps(SAMPLE_DIGITS):
                shown_r = show_set(ref_values)
                shown_a = show_set(ans_values)
            return Verdict(False, "sampling", f"the sets differ:{at_point(point)} the reference is "
                           f"{shown_r}, yours is {shown_a}", counterexample_at(point), shown_r, shown_a)
        agreed += 1
        if pairing is None and len(matched) == len(reference) == len(answer):
            pairing = matched
    if pairing is None:
        if agreed >= MIN_AGREEMENT:
            return Verdict(True, "sampling", f"equal as sets at {agreed} sample points (elements in any "
                           "order); no one-to-one pairing of the elements to prove symbolically")
        return Verdict(None, "sampling", f"undetermined: only {agreed} admissible sample points")
    pairs = [(f"element {i + 1}", rc, ac) for i, j in pairing for rc, ac in zip(reference[i], answer[j])]
    proved, proof_note = prove_pairs(check, pairs, "exact")
    if proved:
        return Verdict(True, "both" if agreed >= MIN_AGREEMENT else "symbolic",
                       "equal as sets (elements in any order): proved symbolically"
                       + (f" and agrees at {agreed} sample points" if agreed >= MIN_AGREEMENT else ""))
    if agreed >= MIN_AGREEMENT:
        return Verdict(True, "sampling", f"equal as sets numerically (elements in any order): agrees at "
                       f"{agreed} sample points ({proof_note})")
    return Verdict(None, "sampling", f"undetermined: only {agreed} admissible sample points and {proof_note}")


def _set_at(check, reference, answer, point, complex_ok, digits):
    """``(pairing or None, reference values, answer values)`` at a point; None if not admissible."""
    ref_values, ans_values = [], []
    for element in reference:
        values = [check.values(c, point, complex_ok, digits) for c in element]
        if any(v in (Undefined, Unsupported) for v in values):
            return None
        ref_values.append(values)
    for element in answer:
        values = [check.values(c, point, complex_ok, digits) for c in element]
        if any(v is Unsupported for v in values):
            return None
        ans_values.append(None if any(v is Undefined for v in values) else values)
    same = lambda u, v: u is not None and v is not None and all(  # noqa: E731
        check.equal(x, y) for x, y in zip(u, v))
    ref_unique = _dedupe(list(enumerate(ref_values)), same)
    ans_unique = _dedupe(list(enumerate(ans_values)), same)
    if len(ref_unique) != len(ans_unique):
        return None, ref_values, ans_values
    pairing, used = [], set()
    for i, u in ref_unique:
        match = next((j for j, v in ans_unique if j not in used and same(u, v)), None)
        if match is None:
            return None, ref_values, ans_values
        used.add(match)
        pairing.append((i, match))
    return pairing, ref_values, ans_values


def _dedupe(items, same):
    """The ``(index, value)`` items whose value is not ``same`` as an earlier one's."""
    unique = []
    for index, value in items:
        if not any(same(value, other) for _, other in unique):
            unique.append((index, value))
    return unique
