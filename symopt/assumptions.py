"""Domains of symbols: sign, integrality and interval bounds such as ``0 < b <= 1``.

sympy's assumptions know ``positive`` and ``integer`` but not ``b <= 1``; a
:class:`Domain` keeps both, so that symbols get the sympy assumptions they can
carry and samplers and checks still see the whole interval.
"""

from dataclasses import dataclass, replace

import sympy as sp

from .errors import AssumptionError


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
