"""The symbolic verdict: a closed form substituted into its recurrence, with k symbolic.

x_{k+1} is the closed form at k + 1; the update applied to the closed form at k
must give the same, for every integer k >= 0 and every admissible parameter.
The residuals (and the start, k = 0) go to the zero test of :mod:`symopt.zero`,
which proves, refutes with a counterexample, or leaves them open. Closed forms
with ``KroneckerDelta(k, j)`` terms (zero eigenvalues) hold from a horizon on:
their first values are compared with the exact iteration instead.
"""

import sympy as sp

from ..problem import k as COUNTER
from ..values import to_sympy
from ..zero import is_algebraic, numeric_residual, reduce_algebraic, root_symbols, zero_test


def symbolic_check(recurrence, closed_form, start, counter=COUNTER, samples=None, seconds=5.0):
    """Substitute the closed form into the recurrence (k symbolic) and into the start (k = 0)."""
    closed = [to_sympy(c) for c in closed_form]
    roots = root_symbols(closed)
    closed = [c.xreplace(roots) for c in closed] if roots else closed
    shifted = [c.xreplace({counter: counter + 1}) for c in closed]
    applied = recurrence.apply(closed, counter + 1)
    residuals = [a - b for a, b in zip(shifted, applied)]
    initial = [_simplified_difference(c.xreplace({counter: 0}), to_sympy(s)) for c, s in zip(closed, start)]
    if any(i != 0 for i in initial):
        text = ", ".join(f"{sp.sstr(v)}_0 is off by {sp.sstr(i)}" for v, i in zip(recurrence.state, initial) if i != 0)
        numeric = numeric_residual([i for i in initial if i != 0], counter, samples or {}, None)
        if numeric is not None:
            return False, f"the closed form does not start at the start point ({text})", numeric
    horizon = _delta_horizon(closed, counter)
    if horizon:
        # KroneckerDelta(k, j) terms (zero eigenvalues) end at k = horizon − 1: the first values are
        # compared with the exact iteration, the recurrence is proved from k = horizon on
        state = [to_sympy(x) for x in start]
        for index in range(1, horizon + 1):
            state = recurrence.apply(state, index)
            gaps = [_simplified_difference(c.xreplace({counter: index}), x) for c, x in zip(closed, state)]
            if any(gap != 0 for gap in gaps):
                numeric = numeric_residual([g for g in gaps if g != 0], counter, samples or {}, None)
                if numeric is not None:
                    return False, f"the closed form differs from the iteration at k = {index}", numeric
                return None, f"the value at k = {index} could not be shown equal to the iteration's", None
        residuals = [r.xreplace({counter: counter + horizon}) for r in residuals]
        shifted = [c.xreplace({counter: counter + horizon}) for c in shifted]
    scales = [sp.Abs(s, evaluate=False) for s in shifted]
    return zero_test(residuals, counter, samples, scales, seconds)


def _simplified_difference(a, b):
    difference = a - b
    if difference == 0:
        return sp.Integer(0)
    if is_algebraic(difference):  # simplify asks CRootOf sums for their sign, which can take minutes
        return sp.Integer(0) if reduce_algebraic(difference) == 0 else difference
    return sp.simplify(difference)


def _delta_horizon(expressions, counter):
    """1 + the largest j of the ``KroneckerDelta(k, j)`` terms, or 0 when there are none."""
    horizon = 0
    for expression in expressions:
        for delta in expression.atoms(sp.KroneckerDelta):
            offset = sp.expand(delta.args[0] - delta.args[1])
            value = sp.expand(counter - offset) if offset.coeff(counter) == 1 else sp.expand(counter + offset)
            if value.is_Integer:
                horizon = max(horizon, int(value) + 1)
    return horizon


__all__ = ["symbolic_check"]
