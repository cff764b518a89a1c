"""Symbolic side of answer checking: sound rewrites that prove two answers equal.

Every rewrite here is valid for all values the symbols may take (given their
sympy assumptions), except that removable singularities are cancelled — the
checker treats answers as equal "where both are defined" and says so.
Exponent-splitting rules such as ``(a*b)**k -> a**k * b**k`` are applied only
for integer exponents, where they hold; ``powsimp(force=True)`` is not used
on non-integer powers because it is wrong for negative bases
(``sqrt(x)*sqrt(y) != sqrt(x*y)`` for x, y < 0).

The central trick is explicit sign normalisation: every integer power of a
rational function is rewritten as ``(-1)**(s*k) * c**k * prod(p_i**(m_i*k))``
with irreducible factors ``p_i`` of positive leading coefficient, so
``((1-b)/(1+b))**k`` and ``(-1)**k*((b-1)/(b+1))**k`` become the same
expression; when that is not enough, the integer symbol is split by parity
(``k = 2j`` and ``k = 2j + 1``) and each case is simplified on its own.

These functions may take long on large input; callers run them through
:func:`symopt.budget.call_with_budget`.
"""

import sympy as sp
from ..values import to_sympy


def canonical(expr):
    """Rewrite integer powers with explicit signs and factored bases, then ``cancel``.

    Examples
    ========
    >>> import sympy as sp
    >>> k = sp.Symbol('k', integer=True, nonnegative=True); b = sp.Symbol('b', positive=True)
    >>> canonical(((1 - b)/(1 + b))**k) == canonical((-1)**k*((b - 1)/(b + 1))**k)
    True
    """
    expr = _normalise_powers(to_sympy(expr))
    return sp.cancel(sp.together(expr))


def _normalise_powers(expr):
    if not isinstance(expr, sp.Basic) or expr.is_Atom:
        return expr
    args = [_normalise_powers(a) for a in expr.args]
    if expr.is_Pow:
        base, exp = args
        if exp.free_symbols and exp.is_integer:
            return _split_integer_power(base, exp)
        return sp.Pow(base, exp)
    return expr.func(*args)


def _split_integer_power(base, exp):
    """``base**exp`` with integer ``exp``: sign, content and irreducible factors separated."""
    base = sp.cancel(sp.together(base))
    numerator, denominator = sp.fraction(base)
    result = sp.Integer(1)
    for part, power in ((numerator, exp), (denominator, -exp)):
        if part == 1:
            continue
        try:
            coefficient, factors = sp.factor_list(part)
        except (sp.PolynomialError, NotImplementedError, ValueError):
            result *= sp.Pow(part, power)
            continue
        if coefficient.is_number and coefficient.is_real and coefficient.is_negative:
            result *= sp.Pow(-1, power)
            coefficient = -coefficient
        if coefficient != 1:
            result *= sp.Pow(coefficient, power)
        for factor, multiplicity in factors:
            result *= sp.Pow(factor, multiplicity * power)
    return sp.expand_power_exp(result)


def is_zero(expr, integer_symbols=()):
    """True when ``expr`` is proved to be 0 (where defined); False means "not proved", not "nonzero".

    Tries, in order: ``cancel`` after sign normalisation; log and power expansion
    (honouring assumptions); a split of each integer symbol by parity; finally
    ``simplify``.

    Examples
    ========
    >>> import sympy as sp
    >>> k = sp.Symbol('k', integer=True, nonnegative=True); b = sp.Symbol('b', positive=True)
    >>> is_zero((1 - b)**(2*k + 1) + (b - 1)**(2*k + 1), [k])
    True
    >>> x = sp.Symbol('x', real=True)
    >>> is_zero(sp.sqrt(x**2) - x)
    False
    """
    for attempt in _attempts(expr, integer_symbols):
        if attempt == 0:
            return True
    return False


def _attempts(expr, integer_symbols):
    first = canonical(expr)
    yield first
    if first.has(sp.Float):
        return
    expanded = canonical(sp.expand_log(sp.expand_power_base(sp.powsimp(expr))))
    yield expanded
    parity = [s for s in integer_symbols if s in first.free_symbols]
    if parity:
        yield _by_parity(first, parity)
    yield sp.cancel(sp.factor_terms(sp.expand(first)))
    yield sp.simplify(first)


def _by_parity(expr, symbols):
    """0 if ``expr`` vanishes for every parity of every integer symbol, else ``expr``."""
    cases = [expr]
    for symbol in symbols:
        assumptions = {"integer": True}
        if symbol.is_nonnegative:
            assumptions["nonnegative"] = True
        j = sp.Symbol(f"{symbol.name}_half", **assumptions)
        cases = [canonical(case.xreplace({symbol: 2 * j + r})) for case in cases for r in (0, 1)]
    for case in cases:
        if case != 0 and sp.simplify(case) != 0:
            return expr
    return sp.Integer(0)


def is_constant(expr, symbols, integer_symbols=()):
    """True when ``expr`` is proved independent of ``symbols`` (zero derivative; zero forward difference in integer ones).

    >>> import sympy as sp
    >>> x = sp.Symbol('x', real=True)
    >>> is_constant(sp.sin(x)**2 + sp.cos(x)**2 + 3, [x])
    True
    """
    integer_symbols = set(integer_symbols)
    for symbol in symbols:
        if symbol not in expr.free_symbols:
            continue
        if symbol in integer_symbols:
            change = expr.xreplace({symbol: symbol + 1}) - expr
        else:
            change = sp.diff(expr, symbol)
        if not is_zero(change, integer_symbols):
            return False
    return True


def prove(pairs, mode, integer_symbols=()):
    """Try to prove every (reference, answer) pair equivalent under ``mode``.

    ``mode`` is ``"exact"``, ``"additive_constant"``, ``"scalar_multiple"`` (a
    vector: the answer is a nonzero multiple of the reference, the factor may
    depend on parameters) or ``"ratio_constant"`` (a scalar: the factor is a
    constant). Returns True when proved, False when not (which proves nothing).

    Examples
    ========
    >>> import sympy as sp
    >>> k = sp.Symbol('k', integer=True, nonnegative=True); b = sp.Symbol('b', positive=True)
    >>> prove([(((1 - b)/(1 + b))**k, (-1)**k*((b - 1)/(b + 1))**k)], "exact", [k])
    True
    >>> prove([(sp.Integer(1), b), (b, b**2)], "scalar_multiple")
    True
    """
    pairs = list(pairs)
    if mode == "exact":
        return all(is_zero(r - a, integer_symbols) for r, a in pairs)
    symbols = set()
    for r, a in pairs:
        symbols |= r.free_symbols | a.free_symbols
    symbols = sorted(symbols, key=lambda s: s.name)
    if mode == "additive_constant":
        return all(is_constant(r - a, symbols, integer_symbols) for r, a in pairs)
    if mode == "cleared_ratio_constant":
        # equations: clear denominators first (y = 1/x and x*y = 1 have the same solutions where defined)
        cleared = [(sp.numer(sp.cancel(sp.together(r))), sp.numer(sp.cancel(sp.together(a)))) for r, a in pairs]
        return all(r != 0 and is_constant(sp.cancel(a / r), symbols, integer_symbols) for r, a in cleared)
    if mode == "ratio_constant":
        return all(is_constant(sp.cancel(a / r), symbols, integer_symbols) for r, a in pairs)
    if mode == "scalar_multiple":
        for i in range(len(pairs)):
            for j in range(i + 1, len(pairs)):
                (ri, ai), (rj, aj) = pairs[i], pairs[j]
                if not is_zero(ai * rj - aj * ri, integer_symbols):
                    return False
        return True
    raise ValueError(f"unknown mode {mode!r}")
