"""Numeric runs for derivations without a closed form: float64 against a 50-digit run.

When no closed form is known the iteration is still run: batched in float64
and at 50 digits with mpmath, and the float64 run is reported with its largest
relative deviation from the 50-digit one (``float64_max_rel_error``;
``mpmath_max_rel_error`` stays ``None`` because there is nothing to compare the
50-digit run with). Exact line search also checks Kantorovich's bound along the
50-digit run.
"""

import mpmath
import numpy as np
import sympy as sp

from ..derivation import Table
from ..values import to_sympy
from ..verify.recurrence import DEFAULT_DPS, free_parameters
from ..verify.report import Verification
from .accuracy import relative_errors
from .lambdify import mpmath_function
from .samples import grid_values, parameter_grid
from .sequence_runs import run_float64, run_mpmath


def compare_runs(recurrence, start, problem, parameter_values=None, steps=200, dps=DEFAULT_DPS, kantorovich=None,
                 mpmath_columns=3):
    """Run ``recurrence`` from ``start`` in float64 (batched) and at ``dps`` digits; compare them.

    Returns ``(Verification, Table, notes)``.

    Examples
    ========
    >>> import sympy as sp
    >>> from symopt import Problem
    >>> from symopt.numeric.compare_runs import compare_runs
    >>> from symopt.verify import Recurrence
    >>> x = sp.Symbol('x', real=True)
    >>> v, table, notes = compare_runs(Recurrence([x], [x - x**3/4]), [1], Problem.from_expression(x**4/16, [x]),
    ...                                steps=50)
    >>> v.float64_max_rel_error < 1e-13, v.mpmath_max_rel_error is None
    (True, True)
    """
    start = [to_sympy(s) for s in start]
    parameters = free_parameters(recurrence, [], start)
    grid, total = parameter_grid(parameters, parameter_values, problem.domain_map, columns=30)
    run = run_float64(recurrence, start, parameters, grid, steps)
    picks = sorted(set(int(round(i)) for i in np.linspace(0, total - 1, min(mpmath_columns, total))))
    worst = 0.0
    notes = []
    ratios = []
    energy = _energy_function(problem, parameters) if kantorovich is not None else None
    for column in picks:
        values = [float(grid[p][column]) for p in parameters]
        history = run_mpmath(recurrence, start, parameters, values, steps, dps)
        reference = np.array([[float(v) for v in state] for state in history])
        errors = relative_errors(run[:, :, column][:, :, None], reference[:, :, None])
        if np.isfinite(errors).any():
            worst = max(worst, float(np.nanmax(errors)))
        if energy is not None:
            ratios.append(_worst_energy_ratio(energy, history, values, dps))
    table_rows = [("closed form", "", "none known: nothing to substitute"),
                  ("float64 run vs 50-digit mpmath run", f"k = 0..{steps}, {len(picks)} parameter values",
                   f"{worst:.2e}")]
    if kantorovich is not None and ratios and all(r is not None for r in ratios):
        bound_value = [float(sp.N((((kantorovich - 1) / (kantorovich + 1)) ** 2)
                                  .xreplace({p: grid[p][c] for p in parameters})))
                       for c in picks]
        holds = all(r <= b * (1 + 1e-30) + 1e-40 for r, b in zip(ratios, bound_value))
        table_rows.append(("Kantorovich bound on the 50-digit run", "max_k E_{k+1}/E_k vs ((κ−1)/(κ+1))²",
                           ", ".join(f"{r:.4g} <= {b:.4g}" for r, b in zip(ratios, bound_value))
                           + (" (holds)" if holds else " (VIOLATED)")))
        if not holds:
            notes.append("the Kantorovich bound is violated on the numeric run")
    verification = Verification(symbolic=None, symbolic_note="no closed form to substitute",
                                float64_max_rel_error=worst, mpmath_max_rel_error=None, steps=steps,
                                float64_columns=total, mpmath_columns=len(picks), dps=dps,
                                parameter_values=grid_values(grid, parameters))
    return verification, Table("Numeric run (no closed form)", ("check", "range", "result"), tuple(table_rows)), notes


def _energy_function(problem, parameters):
    H = problem.hessian
    if H.det() == 0:
        return None
    variables = problem.variables
    x_star = -H.LUsolve(problem.gradient.xreplace({v: 0 for v in variables}))
    gap = problem.expression - problem.expression.xreplace(dict(zip(variables, x_star)))
    return mpmath_function(list(variables) + list(parameters), sp.expand(gap))


def _worst_energy_ratio(energy, history, values, dps):
    with mpmath.workdps(dps):
        params = [mpmath.mpf(v) for v in values]
        gaps = [energy(*state, *params) for state in history]
        ratios = [gaps[i + 1] / gaps[i] for i in range(len(gaps) - 1)
                  if gaps[i] > mpmath.mpf(10) ** (-dps + 10)]
        return float(max(ratios)) if ratios else None


__all__ = ["compare_runs"]
