"""Domains of symbols and values: sign, integrality and interval bounds such as ``0 < b <= 1``.

sympy's assumptions know ``positive`` and ``integer`` but not ``b <= 1``; a
:class:`Domain` keeps both, so that symbols get the sympy assumptions they can
carry and samplers and checks still see the whole interval. The same type states
the admissible range of a hyperparameter or an argument and refuses a value
outside it (:meth:`Domain.require`) with one message per caller.
"""

import math
import numbers
from dataclasses import dataclass, replace

import sympy as sp

from .errors import AssumptionError, ProblemError


@dataclass(frozen=True)
class Domain:
    """What is assumed of one symbol: an interval (open or closed ends) and integrality.

    Examples
    ========
    >>> from symopt.assumptions import Domain
    >>> d = Domain('b', lower=0, lower_open=True, upper=1, upper_open=False)
    >>> d.describe()
    '0 < b <= 1'
    >>> d.symbol().is_positive
    True
    >>> d.contains(1), d.contains(0)
    (True, False)
    >>> d.interval(), d.condition()
    ('(0, 1]', 'in (0, 1]')
    >>> Domain('steps', lower=0, integer=True).require(-1)
    Traceback (most recent call last):
    ...
    symopt.errors.ProblemError: steps must be a whole number >= 0, got -1
    """

    name: str
    lower: object = None
    lower_open: bool = False
    upper: object = None
    upper_open: bool = False
    integer: bool = False

    def __post_init__(self):
        for bound in ("lower", "upper"):
            value = getattr(self, bound)
            if value is not None:
                value = sp.nsimplify(value) if isinstance(value, float) else sp.sympify(value, strict=True)
                if not value.is_real or value.free_symbols:
                    raise AssumptionError(f"bound of '{self.name}' must be a real number, got {value}")
                object.__setattr__(self, bound, value)
        if self.lower is not None and self.upper is not None:
            empty = self.lower > self.upper or (
                self.lower == self.upper and (self.lower_open or self.upper_open))
            if empty:
                raise AssumptionError(f"assumptions on '{self.name}' contradict each other: {self.describe()}")

    def symbol_assumptions(self):
        """The sympy assumptions this domain implies (``real`` always)."""
        kwargs = {"real": True}
        if self.integer:
            kwargs["integer"] = True
        if self.lower is not None:
            if self.lower > 0 or (self.lower == 0 and self.lower_open):
                kwargs["positive"] = True
            elif self.lower >= 0:
                kwargs["nonnegative"] = True
        if self.upper is not None:
            if self.upper < 0 or (self.upper == 0 and self.upper_open):
                kwargs["negative"] = True
            elif self.upper <= 0:
                kwargs["nonpositive"] = True
        return kwargs

    def symbol(self):
        """A sympy Symbol named ``self.name`` carrying :meth:`symbol_assumptions`."""
        return sp.Symbol(self.name, **self.symbol_assumptions())

    def intersect(self, other):
        """The domain satisfying both ``self`` and ``other`` (same name)."""
        if other.name != self.name:
            raise AssumptionError(f"cannot intersect domains of '{self.name}' and '{other.name}'")
        lower, lower_open = _tighter(self.lower, self.lower_open, other.lower, other.lower_open, max)
        upper, upper_open = _tighter(self.upper, self.upper_open, other.upper, other.upper_open, min)
        return Domain(self.name, lower, lower_open, upper, upper_open, self.integer or other.integer)

    def contains(self, value):
        """True, False, or None when ``value`` is symbolic and undecided."""
        from .values import to_sympy  # parsing imports this module
        value = to_sympy(value)
        checks = []
        if self.lower is not None:
            checks.append(value > self.lower if self.lower_open else value >= self.lower)
        if self.upper is not None:
            checks.append(value < self.upper if self.upper_open else value <= self.upper)
        if self.integer:
            checks.append(sp.true if value.is_integer else (sp.false if value.is_integer is False else None))
        result = True
        for check in checks:
            if check is None or check not in (sp.true, sp.false):
                result = None
            elif check == sp.false:
                return False
        return result

    def interval(self):
        """The interval in brackets, e.g. ``(0, inf)`` or ``[0, 1)``; a missing end is infinite and open."""
        left = "(" if self.lower is None or self.lower_open else "["
        right = ")" if self.upper is None or self.upper_open else "]"
        lower = "-inf" if self.lower is None else str(self.lower)
        upper = "inf" if self.upper is None else str(self.upper)
        return f"{left}{lower}, {upper}{right}"

    def condition(self):
        """What a value must satisfy, after "must be": ``> 0``, ``>= 0``, ``< 1`` or ``in [1, 10]``."""
        if self.lower is not None and self.upper is not None:
            return f"in {self.interval()}"
        if self.lower is not None:
            return f"{'>' if self.lower_open else '>='} {self.lower}"
        if self.upper is not None:
            return f"{'<' if self.upper_open else '<='} {self.upper}"
        return "a real number"

    def require(self, value, name=None, message=None, *, not_number=None, nan=None, symbolic=False, finite=False,
                error=ProblemError):
        """``value`` if it is a number in this domain, else ``error`` naming it ``name`` (this domain's name).

        The messages are ``str.format`` templates with the fields ``name``, ``value``, ``interval``
        (:meth:`interval`) and ``condition`` (:meth:`condition`), so that each caller keeps its wording:

        * ``message``: the value is a number outside the domain (by default
          ``{name} must be in {interval}, got {value}``; for an integer domain
          ``{name} must be a whole number {condition}, got {value}``);
        * ``not_number``: the value is not a (whole) number (by default the same words as
          ``message`` with ``a number in`` and ``{value!r}``);
        * ``nan``: the value is NaN (by default ``message``).

        ``symbolic=True`` lets through values that are not numbers (a symbol is checked where it is
        substituted). An integer domain takes integral floats but not bools. ±inf lies in a domain
        unbounded on its side unless ``finite=True`` (then it gets ``message``). ``error`` is the exception
        class raised (a caller outside the problem layer may want :class:`~symopt.errors.SymoptError`).

        >>> Domain('tolerance', lower=0, lower_open=True).require(0)
        Traceback (most recent call last):
        ...
        symopt.errors.ProblemError: tolerance must be in (0, inf), got 0
        >>> Domain('n', lower=1, upper=10, integer=True).require(2.5, "batch_size")
        Traceback (most recent call last):
        ...
        symopt.errors.ProblemError: batch_size must be a whole number in [1, 10], got 2.5
        """
        if self.integer:
            message = message or "{name} must be a whole number {condition}, got {value}"
            not_number = not_number or "{name} must be a whole number {condition}, got {value!r}"
            number = value if _is_whole(value) else None
        else:
            message = message or "{name} must be in {interval}, got {value}"
            not_number = not_number or "{name} must be a number in {interval}, got {value!r}"
            try:
                number = float(value)
            except (TypeError, ValueError):
                number = None
        if number is None:
            if symbolic and not self.integer:
                return value
            raise error(self._refusal(not_number, name, value))
        if number != number:
            raise error(self._refusal(nan or message, name, value))
        if not self._holds(number) or (finite and number in (math.inf, -math.inf)):
            raise error(self._refusal(message, name, value))
        return value

    def _holds(self, number):
        # integers compare exactly with the (sympy) bounds; floats with the bounds as floats
        lower, upper = (self.lower, self.upper) if isinstance(number, numbers.Integral) else (
            None if self.lower is None else float(self.lower), None if self.upper is None else float(self.upper))
        if lower is not None and (number < lower or (self.lower_open and number == lower)):
            return False
        return upper is None or not (number > upper or (self.upper_open and number == upper))

    def _refusal(self, template, name, value):
        return template.format(name=self.name if name is None else name, value=value, interval=self.interval(),
                               condition=self.condition())

    def describe(self):
        """Human-readable form, e.g. ``0 < b <= 1`` or ``k integer, k >= 0``."""
        parts = []
        if self.lower is not None and self.upper is not None:
            parts.append(f"{self.lower} {'<' if self.lower_open else '<='} {self.name} "
                         f"{'<' if self.upper_open else '<='} {self.upper}")
        elif self.lower is not None:
            parts.append(f"{self.name} {'>' if self.lower_open else '>='} {self.lower}")
        elif self.upper is not None:
            parts.append(f"{self.name} {'<' if self.upper_open else '<='} {self.upper}")
        if self.integer:
            parts.insert(0, f"{self.name} integer")
        return ", ".join(parts) if parts else f"{self.name} real"


def _is_whole(value):
    """An integer (not a bool), or a Python float with an integer value."""
    if isinstance(value, bool):
        return False
    return isinstance(value, numbers.Integral) or (isinstance(value, float) and value.is_integer())


def _tighter(a, a_open, b, b_open, pick):
    if a is None:
        return b, b_open
    if b is None:
        return a, a_open
    if a == b:
        return a, a_open or b_open
    chosen = pick(a, b)
    return (a, a_open) if chosen == a else (b, b_open)


def merge_domains(domains):
    """Intersect domains that share a name; returns a dict name -> Domain."""
    merged = {}
    for domain in domains:
        merged[domain.name] = merged[domain.name].intersect(domain) if domain.name in merged else domain
    return merged


def with_integer(domain):
    """A copy of ``domain`` that is also integer."""
    return replace(domain, integer=True)
