"""The one boundary between symbolic and numeric code: lambdify into numpy and mpmath.

Symbolic modules hand sympy objects across this boundary with an explicit
argument order; the generated callables are batched numpy functions (float64,
broadcasting over arrays of parameter values and start points) or mpmath
functions at arbitrary precision. ``lambdify`` executes source code generated
from symbol names, so every name is checked to be a plain identifier first.
"""

import keyword
import re

import sympy as sp

from .errors import ProblemError
from .values import to_sympy

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
    return sp.lambdify(args, expressions, modules="mpmath", cse=cse)


def to_mpf_or_mpc(value):
    """A sympy number or Python number as an mpmath number at the current precision."""
    import mpmath
    value = to_sympy(value)
    if value.is_real:
        return mpmath.mpf(sp.N(value, mpmath.mp.dps + 5))
    return mpmath.mpc(complex(sp.N(value, mpmath.mp.dps + 5)))


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
