"""Evaluating an expression at a point for answer checking: real semantics, trusted digits, no code.

Why not ``lambdify``: answers are untrusted and the checker needs *real*
semantics — ``sqrt`` of a negative number or ``log`` of a negative number is
"undefined here", not a complex number that happens to make two wrong answers
agree. :func:`evaluate` walks the (size-limited) sympy tree in mpmath, checks
every intermediate value, watches a deadline, and generates no code at all;
:func:`reliable_value` raises the precision until cancellation is overcome.
"""

import math
import time

import mpmath
import sympy as sp

_MAX_FACTORIAL = 10 ** 5
_MAX_EXPONENT = mpmath.mpf(10) ** 15


class Undefined(ArithmeticError):
    """The expression has no real (or, in complex mode, finite) value at this point."""


class Unsupported(ArithmeticError):
    """The expression cannot be evaluated safely (unknown function, too large, out of time)."""


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
    symopt.check.evaluate.Undefined: log of a negative number
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
