"""The entry points for one formula: ``parse_expression``, ``parse_object``, ``parse_matrix``.

Each runs the same pipeline -- length check, :mod:`.normalise`, :mod:`.tokens`,
:mod:`.tree`, :mod:`.builder` -- under one set of per-call limits, and turns
Python errors met on the way into :class:`~symopt.errors.ParseError`.
"""

from dataclasses import dataclass

import sympy as sp

from ..errors import ParseError
from ..limits import MAX_DEPTH, MAX_EXPONENT, MAX_LENGTH, MAX_NODES
from .builder import Builder
from .names import Names
from .normalise import check_length, normalise
from .tokens import python_source
from .tree import parse_tree


@dataclass(frozen=True)
class Limits:
    """The caps of one call: the keyword limits of :func:`parse_expression`."""

    max_length: int = MAX_LENGTH
    max_depth: int = MAX_DEPTH
    max_nodes: int = MAX_NODES
    max_exponent: object = MAX_EXPONENT
    real_domains: bool = False


def make_limits(max_length=MAX_LENGTH, max_depth=MAX_DEPTH, max_nodes=MAX_NODES, max_exponent=MAX_EXPONENT,
                real_domains=False):
    # max_exponent=None: a numeric exponent on a symbolic base is notation, not work; callers that never
    # expand (the answer checker evaluates numerically and proves under a time budget) accept any size
    # real_domains=True: a root or log that sympy cancels still restricts the value (see Builder)
    return Limits(int(max_length), int(max_depth), int(max_nodes), max_exponent, bool(real_domains))


def build(ascii_text, cols, names, limits, end_col):
    """Parse normalised text into any accepted object (the shared core of the public functions)."""
    try:
        source, posmap = python_source(ascii_text, cols, names, limits, end_col)
        body = parse_tree(source, posmap, limits)
        return Builder(source, posmap, names, limits.max_exponent, limits.real_domains).top(body)
    except ParseError:
        raise
    except (RecursionError, MemoryError):
        raise ParseError("formula is too large or too deeply nested") from None
    except (OverflowError, ValueError, TypeError, ArithmeticError, AttributeError) as exc:
        raise ParseError(f"cannot build this formula: {exc}") from None


def build_text(text, symbols, symbol_names, limits):
    check_length(text, limits.max_length)
    ascii_text, cols = normalise(text)
    return build(ascii_text, cols, Names(symbols, symbol_names), limits, len(text) + 1)


def expect_expr(obj):
    if not isinstance(obj, sp.Expr):
        raise ParseError(f"expected a single expression, got {_kind(obj)}")
    return obj


_KINDS = {sp.MatrixBase: "a matrix", sp.Eq: "an equation", sp.Set: "a set", sp.Tuple: "a tuple"}


def _kind(obj):
    for cls, label in _KINDS.items():
        if isinstance(obj, cls):
            return label
    return type(obj).__name__


def parse_expression(text, symbols=None, *, symbol_names=None, max_length=MAX_LENGTH, max_depth=MAX_DEPTH,
                     max_nodes=MAX_NODES, max_exponent=MAX_EXPONENT, real_domains=False):
    """Parse untrusted ``text`` into one sympy expression (never ``eval``).

    ``symbols`` maps names to the sympy symbols to use for them (so that
    assumptions such as ``integer=True`` carry over); an iterable of Symbols
    or of names is accepted too.  Other names become plain ``Symbol(name)``.
    ``symbol_names`` declares further names (for splitting ``xy`` into
    ``x*y``) without giving their symbols.  See :mod:`symopt.parsing` for the
    syntax and limits; every failure is a :class:`~symopt.errors.ParseError`.

    >>> import sympy as sp
    >>> from symopt.parsing import parse_expression
    >>> x, y, b = sp.symbols('x y b')
    >>> parse_expression('(x**2 + b*y**2)/2') == (x**2 + b*y**2)/2
    True
    >>> parse_expression('x^2 + 3xy', symbols={'x': x, 'y': y})
    x**2 + 3*x*y
    >>> parse_expression('2*sinn(x)')
    Traceback (most recent call last):
    ...
    symopt.errors.ParseError: unknown function 'sinn' at column 3; did you mean 'sin'?
    """
    return expect_expr(build_text(text, symbols, symbol_names, make_limits(max_length, max_depth, max_nodes,
                                                                           max_exponent, real_domains)))


def parse_object(text, symbols=None, *, symbol_names=None, **limits):
    """Parse ``text`` into an expression, Matrix, equation, set of answers or tuple.

    ``[a, b]`` is a column Matrix, ``[[1, 2], [2, 5]]`` a Matrix (rectangular
    rows), ``lhs = rhs`` (or ``==``) an unevaluated ``Eq``, ``{(1, 0), (-1, 0)}``
    a FiniteSet of Tuples and ``(1, 0)`` a Tuple.  ``limits`` are the keyword
    limits of :func:`parse_expression`.

    >>> from symopt.parsing import parse_object
    >>> parse_object('[[1, 2], [2, 5]]')
    Matrix([
    [1, 2],
    [2, 5]])
    >>> parse_object('x = 2y', symbol_names=['x', 'y'])
    Eq(x, 2*y)
    >>> parse_object('{(1, 0), (-1, 0)}')
    {(-1, 0), (1, 0)}
    """
    return build_text(text, symbols, symbol_names, make_limits(**limits))


def parse_matrix(text, symbols=None, *, symbol_names=None, **limits):
    """Parse ``[[...], ...]`` into a sympy Matrix, or ``[a, b]`` into a column Matrix.

    >>> from symopt.parsing import parse_matrix
    >>> parse_matrix('[[2, 0], [0, 2b]]').shape
    (2, 2)
    >>> parse_matrix('[1, 2]')
    Matrix([
    [1],
    [2]])
    """
    obj = build_text(text, symbols, symbol_names, make_limits(**limits))
    if not isinstance(obj, sp.MatrixBase):
        raise ParseError(f"expected a matrix such as [[1, 2], [3, 4]] or a vector [1, 2], got {_kind(obj)}")
    return obj
