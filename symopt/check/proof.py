"""Proof: rational functions decided exactly, everything else by a symbolic proof under the time budget.

The symbolic proof (:mod:`symopt.check.symbolic`) runs in a killable worker
(:func:`symopt.budget.call_with_budget`); running out of time proves nothing
either way. Decimals are never proved symbolically: they are compared numerically.
"""

import functools
import time

import sympy as sp

from ..errors import BudgetExceeded
from . import symbolic
from .exact import exact_value, rational_identity
from .explain import counterexample_at, where, your
from .options import SAMPLE_POINTS, SIMPLE_POINTS
from .sampling import sample_points
from .verdict import Verdict


def exact_rational(check, pairs):
    """Rational functions decided exactly (no tolerance): a Verdict, or None when not applicable."""
    if not all(r.is_Atom or r.is_Add or r.is_Mul or r.is_Pow for _, r, _a in pairs):
        return None
    outcomes = []
    for label, r, a in pairs:
        if time.perf_counter() > check.deadline:
            return None
        try:
            outcomes.append(rational_identity(r, a))
        except (RecursionError, MemoryError, ValueError, TypeError):
            return None
    if all(o is True for o in outcomes):
        return Verdict(True, "symbolic", "equivalent: proved exactly (both are rational functions; their "
                       "cross-multiplied difference vanishes at degree + 1 points in every variable, so it "
                       "is the zero polynomial)" + ("; the answers differ only at removable singularities"
                                                     if check.removable else ""))
    for index, outcome in enumerate(outcomes):
        if outcome is not False:
            continue
        label, r, a = pairs[index]
        symbols = {s for s in r.free_symbols | a.free_symbols if isinstance(s, sp.Symbol)}
        for point in sample_points(symbols, check.ref.domains, count=4 * SAMPLE_POINTS, seed=check.seed,
                                   simple=SIMPLE_POINTS):
            if time.perf_counter() > check.deadline:
                return None
            rv, av = exact_value(r, point), exact_value(a, point)
            if rv is not None and av is not None and rv != av:
                at = f"at {where(point)} " if point else ""
                return Verdict(False, "symbolic", f"{at}{your(label)} gives {av}, the reference {rv} "
                               f"(exact values: they differ by {av - rv}, and without decimals no tolerance "
                               f"applies)", counterexample_at(point), str(rv), str(av), component=label)
    return None


def prove_pairs(check, pairs, mode):
    """``(proved, note)``: a symbolic proof of every ``(label, reference, answer)`` pair, within the deadline."""
    from ..budget import call_with_budget
    exprs = [(r, a) for _, r, a in pairs]
    if any(e.has(sp.Float) for pair in exprs for e in pair):
        return False, "decimals in the answer: compared numerically only"
    _warm_symbolic()
    left = check.deadline - time.perf_counter()
    if left < 0.05:
        return False, "no time left for a symbolic proof"
    try:
        proved = call_with_budget(symbolic.prove, exprs, mode, tuple(check.ref.integers), seconds=left)
    except BudgetExceeded:
        return False, "no symbolic proof within the time budget"
    except Exception as exc:  # a sympy failure on odd input proves nothing either way
        return False, f"symbolic proof failed ({type(exc).__name__})"
    return bool(proved), ("proved symbolically" if proved else "no symbolic proof found")


@functools.lru_cache(maxsize=None)
def _warm_symbolic():
    """Run sympy's simplification once in this process, so that every forked proof worker starts warm.

    A worker's caches die with it; without this each proof pays sympy's first-call cost (about 1 s).
    """
    x = sp.Symbol("x", real=True)
    sp.simplify(sp.sin(x) ** 2 + sp.cos(x) ** 2 + sp.exp(x) * sp.exp(-x) + sp.tan(x) - sp.log(x) / (x + 1))
    return True
