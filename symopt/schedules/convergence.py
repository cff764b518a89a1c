"""The Robbins–Monro conditions on a learning-rate schedule ε_k, decided symbolically with reasons.

Index convention: the lecture's algorithms count steps from 1, so ε_k is the
learning rate of step k = 1, 2, ... and the Robbins–Monro sums run from k = 1:

    Σ_{k≥1} ε_k = ∞   and   Σ_{k≥1} ε_k² < ∞.

:func:`robbins_monro` does not trust ``Sum.is_convergent`` (sympy #21315 gives
wrong answers and it raises on symbolic exponents). It classifies the schedule
itself — eventually constant (piecewise), geometric (ε_{k+1}/ε_k constant), and
ε_k ~ c·k^(−p)·(log k)^(−q) (leading terms of rational functions, roots and
logarithms, then the limit comparison test with Σ k^(−p)(log k)^(−q), which
diverges iff p < 1, or p = 1 and q ≤ 1: the integral test, or Cauchy
condensation) — and answers ``None`` (undetermined) for anything else. A
learning rate is positive, so the leading coefficient c must be > 0. For a
parameterised family it returns the exact condition on the parameters and the
set of values that qualify, e.g. 1/2 < p ≤ 1 for k^(−p), c > 0 for c/k.

Examples
========
>>> from symopt.schedules import robbins_monro
>>> [robbins_monro(s).robbins_monro for s in ("1/k", "1/(k+1)", "k**(-3/4)", "k**(-1/2)", "1/k**2", "0.9**k")]
[True, True, True, False, False, False]
>>> [robbins_monro(s).robbins_monro for s in ("1/(k*log(k+1))", "1/(k*log(k+1)**2)")]
[True, False]
>>> robbins_monro("c/k", parameters=("c",)).condition
c > 0
"""

from dataclasses import dataclass, field

import sympy as sp

from ..derivation import Derivation, Step
from ..errors import ProblemError
from ..quantities import Named, Statement, Sub
from ..serialize import JSONResult
from ..values import to_sympy
from .asymptotics import asymptotic_form, eventual_tail, first_undefined_step, geometric_ratio
from .families import K, Schedule, as_schedule, from_text

#: The learning rate of step k, ε_k, and what the conditions state about it.
EPSILON = sp.Symbol("epsilon")
EPSILON_K = Sub(EPSILON, K)
SUM_DIVERGES = Statement(sp.Sum(EPSILON_K, (K, 1, sp.oo)), sp.oo, "=")
SQUARES_CONVERGE = Statement(sp.Sum(EPSILON_K ** 2, (K, 1, sp.oo)), sp.oo, "<")
ROBBINS_MONRO = Named("Robbins–Monro")


@dataclass(frozen=True)
class RobbinsMonro(JSONResult):
    """The verdict on Σε_k = ∞ and Σε_k² < ∞ (each True, False or None = undetermined).

    ``family`` is the class the schedule was recognised as; ``qualifying`` maps
    each parameter to the set of its values for which both conditions hold;
    ``condition`` is the exact condition on the parameters under which both
    hold (a sympy boolean; ``True``/``False`` when it does not depend on them,
    None when undetermined); ``derivation`` holds the reasoning.
    """

    schedule: Schedule
    sum_diverges: object
    sum_of_squares_converges: object
    robbins_monro: object
    family: str
    qualifying: dict
    derivation: Derivation = field(repr=False)
    condition: object = None

    @property
    def reasoning(self):
        """The reasoning as lines of text."""
        return [line for line in self.derivation.to_text().splitlines()[1:] if line.strip()]

    def to_dict(self):
        """The JSON contract of ``symopt schedule --json``."""
        return {
            "schedule": sp.sstr(self.schedule.expression),
            "robbins_monro": self.robbins_monro,
            "sum_diverges": self.sum_diverges,
            "sum_of_squares_converges": self.sum_of_squares_converges,
            "family": self.family,
            "qualifying": {p.name: _set_text(s) for p, s in self.qualifying.items()},
            "condition": self.condition if self.condition in (True, False, None) else sp.sstr(self.condition),
            "reasoning": self.reasoning,
        }

    def _repr_latex_(self):
        from ..notebook import robbins_monro_latex
        return robbins_monro_latex(self)


def _set_text(s):
    if isinstance(s, sp.Interval):
        left = "(" if s.left_open else "["
        right = ")" if s.right_open else "]"
        return f"{left}{sp.sstr(s.start)}, {sp.sstr(s.end)}{right}"
    return sp.sstr(s)


def _truth(value):
    """True/False for a decided sympy boolean, None otherwise."""
    if value is True or value is sp.true:
        return True
    if value is False or value is sp.false:
        return False
    return None


def robbins_monro(schedule, parameters=()):
    """Decide Σ_{k≥1} ε_k = ∞ and Σ_{k≥1} ε_k² < ∞ for a schedule, with the reasoning.

    Examples
    ========
    >>> from symopt.schedules import robbins_monro, linear_decay
    >>> r = robbins_monro("k**(-p)", parameters=("p",))
    >>> r.robbins_monro is None, r.qualifying
    (True, {p: Interval.Lopen(1/2, 1)})
    >>> robbins_monro(linear_decay(1, 0.01, 100)).robbins_monro
    False
    """
    if isinstance(schedule, str):
        schedule = from_text(schedule, parameters)
    elif not isinstance(schedule, Schedule):
        schedule = as_schedule(schedule)
        if not isinstance(schedule, Schedule):
            raise ProblemError("Robbins–Monro needs a symbolic schedule, not a Python callable")
    e = schedule.expression
    steps = [Step("Schedule", e, EPSILON_K, "step index k = 1, 2, ...; sums run from k = 1", key=True)]
    params = schedule.parameters

    undefined_at = first_undefined_step(e)
    if undefined_at is not None:
        return _undetermined(schedule, steps, ("ε_k is not a real number at k = ", undefined_at, " (a division by "
                                               "zero or the log of a number ≤ 0), so the sums from k = 1 do not "
                                               "exist; shift the index, e.g. log(k+1) instead of log(k)"))
    tail, note = eventual_tail(e)
    if tail is None:
        return _undetermined(schedule, steps, note)
    if note:
        steps.append(Step("Tail", tail, EPSILON_K, note))
    tail = sp.simplify(tail) if tail.count_ops() < 40 else tail

    if K not in tail.free_symbols:
        return _constant(schedule, steps, tail, params)
    ratio = geometric_ratio(tail)
    if ratio is not None:
        return _geometric(schedule, steps, tail, ratio, params)
    asymptotic = asymptotic_form(tail)
    if asymptotic is not None:
        return _power(schedule, steps, tail, *asymptotic, params)
    return _undetermined(schedule, steps, "not a recognised family (eventually constant, geometric, "
                         "c·k^(−p)·(log k)^(−q)); sympy's Sum.is_convergent is not trusted here (sympy #21315)")


def _result(schedule, steps, diverges, squares, family, qualifying, verdict=None, condition=None):
    """Append the two conditions and the verdict; ``diverges``/``squares`` are True, False, None or a condition.

    ``condition`` is the exact condition on the parameters for both (default: the verdict).
    """
    if verdict is None:
        decided = [_truth(diverges), _truth(squares)]
        verdict = False if False in decided else (True if decided == [True, True] else None)
        if verdict is None and _truth(condition) is not None:
            verdict = _truth(condition)
    if condition is None or _truth(condition) is not None:
        condition = verdict
    elif len(condition.free_symbols) == 1:
        condition = _solved(condition)
    steps.append(_condition_step("First condition", diverges, SUM_DIVERGES, "sum_diverges"))
    steps.append(_condition_step("Second condition", squares, SQUARES_CONVERGE, "sum_of_squares_converges"))
    for p, values in qualifying.items():
        steps.append(Step(("Values of ", p, " that satisfy both"), values, sp.Symbol(p.name),
                          ("solve both conditions for ", p), relation="in", key=True))
    if isinstance(condition, sp.Basic) and condition.free_symbols:
        steps.append(Step("Robbins–Monro", condition, ROBBINS_MONRO, "both conditions hold exactly "
                          "for these parameter values", final=True, name="robbins_monro", relation="<=>"))
    else:
        steps.append(Step("Robbins–Monro", sp.Symbol("undetermined") if verdict is None else to_sympy(verdict),
                          ROBBINS_MONRO, "both conditions must hold", final=True, name="robbins_monro",
                          relation="is"))
    derivation = Derivation(f"Robbins–Monro conditions for {schedule}", tuple(steps))
    return RobbinsMonro(schedule, _truth(diverges), _truth(squares), verdict, family, qualifying, derivation,
                        condition)


def _condition_step(title, value, statement, name):
    decided = _truth(value)
    if decided is None and isinstance(value, sp.Basic) and value.free_symbols:
        return Step(title, value, statement, "holds exactly when this condition holds", relation="<=>",
                    name=name, key=True)
    rhs = sp.Symbol("undetermined") if decided is None else to_sympy(decided)
    return Step(title, rhs, statement, "", relation="is", name=name, key=True)


def _qualifying(condition, params):
    out = {}
    for p in params:
        if condition is True or condition is False:
            out[p] = sp.S.Reals if condition else sp.S.EmptySet
            continue
        others = condition.free_symbols - {p}
        if others:
            continue
        try:
            out[p] = condition.as_set()
        except (NotImplementedError, TypeError, ValueError):
            pass
    return out


def _undetermined(schedule, steps, why):
    steps.append(Step("Undetermined", kind="unknown", justification=why))
    derivation = Derivation(f"Robbins–Monro conditions for {schedule}", tuple(steps))
    return RobbinsMonro(schedule, None, None, None, "unrecognised", {}, derivation)


def _constant(schedule, steps, c, params):
    steps.append(Step("Family: constant (eventually)", c, EPSILON_K, "a constant c ≠ 0 gives Σc = ∞ and "
                      "Σc² = ∞; c = 0 gives Σ0 = 0 < ∞: either way one condition fails"))
    # Σc = +∞ needs c > 0 (c < 0 gives −∞); Σc² < ∞ needs c = 0
    diverges = _relation(c > 0)
    squares = _relation(sp.Eq(c, 0))
    # whatever c is, one of the two conditions fails
    return _result(schedule, steps, diverges, squares, "eventually constant" if schedule.expression != c
                   else "constant", _qualifying(False, params), verdict=False)


def _geometric(schedule, steps, e, r, params):
    steps.append(Step("Family: geometric", r, Sub(EPSILON, K + 1) / EPSILON_K,
                      "constant ratio r: Σε_k converges iff |r| < 1; Σε_k² has ratio r²", key=True))
    diverges = _relation(sp.Abs(r) >= 1)
    squares = _relation(r ** 2 < 1)
    ratio = sp.Symbol("r")
    steps.append(Step("No geometric schedule qualifies", sp.false, sp.And(sp.Abs(ratio) >= 1, ratio ** 2 < 1),
                      "the conditions need |r| ≥ 1 and |r| < 1 at once"))
    return _result(schedule, steps, diverges, squares, "geometric", _qualifying(False, params), verdict=False)


def _relation(relation):
    """True/False when decided, else the condition with each comparison solved for its one parameter."""
    value = _truth(relation)
    return value if value is not None else _tidy(relation)


def _tidy(condition):
    """Each comparison in one parameter written as that parameter against a number (−q ≤ 1 → q ≥ −1)."""
    return condition.replace(lambda e: isinstance(e, sp.Rel), _solved)


def _solved(condition):
    """A condition in one parameter as the parameter's interval(s), the parameter on the left (c > 0)."""
    symbols = condition.free_symbols
    if len(symbols) != 1:
        return condition
    symbol = next(iter(symbols))
    try:
        solved = condition.as_set().as_relational(symbol)
    except (NotImplementedError, TypeError, ValueError):
        return condition
    return solved.replace(lambda e: isinstance(e, sp.Rel) and e.rhs == symbol and e.lhs.is_number,
                          lambda e: e.reversed)


def _power(schedule, steps, e, c, p, q, params):
    family = "power law" if q == 0 else "power-logarithmic"
    shape = c * K ** (-p) * sp.log(K) ** (-q)
    steps.append(Step(f"Family: {family}", shape, EPSILON_K, "ε_k divided by this tends to 1 "
                      "(leading terms of each factor), so by the limit comparison test Σε_k and Σε_k² behave "
                      "like the series of this term and of its square", relation="~", key=True))
    positive = _relation(c > 0)
    if positive is False:
        steps.append(Step("Not a learning rate", c, sp.Symbol("c"), "the leading coefficient is not positive, "
                          "so ε_k ≤ 0 for large k and Σε_k does not tend to +∞"))
    else:
        steps.append(Step("Series test", kind="note", justification=(
            "Σ k^(−p)(log k)^(−q) = ∞ exactly when p < 1, or p = 1 and q ≤ 1 (p-series; for p = 1 the "
            "integral test, or Cauchy condensation, which turns it into Σ 2^(n(1−p)) n^(−q)); "
            "Σ ε_k² ~ c²Σ k^(−2p)(log k)^(−2q)")))
    diverges = _relation(sp.And(c > 0, sp.Or(p < 1, sp.And(sp.Eq(p, 1), q <= 1))))
    squares = _relation(sp.Or(2 * p > 1, sp.And(sp.Eq(2 * p, 1), 2 * q > 1)))
    both = sp.And(c > 0, sp.Or(p < 1, sp.And(sp.Eq(p, 1), q <= 1)), sp.Or(2 * p > 1, sp.And(sp.Eq(2 * p, 1),
                                                                                             2 * q > 1)))
    return _result(schedule, steps, diverges, squares, family, _qualifying(both, params),
                   condition=_relation(both))
