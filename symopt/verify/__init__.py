"""Three-way verification of a closed form against the iteration it claims to solve.

1. **Symbolic** (:mod:`~symopt.verify.substitution`): the closed form is
   substituted into its recurrence with the counter ``k`` symbolic (k → k+1 on
   the left, the update applied on the right) and the residual goes to the zero
   test of :mod:`symopt.zero`: proved (``True``), refuted by a 30-digit
   counterexample (``False``), or unproved but numerically zero (``None``).
2. **float64**: the update and the closed form are lambdified once (``cse=True``)
   and run batched over many parameter values at once; the largest normwise
   relative error ‖closed − run‖∞ / ‖run‖∞ over k = 0..steps is reported with its
   growth in k (rounding accumulates roughly linearly in k).
3. **mpmath**: the same iteration at 50 digits for a few parameter values.

Entries whose iterates fall below 1e-150 (their squares underflow, so even the
float64 iteration is wrong there) or are not finite carry no relative
information; they are excluded and counted, never hidden.

The runs sit behind the numeric boundary (:mod:`symopt.numeric`) and are
imported inside :func:`verify`, so importing this package loads no numpy.
"""

from ..errors import ProblemError
from ..numeric.samples import parameter_grid
from ..problem import k as COUNTER
from ..values import to_sympy
from .recurrence import DEFAULT_DPS, DEFAULT_STEPS, Recurrence, free_parameters
from .report import Verification
from .substitution import symbolic_check


def verify(recurrence, closed_form, start, counter=COUNTER, parameter_values=None, domain_map=None,
           steps=DEFAULT_STEPS, *, dps=DEFAULT_DPS, mpmath_columns=4, symbolic=True, seconds=5.0,
           complex_values=False, columns=60, zipped=False):
    """Verify a closed form three ways (symbolic, float64, mpmath); returns a :class:`Verification`.

    ``parameter_values`` gives values (scalars or arrays) for some parameters; the
    others are sampled inside their domains (``domain_map``) on a grid of about
    ``columns`` combinations (``zipped``: the given arrays are the columns themselves).

    Examples
    ========
    >>> import sympy as sp
    >>> from symopt.problem import k
    >>> from symopt.verify import Recurrence, verify
    >>> x, r = sp.Symbol('x'), sp.Symbol('r', positive=True)
    >>> v = verify(Recurrence([x], [-r*x]), [(-1)**k * r**k], [1], parameter_values={'r': [0.5, 0.9]})
    >>> v.symbolic, v.float64_max_rel_error < 1e-14, v.mpmath_max_rel_error < 1e-45
    (True, True, True)
    >>> verify(Recurrence([x], [-r*x]), [r**k], [1], parameter_values={'r': 0.5}).symbolic
    False
    """
    from ..numeric.closed_form_check import float64_accuracy, mpmath_errors
    from ..numeric.samples import grid_values
    closed_form = [to_sympy(c) for c in closed_form]
    start = [to_sympy(s) for s in start]
    if len(closed_form) != len(recurrence.state) or len(start) != len(recurrence.state):
        raise ProblemError(f"the closed form and the start need {len(recurrence.state)} entries each")
    parameters = free_parameters(recurrence, closed_form, start, counter)
    grid, total = parameter_grid(parameters, parameter_values, domain_map, columns, zipped)
    verdict, note, counterexample = (None, "not attempted", None)
    if symbolic:
        samples = {p: list(grid[p]) for p in parameters}
        verdict, note, counterexample = symbolic_check(recurrence, closed_form, start, counter, samples, seconds)
    floats = float64_accuracy(recurrence, closed_form, start, parameters, grid, steps, counter=counter,
                              complex_values=complex_values)
    if floats.out_of_range and symbolic:
        note = ("no float64 run: a number of the problem is beyond float64's range (about 1.8e308)" if note == ""
                else note + "; no float64 run: a number is beyond float64's range")
    mp_error, mp_columns = mpmath_errors(recurrence, closed_form, start, parameters, grid, steps, counter, dps,
                                         mpmath_columns)
    return Verification(symbolic=verdict, symbolic_note=note, float64_max_rel_error=floats.max_rel_error,
                        mpmath_max_rel_error=mp_error, steps=steps, float64_growth=floats.growth,
                        float64_excluded=floats.excluded, float64_columns=total, mpmath_columns=mp_columns, dps=dps,
                        parameter_values=grid_values(grid, parameters), counterexample=counterexample,
                        imaginary_part=floats.imaginary, float64_worst=floats.worst)


__all__ = ["DEFAULT_DPS", "DEFAULT_STEPS", "Recurrence", "Verification", "free_parameters", "symbolic_check", "verify"]
