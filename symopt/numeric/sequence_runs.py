"""A recurrence run numerically: in float64 batched over parameter columns, and at mpmath precision.

The update x_{k+1} = F(x_k) of a :class:`~symopt.verify.Recurrence` is lambdified
once (``cse=True``); the float64 run takes every parameter column at once (numpy
broadcasting), the mpmath run one column at ``dps`` digits. Where the recurrence's
guard is exactly 0 the iterate is a fixed point and stays.
"""

import mpmath
import numpy as np

from ..values import to_sympy
from ..verify.recurrence import DEFAULT_DPS
from .lambdify import as_list, mpmath_function, numpy_function


def run_float64(recurrence, start, parameters, grid, steps):
    """The iteration in float64, batched over parameter columns: array (steps + 1, state, columns)."""
    columns = len(next(iter(grid.values()))) if grid else 1
    args = list(recurrence.state) + list(parameters) + ([recurrence.step_index] if recurrence.step_index else [])
    update = numpy_function(args, list(recurrence.update))
    start_function = numpy_function(list(parameters), [to_sympy(s) for s in start])
    guard = numpy_function(list(recurrence.state) + list(parameters), recurrence.guard) \
        if recurrence.guard is not None else None
    values = [grid[p] for p in parameters]
    state = [np.broadcast_to(np.asarray(v, dtype=float), (columns,)).copy() for v in start_function(*values)]
    trajectory = np.empty((steps + 1, len(state), columns))
    trajectory[0] = state
    with np.errstate(all="ignore"):
        for index in range(1, steps + 1):
            extra = [float(index)] if recurrence.step_index else []
            new = [np.broadcast_to(np.asarray(v, dtype=float), (columns,)) for v in update(*state, *values, *extra)]
            if guard is not None:
                fixed = np.broadcast_to(np.asarray(guard(*state, *values), dtype=float), (columns,)) == 0
                new = [np.where(fixed, old, n) for old, n in zip(state, new)]
            state = new
            trajectory[index] = state
    return trajectory


def run_mpmath(recurrence, start, parameters, column_values, steps, dps=DEFAULT_DPS):
    """One iteration at ``dps`` digits for one parameter column; returns the list of states (mpf)."""
    args = list(recurrence.state) + list(parameters) + ([recurrence.step_index] if recurrence.step_index else [])
    update = mpmath_function(args, list(recurrence.update))
    start_function = mpmath_function(list(parameters), [to_sympy(s) for s in start])
    guard = mpmath_function(list(recurrence.state) + list(parameters), recurrence.guard) \
        if recurrence.guard is not None else None
    with mpmath.workdps(dps):
        values = [mpmath.mpf(v) for v in column_values]
        state = [mpmath.mpmathify(v) for v in as_list(start_function(*values))]
        history = [state]
        for index in range(1, steps + 1):
            if guard is not None and guard(*state, *values) == 0:
                history.append(state)
                continue
            extra = [index] if recurrence.step_index else []
            state = [mpmath.mpmathify(v) for v in as_list(update(*state, *values, *extra))]
            history.append(state)
    return history


__all__ = ["run_float64", "run_mpmath"]
