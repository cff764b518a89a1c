"""Learning-rate schedules ε_k and the Robbins–Monro conditions, decided symbolically with reasons.

Index convention: the lecture's algorithms count steps from 1, so ε_k is the
learning rate of step k = 1, 2, ... and the Robbins–Monro sums run from k = 1:

    Σ_{k≥1} ε_k = ∞   and   Σ_{k≥1} ε_k² < ∞.

:func:`robbins_monro` does not trust ``Sum.is_convergent`` (sympy #21315 gives
wrong answers and it raises on symbolic exponents). It classifies the schedule
itself — eventually constant (piecewise), geometric (ε_{k+1}/ε_k constant),
power law (ε_k ~ c·k^(−p) by the degrees of the polynomial factors, then the
limit comparison test with the p-series) — and answers ``None`` (undetermined)
for anything else. For a parameterised family it returns the set of parameter
values that qualify, e.g. 1/2 < p ≤ 1 for k^(−p).

Examples
========
>>> from symopt.schedules import robbins_monro
>>> [robbins_monro(s).robbins_monro for s in ("1/k", "1/(k+1)", "k**(-3/4)", "k**(-1/2)", "1/k**2", "0.9**k")]
[True, True, True, False, False, False]
"""

from dataclasses import dataclass, field

import sympy as sp

from .derivation import Derivation, Step
from .errors import ProblemError
from .values import to_sympy

#: The step index of schedules: steps are counted from 1.
K = sp.Symbol("k", integer=True, positive=True)


@dataclass(frozen=True)
class Schedule:
    """A learning-rate schedule ε_k, an expression in the step index ``k`` (k = 1, 2, ...).

    Examples
    ========
    >>> from symopt.schedules import linear_decay
    >>> s = linear_decay(1, sp.Rational(1, 100), 4)
    >>> [s.value(k) for k in (1, 4, 5)]
    [301/400, 1/100, 1/100]
    """

    expression: sp.Expr
    name: str = "custom"
    description: str = ""

    def value(self, k):
        """ε_k, exact."""
        return self.expression.xreplace({K: sp.Integer(k)})

    @property
    def parameters(self):
        """Free symbols other than k, sorted by name."""
        return tuple(sorted(self.expression.free_symbols - {K}, key=lambda s: s.name))

    def values(self, steps, precision=None):
        """ε_1, …, ε_steps as a float64 array (``precision=None``) or a list of mpmath numbers.

        >>> inverse().values(3).tolist()
        [1.0, 0.5, 0.3333333333333333]
        """
        if self.parameters:
            raise ProblemError(f"the schedule {self.expression} has free symbol(s) "
                               f"{', '.join(p.name for p in self.parameters)}; give them values first")
        if precision is None:
            import numpy as np

            from .numeric import numpy_function
            ks = np.arange(1, steps + 1, dtype=float)
            return np.broadcast_to(np.asarray(numpy_function([K], self.expression)(ks), dtype=float),
                                   ks.shape).copy()
        from .numeric import mpmath_function
        fun = mpmath_function([K], self.expression)
        import mpmath
        return [mpmath.mpf(fun(i)) for i in range(1, steps + 1)]

    def __str__(self):
        return f"ε_k = {sp.sstr(self.expression)}"

    def _repr_latex_(self):
        from .notebook import schedule_latex
        return schedule_latex(self)


@dataclass(frozen=True)
class _CallableSchedule:
    """A schedule given as a Python callable ``k -> ε_k`` (numeric only)."""

    function: object
    name: str = "callable"

    def values(self, steps, precision=None):
        if precision is None:
            import numpy as np
            return np.array([float(self.function(k)) for k in range(1, steps + 1)])
        import mpmath
        return [mpmath.mpf(self.function(k)) for k in range(1, steps + 1)]


# the families ---------------------------------------------------------------------------------

def _number(value):
    if isinstance(value, str):
        from .parsing import parse_expression
        value = parse_expression(value)
    return sp.nsimplify(value, rational=True) if isinstance(value, float) else to_sympy(value)


def constant(epsilon=sp.Rational(1, 100)):
    """ε_k = ε.

    >>> constant(0.1).expression
    1/10
    """
    return Schedule(_number(epsilon), "constant", "constant learning rate")


def linear_decay(epsilon0, epsilon_tau, tau):
    """The lecture's decay: ε_k = (1 − k/τ)ε₀ + (k/τ)ε_τ for k ≤ τ, ε_τ after.

    >>> linear_decay(1, 0, 2).values(3).tolist()
    [0.5, 0.0, 0.0]
    """
    e0, et, tau = _number(epsilon0), _number(epsilon_tau), _number(tau)
    if tau.is_number and not tau > 0:
        raise ProblemError(f"tau (the decay horizon) must be in (0, inf), got {tau}")
    alpha = K / tau
    return Schedule(sp.Piecewise(((1 - alpha) * e0 + alpha * et, K <= tau), (et, True)), "linear_decay",
                    "linear decay to ε_τ at step τ, constant after")


def inverse(epsilon0=1, offset=0):
    """ε_k = ε₀/(k + offset).

    >>> inverse(1, 1).expression
    1/(k + 1)
    """
    return Schedule(_number(epsilon0) / (K + _number(offset)), "inverse", "1/k decay")


def power(p, epsilon0=1):
    """ε_k = ε₀·k^(−p).

    >>> power(sp.Rational(3, 4)).expression
    k**(-3/4)
    """
    return Schedule(_number(epsilon0) * K ** (-_number(p)), "power", "k^(-p) decay")


def exponential(epsilon0, gamma):
    """ε_k = ε₀·γ^(k−1), so ε_1 = ε₀ (torch's ExponentialLR with its step counted from 0).

    >>> exponential(1, sp.Rational(1, 2)).values(3).tolist()
    [1.0, 0.5, 0.25]
    """
    return Schedule(_number(epsilon0) * _number(gamma) ** (K - 1), "exponential", "exponential decay")


def from_text(text, parameters=()):
    """A schedule from untrusted text in ``k`` (parsed by :mod:`symopt.parsing`, never ``eval``).

    ``parameters`` names the other symbols allowed (real), e.g. ``("p",)`` for
    ``k**(-p)``; any other symbol is an error that names it.

    >>> from_text("1/(k+1)").expression
    1/(k + 1)
    """
    from .errors import ParseError
    from .parsing import parse_expression
    if not isinstance(text, str) or not text.strip():
        raise ProblemError("schedule: give an expression in k, e.g. 1/(k+1)")
    names = [p if isinstance(p, str) else p.name for p in parameters]
    symbols = {"k": K}
    symbols.update({name: (p if isinstance(p, sp.Symbol) else sp.Symbol(name, real=True))
                    for name, p in zip(names, parameters)})
    try:
        expression = parse_expression(text, symbols=symbols)
    except ParseError as exc:
        raise ParseError(f"schedule: {exc} (expected an expression in k, e.g. 1/(k+1))") from None
    if not isinstance(expression, sp.Expr):
        raise ProblemError(f"schedule: expected an expression in k, got {text!r}")
    expression = expression.xreplace({s: symbols[s.name] for s in expression.free_symbols if s.name in symbols})
    other = sorted(s.name for s in expression.free_symbols if s.name not in symbols)
    if other:
        raise ProblemError(f"schedule must be an expression in k only (k = 1, 2, ...), but it contains "
                           f"{', '.join(other)}")
    return Schedule(expression, "custom", "user expression in k")


def as_schedule(value):
    """A :class:`Schedule` from a schedule, text, a sympy expression in k, a number, or a callable."""
    if isinstance(value, (Schedule, _CallableSchedule)):
        return value
    if isinstance(value, str):
        return from_text(value)
    if isinstance(value, sp.Basic):
        expression = value.xreplace({s: K for s in value.free_symbols if s.name == "k"})
        other = sorted(s.name for s in expression.free_symbols if s != K)
        if other:
            raise ProblemError(f"schedule must be an expression in k only, but it contains {', '.join(other)}")
        return Schedule(expression)
    if isinstance(value, (int, float)):
        return constant(value)
    if callable(value):
        return _CallableSchedule(value)
    raise ProblemError(f"schedule: expected an expression in k, a Schedule or a callable, got {value!r}")


# Robbins–Monro ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class RobbinsMonro:
    """The verdict on Σε_k = ∞ and Σε_k² < ∞ (each True, False or None = undetermined).

    ``family`` is the class the schedule was recognised as; ``qualifying`` maps
    each parameter to the set of its values for which both conditions hold;
    ``derivation`` holds the reasoning, from which the verdicts are read.
    """

    schedule: Schedule
    sum_diverges: object
    sum_of_squares_converges: object
    robbins_monro: object
    family: str
    qualifying: dict
    derivation: Derivation = field(repr=False)

    @property
    def reasoning(self):
        """The reasoning as lines of text."""
        return [line for line in self.derivation.to_text().splitlines()[1:] if line.strip()]

    def to_json(self):
        """The JSON contract of ``symopt schedule --json``."""
        return {
            "schedule": sp.sstr(self.schedule.expression),
            "robbins_monro": self.robbins_monro,
            "sum_diverges": self.sum_diverges,
            "sum_of_squares_converges": self.sum_of_squares_converges,
            "family": self.family,
            "qualifying": {p.name: _set_text(s) for p, s in self.qualifying.items()},
            "reasoning": self.reasoning,
        }

    def _repr_latex_(self):
        from .notebook import robbins_monro_latex
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
    steps = [Step("Schedule", e, r"\epsilon_k", "step index k = 1, 2, ...; sums run from k = 1", key=True,
                  text_lhs="ε_k")]
    params = schedule.parameters

    tail, note = _tail(e)
    if tail is None:
        return _undetermined(schedule, steps, note)
    if note:
        steps.append(Step("Tail", tail, r"\epsilon_k", note, text_lhs="ε_k (k large)"))
    tail = sp.simplify(tail) if tail.count_ops() < 40 else tail

    if K not in tail.free_symbols:
        return _constant(schedule, steps, tail, params)
    ratio = _geometric_ratio(tail)
    if ratio is not None:
        return _geometric(schedule, steps, tail, ratio, params)
    power_law = _power_law(tail)
    if power_law is not None:
        return _power(schedule, steps, tail, *power_law, params)
    return _undetermined(schedule, steps, "not a recognised family (eventually constant, geometric, power law); "
                         "sympy's Sum.is_convergent is not trusted here (sympy #21315)")


def _result(schedule, steps, diverges, squares, family, qualifying, verdict=None):
    """Append the two conditions and the verdict; ``diverges``/``squares`` are True, False, None or a condition."""
    if verdict is None:
        decided = [_truth(diverges), _truth(squares)]
        verdict = False if False in decided else (True if decided == [True, True] else None)
    steps.append(_condition_step("First condition", diverges, "Σε_k = ∞", r"\sum_{k\ge1} \epsilon_k = \infty",
                                 "sum_diverges"))
    steps.append(_condition_step("Second condition", squares, "Σε_k² < ∞",
                                 r"\sum_{k\ge1} \epsilon_k^2 < \infty", "sum_of_squares_converges"))
    for p, values in qualifying.items():
        steps.append(Step(f"Values of {p} that satisfy both", values, sp.Symbol(p.name),
                          f"solve both conditions for {p}", relation="∈", text_lhs=p.name, key=True))
    steps.append(Step("Robbins–Monro", sp.Symbol("undetermined") if verdict is None else to_sympy(verdict),
                      r"\text{Robbins--Monro}", "both conditions must hold", final=True, name="robbins_monro",
                      relation="is", text_lhs="Robbins–Monro"))
    derivation = Derivation(f"Robbins–Monro conditions for {schedule}", tuple(steps))
    return RobbinsMonro(schedule, _truth(diverges), _truth(squares), verdict, family, qualifying, derivation)


def _condition_step(title, value, text, latex, name):
    decided = _truth(value)
    if decided is None and isinstance(value, sp.Basic) and value.free_symbols:
        return Step(title, value, sp.Symbol(text), "holds exactly when this condition holds", relation="<=>",
                    text_lhs=text, name=name, key=True)
    rhs = sp.Symbol("undetermined") if decided is None else to_sympy(decided)
    return Step(title, rhs, latex, "", relation="is", text_lhs=text, name=name, key=True)


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


def _tail(e):
    """The expression ε_k equals for all large k (finitely many terms never change convergence)."""
    if not isinstance(e, sp.Piecewise):
        return e, ""
    for piece, condition in e.args:
        eventually = _eventually(condition)
        if eventually is True:
            return piece, "for all large k the schedule is this piece; finitely many (finite) earlier terms " \
                          "do not change whether a series converges"
        if eventually is None:
            return None, f"cannot decide whether the condition {condition} holds for large k"
    return None, "no piece applies for large k"


def _eventually(condition):
    if condition is sp.true or condition is True:
        return True
    if condition is sp.false or condition is False:
        return False
    if isinstance(condition, sp.And):
        values = [_eventually(c) for c in condition.args]
        return False if False in values else (None if None in values else True)
    if isinstance(condition, sp.Or):
        values = [_eventually(c) for c in condition.args]
        return True if True in values else (None if None in values else False)
    if isinstance(condition, (sp.StrictLessThan, sp.LessThan, sp.StrictGreaterThan, sp.GreaterThan)):
        difference = condition.lhs - condition.rhs
        try:
            limit = sp.limit(difference, K, sp.oo)
        except (NotImplementedError, ValueError):
            return None
        grows = {sp.oo: True, -sp.oo: False}.get(limit)
        if grows is None:
            return None
        greater = isinstance(condition, (sp.StrictGreaterThan, sp.GreaterThan))
        return grows if greater else not grows
    return None


def _constant(schedule, steps, c, params):
    steps.append(Step("Family: constant (eventually)", c, r"\epsilon_k", "a constant c ≠ 0 gives Σc = ∞ and "
                      "Σc² = ∞; c = 0 gives Σ0 = 0 < ∞: either way one condition fails", text_lhs="ε_k"))
    nonzero = sp.Ne(c, 0)
    diverges = _truth(nonzero)
    squares = None if diverges is None else not diverges
    # whatever c is, one of the two conditions fails
    return _result(schedule, steps, diverges, squares, "eventually constant" if schedule.expression != c
                   else "constant", _qualifying(False, params), verdict=False)


def _geometric_ratio(e):
    ratio = sp.powsimp(sp.simplify(e.xreplace({K: K + 1}) / e), force=True)
    ratio = sp.simplify(ratio)
    if K in ratio.free_symbols or ratio.has(sp.nan, sp.zoo):
        return None
    return ratio


def _geometric(schedule, steps, e, r, params):
    steps.append(Step("Family: geometric", r, r"\epsilon_{k+1}/\epsilon_k",
                      "constant ratio r: Σε_k converges iff |r| < 1; Σε_k² has ratio r²",
                      text_lhs="ε_{k+1}/ε_k", key=True))
    diverges = _relation(sp.Abs(r) >= 1)
    squares = _relation(r ** 2 < 1)
    steps.append(Step("No geometric schedule qualifies", sp.false, r"|r| \ge 1 \wedge r^2 < 1",
                      "the conditions need |r| ≥ 1 and |r| < 1 at once", text_lhs="|r| ≥ 1 and r² < 1"))
    return _result(schedule, steps, diverges, squares, "geometric", _qualifying(False, params), verdict=False)


def _relation(relation):
    value = _truth(relation)
    return value if value is not None else relation


def _power_law(e):
    """``(c, p)`` with ε_k ~ c·k^(−p) as k → ∞ (c ≠ 0 free of k), or None if e is not such a product."""
    e = sp.together(e)
    c = sp.Integer(1)
    exponent = sp.Integer(0)
    for factor in sp.Mul.make_args(e):
        base, power_ = factor.as_base_exp()
        if K not in factor.free_symbols:
            c *= factor
            continue
        if K in power_.free_symbols:
            return None
        try:
            poly = sp.Poly(base, K)
        except sp.PolynomialError:
            return None
        if poly.degree() <= 0:
            return None
        leading = poly.LC()
        if _has_positive_integer_root(poly):
            return None
        c *= leading ** power_
        exponent += poly.degree() * power_
    if exponent == 0:
        return None
    return c, -exponent


def _has_positive_integer_root(poly):
    if poly.free_symbols - {K}:
        return False
    return any(r.is_integer and r >= 1 for r in sp.roots(poly, filter="Z"))


def _power(schedule, steps, e, c, p, params):
    steps.append(Step("Family: power law", c * K ** (-p), r"\epsilon_k", "leading behaviour from the "
                      "degrees of the factors; limit comparison with the p-series Σk^(−p)", relation="~",
                      text_lhs="ε_k", key=True))
    positive = _truth(c > 0) if c.is_number or c.free_symbols else True
    if positive is False:
        steps.append(Step("Not a learning rate", c, "c", "ε_k < 0 for large k", text_lhs="c"))
        return _result(schedule, steps, False, _relation(2 * p > 1), "power law", _qualifying(False, params))
    steps.append(Step("p-series test", kind="note", justification="Σ k^(−p) = ∞ iff p ≤ 1, and "
                      "Σ ε_k² ~ c²Σ k^(−2p) < ∞ iff 2p > 1"))
    diverges = _relation(p <= 1)
    squares = _relation(2 * p > 1)
    both = sp.And(p <= 1, 2 * p > 1)
    return _result(schedule, steps, diverges, squares, "power law", _qualifying(both, params))


__all__ = ["K", "RobbinsMonro", "Schedule", "as_schedule", "constant", "exponential", "from_text", "inverse",
           "linear_decay", "power", "robbins_monro"]
