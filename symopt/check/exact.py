"""Exact decisions for rational functions: no tolerance, no sampling luck.

Two rational functions with rational coefficients are equal where both are
defined exactly when the polynomial ``P = n_r d_a - n_a d_r`` (numerators and
denominators as written, never expanded) is the zero polynomial. A polynomial
of degree at most ``d_v`` in each variable ``v`` that vanishes on a grid of
``d_v + 1`` distinct values per variable is zero, so evaluating ``P`` exactly
at those points is a proof, whatever the degree; a nonzero value there proves
the two differ, and an exact evaluation at points inside the assumptions then
gives the counterexample. ``1/3`` and ``333333333333/1000000000000``, ``x``
and ``x + 10**-15`` are told apart here, exactly.
"""

import math

import sympy as sp

#: Most grid points evaluated for a proof (the product over variables of degree + 1).
MAX_GRID_POINTS = 2500


def is_rational_function(expr):
    """True for expressions built from symbols and rationals by +, *, and integer powers.

    >>> import sympy as sp
    >>> x = sp.Symbol('x')
    >>> is_rational_function((x**2 - 1)/(x - 1) + sp.Rational(1, 3)), is_rational_function(sp.sqrt(x))
    (True, False)
    """
    if expr.is_Symbol or expr.is_Rational:
        return True
    if expr.is_Add or expr.is_Mul:
        return all(is_rational_function(a) for a in expr.args)
    if expr.is_Pow:
        return expr.exp.is_Integer and is_rational_function(expr.base)
    return False


def _degree(expr, symbol):
    """An upper bound of the degree of a polynomial expression in ``symbol`` (without expanding)."""
    if expr.is_Symbol:
        return 1 if expr == symbol else 0
    if expr.is_Number:
        return 0
    if expr.is_Add:
        return max(_degree(a, symbol) for a in expr.args)
    if expr.is_Mul:
        return sum(_degree(a, symbol) for a in expr.args)
    if expr.is_Pow and expr.exp.is_Integer and expr.exp >= 0:
        return int(expr.exp) * _degree(expr.base, symbol)
    raise ValueError(f"not a polynomial: {expr}")


def identity_polynomial(reference, answer):
    """``n_r d_a - n_a d_r``: zero as a polynomial exactly when the rational functions agree where defined."""
    n_r, d_r = sp.fraction(sp.together(reference))
    n_a, d_a = sp.fraction(sp.together(answer))
    return n_r * d_a - n_a * d_r


def rational_identity(reference, answer, max_points=MAX_GRID_POINTS):
    """True / False when two rational functions are proved equal / different, None when too large to decide.

    Examples
    ========
    >>> import sympy as sp
    >>> x = sp.Symbol('x')
    >>> rational_identity((x**2 - 1)/(x - 1), x + 1)
    True
    >>> rational_identity(x, x + sp.Rational(1, 10**15))
    False
    >>> rational_identity((x - 1)**600, (1 - x)**600)
    True
    """
    if not (is_rational_function(reference) and is_rational_function(answer)):
        return None
    polynomial = identity_polynomial(reference, answer)
    symbols = sorted(polynomial.free_symbols, key=lambda s: s.name)
    try:
        degrees = [_degree(polynomial, s) for s in symbols]
    except ValueError:
        return None
    if math.prod(d + 1 for d in degrees) > max_points:
        return None
    for point in _grid(symbols, degrees):
        if polynomial.xreplace(point) != 0:
            return False
    return True


def _grid(symbols, degrees):
    if not symbols:
        yield {}
        return
    first, rest = symbols[0], symbols[1:]
    for partial in _grid(rest, degrees[1:]):
        for value in range(degrees[0] + 1):
            point = dict(partial)
            point[first] = sp.Integer(value)
            yield point


def exact_value(expr, point):
    """The exact value of a rational function at a rational point, or None where it is undefined.

    >>> import sympy as sp
    >>> x = sp.Symbol('x')
    >>> exact_value(1/(x - 1), {x: sp.Integer(3)}), exact_value(1/(x - 1), {x: sp.Integer(1)})
    (1/2, None)
    """
    value = expr.xreplace(point)
    if not value.is_Rational:
        return None
    return value
