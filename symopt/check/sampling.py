"""Sample points for answer checking: values inside the domains where two answers are compared.

Simple points come first (small rationals a student can recompute by hand,
integer symbols at both parities), then random ones, then points where a symbol
is tiny or huge and points on and around the kinks and jumps of relu, abs,
Max/Min, Heaviside, sign, floor and ceiling, where answers that agree on small
values can still differ.
"""

import math
import random

import sympy as sp

#: Nice rationals a student can recompute by hand, simplest first.
_NICE = tuple(sp.Rational(p, q) for p, q in (
    (1, 2), (-1, 2), (2, 1), (1, 3), (-2, 1), (3, 2), (1, 1), (-1, 3), (3, 1), (2, 3), (-3, 2),
    (-1, 1), (1, 4), (5, 2), (3, 4), (-3, 1), (4, 3), (1, 5), (-2, 3), (5, 4), (7, 3), (2, 5),
    (-5, 2), (7, 2), (-3, 4), (5, 3), (-4, 3), (3, 5)))
_UNIT_FRACTIONS = tuple(sp.Rational(p, q) for p, q in (
    (1, 2), (1, 3), (2, 3), (1, 4), (3, 4), (1, 5), (2, 5), (3, 5), (4, 5), (1, 6), (5, 6), (1, 7)))
_SMALL_INTEGERS = (1, 2, 3, 0, 4, 5, 6, 7)
_LARGE_INTEGERS = (40, 41, 60, 101, 17, 24)


def symbol_bounds(symbol, domain=None):
    """``(lower, lower_open, upper, upper_open, integer)`` from a Domain and the symbol's assumptions.

    >>> import sympy as sp
    >>> symbol_bounds(sp.Symbol('b', positive=True))
    (0, True, None, False, False)
    """
    lower = upper = None
    lower_open = upper_open = False
    integer = bool(symbol.is_integer)
    if symbol.is_positive:
        lower, lower_open = sp.Integer(0), True
    elif symbol.is_nonnegative:
        lower, lower_open = sp.Integer(0), False
    if symbol.is_negative:
        upper, upper_open = sp.Integer(0), True
    elif symbol.is_nonpositive:
        upper, upper_open = sp.Integer(0), False
    if domain is not None:
        integer = integer or domain.integer
        if domain.lower is not None and (lower is None or domain.lower >= lower):
            if lower is None or domain.lower > lower:
                lower, lower_open = domain.lower, domain.lower_open
            else:
                lower_open = lower_open or domain.lower_open
        if domain.upper is not None and (upper is None or domain.upper <= upper):
            if upper is None or domain.upper < upper:
                upper, upper_open = domain.upper, domain.upper_open
            else:
                upper_open = upper_open or domain.upper_open
    return lower, lower_open, upper, upper_open, integer


def inside(value, lower, lower_open, upper, upper_open):
    """True when ``value`` lies in the interval with these ends (None: unbounded)."""
    if lower is not None and (value < lower or (lower_open and value == lower)):
        return False
    if upper is not None and (value > upper or (upper_open and value == upper)):
        return False
    return True


def candidates(symbol, domain=None):
    """Simple values for ``symbol`` inside its domain, simplest first, then large integers.

    Integer symbols get small values of both parities and large ones (40, 41, 60, 101);
    real symbols get small rationals, closed endpoints (``b = 1`` for ``0 < b <= 1``)
    and fractions of a bounded interval.

    >>> import sympy as sp
    >>> from symopt.assumptions import Domain
    >>> b = sp.Symbol('b', positive=True)
    >>> candidates(b, Domain('b', 0, True, 1, False))[:6]
    [1/2, 1/3, 1, 2/3, 1/4, 3/4]
    >>> candidates(sp.Symbol('k', integer=True, nonnegative=True))[:8]
    [1, 2, 3, 0, 4, 5, 6, 7]
    """
    lower, lower_open, upper, upper_open, integer = symbol_bounds(symbol, domain)
    admissible = lambda v: inside(v, lower, lower_open, upper, upper_open)  # noqa: E731
    values = []
    if integer:
        pool = list(_SMALL_INTEGERS) + [-1, -2, -3] + list(_LARGE_INTEGERS)
        if lower is not None and lower > 0:
            base = int(math.floor(lower))
            pool = [base + i for i in range(0, 8)] + [base + i for i in _LARGE_INTEGERS] + pool
        if upper is not None and upper < 0:
            base = int(math.ceil(upper))
            pool = [base - i for i in range(0, 8)] + [base - i for i in _LARGE_INTEGERS] + pool
        values = [sp.Integer(v) for v in pool if admissible(sp.Integer(v))]
        if not values and lower is not None and upper is not None:
            values = [sp.Integer(v) for v in range(int(math.ceil(lower)), int(math.floor(upper)) + 1)
                      if admissible(sp.Integer(v))][:12]
    else:
        pool = list(_NICE)
        if lower is not None and upper is not None:
            width = upper - lower
            pool = [lower + width * f for f in _UNIT_FRACTIONS] + pool
            if not upper_open:
                pool.insert(2, upper)
            if not lower_open:
                pool.insert(4, lower)
        elif lower is not None:
            pool = [lower + v for v in _NICE if v > 0] + pool
            if not lower_open:
                pool.insert(3, lower)
        elif upper is not None:
            pool = [upper - v for v in _NICE if v > 0] + pool
            if not upper_open:
                pool.insert(3, upper)
        seen = set()
        for value in pool:
            if value not in seen and admissible(value):
                seen.add(value)
                values.append(value)
    return _unique(values)


def random_value(symbol, domain, rng):
    """A random value in the domain (rational with a small denominator; O(1) ranges)."""
    lower, lower_open, upper, upper_open, integer = symbol_bounds(symbol, domain)
    for _ in range(50):
        if integer:
            lo = int(math.ceil(lower)) if lower is not None else -6
            hi = int(math.floor(upper)) if upper is not None else lo + 120
            if lower is None and upper is not None:
                lo = hi - 120
            value = sp.Integer(rng.choice([rng.randint(lo, min(hi, lo + 9)), rng.randint(lo, hi)]))
        else:
            lo = lower if lower is not None else (upper - 4 if upper is not None else sp.Integer(-3))
            hi = upper if upper is not None else lo + 4
            value = lo + (hi - lo) * sp.Rational(rng.randint(1, 96), 97)
        if inside(value, lower, lower_open, upper, upper_open):
            return value
    values = candidates(symbol, domain)
    return rng.choice(values) if values else sp.Integer(0)


def sample_points(symbols, domains, count=40, seed=0, simple=24, exprs=()):
    """Points (dicts symbol -> sympy Rational) in the domains: simple ones first, then random ones.

    The simple points combine the first candidates of each symbol, ordered so
    that every integer symbol runs through 1, 2, 3, 0, ... quickly (both parities
    early) while real parameters stay at their simplest values; the random
    points add large integers and generic rationals.

    >>> import sympy as sp
    >>> k = sp.Symbol('k', integer=True, nonnegative=True); b = sp.Symbol('b', positive=True)
    >>> [tuple(p.values()) for p in sample_points([k, b], {}, count=4, simple=4)]
    [(1, 1/2), (2, 1/2), (3, 1/2), (0, 1/2)]
    """
    symbols = sorted(symbols, key=lambda s: (not s.is_integer, s.name))
    if not symbols:
        return [{}]
    lists = [candidates(s, domains.get(s.name)) or [sp.Integer(1)] for s in symbols]
    # order the product by a weighted index sum: integers vary fastest, later reals slower
    weights = [1 if s.is_integer else 3 + 2 * i for i, s in enumerate(symbols)]
    limits = [min(len(values), 12) for values in lists]
    combos = []
    _product(limits, [], combos, budget=4000)
    combos.sort(key=lambda idx: (sum(w * i for w, i in zip(weights, idx)), idx))
    points, seen = [], set()
    for idx in combos[:simple]:
        point = tuple(values[i] for values, i in zip(lists, idx))
        if point not in seen:
            seen.add(point)
            points.append(dict(zip(symbols, point)))
    rng = random.Random(seed)
    attempts = 0
    while len(points) < count and attempts < 20 * count:
        attempts += 1
        point = tuple(random_value(s, domains.get(s.name), rng) for s in symbols)
        if point not in seen:
            seen.add(point)
            points.append(dict(zip(symbols, point)))
    if exprs and points:
        # an answer can agree on small values and differ far out or past a kink: probe both
        extra = magnitude_points(symbols, points[0], domains) + breakpoint_points(exprs, symbols, points[:2], domains)
        for point in extra:
            key = tuple(point[s] for s in symbols)
            if key not in seen:
                seen.add(key)
                points.append(point)
    return points


#: Powers of ten probed for every symbol (both signs where the domain allows).
_MAGNITUDES = (-9, -6, -3, -1, 1, 2, 3, 4, 6, 9, 15)
#: Offsets around a breakpoint of a piecewise function.
_OFFSETS = tuple(sp.Rational(n, d) for n, d in ((0, 1), (1, 10 ** 6), (-1, 10 ** 6), (1, 10), (-1, 10), (1, 1),
                                                  (-1, 1), (7, 1), (-7, 1), (1000, 1), (-1000, 1)))
#: Most points added around breakpoints.
MAX_BREAKPOINT_POINTS = 80


def magnitude_points(symbols, base, domains):
    """Points where one symbol (or all at once) is tiny or huge, of both signs, inside the domains.

    Integer symbols get large values of both parities. ``base`` gives the other symbols' values.

    >>> import sympy as sp
    >>> x = sp.Symbol('x', real=True)
    >>> [p[x] for p in magnitude_points([x], {x: sp.Integer(1)}, {})][:4]
    [1/1000000000, -1/1000000000, 1/1000000, -1/1000000]
    """
    out = []
    for symbol in symbols:
        bounds = symbol_bounds(symbol, domains.get(symbol.name))
        for value in _magnitude_values(bounds):
            point = dict(base)
            point[symbol] = value
            out.append(point)
    if len(symbols) > 1:
        for exponent in (3, 6):
            for sign in (1, -1):
                point = {}
                for symbol in symbols:
                    bounds = symbol_bounds(symbol, domains.get(symbol.name))
                    value = sp.Integer(sign * 10 ** exponent)
                    point[symbol] = value if inside(value, *bounds[:4]) else base[symbol]
                out.append(point)
    return out


def _magnitude_values(bounds):
    lower, lower_open, upper, upper_open, integer = bounds
    values = []
    for exponent in _MAGNITUDES:
        if integer and exponent < 1:
            continue
        size = sp.Integer(10) ** exponent
        for candidate in (size, -size) + ((size + 1, -size - 1) if integer else ()):
            values.append(candidate)
        if lower is not None:
            values.append(lower + (size if not integer else size + 1))
        if upper is not None:
            values.append(upper - (size if not integer else size + 1))
    if lower is not None and upper is not None and not integer:
        width = upper - lower
        values += [lower + width / 10 ** e for e in (3, 6, 9)] + [upper - width / 10 ** e for e in (3, 6, 9)]
    return _unique(v for v in values if inside(v, lower, lower_open, upper, upper_open))


_PIECEWISE = (sp.Max, sp.Min, sp.Abs, sp.Heaviside, sp.sign, sp.floor, sp.ceiling)


def breakpoint_expressions(exprs):
    """Expressions whose zeros are the kinks and jumps of relu, abs, Max/Min, Heaviside, sign, floor, ceiling.

    >>> import sympy as sp
    >>> x = sp.Symbol('x', real=True)
    >>> breakpoint_expressions([x + sp.Max(0, x - 50)])
    [50 - x]
    """
    found = []
    for expr in exprs:
        for node in sp.preorder_traversal(expr):
            if isinstance(node, (sp.Max, sp.Min)):
                args = node.args
                found += [args[i] - args[j] for i in range(len(args)) for j in range(i + 1, len(args))]
            elif isinstance(node, (sp.Abs, sp.Heaviside, sp.sign)):
                found.append(node.args[0])
            elif isinstance(node, (sp.floor, sp.ceiling)):
                found += [node.args[0] - n for n in (0, 1, -1, 2)]
            elif isinstance(node, sp.Piecewise):
                for _, condition in node.args:
                    for relation in condition.atoms(sp.core.relational.Relational):
                        found.append(relation.lhs - relation.rhs)
    unique = []
    for item in found:
        if item.free_symbols and item not in unique:
            unique.append(item)
    return unique[:40]


def breakpoint_points(exprs, symbols, bases, domains):
    """Points on and around the breakpoints of piecewise functions, solved for one symbol at a time."""
    out = []
    for u in breakpoint_expressions(exprs):
        for symbol in sorted(u.free_symbols & set(symbols), key=lambda s: s.name):
            bounds = symbol_bounds(symbol, domains.get(symbol.name))
            for base in bases:
                others = {s: v for s, v in base.items() if s != symbol}
                for root in _real_roots(u.xreplace(others), symbol):
                    for offset in _OFFSETS:
                        value = root + offset
                        if bounds[4]:
                            value = sp.Integer(math.floor(value)) if offset <= 0 else sp.Integer(math.ceil(value))
                        if inside(value, *bounds[:4]):
                            point = dict(base)
                            point[symbol] = value
                            out.append(point)
                if len(out) >= MAX_BREAKPOINT_POINTS:
                    return out
    return out


def _real_roots(expr, symbol):
    """Real roots of a low-degree polynomial in ``symbol`` as rationals (irrational ones rounded)."""
    try:
        numerator = sp.fraction(sp.together(expr))[0]
        poly = sp.Poly(numerator, symbol)
    except (sp.PolynomialError, sp.GeneratorsNeeded, ValueError, TypeError):
        return []
    if poly.degree() < 1 or poly.degree() > 4 or not all(c.is_Rational for c in poly.all_coeffs()):
        return []
    if poly.degree() == 1:
        c1, c0 = poly.all_coeffs()
        return [-c0 / c1]
    roots = []
    for root in poly.nroots(n=30):
        if root.is_real:
            roots.append(sp.Rational(str(sp.Float(root, 30))).limit_denominator(10 ** 12))
    return roots


def _product(limits, prefix, out, budget):
    if len(out) >= budget:
        return
    if len(prefix) == len(limits):
        out.append(tuple(prefix))
        return
    for i in range(limits[len(prefix)]):
        _product(limits, prefix + [i], out, budget)


def _unique(values):
    seen, out = set(), []
    for v in values:
        if v not in seen:
            seen.add(v)
            out.append(v)
    return out
