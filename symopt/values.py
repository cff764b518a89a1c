"""Python, numpy and sympy values as sympy objects, with text parsed safely (never ``eval``)."""

import sympy as sp

from .errors import ParseError
from .parsing import parse_object


def to_sympy(value, symbols=None):
    """A sympy object from a Python, numpy or sympy value, never by ``eval``.

    Text goes through :func:`parse_object`; numbers, numpy scalars, matrices and
    objects with ``_sympy_`` are converted with ``sympify(strict=True)`` (which
    refuses strings), lists, tuples and numpy arrays element by element. Use it
    instead of ``sympify`` everywhere a value may have come from a user.

    Examples
    ========
    >>> from symopt.values import to_sympy
    >>> to_sympy(0.5), to_sympy("x^2"), to_sympy([1, "y"])
    (0.500000000000000, x**2, [1, y])
    """
    if isinstance(value, sp.Basic):
        return value
    if isinstance(value, str):
        return parse_object(value, symbols)
    if isinstance(value, list):
        return [to_sympy(item, symbols) for item in value]
    if type(value).__name__ == "ndarray":
        return [to_sympy(item, symbols) for item in value.tolist()]
    try:
        return sp.sympify(value, strict=True)
    except sp.SympifyError:
        raise ParseError(f"cannot use {type(value).__name__} {value!r} as a mathematical value") from None


