"""Numeric side of answer checking: sample points that respect domains, and a careful evaluator.

Why not ``lambdify``: answers are untrusted and the checker needs *real*
semantics — ``sqrt`` of a negative number or ``log`` of a negative number is
"undefined here", not a complex number that happens to make two wrong answers
agree. :func:`evaluate` walks the (size-limited) sympy tree in mpmath, checks
every intermediate value, watches a deadline, and generates no code at all.
"""

import math
import random
import time
from fractions import Fraction

import mpmath
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
_MAX_FACTORIAL = 10 ** 5
_MAX_EXPONENT = mpmath.mpf(10) ** 15


class Undefined(ArithmeticError):
    """The expression has no real (or, in complex mode, finite) value at this point."""


class Unsupported(ArithmeticError):
    """The expression cannot be evaluated safely (unknown function, too large, out of time)."""


# --------------------------------------------------------------------------------------------
# domains -> candidate values
# --------------------------------------------------------------------------------------------

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


def _inside(value, lower, lower_open, upper, upper_open):
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
    inside = lambda v: _inside(v, lower, lower_open, upper, upper_open)  # noqa: E731
    values = []
    if integer:
        pool = list(_SMALL_INTEGERS) + [-1, -2, -3] + list(_LARGE_INTEGERS)
        if lower is not None and lower > 0:
            base = int(math.floor(lower))
            pool = [base + i for i in range(0, 8)] + [base + i for i in _LARGE_INTEGERS] + pool
        if upper is not None and upper < 0:
            base = int(math.ceil(upper))
            pool = [base - i for i in range(0, 8)] + [base - i for i in _LARGE_INTEGERS] + pool
        values = [sp.Integer(v) for v in pool if inside(sp.Integer(v))]
        if not values and lower is not None and upper is not None:
            values = [sp.Integer(v) for v in range(int(math.ceil(lower)), int(math.floor(upper)) + 1)
                      if inside(sp.Integer(v))][:12]
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
            if value not in seen and inside(value):
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
        if _inside(value, lower, lower_open, upper, upper_open):
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
                    point[symbol] = value if _inside(value, *bounds[:4]) else base[symbol]
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
    return _unique(v for v in values if _inside(v, lower, lower_open, upper, upper_open))


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
                        if _inside(value, *bounds[:4]):
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


# --------------------------------------------------------------------------------------------
# evaluation
# --------------------------------------------------------------------------------------------

def to_mp(value):
    """A sympy Rational/Integer as an mpmath number at the current precision."""
    if value.is_Integer:
        return mpmath.mpf(int(value))
    return mpmath.mpf(int(value.p)) / int(value.q)


def evaluate(expr, point, complex_ok=False, deadline=None):
    """Value of ``expr`` at ``point`` ({Symbol: Rational}) in mpmath at the current precision.

    Raises :class:`Undefined` where the expression has no real value (division by
    zero, even root or log of a negative number, ...) — in complex mode only where
    it is infinite — and :class:`Unsupported` for what cannot be evaluated safely.

    >>> import sympy as sp, mpmath
    >>> x = sp.Symbol('x', real=True)
    >>> with mpmath.workdps(20):
    ...     print(evaluate(sp.sqrt(x) + 1, {x: sp.Rational(9, 4)}))
    2.5
    >>> evaluate(sp.log(x), {x: sp.Rational(-1, 2)})
    Traceback (most recent call last):
    ...
    symopt.check.sampling.Undefined: log of a negative number
    """
    return _evaluate(expr, point, complex_ok, deadline, {})


def _evaluate(expr, point, complex_ok, deadline, memo):
    values = {s: to_mp(v) for s, v in point.items()}
    try:
        return _eval(expr, values, memo, complex_ok, deadline)
    except RecursionError:
        raise Unsupported("expression nested too deeply") from None
    except (ZeroDivisionError,):
        raise Undefined("division by zero") from None
    except (OverflowError, MemoryError):
        raise Unsupported("number too large") from None
    except (ValueError, TypeError) as exc:
        raise Undefined(str(exc) or "math domain error") from None


def _finite(value, complex_ok):
    if isinstance(value, mpmath.mpc):
        if not (mpmath.isfinite(value.real) and mpmath.isfinite(value.imag)):
            raise Undefined("infinite value")
        if value.imag == 0:
            return value.real
        if not complex_ok:
            raise Undefined("not a real number")
        return value
    if not mpmath.isfinite(value):
        raise Undefined("infinite value")
    return value


def _is_int(value):
    return not isinstance(value, mpmath.mpc) and value == mpmath.floor(value)


def _eval(expr, values, memo, complex_ok, deadline):
    if expr in memo:
        return memo[expr]
    if deadline is not None and time.perf_counter() > deadline:
        raise Unsupported("out of time")
    result = _finite(_node(expr, values, memo, complex_ok, deadline), complex_ok)
    memo[expr] = result
    return result


def _node(expr, values, memo, complex_ok, deadline):
    ev = lambda e: _eval(e, values, memo, complex_ok, deadline)  # noqa: E731
    if expr.is_Symbol:
        if expr not in values:
            raise Unsupported(f"no value for {expr}")
        return values[expr]
    if expr.is_Integer:
        if abs(expr.p) > 10 ** 4000:
            raise Unsupported("integer too large")
        return mpmath.mpf(int(expr.p))
    if expr.is_Rational:
        return mpmath.mpf(int(expr.p)) / int(expr.q)
    if expr.is_Float:
        return mpmath.mpf(expr._mpf_)
    if expr is sp.pi:
        return +mpmath.pi
    if expr is sp.E:
        return +mpmath.e
    if expr is sp.I:
        if not complex_ok:
            raise Undefined("imaginary unit")
        return mpmath.mpc(0, 1)
    if expr is sp.EulerGamma:
        return +mpmath.euler
    if expr is sp.GoldenRatio:
        return +mpmath.phi
    if expr.is_Add:
        total = mpmath.mpf(0)
        largest = mpmath.mpf(0)
        for arg in expr.args:
            term = ev(arg)
            largest = max(largest, abs(term))
            total += term
        _note_cancellation(memo, largest, abs(total))
        return total
    if expr.is_Mul:
        product = mpmath.mpf(1)
        for arg in expr.args:
            product *= ev(arg)
        return product
    if expr.is_Pow:
        return _power(ev(expr.base), ev(expr.exp), complex_ok)
    func = _FUNCTIONS.get(type(expr).__name__)
    if func is not None and expr.args:
        return func(*[ev(a) for a in expr.args], complex_ok=complex_ok)
    if isinstance(expr, sp.Piecewise):
        for piece, condition in expr.args:
            if _condition(condition, ev):
                return ev(piece)
        raise Undefined("no piece applies")
    if expr in (sp.oo, -sp.oo, sp.zoo, sp.nan):
        raise Undefined("infinite value")
    raise Unsupported(f"cannot evaluate {type(expr).__name__} numerically")


_LOG10_2 = math.log10(2)
_ACCURACY = "accuracy"   # memo key of [digits lost to cancellation, log10 of the largest term]


def _note_cancellation(memo, largest, total):
    """Record how many digits a sum lost: its largest term over its value (all of them when it is 0)."""
    if largest == 0:
        return
    record = memo.setdefault(_ACCURACY, [0.0, -math.inf])
    # binary magnitudes are cheap and accurate to a digit, which is all the precision control needs
    record[1] = max(record[1], mpmath.mag(largest) * _LOG10_2)
    lost = math.inf if total == 0 else (mpmath.mag(largest) - mpmath.mag(total) + 1) * _LOG10_2
    record[0] = max(record[0], lost)


#: Digits kept beyond what cancellation costs; the first working precision; the most digits ever used.
GUARD_DIGITS = 10
START_DIGITS = 50
#: Correct digits (relative to the largest term) two precisions must share before a value is trusted.
TARGET_DIGITS = 25
MAX_WORK_DIGITS = 3000


class Unreliable(Unsupported):
    """No working precision within :data:`MAX_WORK_DIGITS` gives two agreeing values (heavy cancellation)."""


#: Binary exponents beyond this are not compared (their size alone overflows float arithmetic).
MAX_BINARY_EXPONENT = 10**12


def reliable_value(expr, point, complex_ok=False, deadline=None, digits=START_DIGITS):
    """``(value, error)``: the value of ``expr`` at ``point`` with precision raised until it can be trusted.

    Explanation
    ===========
    A sum that cancels (``10**200 + 4 - 10**200``) loses the digits its largest
    term has over its value; the precision is raised until every sum keeps
    :data:`GUARD_DIGITS` digits and two precisions agree. A sum that stays at
    rounding level up to a precision well beyond its terms' size
    (``sin(x)**2 + cos(x)**2 - 1``) is zero to that many digits; ``error`` is
    the bound used. Raises :class:`Undefined`, :class:`Unsupported` or
    :class:`Unreliable` (the precision needed exceeds :data:`MAX_WORK_DIGITS`).

    Examples
    ========
    >>> import sympy as sp
    >>> x = sp.Symbol('x', real=True)
    >>> value, error = reliable_value(x**2 + 10**(100*x) - 100**(50*x), {x: sp.Integer(2)})
    >>> print(mpmath.nstr(value, 5), error < 1e-30)
    4.0 True
    """
    previous = None
    while True:
        with mpmath.workdps(digits):
            memo = {}
            value = _evaluate(expr, point, complex_ok, deadline, memo)
            lost, scale = memo.get(_ACCURACY, (0.0, -math.inf))
        if value != 0:
            magnitude = mpmath.mag(value)
            if abs(magnitude) > MAX_BINARY_EXPONENT:  # e.g. exp(exp(exp(exp(5)))): no float holds its size
                raise Unreliable(f"a value of magnitude 2**{magnitude} is beyond comparison")
            scale = max(scale, magnitude * _LOG10_2)
        # sums at rounding level are zero to the precision once it covers their terms' size twice over
        enough = math.ceil(max(120.0, 2 * scale + 100)) if math.isfinite(scale) else 120
        # a sum that lost L digits is known to digits - L: keep TARGET_DIGITS of it, and GUARD_DIGITS more
        needed = lost + TARGET_DIGITS + GUARD_DIGITS
        if 0 < scale < MAX_WORK_DIGITS - TARGET_DIGITS - GUARD_DIGITS:
            # huge values are also known in absolute terms, so that exp(x/2) + relu(x - 1000) is told apart
            # from exp(x/2) at x = 1001 (a difference of 1 in 10**217)
            needed = max(needed, scale + TARGET_DIGITS + GUARD_DIGITS)
        if needed > digits and digits < enough:
            if enough > MAX_WORK_DIGITS:
                raise Unreliable(f"more than {MAX_WORK_DIGITS} digits needed (cancellation)")
            previous, digits = None, int(min(enough, max(digits + 20, needed + 5)))
            continue
        error = mpmath.mpf(10) ** (scale - digits + GUARD_DIGITS) if math.isfinite(scale) else mpmath.mpf(0)
        if previous is not None:
            # the lower precision's value is the less accurate one: their gap bounds the error of this one
            gap = abs(value - previous)
            if gap <= max(error, mpmath.mpf(10) ** (scale - TARGET_DIGITS) if math.isfinite(scale) else 0):
                return value, max(error, gap)
        if digits >= MAX_WORK_DIGITS:
            raise Unreliable("two precisions do not agree")
        previous, digits = value, digits + max(20, digits // 2)


def _condition(condition, ev):
    if condition is sp.true:
        return True
    if condition is sp.false:
        return False
    if isinstance(condition, sp.And):
        return all(_condition(c, ev) for c in condition.args)
    if isinstance(condition, sp.Or):
        return any(_condition(c, ev) for c in condition.args)
    if isinstance(condition, sp.Not):
        return not _condition(condition.args[0], ev)
    if isinstance(condition, sp.core.relational.Relational):
        lhs, rhs = ev(condition.lhs), ev(condition.rhs)
        if isinstance(lhs, mpmath.mpc) or isinstance(rhs, mpmath.mpc):
            raise Undefined("complex comparison")
        return {"<": lhs < rhs, "<=": lhs <= rhs, ">": lhs > rhs, ">=": lhs >= rhs,
                "==": lhs == rhs, "!=": lhs != rhs}[condition.rel_op]
    raise Unsupported("condition cannot be evaluated")


def _power(base, exp, complex_ok):
    if _is_int(exp):
        if abs(exp) > _MAX_EXPONENT and abs(base) != 1 and base != 0:
            raise Unsupported("exponent too large")
        n = int(exp)
        if base == 0 and n < 0:
            raise Undefined("division by zero")
        return base ** n
    if abs(exp) > _MAX_EXPONENT:
        raise Unsupported("exponent too large")
    if isinstance(base, mpmath.mpc) or isinstance(exp, mpmath.mpc):
        if base == 0:
            raise Undefined("complex power of zero")
        return mpmath.power(base, exp)
    if base == 0:
        if exp > 0:
            return mpmath.mpf(0)
        raise Undefined("division by zero")
    if base < 0:
        if not complex_ok:
            raise Undefined("fractional power of a negative number")
        return mpmath.power(mpmath.mpc(base), exp)
    return mpmath.power(base, exp)


def _real_only(name, fn, check=None, edges=()):
    def wrapped(*args, complex_ok=False):
        if not complex_ok and check is not None and any(isinstance(a, mpmath.mpc) for a in args):
            raise Undefined("not a real number")
        if not complex_ok and check is not None and not check(*args):
            # an argument that rounds onto an edge of the domain (tanh(100) is 1 to 80 digits) may lie
            # inside it: no verdict at this point rather than a false "undefined"
            if any(abs(a - edge) <= mpmath.mpf(10) ** (10 - mpmath.mp.dps) for a in args for edge in edges):
                raise Unreliable(f"{name}, or on its edge to working precision")
            raise Undefined(name)
        return fn(*args)
    return wrapped


def _factorial(n, complex_ok=False):
    if not _is_int(n) or n < 0:
        return mpmath.gamma(n + 1)
    if n > _MAX_FACTORIAL:
        raise Unsupported("factorial too large")
    return mpmath.factorial(n)


def _binomial(n, m, complex_ok=False):
    if abs(n) > _MAX_FACTORIAL or abs(m) > _MAX_FACTORIAL:
        raise Unsupported("binomial too large")
    return mpmath.binomial(n, m)


def _gamma(x, complex_ok=False):
    if _is_int(x) and x <= 0:
        raise Undefined("gamma at a pole")
    if abs(x) > _MAX_FACTORIAL:
        raise Unsupported("gamma argument too large")
    return mpmath.gamma(x)


def _real(fn):
    return lambda *args, complex_ok=False: fn(*args)


_FUNCTIONS = {
    "exp": _real(mpmath.exp),
    "log": _real_only("log of a negative number", mpmath.log, lambda x: x > 0),
    "sin": _real(mpmath.sin), "cos": _real(mpmath.cos),
    "tan": _real_only("tan at a pole", mpmath.tan, lambda x: mpmath.cos(x) != 0),
    "cot": _real_only("cot at a pole", mpmath.cot, lambda x: mpmath.sin(x) != 0),
    "sec": _real_only("sec at a pole", mpmath.sec, lambda x: mpmath.cos(x) != 0),
    "csc": _real_only("csc at a pole", mpmath.csc, lambda x: mpmath.sin(x) != 0),
    "asin": _real_only("asin outside [-1, 1]", mpmath.asin, lambda x: -1 <= x <= 1, (-1, 1)),
    "acos": _real_only("acos outside [-1, 1]", mpmath.acos, lambda x: -1 <= x <= 1, (-1, 1)),
    "atan": _real(mpmath.atan), "atan2": _real(mpmath.atan2),
    "sinh": _real(mpmath.sinh), "cosh": _real(mpmath.cosh), "tanh": _real(mpmath.tanh),
    "asinh": _real(mpmath.asinh),
    "sech": _real(mpmath.sech), "coth": _real_only("coth at 0", mpmath.coth, lambda x: x != 0),
    "csch": _real_only("csch at 0", mpmath.csch, lambda x: x != 0),
    "acot": _real(lambda x: mpmath.atan(1 / x) if x != 0 else mpmath.pi / 2),
    "asec": _real_only("asec inside (-1, 1)", mpmath.asec, lambda x: abs(x) >= 1, (-1, 1)),
    "acsc": _real_only("acsc inside (-1, 1)", mpmath.acsc, lambda x: abs(x) >= 1, (-1, 1)),
    "acosh": _real_only("acosh below 1", mpmath.acosh, lambda x: x >= 1, (-1, 1)),
    "atanh": _real_only("atanh outside (-1, 1)", mpmath.atanh, lambda x: -1 < x < 1, (-1, 1)),
    "Abs": _real(abs),
    "sign": _real(mpmath.sign),
    "floor": _real(mpmath.floor), "ceiling": _real(mpmath.ceil),
    "factorial": _factorial, "binomial": _binomial, "gamma": _gamma,
    "Max": _real(lambda *a: max(a)), "Min": _real(lambda *a: min(a)),
    "Heaviside": _real(lambda x, h0=mpmath.mpf(1) / 2: mpmath.mpf(1) if x > 0 else (h0 if x == 0 else mpmath.mpf(0))),
    "re": _real(mpmath.re), "im": _real(mpmath.im), "conjugate": _real(mpmath.conj),
    "erf": _real(mpmath.erf),
}


# --------------------------------------------------------------------------------------------
# comparison and display
# --------------------------------------------------------------------------------------------

def close(a, b, tolerance, absolute):
    """``|a - b| <= tolerance * max(|a|, |b|) + absolute`` (relative tolerance with an absolute floor).

    >>> import mpmath
    >>> close(mpmath.mpf(1) / 3, mpmath.mpf('0.333333'), 1e-6, 1e-12)
    True
    >>> close(mpmath.mpf(1), mpmath.mpf('1.001'), 1e-9, 1e-12)
    False
    """
    return abs(a - b) <= tolerance * max(abs(a), abs(b)) + absolute


def show_number(value, digits=10):
    """A value as a student would write it: ``1/3``, ``-2``, ``0.7071067812`` or ``0.5 + 1.2i``.

    >>> import mpmath
    >>> with mpmath.workdps(30):
    ...     show_number(-mpmath.mpf(1) / 3), show_number(mpmath.sqrt(2))
    ('-1/3', '1.414213562')
    """
    if value is None:
        return "undefined"
    if isinstance(value, mpmath.mpc):
        if value.imag == 0:
            value = value.real
        else:
            sign = "+" if value.imag >= 0 else "-"
            return f"{show_number(value.real, 6)} {sign} {show_number(abs(value.imag), 6)}i"
    if value == 0:
        return "0"
    magnitude = abs(value)
    if magnitude < mpmath.mpf(10) ** min(25, mpmath.mp.dps - 5) and value == mpmath.floor(value):
        return str(int(value))
    if mpmath.mpf("1e-6") < magnitude < mpmath.mpf("1e9"):
        fraction = Fraction(mpmath.nstr(value, mpmath.mp.dps)).limit_denominator(10000)
        exact = mpmath.mpf(fraction.numerator) / fraction.denominator
        if abs(value - exact) <= magnitude * mpmath.mpf(10) ** (5 - mpmath.mp.dps):
            if fraction.denominator == 1:
                return str(fraction.numerator)
            return f"{fraction.numerator}/{fraction.denominator}"
    return mpmath.nstr(value, digits)
