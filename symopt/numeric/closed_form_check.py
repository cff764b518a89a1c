"""The numeric verdicts of a verification: a closed form against its float64 and its mpmath runs.

float64: the iteration runs batched over every parameter column and the closed
form is evaluated on the same grid; the largest normwise relative error over
k = 0..steps is reported with where it occurred and how it grew with k
(rounding accumulates roughly linearly in k). mpmath: the same iteration at
``dps`` digits for a few columns, against the closed form at the same precision.
"""

from dataclasses import dataclass

import mpmath
import numpy as np

from ..problem import k as COUNTER
from ..values import to_sympy
from ..verify.recurrence import DEFAULT_DPS
from .accuracy import growth, relative_errors
from .closed_form_values import eval_closed_form
from .lambdify import as_list, mpmath_function
from .sequence_runs import run_float64, run_mpmath


@dataclass(frozen=True)
class Float64Accuracy:
    """The closed form against the float64 run: largest relative error (None: no entry carries relative
    information), where it occurred (``{"k": …, parameter: value}``), its growth in k, the number of
    excluded entries, the largest relative imaginary part, and whether a number of the problem had no
    float64 value (``out_of_range``; then nothing was run)."""

    max_rel_error: object
    worst: object
    growth: tuple
    excluded: int
    imaginary: float
    out_of_range: bool


def float64_accuracy(recurrence, closed_form, start, parameters, grid, steps, *, counter=COUNTER,
                     complex_values=False):
    """Run the recurrence in float64 on ``grid`` and compare the closed form with it: a :class:`Float64Accuracy`."""
    total = len(next(iter(grid.values()))) if grid else 1
    out_of_range = False
    try:
        run = run_float64(recurrence, start, parameters, grid, steps)
        closed, imaginary = eval_closed_form(closed_form, parameters, grid, steps, counter, complex_values)
    except (OverflowError, TypeError):
        # a number of the problem (--lr 1e308 made exact: 10**308, or 10**3999) has no float64 value; numpy
        # keeps an integer beyond float64 as a Python object, and sqrt/exp of it are a TypeError
        out_of_range = True
        run = closed = np.full((steps + 1, len(closed_form), max(total, 1)), np.nan)
        imaginary = 0.0
    errors = relative_errors(closed, run)
    excluded = int(np.isnan(errors).sum())
    float_error = float(np.nanmax(errors)) if np.isfinite(errors).any() else None
    worst = None
    if float_error is not None:
        at_k, column = np.unravel_index(np.nanargmax(errors), errors.shape)
        worst = {"k": int(at_k), **{p.name: float(grid[p][column]) for p in parameters}}
    grown = growth(np.nanmax(np.where(np.isnan(errors), -np.inf, errors), axis=1), steps) \
        if float_error is not None else ()
    return Float64Accuracy(float_error, worst, grown, excluded, imaginary, out_of_range)


def mpmath_errors(recurrence, closed_form, start, parameters, grid, steps, counter=COUNTER, dps=DEFAULT_DPS,
                  columns=4):
    """Largest normwise relative error of the closed form against ``run_mpmath`` on a few columns."""
    total = len(next(iter(grid.values()))) if grid else 1
    picks = sorted(set(int(round(i)) for i in np.linspace(0, total - 1, min(columns, total))))
    closed_function = mpmath_function([counter] + list(parameters), [to_sympy(c) for c in closed_form])
    worst = mpmath.mpf(0)
    for column in picks:
        column_values = [float(grid[p][column]) for p in parameters]
        history = run_mpmath(recurrence, start, parameters, column_values, steps, dps)
        with mpmath.workdps(dps):
            values = [mpmath.mpf(v) for v in column_values]
            norms = [mpmath.sqrt(sum(abs(s) ** 2 for s in state)) for state in history]
            floor = min(norms[-1], max(norms[0], norms[1])) if len(norms) > 1 else mpmath.mpf(0)
            floor = floor if mpmath.isfinite(floor) else mpmath.mpf(0)
            running = mpmath.mpf(0)
            for index, state in enumerate(history):
                if mpmath.isfinite(norms[index]):
                    running = max(running, norms[index])
                try:
                    # k as an mpf: a Python int power such as 3**(-k) would be a float
                    closed = [mpmath.mpmathify(v) for v in as_list(closed_function(mpmath.mpf(index), *values))]
                except (ZeroDivisionError, ValueError, OverflowError):
                    continue  # a removable singularity of the closed form at these values (0/0)
                closed = [c.real if isinstance(c, mpmath.mpc) else c for c in closed]
                difference = mpmath.sqrt(sum(abs(c - s) ** 2 for c, s in zip(closed, state)))
                scale = max(mpmath.sqrt(sum(abs(s) ** 2 for s in state)),
                            mpmath.sqrt(sum(abs(c) ** 2 for c in closed)), floor, running)
                if scale == 0:
                    continue
                if not mpmath.isfinite(scale):
                    continue
                worst = max(worst, difference / scale)
    return float(worst), len(picks)


__all__ = ["Float64Accuracy", "float64_accuracy", "mpmath_errors"]
