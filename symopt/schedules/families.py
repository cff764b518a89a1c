"""Learning-rate schedules ε_k: the lecture's families, text from students, and plain callables.

Index convention: the lecture's algorithms count steps from 1, so ε_k is the
learning rate of step k = 1, 2, ... (``K`` below).
"""

import re
from dataclasses import dataclass

import sympy as sp

from ..errors import ProblemError
from ..values import to_sympy

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

            from ..numeric import numpy_function
            ks = np.arange(1, steps + 1, dtype=float)
            return np.broadcast_to(np.asarray(numpy_function([K], self.expression)(ks), dtype=float),
                                   ks.shape).copy()
        from ..numeric import mpmath_function
        fun = mpmath_function([K], self.expression)
        import mpmath
        return [mpmath.mpf(fun(i)) for i in range(1, steps + 1)]

    def __str__(self):
        return f"ε_k = {sp.sstr(self.expression)}"

    def _repr_latex_(self):
        from ..notebook import schedule_latex
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
        from ..parsing import parse_expression
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
    from ..errors import ParseError
    from ..parsing import parse_expression, parse_object
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
