"""One check in progress: the reference, the options in force, the deadline, and values that carry their error.

Every piece of the decision (sampling, sets, equations, proof, wording) reads
this object; it is the only state of a check, and none survives it.
"""

import mpmath
import sympy as sp

from .evaluate import MAX_WORK_DIGITS, Undefined, Unsupported, reliable_value
from .options import EXACT_TOLERANCE, SAMPLE_DIGITS


def close(a, b, tolerance, absolute):
    """``|a - b| <= tolerance * max(|a|, |b|) + absolute`` (relative tolerance with an absolute floor).

    >>> import mpmath
    >>> close(mpmath.mpf(1) / 3, mpmath.mpf('0.333333'), 1e-6, 1e-12)
    True
    >>> close(mpmath.mpf(1), mpmath.mpf('1.001'), 1e-9, 1e-12)
    False
    """
    return abs(a - b) <= tolerance * max(abs(a), abs(b)) + absolute


class Check:
    """The options and deadline of one check; no state survives the check."""

    def __init__(self, ref, tolerance, floor, mode, deadline, seed):
        self.ref = ref
        self.tolerance = self.user_tolerance = tolerance
        self.floor = self.user_floor = floor
        self.decimals = True
        self._differences = {}
        self.mode = mode
        self.deadline = deadline
        self.seed = seed
        self.removable = False

    def choose_tolerance(self, parsed):
        """Exact numbers are compared exactly; the tolerance applies only when a decimal literal is present."""
        self.decimals = _has_decimal(self.ref.value) or _has_decimal(parsed[1])
        if self.decimals:
            self.tolerance, self.floor = self.user_tolerance, self.user_floor
        else:
            self.tolerance, self.floor = EXACT_TOLERANCE, 0.0

    def values(self, expr, point, complex_ok, digits=SAMPLE_DIGITS):
        """Value at a point (carrying its ``error``), or the class Undefined/Unsupported when there is none.

        The precision starts at ``digits`` and is raised until the value can be trusted, so cancellation
        is never mistaken for a difference; a point needing more than the working limit is Unsupported.
        """
        try:
            value, error = reliable_value(expr, point, complex_ok, self.deadline, digits=max(digits, 50))
        except Undefined:
            return Undefined
        except Unsupported:
            return Unsupported
        return _with_error(value, error)

    def difference(self, r, a):
        key = (r, a)
        if key not in self._differences:
            try:
                self._differences[key] = sp.Add(r, -a)
            except (TypeError, ValueError, RecursionError):
                self._differences[key] = None
        return self._differences[key]

    def difference_is_nonzero(self, r, a, point, complex_ok, digits=SAMPLE_DIGITS):
        """True when ``r - a`` (built by sympy, so identical terms cancel) is reliably nonzero at the point.

        Two values of size 10**217 that differ by 1 agree within their own error bounds; their
        difference, formed before evaluation, does not: ``exp(x/2) + relu(x - c)`` minus
        ``exp(x/2)`` is ``relu(x - c)``, whatever the size of ``exp(x/2)``.
        """
        difference = self.difference(r, a)
        if difference is None:
            return False
        value = self.values(difference, point, complex_ok, digits)
        if value in (Undefined, Unsupported):
            return False
        return abs(value) > 2 * value.error

    def equal(self, a, b):
        """Equal within the tolerance in force, allowing for the evaluation error of each value."""
        slack = getattr(a, "error", 0) + getattr(b, "error", 0)
        if not self.decimals:   # exact inputs: equal only within the bounds on the evaluation errors
            return abs(a - b) <= 2 * slack
        return abs(a - b) <= self.tolerance * max(abs(a), abs(b)) + self.floor + 2 * slack


class _RealWithError(mpmath.mpf):
    """A real value that remembers the bound on its evaluation error (arithmetic drops it)."""


class _ComplexWithError(mpmath.mpc):
    """A complex value that remembers the bound on its evaluation error."""


def _with_error(value, error):
    with mpmath.workdps(MAX_WORK_DIGITS + 10):   # the constructor rounds to the context's precision
        tagged = _ComplexWithError(value) if isinstance(value, mpmath.mpc) else _RealWithError(value)
    tagged.error = error
    return tagged


def _has_decimal(value):
    if isinstance(value, (tuple, list)):
        return any(_has_decimal(v) for v in value)
    if isinstance(value, dict):
        return any(_has_decimal(v) for v in value.values())
    if isinstance(value, (sp.Basic, sp.MatrixBase)):
        return value.has(sp.Float)
    return isinstance(value, float)
