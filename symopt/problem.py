"""The immutable :class:`Problem`: an objective, its ordered variables, its parameters and their domains."""

from dataclasses import dataclass, field

import sympy as sp

from .assumptions import Domain, merge_domains
from .errors import ProblemError
from .values import to_sympy

#: The iteration counter of every closed form: an integer k >= 0.
k = sp.Symbol("k", integer=True, nonnegative=True)


@dataclass(frozen=True)
class Problem:
    """An objective ``f(variables; parameters)`` with the assumptions on its symbols.

    The order of ``variables`` is the order of gradient entries. Every other
    free symbol is a parameter. Symbols carry the sympy assumptions that their
    domains imply (``0 < b <= 1`` makes ``b`` positive); the full intervals are
    kept in ``domains`` for checks and samplers.

    Examples
    ========
    >>> from symopt import Problem
    >>> p = Problem.from_text("(x**2 + b*y**2)/2", variables="x,y", assume="0<b<=1")
    >>> p.variables, p.parameters
    ((x, y), (b,))
    >>> p.symbol("b").is_positive
    True
    >>> p.gradient
    Matrix([
    [  x],
    [b*y]])
    """

    expression: sp.Expr
    variables: tuple
    domains: tuple = ()
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    def __post_init__(self):
        if not isinstance(self.expression, sp.Expr):
            raise ProblemError(f"the objective must be a scalar expression, got {type(self.expression).__name__}")
        if not self.variables:
            raise ProblemError("name at least one variable (for example --vars x,y)")
        names = [v.name for v in self.variables]
        if len(set(names)) != len(names):
            raise ProblemError(f"variables are repeated: {', '.join(names)}")
        object.__setattr__(self, "variables", tuple(self.variables))
        object.__setattr__(self, "domains", tuple(self.domains))

    # construction --------------------------------------------------------------------------
    @classmethod
    def from_text(cls, text, variables, assume=None):
        """Build a problem from untrusted text, parsed by :mod:`symopt.parsing` (never ``eval``).

        ``variables`` is a list of names or a string ``"x,y"``; ``assume`` a string
        such as ``"0<b<=1, k integer"`` or a list of :class:`~symopt.assumptions.Domain`.
        """
        from .parsing import parse_assumptions, parse_expression, parse_names

        names = parse_names(variables) if isinstance(variables, str) else list(variables)
        domains = parse_assumptions(assume) if isinstance(assume, str) else list(assume or [])
        symbols = make_symbols(names, domains)
        expression = parse_expression(text, symbols=symbols)
        return cls.from_expression(expression, [symbols[n] for n in names], domains)

    @classmethod
    def from_expression(cls, expression, variables, domains=()):
        """Build a problem from a sympy expression, re-creating symbols with their assumptions.

        Free symbols are matched by name, so plain ``Symbol('b')`` becomes the
        positive ``b`` when ``domains`` says ``b > 0``.
        """
        expression = to_sympy(expression)
        names = [v if isinstance(v, str) else v.name for v in variables]
        given = {d.name for d in domains}
        carried = [domain_of_symbol(s) for s in expression.free_symbols if s.name not in given]
        domains = list(merge_domains(list(domains) + [d for d in carried if d is not None]).values())
        symbols = make_symbols(names + sorted(s.name for s in expression.free_symbols), domains)
        expression = expression.xreplace({s: symbols[s.name] for s in expression.free_symbols})
        return cls(expression, tuple(symbols[n] for n in names), tuple(domains))

    # names -----------------------------------------------------------------------------------
    @property
    def parameters(self):
        """Free symbols that are not variables, sorted by name."""
        return tuple(sorted(self.expression.free_symbols - set(self.variables), key=lambda s: s.name))

    @property
    def domain_map(self):
        """``{name: Domain}`` for every symbol with assumptions."""
        return {d.name: d for d in self.domains}

    def symbol(self, name):
        """The symbol called ``name`` (variable, parameter, or assumed symbol such as ``k``)."""
        for s in self.variables + self.parameters:
            if s.name == name:
                return s
        if name in self.domain_map:
            return self.domain_map[name].symbol()
        raise ProblemError(f"unknown symbol '{name}'; the problem has {', '.join(s.name for s in self.variables + self.parameters)}")

    def point(self, values):
        """A start point from a mapping name -> value or a sequence in variable order, as a column Matrix.

        The values are checked against the domains of any parameters they contain.
        """
        if isinstance(values, str):
            from .parsing import parse_assignments
            values = parse_assignments(values, symbols=self.symbol_table())
        if isinstance(values, dict):
            given = {(key if isinstance(key, str) else key.name): value for key, value in values.items()}
            missing = [v.name for v in self.variables if v.name not in given]
            extra = [n for n in given if n not in {v.name for v in self.variables}]
            if missing or extra:
                raise ProblemError(
                    f"the point needs exactly the variables {', '.join(v.name for v in self.variables)}"
                    + (f"; missing {', '.join(missing)}" if missing else "")
                    + (f"; unknown {', '.join(extra)}" if extra else ""))
            values = [given[v.name] for v in self.variables]
        values = list(values)
        if len(values) != len(self.variables):
            raise ProblemError(f"the point has {len(values)} coordinates, the problem has "
                               f"{len(self.variables)} variables ({', '.join(v.name for v in self.variables)})")
        symbols = self.symbol_table()
        values = [to_sympy(v, symbols) for v in values]
        values = [v.xreplace({s: symbols.get(s.name, s) for s in v.free_symbols}) for v in values]
        known = set(symbols.values()) - set(self.variables)
        for variable, value in zip(self.variables, values):
            if value.has(sp.nan, sp.oo, -sp.oo, sp.zoo):
                raise ProblemError(f"the point's {variable.name} = {value} is not a finite number")
            unknown = value.free_symbols - known
            if unknown:
                raise ProblemError(f"the point's {variable.name} = {value} uses "
                                   f"{', '.join(sorted(s.name for s in unknown))}, which is not a parameter of f")
        return sp.Matrix(values)

    def symbol_table(self):
        """``{name: Symbol}`` for variables, parameters and assumed symbols."""
        table = {d.name: d.symbol() for d in self.domains}
        table.update({s.name: s for s in self.variables + self.parameters})
        return table

    def substitute_parameters(self, values):
        """A new problem with some parameters replaced by values (checked against their domains)."""
        values = {(key if isinstance(key, str) else key.name): to_sympy(v) for key, v in values.items()}
        check_values_in_domains(values, self.domain_map)
        table = self.symbol_table()
        mapping = {table[n]: v for n, v in values.items() if n in table}
        remaining = tuple(d for d in self.domains if d.name not in values)
        return Problem(self.expression.xreplace(mapping), self.variables, remaining)

    # calculus (cached: the problem is immutable) ---------------------------------------------
    @property
    def gradient(self):
        """∇f as a column Matrix, entries in variable order."""
        from .calculus import gradient
        return self.cached("gradient", lambda: gradient(self.expression, self.variables))

    @property
    def hessian(self):
        """∇²f as a symmetric Matrix; each distinct entry differentiated once."""
        from .calculus import hessian
        return self.cached("hessian", lambda: hessian(self.expression, self.variables))

    def is_quadratic(self):
        """True if f is a polynomial of total degree at most 2 in the variables."""
        return self.cached("quadratic", lambda: _is_quadratic(self.expression, self.variables))

    def cached(self, key, compute):
        """``compute()`` once per problem and ``key``: derived objects (derivatives, lambdified
        functions) stay valid because the problem is immutable."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def __str__(self):
        return f"f({', '.join(v.name for v in self.variables)}) = {self.expression}"


def make_symbols(names, domains):
    """``{name: Symbol}`` with assumptions from ``domains``; names without a domain are real."""
    domain_map = merge_domains(domains)
    table = {}
    for name in list(names) + list(domain_map):
        table[name] = domain_map[name].symbol() if name in domain_map else sp.Symbol(name, real=True)
    return table


def domain_of_symbol(symbol):
    """The :class:`Domain` implied by a sympy symbol's own assumptions, or None for a plain real symbol.

    >>> import sympy as sp
    >>> domain_of_symbol(sp.Symbol('k', integer=True, nonnegative=True)).describe()
    'k integer, k >= 0'
    """
    if symbol.is_positive:
        domain = Domain(symbol.name, lower=0, lower_open=True)
    elif symbol.is_nonnegative:
        domain = Domain(symbol.name, lower=0)
    elif symbol.is_negative:
        domain = Domain(symbol.name, upper=0, upper_open=True)
    elif symbol.is_nonpositive:
        domain = Domain(symbol.name, upper=0)
    else:
        domain = Domain(symbol.name)
    if symbol.is_integer:
        return Domain(domain.name, domain.lower, domain.lower_open, domain.upper, domain.upper_open, True)
    return domain if domain != Domain(symbol.name) else None


def check_values_in_domains(values, domain_map):
    """Raise ProblemError if a value given for a symbol contradicts its domain."""
    for name, value in values.items():
        domain = domain_map.get(name)
        if domain is not None and domain.contains(value) is False:
            raise ProblemError(f"{name} = {value} contradicts the assumption {domain.describe()}")


def _is_quadratic(expression, variables):
    if _degree_bound(expression, set(variables)) > 8 and _degree_on_a_line(expression, variables) > 2:
        # (x + y + z)**200: expanding it to read the degree takes minutes; on a random line it is
        # one univariate polynomial, and its degree there is the total degree (generic lines)
        return False
    try:
        poly = sp.Poly(expression, *variables)
    except sp.PolynomialError:
        return False
    return poly.total_degree() <= 2


def _degree_bound(expression, variables):
    """An upper bound on the total degree read off the tree without expanding (oo when not polynomial)."""
    if expression in variables:
        return 1
    if not expression.free_symbols & variables:
        return 0
    if isinstance(expression, sp.Add):
        return max(_degree_bound(a, variables) for a in expression.args)
    if isinstance(expression, sp.Mul):
        return sum(_degree_bound(a, variables) for a in expression.args)
    if isinstance(expression, sp.Pow) and expression.exp.is_Integer and expression.exp >= 0:
        return _degree_bound(expression.base, variables) * int(expression.exp)
    return sp.oo


def _degree_on_a_line(expression, variables):
    import random
    generator = random.Random(20260101)
    t = sp.Dummy("t")
    point = {v: sp.Rational(generator.randint(-9, 9), generator.randint(1, 9)) +
             t * sp.Rational(generator.randint(1, 9), generator.randint(1, 9)) for v in variables}
    point.update({p: sp.Rational(generator.randint(1, 19), generator.randint(1, 9))
                  for p in expression.free_symbols - set(variables)})
    try:
        return sp.Poly(expression.xreplace(point), t).degree()
    except sp.PolynomialError:
        return sp.oo


__all__ = ["Problem", "Domain", "k", "make_symbols", "check_values_in_domains"]
