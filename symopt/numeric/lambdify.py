"""The one boundary between symbolic and numeric code: lambdify into numpy and mpmath.

Symbolic modules hand sympy objects across this boundary with an explicit
argument order; the generated callables are batched numpy functions (float64,
broadcasting over arrays of parameter values and start points) or mpmath
functions at arbitrary precision. ``lambdify`` executes source code generated
from symbol names, so every name is checked to be a plain identifier first.
"""

import functools
import keyword
import re

import sympy as sp

from ..errors import ProblemError
from ..values import to_sympy

_SAFE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def _flatten_args(args):
    flat = []
    for arg in args:
        if isinstance(arg, (list, tuple, sp.Matrix)):
            flat.extend(_flatten_args(list(arg)))
        else:
            flat.append(arg)
    return flat


def check_symbol_names(args, expressions):
    """Refuse symbol names that are not plain identifiers before code is generated from them."""
    symbols = set(_flatten_args(args))
    for expression in _flatten_args([expressions]):
        if isinstance(expression, sp.Basic):
            symbols |= expression.free_symbols
    for symbol in symbols:
        name = getattr(symbol, "name", None)
        if name is None:
            continue
        if not _SAFE_NAME.match(name) or keyword.iskeyword(name) or "__" in name:
            raise ProblemError(f"symbol name {name!r} cannot be turned into numeric code")


#: digits of algebraic numbers (``CRootOf``) handed to mpmath code: beyond any working precision used here
MPMATH_ROOT_DIGITS = 80


def numeric_ready(expressions, digits):
    """Expressions with what the printers cannot evaluate on arrays replaced by equivalents.

    ``KroneckerDelta(a, b)`` becomes ``Piecewise((1, Eq(a, b)), (0, True))`` (numpy
    prints it as a Python ``if``, which fails on arrays) and each ``CRootOf`` its
    value at ``digits`` digits (no printer knows it); ``binomial(n, j)`` with an integer j
    is written as the polynomial n(n − 1)…(n − j + 1)/j!.

    >>> import sympy as sp
    >>> from symopt.numeric import numeric_ready
    >>> k = sp.Symbol('k')
    >>> numeric_ready(sp.KroneckerDelta(k, 0), 17)
    Piecewise((1, Eq(k, 0)), (0, True))
    """
    if isinstance(expressions, (list, tuple)):
        return type(expressions)(numeric_ready(e, digits) for e in expressions)
    if isinstance(expressions, sp.MatrixBase):
        return expressions.applyfunc(lambda e: numeric_ready(e, digits))
    if not isinstance(expressions, sp.Basic):
        return expressions
    replacements = {}
    for delta in expressions.atoms(sp.KroneckerDelta):
        replacements[delta] = sp.Piecewise((1, sp.Eq(*delta.args)), (0, True))
    for coefficient in expressions.atoms(sp.binomial):
        n, j = coefficient.args
        if j.is_Integer and j >= 0:  # a polynomial in n: the printers' gamma ratio has poles at n < j
            replacements[coefficient] = sp.Mul(*[n - i for i in range(int(j))]) / sp.factorial(j)
    for root in expressions.atoms(sp.CRootOf):
        replacements[root] = root_value(root, digits)
    return expressions.xreplace(replacements) if replacements else expressions


@functools.lru_cache(maxsize=512)
def root_value(root, digits):
    """A ``CRootOf`` as a sympy Float (or complex) with ``digits`` digits, through ``mpmath.polyroots``.

    sympy's own evalf refines an isolating interval by bisection, seconds per root at
    80 digits; the roots of the (irreducible, so squarefree) polynomial are found at
    once and the one inside ``root``'s isolating interval is picked.

    >>> import sympy as sp
    >>> from symopt.numeric import root_value
    >>> x = sp.Symbol('x')
    >>> root_value(sp.CRootOf(x**3 - x - 5, 0), 20)
    1.9041608591349206037
    """
    import mpmath
    interval = root._get_interval()
    if root.is_real:
        centre = complex((interval.a + interval.b) / 2)
    else:
        centre = complex((interval.ax + interval.bx) / 2, (interval.ay + interval.by) / 2)
    coefficients = [int(c) if c.is_Integer else mpmath.mpf(c.p) / c.q for c in root.poly.all_coeffs()]
    with mpmath.workdps(digits + 15):
        roots = mpmath.polyroots(coefficients, maxsteps=400, extraprec=4 * digits + 60)
        best = min(roots, key=lambda r: abs(complex(r) - centre))
        if root.is_real:
            return sp.Float(mpmath.re(best), digits)
        return sp.Float(mpmath.re(best), digits) + sp.I * sp.Float(mpmath.im(best), digits)


def _positional(args, expressions):
    """Arguments renamed ``arg_0_, arg_1_, ...`` when two distinct symbols share a name (``m_110``: (1, 10) and
    (11, 0)), which generated code would otherwise confuse."""
    flat = [a for a in _flatten_args(args) if isinstance(a, sp.Symbol)]
    if len(set(flat)) != len(flat):
        raise ProblemError("two arguments of a numeric function are the same symbol")
    names = [a.name for a in flat]
    if len(set(names)) == len(names):
        return args, expressions  # the names are the code's names (and keep cse's order of subexpressions)
    mapping = {a: sp.Symbol(f"arg_{i}_") for i, a in enumerate(flat)}

    def rename(arg):
        if isinstance(arg, (list, tuple)):
            return [rename(a) for a in arg]
        if isinstance(arg, sp.MatrixBase):
            return [rename(a) for a in arg]
        return mapping.get(arg, arg)

    def replace(expression):
        if isinstance(expression, (list, tuple)):
            return [replace(e) for e in expression]
        if isinstance(expression, sp.MatrixBase):
            return expression.xreplace(mapping)
        return expression.xreplace(mapping) if isinstance(expression, sp.Basic) else expression

    return rename(list(args)), replace(expressions)


def numpy_function(args, expressions, cse=True):
    """``lambdify(args, expressions, 'numpy', cse=True)`` after checking symbol names.

    The returned function takes its arguments in the order of ``args`` (each
    a scalar or an array; numpy broadcasting applies) and its docstring,
    written by sympy, states that order.

    Examples
    ========
    >>> import numpy as np, sympy as sp
    >>> from symopt.numeric import numpy_function
    >>> x, b = sp.symbols('x b')
    >>> f = numpy_function([x, b], b * x**2)
    >>> f(np.array([1.0, 2.0]), 0.5)
    array([0.5, 2. ])
    """
    check_symbol_names(args, expressions)
    args, expressions = _positional(args, numeric_ready(expressions, 20))
    return sp.lambdify(args, expressions, modules="numpy", cse=cse)


def mpmath_function(args, expressions, cse=True):
    """``lambdify(args, expressions, 'mpmath')``; call it inside ``mpmath.workdps(...)``.

    >>> import mpmath, sympy as sp
    >>> from symopt.numeric import mpmath_function
    >>> x = sp.Symbol('x')
    >>> with mpmath.workdps(50):
    ...     print(mpmath_function([x], sp.sqrt(x))(2))
    1.4142135623730950488016887242096980785696718753769
    """
    check_symbol_names(args, expressions)
    args, expressions = _positional(args, numeric_ready(expressions, MPMATH_ROOT_DIGITS))
    return sp.lambdify(args, expressions, modules="mpmath", cse=cse)


def to_mpf_or_mpc(value):
    """A sympy number or Python number as an mpmath number at the current precision."""
    import mpmath
    value = to_sympy(value)
    if value.is_real:
        return mpmath.mpf(sp.N(value, mpmath.mp.dps + 5))
    return mpmath.mpc(complex(sp.N(value, mpmath.mp.dps + 5)))


def as_list(value):
    """The outputs of a generated function as a list (one expression comes back bare, several as a list)."""
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


_INTERVAL_NAMES = ("mpf", "sin", "cos", "tan", "exp", "log", "sqrt", "pi", "e", "expm1", "log1p")


def interval_function(args, expressions):
    """``lambdify`` into :mod:`mpmath.iv`: every operation rounds outwards, so results enclose the truth.

    Rational constants become ``mpf(p)/mpf(q)`` intervals; Floats are refused
    (their decimal meaning is lost) — rationalise them first. Functions that
    ``mpmath.iv`` lacks make the call raise, which callers treat as "cannot certify".

    >>> import mpmath, sympy as sp
    >>> from symopt.numeric import interval_function
    >>> x = sp.Symbol('x')
    >>> enclosure = interval_function([x], [x**2 / 3])(mpmath.iv.mpf([1, 2]))[0]
    >>> enclosure.a <= mpmath.mpf(1) / 3 and enclosure.b >= mpmath.mpf(4) / 3
    True
    """
    import mpmath
    check_symbol_names(args, expressions)
    if any(e.atoms(sp.Float) for e in _flatten_args([expressions]) if isinstance(e, sp.Basic)):
        raise ProblemError("interval code needs exact constants; rationalise Floats first")
    functions = {type(f).__name__ for e in _flatten_args([expressions]) if isinstance(e, sp.Basic)
                 for f in e.atoms(sp.Function)}
    if not functions <= {"sin", "cos", "tan", "exp", "log"}:
        raise ProblemError(f"no interval arithmetic for {', '.join(sorted(functions))}")
    namespace = {name: getattr(mpmath.iv, name) for name in _INTERVAL_NAMES}
    namespace["E"] = mpmath.iv.e
    return sp.lambdify(args, expressions, modules=[namespace, "mpmath"], cse=False)
