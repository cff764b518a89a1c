"""Symbolic side of answer checking: sound rewrites that prove two answers equal.

Every rewrite here is valid for all values the symbols may take (given their
sympy assumptions), except that removable singularities are cancelled — the
checker treats answers as equal "where both are defined" and says so.
Exponent-splitting rules such as ``(a*b)**k -> a**k * b**k`` are applied only
for integer exponents, where they hold; ``powsimp(force=True)`` is not used
on non-integer powers because it is wrong for negative bases
(``sqrt(x)*sqrt(y) != sqrt(x*y)`` for x, y < 0).

Zero tests use :func:`symopt.zero.is_zero_where_defined` (sign-normalised
powers, a parity split of integer symbols, then ``simplify``): the one
zero-test policy of symopt, in :mod:`symopt.zero`.

These functions may take long on large input; callers run them through
:func:`symopt.budget.call_with_budget`.
"""

import sympy as sp

from ..zero import canonical  # noqa: F401 (re-exported: the checker's normal form)
from ..zero import is_zero_where_defined as is_zero


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
