"""Learning-rate schedules ε_k and the Robbins–Monro conditions, decided symbolically with reasons.

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

import re
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
    ``k**(-p)``; any other symbol is an error that names it. Piecewise schedules
    are written ``Piecewise((expr, condition), ..., (expr, True))``; the
    lecture's linear decay also as ``linear_decay(e0, eT, tau)``, which is
    ``Piecewise(((1 - k/tau)*e0 + k/tau*eT, k <= tau), (eT, True))``.

    >>> from_text("1/(k+1)").expression
    1/(k + 1)
    >>> from_text("linear_decay(1, 0, 4)").value(2)
    1/2
    """
    from .errors import ParseError
    from .parsing import parse_expression, parse_object
    if not isinstance(text, str) or not text.strip():
        raise ProblemError("schedule: give an expression in k, e.g. 1/(k+1)")
    names = [p if isinstance(p, str) else p.name for p in parameters]
    symbols = {"k": K}
    symbols.update({name: (p if isinstance(p, sp.Symbol) else sp.Symbol(name, real=True))
                    for name, p in zip(names, parameters)})
    call = re.fullmatch(r"\s*linear_decay\s*\((.*)\)\s*", text, re.DOTALL)
    if call:
        try:
            arguments = parse_object(f"({call.group(1)})", symbols=symbols)
        except ParseError as exc:
            raise ParseError(f"schedule: linear_decay(e0, eT, tau): {exc}") from None
        if not isinstance(arguments, sp.Tuple) or len(arguments) != 3:
            raise ProblemError("schedule: linear_decay takes three values: linear_decay(e0, eT, tau), "
                               "e.g. linear_decay(0.1, 0.001, 100)")
        _only_parameters(arguments.free_symbols, symbols)
        return linear_decay(*arguments)
    try:
        expression = parse_expression(text, symbols=symbols)
    except ParseError as exc:
        raise ParseError(f"schedule: {exc} (expected an expression in k, e.g. 1/(k+1))") from None
    if not isinstance(expression, sp.Expr):
        raise ProblemError(f"schedule: expected an expression in k, got {text!r}")
    expression = expression.xreplace({s: symbols[s.name] for s in expression.free_symbols if s.name in symbols})
    _only_parameters(expression.free_symbols, symbols)
    return Schedule(expression, "custom", "user expression in k")


def _only_parameters(free_symbols, symbols):
    other = sorted(s.name for s in free_symbols if s.name not in symbols)
    if other:
        raise ProblemError(f"schedule must be an expression in k only (k = 1, 2, ...), but it contains "
                           f"{', '.join(other)}")


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

    def to_json(self):
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

    undefined_at = _first_undefined_step(e)
    if undefined_at is not None:
        return _undetermined(schedule, steps, f"ε_k is not a real number at k = {undefined_at} (a division by "
                             f"zero or the log of a number ≤ 0), so the sums from k = 1 do not exist; shift "
                             f"the index, e.g. log(k+1) instead of log(k)")
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
    asymptotic = _asymptotic(tail)
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
    steps.append(_condition_step("First condition", diverges, "Σε_k = ∞", r"\sum_{k\ge1} \epsilon_k = \infty",
                                 "sum_diverges"))
    steps.append(_condition_step("Second condition", squares, "Σε_k² < ∞",
                                 r"\sum_{k\ge1} \epsilon_k^2 < \infty", "sum_of_squares_converges"))
    for p, values in qualifying.items():
        steps.append(Step(f"Values of {p} that satisfy both", values, sp.Symbol(p.name),
                          f"solve both conditions for {p}", relation="∈", text_lhs=p.name, key=True))
    if isinstance(condition, sp.Basic) and condition.free_symbols:
        steps.append(Step("Robbins–Monro", condition, r"\text{Robbins--Monro}", "both conditions hold exactly "
                          "for these parameter values", final=True, name="robbins_monro", relation="<=>",
                          text_lhs="Robbins–Monro holds"))
    else:
        steps.append(Step("Robbins–Monro", sp.Symbol("undetermined") if verdict is None else to_sympy(verdict),
                          r"\text{Robbins--Monro}", "both conditions must hold", final=True,
                          name="robbins_monro", relation="is", text_lhs="Robbins–Monro"))
    derivation = Derivation(f"Robbins–Monro conditions for {schedule}", tuple(steps))
    return RobbinsMonro(schedule, _truth(diverges), _truth(squares), verdict, family, qualifying, derivation,
                        condition)


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
    # Σc = +∞ needs c > 0 (c < 0 gives −∞); Σc² < ∞ needs c = 0
    diverges = _relation(c > 0)
    squares = _relation(sp.Eq(c, 0))
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


def _asymptotic(e):
    """``(c, p, q)`` with ε_k ~ c·k^(−p)·(log k)^(−q) as k → ∞ (c ≠ 0 free of k), or None.

    Built from the expression tree: k is k^1; a product multiplies the three parts; a power with a
    k-free exponent a raises c to a and multiplies p and q by a; a sum keeps its dominant terms (the
    smallest p, then the smallest q; exponents must be numbers to be compared, and dominant terms
    that cancel give None); log(u) with u ~ c·k^(−p), p ≠ 0, is ~ −p·log k, and log(u) → log c when u
    tends to a constant c ≠ 1. Anything else (exp, sin, log log, ...) is None: not this family.

    >>> _asymptotic(1 / (K * sp.log(K + 1)))
    (1, 1, 1)
    >>> _asymptotic(sp.log(K**2 + 1) / sp.sqrt(3*K + 2))
    (2*sqrt(3)/3, 1/2, -1)
    """
    if K not in e.free_symbols:
        return (e, sp.Integer(0), sp.Integer(0)) if e != 0 else None
    if e == K:
        return sp.Integer(1), sp.Integer(-1), sp.Integer(0)
    if e.is_Mul:
        c, p, q = sp.Integer(1), sp.Integer(0), sp.Integer(0)
        for factor in e.args:
            part = _asymptotic(factor)
            if part is None:
                return None
            c, p, q = c * part[0], p + part[1], q + part[2]
        return c, p, q
    if e.is_Pow:
        base, exponent = e.args
        if K in exponent.free_symbols:
            return None
        part = _asymptotic(base)
        if part is None:
            return None
        c, p, q = part
        # c**a is the limit of base**a / (k^(−p) log^(−q))**a only where c**a is the real power
        if not exponent.is_integer and c.is_positive is not True and c.free_symbols == set():
            return None
        return c ** exponent, p * exponent, q * exponent
    if e.is_Add:
        terms = [_asymptotic(t) for t in e.args]
        if any(t is None for t in terms):
            return None
        if any(not (t[1].is_number and t[2].is_number) for t in terms):
            return None
        p = min(t[1] for t in terms)
        q = min(t[2] for t in terms if t[1] == p)
        c = sp.Add(*[t[0] for t in terms if t[1] == p and t[2] == q])
        c = sp.simplify(c) if c.free_symbols else c
        if c == 0:
            return None
        return c, p, q
    if isinstance(e, sp.log) and len(e.args) == 1:
        part = _asymptotic(e.args[0])
        if part is None:
            return None
        c, p, q = part
        if c.is_positive is not True:   # the argument must be positive for large k to have a real log
            return None
        if p != 0:
            if not p.is_number:
                return None
            return -p, sp.Integer(0), sp.Integer(-1)
        if q == 0 and c.is_number and c.is_positive and c != 1:
            return sp.log(c), sp.Integer(0), sp.Integer(0)
        if (p, q, c) == (0, 0, 1):   # log(1 + w) ~ w when w → 0
            rest = _asymptotic(sp.expand(e.args[0] - 1))
            if rest is not None and rest[1].is_number and rest[2].is_number and (
                    rest[1] > 0 or (rest[1] == 0 and rest[2] > 0)):
                return rest
        return None
    return None


def _polynomials(e):
    """Polynomials in k inside e whose zeros (or, under a log, zeros and ones) may make ε_k undefined."""
    out = []
    for node in sp.preorder_traversal(e):
        if isinstance(node, sp.log) and K in node.args[0].free_symbols:
            out += [node.args[0], node.args[0] - 1]
        elif node.is_Pow and K in node.base.free_symbols and not (node.exp.is_integer and node.exp >= 0):
            out.append(node.base)
    return out


def _first_undefined_step(e, checked=20):
    """The first k ≥ 1 where ε_k is not a real number (division by zero, log of 0 or of a negative), or None.

    Checks k = 1..``checked`` and every positive integer zero of the polynomials in k that are divided
    by, raised to a fractional power, or taken the log of (and their neighbours, where signs change).
    Only for schedules without parameters.
    """
    if e.free_symbols - {K}:
        return None
    candidates = set(range(1, checked + 1))
    for poly_expr in _polynomials(e):
        try:
            poly = sp.Poly(poly_expr, K)
        except sp.PolynomialError:
            continue
        if poly.degree() < 1 or poly.free_symbols - {K}:
            continue
        for root in sp.real_roots(poly):
            floor = int(sp.floor(root))
            candidates.update(n for n in (floor, floor + 1) if 1 <= n <= 10**6)
    for n in sorted(candidates):
        value = e.xreplace({K: sp.Integer(n)})
        if value.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or value.is_real is False:
            return n
    return None


def _power(schedule, steps, e, c, p, q, params):
    family = "power law" if q == 0 else "power-logarithmic"
    shape = c * K ** (-p) * sp.log(K) ** (-q)
    steps.append(Step(f"Family: {family}", shape, r"\epsilon_k", "ε_k divided by this tends to 1 "
                      "(leading terms of each factor), so by the limit comparison test Σε_k and Σε_k² behave "
                      "like the series of this term and of its square", relation="~", text_lhs="ε_k", key=True))
    positive = _relation(c > 0)
    if positive is False:
        steps.append(Step("Not a learning rate", c, "c", "the leading coefficient is not positive, so ε_k ≤ 0 "
                          "for large k and Σε_k does not tend to +∞", text_lhs="c"))
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


__all__ = ["K", "RobbinsMonro", "Schedule", "as_schedule", "constant", "exponential", "from_text", "inverse",
           "linear_decay", "power", "robbins_monro"]
