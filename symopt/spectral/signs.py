"""The sign of an expression for every admissible value of its parameters: True, False or undecided.

sympy's assumptions are tried first; a rational function of one parameter is
decided from the roots and poles that cut its interval, a polynomial in several
parameters by interval arithmetic over their box, anything else by ``solveset``.
What cannot be decided is ``None``, never a guess.
"""

import sympy as sp

from ..values import to_sympy


def sign_on_domain(expression, domain_map=None):
    """The sign of ``expression`` for every admissible parameter value.

    Returns one of ``"positive"``, ``"negative"``, ``"zero"``, ``"nonnegative"``,
    ``"nonpositive"``, or ``None`` when it changes sign or cannot be decided. sympy's
    assumptions are tried first; a rational function of a single parameter
    (``0 < b <= 1``) is decided from the real roots and poles that cut its interval
    (one exact evaluation per piece), anything else with ``solveset``.

    Examples
    ========
    >>> import sympy as sp
    >>> from symopt.assumptions import Domain
    >>> from symopt.spectral import sign_on_domain
    >>> b = sp.Symbol('b', positive=True)
    >>> sign_on_domain(1 - b, {'b': Domain('b', 0, True, 1, False)})
    'nonnegative'
    >>> sign_on_domain(b - 2, {'b': Domain('b', 0, True, 1, False)})
    'negative'
    """
    e = to_sympy(expression)
    known = sign_from_assumptions(e)
    if known is not None:
        return known
    symbols = list(e.free_symbols)
    if len(symbols) > 1 and all(s.is_real for s in symbols) and e.is_polynomial(*symbols):
        return _box_sign(e, symbols, domain_map)
    if len(symbols) != 1 or not symbols[0].is_real:
        return None
    if e.is_rational_function():
        try:
            return _rational_sign(e, symbols[0], domain_map)
        except (sp.PolynomialError, NotImplementedError, ValueError, TypeError):
            pass
    if any(not p.exp.is_Integer for p in e.atoms(sp.Pow)) or sp.count_ops(e) > 40:
        return None  # solveset on radicals and large expressions takes seconds and rarely decides
    s = symbols[0]
    interval = domain_interval(s, (domain_map or {}).get(s.name))
    try:
        positive_set = sp.solveset(e > 0, s, interval)
        negative_set = sp.solveset(e < 0, s, interval)
    except (NotImplementedError, ValueError, TypeError):
        return None
    if not isinstance(positive_set, sp.Set) or not isinstance(negative_set, sp.Set):
        return None
    if positive_set == interval:
        return "positive"
    if negative_set == interval:
        return "negative"
    if negative_set is sp.S.EmptySet:
        return "zero" if positive_set is sp.S.EmptySet else "nonnegative"
    if positive_set is sp.S.EmptySet:
        return "nonpositive"
    return None


def sign_from_assumptions(e):
    """The sign sympy's assumptions alone prove, or None (fast: no solving)."""
    if e.is_zero:
        return "zero"
    if e.is_positive:
        return "positive"
    if e.is_negative:
        return "negative"
    if e.is_nonnegative:
        return "nonnegative"
    if e.is_nonpositive:
        return "nonpositive"
    return None


def _rational_sign(expression, symbol, domain_map):
    # Real roots of numerator and denominator cut the domain into intervals of
    # constant sign; one exact evaluation per interval decides it.
    domain = (domain_map or {}).get(symbol.name)
    interval = domain_interval(symbol, domain)
    if not isinstance(interval, sp.Interval):
        raise ValueError("not an interval")
    numerator, denominator = sp.fraction(sp.cancel(expression))
    roots = [r for r in sp.Poly(numerator, symbol).real_roots()] if numerator.has(symbol) else []
    poles = [r for r in sp.Poly(denominator, symbol).real_roots()] if denominator.has(symbol) else []
    cuts = sorted({float(r) for r in roots + poles})
    lo, hi = interval.start, interval.end
    inside = [c for c in cuts if (lo == -sp.oo or c > float(lo)) and (hi == sp.oo or c < float(hi))]
    edges = ([float(lo)] if lo != -sp.oo else [inside[0] - 2.0 if inside else -1.0]) + inside + \
        ([float(hi)] if hi != sp.oo else [inside[-1] + 2.0 if inside else 1.0])
    tests = [sp.Rational((a + b) / 2) for a, b in zip(edges, edges[1:]) if b > a]
    if not interval.left_open and lo != -sp.oo:
        tests.append(lo)
    if not interval.right_open and hi != sp.oo:
        tests.append(hi)
    signs = set()
    for point in tests:
        value = expression.xreplace({symbol: point})
        if value.has(sp.zoo, sp.nan):
            continue
        signs.add(int(sp.sign(value)))
    for root in roots:
        if interval.contains(root) == sp.true and not any(sp.simplify(root - p) == 0 for p in poles):
            signs.add(0)
    if not signs:
        return None
    if signs == {1}:
        return "positive"
    if signs == {-1}:
        return "negative"
    if signs == {0}:
        return "zero"
    if signs == {0, 1}:
        return "nonnegative"
    if signs == {0, -1}:
        return "nonpositive"
    return None


def _box_sign(polynomial, symbols, domain_map):
    """The sign of a polynomial in several parameters, when interval arithmetic over their domains settles it.

    Sound but incomplete: the enclosure over the closed box of the parameter
    intervals holds every value, so a lower bound > 0 proves positivity.

    >>> import sympy as sp
    >>> from symopt.assumptions import Domain
    >>> b, c = sp.symbols('b c', real=True)
    >>> domains = {'b': Domain('b', 1, True, None, True), 'c': Domain('c', 0, True, 1, True)}
    >>> _box_sign(4*b**2 - c**2, [b, c], domains), _box_sign(b - 2*c, [b, c], domains)
    ('positive', None)
    """
    try:
        return _box_sign_or_fail(polynomial, symbols, domain_map)
    except ValueError:  # an irrational end point or coefficient: not decided here
        return None


def _box_sign_or_fail(polynomial, symbols, domain_map):
    from mpmath import inf, iv
    box = []
    for s in symbols:
        interval = domain_interval(s, (domain_map or {}).get(s.name))
        if not isinstance(interval, sp.Interval):
            return None
        box.append(iv.mpf([-inf if interval.start == -sp.oo else _rational_iv(interval.start).a,
                           inf if interval.end == sp.oo else _rational_iv(interval.end).b]))
    total = iv.mpf(0)
    for monomial, coefficient in sp.Poly(polynomial, *symbols).terms():
        term = _rational_iv(coefficient)
        for x, k in zip(box, monomial):
            term = term * x ** k if k else term
        total = total + term
    if total.a > 0:
        return "positive"
    if total.b < 0:
        return "negative"
    if total.a >= 0:
        return "nonnegative"
    if total.b <= 0:
        return "nonpositive"
    return None


def _rational_iv(value):
    from mpmath import iv
    value = sp.Rational(value) if value.is_Rational else None
    if value is None:
        raise ValueError("not rational")
    return iv.mpf(value.p) / iv.mpf(value.q)


def domain_interval(symbol, domain):
    """The set a parameter ranges over: its domain, narrowed by its assumptions (positive, integer, ...)."""
    lower, lower_open, upper, upper_open = -sp.oo, True, sp.oo, True
    if domain is not None:
        if domain.lower is not None:
            lower, lower_open = domain.lower, domain.lower_open
        if domain.upper is not None:
            upper, upper_open = domain.upper, domain.upper_open
    if symbol.is_positive and (lower < 0 or (lower == 0 and not lower_open)):
        lower, lower_open = sp.Integer(0), True
    elif symbol.is_nonnegative and lower < 0:
        lower, lower_open = sp.Integer(0), False
    interval = sp.Interval(lower, upper, lower_open, upper_open)
    return sp.Intersection(interval, sp.Integers) if symbol.is_integer else interval
