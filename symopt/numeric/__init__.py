"""The numeric boundary: where sympy objects become numpy and mpmath computations.

Symbolic modules never import numpy; what they hand to numbers crosses here.

* :mod:`~symopt.numeric.lambdify` — the one ``lambdify`` site (numpy, mpmath and
  interval code from sympy expressions); it imports sympy only, so the names
  below load no numpy until a numpy function is built and called.
* :mod:`~symopt.numeric.samples` — parameter values for numeric runs (numpy inside the functions).
* :mod:`~symopt.numeric.sequence_runs` — a recurrence run in float64 (batched) and at mpmath precision.
* :mod:`~symopt.numeric.closed_form_values` — a closed form evaluated on the whole k-grid at once.
* :mod:`~symopt.numeric.accuracy` — how far a closed form is from its run (relative errors).
* :mod:`~symopt.numeric.compare_runs` — float64 against a 50-digit run when no closed form is known.
* :mod:`~symopt.numeric.trajectory` — what a numeric optimizer run returns.

Only this package's ``__init__`` and :mod:`~symopt.numeric.lambdify` are imported
by symbolic modules; the other modules import numpy at the top and are reached
from inside functions.
"""

from .lambdify import (MPMATH_ROOT_DIGITS, check_symbol_names, interval_function, mpmath_function, numeric_ready,
                       numpy_function, root_value, to_mpf_or_mpc)

__all__ = ["MPMATH_ROOT_DIGITS", "check_symbol_names", "interval_function", "mpmath_function", "numeric_ready",
           "numpy_function", "root_value", "to_mpf_or_mpc"]
