"""The values a run is given, as numbers: exact decimals from text, values over the batch, start points.

Text is parsed safely (:func:`symopt.parsing.parse_expression`) and decimal
literals are kept exact (``"0.1"`` is 1/10), so that a run at ``precision``
digits does not inherit a binary approximation. A value is a scalar or a 1-D
array with one entry per run; start points are an array ``(batch, n)``,
float64 or (for mpmath) object.
"""

import numbers
import re

import numpy as np
import sympy as sp

from ..errors import ProblemError


_DECIMAL = re.compile(r"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$")


def exact_number(text):
    """A number from text as sympy: decimal literals exactly (``"0.1"`` is 1/10), anything else parsed safely.

    >>> exact_number("0.1"), exact_number("1/3"), exact_number("2e-3")
    (1/10, 1/3, 1/500)
    """
    from ..parsing import parse_expression
    if _DECIMAL.match(text):
        parse_expression(text)  # refuses 1e-99999999 before Rational builds 10**99999999
        return sp.Rational(text.strip())
    value = parse_expression(text)
    if isinstance(value, sp.Float):  # keep what the user typed, not its binary approximation
        return sp.Rational(str(value)) if _DECIMAL.match(str(value)) else value
    return value


def scalar(value, precision):
    """One number: a float (``precision`` None) or an mpmath ``mpf``/``mpc``; text is parsed exactly."""
    if isinstance(value, str):
        value = exact_number(value)
    if isinstance(value, sp.Basic):
        if value.free_symbols:
            raise ProblemError(f"expected a number, got {value}")
        if precision is None:
            return float(value)
        from ..numeric import to_mpf_or_mpc
        return to_mpf_or_mpc(value)
    if precision is None:
        return float(value)
    import mpmath
    if isinstance(value, (mpmath.mpf, mpmath.mpc)):
        return mpmath.mpf(value)
    return mpmath.mpf(value) if isinstance(value, numbers.Real) else mpmath.mpf(str(value))


def batch_values(value, precision):
    """A scalar, or a 1-D array over the batch (object dtype for mpmath)."""
    if isinstance(value, (list, tuple, np.ndarray)):
        array = np.asarray(value, dtype=object if precision is not None or isinstance(value, (list, tuple))
                           else None)
        if array.ndim != 1:
            raise ProblemError(f"a batch of values must be one-dimensional, got shape {array.shape}")
        converted = [scalar(v, precision) for v in array]
        return np.array(converted, dtype=object if precision is not None else float)
    return scalar(value, precision)


def start_points(start, variables, problem, precision):
    """The start points ``(batch, n)`` from a point, a dict ``{name: value or array}``, text or an array."""
    n = len(variables)
    if isinstance(start, str):
        if problem is None:
            raise ProblemError("a start point given as text needs a symopt Problem")
        from ..parsing import parse_assignments
        start = parse_assignments(start, symbols=problem.symbol_table())
        start = {name: exact_number(sp.sstr(v, full_prec=False)) if isinstance(v, sp.Float) else v
                 for name, v in start.items()}
    if isinstance(start, dict):
        given = {(key if isinstance(key, str) else key.name): value for key, value in start.items()}
        names = [v.name for v in variables]
        missing = [m for m in names if m not in given]
        extra = [e for e in given if e not in names]
        if missing or extra:
            raise ProblemError(f"start point: give exactly the variables {', '.join(names)}"
                               + (f"; missing {', '.join(missing)}" if missing else "")
                               + (f"; unknown {', '.join(extra)}" if extra else ""))
        columns = [batch_values(given[m], precision) for m in names]
        size = max([len(c) for c in columns if isinstance(c, np.ndarray)] or [1])
        dtype = object if precision is not None else float
        points = np.empty((size, n), dtype=dtype)
        for i, column in enumerate(columns):
            points[:, i] = column
        return points
    if isinstance(start, sp.MatrixBase):
        start = list(start)
    if precision is None and isinstance(start, np.ndarray) and start.dtype.kind in "fiu":
        array = start.astype(float)  # a numeric batch: no per-element conversion
        if array.ndim == 1:
            array = array[None, :]
        if array.ndim == 2 and array.shape[1] == n:
            return array
    array = np.asarray(start, dtype=object)
    if array.ndim == 1:
        array = array[None, :]
    if array.ndim != 2 or array.shape[1] != n:
        got = array.shape[-1] if array.ndim >= 1 else 0
        raise ProblemError(f"start point has {got} coordinate(s) but the problem has {n} variable(s) "
                           f"({', '.join(v if isinstance(v, str) else v.name for v in variables)})")
    if precision is None:
        try:
            return np.array([[float(scalar(v, None)) for v in row] for row in array], dtype=float) \
                if array.dtype == object and array.size < 10_000 else array.astype(float)
        except (TypeError, ValueError) as exc:
            raise ProblemError(f"start point: {exc}") from None
    return np.array([[scalar(v, precision) for v in row] for row in array], dtype=object)


__all__ = ["batch_values", "exact_number", "scalar", "start_points"]
